"""A worker's memory: what it loads at start stays within the budget (≤ 100 MB peak RSS)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.storage import upgrade_async

_HEAVY = ("reportlab", "bot.report", "alembic")
_STARTED = """
import asyncio, sys
import bot.webhook
from bot.app import build_application
from bot.config import Settings
from bot.storage import upgrade_async

async def main() -> None:
    settings = Settings(_env_file=None, telegram_bot_token="1:T", database_url=sys.argv[1])
    build_application(settings)
    await upgrade_async(settings.database_url)  # what every start does first
    print(" ".join(sorted(m for m in sys.modules if m.startswith(%r))))

asyncio.run(main())
"""


async def test_a_started_worker_loads_neither_reportlab_nor_alembic(tmp_path: Path) -> None:
    """ReportLab and the report's modules come with the first PDF (most workers seldom build
    one): they add 7 MB to a worker's peak RSS. Alembic is needed only when the database is
    not at the newest revision: it adds 9.6 MB (`python -m bench --single`)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'cyberbot.db'}"
    await upgrade_async(url)  # as after the first start, or the operator's `db upgrade`

    loaded = subprocess.run(
        [sys.executable, "-c", _STARTED % (_HEAVY,), url],
        capture_output=True,
        text=True,
        check=True,
    )

    assert loaded.stdout.split() == []
