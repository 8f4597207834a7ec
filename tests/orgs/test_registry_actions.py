from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from orgs import actions
from orgs.models import Member, Organization, UnionBranch
from tests.orgs.factories import CommunityUnionFactory, IndustryUnionFactory, MemberFactory, UnionBranchFactory
from wangcang.validators import make_id_number, make_uscc

pytestmark = pytest.mark.django_db


def test_organization_create_normalises_and_refuses_duplicates(staff_user, organization):
    created = actions.organization_create(
        user=staff_user, data={"name": "新协会", "uscc": make_uscc(61).lower(), "kind": "social_group"}
    )
    assert created.uscc == make_uscc(61) and created.division_id == "510821"
    with pytest.raises(ValidationError) as error:
        actions.organization_create(
            user=staff_user, data={"name": "又一个", "uscc": organization.uscc, "kind": "foundation"}
        )
    assert organization.name in str(error.value.message_dict["uscc"])


def test_officials_and_org_users_cannot_create(official_user, org_user):
    for user in (official_user, org_user):
        with pytest.raises(PermissionDenied):
            actions.organization_create(user=user, data={"name": "x", "uscc": make_uscc(62), "kind": "foundation"})


def test_org_user_cannot_edit_another_organization(org_user, other_organization):
    with pytest.raises(PermissionDenied):
        actions.organization_update(user=org_user, organization=other_organization, data={"contact_phone": "1"})


def test_status_change_records_its_date(staff_user, organization):
    updated = actions.organization_update(user=staff_user, organization=organization, data={"status": "suspended"})
    assert updated.status_changed_on is not None
    updated = actions.organization_update(user=staff_user, organization=organization, data={"status": "active"})
    assert updated.status_changed_on is None
    assert updated.history.count() == 3


def test_one_own_union_per_organization_with_a_clear_message(staff_user, organization):
    UnionBranchFactory(organization=organization)
    with pytest.raises(ValidationError) as error:
        actions.branch_create(
            user=staff_user, data={"name": "第二个工会", "level": "organization", "organization": organization}
        )
    assert "organization" in error.value.message_dict


def test_only_industry_and_community_unions_cover(staff_user, organization, other_organization):
    own = UnionBranchFactory(organization=organization)
    with pytest.raises(ValidationError):
        actions.branch_cover(user=staff_user, branch=own, organizations=[other_organization])
    industry = actions.branch_create(
        user=staff_user,
        data={"name": "行业工会", "level": "industry", "industry": Organization.Industry.CHARITY},
        covered=[other_organization],
    )
    assert list(industry.covered_organizations.all()) == [other_organization]


def test_a_branch_cannot_sit_under_itself(staff_user):
    county = UnionBranchFactory(level=UnionBranch.Level.COUNTY_FEDERATION, organization=None)
    child = IndustryUnionFactory(parent=county)
    with pytest.raises(ValidationError):
        actions.branch_update(user=staff_user, branch=county, data={"parent": child})


def test_member_rules(staff_user, organization):
    own = UnionBranchFactory(organization=organization)
    community = CommunityUnionFactory()
    with pytest.raises(ValidationError) as error:
        actions.member_create(
            user=staff_user,
            data={
                "name": "甲",
                "id_number": make_id_number(11),
                "branch": own,
                "join_path": Member.JoinPath.INDIVIDUAL,
            },
        )
    assert "branch" in error.value.message_dict
    member = actions.member_create(
        user=staff_user,
        data={"name": "甲", "id_number": make_id_number(11), "branch": community, "organization": organization,
              "join_path": Member.JoinPath.INDIVIDUAL, "joined_on": date(2021, 1, 1)},
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        actions.member_create(
            user=staff_user, data={"name": "甲", "id_number": make_id_number(11), "branch": own, "join_path": "own"}
        )
    assert community.name in str(error.value.message_dict["id_number"])
    with pytest.raises(ValidationError):
        actions.member_leave(user=staff_user, member=member, left_on=date(2020, 1, 1))
    actions.member_leave(user=staff_user, member=member, left_on=date(2022, 1, 1))
    # Having left, the person may join another branch.
    actions.member_create(
        user=staff_user, data={"name": "甲", "id_number": make_id_number(11), "branch": own, "join_path": "own"}
    )


def test_reveal_is_staff_only(staff_user, org_user):
    member = MemberFactory()
    assert actions.member_reveal_id_number(user=staff_user, member=member) == member.id_number
    with pytest.raises(PermissionDenied):
        actions.member_reveal_id_number(user=org_user, member=member)
