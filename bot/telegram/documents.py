"""The PDF result report as a Telegram document: for the prospect at the result, for the
staff under the lead card.

ReportLab is imported with the first report a worker builds, not at start: it adds about
8 MB to a worker's memory (the budget is 100 MB), and most workers seldom build one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import InputFile

from bot.storage.brokers import BrokerInfo
from bot.storage.leads import LeadRecord
from dialogs.conversation import Conversation


def today_in(zone: str) -> date:
    """The date the report names, as the broker's office reads the calendar."""
    return datetime.now(ZoneInfo(zone)).date()


def prospect_report(conversation: Conversation, broker: BrokerInfo, zone: str) -> InputFile:
    """The report a prospect asks for at the result, in the conversation's language."""
    from bot.report import build_report, report_input_of_conversation

    source = report_input_of_conversation(conversation, broker, today_in(zone), zone)
    report = build_report(source)
    return InputFile(report.content, filename=report.filename)


def staff_report(
    lead: LeadRecord, broker_contact: str, language: str, zone: str
) -> InputFile | None:
    """A lead's report for its staff chat, in the staff's `language`; None once the
    prospect erased their data (nothing of theirs may go out then)."""
    from bot.report import ErasedLead, build_report, report_input_of_lead

    try:
        source = report_input_of_lead(lead, broker_contact, today_in(zone), zone)
    except ErasedLead:
        return None
    report = build_report(replace(source, language=language))
    return InputFile(report.content, filename=report.filename)
