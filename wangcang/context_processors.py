from django.conf import settings

from .navigation import groups_for, items_for


def portal(request) -> dict:
    user = getattr(request, "user", None)
    # Django's get_available_languages translates the names ("English" becomes 英语); a
    # language menu names each language in itself.
    context = {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_SHORT_NAME": settings.PORTAL_SHORT_NAME,
        # The footer names the union of the signed-in staff member's own division.
        "PORTAL_OWNER": settings.PORTAL_OWNER,
        "LANGUAGE_MENU": settings.LANGUAGES,
    }
    if user is not None and user.is_authenticated and getattr(user, "division", None) is not None:
        context["PORTAL_OWNER"] = user.division.federation_name
    if user is not None and user.is_authenticated:
        context["nav_items"] = items_for(user)
        context["nav_groups"] = groups_for(user)
        context["unread_notifications"] = user.unread_notification_count()
    return context
