"""Trainings and exchange visits on the calendar."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wangcang.agenda import CalendarEvent

from .models import ExchangeVisit, Training


def trainings(user, first_day, last_day):
    for training in (
        Training.objects.visible_to(user).filter(held_on__range=(first_day, last_day)).only("pk", "title", "held_on")
    ):
        yield CalendarEvent(
            kind="training",
            title=_("Training: %(title)s") % {"title": training.title},
            starts_on=training.held_on,
            ends_on=training.held_on,
            url=training.get_absolute_url(),
            uid=f"training-{training.pk}",
        )


def exchange_visits(user, first_day, last_day):
    visits = ExchangeVisit.objects.visible_to(user).filter(starts_on__lte=last_day, ends_on__gte=first_day)
    for visit in visits.only("pk", "destination", "starts_on", "ends_on"):
        yield CalendarEvent(
            kind="visit",
            title=_("Exchange visit: %(destination)s") % {"destination": visit.destination},
            starts_on=visit.starts_on,
            ends_on=visit.ends_on,
            url=reverse("incubator:visit-list"),
            uid=f"exchange-visit-{visit.pk}",
        )


EVENT_SOURCES = [trainings, exchange_visits]
