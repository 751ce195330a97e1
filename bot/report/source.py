"""What a report is built from: the answers, the broker, and the times of the handoff.

Two ways in: a stored lead (the operator's `cyberbot leads report`, the PDF on the staff
card) and a prospect's conversation at the result (the „Bericht als PDF“ button), which has
no contact data or consent yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.storage.brokers import BrokerInfo
from bot.storage.leads import LeadRecord
from dialogs.conversation import Answer, Conversation
from dialogs.coverage import FORMULA_VERSION, CoverageResult
from dialogs.lead import LeadSummary
from dialogs.texts import DEFAULT_COUNTRY


@dataclass(frozen=True)
class ReportInput:
    """Everything a report shows; the same input always gives the same text.

    `result` is a stored lead's snapshot (None: computed from the answers). The status
    information, its sending time and the consent time appear in the annex when present.
    """

    answers: Mapping[str, Answer]
    language: str
    broker_name: str
    broker_contact: str
    prepared_on: date
    country: str = DEFAULT_COUNTRY
    result: CoverageResult | None = None
    prospect_name: str | None = None
    lead_number: int | None = None
    formula_version: str = FORMULA_VERSION
    status_info: str | None = None
    status_info_sent_at: datetime | None = None
    consented_at: datetime | None = None
    zone: str = "Europe/Berlin"


class ErasedLead(ValueError):
    """The prospect erased their data: there is nothing left to report."""


def report_input_of_lead(
    lead: LeadRecord, broker_contact: str, prepared_on: date, zone: str = "Europe/Berlin"
) -> ReportInput:
    """The report of a handed-off lead, as its snapshot was taken at the consent."""
    if lead.summary is None:
        raise ErasedLead(f"lead {lead.id} was erased by the prospect; it holds no answers")
    summary = LeadSummary.from_dict(lead.summary)
    return ReportInput(
        answers=summary.answers,
        language=summary.language,
        broker_name=lead.broker_name,
        broker_contact=broker_contact,
        prepared_on=prepared_on,
        country=summary.country,
        result=summary.result,
        prospect_name=summary.name or None,
        lead_number=lead.id,
        formula_version=summary.formula_version,
        status_info=summary.status_info,
        status_info_sent_at=summary.status_info_sent_at,
        consented_at=lead.created_at,
        zone=zone,
    )


def report_input_of_conversation(
    conversation: Conversation, broker: BrokerInfo, prepared_on: date, zone: str = "Europe/Berlin"
) -> ReportInput:
    """The report a prospect asks for at the result, in the conversation's language."""
    return ReportInput(
        answers=conversation.answers,
        language=conversation.language,
        broker_name=broker.name,
        broker_contact=broker.contact,
        prepared_on=prepared_on,
        country=broker.country,
        zone=zone,
    )
