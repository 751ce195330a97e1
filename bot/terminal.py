"""The consultation in a terminal: the same core, numbered options instead of buttons.

Runs when no Telegram token is configured, so a broker can try the bot on any laptop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.config import Settings
from dialogs.consultation import step
from dialogs.conversation import Conversation
from dialogs.events import Choose, Event, Restart, Start, Text
from dialogs.outcome import Outcome
from dialogs.questions import QUESTIONS, Kind
from dialogs.render import label, render, text
from dialogs.replies import Msg, Option, Reply, ReplyKind

_COMMANDS: dict[str, Event] = {"/neu": Restart(), "/restart": Restart(), "/start": Start()}
_QUIT = ("/abbrechen", "/cancel", "/quit", "/exit")


class TerminalChat:
    """One consultation between the terminal's user and the core."""

    def __init__(
        self, settings: Settings, stdin: TextIO, stdout: TextIO, report_dir: Path = Path()
    ) -> None:
        self.settings = settings
        self.stdin = stdin
        self.stdout = stdout
        self.report_dir = report_dir
        self.country = settings.broker_country
        self.conversation = Conversation(language=settings.bot_language)
        self.last: Reply | None = None

    def say(self, message: Msg) -> None:
        self.stdout.write(text(message, self.conversation.language, country=self.country) + "\n")

    def show(self, outcome: Outcome) -> None:
        self.conversation = outcome.conversation
        if outcome.contact_requested:
            values = {"broker": self.settings.broker_name, "contact": self.settings.broker_contact}
            self.say(Msg("contact.default", values))
        if outcome.report_requested:
            self.say(Msg("terminal.report_saved", {"path": str(self._write_report())}))
        for reply in outcome.replies:
            body = render(reply, self.conversation.language, country=self.country)
            self.stdout.write("\n" + body + "\n")
            self._show_options(reply)
            if reply.options or reply.kind in (ReplyKind.QUESTION, ReplyKind.ERROR):
                self.last = reply
        self.stdout.write("> ")
        self.stdout.flush()

    def _show_options(self, reply: Reply) -> None:
        if _takes_text(reply):
            keep = next((o for o in reply.options if o.value == "keep"), None)
            if keep is not None:
                self.say(Msg("terminal.keep_hint", {"answer": keep.label}))
            self.say(Msg("terminal.typing_hint"))
            words = [o for o in reply.options if o.value not in ("keep",) and not o.value.isdigit()]
            if words:
                self.say(Msg("terminal.also_typed", {"words": tuple(o.label for o in words)}))
            return
        for number, option in enumerate(self._choices(reply), start=1):
            caption = label(option, self.conversation.language, country=self.country)
            self.stdout.write(f"  {number}) {caption}\n")
        if _is_checklist(reply):
            self.say(Msg("terminal.checklist_hint"))

    def _write_report(self) -> Path:
        """The result as a PDF in `report_dir`, named by the report itself."""
        from bot.report import build_report, report_input_of_conversation
        from bot.storage.brokers import default_broker

        today = datetime.now(ZoneInfo(self.settings.timezone)).date()
        source = report_input_of_conversation(
            self.conversation, default_broker(self.settings), today, self.settings.timezone
        )
        report = build_report(source)
        path = self.report_dir / report.filename
        path.write_bytes(report.content)
        return path

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
        if reply is None or _takes_text(reply):
            if reply is not None and not entry and any(o.value == "keep" for o in reply.options):
                yield Choose("keep", reply.question)
                return
            yield Text(entry)
            return
        choices = self._choices(reply)
        if _is_checklist(reply) and not entry:
            yield Choose("done", reply.question)
            return
        numbers = [int(n) for n in re.findall(r"\d+", entry)]
        only_numbers = bool(numbers) and re.fullmatch(r"[\d\s,;]+", entry) is not None
        if choices and only_numbers and all(1 <= n <= len(choices) for n in numbers):
            if not _is_checklist(reply):
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


def _question_kind(reply: Reply) -> Kind | None:
    question = QUESTIONS.get(reply.question or "")
    return question.kind if question else None


def _is_checklist(reply: Reply) -> bool:
    return _question_kind(reply) is Kind.CHECKLIST


def _takes_text(reply: Reply) -> bool:
    """Questions answered by typing a number: digits are answers there, not option numbers."""
    question = QUESTIONS.get(reply.question or "")
    return question is not None and question.takes_text


def chat(settings: Settings, stdin: TextIO, stdout: TextIO) -> int:
    """Run one consultation on the given streams; EOF or Ctrl-C end it cleanly."""
    return TerminalChat(settings, stdin, stdout).run()
