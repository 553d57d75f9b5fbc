"""What a reader who does not read the way the validators check meets, in a real browser: the
keyboard alone, 400% zoom (a 320 px wide page), Windows high contrast, paper, a screen reader
that changes voice with `lang`. One small bilingual site, built once for the module."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, Site, serve
from playwright.sync_api import expect

from blogforge.markdown.highlight import contrast

LONG_LINE = "x = '" + "a-long-line-" * 20 + "'"
FOLDED = "".join(f"step_{n} = {n}\n" for n in range(40))

POST = f"""
给你两个字符串 $\\bar\\alpha_t$：

$$x = (x_1, x_2, \\ldots, x_n) \\in \\{{0, 1\\}}^n,
\\quad y = (y_1, y_2, \\ldots, y_m) \\in \\{{0, 1\\}}^m$$

```python {{group="two"}}
{LONG_LINE}
```

```cpp {{group="two"}}
int x;
```

```python
{FOLDED}```

> [!TIP]- 先自己写一遍再展开
> 窗口右端每次右移一格。

第二个等号用到了 $p - \\min(p, q) = \\max(0, p - q) + r$。它恰好是归一化常数。

标准误差 $\\sigma / \\sqrt{{n}} = \\frac{{1}}{{2}}$ 很小

| $\\alpha$ | $\\gamma = 2$ | 接受率 $\\beta$ |
| --- | --- | --- |
| 0.6 | 2.0 | $0.6$ |

## 损失 $L(\\theta)$ 的梯度

对参数求导。

## 复杂度

每个字符进出窗口各一次。
"""


@pytest.fixture(scope="module")
def reading_site(real_katex: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site, with KaTeX's own stylesheet and fonts: formulas are drawn as readers see them."""
    site = Site(tmp_path_factory.mktemp("reading") / "blog")
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("a.md", "最小覆盖子串", body=POST, toc="true")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(real_katex))
        assert site.build().written
    with serve(site.output) as root:
        yield root


# Which sides of the focused element's ring an ancestor that clips its overflow cuts off.
CUT_RING = """() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  const grow = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
  const cut = [];
  for (let a = e.parentElement; a; a = a.parentElement) {
    const style = getComputedStyle(a);
    if (style.overflowX === "visible" && style.overflowY === "visible") continue;
    const box = a.getBoundingClientRect();
    if (r.left - grow < box.left - .5) cut.push(a.className + ": left");
    if (r.top - grow < box.top - .5) cut.push(a.className + ": top");
    if (r.right + grow > box.right + .5) cut.push(a.className + ": right");
    if (r.bottom + grow > box.bottom + .5) cut.push(a.className + ": bottom");
  }
  return {visible: e.matches(":focus-visible") && s.outlineStyle !== "none", cut};
}"""


def test_the_focus_ring_of_a_code_block_s_controls_is_not_cut_off(browser, reading_site):
    """A code block clips to its rounded box: the ring of a block scrolled with the keys, of
    its unfold bar and of its copy button showed a side or none at all (found by tabbing
    through a post on a phone)."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(reading_site + "posts/a/")
    wide = page.locator("pre", has_text="a-long-line-")
    for control in (wide, page.locator(".code-copy").first, page.locator(".code-unfold")):
        control.focus()
        assert page.evaluate(CUT_RING) == {"visible": True, "cut": []}
    page.close()


def test_a_heading_is_named_by_its_text_alone_and_its_section_link_follows_it(browser,
                                                                              reading_site):
    """The `#` link to a section sat in its heading, so a screen reader's list of headings read
    "复杂度 本节链接" for each. It follows the heading now, still on its line, after its text:
    shown on hover and on focus, and heard with the section's title when tabbed to."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(reading_site + "posts/a/")
    assert page.locator(".content").aria_snapshot().endswith(
        '- heading "复杂度" [level=2]\n'
        '- link "本节链接":\n  - /url: "#复杂度"\n'  # (its `#` drawn: named by its label alone)
        "- paragraph: 每个字符进出窗口各一次。")
    heading, link = (page.get_by_role("heading", name="复杂度"),
                     page.locator('.heading-anchor[href="#复杂度"]'))
    expect(link).to_have_accessible_description("复杂度")
    text, mark = heading.bounding_box(), link.bounding_box()
    assert abs(mark["y"] + mark["height"] / 2 - (text["y"] + text["height"] / 2)) < 2
    assert text["x"] + text["width"] <= mark["x"] < text["x"] + text["width"] + 20
    opacity = "a => getComputedStyle(a).opacity"
    assert link.evaluate(opacity) == "0"
    heading.hover()
    assert link.evaluate(opacity) == "1"
    page.mouse.move(0, 0)
    link.focus()
    assert link.evaluate(opacity) == "1" and link.evaluate("a => a.matches(':focus-visible')")
    page.close()


