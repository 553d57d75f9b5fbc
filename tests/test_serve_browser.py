"""The live preview in a real browser (Debian's Chromium, headless): what a writer with the
preview open beside the editor sees when saving."""

from __future__ import annotations

import time

import pytest
from previews import start_preview

WAIT_MS = 20_000  # an upper bound for a shared machine; every wait ends when the page changes
LONG_BODY = "\n\n".join(f"Paragraph {n} of a long post." for n in range(120))


@pytest.fixture
def preview(site, tmp_path):
    site.write("site.yaml", "title: Live\nbase_url: https://someone.github.io/repo/\n")
    site.write("templates/partials/head_extra.html",
               '<link rel="stylesheet" href="{{ \'css/site.css\' | url }}">\n')
    site.write("static/css/site.css", "h1 { color: rgb(0, 0, 0); }\n")
    site.post("a.md", "Alpha", body="First version.\n\n" + LONG_BODY)
    site.post("b.md", "Beta", date="2024-01-01", body="Beta.\n")
    running = start_preview(site.root, tmp_path / "preview")
    yield running
    running.preview.stop()


@pytest.fixture
def page(browser, preview):
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.goto(preview.preview.url + "posts/a/")
    page.wait_for_function("document.querySelector('main').innerText.includes('First version.')")
    page.wait_for_load_state("load")
    yield page
    page.close()


def _mark(page) -> None:
    """A value that only survives as long as the page is not reloaded."""
    page.evaluate("window.notReloaded = true")


def test_an_edit_appears_in_the_open_page_at_the_same_scroll_position(site, page, preview):
    page.evaluate("window.scrollTo(0, 1500)")
    page.wait_for_function("window.scrollY === 1500")
    _mark(page)
    site.post("a.md", "Alpha", body="Second version.\n\n" + LONG_BODY)
    page.wait_for_function(
        "document.querySelector('main') && "
        "document.querySelector('main').innerText.includes('Second version.')", timeout=WAIT_MS)
    page.wait_for_load_state("load")
    assert page.evaluate("window.notReloaded") is None  # it was reloaded, by the preview
    page.wait_for_function("window.scrollY === 1500", timeout=WAIT_MS)
    # another post's new text changes listings, feeds and the search index, not this page
    _mark(page)
    site.post("b.md", "Beta", date="2024-01-01", body="Beta, rewritten.\n")
    deadline = time.monotonic() + WAIT_MS / 1000
    # (its build may also take in the end of the last one: "built content/posts/a.md, …b.md")
    while not any(" built " in line and "content/posts/b.md" in line for line in preview.lines):
        assert time.monotonic() < deadline, preview.lines
        time.sleep(0.02)
    page.wait_for_timeout(500)  # for the update to reach the page
    assert page.evaluate("window.notReloaded") is True


def test_a_css_change_is_swapped_in_without_a_reload(site, page):
    _mark(page)
    site.write("static/css/site.css", "h1 { color: rgb(200, 0, 0); }\n")
    page.wait_for_function("getComputedStyle(document.querySelector('h1')).color === "
                           "'rgb(200, 0, 0)'", timeout=WAIT_MS)
    assert page.evaluate("window.notReloaded") is True
    assert "__blogforge" not in (site.root / "static/css/site.css").read_text()


def test_a_broken_post_shows_the_overlay_until_it_is_fixed(site, page):
    site.write("content/posts/a.md", "---\ntitle: Alpha\ndate: [2024\n---\nBroken.\n")
    overlay = page.locator("blogforge-errors li")
    overlay.first.wait_for(timeout=WAIT_MS)
    assert overlay.first.inner_text().startswith("content/posts/a.md:")
    assert "First version." in page.inner_text("main")  # the last good page under it

    site.post("a.md", "Alpha", body="Fixed version.")
    page.wait_for_function(
        "document.querySelector('main') && "
        "document.querySelector('main').innerText.includes('Fixed version.')", timeout=WAIT_MS)
    assert page.locator("blogforge-errors").count() == 0


def test_a_search_used_in_an_open_tab_finds_what_a_later_save_added(site, page, preview):
    """search.js keeps the index it fetched for the page's life: the preview tells it when a
    build changed the index, or the tab went on searching the old one."""
    page.fill("#search-input", "zebrafish")
    page.wait_for_function("document.querySelector('#search-panel').innerText.includes("
                           "'zebrafish') && !document.querySelector('.search-hit')",
                           timeout=WAIT_MS)  # (nothing found, said with the words asked)
    _mark(page)
    site.post("b.md", "Beta", date="2024-01-01", body="Beta, now with a zebrafish.\n")
    deadline = time.monotonic() + WAIT_MS / 1000
    while not any(" built " in line and "content/posts/b.md" in line for line in preview.lines):
        assert time.monotonic() < deadline, preview.lines
        time.sleep(0.02)
    page.wait_for_timeout(500)  # for the update to reach the page
    page.fill("#search-input", "")
    page.fill("#search-input", "zebrafish")
    page.wait_for_function("document.querySelector('#search-panel').innerText.includes("
                           "'Beta')", timeout=WAIT_MS)
    assert page.evaluate("window.notReloaded") is True  # (the query typed is kept)


def _svg(fill: str) -> str:  # (of one size: the page, which names its size, stays the same)
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            f'<rect width="100%" height="100%" fill="{fill}"/></svg>\n')


def _built(preview, source: str) -> None:
    deadline = time.monotonic() + WAIT_MS / 1000
    while not any(" built " in line and source in line for line in preview.lines[-3:]):
        assert time.monotonic() < deadline, preview.lines
        time.sleep(0.02)


def test_a_changed_picture_is_swapped_in_and_no_tab_reloads(site, page, preview, browser):
    """A picture saved again (a figure re-exported) is fetched anew where it is shown; other
    tabs, and the one showing it, stay as they are (scroll, a search typed, a video playing)."""
    site.write("static/img/dot.svg", _svg("red"))
    site.post("a.md", "Alpha", body="First version.\n\n![dot](/img/dot.svg)\n\n" + LONG_BODY)
    page.wait_for_function("document.querySelector('main img') && "
                           "document.querySelector('main img').complete", timeout=WAIT_MS)
    page.wait_for_load_state("load")
    other = browser.new_page()
    other.goto(preview.preview.url + "posts/b/")
    other.wait_for_load_state("load")
    _mark(page)
    _mark(other)
    site.write("static/img/dot.svg", _svg("blue"))
    page.wait_for_function("/blogforge-reload=/.test(document.querySelector('main img').src)"
                           " && document.querySelector('main img').complete", timeout=WAIT_MS)
    shown = page.evaluate("fetch(document.querySelector('main img').src).then(r => r.text())")
    assert 'fill="blue"' in shown
    _built(preview, "static/img/dot.svg")
    page.wait_for_timeout(500)  # (a reload would have come by now)
    assert page.evaluate("window.notReloaded") is True
    assert other.evaluate("window.notReloaded") is True
    other.close()


def test_a_changed_script_reloads_the_tabs_that_run_it(site, page, preview):
    site.write("static/js/extra.js", "window.extraVersion = 1;\n")
    site.write("templates/partials/head_extra.html",
               '<link rel="stylesheet" href="{{ \'css/site.css\' | url }}">\n'
               '<script src="{{ \'js/extra.js\' | url }}"></script>\n')
    page.wait_for_function("window.extraVersion === 1", timeout=WAIT_MS)
    site.write("static/js/extra.js", "window.extraVersion = 2;\n")
    page.wait_for_function("window.extraVersion === 2", timeout=WAIT_MS)
