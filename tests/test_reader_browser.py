"""The reading aids in a real browser: copy a code block, switch a code tab, the contents box
folded on phones and open on desktops, a figure shown large."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LAYOUT_SHIFT, REPO, drawn_before, drawn_in_two_pieces, script_failures, serve
from playwright.sync_api import expect

from blogforge.markdown.highlight import contrast

BODY = """
## One

![A small diagram](d.png "The caption")

```python {group="sum" title="sum.py"}
def total(xs):
    return sum(xs)
```

```cpp {group="sum" linenos=true}
int total();
```

## Two

```text
""" + "a-long-line-" * 30 + """
```

""" + "A paragraph of text to scroll past.\n\n" * 40 + """
## Short

One line.

## Next

Another line.

## Three

""" + "More text.\n\n" * 40 + """
```python
""" + "".join(f"def step_{n}(x):\n    return x + {n}\n" for n in range(20)) + """```
"""


# What moved after it was drawn, of the header and the post (the code tabs, made by the
# script, move what follows them: not looked at here), once the page was read: what the
# scripts and stylesheets do to it. (A browser may also draw a page before its parser has
# read it all, and then what comes next moves what was drawn: on a busy test machine, mid-
# header; not something a page can rule out, nor what is looked for here.)
MOVED = """() => new Promise(resolve => {
  const moved = new Set();
  const read = performance.getEntriesByType("navigation")[0].domInteractive;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (e.startTime >= read) for (const s of e.sources) {
      const node = s.node && s.node.nodeType === 1 ? s.node : null;
      if (node && node.closest(".site-header")) moved.add("header: " + node.className);
      if (node && node.matches(".content")) moved.add("the post");
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve([...moved]), 300);
})"""


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\0" + b"\x80" * width
    data = zlib.compress(row * height)

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload)))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + \
        chunk(b"IEND", b"")


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 (its links start with /, so file:// URLs would not do)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def served(site) -> Iterator[str]:
    site.write("site.yaml", "languages:\n  zh: {}\n")
    site.write("content/posts/a/d.png", raw=png(40, 20))
    site.post("a/index.md", "A", body=BODY)
    # the example blog's footer: its links at the right, where the back-to-top button floats
    example = Path(__file__).resolve().parents[1]
    for part in ("templates/partials/footer.html", "templates/partials/head_extra.html",
                 "static/css/site.css"):
        site.write(part, (example / part).read_text(encoding="utf-8"))
    assert site.build().written
    with serving(site.output) as root:
        yield root + "posts/a/"


def test_copy_button_and_code_tabs(browser, served):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served)

    tabs = page.get_by_role("tab")
    assert tabs.all_inner_texts() == ["Python", "C++"]
    python_panel, cpp_panel = page.locator(".code-tabs .code-block").all()
    assert python_panel.is_visible() and not cpp_panel.is_visible()

    copy = python_panel.locator(".code-copy")
    expect(copy).to_have_accessible_name("复制代码")
    copy.click()
    expect(copy).to_have_text("已复制")  # the "copied" state, also its accessible name
    expect(copy).to_have_accessible_name("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == "def total(xs):\n    return sum(xs)\n"

    page.get_by_role("tab", name="C++").click()
    assert cpp_panel.is_visible() and not python_panel.is_visible()
    assert page.get_by_role("tab", name="C++").get_attribute("aria-selected") == "true"
    cpp_panel.locator(".code-copy").click()
    expect(cpp_panel.locator(".code-copy")).to_have_text("已复制")
    # line numbers are not copied
    assert page.evaluate("navigator.clipboard.readText()") == "int total();\n"

    # a heading's link copies the section's address, and says so in words: the address read
    # out was a Chinese heading's 150 characters of %E7%9B%B4…
    page.locator(".heading-anchor").first.click()
    live = page.locator("p[aria-live='polite']")
    expect(live).to_have_text("已复制本节链接")
    assert page.evaluate("navigator.clipboard.readText()").endswith("/posts/a/#" + page.locator(
        ".heading-anchor").first.get_attribute("href")[1:])

    page.get_by_role("tab", name="C++").press("ArrowLeft")  # keyboard moves between tabs
    assert python_panel.is_visible()
    # and the choice made with the keys is remembered as a click's is
    assert page.evaluate("localStorage.getItem('bf-code-tab')") == "Python"
    assert page.locator(".toc details").evaluate("d => d.open")  # open on a desktop
    page.locator("#three").evaluate("h => window.scrollTo(0, h.offsetTop - 10)")
    expect(page.locator(".toc a[href='#three']")).to_have_attribute("aria-current", "location")
    assert page.locator(".toc a[aria-current]").count() == 1  # the section being read
    # a short section reached from the contents is the one marked, though the next heading
    # is close below it
    page.locator(".toc a[href='#short']").click()
    expect(page.locator(".toc a[href='#short']")).to_have_attribute("aria-current", "location")
    assert page.locator(".toc a[aria-current]").count() == 1
    assert errors == []
    context.close()


def test_phone_first_screen_and_figure_zoom(browser, served):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served)
    assert not page.locator(".toc details").evaluate("d => d.open")  # folded on a phone
    # a block wider than the phone scrolls, so the keyboard can reach it; a narrow one cannot
    assert page.locator("pre", has_text="a-long-line-").get_attribute("tabindex") == "0"
    assert page.locator("pre", has_text="int total").get_attribute("tabindex") is None
    # and says what it is when the keyboard lands on it (it read as its whole text)
    expect(page.locator("pre", has_text="a-long-line-")).to_have_accessible_name(
        "代码，可左右滚动")
    page.locator(".figure-zoom").click()
    dialog = page.locator("dialog.zoom")
    assert dialog.evaluate("d => d.open")
    assert dialog.locator("img").get_attribute("alt") == "A small diagram"
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    page.close()


# The colours a reader sees in the figure zoom and, to hold them against, in the page behind
# it: its raised boxes (a callout's, a code button's) and the picture as the post shows it.
ZOOM_COLOURS = """figure => {
  const style = el => getComputedStyle(el), dialog = document.querySelector('dialog.zoom');
  const close = dialog.querySelector('.zoom-close');
  const probe = document.createElement('i');
  probe.style.background = 'var(--bg-raised)'; document.body.append(probe);
  return {frame: style(dialog).backgroundColor, raised: style(probe).backgroundColor,
          ink: style(document.body).color, closeInk: style(close).color,
          closeBackground: style(close).backgroundColor,
          caption: style(dialog.querySelector('.zoom-caption')).color,
          picture: style(dialog.querySelector('img')).backgroundColor,
          pictureInPost: style(figure.querySelector('img')).backgroundColor};
}"""


def _hex(rgb: str) -> str:
    """A computed `rgb(r, g, b)` as #rrggbb."""
    return "#" + "".join(f"{int(n):02x}" for n in rgb[rgb.index("(") + 1:-1].split(",")[:3])


@pytest.mark.parametrize(("system", "toggle", "dark"), [
    ("dark", None, True), ("light", "dark", True), ("light", None, False),
    ("dark", "light", False)])
