"""The PDF report: the same figures as the result and the card, readable text, a drawn chart."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from bot.report import (
    ErasedLead,
    ReportInput,
    build_report,
    report_input_of_conversation,
    report_input_of_lead,
)
from bot.report.style import ACCENT
from bot.storage.brokers import BrokerInfo
from dialogs.render import text
from dialogs.sheet import result_sheet
from dialogs.texts.formatting import money
from tests.dialogs.chat import WORKED_EXAMPLE, Step, Tap, chat_at
from tests.handoff.conftest import lead, summary

TODAY = date(2026, 1, 5)
BROKER = BrokerInfo("mueller", "Müller & Söhne GmbH", -100, "030 123456", "Erstinformation")
RAISED: dict[str, Step] = {**WORKED_EXAMPLE, "client_damage": "1,2 Mio"}
NO_THIRD_PARTY: dict[str, Step] = {**WORKED_EXAMPLE, "it_liability": "ja"}


def source(script: dict[str, Step] = WORKED_EXAMPLE, **changes: object) -> ReportInput:
    conversation = chat_at("summary", script).conversation
    base = report_input_of_conversation(conversation, BROKER, TODAY)
    return ReportInput(**(vars(base) | changes))  # type: ignore[arg-type]


def pages(report_input: ReportInput) -> list[str]:
    reader = PdfReader(io.BytesIO(build_report(report_input).content))
    return [page.extract_text() for page in reader.pages]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("script", [WORKED_EXAMPLE, RAISED, NO_THIRD_PARTY])
def test_report_table_agrees_with_the_result_row_by_row(script: dict[str, Step]) -> None:
    report = source(script)
    sheet = result_sheet(report.answers)

    first = squeezed(pages(report)[0])

    position = first.index("Position Grundlage Betrag")
    for row in sheet.rows:
        cells = [text(row.label, "de"), *([text(row.basis, "de")] if row.basis else [])]
        expected = " ".join([*cells, money(row.amount, "de")])
        found = first.find(expected, position)
        assert found > position, f"{expected!r} missing or out of order"
        position = found
    assert first[position:].startswith("Empfehlung")


def test_worked_example_report_page_one() -> None:
    first = squeezed(pages(source(prospect_name="Erika Muster"))[0])

    assert "Müller & Söhne GmbH 030 123456" in first
    assert "Stand: 5. Januar 2026" in first
    assert "Ergebnisbericht Cyber-Versicherungssumme" in first
    assert "Erstellt für: Erika Muster" in first
    assert "Empfohlene Versicherungssumme 250.000 €" in first
    assert "Berechneter Bedarf: 234.300 €, aufgerundet" in first
    for row in (
        "IT-Wiederherstellung 50 % von 80.000 € IT-Wert 40.000 €",
        "Personenbezogene Daten 2.000 Datensätze × 50 € 100.000 €",
        "Zwischensumme 213.000 €",
        "Sicherheitszuschlag 10 % von 213.000 € 21.300 €",
        "Summe 234.300 €",
        "Empfehlung nächste übliche Versicherungssumme 250.000 €",
    ):
        assert row in first
    assert "Hinweise zu Ihren Angaben" in first
    assert "Sie haben 1 Monat Ausfall angesetzt" in first
    assert "Versicherungsschritt" not in first


def test_raised_report_shows_the_client_claim_and_its_share() -> None:
    first = squeezed(pages(source(RAISED))[0])

    assert "Empfohlene Versicherungssumme 1.500.000 €" in first
    assert "Größter Kundenschaden liegt über der Summe 1.200.000 €" in first
    assert "Anhebung auf Kundenschaden 965.700 €" in first
    assert "Aufrundung auf übliche Summe 300.000 €" in first


def test_chart_draws_one_bar_per_item() -> None:
    content = build_report(source()).content
    page = PdfReader(io.BytesIO(content)).pages[0]
    operations = ContentStream(page.get_contents(), page.pdf).operations
    accent = tuple(round(c, 3) for c in (ACCENT.red, ACCENT.green, ACCENT.blue))

    fill: tuple[float, ...] = ()
    bars = 0
    for operands, operator in operations:
        if operator == b"rg":
            fill = tuple(round(float(value), 3) for value in operands)
        elif operator == b"re" and fill == accent:
            bars += 1

    assert bars == 6  # the worked example's six items; surcharge and rounding in other colours
    assert "Anteile an der Summe" in pages(source())[0]


def test_measures_page_groups_by_din_topic_with_status_and_marks() -> None:
    script = {**WORKED_EXAMPLE, "measures": ("backup", "antivirus", "emergency_plan")}

    second = squeezed(pages(source(script))[1])

    assert "Schutzmaßnahmen nach DIN SPEC 27076" in second
    assert (
        "Patch- & Änderungsmanagement offen "
        "Sicherheitsupdates zeitnah · Obliegenheit · TOP-Anforderung" in second
    )
    assert (
        "Organisation & Sensibilisierung teilweise Schulung der Mitarbeitenden · TOP-Anforderung"
        in second
    )
    assert "Datensicherung erfüllt" in second
    assert "kann er nach einem Schaden seine Leistung kürzen" in second
    assert "Leistungen der Versicherer, die helfen" in second
    assert "CyberRisikoCheck nach DIN SPEC 27076" in second
    assert "Woher die Zahlen kommen" in squeezed(" ".join(pages(source(script))))


def test_no_obligation_sentence_when_every_obligation_is_met() -> None:
    script = {**WORKED_EXAMPLE, "measures": ("mfa", "backup", "updates")}

    text = squeezed(" ".join(pages(source(script))))

    assert "Leistung kürzen" not in text
    assert "Obliegenheit:" in text  # the legend stays


def test_fidelity_note_only_with_funds_cover() -> None:
    with_funds = squeezed(" ".join(pages(source())))
    without = squeezed(" ".join(pages(source({**WORKED_EXAMPLE, "funds_cover": "nein"}))))

    assert "Vertrauensschadenversicherung" in with_funds
    assert "Vertrauensschaden" not in without


def test_annex_has_every_answer_the_formula_version_and_the_status_information() -> None:
    consented = summary(
        status_info="Erstinformation gemäß § 15 VersVermV\nMuster & Partner",
        status_info_sent_at=datetime(2025, 3, 10, 9, 28, tzinfo=UTC),
    )
    report = report_input_of_lead(lead(summary=consented), "Tel. 030 1234567", TODAY)

    text = squeezed(" ".join(pages(report)))
    annex = text[text.index("Anhang") :]

    for answer in (
        "Wert der IT 80.000 €",
        "IT-Haftpflicht Nein",
        "Größter Kundenschaden Weiß ich nicht",
    ):
        assert answer in annex
    assert "Berechnet mit der Formel in der Fassung 2026-11." in annex
    assert "Erstinformation gemäß § 15 VersVermV Muster & Partner" in annex
    assert "Übermittelt am 10. März 2025, 10:28." in annex
    assert (
        "Einwilligung in die Weitergabe erteilt am 10. März 2025, 10:30; "
        "Empfänger: Muster & Partner." in annex
    )
    assert "Anfrage Nr. 1" in text and "Erstellt für: Jörg Müßig" in text


def test_a_report_before_any_contact_has_no_status_information_or_consent() -> None:
    text = " ".join(pages(source()))

    assert "Erstinformation" not in text
    assert "Einwilligung" not in text


def test_every_page_has_the_footer_and_its_number() -> None:
    texts = pages(source())

    for number, page in enumerate(texts, start=1):
        flat = squeezed(page)
        assert "Automatisch erstellt aus Ihren eigenen Angaben. Keine Beratung" in flat
        assert f"Seite {number} von {len(texts)}" in flat


def test_same_answers_give_the_same_pdf() -> None:
    assert build_report(source()).content == build_report(source()).content
    later = build_report(source(prepared_on=date(2026, 2, 1)))
    assert later.filename == "Ergebnisbericht-Cyber-Versicherungssumme-2026-02-01.pdf"


def test_english_report() -> None:
    english = ReportInput(**(vars(source()) | {"language": "en"}))  # type: ignore[arg-type]

    report = build_report(english)
    first = squeezed(pages(english)[0])

    assert report.filename == "Cyber-insurance-result-report-2026-01-05.pdf"
    assert "Result report: cyber insurance sum" in first
    assert "Recommended sum insured €250,000" in first
    assert "Personal data 2,000 records × €50 €100,000" in first
    assert "Page 1 of" in first


def test_an_austrian_brokers_report_writes_austrian_money_and_dates() -> None:
    austrian = source(country="AT", status_info="Erstinformation nach GewO", consented_at=None)

    text = squeezed(" ".join(pages(austrian)))

    assert "Empfohlene Versicherungssumme € 250.000" in text
    assert "Stand: 5. Jänner 2026" in text
    assert "Pönalen" in text
    assert "234.300 €" not in text
    assert "§ 15 VersVermV" not in text


def test_names_in_other_scripts_print_without_black_boxes() -> None:
    first = pages(source(prospect_name="Łukasz Żółć"))[0]

    assert "Erstellt für: Lukasz Zólc" in first  # ó is in the font; Ł, Ż and ć are not


def test_an_erased_lead_has_no_report() -> None:
    erased = lead(summary=None, status="erased")

    with pytest.raises(ErasedLead):
        report_input_of_lead(erased, "", TODAY)


def test_unsure_liability_note_is_in_the_report() -> None:
    text = squeezed(" ".join(pages(source({**WORKED_EXAMPLE, "it_liability": Tap("unsure")}))))

    assert "Ob Ihre IT-Haftpflicht Schäden bei Dritten abdeckt, wissen Sie noch nicht" in text
