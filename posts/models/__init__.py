from .authors import Author
from .pages import BlogIndexPage, PostPage, PostPageAuthor

__all__ = ["Author", "BlogIndexPage", "PostPage", "PostPageAuthor"]
