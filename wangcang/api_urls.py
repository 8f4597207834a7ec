"""One router for ``/api/v1/``: each app's ``api.register(router)`` adds its resources."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
for app in ("orgs", "incubator", "services", "reports"):
    import_module(f"{app}.api").register(router)
