"""Site search: the index the build writes, the pages that use it, and a real browser typing."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NOW

from blogforge.search.index import fnv1a, shard_key
from blogforge.search.stem import stem
from blogforge.search.terms import term_counts, tokens
from blogforge.site import BuildOptions, build_site

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
    assert "滑动窗口" in doc["tags"]
    en = index.document(index.urls().index("/repo/en/posts/ddpm/"))
    assert en["lang"] == "en"
    assert index.meta["languages"] == ["en", "zh"]


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
    assert 'data-script="/repo/js/search.js"' in home
    # nothing is downloaded for search until the box is used
    assert not re.search(r"<script[^>]+search\.js", home)
    assert re.search(r'<form class="search-box"[^>]* hidden ', home)  # shown by its script
    english = blog.read("en/posts/ddpm/")
    assert 'action="/repo/en/search/"' in english and 'data-lang="en"' in english
    search = blog.read("search/")
    assert '<script src="/repo/js/search.js" defer>' in search
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


# --- in a real browser, on the example blog ------------------------------------------------------

@pytest.fixture(scope="module")
def served_example(tmp_path_factory) -> Iterator[str]:
    """The repository's example blog, built under /blog/ and served on 127.0.0.1."""
    output = tmp_path_factory.mktemp("example") / "public"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    port = server.server_address[1]
    result = build_site(BuildOptions(source=REPO, output=output, now=NOW, use_cache=False,
                                     base_url=f"http://127.0.0.1:{port}/blog/"))
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
    page.keyboard.press("/")  # the shortcut focuses the box
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("覆盖子串")
    first = page.locator("#search-panel .search-hit a").first
    first.wait_for()
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
    page.locator("#search-panel .search-group").nth(1).wait_for()
    groups = page.locator("#search-panel .search-group-label").all_inner_texts()
    assert [g.lower() for g in groups] == ["中文", "english"]
    titles = page.locator("#search-panel .search-hit-title").all_inner_texts()
    assert titles[0] == "76. 最小覆盖子串" and "76. Minimum Window Substring" in titles
    badges = page.locator("#search-panel .search-hit .badge").all_inner_texts()
    assert badges[0] == "中文" and "English" in badges
    page.close()


def test_search_page_reads_the_query_from_the_link(browser, served_example):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served_example + "en/search/?q=diffusions")
    hit = page.locator("#search-results .search-hit a").first
    hit.wait_for()
    titles = page.locator("#search-results .search-hit-title").all_inner_texts()
    assert any("DDPM" in title for title in titles)
    langs = [group.get_attribute("data-lang")
             for group in page.locator("#search-results .search-group").all()]
    assert langs == ["en", "zh"]  # the DDPM note in Chinese says "Diffusion" too
    page.fill("#search-page-input", "76")
    page.wait_for_function("location.search === '?q=76'")
    page.locator("#search-results .search-hit-title >> text=76.").first.wait_for()
    page.close()


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
