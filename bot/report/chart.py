"""How the sum is composed, as one horizontal bar per part: the picture a manager reads first.

The parts are the items, the surcharge, the raise to the client's claim and the rounding up
to the usual sum insured, so the bars add up to the recommendation; each bar says its amount
and its share of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from bot.report.style import ACCENT, ACCENT_LIGHT, BOLD, FONT, GREY, INK, MUTED, RAISE

BAR_HEIGHT = 3.6 * mm
ROW = 5.4 * mm
SIZE = 8.5


@dataclass(frozen=True)
class Bar:
    """One part of the sum: its caption, the amount as the report writes it, and euros."""

    caption: str
    amount: str
    euros: int
    kind: str  # "item", "surcharge", "raise" or "rounding": picks the colour


_COLOURS: dict[str, colors.Color] = {
    "item": ACCENT,
    "surcharge": ACCENT_LIGHT,
    "raise": RAISE,
    "rounding": GREY,
}


def composition_chart(
    bars: list[Bar], whole: int, width: float, share: Callable[[float], str]
) -> Drawing:
    """The bars scaled to the largest part; `share` writes a share of `whole` („17 %“)."""
    labels = [f"{bar.amount}  {share(bar.euros / whole)}" for bar in bars]
    caption_width = max(stringWidth(bar.caption, FONT, SIZE) for bar in bars) + 3 * mm
    value_width = max(stringWidth(label, BOLD, SIZE) for label in labels) + 3 * mm
    scale = (width - caption_width - value_width) / max(bar.euros for bar in bars)
    drawing = Drawing(width, ROW * len(bars))
    for row, (bar, label) in enumerate(zip(bars, labels, strict=True)):
        y = drawing.height - (row + 1) * ROW + (ROW - BAR_HEIGHT) / 2
        drawing.add(
            String(
                caption_width - 3 * mm,
                y + 0.9 * mm,
                bar.caption,
                fontName=FONT,
                fontSize=SIZE,
                fillColor=INK,
                textAnchor="end",
            )
        )
        length = max(bar.euros * scale, 0.6)
        bar_shape = Rect(caption_width, y, length, BAR_HEIGHT)
        bar_shape.fillColor, bar_shape.strokeColor = _COLOURS[bar.kind], None
        drawing.add(bar_shape)
        drawing.add(
            String(
                caption_width + length + 2 * mm,
                y + 0.9 * mm,
                label,
                fontName=FONT,
                fontSize=SIZE,
                fillColor=MUTED,
            )
        )
    return drawing
