from decimal import Decimal

import pytest
from django.core.management import call_command

from orgs.demo_registry import CHUNLEI, TEA, YOUTH_VOLUNTEERS
from orgs.models import CommitteeSeat, Secondment, TrackedIssue
from services.funds.models import FundTransaction, MatchingGrant, MutualAidPayout
from wangcang.catalogue import Scope, compute
from wangcang.models import Division
from wangcang.periods import ALL

pytestmark = pytest.mark.django_db


def test_demo_figures_of_cohesion_and_funds():
    call_command("load_demo", "--quiet-logins")
    entries = FundTransaction.objects.count()
    call_command("load_demo", "--quiet-logins")  # idempotent
    assert FundTransaction.objects.count() == entries
    values = compute(Scope(division=Division.objects.get(code="510821"), period=ALL))
    assert values["cohesion.joint_meetings"] == 3
    assert values["cohesion.issues_raised"] >= 12
    assert values["cohesion.issues_resolved"] == 12
    assert values["cohesion.committee_seats"] == 5
    assert values["cohesion.secondments"] == 2
    assert values["funds.student_aid_students"] == 83
    assert values["funds.student_aid_amount"] == Decimal("198500.00")
    assert values["funds.subsidy_amount"] == Decimal("98600.00")
    assert values["funds.assistance_households"] == 120
    assert values["funds.assistance_persons"] == 483
    youth = MatchingGrant.objects.get(organization__name=YOUTH_VOLUNTEERS)
    assert (youth.ratio, youth.dues_amount, youth.amount) == (Decimal("2.00"), Decimal("8800.00"), Decimal("17600.00"))
    assert values["funds.matching_amount"] == sum(g.amount for g in MatchingGrant.objects.filter(status="approved"))
    assert values["funds.matching_amount"] >= Decimal("17600.00")
    payouts = MutualAidPayout.objects.all()
    assert values["funds.mutual_aid_amount"] == sum(p.transaction.amount for p in payouts) > 0
    assert all(p.transaction.amount <= 20 * Decimal("100") for p in payouts)
    assert payouts[0].transaction.fund.organization.name == CHUNLEI
    tea = TrackedIssue.objects.get(resolution__contains="500平方米")
    assert tea.organization.name == TEA and tea.status == "resolved"
    assert set(CommitteeSeat.objects.values_list("elected_at", flat=True)) == {"县总工会十二届二次全委会议"}
    assert set(Secondment.objects.values_list("organization__name", flat=True)) == {CHUNLEI}
