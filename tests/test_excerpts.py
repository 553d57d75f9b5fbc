"""Excerpts on listing pages: plain text cut at 350 characters, CJK-aware, math kept whole."""

from __future__ import annotations

import html as html_lib
import json
import random
import re
import xml.etree.ElementTree as ET

import html5lib
import pytest
from conftest import messages

import blogforge.markdown.excerpt as excerpt_module
from blogforge.markdown.excerpt import cut_text
from blogforge.text import count_prose

ATOM = "{http://www.w3.org/2005/Atom}"


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
    assert shown == first  # a full stop ends it: no "…" after it


def test_headings_and_prose_are_joined_and_code_becomes_a_placeholder(site):
    shown = visible(excerpt(site, "## 题目\n\n给定数组。\n\n```python\nprint(1)\n```\n\n之后。\n"))
    assert shown == "题目 给定数组。 [代码] 之后。"
    assert "print" not in shown


def test_a_group_of_code_tabs_is_one_placeholder(site):
    tabs = "".join(f'```{lang} {{group="two-sum"}}\nx = 1\n```\n'
                   for lang in ("python", "cpp", "java"))
    shown = visible(excerpt(site, f"## 两数之和\n\n{tabs}\n之后。\n"))
    assert shown == "两数之和 [代码] 之后。"


def test_code_blocks_with_nothing_between_them_are_one_placeholder(site):
    """A block and its output, say: to an excerpt's reader, code there, said once."""
    shown = visible(excerpt(site, "运行：\n\n```python\nprint(1)\n```\n\n```text\n1\n```\n\n"
                                  "再看另一段。\n\n```python\nprint(2)\n```\n"))
    assert shown == "运行： [代码] 再看另一段。 [代码]"


def test_more_marker_overrides_the_automatic_cut(site):
    shown = visible(excerpt(site, "第一段。\n\n<!--more-->\n\n第二段。\n"))
    assert shown == "第一段。"  # the writer chose where it ends: no ellipsis


def test_summary_in_front_matter_overrides_the_excerpt(site):
    shown = visible(excerpt(site, "正文。", summary="'手写的摘要'"))
    assert shown == "手写的摘要"


def test_a_description_is_the_pages_and_a_summary_or_more_marker_the_cards(site):
    """As Hugo reads them: a `description:` hid the writer's `<!--more-->` part on the card,
    and a `summary:` took the place of the `description:` for search engines."""
    site.post("more.md", "More", description="SEO 用的一句话。",
              body="第一段，在卡片上。\n\n<!--more-->\n\n第二段。\n")
    site.post("both.md", "Both", description="给搜索引擎的描述", summary="给卡片的摘要")
    site.post("alone.md", "Alone", description="只有描述", body="正文很长。\n")
    site.build()
    home = site.read("")
    assert "第一段，在卡片上。" in home and "SEO 用的一句话。" not in home
    assert "给卡片的摘要" in home and "给搜索引擎的描述" not in home
    assert "只有描述" in home  # (no summary, no marker: Hexo's NexT shows the description)
    meta = re.compile(r'<meta name="description" content="([^"]*)"')
    assert meta.findall(site.read("posts/more/")) == ["SEO 用的一句话。"]
    assert meta.findall(site.read("posts/both/")) == ["给搜索引擎的描述"]
    assert meta.findall(site.read("posts/alone/")) == ["只有描述"]


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


def test_a_katakana_loanword_and_a_korean_word_are_kept_whole_but_kanji_and_kana_are_not():
    text = "これはニューラルネットワークのデコーダです"
    assert cut_text(text, 9) == "これは"  # not これはニューラル
    assert cut_text(text, 15) == "これはニューラルネットワークの"  # hiragana: cut anywhere
    assert cut_text("深層学習とAIモデル", 7) == "深層学習とAI"  # two words, two scripts
    assert cut_text("신경망 네트워크 디코더", 6) == "신경망"


def test_a_japanese_card_ends_between_words(site):
    text = "これはね" + "ニューラルネットワークと" * 40  # 350 falls inside a word
    shown = visible(excerpt(site, text, lang="ja")).rstrip("…")
    assert text.startswith(shown) and 300 < len(shown) <= 350
    assert shown.endswith("ネットワークと")  # not "…ニューラルネットワー"


def test_a_cut_is_where_the_grapheme_clusters_say_whatever_the_text_is_made_of(monkeypatch):
    # plain CJK and ASCII text is cut without the `regex` package: at the same place as with it
    pieces = ["模型", "的", "。", "Transformer", " ", "3.5", "\t", "\n", "，", "β", "—", "’",
              "x\u0301", "\r\n", "🇨🇳", "각", "\u1100\u1161", "👍🏽", "ｶﾞ", "か\u3099",
              "#\ufe0f\u20e3", "\u20d7", "\u00ad", "\u2028"]
    chosen = random.Random(7)
    texts = ["".join(chosen.choice(pieces) for _ in range(chosen.randint(1, 12)))
             for _ in range(600)]
    quick = [[cut_text(text, limit) for limit in range(1, len(text))] for text in texts]
    monkeypatch.setattr(excerpt_module, "_one_cluster_each", lambda: re.compile("(?!)"))
    assert quick == [[cut_text(text, limit) for limit in range(1, len(text))] for text in texts]


def test_post_without_text_has_no_empty_excerpt(site):
    site.post("a.md", "Only a title", body="<!-- 待写 -->\n")
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
    assert len(shown) == 1 and "<msup><mi>x</mi><mn>2</mn></msup>" in shown[0]
    assert "beta" not in fragment and "δ" not in fragment  # nothing of the second formula
    assert "$" not in visible(fragment) and "\\" not in visible(fragment)
    assert visible(fragment).endswith("字…")

    site.write("site.yaml", "excerpt_length: 400\n")
    assert site.build().written
    shown = formulas(re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1))
    assert len(shown) == 2 and "δ" in shown[1]


