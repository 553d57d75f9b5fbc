"""KaTeX's stylesheet and fonts published with the site: obtained once, checked, cached, and
pages that need no other host; a clear warning and readable MathML when they cannot be had."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import STAND_IN_KATEX_CSS, messages, serve

from blogforge.math.assets import AssetError, obtain, publishable_css, tarball_url
from blogforge.math.settings import KATEX_VERSION, KatexRelease

MATH_POST = r"""
设 $w_i$ 和 $b_i$ 为参数，$\hat{y} = \operatorname{softmax}(Wx)$。

\begin{equation}
\mathcal{L}(\theta) = \mathbb{E}_{x \sim p_{\text{data}}}\left[-\log p_\theta(x)\right]
+ \lambda \sum_{i=1}^{n} \lVert w_i \rVert^2 + \frac{1}{2}\sum_{j=1}^{m} \beta_j^2
\label{eq:loss}
\end{equation}

由 \eqref{eq:loss}，[作者的链接](https://arxiv.org/abs/1312.6114)。

\begin{align}
a &= b + c
\end{align}

\begin{gather}
x = y
\end{gather}

| 格式 | 符号 | 指数 $E$ | 尾数 $M$ | 最大值 | 最小正规格化数 | 机器精度 $2^{-M}$ |
| --- | :-: | :-: | :-: | --- | --- | --- |
| FP32 | 1 | 8 | 23 | $\approx 3.40\times 10^{38}$ | $\approx 1.18\times 10^{-38}$ | $2^{-23}$ |
| FP16 | 1 | 5 | 10 | $65504$ | $\approx 6.10\times 10^{-5}$ | $\approx 9.77\times 10^{-4}$ |
"""


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


FAKE = tarball({
    "package/package.json": b'{"name": "katex"}',
    "package/LICENSE": b"MIT",
    "package/dist/katex.min.css": STAND_IN_KATEX_CSS.encode(),
    "package/dist/katex.css": b"/* not needed */",
    "package/dist/fonts/KaTeX_Main-Regular.woff2": b"woff2 main",
    "package/dist/fonts/KaTeX_Main-Regular.woff": b"woff main",
    "package/dist/fonts/KaTeX_Main-Regular.ttf": b"ttf main",
    "package/dist/katex.js": b"// not needed",
    "package/dist/katex.min.js": b"// the script",
})
FAKE_RELEASE = KatexRelease("9.9.9", "sha384-x", integrity(FAKE))


class Registry:
    """A fetch that serves one tarball and counts the calls."""

    def __init__(self, data: bytes) -> None:
        self.data, self.urls = data, []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.data


def test_fetched_once_checked_and_only_the_needed_files_kept(tmp_path):
    registry = Registry(FAKE)
    files = obtain(FAKE_RELEASE, tmp_path, registry)
    assert registry.urls == ["https://registry.npmjs.org/katex/-/katex-9.9.9.tgz"]
    kept = sorted(p.relative_to(files.folder).as_posix() for p in files.folder.rglob("*")
                  if p.is_file())
    assert kept == ["LICENSE", "fonts/KaTeX_Main-Regular.woff2", "katex.min.css", "katex.min.js",
                    "manifest.json"]
    assert obtain(FAKE_RELEASE, tmp_path, registry).folder == files.folder
    assert len(registry.urls) == 1  # the second build reads the cache


def test_a_tarball_that_is_not_the_pinned_one_is_never_used(tmp_path):
    tampered = tarball({"package/dist/katex.min.css": b".katex{color:red}",
                        "package/dist/fonts/KaTeX_Main-Regular.woff2": b"x"})
    with pytest.raises(AssetError, match="sha512 differs"):
        obtain(FAKE_RELEASE, tmp_path, Registry(tampered))
    assert not (tmp_path / "9.9.9").exists()


def test_a_damaged_cache_is_fetched_again(tmp_path):
    registry = Registry(FAKE)
    files = obtain(FAKE_RELEASE, tmp_path, registry)
    (files.folder / "katex.min.css").write_text("truncat", encoding="utf-8")
    again = obtain(FAKE_RELEASE, tmp_path, registry)
    assert len(registry.urls) == 2
    assert (again.folder / "katex.min.css").read_text(encoding="utf-8") == STAND_IN_KATEX_CSS


def test_files_kept_before_the_script_was_are_fetched_again_and_used_when_offline(tmp_path):
    from blogforge.math.assets import store

    def older(folder: Path) -> None:  # what a blogforge that kept no script extracted
        store(folder, {"katex.min.css": STAND_IN_KATEX_CSS.encode(), "LICENSE": b"MIT",
                       "fonts/KaTeX_Main-Regular.woff2": b"woff2 main"})

    older(tmp_path / "9.9.9")
    registry = Registry(FAKE)
    files = obtain(FAKE_RELEASE, tmp_path, registry)
    assert len(registry.urls) == 1
    assert (files.folder / "katex.min.js").read_bytes() == b"// the script"

    older(tmp_path / "9.9.9")

    def offline(url: str) -> bytes:
        raise AssetError(f"could not download {url}")

    files = obtain(FAKE_RELEASE, tmp_path, offline)
    assert (files.folder / "katex.min.css").read_text(encoding="utf-8") == STAND_IN_KATEX_CSS
    assert not (files.folder / "katex.min.js").exists()


def test_a_package_without_the_script_is_not_kept(tmp_path):
    without = tarball({"package/dist/katex.min.css": b".katex{}",
                       "package/dist/fonts/KaTeX_Main-Regular.woff2": b"x"})
    with pytest.raises(AssetError, match="katex.min.js"):
        obtain(KatexRelease("9.9.8", "sha384-x", integrity(without)), tmp_path,
               Registry(without))
    assert not (tmp_path / "9.9.8").exists()


def test_the_registry_can_be_a_mirror(monkeypatch):
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "https://registry.npmmirror.com")
    assert tarball_url("0.16.22") == "https://registry.npmmirror.com/katex/-/katex-0.16.22.tgz"


def test_published_stylesheet_swaps_fonts_in_and_names_only_woff2():
    css = publishable_css(STAND_IN_KATEX_CSS, "9.9.9")
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    assert len(faces) == 2 and all("font-display:swap" in face for face in faces)
    assert re.findall(r"url\(([^)]*)\)", css) == ["fonts/KaTeX_Main-Regular.woff2",
                                                 "fonts/KaTeX_Math-Italic.woff2"]
    assert css.rstrip().endswith(".katex .katex-html{display:inline}.katex{--katex-tag-row:flex}")
    assert "KaTeX 9.9.9" in css.splitlines()[0]


def test_offline_first_build_warns_once_and_shows_mathml(site, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "http://127.0.0.1:9/")  # refuses at once
    site.post("a.md", "A", body=MATH_POST)
    site.post("b.md", "B", body="$x$")
    result = site.build()
    assert result.written
    warnings = [m for m in messages(result, "warning") if "KaTeX's stylesheet" in m]
    assert len(warnings) == 1
    assert "127.0.0.1:9" in warnings[0] and "math.assets: cdn" in warnings[0]
    assert "unreadable in Chrome before 109" in warnings[0]  # (WeChat's and UC's browsers)
    page = site.read("posts/a/")
    head = page.split("</head>")[0]
    assert "katex.min.css" not in head and "/css/math.css" in head
    assert 'class="katex-html"' in page  # hidden by math.css, which shows the MathML
    # ...but never its TeX source, which a browser that cannot lay MathML out showed beside it
    css = (site.output / "css/math.css").read_text(encoding="utf-8")
    assert re.search(r"math annotation,\s*math annotation-xml\s*\{\s*display:\s*none;", css)
    assert not site.exists("katex")


def test_sites_without_math_fetch_nothing_and_publish_nothing(site, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "http://127.0.0.1:9/")
    site.post("a.md", "A", body="No formulas.")
    result = site.build()
    assert result.written and not [m for m in messages(result) if "KaTeX" in m]
    assert not site.exists("katex") and not (tmp_path / "empty-cache").exists()


# --- the real package, once: fetched from the registry, published, looked at in a browser ------


@pytest.fixture(scope="module")
def math_site(real_katex: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import Site

    blog = Site(tmp_path_factory.mktemp("math-site") / "blog")
    blog.write("site.yaml", "base_url: https://example.org/blog/\n")
    blog.post("loss.md", "Loss", body=MATH_POST)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(real_katex))
        result = blog.build()
    assert result.written, messages(result)
    return blog.output


def test_published_katex_is_the_renderers_version(math_site):
    folder = math_site / "katex" / KATEX_VERSION
    css = (folder / "katex.min.css").read_text(encoding="utf-8")
    assert css.startswith(f"/* KaTeX {KATEX_VERSION} dist/katex.min.css")
    fonts = sorted(p.name for p in (folder / "fonts").iterdir())
    assert len(fonts) == 20 and all(name.endswith(".woff2") for name in fonts)
    for url in re.findall(r"url\(([^)]*)\)", css):
        assert (folder / url).is_file(), url
    # Every class KaTeX wrote into the page is one this stylesheet knows: same version. (The
    # atom classes only name what a piece is, for scripts; no KaTeX version styles them.)
    page = (math_site / "posts" / "loss" / "index.html").read_text(encoding="utf-8")
    katex_html = "".join(re.findall(r'<span class="katex-html".*?</span></span></span>', page))
    used = {c for classes in re.findall(r'class="([^"]+)"', katex_html) for c in classes.split()}
    defined = set(re.findall(r"\.([a-zA-Z][\w-]*)", css))
    atoms = {"mord", "mopen", "mclose", "mrel", "mbin", "mop", "mpunct", "minner", "mtight",
             "text"}
    ours = {"math-head"}  # (nobreak.py: the parts of a formula glued to "。" that may break)
    assert len(used) > 20 and used - atoms - ours <= defined, used - atoms - ours - defined


def test_a_math_page_names_no_other_host_than_the_authors_links(math_site):
    page = (math_site / "posts" / "loss" / "index.html").read_text(encoding="utf-8")
    urls = re.findall(r'(?:href|src|content)="(https?://[^"]+)"', page)
    foreign = {u for u in urls if not u.startswith("https://example.org/blog/")}
    assert foreign == {"https://arxiv.org/abs/1312.6114"}
    assert '<link rel="preload" href="/blog/katex/' in page


@pytest.fixture(scope="module")
def served(math_site: Path) -> Iterator[str]:
    with serve(math_site, "/blog/") as root_url:
        yield root_url + "posts/loss/"


SHOWN = """() => [...document.querySelectorAll('.katex')].map(k => {
  const html = k.querySelector('.katex-html'), math = k.querySelector('.katex-mathml');
  const box = e => e ? e.getBoundingClientRect() : {width: 0, height: 0};
  return {html: box(html).width > 2 && box(html).height > 2,
          mathml: box(math).width > 2 && box(math).height > 2};
})"""


def test_every_formula_appears_once_with_or_without_the_stylesheet(served, browser):
    page = browser.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(served)
    page.evaluate("document.fonts.ready")
    shown = page.evaluate(SHOWN)
    assert len(shown) >= 4 and all(s == {"html": True, "mathml": False} for s in shown)
    assert hosts == {served.split("/")[2]} and failed == []

    page.route("**/katex.min.css", lambda route: route.abort())
    page.goto(served)
    shown = page.evaluate(SHOWN)
    assert all(s == {"html": False, "mathml": True} for s in shown)
    page.close()


OVERLAPS = """() => [...document.querySelectorAll('.katex-html > .tag')].map(tag => {
  const t = tag.getBoundingClientRect();
  return [...tag.parentElement.querySelectorAll(':scope > .base')].some(base => {
    const b = base.getBoundingClientRect();
    return b.right > t.left + 0.5 && b.left < t.right - 0.5;
  });
})"""


@pytest.mark.parametrize("width", [360, 390, 1366])
def test_equation_numbers_never_cover_their_formula(served, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(served)
    page.evaluate("document.fonts.ready")
    overlaps = page.evaluate(OVERLAPS)
    assert overlaps and not any(overlaps)
    # the page itself never scrolls sideways: only the formula's own box does
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


SCROLLS = """() => [...document.querySelectorAll('.math-display')].map(
  box => box.scrollWidth - box.clientWidth)"""


def test_a_formula_in_a_table_cell_stays_on_one_line_on_a_phone(served, browser):
    """A table wider than a phone scrolls; its formulas are not broken into lines to fit."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served)
    page.evaluate("document.fonts.ready")
    heights = page.evaluate("""() => [...document.querySelectorAll('td .katex')].map(k =>
      k.getBoundingClientRect().height / parseFloat(getComputedStyle(k).fontSize))""")
    assert len(heights) == 6 and max(heights) < 2, heights
    page.close()


def test_a_numbered_formula_that_fits_has_no_scroll_bar(served, browser):
    """A short numbered `align` or `gather` fits the column: no scroll bar under it (their
    numbers carry a 2 px strut of KaTeX's that stuck out of the row)."""
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    page.goto(served)
    page.evaluate("document.fonts.ready")
    overflow = page.evaluate(SCROLLS)
    assert len(overflow) == 3 and overflow == [0, 0, 0], overflow
    page.close()


def test_a_numbered_formula_is_drawn_as_large_as_an_unnumbered_one_in_mathml(site, browser):
    """Where the browser draws the MathML (feeds, cards, `output: mathml`, KaTeX's stylesheet
    not there), a numbered equation's cells were in text style: its fraction two-thirds the
    height of the same formula unnumbered, its brackets short."""
    site.write("site.yaml", "base_url: https://e.org/\nmath:\n  output: mathml\n")
    formula = "\\frac{QK^\\top}{\\sqrt{d_k}}"
    site.post("a.md", "A", body=f"$${formula}$$\n\n\\begin{{equation}}\n{formula} "
              "\\label{eq:a}\n\\end{equation}\n\n$$\\begin{aligned} x &= " + formula
              + " \\tag{2} \\end{aligned}$$\n")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + "posts/a/")
        heights = page.evaluate(
            "[...document.querySelectorAll('mfrac')].map(f => f.getBoundingClientRect().height)")
        page.close()
    assert len(heights) == 3 and max(heights) - min(heights) < 1, heights


