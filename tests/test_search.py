"""Site search: the index the build writes, the pages that use it, and a real browser typing."""

from __future__ import annotations

import functools
import http.server
import json
import os
import random
import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    EXAMPLE_LOCK_WAIT,
    LAYOUT_SHIFT,
    NOW,
    ctrl_c_as_it_forks,
    drawn_before,
    script_failures,
    serve,
    stopped_by_ctrl_c,
)
from playwright.sync_api import expect

from blogforge.search.index import fnv1a, shard_key
from blogforge.search.stem import stem
from blogforge.search.terms import CJK_CLASS, is_cjk, normalize, term_counts, tokens, word_term
from blogforge.site import BuildOptions, build_site
from blogforge.text import without_zero_width

REPO = Path(__file__).resolve().parents[1]


class Index:
    """Reads the built index the way search.js does: meta, one shard per term, documents."""

    def __init__(self, output: Path) -> None:
        self.root = output / "search-index"
        self.meta = json.loads((self.root / "meta.json").read_text("utf-8"))

    def document(self, doc_id: int) -> dict:
        return json.loads((self.root / "d" / f"{doc_id}.json").read_text("utf-8"))

    def urls(self) -> list[str]:
        return [self.document(i)["url"] for i in range(len(self.meta["docLength"]))]

    def postings(self, term: str) -> dict[str, int]:
        """URL -> weight of the documents holding an index term."""
        shard = fnv1a(shard_key(term)) % self.meta["shards"]
        flat = json.loads((self.root / "s" / f"{shard}.json").read_text("utf-8")).get(term, [])
        found, doc = {}, 0
        for gap, weight in zip(flat[::2], flat[1::2], strict=True):
            doc += gap
            found[self.document(doc)["url"]] = weight
        return found

    def find(self, query: str) -> set[str]:
        """URLs holding every term of a query (CJK runs as their pairs, words stemmed)."""
        result: set[str] | None = None
        for term in term_counts(query):
            if len(term) == 1 and len(query.strip()) > 1:
                continue  # single characters only when the query is one
            urls = set(self.postings(term))
            result = urls if result is None else result & urls
        return result or set()


def build(site, **options) -> Index:
    result = site.build(**options)
    assert result.written, [str(d) for d in result.diagnostics.items]
    return Index(site.output)


@pytest.fixture
def blog(site):
    site.write("site.yaml", """
        base_url: https://user.github.io/repo/
        languages:
          zh: {}
          en: {}
        tags:
          sliding-window: {zh: 滑动窗口, en: Sliding window}
    """)
    site.post("attention.md", "多头注意力机制的实现细节", date="2024-03-01", body="""
        缩放点积注意力把查询和键的相似度除以 $\\sqrt{d_k}$，再做 softmax：

        $$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V$$

        ```python
        def zzcodeonly(q, k):
            return q @ k.T  # 代码里的注释不该被搜到
        ```
        扩散模型和它没有关系。
    """)
    site.post("76.md", "76. 最小覆盖子串", date="2024-04-01", tags="[leetcode, sliding-window]",
              body="用滑动窗口求最小覆盖子串，时间复杂度是线性的。\n")
    site.post("ddpm.en.md", "Notes on Diffusions", date="2024-05-01", lang="en",
              body="Denoising diffusion models learn to reverse a noising process.\n")
    site.post("hidden.md", "不想被搜到的页", date="2024-06-01", search="false",
              body="这一页写着注意力，但不进索引。\n")
    site.post("draft.md", "草稿", date="2024-06-02", draft="true", body="注意力草稿。\n")
    return site


def test_chinese_phrases_inside_longer_runs_are_found(blog):
    index = build(blog)
    attention, leetcode = "/repo/posts/attention/", "/repo/posts/76/"
    assert index.find("注意力") == {attention}  # inside 多头注意力机制 and 点积注意力
    assert index.find("覆盖子串") == {leetcode}  # inside 最小覆盖子串
    assert index.find("扩散模型") == {attention}
    assert index.find("注意") == {attention}
    assert index.find("模型注意") == set()  # its pairs are not all there
    # a title hit is flagged, so the browser ranks it above a body mention
    assert index.postings("覆盖")[leetcode] & 64
    assert not index.postings("覆盖").get(attention)


def test_english_words_are_stemmed_numbers_kept(blog):
    index = build(blog)
    ddpm = "/repo/en/posts/ddpm/"
    assert stem("diffusion") == stem("diffusions") == "diffus"
    assert index.find("diffusion") == {ddpm}
    assert index.find("diffusions") == {ddpm}
    assert index.find("denoise") == {ddpm}
    assert index.find("learning") == {ddpm}
    assert "/repo/posts/76/" in index.find("76")
    assert index.find("the") == set()  # a stop word is not indexed


def test_code_and_formulas_are_not_indexed_but_snippets_read_well(blog):
    index = build(blog)
    assert index.find("zzcodeonly") == set()
    assert index.find("代码里的注释") == set()
    for command in ("frac", "sqrt", "mathrm", "left", "top"):
        assert index.find(command) == set(), command
    assert index.find("softmax") == {"/repo/posts/attention/"}  # the prose says it too
    doc = index.document(index.urls().index("/repo/posts/attention/"))
    assert "\\frac" not in doc["text"] and "zzcodeonly" not in doc["text"]
    assert "√" in doc["text"]  # the formula as readable text, for the snippet
    assert "\ue000" not in doc["text"]


def test_an_equation_reference_reads_as_its_number_in_the_snippet(site):
    """The search text dropped `\\eqref`: snippets read "由式 可知"."""
    site.post("a.md", "引用", body="$$\nx = 1 \\label{eq:a}\n$$\n\n由式 \\eqref{eq:a} 可知。\n")
    index = build(site)
    assert "由式 (1) 可知" in index.document(0)["text"]


def test_each_formula_said_again_reads_as_itself_in_the_snippet(site):
    """A formula's text is read once for all the places that say it again: each still reads as
    its own TeX, a reference as its equation's number."""
    site.post("a.md", "重复", body="$$\nE = mc^2 \\label{eq:e}\n$$\n\n甲 $\\alpha$ 乙 $\\beta$ "
              "丙 $\\alpha$ 丁 \\eqref{eq:e} 戊 \\eqref{eq:e} 己 $\\beta$。\n")
    index = build(site)
    assert index.document(0)["text"] == "E = mc² 甲 α 乙 β 丙 α 丁 (1) 戊 (1) 己 β 。"


def test_formulas_in_table_cells_and_footnotes_are_searched_as_those_in_paragraphs(site):
    """A table's formulas and a footnote's words and formulas were not in the search text:
    a result's snippet left them out, and a word only a footnote has found nothing."""
    site.post("t.md", "表格", body="""
        | 损失 | 公式 |
        |---|---|
        | 重建 | $\\mathcal{L}_{quux}$ |

        正文[^1]。

        [^1]: 见 zzfootword 与 $\\omega_{frobnitz}$。
    """)
    index = build(site)
    text = index.document(0)["text"]
    assert text == "损失 公式 重建 ℒ_quux 正文。 见 zzfootword 与 ω_frobnitz 。"
    assert index.find("zzfootword") == {"/posts/t/"}
    # a formula is read in the snippet, never a term, wherever it is (as in a paragraph)
    assert index.find("quux") == set() and index.find("frobnitz") == set()


