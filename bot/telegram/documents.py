"""The PDF result report as a Telegram document: for the prospect at the result, for the
staff under the lead card.

ReportLab is imported with the first report a worker builds, not at start: it adds about
8 MB to a worker's memory (the budget is 100 MB), and most workers seldom build one. A report
is built in a thread, one at a time (ReportLab keeps state of its own): the import's half
second and a build's few dozen milliseconds never stop the other chats.
"""

from __future__ import annotations

import asyncio
import threading
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


_ONE_AT_A_TIME = threading.Lock()


async def prospect_report(conversation: Conversation, broker: BrokerInfo, zone: str) -> InputFile:
    """The report a prospect asks for at the result, in the conversation's language."""
    return await asyncio.to_thread(_prospect_report, conversation, broker, zone)


async def staff_report(
    lead: LeadRecord, broker_contact: str, language: str, zone: str
) -> InputFile | None:
    """A lead's report for its staff chat, in the staff's `language`; None once the
    prospect erased their data (nothing of theirs may go out then)."""
    return await asyncio.to_thread(_staff_report, lead, broker_contact, language, zone)


def _prospect_report(conversation: Conversation, broker: BrokerInfo, zone: str) -> InputFile:
    from bot.report import build_report, report_input_of_conversation

    source = report_input_of_conversation(conversation, broker, today_in(zone), zone)
    with _ONE_AT_A_TIME:
        report = build_report(source)
    return InputFile(report.content, filename=report.filename)


def _staff_report(
    lead: LeadRecord, broker_contact: str, language: str, zone: str
) -> InputFile | None:
    from bot.report import ErasedLead, build_report, report_input_of_lead

    try:
        source = report_input_of_lead(lead, broker_contact, today_in(zone), zone)
    except ErasedLead:
        return None
    with _ONE_AT_A_TIME:
        report = build_report(replace(source, language=language))
    return InputFile(report.content, filename=report.filename)
