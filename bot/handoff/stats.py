"""The funnel per broker and campaign as a plain monospace table.

Plain text on purpose: the CLI prints it as is, and the staff chat's /stats escapes it and
puts it inside <pre>. Headings are a parameter so the staff chat can pass catalogue texts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from bot.storage.leads import FUNNEL_STEPS

Counts = Mapping[tuple[str | None, str | None], Mapping[str, int]]

ENGLISH_HEADINGS: Mapping[str, str] = {
    "broker": "Broker",
    "campaign": "Campaign",
    "started": "Started",
    "finished": "Finished",
    "contact_requested": "Contact",
    "claimed": "Claimed",
    "closed": "Closed",
}
"""Column headings for the operator's terminal; keys are `broker`, `campaign` and the steps."""

NAME_WIDTH = 24
"""Longer broker names are cut with `…`, so the table stays readable on a phone."""
NONE = "–"


def _broker(code: str | None, broker_names: Mapping[str | None, str]) -> str:
    name = broker_names.get(code)
    label = (code or NONE) if not name else (name if code is None else f"{code} ({name})")
    return label if len(label) <= NAME_WIDTH else label[: NAME_WIDTH - 1] + "…"


def format_stats(
    counts: Counts,
    broker_names: Mapping[str | None, str],
    *,
    headings: Mapping[str, str] = ENGLISH_HEADINGS,
) -> str:
    """One row per broker and campaign, the steps as right-aligned columns.

    `broker_names` maps a code (None: the default broker) to its name; a named broker
    without any events gets a row of zeros, so a link nobody used yet still shows.
    """
    rows = dict(counts)
    for code in broker_names:
        if not any(key[0] == code for key in rows):
            rows[code, None] = {}
    ordered = sorted(rows.items(), key=lambda item: (item[0][0] or "", item[0][1] or ""))
    table = [[headings["broker"], headings["campaign"], *(headings[s] for s in FUNNEL_STEPS)]]
    for (code, campaign), steps in ordered:
        numbers = (str(steps.get(step, 0)) for step in FUNNEL_STEPS)
        table.append([_broker(code, broker_names), campaign or NONE, *numbers])
    return plain_table(table, left={0, 1})


def plain_table(rows: Sequence[Sequence[str]], left: Collection[int]) -> str:
    """Rows as aligned columns under a ruled header; columns in `left` left-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(width) if i in left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines)
