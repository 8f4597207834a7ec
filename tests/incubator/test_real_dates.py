"""Past applications entered with their real dates: submitted and decided on the days they
were, counted in those periods, with the rules of live entry (no future day, a decision not
before the application, a residency not before its admission), and the history keeping
who entered them and when."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from incubator import actions
from incubator.models import Application
from incubator.queries import application_figures
from wangcang.catalogue import Scope
from wangcang.models import Division
from wangcang.periods import parse_period

pytestmark = pytest.mark.django_db


def test_staff_record_a_past_application_through_the_api_and_it_counts_in_its_year(batch, organization, staff_user):
    api = APIClient()
    api.force_authenticate(staff_user)
    answer = api.post(
        "/api/v1/incubator/applications/",
        {
            "batch": batch.pk,
            "organization": organization.pk,
            "project_plan": "电商培训",
            "field": "电子商务",
            "submitted_on": "2023-03-01",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    pk = answer.json()["id"]
    assert answer.json()["submitted_on"] == "2023-03-01"
    early = api.post(
        f"/api/v1/incubator/applications/{pk}/decide/",
        {"decision": "admitted", "decided_on": "2023-02-01"},
        format="json",
    )
    assert early.status_code == 400
    decided = api.post(
        f"/api/v1/incubator/applications/{pk}/decide/",
        {"decision": "admitted", "decided_on": "2023-04-10"},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    application = Application.objects.get(pk=pk)
    assert application.decided_on == date(2023, 4, 10)
    division = Division.objects.get(code="510821")
    assert application_figures(Scope(division=division, period=parse_period("2023")))["admitted"] == 1
    this_year = parse_period(str(timezone.localdate().year))
    assert application_figures(Scope(division=division, period=this_year))["admitted"] == 0
    # The history keeps who entered it and when, apart from the event's own days.
    latest = application.history.first()
    assert latest.history_user == staff_user
    assert timezone.localdate(latest.history_date) == timezone.localdate()


def test_dates_follow_the_rules_of_live_entry(batch, organization, org_user, staff_user):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError):
        actions.application_create(
            user=staff_user, batch=batch, organization=organization, project_plan="x", field="y", submitted_on=tomorrow
        )
    draft = actions.application_create(
        user=org_user, batch=batch, organization=organization, project_plan="x", field="y"
    )
    with pytest.raises(ValidationError):  # an organization cannot backdate its own submission
        actions.application_submit(user=org_user, application=draft, on=date(2023, 1, 1))
    # Staff record the day the paper application was handed in.
    application = actions.application_submit(user=staff_user, application=draft, on=date(2023, 3, 1))
    assert application.submitted_on == date(2023, 3, 1)
    with pytest.raises(ValidationError):
        actions.application_decide(user=staff_user, application=application, decision="admitted", decided_on=tomorrow)
    actions.application_decide(
        user=staff_user, application=application, decision="admitted", decided_on=date(2023, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        actions.residency_start(user=staff_user, application=application, started_on=date(2023, 3, 15))
    assert "started_on" in error.value.message_dict
    residency = actions.residency_start(user=staff_user, application=application, started_on=date(2023, 4, 5))
    with pytest.raises(ValidationError):
        actions.residency_graduate(user=staff_user, residency=residency, on=tomorrow, summary="孵化成功")
    actions.residency_graduate(user=staff_user, residency=residency, on=date(2024, 6, 30), summary="孵化成功")


def test_the_decide_page_takes_the_real_date(submitted, staff_client):
    submitted.submitted_on = date(2023, 3, 1)
    submitted.save()
    from django.urls import reverse

    response = staff_client.post(
        reverse("incubator:application-decide", args=[submitted.pk]),
        {"decision": "admitted", "reason": "", "decided_on": "2023-03-20"},
    )
    assert response.status_code in (302, 303)
    submitted.refresh_from_db()
    assert submitted.decided_on == date(2023, 3, 20)


def test_staff_record_an_earlier_application_on_its_page(batch, organization, other_organization, staff_client):
    from django.urls import reverse

    batch.status = batch.Status.CLOSED  # a batch of an earlier year
    batch.save()
    url = reverse("incubator:application-record")
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        {
            "batch": batch.pk,
            "organization": organization.pk,
            "project_plan": "往年纸质申请",
            "field": "公益",
            "staff_count": 3,
            "submitted_on": "2021-05-06",
        },
    )
    assert response.status_code in (302, 303), response.context["form"].errors if response.context else ""
    application = Application.objects.get(organization=organization)
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_on == date(2021, 5, 6)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = staff_client.post(
        url,
        {
            "batch": batch.pk,
            "organization": other_organization.pk,
            "project_plan": "x",
            "field": "y",
            "staff_count": 1,
            "submitted_on": future,
        },
    )
    assert response.status_code == 200  # refused on the form
    assert "submitted_on" in response.context["form"].errors
    assert not Application.objects.filter(organization=other_organization).exists()
