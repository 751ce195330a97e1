"""The outbox's deliverer: a background task in every worker that sends what the outbox holds.

Staff chats that are unreachable (403), rate-limited (429) or failing (5xx) only delay a
message; it stays in the outbox and is tried again with growing pauses. A refusal no retry
can fix (a malformed message) is kept as failed, for the operator to see.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import timedelta
from typing import Any

import httpx
from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.config import Settings
from bot.handoff.card import card_keyboard, card_of, render_card
from bot.handoff.export import lead_document
from bot.handoff.signing import signature
from bot.metrics import OUTBOX_BACKLOG, OUTBOX_DELIVERED, OUTBOX_RETRIES
from bot.storage import Database
from bot.storage.leads import LeadRecord, get_lead, remember_staff_message
from bot.storage.outbox import Outbox, OutboxItem
from bot.telegram.pieces import html_pieces
from dialogs.render import text
from dialogs.replies import Msg

log = logging.getLogger(__name__)

STAFF_CARD, CARD_UPDATE, STAFF_RELAY, PROSPECT_RELAY, CRM = (
    "staff_card",
    "card_update",
    "staff_relay",
    "prospect_relay",
    "crm",
)
POLL_SECONDS = 1.0
STOP_GRACE_SECONDS = 5.0
SIGNATURE_HEADER = "X-Cyberbot-Signature"


class NotYet(Exception):
    """The message depends on another one not delivered yet (a relay before its card)."""


class Undeliverable(Exception):
    """A message no retry can deliver (an unknown kind from a newer version, say)."""


class Deliverer:
    """Delivers outbox messages until stopped; `wake()` after enqueuing skips the wait."""

    def __init__(self, db: Database, bot: Bot, settings: Settings) -> None:
        self.db = db
        self.bot = bot
        self.settings = settings
        self.outbox = Outbox(db)
        self._wake = asyncio.Event()
        self._stopping = False
        self._current: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._http: httpx.AsyncClient | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._http = httpx.AsyncClient(timeout=10)
        self._task = asyncio.create_task(self._run(), name="outbox-deliverer")

    async def stop(self) -> None:
        """Finish the message in hand (for a few seconds at most), then stop.

        A message cut off mid-delivery is released at once, so the next worker or start
        takes it up without waiting for its lease to run out.
        """
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), STOP_GRACE_SECONDS)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
        if self._current is not None:
            await self.outbox.release(self._current)
            self._current = None
        if self._http is not None:
            await self._http.aclose()

    async def _run(self) -> None:
        while not self._stopping:
            try:
                delivered = await self.deliver_due()
            except Exception as error:  # the loop must outlive a database hiccup
                log.error("outbox round failed: %s", type(error).__name__)
                delivered = 0
            if delivered or self._stopping:
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)

    async def deliver_due(self) -> int:
        """One round: lease what is due and deliver it; returns how many were delivered.

        An empty outbox (the usual case) costs one read, not a write transaction: on SQLite
        the lease would take the write lock every second in every worker.
        """
        backlog = await self.outbox.backlog()
        OUTBOX_BACKLOG.set(backlog)
        if backlog == 0:
            return 0
        items = await self.outbox.lease_due()
        delivered = 0
        for position, item in enumerate(items):
            if self._stopping:
                for untouched in items[position:]:
                    await self.outbox.release(untouched.id)
                break
            self._current = item.id
            if await self._deliver(item):
                delivered += 1
            self._current = None
        return delivered

    async def _deliver(self, item: OutboxItem) -> bool:
        try:
            await self._send(item)
        except RetryAfter as error:
            retry = error.retry_after
            seconds = retry.total_seconds() if isinstance(retry, timedelta) else float(retry)
            await self.outbox.retry_later(item.id, item.attempts, "429", timedelta(seconds=seconds))
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
                await self.bot.send_message(
                    item.payload["chat_id"], piece, parse_mode=ParseMode.HTML
                )
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
        else:
            raise Undeliverable(f"unknown outbox kind {item.kind}")

    async def _lead(self, lead_id: int | None) -> LeadRecord | None:
        if lead_id is None:
            return None
        async with self.db.session() as session:
            row = await get_lead(session, lead_id)
            return LeadRecord.of(row) if row else None

    async def _remember(self, lead: LeadRecord, message: Message, *, card: bool = False) -> None:
        async with self.db.transaction() as session:
            await remember_staff_message(session, lead.id, message.chat_id, message.message_id)
            if card:
                row = await get_lead(session, lead.id)
                if row is not None:
                    row.card_message_id = message.message_id

    def _card_body(self, lead: LeadRecord) -> tuple[str, Any]:
        card = card_of(lead)
        language = self.settings.bot_language
        return render_card(card, language, self.settings.timezone), card_keyboard(card, language)

    async def _send_card(self, lead: LeadRecord) -> None:
        if lead.card_message_id is not None:
            return  # already delivered by an earlier attempt whose settling failed
        assert lead.staff_chat_id is not None
        body, keyboard = self._card_body(lead)
        message = await self.bot.send_message(
            lead.staff_chat_id, body, parse_mode=ParseMode.HTML, reply_markup=keyboard
        )
        await self._remember(lead, message, card=True)

    async def _update_card(self, lead: LeadRecord) -> None:
        if lead.card_message_id is None:
            raise NotYet
        body, keyboard = self._card_body(lead)
        await self.bot.edit_message_text(
            body,
            chat_id=lead.staff_chat_id,
            message_id=lead.card_message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard,
        )

    async def _relay_to_staff(self, lead: LeadRecord, payload: dict[str, Any]) -> None:
        if lead.card_message_id is None:
            raise NotYet
        assert lead.staff_chat_id is not None
        name = (lead.summary or {}).get("name") or "–"
        values = {"number": str(lead.id), "name": name}
        header = text(Msg("staff.relay", values), self.settings.bot_language, as_html=True)
        for piece in html_pieces(header, payload["text"]):
            message = await self.bot.send_message(
                lead.staff_chat_id,
                piece,
                parse_mode=ParseMode.HTML,
                reply_to_message_id=lead.card_message_id,
            )
            await self._remember(lead, message)

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
