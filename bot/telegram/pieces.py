"""Long texts split into messages Telegram accepts (at most 4,096 characters each)."""

from __future__ import annotations

import html

from telegram.constants import MessageLimit

LIMIT = MessageLimit.MAX_TEXT_LENGTH


def html_pieces(header: str, text: str, limit: int = LIMIT) -> list[str]:
    """`header` (trusted HTML) and then `text` (escaped here), in messages Telegram accepts.

    Together when they fit; otherwise the header alone and the text after it, whole if it
    fits in one message, else cut between characters (preferably at a space or line break),
    never inside an escape such as `&amp;`, so nothing a person wrote is lost to the limit.
    """
    together = f"{header}\n{html.escape(text)}"
    if len(together) <= limit:
        return [together]
    pieces = [header]
    remaining = text
    while remaining:
        chunk = _fitting(remaining, limit)
        pieces.append(html.escape(chunk))
        remaining = remaining[len(chunk) :]
    return pieces


def _fitting(text: str, room: int) -> str:
    """The longest start of `text` whose escaped form fits in `room`, cut at a space if any."""
    used, end = 0, 0
    for character in text:
        size = len(html.escape(character))
        if used + size > room:
            break
        used += size
        end += 1
    if end == len(text) or end == 0:
        return text[:end]
    cut = max(text.rfind("\n", 0, end), text.rfind(" ", 0, end))
    return text[: cut + 1] if cut > end // 2 else text[:end]
