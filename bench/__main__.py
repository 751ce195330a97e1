"""`make bench`: the consultation bot on SQLite and on PostgreSQL with one and more workers,
and against a bare echo bot over the same updates.

By default (what `make bench` runs) it compares SQLite and PostgreSQL, each with 1 worker
and with 2, and the echo bot over the updates the first run (SQLite, 1 worker) played. Each
run has the same prospects; each worker keeps the same number of chats in flight, so a second
worker can add throughput if the machine has room. `--single` makes one run instead.

Every worker is a process of its own (see `bench.worker`), started together with the others
of its run (see `bench.fleet`).
"""

from __future__ import annotations

import argparse
import pstats
import sys
import tempfile
from pathlib import Path

from bench.databases import POSTGRES_URL, Target, is_postgres, probe, scratch_database
from bench.harness import BenchFailure
from bench.measurement import Measurement
from bench.report import Results, Scaling, comparison, final_line, scaling_line, table
from bench.runs import Load, consultations, echoes

PROFILE_LINES = 30
COMPARED_PROSPECTS = 1000
SINGLE_PROSPECTS = 2000
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
        help="one run on --database-url with --workers, against the echo bot",
    )
    parser.add_argument(
        "--prospects",
        type=_positive,
        help=f"consultations per run (default: {COMPARED_PROSPECTS:,}, "
        f"with --single {SINGLE_PROSPECTS:,})",
    )
    parser.add_argument(
        "--workers",
        type=_positive,
        help="bot worker processes on one database (default: 1; in the comparison, the "
        "runs set against 1 worker: 2)",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive,
        default=CONCURRENCY,
        help="chats in flight in each worker (default: %(default)s)",
    )
    parser.add_argument(
        "--database-url",
        help="with --single: SQLite or PostgreSQL (a new schema, dropped after), default a new "
        f"SQLite file; in the comparison: the PostgreSQL server (default: {POSTGRES_URL})",
    )
    parser.add_argument("--bot-only", action="store_true", help="skip the echo bot")
    parser.add_argument(
        "--profile", help="with --single: write the bot workers' cProfile stats to this file"
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
    """One run: the bot in `--workers` processes, then as many echo workers over its updates."""
    load = Load(args.prospects or SINGLE_PROSPECTS, args.concurrency)
    workers = args.workers or 1
    with (
        tempfile.TemporaryDirectory(prefix="cyberbot-bench-") as scratch,
        scratch_database(args.database_url, Path(scratch)) as target,
    ):
        print(_traffic(load, workers, target))
        record_in = None if args.bot_only else Path(scratch)
        bot = _consultations(target, load, workers, record_in=record_in, profile=args.profile)
        echo = None if record_in is None else echoes(record_in, workers, load.concurrency)
    results = Results(bot, echo)
    if args.profile:
        stats = pstats.Stats(args.profile).sort_stats(pstats.SortKey.TIME)
        stats.print_stats(PROFILE_LINES)
    print(table(results))
    print(final_line(results))
    return 0


def compare(args: argparse.Namespace) -> int:
    """SQLite and PostgreSQL, each with 1 worker and with several; the echo bot as a baseline."""
    load = Load(args.prospects or COMPARED_PROSPECTS, args.concurrency)
    workers = args.workers or 2
    postgres_url = args.database_url or POSTGRES_URL
    probe(postgres_url)
    with tempfile.TemporaryDirectory(prefix="cyberbot-bench-") as scratch:
        record_in = None if args.bot_only else Path(scratch)
        sqlite = _one_and_more(None, load, workers, Path(scratch), record_in)
        echo = None if record_in is None else echoes(record_in, 1, load.concurrency)
        postgres = _one_and_more(postgres_url, load, workers, Path(scratch))
    runs = [(scaling.database, run) for scaling in (sqlite, postgres) for run in scaling.runs]
    results = Results(sqlite.one, echo)
    print(table(results))
    print()
    print(comparison([*runs, *([("echo bot", echo)] if echo else [])]))
    print(scaling_line(sqlite))
    print(scaling_line(postgres))
    print(final_line(results, postgres))
    return 0


def _one_and_more(
    url: str | None, load: Load, workers: int, scratch: Path, record_in: Path | None = None
) -> Scaling:
    """The same load on a new database each time, by 1 worker (recorded) and by `workers`."""
    runs = []
    for count in (1, workers):
        with scratch_database(url, scratch) as target:
            print(_traffic(load, count, target))
            recorded = record_in if count == 1 else None
            runs.append(_consultations(target, load, count, record_in=recorded))
    return Scaling(target.name, *runs)


def _consultations(
    target: Target,
    load: Load,
    workers: int,
    *,
    record_in: Path | None = None,
    profile: str | None = None,
) -> Measurement:
    bot = consultations(target, load, workers, record_in=record_in, profile=profile)
    print(f"  all {load.prospects:,} reached the summary, {bot.updates_per_s:,.0f} updates/s")
    return bot


def _traffic(load: Load, workers: int, target: Target) -> str:
    plural = "s" if workers > 1 else ""
    in_flight = f"{load.concurrency} chats in flight per worker"
    if workers > 1:
        in_flight += f", {load.concurrency * workers} in all"
    return f"{load.prospects:,} prospects on {target.name}, {workers} worker{plural}, {in_flight}"


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    print(
        f"Each worker keeps {args.concurrency} chats in flight; a chat sends its next update as "
        "soon as the bot answered the last (a load test: real prospects think between answers)."
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
