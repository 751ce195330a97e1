"""The figures as a table a person reads, then the one line a script greps."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.measurement import Measurement

# The budget on the project's 2-core machine.
MIN_RATIO = 0.25
MAX_P99_MS = 15.0
MAX_RSS_MB = 150.0
# Several workers on PostgreSQL against one, the same traffic: updates/s at least this much.
MIN_SCALING = 1.3


@dataclass(frozen=True)
class Results:
    """Both runs; `echo` is None with `--bot-only`."""

    bot: Measurement
    echo: Measurement | None

    @property
    def ratio(self) -> float | None:
        return self.bot.updates_per_s / self.echo.updates_per_s if self.echo else None


@dataclass(frozen=True)
class Scaling:
    """One worker against several on the same kind of database, over the same prospects."""

    database: str
    one: Measurement
    many: Measurement

    @property
    def runs(self) -> tuple[Measurement, Measurement]:
        return self.one, self.many

    @property
    def ratio(self) -> float:
        return self.many.updates_per_s / self.one.updates_per_s


def table(results: Results) -> str:
    bot, echo = results.bot, results.echo
    echo_cpu = _ms(echo.per_update_ms(echo.cpu_s)) if echo else ""

    def row(name: str, mine: str, theirs: str = "", budget: str = "") -> str:
        return f"{name:<22}{mine:>12}{theirs:>12}   {budget}"

    ratio = results.ratio
    lines = [
        row("", "bot", "echo" if echo else "", "budget"),
        row("worker processes", f"{bot.workers}", f"{echo.workers}" if echo else ""),
        row("updates", f"{bot.updates:,}", f"{echo.updates:,}" if echo else ""),
        row("wall time (s)", f"{bot.seconds:.2f}", f"{echo.seconds:.2f}" if echo else ""),
        row("updates/s", f"{bot.updates_per_s:,.0f}", f"{echo.updates_per_s:,.0f}" if echo else ""),
        row("p50 latency (ms)", f"{bot.p50_ms:.2f}", f"{echo.p50_ms:.2f}" if echo else ""),
        row(
            "p99 latency (ms)",
            f"{bot.p99_ms:.2f}",
            f"{echo.p99_ms:.2f}" if echo else "",
            f"<= {MAX_P99_MS:g}  {_check(bot.p99_ms <= MAX_P99_MS)}",
        ),
        row("max latency (ms)", f"{bot.max_ms:.1f}", f"{echo.max_ms:.1f}" if echo else ""),
        row(
            "peak RSS (MB)",
            f"{bot.rss_mb:.1f}",
            f"{echo.rss_mb:.1f}" if echo else "",
            f"<= {MAX_RSS_MB:g} {_check(bot.rss_mb <= MAX_RSS_MB)}",
        ),
        row("CPU ms/update", _ms(bot.per_update_ms(bot.cpu_s)), echo_cpu),
        row("cores busy (machine)", _cores(bot), _cores(echo) if echo else ""),
        row(
            "Bot API calls/update",
            f"{sum(bot.calls.values()) / bot.updates:.2f}",
            f"{sum(echo.calls.values()) / echo.updates:.2f}" if echo else "",
        ),
    ]
    if bot.postgres_cpu_s is not None:
        lines.append(row("PostgreSQL CPU ms/upd.", _ms(bot.per_update_ms(bot.postgres_cpu_s))))
    if ratio is not None:
        lines.append(
            row(
                "ratio bot/echo",
                f"{ratio:.3f}",
                "",
                f">= {MIN_RATIO:g} {_check(ratio >= MIN_RATIO)}",
            )
        )
    by_count = sorted(bot.calls.items(), key=lambda call: -call[1])
    calls = ", ".join(f"{method} {count:,}" for method, count in by_count)
    lines.append(f"bot's Bot API calls: {calls}")
    return "\n".join(lines)


# The comparison's columns: heading, width, and the figure from a run.
_COLUMNS: tuple[tuple[str, int, Callable[[Measurement], str]], ...] = (
    ("workers", 8, lambda run: f"{run.workers}"),
    ("updates", 9, lambda run: f"{run.updates:,}"),
    ("updates/s", 10, lambda run: f"{run.updates_per_s:,.0f}"),
    ("p50 ms", 8, lambda run: f"{run.p50_ms:.2f}"),
    ("p99 ms", 8, lambda run: f"{run.p99_ms:.2f}"),
    ("max ms", 8, lambda run: f"{run.max_ms:.1f}"),
    ("RSS MB", 8, lambda run: f"{run.rss_mb:.1f}"),
    ("bot CPU", 9, lambda run: _ms(run.per_update_ms(run.cpu_s))),
    ("pg CPU", 8, lambda run: _ms(run.per_update_ms(run.postgres_cpu_s))),
    ("busy", 6, lambda run: _cores(run)),
)


def comparison(runs: Sequence[tuple[str, Measurement]]) -> str:
    """A row per run; CPU per update and busy cores tell where the time went."""
    lines = [f"{'':<20}" + "".join(f"{title:>{width}}" for title, width, _ in _COLUMNS)]
    lines += [
        f"{name:<20}" + "".join(f"{cell(run):>{width}}" for _, width, cell in _COLUMNS)
        for name, run in runs
    ]
    lines += [
        "RSS: the largest worker's peak. bot CPU, pg CPU: ms of CPU per update in the bot's",
        "workers and in the PostgreSQL server (all its processes, other users' included).",
        f"busy: cores in use on the whole machine ({os.cpu_count()} here), whoever used them.",
    ]
    return "\n".join(lines)


def scaling_line(scaling: Scaling) -> str:
    """The budget holds on PostgreSQL; SQLite has one writer at a time, so it is only shown."""
    ratio = scaling.ratio
    line = f"{scaling.database}, {scaling.many.workers} workers / 1 worker: {ratio:.2f} x updates/s"
    if scaling.database != "PostgreSQL":
        return line + "   (one writer at a time: not expected to scale)"
    return line + f"   budget >= {MIN_SCALING:g} {_check(ratio >= MIN_SCALING)}"


def final_line(results: Results, scaling: Scaling | None = None) -> str:
    bot, echo, ratio = results.bot, results.echo, results.ratio
    line = (
        f"bench: updates_per_s={bot.updates_per_s:.0f} p50_ms={bot.p50_ms:.2f}"
        f" p99_ms={bot.p99_ms:.2f} rss_mb={bot.rss_mb:.1f}"
        f" echo_updates_per_s={f'{echo.updates_per_s:.0f}' if echo else 'n/a'}"
        f" ratio={f'{ratio:.3f}' if ratio is not None else 'n/a'}"
    )
    if scaling is not None:
        one, many = scaling.one, scaling.many
        line += (
            f" pg1_updates_per_s={one.updates_per_s:.0f}"
            f" pg{many.workers}_updates_per_s={many.updates_per_s:.0f}"
            f" pg_scaling={scaling.ratio:.2f}"
        )
    return line


def _check(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _cores(run: Measurement) -> str:
    return "n/a" if run.machine_cpu_s is None else f"{run.machine_cpu_s / run.seconds:.2f}"
