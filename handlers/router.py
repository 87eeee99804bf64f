"""Routes a neutral event to a command, a global button, or the chat's current step.

Journey modules each build a Router; handlers/app.py merges them. Input that fits
nowhere always gets an answer: the bot never goes silent.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from chat.payloads import PayloadError
from handlers.context import Context
from handlers.payloads import PAYLOADS

log = logging.getLogger(__name__)

Handler = Callable[[Context], Awaitable[None]]

STEP_NS = "s"  # step buttons: "s:<step>:<value>"


def step_data(step: str, value: str) -> str:
    """Payload of a button that belongs to one step of a flow (stale once the step is left)."""
    return PAYLOADS.encode(STEP_NS, step, value)


@dataclass(frozen=True, slots=True)
class Step:
    """One question of a flow: how to ask it and how to take an answer."""

    name: str
    prompt: Handler
    handle: Handler


class Router:
    """Commands, global button namespaces and flow steps of one journey."""

    def __init__(self) -> None:
        self.commands: dict[str, Handler] = {}
        self.buttons: dict[str, Handler] = {}
        self.steps: dict[str, Step] = {}
        self.fallback: Handler | None = None
        self.home: Handler | None = None  # the person's menu, when there is no question to repeat
        self.bad_input: Handler | None = None  # "that did not fit": explains, then re-asks

    def command(self, *names: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for name in names:
                self._add(self.commands, name, handler)
            return handler

        return register

    def button(self, namespace: str) -> Callable[[Handler], Handler]:
        """Register a handler for payloads "<namespace>:…"; ctx.value gets the rest."""

        if not PAYLOADS.knows(namespace):
            raise ValueError(f"payload prefix {namespace!r} is not declared in handlers/payloads.py")

        def register(handler: Handler) -> Handler:
            self._add(self.buttons, namespace, handler)
            return handler

        return register

    def step(self, name: str, prompt: Handler) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self._add(self.steps, name, Step(name, prompt, handler))
            return handler

        return register

    def include(self, other: Router) -> None:
        for name, handler in other.commands.items():
            self._add(self.commands, name, handler)
        for name, handler in other.buttons.items():
            self._add(self.buttons, name, handler)
        for name, step in other.steps.items():
            self._add(self.steps, name, step)
        self.fallback = other.fallback or self.fallback
        self.home = other.home or self.home
        self.bad_input = other.bad_input or self.bad_input

    @staticmethod
    def _add(table: dict, name: str, value: object) -> None:
        if name in table:
            raise ValueError(f"{name!r} is registered twice")
        table[name] = value

    async def prompt_current(self, ctx: Context) -> None:
        """Ask the chat's current question again (after a detour or bad input)."""
        step = self.steps.get(ctx.conv.step or "")
        if step is None:
            ctx.conv.step = None
            # Already told what went wrong (an unknown command, a stale button): the menu,
            # not a second "did not understand".
            handler = self.home or self.fallback
            if handler:
                await handler(ctx)
            return
        await step.prompt(ctx)

    async def dispatch(self, ctx: Context) -> None:
        event = ctx.event
        if event.kind == "command":
            handler = self.commands.get(event.command or "")
            if handler is None:
                ctx.say("err.unknown_command")
                await self.prompt_current(ctx)
                return
            await handler(ctx)
            return
        if event.kind == "button":
            await self._dispatch_button(ctx, event.data or "")
            return
        step = self.steps.get(ctx.conv.step or "")
        if step is not None:
            await step.handle(ctx)
        elif self.fallback:
            await self.fallback(ctx)

    async def _dispatch_button(self, ctx: Context, data: str) -> None:
        try:
            payload = PAYLOADS.decode(data)
        except PayloadError:
            # Forged, cut short or out of range: no handler sees it. Logged without the
            # payload, which a person typed nothing into but may be probing with.
            log.info("button payload refused (%d bytes)", len(data.encode()))
            await self._refuse_button(ctx, "err.button_stale")
            return
        ctx.payload = payload
        if payload.prefix == STEP_NS:
            step_name, value = payload.word("step"), payload.word("value")
            step = self.steps.get(step_name)
            if step is None:
                await self._refuse_button(ctx, "err.button_invalid")
            elif step_name != ctx.conv.step:
                await self._refuse_button(ctx, "err.button_stale")
            else:
                ctx.value = value
                await step.handle(ctx)
            return
        handler = self.buttons.get(payload.prefix)
        if handler is None:
            await self._refuse_button(ctx, "err.button_invalid")
            return
        ctx.value = payload.rest
        await handler(ctx)

    async def _refuse_button(self, ctx: Context, key: str) -> None:
        ctx.toast(key)
        ctx.say(key)
        await self.prompt_current(ctx)
