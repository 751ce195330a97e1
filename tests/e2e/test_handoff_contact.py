"""From a broker's link through the contact questions to the consent: who gets the lead."""

from __future__ import annotations

import json
import re

import pytest

from bot.app import BotApplication
from tests.e2e.conftest import (
    DEFAULT_STATUS_INFO,
    QUICK_CONTACT,
    Offices,
    ask_for_contact,
    hand_off,
    outbox_drained,
    visitor,
)
from tests.e2e.script import act, chat, live_keyboards
from tests.fakes import ChatMessage, FakeBotApi

NAME_QUESTION = "Wie dürfen wir Sie ansprechen?"
REACH_QUESTION = "Wie erreichen wir Sie?"
SHARE_BUTTON = "📱 Meine Telefonnummer teilen"


def position(messages: list[ChatMessage], snippet: str) -> int:
    """Where the first bot message containing `snippet` stands in the chat."""
    return next(i for i, m in enumerate(messages) if snippet in m.text)


def names_on(cards: list[ChatMessage]) -> list[str]:
    """The prospects' first names on lead cards, in order."""
    return [match[1] for card in cards if (match := re.search(r"👤 (\S+)", card.text))]


def all_cards(offices: Offices) -> list[ChatMessage]:
    """Every lead card in every staff chat."""
    return [card for office in offices.all() for card in office.cards()]