# --- excerpts that read well -------------------------------------------------------------------

OPENERS = "（(「“《【["


@pytest.mark.parametrize("opener", ["（", "“", "《", "(", "\u300c"])
def test_never_ends_on_an_opening_bracket_or_quote(site, opener):
    # Wherever the limit falls around the bracket, the excerpt does not end on it.
    for before in range(340, 352, 3):
        body = "字" * before + " $e$" + opener + "说明文字" * 20 + "\n"
        site.post("a.md", "A", body=body)
        assert site.build().written
        shown = visible(re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1))
        assert shown.endswith("…") and shown[-2] not in OPENERS, shown[-10:]


@pytest.mark.parametrize("pause", ["，", "、", "；", "：", ", ", "——"])
def test_never_ends_on_a_comma_before_the_ellipsis(site, pause):
    """"…的拟合程度，…" reads as a typo; wherever the limit falls around the mark."""
    for before in range(344, 352, 2):
        body = "字" * before + pause + "说明文字" * 20 + "\n"
        site.post("a.md", "A", body=body)
        assert site.build().written
        shown = visible(re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1))
        assert shown.endswith("…") and shown[-2] not in "，、；：,;:—", shown[-10:]


def test_a_list_item_is_not_cut_after_its_first_words(site):
    body = "字" * 340 + "\n\n- 第一项的内容比较长，" + "后面还有很多字" * 10 + "\n- 第二项\n"
    assert visible(excerpt(site, body)) == "字" * 340 + "…"


def test_inline_code_is_shown_whole_or_not_at_all(site):
    for words in range(64, 70):
        body = "word " * words + "is `[1, 2, 3, 4]`, so return 4 and go on " * 5
        site.post("a.md", "A", body=body)
        assert site.build().written
        shown = visible(re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1))
        assert "[1" not in shown or "[1, 2, 3, 4]" in shown, shown[-30:]


@pytest.mark.parametrize("stop", ["。", "！", "？", ".", "!", "?"])
def test_no_ellipsis_after_the_end_of_a_sentence(site, stop):
    first = "字" * 330 + stop
    shown = visible(excerpt(site, first + " " + "后面的句子" * 10))
    assert shown == first


def test_tables_and_figures_become_placeholders(site):
    shown = visible(excerpt(site, """
        ## 对比

        | 方法 | 标签来源 |
        | --- | --- |
        | 自监督 | 数据本身 |

        ![结构图](arch.png)
        *图 1：模型结构*

        <figure><img src="b.png" alt=""><figcaption>图 2</figcaption></figure>

        正文。
        """))
    assert shown == "对比 [表格] [图] [图] 正文。"


def test_placeholders_follow_the_posts_language(site):
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("a.en.md", "A", lang="en", body="| a | b |\n| - | - |\n| 1 | 2 |\n\n![x](x.png)\n")
    assert site.build().written
    en = re.search(r'<p class="excerpt">(.*?)</p>', site.read("en/"), re.S).group(1)
    assert visible(en) == "[table] [figure]"


def test_equation_numbers_stay_out_of_excerpts(site):
    body = ("见下式。\n\n$$\nE = mc^2 \\tag{1}\n$$\n\n\\begin{equation}\na = b \\label{eq:ab}\n"
            "\\end{equation}\n\n$$\nx = y\n$$\n")
    site.write("site.yaml", "math: {numbering: all}\n")
    fragment = excerpt(site, body)
    assert len(formulas(fragment)) == 3
    post = visible(site.read("posts/a/"))
    for number in ("(1)", "(2)"):
        assert number not in visible(fragment)
        assert number in post  # the post itself keeps them


def test_a_long_description_is_shortened_between_words(site):
    """Jinja's truncate cut inside a word: "…the evidence lower bo…" in a link preview."""
    words = "The evidence lower bound, which we maximise instead of the likelihood, "
    site.post("a.md", "A", lang="en", body=words * 6 + "\n")
    assert site.build().written
    metas = re.findall(r'<meta (?:name="description"|property="og:description") content="([^"]*)"',
                       site.read("posts/a/"))
    assert len(metas) == 2
    for meta in metas:
        shown = html_lib.unescape(meta)
        assert len(shown) <= 180 and shown.endswith("…"), shown
        last_word = shown[:-1].split()[-1]
        assert last_word in {word.strip(",") for word in words.split()}, shown


def test_a_chinese_description_is_as_wide_as_an_english_one_not_twice(site):
    """A Chinese post's meta description held 180 characters, twice what Baidu's and Google's
    snippets show of Chinese (a character is as wide as two letters): the engine cut it where
    it would, and our "…" was never seen. It is cut at 180 columns, some 90 characters."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    sentence = "注意力机制让模型在处理序列时有选择地关注输入中不同位置的信息。"  # (31 characters)
    site.post("a.md", "注意力", body=sentence * 6 + "\n")
    site.build()
    for meta in re.findall(r'<meta (?:name="description"|property="og:description") '
                           r'content="([^"]*)"', site.read("posts/a/")):
        assert meta.endswith("…") and 80 <= len(meta) <= 90, (len(meta), meta)
        assert (sentence * 6).startswith(meta[:-1])


def test_a_description_holds_words_not_the_cards_stand_ins(site):
    """A shared link's card read "用滑动窗口 [代码] [图]": the card's stand-ins for a code
    block and a figure are for the listing, not for a search engine's snippet."""
    site.write("content/posts/a/w.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="4" '
               'height="4"></svg>')
    site.post("a/index.md", "A", body="用滑动窗口。\n\n```python\nx = 1\n```\n\n"
                                      "![窗口](w.svg \"窗口\")\n\n然后收缩。\n")
    assert site.build().written
    page = site.read("posts/a/")
    assert re.findall(r'<meta (?:name="description"|property="og:description") content="([^"]*)"',
                      page) == ["用滑动窗口。 然后收缩。"] * 2
    assert "[代码]" in site.read("")  # (the card keeps them)


