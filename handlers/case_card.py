"""The case card an official sees: the case's facts, who holds it, what is due, and a button
for each action that official may take now (payload "c:<action>:<case id>:<version>").

Cards are drawn from the database each time they are shown or sent (see cases/routing.py),
so an edited card always tells the truth about the case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from cases import lifecycle, proxy
from cases.casework import unseal
from cases.jurisdiction import can_see
from chat.live import LiveRender
from chat.replies import Button, Text
from handlers.proxy_card import officer_may_confirm, proxy_card_line
from handlers.services import Services
from i18n.render import raw
from storage import casework as work_repo
from storage import officials as official_repo
from storage.cases import CaseRecord, last_event
from storage.casework import MediaRecord
from storage.db import Tx
from storage.officials import OfficialRecord

CARD_NS = "c"
MEDIA_NS = "cm"  # "cm:<case id>:<offset>": the case's photos and voice notes


def action_data(action: str, case: CaseRecord) -> str:
    return f"{CARD_NS}:{action}:{case.id}:{case.version}"


def media_data(case_id: int, offset: int = 0) -> str:
    """The photos-and-voice button (handlers/case_media.py): no version, like the timeline,
    since looking changes nothing."""
    return f"{MEDIA_NS}:{case_id}:{offset}"


def local_time(services: Services, when: datetime) -> str:
    return services.programme.local(when).strftime("%Y-%m-%d %H:%M")


async def official_name(tx: Tx, official_id: int | None) -> str | None:
    if official_id is None:
        return None
    person = await official_repo.by_id(tx, official_id)
    return person.display_name if person else None


async def proposal_line(tx: Tx, services: Services, case: CaseRecord,
                        t: Callable[..., str]) -> str:
    """"拟认定：突发严重困难户" or "拟认定：不符合条件（理由：…）" from the proposal event."""
    proposal = await last_event(tx, case.id, "proposed")
    details = proposal.details if proposal else {}
    category = str(details.get("category") or "")
    label = t("work.not_eligible") if category == "not_eligible" else \
        t(f"category.{category}") if category else "?"
    reason = unseal(services.cases.cipher, details.get("reason"))
    return t("card.proposed_reason", category=label, reason=reason[:300]) if reason \
        else t("card.proposed", category=label)


async def card_text(tx: Tx, services: Services, case: CaseRecord, viewer: OfficialRecord,
                    lang: str, media: list[MediaRecord] | None = None) -> str:
    """The card's text in one language; contacts only for officials who may see the case."""
    cat = services.catalogue

    def t(key: str, **params: Any) -> str:
        return cat.text(key, lang, **params)

    divisions = services.divisions
    village = divisions.get(case.village_code)
    town = divisions.get(case.town_code)
    lines = [t("card.head", ref=case.ref, village=village.name if village else case.village_code,
               town=town.name if town else case.town_code)]
    if case.urgent and case.stage != "closed":
        lines.append(t("card.urgent"))
    lines.append(t("card.stage", stage=t(f"stage.{case.stage}")))
    if case.category:
        lines.append(t("card.category", category=t(f"category.{case.category}")))
    if case.stage == "proposed":  # what the town lead is asked to approve or send back
        lines.append(await proposal_line(tx, services, case, t))
    if case.closed_reason:
        lines.append(t("card.closed", reason=t(f"closure.{case.closed_reason}")))
    lines.append(t("card.source", source=t(f"source.{case.source}")))
    filing = await proxy.of_case(tx, services.cases.cipher, case.id)
    if filing is not None:  # filed on the household's behalf: by whom, and confirmed yet?
        lines.append(await proxy_card_line(t, filing))
    if case.risk_types:
        lines.append(t("card.risks", risks=cat.join(lang, (t(f"risk.{r}") for r in case.risk_types))))
    if case.people:  # a neighbour does not say; the visit records it
        lines.append(t("card.people", people=case.people))
    if case.description:
        lines.append(t("card.desc", desc=case.description[:1500]))
    if media is None:
        media = await work_repo.media_of(tx, case.id)
    if media:  # a voice note may be all an elderly resident sent: say it is there
        lines.append(media_line(services, media, lang))
    if can_see(viewer, case):
        lines.append(t("card.contact", name=case.head_name, phone=case.phone or t("card.no_phone")))
    measures = await work_repo.measures_of(tx, case.id)
    if measures:
        lines.append(t("card.measures",
                       measures=cat.join(lang, (t(f"measure.{m.kind}") for m in measures))))
    income = await work_repo.latest_income(tx, case.id)
    if income is not None:
        lines.append(t("card.income", income=income))
    owner = await official_name(tx, case.owner_id)
    if owner is None:
        lines.append(t("card.owner_none"))
    elif case.owner_id != viewer.id:
        lines.append(t("card.accepted_by", name=owner))
    else:
        lines.append(t("card.owner", name=owner))
    if case.transfer_to_id is not None:
        lines.append(t("card.transfer", name=await official_name(tx, case.transfer_to_id) or "?"))
    elif case.transfer_village is not None:
        target = divisions.get(case.transfer_village)
        lines.append(t("card.transfer_village",
                       village=target.name if target else case.transfer_village))
    if case.due_step and case.due_at:
        overdue = case.due_at <= services.clock.now()
        lines.append(t("card.overdue" if overdue else "card.due", step=t(f"due.step.{case.due_step}"),
                       due=local_time(services, case.due_at)))
    return "\n".join(lines)


