"""The build engine: incremental builds equal clean ones, reuse what did not change, and keep
the previous output whole whatever happens."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import pickle
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import NOW, Site, cached_keys, ctrl_c_as_it_forks, messages, stopped_by_ctrl_c

from blogforge import bodies, fingerprint, output, site_files, templates
from blogforge.bodies import Progress
from blogforge.cache import KEEP_OWNERS, SWEEP_SLACK, BuildLock, Store
from blogforge.content import frontmatter, loader
from blogforge.diagnostics import Diagnostics
from blogforge.fingerprint import LIBRARIES, code_fingerprint, library_version, page_fingerprint
from blogforge.output import INCOMING, MARKER
from blogforge.site import BuildOptions, BuildResult
from blogforge.site import Site as Engine

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082")


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file with its bytes, and every folder (None): a clean build leaves no empty one."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*")) if p.name != MARKER}


def clean_build(site: Site, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / f"clean-{time.monotonic_ns()}"
    result = Engine(BuildOptions(site.root, out, now=NOW, use_cache=False, jobs=1)).build()
    assert result.written, messages(result)
    return tree(out)


def engine(site: Site, **options: object) -> Engine:
    return Engine(BuildOptions(site.root, site.output, now=NOW, **options))  # type: ignore[arg-type]


def starter_site(site: Site) -> None:
    site.write("site.yaml", """
        title: Test
        base_url: https://example.org/blog/
        paginate: 2
        languages:
          zh: {title: 测试}
          en: {title: Test}
        """)
    # (its headings take ids the site's footer may come to write: see "template" below)
    site.post("a.md", "Alpha 注意力", body="正文 $x^2$ 一。\n\n## 小节\n\nMore.\n\n"
              "## Notes 0\n\n## Notes 1\n", tags="[ml, attention]")
    site.post("a.en.md", "Alpha", body="Body $x^2$.[^1]\n\n[^1]: A note.\n", tags="[ml]",
              lang="en")
    site.post("b.md", "Beta", date="2024-05-02", body="```python\nprint(1)\n```\n",
              categories="[algorithms, leetcode]", lang="zh")
    site.post("c/index.md", "Gamma bundle", date="2024-05-03", body="![pic](pic.png)\n",
              series="s1", lang="zh")
    site.write("content/posts/c/pic.png", raw=PNG)
    # (Typora's `./assets/`, beside the post's file: see "static" below)
    site.post("d.md", "Delta", date="2024-05-04", series="s1", lang="zh",
              cover="./assets/t.png",
              body='See [b](b.md), [t](./assets/t.png) and <img src="assets/t.png">.\n')
    site.write("content/posts/assets/t.png", raw=PNG)
    site.write("content/about.md", "---\ntitle: About\n---\nAbout me.\n")


EDITS = ("add", "body", "rename", "delete", "front", "bundle", "template", "static", "i18n",
         "config", "draft", "translation", "permalink", "bundle file")


def edit(site: Site, rng: random.Random, step: int, kinds: tuple[str, ...] = EDITS) -> str:
    """One random change of the kinds writers make (of `kinds`)."""
    posts = sorted(p for p in (site.root / "content/posts").rglob("*.md"))
    choice = rng.choice(kinds)
    if choice == "add" or not posts:
        site.post(f"new{step}.md", f"New {step}", date=f"2024-06-{step % 27 + 1:02d}",
                  body=f"Text {step} $y_{step}$.\n", tags=f"[t{step % 3}]")
    elif choice == "body":
        path = rng.choice(posts)
        path.write_text(path.read_text(encoding="utf-8") + f"\nMore text {step}.\n",
                        encoding="utf-8")
    elif choice == "rename":
        path = rng.choice(posts)
        if path.name.startswith("index"):
            path = path.parent
        path.rename(path.with_name(f"renamed{step}{path.suffix}"))
    elif choice == "delete":
        path = rng.choice(posts)
        path.unlink()
    elif choice == "front":
        path = rng.choice(posts)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("date: ", f"tags: [x{step % 2}]\ndate: ", 1)
                        if "tags:" not in text else text.replace("tags: [", "tags: [z, ", 1),
                        encoding="utf-8")
    elif choice == "bundle":
        # (a formula in raw HTML after a URL that moves with the bundle: rawhtml.py)
        site.post(f"bundle{step}/index.md", f"Bundle {step}", date="2024-07-01",
                  body='![a](a.png) <img src="b.png">\n\n'
                       f'<center><img src="b.png"> ${step}^2$</center>\n')
        site.write(f"content/posts/bundle{step}/a.png", raw=PNG)
    elif choice == "template":
        site.write("templates/partials/footer.html",
                   f'<footer id="notes-{step % 2}">footer {step}</footer>\n')
    elif choice == "static":
        site.write(f"static/file{step % 2}.txt", f"static {step}\n")
        favicon = site.root / "static/favicon.png"  # (linked from every page while it is there)
        if favicon.exists():
            favicon.unlink()
            site.write("content/posts/assets/t.png", raw=PNG)  # (d.md's links find it)
        else:
            site.write("static/favicon.png", raw=b"\x89PNG\r\n\x1a\n")
            (site.root / "content/posts/assets/t.png").unlink(missing_ok=True)
    elif choice == "i18n":  # (a listing's string; and one a body shows, a note's heading)
        site.write("i18n/en.yaml", f"latest_updates: Read on {step}\n"
                   + (f"footnotes: Notes {step}\n" if rng.random() < 0.5 else ""))
    elif choice == "config":
        text = (site.root / "site.yaml").read_text(encoding="utf-8")
        if rng.random() < 0.5:
            site.write("site.yaml", text.replace("paginate: 2", "paginate: 3")
                       if "paginate: 2" in text else text.replace("paginate: 3", "paginate: 2"))
        else:  # (a site moved to another path: every page's links change)
            site.write("site.yaml", text.replace("/blog/", "/repo/") if "/blog/" in text
                       else text.replace("/repo/", "/blog/"))
    elif choice == "draft":
        path = rng.choice(posts)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("---\n", "---\ndraft: true\n", 1) if "draft:" not in text
                        else text.replace("draft: true\n", ""), encoding="utf-8")
    elif choice == "unlisted":  # (out of every list, feed, sitemap and search, and back)
        path = rng.choice(posts)
        text = path.read_text(encoding="utf-8")
        key = ("unlisted: true\n", "hidden: true\n", "noindex: true\n",
               "sitemap: false\n")[step % 4]
        path.write_text(text.replace("---\n", f"---\n{key}", 1) if key not in text
                        else text.replace(key, ""), encoding="utf-8")
    elif choice == "translation":
        path = rng.choice(posts)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("---\n", "---\ntranslationKey: shared\n", 1), encoding="utf-8")
    elif choice == "permalink":  # (pages at .html URLs publish their bundles apart from them)
        text = (site.root / "site.yaml").read_text(encoding="utf-8")
        site.write("site.yaml", text.replace(HTML_PERMALINK, "") if HTML_PERMALINK in text
                   else text + HTML_PERMALINK)
    elif choice == "move":  # (into a folder of posts, a deeper one, or back: its section;
        # or Sec0/, which Linux keeps apart from sec0/, and whose list page is sec0's)
        path = rng.choice([path for path in posts if not path.name.startswith("_")])
        if path.name.startswith("index"):
            path = path.parent
        folder = site.root / "content/posts" / ("", "sec0", "sec1", "sec0/deep", "Sec0")[
            step % 5]
        folder.mkdir(parents=True, exist_ok=True)
        if folder != path.parent:
            path.rename(folder / path.name)
    elif choice == "section intro":  # a folder's `_index.md` written, edited or removed
        intro = site.root / "content/posts" / rng.choice(("sec0", "sec1", "sec0/deep")) \
            / rng.choice(("_index.md", "_index.en.md"))
        if intro.exists() and rng.random() < 0.3:
            intro.unlink()
        else:  # (a draft one holds its section's page back)
            # (a weight orders the sections above it: /posts/ lists sec1 before sec0)
            site.write(intro.relative_to(site.root).as_posix(),
                       f"---\ntitle: Section {step}\n"
                       # (without one, the start of its text describes the page)
                       + (f"description: About {step}\n" if step % 2 else "")
                       + f"weight: {rng.choice((0, 1, 2))}\n"
                       # (an old URL, now and then another: its redirect page follows)
                       + f"aliases: [/old-{intro.parent.name}-{intro.stem}-{step % 2}/]\n"
                       f"draft: {str(rng.random() < 0.3).lower()}\n---\n"
                       f"Intro {step}, $z_{step}$ and [b](../b.md).\n")
    elif choice == "cascade":  # what a folder's `_index.md` gives the pages below it
        intro = rng.choice(("content/_index.md", "content/posts/_index.md",
                            "content/posts/sec0/_index.md", "content/posts/sec1/_index.en.md"))
        tables = rng.sample([f"tags: [c{step % 3}]", f"toc: {str(step % 2 == 0).lower()}",
                             "series: cascaded", f"cover_note: note {step % 2}",
                             # (taxonomies under its `params:`: no terms, a warning)
                             f"params: {{tags: [p{step % 2}], math: true}}",
                             "_target: {path: /posts/sec0/new*}\n    draft: true",
                             "_target: {lang: en}\n    categories: [english]",
                             # (for section pages: their card's picture, their drafts)
                             f"_target: {{kind: section}}\n    images: [/s{step % 2}.png]",
                             "_target: {kind: section, path: /posts/sec0/deep}\n"
                             "    draft: true"],
                            rng.randint(0, 3))
        # (now and then only its text changes: the pages below are read as they were)
        cascade = "".join(f"  - {table}\n" for table in tables) if tables else ""
        if "images" in cascade:  # (its picture's size is on the card: the picture changes too)
            site.write(f"static/s{step % 2}.png", raw=PNG[:19] + bytes([1 + step % 3]) + PNG[20:])
        site.write(intro, "---\ntitle: Folder\n" + (f"cascade:\n{cascade}" if cascade else "")
                   + f"---\nIntro {step % 2}.\n")
    elif choice == "weight":  # (a section lists its weighted posts first)
        path = rng.choice(posts)
        text = re.sub(r"weight: \d+\n", "", path.read_text(encoding="utf-8"))
        path.write_text(text.replace("---\n", f"---\nweight: {step % 3}\n", 1),
                        encoding="utf-8")
    elif choice == "string":  # a string no language has, asked for by some pages, or none
        asked = rng.choice(('t("lacking")', 't("for_" ~ post.title)', None))
        if asked is None:
            (site.root / "templates/post.html").unlink(missing_ok=True)
        else:
            site.write("templates/post.html", own_main("post.html", asked))
        if rng.random() < 0.5:  # (a partial the lists show, on each card)
            site.write("templates/partials/card.html",
                       f"<article>{{{{ t('card_{step % 2}') }}}} {{{{ post.title }}}}</article>\n")
        else:
            (site.root / "templates/partials/card.html").unlink(missing_ok=True)
    elif choice == "bundle file":  # the file a bundle post's raw HTML names comes or goes
        folders = [path.parent for path in posts if path.name == "index.md"]
        if folders:
            file = rng.choice(folders) / "b.png"
            if file.exists():
                file.unlink()
            else:
                file.write_bytes(PNG)
    return choice


HTML_PERMALINK = "permalink: /:year/:month/:day/:title.html\n"


def said_of_itself(result: BuildResult) -> list[str]:
    """A build's messages but those about the last build (a post moved since), which a clean
    build cannot say."""
    return [m for m in messages(result) if " in the last build" not in m]


# (seed 35 moves a bundle post to an .html URL, then gives its bundle the file it names;
# `spare`: the output a build replaces is kept for the next to stage in, as on a site of
# hundreds of posts, and a first build makes one)
@pytest.mark.parametrize(("seed", "in_place", "spare"), [
    (1, False, False), (2, False, False), (3, True, False), (4, True, False), (35, True, False),
    (5, False, True), (6, False, True)])
def test_any_sequence_of_incremental_builds_equals_a_clean_build(site, tmp_path, monkeypatch,
                                                                 seed, in_place, spare):
    if spare:
        monkeypatch.setattr(output, "SPARE_MIN_FILES", 1)
    incremental_builds_equal_clean_ones(site, tmp_path, seed, in_place)


# (posts unlisted and listed again, as often as all other edits together)
@pytest.mark.parametrize(("seed", "in_place"), [(7, False), (8, True)])
def test_incremental_builds_unlisting_posts_equal_a_clean_build(site, tmp_path, seed,
                                                                in_place):
    incremental_builds_equal_clean_ones(site, tmp_path, seed, in_place,
                                        EDITS + ("unlisted",) * len(EDITS))


@pytest.mark.parametrize("in_place", [False, True])
def test_an_unlisted_posts_page_links_its_terms_while_listed_posts_give_them_pages(
        site, tmp_path, in_place):
    """An unlisted post's page links those of its tags and categories that have pages: those
    a listed post names too, in any language (a term's page lists them all). Its page was
    kept when only a post in another language changed (none of its related posts, nor a
    neighbour): it kept linking no tag when an English post came to name its tag, and, that
    post's tag gone or the post held back for a date to come, kept linking the tag's page,
    which the build no longer made (a broken link, said), where a clean build links none."""
    site.write("site.yaml", "base_url: https://example.org/blog/\n"
                            "languages:\n  zh: {}\n  en: {}\n")
    site.post("hidden.md", "Hidden", tags="[ml]", categories="[notes]", unlisted="true",
              lang="zh")
    site.post("b.en.md", "Beta", date="2024-05-02", lang="en")
    build = engine(site, in_place=True).build if in_place else lambda: engine(site).build()
    assert build().written
    terms = {"tags": "[ml]", "categories": "[notes]"}
    for front, linked in ((terms, True), ({}, False), (terms, True),
                          ({**terms, "publishDate": "2027-03-01"}, False)):
        site.post("b.en.md", "Beta", date="2024-05-02", lang="en", **front)
        result = build()
        assert result.written
        page = site.read("posts/hidden/")
        assert ('href="/blog/tags/ml/"' in page, 'href="/blog/categories/notes/"' in page) \
            == (linked, linked), front
        assert messages(result) == [], front
        assert tree(site.output) == clean_build(site, tmp_path), front


# (posts moved between folders, their folders' `_index.md` edited, posts unlisted or made
# drafts: the folders' list pages, /posts/sec0/, follow, one whose `_index.md` is there made
# though it lists no post)
@pytest.mark.parametrize(("seed", "in_place"), [(9, False), (10, True), (14, False)])
def test_incremental_builds_changing_sections_equal_a_clean_build(site, tmp_path, seed,
                                                                  in_place):
    incremental_builds_equal_clean_ones(site, tmp_path, seed, in_place,
                                        ("move", "section intro", "unlisted", "body", "add",
                                         "weight", "draft", "section intro"))


# (the `cascade:` of folders' `_index.md` files edited, posts moved under them and added:
# each page below takes what its folders give it now, as a clean build gives it)
@pytest.mark.parametrize(("seed", "in_place"), [(11, False), (12, True), (13, False)])
def test_incremental_builds_changing_cascades_equal_a_clean_build(site, tmp_path, seed,
                                                                  in_place):
    incremental_builds_equal_clean_ones(site, tmp_path, seed, in_place,
                                        ("cascade", "cascade", "move", "add", "body",
                                         "section intro"))


# (strings no language has asked for by post.html or the cards, or no more, between edits
# that keep the pages saying them: each build says what a clean one does, in its order)
@pytest.mark.parametrize(("seed", "in_place"), [(15, False), (16, True)])
def test_incremental_builds_saying_template_warnings_equal_a_clean_build(site, tmp_path, seed,
                                                                       in_place):
    incremental_builds_equal_clean_ones(site, tmp_path, seed, in_place,
                                        ("string", "string", "add", "body", "delete", "front",
                                         "rename", "translation", "draft"))


def incremental_builds_equal_clean_ones(site: Site, tmp_path: Path, seed: int, in_place: bool,
                                        kinds: tuple[str, ...] = EDITS) -> None:
    """Ten random edits (`edit`, of `kinds`) of the starter site, each built incrementally,
    by one long-lived engine or a fresh one: each output as a clean build's, saying as much."""
    starter_site(site)
    rng = random.Random(seed)
    long_lived = engine(site, jobs=1, in_place=in_place)  # as `serve` keeps it
    assert long_lived.build().written
    for step in range(10):
        what = edit(site, rng, step, kinds)
        # alternate a long-lived site object and a fresh one per build (as the CLI does)
        result = (long_lived if step % 2 or in_place else engine(site, jobs=1)).build()
        assert result.written, (what, messages(result))
        assert tree(site.output) == clean_build(site, tmp_path), f"step {step}: {what}"
        clean = Engine(BuildOptions(site.root, tmp_path / "fresh", now=NOW, use_cache=False,
                                    jobs=1)).build()
        assert said_of_itself(result) == messages(clean), f"step {step}: {what}"


def test_a_post_link_shows_the_new_title_after_an_incremental_build_as_after_a_clean_one(
        site, tmp_path):
    """The text of Hexo's `{% post_link b %}` is b's title: a build after only that title
    changed renders the linking post again (and its listing, feed and search entries), the
    output the same bytes as a clean build's; also in a long-lived site (serve), which keeps
    the last build's bodies in memory."""
    site.write("site.yaml", "base_url: https://example.org/blog/\n")
    site.post("b.md", "Old title", date="2024-05-01", lang="en", body="B.\n")
    site.post("a.md", "A", date="2024-05-02", lang="en",
              body="Read {% post_link b %} first.\n")
    long_lived = engine(site, jobs=1)
    assert long_lived.build().written
    steps = [("Attention & <heads> $w_i$ [v2]", engine(site, jobs=1)),
             ("Attention, $O(n^2)$ *again*", long_lived)]
    for title, builder in steps:
        site.post("b.md", title, date="2024-05-01", lang="en", body="B.\n")
        result = builder.build()
        assert result.written, messages(result)
        assert result.bodies_rendered == 2, title  # b's body, and a's, which shows b's title
        assert tree(site.output) == clean_build(site, tmp_path), title
    page = (site.output / "posts/a/index.html").read_text(encoding="utf-8")
    assert re.search(r'Read <a href="/blog/posts/b/">Attention, '
                     r'<span class="katex" translate="no">.*?'
                     r"<annotation encoding=\"application/x-tex\">O\(n\^2\)</annotation>.*?"
                     r"</span> \*again\*</a> first.", page)


def test_json_front_matter_after_incremental_builds_as_after_a_clean_one(site, tmp_path):
    """A post's Hugo JSON front matter is read from its bytes, as YAML is: an edit of it (its
    tags), or YAML written in its place, gives a clean build's output."""
    site.post("b.md", "B", date="2024-05-01", body="B.\n")
    json_post = '{{\n  "title": "注意力",\n  "date": "2024-05-02",\n  "tags": {tags}\n}}\n正文。\n'
    site.write("content/posts/a.md", json_post.format(tags='["attention"]'))
    long_lived = engine(site, jobs=1)
    assert long_lived.build().written
    steps = [(json_post.format(tags='["transformer", "attention"]'), long_lived),
             ("---\ntitle: 注意力\ndate: 2024-05-02\ntags: [nlp]\n---\n正文。\n",
              engine(site, jobs=1)),
             (json_post.format(tags='["kv-cache"]'), long_lived)]
    for text, builder in steps:
        site.write("content/posts/a.md", text)
        result = builder.build()
        assert result.written, messages(result)
        assert tree(site.output) == clean_build(site, tmp_path), text
    assert "注意力" in (site.output / "tags/kv-cache/index.html").read_text(encoding="utf-8")


def test_terms_in_pinyin_order_after_incremental_builds_as_after_a_clean_one(site, tmp_path):
    """The tags index's order depends on the pinyin of the names, which the cache remembers
    (name_order.Readings): new names, names gone, and a damaged memory of them, read anew."""
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n")
    site.post("a.md", "甲", tags="[贪心, attention]")
    long_lived = engine(site, jobs=1)
    assert long_lived.build().written
    steps = [("b.md", "[深度学习, 动态规划]", long_lived),
             ("a.md", "[贪心, 二分查找, Zeta]", engine(site, jobs=1)),
             ("b.md", "[机器学习]", long_lived)]
    for name, tags, builder in steps:
        site.post(name, name, tags=tags)
        result = builder.build()
        assert result.written, messages(result)
        assert tree(site.output) == clean_build(site, tmp_path), tags
    store = Store(site.root / ".blogforge-cache/build.sqlite")
    store.put("pinyin", "readings", {"code": code_fingerprint(),  # (a syllable too few, too many)
                                     "entries": {"机器学习": "ji1 qi4 xue2", "贪心": "a1 b2 c3"}})
    store.flush()
    store.close()
    site.post("b.md", "b.md", tags="[机器学习, LeetCode]", body="Edited.\n")
    assert engine(site, jobs=1).build().written
    assert tree(site.output) == clean_build(site, tmp_path)
    names = re.findall(r'href="/tags/[^"]+">#([^<]+)</a>', site.read("tags/"))
    assert names == ["二分查找", "机器学习", "贪心", "LeetCode", "Zeta"]


def test_inline_tags_after_incremental_builds_as_after_a_clean_one(site, tmp_path):
    """An Obsidian note's `#tag`s are tags of its post (inline_tags.py): an edit of its text
    moves it between tag pages, a vault that comes or goes makes them tags or text, an
    unlisted note's are left as text, and a language whose folder moves moves their links;
    each build the bytes of a clean one, by a long-lived site (serve) too."""
    site.write("site.yaml", "base_url: https://example.org/blog/\nlanguages: {zh: {}, en: {}}\n")
    site.post("a.md", "甲", tags="[ml]", body="正文 #机器学习 与 #ml/vae。\n")
    site.post("b.md", "乙", body="Also #ML here.\n")
    long_lived = engine(site, jobs=1)
    assert long_lived.build().written
    steps = [
        ("vault", lambda: site.write("content/.obsidian/app.json", "{}")),
        ("edit", lambda: site.post("b.md", "乙", body="Now #深度学习/注意力 and #ml.\n")),
        ("unlisted", lambda: site.post("a.md", "甲", tags="[ml]", unlisted="true",
                                       body="正文 #机器学习 与 #ml/vae。\n")),
        ("english", lambda: site.write("site.yaml", "base_url: https://example.org/blog/\n"
                                       "default_language: en\nlanguages: {en: {}, zh: {}}\n")),
        ("no vault", lambda: shutil.rmtree(site.root / "content/.obsidian")),
    ]
    for step, (what, change) in enumerate(steps):
        change()
        builder = long_lived if step % 2 else engine(site, jobs=1)
        result = builder.build()
        assert result.written, messages(result)
        assert tree(site.output) == clean_build(site, tmp_path), what
        if what == "edit":
            assert (site.output / "tags/深度学习/index.html").exists()
            assert '<a href="/blog/tags/ml/" class="tag">#ml</a>' in site.read("posts/b/")


def test_links_to_headings_by_their_words_after_incremental_builds_as_after_a_clean_one(
        site, tmp_path):
    """An Obsidian link naming another post's heading by its words leads to the id that
    heading got (links.py): an id written on it, changed or taken off, or a heading of those
    words coming before, or an anchor of its id (`方法-1`), moves the link of a post whose text
    is unchanged; each build the bytes of a clean one, by a long-lived site (serve) too."""
    site.post("other.md", "Other", lang="zh", body="## 方法 {#approach}\n\nx\n")
    site.post("self.md", "甲", lang="zh", date="2024-05-02",
              body="见 [[other#方法]]、[一](other.md#Method%20Overview)。\n")
    long_lived = engine(site, jobs=1)
    assert long_lived.build().written
    steps = [("written id changed", "## 方法 {#method}\n\n## Method Overview {.x #overview}\n",
              "method", "overview"),
             ("written id off", "## 方法\n\n## Method Overview\n", "方法", "method-overview"),
             ("one before", "## 方法 {#first}\n\n## 方法\n\n## Method Overview {#overview}\n",
              "first", "overview"),
             ("an anchor before", '<a id="方法"></a>\n\n## 方法\n\n## Method Overview\n',
              "方法-1", "method-overview"),
             ("the anchor off", "## 方法\n\n## Method Overview\n", "方法", "method-overview")]
    for step, (what, body, method, overview) in enumerate(steps):
        site.post("other.md", "Other", lang="zh", body=body)
        builder = long_lived if step % 2 else engine(site, jobs=1)
        result = builder.build()
        assert result.written, messages(result)
        assert tree(site.output) == clean_build(site, tmp_path), what
        assert f'<a href="/posts/other/#{method}">方法</a>、<a href="/posts/other/#{overview}">' \
            '一</a>' in site.read("posts/self/"), what


def test_a_build_reads_new_chinese_names_while_it_renders_the_bodies(site, monkeypatch,
                                                                      new_process):
    """The pinyin of new Chinese names is read by a process started before the bodies, not
    waited for after them: with too few posts for a pool (one core renders the bodies) 0.34 s
    of a 6 MB post's build, with a pool 0.17 s of a cold build of 1,000 posts (its 57 MB of
    dictionaries are gone before the workers' memory has grown: the build's peak is not
    raised)."""
    from blogforge import name_order
    from blogforge import site as site_module

    events: list[str] = []
    start, render = name_order.read_aside, site_module.render_bodies
    monkeypatch.setattr(name_order, "read_aside",
                        lambda runs: events.append("reading " + " ".join(runs)) or start(runs))
    monkeypatch.setattr(site_module, "render_bodies",
                        lambda *a, **k: events.append("bodies") or render(*a, **k))
    site.post("a.md", "甲", tags="[贪心, 深度学习, attention]", categories="[算法]")
    assert site.build(jobs=2).written
    assert events == ["reading 深度学习 算法 贪心", "bodies"]
    names = re.findall(r'href="/tags/[^"]+">#([^<]+)</a>', site.read("tags/"))
    assert names == ["深度学习", "贪心", "attention"]

    events.clear()
    for n in range(bodies.POOL_THRESHOLD):
        site.post(f"p{n}.md", f"乙{n}", tags="[动态规划]")
    assert site.build(jobs=2).written  # (the names this process read: not read again)
    assert events == ["reading 动态规划", "bodies"]
    names = re.findall(r'href="/tags/[^"]+">#([^<]+)</a>', site.read("tags/"))
    assert names == ["动态规划", "深度学习", "贪心", "attention"]


LARGE_BODIES = {
    # a cut excerpt; a macro and an equation number the search text reads only once the HTML
    # is rendered; a table, code, a closed <details>; raw HTML left open at the end
    "cut.md": ("长文", "", "$\\newcommand{\\R}{\\mathbb{R}}$ 设 $x \\in \\R$，见 "
               "$\\eqref{eq:a}$。" + "注意力机制把查询与键比较。" * 40 + "\n\n"
               "$$\ny = Wx \\label{eq:a}\n$$\n\n| a | b |\n| - | - |\n| 表格 | cell |\n\n"
               "```python\nprint(1)\n```\n\n<details>\n\n折叠的 words.\n\n</details>\n\n"
               "Attention compares queries with keys. " * 30 + "\n\n<div hidden>\n\n藏起来。\n"),
    "more.md": ("有摘要标记", "", "开头 $a+b$ 的一段。\n\n<!--more-->\n\n" + "后文。" * 200),
    "summary.md": ("自己的摘要", "summary: 作者写的 $\\alpha$ 摘要\n",
                   "正文。" * 200 + "\n\n## Heading $\\beta$\n\nEnd.\n"),
}


def built_alone(site: Site, posts: Callable[[Site], None]) -> tuple[list[str], dict]:
    """The messages and the site of a build of `posts` with no second core: nothing is set
    aside, what a build with one must give byte for byte."""
    posts(site)
    alone = site.build(jobs=1)
    assert alone.written
    return messages(alone), tree(site.output)


def called_where(note: Path, function: Callable, said: Callable = lambda *args: []) -> Callable:
    """`function`, writing to `note` first the pid of the process that calls it and what
    `said` gives of its arguments, as a line of words."""
    def noted(*args: object) -> object:
        with note.open("a") as out:
            out.write(" ".join([str(os.getpid()), *said(*args)]) + "\n")
        return function(*args)
    return noted


def large_posts(site: Site) -> None:
    for n, (name, (title, front, body)) in enumerate(LARGE_BODIES.items()):
        site.write(f"content/posts/{name}", f"---\ntitle: {title}\ndate: 2024-05-0{n + 1}\n"
                   f"{front}---\n{body}")


def test_a_large_post_s_text_is_read_beside_its_html_and_reads_the_same(
        site, tmp_path, monkeypatch):
    """A body of READ_ASIDE_CHARS or more, built with a second core and no pool, has its text
    (excerpt, reading time, search text, raw HTML left open) read by a forked process while
    its HTML renders (1.3 s of a 6 MB post's 10 s on one core); the site and the warnings
    are the ones a build reading it in its own process makes."""
    from blogforge.markdown import body_text
    from blogforge.markdown import render as render_module

    read_in = tmp_path / "read-in"
    said, built = built_alone(site, large_posts)
    assert any("hidden" in message for message in said)
    monkeypatch.setattr(render_module, "READ_ASIDE_CHARS", 100)
    monkeypatch.setattr(body_text, "read_body_text",
                        called_where(read_in, body_text.read_body_text))
    beside = site.build(jobs=2)
    assert beside.written
    readers = read_in.read_text().split()
    assert len(readers) == 3 and str(os.getpid()) not in readers
    assert messages(beside) == said
    assert tree(site.output) == built
    docs = [json.loads(p.read_text(encoding="utf-8"))
            for p in (site.output / "search-index/d").glob("*.json")]
    searched = next(doc["text"] for doc in docs if doc["url"].endswith("/posts/cut/"))
    assert "(1)" in searched and "折叠的" in searched and "表格" in searched
    assert "\\R" not in searched and "eqref" not in searched


def code_post(site: Site, intro: str = "开头。") -> None:
    """A post of many code blocks: repeated, numbered, with lines marked, indented, in a
    language Pygments does not know, plain text, and one in a quote."""
    fences = []
    for n in range(12):
        fences += [f"```python\ndef f{n}(x):\n    return x * {n}\n```",
                   "```cpp\nint main() { return 0; }\n```",  # the same block, again and again
                   f"~~~python {{linenos=true hl_lines=\"2\"}}\nx = {n}\ny = x + 1\n~~~"]
    fences += ["```nosuchlang\nsome code\n```", "```text\nplain words\n```",
               "  ```rust\n  fn last() -> u8 {\n      7\n  }\n  ```",
               "> ```python\n> quoted = True\n> ```"]
    site.post("code.md", "代码", body=intro + "\n\n" + "\n\n".join(fences) + "\n\nEnd.\n")


def test_a_large_post_s_code_is_highlighted_beside_its_parse_and_html(
        site, tmp_path, monkeypatch):
    """A large body rendered with a second core and no pool has its code blocks highlighted
    by a forked process while it is parsed and rendered (Pygments was half of a 6 MB post's
    HTML); the blocks are found in its text before the parse, and those found there
    differently (in a quote) are highlighted by the build's own process. The pages and
    warnings are a build's that highlights them all itself, and the blocks made beside are
    in the cache: an edit of the text highlights none again."""
    from blogforge.markdown import highlight
    from blogforge.markdown import render as render_module

    made_in = tmp_path / "made-in"
    highlight_one = highlight._highlight
    said, built = built_alone(site, code_post)
    assert any("`nosuchlang`" in message for message in said)
    monkeypatch.setattr(render_module, "READ_ASIDE_CHARS", 100)
    monkeypatch.setattr(highlight, "_highlight_all", called_where(
        made_in, highlight._highlight_all, lambda blocks, *rest: [block[1] for block in blocks]))
    monkeypatch.setattr(highlight, "_recent", {})  # (as a new `blogforge build` starts)
    here: list[str] = []
    monkeypatch.setattr(highlight, "_highlight",
                        lambda block: here.append(block[0]) or highlight_one(block))
    beside = site.build(jobs=2, use_cache=True)
    assert beside.written and messages(beside) == said
    assert tree(site.output) == built
    pid, *languages = made_in.read_text().split()
    assert pid != str(os.getpid())
    # each block once (the repeated one too), plain text none, the quoted one not found
    assert languages == ["python", "cpp", "python"] + ["python", "python"] * 11 + [
        "nosuchlang", "rust"]
    assert here == ["some code\n", "quoted = True\n"]  # (unknown; not found before the parse)

    here.clear()
    monkeypatch.setattr(highlight, "_recent", {})
    code_post(site, intro="开头改了。")
    edited = site.build(jobs=1, use_cache=True)  # (every block highlighted here if need be)
    assert edited.written and messages(edited) == said
    assert here == ["some code\n"]  # (a language Pygments does not know: never stored)
    assert tree(site.output)["posts/code/index.html"].count(b'class="code-block') == 40


# The work a large body sets aside: the module and function its process runs, and posts
# that have it set aside.
LARGE_POST_ASIDES = {"text": ("body_text", "read_body_text", large_posts),
                     "code": ("highlight", "_highlight_all", code_post)}


@pytest.mark.parametrize("aside", LARGE_POST_ASIDES)
@pytest.mark.parametrize("failure", ["raises", "dies"])
def test_a_large_post_s_work_set_aside_is_done_here_when_its_process_fails(
        site, monkeypatch, aside, failure):
    """A process reading the text or highlighting the code that fails (an error in it, or it
    is killed) leaves the work to the build's own process: the same site and messages,
    nothing said of the process."""
    from blogforge import markdown
    from blogforge.markdown import render as render_module

    module, function, posts = LARGE_POST_ASIDES[aside]

    def broken(*args):
        if failure == "dies":
            os._exit(1)
        raise RuntimeError("the process broke")

    said, built = built_alone(site, posts)
    monkeypatch.setattr(render_module, "READ_ASIDE_CHARS", 100)
    monkeypatch.setattr(getattr(markdown, module), function, broken)
    beside = site.build(jobs=2)
    assert beside.written and messages(beside) == said
    assert tree(site.output) == built


@pytest.mark.parametrize("aside", LARGE_POST_ASIDES)
def test_a_build_stopped_while_a_large_post_s_work_is_set_aside_ends_that_process(
        site, monkeypatch, aside):
    """Ctrl+C (or an error) while the body renders ends the process reading its text or
    highlighting its code at once, rather than leaving it to finish for nobody (in `serve`,
    for as long as it runs)."""
    import multiprocessing

    from markdown_it.renderer import RendererHTML

    from blogforge import markdown
    from blogforge.markdown import render as render_module

    module, function, posts = LARGE_POST_ASIDES[aside]

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    posts(site)
    monkeypatch.setattr(render_module, "READ_ASIDE_CHARS", 100)
    monkeypatch.setattr(getattr(markdown, module), function, lambda *args: time.sleep(60))
    monkeypatch.setattr(RendererHTML, "render", interrupted)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        site.build(jobs=2)
    assert multiprocessing.active_children() == []
    assert time.monotonic() - started < 30


def test_a_large_post_s_code_process_puts_its_blocks_in_the_cache_and_ends_unasked(tmp_path):
    """Given the build's cache, the process highlighting a large body's code beside its parse
    puts the blocks there and ends as soon as they are made, not once the body's first block
    asks for them (sent through its pipe, more than it holds, they waited to be read: the
    6 MB post's 6 MB, and the 32 MB that process held through the parse, were the build's
    peak); the body's process finds each in the cache, and none the process could not make
    (a language Pygments does not know). Without a cache, they come through the pipe."""
    from blogforge.markdown import highlight

    long_block = ("\n".join(f"x{n} = {n} + 1  # 第 {n} 行" for n in range(3_000)) + "\n",
                  "python", (2,), True, 1)
    blocks = [long_block, ("fn f() {}\n", "rust", (), False, 1),
              ("some code\n", "nosuchlang", (), False, 1)]
    whole = highlight._highlight(long_block)
    assert whole is not None and len(pickle.dumps(whole)) > 1 << 17  # (more than a pipe holds)

    class NeverEnded(Exception):
        pass

    def stuck(signum, frame):
        raise NeverEnded

    store = Store(tmp_path / "build.sqlite")
    aside = highlight.CodeAside.start(blocks, store)
    assert aside is not None
    previous = signal.signal(signal.SIGALRM, stuck)
    signal.setitimer(signal.ITIMER_REAL, 30)  # (waiting to be read, it never ends unasked)
    try:
        os.waitid(os.P_PID, aside._aside.pid, os.WEXITED | os.WNOWAIT)  # (ended, not reaped)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    cached = highlight.CodeBlocks(store)
    assert cached.get(highlight._block_key(long_block)) == whole  # (there before it is asked)
    assert aside.made(long_block, cached) == whole
    assert aside.made(blocks[1], cached) == highlight._highlight(blocks[1])
    assert aside.made(blocks[2], cached) is None
    assert aside.made(("other\n", "python", (), False, 1), cached) is None  # (not its own)
    sent = highlight.CodeAside.start(blocks)  # (no cache)
    assert sent is not None and sent.made(long_block) == whole
    store.close()


def broken_large_post(site: Site) -> None:
    """`large_posts`, and one whose formulas and Markdown say what is wrong at their lines."""
    large_posts(site)
    site.write("content/posts/bad.md", "---\ntitle: 坏的长文\ndate: 2024-05-04\n---\n"
               + "注意力机制把查询与键比较。" * 50 + "\n\n见 $\\eqref{eq:none}$ 与 $\\frac{1}{$ "
               "和 $\\badmacro{x}$。\n\n[坏链接](missing.md)\n\n<!-- 没关上\n\n后文。\n")


@pytest.mark.parametrize("feeds_beside", [False, True])
@pytest.mark.parametrize("failure", [None, "raises", "dies"])
def test_a_large_body_is_rendered_with_its_feed_body_by_a_process_that_ends(
        site, tmp_path, monkeypatch, failure, feeds_beside):
    """A body of APART_CHARS or more is rendered, with its feed body from the same tokens, by
    a forked process that then ends, taking the memory it used with it (a 6 MB post's ~300 MB,
    which the build's own process kept through its pages); the site, the feeds and the
    messages (a formula's, a link's, raw HTML's, at their lines) are a build's that renders it
    in its own process, and so are those of an edit after, from the cache, whether the feed
    bodies' process (`feeds_beside`) or the build's stores the feed body, which it writes before
    its other work (a 6 MB post's 10.7 MB, let go of then). The HTML is made in parts there,
    with the feed body, a stretch of tokens at a time (`_render_in_stretches`: references
    resolved in each once all are rendered, a reference before its equation too), and
    written to the cache from those parts. Its text is read there too,
    not by a process forked from it (which copied the tokens' pages it read: a 6 MB post's
    ~136 MB beside its rendering, the build's peak). A process that fails (an error in it, or
    killed) leaves the body to the build's own process: the same."""
    from blogforge import site as site_module
    from blogforge.markdown import body_text
    from blogforge.markdown import render as render_module
    from blogforge.markdown.render import PostRenderer

    rendered_in, reused_in = tmp_path / "rendered-in", tmp_path / "reused-in"
    read_in = tmp_path / "read-in"
    weighed_in = tmp_path / "weighed-in"
    weigh_post = site_module.weigh_post

    def weighed_after(post, **kwargs):  # (the feed bodies in the cache's file by then)
        with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db, \
                weighed_in.open("a") as out:
            feeds = db.execute("SELECT count(*) FROM units WHERE kind='feed'").fetchone()[0]
            out.write(f"{os.getpid()} {feeds}\n")
        return weigh_post(post, **kwargs)

    monkeypatch.setattr(site_module, "weigh_post", weighed_after)
    said, built = built_alone(site, broken_large_post)
    assert any("bad.md:7: warning: KaTeX" in message for message in said)
    assert any("bad.md:11: warning: an HTML comment" in message for message in said)
    for name in ("render", "render_for_feed", "feed_beside"):
        monkeypatch.setattr(PostRenderer, name, called_where(
            rendered_in, getattr(PostRenderer, name), lambda self, post, *rest, name=name: [
                name, post.source.name]))
    if failure is not None:
        def broken(*args: object) -> None:
            if failure == "dies":
                os._exit(1)
            raise RuntimeError("the process broke")

        monkeypatch.setattr(bodies, "_apart", broken)
    # (the feed body made from the body's tokens, not from a parse of its own)
    monkeypatch.setattr(render_module, "resolve_again", called_where(
        reused_in, render_module.resolve_again))
    monkeypatch.setattr(bodies, "APART_CHARS", 500)
    monkeypatch.setattr(render_module, "PART_CHARS", 40)  # (its HTML in many parts)
    monkeypatch.setattr(render_module, "READ_ASIDE_CHARS", 100)  # (a second core is free)
    for module in (body_text, render_module):  # (read beside, or where it renders)
        monkeypatch.setattr(module, "read_body_text", called_where(read_in, module.read_body_text))
    if feeds_beside:
        monkeypatch.setattr(bodies, "FEED_ASIDE_CHARS", 1)
    for step in range(2):
        if step:  # (an edit of one large post: the others' bodies from the cache)
            site.write("content/posts/more.md", "---\ntitle: 有摘要标记\ndate: 2024-05-02\n"
                       "---\n开头 $a+b$ 的一段，改了。\n\n<!--more-->\n\n" + "后文。" * 200)
        rendered_in.unlink(missing_ok=True)
        reused_in.unlink(missing_ok=True)
        read_in.unlink(missing_ok=True)
        result = site.build(jobs=2, use_cache=True)
        noted = [line.split() for line in rendered_in.read_text().splitlines()]
        if failure is None:  # (each text read where its body renders, by no process forked
            # to read it; when the body's process fails, the build's own renders it, and may)
            assert set(read_in.read_text().split()) <= {pid for pid, *_ in noted}, step
        here = [rest for pid, *rest in noted if pid == str(os.getpid())]
        reused = reused_in.read_text().split() if reused_in.exists() else []
        assert result.written and messages(result) == said, step
        assert tree(site.output) == clean_build(site, tmp_path), step
        large = {"cut.md", "more.md", "summary.md", "bad.md"} if not step else {"more.md"}
        # (each feed body made once, in one process or another)
        assert sorted(name for _, kind, name in noted
                      if kind in ("render_for_feed", "feed_beside")) == sorted(large), step
        # (and each body once: the others' HTML read back from the cache as their processes
        # wrote it, from its parts)
        assert sorted(name for _, kind, name in noted if kind == "render") == sorted(large), step
        if failure is None:  # (nothing of theirs here; not even their feed bodies)
            assert [name for _, name in here if name in large] == [], step
            # (its links resolved for the feed a stretch at a time, in its own process)
            assert len(set(reused)) == len(large) and str(os.getpid()) not in reused, step
        else:
            assert {name for kind, name in here if kind == "render"} == large, step
        if failure is None and feeds_beside and not step:  # (weighed there, after)
            weighed = [line.split() for line in weighed_in.read_text().splitlines()]
            assert weighed and all(pid != str(os.getpid()) and int(feeds) >= len(large)
                                   for pid, feeds in weighed)


# A body whose rendering reads across its blocks: a footnote and a reference link defined
# after their use, an equation referred to before it, two headings of the same words (ids),
# lists, a table, a fence holding a fence's marker, a comment and a display formula over blank
# lines, raw HTML with a relative link, links and images for the feed's absolute URLs.
STRETCHED_BODY = """# 标题 $x$

见[参考][later]和脚注[^1]，以及 $\\eqref{eq:later}$。

## 重复

段落 [相对](other.md) 与 ![图 $a$](/images/x.png) 和 [站内](/about/)。

## 重复

- 列表一
- 列表二
  - 嵌套 $x^2$

1. 有序
2. 列表

| 列 | 列 $a$ |
| - | - |
| 表格 | [链](https://example.com/) |

```python
print("```")

x = 1
```

<!-- 注释

跨段 -->

$$
a = b

\\label{eq:later}
$$

<div><a href="rel/page.html">原始 HTML</a></div>

> 引用 **重点**

- [ ] 任务

[^1]: 脚注，带链接 [页](/about/)。

[later]: https://example.org/later "稍后定义"
"""


def test_a_large_body_rendered_a_stretch_at_a_time_is_its_whole_rendering(
        site, tmp_path, monkeypatch):
    """A large body's process renders its HTML and its feed body a stretch of top-level blocks
    at a time, letting go of each stretch's tokens once both are made; with a stretch of one
    block, the site, its feeds and the messages are those of the body rendered whole: what
    reads across blocks (footnotes, references, ids, equation numbers, the feed's links) was
    worked out by the parse of the whole body."""
    from blogforge.markdown import render as render_module
    from blogforge.markdown.render import FeedBeside, PostRenderer

    def posts(site: Site) -> None:
        site.write("content/posts/long.md", "---\ntitle: 长文 $y$\ndate: 2024-05-01\n---\n"
                   + STRETCHED_BODY)

    said, whole = built_alone(site, posts)
    assert any("long.md:" in message for message in said)  # (its links' warnings)
    stretches, finished = tmp_path / "stretches", tmp_path / "finished"
    monkeypatch.setattr(PostRenderer, "_headings", staticmethod(called_where(
        stretches, PostRenderer._headings)))
    monkeypatch.setattr(FeedBeside, "finish", called_where(finished, FeedBeside.finish))
    monkeypatch.setattr(bodies, "APART_CHARS", 100)
    monkeypatch.setattr(render_module, "PART_CHARS", 1)  # (a stretch a block)
    result = site.build(jobs=2, use_cache=True)
    assert result.written and messages(result) == said
    assert tree(site.output) == whole
    # (made so, in the body's own process: a stretch a block, its feed body beside)
    pids = set(stretches.read_text().split())
    assert len(stretches.read_text().splitlines()) > 15 and str(os.getpid()) not in pids
    assert set(finished.read_text().split()) == pids


def long_post_with_code(site: Site) -> None:
    """A body of code blocks and prose, then `STRETCHED_BODY` (an equation referred to before
    it is numbered: the feed body's parts after that reference wait for its number)."""
    fences = "\n\n".join(f"段落 {n}，公式 $x_{n}$。\n\n```python\ndef f{n}(x):\n"
                          f"    return x * {n}\n```" for n in range(8))
    site.write("content/posts/long.md", "---\ntitle: 长文 $y$\ndate: 2024-05-01\n---\n"
               + fences + "\n\n" + STRETCHED_BODY)


def test_a_large_body_s_process_holds_neither_its_feed_body_nor_its_cache_entries_to_its_end(
        site, tmp_path, monkeypatch):
    """A large body's own process writes its feed body into a file the build's process gave
    it, a stretch at a time (but for the parts after a reference to an equation numbered
    later, held until it is), and the build's process reads it once that process has ended
    (the 6 MB post's 10.7 MB were held there to its end, joined, then sent through the
    pipe); the cache's entries its stretches made (code blocks, formulas) are written as they
    pass FLUSHED_CHARS, not held to its end; and the build's process hands back the memory it
    freed before it forks it. The site, the feeds and the messages are a build's that
    renders the body whole in its own process."""
    from blogforge.markdown import render as render_module
    from blogforge.markdown.render import FeedBeside

    said, whole = built_alone(site, long_post_with_code)
    sent, flushed, added = tmp_path / "sent", tmp_path / "flushed", tmp_path / "added"
    events: list[str] = []
    apart = bodies._apart

    def noted_apart(*args: object) -> object:
        entry, feed = apart(*args)
        with sent.open("a") as out:
            out.write(f"{os.getpid()} {feed is None}\n")
        return entry, feed

    flush, add = Store.flush, FeedBeside.add

    def noted_flush(self: Store, in_parts: object = None) -> None:
        with flushed.open("a") as out:
            out.write(f"{os.getpid()} {in_parts is not None} {self.pending_chars}\n")
        flush(self, in_parts)

    def noted_add(self: FeedBeside, piece: str) -> None:
        add(self, piece)
        with added.open("a") as out:  # (what it holds after each stretch)
            out.write(f"{len(self.parts)}\n")

    monkeypatch.setattr(bodies, "_apart", noted_apart)
    monkeypatch.setattr(Store, "flush", noted_flush)
    monkeypatch.setattr(FeedBeside, "add", noted_add)
    monkeypatch.setattr(bodies, "give_back_freed_memory", lambda: events.append("given back"))
    start = bodies.Aside.start
    monkeypatch.setattr(bodies.Aside, "start", lambda function, *args: events.append(
        "forked" if function is noted_apart else function.__name__) or start(function, *args))
    monkeypatch.setattr(bodies, "APART_CHARS", 100)
    monkeypatch.setattr(render_module, "PART_CHARS", 1)  # (a stretch a block)
    monkeypatch.setattr(render_module, "FLUSHED_CHARS", 1)
    result = site.build(jobs=2, use_cache=True)
    assert result.written and messages(result) == said
    assert tree(site.output) == whole
    (child, through_file), = [line.split() for line in sent.read_text().splitlines()]
    assert child != str(os.getpid()) and through_file == "True"
    held = [int(n) for n in added.read_text().split()]
    # (written as they came until the reference, held from it on)
    assert held[:8] == [0] * 8 and held[-1] > 10 and held == sorted(held)
    in_child = [line.split()[1:] for line in flushed.read_text().splitlines()
                if line.split()[0] == child]
    # (as the stretches went, each with the code blocks or formulas the last one made)
    during = [int(chars) for in_parts, chars in in_child if in_parts == "False"]
    assert len(during) >= 8 and all(chars > 0 for chars in during)
    assert in_child[-1][0] == "True"  # (then its HTML, from its parts)
    assert events[events.index("forked") - 1] == "given back"  # (just before the fork)


def test_a_large_body_s_search_text_is_written_in_parts_by_its_process_and_read_back(
        site, tmp_path, monkeypatch):
    """A large body's own process writes its search text to the cache in parts of about
    SPACED_CHARS characters, never one text there (the 6 MB post's 8.6 MB, three times that
    while it was made, at that process's peak), nor sends it to the build's process, which
    does not hold it through the pages: the feeds' process reads it back to weigh it, the
    index to show it. The site and its search index are a build's that renders the body
    whole in its own process, cold and with the body from the cache."""
    from blogforge import site as site_module
    from blogforge.markdown import body_text
    from blogforge.markdown import render as render_module

    said, whole = built_alone(site, long_post_with_code)
    sent, parts, weighed = tmp_path / "sent", tmp_path / "parts", tmp_path / "weighed"
    apart, text_parts, weigh_post = bodies._apart, render_module.search_text_parts, \
        site_module.weigh_post

    def noted_apart(*args: object) -> object:
        entry, feed = apart(*args)
        with sent.open("a") as out:
            out.write(f"{os.getpid()} {'search_text' in entry['rendered']}\n")
        return entry, feed

    def noted_parts(*args: object):
        for part in text_parts(*args):
            with parts.open("a") as out:
                out.write(f"{os.getpid()} {len(part)}\n")
            yield part

    def noted_weigh(post, **kwargs):
        with weighed.open("a") as out:
            out.write(f"{os.getpid()} {len(post.rendered.search_text)}\n")
        return weigh_post(post, **kwargs)

    monkeypatch.setattr(bodies, "_apart", noted_apart)
    monkeypatch.setattr(render_module, "search_text_parts", noted_parts)
    monkeypatch.setattr(site_module, "weigh_post", noted_weigh)
    monkeypatch.setattr(body_text, "SPACED_CHARS", 20)
    monkeypatch.setattr(bodies, "APART_CHARS", 100)
    monkeypatch.setattr(bodies, "FEED_ASIDE_CHARS", 1)  # (the feeds' process weighs it)
    result = site.build(jobs=2, use_cache=True)
    assert result.written and messages(result) == said
    assert tree(site.output) == whole
    (child, held), = [line.split() for line in sent.read_text().splitlines()]
    assert child != str(os.getpid()) and held == "False"
    made = [line.split() for line in parts.read_text().splitlines()]
    assert len(made) > 5 and {pid for pid, _ in made} == {child}
    assert all(int(chars) < 100 for _, chars in made)  # (a few parts' words each)
    (weigher, chars), = [line.split() for line in weighed.read_text().splitlines()]
    assert weigher not in (child, str(os.getpid())) and int(chars) > 100
    shutil.rmtree(site.output)  # (the body from the cache, its text read back for the index)
    again = site.build(jobs=2, use_cache=True)
    assert again.written and messages(again) == said
    assert tree(site.output) == whole


def test_a_search_text_spaced_in_parts_is_the_text_spaced_whole(monkeypatch):
    """A search text made in parts (`_spaced`) has each run of spaces, breaks and ideographic
    spaces one space, none at its ends, a word that goes on from one part into the next one
    word: as the text made whole and spaced."""
    from blogforge.markdown import body_text

    pieces = ["ab", "中文", " ", "\n", "\u3000", "\t", "x$", "  ", "", "$\\alpha$"]
    chooser = random.Random(8)
    for limit in (1, 2, 3, 7, 10_000):
        monkeypatch.setattr(body_text, "SPACED_CHARS", limit)
        for _ in range(500):
            texts = ["".join(chooser.choices(pieces, k=chooser.randint(0, 5)))
                     for _ in range(chooser.randint(0, 10))]
            assert "".join(body_text._spaced(texts)) == " ".join("".join(texts).split())


def test_work_set_aside_and_never_asked_for_ends_its_process():
    """Work handed to a forked process (`Aside`) that nobody asks for any more (the build
    stopped; in `serve`, a newer save started another) ends with it, not left to finish."""
    import gc

    from blogforge.forks import Aside

    aside = Aside.start(time.sleep, 60)
    assert aside is not None
    pid = aside.pid
    assert os.waitpid(pid, os.WNOHANG) == (0, 0)  # (at work)
    del aside
    gc.collect()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # (ended, and waited for: no process of that number is left)


def test_a_build_stopped_while_it_waits_for_work_set_aside_ends_that_work_at_once():
    """Ctrl+C (or a stop signal) while the build waits for what a forked process makes (the
    search index, half of a large link audit) ended the wait, then waited for the process to
    finish its work: the build stopped only once it had. The process is ended at once."""
    from blogforge.forks import Aside

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    aside = Aside.start(time.sleep, 60)
    assert aside is not None
    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            aside.result()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 30  # (not the 60 s of its work)
    with pytest.raises(ProcessLookupError):
        os.kill(aside.pid, 0)  # (ended, and waited for)


def test_work_set_aside_comes_back_as_it_was_made_or_as_none_when_it_failed():
    """What a forked process returns comes back through its pipe, large or small; work that
    raised gives None (the caller does it itself), and so does a process that died."""
    from blogforge.forks import Aside

    large = {f"posts/{n}/index.html": (n, n * 2, n * 3) for n in range(20_000)}
    assert Aside.start(dict, large).result() == large
    assert Aside.start(int, "not a number").result() is None
    assert Aside.start(os._exit, 3).result() is None


def test_work_set_aside_and_heard_at_once_ends_when_made_not_when_asked_for():
    """A process whose result is more than a pipe holds (a large body's text, read while its
    HTML renders: 5 MB pickled) and whose result is heard at once (`hear_at_once`) sends it
    and ends as soon as it is made, freeing what it copied of the build's memory, not when
    `result` is asked; the result is the same, and one stopped or failed ends as before."""
    from blogforge.forks import Aside

    large = [f"第 {n} 段的文字" for n in range(200_000)]
    aside = Aside.start(list, large)
    assert aside is not None
    aside.hear_at_once()

    class NeverEnded(Exception):
        pass

    def stuck(signum, frame):
        raise NeverEnded

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.setitimer(signal.ITIMER_REAL, 30)  # (unheard, it waits for `result` for ever)
    try:
        os.waitid(os.P_PID, aside.pid, os.WEXITED | os.WNOWAIT)  # (ended, not yet reaped)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert aside.result() == large
    stopped, failed = Aside.start(time.sleep, 60), Aside.start(os._exit, 3)
    assert stopped is not None and failed is not None
    stopped.hear_at_once()
    failed.hear_at_once()
    stopped.stop()
    assert failed.result() is None
    for ended in (aside, stopped, failed):
        with pytest.raises(ProcessLookupError):
            os.kill(ended.pid, 0)  # (ended, and waited for)
        assert ended.hearing is not None and not ended.hearing.is_alive()


def test_work_set_aside_before_its_arguments_are_known_gets_them_whole_or_is_ended():
    """A process forked to prepare (`Aside.waiting`: pypinyin imported while the build
    imports its own modules) is given its arguments later, more than a pipe holds, though a
    process forked in between holds the pipe too (it is not read to its end); one never given
    them, or stopped, is ended, not left waiting; one whose preparing failed gives None."""
    from blogforge.forks import Aside

    aside = Aside.waiting(lambda: time.sleep(0.2), lambda numbers, k: [n * k for n in numbers])
    assert aside is not None
    holder = os.fork()  # (as the build's pools fork while the process waits)
    if holder == 0:
        time.sleep(60)
        os._exit(0)

    class WaitedForTheHolder(Exception):
        pass

    def stuck(signum, frame):
        raise WaitedForTheHolder

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.setitimer(signal.ITIMER_REAL, 30)  # (its pipe read to the end: the holder's)
    try:
        assert aside.give(list(range(100_000)), 3)
        assert aside.result() == [n * 3 for n in range(100_000)]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        os.kill(holder, signal.SIGKILL)
        os.waitpid(holder, 0)
    never_given, stopped = Aside.waiting(dict, len), Aside.waiting(dict, len)
    assert never_given is not None and stopped is not None
    assert never_given.result() is None
    stopped.stop()
    for ended in (never_given, stopped):
        with pytest.raises(ProcessLookupError):
            os.kill(ended.pid, 0)  # (ended, and waited for)
    failed = Aside.waiting(lambda: 1 / 0, len)
    assert failed is not None
    failed.give([1, 2])  # (False when it died before they were sent)
    assert failed.result() is None


def test_a_post_link_to_a_post_written_later_links_it_after_an_incremental_build(
        site, tmp_path):
    """`{% post_link c %}` before c.md exists is shown as written (with a warning); once c.md
    is written, the next build links it, as a clean build does: the tag searched every file's
    name, so a new file renders the post again. Also in a long-lived site (serve)."""
    site.write("site.yaml", "base_url: https://example.org/blog/\n")
    site.post("a.md", "A", date="2024-05-02", lang="en",
              body="Read {% post_link c %} and {% post_link d %}.\n")
    long_lived = engine(site, jobs=1)
    assert long_lived.build().written
    for name, builder in (("c", engine(site, jobs=1)), ("d", long_lived)):
        site.post(f"{name}.md", name.upper(), date="2024-05-01", lang="en", body="Text.\n")
        result = builder.build()
        assert result.written, messages(result)
        assert tree(site.output) == clean_build(site, tmp_path), name
        page = (site.output / "posts/a/index.html").read_text(encoding="utf-8")
        assert f'<a href="/blog/posts/{name}/">{name.upper()}</a>' in page


def test_a_ref_follows_a_translation_key_through_incremental_builds(site, tmp_path):
    """An English post's `ref "a.md"` leads to the English post paired with a.md by
    `translationKey`: once that post is written, and no longer once its key changes (its
    name did not), as a clean build does. Also in a long-lived site (serve)."""
    site.write("site.yaml", "base_url: https://example.org/blog/\nlanguages: {zh: {}, en: {}}\n")
    site.post("a.md", "注意力", translationKey="attention", body="正文。\n")
    site.post("x-en.md", "X", lang="en", body='See [A]({{< ref "a.md" >}}).\n')
    long_lived = engine(site, jobs=1)
    assert long_lived.build().written
    steps = [("attention", "/blog/en/posts/attention-en/", engine(site, jobs=1)),
             ("other", "/blog/posts/a/", long_lived),
             ("attention", "/blog/en/posts/attention-en/", long_lived)]
    for key, expected, builder in steps:
        site.post("attention-en.md", "Attention", lang="en", translationKey=key,
                  body="Text.\n")
        result = builder.build()
        assert result.written, messages(result)
        assert tree(site.output) == clean_build(site, tmp_path), key
        page = (site.output / "en/posts/x-en/index.html").read_text(encoding="utf-8")
        assert f'See <a href="{expected}">A</a>.' in page, key


def test_the_files_of_a_bundle_at_an_html_url_follow_it_through_incremental_builds(
        site, tmp_path):
    site.write("site.yaml", "base_url: https://example.org/blog/\n" + HTML_PERMALINK)
    site.post("a/index.md", "A", date="2020-01-02 10:00:00",
              body='![pic](pic.png) <img src="extra.png">\n')
    site.write("content/posts/a/pic.png", raw=PNG)
    site.post("b.md", "B", date="2020-01-02 11:00:00", body="![pic](pic.png)\n")
    site.write("content/posts/b/pic.png", raw=PNG)  # (Hexo's asset folder)
    long_lived = engine(site, jobs=1)

    def built(step: int) -> str:
        result = (long_lived if step % 2 else engine(site, jobs=1)).build()
        assert result.written, messages(result)
        assert tree(site.output) == clean_build(site, tmp_path), f"step {step}"
        clean = Engine(BuildOptions(site.root, tmp_path / "fresh", now=NOW, use_cache=False,
                                    jobs=1)).build()
        assert said_of_itself(result) == messages(clean), f"step {step}"
        page = site.output / ("2020/01/02/a.html" if HTML_PERMALINK in (
            site.root / "site.yaml").read_text(encoding="utf-8") else "2020/01/02/a/index.html")
        return page.read_text(encoding="utf-8")

    page = built(0)
    assert '<img src="/blog/2020/01/02/a/pic.png"' in page
    assert '<img src="extra.png" ' in page  # (no such file in the bundle: as written)
    site.write("content/posts/a/extra.png", raw=PNG)
    assert '<img src="/blog/2020/01/02/a/extra.png" ' in built(1)
    site.write("site.yaml", "base_url: https://example.org/blog/\n"
                            "permalink: /:year/:month/:day/:title/\n")  # folder pages
    page = built(2)
    assert '<img src="pic.png"' in page and '<img src="extra.png" ' in page
    site.write("site.yaml", "base_url: https://example.org/blog/\n" + HTML_PERMALINK)
    assert '<img src="/blog/2020/01/02/a/extra.png" ' in built(3)
    (site.root / "content/posts/a/extra.png").unlink()
    assert '<img src="extra.png" ' in built(4)
    (site.root / "content/posts/b/pic.png").rename(site.root / "content/posts/b/new.png")
    built(5)
    assert not (site.output / "2020/01/02/b/pic.png").exists()


def test_a_link_previews_picture_replaced_by_another_size_changes_its_pages_as_a_clean_build(
        site, tmp_path):
    """The size a card's picture is given (og:image:width) is its file's: a cover, a body's
    first picture, a section's picture its folder's cascade names, or site.yaml's `image`
    replaced by one of another size changes the pages that show it in an incremental build
    as in a clean one."""
    def png(width: int, height: int) -> bytes:
        return b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + width.to_bytes(4, "big") \
            + height.to_bytes(4, "big") + bytes(8)

    site.write("site.yaml", "base_url: https://example.org/blog/\nimage: og.png\n")
    site.write("static/og.png", raw=png(1200, 630))
    site.post("a/index.md", "A", cover="cover.png", tags="[ml]")
    site.write("content/posts/a/cover.png", raw=png(800, 400))
    site.post("b/index.md", "B", body="![f](fig.png)\n")
    site.write("content/posts/b/fig.png", raw=png(300, 200))
    site.post("c.md", "C", tags="[ml]")
    site.post("ml/d.md", "D")
    site.write("content/posts/_index.md",
               "---\ncascade: {_target: {kind: section}, images: [/ml.png]}\n---\n")
    site.write("static/ml.png", raw=png(900, 450))
    long_lived = engine(site, jobs=1)

    def width(page: str) -> str:
        return re.search(r'og:image:width" content="(\d+)"', (
            site.output / page / "index.html").read_text(encoding="utf-8")).group(1)

    for step, (file, size) in enumerate([(None, None), ("content/posts/a/cover.png", (640, 320)),
                                         ("content/posts/b/fig.png", (500, 250)),
                                         ("static/ml.png", (700, 350)),
                                         ("static/og.png", (1000, 500))]):
        if file is not None:
            site.write(file, raw=png(*size))
        result = (long_lived if step % 2 else engine(site, jobs=1)).build()
        assert result.written, messages(result)
        assert tree(site.output) == clean_build(site, tmp_path), f"step {step}"
    assert (width("posts/a"), width("posts/b"), width("posts/c"), width("tags/ml"),
            width("posts/ml")) == ("640", "500", "1000", "1000", "700")


def test_a_saved_body_of_a_bundle_post_at_an_html_url_points_at_its_files_at_once(
        site, tmp_path):
    site.write("site.yaml", "base_url: https://example.org/blog/\n" + HTML_PERMALINK)
    site.post("a/index.md", "A", date="2020-01-02 10:00:00", body="![pic](pic.png)\n")
    site.write("content/posts/a/pic.png", raw=PNG)
    preview = engine(site, in_place=True)
    assert preview.build().written
    saved = site.post("a/index.md", "A", date="2020-01-02 10:00:00",
                      body='New text. ![pic](pic.png) <img src="pic.png" alt="raw">\n')
    assert preview.render_post(saved, Diagnostics()) == ["2020/01/02/a.html"]
    page = (site.output / "2020/01/02/a.html").read_text(encoding="utf-8")
    assert "New text." in page
    assert '<img src="/blog/2020/01/02/a/pic.png" alt="raw" ' in page
    assert '<img src="/blog/2020/01/02/a/pic.png" alt="pic"' in page
    result = preview.build({saved})
    assert result.written and "2020/01/02/a.html" not in result.changed_files
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_build_reports_the_output_files_it_changed_and_rewrites_only_those(site):
    starter_site(site)
    first = engine(site).build()
    assert "posts/a/index.html" in first.changed_files and first.pages_rendered == first.pages
    kept = site.output / "posts/b/index.html"
    inode = kept.stat().st_ino

    again = engine(site).build()
    assert again.changed_files == [] and again.pages_rendered == 0

    site.post("d.md", "Delta", date="2024-05-04", body="See [b](b.md). Edited.\n", series="s1",
              lang="zh")
    edited = engine(site).build()
    assert "posts/d/index.html" in edited.changed_files
    assert "posts/b/index.html" not in edited.changed_files
    assert kept.stat().st_ino == inode  # the same file, not written again
    assert edited.pages_rendered < edited.pages / 2


@pytest.mark.parametrize("in_place", [False, True])
def test_a_feed_is_kept_until_what_it_shows_changes(site, tmp_path, in_place):
    """A feed whose posts and settings did not change is kept as the last build wrote it (a
    one-post edit of a thousand posts wrote two feeds of twenty whole posts again); an edit of
    a post it shows, or of site.yaml (a label of a tag it shows), makes it again, and so does
    its file deleted."""
    starter_site(site)
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8")
               + "feeds: {entries: 1, rss: true}\n")  # (the Chinese feeds show d.md alone)
    d = site.root / "content/posts/d.md"
    d.write_text(d.read_text(encoding="utf-8").replace("series: s1", "series: s1\ntags: [ml]"),
                 encoding="utf-8")
    build = engine(site, in_place=True).build if in_place else lambda: engine(site).build()
    build()
    feeds = [site.output / "atom.xml", site.output / "rss.xml"]
    made = [(feed.stat().st_ino, feed.read_bytes()) for feed in feeds]

    b = site.root / "content/posts/b.md"  # (in no feed: older than d.md)
    b.write_text(b.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    assert build().written
    assert [(feed.stat().st_ino, feed.read_bytes()) for feed in feeds] == made
    assert tree(site.output) == clean_build(site, tmp_path)

    d.write_text(d.read_text(encoding="utf-8") + "\nA new line for the feed.\n", encoding="utf-8")
    assert build().written
    assert all("A new line for the feed." in feed.read_text(encoding="utf-8") for feed in feeds)
    assert tree(site.output) == clean_build(site, tmp_path)

    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8")
               + "tags: {ml: {zh: 机器学习}}\n")
    assert build().written
    assert 'term="ml" label="机器学习"' in feeds[0].read_text(encoding="utf-8")
    assert tree(site.output) == clean_build(site, tmp_path)

    feeds[1].unlink()
    assert build().changed_files == ["rss.xml"]
    assert tree(site.output) == clean_build(site, tmp_path)