def descriptions(site) -> set[str]:
    """The post's text as search results, link previews and feed readers show it: each place
    that gets it (one text when they agree)."""
    page = site.read("posts/a/")
    metas = re.findall(r'<meta (?:name="description"|property="og:description") content="([^"]*)"',
                       page)
    linked_data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                       page, re.S).group(1))
    summary = ET.fromstring(site.read("atom.xml").encode()).find(f"{ATOM}entry/{ATOM}summary")
    assert len(metas) == 2 and summary is not None
    return {*map(html_lib.unescape, metas), linked_data["description"], summary.text}


def test_equation_tags_stay_out_of_descriptions(site):
    # as out of the card: the number or mark names an equation that is not there
    site.post("a.md", "A", body=r"""
        训练目标：

        $$
        L = \mathbb{E}[f(z)] \tag{*}
        $$

        $$
        E = mc^2 \tag{1}
        $$

        $$
        a = b \tag*{A}
        $$
        """)
    result = site.build()
    assert result.written, messages(result)
    assert descriptions(site) == {"训练目标： L = 𝔼[f(z)] E = mc² a = b"}
    assert all(tag in visible(site.read("posts/a/")) for tag in ("(*)", "(1)", "A"))


def test_formulas_in_descriptions_are_spaced_as_they_are_set(site):
    # from the example blog: an operator spaced on both sides however the TeX is written, the
    # full stop of a display formula and the "; " between rows on the word before them, no
    # space after an opening bracket
    site.post("a.md", "A", body=r"""
        避免 \(N\times N\) 的矩阵（$f$ 换成奖励）。

        $$
        \operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}} .
        $$

        $$
        \begin{aligned} a &= b \\ c &\le d, \\ e &= f \end{aligned}
        $$
        """)
    result = site.build()
    assert result.written, messages(result)
    assert descriptions(site) == {
        "避免 N × N 的矩阵（f 换成奖励）。 softmax(x)ᵢ = e^xᵢ/(∑ⱼ e^xⱼ). a = b; c ≤ d, e = f"}


def test_formulas_in_descriptions_read_as_they_are_drawn(site):
    """A paper note's descriptions read "blacksquare", "boldy", "BbbR", "p logq/p", and a
    matrix without its parentheses."""
    site.post("a.md", "A", body=r"证毕 $\blacksquare$，$\bold{y} \in \Bbb{R}^n$，"
              r"$H = -\sum p\log\frac{q}{p}$，$\operatorname{tr}A$，$\log\sigma$。" "\n\n$$\n"
              r"A = \begin{pmatrix} a & b \\ c & d \end{pmatrix}, "
              r"\det\begin{vmatrix} a \end{vmatrix}" "\n$$\n")
    result = site.build()
    assert result.written, messages(result)
    assert descriptions(site) == {
        "证毕 ■，y ∈ ℝⁿ，H = -∑ p log q/p，tr A，log σ。 A = (a b; c d), det |a|"}


def test_a_heading_stays_apart_from_the_text_after_it(site):
    fragment = excerpt(site, "## 题目\n\n给定数组。\n\n## Why？\n\n因为。\n")
    assert fragment == ('<b class="excerpt-heading">题目</b> 给定数组。 '
                        '<b class="excerpt-heading">Why？</b> 因为。')
    description = re.search(r'<meta name="description" content="([^"]*)"', site.read("posts/a/"))
    assert description.group(1) == "题目 · 给定数组。 Why？ 因为。"


def test_a_description_does_not_end_on_a_separator_when_a_heading_ends_the_post(site):
    site.post("a.md", "A", body="给定数组。\n\n## 参考资料\n")
    assert site.build().written
    description = re.search(r'<meta name="description" content="([^"]*)"', site.read("posts/a/"))
    assert description.group(1) == "给定数组。 参考资料"


def test_a_heading_whose_text_was_cut_away_is_left_out(site):
    shown = visible(excerpt(site, "字" * 340 + "\n\n## 下一节的标题\n\n" + "内容" * 50))
    assert shown == "字" * 340 + "…"


def test_excerpt_math_shows_styled_letters_and_spaced_operator_names(site):
    # Browsers lay out MathML without honouring mathvariant="double-struck" or spacing `\log`.
    fragment = excerpt(site, r"期望 $\mathbb{E}[\log p_\theta(x)]$ 与 $\mathbf{x}$。")
    assert "&#x1D53C;" in fragment and "&#x1D431;" in fragment  # (𝔼, 𝐱)
    assert "mathvariant=\"double-struck\"" not in fragment
    assert re.search(r"<mi>log</mi><mo>\u2061</mo><mspace width=\"[\d.]+em\">", fragment)
    assert 'href="/css/math.css?v=' in site.read("")
    # one thin space after a name, on the card and in the feed (the page's MathML was adjusted
    # again for them: two, "log  p")
    feed = ET.fromstring(site.read("atom.xml").encode()).find(f"{ATOM}entry/{ATOM}content").text
    for shown in (fragment, feed):
        assert shown.count("<mspace") == 1, shown


def test_home_page_of_the_example_blog_stays_within_its_budget(example_site):
    """Home HTML plus the stylesheets it links, before fonts: under 60 KB."""
    for home in (example_site / "index.html", example_site / "en" / "index.html"):
        page = home.read_text(encoding="utf-8")
        size = home.stat().st_size
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', page):
            assert href.startswith("/repo/"), href  # nothing from another host
            size += (example_site / href.removeprefix("/repo/").split("?")[0]).stat().st_size
        assert size < 60_000, size


