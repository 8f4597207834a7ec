"""Departments belong to a county: another county's staff neither see nor rename them."""

import pytest
from django.urls import reverse

from orgs.cohesion.models import Department
from wangcang.models import User

from .factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_another_countys_staff_cannot_see_or_rename_a_department(client, staff_user, make_user):
    ours = DepartmentFactory(name="民政局")
    theirs = DepartmentFactory(name="民政局", division_id="510802")  # the same name in another county
    client.force_login(make_user("lizhou.staff", User.Role.STAFF, division="510802"))
    page = client.get(reverse("orgs:department-list")).content.decode()
    assert reverse("orgs:department-edit", args=[theirs.pk]) in page
    assert reverse("orgs:department-edit", args=[ours.pk]) not in page
    assert client.get(reverse("orgs:department-edit", args=[ours.pk])).status_code == 404
    response = client.post(reverse("orgs:department-edit", args=[ours.pk]), {"name": "改名", "active": "on"})
    assert response.status_code == 404
    ours.refresh_from_db()
    assert ours.name == "民政局"


def test_a_new_department_belongs_to_its_creators_county_and_keeps_history(client, make_user):
    staff = make_user("lizhou.staff", User.Role.STAFF, division="510802")
    client.force_login(staff)
    response = client.post(reverse("orgs:department-create"), {"name": "团区委", "active": "on"})
    assert response.status_code == 302
    department = Department.objects.get(name="团区委")
    assert department.division_id == "510802"
    assert department.history.get().history_user == staff


def test_the_meeting_form_offers_only_the_countys_departments(staff_client):
    DepartmentFactory(name="县妇联")
    DepartmentFactory(name="区妇联", division_id="510802")
    page = staff_client.get(reverse("orgs:meeting-create")).content.decode()
    assert "县妇联" in page and "区妇联" not in page
