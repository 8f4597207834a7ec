"""Reviewers assigned in bulk (wangcang/bulk.py) through the one-by-one action."""

import pytest

from incubator.models import Application, Review
from tests.orgs.factories import OrganizationFactory
from tests.wangcang.test_bulk import apply, refused_reasons, result_of

pytestmark = pytest.mark.django_db


def test_assign_a_reviewer_in_bulk(staff_client, submitted, reviewer, batch):
    draft = Application.objects.create(
        batch=batch, organization=OrganizationFactory(), project_plan="计划", field="养老", staff_count=3
    )
    result = result_of(
        apply(staff_client, "incubator-applications", "assign", ids=[submitted.pk, draft.pk], reviewer=reviewer.pk)
    )
    assert [row["id"] for row in result["done"]] == [submitted.pk]
    assert "不能" in refused_reasons(result)[draft.pk]
    assert Review.objects.filter(application=submitted, reviewer=reviewer).exists()
    again = result_of(
        apply(staff_client, "incubator-applications", "assign", ids=[submitted.pk], reviewer=reviewer.pk, token="2")
    )
    assert "已是该申请的评审人" in refused_reasons(again)[submitted.pk]


def test_the_reviewer_is_required_on_the_form(staff_client, submitted):
    response = apply(staff_client, "incubator-applications", "assign", ids=[submitted.pk])
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    assert not Review.objects.exists()