def chromium_names(page, role: str) -> list[str]:
    """The names Chromium's own accessibility tree gives the elements of a role, what a screen
    reader is told (Playwright's snapshots and `expect` work names out by themselves)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return [node["name"]["value"] for node in nodes
            if not node.get("ignored") and node.get("role", {}).get("value") == role]


def test_a_formula_in_a_heading_is_read_in_its_name_and_in_its_contents_entry(
        browser, reading_site):
    """Chromium leaves the MathML of a formula out of the name of what holds it, and KaTeX's
    HTML beside it is hidden from screen readers: a list of headings read "损失 的梯度" for
    `## 损失 $L(\\theta)$ 的梯度`, and so did its entry in the contents."""
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    page.goto(reading_site + "posts/a/")
    assert "损失 L(θ) 的梯度" in chromium_names(page, "heading")
    assert "损失 L(θ) 的梯度" in chromium_names(page, "link")  # (the contents' entry)
    assert page.locator(".toc a", has_text="的梯度").count() == 1
    page.close()


def test_a_column_headed_by_a_formula_is_named_by_it(browser, reading_site):
    """A table's header cell holding a formula (the example blog's speculative decoding:
    `| $\\alpha$ | $\\gamma = 2$ |`) had no name, as a heading's formula had none in its heading's:
    a screen reader had no header to say with the column's cells, and axe found an
    "empty-table-header". Named by the formula's plain text, once."""
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    page.goto(reading_site + "posts/a/")
    assert chromium_names(page, "columnheader") == ["α", "γ = 2", "接受率 β"]
    page.close()


def test_a_card_with_a_wide_formula_fits_a_page_zoomed_to_400_percent(browser, reading_site):
    """1280 px at 400% is a 320 px page: a display formula in a card's excerpt widened its card,
    and the page scrolled sideways (WCAG 1.4.10); the formula scrolls inside the card instead."""
    page = browser.new_page(viewport={"width": 320, "height": 700})
    page.goto(reading_site)
    assert page.locator(".card .math-display").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") == 320
    page.close()


# WCAG 1.4.12: what a reader's own style sheet may set without the page losing any of its text
TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: .12em !important;"
                " word-spacing: .16em !important; } p { margin-bottom: 2em !important; }")

# Whether the punctuation after a glued formula is on the line of the formula's last part.
PUNCTUATION_ON_ITS_LINE = """glued => {
  const range = document.createRange(), marks = glued.lastChild;
  range.setStart(marks, 0); range.setEnd(marks, 1);
  const mark = range.getBoundingClientRect();
  const parts = glued.querySelectorAll(".katex-html .base");
  const last = parts[parts.length - 1].getBoundingClientRect();
  return mark.top < last.bottom && mark.bottom > last.top && mark.left >= last.right - 1;
}"""


def test_a_formula_glued_to_its_punctuation_breaks_rather_than_widen_a_narrow_page(
        browser, reading_site):
    """A formula and the "。" after it are kept on one line (no line starts with "。"); kept whole,
    a long one was wider than a 320 px line with wider letter spacing, and the page scrolled
    sideways (found on the example's speculative decoding post). It breaks after its "=" now,
    its last part still with the "。"."""
    page = browser.new_page(viewport={"width": 320, "height": 700})
    page.goto(reading_site + "posts/a/")
    page.add_style_tag(content=TEXT_SPACING)
    glued = page.locator(".math-nobr", has_text="。")
    assert page.evaluate("document.documentElement.scrollWidth") == 320
    assert glued.evaluate(PUNCTUATION_ON_ITS_LINE)
    page.close()


def test_a_folded_callout_prints_its_text(browser, reading_site):
    """Paper cannot be clicked open: a folded callout printed its title alone."""
    page = browser.new_page()
    page.goto(reading_site + "posts/a/")
    body = page.get_by_text("窗口右端每次右移一格。")
    assert not body.is_visible()  # (folded on the screen)
    page.emulate_media(media="print")
    assert body.is_visible()
    page.close()


def test_paper_keeps_a_heading_with_its_text_and_shows_where_links_lead(browser, tmp_path):
    """Printed, a heading could end a page with its text on the next, and a link to another
    site was underlined words that led nowhere on paper."""
    site = Site(tmp_path / "blog")
    site.post("a.md", "A", body="## 背景\n\n见 [论文](https://arxiv.org/abs/1706.03762) 与"
                                " [上一篇](/posts/b/)。\n")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + "posts/a/")
        page.emulate_media(media="print")
        after = "a => getComputedStyle(a, '::after').content"
        assert page.get_by_role("link", name="论文").evaluate(after) == \
            '" (https://arxiv.org/abs/1706.03762)"'
        assert page.get_by_role("link", name="上一篇").evaluate(after) == "none"
        line = page.locator(".content .heading-line").first
        assert line.evaluate("e => getComputedStyle(e).breakAfter") == "avoid"
        page.close()


