"""Bot workers as real processes: `cyberbot run`, configured only by its environment.

A webhook worker serves its own port on this machine; a polling worker fetches its updates
itself. Its output goes to a log file that a failing start quotes, so a worker that cannot
come up says why.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

CYBERBOT = Path(sys.executable).with_name("cyberbot")
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
WEBHOOK_PATH = "/telegram"
POLLING_SAYS = "polling for updates"


@dataclass(frozen=True)
class Deployment:
    """What every worker of one deployment shares: the Bot API, the database, the staff chat."""

    telegram_base_url: str
    token: str
    database_url: str
    webhook_secret: str
    staff_chat_id: int
    broker_name: str
    directory: Path
    """The working directory: empty, so no `.env` is read."""
    polling: bool = False
    """Polling workers fetch updates themselves (`make run`); webhook workers are sent them."""
    extra: tuple[tuple[str, str], ...] = ()
    """Further settings, e.g. (("TELEGRAM_TIMEOUT", "1"),)."""

    def environment(self, port: int) -> dict[str, str]:
        """Only what an operator would set; nothing leaks in from the shell running the tests."""
        environment = {
            "PATH": os.environ.get("PATH", os.defpath),
            "TELEGRAM_BOT_TOKEN": self.token,
            "TELEGRAM_BASE_URL": self.telegram_base_url,
            "DATABASE_URL": self.database_url,
            "STAFF_CHAT_ID": str(self.staff_chat_id),
            "BROKER_NAME": self.broker_name,
            "LOG_FORMAT": "json",
            **dict(self.extra),
        }
        if not self.polling:
            environment["WEBHOOK_URL"] = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
            environment["WEBHOOK_SECRET"] = self.webhook_secret
            environment["PORT"] = str(port)
        return environment


def counter_total(exposition: str, name: str) -> float:
    """The sum of a counter over all its labels, read from a Prometheus exposition."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == name
    )


class Worker:
    """One `cyberbot run` process serving the webhook on 127.0.0.1:`port`."""

    def __init__(
        self, name: str, port: int, process: asyncio.subprocess.Process, log_path: Path
    ) -> None:
        self.name = name
        self.port = port
        self.process = process
        self.log_path = log_path

    def __repr__(self) -> str:
        return f"Worker({self.name}, port={self.port})"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def webhook_url(self) -> str:
        return self.url + WEBHOOK_PATH

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def get(self, path: str) -> tuple[int, str]:
        """GET on a new connection (never a pooled one), so a closed listener shows as refused."""
        connector = aiohttp.TCPConnector(force_close=True)
        timeout = aiohttp.ClientTimeout(total=5)
        async with (
            aiohttp.ClientSession(connector=connector, timeout=timeout) as session,
            session.get(self.url + path) as response,
        ):
            return response.status, await response.text()

    async def updates_handled(self) -> float:
        """`cyberbot_updates_total` of this worker, all kinds together."""
        status, body = await self.get("/metrics")
        if status != 200:
            raise AssertionError(f"{self.name} answered /metrics with {status}")
        return counter_total(body, "cyberbot_updates_total")

    async def accepts_connections(self) -> bool:
        try:
            await self.get("/healthz")
        except aiohttp.ClientConnectionError:
            return False
        return True

    async def wait_ready(self, timeout: float = START_TIMEOUT, *, polling: bool = False) -> None:
        """Until /healthz answers 200, which it does once the webhook is registered; a polling
        worker until it says it polls."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if self.process.returncode is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.process.returncode}:\n{self.log()}"
                )
            if polling:
                if POLLING_SAYS in self.log():
                    return
            else:
                try:
                    status, _ = await self.get("/healthz")
                except aiohttp.ClientError:
                    status = 0
                if status == 200:
                    return
            await asyncio.sleep(0.1)
        raise RuntimeError(f"{self.name} was not healthy within {timeout} s:\n{self.log()}")

    def terminate(self) -> None:
        """SIGTERM, as a process manager sends it."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)

    async def kill(self) -> None:
        """SIGKILL: the process ends at once, as in a crash or an out-of-memory kill."""
        if self.process.returncode is None:
            self.process.kill()
        await self.process.wait()

    async def exit_code(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """The exit code, or None if the process is still running after `timeout`."""
        try:
            return await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            return None

    async def stop(self) -> None:
        """SIGTERM, and SIGKILL if that does not end it: nothing is left running."""
        self.terminate()
        if await self.exit_code() is None:
            self.process.kill()
            await self.process.wait()


class WorkerPool:
    """Starts the workers of one deployment, and stops every one of them at the end."""

    def __init__(self, deployment: Deployment) -> None:
        self.deployment = deployment
        self._started: list[Worker] = []

    async def start(self, name: str) -> Worker:
        """`cyberbot run`, returned once /healthz answers; `stop_all` ends it in any case."""
        port = _free_port()
        log_path = self.deployment.directory / f"{name}.log"
        with log_path.open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                str(CYBERBOT),
                "run",
                cwd=self.deployment.directory,
                env=self.deployment.environment(port),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )
        worker = Worker(name, port, process, log_path)
        self._started.append(worker)
        await worker.wait_ready(polling=self.deployment.polling)
        return worker

    async def stop_all(self) -> None:
        await asyncio.gather(*(worker.stop() for worker in self._started))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
