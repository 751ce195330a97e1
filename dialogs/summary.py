"""The result as chat replies: the sheet's headline, table and notes, then the measures by
DIN SPEC 27076 topic and what to do next."""

from __future__ import annotations

from collections.abc import Mapping

from dialogs.conversation import Answer
from dialogs.measures import Measure
from dialogs.replies import Lines, Msg, Option, Reply, ReplyKind
from dialogs.sheet import result_sheet
from dialogs.topics import SecurityCheck, TopicResult

SUMMARY_PROMPT = "summary"
CONTACT = "contact"
REPORT = "report"
ACTIONS: tuple[str, ...] = (CONTACT, REPORT, "change", "restart")


def mark(measure: Measure) -> Msg | None:
    """❗ for an insurer's usual obligation, ⭐ for a TOP requirement, both, or none."""
    kinds = [kind for kind, on in (("knockout", measure.knockout), ("top", measure.top)) if on]
    return Msg(f"mark.{'_'.join(kinds)}") if kinds else None


def measure_line(measure: Measure) -> Msg:
    """A missing measure with its marks and why it matters."""
    values: dict[str, object] = {
        "label": Msg(f"measure.{measure.key}.label"),
        "why": Msg(f"measure.{measure.key}.why"),
    }
    marked = mark(measure)
    if marked is None:
        return Msg("measures.line", values)
    return Msg("measures.line_marked", {**values, "mark": marked})


def _topic_block(topic: TopicResult) -> Msg:
    items = Lines(tuple(measure_line(m) for m in topic.missing))
    return Msg(
        f"measures.topic.{topic.status}", {"topic": Msg(f"topic.{topic.key}"), "items": items}
    )


def measures_lines(security: SecurityCheck) -> tuple[Msg, ...]:
    """The measures part of the result: gaps by topic, most important first, then help."""
    if not security.missing:
        return (Msg("measures.all_present"),)
    lines = [Msg("measures.intro", {"items": Lines(tuple(map(_topic_block, security.gaps)))})]
    if security.met:
        topics = tuple(Msg(f"topic.{t.key}") for t in security.met)
        lines.append(Msg("measures.met", {"topics": topics}))
    if security.obligation_missing:
        lines.append(Msg("measures.obligation"))
    services = tuple(Msg(f"service.{s}") for s in security.services)
    lines.append(Msg("measures.services", {"services": services}))
    return tuple(lines)


def action_options() -> tuple[Option, ...]:
    return tuple(Option(action, Msg(f"action.{action}")) for action in ACTIONS)


def summary_replies(answers: Mapping[str, Answer]) -> tuple[Reply, ...]:
    """The result message (sum, table, notes), then the measures and what to do next."""
    sheet = result_sheet(answers)
    result_reply = Reply(
        kind=ReplyKind.SUMMARY,
        lines=(sheet.headline, sheet.need),
        table=sheet.rows,
        footer=sheet.notes,
    )
    next_reply = Reply(
        kind=ReplyKind.SUMMARY,
        lines=(
            *measures_lines(sheet.security),
            Msg("summary.next_step"),
            Msg("summary.disclaimer"),
        ),
        options=action_options(),
        question=SUMMARY_PROMPT,
    )
    return (result_reply, next_reply)
