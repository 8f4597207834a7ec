"""Bulk actions (wangcang/bulk.py): each row goes through the one-by-one action; rows out of
scope, in the wrong state or barred by separation of duties are refused with the reason; the
form is safe to submit twice; above the inline limit the run is a background job."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from orgs.models import SelfReport, TrackedIssue
from services.models import Delivery
from tests.orgs.cohesion.factories import DepartmentFactory, TrackedIssueFactory
from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory
from tests.orgs.selfreports.factories import FILLED, ReportingRoundFactory, SelfReportFactory
from tests.services.factories import ContractFactory, DeliveryFactory
from wangcang import bulk
from wangcang.models import BackgroundJob, Notification, User

pytestmark = pytest.mark.django_db

NOT_YOURS = "记录不存在，或您无权查看。"


def apply(client, key, action, *, ids=(), every=False, query="", token="t-1", **fields):
    """Submit the bulk page as the browser does; returns the response after the redirect."""
    data = {
        "action": action,
        "scope": "all" if every else "selected",
        "ids": ",".join(str(pk) for pk in ids),
        "query": query,
        "_once": token,
        **fields,
    }
    return client.post(reverse("bulk-action", args=[key]), data, follow=True)


def result_of(response) -> dict:
    job = BackgroundJob.objects.filter(kind=bulk.JOB_KIND).latest("pk")
    return job.result


def refused_reasons(result) -> dict:
    return {row["id"]: row["reason"] for row in result["refused"]}


@pytest.fixture
def foreign_organization(db):
    return OrganizationFactory(name="青川县某协会", division_id="510822")


def waiting_report(organization, **extra):
    return SelfReportFactory(organization=organization, status=SelfReport.Status.SUBMITTED, **FILLED, **extra)


# --- Self-reports ---------------------------------------------------------------------------------


def test_accept_in_bulk_accepts_waiting_reports_and_refuses_the_others_with_the_reason(
    staff_client, organization, other_organization, foreign_organization
):
    first, second = waiting_report(organization), waiting_report(other_organization)
    draft = SelfReportFactory(organization=OrganizationFactory())
    foreign = waiting_report(foreign_organization, round=ReportingRoundFactory(division_id="510822"))
    response = apply(staff_client, "self-reports", "accept", ids=[first.pk, second.pk, draft.pk, foreign.pk, 999999])
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/bulk/results/")
    result = result_of(response)
    assert {row["id"] for row in result["done"]} == {first.pk, second.pk}
    reasons = refused_reasons(result)
    assert "只有已提交的自报可以审核通过" in reasons[draft.pk]
    # Out of scope and unknown ids are refused alike, naming no record.
    assert reasons[foreign.pk] == reasons[999999] == NOT_YOURS
    assert all(str(foreign_organization) not in row["label"] for row in result["refused"])
    assert set(SelfReport.objects.filter(status="accepted").values_list("pk", flat=True)) == {first.pk, second.pk}
    foreign.refresh_from_db()
    assert foreign.status == "submitted"
    page = response.content.decode()
    assert "只有已提交的自报可以审核通过" in page and NOT_YOURS in page and str(first) in page


def test_remind_in_bulk_notifies_once_a_day_and_refuses_submitted_reports(staff_client, organization, org_user):
    draft = SelfReportFactory(organization=organization)
    submitted = waiting_report(OrganizationFactory())
    no_account = SelfReportFactory(organization=OrganizationFactory())
    result = result_of(apply(staff_client, "self-reports", "remind", ids=[draft.pk, submitted.pk, no_account.pk]))
    assert [row["id"] for row in result["done"]] == [draft.pk]
    reasons = refused_reasons(result)
    assert "无需提醒" in reasons[submitted.pk]
    assert "没有可提醒的用户账号" in reasons[no_account.pk]
    assert Notification.objects.filter(recipient=org_user).count() == 1
    again = result_of(apply(staff_client, "self-reports", "remind", ids=[draft.pk], token="t-2"))
    assert again["done"] == [] and "今天已提醒" in refused_reasons(again)[draft.pk]
    assert Notification.objects.filter(recipient=org_user).count() == 1


def test_the_same_form_submitted_twice_runs_once(staff_client, organization):
    report = waiting_report(organization)
    first = apply(staff_client, "self-reports", "accept", ids=[report.pk], token="same")
    second = apply(staff_client, "self-reports", "accept", ids=[report.pk], token="same")
    assert BackgroundJob.objects.filter(kind=bulk.JOB_KIND).count() == 1
    assert second.redirect_chain[-1][0] == first.redirect_chain[-1][0]
    assert "已经提交过" in second.content.decode()


def test_every_matching_row_applies_the_list_filter_again_and_runs_as_a_job_above_the_limit(
    staff_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(bulk, "INLINE_LIMIT", 2)
    waiting = [waiting_report(OrganizationFactory()) for _ in range(3)]
    draft = SelfReportFactory(organization=OrganizationFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(staff_client, "self-reports", "accept", every=True, query="state=submitted")
    job = BackgroundJob.objects.get(kind=bulk.JOB_KIND)
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "done" and job.total == 3 and job.progress == 3
    assert {row["id"] for row in job.result["done"]} == {report.pk for report in waiting}
    assert job.result["refused"] == []
    draft.refresh_from_db()
    assert draft.status == "draft"  # not matched by the filter: not touched, not listed
    page = staff_client.get(job.result["url"]).content.decode()
    assert "完成：3" in page


def test_a_costly_action_runs_fewer_rows_in_the_request_than_a_cheap_one(
    staff_client, monkeypatch, django_capture_on_commit_callbacks
):
    self_reports = bulk.get_list("self-reports")
    accept, remind = self_reports.action("accept"), self_reports.action("remind")
    limit = bulk.inline_limit(accept)
    assert limit < bulk.inline_limit(remind) == bulk.INLINE_LIMIT
    ids = [waiting_report(OrganizationFactory()).pk for _ in range(limit + 1)]

    def confirm(action):
        query = {"action": action, "ids": ",".join(map(str, ids))}
        return staff_client.get(reverse("bulk-action", args=["self-reports"]), query).content.decode()

    assert 'data-testid="bulk-in-background"' not in confirm("remind")
    assert 'data-testid="bulk-in-background"' in confirm("accept")
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(staff_client, "self-reports", "accept", ids=ids)
    job = BackgroundJob.objects.get(kind=bulk.JOB_KIND)
    assert response.redirect_chain[-1][0] == job.get_absolute_url()  # queued, followed on the job page
    job.refresh_from_db()
    assert job.status == "done" and job.total == limit + 1
    assert SelfReport.objects.filter(pk__in=ids, status="accepted").count() == limit + 1
    monkeypatch.setattr(bulk, "INLINE_LIMIT", 3)
    assert bulk.inline_limit(accept) == 3  # never above the general limit


def test_an_invalid_filter_selects_nothing_rather_than_everything(staff_client, organization):
    report = waiting_report(organization)
    response = apply(staff_client, "self-reports", "accept", every=True, query="state=nonsense")
    assert response.status_code == 200 and "筛选条件无效" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted" and not BackgroundJob.objects.exists()


def test_nothing_ticked_is_refused_on_the_form(staff_client):
    response = apply(staff_client, "self-reports", "accept")
    assert "没有选中任何行" in response.content.decode() and not BackgroundJob.objects.exists()


def test_organization_users_get_no_bulk_bar_and_may_not_post(org_client, organization):
    report = waiting_report(organization)
    page = org_client.get(reverse("orgs:self-report-list")).content.decode()
    assert 'data-testid="bulk-bar"' not in page and f'data-testid="bulk-check-{report.pk}"' not in page
    response = org_client.post(
        reverse("bulk-action", args=["self-reports"]), {"action": "accept", "ids": report.pk, "_once": "x"}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


def test_unknown_list_or_action_answers_404(staff_client):
    assert staff_client.get(reverse("bulk-action", args=["nothing"]), {"action": "x"}).status_code == 404
    assert staff_client.get(reverse("bulk-action", args=["self-reports"]), {"action": "x"}).status_code == 404


def test_a_result_is_shown_only_to_who_started_it(staff_client, client, make_user, organization):
    apply(staff_client, "self-reports", "accept", ids=[waiting_report(organization).pk])
    job = BackgroundJob.objects.get(kind=bulk.JOB_KIND)
    client.force_login(make_user("staff2"))
    assert client.get(reverse("bulk-result", args=[job.pk])).status_code == 404


def test_the_list_shows_checkboxes_and_the_bar_and_the_confirmation_page_counts(staff_client, organization):
    reports = [waiting_report(OrganizationFactory()) for _ in range(3)]
    page = staff_client.get(reverse("orgs:self-report-list"), {"state": "submitted"}).content.decode()
    assert 'data-testid="bulk-bar"' in page and all(f'data-testid="bulk-check-{r.pk}"' in page for r in reports)
    assert 'name="query" value="state=submitted"' in page
    confirm = staff_client.get(
        reverse("bulk-action", args=["self-reports"]), {"action": "accept", "scope": "all", "query": "state=submitted"}
    )
    assert re.search(r'data-testid="bulk-count" data-count="3"', confirm.content.decode())


def test_the_confirmation_page_stays_within_its_query_budget(staff_client, django_assert_max_num_queries):
    reports = [waiting_report(OrganizationFactory()) for _ in range(50)]
    staff_client.get("/")
    url = reverse("bulk-action", args=["self-reports"])
    params = {"action": "accept", "ids": ",".join(str(r.pk) for r in reports)}
    with django_assert_max_num_queries(10):
        assert staff_client.get(url, params).status_code == 200
    with django_assert_max_num_queries(10):
        assert staff_client.get(url, {"action": "accept", "scope": "all"}).status_code == 200


# --- Deliveries ------------------------------------------------------------------------------------


def test_confirm_deliveries_in_bulk_keeps_separation_of_duties(staff_client, staff_user, organization, make_user):
    contract = ContractFactory(provider=organization)
    provider = make_user("provider", User.Role.ORG, organizations=[organization])
    by_provider = DeliveryFactory(contract=contract, status=Delivery.Status.UNCONFIRMED, recorded_by=provider)
    by_me = DeliveryFactory(contract=contract, status=Delivery.Status.UNCONFIRMED, recorded_by=staff_user)
    confirmed = DeliveryFactory(contract=contract)
    foreign = DeliveryFactory(
        contract=ContractFactory(division_id="510822"), status=Delivery.Status.UNCONFIRMED, recorded_by=provider
    )
    result = result_of(
        apply(staff_client, "service-deliveries", "confirm", ids=[by_provider.pk, by_me.pk, confirmed.pk, foreign.pk])
    )
    assert [row["id"] for row in result["done"]] == [by_provider.pk]
    reasons = refused_reasons(result)
    assert "另一名工作人员确认" in reasons[by_me.pk]
    assert "已确认" in reasons[confirmed.pk]
    assert reasons[foreign.pk] == NOT_YOURS
    by_me.refresh_from_db()
    foreign.refresh_from_db()
    assert by_me.status == foreign.status == Delivery.Status.UNCONFIRMED


# --- Tracked issues --------------------------------------------------------------------------------


def test_assign_and_set_the_due_date_of_issues_in_bulk(staff_client, make_user):
    department = DepartmentFactory(name="县民政局")
    colleague = make_user("colleague")
    open_issue = TrackedIssueFactory()
    resolved = TrackedIssueFactory(status="resolved", resolution="已解决", resolved_on=datetime.date(2022, 6, 1))
    foreign = TrackedIssueFactory(division_id="510822", organization=OrganizationFactory(division_id="510822"))
    result = result_of(
        apply(
            staff_client,
            "tracked-issues",
            "assign",
            ids=[open_issue.pk, resolved.pk, foreign.pk],
            owner=colleague.pk,
            owner_department=department.pk,
        )
    )
    assert [row["id"] for row in result["done"]] == [open_issue.pk]
    assert "已经解决" in refused_reasons(result)[resolved.pk]
    assert refused_reasons(result)[foreign.pk] == NOT_YOURS
    open_issue.refresh_from_db()
    assert open_issue.owner == colleague and open_issue.owner_department == department

    early = TrackedIssueFactory(raised_on=datetime.date(2022, 9, 1))
    result = result_of(
        apply(staff_client, "open-issues", "due", ids=[open_issue.pk, early.pk], due_on="2022-08-01", token="2")
    )
    assert [row["id"] for row in result["done"]] == [open_issue.pk]
    assert "2022-09-01" in refused_reasons(result)[early.pk]
    assert TrackedIssue.objects.get(pk=open_issue.pk).due_on == datetime.date(2022, 8, 1)
    assert TrackedIssue.objects.get(pk=early.pk).due_on is None


# --- Members ---------------------------------------------------------------------------------------


def test_export_the_selected_members_masked(staff_client, official_client):
    branch = UnionBranchFactory()
    chosen = [MemberFactory(branch=branch, name=name) for name in ("张三", "李四")]
    MemberFactory(branch=branch, name="王五")
    foreign_branch = UnionBranchFactory(division_id="510822", organization=OrganizationFactory(division_id="510822"))
    foreign = MemberFactory(branch=foreign_branch, name="赵六")
    response = apply(official_client, "members", "export", ids=[m.pk for m in chosen] + [foreign.pk])
    result = result_of(response)
    assert result["done_count"] == 2 and refused_reasons(result)[foreign.pk] == NOT_YOURS
    assert 'data-testid="job-download"' in response.content.decode()
    job = BackgroundJob.objects.get(kind=bulk.JOB_KIND)
    download = official_client.get(reverse("job-file", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(row[0] for row in rows) == sorted(["张三", "李四"])
    assert all("*" in row[1] for row in rows)


def test_a_queued_run_checks_the_rights_of_its_user_again(
    staff_client, staff_user, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(bulk, "INLINE_LIMIT", 1)
    reports = [waiting_report(OrganizationFactory()) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        apply(staff_client, "self-reports", "accept", ids=[r.pk for r in reports])
    assert callbacks  # queued on commit, not run in the request
    job = BackgroundJob.objects.get(kind=bulk.JOB_KIND)
    assert job.status == "done" and job.result["done_count"] == 2

    more = [waiting_report(OrganizationFactory()) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply(staff_client, "self-reports", "accept", ids=[r.pk for r in more], token="t-2")
    User.objects.filter(pk=staff_user.pk).update(role=User.Role.OFFICIAL)  # before the worker runs it
    for callback in callbacks:
        callback()
    job = BackgroundJob.objects.latest("pk")
    assert job.status == "failed" and "无权" in job.message
    assert not SelfReport.objects.filter(pk__in=[r.pk for r in more], status="accepted").exists()


def test_a_rounds_overview_selects_every_matching_report_of_that_round_only(staff_client, organization):
    this_round, other_round = ReportingRoundFactory(), ReportingRoundFactory()
    mine = waiting_report(organization, round=this_round)
    draft = SelfReportFactory(organization=OrganizationFactory(), round=this_round)
    elsewhere = waiting_report(OrganizationFactory(), round=other_round)
    page = staff_client.get(reverse("orgs:round-detail", args=[this_round.pk]), {"state": "submitted"})
    bar = page.content.decode().split('id="bulk-form"', 1)[1]
    query = re.search(r'name="query" value="([^"]*)"', bar).group(1).replace("&amp;", "&")
    assert f"round={this_round.pk}" in query and "state=submitted" in query
    result = result_of(apply(staff_client, "self-reports", "accept", every=True, query=query))
    assert [row["id"] for row in result["done"]] == [mine.pk] and result["refused"] == []
    assert SelfReport.objects.get(pk=elsewhere.pk).status == "submitted"
    assert SelfReport.objects.get(pk=draft.pk).status == "draft"
