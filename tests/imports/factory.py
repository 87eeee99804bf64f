"""Small factories for import files: valid ID numbers and register / alert CSV files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cases.id_numbers import check_character

VILLAGES = ("500119101201", "500119102201", "500119001201")  # 汉场坝村, 长坪村, 黄淦村


def id_number(serial: int, born: str = "19650304", region: str = "500119") -> str:
    """A valid 18-character ID number (GB 11643 check character included)."""
    first17 = f"{region}{born}{serial % 1000:03d}"
    return first17 + check_character(first17)


def household_row(n: int) -> dict[str, str]:
    born = f"19{40 + n % 60:02d}{1 + n % 12:02d}{1 + n % 28:02d}"
    return {
        "household_id": f"HH{n:07d}",
        "village_code": VILLAGES[n % len(VILLAGES)],
        "head_name": f"户主{n}",
        "id_number": id_number(n, born=born, region=f"5{n // 1000 % 100000:05d}"),
        "members": str(1 + n % 6),
        "category": ("lifted", "监测户", "edge", "一般户")[n % 4],
        "phone": f"139{n:08d}" if n % 3 else "",
    }


HOUSEHOLD_COLUMNS = ("household_id", "village_code", "head_name", "id_number", "members",
                     "category", "phone")


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]],
              encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def household_file(path: Path, count: int, encoding: str = "utf-8") -> Path:
    return write_csv(path, HOUSEHOLD_COLUMNS, [household_row(n) for n in range(count)], encoding)
