"""`cyberbot preview`: every question and a sample result as one HTML page, for proof-reading.

A broker (or a translator) reads what prospects will see, in both languages, without
running a bot: the same replies and the same renderer as in Telegram.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from dialogs.consultation import prompt, step
from dialogs.conversation import SUMMARY, Conversation
from dialogs.events import Text
from dialogs.flow import path
from dialogs.render import label, render
from dialogs.replies import Reply
from dialogs.texts import LANGUAGES

# The worked example from the design, typed as a prospect would.
SAMPLE_ANSWERS: tuple[str, ...] = (
    "80.000",
    "ja",
    "25.000",
    "ja",
    "30.000",
    "10.000",
    "1",
    "5.000",
    "nein",
    "2.000",
    "300",
    "weiß nicht",
    "fertig",
    "nein",
)

_PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Cyber-Deckungsbot – Vorschau</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #e7ebf0; margin: 2em; }}
section {{ display: inline-block; vertical-align: top; width: 26em; margin: 0 1em; }}
.bubble {{ background: #fff; border-radius: .8em; padding: .8em 1em; margin: .8em 0;
  white-space: pre-wrap; box-shadow: 0 1px 2px #0002; }}
.buttons span {{ display: inline-block; background: #f4f8fb; border: 1px solid #c5d3e0;
  border-radius: .4em; padding: .2em .6em; margin: .15em; font-size: .9em; }}
pre {{ font-size: .85em; }}
</style></head><body>{sections}</body></html>
"""


def _bubble(reply: Reply, language: str) -> str:
    buttons = "".join(
        f"<span>{html.escape(label(option, language))}</span>"
        for option in (*reply.options, *reply.navigation)
    )
    body = render(reply, language, as_html=True)
    return f'<div class="bubble">{body}<div class="buttons">{buttons}</div></div>'


def sample_replies() -> Iterator[Reply]:
    """Every question of the longest path, then the result of the worked example."""
    conversation = Conversation()
    for answer in SAMPLE_ANSWERS:
        yield from prompt(conversation)
        conversation = step(conversation, Text(answer)).conversation
    assert conversation.state == SUMMARY, path(conversation.answers)
    yield from prompt(conversation)


def preview_html() -> str:
    sections = []
    for language in LANGUAGES:
        bubbles = "".join(_bubble(reply, language) for reply in sample_replies())
        sections.append(f"<section><h2>{language}</h2>{bubbles}</section>")
    return _PAGE.format(sections="".join(sections))
