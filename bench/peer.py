"""The yardstick: the same consultation as a typical python-telegram-bot developer writes it.

Written the way PTB's own examples teach (conversationbot.py, persistentconversationbot.py): a
`ConversationHandler` with one state per question, the answers in `context.user_data`, inline
buttons with the bot's callback data (`question|value`, so the updates the bot got can be played
here unchanged), its own small German number parser and its own calculation, and a persistence
that commits every update (`bench.peer_persistence`). It imports nothing of the bot, nor of
`dialogs`: its cost is its own. The parent checks afterwards that every prospect's result, kept
in `user_data["result"]`, is the bot's (see `bench.expected`).

The calculation is written out (about twenty lines) rather than taken from
`dialogs.coverage`: a peer writes it itself, `dialogs.coverage` validates pydantic models on
every call, which is the bot's cost and not the peer's, and an independent calculation that
must reach the bot's totals checks both.

It does what the bot does per update, in the same Bot API calls: a typed or tapped answer
closes the last question's buttons („✔ 80.000 €"), a tap is acknowledged, the next question
goes out with its buttons and navigation (back, help), the checklist is edited in place, and
the result comes as two messages. It does not do the contact flow, the handoff to the broker,
a second language, /meinedaten and the rest: none of it is in the benchmark's traffic.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import warnings
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bench.harness import AnyApplication, Conversation, Cue, check, play, processed, running
from bench.measurement import Measurement
from bench.offline_request import TOKEN, OfflineRequest, OfflineTelegram
from bench.peer_persistence import SQLitePersistence

Context = ContextTypes.DEFAULT_TYPE
Handler = Callable[[Update, Context], Coroutine[Any, Any, str | None]]

SUMMARY = "summary"
YES, NO, UNSURE, UNKNOWN, DONE = "yes", "no", "unsure", "unknown", "done"

# --- Numbers as Germans type them -------------------------------------------------------

MAX_AMOUNT = 10_000_000_000
_ZERO_WORDS = {"0", "kein", "keine", "keinen", "nichts", "null"}
_SCALE = {"k": 3, "t": 3, "t€": 3, "teur": 3, "tsd": 3, "tausend": 3}
_SCALE |= dict.fromkeys(("mio", "million", "millionen"), 6)
_AMOUNT = re.compile(
    r"(?:ca\.? )?(?:€ )?(?P<number>\d(?:[\d., ]*\d)?)"
    r"(?: ?(?P<scale>tausend|tsd|teur|t€|t|k|millionen|million|mio)\.?)?"
    r"(?: ?(?:€|eur|euro))?"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


class NotUnderstood(ValueError):
    """A typed answer that is not one; the message says what is expected."""


def _number(text: str) -> Decimal:
    """The exact value typed: 80.000, 80000, 80 000 €, 80k, 80 Tsd., 80 T€, 1,5 Mio, 0, keine."""
    cleaned = " ".join(text.lower().split())
    if cleaned.removesuffix(".") in _ZERO_WORDS:
        return Decimal(0)
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise NotUnderstood(f"„{text.strip()}“ ist keine Zahl. Bitte so: 80.000 oder 1,5 Mio.")
    scale = _SCALE[match["scale"]] if match["scale"] else 0
    digits = match["number"].replace(" ", "")
    if "," in digits:  # the decimal comma; dots group thousands
        whole, _, fraction = digits.rpartition(",")
        whole = whole.replace(".", "")
    elif _THOUSANDS.fullmatch(digits) and scale < 6:  # 80.000; but 1.250 Mio is 1,25 Mio
        whole, fraction = digits.replace(".", ""), ""
    else:
        whole, _, fraction = digits.partition(".")
    if not whole.isdigit() or not (fraction or "0").isdigit():
        raise NotUnderstood(f"„{text.strip()}“ kann ich nicht lesen. Bitte so: 80.000")
    value = Decimal(f"{whole}.{fraction or 0}").scaleb(scale)
    if value > MAX_AMOUNT:
        raise NotUnderstood("Das ist mehr als 10 Milliarden. Bitte prüfen Sie die Eingabe.")
    return value


def parse_amount(text: str) -> int:
    """Whole euros, rounded half up."""
    return int(_number(text).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_count(text: str) -> int:
    """A whole number of records."""
    value = _number(text)
    if value != value.to_integral_value():
        raise NotUnderstood("Bitte eine ganze Zahl, z. B. 2.000.")
    return int(value)


def parse_months(text: str) -> int:
    """Whole months from 1 to 36; "3 Monate" is fine."""
    months = parse_count(re.sub(r"\s*monat(e|en)?\.?$", "", text.strip().lower()))
    if not 1 <= months <= 36:
        raise NotUnderstood("Bitte eine Zahl von Monaten zwischen 1 und 36.")
    return months


def euros(amount: int) -> str:
    """80000 → 80.000 €"""
    return f"{amount:,} €".replace(",", ".")


# --- The calculation (DESIGN.md, "The calculation") --------------------------------------

# The steps insurers sell cover in; above the last, whole millions.
TIERS: tuple[int, ...] = (100_000, 250_000, 500_000, 750_000, 1_000_000, 1_500_000)
TIERS += (2_000_000, 3_000_000, 5_000_000, 10_000_000)


def _half_up(amount: Decimal) -> int:
    return int(amount.to_integral_value(rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Recommendation:
    items: dict[str, int]
    subtotal: int
    surcharge: int
    total: int
    recommended: int  # the total, or the client damage when that is higher
    tier: int


def recommendation(answers: dict[str, Any]) -> Recommendation:
    """The itemised sum insured, its total, the raise to client damage and the cover step."""
    items = {"it_restoration": _half_up(Decimal(answers["it_value"]) / 2)}
    if answers.get("funds_cover"):
        items["funds"] = answers["funds"]
    if answers.get("bi_cover"):
        monthly = answers["monthly_costs"] + answers["monthly_profit"]
        items["business_interruption"] = monthly * max(1, answers["outage_months"])
        items["penalties"] = answers["penalties"]
    third_party = answers.get("it_liability") != YES
    if third_party:
        items["records"] = 50 * answers["records"]
        items["payment_records"] = 10 * answers["payment_records"]
    subtotal = sum(items.values())
    surcharge = _half_up(Decimal(subtotal) / 10)
    total = subtotal + surcharge
    client_damage = answers.get("client_damage") if third_party else None
    recommended = max(total, client_damage or 0)
    tier = next((t for t in TIERS if recommended <= t), -(-recommended // 10**6) * 10**6)
    return Recommendation(items, subtotal, surcharge, total, recommended, tier)


# --- The questions -----------------------------------------------------------------------

MEASURES = {
    "updates": "Sicherheitsupdates zeitnah",
    "antivirus": "Virenschutz",
    "encryption": "Verschlüsselte Datenträger",
    "firewall": "Konfigurierte Firewall",
    "backup": "Datensicherung außer Haus",
    "mfa": "Mehr-Faktor-Anmeldung (MFA)",
    "emergency_plan": "Notfallplan",
    "emergency_contact": "Notfallnummer für IT-Hilfe",
}
KNOCKOUT = ("mfa", "backup", "updates")
YES_NO = ((YES, "Ja"), (NO, "Nein"))


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    help: str
    parse: Callable[[str], int] | None = None  # None: buttons only
    buttons: tuple[tuple[str, str], ...] = ()  # (value, label)


QUESTIONS = {
    q.key: q
    for q in (
        Question(
            "it_value",
            "Was sind alle IT-Systeme Ihres Unternehmens zusammen wert?",
            "Server, PCs, Laptops, Handys, Telefonanlage, Drucker, Website und Intranet.",
            parse_amount,
        ),
        Question(
            "funds_cover",
            "Soll die Versicherung Geld ersetzen, das Angreifer von Ihren Konten abziehen?",
            "Etwa nach einer gefälschten Zahlungsanweisung.",
            buttons=YES_NO,
        ),
        Question(
            "funds",
            "Wie viel Geld ist auf Ihren Konten kurzfristig verfügbar?",
            "Guthaben und Kreditlinien, auf die ein Angreifer zugreifen könnte.",
            parse_amount,
        ),
        Question(
            "bi_cover",
            "Soll die Versicherung zahlen, wenn Ihr Betrieb nach einem Angriff stillsteht?",
            "Die Betriebsunterbrechung ersetzt Kosten und entgangenen Gewinn.",
            buttons=YES_NO,
        ),
        Question(
            "monthly_costs",
            "Wie hoch sind Ihre laufenden Kosten pro Monat?",
            "Löhne, Miete, Leasing und alles, was auch im Stillstand anfällt.",
            parse_amount,
        ),
        Question(
            "monthly_profit",
            "Wie hoch ist Ihr Betriebsgewinn pro Monat? 0 ist möglich.",
            "Der Gewinn, der in einem Monat Stillstand entginge.",
            parse_amount,
            (("0", "Kein Gewinn"),),
        ),
        Question(
            "outage_months",
            "Wie viele Monate könnte ein Ausfall im schlimmsten Fall dauern?",
            "Die meisten Betriebe sind nach ein bis drei Monaten wieder arbeitsfähig.",
            parse_months,
            (("1", "1 Monat"), ("2", "2 Monate"), ("3", "3 Monate"), ("6", "6 Monate")),
        ),
        Question(
            "penalties",
            "Welche Vertragsstrafen könnte ein Ausfall auslösen?",
            "Etwa wenn Sie zugesagte Fristen oder Verfügbarkeiten nicht einhalten.",
            parse_amount,
            (("0", "Keine"),),
        ),
        Question(
            "it_liability",
            "Deckt eine IT-Haftpflicht schon Schäden ab, die Dritten entstehen?",
            "Sehen Sie in Ihrer Betriebs- oder Berufshaftpflicht nach.",
            buttons=((YES, "Ja"), (NO, "Nein"), (UNSURE, "Weiß nicht")),
        ),
        Question(
            "records",
            "Wie viele personenbezogene Datensätze speichern Sie?",
            "Kunden, Mitarbeitende und Partner, je Person ein Datensatz.",
            parse_count,
        ),
        Question(
            "payment_records",
            "Wie viele Bank- oder Kreditkartendaten speichern Sie?",
            "Jede gespeicherte Kontoverbindung oder Karte zählt.",
            parse_count,
            (("0", "Keine"),),
        ),
        Question(
            "client_damage",
            "Wie hoch wäre der größte Schaden, den ein Kunde von Ihnen fordern könnte?",
            "Eine vereinbarte Haftungsgrenze oder Ihre Schätzung.",
            parse_amount,
            ((UNKNOWN, "Weiß nicht"),),
        ),
        Question(
            "measures",
            "Welche dieser Maßnahmen haben Sie? Tippen Sie alle an, dann auf „Fertig“.",
            "Versicherer fragen danach; einige sind Bedingung für den Vertrag.",
        ),
        Question(
            "training",
            "Werden Ihre Mitarbeitenden regelmäßig zu IT-Sicherheit geschult?",
            "Etwa eine Phishing-Schulung im letzten Jahr.",
            buttons=YES_NO,
        ),
    )
}
ORDER = tuple(QUESTIONS)
_BUSINESS_INTERRUPTION = ("monthly_costs", "monthly_profit", "outage_months", "penalties")
_THIRD_PARTY = ("records", "payment_records", "client_damage")


def asked(key: str, answers: dict[str, Any]) -> bool:
    """Whether the answers so far lead to this question."""
    if key == "funds":
        return answers.get("funds_cover") is True
    if key in _BUSINESS_INTERRUPTION:
        return answers.get("bi_cover") is True
    if key in _THIRD_PARTY:
        return answers.get("it_liability") != YES
    return True


def next_question(key: str, answers: dict[str, Any]) -> str:
    return next((k for k in ORDER[ORDER.index(key) + 1 :] if asked(k, answers)), SUMMARY)


def choice(key: str, value: str) -> object:
    """A tapped button as the answer stored."""
    if value in (YES, NO) and key != "it_liability":
        return value == YES
    if value == UNKNOWN:
        return None
    return int(value) if value.isdigit() else value


# --- Handlers ----------------------------------------------------------------------------


def _data(context: Context) -> dict[Any, Any]:
    assert context.user_data is not None
    return context.user_data


def _keyboard(key: str, data: dict[Any, Any]) -> InlineKeyboardMarkup:
    """The question's buttons, then back (from the second question on) and help."""
    if key == "measures":
        ticked = data["answers"].get("measures", [])
        rows = [
            [
                InlineKeyboardButton(
                    f"{'☑' if m in ticked else '☐'} {label}", callback_data=f"{key}|{m}"
                )
            ]
            for m, label in MEASURES.items()
        ]
        rows.append([InlineKeyboardButton("Fertig", callback_data=f"{key}|{DONE}")])
    else:
        buttons = [
            InlineKeyboardButton(t, callback_data=f"{key}|{v}") for v, t in QUESTIONS[key].buttons
        ]
        rows = [buttons] if buttons else []
    navigation = [InlineKeyboardButton("Was zählt dazu?", callback_data=f"{key}|help")]
    if data["history"]:
        navigation.insert(0, InlineKeyboardButton("◀ Zurück", callback_data=f"{key}|back"))
    return InlineKeyboardMarkup([*rows, navigation])


