"""The broker's staff chat: claim and close leads, answer prospects, links and figures.

Everything here answers only in a chat that is a broker's staff chat, and acts only for its
current members (their replies and their taps on a card); elsewhere the bot stays silent.
"""

from __future__ import annotations

import html
import re
from functools import partial

from telegram import CallbackQuery, Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.ext import ContextTypes

from bot.handoff.card import CARD_PROMPT, CLAIM, CLOSE
from bot.handoff.delivery import Deliverer
from bot.handoff.links import qr_png, start_link
from bot.handoff.stats import ENGLISH_HEADINGS, format_stats
from bot.storage import Database
from bot.storage.brokers import BrokerInfo, BrokerStore
from bot.storage.leads import funnel_counts
from bot.telegram.chats import Chats
from bot.telegram.sending import answer_quietly, send_html, send_once, with_retries
from dialogs.inputs import clean_input
from dialogs.render import text
from dialogs.replies import Msg

MEMBERS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER)
CARD_BUTTON = rf"^{CARD_PROMPT}\|"
# What card buttons send (bot/handoff/card.py); a lead number fits the database's integer.
_CARD_DATA = re.compile(rf"{CARD_PROMPT}\|({CLAIM}|{CLOSE}):([1-9][0-9]{{0,9}})")
_LARGEST_LEAD = 2**31 - 1


def card_action(data: str | None) -> tuple[str, int] | None:
    """A card button's action and lead number; None for anything a client made up."""
    match = _CARD_DATA.fullmatch(data or "")
    if match is None or int(match[2]) > _LARGEST_LEAD:
        return None
    return match[1], int(match[2])


def _parts(context: ContextTypes.DEFAULT_TYPE) -> tuple[Database, BrokerStore, Chats, Deliverer]:
    data = context.application.bot_data
    return data["database"], data["brokers"], data["chats"], data["deliverer"]


async def staff_brokers(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> list[BrokerInfo]:
    """The brokers whose staff chat this is; empty for any other chat."""
    db, brokers, _, _ = _parts(context)
    async with db.session() as session:
        return await brokers.for_staff_chat(session, chat_id)


async def is_member(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> bool:
    member = await with_retries(
        lambda: context.bot.get_chat_member(chat_id, user_id), idempotent=True
    )
    return member.status in MEMBERS


def _staff_name(update: Update) -> str:
    user = update.effective_user
    if user is None:
        return "?"
    return f"{user.full_name} (@{user.username})" if user.username else user.full_name


async def on_card_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Übernehmen / Erledigt on a lead card: the card is updated to show who did it.

    The tap is always answered, also when the data is made up or handling it fails, so no
    button keeps spinning.
    """
    query = update.callback_query
    if query is None:
        return
    toast: Msg | None = None
    try:
        toast = await _card_pressed(update, context, query)
    finally:
        language = _chats(context).settings.bot_language
        await answer_quietly(query, text(toast, language) if toast else None)


async def _card_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery
) -> Msg | None:
    """What a current member's tap on a card did, as the toast to show; None for junk."""
    action = card_action(query.data)
    user = update.effective_user
    if action is None or query.message is None or user is None:
        return None
    chat_id = query.message.chat.id
    if not await staff_brokers(context, chat_id):
        return None
    if not await is_member(context, chat_id, user.id):
        return Msg("staff.toast.not_member")
    verb, number = action
    db, _, chats, deliverer = _parts(context)
    async with db.hot.transaction() as tx:
        lead = await chats.handoff.claim_or_close(
            tx, number, verb, chat_id, _staff_name(update), query.message.message_id
        )
    if lead is None:
        return Msg("staff.toast.unchanged")
    deliverer.wake()
    return Msg(f"staff.toast.{verb}", {"number": str(lead.id)})


def _chats(context: ContextTypes.DEFAULT_TYPE) -> Chats:
    return _parts(context)[2]


async def on_staff_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A member's reply to a lead card or a relayed message reaches the prospect."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or user.is_bot or message.reply_to_message is None:
        return
    replied = message.reply_to_message
    if replied.from_user is None or replied.from_user.id != context.bot.id or not message.text:
        return
    chat_id = message.chat.id
    if not await staff_brokers(context, chat_id) or not await is_member(context, chat_id, user.id):
        return
    db, _, chats, deliverer = _parts(context)
    async with db.hot.transaction() as tx:
        typed = clean_input(message.text) or ""
        lead = await chats.handoff.staff_reply(tx, chat_id, replied.message_id, typed)
    if lead is not None:
        deliverer.wake()


async def _staff_chat(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[int, list[BrokerInfo]] | None:
    """The chat and its brokers when this is a staff chat; None anywhere else."""
    chat = update.effective_chat
    if chat is None:
        return None
    brokers = await staff_brokers(context, chat.id)
    return (chat.id, brokers) if brokers else None


async def on_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/link [campaign]: the broker's start link and its QR code, ready to share."""
    chat = await _staff_chat(update, context)
    if chat is None:
        return
    chat_id, brokers = chat
    language = _chats(context).settings.bot_language
    campaign = context.args[0] if context.args else None
    username = context.bot.username
    for broker in brokers:
        try:
            link = (
                start_link(username, broker.code, campaign)
                if broker.code
                else f"https://t.me/{username}"
            )
        except ValueError:
            await send_html(
                context.bot, chat_id, text(Msg("staff.link.invalid"), language, as_html=True)
            )
            return
        caption = text(
            Msg("staff.link.caption", {"broker": broker.name, "link": link}), language, as_html=True
        )
        picture = qr_png(link)
        send = partial(
            context.bot.send_photo, chat_id, picture, caption=caption, parse_mode=ParseMode.HTML
        )
        await send_once(send)


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: this staff chat's brokers' funnel, per campaign."""
    chat = await _staff_chat(update, context)
    if chat is None:
        return
    chat_id, brokers = chat
    db, _, chats, _ = _parts(context)
    async with db.session() as session:
        counts = await funnel_counts(session, [b.code for b in brokers])
    names = {b.code: b.name for b in brokers}
    language = chats.settings.bot_language
    headings = {key: text(Msg(f"staff.stats.{key}"), language) for key in ENGLISH_HEADINGS}
    table = format_stats(counts, names, headings=headings)
    title = text(Msg("staff.stats.title"), language, as_html=True)
    await send_html(context.bot, chat_id, f"{title}\n<pre>{html.escape(table)}</pre>")
