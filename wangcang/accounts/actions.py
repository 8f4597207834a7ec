"""Writes on accounts by county staff. Each change keeps its history (``User.history``, with
the organization links) and tells the person concerned."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from wangcang.actions import notification_send
from wangcang.models import Division, User, organization_model
from wangcang.permissions import require_staff

from . import twofactor
from .queries import users_visible_to

if TYPE_CHECKING:
    from orgs.models import Organization

logger = logging.getLogger(__name__)


def _event_key(kind: str, account: User) -> str:
    return f"account:{kind}:{account.pk}:{timezone.now().isoformat()}"


def _check_scope(
    *, actor: User, role: str, division: Division | None, organizations: Iterable[Organization], other_links: int = 0
) -> None:
    organizations = list(organizations)
    errors = {}
    if role in (User.Role.STAFF, User.Role.OFFICIAL):
        if division is None:
            errors["division"] = _("Staff and officials need a division.")
        elif not Division.objects.visible_to(actor).filter(pk=division.pk).exists():
            errors["division"] = _("This division is outside your own.")
    elif role == User.Role.ORG:
        if not organizations and not other_links:
            errors["organizations"] = _("An organization user needs at least one organization.")
    else:
        errors["role"] = _("Choose a role.")
    visible = set(
        organization_model()
        .objects.visible_to(actor)
        .filter(pk__in=[o.pk for o in organizations])
        .values_list("pk", flat=True)
    )
    if any(o.pk not in visible for o in organizations):
        errors["organizations"] = _("One of these organizations is outside your division.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def account_create(
    *,
    actor: User,
    username: str,
    last_name: str,
    first_name: str,
    email: str,
    phone: str = "",
    role: str,
    division: Division | None = None,
    organizations: Iterable[Organization] = (),
) -> User:
    """A new account in the actor's division. It has no password: the person sets one through
    the link e-mailed to them (``password_link_send``)."""
    require_staff(actor)
    organizations = list(organizations)
    _check_scope(actor=actor, role=role, division=division, organizations=organizations)
    account = User(
        username=username,
        last_name=last_name,
        first_name=first_name,
        email=email,
        phone=phone,
        role=role,
        division=division if role != User.Role.ORG else None,
    )
    account.set_unusable_password()
    account.full_clean()
    account._history_user = actor
    account.save()
    if role == User.Role.ORG:
        account.organizations.set(organizations)
    notification_send(
        recipients=[account],
        key=_event_key("created", account),
        title=_("Your account was created"),
        body=_("%(actor)s created your account %(username)s (%(role)s).")
        % {"actor": actor, "username": account.username, "role": account.get_role_display()},
        url=reverse("home"),
    )
    return account


@transaction.atomic
def account_update(
    *,
    actor: User,
    account: User,
    last_name: str,
    first_name: str,
    email: str,
    phone: str = "",
    role: str,
    division: Division | None = None,
    organizations: Iterable[Organization] = (),
) -> User:
    """Change an account in the actor's scope. Organization links outside the actor's division
    (an account that reports for organizations of two counties) are kept as they are."""
    require_staff(actor)
    if not users_visible_to(actor).filter(pk=account.pk).exists():
        raise PermissionDenied
    if account.pk == actor.pk and role != actor.role:
        raise ValidationError({"role": _("You cannot change your own role.")})
    in_scope = set(organization_model().objects.visible_to(actor).values_list("pk", flat=True))
    chosen = list(organizations) if role == User.Role.ORG else []
    kept = [pk for pk in account.organizations.values_list("pk", flat=True) if pk not in in_scope]
    _check_scope(actor=actor, role=role, division=division, organizations=chosen, other_links=len(kept))
    before = set(account.organizations.values_list("pk", flat=True))
    old_role = account.role
    account.last_name, account.first_name, account.email, account.phone = last_name, first_name, email, phone
    account.role = role
    account.division = division if role != User.Role.ORG else None
    account.full_clean()
    account._history_user = actor
    account.save()
    after = set(kept) | {o.pk for o in chosen}
    if after != before:
        account.organizations.set(after)
    added = organization_model().objects.filter(pk__in=after - before).order_by("name")
    removed = organization_model().objects.filter(pk__in=before - after).order_by("name")
    lines = []
    if old_role != role:
        lines.append(_("Your role is now: %(role)s.") % {"role": account.get_role_display()})
    if added:
        lines.append(_("Linked to: %(names)s.") % {"names": "、".join(o.name for o in added)})
    if removed:
        lines.append(_("No longer linked to: %(names)s.") % {"names": "、".join(o.name for o in removed)})
    if lines:
        notification_send(
            recipients=[account],
            key=_event_key("changed", account),
            title=_("Your account was changed"),
            body=" ".join([_("%(actor)s changed your account.") % {"actor": actor}, *lines]),
            url=reverse("home"),
        )
    return account


@transaction.atomic
def account_set_active(*, actor: User, account: User, active: bool) -> User:
    """Disable an account (it can no longer log in, its API tokens are revoked) or enable it again."""
    require_staff(actor)
    if not users_visible_to(actor).filter(pk=account.pk).exists():
        raise PermissionDenied
    if account.pk == actor.pk:
        raise ValidationError(_("You cannot disable your own account."))
    if account.is_active == active:
        return account
    account.is_active = active
    account._history_user = actor
    account.save()
    if active:
        notification_send(
            recipients=[account],
            key=_event_key("enabled", account),
            title=_("Your account was enabled again"),
            body=_("%(actor)s enabled your account again.") % {"actor": actor},
            url=reverse("home"),
        )
    return account


@transaction.atomic
def account_two_factor_reset(*, actor: User, account: User) -> int:
    """Remove an account's two-factor devices (a lost phone): at the next login the person sets
    up an app again where their role requires one."""
    require_staff(actor)
    if not users_visible_to(actor).filter(pk=account.pk).exists():
        raise PermissionDenied
    removed = twofactor.devices_remove(user=account)
    if removed:
        notification_send(
            recipients=[account],
            key=_event_key("2fa-reset", account),
            title=_("Your two-factor sign-in was reset"),
            body=_(
                "%(actor)s removed your authenticator app and backup codes. Set up the app again at your next login."
            )
            % {"actor": actor},
            url=reverse("two-factor"),
        )
    return removed


def password_link_send(*, account: User, domain: str, use_https: bool) -> bool:
    """E-mail ``account`` a link to set its password (the password-reset link). Without an
    e-mail address nothing is sent."""
    if not account.email or not account.is_active:
        return False
    context = {
        "user": account,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(account.pk)),
        "token": default_token_generator.make_token(account),
        "new_account": True,
    }
    subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
    body = render_to_string("registration/password_reset_email.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [account.email])
    except OSError:
        # The mail server is away: the account stands; staff can send a reset link later
        # (the login page's "Forgot your password?" works for it too).
        logger.exception("The set-password link of account %s could not be sent", account.pk)
        return False
    return True
