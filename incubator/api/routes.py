"""The incubation base's routes."""

from __future__ import annotations

from .admissions import ApplicationViewSet, BatchViewSet
from .mentoring import ExchangeVisitViewSet, MentorViewSet, TeamRoleViewSet, TrainingViewSet
from .residencies import ResidencyViewSet
from .sites import SiteViewSet, SpaceViewSet
from .support import SupportEntryViewSet


def register(router) -> None:
    """Add this app's resources to the /api/v1/ router."""
    router.register("incubator/team-roles", TeamRoleViewSet, basename="incubator-team-role")
    router.register("incubator/sites", SiteViewSet, basename="incubator-site")
    router.register("incubator/batches", BatchViewSet, basename="incubator-batch")
    router.register("incubator/mentors", MentorViewSet, basename="incubator-mentor")
    router.register("incubator/exchange-visits", ExchangeVisitViewSet, basename="incubator-exchange-visit")
    router.register("incubator/support-entries", SupportEntryViewSet, basename="incubator-support-entry")
    router.register("incubator/spaces", SpaceViewSet, basename="incubator-space")
    router.register("incubator/applications", ApplicationViewSet, basename="incubator-application")
    router.register("incubator/residencies", ResidencyViewSet, basename="incubator-residency")
    router.register("incubator/trainings", TrainingViewSet, basename="incubator-training")
