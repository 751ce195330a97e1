"""One prospect's chat with the bot: load the conversation, apply the core, save, then reply.

The conversation is read and written in one database transaction per update, committed
before anything is sent, so a crash, a restart or another worker never loses an answer.
A second, small write remembers which message carries the current buttons, so they can be
marked as answered once the next question is out.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakValueDictionary

from telegram import Bot, InputFile, ReplyKeyboardRemove, User
from telegram.constants import ParseMode

from bot.config import Settings
from bot.handoff.service import Attribution, Handoff
from bot.storage import ChatTx, ConversationRecord, ConversationStore
from bot.storage.brokers import BrokerInfo, BrokerStore, split_payload
from bot.storage.leads import leads_of_chat
from bot.telegram.keyboards import answered, inline_keyboard
from bot.telegram.sending import send_html, send_reply, set_markup, with_retries
from dialogs.consultation import step
from dialogs.conversation import Conversation
from dialogs.events import Choose, Event, Repeat, RequestContact, Start
from dialogs.outcome import Outcome
from dialogs.render import text
from dialogs.replies import Msg
from dialogs.summary import CONTACT, SUMMARY_PROMPT
from dialogs.texts import language_for

START_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Longer status information goes out as a text document rather than a message.
STATUS_INFO_AS_MESSAGE = 3500


@dataclass
class ChatState:
    """What is stored for a chat: the dialog itself and where its current buttons are."""

    conversation: Conversation
    prompt_message_id: int | None = None
    start_payload: str | None = None

    @classmethod
    def load(cls, record: ConversationRecord | None, user: User | None) -> ChatState:
        if record is None or "dialog" not in record.data:
            language = language_for(user.language_code if user else None)
            return cls(Conversation(language=language))
        return cls(
            Conversation.from_dict(record.data["dialog"]),
            record.prompt_message_id,
            record.start_payload,
        )

    def data(self) -> dict[str, Any]:
        return {"dialog": self.conversation.to_dict()}


@dataclass(frozen=True)
class Move:
    """One applied step: before and after, whose session it is, and what it queued."""

    before: Conversation
    outcome: Outcome
    attribution: Attribution
    outbox_grew: bool
    was_fresh: bool
    replied_before: int | None

    @property
    def moved(self) -> bool:
        """The dialog went somewhere: an answer was taken or the question changed."""
        after = self.outcome.conversation
        return after.state != self.before.state or after.answers != self.before.answers


def _unanswered(record: ConversationRecord | None, update_id: int | None) -> bool:
    """Whether a redelivered update's replies never went out (see `Chats._show`).

    Update ids grow, and a chat's updates are handled in order: a redelivered update at or
    below the latest answered one was answered already.
    """
    if record is None or update_id is None:
        return False
    return record.replied_update_id is None or record.replied_update_id < update_id


@dataclass(frozen=True)
class Tapped:
    """The message whose button was pressed, and what to leave on it if that answered.

    `caption` is the pressed button's label; `kept` are labels worth keeping visible too
    (the ticked measures of a checklist).
    """

    message_id: int
    caption: str | None
    kept: tuple[str, ...] = ()


def _adapted(event: Event, attribution: Attribution, user: User | None) -> Event:
    """The result's contact button starts the contact flow for this broker."""
    if isinstance(event, Choose) and event.value == CONTACT and event.question == SUMMARY_PROMPT:
        return RequestContact(attribution.broker.name, user.full_name if user else None)
    return event


def valid_payload(payload: str | None) -> str | None:
    """A start payload as stored: `[A-Za-z0-9_-]{1,64}`, anything else is ignored."""
    return payload if payload and START_PAYLOAD.fullmatch(payload) else None


