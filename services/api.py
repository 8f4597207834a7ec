"""Serializers and viewsets of /api/v1/ for purchased services; funds add theirs."""

from .funds import api as funds_api


def register(router) -> None:
    """Add the purchased-service resources to the /api/v1/ router, then the funds'."""
    funds_api.register(router)
