"""Serializers and viewsets of /api/v1/ for the registry; the other parts add theirs."""

from .cohesion import api as cohesion_api
from .selfreports import api as selfreports_api


def register(router) -> None:
    """Add the registry's resources to the /api/v1/ router, then the other parts'."""
    selfreports_api.register(router)
    cohesion_api.register(router)