def test_printed_line_numbers_stand_each_beside_its_line_and_comments_stand_upright(browser,
                                                                                  tmp_path):
    """Paper wraps code, and a number of a block of ten lines or more (" 1" in a box two
    digits wide) wrapped inside its box: each number two lines tall, every one after the ninth
    a line too low, "10" broken into "1" over "0"."""
    site = Site(tmp_path / "blog")
    code = "".join(f"x{n} = {n}\n" for n in range(1, 13))
    site.post("a.md", "A", body=f"```python {{linenos=true}}\n{code}# 值 -> 下标\n```\n")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + "posts/a/")
        page.emulate_media(media="print")
        # (a Chinese comment is not slanted: Chinese fonts have no italic to show, and an
        # obliqued one reads poorly)
        comment = page.locator(".highlight .c1").first
        assert comment.evaluate("c => getComputedStyle(c).fontSynthesisStyle") == "none"
        boxes = page.locator(".highlight .linenos").evaluate_all(
            "ns => ns.map(n => { const r = n.getBoundingClientRect(); return [r.top, r.height] })")
        page.close()
    tops, heights = [top for top, _ in boxes], [height for _, height in boxes]
    assert len(boxes) == 13 and max(heights) == min(heights)
    steps = [after - before for before, after in zip(tops, tops[1:], strict=False)]
    assert max(steps) - min(steps) < 1 and min(steps) >= heights[0] - 1


WIDE = (r"$$\sum_{i=1}^{N} \left[ y_i \log \sigma(w^\top x_i + b) + (1-y_i) \log (1 - \sigma(w^\top"
        r" x_i + b)) \right] + \lambda_1 \|w\|_1 + \lambda_2 \|w\|_2^2 + \lambda_3 \sum_{j=1}^{d}"
        r" \sum_{k=1}^{d} \Sigma_{jk} w_j w_k + \gamma \cdot \mathrm{KL}(q \,\|\, p)$$" "\n\n"
        "| a | b | c | d |\n|---|---|---|---|\n| "
        + " | ".join(["averyverylongcellwithoutspaces"] * 4) + " |\n")


