"""The consultation in a terminal: the same core, numbered options instead of buttons.

Runs when no Telegram token is configured, so a broker can try the bot on any laptop. The
terminal has no buttons and no staff chat: where the core speaks of tapping, the terminal
says it in its own words, and "talk to the broker" shows how to reach the broker instead of
taking contact details that would go nowhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.config import Settings
from dialogs.consultation import step
from dialogs.conversation import Conversation
from dialogs.events import Back, Choose, Event, Help, Repeat, Restart, SetLanguage, Start, Text
from dialogs.inputs import clean_input, excerpt
from dialogs.outcome import Outcome
from dialogs.questions import QUESTIONS, Kind
from dialogs.render import label, render, text
from dialogs.replies import Msg, Option, Reply, ReplyKind
from dialogs.texts import LANGUAGES

_COMMANDS: dict[str, Event] = {
    "/neu": Restart(),
    "/restart": Restart(),
    "/start": Start(),
    "/hilfe": Help(),
    "/help": Help(),
    "/zurueck": Back(),
    "/back": Back(),
}
_LANGUAGE_COMMANDS = ("/sprache", "/language")
_QUIT = ("/abbrechen", "/cancel", "/quit", "/exit")
LANGUAGE_PROMPT = "language"
# Texts of the core that speak of tapping buttons; the terminal has its own words for them
# under "terminal.<key>".
OWN_WORDING = frozenset(
    {
        "q.measures.text",
        "expect.amount_or_unknown",
        "expect.yes_no",
        "expect.yes_no_unsure",
        "expect.checklist",
        "error.use_buttons",
    }
)
# An option number has at most this many digits; longer digit runs are never options.
_OPTION_DIGITS = 3


@dataclass(frozen=True)
class Typed:
    """What one typed line means: events for the core, and a note the terminal shows first."""

    events: tuple[Event, ...]
    notice: Msg | None = None


class TerminalChat:
    """One consultation between the terminal's user and the core."""

    def __init__(
        self,
        settings: Settings,
        stdin: TextIO,
        stdout: TextIO,
        language: str | None = None,
        report_dir: Path = Path(),
    ) -> None:
        self.settings = settings
        self.stdin = stdin
        self.stdout = stdout
        self.report_dir = report_dir
        self.country = settings.broker_country
        self.conversation = Conversation(language=language or settings.bot_language)
        self.last: Reply | None = None

    def say(self, message: Msg) -> None:
        self.stdout.write(text(message, self.conversation.language, country=self.country) + "\n")

    def show(self, outcome: Outcome) -> None:
        self.conversation = outcome.conversation
        if outcome.report_requested:
            self.say(Msg("terminal.report_saved", {"path": str(self._write_report())}))
        for reply in outcome.replies:
            self._show_reply(reply)
        self.stdout.write("> ")
        self.stdout.flush()

    def _show_reply(self, reply: Reply) -> None:
        worded = replace(reply, lines=tuple(_worded(line) for line in reply.lines))
        body = render(worded, self.conversation.language, country=self.country)
        self.stdout.write("\n" + body + "\n")
        self._show_options(reply)
        if reply.options or reply.kind in (ReplyKind.QUESTION, ReplyKind.ERROR):
            self.last = reply

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
        for number, option in enumerate(_choices(reply), start=1):
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

    def read(self, line: str) -> Typed:
        """What a typed line means: a command, option numbers, or an answer."""
        entry = clean_input(line.strip())
        if entry is None:
            return Typed((Repeat("input.too_long"),))
        command, _, argument = entry.lower().partition(" ")
        if command in _COMMANDS and not argument:
            return Typed((_COMMANDS[command],))
        if command in _LANGUAGE_COMMANDS:
            return self._language(argument.strip())
        if entry.startswith("/"):
            return Typed((Repeat("terminal.unknown_command"),))
        reply = self.last
        if reply is None or _takes_text(reply):
            if reply is not None and not entry and any(o.value == "keep" for o in reply.options):
                return Typed((Choose("keep", reply.question),))
            return Typed((Text(entry),))
        if _is_checklist(reply) and not entry:
            return Typed((Choose("done", reply.question),))
        if re.fullmatch(r"[\d\s,;]+", entry):
            return self._numbers(reply, re.findall(r"\d+", entry))
        return Typed((Text(entry),))

    def _numbers(self, reply: Reply, typed: list[str]) -> Typed:
        """Option numbers: the valid ones are chosen, the others named in a note."""
        choices = _choices(reply)
        valid = [n for n in typed if len(n) <= _OPTION_DIGITS and 1 <= int(n) <= len(choices)]
        wrong = [n for n in typed if n not in valid]
        if not _is_checklist(reply):
            valid = valid[:1] if not wrong else []
        events = tuple(self._chosen(reply, choices[int(n) - 1]) for n in valid)
        if not wrong:
            return Typed(events)
        numbers = excerpt(", ".join(wrong))
        notice = Msg("terminal.no_such_option", {"numbers": numbers, "last": len(choices)})
        return Typed(events or (Repeat(),), notice)

    @staticmethod
    def _chosen(reply: Reply, option: Option) -> Event:
        if reply.question == LANGUAGE_PROMPT:
            return SetLanguage(option.value)
        return Choose(option.value, reply.question)

    def _language(self, code: str) -> Typed:
        """``/sprache en`` switches at once; ``/sprache`` alone offers the languages."""
        if code in LANGUAGES:
            return Typed((SetLanguage(code),))
        self._show_reply(
            Reply(
                ReplyKind.CONFIRM,
                (Msg("tg.language.ask"),),
                options=tuple(Option(c, Msg(f"tg.language.{c}")) for c in LANGUAGES),
                question=LANGUAGE_PROMPT,
            )
        )
        return Typed(())

    def apply(self, events: tuple[Event, ...]) -> Outcome:
        """Apply every event of one line (several checklist toggles); show the final state."""
        outcome = Outcome(self.conversation, ())
        for event in events:
            outcome = step(outcome.conversation, event)
            if outcome.contact_requested:
                outcome = self._contact(outcome)
        return outcome

    def _contact(self, outcome: Outcome) -> Outcome:
        """No contact data is taken here: how to reach the broker, then the result's actions."""
        values = {"broker": self.settings.broker_name, "contact": self.settings.broker_contact}
        self.stdout.write("\n")
        self.say(Msg("contact.default" if values["contact"] else "contact.default_missing", values))
        self.say(Msg("terminal.no_handoff"))
        return step(outcome.conversation, Repeat("summary.actions"))

    def run(self) -> int:
        days = self.settings.conversation_retention_days
        self.say(Msg("welcome", {"broker": self.settings.broker_name, "days": days}))
        self.say(Msg("terminal.commands"))
        self.show(step(self.conversation, Start()))
        try:
            for line in self.stdin:
                if line.strip().lower() in _QUIT:
                    break
                typed = self.read(line)
                if typed.notice is not None:
                    self.stdout.write("\n")
                    self.say(typed.notice)
                if typed.events:
                    self.show(self.apply(typed.events))
                else:
                    self.stdout.write("> ")
                    self.stdout.flush()
        except KeyboardInterrupt:
            pass
        self.stdout.write("\n")
        self.say(Msg("terminal.bye"))
        return 0


def _worded(message: Msg) -> Msg:
    if message.key in OWN_WORDING:
        return Msg(f"terminal.{message.key}", message.values)
    return message


def _choices(reply: Reply) -> tuple[Option, ...]:
    return (*reply.options, *reply.navigation)


def _question_kind(reply: Reply) -> Kind | None:
    question = QUESTIONS.get(reply.question or "")
    return question.kind if question else None


def _is_checklist(reply: Reply) -> bool:
    return _question_kind(reply) is Kind.CHECKLIST


def _takes_text(reply: Reply) -> bool:
    """Questions answered by typing a number: digits are answers there, not option numbers."""
    question = QUESTIONS.get(reply.question or "")
    return question is not None and question.takes_text


def chat(settings: Settings, stdin: TextIO, stdout: TextIO, language: str | None = None) -> int:
    """Run one consultation on the given streams; EOF or Ctrl-C end it cleanly."""
    return TerminalChat(settings, stdin, stdout, language).run()
