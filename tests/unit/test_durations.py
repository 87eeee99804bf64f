"""A deadline promised to a resident reads in whole hours or in minutes — never "0 小时"."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest

from handlers.durations import within
from i18n.render import render


@pytest.mark.parametrize(("span", "zh", "en"), [
    (timedelta(minutes=30), "30 分钟", "30 minutes"),
    (timedelta(minutes=1), "1 分钟", "1 minute"),
    (timedelta(seconds=20), "1 分钟", "1 minute"),
    (timedelta(hours=1), "1 小时", "1 hour"),
    (timedelta(hours=1, minutes=30), "90 分钟", "90 minutes"),
    (timedelta(hours=24), "24 小时", "24 hours"),
])
def test_a_span_reads_in_hours_or_minutes(span: timedelta, zh: str, en: str) -> None:
    assert within(partial(render, lang="zh"), span) == zh
    assert within(partial(render, lang="en"), span) == en


def test_lists_in_stored_messages_join_the_readers_way() -> None:
    from i18n.render import default_catalogue

    cat = default_catalogue()
    who = {"join": ["李明", "<赵>"]}
    assert "责任人：李明、&lt;赵&gt;" in cat.stored("due.escalated", "zh", {"who": who})
    assert "Responsible: 李明, &lt;赵&gt;" in cat.stored("due.escalated", "en", {"who": who})
    lines = {"lines": ["", {"key": "chase.place", "params": {"village": "黄淦村"}}, "a&b"]}
    assert cat.stored("chase.escalated_many", "zh", {"n": 2, "lines": lines}).endswith(
        "\n\n黄淦村\na&amp;b")
