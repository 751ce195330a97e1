"""The bot's result for each simulated prospect, and the check that the peer reached it too.

The bot's result is taken from the consultation core itself: the prospect's plan is played
through `dialogs.consultation.step` (the pure step the bot runs per update) and the answers it
ends with go through `dialogs.sheet.result_of`, as the bot's summary does. So a peer that
parses or computes differently from the bot is caught, prospect by prospect.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from bench.harness import BenchFailure
from bench.peer_persistence import stored_user_data
from bench.prospects import Prospect, ProspectStuck, Typed, chat_ids, prospect
from dialogs.consultation import step
from dialogs.conversation import SUMMARY, Conversation
from dialogs.events import Choose, Event, Start, Text
from dialogs.sheet import result_of

# What is compared: the total of the items plus surcharge, the sum recommended (raised to the
# largest client claim) and the cover step named.
Result = dict[str, int]


@cache
def bot_result(index: int) -> Result:
    """What the bot computes for the `index`-th prospect."""
    answers = answers_of(prospect(index))
    result = result_of(answers)
    return {"total": result.total, "recommended": result.recommended, "tier": result.tier}


def answers_of(prospect: Prospect) -> dict[str, Any]:
    """The answers the dialog holds once the prospect's plan brought it to the summary."""
    conversation = step(Conversation(), Start()).conversation
    answered: set[str] = set()
    while (question := conversation.state) != SUMMARY:
        moves = prospect.plan.get(question)
        if moves is None or question in answered:
            raise ProspectStuck(f"chat {prospect.chat_id}: unexpected question {question!r}")
        answered.add(question)
        for move in moves:
            event: Event = (
                Text(move.text) if isinstance(move, Typed) else Choose(move.value, question)
            )
            conversation = step(conversation, event).conversation
    return conversation.answers


def check_peer(database: Path, indices: range) -> None:
    """Every prospect's result as the peer kept it (`user_data["result"]`) is the bot's."""
    stored = stored_user_data(database)
    wrong = []
    for index, chat_id in zip(indices, chat_ids(indices), strict=True):
        peer = stored.get(chat_id, {}).get("result")
        if peer != bot_result(index):
            wrong.append((chat_id, peer, bot_result(index)))
    if wrong:
        chat_id, peer, bot = wrong[0]
        raise BenchFailure(
            f"the peer's result differs from the bot's for {len(wrong):,} of {len(indices):,} "
            f"prospects, e.g. chat {chat_id}: peer {peer}, bot {bot}"
        )
