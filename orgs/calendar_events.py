"""Joint meetings and self-report deadlines on the calendar."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wangcang.agenda import CalendarEvent

from .cohesion.models import JointMeeting
from .selfreports.models import ReportingRound


def joint_meetings(user, first_day, last_day):
    meetings = JointMeeting.objects.visible_to(user).filter(held_on__range=(first_day, last_day))
    for meeting in meetings.only("pk", "held_on", "place"):
        title = _("Joint meeting")
        if meeting.place:
            title = f"{title}（{meeting.place}）"
        yield CalendarEvent(
            kind="meeting",
            title=title,
            starts_on=meeting.held_on,
            ends_on=meeting.held_on,
            url=meeting.get_absolute_url(),
            uid=f"joint-meeting-{meeting.pk}",
        )


def self_report_deadlines(user, first_day, last_day):
    rounds = ReportingRound.objects.visible_to(user).filter(due_on__range=(first_day, last_day))
    for reporting_round in rounds.only("pk", "title", "due_on"):
        yield CalendarEvent(
            kind="deadline",
            title=_("Self-reports due: %(round)s") % {"round": reporting_round.title},
            starts_on=reporting_round.due_on,
            ends_on=reporting_round.due_on,
            # An organization's people fill in their report; the round's page is the union's.
            url=reverse("orgs:self-report-list") if user.is_org_user else reporting_round.get_absolute_url(),
            uid=f"reporting-round-due-{reporting_round.pk}",
        )


EVENT_SOURCES = [joint_meetings, self_report_deadlines]
