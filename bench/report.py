"""The figures as tables a person reads, then the one line a script greps.

Every figure of a configuration is the median over the rounds it was measured in, with the
lowest and highest in brackets where the spread matters (`256 [250–262]`). Ratios to the peer
are taken per round, bot against the peer run next to it, and then their median: so the slow
drift of a shared machine cancels out of the ratio.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from bench.measurement import Measurement

# The budget (issue 12) on the project's 2-core machine.
MAX_CPU_RATIO = 2.0  # bot CPU per update / peer CPU per update, SQLite, at BUDGET_CONCURRENCY
BUDGET_CONCURRENCY = 8
MAX_P99_MS = 5.0  # at one chat in flight, SQLite
MAX_RSS_MB = 100.0  # the largest bot worker's peak
MIN_SCALING = 1.3  # PostgreSQL, several workers against one, updates/s

SQLITE, POSTGRES = "SQLite", "PostgreSQL"
PEER = "peer"


@dataclass(frozen=True)
class Setup:
    """How the bot ran: on which database, in how many worker processes."""

    database: str
    workers: int = 1

    @property
    def name(self) -> str:
        return f"bot, {self.database}" + (f", {self.workers} workers" if self.workers > 1 else "")


@dataclass(frozen=True)
class Round:
    """One round at one number of chats in flight: the bot's setups and the peer between them."""

    concurrency: int
    bots: dict[Setup, Measurement]
    peer: Measurement | None


@dataclass(frozen=True)
class Spread:
    """A figure over the rounds: its median, lowest and highest."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def show(self, digits: int) -> str:
        median = f"{self.median:,.{digits}f}"
        if len(self.values) < 2:
            return median
        return f"{median} [{min(self.values):,.{digits}f}–{max(self.values):,.{digits}f}]"


@dataclass(frozen=True)
class Comparison:
    """All rounds of a `make bench` (or `--single`), and the echo bot's run."""

    rounds: tuple[Round, ...]
    echo: Measurement | None = None
    echo_concurrency: int = 0

    @property
    def concurrencies(self) -> list[int]:
        return list(dict.fromkeys(r.concurrency for r in self.rounds))

    @property
    def setups(self) -> list[Setup]:
        return list(dict.fromkeys(setup for r in self.rounds for setup in r.bots))

    def runs(self, setup: Setup | None, concurrency: int) -> list[Measurement]:
        """The bot's runs in `setup` (the peer's with None) at this many chats in flight."""
        found = []
        for r in self.rounds:
            run = r.peer if setup is None else r.bots.get(setup)
            if r.concurrency == concurrency and run is not None:
                found.append(run)
        return found

    def figure(
        self, setup: Setup | None, concurrency: int, of: Callable[[Measurement], float]
    ) -> Spread | None:
        values = tuple(of(run) for run in self.runs(setup, concurrency))
        return Spread(values) if values else None

    def to_peer(
        self, setup: Setup, concurrency: int, of: Callable[[Measurement], float]
    ) -> Spread | None:
        """`of(bot) / of(peer)` in each round that has both."""
        values = tuple(
            of(r.bots[setup]) / of(r.peer)
            for r in self.rounds
            if r.concurrency == concurrency and setup in r.bots and r.peer is not None
        )
        return Spread(values) if values else None

    def scaling(self, concurrency: int) -> tuple[Setup, Spread] | None:
        """PostgreSQL's most workers against one, updates/s, per round."""
        several = [s for s in self.setups if s.database == POSTGRES and s.workers > 1]
        if not several:
            return None
        one, many = Setup(POSTGRES), several[-1]
        values = tuple(
            r.bots[many].updates_per_s / r.bots[one].updates_per_s
            for r in self.rounds
            if r.concurrency == concurrency and one in r.bots and many in r.bots
        )
        return (many, Spread(values)) if values else None

    @property
    def peak_rss_mb(self) -> float:
        return max(run.rss_mb for r in self.rounds for run in r.bots.values())


def cpu_ms(run: Measurement) -> float:
    """CPU time of the run's worker processes per update, in milliseconds."""
    return run.cpu_s / run.updates * 1e3


def updates_per_s(run: Measurement) -> float:
    return run.updates_per_s


