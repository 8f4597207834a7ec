"""On the embedded default's threaded job runner, a large import answers at once and its
progress bar moves while the rows are checked; the result appears when it ends."""

import io
import time

import pytest
from openpyxl import Workbook
from playwright.sync_api import Error as PlaywrightError

from orgs.models import Organization
from tests.orgs.factories import TownFactory
from wangcang.models import User
from wangcang.validators import make_uscc


@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_moves_during_a_large_import(page, login, make_user, settings):
    from orgs.importers import OrganizationImporter

    settings.BACKGROUND_JOB_RUNNER = "thread"
    TownFactory(name="东河镇")
    make_user("e2e-jobs", User.Role.STAFF)
    login("e2e-jobs")
    headers = [str(column.header) for column in OrganizationImporter.columns]
    book = Workbook()
    book.active.append(headers)
    for serial in range(1, 3001):
        row = dict.fromkeys(headers, "")
        row.update(
            {
                headers[0]: f"进度协会{serial}",
                headers[1]: make_uscc(90000 + serial),
                headers[2]: "社会团体",
                headers[4]: "东河镇",
                headers[9]: "2019-03-01",
            }
        )
        book.active.append([row[h] for h in headers])
    handle = io.BytesIO()
    book.save(handle)
    page.goto("/orgs/import/")
    page.select_option("select[name=what]", "organizations")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "big.xlsx", "mimeType": "application/octet-stream", "buffer": handle.getvalue()}],
    )
    started = time.monotonic()
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=job-progress]")
    answered_in = time.monotonic() - started
    seen = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if page.query_selector("[data-testid=import-done]"):
                break
            bar = page.query_selector("[data-testid=job-progress] [role=progressbar]")
            if bar is not None:
                seen.append(int(bar.get_attribute("aria-valuenow")))
        except PlaywrightError:
            pass  # the page reloads itself when the job ends
        time.sleep(0.2)
    assert page.query_selector("[data-testid=import-done]"), f"no result after 120 s, progress seen {seen}"
    assert answered_in < 5, f"the upload took {answered_in:.1f} s to answer"
    assert any(0 < percent < 100 for percent in seen), f"the bar never moved between 0 and 100: {seen}"
    assert "3000" in page.inner_text("[data-testid=import-done]")
    assert Organization.objects.filter(name__startswith="进度协会").count() == 3000
