"""Chinese text as the writer's editor (Typora, Obsidian) shows it: `**bold**`, `*italic*`,
`~~struck~~` and `==marked==` next to Chinese punctuation (CommonMark's CJK-friendly
amendments), in the page and in every text made from it."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape

from conftest import messages

ATOM = "{http://www.w3.org/2005/Atom}"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082")
SITE = "title: T\nbase_url: https://user.github.io/repo/\ndefault_language: zh\n"

# The lines of the report: each showed its asterisks, tildes or equals signs
WRITTEN = [
    "这是**“引号里的粗体”**后面的文字。",
    "注意**重点：**这里。",
    "使用**`code`**的方法。",
    "这是*斜体。*然后继续。",
    "~~删除线：~~后面。",
    "==高亮：==后面。",
]
SHOWN = [
    "这是<strong>“引号里的粗体”</strong>后面的文字。",
    "注意<strong>重点：</strong>这里。",
    '使用<strong><code translate="no">code</code></strong>的方法。',
    "这是<em>斜体。</em>然后继续。",
    "<s>删除线：</s>后面。",
    "<mark>高亮：</mark>后面。",
]


def paragraphs(site, *written: str) -> list[str]:
    """The HTML of each paragraph of a post made of `written`, one paragraph each."""
    site.write("site.yaml", SITE)
    site.post("a.md", "A", body="\n\n".join(written) + "\n")
    result = site.build()
    assert result.written, messages(result)
    body = site.read("posts/a/").split('<div class="content">', 1)[1]
    body = body.split('<p class="print-source">', 1)[0]
    return re.findall(r"<p>(.*?)</p>", body, re.S)


def test_emphasis_strikethrough_and_marks_next_to_chinese_punctuation_are_shown(site):
    assert paragraphs(site, *WRITTEN) == SHOWN


def test_what_the_amendments_leave_as_commonmark_has_it(site):
    cases = {
        # English: emphasis inside words with `*`, none with `_`
        "a*b*c": "a<em>b</em>c",
        "**foo**bar": "<strong>foo</strong>bar",
        "snake_case_name": "snake_case_name",
        "2*3*4": "2<em>3</em>4",
        "__init__": "<strong>init</strong>",
        # (punctuation that is not Chinese: a closing run after it closes before a space only)
        "**foo.**bar": "**foo.**bar",
        "**“quoted”**bar": "**“quoted”**bar",
        # `_` inside Chinese words is no emphasis either
        "中_文_字": "中_文_字",
    }
    assert paragraphs(site, *cases) == list(cases.values())


def test_emoji_korean_and_variation_selectors_are_read_as_the_amendments_say(site):
    cases = {
        # an emoji is no CJK character (though as wide as one): punctuation, as in English,
        # where "，" reads as a letter
        "**好😀**abc": "**好😀**abc",
        "**好，**abc": "<strong>好，</strong>abc",
        # Hangul is a CJK character to them, as "后" is
        "한국어**‘인용’**입니다": "한국어<strong>‘인용’</strong>입니다",
        # 葛 with a selector of its glyph (U+E0100) is still 葛
        "葛\U000e0100**“引号”**后": "葛\U000e0100<strong>“引号”</strong>后",
        # "，" with a variation selector (U+FE00, its glyph centred) is still "，"
        "重点，\ufe00**“引号”**后": "重点，\ufe00<strong>“引号”</strong>后",
    }
    assert paragraphs(site, *cases) == list(cases.values())


def test_code_spans_and_formulas_keep_their_asterisks_and_underscores(site):
    shown = paragraphs(site, "代码 `**重点：**这里` 不变。",
                       "公式 $a*b*c$ 与 $x_1 * y_1$，**重点：**照常。")
    assert shown[0] == '代码 <code translate="no">**重点：**这里</code> 不变。'
    assert re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>',
                      shown[1]) == ["a*b*c", "x_1 * y_1"]
    assert shown[1].endswith("<strong>重点：</strong>照常。")


def test_the_description_excerpt_search_text_and_feed_carry_no_marks(site):
    paragraphs(site, "\n".join(WRITTEN))
    page = site.read("posts/a/")
    description = unescape(re.search(r'<meta name="description" content="([^"]*)"',
                                     page).group(1))
    excerpt = re.sub(r"<[^>]+>", "", re.search(r'<p class="excerpt">(.*?)</p>',
                                               site.read(""), re.S).group(1))
    searched = json.loads(site.read("search-index/d/0.json"))["text"]
    for text in (description, excerpt, searched):
        assert not re.search(r"[*~=]", text), text
        assert "这是“引号里的粗体”后面的文字。" in text and "重点：这里" in text
        assert "高亮：后面。" in text
    feed = ET.fromstring(site.read("atom.xml").encode()).find(f"{ATOM}entry/{ATOM}content")
    assert "<strong>重点：</strong>这里" in feed.text and "**" not in feed.text


def test_other_parsers_in_the_process_keep_commonmarks_rule(site):
    """The amended rule is this site's parser's: markdown-it's own classes are untouched."""
    from markdown_it import MarkdownIt

    paragraphs(site, "注意**重点：**这里。")
    assert MarkdownIt("commonmark").render("注意**重点：**这里。") == \
        "<p>注意**重点：**这里。</p>\n"


