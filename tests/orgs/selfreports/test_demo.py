from decimal import Decimal

import pytest
from django.core.management import call_command

from orgs.demo_registry import HUAYUE, TEA, YOUTH_VOLUNTEERS
from orgs.models import Organization, ReportingRound, SelfReport, SelfReportProblem
from orgs.selfreports.queries import accepted_dues, reported_figures
from wangcang.catalogue import Scope, compute
from wangcang.models import Division, User
from wangcang.periods import ALL, parse_period

pytestmark = pytest.mark.django_db


def test_the_demo_round_of_2022(client):
    call_command("load_demo", quiet_logins=True, stdout=None)
    reporting_round = ReportingRound.objects.get(period_key="2022")
    assert (str(reporting_round.period_start), str(reporting_round.period_end), str(reporting_round.due_on)) == (
        "2022-01-01",
        "2022-12-31",
        "2023-01-31",
    )
    reports = SelfReport.objects.filter(round=reporting_round)
    assert reports.count() == 147
    assert reports.accepted().count() == 135
    assert reports.filter(status="returned").exclude(staff_comment="").count() == 5
    assert reports.filter(status="submitted").count() == 3
    assert reports.filter(status="draft").count() == 4 and reports.not_started().count() == 2

    youth = Organization.objects.get(name=YOUTH_VOLUNTEERS)
    assert accepted_dues(organization=youth, start=parse_period("2022").start, end=parse_period("2022").end) == Decimal(
        "8800.00"
    )
    assert 2 * accepted_dues(organization=youth) == Decimal("17600.00")
    huayue = reported_figures(Organization.objects.get(name=HUAYUE), "2022")
    assert huayue is not None and huayue["self_report"].status == "accepted"
    assert User.objects.get(username="org").organizations.filter(name=HUAYUE).exists()
    assert SelfReportProblem.objects.filter(self_report__organization__name=TEA, text__contains="活动场地").exists()
    assert all(report.versions.count() == 1 for report in reports.accepted()[:5])

    values = compute(Scope(division=Division.objects.get(code="510821"), period=ALL))
    assert values["selfreports.rounds"] == 1
    assert values["selfreports.reports"] == 147
    assert values["selfreports.accepted"] == 135
    assert values["selfreports.completion_rate"] == Decimal("91.8")
    assert values["selfreports.dues_reported"] > Decimal("8800.00")

    client.force_login(User.objects.get(username="staff"))
    page = client.get(reporting_round.get_absolute_url())
    assert page.status_code == 200 and page.context["summary"].completion_rate == Decimal("91.8")
    # The 2022 round is closed, so its unsubmitted reports are no longer overdue today.
    assert reporting_round.closed_on is not None and page.context["summary"].counts["overdue"] == 0
    client.force_login(User.objects.get(username="org"))
    mine = client.get("/orgs/self-reports/")
    assert [report.organization.name for report in mine.context["reports"]] == [HUAYUE]
    assert client.get(mine.context["reports"][0].get_absolute_url()).status_code == 200
    assert client.get(reporting_round.get_absolute_url()).status_code == 403

    call_command("load_demo", quiet_logins=True)
    assert SelfReport.objects.count() == 147 and SelfReportProblem.objects.count() == 12
