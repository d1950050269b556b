from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from core import invalidation
        from posts import archive, renditions, roles, search, sitemaps, tag_cloud, tag_merges
        from posts.models import Author, BlogIndexPage
        from taxonomy.models import Tag
        from taxonomy.signals import tags_merged

        invalidation.watch(Author, invalidation.AUTHOR)
        invalidation.watch(Tag, invalidation.TAG)
        invalidation.register_cache_keys(archive.cache_keys, events=archive.CACHE_EVENTS)
        invalidation.register_cache_keys(tag_cloud.cache_keys, events=tag_cloud.CACHE_EVENTS)
        post_save.connect(roles.on_blog_created, sender=BlogIndexPage, dispatch_uid="blog-roles")
        invalidation.register(renditions.make_for_change, events=renditions.EVENTS)
        invalidation.register_cache_keys(sitemaps.cache_keys, events=sitemaps.CACHE_EVENTS)
        tags_merged.connect(tag_merges.retag_posts, dispatch_uid="posts-retag-merged")
        # Search indexes posts and pages itself (pausable for bulk imports), re-indexes a post
        # once its authors and tags are saved, and a name's posts when it is renamed.
        search.connect_index_receivers()
        search.connect_rename_receivers()