@pytest.mark.parametrize("width", [390, 1366])
def test_a_figure_zoomed_in_dark_mode_is_drawn_dark(browser, site, system, toggle, dark,
                                                     width):
    """The figure zoom was a light frame (#f8fafc) with a white close button over the dark
    page, whether dark came from the system or the toggle: a glare on opening a picture. In
    dark mode it is framed as the page's raised boxes are, its close button reads at AA, and
    the picture has the backdrop the post gives it (a light one for lines drawn for paper,
    none for a `{.no-backdrop}` one drawn for dark); in light mode it is the light frame it
    was."""
    site.write("content/posts/a/d.png", raw=png(40, 20))
    site.post("a/index.md", "A", body='![A small diagram](d.png "Drawn for paper")\n\n'
              '![A dark diagram](d.png "Drawn for dark"){.no-backdrop}\n')
    assert site.build().written
    page = browser.new_page(viewport={"width": width, "height": 844}, color_scheme=system)
    if toggle:
        page.add_init_script(f"localStorage.setItem('bf-theme', '{toggle}')")
    with serving(site.output) as root:
        page.goto(root + "posts/a/")
        seen = []
        for figure in page.locator(".figure").all():
            figure.locator(".figure-zoom").click()
            expect(page.locator("dialog.zoom")).to_be_visible()
            seen.append(figure.evaluate(ZOOM_COLOURS))
            page.keyboard.press("Escape")
    page.close()
    assert len(seen) == 2
    for colours in seen:
        # the frame and the button are of the page's scheme: its ink reads on them (light on
        # dark, dark on light), and in dark mode the frame is the page's raised boxes'
        ink = _hex(colours["ink"])
        assert contrast(ink, _hex(colours["frame"])) >= 4.5, colours
        assert (colours["frame"] == colours["raised"]) == dark, colours
        assert contrast(ink, _hex(colours["closeBackground"])) >= 4.5, colours
        assert contrast(_hex(colours["closeInk"]), _hex(colours["closeBackground"])) >= 4.5, \
            colours
        assert contrast(_hex(colours["caption"]), _hex(colours["frame"])) >= 4.5, colours
        assert colours["picture"] == colours["pictureInPost"], colours
    # (and the post does give the two pictures different backdrops in dark mode)
    assert (seen[0]["pictureInPost"] != seen[1]["pictureInPost"]) == dark, seen


ZOOMED = """() => {
  const dialog = document.querySelector('dialog.zoom');
  const caption = dialog.querySelector('.zoom-caption'), box = caption.getBoundingClientRect();
  const picture = dialog.querySelector('img').getBoundingClientRect();
  return {words: caption.textContent, inPost: document.querySelector('figcaption').textContent,
          emphasis: caption.querySelector('em') && caption.querySelector('em').textContent,
          below: box.top >= picture.bottom, bottom: box.bottom, height: innerHeight,
          scrolls: dialog.scrollHeight > dialog.clientHeight,
          sameIds: document.querySelectorAll('#fnref1').length};
}"""


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900), (1366, 500)])
def test_a_figure_zoomed_shows_its_caption_under_the_picture_on_the_screen(browser, site, width,
                                                                           height):
    """The zoom showed the picture alone: it covers the post's caption on a desktop (on the
    example blog's LeetCode 76, "the left pointer stops at 9, the right at 12"), and what the
    picture is went with it. Its caption is under it, as the post writes it (emphasis, a
    footnote's mark), and a tall picture leaves it room on the screen, the dialog not
    scrolling; the copy's ids are dropped, an id twice in the page is an error."""
    site.write("content/posts/a/tall.png", raw=png(40, 400))
    site.post("a/index.md", "A", body='![A tall bar](tall.png "A *tall* picture[^1]")\n\n'
              "[^1]: Drawn for the test.\n")
    assert site.build().written
    page = browser.new_page(viewport={"width": width, "height": height})
    with serving(site.output) as root:
        page.goto(root + "posts/a/")
        page.locator(".figure-zoom").click()
        expect(page.locator("dialog.zoom")).to_be_visible()
        zoomed = page.evaluate(ZOOMED)
    page.close()
    assert zoomed["words"] == zoomed["inPost"] == "A tall picture[1]", zoomed
    assert zoomed["emphasis"] == "tall" and zoomed["below"], zoomed
    assert zoomed["bottom"] <= zoomed["height"] and not zoomed["scrolls"], zoomed
    assert zoomed["sameIds"] == 1, zoomed


# A post's pictures written as HTML: one drawn for each scheme in a <figure> with its caption,
# and one its writer linked somewhere.
RAW_PICTURES = """之前。

<figure>
<picture>
<source srcset="for-dark.png" media="(prefers-color-scheme: dark)">
<img src="for-light.png" alt="画给两种配色的图" width="40" height="20">
</picture>
<figcaption>图：<em>两种</em>配色</figcaption>
</figure>

<a href="../"><picture><img src="for-light.png" alt="链到别处的图"></picture></a>

<figure><picture><img src="for-light.png"></picture>
<figcaption>图：没有替代文字</figcaption></figure>
"""
RAW_ZOOMED = """() => {
  const dialog = document.querySelector('dialog.zoom'), big = dialog.querySelector('img');
  const inPost = document.querySelector('figure picture img');
  return {shown: big.src.split('/').pop(), chosen: inPost.currentSrc.split('/').pop(),
          alt: big.alt, name: dialog.getAttribute('aria-label'),
          caption: dialog.querySelector('.zoom-caption').innerHTML,
          close: dialog.querySelector('.zoom-close').getAttribute('aria-label'),
          backdrop: getComputedStyle(big).backgroundColor,
          backdropInPost: getComputedStyle(inPost).backgroundColor};
}"""


@pytest.mark.parametrize(("system", "toggle", "picture"), [
    ("light", None, "for-light.png"), ("dark", None, "for-dark.png"),
    ("light", "dark", "for-dark.png"), ("dark", "light", "for-light.png")])
def test_a_picture_written_as_html_opens_large_as_a_figure_does(browser, site, system, toggle,
                                                                 picture):
    """A `<picture>` written as HTML in a post (GitHub's way of a picture drawn for each
    scheme) did not open at all: the zoom was Markdown's figures' alone. It opens as they do,
    by click and by the keyboard, showing the picture of the reader's scheme (the toggle's
    choice, else the system's), without the light backdrop the post does not give it, with
    its figure's caption and the page's language's "close" (named by the caption when it has no
    alt text); a picture in a link of its writer's still goes there."""
    site.write("site.yaml", "languages:\n  zh: {}\n")
    for name in ("for-light.png", "for-dark.png"):
        site.write(f"content/posts/a/{name}", raw=png(40, 20))
    site.post("a/index.md", "A", body=RAW_PICTURES)
    assert site.build().written
    page = browser.new_page(color_scheme=system)
    if toggle:
        page.add_init_script(f"localStorage.setItem('bf-theme', '{toggle}')")
    with serving(site.output) as root:
        page.goto(root + "posts/a/")
        page.get_by_role("link", name="画给两种配色的图").click()
        expect(page.locator("dialog.zoom")).to_be_visible()
        clicked = page.evaluate(RAW_ZOOMED)
        page.keyboard.press("Escape")
        expect(page.locator("dialog.zoom")).to_be_hidden()
        page.get_by_role("link", name="画给两种配色的图").press("Enter")
        expect(page.locator("dialog.zoom")).to_be_visible()
        keyed = page.evaluate(RAW_ZOOMED)
        page.keyboard.press("Escape")
        linked = page.get_by_role("link", name="链到别处的图").get_attribute("href")
        # (a figure's picture without alt text: the link is named by its caption)
        page.get_by_role("link", name="图：没有替代文字").click()
        expect(page.get_by_role("dialog", name="图：没有替代文字")).to_be_visible()
    page.close()
    assert clicked == keyed
    assert clicked["shown"] == clicked["chosen"] == picture, clicked
    assert clicked["alt"] == clicked["name"] == "画给两种配色的图", clicked
    assert clicked["caption"] == "图：<em>两种</em>配色" and clicked["close"] == "关闭", clicked
    assert clicked["backdrop"] == clicked["backdropInPost"] == "rgba(0, 0, 0, 0)", clicked
    assert linked == "../"


