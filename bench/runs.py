"""A run: the prospects split between worker processes on one database, checked there after.

Workers play disjoint prospects (so disjoint chats and update ids) with the same number of
chats in flight each, all on one database: one PostgreSQL schema, or one SQLite file.

The bot's run can record the updates it got; the peer and the echo bot replay them (one
process each), so all three answer the same updates.

How updates reach the bot is `bench.consultation`'s business alone (today `harness.play`,
which calls `process_update`). The rest relies only on its worker's contract: a `Measurement`
of the timed part (CPU = the process's CPU time in it / updates), with `--record` each
conversation played as one JSON line (the list of its update dicts), and every prospect's
chat at the summary afterwards (`at_summary`).
"""

from __future__ import annotations

import asyncio
import json
import pstats
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.consultation import at_summary, prepare
from bench.databases import Target
from bench.expected import check_peer
from bench.fleet import run_together
from bench.harness import BenchFailure
from bench.measurement import Measurement

# Played by each worker before the go: enough to open its pool and take every code path.
WARM_UP_PROSPECTS = 20


@dataclass(frozen=True)
class Load:
    """A run's traffic: consultations in all, chats in flight in each worker."""

    prospects: int
    concurrency: int


def consultations(
    target: Target,
    load: Load,
    workers: int,
    *,
    record_in: Path | None = None,
    profile: str | None = None,
) -> Measurement:
    """The consultation bot in `workers` processes on `target`, every prospect to the summary.

    With `record_in`, the conversations played go to `recordings(record_in, workers)`; with
    `profile`, the workers' cProfile stats are merged into that file.
    """
    asyncio.run(prepare(target))
    prospects = range(load.prospects)
    shares = []
    for worker, share in enumerate(_split(prospects, workers)):
        # Prospects after the run's own: their chats are not counted at the end.
        first = load.prospects + worker * WARM_UP_PROSPECTS
        options = ["--prospects", _span(share)]
        options += ["--warm-up", _span(range(first, first + WARM_UP_PROSPECTS))]
        options += ["--concurrency", str(load.concurrency), "--database-url", target.url]
        options += ["--schema", target.schema] if target.schema else []
        options += ["--record", str(recordings(record_in, workers)[worker])] if record_in else []
        options += ["--profile", f"{profile}.{worker}"] if profile else []
        shares.append(options)
    measurement = run_together("bot", shares, postgres=target.local_server)
    reached = asyncio.run(at_summary(target, prospects))
    if reached != load.prospects:
        raise BenchFailure(f"{reached:,} of {load.prospects:,} conversations are at the summary")
    if profile:
        _merge([f"{profile}.{worker}" for worker in range(workers)], profile)
    return measurement


def peer(replay: Path, load: Load, scratch: Path) -> Measurement:
    """The peer in one process on a new sqlite3 file, replaying the first `load.prospects`
    conversations of `replay`; each prospect's result is then checked against the bot's."""
    database = scratch / f"peer-{uuid.uuid4().hex}.db"
    options = ["--replay", str(replay), "--conversations", str(load.prospects)]
    options += ["--warm-up", str(WARM_UP_PROSPECTS), "--concurrency", str(load.concurrency)]
    options += ["--database", str(database)]
    measurement = run_together("peer", [options], postgres=False)
    check_peer(database, range(load.prospects))
    return measurement


def echoes(replay: Path, concurrency: int) -> Measurement:
    """The echo bot in one process, replaying all of `replay`."""
    options = ["--warm-up", str(WARM_UP_PROSPECTS), "--concurrency", str(concurrency)]
    return run_together("echo", [["--replay", str(replay), *options]], postgres=False)


def recordings(directory: Path, workers: int) -> list[Path]:
    """Where each bot worker writes the conversations it played, one JSON line each."""
    return [directory / f"updates-{worker}.jsonl" for worker in range(workers)]


def replay(directory: Path, workers: int) -> Path:
    """The workers' recordings as one file in prospect order (they are written as each
    conversation ends), so its first N lines are the conversations of prospects 0 to N-1."""
    conversations = [
        line for path in recordings(directory, workers) for line in path.read_text().splitlines()
    ]
    conversations.sort(key=lambda line: _chat_id(json.loads(line)[0]))
    path = directory / "replay.jsonl"
    path.write_text("".join(f"{line}\n" for line in conversations), encoding="utf-8")
    return path


def _chat_id(update: dict[str, object]) -> int:
    message = update.get("message") or update.get("callback_query")
    assert isinstance(message, dict)
    sender = message["from"]
    assert isinstance(sender, dict)
    return int(sender["id"])


def _split(indices: range, parts: int) -> list[range]:
    size = len(indices)
    return [indices[part * size // parts : (part + 1) * size // parts] for part in range(parts)]


def _span(indices: range) -> str:
    return f"{indices.start}:{indices.stop}"


def _merge(parts: list[str], path: str) -> None:
    pstats.Stats(*parts).dump_stats(path)
    for part in parts:
        Path(part).unlink()
