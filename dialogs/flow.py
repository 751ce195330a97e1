"""Order and branching of the questions, as one `transitions` state machine per process.

The tables below are the single source of the dialog's shape: the stepper follows them and
`cyberbot diagram` draws them. Conversations are not bound to the machine permanently; a
short-lived cursor is attached for one move and detached again, so the machine holds no
per-prospect memory.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from transitions import Machine

from dialogs.conversation import CONTACT_STATES, FIRST_QUESTION, HANDED_OFF, SUMMARY, Answer
from dialogs.questions import NO, QUESTIONS, UNSURE

STATES: tuple[str, ...] = (*QUESTIONS, SUMMARY, *CONTACT_STATES, HANDED_OFF)

ADVANCE = "advance"

TRANSITIONS: tuple[dict[str, str], ...] = (
    {"source": "it_value", "dest": "funds_cover"},
    {"source": "funds_cover", "dest": "funds", "conditions": "wants_funds_cover"},
    {"source": "funds_cover", "dest": "bi_cover"},
    {"source": "funds", "dest": "bi_cover"},
    {"source": "bi_cover", "dest": "monthly_costs", "conditions": "wants_bi_cover"},
    {"source": "bi_cover", "dest": "it_liability"},
    {"source": "monthly_costs", "dest": "monthly_profit"},
    {"source": "monthly_profit", "dest": "outage_months"},
    {"source": "outage_months", "dest": "penalties"},
    {"source": "penalties", "dest": "it_liability"},
    {"source": "it_liability", "dest": "records", "conditions": "lacks_it_liability"},
    {"source": "it_liability", "dest": "measures"},
    {"source": "records", "dest": "payment_records"},
    {"source": "payment_records", "dest": "client_damage"},
    {"source": "client_damage", "dest": "measures"},
    {"source": "measures", "dest": "training"},
    {"source": "training", "dest": SUMMARY},
    {"source": SUMMARY, "dest": "contact_name"},
    {"source": "contact_name", "dest": "contact_reach"},
    {"source": "contact_reach", "dest": "contact_time"},
    {"source": "contact_time", "dest": "contact_consent"},
    {"source": "contact_consent", "dest": HANDED_OFF},
)


class Cursor:
    """A conversation's position while the machine moves it; the conditions read its answers."""

    state: str

    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers

    # A branch not yet answered counts as taken, so the remaining path is the longest one
    # possible and "question n of total" only ever counts down.

    def wants_funds_cover(self) -> bool:
        return self.answers.get("funds_cover", True) is True

    def wants_bi_cover(self) -> bool:
        return self.answers.get("bi_cover", True) is True

    def lacks_it_liability(self) -> bool:
        """'Unsure' counts as no: better to recommend third-party cover than to miss it."""
        return self.answers.get("it_liability", NO) in (NO, UNSURE)


def machine_config() -> dict[str, Any]:
    """The keyword arguments that build the dialog machine (also used to draw it)."""
    return {
        "states": list(STATES),
        "transitions": [{"trigger": ADVANCE, **t} for t in TRANSITIONS],
        "initial": FIRST_QUESTION,
        "auto_transitions": False,
    }


MACHINE = Machine(model=None, **machine_config())


# The answers the conditions read; the next state depends on nothing else.
BRANCHING: tuple[str, ...] = ("funds_cover", "bi_cover", "it_liability")


def next_state(state: str, answers: dict[str, Answer]) -> str:
    """The question (or the summary) that follows `state`, given the answers so far."""
    return _follow(state, tuple((key, answers[key]) for key in BRANCHING if key in answers))


@cache
def _follow(state: str, branching: tuple[tuple[str, Answer], ...]) -> str:
    """Move a cursor one step on the machine; cached, as only a dozen branch combinations exist."""
    cursor = Cursor(dict(branching))
    MACHINE.add_model(cursor, initial=state)
    try:
        getattr(cursor, ADVANCE)()
        return cursor.state
    finally:
        MACHINE.remove_model(cursor)


def path(answers: dict[str, Answer]) -> list[str]:
    """Every question the answers lead through, in order (unanswered branches count as taken)."""
    states = [FIRST_QUESTION]
    while states[-1] != SUMMARY:
        states.append(next_state(states[-1], answers))
    return states[:-1]


def mermaid() -> str:
    """The dialog as a Mermaid state diagram, drawn from the same tables the stepper follows."""
    from transitions.extensions.diagrams import GraphMachine

    class _Drawing(Cursor):
        pass

    drawing = _Drawing({})
    GraphMachine(
        model=drawing,
        graph_engine="mermaid",
        title="Cyber-Deckungsbot",
        show_conditions=True,
        **machine_config(),
    )
    source: str = drawing.get_graph().draw(None)  # type: ignore[attr-defined]
    return source.rstrip() + "\n"
