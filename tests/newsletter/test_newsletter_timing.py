"""Issue 18, point 4: a sign-up's answer takes as long for a new address as for a subscribed
one, so its timing tells nobody who subscribes. Measured as production runs it: the queue in
the database (the email is a worker's job) and every request's transaction really committed.
"""

import statistics
import time

import pytest
from django.test import Client, override_settings

from settings.base import TASK_QUEUES
from tests import database_state
from tests.factories import build_site, make_subscribers

pytestmark = [
    pytest.mark.usefixtures("restores_migrated_state"),
    pytest.mark.django_db(transaction=True),
]

SIGNUPS = 200
QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}


@override_settings(
    TASKS=QUEUED,
    NEWSLETTER_SIGNUPS_PER_HOUR=10 * SIGNUPS,
    # Fails the test if the request sent anything itself.
    EMAIL_BACKEND="tests.newsletter.test_newsletter_queue.RefusingBackend",
)
def test_sign_up_medians_for_new_and_known_addresses_are_within_5_ms(migrated_state):
    database_state.restore(migrated_state)
    build_site()
    known = [subscriber.email for subscriber in make_subscribers(SIGNUPS, prefix="known")]
    new = [f"new{n}@example.org" for n in range(SIGNUPS)]
    client = Client()

    def sign_up(address):
        started = time.perf_counter()
        response = client.post("/subscribe/signup/", {"email": address, "website": ""})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        return elapsed

    for n in range(10):  # warm up templates, caches and connections
        sign_up(f"warm{n}@example.org")
    timings = {"new": [], "known": []}
    # Interleaved, so a busy moment on the machine costs both the same.
    for new_address, known_address in zip(new, known, strict=True):
        timings["new"].append(sign_up(new_address))
        timings["known"].append(sign_up(known_address))

    medians = {kind: statistics.median(values) * 1000 for kind, values in timings.items()}
    print(
        f"sign-up medians over {SIGNUPS} each: {medians['new']:.2f} ms new, "
        f"{medians['known']:.2f} ms known"
    )
    assert abs(medians["new"] - medians["known"]) < 5, medians
