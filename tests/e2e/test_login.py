import pytest

from wangcang.models import User


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["staff", "official", "org"])
def test_each_role_logs_in_sees_the_chinese_home_and_logs_out(page, login, make_user, organization, role):
    make_user(f"e2e-{role}", role, organizations=[organization] if role == User.Role.ORG else ())
    login(f"e2e-{role}")
    assert "旺苍县工会社会组织服务平台" in page.title() or "旺苍县工会社会组织服务平台" in page.content()
    assert "欢迎" in page.inner_text("[data-testid=home-title]")
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/**")
    assert "登录" in page.content()


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_a_chinese_error(page, make_user):
    make_user("e2e-wrong", "staff")
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "e2e-wrong")
    page.fill("input[name=password]", "not-the-password")
    page.click("[data-testid=login-submit]")
    assert "用户名或密码错误" in page.inner_text("[data-testid=form-errors]")
