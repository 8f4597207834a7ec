import pytest
from django.template import Context, Template
from django.utils import translation

from orgs.models import Organization
from tests.orgs.factories import OrganizationFactory, TownFactory


@pytest.mark.django_db
def test_history_shows_labels_and_names_not_codes_and_ids(rf):
    organization = OrganizationFactory(name="旺苍县茶叶协会")
    town = TownFactory(name="黄洋镇")
    organization.status = Organization.Status.SUSPENDED
    organization.town = town
    organization.has_party_org = False
    organization.save()
    with translation.override("zh-hans"):
        html = Template("{% load portal %}{% history_table organization %}").render(
            Context({"organization": organization})
        )
    assert "正常 → 暂停活动" in html
    assert "— → 黄洋镇" in html
    assert "是 → 否" in html
    assert "suspended" not in html
