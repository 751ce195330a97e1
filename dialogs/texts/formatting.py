"""Numbers, money and dates the way each language and country writes them (Babel).

German in Germany writes `234.300 €`, German in Austria `€ 234.300` and `Jänner`; English
writes `€234,300` wherever the broker sits.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, localcontext
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from dialogs.texts import AT, DEFAULT_COUNTRY

_GERMAN_LOCALES = {AT: "de_AT"}
_MONEY_PATTERNS = {"de_DE": "#,##0\u00a0¤", "de_AT": "¤\u00a0#,##0", "en_GB": "¤#,##0"}
# Babel rounds in the current decimal context, whose 28 digits a typed number can exceed.
_MIN_PRECISION = 28


def locale_name(language: str, country: str = DEFAULT_COUNTRY) -> str:
    """The Babel locale for a catalogue language and a broker's country."""
    if language == "en":
        return "en_GB"
    return _GERMAN_LOCALES.get(country, "de_DE")


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def _precision(value: int | Decimal) -> int:
    """Digits enough to round `value` exactly, however long it is."""
    exact = Decimal(value)
    whole_digits = max(exact.adjusted() + 1, 1)
    fraction_digits = max(-int(exact.as_tuple().exponent), 0)
    return max(_MIN_PRECISION, whole_digits + fraction_digits + 3)


def money(euros: int | Decimal, language: str, country: str = DEFAULT_COUNTRY) -> str:
    """Whole euros with grouping and the euro sign, a plain space between them in German."""
    name = locale_name(language, country)
    with localcontext(prec=_precision(euros)):
        text = format_currency(
            euros,
            "EUR",
            format=_MONEY_PATTERNS[name],
            locale=_locale(name),
            currency_digits=False,
        )
    return text.replace("\u00a0", " ")


def number(value: int | Decimal, language: str, country: str = DEFAULT_COUNTRY) -> str:
    """A number with the locale's grouping and decimal mark."""
    with localcontext(prec=_precision(value)):
        return format_decimal(value, locale=_locale(locale_name(language, country)))


def long_date(day: date | datetime, language: str, country: str = DEFAULT_COUNTRY) -> str:
    """A date spelled out for a document: `5. Januar 2026`, `5. Jänner 2026`, `5 January 2026`."""
    return format_date(day, "long", locale=_locale(locale_name(language, country)))
