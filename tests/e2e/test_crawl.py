"""Click like a person, on a phone: for staff, an official and an organization user, in
Chinese and in English, walk every list page reachable from the navigation bar at 390 px.

On every page: no link whose href starts with ``??``, no request answering 4xx/5xx, no
sideways scrolling. On every list page: Next opens another page of rows; Export downloads
an XLSX with the rows of the list; a filter chosen in the (folded) filter bar narrows the
list and its export alike. Detail pages are sampled: one per kind of record.

The demo data is loaded in each role's test (a live-server test empties the database when
it ends); a role's two walks, Chinese and English, follow each other in it. One test a role,
so that the parallel processes of ``make test`` share the walks."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urldefrag, urljoin

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from wangcang.demo import DEMO_PASSWORD

PHONE = {"width": 390, "height": 844}
SKIP = ("/static/", "/admin/", "/api/", "/i18n/", "/jsi18n/", "/accounts/logout", "/__errors__/")
DOWNLOAD = re.compile(r"(\.xlsx|\.pdf|/file/|/download/)$|[?&]export=")
# Detail pages are sampled, one per kind of record: the path with its numbers taken out.
KIND = re.compile(r"\d+")

WIDER_THAN_VIEWPORT = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(el => !el.closest('.table-responsive'))
  .slice(-3).map(el => el.tagName + '.' + String(el.className).slice(0, 40))"""
# The rows of the list: the table just before the record count (pagination) or, without
# one, the first table of the page. Each row as the text of its cells.
LIST_ROWS = """() => {
  const marker = document.querySelector('[data-testid=list-count]');
  let table = null;
  for (const candidate of document.querySelectorAll('main table')) {
    if (!marker || (candidate.compareDocumentPosition(marker) & Node.DOCUMENT_POSITION_FOLLOWING)) table = candidate;
    if (!marker && table) break;
  }
  if (!table) return [];
  // The bulk actions' tick box is a column of the page, not of the export.
  return [...table.querySelectorAll('tbody tr')].map(tr => [...tr.cells].filter(td => !td.querySelector('[data-bulk-row]')).map(td => td.innerText.trim()));
}"""


@dataclass
class Walk:
    """What one role's walk covered and found."""

    label: str
    pages: int = 0
    links_seen: set[str] = field(default_factory=set)
    links_followed: int = 0
    lists: int = 0
    paged: int = 0
    exported: int = 0
    filtered: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.label}: {self.pages} pages, {len(self.links_seen)} distinct links checked, "
            f"{self.links_followed} followed, {self.lists} list pages, {self.paged} paged, "
            f"{self.exported} exports, {self.filtered} filtered exports, {len(self.problems)} problems"
        )


def count_of(page) -> int | None:
    marker = page.locator("[data-testid=list-count]")
    return int(marker.first.get_attribute("data-count")) if marker.count() else None


def cell_text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def same_rows(page_rows: list[list[str]], sheet_rows: list[tuple]) -> str | None:
    """Whether the first column of the page's rows is the first column of the export's first
    rows, in order; the reason if not. Numbers and dates are shown formatted on the page, so
    only text cells are compared."""
    for index, (shown, exported) in enumerate(zip(page_rows, sheet_rows, strict=False)):
        value = exported[0]
        if isinstance(value, str) and value.strip() and value.strip() != shown[0]:
            return f"row {index + 1}: page shows {shown[0]!r}, export has {value!r}"
    return None


def read_download(download) -> list[tuple]:
    with open(download.path(), "rb") as handle:
        content = handle.read()
    return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))


