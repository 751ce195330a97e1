"""The result's „Bericht als PDF“: the prospect gets their result as a document to keep or
forward, in the language the consultation speaks, at the result and after it."""

from __future__ import annotations

from tests.e2e.conftest import Offices, ask_for_contact, visitor
from tests.e2e.script import (
    SHORT_CONSULTATION,
    WORKED_EXAMPLE,
    assert_report_shows,
    chat,
    documents,
    pdf_text,
    press_report_on_the_result,
    result_of,
)
from tests.fakes import FakeBotApi, Prospect


async def test_pdf_button_sends_the_report_with_the_results_figures(prospect: Prospect) -> None:
    await chat(prospect, *WORKED_EXAMPLE)
    result = result_of(prospect)

    await prospect.press("Bericht als PDF")

    (report,) = documents(prospect.api, prospect.chat_id)
    assert report.text == (
        "Ihr Ergebnisbericht als PDF, zum Ablegen oder Weiterleiten an Ihre Geschäftsführung."
    )
    text = pdf_text(report)
    assert_report_shows(text, result, "Empfohlene Versicherungssumme", "Berechneter Bedarf:")
    assert "Makler Muster & Partner Tel. 030 1234567" in text
    assert "Ihre Angaben" in text and "Wert der IT 80.000 €" in text
    # The result's buttons stay: the prospect can still ask to talk to the broker.
    assert "Mit dem Makler sprechen" in prospect.buttons


async def test_report_is_in_the_language_the_consultation_speaks(prospect: Prospect) -> None:
    await chat(prospect, *SHORT_CONSULTATION, "/sprache", "[English]")
    result = result_of(prospect)

    await prospect.press("PDF report")

    (report,) = documents(prospect.api, prospect.chat_id)
    assert report.text.startswith("Your result report as a PDF")
    text = pdf_text(report)
    assert "Result report: cyber insurance sum" in text
    assert_report_shows(text, result, "Recommended sum insured", "Calculated need:")


async def test_report_can_be_had_during_the_contact_flow_and_after_the_handoff(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)
    await ask_for_contact(p)
    result = result_of(p)

    during = await press_report_on_the_result(p)
    await chat(p, "[✔]", "[📱]", "[Vormittags]", "[Ja,]")
    after = await press_report_on_the_result(p)

    for report in (during, after):
        assert_report_shows(
            pdf_text(report), result, "Empfohlene Versicherungssumme", "Berechneter Bedarf:"
        )
    assert len(documents(api, p.chat_id)) == 2
    await offices.mueller.card()  # the contact flow went on undisturbed
