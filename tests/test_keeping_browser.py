"""What a reader takes away from a post, in a real browser: text copied with its formulas and
code, a page in reader mode or saved as one file, a page printed, a page translated by the
browser. One small site, built once for the module, with KaTeX's own stylesheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Site, serve

WIDE = (r"\mathcal{L} = \left(\sum_{i=1}^{N}\lambda_i\,\mathbb{E}_{x\sim p}\big[\log D(x)\big]"
        r"+\mathbb{E}_{z\sim p(z)}\big[\log(1-D(G(z)))\big]+\lambda_1\lVert\theta\rVert_1+"
        r"\lambda_2\lVert\theta\rVert_2^2+\lambda_3\lVert\phi\rVert_2^2+\lambda_4\lVert\psi"
        r"\rVert_2^2\right)")

# the example blog's table of number formats (posts/llm/mixed-precision.md)
TABLE = "\n".join((
    r"| 格式 | 符号 | 指数 $E$ | 尾数 $M$ | 最大值 | 最小正规格化数 | 机器精度 $2^{-M}$ |",
    r"| --- | :-: | :-: | :-: | --- | --- | --- |",
    r"| FP32 | 1 | 8 | 23 | $\approx 3.40\times 10^{38}$ | $\approx 1.18\times 10^{-38}$ "
    r"| $\approx 1.19\times 10^{-7}$ |",
    r"| FP16 | 1 | 5 | 10 | $65504$ | $\approx 6.10\times 10^{-5}$ "
    r"| $\approx 9.77\times 10^{-4}$ |",
    r"| FP8 E4M3 | 1 | 4 | 3 | $448$ | $\approx 1.56\times 10^{-2}$ | $0.125$ |"))

POST = f"""
## 目标函数

<p id="inline"><strong>$\\beta$-VAE</strong>：在 KL 项前乘一个系数 $\\beta > 1$，换取解耦。</p>

<p id="before">于是</p>

$$
p_\\theta(x) = \\int p_\\theta(x \\mid z)\\, p(z)\\, dz
$$

<p id="after">积分没有解析解。</p>

<p id="plain">这一段没有公式，照常复制。</p>

## 代码

```python


x = 1

y = 2


```

<p id="code-after">代码之后。</p>

{TABLE}

<p id="wide">很长的行内公式 ${WIDE}$ 结束。</p>

```python {{group="two"}}
print("py")
```

```cpp {{group="two"}}
int cpp = 1;
```

> [!NOTE]
> 一个提示。
"""


@pytest.fixture(scope="module")
def kept_site(real_katex: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = Site(tmp_path_factory.mktemp("keeping") / "blog")
    site.write("site.yaml", "title: 星际笔记\nauthor: 林深\n"
                            "base_url: https://example.github.io/blog/\n"
                            "languages:\n  zh: {}\n  en: {title: Star Notes}\n")
    site.post("a.md", "变分自编码器", body=POST)
    site.post("b.en.md", "Sliding window", body="Text.\n\n```python\nx = 1\n```\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(real_katex))
        assert site.build().written
    with serve(site.output, "/blog/") as root:
        yield root


@pytest.fixture
def page(browser, kept_site):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(kept_site + "posts/a/")
    # what each copy put on the clipboard, and whether the page's script made it
    page.evaluate("""() => { window.copies = [];
      window.addEventListener("copy", e => window.copies.push({
        html: e.clipboardData.getData("text/html"), made: e.defaultPrevented })); }""")
    yield page
    context.close()
    assert errors == []


SELECT = """([start, startAt, end, endAt]) => {
  const spot = (selector, at) => { const el = document.querySelector(selector);
    if (at === "before") return [el.parentNode, [...el.parentNode.childNodes].indexOf(el)];
    if (at === "after") return [el.parentNode, [...el.parentNode.childNodes].indexOf(el) + 1];
    const text = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode();
    return [text, at]; };
  const range = document.createRange();
  range.setStart(...spot(start, startAt)); range.setEnd(...spot(end, endAt));
  getSelection().removeAllRanges(); getSelection().addRange(range); }"""


def copied(page, start: str, start_at, end: str, end_at) -> str:
    """What Ctrl+C puts on the clipboard with the text from `start` to `end` selected (each a
    selector and where: "before" or "after" the element, or an offset in its first text)."""
    page.evaluate("navigator.clipboard.writeText('')")
    page.evaluate(SELECT, [start, start_at, end, end_at])
    page.keyboard.press("Control+C")
    return page.evaluate("navigator.clipboard.readText()")


def test_copied_formulas_are_their_tex_between_their_delimiters(page):
    """KaTeX draws a formula twice, hidden MathML and boxes: a copy had both, "β\\nβ-VAE 把
    \\nD\\nK\\nL…", a symbol a line."""
    assert copied(page, "#inline", "before", "#inline", "after") == \
        "$\\beta$-VAE：在 KL 项前乘一个系数 $\\beta > 1$，换取解耦。"
    copy = page.evaluate("window.copies.at(-1)")
    assert copy["made"]
    # as HTML too, without KaTeX's drawing or its MathML
    assert "$\\beta$-VAE" in copy["html"] and "$\\beta &gt; 1$" in copy["html"]
    assert "katex" not in copy["html"] and "<math" not in copy["html"]
    assert "class=" not in copy["html"]
    # a display formula: its $$ on lines of their own, a paragraph apart
    assert copied(page, "#before", "before", "#after", "after") == (
        "于是\n\n$$\np_\\theta(x) = \\int p_\\theta(x \\mid z)\\, p(z)\\, dz\n$$\n\n"
        "积分没有解析解。")


