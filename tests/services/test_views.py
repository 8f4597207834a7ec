import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from services.actions import delivery_record
from services.models import DeliverableKind, Delivery, DeliveryEvidence
from tests import samples
from tests.orgs.factories import OrganizationFactory

from .factories import ContractFactory, ContractTargetFactory, DeliveryFactory, LegalAidCaseFactory, kind

pytestmark = pytest.mark.django_db

PDF = samples.PDF
PNG = samples.PNG
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def sign_in_sheet(content=PDF, name="签到表.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def contract(organization):
    contract = ContractFactory(provider=organization, ends_on=datetime.date(2099, 12, 31))
    ContractTargetFactory(contract=contract, quantity=10)
    return contract


@pytest.fixture
def other_contract(other_organization):
    return ContractFactory(provider=other_organization, ends_on=datetime.date(2099, 12, 31))


def delivery_post(**extra):
    data = {
        "kind": kind(DeliverableKind.CONSULTATION).pk,
        "delivered_on": "2023-03-01",
        "quantity": "3",
        "persons_served": "3",
        "place": "东河镇",
        "description": "劳动法律咨询",
    }
    data.update(extra)
    return data


def test_provider_records_a_delivery_with_a_sign_in_sheet(org_client, org_user, contract):
    url = reverse("services:delivery-create", args=[contract.pk])
    response = org_client.post(url, delivery_post(sign_in_sheet=sign_in_sheet()))
    delivery = Delivery.objects.get()
    assert response.status_code == 302 and response.url == delivery.get_absolute_url()
    assert delivery.status == Delivery.Status.UNCONFIRMED and delivery.recorded_by == org_user
    evidence = delivery.evidence.get()
    assert evidence.kind == DeliveryEvidence.Kind.SIGN_IN_SHEET and evidence.original_name == "签到表.pdf"
    served = org_client.get(reverse("services:evidence-file", args=[evidence.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert served["X-Content-Type-Options"] == "nosniff"


def test_provider_cannot_record_against_another_providers_contract(org_client, other_contract):
    url = reverse("services:delivery-create", args=[other_contract.pk])
    assert org_client.get(url).status_code == 404
    assert org_client.post(url, delivery_post()).status_code == 404
    assert not Delivery.objects.exists()


def test_html_named_pdf_is_refused_at_the_field(org_client, contract):
    url = reverse("services:delivery-create", args=[contract.pk])
    response = org_client.post(url, delivery_post(sign_in_sheet=sign_in_sheet(HTML, "sign.pdf")))
    assert response.status_code == 200
    assert "不是可接受的文件类型" in response.content.decode() or "sign.pdf" in response.content.decode()
    assert "sign_in_sheet" in response.context["form"].errors
    assert not Delivery.objects.exists()


def test_png_named_pdf_is_refused(org_client, contract):
    url = reverse("services:delivery-create", args=[contract.pk])
    response = org_client.post(url, delivery_post(photo=SimpleUploadedFile("photo.pdf", PNG)))
    assert "photo" in response.context["form"].errors


def test_date_outside_the_term_is_refused_in_chinese(org_client, contract):
    url = reverse("services:delivery-create", args=[contract.pk])
    response = org_client.post(url, delivery_post(delivered_on="2022-06-01"))
    assert "delivered_on" in response.context["form"].errors
    assert "合同期限" in response.content.decode()


def test_official_reads_but_cannot_record(official_client, contract):
    assert official_client.get(contract.get_absolute_url()).status_code == 200
    assert official_client.get(reverse("services:delivery-create", args=[contract.pk])).status_code == 403


def test_staff_confirm_and_progress_moves(staff_client, org_user, contract):
    delivery = delivery_record(
        user=org_user,
        contract=contract,
        kind=kind(DeliverableKind.CONSULTATION),
        delivered_on=datetime.date(2023, 3, 1),
        quantity=4,
    )
    page = staff_client.get(contract.get_absolute_url())
    consultation = next(item for item in page.context["progress"] if item.kind.code == "consultation")
    assert (consultation.delivered, consultation.unconfirmed) == (0, 4)
    queue = staff_client.get(reverse("services:delivery-queue"))
    assert delivery in list(queue.context["deliveries"])
    response = staff_client.post(reverse("services:delivery-confirm", args=[delivery.pk]))
    assert response.status_code == 302
    page = staff_client.get(contract.get_absolute_url())
    consultation = next(item for item in page.context["progress"] if item.kind.code == "consultation")
    assert (consultation.delivered, consultation.unconfirmed) == (4, 0)


def test_provider_cannot_confirm(org_client, contract):
    delivery = DeliveryFactory(contract=contract, status=Delivery.Status.UNCONFIRMED, confirmed_at=None)
    assert org_client.post(reverse("services:delivery-confirm", args=[delivery.pk])).status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.UNCONFIRMED


def test_another_organizations_user_gets_404_everywhere(client, other_org_user, org_user, contract):
    delivery = delivery_record(
        user=org_user,
        contract=contract,
        kind=kind(DeliverableKind.CONSULTATION),
        delivered_on=datetime.date(2023, 3, 1),
        evidence=[(DeliveryEvidence.Kind.SIGN_IN_SHEET, sign_in_sheet())],
    )
    evidence = delivery.evidence.get()
    case = LegalAidCaseFactory(contract=contract, worker_id_number="")
    client.force_login(other_org_user)
    for url in [
        contract.get_absolute_url(),
        delivery.get_absolute_url(),
        reverse("services:evidence-file", args=[evidence.pk]),
        case.get_absolute_url(),
        reverse("services:case-create", args=[contract.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(delivery.get_absolute_url(), {"kind": "photo", "file": sign_in_sheet()}).status_code == 404
    assert client.get(reverse("services:contract-list")).context["contracts"].count() == 0
    export = client.get(reverse("services:delivery-list") + "?export=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only
    api = client.get(f"/api/v1/services/deliveries/{delivery.pk}/")
    assert api.status_code == 404
    assert client.get(f"/api/v1/services/contracts/{contract.pk}/").status_code == 404


def test_contract_document_upload_and_serving(staff_client, client, other_org_user, org_user, contract):
    url = reverse("services:document-upload", args=[contract.pk])
    staff_client.post(url, {"file": sign_in_sheet(name="合同.pdf"), "description": "盖章合同"})
    document = contract.documents.get()
    assert staff_client.get(document.get_absolute_url()).status_code == 200
    staff_client.post(url, {"file": sign_in_sheet(HTML, "fake.pdf")})
    assert contract.documents.count() == 1
    client.force_login(other_org_user)
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(org_user)
    assert client.get(document.get_absolute_url()).status_code == 200


def test_export_reads_back(staff_client, contract):
    DeliveryFactory(contract=contract, quantity=7, persons_served=35, place="县总工会")
    DeliveryFactory(contract=contract, status=Delivery.Status.UNCONFIRMED, confirmed_at=None)
    response = staff_client.get(reverse("services:delivery-list") + "?export=xlsx&status=confirmed")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "日期"
    assert len(rows) == 2
    assert rows[1][1] == contract.title and rows[1][4] == 7 and rows[1][5] == 35 and rows[1][6] == "县总工会"
    assert rows[1][9] == "已确认"


def test_staff_create_contract_with_targets(staff_client, organization):
    from services.models import Contract

    staff_client.get(reverse("services:contract-create"))  # seeds the kinds
    response = staff_client.post(
        reverse("services:contract-create"),
        {
            "provider": organization.pk,
            "title": "职工法律服务",
            "category": "legal",
            "amount": "100000.00",
            "signed_on": "2022-12-20",
            "starts_on": "2023-01-01",
            "ends_on": "2023-12-31",
            "funding_source": "县总工会",
            "target_consultation": "2000",
            "target_training": "7",
        },
    )
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert {t.kind.code: t.quantity for t in contract.targets.all()} == {"consultation": 2000, "training": 7}
    bad = staff_client.post(
        reverse("services:contract-create"),
        {
            "provider": organization.pk,
            "title": "x",
            "category": "legal",
            "amount": "1",
            "signed_on": "2023-01-01",
            "starts_on": "2023-05-01",
            "ends_on": "2023-01-01",
        },
    )
    assert "ends_on" in bad.context["form"].errors


def test_case_id_is_masked_and_reveal_is_logged(client, staff_user, org_user, contract):
    from wangcang.models import PersonalDataAccess

    case = LegalAidCaseFactory(contract=contract, worker_id_number="11010519491231002X", worker_name="张三丰")
    client.force_login(org_user)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "11010519491231002X" not in page and "1101**********002X" in page and "张三丰" not in page
    assert client.post(reverse("services:case-reveal", args=[case.pk])).status_code == 403
    client.force_login(staff_user)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "11010519491231002X" not in page
    revealed = client.post(reverse("services:case-reveal", args=[case.pk])).content.decode()
    assert "11010519491231002X" in revealed
    assert PersonalDataAccess.objects.filter(field="worker_id_number", object_id=str(case.pk)).count() == 1


def _contracts_with_deliveries(count: int, provider):
    for index in range(count):
        contract = ContractFactory(provider=provider if index % 2 else OrganizationFactory())
        ContractTargetFactory(contract=contract)
        DeliveryFactory(contract=contract)


@pytest.mark.parametrize("count", [10, 300])
def test_list_pages_stay_within_a_fixed_query_budget(staff_client, django_assert_max_num_queries, organization, count):
    _contracts_with_deliveries(count, organization)
    for name in ["services:contract-list", "services:delivery-list", "services:case-list"]:
        # 14, and the user's saved filters of the list.
        with django_assert_max_num_queries(15):
            assert staff_client.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(14):
        assert staff_client.get(reverse("services:delivery-queue")).status_code == 200
    with django_assert_max_num_queries(10):
        assert staff_client.get("/api/v1/services/deliveries/").status_code == 200
    with django_assert_max_num_queries(10):
        assert staff_client.get("/api/v1/services/contracts/").status_code == 200


def test_large_export_runs_as_a_background_job(
    client, staff_user, other_org_user, contract, monkeypatch, django_capture_on_commit_callbacks
):
    from services.views import DeliveryListView
    from wangcang.models import BackgroundJob

    monkeypatch.setattr(DeliveryListView, "export_inline_limit", 2)
    DeliveryFactory.create_batch(3, contract=contract)
    DeliveryFactory(contract=contract, status=Delivery.Status.UNCONFIRMED, confirmed_at=None)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("services:delivery-list") + "?export=xlsx&status=confirmed")
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.result["rows"] == 3
    download = client.get(reverse("job-file", args=[job.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 4
    client.force_login(other_org_user)
    assert client.get(reverse("job-file", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("count", [10, 300])
def test_contract_page_stays_within_a_fixed_query_budget(staff_client, django_assert_max_num_queries, contract, count):
    DeliveryFactory.create_batch(count, contract=contract)
    LegalAidCaseFactory.create_batch(3, contract=contract)
    with django_assert_max_num_queries(20):
        page = staff_client.get(contract.get_absolute_url())
    assert page.context["progress"][0].delivered == count


def test_zero_quantity_is_refused_at_the_field_in_chinese(org_client, contract):
    response = org_client.post(reverse("services:delivery-create", args=[contract.pk]), delivery_post(quantity="0"))
    assert "quantity" in response.context["form"].errors
    assert "大于或等于1" in response.content.decode().replace(" ", "")


def test_queue_confirms_in_place_with_htmx(staff_client, contract):
    delivery = DeliveryFactory(contract=contract, status=Delivery.Status.UNCONFIRMED, confirmed_at=None)
    response = staff_client.post(reverse("services:delivery-confirm", args=[delivery.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="queue-delivery-{delivery.pk}"' in response.content.decode() and "已确认" in response.content.decode()
    again = staff_client.post(
        reverse("services:delivery-confirm", args=[delivery.pk]), {"next": "https://evil.example/"}
    )
    assert again.url == delivery.get_absolute_url()


def test_contract_list_marks_contracts_behind_schedule(staff_client, organization):
    behind = ContractFactory(
        provider=organization, starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2099, 12, 31)
    )
    ContractTargetFactory(contract=behind, quantity=1000)
    on_track = ContractFactory(provider=organization, title="无目标合同")
    contracts = {c.pk: c for c in staff_client.get(reverse("services:contract-list")).context["contracts"]}
    assert [kind.code for kind in contracts[behind.pk].behind_kinds] == ["consultation"]
    assert contracts[on_track.pk].behind_kinds == []
