"""One note per assumption or uncertainty in the result.

Each note says what was assumed, what to clarify with the broker, and how the sum would
change, so the prospect never mistakes an estimate for a fact.
"""

from __future__ import annotations

from collections.abc import Mapping

from dialogs.conversation import Answer
from dialogs.coverage import (
    HINT_BI_LOW,
    HINT_IT_VALUE_ZERO,
    IT_RESTORATION_SHARE,
    SURCHARGE_SHARE,
    CoverageInput,
    CoverageResult,
    calculate,
    euros,
)
from dialogs.questions import UNSURE
from dialogs.replies import Money, Msg

THIRD_PARTY_ITEMS = ("records", "payment_records")
# An IT value that makes the effect of a guess tangible: "each 10,000 € adds ...".
_IT_VALUE_STEP = 10_000


def result_notes(
    answers: Mapping[str, Answer], data: CoverageInput, result: CoverageResult
) -> tuple[Msg, ...]:
    """The notes for this result, the ones that move the sum most first."""
    notes: list[Msg] = []
    if result.raised_to_client_damage:
        values = {"amount": Money(result.recommended), "total": Money(result.total)}
        notes.append(Msg("note.client_damage", values))
    elif "client_damage" in answers and answers["client_damage"] is None:
        notes.append(Msg("note.client_damage_unknown", {"total": Money(result.total)}))
    if answers.get("it_liability") == UNSURE:
        notes.append(_liability_unsure(data, result))
    if result.third_party_excluded:
        notes.append(Msg("note.third_party_excluded"))
    with_surcharge = 1 + SURCHARGE_SHARE
    if HINT_IT_VALUE_ZERO in result.hints:
        more = euros(_IT_VALUE_STEP * IT_RESTORATION_SHARE * with_surcharge)
        notes.append(
            Msg("note.it_value_zero", {"step": Money(_IT_VALUE_STEP), "more": Money(more)})
        )
    if HINT_BI_LOW in result.hints:
        monthly = (data.monthly_costs + data.monthly_profit) * with_surcharge
        notes.append(Msg("note.bi_low", {"per_month": Money(euros(monthly))}))
    if data.funds_covered:
        notes.append(Msg("note.fidelity"))
    return tuple(notes)


def _liability_unsure(data: CoverageInput, result: CoverageResult) -> Msg:
    """'Don't know' counted as no: say what the third-party items add and the sum without them."""
    without = calculate(data.model_copy(update={"third_party_covered": True}))
    added = sum(item.amount for item in result.items if item.key in THIRD_PARTY_ITEMS)
    values = {
        "items": Money(added),
        "need": Money(without.recommended),
        "sum": Money(without.tier),
    }
    return Msg("note.it_liability_unsure", values)
