"""The PDF report, built in-process with ReportLab from a stored session.

`build_report(source)` returns the PDF and a file name; nothing is written to disk and no
network or system package is involved. The same input always gives the same text (only
the dates it names differ), and with ReportLab's invariant mode the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from bot.report.sections import Sections
from bot.report.source import ReportInput
from bot.report.style import (
    CONTENT_WIDTH,
    FONT,
    FOOTER_SPACE,
    MARGIN,
    MUTED,
    RULE,
    Writer,
    printable,
)
from dialogs.replies import Msg

CREATOR = "Cyber-Deckungsbot"
FOOTER_SIZE, FOOTER_LEADING = 7.5, 9.5


@dataclass(frozen=True)
class Report:
    """A finished report: the PDF's bytes and the name to send or save it under."""

    content: bytes
    filename: str


def build_report(source: ReportInput) -> Report:
    """The result report for one consultation, in its language, for its broker's country."""
    writer = Writer(source.language, source.country)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=MARGIN + FOOTER_SPACE / 2,
        title=writer.plain(Msg("report.title")),
        author=printable(source.broker_name),
        creator=CREATOR,
        lang=source.language,
        invariant=True,
    )
    sections = Sections(source, CONTENT_WIDTH)
    footer = writer.plain(Msg("report.footer", {"broker": source.broker_name}))

    def page_label(page: int, pages: int) -> str:
        return writer.plain(Msg("report.page", {"page": str(page), "pages": str(pages)}))

    story = [*sections.first_page(), *sections.measures(), *sections.annex()]
    document.build(story, canvasmaker=_footed(footer, page_label))
    name = writer.plain(Msg("report.filename"))
    return Report(buffer.getvalue(), f"{name}-{source.prepared_on.isoformat()}.pdf")


def _footed(footer: str, page_label: Callable[[int, int], str]) -> type[Canvas]:
    """A canvas that draws the footer and „Seite n von m“ on every page once all are known."""

    class FootedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # ReportLab's own, not in its stubs

        def save(self) -> None:
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, len(self._pages))
                super().showPage()
            super().save()

        def _footer(self, page: int, pages: int) -> None:
            width, _ = A4
            top = MARGIN
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, top, width - MARGIN, top)
            self.setFont(FONT, FOOTER_SIZE)
            self.setFillColor(MUTED)
            label = page_label(page, pages)
            room = width - 2 * MARGIN - stringWidth(label, FONT, FOOTER_SIZE) - 8 * mm
            lines = simpleSplit(footer, FONT, FOOTER_SIZE, room)
            for number, line in enumerate(lines):
                self.drawString(MARGIN, top - (number + 1) * FOOTER_LEADING, line)
            self.drawRightString(width - MARGIN, top - FOOTER_LEADING, label)

    return FootedCanvas
