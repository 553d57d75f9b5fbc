"""Mermaid diagrams: a ```mermaid fence is shown as its source, in a box the theme's script draws
the diagram in with Mermaid's own script, which the build has from npm (pinned, checked,
cached) and publishes for the pages that have a diagram; without it, the source, and one
warning."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import NOW, messages
from test_math_assets import Registry, integrity, tarball  # (npm packages, as KaTeX's)

from blogforge.diagnostics import Diagnostics
from blogforge.diagrams import MERMAID, prepare
from blogforge.npm_package import NpmPackage, PackageError
from blogforge.output import MARKER
from blogforge.site import BuildOptions
from blogforge.site import Site as Engine
from blogforge.urls import UrlBuilder

FAKE = tarball({
    "package/package.json": b'{"name": "mermaid"}',
    "package/LICENSE": b"MIT",
    "package/README.md": b"# mermaid",
    "package/dist/mermaid.esm.min.mjs": b'import"./chunks/mermaid.esm.min/chunk-A.mjs";',
    "package/dist/mermaid.esm.min.mjs.map": b"{}",
    "package/dist/chunks/mermaid.esm.min/chunk-A.mjs": b"export const a = 1;",
    "package/dist/chunks/mermaid.esm.min/flowDiagram-B.mjs": b"export const b = 2;",
    "package/dist/chunks/mermaid.esm.min/chunk-A.mjs.map": b"{}",
    "package/dist/chunks/mermaid.core/chunk-C.mjs": b"// the unbundled build",
    "package/dist/mermaid.min.js": b"// the 5.5 MB UMD bundle",
    "package/dist/mermaid.d.ts": b"// types",
})
FAKE_PACKAGE = NpmPackage("mermaid", "99.0.0", integrity(FAKE))


def offline(url: str) -> bytes:
    raise PackageError(f"could not download {url} (Connection refused)")


@pytest.fixture
def fake_mermaid(monkeypatch):
    monkeypatch.setattr("blogforge.diagrams.MERMAID", FAKE_PACKAGE)
    return FAKE_PACKAGE


def prepared(tmp_path: Path, fetch, diagrams=((Path("content/posts/a.md"), 7),)):
    diagnostics = Diagnostics()
    assets = prepare(True, list(diagrams), UrlBuilder("https://e.org/blog/"), diagnostics,
                     root=tmp_path / "cache", fetch=fetch)
    return assets, [str(d) for d in diagnostics.items]


def test_the_pinned_package_is_mermaid_12_3_0_as_npm_publishes_it():
    assert MERMAID.name == "mermaid" and MERMAID.version == "12.3.0"
    assert MERMAID.integrity == ("sha512-4113TdXeLAsMruJ79OpFL5O8+LTFXhQqZ260rF3tgUmiNAtRm4Uume04"
                                 "I+65PRN6yZ69J4f8rVYWW8zRk65UYw==")
    assert MERMAID.tarball_url().endswith("/mermaid/-/mermaid-12.3.0.tgz")


def test_fetched_once_checked_and_only_the_module_its_chunks_and_licence_kept(tmp_path,
                                                                             fake_mermaid):
    registry = Registry(FAKE)
    assets, said = prepared(tmp_path, registry)
    assert registry.urls == ["https://registry.npmjs.org/mermaid/-/mermaid-99.0.0.tgz"]
    assert said == []
    assert assets.script == "/blog/mermaid/99.0.0/mermaid.esm.min.mjs"
    assert sorted(assets.files) == [
        "mermaid/99.0.0/LICENSE",
        "mermaid/99.0.0/chunks/mermaid.esm.min/chunk-A.mjs",
        "mermaid/99.0.0/chunks/mermaid.esm.min/flowDiagram-B.mjs",
        "mermaid/99.0.0/mermaid.esm.min.mjs"]
    source, _ = assets.files["mermaid/99.0.0/chunks/mermaid.esm.min/chunk-A.mjs"]
    assert source.read_bytes() == b"export const a = 1;"
    again, _ = prepared(tmp_path, registry)
    assert again.files == assets.files and len(registry.urls) == 1  # (read from the cache)


def test_a_tarball_that_is_not_the_pinned_one_is_never_used(tmp_path, fake_mermaid):
    tampered = tarball({"package/LICENSE": b"MIT",
                        "package/dist/mermaid.esm.min.mjs": b"alert('hi')"})
    assets, said = prepared(tmp_path, Registry(tampered))
    assert assets.script is None and assets.files == {}
    assert len(said) == 1 and "sha512 differs from the pinned one" in said[0]
    assert not (tmp_path / "cache" / "99.0.0").exists()


def test_a_damaged_cache_is_fetched_again(tmp_path, fake_mermaid):
    registry = Registry(FAKE)
    assets, _ = prepared(tmp_path, registry)
    module, _ = assets.files["mermaid/99.0.0/mermaid.esm.min.mjs"]
    module.write_bytes(b"import")  # (cut short)
    assets, _ = prepared(tmp_path, registry)
    assert len(registry.urls) == 2
    assert module.read_bytes() == b'import"./chunks/mermaid.esm.min/chunk-A.mjs";'


def test_a_package_without_the_module_is_not_kept(tmp_path, monkeypatch):
    without = tarball({"package/LICENSE": b"MIT", "package/dist/mermaid.min.js": b"//"})
    monkeypatch.setattr("blogforge.diagrams.MERMAID",
                        NpmPackage("mermaid", "99.0.1", integrity(without)))
    assets, said = prepared(tmp_path, Registry(without))
    assert assets.script is None
    assert "the mermaid package holds no dist/mermaid.esm.min.mjs" in said[0]
    assert not (tmp_path / "cache" / "99.0.1").exists()


def test_the_registry_can_be_a_mirror(monkeypatch):
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "https://registry.npmmirror.com/")
    assert MERMAID.tarball_url() == \
        "https://registry.npmmirror.com/mermaid/-/mermaid-12.3.0.tgz"


def test_offline_says_so_once_at_the_first_diagram(tmp_path, fake_mermaid):
    assets, said = prepared(tmp_path, offline, [(Path("content/posts/a.md"), 7),
                                                (Path("content/posts/b.md"), 3)])
    assert assets.script is None and assets.files == {}
    assert len(said) == 1
    assert said[0].startswith(
        "content/posts/a.md:7: warning: Mermaid's script (mermaid 99.0.0) is not available: "
        "could not download https://registry.npmjs.org/mermaid/-/mermaid-99.0.0.tgz "
        "(Connection refused). This build shows this page's diagrams and those of 1 more "
        "page as their source.")
    assert "`diagrams: {mermaid: false}`" in said[0]


def test_without_diagrams_or_with_them_off_nothing_is_fetched(tmp_path, fake_mermaid):
    registry = Registry(FAKE)
    assert prepared(tmp_path, registry, [])[0].script is None
    off = prepare(False, [(Path("content/posts/a.md"), 7)], UrlBuilder("/"), Diagnostics(),
                  root=tmp_path / "cache", fetch=registry)
    assert off.script is None and registry.urls == []


# --- the page: the source in a box the script finds ------------------------------------------

FLOWCHART = """flowchart LR
  A[数据加载] --> B{损失下降?}
  B -->|是| C[保存模型]
