"""Querysets and constants shared by the incubation base's parts."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from wangcang.scoping import scope

ORG_DIVISION = "organization__division"


# A resident whose latest evaluation averages at least this is a key cultivation target
# (重点培育对象): large social impact, good public service, high worker evaluation.
KEY_TARGET_THRESHOLD = Decimal("85")


class DivisionScopedQuerySet(models.QuerySet):
    division_path = "division"

    def visible_to(self, user):
        return scope(self, user, division=self.division_path)


class OrganizationScopedQuerySet(models.QuerySet):
    organization_path = "organization"

    def visible_to(self, user):
        return scope(self, user, division=f"{self.organization_path}__division", organization=self.organization_path)
