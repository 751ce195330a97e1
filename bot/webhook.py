"""Webhook mode: a thin Starlette app in front of the inbox, served by uvicorn.

An update is answered 200 once it is stored in the inbox, not once it is handled: Telegram
never waits for a slow chat, and an update stored is never lost. While the database is away
the answer is 503, so Telegram keeps the update and sends it again. A body that is not an
update gets 400 (Telegram would otherwise repeat it forever).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import FrameType
from urllib.parse import urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update

from bot.app import BotApplication, running
from bot.config import Settings
from bot.inbox.receipt import Receiver, arrival_of
from bot.metrics import CONTENT_TYPE, exposition

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few kilobytes; a much larger body is not one of them.
MAX_BODY_BYTES = 1_000_000
BODY_SECONDS = 10.0
# uvicorn: idle keep-alive connections and stalled requests do not hold the worker.
KEEP_ALIVE_SECONDS = 5
CONCURRENT_REQUESTS = 200


async def _body(request: Request) -> bytes | None:
    """The request body, or None when it is too large or does not arrive in time."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    chunks: list[bytes] = []
    size = 0

    async def read() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise ValueError("body too large")
            chunks.append(chunk)

    try:
        await asyncio.wait_for(read(), BODY_SECONDS)
    except (TimeoutError, ValueError, ClientDisconnect):
        return None
    return b"".join(chunks)


def create_web_app(application: BotApplication, settings: Settings) -> Starlette:
    """The ASGI app: POST updates on the webhook's path, GET /healthz for the proxy."""
    if not settings.webhook_url:
        raise ValueError("WEBHOOK_URL is not set")
    path = urlsplit(settings.webhook_url).path or "/"
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None

    receiver: Receiver = application.bot_data["receiver"]

    async def receive_update(request: Request) -> Response:
        if secret is not None:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return Response(status_code=403)
        body = await _body(request)
        if body is None:
            log.warning("webhook: a body too large or too slow was refused")
            return Response(status_code=400)
        try:
            update = json.loads(body)
        except ValueError:
            update = None
        if arrival_of(update) is None:
            log.warning("webhook: a body that is not a Telegram update was refused")
            return Response(status_code=400)
        try:
            await receiver.receive([update])
        except Exception as error:
            log.warning("webhook: cannot store the update (%s); answered 503", type(error).__name__)
            return Response(status_code=503)
        return Response(status_code=200)

    async def metrics(request: Request) -> Response:
        return Response(exposition(), media_type=CONTENT_TYPE)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse(
            "ok" if application.running else "starting", 200 if application.running else 503
        )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with running(application):
            await application.bot.set_webhook(
                settings.webhook_url or "", secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
            yield

    return Starlette(
        routes=[
            Route(path, receive_update, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


async def serve(application: BotApplication, settings: Settings) -> None:
    """Run the webhook server until SIGTERM; uvicorn lets requests in flight finish."""
    config = uvicorn.Config(
        create_web_app(application, settings),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        lifespan="on",
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        limit_concurrency=CONCURRENT_REQUESTS,
    )
    log.info("serving the webhook on %s port %d", settings.host, settings.port)
    # uvicorn drains on SIGTERM, then re-raises the signal for the previous handler. A
    # deliberate stop is a clean exit (code 0) for systemd and Docker, not death by signal.
    signal.signal(signal.SIGTERM, _stopped)
    await uvicorn.Server(config).serve()


def _stopped(signum: int, frame: FrameType | None) -> None:
    log.info("stopped by signal %d", signum)
