"""Every message exists in Chinese and English with the same parameters."""

from __future__ import annotations

import string

from i18n.render import default_catalogue, language_for, render


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_has_both_languages_and_the_same_parameters() -> None:
    messages = default_catalogue().messages
    assert messages["zh"].keys() == messages["en"].keys()
    for key, zh in messages["zh"].items():
        assert _fields(zh) == _fields(messages["en"][key]), key


def test_parameters_are_escaped_so_a_name_shows_literally() -> None:
    assert "&lt;b&gt;&amp;" in render("sr.line", "en", label="Name", value="<b>&")


def test_language_rule_is_chinese_unless_telegram_says_english() -> None:
    assert language_for("en-GB") == "en"
    assert language_for("zh-hans") == "zh"
    assert language_for(None) == "zh"
    assert language_for("ru") == "zh"
