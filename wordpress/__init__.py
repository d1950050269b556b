"""Import a WordPress export (WXR) into the site: posts, pages, images, tags, authors, redirects."""
