"""Wake-ups for coroutines waiting on the fake's state (long polls, wait_for)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


def _wake(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


class Changes:
    """A level-free change signal: every notify() wakes all current waiters to re-check."""

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def notify(self) -> None:
        """Wake every waiter; safe to call from another thread than the waiters' loop."""
        waiters, self._waiters = self._waiters, []
        try:
            current = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        for fut in waiters:
            loop = fut.get_loop()
            if loop is current:
                _wake(fut)
            elif not loop.is_closed():
                loop.call_soon_threadsafe(_wake, fut)

    async def wait_until(self, condition: Callable[[], bool], timeout: float) -> bool:  # noqa: ASYNC109
        """Wait until condition() is true (re-checked on each change); False on timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            fut: asyncio.Future[None] = loop.create_future()
            self._waiters.append(fut)
            try:
                await asyncio.wait_for(fut, remaining)
            except TimeoutError:
                pass
            finally:
                if fut in self._waiters:
                    self._waiters.remove(fut)
        return True