def test_a_wide_formula_and_a_wide_table_print_whole(browser, real_katex, tmp_path):
    """Paper does not scroll: a display formula or a table wider than the page was cut off at
    its right edge. The table's columns share the page's width; the formula is scaled down
    (by the reader script, before printing)."""
    site = Site(tmp_path / "blog")
    site.post("a.md", "A", body=WIDE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(real_katex))
        assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page(viewport={"width": 794, "height": 1123})
        page.goto(root + "posts/a/")
        page.wait_for_function("document.documentElement.classList.contains('reader-done')")
        page.evaluate("dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        right = "e => e.getBoundingClientRect().right"
        edge = page.locator(".content").evaluate(right)
        for part in (".math-display .katex-html > .base", ".content td"):  # (their last)
            assert page.locator(part).last.evaluate(right) <= edge + 1, part
        page.close()


# How many pixels of a screenshot are light: the ink of white text on a black page.
LIGHT_PIXELS = """async png => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  let light = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 384) light++;
  return light;
}"""


def test_a_letter_under_an_accent_shows_in_windows_high_contrast(browser, reading_site):
    """High contrast puts a plate of the page's colour behind every run of text: KaTeX draws an
    accent (the bar of ᾱ) on a layer over its letter, whose plate hid the letter (ᾱ_t read as
    a bar over nothing, found on the example's DDPM post)."""
    context = browser.new_context(color_scheme="dark", forced_colors="active")
    page = context.new_page()
    page.goto(reading_site + "posts/a/")
    accent = page.locator(".katex-html .accent").first
    layers = accent.locator(".vlist > span")  # the letter, then the bar over it
    assert layers.count() == 2

    def light() -> int:
        return page.evaluate(LIGHT_PIXELS, base64.b64encode(accent.screenshot()).decode())

    letter_and_bar = light()
    layers.nth(1).evaluate("bar => bar.style.visibility = 'hidden'")
    letter_alone = light()
    assert letter_and_bar > letter_alone > 0  # the bar adds to the letter, hiding none of it
    context.close()


# The colours a formula is drawn in: its letters, a fraction bar (a border), a root sign (SVG).
FORMULA_INKS = """() => {
  const formula = [...document.querySelectorAll(".content p .katex-html")].find(
    f => f.querySelector(".frac-line") && f.querySelector(".sqrt svg"));
  return [getComputedStyle(formula.querySelector(".mord")).color,
          getComputedStyle(formula.querySelector(".frac-line")).borderBottomColor,
          getComputedStyle(formula.querySelector(".sqrt svg")).fill];
}"""


@pytest.mark.parametrize("scheme, chosen, text", [("dark", "light", "rgb(255, 255, 255)"),
                                                   ("light", "dark", "rgb(0, 0, 0)")])
def test_formulas_take_windows_high_contrast_s_text_colour_whatever_theme_was_chosen(
        browser, reading_site, scheme, chosen, text):
    """Formulas kept the theme's ink in high contrast: once the reader had chosen light with the
    theme's button (remembered for every page), they were near-black on its black page."""
    context = browser.new_context(color_scheme=scheme, forced_colors="active")
    context.add_init_script(f"localStorage.setItem('bf-theme', '{chosen}')")
    page = context.new_page()
    page.goto(reading_site + "posts/a/")
    assert page.evaluate("document.documentElement.dataset.theme") == chosen
    assert page.locator(".content p").first.evaluate("p => getComputedStyle(p).color") == text
    assert page.evaluate(FORMULA_INKS) == [text, text, text]
    context.close()


def test_nothing_blinks_or_pulses_for_more_than_five_seconds(browser, reading_site):
    """The home page's cursor blinked and its signal dot pulsed for ever: what moves by itself
    beside the text must stop within 5 s when it cannot be paused (WCAG 2.2.2)."""
    page = browser.new_page()
    page.goto(reading_site)
    ends = page.evaluate("document.getAnimations().map(a => a.effect.getComputedTiming().endTime)")
    assert len(ends) == 2 and max(ends) <= 5000, ends
    page.close()


MENU = "".join(f"      - {{name: {name}, url: {name.lower()}/}}\n"
               for name in ("Archives", "Categories", "Tags", "Series", "About"))
# Where the title, each menu word and the page's main column stand, and the header's height.
LAYOUT = """() => [".site-title", ".site-nav a", "main"].flatMap(sel =>
  [...document.querySelectorAll(sel)].map(e => [e.getBoundingClientRect().x,
                                                 e.getBoundingClientRect().y])
).concat([document.querySelector(".site-header").offsetHeight])"""


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_menu_words_are_a_fingers_target_on_a_phone_and_move_nothing(browser, tmp_path,
                                                                          lang):
    """归档 was a 27 x 15 px target at 390 px (WCAG 2.5.8 asks 24 x 24, Lighthouse flags
    less): each menu word is now at least 24 px each way, where it stood."""
    site = Site(tmp_path / "blog")
    zh_menu = "".join(f"      - {{name: {name}, url: {name}/}}\n"
                      for name in ("归档", "分类", "标签", "系列", "关于"))
    site.write("site.yaml", "languages:\n  zh:\n    menu:\n" + zh_menu + "  en:\n"
               "    title: Star Notes\n    menu:\n" + MENU)
    site.post("a.md", "Notes", lang="en")
    site.post("b.md", "笔记")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        page.goto(root + lang)
        sizes = page.locator(".site-nav a").evaluate_all(
            "links => links.map(a => [a.getBoundingClientRect().width, "
            "a.getBoundingClientRect().height])")
        assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
        layout = ("[...document.querySelectorAll('.site-nav li, main')].map(e => "
                  "[e.getBoundingClientRect().x, e.getBoundingClientRect().y, e.offsetWidth])"
                  ".concat([document.querySelector('.site-header').offsetHeight])")
        where = page.evaluate(layout)
        page.add_style_tag(content=".site-nav a { padding: 0 !important; margin: 0 !important }")
        assert page.evaluate(layout) == where
        page.close()


@pytest.mark.parametrize("width", [1366, 1024, 390])
def test_focusing_the_search_box_moves_nothing_and_the_menu_fits_on_a_phone(browser, tmp_path,
                                                                            width):
    """The header's search box grew by 5rem on focus: on English pages (a longer menu) the
    header wrapped onto two rows and the page jumped down under the reader's click; on a
    phone the menu's fifth English word stood alone on a row of its own."""
    site = Site(tmp_path / "blog")
    site.write("site.yaml", "languages:\n  zh: {}\n  en:\n    title: Star Notes\n    menu:\n"
               + MENU)
    site.post("a.md", "Notes", lang="en")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(root + "en/")
        before = page.evaluate(LAYOUT)
        page.focus("#search-input")
        page.keyboard.type("attention")
        assert page.evaluate(LAYOUT) == before
        tops = page.locator(".site-nav li").evaluate_all("items => items.map(i => i.offsetTop)")
        assert len(tops) == 5 and len(set(tops)) == 1, tops  # one row of menu words
        page.close()


def test_the_menu_shows_its_names_as_the_site_writes_them(browser, tmp_path):
    """The menu was set in capitals: GitHub read GITHUB, LeetCode LEETCODE, arXiv ARXIV. A
    name the site gives is its writer's spelling (the theme's own labels stay capitals)."""
    site = Site(tmp_path / "blog")
    site.write("site.yaml", "languages:\n  en:\n    menu:\n"
               "      - {name: GitHub, url: 'https://github.com/me'}\n"
               "      - {name: LeetCode, url: 'https://leetcode.cn/u/me/'}\n"
               "      - {name: arXiv, url: 'https://arxiv.org/a/me'}\n")
    site.post("a.md", "Notes", lang="en")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(root)
        assert page.locator(".site-nav a").all_inner_texts() == ["GitHub", "LeetCode", "arXiv"]
        page.close()


# Where each footer line's baseline is: a box of no size stands on it.
FOOTER_BASELINES = """() => [...document.querySelectorAll(".site-footer p")].map(p => {
  const mark = document.createElement("span");
  mark.style.cssText = "display: inline-block; width: 0; height: 0";
  p.append(mark);
  const y = mark.getBoundingClientRect().bottom;
  mark.remove();
  return y;
})"""


def test_the_footers_lines_side_by_side_stand_on_one_baseline_in_either_language(browser,
                                                                               tmp_path):
    """The example blog's footer sets two lines side by side. On its English pages the first
    holds the author's Chinese name, and its height was its fonts' own (`line-height: normal`,
    which the theme's `font` set): 4 px taller than the other line, its words 4 px lower."""
    site = Site(tmp_path / "blog")
    site.write("site.yaml", "author: 林深\nlanguages:\n  zh: {}\n  en: {}\n")
    for example_file in ("templates/partials/footer.html", "templates/partials/head_extra.html",
                         "static/css/site.css"):
        site.write(example_file, (REPO / example_file).read_text(encoding="utf-8"))
    site.post("a.md", "注意力")
    site.post("a.en.md", "Attention", lang="en")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page(viewport={"width": 1366, "height": 800})
        for home in ("", "en/"):
            page.goto(root + home)
            left, right = page.evaluate(FOOTER_BASELINES)
            assert abs(left - right) < 0.5, (home, left, right)
        page.close()


def test_the_chosen_code_tab_is_marked_in_windows_high_contrast(browser, reading_site):
    """High contrast drops the chosen tab's background and its coloured top line: it differed
    from the others by its bold label alone."""
    context = browser.new_context(forced_colors="active")
    page = context.new_page()
    page.goto(reading_site + "posts/a/")
    tabs = page.get_by_role("tab")
    page.get_by_role("tab", name="C++").click()
    top = "t => getComputedStyle(t).borderTopWidth"
    assert tabs.evaluate_all(f"tabs => tabs.map({top})") == ["1px", "3px"]
    context.close()


def test_the_menu_marks_the_current_page_by_more_than_colour(browser, tmp_path):
    """The menu's current item differed from the others by its colour alone, no brighter than
    theirs, and not at all in high contrast: it is underlined (in its text's colour: seen)."""
    site = Site(tmp_path / "blog")
    site.write("site.yaml", "languages:\n  en:\n    menu:\n" + MENU)
    site.post("a.md", "Notes", lang="en")
    assert site.build().written
    with serve(site.output) as root:
        for forced, scheme in (("none", "light"), ("none", "dark"), ("active", "dark")):
            context = browser.new_context(forced_colors=forced, color_scheme=scheme)
            page = context.new_page()
            page.goto(root + "archives/")
            _underlined_alone(page)
            context.close()


def _underlined_alone(page) -> None:
    """The menu's current link is underlined, and it alone."""
    lines = page.locator(".site-nav a").evaluate_all(
        "links => links.map(a => [a.getAttribute('aria-current'),"
        " getComputedStyle(a).textDecorationLine])")
    current = [line for line in lines if line[0] == "page"]
    assert len(current) == 1 and len(lines) > 1
    assert current[0][1] == "underline"
    assert all(line[1] == "none" for line in lines if line[0] is None)


def test_the_theme_button_says_which_mode_its_pressed_state_means(browser, reading_site):
    """"Toggle dark/light mode, pressed" did not tell a screen reader which mode was on: the
    button is named for the state it turns on, and pressed when that state is on."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(reading_site + "en/")
    button = page.get_by_role("button", name="Dark mode", exact=True)
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    context.close()


def test_the_reading_progress_bar_shows_in_windows_high_contrast(browser, reading_site):
    """High contrast paints every background in the page's colour: the bar of how far the
    reader has read was drawn in the colour of the page under it, and was not there at all."""
    for scheme in ("light", "dark"):
        context = browser.new_context(forced_colors="active", color_scheme=scheme,
                                      viewport={"width": 390, "height": 400})
        page = context.new_page()
        page.goto(reading_site + "posts/a/")
        page.mouse.wheel(0, 600)
        bar = page.locator(".reading-progress span")
        expect(bar).to_be_visible()
        page.wait_for_function("getComputedStyle(document.querySelector('.reading-progress'))"
                               ".getPropertyValue('--progress') > 0")
        colour = "e => getComputedStyle(e).backgroundColor"
        assert bar.evaluate(colour) != page.locator("body").evaluate(colour), scheme
        context.close()


def test_japanese_and_traditional_pages_ask_for_their_own_fonts_and_four_languages_fit(
        browser, tmp_path):
    """Han characters differ by language (骨, 述): a Japanese page drawn with Chinese fonts
    shows Chinese forms on a Mac or Windows. And a fourth language squeezed the phone's search
    box to 63 px, its placeholder cut in half."""
    site = Site(tmp_path / "blog")
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n  ja: {}\n  zh-Hant: {}\n")
    site.post("a.md", "骨", body="骨。")
    site.post("a.ja.md", "骨", body="骨です。")
    site.post("a.zh-Hant.md", "骨", body="骨頭。")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        for home, font in [("", "Noto Sans CJK SC"), ("ja/", "Noto Sans CJK JP"),
                           ("zh-Hant/", "Noto Sans CJK TC")]:
            page.goto(root + home)
            body = page.evaluate("() => { const s = getComputedStyle(document.body); "
                                 "return [s.fontFamily, s.lineHeight, s.fontSize]; }")
            assert font in body[0] and "CJK SC" not in body[0].replace(font, ""), (home, body)
            assert float(body[1][:-2]) == pytest.approx(1.85 * float(body[2][:-2])), body
            assert page.locator("#search-input").evaluate("e => e.offsetWidth") >= 120, home
        page.close()


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Seven posts two to a page (a pager with its arrows), the last long, with code blocks
    (copy buttons to reach by keyboard) all down it."""
    site = Site(tmp_path_factory.mktemp("long") / "blog")
    site.write("site.yaml", "paginate: 2\nlanguages:\n  zh: {}\n  en: {}\n")
    for day in range(1, 7):
        site.post(f"p{day}.md", f"第 {day} 篇", date=f"2024-05-0{day}", tags="[生成模型, VAE]",
                  categories="[机器学习, 强化学习]")
    site.post("long.md", "长文", date="2024-05-09", body="".join(
        f"第 {n} 段，讲窗口的左右端怎样移动。\n\n```python\nstep_{n} = {n}\n```\n\n"
        for n in range(30)))
    assert site.build().written
    with serve(site.output) as root:
        yield root


def test_the_pager_s_words_and_arrow_stay_in_their_box(browser, long_site):
    """"下一页 →" is its words and an arrow: the pager's grid set them one above the other, the
    arrow hanging below the button's border, at any size and in any theme."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(long_site + "page/2/")
    boxes = page.locator(".pager-step").evaluate_all(
        "links => links.map(a => [a.getBoundingClientRect().toJSON(), "
        "a.querySelector('span').getBoundingClientRect().toJSON()])")
    assert len(boxes) == 2
    for link, arrow in boxes:
        assert link["top"] <= arrow["top"] and arrow["bottom"] <= link["bottom"], (link, arrow)
    page.close()


@pytest.mark.parametrize("width, text, path", [(640, 32, ""), (320, 24, "posts/long/"),
                                               (320, 24, "posts/p3/")])
def test_a_readers_larger_text_never_makes_the_page_scroll_sideways(browser, long_site, width,
                                                                    text, path):
    """A reader who sets their browser's text to 24 or 32 px, zoomed to 200% or 400%: the
    header's tools stayed on one line (a breakpoint in px), the theme button off the screen,
    and the cards of the previous and next posts were 14rem wide, more than a phone's page."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": text, "fixed": text}})
    page.goto(long_site + path)
    assert page.evaluate("document.documentElement.scrollWidth") == width
    page.close()


def test_what_the_keyboard_reaches_is_never_under_the_floating_back_to_top_button(
        browser, long_site):
    """At 400% zoom the round back-to-top button floats over the page's bottom corner: a copy
    button reached with Tab sat under it, its focus ring hidden (WCAG 2.4.11)."""
    page = browser.new_page(viewport={"width": 320, "height": 360})
    page.goto(long_site + "posts/long/")
    hidden, reached = [], set()
    for _ in range(70):
        page.keyboard.press("Tab")
        found = page.evaluate("""() => {
          const e = document.activeElement, r = e.getBoundingClientRect();
          const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
          const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
          const top = document.elementFromPoint(x, y);
          return [e.className, !top || e.contains(top) || top.contains(e), top && top.className];
        }""")
        reached.add(found[0])
        if not found[1]:
            hidden.append(found)
    assert "code-copy" in reached and not hidden, hidden
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_reader_who_asks_for_more_contrast_gets_it_in_either_theme(browser, long_site,
                                                                     scheme):
    """`prefers-contrast: more` strengthened the light theme's lines only: the dark theme's
    selectors outweighed it, and its lines stayed at 1.4:1."""
    page = browser.new_page(color_scheme=scheme)
    page.emulate_media(contrast="more")
    page.goto(long_site)
    rule, control = page.evaluate("""() => {
      const style = getComputedStyle(document.documentElement);
      return [style.getPropertyValue('--rule').trim(), style.getPropertyValue('--control').trim()];
    }""")
    assert rule == control, (rule, control)
    page.close()


def test_a_categorys_row_is_a_link_only_where_its_words_are(browser, long_site):
    """The term cloud's chips were made all link; the categories page's rows are a list, and
    each row's empty right half and its children's indent became links too."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(long_site + "categories/")
    row = page.locator(".term-categories a").first.evaluate(
        "a => { const r = a.closest('li').getBoundingClientRect();"
        " const e = document.elementFromPoint(r.right - 5, r.top + 8); return e.tagName; }")
    assert row != "A"
    page.close()


HIGHLIGHTED = """
```python {linenos=true hl_lines="2"}
a = 1
b = 2
c = 3
```

```python {hl_lines="1"}
d = 4
e = 5
```
"""

# For each code block: the colours of its background and of its highlighted line's left edge,
# the width of that edge, how far it stands from the block's left, and where the text of the
# highlighted line and of a plain line starts.
HIGHLIGHT_MARK = """() => [...document.querySelectorAll(".content .code-block")].map(block => {
  const code = block.querySelector("code"), line = code.querySelector(".hll");
  const plain = code.querySelector(":scope > span:not(.linenos, .hll)");
  const marked = line.querySelector("span:not(.linenos)");
  const style = getComputedStyle(line);
  return [getComputedStyle(block).backgroundColor, style.borderLeftColor,
          style.borderLeftStyle === "solid" ? style.borderLeftWidth : "none",
          line.getBoundingClientRect().left - block.getBoundingClientRect().left,
          marked.getBoundingClientRect().left - plain.getBoundingClientRect().left];
})"""


def _gray_contrast(one: str, other: str) -> float:
    """The contrast of two computed `rgb(…)` colours once the page is turned gray, as an e-ink
    screen or a `filter: grayscale(1)` shows it."""
    def gray(rgb: str) -> str:
        red, green, blue = (float(n) for n in rgb[rgb.index("(") + 1:-1].split(",")[:3])
        return "#" + f"{round(.2126 * red + .7152 * green + .0722 * blue):02x}" * 3
    return contrast(gray(one), gray(other))


@pytest.mark.parametrize("scheme, forced", [("light", "none"), ("dark", "none"),
                                            ("light", "active")])
def test_a_highlighted_code_line_is_marked_by_more_than_its_colour(browser, tmp_path, scheme,
                                                                   forced):
    """A highlighted line (hl_lines) was marked by a band whose colour differs from the code's
    in hue alone: 1.0:1 in grayscale on the light theme (an e-ink reader saw no highlight), and
    dropped in Windows high contrast. A bar at the block's edge marks it, 3:1 at least in gray,
    and the line's text starts where the other lines' does, numbered or not."""
    site = Site(tmp_path / "blog")
    site.post("a.md", "A", body=HIGHLIGHTED)
    assert site.build().written
    with serve(site.output) as root:
        context = browser.new_context(color_scheme=scheme, forced_colors=forced)
        page = context.new_page()
        page.goto(root + "posts/a/")
        blocks = page.evaluate(HIGHLIGHT_MARK)
        assert len(blocks) == 2
        for background, edge, width, offset, shift in blocks:
            assert width == "3px" and offset == 1, blocks  # (inside the block's 1 px border)
            assert _gray_contrast(edge, background) >= 3, blocks
            assert shift == 0, blocks
        context.close()


# Where each part of a post with a contents sidebar begins and ends, left to right.
POST_PARTS = """() => Object.fromEntries([".content", ".post-nav", ".related", ".reading-progress"]
  .map(sel => { const r = document.querySelector(sel).getBoundingClientRect();
                return [sel, [Math.round(r.left), Math.round(r.right)]]; }))"""


@pytest.mark.parametrize("text", ["100%", "150%", "200%"])
def test_what_follows_a_post_stays_on_the_screen_when_the_reader_enlarges_the_text(
        browser, tmp_path, text):
    """At 1366 px, with the text enlarged by a reader's own stylesheet (html { font-size:
    200% }), the previous and next posts and the related ones began 357 px left of the screen,
    out of reach: their offset was worked out in the page's rem, the layout chosen in the
    browser's. They line up with the post's text column at any size; and the reading progress
    bar, caught by the same rule, runs across the whole window (it stopped at the column)."""
    site = Site(tmp_path / "blog")
    sections = "".join(f"## Part {n}\n\nText of part {n}.\n\n" for n in range(4))
    site.post("a.md", "Older", date="2024-05-01", tags="[dp]", body=sections, toc="true")
    site.post("b.md", "Middle", date="2024-05-02", tags="[dp]", body=sections, toc="true")
    site.post("c.md", "Newer", date="2024-05-03", tags="[dp]", body=sections, toc="true")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page(viewport={"width": 1366, "height": 800})
        page.goto(root + "posts/b/")
        page.add_style_tag(content=f"html {{ font-size: {text} }}")
        parts = page.evaluate(POST_PARTS)
        assert parts[".content"][0] >= 0, parts
        assert parts[".post-nav"] == parts[".related"] == parts[".content"], parts
        assert parts[".reading-progress"] == [0, 1366], parts
        assert page.evaluate("document.documentElement.scrollWidth") == 1366
        page.close()


CITED = """
@article{ho2020,
  title = {Denoising Diffusion Probabilistic Models},
  author = {Ho, Jonathan and Jain, Ajay and Abbeel, Pieter},
  year = {2020}
}
"""


def test_a_citation_is_told_from_the_text_around_it_by_more_than_its_colour(browser, tmp_path):
    """A citation's link, "(Ho et al., 2020)", was drawn without an underline until hovered:
    in grayscale (an e-ink screen, a reader who sees no colour) it was the paragraph's text.
    It is underlined as the post's other links are."""
    site = Site(tmp_path / "blog")
    site.write("refs.bib", CITED)
    site.write("site.yaml", "bibliography: refs.bib\nlanguages:\n  en: {}\n")
    site.post("a.md", "A", body="Diffusion models [@ho2020] and [a link](/posts/b/).\n")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + "posts/a/")
        lines = page.locator(".content p a").evaluate_all(
            "links => links.map(a => [a.textContent, getComputedStyle(a).textDecorationLine])")
        assert lines == [["Ho et al., 2020", "underline"], ["a link", "underline"]], lines
        page.close()