"""


def mermaid_post(site, rel: str = "a.md", title: str = "训练", **front: object) -> None:
    site.post(rel, title, body=f"训练循环：\n\n```mermaid\n{FLOWCHART}```\n", **front)


def diagram_boxes(page: str) -> list[str]:
    return re.findall(r'<div class="diagram" data-diagram="mermaid".*?</code></pre></div></div>\n'
                      r"</div>", page, re.S)


def test_a_mermaid_fence_is_its_source_in_a_box_the_script_finds(site):
    site.write("site.yaml", "base_url: https://e.org/\n")
    mermaid_post(site)
    result = site.build(strict=True)
    assert result.written and not messages(result)
    [box] = diagram_boxes(site.read("posts/a/"))
    assert box.startswith('<div class="diagram" data-diagram="mermaid" data-label="图表" '
                          'data-source-label="图表源码" data-wide="图表，可左右滚动">\n'
                          '<div class="code-block code-short" data-lang="mermaid">')
    # the source as the code block shows any fence's: escaped, labelled, whole
    assert '<span class="code-label">mermaid</span>' in box
    assert ('<pre translate="no"><code>flowchart LR\n  A[数据加载] --&gt; B{损失下降?}\n'
            "  B --&gt;|是| C[保存模型]\n</code></pre>") in box


def test_in_english_the_box_speaks_english(site):
    site.post("a.md", "Loop", body="Loop.\n\n```mermaid\ngraph TD; A-->B\n```\n", lang="en")
    assert site.build().written
    [box] = diagram_boxes(site.read("posts/a/"))
    assert 'data-label="Diagram" data-source-label="Diagram source"' in box


def test_fences_in_lists_and_quotes_are_boxed_and_a_directive_passes_through(site):
    site.post("a.md", "A", body="""\
        - 第一步：

          ```mermaid
          %%{init: {"theme": "forest", "flowchart": {"curve": "linear"}}}%%
          graph TD; A-->B
          ```

        > 引用：
        >
        > ~~~Mermaid
        > sequenceDiagram
        >   Alice->>Bob: 你好
        > ~~~
        """)
    assert site.build().written
    page = site.read("posts/a/")
    boxes = diagram_boxes(page)
    assert len(boxes) == 2
    assert ("<code>%%{init: {&quot;theme&quot;: &quot;forest&quot;, &quot;flowchart&quot;: "
            "{&quot;curve&quot;: &quot;linear&quot;}}}%%\ngraph TD; A--&gt;B\n</code>") in boxes[0]
    assert "<code>sequenceDiagram\n  Alice-&gt;&gt;Bob: 你好\n</code>" in boxes[1]
    assert re.search(r"<li>\s*<p>第一步：</p>\s*<div class=\"diagram\"", page)
    assert re.search(r"<blockquote>\s*<p>引用：</p>\s*<div class=\"diagram\"", page)


def test_other_fences_and_diagrams_in_code_tabs_are_not_boxed(site):
    """A fence of a group of code tabs stays a tab (the tabs' script shows a code block at a
    time): its source is shown, as before diagrams were drawn."""
    site.post("a.md", "A", body="```python\nprint(1)\n```\n\n```plantuml\nA -> B\n```\n\n"
              '```mermaid group="g"\ngraph TD; A-->B\n```\n\n```text group="g"\nA to B\n```\n')
    assert site.build().written
    page = site.read("posts/a/")
    assert 'class="diagram"' not in page
    assert '<div class="code-tabs"' in page and "A--&gt;B" in page


def test_with_diagrams_off_a_fence_is_its_source_alone(site):
    site.write("site.yaml", "base_url: https://e.org/\ndiagrams:\n  mermaid: false\n")
    mermaid_post(site)
    result = site.build(strict=True)
    assert result.written and not messages(result)
    page = site.read("posts/a/")
    assert 'class="diagram"' not in page and '<span class="code-label">mermaid</span>' in page


def test_a_misspelt_diagrams_setting_is_said(site):
    site.write("site.yaml", "diagrams:\n  mermiad: false\n")
    mermaid_post(site)
    result = site.build()
    assert any("site.yaml:2" in m and "mermiad" in m for m in messages(result)), \
        messages(result)


def test_a_feed_carries_the_source_as_code(site):
    site.write("site.yaml", "base_url: https://e.org/\n")
    mermaid_post(site)
    assert site.build().written
    feed = site.read("atom.xml")
    assert "language-mermaid" in feed and 'class="diagram"' not in feed


# --- the site: the script where a page has a diagram, Mermaid's files when any has ------------

# (`?v=`: the script's version, as every theme file is linked)
SCRIPT_TAG = re.compile(r'<script src="/blog/js/diagrams\.js\?v=\w+" '
                        r'data-mermaid="/blog/mermaid/12\.3\.0/mermaid\.esm\.min\.mjs" defer>'
                        r"</script>")


def two_posts(site) -> None:
    site.write("site.yaml", "base_url: https://e.org/blog/\n")
    mermaid_post(site)
    site.post("b.md", "没有图", date="2024-05-02", body="只有文字。\n\n```python\nx = 1\n```\n")


def test_only_a_page_with_a_diagram_loads_the_script_and_mermaid_is_published(site):
    two_posts(site)
    result = site.build(strict=True)
    assert result.written and not messages(result)
    assert SCRIPT_TAG.search(site.read("posts/a/").split("</head>")[0])
    for page in ("posts/b/", "", "archives/"):
        assert "diagrams.js" not in site.read(page), page
    folder = "mermaid/12.3.0/"
    assert site.read(folder + "LICENSE") == "stand-in"
    assert "chunk-STANDIN.mjs" in site.read(folder + "mermaid.esm.min.mjs")
    assert site.exists(folder + "chunks/mermaid.esm.min/chunk-STANDIN.mjs")


def test_a_site_without_diagrams_fetches_and_publishes_no_mermaid(site, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "http://127.0.0.1:9/")
    site.write("site.yaml", "base_url: https://e.org/blog/\n")
    site.post("b.md", "B", body="```python\nx = 1\n```\n")
    result = site.build(strict=True)
    assert result.written and not messages(result)
    assert not site.exists("mermaid") and not (tmp_path / "empty-cache").exists()


def test_offline_first_build_warns_once_and_shows_the_source(site, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "http://127.0.0.1:9/")  # refuses at once
    two_posts(site)
    site.post("c.md", "又一张图", date="2024-05-03",
              body="第一行\n\n第三行\n\n```mermaid\ngraph TD; A-->B\n```\n\n"
                   "```mermaid\ngraph TD; C-->D\n```\n")
    result = site.build()
    assert result.written
    said = [m for m in messages(result) if "Mermaid" in m]
    assert len(said) == 1, said
    # (at the first diagram of the posts in the order the build has them)
    assert re.match(r"content/posts/(a\.md:7|c\.md:9): warning: Mermaid's script \(mermaid "
                    r"12\.3\.0\) is not available: could not download "
                    r"http://127\.0\.0\.1:9/mermaid/-/mermaid-12\.3\.0\.tgz", said[0]), said[0]
    assert "shows this page's diagrams and those of 1 more page as their source" in said[0]
    page = site.read("posts/a/")
    assert "diagrams.js" not in page and "A[数据加载] --&gt; B{损失下降?}" in page
    assert not site.exists("mermaid")
    # --strict: the warning is an error, as KaTeX's is: a site is not published without them
    strict = site.build(strict=True)
    assert not strict.written
    assert any("error: Mermaid's script" in m for m in messages(strict))


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file with its bytes, and every folder (as test_engine.py compares outputs)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*")) if p.name != MARKER}


def clean_build(site, tmp_path: Path) -> dict[str, bytes | None]:
    out = tmp_path / f"clean-{time.monotonic_ns()}"
    assert Engine(BuildOptions(site.root, out, now=NOW, use_cache=False, jobs=1)).build().written
    return tree(out)


def test_a_post_gaining_and_losing_a_diagram_builds_as_a_clean_build(site, tmp_path):
    def clean() -> dict[str, bytes | None]:
        return clean_build(site, tmp_path)

    site.write("site.yaml", "base_url: https://e.org/blog/\n")
    site.post("a.md", "A", body="Text.\n")
    site.post("b.md", "B", date="2024-05-02", body="More text.\n")
    long_lived = Engine(BuildOptions(site.root, site.output, now=NOW, jobs=1))
    assert long_lived.build().written
    a = site.root / "content/posts/a.md"
    with_diagram = a.read_text(encoding="utf-8") + "\n```mermaid\ngraph TD; A-->B\n```\n"
    without = a.read_text(encoding="utf-8")
    for step, text in enumerate([with_diagram, without, with_diagram]):
        a.write_text(text, encoding="utf-8")
        builder = long_lived if step % 2 else Engine(BuildOptions(site.root, site.output,
                                                                  now=NOW, jobs=1))
        assert builder.build().written
        assert tree(site.output) == clean(), step
        assert ("diagrams.js" in site.read("posts/a/")) == (text == with_diagram)
        assert site.exists("mermaid/12.3.0/mermaid.esm.min.mjs") == (text == with_diagram)
        assert "diagrams.js" not in site.read("posts/b/")


def test_the_diagrams_of_unchanged_posts_are_drawn_once_mermaid_can_be_had(site, tmp_path,
                                                                          monkeypatch):
    """A first build offline shows the source; the next, with Mermaid's files at hand, loads the
    script on the pages that have a diagram, though no post changed: as a clean build does."""
    from conftest import stand_in_mermaid

    cache_home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "http://127.0.0.1:9/")
    two_posts(site)
    assert Engine(BuildOptions(site.root, site.output, now=NOW, jobs=1)).build().written
    assert "diagrams.js" not in site.read("posts/a/")
    stand_in_mermaid(cache_home)  # (as a build online would have kept them)
    result = Engine(BuildOptions(site.root, site.output, now=NOW, jobs=1)).build()
    assert result.written and not messages(result)
    assert SCRIPT_TAG.search(site.read("posts/a/"))
    assert tree(site.output) == clean_build(site, tmp_path)
