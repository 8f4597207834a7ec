def load(*, stdout=None) -> None:
    """Demo data of this part (idempotent)."""
