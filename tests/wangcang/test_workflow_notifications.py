"""Every step of every workflow notifies the people it concerns, and nobody else."""

import datetime

import pytest
from django.db import transaction

from incubator import actions as incubator_actions
from orgs.cohesion import actions as cohesion_actions
from orgs.models import Organization, TrackedIssue
from orgs.selfreports import actions as selfreport_actions
from services import actions as service_actions
from services.models import Delivery
from tests.incubator.factories import BatchFactory, CriterionFactory
from tests.orgs.cohesion.factories import TrackedIssueFactory
from tests.orgs.factories import OrganizationFactory
from tests.orgs.selfreports.factories import FILLED, SelfReportFactory
from tests.services.factories import ContractFactory, DeliveryFactory
from wangcang import notifications
from wangcang.actions import job_start
from wangcang.jobs import job_handler
from wangcang.models import Division, Notification, User

pytestmark = pytest.mark.django_db


def received(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_every_kind_has_a_label_and_its_roles():
    kinds = notifications.registry()
    assert {
        "selfreports.round_opened",
        "selfreports.returned",
        "selfreports.accepted",
        "selfreports.reminder",
        "incubator.application_decided",
        "incubator.review_assigned",
        "cohesion.issue_assigned",
        "cohesion.issue_overdue",
        "services.delivery_confirmed",
        "jobs.finished",
    } <= set(kinds)
    for kind in kinds.values():
        assert str(kind.label) and set(kind.roles) <= {"staff", "official", "org"}
    with pytest.raises(LookupError):
        notifications.kind("no.such.kind")


def test_opening_a_round_notifies_the_users_of_the_organizations_in_it(staff_user, make_user):
    charity = OrganizationFactory(industry=Organization.Industry.CHARITY)
    other = OrganizationFactory(industry=Organization.Industry.EDUCATION)
    make_user("in-round", User.Role.ORG, organizations=[charity])
    make_user("not-in-round", User.Role.ORG, organizations=[other])
    make_user("inactive", User.Role.ORG, organizations=[charity], is_active=False)
    make_user("other-staff", User.Role.STAFF)
    selfreport_actions.round_open(
        user=staff_user,
        division=Division.objects.get(code="510821"),
        title="公益年度",
        period="2022",
        due_on=datetime.date(2023, 1, 31),
        industries=[Organization.Industry.CHARITY],
    )
    assert received("selfreports.round_opened") == {"in-round"}
    notice = Notification.objects.get(kind="selfreports.round_opened")
    assert "2023-01-31" in notice.body


def test_returning_and_accepting_a_report_notify_its_organization_only(
    organization, org_user, other_org_user, staff_user
):
    report = SelfReportFactory(organization=organization)
    selfreport_actions.self_report_save_draft(user=org_user, self_report=report, figures=FILLED, problems=[])
    selfreport_actions.self_report_submit(user=org_user, self_report=report)
    selfreport_actions.self_report_return(user=staff_user, self_report=report, comment="请补充签到表")
    assert received("selfreports.returned") == {"org1"}
    selfreport_actions.self_report_submit(user=org_user, self_report=report)
    selfreport_actions.self_report_accept(user=staff_user, self_report=report)
    assert received("selfreports.accepted") == {"org1"}
    assert not Notification.objects.filter(recipient__in=[other_org_user, staff_user]).exists()


def test_reminders_carry_their_kind(organization, org_user, other_org_user):
    SelfReportFactory(organization=organization, round__due_on=datetime.date(2030, 1, 8))
    selfreport_actions.self_reports_remind_due(today=datetime.date(2030, 1, 1))
    assert received("selfreports.reminder") == {"org1"}


@pytest.fixture
def application(org_user, organization):
    batch = BatchFactory()
    CriterionFactory(batch=batch, name="社会影响")
    return incubator_actions.application_create(
        user=org_user,
        batch=batch,
        organization=organization,
        project_plan="电商助农培训项目",
        field="电子商务",
        staff_count=6,
        help_wanted="场地",
        submit=True,
    )


def test_assigning_a_reviewer_notifies_the_reviewer_only(application, staff_user, make_user, org_user):
    reviewer = make_user("reviewer1", User.Role.STAFF)
    make_user("bystander", User.Role.STAFF)
    incubator_actions.review_assign(user=staff_user, application=application, reviewer=reviewer)
    assert received("incubator.review_assigned") == {"reviewer1"}


def test_a_decision_notifies_the_applicant_organization_only(application, staff_user, other_org_user):
    incubator_actions.application_decide(
        user=staff_user, application=application, decision="rejected", reason="暂不符合条件"
    )
    assert received("incubator.application_decided") == {"org1"}
    assert Notification.objects.get(kind="incubator.application_decided").body == "暂不符合条件"


def test_assigning_an_issue_notifies_the_new_owner_once(staff_user, make_user):
    colleague = make_user("colleague", User.Role.STAFF)
    issue = TrackedIssueFactory(owner=None)
    issue.owner = staff_user
    cohesion_actions.tracked_issue_save(user=staff_user, issue=issue)
    assert received("cohesion.issue_assigned") == set()  # took it themselves
    issue.owner = colleague
    issue.due_on = datetime.date(2030, 6, 30)
    cohesion_actions.tracked_issue_save(user=staff_user, issue=issue)
    issue.description = "问题（补充说明）"
    cohesion_actions.tracked_issue_save(user=staff_user, issue=issue)  # same owner: nothing new
    assert received("cohesion.issue_assigned") == {"colleague"}
    notice = Notification.objects.get(kind="cohesion.issue_assigned")
    assert "2030-06-30" in notice.body
    assert Notification.objects.filter(kind="cohesion.issue_assigned").count() == 1


def test_an_overdue_issue_notifies_its_owner_once_by_the_scheduled_task(staff_user, make_user):
    colleague = make_user("colleague", User.Role.STAFF)
    TrackedIssueFactory(owner=colleague, due_on=datetime.date(2030, 1, 1), status=TrackedIssue.Status.OPEN)
    TrackedIssueFactory(owner=staff_user, due_on=datetime.date(2031, 1, 1), status=TrackedIssue.Status.OPEN)
    from orgs.cohesion.tasks import remind_overdue_issues

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2030, 2, 1))
        remind_overdue_issues()
        remind_overdue_issues()
    assert received("cohesion.issue_overdue") == {"colleague"}
    assert Notification.objects.filter(kind="cohesion.issue_overdue").count() == 1


