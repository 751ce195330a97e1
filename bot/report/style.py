"""The report's look: colours, type, and catalogue text turned into PDF paragraph markup.

Helvetica (one of the PDF standard fonts) needs no embedded font file and covers the
Windows-1252 characters German and English use (€, umlauts, „“, –, ×). A character outside
it (a name in another script) would print as a black box; it is written without its
accent, or as „?“, instead.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from dialogs.render import text
from dialogs.replies import Msg

FONT, BOLD = "Helvetica", "Helvetica-Bold"

INK = colors.HexColor("#1B2430")
MUTED = colors.HexColor("#5B6573")
NAVY = colors.HexColor("#1F3A5F")
ACCENT = colors.HexColor("#2E6DA4")
ACCENT_LIGHT = colors.HexColor("#8DB3D9")
PANEL = colors.HexColor("#EAF1F8")
RULE = colors.HexColor("#C9D3DE")
GREY = colors.HexColor("#B3BAC4")
RAISE = colors.HexColor("#7A5BA8")
# Per topic status: the word's colour and its cell's tint.
STATUS = {
    "met": (colors.HexColor("#2E7D32"), colors.HexColor("#E3F1E4")),
    "partly": (colors.HexColor("#A86E00"), colors.HexColor("#FFF1CC")),
    "open": (colors.HexColor("#C62828"), colors.HexColor("#FBE3E3")),
}
MARK = {"knockout": colors.HexColor("#C62828"), "top": colors.HexColor("#2E6DA4")}

MARGIN = 20 * mm
FOOTER_SPACE = 14 * mm
FRAME_PADDING = 6  # points ReportLab's page frame keeps free on each side
CONTENT_WIDTH = 210 * mm - 2 * MARGIN - 2 * FRAME_PADDING


def _style(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
    values: dict[str, Any] = {"fontName": FONT, "textColor": INK, **extra}
    return ParagraphStyle(name, fontSize=size, leading=leading, **values)


BODY = _style("body", 9.5, 13)
SMALL = _style("small", 8.5, 11.5)
MUTED_SMALL = _style("muted", 8, 10.5, textColor=MUTED)
TITLE = _style("title", 19, 23, fontName=BOLD, textColor=NAVY, spaceAfter=2 * mm)
HEADING = _style(
    "heading", 12, 15, fontName=BOLD, textColor=NAVY, spaceBefore=5 * mm, spaceAfter=2 * mm
)
SUBHEADING = _style(
    "subheading", 10, 13, fontName=BOLD, textColor=NAVY, spaceBefore=3 * mm, spaceAfter=1 * mm
)
BROKER = _style("broker", 11, 14, fontName=BOLD, textColor=NAVY)
RIGHT = _style("right", 8.5, 11.5, alignment=TA_RIGHT, textColor=MUTED)
FIGURE_LABEL = _style("figure_label", 10, 13, textColor=NAVY)
FIGURE = _style("figure", 28, 33, fontName=BOLD, textColor=NAVY)
CELL = _style("cell", 9, 11.5)
CELL_BOLD = _style("cell_bold", 9, 11.5, fontName=BOLD)
CELL_AMOUNT = _style("cell_amount", 9, 11.5, alignment=TA_RIGHT)
CELL_AMOUNT_BOLD = _style("cell_amount_bold", 9, 11.5, alignment=TA_RIGHT, fontName=BOLD)
CELL_BASIS = _style("cell_basis", 8.5, 11, textColor=MUTED)
BULLET = _style("bullet", 9, 12.5, leftIndent=4 * mm, bulletIndent=0, spaceAfter=0.8 * mm)
SMALL_BULLET = _style(
    "small_bullet", 8.5, 11.5, leftIndent=4 * mm, bulletIndent=0, spaceAfter=1.2 * mm
)
CELL_MEASURE = _style("cell_measure", 8.5, 11, spaceAfter=1.5 * mm)

_ASCII_FALLBACK = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "\u202f": " "})


@cache
def _printable(char: str) -> str:
    try:
        char.encode("cp1252")
        return char
    except UnicodeEncodeError:
        pass
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    try:
        base.encode("cp1252")
    except UnicodeEncodeError:
        return "?"
    return base or "?"


def printable(value: str) -> str:
    """The text with every character the standard font can draw."""
    return "".join(_printable(char) for char in value.translate(_ASCII_FALLBACK))


class Writer:
    """Renders catalogue texts for one report: its language and the broker's country."""

    def __init__(self, language: str, country: str) -> None:
        self.language = language
        self.country = country

    def markup(self, message: Msg) -> str:
        """A catalogue text as paragraph markup: values escaped, line breaks kept."""
        rendered = text(message, self.language, as_html=True, country=self.country)
        return printable(rendered).replace("\n", "<br/>")

    def plain(self, message: Msg) -> str:
        """A catalogue text as plain text (for the chart and the document's metadata)."""
        return printable(text(message, self.language, country=self.country))
