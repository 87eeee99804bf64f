"""/phone: an official chooses whether residents see their phone number on the receipt that
tells a household who took its case ("负责的是 李信息员（电话 …）"). Off unless they share it."""

from __future__ import annotations

from chat.replies import RequestKeyboard
from handlers.common import cancel, clear_flow, current_official, offer_resume
from handlers.context import Context
from handlers.report_steps import phone_answer, typed_cancel
from handlers.router import Router
from storage import official_phones

router = Router()


@router.command("phone")
async def phone_command(ctx: Context) -> None:
    official = await current_official(ctx)
    if official is None:
        ctx.say("off.only")
        return
    if ctx.conv.step:
        offer_resume(ctx)
        return
    shared = await official_phones.shared(ctx.tx, ctx.services.cases.cipher, official.id)
    rows = [[ctx.button("phone.btn_share", "op:share")]]
    if shared:
        rows.append([ctx.button("phone.btn_stop", "op:stop")])
    ctx.say("phone.shared" if shared else "phone.not_shared", phone=shared or "", buttons=rows)


@router.button("op")
async def phone_choice(ctx: Context) -> None:
    official = await current_official(ctx)
    if official is None:
        ctx.say("off.only")
        return
    if ctx.pressed.word("what") == "stop":
        await official_phones.withdraw(ctx.tx, official.id)
        ctx.edit_or_send(ctx.t("phone.stopped"))
        return
    ctx.conv.draft = {"flow": "official_phone"}
    ctx.go("op.phone")
    await ask_phone(ctx)


async def ask_phone(ctx: Context) -> None:
    ctx.say("phone.ask", keyboard=RequestKeyboard(
        "contact", ctx.t("btn.share_phone"), ctx.t("btn.cancel")))


@router.step("op.phone", ask_phone)
async def process_phone(ctx: Context) -> None:
    if typed_cancel(ctx):
        await cancel(ctx)
        return
    official = await current_official(ctx)
    phone = phone_answer(ctx)
    if official is None or phone is None:
        ctx.say("sr.err_phone")
        await ask_phone(ctx)
        return
    await official_phones.share(ctx.tx, ctx.services.cases.cipher, official.id, phone, ctx.now)
    clear_flow(ctx)
    ctx.say("phone.saved", phone=phone, keyboard=RequestKeyboard("remove"))
