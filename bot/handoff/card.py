"""The lead card in the broker's staff chat: everything staff need to call the prospect back.

Every value that came from a prospect (name, username, answers) goes through the renderer's
escaping; the card is HTML that Telegram shows as written, never as markup a prospect chose.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.storage.leads import LeadRecord
from dialogs.answers import display
from dialogs.contact import TIMES
from dialogs.lead import LeadSummary
from dialogs.render import table_text, text
from dialogs.replies import Lines, Money, Msg, TableRow

CLAIM, CLOSE = "claim", "close"
CARD_PROMPT = "lead"


@dataclass(frozen=True)
class Card:
    """A lead as its card shows it; `summary` is None once the prospect erased their data."""

    number: int
    broker_name: str
    campaign: str | None
    user_id: int | None
    username: str | None
    summary: LeadSummary | None
    created_at: datetime
    status: str
    claimed_by: str | None = None
    closed_by: str | None = None


def _when(moment: datetime, language: str, zone: str) -> str:
    return format_datetime(moment, "dd.MM.yyyy HH:mm", tzinfo=ZoneInfo(zone), locale=language)


def render_card(card: Card, language: str, zone: str = "Europe/Berlin") -> str:
    """The card's HTML body."""
    lines: list[Msg] = [
        Msg(
            "staff.card.title",
            {
                "number": str(card.number),
                "broker": card.broker_name,
                "campaign": card.campaign or "–",
            },
        )
    ]
    summary = card.summary
    if summary is None:
        lines.append(Msg("staff.card.erased"))
    else:
        lines.extend(_person(card, summary))
        result = summary.result
        lines.append(
            Msg(
                "staff.card.result",
                {
                    "amount": Money(result.recommended),
                    "tier": Money(result.tier),
                },
            )
        )
    body = ["\n".join(text(m, language, as_html=True) for m in lines)]
    if summary is not None:
        rows = [TableRow(Msg(f"item.{i.key}"), i.amount) for i in summary.result.items]
        rows.append(TableRow(Msg("item.total"), summary.result.total, emphasis=True))
        body.append("<pre>" + html.escape(table_text(rows, language)) + "</pre>")
        answers = tuple(
            Msg("change.option", {"question": Msg(f"q.{key}.short"), "answer": display(key, value)})
            for key, value in summary.answers.items()
        )
        body.append(
            text(Msg("staff.card.answers", {"items": Lines(answers)}), language, as_html=True)
        )
        missing = tuple(Msg(f"measure.{key}.label") for key in summary.missing)
        if missing:
            knockouts = tuple(Msg(f"measure.{key}.label") for key in summary.knockouts_missing)
            values = {"items": missing, "knockouts": knockouts or (Msg("answer.none_selected"),)}
            body.append(text(Msg("staff.card.missing", values), language, as_html=True))
    status = [Msg("staff.card.created", {"when": _when(card.created_at, language, zone)})]
    if card.claimed_by:
        status.append(Msg("staff.card.claimed", {"who": card.claimed_by}))
    if card.closed_by:
        status.append(Msg("staff.card.closed", {"who": card.closed_by}))
    body.append("\n".join(text(m, language, as_html=True) for m in status))
    return "\n\n".join(body)


def _person(card: Card, summary: LeadSummary) -> list[Msg]:
    who = {"name": summary.name, "username": f"@{card.username}" if card.username else "–"}
    lines = [Msg("staff.card.person", who)]
    if card.user_id is not None:
        lines.append(Msg("staff.card.open_chat", {"user_id": str(card.user_id)}))
    if summary.phone:
        lines.append(Msg("staff.card.phone", {"phone": summary.phone}))
    if summary.email:
        lines.append(Msg("staff.card.email", {"email": summary.email}))
    if summary.preferred_time:
        time = summary.preferred_time
        value: Msg | str = Msg(f"contact.time.{time}") if time in TIMES else time
        lines.append(Msg("staff.card.time", {"time": value}))
    return lines


def card_keyboard(card: Card, language: str) -> InlineKeyboardMarkup | None:
    """Claim while new, close while open; a closed or erased lead has no buttons."""
    if card.status in ("closed", "erased"):
        return None
    buttons = []
    if card.claimed_by is None:
        buttons.append(_button("staff.button.claim", CLAIM, card.number, language))
    buttons.append(_button("staff.button.close", CLOSE, card.number, language))
    return InlineKeyboardMarkup([buttons])


def _button(key: str, action: str, number: int, language: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text(Msg(key), language), callback_data=f"{CARD_PROMPT}|{action}:{number}"
    )


def card_of(lead: LeadRecord) -> Card:
    """The card for a stored lead."""
    summary = LeadSummary.from_dict(lead.summary) if lead.summary is not None else None
    return Card(
        number=lead.id,
        broker_name=lead.broker_name,
        campaign=lead.campaign,
        user_id=lead.user_id,
        username=lead.username,
        summary=summary,
        created_at=lead.created_at,
        status=lead.status,
        claimed_by=lead.claimed_by,
        closed_by=lead.closed_by,
    )
