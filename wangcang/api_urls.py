"""One router for ``/api/v1/``: each app's ``api.register(router)`` adds its resources."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
for app in ("orgs", "incubator", "services", "reports", "wangcang.api_accounts"):
    import_module(app if "." in app else f"{app}.api").register(router)
