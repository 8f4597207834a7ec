"""Pages moved onto the form-view base keep its guards: a double submit writes once."""

import pytest
from django.urls import reverse

from wangcang.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_token_form_submitted_twice_creates_one_token_and_shows_the_key_once(staff_client, staff_user):
    once = staff_client.get(reverse("api-tokens")).context["form_token"]
    first = staff_client.post(reverse("api-tokens"), {"name": "市级看板", "_once": once})
    key = first.context["new_token"]
    assert key and key in first.content.decode()
    # The form shown with the key is a new submission: its token is not the one spent.
    assert first.context["form_token"] != once
    second = staff_client.post(reverse("api-tokens"), {"name": "市级看板", "_once": once})
    assert second.status_code == 302
    assert second["Location"] == reverse("api-tokens")
    assert ApiToken.objects.filter(user=staff_user).count() == 1
    assert key not in staff_client.get(second["Location"]).content.decode()