@pytest.mark.parametrize("in_place", [False, True])
def test_a_sitemap_is_kept_until_a_page_it_lists_changes_its_place_date_or_translations(
        site, tmp_path, monkeypatch, in_place):
    """A sitemap whose pages did not move, nor change their dates or translations, is kept as
    the last build wrote it, not made again (a one-post edit of a thousand posts made the two
    sitemaps of 1,800 pages again, 5 ms); a new date, a new translation, a new base URL make
    it again, and so does its file deleted."""
    starter_site(site)
    build = engine(site, in_place=True).build if in_place else lambda: engine(site).build()
    build()
    sitemaps = [site.output / "sitemap-zh.xml", site.output / "sitemap-en.xml"]
    made = [(sitemap.stat().st_ino, sitemap.read_bytes()) for sitemap in sitemaps]

    b = site.root / "content/posts/b.md"
    b.write_text(b.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(site_files, "sitemap", lambda *_: pytest.fail("a sitemap made again"))
        assert build().written
    assert [(sitemap.stat().st_ino, sitemap.read_bytes()) for sitemap in sitemaps] == made
    assert tree(site.output) == clean_build(site, tmp_path)

    b.write_text(b.read_text(encoding="utf-8").replace(
        "date: 2024-05-02", "date: 2024-05-02\nupdated: 2024-07-09"), encoding="utf-8")
    assert build().written
    assert "2024-07-09" in sitemaps[0].read_text(encoding="utf-8")
    assert tree(site.output) == clean_build(site, tmp_path)

    site.post("b.en.md", "Beta", date="2024-05-02", body="Beta in English.\n", lang="en")
    assert build().written
    b_entry = sitemaps[0].read_text(encoding="utf-8").split("posts/b/</loc>")[1]
    assert 'hreflang="en"' in b_entry.split("</url>")[0]
    assert tree(site.output) == clean_build(site, tmp_path)

    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8").replace(
        "https://example.org/blog/", "https://example.net/blog/"))
    assert build().written
    assert "https://example.net/blog/" in sitemaps[1].read_text(encoding="utf-8")
    assert tree(site.output) == clean_build(site, tmp_path)

    sitemaps[1].unlink()
    assert build().changed_files == ["sitemap-en.xml"]
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_published_file_that_did_not_change_is_not_read_again_to_be_copied(site, monkeypatch):
    """helper-147: a build read every file of static/ and of the posts' folders twice, once
    for its digest and again to copy it, though the last build's output held those bytes (a
    site's photos, each edit of a post)."""
    site.post("a.md", "Alpha", body="![photo](/img/photo.png)\n")
    site.write("static/img/photo.png", raw=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    site.write("content/posts/b/index.md", "---\ntitle: B\ndate: 2024-05-02\n---\n[data](d.csv)\n")
    site.write("content/posts/b/d.csv", "x,y\n1,2\n")
    engine(site).build()
    read: list[str] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name)
                        or read_bytes(path))
    site.post("a.md", "Alpha", body="![photo](/img/photo.png) edited\n")
    edited = engine(site).build()
    assert edited.written and "posts/a/index.html" in edited.changed_files
    assert "photo.png" not in read and "d.csv" not in read
    assert (site.output / "img/photo.png").read_bytes() == (site.root /
                                                            "static/img/photo.png").read_bytes()
    site.write("content/posts/b/d.csv", "x,y\n3,4\n")  # (a changed file is copied anew)
    assert engine(site).build().written
    assert (site.output / "posts/b/d.csv").read_text() == "x,y\n3,4\n"


