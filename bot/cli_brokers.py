"""`cyberbot brokers|link|leads|stats`: the broker's side of the bot, from the operator's shell.

Every command migrates the database first, so it works on a fresh install, and reports a
failure as one line on stderr with a non-zero exit code. Storage, Telegram and QR code
libraries are imported inside the commands, so `cyberbot chat` starts as fast as before.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from dialogs.texts import COUNTRIES, DEFAULT_COUNTRY

if TYPE_CHECKING:
    from bot.storage.brokers import BrokerInfo, BrokerStore
    from bot.storage.database import Database

Action = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]

BROKER_NAME_MAX = 200
USAGE_ERROR = 2


class CliError(Exception):
    """A failure the operator can fix; its message is the whole report."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _guarded(action: Action) -> Callable[[argparse.Namespace, Settings], int]:
    """Run an async command; expected failures become one line on stderr, not a traceback."""

    def handler(args: argparse.Namespace, settings: Settings) -> int:
        # The migration every command runs first is housekeeping: its INFO lines would bury
        # the command's own output.
        from alembic.util import CommandError
        from sqlalchemy.exc import SQLAlchemyError
        from telegram.error import TelegramError

        try:
            return asyncio.run(action(args, settings))
        except CliError as error:
            print(f"cyberbot: {error}", file=sys.stderr)
            return error.exit_code
        except (ValueError, OSError, SQLAlchemyError, TelegramError, CommandError) as error:
            print(f"cyberbot: {_first_line(error)}", file=sys.stderr)
            return 1

    return handler


def _first_line(error: Exception) -> str:
    """Database errors carry the SQL and a link on further lines; the first one says it."""
    return next(iter(str(error).splitlines()), "") or type(error).__name__


@asynccontextmanager
async def _database(settings: Settings) -> AsyncIterator[Database]:
    """The migrated database, disposed of when the command is done."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage.database import Database
    from bot.storage.migrate import upgrade_async
    from bot.storage.probe import probe

    await probe(settings.database_url)
    try:
        await upgrade_async(settings.database_url)
    except (OSError, SQLAlchemyError) as error:
        raise CliError(f"cannot open the database (DATABASE_URL): {_first_line(error)}") from error
    db = Database.connect(settings.database_url)
    try:
        yield db
    finally:
        await db.dispose()


def _store(db: Database, settings: Settings) -> BrokerStore:
    from bot.storage.brokers import BrokerStore, default_broker

    return BrokerStore(db, default_broker(settings))


def _status_info(path: Path) -> str:
    try:
        content = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError as error:
        raise CliError(f"{path} is not UTF-8 text") from error
    if not content:
        raise CliError(f"{path} is empty: the status information is required text")
    return content


async def _brokers_add(args: argparse.Namespace, settings: Settings) -> int:
    """Options left out keep their stored values, so updating a name keeps the status info."""
    from bot.storage.brokers import broker_code

    try:
        code = broker_code(args.code)
    except ValueError as error:
        raise CliError(str(error), USAGE_ERROR) from error
    name = args.name.strip() if args.name is not None else None
    if name is not None and not 0 < len(name) <= BROKER_NAME_MAX:
        raise CliError(f"a broker name is 1 to {BROKER_NAME_MAX} characters", USAGE_ERROR)
    status_info = _status_info(args.status_info) if args.status_info else None
    async with _database(settings) as db:
        store = _store(db, settings)
        existing = await store.get(code)
        name = name or (existing.name if existing else None)
        staff_chat = args.staff_chat if args.staff_chat is not None else _chat_of(existing)
        if name is None or staff_chat is None:
            raise CliError(f"{code!r} is a new broker: give --name and --staff-chat", USAGE_ERROR)
        contact = args.contact if args.contact is not None else _contact_of(existing)
        status_info = status_info or (existing.status_info if existing else None)
        country = args.country or (existing.country if existing else DEFAULT_COUNTRY)
        broker = await store.add(code, name, staff_chat, contact, status_info, country)
    verb = "updated" if existing else "added"
    print(
        f"broker {broker.code} {verb}: {broker.name}, staff chat {broker.staff_chat_id}, "
        f"country {broker.country}"
    )
    if staff_chat > 0:
        print(
            f"warning: --staff-chat {staff_chat} is a person's chat, not a group (group ids are "
            "negative, e.g. -1001234567890): leads would reach only that person",
            file=sys.stderr,
        )
    if broker.status_info is None:
        print(
            f"warning: broker {broker.code} has no status information (--status-info FILE); "
            "it must reach a prospect before they leave contact details",
            file=sys.stderr,
        )
    return 0


def _chat_of(existing: BrokerInfo | None) -> int | None:
    return existing.staff_chat_id if existing else None


def _contact_of(existing: BrokerInfo | None) -> str | None:
    return (existing.contact or None) if existing else None


def _yes(value: str | None) -> str:
    return "yes" if value else "no"


async def _brokers_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.handoff.stats import plain_table

    async with _database(settings) as db:
        brokers = await _store(db, settings).all()
    if brokers:
        header = ["Code", "Name", "Staff chat", "Country", "Status info", "Contact"]
        rows = [
            [b.code or "", b.name, str(b.staff_chat_id), b.country, _yes(b.status_info), b.contact]
            for b in brokers
        ]
        print(plain_table([header, *rows], left={0, 1, 3, 4, 5}))
    else:
        print("no brokers registered")
    staff_chat = settings.staff_chat_id if settings.staff_chat_id is not None else "not set"
    print(
        f"default broker (links without a registered code): {_default_name(settings)}, "
        f"staff chat {staff_chat}, country {settings.broker_country}"
    )
    return 0


async def _brokers_remove(args: argparse.Namespace, settings: Settings) -> int:
    async with _database(settings) as db:
        removed = await _store(db, settings).remove(args.code)
    if not removed:
        raise CliError(f"no broker with code {args.code!r}")
    print(f"broker {args.code} removed; its links now go to the default broker")
    return 0


async def _bot_username(settings: Settings) -> str:
    """BOT_USERNAME, or the bot's own answer to getMe when only the token is configured."""
    if settings.bot_username:
        return settings.bot_username
    if settings.token is None:
        raise CliError(
            "the bot's username is unknown: set BOT_USERNAME (or TELEGRAM_BOT_TOKEN)", USAGE_ERROR
        )
    from telegram import Bot
    from telegram.error import TelegramError

    try:
        async with Bot(settings.token, base_url=settings.telegram_base_url) as bot:
            return bot.username
    except TelegramError as error:
        raise CliError(
            f"could not ask Telegram for the bot's username ({error}): set BOT_USERNAME"
        ) from error


