"""Dark mode reaches everything: the browser's own parts (scrollbars) and figures drawn for
white paper, whether dark comes from the system or from the theme toggle."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import serve
from playwright.sync_api import expect

FIGURE = (b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
          b'<path d="M0 20 H120" stroke="black"/></svg>')

STYLE = """() => ({
  scheme: getComputedStyle(document.documentElement).colorScheme,
  figure: getComputedStyle(document.querySelector('.content img:not(.no-backdrop)'))
    .backgroundColor,
  optOut: getComputedStyle(document.querySelector('.content img.no-backdrop')).backgroundColor,
  icon: getComputedStyle(document.querySelector('.callout-icon')).backgroundColor,
  formula: getComputedStyle(document.querySelector('.katex svg')).backgroundColor,
})"""


@pytest.fixture(scope="module")
def figure_site(tmp_path_factory):
    from conftest import Site

    blog = Site(tmp_path_factory.mktemp("figures") / "blog")
    blog.write("content/posts/plot/figure.svg", raw=FIGURE)
    blog.write("content/posts/plot/index.md", "---\ntitle: Plot\ndate: 2024-05-01\n---\n"
               "![a line](figure.svg)\n\n![kept as drawn](figure.svg){.no-backdrop}\n\n"
               "> [!TIP]\n> A tip.\n\n$\\sqrt{x}$\n")
    assert blog.build().written
    return blog.output


def _reader(browser, system: str, toggle: str | None):
    """A page of a reader whose system is in `system`'s scheme and whose saved choice (the
    theme toggle's) is `toggle`, if any."""
    page = browser.new_page(color_scheme=system)
    if toggle:
        page.add_init_script(f"localStorage.setItem('bf-theme', '{toggle}')")
    return page


@pytest.mark.parametrize(("system", "toggle", "dark"), [
    ("light", None, False), ("dark", None, True), ("light", "dark", True),
    ("dark", "light", False)])
