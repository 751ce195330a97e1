"""The contact flow after the result: name, phone or e-mail, a preferred time, consent.

Contact data is taken only after the prospect asked for it and the broker's status
information went out; nothing reaches the broker before the explicit consent.
"""

from __future__ import annotations

from dialogs.contact_details import ContactError, parse_name, parse_reach, parse_time
from dialogs.conversation import CONTACT_STATES, HANDED_OFF, SUMMARY, Conversation
from dialogs.events import Back, Choose, Event, Help, RequestContact, SharedContact, Text
from dialogs.flow import next_state
from dialogs.outcome import Outcome
from dialogs.replies import Msg, Option, Reply, ReplyKind
from dialogs.summary import SUMMARY_PROMPT, action_options

SUGGESTED, SKIP, CONSENT, DECLINE = "suggested", "skip", "consent", "decline"
STATUS_INFO_SENT_AT = "status_info_sent_at"
TIMES: tuple[str, ...] = ("morning", "afternoon", "any")
_NAVIGATION = (Option("back", Msg("nav.back")),)


def begin(conversation: Conversation, event: RequestContact) -> Outcome:
    """From the result into the contact flow; the adapter sends the status information first."""
    contact = {"broker": event.broker}
    if event.status_info_sent_at is not None:
        contact[STATUS_INFO_SENT_AT] = event.status_info_sent_at.isoformat()
    if event.profile_name and event.profile_name.strip():
        contact["suggested_name"] = event.profile_name.strip()[:100]
    moved = conversation.model_copy(
        update={
            "state": CONTACT_STATES[0],
            "contact": contact,
            "history": [*conversation.history, SUMMARY],
        }
    )
    return Outcome(moved, (contact_prompt(moved),), contact_requested=True)


def contact_prompt(conversation: Conversation, lead: tuple[Msg, ...] = ()) -> Reply:
    """The current contact question (or, after the handoff, what happens next)."""
    contact = conversation.contact
    broker = contact.get("broker", "")
    match conversation.state:
        case "contact_name":
            options: tuple[Option, ...] = ()
            if "suggested_name" in contact:
                name = contact["suggested_name"]
                options = (Option(SUGGESTED, Msg("contact.name.use", {"name": name})),)
            return _ask(conversation, (*lead, Msg("contact.name.ask")), options)
        case "contact_reach":
            return _ask(conversation, (*lead, Msg("contact.reach.ask")), (), request_contact=True)
        case "contact_time":
            options = (
                *(Option(t, Msg(f"contact.time.{t}")) for t in TIMES),
                Option(SKIP, Msg("contact.time.skip")),
            )
            return _ask(conversation, (*lead, Msg("contact.time.ask")), options)
        case "contact_consent":
            reach = contact.get("phone") or contact.get("email", "")
            values = {"broker": broker, "name": contact.get("name", ""), "reach": reach}
            options = (
                Option(CONSENT, Msg("contact.consent.yes", {"broker": broker})),
                Option(DECLINE, Msg("contact.consent.no")),
            )
            return _ask(conversation, (*lead, Msg("contact.consent.ask", values)), options)
    return Reply(ReplyKind.INFO, (*lead, Msg("handed_off.info", {"broker": broker})))


def _ask(
    conversation: Conversation,
    lines: tuple[Msg, ...],
    options: tuple[Option, ...],
    *,
    request_contact: bool = False,
) -> Reply:
    return Reply(
        ReplyKind.CONTACT,
        lines,
        options=options,
        navigation=_NAVIGATION,
        question=conversation.state,
        request_contact=request_contact,
    )


def contact_step(conversation: Conversation, event: Event) -> Outcome:
    """One move inside the contact flow or after the handoff."""
    if conversation.state == HANDED_OFF:
        return _after_handoff(conversation, event)
    match event:
        case Back() | Choose(value="back"):
            return _back(conversation)
        case Help() | Choose(value="help"):
            return _repeat(conversation, Msg(f"contact.help.{conversation.state}"))
        case Choose(value=value, question=question) if question in (None, conversation.state):
            return _choose(conversation, value)
        case Choose():
            return _repeat(conversation, Msg("stale.button"))
        case SharedContact(phone=phone) if conversation.state == "contact_reach":
            return _advance(conversation, phone=phone)
        case Text(text=text):
            return _typed(conversation, text)
    return _repeat(conversation, Msg("error.use_buttons"))


def _after_handoff(conversation: Conversation, event: Event) -> Outcome:
    if isinstance(event, Text) and event.text.strip():
        return Outcome(conversation, (), relay=event.text.strip())
    return Outcome(conversation, (contact_prompt(conversation),))


def _repeat(conversation: Conversation, notice: Msg) -> Outcome:
    return Outcome(conversation, (contact_prompt(conversation, (notice,)),))


def _back(conversation: Conversation) -> Outcome:
    *history, previous = conversation.history
    if previous == SUMMARY:
        return _to_summary(conversation, Msg("summary.actions"))
    moved = conversation.model_copy(update={"state": previous, "history": history})
    return Outcome(moved, (contact_prompt(moved),))


def _choose(conversation: Conversation, value: str) -> Outcome:
    state, contact = conversation.state, conversation.contact
    if state == "contact_name" and value == SUGGESTED and "suggested_name" in contact:
        return _advance(conversation, name=contact["suggested_name"])
    if state == "contact_time" and value == SKIP:
        return _advance(conversation)
    if state == "contact_time" and value in TIMES:
        return _advance(conversation, time=value)
    if state == "contact_consent" and value == CONSENT:
        moved = _moved(conversation, {})
        thanks = Msg("contact.thanks", {"broker": contact.get("broker", "")})
        return Outcome(moved, (Reply(ReplyKind.INFO, (thanks,)),), handoff=True)
    if state == "contact_consent" and value == DECLINE:
        return _to_summary(conversation, Msg("contact.declined"))
    return _repeat(conversation, Msg("stale.button"))


def _to_summary(conversation: Conversation, message: Msg) -> Outcome:
    """Leave the contact flow: its data is dropped, the result's actions offered again."""
    history = conversation.history
    back = history[: history.index(SUMMARY)] if SUMMARY in history else history
    moved = conversation.model_copy(update={"state": SUMMARY, "contact": {}, "history": back})
    reply = Reply(ReplyKind.INFO, (message,), options=action_options(), question=SUMMARY_PROMPT)
    return Outcome(moved, (reply,))


def _typed(conversation: Conversation, text: str) -> Outcome:
    state = conversation.state
    try:
        if state == "contact_name":
            return _advance(conversation, name=parse_name(text))
        if state == "contact_reach":
            reach = parse_reach(text)
            if reach.email:
                return _advance(conversation, email=reach.email)
            return _advance(conversation, phone=reach.phone or "")
        if state == "contact_time":
            return _advance(conversation, time=parse_time(text))
    except ContactError as error:
        return _repeat(conversation, Msg(f"contact.error.{error.code}"))
    return _repeat(conversation, Msg("error.use_buttons"))


def _moved(conversation: Conversation, details: dict[str, str]) -> Conversation:
    """On to the next contact state; a phone number replaces an e-mail address and vice versa."""
    contact = {**conversation.contact, **details}
    for given, other in (("phone", "email"), ("email", "phone")):
        if given in details:
            contact.pop(other, None)
    return conversation.model_copy(
        update={
            "state": next_state(conversation.state, {}),
            "contact": contact,
            "history": [*conversation.history, conversation.state],
        }
    )


def _advance(conversation: Conversation, **details: str) -> Outcome:
    moved = _moved(conversation, details)
    return Outcome(moved, (contact_prompt(moved),))
