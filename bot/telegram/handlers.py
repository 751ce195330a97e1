"""Which update goes where: Telegram updates translated into consultation events.

Read top to bottom in `register`: every command, tap and message type, and what it does for
the prospect. The consultation runs only in private chats; in groups the bot offers a button
that opens the private chat instead.
"""

from __future__ import annotations

import logging
import traceback

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.inbox.processing import first_try, note_error
from bot.metrics import ERRORS
from bot.telegram.chats import Chats, Tapped, valid_payload
from bot.telegram.groups import BOT_ADDED
from bot.telegram.keyboards import NOOP, callback_data, parse_callback
from bot.telegram.privacy import ERASE_PROMPT, on_delete, on_delete_answer, on_my_data, on_privacy
from bot.telegram.sending import answer_quietly, send_html
from bot.telegram.staff import CARD_BUTTON, on_card_button, on_link, on_staff_reply, on_stats
from dialogs.events import (
    Back,
    Choose,
    Event,
    Help,
    Repeat,
    Restart,
    SetLanguage,
    SharedContact,
    Start,
    Text,
)
from dialogs.inputs import clean_input
from dialogs.render import TICKED, text
from dialogs.replies import Msg
from dialogs.summary import CONTACT, REPORT, SUMMARY_PROMPT
from dialogs.texts import LANGUAGES, language_for

log = logging.getLogger(__name__)

LANGUAGE_PROMPT = "language"
_REPORT_BUTTON = callback_data(SUMMARY_PROMPT, REPORT)
PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS


def chats_of(context: ContextTypes.DEFAULT_TYPE) -> Chats:
    chats: Chats = context.application.bot_data["chats"]
    return chats


async def _apply(
    update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event, **extra: object
) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    await chats_of(context).handle(context.bot, chat.id, user, update.update_id, event, **extra)  # type: ignore[arg-type]


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greets a new prospect and asks the first question, or offers to continue."""
    payload = valid_payload(context.args[0]) if context.args else None
    await _apply(update, context, Start(), start_payload=payload)


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explains the current question and lists the commands."""
    await _apply(update, context, Help())


async def on_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Returns to the previous question, keeping its answer."""
    await _apply(update, context, Back())


async def on_restart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Discards the answers and starts again."""
    await _apply(update, context, Restart())


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ends the consultation and erases its unfinished answers."""
    if update.effective_chat:
        await chats_of(context).cancel(context.bot, update.effective_chat.id, update.update_id)


async def on_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offers the languages as buttons."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    language = language_for(user.language_code if user else None)
    buttons = [
        InlineKeyboardButton(
            text(Msg(f"tg.language.{code}"), code),
            callback_data=callback_data(LANGUAGE_PROMPT, code),
        )
        for code in LANGUAGES
    ]
    await send_html(
        context.bot,
        chat.id,
        text(Msg("tg.language.ask"), language, as_html=True),
        InlineKeyboardMarkup([buttons]),
    )


async def on_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button was pressed: answer, toggle, navigate — or explain that it is out of date."""
    query = update.callback_query
    if query is None:
        return
    if first_try():  # a second try of the same tap has nothing left to answer
        await answer_quietly(query)
    tap = parse_callback(query.data)
    message = query.message
    if tap is None or tap.value == NOOP or message is None or message.chat.type != "private":
        return
    if tap.question == LANGUAGE_PROMPT:
        await _apply(update, context, SetLanguage(tap.value))
        return
    if tap.question == ERASE_PROMPT:
        await on_delete_answer(update, context, confirmed=tap.value == "yes")
        return
    tapped = _tapped(message.message_id, message, query.data, tap.value not in ("back", "help"))
    await _apply(update, context, Choose(tap.value, tap.question), tapped=tapped)


