import pytest
from rest_framework.test import APIClient

from orgs.models import SelfReport
from tests.orgs.factories import OrganizationFactory

from .factories import FILLED, ReportingRoundFactory, SelfReportFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def report(organization):
    return SelfReportFactory(organization=organization)


def payload(**overrides):
    data = {name: str(value) for name, value in FILLED.items()}
    data.update(overrides)
    return data


def test_the_whole_way_through_the_api(org_user, staff_user, report):
    org = api(org_user)
    url = f"/api/v1/self-reports/{report.pk}/"
    response = org.patch(url, {"staff_count": 4, "problems": ["缺少活动场地"]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["staff_count"] == 4 and response.json()["problem_items"][0]["text"] == "缺少活动场地"
    response = org.post(url + "submit/")
    assert response.status_code == 400 and "dues_collected" in response.json()
    org.patch(url, payload(), format="json")
    response = org.post(url + "submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert org.patch(url, {"staff_count": 1}, format="json").status_code == 400
    assert org.post(url + "accept/").status_code == 403
    assert org.post(url + "return/", {"comment": "x"}, format="json").status_code == 403
    staff = api(staff_user)
    response = staff.post(
        url + "return/", {"comment": "请核对", "field_comments": {"dues_collected": "不符"}}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert response.json()["field_comments"] == {"dues_collected": "不符"}
    assert staff.post(url + "accept/").status_code == 400
    org.patch(url, {"dues_collected": "1200.00"}, format="json")
    assert org.post(url + "submit/").json()["status"] == "resubmitted"
    response = staff.post(url + "accept/")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert response.json()["dues_collected"] == "1200.00"


def test_accepting_a_draft_is_refused(staff_user, report):
    response = api(staff_user).post(f"/api/v1/self-reports/{report.pk}/accept/")
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == SelfReport.Status.DRAFT


def test_another_organizations_user_gets_404(other_org_user, report):
    client = api(other_org_user)
    assert client.get(f"/api/v1/self-reports/{report.pk}/").status_code == 404
    assert client.post(f"/api/v1/self-reports/{report.pk}/submit/").status_code == 404
    assert client.patch(f"/api/v1/self-reports/{report.pk}/", {"staff_count": 1}, format="json").status_code == 404
    assert client.get("/api/v1/self-reports/").json()["count"] == 0


def test_officials_read_only(official_user, report):
    client = api(official_user)
    assert client.get(f"/api/v1/self-reports/{report.pk}/").status_code == 200
    assert client.post(f"/api/v1/self-reports/{report.pk}/accept/").status_code == 403


@pytest.mark.parametrize("count", [10, 300])
def test_list_query_budget_is_flat(staff_user, django_assert_max_num_queries, count):
    reporting_round = ReportingRoundFactory()
    SelfReport.objects.bulk_create(
        [SelfReport(round=reporting_round, organization=org) for org in OrganizationFactory.create_batch(count)]
    )
    with django_assert_max_num_queries(6):
        response = api(staff_user).get("/api/v1/self-reports/", {"round": reporting_round.pk, "page_size": 500})
    assert response.json()["count"] == count
