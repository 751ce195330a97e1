"""Whole consultations as a new prospect has them, on every branch, by buttons and by typing.

Expected sums are worked out by hand from the table in DESIGN.md ("The calculation").
"""

from __future__ import annotations

from tests.e2e.script import chat, result_of
from tests.fakes import FakeBotApi, Prospect


async def test_worked_example_with_funds_business_interruption_and_no_it_liability(
    prospect: Prospect,
) -> None:
    await chat(prospect, "/start")
    assert "Frage 1 von 14" in prospect.last_text
    await chat(prospect, "80.000", "[Ja]", "25.000", "[Ja]", "30.000", "10.000", "[1 Mon.]")
    await chat(prospect, "5.000", "[Nein]", "2.000", "300", "[Weiß ich nicht]")
    await chat(prospect, "[⬜ Mehr-Faktor-Anmeldung (MFA)]", "[Fertig]", "[Nein]")

    result = result_of(prospect)
    assert (result.recommended, result.tier) == ("234.300 €", "250.000 €")
    assert result.items == {
        "IT-Wiederherstellung": "40.000 €",  # 50 % of 80.000
        "Konten, Zahlungsmittel": "25.000 €",
        "Betriebsunterbrechung": "40.000 €",  # (30.000 + 10.000) × 1 month
        "Vertragsstrafen": "5.000 €",
        "Personenbezogene Daten": "100.000 €",  # 2.000 × 50
        "Bank- und Kartendaten": "3.000 €",  # 300 × 10
        "Zwischensumme": "213.000 €",
        "Sicherheitszuschlag": "21.300 €",
        "Summe": "234.300 €",
        "Empfehlung": "250.000 €",
    }
    missing = prospect.last_text
    assert "Datensicherung außer Haus" in missing
    assert "Mehr-Faktor" not in missing  # ticked in the checklist


async def test_english_prospect_with_it_liability_gets_no_third_party_items(
    api: FakeBotApi, prospect: Prospect
) -> None:
    api.set_user(prospect.chat_id, language_code="en")
    await chat(prospect, "/start")
    assert "Question 1 of 14" in prospect.last_text
    await chat(prospect, "80,000", "[No]", "[No]", "[Yes]", "[Done]", "yes")

    result = result_of(prospect)
    assert (result.recommended, result.tier) == ("€44,000", "€100,000")
    assert result.items == {
        "IT restoration": "€40,000",
        "Subtotal": "€40,000",
        "Safety margin": "€4,000",
        "Total": "€44,000",
        "Recommendation": "€100,000",
    }


async def test_unsure_about_it_liability_counts_as_none_and_client_damage_raises_the_sum(
    prospect: Prospect,
) -> None:
    await chat(prospect, "/start", "120.000", "[Ja]", "10.000", "[Nein]", "[Weiß nicht]")
    assert "Datensätze" in prospect.last_text  # third-party questions are asked
    await chat(prospect, "1.000", "[Keine / 0]", "500.000", "[Fertig]", "[Ja]")

    result = result_of(prospect)
    # 60.000 + 10.000 + 50.000 + 0 = 120.000; + 12.000 = 132.000, below the client's 500.000.
    assert result.items["Summe"] == "132.000 €"
    assert result.items["Größter Kundenschaden"] == "500.000 €"
    assert (result.recommended, result.tier) == ("500.000 €", "500.000 €")


async def test_everything_typed_without_funds_but_with_business_interruption(
    prospect: Prospect,
) -> None:
    await chat(prospect, "/start", "1,5 Mio", "nein", "ja", "50.000 €", "keine", "3", "0")
    await chat(prospect, "nein", "500", "0", "100 Tsd.", "fertig", "ja")

    result = result_of(prospect)
    assert result.items == {
        "IT-Wiederherstellung": "750.000 €",
        "Betriebsunterbrechung": "150.000 €",  # (50.000 + 0) × 3 months
        "Vertragsstrafen": "0 €",
        "Personenbezogene Daten": "25.000 €",
        "Bank- und Kartendaten": "0 €",
        "Zwischensumme": "925.000 €",
        "Sicherheitszuschlag": "92.500 €",
        "Summe": "1.017.500 €",
        "Empfehlung": "1.500.000 €",
    }
    assert (result.recommended, result.tier) == ("1.017.500 €", "1.500.000 €")


async def test_prospect_without_a_known_language_is_greeted_in_german(
    api: FakeBotApi, prospect: Prospect
) -> None:
    api.set_user(prospect.chat_id, language_code="fr")
    await chat(prospect, "/start")

    assert "Frage 1 von 14" in prospect.last_text
    assert prospect.buttons == ["Was zählt dazu?"]
