"""From a broker's link through the contact questions to the consent: who gets the lead."""

from __future__ import annotations

import json

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
from tests.e2e.script import act, chat
from tests.fakes import ChatMessage, FakeBotApi

NAME_QUESTION = "Wie dürfen wir Sie ansprechen?"
REACH_QUESTION = "Wie erreichen wir Sie?"
TIME_QUESTION = "Wann passt ein Rückruf am besten?"
SHARE_BUTTON = "📱 Meine Telefonnummer teilen"


def position(messages: list[ChatMessage], snippet: str) -> int:
    """Where the first bot message containing `snippet` stands in the chat."""
    return next(i for i, m in enumerate(messages) if snippet in m.text)


def all_cards(offices: Offices) -> list[ChatMessage]:
    return [card for office in offices.all() for card in office.cards()]


async def test_a_lead_from_a_brokers_link_reaches_only_that_brokers_staff_chat(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = visitor(api)

    await hand_off(p, "/start schmidt-flyer")

    card = await offices.schmidt.card()
    assert "Schmidt Versicherungsmakler" in card.text
    assert "Kampagne: flyer" in card.text
    assert "Ihre Anfrage ist bei Schmidt Versicherungsmakler" in p.last_text
    await outbox_drained(handoff_bot)
    assert all_cards(offices) == [card]


async def test_status_information_arrives_as_text_before_the_name_is_asked(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)

    await ask_for_contact(p, "/start mueller-newsletter")

    messages = api.messages(p.chat_id)
    status_info = offices.mueller.status_info
    assert status_info is not None
    status = position(messages, status_info)
    assert messages[status].kind == "text"
    assert "Erstinformation von Müller & Co <Makler>" in messages[status].text
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
    # A later lead goes through the same outbox: once it is out, nothing else is on its way.
    consenting = visitor(api, 7003, first_name="Conrad", last_name="Klar", username=None)
    await hand_off(consenting)
    await offices.mueller.card()
    await outbox_drained(handoff_bot)
    (card,) = all_cards(offices)
    assert "Conrad Klar" in card.text
    await declining.send("/meinedaten")
    document = api.last_message(declining.chat_id).file
    assert document is not None and document.content is not None
    assert json.loads(document.content)["leads"] == []


FOLLOWING = {
    NAME_QUESTION: ("Erika Muster", REACH_QUESTION),
    REACH_QUESTION: ("0171 2345678", TIME_QUESTION),
}
STILL_OFFERED = {NAME_QUESTION: "✔ Erika Muster", REACH_QUESTION: SHARE_BUTTON}


@pytest.mark.parametrize(
    ("answered", "typed", "error", "question"),
    [
        ((), "x", "Das sieht nicht nach einem Namen aus", NAME_QUESTION),
        ((), "www.billige-policen.example", "Das sieht nicht nach einem Namen aus", NAME_QUESTION),
        ((), "Erika " * 20, "länger als 100 Zeichen", NAME_QUESTION),
        (("[✔]",), "12 34", "6 bis 15 Ziffern", REACH_QUESTION),
        (("[✔]",), "morgen früh", "weder eine Telefonnummer noch eine E-Mail", REACH_QUESTION),
        (("[✔]",), "erika@firma", "E-Mail-Adresse ist unvollständig", REACH_QUESTION),
    ],
    ids=["name-too-short", "name-is-a-link", "name-too-long", "phone-too-short", "words", "email"],
)
async def test_invalid_contact_details_get_a_clear_error_and_the_same_question(
    api: FakeBotApi,
    offices: Offices,
    answered: tuple[str, ...],
    typed: str,
    error: str,
    question: str,
) -> None:
    p = visitor(api)
    await ask_for_contact(p)
    await chat(p, *answered)

    await p.send(typed)

    assert error in p.last_text
    assert question in p.last_text
    assert STILL_OFFERED[question] in p.buttons
    valid, next_question = FOLLOWING[question]
    await p.send(valid)
    assert next_question in p.last_text


async def test_someone_elses_shared_contact_is_not_taken_as_the_prospects_number(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)
    await ask_for_contact(p)
    await chat(p, "[✔]")
    colleague = {"phone_number": "+49 151 9999999", "first_name": "Kollege", "user_id": 9999}

    await act(p, lambda: api.user_sends({"contact": colleague}, chat_id=p.chat_id, user=p.user))

    assert "eigene Nummer" in p.last_text
    await chat(p, "[📱]", "[Vormittags]")
    assert "+49 170 1234567" in p.last_text
    assert "+49 151 9999999" not in p.last_text


@pytest.mark.parametrize(
    "start",
    ["/start", "/start unbekannt-sommer", "/start <script>"],
    ids=["no-code", "unknown-code", "junk"],
)
async def test_without_a_known_broker_code_the_default_broker_gets_the_lead(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices, start: str
) -> None:
    p = visitor(api)

    await hand_off(p, start)

    card = await offices.default.card()
    assert "Makler Muster & Partner" in card.text
    assert "Kampagne: –" in card.text
    messages = api.messages(p.chat_id)
    assert position(messages, DEFAULT_STATUS_INFO) < position(messages, NAME_QUESTION)
    await outbox_drained(handoff_bot)
    assert all_cards(offices) == [card]
