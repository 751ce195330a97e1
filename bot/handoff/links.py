"""Deep links and QR codes a broker shares, so every session is attributed to them.

The start payload is `code` or `code-campaign`; the limits keep it within Telegram's 64
characters and leave `-` as an unambiguous separator for `split_payload`.
"""

from __future__ import annotations

import io
import re

import segno

from bot.storage.brokers import broker_code

CAMPAIGN_MAX = 23
CAMPAIGN = re.compile(rf"[A-Za-z0-9_]{{1,{CAMPAIGN_MAX}}}")
# Telegram bot usernames: 5 to 32 letters, digits or underscores.
BOT_USERNAME = re.compile(r"[A-Za-z0-9_]{5,32}")
QR_BORDER = 4
"""The quiet zone in modules; 4 is what the QR standard asks for."""


def start_link(bot_username: str, code: str | None, campaign: str | None = None) -> str:
    """`https://t.me/<bot>?start=<code>[-<campaign>]`; a leading `@` on the username is fine.

    Without a code it is the default broker's link, `https://t.me/<bot>`, which can carry no
    campaign (the start parameter would read as a broker code).
    """
    username = bot_username.removeprefix("@")
    if not BOT_USERNAME.fullmatch(username):
        raise ValueError(
            f"bot username {bot_username!r} is not valid: 5 to 32 letters, digits or _"
        )
    if code is None:
        if campaign is not None:
            raise ValueError("a campaign needs a broker code: the default broker's link has none")
        return f"https://t.me/{username}"
    code = broker_code(code)
    if campaign is None:
        return f"https://t.me/{username}?start={code}"
    if not CAMPAIGN.fullmatch(campaign):
        raise ValueError(
            f"campaign {campaign!r} is not valid: 1 to {CAMPAIGN_MAX} letters, digits or _"
        )
    return f"https://t.me/{username}?start={code}-{campaign}"


def qr_png(url: str, scale: int = 8) -> bytes:
    """The link as a PNG QR code, error correction M or better so a flyer survives a smudge."""
    return _qr(url, "png", scale)


def qr_svg(url: str, scale: int = 8) -> bytes:
    """The same QR code as SVG, which a print shop scales to any size without blur."""
    return _qr(url, "svg", scale)


def _qr(url: str, kind: str, scale: int) -> bytes:
    code = segno.make_qr(url, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind=kind, scale=scale, border=QR_BORDER)
    return buffer.getvalue()