def test_a_selection_that_starts_or_ends_in_a_formula_takes_it_whole(page):
    # from inside the β's drawing to "-VAE"
    page.evaluate("navigator.clipboard.writeText('')")
    page.evaluate("""() => {
      const p = document.querySelector('#inline'), beta = p.querySelector('.katex-html .mord');
      const range = document.createRange();
      range.setStart(beta.firstChild, 0); range.setEnd(p.querySelector('strong').lastChild, 4);
      getSelection().removeAllRanges(); getSelection().addRange(range); }""")
    page.keyboard.press("Control+C")
    assert page.evaluate("navigator.clipboard.readText()") == "$\\beta$-VAE"
    # from "系数" to inside the display formula
    page.evaluate("""() => {
      const p = document.querySelector('#before');
      const drawn = document.querySelector('.math-display .katex-html .mord');
      const range = document.createRange();
      range.setStart(p.firstChild, 0); range.setEnd(drawn.firstChild, 1);
      getSelection().removeAllRanges(); getSelection().addRange(range); }""")
    page.keyboard.press("Control+C")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "于是\n\n$$\np_\\theta(x) = \\int p_\\theta(x \\mid z)\\, p(z)\\, dz\n$$")


def test_text_without_formulas_is_copied_by_the_browser(page):
    assert copied(page, "#plain", 0, "#plain", 7) == "这一段没有公式"
    assert page.evaluate("window.copies.at(-1).made") is False


def test_a_selection_across_code_copies_the_code_and_prose_alone(page):
    """"Python\\n复制\\nimport torch…": the block's language, its button and the heading's
    `#` were selectable text."""
    text = copied(page, ".heading-line:has(h2[id=代码])", "before", "#code-after", "after")
    assert [line for line in text.splitlines() if line] == \
        ["代码", "x = 1", "y = 2", "代码之后。"], text


def test_the_copy_button_leaves_out_the_blank_lines_around_the_code(page):
    page.locator(".code-block", has_text="x = 1").locator(".code-copy").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
    assert page.evaluate("navigator.clipboard.readText()") == "x = 1\n\ny = 2\n"


def test_a_heading_s_hash_is_drawn_not_written(page):
    """Reader modes (Readability) took a heading's line, its `#` link's text and all, for a
    link's, and dropped it; a copied heading ended in "#"."""
    anchors = page.locator(".heading-anchor")
    assert anchors.evaluate_all("links => links.map(a => a.textContent)") == ["", ""]
    assert anchors.first.evaluate("a => getComputedStyle(a, '::before').content").startswith(
        '"#"')
    # the heading's text is all the text of its line, in a span (Readability keeps a block of
    # spans' text; a heading's own counted for nothing)
    assert page.locator(".heading-line").first.evaluate(
        "l => [l.textContent, l.querySelector('h2 > span').textContent]") == ["目标函数"] * 2
    assert page.locator(".post-header").evaluate("h => h.classList.contains('article-header')")


