"""`make bench`: the consultation bot against a bare echo bot, over the same updates.

Each bot runs in a process of its own (see `bench.worker`); the consultation bot goes first
and records the updates its prospects produced, which the echo bot then replays.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.databases import scratch_database
from bench.measurement import Measurement
from bench.report import Results, final_line, table

ROOT = Path(__file__).resolve().parent.parent
PROFILE_LINES = 30


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--prospects",
        type=_positive,
        default=2000,
        help="consultations to run (default: %(default)s)",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive,
        default=8,
        help="chats in progress at once (default: %(default)s)",
    )
    parser.add_argument(
        "--database-url",
        help="SQLite or PostgreSQL URL (PostgreSQL: a new schema, dropped after); "
        "default: a new SQLite file in a temporary directory",
    )
    parser.add_argument("--bot-only", action="store_true", help="skip the echo bot")
    parser.add_argument("--profile", help="write the bot run's cProfile stats to this file")
    return parser.parse_args(argv)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _worker(role: str, *options: str) -> Measurement:
    done = subprocess.run(
        [sys.executable, "-m", "bench.worker", role, *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: the {role} run failed (exit {done.returncode}), see above")
    return Measurement.from_json(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    concurrency = ("--concurrency", str(args.concurrency))
    with (
        tempfile.TemporaryDirectory(prefix="cyberbot-bench-") as scratch,
        scratch_database(args.database_url, Path(scratch)) as target,
    ):
        recording = Path(scratch) / "updates.jsonl"
        bot_options = ["--prospects", str(args.prospects), "--database-url", target.url]
        bot_options += ["--schema", target.schema] if target.schema else []
        bot_options += [] if args.bot_only else ["--record", str(recording)]
        bot_options += ["--profile", args.profile] if args.profile else []
        database = "PostgreSQL" if target.schema else "SQLite"
        print(f"{args.prospects:,} prospects, {args.concurrency} at a time, on {database}")
        bot = _worker("bot", *bot_options, *concurrency)
        print(f"consultation bot: {bot.summaries:,} of {args.prospects:,} reached the summary")
        echo = None
        if not args.bot_only:
            echo = _worker("echo", "--replay", str(recording), *concurrency)
    results = Results(bot, echo)
    if args.profile:
        stats = pstats.Stats(args.profile).sort_stats(pstats.SortKey.TIME)
        stats.print_stats(PROFILE_LINES)
    print(table(results))
    print(final_line(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
