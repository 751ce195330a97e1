"""What the consultation says back: plain data that every adapter (Telegram, terminal) renders.

The core never produces finished strings; it names catalogue texts and the values that fill them,
so the same reply can be rendered in German or English, as plain text or as Telegram HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Money:
    """A whole-euro amount; rendered with the locale's grouping and currency sign."""

    euros: int


@dataclass(frozen=True)
class Count:
    """A plain whole number; rendered with the locale's grouping."""

    value: int


@dataclass(frozen=True)
class Lines:
    """Several texts shown one per line (a list inside a paragraph)."""

    items: tuple[Msg, ...]


@dataclass(frozen=True)
class Msg:
    """A reference to a catalogue text and the values for its placeholders."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Option:
    """A choice the user can tap; `selected` is set only for checklist toggles."""

    value: str
    label: Msg
    selected: bool | None = None


@dataclass(frozen=True)
class TableRow:
    """One line of the itemised result: a label and an amount, aligned by the renderer.

    `basis` says where the amount comes from („2.000 × 50 €“); `key` names the row for
    adapters that lay it out themselves (an item key, or subtotal, surcharge, total, raise,
    recommended).
    """

    label: Msg
    amount: int
    emphasis: bool = False
    basis: Msg | None = None
    key: str = ""


class ReplyKind(StrEnum):
    """What a reply is for, so adapters can treat e.g. the checklist or the result specially."""

    INFO = "info"
    ERROR = "error"
    QUESTION = "question"
    CHECKLIST = "checklist"
    SUMMARY = "summary"
    CONFIRM = "confirm"
    CONTACT = "contact"


@dataclass(frozen=True)
class Reply:
    """One message to the user.

    `question` names the question (or prompt) the options belong to, so a tap on an old button
    can be recognised. `table` and then `footer` follow the lines. `edit` asks the adapter to
    update the previous message of the same question in place (the checklist's toggles)
    instead of sending a new one. `request_contact` offers to share the phone number.
    """

    kind: ReplyKind
    lines: tuple[Msg, ...]
    options: tuple[Option, ...] = ()
    navigation: tuple[Option, ...] = ()
    question: str | None = None
    table: tuple[TableRow, ...] = ()
    footer: tuple[Msg, ...] = ()
    edit: bool = False
    request_contact: bool = False
