"""Helpers that keep end-to-end tests reading like the prospect's side of the chat.

`await chat(p, "/start", "80.000", "[Nein]")` types twice and presses a button once;
`result_of(p).recommended` is the computed need as the prospect reads it beneath the headline,
`result_of(p).tier` the sum insured the headline names; `pdf_text(message)` what a sent
PDF report says.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from pypdf import PdfReader

from tests.fakes import ChatMessage, FakeBotApi, Prospect

T = TypeVar("T")

# How the prospect recognises the German questions the tests stop at.
IT_QUESTION = "Welchen Wert hat Ihre gesamte IT"
FUNDS_COVER_QUESTION = "Geld ersetzen, das Angreifer"
FUNDS_QUESTION = "Wie viel Geld ist auf Ihren Konten"
BI_COVER_QUESTION = "Betrieb nach einem Angriff stillsteht"

# Question 1 with 80.000 € of IT, then the shortest way through: no funds, no business
# interruption, an IT liability policy, no measures, no training. Result: 50 % of 80.000 €
# plus 10 % surcharge = 44.000 €.
SHORT_CONSULTATION = ("/start", "80.000", "[Nein]", "[Nein]", "[Ja]", "[Fertig]", "[Nein]")
# DESIGN.md's worked example, MFA ticked: 234.300 € computed, 250.000 € to ask for.
WORKED_EXAMPLE = (
    "/start",
    "80.000",
    "[Ja]",
    "25.000",
    "[Ja]",
    "30.000",
    "10.000",
    "[1 Mon.]",
    "5.000",
    "[Nein]",
    "2.000",
    "300",
    "[Weiß ich nicht]",
    "[⬜ Mehr-Faktor-Anmeldung (MFA)]",
    "[Fertig]",
    "[Nein]",
)

# German in Germany (234.300 €), German in Austria (€ 234.300), English (€234,300).
_MONEY = r"\d{1,3}(?:\.\d{3})* €|€ \d{1,3}(?:\.\d{3})*|€\d{1,3}(?:,\d{3})*"
_TABLE_ROW = re.compile(rf"^(?P<label>\S.*?)\s+(?P<amount>{_MONEY})$")
_ANSWERED_MARK = "✔"


async def chat(p: Prospect, *steps: str) -> None:
    """Plays the prospect's side: `[Ja]` presses a button, anything else is typed."""
    for step in steps:
        if step.startswith("[") and step.endswith("]"):
            await p.press(step[1:-1])
        else:
            await p.send(step)


def button_data(message: ChatMessage, label: str) -> str:
    """What pressing the button labelled `label` on `message` sends to the bot."""
    data = next(b.callback_data for b in message.buttons if b.text == label)
    assert data is not None, f"{label!r} is not a callback button"
    return data


async def act(p: Prospect, do: Callable[[], T]) -> T:
    """Does what `Prospect` has no verb for (a sticker, an edit, an old button) and waits,
    as `Prospect` does, until the bot has sent its answer and then kept quiet."""
    mark = len(p.api.requests())
    done = do()

    def answered() -> bool:
        mine = [r for r in p.api.requests()[mark:] if r.chat_id == p.chat_id]
        sent = any(r.ok and r.method == "sendMessage" for r in mine)
        running = any(r.status is None for r in mine)
        return sent and not running and time.monotonic() - mine[-1].at >= p.quiet

    await p.api.wait_for(answered)
    return done


@dataclass(frozen=True)
class Result:
    """The result message as the prospect reads it: the sum insured the headline names (`tier`),
    the computed need beneath it (`recommended`), and the table's rows."""

    recommended: str
    tier: str
    items: dict[str, str]


def result_of(p: Prospect) -> Result:
    """The latest result in the chat: the message that carries the itemised table."""
    message = next(m for m in reversed(p.api.messages(p.chat_id)) if _has_table(m))
    headline, need, *rest = message.text.split("\n\n")
    tier = re.findall(_MONEY, headline)[0]
    recommended = re.findall(_MONEY, need)[0]
    rows = (_TABLE_ROW.match(line) for line in "\n".join(rest).splitlines())
    items = {row["label"]: row["amount"] for row in rows if row}
    return Result(recommended, tier, items)


def _has_table(message: ChatMessage) -> bool:
    return any(entity.get("type") == "pre" for entity in message.entities)


def live_keyboards(p: Prospect) -> list[ChatMessage]:
    """Bot messages whose buttons still answer something (not removed, not marked ✔)."""
    return [
        m
        for m in p.api.messages(p.chat_id)
        if m.has_inline_keyboard
        and not all(label.startswith(_ANSWERED_MARK) for label in m.button_labels)
    ]


def pdf_text(message: ChatMessage) -> str:
    """What a PDF the bot sent says, its whitespace squeezed to single spaces."""
    assert message.kind == "document" and message.file is not None, "not a document"
    assert message.file.content is not None, "the document was not uploaded"
    assert (message.file.file_name or "").endswith(".pdf"), message.file.file_name
    reader = PdfReader(io.BytesIO(message.file.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def documents(api: FakeBotApi, chat_id: int) -> list[ChatMessage]:
    """The files the bot sent in a chat, as it shows them now."""
    return [m for m in api.messages(chat_id) if m.kind == "document"]


def assert_report_shows(report: str, result: Result, headline: str, need: str) -> None:
    """The PDF's text (`pdf_text`) names the chat's two sums, with its `headline` and `need`
    wording, and has the chat's table rows in order with the same amounts."""
    assert f"{headline} {result.tier}" in report
    assert f"{need} {result.recommended}" in report
    position = 0
    for label, amount in result.items.items():
        position = report.index(amount, report.index(label, position))


async def press_report_on_the_result(p: Prospect) -> ChatMessage:
    """Presses „Bericht als PDF“ on the result further up the chat (wherever the chat has got
    to since) and returns the document it brings."""
    sent = len(documents(p.api, p.chat_id))
    result = next(m for m in p.api.messages(p.chat_id) if "Bericht als PDF" in m.button_labels)
    p.api.user_presses(p.chat_id, result.message_id, button_data(result, "Bericht als PDF"))
    return (await p.api.wait_for(lambda: documents(p.api, p.chat_id)[sent:]))[0]
