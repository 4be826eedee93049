"""The 码上评 QR code: a PNG of the public page's address, made locally by segno (no network)."""

from __future__ import annotations

import io

import segno


def qr_png(url: str, scale: int = 6) -> bytes:
    """Error correction M (15 %): survives a smudged print; the quiet zone is the standard 4 modules."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def evaluation_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/e/{token}"