def _answered(caption: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"✔ {caption}", callback_data="|noop")]])


async def ask(update: Update, context: Context, key: str, lead: str = "") -> str:
    """Send question `key` with its buttons; its message is the one answers close."""
    data = _data(context)
    assert update.effective_chat is not None
    message = await context.bot.send_message(
        update.effective_chat.id,
        f"{lead}{QUESTIONS[key].text}",
        parse_mode=ParseMode.HTML,
        reply_markup=_keyboard(key, data),
    )
    data["asking"], data["prompt"] = key, message.message_id
    return key


async def start(update: Update, context: Context) -> str:
    data = _data(context)
    data.clear()
    data.update(answers={}, history=[], source=context.args[0] if context.args else None)
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        "Guten Tag! Ich bin ein automatischer Assistent Ihres Versicherungsmaklers und ermittle "
        "mit Ihnen die passende Versicherungssumme für eine Cyber-Versicherung. Ihre Antworten "
        "speichere ich 30 Tage für Ihren Makler; /abbrechen beendet das Gespräch."
    )
    return await ask(update, context, ORDER[0])


async def accept(update: Update, context: Context, key: str, value: object, caption: str) -> str:
    """Store the answer, close the question's buttons, ask the next one (or give the result)."""
    data = _data(context)
    data["answers"][key] = value
    data["history"].append(key)
    if update.callback_query is not None:
        await update.callback_query.edit_message_reply_markup(_answered(caption))
    else:
        assert update.effective_chat is not None
        await context.bot.edit_message_reply_markup(
            update.effective_chat.id, data["prompt"], reply_markup=_answered(caption)
        )
    following = next_question(key, data["answers"])
    if following == SUMMARY:
        return await summarize(update, context)
    return await ask(update, context, following, f"<i>{caption} notiert.</i>\n\n")