class Chats:
    """Runs consultations for Telegram chats; one per process."""

    def __init__(
        self,
        store: ConversationStore,
        brokers: BrokerStore,
        settings: Settings,
        wake_outbox: Callable[[], None] = lambda: None,
    ) -> None:
        self.store = store
        self.brokers = brokers
        self.settings = settings
        self.handoff = Handoff(settings)
        self.wake_outbox = wake_outbox
        # Held from reading to sending, so one chat's replies never overtake each other.
        self._locks: WeakValueDictionary[int, asyncio.Lock] = WeakValueDictionary()

    def _lock(self, chat_id: int) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = self._locks[chat_id] = asyncio.Lock()
        return lock

    async def handle(
        self,
        bot: Bot,
        chat_id: int,
        user: User | None,
        update_id: int | None,
        event: Event,
        *,
        tapped: Tapped | None = None,
        start_payload: str | None = None,
    ) -> None:
        """Apply one event to the chat's conversation and show the result."""
        async with self._lock(chat_id):
            async with self.store.chat(chat_id, update_id=update_id) as tx:
                state = ChatState.load(tx.record, user)
                if tx.duplicate:
                    move = None
                    # Telegram redelivers an update whose handling failed: if its replies never
                    # went out, show where the prospect stands instead of staying silent.
                    resend = _unanswered(tx.record, update_id)
                else:
                    move = await self._move(tx, chat_id, state, user, event, start_payload)
            if move is None:
                if resend and update_id is not None:
                    again = step(state.conversation, Repeat())
                    await self._show(bot, chat_id, state, again, None, moved=False)
                    await self.store.answered(chat_id, update_id)
                return
            try:
                await self._announce(bot, chat_id, state, move, event)
                await self._show(bot, chat_id, state, move.outcome, tapped, moved=move.moved)
            except Exception:
                if update_id is not None:
                    previous = move.replied_before
                    await self.store.unanswered(chat_id, update_id, previous)
                raise

    async def _move(
        self,
        tx: ChatTx,
        chat_id: int,
        state: ChatState,
        user: User | None,
        event: Event,
        start_payload: str | None,
    ) -> Move:
        """The core's step and everything it causes, written in the update's transaction."""
        before = state.conversation
        was_fresh = before.is_fresh
        if start_payload and (was_fresh or state.start_payload is None):
            state.start_payload = start_payload
        attribution = await self._attribution(state.start_payload)
        outcome = step(before, _adapted(event, attribution, user))
        state.conversation = outcome.conversation
        outbox_grew = await self.handoff.record_move(
            tx,
            chat_id=chat_id,
            user_id=user.id if user else None,
            username=user.username if user else None,
            attribution=attribution,
            before=before,
            outcome=outcome,
            started=isinstance(event, Start) and was_fresh,
        )
        tx.save(
            state=state.conversation.state,
            data=state.data(),
            language=state.conversation.language,
            user_id=user.id if user else None,
            start_payload=state.start_payload,
            finished=state.conversation.finished,
        )
        replied_before = tx.record.replied_update_id if tx.record else None
        return Move(before, outcome, attribution, outbox_grew, was_fresh, replied_before)

    async def _announce(
        self, bot: Bot, chat_id: int, state: ChatState, move: Move, event: Event
    ) -> None:
        """What goes out besides the core's replies: welcome, status info, relay receipts."""
        language = state.conversation.language
        outcome = move.outcome
        if move.outbox_grew:
            self.wake_outbox()
        if isinstance(event, Start) and move.was_fresh:
            await self._welcome(bot, chat_id, language, move.attribution)
        if outcome.contact_requested:
            await self._send_status_info(bot, chat_id, language, move.attribution)
        if move.before.state == "contact_reach" and outcome.conversation.state != "contact_reach":
            noted = text(Msg("contact.reach.noted"), language, as_html=True)
            await send_html(bot, chat_id, noted, ReplyKeyboardRemove())
        if outcome.relay is not None:
            key = "relay.sent" if move.outbox_grew else "relay.closed"
            notice = Msg(key, {"broker": move.attribution.broker.name})
            await send_html(bot, chat_id, text(notice, language, as_html=True))

    async def _attribution(self, payload: str | None) -> Attribution:
        code, campaign = split_payload(payload)
        broker = await self.brokers.resolve(code)
        return Attribution(broker, campaign if broker.code is not None else None)

    async def _send_status_info(
        self, bot: Bot, chat_id: int, language: str, attribution: Attribution
    ) -> None:
        """The broker's status information, in text form, before any contact data is asked."""
        broker = attribution.broker
        info = broker.status_info
        if info is None:
            body = text(
                Msg("contact.status_info_missing", {"broker": broker.name}), language, as_html=True
            )
            await send_html(bot, chat_id, body)
            return
        title = text(
            Msg("contact.status_info_title", {"broker": broker.name}), language, as_html=True
        )
        if len(info) <= STATUS_INFO_AS_MESSAGE:
            await send_html(bot, chat_id, f"{title}\n\n{html.escape(info)}")
            return
        document = InputFile(info.encode("utf-8"), filename="Erstinformation.txt")
        await with_retries(
            lambda: bot.send_document(chat_id, document, caption=title, parse_mode=ParseMode.HTML)
        )

    async def _welcome(
        self, bot: Bot, chat_id: int, language: str, attribution: Attribution
    ) -> None:
        values = {
            "broker": attribution.broker.name,
            "days": self.settings.conversation_retention_days,
        }
        body = "\n\n".join(
            (
                text(Msg("welcome", values), language, as_html=True),
                text(Msg("tg.privacy_hint"), language, as_html=True),
            )
        )
        await send_html(bot, chat_id, body)

    async def _show(
        self,
        bot: Bot,
        chat_id: int,
        state: ChatState,
        outcome: Outcome,
        tapped: Tapped | None,
        *,
        moved: bool,
    ) -> None:
        """Send the replies; only the newest question keeps live buttons.

        The answered question is marked with the choice; a question shown again (help, an
        out-of-date tap) loses its buttons, so no two copies of a question are live.
        """
        language = state.conversation.language
        live = state.prompt_message_id
        new_prompt: int | None = None
        for reply in outcome.replies:
            if reply.edit and tapped is not None:
                await set_markup(bot, chat_id, tapped.message_id, inline_keyboard(reply, language))
                continue
            message = await send_reply(bot, chat_id, reply, language)
            if (reply.options or reply.navigation) and not reply.request_contact:
                new_prompt = message.message_id
        if new_prompt is not None:
            marked = tapped.message_id if tapped and moved and tapped.caption else None
            if marked is not None and tapped is not None and tapped.caption is not None:
                await set_markup(bot, chat_id, marked, answered(tapped.caption, tapped.kept))
            if live is not None and live not in (new_prompt, marked):
                await set_markup(bot, chat_id, live, None)
        if new_prompt is not None:
            self.store.mark_shown(chat_id, new_prompt)

    async def cancel(self, bot: Bot, chat_id: int, update_id: int | None) -> None:
        """End the consultation and erase its unfinished answers."""
        async with self._lock(chat_id):
            async with self.store.chat(chat_id, update_id=update_id) as tx:
                if tx.duplicate:
                    return
                language = tx.record.language if tx.record else self.settings.bot_language
                prompt_id = tx.record.prompt_message_id if tx.record else None
                if tx.record is not None:
                    tx.delete()
            if isinstance(prompt_id, int):
                await set_markup(bot, chat_id, prompt_id, None)
            await send_html(bot, chat_id, text(Msg("tg.cancelled"), language, as_html=True))

    async def broker_of(self, chat_id: int) -> BrokerInfo:
        """The broker this prospect's link belongs to (the default broker without one)."""
        record = await self.store.get(chat_id)
        return (await self._attribution(record.start_payload if record else None)).broker

    async def my_data(self, chat_id: int) -> dict[str, Any]:
        """Everything stored about this prospect, as one JSON-ready document."""
        record = await self.store.get(chat_id)
        async with self.brokers.db.session() as session:
            leads = await leads_of_chat(session, chat_id)
            return {
                "conversation": None
                if record is None
                else {
                    "chat_id": record.chat_id,
                    "user_id": record.user_id,
                    "language": record.language,
                    "start_payload": record.start_payload,
                    "created_at": record.created_at.isoformat(),
                    "updated_at": record.updated_at.isoformat(),
                    "answers": record.data.get("dialog", {}).get("answers", {}),
                    "contact": record.data.get("dialog", {}).get("contact", {}),
                },
                "leads": [
                    {
                        "number": lead.id,
                        "broker": lead.broker_name,
                        "campaign": lead.campaign,
                        "status": lead.status,
                        "created_at": lead.created_at.isoformat(),
                        "username": lead.username,
                        "summary": lead.summary,
                    }
                    for lead in leads
                ],
                "messages": await self.handoff.relays_of(session, chat_id),
            }

    async def erase(self, chat_id: int, update_id: int | None) -> bool:
        """Erase the conversation and the personal data of every lead; False if a duplicate."""
        async with self._lock(chat_id), self.store.chat(chat_id, update_id=update_id) as tx:
            if tx.duplicate:
                return False
            if tx.record is not None:
                tx.delete()
            erased = await self.handoff.erase(tx.session, chat_id)
        if erased:
            self.wake_outbox()
        return True
