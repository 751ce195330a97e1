"""Leads posted to the broker's CRM: signed, again after the CRM failed, accepted once."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.app import BotApplication
from tests.e2e.conftest import (
    Offices,
    hand_off,
    handoff_settings,
    open_offices,
    outbox_drained,
    polling_bot,
    visitor,
)
from tests.fakes import FakeBotApi

SECRET = "s3cret"
SIGNATURE_HEADER = "X-Cyberbot-Signature"


@dataclass(frozen=True)
class Post:
    body: bytes
    headers: dict[str, str]
    status: int

    @property
    def lead(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.body)
        return document


@dataclass
class Crm:
    """A broker's CRM endpoint on 127.0.0.1 that records every POST."""

    url: str = ""
    failures: dict[int, list[int]] = field(default_factory=dict)
    """Per lead number, the statuses to answer its posts with before answering 200."""
    posts: list[Post] = field(default_factory=list)

    async def receive(self, request: web.Request) -> web.Response:
        body = await request.read()
        pending = self.failures.get(json.loads(body)["number"], [])
        status = pending.pop(0) if pending else 200
        self.posts.append(Post(body, dict(request.headers), status))
        return web.Response(status=status)

    def statuses(self) -> dict[int, list[int]]:
        """Per lead number, what the CRM answered each post of it."""
        answered: dict[int, list[int]] = {}
        for post in self.posts:
            answered.setdefault(post.lead["number"], []).append(post.status)
        return answered


@pytest.fixture
async def crm() -> AsyncIterator[Crm]:
    receiver = Crm()
    app = web.Application()
    app.router.add_post("/hook", receiver.receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    receiver.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    yield receiver
    await runner.cleanup()


@pytest.fixture
async def crm_bot(
    quick_retries: None, api: FakeBotApi, sqlite_url: str, tmp_path: Path, crm: Crm
) -> AsyncIterator[BotApplication]:
    settings = handoff_settings(
        api, sqlite_url, tmp_path, lead_webhook_url=crm.url, lead_webhook_secret=SECRET
    )
    async with polling_bot(settings) as application:
        yield application


@pytest.fixture
async def crm_offices(api: FakeBotApi, crm_bot: BotApplication) -> Offices:
    return await open_offices(api, crm_bot)


def signed(post: Post) -> bool:
    expected = "sha256=" + hmac.new(SECRET.encode(), post.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(post.headers.get(SIGNATURE_HEADER, ""), expected)


async def test_each_lead_is_posted_signed_until_the_crm_accepted_it_once(
    api: FakeBotApi, crm_bot: BotApplication, crm_offices: Offices, crm: Crm
) -> None:
    crm.failures = {1: [500, 503]}

    await hand_off(visitor(api, 7001), "/start mueller-newsletter")
    await hand_off(visitor(api, 7002, first_name="Bernd"), "/start schmidt")

    await api.wait_for(lambda: crm.statuses().get(1, [])[-1:] == [200])
    await outbox_drained(crm_bot)
    assert crm.statuses() == {1: [500, 503, 200], 2: [200]}
    assert all(signed(post) for post in crm.posts)
    assert all(post.headers["Content-Type"] == "application/json" for post in crm.posts)
    first = [post.body for post in crm.posts if post.lead["number"] == 1]
    assert len(set(first)) == 1, "every attempt posts the same document"
    lead = json.loads(first[0])
    assert lead["broker_code"] == "mueller"
    assert lead["campaign"] == "newsletter"
    assert lead["name"] == "Erika Muster"
    assert lead["phone"] == "+49 170 1234567"
