"""An organization applies, a reviewer scores, staff admit and assign a space, and the
organization sees its residency."""

from decimal import Decimal

import pytest
from django.utils import timezone

from incubator.models import Application, Residency
from tests.e2e.clicks import click_and_load
from tests.incubator.conftest import PDF
from tests.incubator.factories import BatchFactory, CriterionFactory, SpaceFactory
from wangcang.models import User


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


@pytest.mark.django_db(transaction=True)
def test_application_to_residency(page, login, make_user, organization, tmp_path):
    batch = BatchFactory(name="2020年第一批入驻")
    CriterionFactory(batch=batch, name="社会影响力", weight=Decimal("3"))
    CriterionFactory(batch=batch, name="职工评价", weight=Decimal("1"), max_score=10)
    space = SpaceFactory(name="三层孵化办公区", area_m2=Decimal("1000"))
    make_user("e2e-org", User.Role.ORG, organizations=[organization])
    make_user("e2e-staff", User.Role.STAFF)
    make_user("e2e-reviewer", User.Role.STAFF)
    plan = tmp_path / "计划书.pdf"
    plan.write_bytes(PDF)

    # The organization applies online with an attachment.
    login("e2e-org")
    page.goto("/incubator/mine/")
    page.click("[data-testid=apply]")
    page.select_option("select[name=batch]", str(batch.pk))
    page.select_option("select[name=organization]", str(organization.pk))
    page.fill("textarea[name=project_plan]", "电商助农技能培训项目")
    page.fill("input[name=field]", "电子商务")
    page.fill("input[name=staff_count]", "6")
    page.fill("textarea[name=help_wanted]", "办公场地与培训")
    page.set_input_files("input[name=attachment]", str(plan))
    page.click("[data-testid=form-submit]")
    page.wait_for_selector("[data-testid=application-status]")
    application = Application.objects.get()
    assert application.status == "submitted" and application.attachments.count() == 1

    # Staff assign a reviewer.
    switch_user(page, login, "e2e-staff")
    page.goto(application.get_absolute_url())
    reviewer = User.objects.get(username="e2e-reviewer")
    page.select_option("select[name=reviewer]", str(reviewer.pk))
    click_and_load(page, "[data-testid=assign-reviewer]")
    page.wait_for_selector("[data-testid=application-status]")

    # The reviewer sees the application among theirs and scores it.
    switch_user(page, login, "e2e-reviewer")
    page.goto("/incubator/reviews/")
    assert organization.name in page.inner_text("[data-testid=review-list]")
    page.click("[data-testid=score-link]")
    criteria = list(batch.criteria.order_by("order", "pk"))
    page.fill(f"input[name=criterion_{criteria[0].pk}]", "90")
    page.fill(f"input[name=criterion_{criteria[1].pk}]", "8")
    page.fill("textarea[name=comment]", "项目扎实")
    page.click("[data-testid=form-submit]")
    page.wait_for_selector("[data-testid=review-list]")
    review = application.reviews.get()
    # (3 × 90 + 1 × 80) / 4 = 87.50
    assert review.weighted_score == Decimal("87.50")

    # Staff admit and assign a space.
    switch_user(page, login, "e2e-staff")
    page.goto(application.get_absolute_url())
    assert "87.50" in page.inner_text("[data-testid=application-score]")
    page.select_option("select[name=decision]", "admitted")
    page.fill("textarea[name=reason]", "符合入驻条件")
    page.click("[data-testid=decide]")
    page.wait_for_selector("[data-testid=start-residency]")
    page.click("[data-testid=start-residency]")
    # Admitted today: the residency cannot start before its admission.
    page.fill("input[name=started_on]", timezone.localdate().isoformat())
    page.select_option("select[name=space]", str(space.pk))
    page.fill("input[name=area_m2]", "120")
    page.fill("input[name=venue_waiver]", "1200")
    page.click("[data-testid=form-submit]")
    page.wait_for_selector("[data-testid=residency-title]")
    residency = Residency.objects.get()
    assert residency.occupancies.get().area_m2 == Decimal("120.00")

    # The organization sees its residency and the reason.
    switch_user(page, login, "e2e-org")
    page.goto("/incubator/mine/")
    assert "符合入驻条件" in page.inner_text("[data-testid=my-applications]")
    page.click(f"[data-testid=my-residencies] a[href='{residency.get_absolute_url()}']")
    page.wait_for_selector("[data-testid=residency-spaces]")
    assert "三层孵化办公区" in page.inner_text("[data-testid=residency-spaces]")


@pytest.mark.django_db(transaction=True)
def test_draft_edited_then_submitted_and_site_created(page, login, make_user, organization):
    batch = BatchFactory(name="2023年第二批入驻")
    CriterionFactory(batch=batch, name="社会影响力")
    make_user("e2e-org", User.Role.ORG, organizations=[organization])
    make_user("e2e-staff", User.Role.STAFF)

    # The organization keeps a draft, corrects its text, then submits it.
    login("e2e-org")
    page.goto("/incubator/applications/new/")
    page.select_option("select[name=batch]", str(batch.pk))
    page.fill("textarea[name=project_plan]", "初稿")
    page.fill("input[name=field]", "电商")
    page.fill("input[name=staff_count]", "3")
    page.uncheck("input[name=submit_now]")
    page.click("[data-testid=form-submit]")
    page.click("[data-testid=edit-application]")
    page.fill("textarea[name=project_plan]", "电商助农技能培训项目（修订）")
    page.click("[data-testid=form-submit]")
    click_and_load(page, "[data-testid=submit-application]")
    page.wait_for_selector("[data-testid=application-status]")
    application = Application.objects.get()
    assert application.status == "submitted" and application.project_plan == "电商助农技能培训项目（修订）"
    assert page.locator("[data-testid=edit-application]").count() == 0

    # Staff reach the sites from the dashboard, add one and rename it.
    switch_user(page, login, "e2e-staff")
    page.goto("/incubator/")
    page.click("[data-testid=dashboard-sites]")
    page.click("[data-testid=site-create]")
    page.fill("input[name=name]", "创新创业服务中心")
    page.fill("input[name=address]", "东河镇")
    page.click("[data-testid=form-submit]")
    page.click("[data-testid=site-edit]")
    page.fill("input[name=name]", "县总工会创新创业服务中心")
    page.click("[data-testid=form-submit]")
    assert page.inner_text("[data-testid=site-name]") == "县总工会创新创业服务中心"
    assert "创新创业服务中心" in page.inner_text("[data-testid=history]")
