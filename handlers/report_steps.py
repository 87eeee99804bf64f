"""Questions the report flows share: town → village, risk types, a description with photos
or voice, a phone number, and "next question or back to the summary".

Each flow names its steps and prompts with its own prefix ("sr", "nb", "of": step
"sr.town", prompt "sr.ask_town") so its wording and step numbers stay its own, and says
what comes after an answer (``then``). The answers land in the flow's draft under the
same names in every flow: town, village, risks, desc, media.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from cases.divisions import Division
from cases.vocab import RISK_TYPES
from chat.replies import Button
from handlers.context import Context
from handlers.keyboards import CANCEL_DATA, cancel_row, paged
from handlers.paged_choice import tapped
from handlers.router import Router, step_data
from handlers.validate import TEXT_MAX, clean_text, has_words, normalise_phone

Then = Callable[[Context], Awaitable[None]]

MAX_MEDIA = 5
POSTER = "poster"  # the town step's value for "the village on the poster"


async def advance(ctx: Context, next_step: str, *, confirm: str,
                  chained: Sequence[str] = ()) -> None:
    """Go to the next question, or back to the summary (``confirm``) when the person is
    editing one answer; ``chained`` steps belong to that answer and are still asked."""
    if ctx.draft.get("editing") and next_step not in chained:
        ctx.draft.pop("editing", None)
        next_step = confirm
    ctx.go(next_step)
    await ctx.ask_again()


def chosen(ctx: Context, prefix: str, label_key: str, value: object) -> None:
    """Turn the question just answered into a "✔ label: value" line (buttons gone)."""
    ctx.edit_or_send(ctx.t(f"{prefix}.chosen", label=ctx.t(label_key), value=value))


def typed_cancel(ctx: Context) -> bool:
    """The reply keyboard's Cancel key arrives as text: it means /cancel."""
    return ctx.event.kind == "text" and clean_text(ctx.event.text) == ctx.t("btn.cancel")


def phone_answer(ctx: Context) -> str | None:
    """A shared contact as given, or a typed mainland mobile / landline with area code."""
    event = ctx.event
    if event.kind == "contact" and event.phone:
        raw = event.phone if event.phone.startswith("+") else f"+{event.phone}"
        return normalise_phone(raw) or raw
    if event.kind == "text":
        return normalise_phone(event.text)
    return None


def description_shown(ctx: Context, prefix: str) -> str:
    """The description as a summary shows it: the words, and how many photos/voice notes."""
    words, media = ctx.draft.get("desc"), len(ctx.draft.get("media", []))
    if words and media:
        return ctx.t(f"{prefix}.desc_with_media", desc=words, n=media)
    return words or (ctx.t(f"{prefix}.media_count", n=media) if media else
                     ctx.t(f"{prefix}.none"))


