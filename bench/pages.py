"""Benchmark of the pages people open, on the synthetic province of ``bench/indicators.py``:
list pages (first and last page), form pages with their choices, the dashboard for the
province and for one county, the county report and its XLSX, as a province staff user.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wc_bench .venv/bin/python bench/pages.py

It needs the province generated first (``bench/indicators.py`` does that, once). Each page is
requested through Django's test client in this process (no network, no server): the median
of three requests after one warm-up, and the number of queries of one request. The results
replace this database's subsection under "## Pages" in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangcang.settings.local")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/wc-bench.sqlite3")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "wc-bench-media"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TARGET_MS = 300
LIST_PAGES = [
    "/services/deliveries/",
    "/orgs/members/",
    "/orgs/",
    "/services/contracts/",
    "/services/kinds/",
    "/incubator/applications/",
    "/orgs/self-reports/",
    "/services/funds/ledger/",
]
OTHER_PAGES = [
    "/",
    "/orgs/branches/",
    "/orgs/members/new/",
    "/incubator/visits/new/",
    "/orgs/appointments/seats/new/",
    "/incubator/mine/",
    "/incubator/",
    "/reports/?division={province}",
    "/reports/?division={county}",
    "/reports/county/?division={county}",
    "/reports/county/xlsx/?division={county}",
    "/api/v1/reports/indicators/?division={county}&period=all",
]


def province_staff():
    from wangcang.models import Division, User

    province = Division.objects.filter(level=Division.Level.PROVINCE).order_by("code").first()
    user, _ = User.objects.get_or_create(
        username="bench-province-staff", defaults={"role": User.Role.STAFF, "division": province}
    )
    return user, province


def busiest_county() -> str:
    from orgs.models import Organization

    row = (
        Organization.objects.values("division")
        .annotate(n=django.db.models.Count("pk"))
        .order_by("-n", "division")
        .first()
    )
    return row["division"] if row else "510821"


def time_get(client: Client, url: str, repeat: int = 3) -> tuple[float, int, int, int]:
    """Median milliseconds, queries of one request, status and body size. Every request reads
    the rows: kept list rows (wangcang.keptrows) are forgotten first, so that a page's time is
    that of its first reader after a write; the load run shows the kept path."""
    from wangcang.keptrows import forget_all

    response = client.get(url)
    samples = []
    for _ in range(repeat):
        forget_all()
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        samples.append(time.perf_counter() - started)
    forget_all()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(samples) * 1000, len(queries), response.status_code, len(body)


def last_page_url(client: Client, url: str) -> str | None:
    """The list's own Last-page link (exact or estimated counts alike)."""
    html = client.get(url).content.decode()
    found = re.search(r'href="([^"]*)"[^>]*data-testid="page-last"', html)
    if not found:
        return None
    query = found.group(1).replace("&amp;", "&")
    return f"{url.split('?')[0]}{query}" if query.startswith("?") else query


def measure() -> list[dict]:
    user, province = province_staff()
    client = Client()
    client.force_login(user)
    county = busiest_county()
    rows = []
    for url in LIST_PAGES:
        ms, queries, status, size = time_get(client, url)
        rows.append({"page": url, "which": "page 1", "ms": ms, "queries": queries, "status": status, "kb": size / 1024})
        last = last_page_url(client, url)
        if last:
            ms_last, queries_last, status, size = time_get(client, last)
            rows.append(
                {
                    "page": url,
                    "which": "last page",
                    "ms": ms_last,
                    "queries": queries_last,
                    "status": status,
                    "kb": size / 1024,
                    "ratio": ms_last / ms if ms else None,
                }
            )
        print(rows[-1], flush=True)
    for template in OTHER_PAGES:
        url = template.format(province=province.code if province else "51", county=county)
        ms, queries, status, size = time_get(client, url)
        rows.append({"page": url, "which": "", "ms": ms, "queries": queries, "status": status, "kb": size / 1024})
        print(rows[-1], flush=True)
    return rows


def write_results(rows: list[dict]) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8")
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    heading = "## Pages"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"### {vendor}",
        "",
        f"{stamp}, {os.cpu_count()} × {platform.machine()}, load average {load}. Target: {TARGET_MS} ms a page, "
        "a last page at most 1.5 × its first, at most 12 queries.",
        "",
        "| page | which | ms | queries | KB | status |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        which = row["which"] + (f" ({row['ratio']:.2f} ×)" if row.get("ratio") else "")
        lines.append(
            f"| `{row['page']}` | {which} | {row['ms']:,.0f} | {row['queries']} | {row['kb']:,.0f} | {row['status']} |"
        )
    section = "\n".join(lines) + "\n"
    if heading not in text:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n`bench/pages.py`: every page as a province staff user on the "
        text += "synthetic province of `bench/indicators.py`, through Django's test client (median of three).\n\n"
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    body = text[start : end if end != -1 else len(text)]
    parts = [part for part in body.split("\n### ")[1:] if not part.startswith(vendor)]
    intro = body.split("\n### ")[0].rstrip("\n")
    new_body = intro + "\n\n" + "".join(f"### {part.strip(chr(10))}\n\n" for part in [*parts, section[4:]])
    text = text[:start] + new_body.rstrip("\n") + "\n" + (text[end:] if end != -1 else "")
    path.write_text(text, encoding="utf-8")
    print(f"written to {path}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="Do not update docs/performance.md.")
    args = parser.parse_args()
    rows = measure()
    if not args.no_write:
        write_results(rows)


if __name__ == "__main__":
    main()
