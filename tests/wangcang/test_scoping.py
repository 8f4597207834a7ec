import pytest

from orgs.models import Organization
from tests.orgs.factories import OrganizationFactory
from wangcang.models import User


@pytest.fixture
def spread(db):
    return {
        "wangcang": OrganizationFactory(division_id="510821"),
        "qingchuan": OrganizationFactory(division_id="510822"),
        "city": OrganizationFactory(division_id="510800"),
    }


@pytest.mark.django_db
def test_staff_see_their_division_and_below(make_user, spread):
    county = make_user("county", User.Role.STAFF, division="510821")
    city = make_user("city", User.Role.OFFICIAL, division="510800")
    province = make_user("province", User.Role.OFFICIAL, division="510000")
    assert set(Organization.objects.visible_to(county)) == {spread["wangcang"]}
    assert set(Organization.objects.visible_to(city)) == set(spread.values())
    assert set(Organization.objects.visible_to(province)) == set(spread.values())


@pytest.mark.django_db
def test_org_users_see_only_their_organizations(make_user, spread):
    user = make_user("o", User.Role.ORG, organizations=[spread["wangcang"], spread["city"]])
    assert set(Organization.objects.visible_to(user)) == {spread["wangcang"], spread["city"]}


@pytest.mark.django_db
def test_nobody_else_sees_anything(make_user, spread):
    from django.contrib.auth.models import AnonymousUser

    no_division = make_user("nodiv", User.Role.STAFF, division=None)
    inactive = make_user("gone", User.Role.STAFF)
    inactive.is_active = False
    assert not Organization.objects.visible_to(AnonymousUser()).exists()
    assert not Organization.objects.visible_to(no_division).exists()
    assert not Organization.objects.visible_to(inactive).exists()
    admin = User.objects.create_superuser("root", password="x" * 12)
    assert Organization.objects.visible_to(admin).count() == 3
