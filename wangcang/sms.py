"""Text messages through a backend named by ``settings.SMS_BACKEND``, as e-mail goes
through ``EMAIL_BACKEND``: the console by default, an in-memory outbox for tests, or a
provider's HTTP gateway (``SMS_HTTP_URL`` and ``SMS_HTTP_KEY``)."""

from __future__ import annotations

import json
import logging
import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(OSError):
    """The message could not be handed over; the task retries it."""


class BaseSmsBackend:
    def send(self, *, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseSmsBackend):
    """Writes each message to standard output (development, and sites with no gateway)."""

    def send(self, *, phone: str, text: str) -> None:
        sys.stdout.write(f"SMS to {phone}: {text}\n")
        sys.stdout.flush()


outbox: list[dict] = []


class LocmemBackend(BaseSmsBackend):
    """Keeps messages in ``wangcang.sms.outbox`` (tests)."""

    def send(self, *, phone: str, text: str) -> None:
        outbox.append({"phone": phone, "text": text})


class HttpBackend(BaseSmsBackend):
    """POSTs ``{"phone": ..., "text": ...}`` as JSON to the provider's gateway with the key
    as a bearer token; any answer but 2xx is an error (and the task retries)."""

    def __init__(self, url: str | None = None, key: str | None = None, timeout: float | None = None):
        self.url = url or settings.SMS_HTTP_URL
        self.key = key if key is not None else settings.SMS_HTTP_KEY
        self.timeout = timeout or settings.SMS_HTTP_TIMEOUT
        if not self.url:
            raise SmsError("SMS_HTTP_URL is not set")

    def send(self, *, phone: str, text: str) -> None:
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"phone": phone, "text": text}, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {self.key}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if not 200 <= response.status < 300:
                    raise SmsError(f"SMS gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise SmsError(f"SMS gateway answered {exc.code}") from exc
        except urllib.error.URLError as exc:
            raise SmsError(f"SMS gateway unreachable: {exc.reason}") from exc


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, phone: str, text: str) -> None:
    get_backend().send(phone=phone, text=text)