def _tapped(message_id: int, message: object, data: str | None, answers: bool) -> Tapped:
    """The pressed message, with the caption (and ticked items) to leave on it if it answers.

    Going on from the result to the contact flow leaves its PDF button live: the report can
    be had during the contact flow and after the handoff.
    """
    markup = getattr(message, "reply_markup", None)
    if not answers or not isinstance(markup, InlineKeyboardMarkup):
        return Tapped(message_id, None)
    buttons = [button for row in markup.inline_keyboard for button in row]
    caption = next((b.text for b in buttons if b.callback_data == data), None)
    ticked = tuple(b.text for b in buttons if b.text.startswith(TICKED))
    lasting: tuple[InlineKeyboardButton, ...] = ()
    if data == callback_data(SUMMARY_PROMPT, CONTACT):
        lasting = tuple(b for b in buttons if b.callback_data == _REPORT_BUTTON)
    return Tapped(message_id, caption, ticked, lasting)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed answer."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    typed = clean_input(message.text)
    if typed is None:
        await _apply(update, context, Repeat("input.too_long"))
        return
    await _apply(update, context, Text(typed))


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message does not change an answer; the prospect is told how to correct one."""
    await _apply(update, context, Repeat("tg.hint.edited"))


async def on_contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared phone number answers the contact question; someone else's card does not."""
    message, user = update.effective_message, update.effective_user
    contact = message.contact if message else None
    if contact is None or user is None or contact.user_id != user.id:
        await _apply(update, context, Repeat("tg.hint.own_number"))
        return
    await _apply(update, context, SharedContact(clean_input(contact.phone_number) or ""))


async def on_other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice, files, contacts: only text and buttons answer a question."""
    await _apply(update, context, Repeat("tg.hint.text_only"))


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not know: list the ones it does."""
    await _apply(update, context, Repeat("tg.hint.unknown_command"))


async def on_group_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group the consultation is not run: a button opens the private chat instead."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    payload = valid_payload(context.args[0]) if context.args else None
    link = f"https://t.me/{context.bot.username}" + (f"?start={payload}" if payload else "")
    language = language_for(user.language_code if user else None)
    button = InlineKeyboardButton(text(Msg("tg.group.button"), language), url=link)
    await send_html(
        context.bot,
        chat.id,
        text(Msg("tg.group.redirect"), language, as_html=True),
        InlineKeyboardMarkup([[button]]),
    )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Hands an update's failure to the inbox's dispatcher, which logs it and tries the update
    again; anything else (a scheduled job) is logged here, without personal data."""
    error = context.error
    if note_error(error):
        return
    # The traceback's frames only: an exception's message may quote what a user typed.
    frames = "".join(traceback.format_tb(error.__traceback__)) if error else ""
    log.error("background work failed: %s\n%s", type(error).__name__, frames)
    ERRORS.labels(type(error).__name__).inc()


def register(application: Application) -> None:  # type: ignore[type-arg]
    """All handler wiring in one place."""
    edited = filters.UpdateType.EDITED_MESSAGE
    fresh = filters.UpdateType.MESSAGE
    application.add_handlers(
        [
            CommandHandler("start", on_start, PRIVATE & fresh),
            CommandHandler("start", on_group_start, GROUPS & fresh),
            CommandHandler(["hilfe", "help"], on_help, PRIVATE & fresh),
            CommandHandler(["zurueck", "back"], on_back, PRIVATE & fresh),
            CommandHandler(["neu", "restart"], on_restart, PRIVATE & fresh),
            CommandHandler(["abbrechen", "cancel"], on_cancel, PRIVATE & fresh),
            CommandHandler(["sprache", "language"], on_language, PRIVATE & fresh),
            CommandHandler(["datenschutz", "privacy"], on_privacy, PRIVATE & fresh),
            CommandHandler(["meinedaten", "mydata"], on_my_data, PRIVATE & fresh),
            CommandHandler(["loeschen", "delete"], on_delete, PRIVATE & fresh),
            CommandHandler("link", on_link, GROUPS & fresh),
            CommandHandler("stats", on_stats, GROUPS & fresh),
            BOT_ADDED,
            CallbackQueryHandler(on_card_button, pattern=CARD_BUTTON),
            CallbackQueryHandler(on_tap),
            MessageHandler(
                GROUPS & fresh & filters.REPLY & filters.TEXT & ~filters.COMMAND, on_staff_reply
            ),
            MessageHandler(PRIVATE & edited, on_edited),
            MessageHandler(PRIVATE & fresh & filters.COMMAND, on_unknown_command),
            MessageHandler(PRIVATE & fresh & filters.TEXT, on_text),
            MessageHandler(PRIVATE & fresh & filters.CONTACT, on_contact),
            MessageHandler(PRIVATE & fresh, on_other_message),
        ]
    )
    application.add_error_handler(on_error)
