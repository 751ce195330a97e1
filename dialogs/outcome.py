"""What one move of the consultation produces."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.conversation import Conversation
from dialogs.replies import Reply


@dataclass(frozen=True)
class Outcome:
    """The conversation after the move and what to say, plus what the adapter must do.

    `contact_requested`: the prospect asked to talk to the broker (send the broker's status
    information before any contact data is taken). `handoff`: consent was given, hand the
    session to the broker's staff. `relay`: a message to pass on to the staff after handoff.
    `report_requested`: send the result as a PDF report (the result's „Bericht als PDF“).
    """

    conversation: Conversation
    replies: tuple[Reply, ...]
    contact_requested: bool = False
    handoff: bool = False
    relay: str | None = None
    report_requested: bool = False
