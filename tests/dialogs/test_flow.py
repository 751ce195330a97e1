"""The dialog's shape: which question follows which, and the diagram drawn from the same tables."""

from __future__ import annotations

import re

import pytest

from dialogs.conversation import Answer
from dialogs.flow import MACHINE, mermaid, next_state, path
from tests.dialogs.chat import design_route

BRANCHES = [
    (funds, bi, liability)
    for funds in (True, False)
    for bi in (True, False)
    for liability in ("yes", "no", "unsure")
]

ALL_QUESTIONS = [
    "it_value",
    "funds_cover",
    "funds",
    "bi_cover",
    "monthly_costs",
    "monthly_profit",
    "outage_months",
    "penalties",
    "it_liability",
    "records",
    "payment_records",
    "client_damage",
    "measures",
    "training",
]

# DESIGN.md's table as edges: (from, to, the condition that picks this edge over the next one).
DESIGNED_EDGES = {
    ("it_value", "funds_cover", None),
    ("funds_cover", "funds", "wants_funds_cover"),
    ("funds_cover", "bi_cover", None),
    ("funds", "bi_cover", None),
    ("bi_cover", "monthly_costs", "wants_bi_cover"),
    ("bi_cover", "it_liability", None),
    ("monthly_costs", "monthly_profit", None),
    ("monthly_profit", "outage_months", None),
    ("outage_months", "penalties", None),
    ("penalties", "it_liability", None),
    ("it_liability", "records", "lacks_it_liability"),
    ("it_liability", "measures", None),
    ("records", "payment_records", None),
    ("payment_records", "client_damage", None),
    ("client_damage", "measures", None),
    ("measures", "training", None),
    ("training", "summary", None),
    # the contact flow after the result, then the handoff
    ("summary", "contact_name", None),
    ("contact_name", "contact_reach", None),
    ("contact_reach", "contact_time", None),
    ("contact_time", "contact_consent", None),
    ("contact_consent", "handed_off", None),
}
CONTACT_STATES = ["contact_name", "contact_reach", "contact_time", "contact_consent", "handed_off"]


def branch_answers(funds: bool, bi: bool, liability: str) -> dict[str, Answer]:
    return {"funds_cover": funds, "bi_cover": bi, "it_liability": liability}


@pytest.mark.parametrize(("funds", "bi", "liability"), BRANCHES)
def test_route_asks_exactly_the_questions_of_the_design_table(
    funds: bool, bi: bool, liability: str
) -> None:
    route = path(branch_answers(funds, bi, liability))

    assert route == design_route(funds=funds, bi=bi, liability=liability)


def test_unanswered_branches_count_as_taken_so_the_first_route_is_the_longest() -> None:
    assert path({}) == ALL_QUESTIONS


def test_route_of_the_shortest_branch_has_six_questions() -> None:
    answers = branch_answers(False, False, "yes")

    assert path(answers) == [
        "it_value",
        "funds_cover",
        "bi_cover",
        "it_liability",
        "measures",
        "training",
    ]


@pytest.mark.parametrize(
    ("state", "answers", "expected"),
    [
        ("funds_cover", {"funds_cover": True}, "funds"),
        ("funds_cover", {"funds_cover": False}, "bi_cover"),
        ("bi_cover", {"bi_cover": True}, "monthly_costs"),
        ("bi_cover", {"bi_cover": False}, "it_liability"),
        ("it_liability", {"it_liability": "no"}, "records"),
        ("it_liability", {"it_liability": "unsure"}, "records"),
        ("it_liability", {"it_liability": "yes"}, "measures"),
        ("penalties", {}, "it_liability"),
        ("client_damage", {}, "measures"),
        ("training", {}, "summary"),
    ],
)
def test_next_question_depends_only_on_the_branch_answers(
    state: str, answers: dict[str, Answer], expected: str
) -> None:
    assert next_state(state, answers) == expected


def test_the_shared_machine_remembers_no_conversation_after_a_move() -> None:
    models_before = list(MACHINE.models)

    for funds, bi, liability in BRANCHES:
        path(branch_answers(funds, bi, liability))

    assert list(MACHINE.models) == models_before


# --- the diagram ---------------------------------------------------------------------------


def drawn_edges(diagram: str) -> set[tuple[str, str, str | None]]:
    edges: set[tuple[str, str, str | None]] = set()
    for source, dest, caption in re.findall(r"^\s*(\w+) --> (\w+): (.*)$", diagram, re.M):
        condition = re.search(r"\[(\w+)\]", caption)
        edges.add((source, dest, condition.group(1) if condition else None))
    return edges


def test_diagram_draws_every_question_the_summary_and_the_contact_flow() -> None:
    states = set(re.findall(r'^\s*state "(\w+)"', mermaid(), re.M))

    assert states == {*ALL_QUESTIONS, "summary", *CONTACT_STATES}


def test_diagram_draws_exactly_the_designed_transitions_with_their_conditions() -> None:
    assert drawn_edges(mermaid()) == DESIGNED_EDGES


def test_diagram_starts_at_the_first_question() -> None:
    assert re.search(r"^\s*\[\*\] --> it_value$", mermaid(), re.M)


def test_diagram_is_a_mermaid_state_diagram_ending_in_one_newline() -> None:
    diagram = mermaid()

    assert "stateDiagram-v2" in diagram
    assert diagram.endswith("\n")
    assert not diagram.endswith("\n\n")
