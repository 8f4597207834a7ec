"""Text that users typed never becomes a formula in a workbook the portal writes: exports,
import templates and error workbooks, the county report. Each file is read back with
openpyxl and the planted cell must be a text cell holding exactly what was typed."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from orgs.importers import MemberImporter
from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory
from tests.services.factories import ContractFactory, DeliveryFactory
from wangcang.imports import error_report, template_workbook
from wangcang.xlsx import Sheet, as_text, write_workbook

PLANTED = [
    '=HYPERLINK("http://x","y")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]
HYPERLINK = PLANTED[0]


def cells_with(workbook, value: str) -> list:
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value == value]


def read(response_or_bytes):
    if isinstance(response_or_bytes, bytes):
        content = response_or_bytes
    else:
        assert response_or_bytes.status_code == 200
        content = b"".join(response_or_bytes.streaming_content)
    return load_workbook(io.BytesIO(content))


def assert_typed_text(workbook, value: str, *, at_least: int = 1) -> None:
    cells = cells_with(workbook, value)
    assert len(cells) >= at_least, f"{value!r} not found"
    for cell in cells:
        assert cell.data_type == "s", (cell.coordinate, cell.data_type)
        assert cell.quotePrefix, cell.coordinate
    assert not [
        cell.coordinate
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_write_workbook_keeps_every_dangerous_start_as_text(tmp_path):
    path = tmp_path / "planted.xlsx"
    write_workbook(path, [Sheet(title="t", headers=["=header"], rows=[[value, 3, "plain"] for value in PLANTED])])
    workbook = load_workbook(path)
    for value in [*PLANTED, "=header"]:
        # XML reads a carriage return in text as a line feed (any reader, Excel too).
        assert_typed_text(workbook, value.replace("\r", "\n"))
    plain = cells_with(workbook, "plain")[0]
    assert plain.data_type == "s" and not plain.quotePrefix
    assert cells_with(workbook, 3)[0].data_type == "n"


def test_as_text_on_an_ordinary_workbook_cell():
    sheet = Workbook().active
    cell = as_text(sheet.cell(row=1, column=1, value=HYPERLINK))
    assert cell.data_type == "s"
    handle = io.BytesIO()
    sheet.parent.save(handle)
    assert_typed_text(load_workbook(io.BytesIO(handle.getvalue())), HYPERLINK)


def test_members_export_keeps_a_planted_name_as_text(staff_client, organization):
    branch = UnionBranchFactory(organization=organization)
    for value in PLANTED[:4]:
        MemberFactory(branch=branch, name=value)
    workbook = read(staff_client.get(reverse("orgs:member-list") + "?export=xlsx"))
    for value in PLANTED[:4]:
        assert_typed_text(workbook, value)
    workbook = read(staff_client.get(reverse("orgs:organization-members-export", args=[organization.pk])))
    assert_typed_text(workbook, HYPERLINK)


def test_organization_user_cannot_plant_a_formula_in_the_staff_delivery_export(staff_client, organization):
    DeliveryFactory(contract=ContractFactory(provider=organization), place=HYPERLINK, description="-1")
    workbook = read(staff_client.get(reverse("services:delivery-list") + "?export=xlsx"))
    assert_typed_text(workbook, HYPERLINK)
    assert_typed_text(workbook, "-1")


def test_import_error_workbook_and_template_keep_text():
    workbook = read(error_report([{"row": 2, "column": "=A1", "message": HYPERLINK}]))
    assert_typed_text(workbook, HYPERLINK)
    assert_typed_text(workbook, "=A1")
    template = load_workbook(io.BytesIO(template_workbook(MemberImporter)))
    assert not [cell for row in template.active.iter_rows() for cell in row if cell.data_type == "f"]


@pytest.mark.django_db
def test_county_report_keeps_a_planted_organization_name_as_text(official_client):
    OrganizationFactory(name=HYPERLINK)
    workbook = read(official_client.get(reverse("reports:report-xlsx"), {"period": "all"}))
    assert_typed_text(workbook, HYPERLINK)
