from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from orgs.models import SelfReport
from wangcang.catalogue import Scope, charts, compute
from wangcang.models import Division
from wangcang.periods import ALL, parse_period

from .factories import FILLED, ReportingRoundFactory, SelfReportFactory

pytestmark = pytest.mark.django_db


def accepted(round_, **figures):
    return SelfReportFactory(round=round_, status="accepted", accepted_at=timezone.now(), **{**FILLED, **figures})


def test_figures_count_by_the_end_of_the_rounds_period():
    wangcang = Division.objects.get(code="510821")
    year_2022 = ReportingRoundFactory()
    q1_2023 = ReportingRoundFactory(
        period_key="2023-Q1", period_start=date(2023, 1, 1), period_end=date(2023, 3, 31), due_on=date(2023, 4, 15)
    )
    accepted(year_2022, dues_collected=Decimal("8800.00"))
    accepted(year_2022, dues_collected=Decimal("100.50"))
    SelfReportFactory(round=year_2022, status="submitted", **FILLED)
    SelfReportFactory(round=year_2022)
    accepted(q1_2023, dues_collected=Decimal("10.00"))
    other_county = ReportingRoundFactory(division_id="510824")
    SelfReportFactory(
        round=other_county, organization__division_id="510824", status="accepted", accepted_at=timezone.now(), **FILLED
    )

    values = compute(Scope(division=wangcang, period=parse_period("2022")))
    assert values["selfreports.rounds"] == 1
    assert values["selfreports.reports"] == 4
    assert values["selfreports.accepted"] == 2
    assert values["selfreports.completion_rate"] == Decimal("50.0")
    assert str(values["selfreports.dues_reported"]) == "8900.50"
    assert values["selfreports.activities_reported"] == 12
    # The period's last day is inside; the next day is not.
    assert compute(Scope(division=wangcang, period=parse_period("2022-Q4")))["selfreports.accepted"] == 2
    assert compute(Scope(division=wangcang, period=parse_period("2023-01")))["selfreports.accepted"] == 0
    assert compute(Scope(division=wangcang, period=parse_period("2023-Q1")))["selfreports.dues_reported"] == Decimal(
        "10.00"
    )
    everything = compute(Scope(division=wangcang, period=ALL))
    assert everything["selfreports.rounds"] == 2 and everything["selfreports.accepted"] == 3
    city = compute(Scope(division=Division.objects.get(code="510800"), period=ALL))
    assert city["selfreports.accepted"] == 4


def test_organization_scope_and_the_chart():
    wangcang = Division.objects.get(code="510821")
    year_2022 = ReportingRoundFactory()
    mine = accepted(year_2022)
    SelfReportFactory(round=year_2022, saved_at=timezone.now())
    SelfReportFactory(round=year_2022, status=SelfReport.Status.RETURNED)
    values = compute(Scope(division=wangcang, period=ALL, organization_ids=(mine.organization_id,)))
    assert values["selfreports.reports"] == 1 and values["selfreports.completion_rate"] == Decimal("100.0")
    chart = next(item for item in charts() if item.code == "selfreports.completion")
    data = chart.compute(Scope(division=wangcang, period=ALL))
    assert data["series"][0]["data"] == [0, 1, 0, 1, 1]
