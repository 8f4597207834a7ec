"""Benchmark of the indicator catalogue, the nightly snapshots and the county report PDF on a
synthetic province, with the real catalogue (every family of every pillar).

    DATABASE_URL=sqlite:////tmp/wc-bench.sqlite3 .venv/bin/python bench/indicators.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wc_bench .venv/bin/python bench/indicators.py \\
        --demo-database-url postgres://postgres@127.0.0.1:5432/wc_bench_demo

It migrates the database named by ``DATABASE_URL`` (never the development database: without
``DATABASE_URL`` it uses /tmp/wc-bench.sqlite3) and generates the province once with plain
``bulk_create`` (no history rows): 183 county divisions under 51xxxx with their cities,
organizations, union branches and coverage, about 300,000 members, one million
``services.Delivery`` records under their contracts and targets, and a modest number of
records for every other family (incubator, cohesion, funds, self-reports). It then times
``wangcang.catalogue.compute`` for one county and for the province (median of three runs),
counts the queries of one computation, times the nightly snapshot job over every division
for one period and for the four periods of the nightly task, and times the county report PDF through the background job on the Wangcang
demo data, loaded with ``manage.py load_demo`` into a separate fresh database
(``--demo-database-url``; for SQLite a file next to the benchmark database, recreated each run).
The results replace this database's subsection under "## Indicators and report" in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangcang.settings.local")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/wc-bench.sqlite3")
# No query log in memory while a million rows go in (CaptureQueriesContext still works).
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "wc-bench-media"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

COUNTIES = 183
ORGS_PER_COUNTY = 40
# WC_BENCH_SCALE=0.01 makes a small province for trying the script out.
SCALE = float(os.environ.get("WC_BENCH_SCALE", "1"))
MEMBERS = int(300_000 * SCALE)
CONTRACTS_PER_COUNTY = 12
DELIVERIES = int(1_000_000 * SCALE)
CHUNK = 20_000  # objects built in memory before a bulk_create
BATCH = 2_000  # rows per INSERT (PostgreSQL allows 65,535 parameters per statement)
MARK = "合成"  # every generated name starts with it
CONFIRMED_AT = datetime(2026, 1, 1, tzinfo=UTC)

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


def day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def bulk(model, objects: list) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


# --- Registry -----------------------------------------------------------------------------------


@generator("divisions")
def make_divisions(ctx: dict) -> int:
    from wangcang.divisions import ensure_divisions
    from wangcang.models import Division

    ensure_divisions()
    cities = sorted({city for _, city in ctx["counties"]})
    Division.objects.bulk_create(
        [Division(code=c, name=f"{MARK}市{c[2:4]}", level="city", parent_id="510000") for c in cities],
        ignore_conflicts=True,
    )
    Division.objects.bulk_create(
        [Division(code=c, name=f"{MARK}县{c}", level="county", parent_id=p) for c, p in ctx["counties"]],
        ignore_conflicts=True,
    )
    return Division.objects.filter(code__startswith="51").count()


@generator("organizations and union branches")
def make_organizations(ctx: dict) -> int:
    from orgs.models import Organization, Town, UnionBranch
    from wangcang.validators import make_uscc

    rng = ctx["rng"]
    bulk(Town, [Town(division_id=code, name=f"{code}镇{n}") for code, _ in ctx["counties"] for n in range(5)])
    town_ids: dict[str, list[int]] = {}
    for pk, code in Town.objects.values_list("pk", "division_id"):
        town_ids.setdefault(code, []).append(pk)
    kinds = [*Organization.SOCIAL_KINDS, Organization.Kind.OTHER]
    industries = [value for value, _label in Organization.Industry.choices]
    orgs, serial = [], 0
    for code, _ in ctx["counties"]:
        for _n in range(ORGS_PER_COUNTY):
            serial += 1
            active = rng.random() < 0.95
            orgs.append(
                Organization(
                    name=f"{MARK}社会组织{serial}",
                    uscc=make_uscc(serial, division=code),
                    kind=rng.choice(kinds),
                    division_id=code,
                    town_id=rng.choice(town_ids[code]),
                    industry=rng.choice(industries),
                    established_on=date(2012, 1, 1) + timedelta(days=rng.randrange(4000)),
                    staff_count=rng.randrange(1, 60),
                    has_party_org=rng.random() < 0.9,
                    status="active" if active else "deregistered",
                    status_changed_on=None if active else date(2023, 6, 30),
                )
            )
    bulk(Organization, orgs)
    by_county: dict[str, list[int]] = {}
    for pk, code in Organization.objects.filter(name__startswith=MARK).values_list("pk", "division_id"):
        by_county.setdefault(code, []).append(pk)
    ctx["orgs_by_county"] = by_county
    branches = []
    own: set[int] = set()
    for code, _ in ctx["counties"]:
        branches.append(UnionBranch(name=f"{MARK}{code}县总工会", level="county", division_id=code))
        branches.append(
            UnionBranch(name=f"{MARK}{code}社区工会", level="community", division_id=code, town_id=town_ids[code][0])
        )
        branches.append(UnionBranch(name=f"{MARK}{code}茶产业联合工会", level="industry", division_id=code))
        for org_id in by_county[code]:
            if rng.random() < 0.75:
                own.add(org_id)
                branches.append(
                    UnionBranch(
                        name=f"{MARK}组织{org_id}工会",
                        level="organization",
                        division_id=code,
                        organization_id=org_id,
                        founded_on=date(2016, 1, 1) + timedelta(days=rng.randrange(2500)),
                    )
                )
    bulk(UnionBranch, branches)
    # Industry and community unions cover most organizations without a union of their own.
    Coverage = UnionBranch.covered_organizations.through
    coverage = []
    covering = UnionBranch.objects.filter(name__startswith=MARK, level__in=["industry", "community"])
    for pk, code, level in covering.values_list("pk", "division_id", "level"):
        for org_id in by_county[code]:
            if org_id not in own and rng.random() < (0.5 if level == "industry" else 0.4):
                coverage.append(Coverage(unionbranch_id=pk, organization_id=org_id))
    bulk(Coverage, coverage)
    return len(orgs)


@generator("members")
def make_members(ctx: dict) -> int:
    from orgs.models import Member, UnionBranch
    from wangcang.validators import make_id_number

    rng = ctx["rng"]
    branches = list(UnionBranch.objects.filter(level="organization").values_list("pk", "organization_id"))
    community = {
        code: pk for pk, code in UnionBranch.objects.filter(level="community").values_list("pk", "division_id")
    }
    industry = list(UnionBranch.objects.filter(level="industry").values_list("pk", "division_id"))
    org_county = {pk: code for code, pks in ctx["orgs_by_county"].items() for pk in pks}
    all_orgs = list(org_county)
    batch = []
    for serial in range(MEMBERS):
        joined = date(2016, 1, 1) + timedelta(days=rng.randrange(3500))
        left = joined + timedelta(days=rng.randrange(30, 900)) if rng.random() < 0.1 else None
        draw = rng.random()
        if draw < 0.05:
            org_id = rng.choice(all_orgs)
            branch_id, path = community[org_county[org_id]], "individual"
        elif draw < 0.12:
            branch_id, code = rng.choice(industry)
            org_id, path = rng.choice(ctx["orgs_by_county"][code]), "industry"
        else:
            (branch_id, org_id), path = rng.choice(branches), "own"
        batch.append(
            Member(
                name=f"会员{serial}",
                id_number=make_id_number(serial),
                branch_id=branch_id,
                organization_id=org_id,
                join_path=path,
                joined_on=joined,
                left_on=left,
            )
        )
        if len(batch) == CHUNK:
            bulk(Member, batch)
            batch = []
    bulk(Member, batch)
    return MEMBERS


# --- Purchased services ---------------------------------------------------------------------------

# What each category of contract delivers; legal-aid cases and adviser postings are records of
# their own, not deliveries.
CATEGORY_KINDS = {
    "legal": ["consultation", "training"],
    "medical": ["surgery", "consultation"],
    "training": ["training"],
    "mental_health": ["counselling", "consultation"],
    "contest": ["contest"],
    "other": ["other", "training"],
}


@generator("contracts, targets, cases, advisers")
def make_contracts(ctx: dict) -> int:
    from orgs.models import UnionBranch
    from services.actions import deliverable_kinds_ensure
    from services.models import AdviserPosting, Contract, ContractTarget, LegalAidCase

    rng = ctx["rng"]
    kinds = {code: kind.pk for code, kind in deliverable_kinds_ensure().items()}
    categories = list(CATEGORY_KINDS)
    contracts = []
    for code, _ in ctx["counties"]:
        for n in range(CONTRACTS_PER_COUNTY):
            category = categories[n % len(categories)]
            starts = day_between(rng, date(2019, 1, 1), date(2025, 6, 30))
            ends = starts + timedelta(days=rng.choice([364, 729, 1094]))
            contracts.append(
                Contract(
                    division_id=code,
                    provider_id=rng.choice(ctx["orgs_by_county"][code]),
                    title=f"{MARK}{code}购买服务{n + 1}",
                    category=category,
                    amount=Decimal(rng.randrange(50_000, 500_000)),
                    signed_on=starts - timedelta(days=10),
                    starts_on=starts,
                    ends_on=ends,
                    created_at=CONFIRMED_AT,
                )
            )
    bulk(Contract, contracts)
    contracts = list(
        Contract.objects.filter(title__startswith=MARK).values_list(
            "pk", "division_id", "category", "starts_on", "ends_on"
        )
    )
    ctx["contracts"] = [
        (pk, [kinds[k] for k in CATEGORY_KINDS[category]], starts, (ends - starts).days)
        for pk, _code, category, starts, ends in contracts
    ]
    targets, cases, postings = [], [], []
    org_unions = dict(UnionBranch.objects.filter(level="organization").values_list("organization_id", "pk"))
    for pk, code, category, starts, ends in contracts:
        target_kinds = CATEGORY_KINDS[category] + (["legal_aid_case", "adviser_posting"] if category == "legal" else [])
        targets += [
            ContractTarget(contract_id=pk, kind_id=kinds[k], quantity=rng.randrange(50, 2000)) for k in target_kinds
        ]
        if category != "legal":
            continue
        for n in range(5):
            accepted = day_between(rng, starts, ends)
            closed = accepted + timedelta(days=rng.randrange(20, 200)) if rng.random() < 0.7 else None
            cases.append(
                LegalAidCase(
                    contract_id=pk,
                    worker_name=f"{MARK}职工{n}",
                    employer=f"{MARK}用人单位{n}",
                    kind="arbitration",
                    accepted_on=accepted,
                    closed_on=closed,
                    outcome="won" if closed else "pending",
                    amount_recovered=Decimal(rng.randrange(1000, 50_000)) if closed else Decimal("0.00"),
                    status="confirmed",
                    confirmed_at=CONFIRMED_AT,
                )
            )
        unions = [org_unions[o] for o in ctx["orgs_by_county"][code] if o in org_unions]
        for n in range(2):
            postings.append(
                AdviserPosting(
                    contract_id=pk,
                    lawyer=f"{MARK}律师{pk}-{n}",
                    union_id=rng.choice(unions) if unions else None,
                    union_name="" if unions else f"{MARK}企业工会",
                    starts_on=starts,
                    ends_on=ends,
                )
            )
    bulk(ContractTarget, targets)
    bulk(LegalAidCase, cases)
    bulk(AdviserPosting, postings)
    return len(contracts)


@generator("deliveries")
def make_deliveries(ctx: dict) -> int:
    """A million service records spread over the contracts, dated inside their terms;
    about nine in ten confirmed."""
    from services.models import Delivery

    rng = ctx["rng"]
    contracts = ctx["contracts"]
    batch = []
    for _serial in range(DELIVERIES):
        contract_id, kinds, starts, days = contracts[rng.randrange(len(contracts))]
        confirmed = rng.random() < 0.9
        batch.append(
            Delivery(
                contract_id=contract_id,
                kind_id=kinds[rng.randrange(len(kinds))],
                delivered_on=starts + timedelta(days=rng.randrange(days + 1)),
                quantity=1 + rng.randrange(3),
                persons_served=rng.randrange(40),
                status="confirmed" if confirmed else "unconfirmed",
                recorded_at=CONFIRMED_AT,
                confirmed_at=CONFIRMED_AT if confirmed else None,
            )
        )
        if len(batch) == CHUNK:
            bulk(Delivery, batch)
            batch = []
    bulk(Delivery, batch)
    return DELIVERIES


# --- Incubator ------------------------------------------------------------------------------------


@generator("incubator")
def make_incubator(ctx: dict) -> int:
    from incubator.models import (
        Application,
        Attendance,
        Batch,
        Budget,
        ExchangeVisit,
        Residency,
        Site,
        Space,
        SupportEntry,
        Training,
    )

    rng = ctx["rng"]
    counties = [code for code, _ in ctx["counties"]]
    bulk(Site, [Site(division_id=code, name=f"{MARK}{code}孵化基地") for code in counties])
    sites = dict(Site.objects.filter(name__startswith=MARK).values_list("division_id", "pk"))
    bulk(
        Space,
        [
            Space(
                site_id=sites[code],
                name=f"空间{n}",
                area_m2=Decimal(rng.randrange(50, 800)),
                opened_on=date(2019, 3, 1),
            )
            for code in counties
            for n in range(3)
        ],
    )
    bulk(
        Budget,
        [Budget(division_id=code, year=y, amount=Decimal(1_000_000)) for code in counties for y in range(2021, 2026)],
    )
    years = range(2021, 2025)
    bulk(
        Batch,
        [Batch(division_id=code, name=f"{MARK}{y}年批次", year=y, status="closed") for code in counties for y in years],
    )
    batches = {
        (code, y): pk
        for pk, code, y in Batch.objects.filter(name__startswith=MARK).values_list("pk", "division_id", "year")
    }
    applications = []
    for code in counties:
        for y in years:
            for org_id in rng.sample(ctx["orgs_by_county"][code], 6):
                draw = rng.random()
                status = "admitted" if draw < 0.6 else "rejected" if draw < 0.8 else "submitted"
                submitted = date(y, 3, 1) + timedelta(days=rng.randrange(60))
                applications.append(
                    Application(
                        batch_id=batches[(code, y)],
                        organization_id=org_id,
                        project_plan="合成项目计划",
                        field="社会服务",
                        status=status,
                        submitted_on=submitted,
                        decided_on=submitted + timedelta(days=30) if status != "submitted" else None,
                    )
                )
    bulk(Application, applications)
    residencies = []
    admitted = Application.objects.filter(batch__name__startswith=MARK, status="admitted")
    for pk, org_id, decided in admitted.values_list("pk", "organization_id", "decided_on"):
        started = decided + timedelta(days=14)
        draw = rng.random()
        status = "graduated" if draw < 0.4 else "exited" if draw < 0.5 else "active"
        ended = started + timedelta(days=rng.randrange(180, 700)) if status != "active" else None
        residencies.append(
            Residency(
                application_id=pk,
                organization_id=org_id,
                started_on=started,
                ended_on=ended,
                status=status,
                venue_waiver=Decimal(800),
                utilities_waiver=Decimal(200),
            )
        )
    bulk(Residency, residencies)
    support = []
    for pk, org_id, code, started in Residency.objects.filter(application__batch__name__startswith=MARK).values_list(
        "pk", "organization_id", "organization__division_id", "started_on"
    ):
        for month in range(6):
            value_date = date(started.year + (started.month - 1 + month) // 12, (started.month - 1 + month) % 12 + 1, 1)
            support.append(
                SupportEntry(
                    division_id=code,
                    organization_id=org_id,
                    residency_id=pk,
                    kind="venue",
                    value_date=value_date,
                    amount=Decimal(800),
                )
            )
        support.append(
            SupportEntry(
                division_id=code,
                organization_id=org_id,
                residency_id=pk,
                kind="grant",
                value_date=started,
                amount=Decimal(20_000),
            )
        )
    bulk(SupportEntry, support)
    trainings = [
        Training(
            division_id=code,
            title=f"{MARK}培训{n}",
            held_on=day_between(rng, date(2020, 1, 1), date(2026, 10, 31)),
            hours=Decimal(3),
        )
        for code in counties
        for n in range(12)
    ]
    bulk(Training, trainings)
    attendances = []
    for pk, code in Training.objects.filter(title__startswith=MARK).values_list("pk", "division_id"):
        for n in range(rng.randrange(8, 25)):
            attendances.append(
                Attendance(
                    training_id=pk, organization_id=rng.choice(ctx["orgs_by_county"][code]), person_name=f"学员{n}"
                )
            )
    bulk(Attendance, attendances)
    bulk(
        ExchangeVisit,
        [
            ExchangeVisit(
                division_id=code,
                destination=f"{MARK}成都",
                starts_on=date(2020 + n, 5, 10),
                ends_on=date(2020 + n, 5, 12),
            )
            for code in counties
            for n in range(3)
        ],
    )
    Sent = ExchangeVisit.organizations.through
    bulk(
        Sent,
        [
            Sent(exchangevisit_id=pk, organization_id=org_id)
            for pk, code in ExchangeVisit.objects.filter(destination__startswith=MARK).values_list("pk", "division_id")
            for org_id in rng.sample(ctx["orgs_by_county"][code], 3)
        ],
    )
    return len(applications) + len(residencies) + len(support) + len(trainings) + len(attendances)


# --- Cohesion and self-reports ------------------------------------------------------------------


@generator("cohesion")
def make_cohesion(ctx: dict) -> int:
    from orgs.models import CommitteeSeat, JointMeeting, Secondment, TrackedIssue

    rng = ctx["rng"]
    counties = [code for code, _ in ctx["counties"]]
    bulk(
        JointMeeting,
        [
            JointMeeting(division_id=code, held_on=day_between(rng, date(2020, 1, 1), date(2026, 10, 31)), place=MARK)
            for code in counties
            for _n in range(4)
        ],
    )
    issues = []
    for pk, code, held in JointMeeting.objects.filter(place=MARK).values_list("pk", "division_id", "held_on"):
        for _n in range(3):
            resolved = held + timedelta(days=rng.randrange(10, 120)) if rng.random() < 0.7 else None
            issues.append(
                TrackedIssue(
                    division_id=code,
                    organization_id=rng.choice(ctx["orgs_by_county"][code]),
                    meeting_id=pk,
                    description=f"{MARK}问题",
                    raised_on=held,
                    status="resolved" if resolved else "open",
                    resolved_on=resolved,
                )
            )
    bulk(TrackedIssue, issues)
    seats = [
        CommitteeSeat(
            person=f"{MARK}委员{code}{n}",
            organization_id=rng.choice(ctx["orgs_by_county"][code]),
            term="第十二届",
            elected_at="十二届二次全委会议",
            starts_on=date(2021, 6, 1),
        )
        for code in counties
        for n in range(3)
    ]
    bulk(CommitteeSeat, seats)
    secondments = [
        Secondment(
            person=f"{MARK}干部{code}{n}",
            organization_id=rng.choice(ctx["orgs_by_county"][code]),
            starts_on=date(2022, 3, 1),
        )
        for code in counties
        for n in range(2)
    ]
    bulk(Secondment, secondments)
    return len(issues) + len(seats) + len(secondments)


@generator("self-reports")
def make_self_reports(ctx: dict) -> int:
    from orgs.models import ReportingRound, SelfReport

    rng = ctx["rng"]
    counties = [code for code, _ in ctx["counties"]]
    bulk(
        ReportingRound,
        [
            ReportingRound(
                title=f"{MARK}{y}年度自报",
                division_id=code,
                period_key=str(y),
                period_start=date(y, 1, 1),
                period_end=date(y, 12, 31),
                due_on=date(y + 1, 1, 31),
            )
            for code in counties
            for y in (2021, 2022, 2023)
        ],
    )
    reports = []
    for pk, code in ReportingRound.objects.filter(title__startswith=MARK).values_list("pk", "division_id"):
        for org_id in ctx["orgs_by_county"][code]:
            accepted = rng.random() < 0.7
            reports.append(
                SelfReport(
                    round_id=pk,
                    organization_id=org_id,
                    status="accepted" if accepted else "draft",
                    accepted_at=CONFIRMED_AT if accepted else None,
                    staff_count=10,
                    union_member_count=rng.randrange(3, 40),
                    activities_held=rng.randrange(0, 12) if accepted else None,
                    dues_collected=Decimal(rng.randrange(100, 5000)) if accepted else None,
                )
            )
    bulk(SelfReport, reports)
    return len(reports)


# --- Funds ------------------------------------------------------------------------------------------


@generator("funds")
def make_funds(ctx: dict) -> int:
    from services.models import Fund, FundTransaction, HouseholdAssistance, StudentAid

    rng = ctx["rng"]
    counties = [code for code, _ in ctx["counties"]]
    kinds = [value for value, _label in Fund.Kind.choices]
    bulk(Fund, [Fund(name=f"{MARK}{kind}", kind=kind, division_id=code) for code in counties for kind in kinds])
    entries = []
    for pk, code, _kind in Fund.objects.filter(name__startswith=MARK).values_list("pk", "division_id", "kind"):
        entries.append(
            FundTransaction(
                fund_id=pk,
                occurred_on=date(2020, 1, 10),
                amount=Decimal(500_000),
                direction="in",
                purpose=f"{MARK}拨入",
            )
        )
        for _n in range(30):
            entries.append(
                FundTransaction(
                    fund_id=pk,
                    occurred_on=day_between(rng, date(2020, 2, 1), date(2026, 10, 31)),
                    amount=Decimal(rng.randrange(500, 5000)),
                    direction="out",
                    beneficiary_organization_id=rng.choice(ctx["orgs_by_county"][code]),
                    purpose=f"{MARK}支出",
                )
            )
    entries = bulk(FundTransaction, entries)
    kind_of = dict(Fund.objects.filter(name__startswith=MARK).values_list("pk", "kind"))
    students, households, reversals = [], [], []
    for entry in entries:
        if entry.direction != "out":
            continue
        kind = kind_of[entry.fund_id]
        if kind == "student_aid":
            students.append(
                StudentAid(transaction_id=entry.pk, student_name=f"{MARK}学生", school="合成中学", amount=entry.amount)
            )
        elif kind == "assistance":
            households.append(
                HouseholdAssistance(
                    transaction_id=entry.pk,
                    head_of_household=f"{MARK}户主",
                    persons=rng.randrange(1, 6),
                    kind_of_help="生活救助",
                    amount=entry.amount,
                )
            )
        if rng.random() < 0.03:
            reversals.append(
                FundTransaction(
                    fund_id=entry.fund_id,
                    occurred_on=entry.occurred_on + timedelta(days=3),
                    amount=entry.amount,
                    direction="in",
                    beneficiary_organization_id=entry.beneficiary_organization_id,
                    purpose=f"{MARK}冲正",
                    reverses_id=entry.pk,
                )
            )
    bulk(StudentAid, students)
    bulk(HouseholdAssistance, households)
    bulk(FundTransaction, reversals)
    return len(entries) + len(reversals)


def generate() -> dict[str, float]:
    from orgs.models import Organization

    timings: dict[str, float] = {}
    if Organization.objects.filter(name__startswith=MARK).exists():
        print("synthetic province already generated", flush=True)
        return timings
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a throw-away file: no fsync while loading
            cursor.execute("PRAGMA synchronous=OFF")
    ctx = {"rng": random.Random(20221), "counties": county_codes()}
    for name, func in GENERATORS:
        started = time.perf_counter()
        with transaction.atomic():
            count = func(ctx)
        timings[name] = time.perf_counter() - started
        print(f"generated {name}: {count:,} in {timings[name]:.1f} s", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["analyze"] = time.perf_counter() - started
    return timings


# --- Measurements -----------------------------------------------------------------------------------


def timed(func, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def record_counts() -> dict[str, int]:
    from incubator.models import Attendance, Residency, Training
    from orgs.models import JointMeeting, Member, Organization, SelfReport, TrackedIssue, UnionBranch
    from services.models import Contract, ContractTarget, Delivery, FundTransaction, LegalAidCase
    from wangcang.models import Division

    return {
        "county divisions": Division.objects.filter(level="county", code__startswith="51").count(),
        "organizations": Organization.objects.count(),
        "union branches": UnionBranch.objects.count(),
        "members": Member.objects.count(),
        "contracts": Contract.objects.count(),
        "contract targets": ContractTarget.objects.count(),
        "deliveries": Delivery.objects.count(),
        "confirmed deliveries": Delivery.objects.filter(status="confirmed").count(),
        "legal-aid cases": LegalAidCase.objects.count(),
        "residencies": Residency.objects.count(),
        "trainings": Training.objects.count(),
        "attendances": Attendance.objects.count(),
        "joint meetings": JointMeeting.objects.count(),
        "tracked issues": TrackedIssue.objects.count(),
        "fund transactions": FundTransaction.objects.count(),
        "self-reports": SelfReport.objects.count(),
    }


def measure(snapshots: bool = True) -> dict:
    from reports import actions, queries
    from wangcang import catalogue
    from wangcang.catalogue import Scope
    from wangcang.models import Division
    from wangcang.periods import ALL, current_periods, parse_period

    county = Division.objects.get(code="510821")
    province = Division.objects.get(code="510000")
    year = parse_period("2022")
    load_before = os.getloadavg()[0]
    rows = []
    for label, division in (("one county (510821)", county), ("whole province (510000)", province)):
        for period in (ALL, year):
            scope = Scope(division=division, period=period)
            catalogue.compute(scope)  # warm
            seconds = timed(lambda s=scope: catalogue.compute(s))
            queries_used = count_queries(lambda s=scope: catalogue.compute(s))
            rows.append((f"catalogue, {label}, period {period.key}", seconds, queries_used))
            print(f"{rows[-1][0]}: {seconds * 1000:.0f} ms, {queries_used} queries", flush=True)
    if connection.vendor == "postgresql":
        # PostgreSQL compiles a query with JIT when its estimated cost is high, which the
        # organization family's EXISTS subqueries reach on a province: time it without.
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        for period in (ALL, year):
            scope = Scope(division=province, period=period)
            seconds = timed(lambda s=scope: catalogue.compute(s))
            rows.append(
                (f"catalogue, whole province (510000), period {period.key}, session `SET jit = off`", seconds, None)
            )
            print(f"{rows[-1][0]}: {seconds * 1000:.0f} ms", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")
    # Which family costs what on the whole province, all time.
    families = []
    scope = Scope(division=province, period=ALL)
    for fam in catalogue.FAMILIES:
        seconds = timed(lambda f=fam: f.compute(scope))
        families.append(
            (", ".join(item.code for item in fam.indicators), seconds, count_queries(lambda f=fam: f.compute(scope)))
        )
    families.sort(key=lambda row: -row[1])
    print("slowest families (province, all):", [(name, round(s * 1000)) for name, s, _q in families[:4]], flush=True)
    if snapshots:
        divisions = list(queries.snapshot_divisions())
        started = time.perf_counter()
        actions.snapshots_compute(divisions=divisions, periods=[ALL])
        seconds = time.perf_counter() - started
        rows.append(
            (
                f"nightly snapshots (reports.actions.snapshots_compute), {len(divisions)} divisions, period all",
                seconds,
                None,
            )
        )
        print(f"{rows[-1][0]}: {seconds:.1f} s", flush=True)
        # What the nightly task runs: the current year, quarter and month, and all time.
        nightly = [*current_periods(), ALL]
        started = time.perf_counter()
        actions.snapshots_compute(divisions=divisions, periods=nightly)
        seconds = time.perf_counter() - started
        rows.append(
            (
                f"nightly snapshots (reports.actions.snapshots_compute), {len(divisions)} divisions, "
                f"periods {', '.join(period.key for period in nightly)}",
                seconds,
                None,
            )
        )
        print(f"{rows[-1][0]}: {seconds:.1f} s", flush=True)
    return {
        "load": (load_before, os.getloadavg()[0]),
        "rows": rows,
        "families": families,
        "indicators": len(catalogue.catalogue()),
        "family_count": len(catalogue.FAMILIES),
    }


def measure_pdf(runs: int = 3) -> dict:
    """In a fresh database with the Wangcang demo data: the county report PDF through the
    background job (reports.actions.report_pdf_start → the Celery task, eager without a
    broker → reports.jobs.render_report_pdf), and one live computation of the catalogue."""
    from django.conf import settings

    from reports import actions
    from wangcang import catalogue
    from wangcang.catalogue import Scope
    from wangcang.models import BackgroundJob, Division, User
    from wangcang.periods import ALL

    assert settings.CELERY_TASK_ALWAYS_EAGER, "set no REDIS_URL/CELERY_BROKER_URL: the job must run in this process"
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("load_demo", quiet_logins=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    load_seconds = time.perf_counter() - started
    county = Division.objects.get(code="510821")
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"role": "staff", "division": county})
    scope = Scope(division=county, period=ALL)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        with transaction.atomic():
            job = actions.report_pdf_start(user=staff, scope=scope)
        seconds.append(time.perf_counter() - started)
        job.refresh_from_db()
        assert job.status == BackgroundJob.Status.DONE, (job.status, job.message)
    size = job.result_file.size
    catalogue.compute(scope)
    live = timed(lambda: catalogue.compute(scope))
    live_queries = count_queries(lambda: catalogue.compute(scope))
    return {
        "pdf_seconds": statistics.median(seconds),
        "pdf_bytes": size,
        "load_demo_seconds": load_seconds,
        "demo_compute_seconds": live,
        "demo_compute_queries": live_queries,
    }


def run_pdf_subprocess(url: str) -> dict:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    elif url.startswith("postgres"):
        recreate_postgres_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "wc-bench-demo-media"),
        # The eager Celery task, in this process: the default runner for eager tasks is a
        # thread, and the timing would stop before the PDF is written.
        "BACKGROUND_JOB_RUNNER": "celery",
    }
    output = subprocess.run(
        [sys.executable, __file__, "--pdf-only"], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def recreate_postgres_database(url: str) -> None:
    """A fresh database for ``load_demo``, which refuses a database holding other records."""
    import psycopg2

    server, name = url.rsplit("/", 1)
    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def default_demo_url() -> str:
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        return url.removesuffix(".sqlite3") + "-demo.sqlite3"
    return url + "_demo"


# --- Writing ------------------------------------------------------------------------------------------

INTRO = """`bench/indicators.py` generates a synthetic province in its own database and times the real indicator
catalogue (`wangcang.catalogue.compute`, every family of orgs, orgs.cohesion, orgs.selfreports, incubator,
services and services.funds) on it. The province: 183 county divisions under 51xxxx in 21 cities, 40
organizations a county (the database also holds the built-in Guangyuan districts 510802, 510811 and 510812,
left empty, hence 186 counties and 208 divisions for the snapshot job), union branches with industry and
community coverage, 300,000 members, 2,196 purchased-service contracts with their targets and one million `services.Delivery` records (nine in ten
confirmed), and a few thousand to a few tens of thousands of records for each other family. The data are
written with plain `bulk_create` (no history rows). Catalogue timings are the median of three runs after
one warm-up run; the query count is that of one computation (`CaptureQueriesContext`). The nightly
snapshot job is `reports.actions.snapshots_compute` over `reports.queries.snapshot_divisions()` for one
period (`all`), and for the four periods the nightly task computes (the current year, quarter and month,
and all). The PDF is the Wangcang county report for `all` on the Wangcang demo data (`manage.py load_demo` in
a separate fresh database), rendered through the background job as the page starts it
(`reports.actions.report_pdf_start`, the Celery task running eagerly in the process, figures read from the
snapshots `load_demo` stores, WeasyPrint, the file saved): median of three jobs. The machine has 2 cores
shared with other test runs (see the load averages), so the figures are indicative.

