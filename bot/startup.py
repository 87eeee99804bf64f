"""What keeps a bot process's start-up short (bench/bench_startup.py measures it).

- The garbage collector is off while the process starts (bot/__main__.py): start-up makes
  about a million objects that live as long as the process (modules, tables, the message
  catalogue), and the collector would scan them again and again while they are made (~0.1 s)
  and free nothing. resume_gc() freezes them out of later scans and turns it back on.
- One TLS context for the process's HTTP clients: each httpx client would otherwise load the
  CA bundle into a context of its own (~20 ms apiece; python-telegram-bot makes two, the
  polling loop a third). A context is only read once made, so sharing it is safe.
"""

from __future__ import annotations

import gc
import ssl
from functools import cache


def resume_gc() -> None:
    """Start-up is over: what it made is left out of later collections (gc.freeze) and the
    collector runs again. Nothing happens where it was on all along (tests calling main())."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


@cache
def client_tls_context() -> ssl.SSLContext:
    """Certificate checks as httpx does them by default (certifi's CA bundle)."""
    import httpx

    return httpx.create_ssl_context()
