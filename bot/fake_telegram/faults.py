"""Fault injection: scripted errors and delays, seeded random faults, blocked users, rate limits.

Random faults: ``rf = fake.faults.random_faults(methods=("sendMessage", "editMessageText"),
rate=0.2, seed=1234)`` makes about 20 % of those calls fail, each with a kind drawn from
``kinds`` (equal shares, or a mapping of weights): ``"429"`` (Telegram's flood answer with
``retry_after``), ``"500"`` (nothing stored), ``"drop_before"`` (the connection is closed
before the call is processed: nothing stored, the client sees a network error) and
``"lost_after"`` (the call takes effect - the message is stored, the edit applied - and then
the connection is closed without an answer). ``lost_after`` is the only case in which a
correct bot that retries may produce a duplicate: ``rf.lost_message_ids`` lists the messages
stored despite the lost answer, so a test can allow exactly those. The same seed and the same
sequence of calls give the same faults; ``rf.injected`` counts them per kind, ``rf.decisions``
lists every draw, ``rf.stop()`` or ``faults.clear()`` ends them. Scripted faults (``inject``,
which also takes ``kind=``) win over random ones. Each fault is logged, marked on the
recorded request (``fault``) and shown in the chat's transcript.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from . import errors
from .errors import ApiError

FaultKind = Literal["429", "500", "drop_before", "lost_after"]
KINDS: tuple[FaultKind, ...] = get_args(FaultKind)
DROP_BEFORE: FaultKind = "drop_before"
LOST_AFTER: FaultKind = "lost_after"
_DROPS = (DROP_BEFORE, LOST_AFTER)

# Plumbing a bot needs to start and to poll: random faults leave these alone unless a test
# lists them by name, so "every method" still means "every message-changing method".
SPARED_METHODS = frozenset(
    {
        "getupdates",
        "getme",
        "setmycommands",
        "deletewebhook",
        "setwebhook",
        "getfile",
        "answercallbackquery",
    }
)

# Methods that deliver a new message; only these count against Telegram's flood limits.
_NOT_A_SEND = frozenset({"sendchataction"})


def is_send(method: str) -> bool:
    """True for methods that put a new message into a chat."""
    low = method.lower()
    return (low.startswith("send") and low not in _NOT_A_SEND) or low in (
        "copymessage",
        "forwardmessage",
    )


@dataclass
class LostResponse:
    """A call that took effect although its answer never reached the bot."""

    method: str
    chat_id: int | str | None
    message_id: int | None  # the stored or edited message; None if the call failed anyway


def _lost_ids(lost: list[LostResponse]) -> list[int]:
    """Ids of new messages (not edits) stored despite a lost answer."""
    return [r.message_id for r in lost if r.message_id is not None and is_send(r.method)]


@dataclass
class Fault:
    """One scripted misbehaviour; ``times=None`` means until removed."""

    method: str | None  # lower-case Bot API method name, or None for any method
    status: int | None = None  # None or 200: only the delay, then a normal answer
    retry_after: int | None = None
    times: int | None = 1
    chat_id: int | str | None = None
    delay: float = 0.0
    description: str | None = None
    hits: int = 0
    kind: FaultKind | None = None  # drop_before / lost_after close the connection instead
    lost: list[LostResponse] = field(default_factory=list)  # what lost_after let through

    @property
    def lost_message_ids(self) -> list[int]:
        """New messages stored although this fault swallowed the answer."""
        return _lost_ids(self.lost)

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        """Whether this fault applies to a call."""
        if self.method is not None and self.method != method.lower():
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)

    def error(self) -> ApiError | None:
        """The error to answer with, if this fault has a status."""
        if self.kind in _DROPS or self.status is None or 200 <= self.status < 300:
            return None  # only a delay or a dropped connection: no error body
        if self.status == 429:
            retry = self.retry_after if self.retry_after is not None else 1
            return ApiError(429, self.description or errors.too_many_requests(retry), retry)
        description = self.description or errors.DEFAULT_DESCRIPTIONS.get(self.status, f"Error {self.status}")
        return ApiError(self.status, description)


class RandomFaults:
    """Seeded percentage faults on some methods; counters show what was injected."""

    def __init__(
        self,
        methods: Iterable[str] | str | None,
        rate: float,
        seed: int | str | None,
        kinds: Iterable[FaultKind] | Mapping[FaultKind, float],
        retry_after: int,
    ) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be within [0, 1], got {rate}")
        self.methods = _method_set(methods)
        self.rate = rate
        self.seed = seed
        self.retry_after = retry_after
        self.kinds, self.weights = _kind_weights(kinds)
        self._rng = random.Random(seed)
        self.active = True
        self.calls = 0  # calls of the chosen methods seen while active
        self.injected: dict[FaultKind, int] = dict.fromkeys(KINDS, 0)
        self.decisions: list[tuple[str, FaultKind | None]] = []  # (method, kind) per call
        self.lost: list[LostResponse] = []

    def __repr__(self) -> str:
        shown = sorted(self.methods) if self.methods is not None else "all"
        return (
            f"RandomFaults(methods={shown}, rate={self.rate}, seed={self.seed!r}, injected={self.injected})"
        )

    @property
    def total(self) -> int:
        """How many faults were injected, all kinds together."""
        return sum(self.injected.values())

    @property
    def lost_message_ids(self) -> list[int]:
        """New messages stored although their answer was lost: the duplicates a retry may make."""
        return _lost_ids(self.lost)

    def stop(self) -> None:
        """Inject no more faults (counters stay readable)."""
        self.active = False

    def applies(self, method: str) -> bool:
        """Whether this call is a candidate for a random fault."""
        low = method.lower()
        if self.methods is None:
            return low not in SPARED_METHODS
        return low in self.methods

    def draw(self, method: str) -> FaultKind | None:
        """Decide one call: a fault kind, or None to let it through."""
        self.calls += 1
        kind: FaultKind | None = None
        if self._rng.random() < self.rate:
            kind = self._rng.choices(self.kinds, weights=self.weights)[0]
            self.injected[kind] += 1
        self.decisions.append((method, kind))
        return kind

    def error(self, kind: FaultKind) -> ApiError | None:
        """The error body for a status kind; None for the kinds that drop the connection."""
        if kind == "429":
            return ApiError(429, errors.too_many_requests(self.retry_after), self.retry_after)
        if kind == "500":
            return ApiError(500, errors.INTERNAL)
        return None


def _method_set(methods: Iterable[str] | str | None) -> frozenset[str] | None:
    """Lower-cased method names; a lone string is one method, not its letters."""
    if methods is None:
        return None
    if isinstance(methods, str):
        methods = (methods,)
    return frozenset(m.lower() for m in methods)


def _kind_weights(
    kinds: Iterable[FaultKind] | Mapping[FaultKind, float],
) -> tuple[list[FaultKind], list[float]]:
    """Kinds and their weights: a mapping gives weights, a plain list equal shares."""
    pairs = list(kinds.items()) if isinstance(kinds, Mapping) else [(k, 1.0) for k in kinds]
    unknown = [k for k, _ in pairs if k not in KINDS]
    if unknown or not pairs:
        raise ValueError(f"kinds must be a non-empty choice of {KINDS}, got {unknown or 'nothing'}")
    if any(w < 0 for _, w in pairs) or sum(w for _, w in pairs) <= 0:
        raise ValueError("kind weights must be non-negative and not all zero")
    return [k for k, _ in pairs], [float(w) for _, w in pairs]


@dataclass
class Decision:
    """What the fault layer decided for one call; ``kind`` None means answer normally."""

    kind: str | None = None  # a FaultKind, or the status of a scripted error as text
    error: ApiError | None = None
    delay: float = 0.0
    source: Fault | RandomFaults | None = None

    @property
    def origin(self) -> str:
        """Who caused it, for logs and transcripts."""
        if isinstance(self.source, RandomFaults):
            return f"random, seed {self.source.seed!r}"
        return "scripted"


@dataclass
class _Limits:
    per_chat_per_s: float
    overall_per_s: float
    window: float


class Faults:
    """All fault state of one fake server."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.rules: list[Fault] = []
        self.random: list[RandomFaults] = []
        self.lost: list[LostResponse] = []  # every lost_after, scripted or random
        self.blocked: set[int] = set()
        self._limits: _Limits | None = None
        self._sends: deque[tuple[float, str]] = deque()

    def inject(
        self,
        method: str | None = "sendMessage",
        status: int | None = 429,
        retry_after: int | None = None,
        times: int | None = 1,
        chat_id: int | str | None = None,
        delay: float = 0.0,
        description: str | None = None,
        *,
        kind: FaultKind | None = None,
    ) -> Fault:
        """Add a scripted fault; returns it so a test can inspect ``hits`` or remove it.

        ``kind`` overrides ``status``: "429" / "500" answer that status, "drop_before" and
        "lost_after" close the connection before / after the call takes effect.
        """
        if kind is not None:
            if kind not in KINDS:
                raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
            status = None if kind in _DROPS else int(kind)
        if status == 429 and retry_after is None:
            retry_after = 1
        fault = Fault(
            method.lower() if method else None,
            status,
            retry_after,
            times,
            chat_id,
            delay,
            description,
            kind=kind,
        )
        self.rules.append(fault)
        return fault

    def random_faults(
        self,
        methods: Iterable[str] | str | None = ("sendMessage", "editMessageText"),
        rate: float = 0.2,
        seed: int | str | None = 0,
        kinds: Iterable[FaultKind] | Mapping[FaultKind, float] = KINDS,
        retry_after: int = 1,
    ) -> RandomFaults:
        """Fail ``rate`` of the calls to ``methods`` with a seeded random kind; see the module doc.

        ``methods=None`` means every method but SPARED_METHODS. When several random fault
        sets match a call, the oldest active one decides it.
        """
        faults = RandomFaults(methods, rate, seed, kinds, retry_after)
        self.random.append(faults)
        return faults

    def take(self, method: str, chat_id: int | str | None) -> Fault | None:
        """The first fault matching this call, consuming one of its ``times``."""
        for fault in self.rules:
            if fault.matches(method, chat_id):
                fault.hits += 1
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.rules.remove(fault)
                return fault
        return None

    def decide(self, method: str, chat_id: int | str | None) -> Decision:
        """The fault for this call: a scripted one first, else a random draw, else none."""
        fault = self.take(method, chat_id)
        if fault is not None:
            error = fault.error()
            kind = fault.kind or (str(error.status) if error else None)
            return Decision(kind, error, fault.delay, fault)
        self.random = [r for r in self.random if r.active]
        for faults in self.random:
            if faults.applies(method):
                kind = faults.draw(method)
                if kind is None:
                    return Decision()
                return Decision(kind, faults.error(kind), 0.0, faults)
        return Decision()

    def record_lost(self, decision: Decision, method: str, chat_id: int | str | None, result: Any) -> None:
        """Remember a call whose answer lost_after swallowed, with the message it touched."""
        message_id = result.get("message_id") if isinstance(result, dict) else None
        lost = LostResponse(method, chat_id, message_id)
        self.lost.append(lost)
        if decision.source is not None:
            decision.source.lost.append(lost)

    @property
    def lost_message_ids(self) -> list[int]:
        """New messages stored despite a lost answer, across all scripted and random faults."""
        return _lost_ids(self.lost)

    def clear(self) -> None:
        """Remove every scripted and random fault, block and limit."""
        self.rules.clear()
        for faults in self.random:
            faults.stop()
        self.random.clear()
        self.blocked.clear()
        self._limits = None
        self._sends.clear()

    def check_blocked(self, chat_id: int | str | None) -> None:
        """403 for anything addressed to a user who blocked the bot."""
        if chat_id is not None and _as_int(chat_id) in self.blocked:
            raise ApiError(403, errors.BLOCKED)

    def enforce_limits(
        self, per_chat_per_s: float = 1, overall_per_s: float = 30, window: float = 1.0
    ) -> None:
        """Answer 429 when sends exceed these rates within a sliding ``window`` seconds."""
        self._limits = _Limits(per_chat_per_s, overall_per_s, window)
        self._sends.clear()

    def disable_limits(self) -> None:
        """Stop enforcing rate limits."""
        self._limits = None

    def check_rate(self, method: str, chat_id: int | str | None) -> None:
        """Raise 429 if this send would break the configured limits, else count it."""
        limits = self._limits
        if limits is None or not is_send(method):
            return
        now = self._clock()
        while self._sends and self._sends[0][0] <= now - limits.window:
            self._sends.popleft()
        chat = str(chat_id)
        in_chat = [t for t, c in self._sends if c == chat]
        allowed_chat = limits.per_chat_per_s * limits.window
        allowed_all = limits.overall_per_s * limits.window
        if len(in_chat) >= allowed_chat:
            raise self._too_many(in_chat[0] + limits.window - now)
        if len(self._sends) >= allowed_all:
            raise self._too_many(self._sends[0][0] + limits.window - now)
        self._sends.append((now, chat))

    @staticmethod
    def _too_many(wait: float) -> ApiError:
        retry = max(1, math.ceil(wait))
        return ApiError(429, errors.too_many_requests(retry), retry)


def _as_int(value: int | str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
