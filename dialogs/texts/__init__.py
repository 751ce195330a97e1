"""The text catalogues: every sentence the prospect or the broker's staff reads, per language.

Texts are trusted markup: they may use <b>, <i> and <code>; values put into them are escaped
by the renderer. German is complete and the default; English is complete too.
"""

from __future__ import annotations

from collections.abc import Mapping

from dialogs.texts import de, en

DEFAULT_LANGUAGE = "de"
CATALOGUES: Mapping[str, Mapping[str, str]] = {"de": de.TEXTS, "en": en.TEXTS}
LANGUAGES: tuple[str, ...] = tuple(CATALOGUES)

DE, AT = "DE", "AT"
DEFAULT_COUNTRY = DE
COUNTRIES: tuple[str, ...] = (DE, AT)
"""The broker's country: money, dates and a few words follow it; the formula does not."""


def language_for(code: str | None) -> str:
    """The catalogue for a Telegram `language_code`: English for `en*`, German otherwise."""
    if code and code.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def template(key: str, language: str, country: str = DEFAULT_COUNTRY) -> str:
    """The raw text for `key`; a missing key is a bug the catalogue tests catch.

    A country may word a text its own way (`key@at`): Austrian spelling, or no German
    paragraph numbers; where it does not, the common text stands.
    """
    catalogue = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])
    if country != DEFAULT_COUNTRY:
        variant = catalogue.get(f"{key}@{country.lower()}")
        if variant is not None:
            return variant
    return catalogue[key]
