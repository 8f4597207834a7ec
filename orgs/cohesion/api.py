def register(router) -> None:
    """Add this part's resources to the /api/v1/ router."""