# The table's columns after the name: heading, width, and the cell from a line's runs.
_Cell = Callable[[list[Measurement]], str]


def _spread(of: Callable[[Measurement], float], digits: int) -> _Cell:
    return lambda runs: Spread(tuple(of(run) for run in runs)).show(digits)


def _median(of: Callable[[Measurement], float | None], digits: int) -> _Cell:
    def cell(runs: list[Measurement]) -> str:
        known = [value for value in map(of, runs) if value is not None]
        return f"{statistics.median(known):,.{digits}f}" if known else "n/a"

    return cell


def _calls(run: Measurement) -> float:
    return sum(run.calls.values()) / run.updates


def _pg_cpu(run: Measurement) -> float | None:
    return None if run.postgres_cpu_s is None else run.postgres_cpu_s / run.updates * 1e3


def _busy(run: Measurement) -> float | None:
    return None if run.machine_cpu_s is None else run.machine_cpu_s / run.seconds


_COLUMNS: tuple[tuple[str, int, _Cell], ...] = (
    ("updates/s", 21, _spread(updates_per_s, 0)),
    ("CPU ms/update", 19, _spread(cpu_ms, 2)),
    ("p50 ms", 8, _median(lambda run: run.p50_ms, 2)),
    ("p99 ms", 8, _median(lambda run: run.p99_ms, 2)),
    ("RSS MB", 8, _median(lambda run: run.rss_mb, 1)),
    ("calls", 6, _median(_calls, 2)),
    ("pg CPU", 8, _median(_pg_cpu, 2)),
    ("busy", 6, _median(_busy, 2)),
)
_NAME = 28
_CHATS = 6


def table(results: Comparison) -> str:
    """A line per setup and number of chats in flight: bot, peer, and the echo bot's run."""

    def line(name: str, chats: str, runs: list[Measurement]) -> str:
        cells = "".join(f"{cell(runs):>{width}}" for _, width, cell in _COLUMNS)
        return f"{name:<{_NAME}}{chats:>{_CHATS}}{cells}"

    lines = [f"{'':<{_NAME}}{'chats':>{_CHATS}}" + "".join(f"{t:>{w}}" for t, w, _ in _COLUMNS)]
    for concurrency in results.concurrencies:
        for setup in [*results.setups, None]:
            runs = results.runs(setup, concurrency)
            if runs:
                name = setup.name if setup is not None else "peer (PTB, sqlite3)"
                lines.append(line(name, f"{concurrency}", runs))
    if results.echo is not None:
        lines.append(line("echo bot (one run)", f"{results.echo_concurrency}", [results.echo]))
    rounds = max(
        sum(r.concurrency == concurrency for r in results.rounds)
        for concurrency in results.concurrencies
    )
    medians = f"Medians of {rounds} rounds [lowest–highest]." if rounds > 1 else "One round."
    lines += [
        f"{medians} chats: in flight per worker. CPU ms/update: the workers' process CPU time",
        "in the timed part / updates. RSS: the largest worker's peak. calls: Bot API calls per "
        "update. pg CPU: the",
        "PostgreSQL server's CPU ms per update. busy: cores in use on the whole machine "
        f"({os.cpu_count()} here), whoever used them.",
    ]
    return "\n".join(lines)


_RATIO = 48