NEXT_FRAME = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
PROGRESS = ("getComputedStyle(document.querySelector('.reading-progress'))"
            ".getPropertyValue('--progress')")


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_the_reading_progress_bar_is_redrawn_only_when_it_moves_a_pixel(browser, tmp_path,
                                                                        motion):
    """The bar of how far the reader has read was set again for every pixel scrolled, on a long
    post a change of a fraction of a pixel, and painted each time: it is moved by the
    compositor (a layer of its own, no transition), whatever the reader's motion setting, and
    set when its end moves by a whole pixel."""
    site = Site(tmp_path / "blog")
    site.post("a.md", "A", body="A paragraph of text to scroll past.\n\n" * 400)
    assert site.build().written
    with serve(site.output) as root:
        context = browser.new_context(viewport={"width": 1366, "height": 800},
                                      reduced_motion=motion)
        page = context.new_page()
        page.goto(root + "posts/a/")
        bar = page.locator(".reading-progress span")
        assert bar.evaluate("b => [getComputedStyle(b).willChange,"
                            " getComputedStyle(b).transitionDuration]") == ["transform", "0s"]
        span = page.evaluate("document.querySelector('article.post').offsetHeight - innerHeight")
        assert span > 10_000
        page.evaluate(f"scrollTo(0, {span // 2})")
        page.evaluate(NEXT_FRAME)
        values = []
        for _ in range(40):
            page.evaluate("scrollBy(0, 1)")
            page.evaluate(NEXT_FRAME)
            values.append(page.evaluate(PROGRESS))
        changes = len([n for n in range(1, len(values)) if values[n] != values[n - 1]])
        assert changes <= 40 * 1366 / span + 1, (changes, span)
        read = page.evaluate("(() => { const box = document.querySelector('article.post')"
                             ".getBoundingClientRect();"
                             " return -box.top / (box.height - innerHeight); })()")
        assert abs(float(values[-1]) - read) <= 1 / 1366  # (right to a pixel)
        context.close()


