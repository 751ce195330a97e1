"""What an operator sees when `cyberbot run` cannot start: one clear line, no traceback."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.fakes import FakeBotApi

CYBERBOT = Path(sys.executable).with_name("cyberbot")


async def _spawn(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """`cyberbot run` with only `env`, its log (stderr) piped to the test."""
    return await asyncio.create_subprocess_exec(
        str(CYBERBOT),
        "run",
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def _run(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    process = await _spawn(env, cwd)
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


async def _start_log(env: dict[str, str], cwd: Path) -> list[str]:
    """The log lines of `cyberbot run` until it polls; the bot is stopped afterwards."""
    process = await _spawn(env, cwd)
    assert process.stderr is not None
    lines: list[str] = []
    try:
        async with asyncio.timeout(60):
            while not lines or "polling for updates" not in lines[-1]:
                line = await process.stderr.readline()
                assert line, "cyberbot run ended before polling:\n" + "".join(lines)
                lines.append(line.decode())
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()
    return lines


async def test_start_warns_once_for_each_thing_the_default_broker_lacks(
    api: FakeBotApi, tmp_path: Path
) -> None:
    lines = await _start_log(_environment(tmp_path, api.base_url, api.token), tmp_path)

    warnings = [line for line in lines if " WARNING " in line]
    named = [line.split(": ", 1)[1].split(" ", 1)[0] for line in warnings]
    assert named == ["BROKER_NAME", "BROKER_CONTACT", "STAFF_CHAT_ID", "BROKER_STATUS_INFO_FILE"]


@pytest.mark.parametrize("log_format", ["text", "json"])
async def test_a_configured_default_broker_starts_without_warnings(
    api: FakeBotApi, tmp_path: Path, log_format: str
) -> None:
    status_info = tmp_path / "erstinformation.txt"
    status_info.write_text("Erstinformation: Muster GmbH", encoding="utf-8")
    env = {
        **_environment(tmp_path, api.base_url, api.token),
        "BROKER_NAME": "Muster GmbH",
        "BROKER_CONTACT": "030 1",
        "STAFF_CHAT_ID": "-1001",
        "BROKER_STATUS_INFO_FILE": str(status_info),
        "LOG_FORMAT": log_format,
    }

    lines = await _start_log(env, tmp_path)

    assert not [line for line in lines if "WARNING" in line]


async def test_start_at_debug_level_never_logs_the_token(api: FakeBotApi, tmp_path: Path) -> None:
    env = {**_environment(tmp_path, api.base_url, api.token), "LOG_LEVEL": "DEBUG"}

    lines = await _start_log(env, tmp_path)

    assert lines
    assert not [line for line in lines if api.token in line or "Set Bot API URL" in line]
