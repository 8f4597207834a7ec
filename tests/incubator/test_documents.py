"""The admission notice and the graduation certificate: PDFs read back, in the county union's
name, with the record's data; out of scope or in the wrong state → 404."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from incubator import actions
from wangcang.models import Division, User

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(BytesIO(response.content))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")


@pytest.fixture
def named_union():
    division = Division.objects.get(code="510821")
    division.union_name = "旺苍县总工会（测试）"
    division.save()
    return division.union_name


def test_the_admission_notice_of_an_admitted_application(admitted, org_client, named_union, organization):
    detail = org_client.get(reverse("incubator:application-detail", args=[admitted.pk])).content.decode()
    url = reverse("incubator:application-admission-notice", args=[admitted.pk])
    assert url in detail
    text = pdf_text(org_client.get(url))
    assert "入驻孵化基地通知书" in text
    assert named_union in text
    assert organization.name in text and admitted.batch.name in text
    assert "2020年12月15日" in text and "电子商务" in text


def test_no_notice_before_admission_nor_out_of_scope(submitted, admitted, client, other_org_user, make_user):
    client.force_login(other_org_user)
    url = reverse("incubator:application-admission-notice", args=[admitted.pk])
    assert client.get(url).status_code == 404
    client.force_login(make_user("far", User.Role.STAFF, division="510822"))
    assert client.get(url).status_code == 404


def test_a_submitted_application_has_no_notice(submitted, staff_client):
    url = reverse("incubator:application-admission-notice", args=[submitted.pk])
    assert staff_client.get(url).status_code == 404


def test_the_graduation_certificate(residency, staff_user, staff_client, org_client, organization, named_union):
    certificate = reverse("incubator:residency-certificate", args=[residency.pk])
    assert staff_client.get(certificate).status_code == 404  # still resident
    actions.residency_graduate(
        user=staff_user, residency=residency, on=datetime.date(2023, 6, 30), summary="成长为市级品牌社会组织"
    )
    detail = org_client.get(reverse("incubator:residency-detail", args=[residency.pk])).content.decode()
    assert certificate in detail
    text = pdf_text(org_client.get(certificate))
    assert "孵化成功证书" in text and named_union in text and organization.name in text
    assert "2023年6月30日" in text and "成长为市级品牌社会组织" in text


def test_the_certificate_is_scoped(residency, staff_user, client, other_org_user):
    actions.residency_graduate(user=staff_user, residency=residency, on=datetime.date(2023, 6, 30), summary="出壳")
    client.force_login(other_org_user)
    assert client.get(reverse("incubator:residency-certificate", args=[residency.pk])).status_code == 404
