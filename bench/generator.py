"""A realistic province-sized data set: 40 districts × 20 towns × 10 villages, a household
register, officials on every level, and N cases over five years with their timelines.

    python bench/generator.py --cases 1000000 --database-url postgresql+asyncpg://…/empty_db

Used by the benches (bench/bench_scale.py) and by the PostgreSQL plan test
(tests/ops/test_query_plans.py, 100,000 cases). PostgreSQL is loaded with COPY; SQLite (for
the one-district measurements) with executemany on the sqlite3 module.

What it makes, and why it looks like a running system:
- Every case walks the lifecycle from its report: the stages are cases.vocab.OPEN_STAGES in
  order, so a stage added there is generated too (a stage this file has no timings for stays
  1–7 days; its due step is the stage's own name). Early closures (duplicate, withdrawn,
  unreachable) and "not eligible" decisions happen on the way; monitored households are
  eliminated after 180–540 days and keep a re-check deadline 180 days later. A case's stage is
  where its walk stands at NOW; its deadline is the stage's own, so some are overdue, with the
  escalation level a running scan would have given them (a town lead's step stops at level 1).
- Reports are spread over the five years before NOW; a few *hot* villages also hold 10,000
  open cases each (fewer on small sets: a tenth of the cases), reported in the last 90 days.
- Sealed fields are sealed as in production: Fernet tokens under DATA_KEY and keyed hashes
  for ID and phone numbers (a case carries its household's tokens, as a report matched to the
  register does; descriptions are sealed one by one).
- Each case has timeline events: reported, routed, and one per step it took.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cases.escalation import LEAD_STEPS, MAX_LEVEL
from cases.vocab import CATEGORIES, OPEN_STAGES, RISK_TYPES, SOURCES
from storage.crypto import FieldCipher

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
YEARS = 5
DISTRICTS, TOWNS, VILLAGES = 40, 20, 10
HOT_OPEN = 10_000  # open cases in each hot village at full size
CHUNK = 20_000

# How long a case stays in a stage before its next step (hours, low–high), and the deadline
# of the stage (hours). Stages not named here (added by later work) get DEFAULT_STAY.
STAY = {"reported": (0.5, 40), "accepted": (5, 144), "visited": (24, 288), "proposed": (12, 120)}
DEFAULT_STAY = (24, 168)
DEADLINE = {"reported": 24, "accepted": 72, "visited": 360, "proposed": 120, "monitored": 720}
DEFAULT_DEADLINE = 120
DUE_STEP = {"reported": "accept", "accepted": "visit", "visited": "decision",
            "proposed": "approval", "monitored": "follow_up"}
STAMP = {"accepted": "accepted_at", "visited": "visited_at", "proposed": "proposed_at",
         "monitored": "identified_at"}
ACTION = {"accepted": "accepted", "visited": "visited", "proposed": "proposed",
          "monitored": "approved"}
EARLY_CLOSURES = ("duplicate", "withdrawn", "unreachable")

CASE_COLUMNS = (
    "id", "ref", "source", "village_code", "town_code", "household_id", "head_name", "phone_enc",
    "phone_hash", "id_number_enc", "id_number_hash", "people", "risk_types", "description_enc",
    "media", "urgent", "stage", "category", "closed_reason", "owner_id", "reported_at",
    "accepted_at", "visited_at", "proposed_at", "identified_at", "eliminated_at", "closed_at",
    "due_step", "due_at", "escalation_level", "escalated_at", "updated_at", "version")
EVENT_COLUMNS = ("id", "case_id", "at", "actor_kind", "actor_id", "action", "details")
HOUSEHOLD_COLUMNS = ("household_id", "village_code", "head_name", "id_number_enc",
                     "id_number_hash", "members", "category", "phone_enc", "phone_hash",
                     "updated_at")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"


@dataclass(frozen=True, slots=True)
class Register:
    districts: list[str]
    towns: list[tuple[str, str]]  # (town, district)
    villages: list[tuple[str, str]]  # (village, town)

    @classmethod
    def build(cls, districts: int = DISTRICTS, towns: int = TOWNS, villages: int = VILLAGES
              ) -> Register:
        d_codes = [f"{500101 + d}000000" for d in range(districts)]
        t_codes = [(f"{d[:6]}{t + 1:03d}000", d) for d in d_codes for t in range(towns)]
        v_codes = [(f"{t[:9]}{v + 1:03d}", t) for t, _ in t_codes for v in range(villages)]
        return cls(d_codes, t_codes, v_codes)

    def rows(self) -> list[tuple[str, str, str, str | None]]:
        out: list[tuple[str, str, str, str | None]] = [
            (d, f"第{i + 1}区", "district", None) for i, d in enumerate(self.districts)]
        out += [(t, f"{d[4:6]}区{t[6:9]}镇", "town", d) for t, d in self.towns]
        out += [(v, f"{t[4:6]}区{t[6:9]}镇{v[9:]}村", "village", t) for v, t in self.villages]
        return out


@dataclass(slots=True)
class Summary:
    """What was generated, and parameters for benches and tests."""

    cases: int = 0
    open_cases: int = 0
    events: int = 0
    households: int = 0
    hot_villages: list[str] = field(default_factory=list)
    ordinary_village: str = ""
    town: str = ""
    district: str = ""
    due_next_24h: int = 0
    officer_of: dict[str, int] = field(default_factory=dict)  # division code → official id
    open_by_village: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def due_per_hour(self) -> float:
        return self.due_next_24h / 24


class Generator:
    def __init__(self, n: int, cipher: FieldCipher, *, seed: int = 12, now: datetime = NOW,
                 register: Register | None = None) -> None:
        self.n = n
        self.cipher = cipher
        self.rng = random.Random(seed)
        self.now = now
        self.register = register or Register.build()
        villages = self.register.villages
        self.households_per_village = max(2, int(n * 0.7) // len(villages))
        self.hot_open = min(HOT_OPEN, n // 10)
        hot_count = max(1, min(3, n // 300_000))
        # Hot villages: the first village of the first towns of district 1 … spread out.
        self.hot = [villages[i * 2 * VILLAGES * TOWNS + 3][0] for i in range(hot_count)]
        self.town_of = dict(villages)
        self.district_of = dict(self.register.towns)
        # Officials: an officer per village, a lead per town, an admin per district.
        self.officer_id = {v: i + 1 for i, (v, _) in enumerate(villages)}
        base = len(villages)
        self.lead_id = {t: base + i + 1 for i, (t, _) in enumerate(self.register.towns)}
        base += len(self.register.towns)
        self.admin_id = {d: base + i + 1 for i, d in enumerate(self.register.districts)}
        self.summary = Summary(households=self.households_per_village * len(villages))
        self._refs: dict[int, int] = {}
        self._households: dict[str, tuple[str, bytes | None, str | None, bytes | None,
                                          str | None, int]] = {}

    # --- the register, officials, households ----------------------------------------------

    def officials(self) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        people, roles = [], []
        created = self.now - timedelta(days=YEARS * 365)
        for mapping, role in ((self.officer_id, "officer"), (self.lead_id, "town_lead"),
                              (self.admin_id, "district_admin")):
            for code, official_id in mapping.items():
                user = str(10_000_000 + official_id)
                people.append((official_id, "telegram", user, user, f"{role} {code}", True, False,
                               created))
                roles.append((official_id, official_id, role, code, True, created, None))
        return people, roles

    def household(self, village: str, k: int) -> tuple[str, bytes | None, str | None,
                                                        bytes | None, str | None, int]:
        hid = f"H{village}{k:05d}"
        cached = self._households.get(hid)
        if cached is None:
            rng = random.Random(zlib.crc32(hid.encode()))
            id_number = f"{village[:6]}{village[6:12]}{k:05d}X"  # unique, ID-number shaped
            phone = f"13{rng.randrange(10 ** 9):09d}"
            cached = (hid, self.cipher.encrypt(id_number), self.cipher.lookup_hash(id_number),
                      self.cipher.encrypt(phone), self.cipher.lookup_hash(phone),
                      rng.randint(1, 7))
            self._households[hid] = cached
        return cached

    def household_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every household of the register (members and sealed numbers as their cases have)."""
        for village, _town in self.register.villages:
            for k in range(self.households_per_village):
                hid, id_enc, id_hash, phone_enc, phone_hash, members = self.household(village, k)
                yield (hid, village, self._name(hid), id_enc, id_hash, members,
                       ("lifted", "monitored", "edge", "ordinary")[k % 4], phone_enc, phone_hash,
                       self.now - timedelta(days=30))

    @staticmethod
    def _name(key: str) -> str:
        return SURNAMES[zlib.crc32(key.encode()) % len(SURNAMES)] + "某"

    # --- cases -------------------------------------------------------------------------------

    def _ref(self, reported: datetime) -> str:
        year = reported.year
        self._refs[year] = self._refs.get(year, 0) + 1
        return f"NC-{year}-{self._refs[year]:06d}"

    def counters(self) -> list[tuple[int, int]]:
        return sorted(self._refs.items())

    def cases(self, first_id: int = 1) -> Iterator[tuple[list[tuple[Any, ...]],
                                                          list[tuple[Any, ...]]]]:
        """Chunks of (case rows, event rows), in report order per chunk."""
        rng = self.rng
        villages = [v for v, _ in self.register.villages]
        hot_total = self.hot_open * len(self.hot)
        span = YEARS * 365 * 86400.0
        case_id, event_id = first_id, 1
        batch: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        for i in range(self.n):
            if i < hot_total:
                village = self.hot[i // self.hot_open]
                reported = self.now - timedelta(seconds=rng.random() * 90 * 86400)
                row, evs = self._case(case_id, village, reported, force_open=True)
            else:
                village = villages[rng.randrange(len(villages))]
                reported = self.now - timedelta(seconds=rng.random() * span)
                row, evs = self._case(case_id, village, reported, force_open=False)
            batch.append(row)
            for ev in evs:
                events.append((event_id, case_id, *ev))
                event_id += 1
            case_id += 1
            if len(batch) >= CHUNK:
                yield batch, events
                batch, events = [], []
        if batch:
            yield batch, events

    def _case(self, case_id: int, village: str, reported: datetime, force_open: bool
              ) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
        rng, now = self.rng, self.now
        town = self.town_of[village]
        officer, lead = self.officer_id[village], self.lead_id[town]
        source = SOURCES[rng.randrange(len(SOURCES))]
        registered = rng.random() < 0.75
        if registered:
            hid, id_enc, id_hash, phone_enc, phone_hash, people = self.household(
                village, rng.randrange(self.households_per_village))
        else:
            hid, id_enc, id_hash, phone_enc, phone_hash, people = (
                None, None, None, None, None, rng.randint(1, 6))
        # Walk the lifecycle from the report.
        stamps: dict[str, datetime] = {"reported": reported}
        closed: tuple[datetime, str] | None = None
        eliminated: datetime | None = None
        at = reported
        for index, stage in enumerate(OPEN_STAGES):
            stamps[stage] = at
            if index + 1 == len(OPEN_STAGES):  # monitored: until the risk is eliminated
                if not force_open:
                    eliminated = at + timedelta(days=rng.uniform(180, 540))
                    closed = (eliminated, "risk_eliminated")
                break
            low, high = STAY.get(stage, DEFAULT_STAY)
            at = at + timedelta(hours=rng.uniform(low, high))
            if not force_open and rng.random() < 0.03:
                closed = (at, EARLY_CLOSURES[rng.randrange(3)])
                break
            if not force_open and stage == "proposed" and rng.random() < 0.35:
                closed = (at, "not_eligible")
                break
        if force_open:  # hot villages: open, in any open stage, entered at some recent time
            stage = OPEN_STAGES[rng.randrange(len(OPEN_STAGES))]
            entered = stamps[stage] = min(stamps[stage], now - timedelta(hours=rng.uniform(1, 600)))
            stamps = {s: min(t, entered) for s, t in stamps.items()
                      if OPEN_STAGES.index(s) <= OPEN_STAGES.index(stage)}
            reported = stamps["reported"]
        elif closed is not None and closed[0] <= now:
            stage = "closed"
            stamps = {s: t for s, t in stamps.items() if t <= closed[0]}
        else:
            stage = max((s for s, t in stamps.items() if t <= now), key=OPEN_STAGES.index)
            stamps = {s: t for s, t in stamps.items() if t <= now}
            if closed is not None and closed[1] == "risk_eliminated":
                eliminated = None
            closed = None
        entered = stamps.get(stage, reported)
        due_step, due_at, level = None, None, 0
        if stage == "closed" and closed is not None and closed[1] == "risk_eliminated":
            recheck = closed[0] + timedelta(days=180)
            if recheck > now - timedelta(days=20):
                due_step, due_at = "recheck", recheck
        elif stage != "closed":
            due_step = DUE_STEP.get(stage, stage)
            hours = DEADLINE.get(stage, DEFAULT_DEADLINE)
            due_at = entered + timedelta(hours=hours)
            if stage == "monitored":  # follow-ups every 30 days: the next one
                periods = max(0, int((now - entered).total_seconds() // (hours * 3600)))
                due_at = entered + timedelta(hours=hours * (periods + 1))
                if rng.random() < 0.1:
                    due_at -= timedelta(hours=hours)  # this period's visit is late
            if force_open:  # a hot village's backlog: deadlines from 3 days ago to 30 ahead
                due_at = now + timedelta(hours=rng.uniform(-72, 720))
        if due_at is not None and due_at <= now:
            late = now - due_at
            level = min(MAX_LEVEL, 1 + int(late / timedelta(hours=24)))
            if due_step in LEAD_STEPS:
                level = min(level, 1)
        # When the last climb was, as a running scan stamps it: one level a day from the due time.
        climbed = due_at + timedelta(hours=24 * (level - 1)) if due_at and level else None
        if stage != "closed":
            self.summary.open_cases += 1
            self.summary.open_by_village[village] = self.summary.open_by_village.get(village, 0) + 1
        if due_at is not None and now <= due_at < now + timedelta(hours=24):
            self.summary.due_next_24h += 1
        identified = stamps.get("monitored")
        closed_at, reason = closed if stage == "closed" and closed else (None, None)
        risks = rng.sample(RISK_TYPES, rng.randint(1, 2))
        description = self.cipher.encrypt(f"{risks[0]}：家里困难，第{case_id}号反映") \
            if rng.random() < 0.9 else None
        updated = max([reported, *stamps.values(), *([closed_at] if closed_at else [])])
        row = (
            case_id, self._ref(reported), source, village, town, hid,
            self._name(hid or str(case_id)), phone_enc, phone_hash, id_enc, id_hash, people,
            json.dumps(risks), description, "[]", rng.random() < 0.05, stage,
            CATEGORIES[case_id % 3] if identified else None, reason,
            officer if "accepted" in stamps else None, reported, stamps.get("accepted"),
            stamps.get("visited"), stamps.get("proposed"), identified,
            eliminated if stage == "closed" and reason == "risk_eliminated" else None, closed_at,
            due_step, due_at, level, climbed, updated, 1 + len(stamps))
        events: list[tuple[Any, ...]] = [
            (reported, "resident" if source in ("self", "neighbour") else "system", None,
             "reported", json.dumps({"source": source})),
            (reported, "system", None, "routed", json.dumps({"village": village}))]
        for s, t in stamps.items():
            if s in ACTION:
                events.append((t, "official", lead if s == "monitored" else officer, ACTION[s],
                               "{}"))
        if closed_at is not None:
            events.append((closed_at, "official", officer, "closed",
                           json.dumps({"reason": reason})))
        for lv in range(1, level + 1):
            assert due_at is not None
            events.append((due_at + timedelta(hours=24 * (lv - 1)), "system", None, "escalation",
                           json.dumps({"step": due_step, "level": lv})))
        self.summary.events += len(events)
        return row, events


# --- loading --------------------------------------------------------------------------------

async def generate(url: str, n: int, data_key: str, *, seed: int = 12, now: datetime = NOW
                   ) -> Summary:
    """Migrate the (empty) database at `url` and fill it; returns what was made."""
    from sqlalchemy.ext.asyncio import create_async_engine

    from bot.schema import migrate_unless_at_head

    engine = create_async_engine(url)
    try:
        await migrate_unless_at_head(engine)
    finally:
        await engine.dispose()
    began = time.perf_counter()
    gen = Generator(n, FieldCipher(data_key), seed=seed, now=now)
    if url.startswith("postgresql"):
        await _load_postgres(url, gen)
    else:
        _load_sqlite(url.split(":///", 1)[1], gen)
    s = gen.summary
    s.cases = n
    s.hot_villages = gen.hot
    s.ordinary_village = ordinary_village(s.open_by_village, gen.hot) or gen.register.villages[0][0]
    s.town = gen.town_of[s.ordinary_village]
    s.district = gen.district_of[s.town]
    s.officer_of = {**gen.officer_id, **gen.lead_id, **gen.admin_id}
    s.seconds = time.perf_counter() - began
    return s


def ordinary_village(open_by_village: dict[str, int], hot: Sequence[str]) -> str | None:
    """A typical village: the median open-case count among villages with any (not a hot one),
    the first such by code; so tests and benches always find cases in its inbox."""
    ranked = sorted((n, code) for code, n in open_by_village.items() if code not in hot)
    return ranked[len(ranked) // 2][1] if ranked else None


# What migration 0024's triggers copy of each case with a deadline.
FILL_DUE_CLOCKS = ("INSERT INTO due_clocks (case_id, escalation_level, due_step, due_at, "
                   "escalated_at) SELECT id, escalation_level, due_step, due_at, escalated_at "
                   "FROM cases WHERE due_at IS NOT NULL AND due_step IS NOT NULL")


async def _load_postgres(url: str, gen: Generator) -> None:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute("TRUNCATE divisions, officials, official_roles, households CASCADE")
        # The rows are consistent by construction: skip the per-row foreign-key triggers
        # (case_events → cases alone would be one check per event). Needs a superuser.
        await conn.execute("SET session_replication_role = replica")
        await conn.copy_records_to_table("divisions", records=gen.register.rows(),
                                         columns=["code", "name", "level", "parent_code"])
        people, roles = gen.officials()
        await conn.copy_records_to_table("officials", records=people, columns=[
            "id", "channel", "user_id", "chat_id", "display_name", "active", "unreachable",
            "created_at"])
        await conn.copy_records_to_table("official_roles", records=roles, columns=[
            "id", "official_id", "role", "division_code", "active", "granted_at", "revoked_at"])
        await conn.copy_records_to_table("households", records=list(gen.household_rows()),
                                         columns=list(HOUSEHOLD_COLUMNS))
        indexes = await _drop_indexes(conn, ("cases", "case_events"))
        # Generating the next chunk (Python, one core) overlaps the server's COPY of the last.
        chunks = gen.cases()
        pending = asyncio.ensure_future(asyncio.to_thread(next, chunks, None))
        while (chunk := await pending) is not None:
            pending = asyncio.ensure_future(asyncio.to_thread(next, chunks, None))
            batch, events = chunk
            await conn.copy_records_to_table("cases", records=batch, columns=list(CASE_COLUMNS))
            await conn.copy_records_to_table("case_events", records=events,
                                             columns=list(EVENT_COLUMNS))
        await conn.execute("SET maintenance_work_mem = '256MB'")
        for definition in indexes:
            await conn.execute(definition)
        # The cases' triggers were off (replica): their due clocks, copied as they would have.
        await conn.execute(FILL_DUE_CLOCKS)
        await conn.executemany("INSERT INTO case_counters (year, last) VALUES ($1, $2) "
                               "ON CONFLICT (year) DO UPDATE SET last = EXCLUDED.last",
                               gen.counters())
        for table in ("officials", "official_roles", "cases", "case_events"):
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT max(id) FROM {table}))")
    finally:
        await conn.close()


async def _drop_indexes(conn: Any, tables: Sequence[str]) -> list[str]:
    """Drop the tables' plain indexes (not those behind a key or unique constraint) and return
    their definitions: building an index once after the load beats updating it per row."""
    rows = await conn.fetch(
        "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def "
        "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = ANY($1::text[]) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        list(tables))
    for row in rows:
        await conn.execute(f'DROP INDEX "{row["name"]}"')
    return [row["def"] for row in rows]


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy writes
    return value


def _insert(db: sqlite3.Connection, table: str, columns: Sequence[str],
            rows: Sequence[tuple[Any, ...]]) -> None:
    marks = ", ".join("?" for _ in columns)
    db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                   [tuple(_sqlite_value(v) for v in row) for row in rows])


def _load_sqlite(path: str, gen: Generator) -> None:
    db = sqlite3.connect(path)
    try:
        for table in ("divisions", "official_roles", "officials", "households"):
            db.execute(f"DELETE FROM {table}")
        _insert(db, "divisions", ("code", "name", "level", "parent_code"), gen.register.rows())
        people, roles = gen.officials()
        _insert(db, "officials", ("id", "channel", "user_id", "chat_id", "display_name", "active",
                                  "unreachable", "created_at"), people)
        _insert(db, "official_roles", ("id", "official_id", "role", "division_code", "active",
                                       "granted_at", "revoked_at"), roles)
        _insert(db, "households", HOUSEHOLD_COLUMNS, list(gen.household_rows()))
        for batch, events in gen.cases():
            _insert(db, "cases", CASE_COLUMNS, batch)
            _insert(db, "case_events", EVENT_COLUMNS, events)
        db.executemany("INSERT OR REPLACE INTO case_counters (year, last) VALUES (?, ?)",
                       gen.counters())
        db.commit()
    finally:
        db.close()


def describe(s: Summary) -> str:
    return (f"{s.cases:,} cases ({s.open_cases:,} open; hot villages {', '.join(s.hot_villages)}), "
            f"{s.events:,} timeline events, {s.households:,} households in {s.seconds:.1f} s; "
            f"{s.due_next_24h:,} deadlines in the next 24 h (~{s.due_per_hour:.0f} an hour)")


def main() -> None:
    from storage.crypto import generate_key

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", required=True, help="an empty database")
    parser.add_argument("--data-key", default=None, help="DATA_KEY to seal with (default: new)")
    args = parser.parse_args()
    summary = asyncio.run(generate(args.database_url, args.cases, args.data_key or generate_key()))
    print(describe(summary))


if __name__ == "__main__":
    main()
