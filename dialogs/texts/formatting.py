"""Numbers and money the way each language writes them (Babel): `234.300 €` / `€234,300`."""

from __future__ import annotations

from decimal import Decimal, localcontext
from functools import cache

from babel import Locale
from babel.numbers import format_currency, format_decimal

_LOCALES = {"de": "de_DE", "en": "en_GB"}
_MONEY_PATTERNS = {"de": "#,##0\u00a0¤", "en": "¤#,##0"}
# Babel rounds in the current decimal context, whose 28 digits a typed number can exceed.
_MIN_PRECISION = 28


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(_LOCALES.get(language, "de_DE"))


def _precision(value: int | Decimal) -> int:
    """Digits enough to round `value` exactly, however long it is."""
    exact = Decimal(value)
    whole_digits = max(exact.adjusted() + 1, 1)
    fraction_digits = max(-int(exact.as_tuple().exponent), 0)
    return max(_MIN_PRECISION, whole_digits + fraction_digits + 3)


def money(euros: int | Decimal, language: str) -> str:
    """Whole euros with grouping and the euro sign, a plain space before it in German."""
    with localcontext(prec=_precision(euros)):
        text = format_currency(
            euros,
            "EUR",
            format=_MONEY_PATTERNS.get(language, _MONEY_PATTERNS["de"]),
            locale=_locale(language),
            currency_digits=False,
        )
    return text.replace("\u00a0", " ")


def number(value: int | Decimal, language: str) -> str:
    """A number with the locale's grouping and decimal mark."""
    with localcontext(prec=_precision(value)):
        return format_decimal(value, locale=_locale(language))
