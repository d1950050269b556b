"""Must show 6: a post's own email. Its first publish (by hand or at its scheduled time) sends
one email to each reader who asked for each new post and none to weekly readers; a later
digest does not repeat it; a re-publish, a "don't email" post, a draft or a private post sends
nothing; the preferences link in every email changes the choice."""

import datetime
import io
import re

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsletter import tasks
from newsletter.models import PostMailing, SentPost, Subscriber
from newsletter.tokens import preferences_token, unsubscribe_token
from tests.factories import make_due, make_post, make_subscribers

pytestmark = pytest.mark.django_db


def per_post(count, prefix="each"):
    readers = make_subscribers(count, prefix=prefix)
    Subscriber.objects.filter(pk__in=[r.pk for r in readers]).update(
        frequency=Subscriber.Frequency.POST
    )
    for reader in readers:
        reader.frequency = Subscriber.Frequency.POST
    return readers


def publish(post, committed):
    """An editor's publish of the post's latest draft, committed (the email is enqueued then)."""
    post = post.get_latest_revision_as_object()
    with committed():
        post.save_revision().publish()
    post.refresh_from_db()
    return post


def run_digest():
    call_command("send_digest", stdout=io.StringIO(), stderr=io.StringIO())


def test_first_publish_emails_each_per_post_reader_once_and_no_weekly_reader(
    blog, committed, mailoutbox
):
    each = per_post(2)
    weekly = make_subscribers(2, prefix="weekly")
    draft = make_post(blog, "Article 8 and the bedroom tax", live=False, intro="What changed.")

    publish(draft, committed)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in each)
    message = mailoutbox[0]
    assert message.subject.endswith(": Article 8 and the bedroom tax")
    assert "What changed." in message.body
    assert f"http://testserver{draft.url}" in message.body
    html = message.alternatives[0][0]
    assert "What changed." in html and f'href="http://testserver{draft.url}"' in html
    # The one-click unsubscribe headers and both personal links, in both parts.
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/subscribe/unsubscribe/" in unsubscribe and unsubscribe in message.body
    assert "/subscribe/preferences/" in message.body and "/subscribe/preferences/" in html
    mailing = PostMailing.objects.get()
    assert (mailing.recipient_count, mailing.failure_count) == (2, 0)
    assert mailing.finished_at is not None
    assert SentPost.objects.filter(mailing=mailing).count() == 2
    assert not SentPost.objects.filter(subscriber__in=weekly).exists()

    # The weekly digest: the weekly readers get the post, the per-post readers nothing more.
    mailoutbox.clear()
    run_digest()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in weekly)
    assert SentPost.objects.filter(post=draft).count() == 4


def test_a_later_digest_does_not_repeat_a_post_sent_on_its_own(blog, committed, mailoutbox):
    """Even for a reader who switched to the digest after getting the post on its own."""
    (reader,) = per_post(1)
    publish(make_post(blog, "Sent alone", live=False), committed)
    assert len(mailoutbox) == 1
    reader.refresh_from_db()
    # Backdate the switch so the digest window would include the post.
    day_ago = timezone.now() - datetime.timedelta(days=1)
    reader.set_frequency(Subscriber.Frequency.WEEKLY, now=day_ago)
    mailoutbox.clear()
    run_digest()
    assert mailoutbox == []


def test_republishing_an_edit_sends_nothing(blog, committed, mailoutbox):
    per_post(2)
    post = publish(make_post(blog, "Once", live=False), committed)
    assert len(mailoutbox) == 2
    post.title = "Once, corrected"
    publish(post, committed)
    # Unpublished and published again: still not news.
    with committed():
        post.unpublish()
    publish(post, committed)
    assert len(mailoutbox) == 2
    assert PostMailing.objects.count() == 1


