"""Every page a role can reach by following links from its home page opens, and an
organization user cannot open the records another organization's user reaches.

The demo data is loaded once; each user follows every internal link three levels deep."""

import re
from urllib.parse import urldefrag

import pytest
from django.core.management import call_command
from django.test import Client

from orgs.demo_registry import CHUNLEI
from orgs.models import Organization
from wangcang.models import User

LINK = re.compile(r'href="(/[^"]*)"')
SKIP = ("/static/", "/admin/", "/api/v1/docs", "/api/v1/schema", "/i18n/", "/jsi18n/", "/accounts/logout")
RECORD = re.compile(r"/\d+/")


def internal_links(html: str) -> set[str]:
    links = set()
    for href in LINK.findall(html):
        url = urldefrag(href.replace("&amp;", "&"))[0]
        # Pagination and sort links multiply without adding pages worth opening.
        if url and not url.startswith(SKIP) and "page=" not in url and "sort=" not in url:
            links.add(url)
    return links


def crawl(user, *, depth: int = 3, limit: int = 400) -> dict[str, int]:
    client = Client()
    client.force_login(user)
    seen: dict[str, int] = {}
    frontier = {"/"}
    for _ in range(depth):
        found: set[str] = set()
        for url in sorted(frontier - seen.keys()):
            if len(seen) >= limit:
                break
            response = client.get(url)
            seen[url] = response.status_code
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                found |= internal_links(response.content.decode())
        frontier = found
    return seen


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", quiet_logins=True)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["staff", "official", "org", "admin"])
def test_every_linked_page_opens(demo, username):
    seen = crawl(User.objects.get(username=username))
    failures = {url: status for url, status in seen.items() if status >= 500 or status in (403, 404, 405)}
    assert len(seen) > (100 if username in ("staff", "admin") else 10)
    assert not failures, failures


@pytest.mark.django_db
def test_an_organization_user_cannot_open_another_organizations_records(demo):
    own = User.objects.get(username="org")  # 旺苍县华越培训学校
    other = User.objects.create_user("chunlei", password="x" * 12, role=User.Role.ORG)
    other.organizations.set([Organization.objects.get(name=CHUNLEI)])
    theirs = {url for url, status in crawl(other).items() if status == 200 and RECORD.search(url)}
    mine = {url for url, status in crawl(own).items() if status == 200}
    assert len(theirs) > 3  # the other organization has records of its own to reach
    client = Client()
    client.force_login(own)
    leaks = {url: client.get(url).status_code for url in sorted(theirs - mine)}
    assert not {url: status for url, status in leaks.items() if status == 200}, leaks
