import time

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

API_PREFIX = "/api/"


def api_language(accept_language: str) -> str:
    """The first supported language the API client asks for, else Chinese.

    An integrator's program asks explicitly (``Accept-Language: en``); a program that says
    nothing gets the portal's Chinese."""
    supported = {code for code, _ in settings.LANGUAGES}
    for code, _quality in parse_accept_lang_header(accept_language or ""):
        code = code.lower()
        if code in supported:
            return code
        base = code.split("-")[0]
        if base == "zh":
            return settings.LANGUAGE_CODE
        if base in supported:
            return base
    return settings.LANGUAGE_CODE


class DefaultLanguageMiddleware:
    """Chinese unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; county staff
    often have English-language browsers and still expect the Chinese portal. The API is
    the exception: a program states the language it wants in ``Accept-Language``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        if chosen in supported:
            language = chosen
        elif request.path.startswith(API_PREFIX):
            language = api_language(request.headers.get("Accept-Language", ""))
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class IdleSessionMiddleware:
    """A session ends after ``SESSION_COOKIE_AGE`` idle seconds, without a session write on
    every request: the expiry is pushed forward when the last push is older than
    ``SESSION_RENEW_SECONDS`` (one minute), so an active user is never logged out and a
    list page costs no UPDATE of the session table.

    A request the view marks ``session_untouched`` (the job page's progress poll) never
    renews: on SQLite the write would wait for the whole write phase of an import running
    in the background (one all-or-nothing transaction), and a poll is not the user's
    activity."""

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "session_untouched", False):
            return response
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            # A session written anyway (a login, a flag set by the view) is renewed by that
            # write: note it, so that the next request does not write again.
            if session.modified or now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now
        return response


class PermissionsPolicyMiddleware:
    """Switch off the browser features the portal never uses (``settings.PERMISSIONS_POLICY``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
