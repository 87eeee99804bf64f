"""QR posters: one printable A4 page per village with its name, a QR code that opens the web
page with that village chosen, and three plain lines in Chinese.

The link carries the village signed with POSTER_KEY (bot/web/signing.py), short enough for a
QR code a cheap phone's camera reads from across a notice board (at most 60 characters).
"""

from __future__ import annotations

import io
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from bot.reports.fonts import CJK_FONT
from bot.web.signing import PosterSigner

MAX_LINK = 60
A4_INCHES = (8.27, 11.69)
PRIVATE_SUFFIXES = (".local", ".lan", ".internal", ".localhost", ".home", ".test", ".example")


class PosterError(ValueError):
    """Why no poster can be made; the message says what to do."""


def check_public_base(base_url: str) -> str:
    """The base URL, if a phone anywhere could open it: https, a public host name or address."""
    if not base_url:
        raise PosterError("WEB_BASE_URL is not set: posters need the public https address the "
                          "page is reached at, e.g. WEB_BASE_URL=https://sn.example.gov.cn")
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https":
        raise PosterError(f"WEB_BASE_URL {base_url} is not https: phones record voice only on "
                          "https pages, and a printed poster cannot be changed later")
    if parts.query or parts.fragment:
        raise PosterError(f"WEB_BASE_URL {base_url} must not carry ? or #")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if "." not in host or host == "localhost" or host.endswith(PRIVATE_SUFFIXES):
            raise PosterError(f"WEB_BASE_URL {base_url} is not a public address: a phone "
                              "scanning the poster could not open it") from None
    else:
        if not address.is_global:
            raise PosterError(f"WEB_BASE_URL {base_url} is a private address: a phone "
                              "scanning the poster could not open it")
    return base_url.rstrip("/")


def poster_link(base_url: str, signer: PosterSigner, village_code: str) -> str:
    link = f"{base_url}/p/{signer.token(village_code)}"
    if len(link) > MAX_LINK:
        raise PosterError(f"the poster link {link} has {len(link)} characters, more than "
                          f"{MAX_LINK}: use a shorter WEB_BASE_URL (a short domain, no path)")
    return link


@cache
def _font_characters() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(CJK_FONT).getBestCmap())


def missing_characters(text: str) -> list[str]:
    """Characters of `text` the shipped font has no glyph for (spaces aside), in order."""
    have = _font_characters()
    missing: list[str] = []
    for character in text:
        if not character.isspace() and ord(character) not in have and character not in missing:
            missing.append(character)
    return missing


@dataclass(frozen=True, slots=True)
class PosterText:
    village: str
    place: str  # "木凉镇 · 南川区"
    lines: tuple[str, str, str]
    footer: str


def render_poster(text: PosterText, link: str, fmt: str) -> bytes:
    """The A4 page as PDF or PNG bytes."""
    import segno
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=str(CJK_FONT))
    figure = Figure(figsize=A4_INCHES)
    canvas = figure.add_axes((0, 0, 1, 1))
    canvas.set_axis_off()
    canvas.set_xlim(0, 1)
    canvas.set_ylim(0, 1)
    canvas.text(0.5, 0.91, text.village, ha="center", va="center", fontproperties=font,
                fontsize=54, weight="bold")
    canvas.text(0.5, 0.845, text.place, ha="center", va="center", fontproperties=font,
                fontsize=20, color="#444444")
    qr = segno.make(link, error="m")
    matrix = [[1 - int(bool(cell)) for cell in row] for row in qr.matrix_iter(scale=1, border=4)]
    width = 0.56  # of the page width; the page is taller than wide: keep the modules square
    height = width * A4_INCHES[0] / A4_INCHES[1]
    code = figure.add_axes(((1 - width) / 2, 0.36, width, height))
    code.imshow(matrix, cmap="gray", interpolation="nearest", vmin=0, vmax=1)
    code.set_axis_off()
    for n, line in enumerate(text.lines):
        canvas.text(0.5, 0.29 - n * 0.055, line, ha="center", va="center", fontproperties=font,
                    fontsize=21)
    canvas.text(0.5, 0.09, link, ha="center", va="center", fontsize=12, color="#444444",
                family="monospace")
    canvas.text(0.5, 0.05, text.footer, ha="center", va="center", fontproperties=font,
                fontsize=13, color="#666666")
    out = io.BytesIO()
    figure.savefig(out, format=fmt, dpi=200 if fmt == "png" else 72)
    return out.getvalue()


def write_posters(items: list[tuple[str, PosterText, str]], folder: Path, fmt: str,
                  said: Callable[[str], None]) -> list[Path]:
    """(village code, its text, its link) → one file each; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for code, text, link in items:
        path = folder / f"{code}-{text.village}.{fmt}"
        path.write_bytes(render_poster(text, link, fmt))
        said(f"{path}  {link}")
        written.append(path)
    return written
