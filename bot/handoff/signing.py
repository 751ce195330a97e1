"""The HMAC signature on lead posts to a broker's CRM, so the receiver can trust the sender."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex>` of the body, the header value the CRM checks."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """Whether `header` is the body's signature; constant-time, so timing reveals nothing."""
    if header is None:
        return False
    return hmac.compare_digest(signature(secret, body).encode(), header.strip().encode())
