"""Demo data of this pillar, loaded by ``manage.py load_demo`` (idempotent)."""


def load(*, stdout=None) -> None:
    pass
