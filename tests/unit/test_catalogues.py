"""Every message exists in Chinese and English with the same variables, every .ftl file parses,
and rendering keeps the old catalogue's exact text and HTML escaping."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Visitor

from i18n.render import (
    LANGUAGES,
    LOCALES,
    Catalogue,
    catalogue_key,
    default_catalogue,
    fluent_id,
    language_for,
    raw,
    render,
)

FILES = {lang: sorted(path.name for path in (LOCALES / lang).glob("*.ftl")) for lang in LANGUAGES}


class _Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ftl.VariableReference) -> None:
        self.names.add(node.id.name)


def parsed(lang: str, name: str) -> ftl.Resource:
    return FluentParser().parse((LOCALES / lang / name).read_text(encoding="utf-8"))


def messages(lang: str) -> dict[str, ftl.Message]:
    """Fluent id → message, over every file of a language."""
    found: dict[str, ftl.Message] = {}
    for name in FILES[lang]:
        for entry in parsed(lang, name).body:
            if isinstance(entry, ftl.Message):
                assert entry.id.name not in found, f"{entry.id.name} defined twice in {lang}"
                found[entry.id.name] = entry
    return found


def variables(message: ftl.Message) -> set[str]:
    """Every $variable of a message, selectors and their variants included."""
    found = _Variables()
    found.visit(message)
    return found.names


def test_both_languages_have_the_same_files() -> None:
    assert FILES["zh"] == FILES["en"]
    assert len(FILES["zh"]) >= 8


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_ftl_file_parses_without_junk(lang: str) -> None:
    for name in FILES[lang]:
        resource = parsed(lang, name)
        junk = [entry.content for entry in resource.body if isinstance(entry, ftl.Junk)]
        assert junk == [], (lang, name, junk)
        terms = [entry.id.name for entry in resource.body if isinstance(entry, ftl.Term)]
        assert terms == [], (lang, name, terms)  # ids map to dotted keys; "-x" would not


def test_every_key_exists_in_both_languages_in_the_same_file() -> None:
    for name in FILES["zh"]:
        keys = {lang: [e.id.name for e in parsed(lang, name).body if isinstance(e, ftl.Message)]
                for lang in LANGUAGES}
        assert set(keys["zh"]) == set(keys["en"]), (name, set(keys["zh"]) ^ set(keys["en"]))


def test_every_message_uses_the_same_variables_in_both_languages() -> None:
    zh, en = messages("zh"), messages("en")
    assert zh.keys() == en.keys()
    assert len(zh) > 500
    for message_id, message in zh.items():
        assert message.value is not None, message_id
        assert variables(message) == variables(en[message_id]), catalogue_key(message_id)


def test_message_ids_map_one_to_one_to_dotted_keys() -> None:
    for message_id in messages("zh"):
        assert re.fullmatch(r"[a-z][a-z0-9_]*(-[a-z0-9_]+)*", message_id), message_id
        assert fluent_id(catalogue_key(message_id)) == message_id
    assert fluent_id("work.done.accept") == "work-done-accept"
    assert default_catalogue().has("work.done.accept") and not default_catalogue().has("work.done")


# Rendered by the old str.format dictionaries before the move to Fluent, kept as a regression
# sample: blank lines, leading and trailing spaces, placeables at a line start, escaping.
OLD_TEXT = [
    ("welcome.start", "zh", {"name": "王<秀>英"},
     "您好，王&lt;秀&gt;英！这里是<b>防返贫监测帮扶</b>服务（平安网）：家里有困难可以在这里申报，"
     "村里会派人上门。\n我们只记录申报的家庭情况和电话，只有负责您村、镇的工作人员能看到。您同意吗？"),
    ("welcome.start", "en", {"name": "Tom & Jerry"},
     "Hello Tom &amp; Jerry! This is <b>Safety Net</b>: if your household is in difficulty, "
     "declare it here and your village will send someone.\nWe record only what you declare "
     "about the household and a phone number; only the officials for your village and town see "
     "it. Do you agree?"),
    ("inbox.due", "zh", {"due": "12-31"}, " · 截止 12-31"),
    ("inbox.due", "en", {"due": "12-31"}, " · due 12-31"),
    ("list.sep", "en", {}, ", "),
    ("list.sep", "zh", {}, "、"),
    ("case.timeline", "en", {"ref": "NC-2026-000123", "lines": raw("a\nb")},
     "<b>NC-2026-000123 timeline</b>\na\nb"),
    ("work.closure_refused", "zh", {"missing": raw("· 至少一项帮扶措施")},
     "还不能以「风险消除」办结，还缺：\n· 至少一项帮扶措施"),
    ("due.digest", "en", {"date": "2026-12-01", "open": 5, "reported": 1, "accepted": 1,
                          "visited": 1, "proposed": 1, "monitored": 1, "visits": 2,
                          "visit_list": raw(": A, B"), "overdue": 0, "overdue_list": ""},
     "☀️ <b>Today's work</b> (2026-12-01)\nOpen cases: 5 (to accept 1, to visit 1, to decide 1, "
     "to approve 1, monitored 1)\nVisits and follow-ups due today: 2: A, B\nOverdue: 0"),
    ("stats.note.method", "zh", {},
     "「90% 在多久内」的算法：把当年办完的件按用时从短到长排好，取第 ⌈0.9×件数⌉ 件的用时。"),
    ("sr.err_phone", "en", {},
     "That number does not look right. Type an 11-digit mobile such as 13800138000, or a "
     "landline with its area code such as 023-71234567."),
    ("card.head", "zh", {"ref": "NC-2026-000001", "village": "汉场坝村", "town": "木凉镇"},
     "📋 <b>NC-2026-000001</b> · 汉场坝村（木凉镇）"),
    ("work.done.accept", "en", {"ref": "NC-2026-000001"}, "✅ You accepted NC-2026-000001."),
    ("due.step.visit", "zh", {}, "入户走访"),
]


@pytest.mark.parametrize(("key", "lang", "params", "expected"), OLD_TEXT)
def test_messages_render_exactly_as_the_old_catalogue_did(
        key: str, lang: str, params: dict[str, object], expected: str) -> None:
    assert render(key, lang, **params) == expected


def test_no_unicode_isolation_marks_reach_telegram() -> None:
    text = render("card.head", "en", ref="NC-2026-000001", village="Hanchangba", town="Muliang")
    assert "\u2068" not in text and "\u2069" not in text


def test_parameters_are_escaped_so_a_name_shows_literally() -> None:
    assert "&lt;b&gt;&amp;" in render("sr.line", "en", label="Name", value="<b>&")
    assert render("sr.line", "en", label=raw("<i>Name</i>"), value="x") == "• <i>Name</i>: x"
    # a value that looks like Fluent syntax is only text
    assert render("sr.line", "en", label="{ $value }", value="x") == "• { $value }: x"


def test_a_number_renders_as_plain_digits() -> None:
    assert render("status.title", "en", n=12345) == "<b>Your reports (12345):</b>"
    assert render("stats.days", "zh", n=3) == "3 天"


PLURALS = [  # (key, other parameters, the count's name, English for 1, English for 2)
    ("sr.media_count", {}, "n", "1 photo/voice note", "2 photos/voice notes"),
    ("nb.media_count", {}, "n", "1 photo / voice note", "2 photos / voice notes"),
    ("sr.desc_with_media", {"desc": "x"}, "n", "x (and 1 photo/voice note)",
     "x (and 2 photos/voice notes)"),
    ("card.media_photos", {}, "n", "1 photo", "2 photos"),
    ("card.media_photo_one", {}, "n", "1 photo", "2 photos"),
    ("card.media_voices", {}, "n", "1 voice note", "2 voice notes"),
    ("work.in_days", {}, "days", "in 1 day", "in 2 days"),
    ("work.missing.monitoring", {"have": 0}, "days", "· 1 day of monitoring (so far 0)",
     "· 2 days of monitoring (so far 0)"),
    ("nb.err_who_long", {}, "max", "That is too long: at most 1 character, please.",
     "That is too long: at most 2 characters, please."),
    ("nb.limit_daily", {}, "limit",
     "Thank you for caring! Each person can report at most 1 household a day; please come back "
     "tomorrow.",
     "Thank you for caring! Each person can report at most 2 households a day; please come back "
     "tomorrow."),
]


@pytest.mark.parametrize(("key", "params", "count", "one", "two"), PLURALS)
def test_english_counts_have_real_plural_forms(
        key: str, params: dict[str, object], count: str, one: str, two: str) -> None:
    assert render(key, "en", **params, **{count: 1}) == one
    assert render(key, "en", **params, **{count: 2}) == two
    assert render(key, "en", **params, **{count: "1"}) == one  # a count kept as text in a row
    chinese = render(key, "zh", **params, **{count: 2})
    assert "2" in chinese and "{" not in chinese


def test_plural_sentences_with_two_counts() -> None:
    assert render("status.neighbour", "en", n=1, handled=0) == (
        "You reported 1 household you were worried about; it went to the village officials, "
        "and it has not been handled yet.")
    assert render("status.neighbour", "en", n=3, handled=1) == (
        "You reported 3 households you were worried about; all went to the village officials, "
        "and 1 of them has been handled.")
    assert render("chase.within_hours", "en", n=1) == "1 hour"
    assert render("chase.within_hours", "en", n=48) == "48 hours"
    assert render("chase.within_minutes", "en", n=30) == "30 minutes"
    assert "valid for 1 hour," in render("inv.created", "en", role="r", division="d", hours=1,
                                         code="c", link="l")


def test_a_count_that_is_not_a_number_is_still_escaped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="i18n"):
        assert render("work.in_days", "en", days="<b>") == "in &lt;b&gt; days"
        assert render("work.in_days", "en", days=True) == "in True days"
        assert render("work.in_days", "en", days=1234567) == "in 1234567 days"
    assert caplog.records == []


def test_stored_rows_with_the_old_keys_and_label_parameters_still_render() -> None:
    """Outbox rows queued before the move keep dotted keys and label params {"key": …}."""
    catalogue = default_catalogue()
    params = {"ref": "NC-2026-000001", "village": "汉场坝村", "due": "12-31 18:00",
              "step": {"key": "due.step.visit"}}
    assert catalogue.stored("due.reminder", "zh", params) == (
        "⏰ <b>到期提醒</b>\n案件 NC-2026-000001（汉场坝村）的「入户走访」将于 12-31 18:00 到期，"
        "请及时办理。")
    assert catalogue.stored("due.reminder", "en", params) == (
        "⏰ <b>Deadline reminder</b>\nCase NC-2026-000001 (汉场坝村): the home visit is due "
        "12-31 18:00. Please act on it in time.")
    escalated = catalogue.stored("due.escalated", "en", {
        "ref": "NC-1", "village": "V<1>", "due": "d", "who": "Li & Wang",
        "step": {"key": "due.step.accept"}, "level": {"key": "due.level.1", "params": {}}})
    assert "the acceptance was due" in escalated and "(town lead)" in escalated
    assert "V&lt;1&gt;" in escalated and "Li &amp; Wang" in escalated
    assert catalogue.stored("btn.agree", "en", None) == "✅ I agree"


def small(zh: str, en: str) -> Catalogue:
    return Catalogue({"zh": {"t": FluentParser().parse(zh)}, "en": {"t": FluentParser().parse(en)}})


def test_a_missing_key_is_a_logged_error_and_the_other_language_is_shown(
        caplog: pytest.LogCaptureFixture) -> None:
    catalogue = small("both = 都有\nonly-zh = 只有中文 { $n }\n", "both = both\n")
    with caplog.at_level(logging.ERROR, logger="i18n"):
        assert catalogue.text("both", "en") == "both"
        assert caplog.records == []
        assert catalogue.text("only.zh", "en", n=1) == "只有中文 1"
    (record,) = caplog.records
    assert record.name == "i18n" and record.levelno == logging.ERROR
    assert "'only.zh'" in record.getMessage() and "en" in record.getMessage()


def test_a_key_missing_everywhere_is_logged_and_never_raises(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="i18n"):
        assert render("no.such.key", "zh") == "no.such.key"
    assert any("'no.such.key'" in r.getMessage() for r in caplog.records)


def test_a_missing_variable_is_logged_with_the_key_and_never_the_values(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="i18n"):
        text = render("nb.contact_as", "en", name="SECRET-NAME")
    assert "SECRET-NAME" in text
    (record,) = caplog.records
    assert "'nb.contact_as'" in record.getMessage() and "phone" in record.getMessage()
    assert "SECRET-NAME" not in record.getMessage()


def test_a_broken_file_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for lang in LANGUAGES:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "t.ftl").write_text("good = ok\nbad = { $n\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="i18n"):
        catalogue = Catalogue.from_directory(tmp_path)
    assert catalogue.text("good", "en") == "ok"
    assert any("syntax error" in r.getMessage() for r in caplog.records)


def test_a_language_without_message_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "t.ftl").write_text("good = 好\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="en"):
        Catalogue.from_directory(tmp_path)


def test_a_key_defined_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="defined twice"):
        Catalogue({lang: {"a": FluentParser().parse("x = 1\n"), "b": FluentParser().parse("x = 2\n")}
                   for lang in LANGUAGES})


def test_lists_join_per_language() -> None:
    catalogue = default_catalogue()
    assert catalogue.join("zh", ["因病", "因残", "因学"]) == "因病、因残、因学"
    assert catalogue.join("en", ["illness", "disability"]) == "illness, disability"
    assert catalogue.join("en", ["illness", "disability", "schooling"]) == (
        "illness, disability, schooling")
    assert catalogue.join("en", ["illness"]) == "illness" and catalogue.join("zh", []) == ""


def test_the_vocabulary_dicts_of_the_old_module_still_import() -> None:
    from i18n.catalog.vocab import EN, ZH

    assert ZH["risk.illness"] == "因病" and EN["risk.illness"] == "illness"
    assert ZH.keys() == EN.keys() and len(ZH) > 50


def test_language_rule_is_chinese_unless_telegram_says_english() -> None:
    assert language_for("en-GB") == "en"
    assert language_for("zh-hans") == "zh"
    assert language_for(None) == "zh"
    assert language_for("ru") == "zh"
