"""Every page of the scale targets answers in at most 12 queries, the same at 10 and 300 records."""

import pytest

from tests.services.test_views import _contracts_with_deliveries

PAGES = [
    "/services/contracts/",
    "/services/kinds/",
    "/services/deliveries/",
    "/services/deliveries/?page=2",
    "/orgs/members/",
    "/orgs/branches/",
    "/incubator/",
]


@pytest.mark.parametrize("count", [10, 300])
def test_pages_stay_within_twelve_queries(staff_client, organization, django_assert_max_num_queries, count):
    _contracts_with_deliveries(count, organization)
    staff_client.get("/")  # the session's first renewal is written here, not on a measured page
    for url in PAGES:
        with django_assert_max_num_queries(12):
            assert staff_client.get(url).status_code in (200, 404), url
