from decimal import Decimal

import pytest
from django.core.management import call_command

from incubator.models import Attendance, Batch, Brand, Occupancy, Residency, Space, SupportEntry, TeamMember
from orgs.demo_registry import CHUNLEI, HERBS, HUAYUE
from wangcang.catalogue import Scope, compute
from wangcang.models import Division
from wangcang.periods import ALL


@pytest.mark.django_db
def test_demo_reproduces_the_incubator_figures_and_is_idempotent(demo):
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
    # The demo's batches ended in 2020 and 2023: none is open for applications today.
    assert not Batch.objects.filter(status=Batch.Status.OPEN).exists()
    # A database loaded when the 2023 batch was left open is mended by loading again.
    Batch.objects.filter(name__startswith="2023").update(status=Batch.Status.OPEN, closes_on=None)
    call_command("load_demo", quiet_logins=True)
    assert (Batch.objects.count(), Attendance.objects.count(), SupportEntry.objects.count()) == counts
    assert not Batch.objects.filter(status=Batch.Status.OPEN).exists()


@pytest.mark.django_db
def test_the_incubator_dashboard_opens_on_the_latest_year_with_records(demo, client, make_user):
    """The demo's trainings end before this year: the dashboard counts the latest year that
    has them, not this year's zeros."""
    from django.utils import timezone

    from incubator.models import Training

    staff = make_user("dashboard-staff")
    client.force_login(staff)
    context = client.get("/incubator/").context
    latest = Training.objects.order_by("-held_on").first().held_on.year
    assert latest < timezone.localdate().year
    assert context["year"] == latest
    assert context["trainings_this_year"] == Training.objects.filter(held_on__year=latest).count() > 0
