"""What an operator sees when `cyberbot run` cannot start: one clear line, no traceback."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.fakes import FakeBotApi

CYBERBOT = Path(sys.executable).with_name("cyberbot")


async def _run(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        str(CYBERBOT),
        "run",
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode is not None
    return process.returncode, stderr.decode()


def _environment(tmp_path: Path, base_url: str, token: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_BASE_URL": base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
    }


async def test_a_mistyped_token_is_reported_in_one_line(api: FakeBotApi, tmp_path: Path) -> None:
    code, stderr = await _run(_environment(tmp_path, api.base_url, "999:WRONG"), tmp_path)

    assert code == 2
    assert "TELEGRAM_BOT_TOKEN" in stderr
    assert "Traceback" not in stderr


async def test_an_unreachable_bot_api_is_reported_in_one_line(tmp_path: Path) -> None:
    code, stderr = await _run(_environment(tmp_path, "http://127.0.0.1:9/bot", "1:X"), tmp_path)

    assert code == 2
    assert "Cannot reach the Telegram Bot API" in stderr
    assert "Traceback" not in stderr
