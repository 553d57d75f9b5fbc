"""Diagrams in a real browser: js/diagrams.js finds the ```mermaid boxes, loads Mermaid once, when
a diagram comes near the screen, gives it each diagram's source and the page's theme and fonts,
and shows the drawing above the source it folds; without JavaScript, or without Mermaid, the
source stays. Mermaid here is the test session's stand-in (conftest.py), published by the build
as the real one is: an SVG holding the source and the settings it was given."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import Site, messages, serve

FLOWCHART = "flowchart LR\n  A[数据加载] --> B{损失下降?}\n  B -->|是| C[保存模型]\n"
SEQUENCE = '%%{init: {"theme": "forest"}}%%\nsequenceDiagram\n  Alice->>Bob: 你好\n'
WIDE = "%% width 2000\nflowchart LR\n  A --> B --> C --> D --> E --> F --> G --> H\n"
ROOMY = "%% width 420\nflowchart LR\n  A --> B\n"
TIGHT = "%% width 500\nflowchart LR\n  A --> B --> C\n"
FILLER = "A paragraph to scroll past.\n\n" * 80


def fence(source: str) -> str:
    return f"```mermaid\n{source}```\n\n"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = Site(tmp_path_factory.mktemp("diagrams") / "blog")
    site.write("site.yaml", "base_url: https://example.org/blog/\n")
    site.post("two.md", "两张图", body="训练循环：\n\n" + fence(FLOWCHART) + "- 列表里：\n\n  "
              + fence(SEQUENCE).replace("\n", "\n  ").rstrip() + "\n")
    site.post("far.md", "远处的图", body="开头。\n\n" + FILLER + fence(FLOWCHART), lang="zh")
    site.post("wide.md", "宽图", body=fence(WIDE) + fence(ROOMY) + fence(TIGHT))
    site.post("bad.md", "读不懂的图", body=fence("bad diagram\n") + fence(FLOWCHART))
    result = site.build()
    assert result.written, messages(result)
    with serve(site.output, "/blog/") as root:
        yield root


def drawn(page, count: int) -> list[dict]:
    """Waits for `count` diagrams to be drawn (or given up on); what each box holds."""
    page.wait_for_function(f"document.querySelectorAll('.diagram[data-drawn]').length >= {count}")
    return page.evaluate("""() => [...document.querySelectorAll('.diagram')].map(box => {
      const svg = box.querySelector('.diagram-drawn > svg'), details = box.querySelector('details');
      const code = box.querySelector('pre code');
      return {drawnIn: box.dataset.drawn || null,
              svg: svg && {role: svg.getAttribute('role'), label: svg.getAttribute('aria-label'),
                           roledescription: svg.getAttribute('aria-roledescription'),
                           theme: svg.dataset.theme, text: svg.textContent,
                           backdrop: !svg.classList.contains('no-backdrop')},
              source: details && {open: details.open,
                                  summary: details.querySelector('summary').textContent,
                                  holdsCode: !!details.querySelector('.code-block')},
              codeShown: !!code && code.checkVisibility(),
              code: code && code.textContent};
    })""")


def mermaid_requests(page) -> list[str]:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith(".mjs") else None)
    return asked


def test_each_diagram_is_drawn_from_its_source_with_mermaid_loaded_once(blog, browser):
    page = browser.new_page(color_scheme="light")
    asked = mermaid_requests(page)
    page.goto(blog + "posts/two/")
    boxes = drawn(page, 2)
    assert [box["drawnIn"] for box in boxes] == ["default", "default"]
    assert [box["svg"]["text"] for box in boxes] == [FLOWCHART, SEQUENCE]  # (as written)
    for box in boxes:
        # one picture named for screen readers; the source kept, folded, under it
        assert box["svg"]["role"] == "img" and box["svg"]["label"] == "图表"
        assert box["svg"]["roledescription"] is None
        assert box["source"] == {"open": False, "summary": "图表源码", "holdsCode": True}
        assert not box["codeShown"]
    seen = page.evaluate("window.standInMermaid")
    assert seen["loads"] == 1
    assert [a.split("/blog/")[1] for a in asked] == [
        "mermaid/12.3.0/mermaid.esm.min.mjs",
        "mermaid/12.3.0/chunks/mermaid.esm.min/chunk-STANDIN.mjs"]
    settings = seen["settings"][0]
    assert settings["securityLevel"] == "strict" and settings["startOnLoad"] is False
    assert settings["layout"] == "dagre"
    # the page's own fonts, its Chinese ones among them
    assert "Noto Sans CJK SC" in settings["fontFamily"]
    assert settings["themeVariables"]["fontFamily"] == settings["fontFamily"]
    page.close()


def test_dark_pages_draw_dark_diagrams_and_the_toggle_draws_them_again(blog, browser):
    page = browser.new_page(color_scheme="dark")
    page.goto(blog + "posts/two/")
    boxes = drawn(page, 2)
    assert [box["svg"]["theme"] for box in boxes] == ["dark", "dark"]
    # (drawn in dark colours: no light backdrop behind them, as pictures for paper get)
    assert not any(box["svg"]["backdrop"] for box in boxes)
    page.click(".theme-toggle")  # dark -> light
    page.wait_for_function(
        "[...document.querySelectorAll('.diagram')].every(b => b.dataset.drawn === 'default')")
    boxes = drawn(page, 2)
    assert [box["svg"]["theme"] for box in boxes] == ["default", "default"]
    assert page.evaluate("document.querySelectorAll('.diagram details').length") == 2
    assert page.evaluate("window.standInMermaid.loads") == 1
    page.close()


def test_mermaid_is_not_loaded_until_a_diagram_comes_near(blog, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    asked = mermaid_requests(page)
    page.goto(blog + "posts/far/")
    page.wait_for_timeout(500)
    assert asked == [] and page.evaluate("window.standInMermaid") is None
    page.evaluate("document.querySelector('.diagram').scrollIntoView()")
    assert drawn(page, 1)[0]["drawnIn"] == "default"
    assert len(asked) == 2
    page.close()


def test_without_javascript_the_source_is_shown_as_it_was(blog, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(blog + "posts/two/")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.diagram')].map(box => ({
      svg: !!box.querySelector('svg'), details: !!box.querySelector('details'),
      shown: box.querySelector('pre code').checkVisibility(),
      code: box.querySelector('pre code').textContent}))""")
    assert boxes == [{"svg": False, "details": False, "shown": True, "code": FLOWCHART},
                     {"svg": False, "details": False, "shown": True, "code": SEQUENCE}]
    context.close()


