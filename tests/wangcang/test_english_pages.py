"""English pages speak English: with the demo data loaded, each role walks its pages in
English (one record per kind of page) and no Chinese is left outside the records' own data,
the Chinese-only county report (marked ``lang="zh-Hans"``) and the language menu. Every page
also has its own title, links the icon, and shows no framework wording."""

import re
from html import unescape
from urllib.parse import urldefrag

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.utils import translation

from wangcang.models import User

LINK = re.compile(r'href="(/[^"]*)"')
SKIP = ("/static/", "/admin/", "/api/", "/i18n/", "/jsi18n/", "/accounts/logout", "/media/", "/favicon")
RECORD = re.compile(r"/\d+/")
HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
MASKED = re.compile(r"[\u3400-\u9fff]\*+")
CHINESE_ONLY = re.compile(r'<(\w+)\b[^>]*\blang="zh-hans"[^>]*>.*?</\1>', re.S | re.I)
TEXT = re.compile(r">([^<]+)<|\b(?:title|placeholder|aria-label|alt)=\"([^\"]*)\"")
FRAMEWORK = ("---------", "9223372036854775807", "{&#x27;", "{'", "个数字")


def record_strings() -> list[str]:
    """Every Chinese text the records hold (names, places, comments …), longest first."""
    strings: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in ("wangcang", "orgs", "incubator", "services", "reports"):
            continue
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField) and not field.choices
        ]
        for row in model._default_manager.values_list(*names) if names else ():
            stack = list(row)
            while stack:
                value = stack.pop()
                if isinstance(value, dict):
                    stack.extend(value.values())
                elif isinstance(value, list):
                    stack.extend(value)
                elif isinstance(value, str) and HAN.search(value):
                    strings.add(value)
    # Strings joined from records: a user's full name.
    for user in User.objects.all():
        strings.add(str(user))
    return sorted(strings, key=len, reverse=True)


def leftover_chinese(html: str, data: list[str], cache: dict) -> list[str]:
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    html = CHINESE_ONLY.sub("", html)
    found = []
    for match in TEXT.finditer(html):
        text = unescape(match.group(1) or match.group(2) or "").strip()
        if not HAN.search(text):
            continue
        if text not in cache:
            rest = MASKED.sub("", text)
            for value in data:
                if value in rest:
                    rest = rest.replace(value, "")
            cache[text] = rest
        if HAN.search(cache[text]):
            found.append(text[:80])
    return found


def walk(user, language: str, *, depth: int = 4, limit: int = 250):
    """(url, response) for each page reachable from the home page, one record per kind."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    seen: set[str] = set()
    kinds: set[str] = set()
    frontier = {"/"}
    for _ in range(depth):
        found: set[str] = set()
        for url in sorted(frontier - seen):
            kind = RECORD.sub("/N/", url.split("?")[0])
            if (kind in kinds and RECORD.search(url)) or len(seen) >= limit:
                continue
            kinds.add(kind)
            seen.add(url)
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            html = response.content.decode()
            yield url, html
            for href in LINK.findall(html):
                link = urldefrag(unescape(href))[0]
                if link and not link.startswith(SKIP) and not re.search(r"[?&](page|sort|export)=", link):
                    found.add(link)
        frontier = found


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["staff", "official", "org"])
def test_english_pages_have_no_chinese_outside_the_records(demo, username):
    data = record_strings()
    cache: dict = {}
    problems: dict[str, list[str]] = {}
    pages = 0
    with translation.override("en"):
        portal_title = f"<title>{settings.PORTAL_NAME}</title>"
    for url, html in walk(User.objects.get(username=username), "en"):
        pages += 1
        page_problems = leftover_chinese(html, data, cache)
        page_problems += [f"framework wording {word!r}" for word in FRAMEWORK if word in html]
        if not re.search(r"<title>[^<]+</title>", html):
            page_problems.append("no title")
        elif url != "/" and portal_title in html:
            page_problems.append("the portal's name as the only title")
        if 'rel="icon"' not in html:
            page_problems.append("no icon link")
        if page_problems:
            problems[url] = sorted(set(page_problems))
    assert pages > (60 if username == "staff" else 20)
    assert not problems, problems


@pytest.mark.django_db
def test_the_english_county_report_says_it_is_chinese_only(demo):
    client = Client()
    client.force_login(User.objects.get(username="official"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/reports/county/?division=510821&period=all").content.decode()
    assert 'data-testid="chinese-only"' in html and "written in Chinese only" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get("/reports/county/?division=510821&period=all").content.decode()
    assert 'data-testid="chinese-only"' not in html
