import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from orgs.models import ReportingRound, SelfReport, SelfReportAttachment
from orgs.selfreports import actions
from tests import samples
from tests.orgs.factories import OrganizationFactory

from .factories import FILLED, ReportingRoundFactory, SelfReportFactory

pytestmark = pytest.mark.django_db

PNG = samples.PNG
PDF = samples.PDF
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def report(organization):
    return SelfReportFactory(organization=organization)


def form_data(**overrides):
    data = {name: "" if value is None else str(value) for name, value in FILLED.items()}
    data["problems"] = "缺少活动场地\n缺少培训经费"
    data.update(overrides)
    return data


def test_org_user_saves_a_draft_then_submits_and_sees_what_is_missing(org_client, report):
    url = reverse("orgs:self-report-edit", args=[report.pk])
    response = org_client.post(url, form_data(dues_collected="", save="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "draft" and report.dues_collected is None and report.problems.count() == 2
    response = org_client.post(url, form_data(dues_collected="", submit="1"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "会费" in content and "请填写" in content
    report.refresh_from_db()
    assert report.status == "draft"
    response = org_client.post(url, form_data(submit="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.versions.count() == 1
    # After submission the form is closed.
    response = org_client.post(url, form_data(staff_count="1", save="1"))
    report.refresh_from_db()
    assert report.staff_count == 12


def test_bad_numbers_are_refused_at_the_field(org_client, report):
    response = org_client.post(
        reverse("orgs:self-report-edit", args=[report.pk]), form_data(staff_count="-3", dues_collected="abc", save="1")
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.saved_at is None


def test_staff_return_with_comments_and_accept(staff_client, org_user, report):
    actions.self_report_save_draft(user=org_user, self_report=report, figures=FILLED)
    actions.self_report_submit(user=org_user, self_report=report)
    detail = staff_client.get(report.get_absolute_url())
    assert detail.status_code == 200 and 'data-testid="return-form"' in detail.content.decode()
    response = staff_client.post(reverse("orgs:self-report-return", args=[report.pk]), {"return-comment": ""})
    assert response.status_code == 400
    response = staff_client.post(
        reverse("orgs:self-report-return", args=[report.pk]),
        {"return-comment": "请补充签到表", "return-on_dues_collected": "会费与人数不符"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "returned" and report.field_comments == {"dues_collected": "会费与人数不符"}
    staff_client.post(reverse("orgs:self-report-accept", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "returned"  # a returned report cannot be accepted


def test_org_user_cannot_accept_or_return(org_client, org_user, report):
    actions.self_report_save_draft(user=org_user, self_report=report, figures=FILLED)
    actions.self_report_submit(user=org_user, self_report=report)
    assert org_client.post(reverse("orgs:self-report-accept", args=[report.pk])).status_code == 403
    assert (
        org_client.post(reverse("orgs:self-report-return", args=[report.pk]), {"return-comment": "x"}).status_code
        == 403
    )
    report.refresh_from_db()
    assert report.status == "submitted"


def test_attachments_are_checked_by_content_and_served_only_to_who_may_see(
    org_client, client, report, other_org_user, staff_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("orgs:self-report-upload", args=[report.pk])
    disguised = SimpleUploadedFile("签到表.pdf", HTML, content_type="application/pdf")
    response = org_client.post(url, {"file": disguised}, follow=True)
    assert not SelfReportAttachment.objects.exists()
    assert "不是" in response.content.decode() or "not an accepted" in response.content.decode()
    org_client.post(url, {"file": SimpleUploadedFile("签到表.png", PNG, content_type="image/png")})
    org_client.post(url, {"file": SimpleUploadedFile("证书.pdf", PDF, content_type="application/pdf")})
    attachment = SelfReportAttachment.objects.get(original_name="签到表.png")
    assert not attachment.file.name.startswith("static") and "签到表" not in attachment.file.name
    response = org_client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    org_client.logout()
    client.force_login(other_org_user)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("orgs:self-report-edit", args=[report.pk])).status_code == 404
    assert client.post(url, {"file": SimpleUploadedFile("x.png", PNG)}).status_code == 404
    assert client.get(reverse("orgs:self-report-list")).content.decode().count(report.organization.name) == 0
    client.force_login(staff_user)
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_another_division_staff_gets_404(make_user, report, client):
    other = make_user("staff-cangxi", "staff", division="510824")
    client.force_login(other)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(report.round.get_absolute_url()).status_code == 404


def test_staff_opens_a_round_from_the_form(staff_client):
    OrganizationFactory.create_batch(3)
    response = staff_client.post(
        reverse("orgs:round-create"), {"title": "2023年度", "period": "2023-Q5", "due_on": "2024-01-31"}
    )
    assert response.status_code == 200 and "Q1" in response.content.decode()
    response = staff_client.post(
        reverse("orgs:round-create"), {"title": "2023年度", "period": "2023", "due_on": "2024-01-31"}
    )
    reporting_round = ReportingRound.objects.get()
    assert response.status_code == 302 and reporting_round.self_reports.count() == 3


def _round_with(count: int) -> ReportingRound:
    reporting_round = ReportingRoundFactory(due_on=timezone.localdate() - timedelta(days=1))
    organizations = OrganizationFactory.create_batch(count)
    statuses = ["draft", "submitted", "returned", "accepted", "resubmitted"]
    SelfReport.objects.bulk_create(
        [
            SelfReport(
                round=reporting_round,
                organization=organization,
                status=statuses[index % 5],
                saved_at=timezone.now() if index % 10 else None,
                accepted_at=timezone.now() if statuses[index % 5] == "accepted" else None,
                **(FILLED if statuses[index % 5] == "accepted" else {}),
            )
            for index, organization in enumerate(organizations)
        ]
    )
    return reporting_round


@pytest.mark.parametrize("count", [10, 500])
def test_round_overview_counts_and_query_budget_is_flat(staff_client, django_assert_max_num_queries, count):
    reporting_round = _round_with(count)
    # 13: the filter bar's saved filter tabs read the user's saved filters once.
    with django_assert_max_num_queries(13):
        response = staff_client.get(reporting_round.get_absolute_url())
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.total == count
    assert summary.counts["accepted"] == count // 5
    assert summary.counts["submitted"] == 2 * count // 5
    assert summary.counts["not_started"] == count // 10
    assert summary.counts["overdue"] == 2 * count // 5
    with django_assert_max_num_queries(13):
        response = staff_client.get(reporting_round.get_absolute_url(), {"state": "overdue"})
    assert len(response.context["reports"]) == min(50, 2 * count // 5)


def test_overview_filters_by_town_and_industry(staff_client):
    from orgs.models import Organization, Town

    town = Town.objects.create(division_id="510821", name="嘉川镇")
    reporting_round = ReportingRoundFactory()
    SelfReportFactory(round=reporting_round, organization=OrganizationFactory(town=town))
    SelfReportFactory(round=reporting_round, organization=OrganizationFactory(industry=Organization.Industry.CHARITY))
    response = staff_client.get(reporting_round.get_absolute_url(), {"town": town.pk})
    assert response.context["summary"].total == 1
    response = staff_client.get(reporting_round.get_absolute_url(), {"industry": "charity"})
    assert response.context["summary"].total == 1 and len(response.context["reports"]) == 1


def test_export_of_a_rounds_list_gives_the_listed_reports(staff_client, django_assert_max_num_queries):
    reporting_round = _round_with(20)
    with django_assert_max_num_queries(12):
        response = staff_client.get(reporting_round.get_absolute_url(), {"export": "xlsx", "state": "accepted"})
        content = b"".join(response.streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    header = rows[0]
    assert "会费" in "".join(str(cell) for cell in header) or "dues" in "".join(str(cell) for cell in header)
    dues_column = next(index for index, cell in enumerate(header) if "会费" in str(cell) or "dues" in str(cell))
    assert {row[dues_column] for row in rows[1:]} == {1320}
    # Unfiltered, the export holds every report the list shows, with its status.
    response = staff_client.get(reporting_round.get_absolute_url(), {"export": "xlsx"})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert (
        len(rows)
        == 1 + 20
        == 1 + staff_client.get(reporting_round.get_absolute_url()).context["page_obj"].paginator.count
    )
    status_column = rows[0].index(str(SelfReport._meta.get_field("status").verbose_name))
    assert len({row[status_column] for row in rows[1:]}) == 5


def test_export_is_only_for_staff_and_officials(org_client, report):
    assert org_client.get(report.round.get_absolute_url(), {"export": "xlsx"}).status_code == 403


def test_bulk_reminder_from_the_overview(staff_client, make_user, report, django_capture_on_commit_callbacks):
    make_user("org-r", "org", organizations=[report.organization])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(report.round.get_absolute_url())
        staff_client.post(report.round.get_absolute_url())
    from wangcang.models import Notification

    assert Notification.objects.filter(key__startswith=f"self-report:{report.pk}:reminder-").count() == 1


def test_problem_is_tracked_from_the_detail_page(staff_client, org_user, report):
    actions.self_report_save_draft(user=org_user, self_report=report, figures=FILLED, problems=["缺少活动场地"])
    actions.self_report_submit(user=org_user, self_report=report)
    problem = report.problems.get()
    staff_client.post(reverse("orgs:self-report-problem-track", args=[problem.pk]))
    problem.refresh_from_db()
    assert problem.tracked_issue.status == "open"
    page = staff_client.get(report.get_absolute_url()).content.decode()
    assert "缺少活动场地" in page


def test_staff_see_the_diff_between_versions(staff_client, org_user, staff_user, report):
    actions.self_report_save_draft(user=org_user, self_report=report, figures=FILLED)
    actions.self_report_submit(user=org_user, self_report=report)
    actions.self_report_return(user=staff_user, self_report=report, comment="核对")
    actions.self_report_save_draft(user=org_user, self_report=report, figures={"union_member_count": 15})
    actions.self_report_submit(user=org_user, self_report=report)
    page = staff_client.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="diff-2"' in page and "11 → <strong>15</strong>" in page


def test_lists_by_state_and_date_edge(staff_client):
    reporting_round = ReportingRoundFactory(due_on=date.today())
    SelfReportFactory(round=reporting_round)
    response = staff_client.get(reporting_round.get_absolute_url())
    assert response.context["summary"].counts["overdue"] == 0


def test_background_export_of_every_accepted_report(
    staff_client, make_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    from wangcang.models import BackgroundJob

    settings.MEDIA_ROOT = tmp_path
    _round_with(10)
    other = ReportingRoundFactory(division_id="510824")
    SelfReportFactory(
        round=other, organization__division_id="510824", status="accepted", accepted_at=timezone.now(), **FILLED
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("orgs:round-list"))
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "done" and job.total == 2
    download = staff_client.get(reverse("job-file", args=[job.pk]))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True)
    )
    assert len(rows) == 1 + 2


def test_org_user_cannot_start_the_export(org_client):
    assert org_client.post(reverse("orgs:round-list")).status_code == 403


def test_officials_read_but_do_not_review_or_remind(official_client, org_user, report):
    actions.self_report_save_draft(user=org_user, self_report=report, figures=FILLED)
    actions.self_report_submit(user=org_user, self_report=report)
    assert official_client.get(report.round.get_absolute_url()).status_code == 200
    page = official_client.get(report.get_absolute_url())
    assert page.status_code == 200 and 'data-testid="accept-report"' not in page.content.decode()
    assert official_client.post(reverse("orgs:self-report-accept", args=[report.pk])).status_code == 403
    assert official_client.post(report.round.get_absolute_url()).status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"
