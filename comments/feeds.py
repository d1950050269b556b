"""A post's comments as RSS (django.contrib.syndication), linked from the post's comment
section: its approved comments, newest first. Held and spam comments, and comments on posts
readers cannot see, are never in it."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from comments import text as comment_text
from comments.moderation import shown_comments, visible_post

ITEMS = 50


class PostCommentsFeed(Feed):
    """One instance serves every request (in several threads at once), so what belongs to a
    request is kept on the post and its comments, never on `self`."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, post_id):
        post = visible_post(post_id)
        post.absolute_url = post.get_full_url(request) or request.build_absolute_uri(post.url)
        return post

    def title(self, post):
        return f"Comments on “{post.title}”"

    def link(self, post):
        return post.absolute_url

    def description(self, post):
        return f"Readers' comments on “{post.title}”, newest first."

    def items(self, post):
        comments = list(
            shown_comments()
            .filter(post=post)
            .select_related("parent")
            .order_by("-created_at")[:ITEMS]
        )
        for comment in comments:
            comment.absolute_url = f"{post.absolute_url}#comment-{comment.pk}"
        return comments

    def item_title(self, comment):
        if comment.parent_id:
            return f"{comment.name}, replying to {comment.parent.name}"
        return comment.name

    def item_description(self, comment):
        return comment_text.render(comment.text)

    def item_link(self, comment):
        return comment.absolute_url

    def item_guid(self, comment):
        return comment.absolute_url

    item_guid_is_permalink = True

    def item_pubdate(self, comment):
        return comment.created_at

    def item_author_name(self, comment):
        return comment.name