def test_confirming_a_delivery_notifies_the_provider_and_who_recorded_it(staff_user, make_user):
    provider = OrganizationFactory(name="旺苍县律师事务所")
    served = OrganizationFactory(name="被服务的协会")
    make_user("provider-user", User.Role.ORG, organizations=[provider])
    make_user("served-user", User.Role.ORG, organizations=[served])
    recorder = make_user("recorder", User.Role.STAFF)
    contract = ContractFactory(provider=provider)
    delivery = DeliveryFactory(
        contract=contract,
        status=Delivery.Status.UNCONFIRMED,
        confirmed_at=None,
        served_organization=served,
        recorded_by=recorder,
    )
    service_actions.delivery_confirm(user=staff_user, delivery=delivery)
    assert received("services.delivery_confirmed") == {"provider-user", "recorder"}


@job_handler("test.notify")
def _noop_handler(job, progress):
    progress.start(total=1)
    progress.advance(1)


@job_handler("test.notify_fail")
def _failing_handler(job, progress):
    raise ValueError("坏数据")


@pytest.mark.django_db(transaction=True)
def test_a_finished_job_notifies_who_started_it(staff_user, make_user):
    make_user("other-staff", User.Role.STAFF)
    with transaction.atomic():
        done = job_start(kind="test.notify", user=staff_user)
        failed = job_start(kind="test.notify_fail", user=staff_user)
    notices = {n.url: n for n in Notification.objects.filter(kind="jobs.finished")}
    assert set(notices) == {done.get_absolute_url(), failed.get_absolute_url()}
    assert {n.recipient_id for n in notices.values()} == {staff_user.pk}
    assert "failed" in notices[failed.get_absolute_url()].title or "失败" in notices[failed.get_absolute_url()].title


def test_a_problem_carried_to_an_issue_notifies_the_owner_it_is_given_to(organization, org_user, staff_user, make_user):
    colleague = make_user("colleague", User.Role.STAFF)
    report = SelfReportFactory(organization=organization)
    selfreport_actions.self_report_save_draft(
        user=org_user, self_report=report, figures=FILLED, problems=["缺少活动场地", "缺少经费"]
    )
    first, second = report.problems.order_by("pk")
    selfreport_actions.self_report_problem_track(user=staff_user, problem=first)  # kept by staff themselves
    selfreport_actions.self_report_problem_track(user=staff_user, problem=second, owner=colleague)
    assert received("cohesion.issue_assigned") == {"colleague"}
