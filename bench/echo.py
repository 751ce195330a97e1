"""The baseline: the cheapest bot PTB can run, replaying the updates the consultation got.

This module imports nothing of the consultation bot, so the echo process's peak RSS is
PTB's own.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bench.harness import AnyApplication, Conversation, Cue, check, play, processed, running
from bench.measurement import Measurement
from bench.offline_request import TOKEN, OfflineRequest, OfflineTelegram


def echo_bot(telegram: OfflineTelegram) -> AnyApplication:
    """Texts are sent back, button presses acknowledged; nothing else."""
    request = OfflineRequest(telegram)
    application: AnyApplication = (
        Application.builder().token(TOKEN).request(request).get_updates_request(request).build()
    )
    application.add_handlers(
        [MessageHandler(filters.TEXT, _echo), CallbackQueryHandler(_acknowledge)]
    )
    return application


async def run(args: argparse.Namespace, cue: Cue) -> Measurement:
    """Replay `args.replay` (one conversation per JSON line), `args.concurrency` chats at once.

    Its first `args.warm_up` conversations are played once untimed first, as the bot's are.
    """
    telegram = OfflineTelegram()
    application = echo_bot(telegram)
    replay = Path(args.replay)
    with replay.open(encoding="utf-8") as first, replay.open(encoding="utf-8") as lines:
        warm_up = (json.loads(line) for line in islice(first, args.warm_up))
        conversations: Iterator[Conversation] = (json.loads(line) for line in lines)
        async with running(application) as errors:
            timings = await play(
                processed(application), telegram, warm_up, conversations, args.concurrency, cue
            )
    check(errors, telegram)
    return Measurement.of(timings, dict(telegram.calls))


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await context.bot.send_message(message.chat_id, message.text)


async def _acknowledge(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()
