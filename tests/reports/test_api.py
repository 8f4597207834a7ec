import pytest
from django.urls import reverse

from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory
from wangcang.models import User

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/indicators/"


def test_answer_has_the_contract_shape(test_catalogue, staff_client):
    OrganizationFactory.create_batch(3)
    response = staff_client.get(URL, {"division": "510821", "period": "2022"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"division", "period", "indicators"}
    assert data["division"] == "510821"
    assert data["period"]["key"] == "2022"
    assert data["period"]["start"] == "2022-01-01" and data["period"]["end"] == "2022-12-31"
    codes = [row["code"] for row in data["indicators"]]
    assert codes[:2] == ["orgs.total", "orgs.with_party"]
    row = data["indicators"][0]
    assert set(row) >= {"code", "label", "value", "unit"}
    assert row["value"] == 3 and isinstance(row["value"], int)
    rate = next(r for r in data["indicators"] if r["code"] == "orgs.co_construction_rate")
    assert isinstance(rate["value"], (int, float)) and not isinstance(rate["value"], bool)
    money = next(r for r in data["indicators"] if r["code"] == "selfreports.dues_reported")
    assert money["value"] == 0


def test_bad_period_is_a_chinese_400(test_catalogue, staff_client):
    response = staff_client.get(URL, {"division": "510821", "period": "2022-Q5"})
    assert response.status_code == 400
    assert "季度" in response.json()["period"][0] or "Q1" in response.json()["period"][0]
    response = staff_client.get(URL, {"period": "昨天"})
    assert response.status_code == 400
    assert "不是" in response.json()["period"][0]


def test_division_outside_the_scope_is_404(test_catalogue, staff_client):
    assert staff_client.get(URL, {"division": "510822"}).status_code == 404
    assert staff_client.get(URL, {"division": "510800"}).status_code == 404
    assert staff_client.get(URL, {"division": "999999"}).status_code == 404


def test_city_official_sees_its_counties_and_the_city(test_catalogue, client, make_user):
    OrganizationFactory.create_batch(2, division_id="510822")
    OrganizationFactory.create_batch(3)
    client.force_login(make_user("city-official", User.Role.OFFICIAL, division="510800"))
    city = client.get(URL, {"division": "510800"}).json()
    county = client.get(URL, {"division": "510822"}).json()
    assert county["indicators"][0]["value"] == 2
    assert city["indicators"][0]["value"] == 5


def test_org_user_gets_only_their_organizations_figures(test_catalogue, client, org_user, organization):
    other = OrganizationFactory()
    MemberFactory.create_batch(2, branch=UnionBranchFactory(organization=organization))
    MemberFactory.create_batch(7, branch=UnionBranchFactory(organization=other))
    client.force_login(org_user)
    data = client.get(URL).json()
    values = {row["code"]: row["value"] for row in data["indicators"]}
    assert values["orgs.total"] == 1
    assert values["unions.members"] == 2
    assert client.get(URL, {"organization": other.pk}).status_code == 404
    assert client.get(URL, {"organization": organization.pk}).status_code == 200
    assert client.get(URL, {"division": "510822"}).status_code == 404


def test_staff_may_narrow_to_one_organization_of_their_division(test_catalogue, staff_client):
    org = OrganizationFactory()
    outside = OrganizationFactory(division_id="510822")
    OrganizationFactory.create_batch(2)
    data = staff_client.get(URL, {"organization": org.pk}).json()
    assert data["indicators"][0]["value"] == 1
    assert staff_client.get(URL, {"organization": outside.pk}).status_code == 404
    assert staff_client.get(URL, {"organization": "x"}).status_code == 404


def test_anonymous_is_refused(client):
    assert client.get(URL).status_code in (401, 403)


@pytest.mark.parametrize("count", [10, 500])
def test_query_budget_is_flat(test_catalogue, staff_client, django_assert_max_num_queries, count):
    orgs = OrganizationFactory.build_batch(count)
    from orgs.models import Organization

    Organization.objects.bulk_create(orgs)
    # The first read computes and keeps the figures; the next reads them.
    with django_assert_max_num_queries(20):
        response = staff_client.get(URL, {"period": "2022"})
    assert response.status_code == 200
    assert response.json()["indicators"][0]["value"] == count
    with django_assert_max_num_queries(8):
        response = staff_client.get(URL, {"period": "2022"})
    assert response.json()["computed_at"] is not None


def test_schema_lists_the_resource(staff_client):
    assert "/api/v1/reports/indicators/" in staff_client.get(reverse("api-schema")).content.decode()
