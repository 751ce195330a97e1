"""One worker process of a run, so the peak RSS it reports is its bot's alone.

    python -m bench.worker bot --prospects START:STOP --warm-up START:STOP --concurrency K
                               --database-url URL [--schema S] [--record FILE] [--profile FILE]
    python -m bench.worker echo --replay FILE --warm-up N --concurrency K
    python -m bench.worker peer --replay FILE --conversations N --warm-up N --concurrency K
                                --database FILE

It talks to the process that runs the workers over stdin and stdout: once warmed up it prints
`ready` and waits for a `go` line, prints `done` when the timed part is over, and at the end
one `Measurement` as a JSON line. A run that did not do what real traffic does (a handler
error, an unknown Bot API call) exits non-zero instead, loudly.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bench.harness import BenchFailure

READY, GO, DONE = "ready", "go", "done"


class Parent:
    """The cue from the process that started this worker, over stdin and stdout."""

    async def go(self) -> None:
        print(READY, flush=True)
        line = await asyncio.to_thread(sys.stdin.readline)
        if line.strip() != GO:
            raise BenchFailure("the run was called off before the go")

    def done(self) -> None:
        print(DONE, flush=True)


def span(value: str) -> range:
    """`START:STOP` as a range of prospect indices."""
    start, _, stop = value.partition(":")
    try:
        return range(int(start), int(stop))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected START:STOP, got {value!r}") from None


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    roles = parser.add_subparsers(dest="role", required=True)
    bot = roles.add_parser("bot")
    bot.add_argument("--prospects", type=span, required=True, help="the indices to play")
    bot.add_argument("--warm-up", type=span, required=True, help="indices played untimed first")
    bot.add_argument("--database-url", required=True)
    bot.add_argument("--schema")
    bot.add_argument("--record")
    bot.add_argument("--profile")
    echo = roles.add_parser("echo")
    echo.add_argument("--replay", required=True)
    echo.add_argument("--warm-up", type=int, required=True, help="first conversations, untimed")
    peer = roles.add_parser("peer")
    peer.add_argument("--replay", required=True)
    peer.add_argument("--conversations", type=int, required=True, help="the first N, timed")
    peer.add_argument("--warm-up", type=int, required=True, help="first conversations, untimed")
    peer.add_argument("--database", required=True, help="its sqlite3 file")
    for role in (bot, echo, peer):
        role.add_argument("--concurrency", type=int, required=True)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    args = _arguments(argv)
    # Imported by role: the echo and peer processes must not load (and be charged for) the bot.
    if args.role == "bot":
        from bench.consultation import run
    elif args.role == "peer":
        from bench.peer import run
    else:
        from bench.echo import run
    try:
        measurement = asyncio.run(run(args, Parent()))
    except BenchFailure as failure:
        print(f"bench: {args.role} run FAILED: {failure}", file=sys.stderr)
        return 1
    print(measurement.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
