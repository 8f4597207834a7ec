import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from orgs.models import JointMeeting, MeetingAttachment, TrackedIssue
from tests import samples

from .factories import (
    CommitteeSeatFactory,
    DepartmentFactory,
    JointMeetingFactory,
    SecondmentFactory,
    TrackedIssueFactory,
)

pytestmark = pytest.mark.django_db

PNG = samples.PNG


def test_staff_record_meeting_raise_issue_and_resolve(staff_client, organization):
    department = DepartmentFactory(name="民政局")
    response = staff_client.post(
        reverse("orgs:meeting-create"),
        {
            "held_on": "2022-03-18",
            "place": "县总工会",
            "chair": "主席",
            "departments": [department.pk],
            "minutes": "纪要",
        },
    )
    meeting = JointMeeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    response = staff_client.post(
        reverse("orgs:meeting-issue-create", args=[meeting.pk]),
        {
            "organization": organization.pk,
            "description": "缺少场地",
            "owner_department": department.pk,
            "due_on": "2022-05-01",
        },
    )
    issue = TrackedIssue.objects.get()
    assert issue.meeting == meeting and issue.raised_on == datetime.date(2022, 3, 18)
    empty = staff_client.post(reverse("orgs:issue-resolve", args=[issue.pk]), {"resolution": ""})
    assert empty.status_code == 200 and "该字段是必填项" in empty.content.decode()
    staff_client.post(
        reverse("orgs:issue-resolve", args=[issue.pk]), {"resolution": "提供场地", "resolved_on": "2022-04-01"}
    )
    issue.refresh_from_db()
    assert issue.status == "resolved" and issue.resolved_on == datetime.date(2022, 4, 1)
    page = staff_client.get(meeting.get_absolute_url()).content.decode()
    assert "缺少场地" in page and "提供场地" in page


def test_attachment_checked_by_content_and_served_in_scope(client, staff_user, org_user, other_org_user, organization):
    meeting = JointMeetingFactory()
    TrackedIssueFactory(meeting=meeting, organization=organization)
    client.force_login(staff_user)
    fake = SimpleUploadedFile("纪要.pdf", b"<html>not a pdf</html>")
    response = client.post(reverse("orgs:meeting-attachment-add", args=[meeting.pk]), {"file": fake})
    assert response.status_code == 200 and MeetingAttachment.objects.count() == 0
    client.post(
        reverse("orgs:meeting-attachment-add", args=[meeting.pk]), {"file": SimpleUploadedFile("签到表.png", PNG)}
    )
    attachment = MeetingAttachment.objects.get()
    assert b"".join(client.get(attachment.get_absolute_url()).streaming_content) == PNG
    client.force_login(org_user)
    assert client.get(attachment.get_absolute_url()).status_code == 200
    client.force_login(other_org_user)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_org_user_sees_meeting_issues_about_them_only(
    client, org_user, other_org_user, organization, other_organization
):
    meeting = JointMeetingFactory()
    mine = TrackedIssueFactory(meeting=meeting, organization=organization, description="我们的问题")
    theirs = TrackedIssueFactory(meeting=meeting, organization=other_organization, description="别人的问题")
    client.force_login(org_user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "我们的问题" in page and "别人的问题" not in page
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(reverse("orgs:issue-edit", args=[mine.pk])).status_code == 403
    alone = JointMeetingFactory()
    TrackedIssueFactory(meeting=alone, organization=other_organization)
    assert client.get(alone.get_absolute_url()).status_code == 404
    client.force_login(other_org_user)
    assert client.get(mine.get_absolute_url()).status_code == 404
    export = client.get(reverse("orgs:issue-list") + "?export=xlsx")
    text = str(list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values))
    assert "别人的问题" in text and "我们的问题" not in text


def test_board_shows_overdue_first_with_badge(staff_client):
    TrackedIssueFactory(description="以后到期", due_on=datetime.date(2999, 1, 1))
    TrackedIssueFactory(description="早已逾期", due_on=datetime.date(2020, 1, 1))
    page = staff_client.get(reverse("orgs:issue-board")).content.decode()
    assert page.index("早已逾期") < page.index("以后到期")
    assert "text-bg-danger" in page


def test_appointments_page_shows_stock_at_a_date(staff_client):
    CommitteeSeatFactory(person="甲委员", starts_on=datetime.date(2022, 6, 1))
    SecondmentFactory(person="乙社工", starts_on=datetime.date(2022, 3, 1), ends_on=datetime.date(2022, 5, 1))
    page = staff_client.get(reverse("orgs:appointment-list"), {"on": "2022-04-01"})
    assert list(page.context["seats"]) == [] and [s.person for s in page.context["secondments"]] == ["乙社工"]
    page = staff_client.get(reverse("orgs:appointment-list"), {"on": "2022-07-01"})
    assert [s.person for s in page.context["seats"]] == ["甲委员"] and list(page.context["secondments"]) == []


def test_official_reads_but_cannot_write(official_client):
    meeting = JointMeetingFactory()
    assert official_client.get(meeting.get_absolute_url()).status_code == 200
    assert official_client.get(reverse("orgs:meeting-create")).status_code == 403
    assert official_client.get(reverse("orgs:department-list")).status_code == 403


@pytest.mark.parametrize("count", [10, 200])
def test_list_pages_within_query_budget(staff_client, django_assert_max_num_queries, count):
    departments = [DepartmentFactory(name=name) for name in ("民政局", "团县委", "县妇联")]
    for index in range(count // 10):
        meeting = JointMeetingFactory(held_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=index))
        meeting.departments.set(departments)
    for _ in range(count):
        TrackedIssueFactory(meeting=meeting, owner_department=departments[0])
    for _ in range(count // 10):
        CommitteeSeatFactory()
        SecondmentFactory()
    for name in ("meeting-list", "issue-board", "issue-list"):
        with django_assert_max_num_queries(12):
            assert staff_client.get(reverse(f"orgs:{name}")).status_code == 200
    with django_assert_max_num_queries(10):
        staff_client.get(reverse("orgs:appointment-list"))


def test_issue_carried_from_a_self_report_is_on_the_board(staff_client, organization):
    from orgs.models import SelfReportProblem
    from tests.services.funds.factories import accepted_self_report

    report = accepted_self_report(organization, None)
    problem = SelfReportProblem.objects.create(self_report=report, text="缺少党工共建活动经费")
    issue = TrackedIssue.objects.create(
        division_id="510821",
        organization=organization,
        description=problem.text,
        self_report_problem=problem,
        raised_on=datetime.date(2023, 1, 10),
    )
    assert "缺少党工共建活动经费" in staff_client.get(reverse("orgs:issue-board")).content.decode()
    assert staff_client.get(issue.get_absolute_url()).status_code == 200
