import datetime

import pytest

from wangcang.catalogue import Scope, compute
from wangcang.models import Division
from wangcang.periods import parse_period

from .factories import CommitteeSeatFactory, JointMeetingFactory, SecondmentFactory, TrackedIssueFactory

pytestmark = pytest.mark.django_db


def values(period: str, organization_ids=None):
    scope = Scope(
        division=Division.objects.get(code="510821"), period=parse_period(period), organization_ids=organization_ids
    )
    return compute(scope)


def test_cohesion_flows_and_stocks_at_period_edges():
    meeting = JointMeetingFactory(held_on=datetime.date(2022, 12, 31))
    JointMeetingFactory(held_on=datetime.date(2023, 1, 1))
    TrackedIssueFactory(meeting=meeting, raised_on=datetime.date(2022, 12, 31))
    TrackedIssueFactory(
        meeting=meeting,
        raised_on=datetime.date(2022, 12, 31),
        status="resolved",
        resolution="ok",
        resolved_on=datetime.date(2023, 1, 1),
    )
    JointMeetingFactory(division_id="510822", held_on=datetime.date(2022, 6, 1))  # another county
    CommitteeSeatFactory(starts_on=datetime.date(2022, 12, 31))
    CommitteeSeatFactory(starts_on=datetime.date(2023, 1, 1))
    SecondmentFactory(starts_on=datetime.date(2021, 1, 1), ends_on=datetime.date(2022, 12, 30))
    y2022, y2023 = values("2022"), values("2023")
    assert (y2022["cohesion.joint_meetings"], y2023["cohesion.joint_meetings"]) == (1, 1)
    assert (y2022["cohesion.issues_raised"], y2022["cohesion.issues_resolved"]) == (2, 0)
    assert (y2023["cohesion.issues_raised"], y2023["cohesion.issues_resolved"]) == (0, 1)
    assert (y2022["cohesion.committee_seats"], y2023["cohesion.committee_seats"]) == (1, 2)
    assert (y2022["cohesion.secondments"], values("2021")["cohesion.secondments"]) == (0, 1)
