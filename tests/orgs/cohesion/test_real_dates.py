"""Committee seats, secondments, issues raised at meetings and sign-ins to trainings entered
with their real days, through the pages and the API, with the rules of live entry: an end
not before its start, no day before 1900, no past event in the future, an issue not raised
before its meeting, nobody signed in to a training not yet held. Refusals in Chinese, at the
field, and nothing stored."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from incubator.models import Attendance
from orgs.models import CommitteeSeat, Secondment, TrackedIssue
from tests.incubator.factories import TrainingFactory

from .factories import JointMeetingFactory

pytestmark = pytest.mark.django_db

FUTURE = "日期不能晚于今天"
TOO_EARLY = "日期不能早于1900年"
ORDER = "不能早于"


def tomorrow() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


SEAT = {"person": "张委员", "term": "第十二届", "elected_at": "十二届二次全委会", "ends_on": ""}
SECONDMENT = {"person": "李社工", "kind": "social_worker", "duties": "", "ends_on": ""}
WRONG_DAYS = [
    ({"starts_on": "TOMORROW"}, "starts_on", FUTURE),
    ({"starts_on": "1899-12-31"}, "starts_on", TOO_EARLY),
    ({"starts_on": "2023-05-01", "ends_on": "2023-04-30"}, "ends_on", ORDER),
]


def typed(changes: dict) -> dict:
    return {name: tomorrow() if value == "TOMORROW" else value for name, value in changes.items()}


@pytest.mark.parametrize(
    ("url", "model", "base"),
    [
        ("/orgs/appointments/seats/new/", CommitteeSeat, SEAT),
        ("/orgs/appointments/secondments/new/", Secondment, SECONDMENT),
    ],
)
@pytest.mark.parametrize(("changes", "field", "message"), WRONG_DAYS)
def test_appointment_pages_refuse_implausible_days(
    staff_client, organization, url, model, base, changes, field, message
):
    with translation.override("zh-hans"):
        response = staff_client.post(url, {**base, "organization": organization.pk, **typed(changes)})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field, [])), errors
    assert message in response.content.decode()
    assert not model.objects.exists()


@pytest.mark.parametrize(
    ("url", "model", "base"),
    [
        ("/api/v1/committee-seats/", CommitteeSeat, SEAT),
        ("/api/v1/secondments/", Secondment, SECONDMENT),
    ],
)
@pytest.mark.parametrize(("changes", "field", "message"), WRONG_DAYS)
def test_appointment_api_refuses_implausible_days(
    staff_client, organization, url, model, base, changes, field, message
):
    payload = {**base, "organization": organization.pk, "ends_on": None, **typed(changes)}
    response = staff_client.post(url, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400, response.content
    assert message in " ".join(response.json()[field]), response.json()
    assert not model.objects.exists()


def test_appointments_of_earlier_years_are_entered_with_their_days(staff_client, organization):
    page = staff_client.post(
        "/orgs/appointments/seats/new/",
        {**SEAT, "organization": organization.pk, "starts_on": "2019-03-01", "ends_on": "2024-02-29"},
    )
    assert page.status_code in (302, 303), page.context["form"].errors if page.context else page.status_code
    answer = staff_client.post(
        "/api/v1/secondments/",
        {**SECONDMENT, "organization": organization.pk, "starts_on": "2021-09-01", "ends_on": None},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert CommitteeSeat.objects.get().starts_on == date(2019, 3, 1)
    assert Secondment.objects.get().starts_on == date(2021, 9, 1)
    # A term that runs on past today is a term, not a future event.
    answer = staff_client.patch(
        f"/api/v1/secondments/{answer.json()['id']}/",
        {"ends_on": (timezone.localdate() + timedelta(days=365)).isoformat()},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content


def test_an_issue_is_not_raised_before_its_meeting(staff_client, organization):
    meeting = JointMeetingFactory(held_on=date(2023, 6, 1))
    message = "不能早于会议召开日期（2023-06-01）"
    page = staff_client.post(
        f"/orgs/meetings/{meeting.pk}/issues/",
        {"organization": organization.pk, "description": "场地不足", "raised_on": "2023-05-20"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code in (200, 302, 303)
    assert message in page.content.decode() or message in str(list(page.wsgi_request._messages))
    answer = staff_client.post(
        "/api/v1/tracked-issues/",
        {"meeting": meeting.pk, "organization": organization.pk, "description": "场地不足", "raised_on": "2023-05-20"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert answer.status_code == 400 and message in " ".join(answer.json()["raised_on"]), answer.content
    assert not TrackedIssue.objects.exists()
    # On the meeting's day or later, with the real day typed on the page.
    page = staff_client.post(
        f"/orgs/meetings/{meeting.pk}/issues/",
        {"organization": organization.pk, "description": "场地不足", "raised_on": "2023-06-01"},
    )
    assert page.status_code in (302, 303)
    page = staff_client.post("/orgs/issues/new/", {"description": "经费紧张", "raised_on": "2022-11-05"})
    assert page.status_code in (302, 303), page.context["form"].errors if page.context else page.status_code
    assert sorted(TrackedIssue.objects.values_list("raised_on", flat=True)) == [date(2022, 11, 5), date(2023, 6, 1)]


def test_nobody_signs_in_to_a_training_not_yet_held(staff_client, organization):
    planned = TrainingFactory(held_on=timezone.localdate() + timedelta(days=7))
    message = "的培训尚未举行"
    page = staff_client.post(
        f"/incubator/trainings/{planned.pk}/",
        {"sign_in": "1", "person_name": "王学员", "organization": organization.pk},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 200 and message in page.content.decode()
    answer = staff_client.post(
        f"/api/v1/incubator/trainings/{planned.pk}/attendance/",
        {"person_name": "王学员", "organization": organization.pk},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert answer.status_code == 400 and message in answer.content.decode(), answer.content
    assert not Attendance.objects.exists()
    # A training held: people sign in, and it can no longer be moved into the future.
    held = TrainingFactory(held_on=date(2023, 4, 8))
    answer = staff_client.post(
        f"/api/v1/incubator/trainings/{held.pk}/attendance/",
        {"person_name": "王学员", "organization": organization.pk},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    held.held_on = timezone.localdate() + timedelta(days=3)
    with translation.override("zh-hans"), pytest.raises(Exception) as refused:
        held.full_clean()
    assert "已有人签到" in str(refused.value)