class PlaceSteps:
    """Town, then village, from the register; paged buttons, Back from village to town."""

    def __init__(self, prefix: str, then: Then) -> None:
        self.prefix, self.then = prefix, then
        self.town_step, self.village_step = f"{prefix}.town", f"{prefix}.village"

    def register(self, router: Router) -> None:
        router.step(self.town_step, self.ask_town)(self.process_town)
        router.step(self.village_step, self.ask_village)(self.process_village)

    def _towns(self, ctx: Context) -> list[tuple[str, str]]:
        return [(d.name, d.code) for d in ctx.services.divisions.towns_with_villages()]

    def _town_buttons(self, ctx: Context, page: int) -> list[list[Button]]:
        poster = self._poster_village(ctx)
        first = ([[ctx.button("web.poster_village", step_data(self.town_step, POSTER),
                              village=poster.name)]] if poster else [])
        return [*first, *paged(ctx, self.town_step, self._towns(ctx), page), cancel_row(ctx)]

    @staticmethod
    def _poster_village(ctx: Context) -> Division | None:
        """The village of the QR poster the person came from (the channel vouches for it),
        offered first; any other village is still one tap on its town away."""
        code = ctx.event.place_hint
        village = ctx.services.divisions.get(code) if code else None
        if village is None or village.level != "village" or village.parent_code is None:
            return None
        return village

    def _village_buttons(self, ctx: Context, page: int) -> list[list[Button]]:
        villages = [(d.name, d.code)
                    for d in ctx.services.divisions.villages_of(ctx.draft["town"])]
        back = [ctx.button("btn.back", step_data(self.village_step, "back"))]
        return [*paged(ctx, self.village_step, villages, page), back + cancel_row(ctx)]

    async def ask_town(self, ctx: Context) -> None:
        ctx.say(f"{self.prefix}.ask_town",
                buttons=self._town_buttons(ctx, ctx.draft.get("page", 0)))

    async def ask_village(self, ctx: Context) -> None:
        ctx.say(f"{self.prefix}.ask_village",
                buttons=self._village_buttons(ctx, ctx.draft.get("page", 0)))

    async def restart(self, ctx: Context) -> None:
        """The chosen village left the register meanwhile: choose again."""
        ctx.say(f"{self.prefix}.err_division_gone")
        ctx.go(self.town_step)
        await self.ask_town(ctx)

    def _show_towns(self, ctx: Context, page: int) -> None:
        ctx.edit_or_send(ctx.t(f"{self.prefix}.ask_town"), self._town_buttons(ctx, page))

    def _show_villages(self, ctx: Context, page: int) -> None:
        ctx.edit_or_send(ctx.t(f"{self.prefix}.ask_village"), self._village_buttons(ctx, page))

    async def process_town(self, ctx: Context) -> None:
        """Take the chosen town (or turn the page in place)."""
        value = await tapped(ctx, self.ask_town, show_page=self._show_towns)
        if value is None:
            return
        if value == POSTER and (poster := self._poster_village(ctx)) is not None:
            ctx.draft.update(town=poster.parent_code, village=poster.code, page=0)
            chosen(ctx, self.prefix, f"{self.prefix}.field_village", poster.name)
            await self.then(ctx)
            return
        town = ctx.services.divisions.get(value)
        if town is None or town.level != "town":
            ctx.say("err.button_invalid")
            await self.ask_town(ctx)
            return
        ctx.draft.update(town=town.code, page=0)
        ctx.draft.pop("village", None)
        chosen(ctx, self.prefix, "sr.field_town", town.name)
        ctx.go(self.village_step)
        await self.ask_village(ctx)

    async def process_village(self, ctx: Context) -> None:
        """Take the chosen village, turn the page in place, or go back to the towns."""
        value = await tapped(ctx, self.ask_village, show_page=self._show_villages)
        if value is None:
            return
        if value == "back":
            ctx.draft["page"] = 0
            ctx.edit_or_send(ctx.t(f"{self.prefix}.back_to_towns"))
            ctx.go(self.town_step)
            await self.ask_town(ctx)
            return
        village = ctx.services.divisions.get(value)
        if (village is None or village.level != "village"
                or village.parent_code != ctx.draft.get("town")):
            ctx.say("err.button_invalid")
            await self.ask_village(ctx)
            return
        ctx.draft.update(village=village.code, page=0)
        chosen(ctx, self.prefix, f"{self.prefix}.field_village", village.name)
        await self.then(ctx)


class RiskSteps:
    """Risk types toggled on and off with ✅ marks; Done needs at least one."""

    def __init__(self, prefix: str, then: Then) -> None:
        self.prefix, self.then, self.step = prefix, then, f"{prefix}.risks"

    def register(self, router: Router) -> None:
        router.step(self.step, self.ask)(self.process)

    def _buttons(self, ctx: Context) -> list[list[Button]]:
        picked = set(ctx.draft.get("risks", []))
        buttons = [Button(("✅ " if slug in picked else "") + ctx.t(f"risk.{slug}"),
                          step_data(self.step, slug)) for slug in RISK_TYPES]
        rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
        return [*rows, [ctx.button("btn.done", step_data(self.step, "done"))], cancel_row(ctx)]

    async def ask(self, ctx: Context) -> None:
        ctx.say(f"{self.prefix}.ask_risks", buttons=self._buttons(ctx))

    async def process(self, ctx: Context) -> None:
        if ctx.event.kind != "button":
            ctx.say("err.use_buttons")
            await self.ask(ctx)
            return
        picked: list[str] = list(ctx.draft.get("risks", []))
        if ctx.value == "done":
            if not picked:
                ctx.toast(f"{self.prefix}.err_risks")
                ctx.say(f"{self.prefix}.err_risks")
                await self.ask(ctx)
                return
            chosen(ctx, self.prefix, f"{self.prefix}.field_risks",
                   ctx.join(ctx.t(f"risk.{s}") for s in picked))
            await self.then(ctx)
            return
        if ctx.value not in RISK_TYPES:
            ctx.say("err.button_invalid")
            await self.ask(ctx)
            return
        picked.remove(ctx.value) if ctx.value in picked else picked.append(ctx.value)
        ctx.draft["risks"] = [s for s in RISK_TYPES if s in picked]
        ctx.edit_or_send(ctx.t(f"{self.prefix}.ask_risks"), self._buttons(ctx))