# --- a line break between two Chinese characters ----------------------------------------------

def texts_of(site) -> dict[str, str]:
    """The texts made from the post built last: its description, its excerpt on the home page,
    its search text, and its entry in the feed (HTML)."""
    page = site.read("posts/a/")
    excerpt = re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1)
    entry = ET.fromstring(site.read("atom.xml").encode()).find(f"{ATOM}entry/{ATOM}content")
    return {
        "description": unescape(re.search(r'<meta name="description" content="([^"]*)"',
                                          page).group(1)),
        "excerpt": unescape(re.sub(r"<[^>]+>", "", excerpt)),
        "search": json.loads(site.read("search-index/d/0.json"))["text"],
        "feed": entry.text,
    }


def test_a_line_break_between_chinese_characters_joins_them_everywhere(site):
    """Written hard-wrapped at 80 columns (Vim), a sentence showed a space where its line
    ended ("中文， 在": Chromium draws the line break as one), in the page and its texts."""
    shown = paragraphs(site, "这是一段很长的中文，\n在这里换行了。",
                       "**加粗的中文**\n接着写，`代码里的中文`\n接着写。")
    assert shown == ["这是一段很长的中文，在这里换行了。",
                     '<strong>加粗的中文</strong>接着写，<code translate="no">代码里的中文</code>'
                     "接着写。"]
    for name, text in texts_of(site).items():
        assert "这是一段很长的中文，在这里换行了。" in text, name
        assert "接着写，" in text and "中文\n" not in text and "中文 接" not in text, name


def test_a_line_break_with_anything_but_chinese_on_one_side_stays_a_space(site):
    """English, Korean (written with spaces), an emoji, a formula: the break is a space."""
    written = ["English words\nwrapped here.", "中文\nEnglish 和\nEnglish", "한국어\n문장입니다",
               "表情😀\n中文", "公式 $x$\n中文"]
    shown = paragraphs(site, *written)
    assert shown[:4] == written[:4]
    assert "\n中文" in shown[4]
    description = texts_of(site)["description"]
    assert description.startswith("English words wrapped here. 中文 English 和 English "
                                  "한국어 문장입니다 表情😀 中文 公式 x 中文")


def test_a_picture_s_alt_text_across_lines_joins_its_chinese_characters(site):
    site.write("content/posts/x.png", raw=PNG)
    shown = paragraphs(site, "![第一张\n图片](x.png)")
    assert re.findall(r'alt="([^"]*)"', shown[0]) == ["第一张图片"]


def test_a_line_break_beside_chinese_quotes_ellipses_dashes_and_name_dots_joins(site):
    """`“”‘’…—·` are of ambiguous width (English writes them too): a break beside them kept
    a space ("。” 然后") even with Chinese on its other side. With English there, it still
    does; a footnote mark at a line's end is looked through."""
    written = {
        "他说：“你好。”\n然后走了。": "他说：“你好。”然后走了。",
        "等等……\n然后": "等等……然后",
        "这是——\n那是": "这是——那是",
        "阿尔伯特·\n爱因斯坦": "阿尔伯特·爱因斯坦",
        "中文\n“引号”": "中文“引号”",
        "‘单引号’\n中文": "‘单引号’中文",
        # English on the other side, or the en dash (no Chinese punctuation): a space
        "He said “hi”\nand left": "He said “hi”\nand left",
        "中文 “quoted”\n“again”": "中文 “quoted”\n“again”",
        "年份 2019–\n2020": "年份 2019–\n2020",
        "范围–\n中文": "范围–\n中文",
    }
    shown = paragraphs(site, *written, "中文[^1]\n中文\n\n[^1]: 注。")
    assert shown[:len(written)] == list(written.values())
    assert re.sub(r"<sup.*?</sup>", "¹", shown[len(written)]) == "中文¹中文"
    description = texts_of(site)["description"]
    assert description.startswith(
        "他说：“你好。”然后走了。 等等……然后 这是——那是 阿尔伯特·爱因斯坦"), description


