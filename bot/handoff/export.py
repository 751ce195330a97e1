"""Leads as CSV or JSON for a broker's CRM or spreadsheet.

One record per lead, built once and written either way. An erased lead keeps its number,
broker and status but no personal data: its summary is gone, so those fields stay empty.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from bot.storage.leads import LeadRecord
from dialogs.contact import TIMES
from dialogs.coverage import ITEM_KEYS
from dialogs.lead import LeadSummary
from dialogs.render import text
from dialogs.replies import Msg

COLUMNS: tuple[str, ...] = (
    "number",
    "created_at",
    "broker_code",
    "broker_name",
    "campaign",
    "status",
    "claimed_by",
    "closed_at",
    "name",
    "phone",
    "email",
    "preferred_time",
    "recommended",
    "tier",
    "total",
    *ITEM_KEYS,
    "missing",
)

# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, which every CRM import reads the same way."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _record(lead: LeadRecord) -> dict[str, Any]:
    """The lead's columns with typed values (numbers stay numbers, absent is None)."""
    record: dict[str, Any] = dict.fromkeys(COLUMNS) | {
        "number": lead.id,
        "created_at": _iso(lead.created_at),
        "broker_code": lead.broker_code,
        "broker_name": lead.broker_name,
        "campaign": lead.campaign,
        "status": lead.status,
        "claimed_by": lead.claimed_by,
        "closed_at": _iso(lead.closed_at),
    }
    if lead.summary is None:
        return record
    summary = LeadSummary.from_dict(lead.summary)
    result = summary.result
    amounts = {item.key: item.amount for item in result.items}
    return record | {
        "name": summary.name,
        "phone": summary.phone,
        "email": summary.email,
        "preferred_time": summary.preferred_time,
        "recommended": result.recommended,
        "tier": result.tier,
        "total": result.total,
        **{key: amounts.get(key) for key in ITEM_KEYS},
        "missing": list(summary.missing),
    }


def _cell(column: str, value: Any, language: str) -> str:
    """A value as spreadsheet text, defused so it can never run as a formula."""
    if value is None:
        return ""
    if column == "preferred_time" and value in TIMES:
        value = text(Msg(f"contact.time.{value}"), language)
    elif column == "missing":
        value = ",".join(value)
    cell = str(value)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def to_csv(leads: list[LeadRecord], language: str) -> str:
    """A header row and one row per lead; preferred times in the staff's language."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for lead in leads:
        record = _record(lead)
        writer.writerow(_cell(column, record[column], language) for column in COLUMNS)
    return out.getvalue()


def lead_document(lead: LeadRecord) -> dict[str, Any]:
    """One lead as JSON: the CSV's columns, `erased`, and the whole summary while it exists.

    The export and the CRM webhook send the same document.
    """
    return _record(lead) | {"erased": lead.summary is None, "summary": lead.summary}


def to_json(leads: list[LeadRecord]) -> str:
    """A list of lead documents."""
    records = [lead_document(lead) for lead in leads]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
