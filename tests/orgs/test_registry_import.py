import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from orgs.models import Member, Organization
from tests.orgs.factories import CommunityUnionFactory, OrganizationFactory, TownFactory, UnionBranchFactory
from wangcang.models import BackgroundJob
from wangcang.validators import make_id_number, make_uscc

pytestmark = pytest.mark.django_db

ORG_HEADERS = ["名称", "统一社会信用代码", "类型", "镇（社区）", "有党组织", "成立日期", "从业人员"]


def workbook(headers, rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    handle = io.BytesIO()
    book.save(handle)
    return SimpleUploadedFile("import.xlsx", handle.getvalue())


def wrong_check(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def upload(client, what, file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/orgs/import/", {"what": what, "division": "510821", "file": file})
    assert response.status_code == 302, response.content.decode()[:3000]
    job = BackgroundJob.objects.get()
    assert job.status == BackgroundJob.Status.DONE, job.message
    return job


def org_headers():
    from orgs.importers import OrganizationImporter

    return [str(column.header) for column in OrganizationImporter.columns]


def test_templates_download_with_chinese_headers(staff_client):
    for what, first in (("organizations", "名称 *"), ("members", "姓名 *")):
        response = staff_client.get(f"/orgs/import/template/{what}.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == first
        # Text cells, so that Excel keeps all 18 characters of codes and ID numbers.
        assert sheet["B2"].number_format == "@" and sheet.column_dimensions["B"].number_format == "@"


def test_a_good_organizations_file_is_imported(staff_client, django_capture_on_commit_callbacks):
    TownFactory(name="东河镇")
    headers = org_headers()
    rows = []
    for serial in range(1, 31):
        row = dict.fromkeys(headers, "")
        row.update(
            {
                headers[0]: f"导入协会{serial}",
                headers[1]: make_uscc(80000 + serial),
                headers[2]: "社会团体",
                headers[4]: "东河镇",
                headers[9]: "2019-03-01",
                headers[10]: 7,
                headers[12]: "是",
            }
        )
        rows.append([row[h] for h in headers])
    job = upload(staff_client, "organizations", workbook(headers, rows), django_capture_on_commit_callbacks)
    assert job.result["status"] == "imported" and job.result["imported"] == 30
    imported = Organization.objects.get(name="导入协会7")
    assert imported.town.name == "东河镇" and imported.has_party_org and imported.staff_count == 7
    assert imported.history.count() == 1
    page = staff_client.get(f"/orgs/import/{job.pk}/").content.decode()
    assert "30" in page and 'data-testid="import-done"' in page


def test_a_file_with_bad_rows_writes_nothing_and_reports_every_row(staff_client, django_capture_on_commit_callbacks):
    existing = OrganizationFactory()
    headers = org_headers()
    good = make_uscc(81001)
    bad_check = wrong_check(make_uscc(81002))

    def row(name, uscc, kind="社会团体", town="", established=""):
        values = dict.fromkeys(headers, "")
        values.update({headers[0]: name, headers[1]: uscc, headers[2]: kind, headers[4]: town, headers[9]: established})
        return [values[h] for h in headers]

    rows = [
        row("好协会", good),  # row 2: fine
        row("校验错协会", bad_check),  # row 3: check character
        row("重复协会", good),  # row 4: duplicate in the file
        row("已登记协会", existing.uscc),  # row 5: already in the database
        row("", make_uscc(81003)),  # row 6: name missing
        row("无此镇协会", make_uscc(81004), town="不存在镇"),  # row 7: unknown town
        row("类型错协会", make_uscc(81005), kind="公司"),  # row 8: unknown kind
        row("日期错协会", make_uscc(81006), established="去年"),  # row 9: bad date
    ]
    job = upload(staff_client, "organizations", workbook(headers, rows), django_capture_on_commit_callbacks)
    result = job.result
    assert result["status"] == "rejected"
    assert Organization.objects.count() == 1  # nothing written, not even the good row
    by_row = {}
    for error in result["errors"]:
        by_row.setdefault(error["row"], []).append(error)
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9]
    assert "校验" in by_row[3][0]["message"]
    assert "另一行" in by_row[4][0]["message"]
    assert "已登记" in by_row[5][0]["message"]
    assert by_row[6][0]["column"] == "名称"
    assert "不存在镇" in by_row[7][0]["message"]
    assert "公司" in by_row[8][0]["message"]
    assert "去年" in by_row[9][0]["message"]
    report = load_workbook(io.BytesIO(job.result_file.read())).active
    assert report.max_row == 1 + result["error_count"]
    page = staff_client.get(f"/orgs/import/{job.pk}/").content.decode()
    assert "不存在镇" in page


def test_members_import_checks_ids_branches_and_paths(staff_client, django_capture_on_commit_callbacks):
    organization = OrganizationFactory()
    own = UnionBranchFactory(organization=organization, name="示例协会工会")
    CommunityUnionFactory(name="映月潭社区工会")
    from orgs.importers import MemberImporter

    headers = [str(column.header) for column in MemberImporter.columns]
    good = [
        ["张三", make_id_number(1), "男", "", organization.uscc, "示例协会工会", "点", "2021-01-01"],
        ["李四", make_id_number(2), "女", "", organization.uscc, "映月潭社区工会", "单体入会", ""],
    ]
    job = upload(staff_client, "members", workbook(headers, good), django_capture_on_commit_callbacks)
    assert job.result["status"] == "imported", job.result["errors"]
    assert Member.objects.filter(branch=own).count() == 1
    assert Member.objects.get(name="李四").join_path == Member.JoinPath.INDIVIDUAL
    BackgroundJob.objects.all().delete()
    bad = [
        [
            "王五",
            wrong_check(make_id_number(3)),
            "",
            "",
            "",
            "示例协会工会",
            "点",
            "",
        ],
        ["赵六", make_id_number(1), "", "", "", "示例协会工会", "点", ""],
        ["钱七", make_id_number(4), "", "", "", "无此工会", "点", ""],
        ["孙八", make_id_number(5), "", "", "", "示例协会工会", "单体入会", ""],
        ["周九", make_id_number(6), "", "", "91510821MA0000000X", "示例协会工会", "点", ""],
    ]
    job = upload(staff_client, "members", workbook(headers, bad), django_capture_on_commit_callbacks)
    assert job.result["status"] == "rejected"
    assert sorted({error["row"] for error in job.result["errors"]}) == [2, 3, 4, 5, 6]
    assert Member.objects.count() == 2


def test_a_file_that_is_not_a_workbook_is_refused(staff_client):
    file = SimpleUploadedFile("orgs.xlsx", b"<html><body>not excel</body></html>")
    response = staff_client.post("/orgs/import/", {"what": "organizations", "division": "510821", "file": file})
    assert response.status_code == 200
    assert BackgroundJob.objects.count() == 0


def test_only_staff_may_import(org_client, official_client):
    assert org_client.get("/orgs/import/").status_code == 403
    assert official_client.get("/orgs/import/").status_code == 403


def test_progress_of_a_streamed_workbook_without_dimensions(staff_client, django_capture_on_commit_callbacks):
    from openpyxl import Workbook as StreamedWorkbook

    headers = org_headers()
    book = StreamedWorkbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for serial in range(1, 251):
        values = dict.fromkeys(headers, "")
        values.update({headers[0]: f"流式协会{serial}", headers[1]: make_uscc(82000 + serial), headers[2]: "基金会"})
        sheet.append([values[h] for h in headers])
    handle = io.BytesIO()
    book.save(handle)
    job = upload(
        staff_client,
        "organizations",
        SimpleUploadedFile("s.xlsx", handle.getvalue()),
        django_capture_on_commit_callbacks,
    )
    assert job.result["imported"] == 250
    assert (job.total, job.progress) == (500, 500)
    assert Organization.objects.filter(kind="foundation").count() == 250


def test_cell_parsers():
    from datetime import date, datetime

    from django.core.exceptions import ValidationError

    from wangcang.imports import parse_count, parse_date, parse_yes_no, text

    assert text(510821199001011237.0) != "510821199001011237"  # why the template's cells are text
    assert text(12.0) == "12" and text(" 东河镇 ") == "东河镇" and text(None) == ""
    assert parse_date("2022/5/1") == date(2022, 5, 1) == parse_date(datetime(2022, 5, 1, 8))
    assert parse_date("2022.05.01") == date(2022, 5, 1) and parse_date("") is None
    assert parse_count("12") == 12 and parse_count(None) == 0
    assert parse_yes_no("是") is True and parse_yes_no("否") is False and parse_yes_no("") is False
    for parse, value in ((parse_date, "2022-13-01"), (parse_count, "-1"), (parse_count, "1.5"), (parse_yes_no, "也许")):
        with pytest.raises(ValidationError):
            parse(value)
