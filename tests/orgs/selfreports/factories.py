from datetime import date
from decimal import Decimal

import factory

from orgs.models import ReportingRound, SelfReport
from tests.orgs.factories import OrganizationFactory

FILLED = {
    "staff_count": 12,
    "volunteer_count": 40,
    "union_member_count": 11,
    "activities_held": 6,
    "activity_participants": 120,
    "dues_collected": Decimal("1320.00"),
    "union_funds": Decimal("5000.00"),
    "trainings_attended": 3,
}


class ReportingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRound

    title = factory.Sequence(lambda n: f"2022年度自报{n}")
    division_id = "510821"
    period_key = "2022"
    period_start = date(2022, 1, 1)
    period_end = date(2022, 12, 31)
    due_on = date(2023, 1, 31)


class SelfReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfReport

    round = factory.SubFactory(ReportingRoundFactory)
    organization = factory.SubFactory(OrganizationFactory)
