"""The table of writes in docs/api.*.md keeps up with the schema: every write operation the
API publishes is named there with its method, and nothing is named that the API lacks."""

import re
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

DOCS = Path(__file__).resolve().parents[2] / "docs"
PREFIX = "/api/v1"
WRITES = {"post", "put", "patch", "delete"}


def published_writes() -> set[tuple[str, str]]:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path.removeprefix(PREFIX))
        for path, operations in document["paths"].items()
        for method in operations
        if method in WRITES
    }


def documented_writes(text: str) -> set[tuple[str, str]]:
    """``POST /a/``, ``PUT``/``PATCH /a/{id}/`` and, after a method, further bare paths
    (``/a/{id}/exit/``) of the same method, from the table "What can be written"."""
    section = re.search(r"^## (?:What can be written|可写入的资源一览)\n(.*?)^## ", text, re.M | re.S)
    assert section, "no table of writes"
    found = set()
    for row in section.group(1).splitlines():
        methods: list[str] = []
        for span in re.findall(r"`([^`]+)`", row):
            words = span.split()
            if len(words) == 1 and words[0] in {"PUT", "PATCH", "POST", "DELETE"}:
                methods = [words[0]]
                continue
            if len(words) == 2 and words[0] in {"PUT", "PATCH", "POST", "DELETE"}:
                methods = [*([m for m in methods if m == "PUT"] if words[0] == "PATCH" else []), words[0]]
                path = words[1]
            elif len(words) == 1 and words[0].startswith("/"):
                path = words[0]
            else:
                continue
            found.update((method, path) for method in methods)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["api.en.md", "api.zh.md"])
def test_every_write_is_documented(name):
    documented = documented_writes((DOCS / name).read_text(encoding="utf-8"))
    published = published_writes()
    assert sorted(published - documented) == [], "writes of the schema missing from the table"
    assert sorted(documented - published) == [], "writes in the table the schema does not have"
