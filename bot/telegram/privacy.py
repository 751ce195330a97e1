"""The prospect's privacy rights: what is stored (/datenschutz), a copy (/meinedaten), erasure
(/loeschen, after a confirmation)."""

from __future__ import annotations

import html
import json

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.telegram.chats import Chats
from bot.telegram.keyboards import callback_data
from bot.telegram.sending import send_html, send_once, set_markup
from dialogs.render import text
from dialogs.replies import Msg
from dialogs.texts import language_for

ERASE_PROMPT = "erase"


def _chats(context: ContextTypes.DEFAULT_TYPE) -> Chats:
    chats: Chats = context.application.bot_data["chats"]
    return chats


def _language(update: Update) -> str:
    user = update.effective_user
    return language_for(user.language_code if user else None)


async def on_privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What is stored, why, for how long and for whom — and the broker's status information."""
    chat = update.effective_chat
    if chat is None:
        return
    chats = _chats(context)
    broker = await chats.broker_of(chat.id)
    language = _language(update)
    values = {"broker": broker.name, "days": chats.settings.conversation_retention_days}
    body = text(Msg("tg.privacy", values), language, as_html=True)
    if broker.status_info:
        title = text(
            Msg("contact.status_info_title", {"broker": broker.name}), language, as_html=True
        )
        body += f"\n\n{title}\n{html.escape(broker.status_info[:3000])}"
    await send_html(context.bot, chat.id, body)


async def on_my_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Everything stored about the prospect, as a JSON document."""
    chat = update.effective_chat
    if chat is None:
        return
    document = await _chats(context).my_data(chat.id)
    content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    caption = text(Msg("tg.mydata.caption"), _language(update), as_html=True)
    upload = InputFile(content, filename="meine-daten.json")
    await send_once(
        lambda: context.bot.send_document(
            chat.id, upload, caption=caption, parse_mode=ParseMode.HTML
        )
    )


async def on_delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Asks to confirm the erasure."""
    chat = update.effective_chat
    if chat is None:
        return
    language = _language(update)
    buttons = [
        InlineKeyboardButton(
            text(Msg("tg.delete.yes"), language), callback_data=callback_data(ERASE_PROMPT, "yes")
        ),
        InlineKeyboardButton(
            text(Msg("tg.delete.no"), language), callback_data=callback_data(ERASE_PROMPT, "no")
        ),
    ]
    body = text(Msg("tg.delete.ask"), language, as_html=True)
    await send_html(context.bot, chat.id, body, InlineKeyboardMarkup([buttons]))


async def on_delete_answer(
    update: Update, context: ContextTypes.DEFAULT_TYPE, confirmed: bool
) -> None:
    """Erases everything on "yes"; the staff card is marked as erased."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or query.message is None or chat is None:
        return
    language = _language(update)
    await set_markup(context.bot, chat.id, query.message.message_id, None)
    if not confirmed:
        await send_html(context.bot, chat.id, text(Msg("tg.delete.kept"), language, as_html=True))
        return
    if await _chats(context).erase(chat.id, update.update_id):
        await send_html(context.bot, chat.id, text(Msg("tg.delete.done"), language, as_html=True))
