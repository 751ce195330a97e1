"""A run: the prospects split between worker processes on one database, checked there after.

Workers play disjoint prospects (so disjoint chats and update ids) with the same number of
chats in flight each, all on one database: one PostgreSQL schema, or one SQLite file.
"""

from __future__ import annotations

import asyncio
import pstats
from dataclasses import dataclass
from pathlib import Path

from bench.consultation import at_summary, prepare
from bench.databases import Target
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


def echoes(record_in: Path, workers: int, concurrency: int) -> Measurement:
    """The echo bot, each of `workers` processes replaying what one bot worker recorded."""
    options = ["--warm-up", str(WARM_UP_PROSPECTS), "--concurrency", str(concurrency)]
    shares = [["--replay", str(path), *options] for path in recordings(record_in, workers)]
    return run_together("echo", shares, postgres=False)


def recordings(directory: Path, workers: int) -> list[Path]:
    """Where each bot worker writes the conversations it played, one JSON line each."""
    return [directory / f"updates-{worker}.jsonl" for worker in range(workers)]


def _split(indices: range, parts: int) -> list[range]:
    size = len(indices)
    return [indices[part * size // parts : (part + 1) * size // parts] for part in range(parts)]


def _span(indices: range) -> str:
    return f"{indices.start}:{indices.stop}"


def _merge(parts: list[str], path: str) -> None:
    pstats.Stats(*parts).dump_stats(path)
    for part in parts:
        Path(part).unlink()
