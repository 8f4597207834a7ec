"""Serializers and viewsets of /api/v1/ for this app."""


def register(router) -> None:
    """Add this app's resources to the /api/v1/ router."""
