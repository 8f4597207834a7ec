"""What every API answer shares: 401 for strangers, JSON errors, the caller's language,
and the schema only for signed-in users unless a setting opens it."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_request_answers_401_with_a_challenge():
    response = api().get("/api/v1/organizations/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "身份认证信息未提供。"


def test_unknown_api_path_answers_json_404(staff_user):
    response = api(staff_user).get("/api/v1/no-such-resource/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "API 中没有这个地址。"}
    english = api(staff_user).get("/api/v1/no-such-resource/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "No such address in the API."}


def test_unknown_page_outside_the_api_stays_html(staff_client):
    response = staff_client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


BAD_MEMBER = {"name": "张三", "id_number": "510821199001011234"}


def test_errors_speak_chinese_by_default_including_the_project_validators(staff_user, organization):
    response = api(staff_user).post("/api/v1/members/", BAD_MEMBER | {"organization": organization.pk})
    assert response.status_code == 400
    body = response.json()
    assert body["id_number"] == ["身份证号码的校验码（第18位）不正确。"]
    assert body["join_path"] == ["该字段是必填项。"]
    assert response["Content-Language"] == "zh-hans"


def test_errors_speak_english_on_request(staff_user, organization):
    response = api(staff_user).post(
        "/api/v1/members/", BAD_MEMBER | {"organization": organization.pk}, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8"
    )
    body = response.json()
    assert body["id_number"] == ["The check character (the 18th) of this ID number is wrong."]
    assert body["join_path"] == ["This field is required."]
    assert response["Content-Language"] == "en"


def test_a_browser_accept_language_does_not_turn_the_pages_english(staff_client):
    response = staff_client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "zh-hans"


def test_chinese_accept_language_answers_chinese(staff_user):
    response = api(staff_user).get("/api/v1/no-such-resource/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    assert response.json() == {"detail": "API 中没有这个地址。"}


def test_schema_and_swagger_need_a_login(client, staff_user):
    assert client.get("/api/v1/schema/").status_code == 401
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 302
    assert docs["Location"].startswith("/accounts/login/")
    client.force_login(staff_user)
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_a_setting_opens_the_schema_and_swagger(client, settings):
    settings.API_SCHEMA_PUBLIC = True
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200