# (pages that do not show b.md: a page's, a tag's list, the home's and a section's first,
# whose description its `_index.md` gives)
@pytest.mark.parametrize(("page", "shown"), [
    ("about/", "About me."), ("tags/attention/", "Alpha 注意力"), ("", "Gamma bundle"),
    ("posts/", '<meta name="description" content="All the posts.">')])
def test_a_page_kept_without_its_context_is_made_again_when_its_file_is_gone(site, tmp_path,
                                                                             page, shown):
    starter_site(site)
    site.write("content/posts/_index.md", "---\ndescription: All the posts.\n---\nPosts.\n")
    engine(site).build()
    (site.output / page / "index.html").unlink()
    b = site.root / "content/posts/b.md"
    b.write_text(b.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    result = engine(site).build()
    assert result.written and result.pages_rendered < result.pages / 2
    assert shown in site.read(page)
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_first_build_whose_pages_a_pool_renders_keeps_the_prints_one_process_keeps(
        site, tmp_path, monkeypatch):
    """A first build renders every page whatever its print: where a pool renders them, the
    prints are worked out after (while the search index is made). The next build renders
    again the pages an edit changed, as after a first build in one process, and no other."""
    monkeypatch.setattr(templates, "POOL_PAGES", 1)
    starter_site(site)
    alone = Site(tmp_path / "alone")
    shutil.copytree(site.root, alone.root)
    rendered = []
    for each, jobs in ((site, 2), (alone, 1)):
        assert engine(each, jobs=jobs).build().written
        each.post("b.md", "Beta", date="2024-05-02", body="An edited body.\n",
                  categories="[algorithms, leetcode]", lang="zh")  # (its text alone)
        result = engine(each, jobs=jobs).build()
        assert result.written, messages(result)
        rendered.append(result.pages_rendered)
        assert tree(each.output) == clean_build(each, tmp_path)
    assert rendered[0] == rendered[1] < result.pages / 2


@pytest.mark.parametrize("pool", [False, True])
def test_templates_compiled_by_one_build_are_not_compiled_again(site, monkeypatch, pool):
    """Compiled templates are kept in the build cache; a build whose pages a pool of processes
    renders compiles every template, partials too, before it forks, and keeps them all."""
    import jinja2

    if pool:
        monkeypatch.setattr(templates, "POOL_PAGES", 1)
    starter_site(site)
    # (a template of the site's own from the start: the first one turns the sandbox on,
    # whose compiled code differs, and every template is compiled once more then)
    site.write("templates/partials/footer.html", "<footer>first</footer>\n")
    engine(site, jobs=2).build()
    compiled = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda env, *a, **k: compiled.append(a[1]) or original(env, *a, **k))
    b = site.root / "content/posts/b.md"
    b.write_text(b.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    result = engine(site, jobs=1).build()
    assert result.written and result.pages_rendered > 0
    assert compiled == []
    site.write("templates/partials/footer.html", "<footer>mine</footer>\n")
    assert engine(site, jobs=1).build().written
    assert compiled == ["partials/footer.html"]  # (a changed template is compiled again)


def test_the_link_audit_takes_the_links_of_pages_a_pool_rendered_from_that_pool(
        site, monkeypatch):
    """The processes that render pages find their links as well (and the build files them
    under the digest of the bytes it writes): the audit parses no page of theirs again."""
    from blogforge import link_checker

    monkeypatch.setattr(templates, "POOL_PAGES", 1)
    parsed: list[str] = []
    original = link_checker._parse
    monkeypatch.setattr(link_checker, "_parse",
                        lambda rel, text: parsed.append(rel) or original(rel, text))
    starter_site(site)
    result = engine(site, jobs=2).build()
    assert result.written and result.pages_rendered > 3
    pages = [rel for rel in parsed if rel.endswith(".html")]
    assert parsed and pages == []  # (the feeds and sitemaps are read here)


def forget_highlighting() -> None:
    """What a new process would not know: the blocks and lexers highlighting made."""
    from blogforge.markdown import highlight

    highlight._recent.clear()
    highlight.find_lexer.cache_clear()


def test_an_edit_of_a_posts_text_does_not_highlight_its_code_again(site, tmp_path,
                                                                    monkeypatch):
    """Highlighted blocks are kept in the build cache, by the code and every option that
    shapes their HTML: the next build (a new process) takes them from there, a block whose
    options changed is highlighted again, and a damaged entry is a miss."""
    import pygments

    forget_highlighting()  # (blocks this process made for other tests are not in this cache)
    starter_site(site)
    b = site.root / "content/posts/b.md"
    b.write_text(b.read_text(encoding="utf-8") + '\n```cpp {hl_lines="1"}\nint a;\n```\n',
                 encoding="utf-8")
    assert engine(site).build().written
    made: list[str] = []
    original = pygments.highlight  # (blogforge imports it where a block is highlighted)
    monkeypatch.setattr(pygments, "highlight",
                        lambda code, *a: made.append(code) or original(code, *a))

    def change(text: str, old: str = "") -> list[str]:
        b.write_text(b.read_text(encoding="utf-8").replace(old, text) if old
                     else b.read_text(encoding="utf-8") + text, encoding="utf-8")
        forget_highlighting()
        made.clear()
        result = engine(site).build()
        assert result.written, messages(result)
        highlighted = list(made)
        assert tree(site.output) == clean_build(site, tmp_path)
        return highlighted

    assert change("\nMore text.\n") == []
    assert change('hl_lines="1 2"', old='hl_lines="1"') == ["int a;\n"]
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        assert db.execute("UPDATE units SET value = '[1]' WHERE kind = 'code'").rowcount > 1
    assert change("\nEven more.\n") == ["print(1)\n", "int a;\n"]
    config = site.root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "highlight: {line_numbers: true}\n",
                      encoding="utf-8")
    assert change("\nAnd more.\n") == ["print(1)\n", "int a;\n"]
    assert 'class="linenos"' in site.read("posts/b/")


def test_the_code_stylesheet_is_made_again_only_for_other_styles(site, tmp_path, monkeypatch):
    from blogforge.markdown import highlight

    starter_site(site)
    assert engine(site).build().written
    made: list[tuple] = []
    original = highlight._stylesheet
    monkeypatch.setattr(highlight, "_stylesheet",
                        lambda *styles: made.append(styles) or original(*styles))
    b = site.root / "content/posts/b.md"
    b.write_text(b.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    assert engine(site).build().written and made == []
    config = site.root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "highlight: {dark_style: monokai}\n",
                      encoding="utf-8")
    assert engine(site).build().written and made == [("friendly", "monokai")]
    assert tree(site.output) == clean_build(site, tmp_path)


def test_the_code_stylesheets_of_styles_tried_are_swept_in_time(site, monkeypatch):
    """Each pair of code styles has its stylesheet in the cache (~20 KB): a writer trying
    styles leaves one behind for each, until the sweep falls due; the one in use is kept."""
    from blogforge.markdown import highlight

    starter_site(site)
    config = site.root / "site.yaml"
    text = config.read_text(encoding="utf-8")
    tried = ["dracula", "monokai", "native", "fruity", "vim", "zenburn", "inkpot", "material",
             "nord", "one-dark", "rrt", "solarized-dark", "stata-dark", "paraiso-dark",
             "github-dark", "gruvbox-dark", "night-owl", "nord-darker", "coffee", "lightbulb",
             "igor", "tango"]
    for style in tried:
        config.write_text(text + f"highlight: {{dark_style: {style}}}\n", encoding="utf-8")
        assert engine(site).build().written
        assert cache_rows(site)["code-css"] <= 2 * 2 + SWEEP_SLACK + 1  # (and the build's)
    assert cached_with(site, "code-css", "(light), dracula (dark)") == 0
    made: list[tuple] = []
    original = highlight._stylesheet
    monkeypatch.setattr(highlight, "_stylesheet",
                        lambda *styles: made.append(styles) or original(*styles))
    site.post("b.md", "Beta", date="2024-05-02", body="Edited.\n", lang="zh")
    assert engine(site).build().written and made == []  # the one in use was kept


def calls_of(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple]:
    """The arguments of each call of `owner.name` from now on (which it still answers)."""
    made: list[tuple] = []
    real = getattr(owner, name)

    def recording(*args: object, **kwargs: object) -> object:
        made.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return made


def test_a_process_building_again_compiles_no_template_twice_with_a_cache_or_without(
        site, tmp_path, monkeypatch, new_process):
    """A preview without a cache, a script building several sites, the test suite: each build
    compiled and parsed every template again (half of a small site's build), made the code's
    stylesheet, minified the theme's, parsed site.yaml and the strings' files and read the
    pinyin of Chinese names again. A process now does each once (a template once for each
    base URL and stylesheet version it links with); a template edited or added is compiled,
    and each build is a clean one's."""
    import jinja2
    from pygments.formatters import HtmlFormatter

    from blogforge import name_order, yamlfile

    starter_site(site)
    with open(site.root / "site.yaml", "a", encoding="utf-8") as config:  # (styles of its own)
        config.write("highlight: {light_style: tango, dark_style: rrt}\n")
    site.post("e.md", "Epsilon", tags="[注意力, 深度学习]")
    assert engine(site, use_cache=False).build().written
    compiled = calls_of(monkeypatch, jinja2.Environment, "compile")
    parsed = calls_of(monkeypatch, jinja2.Environment, "parse")  # (what each refers to)
    styled = calls_of(monkeypatch, HtmlFormatter, "get_style_defs")
    read = calls_of(monkeypatch, name_order, "read_aside")
    yaml_read = calls_of(monkeypatch, yamlfile, "parse_yaml")  # (not the front matter's)
    minified = calls_of(monkeypatch, site_files, "_spaced")
    other = Site(tmp_path / "other")  # (another site: no cache of its own, none used)
    shutil.copytree(site.root, other.root)
    assert engine(other, use_cache=False).build().written
    assert compiled == parsed == styled == read == yaml_read == minified == []
    assert tree(other.output) == tree(site.output)
    other.write("templates/partials/footer.html", "<footer>footer 2</footer>\n")  # (its own)
    config = other.root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("/blog/", "/moved/"),
                      encoding="utf-8")
    assert engine(other, use_cache=False).build().written
    assert "partials/footer.html" in [args[2] for args in compiled] and len(parsed) == 1
    assert "footer 2" in other.read("index.html")
    assert 'href="/moved/' in other.read("index.html")
    assert tree(other.output) == clean_build(other, tmp_path)


@pytest.mark.parametrize("damage", ["not base64 !", "AAAA", "ajJnYXJiYWdl"])
def test_a_damaged_compiled_template_in_the_cache_is_compiled_again(site, tmp_path, damage,
                                                                    new_process):
    starter_site(site)
    engine(site).build()
    new_process()  # (the cache's code alone)
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        assert db.execute("UPDATE units SET value = ? WHERE kind = 'template-code'",
                          (damage,)).rowcount > 0
    b = site.root / "content/posts/b.md"
    b.write_text(b.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    result = engine(site).build()
    assert result.written, messages(result)
    assert tree(site.output) == clean_build(site, tmp_path)


class _Planted:
    """What a planted compiled template runs when it is loaded: a file written."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple:
        return (Path.write_text, (self.path, "the cache's code ran"))


def test_compiled_templates_planted_in_the_sites_cache_are_never_run(site, tmp_path,
                                                                    new_process):
    """Jinja loads compiled code with pickle and marshal: a cache committed with a site, or a
    CI cache restored, held code every build ran. The site's cache is untrusted: an entry
    not signed with this user's own key is compiled again, never loaded."""
    import pickle

    from jinja2.bccache import bc_magic

    starter_site(site)
    assert engine(site).build().written
    ran = tmp_path / "ran"
    planted = base64.b64encode(bc_magic + pickle.dumps(_Planted(ran))).decode("ascii")
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        for value in (planted, "0" * 64 + ":" + planted):  # (as written before, and signed)
            data = value.encode("ascii")
            assert db.execute("UPDATE units SET value = ?, crc = ? WHERE kind = "
                              "'template-code'", (data, zlib.crc32(data))).rowcount > 0
            db.commit()
            site.post("b.md", "Beta", date="2024-05-02", body=f"Edited {len(value)}.\n",
                      lang="zh")
            new_process()  # (the cache's code alone)
            result = engine(site).build()
            assert result.written, messages(result)
            assert not ran.exists()
            assert f"Edited {len(value)}." in site.read("posts/b/")
            assert tree(site.output) == clean_build(site, tmp_path)


def test_the_key_that_signs_compiled_templates_is_the_users_alone(tmp_path, monkeypatch):
    """Made once, readable by this user only; one anyone else could read or swap (a link, a
    file open to others) is not used: templates are then compiled every build."""
    from blogforge.cache import user_key

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    key = user_key()
    path = tmp_path / "home-cache/blogforge/cache-key"
    assert key is not None and len(key) == 32 and user_key() == key
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o644)
    assert user_key() is None
    path.unlink()
    (tmp_path / "elsewhere").write_bytes(key)
    (tmp_path / "elsewhere").chmod(0o600)
    path.symlink_to(tmp_path / "elsewhere")
    assert user_key() is None


def test_a_new_base_url_reaches_the_links_jinja_worked_out_as_it_compiled(site, tmp_path):
    """Jinja computes `{{ 'css/blogforge.css' | url }}` as it compiles a template: the
    templates compiled for one base URL are not used for another (a site moved to a project
    path kept its stylesheet at the old one)."""
    starter_site(site)
    engine(site).build()
    assert 'href="/blog/css/blogforge.css?v=' in site.read("")
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", text.replace("example.org/blog/", "example.org/repo/"))
    result = engine(site).build()
    assert result.written and "broken link" not in "\n".join(messages(result))
    assert 'href="/repo/css/blogforge.css?v=' in site.read("posts/b/")
    assert tree(site.output) == clean_build(site, tmp_path)
    engine(site, base_url="https://example.org/").build()  # (the command line's, too)
    assert 'href="/css/blogforge.css?v=' in site.read("")


def test_a_changed_stylesheet_is_linked_with_its_new_version_from_every_page(site, tmp_path):
    """GitHub Pages lets a browser keep a file ten minutes: new pages came with the last
    build's stylesheet (a broken layout) until then. Pages link each stylesheet and script
    with `?v=` its version, the theme's and the site's own (`{{ 'css/site.css' | url }}`);
    a preview's do not (its stylesheet's edit changes that file alone)."""
    starter_site(site)
    site.write("templates/partials/head_extra.html",
               "<link rel=\"stylesheet\" href=\"{{ 'css/site.css' | url }}\">\n")
    site.write("static/css/site.css", "a { color: red; }\n")
    engine(site).build()

    def versions(page: str) -> dict[str, str]:
        return dict(re.findall(r'/blog/([\w/-]+\.(?:css|js))\?v=(\w+)"', site.read(page)))

    first = versions("posts/b/")
    assert {"css/blogforge.css", "css/highlight.css", "css/site.css",
            "js/theme-toggle.js", "js/reader.js"} <= first.keys()
    site.write("static/css/site.css", "a { color: blue; }\n")
    result = engine(site).build()
    assert result.written and "broken link" not in "\n".join(messages(result))
    for page in ("", "posts/b/", "tags/"):
        now = versions(page)
        assert now["css/site.css"] != first["css/site.css"], page
        assert now["css/blogforge.css"] == first["css/blogforge.css"], page
    assert tree(site.output) == clean_build(site, tmp_path)
    engine(site, versioned_assets=False).build()
    assert "?v=" not in site.read("posts/b/").split("</head>")[0]


