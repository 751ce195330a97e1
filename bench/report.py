"""The figures as a table a person reads, then the one line a script greps."""

from __future__ import annotations

from dataclasses import dataclass

from bench.measurement import Measurement

# The budget on the project's 2-core machine.
MIN_RATIO = 0.25
MAX_P99_MS = 15.0
MAX_RSS_MB = 150.0


@dataclass(frozen=True)
class Results:
    """Both runs; `echo` is None with `--bot-only`."""

    bot: Measurement
    echo: Measurement | None

    @property
    def ratio(self) -> float | None:
        return self.bot.updates_per_s / self.echo.updates_per_s if self.echo else None


def table(results: Results) -> str:
    bot, echo = results.bot, results.echo

    def row(name: str, mine: str, theirs: str = "", budget: str = "") -> str:
        return f"{name:<22}{mine:>12}{theirs:>12}   {budget}"

    def check(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    ratio = results.ratio
    lines = [
        row("", "bot", "echo" if echo else "", "budget"),
        row("updates", f"{bot.updates:,}", f"{echo.updates:,}" if echo else ""),
        row("wall time (s)", f"{bot.seconds:.2f}", f"{echo.seconds:.2f}" if echo else ""),
        row("updates/s", f"{bot.updates_per_s:,.0f}", f"{echo.updates_per_s:,.0f}" if echo else ""),
        row("p50 latency (ms)", f"{bot.p50_ms:.2f}", f"{echo.p50_ms:.2f}" if echo else ""),
        row(
            "p99 latency (ms)",
            f"{bot.p99_ms:.2f}",
            f"{echo.p99_ms:.2f}" if echo else "",
            f"<= {MAX_P99_MS:g}  {check(bot.p99_ms <= MAX_P99_MS)}",
        ),
        row("max latency (ms)", f"{bot.max_ms:.1f}", f"{echo.max_ms:.1f}" if echo else ""),
        row(
            "peak RSS (MB)",
            f"{bot.rss_mb:.1f}",
            f"{echo.rss_mb:.1f}" if echo else "",
            f"<= {MAX_RSS_MB:g} {check(bot.rss_mb <= MAX_RSS_MB)}",
        ),
        row(
            "Bot API calls/update",
            f"{sum(bot.calls.values()) / bot.updates:.2f}",
            f"{sum(echo.calls.values()) / echo.updates:.2f}" if echo else "",
        ),
    ]
    if ratio is not None:
        lines.append(
            row(
                "ratio bot/echo",
                f"{ratio:.3f}",
                "",
                f">= {MIN_RATIO:g} {check(ratio >= MIN_RATIO)}",
            )
        )
    by_count = sorted(bot.calls.items(), key=lambda call: -call[1])
    calls = ", ".join(f"{method} {count:,}" for method, count in by_count)
    lines.append(f"bot's Bot API calls: {calls}")
    return "\n".join(lines)


def final_line(results: Results) -> str:
    bot, echo, ratio = results.bot, results.echo, results.ratio
    return (
        f"bench: updates_per_s={bot.updates_per_s:.0f} p50_ms={bot.p50_ms:.2f}"
        f" p99_ms={bot.p99_ms:.2f} rss_mb={bot.rss_mb:.1f}"
        f" echo_updates_per_s={f'{echo.updates_per_s:.0f}' if echo else 'n/a'}"
        f" ratio={f'{ratio:.3f}' if ratio is not None else 'n/a'}"
    )
