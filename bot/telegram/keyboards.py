"""Inline keyboards for replies, and the callback data that leads a tap back to its question.

A reply's keyboard is written straight as the JSON Telegram reads: building PTB's button
objects only to serialise them again cost more, per update, than the rest of sending.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup

from dialogs.render import Speech
from dialogs.replies import Msg, Option, Reply

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | str
"""A keyboard: PTB's objects, or one already written as Telegram's JSON."""
NO_REPLY_KEYBOARD = json.dumps({"remove_keyboard": True})

# Buttons this short share a row (yes/no, months); longer ones get a row each.
_SHORT = 14
_PER_ROW = 4
_SEPARATOR = "|"
NOOP = "noop"


@dataclass(frozen=True)
class Tap:
    """A decoded button press: which prompt it belonged to and what was chosen."""

    question: str | None
    value: str


def callback_data(question: str | None, value: str) -> str:
    """`question|value`, well below Telegram's 64-byte limit for our keys."""
    return f"{question or ''}{_SEPARATOR}{value}"


def parse_callback(data: str | None) -> Tap | None:
    if not data or _SEPARATOR not in data:
        return None
    question, value = data.split(_SEPARATOR, 1)
    return Tap(question or None, value)


Button = dict[str, Any]


def _button(text: str, data: str) -> Button:
    return {"text": text, "callback_data": data}


def _rows(
    options: tuple[Option, ...], question: str | None, speech: Speech, *, one_row: bool = False
) -> list[list[Button]]:
    buttons = [_button(speech.label(o), callback_data(question, o.value)) for o in options]
    if one_row:
        return [buttons]
    if all(len(b["text"]) <= _SHORT for b in buttons):
        return [buttons[i : i + _PER_ROW] for i in range(0, len(buttons), _PER_ROW)]
    return [[b] for b in buttons]


def _inline(rows: list[list[Button]]) -> str:
    return json.dumps({"inline_keyboard": rows}, ensure_ascii=False)


def keyboard(reply: Reply, speech: Speech) -> str | None:
    """The markup for a reply: its buttons, or the "share my number" button when asked for.

    The phone question gets Telegram's contact button, a reply keyboard, which cannot carry
    the inline navigation (/zurueck works there).
    """
    if reply.request_contact:
        share = {"text": speech.text(Msg("contact.reach.share")), "request_contact": True}
        markup = {"keyboard": [[share]], "resize_keyboard": True, "one_time_keyboard": True}
        return json.dumps(markup, ensure_ascii=False)
    return inline_keyboard(reply, speech)


def inline_keyboard(reply: Reply, speech: Speech) -> str | None:
    """The reply's options, then its navigation (back, help) in a row of their own."""
    rows = _rows(reply.options, reply.question, speech)
    if reply.navigation:
        rows.append(_rows(reply.navigation, reply.question, speech, one_row=True)[0])
    return _inline(rows) if rows else None


def answered(
    caption: str, kept: tuple[str, ...] = (), lasting: tuple[InlineKeyboardButton, ...] = ()
) -> str:
    """What an answered question's keyboard becomes: the choice marked, and inert.

    `kept` labels stay visible too (a checklist's ticked measures), equally inert;
    `lasting` buttons stay live beneath them (the result's PDF report).
    """
    inert = callback_data(None, NOOP)
    rows = [[_button(label, inert)] for label in kept]
    rows.append([_button(f"✔ {caption}", inert)])
    rows.extend([_button(b.text, str(b.callback_data))] for b in lasting)
    return _inline(rows)