def test_a_tables_words_are_still_searched_and_read(site):
    from test_search import build

    site.post("a.md", "A", body="| 方法 | 标签来源 |\n| --- | --- |\n| contrastive | 数据本身 |\n")
    index = build(site)
    assert index.find("contrastive") == {"/posts/a/"} and index.find("数据本身") == {"/posts/a/"}
    assert visible(re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1)) \
        == "[表格]"


def test_a_chats_citation_markers_are_left_out_everywhere_and_said_at_their_lines(site):
    """Copied from a chat, an answer keeps a marker for each source it cited (ChatGPT's,
    DeepSeek's, Kimi's), whose source is not in the text: never meant to be read."""
    from test_search import Index

    site.write("site.yaml", "base_url: https://user.github.io/repo/\n")
    site.post("a.md", "A", body="""\
        PEFT 从 0.10 开始支持 DoRA【3†source】，建议装最新版。:contentReference[oaicite:0]{index=0}
        滑动窗口模板题 [citation:1][citation:3] 要背下来。

        LoRA 冻结原权重[^1^]，只训练低秩矩阵。

        写法 `[citation:2]` 是 DeepSeek 的。
        """)
    said = [m for m in messages(site.build(), "warning") if "citation" in m]
    index = Index(site.output)
    assert said == [
        "content/posts/a.md:5: warning: ChatGPT's citation markers `【3†source】`, "
        "`:contentReference[oaicite:0]{index=0}` are left out of the page: their sources are "
        "not in the copied text; delete them",
        "content/posts/a.md:6: warning: DeepSeek's citation markers `[citation:1]`, "
        "`[citation:3]` are left out of the page: their sources are not in the copied text; "
        "delete them",
        "content/posts/a.md:8: warning: Kimi's citation marker `[^1^]` is left out of the page: "
        "its source is not in the copied text; delete it"]
    # (the line break between "。" and "滑", the marker gone, joins them as Chinese does)
    prose = ("PEFT 从 0.10 开始支持 DoRA，建议装最新版。滑动窗口模板题 要背下来。 "
             "LoRA 冻结原权重，只训练低秩矩阵。")
    page = site.read("posts/a/")
    assert "<p>PEFT 从 0.10 开始支持 DoRA，建议装最新版。滑动窗口模板题 要背下来。</p>" in page
    assert "<p>LoRA 冻结原权重，只训练低秩矩阵。</p>" in page
    assert '<code translate="no">[citation:2]</code>' in page  # (code shows what it shows)
    card = visible(re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1))
    assert card.startswith(prose)
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert description.startswith(prose)
    feed = ET.fromstring(site.read("atom.xml").encode()).find(f"{ATOM}entry/{ATOM}content").text
    assert "DoRA，" in feed and not re.search("【|oaicite|\\[citation:1|\\[\\^1", feed)
    assert index.document(0)["text"].startswith(prose)
    assert index.find("oaicite") == set() and index.find("source") == set()


def test_a_cards_formula_keeps_the_punctuation_after_it_on_its_line(site):
    """As a post's page keeps them (math/nobreak.py): "，我们通过…" started a card's line at
    390 px."""
    fragment = excerpt(site, "损失为 $L(\\theta)$，我们通过梯度下降最小化它；公式 $x$ 后无标点。\n")
    glued = re.findall(r'<span class="math-nobr">(<span class="katex".*?</math></span>.*?)</span>',
                       fragment, re.S)
    assert [visible(inside) for inside in glued] == ["L(θ)，"]
    assert visible(fragment) == "损失为 L(θ)，我们通过梯度下降最小化它；公式 x 后无标点。"


def test_superscripts_and_subscripts_stay_on_cards_and_read_right_as_text(site):
    """`2.5×10<sup>9</sup>` read "2.5×109" on a card, in the description, the feed and the
    search text: the card keeps the tags, the text reads them as a formula's scripts read."""
    from test_search import Index

    site.write("site.yaml", "base_url: https://user.github.io/repo/\n")
    site.post("a.md", "A", body="""\
        显存约 2.5×10<sup>9</sup> 字节，H<sub>2</sub>O，e<sup>-x</sup>，第 1<sup>st</sup> 层。

        <p>HTML 里 10<sup>6</sup> 个参数。</p>
        """)
    result = site.build()
    assert result.written, messages(result)
    card = re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1)
    assert card == ("显存约 2.5×10<sup>9</sup> 字节，H<sub>2</sub>O，e<sup>-x</sup>，"
                    "第 1<sup>st</sup> 层。 HTML 里 10<sup>6</sup> 个参数。")
    text = "显存约 2.5×10⁹ 字节，H₂O，e^(-x)，第 1st 层。 HTML 里 10⁶ 个参数。"
    page = site.read("posts/a/")
    assert re.search(r'<meta name="description" content="([^"]*)"', page).group(1) == text
    summary = ET.fromstring(site.read("atom.xml").encode()).find(f"{ATOM}entry/{ATOM}summary")
    assert summary.text == text
    assert Index(site.output).document(0)["text"] == text


def test_a_superscript_in_raw_htmls_inline_code_stays_one(site):
    """A LeetCode problem pasted as its HTML writes each constraint as
    `<code>1 &lt;= n &lt;= 10<sup>5</sup></code>`: the card read "1 <= n <= 105" (a number
    a thousand times too small), the description likewise."""
    site.post("a.md", "A", body="<ul>\n\t<li><code>1 &lt;= n &lt;= 10<sup>5</sup></code></li>"
                                "\n</ul>\n\n<p>时间复杂度 <code>O(n<sup>2</sup>)</code>。</p>\n")
    result = site.build()
    assert result.written, messages(result)
    card = re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1)
    assert card == "1 &lt;= n &lt;= 10<sup>5</sup> 时间复杂度 O(n<sup>2</sup>)。"
    page = site.read("posts/a/")
    assert re.search(r'<meta name="description" content="([^"]*)"', page).group(1) == (
        "1 &lt;= n &lt;= 10⁵ 时间复杂度 O(n²)。")