MATHML_NUMBERS = ("\\begin{align}\n\\mathrm{KL}(q\\|p) &= \\mathbb{E}_q[\\log q - \\log p] \\\\\n"
                  "&\\ge 0 \\tag{KL-pos}\n\\end{align}\n\n"
                  "$$A = \\left[\\begin{array}{cc|c} 1 & 0 & a \\\\ \\hline 0 & 1 & b "
                  "\\end{array}\\right]$$\n")


def test_mathml_equation_numbers_sit_whole_at_the_right_edge_and_arrays_keep_their_rules(
        site, browser):
    """With `output: mathml` a long `\\tag{KL-pos}` was cut to "(KL-", the numbers sat beside
    their formula, and array's `{cc|c}` rule and `\\hline` were not drawn (MathML Core draws
    no columnlines or rowlines)."""
    site.write("site.yaml", "base_url: https://e.org/\nmath:\n  output: mathml\n")
    site.post("a.md", "A", body=MATHML_NUMBERS)
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page(viewport={"width": 1366, "height": 800})
        page.goto(root + "posts/a/")
        found = page.evaluate("""() => {
          const right = e => e.getBoundingClientRect().right;
          const numbers = [...document.querySelectorAll('.math-eqn-num > mtext')];
          const cells = [...document.querySelectorAll('mtable[columnlines] mtd')]
            .map(c => getComputedStyle(c)).map(s => [s.borderRightStyle, s.borderBottomStyle]);
          return {text: numbers.map(n => n.textContent),
                  lines: numbers.map(n => Math.round(n.getBoundingClientRect().height
                                                     / parseFloat(getComputedStyle(n).fontSize))),
                  gaps: numbers.map(n => right(document.querySelector('.content')) - right(n)),
                  cells};
        }""")
        page.close()
    assert found["text"] == ["(1)", "(KL-pos)"] and found["lines"] == [1, 1], found
    assert all(gap < 2 for gap in found["gaps"]), found  # (at the column's right edge)
    assert found["cells"] == [["none", "solid"], ["solid", "solid"], ["none", "solid"],
                              ["none", "none"], ["solid", "none"], ["none", "none"]], found


def test_mathml_brackets_stretch_with_a_math_font_of_linux(site, browser):
    """Chromium on Linux drew `math` in Noto Sans CJK, whose brackets do not stretch: the
    pair around a fraction stood at the text's height."""
    fonts = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout \
        if shutil.which("fc-list") else ""
    if "DejaVu Math TeX Gyre" not in fonts and "Noto Sans Math" not in fonts:
        pytest.skip("neither math font of Linux desktops is installed here")
    site.write("site.yaml", "base_url: https://e.org/\nmath:\n  output: mathml\n")
    site.post("a.md", "A", body="$$\\left( \\frac{a}{b} \\right)$$\n")
    assert site.build().written
    with serve(site.output) as root:
        page = browser.new_page()
        page.goto(root + "posts/a/")
        bracket, fraction = page.evaluate("""[...['mo', 'mfrac']].map(name =>
          document.querySelector('.math-display ' + name).getBoundingClientRect().height)""")
        page.close()
    assert bracket >= fraction * 0.9, (bracket, fraction)
