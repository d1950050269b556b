"""The schedule: management commands run at set times, exactly once across instances.

Every instance may run a scheduler (`manage.py run_scheduler`); each due run of a job is
claimed by inserting a (job, slot) row under a unique constraint, and only the scheduler
whose insert succeeds runs it. A lock that only kept two runs from overlapping (an advisory
lock) would still let a second scheduler, a few seconds late, run the job again; the row
also works through pgbouncer's transaction pooling and on SQLite.

A job missed while no scheduler ran (a restart across 07:00) is run on the next tick, if
its slot is no older than `catch_up`: a weekly digest late by minutes, not skipped a week.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import ScheduledRun

logger = logging.getLogger(__name__)

# Claims older than this are deleted: publish_scheduled alone makes 1,440 a day.
KEEP_RUNS = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Job:
    """`command` (argv list) at `at` ("HH:MM", local time; None: every minute), on `weekday`
    (1 = Monday … 7 = Sunday; None: every day)."""

    command: tuple
    at: str | None = None
    weekday: int | None = None
    catch_up: datetime.timedelta = datetime.timedelta(hours=6)

    @property
    def name(self):
        return " ".join(self.command)

    def due_slot(self, now):
        """The latest scheduled time at or before `now` (local, to the minute), or None when
        it is older than `catch_up`."""
        now = timezone.localtime(now).replace(second=0, microsecond=0)
        if self.at is None:
            return now
        hour, minute = (int(part) for part in self.at.split(":"))
        slot = now.replace(hour=hour, minute=minute)
        if slot > now:
            slot -= datetime.timedelta(days=1)
        if self.weekday is not None:
            slot -= datetime.timedelta(days=(slot.isoweekday() - self.weekday) % 7)
        return slot if now - slot <= self.catch_up else None


def jobs():
    return [Job(**entry) for entry in settings.SCHEDULE]


def claim(job, slot):
    """True when this process is the one to run `job` for `slot`."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job.name, slot=slot)
    except IntegrityError:
        return False
    return True


def tick(now=None, stdout=None):
    """Run every job that is due and not yet claimed. Returns the names of the jobs run."""
    now = now or timezone.now()
    ran = []
    for job in jobs():
        slot = job.due_slot(now)
        if slot is None or not claim(job, slot):
            continue
        error = ""
        try:
            call_command(*job.command, stdout=stdout, stderr=stdout)
        except Exception as exc:  # one failing job must not stop the others or the loop
            logger.exception("Scheduled job %s failed", job.name)
            error = f"{type(exc).__name__}: {exc}"
        ScheduledRun.objects.filter(job=job.name, slot=slot).update(
            finished_at=timezone.now(), error=error
        )
        ran.append(job.name)
    ScheduledRun.objects.filter(slot__lt=now - KEEP_RUNS).delete()
    return ran
