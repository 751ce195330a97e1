"""A broker's CRM or spreadsheet gets every lead complete, safe to open, and nothing erased."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.handoff.export import to_csv, to_json
from tests.dialogs.chat import WORKED_EXAMPLE as WORKED_EXAMPLE_SCRIPT
from tests.handoff.conftest import lead, summary

# The worked example of the design: the items, their total and tier.
WORKED_EXAMPLE_ITEMS = {
    "it_restoration": "40000",
    "funds": "25000",
    "business_interruption": "40000",
    "penalties": "5000",
    "records": "100000",
    "payment_records": "3000",
}
PERSONAL = ("name", "phone", "email", "preferred_time")


def _rows(content: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content, newline="")))


def test_csv_has_one_complete_row_per_lead() -> None:
    closed = datetime(2025, 3, 11, 14, 0, tzinfo=UTC)
    leads = [lead(1), lead(2, status="closed", claimed_by="Anna", closed_at=closed)]

    first, second = _rows(to_csv(leads, "de"))

    assert first["number"] == "1"
    assert first["created_at"] == "2025-03-10T09:30:05Z"
    assert (first["broker_code"], first["broker_name"]) == ("muster", "Muster & Partner")
    assert (first["campaign"], first["status"]) == ("flyer", "new")
    assert (first["name"], first["phone"]) == ("Jörg Müßig", "030 555 0101")
    assert first["email"] == "joerg@example.de"
    assert {key: first[key] for key in WORKED_EXAMPLE_ITEMS} == WORKED_EXAMPLE_ITEMS
    assert (first["total"], first["recommended"], first["tier"]) == ("234300", "234300", "250000")
    assert (first["subtotal"], first["surcharge"]) == ("213000", "21300")
    assert first["missing"] == "Mehr-Faktor-Anmeldung (MFA); Datensicherung außer Haus"
    assert (first["claimed_by"], first["closed_at"]) == ("", "")
    assert (second["number"], second["status"]) == ("2", "closed")
    assert (second["claimed_by"], second["closed_at"]) == ("Anna", "2025-03-11T14:00:00Z")


def test_created_at_is_exported_in_utc_whatever_zone_it_was_read_in() -> None:
    berlin = datetime(2025, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))

    (row,) = _rows(to_csv([lead(created_at=berlin)], "de"))

    assert row["created_at"] == "2025-07-01T10:00:00Z"


def test_preferred_time_is_written_in_the_staff_language() -> None:
    (german,) = _rows(to_csv([lead()], "de"))
    (english,) = _rows(to_csv([lead()], "en"))
    (typed,) = _rows(to_csv([lead(summary=summary(preferred_time="Di ab 14 Uhr"))], "de"))

    assert (german["preferred_time"], english["preferred_time"]) == ("Vormittags", "Mornings")
    assert typed["preferred_time"] == "Di ab 14 Uhr"


def test_items_that_do_not_apply_stay_empty() -> None:
    everything = ("updates", "antivirus", "encryption", "firewall", "backup", "mfa")
    script = {
        "it_value": "10.000",
        "funds_cover": "nein",
        "bi_cover": "nein",
        "it_liability": "ja",
        "measures": (*everything, "emergency_plan", "emergency_contact"),
        "training": "ja",
    }

    (row,) = _rows(to_csv([lead(summary=summary(script))], "de"))

    assert row["it_restoration"] == "5000"
    assert all(row[key] == "" for key in WORKED_EXAMPLE_ITEMS if key != "it_restoration")
    assert row["missing"] == ""


def test_erased_lead_is_exported_without_personal_data() -> None:
    erased = lead(7, summary=None, username=None, user_id=None, status="erased")

    (row,) = _rows(to_csv([erased], "de"))

    assert (row["number"], row["status"], row["broker_code"]) == ("7", "erased", "muster")
    assert all(row[key] == "" for key in (*PERSONAL, "total", "tier", *WORKED_EXAMPLE_ITEMS))
    assert "Müßig" not in to_csv([erased], "de") + to_json([erased])


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused() -> None:
    hostile = summary(
        name='=HYPERLINK("http://evil.example","click")',
        phone="+49 30 555",
        email="@SUM(A1:A9)",
        preferred_time="-2+3",
    )

    (row,) = _rows(to_csv([lead(summary=hostile, campaign="x")], "de"))

    assert row["name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert (row["phone"], row["email"]) == ("+49 30 555", "'@SUM(A1:A9)")
    assert row["preferred_time"] == "'-2+3"
    assert row["campaign"] == "x"


def test_commas_quotes_and_line_breaks_survive_the_round_trip() -> None:
    awkward = 'Müller, "Die Firma"\nGmbH'

    (row,) = _rows(to_csv([lead(summary=summary(name=awkward))], "de"))

    assert row["name"] == awkward


def test_json_is_a_list_of_objects_with_the_whole_summary() -> None:
    stored = summary()
    leads = [lead(1, summary=stored), lead(2, summary=None, status="erased")]

    full, erased = json.loads(to_json(leads))

    assert full["number"] == 1 and full["erased"] is False
    assert full["summary"] == stored
    assert (full["name"], full["total"], full["it_restoration"]) == ("Jörg Müßig", 234300, 40000)
    assert full["missing"] == ["Mehr-Faktor-Anmeldung (MFA)", "Datensicherung außer Haus"]
    assert [row["row"] for row in full["table"]][-3:] == ["surcharge", "total", "recommended"]
    assert full["table"][-1] == {
        "row": "recommended",
        "label": "Empfehlung",
        "basis": "nächste übliche Versicherungssumme",
        "amount": 250000,
    }
    assert full["preferred_time"] == "morning"
    assert erased["number"] == 2 and erased["erased"] is True
    assert erased["summary"] is None
    assert all(erased[key] is None for key in PERSONAL)


def test_empty_export_still_has_the_header() -> None:
    assert next(csv.reader(io.StringIO(to_csv([], "de"))))[:2] == ["number", "created_at"]
    assert json.loads(to_json([])) == []


# --- the result sheet in the export ----------------------------------------------------------


def test_export_carries_the_same_figures_as_the_result_for_a_raised_case() -> None:
    raised = summary({**WORKED_EXAMPLE_SCRIPT, "client_damage": "1,2 Mio"})

    (row,) = _rows(to_csv([lead(summary=raised)], "de"))
    (document,) = json.loads(to_json([lead(summary=raised)]))

    assert (row["total"], row["recommended"], row["tier"]) == ("234300", "1200000", "1500000")
    assert [(r["row"], r["amount"]) for r in document["table"][-3:]] == [
        ("total", 234_300),
        ("raise", 1_200_000),
        ("recommended", 1_500_000),
    ]


def test_export_names_topics_with_status_and_notes_in_words() -> None:
    (row,) = _rows(to_csv([lead()], "de"))
    (document,) = json.loads(to_json([lead()], "en"))

    assert "Identitäts- & Berechtigungsmanagement: offen" in row["topics"]
    assert "Organisation & Sensibilisierung: erfüllt" in row["topics"]
    assert "Vertrauensschaden" in row["notes"]
    identity = next(t for t in document["topics"] if t["topic"] == "Identity & access management")
    assert identity == {
        "topic": "Identity & access management",
        "status": "open",
        "missing": ["Multi-factor authentication (MFA)"],
    }


# --- a German office's Excel -----------------------------------------------------------------


def _excel_rows(content: str) -> list[dict[str, str]]:
    assert content.startswith("\ufeff"), "Excel needs the byte order mark for umlauts"
    return list(csv.DictReader(io.StringIO(content[1:], newline=""), delimiter=";"))


def test_excel_de_has_semicolons_german_headers_and_local_time() -> None:
    closed = datetime(2025, 7, 1, 14, 0, tzinfo=UTC)
    content = to_csv([lead(status="closed", closed_at=closed)], "en", dialect="excel-de")

    (row,) = _excel_rows(content)

    assert row["Nr."] == "1"
    assert row["Eingegangen"] == "10.03.2025 10:30"  # 09:30 UTC is 10:30 in Berlin (CET)
    assert row["Erledigt am"] == "01.07.2025 16:00"  # summer time
    assert row["Status"] == "erledigt"
    assert row["Erreichbar"] == "Vormittags"
    assert row["Empfohlene Versicherungssumme"] == "250000"
    assert row["Berechneter Bedarf"] == "234300"
    assert row["Personenbezogene Daten"] == "100000"
    assert row["Fehlende Maßnahmen"] == "Mehr-Faktor-Anmeldung (MFA); Datensicherung außer Haus"


def test_excel_de_shows_phone_numbers_as_written_and_still_defuses_formulas() -> None:
    hostile = summary(name="=1+1", phone="+49 30 555", email="@SUM(A1)")
    national = summary(phone="0171 2345678")

    first, second = _excel_rows(
        to_csv([lead(summary=hostile), lead(2, summary=national)], "de", dialect="excel-de")
    )

    assert first["Telefon"] == '="+49 30 555"'
    assert second["Telefon"] == '="0171 2345678"'
    assert (first["Name"], first["E-Mail"]) == ("'=1+1", "'@SUM(A1)")


def test_a_phone_cell_that_is_not_a_phone_number_is_defused() -> None:
    hostile = summary(phone="+cmd|' /C calc'!A0")

    (row,) = _rows(to_csv([lead(summary=hostile)], "de"))
    (excel,) = _excel_rows(to_csv([lead(summary=hostile)], "de", dialect="excel-de"))

    assert row["phone"] == "'+cmd|' /C calc'!A0"
    assert excel["Telefon"] == "'+cmd|' /C calc'!A0"
