"""The address a web request came from: the peer's, or — only when the peer is a trusted
reverse proxy — the one the proxy wrote in WEB_TRUSTED_PROXY_HEADER. Anyone can write that
header; believing it from anyone else would let a client choose its own address and step
around the per-address limits."""

from __future__ import annotations

from aiohttp import web


def parse_trusted(value: str) -> frozenset[str]:
    return frozenset(p.strip() for p in value.split(",") if p.strip())


def client_address(request: web.Request, header: str, trusted: frozenset[str]) -> str:
    peer = request.remote or "unknown"
    if not header or peer not in trusted:
        return peer
    # "client, proxy1, proxy2": the nearest address that is not one of our proxies.
    parts = [p.strip() for p in request.headers.get(header, "").split(",") if p.strip()]
    for part in reversed(parts):
        if part not in trusted:
            return part[:64]
    return peer
