"""Webhook mode: a thin Starlette app in front of PTB's Application, served by uvicorn.

Each update is processed before the request is answered, so Telegram redelivers an update
whose handling failed (a 500), and the duplicate check makes that redelivery safe.
"""

from __future__ import annotations

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
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update

from bot.app import BotApplication, running
from bot.config import Settings
from bot.metrics import CONTENT_TYPE, exposition

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def failed_updates(application: BotApplication) -> set[int]:
    """Update ids whose handler raised; the error handler adds them, the webhook reports 500."""
    failed: set[int] = application.bot_data.setdefault("failed_updates", set())
    return failed


def create_web_app(application: BotApplication, settings: Settings) -> Starlette:
    """The ASGI app: POST updates on the webhook's path, GET /healthz for the proxy."""
    if not settings.webhook_url:
        raise ValueError("WEBHOOK_URL is not set")
    path = urlsplit(settings.webhook_url).path or "/"
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None

    async def receive_update(request: Request) -> Response:
        if secret is not None:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return Response(status_code=403)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            return Response(status_code=400)
        await application.process_update(update)
        if update.update_id in failed_updates(application):
            failed_updates(application).discard(update.update_id)
            return Response(status_code=500)
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
        host="0.0.0.0",
        port=settings.port,
        log_level="warning",
        lifespan="on",
    )
    log.info("serving the webhook on port %d", settings.port)
    # uvicorn drains on SIGTERM, then re-raises the signal for the previous handler. A
    # deliberate stop is a clean exit (code 0) for systemd and Docker, not death by signal.
    signal.signal(signal.SIGTERM, _stopped)
    await uvicorn.Server(config).serve()


def _stopped(signum: int, frame: FrameType | None) -> None:
    log.info("stopped by signal %d", signum)
