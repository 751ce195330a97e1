"""An Austrian broker's prospects read Austrian money, dates and wording; German is the default."""

from __future__ import annotations

from datetime import date

from dialogs.render import render, text
from dialogs.replies import Msg
from dialogs.texts.formatting import long_date, money
from tests.dialogs.chat import chat_at


def test_austrian_money_puts_the_euro_sign_first() -> None:
    assert money(234_300, "de", "AT") == "€ 234.300"
    assert money(234_300, "de") == "234.300 €"
    assert money(234_300, "en", "AT") == "€234,300"


def test_austrian_dates_say_jaenner() -> None:
    assert long_date(date(2026, 1, 5), "de", "AT") == "5. Jänner 2026"
    assert long_date(date(2026, 1, 5), "de") == "5. Januar 2026"
    assert long_date(date(2026, 1, 5), "en", "AT") == "5 January 2026"


def test_an_austrian_brokers_prospect_sees_austrian_money_in_the_result() -> None:
    chat = chat_at("summary")

    shown = "\n".join(render(reply, "de", country="AT") for reply in chat.replies)

    assert "Empfohlene Versicherungssumme: € 250.000" in shown
    assert "Berechneter Bedarf: € 234.300" in shown
    assert "234.300 €" not in shown
    assert "Pönalen" in shown


def test_austrian_status_information_names_no_german_paragraph() -> None:
    for key in ("contact.status_info_title", "contact.status_info_missing"):
        for language in ("de", "en"):
            austrian = text(Msg(key, {"broker": "Huber"}), language, country="AT")
            german = text(Msg(key, {"broker": "Huber"}), language)
            assert "§ 15 VersVermV" not in austrian
            assert "§ 15 VersVermV" in german
