"""A worker's memory: what it loads at start stays within the budget (≤ 100 MB peak RSS)."""

from __future__ import annotations

import subprocess
import sys

_LOADED_AT_START = """
import sys
import bot.app, bot.webhook
print(" ".join(sorted(m for m in sys.modules if m == "reportlab" or m.startswith("bot.report"))))
"""


def test_a_worker_loads_reportlab_with_its_first_pdf_report_not_at_start() -> None:
    """ReportLab and the report's modules raise a worker's peak RSS from 100.6 to 107.8 MB
    (`python -m bench --single --prospects 300`); most workers seldom build a report."""
    loaded = subprocess.run(
        [sys.executable, "-c", _LOADED_AT_START], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.split() == []
