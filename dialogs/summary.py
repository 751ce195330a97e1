"""The result: the answers turned into the recommended sum, the notes and the missing measures."""

from __future__ import annotations

from dialogs.conversation import Answer
from dialogs.coverage import CoverageInput, CoverageResult, calculate
from dialogs.flow import path
from dialogs.measures import Measure, helpful_services, missing_measures
from dialogs.questions import YES
from dialogs.replies import Lines, Money, Msg, Option, Reply, ReplyKind, TableRow

SUMMARY_PROMPT = "summary"
CONTACT = "contact"
ACTIONS: tuple[str, ...] = (CONTACT, "change", "restart")


def coverage_input(answers: dict[str, Answer]) -> CoverageInput:
    """The calculation's input from the answers on the prospect's current path only.

    Answers to questions a changed branch no longer asks are kept (the prospect may switch
    back) but must not count.
    """
    asked = set(path(answers))

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


def result_of(answers: dict[str, Answer]) -> CoverageResult:
    return calculate(coverage_input(answers))


def _table(result: CoverageResult) -> tuple[TableRow, ...]:
    rows = [TableRow(Msg(f"item.{item.key}"), item.amount) for item in result.items]
    rows.append(TableRow(Msg("item.subtotal"), result.subtotal, emphasis=True))
    rows.append(TableRow(Msg("item.surcharge"), result.surcharge))
    rows.append(TableRow(Msg("item.total"), result.total, emphasis=True))
    return tuple(rows)


def _notes(result: CoverageResult) -> tuple[Msg, ...]:
    notes: list[Msg] = []
    if result.raised_to_client_damage:
        notes.append(
            Msg(
                "note.client_damage",
                {"amount": Money(result.recommended), "total": Money(result.total)},
            )
        )
    if result.third_party_excluded:
        notes.append(Msg("note.third_party_excluded"))
    notes.extend(Msg(f"note.{hint}") for hint in result.hints)
    return tuple(notes)


def _missing_line(measure: Measure) -> Msg:
    key = "measures.line_knockout" if measure.knockout else "measures.line"
    values = {
        "label": Msg(f"measure.{measure.key}.label"),
        "why": Msg(f"measure.{measure.key}.why"),
    }
    return Msg(key, values)


def action_options() -> tuple[Option, ...]:
    return tuple(Option(action, Msg(f"action.{action}")) for action in ACTIONS)


def summary_replies(answers: dict[str, Answer]) -> tuple[Reply, ...]:
    """The result message (sum, table, notes), then the measures and what to do next."""
    result = result_of(answers)
    headline = Msg(
        "summary.headline", {"amount": Money(result.recommended), "tier": Money(result.tier)}
    )
    result_reply = Reply(
        kind=ReplyKind.SUMMARY,
        lines=(headline,),
        table=_table(result),
        footer=_notes(result),
    )
    measures = answers.get("measures")
    missing = missing_measures(
        measures if isinstance(measures, list) else (), trained=answers.get("training") is True
    )
    lines: list[Msg] = []
    if missing:
        listing = Lines(tuple(_missing_line(measure) for measure in missing))
        lines.append(Msg("measures.intro", {"items": listing}))
        services = helpful_services(missing)
        lines.append(
            Msg("measures.services", {"services": tuple(Msg(f"service.{s}") for s in services)})
        )
    else:
        lines.append(Msg("measures.all_present"))
    lines.append(Msg("summary.disclaimer"))
    next_reply = Reply(
        kind=ReplyKind.SUMMARY,
        lines=tuple(lines),
        options=action_options(),
        question=SUMMARY_PROMPT,
    )
    return (result_reply, next_reply)
