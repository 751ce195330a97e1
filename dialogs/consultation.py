"""One move of the consultation: (conversation, event) → (new conversation, replies).

Pure and synchronous. The adapters feed it what the prospect did and render what it says.
"""

from __future__ import annotations

from dialogs.answers import display
from dialogs.contact import begin, contact_prompt, contact_step
from dialogs.conversation import CONTACT_STATES, HANDED_OFF, SUMMARY, Answer, Conversation
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
from dialogs.flow import next_state, path
from dialogs.inputs import excerpt
from dialogs.measures import CHECKLIST
from dialogs.outcome import Outcome
from dialogs.parsing import ParseError, parse_amount, parse_count, parse_months
from dialogs.questions import DONE, NO, QUESTIONS, UNKNOWN, UNSURE, YES, Kind, Question
from dialogs.replies import Lines, Msg, Option, Reply, ReplyKind
from dialogs.summary import REPORT, SUMMARY_PROMPT, action_options, summary_replies
from dialogs.texts import LANGUAGES
from dialogs.why import why_lines
from dialogs.words import means

RESUME_PROMPT = "resume"
CHANGE_PROMPT = "change"
KEEP = "keep"
NAVIGATION = ("back", "help")
# Refusals whose wording depends on what is asked (the limits differ for money, counts, months).
_KIND_SPECIFIC_ERRORS = ("too_large",)


