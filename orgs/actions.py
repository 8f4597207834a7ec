"""Writes of the registry: organizations, union branches, members, imports, revealing an
ID number. Each checks the user's right to act, validates, and keeps history."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wangcang.actions import job_start
from wangcang.models import BackgroundJob, User
from wangcang.personal import reveal

from . import permissions
from .models import Member, Organization, UnionBranch

# What an organization user may change in its own profile. The registered name, status,
# kind, USCC, division and the party organization come from registration and are kept by staff.
ORG_EDITABLE_FIELDS = (
    "address",
    "contact_person",
    "contact_phone",
    "staff_count",
    "volunteer_count",
    "notes",
)
STAFF_FIELDS = (
    "name",
    "uscc",
    "kind",
    "registration_authority",
    "division",
    "town",
    "industry",
    "address",
    "contact_person",
    "contact_phone",
    "established_on",
    "staff_count",
    "volunteer_count",
    "status",
    "status_changed_on",
    "has_party_org",
    "party_org_name",
    "party_secretary",
    "notes",
)


def _check_uscc_free(organization: Organization) -> None:
    duplicate = Organization.objects.filter(uscc=organization.uscc).exclude(pk=organization.pk).first()
    if duplicate is not None:
        raise ValidationError(
            {
                "uscc": _("This unified social credit code is already registered, for “%(name)s”.")
                % {"name": duplicate.name}
            }
        )


def _check_division(user: User, division) -> None:
    if division is None:
        return
    prefix = user.division.prefix if user.division_id else ""
    if not user.is_superuser and not division.code.startswith(prefix):
        raise ValidationError({"division": _("You may only register organizations in your own division.")})


@transaction.atomic
def organization_create(*, user: User, data: dict[str, Any]) -> Organization:
    if not permissions.can_create_organization(user):
        raise PermissionDenied
    fields = {key: value for key, value in data.items() if key in STAFF_FIELDS}
    if "division" not in fields and user.division_id:
        fields["division_id"] = user.division_id
    organization = Organization(**fields)
    organization._change_reason = "created"
    organization.clean()
    _check_division(user, getattr(organization, "division", None))
    _check_uscc_free(organization)
    organization.full_clean(validate_unique=False)
    organization._history_user = user
    organization.save()
    return organization


@transaction.atomic
def organization_update(*, user: User, organization: Organization, data: dict[str, Any]) -> Organization:
    """Change a profile: staff every field, an organization user only the fields of
    ``ORG_EDITABLE_FIELDS`` of its own organization (other fields are ignored)."""
    if not permissions.can_edit_organization(user, organization):
        raise PermissionDenied
    allowed = STAFF_FIELDS if user.is_union_staff else ORG_EDITABLE_FIELDS
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    for key, value in data.items():
        if key in allowed:
            setattr(organization, key, value)
    if organization.status == Organization.Status.ACTIVE:
        organization.status_changed_on = None
    elif organization.status_changed_on is None:
        from django.utils import timezone

        organization.status_changed_on = timezone.localdate()
    organization.clean()
    if "division" in data:
        _check_division(user, organization.division)
    _check_uscc_free(organization)
    organization.full_clean(validate_unique=False)
    organization._history_user = user
    organization.save()
    return organization


@transaction.atomic
def branch_create(*, user: User, data: dict[str, Any], covered: list[Organization] | None = None) -> UnionBranch:
    if not permissions.can_manage_branches(user):
        raise PermissionDenied
    branch = UnionBranch(**data)
    if "division" not in data and "division_id" not in data and user.division_id:
        branch.division_id = user.division_id
    _check_branch(branch)
    branch._history_user = user
    branch.save()
    if covered:
        branch_cover(user=user, branch=branch, organizations=covered)
    return branch


@transaction.atomic
def branch_update(
    *, user: User, branch: UnionBranch, data: dict[str, Any], covered: list[Organization] | None = None
) -> UnionBranch:
    """Change a branch; with ``covered``, the organizations it covers become exactly those."""
    if not permissions.can_manage_branches(user):
        raise PermissionDenied
    for key, value in data.items():
        setattr(branch, key, value)
    _check_branch(branch)
    branch._history_user = user
    branch.save()
    if covered is not None:
        branch_cover(user=user, branch=branch, organizations=covered, replace=True)
    return branch


def _check_branch(branch: UnionBranch) -> None:
    branch.full_clean(validate_unique=False, validate_constraints=False)
    Level = UnionBranch.Level
    if branch.level == Level.ORGANIZATION and branch.organization_id is None:
        raise ValidationError({"organization": _("An organization union belongs to an organization.")})
    if branch.level != Level.ORGANIZATION and branch.organization_id is not None:
        raise ValidationError({"organization": _("Only an organization union belongs to an organization.")})
    if branch.level == Level.ORGANIZATION:
        existing = UnionBranch.objects.filter(level=Level.ORGANIZATION, organization=branch.organization_id)
        if existing.exclude(pk=branch.pk).exists():
            raise ValidationError({"organization": _("This organization already has its own union.")})
    if branch.parent_id is not None:
        ancestor, seen = branch.parent, {branch.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError({"parent": _("A branch cannot be placed under itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


@transaction.atomic
def branch_cover(*, user: User, branch: UnionBranch, organizations: list[Organization], replace: bool = False) -> None:
    """Let an industry or community union take in ``organizations`` (line 线 or area 面);
    with ``replace``, the organizations it covers become exactly those (none for any level)."""
    if not permissions.can_manage_branches(user):
        raise PermissionDenied
    if (organizations or not replace) and branch.level not in (UnionBranch.Level.INDUSTRY, UnionBranch.Level.COMMUNITY):
        raise ValidationError(_("Only industry and community unions cover other organizations."))
    if replace:
        branch.covered_organizations.set(organizations)
    else:
        branch.covered_organizations.add(*organizations)


@transaction.atomic
def member_create(*, user: User, data: dict[str, Any]) -> Member:
    if not permissions.can_manage_members(user):
        raise PermissionDenied
    member = Member(**data)
    member.clean()
    _check_member(member)
    member._history_user = user
    member.save()
    return member


@transaction.atomic
def member_update(*, user: User, member: Member, data: dict[str, Any]) -> Member:
    """Correct a member's record (name, ID number, phone, branch, dates) under the same
    rules as a new one."""
    if not permissions.can_manage_members(user):
        raise PermissionDenied
    member = Member.objects.select_for_update().get(pk=member.pk)
    for key, value in data.items():
        setattr(member, key, value)
    member.clean()
    _check_member(member)
    member._history_user = user
    member.save()
    return member


@transaction.atomic
def organization_deregister(*, user: User, organization: Organization, on: date | None = None) -> Organization:
    """Record that an organization was deregistered, on the day it happened (today if not
    given); its records and history stay."""
    if organization.status == Organization.Status.DEREGISTERED:
        raise ValidationError(_("%(name)s is already deregistered.") % {"name": organization.name})
    data = {"status": Organization.Status.DEREGISTERED, "status_changed_on": on}
    return organization_update(user=user, organization=organization, data=data)


@transaction.atomic
def member_leave(*, user: User, member: Member, left_on: date) -> Member:
    if not permissions.can_manage_members(user):
        raise PermissionDenied
    member.left_on = left_on
    member.full_clean(validate_unique=False, validate_constraints=False)
    if member.joined_on and left_on < member.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
    member._history_user = user
    member.save(update_fields=["left_on"])
    return member


def _check_member(member: Member) -> None:
    member.full_clean(validate_unique=False, validate_constraints=False)
    if member.left_on is None:
        current = Member.objects.filter(id_number=member.id_number, left_on__isnull=True).exclude(pk=member.pk)
        if (other := current.select_related("branch").first()) is not None:
            raise ValidationError(
                {"id_number": _("This person is already a member of %(branch)s.") % {"branch": other.branch.name}}
            )
    if member.joined_on and member.left_on and member.left_on < member.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
    if member.join_path == Member.JoinPath.INDIVIDUAL and member.branch.level != UnionBranch.Level.COMMUNITY:
        raise ValidationError({"branch": _("Individual joins are taken by town or community unions.")})


@transaction.atomic
def member_reveal_id_number(*, user: User, member: Member, ip_address: str | None = None) -> str:
    """The full ID number, for staff only; the view is logged."""
    if not permissions.can_reveal_member(user, member):
        raise PermissionDenied
    return reveal(user=user, instance=member, field="id_number", ip_address=ip_address)


IMPORT_KINDS = {"organizations": "orgs.import_organizations", "members": "orgs.import_members"}


@transaction.atomic
def registry_import_start(*, user: User, what: str, upload, division_code: str | None = None) -> BackgroundJob:
    """Keep the uploaded workbook and queue the import job (all rows or none)."""
    from django.urls import reverse
    from django.utils import translation

    from wangcang.imports import store_upload

    if not permissions.can_import(user):
        raise PermissionDenied
    if what not in IMPORT_KINDS:
        raise ValidationError(_("Unknown import."))
    path = store_upload(upload)
    job = job_start(
        kind=IMPORT_KINDS[what],
        params={
            "path": path,
            "filename": upload.name,
            "division": division_code or user.division_id,
            "language": translation.get_language(),
        },
        user=user,
    )
    job.params["result_url"] = reverse("orgs:import-detail", args=[job.pk])
    job.save(update_fields=["params"])
    return job
