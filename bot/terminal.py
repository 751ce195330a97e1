"""The consultation in a terminal: the same core, numbered options instead of buttons.

Runs when no Telegram token is configured, so a broker can try the bot on any laptop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from bot.config import Settings
from dialogs.consultation import Outcome, step
from dialogs.conversation import Conversation
from dialogs.events import Choose, Event, Restart, Start, Text
from dialogs.render import label, render, text
from dialogs.replies import Msg, Option, Reply, ReplyKind

_COMMANDS: dict[str, Event] = {"/neu": Restart(), "/restart": Restart(), "/start": Start()}
_QUIT = ("/abbrechen", "/cancel", "/quit", "/exit")


class TerminalChat:
    """One consultation between the terminal's user and the core."""

    def __init__(self, settings: Settings, stdin: TextIO, stdout: TextIO) -> None:
        self.settings = settings
        self.stdin = stdin
        self.stdout = stdout
        self.conversation = Conversation(language=settings.bot_language)
        self.last: Reply | None = None

    def say(self, message: Msg) -> None:
        self.stdout.write(text(message, self.conversation.language) + "\n")

    def show(self, outcome: Outcome) -> None:
        self.conversation = outcome.conversation
        if outcome.contact_requested:
            values = {"broker": self.settings.broker_name, "contact": self.settings.broker_contact}
            self.say(Msg("contact.default", values))
        for reply in outcome.replies:
            self.stdout.write("\n" + render(reply, self.conversation.language) + "\n")
            self._show_options(reply)
            if reply.options or reply.kind in (ReplyKind.QUESTION, ReplyKind.ERROR):
                self.last = reply
        self.stdout.write("> ")
        self.stdout.flush()

    def _show_options(self, reply: Reply) -> None:
        for number, option in enumerate(self._choices(reply), start=1):
            caption = label(option, self.conversation.language)
            self.stdout.write(f"  {number}) {caption}\n")
        if reply.kind is ReplyKind.CHECKLIST:
            self.say(Msg("terminal.checklist_hint"))

    @staticmethod
    def _choices(reply: Reply) -> tuple[Option, ...]:
        return (*reply.options, *reply.navigation)

    def events_for(self, line: str) -> Iterator[Event]:
        """What a typed line means: option numbers, a command, or an answer."""
        entry = line.strip()
        if entry.lower() in _COMMANDS:
            yield _COMMANDS[entry.lower()]
            return
        reply = self.last
        choices = self._choices(reply) if reply else ()
        if reply and reply.kind is ReplyKind.CHECKLIST and not entry:
            yield Choose("done", reply.question)
            return
        numbers = [int(n) for n in re.findall(r"\d+", entry)]
        only_numbers = bool(numbers) and re.fullmatch(r"[\d\s,;]+", entry) is not None
        if reply and choices and only_numbers and all(1 <= n <= len(choices) for n in numbers):
            if reply.kind is not ReplyKind.CHECKLIST:
                numbers = numbers[:1]
            for n in numbers:
                yield Choose(choices[n - 1].value, reply.question)
            return
        yield Text(entry)

    def apply(self, events: Iterator[Event]) -> Outcome:
        """Apply every event of one line (several checklist toggles); show the final state."""
        outcome = Outcome(self.conversation, ())
        for event in events:
            outcome = step(outcome.conversation, event)
        return outcome

    def run(self) -> int:
        days = self.settings.conversation_retention_days
        self.say(Msg("welcome", {"broker": self.settings.broker_name, "days": days}))
        self.show(step(self.conversation, Start()))
        try:
            for line in self.stdin:
                if line.strip().lower() in _QUIT:
                    break
                self.show(self.apply(self.events_for(line)))
        except KeyboardInterrupt:
            pass
        self.stdout.write("\n")
        self.say(Msg("terminal.bye"))
        return 0


def chat(settings: Settings, stdin: TextIO, stdout: TextIO) -> int:
    """Run one consultation on the given streams; EOF or Ctrl-C end it cleanly."""
    return TerminalChat(settings, stdin, stdout).run()
