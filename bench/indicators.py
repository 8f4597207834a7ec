"""Benchmark of the indicator catalogue and the county report on a synthetic province.

    DATABASE_URL=sqlite:////tmp/wc-bench.sqlite3 .venv/bin/python bench/indicators.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wc_bench .venv/bin/python bench/indicators.py

It migrates the database named by ``DATABASE_URL`` (never the development database by
default: without ``DATABASE_URL`` it uses /tmp/wc-bench.sqlite3), generates the province
once (183 county divisions under 51xxxx, organizations, union branches, a few hundred
thousand members, a million delivery-like records), then times the catalogue for one
county and for the whole province, and the PDF rendering of the Wangcang report. The
results are appended under "## Indicators and report" in docs/performance.md.

Generators are registered with ``@generator(name)``; a pillar whose records are not
generated yet adds its own (for example purchased-service deliveries) the same way.
Where the catalogue has no family over a generated model yet, the reports tests'
families (tests/reports/families.py) stand in, so the timings always cover the same
aggregate shapes.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangcang.settings.local")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/wc-bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

COUNTIES = 183
ORGS_PER_COUNTY = 40
MEMBERS = 300_000
DELIVERIES = 1_000_000
BATCH = 5000

GENERATORS: list[tuple[str, Callable[[dict], int]]] = []


def generator(name: str):
    def register(func):
        GENERATORS.append((name, func))
        return func

    return register


def county_codes() -> list[tuple[str, str]]:
    """183 county codes under 21 cities of Sichuan (51xxxx), Wangcang (510821) first."""
    codes = [("510821", "510800")]
    city = 1
    while len(codes) < COUNTIES:
        city_code = f"51{city:02d}00"
        for serial in range(21, 30):
            code = f"51{city:02d}{serial:02d}"
            if code != "510821" and len(codes) < COUNTIES:
                codes.append((code, city_code))
        city += 1
    return codes


@generator("divisions")
def make_divisions(ctx: dict) -> int:
    from wangcang.divisions import ensure_divisions
    from wangcang.models import Division

    ensure_divisions()
    cities = sorted({city for _, city in ctx["counties"]})
    Division.objects.bulk_create(
        [Division(code=c, name=f"合成市{c[2:4]}", level="city", parent_id="510000") for c in cities],
        ignore_conflicts=True,
    )
    Division.objects.bulk_create(
        [Division(code=c, name=f"合成县{c}", level="county", parent_id=p) for c, p in ctx["counties"]],
        ignore_conflicts=True,
    )
    return Division.objects.filter(level="county", code__startswith="51").count()


@generator("organizations")
def make_organizations(ctx: dict) -> int:
    from orgs.models import Organization, Town, UnionBranch
    from wangcang.validators import make_uscc

    rng = ctx["rng"]
    towns = [Town(division_id=code, name=f"{code}镇{n}") for code, _ in ctx["counties"] for n in range(5)]
    Town.objects.bulk_create(towns, batch_size=BATCH, ignore_conflicts=True)
    town_ids: dict[str, list[int]] = {}
    for pk, code in Town.objects.values_list("pk", "division_id"):
        town_ids.setdefault(code, []).append(pk)
    kinds = [*Organization.SOCIAL_KINDS, Organization.Kind.OTHER]
    orgs, serial = [], 0
    for code, _ in ctx["counties"]:
        for _n in range(ORGS_PER_COUNTY):
            serial += 1
            orgs.append(
                Organization(
                    name=f"合成社会组织{serial}",
                    uscc=make_uscc(serial, division=code),
                    kind=rng.choice(kinds),
                    division_id=code,
                    town_id=rng.choice(town_ids[code]),
                    established_on=date(2015, 1, 1) + timedelta(days=rng.randrange(3000)),
                    has_party_org=rng.random() < 0.9,
                    status="active" if rng.random() < 0.95 else "deregistered",
                )
            )
    Organization.objects.bulk_create(orgs, batch_size=BATCH)
    branches = [
        UnionBranch(name=f"{o.name}工会", level="organization", division_id=o.division_id, organization_id=o.pk)
        for o in Organization.objects.only("pk", "name", "division_id").filter(name__startswith="合成")
        if rng.random() < 0.85
    ]
    UnionBranch.objects.bulk_create(branches, batch_size=BATCH)
    UnionBranch.objects.bulk_create(
        [UnionBranch(name=f"{code}社区工会", level="community", division_id=code) for code, _ in ctx["counties"]]
    )
    return len(orgs)


@generator("members")
def make_members(ctx: dict) -> int:
    from orgs.models import Member, UnionBranch
    from wangcang.validators import make_id_number

    rng = ctx["rng"]
    branches = list(UnionBranch.objects.filter(level="organization").values_list("pk", "organization_id"))
    community = list(UnionBranch.objects.filter(level="community").values_list("pk", flat=True))
    batch = []
    for serial in range(MEMBERS):
        joined = date(2016, 1, 1) + timedelta(days=rng.randrange(2900))
        left = joined + timedelta(days=rng.randrange(30, 900)) if rng.random() < 0.1 else None
        if rng.random() < 0.05:
            branch_id, organization_id, path = rng.choice(community), None, "individual"
        else:
            (branch_id, organization_id), path = rng.choice(branches), "own"
        batch.append(
            Member(
                name=f"会员{serial}",
                id_number=make_id_number(serial),
                branch_id=branch_id,
                organization_id=organization_id,
                join_path=path,
                joined_on=joined,
                left_on=left,
            )
        )
        if len(batch) == BATCH:
            Member.objects.bulk_create(batch)
            batch = []
    Member.objects.bulk_create(batch)
    return MEMBERS


@generator("deliveries")
def make_delivery_like_records(ctx: dict) -> int:
    """A million dated records with a division and an organization: tracked issues stand
    in for service deliveries until those models exist here."""
    from orgs.models import JointMeeting, Organization, TrackedIssue

    rng = ctx["rng"]
    orgs = list(Organization.objects.values_list("pk", "division_id"))
    JointMeeting.objects.bulk_create(
        [
            JointMeeting(division_id=code, held_on=date(2020, 1, 1) + timedelta(days=rng.randrange(1400)))
            for code, _ in ctx["counties"]
            for _n in range(4)
        ]
    )
    batch = []
    for _serial in range(DELIVERIES):
        org_id, code = rng.choice(orgs)
        raised = date(2019, 1, 1) + timedelta(days=rng.randrange(1800))
        resolved = raised + timedelta(days=rng.randrange(1, 200)) if rng.random() < 0.7 else None
        batch.append(
            TrackedIssue(
                division_id=code,
                organization_id=org_id,
                description="合成记录",
                raised_on=raised,
                status="resolved" if resolved else "open",
                resolved_on=resolved,
            )
        )
        if len(batch) == BATCH:
            TrackedIssue.objects.bulk_create(batch)
            batch = []
    TrackedIssue.objects.bulk_create(batch)
    return DELIVERIES


def generate() -> dict[str, float]:
    from orgs.models import Organization

    timings: dict[str, float] = {}
    if Organization.objects.filter(name__startswith="合成").exists():
        print("synthetic province already generated")
        return timings
    ctx = {"rng": random.Random(20221), "counties": county_codes()}
    for name, func in GENERATORS:
        started = time.perf_counter()
        with transaction.atomic():
            count = func(ctx)
        timings[name] = time.perf_counter() - started
        print(f"generated {name}: {count} in {timings[name]:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return timings


def ensure_families() -> list[str]:
    """Stand-in families for generated models that no pillar covers yet."""
    from reports import catalogue
    from tests.reports import families

    present = {item.code for item in catalogue.catalogue()}
    added = []
    for func, indicators in families.FAMILY_SPECS:
        if not any(item.code in present for item in indicators):
            catalogue.family(*indicators)(func)
            added.extend(item.code for item in indicators)
    return added


def timed(func, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def measure(snapshots: bool = False) -> list[tuple[str, float]]:
    from reports import catalogue, pdf, queries
    from reports.catalogue import Scope
    from wangcang.models import Division
    from wangcang.periods import ALL, parse_period

    county = Division.objects.get(code="510821")
    province = Division.objects.get(code="510000")
    year = parse_period("2022")
    results = []
    for label, division in (("one county (510821)", county), ("whole province (51)", province)):
        for period in (ALL, year):
            seconds = timed(lambda d=division, p=period: catalogue.compute(Scope(division=d, period=p)))
            results.append((f"catalogue, {label}, period {period.key}", seconds))
            print(f"{results[-1][0]}: {seconds * 1000:.0f} ms", flush=True)
    if snapshots:
        from reports import actions

        divisions = list(queries.snapshot_divisions())
        started = time.perf_counter()
        actions.snapshots_compute(divisions=divisions, periods=[ALL])
        seconds = time.perf_counter() - started
        results.append((f"nightly snapshots, {len(divisions)} divisions, one period (all)", seconds))
        print(f"{results[-1][0]}: {seconds * 1000:.0f} ms", flush=True)
    seconds = timed(lambda: pdf.render_pdf(queries.figures(Scope(division=county, period=ALL), live=True)), repeat=2)
    results.append(("county report PDF (figures + narrative + WeasyPrint), 510821, all", seconds))
    print(f"{results[-1][0]}: {seconds * 1000:.0f} ms", flush=True)
    return results


def write_results(generated: dict[str, float], results: list[tuple[str, float]], stand_ins: list[str]) -> None:
    from orgs.models import Member, Organization, TrackedIssue
    from reports import catalogue

    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    heading = "\n## Indicators and report\n"
    if heading not in text:
        text = text.rstrip("\n") + "\n" + heading
    before, _, section = text.partition(heading)
    after = ""
    if "\n## " in section:
        section, after = section.split("\n## ", 1)
        after = "\n## " + after
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor, connection.vendor)
    # One subsection per database; a new run replaces its own and keeps the others.
    kept = [part for part in section.split("\n### ") if part.strip() and not part.startswith(vendor)]
    intro = kept.pop(0) if kept and not section.lstrip("\n").startswith("### ") else ""
    lines = [
        vendor,
        "",
        f"{os.cpu_count()} cores, {date.today().isoformat()}: "
        f"{Organization.objects.count():,} organizations in 183 county divisions, {Member.objects.count():,} members, "
        f"{TrackedIssue.objects.count():,} delivery-like dated records; "
        f"{len(catalogue.catalogue())} indicators in {len(catalogue.FAMILIES)} families"
        + (f" (stand-in families for {', '.join(stand_ins)})" if stand_ins else "")
        + ". Median of three runs (PDF: of two).",
        "",
        "| measurement | time |",
        "| --- | --- |",
    ]
    lines += [f"| {label} | {seconds * 1000:,.0f} ms |" for label, seconds in results]
    if generated:
        lines += ["", "Generating the data: " + ", ".join(f"{k} {v:.0f} s" for k, v in generated.items()) + "."]
    parts = [*kept, "\n".join(lines) + "\n"]
    body = "\n" + (intro.strip("\n") + "\n\n" if intro.strip() else "")
    body += "".join(f"### {part.strip(chr(10))}\n\n" for part in parts)
    path.write_text(before.rstrip("\n") + "\n" + heading + body.rstrip("\n") + "\n" + after, encoding="utf-8")
    print(f"written to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="Do not update docs/performance.md.")
    parser.add_argument("--snapshots", action="store_true", help="Also time the nightly snapshot job (one period).")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    generated = generate()
    stand_ins = ensure_families()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    results = measure(snapshots=args.snapshots)
    if not args.no_write:
        write_results(generated, results, stand_ins)


if __name__ == "__main__":
    main()
