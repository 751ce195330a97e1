"""Leads as the bot stores them, for the export, statistics and CLI tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot.storage.brokers import BrokerInfo
from bot.storage.leads import LeadRecord
from dialogs.lead import LeadSummary, lead_summary
from tests.dialogs.chat import WORKED_EXAMPLE, Step, chat_at

MUSTER = BrokerInfo("muster", "Muster & Partner", -100123, "Tel. 030 1234567", "Erstinformation")
CREATED = datetime(2025, 3, 10, 9, 30, 5, tzinfo=UTC)
IN_PLACE = ("updates", "antivirus", "encryption", "firewall", "emergency_plan", "emergency_contact")
CONTACT = {
    "name": "Jörg Müßig",
    "phone": "030 555 0101",
    "email": "joerg@example.de",
    "time": "morning",
}


def summary(script: Mapping[str, Step] | None = None, **changes: Any) -> dict[str, Any]:
    """A stored snapshot of a consultation; by default the worked example of the design
    (total 234,300 €, tier 250,000 €) with every measure in place but MFA and the backup."""
    script = script or {**WORKED_EXAMPLE, "measures": IN_PLACE, "training": "ja"}
    conversation = chat_at("summary", script).conversation.model_copy(update={"contact": CONTACT})
    snapshot = lead_summary(conversation)
    return LeadSummary(**(dict(snapshot) | changes)).to_dict()


def lead(number: int = 1, **changes: Any) -> LeadRecord:
    """A lead record as `leads_since` returns it."""
    values: dict[str, Any] = {
        "id": number,
        "chat_id": 4711,
        "user_id": 4711,
        "username": "jmuessig",
        "broker_code": MUSTER.code,
        "broker_name": MUSTER.name,
        "campaign": "flyer",
        "staff_chat_id": MUSTER.staff_chat_id,
        "summary": summary(),
        "status": "new",
        "card_message_id": None,
        "card_sent_at": None,
        "claimed_by": None,
        "claimed_at": None,
        "closed_by": None,
        "closed_at": None,
        "created_at": CREATED,
    }
    return LeadRecord(**(values | changes))
