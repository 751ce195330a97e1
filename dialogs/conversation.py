"""The state of one prospect's consultation: small, serialisable, free of behaviour.

It round-trips through a plain dict / JSON, which is how the bot stores it between updates.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Answer = int | bool | str | list[str] | None

FIRST_QUESTION = "it_value"
SUMMARY = "summary"


class Conversation(BaseModel):
    """Where the prospect is, what they answered, and the questions asked on the way there.

    `editing` is set while the prospect changes an answer from the summary: the dialog then
    returns to the summary as soon as nothing new needs to be asked.
    """

    model_config = ConfigDict(extra="ignore")

    state: str = FIRST_QUESTION
    answers: dict[str, Answer] = Field(default_factory=dict)
    history: list[str] = Field(default_factory=list)
    editing: bool = False
    language: str = "de"

    @property
    def is_fresh(self) -> bool:
        """Nothing answered yet: /start can simply begin."""
        return not self.answers and not self.history and self.state == FIRST_QUESTION

    @property
    def finished(self) -> bool:
        return self.state == SUMMARY

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conversation:
        return cls.model_validate(data)
