"""The state of one prospect's consultation: small, serialisable, free of behaviour.

It round-trips through a plain dict / JSON, which is how the bot stores it between updates.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Answer = int | bool | str | list[str] | None

FIRST_QUESTION = "it_value"
SUMMARY = "summary"
# After the summary, when the prospect asks to be contacted: the contact flow, then the handoff.
CONTACT_STATES: tuple[str, ...] = (
    "contact_name",
    "contact_reach",
    "contact_time",
    "contact_consent",
)
HANDED_OFF = "handed_off"


class Conversation(BaseModel):
    """Where the prospect is, what they answered, and the questions asked on the way there.

    `contact` holds what the contact flow collected (name, phone or email, time) and the
    broker it is for, until the handoff turns it into a lead. `editing` is set while the
    prospect changes an answer from the summary: the dialog then returns to the summary as
    soon as nothing new needs to be asked.
    """

    model_config = ConfigDict(extra="ignore")

    state: str = FIRST_QUESTION
    answers: dict[str, Answer] = Field(default_factory=dict)
    history: list[str] = Field(default_factory=list)
    editing: bool = False
    language: str = "de"
    contact: dict[str, str] = Field(default_factory=dict)

    @property
    def is_fresh(self) -> bool:
        """Nothing answered yet: /start can simply begin."""
        return not self.answers and not self.history and self.state == FIRST_QUESTION

    @property
    def finished(self) -> bool:
        """The consultation is complete: the result, the contact flow or the handoff."""
        return self.state in (SUMMARY, *CONTACT_STATES, HANDED_OFF)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conversation:
        return cls.model_validate(data)