class Walker:
    def __init__(self, page, base_url: str, walk: Walk, *, filters: bool = True):
        self.page = page
        self.base = base_url
        self.walk = walk
        self.filters = filters
        self.failed: list[str] = []
        page.on("response", self._on_response)

    def _on_response(self, response):
        if response.status >= 400 and response.url.startswith(self.base):
            self.failed.append(f"{response.status} {response.url[len(self.base) :]}")

    def problem(self, message: str) -> None:
        self.walk.problems.append(message)

    def check_page(self, url: str) -> None:
        """The checks every page passes: links, requests, width."""
        self.walk.pages += 1
        for href in self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            self.walk.links_seen.add(href)
            if href.startswith("??"):
                self.problem(f"{url}: link {href}")
        if self.page.evaluate(WIDER_THAN_VIEWPORT):
            self.problem(f"{url}: wider than {PHONE['width']} px ({self.page.evaluate(WIDEST)})")
        for failure in self.failed:
            self.problem(f"{url}: {failure}")
        self.failed.clear()

    def open(self, url: str) -> bool:
        try:
            response = self.page.goto(url, wait_until="domcontentloaded")
        except Exception as exc:  # a download is not a page: Playwright says so and stops
            if "Download is starting" not in str(exc):
                raise
            return self.fetch(url)
        self.walk.links_followed += 1
        if response is None or response.status >= 400:
            self.failed.clear()
            self.problem(f"{url}: {response.status if response else 'no response'}")
            return False
        if "text/html" not in (response.headers.get("content-type") or ""):
            return False
        self.check_page(url)
        return True

    def fetch(self, url: str) -> bool:
        """A download: fetched with the page's session, its status checked."""
        response = self.page.request.get(url)
        self.walk.links_followed += 1
        if response.status >= 400:
            self.problem(f"{url}: {response.status}")
        return False

    def links(self, url: str) -> list[str]:
        found = []
        for href in self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urldefrag(urljoin(self.base + url, href))[0]
            if not target.startswith(self.base) or href.startswith("#"):
                continue
            path = target[len(self.base) :]
            if path and not path.startswith(SKIP):
                found.append(path)
        return found

    def follow(self, locator) -> None:
        """Click a link or a submit button and wait for the page it opens."""
        before = self.page.url
        locator.click()
        self.page.wait_for_url(lambda url: url != before, wait_until="domcontentloaded")

    # --- list pages -------------------------------------------------------------------

    def check_list(self, url: str) -> None:
        total = count_of(self.page)
        if total is None:
            return
        self.walk.lists += 1
        first_rows = self.page.evaluate(LIST_ROWS)
        can_export = self.page.locator("[data-testid=export-xlsx]").count() > 0
        if can_export:
            self.export(url, total, first_rows)
        next_link = self.page.locator("[data-testid=page-next]")
        if next_link.count():
            self.follow(next_link.first)
            self.check_page(f"{url} → Next")
            second_rows = self.page.evaluate(LIST_ROWS)
            if "page=2" not in self.page.url:
                self.problem(f"{url}: Next opened {self.page.url}")
            elif not second_rows or second_rows[:1] == first_rows[:1]:
                self.problem(f"{url}: page 2 starts with the same row as page 1")
            self.walk.paged += 1
        if can_export and self.filters:
            self.filter_and_export(url, total)  # from page 2 too: a new filter starts at page 1

    def export(self, url: str, total: int, page_rows: list[list[str]]) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            with self.page.expect_download(timeout=10000) as info:
                self.page.locator("[data-testid=export-xlsx]").first.click()
        except PlaywrightTimeout:
            self.problem(
                f"{url}: Export gave no file (href {self.page.locator('[data-testid=export-xlsx]').first.get_attribute('href')})"
            )
            self.page.goto(url, wait_until="domcontentloaded")
            return
        rows = read_download(info.value)
        self.walk.exported += 1
        if len(rows) - 1 != total:
            self.problem(f"{url}: the export has {len(rows) - 1} rows, the list {total}")
        elif total and (reason := same_rows(page_rows, rows[1:])):
            self.problem(f"{url}: export and list differ, {reason}")

    def filter_and_export(self, url: str, total: int) -> None:
        """Unfold the filter bar, pick the first value of a drop-down that narrows the list,
        and export the narrowed list."""
        selects = self.page.locator("[data-testid=filter-fields] select")
        for index in range(min(selects.count(), 3)):
            toggle = self.page.locator("[data-testid=filter-toggle]")
            if toggle.is_visible() and not self.page.locator("[data-testid=filter-fields]").is_visible():
                toggle.click()
                # Until Bootstrap's unfolding ends, the fields push the buttons down: a click
                # on "Filter" meanwhile may land where the button no longer is.
                self.page.locator("[data-testid=filter-fields].collapse.show").wait_for(state="visible")
                if self.page.evaluate(WIDER_THAN_VIEWPORT):
                    self.problem(f"{url}: the unfolded filter bar is wider than {PHONE['width']} px")
            select = selects.nth(index)
            values = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
            if not values:
                continue
            select.select_option(values[0])
            self.follow(self.page.locator("[data-testid=filter-bar] button[type=submit]"))
            self.check_page(f"{url} → filtered")
            narrowed = count_of(self.page)
            if narrowed and narrowed < total:
                self.export(self.page.url, narrowed, self.page.evaluate(LIST_ROWS))
                self.walk.filtered += 1
                break
            self.page.goto(url, wait_until="domcontentloaded")

    # --- the walk ---------------------------------------------------------------------

    def run(self, *, depth: int = 2) -> None:
        self.page.goto("/")
        self.check_page("/")
        toggler = self.page.locator(".navbar-toggler")
        if toggler.is_visible():  # the phone's menu opens, its links are real
            toggler.click()
            self.page.locator("#main-nav").wait_for(state="visible")
        nav_links = self.page.eval_on_selector_all("#main-nav a[href]", "els => els.map(e => e.getAttribute('href'))")
        frontier = [href for href in nav_links if href.startswith("/") and not href.startswith(SKIP)]
        seen_kinds: set[str] = {"/"}
        for _level in range(depth + 1):
            following: list[str] = []
            for url in frontier:
                kind = KIND.sub("N", url.split("?")[0])
                if kind in seen_kinds:
                    continue
                seen_kinds.add(kind)
                if DOWNLOAD.search(url):
                    self.fetch(url)
                    continue
                if not self.open(url):
                    continue
                following += self.links(url)
                self.check_list(url)
            frontier = list(dict.fromkeys(following))


