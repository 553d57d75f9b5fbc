"""Bare URLs in Chinese text, as a phone keyboard types them: punctuation right after (or
before) the URL, no space."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest
from conftest import messages

from blogforge.markdown.bare_urls import is_cjk_mark, url_end

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "https://arxiv.org/abs/1706.03762"
WIKI = "https://en.wikipedia.org/wiki/Transformer_(machine_learning)"


def body_of(site, body: str) -> str:
    site.post("a.md", "A", body=body)
    result = site.build()
    assert result.written, messages(result)
    return site.read("posts/a/").split('<div class="content">', 1)[1].split(
        '<p class="print-source">', 1)[0]


def linked(url: str, text: str | None = None) -> str:
    return f'<a href="{url}">{text or url}</a>'


@pytest.mark.parametrize(("written", "shown"), [
    # the punctuation after a URL is the sentence's
    (f"见 {ARXIV}。", f"见 {linked(ARXIV)}。"),
    (f"见 {ARXIV}，以及", f"见 {linked(ARXIV)}，以及"),
    (f"见 {ARXIV}、{ARXIV}；", f"见 {linked(ARXIV)}、{linked(ARXIV)}；"),
    (f"“{ARXIV}”说", f"“{linked(ARXIV)}”说"),
    (f"《{ARXIV}》…", f"《{linked(ARXIV)}》…"),
    (f"【{ARXIV}】", f"【{linked(ARXIV)}】"),
    # a `)` closing the writer's bracket, Chinese text right after it
    (f"论文({ARXIV})很好。", f"论文({linked(ARXIV)})很好。"),
    # full-width brackets and colon before a URL: linked
    (f"论文（{ARXIV}）很好。", f"论文（{linked(ARXIV)}）很好。"),
    (f"链接：{ARXIV}", f"链接：{linked(ARXIV)}"),
    ("网址：www.example.com。", f"网址：{linked('http://www.example.com', 'www.example.com')}。"),
    ("邮箱：me@example.com。", f"邮箱：{linked('mailto:me@example.com', 'me@example.com')}。"),
    # a URL's own parentheses stay in it
    (f"见 {WIKI}。", f"见 {linked(WIKI)}。"),
    (f"（{WIKI}）", f"（{linked(WIKI)}）"),
    # as GitHub has it, in text with spaces
    (f"see {ARXIV}, and ({ARXIV}).", f"see {linked(ARXIV)}, and ({linked(ARXIV)})."),
])
def test_a_bare_url_ends_before_chinese_punctuation_and_begins_after_it(site, written, shown):
    assert f"<p>{shown}</p>" in body_of(site, written)


def test_a_url_holding_chinese_letters_stays_whole(site):
    html = body_of(site, "见 https://zh.wikipedia.org/wiki/注意力机制 与 "
                         "https://ja.wikipedia.org/wiki/人々。")
    assert ('<a href="https://zh.wikipedia.org/wiki/%E6%B3%A8%E6%84%8F%E5%8A%9B%E6%9C%BA%E5%88%B6">'
            "https://zh.wikipedia.org/wiki/注意力机制</a>") in html
    assert ">https://ja.wikipedia.org/wiki/人々</a>。" in html  # (々 is a letter, 。 is not)


def test_the_text_after_the_url_is_markdown_again(site):
    html = body_of(site, f"链接：{ARXIV}，**重点**与 $x$ 和 [别处](https://b.org)。")
    assert f"{linked(ARXIV)}，<strong>重点</strong>与" in html
    assert '<a href="https://b.org">别处</a>。' in html
    assert "%E" not in html


def test_a_word_before_the_scheme_still_keeps_it_from_being_a_link(site):
    html = body_of(site, "（xhttps://a.org/x）与（awww.a.org）")
    assert "<a " not in html


def test_feeds_link_the_same_url(site):
    site.write("site.yaml", "base_url: https://user.github.io/repo/\n")
    site.post("b.md", "B", body=f"论文({ARXIV})很好。见 {ARXIV}。\n")
    result = site.build()
    assert result.written, messages(result)
    entry = ET.fromstring(site.read("atom.xml").encode()).find(f"{ATOM}entry/{ATOM}content")
    assert entry is not None and entry.text is not None
    assert re.findall(r'href="([^"]*)"', entry.text) == [ARXIV, ARXIV]
    assert f"{linked(ARXIV)})很好。" in entry.text


def test_the_excerpt_keeps_the_text_after_the_url(site):
    site.post("b.md", "B", body=f"论文({ARXIV})很好。\n")
    site.build()
    excerpt = re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S)
    assert excerpt is not None and f"论文({ARXIV})很好。" in excerpt[1]


def test_what_ends_a_url():
    assert [char for char in "。，、；：？！（）「」『』【】《》〈〉“”‘’…　｛｝～｡､"
            if not is_cjk_mark(char)] == []
    assert [char for char in "々〇注ａ０a-_/()%" if is_cjk_mark(char)] == []
    text = "x https://a.org/(b)c)d"
    assert text[2:url_end(text, 2, len(text))] == "https://a.org/(b)c"


# Pieces of text around bare URLs: schemes, triggers, addresses, CJK marks, brackets, links,
# emphasis and code
URL_PIECES = ["http", "https", "://", ":", "mailto", "xmpp", "www.", "w", "@", "a", ".", "b.com",
              " ", "。", "（", "）", "(", ")", "[", "](u)", "*", "`", "\n", "x@y.z", "中", "-",
              "_", "a.org/", "\\"]


def _plugin_as_it_was(md) -> None:
    """`bare_urls_plugin` as it was: each rule tried at every trigger, the scheme rule shown
    all the text not yet made a token."""
    from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

    from blogforge.markdown import bare_urls

    def may_start(state) -> bool:
        src, pos = state.src, state.pos
        char = src[pos]
        if char == "w":
            return src.startswith("www.", pos)
        if char == ":":
            return src.startswith("//", pos + 1) or state.pending[-6:].lower().endswith(
                ("mailto", "xmpp"))
        if char == "@":
            before = state.pending[-1:]
            return (pos + 1 < len(src) and src[pos + 1].isascii() and src[pos + 1].isalnum()
                    and before.isascii() and (before.isalnum() or before in "._+-"))
        return False

    def within(rule):
        def rule_in_cjk_text(state, silent: bool) -> bool:
            if not may_start(state):
                return False
            limit = state.posMax
            state.posMax = (bare_urls._DOMAIN.match(state.src, state.pos + 1, limit).end()
                            if state.src[state.pos] == "@" else
                            url_end(state.src, state.pos, min(limit, state.pos + 8192)))
            try:
                mark = bare_urls._mark_before(state)
                if mark is None:
                    return rule(state, silent)
                with bare_urls._read_as_space(state, mark):
                    return rule(state, silent)
            finally:
                state.posMax = limit
        return rule_in_cjk_text

    md.use(gfm_autolink_plugin)
    ruler = md.inline.ruler
    for name in bare_urls._RULES:
        found = ruler.__rules__[ruler.__find__(name)]
        ruler.at(name, within(found.fn), {"alt": found.alt})


def test_bare_urls_are_found_as_before_where_each_rule_reads_less():
    """The scheme rule searched all the text not yet made a token at every `:`, and every
    rule was given a URL's end at every trigger (a line of 20,000 `http://`: 50 s): each is
    now tried at its own trigger, the scheme rule shown the end of that text
    (`_seeing_pending_end`); on random texts the HTML is what it was."""
    import random

    from markdown_it import MarkdownIt

    from blogforge.markdown.bare_urls import _seeing_pending_end, bare_urls_plugin

    assert callable(_seeing_pending_end)
    now, before = MarkdownIt("commonmark"), MarkdownIt("commonmark")
    now.use(bare_urls_plugin)
    _plugin_as_it_was(before)
    rng = random.Random(308)
    for _ in range(400):
        text = "".join(rng.choice(URL_PIECES) for _ in range(rng.choice([4, 12, 40])))
        assert now.render(text) == before.render(text), text


# Pieces of text around links' labels: brackets, runs of letters, addresses, schemes, `www.`,
# CJK marks before them, footnotes' and citations' brackets
LABEL_PIECES = ["[", "]", "](u)", "][r]", "[^1]", "[@k]", "[r]: /u\n\n", "bbbb", "a", "@", "@a",
                "a@b.c", ".", "http://", "https://x.org", "mailto:", "www.", "w", ":", "。", "（",
                "：", " ", "\n", "*", "`", "\\", "!["]


def test_a_links_label_is_read_as_before_without_asking_the_url_rules():
    """Asked only whether a token starts at a label's `@` (or `:`, `www.`), the address rule
    read all the text before the `[` back, at each `@`, to say no (a line of 20,000 letters,
    `[` and 20,000 `@a`: 26 s). The plugin's rules are no longer asked there: on random texts
    the HTML is what it was, and the address rule is asked in none of a label's scans."""
    import random

    from markdown_it import MarkdownIt
    from mdit_py_plugins.gfm_autolink import index as gfm_autolink

    from blogforge.markdown.bare_urls import bare_urls_plugin

    asked_silently = []
    email_rule = gfm_autolink._email_rule

    def email_rule_seen(state, silent: bool) -> bool:
        if silent:
            asked_silently.append(state.pos)
        return email_rule(state, silent)

    gfm_autolink._email_rule = email_rule_seen
    try:
        now = MarkdownIt("commonmark").use(bare_urls_plugin)
    finally:
        gfm_autolink._email_rule = email_rule
    assert now.render("bbbb[x a@b.c @a") == (
        '<p>bbbb[x <a href="mailto:a@b.c">a@b.c</a> @a</p>\n')
    assert not asked_silently
    before = MarkdownIt("commonmark")
    _plugin_as_it_was(before)
    rng = random.Random(311)
    for _ in range(400):
        text = "".join(rng.choice(LABEL_PIECES) for _ in range(rng.choice([4, 12, 40])))
        assert now.render(text) == before.render(text), text
