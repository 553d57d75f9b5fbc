"""Listing pages of a long-lived blog in a real browser: what a reader on a phone can reach."""

from __future__ import annotations

import pytest
from conftest import serve

# Every page-number link of the pager and the page itself: where they sit on the screen.
PAGER_BOXES = """() => {
  const width = document.documentElement.clientWidth;
  const items = [...document.querySelectorAll('nav.pager li, nav.pager .pager-step')];
  return {width, scrollWidth: document.documentElement.scrollWidth,
          items: items.map(el => { const r = el.getBoundingClientRect();
                                   return [el.textContent.trim(), r.left, r.right]; })};
}"""


@pytest.mark.parametrize("width", [390, 320])
def test_a_middle_page_of_many_shows_every_page_link_on_a_phone(browser, site, width):
    """Page 8 of 15 shows 1 … 6 7 8 9 10 … 15: nine boxes that made a row wider than a phone,
    with page 1 pushed off the left edge, where no scrolling reaches it."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\npaginate: 2\n"
                            "languages: {zh: {}}\n")
    for i in range(30):
        site.post(f"p{i:02d}.md", f"第 {i} 篇", date=f"2024-01-{i + 1:02d}")
    assert site.build().written
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        with serve(site.output, "/repo/") as root:
            page.goto(root + "page/8/")
            seen = page.evaluate(PAGER_BOXES)
    finally:
        page.close()
    texts = [text for text, _, _ in seen["items"]]
    assert texts == ["← 上一页", "1", "…", "6", "7", "8", "9", "10", "…", "15", "下一页 →"]
    assert seen["scrollWidth"] <= seen["width"], "the page scrolls sideways"
    outside = [text for text, left, right in seen["items"] if left < 0 or right > seen["width"]]
    assert not outside, f"off the screen at {width} px: {outside}"


def test_a_cards_code_chip_is_never_broken_across_lines(browser, site):
    """`[代码]` at a line's end on a phone showed "[代" there and "码]" on the next line."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\npaginate: 40\n"
                            "languages: {zh: {}}\n")
    for i in range(24):  # (prose of every length: one of them ends a line inside the chip)
        site.post(f"p{i:02d}.md", f"第 {i} 篇", date=f"2024-01-{i + 1:02d}",
                  body="解" * (i + 8) + "\n\n```python\nx = 1\n```\n\n后文。\n")
    assert site.build().written
    page = browser.new_page(viewport={"width": 390, "height": 800})
    try:
        with serve(site.output, "/repo/") as root:
            page.goto(root)
            rows = page.evaluate("""() => [...document.querySelectorAll('.excerpt-placeholder')]
                .map(chip => chip.getClientRects().length)""")
    finally:
        page.close()
    assert len(rows) == 24 and set(rows) == {1}, rows


# The font list each element of a zh+ja site's Japanese home page is drawn with.
FONTS = """() => Object.fromEntries([['title', '.site-title'], ['menu', '.site-nav a'],
    ['date', '.card-meta time'], ['japanese', '.excerpt:not([lang])'],
    ['chinese', '.excerpt[lang]']]
  .map(([name, selector]) =>
    [name, getComputedStyle(document.querySelector(selector)).fontFamily]))"""


def test_each_language_on_a_page_is_drawn_in_its_own_fonts(browser, site):
    """A Chinese card on a Japanese page drew 骨述令 in the Japanese fonts it inherited, and
    the Japanese title, menu and dates (monospaced) were drawn in Simplified Chinese forms."""
    site.write("site.yaml", "title: 学习笔记\nbase_url: https://u.github.io/\nlanguages:\n"
                            "  zh: {}\n  ja: {menu: [{name: アーカイブ, url: archives/}]}\n")
    site.post("zh.md", "你好", date="2025-01-01", body="骨述令，这是中文。")
    site.post("ja.md", "注意機構", date="2025-11-02", lang="ja", body="今日は日本語で書く。骨述令")
    assert site.build().written
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    try:
        with serve(site.output) as root:
            page.goto(root + "ja/")
            fonts = page.evaluate(FONTS)
    finally:
        page.close()
    for name in ("title", "menu", "date"):
        assert '"Noto Sans Mono CJK JP"' in fonts[name] and "CJK SC" not in fonts[name], name
    assert '"Noto Sans CJK JP"' in fonts["japanese"] and "CJK SC" not in fonts["japanese"]
    assert '"Noto Sans CJK SC"' in fonts["chinese"] and "CJK JP" not in fonts["chinese"]
