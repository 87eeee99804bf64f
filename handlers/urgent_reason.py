""""What makes it urgent?" — asked after a resident says their need is urgent; a voice note
answers it as well as words (a frightened or elderly person may only manage to speak), or Skip.

The words join the description the official reads (after a label in the resident's language);
a voice note joins the report's media, which the official hears from the card.
"""

from __future__ import annotations

from handlers.context import Context
from handlers.keyboards import cancel_row
from handlers.report_steps import MAX_MEDIA, Then
from handlers.router import Router, step_data
from handlers.validate import TEXT_MAX, clean_text, has_words


class UrgentReasonStep:
    def __init__(self, prefix: str, then: Then) -> None:
        self.prefix, self.then, self.step = prefix, then, f"{prefix}.urgent_why"

    def register(self, router: Router) -> None:
        router.step(self.step, self.ask)(self.process)

    async def ask(self, ctx: Context) -> None:
        ctx.say("urgent.ask_why", buttons=[
            [ctx.button("btn.skip", step_data(self.step, "skip"))], cancel_row(ctx)])

    async def process(self, ctx: Context) -> None:
        event = ctx.event
        if event.kind == "button" and ctx.value == "skip":
            ctx.draft.pop("urgent_why", None)
            ctx.edit_or_send(ctx.t("urgent.skipped"))
            await self.then(ctx)
            return
        if event.kind == "voice" and event.media:
            media = list(ctx.draft.get("media", []))
            if len(media) < MAX_MEDIA:
                media.append({"kind": "voice", "file_id": event.media})
                ctx.draft["media"] = media
            ctx.say("urgent.heard")
            await self.then(ctx)
            return
        text = clean_text(event.text) if event.kind == "text" else ""
        if not text or not has_words(text) or len(text) > TEXT_MAX // 2:
            ctx.say("urgent.err_why", max=TEXT_MAX // 2)
            await self.ask(ctx)
            return
        ctx.draft["urgent_why"] = text
        await self.then(ctx)


def with_urgent_reason(ctx: Context, description: str | None) -> str | None:
    """The description as submitted: the resident's words, then what makes it urgent."""
    why = ctx.draft.get("urgent_why") if ctx.draft.get("urgent") else None
    if not why:
        return description
    line = ctx.t("urgent.why_line", why=why)
    return f"{description}\n{line}" if description else line
