"""Understand numbers the way German-speaking prospects type them.

A prospect answers with whatever comes to mind: ``80.000``, ``80 T€``, ``1,5 Mio``, ``keine``.
Every harmless variant is accepted; anything else is refused with a ``code`` that the text
catalogue turns into a specific, friendly message, so no answer is silently misread.

German first: ``1,5`` is one and a half and ``80.000`` is eighty thousand. A lone separator
followed by exactly three digits groups thousands (``80,000`` reads as 80000 too), unless a
million or billion word follows: ``1.250 Mio`` is 1,250,000. Before a thousand word it still
groups, because ``1.500 T€`` is how German balance sheets write 1.5 million.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

MAX_AMOUNT = 10_000_000_000
MAX_COUNT = 1_000_000_000
MAX_MONTHS = 36
MAX_NUMBER_TEXT = 40
"""Characters an answer to a number question may have: ``ca. € 1.234.567.890,00 EUR`` has 26."""

ParseErrorCode = Literal[
    "empty", "not_a_number", "too_long", "negative", "too_large", "not_whole", "too_small"
]


class ParseError(ValueError):
    """Why an answer was refused; the text catalogue turns `code` into a friendly message."""

    def __init__(self, code: ParseErrorCode, value: Decimal | None = None) -> None:
        super().__init__(code if value is None else f"{code}: {value}")
        self.code: ParseErrorCode = code
        #: The number that was understood, so the message can quote it back.
        self.value = value


#: Words that scale the number, as powers of ten. ``T€``/``TEUR`` are ``T`` plus a currency.
_MULTIPLIERS = {
    **dict.fromkeys(("k", "t", "tsd", "tausend", "thousand"), 3),
    **dict.fromkeys(("m", "mio", "mill", "million", "millionen", "millions"), 6),
    **dict.fromkeys(("mrd", "milliarde", "milliarden", "bn"), 9),
}
_APPROXIMATELY = ("ca.", "ca", "circa", "etwa", "rund", "ungefähr", "about", "~", "≈")
_CURRENCY = ("€", "eur", "euro", "euros")
_MONTHS = ("monat", "monate", "monaten", "mon.", "month", "months")
_ZERO_WORDS = frozenset({"kein", "keine", "keinen", "nichts", "none", "null"})

#: Typographic variants folded before parsing: minus signs and dashes, Swiss apostrophe grouping.
_TYPOGRAPHY = str.maketrans({"−": "-", "–": "-", "'": " ", "’": " "})
#: Digits grouped in threes by one separator, e.g. ``1.234.567``; a leading zero never groups.
_GROUPED = {
    mark: re.compile(rf"[1-9][0-9]{{0,2}}(?:{re.escape(mark)}[0-9]{{3}})+") for mark in " .,"
}
_DIGITS = re.compile(r"[0-9]+")
_ONE = Decimal(1)


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation trying longer words first (``tsd`` before ``t``)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _grammar(units: tuple[str, ...]) -> re.Pattern[str]:
    """The shape of an answer: ``ca. € -1.234,5 Mio. EUR``, every part but the digits optional.

    Input is normalised to single spaces first, hence `` ?`` rather than ``\\s*``.
    """
    unit = _alternatives(units)
    return re.compile(
        rf"(?:(?:{_alternatives(_APPROXIMATELY)}) ?)?"
        rf"(?:(?:{unit}) ?)?"
        r"(?P<sign>[+-]|minus)? ?"
        rf"(?:(?:{unit}) ?)?"
        r"(?P<number>[0-9](?:[0-9., ]*[0-9])?)(?:[.,]--?)?"  # "80.000,-" is a price with no cents
        rf"(?: ?(?P<multiplier>{_alternatives(_MULTIPLIERS)})\.?)?"
        rf"(?: ?(?:{unit}))?\.?"
    )


_AMOUNT_GRAMMAR = _grammar(_CURRENCY)
_MONTHS_GRAMMAR = _grammar(_MONTHS)


def _separators(number: str, exponent: int) -> tuple[str | None, str | None] | None:
    """Which mark groups thousands and which is the decimal point; None when they contradict.

    Spaces only ever group thousands. With both ``.`` and ``,`` the last one is the decimal point.
    A mark used more than once groups thousands. A lone mark followed by exactly three digits
    groups thousands unless a million or billion word follows; otherwise it is a decimal point.
    """
    marks = [char for char in number if char in ".,"]
    if " " in number:
        return (" ", marks[0] if marks else None) if len(marks) <= 1 else None
    if len(set(marks)) == 2:
        return ("," if marks[-1] == "." else "."), marks[-1]
    if len(marks) > 1 or (marks and exponent <= 3 and _GROUPED[marks[0]].fullmatch(number)):
        return marks[0], None
    return None, (marks[0] if marks else None)


def _read_number(number: str, exponent: int) -> Decimal | None:
    """The exact value of `number` times ``10**exponent``; None when it is garbled."""
    separators = _separators(number, exponent)
    if separators is None:
        return None
    grouping, decimal = separators
    whole, fraction = number.rsplit(decimal, 1) if decimal else (number, "")
    whole_ok = _GROUPED[grouping].fullmatch(whole) if grouping else _DIGITS.fullmatch(whole)
    if not whole_ok or (decimal and not _DIGITS.fullmatch(fraction)):
        return None
    # Shift the decimal point in the text: exact, and "1,5 Mio" reads back as 1500000.
    digits = whole.replace(grouping or "", "") + fraction
    point = len(digits) - len(fraction) + exponent
    digits = digits.ljust(point, "0")
    return Decimal(f"{digits[:point]}.{digits[point:]}")


def _understand(text: str, grammar: re.Pattern[str]) -> Decimal:
    """The number a prospect meant; ParseError for empty, wordy, garbled or negative answers."""
    cleaned = " ".join(text.translate(_TYPOGRAPHY).lower().split())
    if not cleaned:
        raise ParseError("empty")
    if len(cleaned) > MAX_NUMBER_TEXT:
        raise ParseError("too_long")
    if cleaned.removesuffix(".") in _ZERO_WORDS:
        return Decimal(0)
    match = grammar.fullmatch(cleaned)
    if not match:
        raise ParseError("not_a_number")
    exponent = _MULTIPLIERS[match["multiplier"]] if match["multiplier"] else 0
    value = _read_number(match["number"], exponent)
    if value is None:
        raise ParseError("not_a_number")
    if match["sign"] in ("-", "minus"):
        value = value.copy_negate()  # exact, unlike unary minus
    if value < 0:
        raise ParseError("negative", value)
    return value


def _refuse_above(value: Decimal, maximum: int) -> None:
    """Absurd magnitudes are typos (an extra zero, the wrong multiplier), not answers."""
    if value > maximum:
        raise ParseError("too_large", value)


def _whole(value: Decimal, maximum: int) -> int:
    """A whole number up to `maximum`; a fraction of a record or month is not an answer."""
    _refuse_above(value, maximum)
    if value != value.to_integral_value():
        raise ParseError("not_whole", value)
    return int(value)


def parse_amount(text: str) -> int:
    """Whole euros, rounded half up (``80.000,50`` → 80001); 0 is a valid answer."""
    value = _understand(text, _AMOUNT_GRAMMAR)
    _refuse_above(value, MAX_AMOUNT)
    return int(value.quantize(_ONE, rounding=ROUND_HALF_UP))


def parse_count(text: str) -> int:
    """A whole number of things (personal data records, card records), 0 included."""
    return _whole(_understand(text, _AMOUNT_GRAMMAR), MAX_COUNT)


def parse_months(text: str) -> int:
    """A whole number of months from 1 to `MAX_MONTHS`; ``3 Monate`` is fine."""
    value = _understand(text, _MONTHS_GRAMMAR)
    months = _whole(value, MAX_MONTHS)
    if months < 1:
        raise ParseError("too_small", value)
    return months
