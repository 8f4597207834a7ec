"""Bounded load run: gunicorn serving the portal on 127.0.0.1 against the benchmark database,
50 connections for 30 s per target, a logged-in list page beside a bare view of the same
server (the health check) for the ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wc_bench .venv/bin/python bench/load.py

The load comes from ``wrk`` when it is installed (``apt-get install wrk``), else from a small
threaded client in this script. Every request goes to the loopback address only, the run
stops by itself, and the server is stopped at the end. Results replace this database's
subsection under "## Load" in docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangcang.settings.local")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/wc-bench.sqlite3")
os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "wc-bench-media"))
os.environ.setdefault("DJANGO_DEBUG", "false")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie() -> str:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from bench.pages import province_staff

    user, _ = province_staff()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def threaded_load(port: int, path: str, cookie: str, connections: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, failed = [], 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "requests_per_second": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0,
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000 if latencies else 0,
        "errors": errors,
        "tool": "python",
    }


def wrk_load(port: int, path: str, cookie: str, connections: int, seconds: float) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout

    def ms(label):
        found = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", output)
        if not found:
            return 0.0
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": ms(" 50%"),
        "p95_ms": ms(" 90%"),  # wrk's latency distribution prints 50/75/90/99
        "p99_ms": ms(" 99%"),
        "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
        "tool": "wrk",
    }


def run(targets: list[str], connections: int, seconds: float, workers: int) -> list[dict]:
    port = free_port()
    cookie = session_cookie()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wangcang.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--threads",
            "4",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/health/")
                break
            except OSError:
                time.sleep(0.2)
        load = wrk_load if shutil.which("wrk") else threaded_load
        results = []
        for path in targets:
            load(port, path, cookie, connections, 3)  # warm-up
            result = {"path": path, **load(port, path, cookie, connections, seconds)}
            print(result, flush=True)
            results.append(result)
        return results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def write_results(results: list[dict], connections: int, seconds: float, workers: int) -> None:
    import django
    from django.db import connection

    django.setup()
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8")
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    bare = next((r for r in results if r["path"] == "/health/"), None)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"### {vendor}",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M UTC}, {os.cpu_count()} × {platform.machine()}, load average after the run "
        f"{load}; gunicorn {workers} workers × 4 threads, {connections} connections, {seconds:.0f} s per target, "
        f"load from {results[0]['tool'] if results else '-'}.",
        "",
        "| target | req/s | ratio to the bare view | p50 ms | p95 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ratio = f"{100 * r['requests_per_second'] / bare['requests_per_second']:.0f} %" if bare else "-"
        lines.append(
            f"| `{r['path']}` | {r['requests_per_second']:,.0f} | {ratio} | {r['p50_ms']:,.0f} | "
            f"{r['p95_ms']:,.0f} | {r['errors']} |"
        )
    section = "\n".join(lines)
    heading = "## Load"
    if heading not in text:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n`bench/load.py`: gunicorn on 127.0.0.1, a logged-in page "
        text += "beside the bare health view of the same server (wrk, or the script's threaded client).\n"
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
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    results = run(["/health/", "/orgs/"], args.connections, args.seconds, args.workers)
    if not args.no_write:
        write_results(results, args.connections, args.seconds, args.workers)


if __name__ == "__main__":
    main()