@pytest.mark.parametrize("system", ["light", "dark"])
def test_a_picture_written_as_html_links_to_the_scheme_chosen_after_the_page_loaded(browser,
                                                                                     site, system):
    """The zoom's link of a picture drawn for each scheme kept the picture shown when the page
    loaded: after the reader toggled the scheme, opening it in a new tab (or copying it) gave
    the other scheme's picture, though the zoom itself showed the one on the page. The link
    follows the picture shown, each way."""
    site.write("site.yaml", "languages:\n  zh: {}\n")
    for name in ("for-light.png", "for-dark.png"):
        site.write(f"content/posts/a/{name}", raw=png(40, 20))
    site.post("a/index.md", "A", body=RAW_PICTURES)
    assert site.build().written
    other = {"light": "dark", "dark": "light"}
    page = browser.new_page(color_scheme=system)
    with serving(site.output) as root:
        page.goto(root + "posts/a/")
        link = page.get_by_role("link", name="画给两种配色的图")
        expect(link).to_have_attribute("href", re.compile(f"for-{system}.png$"))
        for scheme in (other[system], system):
            page.locator(".theme-toggle").click()
            expect(link).to_have_attribute("href", re.compile(f"for-{scheme}.png$"))
            link.click()
            assert page.locator("dialog.zoom img").get_attribute("src").endswith(
                f"for-{scheme}.png")
            page.keyboard.press("Escape")
    page.close()