def test_captioned_figures_and_callout_titles(site):
    fragment = excerpt(site, """
        ![窗口](w.svg "第一次覆盖 ABC 的窗口")

        > [!WARNING] 边界
        > 注意边界。
        """)
    assert visible(fragment) == "[图] 边界 注意边界。"
    assert '<b class="excerpt-heading">边界</b>' in fragment


# --- posts whose body is raw HTML (imported from Jekyll, Hexo, WordPress) ----------------------

def card(site) -> tuple[str, str]:
    """The home page's card of the only post: its excerpt ("" when it has none) and its
    reading time."""
    home = site.read("")
    shown = re.search(r'<p class="excerpt">(.*?)</p>', home, re.S)
    reading = re.search(r'<span class="reading">(.*?)</span>', home)
    return (shown.group(1) if shown else ""), reading.group(1)


def word_count(site) -> str:
    """The post page's "N 字" ("N words" on a post in English)."""
    return re.search(r"<span>(\d+ (?:字|words))</span>", site.read("posts/a/")).group(1)


HTML_BODY = """\
<p>从 WordPress 迁移的旧文：<strong>Attention</strong> &amp; 位置编码，见&nbsp;&lt;论文&gt;。</p>
<h2>推导</h2>
<p>先看缩放点积，再看多头。</p>
<pre><code class="language-python">def 注意力(q, k):
    return q @ k.T
</code></pre>
<script>var 统计 = "不应显示的脚本文字";</script>
<style>.note { content: "样式里的字"; }</style>
<div style="display: none">$$\\newcommand{\\R}{\\mathbb{R}}$$</div>
<p>最后一段。</p>
"""


def test_an_html_post_shows_its_leading_text_as_its_excerpt(site):
    fragment = excerpt(site, HTML_BODY)
    assert visible(fragment) == ("从 WordPress 迁移的旧文：Attention & 位置编码，见 <论文>。 "
                                 "推导 先看缩放点积，再看多头。 [代码] 最后一段。")
    assert '<b class="excerpt-heading">推导</b>' in fragment  # as a Markdown heading shows
    description = re.search(r'<meta name="description" content="([^"]*)"', site.read("posts/a/"))
    assert html_lib.unescape(description.group(1)).startswith("从 WordPress 迁移的旧文")


def test_an_html_posts_words_and_reading_time_count_its_visible_text(site):
    # 1,000 more characters (3 minutes at 400 a minute); the code block, the script, the style
    # and the hidden macros are not read.
    prose = "字" * 1000 + " two words"
    site.post("a.md", "A", body=HTML_BODY.replace("最后一段。", prose))
    assert site.build().written
    cjk, latin = count_prose("从 WordPress 迁移的旧文：Attention & 位置编码，见 <论文>。"
                             "推导 先看缩放点积，再看多头。" + prose)
    assert word_count(site) == f"{cjk + latin} 字"
    assert card(site)[1] == "3 分钟读完"


# The same post written in Markdown and in HTML: the same card, the same count.
SAME_POSTS = [
    ("这是一段很长的中文内容用于测试摘要" * 40, "<p>{}</p>"),
    (" ".join(["transformer"] * 60), "<div>{}</div>"),
    ("字" * 349 + "🇨🇳" + "尾" * 10, "<p>{}</p>"),
    ("字" * 330 + "。" + "后面的句子" * 10, "<p>{}</p>"),
    ("word " * 66 + "is `[1, 2, 3, 4]`, so return 4 and go on " * 5,
     "<p>" + "word " * 66 + "is <code>[1, 2, 3, 4]</code>, so return 4 and go on " * 5 + "</p>"),
    ("## 题目\n\n给定数组。\n\n```python\nprint(1)\n```\n\n之后。\n",
     '<h2>题目</h2>\n<p>给定数组。</p>\n<pre><code class="language-python">print(1)\n'
     "</code></pre>\n<p>之后。</p>\n"),
    ("字" * 340 + "\n\n- 第一项的内容比较长，" + "后面还有很多字" * 10 + "\n- 第二项\n",
     "<p>" + "字" * 340 + "</p>\n<ul>\n<li>第一项的内容比较长，" + "后面还有很多字" * 10
     + "</li>\n<li>第二项</li>\n</ul>\n"),
    ("| 方法 | 标签来源 |\n| --- | --- |\n| contrastive | 数据本身 |\n\n![图](a.png)\n\n正文。\n",
     "<table>\n<tr><th>方法</th><th>标签来源</th></tr>\n\n<tr><td>contrastive</td><td>数据本身"
     '</td></tr>\n</table>\n<p><img src="a.png" alt="图"></p>\n<p>正文。</p>\n'),
]


@pytest.mark.parametrize(("markdown", "html"), SAME_POSTS, ids=[
    "cut-chinese", "cut-english", "flag-emoji", "sentence-end", "inline-code", "heading-code",
    "list-item", "table-figure"])
def test_an_html_post_gets_the_card_and_count_of_the_same_post_in_markdown(site, markdown, html):
    site.post("a.md", "A", body=markdown)
    assert site.build().written
    written_in_markdown = card(site), word_count(site)
    site.post("a.md", "A", body=html.format(markdown) if "{}" in html else html)
    assert site.build().written
    assert (card(site), word_count(site)) == written_in_markdown
    assert written_in_markdown[0]


@pytest.mark.parametrize("body", [
    "<p>第一段。</p>\n<!--more-->\n<p>第二段。</p>\n",  # one HTML block around the marker
    "<p>第一段。</p>\n\n<!-- more -->\n\n<p>第二段。</p>\n",
    "<p>第一段。<!--more-->第二段。</p>\n",
], ids=["in-a-block", "a-block-of-its-own", "in-a-paragraph"])
def test_more_marker_ends_an_html_posts_excerpt(site, body):
    assert visible(excerpt(site, body)) == "第一段。"  # no ellipsis: the writer chose the end


