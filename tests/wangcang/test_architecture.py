"""The apps depend one way (pyproject.toml's import-linter contract, docs/architecture.md)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_apps_depend_one_way():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 kept, 0 broken" in result.stdout


def test_an_organization_page_gathers_every_pillars_records(staff_user, organization):
    """orgs knows no app built on it: incubator and services register their panels."""
    from orgs.queries import related_records_for

    kinds = [family.key for family in related_records_for(staff_user, organization)]
    assert {"applications", "residencies", "contracts", "fund_transactions"} <= set(kinds)


def test_no_production_module_is_over_600_lines():
    """Migrations, demo data and benchmarks aside: a longer module is split into parts."""
    too_long = {}
    for app in ("wangcang", "orgs", "incubator", "services", "reports"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name.startswith("demo"):
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > 600:
                too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}