def test_a_snippet_s_spaces_and_breaks_read_as_one_space_each(site):
    # ideographic and no-break spaces, a hard break, tabs, the spaces around a formula: the
    # snippet shows one space each
    site.post("spaces.md", "空白", body="甲\u3000\u3000乙  \n丙&nbsp;&nbsp;丁\t\t戊\n\n"
              "己\u2028庚， $x$ 辛。\n")
    index = build(site)
    doc = index.document(index.urls().index("/posts/spaces/"))
    assert re.sub("[\ue000-\uf8ff]", "", doc["text"]) == "甲 乙 丙 丁 戊 己 庚， x 辛。"


def test_tags_titles_and_languages_are_searchable(blog):
    index = build(blog)
    leetcode = "/repo/posts/76/"
    assert index.find("滑动窗口") == {leetcode}
    assert index.find("sliding") == {leetcode}  # the English label of the tag
    assert index.postings("滑动")[leetcode] & 128
    assert index.find("leetcode") == {leetcode}  # the tag's id
    doc = index.document(index.urls().index(leetcode))
    assert doc["title"] == "76. 最小覆盖子串" and doc["lang"] == "zh"
    assert doc["date"] == "2024-04-01"
    # each tag by its id and its label in each language ("leetcode" has none of its own: it
    # is shown as written)
    assert doc["tags"] == [["leetcode", {"zh": "leetcode", "en": "leetcode"}],
                           ["sliding-window", {"zh": "滑动窗口", "en": "Sliding window"}]]
    en = index.document(index.urls().index("/repo/en/posts/ddpm/"))
    assert en["lang"] == "en"
    assert index.meta["languages"] == ["en", "zh"]


def test_a_posting_weighs_the_body_s_count_up_to_63_with_flags_for_the_title_and_tags(site):
    """A posting's weight is one byte: how often the body says the term, at most 63, and a flag
    each for the title (64) and the tags (128); a document's length is its body's terms, all
    of them, however often each."""
    site.post("momentum.md", "动量法", tags=["优化"],
              body="梯度。" * 70 + "\n\n" + "动量。" * 3 + "\n")
    index = build(site)
    url = "/posts/momentum/"
    assert index.postings("梯度") == index.postings("梯") == {url: 63}  # said 70 times
    assert index.postings("动量") == index.postings("动") == {url: 3 | 64}
    assert index.postings("法") == {url: 64}  # in the title alone
    assert index.postings("优化") == {url: 128}
    # 梯, 度 and 梯度 seventy times each, 动, 量 and 动量 three times each
    assert index.meta["docLength"] == [70 * 3 + 3 * 3]


def test_a_greek_letter_in_a_title_is_found_by_its_name(site):
    """`$\\beta$-VAE` reads β-VAE: a reader typing "beta-VAE" (as most do) found nothing."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.write("content/posts/vae.md", "---\ntitle: '$\\beta$-VAE 与 $\\epsilon$ 的选择'\n"
               "date: 2024-05-01\n---\n正文。\n")
    index = build(site)
    assert index.find("beta-VAE") == index.find("epsilon") == {"/posts/vae/"}


def test_drafts_and_opted_out_pages_stay_out(blog):
    index = build(blog)
    assert not any("hidden" in url or "draft" in url for url in index.urls())
    assert len(index.urls()) == 3
    with_drafts = build(blog, drafts=True)
    assert "/repo/posts/draft/" in with_drafts.urls()


def test_pages_under_a_sub_path_link_the_index_and_load_no_search_script(blog):
    build(blog)
    home = blog.read("")
    assert 'action="/repo/search/"' in home
    assert 'data-index="/repo/search-index/"' in home
    assert 'data-script="/repo/js/search.js?v=' in home
    # nothing is downloaded for search until the box is used
    assert not re.search(r"<script[^>]+search\.js", home)
    assert re.search(r'<form class="search-box"[^>]* hidden ', home)  # shown by its script
    english = blog.read("en/posts/ddpm/")
    assert 'action="/repo/en/search/"' in english and 'data-lang="en"' in english
    search = blog.read("search/")
    assert '<script src="/repo/js/search.js?v=' in search  # (marks search-done)
    assert 'id="search-box"' not in search  # the page has its own box
    assert "需要开启 JavaScript" in search and 'href="/repo/archives/"' in search
    assert '<meta name="robots" content="noindex">' in search
    assert "Search runs in your browser" in blog.read("en/search/")
    assert "search/" not in blog.read("sitemap-zh.xml")
    assert blog.exists("js/search.js")


def test_a_page_named_search_is_an_error_not_a_silent_overwrite(site):
    site.post("a.md", "A")
    site.write("content/search.md", "---\ntitle: 搜索\n---\n自己的搜索页\n")
    result = site.build()
    assert not result.written
    assert any("search" in str(d) for d in result.diagnostics.items if d.level == "error")


def test_tokens_split_scripts_and_fold_width():
    assert tokens("用Transformer做ＮＬＰ，76题") == ["用", "transformer", "做", "nlp", "76", "题"]
    counts = term_counts("覆盖子串")
    assert set(counts) == {"覆", "盖", "子", "串", "覆盖", "盖子", "子串"}


def test_full_width_forms_fold_as_nfkc_folds_them_beside_marks_that_combine():
    """A full-width letter with an accent after it is one accented letter, as NFKC makes it
    (and the browser's query); half-width kana with their voicing marks are whole kana."""
    assert tokens("Ｃａｆｅ\u0301，ﾃﾞｰﾀ　ＧＰＵ：ｶﾞｲﾄﾞ") == ["café", "データ", "gpu", "ガイド"]
    assert set(term_counts("ｶﾞ，Ｃａｆｅ\u0301")) == {"ガ", "café"}


def test_a_text_is_indexed_as_its_nfkc_form():
    """Whatever a text holds (full-width forms, compatibility characters, marks that combine
    with what is before them, characters of no width), it is cut into terms as NFKC makes
    it, the form the browser reads a query in."""
    pool = [chr(code) for code in (*range(0x20, 0x250), *range(0x300, 0x370),
                                   *range(0x2000, 0x2100), *range(0x3000, 0x30ff),
                                   *range(0xff00, 0xffef))] + ["中", "文", "\u200b", "\ufeff"]
    rng = random.Random(8)
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))
        assert normalize(text) == unicodedata.normalize(
            "NFKC", without_zero_width(text)).lower(), text


def test_marks_that_stand_for_an_ideograph_are_part_of_its_run():
    """々 (repeat), 〇 (ideographic zero): 時々 was 時 and a word "々" of its own."""
    assert tokens("時々、二〇二四年") == ["時々", "二〇二四年"]
    assert {"時々", "時", "々"} <= set(term_counts("時々"))


def test_a_text_counts_each_character_and_pair_of_its_runs_and_each_word_between_them():
    """A text's terms are those of its tokens as the browser cuts a query (`tokens`): each CJK
    run's characters and each two neighbours in it (none across two runs), each word between
    the runs as its term. Random texts of runs of one to five characters glued to words,
    C++, numbers, punctuation, line breaks and full-width forms."""
    cjk = "注意力机制模型时々〇ガイドデータ한국어"
    others = ["GPT", "attention", "Models", "c++", "C#", "76", "x", "the", "，", "。", "、",
              " ", "\n", "-", "(", "ｶﾞ", "Ｔｒａｎｓ", "ＧＰＵ", "\u3000", "_", "é"]
    rng = random.Random(9)
    for _ in range(5_000):
        text = "".join("".join(rng.choices(cjk, k=rng.randint(1, 5))) if rng.random() < 0.5
                       else rng.choice(others) for _ in range(rng.randint(1, 12)))
        expected: Counter[str] = Counter()
        for token in tokens(text):
            if is_cjk(token):
                expected.update(token)
                expected.update(token[at:at + 2] for at in range(len(token) - 1))
            elif (term := word_term(token)) is not None:
                expected[term] += 1
        assert term_counts(text) == expected, text


