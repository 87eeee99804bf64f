"""A menu choice typed instead of pressed: someone who types little writes "申报" (or
"report", "declare", or a button's own words) at the menu and means the button, not a
question to the village. Only a whole short message that is one of these words counts;
anything longer is still offered as a question (handlers/questions.py)."""

from __future__ import annotations

import re

from handlers.context import Context

# The menu's choice (handlers/menu.py) each word stands for, written as normalise() leaves it.
WORDS: dict[str, tuple[str, ...]] = {
    "report": ("申报", "我要申报", "申报困难", "本户申报", "申请", "我要申请", "report", "declare",
               "declarehardship", "ireport", "iwanttodeclare", "iwanttoreport"),
    "neighbour": ("反映", "反映邻居", "邻里反映", "neighbour", "neighbor", "reportaneighbour",
                  "reportaneighbor"),
    "status": ("进度", "查进度", "查看进度", "我的申报", "查询", "status", "progress",
               "myreports"),
}
MENU_KEYS = {"report": "menu.report", "neighbour": "menu.neighbour", "status": "menu.status"}
LONGEST = 40  # a button's own words fit; a sentence is a question
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Letters and digits only, lower case: "申报！", " Report " and "🏠 申报本户困难" compare."""
    return _NOT_WORD.sub("", text).lower()


def typed_choice(ctx: Context) -> str | None:
    """The menu choice a typed message names, or None."""
    if ctx.event.kind != "text" or not ctx.event.text or len(ctx.event.text) > LONGEST:
        return None
    said = normalise(ctx.event.text)
    if not said:
        return None
    for choice, words in WORDS.items():
        labels = {normalise(ctx.services.catalogue.text(MENU_KEYS[choice], lang))
                  for lang in ("zh", "en")}
        if said in words or said in labels:
            return choice
    return None
