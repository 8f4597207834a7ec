"""A question of the round in a real browser: staff add it on the round's question page,
the organization answers it in its self-report (refused first when out of limits), and
the answer shows in the review page."""

import pytest

from orgs.models import SelfReport, SelfReportAnswer
from tests.e2e.clicks import click_and_load
from tests.orgs.selfreports.factories import SelfReportFactory
from wangcang.models import User

FIGURES = {
    "staff_count": "12",
    "volunteer_count": "40",
    "union_member_count": "11",
    "activities_held": "6",
    "activity_participants": "120",
    "dues_collected": "1320.00",
    "union_funds": "5000.00",
    "trainings_attended": "3",
}


@pytest.mark.django_db(transaction=True)
def test_staff_add_a_question_and_the_organization_answers_it(page, login, make_user, organization):
    report = SelfReportFactory(organization=organization)
    make_user("e2e-org", User.Role.ORG, organizations=[organization])
    make_user("e2e-staff", User.Role.STAFF)

    login("e2e-staff")
    page.goto(report.round.get_absolute_url())
    page.click("[data-testid=round-questions]")
    page.click("[data-testid=add-question]")
    page.fill("input[name=label]", "本年度植树数量")
    page.select_option("select[name=kind]", "number")
    page.check("input[name=required]")
    page.fill("input[name=min_value]", "0")
    page.fill("input[name=max_value]", "500")
    page.fill("input[name=unit]", "棵")
    page.check("input[name=show_as_figure]")
    page.click("[data-testid=form-submit]")
    page.wait_for_selector("[data-testid=questions]")
    assert "本年度植树数量" in page.inner_text("[data-testid=questions]")
    question = report.round.questions.get()

    page.context.clear_cookies()
    login("e2e-org")
    page.goto(f"/orgs/self-reports/{report.pk}/edit/")
    for name, value in FIGURES.items():
        page.fill(f"input[name={name}]", value)
    field = f"input[name=q_{question.pk}]"
    assert page.get_attribute(field, "max") == "500"
    # Submitting without the required answer is refused, in Chinese, at the question.
    click_and_load(page, "[data-testid=submit-report]")
    errors = " ".join(page.locator(".invalid-feedback").all_inner_texts())
    assert "请回答“本年度植树数量”后再提交" in errors
    page.fill(field, "800")
    click_and_load(page, "[data-testid=save-draft]")
    errors = " ".join(page.locator(".invalid-feedback").all_inner_texts())
    assert "最多为 500" in errors
    page.fill(field, "120")
    page.click("[data-testid=submit-report]")
    page.wait_for_selector("[data-testid=report-status]")
    assert "已提交" in page.inner_text("[data-testid=report-status]")
    assert "120" in page.inner_text(f"[data-testid=answer-{question.pk}]")
    report.refresh_from_db()
    assert report.status == SelfReport.Status.SUBMITTED
    assert SelfReportAnswer.objects.get().number == 120

    page.context.clear_cookies()
    login("e2e-staff")
    page.goto(f"/orgs/self-reports/{report.pk}/")
    assert "本年度植树数量" in page.inner_text("[data-testid=answers]")
    click_and_load(page, "[data-testid=accept-report]")
    page.wait_for_selector("[data-testid=report-status]")
    assert "已通过" in page.inner_text("[data-testid=report-status]") or "已审核" in page.inner_text(
        "[data-testid=report-status]"
    )
    page.goto(f"/orgs/self-reports/rounds/{report.round.pk}/questions/")
    assert page.locator("[data-testid=questions-locked]").count() == 1