def test_the_browser_cuts_cjk_runs_with_the_builds_class():
    script = (REPO / "src/blogforge/theme/static/js/search.js").read_text(encoding="utf-8")
    written = re.search(r'var CJK = "([^"]+)";', script).group(1)
    assert written.encode("ascii").decode("unicode_escape") == CJK_CLASS


# --- in a real browser, on the example blog ------------------------------------------------------

@pytest.fixture(scope="module")
def served_example(tmp_path_factory) -> Iterator[str]:
    """The repository's example blog, built under /blog/ and served on 127.0.0.1."""
    output = tmp_path_factory.mktemp("example") / "public"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    port = server.server_address[1]
    result = build_site(BuildOptions(source=REPO, output=output, now=NOW, use_cache=False,
                                     base_url=f"http://127.0.0.1:{port}/blog/",
                                     lock_wait=EXAMPLE_LOCK_WAIT))
    assert result.written

    class UnderBasePath(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            if not path.startswith("/blog/"):
                return str(output / "no such file")
            return super().translate_path(path[len("/blog"):])

        def log_message(self, *args: object) -> None:
            pass

    server.RequestHandlerClass = functools.partial(UnderBasePath, directory=str(output))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/blog/"
    finally:
        server.shutdown()
        server.server_close()


def test_typing_chinese_in_the_header_box_finds_the_post(browser, served_example):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_example)
    assert not [url for url in requests if "search" in url]  # nothing before the box is used
    page.keyboard.press("Control+K")  # the shortcut focuses the box
    assert page.evaluate("document.activeElement.id") == "search-input"
    # how to use it is the box's description, and no text of the page read a second time
    hint = page.locator("#search-hint").text_content()
    assert hint.startswith("按 Ctrl+K") and hint not in page.locator("body").aria_snapshot()
    expect(page.locator("#search-input")).to_have_accessible_description(hint)
    page.keyboard.type("覆盖子串")
    first = page.locator("#search-panel .search-hit a").first
    first.wait_for()  # (results follow each keystroke: wait for those of the whole query)
    page.wait_for_function("document.querySelector('#search-panel .search-hit mark')"
                           "?.textContent === '覆盖子串'")
    assert "76. 最小覆盖子串" in first.inner_text()
    assert first.locator("mark").first.inner_text() == "覆盖子串"
    assert first.get_attribute("href") == "/blog/posts/leetcode/lc-76/"
    assert all(url.startswith(served_example) for url in requests)  # no other host
    # arrows walk the results, Enter opens one
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.search-hit') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lc-76/")
    # a number finds the problem in both languages, this page's language first, each marked
    page.keyboard.press("Control+K")
    page.keyboard.type("76")
    page.wait_for_function(  # (results follow each keystroke: wait for those of "76")
        "[...document.querySelectorAll('#search-panel .search-hit-title')]"
        ".some(t => t.textContent.includes('76. Minimum Window Substring'))")
    titles = page.locator("#search-panel .search-hit-title").all_inner_texts()
    assert titles[0] == "76. 最小覆盖子串" and "76. Minimum Window Substring" in titles
    # the other language's result says its language (as the cards do), this one's do not
    badges = page.locator("#search-panel .search-hit").evaluate_all(
        "hits => hits.map(h => h.querySelector('.badge')?.textContent || null)")
    assert badges[0] is None and "English" in badges, badges
    page.close()


def test_the_index_is_asked_for_beside_the_script_once(browser, served_example):
    """On a slow connection each round trip is a third of a second: the index's meta.json
    was asked for only once search.js had come and run, before the shards and the results
    (four round trips before the first result). It is asked for beside the script, once."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url.rsplit("/", 1)[-1]
                                                    .split("?")[0]))
    page.goto(served_example)
    page.keyboard.press("Control+K")
    page.keyboard.type("覆盖子串")
    page.locator("#search-panel .search-hit a").first.wait_for()
    searched = [name for name in asked if name.startswith(("search.js", "meta.json"))]
    assert searched == ["meta.json", "search.js"], asked
    page.close()


def test_no_single_key_moves_the_focus_to_search_only_ctrl_k(browser, served_example):
    """`/` took the reader from a code block's Copy button halfway down a post to the header's
    box at the top (and fired when speech input heard "slash"), with no way to turn it off
    (WCAG 2.1.4). Ctrl+K, which no one types by accident, is the one shortcut; the search
    page's own handler agrees."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(served_example + "en/posts/leetcode/lc-76/")
    active = "document.activeElement.className"
    for start in ("document.querySelector('.code-copy').focus()", "document.activeElement.blur()"):
        page.evaluate(start)
        before = page.evaluate(active)
        page.keyboard.press("/")
        assert page.evaluate(active) == before, start
    assert page.locator("#search-input").get_attribute("aria-keyshortcuts") == "Control+K Meta+K"
    page.keyboard.press("Control+K")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.goto(served_example + "en/search/")
    page.locator(".site-title").focus()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.className") == "site-title"
    page.keyboard.press("Control+K")
    assert page.evaluate("document.activeElement.id") == "search-page-input"
    page.close()


def test_search_page_reads_the_query_from_the_link(browser, served_example):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served_example + "en/search/?q=diffusions")
    hit = page.locator("#search-results .search-hit a").first
    hit.wait_for()
    titles = page.locator("#search-results .search-hit-title").all_inner_texts()
    assert any("DDPM" in title for title in titles)
    badges = page.locator("#search-results .search-hit").evaluate_all(
        "hits => hits.map(h => h.querySelector('.badge')?.textContent || null)")
    assert badges[0] is None and "中文" in badges, badges  # the Chinese DDPM note says it
    page.fill("#search-page-input", "76")
    page.wait_for_function("location.search === '?q=76'")
    page.locator("#search-results .search-hit-title >> text=76.").first.wait_for()
    # the language switch leads to the other language's search for the same words
    assert page.locator(".lang-switch a").get_attribute("href").endswith("/search/?q=76")
    page.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_results_coming_move_nothing_in_sight(browser, served_example, width):
    """The results are fetched once the page is drawn: their room is kept from the start, or
    their arrival pushed the footer down (CLS 0.04-0.06 on a phone, found by Lighthouse)."""
    page = browser.new_page(viewport={"width": width, "height": 844})
    footer = page.locator(".site-footer")
    where = "f => f.getBoundingClientRect().top"
    with drawn_before(page, served_example + "en/search/?q=attention", "**/meta.json"):
        drawn_at = footer.evaluate(where)
    page.locator("#search-results .search-hit").first.wait_for()
    assert footer.evaluate(where) == drawn_at
    assert page.evaluate(LAYOUT_SHIFT) < 0.001
    assert page.locator("#search-page-input").is_visible()  # the script came: its box stays
    assert not page.locator(".search-failed").is_visible()
    page.close()


# js/search.js not to be had, or broken
SEARCH_FAILS = script_failures("broken before the box works")


@pytest.mark.parametrize("failure", SEARCH_FAILS)
@pytest.mark.parametrize("width", [390, 1366])
def test_when_the_search_script_fails_the_page_says_so_and_keeps_no_empty_screen(
        browser, served_example, failure, width):
    """With a query in the address and no script to fetch its results, the page kept a
    screen of nothing under a box that did nothing, and said nothing. It says why, as
    without JavaScript, with the archives' link, and the footer comes up in sight."""
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.route("**/js/search.js*", SEARCH_FAILS[failure])
    page.goto(served_example + "en/search/?q=attention")  # (a deferred script ran or failed)
    page.wait_for_timeout(100)
    assert page.locator("#search-results").evaluate("r => r.offsetHeight") < 40
    message = page.locator(".search-failed")
    assert message.is_visible()
    assert message.inner_text().startswith("Search could not be loaded.")
    assert message.locator("a").get_attribute("href") == "/blog/en/archives/"
    assert not page.locator("#search-page-input").is_visible()  # no box that does nothing
    assert page.locator(".site-footer").evaluate("f => f.getBoundingClientRect().top") < 844
    page.close()


