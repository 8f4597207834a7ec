"""The sign-in sheet import checks phones with the shared validator: a bad one refuses the
whole sheet, naming its row, in Chinese."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from incubator.models import Attendance

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db


def sheet(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["姓名", "单位", "电话"])
    for row in rows:
        book.active.append(row)
    handle = io.BytesIO()
    book.save(handle)
    return SimpleUploadedFile("签到表.xlsx", handle.getvalue())


def test_a_bad_phone_refuses_the_sheet_and_good_phones_are_kept_normalised(staff_client, organization):
    training = TrainingFactory()
    url = f"/incubator/trainings/{training.pk}/"
    rows = [["王五", organization.name, "138 0000 0000"], ["赵六", "", "not-a-phone"], ["钱七", "", "0839-5201234"]]
    response = staff_client.post(url, {"import": "1", "sheet": sheet(rows)})
    assert response.status_code == 200
    errors = response.context["sheet_form"].errors["__all__"]
    assert len(errors) == 1 and errors[0].startswith("第3行") and "不是有效的电话号码" in errors[0]
    assert Attendance.objects.count() == 0
    response = staff_client.post(url, {"import": "1", "sheet": sheet([rows[0], rows[2], ["孙八", "", 13900000000]])})
    assert response.status_code == 302
    assert sorted(Attendance.objects.values_list("phone", flat=True)) == ["0839-5201234", "13800000000", "13900000000"]


def test_signing_in_one_person_checks_the_phone(staff_client, organization):
    training = TrainingFactory()
    response = staff_client.post(
        f"/incubator/trainings/{training.pk}/", {"sign_in": "1", "person_name": "王五", "phone": "not-a-phone"}
    )
    assert response.status_code == 200
    assert "不是有效的电话号码" in " ".join(response.context["sign_in_form"].errors["phone"])
    assert Attendance.objects.count() == 0
