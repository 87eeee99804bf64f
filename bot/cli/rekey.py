"""`python -m bot rekey [--batch N]`: re-encrypt every stored value under the newest DATA_KEY,
while the bot runs; `--lookup-key` prints the LOOKUP_KEY to pin before an old key goes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import ConfigError, cipher_from
from bot.cli.database import open_existing
from bot.settings import Settings
from cases.clock import Clock, SystemClock
from storage import rekey
from storage.crypto import DataKeyError, derived_lookup_key
from storage.db import chunk_transactions
from storage.keycheck import check_keys
from storage.upload_files import UploadStore


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("rekey", help="re-encrypt stored data under the newest DATA_KEY "
                                          "(safe while the bot runs; resumable)")
    parser.add_argument("--batch", type=int, default=rekey.BATCH, metavar="N",
                        help=f"rows per transaction, at most {rekey.BATCH} (default)")
    parser.add_argument("--lookup-key", action="store_true",
                        help="print the LOOKUP_KEY in use, to put in .env before the oldest "
                             "DATA_KEY is removed")
    parser.set_defaults(func=run_rekey)


async def run_rekey(args: argparse.Namespace) -> int:
    settings = Settings()
    if args.lookup_key:
        return print_lookup_key(settings)
    return await rekey_database(settings, SystemClock(), batch=args.batch)


def lookup_key_in_use(settings: Settings) -> str:
    pinned = settings.storage.lookup_key
    if pinned is not None and pinned.get_secret_value():
        return pinned.get_secret_value()
    data_key = settings.storage.data_key
    if data_key is None or not data_key.get_secret_value():
        raise ConfigError("DATA_KEY is not set")
    return derived_lookup_key(data_key.get_secret_value())


def print_lookup_key(settings: Settings) -> int:
    """The value to pin: the look-up hashes stay valid whatever DATA_KEY holds later."""
    print(f"LOOKUP_KEY={lookup_key_in_use(settings)}")
    print("keep it as safe as DATA_KEY, and never change it: the stored look-up hashes "
          "were made with it", file=sys.stderr)
    return 0


async def rekey_database(settings: Settings, clock: Clock, *, batch: int = rekey.BATCH) -> int:
    """Every sealed value under the newest key, in transactions of at most `batch` rows."""
    if not 1 <= batch <= rekey.BATCH:
        print(f"error: --batch must be between 1 and {rekey.BATCH}", file=sys.stderr)
        return 2
    cipher = cipher_from(settings)
    engine = await open_existing(settings.storage.database_url)
    try:
        try:
            async with engine.begin() as tx:
                await check_keys(tx, cipher)
        except DataKeyError as exc:
            raise ConfigError(str(exc)) from exc
        done = await rekey.rekey_all(chunk_transactions(engine), cipher, clock.now, size=batch,
                                     report=lambda p: print(
                                         f"{p.table}: {p.rows} rows read, {p.changed} re-encrypted",
                                         file=sys.stderr))
    finally:
        await engine.dispose()
    # The web visitors' photos and voice notes: files, sealed under the same key.
    files, rotated = await UploadStore(Path(settings.web.upload_dir), cipher).rekey()
    if files:
        print(f"web uploads: {files:,} files read, {rotated:,} re-encrypted", file=sys.stderr)
    if any(done.values()) or rotated:
        print(f"re-encrypted under the newest key: {sum(done.values()):,} rows ("
              + ", ".join(f"{n} {table}" for table, n in done.items() if n) + ")"
              + (f" and {rotated:,} web upload files" if rotated else ""))
    else:
        print("nothing to re-encrypt: everything is under the newest key")
    pinned = settings.storage.lookup_key
    if cipher.key_count > 1 and (pinned is None or not pinned.get_secret_value()):
        print("LOOKUP_KEY is not set: before removing the oldest key from DATA_KEY, add to .env\n"
              f"LOOKUP_KEY={lookup_key_in_use(settings)}")
    elif cipher.key_count > 1:
        print("the older keys may now be removed from DATA_KEY (keep a copy with the backups "
              "made before today)")
    return 0
