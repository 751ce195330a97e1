"""The deployment files in deploy/ keep the promises deploy/README.md makes about them.

There is no Docker, Caddy or systemd here, so the files are read as text: the Dockerfile by
instruction, the unit as INI, compose.yaml with a reader for the plain block YAML it is written
in (PyYAML is no dependency). What the files must agree on — setting names, the port, where the
SQLite database lives, the `cyberbot` commands — comes from the code, not from copies in here.
`docker compose -f deploy/compose.yaml config` remains the check where Docker is installed.
"""

from __future__ import annotations

import argparse
import configparser
import copy
import fnmatch
import json
import re
import shlex
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path, PurePosixPath
from typing import Any, get_args
from urllib.parse import urlsplit

import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from bot.cli import parser
from bot.config import DEFAULT_DATABASE_URL, Settings

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"

SETTINGS = {name.upper() for name in Settings.model_fields}
SECRET_SETTINGS = {
    name.upper()
    for name, field in Settings.model_fields.items()
    if SecretStr in (field.annotation, *get_args(field.annotation))
}
# Read by compose.yaml itself (interpolation), not by the bot.
COMPOSE_ONLY = {"BOT_DOMAIN", "POSTGRES_PASSWORD"}
# What the postgres image reads when it creates the database.
POSTGRES_IMAGE = {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"}
DEFAULT_PORT = Settings.model_fields["port"].default
# The default database is relative to the working directory: "data/cyberbot.db" -> "data".
DATA_DIR = str(PurePosixPath(make_url(DEFAULT_DATABASE_URL).database or "").parent)
VARIABLE = r"[A-Z_][A-Z0-9_]*"


def _text(name: str) -> str:
    return (DEPLOY / name).read_text(encoding="utf-8")


# --- readers ----------------------------------------------------------------------------------


class _BlockYaml:
    """The YAML subset compose.yaml is written in: block mappings and lists, flow lists and
    plain or quoted scalars, anchors, aliases and `<<` merges. Anything else is an error."""

    def __init__(self, text: str) -> None:
        self.rows = [
            (len(line) - len(line.lstrip(" ")), line.strip())
            for line in text.splitlines()
            if line.strip() and not line.strip().startswith("#")
        ]
        self.anchors: dict[str, Any] = {}

    def document(self) -> Any:
        value, end = self._block(0, 0)
        assert end == len(self.rows), f"cannot read line {self.rows[end][1]!r}"
        return value

    def _block(self, i: int, indent: int) -> tuple[Any, int]:
        if self.rows[i][1].startswith("- "):
            items = []
            while i < len(self.rows) and self.rows[i][0] == indent:
                assert self.rows[i][1].startswith("- "), f"cannot read {self.rows[i][1]!r}"
                items.append(self._scalar(self.rows[i][1][2:].strip()))
                i += 1
            return items, i
        mapping: dict[str, Any] = {}
        merged: list[dict[str, Any]] = []
        while i < len(self.rows) and self.rows[i][0] == indent:
            entry = re.fullmatch(r"([\w.<-]+):(?:\s+(?:&(\S+))?\s*(.*))?", self.rows[i][1])
            assert entry, f"cannot read {self.rows[i][1]!r}"
            key, anchor, rest = entry[1], entry[2], entry[3] or ""
            i += 1
            value: Any = None
            if rest:
                value = self._scalar(rest)
            elif i < len(self.rows) and self.rows[i][0] > indent:
                value, i = self._block(i, self.rows[i][0])
            if anchor:
                self.anchors[anchor] = value
            if key == "<<":
                merged.append(value)
            else:
                mapping[key] = value
        for base in merged:
            for key, value in base.items():
                mapping.setdefault(key, copy.deepcopy(value))
        return mapping, i

    def _scalar(self, text: str) -> Any:
        if text.startswith("*"):
            return copy.deepcopy(self.anchors[text[1:]])
        if text.startswith("[") and text.endswith("]"):
            return [self._scalar(part.strip()) for part in text[1:-1].split(",") if part.strip()]
        if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
            return text[1:-1]
        return {"true": True, "false": False}.get(text, text)


def _compose() -> dict[str, Any]:
    document: dict[str, Any] = _BlockYaml(_text("compose.yaml")).document()
    return document


def _bot_image_services(services: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: service for name, service in services.items() if "build" in service}


def _workers(services: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Services of the bot's image that run its own command, `cyberbot run`."""
    return {
        name: service
        for name, service in _bot_image_services(services).items()
        if "command" not in service
    }


def _postgres(services: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    (found,) = [(n, s) for n, s in services.items() if s.get("image", "").startswith("postgres:")]
    return found


def _without_interpolation(value: str) -> str:
    """A `${…}` may hold any text (its error message has a slash): out of the way of urlsplit."""
    return re.sub(r"\$\{[^}]*\}", "example.org", value)


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments left out."""
    instructions = []
    for line in re.sub(r"\\\n", " ", _text("Dockerfile")).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, arguments = line.partition(" ")
            instructions.append((word.upper(), arguments.strip()))
    return instructions


def _instruction(name: str) -> list[str]:
    return [arguments for word, arguments in _dockerfile() if word == name]


def _docker_ignored(path: str) -> bool:
    """Close enough to Docker's .dockerignore matching for the plain patterns used there."""
    patterns = [
        line.strip()
        for line in _text("Dockerfile.dockerignore").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    return any(
        fnmatch.fnmatchcase(path, pattern)
        or fnmatch.fnmatchcase(path, pattern.removeprefix("**/"))
        or path.startswith(pattern.rstrip("/") + "/")
        for pattern in patterns
    )


class _CaseKeepingParser(configparser.ConfigParser):
    """systemd's keys are case-sensitive; configparser would lower-case them."""

    def optionxform(self, optionstr: str) -> str:
        return optionstr


def _unit_service() -> configparser.SectionProxy:
    unit = _CaseKeepingParser(interpolation=None)
    unit.read_string(_text("cyberbot.service"))
    return unit["Service"]


def _caddyfile() -> str:
    return "\n".join(
        line for line in _text("Caddyfile").splitlines() if not line.strip().startswith("#")
    )


def _subcommands(command: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in command._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _command_words(argv: list[str]) -> tuple[str, ...]:
    """What `cyberbot ARGV` would do, as its (sub)command names: ("db", "upgrade")."""
    arguments = vars(parser().parse_args(argv))
    return tuple(value for key, value in arguments.items() if key.endswith("command"))


# --- environment variables --------------------------------------------------------------------


def test_compose_and_env_example_use_only_real_settings() -> None:
    compose_text, example = _text("compose.yaml"), _text("env.example")
    services = _compose()["services"]
    readers = {
        "postgres": POSTGRES_IMAGE,
        "caddy": set(re.findall(rf"\{{\$({VARIABLE})\}}", _caddyfile())),
    }

    interpolated = set(re.findall(rf"\$\{{({VARIABLE})", compose_text))
    named_in_example = set(re.findall(rf"^#?\s*({VARIABLE})=", example, re.M))
    set_in_example = set(re.findall(rf"^({VARIABLE})=", example, re.M))

    assert interpolated <= SETTINGS | COMPOSE_ONLY
    assert interpolated <= set_in_example, "compose needs these from deploy/.env"
    assert named_in_example <= SETTINGS | COMPOSE_ONLY
    for name, service in services.items():
        understood = SETTINGS if "build" in service else readers[service["image"].split(":")[0]]
        assert set(service.get("environment") or {}) <= understood, name


def test_every_setting_is_documented_in_env_example() -> None:
    example = _text("env.example")

    undocumented = {name for name in SETTINGS if not re.search(rf"\b{name}\b", example)}

    assert not undocumented, f"document these in deploy/env.example: {sorted(undocumented)}"


def test_env_example_holds_placeholders_not_secrets() -> None:
    example = _text("env.example")
    values = dict(re.findall(rf"^({VARIABLE})=(.*)$", example, re.M))

    for name in (SECRET_SETTINGS | {"POSTGRES_PASSWORD"}) & values.keys():
        assert values[name] == "" or "replace" in values[name], name
    assert not re.search(r"\b\d{6,}:[\w-]{30,}", example), "that looks like a real bot token"


# --- the image --------------------------------------------------------------------------------


def test_image_runs_as_a_non_root_user_it_creates() -> None:
    users = _instruction("USER")

    assert users, "the Dockerfile needs a USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert any("useradd" in run and user in run.split() for run in _instruction("RUN"))


def test_image_installs_the_pinned_lock_then_the_project_without_dependencies() -> None:
    runs = _instruction("RUN")

    lock = [
        i for i, run in enumerate(runs) if re.search(r"pip install -r \S*requirements\.lock", run)
    ]
    project = [i for i, run in enumerate(runs) if "pip install --no-deps" in run]

    assert _instruction("FROM") == ["python:3.11-slim"]
    assert any(copied.split()[0] == "requirements.lock" for copied in _instruction("COPY"))
    assert lock and project and lock[0] < project[0]


def test_image_runs_the_bot_and_exposes_its_port() -> None:
    (command,) = _instruction("CMD")
    argv = json.loads(command)

    assert argv[0] == "cyberbot"
    assert _command_words(argv[1:]) == ("run",)
    assert _instruction("EXPOSE") == [str(DEFAULT_PORT)]


def test_image_keeps_the_sqlite_database_in_a_volume_the_user_owns() -> None:
    (workdir,) = _instruction("WORKDIR")
    user = _instruction("USER")[-1].split(":")[0]

    assert _instruction("VOLUME") == [str(PurePosixPath(workdir) / DATA_DIR)]
    assert any("chown" in run and user in run and DATA_DIR in run for run in _instruction("RUN"))


@contextmanager
def _health_endpoint(status: int) -> Iterator[int]:
    """A stand-in for the worker's GET /healthz on 127.0.0.1; yields its port."""

    class Health(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status if self.path == "/healthz" else 404)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test's output is about the check, not the requests."""

    server = HTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _run_health_check(environment: dict[str, str]) -> int:
    (check,) = _instruction("HEALTHCHECK")
    program, flag, code = json.loads(check.split(" CMD ", 1)[1])
    assert (program, flag) == ("python", "-c")
    done = subprocess.run([sys.executable, "-c", code], env=environment, timeout=60, check=False)
    return done.returncode


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_image_health_check_asks_healthz_of_a_webhook_worker(status: int, healthy: bool) -> None:
    with _health_endpoint(status) as port:
        exit_code = _run_health_check(
            {"WEBHOOK_URL": "https://bot.example.org/telegram", "PORT": str(port)}
        )

    assert (exit_code == 0) is healthy


def test_image_health_check_passes_a_polling_bot_without_http() -> None:
    assert _run_health_check({}) == 0


def test_build_context_leaves_out_secrets_and_local_state() -> None:
    for path in (".env", "deploy/.env", "data/cyberbot.db", ".venv/bin/python", ".git/config"):
        assert _docker_ignored(path), path


def test_image_copies_files_that_reach_the_build_context() -> None:
    sources = [s for copied in _instruction("COPY") for s in copied.split()[:-1]]

    assert sources
    for source in sources:
        assert (ROOT / source).exists(), source
        assert not _docker_ignored(source), f"{source} is left out by Dockerfile.dockerignore"


# --- systemd ----------------------------------------------------------------------------------


def test_systemd_unit_upgrades_the_database_then_runs_the_bot_from_the_venv() -> None:
    service = _unit_service()
    venv = re.search(r"^VENV := (\S+)$", (ROOT / "Makefile").read_text(), re.M)

    executable = f"{service['WorkingDirectory']}/{venv[1] if venv else '?'}/bin/cyberbot"
    before, start = shlex.split(service["ExecStartPre"]), shlex.split(service["ExecStart"])

    assert (before[0], _command_words(before[1:])) == (executable, ("db", "upgrade"))
    assert (start[0], _command_words(start[1:])) == (executable, ("run",))
    assert service["EnvironmentFile"] == "/etc/cyberbot/env"


def test_systemd_unit_restarts_after_a_crash_and_drains_on_stop() -> None:
    service = _unit_service()

    assert service["Restart"] == "on-failure"
    assert service["KillSignal"] == "SIGTERM"
    assert "TimeoutStopSec" in service


def test_systemd_unit_is_sandboxed_with_only_the_data_dir_writable() -> None:
    service = _unit_service()

    assert service["User"] not in {"root", "0"}
    assert service["ReadWritePaths"].split() == [f"{service['WorkingDirectory']}/{DATA_DIR}"]
    for setting, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "PrivateTmp": "yes",
        "ProtectHome": "yes",
    }.items():
        assert service.get(setting) == value, setting


# --- compose and Caddy ------------------------------------------------------------------------


def test_compose_runs_two_webhook_workers_on_postgres_after_the_migration() -> None:
    services = _compose()["services"]
    db_name, db = _postgres(services)
    user, database = db["environment"]["POSTGRES_USER"], db["environment"]["POSTGRES_DB"]
    workers = _workers(services)

    assert len(workers) == 2
    for name, worker in workers.items():
        environment = worker["environment"]
        url = urlsplit(_without_interpolation(environment["WEBHOOK_URL"]))
        assert url.scheme == "https" and url.path, name
        assert environment["DATABASE_URL"].startswith(f"postgresql+asyncpg://{user}:"), name
        assert environment["DATABASE_URL"].endswith(f"@{db_name}/{database}"), name
        assert worker["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


def test_compose_migrates_once_the_database_is_healthy() -> None:
    services = _compose()["services"]
    db_name, _ = _postgres(services)
    migrate = services["migrate"]

    assert migrate["image"] in {worker["image"] for worker in _workers(services).values()}
    assert _command_words(migrate["command"][1:]) == ("db", "upgrade")
    assert migrate["depends_on"][db_name] == {"condition": "service_healthy"}


def test_compose_keeps_postgres_16_in_a_named_volume_with_a_health_check() -> None:
    compose = _compose()
    _, db = _postgres(compose["services"])

    volume, _, target = db["volumes"][0].partition(":")

    assert db["image"].startswith("postgres:16")
    assert volume in compose["volumes"]
    assert target == "/var/lib/postgresql/data"
    assert "pg_isready" in db["healthcheck"]["test"]


def test_caddy_passes_only_the_webhook_path_round_robin_to_every_worker() -> None:
    services = _compose()["services"]
    workers = _workers(services)
    caddyfile = _caddyfile()
    (path,) = {
        urlsplit(_without_interpolation(worker["environment"]["WEBHOOK_URL"])).path
        for worker in workers.values()
    }

    proxy = re.search(rf"handle {re.escape(path)} \{{\s*reverse_proxy ([^{{\n]+)\{{", caddyfile)

    assert proxy, f"the Caddyfile must proxy {path} to the workers"
    assert caddyfile.count("reverse_proxy") == 1, "only the webhook path goes to the workers"
    assert sorted(proxy[1].split()) == sorted(
        f"{name}:{worker['environment']['PORT']}" for name, worker in workers.items()
    )
    assert re.search(r"^\s*lb_policy round_robin$", caddyfile, re.M)
    assert re.search(r"^\s*health_uri /healthz$", caddyfile, re.M)
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["caddy"]["volumes"]


# --- the guide --------------------------------------------------------------------------------


def test_deploy_readme_names_only_real_cyberbot_commands() -> None:
    guide = _text("README.md")
    mentioned = re.findall(r"(?:`|^\s*|bin/|migrate )cyberbot ((?:[a-z]+ ?)+)", guide, re.M)

    assert mentioned
    for words in mentioned:
        command, choices = parser(), _subcommands(parser())
        for word in words.split():
            if not choices:
                break
            assert word in choices, f"`cyberbot {words}` is no command"
            command = choices[word]
            choices = _subcommands(command)


# --- the status information ---------------------------------------------------------------

STATUS_INFO_SETTING = "BROKER_STATUS_INFO_FILE"


def test_compose_mounts_the_status_information_read_only_where_its_setting_points() -> None:
    services = _compose()["services"]

    for name, service in _bot_image_services(services).items():
        target = service["environment"][STATUS_INFO_SETTING]
        mounts = [v.split(":") for v in service.get("volumes", [])]
        sources = [source for source, mounted, *mode in mounts if mounted == target]
        assert sources, f"{name} must mount the status information at {target}"
        (source,) = sources
        assert ["ro"] in [mode for _, mounted, *mode in mounts if mounted == target], name
        assert source.startswith("./") and source.endswith(".txt"), name
        # The operator's copy stays out of git, like deploy/.env.
        ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
        assert f"deploy/{source.removeprefix('./')}" in ignored


def _install_lines(guide: str, path: str) -> list[list[str]]:
    """The `sudo install …` commands of the guide that create `path`."""
    commands = [shlex.split(line.strip()) for line in guide.splitlines() if "install " in line]
    return [words for words in commands if words[:2] == ["sudo", "install"] and words[-1] == path]


def _mode_and_group(words: list[str]) -> tuple[int, str | None]:
    mode = int(words[words.index("-m") + 1], 8)
    group = words[words.index("-g") + 1] if "-g" in words else None
    return mode, group


def test_systemd_status_information_is_readable_by_the_service_user_and_the_env_is_not() -> None:
    service, guide = _unit_service(), _text("README.md")
    user = service["User"]
    env_file = PurePosixPath(service["EnvironmentFile"])
    status_file = re.search(rf"{STATUS_INFO_SETTING}=(\S+?)`", guide)

    assert status_file, f"the guide must say what to set {STATUS_INFO_SETTING} to"
    status_path = PurePosixPath(status_file[1])
    assert status_path.parent == env_file.parent
    (directory,) = _install_lines(guide, str(env_file.parent))
    (status,) = _install_lines(guide, str(status_path))
    (env,) = _install_lines(guide, str(env_file))
    dir_mode, dir_group = _mode_and_group(directory)
    file_mode, file_group = _mode_and_group(status)
    assert dir_group == file_group == user
    assert dir_mode & 0o050 == 0o050 and not dir_mode & 0o007  # the group enters, others not
    assert file_mode & 0o040 and not file_mode & 0o007  # the group reads, others not
    assert _mode_and_group(env) == (0o600, None)  # the secrets stay root's
    assert str(status_path) in _text("env.example")
