"""Celery tasks of the incubation base: thin and idempotent."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _


@shared_task(acks_late=True)
def post_monthly_waivers(month: str | None = None) -> int:
    """Post the four waivers of ``month`` (YYYY-MM-DD, default: this month) for every county
    with residents. Safe to run twice: a month already posted posts nothing."""
    from . import actions
    from .models import Residency

    day = date.fromisoformat(month) if month else timezone.localdate()
    counties = set(Residency.objects.values_list("organization__division_id", flat=True).distinct())
    return sum(actions.waivers_post_month(user=None, division_code=code, month=day) for code in counties)


@shared_task(acks_late=True)
def remind_reviewers() -> int:
    """Remind each reviewer once about every application still waiting for their scores."""
    from wangcang.actions import notification_send

    from .models import Application, Review
    from .notifications import REVIEW_REMINDER

    sent = 0
    waiting = Review.objects.filter(
        submitted_at__isnull=True, application__status__in=Application.PENDING
    ).select_related("reviewer", "application__organization")
    for review in waiting:
        sent += len(
            notification_send(
                recipients=[review.reviewer],
                key=f"incubator-review-{review.pk}-reminder",
                title=_("Reminder: the application of %(org)s waits for your scores")
                % {"org": review.application.organization},
                url=review.get_absolute_url(),
                kind=REVIEW_REMINDER,
            )
        )
    return sent