async def test_each_lead_reaches_its_own_brokers_staff_chat_and_no_other(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    anna = visitor(api, 7101, first_name="Anna", last_name="Link", username=None)
    carla = visitor(api, 7102, first_name="Carla", last_name="Ohnecode", username=None)

    await hand_off(anna, "/start mueller-newsletter")
    await hand_off(carla, "/start unbekannt-sommer")

    await api.wait_for(lambda: len(all_cards(offices)) == 2)
    await outbox_drained(handoff_bot)
    assert [names_on(office.cards()) for office in offices.all()] == [["Anna"], [], ["Carla"]]
    (default_card,) = offices.default.cards()
    assert "Makler Muster & Partner · Kampagne: –" in default_card.text
    assert "Makler Muster & Partner erhält Ihre Anfrage" in carla.last_text
    messages = api.messages(carla.chat_id)
    assert position(messages, DEFAULT_STATUS_INFO) < position(messages, NAME_QUESTION)


async def test_a_broker_code_in_capitals_reaches_the_same_broker(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)

    await hand_off(p, "/start MUELLER-newsletter")

    card = await offices.mueller.card()
    assert "Kampagne: newsletter" in card.text


@pytest.mark.parametrize("start", ["/start", "/start <script>", "/start unbekannt"])
async def test_a_start_without_a_known_broker_code_is_the_default_brokers(
    api: FakeBotApi, offices: Offices, start: str
) -> None:
    p = visitor(api)

    await p.send(start)

    assert "den Makler Muster & Partner Ihnen anbietet" in api.messages(p.chat_id)[0].text


async def test_status_information_arrives_as_text_before_the_name_is_asked(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)

    await ask_for_contact(p, "/start mueller")

    messages = api.messages(p.chat_id)
    assert offices.mueller.status_info is not None
    status = position(messages, offices.mueller.status_info)
    assert messages[status].kind == "text"
    assert "Erstinformation: Müller & Co <Makler>" in messages[status].text
    assert status < position(messages, NAME_QUESTION)


async def test_long_status_information_arrives_as_a_text_file_before_the_name_is_asked(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    status_info = "Erstinformation der Lang & Breit GmbH\n" + "Beschwerdestellen … " * 300
    await handoff_bot.bot_data["brokers"].add("lang", "Lang & Breit", -100400, None, status_info)
    api.set_chat(-100400, title="Team Lang")
    p = visitor(api)

    await ask_for_contact(p, "/start lang")

    messages = api.messages(p.chat_id)
    document = next(i for i, m in enumerate(messages) if m.kind == "document")
    file = messages[document].file
    assert file is not None and file.content is not None
    assert file.content.decode("utf-8") == status_info
    assert document < position(messages, NAME_QUESTION)


async def test_typed_name_phone_and_time_are_confirmed_with_the_broker_named(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)
    await ask_for_contact(p, "/start mueller-newsletter")

    await chat(p, "Erika Muster-Schmidt", "0171 / 234 56 78", "Dienstag ab 14 Uhr")

    consent = p.last_text
    assert "Müller & Co <Makler>" in consent
    assert "Erika Muster-Schmidt" in consent
    assert "0171 / 234 56 78" in consent
    assert "Ja, Müller & Co <Makler> darf mich kontaktieren" in p.buttons
    await p.press("Ja, Müller & Co <Makler> darf mich kontaktieren")
    card = await offices.mueller.card()
    assert "👤 Erika Muster-Schmidt (@erika_m)" in card.text
    assert "📞 0171 / 234 56 78" in card.text
    assert "🕑 Erreichbar: Dienstag ab 14 Uhr" in card.text


async def test_an_email_address_instead_of_a_phone_number_reaches_the_card(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)

    await hand_off(
        p,
        "/start mueller-newsletter",
        ("[✔]", "erika.muster@firma-muster.de", "[Keine Angabe]", "[Ja,]"),
    )

    card = await offices.mueller.card()
    assert "✉️ erika.muster@firma-muster.de" in card.text
    assert "📞" not in card.text
    assert "Erreichbar" not in card.text


async def test_declining_consent_sends_nothing_to_staff(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    declining = visitor(api, 7002, first_name="Doris", last_name="Zögerlich", username=None)
    await ask_for_contact(declining)

    await chat(declining, *QUICK_CONTACT[:-1], "[Nein, doch nicht]")

    assert "es wurde nichts weitergegeben" in declining.last_text
    assert "Mit dem Makler sprechen" in declining.buttons
    # The lead and its card would have been written with the answer, before it was sent.
    await outbox_drained(handoff_bot)
    assert all_cards(offices) == []
    await declining.send("/meinedaten")
    document = api.last_message(declining.chat_id).file
    assert document is not None and document.content is not None
    assert json.loads(document.content)["leads"] == []


async def test_an_invalid_name_gets_a_clear_error_and_the_same_question(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)
    await ask_for_contact(p)
    refusals = {
        "x": "Das sieht nicht nach einem Namen aus",
        "www.billige-policen.example": "Das sieht nicht nach einem Namen aus",
        "Erika " * 20: "länger als 100 Zeichen",
    }

    for typed, error in refusals.items():
        await p.send(typed)
        assert error in p.last_text, typed
        assert NAME_QUESTION in p.last_text, typed
        assert "✔ Erika Muster" in p.buttons, typed

    await p.send("Erika Muster")
    assert REACH_QUESTION in p.last_text


async def test_an_invalid_phone_number_or_address_gets_a_clear_error_and_the_same_question(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)
    await ask_for_contact(p)
    await chat(p, "[✔]")
    refusals = {
        "12 34": "6 bis 15 Ziffern",
        "morgen früh": "weder eine Telefonnummer noch eine E-Mail-Adresse",
        "erika@firma": "Diese E-Mail-Adresse ist unvollständig",
    }

    for typed, error in refusals.items():
        await p.send(typed)
        assert error in p.last_text, typed
        assert REACH_QUESTION in p.last_text, typed
        assert SHARE_BUTTON in p.buttons, typed
    colleague = {"phone_number": "+49 151 9999999", "first_name": "Kollege", "user_id": 9999}
    await act(p, lambda: api.user_sends({"contact": colleague}, chat_id=p.chat_id, user=p.user))
    assert "Bitte teilen Sie Ihre eigene Nummer" in p.last_text

    await chat(p, "[📱]", "[Vormittags]")
    assert "+49 170 1234567" in p.last_text
    assert "+49 151 9999999" not in p.last_text


async def test_after_consenting_the_consent_question_keeps_only_the_answer_given(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = visitor(api)

    await hand_off(p)

    consent = next(m for m in api.messages(p.chat_id) if "Ihre Einwilligung" in m.text)
    assert consent.button_labels == ["✔ Ja, Müller & Co <Makler> darf mich kontaktieren"]
    # Nothing left to press that would undo it; only the result's PDF stays at hand.
    still = [label for m in live_keyboards(p) for label in m.button_labels]
    assert [label for label in still if not label.startswith("✔")] == ["Bericht als PDF"]


async def test_a_chosen_name_is_marked_on_its_question_before_the_phone_is_asked(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = visitor(api)
    await ask_for_contact(p)

    await chat(p, QUICK_CONTACT[0])

    question = next(m for m in api.messages(p.chat_id) if NAME_QUESTION in m.text)
    assert question.button_labels == ["✔ ✔ Erika Muster"]
