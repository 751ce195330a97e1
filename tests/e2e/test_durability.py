"""Nothing a prospect answered is lost or counted twice: restarts, redeliveries, other chats."""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import BotFactory
from tests.e2e.script import (
    BI_COVER_QUESTION,
    SHORT_CONSULTATION,
    act,
    button_data,
    chat,
    result_of,
)
from tests.fakes import FakeBotApi, Prospect


async def test_new_bot_on_the_same_database_continues_a_half_finished_consultation(
    api: FakeBotApi, new_bot: BotFactory
) -> None:
    prospect = Prospect(api, chat_id=4711, quiet=0.1)
    async with new_bot():
        await chat(prospect, "/start", "80.000", "[Ja]")
        last = await act(prospect, lambda: api.user_sends_text(prospect.chat_id, "25.000"))
        assert BI_COVER_QUESTION in prospect.last_text
    # The first bot is gone mid-dialog, as after a crash: Telegram sends its last update again.
    redelivered = api.redeliver(last)
    shown = len(api.messages(prospect.chat_id))

    async with new_bot():
        await redelivered
        await chat(prospect, "[Nein]")  # on the question the first bot asked
        assert len(api.messages(prospect.chat_id)) == shown + 1  # the answer to "Nein" only
        await chat(prospect, "[Ja]", "[Fertig]", "[Nein]")

    # Both bots' answers count: (50 % of 80.000 + 25.000) + 10 %.
    assert result_of(prospect).recommended == "71.500 €"


async def test_redelivered_updates_get_no_second_answer_and_count_once(
    api: FakeBotApi, prospect: Prospect
) -> None:
    await chat(prospect, "/start")
    typed = await act(prospect, lambda: api.user_sends_text(prospect.chat_id, "80.000"))
    question = api.last_message(prospect.chat_id)
    yes = button_data(question, "Ja")
    pressed = await act(
        prospect, lambda: api.user_presses(prospect.chat_id, question.message_id, yes)
    )
    shown = len(api.messages(prospect.chat_id))

    await api.redeliver(typed)
    await api.redeliver(pressed)
    await chat(prospect, "25.000")

    assert len(api.messages(prospect.chat_id)) == shown + 1
    assert BI_COVER_QUESTION in prospect.last_text
    await chat(prospect, "[◀ Zurück]", "[◀ Zurück]", "[◀ Zurück]")
    assert "Beibehalten: 80.000 €" in prospect.buttons


async def test_two_chats_at_the_same_time_never_mix_answers(
    api: FakeBotApi, prospect: Prospect
) -> None:
    erika, max_ = prospect, Prospect(api, chat_id=4712, quiet=0.1)
    api.set_user(max_.chat_id, first_name="Max", language_code="en")
    steps_en = ("/start", "300,000", "[No]", "[No]", "[Yes]", "[Done]", "[No]")

    for mine, theirs in zip(SHORT_CONSULTATION, steps_en, strict=True):
        await asyncio.gather(chat(erika, mine), chat(max_, theirs))

    assert result_of(erika).recommended == "44.000 €"  # 40.000 + 10 %
    assert result_of(max_).recommended == "€165,000"  # 150,000 + 10 %
