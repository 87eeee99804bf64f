"""The case card an official sees: the case's facts, who holds it, what is due, and a button
for each action that official may take now (payload "c:<action>:<case id>:<version>").

Cards are drawn from the database each time they are shown or sent (see cases/routing.py),
so an edited card always tells the truth about the case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from cases import chasing, lifecycle, proxy
from cases.casework import unseal
from cases.jurisdiction import can_see
from cases.routing import CARD_KEY
from chat.live import LiveRender
from chat.replies import Button, Text
from handlers.programme_view import card_lines
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


MAX_CARD = 4096  # Telegram's limit for a message
MAX_CAPTION = 1024  # ... and for a photo's caption
NOTES_ON_CARD = 300  # the rest of the officer's notes is in the history
DESC_ON_CARD = 1500


async def card_text(tx: Tx, services: Services, case: CaseRecord, viewer: OfficialRecord,
                    lang: str, media: list[MediaRecord] | None = None, *,
                    limit: int = MAX_CARD) -> str:
    """The card's text in one language, never longer than `limit` characters; contacts only
    for officials who may see the case. From the first visit on it shows what the visit
    found, so a lead approving a proposal sees what the officer saw."""
    if media is None:
        media = await work_repo.media_of(tx, case.id)
    facts = await _facts(tx, services, case, viewer, lang, media)
    desc_max, notes_max = DESC_ON_CARD, NOTES_ON_CARD
    while True:
        text = "\n".join(_lines(services, case, lang, facts, desc_max, notes_max))
        over = len(text) - limit
        if over <= 0:
            return text
        # Free text gives way first (it is whole in the history), the description first.
        if desc_max > 0 and case.description:
            desc_max = max(0, min(desc_max, len(case.description)) - over - 20)
        elif notes_max > 0 and facts.get("notes"):
            notes_max = max(0, min(notes_max, len(facts["notes"])) - over - 20)
        else:
            return _cut_lines(text, limit)


def _cut_lines(text: str, limit: int) -> str:
    """The last resort: whole lines up to the limit (a cut line could split an HTML tag)."""
    kept: list[str] = []
    size = 0
    for line in text.split("\n"):
        if size + len(line) + 1 > limit - 1:
            kept.append("…")
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept)[:limit]


async def _facts(tx: Tx, services: Services, case: CaseRecord, viewer: OfficialRecord,
                 lang: str, media: list[MediaRecord]) -> dict[str, Any]:
    """What the card needs from the database, read once (the text may be drawn twice to fit)."""
    facts: dict[str, Any] = {"media": media}
    if case.stage == "proposed" or case.track == "inclusion":  # what is to be approved
        facts["proposal"] = await proposal_line(tx, services, case, _t(services, lang))
    filing = await proxy.of_case(tx, services.cases.cipher, case.id)
    if filing is not None:
        facts["proxy"] = await proxy_card_line(_t(services, lang), filing)
    facts["measures"] = await work_repo.measures_of(tx, case.id)
    facts["income"] = await work_repo.latest_income(tx, case.id)
    visit = await work_repo.latest_visit(tx, case.id, services.cases.cipher)
    facts["visit"] = visit
    facts["notes"] = visit.notes if visit else None
    if visit is not None:
        facts["visitor"] = await official_name(tx, visit.official_id) or "?"
    facts["owner"] = await official_name(tx, case.owner_id)
    if case.transfer_to_id is not None:
        facts["transfer_to"] = await official_name(tx, case.transfer_to_id) or "?"
    facts["sees_contact"] = can_see(viewer, case)
    facts["viewer"] = viewer.id
    facts["now"] = services.clock.now()
    return facts


def _t(services: Services, lang: str) -> Callable[..., str]:
    def t(key: str, **params: Any) -> str:
        return services.catalogue.text(key, lang, **params)
    return t


def _lines(services: Services, case: CaseRecord, lang: str, facts: dict[str, Any],
           desc_max: int, notes_max: int) -> list[str]:
    cat = services.catalogue
    t = _t(services, lang)
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
    if "proposal" in facts:
        lines.append(facts["proposal"])
    lines.extend(card_lines(services, case, t))  # the programme's steps (评议, 公示, 审定)
    if case.closed_reason:
        lines.append(t("card.closed", reason=t(f"closure.{case.closed_reason}")))
    lines.append(t("card.source", source=t(f"source.{case.source}")))
    if facts.get("proxy"):  # filed on the household's behalf: by whom, and confirmed yet?
        lines.append(facts["proxy"])
    if case.risk_types:
        lines.append(t("card.risks", risks=cat.join(lang, (t(f"risk.{r}") for r in case.risk_types))))
    if case.people:  # a neighbour does not say; the visit records it
        lines.append(t("card.people", people=case.people))
    if case.description and desc_max > 0:
        lines.append(t("card.desc", desc=_cut(case.description, desc_max)))
    media = facts["media"]
    if media:  # a voice note may be all an elderly resident sent: say it is there
        lines.append(media_line(services, media, lang))
    if facts["sees_contact"]:
        lines.append(t("card.contact", name=case.head_name, phone=case.phone or t("card.no_phone")))
    visit = facts["visit"]
    if visit is not None:
        lines += visit_lines(services, lang, visit, facts["visitor"], notes_max)
    measures = facts["measures"]
    if measures:
        lines.append(t("card.measures",
                       measures=cat.join(lang, (t(f"measure.{m.kind}") for m in measures))))
    if facts["income"] is not None:
        lines.append(t("card.income", income=facts["income"]))
    owner = facts["owner"]
    if owner is None:
        lines.append(t("card.owner_none"))
    elif case.owner_id != facts["viewer"]:
        lines.append(t("card.accepted_by", name=owner))
    else:
        lines.append(t("card.owner", name=owner))
    if case.transfer_to_id is not None:
        lines.append(t("card.transfer", name=facts["transfer_to"]))
    elif case.transfer_village is not None:
        target = divisions.get(case.transfer_village)
        lines.append(t("card.transfer_village",
                       village=target.name if target else case.transfer_village))
    if case.due_step and case.due_at:
        overdue = case.due_at <= facts["now"]
        lines.append(t("card.overdue" if overdue else "card.due", step=t(f"due.step.{case.due_step}"),
                       due=local_time(services, case.due_at)))
    return lines


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:max(limit - 1, 0)] + "…"


def visit_lines(services: Services, lang: str, visit: work_repo.VisitDetail, visitor: str,
                notes_max: int = NOTES_ON_CARD) -> list[str]:
    """"🏠 走访（05-03，张村干）：⚠️住房、⚠️看病 · 照片 2 张" and the notes, cut at notes_max
    (the history has them whole)."""
    cat = services.catalogue
    t = _t(services, lang)
    found = cat.join(lang, (t("story.flagged", item=t(f"of.check_{c}")) for c in visit.flagged)) \
        if visit.flagged else t("story.all_ok")
    lines = [t("story.card_visit", date=local_time(services, visit.at), name=visitor,
               found=raw(found), photos=visit.photos)]
    if visit.notes and notes_max > 0:
        cut = len(visit.notes) > notes_max
        lines.append(t("story.card_notes_cut" if cut else "story.card_notes",
                       notes=_cut(visit.notes, notes_max)))
    return lines


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
                 *, media: int = 0, hidden: frozenset[str] = frozenset()) -> list[list[Button]]:
    """Two buttons a row, only the actions valid now (less the `hidden` ones); the timeline
    always, and the photos and voice notes when the case has any."""
    cat = services.catalogue
    buttons = [Button(cat.text(f"act.{a}", lang), action_data(a, case))
               for a in lifecycle.available(case, viewer) if a not in hidden]
    buttons.append(Button(cat.text("act.timeline", lang), f"{CARD_NS}:timeline:{case.id}:0"))
    if media and can_see(viewer, case):
        buttons.append(Button(cat.text("act.media", lang), media_data(case.id)))
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


async def card(tx: Tx, services: Services, case: CaseRecord, viewer: OfficialRecord, lang: str,
               *, limit: int = MAX_CARD) -> Text:
    """The card as a live message: shown as a reply, it is remembered once delivered and
    follows the case like the cards the outbox sends (scheduler/replies.py)."""
    media = await work_repo.media_of(tx, case.id)
    hidden = await _reaching_nobody(tx, services, case, viewer)
    buttons = card_buttons(services, case, viewer, lang, media=len(media), hidden=hidden)
    if officer_may_confirm(await proxy.of_case(tx, services.cases.cipher, case.id), case, viewer):
        # The household confirms a filing made on its behalf in person, on the first visit.
        buttons.append([Button(services.catalogue.text("pf.act_confirm", lang),
                               f"po:{case.id}")])
    return Text(await card_text(tx, services, case, viewer, lang, media, limit=limit),
                buttons, live=live_params(case.id))


async def _reaching_nobody(tx: Tx, services: Services, case: CaseRecord,
                           viewer: OfficialRecord) -> frozenset[str]:
    """催办 where it would reach nobody — a village without an officer, chased by the town
    lead who answers for it already — is not offered (a card pressed before still says so)."""
    if not lifecycle.allowed("chase", case, viewer):
        return frozenset()
    people, _ = await chasing.chased_people(tx, case, viewer, services.divisions)
    return frozenset() if people else frozenset({"chase"})


def live_params(case_id: int) -> dict[str, Any]:
    return {"key": CARD_KEY, "params": {"case_id": case_id}}


async def moved_line(tx: Tx, services: Services, case: CaseRecord, lang: str) -> str:
    """The short message that replaces a card where the channel cannot edit one: the stage
    and who holds the case (with the buttons valid now), not the whole card again."""
    t = _t(services, lang)
    owner = await official_name(tx, case.owner_id)
    return t("story.card_moved", ref=case.ref, stage=t(f"stage.{case.stage}"),
             owner=raw(t("story.card_moved_owner", name=owner)) if owner else "")


def live_card(services: Services) -> LiveRender:
    """The outbox renderer for key "case.card": the recipient's own view of the case now."""

    async def render(tx: Tx, channel: str, chat_id: str, params: dict[str, Any], lang: str
                     ) -> Text | None:
        viewer = await official_repo.by_chat(tx, channel, chat_id)
        case = await services.cases.by_id(tx, int(params.get("case_id", 0)))
        if viewer is None or case is None or not can_see(viewer, case):
            return None  # the official left, or the case moved out of their divisions
        lead = params.get("lead")
        said = None
        # A notice: what happened, then the card — until the case changes again ("sent back
        # to you" above a closed case, or "please take it" once taken, would mislead).
        if isinstance(lead, dict) and "key" in lead \
                and lead.get("version") in (None, case.version):
            said = services.catalogue.stored(lead["key"], lang, lead.get("params"))
        short = await moved_line(tx, services, case, lang)
        if said is None:
            shown = await card(tx, services, case, viewer, lang)
            return Text(shown.text, shown.buttons, short=short)
        shown = await card(tx, services, case, viewer, lang, limit=MAX_CARD - len(said) - 2)
        return Text(f"{said}\n\n{shown.text}", shown.buttons, short=short)

    return render
