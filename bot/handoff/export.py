"""Leads as CSV or JSON for a broker's CRM or spreadsheet.

One record per lead, built once from the lead's result sheet (the same rows, notes and
measures as the card and the prospect's result) and written either way. An erased lead
keeps its number, broker and status but no personal data: its summary is gone, so those
fields stay empty.

Two CSV dialects: `default` for CRM imports (commas, UTC, column keys) and `excel-de` for
a German office that opens the file by double-click (semicolons, byte order mark, local
time, German headers and values).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.storage.leads import LeadRecord
from dialogs.contact import TIMES
from dialogs.coverage import ITEM_KEYS
from dialogs.lead import LeadSummary
from dialogs.measures import Measure
from dialogs.render import text
from dialogs.replies import Msg
from dialogs.sheet import ResultSheet, result_sheet
from dialogs.texts import DEFAULT_LANGUAGE

DEFAULT, EXCEL_DE = "default", "excel-de"
DIALECTS: tuple[str, ...] = (DEFAULT, EXCEL_DE)

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
    "tier",
    "recommended",
    "total",
    "subtotal",
    "surcharge",
    *ITEM_KEYS,
    "missing",
    "topics",
    "notes",
)
_TIMES = ("created_at", "closed_at")

# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A phone number as the contact flow accepts it: digits and separators, nothing a formula
# could call. It is written as it is, not defused with an apostrophe.
_PHONE = re.compile(r"\+?[\d\s/().-]+")


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, which every CRM import reads the same way."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class _Snapshot:
    """A lead's stored summary and the result sheet rendered from it, built once per lead."""

    summary: LeadSummary
    sheet: ResultSheet

    @classmethod
    def of(cls, lead: LeadRecord) -> _Snapshot | None:
        if lead.summary is None:
            return None
        summary = LeadSummary.from_dict(lead.summary)
        return cls(summary, result_sheet(summary.answers, summary.result))


def _record(lead: LeadRecord, snapshot: _Snapshot | None, language: str) -> dict[str, Any]:
    """The lead's columns with typed values (numbers stay numbers, absent is None).

    Measures, topics and notes are in the staff's language: names, never internal keys.
    """
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
    if snapshot is None:
        return record
    summary, sheet = snapshot.summary, snapshot.sheet
    result = sheet.result
    amounts = {item.key: item.amount for item in result.items}

    def say(message: Msg) -> str:
        return text(message, language, country=summary.country)

    def names(measures: tuple[Measure, ...]) -> list[str]:
        return [say(Msg(f"measure.{m.key}.label")) for m in measures]

    topics = [
        {"topic": say(Msg(f"topic.{t.key}")), "status": t.status.value, "missing": names(t.missing)}
        for t in sheet.security.topics
    ]
    return record | {
        "name": summary.name,
        "phone": summary.phone,
        "email": summary.email,
        "preferred_time": summary.preferred_time,
        "tier": result.tier,
        "recommended": result.recommended,
        "total": result.total,
        "subtotal": result.subtotal,
        "surcharge": result.surcharge,
        **{key: amounts.get(key) for key in ITEM_KEYS},
        "missing": names(sheet.security.missing),
        "topics": topics,
        "notes": [say(note) for note in sheet.notes],
    }


def _cell(column: str, value: Any, language: str, dialect: str, zone: str) -> str:
    """A value as spreadsheet text, defused so it can never run as a formula."""
    if value is None:
        return ""
    if column == "preferred_time" and value in TIMES:
        value = text(Msg(f"contact.time.{value}"), language)
    elif column == "missing":
        value = "; ".join(value)
    elif column == "topics":
        value = "; ".join(_topic_status(topic, language) for topic in value)
    elif column == "notes":
        value = "\n".join(value)
    elif dialect == EXCEL_DE and column == "status":
        value = text(Msg(f"export.status.{value}"), language)
    elif dialect == EXCEL_DE and column in _TIMES:
        moment = datetime.fromisoformat(value)
        value = format_datetime(moment, "dd.MM.yyyy HH:mm", tzinfo=ZoneInfo(zone), locale="de")
    cell = str(value)
    if column == "phone" and _PHONE.fullmatch(cell):
        # Excel would read „0171…“ as a number and „+49 …“ as a formula; this shows it as text.
        return f'="{cell}"' if dialect == EXCEL_DE else cell
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _topic_status(topic: dict[str, Any], language: str) -> str:
    status = Msg(f"report.status.{topic['status']}")
    return text(Msg("export.topic", {"topic": topic["topic"], "status": status}), language)


def _header(column: str, language: str) -> str:
    key = f"item.{column}" if column in ITEM_KEYS else f"export.column.{column}"
    return text(Msg(key), language)


def to_csv(
    leads: list[LeadRecord],
    language: str,
    *,
    dialect: str = DEFAULT,
    zone: str = "Europe/Berlin",
) -> str:
    """A header row and one row per lead; texts in the staff's language (German for excel-de).

    `excel-de` starts with a byte order mark, so Excel reads the umlauts, and writes times
    in `zone`, the broker's local time.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}")
    if dialect == EXCEL_DE:
        language = "de"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dialect == EXCEL_DE else ",")
    header = COLUMNS if dialect == DEFAULT else [_header(c, language) for c in COLUMNS]
    writer.writerow(header)
    for lead in leads:
        record = _record(lead, _Snapshot.of(lead), language)
        writer.writerow(_cell(c, record[c], language, dialect, zone) for c in COLUMNS)
    return ("\ufeff" if dialect == EXCEL_DE else "") + out.getvalue()


def lead_document(lead: LeadRecord, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """One lead as JSON: the CSV's columns, the result table row by row, `erased`, and the
    whole summary while it exists. The export and the CRM webhook send the same document.
    """
    snapshot = _Snapshot.of(lead)
    table = None
    if snapshot is not None:
        country = snapshot.summary.country
        table = [
            {
                "row": row.key,
                "label": text(row.label, language, country=country),
                "basis": text(row.basis, language, country=country) if row.basis else None,
                "amount": row.amount,
            }
            for row in snapshot.sheet.rows
        ]
    return _record(lead, snapshot, language) | {
        "erased": lead.summary is None,
        "table": table,
        "summary": lead.summary,
    }


def to_json(leads: list[LeadRecord], language: str = DEFAULT_LANGUAGE) -> str:
    """A list of lead documents."""
    records = [lead_document(lead, language) for lead in leads]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
