"""Numbers and money the way each language writes them (Babel): `234.300 €` / `€234,300`."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from babel import Locale
from babel.numbers import format_currency, format_decimal

_LOCALES = {"de": "de_DE", "en": "en_GB"}
_MONEY_PATTERNS = {"de": "#,##0\u00a0¤", "en": "¤#,##0"}


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(_LOCALES.get(language, "de_DE"))


def money(euros: int | Decimal, language: str) -> str:
    """Whole euros with grouping and the euro sign, a plain space before it in German."""
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
    return format_decimal(value, locale=_locale(language))
