"""`cyberbot preview`: everything a person reads, per language, as one HTML page to proof-read.

A broker (or a translator) reads what prospects and staff will see before going live,
without running a bot: the welcome and privacy texts, every question with its help, every
kind of refusal, the result, the contact flow with the status information and consent, the
privacy commands, the staff card and the PDF report — the same replies and renderers as in
Telegram, filled with the design's worked example.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

from bot.handoff.card import card_of, render_card
from bot.report import build_report, report_input_of_conversation
from bot.storage.brokers import BrokerInfo
from bot.storage.leads import LeadRecord
from dialogs.consultation import prompt, step
from dialogs.conversation import Conversation
from dialogs.events import Choose, Event, Help, RequestContact, Text
from dialogs.lead import lead_summary
from dialogs.render import label, render, text
from dialogs.replies import Msg, Reply
from dialogs.texts import AT, DEFAULT_COUNTRY, LANGUAGES

# The worked example from the design, typed as a prospect would.
SAMPLE_ANSWERS: tuple[str, ...] = (
    "80.000",
    "ja",
    "25.000",
    "ja",
    "30.000",
    "10.000",
    "1",
    "5.000",
    "nein",
    "2.000",
    "300",
    "weiß nicht",
    "fertig",
    "nein",
)
# One answer the core refuses for each kind of refusal, at the question where it occurs.
SAMPLE_REFUSALS: tuple[tuple[int, str], ...] = (
    (0, ""),
    (0, "zehn"),
    (0, "-5"),
    (0, "20 Mrd"),
    (1, "vielleicht"),
    (6, "0"),
    (6, "40"),
    (9, "2,5"),
    (9, "5 Mrd"),
    (12, "MFA"),
)
SAMPLE_CONTACT: tuple[Event, ...] = (
    Text("x"),
    Choose("suggested", "contact_name"),
    Text("12"),
    Text("erika@"),
    Text("+49 170 1234567"),
    Choose("morning", "contact_time"),
    Choose("consent", "contact_consent"),
)
BROKER = BrokerInfo(
    "muster",
    "Muster & Partner Versicherungsmakler GmbH",
    -100123,
    "030 1234567 · info@muster-partner.de",
    "Erstinformation (Beispiel): Muster & Partner Versicherungsmakler GmbH, "
    "Versicherungsmakler mit Erlaubnis nach § 34d Abs. 1 GewO, Registernummer D-XXXX-XXXXX-XX.",
)
SAMPLE_DAY = date(2026, 1, 5)

_PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Cyber-Deckungsbot – Vorschau</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #e7ebf0; margin: 2em; }}
section {{ display: inline-block; vertical-align: top; width: 28em; margin: 0 1em; }}
h3 {{ margin: 1.6em 0 .4em; color: #1f3a5f; }}
.bubble {{ background: #fff; border-radius: .8em; padding: .8em 1em; margin: .8em 0;
  white-space: pre-wrap; box-shadow: 0 1px 2px #0002; }}
.staff {{ background: #fdf8e8; }}
.buttons span {{ display: inline-block; background: #f4f8fb; border: 1px solid #c5d3e0;
  border-radius: .4em; padding: .2em .6em; margin: .15em; font-size: .9em; }}
pre {{ font-size: .85em; }}
object {{ width: 100%; height: 40em; border: 1px solid #c5d3e0; }}
</style></head><body>{sections}</body></html>
"""


def _bubble(reply: Reply, language: str, country: str = DEFAULT_COUNTRY) -> str:
    buttons = "".join(
        f"<span>{html.escape(label(option, language, country=country))}</span>"
        for option in (*reply.options, *reply.navigation)
    )
    body = render(reply, language, as_html=True, country=country)
    return f'<div class="bubble">{body}<div class="buttons">{buttons}</div></div>'


def _text_bubble(message: Msg, language: str, country: str = DEFAULT_COUNTRY) -> str:
    body = text(message, language, as_html=True, country=country)
    return f'<div class="bubble">{body}</div>'


def _finished(language: str) -> Conversation:
    conversation = Conversation(language=language)
    for answer in SAMPLE_ANSWERS:
        conversation = step(conversation, Text(answer)).conversation
    return conversation


def _questions(language: str) -> Iterator[Reply]:
    """Each question with its help text (what „Was zählt dazu?“ shows)."""
    conversation = Conversation(language=language)
    for answer in SAMPLE_ANSWERS:
        yield from step(conversation, Help()).replies
        conversation = step(conversation, Text(answer)).conversation


def _refusals(language: str) -> Iterator[Reply]:
    conversation = Conversation(language=language)
    for number, answer in enumerate(SAMPLE_ANSWERS):
        for at, refused in SAMPLE_REFUSALS:
            if at == number:
                yield from step(conversation, Text(refused)).replies
        conversation = step(conversation, Text(answer)).conversation