async def _link(args: argparse.Namespace, settings: Settings) -> int:
    """A broker's link, or without a code the default broker's; the QR code as PNG or SVG."""
    from bot.handoff.links import qr_png, qr_svg, start_link

    writers = {".png": qr_png, ".svg": qr_svg}
    if args.qr is not None and args.qr.suffix.lower() not in writers:
        raise CliError(f"--qr writes a .png or .svg file, not {args.qr.name!r}", USAGE_ERROR)
    username = await _bot_username(settings)
    try:
        url = start_link(username, args.code, args.campaign)
    except ValueError as error:
        raise CliError(str(error), USAGE_ERROR) from error
    if args.code is not None:
        async with _database(settings) as db:
            broker = await _store(db, settings).get(args.code)
        if broker is None:
            print(
                f"warning: {args.code!r} is not a registered broker; this link goes to the "
                f"default broker ({_default_name(settings)}) until you run "
                "'cyberbot brokers add'",
                file=sys.stderr,
            )
    print(url)
    if args.qr is not None:
        args.qr.write_bytes(writers[args.qr.suffix.lower()](url))
        print(f"QR code written to {args.qr}", file=sys.stderr)
    return 0


def _default_name(settings: Settings) -> str:
    return settings.broker_name or "BROKER_NAME not set"


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-01-31") from None


