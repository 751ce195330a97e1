"""Simulated prospects: each a whole consultation, told as the Telegram updates it produces.

A prospect reads the question from the buttons the bot last showed (their callback data names
it) and answers it from a plan: typed amounts the way Germans type them, taps on the buttons
on screen, ticks in the measures checklist, then "done". Whatever the bot asks that the plan
does not expect stops the run: a benchmark of error paths measures nothing.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from bench.offline_request import JSONDict, OfflineTelegram
from dialogs.measures import CHECKLIST
from dialogs.questions import DONE, NO, UNKNOWN, UNSURE, YES
from dialogs.summary import SUMMARY_PROMPT

FIRST_CHAT_ID = 100_000_000
# Update ids are unique per bot, as Telegram's are: each prospect has a block of its own, so
# workers playing different prospects never send the same id (the bot would drop the second
# as a redelivery). A consultation without detours is about 20 updates.
UPDATE_IDS_PER_PROSPECT = 100


@dataclass(frozen=True)
class Typed:
    """A message typed into the chat."""

    text: str


@dataclass(frozen=True)
class Tap:
    """A press on the button with this value under the message showing the question."""

    value: str


Move = Typed | Tap


@dataclass(frozen=True)
class Prospect:
    """One simulated company: its chat, its start link payload and how it answers each question."""

    chat_id: int
    payload: str | None
    plan: Mapping[str, tuple[Move, ...]]
    first_update_id: int


class ProspectStuck(RuntimeError):
    """The bot asked something the prospect's plan did not expect."""


def prospect(index: int) -> Prospect:
    """The `index`-th prospect; the same index always answers the same way."""
    rng = random.Random(index)

    def pick(*choices: str) -> str:
        return rng.choice(choices)

    def likely(probability: float) -> bool:
        return rng.random() < probability

    it_value = Typed(pick("80.000", "120000", "45 000 €", "1,2 Mio", "250k", "60 Tsd."))
    # Every tenth prospect types a word first and is asked again, as people do.
    first = (Typed("achtzig"), it_value) if likely(0.1) else (it_value,)
    ticks = rng.sample(CHECKLIST, rng.randint(1, 4))
    plan: dict[str, tuple[Move, ...]] = {
        "it_value": first,
        "funds_cover": (Tap(YES if likely(0.7) else NO),),
        "funds": (Typed(pick("25.000", "10 000", "5k")),),
        "bi_cover": (Tap(YES if likely(0.7) else NO),),
        "monthly_costs": (Typed(pick("30.000", "12.500 €", "80 Tsd.")),),
        "monthly_profit": (Tap("0") if likely(0.3) else Typed(pick("10.000", "4.000")),),
        "outage_months": (Tap(pick("1", "2", "3")),),
        "penalties": (Tap("0") if likely(0.5) else Typed("5.000"),),
        "it_liability": (Tap(pick(YES, NO, NO, UNSURE)),),
        "records": (Typed(pick("2.000", "500", "15000")),),
        "payment_records": (Tap("0") if likely(0.5) else Typed("300"),),
        "client_damage": (Tap(UNKNOWN) if likely(0.5) else Typed("500.000"),),
        "measures": (*(Tap(measure) for measure in ticks), Tap(DONE)),
        "training": (Tap(YES if likely(0.5) else NO),),
    }
    payload = pick("broker42", "makler_web", "flyer-2024") if likely(0.8) else None
    return Prospect(FIRST_CHAT_ID + index, payload, plan, 1 + index * UPDATE_IDS_PER_PROSPECT)


def chat_ids(indices: range) -> range:
    """The chats of the prospects with these indices."""
    return range(FIRST_CHAT_ID + indices.start, FIRST_CHAT_ID + indices.stop)


class Simulator:
    """Turns prospects into updates against the chats an `OfflineTelegram` keeps."""

    def __init__(self, telegram: OfflineTelegram) -> None:
        self.telegram = telegram

    def consultation(self, prospect: Prospect) -> Iterator[JSONDict]:
        """The prospect's updates, each made after the bot handled the one before."""
        update_ids = itertools.count(prospect.first_update_id)
        start = "/start" + (f" {prospect.payload}" if prospect.payload else "")
        yield self._typed(prospect.chat_id, next(update_ids), start)
        answered: set[str] = set()
        while (question := self._asked(prospect.chat_id)) != SUMMARY_PROMPT:
            moves = prospect.plan.get(question)
            if moves is None or question in answered:
                raise ProspectStuck(f"chat {prospect.chat_id}: unexpected question {question!r}")
            answered.add(question)
            for move in moves:
                if isinstance(move, Typed):
                    yield self._typed(prospect.chat_id, next(update_ids), move.text)
                else:
                    yield self._tap(prospect.chat_id, next(update_ids), question, move.value)
        self.telegram.forget(prospect.chat_id)

    def _asked(self, chat_id: int) -> str:
        """The question the buttons on screen belong to (`question|value` callback data)."""
        prompt = self.telegram.chat(chat_id).prompt
        if prompt is None:
            raise ProspectStuck(f"chat {chat_id}: no buttons on screen")
        data: str = prompt["reply_markup"]["inline_keyboard"][-1][-1]["callback_data"]
        return data.split("|", 1)[0]

    def _typed(self, chat_id: int, update_id: int, text: str) -> JSONDict:
        message: JSONDict = {
            "message_id": self.telegram.chat(chat_id).new_message_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Prospect"},
            "from": _user(chat_id),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(" ", 1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": update_id, "message": message}

    def _tap(self, chat_id: int, update_id: int, question: str, value: str) -> JSONDict:
        prompt = self.telegram.chat(chat_id).prompt
        wanted = f"{question}|{value}"
        if prompt is None:
            raise ProspectStuck(f"chat {chat_id}: no buttons on screen to tap {wanted!r}")
        buttons = [b for row in prompt["reply_markup"]["inline_keyboard"] for b in row]
        if not any(button.get("callback_data") == wanted for button in buttons):
            raise ProspectStuck(f"chat {chat_id}: no button {wanted!r} on screen")
        query = {
            "id": str(update_id),
            "from": _user(chat_id),
            "chat_instance": str(chat_id),
            "message": prompt,
            "data": wanted,
        }
        return {"update_id": update_id, "callback_query": query}


def _user(chat_id: int) -> JSONDict:
    return {"id": chat_id, "is_bot": False, "first_name": "Prospect", "language_code": "de"}
