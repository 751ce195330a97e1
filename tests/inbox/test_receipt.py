"""Only what Telegram would send gets into the inbox; everything else is refused at the door."""

from __future__ import annotations

import json

import pytest

from bot.inbox.receipt import NO_CHAT, arrival_of

MESSAGE = {
    "update_id": 7,
    "message": {
        "message_id": 1,
        "date": 1_700_000_000,
        "chat": {"id": 4711, "type": "private"},
        "from": {"id": 4711, "is_bot": False, "first_name": "Erika"},
        "text": "80.000",
    },
}


def test_a_message_arrives_for_its_chat_with_its_body_as_sent() -> None:
    arrival = arrival_of(MESSAGE)

    assert arrival is not None
    assert (arrival.update_id, arrival.chat_id) == (7, 4711)
    assert json.loads(arrival.body) == MESSAGE


def test_a_tap_belongs_to_the_chat_of_the_message_its_button_is_on() -> None:
    tap = {
        "update_id": 8,
        "callback_query": {
            "id": "1",
            "from": {"id": 501, "is_bot": False, "first_name": "Max"},
            "message": {"message_id": 9, "date": 0, "chat": {"id": -100200, "type": "group"}},
            "chat_instance": "x",
            "data": "lead|claim:1",
        },
    }

    arrival = arrival_of(tap)

    assert arrival is not None and arrival.chat_id == -100200


def test_an_update_without_a_chat_of_its_own_belongs_to_its_sender_or_to_nobody() -> None:
    poll_answer = {"update_id": 9, "poll_answer": {"poll_id": "p", "user": {"id": 77}}}
    poll = {"update_id": 10, "poll": {"id": "p", "question": "?", "options": []}}

    assert (arrival_of(poll_answer) or pytest.fail()).chat_id == 77
    assert (arrival_of(poll) or pytest.fail()).chat_id == NO_CHAT


@pytest.mark.parametrize(
    "body",
    [
        [MESSAGE],
        "an update",
        None,
        42,
        {},
        {"update_id": "7", "message": MESSAGE["message"]},
        {"update_id": True, "message": MESSAGE["message"]},
        {"update_id": -1, "message": MESSAGE["message"]},
        {"update_id": 7},
        {"update_id": 7, "message": "hello"},
        {"update_id": 7, "message": {"message_id": 1, "date": 0, "text": "no chat"}},
        {"update_id": 7, "message": MESSAGE["message"], "edited_message": MESSAGE["message"]},
        {"update_id": 7, "unknown_kind": {"chat": {"id": 1}}},
    ],
    ids=[
        "array",
        "string",
        "null",
        "number",
        "empty object",
        "id as text",
        "id as boolean",
        "negative id",
        "no content",
        "content not an object",
        "message without chat",
        "two kinds at once",
        "unknown kind",
    ],
)
def test_json_that_is_not_an_update_is_refused(body: object) -> None:
    assert arrival_of(body) is None
