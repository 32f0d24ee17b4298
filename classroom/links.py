"""The join link a trainer shows the room: its URL (reachable from a phone, if it can be) and its QR code."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import segno

PAGE = "classroom"  # the Classroom page's URL path
_LOCAL_NAMES = {"localhost", "0.0.0.0", "::1", "::", ""}


@dataclass(frozen=True)
class JoinLink:
    url: str
    local_only: bool  # only this machine can open it: phones in the room cannot


def is_local(host: str) -> bool:
    """Whether a host name (no port) names only this machine."""
    host = host.strip("[]").lower()
    return host in _LOCAL_NAMES or host.startswith("127.") or host.endswith(".localhost")


def base_url(*, public_url: str = "", browser_url: str = "", host: str = "") -> str:
    """Where the app is served: the configured public URL, else the address the trainer's browser used."""
    if public_url.strip():
        return public_url.strip().rstrip("/")
    parts = urlsplit(browser_url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return f"http://{host}" if host else "http://localhost:8501"


def join_link(code: str, *, public_url: str = "", browser_url: str = "", host: str = "") -> JoinLink:
    """The URL a student opens to join the session `code` (`/classroom?join=CODE` under the app's base URL)."""
    base = base_url(public_url=public_url, browser_url=browser_url, host=host)
    url = f"{base}/{PAGE}?join={quote(code)}"
    return JoinLink(url, is_local(urlsplit(base).hostname or ""))


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A QR code of `url` as PNG bytes (medium error correction, a quiet zone of 4 modules, as the standard asks)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
