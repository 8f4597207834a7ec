import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from incubator import actions, queries
from incubator.models import Attendance
from incubator.sign_in import read_sheet

from .factories import TrainingFactory


def sheet(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["姓名", "单位", "电话"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("签到表.xlsx", buffer.getvalue())


def test_sign_in_and_counts_come_from_attendance(staff_user, organization):
    training = TrainingFactory()
    actions.attendance_sign_in(user=staff_user, training=training, person_name="张三", organization=organization)
    actions.attendance_sign_in(user=staff_user, training=training, person_name="李四", organization=organization)
    with pytest.raises(ValidationError):
        actions.attendance_sign_in(user=staff_user, training=training, person_name="张三", organization=organization)
    row = queries.trainings_for(staff_user).get(pk=training.pk)
    assert row.trainee_count == Attendance.objects.filter(training=training).count() == 2


def test_import_is_all_or_nothing_with_chinese_row_errors(staff_user, organization):
    training = TrainingFactory()
    rows = read_sheet(
        sheet([["王五", organization.name, "13800000000"], ["", organization.name, ""], ["赵六", "不存在的协会", ""]])
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.attendance_import(user=staff_user, training=training, rows=rows)
    messages = excinfo.value.messages
    assert any(m.startswith("第3行") for m in messages), messages
    assert any("第4行" in m and "不存在的协会" in m for m in messages), messages
    assert Attendance.objects.count() == 0
    rows = read_sheet(sheet([["王五", organization.name, "13800000000"], ["赵六", None, None]]))
    assert actions.attendance_import(user=staff_user, training=training, rows=rows) == 2
    assert training.attendances.count() == 2


def test_a_broken_file_is_refused():
    with pytest.raises(ValidationError):
        read_sheet(SimpleUploadedFile("签到表.xlsx", b"not a workbook"))
