"""Every Excel import answers a broken file with a Chinese message and stores nothing: a
truncated workbook (BadZipFile), a plain zip renamed .xlsx (no [Content_Types].xml) and an
empty file."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from incubator.models import Attendance
from tests.incubator.factories import TrainingFactory
from wangcang.models import BackgroundJob

pytestmark = pytest.mark.django_db

NOT_READABLE = "不是可读取的 Excel 工作簿"
EMPTY = ("空文件", "文件为空", NOT_READABLE)  # Django's own check of an empty upload, in Chinese


def good_workbook(headers=("姓名", "单位", "电话"), row=lambda index: [f"学员{index}", "", "13812345678"]) -> bytes:
    book = Workbook()
    book.active.append(list(headers))
    for index in range(300):
        book.active.append(row(index))
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


def truncated() -> SimpleUploadedFile:
    data = good_workbook()
    return SimpleUploadedFile("truncated.xlsx", data[: len(data) // 2])


def plain_zip() -> SimpleUploadedFile:
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
        archive.writestr("data/rows.csv", "姓名,单位\n张三,示例协会\n")
    return SimpleUploadedFile("renamed.xlsx", handle.getvalue())


def empty() -> SimpleUploadedFile:
    return SimpleUploadedFile("empty.xlsx", b"")


BROKEN = {"truncated": truncated, "plain zip": plain_zip}


def stored_imports() -> list[str]:
    try:
        return default_storage.listdir("imports")[1]
    except FileNotFoundError:
        return []


@pytest.mark.parametrize("what", ["organizations", "members"])
@pytest.mark.parametrize("kind", list(BROKEN))
def test_registry_imports_refuse_broken_workbooks(staff_client, what, kind):
    before = stored_imports()
    response = staff_client.post("/orgs/import/", {"what": what, "division": "510821", "file": BROKEN[kind]()})
    assert response.status_code == 200
    assert NOT_READABLE in " ".join(response.context["form"].errors["file"])
    assert BackgroundJob.objects.count() == 0
    assert stored_imports() == before


@pytest.mark.parametrize("what", ["organizations", "members"])
def test_registry_imports_refuse_an_empty_file(staff_client, what):
    response = staff_client.post("/orgs/import/", {"what": what, "division": "510821", "file": empty()})
    assert response.status_code == 200
    assert any(words in " ".join(response.context["form"].errors["file"]) for words in EMPTY)
    assert BackgroundJob.objects.count() == 0


@pytest.mark.parametrize("kind", list(BROKEN))
def test_the_sign_in_sheet_import_refuses_broken_workbooks(staff_client, kind):
    training = TrainingFactory()
    response = staff_client.post(f"/incubator/trainings/{training.pk}/", {"import": "1", "sheet": BROKEN[kind]()})
    assert response.status_code == 200
    assert NOT_READABLE in " ".join(response.context["sheet_form"].errors["__all__"])
    assert Attendance.objects.count() == 0


def test_the_sign_in_sheet_import_refuses_an_empty_file(staff_client):
    training = TrainingFactory()
    response = staff_client.post(f"/incubator/trainings/{training.pk}/", {"import": "1", "sheet": empty()})
    assert response.status_code == 200
    assert any(words in " ".join(response.context["sheet_form"].errors["sheet"]) for words in EMPTY)
    assert Attendance.objects.count() == 0


def test_a_workbook_damaged_inside_is_reported_by_the_job(staff_user, settings):
    """A file whose zip directory is whole but whose sheet is damaged passes the first look;
    the job then reports it in the same words instead of failing."""
    from orgs.importers import OrganizationImporter
    from wangcang.imports import run_import
    from wangcang.validators import make_uscc

    headers = [str(column.header) for column in OrganizationImporter.columns]
    data = good_workbook(headers, lambda index: [f"协会{index}", make_uscc(90000 + index), "社会团体"])
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        handle = io.BytesIO()
        with zipfile.ZipFile(handle, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    content = content[: len(content) // 2]
                target.writestr(item, content)
    path = default_storage.save("imports/damaged.xlsx", io.BytesIO(handle.getvalue()))
    try:
        result = run_import(OrganizationImporter(user=staff_user, params={"division": "510821"}), path)
    finally:
        default_storage.delete(path)
    assert result["status"] == "rejected"
    assert NOT_READABLE in result["errors"][0]["message"]
