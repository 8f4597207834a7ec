import datetime
from decimal import Decimal

import pytest

from incubator import actions
from incubator.models import Application
from wangcang.models import User

from .factories import BatchFactory, CriterionFactory, SpaceFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def batch(db):
    batch = BatchFactory()
    CriterionFactory(batch=batch, name="社会影响", weight=Decimal("3"), max_score=100)
    CriterionFactory(batch=batch, name="公益服务", weight=Decimal("2"), max_score=50)
    CriterionFactory(batch=batch, name="职工评价", weight=Decimal("1"), max_score=10)
    return batch


@pytest.fixture
def reviewer(make_user):
    return make_user("reviewer1", User.Role.STAFF, last_name="赵", first_name="评审")


@pytest.fixture
def submitted(batch, org_user, organization) -> Application:
    return actions.application_create(
        user=org_user,
        batch=batch,
        organization=organization,
        project_plan="电商助农培训项目",
        field="电子商务",
        staff_count=6,
        help_wanted="场地、培训",
        submit=True,
    )


@pytest.fixture
def admitted(submitted, staff_user) -> Application:
    # Handed in and decided before the residencies of the tests start (2021-01-01).
    submitted.submitted_on = datetime.date(2020, 12, 1)
    submitted.save(update_fields=["submitted_on"])
    return actions.application_decide(
        user=staff_user,
        application=submitted,
        decision="admitted",
        reason="符合条件",
        decided_on=datetime.date(2020, 12, 15),
    )


@pytest.fixture
def space(db):
    return SpaceFactory(area_m2=Decimal("100.00"))


@pytest.fixture
def residency(admitted, staff_user, space):
    return actions.residency_start(
        user=staff_user,
        application=admitted,
        started_on=datetime.date(2021, 1, 1),
        space=space,
        area_m2=Decimal("40"),
        venue_waiver=Decimal("1000"),
        utilities_waiver=Decimal("300"),
        training_waiver=Decimal("200"),
        services_waiver=Decimal("500"),
    )
