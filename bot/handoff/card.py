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
from dialogs.measures import Measure
from dialogs.render import table_text, text
from dialogs.replies import Lines, Money, Msg
from dialogs.sheet import result_sheet
from dialogs.summary import mark
from dialogs.topics import TopicResult

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
    """The card's HTML body: who, the result sheet (same table and notes as the prospect's),
    the answers and the missing measures by DIN SPEC 27076 topic."""
    title = Msg(
        "staff.card.title",
        {"number": str(card.number), "broker": card.broker_name, "campaign": card.campaign or "–"},
    )
    summary = card.summary
    if summary is None:
        head = [text(m, language, as_html=True) for m in (title, Msg("staff.card.erased"))]
        return "\n\n".join(("\n".join(head), _status(card, language, zone)))
    country = summary.country
    sheet = result_sheet(summary.answers, summary.result)

    def html_text(message: Msg) -> str:
        return text(message, language, as_html=True, country=country)

    result = sheet.result
    lines = [title, *_person(card, summary)]
    lines.append(
        Msg(
            "staff.card.result",
            {"amount": Money(result.tier), "need": Money(result.recommended)},
        )
    )
    body = ["\n".join(map(html_text, lines))]
    body.append("<pre>" + html.escape(table_text(sheet.rows, language, country=country)) + "</pre>")
    if sheet.notes:
        body.append("\n".join(html_text(Msg("staff.card.note", {"note": n})) for n in sheet.notes))
    answers = tuple(
        Msg("change.option", {"question": Msg(f"q.{key}.short"), "answer": display(key, value)})
        for key, value in summary.answers.items()
    )
    body.append(html_text(Msg("staff.card.answers", {"items": Lines(answers)})))
    if sheet.security.gaps:
        topics = Lines(tuple(_topic_line(topic) for topic in sheet.security.gaps))
        body.append(html_text(Msg("staff.card.missing", {"items": topics})))
    body.append(_status(card, language, zone))
    return "\n\n".join(body)


def _topic_line(topic: TopicResult) -> Msg:
    """A topic with a gap and its missing measures by name, marked like in the chat."""
    measures = tuple(_measure(m) for m in topic.missing)
    return Msg(
        f"staff.card.topic.{topic.status}", {"topic": Msg(f"topic.{topic.key}"), "items": measures}
    )


def _measure(measure: Measure) -> Msg:
    label = Msg(f"measure.{measure.key}.label")
    marked = mark(measure)
    if marked is None:
        return Msg("staff.card.measure", {"label": label})
    return Msg("staff.card.measure_marked", {"label": label, "mark": marked})


def _status(card: Card, language: str, zone: str) -> str:
    status = [Msg("staff.card.created", {"when": _when(card.created_at, language, zone)})]
    if card.claimed_by:
        status.append(Msg("staff.card.claimed", {"who": card.claimed_by}))
    if card.closed_by:
        status.append(Msg("staff.card.closed", {"who": card.closed_by}))
    return "\n".join(text(m, language, as_html=True) for m in status)


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
