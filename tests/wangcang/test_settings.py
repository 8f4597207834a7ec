import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env_overrides):
    unset = {"DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(DJANGO_SETTINGS_MODULE="wangcang.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret():
    result = run_manage("check", ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_check_deploy_prints_no_warning():
    secret = "k3y-" + "".join(chr(33 + (i * 7) % 90) for i in range(60))
    result = run_manage("check", "--deploy", DJANGO_SECRET_KEY=secret, ALLOWED_HOSTS="portal.example")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in (result.stdout + result.stderr)
    assert "no issues" in result.stdout
