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

from dialogs.events import Back, Choose, Help, Start
from dialogs.render import label, render, text
from dialogs.replies import Lines, Msg, Reply
from dialogs.texts import CATALOGUES, de, en
from tests.dialogs.chat import WORKED_EXAMPLE, Chat, Step, branch_script, buttons

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
    core_texts = {key for key in de.TEXTS if key.startswith(CORE_NAMESPACES)}

    assert core_texts - used == set()


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


# --- a broker without a name ---------------------------------------------------------------

# Prepositions after which German needs „Ihrem“/„Ihren“, not the nominative „Ihr“.
_DECLINING = r"\b(?:für|bei|von|an|zu|mit|über|durch|gegen)\W+Ihr Versicherungsmakler\b"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_broker_without_a_name_reads_as_a_grammatical_phrase_in_every_text(
    language: str,
) -> None:
    naming = [key for key, raw in CATALOGUES[language].items() if "{broker}" in raw]
    values = {"name": "Erika", "reach": "0171", "contact": "", "days": 30, "number": 1}
    values |= {"link": "https://t.me/x", "campaign": "–"}

    for key in naming:
        shown = text(Msg(key, {**values, "broker": ""}), language)
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
