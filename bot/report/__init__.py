"""The PDF result report („Ergebnisbericht Cyber-Versicherungssumme“) for a consultation.

Build one from a stored lead or a conversation at the result:

    report = build_report(report_input_of_lead(lead, broker.contact, date.today()))
    report.content   # the PDF's bytes
    report.filename  # e.g. Ergebnisbericht-Cyber-Versicherungssumme-2026-12-02.pdf
"""

from bot.report.document import Report, build_report
from bot.report.source import (
    ErasedLead,
    ReportInput,
    report_input_of_conversation,
    report_input_of_lead,
)

__all__ = [
    "ErasedLead",
    "Report",
    "ReportInput",
    "build_report",
    "report_input_of_conversation",
    "report_input_of_lead",
]
