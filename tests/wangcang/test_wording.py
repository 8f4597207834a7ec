"""Errors, amounts and history in the user's words: no constraint names, database limits,
dashes or Python dicts on a page; each error shown once; one money format everywhere."""

import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db.models import BaseConstraint
from django.utils import translation
from openpyxl import Workbook

from incubator.models import Application
from orgs.models import SelfReport
from tests.incubator.factories import BatchFactory
from tests.orgs.selfreports.factories import FILLED, ReportingRoundFactory, SelfReportFactory
from wangcang.imports import run_import
from wangcang.templatetags.portal import yuan

pytestmark = pytest.mark.django_db

FRAMEWORK_WORDS = ("约束", "是无效的", "9223372036854775807", "个数字", "---------", "已经存在", "{'")


def text_of(response) -> str:
    return response.content.decode()


# Constraints ------------------------------------------------------------------------------


def test_every_constraint_has_its_own_translated_message():
    default = BaseConstraint.default_violation_error_message
    missing, untranslated = [], []
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            message = constraint.violation_error_message
            if message is None or str(message) == str(default):
                missing.append(constraint.name)
                continue
            with translation.override("zh-hans"):
                chinese = str(message)
            with translation.override("en"):
                english = str(message)
            if chinese == english or not re.search(r"[\u4e00-\u9fff]", chinese):
                untranslated.append(constraint.name)
    assert not missing, missing
    assert not untranslated, untranslated


def test_every_unique_field_says_what_already_exists():
    generic = []
    for model in apps.get_models():
        if model._meta.app_label not in ("wangcang", "orgs", "incubator", "services", "reports"):
            continue
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key and not field.one_to_one:
                with translation.override("zh-hans"):
                    message = str(field.error_messages["unique"])
                if "%(" in message:  # Django's "具有 %(field_label)s 的 %(model_name)s 已存在。"
                    generic.append(f"{model._meta.label}.{field.name}")
    assert not generic, generic


def test_a_check_constraint_names_the_field_in_chinese(organization):
    report = SelfReport(round=ReportingRoundFactory(), organization=organization, dues_collected=Decimal("-5.00"))
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        report.validate_constraints()
    assert error.value.messages == ["收缴会费不能为负数。"]


def test_a_unique_constraint_says_what_already_exists(organization):
    batch = BatchFactory()
    Application.objects.create(batch=batch, organization=organization)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        Application(batch=batch, organization=organization).validate_constraints()
    assert error.value.messages == ["该社会组织已申请过本批次。"]


def test_a_negative_amount_on_the_self_report_form_is_refused_in_words_once(client, org_user, organization):
    report = SelfReportFactory(organization=organization)
    client.force_login(org_user)
    data = {**FILLED, "dues_collected": "-5", "problems": ""}
    response = client.post(f"/orgs/self-reports/{report.pk}/edit/", data)
    html = text_of(response)
    assert response.status_code == 200
    assert html.count("收缴会费不能为负数") == 1
    assert not any(word in html for word in FRAMEWORK_WORDS), [w for w in FRAMEWORK_WORDS if w in html]


# Numbers ----------------------------------------------------------------------------------


def test_a_huge_count_is_refused_with_a_sensible_limit(client, org_user, organization):
    report = SelfReportFactory(organization=organization)
    client.force_login(org_user)
    data = {**FILLED, "staff_count": "99999999999999999999", "problems": ""}
    html = text_of(client.post(f"/orgs/self-reports/{report.pk}/edit/", data))
    assert "请输入不超过 1,000,000 的整数。" in html
    assert "9223372036854775807" not in html
    report.refresh_from_db()
    assert report.staff_count is None


def test_a_huge_amount_is_refused_in_yuan(client, org_user, organization):
    report = SelfReportFactory(organization=organization)
    client.force_login(org_user)
    data = {**FILLED, "union_funds": "12345678901234567", "dues_collected": "1.234", "problems": ""}
    html = text_of(client.post(f"/orgs/self-reports/{report.pk}/edit/", data))
    assert "金额不能超过 999,999,999,999.99 元。" in html
    assert "金额以元为单位，最多保留两位小数。" in html
    assert "个数字" not in html


# Forms: each error once -------------------------------------------------------------------


def test_a_field_error_is_shown_under_its_field_only(staff_client):
    response = staff_client.post("/orgs/new/", {"name": "", "uscc": "", "kind": "social_group"})
    html = text_of(response)
    assert response.status_code == 200
    summary = re.search(r'data-testid="form-errors">(.*?)</div>', html, re.S).group(1)
    assert "请更正以下错误。" in summary
    assert "这个字段是必填项" not in summary
    # Each required field's message once, under the field.
    assert html.count('class="invalid-feedback d-block">这个字段是必填项。') == html.count("这个字段是必填项")


def test_filters_offer_all_and_forms_ask_to_choose(staff_client):
    html = text_of(staff_client.get("/orgs/"))
    assert "---------" not in html
    assert '<option value="" selected>全部</option>' in html
    form = text_of(staff_client.get("/orgs/new/"))
    assert "---------" not in form and "请选择" in form


# Imports ----------------------------------------------------------------------------------


