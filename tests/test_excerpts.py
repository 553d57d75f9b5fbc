"""Excerpts on listing pages: plain text cut at 350 characters, CJK-aware, math kept whole."""

from __future__ import annotations

import html as html_lib
import re

import html5lib
from conftest import messages

from blogforge.markdown.excerpt import cut_text


def excerpt(site, body: str, **front) -> str:
    site.post("a.md", "A", body=body, **front)
    result = site.build()
    assert result.written, messages(result)
    home = site.read("")
    parser = html5lib.HTMLParser()
    parser.parse(home)  # whatever the cut, the page around it still parses cleanly
    assert parser.errors == []
    match = re.search(r'<p class="excerpt">(.*?)</p>', home, re.S)
    return match.group(1)


def visible(fragment: str) -> str:
    """What a reader sees: tags and MathML's TeX annotation removed."""
    fragment = re.sub(r"<annotation.*?</annotation>", "", fragment, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_chinese_excerpt_is_cut_at_350_characters_with_an_ellipsis(site):
    text = "这是一段很长的中文内容用于测试摘要" * 40
    shown = visible(excerpt(site, text))
    assert shown.endswith("…")
    assert len(shown) == 351 and text.startswith(shown[:-1])


def test_short_post_has_no_ellipsis(site):
    assert visible(excerpt(site, "短文。")) == "短文。"


def test_english_word_is_never_cut_in_half(site):
    words = " ".join(["transformer"] * 60)
    shown = visible(excerpt(site, words)).rstrip("…")
    assert shown.split(" ")[-1] == "transformer"
    assert len(shown) <= 350


def test_prefers_to_end_at_a_sentence_near_the_limit(site):
    first = "我" * 330 + "。"
    shown = visible(excerpt(site, first + "后面的句子" * 10))
    assert shown == first + "…"


def test_headings_and_prose_are_joined_and_code_becomes_a_placeholder(site):
    shown = visible(excerpt(site, "## 题目\n\n给定数组。\n\n```python\nprint(1)\n```\n\n之后。\n"))
    assert shown == "题目 给定数组。 [代码] 之后。"
    assert "print" not in shown


def test_more_marker_overrides_the_automatic_cut(site):
    shown = visible(excerpt(site, "第一段。\n\n<!--more-->\n\n第二段。\n"))
    assert shown == "第一段。"  # the writer chose where it ends: no ellipsis


def test_summary_in_front_matter_overrides_the_excerpt(site):
    shown = visible(excerpt(site, "正文。", summary="'手写的摘要'"))
    assert shown == "手写的摘要"


def test_emoji_sequences_are_never_split():
    family = "👩\u200d👩\u200d👧"
    text = "a" * 9 + " " + family + " tail"
    for limit in range(10, 16):
        cut = cut_text(text, limit)
        assert family in cut or "\u200d" not in cut


def test_mixed_script_cut_keeps_words_whole():
    text = "使用 Transformer 模型"
    assert cut_text(text, 8) == "使用"
    assert cut_text(text, 14) == "使用 Transformer"


def test_post_without_text_has_no_empty_excerpt(site):
    site.post("a.md", "Only a title", body="")
    site.build()
    assert '<p class="excerpt">' not in site.read("")


def test_flag_emoji_is_never_split(site):
    shown = visible(excerpt(site, "字" * 349 + "🇨🇳" + "尾" * 10))
    assert shown == "字" * 349 + "…"  # the flag's two code points straddle the limit
    assert "🇨🇳" in cut_text("字" * 349 + "🇨🇳", 351)


def formulas(fragment: str) -> list[str]:
    return re.findall(r"<math\b.*?</math>", fragment, re.S)


def test_excerpt_shows_formulas_rendered_and_never_cuts_one(site):
    # The first formula fits; the second starts 13 characters before the limit and is longer.
    body = "字" * 100 + " $x^2$ " + "字" * 228 + r" $\alpha + \beta + \gamma + \delta$ 之后的文字"
    fragment = excerpt(site, body)
    shown = formulas(fragment)
    assert len(shown) == 1 and "x^2" in shown[0]
    assert "beta" not in fragment and "δ" not in fragment  # nothing of the second formula
    assert "$" not in visible(fragment) and "\\" not in visible(fragment)
    assert visible(fragment).endswith("字…")

    site.write("site.yaml", "excerpt_length: 400\n")
    assert site.build().written
    shown = formulas(re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1))
    assert len(shown) == 2 and "δ" in shown[1]
