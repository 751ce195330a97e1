"""Checking the contact details a prospect gives for the broker: name, phone or e-mail, time.

Forgiving like the number parser: spaces, slashes and dashes in phone numbers are fine, an
e-mail address is recognised by its shape. Every field is bounded, so a lead card always fits
a Telegram message. A refusal names what is wrong via `code`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NAME = 100
MAX_TIME = 100
MAX_PHONE = 30
"""Characters of a phone number as written: ``+49 (0) 171 / 234 56 78`` has 23."""
# RFC 5321: 64 octets before the @, 63 per domain label, 254 for the whole address.
MAX_EMAIL = 254
MAX_EMAIL_LOCAL = 64
MAX_EMAIL_LABEL = 63
_LETTER = re.compile(r"[^\W\d_]")
_LINK = re.compile(r"https?://|www\.|[<>{}\[\]]", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_CHARS = re.compile(r"\+?[\d\s/().-]+")


class ContactError(ValueError):
    """Why a contact detail was refused; `code` selects the message in the catalogue."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Reach:
    """How the broker can reach the prospect: exactly one of phone or e-mail."""

    phone: str | None = None
    email: str | None = None


def parse_name(text: str) -> str:
    """A name as typed, tidied: 2 to 100 characters with at least one letter, no links."""
    name = re.sub(r"\s+", " ", text).strip()
    if len(name) < 2 or not _LETTER.search(name):
        raise ContactError("name_invalid")
    if len(name) > MAX_NAME:
        raise ContactError("name_too_long")
    if _LINK.search(name):
        raise ContactError("name_invalid")
    return name


def parse_phone(text: str) -> str:
    """A phone number with 6 to 15 digits (E.164's maximum), kept as written but tidied."""
    number = re.sub(r"\s+", " ", text).strip()
    if len(number) > MAX_PHONE:
        raise ContactError("phone_too_long")
    if not _PHONE_CHARS.fullmatch(number):
        raise ContactError("reach_invalid")
    digits = re.sub(r"\D", "", number)
    if not 6 <= len(digits) <= 15:
        raise ContactError("phone_length")
    return number


def parse_reach(text: str) -> Reach:
    """A phone number or an e-mail address, whichever was typed."""
    entry = text.strip()
    if "@" in entry:
        return Reach(email=parse_email(entry))
    return Reach(phone=parse_phone(entry))


def parse_email(text: str) -> str:
    """An e-mail address a mail server accepts: its shape, and RFC 5321's length limits."""
    local, _, domain = text.rpartition("@")
    too_long = len(local) > MAX_EMAIL_LOCAL or any(
        len(label) > MAX_EMAIL_LABEL for label in domain.split(".")
    )
    if len(text) > MAX_EMAIL or too_long:
        raise ContactError("email_too_long")
    if not _EMAIL.fullmatch(text):
        raise ContactError("email_invalid")
    return text


def parse_time(text: str) -> str:
    """A preferred time in the prospect's own words, up to 100 characters."""
    entry = re.sub(r"\s+", " ", text).strip()
    if not entry:
        raise ContactError("time_empty")
    if len(entry) > MAX_TIME:
        raise ContactError("time_too_long")
    return entry
