"""The fake Bot API behaves as Telegram does for a real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes import ButtonPress, FakeBotApi, Prospect
from tests.fakes.bot_api import SECRET_HEADER
from tests.fakes.telegram_html import parse_html

CHAT = 1
YES_NO = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Ja", callback_data="yes"),
            InlineKeyboardButton("Nein", callback_data="no"),
        ]
    ]
)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        fake.user_sends_text(CHAT, "/start")
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url) as client:
        yield client


Receiver = Callable[[list[int]], Awaitable[tuple[str, list[tuple[str | None, object]]]]]


@pytest.fixture
async def webhook_receiver() -> AsyncIterator[Receiver]:
    """A tiny webhook endpoint on 127.0.0.1 that answers with the given statuses in turn."""
    runners: list[web.AppRunner] = []

    async def start(statuses: list[int]) -> tuple[str, list[tuple[str | None, object]]]:
        received: list[tuple[str | None, object]] = []

        async def receive(request: web.Request) -> web.Response:
            received.append((request.headers.get(SECRET_HEADER), await request.json()))
            return web.Response(status=statuses.pop(0) if statuses else 200)

        app = web.Application()
        app.router.add_post("/hook", receive)
        runner = web.AppRunner(app)
        await runner.setup()
        runners.append(runner)
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        return f"http://127.0.0.1:{runner.addresses[0][1]}/hook", received

    yield start
    for runner in runners:
        await runner.cleanup()


async def test_get_me_names_the_bot_behind_the_token(api: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.id, me.username, me.is_bot) == (123, api.bot_username, True)


async def test_user_sees_rendered_html_and_inline_buttons(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(
        CHAT, "Haben Sie <b>Backups</b> &amp; MFA?", parse_mode="HTML", reply_markup=YES_NO
    )

    shown = api.last_message(CHAT)
    assert shown.text == "Haben Sie Backups & MFA?"
    assert shown.button_labels == ["Ja", "Nein"]
    assert shown.message_id == sent.message_id
    assert sent.text_html == "Haben Sie <b>Backups</b> &amp; MFA?"
    assert sent.reply_markup == YES_NO


async def test_edit_without_keyboard_replaces_text_and_removes_buttons(
    api: FakeBotApi, bot: Bot
) -> None:
    sent = await bot.send_message(CHAT, "Haben Sie Backups?", reply_markup=YES_NO)

    edited = await bot.edit_message_text("Haben Sie Backups? – Ja", CHAT, sent.message_id)

    shown = api.last_message(CHAT)
    assert isinstance(edited, Message) and edited.text == shown.text == "Haben Sie Backups? – Ja"
    assert shown.buttons == []
    assert [version.text for version in shown.history] == ["Haben Sie Backups?"]


async def test_edit_that_changes_nothing_is_refused(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "Haben Sie Backups?", reply_markup=YES_NO)

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "Haben Sie Backups?", CHAT, sent.message_id, reply_markup=YES_NO
        )
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=YES_NO)
    assert api.last_message(CHAT).history == []


async def test_missing_messages_cannot_be_edited_or_deleted(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "Hallo")
    assert await bot.delete_message(CHAT, sent.message_id)

    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("Neu", CHAT, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(CHAT, sent.message_id)
    assert api.messages(CHAT) == []


async def test_pressed_button_arrives_by_long_poll_and_is_answered_once(
    api: FakeBotApi, bot: Bot
) -> None:
    start = await bot.get_updates(timeout=5)
    sent = await bot.send_message(CHAT, "Weiter?", reply_markup=YES_NO)

    api.user_presses(CHAT, sent.message_id, "yes")
    updates = await bot.get_updates(offset=start[-1].update_id + 1, timeout=5)

    assert [update.callback_query.data for update in updates if update.callback_query] == ["yes"]
    query = updates[0].callback_query
    assert query is not None and query.message is not None
    assert query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id, text="Danke")
    with pytest.raises(BadRequest, match=r"(?i)query ID is invalid"):
        await bot.answer_callback_query(query.id)
    presses = [entry for entry in api.chat_log(CHAT) if isinstance(entry, ButtonPress)]
    assert [(press.label, press.answer) for press in presses] == [("Ja", {"text": "Danke"})]


async def test_long_poll_waits_until_a_user_writes(api: FakeBotApi, bot: Bot) -> None:
    start = await bot.get_updates()
    offset = start[-1].update_id + 1
    poll = asyncio.create_task(bot.get_updates(offset=offset, timeout=30))
    await api.wait_for(lambda: api.requests("getUpdates")[-1].status is None)
    assert not poll.done()

    sent = api.user_sends_text(CHAT, "/start broker42")
    updates = await poll

    assert [update.update_id for update in updates] == [sent.update_id]
    message = updates[0].message
    assert message is not None and message.text == "/start broker42"
    assert message.parse_entities() == {message.entities[0]: "/start"}
    confirmed = await bot.get_updates(offset=sent.update_id + 1, timeout=0)
    assert confirmed == ()


async def test_redelivered_update_reaches_the_bot_again(api: FakeBotApi, bot: Bot) -> None:
    first = await bot.get_updates()
    api.redeliver(first[0].to_dict())

    again = await bot.get_updates(offset=first[-1].update_id + 1)

    assert [update.update_id for update in again] == [first[0].update_id]


async def test_second_poller_ends_the_first_with_conflict(api: FakeBotApi, bot: Bot) -> None:
    await bot.get_updates()
    waiting = asyncio.create_task(bot.get_updates(offset=10**6, timeout=30))
    await api.wait_for(lambda: api.requests("getUpdates")[-1].status is None)

    async with Bot(api.token, base_url=api.base_url) as second_instance:
        await second_instance.get_updates(timeout=0)

    with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates request"):
        await waiting


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_rate_limit_surfaces_as_retry_after_and_then_passes(
    api: FakeBotApi, bot: Bot
) -> None:
    api.fail("sendMessage", status=429, retry_after=3)

    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(CHAT, "Hallo")
    await bot.send_message(CHAT, "Hallo")

    assert refused.value.retry_after in (3, dtm.timedelta(seconds=3))
    assert [m.text for m in api.messages(CHAT)] == ["Hallo"]
    assert [r.status for r in api.requests("sendMessage")] == [429, 200]


async def test_failure_can_target_one_chat(api: FakeBotApi, bot: Bot) -> None:
    api.user_sends_text(2, "/start")
    api.fail("sendMessage", status=403, chat_id=2)

    with pytest.raises(Forbidden, match=r"(?i)blocked"):
        await bot.send_message(2, "Hallo")
    await bot.send_message(CHAT, "Hallo")

    assert [m.text for m in api.messages(CHAT)] == ["Hallo"]
    assert api.messages(2) == []


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>fett", 'Can\'t find end tag corresponding to start tag "b"'),
        ("Umsatz < 1 Mio", 'Unsupported start tag "" at byte offset 7'),
        ("Zeile<br>Zeile", 'Unsupported start tag "br" at byte offset 5'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
    ],
)
async def test_broken_html_is_refused_like_telegram(
    api: FakeBotApi, bot: Bot, html: str, error: str
) -> None:
    with pytest.raises(BadRequest) as refused:
        await bot.send_message(CHAT, html, parse_mode="HTML")

    assert refused.value.message.startswith("Can't parse entities")
    assert api.requests("sendMessage")[-1].description == (
        f"Bad Request: can't parse entities: {error}"
    )
    assert api.messages(CHAT) == []


def test_html_entities_and_links_render_as_on_telegram() -> None:
    text, entities = parse_html(
        'Tom & Jerry: 5 &lt; 6 &#8364; <a href="https://example.com/?a=1&amp;b=2">Link</a>'
    )

    assert text == "Tom & Jerry: 5 < 6 € Link"
    assert entities == [
        {"type": "text_link", "offset": 21, "length": 4, "url": "https://example.com/?a=1&b=2"}
    ]


def test_html_offsets_count_utf16_like_telegram() -> None:
    text, entities = parse_html("🛡️ <b>Schutz</b>")

    assert text == "🛡️ Schutz"
    assert entities == [{"type": "bold", "offset": 4, "length": 6}]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "message text is empty"),
        ("<b> </b>", "message text is empty"),
        ("x" * 4097, "message is too long"),
    ],
)
async def test_text_must_be_non_empty_and_fit_in_a_message(
    api: FakeBotApi, bot: Bot, text: str, error: str
) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(CHAT, text, parse_mode="HTML")
    assert api.requests("sendMessage")[-1].description == f"Bad Request: {error}"

    await bot.send_message(CHAT, "x" * 4096)
    assert [len(m.text) for m in api.messages(CHAT)] == [4096]


async def test_buttons_telegram_refuses_are_refused(api: FakeBotApi, bot: Bot) -> None:
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="x" * 65)]])
    local_link = InlineKeyboardMarkup([[InlineKeyboardButton("Web", url="http://localhost:8000")]])

    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(CHAT, "Frage", reply_markup=too_long)
    with pytest.raises(BadRequest, match=r"(?i)Wrong HTTP URL"):
        await bot.send_message(CHAT, "Frage", reply_markup=local_link)


async def test_unknown_chat_method_and_token_are_refused(api: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(555, "Hallo")
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy")
    with pytest.raises(InvalidToken):
        await Bot("999:XYZ", base_url=api.base_url).get_me()


async def test_uploaded_document_is_kept_for_the_test(api: FakeBotApi, bot: Bot) -> None:
    csv = b"Name;Summe\nMuster GmbH;250000\n"

    sent = await bot.send_document(
        CHAT, csv, filename="leads.csv", caption="<i>Export</i>", parse_mode="HTML"
    )

    shown = api.last_message(CHAT)
    assert shown.file is not None
    assert (shown.kind, shown.file.file_name, shown.file.content) == ("document", "leads.csv", csv)
    assert shown.text == "Export"
    assert sent.document is not None and sent.document.file_size == len(csv)
    assert api.requests("sendDocument")[0].uploads["document"].content == csv


async def test_command_menu_is_kept_per_language(api: FakeBotApi, bot: Bot) -> None:
    menu = [BotCommand("start", "Beratung starten"), BotCommand("loeschen", "Daten löschen")]

    assert await bot.set_my_commands(menu, language_code="de")
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("/Start", "Los")])

    assert await bot.get_my_commands(language_code="de") == tuple(menu)
    assert await bot.get_my_commands() == ()
    assert await bot.delete_my_commands(language_code="de")
    assert api.commands(language_code="de") == []


async def test_chat_and_member_lookups_describe_the_user(api: FakeBotApi, bot: Bot) -> None:
    api.set_chat(-100, title="Makler-Team")
    api.set_member_status(-100, 77, "administrator")

    chat = await bot.get_chat(CHAT)
    group = await bot.get_chat(-100)
    member = await bot.get_chat_member(-100, 77)

    assert (chat.type, chat.first_name) == ("private", "Erika")
    assert (group.type, group.title) == ("supergroup", "Makler-Team")
    assert member.status == "administrator"
    assert await bot.send_chat_action(CHAT, "typing")


async def test_webhook_posts_updates_with_the_secret_header(
    api: FakeBotApi, bot: Bot, webhook_receiver: Receiver
) -> None:
    url, received = await webhook_receiver([])
    await bot.set_webhook(url, secret_token="geheim_123", drop_pending_updates=True)

    update = await api.user_sends_text(CHAT, "Hallo")

    assert received == [("geheim_123", dict(update))]
    assert [(d.update_id, d.status) for d in api.webhook_deliveries()] == [(update.update_id, 200)]
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == (url, 0)
    with pytest.raises(Conflict, match=r"(?i)webhook is active"):
        await bot.get_updates()


async def test_webhook_failure_is_recorded_and_retried(
    api: FakeBotApi, bot: Bot, webhook_receiver: Receiver
) -> None:
    url, received = await webhook_receiver([500])
    await bot.set_webhook(url, drop_pending_updates=True)

    update = await api.user_sends_text(CHAT, "Hallo")

    assert [d.status for d in api.webhook_deliveries()] == [500, 200]
    assert [body for _secret, body in received] == [dict(update), dict(update)]
    info = await bot.get_webhook_info()
    assert info.last_error_message is not None and "500" in info.last_error_message


async def test_public_webhook_is_redirected_to_the_local_receiver(
    api: FakeBotApi, bot: Bot, webhook_receiver: Receiver
) -> None:
    url, received = await webhook_receiver([])
    with pytest.raises(BadRequest, match=r"(?i)HTTPS url must be provided"):
        await bot.set_webhook("http://bot.example.com/hook")
    await bot.set_webhook("https://bot.example.com/hook", secret_token="s3cret")

    api.deliver_to_webhook(url)
    await api.wait_for(lambda: len(received) == 1)

    secret, body = received[0]
    assert secret == "s3cret"
    assert isinstance(body, dict) and body["message"]["text"] == "/start"


async def _ask_backups(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Asks the first question with yes/no buttons."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        "Haben Sie <b>Backups</b>?", parse_mode="HTML", reply_markup=YES_NO
    )


async def _take_backups(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Notes the answer in the question, then asks the next one in two steps."""
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer()
    await query.edit_message_text(f"Backups: {query.data}")
    await asyncio.sleep(0.05)  # work between two messages, as a database write would be
    await context.bot.send_message(
        query.message.chat.id,
        "Wie hoch ist der IT-Wert?",
        reply_markup=ReplyKeyboardMarkup([["80.000 €", "120.000 €"]]),
    )


