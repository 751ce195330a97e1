"""Anything a prospect can do, in any order, through the dialog core: random and overlong text,
numbers of any length, control characters, made-up taps. Every move gets an answer, nothing
raises, and every message fits in one Telegram message.

(The whole bot, over the Telegram adapter, is driven the same way in the end-to-end tests.)
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.constants import MessageLimit

from dialogs.consultation import step
from dialogs.conversation import Conversation
from dialogs.events import (
    Back,
    Choose,
    Event,
    Help,
    Repeat,
    RequestContact,
    Restart,
    SetLanguage,
    SharedContact,
    Start,
    Text,
)
from dialogs.questions import DONE, QUESTIONS
from dialogs.render import label, render
from dialogs.replies import Reply
from dialogs.texts import LANGUAGES
from tests.dialogs.chat import buttons

LIMIT = MessageLimit.MAX_TEXT_LENGTH
# What a prospect types when they mean it, so the walk reaches the result, the contact flow and
# the handoff: per kind of question, and per contact question.
MEANT = {
    "amount": ["80.000", "1,5 Mio", "0"],
    "count": ["2.000", "keine"],
    "months": ["3", "1 Monat"],
    "amount_or_unknown": ["weiß nicht", "500k"],
    "contact_name": ["Erika Muster"],
    "contact_reach": ["0171 2345678", "name@firma.de"],
    "contact_time": ["Dienstag ab 14 Uhr"],
}
SIDETRACKS = ("back", "help", "restart", "cancel", "keep")
NOTICES = ["tg.hint.text_only", "tg.hint.edited", "tg.hint.own_number", "input.too_long"]

controls = st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=40)
# Long texts are repeated short ones: drawing 5,000 characters one by one would use up the
# randomness an example has for its other moves.
digits = st.builds(
    lambda start, fill, n: (start + fill * n)[:n],
    st.text("123456789", min_size=1, max_size=3),
    st.sampled_from("09"),
    st.integers(min_value=12, max_value=5_000),
)
long_text = st.builds(
    lambda piece, n: (piece * n)[:n],
    st.text(min_size=1, max_size=12),
    st.integers(min_value=3_900, max_value=4_300),
)
number_like = st.text("0123456789.,  -−€kKmMtTioEUR~", max_size=60)
typed = st.one_of(
    st.sampled_from(["ja", "nein", "fertig", "zurück", "hilfe"]),
    st.text(max_size=300),
    controls,
    digits,
    number_like,
    st.builds(lambda n, unit: f"{n} {unit}", digits, st.sampled_from(["Mrd", "Mio", "€", "T€"])),
    long_text,
)
questions = st.one_of(
    st.none(), st.sampled_from([*QUESTIONS, "summary", "change", "resume"]), st.text(max_size=20)
)
made_up = st.one_of(
    st.builds(Choose, st.text(max_size=64), questions),
    st.sampled_from([Back(), Help(), Start(), Restart(), Repeat()]),
    st.builds(Repeat, st.sampled_from(NOTICES)),
    st.builds(SetLanguage, st.sampled_from([*LANGUAGES, "fr", ""])),
    st.builds(RequestContact, st.text(max_size=200), st.none() | st.text(max_size=300)),
    st.builds(SharedContact, st.text(max_size=40)),
)


def onwards(conversation: Conversation, shown: tuple[Reply, ...]) -> st.SearchStrategy[Event]:
    """What moves the consultation on: a fitting answer typed, or a tap that is no detour."""
    question = QUESTIONS.get(conversation.state)
    kind = str(question.kind) if question else conversation.state
    if kind in MEANT:
        return st.builds(Text, st.sampled_from(MEANT[kind]))
    if conversation.state == "summary":
        return st.just(RequestContact("Muster GmbH", "Erika Muster"))
    forward = [
        Choose(o.value, r.question) for r in shown for o in buttons(r) if o.value not in SIDETRACKS
    ]
    # Hypothesis draws early entries more often: "done" first, so the checklist gets done.
    forward.sort(key=lambda choice: choice.value != DONE)
    return st.sampled_from(forward) if forward else st.just(Start())


def moves(conversation: Conversation, shown: tuple[Reply, ...]) -> st.SearchStrategy[Event]:
    """Mostly onwards, else any tap on what is shown, something typed, or anything at all."""
    visible = [Choose(o.value, r.question) for r in shown for o in buttons(r)]
    taps = st.sampled_from(visible) if visible else st.nothing()
    ahead = onwards(conversation, shown)
    return st.one_of(
        ahead, ahead, ahead, ahead, ahead, ahead, taps, st.builds(Text, typed), made_up
    )


def assert_fits(reply: Reply, language: str) -> None:
    for as_html in (False, True):
        body = render(reply, language, as_html=as_html)
        assert 0 < len(body) <= LIMIT, f"{len(body)} characters: {body[:200]!r}"
    for option in buttons(reply):
        assert label(option, language)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), language=st.sampled_from(LANGUAGES))
def test_any_sequence_of_moves_is_answered_with_messages_telegram_accepts(
    data: st.DataObject, language: str
) -> None:
    conversation = Conversation(language=language)
    shown: tuple[Reply, ...] = ()

    for _ in range(data.draw(st.integers(min_value=10, max_value=80), label="moves")):
        event = data.draw(moves(conversation, shown), label="move")

        outcome = step(conversation, event)

        # The PDF report and the contact flow's status information are sent by the adapter.
        answered = (
            outcome.replies
            or outcome.relay is not None
            or outcome.contact_requested
            or outcome.report_requested
        )
        assert answered, f"no answer to {event!r} in {conversation.state}"
        for reply in outcome.replies:
            assert_fits(reply, outcome.conversation.language)
        stored = json.loads(json.dumps(outcome.conversation.to_dict()))
        assert Conversation.from_dict(stored) == outcome.conversation
        conversation, shown = outcome.conversation, outcome.replies or shown
