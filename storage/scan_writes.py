"""Everything one due-scan tick writes — notices, escalation levels, outbox messages, timeline
events — gathered while the tick decides, and written at its end.

PostgreSQL: ONE statement for the whole tick, whatever the number of due rows: the rows travel
as arrays (unnest … WITH ORDINALITY keeps their order, so ids follow it) into a chain of
data-modifying CTEs. A message or event is "gated" on the notices it announces: it is written
only if at least one of them is new in this statement, so two overlapping ticks (or processes)
that both decided to tell somebody still send it once — the notices' unique key decides.
SQLite (one district, one writer) runs the same writes as a few plain statements.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import text

from storage.cases import add_events
from storage.db import Tx
from storage.due_scan import create_notices, notice_key, raise_escalation_levels
from storage.outbox import OutboxMessage, enqueue_many, seal_params
from storage.scheduling import set_state

_TICK_WRITES = text("""
WITH new_notices AS (
    INSERT INTO notices (case_id, step, kind, level, due_at, created_at, sent)
    SELECT n.case_id, n.step, n.kind, n.level, n.due_at, :now, n.sent
    FROM unnest(CAST(:n_case AS integer[]), CAST(:n_step AS text[]), CAST(:n_kind AS text[]),
                CAST(:n_level AS integer[]), CAST(:n_due AS timestamptz[]),
                CAST(:n_sent AS integer[])) AS n(case_id, step, kind, level, due_at, sent)
    ON CONFLICT (case_id, step, kind, level, due_at) DO NOTHING
    RETURNING case_id::text || ':' || kind || ':' || level::text AS key
), made AS (
    SELECT coalesce(array_agg(key), CAST('{}' AS text[])) AS keys FROM new_notices
), climbed AS (
    UPDATE cases SET escalation_level = c.level, escalated_at = :now
    FROM unnest(CAST(:c_case AS integer[]), CAST(:c_level AS integer[])) AS c(id, level)
    WHERE cases.id = c.id AND cases.escalation_level < c.level
    RETURNING cases.id
), noted AS (
    INSERT INTO scheduler_state (name, value, updated_at)
    SELECT s.name, s.value, :now
    FROM unnest(CAST(:s_name AS text[]), CAST(:s_value AS text[])) AS s(name, value)
    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
    RETURNING name
), queued AS (
    INSERT INTO outbox (channel, chat_id, lang, key, params, buttons, case_id, urgent, edit_of,
                        status, not_before, created_at, attempts)
    SELECT m.channel, m.chat_id, m.lang, m.key, CAST(m.params AS json),
           CAST(m.buttons AS json), m.case_id, m.urgent, m.edit_of, 'pending', :now, :now, 0
    FROM unnest(CAST(:m_channel AS text[]), CAST(:m_chat AS text[]), CAST(:m_lang AS text[]),
                CAST(:m_key AS text[]), CAST(:m_params AS text[]), CAST(:m_buttons AS text[]),
                CAST(:m_case AS integer[]), CAST(:m_urgent AS boolean[]),
                CAST(:m_edit_of AS integer[]), CAST(:m_gate AS text[])) WITH ORDINALITY
         AS m(channel, chat_id, lang, key, params, buttons, case_id, urgent, edit_of, gate, ord),
         made
    WHERE m.gate = '' OR string_to_array(m.gate, ',') && made.keys
    ORDER BY m.ord
    RETURNING id
), logged AS (
    INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, details)
    SELECT e.case_id, :now, 'system', NULL, e.action, CAST(e.details AS json)
    FROM unnest(CAST(:e_case AS integer[]), CAST(:e_action AS text[]),
                CAST(:e_details AS text[]), CAST(:e_gate AS text[])) WITH ORDINALITY
         AS e(case_id, action, details, gate, ord),
         made
    WHERE e.gate = '' OR string_to_array(e.gate, ',') && made.keys
    ORDER BY e.ord
    RETURNING id
)
SELECT (SELECT count(*) FROM new_notices) AS notices, (SELECT count(*) FROM climbed) AS climbed,
       (SELECT count(*) FROM queued) AS queued, (SELECT count(*) FROM logged) AS logged
