import pytest

from orgs.models import JointMeeting

from .factories import DepartmentFactory, JointMeetingFactory, TrackedIssueFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/joint-meetings/"


def test_staff_create_meeting_through_the_api(staff_client):
    department = DepartmentFactory(name="团县委")
    response = staff_client.post(
        URL,
        {"held_on": "2022-07-15", "place": "会议室", "departments": [department.pk]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    meeting = JointMeeting.objects.get()
    assert response.json()["department_names"] == ["团县委"] and meeting.division_id == "510821"
    assert meeting.history.count() >= 1


def test_org_user_reads_own_meetings_only_and_cannot_write(client, org_user, other_org_user, organization):
    meeting = JointMeetingFactory()
    TrackedIssueFactory(meeting=meeting, organization=organization)
    client.force_login(org_user)
    assert client.get(URL).json()["count"] == 1
    assert client.post(URL, {"held_on": "2022-01-01"}, content_type="application/json").status_code == 403
    client.force_login(other_org_user)
    assert client.get(f"{URL}{meeting.pk}/").status_code == 404
    assert client.get(URL).json()["count"] == 0


def test_officials_read_only(official_client):
    JointMeetingFactory()
    assert official_client.get(URL).json()["count"] == 1
    assert official_client.post(URL, {"held_on": "2022-01-01"}, content_type="application/json").status_code == 403


@pytest.mark.parametrize("count", [10, 200])
def test_api_list_within_query_budget(staff_client, django_assert_max_num_queries, count):
    for _ in range(count // 5):
        meeting = JointMeetingFactory()
        meeting.departments.set([DepartmentFactory(name="民政局")])
        TrackedIssueFactory(meeting=meeting)
    with django_assert_max_num_queries(10):
        assert staff_client.get(URL).status_code == 200