class _Refusal(Exception):
    """An answer that cannot be taken; carries the message that explains why."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.key)
        self.message = message


def step(conversation: Conversation, event: Event) -> Outcome:
    """Apply what the prospect did and say what comes next."""
    match event:
        case Start():
            return _start(conversation)
        case RequestContact() if conversation.state == SUMMARY:
            return begin(conversation, event)
        case Choose(value=value, question=question) if (
            value == REPORT and question == SUMMARY_PROMPT and conversation.finished
        ):
            # The result's report stays available during the contact flow and after it.
            return Outcome(conversation, (), report_requested=True)
        case Restart():
            return _restart(conversation)
        case Repeat(notice=None):
            return Outcome(conversation, prompt(conversation))
        case Repeat(notice=str(notice)) if conversation.state == SUMMARY:
            return Outcome(conversation, (_actions_reply(Msg(notice)),))
        case Repeat(notice=str(notice)):
            return Outcome(conversation, prompt(conversation, (Msg(notice),)))
        case SetLanguage(language=language) if language in LANGUAGES:
            switched = conversation.model_copy(update={"language": language})
            return Outcome(switched, prompt(switched))
        case SetLanguage():
            return Outcome(conversation, prompt(conversation))
        case _ if conversation.state in (*CONTACT_STATES, HANDED_OFF):
            return contact_step(conversation, event)
        case RequestContact():
            return Outcome(conversation, prompt(conversation, (Msg("stale.button"),)))
        case SharedContact():
            return Outcome(conversation, prompt(conversation, (Msg("hint.not_now"),)))
        case Back():
            return _back(conversation)
        case Help():
            return _help(conversation)
        case Choose(value=value, question=question):
            return _choose(conversation, value, question)
        case Text(text=text):
            return _text(conversation, text)
    raise TypeError(f"unknown event {event!r}")


def prompt(conversation: Conversation, lead: tuple[Msg, ...] = ()) -> tuple[Reply, ...]:
    """What the prospect should see now: the current question, or the result."""
    if conversation.state in (*CONTACT_STATES, HANDED_OFF):
        return (contact_prompt(conversation, lead),)
    if conversation.state == SUMMARY:
        replies = summary_replies(conversation.answers)
        if lead:
            return (Reply(ReplyKind.INFO, lead), *replies)
        return replies
    return (_question_reply(conversation, lead),)


def _question_reply(
    conversation: Conversation,
    lead: tuple[Msg, ...] = (),
    *,
    kind: ReplyKind | None = None,
    edit: bool = False,
) -> Reply:
    question = QUESTIONS[conversation.state]
    route = path(conversation.answers)
    number = route.index(question.key) + 1 if question.key in route else len(route)
    progress = Msg("progress", {"n": number, "total": len(route)})
    navigation = [Option("help", Msg("nav.help"))]
    if conversation.history:
        navigation.insert(0, Option("back", Msg("nav.back")))
    default_kind = ReplyKind.CHECKLIST if question.kind is Kind.CHECKLIST else ReplyKind.QUESTION
    return Reply(
        kind=kind or default_kind,
        lines=(*lead, progress, Msg(question.text_key)),
        options=_options(question, conversation.answers),
        navigation=tuple(navigation),
        question=question.key,
        edit=edit,
    )


def _options(question: Question, answers: dict[str, Answer]) -> tuple[Option, ...]:
    if question.kind is Kind.CHECKLIST:
        chosen = answers.get(question.key)
        selected = set(chosen) if isinstance(chosen, list) else set()
        toggles = [Option(m, Msg(f"measure.{m}.label"), selected=m in selected) for m in CHECKLIST]
        return (*toggles, Option(DONE, Msg("opt.done")))
    options = [Option(value, _choice_label(question, value)) for value in question.choices]
    if question.takes_text and question.key in answers:
        answer = display(question.key, answers[question.key])
        options.insert(0, Option(KEEP, Msg("opt.keep", {"answer": answer})))
    return tuple(options)


def _choice_label(question: Question, value: str) -> Msg:
    if question.kind is Kind.MONTHS:
        return Msg("opt.months", {"n": int(value)})
    if value.isdigit():
        return Msg("opt.zero")
    return Msg(f"opt.{value}")


def _start(conversation: Conversation) -> Outcome:
    if conversation.is_fresh:
        return Outcome(conversation, prompt(conversation))
    ask = Reply(
        ReplyKind.CONFIRM,
        (Msg("resume.ask"),),
        options=(
            Option("continue", Msg("resume.continue")),
            Option("restart", Msg("resume.restart")),
        ),
        question=RESUME_PROMPT,
    )
    return Outcome(conversation, (ask,))


def _restart(conversation: Conversation) -> Outcome:
    fresh = Conversation(language=conversation.language)
    return Outcome(fresh, prompt(fresh, (Msg("restart.done"),)))


def _back(conversation: Conversation) -> Outcome:
    if not conversation.history:
        return Outcome(conversation, prompt(conversation, (Msg("back.at_start"),)))
    *history, previous = conversation.history
    # Walking back ends an edit: from here on every question is shown, with "keep" offered.
    moved = conversation.model_copy(
        update={"state": previous, "history": history, "editing": False}
    )
    return Outcome(moved, prompt(moved))


def _help(conversation: Conversation) -> Outcome:
    if conversation.state == SUMMARY:
        lines = Lines(tuple(Msg("why.line", {"line": line}) for line in why_lines()))
        why = Msg("why.intro", {"title": Msg("why.title"), "items": lines})
        info = Reply(
            ReplyKind.INFO,
            (why, Msg("help.summary")),
            options=action_options(),
            question=SUMMARY_PROMPT,
        )
        return Outcome(conversation, (info,))
    question = QUESTIONS[conversation.state]
    return Outcome(conversation, (_question_reply(conversation, (Msg(question.help_key),)),))


def _choose(conversation: Conversation, value: str, question: str | None) -> Outcome:
    if question == RESUME_PROMPT:
        if value == "restart":
            return _restart(conversation)
        return Outcome(conversation, prompt(conversation))
    if value in NAVIGATION and question in (None, conversation.state):
        return _back(conversation) if value == "back" else _help(conversation)
    if conversation.state == SUMMARY:
        return _choose_at_summary(conversation, value, question)
    if question is not None and question != conversation.state:
        return _stale(conversation)
    current = QUESTIONS[conversation.state]
    if current.kind is Kind.CHECKLIST and value in CHECKLIST:
        return _toggle(conversation, value)
    if value == KEEP and current.key in conversation.answers:
        return _accept(conversation, conversation.answers[current.key])
    if value not in current.choices:
        return _stale(conversation)
    return _accept(conversation, _choice_value(current, value, conversation.answers))


def _choice_value(question: Question, value: str, answers: dict[str, Answer]) -> Answer:
    if question.kind is Kind.YES_NO:
        return value == YES
    if question.kind is Kind.YES_NO_UNSURE:
        return value
    if question.kind is Kind.CHECKLIST:
        chosen = answers.get(question.key)
        return list(chosen) if isinstance(chosen, list) else []
    if value == UNKNOWN:
        return None
    return int(value)


def _choose_at_summary(conversation: Conversation, value: str, question: str | None) -> Outcome:
    if question == CHANGE_PROMPT and value in QUESTIONS and value in path(conversation.answers):
        route = path(conversation.answers)
        editing = conversation.model_copy(
            update={"state": value, "history": route[: route.index(value)], "editing": True}
        )
        return Outcome(editing, prompt(editing))
    if question == CHANGE_PROMPT and value == "cancel":
        return Outcome(conversation, (_actions_reply(Msg("summary.actions")),))
    if question not in (None, SUMMARY_PROMPT):
        return _stale(conversation)
    if value == "contact":
        return Outcome(conversation, (), contact_requested=True)
    if value == "change":
        return Outcome(conversation, (_change_menu(conversation),))
    if value == "restart":
        return _restart(conversation)
    return _stale(conversation)


def _actions_reply(message: Msg) -> Reply:
    return Reply(ReplyKind.INFO, (message,), options=action_options(), question=SUMMARY_PROMPT)


def _change_menu(conversation: Conversation) -> Reply:
    options = [
        Option(
            key,
            Msg(
                "change.option",
                {
                    "question": Msg(f"q.{key}.short"),
                    "answer": display(key, conversation.answers[key]),
                },
            ),
        )
        for key in path(conversation.answers)
        if key in conversation.answers
    ]
    options.append(Option("cancel", Msg("change.cancel")))
    return Reply(
        ReplyKind.CONFIRM, (Msg("change.ask"),), options=tuple(options), question=CHANGE_PROMPT
    )


def _stale(conversation: Conversation) -> Outcome:
    return Outcome(conversation, prompt(conversation, (Msg("stale.button"),)))


def _toggle(conversation: Conversation, measure: str) -> Outcome:
    chosen = conversation.answers.get("measures")
    selected = set(chosen) if isinstance(chosen, list) else set()
    selected ^= {measure}
    ordered = [m for m in CHECKLIST if m in selected]
    updated = conversation.model_copy(
        update={"answers": {**conversation.answers, "measures": ordered}}
    )
    return Outcome(updated, (_question_reply(updated, edit=True),))


def _text(conversation: Conversation, text: str) -> Outcome:
    for word in NAVIGATION:
        if means(text, word):
            return _choose(conversation, word, None)
    if conversation.state == SUMMARY:
        return Outcome(conversation, (_actions_reply(Msg("summary.use_buttons")),))
    question = QUESTIONS[conversation.state]
    try:
        value = _parse(question, text, conversation.answers)
    except _Refusal as refusal:
        reply = _question_reply(
            conversation, (refusal.message, Msg(f"expect.{question.kind}")), kind=ReplyKind.ERROR
        )
        return Outcome(conversation, (reply,))
    return _accept(conversation, value, _noted(question, value))


def _noted(question: Question, value: Answer) -> tuple[Msg, ...]:
    """A typed number as understood (``80.5`` → „81 € notiert“), so a typo shows at once."""
    if not isinstance(value, int) or isinstance(value, bool):
        return ()
    if question.kind is Kind.MONTHS:
        return (Msg("noted.month" if value == 1 else "noted.months", {"n": value}),)
    return (Msg("noted.answer", {"answer": display(question.key, value)}),)


def _parse(question: Question, text: str, answers: dict[str, Answer]) -> Answer:
    """The typed answer as a value, or a refusal saying what was understood."""
    if question.kind is Kind.CHECKLIST:
        if means(text, DONE):
            return _choice_value(question, DONE, answers)
        raise _Refusal(Msg("error.use_buttons"))
    if not text.strip():
        raise _Refusal(Msg("error.empty"))
    if question.kind in (Kind.YES_NO, Kind.YES_NO_UNSURE):
        allowed = (YES, NO, UNSURE) if question.kind is Kind.YES_NO_UNSURE else (YES, NO)
        for choice in allowed:
            if means(text, choice):
                return _choice_value(question, choice, answers)
        raise _Refusal(Msg("error.not_a_choice", {"text": excerpt(text)}))
    if question.kind is Kind.AMOUNT_OR_UNKNOWN and means(text, UNKNOWN):
        return None
    parser = {Kind.COUNT: parse_count, Kind.MONTHS: parse_months}.get(question.kind, parse_amount)
    try:
        return parser(text)
    except ParseError as error:
        values: dict[str, object] = {"text": excerpt(text)}
        if error.value is not None:
            values["value"] = error.value
        key = f"error.{error.code}"
        if error.code in _KIND_SPECIFIC_ERRORS:
            key = f"{key}.{question.kind}"
        raise _Refusal(Msg(key, values)) from error


def _accept(conversation: Conversation, value: Answer, lead: tuple[Msg, ...] = ()) -> Outcome:
    """Store the answer and move on; when editing, skip what is already answered.

    `lead` opens the next message (the typed number as understood).
    """
    key = conversation.state
    answers = {**conversation.answers, key: value}
    history = [*conversation.history, key]
    state = next_state(key, answers)
    if conversation.editing:
        while state != SUMMARY and state in answers:
            history.append(state)
            state = next_state(state, answers)
    moved = conversation.model_copy(
        update={
            "state": state,
            "answers": answers,
            "history": history,
            "editing": conversation.editing and state != SUMMARY,
        }
    )
    return Outcome(moved, prompt(moved, lead))
