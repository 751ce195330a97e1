"""The outbox's deliverer: a background task in every worker that sends what the outbox holds.

Staff chats that are unreachable (403), rate-limited (429) or failing (5xx) only delay a
message; it stays in the outbox and is tried again with growing pauses. A refusal no retry
can fix (a malformed message) is kept as failed, for the operator to see.

Each lead's messages go out in order, in a lane of their own: one staff chat that is
rate-limited, or one prospect who writes a lot, never holds up another lead's card. A message
whose answer was lost (Telegram may have posted it) counts as sent: a card is sent once, and
so is the PDF report that follows it as a reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from telegram import Bot, InlineKeyboardMarkup, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.config import Settings
from bot.handoff.card import card_keyboard, card_of, render_card
from bot.handoff.export import lead_document
from bot.handoff.signing import signature
from bot.metrics import OUTBOX_BACKLOG, OUTBOX_DELIVERED, OUTBOX_RETRIES
from bot.storage import Database
from bot.storage.leads import LeadRecord, card_sent, get_lead, remember_staff_message
from bot.storage.outbox import Outbox, OutboxItem
from bot.telegram.documents import staff_report
from bot.telegram.pieces import html_pieces
from bot.telegram.ratelimit import DONT_WAIT, retry_seconds
from bot.telegram.sending import MaybeSent, api, with_retries
from dialogs.render import text
from dialogs.replies import Msg

log = logging.getLogger(__name__)

STAFF_CARD, CARD_UPDATE, STAFF_RELAY, STAFF_REPORT, PROSPECT_RELAY, CRM = (
    "staff_card",
    "card_update",
    "staff_relay",
    "staff_report",
    "prospect_relay",
    "crm",
)
POLL_SECONDS = 1.0
STOP_GRACE_SECONDS = 5.0
LEASE_BATCH = 50
SIGNATURE_HEADER = "X-Cyberbot-Signature"


class NotYet(Exception):
    """The message depends on another one not delivered yet (a relay or report before its
    card)."""


class Undeliverable(Exception):
    """A message no retry can deliver (an unknown kind from a newer version, say)."""


@dataclass
class _Lane:
    """One lead's leased messages, delivered one after another by one task."""

    waiting: deque[OutboxItem] = field(default_factory=deque)
    task: asyncio.Task[None] | None = None
    current: OutboxItem | None = None


