"""One bot's run in a process of its own, so the peak RSS it reports is that bot's alone.

    python -m bench.worker bot --prospects N --concurrency K --database-url URL [--schema S]
                               [--record FILE] [--profile FILE]
    python -m bench.worker echo --concurrency K --replay FILE

Prints one `Measurement` as a JSON line on stdout. A run that did not do what real traffic
does (a handler error, an unknown Bot API call, a consultation short of the summary) exits
non-zero instead, loudly.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bench.harness import BenchFailure


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    roles = parser.add_subparsers(dest="role", required=True)
    bot = roles.add_parser("bot")
    bot.add_argument("--prospects", type=int, required=True)
    bot.add_argument("--database-url", required=True)
    bot.add_argument("--schema")
    bot.add_argument("--record")
    bot.add_argument("--profile")
    echo = roles.add_parser("echo")
    echo.add_argument("--replay", required=True)
    for role in (bot, echo):
        role.add_argument("--concurrency", type=int, required=True)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    args = _arguments(argv)
    # Imported by role: the echo process must not load (and be charged for) the consultation.
    if args.role == "bot":
        from bench.consultation import run
    else:
        from bench.echo import run
    try:
        measurement = asyncio.run(run(args))
    except BenchFailure as failure:
        print(f"bench: {args.role} run FAILED: {failure}", file=sys.stderr)
        return 1
    print(measurement.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
