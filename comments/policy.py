"""Whether a post takes comments now: its own choice, else the site's comment settings."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from comments.models import Policy


@dataclass(frozen=True)
class Rules:
    """The site's comment settings, as plain values (kept in caches beside rendered parts)."""

    policy: str = Policy.DAYS
    close_after_days: int = 90
    hold_all: bool = False
    max_links: int = 2
    comments_per_hour: int = 5

    @classmethod
    def of(cls, settings):
        return cls(
            policy=settings.policy,
            close_after_days=settings.close_after_days,
            hold_all=settings.hold_all,
            max_links=settings.max_links,
            comments_per_hour=settings.comments_per_hour,
        )


def closes_at(post, rules):
    """When comments on `post` close: None if they never do; the post's date (or earlier)
    if they are closed. Held comments are unaffected either way."""
    policy = post.comments_policy or rules.policy
    if policy == Policy.OPEN:
        return None
    if policy == Policy.CLOSED:
        return post.date
    days = post.comments_close_after_days or rules.close_after_days
    return post.date + datetime.timedelta(days=days)


def is_open(post, rules, now=None):
    end = closes_at(post, rules)
    return end is None or (now or timezone.now()) < end
