"""The money and contract writes of purchased services and funds through the API: the same
actions as the pages, scoped, Chinese field errors, staff only where the pages are, and an
``Idempotency-Key`` that writes once."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from orgs.models import UnionBranch
from services.funds.models import (
    DuesRecord,
    Fund,
    FundTransaction,
    HouseholdAssistance,
    MutualAidContribution,
    MutualAidPayout,
    StudentAid,
)
from services.models import AdviserPosting, ContestResult, Contract, ContractDocument, DeliverableKind
from tests.orgs.factories import OrganizationFactory, UnionBranchFactory
from tests.samples import PDF
from wangcang.validators import make_id_number, make_uscc

from .factories import ContractFactory, ContractTargetFactory, DeliveryFactory, kind
from .funds.factories import FundFactory, funded

pytestmark = pytest.mark.django_db
OTHER_COUNTY = "510822"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def foreign_org(db):
    return OrganizationFactory(division_id=OTHER_COUNTY, uscc=make_uscc(990201, division=OTHER_COUNTY))


# --- aid paid out of funds ---------------------------------------------------------------

AID = [
    (
        "funds/student-aid",
        Fund.Kind.STUDENT_AID,
        StudentAid,
        {"student_name": "李小明", "school": "旺苍中学", "grade": "高一", "household": "父亲 李大山"},
        "student_name_masked",
    ),
    (
        "funds/household-assistance",
        Fund.Kind.ASSISTANCE,
        HouseholdAssistance,
        {"head_of_household": "王大山", "persons": 4, "kind_of_help": "医疗救助"},
        "head_of_household_masked",
    ),
]


@pytest.mark.parametrize(("resource", "fund_kind", "model", "fields", "masked"), AID)
def test_aid_is_paid_out_of_its_fund_once_per_key(staff_user, resource, fund_kind, model, fields, masked):
    fund = funded(FundFactory(kind=fund_kind))
    body = {"fund": fund.pk, "occurred_on": "2023-09-01", "amount": "1000", **fields}
    client = api(staff_user)
    first = client.post(f"/api/v1/{resource}/", body, format="json", HTTP_IDEMPOTENCY_KEY="aid-1")
    assert first.status_code == 201, first.content
    again = client.post(f"/api/v1/{resource}/", body, format="json", HTTP_IDEMPOTENCY_KEY="aid-1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert model.objects.count() == 1
    record = model.objects.get()
    answer = first.json()
    assert answer["amount"] == "1000.00" and answer["fund"] == fund.pk and answer["reversed"] is False
    assert "*" in answer[masked]
    entry = FundTransaction.objects.get(pk=answer["transaction"])
    assert entry == record.transaction and entry.direction == "out" and entry.recorded_by == staff_user
    # Append-only: a correction reverses the ledger entry.
    url = f"/api/v1/{resource}/{record.pk}/"
    assert client.patch(url, {"amount": "1"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405
    assert client.post(f"/api/v1/funds/transactions/{entry.pk}/reverse/", {"reason": "重复发放"}).status_code == 201
    assert client.get(url).json()["reversed"] is True


@pytest.mark.parametrize(("resource", "fund_kind", "model", "fields", "masked"), AID)
def test_aid_refuses_a_wrong_fund_and_others_records(staff_user, org_user, resource, fund_kind, model, fields, masked):
    client = api(staff_user)
    wrong_kind = funded(FundFactory(kind=Fund.Kind.MATCHING))
    body = {"fund": wrong_kind.pk, "occurred_on": "2023-09-01", "amount": "100", **fields}
    response = client.post(f"/api/v1/{resource}/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["fund"]
    assert response.json()["fund"][0].startswith("该资金不是")
    foreign = funded(FundFactory(kind=fund_kind, division_id=OTHER_COUNTY))
    response = client.post(f"/api/v1/{resource}/", body | {"fund": foreign.pk}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["fund"]
    own = funded(FundFactory(kind=fund_kind))
    empty = client.post(f"/api/v1/{resource}/", {"fund": own.pk, "amount": "100"}, format="json")
    assert empty.status_code == 400
    assert empty.json()["occurred_on"] == ["该字段是必填项。"]
    assert not model.objects.exists()
    assert api(org_user).post(f"/api/v1/{resource}/", body | {"fund": own.pk}, format="json").status_code == 403
    # Another county's record is not found.
    other_staff = staff_user.__class__.objects.create_user(
        username="staff-other", role="staff", division_id=OTHER_COUNTY
    )
    record_id = client.post(f"/api/v1/{resource}/", body | {"fund": own.pk}, format="json").json()["id"]
    assert api(other_staff).get(f"/api/v1/{resource}/{record_id}/").status_code == 404


def test_mutual_aid_is_paid_up_to_the_multiple_of_contributions(staff_user, org_user, organization):
    fund = funded(FundFactory(kind=Fund.Kind.MUTUAL_AID, mutual_aid_multiple=Decimal("10")))
    client = api(staff_user)
    member = {"member_name": "周八", "id_number": make_id_number(888), "organization": organization.pk}
    paid_in = client.post(
        "/api/v1/funds/mutual-aid-contributions/",
        {"fund": fund.pk, "occurred_on": "2023-01-10", "amount": "50", **member},
        format="json",
        HTTP_IDEMPOTENCY_KEY="c-1",
    )
    assert paid_in.status_code == 201, paid_in.content
    assert "*" in paid_in.json()["id_number_masked"] and "id_number" not in paid_in.json()
    assert paid_in.json()["organization"] == organization.pk
    assert (
        client.post(
            "/api/v1/funds/mutual-aid-contributions/",
            {"fund": fund.pk, "occurred_on": "2023-01-10", "amount": "50", **member},
            format="json",
            HTTP_IDEMPOTENCY_KEY="c-1",
        ).status_code
        == 201
    )
    assert MutualAidContribution.objects.count() == 1
    payout = {"fund": fund.pk, "occurred_on": "2023-06-01", "reason": "住院", **member}
    too_much = client.post("/api/v1/funds/mutual-aid-payouts/", payout | {"amount": "600"}, format="json")
    assert too_much.status_code == 400
    assert list(too_much.json()) == ["amount"]
    assert "互助" in too_much.json()["amount"][0]
    bad_id = client.post(
        "/api/v1/funds/mutual-aid-payouts/",
        payout | {"amount": "100", "id_number": "510821198805123010"},
        format="json",
    )
    assert bad_id.status_code == 400
    assert bad_id.json() == {"id_number": ["身份证号码的校验码（第18位）不正确。"]}
    paid = client.post("/api/v1/funds/mutual-aid-payouts/", payout | {"amount": "500"}, format="json")
    assert paid.status_code == 201, paid.content
    assert MutualAidPayout.objects.get().transaction.amount == Decimal("500.00")
    # The organization user sees its member's payout but may not pay one.
    assert api(org_user).get(f"/api/v1/funds/mutual-aid-payouts/{paid.json()['id']}/").status_code == 200
    assert api(org_user).post("/api/v1/funds/mutual-aid-payouts/", payout, format="json").status_code == 403


def test_dues_recorded_once_per_period(staff_user, org_user, organization, foreign_org):
    client = api(staff_user)
    body = {"organization": organization.pk, "period_start": "2022-01-01", "period_end": "2022-12-31", "amount": "800"}
    first = client.post("/api/v1/funds/dues/", body, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert first.status_code == 201, first.content
    replay = client.post("/api/v1/funds/dues/", body, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert replay.json() == first.json() and DuesRecord.objects.count() == 1
    twice = client.post("/api/v1/funds/dues/", body, format="json")
    assert twice.status_code == 400
    assert "已经录入" in str(twice.json()) or "已" in str(twice.json())
    backwards = client.post("/api/v1/funds/dues/", body | {"period_start": "2023-01-01"}, format="json")
    assert backwards.status_code == 400
    foreign = client.post("/api/v1/funds/dues/", body | {"organization": foreign_org.pk}, format="json")
    assert foreign.status_code == 400 and list(foreign.json()) == ["organization"]
    negative = client.post("/api/v1/funds/dues/", body | {"amount": "-1", "period_end": "2022-06-30"}, format="json")
    assert negative.status_code == 400 and negative.json() == {"amount": ["请确保该值大于或者等于 0。"]}
    assert api(org_user).post("/api/v1/funds/dues/", body, format="json").status_code == 403
    other_staff = staff_user.__class__.objects.create_user(username="staff-qc4", role="staff", division_id=OTHER_COUNTY)
    assert api(other_staff).get(f"/api/v1/funds/dues/{first.json()['id']}/").status_code == 404
    assert DuesRecord.objects.get().recorded_by == staff_user


# --- contracts, documents, advisers, contests --------------------------------------------


def contract_body(provider, **extra):
    return {
        "title": "2024年法律服务购买合同",
        "provider": provider.pk,
        "category": "legal",
        "amount": "120000.00",
        "signed_on": "2023-12-20",
        "starts_on": "2024-01-01",
        "ends_on": "2024-12-31",
        "targets": [{"kind": "consultation", "quantity": 200}, {"kind": "training", "quantity": 6}],
        **extra,
    }


def test_contract_with_targets_created_and_edited_with_history(staff_user, org_user, organization):
    client = api(staff_user)
    created = client.post(
        "/api/v1/services/contracts/", contract_body(organization), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert created.status_code == 201, created.content
    replay = client.post(
        "/api/v1/services/contracts/", contract_body(organization), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert replay.json() == created.json() and Contract.objects.count() == 1
    body = created.json()
    assert body["division"] == "510821"
    assert {(t["kind"], t["quantity"]) for t in body["targets"]} == {("consultation", 200), ("training", 6)}
    url = f"/api/v1/services/contracts/{body['id']}/"
    etag = client.get(url)["ETag"]
    patched = client.patch(
        url,
        {
            "amount": "130000.00",
            "targets": [{"kind": "training", "quantity": 0}, {"kind": "consultation", "quantity": 250}],
        },
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert patched.status_code == 200, patched.content
    assert [(t["kind"], t["quantity"]) for t in patched.json()["targets"]] == [("consultation", 250)]
    stale = client.patch(url, {"amount": "1.00"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    contract = Contract.objects.get()
    assert contract.amount == Decimal("130000.00") and contract.history.first().history_user == staff_user
    assert api(org_user).patch(url, {"amount": "1.00"}, format="json").status_code == 403
    assert (
        api(org_user).post("/api/v1/services/contracts/", contract_body(organization), format="json").status_code == 403
    )


def test_contract_input_errors_in_chinese_and_scope(staff_user, organization, foreign_org):
    client = api(staff_user)
    backwards = client.post(
        "/api/v1/services/contracts/", contract_body(organization, ends_on="2023-06-30"), format="json"
    )
    assert backwards.status_code == 400
    assert backwards.json() == {"ends_on": ["“截止日期”不能早于“起始日期”（2024-01-01）。"]}
    unknown = client.post(
        "/api/v1/services/contracts/",
        contract_body(organization, targets=[{"kind": "no-such-kind", "quantity": 1}]),
        format="json",
    )
    assert unknown.status_code == 400 and list(unknown.json()) == ["targets"]
    twice = client.post(
        "/api/v1/services/contracts/",
        contract_body(organization, targets=[{"kind": "training", "quantity": 1}, {"kind": "training", "quantity": 2}]),
        format="json",
    )
    assert twice.status_code == 400 and twice.json() == {"targets": ["每种服务类型只能填一次。"]}
    english = client.post(
        "/api/v1/services/contracts/",
        contract_body(organization, targets=[{"kind": "training", "quantity": 1}, {"kind": "training", "quantity": 2}]),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.json() == {"targets": ["Each deliverable kind once."]}
    foreign = client.post("/api/v1/services/contracts/", contract_body(foreign_org), format="json")
    assert foreign.status_code == 400 and list(foreign.json()) == ["provider"]
    assert not Contract.objects.exists()
    foreign_contract = ContractFactory(division_id=OTHER_COUNTY, provider=foreign_org)
    assert client.patch(f"/api/v1/services/contracts/{foreign_contract.pk}/", {"title": "x"}).status_code == 404


def test_contract_documents_uploaded_by_staff(staff_user, org_user, organization, foreign_org):
    contract = ContractFactory(provider=organization)
    client = api(staff_user)
    url = f"/api/v1/services/contracts/{contract.pk}/documents/"
    upload = client.post(
        url,
        {"file": SimpleUploadedFile("合同.pdf", PDF), "description": "盖章合同"},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="doc",
    )
    assert upload.status_code == 201, upload.content
    retried = client.post(
        url, {"file": SimpleUploadedFile("合同.pdf", PDF)}, format="multipart", HTTP_IDEMPOTENCY_KEY="doc"
    )
    assert retried.status_code == 201 and retried.json() == upload.json()
    assert upload.json()["original_name"] == "合同.pdf"
    document = ContractDocument.objects.get()
    assert document.uploaded_by == staff_user and document.file.read() == PDF
    assert client.get(f"/api/v1/services/contracts/{contract.pk}/").json()["documents"][0]["id"] == document.pk
    fake = client.post(url, {"file": SimpleUploadedFile("合同.pdf", b"<html>not a pdf</html>")}, format="multipart")
    assert fake.status_code == 400 and list(fake.json()) == ["file"]
    missing = client.post(url, {"description": "x"}, format="multipart")
    assert missing.status_code == 400 and missing.json() == {"file": ["没有提交任何文件。"]}
    assert api(org_user).post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}, format="multipart").status_code == 403
    foreign = ContractFactory(division_id=OTHER_COUNTY, provider=foreign_org)
    outside = client.post(
        f"/api/v1/services/contracts/{foreign.pk}/documents/",
        {"file": SimpleUploadedFile("a.pdf", PDF)},
        format="multipart",
    )
    assert outside.status_code == 404
    assert ContractDocument.objects.count() == 1


def test_advisers_posted_by_staff_to_a_union(staff_user, org_user, organization, foreign_org):
    contract = ContractFactory(provider=organization)
    branch = UnionBranchFactory(organization=organization)
    client = api(staff_user)
    body = {"contract": contract.pk, "lawyer": "孙律师", "union": branch.pk, "starts_on": "2023-02-01"}
    first = client.post("/api/v1/services/adviser-postings/", body, format="json", HTTP_IDEMPOTENCY_KEY="a-1")
    assert first.status_code == 201, first.content
    client.post("/api/v1/services/adviser-postings/", body, format="json", HTTP_IDEMPOTENCY_KEY="a-1")
    assert AdviserPosting.objects.count() == 1
    nameless = client.post(
        "/api/v1/services/adviser-postings/", body | {"union": None, "union_name": ""}, format="json"
    )
    assert nameless.status_code == 400
    assert nameless.json() == {"union_name": ["请选择工会组织，或填写企业工会名称。"]}
    foreign_branch = UnionBranchFactory(division_id=OTHER_COUNTY, organization=foreign_org)
    outside = client.post("/api/v1/services/adviser-postings/", body | {"union": foreign_branch.pk}, format="json")
    assert outside.status_code == 400 and list(outside.json()) == ["union"]
    assert api(org_user).post("/api/v1/services/adviser-postings/", body, format="json").status_code == 403
    other_staff = staff_user.__class__.objects.create_user(username="staff-qc5", role="staff", division_id=OTHER_COUNTY)
    assert api(other_staff).get(f"/api/v1/services/adviser-postings/{first.json()['id']}/").status_code == 404
    assert AdviserPosting.objects.get().union == branch
    assert UnionBranch.objects.filter(pk=branch.pk).exists()


def test_contest_results_recorded_on_a_contest(staff_user, org_user, organization, other_org_user):
    contract = ContractFactory(provider=organization, category=Contract.Category.CONTEST)
    ContractTargetFactory(contract=contract, kind=kind(DeliverableKind.CONTEST), quantity=1)
    contest = DeliveryFactory(
        contract=contract, kind=kind(DeliverableKind.CONTEST), status="unconfirmed", confirmed_at=None
    )
    lecture = DeliveryFactory(contract=contract)
    url = f"/api/v1/services/deliveries/{contest.pk}/results/"
    prize = {"award": "一等奖", "winner": "吴九", "entry_title": "川茶手工制作"}
    answer = api(org_user).post(url, prize, format="json", HTTP_IDEMPOTENCY_KEY="prize")
    assert answer.status_code == 201, answer.content
    retried = api(org_user).post(url, prize, format="json", HTTP_IDEMPOTENCY_KEY="prize")
    assert retried.status_code == 201 and retried["Idempotent-Replayed"] == "true"
    assert api(staff_user).get(f"/api/v1/services/deliveries/{contest.pk}/").json()["results"][0]["award"] == "一等奖"
    blank = api(staff_user).post(url, {"award": "", "winner": "x"}, format="json")
    assert blank.status_code == 400 and blank.json() == {"award": ["该字段不能为空。"]}
    not_contest = api(staff_user).post(f"/api/v1/services/deliveries/{lecture.pk}/results/", prize, format="json")
    assert not_contest.status_code == 400 and not_contest.json() == {"detail": ["只有竞赛才有比赛结果。"]}
    assert api(other_org_user).post(url, prize, format="json").status_code == 404
    assert ContestResult.objects.count() == 1


def test_a_large_payout_is_recorded_by_one_staff_member_and_approved_by_another(staff_user, org_user, organization):
    from services.funds.models import PayoutRequest

    from .funds.factories import second_staff

    fund = funded(FundFactory(kind=Fund.Kind.ASSISTANCE), amount="200000.00")
    client = api(staff_user)
    body = {
        "fund": fund.pk,
        "occurred_on": "2023-10-01",
        "amount": "60000",
        "purpose": "灾后重建补助",
        "beneficiary_organization": organization.pk,
    }
    direct = client.post("/api/v1/funds/transactions/", body | {"direction": "out"}, format="json")
    assert direct.status_code == 400 and list(direct.json()) == ["amount"]
    recorded = client.post("/api/v1/funds/payout-requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="p-1")
    assert recorded.status_code == 201, recorded.content
    replay = client.post("/api/v1/funds/payout-requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="p-1")
    assert replay.json() == recorded.json() and PayoutRequest.objects.count() == 1
    assert recorded.json()["status"] == "pending" and recorded.json()["transaction"] is None
    too_much = client.post("/api/v1/funds/payout-requests/", body | {"amount": "300000"}, format="json")
    assert too_much.status_code == 400 and list(too_much.json()) == ["amount"]
    assert "余额" in too_much.json()["amount"][0]
    url = f"/api/v1/funds/payout-requests/{recorded.json()['id']}/"
    own = client.post(url + "approve/")
    assert own.status_code == 400
    assert api(org_user).post(url + "approve/").status_code == 403
    approved = api(second_staff()).post(url + "approve/")
    assert approved.status_code == 200, approved.content
    entry = FundTransaction.objects.get(pk=approved.json()["transaction"])
    assert entry.amount == Decimal("60000.00") and entry.direction == "out"
    assert entry.recorded_by == staff_user and PayoutRequest.objects.get().decided_by == second_staff()
    assert api(second_staff()).post(url + "reject/").status_code == 400
    other_staff = staff_user.__class__.objects.create_user(username="staff-qc3", role="staff", division_id=OTHER_COUNTY)
    assert api(other_staff).post(url + "approve/").status_code == 404
