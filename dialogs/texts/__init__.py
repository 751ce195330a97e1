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


def language_for(code: str | None) -> str:
    """The catalogue for a Telegram `language_code`: English for `en*`, German otherwise."""
    if code and code.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def template(key: str, language: str) -> str:
    """The raw text for `key`; a missing key is a bug the catalogue tests catch."""
    catalogue = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])
    return catalogue[key]
