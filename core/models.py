"""What core keeps in the database: the scheduler's record of the runs it claimed."""

from django.db import models
from django.utils import timezone


class ScheduledRun(models.Model):
    """One scheduled run of one job (`core/schedule.py`). The unique pair (job, slot) is the
    lock: of several schedulers (one per instance) reaching the same slot, the one whose row
    is written runs the job; the others' inserts fail and they skip it."""

    job = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text="The scheduled time this run is for.")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="core_one_run_per_job_and_slot")
        ]

    def __str__(self):
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}"
