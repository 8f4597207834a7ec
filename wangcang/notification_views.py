"""The person's own notification settings: per kind, in the portal, by e-mail, by SMS,
or a daily digest instead of single messages."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import notifications
from .actions import notification_preferences_save
from .models import NotificationPreference
from .permissions import AnyRoleMixin
from .personal import mask_phone


class NotificationPreferencesView(AnyRoleMixin, View):
    template_name = "wangcang/notification_preferences.html"

    def get(self, request):
        kinds = notifications.kinds_for(request.user)
        chosen = {
            row.kind: {channel: getattr(row, channel) for channel in notifications.CHANNELS}
            for row in NotificationPreference.objects.filter(user=request.user)
        }
        rows = [(item, chosen.get(item.code, item.defaults())) for item in kinds]
        context = {
            "rows": rows,
            "phone": mask_phone(request.user.phone) if request.user.phone else "",
            "email": request.user.email,
        }
        return render(request, self.template_name, context)

    def post(self, request):
        choices = {
            item.code: {channel: f"{item.code}:{channel}" in request.POST for channel in notifications.CHANNELS}
            for item in notifications.kinds_for(request.user)
        }
        notification_preferences_save(user=request.user, choices=choices)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notification-preferences")