def test_a_post_marked_dont_email_goes_in_no_email(blog, committed, mailoutbox):
    per_post(1)
    make_subscribers(1, prefix="weekly")
    publish(make_post(blog, "Correction notice", live=False, email_subscribers=False), committed)
    assert mailoutbox == []
    assert not PostMailing.objects.exists()
    run_digest()  # nor in the weekly digest
    assert mailoutbox == []


def test_drafts_and_private_posts_are_never_emailed(blog, committed, mailoutbox):
    per_post(1)
    draft = make_post(blog, "Only a draft", live=False)
    with committed():
        draft.save_revision()
    assert mailoutbox == []
    private = make_post(blog, "Members only", live=False)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    publish(private, committed)
    assert mailoutbox == []
    assert not PostMailing.objects.exists()


def test_a_scheduled_post_is_emailed_when_it_goes_live(blog, committed, mailoutbox):
    per_post(1)
    with committed():
        post = make_post(blog, "Monday's post", date=timezone.now() + datetime.timedelta(hours=2))
    assert not post.live and mailoutbox == []  # scheduling it sent nothing
    make_due(post)
    with committed():
        call_command("publish_scheduled", stdout=io.StringIO())
    assert [m.subject.split(": ", 1)[1] for m in mailoutbox] == ["Monday's post"]
    with committed():
        call_command("publish_scheduled", stdout=io.StringIO())
    assert len(mailoutbox) == 1


def test_the_email_task_twice_sends_once(blog, committed, mailoutbox):
    per_post(3)
    post = publish(make_post(blog, "Twice queued", live=False), committed)
    assert tasks.start_post_email.enqueue(post.pk).return_value == 0
    mailing = PostMailing.objects.get()
    # A batch run again (a retry, a second worker) finds every claim made.
    pks = list(Subscriber.objects.values_list("pk", flat=True))
    result = tasks.send_post_email_batch.enqueue(mailing.pk, pks, 1).return_value
    assert result == {"sent": 0, "failed": 0}
    assert len(mailoutbox) == 3


class FailOnce(LocmemBackend):
    failed = set()

    def send_messages(self, messages):
        for message in messages:
            if message.to[0] not in self.failed:
                self.failed.add(message.to[0])
                raise OSError("451 try again later")
        return super().send_messages(messages)


@override_settings(EMAIL_BACKEND="tests.newsletter.test_newsletter_post_email.FailOnce")
def test_a_failed_send_is_tried_again_and_counted_once(blog, committed, mailoutbox):
    FailOnce.failed.clear()
    per_post(2)
    publish(make_post(blog, "Greylisted", live=False), committed)
    assert len(mailoutbox) == 2
    mailing = PostMailing.objects.get()
    assert (mailing.recipient_count, mailing.failure_count) == (2, 0)


class UnreachableOnce(LocmemBackend):
    """A mail server that cannot be reached the first time a batch connects."""

    tries = 0

    def open(self):
        UnreachableOnce.tries += 1
        if UnreachableOnce.tries == 1:
            raise OSError("connection refused")
        return super().open()


@override_settings(EMAIL_BACKEND="tests.newsletter.test_newsletter_post_email.UnreachableOnce")
def test_a_batch_that_cannot_reach_the_mail_server_is_sent_on_retry(blog, committed, mailoutbox):
    UnreachableOnce.tries = 0
    per_post(2)
    publish(make_post(blog, "Server down", live=False), committed)
    # The batch's claims were given back when the connection failed, so its retry sent them.
    assert sorted(m.to[0] for m in mailoutbox) == ["each0@example.org", "each1@example.org"]
    assert SentPost.objects.count() == 2


# --- the preferences link ---------------------------------------------------------------


def preferences_link(message):
    return re.search(r"http://testserver(/subscribe/preferences/\S+/)", message.body).group(1)


