from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from . import twofactor

# Pages a signed-in person may open before entering the code: the code and enrolment pages
# themselves, logging out, the language switch and what every page loads.
OPEN_URL_NAMES = frozenset(
    {
        "two-factor-verify",
        "two-factor-setup",
        "logout",
        "set-language",
        "javascript-catalog",
        "health",
        "favicon",
    }
)


class TwoFactorMiddleware:
    """After the password, a person with a two-factor device enters a code before any page
    opens, and one whose role requires it sets up an app first. API calls with a session
    answer 403 until then; calls with an API token are not affected (a token is issued only
    against a code, ``wangcang.api_tokens``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self.is_open(request):
            step = twofactor.pending_step(request)
            if step is not None:
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Enter your two-factor code on the login page first.")}, status=403
                    )
                target = reverse("two-factor-verify" if step == "verify" else "two-factor-setup")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def is_open(request) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # the 404 page
        return match.url_name in OPEN_URL_NAMES
