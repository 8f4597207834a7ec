"""Purchased services (pillar 臂); funds and their ledger live in ``services.funds``."""

from django.db import models  # noqa: F401

from .funds.models import *  # noqa: F403
