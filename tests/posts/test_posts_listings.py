"""Listings, archives, author pages, related posts and previous/next links: robust against
bad input (Must show 2, 3) and never showing what readers may not see (Must show 4)."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from posts import archive
from posts.models import PostPage, PostPageRelatedPost
from tests.factories import bulk_posts, make_author, make_due, make_post, make_tag
from tests.support import archive_cached, titles

BAD_PAGES = ["0", "-1", "abc", "1.5", "", "1e3", "%00", "x" * 10_000, "ā", "²", "0" * 10_000]


@pytest.fixture
def posts_12(blog):
    blog.posts_per_page = 5
    blog.save_revision().publish()
    author = make_author("Ada Barrister")
    bulk_posts(blog, 12, authors=[author])
    return author


# --- Must show 2: ?page= never gives a 500 ------------------------------------------


@pytest.mark.parametrize("value", BAD_PAGES)
@pytest.mark.parametrize("route", ["", "author/ada-barrister/", "{year}/", "{year}/{month:02d}/"])
def test_malformed_page_values_show_the_first_page(client, posts_12, value, route):
    newest = PostPage.objects.visible().order_by("-date").first()
    path = "/blog/" + route.format(year=newest.date.year, month=newest.date.month)
    first = client.get(path)
    response = client.get(path, {"page": value})
    assert response.status_code == 200
    assert titles(response) == titles(first)
    assert response.context["posts"].number == 1


@pytest.mark.parametrize("value", ["4", "99999", "999999", "1000000", "9" * 10_000])
def test_page_numbers_past_the_end_are_not_found(client, posts_12, value):
    assert client.get("/blog/", {"page": value}).status_code == 404


def test_pages_run_in_order_and_link_to_each_other(client, posts_12):
    pages = [client.get("/blog/", {"page": n}) for n in (1, 2, 3)]
    assert [len(titles(p)) for p in pages] == [5, 5, 2]
    seen = [t for p in pages for t in titles(p)]
    assert len(set(seen)) == 12
    html = pages[1].content.decode()
    assert 'rel="prev" href="/blog/"' in html  # page 1 has no ?page=1 duplicate
    assert 'rel="next" href="?page=3"' in html


def test_listing_is_newest_first_by_publication_date(client, blog):
    make_post(blog, "Old but edited", days_ago=30)
    make_post(blog, "Recent", days_ago=1)
    make_post(blog, "Back-dated import", date=timezone.now() - datetime.timedelta(days=3000))
    assert titles(client.get("/blog/")) == ["Recent", "Old but edited", "Back-dated import"]


# --- Must show 3: archives and authors ----------------------------------------------


@pytest.fixture
def dated(blog):
    tz = timezone.get_current_timezone()
    make_post(blog, "March 2021", date=datetime.datetime(2021, 3, 15, 12, tzinfo=tz))
    make_post(blog, "March 2021 again", date=datetime.datetime(2021, 3, 2, 9, tzinfo=tz))
    make_post(blog, "July 2022", date=datetime.datetime(2022, 7, 1, 0, 30, tzinfo=tz))
    return blog


def test_year_and_month_archives_list_their_posts(client, dated):
    year = client.get("/blog/2021/")
    assert year.status_code == 200
    assert titles(year) == ["March 2021", "March 2021 again"]
    assert "Posts from 2021" in year.content.decode()
    month = client.get("/blog/2022/07/")
    assert month.status_code == 200
    # 00:30 London time on 1 July is 30 June in UTC: months follow the site's time zone.
    assert titles(month) == ["July 2022"]
    assert "Posts from July 2022" in month.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/blog/2020/",  # no posts that year
        "/blog/2021/04/",  # no posts that month
        "/blog/2021/13/",
        "/blog/2021/00/",
        "/blog/0000/",
        "/blog/0000/01/",
        "/blog/9999/12/",
        "/blog/2021/3/",
        "/blog/20211/",
        "/blog/abcd/",
        "/blog/2021/03/extra/",
    ],
)
def test_empty_or_invalid_dates_are_not_found(client, dated, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("time_zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
@pytest.mark.parametrize("path", ["/blog/9999/", "/blog/9999/12/", "/blog/0001/", "/blog/0001/01/"])
def test_archives_at_the_ends_of_the_calendar_are_not_found_in_any_time_zone(
    client, dated, settings, time_zone, path
):
    settings.TIME_ZONE = time_zone
    assert client.get(path).status_code == 404
    assert client.get("/blog/2021/").status_code == 200  # positive control


def test_author_page_lists_their_posts_with_profile(client, blog):
    ada = make_author("Ada Barrister")
    ada.bio = "Practises in public law."
    ada.save()
    other = make_author("Ben Other")
    make_post(blog, "By Ada", authors=[ada], days_ago=1)
    make_post(blog, "By both", authors=[other, ada], days_ago=2)
    make_post(blog, "By Ben", authors=[other])
    response = client.get("/blog/author/ada-barrister/")
    assert response.status_code == 200
    assert titles(response) == ["By Ada", "By both"]
    html = response.content.decode()
    assert "<h1>Ada Barrister</h1>" in html and "Practises in public law." in html


def test_author_pages_are_paginated(client, blog):
    ada = make_author("Ada Barrister")
    blog.posts_per_page = 2
    blog.save_revision().publish()
    bulk_posts(blog, 5, authors=[ada])
    assert len(titles(client.get("/blog/author/ada-barrister/", {"page": 3}))) == 1
    assert client.get("/blog/author/ada-barrister/", {"page": 4}).status_code == 404


@pytest.mark.parametrize(
    "path", ["/blog/author/nobody/", "/blog/author/" + "x" * 5000 + "/", "/blog/author/"]
)
def test_unknown_authors_are_not_found(client, blog, path):
    make_author("Ada Barrister")
    assert client.get(path).status_code == 404


# --- Bylines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], None),
        (["Ann"], "by Ann"),
        (["Ann", "Bob"], "by Ann and Bob"),
        (["Ann", "Bob", "Cat"], "by Ann, Bob and Cat"),
    ],
)
def test_bylines_read_naturally(client, blog, names, expected):
    authors = [make_author(name) for name in names]
    post = make_post(blog, "Byline post", authors=authors)
    for url in (post.url, "/blog/"):
        html = client.get(url).content.decode()
        byline = re.search(r'<p class="byline">(.*?)</p>', html, re.S).group(1)
        text = re.sub(r"<[^>]+>", "", byline)
        if expected:
            assert expected in text
        else:
            assert " by " not in text and not text.rstrip().endswith("by")


def test_byline_keeps_the_editors_author_order(client, blog):
    zed, amy = make_author("Zed Last"), make_author("Amy First")
    post = make_post(blog, "Ordered", authors=[zed, amy])
    html = client.get(post.url).content.decode()
    assert "by Zed Last and Amy First" in re.sub(r"<[^>]+>", "", html)


def test_listing_card_shows_title_date_byline_intro_tags_and_thumbnail(client, blog):
    from tests.factories import make_image

    tag = make_tag("Article 8")
    ada = make_author("Ada Barrister")
    image = make_image("Card", width=800, height=450)
    make_post(blog, "Card post", intro="The intro.", tags=[tag], authors=[ada], feed_image=image)
    make_post(blog, "No intro", body=[{"type": "paragraph", "value": "<p>Body words here.</p>"}])
    html = client.get("/blog/").content.decode()
    assert '<a href="/blog/card-post/">Card post</a>' in html
    assert "The intro." in html and "Body words here." in html
    assert 'href="/blog/tag/article-8/"' in html
    assert 'href="/blog/author/ada-barrister/"' in html
    assert 'type="image/avif"' in html and 'width="400"' in html and 'height="225"' in html


# --- Archive navigation -------------------------------------------------------------


def test_archive_navigation_counts_years_and_months(client, dated):
    html = client.get("/blog/").content.decode()
    assert '<a href="/blog/2022/">2022</a> <span class="archive-nav__count">(1)</span>' in html
    assert '<a href="/blog/2021/">2021</a> <span class="archive-nav__count">(2)</span>' in html
    # Months are listed for the newest year, or for the year being viewed.
    assert '<a href="/blog/2022/07/">July</a> <span class="archive-nav__count">(1)</span>' in html
    assert "/blog/2021/03/" not in html
    year = client.get("/blog/2021/").content.decode()
    assert '<a href="/blog/2021/" aria-current="page">2021</a>' in year
    assert '<a href="/blog/2021/03/">March</a> <span class="archive-nav__count">(2)</span>' in year
    current = client.get("/blog/2021/03/").content.decode()
    assert '<a href="/blog/2021/03/" aria-current="page">March</a>' in current


def test_archive_navigation_is_cached_and_refreshed_on_publish_and_unpublish(
    client, dated, committed
):
    client.get("/about/")
    assert archive_cached()
    tz = timezone.get_current_timezone()
    post = make_post(blog=dated, title="New 2020", date=datetime.datetime(2020, 5, 1, tzinfo=tz))
    with committed():
        post.save_revision().publish()
    assert not archive_cached()
    assert '<a href="/blog/2020/">2020</a>' in client.get("/about/").content.decode()
    with committed():
        post.unpublish()
    assert not archive_cached()
    about = client.get("/about/").content.decode()
    assert '<a href="/blog/2020/">2020</a>' not in about
    assert '<a href="/blog/2022/">2022</a>' in about


def test_a_scheduled_post_is_counted_in_the_archive_once_published_on_its_date(
    client, blog, committed
):
    """No timer: publish_scheduled putting the post live is what refreshes the counts."""
    post = make_post(blog, "Soon", date=timezone.now() + datetime.timedelta(seconds=90))
    assert archive.count_posts(blog) == []
    client.get("/about/")
    make_due(post)
    assert "archive-nav__years" not in client.get("/about/").content.decode()
    with committed():
        call_command("publish_scheduled", stdout=io.StringIO())
    assert [year["count"] for year in archive.count_posts(blog)] == [1]
    assert "archive-nav__years" in client.get("/about/").content.decode()


# --- Must show 4: hidden posts appear nowhere ---------------------------------------


@pytest.fixture
def hidden_world(blog):
    """One visible post per place, and a draft, a private and a future post sharing its
    author, tags and month, so every list they could leak into is exercised."""
    tag = make_tag("Article 8")
    ada = make_author("Ada Barrister")
    tz = timezone.get_current_timezone()
    base = timezone.now() - datetime.timedelta(days=2)
    visible = make_post(blog, "Visible post", date=base, tags=[tag], authors=[ada])
    neighbour = make_post(
        blog, "Neighbour", date=base - datetime.timedelta(hours=1), tags=[tag], authors=[ada]
    )
    hidden = [
        make_post(
            blog,
            "Secret draft",
            date=base - datetime.timedelta(minutes=10),
            tags=[tag],
            authors=[ada],
            live=False,
        ),
        make_post(
            blog,
            "Secret private",
            date=base + datetime.timedelta(minutes=10),
            tags=[tag],
            authors=[ada],
            private=True,
        ),
        make_post(
            blog,
            "Secret future",
            date=timezone.now() + datetime.timedelta(days=400),
            tags=[tag],
            authors=[ada],
        ),
    ]
    # Editors chose every hidden post as "Read more" for the neighbour.
    for order, post in enumerate(hidden):
        PostPageRelatedPost.objects.create(page=neighbour, post=post, sort_order=order)
    local = timezone.localtime(base, tz)
    return {"visible": visible, "neighbour": neighbour, "hidden": hidden, "date": local}


def test_hidden_posts_appear_nowhere_for_anonymous_readers(client, hidden_world):
    date = hidden_world["date"]
    future = timezone.localtime(hidden_world["hidden"][2].date)
    # Each place, and what it must show of the visible posts (so an empty page cannot pass).
    urls = {
        "/": "Visible post",
        "/blog/": "Visible post",
        f"/blog/{date.year}/": "Visible post",
        f"/blog/{date.year}/{date.month:02d}/": "Visible post",
        "/blog/author/ada-barrister/": "Visible post",
        hidden_world["visible"].url: "Neighbour",  # previous post
        hidden_world["neighbour"].url: "Visible post",  # next and related post
        "/about/": 'href="/blog/tag/article-8/"',  # the tag cloud counts the visible posts
    }
    for url, shown in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Secret" not in html, url
        assert shown in html, url
    # The future post's own month has nothing visible: not found rather than empty.
    assert client.get(f"/blog/{future.year}/{future.month:02d}/").status_code == 404
    # Nor can a reader open them directly: drafts and future posts are not found, and a
    # private post asks for its password instead of showing its body.
    for post in hidden_world["hidden"]:
        response = client.get(f"/blog/{post.slug}/")
        assert f"Body of {post.title}" not in response.content.decode(), post.title
        assert response.status_code in (200, 404), post.title
    assert client.get(f"/blog/{hidden_world['hidden'][2].slug}/").status_code == 404
    visible = client.get(hidden_world["visible"].url).content.decode()
    assert "Body of Visible post" in visible


def test_previous_and_next_skip_hidden_posts(client, hidden_world):
    visible_ctx = client.get(hidden_world["visible"].url).context
    assert visible_ctx["previous_post"].title == "Neighbour"
    assert visible_ctx["next_post"] is None
    neighbour_ctx = client.get(hidden_world["neighbour"].url).context
    assert neighbour_ctx["next_post"].title == "Visible post"


def test_related_posts_fall_back_to_shared_tags_when_choices_are_hidden(client, hidden_world):
    context = client.get(hidden_world["neighbour"].url).context
    assert [post.title for post in context["related_posts"]] == ["Visible post"]


def test_related_posts_prefer_editor_choices_in_their_order(client, blog):
    tag = make_tag("Article 8")
    post = make_post(blog, "Main", tags=[tag])
    picks = [make_post(blog, f"Pick {n}", days_ago=n + 2) for n in range(3)]
    make_post(blog, "Same tag", tags=[tag])
    for order, pick in enumerate(reversed(picks)):
        PostPageRelatedPost.objects.create(page=post, post=pick, sort_order=order)
    html = client.get(post.url).content.decode()
    context = client.get(post.url).context
    assert [p.title for p in context["related_posts"]] == ["Pick 2", "Pick 1", "Pick 0"]
    assert "Read more" in html


def test_fallback_related_posts_rank_by_shared_tags_then_date(client, blog):
    a, b, c = make_tag("A"), make_tag("B"), make_tag("C")
    post = make_post(blog, "Main", tags=[a, b, c])
    make_post(blog, "One tag new", tags=[a], days_ago=1)
    make_post(blog, "Three tags old", tags=[a, b, c], days_ago=50)
    make_post(blog, "Two tags", tags=[a, b], days_ago=20)
    make_post(blog, "No tags", days_ago=1)
    for n in range(3):
        make_post(blog, f"One tag older {n}", tags=[c], days_ago=30 + n)
    related = client.get(post.url).context["related_posts"]
    assert [p.title for p in related] == [
        "Three tags old",
        "Two tags",
        "One tag new",
        "One tag older 0",
    ]


def test_only_the_first_card_image_loads_eagerly(client, blog):
    """The first card's picture is likely the largest thing on screen (Lighthouse's LCP);
    loading it lazily would delay it, while the rest wait until they are scrolled to."""
    from tests.factories import make_image

    for n in range(3):
        make_post(blog, f"Card {n}", days_ago=n + 1, feed_image=make_image(f"Card {n}"))
    html = client.get("/blog/").content.decode()
    cards = re.findall(r'<div class="post-card__image">(.*?)</div>', html, re.S)
    loading = [re.search(r'<img[^>]* loading="(\w+)"', card).group(1) for card in cards]
    assert loading == ["eager", "lazy", "lazy"]
