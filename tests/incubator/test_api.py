import datetime

import pytest
from rest_framework.test import APIClient

from incubator.models import Application

D = datetime.date


@pytest.fixture
def api():
    return APIClient()


def test_org_user_applies_through_the_api_and_staff_decide(api, batch, organization, org_user, staff_user):
    api.force_authenticate(org_user)
    response = api.post(
        "/api/v1/incubator/applications/",
        {"batch": batch.pk, "organization": organization.pk, "project_plan": "计划", "field": "电商", "submit": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert Application.objects.get(pk=pk).status == "submitted"
    # The organization cannot decide its own application.
    assert api.post(f"/api/v1/incubator/applications/{pk}/decide/", {"decision": "admitted"}).status_code == 400
    api.force_authenticate(staff_user)
    response = api.post(f"/api/v1/incubator/applications/{pk}/decide/", {"decision": "rejected", "reason": ""})
    assert response.status_code == 400 and "reason" in response.json()
    response = api.post(f"/api/v1/incubator/applications/{pk}/decide/", {"decision": "admitted", "reason": "好"})
    assert response.status_code == 200 and response.json()["status"] == "admitted"
    response = api.post(f"/api/v1/incubator/applications/{pk}/decide/", {"decision": "rejected", "reason": "x"})
    assert response.status_code == 400 and response.json()["detail"]


def test_org_user_cannot_apply_for_another_organization(api, batch, other_organization, org_user):
    api.force_authenticate(org_user)
    response = api.post(
        "/api/v1/incubator/applications/",
        {"batch": batch.pk, "organization": other_organization.pk, "project_plan": "p", "field": "f"},
    )
    assert response.status_code == 400


def test_resources_list_for_staff(api, residency, staff_user):
    api.force_authenticate(staff_user)
    for resource in ["spaces", "applications", "residencies", "trainings"]:
        response = api.get(f"/api/v1/incubator/{resource}/")
        assert response.status_code == 200, resource
        assert "results" in response.json()
    body = api.get(f"/api/v1/incubator/residencies/{residency.pk}/").json()
    assert body["occupancies"][0]["area_m2"] == "40.00"


def test_officials_cannot_write(api, batch, organization, official_user):
    api.force_authenticate(official_user)
    response = api.post("/api/v1/incubator/applications/", {"batch": batch.pk, "organization": organization.pk})
    assert response.status_code == 403
