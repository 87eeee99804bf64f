"""Telegram HTML parsing: accepted markup, entities, and Telegram's refusals."""

from __future__ import annotations

import pytest

from bot.fake_telegram.html_check import HtmlError, parse_html, strip_tags


def test_plain_text_and_entities() -> None:
    parsed = parse_html("<b>粗体</b> and <i>it</i> &lt;3 &amp; &#33;&#x21;")
    assert parsed.text == "粗体 and it <3 & !!"
    assert parsed.entities == [
        {"offset": 0, "length": 2, "type": "bold"},
        {"offset": 7, "length": 2, "type": "italic"},
    ]


def test_all_supported_tags_parse() -> None:
    text = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        '<strike>k</strike><del>d</del><span class="tg-spoiler">p</span>'
        '<tg-spoiler>q</tg-spoiler><a href="https://example.org/?a=1&amp;b=2">l</a>'
        "<code>c</code><pre>p</pre><blockquote>q</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    parsed = parse_html(text)
    types = [e["type"] for e in parsed.entities]
    assert "text_link" in types and "spoiler" in types and "custom_emoji" in types
    link = next(e for e in parsed.entities if e["type"] == "text_link")
    assert link["url"] == "https://example.org/?a=1&b=2"


def test_pre_with_language_merges_into_pre() -> None:
    parsed = parse_html('<pre><code class="language-python">x = 1</code></pre>')
    assert parsed.entities == [{"offset": 0, "length": 5, "type": "pre", "language": "python"}]


def test_offsets_are_utf16() -> None:
    parsed = parse_html("😀 <b>x</b>")
    assert parsed.entities == [{"offset": 3, "length": 1, "type": "bold"}]


def test_whitespace_is_trimmed_and_entities_follow() -> None:
    parsed = parse_html("  \n<b>hi</b>  ")
    assert parsed.text == "hi"
    assert parsed.entities == [{"offset": 0, "length": 2, "type": "bold"}]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<x>y</x>", 'Unsupported start tag "x" at byte offset 0'),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("ab<b", "Unclosed start tag at byte offset 2"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("Tom & Jerry", 'Unescaped "&" at byte offset 4'),
        ("&nbsp;", 'Unescaped "&" at byte offset 0'),
        ("王 <x>", 'Unsupported start tag "x" at byte offset 4'),
    ],
)
def test_refusals(text: str, reason: str) -> None:
    with pytest.raises(HtmlError) as info:
        parse_html(text)
    assert reason in str(info.value)


def test_bare_ampersand_allowed_when_not_strict() -> None:
    assert parse_html("Tom & Jerry", strict_ampersand=False).text == "Tom & Jerry"


def test_strip_tags_never_raises() -> None:
    assert strip_tags("<b>x</b> &amp; y") == "x & y"
    assert strip_tags("<b>broken &amp;") == "broken &"
