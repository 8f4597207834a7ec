"""Object rules of the incubation base, beyond scoping (which hides what is not yours)."""

from __future__ import annotations

from wangcang.permissions import has_role
from wangcang.scoping import user_organization_ids


def can_apply_for(user, organization) -> bool:
    """Organization users apply for their own organizations only."""
    return bool(user and user.is_authenticated and user.is_org_user and organization.pk in user_organization_ids(user))


def can_edit_application(user, application) -> bool:
    return can_apply_for(user, application.organization) and application.status in ("draft", "more_info")


def can_decide_application(user, application) -> bool:
    return has_role(user, "staff") and application.status in ("submitted", "resubmitted")


def can_score_review(user, review) -> bool:
    return review.reviewer_id == user.pk and review.application.status in ("submitted", "more_info", "resubmitted")


def can_manage_incubator(user) -> bool:
    return has_role(user, "staff")
