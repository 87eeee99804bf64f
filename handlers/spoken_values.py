"""Numbers and dates as people type (or a phone's dictation writes) them.

"20,000", "2万", "2.5万", "两千五", "大约五千", "5k" are all amounts; "12月5日", "12-5", "下周一",
"昨天", "3天前" are all dates. Each parser also says which *form* the person used, so a reply
to something it cannot read can show an example in that same form (someone who writes
Chinese numerals is shown "两千五", not "2500").

Pure functions of the text (and of today's date, for dates): no chat, no catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal

NumberForm = Literal["digits", "grouped", "wan", "chinese"]
DateForm = Literal["full", "month_day", "dashed", "relative", "weekday"]
Prefer = Literal["past", "future"]

_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．／－：　", "0123456789,./-: ")

# Words around a number that do not change it: "大约", "左右", "元", "块钱", "口人".
_HEDGES = ("大约", "大概", "约莫", "差不多", "将近", "接近", "估计", "可能", "约", "近",
           "about", "around", "approx", "approximately", "roughly", "~", "≈")
_TAILS = ("左右", "上下", "多", "来", "块钱", "块", "元钱", "元", "rmb", "yuan", "¥", "￥",
          "个人", "口人", "口", "人", "个", "people", "persons", "person")

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "两": 2,
           "俩": 2, "三": 3, "叁": 3, "仨": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6,
           "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "k": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "w": 10_000}

_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|.")


@dataclass(frozen=True, slots=True)
class Reading:
    """What was understood: the value (None when nothing could be), the form the person
    used, and whether they hedged it ("大约五千": 5000, approximate)."""

    value: int | None
    form: NumberForm
    approximate: bool = False


def number_form(text: str) -> NumberForm:
    """The way a number was written, judged from its characters (also for unreadable text)."""
    folded = text.translate(_FULL_WIDTH).lower()
    if any(ch in _DIGITS or ch in "十拾百佰千仟" for ch in folded):
        return "chinese"
    if any(ch in "万萬" for ch in folded) or re.search(r"\d\s*[wk]", folded):
        return "wan"
    if re.search(r"\d,\d", folded):
        return "grouped"
    return "digits"


def _strip_words(text: str) -> tuple[str, bool]:
    """The number with hedges and units around it taken off; True when it was hedged."""
    hedged = False
    changed = True
    while changed and text:
        changed = False
        for word in _HEDGES:
            if text.startswith(word):
                text, hedged, changed = text[len(word):].strip(), True, True
        for word in _TAILS:
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)].strip(), True
                hedged = hedged or word in ("左右", "上下", "多", "来")
    return text, hedged


def _compose(text: str) -> Decimal | None:
    """Digits, Chinese numerals and multipliers in any mix: "两千五" 2500, "一万二" 12000,
    "2万5" 25000, "2.5万" 25000, "一千零五" 1005, "三十" 30, "5k" 5000.

    A lone digit right after a unit is the colloquial short form: it counts in the next
    unit down ("两千五" is 2500, not 2005) unless 零 came between ("两千零五" is 2005).
    """
    total = Decimal(0)  # whole sections of 万 / 亿 already closed
    section = Decimal(0)  # the part below the current 万
    number: Decimal | None = None  # the digits read but not yet given a unit
    last_unit: int | None = None  # the unit just before `number` (for the short form)
    zero_between = False
    for token in _TOKEN.findall(text):
        if token[0].isdigit():
            if number is not None:
                return None  # two numbers in a row: "3 5"
            number = Decimal(token)
        elif token in _DIGITS:
            if number is not None and number != 0:
                return None  # "三五" is no number people write for 35
            if _DIGITS[token] == 0:
                zero_between, number = True, None
                continue
            number = Decimal(_DIGITS[token])
        elif token in _UNITS:
            unit = _UNITS[token]
            if last_unit is not None and unit >= last_unit and number is None:
                return None  # "千千"
            section += (number if number is not None else Decimal(1)) * unit
            number, last_unit, zero_between = None, unit, False
        elif token in _BIG:
            section += number if number is not None else Decimal(0)
            if section == 0 or total:
                return None  # "万" alone, or "一万两万"
            total, section = section * _BIG[token], Decimal(0)
            number, last_unit, zero_between = None, _BIG[token], False
        else:
            return None
    if number is not None:
        short = (last_unit is not None and not zero_between and number < 10
                 and number == number.to_integral_value() and last_unit >= 10)
        section += number * (last_unit // 10) if short and last_unit is not None else number
    return total + section


def read_number(raw: str | None) -> Reading:
    """Any way of writing a non-negative number; value None when it cannot be read.

    Decimals are rounded to whole units (yuan): "1500.5" is 1501.
    """
    text = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", "", (raw or "").translate(_FULL_WIDTH))
    if re.search(r"\d\s+\d", text):
        return Reading(None, number_form(text))  # "3 5": two numbers, not 35
    text = re.sub(r"\s+", "", text).lower()
    form = number_form(text)
    text, hedged = _strip_words(text)
    if not text:
        return Reading(None, form, hedged)
    if _GROUPED.match(text):
        text = text.replace(",", "")
    elif "," in text:
        return Reading(None, form, hedged)  # "2,00": a slip, not a thousands group
    try:
        value = _compose(text)
    except InvalidOperation:
        value = None
    if value is None or value < 0:
        return Reading(None, form, hedged)
    return Reading(int(value.quantize(Decimal(1), rounding="ROUND_HALF_UP")), form, hedged)


def read_amount(raw: str | None, low: int = 0, high: int = 10_000_000) -> Reading:
    """An amount of yuan within [low, high] (outside: value None, form kept)."""
    reading = read_number(raw)
    if reading.value is not None and not low <= reading.value <= high:
        return Reading(None, reading.form, reading.approximate)
    return reading


def read_count(raw: str | None, low: int, high: int) -> Reading:
    """A whole count (people in a household) within [low, high]: "3", "三", "5口人"."""
    text = re.sub(r"\s+", "", (raw or "").translate(_FULL_WIDTH))
    if re.search(r"\d\.\d", text):  # "2.5 people" is no count
        return Reading(None, number_form(text))
    return read_amount(raw, low, high)


# --- dates --------------------------------------------------------------------------------

_WEEKDAYS = {"一": 0, "1": 0, "二": 1, "2": 1, "三": 2, "3": 2, "四": 3, "4": 3, "五": 4, "5": 4,
             "六": 5, "6": 5, "日": 6, "天": 6, "七": 6, "7": 6}
_EN_WEEKDAYS = {name: n for n, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3,
                  "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
                  "today": 0, "yesterday": -1, "tomorrow": 1}

_N = r"([\d零〇一二两三四五六七八九十]{1,3})"  # a month or day: "12", "十二"
_FULL = re.compile(r"^(\d{4})[-/.年]" + _N + r"[-/.月]" + _N + r"[日号]?$")
_MONTH_DAY = re.compile(r"^" + _N + r"月" + _N + r"[日号]?$")
_DASHED = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_ONLY = re.compile(r"^" + _N + r"[日号]$")
_WEEKDAY = re.compile(r"^(上上|下下|上|下|这|本|今)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天七1-7])$")
_EN_WEEKDAY = re.compile(r"^(last|next|this)?\s*(" + "|".join(_EN_WEEKDAYS) + r")$")
_DAYS_AWAY = re.compile(r"^([\d零〇一二两三四五六七八九十百]{1,4})天(前|以前|之前|后|以后|之后)$")
_EN_DAYS_AWAY = re.compile(r"^in\s*(\d{1,4})\s*days?$|^(\d{1,4})\s*days?\s*(ago|later)$")
_MONTH_REL = re.compile(r"^(上|下|这|本)个?月" + _N + r"[日号]?$")


@dataclass(frozen=True, slots=True)
class DateReading:
    value: date | None
    form: DateForm


def _small(text: str) -> int | None:
    """A month or day number: "12", "十二", "5"."""
    if text.isdigit():
        return int(text)
    reading = read_number(text)
    return reading.value


def date_form(text: str) -> DateForm:
    if re.match(r"^\d{4}", text) or "年" in text:
        return "full"
    if "月" in text:
        return "month_day"
    if re.search(r"\d[-/.]\d", text):
        return "dashed"
    if re.search(r"周|星期|礼拜|day$", text) or text in _EN_WEEKDAYS:
        return "weekday"
    if any(w in text for w in ("天", "today", "yesterday", "tomorrow", "ago", "later", "in")):
        return "relative"
    return "month_day"  # nothing to go by: the way most people write a date here


def _safe(year: int, month: int | None, day: int | None) -> date | None:
    if month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _without_year(month: int | None, day: int | None, today: date, prefer: Prefer) -> date | None:
    """The most recent such day up to today (events), or the next from today (appointments)."""
    if month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    years = (today.year, today.year - 1, today.year - 2, today.year - 3, today.year - 4) \
        if prefer == "past" else (today.year, today.year + 1, today.year + 2, today.year + 3,
                                  today.year + 4)
    for year in years:  # 29 February waits for a leap year
        found = _safe(year, month, day)
        if found is None:
            continue
        if (prefer == "past" and found <= today) or (prefer == "future" and found >= today):
            return found
    return None


def _weekday(which: str | None, weekday: int, today: date, prefer: Prefer) -> date:
    monday = today - timedelta(days=today.weekday())
    weeks = {"上上": -2, "上": -1, "last": -1, "下": 1, "next": 1, "下下": 2,
             "这": 0, "本": 0, "今": 0, "this": 0}
    if which:
        return monday + timedelta(weeks=weeks[which], days=weekday)
    # A bare "周一": the last one (today included) for an event, the coming one for a visit.
    this_week = monday + timedelta(days=weekday)
    if prefer == "past":
        return this_week if this_week <= today else this_week - timedelta(weeks=1)
    return this_week if this_week > today else this_week + timedelta(weeks=1)


def read_date(raw: str | None, today: date, prefer: Prefer = "past") -> DateReading:
    """A date as people write it. Without a year it is the most recent past one for
    events (prefer="past") and the next one for appointments (prefer="future")."""
    text = re.sub(r"\s+", " ", (raw or "").translate(_FULL_WIDTH)).strip().lower()
    compact = text.replace(" ", "")
    form = date_form(compact)
    value: date | None = None
    if (m := _FULL.match(compact)) or (m := _COMPACT.match(compact)):
        value = _safe(int(m.group(1)), _small(m.group(2)), _small(m.group(3)))
    elif m := _MONTH_REL.match(compact):
        value = _in_month(m.group(1), _small(m.group(2)), today)
    elif m := _MONTH_DAY.match(compact):
        value = _without_year(_small(m.group(1)), _small(m.group(2)), today, prefer)
    elif m := _DASHED.match(compact):
        value = _without_year(int(m.group(1)), int(m.group(2)), today, prefer)
    elif compact in _RELATIVE_DAYS:
        value = today + timedelta(days=_RELATIVE_DAYS[compact])
    elif m := _WEEKDAY.match(compact):
        value = _weekday(m.group(1), _WEEKDAYS[m.group(2)], today, prefer)
    elif m := _EN_WEEKDAY.match(text):
        value = _weekday(m.group(1), _EN_WEEKDAYS[m.group(2)], today, prefer)
    elif m := _DAYS_AWAY.match(compact):
        n = _small(m.group(1))
        if n is not None:
            value = today + timedelta(days=-n if "前" in m.group(2) else n)
    elif m := _EN_DAYS_AWAY.match(text):
        n = int(m.group(1) or m.group(2))
        value = today + timedelta(days=-n if m.group(3) == "ago" else n)
    elif m := _DAY_ONLY.match(compact):
        value = _day_of_month(_small(m.group(1)), today, prefer)
    return DateReading(value, form)


def _in_month(which: str, day: int | None, today: date) -> date | None:
    shift = {"上": -1, "下": 1, "这": 0, "本": 0}[which]
    month_index = today.year * 12 + today.month - 1 + shift
    return _safe(month_index // 12, month_index % 12 + 1, day)


def _day_of_month(day: int | None, today: date, prefer: Prefer) -> date | None:
    """"5号": this month's 5th, else the month before (events) or after (appointments)."""
    if day is None:
        return None
    for shift in range(0, 3):
        month_index = today.year * 12 + today.month - 1 + (-shift if prefer == "past" else shift)
        found = _safe(month_index // 12, month_index % 12 + 1, day)
        if found is not None and ((prefer == "past" and found <= today)
                                  or (prefer == "future" and found >= today)):
            return found
    return None
