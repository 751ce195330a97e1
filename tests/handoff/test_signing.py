"""A CRM can check that a lead post came from this bot and was not changed on the way."""

from __future__ import annotations

import hashlib
import hmac

from bot.handoff.signing import signature, verify

SECRET = "s3cr3t-shared-with-the-crm"
BODY = '{"number": 7, "name": "Jörg Müßig"}'.encode()


def test_signature_is_the_hmac_sha256_of_the_body_in_hex() -> None:
    reference = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()

    assert signature(SECRET, BODY) == f"sha256={reference}"


def test_receiver_accepts_a_post_signed_with_the_shared_secret() -> None:
    assert verify(SECRET, BODY, signature(SECRET, BODY))


def test_receiver_rejects_a_changed_body() -> None:
    assert not verify(SECRET, BODY + b" ", signature(SECRET, BODY))


def test_receiver_rejects_a_post_signed_with_another_secret() -> None:
    assert not verify(SECRET, BODY, signature("another secret", BODY))


def test_receiver_rejects_missing_or_malformed_signatures() -> None:
    digest = signature(SECRET, BODY).removeprefix("sha256=")

    for header in (None, "", digest, f"sha1={digest}", "sha256=zz", "sha256=ä"):
        assert not verify(SECRET, BODY, header)
