from django.conf import settings

from .navigation import groups_for, items_for


def portal(request) -> dict:
    user = getattr(request, "user", None)
    context = {"PORTAL_NAME": settings.PORTAL_NAME}
    if user is not None and user.is_authenticated:
        context["nav_items"] = items_for(user)
        context["nav_groups"] = groups_for(user)
        context["unread_notifications"] = user.notifications.filter(read_at__isnull=True).count()
    return context
