"""How a stored answer is shown back to the prospect (and to the broker's staff)."""

from __future__ import annotations

from dialogs.conversation import Answer
from dialogs.questions import QUESTIONS, UNKNOWN, Kind
from dialogs.replies import Count, Money, Msg


def display(key: str, value: Answer) -> Money | Count | Msg:
    """The answer as a renderable value: money, a number, or a catalogue text."""
    kind = QUESTIONS[key].kind
    if isinstance(value, list):
        if not value:
            return Msg("answer.none_selected")
        return Msg("answer.list", {"items": tuple(Msg(f"measure.{m}.label") for m in value)})
    if isinstance(value, bool):
        return Msg("opt.yes" if value else "opt.no")
    if value is None:
        return Msg(f"opt.{UNKNOWN}")
    if isinstance(value, str):
        return Msg(f"opt.{value}")
    if kind in (Kind.AMOUNT, Kind.AMOUNT_OR_UNKNOWN):
        return Money(value)
    if kind is Kind.MONTHS:
        return Msg("opt.months", {"n": Count(value)})
    return Count(value)
