"""The newsletter's endpoints: plain Django views, included before Wagtail's catch-all.

They keep the addresses that emails already sent point to (DESIGN.md): confirm and
unsubscribe links live under /subscribe/, beside the SubscribePage that shows the form, and
the form posts to /subscribe/signup/. The paths are fixed, not derived from the page's slug,
so a link in an old email works whatever editors later call the page.
"""

from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # `str` takes the signer's ":" as well as the "_" of tokens sent before (see tokens.py).
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
]
