"""Dark mode reaches everything: the browser's own parts (scrollbars) and figures drawn for
white paper, whether dark comes from the system or from the theme toggle."""

from __future__ import annotations

import pytest
from conftest import serve

FIGURE = (b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
          b'<path d="M0 20 H120" stroke="black"/></svg>')

STYLE = """() => ({
  scheme: getComputedStyle(document.documentElement).colorScheme,
  figure: getComputedStyle(document.querySelector('.content img:not(.no-backdrop)'))
    .backgroundColor,
  optOut: getComputedStyle(document.querySelector('.content img.no-backdrop')).backgroundColor,
  icon: getComputedStyle(document.querySelector('.callout-icon')).backgroundColor,
})"""


@pytest.fixture(scope="module")
def figure_site(tmp_path_factory):
    from conftest import Site

    blog = Site(tmp_path_factory.mktemp("figures") / "blog")
    blog.write("content/posts/plot/figure.svg", raw=FIGURE)
    blog.write("content/posts/plot/index.md", "---\ntitle: Plot\ndate: 2024-05-01\n---\n"
               "![a line](figure.svg)\n\n![kept as drawn](figure.svg){.no-backdrop}\n\n"
               "> [!TIP]\n> A tip.\n")
    assert blog.build().written
    return blog.output


@pytest.mark.parametrize(("system", "toggle", "dark"), [
    ("light", None, False), ("dark", None, True), ("light", "dark", True),
    ("dark", "light", False)])
def test_figures_and_scrollbars_follow_the_theme(figure_site, browser, system, toggle, dark):
    with serve(figure_site) as url:
        page = browser.new_page(color_scheme=system)
        if toggle:
            page.add_init_script(f"localStorage.setItem('bf-theme', '{toggle}')")
        page.goto(url + "posts/plot/")
        style = page.evaluate(STYLE)
        page.close()
    # without a choice the browser follows the system ("light dark"); a choice pins it
    assert style["scheme"] == (toggle or "light dark")
    light_backdrop = style["figure"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert light_backdrop == dark
    assert style["optOut"] == "rgba(0, 0, 0, 0)"
    assert style["icon"] == "rgba(0, 0, 0, 0)"  # a callout's icon is not a figure