def walk(browser, base_url: str, username: str, language: str) -> Walk:
    result = Walk(label=f"{username} ({language})")
    context = browser.new_context(base_url=base_url, viewport=PHONE, accept_downloads=True, locale="zh-CN")
    context.set_default_timeout(15000)
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("[data-testid=login-submit]")
        page.wait_for_selector("[data-testid=home-title]")
        # Filters pick records, not words: narrowing them once, in Chinese, is enough.
        Walker(page, base_url, result, filters=language == "zh-hans").run()
    except Exception as exc:  # one role's breakdown must not hide what the others find
        result.problems.append(f"the walk stopped at {page.url}: {exc}")
    finally:
        context.close()
    return result


# One test a role: the demo is loaded in each (the database is emptied after a live-server test).
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", ["staff", "official", "org"])
def test_walk_every_list_page_on_a_phone(live_server, browser, username):
    call_command("load_demo", quiet_logins=True)
    walks = [walk(browser, live_server.url, username, language) for language in ("zh-hans", "en")]
    for result in walks:
        print(result.summary())
        for problem in result.problems:
            print("  ", problem)
    print(
        f"in all: {sum(result.pages for result in walks)} pages, "
        f"{sum(len(result.links_seen) for result in walks)} distinct links checked"
    )
    assert not [problem for result in walks for problem in result.problems]
    for result in walks:
        assert result.lists >= 3 and result.exported >= 2, result.summary()
        if not result.label.startswith("org"):
            assert result.paged >= 2, result.summary()
        if "zh-hans" in result.label:
            assert result.filtered >= 2, result.summary()
