"""The town lead's decision on a household's re-review request (申请复核, cases/follow_up.py):
keep the refusal or reopen the case, then the reason the household reads (the shared reason
step of handlers/case_actions.py).
"""

from __future__ import annotations

from handlers.case_actions import ask, ask_reason, wrong
from handlers.context import Context
from handlers.router import Router, step_data

router = Router()


async def ask_decide(ctx: Context) -> None:
    ask(ctx, "review.ask_decision", [
        [ctx.button("review.btn_uphold", step_data("cw.decide", "uphold"))],
        [ctx.button("review.btn_reopen", step_data("cw.decide", "reopen"))]])


@router.step("cw.decide", ask_decide)
async def process_decide(ctx: Context) -> None:
    """Keep the refusal or reopen the case; either way with a reason the household reads."""
    if ctx.event.kind != "button" or ctx.value not in ("uphold", "reopen"):
        await wrong(ctx)
        return
    ctx.draft["decision"] = ctx.value
    ctx.go("cw.reason")
    await ask_reason(ctx)
