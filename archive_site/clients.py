"""Who is asking: the reader's address behind the front proxy."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The reader's address: with NUM_PROXIES proxies in front, the one the outermost of
    them saw (each proxy appends to X-Forwarded-For, so what a client wrote itself sits to
    the left and is ignored); without proxies, the connection's own address."""
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")
