"""The PDF result report as a Telegram document, for the prospect at the result.

ReportLab is imported with the first report a worker builds, not at start: it adds about
8 MB to a worker's memory (the budget is 100 MB), and most workers seldom build one.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import InputFile

from bot.storage.brokers import BrokerInfo
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
