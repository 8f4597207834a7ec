from datetime import date

import pytest
from django.db import IntegrityError, transaction

from orgs.models import Member, UnionBranch
from tests.orgs.factories import (
    CommunityUnionFactory,
    MemberFactory,
    OrganizationFactory,
    UnionBranchFactory,
)

pytestmark = pytest.mark.django_db


def test_one_organization_union_per_organization():
    organization = OrganizationFactory()
    UnionBranchFactory(organization=organization)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnionBranchFactory(organization=organization)


def test_an_organization_union_needs_its_organization():
    with pytest.raises(IntegrityError), transaction.atomic():
        UnionBranchFactory(level=UnionBranch.Level.ORGANIZATION, organization=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityUnionFactory(organization=OrganizationFactory())


def test_a_person_is_in_one_branch_at_a_time():
    member = MemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(id_number=member.id_number)
    member.left_on = date(2023, 1, 1)
    member.joined_on = date(2020, 1, 1)
    member.save()
    MemberFactory(id_number=member.id_number)  # after leaving, another branch may take the person
    assert Member.objects.filter(id_number=member.id_number).count() == 2


def test_a_member_cannot_leave_before_joining():
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(joined_on=date(2022, 1, 1), left_on=date(2021, 1, 1))


def test_uscc_is_unique():
    organization = OrganizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(uscc=organization.uscc)
