from .authors import Author
from .pages import BlogIndexPage, PostPage, PostPageAuthor, PostPageRelatedPost

__all__ = ["Author", "BlogIndexPage", "PostPage", "PostPageAuthor", "PostPageRelatedPost"]
