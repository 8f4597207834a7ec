"""Every page a role can reach by following links from its home page opens, and an
organization user cannot open the records another organization's user reaches.

The demo data is loaded once; each user follows every internal link three levels deep."""

import io
import re
from html import escape, unescape
from urllib.parse import urldefrag, urlencode, urljoin

import pytest
from django.test import Client
from openpyxl import load_workbook

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


def crawl(user, *, depth: int = 3, limit: int = 400, pages: dict | None = None) -> dict[str, int]:
    """The status of every page reached; ``pages``, when given, receives the HTML ones."""
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
                html = response.content.decode()
                found |= internal_links(html)
                if pages is not None:
                    pages[url] = html
        frontier = found
    return seen


@pytest.fixture(scope="module")
def crawled(demo):
    """Each role's crawl, made once for the tests of this module: its statuses and pages."""
    cache: dict[str, tuple[dict[str, int], dict[str, str]]] = {}

    def get(username: str) -> tuple[dict[str, int], dict[str, str]]:
        if username not in cache:
            pages: dict[str, str] = {}
            cache[username] = (crawl(User.objects.get(username=username), pages=pages), pages)
        return cache[username]

    return get


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["staff", "official", "org", "admin"])
def test_every_linked_page_opens(crawled, username):
    seen, _pages = crawled(username)
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


# --- list pages: Next, Export, filters --------------------------------------------------

NEXT_LINK = re.compile(r'href="([^"]*)"[^>]*data-testid="page-next"')
EXPORT_LINK = re.compile(r'href="([^"]*)"[^>]*data-testid="export-xlsx"')


def link(pattern: re.Pattern, html: str, base: str) -> str | None:
    match = pattern.search(html)
    return urljoin(base, unescape(match.group(1))) if match else None


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response["Content-Type"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))


def first_record(response):
    return next(iter(response.context["page_obj"].object_list), None)


def narrowed(client, url: str, response):
    """The list filtered by the first choice of its filter bar that leaves some rows but not
    all of them, or None."""
    filterset = response.context.get("filter")
    if filterset is None:
        return None
    total = response.context["page_obj"].paginator.count
    tries = 0
    for name, field in filterset.form.fields.items():
        for value, _label in getattr(field, "choices", ()):
            value = getattr(value, "value", value)
            if value in ("", None):
                continue
            tries += 1
            if tries > 8:
                return None
            candidate_url = f"{url}{'&' if '?' in url else '?'}{urlencode({name: value})}"
            candidate = client.get(candidate_url)
            if 0 < candidate.context["page_obj"].paginator.count < total:
                return candidate_url, candidate
            break  # one value per field is enough to learn whether it narrows
    return None


def check_export(client, url: str, response, problems: list) -> bool:
    html = response.content.decode()
    export_url = link(EXPORT_LINK, html, url)
    if export_url is None:
        return False
    rows = xlsx_rows(client.get(export_url))
    count = response.context["page_obj"].paginator.count
    if len(rows) - 1 != count:
        problems.append(f"{export_url}: {len(rows) - 1} rows exported, the list has {count}")
    # The first column of the page's rows is in the export, in the same order.
    for row in rows[1 : 1 + response.context["page_obj"].paginator.per_page]:
        if isinstance(row[0], str) and escape(row[0]) not in html:
            problems.append(f"{export_url}: {row[0]!r} is not on the list page")
            break
    return True


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["staff", "official", "org"])
def test_list_pages_page_forward_and_export_their_filtered_rows(crawled, username):
    """Every list page reached from the home page: no ``??`` link; Next opens page 2 with
    other rows; Export gives an XLSX with the rows of the list, filtered as the list is."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    _seen, pages = crawled(username)
    doubled = sorted(url for url, html in pages.items() if 'href="??' in html)
    assert not doubled, doubled
    lists = {url: html for url, html in pages.items() if 'data-testid="page-next"' in html or "export-xlsx" in html}
    problems: list[str] = []
    paged = exported = filtered = 0
    for url in sorted(lists):
        response = client.get(url)
        if next_url := link(NEXT_LINK, lists[url], url):
            following = client.get(next_url)
            if following.status_code != 200 or following.context["page_obj"].number != 2:
                problems.append(f"{next_url}: Next did not open page 2")
            elif first_record(following) == first_record(response):
                problems.append(f"{next_url}: page 2 starts with the same row as page 1")
            paged += 1
        if check_export(client, url, response, problems):
            exported += 1
            if narrowed_list := narrowed(client, url, response):
                check_export(client, *narrowed_list, problems)
                filtered += 1
    print(
        f"{username}: {len(pages)} pages, {len(lists)} list pages, {paged} paged, {exported} exported, {filtered} filtered"
    )
    assert not problems, problems
    assert paged >= (3 if username != "org" else 0) and exported >= 3, (paged, exported)
    assert filtered >= 2, filtered
