"""Personal data (ID numbers, phones) is shown masked, except to staff who ask for it;
each such view is logged (:class:`~wangcang.models.PersonalDataAccess`)."""

from __future__ import annotations

from django.db import models

from .models import PersonalDataAccess
from .permissions import has_role


def mask_id_number(value: str | None) -> str:
    """``510821199001011234`` → ``5108**********1234``."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_phone(value: str | None) -> str:
    """``13812345678`` → ``138****5678``."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_name(value: str | None) -> str:
    """``张三丰`` → ``张**``: for lists shown beyond staff."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)


def can_reveal_personal_data(user) -> bool:
    return has_role(user, "staff")


def reveal(*, user, instance: models.Model, field: str, ip_address: str | None = None) -> str:
    """Return the unmasked value and log that ``user`` saw it. Staff only."""
    if not can_reveal_personal_data(user):
        raise PermissionError("only union staff may see unmasked personal data")
    PersonalDataAccess.objects.create(
        user=user,
        model=instance._meta.label,
        object_id=str(instance.pk),
        field=field,
        ip_address=ip_address,
    )
    return getattr(instance, field)