What the figures show (2026-11-26): the number of queries of one computation is the same (22) for a county,
the province and the small demo database, so it does not grow with the data. A county takes tens of
milliseconds: its records are found by its code, and a city's by a code range, through the foreign keys'
indexes. The province (`LIKE '51%'`) reads nearly everything, and two families dominate it on SQLite: the
purchased-service deliveries (one query over 900,000 confirmed rows, walking the (contract, status) index and
then reading every row from the table) and the union members (270,000 current members through the (branch,
left_on) index, then the table). In a one-off experiment on this database, inside a rolled-back
transaction, a covering index on `services_delivery (contract_id, status, kind_id, quantity,
persons_served)` took the delivery family from 2.3 s to 0.38 s, and one on `orgs_member (branch_id, left_on,
joined_on, join_path)` the member family from 1.85 s to 0.10 s; both indexes are now in the models
(`delivery_figures_idx`, `member_figures_idx`). On PostgreSQL the slowest family was the organizations' (its
EXISTS subqueries per organization): `EXPLAIN ANALYZE` showed 706 ms of JIT compilation for 740 ms of
execution, hence the rows timed with `SET jit = off`; the portal's connections switch JIT off.

Since 2026-11-30 the nightly job computes each family once a level for all the divisions of that level
(`wangcang.catalogue.compute_grouped`: one grouped query a family for the counties, one for the cities,
one for the province), and each chart once a division, written out in both languages. The figures
themselves then take about 15 s of a period's run against 87 s division by division (measured under a
load of 9); the charts, still computed division by division, take most of the rest."""


def write_results(generated: dict[str, float], measured: dict, pdf: dict, counts: dict[str, int]) -> None:
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
    # One subsection per database; a new run replaces its own and keeps the other database's
    # when that one was also measured with the real catalogue.
    kept = [part for part in section.split("\n### ")[1:] if not part.startswith(vendor) and "real catalogue" in part]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        vendor,
        "",
        f"{os.cpu_count()} cores, {now}; real catalogue: {measured['indicators']} indicators in "
        f"{measured['family_count']} families; load average (1 min) {measured['load'][0]:.1f} when the timings "
        f"started and {measured['load'][1]:.1f} when they ended.",
        "",
        "Records: " + ", ".join(f"{name} {value:,}" for name, value in counts.items()) + ".",
        "",
        "| measurement | time | queries |",
        "| --- | ---: | ---: |",
    ]
    for label, seconds, queries_used in measured["rows"]:
        shown = f"{seconds:,.1f} s" if seconds >= 10 else f"{seconds * 1000:,.0f} ms"
        lines.append(f"| {label} | {shown} | {'' if queries_used is None else queries_used} |")
    lines += [
        f"| catalogue on the Wangcang demo data (510821, all, computed live) | "
        f"{pdf['demo_compute_seconds'] * 1000:,.0f} ms | {pdf['demo_compute_queries']} |",
        f"| county report PDF through the background job (demo data, 510821, all; {pdf['pdf_bytes'] / 1024:,.0f} KB) | "
        f"{pdf['pdf_seconds'] * 1000:,.0f} ms | |",
        "",
        "Slowest families on the whole province, period all (median of three):",
        "",
        "| family (its indicators) | time | queries |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| {name} | {seconds * 1000:,.0f} ms | {queries_used} |"
        for name, seconds, queries_used in measured["families"][:5]
    ]
    if generated:
        generation = (
            "Generating the province: "
            + ", ".join(f"{k} {v:.0f} s" for k, v in generated.items())
            + f" (total {sum(generated.values()) / 60:.1f} min)."
        )
    else:  # the data were generated by an earlier run: keep what it wrote
        previous = [part for part in section.split("\n### ")[1:] if part.startswith(vendor)]
        found = [line for part in previous for line in part.splitlines() if line.startswith("Generating the province")]
        generation = found[0].split("; loading")[0].rstrip(".") + "." if found else ""
    lines += [
        "",
        generation,
        "",
        f"Loading the demo data (`load_demo`, after migrating): {pdf['load_demo_seconds']:.0f} s.",
    ]
    parts = sorted([*kept, "\n".join(lines) + "\n"], key=lambda part: part.split("\n", 1)[0] != "SQLite")
    body = "\n" + INTRO + "\n\n" + "".join(f"### {part.strip(chr(10))}\n\n" for part in parts)
    path.write_text(before.rstrip("\n") + "\n" + heading + body.rstrip("\n") + "\n" + after, encoding="utf-8")
    print(f"written to {path}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="Do not update docs/performance.md.")
    parser.add_argument("--no-snapshots", action="store_true", help="Skip the nightly snapshot job.")
    parser.add_argument("--demo-database-url", help="Fresh database for the demo data and the PDF.")
    parser.add_argument("--pdf-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    if args.pdf_only:
        print(json.dumps(measure_pdf()))
        return
    call_command("migrate", verbosity=0)
    generated = generate()
    counts = record_counts()
    print(counts, flush=True)
    measured = measure(snapshots=not args.no_snapshots)
    pdf = run_pdf_subprocess(args.demo_database_url or default_demo_url())
    print(
        f"PDF through the job: {pdf['pdf_seconds'] * 1000:.0f} ms; demo compute {pdf['demo_compute_queries']} queries",
        flush=True,
    )
    if not args.no_write:
        write_results(generated, measured, pdf, counts)


if __name__ == "__main__":
    main()
