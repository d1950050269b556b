"""The comments' endpoints: plain Django views, included before Wagtail's catch-all."""

from django.urls import path

from comments import views
from comments.feeds import PostCommentsFeed

app_name = "comments"

urlpatterns = [
    path("<int:post_id>/post/", views.post_comment, name="post"),
    path("<int:post_id>/feed/", PostCommentsFeed(), name="feed"),
    path("replies/confirm/<str:token>/", views.confirm_replies, name="confirm"),
    path("replies/stop/<str:token>/", views.unsubscribe_replies, name="unsubscribe"),
]
