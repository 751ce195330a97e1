"""`make bench`: the consultation bot against a peer that does the same job the way PTB's own
examples teach it, on SQLite and on PostgreSQL, at 8 chats in flight and at 1.

A round (what `make bench` runs, five times by default) is, at 8 chats in flight and then
at 1: the bot on a new SQLite file, the peer (`bench.peer`) on its sqlite3 file, the bot on
a new PostgreSQL schema, and at 8 chats also the bot in 2 worker processes on PostgreSQL.
The first bot run records the updates it got; the peer replays them (the same prospects,
typing and tapping the same way), and each prospect's result in the peer is checked against
the bot's. After the rounds, the bare echo bot replays them once, as a floor. Figures are
medians over the rounds; ratios are taken bot against the peer of the same round.

`--single` measures one setup (`--database-url`, `--workers`, `--concurrency`) the same way.
Every worker is a process of its own (see `bench.worker`), started together with the others
of its run (see `bench.fleet`).
"""

from __future__ import annotations

import argparse
import pstats
import sys
import tempfile
from pathlib import Path

from bench.databases import POSTGRES_URL, is_postgres, probe, scratch_database
from bench.harness import BenchFailure
from bench.measurement import Measurement
from bench.report import (
    POSTGRES,
    SQLITE,
    Comparison,
    Round,
    Setup,
    budget_lines,
    budgets,
    cpu_ms,
    final_line,
    ratios,
    table,
)
from bench.runs import Load, consultations, echoes, peer, replay

PROFILE_LINES = 30
# Five rounds of about a minute: a round disturbed by someone else on the machine moves the
# medians little, and `make bench` stays within about five minutes on 2 cores.
ROUNDS = 5
COMPARED_PROSPECTS = 160
# At one chat in flight: fewer consultations (each update waits for the one before), still a
# p99 over more than a thousand updates.
ALONE_PROSPECTS = 80
SINGLE_PROSPECTS = 1000
# Chats in flight per worker. Each chat sends its next update as soon as the bot answered the
# last one, so this is a load test: real prospects think for seconds between their answers.
CONCURRENCY = 8


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--single",
        action="store_true",
        help="one setup: the bot on --database-url with --workers, against the peer",
    )
    parser.add_argument(
        "--rounds",
        type=_positive,
        help=f"rounds of bot and peer runs, interleaved (default: {ROUNDS}, with --single 1)",
    )
    parser.add_argument(
        "--prospects",
        type=_positive,
        help=f"consultations per run (default: {COMPARED_PROSPECTS:,}, at one chat in flight "
        f"{ALONE_PROSPECTS:,}; with --single {SINGLE_PROSPECTS:,})",
    )
    parser.add_argument(
        "--workers",
        type=_positive,
        help="bot worker processes on one database (default: 1; in the comparison, the "
        "PostgreSQL runs set against 1 worker: 2)",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive,
        default=CONCURRENCY,
        help="chats in flight in each worker (default: %(default)s; the comparison also "
        "runs everything at 1)",
    )
    parser.add_argument(
        "--database-url",
        help="with --single: SQLite or PostgreSQL (a new schema, dropped after), default a new "
        f"SQLite file; in the comparison: the PostgreSQL server (default: {POSTGRES_URL})",
    )
    parser.add_argument("--bot-only", action="store_true", help="skip the peer and the echo bot")
    parser.add_argument(
        "--profile", help="with --single: write the first round's cProfile stats to this file"
    )
    args = parser.parse_args(argv)
    if not args.single:
        if args.profile:
            parser.error("--profile needs --single")
        if args.database_url and not is_postgres(args.database_url):
            parser.error("the comparison needs a PostgreSQL --database-url")
        if args.workers == 1:
            parser.error("the comparison sets 1 worker against --workers: give at least 2")
    return args


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def single(args: argparse.Namespace) -> int:
    """One setup, `--rounds` times against the peer; the echo bot once over the same updates."""
    load = Load(args.prospects or SINGLE_PROSPECTS, args.concurrency)
    workers = args.workers or 1
    count = args.rounds or 1
    rounds = []
    with tempfile.TemporaryDirectory(prefix="cyberbot-bench-") as directory:
        scratch = Path(directory)
        replayed: Path | None = None
        for number in range(1, count + 1):
            print(f"round {number}/{count}, {_in_flight(load, workers)}:")
            record = not args.bot_only and replayed is None
            profile = args.profile if number == 1 else None
            setup, bot = _bot(args.database_url, load, workers, scratch, record, profile)
            if record:
                replayed = replay(scratch, workers)
            rival = None if replayed is None else _peer(replayed, load, scratch)
            rounds.append(Round(load.concurrency, {setup: bot}, rival))
        echo = None if replayed is None else _echo(replayed, load)
    if args.profile:
        stats = pstats.Stats(args.profile).sort_stats(pstats.SortKey.TIME)
        stats.print_stats(PROFILE_LINES)
    _print(Comparison(tuple(rounds), echo, load.concurrency))
    return 0


