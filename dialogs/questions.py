"""The questions of the consultation: key, kind of answer, and the choices offered.

Order and branching live in `flow.py`; the words live in the text catalogues under
`q.<key>.text` and `q.<key>.help`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dialogs.measures import CHECKLIST


class Kind(StrEnum):
    """How an answer is given and parsed."""

    AMOUNT = "amount"
    COUNT = "count"
    MONTHS = "months"
    YES_NO = "yes_no"
    YES_NO_UNSURE = "yes_no_unsure"
    AMOUNT_OR_UNKNOWN = "amount_or_unknown"
    CHECKLIST = "checklist"


@dataclass(frozen=True)
class Question:
    """One question; `choices` are the option values offered as buttons (besides typing)."""

    key: str
    kind: Kind
    choices: tuple[str, ...] = ()

    @property
    def text_key(self) -> str:
        return f"q.{self.key}.text"

    @property
    def help_key(self) -> str:
        return f"q.{self.key}.help"

    @property
    def takes_text(self) -> bool:
        """Whether a typed answer is expected (rather than only taps)."""
        return self.kind not in (Kind.YES_NO, Kind.YES_NO_UNSURE, Kind.CHECKLIST)


YES, NO, UNSURE, UNKNOWN, DONE = "yes", "no", "unsure", "unknown", "done"

QUESTIONS: dict[str, Question] = {
    q.key: q
    for q in (
        Question("it_value", Kind.AMOUNT),
        Question("funds_cover", Kind.YES_NO, (YES, NO)),
        Question("funds", Kind.AMOUNT),
        Question("bi_cover", Kind.YES_NO, (YES, NO)),
        Question("monthly_costs", Kind.AMOUNT),
        Question("monthly_profit", Kind.AMOUNT, ("0",)),
        Question("outage_months", Kind.MONTHS, ("1", "2", "3", "6")),
        Question("penalties", Kind.AMOUNT, ("0",)),
        Question("it_liability", Kind.YES_NO_UNSURE, (YES, NO, UNSURE)),
        Question("records", Kind.COUNT),
        Question("payment_records", Kind.COUNT, ("0",)),
        Question("client_damage", Kind.AMOUNT_OR_UNKNOWN, (UNKNOWN,)),
        Question("measures", Kind.CHECKLIST, (*CHECKLIST, DONE)),
        Question("training", Kind.YES_NO, (YES, NO)),
    )
}
