"""The client's address, for login lockout and the personal-data access log.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (nginx: 1), each proxy appends the address it
received the request from to X-Forwarded-For, so the client is the entry that many places
from the right; anything further left was written by the client and may be forged. With no
trusted proxy, REMOTE_ADDR is the client.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