def test_a_change_deep_in_a_post_renders_its_page_alone_and_one_in_its_excerpt_its_lists(
        site, tmp_path):
    """Other pages show a post's card (title, excerpt, date, reading time): a change below the
    excerpt renders the post's own page only; a change in the excerpt its listings too."""
    starter_site(site)
    site.post("e.md", "Echo", date="2024-05-05", body="开头一段。\n\n<!--more-->\n\n深处。\n",
              tags="[ml]", lang="zh")
    engine(site).build()
    home = (site.output / "index.html").stat().st_ino
    site.post("e.md", "Echo", date="2024-05-05", body="开头一段。\n\n<!--more-->\n\n更深处。\n",
              tags="[ml]", lang="zh")
    result = engine(site).build()
    assert result.pages_rendered == 1 and "更深处" in site.read("posts/e/")
    assert (site.output / "index.html").stat().st_ino == home  # (not even rendered)
    assert tree(site.output) == clean_build(site, tmp_path)
    site.post("e.md", "Echo", date="2024-05-05", body="新的开头。\n\n<!--more-->\n\n更深处。\n",
              tags="[ml]", lang="zh")
    result = engine(site).build()
    assert "新的开头" in site.read("") and "新的开头" in site.read("tags/ml/")
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_part_added_to_a_long_series_pages_it_as_a_clean_build_does(site, tmp_path):
    """Part 25 of a series paginated 12 a page opens its page 3; part 0 (ordered first)
    moves every part one place, across the pages (and its series box to the page that now
    lists it, and a part's number on its card where no other part is shown); a retitled part
    shows on its page: the incremental build agrees with a clean
    one each time."""
    site.write("site.yaml", "title: T\nbase_url: https://example.org/blog/\npaginate: 12\n")
    for n in range(1, 25):
        site.post(f"p{n:02d}.md", f"Part {n}", date=f"2024-05-{n:02d}", series="long",
                  series_order=n, tags="[five]" if n == 5 else "[]")
    engine(site).build()
    assert not site.exists("series/long/page/3/")
    assert "第 5 篇</span></span>" in site.read("tags/five/")
    site.post("p25.md", "Part 25", date="2024-05-25", series="long", series_order=25)
    engine(site).build()
    assert "Part 25" in site.read("series/long/page/3/")
    assert tree(site.output) == clean_build(site, tmp_path)
    site.post("p00.md", "Part 0", date="2024-06-01", series="long", series_order=0)
    engine(site).build()
    assert "Part 0<" in site.read("series/long/") and "Part 12<" in site.read(
        "series/long/page/2/")
    # part 5's card on its tag page, which shows no other part, says it is part 6 now
    assert "第 6 篇</span></span>" in site.read("tags/five/")
    # part 12's series box now leads to the page that lists it
    assert 'series-all"><a href="/blog/series/long/page/2/">' in site.read("posts/p12/")
    assert tree(site.output) == clean_build(site, tmp_path)
    site.post("p20.md", "Part twenty", date="2024-05-20", series="long", series_order=20)
    engine(site).build()
    assert "Part twenty" in site.read("series/long/page/2/")
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_sites_own_template_may_show_any_part_of_a_post_on_any_page(site, tmp_path):
    starter_site(site)
    site.post("e.md", "Echo", date="2024-05-05", body="开头一段。\n\n<!--more-->\n\n深处。\n",
              lang="zh")
    site.write("templates/partials/card.html",
               "<article>{{ post.rendered.title_html | safe }}{{ post.rendered.html | safe }}"
               "</article>\n")
    engine(site).build()
    assert "深处" in site.read("")
    site.post("e.md", "Echo", date="2024-05-05", body="开头一段。\n\n<!--more-->\n\n更深处。\n",
              lang="zh")
    assert engine(site).build().written
    assert "更深处" in site.read("")  # the home page shows the whole post: rendered again
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_sites_own_template_reaching_the_site_index_shows_every_post_on_every_page(
        site, tmp_path):
    """`bf.site.index` in a footer shows the latest posts on every page, which no page's
    context holds: an edit of one of them renders every page again (114 of 128 pages kept
    an old reading time before)."""
    starter_site(site)
    site.write("templates/partials/footer.html",
               "<footer>{% for p in bf.site.index.posts[:2] %}{{ p.title }} "
               "{{ bf.minutes(p) }}{% endfor %}</footer>\n")
    engine(site).build()
    assert "Delta 1" in site.read("posts/a/")
    site.post("d.md", "Delta", date="2024-05-04", body="很长的一段。" * 400, series="s1",
              lang="zh")
    assert engine(site).build().written
    assert "Delta 1" not in site.read("posts/a/") and "Delta 1" not in site.read("tags/ml/")
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_sites_own_template_showing_another_posts_body_has_it_after_an_edit(site,
                                                                             tmp_path):
    """Every post's HTML is read for a site's own templates only when one of them can show a
    body (`rendered`): a footer of one's own read them all (725 MB at 3,000 posts)."""
    starter_site(site)
    site.write("templates/partials/footer.html",
               "<footer>{% for p in bf.site.index.posts[:1] %}{{ p.rendered.html | safe }}"
               "{% endfor %}</footer>\n")
    engine(site).build()
    latest = engine(site).build().written and site.read("tags/ml/")
    site.post("b.md", "Beta 改", date="2024-05-02", body="乙的正文。\n", tags="[ml]")
    assert engine(site).build().written
    assert tree(site.output) == clean_build(site, tmp_path)
    assert latest.split("<footer>")[1].split("</footer>")[0].strip()  # (a body in it)
    assert templates.shows_bodies(site.root / "templates")
    site.write("templates/partials/footer.html", "<footer>{{ site.author }}</footer>\n")
    assert not templates.shows_bodies(site.root / "templates")


def test_only_templates_that_name_bf_site_count_as_reaching_every_post(tmp_path):
    (tmp_path / "partials").mkdir()
    footer = tmp_path / "partials/footer.html"
    footer.write_text('<footer class="site-footer">{{ site.author }}</footer>\n')
    assert not templates.reaches_every_post(tmp_path)  # (the example's: edits stay cheap)
    for reach in ("{{ bf.site.index }}", "{{ bf . site }}", "{{ bf['site'] }}"):
        footer.write_text(reach)
        assert templates.reaches_every_post(tmp_path), reach


def tuned_post(head: str) -> str:
    """A site's post.html that builds on the theme's, adding `head` to its <head>."""
    return f'{{% extends "theme/post.html" %}}\n{{% block head %}}{head}{{% endblock %}}\n'


def own_templates_site(site: Site) -> None:
    """The starter site with templates of its own: a post.html (the posts' pages), a partial
    the posts' and about's templates include, and base.html's footer (every page)."""
    starter_site(site)
    site.write("templates/post.html", tuned_post('<meta name="tuned" content="1">'))
    site.write("templates/partials/print_source.html", '<p class="print-source">printed 1</p>\n')
    site.write("templates/partials/footer.html", "<footer>footer 1</footer>\n")


def built_after_an_edit(site: Site, tmp_path: Path) -> tuple[BuildResult, set[str]]:
    """A build's result and the pages it wrote anew, its output checked to be a clean
    build's."""
    result = engine(site).build()
    assert result.written, messages(result)
    assert tree(site.output) == clean_build(site, tmp_path)
    return result, {name for name in result.changed_files if name.endswith(".html")}


def pages_showing(site: Site, text: str) -> set[str]:
    return {page.relative_to(site.output).as_posix() for page in site.output.rglob("*.html")
            if text in page.read_text(encoding="utf-8")}


def test_an_edit_of_a_sites_post_html_renders_the_posts_pages_alone(site, tmp_path):
    """A comment added to a site's post.html rendered all 1,806 pages of a 1,000-post blog,
    though its 806 lists, term pages and archives never use that template: now only the pages
    whose template reaches an edited one are rendered again, as in Hugo and Zola."""
    own_templates_site(site)
    engine(site).build()
    home = (site.output / "index.html").stat().st_ino
    site.write("templates/post.html", tuned_post('<meta name="tuned" content="2">'))
    result, rendered = built_after_an_edit(site, tmp_path)
    assert rendered == pages_showing(site, '<meta name="tuned" content="2">')
    assert "posts/b/index.html" in rendered and "en/posts/a/index.html" in rendered
    assert result.pages_rendered == result.posts == 5
    assert (site.output / "index.html").stat().st_ino == home  # (not even rendered)


def test_an_edit_of_a_partial_renders_the_pages_whose_templates_include_it(site, tmp_path):
    own_templates_site(site)
    engine(site).build()
    site.write("templates/partials/print_source.html", '<p class="print-source">printed 2</p>\n')
    result, rendered = built_after_an_edit(site, tmp_path)
    # (post.html and page.html include it; the lists do not)
    assert rendered == pages_showing(site, "printed 2") == {
        "posts/a/index.html", "en/posts/a/index.html", "posts/b/index.html",
        "posts/c/index.html", "posts/d/index.html", "about/index.html"}
    assert result.pages_rendered == len(rendered)
    site.write("templates/partials/footer.html", "<footer>footer 2</footer>\n")  # (base.html's)
    result, rendered = built_after_an_edit(site, tmp_path)
    assert result.pages_rendered == result.pages
    assert rendered == pages_showing(site, "footer 2") and "tags/ml/index.html" in rendered


# (a name given by a value cannot be told before rendering; nor can a name found nowhere
# be told from one a template added later will take)
@pytest.mark.parametrize("include", ['{% set note = "partials/note.html" %}{% include note %}',
                                     '{% include "partials/note.html" ignore missing %}'])
def test_a_template_whose_reach_is_not_known_depends_on_every_template(site, tmp_path,
                                                                       include):
    own_templates_site(site)
    site.write("templates/post.html", tuned_post(include))
    if "set" in include:
        site.write("templates/partials/note.html", '<meta name="note" content="1">\n')
    engine(site).build()
    site.write("templates/partials/note.html", '<meta name="note" content="2">\n')
    result, rendered = built_after_an_edit(site, tmp_path)
    assert rendered == pages_showing(site, '<meta name="note" content="2">')
    assert result.pages_rendered == result.posts == 5  # (and not the lists)


def test_a_site_template_shadowing_a_theme_partial_renders_its_pages_as_does_its_removal(
        site, tmp_path):
    """The lists' cards are the theme's partials/card.html until the site has its own."""
    own_templates_site(site)
    engine(site).build()
    site.write("templates/partials/card.html", "<article>my card {{ post.title }}</article>\n")
    result, rendered = built_after_an_edit(site, tmp_path)
    shown = pages_showing(site, "my card")
    assert rendered == shown and "index.html" in shown and "tags/ml/index.html" in shown
    assert "posts/b/index.html" not in rendered and "about/index.html" not in rendered
    assert result.pages_rendered == len(rendered)
    (site.root / "templates/partials/card.html").unlink()
    result, rendered = built_after_an_edit(site, tmp_path)
    assert rendered == shown and result.pages_rendered == len(shown)
    assert not pages_showing(site, "my card")


def warned_posts(site: Site, asked: str) -> None:
    """Three posts, and a site's post.html that shows `asked` (a template expression) above
    the theme's page: a string no language has, say."""
    site.write("site.yaml", "title: T\nbase_url: https://e.org/\n")
    for n in (1, 2, 3):
        site.post(f"p{n}.md", f"P{n}", date=f"2024-01-0{n}", body=f"Body {n}\n")
    site.write("templates/post.html", own_main("post.html", asked))


def own_main(theme_template: str, asked: str) -> str:
    """A site's template that shows `asked` at its line 2, above the theme's own main."""
    return (f'{{% extends "theme/{theme_template}" %}}\n'
            f"{{% block main %}}{{{{ {asked} }}}}{{{{ super() }}}}{{% endblock %}}\n")


def missing(key: str, template: str = "post.html") -> str:
    return (f"templates/{template}:2: warning: string `{key}` has no `zh` translation, nor an "
            "English one: shown as its name. Add it to i18n/zh.yaml")


def site_named(result: BuildResult, site: Site) -> list[str]:
    """A build's messages, a file of the site named from the site's folder."""
    return [m.removeprefix(f"{site.root}/") for m in messages(result)]


def said_clean(site: Site, tmp_path: Path, **options: object) -> list[str]:
    """What a clean build of the site says (`options`: the build's others)."""
    result = Engine(BuildOptions(site.root, tmp_path / f"clean-{time.monotonic_ns()}", now=NOW,
                                 use_cache=False, jobs=1, **options)).build()  # type: ignore[arg-type]
    return site_named(result, site)


def test_a_template_warning_is_said_by_every_build_that_keeps_its_pages(site, tmp_path):
    """A string post.html asks for that no language has was said by the build that rendered
    the posts' pages and by none after: a build that kept them (an about page added) said
    nothing, and `--strict` passed, where a clean build failed."""
    warned_posts(site, 't("no_such_string")')
    assert site_named(engine(site).build(), site) == [missing("no_such_string")]
    site.write("content/about.md", "---\ntitle: About\n---\nHi\n")
    result = engine(site).build()
    assert result.written and result.pages_rendered == 1  # (about's page: the posts' kept)
    assert site_named(result, site) == said_clean(site, tmp_path) == [missing("no_such_string")]
    assert len(result.diagnostics.warnings) == 1  # (the summary's count)
    site.write("content/about.md", "---\ntitle: About\n---\nHi\nx\n")
    strict = engine(site, strict=True).build()
    assert not strict.written
    assert site_named(strict, site) == said_clean(site, tmp_path, strict=True) == [
        missing("no_such_string").replace("warning:", "error:")]


def test_a_page_rendered_again_says_what_it_says_now_and_a_kept_one_what_it_said(site,
                                                                                 tmp_path):
    """A warning fixed in post.html goes with the posts' pages rendered again; about's page,
    kept, still says its own template's."""
    warned_posts(site, 't("no_such_string")')
    site.write("content/about.md", "---\ntitle: About\n---\nHi\n")
    site.write("templates/page.html", own_main("page.html", 't("xyzzy")'))
    assert site_named(engine(site).build(), site) == [
        missing("xyzzy", "page.html"), missing("no_such_string")]
    site.write("templates/post.html", own_main("post.html", '"fixed"'))
    result = engine(site).build()
    assert result.pages_rendered == 3  # (the posts': about's kept)
    assert site_named(result, site) == said_clean(site, tmp_path) == [
        missing("xyzzy", "page.html")]


def test_a_partial_edited_keeps_the_warnings_of_the_pages_that_do_not_include_it(site,
                                                                                  tmp_path):
    """A card.html of the site's renders the lists again, not the posts' pages: their
    post.html's warning is still said."""
    warned_posts(site, 't("no_such_string")')
    engine(site).build()
    site.write("templates/partials/card.html", "<article>{{ post.title }}</article>\n")
    result = engine(site).build()
    assert 0 < result.pages_rendered < result.pages
    assert site_named(result, site) == said_clean(site, tmp_path) == [missing("no_such_string")]


def test_a_pages_warnings_go_with_it(site, tmp_path):
    """Each post's page asks for a string of its own: the one whose post is deleted is no
    more said, the kept pages' are."""
    warned_posts(site, 't("for_" ~ post.title)')
    site.post("p4.md", "P4", date="2024-01-04", body="Body 4\n")
    assert site_named(engine(site).build(), site) == [
        missing(f"for_P{n}") for n in (1, 2, 3, 4)]  # (in the order of the pages)
    (site.root / "content/posts/p2.md").unlink()
    result = engine(site).build()
    assert site_named(result, site) == said_clean(site, tmp_path) == [
        missing(f"for_P{n}") for n in (1, 3, 4)]


def test_a_template_warning_reads_alike_from_pages_rendered_by_a_pool_or_by_the_build(
        site, tmp_path, monkeypatch):
    """A clean build's pages rendered by a pool of processes named the template from the
    site's folder, a page rendered after an edit by the build itself by its whole path."""
    warned_posts(site, 't("no_such_string")')
    monkeypatch.setattr(templates, "POOL_PAGES", 1)  # (a pool, even for a few pages)
    assert messages(engine(site, jobs=2).build()) == [missing("no_such_string")]
    monkeypatch.undo()
    site.post("p1.md", "P1", date="2024-01-01", body="Body 1, edited\n")
    result = engine(site, jobs=2).build()
    assert result.pages_rendered < templates.POOL_PAGES  # (too few for a pool)
    assert messages(result) == [missing("no_such_string")]


# (not a table of pages; a page's number past the messages; a message that is no message)
@pytest.mark.parametrize(("said", "told"), [
    ([1], None), ({"posts/p1/": [7]}, None), ({"posts/p1/": 5}, None),
    ({"posts/p1/": [0]}, [[1]])])
def test_a_record_of_what_pages_said_that_does_not_read_back_renders_every_page(
        site, tmp_path, said, told):
    """The record of the output (a damaged or hand-edited cache) whose pages' messages are
    not whole is no record: every page is rendered again and says what it says, where a
    table of pages that was a list stopped the build with a traceback."""
    warned_posts(site, 't("no_such_string")')
    engine(site).build()
    (key,) = cached_keys(site, "state")
    store = Store(site.root / ".blogforge-cache/build.sqlite")
    record = store.get("state", key)
    record["said"] = said
    record["messages"] = told if told is not None else record["messages"]
    store.put("state", key, record)
    store.flush()
    store.close()
    site.write("content/about.md", "---\ntitle: About\n---\nHi\n")
    result = engine(site).build()
    assert result.pages_rendered == result.pages
    assert site_named(result, site) == said_clean(site, tmp_path) == [missing("no_such_string")]


# (not a list; a message of three parts; its words a number; its file a number)
@pytest.mark.parametrize("stored", [
    "warning", [["warning", "m", None]], [["warning", 5, None, None]],
    [["warning", "m", 7, 3]]])
def test_a_record_whose_messages_do_not_read_back_is_no_record(site, tmp_path, stored):
    """The last build's messages are made from the output's record only when a build that
    changed nothing says them again; a record whose messages would not make them (a damaged
    or hand-edited cache) is still no record: the build makes every page and says what it
    says, not a traceback."""
    warned_posts(site, 't("no_such_string")')
    engine(site).build()
    assert messages(engine(site).build()) == [missing("no_such_string")]  # (said again)
    (key,) = cached_keys(site, "state")
    store = Store(site.root / ".blogforge-cache/build.sqlite")
    record = store.get("state", key)
    record["diagnostics"] = stored
    store.put("state", key, record)
    store.flush()
    store.close()
    result = engine(site).build()
    assert result.pages_rendered == result.pages
    assert site_named(result, site) == said_clean(site, tmp_path) == [missing("no_such_string")]


def test_a_build_parses_only_the_templates_it_has_not_parsed_before(site, monkeypatch,
                                                                     new_process):
    """What each template refers to is kept in the build cache: parsing the theme's took 40
    ms of every build."""
    import jinja2

    own_templates_site(site)
    engine(site).build()
    new_process()  # (the cache's entries alone)
    parsed = []
    parse = jinja2.Environment.parse
    monkeypatch.setattr(jinja2.Environment, "parse",
                        lambda env, source, *a, **k: parsed.append(source)
                        or parse(env, source, *a, **k))
    site.post("b.md", "Beta", date="2024-05-02", body="Edited.\n",
              categories="[algorithms, leetcode]", lang="zh")
    assert engine(site).build().written and parsed == []
    site.write("templates/post.html", tuned_post('<meta name="tuned" content="2">'))
    assert engine(site).build().written
    assert parsed == [tuned_post('<meta name="tuned" content="2">')]


@pytest.mark.parametrize("damaged", ["[1]", "{", '"base.html"', '{"names": []}'])
def test_a_damaged_entry_of_what_a_template_refers_to_is_parsed_again(damaged):
    import jinja2

    env, source = jinja2.Environment(), '{% extends "base.html" %}{% include ["a.html", b] %}'
    key, names = templates.TemplateReferences().of(env, source)
    assert names is None  # (`b`: a name given by a value)
    source = source.replace("b]", '"b.html"]')
    key, names = templates.TemplateReferences().of(env, source)
    assert names == ("base.html", "a.html", "b.html")
    assert templates.TemplateReferences({key: damaged}).of(env, source) == (key, names)


def test_a_page_counts_the_posts_inside_a_shared_frozen_value_as_shown():
    """A body edit re-digests only the pages that showed the post: a post held by a frozen
    value (digested once, then remembered) must count for every page that holds the value."""
    @dataclass(frozen=True)
    class Box:
        posts: tuple

    a, b = object(), object()  # (posts are known by their ids and prints)
    prints: dict = {id(a): ("post", "print of a"), id(b): ("post", "print of b")}
    box, first, second = Box((a,)), set(), set()
    page_fingerprint("site", "t.html", {"box": box}, prints, first)
    page_fingerprint("site", "t.html", {"box": box, "next": b}, prints, second)
    assert first == {"print of a"} and second == {"print of a", "print of b"}


def test_a_no_change_rebuild_does_not_touch_the_output(site):
    starter_site(site)
    engine(site).build()
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.output.rglob("*")}
    folder = site.output.stat().st_ino
    (site.root / "content/posts/b.md").touch()  # touched, not changed
    result = engine(site).build()
    assert result.written and result.pages_rendered == 0
    assert site.output.stat().st_ino == folder
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.output.rglob("*")} == before


@pytest.mark.parametrize("in_place", [False, True])
def test_a_rebuild_puts_back_output_files_changed_or_deleted_by_hand(site, in_place):
    """Nothing in the site changed, but the output did: the next build, the CLI's or the
    preview's, makes the page again and puts it back (its bytes are the recorded ones, but the
    output's file is not)."""
    starter_site(site)
    build = engine(site, in_place=True).build if in_place else lambda: engine(site).build()
    build()
    page = site.output / "posts/b/index.html"
    made = page.read_bytes()
    page.write_bytes(made.replace(b"</body>", b"<p>added by hand</p></body>"))
    assert build().changed_files == ["posts/b/index.html"]
    assert page.read_bytes() == made
    page.unlink()
    assert build().changed_files == ["posts/b/index.html"]
    assert page.read_bytes() == made
    assert build().changed_files == []


def test_a_large_output_looked_at_by_a_process_beside_the_build_is_judged_alike(
        site, tmp_path, monkeypatch):
    """A large site's output is listed and its files' stats read by a process the command
    starts beside the build (`OutputScan`): a page changed or deleted by hand is put back, a
    file put there by hand stops the build, and the output is a clean build's, as when the
    build looks itself."""
    monkeypatch.setattr(output, "SCAN_ASIDE_FILES", 1)  # (a few files: large enough here)
    monkeypatch.setattr(output, "usable_cores", lambda: 2)
    scans: list[bool] = []
    staged = output.StagedOutput.__init__

    def noted(self, *args, **kwargs):
        scans.append(len(args) > 3 and args[3] is not None)
        staged(self, *args, **kwargs)

    monkeypatch.setattr(output.StagedOutput, "__init__", noted)
    starter_site(site)

    def build():
        scan = output.start_output_scan(site.root, site.output, use_cache=True)
        return engine(site, jobs=2).build(output_scan=scan)

    build()
    page = site.output / "posts/b/index.html"
    made = page.read_bytes()
    page.write_bytes(made.replace(b"</body>", b"<p>added by hand</p></body>"))
    site.post("g.md", "Gamma", date="2024-05-03", body="New.\n", lang="zh")
    assert "posts/b/index.html" in build().changed_files
    assert page.read_bytes() == made
    page.unlink()
    assert build().changed_files == ["posts/b/index.html"]
    (site.output / "posts/b/notes.txt").write_text("mine")
    site.post("g.md", "Gamma", date="2024-05-03", body="Edited.\n", lang="zh")
    refused = build()
    assert not refused.written and "posts/b/notes.txt" in " ".join(messages(refused, "error"))
    (site.output / "posts/b/notes.txt").unlink()
    assert build().written and "Edited." in site.read("posts/g/")
    assert scans[1:] and all(scans[1:])  # (the first build had no output to look at)
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_scan_of_an_output_another_build_replaced_since_is_not_trusted(site, monkeypatch):
    """The command starts the scan before it waits for another build of the site to end: what
    it found of the output that build replaced says nothing of the one it left, where a file
    put by hand stops the build all the same (and stays)."""
    monkeypatch.setattr(output, "SCAN_ASIDE_FILES", 1)
    monkeypatch.setattr(output, "usable_cores", lambda: 2)
    starter_site(site)
    engine(site).build()
    stale = output.start_output_scan(site.root, site.output, use_cache=True)
    assert stale is not None
    site.post("g.md", "Gamma", date="2024-05-03", body="New.\n", lang="zh")
    assert engine(site).build().written  # (the other build, which swapped in its output)
    (site.output / "posts/b/notes.txt").write_text("mine")
    site.post("g.md", "Gamma", date="2024-05-03", body="Edited.\n", lang="zh")
    refused = engine(site, jobs=2).build(output_scan=stale)
    assert not refused.written and "posts/b/notes.txt" in " ".join(messages(refused, "error"))
    assert (site.output / "posts/b/notes.txt").read_text() == "mine"


def test_deleted_and_renamed_posts_leave_no_pages_behind(site):
    starter_site(site)
    engine(site).build()
    (site.root / "content/posts/b.md").rename(site.root / "content/posts/b2.md")
    (site.root / "content/posts/c").rename(site.root / "content/posts/c2")
    result = engine(site).build()
    assert {"posts/b/index.html", "posts/c/index.html", "posts/c/pic.png"} <= set(
        result.changed_files)
    assert not site.exists("posts/b") and not site.exists("posts/c")
    assert site.exists("posts/b2/index.html") and site.exists("posts/c2/pic.png")


def test_warnings_are_repeated_by_builds_that_reuse_the_cache(site):
    site.post("a.md", "A", body="Broken $\\frac{$ formula and [x](missing.md).\n", lang="en")
    first = messages(engine(site).build(), "warning")
    assert any("KaTeX" in m for m in first) and any("missing.md" in m for m in first)
    site.post("b.md", "B", date="2024-05-02", lang="en")
    assert messages(engine(site).build(), "warning") == first  # a's body came from the cache
    assert messages(engine(site).build(), "warning") == first  # nothing changed at all


def test_the_output_a_build_replaced_is_kept_in_the_cache_and_reused_but_never_trusted(
        site, tmp_path):
    starter_site(site)
    engine(site).build()
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", lang="zh")
    engine(site).build()
    [spare] = (site.root / ".blogforge-cache").glob("spare-*")
    assert not list(site.root.glob(".public.*"))  # nothing beside the output stays behind
    # whatever happened to the spare, the next build publishes only what it made
    (spare / "stray.html").write_text("not ours")
    (spare / "posts/b").mkdir(parents=True, exist_ok=True)
    (spare / "posts/b/index.html").unlink()
    (spare / "posts/b/index.html").write_text("stale")
    (spare / "old-folder/deep").mkdir(parents=True)
    site.post("d.md", "Delta", date="2024-05-04", body="Changed too.\n", series="s1",
              lang="zh")
    result = engine(site).build()
    assert result.written and result.pages_rendered < result.pages
    assert tree(site.output) == clean_build(site, tmp_path)
    assert not (site.output / "old-folder").exists()
    # a spare holding what a build never makes (a link out of it) is not used at all
    [spare] = (site.root / ".blogforge-cache").glob("spare-*")
    (spare / "elsewhere").symlink_to(tmp_path)
    site.post("a.md", "Alpha 注意力", body="又改了。\n", tags="[ml, attention]", lang="zh")
    result = engine(site).build()
    assert result.written, messages(result)
    assert tree(site.output) == clean_build(site, tmp_path)
    assert not (site.output / "elsewhere").exists()


@pytest.mark.parametrize("in_place", [False, True])
def test_a_failed_build_or_a_folder_become_a_file_never_stops_the_next_builds(site, tmp_path,
                                                                              in_place):
    """A build that failed on a clash (an alias /CNAME beside static/CNAME) kept its stage,
    with the folder made for the alias, as the next build's spare: every build after the fix
    said "…/CNAME: Is a directory". A folder of the previous output where a file now goes
    (and a file where a folder now goes) stopped the build the same way, and stopped the
    preview's every build after it (its folder's files removed, the folder left in the way
    of the file renamed into its place)."""
    starter_site(site)
    site.write("static/CNAME", "blog.example.org\n")
    site.write("static/box/index.html", "<p>notes</p>\n")
    site.write("static/shelf", "about\n")
    build = engine(site, in_place=True).build if in_place else lambda: engine(site).build()
    build()
    site.post("a.md", "Alpha", aliases='["/CNAME"]', lang="zh")
    failed = build()
    assert not failed.written
    assert any("CNAME" in m for m in messages(failed, "error")), messages(failed)
    site.post("a.md", "Alpha", aliases='["/old/"]', lang="zh")
    (site.root / "static/box/index.html").unlink()
    (site.root / "static/box").rmdir()
    site.write("static/box", "notes, a file now\n")  # (a folder of the output before)
    (site.root / "static/shelf").unlink()
    site.write("static/shelf/index.html", "<p>about</p>\n")  # (a file before)
    for _ in range(2):
        result = build()
        assert result.written, messages(result)
        assert tree(site.output) == clean_build(site, tmp_path)
    assert (site.output / "box").read_text() == "notes, a file now\n"