""")


@dataclass
class TickWrites:
    """The writes of one tick, in the order they were asked for."""

    now: datetime
    notices: list[dict[str, Any]] = field(default_factory=list)
    levels: dict[int, int] = field(default_factory=dict)  # case id → escalation level reached
    messages: list[tuple[OutboxMessage, tuple[str, ...]]] = field(default_factory=list)
    events: list[tuple[dict[str, Any], tuple[str, ...]]] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)  # scheduler_state name → value

    def notice(self, case_id: int, step: str, kind: str, level: int, due_at: datetime,
               sent: bool = True) -> str:
        self.notices.append({"case_id": case_id, "step": step, "kind": kind, "level": level,
                             "due_at": due_at, "sent": sent})
        return notice_key(case_id, kind, level)

    def climb(self, case_id: int, level: int) -> None:
        self.levels[case_id] = level

    def message(self, message: OutboxMessage, gate: Collection[str] = ()) -> None:
        """Queue a message, written only if one of the notices `gate` names is new (none: always)."""
        self.messages.append((message, tuple(gate)))

    def event(self, case_id: int, action: str, details: dict[str, Any],
              gate: Collection[str] = ()) -> None:
        """A system event on a case's timeline, gated like message()."""
        self.events.append(({"case_id": case_id, "at": self.now, "actor_kind": "system",
                             "actor_id": None, "action": action, "details": details},
                            tuple(gate)))

    def state(self, name: str, value: str) -> None:
        """A scheduler_state value to set (e.g. when a vacancy was last reported)."""
        self.states[name] = value

    async def flush(self, tx: Tx) -> None:
        if not (self.notices or self.levels or self.messages or self.events or self.states):
            return
        if tx.dialect.name == "postgresql":
            await tx.execute(_TICK_WRITES, self._arrays())
        else:
            await self._one_by_one(tx)
        self.notices, self.levels, self.messages, self.events = [], {}, [], []
        self.states = {}

    async def _one_by_one(self, tx: Tx) -> None:
        created = {notice_key(case_id, kind, level) for case_id, _, kind, level
                   in await create_notices(tx, self.notices, self.now)}
        await raise_escalation_levels(tx, self.levels, self.now)
        for name, value in self.states.items():
            await set_state(tx, name, value, self.now)
        await enqueue_many(tx, [m for m, gate in self.messages
                                if not gate or created.intersection(gate)], self.now)
        await add_events(tx, [e for e, gate in self.events
                              if not gate or created.intersection(gate)])

    def _arrays(self) -> dict[str, Any]:
        ns, ms, es = self.notices, [m for m, _ in self.messages], [e for e, _ in self.events]
        return {
            "now": self.now,
            "n_case": [n["case_id"] for n in ns], "n_step": [n["step"] for n in ns],
            "n_kind": [n["kind"] for n in ns], "n_level": [n["level"] for n in ns],
            "n_due": [n["due_at"] for n in ns], "n_sent": [int(n["sent"]) for n in ns],
            "c_case": list(self.levels), "c_level": list(self.levels.values()),
            "m_channel": [m.channel for m in ms], "m_chat": [str(m.chat_id) for m in ms],
            "m_lang": [m.lang for m in ms], "m_key": [m.key for m in ms],
            # No cipher: scheduler notices carry nothing personal (seal_params fails if they do).
            "m_params": [_json(seal_params(None, m.params)) for m in ms],
            "m_buttons": [_json(m.buttons) for m in ms], "m_case": [m.case_id for m in ms],
            "m_urgent": [m.urgent for m in ms], "m_edit_of": [m.edit_of for m in ms],
            "m_gate": [",".join(gate) for _, gate in self.messages],
            "e_case": [e["case_id"] for e in es], "e_action": [e["action"] for e in es],
            "e_details": [_json(e["details"]) for e in es],
            "e_gate": [",".join(gate) for _, gate in self.events],
            "s_name": list(self.states), "s_value": list(self.states.values()),
        }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