GPU_TABLE = """
| 型号 | 显存 | FP16 算力 | 显存带宽 | 适合场景 | 参考价格（每小时） | 备注 |
|:---|:---:|---:|---:|:---|---:|:---|
| A100 80GB | 80 GB | 312 TFLOPS | 2.0 TB/s | 大模型预训练<br>多卡并行 | ¥15 | 支持 NVLink |
| RTX 4090 | 24 GB | 165 TFLOPS | 1.0 TB/s | 个人实验、LoRA 微调 | ¥3 | 消费级，无 NVLink |
| V100 | 32 GB | 125 TFLOPS | 0.9 TB/s | 老项目复现 | ¥5 | — |
"""
# The lines each of the words of a table's cells is drawn on ([word, lines], in order).
WORD_LINES = r"""() => [...document.querySelectorAll('.content td')].flatMap(cell => {
  const text = cell.firstChild, found = [];
  for (const word of text.data.matchAll(/[A-Za-z0-9]+|[\u4e00-\u9fff]+/g)) {
    const range = document.createRange();
    range.setStart(text, word.index); range.setEnd(text, word.index + word[0].length);
    found.push([word[0], new Set([...range.getClientRects()].map(r => Math.round(r.top))).size]);
  }
  return found;
})"""


@pytest.mark.parametrize("width", [390, 1366])
def test_a_wide_tables_cells_are_not_squeezed_to_a_word_or_two_on_a_phone(browser, tmp_path,
                                                                          width):
    """A 7-column table at 390 px, which scrolls anyway, had its Chinese cells one or two
    characters a line and "LoRA" split "LoR / A": a phrase of five characters is on one line,
    and no Latin word is broken, on a phone as on a desktop."""
    site = Site(tmp_path / "blog")
    site.post("a.md", "A", body=GPU_TABLE)
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page(viewport={"width": width, "height": 844})
        page.goto(root + "posts/a/")
        lines = dict(page.evaluate(WORD_LINES))
        assert (lines["老项目复现"], lines["LoRA"]) == (1, 1), str(lines)
        assert all(count == 1 for word, count in lines.items() if word.isascii()), lines
        page.close()