def test_figures_and_scrollbars_follow_the_theme(figure_site, browser, system, toggle, dark):
    with serve(figure_site) as url:
        page = _reader(browser, system, toggle)
        page.goto(url + "posts/plot/")
        style = page.evaluate(STYLE)
        page.close()
    # without a choice the browser follows the system ("light dark"); a choice pins it
    assert style["scheme"] == (toggle or "light dark")
    light_backdrop = style["figure"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert light_backdrop == dark
    assert style["optOut"] == "rgba(0, 0, 0, 0)"
    assert style["icon"] == "rgba(0, 0, 0, 0)"  # a callout's icon is not a figure
    assert style["formula"] == "rgba(0, 0, 0, 0)"  # nor a root sign's stroke


@pytest.mark.parametrize(("system", "toggle", "dark"), [
    ("light", None, False), ("dark", None, True), ("light", "dark", True),
    ("dark", "light", False)])
def test_chirpys_pictures_for_one_scheme_show_in_that_scheme_only(tmp_path, browser, system,
                                                                  toggle, dark):
    # Chirpy's `![…](light.png){: .light }` / `{: .dark }`: a picture drawn for each scheme,
    # of which its theme showed the one of the scheme shown
    from conftest import Site

    blog = Site(tmp_path / "blog")
    blog.write("content/posts/plot/figure.svg", raw=FIGURE)
    blog.write("content/posts/plot/index.md", "---\ntitle: Plot\ndate: 2024-05-01\n---\n"
               "![for light](figure.svg){: .light }\n![for dark](figure.svg){: .dark }\n")
    assert blog.build().written
    with serve(blog.output) as url:
        page = _reader(browser, system, toggle)
        page.goto(url + "posts/plot/")
        shown = page.evaluate("""() => [...document.querySelectorAll('.content img')]
          .filter(img => img.getBoundingClientRect().width > 0).map(img => img.alt)""")
        page.close()
    assert shown == (["for dark"] if dark else ["for light"])


SCHEME_PICTURES = """<picture>
<source srcset="for-dark.svg" media="(prefers-color-scheme: dark)">
<img src="for-light.svg" alt="drawn for each scheme">
</picture>

<picture>
<source srcset="for-light.svg" media="( prefers-color-scheme:light )">
<img src="for-dark.svg" alt="written the other way round">
</picture>

<picture>
<source srcset="for-dark.svg" media="(prefers-color-scheme: dark) and (min-width: 1px)">
<img src="for-light.svg" alt="a query of more than the scheme">
</picture>
"""
SHOWN = """() => [...document.querySelectorAll('.content picture img')].map(
  img => img.currentSrc.split('/').pop())"""


def _scheme_pictures_blog(tmp_path, more: str = ""):
    """A built blog of one post with SCHEME_PICTURES (and `more` after them)."""
    from conftest import Site

    blog = Site(tmp_path / "blog")
    blog.write("content/posts/plot/for-light.svg", raw=FIGURE)
    blog.write("content/posts/plot/for-dark.svg", raw=FIGURE.replace(b"black", b"white"))
    blog.write("content/posts/plot/index.md", "---\ntitle: Plot\ndate: 2024-05-01\n---\n"
               + SCHEME_PICTURES + more)
    assert blog.build().written
    return blog


def _opened_showing(browser, url: str, system: str, toggle: str | None, picture: str):
    """The post of `_scheme_pictures_blog` opened by a reader, once its first picture shows
    `picture`."""
    page = _reader(browser, system, toggle)
    page.goto(url + "posts/plot/")
    expect(page.locator(".content picture img").first).to_have_js_property(
        "currentSrc", f"{url}posts/plot/{picture}")
    return page


@pytest.mark.parametrize(("system", "toggle", "dark"), [
    ("light", None, False), ("dark", None, True), ("light", "dark", True),
    ("dark", "light", False)])
def test_a_picture_for_each_scheme_shows_the_one_of_the_scheme_chosen(tmp_path, browser, system,
                                                                       toggle, dark):
    """A `<picture>` with a `(prefers-color-scheme: dark)` source follows the system's scheme,
    which the browser picks it by: a reader who chose dark on a light system saw the light
    picture on the dark page (and the dark one on the light page the other way round). The
    choice wins, on opening and when the toggle is pressed; a query that says more than the
    scheme is left to the browser, and without JavaScript every picture follows the system."""
    blog = _scheme_pictures_blog(tmp_path)
    chosen, other = ("for-dark.svg", "for-light.svg") if dark else ("for-light.svg", "for-dark.svg")
    by_system = f"for-{system}.svg"
    with serve(blog.output) as url:
        page = _opened_showing(browser, url, system, toggle, chosen)
        opened = page.evaluate(SHOWN)
        page.locator(".theme-toggle").click()
        expect(page.locator(".content picture img").first).to_have_js_property(
            "currentSrc", f"{url}posts/plot/{other}")
        pressed = page.evaluate(SHOWN)
        page.close()
        context = browser.new_context(color_scheme=system, java_script_enabled=False)
        page = context.new_page()
        page.goto(url + "posts/plot/")
        without_script = page.evaluate(SHOWN)
        context.close()
    assert opened == [chosen, chosen, by_system], opened
    assert pressed == [other, other, by_system], pressed
    assert without_script == [by_system] * 3, without_script


@pytest.mark.parametrize(("system", "toggle"), [("light", "dark"), ("dark", "light")])
def test_a_picture_for_each_scheme_is_the_chosen_one_before_the_toggle_script_runs(
        tmp_path, browser, system, toggle):
    """The toggle's script, deferred, rewrote the sources' queries once the page was read: on a
    slow network a reader who chose dark on a light system saw the light picture for 0.2 s
    (Chromium, 400 ms latency), then none while the dark one came. The choice is the browser's
    pick from the start: here the toggle's script never comes, and each picture drawn for each
    scheme shows the chosen one (the one whose query says more, the system's)."""
    blog = _scheme_pictures_blog(tmp_path)
    held: list = []
    with serve(blog.output) as url:
        page = _reader(browser, system, toggle)
        page.route("**/theme-toggle.js*", lambda route: held.append(route))
        page.goto(url + "posts/plot/", wait_until="commit")
        page.wait_for_function("""() => document.readyState !== 'loading'
          && [...document.querySelectorAll('.content picture img')]
            .every(img => img.complete && img.naturalWidth > 0)""")  # (read, and drawn)
        shown = page.evaluate(SHOWN)
        toggle_shown = page.locator(".theme-toggle").is_visible()
        page.close()
    assert held and not toggle_shown  # (the script was asked for, and never ran)
    assert shown == [f"for-{toggle}.svg", f"for-{toggle}.svg", f"for-{system}.svg"], shown


BACKDROPS = """() => [...document.querySelectorAll('.content img')].map(img => {
  const style = getComputedStyle(img);
  return [img.alt, style.backgroundColor, style.paddingTop];
})"""


@pytest.mark.parametrize(("system", "toggle"), [("dark", None), ("light", "dark")])
def test_a_picture_drawn_for_each_scheme_is_shown_in_dark_mode_without_a_light_frame(
        tmp_path, browser, system, toggle):
    """Dark mode gives a post's pictures a light backdrop, for lines drawn for white paper: a
    `<picture>` with a source for dark has its dark picture framed in that light backdrop, a
    light band round a dark picture. Its pictures are drawn for each scheme: none is given one
    (after the toggle's choice too, which rewrites the source's query); a lone picture still
    is."""
    blog = _scheme_pictures_blog(tmp_path, "\n![drawn for paper](for-light.svg)\n")
    with serve(blog.output) as url:
        page = _opened_showing(browser, url, system, toggle, "for-dark.svg")
        backdrops = page.evaluate(BACKDROPS)
        page.close()
    *pictures, lone = backdrops
    assert pictures == [[alt, "rgba(0, 0, 0, 0)", "0px"] for alt, _, _ in pictures], backdrops
    assert lone[1] != "rgba(0, 0, 0, 0)" and lone[2] != "0px", backdrops


# The browser's bar over the page as a phone draws it: the theme colour whose media matches
# (a page names one per system scheme), held against the page's own background.
BAR = """() => {
  const hex = c => '#' + c.match(/\\d+/g).slice(0, 3)
    .map(n => (+n).toString(16).padStart(2, '0')).join('');
  const bar = [...document.querySelectorAll('meta[name="theme-color"]')]
    .find(m => !m.media || matchMedia(m.media).matches);
  return {bar: bar.content, page: hex(getComputedStyle(document.body).backgroundColor)};
}"""


@pytest.mark.parametrize(("system", "toggle"), [
    ("light", None), ("dark", None), ("light", "dark"), ("dark", "light")])
def test_the_browsers_bar_is_the_colour_of_the_scheme_the_reader_chose(figure_site, browser,
                                                                       system, toggle):
    """Chrome on Android and Safari draw their bar over the page in the theme colour of the
    system's scheme: a reader who chose dark with the toggle on a light phone had a light bar
    (#f6f4ee) over the dark page, and the other way round. The bar is the page's background
    once the page is opened with a choice, and again after the toggle is pressed."""
    with serve(figure_site) as url:
        page = _reader(browser, system, toggle)
        page.goto(url + "posts/plot/")
        opened = page.evaluate(BAR)
        page.locator(".theme-toggle").click()
        pressed = page.evaluate(BAR)
        page.close()
    assert opened["bar"] == opened["page"], opened
    assert pressed["bar"] == pressed["page"] != opened["page"], pressed


@pytest.fixture(scope="module")
def colour_site(tmp_path_factory, real_katex):
    """A formula with the writer's colours, KaTeX's own stylesheet published with it."""
    from conftest import Site

    blog = Site(tmp_path_factory.mktemp("colours") / "blog")
    blog.write("content/posts/ppo.md", "---\ntitle: 'PPO 的 $\\textcolor{blue}{\\gamma}$'\n"
               "date: 2024-05-01\n---\n折扣 $\\textcolor{blue}{\\gamma = 0.99}$，"
               "$\\colorbox{yellow}{$x^2$}$，$\\textcolor{#fb923c}{\\lambda}$。\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(real_katex))
        assert blog.build().written
    return blog.output


COLOURS = """() => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
    return (x + 0.05) / (y + 0.05); };
  const page = getComputedStyle(document.body).backgroundColor;
  const one = style => document.querySelector(`.katex-html [style*="${style}"]`);
  const [blue, box, orange] = ["color:blue", "background-color:yellow", "color:#fb923c"].map(one);
  const boxed = box.querySelector('.mord') || box;
  return {blue: getComputedStyle(blue).color, orange: getComputedStyle(orange).color,
          text: ratio(getComputedStyle(blue).color, page),
          boxed: ratio(getComputedStyle(boxed).color, getComputedStyle(box).backgroundColor)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark", "forced"])
def test_a_formulas_own_colours_read_on_either_theme(colour_site, browser, scheme):
    """`\\textcolor{blue}` was pure blue on the dark page (2.2:1) and `\\colorbox{yellow}` put
    the dark theme's light text on yellow (invisible): on dark screens blue is the lighter blue
    that reads there, the box's text the light theme's ink; on the light page they are the
    writer's; in forced colours, the reader's system's."""
    with serve(colour_site) as url:
        page = browser.new_page(color_scheme="light" if scheme == "light" else "dark",
                                forced_colors="active" if scheme == "forced" else "none")
        page.goto(url + "posts/ppo/")
        page.evaluate("document.fonts.ready")
        found = page.evaluate(COLOURS)
        page.close()
    if scheme == "forced":
        assert found["blue"] == found["orange"] != "rgb(112, 112, 255)", found
        return
    # the title's and the card's formula (MathML) too
    titles = page_colours(colour_site, browser, scheme)
    assert titles == ["rgb(0, 0, 255)" if scheme == "light" else "rgb(112, 112, 255)"] * 3
    assert found["orange"] == "rgb(251, 146, 60)"  # (readable on both: as written)
    if scheme == "light":
        assert found["blue"] == "rgb(0, 0, 255)"
    else:
        assert found["text"] >= 4.5 and found["boxed"] >= 4.5, found


def page_colours(output, browser, scheme: str) -> list[str]:
    """The colour of the coloured γ in the post's title, its card's title and its excerpt."""
    with serve(output) as url:
        page = browser.new_page(color_scheme=scheme)
        found = []
        for path, where in (("posts/ppo/", "h1"), ("", ".card-title"), ("", ".excerpt")):
            page.goto(url + path)
            found.append(page.evaluate(f"getComputedStyle(document.querySelector("
                                       f"'{where} [mathcolor=\"blue\"]')).color"))
        page.close()
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlighted_text_reads_on_either_theme(tmp_path, browser, scheme):
    """`==highlighted==` (Obsidian's, Typora's) was the browser's own yellow behind black
    letters: a glaring bar on the dark theme. It is the theme's tint, in the page's ink."""
    from conftest import Site

    blog = Site(tmp_path / "blog")
    blog.post("m.md", "Mark", body="滑动窗口的关键是 ==收缩左边界== 的时机。\n")
    assert blog.build().written
    with serve(blog.output) as url:
        page = browser.new_page(color_scheme=scheme)
        page.goto(url + "posts/m/")
        mark, body = page.evaluate("""() => [
          getComputedStyle(document.querySelector('.content mark')),
          getComputedStyle(document.querySelector('.content p'))].map(s => [s.color,
          s.backgroundColor])""")
        page.close()
    assert mark[1] != "rgb(255, 255, 0)"  # (the browser's own)
    assert mark[0] == body[0]  # the page's ink, readable on its tint on either theme


def readme_colours() -> str:
    """The README's example of an accent colour of one's own, as a site would copy it."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return readme.split("```css\n/* static/css/site.css: an orange of your own", 1)[1] \
        .split("\n", 1)[1].split("```", 1)[0]


@pytest.mark.parametrize(("system", "toggle", "accent"), [
    ("light", None, "#e8590c"), ("dark", None, "#ff922b"), ("light", "dark", "#ff922b"),
    ("dark", "light", "#e8590c")])
def test_the_readmes_accent_colour_of_ones_own_holds_in_light_and_dark(browser, tmp_path,
                                                                       system, toggle, accent):
    """`:root { --accent: #e8590c }` in a site's stylesheet was lost in dark mode, whose
    selectors weigh more: the README's example sets it in light, in dark by the toggle and in
    dark by the system, and each is what the page shows."""
    from conftest import Site

    blog = Site(tmp_path / "blog")
    blog.write("static/css/site.css", readme_colours())
    blog.write("templates/partials/head_extra.html",
               "<link rel=\"stylesheet\" href=\"{{ 'css/site.css' | url }}\">\n")
    blog.post("a.md", "A")
    assert blog.build().written
    with serve(blog.output) as url:
        page = _reader(browser, system, toggle)
        page.goto(url)
        shown = page.evaluate("getComputedStyle(document.documentElement)"
                              ".getPropertyValue('--accent').trim()")
        dot = page.evaluate("getComputedStyle(document.querySelector('.signal-dot'))"
                            ".backgroundColor")
        page.close()
    assert shown == accent
    red, green, blue = (int(accent[i:i + 2], 16) for i in (1, 3, 5))
    assert dot == f"rgb({red}, {green}, {blue})"


ERROR_CONTRAST = """() => {
  const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number);
    return v.length > 3 ? v : [...v, 1]; };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3]));
  const lum = rgb => 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const page = rgba(getComputedStyle(document.body).backgroundColor);
  return [...document.querySelectorAll('.math-error')].map(error => {
    const style = getComputedStyle(error);
    const ink = lum(over(rgba(style.color), page));
    const plate = lum(over(rgba(style.backgroundColor), page));
    return Math.round(100 * (Math.max(ink, plate) + 0.05) / (Math.min(ink, plate) + 0.05)) / 100;
  });
}"""


@pytest.mark.parametrize(("system", "toggle"), [
    ("light", None), ("dark", None), ("light", "dark"), ("dark", "light")])
def test_a_broken_formulas_red_text_reads_on_either_theme(tmp_path, browser, system, toggle):
    """A formula KaTeX refused is its source in red: #b91c1c on the dark page was 2.95:1
    (math.css's, on a page with formulas; the theme's own where all of them failed)."""
    from conftest import Site

    blog = Site(tmp_path / "blog")
    blog.post("e.md", "E", body="正常 $a + b$，拼写 $\\alpah + \\beta$。\n\n$$\n\\frac{a}{\n$$\n")
    blog.post("f.md", "F", body="拼写 $\\alpah$。\n")
    assert blog.build().written
    ratios = []
    with serve(blog.output) as url:
        page = _reader(browser, system, toggle)
        for path in ("posts/e/", "posts/f/"):
            page.goto(url + path)
            ratios += page.evaluate(ERROR_CONTRAST)
        page.close()
    assert len(ratios) == 3 and min(ratios) >= 4.5, ratios
