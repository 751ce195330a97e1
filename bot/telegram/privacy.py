"""The prospect's privacy rights: what is stored (/datenschutz), a copy (/meinedaten), erasure
(/loeschen, after a confirmation).

Each speaks as the consultation does: in its language, in the broker's country's wording.
"""

from __future__ import annotations

import html
import json

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.storage.brokers import BrokerInfo
from bot.telegram.chats import Chats
from bot.telegram.keyboards import callback_data
from bot.telegram.sending import send_html, send_once, set_markup
from dialogs.render import Speech
from dialogs.replies import Msg

ERASE_PROMPT = "erase"


def _chats(context: ContextTypes.DEFAULT_TYPE) -> Chats:
    chats: Chats = context.application.bot_data["chats"]
    return chats


async def _speaking_to(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int
) -> tuple[BrokerInfo, Speech]:
    return await _chats(context).speaking_to(chat_id, update.effective_user)


async def on_privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What is stored, why, for how long and for whom — and the broker's status information."""
    chat = update.effective_chat
    if chat is None:
        return
    broker, speech = await _speaking_to(update, context, chat.id)
    days = _chats(context).settings.conversation_retention_days
    body = speech.text(Msg("tg.privacy", {"broker": broker.name, "days": days}), as_html=True)
    if broker.status_info:
        title = speech.text(Msg("contact.status_info_title", {"broker": broker.name}), as_html=True)
        body += f"\n\n{title}\n{html.escape(broker.status_info[:3000])}"
    await send_html(context.bot, chat.id, body)


async def on_my_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Everything stored about the prospect, as a JSON document."""
    chat = update.effective_chat
    if chat is None:
        return
    _, speech = await _speaking_to(update, context, chat.id)
    document = await _chats(context).my_data(chat.id)
    content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    caption = speech.text(Msg("tg.mydata.caption"), as_html=True)
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
    _, speech = await _speaking_to(update, context, chat.id)
    buttons = [
        InlineKeyboardButton(
            speech.text(Msg(f"tg.delete.{answer}")),
            callback_data=callback_data(ERASE_PROMPT, answer),
        )
        for answer in ("yes", "no")
    ]
    body = speech.text(Msg("tg.delete.ask"), as_html=True)
    await send_html(context.bot, chat.id, body, InlineKeyboardMarkup([buttons]))


async def on_delete_answer(
    update: Update, context: ContextTypes.DEFAULT_TYPE, confirmed: bool
) -> None:
    """Erases everything on "yes"; the staff card is marked as erased."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or query.message is None or chat is None:
        return
    # Asked before the erasure: afterwards nothing is left to say which broker it was.
    _, speech = await _speaking_to(update, context, chat.id)
    await set_markup(context.bot, chat.id, query.message.message_id, None)
    if not confirmed:
        await send_html(context.bot, chat.id, speech.text(Msg("tg.delete.kept"), as_html=True))
        return
    if await _chats(context).erase(chat.id, update.update_id):
        await send_html(context.bot, chat.id, speech.text(Msg("tg.delete.done"), as_html=True))
