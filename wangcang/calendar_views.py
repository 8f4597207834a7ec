"""The calendar month page and the private iCal feed (RFC 5545) for phone calendars."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from icalendar import Calendar, Event

from . import agenda
from .actions import calendar_feed_create, calendar_feed_revoke, calendar_feed_token_hash, calendar_feed_used
from .formviews import RecordActionView
from .models import CalendarFeed
from .permissions import AnyRoleMixin

# The feed covers what a phone calendar needs: the recent past and the year ahead.
FEED_DAYS_BEFORE = 92
FEED_DAYS_AFTER = 400


class CalendarMonthView(AnyRoleMixin, View):
    template_name = "wangcang/calendar.html"

    def get(self, request, new_feed_url: str = ""):
        today = timezone.localdate()
        month = agenda.Month.parse(request.GET.get("month"), today)
        context = {
            "month": month,
            "today": today,
            "this_month": agenda.Month(today.year, today.month),
            "kinds": [(label, colour) for label, colour in agenda.KINDS.values()],
            "has_feed": CalendarFeed.objects.filter(user=request.user).exists(),
            "new_feed_url": new_feed_url,
            **agenda.month_grid(request.user, month),
        }
        return render(request, self.template_name, context)


class CalendarFeedManageView(AnyRoleMixin, RecordActionView):
    """Make (or make anew, revoking the old) or revoke the user's feed URL."""

    def get_object(self):
        return None

    def revoking(self) -> bool:
        return self.request.POST.get("action") == "revoke"

    def perform(self, record):
        if self.revoking():
            return calendar_feed_revoke(user=self.request.user)
        return calendar_feed_create(user=self.request.user)

    def get_success_message(self, record, result) -> str:
        if self.revoking():
            return _("The calendar link was revoked; calendars using it get nothing from now on.")
        return ""

    def success_url_for(self, record, result) -> str:
        return reverse("calendar")

    def failure_url_for(self, record) -> str:
        return reverse("calendar")

    def respond(self, record, result):
        if self.revoking():
            return redirect("calendar")
        url = self.request.build_absolute_uri(reverse("calendar-feed", args=[result]))
        # Shown on this page only, once: the portal keeps no copy of the secret.
        view = CalendarMonthView()
        view.setup(self.request)
        response = view.get(self.request, new_feed_url=url)
        response["Cache-Control"] = "no-store"
        return response


def calendar_feed(request, token: str) -> HttpResponse:
    """The events of the feed's owner as iCalendar; an unknown or revoked secret answers 404."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=calendar_feed_token_hash(token), user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    user = feed.user
    today = timezone.localdate()
    now = timezone.now()
    calendar_feed_used(feed=feed, now=now)
    host = request.get_host().split(":")[0] or "localhost"
    with translation.override(settings.LANGUAGE_CODE):
        events = agenda.events_between(
            user, today - timedelta(days=FEED_DAYS_BEFORE), today + timedelta(days=FEED_DAYS_AFTER)
        )
        ical = Calendar()
        ical.add("prodid", "-//Wangcang union portal//Calendar//ZH")
        ical.add("version", "2.0")
        ical.add("calscale", "GREGORIAN")
        ical.add("method", "PUBLISH")
        ical.add("x-wr-calname", f"{settings.PORTAL_SHORT_NAME} · {user}")
        ical.add("x-wr-timezone", settings.TIME_ZONE)
        for item in events:
            event = Event()
            event.add("uid", f"{item.uid}@{host}")
            event.add("dtstamp", now)
            event.add("dtstart", item.starts_on)
            # All-day events end on the day after their last (RFC 5545 §3.6.1).
            event.add("dtend", item.ends_on + timedelta(days=1))
            event.add("summary", item.title)
            event.add("categories", [str(item.kind_label)])
            event.add("url", request.build_absolute_uri(item.url))
            event.add("transp", "TRANSPARENT")
            ical.add_component(event)
    response = HttpResponse(ical.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["Cache-Control"] = "private, max-age=900"
    # The secret is in the path: keep it out of other sites' logs.
    response["Referrer-Policy"] = "no-referrer"
    return response
