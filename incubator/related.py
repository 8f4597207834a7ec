"""The incubation base's records on an organization's page (the registry of ``orgs.queries``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from orgs.queries import RelatedFamily, list_url, related_panel, status_breakdown

from .models import Application, Residency


@related_panel
def incubator_related(user, organization) -> list[RelatedFamily]:
    families: list[RelatedFamily] = []
    total, breakdown = status_breakdown(
        Application.objects.visible_to(user).filter(organization=organization), Application.Status.choices
    )
    families.append(
        RelatedFamily(
            "applications",
            _("Incubator applications"),
            total,
            list_url("incubator:application-list", organization=organization.name),
            breakdown,
        )
    )
    total, breakdown = status_breakdown(
        Residency.objects.visible_to(user).filter(organization=organization), Residency.Status.choices
    )
    families.append(
        RelatedFamily(
            "residencies",
            _("Incubator residencies"),
            total,
            list_url("incubator:residency-list", organization=organization.name),
            breakdown,
        )
    )
    return families