@pytest.mark.parametrize("failure", SEARCH_FAILS)
@pytest.mark.parametrize("width", [390, 1366])
def test_when_the_search_script_fails_the_header_box_says_so_and_enter_opens_the_search_page(
        browser, served_example, failure, width):
    """With js/search.js not to be had, the header box took the reader's words and answered
    nothing, with no word why. It says so under the box, and Enter leads to the search page
    with the query, as the plain form does without the script; that page says so again, with
    the archives' link."""
    page = browser.new_page(viewport={"width": width, "height": 768})
    page.route("**/js/search.js*", SEARCH_FAILS[failure])
    page.goto(served_example + "en/posts/llm/speculative-decoding-en/")
    page.click("#search-input")
    page.keyboard.type("attention")
    message = page.locator("#search-panel")
    message.wait_for()  # (once the script failed)
    assert message.inner_text().startswith("The search index could not be loaded.")
    assert message.get_attribute("role") == "alert"  # (said, not only shown)
    assert page.evaluate(LAYOUT_SHIFT) < 0.001
    page.keyboard.press("Enter")
    page.wait_for_url("**/blog/en/search/?q=attention")
    message = page.locator(".search-failed")  # the search page says so again
    assert message.is_visible()
    assert message.locator("a").get_attribute("href") == "/blog/en/archives/"
    page.close()


def test_when_the_search_script_works_the_header_box_says_nothing_of_failing(
        browser, served_example):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(served_example + "en/")
    page.click("#search-input")
    page.keyboard.type("attention")
    page.locator("#search-panel .search-hit").first.wait_for()
    assert "could not be loaded" not in page.locator("#search-panel").inner_text()
    page.locator("main").click()  # the panel closes when the box loses focus, as it did
    assert not page.locator("#search-panel").is_visible()
    page.close()


def test_a_result_is_named_by_its_title_and_described_by_the_rest(browser, served_example):
    """A screen reader read each result's title, language, date and 110-character snippet as
    its name: the name is the title; the rest is its description."""
    page = browser.new_page()
    page.goto(served_example + "search/?q=覆盖子串")
    link = page.get_by_role("link", name="76. 最小覆盖子串", exact=True)
    link.wait_for()
    described = link.get_attribute("aria-describedby").split()
    texts = [page.locator(f"[id='{i}']").inner_text() for i in described]
    assert "年" in texts[0] and "覆盖子串" in texts[1], texts  # (its date; its language is
    # said of the other language's results only)
    page.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_a_results_link_shows_the_words_it_is_named_by_and_the_whole_result_opens_it(
        browser, served_example, width):
    """A result was one link holding its title, date and snippet, named by its title alone: a
    reader who speaks to the page ("click 覆盖子串", WCAG 2.5.3) met a link that did not say
    what it showed (axe's label-content-name-mismatch, serious, on every result). The link
    holds the title; the rest describes it, and a click anywhere on the result opens it still,
    a phone's whole result its target. The other language's result says its language there."""
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(served_example + "en/search/?q=最小覆盖子串")
    link = page.get_by_role("link", name="76. 最小覆盖子串", exact=True)
    link.wait_for()
    assert link.inner_text() == "76. 最小覆盖子串"
    hit = page.locator(".search-hit", has=link)
    assert hit.get_attribute("lang") == "zh-CN"  # (its title and snippet: Chinese fonts)
    box = hit.locator(".search-hit-snippet").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # (as a reader,
    # not as Playwright's click, which wants the snippet itself to take it)
    page.wait_for_url("**/blog/posts/leetcode/lc-76/")
    page.close()


def test_nothing_found_or_an_index_not_loaded_offers_the_sites_own_lists(browser,
                                                                          served_example):
    """"Nothing found" ended the reader's search, and so did an index that could not be
    loaded: both now offer the tags, categories and archives of the page's language."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(served_example + "search/?q=qwertyzzz")
    page.locator("#search-results .search-browse").wait_for()
    assert page.locator(".search-status").inner_text() == "没有找到与“qwertyzzz”相关的内容。"
    links = page.locator(".search-browse a")
    assert links.all_inner_texts() == ["标签", "分类", "归档"]
    assert [links.nth(i).get_attribute("href") for i in range(3)] == [
        "/blog/tags/", "/blog/categories/", "/blog/archives/"]
    page.close()
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.route("**/search-index/s/*", lambda route: route.abort())
    page.goto(served_example + "en/search/?q=attention")
    page.locator("#search-results .search-browse").wait_for()
    assert page.locator(".search-status").inner_text().startswith(
        "The search index could not be loaded.")
    assert page.locator(".search-browse").inner_text() == "Or browse: Tags · Categories · Archives"
    page.close()


def test_without_javascript_the_search_page_says_search_needs_it(browser, served_example):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_example + "search/?q=attention")
    assert page.locator(".search-nojs:visible").all_inner_texts() == [
        "搜索在浏览器中运行，需要开启 JavaScript。你仍然可以在归档中浏览所有文章： 归档"]
    assert not page.locator("#search-page-input").is_visible()
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_before_a_query_the_search_page_keeps_no_empty_screen(browser, served_example, width):
    """With no query in the address no results are coming: the results area kept a screen's
    height all the same, empty, with the footer a scroll away. It takes the room it needs,
    and the script's arrival moves nothing."""
    page = browser.new_page(viewport={"width": width, "height": 844})
    results, footer = page.locator("#search-results"), page.locator(".site-footer")
    where = "f => f.getBoundingClientRect().top"
    with drawn_before(page, served_example + "en/search/", "**/js/search.js*"):
        drawn_at, drawn_height = footer.evaluate(where), results.evaluate("r => r.offsetHeight")
    page.wait_for_function("document.getElementById('search-page').dataset.ready")
    assert drawn_height < 40
    assert results.evaluate("r => r.offsetHeight") < 40
    assert footer.evaluate(where) == drawn_at < 844  # in sight, where it stays
    assert page.evaluate(LAYOUT_SHIFT) < 0.001
    page.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 768)])
def test_before_a_query_the_footer_follows_the_search_box(browser, served_example, width,
                                                           height):
    """The short page's floor (60% of the screen) left some 300 px of nothing under the box
    before a query, as if results had failed to come. The footer follows the box; a short
    page like the 404 keeps its footer where it was, low on the screen."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(served_example + "en/search/")
    page.wait_for_function("document.getElementById('search-page').dataset.ready")
    box_bottom = page.locator("#search-page-input").evaluate(
        "i => i.getBoundingClientRect().bottom")
    footer_top = page.locator(".site-footer").evaluate("f => f.getBoundingClientRect().top")
    assert 0 < footer_top - box_bottom < 100
    page.goto(served_example + "404.html")
    main = page.locator("main").evaluate("m => m.getBoundingClientRect().height")
    assert main >= 0.6 * height - 1
    page.close()


def test_full_width_letters_the_index_folds_are_marked_in_the_snippet(browser, site):
    """The index folds Ｔｒａｉｎｉｎｇ to training (NFKC): the post was found for "train" but
    its snippet marked nothing, the browser's matching lowercasing without folding."""
    site.post("a.md", "全角", body="用 Ｔｒａｉｎｉｎｇ 数据训练模型。\n")
    assert "Ｔｒａｉｎｉｎｇ" in searched(browser, site, "train", ".search-hit mark")


