"""What the user did, as the core understands it: typed text, a tapped option, or a navigation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Text:
    """Free text typed as an answer."""

    text: str


@dataclass(frozen=True)
class Choose:
    """A tapped option; `question` is the prompt the button belonged to (None: typed shortcut)."""

    value: str
    question: str | None = None


@dataclass(frozen=True)
class Back:
    """Return to the previously asked question, keeping its answer."""


@dataclass(frozen=True)
class Help:
    """Explain the current question."""


@dataclass(frozen=True)
class Start:
    """The user (re)opened the consultation, e.g. with /start."""


@dataclass(frozen=True)
class Restart:
    """Discard all answers and begin again."""


@dataclass(frozen=True)
class Repeat:
    """Show the current question again, after a language switch or an out-of-place message.

    `notice` names a catalogue text to show first (e.g. why a photo cannot be an answer).
    """

    notice: str | None = None


@dataclass(frozen=True)
class SetLanguage:
    """Switch the language the consultation speaks, then show the current question again."""

    language: str


@dataclass(frozen=True)
class RequestContact:
    """The prospect wants to talk to the broker: start the contact flow.

    `profile_name` (the messenger's display name) is offered as the name to use; `broker` is
    the name the consent will state. `status_info_sent_at` is when the adapter sends the
    broker's status information, kept for the report (the core reads no clock).
    """

    broker: str
    profile_name: str | None = None
    status_info_sent_at: datetime | None = None


@dataclass(frozen=True)
class SharedContact:
    """The prospect shared their own phone number through the messenger."""

    phone: str


Event = (
    Text
    | Choose
    | Back
    | Help
    | Start
    | Restart
    | Repeat
    | SetLanguage
    | RequestContact
    | SharedContact
)
