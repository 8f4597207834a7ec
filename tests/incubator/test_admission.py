from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from incubator import actions
from incubator.models import Application, Criterion, Review

from .factories import BatchFactory, CriterionFactory

S = Application.Status


def test_application_goes_from_submitted_through_more_information_to_admitted(submitted, staff_user, org_user):
    assert submitted.status == S.SUBMITTED and submitted.submitted_on is not None
    actions.application_decide(user=staff_user, application=submitted, decision=S.MORE_INFO, reason="请补充财务制度")
    submitted.refresh_from_db()
    assert submitted.status == S.MORE_INFO and submitted.decision_reason == "请补充财务制度"
    actions.application_resubmit(user=org_user, application=submitted, response="已补充财务制度")
    assert submitted.status == S.RESUBMITTED
    actions.application_decide(user=staff_user, application=submitted, decision=S.ADMITTED, reason="")
    submitted.refresh_from_db()
    assert submitted.status == S.ADMITTED and submitted.decided_by == staff_user and submitted.decided_on
    assert submitted.history.count() >= 4


@pytest.mark.parametrize(
    ("setup", "call"),
    [
        # A draft cannot be decided.
        ("draft", lambda a, staff, org: actions.application_decide(user=staff, application=a, decision="admitted")),
        # A decided application cannot be decided again.
        (
            "admitted",
            lambda a, staff, org: actions.application_decide(
                user=staff, application=a, decision="rejected", reason="x"
            ),
        ),
        # Only a more-information request can be answered.
        ("submitted", lambda a, staff, org: actions.application_resubmit(user=org, application=a, response="x")),
        # A submitted application cannot be submitted twice.
        ("submitted", lambda a, staff, org: actions.application_submit(user=org, application=a)),
        # A rejected application gets no reviewer.
        ("rejected", lambda a, staff, org: actions.review_assign(user=staff, application=a, reviewer=staff)),
        # A rejected application cannot be resubmitted.
        ("rejected", lambda a, staff, org: actions.application_resubmit(user=org, application=a, response="x")),
    ],
)
def test_forbidden_transitions_raise_clear_errors(batch, organization, org_user, staff_user, setup, call):
    application = actions.application_create(
        user=org_user, batch=batch, organization=organization, project_plan="p", field="f", submit=setup != "draft"
    )
    if setup in ("admitted", "rejected"):
        actions.application_decide(user=staff_user, application=application, decision=setup, reason="理由")
    status_before = application.status
    with pytest.raises(ValidationError) as excinfo:
        call(application, staff_user, org_user)
    assert excinfo.value.messages
    application.refresh_from_db()
    assert application.status == status_before


def test_reason_required_to_reject_or_ask_more(submitted, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        actions.application_decide(user=staff_user, application=submitted, decision=S.REJECTED, reason=" ")
    assert "reason" in excinfo.value.message_dict


def test_org_user_cannot_apply_for_another_organization(batch, org_user, other_organization):
    with pytest.raises(ValidationError):
        actions.application_create(
            user=org_user, batch=batch, organization=other_organization, project_plan="p", field="f"
        )


def test_org_user_cannot_decide(submitted, org_user):
    with pytest.raises(ValidationError):
        actions.application_decide(user=org_user, application=submitted, decision=S.ADMITTED)


def test_closed_batch_takes_no_application(org_user, organization):
    batch = BatchFactory(status="closed")
    with pytest.raises(ValidationError):
        actions.application_create(user=org_user, batch=batch, organization=organization, project_plan="p", field="f")


def test_one_application_per_batch(submitted, org_user, organization, batch):
    with pytest.raises(ValidationError):
        actions.application_create(user=org_user, batch=batch, organization=organization, project_plan="p", field="f")


def test_weighted_score_arithmetic():
    social = Criterion(name="社会影响", weight=Decimal("3"), max_score=100)
    public = Criterion(name="公益服务", weight=Decimal("2"), max_score=50)
    workers = Criterion(name="职工评价", weight=Decimal("1"), max_score=10)
    # (3×80 + 2×(40/50×100) + 1×(5/10×100)) / 6 = (240 + 160 + 50) / 6 = 75.00
    assert actions.weighted_score([(social, 80), (public, 40), (workers, 5)]) == Decimal("75.00")
    # (3×100 + 2×0 + 1×70) / 6 = 61.666… → 61.67
    assert actions.weighted_score([(social, 100), (public, 0), (workers, 7)]) == Decimal("61.67")


def test_reviewer_scores_within_bounds_and_application_score_is_the_mean(submitted, staff_user, reviewer, make_user):
    review = actions.review_assign(user=staff_user, application=submitted, reviewer=reviewer)
    second = actions.review_assign(user=staff_user, application=submitted, reviewer=staff_user)
    criteria = list(submitted.batch.criteria.order_by("order"))
    with pytest.raises(ValidationError) as excinfo:
        actions.review_score(
            user=reviewer, review=review, scores={criteria[0].pk: 80, criteria[1].pk: 51, criteria[2].pk: 5}
        )
    assert f"criterion_{criteria[1].pk}" in excinfo.value.message_dict
    with pytest.raises(ValidationError):  # a missing criterion
        actions.review_score(user=reviewer, review=review, scores={criteria[0].pk: 80})
    with pytest.raises(ValidationError):  # another reviewer's review
        actions.review_score(user=staff_user, review=review, scores={c.pk: 1 for c in criteria})
    actions.review_score(
        user=reviewer, review=review, scores={criteria[0].pk: 80, criteria[1].pk: 40, criteria[2].pk: 5}, comment="好"
    )
    actions.review_score(
        user=staff_user, review=second, scores={criteria[0].pk: 100, criteria[1].pk: 0, criteria[2].pk: 7}
    )
    review.refresh_from_db()
    assert review.weighted_score == Decimal("75.00")
    assert review.scores.count() == 3
    # (75.00 + 61.67) / 2 = 68.335 → 68.34
    assert actions.application_score(submitted) == Decimal("68.34")


def test_reviewer_must_be_staff_and_assigned_once(submitted, staff_user, reviewer, org_user):
    with pytest.raises(ValidationError):
        actions.review_assign(user=staff_user, application=submitted, reviewer=org_user)
    actions.review_assign(user=staff_user, application=submitted, reviewer=reviewer)
    with pytest.raises(ValidationError):
        actions.review_assign(user=staff_user, application=submitted, reviewer=reviewer)


def test_reviewer_sees_only_assigned_applications(
    batch, submitted, staff_user, reviewer, other_org_user, other_organization
):
    other = actions.application_create(
        user=other_org_user, batch=batch, organization=other_organization, project_plan="p", field="f", submit=True
    )
    actions.review_assign(user=staff_user, application=submitted, reviewer=reviewer)
    assert list(Application.objects.assigned_to(reviewer)) == [submitted]
    assert other not in Application.objects.assigned_to(reviewer)
    assert Review.objects.filter(reviewer=reviewer).count() == 1


def test_batch_opens_only_with_published_criteria(staff_user):
    batch = BatchFactory(status="draft")
    with pytest.raises(ValidationError):
        actions.batch_publish(user=staff_user, batch=batch)
    CriterionFactory(batch=batch)
    actions.batch_publish(user=staff_user, batch=batch)
    assert batch.status == "open"


def test_a_batch_of_another_county_takes_no_application(org_user, organization):
    batch = BatchFactory(division_id="510802")
    with pytest.raises(ValidationError):
        actions.application_create(user=org_user, batch=batch, organization=organization, project_plan="p", field="f")
