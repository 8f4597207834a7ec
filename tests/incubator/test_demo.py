from decimal import Decimal

import pytest
from django.core.management import call_command

from incubator.models import Attendance, Batch, Brand, Occupancy, Residency, Space, SupportEntry, TeamMember
from orgs.demo_registry import CHUNLEI, HERBS, HUAYUE
from reports.catalogue import Scope, compute
from wangcang.models import Division
from wangcang.periods import ALL


@pytest.mark.django_db
def test_demo_reproduces_the_incubator_figures_and_is_idempotent():
    call_command("load_demo", quiet_logins=True)
    values = compute(Scope(division=Division.objects.get(code="510821"), period=ALL))
    assert values["incubator.area_m2"] == Decimal("6103")
    assert values["incubator.admitted"] == 28
    assert values["incubator.graduated"] == 11
    assert values["incubator.residents"] == 17
    assert values["incubator.trainings"] == 23
    assert values["incubator.trainees"] == 1196
    assert values["incubator.exchange_visits"] == 4
    assert values["incubator.support_amount"] == sum(SupportEntry.objects.values_list("amount", flat=True))
    assert values["incubator.support_amount"] > Decimal("1000000")
    graduated = set(Residency.objects.filter(status="graduated").values_list("organization__name", flat=True))
    assert {HERBS, HUAYUE} <= graduated
    assert Brand.objects.get().organization.name == CHUNLEI
    assert TeamMember.objects.count() == 28 * 3
    for year in (2021, 2022, 2023):
        from incubator.actions import budget_use

        use = budget_use("510821", year)
        assert Decimal("0") < use["used"] <= Decimal("1000000.00"), use
    # No space is ever over-occupied.
    for space in Space.objects.all():
        assert sum(o.area_m2 for o in Occupancy.objects.filter(space=space)) <= space.area_m2
    counts = (Batch.objects.count(), Attendance.objects.count(), SupportEntry.objects.count())
    call_command("load_demo", quiet_logins=True)
    assert (Batch.objects.count(), Attendance.objects.count(), SupportEntry.objects.count()) == counts
