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
