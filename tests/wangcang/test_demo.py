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