def test_a_link_planted_in_the_cache_as_a_spare_deletes_nothing_it_points_to(site, tmp_path):
    """A spare's name is worked out from the output's path: a link under that name (in a
    committed or restored cache) was moved into place as the staging folder, and the files
    of the folder it points to that the build did not make were deleted, the site written
    there and the output made a link to it. The link is removed, what it points to is not
    touched, and the build says so."""
    starter_site(site)
    assert engine(site).build().written
    victim = tmp_path / "victim"
    (victim / "posts").mkdir(parents=True)
    (victim / "keep.txt").write_text("mine")
    (victim / "posts/notes.txt").write_text("mine too")
    cache = site.root / ".blogforge-cache"
    for old in cache.glob("spare-*"):
        shutil.rmtree(old)
    spare = output.spare_of(cache, f"output:{site.output.resolve()}")
    spare.symlink_to(victim)
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", lang="zh")
    result = engine(site).build()
    assert result.written, messages(result)
    assert tree(victim) == {"keep.txt": b"mine", "posts": None, "posts/notes.txt": b"mine too"}
    assert not site.output.is_symlink() and "Changed." in site.read("posts/b/")
    assert tree(site.output) == clean_build(site, tmp_path)
    assert any(f"{spare} was a symbolic link" in m for m in messages(result, "warning"))
    assert not spare.is_symlink()
    # nor one planted beside the output, under the name of a staging folder or a leftover
    for kind in ("staging", "previous"):
        (site.root / f".public.blogforge-{kind}-{os.getpid()}").symlink_to(victim)
    site.post("b.md", "Beta", date="2024-05-02", body="Changed again.\n", lang="zh")
    result = engine(site).build()
    assert result.written, messages(result)
    assert tree(victim) == {"keep.txt": b"mine", "posts": None, "posts/notes.txt": b"mine too"}
    assert not list(site.root.glob(".public.*"))


@pytest.mark.parametrize("between", ["cache started afresh", "--no-cache build"])
def test_a_spare_whose_record_is_gone_or_stale_is_not_trusted_either(site, tmp_path, between):
    """The record that vouches for a spare's files may be gone (the cache was deleted or
    set aside) or describe an output replaced since (by a `--no-cache` build): the spare is
    still only folders to start from, and the output is what a clean build makes."""
    starter_site(site)
    engine(site).build()
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", lang="zh")
    engine(site).build()
    [spare] = (site.root / ".blogforge-cache").glob("spare-*")
    for rel in ("index.html", "posts/b/index.html", "posts/d/index.html"):
        (spare / rel).unlink()
        (spare / rel).write_text("stale")  # (not the output's file: another inode)
    site.post("b.md", "Beta", date="2024-05-02", body="Changed again.\n", lang="zh")
    if between == "cache started afresh":
        (site.root / ".blogforge-cache/build.sqlite").unlink()
    else:
        assert engine(site, use_cache=False).build().written
        site.post("b.md", "Beta", date="2024-05-02", body="And again.\n", lang="zh")
    result = engine(site).build()
    assert result.written, messages(result)
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_first_build_leaves_a_spare_of_its_output_for_the_next_build(site, tmp_path,
                                                                       monkeypatch):
    """No output to put aside after a first build: a thread of the build links one while the
    build finishes, so that the first edit does not make every folder and link itself; what
    the build writes after the pages (feeds, sitemaps, static files, the search index) too."""
    monkeypatch.setattr(output, "SPARE_MIN_FILES", 1)
    starter_site(site)
    engine(site).build()
    [spare] = (site.root / ".blogforge-cache").glob("spare-*")
    spared = {p.relative_to(spare).as_posix(): p.stat().st_ino
              for p in spare.rglob("*") if p.is_file()}
    published = {p.relative_to(site.output).as_posix(): p.stat().st_ino
                 for p in site.output.rglob("*") if p.is_file() and p.name != output.MARKER}
    assert {"index.html", "posts/b/index.html", "atom.xml", "sitemap.xml"} <= spared.keys()
    assert spared == published  # every file, the very file of the output
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", lang="zh")
    result = engine(site).build()
    assert result.written and "posts/b/index.html" in result.changed_files
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_first_build_that_fails_publishes_nothing_and_its_spare_is_only_a_start(
        site, tmp_path, monkeypatch):
    monkeypatch.setattr(output, "SPARE_MIN_FILES", 1)
    starter_site(site)
    footer = site.write("templates/partials/footer.html", "{{ nope(")
    result = engine(site).build()  # (the pages are staged: then the error stops the build)
    assert not result.written and not site.output.exists()
    footer.unlink()
    assert engine(site).build().written
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_first_build_stopped_while_its_spare_is_linked_stops_the_linking_as_it_stops(
        site, tmp_path, monkeypatch):
    """The spare of a first build is linked beside the build's tail (on a thread of the
    build's process): Ctrl+C there tells it to stop and waits for it, so that nothing goes on
    writing into the cache once the build has stopped, and the next build starts from
    whatever it left."""
    import threading

    from blogforge import site as site_module

    monkeypatch.setattr(output, "SPARE_MIN_FILES", 1)
    starter_site(site)
    started, told = threading.Event(), []
    real_link_tree = output._link_tree

    def linking(stage: str, spare: str, files: list[str], stop: threading.Event) -> None:
        started.set()
        told.append(stop.wait(30))  # (a long linking, until told to stop)
        real_link_tree(stage, spare, files, stop)

    def stopped(*args: object) -> None:
        assert started.wait(30)
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "_link_tree", linking)
    monkeypatch.setattr(site_module, "write_feeds", stopped)
    with pytest.raises(KeyboardInterrupt):
        engine(site).build()
    assert told == [True]  # (stopped and waited for: not left to its 30 s)
    assert not [t for t in threading.enumerate() if t.name == "spare maker"]
    assert not site.output.exists()
    monkeypatch.undo()
    assert engine(site).build().written
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_first_build_stopped_as_its_spare_starts_being_linked_stops_the_linking(
        site, monkeypatch):
    """A Ctrl+C raised as the thread linking a first build's spare had started, before the
    build noted it: the build stopped without telling it, and it went on linking the staged
    files into the cache. It is noted first, then told to stop and waited for."""
    import threading

    monkeypatch.setattr(output, "SPARE_MIN_FILES", 1)
    starter_site(site)
    told: list[bool] = []
    real_link_tree = output._link_tree

    def linking(stage: str, spare: str, files: list[str], stop: threading.Event) -> None:
        told.append(stop.wait(30))  # (a long linking, until told to stop)
        real_link_tree(stage, spare, files, stop)

    class CtrlCAsItStarts(threading.Thread):
        def start(self) -> None:
            super().start()  # (held back while it starts: raised as it is let through)
            if self.name == "spare maker":  # (no other thread the build may start)
                signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    monkeypatch.setattr(output, "_link_tree", linking)
    monkeypatch.setattr(output.threading, "Thread", CtrlCAsItStarts)
    stopped_by_ctrl_c(engine(site).build)
    monkeypatch.undo()
    assert told == [True]  # (stopped and waited for: not left to its 30 s)
    assert not [t for t in threading.enumerate() if t.name == "spare maker"]
    assert not site.output.exists()
    assert engine(site).build().written


# A first build (argv[1]: the site, argv[2]: the output) stopped by a Ctrl+C sent to the
# process, as a terminal sends it, just as it forks the process making the search index, while
# the thread linking the output's spare is at work; it prints whether that process "ended"
# with the build or "went on". The system gives the signal to a thread that does not hold it:
# if the linking thread does not, the build waits until that thread has taken it (else the
# main thread may take it first, as it lets it through: which one does is a race).
CTRL_C_WHILE_THE_SPARE_IS_LINKED = """
import os, signal, sys, threading, time
from pathlib import Path
from blogforge import output, search
from blogforge.site import BuildOptions, build_site
from blogforge.stop_signals import stop_on_signals

output.SPARE_MIN_FILES = search.BACKGROUND_DOCUMENTS = 1
parent, linking, held_by_linking, forked = os.getpid(), threading.Event(), set(), []
link_tree, real_fork, start, make = (output._link_tree, os.fork, search.SearchIndex.start,
                                     search.make_index)

def slow_linking(stage, spare, files, stop):
    held_by_linking.update(signal.pthread_sigmask(signal.SIG_BLOCK, []))
    linking.set()
    stop.wait(60)
    link_tree(stage, spare, files, stop)

def ctrl_c_as_forked():
    pid = real_fork()
    if pid:
        forked.append(pid)
        os.kill(parent, signal.SIGINT)
        while signal.SIGINT not in held_by_linking and signal.SIGINT in signal.sigpending():
            time.sleep(0.001)
    return pid

def start_index(self, stage):
    assert linking.wait(60)
    os.fork = ctrl_c_as_forked
    try:
        start(self, stage)
    finally:
        os.fork = real_fork

def slow_index(*args):
    made = make(*args)
    if os.getpid() != parent:
        time.sleep(60)
    return made

output._link_tree, search.SearchIndex.start, search.make_index = (slow_linking, start_index,
                                                                  slow_index)
stop_on_signals([])
try:
    build_site(BuildOptions(Path(sys.argv[1]), Path(sys.argv[2]), jobs=2))
except KeyboardInterrupt:
    pass
for pid in forked:
    try:
        os.kill(pid, 0)
        print("went on")
    except ProcessLookupError:
        print("ended")
"""


def test_a_ctrl_c_while_a_first_build_links_its_spare_ends_the_index_process_forked_then(site):
    """The thread linking a first build's spare held no stop signal: the system gave it the
    Ctrl+C sent to the build while the main thread held it back across a fork, and Python ran
    the handler in the main thread there and then, as the fork returned, whatever it held
    back: the search index's process, forked then, was left unnoted, at work for nobody. The
    thread holds them, as the threads reading a process's result do: the Ctrl+C is raised
    once the process is noted, and ends it."""
    starter_site(site)
    ran = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_THE_SPARE_IS_LINKED,
                          str(site.root), str(site.output)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert ran.stdout.split() == ["ended"], ran.stdout + ran.stderr
    assert not site.output.exists()
    assert engine(site).build().written


def test_a_saved_post_body_gets_its_page_at_once_and_the_full_build_agrees(site, tmp_path):
    starter_site(site)
    preview = engine(site, in_place=True)
    assert preview.build().written
    listing = (site.output / "categories/algorithms/index.html").read_bytes()
    saved = site.root / "content/posts/b.md"
    site.post("b.md", "Beta", date="2024-05-02", body="新的一段，$y^3$。\n",
              categories="[algorithms, leetcode]", lang="zh")
    assert preview.render_post(saved, Diagnostics()) == ["posts/b/index.html"]
    page = (site.output / "posts/b/index.html").read_text(encoding="utf-8")
    assert "新的一段" in page and "<math" in page
    # listings wait for the engine
    assert (site.output / "categories/algorithms/index.html").read_bytes() == listing
    result = preview.build({saved})
    assert result.written and "posts/b/index.html" not in result.changed_files
    assert "categories/algorithms/index.html" in result.changed_files  # the new excerpt
    assert tree(site.output) == clean_build(site, tmp_path)

    # what changes more than a body is left to the engine
    site.post("b.md", "Beta renamed", date="2024-05-02", body="新的一段。\n",
              categories="[algorithms, leetcode]", lang="zh")
    assert preview.render_post(saved, Diagnostics()) is None
    site.post("new.md", "New", date="2024-05-09", body="Hello.\n", lang="en")
    assert preview.render_post(site.root / "content/posts/new.md", Diagnostics()) is None
    site.write("templates/post.html", "{{ post.title }}")
    assert preview.render_post(site.root / "templates/post.html", Diagnostics()) is None
    # and a CLI build, whose output is not its own, never takes the short way
    cli = engine(site)
    cli.build()
    site.post("d.md", "Delta", date="2024-05-04", body="Changed.\n", series="s1", lang="zh")
    assert cli.render_post(site.root / "content/posts/d.md", Diagnostics()) is None


def test_a_post_saved_unchanged_replaces_no_page(site):
    """An editor's save without an edit (or `touch`) re-rendered the post and reloaded its
    open tabs in the preview: its page is left as it is now."""
    starter_site(site)
    preview = engine(site, in_place=True)
    assert preview.build().written
    saved, page = site.root / "content/posts/b.md", site.output / "posts/b/index.html"
    before = page.stat().st_mtime_ns
    os.utime(saved, ns=(before + 10**9, before + 10**9))
    assert preview.render_post(saved, Diagnostics()) == []
    assert page.stat().st_mtime_ns == before
    result = preview.build({saved})
    assert result.written and result.changed_files == []


def test_a_saved_body_says_what_a_clean_build_says_of_its_post(site, tmp_path):
    """What making a saved body's page at once says (the preview prints it with the page) is
    what a clean build says of that post; of another file, what the last build said alike is
    not said again (a bibliography that is not there, said with the first post's citation as
    its example, each post having its own)."""
    site.write("site.yaml", "title: T\nbase_url: https://example.org/blog/\n"
               "bibliography: refs.bib\n")
    site.post("a.md", "A", body="见 [@li2012]。\n", lang="zh")
    site.post("b.md", "B", date="2024-05-02", body="见 [@wu2020]。\n", lang="zh")
    preview = engine(site, in_place=True, use_cache=False, jobs=1)
    built = preview.build()
    assert built.written and [d.path for d in built.diagnostics.items] == [Path("site.yaml")]
    saved = site.post("b.md", "B", date="2024-05-02", lang="zh",
                      body="见 [@wu2020]。\n\n```nosuchlang\nx = 1\n```\n\n$$\nx^2\n")
    said = Diagnostics()
    assert preview.render_post(saved, said) == ["posts/b/index.html"]
    clean = Engine(BuildOptions(site.root, tmp_path / "clean", now=NOW, use_cache=False,
                                jobs=1)).build()
    of_b = [str(d) for d in clean.diagnostics.items if d.path == Path("content/posts/b.md")]
    assert [str(d) for d in said.items] == of_b and len(of_b) == 2


def test_a_saved_post_gets_its_page_at_once_when_the_site_is_the_current_folder(
        site, monkeypatch):
    """`blogforge serve` run in the site's folder (the README's way): the source is `.`, and
    the watcher names the saved file by its absolute path."""
    starter_site(site)
    monkeypatch.chdir(site.root)
    preview = Engine(BuildOptions(Path("."), site.output, now=NOW, in_place=True))
    assert preview.build().written
    site.post("b.md", "Beta", date="2024-05-02", body="又一段。\n",
              categories="[algorithms, leetcode]", lang="zh")
    saved = site.root / "content/posts/b.md"
    assert preview.render_post(saved, Diagnostics()) == ["posts/b/index.html"]
    assert "又一段" in (site.output / "posts/b/index.html").read_text(encoding="utf-8")


def in_link_audit() -> bool:
    return any(frame.filename.endswith("link_checker.py") for frame in traceback.extract_stack())


@pytest.mark.parametrize("in_place", [False, True])
@pytest.mark.parametrize("stop_at", [1, 3, 6, "link audit"])  # the nth checkpoint, or the audit's
def test_a_build_stopped_for_a_newer_change_writes_nothing(site, tmp_path, in_place, stop_at):
    starter_site(site)
    preview = engine(site, in_place=in_place)
    preview.build()
    before = tree(site.output)
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", lang="zh")
    asked: list[bool] = []  # per checkpoint: whether the link audit asked

    def cancel() -> bool:  # a newer save, noticed at that checkpoint
        asked.append(in_link_audit())
        return asked[-1] if stop_at == "link audit" else len(asked) >= stop_at

    result = preview.build(cancel=cancel)
    assert result.cancelled and not result.written and not result.diagnostics.errors
    assert stop_at != "link audit" or any(asked)
    assert tree(site.output) == before
    assert not [p for p in site.output.rglob("*") if "blogforge-new" in p.name]
    assert not list(site.root.glob(".public.*"))
    assert preview.build().written  # the build that follows does the work
    assert tree(site.output) == clean_build(site, tmp_path)


@pytest.mark.parametrize("link", ["build.lock", "build.sqlite", "build.sqlite-wal",
                                  ".blogforge-cache"])
def test_a_link_planted_in_the_cache_folder_stops_the_build_and_nothing_is_written(
        site, tmp_path, link):
    """The cache's files are written (the lock truncated, a damaged database deleted and made
    afresh) where the build finds them: through a link (committed with a site, in a restored
    CI cache), files anywhere its user may write were overwritten or deleted. The build stops
    with one message naming the link, and the file it points to is left as it was."""
    starter_site(site)
    assert engine(site).build().written
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "build.sqlite").write_bytes(b"not blogforge's" * 100)
    (victim / "file.txt").write_text("mine")
    cache = site.root / ".blogforge-cache"
    if link == ".blogforge-cache":
        shutil.rmtree(cache)
        cache.symlink_to(victim)
    else:
        (cache / link).unlink(missing_ok=True)
        (cache / link).symlink_to(victim / "file.txt")
    before = tree(victim)
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", lang="zh")
    result = engine(site).build()
    assert not result.written
    [error] = messages(result, "error")
    planted = site.root / ".blogforge-cache" / ("" if link == ".blogforge-cache" else link)
    assert f"{str(planted).rstrip('/')} is a symbolic link (to {victim}" in error, error
    assert tree(victim) == before
    ((cache / link) if link != ".blogforge-cache" else cache).unlink()  # (as the message says)
    assert engine(site).build().written
    assert "Changed." in site.read("posts/b/")


def test_a_folder_where_the_lock_file_goes_stops_the_build_and_its_files_stay(site):
    """A folder named build.lock in the cache was taken for a cache folder that cannot be
    written: the build went on without its lock, and two builds of the site could run at
    once. It stops, saying what to do, and writes nothing."""
    starter_site(site)
    lock = site.root / ".blogforge-cache/build.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir(parents=True)
    (lock / "notes.txt").write_text("mine")
    result = engine(site).build()
    assert not result.written and not site.output.exists()
    [error] = messages(result, "error")
    assert f"{lock} is a folder, not the lock file a build makes" in error
    assert (lock / "notes.txt").read_text() == "mine"
    shutil.rmtree(lock)  # (as the message says)
    assert engine(site).build().written


def test_cache_entries_nested_too_deep_to_read_are_misses_not_a_crash(site, tmp_path):
    """Every entry replaced by a JSON array nested 200,000 deep (with its right CRC): each
    build stopped with a RecursionError's traceback, until the cache was deleted."""
    starter_site(site)
    assert engine(site).build().written
    deep = ("[" * 200_000 + "]" * 200_000).encode("ascii")
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        assert db.execute("UPDATE units SET value = ?, crc = ?",
                          (deep, zlib.crc32(deep))).rowcount > 10
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", lang="zh")
    result = engine(site).build()
    assert result.written, messages(result)
    assert "Changed." in site.read("posts/b/")
    assert tree(site.output) == clean_build(site, tmp_path)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "other version",
                                    "zeros inside", "another table", "another program's",
                                    "identity lost"])
