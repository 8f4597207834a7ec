"""The person's own notification settings: per kind, in the portal, by e-mail, by SMS,
or a daily digest instead of single messages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import notifications
from .actions import notification_preferences_save
from .forms import NotificationPreferencesForm
from .formviews import ActionFormView
from .models import NotificationPreference
from .permissions import AnyRoleMixin
from .personal import mask_phone


class NotificationPreferencesView(AnyRoleMixin, ActionFormView):
    template_name = "wangcang/notification_preferences.html"
    form_class = NotificationPreferencesForm
    success_message = _("Your notification settings have been saved.")

    def perform(self, form):
        return notification_preferences_save(user=self.request.user, choices=form.choices())

    def success_url_for(self, result) -> str:
        return reverse("notification-preferences")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        kinds = notifications.kinds_for(request.user)
        chosen = {
            row.kind: {channel: getattr(row, channel) for channel in notifications.CHANNELS}
            for row in NotificationPreference.objects.filter(user=request.user)
        }
        context.update(
            rows=[(item, chosen.get(item.code, item.defaults())) for item in kinds],
            phone=mask_phone(request.user.phone) if request.user.phone else "",
            email=request.user.email,
        )
        return context