def test_words_holding_characters_of_no_width_are_marked_in_the_snippet(browser, site):
    """The index drops zero-width characters (a chat answer's `Flash\u200bAttention`): the
    post was found for "FlashAttention" and "核心思想", its snippet marked neither."""
    site.post("a.md", "零宽", body="Flash\u200bAttention 是一种方法，核\u200b心思想很重要。\n")
    assert searched(browser, site, "FlashAttention", ".search-hit mark") == [
        "Flash\u200bAttention"]
    assert searched(browser, site, "核心思想", ".search-hit mark") == ["核\u200b心思想"]


def test_a_japanese_word_with_a_repeat_mark_finds_only_the_posts_that_hold_it(browser, site):
    site.write("site.yaml", "languages:\n  ja: {}\n")
    site.post("a.md", "時々", body="時々雨が降る。\n")
    site.post("b.md", "時間", body="時間がない。\n")
    found = searched(browser, site, "時々", ".search-hit")
    assert len(found) == 1 and "時々雨が降る" in found[0], found


def searched(browser, site, query: str, what: str) -> list[str]:
    """The texts of `what` on the built site's search page once results for `query` came."""
    build(site)
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + f"search/?q={query}")
        page.locator(f"#search-results {what}").first.wait_for()
        page.wait_for_timeout(200)  # (all the results are in)
        texts = page.locator(f"#search-results {what}").all_inner_texts()
        page.close()
    return texts


DATED_SITE = """
    base_url: https://example.org/
    languages:
      en: {date_format: "%d %B %Y"}
      ko: {}
"""


def dated_site(site):
    site.write("site.yaml", DATED_SITE)
    site.post("t.md", "Transformers", date="2025-09-01",
              body="The transformer architecture replaced recurrence with attention.\n")
    site.post("t.ko.md", "트랜스포머", date="2025-09-01", lang="ko",
              body="트랜스포머는 transformer 구조입니다.\n")
    return site


def card_dates(html: str) -> set[str]:
    return set(re.findall(r'<time datetime="2025-09-01[^"]*">([^<]*)</time>', html))


def test_a_result_s_date_is_written_as_the_cards_of_each_language_write_it(site, tmp_path):
    """With `date_format: "%d %B %Y"` the pages said "01 September 2025" and the search
    results "Sep 1, 2025" (the browser's own format); a Korean page's too differed."""
    index = build(dated_site(site))
    english, korean = card_dates(site.read("index.html")), card_dates(site.read("ko/index.html"))
    assert english == {"01 September 2025"} and korean == {"2025년 9월 1일"}
    for doc_id in range(2):
        document = index.document(doc_id)
        assert document["date"] == "2025-09-01"
        assert document["shown"] == {"en": "01 September 2025", "ko": "2025년 9월 1일"}
    # a new format reaches the index of an incremental build as it does a clean one's
    build(site, use_cache=True)
    site.write("site.yaml", DATED_SITE.replace("%d %B %Y", "%Y/%m/%d"))
    build(site, use_cache=True)
    assert index.document(0)["shown"]["en"] == "2025/09/01"
    # and so does a language's own format from its strings
    site.write("i18n/ko.yaml", 'date_format: "{year}.{month2}.{day2}"\n')
    build(site, use_cache=True)
    assert {index.document(n)["shown"]["ko"] for n in range(2)} == {"2025.09.01"}
    assert site.build(output=tmp_path / "clean").written
    assert index_files(site.output) == index_files(tmp_path / "clean")


def test_a_result_shows_its_date_as_the_cards_do(browser, site):
    assert searched(browser, dated_site(site), "transformer",
                    ".search-hit time") == ["01 September 2025"] * 2


def test_the_browser_stems_like_the_build(browser, served_example):
    page = browser.new_page()
    page.goto(served_example + "search/")
    page.wait_for_function("window.blogforgeSearch !== undefined")
    words = sorted({w for w in tokens((REPO / "README.md").read_text("utf-8"))
                    if w.isascii() and w.isalpha()} | {
        "diffusions", "generalization", "hopping", "controlling", "agreed", "sky", "ponies",
        "relational", "electricity", "adjustment", "feed", "bled", "filing", "conditionally"})
    in_browser = page.evaluate("words => words.map(w => window.blogforgeSearch.stem(w))", words)
    assert in_browser == [stem(w) for w in words]
    page.close()


def test_a_long_post_is_findable_by_its_end_but_its_result_file_stays_small(site):
    site.post("long.md", "长文", body="前言。\n\n" + "填充的句子。\n\n" * 3000 + "结尾处的彩蛋。\n")
    index = build(site)
    assert index.find("彩蛋") == {"/posts/long/"}
    doc = index.document(0)
    assert doc["cut"] is True and len(doc["text"]) == 12_000
    assert (site.output / "search-index" / "d" / "0.json").stat().st_size < 40_000


# --- the index of an incremental build ----------------------------------------------------------

WORDS = ["注意力", "扩散", "模型", "梯度", "下降", "窗口", "子串", "哈希", "排序", "概率", "贝叶斯",
         "损失", "attention", "diffusion", "gradient", "window", "hashing", "sorting", "bayes",
         "loss", "kernel", "sampling"]


SEARCH_SITE = "base_url: https://example.org/\nlanguages:\n  zh: {}\n  en: {}\n"


def index_files(output: Path) -> dict[str, bytes]:
    root = output / "search-index"
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def search_edit(site, rng, step: int) -> str:
    """One change of a post that reaches the index: its text, title, tags, date, existence."""
    posts = sorted((site.root / "content/posts").glob("*.md"))
    path = rng.choice(posts)
    _, front, body = path.read_text("utf-8").split("---\n", 2)
    choice = rng.choice(["append", "append", "append", "two", "retitle", "tags", "redate",
                         "add", "delete", "hide", "english", "labels"])
    if choice in ("append", "two"):
        for post in [path] + ([rng.choice(posts)] if choice == "two" else []):
            words = " ".join(rng.choices(WORDS, k=6))
            post.write_text(post.read_text("utf-8") + f"\n补充 {step}：{words}。\n", "utf-8")
        return choice
    if choice == "add":
        site.post(f"new{step}.md", f"新文 {step}", date=f"2024-0{rng.randint(1, 9)}-15",
                  body=" ".join(rng.choices(WORDS, k=30)) + "\n")
        return choice
    if choice == "delete":
        path.unlink()
        return choice
    if choice == "labels":  # a tag's label in site.yaml: every post tagged with it is found by it
        site.write("site.yaml", SEARCH_SITE + "tags:\n" + "".join(
            f"  {tag}: {{zh: 标签{step}, en: Label{step}}}\n" for tag in WORDS[12:]))
        return choice
    if choice == "retitle":
        front = re.sub(r"title: .*", f"title: 改名 {step} {rng.choice(WORDS)}", front)
    elif choice == "tags":
        front = re.sub(r"tags: \[", f"tags: [{rng.choice(WORDS)}, ", front)
    elif choice == "redate":  # moves the post among the others: every later id changes
        front = re.sub(r"date: .*", f"date: 2023-{rng.randint(1, 12):02d}-01", front)
    elif choice == "hide":
        front += "search: false\n"
    else:  # rewritten in the other language
        front += "lang: en\n"
        body = f"All new English text about {rng.choice(WORDS)} and {rng.choice(WORDS)}.\n"
    path.write_text(f"---\n{front}---\n{body}", "utf-8")
    return choice


