"""Every misconfiguration stops any `cyberbot` command with one line that names the setting and
what it expects, and exit code 2: no traceback, no half-started bot."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings, SettingsError, load_settings

CYBERBOT = Path(sys.executable).with_name("cyberbot")
SETTINGS_ENV = [name.upper() for name in Settings.model_fields]
UNREACHABLE_POSTGRES = "postgresql://postgres:s3cret-pw@127.0.0.1:1/cyberbot"


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No setting from the developer's shell, no `.env`, a working directory of its own."""
    monkeypatch.chdir(tmp_path)
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cyberbot.db'}")
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield tmp_path
    root.handlers[:], root.level = saved


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("STAFF_CHAT_ID", "abc", "a whole number such as -1001234567890"),
        ("BOT_LANGUAGE", "fr", "de or en"),
        ("PORT", "0", "a TCP port from 1 to 65535"),
        ("PORT", "70000", "a TCP port from 1 to 65535"),
        ("DATABASE_URL", "mysql://u@host/db", "postgresql+asyncpg://"),
        ("DATABASE_URL", "cyberbot.db", "sqlite+aiosqlite:///"),
        ("DATABASE_URL", "postgresql+psycopg2://u@host/db", "postgresql+asyncpg://"),
        ("BROKER_STATUS_INFO_FILE", "/nonexistent/erstinfo.txt", "a UTF-8 text file"),
        ("BROKER_STATUS_INFO_FILE", "/", "a UTF-8 text file"),
        ("CONVERSATION_RETENTION_DAYS", "0", "at least 1"),
        ("TIMEZONE", "Mars/Olympus", "Europe/Berlin"),
        ("LOG_LEVEL", "chatty", "DEBUG, INFO"),
        ("LOG_FORMAT", "xml", "text or json"),
        ("WEBHOOK_SECRET", "not allowed!", "A-Z, a-z, 0-9, _ and -"),
    ],
)
def test_a_wrong_setting_is_one_line_naming_it_and_what_is_expected(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(SettingsError) as refused:
        load_settings()

    (line,) = str(refused.value).splitlines()
    assert line.startswith(name)
    assert expected in line.split("; expected ", 1)[1]


def test_each_wrong_setting_gets_its_own_line(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAFF_CHAT_ID", "abc")
    monkeypatch.setenv("BOT_LANGUAGE", "fr")

    with pytest.raises(SettingsError) as refused:
        load_settings()

    lines = str(refused.value).splitlines()
    assert sorted(line.split(":")[0].split("=")[0] for line in lines) == [
        "BOT_LANGUAGE",
        "STAFF_CHAT_ID",
    ]


def test_a_secret_is_never_repeated_in_the_error(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBHOOK_SECRET", "geheim geheim")

    with pytest.raises(SettingsError) as refused:
        load_settings()

    assert "geheim" not in str(refused.value)


def test_blank_optional_settings_count_as_unset(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("STAFF_CHAT_ID", "BROKER_STATUS_INFO_FILE", "WEBHOOK_URL", "BOT_USERNAME"):
        monkeypatch.setenv(name, "")

    settings = load_settings()

    assert settings.staff_chat_id is None and settings.broker_status_info_file is None


@pytest.mark.parametrize(
    "argv",
    [
        ["run"],
        ["chat"],
        ["db", "upgrade"],
        ["brokers", "list"],
        ["brokers", "add", "--code", "x", "--name", "X", "--staff-chat", "-1"],
        ["link", "mueller"],
        ["stats"],
    ],
)
def test_every_command_stops_with_the_one_line_and_exit_code_2(
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    monkeypatch.setenv("BROKER_STATUS_INFO_FILE", str(clean_env / "missing.txt"))

    code = main(argv)

    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"cyberbot: BROKER_STATUS_INFO_FILE: cannot read {clean_env / 'missing.txt'} "
        "(No such file or directory); expected a UTF-8 text file with the status information "
        "(Erstinformation) that the bot's user can read"
    ]


@pytest.mark.parametrize(
    ("argv", "webhook"),
    [(["run"], False), (["run"], True), (["db", "upgrade"], False), (["brokers", "list"], False)],
    ids=["polling", "webhook", "db upgrade", "brokers"],
)
@pytest.mark.parametrize(
    "url",
    [UNREACHABLE_POSTGRES, "sqlite+aiosqlite:////proc/cyberbot.db"],
    ids=["unreachable", "unwritable"],
)
def test_a_database_the_bot_cannot_use_is_one_line_before_anything_starts(
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    webhook: bool,
    url: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:never-used")
    monkeypatch.setenv("TELEGRAM_BASE_URL", "http://127.0.0.1:9/bot")
    if webhook:
        monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/telegram")

    code = main(argv)

    _, err = capsys.readouterr()
    (line,) = [x for x in err.splitlines() if "WARNING" not in x]
    assert code == 2
    assert line.startswith("cyberbot: DATABASE_URL: cannot use ")
    assert "s3cret-pw" not in err


def test_a_read_only_data_directory_is_one_line(tmp_path: Path) -> None:
    """As a service user would meet it: the directory exists, the user may not write in it."""
    if os.geteuid() == 0 and not Path("/usr/bin/setpriv").exists():
        pytest.skip("root writes anywhere and setpriv is missing to drop that")
    drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if os.geteuid() == 0 and _unreadable_for_nobody(drop):
        pytest.skip(f"this checkout ({CYBERBOT.parent}) is private to root: nobody runs it")
    data = Path("/tmp") / f"cyberbot-readonly-{os.getpid()}"
    data.mkdir(mode=0o555, exist_ok=True)
    try:
        done = subprocess.run(
            [*(drop if os.geteuid() == 0 else []), str(CYBERBOT), "db", "upgrade"],
            env={
                "PATH": os.environ.get("PATH", ""),
                "DATABASE_URL": f"sqlite:///{data}/cyberbot.db",
            },
            cwd="/",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        data.rmdir()

    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"cyberbot: DATABASE_URL: cannot use {data}/cyberbot.db (unable to open database file); "
        "expected a reachable PostgreSQL database, or an SQLite file in a directory the bot's "
        "user can write"
    ]


def _unreadable_for_nobody(drop: list[str]) -> bool:
    """Whether the unprivileged user cannot even start the bot from this checkout (a clone
    in a directory only root may enter, such as one `mktemp -d` made)."""
    probe = subprocess.run(
        [*drop, str(CYBERBOT), "--help"], capture_output=True, text=True, check=False
    )
    return probe.returncode != 0