def test_an_html_posts_summary_reaches_its_feed_and_its_text_the_search(site):
    from test_search import build

    site.post("a.md", "A", body="<p>对比学习（<em>contrastive</em>）&amp; 自监督。</p>\n"
                                "<pre><code>zzcodeonly = 1</code></pre>\n")
    index = build(site)
    summary = ET.fromstring(site.read("atom.xml").encode()).find(f"{ATOM}entry/{ATOM}summary")
    assert summary is not None and summary.text == "对比学习（contrastive）& 自监督。 [代码]"
    assert index.find("contrastive") == {"/posts/a/"} and index.find("对比学习") == {"/posts/a/"}
    assert not index.find("zzcodeonly")


def test_html_blocks_in_a_markdown_post_add_their_visible_text(site):
    shown = visible(excerpt(site, """
        Markdown 的第一段。

        <div class="note">
        <p>HTML 里的<b>提示</b>。</p>
        </div>
        <div hidden>隐藏的文字</div>
        <iframe src="https://player.bilibili.com/x">不支持 iframe 时的文字</iframe>

        Markdown 的第二段。
        """))
    assert shown == "Markdown 的第一段。 HTML 里的提示。 Markdown 的第二段。"


FOLDED_AND_UNSEEN = """
<p>题目：证明 $a=b$。<span aria-hidden="true">★</span><span class="d-none">（类名不算）</span></p>
<details><summary>证明</summary>
<p>由对称性 zzfoldedproof 得证。</p>
</details>

<details>
<summary>提示</summary>

用 Markdown 写的 zzfoldedhint。

</details>

<p hidden="until-found">zzuntilfound</p>
<p style="color: red; visibility: hidden">zzinvisible</p>
<dialog>zzdialog</dialog>
<details open><summary>展开的</summary>zzopen</details>

结尾。
"""


def test_what_the_reader_must_open_is_counted_and_searched_but_not_excerpted(site):
    from test_search import build

    site.post("a.md", "A", body=FOLDED_AND_UNSEEN)
    index = build(site)
    assert visible(card(site)[0]) == "题目：证明 a=b。（类名不算） 证明 提示 展开的 zzopen 结尾。"
    for folded in ("zzfoldedproof", "zzfoldedhint", "zzuntilfound", "zzopen"):
        assert index.find(folded) == {"/posts/a/"}
    for unseen in ("zzinvisible", "zzdialog"):
        assert not index.find(unseen)
    cjk, latin = count_prose("题目：证明。（类名不算） 证明 由对称性 zzfoldedproof 得证。 提示 "
                             "用 Markdown 写的 zzfoldedhint。 zzuntilfound 展开的 zzopen 结尾。")
    assert word_count(site) == f"{cjk + latin} 字"


# Raw HTML left open, and what Chromium shows of the post's body (its `innerText`).
LEFT_OPEN = [
    ("前文。\n\n<p hidden>藏起来的字\n\n之后的段落。\n\n## 小节\n\n更多。\n",
     "前文。 之后的段落。 小节 更多。"),  # a paragraph ends where a block starts
    ("<p hidden>藏起来的字<div>看得见的字</div>\n\n后文。\n", "看得见的字 后文。"),
    ("<p hidden>藏起来的字\n<span>也藏着</span>\n\n<em>段落</em>\n", "段落"),
    ("> <div hidden>藏起来的字\n>\n> 也藏着\n\n引用之后。\n", "引用之后。"),  # ends with it
    ("- <div hidden>藏起来的字\n\n  也藏着\n- 第二项\n\n列表之后。\n", "第二项 列表之后。"),
    ("<div><p hidden>藏起来的字</div>\n\n后文。\n", "后文。"),  # ends with its parent
    ("<ul><li><span hidden>藏起来的字<li>第二项</ul>\n\n后文。\n", "第二项 后文。"),
    ("前文。\n\n<div hidden>藏起来的字\n\n之后也藏着。\n", "前文。"),  # the rest of the post
]


@pytest.mark.parametrize(("body", "shown"), LEFT_OPEN, ids=[
    "p-then-markdown", "p-then-div", "p-then-inline-html", "div-in-a-quote",
    "div-in-a-list-item", "p-in-a-div", "span-in-a-list-item", "div-at-the-top"])
def test_a_hidden_element_left_open_hides_what_the_browser_hides(site, body, shown):
    """`<p hidden>` left open hid every word after it from the card, the count and the
    search, where the page hid its own text alone: the next paragraph ends it. What raw HTML
    leaves open ends where the browser ends it (the texts here are Chromium's)."""
    from test_search import build

    site.post("a.md", "A", body=body)
    index = build(site)
    assert index.document(0)["text"] == shown
    assert visible(card(site)[0]) == shown
    cjk, latin = count_prose(shown)
    assert word_count(site) == f"{cjk + latin} 字"


def test_a_comment_left_open_in_html_hides_the_rest_from_the_excerpt_as_from_the_page(site):
    # The body goes into the page as it is: everything after `<!--` is inside the comment.
    body = "<p>前文。</p>\n<!-- TODO 还没写完\n<p>草稿</p>\n\n<p>也在注释里</p>\n"
    assert visible(excerpt(site, body)) == "前文。"


