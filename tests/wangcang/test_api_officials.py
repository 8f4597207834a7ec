"""Officials read and never write: every write operation of the schema answers them 403
before anything is looked up or validated (their own tokens excepted)."""

import pytest
from rest_framework.test import APIClient

from tests.wangcang.test_api_docs_writes import published_writes

pytestmark = pytest.mark.django_db
THEIR_OWN = {"/auth/token/", "/auth/tokens/{id}/"}


def test_every_write_refuses_an_official(official_user):
    client = APIClient()
    client.force_authenticate(official_user)
    checked = 0
    for method, path in sorted(published_writes()):
        if path in THEIR_OWN:
            continue
        url = "/api/v1" + path.replace("{id}", "1")
        response = getattr(client, method.lower())(url, {}, format="json")
        assert response.status_code == 403, (method, path, response.status_code)
        checked += 1
    assert checked >= 80