def test_a_damaged_cache_is_started_afresh_and_never_trusted(site, tmp_path, damage):
    """Also damage that opening the cache misses (bytes overwritten mid-file, a units table of
    another shape), which every build after said "could not write the cache" of, or missed
    every entry of, for good: the next build starts it afresh. A file without blogforge's
    identity that holds anything (another program's SQLite file, one whose identity row was
    lost) had the build's tables added to it, and its entries trusted, without a word."""
    starter_site(site)
    for n in range(12):
        site.post(f"p{n}.md", f"Post {n}", date=f"2024-02-{n + 1:02d}", lang="zh",
                  body=f"第 {n} 篇。" * 400 + "\n\n$x^{n}$\n")
    assert engine(site).build().written
    database = site.root / ".blogforge-cache/build.sqlite"
    if damage == "garbage":
        database.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        database.write_bytes(database.read_bytes()[:1000])
    elif damage == "foreign":
        database.unlink()
        with sqlite3.connect(database) as db:
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("INSERT INTO meta VALUES ('identity', 'someone else')")
    elif damage == "other version":
        with sqlite3.connect(database) as db:
            db.execute("UPDATE meta SET value = 'blogforge-cache 0 0.0.1' WHERE key='identity'")
            db.execute("UPDATE units SET value = '{\"rendered\": 1}' WHERE kind = 'post'")
    elif damage == "zeros inside":
        size = database.stat().st_size
        assert size > 16384 * 8, size
        with database.open("r+b") as file:  # (the middle third: past the tables' roots)
            file.seek(size // 3 // 16384 * 16384)
            file.write(bytes(size // 3))
    elif damage == "another program's":
        database.unlink()
        with sqlite3.connect(database) as db:
            db.execute("CREATE TABLE photos (id INTEGER, name TEXT)")
    elif damage == "identity lost":
        with sqlite3.connect(database) as db:
            db.execute("DELETE FROM meta")
    else:
        with sqlite3.connect(database) as db:
            db.execute("DROP TABLE units")
            db.execute("CREATE TABLE units (kind TEXT)")
    site.post("a.md", "Alpha 注意力", body="改过的正文 $x^3$。\n", tags="[ml]", lang="zh")
    result = engine(site).build()
    assert result.written, messages(result)
    assert tree(site.output) == clean_build(site, tmp_path)
    said = [m for m in messages(result) if "build cache" in m]
    assert said and ("damaged" in said[0] or "started afresh" in said[0]), said
    upgrade = [m for m in said if "the first build after an upgrade" in m]
    assert bool(upgrade) == (damage == "other version"), said  # (not "unusable")
    site.post("a.md", "Alpha 注意力", body="又改了 $x^4$。\n", tags="[ml]", lang="zh")
    again = engine(site).build()
    assert not [m for m in messages(again) if "build cache" in m], messages(again)
    assert tree(site.output) == clean_build(site, tmp_path)
    assert engine(site).build().pages_rendered == 0  # (the new cache works)
    with sqlite3.connect(database) as db:  # (started afresh: nothing of the other file kept)
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "photos" not in tables, tables


@pytest.mark.parametrize("kind, word", [("post-html", "正文"), ("katex", "mathnormal"),
                                        ("code", "print")])
def test_a_value_changed_on_the_disk_is_a_miss_not_a_damaged_page(site, tmp_path, kind, word):
    """A changed byte inside a stored value still reads as sound text (SQLite does not look
    there): the entry's checksum must turn it into a miss."""
    forget_highlighting()  # (so that this build stores its blocks)
    starter_site(site)
    engine(site).build()
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        changed = db.execute(  # (the value keeps its type, text or bytes)
            "UPDATE units SET value = CASE typeof(value) "
            "WHEN 'blob' THEN CAST(replace(CAST(value AS TEXT), ?1, 'DAMAGED') AS BLOB) "
            "ELSE replace(value, ?1, 'DAMAGED') END "
            "WHERE kind = ?2 AND instr(CAST(value AS TEXT), ?1)", (word, kind)).rowcount
    assert changed > 0
    site.write("templates/partials/footer.html", "<footer>changed</footer>\n")
    site.post("a.en.md", "Alpha", body="Body $x^2$, edited.\n", tags="[ml]", lang="en")
    b = site.root / "content/posts/b.md"
    b.write_text(b.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    forget_highlighting()
    result = engine(site).build()
    assert result.written, messages(result)
    assert not [name for name, data in tree(site.output).items() if data and b"DAMAGED" in data]
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_cache_started_afresh_is_said_once_not_again_by_the_builds_after(site):
    starter_site(site)
    engine(site).build()
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        db.execute("UPDATE meta SET value = 'blogforge-cache 0 0.0.1' WHERE key='identity'")
    said = [m for m in messages(engine(site).build()) if "build cache:" in m]
    assert len(said) == 1 and "started afresh" in said[0]
    again = engine(site).build()  # (nothing changed: the last build's messages, said again)
    assert again.written and not [m for m in messages(again) if "build cache:" in m]


def test_no_cache_builds_the_same_site(site, tmp_path):
    starter_site(site)
    result = engine(site, use_cache=False).build()
    assert result.written and not (site.root / ".blogforge-cache/build.sqlite").exists()
    assert tree(site.output) == clean_build(site, tmp_path)


def test_two_builds_of_one_site_at_once_are_refused_with_a_clear_message(site):
    starter_site(site)
    engine(site).build()
    before = tree(site.output)
    lock = BuildLock(site.root / ".blogforge-cache")
    try:
        result = engine(site).build()
    finally:
        lock.release()
    assert not result.written
    assert any("another blogforge build of this site is running" in m
               for m in messages(result, "error"))
    assert tree(site.output) == before
    assert engine(site).build().written  # and once it is done, building works again


def test_a_build_refused_beside_the_preview_says_it_is_the_preview(site, monkeypatch):
    """`blogforge build` run while `serve` rebuilt after a `git pull` said "another blogforge
    build of this site is running (process 11276)": the writer's own preview, unnamed."""
    starter_site(site)
    monkeypatch.setattr("sys.argv", ["blogforge", "serve"])
    lock = BuildLock(site.root / ".blogforge-cache")
    monkeypatch.setattr("sys.argv", ["blogforge", "build"])
    try:
        result = engine(site).build()
    finally:
        lock.release()
    assert messages(result, "error") == [
        f"error: the preview of this site (blogforge serve, process {os.getpid()}) is "
        "rebuilding it; build again when it has finished"]


@pytest.mark.parametrize("in_place", [False, True])
def test_a_parallel_build_equals_a_serial_one(site, tmp_path, monkeypatch, in_place):
    for n in range(160):  # enough pages for a pool of processes to render them too
        site.post(f"p{n}.md", f"Post {n}", date=f"2024-03-{n % 28 + 1:02d}",
                  body=f"Text {n} with $a_{{{n}}}$ and code:\n\n```python\nx = {n}\n```\n",
                  tags=f"[t{n % 4}]")
    monkeypatch.setattr(bodies, "FLUSH_CHARS", 2000)  # bodies go to the cache as they come
    # with the cache: workers fill it too; and they write the pages (the preview's in place)
    result = engine(site, jobs=2, in_place=in_place).build()
    assert result.written and result.bodies_rendered == 160
    # each written by the process that made it (here all as that process ended)
    assert cache_rows(site)["post-html"] == cache_rows(site)["search"] == 160
    assert tree(site.output) == clean_build(site, tmp_path)
    assert not list(site.output.rglob(INCOMING)) and not list(site.root.glob(".public.*"))


KILLER = """
import sys
from pathlib import Path
from blogforge.site import BuildOptions, Site
Site(BuildOptions(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1)).build()
"""


# A build that kills itself (SIGKILL) before the change numbered argv[3] (from 0; -1: none) it
# would make in the site's folder argv[1] (a file or folder made, written, linked, renamed or
# deleted, the swap), saying on stderr which it is; let alone, it prints each change it made,
# a line each. Killed anywhere between two changes, a build leaves its folders as killed before
# the second: no timing is needed. It builds with the test process's code fingerprint
# (argv[5]): that process read blogforge's files once, for the builds this one is compared
# with, and a file of the package saved since (an editor's save, a checkout, a `touch`: by the
# size and time of each file, a checkout's fingerprint changes) gave this build another
# `highlight.css?v=` in every page with code, "a mixed site", though each folder was whole.
KILLED_BEFORE_A_CHANGE = """
import builtins, io, os, re, shutil, signal, sys
from datetime import datetime
from pathlib import Path
from blogforge import fingerprint
fingerprint.code_fingerprint = lambda: sys.argv[5]  # (before the modules naming it are loaded)
from blogforge import output
from blogforge.site import BuildOptions, Site

folder, last, made = sys.argv[1], int(sys.argv[3]), []

def said(name, path):
    \"\"\"A change as the test compares them: this process's number in a name is <pid>.\"\"\"
    where = os.fsdecode(path)[len(folder):]
    return f"{name} {re.sub(rf'-{os.getpid()}(?=/|$)', '-<pid>', where)}"

def or_die(name, change, changes=lambda *args, **kwargs: True):
    def change_or_die(path, *args, **kwargs):
        if isinstance(path, (str, bytes, os.PathLike)) \\
                and os.fsdecode(path).startswith(folder) and changes(path, *args, **kwargs):
            if len(made) == last:
                os.write(2, f"killed before {said(name, path)}\\n".encode())
                os.kill(os.getpid(), signal.SIGKILL)
            made.append(said(name, path))
        return change(path, *args, **kwargs)
    return change_or_die

for name in ("mkdir", "rmdir", "unlink", "link", "rename", "replace"):
    setattr(os, name, or_die(name, getattr(os, name)))
shutil.rmtree = or_die("rmtree", shutil.rmtree)
output._exchange = or_die("exchange", output._exchange)
builtins.open = io.open = or_die("write", io.open, lambda path, mode="r", *args, **kwargs: any(
    letter in mode for letter in "wax+"))  # (opened to be written)
Site(BuildOptions(Path(folder), Path(sys.argv[2]), now=datetime.fromisoformat(sys.argv[4]),
                  jobs=1)).build()
print("\\n".join(made))
"""


def differences(found: dict[str, bytes | None], wanted: dict[str, bytes | None],
                shown: int = 4) -> str:
    """What a failed comparison of two `tree`s says: how many files differ, and the first few,
    each missing, not wanted, or by its first differing line (pytest's own account of two
    dicts of pages cut them off before the part that differs)."""
    said = []
    for rel in sorted(found.keys() | wanted.keys()):
        if rel not in found:
            said.append(f"{rel} missing")
        elif rel not in wanted:
            said.append(f"{rel} not wanted")
        elif found[rel] != wanted[rel]:
            said.append(f"{rel} {_first_difference(found[rel], wanted[rel])}")
    more = f"; and {len(said) - shown} more" if len(said) > shown else ""
    return f"{len(said)} differing: {'; '.join(said[:shown])}{more}"


def _first_difference(found: bytes | None, wanted: bytes | None) -> str:
    if found is None or wanted is None:
        return "a folder, not a file" if found is None else "a file, not a folder"
    found_lines, wanted_lines = found.splitlines(), wanted.splitlines()
    line = len(os.path.commonprefix([found_lines, wanted_lines]))  # (the first that differs)
    a, b = (lines[line] if line < len(lines) else b"" for lines in (found_lines, wanted_lines))
    start = max(0, len(os.path.commonprefix([a, b])) - 40)
    return f"line {line + 1}: {a[start:start + 100]!r}, not {b[start:start + 100]!r}"


def test_a_killed_build_leaves_the_previous_output_whole(site, tmp_path):
    """`kill -9` at any moment of a build leaves the previous output or the new one, whole,
    never a mix. The build is killed before one of the changes it makes: its first, two while
    it stages the new output's files, and each of its last six (the swap and what is around
    it). Killed at fixed times instead, as this test was, every kill came before the build
    had staged a file on a busy machine, and the test passed against a build writing through
    its links into the output or moving its files in one by one."""
    for n in range(8):
        site.post(f"p{n}.md", f"Post {n}", date=f"2024-03-{n % 28 + 1:02d}",
                  body=f"Text {n}.\n\n```python\nx = {n}\n```\n")

    def killed_before_change(
            number: int) -> tuple[dict[str, bytes | None], subprocess.CompletedProcess[str]]:
        """The output as the build found it, and the build, killed before its change `number`
        (-1: let alone). Each starts as a writer's builds do: from the last build's output,
        its record and a spare (the output before it) to stage in, and the same edit."""
        site.post("p0.md", "Post 0", date="2024-03-01", body=f"Before kill {number:03d}.\n")
        assert engine(site, jobs=1).build().written
        before = tree(site.output)
        site.post("p0.md", "Post 0", date="2024-03-01", body=f"Killed {number:03d}.\n")
        return before, subprocess.run(
            [sys.executable, "-c", KILLED_BEFORE_A_CHANGE, str(site.root), str(site.output),
             str(number), NOW.isoformat(), code_fingerprint()], capture_output=True, text=True,
            env={**os.environ, "CI": "1"})

    assert engine(site, jobs=1).build().written  # (the next build keeps this one as its spare)
    _, build = killed_before_change(-1)
    assert build.returncode == 0, build.stderr
    made = build.stdout.splitlines()  # (each change the build made, in its order)
    changes = len(made)
    clean = clean_build(site, tmp_path)
    assert tree(site.output) == clean, differences(tree(site.output), clean)
    kept, swapped = [], []
    for number in sorted({0, changes // 3, 2 * changes // 3, *range(changes - 6, changes)}):
        before, build = killed_before_change(number)
        assert build.returncode == -signal.SIGKILL, (number, made[-8:], build.stderr)
        # (the kills are placed by the build let alone: one that went another way would be
        # killed elsewhere than this test says, around its swap)
        assert f"killed before {made[number]}\n" in build.stderr, (number, made[number],
                                                                    build.stderr)
        now = tree(site.output)
        if now == before:
            kept.append(number)
        else:  # the build got to its swap: then the output is the new site
            clean = clean_build(site, tmp_path)
            assert now == clean, (
                f"a mixed site, killed before {number} ({made[number]}): against the "
                f"previous output {differences(now, before)}; against a clean build "
                f"{differences(now, clean)}")
            swapped.append(number)
    assert kept and swapped, (kept, swapped, made[-8:])  # (killed before the swap and after)
    assert engine(site).build().written  # what the kills left is cleaned up, not in the way
    clean = clean_build(site, tmp_path)
    assert tree(site.output) == clean, differences(tree(site.output), clean)
    deadline = time.monotonic() + 20  # (a previous output removed in the background)
    while list(site.root.glob(".public.blogforge-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(site.root.glob(".public.blogforge-*")), \
        {path.name: sorted(p.name for p in path.iterdir()) if path.is_dir() else None
         for path in site.root.glob(".public.blogforge-*")}


KILLED_AFTER_SWAP = """
import os, signal, sys
from pathlib import Path
from blogforge import output
from blogforge.site import BuildOptions, Site
swap = output.StagedOutput.commit
def swap_then_die(stage):
    swap(stage)
    os.kill(os.getpid(), signal.SIGKILL)  # before the build's record reaches the cache
output.StagedOutput.commit = swap_then_die
Site(BuildOptions(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1)).build()
"""


@pytest.mark.parametrize("draft_added", [False, True])
def test_a_build_killed_right_after_its_swap_is_repaired_when_the_change_is_taken_back(
        site, tmp_path, draft_added):
    """`kill -9` between the swap and the cache's record of the new output left that output
    under the previous build's record. A file put in static/ by mistake, then taken out: the
    next build found the record's inputs again and each file it names as it was, said
    "nothing changed", and published the file for good (and so did a build whose inputs
    changed without changing a page, a draft added: nothing to swap, it found)."""
    starter_site(site)
    assert engine(site).build().written
    site.write("static/extra.txt", "not for publishing\n")
    subprocess.run([sys.executable, "-c", KILLED_AFTER_SWAP, str(site.root), str(site.output)],
                   env={**os.environ, "CI": "1"}, check=False)
    assert (site.output / "extra.txt").exists()  # (the swap was made)
    (site.root / "static/extra.txt").unlink()
    if draft_added:
        site.post("draft.md", "Draft", body="Not yet.", draft="true")
    assert engine(site).build().written
    assert not (site.output / "extra.txt").exists()
    assert tree(site.output) == clean_build(site, tmp_path)


KILLED_BEFORE_SWAP = """
import os, signal, sys
from pathlib import Path
from blogforge import output
from blogforge.site import BuildOptions, Site
output.StagedOutput.commit = lambda stage: os.kill(os.getpid(), signal.SIGKILL)
Site(BuildOptions(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1)).build()
"""


def test_what_a_killed_build_left_is_removed_by_a_build_that_finds_nothing_to_do(site):
    """The staging folder of a build killed before its swap stayed beside the output while
    the builds after it found nothing to do (the change taken back): only a build that
    writes cleaned it up."""
    starter_site(site)
    assert engine(site).build().written
    site.write("static/extra.txt", "not for publishing\n")
    subprocess.run([sys.executable, "-c", KILLED_BEFORE_SWAP, str(site.root), str(site.output)],
                   env={**os.environ, "CI": "1"}, check=False)
    assert list(site.root.glob(".public.blogforge-staging-*"))  # (what the kill left)
    (site.root / "static/extra.txt").unlink()
    result = engine(site).build()
    assert result.written and not result.changed_files  # (nothing to do)
    assert not list(site.root.glob(".public.blogforge-*"))


def test_a_file_put_in_the_output_while_a_build_runs_is_kept(site, monkeypatch):
    """A file put in the output after the build looked for hand-put files, before its swap
    (a CNAME written by a script running beside it), went with the old output into the build
    cache as the next build's spare, whose sweep deleted it without a word: it is moved
    aside in the cache, and said."""
    starter_site(site)
    assert engine(site).build().written
    commit = output.StagedOutput.commit

    def commit_after_a_file_comes(stage: output.StagedOutput) -> list[str]:
        (stage.output / "CNAME").write_text("blog.example.org\n", encoding="utf-8")
        return commit(stage)

    site.post("b.md", "Beta", date="2024-05-02", body="Edited once.\n", lang="zh")
    with monkeypatch.context() as patched:
        patched.setattr(output.StagedOutput, "commit", commit_after_a_file_comes)
        assert engine(site).build().written
    site.post("b.md", "Beta", date="2024-05-02", body="Edited twice.\n", lang="zh")
    result = engine(site).build()
    [kept] = (site.root / ".blogforge-cache").glob("kept-*/CNAME")
    assert kept.read_text(encoding="utf-8") == "blog.example.org\n"
    assert not (site.output / "CNAME").exists()  # (what is in a spare is never published)
    assert any("CNAME" in said and str(kept.parent) in said
               for said in messages(result, "warning")), messages(result)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_the_workers_of_a_killed_build_end_with_it_quietly(site):
    """`kill -9` of the build alone (not its process group): its workers end too, without
    a traceback each, instead of rendering on for nobody."""
    for n in range(80):
        site.post(f"p{n}.md", f"Post {n}", date=f"2024-03-{n % 28 + 1:02d}",
                  body=f"Text {n} $a_{{{n}}}$.\n\n```python\nx = {n}\n```\n" * 20)
    process = subprocess.Popen([sys.executable, "-c", KILLER.replace("jobs=1", "jobs=2"),
                                str(site.root), str(site.output)], stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "CI": "1"})
    deadline = time.monotonic() + 30
    while len(workers := _children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(workers) >= 2, "the build never started its workers"
    process.kill()
    _, err = process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{w}").exists() for w in workers)
    assert "Traceback" not in err, err


class Hung(Exception):
    pass


@contextlib.contextmanager
def no_hang(seconds: int):
    """A build that hangs fails the test instead (SIGALRM interrupts the wait)."""
    def hung(*_: object) -> None:
        raise Hung(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("stage", ["bodies", "pages"])
def test_a_worker_killed_in_the_middle_stops_the_build_with_one_error(site, monkeypatch, stage):
    """A process of the pool dies (the kernel's out-of-memory killer, a `kill -9` of one
    process): the build stops at once, says so, and leaves the previous output as it was,
    instead of waiting for ever for the work that process had."""
    for n in range(30):
        site.post(f"p{n}.md", f"Post {n}", date=f"2024-03-{n % 28 + 1:02d}", body=f"Text {n}.\n")
    assert engine(site, use_cache=False).build().written
    before = tree(site.output)
    site.post("p0.md", "Post 0", date="2024-03-01", body="Changed.\n")
    module, name = (bodies, "_work") if stage == "bodies" else (templates, "_render_in_worker")
    if stage == "pages":
        monkeypatch.setattr(templates, "POOL_PAGES", 1)
    original = getattr(module, name)

    def dies_on_the_fifth(index: int) -> object:
        if index == 5:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(index)

    # (named as the function it stands for: a pool that pickles its tasks finds it too)
    dies_on_the_fifth.__module__, dies_on_the_fifth.__qualname__ = module.__name__, name
    monkeypatch.setattr(module, name, dies_on_the_fifth)
    with no_hang(60):
        result = engine(site, use_cache=False, jobs=2).build()
    assert not result.written
    said = messages(result, "error")
    assert len(said) == 1 and "was killed by SIGKILL" in said[0], said
    assert tree(site.output) == before


def test_a_pool_hands_back_what_its_processes_made_and_raised(monkeypatch):
    from blogforge.forks import WorkerDied, WorkerPool

    def square(n: int) -> int:
        if n == 7:
            raise ValueError("seven")
        return n * n

    with no_hang(30), WorkerPool(2, lambda: None, (), square) as pool:
        assert list(pool.results([3, 1, 4, 1, 5, 9, 2, 6], chunk=3)) == [9, 1, 16, 1, 25, 81, 4, 36]
        assert sorted(pool.results(range(5), ordered=False)) == [0, 1, 4, 9, 16]
        with pytest.raises(ValueError, match="seven"):
            list(pool.results(range(10)))

    def half_an_answer() -> None:
        """This process dies in the middle of writing its answer (a long one: in parts)."""
        from multiprocessing.connection import Connection

        def send_half(conn: Connection, data: bytes) -> None:
            conn._send(len(data).to_bytes(4, "big") + bytes(data[:len(data) // 2]))
            os.kill(os.getpid(), signal.SIGKILL)

        monkeypatch.setattr(Connection, "_send_bytes", send_half)

    with no_hang(30), WorkerPool(1, half_an_answer, (), str) as pool, \
            pytest.raises(WorkerDied, match="was killed by SIGKILL"):
        list(pool.results(["x" * 100_000]))


@pytest.mark.parametrize("bodies_by", ["this process", "a pool"])
def test_the_pages_a_pool_renders_find_each_body_in_the_cache_and_so_does_the_next_build(
        site, tmp_path, monkeypatch, bodies_by):
    """What the build has not written to the cache when the pages' processes fork is written
    while they render (the bodies' parts, the posts read), unless it holds the HTML of bodies
    rendered by this process, which those processes read from the cache: first then. No
    body is rendered again for its page, nor by the next build, which renders every page
    (a hook of the site's own added: not a body's input)."""
    from blogforge.markdown.render import PostRenderer

    monkeypatch.setattr(templates, "POOL_PAGES", 1)
    if bodies_by == "a pool":
        monkeypatch.setattr(bodies, "POOL_THRESHOLD", 1)
    starter_site(site)
    rendered_in = tmp_path / "rendered-in"
    monkeypatch.setattr(PostRenderer, "render", called_where(
        rendered_in, PostRenderer.render, lambda self, post, *rest: [post.source.name]))
    assert engine(site, jobs=2).build().written
    noted = [line.split() for line in rendered_in.read_text().splitlines()]
    assert len(noted) == 6 and len({name for _, name in noted}) == 6, noted
    assert ({pid for pid, _ in noted} == {str(os.getpid())}) == (bodies_by == "this process")
    rendered_in.unlink()
    site.write("templates/partials/head_extra.html", '<meta name="x" content="y">\n')
    result = engine(site, jobs=2).build()
    assert result.written and result.pages_rendered == result.pages, messages(result)
    assert not rendered_in.exists()


def test_a_pool_deals_the_chunks_of_a_lane_to_the_process_that_took_it_first():
    """A process is dealt the next chunk of its own lane, or of one no process has taken,
    before the others' chunks; with none of those left it takes the first left. Chunks of no
    lane go to whichever process asks, in order."""
    from collections import deque

    from blogforge.forks import _next_chunk

    lanes = [None, "zh", "en", "zh", "en", None, "zh", "zh"]
    todo, owners = deque(enumerate("abcdefgh")), {}
    dealt = [(taker, _next_chunk(todo, lanes, owners, taker)[1]) for taker in "PQPQQPPQ"]
    # (Q takes zh, P en; Q passes P's e by for f, of no lane; then, its own lane done, P
    # takes zh's g, the first left)
    assert dealt == [("P", "a"), ("Q", "b"), ("P", "c"), ("Q", "d"), ("Q", "f"), ("P", "e"),
                     ("P", "g"), ("Q", "h")] and owners == {"zh": "Q", "en": "P"}
    assert [_next_chunk(deque(enumerate("xy")), None, {}, "P")[1]] == ["x"]


def test_a_pool_makes_each_card_of_a_languages_lists_once_and_the_pages_of_one_process(
        site, tmp_path, monkeypatch):
    """The lists of tags, categories and folders of one language show their posts' cards,
    each made once by the process that renders them (`Renderer._shared_card`): a pool deals
    a language's lists to one process, as far as the balance allows (here each language's
    lists are one chunk, which no other process can take a part of), and each card is made
    once in the whole pool. The pages are those one process renders, each at its place."""
    monkeypatch.setattr(templates, "POOL_PAGES", 1)
    monkeypatch.setattr(templates, "POOL_CHUNKS", 1)
    starter_site(site)
    for n in range(6):
        site.post(f"z{n}.md", f"文章 {n}", date=f"2024-04-{n + 1:02d}", tags="[ml, attention]",
                  categories="[notes]", lang="zh")
        site.post(f"e{n}.md", f"Post {n}", date=f"2024-04-{n + 1:02d}", tags="[ml, rl]",
                  categories="[notes]", lang="en")
    made = tmp_path / "cards"
    context_of = templates.Renderer._context_of

    def noted(renderer: templates.Renderer, template: object, names: dict) -> object:
        if names.get("listing") is not None:  # (a card: by what makes it)
            with open(made, "a", encoding="utf-8") as cards:  # (one write: the processes')
                cards.write(f"{names['post'].path} {names['lang'].code} {names['card_level']} "
                            f"{names['listing'].kind} {names['series_places']}\n")
        return context_of(renderer, template, names)

    monkeypatch.setattr(templates.Renderer, "_context_of", noted)
    result = engine(site, jobs=2).build()
    assert result.written and result.pages_rendered > 40, messages(result)
    cards = made.read_text(encoding="utf-8").splitlines()
    assert len(cards) > 40 and sorted(cards) == sorted(set(cards))
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_slow_removal_of_the_old_output_never_touches_the_next_builds(site, tmp_path,
                                                                        monkeypatch):
    """The output a swap replaced is deleted in the background; the next build of the same
    process (`serve`, a script) may stage before that is done, and must not lose files to it."""
    starter_site(site)
    late: list[Path] = []  # removals held back until the next build is about to swap
    monkeypatch.setattr(output, "remove_in_background", late.append)
    commit = output.StagedOutput.commit

    def commit_after_late_removals(stage: output.StagedOutput) -> list[str]:
        while late and stage.output == site.output:  # (not the clean builds')
            shutil.rmtree(late.pop(), ignore_errors=True)
        return commit(stage)

    monkeypatch.setattr(output.StagedOutput, "commit", commit_after_late_removals)
    for body in ("One.\n", "Two.\n", "Three.\n"):  # (no cache: no spare takes the old output)
        site.post("b.md", "Beta", date="2024-05-02", body=body, lang="zh")
        assert engine(site, use_cache=False, jobs=1).build().written
        assert tree(site.output) == clean_build(site, tmp_path)
    shutil.rmtree(late.pop())
    assert not list(site.root.glob(".public.blogforge-*"))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_long_builds_show_progress_on_a_terminal_only():
    shown = Terminal()
    progress = Progress(300, shown)
    for _ in range(300):
        progress.step()
    progress.done()
    assert "rendering posts 300/300 (" in shown.getvalue() and "/s)" in shown.getvalue()
    piped = io.StringIO()
    quiet = Progress(300, piped)
    for _ in range(300):
        quiet.step()
    quiet.done()
    assert piped.getvalue() == ""


def test_rendering_many_pages_shows_progress_on_a_terminal(site, monkeypatch):
    """A template edit renders every page again: 5,000 of them said nothing for 15 s."""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    site.write("site.yaml", "paginate: 1\n")
    for n in range(80):
        site.post(f"p{n}.md", f"P{n}", date=f"2024-01-{n % 28 + 1:02}", tags=f"[t{n}]")
    assert engine(site, use_cache=False, jobs=1).build().pages_rendered >= 200
    assert re.search(r"rendering pages \d[\d,]*/\d[\d,]* \(", terminal.getvalue())


def test_the_summary_says_what_was_reused(site):
    starter_site(site)
    command = [sys.executable, "-m", "blogforge", "build", "--source", str(site.root)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "rendered, 0 unchanged" in first.stdout and "\r" not in first.stderr
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", lang="zh")
    second = subprocess.run(command, capture_output=True, text=True, check=True)
    pages = int(second.stdout.split("built ")[1].split(" pages")[0])
    rendered = int(second.stdout.split("; ")[1].split(" rendered")[0])
    assert 0 < rendered < pages and f"{pages - rendered} unchanged" in second.stdout
    third = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "nothing changed" in third.stdout
    site.write("static/notes.txt", "Added.\n")  # no page shows it: none is rendered
    fourth = subprocess.run(command, capture_output=True, text=True, check=True)
    assert f"; {pages} unchanged, 1 file changed)" in fourth.stdout
    (site.root / "public/notes.txt").unlink()  # deleted by hand: put back
    fifth = subprocess.run(command, capture_output=True, text=True, check=True)
    assert f"; {pages} unchanged, 1 file changed)" in fifth.stdout
    assert (site.root / "public/notes.txt").read_text(encoding="utf-8") == "Added.\n"
    assert "from the cache" not in first.stdout + second.stdout
    # A CI build: a fresh checkout (no public/) with the cache restored renders every page,
    # and says the cache gave the Markdown bodies
    shutil.rmtree(site.root / "public")
    sixth = subprocess.run(command, capture_output=True, text=True, check=True)
    bodies = len(list((site.root / "content").rglob("*.md")))
    assert f"; {pages} rendered, 0 unchanged; {bodies} Markdown bodies from the cache)" \
        in sixth.stdout, sixth.stdout


def test_touching_an_undated_post_does_not_reorder_the_listings(site):
    site.post("dated.md", "Dated", date="2024-05-01", lang="en", body="Dated post.\n")
    undated = site.write("content/posts/undated.md", "# Undated\n\nNo date in this one.\n")
    old = time.time() - 86400 * 3000  # years before the dated post
    os.utime(undated, (old, old))
    engine(site).build()
    before = site.read("")
    assert before.index("Undated") > before.index("Dated post")  # older, so further down
    os.utime(undated)  # touched now: its modification time is the newest
    site.post("other.md", "Other", date="2024-04-01", lang="en", body="Another.\n")
    engine(site).build()
    after = site.read("")
    assert after.index("Undated") > after.index("Dated post")


def test_a_site_without_posts_touched_gives_its_feed_the_time_a_clean_build_gives(site,
                                                                                  tmp_path):
    """Its feed has no entry to date it: it is as new as the site's files (`empty_feed_time`),
    a time the inputs' digests do not see, so a touch is a change there."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\n")
    site.write("content/about.md", "---\ntitle: 关于\n---\n关于。\n")
    for path in (site.root / "site.yaml", site.root / "content/about.md", site.root / "content"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    engine(site).build()
    os.utime(site.root / "site.yaml", (1_800_000_000, 1_800_000_000))  # touched, not changed
    assert engine(site).build().written
    assert "<updated>2027-01-15T08:00:00+00:00</updated>" in site.read("atom.xml")
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_scheduled_post_comes_and_an_expiring_one_goes_when_their_time_comes(site,
                                                                             tmp_path):
    """`publishDate` and `expiryDate` change what a build shows with the time alone: a cached
    build then is no replay of the last one, and gives what a clean build gives."""
    site.post("a.md", "Always", date="2024-05-01", lang="en", body="Here.\n")
    site.post("s.md", "Scheduled", date="2024-05-01", lang="en", body="Later.\n",
              publishDate="2026-12-01")
    site.post("e.md", "Expiring", date="2024-05-01", lang="en", body="Soon gone.\n",
              expiryDate="2026-12-01")
    first = engine(site).build()
    assert [p.source.name for p in first.held_back["future"]] == ["s.md"]
    home = (site.output / "index.html").read_text(encoding="utf-8")
    assert "Expiring" in home and "Scheduled" not in home
    later = NOW + timedelta(days=30)
    second = Engine(BuildOptions(site.root, site.output, now=later)).build()
    assert [p.source.name for p in second.held_back["expired"]] == ["e.md"]
    home = (site.output / "index.html").read_text(encoding="utf-8")
    assert "Scheduled" in home and "Expiring" not in home
    out = tmp_path / "clean"
    assert Engine(BuildOptions(site.root, out, now=later, use_cache=False)).build().written
    assert tree(site.output) == tree(out)


def test_a_post_held_back_for_its_files_time_comes_out_when_the_time_is_put_right(site,
                                                                                   tmp_path):
    """No date written, a file time of 2030 (a wrong clock, a USB stick): held back as a
    future post. Its time put right, the cached build kept 2030 and said "nothing changed",
    where a clean build (CI's) published it."""
    from blogforge.commands.build import held_back_lines

    site.post("dated.md", "Dated", date="2024-05-01", lang="en", body="Dated post.\n")
    undated = site.write("content/posts/undated.md", "# Undated\n\nNo date in this one.\n")
    later = NOW.timestamp() + 86400 * 1200
    os.utime(undated, (later, later))
    first = engine(site).build()
    assert held_back_lines(first.held_back)[1] == (
        f"  1 post dated in the future: content/posts/undated.md "
        f"({datetime.fromtimestamp(later, UTC):%Y-%m-%d %H:%M} UTC, its file's time: it has no "
        "date)")
    earlier = NOW.timestamp() - 86400 * 30
    os.utime(undated, (earlier, earlier))
    second = engine(site).build()
    assert second.written and not second.held_back
    assert tree(site.output) == clean_build(site, tmp_path)


def test_an_undated_posts_file_time_set_back_is_taken_even_when_nothing_else_changed(
        site, tmp_path):
    """`touch -d` to put an undated post's date right: the cached build said "nothing
    changed" and kept the date, where a clean build took the file's."""
    site.post("dated.md", "Dated", date="2024-05-01", lang="en", body="Dated post.\n")
    undated = site.write("content/posts/undated.md", "# Undated\n\nNo date in this one.\n")
    recent = NOW.timestamp() - 86400 * 10  # (not after the build's "now": not held back)
    os.utime(undated, (recent, recent))
    engine(site).build()
    old = NOW.timestamp() - 86400 * 3000
    os.utime(undated, (old, old))
    result = engine(site).build()
    assert result.written and "posts/undated/index.html" in result.changed_files
    assert tree(site.output) == clean_build(site, tmp_path)
    assert engine(site).build().changed_files == []  # (and then it is current)


def test_a_remembered_file_date_is_shown_in_the_time_zone_set_now(site):
    """`timezone:` changed from Shanghai to Los Angeles: an undated post kept its remembered
    date with +08:00 in the cached build, and showed the day before in a clean one."""
    site.write("site.yaml", "timezone: Asia/Shanghai\n")
    undated = site.write("content/posts/undated.md", "# Undated\n\nNo date in this one.\n")
    stamp = datetime(2025, 6, 15, 23, 30, tzinfo=UTC).timestamp()
    os.utime(undated, (stamp, stamp))
    engine(site).build()
    assert 'datetime="2025-06-16T07:30:00+08:00"' in site.read("posts/undated/")
    os.utime(undated)  # touched since (a checkout): the remembered date is the one shown
    site.write("site.yaml", "timezone: America/Los_Angeles\n")
    assert engine(site).build().written
    assert 'datetime="2025-06-15T16:30:00-07:00"' in site.read("posts/undated/")


def test_the_remembered_dates_of_posts_renamed_or_deleted_are_swept_in_time(site):
    """The date of a post dated by its file is remembered by the file's name: each rename
    left one behind for good. Those no recent build read go when the sweep falls due; the
    one in use stays, and touching its file still does not reorder the listings."""
    site.post("dated.md", "Dated", date="2024-05-01", lang="en", body="Dated post.\n")
    undated = site.write("content/posts/undated-0.md", "# Undated\n\nNo date in this one.\n")
    old = time.time() - 86400 * 3000  # years before the dated post
    os.utime(undated, (old, old))
    for n in range(1, 25):
        undated = undated.rename(undated.with_name(f"undated-{n}.md"))
        assert engine(site).build().written
        assert cache_rows(site)["date"] <= 2 * 2 + SWEEP_SLACK + 1  # (and the build's own)
    os.utime(undated)  # touched now: its modification time is the newest
    site.post("other.md", "Other", date="2024-04-01", lang="en", body="Another.\n")
    assert engine(site).build().written
    after = site.read("")
    assert after.index("Undated") > after.index("Dated post")


def test_a_preview_updated_in_place_keeps_its_last_good_pages_when_a_build_fails(site):
    starter_site(site)
    preview = engine(site, in_place=True)
    assert preview.build().written
    good = tree(site.output)
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", lang="zh")
    site.write("templates/post.html", "{% if %}broken{% endif %}\n")
    failed = preview.build()
    assert not failed.written and any("template" in m for m in messages(failed, "error"))
    assert tree(site.output) == good
    assert not [p for p in site.output.rglob("*") if "blogforge-new" in p.name]
    (site.root / "templates/post.html").unlink()
    fixed = preview.build()
    assert fixed.written and "posts/b/index.html" in fixed.changed_files
    assert "Changed." in site.read("posts/b/")


def test_builds_one_after_another_are_never_refused(site):
    starter_site(site)
    for n in range(4):  # each build leaves the previous output to a background remover
        site.post("b.md", "Beta", date="2024-05-02", body=f"Change {n}.\n", lang="zh")
        result = engine(site).build()
        assert result.written, messages(result)


def cache_rows(site: Site) -> dict[str, int]:
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        return dict(db.execute("SELECT kind, count(*) FROM units GROUP BY kind").fetchall())


def test_the_cache_does_not_grow_with_every_edit(site, tmp_path):
    starter_site(site)
    assert engine(site).build().written
    first = cache_rows(site)
    most: dict[str, int] = {}
    for step in range(40):  # every edit leaves an old body behind; they are swept in time
        site.post("b.md", "Beta", date="2024-05-02", body=f"Edit {step}.\n", lang="zh")
        assert engine(site).build().written
        for kind, count in cache_rows(site).items():
            most[kind] = max(most.get(kind, 0), count)
    # bodies, the link audit's facts of each page, search weights: twice those in use, at most
    # (and what one build added, not swept before the next; those of the build before are kept
    # too, for an edit taken back)
    assert most["post-html"] <= 2 * (first["post-html"] + 1) + 16
    assert most["links"] <= 2 * first["links"] + 16 + 12
    assert most["search"] <= 2 * (first["search"] + 1) + 16
    assert most["read-post"] <= 2 * (first["read-post"] + 1) + 16  # each file as read
    assert tree(site.output) == clean_build(site, tmp_path)
    again = engine(site).build()
    assert again.bodies_rendered == 0  # what is in use was kept


def test_cache_commits_never_wait_for_the_disk_in_the_build_or_its_workers(tmp_path):
    """A body worker commits as it goes: with SQLite's default for a new connection
    (synchronous=FULL) each commit would wait for the disk, seconds in a cold build on a
    laptop. The setting belongs to a connection, and a worker opens its own."""
    store = Store(tmp_path / "build.sqlite")
    level = "PRAGMA synchronous"
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # as a pool worker: forked from the build, with a connection of its own
        try:
            store.forked()
            store.put("post", "k", "v")
            store.flush()
            os.write(write, str(store._connection().execute(level).fetchone()[0]).encode())
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    normal = 1
    assert os.read(read, 8) == str(normal).encode()
    assert store._connection().execute(level).fetchone()[0] == normal
    assert store.get("post", "k") == "v"  # (what the worker wrote is there)


def test_the_bodies_of_a_preview_survive_many_builds_for_another_address(site):
    starter_site(site)
    assert engine(site, base_url="http://127.0.0.1:8000/").build().written  # as serve
    for step in range(40):
        site.post("b.md", "Beta", date="2024-05-02", body=f"Edit {step}.\n", lang="zh")
        assert engine(site).build().written
    preview = engine(site, base_url="http://127.0.0.1:8000/").build()
    assert preview.written and preview.bodies_rendered == 1  # only the post edited since


def cached_with(site: Site, kind: str, text: str) -> int:
    """How many entries of `kind` in the site's cache hold `text`."""
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        return db.execute("SELECT count(*) FROM units WHERE kind=? AND instr(value, ?) > 0",
                          (kind, text.encode())).fetchone()[0]


def test_code_blocks_and_formulas_no_build_uses_are_swept_in_time(site, tmp_path):
    starter_site(site)
    site.post("kept.md", "Kept", date="2024-05-05", lang="zh",
              body="```python\nkept_block()\n```\n\n$\\omega_{5678}$\n")
    site.post("e.md", "Epsilon", date="2024-05-06", lang="zh",
              body="```python\ngone_block()\n```\n\n$\\omega_{1234}$\n")
    assert engine(site).build().written
    assert cached_with(site, "code", "gone_block") == 1
    assert cached_with(site, "katex", "omega_{1234}") == 1
    for step in range(30):  # each edit leaves a code block and a formula behind
        body = "Plain now.\n" if step else "```python\ngone_block()\n```\n\n$\\omega_{1234}$\n"
        site.post("e.md", "Epsilon", date="2024-05-06", lang="zh", body=body)
        site.post("b.md", "Beta", date="2024-05-02", lang="zh",
                  body=f"```python\nprint({step})\n```\n\n$y^{{{step}}}$\n")
        assert engine(site).build().written
        if step == 1:  # no longer shown, but used by the build before: kept for now
            assert cached_with(site, "code", "gone_block") == 1
    # unused by any recent build: gone, with the edited ones but the last two
    assert cached_with(site, "code", "gone_block") == 0
    assert cached_with(site, "katex", "omega_{1234}") == 0
    assert cached_with(site, "code", "print") < 20
    assert cached_with(site, "katex", "y^{") < 20
    # a post that did not change in all that time keeps its code block and formula, though
    # no build since the first has asked for them (its body came from the cache)
    assert cached_with(site, "code", "kept_block") == 1
    assert cached_with(site, "katex", "omega_{5678}") == 1
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_sweep_keeps_what_the_same_builds_previous_run_used(tmp_path):
    """An edit taken back (a formula changed, then changed back) finds the entries of the
    build before, even when a sweep falls due in between."""
    store = Store(tmp_path / "build.sqlite")
    store.put("katex", "k1", "v")
    assert store.sweep("live", "build", {"katex": ["k1"]}, 0.0) == 0
    for n in range(40):
        store.put("katex", f"k{n}", "v")
    store.flush()
    assert store.sweep("live", "build", {"katex": ["k0"]}, 1.0) == 38
    assert sorted(store.get_all("katex")) == ["k0", "k1"]  # (k1: used before this run)
    store.flush()
    for n in range(2, 40):
        store.put("katex", f"k{n}", "v")
    store.flush()
    assert store.sweep("live", "build", {"katex": ["k2"]}, 2.0) == 38
    assert sorted(store.get_all("katex")) == ["k0", "k2"]  # the run before used k0


def test_a_sweep_keeps_and_deletes_owned_entries_with_their_owner(tmp_path):
    """Entries that belong to another (the link audit's rows, under `memory key:dependency`)
    are not noted one by one: they count as their owner's, and go when it goes, or when it is
    gone already; a key that only begins like the owner's is not its."""
    store = Store(tmp_path / "build.sqlite")
    for n in (*range(6), 45):
        store.put("memory", f"m{n}", "v")
        for dependency in range(10):
            store.put("row", f"m{n}:e{dependency}", "v")
    store.put("row", "m4x:e0", "v")  # (of no memory)
    store.put("row", "gone:e0", "v")  # of a memory deleted by something else
    store.flush()
    owned = {"row": "memory"}
    # (72 rows, more than twice the 10 of the memory in use: due, though 7 memories are not)
    assert store.sweep("live", "build", {"memory": ["m4"]}, 1.0, owned) == 6 + 62
    assert sorted(store.get_all("memory")) == ["m4"]
    assert sorted(store.get_all("row")) == sorted(f"m4:e{d}" for d in range(10))
    # as many rows as in use: nothing is due, and nothing goes
    store.put("memory", "m6", "v")
    for dependency in range(10):
        store.put("row", f"m6:e{dependency}", "v")
    store.flush()
    assert store.sweep("live", "build", {"memory": ["m6"]}, 2.0, owned) == 0
    assert len(store.get_all("row")) == 20


def outputs_in_cache(site: Site) -> tuple[set[str], set[str]]:
    """The output folders the cache holds a record of, and those it holds a search index of."""
    return ({key.removeprefix("output:") for key in cached_keys(site, "state")},
            {key.split(" shard ")[0] for key in cached_keys(site, "search-index")})


def test_the_records_and_indexes_of_outputs_built_no_more_are_swept(site, tmp_path):
    """Each output folder (and each preview's address) has its record and its search index in
    the cache: those of outputs no build writes any more go when the sweep falls due, and the
    last ones built stay, their next builds incremental."""
    starter_site(site)
    outputs = [str((site.root / f"out{n}").resolve()) for n in range(12)]
    sweeps = 0
    for n, folder in enumerate(outputs):
        assert Engine(BuildOptions(site.root, Path(folder), now=NOW, jobs=1)).build().written
        records, indexes = outputs_in_cache(site)
        assert indexes == records and folder in records
        assert len(records) < 2 * KEEP_OWNERS
        if len(records) < n + 1 and len(records) == KEEP_OWNERS:
            sweeps += 1
            assert records == set(outputs[n + 1 - KEEP_OWNERS:n + 1])
    assert sweeps >= 2
    site.post("b.md", "Beta", date="2024-05-02", body="Edited.\n", lang="zh")
    last = Engine(BuildOptions(site.root, Path(outputs[-1]), now=NOW, jobs=1)).build()
    # (the post's page and those that list it: the home, its terms', its folder's…)
    assert last.written and 0 < last.pages_rendered < last.pages // 2
    assert tree(Path(outputs[-1])) == clean_build(site, tmp_path)


def spares_in_cache(site: Site, wait: bool = False) -> set[str]:
    """The spare folders in the site's cache (`wait`: once those being deleted are gone)."""
    cache = site.root / ".blogforge-cache"
    deadline = time.monotonic() + 20
    while wait and any(".removed-" in path.name for path in cache.glob("spare-*")):
        assert time.monotonic() < deadline, "a spare is still being deleted"
        time.sleep(0.05)
    return {path.name for path in cache.glob("spare-*") if ".removed-" not in path.name}


def test_the_spares_of_outputs_built_no_more_are_swept_and_nothing_else(site, monkeypatch):
    """A build keeps the output it replaced in the cache as the next one's spare: mostly
    links, but a whole copy of the site once its output folder is deleted. The spares of the
    outputs no recent build writes go with their records when the sweep falls due (deleted in
    the background); those of the outputs kept stay and are used, and nothing else a user
    put in the cache folder is touched."""
    monkeypatch.setattr(output, "SPARE_MIN_FILES", 1)  # (a first build leaves a spare)
    starter_site(site)
    cache = site.root / ".blogforge-cache"
    (cache / "spare-parts").mkdir(parents=True)  # (a user's, named like a spare)
    (cache / "spare-parts/list.txt").write_text("mine")
    (cache / "notes.txt").write_text("mine")
    outputs = [site.root / f"out{n}" for n in range(10)]
    sweeps = 0
    for n, folder in enumerate(outputs):
        assert Engine(BuildOptions(site.root, folder, now=NOW, jobs=1)).build().written
        if n == 1:
            shutil.rmtree(outputs[0])  # (a try: its spare is now the only copy of its files)
        records, _ = outputs_in_cache(site)
        sweeps += len(records) < n + 1
        # a spare for each output the cache keeps a record of, this build's among them
        assert spares_in_cache(site) == {output.spare_of(cache, f"output:{record}").name
                                         for record in records} | {"spare-parts"}
    assert sweeps and len(records) <= KEEP_OWNERS + 2
    spares_in_cache(site, wait=True)
    # no whole copy is left: every file of a spare is also a kept output's
    assert all(path.stat().st_nlink > 1 for path in cache.glob("spare-*/**/*")
               if path.is_file() and path.parent.name != "spare-parts")
    assert (cache / "notes.txt").read_text() == "mine"
    assert (cache / "spare-parts/list.txt").read_text() == "mine"
    # the next edit of a kept output starts from its spare and links what did not change
    taken: list[object] = []
    take = output.StagedOutput._take_spare
    monkeypatch.setattr(output.StagedOutput, "_take_spare",
                        lambda stage: taken.append(take(stage)) or taken[-1])
    unchanged = (outputs[-1] / "posts/d/index.html").stat().st_ino
    site.post("b.md", "Beta", date="2024-05-02", body="Edited.\n", lang="zh")
    again = Engine(BuildOptions(site.root, outputs[-1], now=NOW, jobs=1)).build()
    assert again.written and 0 < again.pages_rendered < again.pages
    assert taken and taken[0] is not None
    assert (outputs[-1] / "posts/d/index.html").stat().st_ino == unchanged


def test_a_text_stored_as_its_utf8_bytes_reads_back_as_the_text(tmp_path):
    """A large body's HTML is handed to the cache as its UTF-8 bytes (the process that
    rendered it holds them while it makes the feed body: 47 MB where the text took 89): it
    is read back as the text, before the store writes it and after."""
    text = "<p>注意力 $x$ \U0001d53c</p>\n" * 1000
    store = Store(tmp_path / "build.sqlite")
    store.put_text("post-html", "key", text.encode("utf-8"))
    assert store.get_many_text("post-html", ["key"]) == {"key": text}
    store.flush()
    assert store.get_many_text("post-html", ["key"]) == {"key": text}
    store.close()
    assert Store(tmp_path / "build.sqlite").get_many_text("post-html", ["key"]) == {"key": text}


def test_a_text_written_from_its_parts_reads_back_as_the_text_and_its_damage_as_a_miss(
        tmp_path):
    """A large body's process writes its HTML from the UTF-8 parts it made it in (SQLite's
    blob I/O into a row made for it, with the other entries: a 6 MB post's 47 MB not bound
    whole and copied twice): another store reads it back as the text, over an entry the key
    had before too, and a byte changed in it on the disk makes it a miss, as any entry's."""
    text = "<p>注意力 $x$ \U0001d53c</p>\n" * 1000
    data = text.encode("utf-8")
    parts = [data[at:at + 777] for at in range(0, len(data), 777)] + [b""]
    path = tmp_path / "build.sqlite"
    store = Store(path)
    store.put_text("post-html", "key", "an older entry")
    store.flush()
    store.put_text("post-text", "key", "its search text")
    store.flush(in_parts={("post-html", "key"): parts, ("post-html", "empty"): []})
    store.close()
    again = Store(path)
    assert again.get_many_text("post-html", ["key", "empty"]) == {"key": text, "empty": ""}
    assert again.get_many_text("post-text", ["key"]) == {"key": "its search text"}
    again.close()
    with sqlite3.connect(path) as db:  # (a byte of the HTML changed where SQLite keeps it)
        db.execute("UPDATE units SET value = CAST(? AS BLOB) WHERE kind='post-html' AND "
                   "key='key'", (data.replace("意".encode(), "思".encode(), 1),))
    assert Store(path).get_many_text("post-html", ["key"]) == {}


def test_a_feed_body_handed_back_as_its_entry_reads_back_as_the_feed_body(tmp_path):
    """A large body's process hands its feed body back as the cache's entry (JSON as UTF-8,
    `_feed_entry`): stored as it is, it reads back as the feed body, a lone surrogate (a file
    name read with surrogateescape, which orjson refuses) too."""
    store = Store(tmp_path / "build.sqlite")
    for n, feed in enumerate(['<p>注意力 "引号" \\ 𝔼</p>\n\t', "<a href=\"/posts/\udc80/\">x</a>"]):
        store.put_text(bodies.FEED_KIND, f"key{n}", bodies._feed_entry(feed))
        assert store.get(bodies.FEED_KIND, f"key{n}") == feed
        store.flush()
        assert store.get(bodies.FEED_KIND, f"key{n}") == feed


def cache_size(site: Site) -> int:
    folder = site.root / ".blogforge-cache"
    return sum(path.stat().st_size for path in folder.glob("build.sqlite*"))


def test_a_cache_with_many_free_pages_shrinks_on_disk(site):
    starter_site(site)
    assert engine(site).build().written
    size = cache_size(site)
    store = Store(site.root / ".blogforge-cache/build.sqlite")  # 12 MB of bodies no build uses
    for n in range(240):
        store.put_text("post-html", f"old-{n}", f"{n:x}" * 25_000)
    store.flush()
    store.close()
    assert cache_size(site) > size + 12_000_000
    site.post("b.md", "Beta", date="2024-05-02", body="Edited.\n", lang="zh")
    assert engine(site).build().written  # the sweep falls due, then the file gives space back
    assert cache_size(site) < size + 2_000_000
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        assert db.execute("PRAGMA freelist_count").fetchone()[0] < 100
    assert engine(site).build().bodies_rendered == 0  # what is in use was kept


def test_a_cache_made_before_bodies_named_their_units_still_builds(site, tmp_path):
    """A cache file as the previous blogforge left it (no auto-vacuum; bodies that do not
    name their code blocks and formulas) is used: its bodies are made again, so that what they
    use is known, and the file is converted the first time it has space to give back."""
    starter_site(site)
    site.post("b.md", "Beta", date="2024-05-02", lang="zh",  # (a block no other test shows:
              body="```python\nprint('made before')\n```\n")  # none in this process's memory)
    assert engine(site).build().written
    path = site.root / ".blogforge-cache/build.sqlite"
    with sqlite3.connect(path, isolation_level=None) as db:
        for key, value in db.execute("SELECT key, value FROM units WHERE kind='post'").fetchall():
            entry = json.loads(value)
            del entry["units"]
            old = json.dumps(entry).encode()
            db.execute("UPDATE units SET value=?, crc=? WHERE kind='post' AND key=?",
                       (old, zlib.crc32(old), key))
        db.execute("PRAGMA auto_vacuum=NONE")
        db.execute("VACUUM")
        assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
    site.post("d.md", "Delta", date="2024-05-04", body="See [b](b.md) again.\n", series="s1",
              lang="zh")
    again = engine(site).build()
    assert again.written and not messages(again, "warning"), messages(again)
    assert again.bodies_rendered == 6  # (not one: the others did not say what they use)
    assert tree(site.output) == clean_build(site, tmp_path)
    assert engine(site).build().bodies_rendered == 0
    store = Store(path)
    for n in range(240):
        store.put_text("post-html", f"old-{n}", f"{n:x}" * 25_000)
    store.flush()
    store.close()
    grown = cache_size(site)
    site.post("d.md", "Delta", date="2024-05-04", body="Edited.\n", series="s1", lang="zh")
    assert engine(site).build().written
    assert cache_size(site) < grown - 10_000_000
    assert cached_with(site, "code", "made before") == 1  # (named by b.md's body now)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # (incremental from now on)


def test_preview_sessions_do_not_pile_up_in_the_cache(site, tmp_path):
    starter_site(site)
    rows = []
    for session in range(3):  # each `serve` whose cache has no folder for it (a second preview
        # of one address) previews into a new temporary folder
        preview = Engine(BuildOptions(site.root, tmp_path / f"serve-{session}" / "site", now=NOW,
                                      base_url="http://127.0.0.1:8000/", in_place=True))
        assert preview.build().written
        rows.append(cache_rows(site))
    assert rows[0] == rows[1] == rows[2]


def test_an_edited_body_does_not_parse_any_front_matter_again(site, monkeypatch):
    starter_site(site)
    assert engine(site).build().written
    parsed: list[str] = []
    real = frontmatter.parse_yaml
    monkeypatch.setattr(frontmatter, "parse_yaml", lambda text: parsed.append(text) or real(text))
    site.post("b.md", "Beta", date="2024-05-02", body="An edited body.\n",
              categories="[algorithms, leetcode]", lang="zh")
    assert engine(site).build().written
    assert parsed == []  # six files' front matter, all as the last build parsed it
    site.post("b.md", "Beta, retitled", date="2024-05-02", body="An edited body.\n",
              categories="[algorithms, leetcode]", lang="zh")
    assert engine(site).build().written
    assert len(parsed) == 1 and "Beta, retitled" in parsed[0]
    assert "Beta, retitled" in site.read("posts/b/")


@pytest.mark.parametrize("damage", ["garbage", "not a pair", "not text"])
def test_remembered_front_matter_that_is_not_sound_is_parsed_again(site, tmp_path, damage):
    starter_site(site)
    assert engine(site).build().written
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        (value,) = db.execute("SELECT value FROM units WHERE kind='front-matter'").fetchone()
        record = json.loads(value)
        assert len(record["entries"]) == 6  # every Markdown file's
        bad = {"garbage": "{not json", "not a pair": "[1, 2, 3]", "not text": 5}[damage]
        record["entries"] = dict.fromkeys(record["entries"], bad)
        db.execute("UPDATE units SET value=? WHERE kind='front-matter'", (json.dumps(record),))
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", tags="[new-tag]", lang="zh")
    result = engine(site).build()
    assert result.written, messages(result)
    assert tree(site.output) == clean_build(site, tmp_path)


def test_front_matter_json_cannot_hold_exactly_is_parsed_every_time(site, tmp_path):
    starter_site(site)
    site.write("content/posts/e.md", "---\ntitle: Epsilon\ndate: 2024-05-05\nlang: en\n"
               "extra: {1: one}\nstamp: !!timestamp 2024-05-05 10:00:00\n---\nText.\n")
    for _ in range(2):
        result = engine(site).build()
        assert result.written, messages(result)
    assert tree(site.output) == clean_build(site, tmp_path)


def test_library_versions_are_those_installed():
    from importlib import metadata

    for module, distribution in LIBRARIES:
        assert library_version(module, distribution) == metadata.version(distribution)


def loads_counted(monkeypatch) -> list[str]:
    """The files the loader reads this build (those it recalls from the cache are not)."""
    read: list[str] = []
    real = loader.load_post
    monkeypatch.setattr(loader, "load_post", lambda path, *rest, **named: read.append(
        path.name) or real(path, *rest, **named))
    return read


def test_a_build_reads_only_the_markdown_files_that_changed(site, tmp_path, monkeypatch):
    starter_site(site)
    site.write("content/posts/e.md", "---\ntitle: Epsilon\ndate: 2024-05-05\nlang: en\n---\n"
               "Form\x0cfeed.\n")  # (a warning of the loader's own, to be said every build)
    first = engine(site).build()
    assert first.written, messages(first)
    read = loads_counted(monkeypatch)
    site.post("b.md", "Beta", date="2024-05-02", body="An edited body.\n", lang="zh")
    result = engine(site).build()
    assert result.written, messages(result)
    assert read == ["b.md"]
    assert messages(result, "warning") == messages(first, "warning")  # e.md's form feed too
    assert any("U+000C" in m for m in messages(result, "warning"))
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_folder_that_comes_beside_a_post_is_its_asset_folder_at_once(site, tmp_path):
    starter_site(site)
    site.post("f.md", "Phi", date="2024-05-06", body="![p](f/pic.png)\n", lang="zh")
    assert engine(site).build().written
    site.write("content/posts/f/pic.png", raw=PNG)  # (Hexo's asset folder, named as the post)
    result = engine(site).build()
    assert result.written, messages(result)
    assert site.exists("posts/f/pic.png")
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_new_time_zone_reads_every_post_again(site, tmp_path, monkeypatch):
    starter_site(site)
    site.post("g.md", "Gamma time", date="2024-05-31T23:30:00", body="Late.\n", lang="en")
    assert engine(site).build().written
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", text + "timezone: Asia/Shanghai\n")
    read = loads_counted(monkeypatch)
    result = engine(site).build()
    assert result.written, messages(result)
    assert "g.md" in read
    assert "2024-05-31T23:30:00+08:00" in site.read("en/posts/g/")
    assert tree(site.output) == clean_build(site, tmp_path)
    read.clear()
    site.post("b.md", "Beta", date="2024-05-02", body="Edited.\n", lang="zh")
    assert engine(site).build().written
    assert read == ["b.md"]  # g.md came back with its zone, as a clean build reads it
    assert tree(site.output) == clean_build(site, tmp_path)


@pytest.mark.parametrize("damage", ["garbage", "not a record", "wrong types", "other folder",
                                    "body elsewhere"])
def test_a_remembered_post_that_is_not_sound_is_read_again(site, tmp_path, damage, monkeypatch):
    starter_site(site)
    assert engine(site).build().written
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        rows = db.execute("SELECT key, value FROM units WHERE kind='read-post'").fetchall()
        assert len(rows) == 6  # every Markdown file's
        for key, value in rows:
            record = json.loads(value)
            bad = {"garbage": "{not json", "not a record": "[1, 2]",
                   "wrong types": json.dumps({**record, "tags": "ml", "pinned": "1"}),
                   "other folder": json.dumps({**record, "asset_folder": "content/elsewhere"}),
                   "body elsewhere": json.dumps({**record, "body_starts": 10**9}),
                   }[damage]
            db.execute("UPDATE units SET value=?, crc=? WHERE kind='read-post' AND key=?",
                       (bad.encode(), zlib.crc32(bad.encode()), key))
    read = loads_counted(monkeypatch)
    site.post("b.md", "Beta", date="2024-05-02", body="Changed.\n", lang="zh")
    result = engine(site).build()
    assert result.written, messages(result)
    assert len(read) == 6
    assert tree(site.output) == clean_build(site, tmp_path)


@pytest.mark.parametrize("damage", ["level as text", "a field missing", "a field more",
                                    "not a list", "not a record"])
def test_a_cached_body_whose_headings_are_not_sound_is_rendered_again(site, tmp_path, damage):
    """A cached body's headings are made into `Heading`s only when a page reads them (its table
    of contents): what the cache holds is checked all the same before it is trusted."""
    starter_site(site)
    assert engine(site).build().written
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        rows = db.execute("SELECT key, value FROM units WHERE kind='post'").fetchall()
        damaged = 0
        for key, value in rows:
            entry = json.loads(value)
            headings = entry["rendered"]["headings"]
            if not headings:
                continue
            first = headings[0]
            entry["rendered"]["headings"] = {
                "level as text": [{**first, "level": str(first["level"])}, *headings[1:]],
                "a field missing": [{k: v for k, v in first.items() if k != "text"}],
                "a field more": [{**first, "anchor": "x"}, *headings[1:]],
                "not a list": {"0": first},
                "not a record": [[first["level"], first["id"], first["html"], first["text"]]],
            }[damage]
            bad = json.dumps(entry, ensure_ascii=False).encode()
            db.execute("UPDATE units SET value=?, crc=? WHERE kind='post' AND key=?",
                       (bad, zlib.crc32(bad), key))
            damaged += 1
    assert damaged  # (a.md's 小节 and Notes: a table of contents on its page)
    site.write("templates/partials/footer.html", "<footer>changed</footer>\n")  # every page
    result = engine(site).build()
    assert result.written, messages(result)
    assert '<nav class="toc"' in site.read("posts/a/")
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_recalled_post_has_the_body_of_its_file_after_any_front_matter(site, tmp_path,
                                                                        monkeypatch):
    """A record says where the post's body starts in its file: after a byte order mark and a
    front matter in Chinese, the bodies a changed setting renders again from the records
    are the files' own."""
    starter_site(site)
    site.write("content/posts/h.md", "\ufeff---\ntitle: 注意力机制的笔记\ndate: 2024-05-07\n"
               "lang: zh\n---\n正文：多头注意力。\n\n## 小节\n")
    assert engine(site).build().written
    read = loads_counted(monkeypatch)
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", text + "excerpt_length: 4\n")  # (every body, none of the posts)
    result = engine(site).build()
    assert result.written, messages(result)
    assert read == []
    assert "<p>正文：多头注意力。</p>" in site.read("posts/h/")
    assert tree(site.output) == clean_build(site, tmp_path)


@pytest.mark.parametrize("child", ["works", "dies"])
def test_posts_read_half_by_a_second_process_are_those_one_process_reads(site, tmp_path,
                                                                         monkeypatch, child):
    """Many posts to read anew (a first build of a large blog): the last half of them are read
    by a process forked beside the build's, which reads the rest meanwhile. The posts, their
    messages in their order, and the records and front matter the cache keeps for the next
    builds are those of one process; a post no record holds is read by the build's own, and
    so is the whole half when that process dies."""
    from blogforge.forks import Aside
    monkeypatch.setattr(loader, "READ_ASIDE_POSTS", 1)
    started, start = [], Aside.start
    monkeypatch.setattr(Aside, "start", classmethod(
        lambda cls, function, *args: started.append(function) or start(function, *args)))
    if child == "dies":
        monkeypatch.setattr(loader, "_records_of", lambda *args: os._exit(1))
    starter_site(site)
    site.write("content/posts/_index.md", "---\ntitle: Posts\ncascade:\n  series: cascaded\n"
               "---\nThe posts.\n")
    for n in range(4):
        site.post(f"w{n}.md", f"文章 {n}", date=f"2024-06-0{n + 1}", lang="zh",
                  body=f"正文 {n}，$y_{n}$。\n", tags=f"[t{n % 2}]")
    # (the half read aside says things: the loader's warnings, at their lines, in order)
    site.post("x-feed.md", "Form", date="2024-06-05", body="Form\x0cfeed.\n", tgas="[typo]")
    site.write("content/posts/y-no-date.md", "---\ntitle: Undated\n---\nDated by its file.\n")
    site.write("content/posts/z-yaml.md", "---\ntitle: Zeta\ndate: 2024-06-06\n"
               "extra: {1: one}\n---\nFront matter JSON cannot hold.\n")
    read = loads_counted(monkeypatch)
    result = engine(site, jobs=2).build()
    assert result.written, messages(result)
    read_here = list(read)
    clean_out = tmp_path / "clean"
    clean = Engine(BuildOptions(site.root, clean_out, now=NOW, use_cache=False, jobs=1)).build()
    assert tree(site.output) == tree(clean_out)
    assert [m.replace(str(site.output), "OUT") for m in messages(result)] \
        == [m.replace(str(clean_out), "OUT") for m in messages(clean)]
    assert any("U+000C" in m for m in messages(result)) and any("`tgas`" in m
                                                                 for m in messages(result))
    assert started.count(loader._records_of) == 1
    if child == "works":  # (the last half, c/index.md last, but two no record holds)
        assert read_here == ["about.md", "a.en.md", "a.md", "b.md", "d.md", "w0.md",
                             "y-no-date.md", "z-yaml.md"]
    else:
        assert len(read_here) == 13
    kept = {kind: cached_values(site, kind) for kind in ("read-post", "front-matter")}
    read.clear()  # the next build reads again only the two no record holds…
    config = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", config.replace("title: Test", "title: Retitled"))  # (every page)
    assert engine(site, jobs=2).build().written
    assert read == ["y-no-date.md", "z-yaml.md"]
    assert tree(site.output) == clean_build(site, tmp_path)
    site.write("site.yaml", config)  # … for the cache keeps what one process keeps
    shutil.rmtree(site.root / ".blogforge-cache")
    assert engine(site, jobs=1).build().written
    assert {kind: cached_values(site, kind) for kind in kept} == kept


def cached_values(site: Site, kind: str) -> list[bytes]:
    """The values of the entries of `kind` in the site's build cache, as stored, in order."""
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        return [bytes(value) for (value,) in db.execute(
            "SELECT value FROM units WHERE kind=? ORDER BY key", (kind,))]


def test_a_post_record_holds_every_field_of_a_post():
    """A field added to the model must be added to the record too (else a post recalled from
    the cache would lose it and an incremental build would differ from a clean one)."""
    from dataclasses import fields

    from blogforge.content import records
    from blogforge.model import Post

    stored = set(records._PLAIN) | {"source", "date", "updated", "body", "categories",
                                    "bundle_dir", "publish_date", "expiry_date", "cascaded"}
    assert {f.name for f in fields(Post)} - {"rendered"} == stored


def test_a_sweep_with_room_to_spare_reads_no_other_builds_records(tmp_path, monkeypatch):
    """Each build notes the cache entries it used; the others' notes (megabytes of keys for a
    large blog) are read only when the cache holds more than twice what this build uses."""
    store = Store(tmp_path / "build.sqlite")
    for n in range(3):
        store.put("post", f"k{n}", "v")
    store.flush()
    store.sweep("live", "other build", {"post": ["k0", "k1", "k2"]}, 1.0)
    monkeypatch.setattr(store, "get_all", lambda kind: pytest.fail("read the others' notes"))
    assert store.sweep("live", "this build", {"post": ["k0", "k1"]}, 2.0) == 0
    monkeypatch.undo()
    for n in range(3, 40):
        store.put("post", f"k{n}", "v")
    store.flush()
    assert store.sweep("live", "this build", {"post": ["k0", "k1"]}, 3.0) == 37
    assert sorted(store.get_many("post", [f"k{n}" for n in range(40)])) == ["k0", "k1", "k2"]


def test_two_builds_that_fill_the_cache_between_them_read_each_others_records_when_due(
        tmp_path, monkeypatch):
    """A site previewed by `serve` and built by `build` (two owners, each with its own
    entries) holds, after a few edits, twice the entries either uses; a sweep then finds that
    nothing may go. It remembers what it found, so the builds after do not read the other
    records (megabytes at 1,000 posts) again until the cache holds too many for both."""
    store = Store(tmp_path / "build.sqlite")
    current = {owner: [f"{owner}{n}" for n in range(20)] for owner in ("serve", "build")}
    for keys in current.values():
        for key in keys:
            store.put("post", key, "v")
    store.flush()
    get_all, reads = store.get_all, []
    monkeypatch.setattr(store, "get_all", lambda kind: reads.append(kind) or get_all(kind))
    for edit in range(100):
        owner = ("serve", "build")[edit % 2]
        current[owner][edit % 20] = key = f"{owner}-edit{edit}"  # (one post edited)
        store.put("post", key, "v")
        store.flush()
        store.sweep("live", owner, {"post": list(current[owner])}, float(edit))
        store.flush()
        both = len(current["serve"]) + len(current["build"])
        assert store.count("post") <= 2 * (both + 2) + SWEEP_SLACK + 1  # (+ the builds before)
    # every entry either build uses now is still there
    wanted = current["serve"] + current["build"]
    assert sorted(store.get_many("post", wanted)) == sorted(wanted)
    # 100 builds, 60 of them with more than twice the entries either uses: records were read
    # when a sweep fell due, not by every build
    assert 1 <= len(reads) <= 6


def test_a_post_saved_while_a_preview_builds_gets_its_new_body_in_every_build_after(
        site, tmp_path, monkeypatch):
    """The build digests content/ first and hands those bytes to the loader, which notes the
    file's stat later: a save in between must not leave the preview (which remembers posts by
    stat) showing the old body, nor the cache (whose body keys name the digest of the bytes
    read) holding the old body under the new file's name for every build after."""
    from blogforge import site as site_module
    starter_site(site)
    assert engine(site).build().written
    preview = engine(site)  # (one long-lived engine: `blogforge serve`)
    real_load = site_module.load_content

    def saved_meanwhile(*args, **kwargs):  # (the writer saves as the build starts loading)
        site.post("b.md", "Beta", date="2024-05-02", body="Saved while building.\n", lang="zh")
        return real_load(*args, **kwargs)

    site.post("b.md", "Beta", date="2024-05-02", body="First edit.\n", lang="zh")
    monkeypatch.setattr(site_module, "load_content", saved_meanwhile)
    assert preview.build().written  # (the bytes it digested: the first edit)
    monkeypatch.setattr(site_module, "load_content", real_load)
    result = preview.build()  # (the watcher's build for the save)
    assert result.written, messages(result)
    assert "Saved while building." in site.read("posts/b/")
    assert tree(site.output) == clean_build(site, tmp_path)
    site.post("d.md", "Delta", date="2024-05-04", body="Another post edited.\n", lang="zh")
    assert engine(site).build().written  # (a new process: the cache alone)
    assert "Saved while building." in site.read("posts/b/")
    assert tree(site.output) == clean_build(site, tmp_path)


def test_feed_bodies_made_beside_the_pages_are_the_ones_the_feeds_carry(site, tmp_path,
                                                                         monkeypatch):
    """With much to put in feeds (here: anything), a forked process makes the feed bodies
    into the cache while the pages render, and the build's own process makes none: the feeds
    are the same bytes as a clean build's. An edit after: the same again."""
    from blogforge.markdown.render import PostRenderer

    monkeypatch.setattr(bodies, "FEED_ASIDE_CHARS", 1)
    made_here: list[str] = []  # (what this process renders; the forked one's are its own)
    render_for_feed = PostRenderer.render_for_feed

    def counted(self: PostRenderer, post: object) -> str:
        made_here.append(str(post.source))  # type: ignore[attr-defined]
        return render_for_feed(self, post)  # type: ignore[arg-type]

    monkeypatch.setattr(PostRenderer, "render_for_feed", counted)
    starter_site(site)
    for step in range(2):
        if step:
            site.post("b.md", "Beta", date="2024-05-02", body="新的 *正文*，$x^2$。\n",
                      lang="zh")
        result = engine(site, jobs=2).build()
        assert result.written, messages(result)
        assert made_here == [], step
        assert tree(site.output) == clean_build(site, tmp_path)  # (which makes its own)
        made_here.clear()


def test_a_build_stopped_as_its_feed_bodies_process_is_forked_ends_that_process(site,
                                                                                 monkeypatch):
    """A Ctrl+C held back across the fork of the process making the feed bodies, and raised
    as it returned, came before that process was noted: the build stopped, and it went on
    making feed bodies into the cache for nobody. It is ended with the build."""
    from blogforge.markdown.render import PostRenderer

    monkeypatch.setattr(bodies, "FEED_ASIDE_CHARS", 1)
    parent, render_for_feed = os.getpid(), PostRenderer.render_for_feed

    def slow(self: PostRenderer, post: object) -> str:  # (at work for as long as it is let)
        if os.getpid() != parent:
            time.sleep(60)
        return render_for_feed(self, post)  # type: ignore[arg-type]

    monkeypatch.setattr(PostRenderer, "render_for_feed", slow)
    starter_site(site)
    with ctrl_c_as_it_forks(monkeypatch, bodies.FeedBodies, "start") as forked:
        stopped_by_ctrl_c(lambda: engine(site, jobs=2).build())
        assert len(forked) == 1
        with pytest.raises(ProcessLookupError):
            os.kill(forked[0], 0)  # (ended, and waited for: not left to work for nobody)
    assert not site.output.exists()
    monkeypatch.undo()
    assert engine(site, jobs=2).build().written


def test_a_build_stopped_as_its_old_output_is_sent_away_leaves_no_process_behind(site,
                                                                                  monkeypatch):
    """The output a build replaced is removed by a process of its own, forked through one
    that leaves at once and is waited for. A Ctrl+C raised as that fork returned left the one
    that left unwaited for: a zombie for as long as the build's process lived (`serve`).
    (Without a cache: no spare to keep the old output as.)"""
    starter_site(site)
    assert engine(site, use_cache=False).build().written
    site.write("content/posts/b.md", (site.root / "content/posts/b.md").read_text() + "\nMore.\n")
    with ctrl_c_as_it_forks(monkeypatch, output, "remove_in_background") as forked:
        stopped_by_ctrl_c(lambda: engine(site, use_cache=False).build())
        assert len(forked) == 1
        with pytest.raises(ChildProcessError):  # (waited for already: not this one's to reap)
            os.waitpid(forked[0], os.WNOHANG)
    assert "More." in (site.output / "posts/b/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("beside", ["weighs", "dies"])
def test_search_weights_of_bodies_rendered_without_a_pool_are_made_beside_the_pages(
        site, tmp_path, monkeypatch, beside):
    """A build with too few posts for a pool (one large post) weighs the bodies it rendered
    for the search index in the feed bodies' process, beside the pages, not in its own (0.7 s
    of a 6 MB post's build); the index is a clean build's, and the next build finds every
    weight in the cache. If that process dies, the index weighs them itself: the same site."""
    from blogforge.search.index import SearchDocument

    monkeypatch.setattr(bodies, "FEED_ASIDE_CHARS", 1)
    parent = os.getpid()
    weighed_here: list[str] = []
    weights = SearchDocument.weights

    def counted(doc: SearchDocument) -> tuple[dict[str, int], int]:
        if os.getpid() == parent:
            weighed_here.append(doc.url)
        elif beside == "dies":
            os._exit(1)
        return weights(doc)

    monkeypatch.setattr(SearchDocument, "weights", counted)
    starter_site(site)
    result = engine(site, jobs=2).build()
    assert result.written, messages(result)
    if beside == "weighs":
        assert weighed_here == []
    else:  # (every indexed post and page: a, a.en, b, c, d and about)
        assert len(weighed_here) == 6
    assert tree(site.output) == clean_build(site, tmp_path)
    weighed_here.clear()
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "description: new\n")
    assert engine(site, jobs=2).build().written  # (pages again; every body and weight kept)
    assert weighed_here == []
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_site_kept_between_builds_frees_the_model_of_the_build_before(site):
    """The preview's site object: each build left the last one's model as garbage in cycles,
    which the command's tuned collector seldom reached (a 1,000-post preview grew ~130 MB a
    save, to 1.4 GB). Under the command's own thresholds, as `blogforge` sets them."""
    import gc
    import weakref

    from blogforge.cli import GC_FIRST_THRESHOLD

    starter_site(site)
    preview = engine(site, in_place=True)
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_FIRST_THRESHOLD, *thresholds[1:])
    try:
        assert preview.build().written
        for n in range(3):
            before = weakref.ref(preview._live.site)
            edited = site.post("b.md", "Beta", date="2024-05-02", body=f"Edit {n}.\n", lang="zh")
            assert preview.build([edited]).written
            assert before() is None, f"build {n + 1}'s model is still held"
    finally:
        gc.set_threshold(*thresholds)


def test_a_draft_linked_in_other_capitals_is_linked_once_it_is_published(site, tmp_path):
    """`[B](../misc/Notes-On-B.md)` to a draft `notes-on-b.md`: unlinked while it is held back,
    said as a draft (it was "no such Markdown file", the link left to the `.md` file);
    published, the link leads to it in a clean build, but an incremental one kept the body
    that said there was no such file (the search in other capitals looked among the
    published names alone, and the draft's name only moved from the held-back ones to them,
    which the body's record of the search did not see)."""
    site.write("site.yaml", "title: T\nbase_url: https://e.org/r/\n")
    site.post("llm/a.md", "甲", body="见 [B](../misc/Notes-On-B.md#part)。\n")
    b = site.post("misc/notes-on-b.md", "B", date="2024-05-02", draft="true",
                  body="## Part\n\nText.\n")
    built = engine(site, jobs=1)
    first = built.build()
    assert "content/posts/llm/a.md:5: warning: link to `../misc/Notes-On-B.md#part`: that post " \
        "is a draft, held back: it is linked when it is published (or built with --drafts); " \
        "its file is `../misc/notes-on-b.md`, in other capitals (Windows and macOS find it " \
        "either way, GitHub Pages does not): write `../misc/notes-on-b.md`" in messages(first)
    assert "<p>见 B。</p>" in site.read("posts/llm/a/")  # (unlinked, as a draft named rightly)
    b.write_text(b.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    result = built.build()
    assert result.written, messages(result)
    assert 'href="/r/posts/misc/notes-on-b/#part"' in site.read("posts/llm/a/")
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_build_held_to_one_core_renders_in_one_process(site, monkeypatch):
    """Pinned to one core (`taskset -c 0`, a container's CPU set), a cold build still forked
    a worker per core of the machine: two processes on one core, twice the memory."""
    from blogforge import site as engine_module

    monkeypatch.setattr(engine_module.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(engine_module.os, "cpu_count", lambda: 8)
    assert engine_module._jobs(BuildOptions(source=site.root, output=site.output)) == 1
    monkeypatch.setattr(engine_module.os, "sched_getaffinity", lambda pid: {0, 1, 2})
    assert engine_module._jobs(BuildOptions(source=site.root, output=site.output)) == 3
    assert engine_module._jobs(BuildOptions(source=site.root, output=site.output, jobs=2)) == 2


def test_an_edited_string_renders_again_only_the_bodies_that_show_it(site, tmp_path):
    """Any i18n string edited rendered every body again, in every language (30 s at 3,000
    posts for the home page's `read_more`): now a listing's string renders none, and a
    string a body shows (a footnotes heading) those that show it, as a clean build has them."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("a.md", "甲", date="2024-01-01", body="正文[^1]。\n\n[^1]: 注。\n")
    site.post("b.md", "乙", date="2024-01-02", body="没有脚注。\n")
    site.post("c.en.md", "C", date="2024-01-03", lang="en", body="Note[^1].\n\n[^1]: A.\n")
    assert engine(site).build().bodies_rendered == 3
    site.write("i18n/zh.yaml", "read_more: 接着读\n")
    again = engine(site).build()
    assert again.bodies_rendered == 0 and "接着读" in site.read("")
    site.write("i18n/zh.yaml", "read_more: 接着读\nfootnotes: 注释\n")
    again = engine(site).build()
    assert again.bodies_rendered == 1 and "注释</h2>" in site.read("posts/a/")
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_cached_body_is_sized_again_when_a_picture_it_shows_is_replaced(site):
    """A body names its pictures in Markdown or in raw HTML, in any case (`<IMG SRC=…>`)."""
    from test_decomposed_names import png
    site.write("content/posts/a.png", raw=png(1, 1))
    site.write("content/posts/b.png", raw=png(1, 1))
    site.post("c.md", "C", date="2024-05-03",
              body='![one](a.png)\n\n<IMG ALT="two" SRC="b.png">\n')
    site.build(use_cache=True)
    site.write("content/posts/b.png", raw=png(5, 4))
    site.build(use_cache=True)
    assert 'width="5" height="4"' in site.read("posts/c/")
    site.write("content/posts/a.png", raw=png(3, 2))
    site.build(use_cache=True)
    assert 'width="3" height="2"' in site.read("posts/c/")


def test_the_cache_gives_back_what_it_was_given_even_where_fast_json_readers_refuse(tmp_path):
    """A file name read with surrogateescape keeps a lone surrogate; a float may be NaN; a
    number may be over 64 bits: stored and read back (from memory and from the file), each is
    as it was."""
    values = {"name": "caf\udce9.md", "nan": float("nan"), "big": 2 ** 70, "plain": [1, "二"]}
    store = Store(tmp_path / "build.sqlite")
    for key, value in values.items():
        store.put("post", key, {"v": value})
    for read in ("pending", "stored"):
        if read == "stored":
            store.flush()
            store.close()
            store = Store(tmp_path / "build.sqlite")
        got = {key: store.get("post", key)["v"] for key in values}
        assert got["name"] == "caf\udce9.md" and got["big"] == 2 ** 70, read
        assert got["nan"] != got["nan"] and got["plain"] == [1, "二"], read
        many = store.get_many("post", list(values))  # (from the bytes stored, in one read)
        assert many.keys() == values.keys(), read
        assert many["name"]["v"] == "caf\udce9.md" and many["big"]["v"] == 2 ** 70, read
        assert many["nan"]["v"] != many["nan"]["v"] and many["plain"]["v"] == [1, "二"], read
        assert store.get_all("post")["name"]["v"] == "caf\udce9.md", read


def test_a_stored_value_whose_bytes_are_no_utf8_is_a_miss_of_every_read(tmp_path):
    """A value planted with its right CRC-32 but bytes no `put` writes (not UTF-8, even with
    lone surrogates) is read as no entry, by each way of reading, never as an error."""
    store = Store(tmp_path / "build.sqlite")
    store.put("post", "sound", {"v": 1})
    store.flush()
    planted = b'{"v":"\xff\xfe"}'
    with sqlite3.connect(tmp_path / "build.sqlite") as db:
        db.execute("INSERT INTO units (kind, key, value, crc) VALUES ('post', 'planted', ?, ?)",
                   (planted, zlib.crc32(planted)))
    store = Store(tmp_path / "build.sqlite")
    assert store.get("post", "planted") is None
    assert store.get_many("post", ["planted", "sound"]) == {"sound": {"v": 1}}
    assert store.get_many_text("post", ["planted", "sound"]) == {"sound": '{"v":1}'}
    assert store.get_all("post") == {"sound": {"v": 1}}


def install(folder: Path, files: dict[str, str], record: bool = True) -> Path:
    """blogforge's files in a site-packages `folder`, with the RECORD pip writes (or none, as
    a checkout's own folder)."""
    package = folder / "blogforge"
    lines = []
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
        lines.append(f"blogforge/{name},sha256={fingerprint.digest(text.encode())},{len(text)}")
    if record:
        (folder / "blogforge-0.1.0.dist-info").mkdir()
        (folder / "blogforge-0.1.0.dist-info/RECORD").write_text(
            "\n".join([*lines, "blogforge/__pycache__/site.cpython-311.pyc,,"]) + "\n")
    return package


def test_the_code_fingerprint_is_the_same_for_the_same_code_installed_anywhere_at_any_time(
        tmp_path, monkeypatch):
    """A CI runner installs blogforge anew on every run, at another time, maybe in another
    folder: a cache it restores must still be used (each body rendered again was a miss), and
    the pages must name the same `highlight.css?v=` (a deploy of an unchanged site committed
    its pages again)."""
    def fingerprint_of(package: Path) -> str:
        monkeypatch.setattr(fingerprint, "PACKAGE_DIR", package)
        fingerprint.code_fingerprint.cache_clear()
        return fingerprint.code_fingerprint()

    code = {"__init__.py": "", "site.py": "x = 1\n"}
    first = fingerprint_of(install(tmp_path / "a/site-packages", code))
    time.sleep(0.01)
    again = fingerprint_of(install(tmp_path / "b/site-packages", code))
    changed = fingerprint_of(install(tmp_path / "c/site-packages", {**code, "site.py": "x = 2\n"}))
    checkout = install(tmp_path / "d", code, record=False)
    moved = install(tmp_path / "e", code, record=False)
    for name in code:
        os.utime(moved / name, ns=(0, (checkout / name).stat().st_mtime_ns))
    in_place, in_place_moved = fingerprint_of(checkout), fingerprint_of(moved)
    fingerprint.code_fingerprint.cache_clear()
    assert first == again != changed
    assert in_place == in_place_moved  # (a checkout keyed by its files' times, not its folder)


def test_a_checkouts_code_fingerprint_follows_each_file_by_its_place_size_and_time(
        tmp_path, monkeypatch):
    """A checkout (`pip install -e`) is keyed by each file's place in it, size and time (a
    stat each): a file edited, or moved to another of its folders, is other code; the same
    files in another folder are not."""
    def fingerprint_of(package: Path) -> str:
        monkeypatch.setattr(fingerprint, "PACKAGE_DIR", package)
        fingerprint.code_fingerprint.cache_clear()
        return fingerprint.code_fingerprint()

    def checkout(folder: str, code: dict[str, str]) -> Path:
        package = install(tmp_path / folder, code, record=False)
        for name in code:  # (all of one time: only what else differs tells them apart)
            os.utime(package / name, ns=(0, 10**18))
        return package

    code = {"__init__.py": "", "site.py": "x = 1\n", "math/katex.py": "y = 1\n"}
    first = fingerprint_of(checkout("a", code))
    assert fingerprint_of(checkout("b", code)) == first
    assert fingerprint_of(checkout("c", {**code, "site.py": "x = 10\n"})) != first
    moved = {"__init__.py": "", "site.py": "x = 1\n", "theme/katex.py": "y = 1\n"}
    assert fingerprint_of(checkout("d", moved)) != first
    fingerprint.code_fingerprint.cache_clear()


def test_the_files_of_a_site_are_each_read_whole_in_one_read(tmp_path, monkeypatch):
    """Every build reads the site's files for their digests (a thousand posts at each edit):
    each in one read of a byte more than its stat's size, which finds its end, and read on
    to its end when it grew or shrank since (the digests as of the bytes, whatever the size
    said)."""
    import hashlib

    files = {"posts/empty.md": b"", "posts/a.md": "---\ntitle: 注意力\n---\n正文。\n".encode(),
             "posts/deep/b.md": b"B\n" * 40_000, "big.bin": bytes(range(256)) * 12_000}
    for rel, data in files.items():
        (tmp_path / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / rel).write_bytes(data)
    reads: list[int] = []
    real_read = os.read

    def read(fd: int, size: int) -> bytes:
        reads.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(fingerprint.os, "read", read)
    markdown: dict[str, bytes] = {}
    found = dict(fingerprint._tree(tmp_path / "content", None, "content/", markdown))
    assert found == {rel: hashlib.sha256(data).hexdigest()[:32] for rel, data in files.items()}
    assert markdown == {f"content/{rel}": data for rel, data in files.items()
                        if rel.endswith(".md")}
    assert sorted(reads) == sorted(len(data) + 1 for data in files.values())
    # (a size its stat gave before the file changed: read to the end all the same)
    grown = tmp_path / "content/big.bin"
    for said in (0, 100, len(files["big.bin"]) - 1, len(files["big.bin"]) + 5_000):
        opened = os.open(grown, os.O_RDONLY)
        try:
            assert fingerprint._whole(opened, said) == files["big.bin"], said
        finally:
            os.close(opened)


def test_an_intros_cascade_edit_renders_again_the_posts_below_it_alone(site, tmp_path):
    """A post is keyed on the cascade above it, not on its folders' `_index.md` whole: an
    edit of an introduction's text renders no post again, an edit of its `cascade:` the posts
    below that folder alone; each output a clean build's."""
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("ml/a.md", "A", date="2024-05-01", body="## One\n\nA.\n")
    site.post("ml/deep/b.md", "B", date="2024-05-02", body="B.\n")
    site.post("c.md", "C", date="2024-05-03", body="C.\n")
    site.write("content/posts/ml/_index.md", "---\ntitle: ML\ncascade: {toc: false}\n---\nOne.\n")
    assert engine(site, jobs=1).build().written
    site.write("content/posts/ml/_index.md", "---\ntitle: ML\ncascade: {toc: false}\n---\nTwo.\n")
    result = engine(site, jobs=1).build()
    assert result.written and result.bodies_rendered == 0, messages(result)
    assert tree(site.output) == clean_build(site, tmp_path)
    site.write("content/posts/ml/_index.md", "---\ntitle: ML\ncascade: {toc: true}\n---\nTwo.\n")
    result = engine(site, jobs=1).build()
    assert result.written and result.bodies_rendered == 2, messages(result)
    assert tree(site.output) == clean_build(site, tmp_path)
    assert '<nav class="toc"' in site.read("posts/ml/a/")
    # (a table for the section pages alone, edited: their pages change, no post's)
    site.write("static/a.png", raw=PNG)
    site.write("static/b.png", raw=PNG)
    for picture in ("/a.png", "/b.png"):
        site.write("content/posts/ml/_index.md", "---\ntitle: ML\ncascade:\n  - {toc: true}\n"
                   f"  - {{_target: {{kind: section}}, images: [{picture}]}}\n---\nTwo.\n")
        result = engine(site, jobs=1).build()
        assert result.written, messages(result)
        assert tree(site.output) == clean_build(site, tmp_path)
    assert result.bodies_rendered == 0, messages(result)
    assert f'og:image" content="https://example.org{picture}"' in site.read("posts/ml/deep/")


def test_a_long_lived_site_built_after_another_build_shows_what_a_clean_build_does(site,
                                                                                tmp_path):
    """A long-lived site (the preview's, another command's) keeps the bodies of its last
    build in memory; a build by another process in between may store a body of the same key
    rendered otherwise (a wikilink's post away then: shown as text), whose HTML the memory
    would have been shown with once the post is back. The memory is let go when another
    build wrote the cache since."""
    site.post("a.md", "Alpha", body="More [[b]] here.\n")
    site.post("b.md", "Beta", date="2024-05-02", body="B.\n")
    long_lived = engine(site)
    assert long_lived.build().written
    posts = site.root / "content/posts"
    (posts / "b.md").rename(posts / "bb.md")
    assert engine(site).build().written  # (the CLI's build: a new object)
    assert "[[b]]" in site.read("posts/a/")
    (posts / "bb.md").rename(posts / "b.md")
    assert long_lived.build().written
    assert 'href="/posts/b/"' in site.read("posts/a/")
    assert tree(site.output) == clean_build(site, tmp_path)


def test_a_build_stopped_after_its_workers_stored_bodies_misleads_no_later_build(
        site, tmp_path, monkeypatch):
    """The processes that render bodies store their HTML in the cache themselves, and the
    build stores each body's entry (what it named, its digests) after them: a build stopped
    in between (Ctrl+C in the listings, after the bodies) left a new HTML under the key of an
    older entry, which the next build took as a whole (a wikilink's post away during the
    stopped build, back now: the link shown as text). The entries a build renders again are
    let go of before its workers store anything."""
    from blogforge import site as site_module

    site.post("a.md", "Alpha", body="More [[b]] here.\n")
    site.post("b.md", "Beta", date="2024-05-02", body="B.\n")
    assert engine(site).build().written
    posts = site.root / "content/posts"
    (posts / "b.md").rename(posts / "bb.md")

    def stopped(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(bodies, "POOL_THRESHOLD", 1)  # (the workers render even one body)
        patched.setattr(site_module, "_warn_of_term_spellings", stopped)
        with pytest.raises(KeyboardInterrupt):
            engine(site, jobs=2).build()
    (posts / "bb.md").rename(posts / "b.md")
    elsewhere = tmp_path / "elsewhere"  # (every page made again, from the cached bodies)
    assert Engine(BuildOptions(site.root, elsewhere, now=NOW)).build().written
    assert "[[b]]" not in (elsewhere / "posts/a/index.html").read_text("utf-8")
    assert tree(elsewhere) == clean_build(site, tmp_path)


def test_a_worker_gives_the_memory_it_freed_back_to_the_system():
    """A body worker frees each body's HTML, tokens and formulas, which glibc kept for later
    in pieces it seldom reuses (a worker grew by ~14 MB over 500 posts of different formulas):
    what it freed is handed back after each write to the cache."""
    script = textwrap.dedent("""
        from blogforge.forks import give_back_freed_memory

        def resident_mb():
            with open("/proc/self/status") as status:
                line = next(line for line in status if line.startswith("VmRSS"))
            return int(line.split()[1]) // 1024

        texts = [("x" * 1000) + str(n) for n in range(150_000)]
        kept = texts[::50]  # (holding the heap in pieces)
        del texts
        freed = resident_mb()
        give_back_freed_memory()
        print(freed, resident_mb(), len(kept))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    freed, after, _ = map(int, done.stdout.split())
    assert freed > 120 and after < freed / 2, (freed, after)


def test_a_large_bodys_page_is_written_and_audited_in_parts_as_a_whole_one(
        site, tmp_path, monkeypatch):
    """A large body read from the cache is written into its page as it is read, the page
    rendered around a placeholder and audited a stretch at a time (page_parts.py: its 47 MB
    page of a 6 MB post was the pages' peak, held whole with the audit's copy): the site and
    the messages (a broken link, a duplicate id, raw HTML whose comment, tag and quoted value
    stand across where the page is cut, a comment left open) are those of a build that holds
    each page whole."""
    from blogforge import link_checker, page_parts
    from blogforge import site as site_module

    def posts(site: Site) -> None:
        broken_large_post(site)
        site.write("content/posts/raw.md", "---\ntitle: 原始 HTML\ndate: 2024-05-05\n---\n"
                   + "## 同名\n\n## 同名\n\n[断](/posts/nope/) 与 [锚](#nowhere)\n\n"
                   + "<div id=\"twice\">\n<p\n  title=\"跨\n行\" id=\"twice\">文</p>\n</div>\n\n"
                   + "<!-- 一段\n\n注释 -->\n\n<a href=\"/posts/gone/\">走</a>\n\n"
                   + "注意力机制把查询与键比较。" * 60 + "\n\n<!-- 没关上\n\n后文。\n")

    whole_said, whole = built_alone(site, posts)
    monkeypatch.setattr(bodies, "APART_CHARS", 500)  # (rendered apart: its HTML in the cache)
    monkeypatch.setattr(page_parts, "PAGE_IN_PARTS_CHARS", 500)
    monkeypatch.setattr(page_parts, "PART_BYTES", 7)  # (Chinese cut inside its characters)
    monkeypatch.setattr(link_checker, "PAGE_STRETCH_CHARS", 40)
    written_in_parts = page_parts.written_in_parts
    in_parts = []

    def noted(*args: object, **kwargs: object) -> object:
        made = written_in_parts(*args, **kwargs)
        in_parts.append(made is not None)
        return made

    monkeypatch.setattr(site_module, "written_in_parts", noted)
    for step in range(2):  # (cold; then a template's edit, every body from the cache)
        if step:
            site.write("templates/partials/footer.html", "<footer>改了</footer>\n")
            whole_said, whole = messages(site.build(jobs=1, use_cache=False)), \
                tree(site.output)
        in_parts.clear()
        result = site.build(jobs=2, use_cache=True)
        assert result.written and messages(result) == whole_said, step
        assert tree(site.output) == whole, step
        assert in_parts and all(in_parts), step
    assert any("broken link `/posts/gone/`" in m for m in whole_said)