@pytest.mark.parametrize("failure", ["404", "network error", "throws"])
def test_without_mermaid_the_source_stays(blog, browser, failure):
    from conftest import script_failures

    page = browser.new_page()
    page.route("**/mermaid.esm.min.mjs", script_failures("stand-in broken")[failure])
    page.goto(blog + "posts/two/")
    boxes = drawn(page, 2)
    assert all(box["drawnIn"] == "failed" and box["svg"] is None and box["source"] is None
               and box["codeShown"] for box in boxes), json.dumps(boxes, ensure_ascii=False)
    page.close()


def test_a_diagram_mermaid_cannot_read_keeps_its_source_and_the_others_are_drawn(blog, browser):
    page = browser.new_page()
    page.goto(blog + "posts/bad/")
    bad, good = drawn(page, 2)
    assert bad["drawnIn"] == "failed" and bad["svg"] is None and bad["codeShown"]
    assert good["drawnIn"] == "default" and good["svg"]["text"] == FLOWCHART
    page.close()


def test_a_wide_diagram_scrolls_in_its_box_on_a_phone_and_a_little_wide_one_fits(blog,
                                                                               browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(blog + "posts/wide/")
    drawn(page, 3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    boxes = page.evaluate("""() => [...document.querySelectorAll('.diagram-drawn')].map(d => ({
      scrolls: d.scrollWidth > d.clientWidth + 1, tabindex: d.getAttribute('tabindex'),
      role: d.getAttribute('role'), label: d.getAttribute('aria-label'),
      width: d.querySelector('svg').getBoundingClientRect().width, room: d.clientWidth}))""")
    wide, roomy, tight = boxes
    assert wide["scrolls"] and wide["width"] == 1500  # (three quarters of its 2000 px)
    assert (wide["tabindex"], wide["role"], wide["label"]) == ("0", "group", "图表，可左右滚动")
    # 420 px and 500 px in a 358 px column: drawn smaller (not below 70%), whole, with no
    # scroll bar (at 75%, the 500 px one would have scrolled by 17 px)
    for fits, width in ((roomy, 420), (tight, 500)):
        assert not fits["scrolls"] and fits["tabindex"] is None and fits["role"] is None
        assert fits["width"] == fits["room"] < width
    page.close()

