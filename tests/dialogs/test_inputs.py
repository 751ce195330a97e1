"""The one rule for typed text at the edge: no control characters, no endless messages."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.inputs import EXCERPT, MAX_INPUT, clean_input, excerpt


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("Erika\x00 Muster", "Erika Muster"),
        ("80.000\x1b[2J", "80.000[2J"),
        ("Zeile 1\r\nZeile 2\rZeile 3\u2028Zeile 4", "Zeile 1\nZeile 2\nZeile 3\nZeile 4"),
        ("a\tb", "a b"),
        ("\u202eredro\u202c ist bestellt", "redro ist bestellt"),
        ("\ud800kaputt", "kaputt"),
        ("Grüße 👋🏽 aus Köln", "Grüße 👋🏽 aus Köln"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
    ],
    ids=["NUL", "escape", "line breaks", "tab", "bidi override", "lone surrogate", "emoji", "ZWJ"],
)
def test_control_characters_are_removed_and_line_breaks_kept(typed: str, seen: str) -> None:
    assert clean_input(typed) == seen


def test_one_telegram_message_is_the_longest_answer() -> None:
    assert clean_input("x" * MAX_INPUT) == "x" * MAX_INPUT
    assert clean_input("x" * (MAX_INPUT + 1)) is None
    assert clean_input("\x00" * 10_000) == ""


@given(st.text())
def test_cleaned_text_holds_no_control_character_but_line_breaks(typed: str) -> None:
    cleaned = clean_input(typed)

    assert cleaned is not None  # st.text() stays far below the limit
    controls = {c for c in cleaned if unicodedata.category(c) in ("Cc", "Cs")}
    assert controls <= {"\n"}
    assert not {"\u202e", "\u2066"} & set(cleaned)


def test_excerpt_keeps_short_text_and_cuts_long_text_with_an_ellipsis() -> None:
    assert excerpt("  zwanzig\n  tausend ") == "zwanzig tausend"
    long = excerpt("1" * 5_000)
    assert len(long) == EXCERPT
    assert long.endswith("…")