def media_line(services: Services, media: list[MediaRecord], lang: str) -> str:
    """"📎 照片 2 张、语音 1 条": how many photos and voice notes the case holds."""
    cat = services.catalogue
    parts = []
    for kind, plural in (("photo", "photos"), ("voice", "voices")):
        n = sum(1 for m in media if m.kind == kind)
        if n:
            parts.append(cat.text(f"card.media_{kind}_one" if n == 1 else f"card.media_{plural}",
                                  lang, n=n))
    return cat.text("card.media", lang, items=raw(cat.join(lang, parts)))


def card_buttons(services: Services, case: CaseRecord, viewer: OfficialRecord, lang: str,
                 *, media: int = 0) -> list[list[Button]]:
    """Two buttons a row, only the actions valid now; the timeline always, and the photos
    and voice notes when the case has any."""
    cat = services.catalogue
    buttons = [Button(cat.text(f"act.{a}", lang), action_data(a, case))
               for a in lifecycle.available(case, viewer)]
    buttons.append(Button(cat.text("act.timeline", lang), f"{CARD_NS}:timeline:{case.id}:0"))
    if media and can_see(viewer, case):
        buttons.append(Button(cat.text("act.media", lang), media_data(case.id)))
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


async def card(tx: Tx, services: Services, case: CaseRecord, viewer: OfficialRecord, lang: str
               ) -> Text:
    media = await work_repo.media_of(tx, case.id)
    buttons = card_buttons(services, case, viewer, lang, media=len(media))
    if officer_may_confirm(await proxy.of_case(tx, services.cases.cipher, case.id), case, viewer):
        # The household confirms a filing made on its behalf in person, on the first visit.
        buttons.append([Button(services.catalogue.text("pf.act_confirm", lang),
                               f"po:{case.id}")])
    return Text(await card_text(tx, services, case, viewer, lang, media), buttons)


def live_card(services: Services) -> LiveRender:
    """The outbox renderer for key "case.card": the recipient's own view of the case now."""

    async def render(tx: Tx, channel: str, chat_id: str, params: dict[str, Any], lang: str
                     ) -> Text | None:
        viewer = await official_repo.by_chat(tx, channel, chat_id)
        case = await services.cases.by_id(tx, int(params.get("case_id", 0)))
        if viewer is None or case is None or not can_see(viewer, case):
            return None  # the official left, or the case moved out of their divisions
        shown = await card(tx, services, case, viewer, lang)
        lead = params.get("lead")
        # A notice: what happened, then the card — until the case changes again ("sent back
        # to you" above a closed case, or "please take it" once taken, would mislead).
        if isinstance(lead, dict) and "key" in lead \
                and lead.get("version") in (None, case.version):
            said = services.catalogue.stored(lead["key"], lang, lead.get("params"))
            shown = Text(f"{said}\n\n{shown.text}", shown.buttons)
        return shown

    return render
