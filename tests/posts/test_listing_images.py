"""Listings, feeds and social cards show the feed image, or else the body's first image."""

import re

import pytest

from tests.factories import make_image, make_post

pytestmark = pytest.mark.django_db


def card(html, title):
    [found] = [c for c in re.findall(r"<article.*?</article>", html, re.S) if title in c]
    return found


def body_with(image):
    return [
        {"type": "paragraph", "value": "<p>Opening words.</p>"},
        {"type": "image", "value": {"image": image.pk, "caption": "", "alt_text": "A court"}},
    ]


def test_the_body_image_stands_in_for_a_missing_feed_image(client, blog):
    picture = make_image("Courtroom")
    post = make_post(blog, "Pictured in the body", body=body_with(picture))
    assert post.listing_image == picture
    listing = client.get(blog.url).content.decode()
    assert "Courtroom" in card(listing, "Pictured in the body")
    page = client.get(post.url).content.decode()
    [og_image] = re.findall(r'<meta property="og:image" content="([^"]+)"', page)
    assert "Courtroom" in og_image
    feed = client.get(f"{blog.url}feed/").content.decode()
    assert re.search(r"<enclosure [^>]*Courtroom", feed)


def test_the_feed_image_wins_and_no_image_means_no_picture(client, blog):
    body_picture, chosen = make_image("Body picture"), make_image("Chosen picture")
    post = make_post(blog, "Chosen image", body=body_with(body_picture), feed_image=chosen)
    assert post.listing_image == chosen
    plain = make_post(blog, "No picture at all")
    assert plain.listing_image is None
    listing = client.get(blog.url).content.decode()
    assert "Chosen-picture" in card(listing, "Chosen image")
    assert "Body-picture" not in card(listing, "Chosen image")
    assert 'class="post-card__image"' not in card(listing, "No picture at all")
