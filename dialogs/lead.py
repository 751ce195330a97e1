"""What a finished consultation hands to the broker: contact, answers, result, missing measures.

A snapshot, taken at the moment of consent, so the lead card, the export and the CRM all
show exactly what the prospect saw.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from dialogs.conversation import Answer, Conversation
from dialogs.coverage import CoverageResult
from dialogs.flow import path
from dialogs.measures import missing_measures
from dialogs.summary import result_of


class LeadSummary(BaseModel):
    """The consultation's content for the broker; serialisable as plain JSON."""

    model_config = ConfigDict(frozen=True)

    name: str
    phone: str | None = None
    email: str | None = None
    preferred_time: str | None = None
    answers: dict[str, Answer]
    result: CoverageResult
    missing: tuple[str, ...]
    knockouts_missing: tuple[str, ...]
    language: str

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LeadSummary:
        return cls.model_validate(data)


def lead_summary(conversation: Conversation) -> LeadSummary:
    """The snapshot of a conversation whose prospect has just consented."""
    answers = conversation.answers
    on_path = {key: answers[key] for key in path(answers) if key in answers}
    measures = answers.get("measures")
    missing = missing_measures(
        measures if isinstance(measures, list) else (), trained=answers.get("training") is True
    )
    contact = conversation.contact
    return LeadSummary(
        name=contact.get("name", ""),
        phone=contact.get("phone"),
        email=contact.get("email"),
        preferred_time=contact.get("time"),
        answers=on_path,
        result=result_of(answers),
        missing=tuple(m.key for m in missing),
        knockouts_missing=tuple(m.key for m in missing if m.knockout),
        language=conversation.language,
    )
