"""Inline keyboards for replies, and the callback data that leads a tap back to its question."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from dialogs.render import Speech
from dialogs.replies import Msg, Option, Reply

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove

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


def _rows(
    options: tuple[Option, ...], question: str | None, speech: Speech, *, one_row: bool = False
) -> list[list[InlineKeyboardButton]]:
    buttons = [
        InlineKeyboardButton(speech.label(o), callback_data=callback_data(question, o.value))
        for o in options
    ]
    if one_row:
        return [buttons]
    if all(len(b.text) <= _SHORT for b in buttons):
        return [buttons[i : i + _PER_ROW] for i in range(0, len(buttons), _PER_ROW)]
    return [[b] for b in buttons]


def keyboard(reply: Reply, speech: Speech) -> Markup | None:
    """The markup for a reply: its buttons, or the "share my number" button when asked for.

    The phone question gets Telegram's contact button, a reply keyboard, which cannot carry
    the inline navigation (/zurueck works there).
    """
    if reply.request_contact:
        share = KeyboardButton(speech.text(Msg("contact.reach.share")), request_contact=True)
        return ReplyKeyboardMarkup([[share]], resize_keyboard=True, one_time_keyboard=True)
    return inline_keyboard(reply, speech)


def inline_keyboard(reply: Reply, speech: Speech) -> InlineKeyboardMarkup | None:
    """The reply's options, then its navigation (back, help) in a row of their own."""
    rows = _rows(reply.options, reply.question, speech)
    if reply.navigation:
        rows.append(_rows(reply.navigation, reply.question, speech, one_row=True)[0])
    return InlineKeyboardMarkup(rows) if rows else None


def answered(
    caption: str, kept: tuple[str, ...] = (), lasting: tuple[InlineKeyboardButton, ...] = ()
) -> InlineKeyboardMarkup:
    """What an answered question's keyboard becomes: the choice marked, and inert.

    `kept` labels stay visible too (a checklist's ticked measures), equally inert;
    `lasting` buttons stay live beneath them (the result's PDF report).
    """
    inert = callback_data(None, NOOP)
    rows = [[InlineKeyboardButton(label, callback_data=inert)] for label in kept]
    rows.append([InlineKeyboardButton(f"✔ {caption}", callback_data=inert)])
    rows.extend([button] for button in lasting)
    return InlineKeyboardMarkup(rows)
