"""Demo users (one per role) and the divisions. Development only: the passwords are
printed by ``make run``."""

from django.conf import settings
from django.db import transaction

from .divisions import WANGCANG, ensure_divisions
from .models import User

DEMO_PASSWORD = "Wangcang-demo-2022"

DEMO_USERS = [
    # username, role, family name, given name, superuser
    ("admin", User.Role.STAFF, "系统", "管理员", True),
    ("staff", User.Role.STAFF, "王", "工会干事", False),
    ("official", User.Role.OFFICIAL, "李", "领导", False),
    ("org", User.Role.ORG, "张", "填报员", False),
]


@transaction.atomic
def load(*, stdout=None) -> None:
    ensure_divisions()
    for username, role, last_name, first_name, superuser in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "last_name": last_name,
                "first_name": first_name,
                "division_id": WANGCANG if role != User.Role.ORG else None,
                "is_superuser": superuser,
                "is_staff": superuser,
                "email": f"{username}@wangcang.example",
            },
        )
        if created:
            if settings.PORTAL_ENVIRONMENT == "production":
                user.set_unusable_password()  # never a password printed in the source
            else:
                user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])


def link_demo_org_user(organization) -> None:
    """Link the demo organization user to ``organization`` (called by the registry demo)."""
    User.objects.get(username="org").organizations.add(organization)
