"""A test load balancer: the fake Bot API's webhook POSTs, spread over the workers.

Round-robin, except that an update sent again goes to a worker that has not had it yet, so a
redelivery always crosses workers. By default each POST is answered with the worker's own
status, so a failure (a 500, a worker gone) makes the fake deliver it again, and the workers
get updates one at a time, as the fake sends them. `concurrently()` passes each update on at
once, without waiting for the ones before it, and hands one that fails back to the fake to be
delivered again. That is Telegram with many connections, and more: Telegram waits for a chat's
previous update before it sends the next, here even one chat's updates overlap.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes import FakeBotApi
from tests.fakes.bot_api import SECRET_HEADER
from tests.multiworker.stored import HandledUpdates
from tests.multiworker.workers import Worker

BAD_GATEWAY = 502


@dataclass
class Forward:
    """One update passed to one worker; `status` is None while the worker is at it."""

    update_id: int
    chat_id: int | None
    worker: str
    status: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Spreader:
    """Receives the fake's webhook POSTs on 127.0.0.1 and passes each on to one worker."""

    def __init__(self, api: FakeBotApi, workers: Sequence[Worker]) -> None:
        self.api = api
        self.targets: list[Worker] = list(workers)
        self.parallel = False
        self._forwards: list[Forward] = []
        self._turn = 0
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.handled: HandledUpdates | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/", self._receive)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        if self._port is None:
            raise RuntimeError("Spreader is not started")
        return f"http://127.0.0.1:{self._port}/"

    @contextmanager
    def concurrently(self) -> Iterator[None]:
        """Pass updates on at once, without waiting for the ones before them."""
        self.parallel = True
        try:
            yield
        finally:
            self.parallel = False

    @contextmanager
    def only(self, worker: Worker) -> Iterator[None]:
        """Send everything to `worker` for a while."""
        targets, self.targets = self.targets, [worker]
        try:
            yield
        finally:
            self.targets = targets

    def forwards(self, update_id: int | None = None) -> list[Forward]:
        """Every update passed on so far, in order; only those of `update_id` when given."""
        return [f for f in self._forwards if update_id is None or f.update_id == update_id]

    def finished(self, chat_id: int) -> bool:
        """Each update of this chat passed on was taken by a worker and has been handled."""
        mine = [f for f in self._forwards if f.chat_id == chat_id]
        handled = self.handled.done if self.handled is not None else set()
        return _all_taken(mine) and all(f.update_id in handled for f in mine if f.ok)

    async def taken(self, update_ids: Collection[int]) -> None:
        """Until each of these updates has been passed on, taken by a worker and handled."""

        def done() -> bool:
            forwards = [f for f in self._forwards if f.update_id in update_ids]
            handled = self.handled.done if self.handled is not None else set()
            return (
                _all_taken(forwards)
                and {f.update_id for f in forwards} == set(update_ids)
                and set(update_ids) <= handled
            )

        await self.api.wait_for(done)

    def _choose(self, update_id: int) -> Worker:
        had = {f.worker for f in self._forwards if f.update_id == update_id}
        count = len(self.targets)
        turn = [self.targets[(self._turn + i) % count] for i in range(count)]
        worker = next((w for w in turn if w.name not in had), turn[0])
        self._turn = (self.targets.index(worker) + 1) % count
        return worker

    async def _receive(self, request: web.Request) -> web.Response:
        body = await request.read()
        update: dict[str, Any] = json.loads(body)
        secret = request.headers.get(SECRET_HEADER)
        worker = self._choose(int(update["update_id"]))
        record = Forward(int(update["update_id"]), _chat_of(update), worker.name)
        self._forwards.append(record)
        if not self.parallel:
            await self._forward(record, worker, body, secret)
            assert record.status is not None
            return web.Response(status=record.status)
        task = asyncio.create_task(self._forward_or_hand_back(record, worker, body, secret))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.Response(status=200)

    async def _forward_or_hand_back(
        self, record: Forward, worker: Worker, body: bytes, secret: str | None
    ) -> None:
        await self._forward(record, worker, body, secret)
        if not record.ok:
            await asyncio.sleep(self.api.webhook_retry_delay)
            self.api.redeliver(json.loads(body))

    async def _forward(
        self, record: Forward, worker: Worker, body: bytes, secret: str | None
    ) -> None:
        assert self._session is not None, "started in start()"
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        try:
            async with self._session.post(worker.webhook_url, data=body, headers=headers) as reply:
                await reply.read()
                record.status = reply.status
        except (aiohttp.ClientError, TimeoutError) as error:
            record.status, record.error = BAD_GATEWAY, repr(error)


def _chat_of(update: dict[str, Any]) -> int | None:
    message = update.get("message") or update.get("edited_message")
    if message is None and "callback_query" in update:
        message = update["callback_query"].get("message")
    return None if message is None else int(message["chat"]["id"])


def _all_taken(forwards: list[Forward]) -> bool:
    """None is still at a worker, and every update among them was taken at least once."""
    if any(f.status is None for f in forwards):
        return False
    return {f.update_id for f in forwards if f.ok} == {f.update_id for f in forwards}