def test_a_tab_not_chosen_is_hidden_by_style_and_still_in_the_page(page):
    """With the `hidden` attribute, reader modes and Chromium's "save as single file" (MHTML)
    left the other languages' code out of what they kept."""
    cpp = page.locator(".code-tabs .code-block", has_text="int cpp")
    assert not cpp.is_visible()
    assert cpp.get_attribute("hidden") is None
    assert cpp.get_attribute("role") == "tabpanel"
    tab = page.get_by_role("tab", name="C++")
    assert tab.get_attribute("aria-selected") == "false"
    assert tab.get_attribute("aria-controls") == cpp.get_attribute("id")
    tab.click()
    assert cpp.is_visible() and tab.get_attribute("aria-selected") == "true"
    python = page.locator(".code-tabs .code-block", has_text='print("py")')
    assert not python.is_visible() and python.get_attribute("hidden") is None
    page.emulate_media(media="print")
    assert python.is_visible() and cpp.is_visible()


def test_code_and_formulas_are_not_for_the_browser_to_translate(page):
    untranslated = page.evaluate("""() => [...document.querySelectorAll(
      '.content pre, .content code, .content .katex')].map(e => e.closest('[translate]') &&
      e.closest('[translate]').getAttribute('translate'))""")
    assert untranslated and set(untranslated) == {"no"}
    assert page.locator("#plain").evaluate("p => p.translate") is True


# --- paper --------------------------------------------------------------------------------------

def test_on_paper_a_table_s_formulas_stay_in_their_cells(page):
    """Equal columns (table-layout: fixed) and formulas kept on one line set a cell's formula
    over the next cell."""
    page.set_viewport_size({"width": 700, "height": 900})  # (about A4's text width)
    page.emulate_media(media="print")
    spill = page.evaluate("""() => [...document.querySelectorAll('.content td')].filter(td => {
      const box = td.getBoundingClientRect();
      return [...td.querySelectorAll('.katex-html .base')].some(b => {
        const r = b.getBoundingClientRect();
        return r.right > box.right + 1 || r.left < box.left - 1; });
    }).map(td => td.textContent.slice(0, 20))""")
    assert spill == []
    width = page.evaluate("""() => [
      document.querySelector('.content table').getBoundingClientRect().width,
      document.querySelector('.content').clientWidth]""")
    assert width[0] <= width[1] + 1, width


def test_on_paper_a_wide_inline_formula_is_shrunk_to_the_line(page):
    """It scrolls in its own box on a screen; paper was cut at its edge."""
    page.set_viewport_size({"width": 390, "height": 900})
    formula = page.locator("#wide .katex")
    assert formula.evaluate("k => k.classList.contains('math-inline-wide')")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    size = formula.evaluate("""k => [k.getBoundingClientRect().width, k.scrollWidth - k.clientWidth,
      getComputedStyle(k).overflowX]""")
    assert size[0] <= 681 and size[2] == "visible", size
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert formula.evaluate("k => k.style.zoom") == ""


def test_on_paper_blocks_are_not_split_and_nothing_makes_a_page_of_its_own(page):
    page.emulate_media(media="print")
    style = """([selector, property]) => getComputedStyle(document.querySelector(selector))
      .getPropertyValue(property)"""
    for selector in (".code-short", ".figure, .callout", ".math-display"):
        assert page.evaluate(style, [selector, "break-inside"]) == "avoid", selector
    assert page.evaluate(style, [".code-head", "break-after"]) == "avoid"
    # (nor a heading's `#`, shown on a phone's screen: paper is not clicked)
    for selector in (".back-to-top-row", "p[aria-live]", ".heading-anchor"):
        assert page.evaluate(style, [selector, "display"]) == "none", selector
    assert page.evaluate(style, ["main", "padding-bottom"]) == "0px"


@pytest.mark.parametrize(("path", "says"), [
    ("posts/a/", "作者：林深 · 原文：https://example.github.io/blog/posts/a/"),
    ("en/posts/b/", "By 林深 · Online at https://example.github.io/blog/en/posts/b/")])
def test_paper_says_whose_the_page_is_and_where_it_is(page, kept_site, path, says):
    page.goto(kept_site + path)
    source = page.locator(".post .print-source")
    assert not source.is_visible()
    page.emulate_media(media="print")
    assert source.is_visible() and source.inner_text() == says
    assert source.locator("a").get_attribute("href") == says[says.index("https"):]
