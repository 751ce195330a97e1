"""Turn replies into text: plain for the terminal, HTML for Telegram.

Catalogue texts are trusted markup; every value put into them is escaped in HTML mode, so a
prospect's `<b>` or `&` always shows literally. `country` is the broker's: it picks the
money and date format and the few texts a country words its own way (default: Germany).

A broker without a name (the default broker while BROKER_NAME is unset) is an empty `broker`
value; it reads as the catalogue's `broker.unnamed` („Ihr Versicherungsmakler“), and the
catalogue names the broker only where that phrase is grammatical.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dialogs.replies import Count, Lines, Money, Msg, Option, Reply, TableRow
from dialogs.texts import DEFAULT_COUNTRY, template
from dialogs.texts.formatting import money, number

TICKED, UNTICKED = "✅", "⬜"
BASIS_INDENT = "  "
UNNAMED_BROKER = Msg("broker.unnamed")
_TAG = re.compile(r'</?(?:b|i|code|u|s)>|<a href="[^"<>]*">|</a>')


def text(
    message: Msg, language: str, *, as_html: bool = False, country: str = DEFAULT_COUNTRY
) -> str:
    """One catalogue text with its values filled in."""
    values = {
        name: _value(
            UNNAMED_BROKER if name == "broker" and v == "" else v, language, as_html, country
        )
        for name, v in message.values.items()
    }
    raw = template(message.key, language, country)
    return (raw if as_html else _plain(raw)).format(**values)


def label(option: Option, language: str, *, country: str = DEFAULT_COUNTRY) -> str:
    """A button's caption (buttons are always plain text); toggles carry ✅ or ⬜."""
    caption = text(option.label, language, country=country)
    if option.selected is None:
        return caption
    return f"{TICKED if option.selected else UNTICKED} {caption}"


def render(
    reply: Reply, language: str, *, as_html: bool = False, country: str = DEFAULT_COUNTRY
) -> str:
    """The whole message body: lines, the aligned table, then the footer notes."""
    parts = [text(m, language, as_html=as_html, country=country) for m in reply.lines]
    if reply.table:
        table = table_text(reply.table, language, country=country)
        parts.append(f"<pre>{html.escape(table)}</pre>" if as_html else table)
    parts.extend(text(m, language, as_html=as_html, country=country) for m in reply.footer)
    return "\n\n".join(parts)


def table_text(rows: Iterable[TableRow], language: str, *, country: str = DEFAULT_COUNTRY) -> str:
    """Labels left, amounts right-aligned, a rule above each emphasised row.

    A row's basis („50 % von 80.000 €“) goes on an indented line of its own beneath it, so
    the table stays narrow enough for a phone.
    """
    cells = [
        (
            text(row.label, language, country=country),
            money(row.amount, language, country),
            row.emphasis,
            text(row.basis, language, country=country) if row.basis else None,
        )
        for row in rows
    ]
    width_label = max(len(c[0]) for c in cells)
    width_amount = max(len(c[1]) for c in cells)
    lines: list[str] = []
    for caption, amount, emphasis, basis in cells:
        if emphasis:
            lines.append("─" * (width_label + width_amount + 1))
        lines.append(f"{caption:<{width_label}} {amount:>{width_amount}}")
        if basis:
            lines.append(BASIS_INDENT + basis)
    return "\n".join(lines)


@dataclass(frozen=True)
class Speech:
    """How the bot speaks to one prospect: the conversation's language, the broker's country.

    An adapter renders every text for a prospect through one of these, so no message,
    button or document can come out in the right language but the wrong country's wording
    or money format (an Austrian broker's prospect reads „€ 234.300“ everywhere). The
    methods are this module's functions with both settings filled in.
    """

    language: str
    country: str = DEFAULT_COUNTRY

    def text(self, message: Msg, *, as_html: bool = False) -> str:
        return text(message, self.language, as_html=as_html, country=self.country)

    def label(self, option: Option) -> str:
        return label(option, self.language, country=self.country)

    def render(self, reply: Reply, *, as_html: bool = False) -> str:
        return render(reply, self.language, as_html=as_html, country=self.country)


def _value(value: Any, language: str, as_html: bool, country: str) -> str:
    if isinstance(value, Money):
        return money(value.euros, language, country)
    if isinstance(value, Count):
        return number(value.value, language, country)
    if isinstance(value, Msg):
        return text(value, language, as_html=as_html, country=country)
    if isinstance(value, Lines):
        return "\n".join(text(m, language, as_html=as_html, country=country) for m in value.items)
    if isinstance(value, tuple):
        return text(Msg("list.separator"), language).join(
            _value(v, language, as_html, country) for v in value
        )
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return number(value, language, country)
    raw = str(value)
    return html.escape(raw) if as_html else raw


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))
