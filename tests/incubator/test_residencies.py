import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from incubator import actions
from incubator.models import Occupancy, Residency

from .factories import SpaceFactory

D = datetime.date


def test_admitted_application_gets_a_residency_with_its_space(residency, space):
    assert residency.status == Residency.Status.ACTIVE
    occupancy = residency.occupancies.get()
    assert occupancy.space == space and occupancy.area_m2 == Decimal("40")


def test_only_admitted_applications_get_a_residency(submitted, staff_user):
    with pytest.raises(ValidationError):
        actions.residency_start(user=staff_user, application=submitted, started_on=D(2021, 1, 1))


def test_occupancy_cannot_exceed_the_area_on_overlapping_dates(residency, staff_user, space):
    # 40 m² from 2021-01-01, open-ended. 60 more fit; 61 do not.
    actions.occupancy_add(
        user=staff_user,
        residency=residency,
        space=space,
        area_m2=Decimal("30"),
        starts_on=D(2021, 3, 1),
        ends_on=D(2021, 6, 30),
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.occupancy_add(
            user=staff_user,
            residency=residency,
            space=space,
            area_m2=Decimal("31"),
            starts_on=D(2021, 6, 1),
            ends_on=D(2021, 12, 31),
        )
    assert "area_m2" in excinfo.value.message_dict
    # After the 30 m² period ends, 60 m² are free again.
    actions.occupancy_add(
        user=staff_user,
        residency=residency,
        space=space,
        area_m2=Decimal("60"),
        starts_on=D(2021, 7, 1),
        ends_on=D(2021, 12, 31),
    )
    # A period that starts before and overlaps a later one is checked on the later start too.
    with pytest.raises(ValidationError):
        actions.occupancy_add(
            user=staff_user,
            residency=residency,
            space=space,
            area_m2=Decimal("1"),
            starts_on=D(2021, 2, 1),
            ends_on=D(2021, 7, 1),
        )
    actions.occupancy_add(
        user=staff_user,
        residency=residency,
        space=space,
        area_m2=Decimal("30"),
        starts_on=D(2021, 2, 1),
        ends_on=D(2021, 2, 28),
    )
    assert Occupancy.objects.filter(space=space).count() == 4


def test_peak_use_counts_only_overlapping_days(space, residency):
    assert actions.space_peak_use(space, D(2020, 1, 1), D(2020, 12, 31)) == 0
    assert actions.space_peak_use(space, D(2020, 1, 1), D(2021, 1, 1)) == Decimal("40")


def test_occupancy_larger_than_a_space_is_refused(residency, staff_user):
    small = SpaceFactory(area_m2=Decimal("10"))
    with pytest.raises(ValidationError):
        actions.occupancy_add(
            user=staff_user, residency=residency, space=small, area_m2=Decimal("10.01"), starts_on=D(2021, 1, 1)
        )


def test_graduation_ends_the_residency_and_keeps_its_history(residency, staff_user):
    actions.residency_graduate(user=staff_user, residency=residency, on=D(2022, 12, 31), summary="成长为市级品牌组织")
    residency.refresh_from_db()
    assert residency.status == Residency.Status.GRADUATED and residency.ended_on == D(2022, 12, 31)
    assert residency.occupancies.get().ends_on == D(2022, 12, 31)
    assert residency.history.count() >= 2
    with pytest.raises(ValidationError):
        actions.residency_exit(user=staff_user, residency=residency, on=D(2023, 1, 1), reason="x")


def test_exit_needs_a_reason(residency, staff_user):
    with pytest.raises(ValidationError):
        actions.residency_exit(user=staff_user, residency=residency, on=D(2022, 1, 1), reason="")
    actions.residency_exit(user=staff_user, residency=residency, on=D(2022, 1, 1), reason="迁往市区")
    assert residency.status == Residency.Status.EXITED


def test_residents_on_a_day(residency, staff_user):
    assert Residency.objects.resident_on(D(2021, 6, 1)).count() == 1
    actions.residency_graduate(user=staff_user, residency=residency, on=D(2022, 1, 1), summary="孵化成功")
    assert Residency.objects.resident_on(D(2022, 1, 1)).count() == 0
    assert Residency.objects.resident_on(D(2020, 12, 31)).count() == 0
