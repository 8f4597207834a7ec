"""Benchmark: import 10,000 organizations and 100,000 members from XLSX workbooks through
the real import path (the upload is stored, a background job checks every row, then writes
all of them in one transaction), and record rows per second and peak memory.

    .venv/bin/python bench/registry_import.py [--organizations 10000] [--members 100000]

Without DATABASE_URL it uses a fresh SQLite file in a temporary folder (never the
development database). Results are appended to docs/performance.md under "## Registry import".
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--no-record", action="store_true", help="Do not append to docs/performance.md.")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="wc-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangcang.settings.local")
    # The job runs in this process (eager Celery), so that its time and memory are measured
    # here; the embedded default would run it on a thread and return before it ends.
    os.environ.setdefault("BACKGROUND_JOB_RUNNER", "celery")
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection

    from bench.synthetic import member_rows, organization_rows, write_workbook
    from orgs.actions import registry_import_start
    from orgs.importers import MemberImporter, OrganizationImporter
    from orgs.models import Member, Organization, Town, UnionBranch
    from wangcang.models import BackgroundJob, User

    call_command("migrate", verbosity=0)
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"role": "staff", "division_id": "510821"})
    towns = [f"合成镇{index:02d}" for index in range(20)]
    for name in towns:
        Town.objects.get_or_create(division_id="510821", name=name)
    county, _ = UnionBranch.objects.get_or_create(name="合成县总工会", level="county", division_id="510821")
    branch_rows = []
    for index in range(10):
        name = f"合成行业工会{index}"
        UnionBranch.objects.get_or_create(name=name, level="industry", division_id="510821", parent=county)
        branch_rows.append((name, "行业工会"))
    for town in towns[:10]:
        name = f"{town}社区工会"
        UnionBranch.objects.get_or_create(
            name=name, level="community", division_id="510821", parent=county, town=Town.objects.get(name=town)
        )
        branch_rows.append((name, "单体入会"))

    with translation_zh():
        org_headers = [str(column.header) for column in OrganizationImporter.columns]
        member_headers = [str(column.header) for column in MemberImporter.columns]
    started = time.perf_counter()
    org_rows = list(organization_rows(args.organizations, towns=towns))
    org_file = write_workbook(workdir / "organizations.xlsx", org_headers, org_rows)
    usccs = [row[1] for row in org_rows]
    member_file = write_workbook(
        workdir / "members.xlsx", member_headers, member_rows(args.members, usccs=usccs, branches=branch_rows)
    )
    del org_rows
    generation = time.perf_counter() - started
    results = []
    for what, path, count, model in (
        ("organizations", org_file, args.organizations, Organization),
        ("members", member_file, args.members, Member),
    ):
        before = model.objects.count()
        rss_before = peak_rss_mb()
        started = time.perf_counter()
        with path.open("rb") as handle:
            job = registry_import_start(
                user=staff, what=what, upload=File(handle, name=path.name), division_code="510821"
            )
        seconds = time.perf_counter() - started
        job.refresh_from_db()
        assert job.status == BackgroundJob.Status.DONE, (job.status, job.message)
        assert job.result.get("status") == "imported", job.result.get("errors", [])[:5]
        assert model.objects.count() - before == count
        results.append(
            {
                "what": what,
                "rows": count,
                "seconds": seconds,
                "rate": count / seconds,
                "file_mb": path.stat().st_size / 1048576,
                "peak_rss_mb": peak_rss_mb(),
                "rss_before_mb": rss_before,
            }
        )
        print(
            f"{what}: {count} rows in {seconds:.1f} s = {count / seconds:.0f} rows/s, peak RSS {peak_rss_mb():.0f} MB"
        )
    if not args.no_record:
        record(results, generation, connection.vendor)


class translation_zh:  # noqa: N801 - used as a context manager
    def __enter__(self):
        from django.utils import translation

        self._override = translation.override("zh-hans")
        self._override.__enter__()

    def __exit__(self, *exc):
        self._override.__exit__(*exc)


def record(results: list[dict], generation: float, vendor: str) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if "## Registry import" not in text:
        text = text.rstrip("\n") + (
            "\n\n## Registry import\n\n"
            "`bench/registry_import.py`: organizations and members imported from generated XLSX files through the\n"
            "real import path (upload stored, background job checking every row, then one transaction writing all\n"
            "rows with history). Peak memory is the process's peak resident set size (`ru_maxrss`) after the import,\n"
            "so it includes Django, openpyxl and the earlier steps.\n\n"
            "| date (UTC) | database | CPU | what | rows | seconds | rows/s | file MB | peak RSS MB |\n"
            "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n"
        )
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")  # noqa: UP017
    cpu = f"{os.cpu_count()} × {platform.machine()}"
    lines = [
        f"| {when} | {vendor} | {cpu} | {row['what']} | {row['rows']} | {row['seconds']:.1f} | {row['rate']:.0f} | "
        f"{row['file_mb']:.1f} | {row['peak_rss_mb']:.0f} |"
        for row in results
    ]
    # New rows go at the end of the registry table.
    head, _, tail = text.partition("## Registry import")
    section, sep, rest = tail.partition("\n## ")
    section = section.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    text = head + "## Registry import" + section + (("\n## " + rest) if sep else "")
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
