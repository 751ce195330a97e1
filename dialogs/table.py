"""The result's table: every item with where its amount comes from, down to the recommendation.

Items, subtotal, surcharge, total, the raise to the client's largest claim (when there is
one) and the recommended sum insured: the table always ends at the headline's figure, so a
reader can follow the sum from the first row to the last.
"""

from __future__ import annotations

from decimal import Decimal

from dialogs.coverage import (
    IT_RESTORATION_SHARE,
    PAYMENT_RECORD_RATE,
    RECORD_RATE,
    SURCHARGE_SHARE,
    CoverageInput,
    CoverageResult,
    euros,
)
from dialogs.replies import Count, Money, Msg, TableRow

SUBTOTAL, SURCHARGE, TOTAL, RAISE, RECOMMENDED = (
    "subtotal",
    "surcharge",
    "total",
    "raise",
    "recommended",
)


def percent(share: Decimal) -> Count:
    """A share such as Decimal('0.5') as the whole percentage a text shows (50)."""
    return Count(euros(share * 100))


def result_rows(data: CoverageInput, result: CoverageResult) -> tuple[TableRow, ...]:
    """Every row of the result table, in reading order."""
    rows = [
        TableRow(Msg(f"item.{item.key}"), item.amount, basis=_basis(item.key, data), key=item.key)
        for item in result.items
    ]
    rows.append(TableRow(Msg("item.subtotal"), result.subtotal, emphasis=True, key=SUBTOTAL))
    surcharge_basis = Msg(
        "basis.surcharge", {"share": percent(SURCHARGE_SHARE), "subtotal": Money(result.subtotal)}
    )
    rows.append(
        TableRow(Msg("item.surcharge"), result.surcharge, basis=surcharge_basis, key=SURCHARGE)
    )
    rows.append(TableRow(Msg("item.total"), result.total, emphasis=True, key=TOTAL))
    if result.raised_to_client_damage:
        rows.append(
            TableRow(Msg("item.raise"), result.recommended, basis=Msg("basis.raise"), key=RAISE)
        )
    rounded = result.tier != result.recommended
    rows.append(
        TableRow(
            Msg("item.recommended"),
            result.tier,
            emphasis=True,
            basis=Msg("basis.recommended") if rounded else None,
            key=RECOMMENDED,
        )
    )
    return tuple(rows)


def _basis(key: str, data: CoverageInput) -> Msg:
    match key:
        case "it_restoration":
            values = {"share": percent(IT_RESTORATION_SHARE), "value": Money(euros(data.it_value))}
            return Msg("basis.it_restoration", values)
        case "business_interruption":
            monthly = Money(euros(data.monthly_costs + data.monthly_profit))
            months = data.outage_months
            plural = "one" if months == 1 else "other"
            return Msg(f"basis.business_interruption.{plural}", {"monthly": monthly, "n": months})
        case "records":
            return Msg("basis.records", {"n": Count(data.records), "rate": Money(int(RECORD_RATE))})
        case "payment_records":
            values = {"n": Count(data.payment_records), "rate": Money(int(PAYMENT_RECORD_RATE))}
            return Msg("basis.payment_records", values)
    return Msg(f"basis.{key}")