def test_a_glyph_s_many_variation_selectors_before_a_break_are_read_as_the_glyph():
    """The character a run of variation selectors belongs to is the one before the break (the
    run is read in one pass: 80,000 of them took 0.34 s, each step a copy of the text)."""
    from markdown_it.token import Token

    from blogforge.markdown.cjk_line_breaks import _char_before

    text = Token("text", "", 0, content="中" + "\ufe00" * 200_000)
    assert _char_before([text, Token("softbreak", "br", 0)], 1) == "中"
    alone = Token("text", "", 0, content="\ufe00" * 3)
    assert _char_before([alone, Token("softbreak", "br", 0)], 1) != "中"


def test_messages_name_the_line_after_joined_lines(site):
    """A joined break is still a line of the file to the messages that name one."""
    site.write("site.yaml", SITE)
    site.post("a.md", "A", body="第一行中文\n第二行中文\n见[那篇](missing.md)。\n")
    found = [m for m in messages(site.build()) if "missing.md" in m]
    assert found and all(m.startswith("content/posts/a.md:7:") for m in found), found


# --- a single `*` that is a character of the sentence ------------------------------------------

# A file glob, a product, a transpose or adjoint, a mark on an item: written in Chinese prose,
# each became italics under the amendments (`匹配<em>.py文件和</em>.md文件。`)
LITERAL_STARS = [
    "匹配*.py文件和*.md文件。",
    "删除所有*.pyc和*.log文件",
    "x*（y+z），或者 a*（b+c）",
    "T*（转置）和A*（伴随）",
    "结果是10*（2+3）*2=100。",
    "见附录*，带*的题目是选做题。",
    "得分：8*（满分10*）",
    "src/*.py和tests/*.py",
    "带（*）的题目和带（*）的",
    "标*的为选做题（*越多越难）。",
]


def test_a_single_asterisk_used_as_a_character_stays_one(site):
    assert paragraphs(site, *LITERAL_STARS) == LITERAL_STARS


def test_italics_beside_brackets_quotes_and_english_are_still_italics(site):
    cases = {
        "使用*Adam*（一种优化器）和*SGD*（另一种）。":
            "使用<em>Adam</em>（一种优化器）和<em>SGD</em>（另一种）。",
        "这是*（括号里的斜体）*后面。": "这是<em>（括号里的斜体）</em>后面。",
        "这是*「引用」*后面。": "这是<em>「引用」</em>后面。",
        "这是*“引号”*后面。": "这是<em>“引号”</em>后面。",
        "这是*斜体*，然后*继续。*好的": "这是<em>斜体</em>，然后<em>继续。</em>好的",
        "注意**重点：**这里不会加粗吗？": "注意<strong>重点：</strong>这里不会加粗吗？",
        # (`_` was never emphasis there: CommonMark's rule inside a word)
        "匹配_.py文件和_.md文件。": "匹配_.py文件和_.md文件。",
        "x_（y+z），或者 a_（b+c）": "x_（y+z），或者 a_（b+c）",
    }
    assert paragraphs(site, *cases) == list(cases.values())


def test_a_single_asterisk_stays_one_in_tables_and_every_text_of_the_post(site):
    table = "| 命令 | 作用 |\n| --- | --- |\n| rm | 删除所有*.pyc和*.log文件 |\n"
    site.write("site.yaml", SITE)
    site.post("a.md", "A", body="见附录*，带*的题目是选做题。\n\n" + table)
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/a/")
    assert "<td>删除所有*.pyc和*.log文件</td>" in page, page
    assert "<em>" not in page.split('<div class="content">', 1)[1]
    for name, text in texts_of(site).items():
        assert "见附录*，带*的题目" in text, (name, text)
        assert "<em>" not in text, (name, text)
    assert "删除所有*.pyc和*.log文件" in texts_of(site)["search"]
