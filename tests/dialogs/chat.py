"""A prospect's chat with the consultation core, so dialog tests read like the conversation.

`Chat` feeds events to `step` the way an adapter would (a tap names the question its button
belonged to) and keeps what the prospect last saw. The routes at the bottom are DESIGN.md's
question table written out by hand: the expectation the dialog is checked against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dialogs.consultation import step
from dialogs.conversation import SUMMARY, Answer, Conversation
from dialogs.events import Choose, Event, Start, Text
from dialogs.render import label, render
from dialogs.replies import Option, Reply, ReplyKind

_PROMPTS = (ReplyKind.QUESTION, ReplyKind.CHECKLIST)


@dataclass(frozen=True)
class Tap:
    """A scripted answer given by tapping the option with this value."""

    value: str


#: A scripted answer: typed text, a tapped option, or the checklist items to tick before "done".
Step = str | Tap | tuple[str, ...]


class Chat:
    """One prospect talking to the core; `replies` is what they see after their last move."""

    def __init__(self, language: str = "de") -> None:
        self.conversation = Conversation(language=language)
        self.replies: tuple[Reply, ...] = ()
        self.contact_requested = False
        #: Every question prompt shown, in order (error replies and in-place checklist edits aside).
        self.asked: list[str] = []

    @property
    def state(self) -> str:
        return self.conversation.state

    @property
    def answers(self) -> dict[str, Answer]:
        return self.conversation.answers

    @property
    def reply(self) -> Reply:
        """The last message, the one whose buttons are at the bottom of the screen."""
        assert self.replies, "the core said nothing"
        return self.replies[-1]

    def send(self, event: Event) -> tuple[Reply, ...]:
        outcome = step(self.conversation, event)
        self.conversation = outcome.conversation
        self.replies = outcome.replies
        self.contact_requested = outcome.contact_requested
        self.asked.extend(
            r.question for r in self.replies if r.kind in _PROMPTS and not r.edit and r.question
        )
        return self.replies

    def type(self, text: str) -> tuple[Reply, ...]:
        return self.send(Text(text))

    def tap(self, value: str) -> tuple[Reply, ...]:
        """Tap a button the prospect can see; tapping one that is not shown fails the test."""
        for reply in reversed(self.replies):
            if value in (option.value for option in buttons(reply)):
                return self.send(Choose(value, reply.question))
        offered = [option.value for reply in self.replies for option in buttons(reply)]
        raise AssertionError(f"no button {value!r} on screen; offered: {offered}")

    def offered(self) -> list[str]:
        """The values of the buttons under the last message."""
        return [option.value for option in buttons(self.reply)]

    def option(self, value: str) -> Option:
        matches = [option for option in buttons(self.reply) if option.value == value]
        assert matches, f"no button {value!r} under the last message; offered: {self.offered()}"
        return matches[0]

    def caption(self, value: str) -> str:
        """The caption of a button under the last message, as the prospect reads it."""
        return label(self.option(value), self.conversation.language)

    def text(self, language: str | None = None, *, as_html: bool = False) -> str:
        """Everything the prospect was just shown, rendered."""
        chosen = language or self.conversation.language
        return "\n\n".join(render(r, chosen, as_html=as_html) for r in self.replies)

    def give(self, planned: Step) -> tuple[Reply, ...]:
        """Answer the current question: type text, tap an option, or tick items then "done"."""
        if isinstance(planned, Tap):
            return self.tap(planned.value)
        if isinstance(planned, tuple):
            for item in planned:
                self.tap(item)
            return self.tap("done")
        return self.type(planned)

    def answer(self, script: Mapping[str, Step], *, until: str = SUMMARY) -> None:
        """Answer each question from the script until `until` is asked (by default the result).

        Being asked a question the script does not expect fails the test.
        """
        for _ in range(len(script) + 1):
            if self.state == until:
                return
            planned = script.get(self.state)
            assert planned is not None, f"asked {self.state!r}, which the script does not expect"
            self.give(planned)
        assert self.state == until, f"at {self.state!r} instead of {until!r} after the script"


def buttons(reply: Reply) -> tuple[Option, ...]:
    return (*reply.options, *reply.navigation)


# The worked example of DESIGN.md, typed the way a German prospect would.
WORKED_EXAMPLE: dict[str, Step] = {
    "it_value": "80.000",
    "funds_cover": "ja",
    "funds": "25.000",
    "bi_cover": "ja",
    "monthly_costs": "30.000",
    "monthly_profit": "10.000",
    "outage_months": "1",
    "penalties": "5.000",
    "it_liability": "nein",
    "records": "2.000",
    "payment_records": "300",
    "client_damage": "weiß nicht",
    "measures": (),
    "training": "nein",
}

BI_QUESTIONS = ["monthly_costs", "monthly_profit", "outage_months", "penalties"]
THIRD_PARTY_QUESTIONS = ["records", "payment_records", "client_damage"]


def design_route(*, funds: bool, bi: bool, liability: str) -> list[str]:
    """The questions DESIGN.md's table asks for these branch answers, in order."""
    return [
        "it_value",
        "funds_cover",
        *(["funds"] if funds else []),
        "bi_cover",
        *(BI_QUESTIONS if bi else []),
        "it_liability",
        *(THIRD_PARTY_QUESTIONS if liability in ("no", "unsure") else []),
        "measures",
        "training",
    ]


def branch_script(*, funds: bool, bi: bool, liability: str) -> dict[str, Step]:
    """The worked example's figures, with the three branch questions answered by buttons."""
    return {
        **WORKED_EXAMPLE,
        "funds_cover": Tap("yes" if funds else "no"),
        "bi_cover": Tap("yes" if bi else "no"),
        "it_liability": Tap(liability),
    }


def chat_at(
    question: str, script: Mapping[str, Step] = WORKED_EXAMPLE, language: str = "de"
) -> Chat:
    """A chat that has answered the script up to `question` (or the summary) and waits there."""
    chat = Chat(language)
    chat.send(Start())
    chat.answer(script, until=question)
    return chat


def result_table(replies: tuple[Reply, ...]) -> dict[str, int]:
    """The itemised result as item key → euros, read from the reply that carries the table."""
    tables = [reply.table for reply in replies if reply.table]
    assert len(tables) == 1, "expected exactly one result table"
    return {row.key: row.amount for row in tables[0]}
