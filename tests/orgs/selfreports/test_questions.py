"""Questions staff add to a round: built on a page, answered in the self-report with the
same draft / submit / return / accept cycle, shown in review, export, API and figures."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from orgs.models import RoundQuestion, SelfReportAnswer
from orgs.selfreports import actions
from reports.queries import question_figure_rows
from tests import samples
from tests.orgs.factories import OrganizationFactory
from wangcang.catalogue import Scope, charts
from wangcang.models import Division
from wangcang.periods import parse_period

from .factories import FILLED, ReportingRoundFactory, SelfReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_browser(staff_user):
    """Staff in a client of their own, beside the organization's (``org_client``)."""
    staff = Client()
    staff.force_login(staff_user)
    return staff


@pytest.fixture
def report(organization):
    return SelfReportFactory(organization=organization)


def add_question(report_round, user, **fields) -> RoundQuestion:
    return actions.round_question_save(user=user, question=RoundQuestion(round=report_round, **fields))


def form_data(questions=None, **overrides):
    data = {name: "" if value is None else str(value) for name, value in FILLED.items()}
    data["problems"] = ""
    data.update(questions or {})
    data.update(overrides)
    return data


def test_staff_build_questions_through_the_page(staff_client, report):
    reporting_round = report.round
    page = staff_client.get(reverse("orgs:round-questions", args=[reporting_round.pk]))
    assert page.status_code == 200 and 'data-testid="add-question"' in page.content.decode()
    url = reverse("orgs:round-question-create", args=[reporting_round.pk])
    response = staff_client.post(
        url,
        {
            "label": "植树数量",
            "kind": "number",
            "required": "on",
            "min_value": "0",
            "max_value": "500",
            "whole_number": "on",
            "unit": "棵",
            "show_as_figure": "on",
        },
    )
    assert response.status_code == 302
    question = reporting_round.questions.get()
    assert question.required and question.max_value == 500 and question.show_as_figure and question.position == 1
    # A choice question needs its choices; the refusal is in Chinese at the field.
    response = staff_client.post(url, {"label": "是否建立党组织", "kind": "choice", "choices": "是"})
    assert response.status_code == 200 and "至少" in response.content.decode()
    response = staff_client.post(url, {"label": "是否建立党组织", "kind": "choice", "choices": "是\n否"})
    assert response.status_code == 302
    # Only numbers can be figures; a text question flagged as one is stored unflagged.
    staff_client.post(url, {"label": "工作亮点", "kind": "text", "max_length": "50", "show_as_figure": "on"})
    text = reporting_round.questions.get(label="工作亮点")
    assert not text.show_as_figure and text.max_length == 50
    # Editing and removing while nobody has answered.
    edit = reverse("orgs:round-question-edit", args=[text.pk])
    response = staff_client.post(edit, {"label": "年度工作亮点", "kind": "text", "max_length": "80", "position": "3"})
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.label == "年度工作亮点" and text.max_length == 80
    staff_client.post(reverse("orgs:round-question-delete", args=[text.pk]))
    assert reporting_round.questions.count() == 2


