from core.sites import site_name_for_request


def site_name(request):
    """`{{ site_name }}` in every template: the current Wagtail site's name."""
    return {"site_name": site_name_for_request(request)}
