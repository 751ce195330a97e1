"""What one bot's run measured, passed from its own process to the report as a JSON line."""

from __future__ import annotations

import json
import resource
from dataclasses import asdict, dataclass, field

from bench.harness import Timings


@dataclass(frozen=True)
class Measurement:
    """Throughput, latency and peak memory of one bot, with the Bot API calls it made."""

    updates: int
    seconds: float
    updates_per_s: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    rss_mb: float
    calls: dict[str, int] = field(default_factory=dict)
    summaries: int | None = None

    @classmethod
    def of(
        cls, timings: Timings, calls: dict[str, int], summaries: int | None = None
    ) -> Measurement:
        """`timings` plus this process's peak RSS (ru_maxrss is in KiB on Linux)."""
        return cls(
            updates=timings.updates,
            seconds=timings.seconds,
            updates_per_s=timings.per_second,
            p50_ms=timings.percentile_ms(50),
            p99_ms=timings.percentile_ms(99),
            max_ms=max(timings.latencies) * 1e3,
            rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            calls=calls,
            summaries=summaries,
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, line: str) -> Measurement:
        return cls(**json.loads(line))
