"""The worked example of docs/api.*.md runs against a live server, so it cannot rot."""

import contextlib
import io
import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

DOCS = Path(__file__).resolve().parents[2] / "docs"


def worked_example(name: str) -> str:
    text = (DOCS / name).read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks, f"no Python example in {name}"
    return blocks[-1]


@pytest.mark.parametrize("name", ["api.en.md", "api.zh.md"])
def test_the_worked_example_runs_against_a_live_server(name, live_server, transactional_db, make_user, monkeypatch):
    make_user("integrator", last_name="接口")
    monkeypatch.setenv("WANGCANG_API", f"{live_server.url}/api/v1")
    monkeypatch.setenv("WANGCANG_USER", "integrator")
    monkeypatch.setenv("WANGCANG_PASSWORD", PASSWORD)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(worked_example(name), name, "exec"), {"__name__": "worked_example"})
    assert printed.getvalue().split() == ["1", "1", "5000"]
