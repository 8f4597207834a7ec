import datetime
from decimal import Decimal

from django.urls import reverse

from incubator import actions
from incubator.models import SupportEntry


def test_support_entries_cannot_be_changed_or_deleted_in_the_admin(client, make_user, residency, staff_user):
    entry = actions.support_post(
        user=staff_user,
        organization=residency.organization,
        kind="grant",
        amount=Decimal("100"),
        value_date=datetime.date(2021, 1, 1),
    )
    admin = make_user("root", "staff", is_superuser=True, is_staff=True)
    client.force_login(admin)
    change_url = reverse("admin:incubator_supportentry_change", args=[entry.pk])
    assert client.get(reverse("admin:incubator_supportentry_changelist")).status_code == 200
    page = client.get(change_url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(change_url, {"amount": "1"}).status_code == 403
    assert (
        client.post(reverse("admin:incubator_supportentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    )
    entry.refresh_from_db()
    assert entry.amount == Decimal("100.00") and SupportEntry.objects.count() == 1


def test_api_trainee_count_equals_attendance(client, staff_user, organization):
    from .factories import TrainingFactory

    training = TrainingFactory()
    for name in ["甲", "乙", "丙"]:
        actions.attendance_sign_in(user=staff_user, training=training, person_name=name, organization=organization)
    client.force_login(staff_user)
    body = client.get(f"/api/v1/incubator/trainings/{training.pk}/").json()
    assert body["trainee_count"] == training.attendances.count() == 3
