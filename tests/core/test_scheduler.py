"""Issue 18, point 5: the scheduler runs each due job exactly once, even with several
instances' schedulers ticking at the same moment (two real processes here)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageLogEntry

from core.models import ScheduledRun
from core.schedule import Job
from newsletter.models import Subscriber
from tests import database_state
from tests.factories import build_site, make_due, make_post, make_subscribers
from tests.processes import run_together, shared_database

# A Monday at 07:00, local time: every job of the schedule is due.
MONDAY_7AM = "2026-11-30T07:00"


def local(text):
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


@pytest.mark.parametrize(
    ("job", "now", "slot"),
    [
        (Job(("x",)), "2026-12-02T10:17", "2026-12-02T10:17"),
        (Job(("x",), at="03:30"), "2026-12-02T03:29", None),  # yesterday's: too old
        (Job(("x",), at="03:30"), "2026-12-02T03:30", "2026-12-02T03:30"),
        (Job(("x",), at="03:30"), "2026-12-02T09:00", "2026-12-02T03:30"),  # caught up
        (Job(("x",), at="07:00", weekday=1), "2026-11-30T07:05", "2026-11-30T07:00"),
        (Job(("x",), at="07:00", weekday=1), "2026-12-01T07:00", None),  # Tuesday
        (Job(("x",), at="07:00", weekday=1), "2026-11-30T06:59", None),
    ],
)
def test_due_slot(job, now, slot):
    assert job.due_slot(local(now)) == (slot and local(slot))


@pytest.mark.usefixtures("restores_migrated_state")
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_run_each_job_once(tmp_path, migrated_state):
    database_state.restore(migrated_state)
    site = build_site()
    make_subscribers(2)
    make_post(site["blog"], "New this week", days_ago=0)
    post = make_due(make_post(site["blog"], "Due now", date=timezone.now() + _hour()))
    stale = Subscriber.objects.create(
        email="never-confirmed@example.org", requested_at=timezone.now() - _days(8)
    )

    with shared_database(tmp_path) as database:
        outputs = run_together(
            ("run_scheduler", "--once", "--now", MONDAY_7AM),
            ("run_scheduler", "--once", "--now", MONDAY_7AM),
            database=database,
        )
        again = run_together(("run_scheduler", "--once", "--now", MONDAY_7AM), database=database)

    assert sorted(jobs_run(outputs)) == [
        "publish_scheduled",
        "purge_pending_subscriptions",
        "send_digest --enqueue",
    ], outputs
    assert "Ran: nothing" in again[0]
    assert ScheduledRun.objects.count() == 3
    assert not ScheduledRun.objects.exclude(error="").exists()
    # Each job's effect happened once.
    post.refresh_from_db()
    assert post.live
    assert PageLogEntry.objects.filter(page=post, action="wagtail.publish.scheduled").count() == 1
    assert not Subscriber.objects.filter(pk=stale.pk).exists()
    assert DBTaskResult.objects.filter(task_path__endswith=".start_digest").count() == 1


def test_a_failing_job_is_recorded_and_the_others_still_run(db, settings):
    settings.SCHEDULE = [
        {"command": ("no_such_command",)},
        {"command": ("purge_pending_subscriptions",)},
    ]
    call_command("run_scheduler", "--once", "--now", MONDAY_7AM, stdout=io.StringIO())
    runs = {run.job: run for run in ScheduledRun.objects.all()}
    assert "Unknown command" in runs["no_such_command"].error
    assert runs["purge_pending_subscriptions"].error == ""
    assert runs["purge_pending_subscriptions"].finished_at is not None


def jobs_run(outputs):
    """The jobs named on the schedulers' `Ran: …` lines."""
    lines = [line for output in outputs for line in output.splitlines()]
    ran = [line.removeprefix("Ran: ") for line in lines if line.startswith("Ran: ")]
    return [name for line in ran for name in line.split(", ") if name != "nothing"]


def _hour():
    return datetime.timedelta(hours=1)


def _days(n):
    return datetime.timedelta(days=n)
