"""The consultation in a terminal: numbered options, the whole run, and the `cyberbot` command."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from pypdf import PdfReader

from bot.config import Settings
from bot.terminal import TerminalChat, chat
from dialogs.render import text
from dialogs.replies import Msg
from tests.worked_example import WORKED_EXAMPLE_ANSWERS

CYBERBOT = Path(sys.executable).with_name("cyberbot")

# The worked example of DESIGN.md as typed into the terminal: amounts typed, options by number.
WORKED_EXAMPLE_LINES = [
    "80.000",  # IT value
    "1",  # funds cover: 1) Ja
    "25.000",
    "1",  # BI cover: 1) Ja
    "30.000",
    "10.000",
    "1",  # outage: one month, typed
    "5.000",
    "2",  # IT liability: 2) Nein
    "2.000",
    "300",
    "weiß nicht",  # client damage: unknown, typed
    "1 2 3",  # tick updates, antivirus, encryption
    "",  # done
    "2",  # training: 2) Nein
]
GOODBYE = "Die Beratung ist beendet. Auf Wiedersehen!"


def settings(**overrides: Any) -> Settings:
    """Settings that ignore any .env and environment the test runner happens to have."""
    values: dict[str, Any] = {
        "telegram_bot_token": None,
        "bot_language": "de",
        "broker_name": "Maklerbüro Muster",
        "broker_contact": "040 123 456",
        "conversation_retention_days": 30,
        **overrides,
    }
    return Settings(_env_file=None, **values)


def converse(lines: list[str], **overrides: Any) -> tuple[TerminalChat, str]:
    """Run a terminal chat on the given lines (then EOF); the chat afterwards and its output."""
    out = io.StringIO()
    terminal = TerminalChat(
        settings(**overrides), io.StringIO("".join(f"{x}\n" for x in lines)), out
    )
    assert terminal.run() == 0
    return terminal, out.getvalue()


def test_whole_consultation_in_the_terminal_prints_the_result() -> None:
    out = io.StringIO()

    code = chat(settings(), io.StringIO("\n".join(WORKED_EXAMPLE_LINES) + "\n"), out)

    printed = out.getvalue()
    assert code == 0
    assert "Maklerbüro Muster" in printed
    assert "234.300 €" in printed
    assert "250.000 €" in printed
    assert "❗ Mehr-Faktor-Anmeldung (MFA)" in printed
    assert "2) Bericht als PDF" in printed
    assert printed.rstrip().endswith(GOODBYE)


def test_terminal_answers_reach_the_core_as_typed_and_chosen() -> None:
    terminal, _ = converse(WORKED_EXAMPLE_LINES)

    assert terminal.conversation.state == "summary"
    assert terminal.conversation.answers == {
        **WORKED_EXAMPLE_ANSWERS,
        "measures": ["updates", "antivirus", "encryption"],
        "training": False,
    }


def test_several_numbers_tick_checklist_items_and_show_them_ticked() -> None:
    _, printed = converse(WORKED_EXAMPLE_LINES[:13])

    checklist = printed.rsplit("Welche dieser Schutzmaßnahmen", 1)[1]
    assert "1) ✅ Sicherheitsupdates zeitnah" in checklist
    assert "2) ✅ Virenschutz" in checklist
    assert "3) ✅ Verschlüsselte Datenträger" in checklist
    assert "4) ⬜ Konfigurierte Firewall" in checklist


def test_ticked_measures_are_not_listed_as_missing() -> None:
    _, printed = converse(WORKED_EXAMPLE_LINES)

    result = printed.rsplit("Empfohlene Versicherungssumme", 1)[1]
    assert "• Virenschutz" not in result
    assert "• Notfallplan" in result


def test_end_of_input_mid_dialog_says_goodbye_without_a_traceback() -> None:
    out = io.StringIO()

    code = chat(settings(), io.StringIO("80.000\n1\n"), out)

    assert code == 0
    assert out.getvalue().endswith(GOODBYE + "\n")
    assert "Traceback" not in out.getvalue()


def test_quitting_stops_reading_further_lines() -> None:
    terminal, printed = converse(["80.000", "/abbrechen", "1"])

    assert terminal.conversation.state == "funds_cover"
    assert printed.endswith(GOODBYE + "\n")


def test_a_word_instead_of_an_amount_is_refused_and_asked_again() -> None:
    terminal, printed = converse(["achtzig"])

    assert "„achtzig“" in printed
    assert printed.count("Welchen Wert hat Ihre gesamte IT") == 2
    assert terminal.conversation.answers == {}


def test_contact_at_the_result_shows_the_brokers_contact() -> None:
    _, printed = converse([*WORKED_EXAMPLE_LINES, "1"])

    assert "Kontakt: Maklerbüro Muster, 040 123 456" in printed


def test_report_at_the_result_writes_the_pdf_and_says_where(tmp_path: Path) -> None:
    out = io.StringIO()
    lines = io.StringIO("".join(f"{x}\n" for x in [*WORKED_EXAMPLE_LINES, "2"]))
    terminal = TerminalChat(settings(broker_country="AT"), lines, out, report_dir=tmp_path)

    assert terminal.run() == 0

    (report,) = tmp_path.glob("*.pdf")
    assert report.name.startswith("Ergebnisbericht-Cyber-Versicherungssumme-")
    assert f"Der Ergebnisbericht ist gespeichert: {report}" in out.getvalue()
    first = PdfReader(report).pages[0].extract_text()
    assert "Maklerbüro Muster" in first and "€ 250.000" in first


def test_an_austrian_default_broker_shows_austrian_money_in_the_terminal() -> None:
    _, printed = converse(WORKED_EXAMPLE_LINES, broker_country="AT")

    assert "Empfohlene Versicherungssumme: € 250.000" in printed


def test_restart_command_mid_dialog_begins_again() -> None:
    terminal, _ = converse(["80.000", "1", "/start", "2"])

    assert terminal.conversation.state == "it_value"
    assert terminal.conversation.answers == {}


def test_terminal_speaks_english_when_configured() -> None:
    _, printed = converse(WORKED_EXAMPLE_LINES, bot_language="en")

    assert "€234,300" in printed
    assert "The consultation has ended. Goodbye!" in printed


@pytest.mark.parametrize(
    ("lines", "question", "meant"),
    [
        (["80.000", "2", "1", "30.000", "10.000", "4"], "outage_months", 4),
        (["80.000", "2", "1", "30.000", "10.000", "6"], "outage_months", 6),
        (["80.000", "2", "2", "2", "2"], "records", 2),
        (["80.000", "2", "2", "2", "2.000", "2"], "payment_records", 2),
    ],
)
def test_a_typed_number_answers_a_question_that_asks_for_a_number(
    lines: list[str], question: str, meant: int
) -> None:
    terminal, _ = converse(lines)

    assert terminal.conversation.answers.get(question) == meant


@pytest.mark.parametrize(
    ("after_refusal", "ticked"),
    [(["1 2", ""], ["updates", "antivirus"]), ([""], [])],
)
def test_checklist_still_takes_numbers_and_enter_after_a_refused_line(
    after_refusal: list[str], ticked: list[str]
) -> None:
    terminal, _ = converse(["80.000", "2", "2", "1", "MFA", *after_refusal])

    assert terminal.conversation.state == "training"
    assert terminal.conversation.answers["measures"] == ticked


@pytest.mark.parametrize(
    ("help_command", "back_command", "language"),
    [("/hilfe", "/zurueck", "de"), ("/help", "/back", "en")],
)
def test_help_and_back_commands_work_in_the_terminal(
    help_command: str, back_command: str, language: str
) -> None:
    terminal, printed = converse(["80.000", help_command, back_command], bot_language=language)

    assert text(Msg("q.funds_cover.help"), language) in printed
    assert terminal.conversation.state == "it_value"
    assert terminal.conversation.answers == {"it_value": 80_000}


@pytest.mark.parametrize("typed", [["/sprache", "2"], ["/language en"], ["/sprache EN"]])
def test_the_language_can_be_switched_in_the_terminal(typed: list[str]) -> None:
    terminal, printed = converse(["80.000", *typed, "1"])

    assert terminal.conversation.language == "en"
    assert "Question 2 of 14" in printed
    assert terminal.conversation.answers == {"it_value": 80_000, "funds_cover": True}


def test_an_unknown_command_lists_the_terminals_commands() -> None:
    terminal, printed = converse(["/meinedaten"])

    assert "/hilfe, /zurueck, /sprache, /neu und /abbrechen" in printed
    assert "als Zahl" not in printed
    assert terminal.conversation.answers == {}


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_terminal_never_asks_to_tap_a_button(language: str) -> None:
    detours = ["vielleicht", "MFA", "/hilfe"]
    lines = [step for line in WORKED_EXAMPLE_LINES for step in (*detours, line)]

    _, printed = converse(lines, bot_language=language)

    assert "234" in printed  # the result was reached
    for word in ("tippen Sie", "Tippen Sie", "Schaltfläche", "tap", "Tap", "button"):
        assert word not in printed, word


def test_checklist_numbers_that_are_no_option_are_named_and_the_others_kept() -> None:
    terminal, printed = converse([*WORKED_EXAMPLE_LINES[:12], "1 3 99"])

    assert "99: keine der Nummern 1 bis 11, daher nicht übernommen." in printed
    assert terminal.conversation.answers["measures"] == ["updates", "encryption"]
    assert terminal.conversation.state == "measures"


@pytest.mark.parametrize("typed", ["7", "1 7", "9" * 4_000])
def test_a_choice_number_that_is_no_option_is_named_and_the_question_asked_again(
    typed: str,
) -> None:
    terminal, printed = converse(["80.000", typed])

    assert ": keine der Nummern 1 bis 4, daher nicht übernommen." in printed
    assert terminal.conversation.state == "funds_cover"
    assert printed.count("Soll die Versicherung auch Geld ersetzen") == 2
    (notice,) = [line for line in printed.splitlines() if "keine der Nummern" in line]
    assert len(notice) < 100


def test_talking_to_the_broker_shows_how_to_reach_them_and_offers_the_actions_again() -> None:
    terminal, printed = converse([*WORKED_EXAMPLE_LINES, "1", "4"])

    after = printed.rsplit("234.300 €", 1)[1]
    assert "Kontakt: Maklerbüro Muster, 040 123 456" in after
    assert "keine Kontaktdaten auf" in after
    assert "Wie möchten Sie weitermachen?" in after
    assert "1) Mit dem Makler sprechen" in after
    assert terminal.conversation.answers == {}  # "4) Neu beginnen" was offered and taken


def test_control_characters_and_endless_lines_get_an_answer_not_a_crash() -> None:
    terminal, printed = converse(["80\x00.000\x1b", "1" * 10_000, "ja"])

    assert terminal.conversation.answers == {"it_value": 80_000, "funds_cover": True}
    assert "zu lang für eine Antwort" in printed
    assert "\x00" not in printed and "\x1b" not in printed


def test_the_terminal_can_speak_english_whatever_is_configured() -> None:
    out = io.StringIO()

    chat(settings(), io.StringIO("80k\n"), out, language="en")

    assert "Noted: €80,000." in out.getvalue()


TYPED_LINES = st.one_of(
    st.sampled_from(
        [*WORKED_EXAMPLE_LINES, "1 3 99", "0", "/hilfe", "/zurueck", "/sprache", "/sprache en"]
    ),
    st.sampled_from(["/neu", "/start", "/help", "/back", "/language", "/foo", "1 1 1"]),
    st.text(st.characters(exclude_characters="\n"), max_size=200),
    st.builds(lambda digit, n: digit * n, st.sampled_from("19"), st.integers(1, 6_000)),
).filter(lambda line: line.strip().lower() not in ("/abbrechen", "/cancel", "/quit", "/exit"))


@hypothesis.settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(TYPED_LINES, max_size=40))
def test_every_typed_line_gets_an_answer_and_nothing_crashes(lines: list[str]) -> None:
    _, printed = converse(lines)

    assert printed.count("\n> ") == len(lines) + 1  # a prompt after each answer
    assert printed.rstrip().endswith(("Auf Wiedersehen!", "Goodbye!"))


# --- the command ---------------------------------------------------------------------------


def run_cyberbot(
    command: str, stdin: str, cwd: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    """`cyberbot <command>` with no token, no .env and nothing else from this environment."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd), "PYTHONUTF8": "1"}
    return subprocess.run(
        [str(CYBERBOT), command, *options],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def test_cyberbot_chat_runs_the_consultation_on_piped_input(tmp_path: Path) -> None:
    done = run_cyberbot("chat", "\n".join(WORKED_EXAMPLE_LINES) + "\n", tmp_path)

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "234.300 €" in done.stdout
    assert done.stdout.rstrip().endswith(GOODBYE)


def test_cyberbot_chat_speaks_english_with_the_language_option(tmp_path: Path) -> None:
    done = run_cyberbot("chat", "80k\n", tmp_path, "--language", "en")

    assert done.returncode == 0, done.stderr
    assert "Noted: €80,000." in done.stdout
    assert "Goodbye!" in done.stdout


def test_cyberbot_run_without_token_hints_at_telegram_and_chats(tmp_path: Path) -> None:
    done = run_cyberbot("run", "80.000\n", tmp_path)

    assert done.returncode == 0, done.stderr
    assert "TELEGRAM_BOT_TOKEN" in done.stderr.splitlines()[0]
    assert "Soll die Versicherung auch Geld ersetzen" in done.stdout
    assert done.stdout.rstrip().endswith(GOODBYE)


@pytest.mark.parametrize(("command", "lines"), [("chat", 0), ("run", 1)])
def test_terminal_chat_writes_nothing_to_stderr_but_the_telegram_hint(
    tmp_path: Path, command: str, lines: int
) -> None:
    done = run_cyberbot(command, "80.000\n1\n", tmp_path)

    assert done.returncode == 0
    assert len(done.stderr.splitlines()) == lines
