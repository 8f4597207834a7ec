"""Browser flows of the cohesion part: a joint meeting with its issues, and a matching grant
proposed from an accepted self-report and approved."""

from decimal import Decimal

import pytest

from orgs.models import JointMeeting, TrackedIssue
from services.funds.models import Fund, FundTransaction, MatchingGrant
from tests.orgs.cohesion.factories import DepartmentFactory
from tests.services.funds.factories import FundFactory, accepted_self_report, funded


@pytest.mark.django_db(transaction=True)
def test_staff_record_a_meeting_with_two_issues_and_resolve_one(page, login, make_user, organization):
    make_user("e2e-staff", "staff")
    department = DepartmentFactory(name="民政局")
    DepartmentFactory(name="团县委")
    login("e2e-staff")
    page.goto("/orgs/meetings/new/")
    page.fill("input[name=held_on]", "2022-03-18")
    page.fill("input[name=place]", "县总工会三楼会议室")
    page.fill("input[name=chair]", "县总工会主席")
    page.select_option("select[name=departments]", [str(department.pk)])
    page.fill("textarea[name=minutes]", "研究解决社会组织反映的问题")
    page.click("[data-testid=form-submit]")
    page.wait_for_selector("[data-testid=meeting-issues]")
    assert "民政局" in page.inner_text("[data-testid=departments]")
    for description in ("茶叶协会缺少培训场地", "志愿者缺少意外保险"):
        # The organization is searched by name, as a province's list is too long for a plain select.
        page.fill("[data-testid=issue-form] input[type=search]", organization.name[-4:])
        page.wait_for_selector(
            f"[data-testid=issue-form] select[name=organization] option[value='{organization.pk}']", state="attached"
        )
        page.select_option("[data-testid=issue-form] select[name=organization]", str(organization.pk))
        page.fill("[data-testid=issue-form] textarea[name=description]", description)
        page.select_option("[data-testid=issue-form] select[name=owner_department]", str(department.pk))
        page.fill("[data-testid=issue-form] input[name=due_on]", "2022-05-31")
        page.click("[data-testid=issue-submit]")
        page.wait_for_selector(f"[data-testid=meeting-issues] >> text={description}")
    page.click("[data-testid=meeting-issues] >> text=茶叶协会缺少培训场地")
    page.fill("[data-testid=resolve-form] textarea[name=resolution]", "一楼500平方米阵地零租金提供使用")
    page.fill("[data-testid=resolve-form] input[name=resolved_on]", "2022-04-20")
    page.click("[data-testid=resolve-submit]")
    page.wait_for_selector("[data-testid=issue-resolution] >> text=一楼500平方米阵地零租金提供使用")
    assert "已解决" in page.inner_text("[data-testid=page-title]")
    meeting = JointMeeting.objects.get()
    assert meeting.issues.count() == 2
    assert list(TrackedIssue.objects.filter(status="resolved").values_list("description", flat=True)) == [
        "茶叶协会缺少培训场地"
    ]
    page.goto("/orgs/issues/open/")
    table = page.inner_text("[data-testid=list-table]")
    assert "志愿者缺少意外保险" in table and "茶叶协会缺少培训场地" not in table


@pytest.mark.django_db(transaction=True)
def test_staff_propose_and_approve_a_matching_grant_from_an_accepted_self_report(page, login, make_user, organization):
    make_user("e2e-staff", "staff")
    make_user("e2e-approver", "staff")
    fund = funded(FundFactory(name="会费配套资金", kind=Fund.Kind.MATCHING))
    accepted_self_report(organization, Decimal("8800.00"))
    login("e2e-staff")
    page.goto("/services/funds/grants/")
    page.select_option("[data-testid=propose-card] select[name=fund]", str(fund.pk))
    page.fill("[data-testid=propose-card] input[name=period_start]", "2022-01-01")
    page.fill("[data-testid=propose-card] input[name=period_end]", "2022-12-31")
    page.click("[data-testid=candidates-submit]")
    page.wait_for_selector("[data-testid=candidates]")
    row = page.inner_text("[data-testid=candidates]")
    assert "8,800.00" in row and "17,600.00" in row and "审核通过的自报" in row
    # A double click on the money-writing buttons proposes once and pays once.
    page.dblclick(f"[data-testid=propose-{organization.pk}]")
    page.wait_for_selector("[data-testid=needs-second-colleague]")
    assert "待审批" in page.inner_text("[data-testid=grant-status]")
    # The proposer sees no approve button, only the note that a second colleague approves.
    assert page.locator("[data-testid=grant-approve]").count() == 0
    assert "第二位同事" in page.inner_text("[data-testid=needs-second-colleague]")
    grant_url = page.url
    page.context.clear_cookies()
    login("e2e-approver")
    page.goto(grant_url)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    # Chromium sends one request for a double click on a submit button; a slow network lets
    # the second click through after the first request left: send the form twice at once.
    statuses = page.evaluate(
        """async () => {
            const form = document.querySelector("[data-testid=grant-approve]").form;
            const send = () => fetch(form.action, {method: "POST", body: new FormData(form), redirect: "manual"});
            const answers = await Promise.all([send(), send()]);
            return answers.map((answer) => answer.type);
        }"""
    )
    assert statuses == ["opaqueredirect", "opaqueredirect"]
    page.goto(grant_url)
    page.wait_for_selector("[data-testid=grant-entry]")
    assert "已批准" in page.inner_text("[data-testid=grant-status]")
    assert MatchingGrant.objects.count() == 1
    assert FundTransaction.objects.filter(direction="out").count() == 1
    assert len([url for url in posts if url.endswith("/approve/")]) == 2  # both clicks reached the server
    grant = MatchingGrant.objects.get()
    assert grant.source == "self_report" and grant.transaction.amount == Decimal("17600.00")
    page.click("[data-testid=grant-entry]")
    assert "17,600.00" in page.inner_text("[data-testid=entry-amount]")