def test_a_figure_written_as_html_takes_the_width_a_markdown_figure_takes(browser, site):
    """A `<figure>` written as HTML (GitHub's pictures, WordPress's imported posts) kept the
    browser's own 40 px margins at each side: on a phone its picture and caption were squeezed
    into 80 px less than a Markdown figure beside it has. It spans the text's width as that one
    does, on a phone and a desktop."""
    site.write("site.yaml", "languages:\n  zh: {}\n")
    site.write("content/posts/a/wide.png", raw=png(1200, 300))
    site.post("a/index.md", "A", body='![宽图](wide.png "图 1：Markdown 写的图")\n\n'
              '<figure><img src="wide.png" alt="宽图"><figcaption>图 2：HTML 写的图，'
              '说明文字比较长，在手机上要折行</figcaption></figure>\n')
    assert site.build().written
    with serving(site.output) as root:
        for width, height in ((390, 844), (1366, 900)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(root + "posts/a/")
            boxes = page.evaluate("""() => [...document.querySelectorAll('.content figure')].map(
                f => [f, f.querySelector('img')].map(e => {
                  const box = e.getBoundingClientRect();
                  return [Math.round(box.left), Math.round(box.width)]; }))""")
            page.close()
            assert boxes[0] == boxes[1], (width, boxes)


# A figure as the post shows it and as the zoom does, with the zoomed picture's box.
ZOOM_SIZES = """figure => {
  const dialog = document.querySelector('dialog.zoom'), big = dialog.querySelector('img');
  const zoomed = big.getBoundingClientRect(), box = big.parentElement;
  const close = dialog.querySelector('.zoom-close'), button = close.getBoundingClientRect();
  return {inPost: figure.querySelector('img').getBoundingClientRect().width,
          closeOnTop: document.elementFromPoint(button.x + button.width / 2,
                                                button.y + button.height / 2) === close,
          zoomed: zoomed.width, top: zoomed.top,
          captionBottom: dialog.querySelector('.zoom-caption').getBoundingClientRect().bottom,
          pans: box.scrollWidth > box.clientWidth + 1, tabindex: box.getAttribute('tabindex'),
          more: box.getAttribute('data-more'), fade: getComputedStyle(box).maskImage,
          screen: [innerWidth, innerHeight], page: document.documentElement.scrollWidth};
}"""


def test_a_figure_zoomed_on_a_phone_is_larger_than_in_the_post(browser, site):
    """On a phone held upright the zoom showed a picture no larger than the post does: the
    example blog's LeetCode 76 diagram (600 px wide) at 358 px, smaller than its 366 in the
    post. There it is shown at its own size, as tall as the screen leaves room for with its
    caption, at least the screen's width: one wider than the screen is panned sideways in its
    box, a tab stop fading on the side it goes on, as a wide table is. A desktop fits it whole,
    as it did."""
    site.write("site.yaml", "languages:\n  zh: {}\n")
    for name, size in {"wide": (600, 190), "small": (320, 180), "photo": (1600, 1200)}.items():
        site.write(f"content/posts/a/{name}.png", raw=png(*size))
    site.post("a/index.md", "A", body="".join(f'![{name}]({name}.png "图：{name}")\n\n'
                                              for name in ("wide", "small", "photo")))
    assert site.build().written
    with serving(site.output) as root:
        zoomed = {}
        for width, height in ((390, 844), (1366, 900)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(root + "posts/a/")
            for name, figure in zip(("wide", "small", "photo"), page.locator(".figure").all(),
                                    strict=True):
                figure.locator(".figure-zoom").click()
                expect(page.locator("dialog.zoom")).to_be_visible()
                zoomed[width, name] = figure.evaluate(ZOOM_SIZES)
                if name == "wide" and width == 390:
                    box = page.locator("dialog.zoom img").locator("xpath=..")
                    box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
                    expect(box).to_have_attribute("data-more", "start")
                page.keyboard.press("Escape")
            page.close()
    for (width, name), seen in zoomed.items():
        screen_width, screen_height = seen["screen"]
        # the picture and its caption on the screen from top to bottom, the page not widened,
        # the close button over the picture
        assert seen["top"] >= 0 and seen["captionBottom"] <= screen_height, (width, name, seen)
        assert seen["closeOnTop"], (width, name, seen)
        assert seen["page"] <= screen_width, (width, name, seen)
        if width == 1366:  # (fitted whole, at most 92% of the screen's width, as before)
            assert seen["zoomed"] == min(0.92 * 1366, 70 * 16), (name, seen)
            assert not seen["pans"] and seen["tabindex"] is None, (name, seen)
            continue
        assert seen["zoomed"] > seen["inPost"], (name, seen)
        assert seen["zoomed"] >= screen_width, (name, seen)
        if name == "small":
            assert not seen["pans"] and seen["tabindex"] is None, seen
        else:
            assert seen["pans"] and seen["tabindex"] == "0", (name, seen)
            assert seen["more"] == "end" and "linear-gradient" in seen["fade"], (name, seen)
    assert zoomed[390, "wide"]["zoomed"] == 600  # (its own size)

@pytest.mark.parametrize("width", [390, 600, 900, 1366])
def test_back_to_top_floats_only_in_a_margin_beside_the_post(browser, served, width):
    """The round back-to-top button floated over the post's right edge on a window with no
    margin beside the post, where an equation's number stands ("(2)" under it at 600 px on
    the example's DDPM post). It floats in the margin where there is one, clear of the post and
    its contents sidebar, and leaves the footer's links free at the end of the page; in a
    narrower window it is the link at the post's end, as without JavaScript."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(served)
    page.evaluate("window.scrollTo(0, 2000)")
    back = page.locator(".back-to-top")
    floating = back.evaluate("b => getComputedStyle(b).position") == "fixed"
    assert floating == (width >= 900)
    post = page.locator(".content, .toc").evaluate_all(
        "parts => Math.max(...parts.map(p => p.getBoundingClientRect().right))")
    if not floating:
        expect(back).to_have_text("↑ 回到顶部")
        assert back.evaluate("b => b.getBoundingClientRect().top") > page.locator(
            ".content").evaluate("c => c.getBoundingClientRect().bottom")
        page.close()
        return
    expect(back).to_be_visible()
    assert back.evaluate("b => b.getBoundingClientRect().left") > post
    # at the end of the page it leaves the footer's links free (above it, wherever a site's
    # footer puts them: the example's are at the right)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    button_top = back.evaluate("b => b.getBoundingClientRect().top")
    lowest = page.evaluate("""() => Math.max(...[...document.querySelectorAll('.site-footer a')]
      .map(a => a.getBoundingClientRect().bottom))""")
    assert lowest < button_top
    page.close()


def test_comments_load_only_when_scrolled_to_in_the_page_theme(browser, site):
    site.write("site.yaml", "languages:\n  zh: {}\ncomments:\n  provider: giscus\n"
               "  repo: me/blog\n  repo_id: R_1\n  category: Comments\n  category_id: C_1\n")
    site.post("a.md", "A", body="text\n\n" * 200)
    assert site.build().written
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    requested: list[str] = []
    context.route("**/*", lambda route: (requested.append(route.request.url), route.abort())
                  if "giscus.app" in route.request.url else route.continue_())
    page = context.new_page()
    with serving(site.output) as root:
        page.goto(root + "posts/a/")
        page.wait_for_timeout(300)
        assert page.locator("script[src*='giscus']").count() == 0 and requested == []
        page.locator("#comments").scroll_into_view_if_needed()
        script = page.locator("script[src='https://giscus.app/client.js']")
        expect(script).to_have_count(1)
        assert script.get_attribute("data-theme") == "dark"  # follows the page's scheme
        assert script.get_attribute("data-lang") == "zh-CN"
        assert script.get_attribute("data-repo") == "me/blog"
    context.close()


COMMENT_SYSTEMS = {  # provider -> its settings, the host its script comes from
    "waline": ("server_url: https://comments.example.org", "unpkg.com"),
    "twikoo": ("env_id: https://twikoo.example.org", "cdn.jsdelivr.net"),
    "giscus": ("repo: me/blog\n  repo_id: R_1\n  category: C\n  category_id: C_1", "giscus.app"),
}


@pytest.mark.parametrize(("provider", "lang", "said"), [
    ("waline", "zh", "评论加载失败"), ("twikoo", "en", "Comments could not be loaded"),
    ("giscus", "zh", "评论加载失败")])
def test_a_comment_script_that_cannot_be_had_is_said_in_the_page_language(browser, site,
                                                                         provider, lang, said):
    """Waline from unpkg.com and Twikoo from cdn.jsdelivr.net are often out of reach from
    mainland China: readers saw an empty "评论" heading, and the page threw an uncaught error.
    They read a line saying so; the site's writer reads in the console which setting to use."""
    settings, host = COMMENT_SYSTEMS[provider]
    site.write("site.yaml", f"languages:\n  zh: {{}}\n  en: {{}}\ncomments:\n  provider: "
               f"{provider}\n  {settings}\n")
    site.post("a.md", "A", lang=lang)
    assert site.build().written
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.route(f"**://{host}/**", lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    warnings: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    with serving(site.output) as root:
        page.goto(root + ("en/" if lang == "en" else "") + "posts/a/")
        page.locator("#comments").scroll_into_view_if_needed()
        expect(page.locator("#comments .comments-failed")).to_contain_text(said)
        assert errors == []
        assert any("could not be loaded" in w and "script_url" in w for w in warnings), warnings
    context.close()


def test_the_language_labels_sit_level_in_their_switch(browser, example_site):
    """中文 and English in one pill: a Chinese label's fallback font has a taller line box,
    which set the two 5 px apart."""
    with serve(example_site, "/repo/") as root:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(root)
        centres = page.evaluate("""() => [...document.querySelectorAll(
          '.lang-switch a, .lang-switch .lang-current')].map(e => {
            const range = document.createRange(); range.selectNodeContents(e);
            const r = range.getBoundingClientRect(); return r.top + r.height / 2; })""")
        page.close()
    assert len(centres) == 2 and abs(centres[0] - centres[1]) < 1, centres


def test_nothing_moves_once_drawn_on_a_tablet(browser, served):
    """The contents box opens on screens from 48rem, above the post (no sidebar yet at this
    width), and the theme toggle joins the header: both before the page is first drawn, or
    the post and the header's tools jump (147 px and 46 px, found by a bug hunt)."""
    page = browser.new_page(viewport={"width": 900, "height": 900})
    page.goto(served)
    assert page.locator(".toc details").evaluate("d => d.open")
    assert page.evaluate(MOVED) == []
    page.close()


@pytest.mark.parametrize("width", [390, 900])
def test_the_header_has_the_search_box_s_room_before_the_script_shows_it(browser, served,
                                                                         width):
    """A script shows the header's search box; a page drawn before it ran, or before the
    header's tools were read at all (as on a busy machine: the parser stops to draw), had
    the tools arrive after the first paint, moving the site's title (a flaky layout-shift
    test found it). Their room is kept, and the title stands where it will stay."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(served)
    where = """() => [...document.querySelectorAll(
      '.site-header, .site-header a, .site-header button')].map(
      e => JSON.stringify(e.getBoundingClientRect()))"""
    title = "JSON.stringify(document.querySelector('.site-title').getBoundingClientRect())"
    shown, title_shown = page.evaluate(where), page.evaluate(title)
    page.evaluate("document.getElementById('search-box').hidden = true")  # as first drawn
    assert page.evaluate(where) == shown
    page.evaluate("document.querySelector('.header-tools').style.display = 'none'")  # not read
    assert page.evaluate(title) == title_shown
    page.close()


# Where each element of the header not hidden is drawn, and the header itself (its bottom line):
# kept (as `drawn`) at the first paint, and said again once the page is read, if it moved or
# was hidden. Their widths aside: the menu's box stretches to the tools, drawing nothing.
DRAWN = """() => {
  window.where = e => { const r = e.getBoundingClientRect(); return `${r.x},${r.y} h${r.height}`; };
  window.drawn = [...document.querySelectorAll('.site-header, .site-header *')]
    .filter(e => e.checkVisibility({visibilityProperty: true})).map(e => [e, where(e)]);
}"""
MOVED_SINCE_DRAWN = """() => window.drawn.filter(([e, drawn]) =>
  !e.checkVisibility({visibilityProperty: true}) || where(e) !== drawn).map(([e, drawn]) =>
  `${e.localName}.${e.className}: ${drawn} -> ${where(e)}`)"""
MENU = "[{name: %s, url: archives/}, {name: %s, url: categories/}, {name: %s, url: tags/}, " \
       "{name: %s, url: series/}, {name: %s, url: about/}]"
LANGUAGES = {
    "zh": "  zh: {title: 星际笔记, menu: %s}\n" % (MENU % ("归档", "分类", "标签", "系列", "关于")),
    "en": "  en: {title: Star Notes, menu: %s}\n" % (
        MENU % ("Archives", "Categories", "Tags", "Series", "About")),
}


def _page_of_a_site_in(browser, site, languages: list[str], width: int, height: int):
    """A new browser page of this size, for a built site of a post in each of these languages
    (Chinese first)."""
    site.write("site.yaml", "languages:\n" + "".join(LANGUAGES[code] for code in languages))
    site.post("a.md", "甲", lang="zh")
    if "en" in languages:
        site.post("a.en.md", "A", lang="en")
    assert site.build().written
    return browser.new_page(viewport={"width": width, "height": height})


@pytest.mark.parametrize("width", [390, 900, 1366])
@pytest.mark.parametrize(("languages", "page_path", "cut"), [
    (["zh"], "", '<button class="theme-toggle"'),
    (["zh", "en"], "", '<nav class="lang-switch"'),
    (["zh", "en"], "en/", '<button class="theme-toggle"'),
])
def test_nothing_drawn_in_the_header_moves_when_the_rest_of_its_tools_comes(
        browser, site, width, languages, page_path, cut):
    """A slow device, or a page arriving in two pieces, draws the page when its parser has read
    the header's first tools but not those after them: right-aligned, those drawn slid left
    when the rest came (46 px for the theme toggle, about 190 px for the language switch),
    or the header grew. What the reader sees at the first paint stays where it is."""
    page = _page_of_a_site_in(browser, site, languages, width, 900)
    with drawn_in_two_pieces(page, site.output, page_path, cut):
        page.evaluate(DRAWN)
        drawn = page.evaluate("window.drawn.map(([e]) => e.className)")
    assert "site-title" in drawn  # (something was drawn to stay: the title, the menu)
    assert page.evaluate(MOVED_SINCE_DRAWN) == []
    assert page.evaluate(LAYOUT_SHIFT) == 0
    shown = page.locator(".header-tools > *").evaluate_all(
        "tools => tools.filter(t => t.checkVisibility({visibilityProperty: true}))"
        ".map(t => t.classList[0])")
    assert shown == ["search-box", *(["lang-switch"] if "en" in languages else []), "theme-toggle"]
    page.close()


# The rows the header's tools take (their distinct middles), and the header's height below them.
TOOL_ROWS = """() => {
  const tools = [...document.querySelectorAll('.header-tools > *')]
    .filter(e => e.checkVisibility({visibilityProperty: true}))
    .map(e => e.getBoundingClientRect());
  return {rows: new Set(tools.map(r => Math.round(r.top + r.height / 2))).size,
          below: document.querySelector('.site-header').getBoundingClientRect().bottom
            - Math.max(...tools.map(r => r.bottom))};
}"""


@pytest.mark.parametrize(("width", "languages", "page_path", "cut"), [
    (320, ["zh", "en"], "", '<nav class="lang-switch"'),
    (320, ["zh", "en"], "en/", '<button class="theme-toggle"'),
    (320, ["zh", "en"], "", '<div class="header-tools"'),
    (390, ["zh"], "", '<div class="header-tools"'),
    (390, ["zh", "en"], "en/", '<div class="header-tools"'),
])
def test_a_phone_s_header_is_drawn_as_tall_as_it_stays(browser, site, width, languages,
                                                       page_path, cut):
    """A phone gives the header's tools a row under the title and menu. A page drawn before
    they were read, or before a two-language site's switch and the theme toggle were, grew
    by a row when they came (42 px; at 320 px the toggle had a third row to itself): the
    tools' row is there from the first paint, and holds them all, and no row stays empty."""
    page = _page_of_a_site_in(browser, site, languages, width, 700)
    with drawn_in_two_pieces(page, site.output, page_path, cut):
        page.evaluate(DRAWN)
    assert page.evaluate(MOVED_SINCE_DRAWN) == []
    assert page.evaluate(LAYOUT_SHIFT) == 0
    tools = page.evaluate(TOOL_ROWS)
    assert tools["rows"] == 1
    # (below the tools, the header's padding and its bottom line alone: no row kept empty)
    assert tools["below"] == pytest.approx(0.9 * 16 + 1, abs=0.5)
    page.close()


def test_a_site_s_own_frame_with_its_main_in_a_box_shows_the_header_s_tools(browser, site):
    """The tools are shown once the page's <main> has been read: a site's own base.html (a
    copy of the theme's, with a sidebar beside the main part) has it elsewhere than beside
    the header, and showed no tools."""
    theme_frame = (REPO / "src/blogforge/theme/templates/base.html").read_text(encoding="utf-8")
    site.write("templates/base.html", theme_frame.replace(
        "<main ", '<div class="layout"><main ').replace("</main>", "</main><aside></aside></div>"))
    site.write("site.yaml", "languages:\n" + LANGUAGES["zh"] + LANGUAGES["en"])
    site.post("a.md", "甲", lang="zh")
    assert site.build().written
    page = browser.new_page(viewport={"width": 900, "height": 900})
    with serve(site.output) as root:
        page.goto(root)
        expect(page.locator(".lang-switch")).to_be_visible()
        expect(page.locator(".search-box")).to_be_visible()
    page.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_code_tabs_are_drawn_as_tabs_before_the_script_comes(browser, served, width):
    """The tab list and the first block alone, from the first paint: made by js/reader.js
    after it, the tabs pushed the block down and the blocks it hid pulled up all that followed
    (CLS 0.02 on a phone and 0.16 on a desktop with the tabs in sight, found by Lighthouse)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    block, tabs = page.locator(".code-tabs .code-block").first, page.locator(".code-tab")
    shown = "tabs => tabs.map(t => t.offsetWidth > 0 && t.textContent)"
    with drawn_before(page, served, "**/js/reader.js*"):
        drawn = block.bounding_box(), tabs.evaluate_all(shown)
    page.locator(".code-tabs.is-tabbed").wait_for(state="attached")
    assert page.evaluate(LAYOUT_SHIFT) < 0.001
    assert drawn == (block.bounding_box(), ["Python", "C++"])
    assert tabs.evaluate_all(shown) == ["Python", "C++"]
    page.close()


def test_without_javascript_the_blocks_of_a_group_are_stacked(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served)
    shown = page.locator(".code-tabs .code-block").evaluate_all(
        "blocks => blocks.map(b => b.offsetHeight > 0)")
    assert shown == [True, True]
    assert not page.locator(".code-tablist").is_visible()  # no tabs that do nothing
    context.close()


# js/reader.js not to be had, or broken
READER_FAILS = script_failures("broken before the tabs")
SHOWN = "nodes => nodes.map(n => n.offsetHeight > 0)"


@pytest.mark.parametrize("failure", READER_FAILS)
@pytest.mark.parametrize("width", [390, 1366])
def test_when_the_reader_script_fails_every_fence_of_a_group_is_shown(browser, served,
                                                                       failure, width):
    """Drawn as tabs from the first paint, a group whose script never came showed its first
    fence alone under buttons that did nothing: the other languages' code was out of reach.
    It is stacked again, as without JavaScript; the header's tools keep their room."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/js/reader.js*", READER_FAILS[failure])
    page.goto(served)  # (a deferred script has run or failed before the page's load event)
    page.wait_for_timeout(100)
    assert page.locator(".code-tabs .code-block").evaluate_all(SHOWN) == [True, True]
    assert not page.locator(".code-tablist").is_visible()  # no tabs that do nothing
    assert page.locator(".theme-toggle").is_visible()  # (its own script came)
    page.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_with_the_reader_script_a_group_shows_tabs_over_one_fence(browser, served, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(served)
    page.locator(".code-tabs.is-tabbed").wait_for(state="attached")
    page.wait_for_timeout(100)
    assert page.locator(".code-tabs .code-block").evaluate_all(SHOWN) == [True, False]
    assert page.locator(".code-tab").evaluate_all(SHOWN) == [True, True]
    page.close()


TOKEN_COLOUR = "getComputedStyle(document.querySelector('.highlight .k')).color"


def test_a_printed_post_shows_all_its_code_in_the_light_colours(browser, served):
    """Paper does not scroll, unfold or switch tabs, and is white whatever the screen's
    theme: every tab, every line of a folded block, long lines wrapped, light colours."""
    light = browser.new_page(viewport={"width": 800, "height": 900}, color_scheme="light")
    light.goto(served)
    on_light_screen = light.evaluate(TOKEN_COLOUR)
    light.close()
    page = browser.new_page(viewport={"width": 800, "height": 900}, color_scheme="dark")
    page.add_init_script("localStorage.setItem('bf-theme', 'dark')")
    page.goto(served)
    assert page.evaluate(TOKEN_COLOUR) != on_light_screen  # (dark on the screen)
    assert page.locator(".code-foldable.is-folded").count() == 1
    page.emulate_media(media="print")
    assert page.evaluate(TOKEN_COLOUR) == on_light_screen
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    shown = page.locator(".code-tabs .code-block").evaluate_all(
        "blocks => blocks.map(b => b.offsetHeight > 0)")
    assert shown == [True, True]
    assert page.locator(".code-foldable pre").evaluate("p => p.scrollHeight <= p.clientHeight")
    long = page.locator("pre", has_text="a-long-line-")
    assert long.evaluate("p => p.scrollWidth <= p.clientWidth")
    # and none of the screen's controls: no floating button over the text
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.locator(".back-to-top").evaluate("b => getComputedStyle(b).display") == "none"
    page.close()


def test_two_solutions_in_one_language_get_tabs_that_tell_them_apart(browser, site):
    site.write("site.yaml", "languages:\n  zh: {}\n")
    site.post("a.md", "A", body='```python {group="two"}\nbrute = 1\n```\n\n'
                                '```python {group="two"}\nfast = 1\n```\n')
    assert site.build().written
    with serving(site.output) as root:
        page = browser.new_page()
        page.goto(root + "posts/a/")
        assert page.get_by_role("tab").all_inner_texts() == ["Python 1", "Python 2"]
        page.get_by_role("tab", name="Python 2").click()
        assert page.locator(".code-block", has_text="fast = 1").is_visible()
        page.close()


def test_a_formula_wider_than_a_phone_fades_on_the_side_it_goes_on(browser, site, real_katex,
                                                                   monkeypatch):
    """It scrolls, and without a box around it nothing showed it was cut at the screen's edge."""
    wide = " + ".join(f"x_{{{n}}}^2" for n in range(40))
    site.write("site.yaml", "languages:\n  zh: {}\n")
    site.post("a.md", "A", body=f"宽：\n\n$$\n{wide}\n$$\n\n窄：\n\n$$\na + b\n$$\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(real_katex))  # drawn as readers see it
    assert site.build().written
    page = browser.new_page(viewport={"width": 390, "height": 844})
    with serving(site.output) as root:
        page.goto(root + "posts/a/")
        wide_one, narrow = page.locator(".math-display").all()
        assert narrow.get_attribute("data-more") == "" and narrow.evaluate(FADE) == "none"
        _fades_where_it_goes(wide_one, page)
    page.close()


FADE = "e => getComputedStyle(e).maskImage"


def _fades_where_it_goes(wide, page) -> None:
    """`wide` (a box wider than the screen) fades at its end, at both sides scrolled a third
    across, at its start scrolled to its end; not while it has the keyboard's focus (the ring
    is drawn outside: nothing masks it then)."""
    expect(wide).to_have_attribute("data-more", "end")
    assert "linear-gradient" in wide.evaluate(FADE)
    for scrolled, more in [("e.scrollWidth / 3", "start end"), ("e.scrollWidth", "start")]:
        wide.evaluate(f"e => {{ e.scrollLeft = {scrolled}; }}")
        expect(wide).to_have_attribute("data-more", more)
    wide.focus()
    page.keyboard.press("ArrowLeft")
    assert wide.evaluate(FADE) == "none"


WIDE_TABLE = ("| 格式 | 符号 | 指数 | 尾数 | 最大值 | 最小正规格化数 | 机器精度 |\n"
              "| --- | --- | --- | --- | --- | --- | --- |\n"
              "| FP16 | 1 | 5 | 10 | 65504 | 6.10e-5 | 9.77e-4 |\n")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_table_wider_than_a_phone_fades_on_the_side_it_goes_on(browser, site, scheme):
    """The example blog's 7-column table of number formats was cut at a phone's edge after its
    fourth column with nothing to show there was more: it fades there as a wide formula does,
    on the side or sides it scrolls to, and is a tab stop; without JavaScript it still scrolls,
    whole and unfaded."""
    site.write("site.yaml", "languages:\n  zh: {}\n")
    site.post("a.md", "A",
              body=f"宽表：\n\n{WIDE_TABLE}\n窄表：\n\n| T | p |\n| - | - |\n| 1 | 0.5 |\n")
    assert site.build().written
    with serving(site.output) as root:
        page = browser.new_page(viewport={"width": 390, "height": 844}, color_scheme=scheme)
        page.goto(root + "posts/a/")
        wide, narrow = page.locator(".content table").all()
        assert narrow.evaluate(FADE) == "none" and narrow.get_attribute("tabindex") is None
        assert wide.get_attribute("tabindex") == "0"
        _fades_where_it_goes(wide, page)
        page.close()
        context = browser.new_context(viewport={"width": 390, "height": 844},
                                      color_scheme=scheme, java_script_enabled=False)
        page = context.new_page()
        page.goto(root + "posts/a/")
        wide = page.locator(".content table").first
        assert wide.evaluate("e => e.scrollWidth > e.clientWidth") and wide.evaluate(FADE) == "none"
        context.close()


# A screen reader's column headers of each table, and whether each cell of its first row is
# drawn as the row's headers are.
HEADERS = """() => [...document.querySelectorAll('.content table')].map(table => {
  const first = [...table.rows[0].cells].map(c => getComputedStyle(c).backgroundColor);
  return {names: [...table.querySelectorAll('th, [role=columnheader]')].map(
            th => th.textContent.trim()),
          corner: table.rows[0].cells[0].tagName, columns: table.rows[1].cells.length,
          shaded: first.every(colour => colour === first[first.length - 1])};
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_tables_empty_corner_is_no_column_header(browser, site, scheme):
    """The example blog's comparisons leave the corner empty (`| | FP16 | BF16 |`: the first
    column names the rows), and that empty `<th>` headed the column with nothing (axe's
    "empty-table-header"). The corner is a plain cell, still drawn as the header row is, its
    column still there; a header cell with words stays one."""
    site.post("a.md", "A", body="| | FP16 | BF16 |\n| --- | --- | --- |\n| 范围 | 窄 | 宽 |\n\n"
                                "| 方法 | 时间 |\n| :-: | --- |\n| 双指针 | $O(n)$ |\n")
    assert site.build().written
    with serving(site.output) as root:
        page = browser.new_page(color_scheme=scheme)
        page.goto(root + "posts/a/")
        tables = page.evaluate(HEADERS)
        page.close()
    assert [table["names"] for table in tables] == [["FP16", "BF16"], ["方法", "时间"]], tables
    assert [table["corner"] for table in tables] == ["TD", "TH"], tables
    assert [table["columns"] for table in tables] == [3, 2], tables
    assert all(table["shaded"] for table in tables), tables


def test_a_task_lists_boxes_are_named_by_their_tasks(browser, site):
    """A task list's boxes (`- [x] 读完论文`) had no name: a screen reader said "checkbox,
    checked" and nothing of the task, and axe called each an unlabelled form field (the example
    blog's LoRA checklist: five). Each is named by its task's words, formulas and links kept."""
    site.post("a.md", "A", body="- [x] 读完 **论文**，看 [附录](../)\n- [ ] 复现 $r = 8$\n")
    assert site.build().written
    with serving(site.output) as root:
        page = browser.new_page()
        page.goto(root + "posts/a/")
        expect(page.get_by_role("checkbox")).to_have_count(2)
        expect(page.get_by_role("checkbox", name="读完 论文，看 附录", exact=True)).to_be_checked()
        expect(page.get_by_role("checkbox", name="复现")).not_to_be_checked()
        expect(page.get_by_role("link", name="附录")).to_have_attribute("href", "../")
        page.close()


GO_FUNC = "func f() {\n\tif x {\n\t\tg()\n\t}\n}\n"


def test_line_numbers_leave_tab_stops_and_the_highlighted_band_whole(browser, site):
    """Inline line numbers moved the tab stops: gofmt's one-tab line after "1" looked indented
    by a character, after "98" by four. A highlighted line's band stopped at the visible width
    of a block scrolled sideways."""
    long_line = "x = " + "argument, " * 40
    site.post("a.md", "A", body=f"```go {{linenos=true}}\n{GO_FUNC}```\n\n"
                                f"```go {{linenos=true linenostart=98}}\n{GO_FUNC}```\n\n"
                                f"```go\n{GO_FUNC}```\n\n```python {{linenos=true "
                                f"hl_lines=[2]}}\na = 1\n{long_line}\n```\n")
    assert site.build().written
    with serving(site.output) as root:
        page = browser.new_page(viewport={"width": 390, "height": 900})
        page.goto(root + "posts/a/")
        # each block: how far its one-tab and two-tab lines start right of its unindented one
        indents = page.evaluate("""() => [...document.querySelectorAll('.code-block pre')]
            .slice(0, 3).map(pre => {
              const starts = [...pre.querySelectorAll('.nx, .kd, .k')].map(
                s => s.getBoundingClientRect().left);
              return [starts[2] - starts[0], starts[4] - starts[0]].map(Math.round); })""")
        assert indents[0] == indents[1] == indents[2], indents
        band, scroll = page.evaluate("""() => { const hll = document.querySelector('.hll');
            return [hll.getBoundingClientRect().width, hll.closest('pre').scrollWidth]; }""")
        assert band > 0.9 * scroll, (band, scroll)


WIDE_INLINE = (r"$\mathcal{L}_{\text{total}} = \left(\sum_{i=1}^{N}\lambda_i\,\mathbb{E}_{x\sim "
               r"p_{\text{data}}}\big[\log D_\phi(x)\big]+\mathbb{E}_{z\sim p(z)}\big[\log(1-"
               r"D_\phi(G_\theta(z)))\big]+\lambda_1\lVert\theta\rVert_1+\lambda_2\lVert"
               r"\theta\rVert_2^2+\lambda_3\lVert\phi\rVert_2^2\right)$")


def test_a_wide_inline_formula_scrolls_in_its_box_not_the_page(browser, site, real_katex,
                                                                monkeypatch):
    """A `\\left(…\\right)` formula in a paragraph cannot break: on a phone the post page and
    the home page (its card shows it) scrolled sideways."""
    site.write("site.yaml", "languages:\n  zh: {}\n")
    site.post("a.md", "A", body=f"行内长公式：{WIDE_INLINE} 结束，短的 $x^2$ 不动。\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(real_katex))  # drawn as readers see it
    assert site.build().written
    with serving(site.output) as root:
        page = browser.new_page(viewport={"width": 390, "height": 900})
        for path in ("posts/a/", ""):
            page.goto(root + path)
            width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
            assert width[0] <= width[1], (path, width)
        page.goto(root + "posts/a/")
        marked = page.evaluate("""() => [...document.querySelectorAll('.content .katex')].map(
            k => [k.classList.contains('math-inline-wide'), k.scrollWidth > k.clientWidth,
                  k.getAttribute('tabindex')])""")
        assert marked == [[True, True, "0"], [False, False, None]], marked
        # a tab stop that says what it is (a screen reader landed on it as on nothing)
        expect(page.locator(".content .katex.math-inline-wide")).to_have_accessible_name(
            "公式，可左右滚动")


SESSIONS = """
```console
$ pip install torch
Collecting torch
  Downloading torch-2.5.0.whl
$ python train.py \\
    --epochs 3
epoch 1: loss 0.52

# apt-get install -y git
$ cat > notes.txt <<EOF
> first line
> EOF
$ git commit -m "two
> lines"
> not a continuation: output
```

```pycon {hl_lines=3 linenos=true}
>>> def square(x):
...     return x * x
...
>>> square(3)
9
>>> 1 / 0
Traceback (most recent call last):
  File "<stdin>", line 1, in <module>
ZeroDivisionError: division by zero
```

```bash
$HOME/bin/run --fast
echo done
```
"""


def copied(page, block) -> str:
    """What the copy button of `block` puts on the clipboard."""
    block.locator(".code-copy").click()
    expect(block.locator(".code-copy")).to_have_text("Copied")
    text = page.evaluate("navigator.clipboard.readText()")
    page.evaluate("navigator.clipboard.writeText('')")
    return text


def test_a_terminal_session_copies_its_commands_without_prompts_or_output(browser, site):
    site.write("site.yaml", "languages:\n  en: {}\n")
    site.post("a.md", "A", body=SESSIONS)
    assert site.build().written
    with serving(site.output) as root:
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(root + "posts/a/")
        console, pycon, bash = page.locator(".code-block").all()
        # a command continued with a backslash is copied whole, its next line too
        assert copied(page, console) == ("pip install torch\n"
                                         "python train.py \\\n    --epochs 3\n"
                                         "apt-get install -y git\n"
                                         # lines after the shell's "> " prompt go with their
                                         # command (a here-document, a quote still open)
                                         "cat > notes.txt <<EOF\nfirst line\nEOF\n"
                                         'git commit -m "two\nlines"\n')
        # a Python session: the statements, "..." lines as the REPL wants them, no traceback
        assert copied(page, pycon) == "def square(x):\n    return x * x\n\nsquare(3)\n1 / 0\n"
        # a script has no prompts: copied as written, its "$" kept
        assert copied(page, bash) == "$HOME/bin/run --fast\necho done\n"
        context.close()


LABELLED = """
```java {group="sum"}
int total() { return 0; }
```

```python {group="sum"}
total = 0
```

```JSON
{"a": 1}
```

```text
plain words
```

```output
42
```

```
no language
```
"""


@pytest.mark.parametrize(("lang", "text", "output"), [("zh", "文本", "输出"),
                                                      ("en", "Text", "Output")])
def test_a_code_label_reads_as_its_tab_does_cased_as_the_language_is(browser, site, lang,
                                                                      text, output):
    site.write("site.yaml", f"languages:\n  {lang}: {{}}\n")
    site.post("a.md", "A", body=LABELLED)
    assert site.build().written
    with serving(site.output) as root:
        page = browser.new_page()
        page.goto(root + "posts/a/")
        assert page.get_by_role("tab").all_inner_texts() == ["Java", "Python"]
        # what a reader sees (innerText is cased as the page's CSS shows it): the language's
        # own name, as its tab has it; plain text and output in the page's language
        labels = ["".join(block.locator(".code-label").all_inner_texts())
                  for block in page.locator(".code-block").all()]
        assert labels == ["Java", "Python", "JSON", text, output, ""]
        page.close()


def contest(groups: int) -> str:
    """A weekly contest's solutions: a group per question, its C++ longer than its Python."""
    question = ('```python {{group="q{n}"}}\nclass Solution:\n    pass\n```\n\n'
                '```cpp {{group="q{n}"}}\n' + "// a line of C++\n" * 12 + '```\n\n')
    text = "A paragraph of text to scroll past.\n\n" * 6
    return "".join(f"## Q{n}\n\n{text}{question.format(n=n)}" for n in range(1, groups + 1)) \
        + text * 4


@pytest.mark.parametrize("width", [390, 1366])
def test_a_tab_switched_in_every_group_stays_where_the_reader_tapped_it(browser, site, width):
    """A reader on C++ taps "Python" in the last question: the groups above switch too, and
    shorter, pulled the tapped tab up the screen (119 px on a phone), the place lost. The
    page keeps it where the finger is; the keys between tabs do the same."""
    site.write("site.yaml", "languages:\n  zh: {}\n")
    site.post("a.md", "A", body=contest(4))
    assert site.build().written
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.add_init_script("localStorage.setItem('bf-code-tab', 'C++')")
    with serving(site.output) as root:
        page.goto(root + "posts/a/")
        page.locator(".code-tabs.is-tabbed").first.wait_for(state="attached")
        last = page.locator(".code-tabs").last
        last.evaluate("g => window.scrollTo(0, g.getBoundingClientRect().top + scrollY - 400)")
        python, cpp = last.get_by_role("tab", name="Python"), last.get_by_role("tab", name="C++")
        top = python.bounding_box()["y"]
        python.click()
        assert page.locator(".code-block", has_text="// a line").first.is_hidden()  # (all switch)
        assert python.bounding_box()["y"] == pytest.approx(top, abs=1)
        python.press("ArrowRight")
        assert page.locator(".code-block", has_text="// a line").first.is_visible()
        assert cpp.bounding_box()["y"] == pytest.approx(top, abs=1)
        assert cpp.evaluate("t => t === document.activeElement")
    page.close()


TAB_LOOK = """tabs => tabs.map(t => { const s = getComputedStyle(t);
  return [t.textContent, s.fontWeight, s.boxShadow, s.backgroundColor].join(" "); })"""


@pytest.mark.parametrize("width", [390, 1366])
def test_a_reader_s_saved_tab_is_drawn_from_the_first_paint(browser, site, width):
    """A reader on C++ saw each group's first tab (Python, shorter) until js/reader.js came
    and chose C++: what followed moved down, on every page, on a slow network. The saved tab
    is shown from the first paint, as the script will show it; a group without it shows its
    first tab."""
    site.write("site.yaml", "languages:\n  zh: {}\n")
    site.post("a.md", "A", body=contest(2) + (
        '```python {group="other"}\nx = 1\n```\n\n'
        '```java {group="other"}\n' + "int x = 1;\n" * 6 + '```\n\n' + "Text.\n\n" * 20))
    assert site.build().written
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.add_init_script("localStorage.setItem('bf-code-tab', 'C++')")
    blocks, tabs = page.locator(".code-tabs > .code-block"), page.locator(".code-tab")
    tops = "bs => bs.map(b => b.getBoundingClientRect().top)"
    with serving(site.output) as root:
        with drawn_before(page, root + "posts/a/", "**/js/reader.js*"):
            drawn = blocks.evaluate_all(SHOWN), blocks.evaluate_all(tops), \
                tabs.evaluate_all(TAB_LOOK)
        page.locator(".code-tabs.is-tabbed").first.wait_for(state="attached")
        assert drawn[0] == [False, True, False, True, True, False]  # (no C++: its first tab)
        assert page.evaluate(LAYOUT_SHIFT) < 0.001
        assert drawn == (blocks.evaluate_all(SHOWN), blocks.evaluate_all(tops),
                         tabs.evaluate_all(TAB_LOOK))
    page.close()


# Each word of the first paragraph: on how many lines it is drawn; and whether the page
# scrolls sideways.
WORD_LINES = """() => {
  const text = document.querySelector('.content p').firstChild, range = document.createRange();
  const lines = [];
  for (const found of text.data.matchAll(/\\S+/g)) {
    range.setStart(text, found.index); range.setEnd(text, found.index + found[0].length);
    lines.push([found[0], new Set([...range.getClientRects()].map(r => Math.round(r.top))).size]);
  }
  const root = document.documentElement;
  return {lines, sideways: root.scrollWidth > root.clientWidth};
}"""


def test_korean_lines_break_between_words_on_a_phone(browser, site):
    """Korean is written with spaces between words: at 390 px a line broke inside 사용합|니다;
    a long address in it still breaks rather than widen the page."""
    site.write("site.yaml", "title: 공부\nbase_url: https://u.github.io/\nlanguages: {ko: {}}\n")
    site.post("ko.md", "어텐션", lang="ko", body=(
        "오늘은 트랜스포머의 어텐션 메커니즘에 대해 한국어로 써 보겠습니다. 어텐션은 시퀀스의 "
        "한 위치를 처리할 때 다른 위치의 정보를 내용에 따라 참조하는 방법입니다. 셀프 "
        "어텐션에서는 쿼리, 키, 밸류의 세 행렬을 사용합니다. 계산량은 시퀀스 길이의 제곱에 "
        "비례하므로 긴 문장에서는 주의가 필요합니다.\n\n"
        "https://example.com/a/very/long/address/that/has/no/space/in/it/at/all/만/있습니다\n"))
    assert site.build().written
    page = browser.new_page(viewport={"width": 390, "height": 800})
    try:
        with serve(site.output) as root:
            page.goto(root + "posts/ko/")
            seen = page.evaluate(WORD_LINES)
    finally:
        page.close()
    assert [word for word, lines in seen["lines"] if lines > 1] == []
    assert not seen["sideways"]


LINK_CARDS = """() => [...document.querySelectorAll('.link-card')].map(card => {
  const style = getComputedStyle(card), box = card.getBoundingClientRect();
  return {border: style.borderTopStyle, background: style.backgroundColor,
          underline: style.textDecorationLine, inside: box.right <= innerWidth,
          kind: card.className};
})"""


@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1366, "dark")])
def test_video_links_are_cards_in_light_and_dark(browser, site, width, scheme):
    """`{{< youtube >}}` and `{{< bilibili >}}` made `.link-card` links the theme drew as any
    link in the text: a reader did not see a video was there."""
    site.write("site.yaml", "base_url: https://u.github.io/\nlanguages: {zh: {}}\n")
    site.post("v.md", "视频", body=(
        "先看视频：\n\n{{< youtube dQw4w9WgXcQ >}}\n\n"
        '{{< bilibili id="BV1GJ411x7h7" title="注意力机制论文精读（带中文字幕的长标题）" >}}\n'))
    assert site.build().written
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        with serve(site.output) as root:
            page.goto(root + "posts/v/")
            cards = page.evaluate(LINK_CARDS)
            raised = page.evaluate("""() => { const probe = document.createElement('i');
              probe.style.background = 'var(--bg-raised)'; document.body.append(probe);
              return getComputedStyle(probe).backgroundColor; }""")
            sideways = page.evaluate("document.documentElement.scrollWidth > innerWidth")
    finally:
        page.close()
    assert [card["kind"] for card in cards] == ["link-card link-card-youtube",
                                                 "link-card link-card-bilibili"]
    for card in cards:
        assert card["border"] == "solid" and card["background"] == raised, card
        assert card["underline"] == "none" and card["inside"], card
    assert not sideways


@pytest.mark.parametrize(("width", "scheme"), [(1366, "light"), (1366, "dark"), (390, "light"),
                                                (390, "dark")])
def test_chirpys_picture_classes_float_align_and_shade(browser, site, width, scheme):
    # Chirpy's `{: .left }`, `{: .right }`, `{: .normal }`, `{: .shadow }`: its theme floated
    # the picture beside the text, kept it to the left, shaded it; they had no style here
    site.write("content/posts/a/p.png", raw=png(400, 240))
    site.write("content/posts/a/index.md", "---\ntitle: A\ndate: 2024-05-01\n---\n"
               "![left](p.png){: w=\"200\" .left }\n" + "文字环绕在图片旁边。" * 12 + "\n\n"
               "![right](p.png){: w=\"200\" .right }\nText beside the picture. " * 1 + "\n\n"
               "![normal](p.png){: w=\"200\" .normal }\n_Caption_\n\n"
               "![shadow](p.png){: w=\"200\" .shadow }\n_Shaded_\n")
    assert site.build().written
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    with serving(site.output) as root:
        page.goto(root + "posts/a/")
        box = page.evaluate("""() => Object.fromEntries(
          [...document.querySelectorAll('.content img')].map(img => {
            const r = img.getBoundingClientRect(), p = img.closest('p, figure');
            const range = document.createRange();
            range.selectNodeContents(p.lastChild);
            const text = range.getBoundingClientRect();
            return [img.alt, {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              textLeft: text.left, textRight: text.right, textTop: text.top,
              content: document.querySelector('.content').getBoundingClientRect().left,
              shadow: getComputedStyle(img).boxShadow}];
          }))""")
    page.close()
    left, right = box["left"], box["right"]
    if width > 1000:  # beside the text: the text's first line level with the picture
        assert left["textLeft"] >= left["right"] and left["textTop"] < left["bottom"]
        assert right["textRight"] <= right["left"] and right["textTop"] < right["bottom"]
    else:  # a phone's column is too narrow to share: the text comes below
        assert left["textTop"] >= left["bottom"] and right["textTop"] >= right["bottom"]
    assert box["normal"]["left"] == pytest.approx(box["normal"]["content"], abs=1)
    assert box["shadow"]["shadow"] != "none" and box["left"]["shadow"] == "none"
