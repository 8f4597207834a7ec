"""Reading a training's XLSX sign-in sheet (签到表): columns 姓名 (name), 单位 (organization),
电话 (phone). The whole sheet is checked first; any bad row refuses the whole file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import Organization
from wangcang.imports import open_workbook, readable_rows
from wangcang.validators import clean_phone

from .models import Attendance, Training

NAME_HEADERS = {"姓名", "name"}
ORGANIZATION_HEADERS = {"单位", "组织", "organization"}
PHONE_HEADERS = {"电话", "手机", "phone"}


def read_sheet(upload) -> list[dict]:
    """Rows of the first sheet as dicts with ``row`` (its number in Excel), ``name``,
    ``organization`` and ``phone``."""
    workbook = open_workbook(upload)
    if not workbook.worksheets:
        raise ValidationError(_("The sheet has no rows."))
    rows = readable_rows(workbook.worksheets[0].iter_rows(values_only=True))
    header = [str(cell or "").strip().lower() for cell in next(rows, ())]

    def column(names: set[str]) -> int | None:
        return next((index for index, title in enumerate(header) if title in names), None)

    name_col, org_col, phone_col = column(NAME_HEADERS), column(ORGANIZATION_HEADERS), column(PHONE_HEADERS)
    if name_col is None:
        raise ValidationError(_("The first row must name the columns; a column “name” is required."))
    result = []
    for number, cells in enumerate(rows, start=2):
        if not any(str(value or "").strip() for value in cells):
            continue
        result.append(
            {
                "row": number,
                "name": _cell(cells, name_col),
                "organization": _cell(cells, org_col),
                "phone": _cell(cells, phone_col),
            }
        )
    workbook.close()
    return result


def _cell(cells: tuple, index: int | None) -> str:
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    return str(cells[index]).strip()


def check_rows(training: Training, rows: list[dict]) -> tuple[list[Attendance], list[str]]:
    names = {row["organization"] for row in rows if row["organization"]}
    organizations = {
        org.name: org
        for org in Organization.objects.filter(name__in=names, division__code__startswith=training.division_id[:4])
    }
    existing = set(Attendance.objects.filter(training=training).values_list("organization__name", "person_name"))
    seen: set[tuple] = set()
    attendances, errors = [], []
    for row in rows:
        prefix = _("Row %(row)d: ") % {"row": row["row"]}
        if not row["name"]:
            errors.append(prefix + _("the name is empty."))
            continue
        organization = None
        if row["organization"]:
            organization = organizations.get(row["organization"])
            if organization is None:
                errors.append(prefix + _("no organization is called “%(name)s”.") % {"name": row["organization"]})
                continue
        try:
            phone = clean_phone(row["phone"])
        except ValidationError as exc:
            errors.extend(prefix + message for message in exc.messages)
            continue
        key = (row["organization"] or None, row["name"])
        if key in existing or key in seen:
            errors.append(prefix + _("%(name)s has already signed in.") % {"name": row["name"]})
            continue
        seen.add(key)
        attendances.append(
            Attendance(training=training, organization=organization, person_name=row["name"], phone=phone)
        )
    if not rows:
        errors.append(_("The sheet has no rows."))
    if training.held_on > timezone.localdate():
        errors.insert(0, Attendance.not_held_message(training))
    return attendances, errors
