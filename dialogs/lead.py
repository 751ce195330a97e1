"""What a finished consultation hands to the broker: contact, answers, result, missing measures.

A snapshot, taken at the moment of consent, so the lead card, the export, the CRM and the
PDF report all show exactly what the prospect saw.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from dialogs.contact import STATUS_INFO_SENT_AT
from dialogs.conversation import Answer, Conversation
from dialogs.coverage import FORMULA_VERSION, CoverageResult
from dialogs.flow import path
from dialogs.measures import missing_measures
from dialogs.sheet import result_of
from dialogs.texts import DEFAULT_COUNTRY


class LeadSummary(BaseModel):
    """The consultation's content for the broker; serialisable as plain JSON.

    `country` is the broker's (it formats money and dates); `status_info` is the broker's
    status information as the prospect received it before leaving contact data, and
    `status_info_sent_at` when it went out (None where the adapter did not record it).
    """

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
    country: str = DEFAULT_COUNTRY
    formula_version: str = FORMULA_VERSION
    status_info: str | None = None
    status_info_sent_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LeadSummary:
        return cls.model_validate(data)


def lead_summary(
    conversation: Conversation,
    *,
    country: str = DEFAULT_COUNTRY,
    status_info: str | None = None,
) -> LeadSummary:
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
        country=country,
        status_info=status_info,
        status_info_sent_at=contact.get(STATUS_INFO_SENT_AT),
    )
