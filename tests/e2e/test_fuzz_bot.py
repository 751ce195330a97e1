"""Random input through the whole bot, the Telegram adapter and the inbox included: whatever
a prospect types or a modified client sends as a tap, the bot answers, never fails, and never
sends what Telegram would refuse."""

from __future__ import annotations

import logging
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import BotApplication
from tests.e2e.conftest import handled
from tests.fakes import FakeBotApi, InjectedUpdate, RecordedRequest

CHAT = 4711
ANSWERING = {"sendMessage", "editMessageReplyMarkup", "editMessageText", "sendDocument"}

numbers = st.integers(min_value=0, max_value=10**60).map(str)
german_numbers = st.builds(
    lambda digits, unit: f"{digits} {unit}".strip(),
    st.text(string.digits + ".,", min_size=1, max_size=80),
    st.sampled_from(["", "€", "Tsd.", "Mio", "k", "T€"]),
)
controls = st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]), max_size=20)
anything = st.text(min_size=1, max_size=300)
long_lines = st.builds(
    lambda c, n: c * n, st.sampled_from(["9", "-", "ä", "<b>"]), st.integers(1, 5000)
)
typed = st.one_of(
    numbers,
    german_numbers,
    anything,
    long_lines,
    st.builds(lambda a, b: a + b, anything, controls),
    st.sampled_from(["/start", "/hilfe", "/zurueck", "/neu", "/sprache", "ja", "nein", "fertig"]),
).filter(lambda text: text.strip() != "")
tap_data = st.one_of(
    st.text(max_size=64).filter(lambda data: len(data.encode()) <= 64),
    st.builds(
        lambda q, v: f"{q}|{v}"[:64],
        st.sampled_from(["it_value", "measures", "summary", "lead", "erase", "language", ""]),
        st.text(max_size=40),
    ),
).filter(lambda data: 0 < len(data.encode()) <= 64)
moves = st.one_of(
    st.tuples(st.just("type"), typed),
    st.tuples(st.just("tap"), tap_data),
)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(moves, min_size=1, max_size=6))
async def test_any_input_gets_an_answer_telegram_accepts_and_no_failure(
    api: FakeBotApi,
    bot: BotApplication,
    caplog: pytest.LogCaptureFixture,
    steps: list[tuple[str, str]],
) -> None:
    caplog.set_level(logging.WARNING)
    for kind, value in steps:
        mark = len(api.requests())
        caplog.clear()
        update = _act(api, kind, value)
        await handled(api, bot, update)

        mine = [r for r in api.requests()[mark:] if r.chat_id == CHAT]
        refused = [(r.method, _why(r)) for r in mine if not r.ok and "not modified" not in _why(r)]
        assert refused == [], f"Telegram refused the bot's answer to {kind} {value!r}"
        answered = [r for r in mine if r.method in ANSWERING or r.method == "answerCallbackQuery"]
        assert answered, f"no answer to {kind} {value!r}"
        failures = [r.getMessage() for r in caplog.records if r.name.startswith("bot.")]
        assert failures == [], f"{kind} {value!r}"


def _why(request: RecordedRequest) -> str:
    """Telegram's reason for refusing a call; "not modified" is an edit that changed nothing."""
    return str((request.response or {}).get("description", ""))


def _act(api: FakeBotApi, kind: str, value: str) -> InjectedUpdate:
    if kind == "type":
        return api.user_sends_text(CHAT, value)
    with_buttons = [m for m in api.messages(CHAT) if m.has_inline_keyboard]
    if not with_buttons:
        return api.user_sends_text(CHAT, "/start")
    return api.user_sends_callback(CHAT, with_buttons[-1].message_id, value)
