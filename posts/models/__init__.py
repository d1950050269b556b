from .authors import Author
from .blog import BlogIndexPage
from .post import PostPage, PostPageAuthor, PostPageRelatedPost

__all__ = ["Author", "BlogIndexPage", "PostPage", "PostPageAuthor", "PostPageRelatedPost"]
