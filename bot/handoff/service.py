"""What the handoff changes in the database, always inside the caller's transaction.

Leads, funnel steps and outbox messages are written together with the conversation change
that caused them (in the update's transaction on the native driver), so a crash can never
leave a consent without its lead, or a lead without its card on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.handoff.delivery import (
    CARD_UPDATE,
    CRM,
    PROSPECT_RELAY,
    STAFF_CARD,
    STAFF_RELAY,
    STAFF_REPORT,
)
from bot.metrics import CONVERSATIONS, LEADS
from bot.storage.brokers import BrokerInfo
from bot.storage.leads import (
    LeadRecord,
    card_found,
    create_lead,
    erase_personal_data,
    lead_for_update,
    lead_of_staff_message,
    open_lead_of_chat,
    record_funnel,
    set_claimed,
    set_closed,
)
from bot.storage.models import utcnow
from bot.storage.native import Tx
from bot.storage.outbox import discard, enqueue, purge_settled, relay_slot, relays_of_chat
from dialogs.conversation import SUMMARY, Conversation
from dialogs.lead import lead_summary
from dialogs.outcome import Outcome
from dialogs.render import Speech
from dialogs.replies import Msg
from dialogs.texts import DEFAULT_COUNTRY

# A prospect's messages to staff go on at once up to this many a minute, then one every
# few seconds: nobody is refused, and no chatty prospect fills a staff chat's quota.
RELAYS_PER_MINUTE = 10
RELAY_SPACING = timedelta(seconds=6)
RELAYS = (STAFF_RELAY, PROSPECT_RELAY)
# What each relay is from the prospect's side, in their copy of the data.
RELAY_DIRECTIONS = {STAFF_RELAY: "to_broker", PROSPECT_RELAY: "from_broker"}


@dataclass(frozen=True)
class Recorded:
    """What a move put into the outbox: something (`queued`), and whether a relay of it
    waits its turn (`paced`) because the prospect wrote a lot in a short time."""

    queued: bool = False
    paced: bool = False


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
    """Lead, relay and erasure bookkeeping; every method writes in the transaction it is given."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def record_move(
        self,
        tx: Tx,
        *,
        chat_id: int,
        user_id: int | None,
        username: str | None,
        attribution: Attribution,
        before: Conversation,
        outcome: Outcome,
        started: bool,
    ) -> Recorded:
        """Funnel steps, the lead at consent (its card and PDF report), relays after it."""
        code = attribution.broker.code
        for step in funnel_steps(before, outcome, started=started):
            await record_funnel(tx, step, code, attribution.campaign)
            if step in ("started", "finished"):
                CONVERSATIONS.labels(step).inc()
        if outcome.handoff:
            broker = attribution.broker
            summary = lead_summary(
                outcome.conversation, country=broker.country, status_info=broker.status_info
            ).to_dict()
            lead = await create_lead(
                tx,
                chat_id=chat_id,
                user_id=user_id,
                username=username,
                broker=attribution.broker,
                campaign=attribution.campaign,
                summary=summary,
            )
            await enqueue(tx, STAFF_CARD, {}, lead_id=lead)
            # The report names the broker's contact line as it stood at the consent.
            await enqueue(tx, STAFF_REPORT, {"broker_contact": broker.contact}, lead_id=lead)
            LEADS.inc()
            if self.settings.lead_webhook_url and self.settings.lead_webhook_secret:
                await enqueue(tx, CRM, {}, lead_id=lead)
            return Recorded(queued=True)
        if outcome.relay is not None:
            open_lead = await open_lead_of_chat(tx, chat_id)
            if open_lead is None:
                return Recorded()
            now = utcnow()
            when = await relay_slot(tx, open_lead, now, RELAYS_PER_MINUTE, RELAY_SPACING)
            payload = {"text": outcome.relay}
            await enqueue(tx, STAFF_RELAY, payload, lead_id=open_lead, not_before=when)
            return Recorded(queued=True, paced=when > now)
        return Recorded()

    async def claim_or_close(
        self, tx: Tx, lead_id: int, action: str, staff_chat_id: int, who: str, card: int
    ) -> LeadRecord | None:
        """A staff member's button on a card (message `card`); None when it is not this
        chat's open lead."""
        row = await lead_for_update(tx, lead_id)
        if row is None or row.staff_chat_id != staff_chat_id or row.status in ("closed", "erased"):
            return None
        await card_found(tx, row, card)
        if action == "claim" and row.claimed_by is None:
            await set_claimed(tx, row.id, who)
        elif action == "close":
            await set_closed(tx, row.id, who)
        else:
            return None
        step = "claimed" if action == "claim" else "closed"
        await record_funnel(tx, step, row.broker_code, row.campaign)
        await enqueue(tx, CARD_UPDATE, {}, lead_id=row.id)
        return row

    async def staff_reply(
        self, tx: Tx, staff_chat_id: int, replied_to: int, reply_text: str
    ) -> LeadRecord | None:
        """A staff member answered a card or a relayed message: pass it to the prospect."""
        row = await lead_of_staff_message(tx, staff_chat_id, replied_to)
        if row is None or row.status in ("closed", "erased"):
            return None
        summary = row.summary or {}
        # Spoken to as in the consultation: its language, the broker's country's way.
        speech = Speech(
            str(summary.get("language", self.settings.bot_language)),
            str(summary.get("country", DEFAULT_COUNTRY)),
        )
        header = speech.text(Msg("relay.from_broker", {"broker": row.broker_name}), as_html=True)
        payload: dict[str, Any] = {"chat_id": row.chat_id, "header": header, "text": reply_text}
        await enqueue(tx, PROSPECT_RELAY, payload, lead_id=row.id)
        return row

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

    async def erase(self, tx: Tx, chat_id: int) -> list[LeadRecord]:
        """The prospect erased their data: empty their leads and mark the staff cards."""
        erased = await erase_personal_data(tx, chat_id)
        numbers = [lead.id for lead in erased]
        # Relayed messages hold what the prospect and staff wrote, a report their answers:
        # none of them may go out any more.
        await discard(tx, numbers, (*RELAYS, STAFF_REPORT))
        for number in numbers:
            await enqueue(tx, CARD_UPDATE, {}, lead_id=number)
        return erased