@pytest.mark.parametrize(("body", "more"), [
    ("短文，全部在卡片上。", False),
    ("A short note with a formula $x^2$ and `code`.", False),
    ("句子一。" * 100, True),  # cut
    ("短文。\n\n```python\nx = 1\n```", True),  # the code is a placeholder
    ("短文。\n\n![图](a.png)", True),
    ("See [the paper](https://example.org/).", True),  # a card does not carry links
    ("Noted.[^1]\n\n[^1]: A footnote.", True),
    ("短文。\n\n<details><summary>答案</summary>\n\n折叠的内容。\n\n</details>", True),
    ("开头。\n\n<!--more-->\n\n后面。", True),
])
def test_read_more_only_when_the_post_has_more_than_its_card(site, body, more):
    site.post("a.md", "A", body=body)
    result = site.build()
    assert result.written, messages(result)
    card = re.search(r'<article class="card.*?</article>', site.read(""), re.S).group(0)
    assert ('class="read-more"' in card) is more


RAW_HTML_PIECES = [
    "Plain text.", "Text with <b>bold</b> inline.", "Para <span hidden>x</span> y.", "<div hidden>",
    "</div>", "<details>", "</details>", "<summary>S</summary>", "<!--more-->", "<script>",
    "</script>", "Text <div hidden> opens.", "Text </div> closes.", "- item\n- item <i>two</i>",
    "> quoted", "> <div hidden>", "## Heading <em>x</em>", "| a | b |\n| - | - |\n| c | <b>d</b> |",
    "```\ncode\n```", "<p>raw p</p>", "Text <!-- a comment --> in it.", "<!-- unclosed", "-->",
    "<table><tr><td>", "</td></tr></table>", "1. one\n\n   nested <u>u</u>\n2. two", "<br>",
    "Line one\nline <b>two</b>\nthree", "Text `code` and <kbd>K</kbd>."]


def test_paragraphs_after_raw_html_that_ended_read_as_when_each_is_read_as_html(monkeypatch):
    """Once a post has raw HTML (a `<!--more-->` is some), its paragraphs were each read
    through the HTML reader, as a `<p>` around their text; one with no HTML of its own, when
    all the HTML before it has ended, is read as text alone (a third of reading a 6 MB post's
    text): the same units, found the same way, in random markup."""
    from markdown_it import MarkdownIt

    from blogforge.markdown.html_text import HtmlReader

    md = MarkdownIt("commonmark").enable("table")
    rng = random.Random(25)
    documents = [md.parse("\n\n".join(rng.choice(RAW_HTML_PIECES)
                                      for _ in range(rng.randint(1, 12))))
                 for _ in range(1_000)]
    opened: list[int] = []
    open_paragraph = HtmlReader.open_paragraph
    monkeypatch.setattr(HtmlReader, "open_paragraph",
                        lambda self, *a: opened.append(1) or open_paragraph(self, *a))
    quick = [[repr(excerpt_module.collect_units(tokens, stop)) for stop in (False, True)]
             for tokens in documents]
    quick_reads = len(opened)
    monkeypatch.setattr(HtmlReader, "idle", property(lambda self: False))
    assert quick == [[repr(excerpt_module.collect_units(tokens, stop)) for stop in (False, True)]
                     for tokens in documents]
    assert quick_reads < len(opened) - quick_reads  # (the paragraphs read as text alone)


