"""Contact details are bounded, so a lead card always fits a Telegram message."""

from __future__ import annotations

import pytest

from dialogs.contact_details import (
    MAX_EMAIL,
    MAX_NAME,
    MAX_PHONE,
    MAX_TIME,
    ContactError,
    parse_name,
    parse_reach,
    parse_time,
)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("0171 " + "-" * 3_400 + "2345678", "phone_too_long"),
        ("+49 171 2345678" + " " * 10 + "/" * (MAX_PHONE), "phone_too_long"),
        ("a" * 65 + "@firma.de", "email_too_long"),
        ("name@" + "b" * 64 + ".de", "email_too_long"),
        ("name@" + ("sub." * 70) + "firma.de", "email_too_long"),
        ("x" * 3_400 + "@firma.de", "email_too_long"),
        ("name@firma", "email_invalid"),
    ],
    ids=["3400 dashes", "padded", "local part", "label", "whole address", "3400", "no tld"],
)
def test_overlong_or_malformed_phone_numbers_and_addresses_are_refused(
    typed: str, code: str
) -> None:
    with pytest.raises(ContactError) as refused:
        parse_reach(typed)

    assert refused.value.code == code


@pytest.mark.parametrize(
    "typed",
    ["+49 (0) 171 / 234 56 78", "0171-2345678", "a" * 64 + "@" + "b" * 63 + ".de"],
)
def test_real_phone_numbers_and_addresses_at_the_limits_are_taken(typed: str) -> None:
    reach = parse_reach(typed)

    assert typed in (reach.phone, reach.email)


def test_every_field_has_a_bound() -> None:
    with pytest.raises(ContactError, match="name_too_long"):
        parse_name("Erika " * MAX_NAME)
    with pytest.raises(ContactError, match="time_too_long"):
        parse_time("morgens " * MAX_TIME)
    longest = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 58}.de"
    assert len(longest) == MAX_EMAIL
    assert parse_reach(longest).email == longest
    with pytest.raises(ContactError, match="email_too_long"):
        parse_reach("a" + longest)
