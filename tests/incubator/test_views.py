import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from incubator import actions
from incubator.models import Application, ApplicationAttachment, Residency, Review

from .conftest import PDF, PNG
from .factories import SpaceFactory, TrainingFactory

D = datetime.date


def test_org_user_applies_through_the_form_with_an_attachment(client, org_user, organization, batch):
    client.force_login(org_user)
    response = client.post(
        reverse("incubator:application-create"),
        {
            "batch": batch.pk,
            "organization": organization.pk,
            "project_plan": "社区电商培训",
            "field": "电子商务",
            "staff_count": 5,
            "help_wanted": "场地",
            "submit_now": "on",
            "attachment": SimpleUploadedFile("计划书.pdf", PDF, content_type="application/pdf"),
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert application.status == "submitted"
    attachment = application.attachments.get()
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_an_html_file_named_pdf_is_refused(client, org_user, organization, batch):
    client.force_login(org_user)
    response = client.post(
        reverse("incubator:application-create"),
        {
            "batch": batch.pk,
            "organization": organization.pk,
            "project_plan": "p",
            "field": "f",
            "staff_count": 1,
            "attachment": SimpleUploadedFile(
                "计划书.pdf", b"<html><body>x</body></html>", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    assert not Application.objects.exists()


def test_the_organization_sees_the_reason_of_a_more_information_request(client, submitted, staff_user, org_user):
    actions.application_decide(user=staff_user, application=submitted, decision="more_info", reason="请补充章程")
    client.force_login(org_user)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "请补充章程" in page
    response = client.post(
        reverse("incubator:application-respond", args=[submitted.pk]),
        {"response": "已上传章程", "project_plan": "新计划", "field": "农村电商", "staff_count": 8, "help_wanted": ""},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "resubmitted" and submitted.project_plan == "新计划"
    assert submitted.field == "农村电商" and submitted.staff_count == 8


def test_organization_users_do_not_see_reviews(client, submitted, staff_user, reviewer, org_user):
    actions.review_assign(user=staff_user, application=submitted, reviewer=reviewer)
    client.force_login(org_user)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert str(reviewer) not in page


def test_staff_assign_decide_and_start_a_residency(client, submitted, staff_user, reviewer):
    client.force_login(staff_user)
    response = client.post(reverse("incubator:application-assign", args=[submitted.pk]), {"reviewer": reviewer.pk})
    assert response.status_code == 302 and Review.objects.filter(reviewer=reviewer).exists()
    response = client.post(
        reverse("incubator:application-decide", args=[submitted.pk]), {"decision": "rejected", "reason": ""}
    )
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    submitted.submitted_on = datetime.date(2022, 1, 10)  # an application of an earlier year
    submitted.save(update_fields=["submitted_on"])
    response = client.post(
        reverse("incubator:application-decide", args=[submitted.pk]),
        {"decision": "admitted", "reason": "好", "decided_on": "2022-02-01"},
    )
    assert response.status_code == 302
    space = SpaceFactory(area_m2=Decimal("50"))
    response = client.post(
        reverse("incubator:residency-start", args=[submitted.pk]),
        {
            "started_on": "2022-03-01",
            "space": space.pk,
            "area_m2": "60",
            "venue_waiver": "1000",
            "utilities_waiver": "0",
            "training_waiver": "0",
            "services_waiver": "0",
        },
    )
    assert response.status_code == 200 and "50.00" in response.content.decode()  # too large: the area is named
    response = client.post(
        reverse("incubator:residency-start", args=[submitted.pk]),
        {
            "started_on": "2022-03-01",
            "space": space.pk,
            "area_m2": "30",
            "venue_waiver": "1000",
            "utilities_waiver": "0",
            "training_waiver": "0",
            "services_waiver": "0",
        },
    )
    residency = Residency.objects.get()
    assert response.status_code == 302 and residency.occupancies.get().area_m2 == Decimal("30")


def test_reviewer_scores_only_what_is_assigned(client, submitted, staff_user, reviewer):
    review = actions.review_assign(user=staff_user, application=submitted, reviewer=reviewer)
    client.force_login(staff_user)
    assert client.get(reverse("incubator:review", args=[review.pk])).status_code == 404
    assert submitted.organization.name not in client.get(reverse("incubator:review-list")).content.decode()
    client.force_login(reviewer)
    assert submitted.organization.name in client.get(reverse("incubator:review-list")).content.decode()
    data = {f"criterion_{c.pk}": 5 for c in submitted.batch.criteria.all()}
    data["comment"] = "可以"
    response = client.post(reverse("incubator:review", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.weighted_score is not None and review.comment == "可以"


def test_another_organizations_user_gets_404_everywhere(client, residency, other_org_user, staff_user):
    application = residency.application
    attachment = ApplicationAttachment.objects.create(
        application=application, file=SimpleUploadedFile("a.png", PNG), original_name="a.png"
    )
    training = TrainingFactory()
    actions.attendance_sign_in(
        user=staff_user, training=training, person_name="张三", organization=residency.organization
    )
    entry = actions.support_post(
        user=staff_user,
        organization=residency.organization,
        kind="grant",
        amount=Decimal("10"),
        value_date=D(2021, 1, 1),
        residency=residency,
    )
    client.force_login(other_org_user)
    for url in [
        application.get_absolute_url(),
        reverse("incubator:application-respond", args=[application.pk]),
        reverse("incubator:attachment-add", args=[application.pk]),
        attachment.get_absolute_url(),
        residency.get_absolute_url(),
        training.get_absolute_url(),
        f"/api/v1/incubator/applications/{application.pk}/",
        f"/api/v1/incubator/residencies/{residency.pk}/",
        f"/api/v1/incubator/trainings/{training.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("incubator:application-list"),
        reverse("incubator:residency-list"),
        reverse("incubator:support-list"),
        reverse("incubator:training-list"),
        reverse("incubator:mine"),
    ]:
        page = client.get(url).content.decode()
        assert residency.organization.name not in page, url
    export = client.get(reverse("incubator:support-list") + "?export=xlsx")
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.getvalue())).active.iter_rows(values_only=True))
    assert len(rows) == 1 and entry.pk  # the header only
    assert client.get("/api/v1/incubator/applications/").json()["count"] == 0
    assert client.get("/api/v1/incubator/residencies/").json()["count"] == 0
    client.force_login(staff_user)
    export = client.get(reverse("incubator:support-list") + "?export=xlsx")
    rows = list(load_workbook(io.BytesIO(export.getvalue())).active.iter_rows(values_only=True))
    assert rows[1][1] == residency.organization.name and rows[1][3] == 10


def test_org_user_sees_own_residency_and_support(client, residency, org_user, staff_user):
    actions.waivers_post_month(user=staff_user, division_code="510821", month=D(2021, 1, 1))
    client.force_login(org_user)
    page = client.get(reverse("incubator:mine")).content.decode()
    assert residency.organization.name in page and "2,000.00" in page
    detail = client.get(residency.get_absolute_url()).content.decode()
    assert "2,000.00" in detail and "1,000.00" in detail  # the total and the venue waiver of 2021
    assert client.get(reverse("incubator:dashboard")).status_code == 302


@pytest.mark.parametrize(
    "name",
    [
        "dashboard",
        "space-list",
        "occupancy",
        "batch-list",
        "application-list",
        "review-list",
        "residency-list",
        "mentor-list",
        "training-list",
        "visit-list",
        "support-list",
        "targets",
        "space-create",
        "batch-create",
        "mentor-create",
        "training-create",
        "visit-create",
        "support-post",
        "support-month",
        "budget-create",
    ],
)
def test_staff_pages_open(staff_client, residency, name):
    assert staff_client.get(reverse(f"incubator:{name}")).status_code == 200


def test_officials_read_but_do_not_write(official_client, residency):
    assert official_client.get(reverse("incubator:dashboard")).status_code == 200
    assert official_client.get(residency.get_absolute_url()).status_code == 200
    assert official_client.get(reverse("incubator:support-post")).status_code == 403


def test_residency_detail_pages_of_staff(staff_client, residency):
    for name in [
        "occupancy-add",
        "residency-graduate",
        "residency-exit",
        "team-member",
        "mentoring-session",
        "evaluation",
    ]:
        assert staff_client.get(reverse(f"incubator:{name}", args=[residency.pk])).status_code == 200, name
    assert staff_client.get(residency.get_absolute_url()).status_code == 200


def test_graduate_through_the_page(staff_client, residency):
    response = staff_client.post(
        reverse("incubator:residency-graduate", args=[residency.pk]),
        {"on": "2022-12-31", "text": "孵化成功，成为品牌组织"},
    )
    assert response.status_code == 302
    residency.refresh_from_db()
    assert residency.status == "graduated"


def test_training_import_page_reports_row_errors(staff_client, organization):
    import io

    from openpyxl import Workbook

    training = TrainingFactory()
    workbook = Workbook()
    workbook.active.append(["姓名", "单位", "电话"])
    workbook.active.append(["张三", "没有这个单位", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = staff_client.post(
        training.get_absolute_url(), {"import": "1", "sheet": SimpleUploadedFile("s.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 200 and "没有这个单位" in response.content.decode()
    assert training.attendances.count() == 0


def test_occupancy_view_shows_free_and_occupied_area_and_answers_htmx_with_the_partial(staff_client, residency):
    url = reverse("incubator:occupancy")
    page = staff_client.get(url, {"on": "2021-06-01"}).content.decode()
    assert "echarts-5.6.0.min.js" in page and 'id="occupancy-panel"' in page
    assert "40.00" in page and "60.00" in page  # occupied and free m² of the 100 m² space
    partial = staff_client.get(url, {"on": "2020-06-01"}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="occupancy-panel"' not in partial and "occupancy-table" in partial
    assert "100.00" in partial and "40.00" not in partial  # before the residency: all free


def test_empty_sign_in_sheet_reads_back_as_an_import(staff_client, staff_user, organization):
    from incubator.sign_in import read_sheet

    training = TrainingFactory()
    response = staff_client.get(reverse("incubator:sign-in-template", args=[training.pk]))
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert [cell.value for cell in workbook.active[1]] == ["姓名", "单位", "电话"]
    workbook.active.append(["张三", organization.name, "13800000000"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    assert actions.attendance_import(user=staff_user, training=training, rows=read_sheet(buffer)) == 1