def _workbook(headers, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


def test_an_empty_required_cell_gets_one_message(staff_user, settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from orgs.importers import OrganizationImporter
    from wangcang.validators import make_uscc

    settings.MEDIA_ROOT = tmp_path
    headers = [str(column.header) for column in OrganizationImporter.columns]
    row = dict.fromkeys(headers, "")
    row.update({headers[1]: make_uscc(91234), headers[2]: "社会团体"})
    path = default_storage.save("imports/empty-name.xlsx", ContentFile(_workbook(headers, [[row[h] for h in headers]])))
    with translation.override("zh-hans"):
        result = run_import(OrganizationImporter(user=staff_user, params={"division": "510821"}), path)
    assert result["status"] == "rejected"
    assert result["rows_with_errors"] == 1
    name_errors = [error for error in result["errors"] if error["column"] == headers[0]]
    assert [error["message"] for error in name_errors] == ["此列为必填项。"]


def test_an_imported_headcount_has_a_sensible_limit(staff_user, settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from orgs.importers import OrganizationImporter
    from wangcang.validators import make_uscc

    settings.MEDIA_ROOT = tmp_path
    headers = [str(column.header) for column in OrganizationImporter.columns]
    row = dict.fromkeys(headers, "")
    row.update({headers[0]: "旺苍县测试协会", headers[1]: make_uscc(91235), headers[2]: "社会团体"})
    row[str(OrganizationImporter.columns[10].header)] = "99999999999999999999"
    path = default_storage.save("imports/huge.xlsx", ContentFile(_workbook(headers, [[row[h] for h in headers]])))
    with translation.override("zh-hans"):
        result = run_import(OrganizationImporter(user=staff_user, params={"division": "510821"}), path)
    messages = [error["message"] for error in result["errors"]]
    assert messages == ["请输入不超过 1,000,000 的整数。"]


def test_the_import_result_counts_rows_and_never_says_zero_rows(staff_client, staff_user):
    from wangcang.models import BackgroundJob

    rows = BackgroundJob.objects.create(
        kind="orgs.import_organizations",
        created_by=staff_user,
        status=BackgroundJob.Status.DONE,
        params={"filename": "a.xlsx"},
        result={"status": "rejected", "rows": 3, "rows_with_errors": 2, "error_count": 5, "errors": []},
    )
    file_level = BackgroundJob.objects.create(
        kind="orgs.import_organizations",
        created_by=staff_user,
        status=BackgroundJob.Status.DONE,
        params={"filename": "b.xlsx"},
        result={"status": "rejected", "rows": 0, "rows_with_errors": 0, "error_count": 1, "errors": []},
    )
    html = text_of(staff_client.get(f"/orgs/import/{rows.pk}/"))
    assert "2 行有错误" in html and "5 处" not in html
    assert "上传改正后的文件" in html
    html = text_of(staff_client.get(f"/orgs/import/{file_level.pk}/"))
    assert "0 行" not in html and "文件本身有问题" in html


# Money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1000000"), "1,000,000.00"),
        (Decimal("1000000.5"), "1,000,000.50"),
        ("240000.00", "240,000.00"),
        (0, "0.00"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_the_money_filter(value, shown):
    assert yuan(value) == shown


def test_money_reads_the_same_on_self_report_and_incubator_pages(staff_client, organization):
    report = SelfReportFactory(organization=organization, **{**FILLED, "union_funds": Decimal("1000000.00")})
    report.status = SelfReport.Status.SUBMITTED
    report.save()
    html = text_of(staff_client.get(f"/orgs/self-reports/{report.pk}/"))
    assert "1,000,000.00" in html and "1000000.00" not in html
    from incubator.models import Budget

    Budget.objects.create(division_id="510821", year=2024, amount=Decimal("1000000.00"))
    html = text_of(staff_client.get("/incubator/support/"))
    assert "1,000,000.00" in html and "1000000.00" not in html


# Self-reports and history -----------------------------------------------------------------


def test_an_accepted_report_keeps_its_return_comments_only_in_the_history(client, staff_user, org_user, organization):
    from orgs.selfreports import actions

    report = SelfReportFactory(organization=organization, **FILLED)
    actions.self_report_submit(user=org_user, self_report=report)
    actions.self_report_return(
        user=staff_user,
        self_report=report,
        comment="请核对会费",
        field_comments={"union_member_count": "请按年末在册会员填写"},
    )
    actions.self_report_submit(user=org_user, self_report=SelfReport.objects.get(pk=report.pk))
    actions.self_report_accept(user=staff_user, self_report=SelfReport.objects.get(pk=report.pk))
    client.force_login(staff_user)
    html = text_of(client.get(f"/orgs/self-reports/{report.pk}/"))
    assert 'data-testid="return-comment"' not in html
    figures = re.search(r'data-testid="figures">(.*?)</table>', html, re.S).group(1)
    assert "请按年末在册会员填写" not in figures
    history = re.search(r'data-testid="history">(.*?)</table>', html, re.S).group(1)
    assert "期末工会会员数：请按年末在册会员填写" in history
    assert "{'" not in history and "{&#x27;" not in history and "union_member_count" not in history


# Page furniture ---------------------------------------------------------------------------


def test_the_language_menu_names_each_language_in_itself(staff_client):
    for language in ("zh-hans", "en"):
        staff_client.cookies["django_language"] = language
        html = text_of(staff_client.get("/orgs/"))
        assert ">English</option>" in html and ">中文</option>" in html
        assert "英语" not in html


def test_the_favicon_is_served_and_linked(client, staff_client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response)[:4] == b"\x00\x00\x01\x00"  # an ICO header
    html = text_of(staff_client.get("/orgs/"))
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert "/static/favicon.svg" in icons and "/favicon.ico" in icons
    assert finders.find("favicon.svg")