def ratios(results: Comparison) -> str:
    """The bot against the peer of the same round: CPU per update and updates/s."""
    if not results.runs(None, results.concurrencies[0]):
        return ""
    lines = [f"{'bot / peer, in each round':<{_RATIO}}{'CPU per update':>20}{'updates/s':>20}"]
    for concurrency in results.concurrencies:
        for setup in results.setups:
            cpu = results.to_peer(setup, concurrency, cpu_ms)
            speed = results.to_peer(setup, concurrency, updates_per_s)
            if cpu is None or speed is None:
                continue
            name = f"{setup.name}, {_in_flight(concurrency)}"
            lines.append(f"{name:<{_RATIO}}{cpu.show(2):>20}{speed.show(2):>20}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Budget:
    key: str
    what: str
    value: float
    shown: str
    ok: bool


def budgets(results: Comparison) -> list[Budget]:
    """Those of the budget's figures this comparison has measured."""
    found = []
    cpu = results.to_peer(Setup(SQLITE), BUDGET_CONCURRENCY, cpu_ms)
    if cpu is not None:
        what = f"CPU per update, bot / peer, SQLite, {_in_flight(BUDGET_CONCURRENCY)}"
        found.append(
            Budget(
                "cpu_ratio",
                what,
                cpu.median,
                f"{cpu.show(2)} <= {MAX_CPU_RATIO:g}",
                cpu.median <= MAX_CPU_RATIO,
            )
        )
    p99 = results.figure(Setup(SQLITE), 1, lambda run: run.p99_ms)
    if p99 is not None:
        found.append(
            Budget(
                "p99_ms_1chat",
                "p99 latency, bot, SQLite, 1 chat in flight",
                p99.median,
                f"{p99.show(2)} ms <= {MAX_P99_MS:g}",
                p99.median <= MAX_P99_MS,
            )
        )
    if results.rounds and any(r.bots for r in results.rounds):
        rss = results.peak_rss_mb
        found.append(
            Budget(
                "rss_mb",
                "peak RSS, the largest bot worker of all runs",
                rss,
                f"{rss:.1f} MB <= {MAX_RSS_MB:g}",
                rss <= MAX_RSS_MB,
            )
        )
    for concurrency in results.concurrencies:
        scaling = results.scaling(concurrency)
        if scaling is not None:
            many, spread = scaling
            what = f"PostgreSQL, {many.workers} workers / 1, updates/s, {_in_flight(concurrency)}"
            found.append(
                Budget(
                    "pg_scaling",
                    what,
                    spread.median,
                    f"{spread.show(2)} >= {MIN_SCALING:g}",
                    spread.median >= MIN_SCALING,
                )
            )
    return found


def budget_lines(found: Sequence[Budget]) -> str:
    return "\n".join(
        f"budget: {b.what:<56}{b.shown:>26}  {'ok' if b.ok else 'MISSED'}" for b in found
    )


def final_line(results: Comparison) -> str:
    """`bench: key=value …` for the first setup and concurrency measured, plus the budgets."""
    figures = dict(_headline(results))
    found = budgets(results)
    figures.update((b.key, f"{b.value:.2f}") for b in found if b.key not in figures)
    missed = [b.key for b in found if not b.ok]
    figures["budget"] = "ok" if not missed else "MISSED:" + ",".join(missed)
    return "bench: " + " ".join(f"{key}={value}" for key, value in figures.items())


def _headline(results: Comparison) -> Iterator[tuple[str, str]]:
    concurrency = results.concurrencies[0]
    setup = results.setups[0]
    yield "chats", f"{concurrency}"
    yield "database", setup.database
    yield "workers", f"{setup.workers}"
    bot = results.figure(setup, concurrency, cpu_ms)
    speed = results.figure(setup, concurrency, updates_per_s)
    if bot is not None and speed is not None:
        yield "bot_cpu_ms", f"{bot.median:.2f}"
        yield "updates_per_s", f"{speed.median:.0f}"
    peer = results.figure(None, concurrency, cpu_ms)
    peer_speed = results.figure(None, concurrency, updates_per_s)
    ratio = results.to_peer(setup, concurrency, cpu_ms)
    if peer is not None and peer_speed is not None and ratio is not None:
        yield "peer_cpu_ms", f"{peer.median:.2f}"
        yield "peer_updates_per_s", f"{peer_speed.median:.0f}"
        yield "cpu_ratio", f"{ratio.median:.2f}"
        yield "cpu_ratio_min", f"{min(ratio.values):.2f}"
        yield "cpu_ratio_max", f"{max(ratio.values):.2f}"
    postgres = results.to_peer(Setup(POSTGRES), concurrency, cpu_ms)
    if postgres is not None and setup != Setup(POSTGRES):
        yield "pg_cpu_ratio", f"{postgres.median:.2f}"
    if results.echo is not None:
        yield "echo_updates_per_s", f"{results.echo.updates_per_s:.0f}"


def _in_flight(concurrency: int) -> str:
    return f"{concurrency} chat{'s' if concurrency != 1 else ''} in flight"
