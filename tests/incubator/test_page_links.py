"""Related pages link to each other, and empty or year-bound figures say what they mean."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from incubator import actions

D = datetime.date


def test_application_links_to_organization_batch_and_residency(staff_client, residency):
    application = residency.application
    page = staff_client.get(application.get_absolute_url()).content.decode()
    assert residency.organization.get_absolute_url() in page
    assert application.batch.get_absolute_url() in page
    assert residency.get_absolute_url() in page
    assert reverse("incubator:support-list") + "?organization=" in page


def test_residency_links_to_organization_application_site_and_support(staff_client, residency, space):
    page = staff_client.get(residency.get_absolute_url()).content.decode()
    assert residency.organization.get_absolute_url() in page
    assert residency.application.get_absolute_url() in page
    assert space.site.get_absolute_url() in page
    assert reverse("incubator:support-list") + "?organization=" in page
    # Empty sections say what is missing rather than showing a bare dash.
    assert "No evaluation recorded yet." in page or "尚无评估记录" in page


def test_support_entries_link_to_their_residency(staff_client, staff_user, residency):
    actions.waivers_post_month(user=staff_user, division_code="510821", month=D(2021, 1, 1))
    page = staff_client.get(reverse("incubator:support-list")).content.decode()
    assert residency.get_absolute_url() in page


def test_organization_user_sees_the_same_links_within_its_scope(org_client, residency):
    page = org_client.get(residency.application.get_absolute_url()).content.decode()
    assert residency.get_absolute_url() in page
    assert residency.application.batch.get_absolute_url() not in page  # batches are staff pages
    page = org_client.get(residency.get_absolute_url()).content.decode()
    assert residency.application.get_absolute_url() in page


def test_reviewer_list_links_to_the_application_and_offers_scoring_only_while_pending(
    client, submitted, staff_user, reviewer
):
    actions.review_assign(user=staff_user, application=submitted, reviewer=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("incubator:review-list")).content.decode()
    assert submitted.get_absolute_url() in page
    actions.application_decide(user=staff_user, application=submitted, decision="rejected", reason="不符合")
    client.force_login(reviewer)
    page = client.get(reverse("incubator:review-list")).content.decode()
    assert "View the scores" in page or "查看评分" in page


def test_pending_filter_matches_the_dashboard_count(staff_client, submitted, staff_user, batch, other_organization):
    actions.application_decide(user=staff_user, application=submitted, decision="more_info", reason="请补充")
    dashboard = staff_client.get(reverse("incubator:dashboard"))
    assert dashboard.context["pending"] == 1
    assert "?pending=yes" in dashboard.content.decode()
    listed = staff_client.get(reverse("incubator:application-list") + "?pending=yes")
    assert [a.pk for a in listed.context["object_list"]] == [submitted.pk]


def test_dashboard_names_the_year_and_explains_a_missing_budget(staff_client, residency):
    from incubator.models import Budget

    year = timezone.localdate().year
    Budget.objects.create(division_id="510821", year=year - 3, amount=Decimal("1000000"))
    page = staff_client.get(reverse("incubator:dashboard")).content.decode()
    assert str(year) in page
    assert 'data-testid="no-budget"' in page
    assert reverse("incubator:budget-create") in page


def test_batch_links_to_its_applications(staff_client, submitted):
    url = reverse("incubator:application-list") + f"?batch={submitted.batch_id}"
    assert url in staff_client.get(submitted.batch.get_absolute_url()).content.decode()
    listed = staff_client.get(url)
    assert [a.pk for a in listed.context["object_list"]] == [submitted.pk]


def test_forms_about_one_record_name_it(staff_client, residency):
    page = staff_client.get(reverse("incubator:evaluation", args=[residency.pk])).content.decode()
    assert residency.organization.name in page
    page = staff_client.get(reverse("incubator:residency-start", args=[residency.application.pk]))
    assert page.status_code in (200, 302)


def test_empty_lists_say_what_to_do(client, org_user, staff_user):
    client.force_login(org_user)
    page = client.get(reverse("incubator:training-list")).content.decode()
    assert "Your organization has not attended a training yet." in page or "本组织尚未参加培训" in page
    client.force_login(staff_user)
    page = client.get(reverse("incubator:batch-list")).content.decode()
    assert "publish its criteria" in page or "发布评审标准" in page
    page = client.get(reverse("incubator:training-list") + "?title=无此培训").content.decode()
    assert "Nothing found." in page or "没有" in page or "未找到" in page


def test_a_reviewer_sees_own_scores_once_decided_and_reaches_the_application(client, submitted, staff_user, reviewer):
    review = actions.review_assign(user=staff_user, application=submitted, reviewer=reviewer)
    criteria = list(submitted.batch.criteria.all())
    actions.review_score(user=reviewer, review=review, scores={c.pk: 5 for c in criteria}, comment="可以")
    actions.application_decide(user=staff_user, application=submitted, decision="admitted", reason="符合")
    client.force_login(reviewer)
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'data-testid="my-scores"' in page and criteria[0].name in page and "可以" in page
    assert submitted.get_absolute_url() in page


def test_occupancy_lists_the_residents_of_each_space(staff_client, residency, space):
    page = staff_client.get(reverse("incubator:occupancy") + "?on=2021-06-01").content.decode()
    assert residency.get_absolute_url() in page and residency.organization.name in page
    page = staff_client.get(reverse("incubator:occupancy") + "?on=2020-06-01").content.decode()
    assert residency.get_absolute_url() not in page


def test_the_reversal_form_describes_the_entry(staff_client, staff_user, residency):
    entry = actions.support_post(
        user=staff_user,
        organization=residency.organization,
        kind="grant",
        amount=Decimal("5000"),
        value_date=D(2021, 3, 1),
        residency=residency,
        description="创业补贴",
    )
    page = staff_client.get(reverse("incubator:support-reverse", args=[entry.pk])).content.decode()
    assert "5,000.00" in page and "创业补贴" in page and residency.organization.name in page
