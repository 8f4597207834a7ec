import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incubator import actions

TEXT = {"project_plan": "修订后的计划", "field": "农村电商", "staff_count": 9, "help_wanted": "办公场地"}


@pytest.fixture
def draft(batch, org_user, organization):
    return actions.application_create(
        user=org_user, batch=batch, organization=organization, project_plan="初稿", field="电商", submit=False
    )


def test_a_draft_is_edited_through_the_page(org_client, draft):
    assert (
        reverse("incubator:application-edit", args=[draft.pk])
        in org_client.get(draft.get_absolute_url()).content.decode()
    )
    assert org_client.get(reverse("incubator:application-edit", args=[draft.pk])).status_code == 200
    response = org_client.post(reverse("incubator:application-edit", args=[draft.pk]), TEXT)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.project_plan, draft.field, draft.staff_count, draft.help_wanted) == tuple(TEXT.values())
    assert draft.status == "draft"


def test_an_application_awaiting_more_information_is_edited(org_client, submitted, staff_user):
    actions.application_decide(user=staff_user, application=submitted, decision="more_info", reason="请补充计划")
    page = org_client.get(reverse("incubator:application-edit", args=[submitted.pk])).content.decode()
    assert "请补充计划" in page  # the question stays in view while editing
    assert org_client.post(reverse("incubator:application-edit", args=[submitted.pk]), TEXT).status_code == 302
    submitted.refresh_from_db()
    assert submitted.project_plan == "修订后的计划" and submitted.status == "more_info"


@pytest.mark.parametrize("decision", [None, "admitted", "rejected"])
def test_text_is_frozen_in_other_states(org_client, org_user, submitted, staff_user, decision):
    if decision:
        actions.application_decide(user=staff_user, application=submitted, decision=decision, reason="r")
    url = reverse("incubator:application-edit", args=[submitted.pk])
    assert url not in org_client.get(submitted.get_absolute_url()).content.decode()
    assert org_client.get(url).status_code == 302
    response = org_client.post(url, TEXT)
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.project_plan == "电商助农培训项目"
    with pytest.raises(ValidationError):
        actions.application_edit(user=org_user, application=submitted, **TEXT)


def test_a_resubmitted_application_is_frozen(org_user, submitted, staff_user):
    actions.application_decide(user=staff_user, application=submitted, decision="more_info", reason="r")
    actions.application_resubmit(user=org_user, application=submitted, response="已补充")
    with pytest.raises(ValidationError):
        actions.application_edit(user=org_user, application=submitted, **TEXT)


def test_staff_do_not_edit_an_organizations_text(client, staff_user, draft):
    with pytest.raises(ValidationError):
        actions.application_edit(user=staff_user, application=draft, **TEXT)
    client.force_login(staff_user)
    response = client.post(reverse("incubator:application-edit", args=[draft.pk]), TEXT)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.project_plan == "初稿"


def test_another_organizations_user_gets_404(client, other_org_user, draft):
    client.force_login(other_org_user)
    url = reverse("incubator:application-edit", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, TEXT).status_code == 404
    draft.refresh_from_db()
    assert draft.project_plan == "初稿"
