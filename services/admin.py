from django.contrib import admin  # noqa: F401

# Funds register their own models.
from .funds import admin as funds_admin  # noqa: F401
