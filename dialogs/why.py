"""„Why these numbers“: one line per factor of the formula, for a prospect who doubts a figure.

Shown by „Hilfe“ on the result and as a section of the PDF report; the figures come from
the formula's own constants, so the explanation cannot drift from the calculation.
"""

from __future__ import annotations

from dialogs.coverage import (
    IT_RESTORATION_SHARE,
    PAYMENT_RECORD_RATE,
    RECORD_RATE,
    SURCHARGE_SHARE,
    TIERS,
)
from dialogs.replies import Money, Msg
from dialogs.table import percent


def why_lines() -> tuple[Msg, ...]:
    """Each factor in one line, in the order of the table."""
    return (
        Msg("why.it_restoration", {"share": percent(IT_RESTORATION_SHARE)}),
        Msg("why.funds"),
        Msg("why.business_interruption"),
        Msg("why.records", {"rate": Money(int(RECORD_RATE))}),
        Msg("why.payment_records", {"rate": Money(int(PAYMENT_RECORD_RATE))}),
        Msg("why.surcharge", {"share": percent(SURCHARGE_SHARE)}),
        Msg("why.client_damage"),
        Msg("why.step", {"examples": tuple(Money(tier) for tier in TIERS[:3])}),
    )