def _contact(conversation: Conversation) -> Iterator[Reply]:
    outcome = step(conversation, RequestContact(BROKER.name, "Erika Muster"))
    yield from outcome.replies
    for event in SAMPLE_CONTACT:
        outcome = step(outcome.conversation, event)
        yield from outcome.replies


def _card(conversation: Conversation, language: str) -> str:
    contact = {"name": "Erika Muster", "phone": "+49 170 1234567", "time": "morning"}
    consented = conversation.model_copy(update={"contact": contact})
    summary = lead_summary(consented, status_info=BROKER.status_info).to_dict()
    created = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    lead = LeadRecord(
        id=1,
        chat_id=4711,
        user_id=4711,
        username="erika_m",
        broker_code=BROKER.code,
        broker_name=BROKER.name,
        campaign="newsletter",
        staff_chat_id=BROKER.staff_chat_id,
        summary=summary,
        status="new",
        card_message_id=None,
        card_sent_at=None,
        claimed_by=None,
        claimed_at=None,
        closed_by=None,
        closed_at=None,
        created_at=created,
    )
    return f'<div class="bubble staff">{render_card(card_of(lead), language)}</div>'


def _pdf(conversation: Conversation) -> str:
    report = build_report(report_input_of_conversation(conversation, BROKER, SAMPLE_DAY))
    data = base64.b64encode(report.content).decode("ascii")
    uri = f"data:application/pdf;base64,{data}"
    name = html.escape(report.filename)
    return (
        f'<object data="{uri}" type="application/pdf"></object>'
        f'<p><a href="{uri}" download="{name}">{name}</a></p>'
    )


def _language_section(language: str) -> str:
    conversation = _finished(language)
    welcome = Msg("welcome", {"broker": BROKER.name, "days": 30})
    status = Msg("contact.status_info_title", {"broker": BROKER.name})
    parts = [
        f"<h2>{language}</h2>",
        "<h3>Start</h3>",
        _text_bubble(welcome, language),
        _text_bubble(Msg("tg.privacy_hint"), language),
        "<h3>Fragen und Hilfe</h3>",
        *(_bubble(reply, language) for reply in _questions(language)),
        "<h3>Ablehnungen</h3>",
        *(_bubble(reply, language) for reply in _refusals(language)),
        "<h3>Ergebnis</h3>",
        *(_bubble(reply, language) for reply in prompt(conversation)),
        *(_bubble(reply, language) for reply in step(conversation, Help()).replies),
        "<h3>Kontakt, Erstinformation, Einwilligung</h3>",
        f'<div class="bubble">{text(status, language, as_html=True)}\n\n'
        f"{html.escape(BROKER.status_info or '')}</div>",
        _text_bubble(Msg("contact.status_info_missing", {"broker": BROKER.name}), language),
        *(_bubble(reply, language) for reply in _contact(conversation)),
        _text_bubble(Msg("report.caption"), language),
        "<h3>Datenschutz</h3>",
        _text_bubble(Msg("tg.privacy", {"broker": BROKER.name, "days": 30}), language),
        *(
            _text_bubble(Msg(key), language)
            for key in ("tg.mydata.caption", "tg.delete.ask", "tg.delete.kept", "tg.delete.done")
        ),
        _text_bubble(Msg("tg.cancelled"), language),
        "<h3>Anfrage im Mitarbeiter-Chat</h3>",
        _card(conversation, language),
        _text_bubble(Msg("staff.report.caption", {"number": "1"}), language),
        _text_bubble(Msg("staff.card.too_long", {"number": "1", "broker": BROKER.name}), language),
        "<h3>PDF-Bericht</h3>",
        _pdf(conversation),
    ]
    return f"<section>{''.join(parts)}</section>"


def _austrian_section() -> str:
    """What differs for an Austrian broker: money, dates, the status information's wording."""
    conversation = _finished("de")
    austria = replace(BROKER, status_info=None, country=AT)
    status = Msg("contact.status_info_title", {"broker": BROKER.name})
    report = report_input_of_conversation(conversation, austria, SAMPLE_DAY)
    data = base64.b64encode(build_report(report).content).decode("ascii")
    parts = [
        "<h2>de · Österreich</h2>",
        *(_bubble(reply, "de", AT) for reply in prompt(conversation)),
        _text_bubble(status, "de", AT),
        _text_bubble(Msg("contact.status_info_missing", {"broker": BROKER.name}), "de", AT),
        f'<object data="data:application/pdf;base64,{data}" type="application/pdf"></object>',
    ]
    return f"<section>{''.join(parts)}</section>"


def preview_html() -> str:
    sections = [_language_section(language) for language in LANGUAGES]
    sections.append(_austrian_section())
    return _PAGE.format(sections="".join(sections))