class DescriptionStep:
    """A few words, a voice note or up to MAX_MEDIA photos (a caption counts) — or Skip."""

    def __init__(self, prefix: str, then: Then) -> None:
        self.prefix, self.then, self.step = prefix, then, f"{prefix}.desc"

    def register(self, router: Router) -> None:
        router.step(self.step, self.ask)(self.process)

    def _key(self, name: str) -> str:
        return f"{self.prefix}.{name}"

    def _keep_media(self, ctx: Context) -> bool:
        """The photo or voice note just sent joins the draft's media; False (and said) when
        MAX_MEDIA are in already."""
        media = list(ctx.draft.get("media", []))
        if len(media) >= MAX_MEDIA:
            ctx.say(self._key("err_media_full"), max=MAX_MEDIA)
            return False
        media.append({"kind": ctx.event.kind, "file_id": ctx.event.media})
        ctx.draft["media"] = media
        return True

    def keeps_late_media(self, handler: Then) -> Then:
        """For the questions after this one: a photo or voice note sent once the words were
        in (people type first, then remember the photo) joins the description, and the
        question is asked again, instead of being refused and lost."""

        async def wrapped(ctx: Context) -> None:
            event = ctx.event
            if event.kind not in ("photo", "voice") or not event.media:
                await handler(ctx)
                return
            if self._keep_media(ctx):
                if event.text and not ctx.draft.get("desc"):
                    ctx.draft["desc"] = clean_text(event.text)[:TEXT_MAX]
                ctx.say(self._key("media_added"), count=len(ctx.draft["media"]))
            await ctx.ask_again()

        return wrapped

    async def ask(self, ctx: Context) -> None:
        label = "btn.done" if ctx.draft.get("media") else "btn.skip"
        ctx.say(self._key("ask_desc"), buttons=[
            [ctx.button(label, step_data(self.step, "done"))], cancel_row(ctx)])

    async def process(self, ctx: Context) -> None:
        event = ctx.event
        if event.kind == "button":
            if ctx.value != "done":
                ctx.say("err.button_invalid")
                await self.ask(ctx)
                return
            ctx.edit_or_send(ctx.t(self._key("desc_done")))
            await self.then(ctx)
            return
        if event.kind in ("photo", "voice") and event.media:
            self._keep_media(ctx)
            if event.text:
                ctx.draft["desc"] = clean_text(event.text)[:TEXT_MAX]
            ctx.say(self._key("media_saved"), count=len(ctx.draft["media"]),
                    buttons=[[ctx.button("btn.done", step_data(self.step, "done"))]])
            return
        if event.kind != "text":
            ctx.say(self._key("err_desc_kind"))
            await self.ask(ctx)
            return
        text = clean_text(event.text)
        if len(text) > TEXT_MAX:
            ctx.say(self._key("err_desc_long"), max=TEXT_MAX, length=len(text))
            await self.ask(ctx)
            return
        if not has_words(text):
            ctx.say(self._key("err_desc_empty"))
            await self.ask(ctx)
            return
        ctx.draft["desc"] = text
        await self.then(ctx)


class ReviewSteps:
    """The summary with Submit / Edit / Cancel, and the menu of answers to change: after
    the changed answer the summary comes back (see ``advance``)."""

    def __init__(self, prefix: str, *, summary: Callable[[Context], str],
                 fields: Sequence[tuple[str, str]], submit: Then,
                 description: DescriptionStep | None = None) -> None:
        self.prefix, self.summary, self.submit = prefix, summary, submit
        self.description = description
        self.fields = dict(fields)  # answer (its step's suffix) → label key
        self.confirm_step, self.edit_step = f"{prefix}.confirm", f"{prefix}.edit"

    def register(self, router: Router) -> None:
        confirm: Then = self.process_confirm
        edit: Then = self.process_edit
        if self.description is not None:  # a photo sent at the summary joins the report
            confirm, edit = map(self.description.keeps_late_media, (confirm, edit))
        router.step(self.confirm_step, self.ask_confirm)(confirm)
        router.step(self.edit_step, self.ask_edit)(edit)

    async def ask_confirm(self, ctx: Context) -> None:
        ctx.send(self.summary(ctx), buttons=[
            [ctx.button("btn.submit", step_data(self.confirm_step, "submit"))],
            [ctx.button("btn.edit", step_data(self.confirm_step, "edit")),
             ctx.button("btn.cancel", CANCEL_DATA)],
        ])

    async def process_confirm(self, ctx: Context) -> None:
        if ctx.event.kind != "button":
            ctx.say("err.use_buttons")
            await self.ask_confirm(ctx)
        elif ctx.value == "edit":
            ctx.go(self.edit_step)
            await self.ask_edit(ctx)
        elif ctx.value == "submit":
            await self.submit(ctx)
        else:
            ctx.say("err.button_invalid")
            await self.ask_confirm(ctx)

    async def ask_edit(self, ctx: Context) -> None:
        rows = [[ctx.button(label, step_data(self.edit_step, field))]
                for field, label in self.fields.items()]
        rows.append([ctx.button("btn.back", step_data(self.edit_step, "back"))])
        ctx.say("sr.ask_edit", buttons=rows)

    async def process_edit(self, ctx: Context) -> None:
        if ctx.event.kind != "button" or (ctx.value not in self.fields and ctx.value != "back"):
            ctx.say("err.use_buttons")
            await self.ask_edit(ctx)
            return
        if ctx.value == "back":
            ctx.go(self.confirm_step)
            await self.ask_confirm(ctx)
            return
        ctx.draft.update(editing=True, page=0)
        ctx.go(f"{self.prefix}.{ctx.value}")
        await ctx.ask_again()