@pytest.fixture
def many_shards(monkeypatch):
    """Shards of a few hundred bytes, so that a small site has dozens of them."""
    monkeypatch.setattr("blogforge.search.index.SHARD_TARGET_BYTES", 400)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_of_incremental_builds_equals_a_clean_builds(site, tmp_path, many_shards,
                                                               monkeypatch, seed):
    from blogforge.search import update
    rebuilt = []
    built = update._built
    monkeypatch.setattr(update, "_built", lambda *args: rebuilt.append(1) or built(*args))
    rng = random.Random(seed)
    site.write("site.yaml", SEARCH_SITE)
    for n in range(24):
        site.post(f"p{n}.md", f"第 {n} 篇 {rng.choice(WORDS)}", tags=f"[{rng.choice(WORDS)}]",
                  date=f"2024-0{n % 9 + 1}-{n + 1:02d}",
                  body=" ".join(rng.choices(WORDS, k=40)) + "\n")
    assert build(site, use_cache=True).meta["shards"] > 10
    patched = 0
    for step in range(12):
        rebuilt.clear()
        what = search_edit(site, rng, step)
        build(site, use_cache=True)
        patched += what == "append" and not rebuilt
        clean = tmp_path / f"clean{step}"
        assert site.build(output=clean).written
        assert index_files(site.output) == index_files(clean), f"step {step}: {what}"
    assert patched  # the edits that only add text changed the index in place


def test_one_post_edit_rewrites_only_the_index_files_it_changes(site, many_shards):
    site.write("site.yaml", "base_url: https://example.org/\n")
    for n in range(12):
        site.post(f"p{n}.md", f"第 {n} 篇", date=f"2024-01-{n + 1:02d}",
                  body=" ".join(WORDS[n:] + WORDS[:n]) + "\n")
    first = build(site, use_cache=True)
    post = site.root / "content/posts/p3.md"
    post.write_text(post.read_text("utf-8") + "\n注意力 attention。\n", "utf-8")  # words it has
    result = site.build(use_cache=True)
    index = Index(site.output)
    assert index.postings("attent")["/posts/p3/"] == index.postings("注意")["/posts/p3/"] == 2
    # the file of p3 (the ninth newest), meta.json, and the shards that hold the six terms
    shards = {fnv1a(shard_key(term)) % index.meta["shards"]
              for term in term_counts("注意力 attention")}
    assert len(shards) < index.meta["shards"] == first.meta["shards"]
    assert {f for f in result.changed_files if f.startswith("search-index/")} == {
        "search-index/meta.json", "search-index/d/8.json",
        *(f"search-index/s/{n}.json" for n in shards)}
    assert index.meta["version"] != first.meta["version"]  # the browser fetches the new files


@pytest.mark.parametrize("damage", ["record", "shard", "weights", "texts lost"])
def test_a_damaged_index_record_in_the_cache_means_a_full_index_not_a_wrong_one(
        site, tmp_path, many_shards, damage):
    site.write("site.yaml", "base_url: https://example.org/\n")
    for n in range(12):
        site.post(f"p{n}.md", f"第 {n} 篇", date=f"2024-01-{n + 1:02d}",
                  body=" ".join(WORDS[n:] + WORDS[:n]) + "\n")
    build(site, use_cache=True)
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        if damage in ("record", "texts lost"):  # (a full index: every post's text is read)
            db.execute("UPDATE units SET value = '{\"format\": 1, \"docs\": 5}' "
                       "WHERE kind = 'search-index' AND key NOT LIKE '% shard %'")
        if damage == "texts lost":  # read from the cache, or made again when they are not
            db.execute("DELETE FROM units WHERE kind = 'post-text'")
        elif damage == "shard":
            db.execute("UPDATE units SET value = '{\"注意\":[0,1]}' "
                       "WHERE kind = 'search-index' AND key LIKE '% shard %'")
        elif damage == "weights":
            db.execute("UPDATE units SET value = 'not json' WHERE kind = 'search'")
    for n in (2, 7):
        post = site.root / f"content/posts/p{n}.md"
        post.write_text(post.read_text("utf-8") + "\n注意力 attention。\n", "utf-8")
    build(site, use_cache=True)
    assert site.build(output=tmp_path / "clean").written
    assert index_files(site.output) == index_files(tmp_path / "clean")


def test_a_sweep_keeps_what_the_index_written_relies_on_and_the_next_edits_patch_it(
        site, tmp_path, many_shards, monkeypatch):
    """Each build names the cache entries its index relies on (its record, every shard, the
    weights of every document), for the sweep to keep: the edits after one that a sweep
    followed still patch the index, whichever post they change."""
    from blogforge.search import update
    monkeypatch.setattr("blogforge.cache.SWEEP_SLACK", -10_000)  # (every build's sweep is due)
    rebuilt = []
    built = update._built
    monkeypatch.setattr(update, "_built", lambda *args: rebuilt.append(1) or built(*args))
    site.write("site.yaml", "base_url: https://example.org/\n")
    for n in range(12):
        site.post(f"p{n}.md", f"第 {n} 篇", date=f"2024-01-{n + 1:02d}",
                  body=" ".join(WORDS[n:] + WORDS[:n]) + "\n")
    build(site, use_cache=True)
    # (words each post holds already: the index keeps its size and its shards)
    for step, (n, words) in enumerate([(3, "注意力 attention"), (7, "梯度 gradient"),
                                       (5, "哈希 hashing")]):
        rebuilt.clear()
        post = site.root / f"content/posts/p{n}.md"
        post.write_text(post.read_text("utf-8") + f"\n{words}。\n", "utf-8")
        build(site, use_cache=True)
        assert not rebuilt, f"edit {step}: the index was made from every document's weights"
        assert site.build(output=tmp_path / f"clean{step}").written
        assert index_files(site.output) == index_files(tmp_path / f"clean{step}")


@pytest.mark.parametrize("child", ["works", "dies"])
def test_an_index_made_in_a_background_process_is_the_same(site, tmp_path, many_shards,
                                                          monkeypatch, child):
    """A large first build (or one with posts added) makes the index in a forked process while
    pages are rendered; if that process dies, the build makes the index itself."""
    import blogforge.search as search
    from blogforge.forks import Aside
    monkeypatch.setattr(search, "BACKGROUND_DOCUMENTS", 1)
    started, start = [], Aside.start

    def counted(cls, function, *args):
        job = getattr(args[0], "func", args[0])  # (the job: `SearchIndex._make`, given
        started.append(getattr(job, "__name__", None))  # where to write its files)
        return start(function, *args)

    monkeypatch.setattr(Aside, "start", classmethod(counted))
    if child == "dies":
        parent = os.getpid()
        make = search.make_index
        monkeypatch.setattr(search, "make_index", lambda *args: os._exit(1)
                            if os.getpid() != parent else make(*args))
    for n in range(12):
        site.post(f"p{n}.md", f"第 {n} 篇", date=f"2024-01-{n + 1:02d}",
                  body=" ".join(WORDS[n:] + WORDS[:n]) + "\n")
    for step in range(2):
        build(site, use_cache=True, jobs=2)
        assert site.build(output=tmp_path / f"clean{step}", jobs=1).written
        assert index_files(site.output) == index_files(tmp_path / f"clean{step}")
        assert not list(site.output.rglob("*incoming*"))  # (its files were put in place)
        site.post(f"new{step}.md", "新文", date="2024-02-01", body="新的注意力。\n")
    assert started.count("_make") == 2


