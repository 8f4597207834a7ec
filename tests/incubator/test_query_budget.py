"""List pages and API lists read a fixed number of queries whatever the number of rows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from incubator.models import (
    Application,
    Attendance,
    Occupancy,
    Residency,
    SupportEntry,
)
from tests.orgs.factories import OrganizationFactory

from .factories import BatchFactory, SpaceFactory, TrainingFactory

D = datetime.date
BUDGET = 16


def build(count: int) -> None:
    batch = BatchFactory()
    space = SpaceFactory(area_m2=Decimal("100000"))
    training = TrainingFactory()
    organizations = OrganizationFactory.create_batch(count)
    applications = Application.objects.bulk_create(
        Application(
            batch=batch, organization=o, project_plan="p", field="f", status="admitted", decided_on=D(2020, 9, 1)
        )
        for o in organizations
    )
    residencies = Residency.objects.bulk_create(
        Residency(application=a, organization=a.organization, started_on=D(2020, 9, 1)) for a in applications
    )
    Occupancy.objects.bulk_create(
        Occupancy(residency=r, space=space, area_m2=Decimal("10"), starts_on=D(2020, 9, 1)) for r in residencies
    )
    SupportEntry.objects.bulk_create(
        SupportEntry(
            division_id="510821",
            organization=r.organization,
            residency=r,
            kind="venue",
            amount=Decimal("100"),
            value_date=D(2021, 1, 1),
        )
        for r in residencies
    )
    Attendance.objects.bulk_create(
        Attendance(training=training, organization=o, person_name=f"学员{i}") for i, o in enumerate(organizations)
    )
    for _ in range(count // 10):
        TrainingFactory()


PAGES = [
    "space-list",
    "application-list",
    "residency-list",
    "training-list",
    "support-list",
    "occupancy",
    "dashboard",
    "batch-list",
    "mentor-list",
    "visit-list",
    "targets",
    "site-list",
    "review-list",
]
APIS = ["spaces", "applications", "residencies", "trainings"]


@pytest.mark.parametrize("count", [10, 300])
def test_list_pages_and_api_lists_stay_within_the_budget(staff_client, django_assert_max_num_queries, count):
    build(count)
    for name in PAGES:
        with django_assert_max_num_queries(BUDGET, info=name):
            assert staff_client.get(reverse(f"incubator:{name}")).status_code == 200
    for resource in APIS:
        with django_assert_max_num_queries(BUDGET, info=resource):
            assert staff_client.get(f"/api/v1/incubator/{resource}/").status_code == 200


@pytest.mark.parametrize("count", [10, 300])
def test_org_user_pages_stay_within_the_budget(client, make_user, django_assert_max_num_queries, count):
    build(count)
    organization = Residency.objects.first().organization
    client.force_login(make_user("orgq", "org", organizations=[organization]))
    for name in ["mine", "application-list", "residency-list", "support-list", "training-list"]:
        with django_assert_max_num_queries(BUDGET, info=name):
            assert client.get(reverse(f"incubator:{name}")).status_code == 200