async def _take_it_value(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Confirms the amount typed or picked and asks for a phone number."""
    assert update.effective_message is not None and update.effective_message.text is not None
    share = KeyboardButton("Nummer teilen", request_contact=True)
    await update.effective_message.reply_text(
        f"Verstanden: {update.effective_message.text}",
        reply_markup=ReplyKeyboardMarkup([[share]], one_time_keyboard=True),
    )


async def _take_contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Thanks for the shared phone number."""
    assert update.effective_message is not None and update.effective_message.contact is not None
    number = update.effective_message.contact.phone_number
    await update.effective_message.reply_text(
        f"Wir rufen {number} an.", reply_markup=ReplyKeyboardRemove()
    )


async def _break_markup(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers with markup Telegram refuses."""
    assert update.effective_message is not None
    await update.effective_message.reply_text("<b>kaputt", parse_mode="HTML")


@pytest.fixture
async def polling_app(api: FakeBotApi) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """A real python-telegram-bot application polling the fake."""
    app = Application.builder().token(api.token).base_url(api.base_url).build()
    app.add_handler(CommandHandler("start", _ask_backups))
    app.add_handler(CommandHandler("kaputt", _break_markup))
    app.add_handler(CallbackQueryHandler(_take_backups))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _take_it_value))
    app.add_handler(MessageHandler(filters.CONTACT, _take_contact))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        yield app
        await app.updater.stop()
        await app.stop()


@pytest.mark.usefixtures("polling_app")
async def test_prospect_reads_the_chat_of_a_running_application(api: FakeBotApi) -> None:
    prospect = Prospect(api, 7)

    await prospect.send("/start")
    assert prospect.buttons == ["Ja", "Nein"]
    assert prospect.last_text == "Haben Sie Backups?"

    changed = await prospect.press("J")
    assert [m.text for m in changed] == ["Backups: yes", "Wie hoch ist der IT-Wert?"]
    assert prospect.buttons == ["80.000 €", "120.000 €"]

    await prospect.press("120")
    assert prospect.last_text == "Verstanden: 120.000 €"

    await prospect.press("Nummer teilen")
    assert prospect.last_text == "Wir rufen +49 170 1234567 an."
    assert prospect.transcript().splitlines() == [
        "User: /start",
        "Bot:  Backups: yes",
        "User: [Ja]",
        "Bot:  Wie hoch ist der IT-Wert?",
        "      [80.000 €] [120.000 €]",
        "User: 120.000 €",
        "Bot:  Verstanden: 120.000 €",
        "      [Nummer teilen]",
        "User: <contact>",
        "Bot:  Wir rufen +49 170 1234567 an.",
    ]


@pytest.mark.usefixtures("polling_app")
async def test_prospect_without_answer_reports_what_the_bot_tried(api: FakeBotApi) -> None:
    prospect = Prospect(api, 8, timeout=2)

    with pytest.raises(TimeoutError) as no_answer:
        await prospect.send("/kaputt")

    assert "can't parse entities" in str(no_answer.value)
    with pytest.raises(LookupError, match="no bot message with buttons"):
        await prospect.press("Ja")
