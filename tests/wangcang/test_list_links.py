"""The links of the one list-page pattern: Next, Previous and Export keep the list's query
and start with a single ``?`` (Django's ``querystring`` tag writes it)."""

import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from orgs.models import Organization
from tests.orgs.factories import OrganizationFactory

HREF = re.compile(r'href="([^"]*)"[^>]*data-testid="{}"')


def href(html: str, testid: str) -> str:
    match = re.search(HREF.pattern.format(testid), html)
    assert match, testid
    return match.group(1).replace("&amp;", "&")


def test_next_previous_and_export_keep_the_filter(staff_client):
    OrganizationFactory.create_batch(30, kind=Organization.Kind.FOUNDATION)
    OrganizationFactory.create_batch(3, kind=Organization.Kind.SOCIAL_GROUP)
    url = reverse("orgs:organization-list")
    html = staff_client.get(url, {"kind": "foundation"}).content.decode()
    assert 'href="??' not in html
    assert href(html, "page-next") == "?kind=foundation&page=2"
    assert href(html, "export-xlsx") == "?kind=foundation&export=xlsx"

    page_two = staff_client.get(url + href(html, "page-next"))
    assert page_two.context["page_obj"].number == 2
    assert len(page_two.context["page_obj"].object_list) == 5
    html = page_two.content.decode()
    assert href(html, "page-previous") == "?kind=foundation&page=1"
    # Export from page 2 still gives every filtered row, not the page.
    assert href(html, "export-xlsx") == "?kind=foundation&export=xlsx"

    export = staff_client.get(url + href(html, "export-xlsx"))
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 30


def test_an_unfiltered_list_links_plainly(staff_client):
    OrganizationFactory.create_batch(26)
    html = staff_client.get(reverse("orgs:organization-list")).content.decode()
    assert href(html, "page-next") == "?page=2"
    assert href(html, "export-xlsx") == "?export=xlsx"
    assert 'data-testid="filter-toggle"' in html  # the fields fold on phones