def _caption(question: Question, value: int) -> str:
    """How a typed answer is confirmed: 80.000 €, 2.000, 3 Monate."""
    if question.parse is parse_months:
        return f"{value} Monat{'e' if value != 1 else ''}"
    if question.parse is parse_count:
        return f"{value:,}".replace(",", ".")
    return euros(value)


def typed(question: Question) -> Handler:
    async def answer(update: Update, context: Context) -> str:
        assert update.effective_message is not None and update.effective_message.text
        text = update.effective_message.text
        if question.key == "client_damage" and text.strip().lower() in ("weiß nicht", "?"):
            return await accept(update, context, question.key, None, "Weiß nicht")
        try:
            assert question.parse is not None
            value = question.parse(text)
        except NotUnderstood as refusal:
            return await ask(update, context, question.key, f"{html.escape(str(refusal))}\n\n")
        return await accept(update, context, question.key, value, _caption(question, value))

    return answer


def tapped(question: Question) -> Handler:
    labels = dict(question.buttons)

    async def answer(update: Update, context: Context) -> str:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer()
        value = query.data.split("|", 1)[1]
        return await accept(
            update, context, question.key, choice(question.key, value), labels[value]
        )

    return answer


def use_buttons(question: Question) -> Handler:
    async def hint(update: Update, context: Context) -> str:
        return await ask(
            update, context, question.key, "Bitte tippen Sie auf einen der Knöpfe.\n\n"
        )

    return hint