def test_a_build_stopped_while_its_index_is_made_beside_it_ends_that_process(site, tmp_path,
                                                                            monkeypatch):
    """The process making a large index writes its result files into the staging folder as
    it goes: a build stopped meanwhile (Ctrl+C) ends it before the staging folder goes, so
    that it writes nothing beside the output once the build has stopped, and the next build
    is a clean one's."""
    import time

    import blogforge.search as search
    from blogforge import site as site_module
    from blogforge.forks import Aside
    from blogforge.output import INCOMING

    monkeypatch.setattr(search, "BACKGROUND_DOCUMENTS", 1)
    parent, make, start = os.getpid(), search.make_index, Aside.start
    started: list[Aside] = []

    def slow(*args):  # (its files written, more work to come)
        made = make(*args)
        if os.getpid() != parent:
            time.sleep(60)
        return made

    def counted(cls, function, *args):
        aside = start(function, *args)
        started.append(aside)
        return aside

    def stopped(*args):
        for _ in range(300):  # (once the index's files are written)
            if len(list(site.output.parent.glob(f".*staging*/{INCOMING}/*"))) >= 12:
                raise KeyboardInterrupt
            time.sleep(0.1)
        raise AssertionError("the index's process wrote no files")

    monkeypatch.setattr(search, "make_index", slow)
    monkeypatch.setattr(Aside, "start", classmethod(counted))
    monkeypatch.setattr(site_module, "write_feeds", stopped)
    for n in range(12):
        site.post(f"p{n}.md", f"第 {n} 篇", date=f"2024-01-{n + 1:02d}",
                  body=" ".join(WORDS[n:] + WORDS[:n]) + "\n")
    with pytest.raises(KeyboardInterrupt):
        site.build(use_cache=True, jobs=2)
    for aside in started:
        with pytest.raises(ProcessLookupError):
            os.kill(aside.pid, 0)  # (ended, and waited for: not left to write for nobody)
    assert not site.output.exists()
    assert not list(site.output.parent.glob(f".{site.output.name}.blogforge-*"))
    monkeypatch.undo()
    build(site, use_cache=True, jobs=2)
    assert site.build(output=tmp_path / "clean", jobs=1).written
    assert index_files(site.output) == index_files(tmp_path / "clean")


def test_a_build_stopped_as_its_index_process_is_forked_ends_that_process(site, tmp_path,
                                                                          monkeypatch):
    """A Ctrl+C that reaches the build while it forks the process making a large index is held
    back across the fork and raised as it returns: it was raised before that process was
    noted, and ended the build but not the process, which made the index for nobody, writing
    into the staging folder beside the output that the stopped build had removed. It is ended
    with the build."""
    import time

    import blogforge.search as search

    monkeypatch.setattr(search, "BACKGROUND_DOCUMENTS", 1)
    parent, make = os.getpid(), search.make_index

    def slow(*args):  # (its files written, more work to come)
        made = make(*args)
        if os.getpid() != parent:
            time.sleep(60)
        return made

    monkeypatch.setattr(search, "make_index", slow)
    for n in range(12):
        site.post(f"p{n}.md", f"第 {n} 篇", date=f"2024-01-{n + 1:02d}",
                  body=" ".join(WORDS[n:] + WORDS[:n]) + "\n")
    with ctrl_c_as_it_forks(monkeypatch, search.SearchIndex, "start") as forked:
        stopped_by_ctrl_c(lambda: site.build(use_cache=True, jobs=2))
        assert len(forked) == 1
        with pytest.raises(ProcessLookupError):
            os.kill(forked[0], 0)  # (ended, and waited for: not left to write for nobody)
    assert not site.output.exists()
    assert not list(site.output.parent.glob(f".{site.output.name}.blogforge-*"))
    monkeypatch.undo()
    build(site, use_cache=True, jobs=2)
    assert site.build(output=tmp_path / "clean", jobs=1).written
    assert index_files(site.output) == index_files(tmp_path / "clean")


def test_a_chinese_query_typed_without_spaces_finds_the_posts_holding_its_words(browser, site):
    """Chinese is typed without spaces: 扩散模型训练 found only posts holding that very run,
    and nothing where 扩散模型 and 训练 are apart. It finds both, the run itself first, and
    marks the words; a post holding one of them only is not a result."""
    site.post("a.md", "扩散模型的训练技巧", date="2024-01-01",
              body="先讲扩散模型，再讲它的训练。\n")
    site.post("b.md", "只谈训练", date="2024-01-02", body="这一篇只有训练。\n")
    site.post("c.md", "扩散模型训练全流程", date="2023-01-01", body="扩散模型训练的步骤。\n")
    titles = searched(browser, site, "扩散模型训练", ".search-hit-title")
    assert titles == ["扩散模型训练全流程", "扩散模型的训练技巧"], titles
    marks = searched(browser, site, "扩散模型训练",
                     ".search-hit:nth-child(2) .search-hit-title mark")
    assert marks == ["扩散模型", "训练"], marks


def test_a_title_in_the_other_language_outranks_passing_mentions_in_this_one(browser, site):
    """Results in the page's language always came first: twelve Chinese posts citing
    "Attention Is All You Need" once filled the first page, the English post about attention
    came thirteenth. The page's language is preferred, not put before every match."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    for n in range(12):
        site.post(f"z{n}.md", f"变分推断笔记 {n}", date=f"2024-02-{n + 1:02d}",
                  body="顺带引用 Attention Is All You Need。" + "正文很长。" * 40 + "\n")
    site.post("attn.en.md", "Attention, explained", date="2023-01-01", lang="en",
              body="Attention weighs values by how well their keys match a query. "
                   "Attention is all this post is about.\n")
    titles = searched(browser, site, "attention", ".search-hit-title")
    # (one list in the ranking's order: grouped by language, the page's first, it came last)
    assert titles[0] == "Attention, explained", titles


def test_an_input_method_composing_pinyin_starts_no_search_until_it_commits(browser, site):
    """A pinyin keyboard composes `zhuyili` before 注意力 is chosen: each letter was a search
    ("nothing found for zh…", announced, shards fetched). Nothing is searched until the
    input method commits the characters."""
    site.post("a.md", "注意力机制", body="注意力。\n")
    build(site)
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + "search/")
        page.locator("#search-page-input").focus()
        page.wait_for_function("document.getElementById('search-page').classList"
                               ".contains('is-working')")
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        cdp = page.context.new_cdp_session(page)
        for end in range(1, len("zhuyili") + 1):
            cdp.send("Input.imeSetComposition", {"text": "zhuyili"[:end],
                                                 "selectionStart": end, "selectionEnd": end})
            page.wait_for_timeout(120)  # (longer than the typing pause a search waits for)
        assert page.locator(".search-status").inner_text() == ""
        assert not [url for url in asked if "/s/" in url], asked
        cdp.send("Input.insertText", {"text": "注意力"})
        page.locator("#search-results .search-hit").first.wait_for()
        assert "注意力机制" in page.locator("#search-results .search-hit-title").first.inner_text()
        page.close()


def test_cpp_and_csharp_are_words_a_reader_can_search(browser, site):
    """Every LeetCode solution here has a C++ version: `C++` was "keep typing…" (the letter c
    alone is no term), and a post about it could not be found by its name."""
    assert tokens("C++ 和 C# 的解法, abc++") == ["c++", "和", "c#", "的解法", "abc"]
    site.post("a.md", "两数之和", body="下面是 C++ 的解法。\n")
    site.post("b.md", "三数之和", body="下面是 Python 的解法。\n")
    titles = searched(browser, site, "C%2B%2B", ".search-hit-title")
    assert titles == ["两数之和"], titles
    marks = searched(browser, site, "C%2B%2B", ".search-hit-snippet mark")
    assert marks == ["C++"], marks


def test_a_query_of_common_words_says_so_and_a_stop_word_being_typed_is_completed(browser,
                                                                                   site):
    """`the` and `O(n)` said "Keep typing…" though the reader had typed all they meant; and
    `the` on its way to `theory` found nothing until the fourth letter."""
    site.write("site.yaml", "languages:\n  en: {}\n")
    site.post("a.md", "Notes", body="A theory of learning.\n")
    build(site)
    with serve(site.output) as root:
        page = browser.new_page()
        for query, said in (("the%20", "“the” is too common or too short to search for: "
                                       "add a word."),
                            ("O(n)", "“O(n)” is too common or too short to search for: "
                                     "add a word."),
                            ("x", "Keep typing…")):
            page.goto(root + f"search/?q={query}")
            # (under load the index may still be loading: that is said first)
            page.wait_for_function("(t => t && t !== 'Loading the index…')(document."
                                   "querySelector('.search-status')?.textContent)")
            assert page.locator(".search-status").inner_text() == said, query
        page.goto(root + "search/")
        page.locator("#search-page-input").fill("the")
        page.locator("#search-results .search-hit").first.wait_for()
        assert page.locator(".search-hit-snippet mark").all_inner_texts() == ["theory"]
        page.close()


def test_posts_holding_a_chinese_run_whole_come_before_those_holding_its_pieces(browser, site):
    """收敛性分析 ranked three posts titled "…收敛性学习笔记…复杂度分析" (its pieces, in the
    title) above the posts holding the phrase itself; and a run no post holds whole found its
    words without saying so."""
    site.post("a.md", "收敛性学习笔记：复杂度分析", date="2024-03-01", body="正文。\n")
    site.post("b.md", "随机梯度下降", date="2024-01-01", body="这里做收敛性分析。\n")
    site.post("c.md", "长序列", date="2024-02-01", body="注意力机制的开销随长度线性增长。\n")
    titles = searched(browser, site, "收敛性分析", ".search-hit-title")
    assert titles == ["随机梯度下降", "收敛性学习笔记：复杂度分析"], titles
    said = searched(browser, site, "线性注意力机制", ".search-status")
    assert said == ["没有完全匹配“线性注意力机制”的内容；1 个结果含有它的词："], said


def test_a_question_pasted_whole_finds_the_posts_about_its_words(browser, site):
    """A question typed as a sentence found nothing: its little words (的, 时, 了) seldom pair
    in a post as in the question. Three fifths of a long query's characters are enough."""
    site.post("a.md", "扩散模型调参", body="训练扩散模型时，学习率太大，损失函数就不收敛。\n")
    site.post("b.md", "别的", body="今天天气很好。\n")
    titles = searched(browser, site, "为什么在训练扩散模型的时候学习率太大会导致损失函数不收敛呢",
                      ".search-hit-title")
    assert titles == ["扩散模型调参"], titles


