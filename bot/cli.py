"""The `cyberbot` command: run the bot, chat in the terminal, draw the dialog, manage storage."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.cli_brokers import USAGE_ERROR
from bot.cli_brokers import register as register_broker_commands
from bot.config import Settings, SettingsError, load_settings
from bot.logs import configure_logging
from dialogs.render import text
from dialogs.replies import Msg
from dialogs.texts import LANGUAGES

Command = Callable[[argparse.Namespace, Settings], int]
log = logging.getLogger(__name__)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Telegram when a token is configured, otherwise the same consultation in the terminal."""
    if settings.token is None:
        print(text(Msg("terminal.telegram_hint"), settings.bot_language), file=sys.stderr)
        return _chat(args, settings)
    from telegram.error import InvalidToken, NetworkError

    from bot.app import run_bot

    require_database(settings)
    for gap in settings.default_broker_gaps():
        log.warning(gap)
    # An operator's first mistakes: a mistyped token, no route to the Bot API.
    try:
        return run_bot(settings)
    except InvalidToken:
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN: Telegram rejected it; expected the token @BotFather gave you"
        ) from None
    except NetworkError as error:
        raise SettingsError(
            f"TELEGRAM_BASE_URL: Cannot reach the Telegram Bot API at "
            f"{settings.telegram_base_url} ({error.message}); expected a reachable Bot API"
        ) from None


def require_database(settings: Settings) -> None:
    """Stop with one line when the database cannot be used (see `bot.storage.probe`)."""
    import asyncio

    from bot.storage.probe import probe

    asyncio.run(probe(settings.database_url))


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.terminal import chat

    return chat(settings, sys.stdin, sys.stdout, args.language)


def _diagram(args: argparse.Namespace, settings: Settings) -> int:
    from dialogs.flow import mermaid

    sys.stdout.write(mermaid())
    return 0


def _preview(args: argparse.Namespace, settings: Settings) -> int:
    from bot.preview import preview_html

    page = preview_html()
    if args.out:
        Path(args.out).write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.migrate import upgrade

    require_database(settings)
    upgrade(settings.database_url)
    print("database is up to date")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="cyberbot", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "run", help="run the bot (terminal chat when no token is set)"
    ).set_defaults(handler=_run, language=None)
    terminal = commands.add_parser("chat", help="run the consultation in this terminal")
    terminal.add_argument(
        "--language", choices=LANGUAGES, help="the language to start in (default: BOT_LANGUAGE)"
    )
    terminal.set_defaults(handler=_chat)
    commands.add_parser("diagram", help="print the dialog as a Mermaid diagram").set_defaults(
        handler=_diagram
    )
    preview = commands.add_parser(
        "preview", help="every question and a sample result as HTML, for proof-reading"
    )
    preview.add_argument("--out", metavar="FILE.html", help="write here, not to stdout")
    preview.set_defaults(handler=_preview)
    database = commands.add_parser("db", help="database maintenance")
    db_commands = database.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    db_commands.add_parser("upgrade", help="apply all migrations").set_defaults(handler=_db_upgrade)
    register_broker_commands(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; a misconfiguration is one line per setting on stderr and exit code 2."""
    args = parser().parse_args(argv)
    handler: Command = args.handler
    try:
        settings = load_settings()
        configure_logging(settings)
        return handler(args, settings)
    except SettingsError as error:
        for line in str(error).splitlines():
            print(f"cyberbot: {line}", file=sys.stderr)
        return USAGE_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
