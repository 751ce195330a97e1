"""The one rule for text a person types, applied where it enters (Telegram, the terminal).

Control characters never reach the dialog, the database or a staff chat: PostgreSQL refuses a
NUL byte in JSON, a terminal acts on escape sequences, and right-to-left overrides can make a
name on a lead card read differently from what was typed. Line breaks stay (a message to the
broker may have several lines); tabs become spaces. A text longer than one Telegram message is
refused rather than cut, so nothing a person wrote is silently lost.

Refusals quote what was typed only as a short `excerpt`, so a refusal is never longer than
the answer's question plus a line.
"""

from __future__ import annotations

import re
import unicodedata

MAX_INPUT = 4096
"""Characters in one answer or message: Telegram's limit for a text message."""
EXCERPT = 40
"""Characters of a typed text quoted back in a refusal."""
ELLIPSIS = "…"

# Bidirectional embeddings, overrides and isolates: invisible, and they reorder what follows.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Every line break a keyboard, a paste or another system may send.
_LINE_BREAKS = re.compile(r"\r\n|[\r\u0085\u2028\u2029]")


def _kept(character: str) -> bool:
    if character == "\n":
        return True
    if character in _BIDI_CONTROLS:
        return False
    # Cc: C0/C1 controls (NUL, ESC, DEL …); Cs: lone surrogates, which no database stores.
    return unicodedata.category(character) not in ("Cc", "Cs")


def clean_input(text: str) -> str | None:
    """The typed text as the dialog may see it; None when it is too long to be one answer.

    Adapters call this on every typed text before the dialog sees it, and answer None with
    the catalogue's ``input.too_long``.
    """
    unified = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    cleaned = "".join(character for character in unified if _kept(character))
    return cleaned if len(cleaned) <= MAX_INPUT else None


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """At most `limit` characters of `text` on one line, with „…" where it was cut."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[: limit - 1].rstrip() + ELLIPSIS