def test_more_results_come_after_those_read_and_take_the_focus(browser, site):
    """"More results" put results above those on screen (grouped by language) and moved the
    focus to the third new one."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    for n in range(12):
        site.post(f"z{n}.md", f"笔记 {n:02}", date=f"2024-02-{n + 1:02d}", body="梯度下降。\n")
    site.post("e.en.md", "Gradient descent, 梯度下降", date="2023-01-01", lang="en",
              body="梯度下降 in English.\n")
    build(site)
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + "search/?q=梯度下降")
        page.locator(".search-more").wait_for()
        before = page.locator(".search-hit-title").all_inner_texts()
        page.locator(".search-more").click()
        page.wait_for_function("document.querySelectorAll('.search-hit').length === 13")
        after = page.locator(".search-hit-title").all_inner_texts()
        assert after[:10] == before, (before, after)
        assert page.evaluate("document.activeElement.closest('.search-hit')"
                             "?.querySelector('.search-hit-title').textContent") == after[10]
        page.close()


def test_a_result_found_by_its_tag_shows_the_tag_marked(browser, site):
    site.post("a.md", "CUDA 矩阵乘法", tags="[C++, cuda]", body="共享内存分块。\n")
    marks = searched(browser, site, "c%2B%2B", ".search-hit-meta mark")
    assert marks == ["C++"], marks


def test_a_tag_found_by_its_id_and_its_label_is_one_chip(browser, site):
    """A tag is indexed by its id and its labels: `#gumbel-softmax #Gumbel-Softmax`."""
    site.write("site.yaml", "tags:\n  gumbel-softmax: {zh: Gumbel-Softmax}\n")
    site.post("a.md", "重参数化", tags="[gumbel-softmax]", date="2024-01-01", body="技巧。\n")
    chips = searched(browser, site, "gumbel", ".search-hit-tag")
    assert chips == ["#Gumbel-Softmax"], chips


def test_a_tag_found_by_its_id_alone_shows_its_label_with_what_was_found_marked(browser, site):
    """"attention" is a word of the id `flash-attention`, not of its label "FlashAttention":
    the result's chip read #flash-attention, an address's word the post's own chips never
    show. A tag written as the writer spells it (no label in site.yaml) keeps its case."""
    site.write("site.yaml", "tags:\n  flash-attention: {zh: FlashAttention}\n")
    site.post("a.md", "在线 softmax", tags="[flash-attention, PyTorch-Lightning]",
              body="分块计算。\n")
    chips = searched(browser, site, "attention", ".search-hit-tag")
    assert chips == ["#FlashAttention"], chips
    assert searched(browser, site, "attention", ".search-hit-tag mark") == ["Attention"]
    assert searched(browser, site, "lightning", ".search-hit-tag") == ["#PyTorch-Lightning"]


def test_a_word_being_typed_too_short_to_search_says_keep_typing_not_nothing_found(
        browser, site):
    """`di` on its way to `diffusion` was announced "Nothing found for “di”" at each pause;
    a short word that is one (`RL`) is still found."""
    site.post("a.md", "扩散模型", date="2024-01-01", body="diffusion models.\n")
    site.post("b.md", "强化学习", date="2024-01-02", body="RL basics.\n")
    assert searched(browser, site, "di", ".search-status") == ["请继续输入…"]
    assert searched(browser, site, "rl", ".search-hit-title") == ["强化学习"]


def test_english_words_an_android_keyboard_composes_are_searched_as_typed(browser, site):
    """Android's keyboards compose English words as they are typed: waiting for the input
    method to commit, an English page searched nothing until a space."""
    site.write("site.yaml", "languages:\n  en: {}\n")
    site.post("a.md", "LoRA notes", body="Low-rank adapters.\n")
    build(site)
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + "search/")
        page.wait_for_function("document.getElementById('search-page').classList"
                               ".contains('is-working')")
        page.locator("#search-page-input").focus()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Input.imeSetComposition", {"text": "lora", "selectionStart": 4,
                                             "selectionEnd": 4})
        page.locator("#search-results .search-hit").first.wait_for()
        assert page.locator(".search-hit-title").first.inner_text() == "LoRA notes"
        page.close()


def test_words_typed_on_the_search_page_before_its_script_arrived_are_searched(
        browser, served_example):
    """On a slow phone network the search page's box shows a second before its script runs:
    the script then set the box to the address's (empty) query, and what the reader had typed
    was gone."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    held = []
    page.route("**/js/search.js*", lambda route: held.append(route))
    page.goto(served_example + "search/", wait_until="commit")
    box = page.locator("#search-page-input")
    box.wait_for(state="visible")
    box.click()
    page.keyboard.type("扩散")
    while not held:
        page.wait_for_timeout(20)
    held[0].continue_()
    expect(page.locator("#search-results .search-hit a").first).to_be_visible()
    assert box.input_value() == "扩散"
    page.close()
