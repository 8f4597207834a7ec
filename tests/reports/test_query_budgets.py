"""Query budgets of the pages that show figures, with the real catalogue: the dashboard, the
county report, its XLSX and the home page. A read after the figures are kept (the usual
case: the nightly job, or an earlier read, kept them) stays within 12 queries; the first
read after a write computes them, in a number of queries that does not grow with the
records."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.reports import test_freshness_property as writes
from tests.reports.test_freshness_property import world  # noqa: F401
from wangcang.models import User

pytestmark = pytest.mark.django_db

COUNTY = "510821"


def build(staff, times: int) -> None:
    """Each kind of write of every family, ``times`` times in each county."""
    day = timezone.localdate().replace(day=1)
    for index in range(times):
        for county in writes.COUNTIES:
            for write in writes.WRITES:
                if write is writes.refresh:
                    continue
                write(staff, county, day, index % 2 == 0, index)
                write(staff, county, day, index % 2 == 1, index)


def pages() -> list[str]:
    last_year = timezone.localdate().year - 1
    return [
        f"/reports/?division={COUNTY}&period={last_year}",
        f"/reports/county/?division={COUNTY}&period=all",
        f"/reports/county/xlsx/?division={COUNTY}&period=all",
        "/",
    ]


def counted(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(context.captured_queries)


# The first read after a write computes what it shows and keeps it: the dashboard its
# period and the year before (one query per indicator family each) and its charts; the
# report its figures (period ``all``) and the names its sentences quote. Measured, then
# fixed here so that a change adding a query per record (or per family) fails.
FIRST_READ = {"dashboard": 85, "report": 47, "xlsx": 13, "home": 10}
# The division, its figures generation and the user's own division are one query; the XLSX
# also lists the records behind the figures (one query per list) and the figures by town
# (three queries).
KEPT_READ = {"dashboard": 12, "report": 12, "xlsx": 12, "home": 12}


def test_figures_pages_read_what_is_kept_within_twelve_queries_whatever_the_records(world):  # noqa: F811
    official = User.objects.create_user(
        username="budget-official", password="x", role=User.Role.OFFICIAL, division_id=COUNTY
    )
    staff = User.objects.create_user(username="budget-staff", password="x", role=User.Role.STAFF, division_id=COUNTY)
    # Province staff reading a county's pages: the page's chrome names their own division's
    # union, read with the county's division, not after it.
    province_staff = User.objects.create_user(
        username="budget-province-staff", password="x", role=User.Role.STAFF, division_id="510000"
    )
    clients = []
    for user in (official, staff, province_staff):
        client = Client()
        client.force_login(user)
        client.get("/")  # the session's first renewal is written here, not on a measured page
        clients.append(client)
    first_reads, kept_reads = [], []
    for times in (1, 3):
        build(world, times)  # writes: every kept figure of the county is stale now
        counts, kept = {}, {}
        for name, url in zip(FIRST_READ, pages(), strict=True):
            counts[name] = counted(clients[0], url)
            kept[name] = max(counted_once_kept(client, url) for client in clients)
        first_reads.append(counts)
        kept_reads.append(kept)
        assert all(kept[name] <= KEPT_READ[name] for name in kept), (counts, kept)
        assert all(counts[name] <= FIRST_READ[name] for name in counts), (counts, kept)
    # Three times the records, the same number of queries.
    assert first_reads[0] == first_reads[1]
    assert kept_reads[0] == kept_reads[1]


def counted_once_kept(client, url) -> int:
    """The queries of a read after another read of the same page (which kept the figures:
    the province staff's home page shows the province's, not the county's)."""
    counted(client, url)
    return counted(client, url)