def compare(args: argparse.Namespace) -> int:
    """Rounds of bot (SQLite), peer, bot (PostgreSQL, 1 and more workers) at K chats, then 1."""
    crowded = Load(args.prospects or COMPARED_PROSPECTS, args.concurrency)
    loads = [crowded]
    if crowded.concurrency > 1:
        loads.append(Load(min(crowded.prospects, ALONE_PROSPECTS), 1))
    workers = args.workers or 2
    count = args.rounds or ROUNDS
    postgres_url = args.database_url or POSTGRES_URL
    probe(postgres_url)
    rounds = []
    with tempfile.TemporaryDirectory(prefix="cyberbot-bench-") as directory:
        scratch = Path(directory)
        replayed: Path | None = None
        for number in range(1, count + 1):
            for load in loads:
                print(f"round {number}/{count}, {_in_flight(load, 1)}:")
                record = not args.bot_only and replayed is None
                bots = dict([_bot(None, load, 1, scratch, record)])
                if record:
                    replayed = replay(scratch, 1)
                rival = None if replayed is None else _peer(replayed, load, scratch)
                bots.update([_bot(postgres_url, load, 1, scratch)])
                if load is crowded:
                    bots.update([_bot(postgres_url, load, workers, scratch)])
                rounds.append(Round(load.concurrency, bots, rival))
        echo = None if replayed is None else _echo(replayed, crowded)
    _print(Comparison(tuple(rounds), echo, crowded.concurrency))
    return 0


def _bot(
    url: str | None,
    load: Load,
    workers: int,
    scratch: Path,
    record: bool = False,
    profile: str | None = None,
) -> tuple[Setup, Measurement]:
    """The bot on a new database (`url`'s server, or an SQLite file); with `record`, the
    updates it got are kept in `scratch` for `replay`."""
    with scratch_database(url, scratch) as target:
        record_in = scratch if record else None
        run = consultations(target, load, workers, record_in=record_in, profile=profile)
    setup = Setup(POSTGRES if target.name == POSTGRES else SQLITE, workers)
    print(f"  {setup.name + ':':<28}{_figures(run)}, all {load.prospects:,} at the summary")
    return setup, run


def _peer(replayed: Path, load: Load, scratch: Path) -> Measurement:
    run = peer(replayed, load, scratch)
    print(f"  {'peer:':<28}{_figures(run)}, every result the bot's")
    return run


def _echo(replayed: Path, load: Load) -> Measurement:
    print(f"the echo bot over the same updates, {load.concurrency} chats in flight:")
    run = echoes(replayed, load.concurrency)
    print(f"  {'echo bot:':<28}{_figures(run)}")
    return run


def _figures(run: Measurement) -> str:
    return (
        f"{run.updates:,} updates, {run.updates_per_s:,.0f}/s, {cpu_ms(run):.2f} CPU ms/update, "
        f"p99 {run.p99_ms:.1f} ms"
    )


def _print(results: Comparison) -> None:
    print()
    print(table(results))
    bot_to_peer = ratios(results)
    if bot_to_peer:
        print()
        print(bot_to_peer)
    found = budgets(results)
    if found:
        print()
        print(budget_lines(found))
    print(final_line(results))


def _in_flight(load: Load, workers: int) -> str:
    chats = "chat" if load.concurrency == 1 else "chats"
    each = " per worker" if workers > 1 else ""
    return f"{load.prospects:,} prospects, {load.concurrency} {chats} in flight{each}"


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    print(
        "A chat sends its next update as soon as the bot answered the last "
        "(a load test: real prospects think between answers)."
    )
    try:
        return single(args) if args.single else compare(args)
    except BenchFailure as failure:
        print(f"bench: FAILED: {failure}", file=sys.stderr)
    except OSError as error:
        print(f"bench: FAILED: cannot reach the database: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
