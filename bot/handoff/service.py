"""What the handoff changes in the database, always inside the caller's transaction.

Leads, funnel steps and outbox messages are written together with the conversation change
that caused them, so a crash can never leave a consent without its lead, or a lead without
its card on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.handoff.delivery import CARD_UPDATE, CRM, PROSPECT_RELAY, STAFF_CARD, STAFF_RELAY
from bot.metrics import CONVERSATIONS, LEADS
from bot.storage.brokers import BrokerInfo
from bot.storage.leads import (
    LeadRecord,
    create_lead,
    erase_personal_data,
    get_lead,
    lead_of_staff_message,
    open_lead_of_chat,
    record_funnel,
)
from bot.storage.models import utcnow
from bot.storage.outbox import discard, enqueue, purge_settled, relays_of_chat
from dialogs.conversation import SUMMARY, Conversation
from dialogs.lead import lead_summary
from dialogs.outcome import Outcome
from dialogs.render import text
from dialogs.replies import Msg

RELAYS = (STAFF_RELAY, PROSPECT_RELAY)
# What each relay is from the prospect's side, in their copy of the data.
RELAY_DIRECTIONS = {STAFF_RELAY: "to_broker", PROSPECT_RELAY: "from_broker"}


class SessionSource(Protocol):
    """A transaction that opens its ORM session on first use (`ChatTx`)."""

    @property
    def session(self) -> AsyncSession: ...


@dataclass(frozen=True)
class Attribution:
    """Whose session this is: the broker from the start link, and its campaign."""

    broker: BrokerInfo
    campaign: str | None


def funnel_steps(before: Conversation, outcome: Outcome, *, started: bool) -> list[str]:
    """The funnel steps one move of the dialog completes."""
    steps = ["started"] if started else []
    after = outcome.conversation
    if not before.finished and after.state == SUMMARY:
        steps.append("finished")
    if outcome.contact_requested:
        steps.append("contact_requested")
    return steps


class Handoff:
    """Lead, relay and erasure bookkeeping; every method writes in the session it is given."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def record_move(
        self,
        transaction: SessionSource,
        *,
        chat_id: int,
        user_id: int | None,
        username: str | None,
        attribution: Attribution,
        before: Conversation,
        outcome: Outcome,
        started: bool,
    ) -> bool:
        """Funnel steps, the lead at consent, relays after it. True when the outbox grew.

        Most moves write none of these, so the ORM session is only opened when one is due.
        """
        code = attribution.broker.code
        for step in funnel_steps(before, outcome, started=started):
            await record_funnel(transaction.session, step, code, attribution.campaign)
            if step in ("started", "finished"):
                CONVERSATIONS.labels(step).inc()
        if outcome.handoff:
            session = transaction.session
            summary = lead_summary(outcome.conversation).to_dict()
            lead = await create_lead(
                session,
                chat_id=chat_id,
                user_id=user_id,
                username=username,
                broker=attribution.broker,
                campaign=attribution.campaign,
                summary=summary,
            )
            enqueue(session, STAFF_CARD, {}, lead_id=lead.id)
            LEADS.inc()
            if self.settings.lead_webhook_url and self.settings.lead_webhook_secret:
                enqueue(session, CRM, {}, lead_id=lead.id)
            return True
        if outcome.relay is not None:
            session = transaction.session
            open_lead = await open_lead_of_chat(session, chat_id)
            if open_lead is None:
                return False
            enqueue(session, STAFF_RELAY, {"text": outcome.relay}, lead_id=open_lead.id)
            return True
        return False

    async def claim_or_close(
        self, session: AsyncSession, lead_id: int, action: str, staff_chat_id: int, who: str
    ) -> LeadRecord | None:
        """A staff member's button on a card; None when it is not this chat's open lead."""
        row = await get_lead(session, lead_id, for_update=True)
        if row is None or row.staff_chat_id != staff_chat_id or row.status in ("closed", "erased"):
            return None
        now = utcnow()
        if action == "claim" and row.claimed_by is None:
            row.claimed_by, row.claimed_at, row.status = who, now, "claimed"
            await record_funnel(session, "claimed", row.broker_code, row.campaign)
        elif action == "close":
            row.closed_by, row.closed_at, row.status = who, now, "closed"
            await record_funnel(session, "closed", row.broker_code, row.campaign)
        else:
            return None
        enqueue(session, CARD_UPDATE, {}, lead_id=row.id)
        return LeadRecord.of(row)

    async def staff_reply(
        self, session: AsyncSession, staff_chat_id: int, replied_to: int, reply_text: str
    ) -> LeadRecord | None:
        """A staff member answered a card or a relayed message: pass it to the prospect."""
        row = await lead_of_staff_message(session, staff_chat_id, replied_to)
        if row is None or row.status in ("closed", "erased"):
            return None
        values = {"broker": row.broker_name}
        language = str((row.summary or {}).get("language", self.settings.bot_language))
        header = text(Msg("relay.from_broker", values), language, as_html=True)
        payload: dict[str, Any] = {"chat_id": row.chat_id, "header": header, "text": reply_text}
        enqueue(session, PROSPECT_RELAY, payload, lead_id=row.id)
        return LeadRecord.of(row)

    async def relays_of(self, session: AsyncSession, chat_id: int) -> list[dict[str, Any]]:
        """The messages passed between this prospect and staff, for /meinedaten."""
        relayed = await relays_of_chat(session, chat_id, RELAYS)
        return [
            {
                "direction": RELAY_DIRECTIONS[message.kind],
                "text": message.text,
                "written_at": message.created_at.isoformat(),
                "delivered_at": message.sent_at.isoformat() if message.sent_at else None,
            }
            for message in relayed
        ]

    async def purge_relays(self, session: AsyncSession) -> int:
        """Delete delivered relayed texts older than the retention period."""
        days = self.settings.conversation_retention_days
        return await purge_settled(session, RELAYS, utcnow() - timedelta(days=days))

    async def erase(self, session: AsyncSession, chat_id: int) -> list[LeadRecord]:
        """The prospect erased their data: empty their leads and mark the staff cards."""
        erased = await erase_personal_data(session, chat_id)
        numbers = [lead.id for lead in erased]
        # Relayed messages hold what the prospect and staff wrote: they go too.
        await discard(session, numbers, RELAYS)
        for number in numbers:
            enqueue(session, CARD_UPDATE, {}, lead_id=number)
        return erased
