"""Leads as the bot stores them, for the export, statistics and CLI tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.storage.brokers import BrokerInfo
from bot.storage.leads import LeadRecord
from dialogs.coverage import calculate
from dialogs.lead import LeadSummary

MUSTER = BrokerInfo("muster", "Muster & Partner", -100123, "Tel. 030 1234567", "Erstinformation")
CREATED = datetime(2025, 3, 10, 9, 30, 5, tzinfo=UTC)


def summary(**changes: Any) -> dict[str, Any]:
    """The worked example of the design (total 234,300 €, tier 250,000 €) as a stored snapshot."""
    result = calculate(
        it_value=80_000,
        funds_covered=True,
        funds=25_000,
        bi_covered=True,
        monthly_costs=30_000,
        monthly_profit=10_000,
        outage_months=1,
        penalties=5_000,
        records=2_000,
        payment_records=300,
    )
    values: dict[str, Any] = {
        "name": "Jörg Müßig",
        "phone": "030 555 0101",
        "email": "joerg@example.de",
        "preferred_time": "morning",
        "answers": {"it_value": 80_000, "funds_cover": True},
        "result": result,
        "missing": ("mfa", "backup"),
        "knockouts_missing": ("mfa", "backup"),
        "language": "de",
    }
    return LeadSummary(**(values | changes)).to_dict()


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
