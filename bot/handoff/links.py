"""Deep links and QR codes a broker shares, so every session is attributed to them.

The start payload is `code` or `code-campaign`; the limits keep it within Telegram's 64
characters and leave `-` as an unambiguous separator for `split_payload`.
"""

from __future__ import annotations

import io
import re

import segno

from bot.storage.brokers import BROKER_CODE
from bot.storage.handoff_models import BROKER_CODE_MAX

CAMPAIGN_MAX = 23
CAMPAIGN = re.compile(rf"[A-Za-z0-9_]{{1,{CAMPAIGN_MAX}}}")
# Telegram bot usernames: 5 to 32 letters, digits or underscores.
BOT_USERNAME = re.compile(r"[A-Za-z0-9_]{5,32}")
QR_BORDER = 4
"""The quiet zone in modules; 4 is what the QR standard asks for."""


def start_link(bot_username: str, code: str, campaign: str | None = None) -> str:
    """`https://t.me/<bot>?start=<code>[-<campaign>]`; a leading `@` on the username is fine."""
    username = bot_username.removeprefix("@")
    if not BOT_USERNAME.fullmatch(username):
        raise ValueError(
            f"bot username {bot_username!r} is not valid: 5 to 32 letters, digits or _"
        )
    if not BROKER_CODE.fullmatch(code):
        raise ValueError(
            f"broker code {code!r} is not valid: 1 to {BROKER_CODE_MAX} letters, digits or _"
        )
    if campaign is None:
        return f"https://t.me/{username}?start={code}"
    if not CAMPAIGN.fullmatch(campaign):
        raise ValueError(
            f"campaign {campaign!r} is not valid: 1 to {CAMPAIGN_MAX} letters, digits or _"
        )
    return f"https://t.me/{username}?start={code}-{campaign}"


def qr_png(url: str, scale: int = 8) -> bytes:
    """The link as a PNG QR code, error correction M or better so a flyer survives a smudge."""
    code = segno.make_qr(url, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=QR_BORDER)
    return buffer.getvalue()
