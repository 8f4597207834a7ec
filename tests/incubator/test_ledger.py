import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from incubator import actions
from incubator.models import Budget, SupportEntry

D = datetime.date


def test_monthly_waivers_are_posted_once_per_month(residency, staff_user):
    assert actions.waivers_post_month(user=staff_user, division_code="510821", month=D(2021, 3, 15)) == 4
    assert actions.waivers_post_month(user=staff_user, division_code="510821", month=D(2021, 3, 1)) == 0
    entries = SupportEntry.objects.filter(value_date=D(2021, 3, 1))
    assert sorted(entries.values_list("kind", flat=True)) == ["services", "training", "utilities", "venue"]
    assert sum(e.amount for e in entries) == Decimal("2000.00")
    # Before the residency started nothing is posted.
    assert actions.waivers_post_month(user=staff_user, division_code="510821", month=D(2020, 12, 1)) == 0


def test_entries_are_append_only(residency, staff_user):
    entry = actions.support_post(
        user=staff_user,
        organization=residency.organization,
        residency=residency,
        kind="grant",
        amount=Decimal("5000"),
        value_date=D(2021, 5, 1),
    )
    entry.amount = Decimal("1")
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        SupportEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1"))
    with pytest.raises(ValidationError):
        SupportEntry.objects.all().delete()
    with pytest.raises(ValidationError):
        actions.support_post(
            user=staff_user,
            organization=residency.organization,
            kind="grant",
            amount=Decimal("-5"),
            value_date=D(2021, 5, 1),
        )


def test_correction_is_a_reversing_entry_and_the_balance_is_right(residency, staff_user):
    Budget.objects.create(division_id="510821", year=2021, amount=Decimal("1000000.00"))
    actions.waivers_post_month(user=staff_user, division_code="510821", month=D(2021, 1, 1))
    grant = actions.support_post(
        user=staff_user,
        organization=residency.organization,
        residency=residency,
        kind="grant",
        amount=Decimal("5000.00"),
        value_date=D(2021, 5, 1),
    )
    actions.support_post(
        user=staff_user,
        organization=residency.organization,
        kind="policy",
        amount=Decimal("20000.00"),
        value_date=D(2021, 6, 1),
        description="贷免扶补创业贷款贴息",
    )
    reversal = actions.support_reverse(user=staff_user, entry=grant, reason="重复录入")
    assert reversal.amount == Decimal("-5000.00") and reversal.reverses == grant
    with pytest.raises(ValidationError):
        actions.support_reverse(user=staff_user, entry=grant, reason="again")
    with pytest.raises(ValidationError):
        actions.support_reverse(user=staff_user, entry=reversal, reason="x")
    use = actions.budget_use("510821", 2021)
    assert use["used"] == Decimal("22000.00")  # 2000 waivers + 5000 − 5000 + 20000
    assert use["balance"] == Decimal("978000.00")
    assert use["percent"] == Decimal("2.2")
    assert actions.budget_use("510821", 2022)["used"] == Decimal("0.00")


def test_org_user_cannot_post(residency, org_user):
    with pytest.raises(ValidationError):
        actions.support_post(
            user=org_user,
            organization=residency.organization,
            kind="grant",
            amount=Decimal("1"),
            value_date=D(2021, 1, 1),
        )
