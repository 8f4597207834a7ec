"""Purchased-service demo data, then the funds' (idempotent)."""

from .funds import demo as funds_demo


def load_contracts(*, stdout=None) -> None:
    pass


def load(*, stdout=None) -> None:
    load_contracts(stdout=stdout)
    funds_demo.load(stdout=stdout)