def test_hong_kong_pages_and_a_posts_own_traditional_words_ask_for_their_fonts(browser, tmp_path):
    """A zh-HK page asked for Taiwan's fonts only (PingFang TC), though Hong Kong's are on
    every Mac and in Noto; a `lang: zh-TW` post on a zh site was drawn in the page's
    Simplified fonts, its words marked zh-TW all the same."""
    site = Site(tmp_path / "blog")
    site.write("site.yaml", "languages:\n  zh: {}\n  zh-HK: {}\n")
    site.post("a.md", "骨", body="骨。")
    site.post("a.zh-HK.md", "骨", body="骨頭。")
    assert site.build().written
    font = "e => getComputedStyle(e).fontFamily"
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + "zh-HK/")
        assert page.locator("body").evaluate(font).startswith(
            '-apple-system, BlinkMacSystemFont, "Segoe UI", "Helvetica Neue", Arial, '
            '"PingFang HK", "Noto Sans CJK HK", "Source Han Sans HC"')
        page.close()
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    (site.root / "content/posts/a.zh-HK.md").unlink()
    site.post("tw.md", "骨頭", body="骨頭。", lang="zh-TW")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + "posts/tw/")
        assert "Noto Sans CJK SC" in page.locator("body").evaluate(font)
        for element in (".content", "#post-title"):
            assert '"PingFang TC", "Noto Sans CJK TC"' in page.locator(element).evaluate(font)
        page.goto(root)
        assert '"PingFang TC"' in page.locator(".card-title[lang=zh-TW]").evaluate(font)
        page.close()
