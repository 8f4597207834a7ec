"""Every page a role can reach by following links from its home page opens: the demo data
loaded, each demo user follows every internal link two levels deep. No page may fail, and a
link the portal shows a user must not lead to a refusal."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from wangcang.models import User

LINK = re.compile(r'href="(/[^"]*)"')
SKIP = ("/static/", "/admin/", "/api/v1/docs", "/api/v1/schema", "/i18n/", "/jsi18n/", "/accounts/logout")


def internal_links(html: str) -> set[str]:
    links = set()
    for href in LINK.findall(html):
        url = urldefrag(href.replace("&amp;", "&"))[0]
        if url and not url.startswith(SKIP):
            links.add(url)
    return links


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", quiet_logins=True)
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command as call

        call("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["staff", "official", "org", "admin"])
def test_every_linked_page_opens(demo, client, username):
    client.force_login(User.objects.get(username=username))
    seen: dict[str, int] = {}
    frontier = {"/"}
    for _depth in range(3):
        found: set[str] = set()
        for url in sorted(frontier - seen.keys()):
            if len(seen) >= 400:
                break
            response = client.get(url)
            seen[url] = response.status_code
            content_type = response.get("Content-Type", "")
            if response.status_code == 200 and content_type.startswith("text/html"):
                # Pagination and sort links multiply without adding pages worth opening.
                found |= {
                    link
                    for link in internal_links(response.content.decode())
                    if "page=" not in link and "sort=" not in link
                }
        frontier = found
    failures = {url: status for url, status in seen.items() if status >= 500 or status in (403, 404, 405)}
    assert len(seen) > (100 if username in ("staff", "admin") else 10)
    assert not failures, failures
    assert all(urlsplit(url).path for url in seen)