def test_questions_are_locked_after_the_first_answer(staff_client, staff_user, org_user, report):
    question = add_question(report.round, staff_user, label="植树数量", kind="number")
    actions.self_report_save_draft(user=org_user, self_report=report, figures={}, answers={question.pk: "3"})
    page = staff_client.get(reverse("orgs:round-questions", args=[report.round.pk]))
    assert 'data-testid="questions-locked"' in page.content.decode()
    response = staff_client.post(
        reverse("orgs:round-question-edit", args=[question.pk]), {"label": "x", "kind": "text"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.label == "植树数量"
    with pytest.raises(ValidationError, match="不能再修改"):
        add_question(report.round, staff_user, label="新问题", kind="text")


def test_org_users_and_other_counties_cannot_shape_questions(org_client, client, make_user, report):
    assert org_client.get(reverse("orgs:round-question-create", args=[report.round.pk])).status_code in (403, 404)
    other_county_staff = make_user("staff_elsewhere", "staff", division="510824")
    client.force_login(other_county_staff)
    assert client.get(reverse("orgs:round-questions", args=[report.round.pk])).status_code == 404


def test_org_answers_in_the_form_with_limits_required_and_versions(org_client, staff_browser, staff_user, report):
    staff_client = staff_browser
    round_ = report.round
    trees = add_question(
        round_, staff_user, label="植树数量", kind="number", required=True, min_value=0, max_value=500, unit="棵"
    )
    kind = add_question(round_, staff_user, label="活动类型", kind="choice", choices="文体\n培训\n帮扶")
    note = add_question(round_, staff_user, label="工作亮点", kind="text", max_length=10)
    held = add_question(round_, staff_user, label="成立日期", kind="date")
    sheet = add_question(round_, staff_user, label="签到表", kind="file", file_types="png", max_file_mb=1)
    url = reverse("orgs:self-report-edit", args=[report.pk])
    page = org_client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert f'name="q_{trees.pk}"' in content and 'max="500"' in content and 'enctype="multipart/form-data"' in content

    # Limits hold even for a draft.
    response = org_client.post(url, form_data({trees.field_name: "501", kind.field_name: "文体"}, save="1"))
    assert response.status_code == 200 and "最多" in response.content.decode()
    assert not SelfReportAnswer.objects.exists()
    response = org_client.post(url, form_data({note.field_name: "这一段文字显然超过了十个字"}, save="1"))
    assert response.status_code == 200 and not SelfReportAnswer.objects.exists()
    response = org_client.post(url, form_data({sheet.field_name: SimpleUploadedFile("a.pdf", samples.PDF)}, save="1"))
    assert response.status_code == 200 and not SelfReportAnswer.objects.exists()

    # A draft without the required answer saves; submitting it is refused in Chinese.
    response = org_client.post(url, form_data({kind.field_name: "培训", note.field_name: "=1+1"}, save="1"))
    assert response.status_code == 302
    response = org_client.post(url, form_data({kind.field_name: "培训"}, submit="1"))
    assert response.status_code == 200
    assert "请回答“植树数量”后再提交" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"

    upload = SimpleUploadedFile("sign.png", samples.PNG, content_type="image/png")
    response = org_client.post(
        url,
        form_data(
            {
                trees.field_name: "120",
                kind.field_name: "培训",
                note.field_name: "=1+1",
                held.field_name: "2022-05-01",
                sheet.field_name: upload,
            },
            submit="1",
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    answers = {answer.question_id: answer for answer in report.answers.all()}
    assert answers[trees.pk].number == Decimal("120.00") and answers[held.pk].date == date(2022, 5, 1)
    assert answers[sheet.pk].original_name == "sign.png"
    version = report.versions.get()
    assert version.answers[str(trees.pk)] == {"label": "植树数量", "value": "120"}

    # Review shows the answers, and the file to those who may see the report.
    detail = staff_client.get(report.get_absolute_url()).content.decode()
    assert "植树数量" in detail and "120" in detail and "sign.png" in detail
    assert staff_client.get(answers[sheet.pk].get_absolute_url()).status_code == 200

    # Returned, changed, resubmitted: the version difference names the answer.
    response = staff_client.post(
        reverse("orgs:self-report-return", args=[report.pk]),
        {"return-comment": "", f"return-on_{trees.field_name}": "植树数量与照片不符"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "returned" and report.field_comments == {trees.field_name: "植树数量与照片不符"}
    page = org_client.get(url).content.decode()
    assert "植树数量与照片不符" in page and "<strong>植树数量</strong>" in page
    response = org_client.post(url, form_data({trees.field_name: "150", kind.field_name: "培训"}, submit="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "resubmitted" and report.versions.count() == 2
    detail = staff_client.get(report.get_absolute_url()).content.decode()
    assert "120 → <strong>150</strong>" in detail
    actions.self_report_accept(user=staff_user, self_report=report)
    report.refresh_from_db()
    assert report.status == "accepted"


def test_a_foreign_organization_cannot_see_an_answer_file(client, make_user, staff_user, org_user, report):
    sheet = add_question(report.round, staff_user, label="签到表", kind="file")
    upload = SimpleUploadedFile("sign.png", samples.PNG, content_type="image/png")
    actions.self_report_save_draft(user=org_user, self_report=report, figures={}, answers={sheet.pk: upload})
    answer = report.answers.get()
    stranger = make_user("stranger", "org", organizations=[OrganizationFactory()])
    client.force_login(stranger)
    assert client.get(answer.get_absolute_url()).status_code == 404


def test_round_export_has_one_column_per_question(staff_client, staff_user, org_user, report):
    trees = add_question(report.round, staff_user, label="植树数量", kind="number", unit="棵")
    note = add_question(report.round, staff_user, label="工作亮点", kind="text")
    held = add_question(report.round, staff_user, label="成立日期", kind="date")
    actions.self_report_save_draft(
        user=org_user,
        self_report=report,
        figures=FILLED,
        answers={trees.pk: "42", note.pk: "=SUM(A1:A3)", held.pk: "2022-03-08"},
    )
    SelfReportFactory(round=report.round)  # another organization, nothing answered
    response = staff_client.get(report.round.get_absolute_url(), {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert "植树数量（棵）" in header and "工作亮点" in header and "成立日期" in header
    mine = next(row for row in rows[1:] if row[header.index(str(_org_header()))] == report.organization.name)
    assert mine[header.index("植树数量（棵）")] == 42
    assert mine[header.index("成立日期")].date() == date(2022, 3, 8)
    # The text stays text: written as typed, never a formula.
    cells = list(sheet.iter_rows(min_row=2))
    text_cells = [row[header.index("工作亮点")] for row in cells if row[header.index("工作亮点")].value]
    assert text_cells[0].value == "=SUM(A1:A3)" and text_cells[0].data_type == "s"


def _org_header():
    from django.utils.translation import gettext

    return gettext("organization")


def test_api_shows_and_takes_answers(org_client, staff_user, report):
    trees = add_question(report.round, staff_user, label="植树数量", kind="number", max_value=100)
    url = f"/api/v1/self-reports/{report.pk}/"
    response = org_client.patch(url, {"answer_values": {str(trees.pk): "101"}}, content_type="application/json")
    assert response.status_code == 400 and f"q_{trees.pk}" in response.json()
    response = org_client.patch(url, {"answer_values": {str(trees.pk): "99"}}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = org_client.get(url).json()
    assert body["answers"] == [
        {"question": trees.pk, "label": "植树数量", "kind": "number", "value": "99", "file_url": None}
    ]


def test_flagged_numbers_are_summed_per_division_and_period(staff_client, staff_user, org_user, report):
    wangcang = Division.objects.get(code="510821")
    trees = add_question(report.round, staff_user, label="植树数量", kind="number", unit="棵", show_as_figure=True)
    add_question(report.round, staff_user, label="不计入", kind="number")
    second = SelfReportFactory(round=report.round, **FILLED)
    other_county = SelfReportFactory(
        round=ReportingRoundFactory(division_id="510824"), organization__division_id="510824", **FILLED
    )
    other_trees = add_question(
        other_county.round, staff_user, label="植树数量", kind="number", unit="棵", show_as_figure=True
    )
    for self_report, value, question in (
        (report, "30", trees),
        (second, "12.00", trees),
        (other_county, "7", other_trees),
    ):
        SelfReportAnswer.objects.create(self_report=self_report, question=question, number=Decimal(value))
        self_report.status = "submitted"
        self_report.save()
    chart = next(item for item in charts() if item.code == "selfreports.question_figures")
    assert chart.compute(Scope(division=wangcang, period=parse_period("2022")))["categories"] == []

    dashboard = "/reports/"
    params = {"division": "510821", "period": "2022"}
    assert staff_client.get(dashboard, params).context["question_figures"] == []
    actions.self_report_accept(user=staff_user, self_report=report)
    rows = question_figure_rows(staff_client.get(dashboard, params).context["charts"])
    assert rows == [{"label": "植树数量（棵）", "value": 30}]
    actions.self_report_accept(user=staff_user, self_report=second)
    response = staff_client.get(dashboard, params)
    assert response.context["question_figures"] == [{"label": "植树数量（棵）", "value": 42}]
    assert 'data-testid="question-figures"' in response.content.decode()
    # Another period, another county: nothing of this round.
    assert staff_client.get(dashboard, {"division": "510821", "period": "2023"}).context["question_figures"] == []
    city = staff_client.get(dashboard, {"division": "510800", "period": "2022"})
    assert city.status_code in (200, 404)


def test_pages_with_questions_keep_their_query_budget(
    org_client, staff_user, org_user, report, django_assert_max_num_queries
):
    questions = [
        add_question(report.round, staff_user, label=f"问题{index}", kind=kind)
        for index, kind in enumerate(["number", "text", "date", "number", "text", "number"])
    ]
    actions.self_report_save_draft(
        user=org_user, self_report=report, figures={}, answers={question.pk: "1" for question in questions[3:4]}
    )
    with django_assert_max_num_queries(16):
        response = org_client.get(reverse("orgs:self-report-edit", args=[report.pk]))
    assert response.status_code == 200 and 'value="1"' in response.content.decode()
    with django_assert_max_num_queries(16):
        assert org_client.get(report.get_absolute_url()).status_code == 200


def test_a_file_answer_is_replaced_and_the_old_file_removed_on_commit(
    staff_user, org_user, report, django_capture_on_commit_callbacks
):
    sheet = add_question(report.round, staff_user, label="签到表", kind="file", file_types="png")
    first = SimpleUploadedFile("first.png", samples.PNG, content_type="image/png")
    actions.self_report_save_draft(user=org_user, self_report=report, figures={}, answers={sheet.pk: first})
    answer = report.answers.get()
    old_name = answer.file.name
    assert answer.file.storage.exists(old_name)
    second = SimpleUploadedFile("second.png", samples.PNG, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        actions.self_report_save_draft(user=org_user, self_report=report, figures={}, answers={sheet.pk: second})
    answer.refresh_from_db()
    assert answer.original_name == "second.png" and answer.file.storage.exists(answer.file.name)
    assert not answer.file.storage.exists(old_name)
    # Saving the draft again without a new upload keeps the file.
    actions.self_report_save_draft(user=org_user, self_report=report, figures={}, answers={sheet.pk: None})
    answer.refresh_from_db()
    assert answer.original_name == "second.png"
