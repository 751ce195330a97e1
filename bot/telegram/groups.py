"""The bot joins a group: if it is no broker's staff chat yet, the group learns how to make it one.

Registering a staff chat needs its chat id, which Telegram shows nowhere in its apps. The
operator reads it, and the exact command to run, from the group itself.
"""

from __future__ import annotations

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ChatMemberHandler, ContextTypes

from bot.telegram.sending import send_html
from bot.telegram.staff import staff_brokers
from dialogs.render import text
from dialogs.replies import Msg
from dialogs.texts import language_for

_PRESENT = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
_GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


def registration_command(chat_id: int) -> str:
    """The command that makes this chat a broker's staff chat (code and name to fill in)."""
    return f'cyberbot brokers add --code CODE --name "NAME" --staff-chat {chat_id}'


def _joined(change: ChatMemberUpdated) -> bool:
    """The bot is in the group now and was not before (added, or re-added after leaving)."""
    was = change.old_chat_member.status in _PRESENT
    return change.new_chat_member.status in _PRESENT and not was


async def on_bot_added(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Added to a group that is no staff chat: its chat id and the command to register it."""
    change = update.my_chat_member
    if change is None or change.chat.type not in _GROUPS or not _joined(change):
        return
    chat_id = change.chat.id
    if await staff_brokers(context, chat_id):
        return
    values = {"chat_id": str(chat_id), "command": registration_command(chat_id)}
    language = language_for(change.from_user.language_code)
    body = text(Msg("group.not_staff", values), language, as_html=True)
    await send_html(context.bot, chat_id, body)


BOT_ADDED = ChatMemberHandler(on_bot_added, ChatMemberHandler.MY_CHAT_MEMBER)
"""The handler to register: the bot's own membership in a chat changed."""
