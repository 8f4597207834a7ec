import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incubator import actions
from incubator.models import Site

from .factories import SiteFactory, SpaceFactory


def test_staff_create_a_site_in_their_division(staff_client, staff_user):
    response = staff_client.post(
        reverse("incubator:site-create"), {"name": "县总工会创新创业服务中心", "address": "东河镇"}
    )
    site = Site.objects.get()
    assert response.status_code == 302 and response["Location"] == site.get_absolute_url()
    assert site.division_id == staff_user.division_id == "510821"
    page = staff_client.get(site.get_absolute_url()).content.decode()
    assert "县总工会创新创业服务中心" in page and "东河镇" in page


def test_staff_edit_a_site_and_the_history_shows_the_change(staff_client):
    site = SiteFactory(name="旧名称", address="")
    response = staff_client.post(
        reverse("incubator:site-edit", args=[site.pk]), {"name": "新名称", "address": "北街1号"}
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert (site.name, site.address) == ("新名称", "北街1号")
    page = staff_client.get(site.get_absolute_url()).content.decode()
    assert "旧名称" in page and "新名称" in page  # the history table shows old and new values


def test_a_duplicate_name_is_refused_at_the_field(staff_client):
    SiteFactory(name="服务中心")
    response = staff_client.post(reverse("incubator:site-create"), {"name": "服务中心", "address": ""})
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    assert Site.objects.count() == 1


def test_officials_and_organization_users_cannot_create_or_edit(client, official_user, org_user):
    site = SiteFactory(name="服务中心")
    for user in (official_user, org_user):
        client.force_login(user)
        assert client.get(reverse("incubator:site-create")).status_code == 403
        assert client.post(reverse("incubator:site-create"), {"name": "另一中心"}).status_code == 403
        # Officials see the site but may not change it (403); it is outside an org user's scope (404).
        edit = client.post(reverse("incubator:site-edit", args=[site.pk]), {"name": "改名"})
        assert edit.status_code == (403 if user == official_user else 404)
    site.refresh_from_db()
    assert site.name == "服务中心" and Site.objects.count() == 1
    with pytest.raises(ValidationError):
        actions.site_create(user=official_user, name="另一中心")
    with pytest.raises(ValidationError):
        actions.site_update(user=org_user, site=site, name="改名")


def test_officials_read_sites(official_client):
    site = SiteFactory(name="服务中心")
    SpaceFactory(site=site)
    assert official_client.get(reverse("incubator:site-list")).status_code == 200
    page = official_client.get(site.get_absolute_url()).content.decode()
    assert "服务中心" in page and reverse("incubator:site-edit", args=[site.pk]) not in page


def test_a_site_of_another_division_is_404(staff_client):
    site = SiteFactory(division_id="510822", name="青川中心")
    assert staff_client.get(site.get_absolute_url()).status_code == 404
    assert staff_client.get(reverse("incubator:site-edit", args=[site.pk])).status_code == 404
    assert staff_client.post(reverse("incubator:site-edit", args=[site.pk]), {"name": "x"}).status_code == 404
    assert "青川中心" not in staff_client.get(reverse("incubator:site-list")).content.decode()


def test_dashboard_and_spaces_link_to_sites(staff_client):
    url = reverse("incubator:site-list")
    assert url in staff_client.get(reverse("incubator:dashboard")).content.decode()
    assert url in staff_client.get(reverse("incubator:space-list")).content.decode()


def test_site_list_query_budget_is_flat(staff_client, django_assert_max_num_queries):
    for _ in range(3):
        SpaceFactory()
    with django_assert_max_num_queries(12):
        assert staff_client.get(reverse("incubator:site-list")).status_code == 200
    for _ in range(60):
        SpaceFactory()
    with django_assert_max_num_queries(12):
        assert staff_client.get(reverse("incubator:site-list")).status_code == 200
