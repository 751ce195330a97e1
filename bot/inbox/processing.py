"""What the handling of one update tells the dispatcher, without passing it through PTB.

PTB's `process_update` runs the handlers and reports their errors to the error handler, not
to its caller. The dispatcher sets a `Processing` for the update in a context variable; the
error handler notes the failure there, and the consultation notes when its transaction
applied the update (so marking it done may wait for the next batch of marks).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Processing:
    """The handling of one update, as far as the dispatcher needs to know."""

    update_id: int
    first_try: bool = True
    later_waiting: bool = False
    applied: bool = False
    error: BaseException | None = None


CURRENT: ContextVar[Processing | None] = ContextVar("cyberbot_processing", default=None)


def note_applied() -> None:
    """The update's transaction committed (or had committed before): its step is stored."""
    processing = CURRENT.get()
    if processing is not None:
        processing.applied = True


def note_error(error: BaseException | None) -> bool:
    """A handler failed: the dispatcher retries the update. False outside an update's
    handling (a scheduled job): nobody will retry it."""
    processing = CURRENT.get()
    if processing is None or error is None:
        return False
    processing.error = error
    return True


def first_try() -> bool:
    """Whether this is the update's first try in this worker (e.g. to answer a tap once)."""
    processing = CURRENT.get()
    return processing is None or processing.first_try


def later_waiting() -> bool:
    """Whether a later update of the same chat waits behind this one: its replies will show
    the prospect where they stand, so showing it for this one again is not needed."""
    processing = CURRENT.get()
    return processing is not None and processing.later_waiting
