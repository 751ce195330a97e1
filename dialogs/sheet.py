"""The result sheet: everything the result says, computed once from the answers.

The chat, the terminal, the staff card, the exports and the PDF report all render this one
object; none of them recomputes or re-words a figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dialogs.conversation import Answer
from dialogs.coverage import CoverageInput, CoverageResult, calculate
from dialogs.flow import path
from dialogs.notes import result_notes
from dialogs.questions import YES
from dialogs.replies import Money, Msg, TableRow
from dialogs.table import result_rows
from dialogs.topics import SecurityCheck, security_check


@dataclass(frozen=True)
class ResultSheet:
    """The recommendation, its table and notes, and the measures by DIN SPEC 27076 topic.

    `headline` names the sum to ask insurers for (the usual cover step), `need` the computed
    figure beneath it; the table's last row is the headline's figure.
    """

    result: CoverageResult
    headline: Msg
    need: Msg
    rows: tuple[TableRow, ...]
    notes: tuple[Msg, ...]
    security: SecurityCheck


def coverage_input(answers: Mapping[str, Answer]) -> CoverageInput:
    """The calculation's input from the answers on the prospect's current path only.

    Answers to questions a changed branch no longer asks are kept (the prospect may switch
    back) but must not count.
    """
    asked = set(path(dict(answers)))

    def amount(key: str) -> int:
        value = answers.get(key) if key in asked else None
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    client_damage = answers.get("client_damage") if "client_damage" in asked else None
    return CoverageInput(
        it_value=amount("it_value"),
        funds_covered=answers.get("funds_cover") is True,
        funds=amount("funds"),
        bi_covered=answers.get("bi_cover") is True,
        monthly_costs=amount("monthly_costs"),
        monthly_profit=amount("monthly_profit"),
        outage_months=max(1, amount("outage_months")),
        penalties=amount("penalties"),
        third_party_covered=answers.get("it_liability") == YES,
        records=amount("records"),
        payment_records=amount("payment_records"),
        client_damage=client_damage if isinstance(client_damage, int) else None,
    )


def result_of(answers: Mapping[str, Answer]) -> CoverageResult:
    return calculate(coverage_input(answers))


def result_sheet(
    answers: Mapping[str, Answer], result: CoverageResult | None = None
) -> ResultSheet:
    """The sheet for these answers; `result` is a stored snapshot's, when rendering a lead."""
    asked = {key: answers[key] for key in path(dict(answers)) if key in answers}
    data = coverage_input(asked)
    result = result or calculate(data)
    need_key = "summary.need" if result.tier != result.recommended else "summary.need_exact"
    measures = asked.get("measures")
    return ResultSheet(
        result=result,
        headline=Msg("summary.headline", {"amount": Money(result.tier)}),
        need=Msg(need_key, {"need": Money(result.recommended)}),
        rows=result_rows(data, result),
        notes=result_notes(asked, data, result),
        security=security_check(
            measures if isinstance(measures, list) else (),
            trained=asked.get("training") is True,
        ),
    )
