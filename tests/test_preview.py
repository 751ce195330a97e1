"""The proof-reading preview shows what prospects will read, in both languages."""

from __future__ import annotations

import html
from pathlib import Path

from bot.cli import main
from dialogs.questions import QUESTIONS
from dialogs.texts import de, en


def test_preview_shows_every_question_and_the_worked_example_in_both_languages(
    tmp_path: Path,
) -> None:
    out = tmp_path / "preview.html"

    assert main(["preview", "--out", str(out)]) == 0

    page = html.unescape(out.read_text(encoding="utf-8"))
    for key in QUESTIONS:
        assert de.TEXTS[f"q.{key}.text"] in page
        assert en.TEXTS[f"q.{key}.text"] in page
    assert "234.300 €" in page
    assert "€234,300" in page


def test_preview_shows_refusals_contact_privacy_card_and_pdf(tmp_path: Path) -> None:
    out = tmp_path / "preview.html"

    assert main(["preview", "--out", str(out)]) == 0

    raw = out.read_text(encoding="utf-8")
    page = html.unescape(raw)
    for language, catalogue in (("de", de.TEXTS), ("en", en.TEXTS)):
        assert f"<h2>{language}</h2>" in page
        assert catalogue["q.it_value.help"] in page
        assert catalogue["error.empty"] in page
        assert catalogue["tg.delete.ask"] in page
    assert "konnte ich nicht als Zahl lesen" in page  # a refusal
    assert "Erstinformation: Muster & Partner" in page  # status information
    assert "Ihre Einwilligung" in page and "Vielen Dank!" in page  # consent and thanks
    assert "Anfrage #1" in page and "Lead #1" in page  # the staff card in both languages
    assert "Woher die Zahlen kommen" in page  # help on the result
    assert raw.count('type="application/pdf"') == 3  # de, en and the Austrian report
    assert "Ergebnisbericht-Cyber-Versicherungssumme-2026-01-05.pdf" in page
    austrian = page[page.index("de · Österreich") :]
    assert "Empfohlene Versicherungssumme: € 250.000" in austrian
    assert "§ 15 VersVermV" not in austrian
