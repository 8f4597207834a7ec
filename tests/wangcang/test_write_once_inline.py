"""The small forms on record pages write once too: each carries the one-time token of the page
that showed it, a second submit of the same token is sent to the first result, and a button
whose record changed since its page was loaded (a stale second tab) refuses in Chinese."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from incubator.models import Attendance, Batch
from orgs.models import ReportingRound
from services.funds.models import MatchingGrant
from services.models import ContestResult, DeliverableKind, DeliveryEvidence
from tests import samples
from tests.incubator.factories import BatchFactory, CriterionFactory, TrainingFactory
from tests.services.factories import DeliveryFactory, kind
from tests.services.funds.factories import FundFactory, accepted_self_report, funded
from wangcang.models import BackgroundJob

pytestmark = pytest.mark.django_db
ALREADY = "已经提交过"
STALE = "此记录已被他人更改"


def hidden_values(page, name: str) -> list[str]:
    values = re.findall(rf'name="{name}" value="([^"]+)"', page.content.decode())
    assert values, f"no {name} on the page"
    return values


def twice(client, url, data, files=None):
    """Post the same form twice, as a double click does; return both answers."""
    first = client.post(url, {**data, **(files() if files else {})})
    second = client.post(url, {**data, **(files() if files else {})}, follow=True)
    return first, second


def test_a_matching_grant_proposed_twice_from_one_row_is_proposed_once(staff_client, organization):
    fund = funded(FundFactory(name="会费配套资金", kind="matching", matching_ratio=Decimal("1.00")))
    accepted_self_report(organization, Decimal("800.00"))
    period = {"period_start": "2022-01-01", "period_end": "2022-12-31"}
    page = staff_client.get(reverse("services:grant-list"), {"fund": fund.pk, **period})
    token = hidden_values(page, "_once")[0]
    data = {"fund": fund.pk, "organization": organization.pk, **period, "_once": token}
    first, second = twice(staff_client, reverse("services:grant-propose"), data)
    grant = MatchingGrant.objects.get()
    assert first.status_code == 302 and first.url == grant.get_absolute_url()
    assert second.redirect_chain[-1][0] == grant.get_absolute_url()
    assert ALREADY in second.content.decode()


def test_evidence_and_contest_results_attached_twice_are_attached_once(staff_client, staff_user):
    delivery = DeliveryFactory(kind=kind(DeliverableKind.CONTEST), status="unconfirmed")
    url = delivery.get_absolute_url()
    page = staff_client.get(url)
    evidence_token, result_token = hidden_values(page, "_once")[-2:]

    def sheet():
        return {"file": SimpleUploadedFile("sign-in.pdf", samples.PDF, content_type="application/pdf")}

    data = {"add": "evidence", "kind": "sign_in_sheet", "_once": evidence_token}
    first, second = twice(staff_client, url, data, files=sheet)
    assert first.status_code == 302 and ALREADY in second.content.decode()
    assert DeliveryEvidence.objects.filter(delivery=delivery).count() == 1

    result = {
        "add": "result",
        "award": "一等奖",
        "winner": "张三",
        "winner_organization": "某协会",
        "_once": result_token,
    }
    first, second = twice(staff_client, url, result)
    assert first.status_code == 302 and ALREADY in second.content.decode()
    assert ContestResult.objects.filter(delivery=delivery).count() == 1
    # A refused form is shown on the page with its errors, and leaves its token free.
    refused = staff_client.post(url, {"add": "evidence", "kind": "sign_in_sheet", "_once": "fresh"})
    assert refused.status_code == 400 and 'data-testid="evidence-form"' in refused.content.decode()


def _sheet(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "单位", "电话"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_sign_in_and_a_sign_in_sheet_submitted_twice_are_recorded_once(staff_client):
    training = TrainingFactory()
    url = training.get_absolute_url()
    sign_in_token, import_token = hidden_values(staff_client.get(url), "_once")[:2]
    first, second = twice(staff_client, url, {"sign_in": "1", "person_name": "赵六", "_once": sign_in_token})
    assert first.status_code == 302
    text = second.content.decode()
    assert ALREADY in text and "赵六已签到" not in text
    assert Attendance.objects.filter(training=training).count() == 1

    content = _sheet([["钱七", "", "13800000000"], ["孙八", "", ""]])

    def workbook():
        return {"sheet": SimpleUploadedFile("sign-in.xlsx", content)}

    first, second = twice(staff_client, url, {"import": "1", "_once": import_token}, files=workbook)
    assert first.status_code == 302 and ALREADY in second.content.decode()
    assert Attendance.objects.filter(training=training).count() == 3


def test_a_batch_opened_twice_is_opened_once_and_a_stale_tab_is_refused(staff_client):
    batch = BatchFactory(status=Batch.Status.DRAFT)
    CriterionFactory(batch=batch)  # a batch opens with its criteria published
    url = batch.get_absolute_url()
    tab = staff_client.get(url)
    token = hidden_values(tab, "_once")[-1]
    version = hidden_values(tab, "_record_version")[0]
    stale_tab = staff_client.get(url)
    first, second = twice(staff_client, url, {"publish": "1", "_once": token, "_record_version": version})
    assert first.status_code == 302 and ALREADY in second.content.decode()
    assert Batch.objects.get(pk=batch.pk).status == Batch.Status.OPEN
    # The second tab, loaded while the batch was a draft, is refused with a clear message.
    stale = staff_client.post(
        url,
        {
            "publish": "1",
            "_once": hidden_values(stale_tab, "_once")[-1],
            "_record_version": hidden_values(stale_tab, "_record_version")[0],
        },
        follow=True,
    )
    assert STALE in stale.content.decode()


def test_a_round_closed_from_a_stale_page_is_refused_then_closed_once(staff_client, organization):
    reporting_round = accepted_self_report(organization, Decimal("1"), year=2023).round
    url = reverse("orgs:round-close", args=[reporting_round.pk])
    page = staff_client.get(reporting_round.get_absolute_url())
    # The close button's form carries the last token and the round's version.
    data = {"_once": hidden_values(page, "_once")[-1], "_record_version": hidden_values(page, "_record_version")[0]}
    ReportingRound.objects.filter(pk=reporting_round.pk).update(due_on=datetime.date(2024, 2, 29))
    stale = staff_client.post(url, data, follow=True)
    assert STALE in stale.content.decode()
    assert ReportingRound.objects.get(pk=reporting_round.pk).closed_on is None

    page = staff_client.get(reporting_round.get_absolute_url())
    data = {"_once": hidden_values(page, "_once")[-1], "_record_version": hidden_values(page, "_record_version")[0]}
    first, second = twice(staff_client, url, data)
    assert first.status_code == 302 and ALREADY in second.content.decode()
    assert ReportingRound.objects.get(pk=reporting_round.pk).closed_on is not None


def test_an_export_started_twice_is_one_job(staff_client):
    page = staff_client.get(reverse("orgs:round-list"))
    token = hidden_values(page, "_once")[0]
    first, second = twice(staff_client, reverse("orgs:round-list"), {"_once": token})
    job = BackgroundJob.objects.get(kind="selfreports.accepted_export")
    assert first.status_code == 302 and first.url == job.get_absolute_url()
    assert second.redirect_chain[-1][0] == job.get_absolute_url()
