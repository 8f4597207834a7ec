"""Run every benchmark: `make bench` (a small province, a few minutes, nothing written) or
`make bench SCALE=province` (the province of docs/performance.md, results written there).

    .venv/bin/python bench/run.py [--scale small|province] [--database-url URL]

Steps: the indicator catalogue, dashboard charts, snapshots and the PDF (bench/indicators.py,
which generates the synthetic province once), every list page (first and last page), form
page and report page (bench/pages.py), the registry import (bench/registry_import.py), and a
bounded load run on 127.0.0.1 (bench/load.py). Each step runs in its own process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCALES = {
    # name: (WC_BENCH_SCALE, default database, import sizes, load seconds)
    "small": ("0.01", "sqlite:////tmp/wc-bench-small.sqlite3", ("1000", "5000"), "5"),
    "province": ("1", "sqlite:////tmp/wc-bench.sqlite3", ("10000", "100000"), "30"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default=os.environ.get("SCALE") or "small")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--only", nargs="*", help="Run only these steps (indicators, pages, import, load).")
    args = parser.parse_args()
    scale, default_url, (organizations, members), load_seconds = SCALES[args.scale]
    database_url = args.database_url or default_url
    write = [] if args.scale == "province" else ["--no-write"]
    env = {**os.environ, "WC_BENCH_SCALE": scale, "DATABASE_URL": database_url}
    demo = []
    if database_url.startswith("postgres"):
        demo = ["--demo-database-url", database_url.rsplit("/", 1)[0] + "/wc_bench_demo"]
    steps = {
        "indicators": ["bench/indicators.py", *write, *demo],
        "pages": ["bench/pages.py", *write],
        "import": ["bench/registry_import.py", "--organizations", organizations, "--members", members]
        + ([] if write == [] else ["--no-record"]),
        "load": ["bench/load.py", "--seconds", load_seconds, *write],
    }
    failed = []
    for name, command in steps.items():
        if args.only and name not in args.only:
            continue
        started = time.monotonic()
        print(f"\n=== {name} ({args.scale}, {database_url.split('@')[-1]}) ===", flush=True)
        step_env = dict(env)
        if name == "import":  # the import makes its own fresh database unless told otherwise
            step_env.pop("DATABASE_URL")
        if subprocess.run([sys.executable, *command], cwd=ROOT, env=step_env, check=False).returncode:
            failed.append(name)
        print(f"=== {name}: {time.monotonic() - started:.0f} s ===", flush=True)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
