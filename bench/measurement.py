"""What a run measured: one worker's, passed to the parent as a JSON line, or all of a run's.

A worker sends its latencies, not its percentiles: percentiles of several workers cannot be
combined, so the parent takes them over all updates of the run.
"""

from __future__ import annotations

import json
import resource
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

from bench.harness import Timings


@dataclass(frozen=True)
class Measurement:
    """Throughput, latency, memory and CPU of a bot's run, with the Bot API calls it made.

    `cpu_s` is the bot's worker processes' CPU time in the run; `postgres_cpu_s` that of the
    PostgreSQL server on this machine and `machine_cpu_s` that of all its cores (whoever used
    them), both None where they could not be read.
    """

    latencies: list[float]
    seconds: float
    rss_mb: float
    cpu_s: float
    calls: dict[str, int] = field(default_factory=dict)
    workers: int = 1
    postgres_cpu_s: float | None = None
    machine_cpu_s: float | None = None

    @classmethod
    def of(cls, timings: Timings, calls: dict[str, int]) -> Measurement:
        """One worker's `timings` plus its peak RSS."""
        return cls(
            latencies=timings.latencies.tolist(),
            seconds=timings.seconds,
            rss_mb=peak_rss_mb(),
            cpu_s=timings.cpu_seconds,
            calls=calls,
        )

    @classmethod
    def together(
        cls,
        workers: Sequence[Measurement],
        seconds: float,
        postgres_cpu_s: float | None = None,
        machine_cpu_s: float | None = None,
    ) -> Measurement:
        """The workers of one run as one bot: all their updates in `seconds` of wall time.

        Peak RSS is the largest worker's: each worker is a machine's memory budget on its own.
        """
        calls: Counter[str] = Counter()
        for worker in workers:
            calls.update(worker.calls)
        return cls(
            latencies=[latency for worker in workers for latency in worker.latencies],
            seconds=seconds,
            rss_mb=max(worker.rss_mb for worker in workers),
            cpu_s=sum(worker.cpu_s for worker in workers),
            calls=dict(calls),
            workers=len(workers),
            postgres_cpu_s=postgres_cpu_s,
            machine_cpu_s=machine_cpu_s,
        )

    @property
    def updates(self) -> int:
        return len(self.latencies)

    @property
    def updates_per_s(self) -> float:
        return self.updates / self.seconds

    @property
    def p50_ms(self) -> float:
        return self._percentiles_ms[49]

    @property
    def p99_ms(self) -> float:
        return self._percentiles_ms[98]

    @property
    def max_ms(self) -> float:
        return max(self.latencies) * 1e3

    @cached_property
    def _percentiles_ms(self) -> list[float]:
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return [cut * 1e3 for cut in cuts]

    def per_update_ms(self, cpu_s: float | None) -> float | None:
        """CPU time per update, in milliseconds."""
        return None if cpu_s is None else cpu_s / self.updates * 1e3

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, line: str) -> Measurement:
        return cls(**json.loads(line))


def peak_rss_mb() -> float:
    """This process's peak RSS since it started its program.

    Not `ru_maxrss`: on Linux that keeps the peak of the process it was forked from, so a
    worker would report its parent's memory whenever the parent is the larger.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux and BSD
