"""Typed words the consultation understands besides numbers, in German and English alike.

A prospect who types "ja" instead of tapping the button, or "zurück" instead of /zurueck,
should be understood whatever language the bot speaks.
"""

from __future__ import annotations

import re

from dialogs.questions import DONE, NO, UNKNOWN, UNSURE, YES

_MEANINGS: dict[str, tuple[str, ...]] = {
    YES: ("ja", "j", "jo", "jep", "klar", "yes", "y", "yeah", "yep", "sure"),
    NO: ("nein", "n", "nee", "no", "nope"),
    UNSURE: ("unsicher", "weiß nicht", "weiss nicht", "keine ahnung", "unsure", "not sure"),
    UNKNOWN: (
        "weiß nicht",
        "weiss nicht",
        "unbekannt",
        "keine ahnung",
        "don't know",
        "dont know",
        "unknown",
    ),
    DONE: ("fertig", "weiter", "ok", "okay", "done", "next", "continue"),
    "back": ("zurück", "zurueck", "back"),
    "help": ("hilfe", "help", "?"),
}


def normalise(text: str) -> str:
    """Lower-case, trimmed, inner whitespace folded, trailing punctuation dropped."""
    folded = re.sub(r"\s+", " ", text.strip().lower())
    return folded.rstrip(".!") or folded


def means(text: str, meaning: str) -> bool:
    """Whether the typed text is one of the words for `meaning` (e.g. YES, "back")."""
    return normalise(text) in _MEANINGS[meaning]
