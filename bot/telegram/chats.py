"""One prospect's chat with the bot: load the conversation, apply the core, save, then reply.

The conversation is read and written in one database transaction per update, which also
marks the update applied, committed before anything is sent: a crash, a restart or another
worker never loses an answer, and never applies one twice. If the replies then fail, the
update is tried again: it is found applied, and the prospect is shown where they stand. The
inbox's dispatcher hands a chat's updates over one at a time, so no lock is needed here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, InlineKeyboardButton, InputFile, User
from telegram.constants import ParseMode

from bot.config import Settings
from bot.handoff.service import Attribution, Handoff, Recorded
from bot.inbox.processing import later_waiting, note_applied
from bot.storage import ChatTx, ConversationRecord, ConversationStore
from bot.storage.brokers import BrokerInfo, BrokerStore, split_payload
from bot.storage.inbox import forget_chat
from bot.storage.leads import leads_of_chat
from bot.storage.models import utcnow
from bot.storage.native import Tx
from bot.telegram.documents import prospect_report
from bot.telegram.keyboards import NO_REPLY_KEYBOARD, answered, inline_keyboard
from bot.telegram.sending import send_html, send_once, send_reply, set_markup
from dialogs.consultation import step
from dialogs.conversation import Conversation
from dialogs.events import Choose, Event, Repeat, RequestContact, Start
from dialogs.inputs import clean_input
from dialogs.outcome import Outcome
from dialogs.render import Speech
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
    recorded: Recorded
    was_fresh: bool

    @property
    def moved(self) -> bool:
        """The dialog went somewhere: an answer was taken or the question changed."""
        after = self.outcome.conversation
        return after.state != self.before.state or after.answers != self.before.answers


@dataclass(frozen=True)
class Tapped:
    """The message whose button was pressed, and what to leave on it if that answered.

    `caption` is the pressed button's label; `kept` are labels worth keeping visible too
    (the ticked measures of a checklist); `lasting` are buttons that stay live (the
    result's PDF report, once the prospect went on to the contact flow).
    """

    message_id: int
    caption: str | None
    kept: tuple[str, ...] = ()
    lasting: tuple[InlineKeyboardButton, ...] = ()


def _adapted(event: Event, attribution: Attribution, user: User | None) -> Event:
    """The result's contact button starts the contact flow for this broker.

    The broker's status information goes out right after this step is stored; its time is
    kept with the contact data, so the PDF report can say when the prospect received it.
    """
    if isinstance(event, Choose) and event.value == CONTACT and event.question == SUMMARY_PROMPT:
        name = clean_input(user.full_name) if user else None
        return RequestContact(attribution.broker.name, name, status_info_sent_at=utcnow())
    return event


def speech_for(language: str, broker: BrokerInfo) -> Speech:
    """How to speak to a prospect of `broker`: in their language, the broker's country's way."""
    return Speech(language, broker.country)


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

    async def handle(
        self,
        bot: Bot,
        chat_id: int,
        user: User | None,
        update_id: int,
        event: Event,
        *,
        tapped: Tapped | None = None,
        start_payload: str | None = None,
    ) -> None:
        """Apply one event to the chat's conversation and show the result."""
        async with self.store.chat(chat_id, update_id) as tx:
            state = ChatState.load(tx.record, user)
            if tx.status == "done":
                return  # handled before, replies and all
            move = None
            if tx.status == "new":
                move = await self._move(tx, chat_id, state, user, event, start_payload)
            attribution = move.attribution if move else await self._attribution_of(state, tx)
        note_applied()
        speech = speech_for(state.conversation.language, attribution.broker)
        if move is None:
            # Tried before, and its replies may not all have gone out: show where they stand,
            # unless the prospect's next message is already waiting and will do just that.
            if not later_waiting():
                again = step(state.conversation, Repeat())
                await self._show(bot, chat_id, state, speech, again, None, moved=False)
            return
        await self._announce(bot, chat_id, speech, move, event)
        await self._show(bot, chat_id, state, speech, move.outcome, tapped, moved=move.moved)

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
        attribution = await self._attribution_of(state, tx)
        outcome = step(before, _adapted(event, attribution, user))
        state.conversation = outcome.conversation
        recorded = await self.handoff.record_move(
            tx.db,
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
        return Move(before, outcome, attribution, recorded, was_fresh)

    async def _announce(
        self, bot: Bot, chat_id: int, speech: Speech, move: Move, event: Event
    ) -> None:
        """What goes out besides the core's replies: welcome, status info, relay receipts,
        the PDF report."""
        outcome = move.outcome
        broker = move.attribution.broker
        if move.recorded.queued:
            self.wake_outbox()
        if isinstance(event, Start) and move.was_fresh:
            await self._welcome(bot, chat_id, speech, broker)
        if outcome.contact_requested:
            await self._send_status_info(bot, chat_id, speech, broker)
        if move.before.state == "contact_reach" and outcome.conversation.state != "contact_reach":
            noted = speech.text(Msg("contact.reach.noted"), as_html=True)
            await send_html(bot, chat_id, noted, NO_REPLY_KEYBOARD)
        if outcome.relay is not None:
            queued, paced = move.recorded.queued, move.recorded.paced
            key = "relay.paced" if paced else "relay.sent" if queued else "relay.closed"
            notice = Msg(key, {"broker": broker.name})
            await send_html(bot, chat_id, speech.text(notice, as_html=True))
        if outcome.report_requested:
            await self._send_report(bot, chat_id, speech, outcome.conversation, broker)

    async def _attribution(self, payload: str | None, tx: Tx | None = None) -> Attribution:
        code, campaign = split_payload(payload)
        broker = await self.brokers.resolve(code, tx)
        return Attribution(broker, campaign if broker.code is not None else None)

    async def _attribution_of(self, state: ChatState, tx: ChatTx) -> Attribution:
        """Whose session the chat is, read in the update's transaction."""
        return await self._attribution(state.start_payload, tx.db)

    async def _send_report(
        self,
        bot: Bot,
        chat_id: int,
        speech: Speech,
        conversation: Conversation,
        broker: BrokerInfo,
    ) -> None:
        """The result as a PDF document, to file or to forward to the managing director."""
        document = await prospect_report(conversation, broker, self.settings.timezone)
        caption = speech.text(Msg("report.caption"), as_html=True)
        await send_once(
            lambda: bot.send_document(chat_id, document, caption=caption, parse_mode=ParseMode.HTML)
        )

    async def _send_status_info(
        self, bot: Bot, chat_id: int, speech: Speech, broker: BrokerInfo
    ) -> None:
        """The broker's status information, in text form, before any contact data is asked."""
        info = broker.status_info
        values = {"broker": broker.name}
        if info is None:
            body = speech.text(Msg("contact.status_info_missing", values), as_html=True)
            await send_html(bot, chat_id, body)
            return
        title = speech.text(Msg("contact.status_info_title", values), as_html=True)
        if len(info) <= STATUS_INFO_AS_MESSAGE:
            await send_html(bot, chat_id, f"{title}\n\n{html.escape(info)}")
            return
        document = InputFile(info.encode("utf-8"), filename="Erstinformation.txt")
        await send_once(
            lambda: bot.send_document(chat_id, document, caption=title, parse_mode=ParseMode.HTML)
        )

    async def _welcome(self, bot: Bot, chat_id: int, speech: Speech, broker: BrokerInfo) -> None:
        values = {"broker": broker.name, "days": self.settings.conversation_retention_days}
        welcome, hint = Msg("welcome", values), Msg("tg.privacy_hint")
        body = "\n\n".join(speech.text(m, as_html=True) for m in (welcome, hint))
        await send_html(bot, chat_id, body)

    async def _show(
        self,
        bot: Bot,
        chat_id: int,
        state: ChatState,
        speech: Speech,
        outcome: Outcome,
        tapped: Tapped | None,
        *,
        moved: bool,
    ) -> None:
        """Send the replies; only the newest question keeps live buttons.

        The answered question is marked with the choice; a question shown again (help, an
        out-of-date tap) loses its buttons, so no two copies of a question are live.
        """
        live = state.prompt_message_id
        new_prompt: int | None = None
        edited = False
        for reply in outcome.replies:
            if reply.edit and tapped is not None:
                await set_markup(bot, chat_id, tapped.message_id, inline_keyboard(reply, speech))
                edited = True
                continue
            message_id = await send_reply(bot, chat_id, reply, speech)
            if (reply.options or reply.navigation) and not reply.request_contact:
                new_prompt = message_id
        marked = None
        if tapped is not None and moved and tapped.caption is not None and not edited:
            # Answered, whatever follows (a question, or a last message without buttons
            # such as the thanks after the consent): its buttons press nothing any more. A
            # checklist's tick is no answer: its message stays the live question.
            marked = tapped.message_id
            done = answered(tapped.caption, tapped.kept, tapped.lasting)
            await set_markup(bot, chat_id, marked, done)
        if new_prompt is not None:
            if live is not None and live not in (new_prompt, marked):
                await set_markup(bot, chat_id, live, None)
            self.store.mark_shown(chat_id, new_prompt)

    async def cancel(self, bot: Bot, chat_id: int, update_id: int) -> None:
        """End the consultation and erase its unfinished answers."""
        async with self.store.chat(chat_id, update_id) as tx:
            record = tx.record
            if tx.status == "done":
                return
            if record is not None and tx.status == "new":
                tx.delete()
            attribution = await self._attribution(record.start_payload if record else None, tx.db)
        note_applied()
        language = record.language if record else self.settings.bot_language
        if record is not None and isinstance(record.prompt_message_id, int):
            await set_markup(bot, chat_id, record.prompt_message_id, None)
        cancelled = speech_for(language, attribution.broker).text(Msg("tg.cancelled"), as_html=True)
        await send_html(bot, chat_id, cancelled)

    async def speaking_to(self, chat_id: int, user: User | None) -> tuple[BrokerInfo, Speech]:
        """The broker this prospect's link belongs to (the default broker without one), and
        how to speak to the prospect outside a consultation step (the privacy commands): in
        the conversation's language, else their Telegram language, the broker's country's way.
        """
        record = await self.store.get(chat_id)
        broker = (await self._attribution(record.start_payload if record else None)).broker
        language = record.language if record else language_for(user.language_code if user else None)
        return broker, speech_for(language, broker)

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

    async def erase(self, chat_id: int, update_id: int) -> bool:
        """Erase the conversation and the personal data of every lead; False if done before."""
        async with self.store.chat(chat_id, update_id) as tx:
            status = tx.status
            erased = []
            if status == "new":
                if tx.record is not None:
                    tx.delete()
                erased = await self.handoff.erase(tx.db, chat_id)
                await forget_chat(tx.db, chat_id, update_id)
        if status == "done":
            return False
        note_applied()
        if erased:
            self.wake_outbox()
        # Erased rows must not linger in SQLite's write-ahead log (a backup would keep them).
        await self.store.checkpoint()
        return True
