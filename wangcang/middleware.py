from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils import translation


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a request the view marks ``session_untouched`` saves nothing.

    The job page polls its progress every second; with ``SESSION_SAVE_EVERY_REQUEST`` each
    poll would write the session row, and on SQLite that write waits for the whole write
    phase of an import running in the background (one all-or-nothing transaction), so the
    poll hung for seconds. A poll is not the user's activity either."""

    def process_response(self, request, response):
        if getattr(request, "session_untouched", False):
            return response
        return super().process_response(request, response)


class DefaultLanguageMiddleware:
    """Chinese unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; county staff
    often have English-language browsers and still expect the Chinese portal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
