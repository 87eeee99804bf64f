"""Time `python -m bot households import` on a generated register file (SQLite file by default).

    python bench/bench_household_import.py [--rows 100000] [--database-url URL]

Prints the seconds and the throughput (rows/s) of the first import (all rows new) and the
second (nothing changes). The import writes CHUNK_ROWS rows per transaction with a pause of
CHUNK_PAUSE after each on SQLite (storage/db.py), so another process can take the lock in
between; the pauses are part of the time. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import tempfile
import time
from pathlib import Path

from bot.cli.households import load_households
from bot.settings import Settings
from cases.clock import SystemClock
from cases.id_numbers import check_character
from storage import db
from storage.crypto import generate_key

VILLAGES = ("500119101201", "500119102201", "500119001201", "500119103201")
CATEGORIES = ("lifted", "监测户", "edge", "ordinary")


def write_register(path: Path, rows: int) -> None:
    """A valid register file: unique household ids and ID numbers."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["household_id", "village_code", "head_name", "id_number", "members",
                         "category", "phone"])
        for n in range(rows):
            first17 = f"5{n // 1000 % 100000:05d}19{40 + n % 60:02d}{1 + n % 12:02d}" \
                      f"{1 + n % 28:02d}{n % 1000:03d}"
            writer.writerow([f"HH{n:07d}", VILLAGES[n % 4], f"户主{n}",
                             first17 + check_character(first17), 1 + n % 6, CATEGORIES[n % 4],
                             f"139{n:08d}" if n % 3 else ""])


async def run(rows: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.csv"
        write_register(path, rows)
        settings = Settings(database_url=url or f"sqlite+aiosqlite:///{tmp}/bench.db",
                            data_key=generate_key())
        print(f"{rows} rows, {db.CHUNK_ROWS} per transaction, {db.CHUNK_PAUSE * 1000:.0f} ms "
              "pause between transactions on SQLite")
        for label in ("first import", "second import"):
            started = time.perf_counter()
            code = await load_households(settings, str(path), SystemClock())
            elapsed = time.perf_counter() - started
            print(f"{label}: {rows} rows in {elapsed:.1f} s, throughput "
                  f"{rows / elapsed:,.0f} rows/s, exit {code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(run(args.rows, args.database_url))


if __name__ == "__main__":
    main()
