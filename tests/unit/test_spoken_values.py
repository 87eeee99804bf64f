"""Numbers and dates as people type them (handlers/spoken_values.py)."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.spoken_values import read_amount, read_count, read_date, read_number

TODAY = date(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(("typed", "value", "form"), [
    ("5000", 5000, "digits"), ("20,000", 20000, "grouped"), ("２０，０００", 20000, "grouped"),
    ("1,234,567", 1234567, "grouped"), ("5,000.00", 5000, "grouped"), ("2万", 20000, "wan"),
    ("2.5万", 25000, "wan"), ("1万2", 12000, "wan"), ("2万3000", 23000, "wan"),
    ("5k", 5000, "wan"), ("1.2w", 12000, "wan"), ("两千五", 2500, "chinese"),
    ("大约五千", 5000, "chinese"), ("一千零五", 1005, "chinese"), ("一万二", 12000, "chinese"),
    ("三十五", 35, "chinese"), ("十", 10, "chinese"), ("一百二", 120, "chinese"),
    ("两千五百", 2500, "chinese"), ("贰仟伍佰", 2500, "chinese"), ("五千多", 5000, "chinese"),
    ("十来个", 10, "chinese"), ("5000元", 5000, "digits"), ("800块钱", 800, "digits"),
    ("约 3000 元左右", 3000, "digits"), ("1500.5", 1501, "digits"), ("零", 0, "chinese"),
    ("3口人", 3, "digits"), ("about 5000", 5000, "digits"), ("5 000", 5000, "digits"),
])
def test_numbers_people_write(typed: str, value: int, form: str) -> None:
    reading = read_number(typed)
    assert (reading.value, reading.form) == (value, form)


@pytest.mark.parametrize(("typed", "form"), [
    ("不知道", "digits"), ("2,00", "grouped"), ("三五", "chinese"), ("万", "wan"),
    ("-5", "digits"), ("3 5", "digits"), ("5万万", "wan"), ("千千", "chinese"), ("", "digits"),
    ("12abc", "digits"), ("x" * 10000, "digits"),
])
def test_what_cannot_be_read_keeps_the_form_used(typed: str, form: str) -> None:
    reading = read_number(typed)
    assert reading.value is None and reading.form == form


def test_hedged_numbers_are_marked_approximate() -> None:
    assert read_number("大约五千").approximate
    assert read_number("3000左右").approximate
    assert not read_number("5000").approximate


def test_amount_and_count_ranges() -> None:
    assert read_amount("2万", 0, 10_000).value is None
    assert read_amount("2万", 0, 10_000).form == "wan"
    assert read_count("三", 1, 30).value == 3
    assert read_count("5口人", 1, 30).value == 5
    assert read_count("2.5", 1, 30).value is None
    assert read_count("0", 1, 30).value is None


@pytest.mark.parametrize(("typed", "past", "future", "form"), [
    ("12月5日", date(2025, 12, 5), date(2026, 12, 5), "month_day"),
    ("12月5号", date(2025, 12, 5), date(2026, 12, 5), "month_day"),
    ("十二月五日", date(2025, 12, 5), date(2026, 12, 5), "month_day"),
    ("12-5", date(2025, 12, 5), date(2026, 12, 5), "dashed"),
    ("12/5", date(2025, 12, 5), date(2026, 12, 5), "dashed"),
    ("2月5日", date(2026, 2, 5), date(2027, 2, 5), "month_day"),
    ("3月2日", TODAY, TODAY, "month_day"),  # today is both the latest and the next
    ("2月29日", date(2024, 2, 29), date(2028, 2, 29), "month_day"),
    ("2026-12-05", date(2026, 12, 5), date(2026, 12, 5), "full"),
    ("2026年12月5日", date(2026, 12, 5), date(2026, 12, 5), "full"),
    ("2026.12.5", date(2026, 12, 5), date(2026, 12, 5), "full"),
    ("20261205", date(2026, 12, 5), date(2026, 12, 5), "full"),
    ("下周一", date(2026, 3, 9), date(2026, 3, 9), "weekday"),
    ("上周五", date(2026, 2, 27), date(2026, 2, 27), "weekday"),
    ("星期三", date(2026, 2, 25), date(2026, 3, 4), "weekday"),
    ("周一", TODAY, date(2026, 3, 9), "weekday"),
    ("下个星期天", date(2026, 3, 15), date(2026, 3, 15), "weekday"),
    ("next friday", date(2026, 3, 13), date(2026, 3, 13), "weekday"),
    ("今天", TODAY, TODAY, "relative"), ("昨天", date(2026, 3, 1), date(2026, 3, 1), "relative"),
    ("后天", date(2026, 3, 4), date(2026, 3, 4), "relative"),
    ("3天前", date(2026, 2, 27), date(2026, 2, 27), "relative"),
    ("十天后", date(2026, 3, 12), date(2026, 3, 12), "relative"),
    ("tomorrow", date(2026, 3, 3), date(2026, 3, 3), "relative"),
    ("5号", date(2026, 2, 5), date(2026, 3, 5), "month_day"),
    ("下个月5号", date(2026, 4, 5), date(2026, 4, 5), "month_day"),
])
def test_dates_people_write(typed: str, past: date, future: date, form: str) -> None:
    assert read_date(typed, TODAY, "past").value == past
    assert read_date(typed, TODAY, "future").value == future
    assert read_date(typed, TODAY).form == form


@pytest.mark.parametrize(("typed", "form"), [
    ("2月30日", "month_day"), ("13-5", "dashed"), ("2026-13-01", "full"), ("周八", "weekday"),
    ("随便", "month_day"), ("", "month_day"), ("31号" * 100, "month_day"),
])
def test_dates_that_are_no_dates(typed: str, form: str) -> None:
    reading = read_date(typed, TODAY)
    assert reading.value is None and reading.form == form


def test_a_year_end_date_without_a_year() -> None:
    new_year = date(2027, 1, 3)
    assert read_date("12-30", new_year, "past").value == date(2026, 12, 30)
    assert read_date("1-5", new_year, "future").value == date(2027, 1, 5)
    assert read_date("1-2", new_year, "future").value == date(2028, 1, 2)
