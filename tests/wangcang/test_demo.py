import pytest
from django.core.management import call_command

from wangcang.models import User


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_creates_one_user_per_role():
    call_command("load_demo", quiet_logins=True)
    first = User.objects.count()
    call_command("load_demo", quiet_logins=True)
    assert User.objects.count() == first
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"staff", "official", "org"}
    assert User.objects.filter(is_superuser=True).count() == 1
    assert User.objects.get(username="staff").division_id == "510821"


@pytest.mark.django_db
def test_load_demo_refuses_under_production_settings(settings):
    from django.core.management.base import CommandError

    from orgs.models import Organization

    settings.PORTAL_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production settings"):
        call_command("load_demo", quiet_logins=True)
    assert not User.objects.exists() and not Organization.objects.exists()


@pytest.mark.django_db
def test_load_demo_refuses_a_database_with_records_it_did_not_create(make_user):
    from django.core.management.base import CommandError

    from orgs.models import Organization

    make_user("zhang.wei")
    with pytest.raises(CommandError, match="1 users"):
        call_command("load_demo", quiet_logins=True)
    assert not Organization.objects.exists()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_demo_accounts_under_production_settings_have_no_known_password(settings):
    from wangcang import demo

    settings.PORTAL_ENVIRONMENT = "production"
    demo.load()
    users = User.objects.filter(username__in=[row[0] for row in demo.DEMO_USERS])
    assert users.count() == len(demo.DEMO_USERS)
    assert not any(user.check_password(demo.DEMO_PASSWORD) or user.has_usable_password() for user in users)


def test_load_demo_under_the_real_production_settings_refuses():
    from tests.wangcang.test_settings import run_manage

    result = run_manage("load_demo", DJANGO_SECRET_KEY="s" * 60, ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "Refusing to load demo data under production settings" in result.stderr