def test_the_units_before_the_first_more_marker_are_those_of_a_reading_that_stops_there():
    """A post's excerpt before its `<!--more-->` is taken from the reading of its whole text,
    where it was read a second time, up to the marker: the same units, in random markup with
    markers in HTML blocks, in paragraphs after their prose, in headings and list items."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    pieces = [*RAW_HTML_PIECES, "Before <!--more--> after.", "<p>前文<!--more-->后文</p>",
              "## Heading <!--more--> rest", "- item <b>x<!--more--></b> y", "<!-- more -->"]
    rng = random.Random(52)
    found = 0
    for _ in range(1_000):
        tokens = md.parse("\n\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))))
        stopped = excerpt_module.collect_units(tokens, stop_at_more=True)
        expected = stopped.units if stopped.more_found else None
        assert excerpt_module.collect_units(tokens, stop_at_more=False).before_more == expected
        found += stopped.more_found
    assert found > 300  # (most documents have a marker)


@pytest.mark.parametrize("body, shown", [
    ("第一段，**加粗**的话<!--more-->和后文。\n\n<!--more-->\n\n第三段。\n", "第一段，加粗的话"),
    ("## 标题\n\n```python\nx = 1\n```\n\n<!--more-->\n\n后文。\n", "标题 [代码]"),
    ("- 一\n- 二<!--more-->三\n\n后文。\n", "一 二"),
], ids=["in-a-paragraph", "after-a-heading-and-code", "in-a-list-item"])
def test_a_card_shows_what_comes_before_the_first_more_marker(site, body, shown):
    assert visible(excerpt(site, body)) == shown


def _lines_run_reading(html: str) -> tuple[int, list[str]]:
    """How many lines of html_text.py run while its reader reads `html` (a count of steps,
    not a time: the machine's speed is no part of it), and the text it found."""
    import sys

    import blogforge.markdown.html_text as html_text

    reader, steps = html_text.HtmlReader(), 0

    def count(frame, event, arg):
        nonlocal steps
        steps += event == "line"
        return count

    def enter(frame, event, arg):
        return count if frame.f_code.co_filename == html_text.__file__ else None

    sys.settrace(enter)
    try:
        pieces = reader.read(html) + reader.finish()
    finally:
        sys.settrace(None)
    return steps, [piece.text for piece in pieces if piece.step == "text"]


@pytest.mark.parametrize("start, end", [("<div>", "</div>"), ("<span>", "</span>"),
                                        ("<sup>", "</sup>"), ("<div hidden>", "</div>"),
                                        ("<table><tr><td>", "</td></tr></table>"),
                                        ("<details>", "</details>")])
def test_reading_deeply_nested_html_takes_steps_in_proportion_to_its_length(start, end):
    """Each tag looked through every element open around it: a post of 16,000 nested `<div>`s
    (300 KB) took 40 s to build, 50,000 over 300 s. Twice as deep is now twice the work."""
    depth = 400
    shallow, text = _lines_run_reading(start * depth + "x" + end * depth)
    deep, _ = _lines_run_reading(start * depth * 2 + "x" + end * depth * 2)
    assert deep < 2.3 * shallow, (shallow, deep)
    if start in ("<div>", "<span>", "<sup>"):
        assert text == ["x"]


def test_a_description_is_cut_before_a_formula_it_would_cut(site):
    """The meta description (a search engine's snippet, a shared link's card) was cut at 180
    characters wherever they fell: "… β D_KL(q_ϕ(z | x) ‖ p(z…", a formula broken in two. It
    ends before the formula; the card's excerpt, cut on its own terms, is as it was."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    prose = "变分自编码器把重构误差和先验正则放在同一个式子里。" * 3  # (75 characters)
    formula = "$\\mathcal{L} = \\mathbb{E}_{q}[\\log p(x \\mid z)] - \\beta D_{KL}(q \\,\\|\\, p)$"
    site.post("vae.md", "VAE", body=f"{prose}损失写作 {formula}，这样可以得到更解耦的表示。\n")
    site.build()
    page = site.read("posts/vae/")
    (description,) = re.findall(r'<meta name="description" content="([^"]*)"', page)
    assert description == prose + "损失写作…"
    assert "<math" in site.read("")  # (the card shows the formula whole)


def test_a_post_of_code_alone_has_no_description(site):
    """helper-143: its meta description was the card's stand-in, "[代码]"."""
    site.post("a.md", "A", body="```python\nx = 1\n```\n")
    assert site.build().written
    page = site.read("posts/a/")
    assert '<meta name="description"' not in page and "[代码]" not in page.split("</head>")[0]


def test_an_obsidian_notes_line_of_tags_is_no_part_of_its_excerpt(site):
    """A note of a vault opening with its tags, `#生成模型 #diffusion` (inline_tags.py), had
    its card and description start with them, beside the same tags as the card's chips; a
    tag among words stays where it is written."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    (site.root / "content/.obsidian").mkdir(parents=True)
    shown = excerpt(site, "#生成模型 #diffusion\n#ml\n\n扩散模型逐步加噪，见 #ddpm 一文。\n")
    assert visible(shown) == "扩散模型逐步加噪，见 #ddpm 一文。"
    assert descriptions(site) == {"扩散模型逐步加噪，见 #ddpm 一文。"}
    assert '<p><a href="/tags/%E7%94%9F%E6%88%90%E6%A8%A1%E5%9E%8B/" class="tag">#生成模型</a> ' \
        in site.read("posts/a/")  # (the page shows them)


SPACES = " \t\n\u00a0\u3000\u2028"  # (a few of the characters `\s` matches)


def test_a_cards_units_have_each_run_of_spaces_of_any_kind_as_one_space():
    """Units tidied (`_tidy`) as the regex `\\s+` → " " tidies them: where two texts meet, at
    either end, and in texts made of spaces alone."""
    rng = random.Random(8)
    for _ in range(5_000):
        units = [excerpt_module.Unit("text", "".join(rng.choice(["字", "a", *SPACES])
                                                     for _ in range(rng.randint(0, 6))))
                 if rng.random() < 0.8 else excerpt_module.Unit("code")
                 for _ in range(rng.randint(0, 5))]
        assert excerpt_module._tidy(units) == tidied_by_regex(units), units


def tidied_by_regex(units: list) -> list:
    """`excerpt._tidy` as a regex reads it (its first writing)."""
    tidy = []
    after_space = True
    for unit in units:
        if unit.kind == "text":
            text = re.sub(r"\s+", " ", unit.text)
            if after_space and text.startswith(" "):
                text = text[1:]
            if not text:
                continue
            after_space = text.endswith(" ")
            unit = excerpt_module.Unit("text", text)
        else:
            after_space = False
        tidy.append(unit)
    if tidy and tidy[-1].kind == "text":
        tidy[-1] = excerpt_module.Unit("text", tidy[-1].text.rstrip())
        if not tidy[-1].text:
            tidy.pop()
    return tidy


def test_a_texts_cjk_characters_are_counted_one_by_one_in_runs_of_any_length():
    rng = random.Random(8)
    for _ in range(2_000):
        text = "".join(rng.choice(["字", "か", "ア", "한", "々", "a", " ", "，", "1"])
                       for _ in range(rng.randint(0, 20)))
        cjk = sum(char in "字かア한々" for char in text)
        assert count_prose(text)[0] == cjk, text


def test_latin_words_are_counted_apart_where_cjk_characters_stand_between_them():
    # Chinese prose sets English words against its characters ("用GPT和BERT"): two words,
    # however long the run between them, and a word's apostrophe or dot keeps it one
    rng = random.Random(8)
    for _ in range(2_000):
        pieces = [rng.choice(["GPT", "don’t", "e.g.", "x-1", "Ré", "7"]) if at % 2 else
                  rng.choice(["和", "的模型", "ア", "한", "，", "。", " "])
                  for at in range(rng.randint(0, 12))]
        text = "".join(pieces)
        cjk = sum(char in "和的模型ア한" for char in text)
        assert count_prose(text) == (cjk, len(pieces) // 2), text


def test_what_is_said_of_a_summary_or_description_is_said_at_its_line(site):
    """An image without alt text in a `summary:` (or a `description:` beside one) was said at
    the body's first line, where nothing of the kind is written."""
    site.post("pic.md", "Pic", summary="'<img src=\"/a.png\"> 摘要'",
              description="'<img src=\"/b.png\"> 描述'", body="\n正文。\n")
    said = [m for m in messages(site.build()) if "without alt text" in m]
    assert [(m.split(": warning")[0], "a.png" in m) for m in said] == [
        ("content/posts/pic.md:4", True), ("content/posts/pic.md:5", False)], said
