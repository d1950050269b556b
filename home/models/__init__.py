from .menus import Menu, MenuItem, MenuLink
from .pages import HomePage, HomePageFeaturedPost, StandardPage
from .site_settings import EditorialTeamMember, SiteSettings

__all__ = [
    "EditorialTeamMember",
    "HomePage",
    "HomePageFeaturedPost",
    "Menu",
    "MenuItem",
    "MenuLink",
    "SiteSettings",
    "StandardPage",
]
