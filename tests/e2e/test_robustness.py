"""What a prospect does wrong, or differently: the bot explains and asks the same question again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.script import (
    BI_COVER_QUESTION,
    FUNDS_COVER_QUESTION,
    FUNDS_QUESTION,
    IT_QUESTION,
    act,
    button_data,
    chat,
    live_keyboards,
)
from tests.fakes import ButtonPress, ChatMessage, FakeBotApi, Prospect

TEXT_ONLY_HINT = "Bilder, Sticker, Sprachnachrichten und Dateien"
FILE = {"file_id": "AgADBAAD", "file_unique_id": "AQADBAAD"}


@pytest.mark.parametrize(
    ("typed", "explanation"),
    [
        ("achtzig", "„achtzig“ konnte ich nicht als Zahl lesen"),
        ("-5.000", "negative Zahl"),
        ("20 Mrd", "mehr als 10 Milliarden Euro"),
    ],
    ids=["a word", "a negative number", "an absurd amount"],
)
async def test_unreadable_amount_is_explained_and_the_question_asked_again(
    prospect: Prospect, typed: str, explanation: str
) -> None:
    await chat(prospect, "/start", typed)

    reply = prospect.last_text
    assert explanation in reply
    assert "z. B. 80.000" in reply  # an example of what is expected
    assert "Frage 1 von 14" in reply and IT_QUESTION in reply

    await chat(prospect, "80.000")
    assert FUNDS_COVER_QUESTION in prospect.last_text


@pytest.mark.parametrize(
    "message",
    [
        {"sticker": {**FILE, "width": 512, "height": 512, "is_animated": False,
                     "is_video": False, "type": "regular"}},
        {"photo": [{**FILE, "width": 800, "height": 600}]},
        {"voice": {**FILE, "duration": 3}},
        {"document": {**FILE, "file_name": "bilanz.pdf"}},
    ],
    ids=["sticker", "photo", "voice", "document"],
)  # fmt: skip
async def test_non_text_message_gets_a_short_hint_and_the_same_question(
    prospect: Prospect, message: dict[str, Any]
) -> None:
    await chat(prospect, "/start", "80.000")

    await act(prospect, lambda: prospect.api.user_sends(message, chat_id=prospect.chat_id))

    assert TEXT_ONLY_HINT in prospect.last_text
    assert FUNDS_COVER_QUESTION in prospect.last_text
    assert prospect.buttons[:2] == ["Ja", "Nein"]


async def test_own_phone_number_shared_during_the_questions_is_not_taken(
    prospect: Prospect,
) -> None:
    await chat(prospect, "/start", "80.000")
    me = {"phone_number": "+49 170 1234567", "first_name": "Erika", "user_id": prospect.chat_id}

    await act(prospect, lambda: prospect.api.user_sends({"contact": me}, chat_id=prospect.chat_id))

    hint, *question = prospect.last_text.split("\n\n")
    assert "gerade nicht" in hint
    assert FUNDS_COVER_QUESTION in question[-1]
    assert prospect.buttons[:2] == ["Ja", "Nein"]


async def test_edited_answer_changes_nothing_and_says_how_to_correct_it(
    prospect: Prospect,
) -> None:
    await chat(prospect, "/start", "80.000")
    typed = next(m for m in prospect.api.chat_log(prospect.chat_id)[::-1] if is_typed(m))
    edit = {"edited_message": {"message_id": typed.message_id, "text": "90.000"}}

    await act(prospect, lambda: prospect.api.user_sends(edit, chat_id=prospect.chat_id))

    assert "bearbeitete Nachricht ändert keine Antwort" in prospect.last_text
    assert FUNDS_COVER_QUESTION in prospect.last_text
    await chat(prospect, "[◀ Zurück]")
    assert "Beibehalten: 80.000 €" in prospect.buttons


async def test_text_longer_than_telegram_allows_is_refused(prospect: Prospect) -> None:
    await chat(prospect, "/start", "8" * 4097)

    assert "zu lang" in prospect.last_text
    assert IT_QUESTION in prospect.last_text


async def test_unknown_command_lists_the_known_ones(prospect: Prospect) -> None:
    await chat(prospect, "/start", "/hallo")

    assert "/zurueck" in prospect.last_text and "/abbrechen" in prospect.last_text
    assert IT_QUESTION in prospect.last_text


async def test_answered_questions_lose_their_buttons_or_keep_only_the_choice_marked(
    api: FakeBotApi, prospect: Prospect
) -> None:
    await chat(prospect, "/start", "80.000", "[Ja]")

    typed, pressed, current = api.messages(prospect.chat_id)[-3:]
    assert IT_QUESTION in typed.text and typed.buttons == []
    assert FUNDS_COVER_QUESTION in pressed.text and pressed.button_labels == ["✔ Ja"]
    assert live_keyboards(prospect) == [current]


async def test_pressing_the_mark_of_an_answered_question_does_nothing(
    api: FakeBotApi, prospect: Prospect
) -> None:
    await chat(prospect, "/start", "80.000", "[Ja]")
    answered = api.messages(prospect.chat_id)[-2]
    (mark,) = answered.buttons
    assert mark.text == "✔ Ja" and mark.callback_data is not None
    shown = len(api.messages(prospect.chat_id))

    api.user_presses(prospect.chat_id, answered.message_id, mark.callback_data)
    await api.wait_for(lambda: last_press(api, prospect.chat_id).answer is not None)
    await chat(prospect, "25.000")

    assert len(api.messages(prospect.chat_id)) == shown + 1
    assert BI_COVER_QUESTION in prospect.last_text


def is_typed(entry: ChatMessage | ButtonPress) -> bool:
    return isinstance(entry, ChatMessage) and not entry.from_bot


def last_press(api: FakeBotApi, chat_id: int) -> ButtonPress:
    return next(e for e in reversed(api.chat_log(chat_id)) if isinstance(e, ButtonPress))


async def test_old_button_gets_a_polite_answer_and_changes_nothing(
    api: FakeBotApi, prospect: Prospect
) -> None:
    await chat(prospect, "/start", "80.000")
    api.fail("editMessageReplyMarkup", 400, chat_id=prospect.chat_id)  # Q2 keeps its buttons
    await chat(prospect, "[Ja]")
    old = next(m for m in api.messages(prospect.chat_id) if "Nein" in m.button_labels)
    no = button_data(old, "Nein")

    await act(prospect, lambda: api.user_presses(prospect.chat_id, old.message_id, no))

    assert "früheren Frage" in prospect.last_text
    assert FUNDS_QUESTION in prospect.last_text  # "Ja" to funds still stands
    await chat(prospect, "25.000")
    assert BI_COVER_QUESTION in prospect.last_text


async def test_double_tap_leaves_one_marked_answer_and_one_live_question(
    api: FakeBotApi, prospect: Prospect
) -> None:
    await chat(prospect, "/start", "80.000")
    question = api.last_message(prospect.chat_id)
    yes, no = button_data(question, "Ja"), button_data(question, "Nein")

    api.user_presses(prospect.chat_id, question.message_id, yes)
    await act(prospect, lambda: api.user_presses(prospect.chat_id, question.message_id, no))

    assert api.message(prospect.chat_id, question.message_id).button_labels in (
        ["✔ Ja"],
        ["✔ Nein"],
    )
    assert live_keyboards(prospect) == [api.last_message(prospect.chat_id)]