def test_the_preferences_link_in_an_email_changes_the_choice(
    blog, committed, csrf_client, mailoutbox
):
    (reader,) = per_post(1)
    publish(make_post(blog, "First", live=False), committed)
    url = preferences_link(mailoutbox[0])

    page = csrf_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "<legend>How often should we email" in html
    assert re.search(r'value="post" checked', html)

    saved = csrf_client.post(url, {"frequency": "weekly"})
    assert saved.status_code == 200 and "will get a weekly digest" in saved.content.decode()
    reader.refresh_from_db()
    assert reader.frequency == Subscriber.Frequency.WEEKLY

    # Now weekly: the next post goes in the digest, not on its own.
    mailoutbox.clear()
    publish(make_post(blog, "Second", live=False), committed)
    assert mailoutbox == []


def test_preferences_refuse_bad_tokens_and_bad_choices(site_tree, csrf_client):
    (reader,) = make_subscribers(1)
    for token in ("nonsense", preferences_token(reader)[:-3] + "abc", "a:b:c"):
        answer = csrf_client.get(f"/subscribe/preferences/{token}/")
        assert answer.status_code == 404
        assert "This link is not valid" in answer.content.decode()
    # An unsubscribe token is not a preferences token.
    wrong_kind = f"/subscribe/preferences/{unsubscribe_token(reader)}/"
    assert csrf_client.get(wrong_kind).status_code == 404

    url = f"/subscribe/preferences/{preferences_token(reader)}/"
    bad = csrf_client.post(url, {"frequency": "daily"})
    assert bad.status_code == 400
    assert "Choose an email for each post or a weekly digest." in bad.content.decode()
    reader.refresh_from_db()
    assert reader.frequency == Subscriber.Frequency.WEEKLY

    reader.unsubscribe()
    gone = csrf_client.post(url, {"frequency": "post"})
    assert gone.status_code == 200 and "You are unsubscribed" in gone.content.decode()
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED

    reader.delete()  # erased: the link leads nowhere
    assert csrf_client.get(url).status_code == 404


def test_sign_up_records_the_choice_without_changing_an_active_subscription(
    site_tree, csrf_client, mailoutbox
):
    answer = csrf_client.post(
        "/subscribe/signup/", {"email": "new@example.org", "frequency": "post"}
    )
    assert answer.status_code == 200
    assert Subscriber.objects.get(email="new@example.org").frequency == "post"
    assert "an email for each new post" in mailoutbox[0].body

    # Anyone may type an address: the form never changes an active reader's choice.
    (active,) = make_subscribers(1)
    csrf_client.post("/subscribe/signup/", {"email": active.email, "frequency": "post"})
    active.refresh_from_db()
    assert active.frequency == Subscriber.Frequency.WEEKLY

    # No choice (a form from a page cached before the choice existed) means weekly.
    csrf_client.post("/subscribe/signup/", {"email": "old-form@example.org"})
    assert Subscriber.objects.get(email="old-form@example.org").frequency == "weekly"
    bad = csrf_client.post("/subscribe/signup/", {"email": "x@example.org", "frequency": "daily"})
    assert bad.status_code == 400
    assert "Choose an email for each post or a weekly digest." in bad.content.decode()


def test_the_sign_up_form_offers_the_choice_and_stays_cacheable(site_tree, client):
    for url in ("/subscribe/", "/about/"):
        response = client.get(url)
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html and "Set-Cookie" not in response
        assert "<legend>How often</legend>" in html
        assert re.search(r'value="weekly" checked', html)
        assert 'value="post">' in html


def test_the_admin_and_the_data_export_show_the_choice_and_the_post_emails(
    blog, committed, admin_client, mailoutbox
):
    from newsletter import personal_data

    (reader,) = per_post(1)
    publish(make_post(blog, "Exported", live=False), committed)
    data = personal_data.export(reader)
    assert data["frequency"] == "post"
    assert [item["post"] for item in data["post_emails"]] == ["Exported"]

    listing = admin_client.get("/admin/newsletter/postmailing/")
    assert listing.status_code == 200 and "Exported" in listing.content.decode()
    subscribers = admin_client.get("/admin/newsletter/subscriber/?frequency=post")
    assert subscribers.status_code == 200 and reader.email in subscribers.content.decode()