def _start_of_day(day: date, zone: str) -> datetime:
    """Midnight of `day` where the broker is (TIMEZONE), in UTC as the leads are stored."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        local = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise CliError(f"unknown TIMEZONE {zone!r}") from error
    return datetime.combine(day, time(), tzinfo=local).astimezone(UTC)


async def _leads_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.handoff.export import DEFAULT, to_csv, to_json
    from bot.storage.leads import leads_since

    if args.dialect != DEFAULT and args.format != "csv":
        raise CliError("--dialect applies to --format csv only", USAGE_ERROR)
    since = _start_of_day(args.since, settings.timezone) if args.since else None
    async with _database(settings) as db, db.session() as session:
        leads = await leads_since(session, since)
    language = settings.bot_language
    if args.format == "csv":
        content = to_csv(leads, language, dialect=args.dialect, zone=settings.timezone)
    else:
        content = to_json(leads, language)
    if args.out is None:
        sys.stdout.write(content)
        return 0
    # A byte order mark lets Excel read the umlauts of a CSV file correctly (excel-de
    # content starts with one already).
    with_bom = args.format == "csv" and args.dialect == DEFAULT
    encoding = "utf-8-sig" if with_bom else "utf-8"
    with args.out.open("w", encoding=encoding, newline="") as out:
        out.write(content)
    print(f"{len(leads)} leads written to {args.out}", file=sys.stderr)
    return 0


async def _leads_report(args: argparse.Namespace, settings: Settings) -> int:
    """A lead's PDF report, as the prospect's answers stood at their consent."""
    from zoneinfo import ZoneInfo

    from bot.report import ErasedLead, build_report, report_input_of_lead
    from bot.storage.leads import LeadRecord, get_lead

    async with _database(settings) as db:
        async with db.session() as session:
            row = await get_lead(session, args.number)
            lead = LeadRecord.of(row) if row is not None else None
        if lead is None:
            raise CliError(f"no lead #{args.number}")
        broker = await _store(db, settings).resolve(lead.broker_code)
    # A broker removed since keeps its name on the lead; its contact line is gone.
    contact = broker.contact if broker.code == lead.broker_code else ""
    today = datetime.now(ZoneInfo(settings.timezone)).date()
    try:
        source = report_input_of_lead(lead, contact, today, settings.timezone)
    except ErasedLead as error:
        raise CliError(str(error)) from error
    report = build_report(source)
    out: Path = args.out or Path(report.filename)
    out.write_bytes(report.content)
    print(f"report for lead #{lead.id} written to {out}", file=sys.stderr)
    return 0


async def _stats(args: argparse.Namespace, settings: Settings) -> int:
    from bot.handoff.stats import format_stats
    from bot.storage.leads import funnel_counts

    async with _database(settings) as db:
        brokers = await _store(db, settings).all()
        async with db.session() as session:
            counts = await funnel_counts(session)
    names: dict[str | None, str] = {None: settings.broker_name}
    names.update((b.code, b.name) for b in brokers)
    print(format_stats(counts, names))
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `brokers`, `link`, `leads` and `stats` to the `cyberbot` command."""
    brokers = commands.add_parser("brokers", help="the brokers whose links bring prospects")
    broker_commands = brokers.add_subparsers(
        dest="brokers_command", required=True, metavar="COMMAND"
    )
    add = broker_commands.add_parser(
        "add", help="add a broker, or update it (options left out keep their values)"
    )
    add.add_argument(
        "--code",
        required=True,
        help="the code in the broker's links: letters a-z (no umlauts), digits, _; any case",
    )
    add.add_argument("--name", help="the broker's name (needed for a new broker)")
    add.add_argument(
        "--staff-chat",
        type=int,
        metavar="ID",
        help="chat id of the staff group, negative (needed for a new broker)",
    )
    add.add_argument("--contact", metavar="TEXT", help="phone, e-mail, web, as one line")
    add.add_argument(
        "--status-info",
        type=Path,
        metavar="FILE",
        help="UTF-8 text file with the status information (Erstinformation, § 15 VersVermV)",
    )
    add.add_argument(
        "--country",
        type=str.upper,
        choices=COUNTRIES,
        help=f"the broker's country: money and dates in its format (new: {DEFAULT_COUNTRY})",
    )
    add.set_defaults(handler=_guarded(_brokers_add))
    broker_commands.add_parser("list", help="list the brokers").set_defaults(
        handler=_guarded(_brokers_list)
    )
    remove = broker_commands.add_parser("remove", help="remove a broker (its leads stay)")
    remove.add_argument("code")
    remove.set_defaults(handler=_guarded(_brokers_remove))

    link = commands.add_parser("link", help="print a broker's start link, optionally a QR code")
    link.add_argument(
        "code", nargs="?", help="a broker's code; left out, the default broker's link"
    )
    link.add_argument("--campaign", help="tells this link's prospects apart in the statistics")
    link.add_argument(
        "--qr", type=Path, metavar="FILE.png|FILE.svg", help="also write a QR code (PNG or SVG)"
    )
    link.set_defaults(handler=_guarded(_link))

    leads = commands.add_parser("leads", help="the leads handed to brokers")
    lead_commands = leads.add_subparsers(dest="leads_command", required=True, metavar="COMMAND")
    export = lead_commands.add_parser("export", help="export leads for a CRM or spreadsheet")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument(
        "--dialect",
        choices=("default", "excel-de"),
        default="default",
        help="excel-de: semicolons, local time and German headers, for a double-click in Excel",
    )
    export.add_argument(
        "--since", type=_day, metavar="YYYY-MM-DD", help="only leads from this day on"
    )
    export.add_argument("--out", type=Path, metavar="FILE", help="write here, not to stdout")
    export.set_defaults(handler=_guarded(_leads_export))
    report = lead_commands.add_parser("report", help="a lead's result report as a PDF")
    report.add_argument("number", type=int, help="the lead's number (#… on its card)")
    report.add_argument(
        "--out", type=Path, metavar="FILE.pdf", help="write here (default: the report's name)"
    )
    report.set_defaults(handler=_guarded(_leads_report))

    commands.add_parser("stats", help="the funnel per broker and campaign").set_defaults(
        handler=_guarded(_stats)
    )