async def toggle(update: Update, context: Context) -> str:
    """Tick or untick a measure; the checklist is edited in place."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    data = _data(context)
    measure = query.data.split("|", 1)[1]
    ticked = data["answers"].get("measures", [])
    ticked = [m for m in ticked if m != measure] if measure in ticked else [*ticked, measure]
    data["answers"]["measures"] = [m for m in MEASURES if m in ticked]
    await query.edit_message_reply_markup(_keyboard("measures", data))
    return "measures"


async def measures_done(update: Update, context: Context) -> str:
    assert update.callback_query is not None
    await update.callback_query.answer()
    ticked = _data(context)["answers"].get("measures", [])
    return await accept(update, context, "measures", ticked, f"{len(ticked)} Maßnahmen")


async def summarize(update: Update, context: Context) -> str:
    """The result: the sum to ask for, the itemised table, then the missing measures."""
    data = _data(context)
    answers = data["answers"]
    result = recommendation(answers)
    # Kept for the broker's lead, and read back by the benchmark to check the sum.
    data["result"] = {"total": result.total, "recommended": result.recommended, "tier": result.tier}
    labels = {
        "it_restoration": f"IT-Wiederherstellung (50 % von {euros(answers['it_value'])})",
        "funds": "Konten und Zahlungsmittel",
        "business_interruption": "Betriebsunterbrechung",
        "penalties": "Vertragsstrafen",
        "records": f"Personenbezogene Daten ({answers.get('records', 0):,} × 50 €)",
        "payment_records": f"Bank- und Kartendaten ({answers.get('payment_records', 0):,} × 10 €)",
    }
    lines = [
        f"<b>Fragen Sie Versicherer nach {euros(result.tier)} Versicherungssumme.</b>",
        f"Berechneter Bedarf: {euros(result.recommended)}",
        "",
        *(f"{labels[key]}: {euros(amount)}" for key, amount in result.items.items()),
        f"<b>Zwischensumme: {euros(result.subtotal)}</b>",
        f"Sicherheitszuschlag 10 %: {euros(result.surcharge)}",
        f"<b>Gesamt: {euros(result.total)}</b>",
    ]
    if result.recommended > result.total:
        lines.append(f"Angehoben auf den möglichen Kundenschaden: {euros(result.recommended)}")
    if answers.get("it_liability") == YES:
        lines.append("Drittschäden trägt schon Ihre IT-Haftpflicht; sie sind nicht eingerechnet.")
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    await context.bot.send_message(chat_id, "\n".join(lines), parse_mode=ParseMode.HTML)
    present = set(answers.get("measures", [])) | (
        {"training"} if answers.get("training") else set()
    )
    missing = [
        f"• {label}{' (Ausschlusskriterium)' if key in KNOCKOUT else ''}"
        for key, label in {**MEASURES, "training": "Schulung der Mitarbeitenden"}.items()
        if key not in present
    ]
    text = "Es fehlen noch:\n" + "\n".join(missing) if missing else "Alle Maßnahmen sind da."
    actions = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Mit dem Makler sprechen", callback_data=f"{SUMMARY}|contact")],
            [InlineKeyboardButton("Neu beginnen", callback_data=f"{SUMMARY}|restart")],
        ]
    )
    await context.bot.send_message(chat_id, text, reply_markup=actions)
    data["asking"] = SUMMARY
    return SUMMARY


async def summary_action(update: Update, context: Context) -> str:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    if query.data.endswith("|restart"):
        return await start(update, context)
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, "Ihr Makler meldet sich bei Ihnen.")
    return SUMMARY


async def navigate(update: Update, context: Context) -> str | None:
    """back and help under the current question; stale buttons are only acknowledged."""
    query = update.callback_query
    assert query is not None and query.data is not None
    data = _data(context)
    key, _, action = query.data.partition("|")
    if key != data.get("asking") or key == SUMMARY:
        await query.answer("Dieser Knopf gilt nicht mehr.")
        return None
    await query.answer()
    if action == "help":
        return await ask(update, context, key, f"<i>{QUESTIONS[key].help}</i>\n\n")
    await query.edit_message_reply_markup(None)
    if not data["history"]:
        return await ask(update, context, key)
    return await ask(update, context, data["history"].pop())


async def cancel(update: Update, context: Context) -> int:
    assert update.effective_message is not None
    await update.effective_message.reply_text("Beendet. Mit /start beginnen Sie neu.")
    _data(context).clear()
    return ConversationHandler.END


def consultation() -> ConversationHandler[Context]:
    """One state per question, plus the result."""
    text = filters.TEXT & ~filters.COMMAND
    states: dict[object, list[BaseHandler[Update, Context, Any]]] = {}
    for key, question in QUESTIONS.items():
        handlers: list[BaseHandler[Update, Context, Any]] = []
        if key == "measures":
            pattern = "|".join(MEASURES)
            handlers.append(CallbackQueryHandler(toggle, pattern=rf"^measures\|({pattern})$"))
            handlers.append(CallbackQueryHandler(measures_done, pattern=rf"^measures\|{DONE}$"))
        if question.buttons:
            values = "|".join(value for value, _ in question.buttons)
            handlers.append(CallbackQueryHandler(tapped(question), pattern=rf"^{key}\|({values})$"))
        handlers.append(
            MessageHandler(text, typed(question) if question.parse else use_buttons(question))
        )
        states[key] = handlers
    states[SUMMARY] = [CallbackQueryHandler(summary_action, pattern=rf"^{SUMMARY}\|")]
    with warnings.catch_warnings():
        # "CallbackQueryHandler will not be tracked for every message": by design, one
        # conversation per chat, as in PTB's examples.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[CommandHandler("start", start)],
            states=states,
            fallbacks=[CommandHandler("abbrechen", cancel), CallbackQueryHandler(navigate)],
            name="consultation",
            persistent=True,
            allow_reentry=True,
        )


class DurableApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB writes its persistence every `update_interval` seconds; this, after every update."""

    async def process_update(self, update: object) -> None:
        await super().process_update(update)
        await self.update_persistence()


def peer_bot(telegram: OfflineTelegram, database: str | Path) -> AnyApplication:
    request = OfflineRequest(telegram)
    application: AnyApplication = (
        Application.builder()
        .application_class(DurableApplication)
        .token(TOKEN)
        .request(request)
        .get_updates_request(request)
        .persistence(SQLitePersistence(database))
        .build()
    )
    application.add_handler(consultation())
    return application


# --- As a benchmark worker ---------------------------------------------------------------


async def run(args: argparse.Namespace, cue: Cue) -> Measurement:
    """Replay the first `args.conversations` of `args.replay`, after its first `args.warm_up`.

    The warm-up conversations are played again in the timed part; /start begins them anew.
    """
    telegram = OfflineTelegram()
    application = peer_bot(telegram, args.database)
    replay = Path(args.replay)
    warm_up = islice(_conversations(replay), args.warm_up)
    conversations = islice(_conversations(replay), args.conversations)
    async with running(application) as errors:
        deliver = processed(application)
        timings = await play(deliver, telegram, warm_up, conversations, args.concurrency, cue)
    check(errors, telegram)
    return Measurement.of(timings, dict(telegram.calls))


def _conversations(path: Path) -> Iterator[Conversation]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)
