"""Taps the bot did not offer: made-up callback data and former staff. Every tap is answered
(no button keeps spinning), nothing changes, and nothing fails."""

from __future__ import annotations

import logging

import pytest

from bot.app import BotApplication
from tests.e2e.conftest import STAFF_MEMBER, Offices, hand_off, handled, settled, visitor
from tests.e2e.script import FUNDS_COVER_QUESTION, chat
from tests.fakes import ButtonPress, FakeBotApi, Prospect

JUNK = [
    "lead|claim:²",
    "lead|claim:" + "9" * 29,
    "lead|close:" + "1" * 11,
    "lead|close:-1",
    "lead|claim:01",
    "lead|claim:1 ",
    "lead|steal:1",
    "lead|",
    "lead|claim:\x00",
    "|",
    "noop",
    "it_value|\x00\x1b",
    "language|fr",
    "erase|vielleicht",
    "x" * 64,
    "ä" * 32,
]
# In a prospect's chat a card button is junk too.
PRIVATE_JUNK = ["lead|claim:1", "lead|claim:²", *JUNK[8:]]


def answers(api: FakeBotApi, chat_id: int) -> list[ButtonPress]:
    return [e for e in api.chat_log(chat_id) if isinstance(e, ButtonPress)]


@pytest.fixture
def failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """Errors the bot logs while the test runs (a failed update, say)."""
    caplog.set_level(logging.ERROR)
    return caplog.records


@pytest.mark.parametrize("data", JUNK)
async def test_made_up_data_on_a_lead_card_is_answered_and_changes_nothing(
    api: FakeBotApi,
    handoff_bot: BotApplication,
    offices: Offices,
    failures: list[logging.LogRecord],
    data: str,
) -> None:
    await hand_off(visitor(api))
    mueller = offices.mueller
    card = await mueller.card()

    press = api.user_sends_callback(mueller.chat_id, card.message_id, data, user=STAFF_MEMBER)
    await settled(api, handoff_bot, press)

    assert mueller.now(card).text == card.text
    assert mueller.now(card).button_labels == ["Übernehmen", "Erledigt"]
    assert all(p.answer is not None for p in answers(api, mueller.chat_id))
    assert failures == []


async def test_someone_no_longer_in_the_staff_chat_cannot_claim_or_close(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    await hand_off(visitor(api))
    mueller = offices.mueller
    card = await mueller.card()
    api.set_member_status(mueller.chat_id, STAFF_MEMBER["id"], "left")

    for label in ("Übernehmen", "Erledigt"):
        (data,) = [b.callback_data for b in card.buttons if b.text == label]
        assert data is not None
        press = api.user_presses(mueller.chat_id, card.message_id, data, user=STAFF_MEMBER)
        await settled(api, handoff_bot, press)

    assert mueller.now(card).text == card.text
    toasts = [(p.answer or {}).get("text") for p in answers(api, mueller.chat_id)]
    assert toasts == ["Nur Mitglieder dieses Teams können Anfragen übernehmen oder erledigen."] * 2


@pytest.mark.parametrize("data", PRIVATE_JUNK)
async def test_made_up_data_in_a_prospects_chat_is_answered_and_the_dialog_goes_on(
    api: FakeBotApi, bot: BotApplication, failures: list[logging.LogRecord], data: str
) -> None:
    p = Prospect(api, chat_id=4711, quiet=0.1)
    await chat(p, "/start")
    question = api.last_message(p.chat_id)

    await handled(api, bot, api.user_sends_callback(p.chat_id, question.message_id, data))
    await chat(p, "80.000")

    assert all(press.answer is not None for press in answers(api, p.chat_id))
    assert FUNDS_COVER_QUESTION in p.last_text
    assert failures == []
