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
