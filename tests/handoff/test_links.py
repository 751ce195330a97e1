"""A broker's start links open the bot with their code, and the QR code shows exactly that link."""

from __future__ import annotations

import struct
import zlib

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st

from bot.handoff.links import qr_png, qr_svg, start_link
from bot.storage.brokers import split_payload

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
QUIET_ZONE = 4
WORD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"


def test_link_without_campaign_starts_the_bot_with_the_broker_code() -> None:
    assert start_link("cyber_test_bot", "muster") == "https://t.me/cyber_test_bot?start=muster"


def test_campaign_follows_the_code_after_a_dash() -> None:
    link = start_link("cyber_test_bot", "muster", "flyer_2025")
    assert link == "https://t.me/cyber_test_bot?start=muster-flyer_2025"


def test_username_may_be_written_with_an_at_sign() -> None:
    assert start_link("@cyber_test_bot", "muster") == start_link("cyber_test_bot", "muster")


@given(
    code=st.text(WORD, min_size=1, max_size=40),
    campaign=st.none() | st.text(WORD, min_size=1, max_size=23),
)
def test_the_bot_reads_back_code_and_campaign_from_any_valid_link(
    code: str, campaign: str | None
) -> None:
    payload = start_link("cyber_test_bot", code, campaign).split("?start=", 1)[1]
    assert len(payload) <= 64  # Telegram's limit for a start parameter
    assert split_payload(payload) == (code.lower(), campaign)


@pytest.mark.parametrize("code", ["", "a-b", "müller", "two words", "x" * 41, "a/b"])
def test_unusable_broker_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match="broker code"):
        start_link("cyber_test_bot", code)


@pytest.mark.parametrize(("code", "instead"), [("müller", "mueller"), ("Größe", "groesse")])
def test_a_code_with_umlauts_is_refused_naming_the_code_to_use(code: str, instead: str) -> None:
    with pytest.raises(ValueError, match=f"no umlauts.*use '{instead}'"):
        start_link("cyber_test_bot", code)


def test_codes_are_linked_in_lower_case_and_read_back_in_lower_case() -> None:
    assert start_link("cyber_test_bot", "Mueller", "Flyer") == (
        "https://t.me/cyber_test_bot?start=mueller-Flyer"
    )
    assert split_payload("MUELLER-news") == ("mueller", "news")


def test_the_default_brokers_link_has_no_start_parameter_and_no_campaign() -> None:
    assert start_link("cyber_test_bot", None) == "https://t.me/cyber_test_bot"
    with pytest.raises(ValueError, match="campaign needs a broker code"):
        start_link("cyber_test_bot", None, "flyer")


def test_qr_code_as_svg_has_the_symbols_size_with_its_quiet_zone() -> None:
    url = start_link("cyber_test_bot", "muster", "flyer")

    svg = qr_svg(url).decode()

    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    size = len(_reference(url, "m")) + 2 * QUIET_ZONE
    assert f'viewBox="0 0 {size * 8} {size * 8}"' in svg or f'width="{size * 8}"' in svg


@pytest.mark.parametrize("campaign", ["", "spring-2025", "ß", "x" * 24, "a b"])
def test_unusable_campaign_is_refused(campaign: str) -> None:
    with pytest.raises(ValueError, match="campaign"):
        start_link("cyber_test_bot", "muster", campaign)


@pytest.mark.parametrize("username", ["", "bot", "cyber-bot", "x" * 33, "t.me/cyber_bot"])
def test_unusable_bot_username_is_refused(username: str) -> None:
    with pytest.raises(ValueError, match="bot username"):
        start_link(username, "muster")


def _png_pixels(png: bytes) -> list[list[int]]:
    """A 1-bit greyscale PNG as rows of 0 (black) and 1 (white); enough of PNG for segno's."""
    assert png.startswith(PNG_SIGNATURE)
    position, data = len(PNG_SIGNATURE), b""
    width = height = 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (1, 0), "expected a 1-bit greyscale image"
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    raw = zlib.decompress(data)
    stride = (width + 7) // 8
    previous, rows = bytes(stride), []
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        filter_type, scanline = line[0], line[1:]
        assert filter_type in (0, 2), f"unexpected PNG filter {filter_type}"
        if filter_type == 2:  # "Up": each byte is the difference to the row above
            current = bytes((a + b) & 0xFF for a, b in zip(scanline, previous, strict=True))
        else:
            current = scanline
        rows.append([(current[x // 8] >> (7 - x % 8)) & 1 for x in range(width)])
        previous = current
    return rows


def _modules(png: bytes, scale: int) -> list[list[int]]:
    """The symbol read back from the picture: 1 for a dark module, quiet zone included."""
    pixels = _png_pixels(png)
    assert len(pixels) == len(pixels[0]) and len(pixels) % scale == 0
    size = len(pixels) // scale
    centre = scale // 2
    return [
        [1 - pixels[row * scale + centre][column * scale + centre] for column in range(size)]
        for row in range(size)
    ]


def _reference(url: str, error: str) -> list[list[int]]:
    symbol = segno.make_qr(url, error=error, boost_error=False)
    return [[int(bool(module)) for module in row] for row in symbol.matrix]


def test_qr_code_shows_the_link_with_quiet_zone_and_error_correction_m_or_better() -> None:
    url = start_link("cyber_test_bot", "muster", "flyer")

    modules = _modules(qr_png(url), scale=8)

    inner = slice(QUIET_ZONE, len(modules) - QUIET_ZONE)
    symbol = [row[inner] for row in modules[inner]]
    assert sum(map(sum, modules)) == sum(map(sum, symbol)), "dark modules in the quiet zone"
    assert any(symbol == _reference(url, level) for level in ("m", "q", "h"))
    assert symbol != _reference(start_link("cyber_test_bot", "muster", "mail"), "m")


def test_qr_code_scale_sets_pixels_per_module() -> None:
    url = start_link("cyber_test_bot", "muster")

    small, large = _png_pixels(qr_png(url, scale=2)), _png_pixels(qr_png(url, scale=10))

    assert len(large) == 5 * len(small)
    assert _modules(qr_png(url, scale=2), 2) == _modules(qr_png(url, scale=10), 10)


def test_longer_link_never_gives_a_smaller_symbol() -> None:
    short = _modules(qr_png(start_link("cyber_test_bot", "m")), 8)
    long = _modules(qr_png(start_link("cyber_test_bot", "m" * 40, "c" * 23)), 8)

    assert len(long) >= len(short)
