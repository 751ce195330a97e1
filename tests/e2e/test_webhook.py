"""Webhook mode: Telegram POSTs updates to the bot's own web server, which checks the secret."""

from __future__ import annotations

import httpx
import pytest

from bot.storage import ConversationStore
from bot.storage.inbox import Arrival
from tests.e2e.conftest import WEBHOOK_SECRET, WebhookBot, inbox_idle
from tests.e2e.script import (
    FUNDS_QUESTION,
    IT_QUESTION,
    SHORT_CONSULTATION,
    chat,
    result_of,
)
from tests.fakes import FakeBotApi, Prospect
from tests.fakes.bot_api import SECRET_HEADER

CHAT = 4711


async def test_bot_registers_its_webhook_with_the_secret_at_start(
    api: FakeBotApi, webhook_bot: WebhookBot
) -> None:
    (registration,) = api.requests("setWebhook")

    assert registration.ok
    assert registration.params["url"] == webhook_bot.url
    assert registration.params["secret_token"] == WEBHOOK_SECRET


async def test_consultation_over_the_webhook(api: FakeBotApi, webhook_bot: WebhookBot) -> None:
    prospect = Prospect(api, chat_id=CHAT, quiet=0.1)

    await chat(prospect, *SHORT_CONSULTATION)

    assert result_of(prospect).recommended == "44.000 €"
    deliveries = api.webhook_deliveries()
    assert len(deliveries) == len(SHORT_CONSULTATION)
    assert {(d.url, d.secret, d.status) for d in deliveries} == {
        (webhook_bot.url, WEBHOOK_SECRET, 200)
    }
    assert api.requests("getUpdates") == []


async def test_update_with_a_wrong_or_missing_secret_is_refused_and_changes_nothing(
    api: FakeBotApi, webhook_bot: WebhookBot
) -> None:
    api.set_chat(CHAT, chat_type="private")
    start = {
        "update_id": 900,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": CHAT, "type": "private", "first_name": "Erika"},
            "from": {"id": CHAT, "is_bot": False, "first_name": "Erika", "language_code": "de"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    store = ConversationStore(webhook_bot.application.bot_data["database"])

    async with httpx.AsyncClient() as client:
        wrong = await client.post(webhook_bot.url, json=start, headers={SECRET_HEADER: "guess"})
        missing = await client.post(webhook_bot.url, json=start)
        assert (wrong.status_code, missing.status_code) == (403, 403)
        assert api.messages(CHAT) == []
        assert await store.get(CHAT) is None

        right = await client.post(
            webhook_bot.url, json=start, headers={SECRET_HEADER: WEBHOOK_SECRET}
        )
        assert right.status_code == 200
        await inbox_idle(webhook_bot.application)
        assert await store.get(CHAT) is not None  # the same update, with the secret, is taken


async def test_health_check_answers_while_the_bot_runs(webhook_bot: WebhookBot) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.get(webhook_bot.health_url)

    assert response.status_code == 200


async def test_reply_lost_to_a_failing_bot_api_arrives_from_the_inbox_once(
    api: FakeBotApi, webhook_bot: WebhookBot
) -> None:
    prospect = Prospect(api, chat_id=CHAT, quiet=0.1)
    await chat(prospect, "/start")
    api.fail("sendMessage", 500, times=3, chat_id=CHAT)  # every quick retry of the next reply

    update = api.user_sends_text(CHAT, "80.000")
    await update

    # Stored, so Telegram is done with it at once; the reply comes when the Bot API is back.
    (delivery,) = [d for d in api.webhook_deliveries() if d.update_id == update.update_id]
    assert delivery.status == 200
    await api.wait_for(lambda: "Frage 2 von 14" in prospect.last_text)
    await inbox_idle(webhook_bot.application)
    second = [m for m in api.messages(CHAT) if "Frage 2 von 14" in m.text]
    assert len(second) == 1


@pytest.mark.parametrize(
    "body",
    [b"[1, 2]", b'"an update"', b"null", b"{}", b'{"update_id": 5, "message": {"text": "x"}}'],
    ids=["array", "string", "null", "empty object", "message without chat"],
)
async def test_a_body_that_is_not_an_update_is_refused_with_400_and_one_log_line(
    webhook_bot: WebhookBot, caplog: pytest.LogCaptureFixture, body: bytes
) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            webhook_bot.url,
            content=body,
            headers={SECRET_HEADER: WEBHOOK_SECRET, "Content-Type": "application/json"},
        )

    assert response.status_code == 400
    mine = [r for r in caplog.records if r.name.startswith("bot.")]
    assert [r.getMessage() for r in mine] == [
        "webhook: a body that is not a Telegram update was refused"
    ]
    assert not any(r.exc_info for r in caplog.records)


async def test_an_update_that_cannot_be_stored_is_answered_503_so_telegram_sends_it_again(
    api: FakeBotApi, webhook_bot: WebhookBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = webhook_bot.application.bot_data["receiver"]._inbox
    real_store = inbox.store
    failing = {"left": 2}

    async def database_away(arrivals: list[Arrival]) -> list[Arrival]:
        if failing["left"]:
            failing["left"] -= 1
            raise OSError("database away")
        return await real_store(arrivals)

    monkeypatch.setattr(inbox, "store", database_away)
    prospect = Prospect(api, chat_id=CHAT, quiet=0.1)

    await chat(prospect, "/start")

    statuses = [d.status for d in api.webhook_deliveries()]
    assert statuses == [503, 503, 200]
    assert IT_QUESTION in prospect.last_text


async def test_a_tap_telegram_sends_again_is_handled_once_and_its_question_shown_once(
    api: FakeBotApi, webhook_bot: WebhookBot
) -> None:
    prospect = Prospect(api, chat_id=CHAT, quiet=0.1)
    await chat(prospect, "/start", "80.000")
    question = api.last_message(CHAT)
    yes = next(b for b in question.buttons if b.text == "Ja")
    api.fail("sendMessage", 500, times=3, chat_id=CHAT)  # its reply fails at first

    tap = api.user_presses(CHAT, question.message_id, str(yes.callback_data))
    await tap
    await api.wait_for(lambda: FUNDS_QUESTION in prospect.last_text)
    await api.redeliver(tap)  # Telegram's copy of the same tap
    await inbox_idle(webhook_bot.application)

    assert len([m for m in api.messages(CHAT) if FUNDS_QUESTION in m.text]) == 1
    stored = await ConversationStore(webhook_bot.application.bot_data["database"]).get(CHAT)
    assert stored is not None
    assert stored.data["dialog"]["history"] == ["it_value", "funds_cover"]