class Deliverer:
    """Delivers outbox messages until stopped; `wake()` after enqueuing skips the wait."""

    def __init__(self, db: Database, bot: Bot, settings: Settings) -> None:
        self.db = db
        self.bot = bot
        self.settings = settings
        self.outbox = Outbox(db)
        self._wake = asyncio.Event()
        self._stopping = False
        self._lanes: dict[int, _Lane] = {}
        self._task: asyncio.Task[None] | None = None
        self._http: httpx.AsyncClient | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._http = httpx.AsyncClient(timeout=10)
        self._task = asyncio.create_task(self._run(), name="outbox-deliverer")

    async def stop(self) -> None:
        """Finish the messages in hand (for a few seconds at most), then stop.

        Messages cut off mid-delivery, or leased and not begun, are released at once, so the
        next worker or start takes them up without waiting for their lease to run out.
        """
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        lanes = [lane.task for lane in self._lanes.values() if lane.task is not None]
        if lanes:
            _, unfinished = await asyncio.wait(lanes, timeout=STOP_GRACE_SECONDS)
            for task in unfinished:
                task.cancel()
            await asyncio.gather(*unfinished, return_exceptions=True)
        for lane in self._lanes.values():
            left = [*([lane.current] if lane.current else []), *lane.waiting]
            for item in left:
                with contextlib.suppress(Exception):
                    await self.outbox.release(item.id)
        self._lanes.clear()
        if self._http is not None:
            await self._http.aclose()

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self.deliver_due()
            except Exception as error:  # the loop must outlive a database hiccup
                log.error("outbox round failed: %s", type(error).__name__)
            if self._stopping:
                break
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)

    async def deliver_due(self) -> int:
        """One round: lease what is due and hand it to the leads' lanes; how many it leased.

        An empty outbox (the usual case) costs one read, not a write transaction: on SQLite
        the lease would take the write lock every second in every worker.
        """
        backlog = await self.outbox.backlog()
        OUTBOX_BACKLOG.set(backlog)
        if backlog == 0:
            return 0
        items = await self.outbox.lease_due(LEASE_BATCH)
        for item in items:
            key = item.lead_id if item.lead_id is not None else -item.id
            lane = self._lanes.setdefault(key, _Lane())
            lane.waiting.append(item)
            if lane.task is None:
                lane.task = asyncio.create_task(self._drive(key, lane), name="outbox-lane")
        return len(items)

    async def _drive(self, key: int, lane: _Lane) -> None:
        try:
            while lane.waiting and not self._stopping:
                lane.current = lane.waiting.popleft()
                await self._deliver(lane.current)
                lane.current = None
        finally:
            lane.task = None
            if not lane.waiting and lane.current is None:
                self._lanes.pop(key, None)

    async def _deliver(self, item: OutboxItem) -> bool:
        try:
            await self._send(item)
        except RetryAfter as error:
            wait = timedelta(seconds=retry_seconds(error))
            await self.outbox.retry_later(item.id, item.attempts, "429", wait)
        except NotYet:
            await self.outbox.retry_later(item.id, 1, "waiting for the card", timedelta(seconds=1))
        except Undeliverable as error:
            await self.outbox.failed(item.id, str(error))
        except BadRequest as error:
            if "not modified" in error.message:
                await self.outbox.delivered(item.id)
                return True
            if "chat not found" in error.message.lower():
                await self.outbox.retry_later(item.id, item.attempts, "chat not found")
            else:
                log.error("outbox message %d refused: %s", item.id, error.message)
                await self.outbox.failed(item.id, error.message)
        except Forbidden as error:
            if item.kind == PROSPECT_RELAY:
                # The prospect blocked the bot: no retry will reach them.
                await self.outbox.failed(item.id, error.message)
            else:
                # The bot was removed from a staff chat: deliver once it is back.
                await self.outbox.retry_later(item.id, item.attempts, "forbidden")
        except (NetworkError, TelegramError, httpx.HTTPError) as error:
            log.warning("outbox message %d delayed: %s", item.id, type(error).__name__)
            await self.outbox.retry_later(item.id, item.attempts, type(error).__name__)
        else:
            await self.outbox.delivered(item.id)
            OUTBOX_DELIVERED.labels(item.kind).inc()
            return True
        OUTBOX_RETRIES.labels(item.kind).inc()
        return False

    async def _send(self, item: OutboxItem) -> None:
        if item.kind == PROSPECT_RELAY:
            header, body = item.payload["header"], item.payload["text"]
            for piece in html_pieces(header, body):
                await self._post(item.payload["chat_id"], piece)
            return
        lead = await self._lead(item.lead_id)
        if lead is None:
            return  # erased entirely: nothing left to deliver
        if item.kind == CRM:
            await self._post_crm(lead)
        elif lead.staff_chat_id is None:
            return  # no staff chat configured: the lead is stored and exportable
        elif item.kind == STAFF_CARD:
            await self._send_card(lead)
        elif item.kind == CARD_UPDATE:
            await self._update_card(lead)
        elif item.kind == STAFF_RELAY:
            await self._relay_to_staff(lead, item.payload)
        elif item.kind == STAFF_REPORT:
            await self._send_report(lead, item.payload)
        else:
            raise Undeliverable(f"unknown outbox kind {item.kind}")

    async def _post(
        self,
        chat_id: int,
        body: str,
        markup: InlineKeyboardMarkup | None = None,
        reply_to: int | None = None,
    ) -> int | None:
        """Post a message once: its id, or None when its answer was lost (it may be there)."""
        params: dict[str, Any] = {"chat_id": chat_id, "text": body, "parse_mode": ParseMode.HTML}
        if markup is not None:
            params["reply_markup"] = markup
        return await self._once("sendMessage", params, reply_to)

    async def _once(self, method: str, params: dict[str, Any], reply_to: int | None) -> int | None:
        """Call a posting method once, as a reply to `reply_to` if that message still exists.

        The message id, or None when the answer was lost (it may be there: it counts as sent).
        A 429 is not waited out here (the outbox tries again later, the lane moves on).
        """
        if reply_to is not None:
            params["reply_parameters"] = {
                "message_id": reply_to,
                "allow_sending_without_reply": True,
            }
        try:
            sent = await with_retries(lambda: api(self.bot, method, params, patience=DONT_WAIT))
        except MaybeSent:
            log.warning("a staff message's answer was lost; it is not sent again")
            return None
        return int(sent["message_id"]) if isinstance(sent, dict) else None

    async def _lead(self, lead_id: int | None) -> LeadRecord | None:
        if lead_id is None:
            return None
        async with self.db.session() as session:
            row = await get_lead(session, lead_id)
            return LeadRecord.of(row) if row else None

    async def _remember(self, lead: LeadRecord, chat_id: int, message_id: int | None) -> None:
        """A staff message of this lead: replies to it reach the prospect."""
        if message_id is None:
            return
        async with self.db.transaction() as session:
            await remember_staff_message(session, lead.id, chat_id, message_id)

    def _card_body(self, lead: LeadRecord) -> tuple[str, InlineKeyboardMarkup | None]:
        card = card_of(lead)
        language = self.settings.bot_language
        return render_card(card, language, self.settings.timezone), card_keyboard(card, language)

    async def _send_card(self, lead: LeadRecord) -> None:
        if lead.card_sent_at is not None:
            return  # delivered by an earlier attempt whose settling failed
        assert lead.staff_chat_id is not None
        body, keyboard = self._card_body(lead)
        try:
            message_id = await self._post(lead.staff_chat_id, body, keyboard)
        except BadRequest as error:
            if "too long" not in error.message.lower():
                raise
            # Never silently lost: staff get the card's head and where to read the rest.
            message_id = await self._post(lead.staff_chat_id, self._short_card(lead), keyboard)
        async with self.db.transaction() as session:
            await card_sent(session, lead.id, lead.staff_chat_id, message_id)

    def _short_card(self, lead: LeadRecord) -> str:
        values = {"number": str(lead.id), "broker": lead.broker_name}
        return text(Msg("staff.card.too_long", values), self.settings.bot_language, as_html=True)

    async def _update_card(self, lead: LeadRecord) -> None:
        if lead.card_message_id is None:
            await self._after_the_card(lead)
            return  # the card's id is unknown (its answer was lost): nothing to edit
        body, keyboard = self._card_body(lead)
        params: dict[str, Any] = {
            "chat_id": lead.staff_chat_id,
            "message_id": lead.card_message_id,
            "text": body,
            "parse_mode": ParseMode.HTML,
        }
        if keyboard is not None:
            params["reply_markup"] = keyboard
        await with_retries(
            lambda: api(self.bot, "editMessageText", params, patience=DONT_WAIT), idempotent=True
        )

    async def _after_the_card(self, lead: LeadRecord) -> None:
        """Raises NotYet while the lead's card is still to be delivered."""
        if lead.card_sent_at is None and await self.outbox.card_pending(lead.id):
            raise NotYet

    async def _relay_to_staff(self, lead: LeadRecord, payload: dict[str, Any]) -> None:
        """After the card, as a reply to it (or, if its id is unknown, on its own)."""
        await self._after_the_card(lead)
        assert lead.staff_chat_id is not None
        name = (lead.summary or {}).get("name") or "–"
        values = {"number": str(lead.id), "name": name}
        header = text(Msg("staff.relay", values), self.settings.bot_language, as_html=True)
        for piece in html_pieces(header, payload["text"]):
            message_id = await self._post(lead.staff_chat_id, piece, reply_to=lead.card_message_id)
            await self._remember(lead, lead.staff_chat_id, message_id)

    async def _send_report(self, lead: LeadRecord, payload: dict[str, Any]) -> None:
        """The lead's PDF report after the card, as a reply to it, in the staff's language;
        nothing once the prospect erased their data. Staff's replies to it reach the
        prospect, as replies to the card do."""
        await self._after_the_card(lead)
        assert lead.staff_chat_id is not None
        language, zone = self.settings.bot_language, self.settings.timezone
        document = await staff_report(lead, payload.get("broker_contact", ""), language, zone)
        if document is None:
            return
        message_id = await self._post_document(lead, document)
        await self._remember(lead, lead.staff_chat_id, message_id)

    async def _post_document(self, lead: LeadRecord, document: InputFile) -> int | None:
        caption = Msg("staff.report.caption", {"number": str(lead.id)})
        params: dict[str, Any] = {
            "chat_id": lead.staff_chat_id,
            "document": document,
            "caption": text(caption, self.settings.bot_language, as_html=True),
            "parse_mode": ParseMode.HTML,
        }
        return await self._once("sendDocument", params, lead.card_message_id)

    async def _post_crm(self, lead: LeadRecord) -> None:
        url = self.settings.lead_webhook_url
        secret = self.settings.lead_webhook_secret
        if not url or secret is None or self._http is None:
            return
        body = json.dumps(lead_document(lead), ensure_ascii=False).encode()
        response = await self._http.post(
            url,
            content=body,
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: signature(secret.get_secret_value(), body),
            },
        )
        response.raise_for_status()
