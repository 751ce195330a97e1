"""The text catalogues: complete in both languages, and every text the core names exists.

The walk below drives the consultation through each kind of reply it can give (every question,
its help, every kind of refusal, the result with every item and note, the menus) and renders all
of it in German and English, as plain text and as Telegram HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from string import Formatter
from typing import Any

import pytest

from bot.config import Settings
from dialogs.events import Back, Choose, Help, Start
from dialogs.render import label, render, text
from dialogs.replies import Lines, Msg, Reply
from dialogs.texts import CATALOGUES, COUNTRIES, de, en
from tests.dialogs.chat import WORKED_EXAMPLE, Chat, Step, Tap, branch_script, buttons

LANGUAGES = ("de", "en")

# Something the core cannot take, for one question of each kind of answer.
REFUSALS: dict[str, tuple[str, ...]] = {
    "it_value": ("", "zehn", "-5", "20 Mrd", "1" * 5_000),
    "funds_cover": ("vielleicht",),
    "it_liability": ("vielleicht",),
    "records": ("2,5", "5 Mrd"),
    "outage_months": ("0", "40"),
    "client_damage": ("20 Mrd",),
    "measures": ("MFA",),
}

# A second result with the notes the worked example does not trigger: an IT value of 0, a
# client claim above the total, every measure in place (and an outage of several months).
EVERYTHING_IN_PLACE: dict[str, Step] = {
    **WORKED_EXAMPLE,
    "it_value": "0",
    "outage_months": "3 Monate",
    "client_damage": "1 Mio",
    "measures": (
        "updates",
        "antivirus",
        "encryption",
        "firewall",
        "backup",
        "mfa",
        "emergency_plan",
        "emergency_contact",
    ),
    "training": "ja",
}

# A third result with what the other two leave out: IT liability unknown, an outage of several
# months, some measures in place (so some topics are met and some partly).
SOME_IN_PLACE: dict[str, Step] = {
    **WORKED_EXAMPLE,
    "outage_months": "3",
    "it_liability": Tap("unsure"),
    "measures": ("antivirus", "backup", "emergency_plan"),
}

# Texts only the adapters use (greeting, hand-over, terminal); the walk never meets them.
CORE_NAMESPACES = (
    "progress",
    "q.",
    "opt.",
    "nav.",
    "answer.",
    "list.",
    "expect.",
    "error.",
    "stale.",
    "back.",
    "restart.",
    "resume.",
    "summary.",
    "item.",
    "note.",
    "measures.",
    "measure.",
    "service.",
    "help.",
    "action.",
    "change.",
    "basis.",
    "topic.",
    "mark.",
    "why.",
    "noted.",
)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


def messages(value: Any) -> Iterator[Msg]:
    """Every catalogue reference inside a value, nested ones included."""
    if isinstance(value, Msg):
        yield value
        for nested in value.values.values():
            yield from messages(nested)
    elif isinstance(value, Lines | tuple):
        items = value.items if isinstance(value, Lines) else value
        for item in items:
            yield from messages(item)


def referenced(reply: Reply) -> Iterator[Msg]:
    yield from messages(reply.lines)
    yield from messages(reply.footer)
    yield from messages(tuple(row.label for row in reply.table))
    yield from messages(tuple(row.basis for row in reply.table if row.basis))
    yield from messages(tuple(option.label for option in buttons(reply)))


def consultation(language: str, script: Mapping[str, Step], *, detours: bool) -> list[Reply]:
    """Every reply of one consultation; with detours also help and refusals at each question."""
    chat = Chat(language)
    seen = list(chat.send(Start()))
    while chat.state != "summary":
        if detours:
            seen += chat.send(Help())
            for refused in REFUSALS.get(chat.state, ()):
                seen += chat.type(refused)
        seen += chat.give(script[chat.state])
    seen += chat.send(Help())
    seen += chat.type("und jetzt?")
    seen += chat.tap("change")
    seen += chat.tap("cancel")
    seen += chat.tap("change")
    seen += chat.tap("it_value")
    seen += chat.tap("keep")
    seen += chat.send(Start())
    seen += chat.tap("continue")
    seen += chat.send(Back())
    seen += chat.give(script["training"])
    seen += chat.send(Choose("yes", "funds_cover"))
    seen += chat.tap("restart")
    seen += chat.send(Back())
    return seen


@cache
def every_reply(language: str) -> tuple[Reply, ...]:
    return (
        *consultation(language, WORKED_EXAMPLE, detours=True),
        *consultation(
            language, branch_script(funds=False, bi=False, liability="yes"), detours=False
        ),
        *consultation(language, EVERYTHING_IN_PLACE, detours=False),
        *consultation(language, SOME_IN_PLACE, detours=False),
    )


def test_german_and_english_catalogues_have_the_same_texts() -> None:
    assert sorted(de.TEXTS) == sorted(en.TEXTS)


def test_every_text_has_the_same_placeholders_in_both_languages() -> None:
    differing = {
        key: (placeholders(de.TEXTS[key]), placeholders(en.TEXTS.get(key, "")))
        for key in de.TEXTS
        if placeholders(de.TEXTS[key]) != placeholders(en.TEXTS.get(key, ""))
    }

    assert differing == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_markup_is_html_telegram_accepts(language: str) -> None:
    broken = {}
    for key, template in CATALOGUES[language].items():
        for tag in ("b", "i", "code"):
            if template.count(f"<{tag}>") != template.count(f"</{tag}>"):
                broken[key] = f"unbalanced <{tag}>"
        if template.count("<a href=") != template.count("</a>"):
            broken[key] = "unbalanced <a>"
        unplaced = re.sub(r"\{\w+\}", "", template)
        bare = re.sub(r'</?(?:b|i|code)>|<a href="[^"<>]*">|</a>', "", unplaced)
        if re.search(r"[<>]|&(?!(?:[a-z]+|#[0-9]+);)", bare):
            broken[key] = "bare <, > or &"

    assert broken == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reply_of_the_consultation_renders_in_plain_text_and_html(language: str) -> None:
    for reply in every_reply(language):
        assert render(reply, language)
        assert render(reply, language, as_html=True)
        for option in buttons(reply):
            assert label(option, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_the_consultation_names_exists_with_its_placeholders(language: str) -> None:
    catalogue = CATALOGUES[language]
    problems = {}
    for reply in every_reply(language):
        for message in referenced(reply):
            if message.key not in catalogue:
                problems[message.key] = "missing"
            elif unfilled := placeholders(catalogue[message.key]) - set(message.values):
                problems[message.key] = f"no value for {sorted(unfilled)}"

    assert problems == {}


def test_every_consultation_text_in_the_catalogue_is_used() -> None:
    used = {message.key for reply in every_reply("de") for message in referenced(reply)}
    used.add("list.separator")  # joins listed values inside the renderer
    core_texts = {key for key in de.TEXTS if key.startswith(CORE_NAMESPACES) and "@" not in key}

    assert core_texts - used == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_country_variant_words_an_existing_text_with_the_same_placeholders(
    language: str,
) -> None:
    catalogue = CATALOGUES[language]
    variants = {key: key.partition("@") for key in catalogue if "@" in key}

    assert variants, "Austria words a few texts its own way"
    for key, (base, _, country) in variants.items():
        assert country.upper() in COUNTRIES, key
        assert base in catalogue, key
        assert placeholders(catalogue[key]) == placeholders(catalogue[base]), key


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("welcome", {"broker": "Muster GmbH", "days": 30}),
        ("contact.default", {"broker": "Muster GmbH", "contact": "040 123"}),
        ("terminal.telegram_hint", {}),
        ("terminal.checklist_hint", {}),
        ("terminal.bye", {}),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_adapter_texts_render_with_their_values(
    language: str, key: str, values: dict[str, object]
) -> None:
    rendered = text(Msg(key, values), language)

    assert rendered
    assert "{" not in rendered
    for value in values.values():
        assert str(value) in rendered


# --- nothing internal reaches a reader -------------------------------------------------------

# The operator's own texts may name settings (the terminal's hints, and what the bot tells a
# group it was added to that is no staff chat yet: how to register it); nobody else's may.
OPERATOR_TEXTS = ("terminal.", "group.")
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
CATALOGUE_KEY = re.compile(r"\b(?:q|opt|item|note|measure|measures|topic|report|staff|tg)\.[a-z_]+")


def leaks(shown: str) -> list[str]:
    """Setting names, internal keys or catalogue keys in a text a prospect or staff reads."""
    settings = [name.upper() for name in Settings.model_fields]
    found = [name for name in settings if name in shown]
    found += SNAKE_CASE.findall(shown)
    found += CATALOGUE_KEY.findall(shown)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_text_names_a_setting_or_an_internal_key(language: str) -> None:
    found = {
        key: leaks(re.sub(r"\{\w+\}", "", template))
        for key, template in CATALOGUES[language].items()
        if not key.startswith(OPERATOR_TEXTS)
    }

    assert {key: names for key, names in found.items() if names} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_reply_of_the_consultation_shows_an_internal_key(language: str) -> None:
    for reply in every_reply(language):
        shown = render(reply, language) + " ".join(label(o, language) for o in buttons(reply))
        assert leaks(shown) == [], shown


# --- a broker without a name ---------------------------------------------------------------

# Prepositions after which German needs „Ihrem“/„Ihren“, not the nominative „Ihr“.
_DECLINING = r"\b(?:für|bei|von|an|zu|mit|über|durch|gegen)\W+Ihr Versicherungsmakler\b"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_broker_without_a_name_reads_as_a_grammatical_phrase_in_every_text(
    language: str,
) -> None:
    naming = [key for key, raw in CATALOGUES[language].items() if "{broker}" in raw]

    for key in naming:
        others = dict.fromkeys(placeholders(CATALOGUES[language][key]), "X")
        shown = text(Msg(key, {**others, "broker": ""}), language)
        assert "BROKER" not in shown, key
        if language == "de":
            assert "Ihr Versicherungsmakler" in shown, key
            assert not re.search(_DECLINING, shown), key
        else:
            assert "your insurance broker" in shown.lower(), key
            assert not re.search(r"(?:^|[.!?]\s+)your insurance broker", shown), key


def test_a_named_broker_is_shown_by_name() -> None:
    shown = text(Msg("contact.consent.yes", {"broker": "Müller & Co"}), "de")

    assert shown == "Ja, Müller & Co darf mich kontaktieren"
