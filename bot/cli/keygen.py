"""`python -m bot keygen`: print a new DATA_KEY."""

from __future__ import annotations

import argparse

from storage.crypto import generate_key


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("keygen", help="print a new DATA_KEY for .env")
    parser.set_defaults(func=keygen)


def keygen(_args: argparse.Namespace) -> int:
    """Print a fresh key; keep it safe: without it, encrypted fields cannot be read."""
    print(generate_key())
    return 0
