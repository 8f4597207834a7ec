"""The registry's demo data, then the self-reports' and the cohesion part's (idempotent)."""

from django.db import transaction

from .cohesion import demo as cohesion_demo
from .selfreports import demo as selfreports_demo


@transaction.atomic
def load_registry(*, stdout=None) -> None:
    from wangcang.demo import link_demo_org_user

    from .demo_registry import HUAYUE, load_organizations, load_unions

    organizations = load_organizations(stdout=stdout)
    load_unions(organizations, stdout=stdout)
    link_demo_org_user(organizations[HUAYUE])


def load(*, stdout=None) -> None:
    load_registry(stdout=stdout)
    selfreports_demo.load(stdout=stdout)
    cohesion_demo.load(stdout=stdout)
