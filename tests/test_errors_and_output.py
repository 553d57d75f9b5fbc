"""Bad input gives `path:line: what is wrong`, every problem at once, and never harms output."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import messages

from blogforge import output
from blogforge.cli import main
from blogforge.output import MARKER, MARKER_TEXT


def test_broken_front_matter_names_file_and_line(site):
    site.write("content/posts/bad.md", "---\ntitle: ok\ntags: [a, b\ndate: 2024-01-01\n---\nx\n")
    result = site.build()
    assert not result.written
    (message,) = [m for m in messages(result, "error") if "bad.md" in m]
    assert message.startswith("content/posts/bad.md:") and "broken YAML front matter" in message
    line = int(message.split(":")[1])
    assert 3 <= line <= 5


CONFLICT = "<<<<<<< HEAD\n{ours}\n=======\n{theirs}\n>>>>>>> bob-branch\n"


def test_a_merge_conflict_left_in_a_file_is_an_error_at_its_lines(site):
    """Two co-authors edit one post; `git pull` leaves both versions between git's markers.
    Left there, they were published without a word (the `=======` line made a heading of the
    first version, in every feed and the search index too; in a template, on every page):
    each file holding one is an error at its lines, and the site stays as it was."""
    site.post("ok.md", "Fine", body="Fine.\n")
    assert site.build().written
    site.post("body.md", "Body", body="Intro.\n\n" + CONFLICT.format(
        ours="公式在构建时渲染。", theirs="公式由 KaTeX 渲染。") + "\nEnd.\n" + CONFLICT.format(
        ours="a", theirs="b"))
    site.write("content/posts/front.md", "---\ntitle: Front\n" + CONFLICT.format(
        ours="date: 2024-01-01", theirs="date: 2024-01-02") + "---\nText.\n")
    site.write("site.yaml", "title: Blog\n" + CONFLICT.format(ours="author: 甲",
                                                             theirs="author: 乙"))
    site.write("i18n/zh.yaml", CONFLICT.format(ours="read_more: 阅读", theirs="read_more: 读"))
    site.write("templates/partials/footer.html", CONFLICT.format(ours="<p>甲</p>",
                                                               theirs="<p>乙</p>"))
    said = "keep what should stay and delete the marker lines"
    result = site.build()
    assert not result.written and "Fine." in site.read("posts/ok/")
    assert [m.replace(f"{site.root}/", "") for m in messages(result, "error")] == [
        "site.yaml:2: error: broken YAML: an unresolved merge conflict (git's `<<<<<<< HEAD` "
        f"… `>>>>>>> bob-branch`, lines 2-6): {said}"]
    site.write("site.yaml", "title: Blog\n")
    result = site.build()
    assert not result.written and "Fine." in site.read("posts/ok/")
    assert [m.replace(f"{site.root}/", "") for m in messages(result, "error")] == [
        "content/posts/body.md:7: error: an unresolved merge conflict (git's `<<<<<<< HEAD` "
        f"… `>>>>>>> bob-branch`, lines 7-11) (and 1 more below): {said}",
        "content/posts/front.md:3: error: an unresolved merge conflict (git's "
        f"`<<<<<<< HEAD` … `>>>>>>> bob-branch`, lines 3-7): {said}",
        "i18n/zh.yaml:1: error: broken YAML: an unresolved merge conflict (git's "
        f"`<<<<<<< HEAD` … `>>>>>>> bob-branch`, lines 1-5): {said}",
        "templates/partials/footer.html:1: error: template error: an unresolved merge "
        f"conflict (git's `<<<<<<< HEAD` … `>>>>>>> bob-branch`, lines 1-5): {said}"]


def test_a_merge_conflict_left_in_a_static_text_file_is_an_error_at_its_lines(site):
    """A stylesheet both writers edited was published with git's markers in it, a broken
    look on every page, without a word: a text file of static/ holding them is an error at
    their lines (also when a build with the cache finds nothing else changed); a picture's
    bytes are not searched, nor a file whose markers are half there."""
    site.post("ok.md", "Fine", body="Fine.\n")
    site.write("static/css/custom.css", "body { color: red; }\n")
    site.write("static/a.png", raw=b"\x89PNG\r\n\x1a\n" + CONFLICT.format(
        ours="a", theirs="b").encode())
    site.write("static/notes.txt", "<<<<<<< not a conflict: no separator after it\n")
    assert site.build().written
    site.write("static/css/custom.css", "body {\n" + CONFLICT.format(
        ours="  color: red;", theirs="  color: blue;") + "}\n")
    site.write("static/site.webmanifest", CONFLICT.format(ours='{"name": "甲"}',
                                                          theirs='{"name": "乙"}'))
    said = "keep what should stay and delete the marker lines"
    for _ in range(2):
        result = site.build(use_cache=True)
        assert not result.written and "color: red; }" in site.read("css/custom.css")
        assert messages(result, "error") == [
            "static/css/custom.css:2: error: an unresolved merge conflict (git's `<<<<<<< HEAD` "
            f"… `>>>>>>> bob-branch`, lines 2-6): {said}",
            "static/site.webmanifest:1: error: an unresolved merge conflict (git's "
            f"`<<<<<<< HEAD` … `>>>>>>> bob-branch`, lines 1-5): {said}"]


def test_a_merge_conflict_left_in_a_text_file_beside_a_post_is_an_error_at_its_lines(site):
    """A stylesheet or a data file kept beside a post (loose in content/, or in a page
    bundle) was published with git's markers in it, unlike static/'s: each such text file
    the build publishes is an error at their lines too; a draft bundle's file, not
    published, is not; a picture's bytes are not searched."""
    site.post("ok.md", "Fine", body="Fine.\n")
    site.write("content/posts/demo/index.md", "---\ntitle: Demo\ndate: 2024-05-01\n---\nX.\n")
    site.write("content/posts/demo/style.css", "p { color: red; }\n")
    site.write("content/posts/drafty/index.md",
               "---\ntitle: D\ndate: 2024-05-01\ndraft: true\n---\nX.\n")
    site.write("content/posts/drafty/data.json", CONFLICT.format(ours="1", theirs="2"))
    site.write("content/posts/photo.png", raw=b"\x89PNG\r\n\x1a\n" + CONFLICT.format(
        ours="a", theirs="b").encode())
    assert site.build().written
    site.write("content/posts/demo/style.css", "p {\n" + CONFLICT.format(
        ours="  color: red;", theirs="  color: blue;") + "}\n")
    site.write("content/files/losses.txt", "交叉熵\n\n" + CONFLICT.format(
        ours="甲", theirs="乙"))
    said = "keep what should stay and delete the marker lines"
    for _ in range(2):
        result = site.build(use_cache=True)
        assert not result.written and "color: red; }" in site.read("posts/demo/style.css")
        assert messages(result, "error") == [
            "content/files/losses.txt:3: error: an unresolved merge conflict (git's "
            f"`<<<<<<< HEAD` … `>>>>>>> bob-branch`, lines 3-7): {said}",
            "content/posts/demo/style.css:2: error: an unresolved merge conflict (git's "
            f"`<<<<<<< HEAD` … `>>>>>>> bob-branch`, lines 2-6): {said}"]


def test_a_link_to_a_post_an_error_stopped_says_so_not_that_it_is_missing(site):
    """`hello.en.md` linking `hello.md`, whose front matter a merge had broken, was told
    "no such Markdown file in content/; did you mean `hello.en.md`?" of a file right there."""
    site.write("content/posts/hello.md", "---\ntitle: [\n---\n你好。\n")
    site.post("hello.en.md", "Hello", body="The [Chinese version](hello.md).\n")
    result = site.build()
    assert [m for m in messages(result) if "hello.en.md" in m] == [
        "content/posts/hello.en.md:5: warning: link to `hello.md`: that post is not published "
        "for the error in it said here: it is linked once that is fixed"]


def test_merge_markers_in_a_posts_code_or_a_draft_stop_no_build(site):
    """A post about git shows the markers in fenced code, a <pre> or Hexo's codeblock (or
    keeps them in a comment): its text. A draft holding a conflict is held back, said as what
    is wrong in a draft is."""
    site.post("git.md", "Git", body="冲突长这样：\n\n```text\n" + CONFLICT.format(
        ours="a", theirs="b") + "```\n\n<pre>\n" + CONFLICT.format(ours="c", theirs="d")
        + "</pre>\n\n{% codeblock %}\n" + CONFLICT.format(ours="e", theirs="f")
        + "{% endcodeblock %}\n\n<!--\n" + CONFLICT.format(ours="g", theirs="h") + "-->\n")
    site.post("draft.md", "Draft", draft="true", body=CONFLICT.format(ours="a", theirs="b"))
    result = site.build()
    assert result.written and "&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD" in site.read("posts/git/")
    assert [m for m in messages(result) if "posts/" in m] == [
        "content/posts/draft.md:6: warning: an unresolved merge conflict (git's "
        "`<<<<<<< HEAD` … `>>>>>>> bob-branch`, lines 6-10): keep what should stay and delete "
        "the marker lines (in a draft: held back; with --drafts this is an error)"]


def test_invalid_date_names_the_line_of_the_date(site):
    site.write("content/posts/bad.md", "---\ntitle: ok\ndate: 2024-13-45\n---\nx\n")
    result = site.build()
    assert any(m.startswith("content/posts/bad.md:3: error: `date` invalid date '2024-13-45'")
               for m in messages(result))


def test_a_front_matter_key_written_twice_is_an_error_naming_both_lines(site):
    site.post("ok.md", "Fine")
    site.write("content/posts/dup.md", '---\ntitle: "One"\ndate: 2024-01-01\ntitle: "Two"\n'
               "---\nBody.\n")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        'content/posts/dup.md:4: error: duplicate key "title" (first at line 2)']


# Nine aliases to a list of nine aliases to…: a few lines that PyYAML shares in memory, but
# that checking, caching and fingerprinting front matter walked written out (9**7 values).
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdef", "bcdefg", strict=True))


def test_front_matter_whose_aliases_repeat_too_much_is_refused_at_its_line(site):
    site.post("ok.md", "Fine", categories="&topic diffusion", tags="[*topic, gan]")  # (fine)
    site.write("content/posts/bomb.md",
               "---\ntitle: Bomb\ndate: 2024-01-01\n" + BILLION_LAUGHS + "---\nBody.\n")
    result = site.build()
    assert not result.written
    # b, c and d repeat 8,289 values; the first alias in `e` (line 8), 7,381 more
    assert messages(result, "error") == [
        "content/posts/bomb.md:8: error: too many alias expansions: the aliases (*name) up to "
        "here repeat more than 10,000 values (aliases of lists of aliases multiply at each "
        "level); write fewer aliases"]
    assert result.bodies_rendered == 1 and result.pages_rendered  # the rest was built


def test_front_matter_with_an_alias_inside_its_own_anchor_is_refused(site):
    site.post("ok.md", "Fine")
    site.write("content/posts/loop.md", "---\ntitle: Loop\ndate: 2024-01-01\n"
               "tags: &t [a, *t]\n---\nBody.\n")
    result = site.build()
    assert messages(result, "error") == [
        "content/posts/loop.md:4: error: too many alias expansions: an alias (*name) inside "
        "the value it names would repeat it for ever"]
    assert result.bodies_rendered == 1 and result.pages_rendered


def test_front_matter_of_a_yaml_type_that_is_no_plain_data_is_refused_at_its_line(site):
    """`!!set {a.png, b.png}` was a Python set, printed into the page in an order that changed
    from one build to the next; `!!python/…` and a tag of the writer's were refused in
    PyYAML's words ("could not determine a constructor"), naming no way out."""
    site.post("ok.md", "Fine", updated="!!timestamp 2024-05-02")  # (a date: plain data)
    site.post("set.md", "Set", images="!!set {a.png, b.png}")
    site.post("omap.md", "Omap", tags="!!omap [{a: 1}, {b: 2}]")
    site.post("python.md", "Python", series="!!python/tuple [a, b]")
    site.post("bang.md", "Bang", summary="!important note")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        "content/posts/bang.md:4: error: broken YAML front matter: `!important` is a YAML "
        "tag, which blogforge does not read: a text that starts with `!` is written in "
        "quotes, `'!important note'`",
        "content/posts/omap.md:4: error: broken YAML front matter: `!!omap` is a YAML type "
        "blogforge does not read: write a mapping, `{a: 1, b: 2}`: its order is kept",
        "content/posts/python.md:4: error: broken YAML front matter: `!!python/tuple` is a "
        "YAML type blogforge does not read: a Python object is never made of a site's files: "
        "write text, numbers, lists and mappings",
        "content/posts/set.md:4: error: broken YAML front matter: `!!set` is a YAML type "
        "blogforge does not read: a set keeps no order (two builds of one differed): write a "
        "list, `[a, b]`"]
    assert result.bodies_rendered == 1 and result.pages_rendered  # the rest was built


def test_two_posts_on_one_url_name_both_files(site):
    site.post("a/x.md", "One")
    site.post("a/x/index.md", "Two")
    result = site.build()
    (message,) = [m for m in messages(result, "error")]
    assert "two pages at the URL /posts/a/x/" in message
    assert "content/posts/a/x.md" in message and "content/posts/a/x/index.md" in message


def test_every_problem_is_reported_not_just_the_first(site):
    site.write("content/posts/a.md", "---\ntitle: [\n---\n")
    site.write("content/posts/b.md", "---\ndate: nope\n---\n")
    site.write("content/posts/c.md", "---\ntitle: unclosed\n")
    result = site.build()
    assert {m.split(":")[0] for m in messages(result, "error")} == {
        "content/posts/a.md", "content/posts/b.md", "content/posts/c.md"}


def test_failed_build_leaves_previous_output_untouched(site):
    site.post("a.md", "Good post")
    assert site.build().written
    before = site.read("")
    site.write("content/posts/b.md", "---\ntitle: [\n---\n")
    result = site.build()
    assert not result.written
    assert site.read("") == before
    assert not any(p.name.startswith(".public.blogforge") for p in site.root.iterdir())


def test_files_of_earlier_builds_do_not_linger(site):
    site.post("a.md", "A")
    site.post("b.md", "B")
    site.build()
    assert site.exists("posts/b/index.html")
    (site.root / "content/posts/b.md").unlink()
    site.build()
    assert not site.exists("posts/b")


@pytest.mark.parametrize("bad", [".", "..", "content", "content/out"])
def test_refuses_output_that_would_destroy_sources(site, bad):
    site.post("a.md", "A")
    result = site.build(output=site.root / bad)
    assert not result.written
    assert any("output folder" in m or "refusing" in m for m in messages(result))
    assert (site.root / "content/posts/a.md").exists()


def test_refuses_an_output_inside_another_builds_output(site):
    """`--output public/sub` would be a folder the next build of public/ refuses to replace
    (it did not write it there): said before this build, with both folders named."""
    site.post("a.md", "A")
    assert site.build().written
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    result = site.build(output=site.output / "sub")
    assert not result.written
    assert f"is inside {site.output.resolve()}, the output of another build" in " ".join(
        messages(result, "error"))
    assert {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()} == before
    assert site.build().written


def test_refuses_to_replace_a_folder_it_did_not_create(site):
    site.post("a.md", "A")
    mine = site.root / "public"
    mine.mkdir(parents=True)
    (mine / "precious.txt").write_text("keep me")
    result = site.build()
    assert not result.written
    assert (mine / "precious.txt").read_text() == "keep me"
    assert any("did not write" in m for m in messages(result))


def test_files_put_into_its_output_by_hand_stop_the_build_instead_of_going(site):
    """A build replaces the whole output folder: a deploy repository's .git or a CNAME put
    there by hand would be deleted without a word; the build refuses and says where they go."""
    site.post("a.md", "A")
    assert site.build().written
    (site.output / ".git").mkdir()
    (site.output / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (site.output / "CNAME").write_text("blog.example.com\n")
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    site.post("a.md", "A", body="Edited.")
    result = site.build()
    assert not result.written
    error = " ".join(messages(result, "error"))
    assert ".git/ and CNAME" in error and "static/" in error
    assert {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()} == before
    (site.output / "CNAME").unlink()
    shutil.rmtree(site.output / ".git")
    assert site.build().written and "Edited." in site.read("posts/a/")
    # an output of a version that kept no list: nothing can be named, the build goes on
    (site.output / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    site.post("a.md", "A", body="Again.")
    assert site.build().written and "Again." in site.read("posts/a/")


def test_three_files_put_by_hand_are_named_as_a_list_is(site):
    """Three files are named `a, b and c`, as every short list in a message (they were
    "a and b and c"); more than three, the first three and how many more."""
    site.post("a.md", "A")
    assert site.build().written
    for name in ("CNAME", "google1.html", "notes.txt", "zz.txt"):
        (site.output / name).write_text("x\n")
    error = " ".join(messages(site.build(), "error"))
    assert "holds CNAME, google1.html, notes.txt and 1 more, which" in error
    (site.output / "zz.txt").unlink()
    error = " ".join(messages(site.build(), "error"))
    assert "holds CNAME, google1.html and notes.txt, which" in error


def marker_of_an_earlier_version(output: Path) -> None:
    """The output's marker rewritten as versions before it listed every file wrote it: the
    names of the folder's own level."""
    text = (output / MARKER).read_text(encoding="utf-8")
    (output / MARKER).write_text(
        MARKER_TEXT + "What the last build put in it, at this level:\n" + "".join(
            sorted({f"{line.split('/')[0]}\n" for line in text.splitlines()[2:]})),
        encoding="utf-8")


def test_a_file_whose_name_holds_a_line_separator_is_the_builds_own(site):
    """The marker's list of what a build wrote was read by lines as Python splits them, at a
    U+2028 or a form feed too: a static file so named was taken, at every build after the
    first, for one put in the output by hand, and no build went through again."""
    site.post("a.md", "A")
    site.write("static/a\u2028b.txt", "x")
    site.write("static/c\x0cd.txt", "y")
    assert site.build().written
    site.post("a.md", "A", body="Edited.")
    result = site.build()
    assert result.written, messages(result)
    assert "Edited." in site.read("posts/a/")


def test_a_file_put_by_hand_deep_in_the_output_stops_the_build_instead_of_going(site):
    """A data file put beside a post's page (public/posts/a/data.csv) went without a word at
    the second build (only the folder's own level was checked): it is named, at any depth,
    and the output stays as it was; what an editor or a file manager leaves (.DS_Store, vim's
    swap file, macOS's ._ files) or an empty folder is no reason."""
    site.post("a.md", "A")
    assert site.build().written
    (site.output / "posts/a/data.csv").write_text("x,y\n1,2\n")
    (site.output / "posts/mine").mkdir()
    (site.output / "posts/mine/notes.txt").write_text("mine\n")
    for junk in ("posts/.DS_Store", "posts/a/._index.html", "posts/a/.index.html.swp",
                 "posts/a/index.html~", "Icon\r"):
        (site.output / junk).write_bytes(b"\0")  # (an editor's or a file manager's)
    (site.output / "empty/sub").mkdir(parents=True)  # (nobody's work)
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    for body in ("Edited.", "Again."):
        site.post("a.md", "A", body=body)
        result = site.build()
        assert not result.written
        error = " ".join(messages(result, "error"))
        assert "holds posts/a/data.csv and posts/mine/, which blogforge did not write" in error
        assert {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()} == before
    assert "a post's file beside it in content/" in error
    (site.output / "posts/a/data.csv").unlink()
    shutil.rmtree(site.output / "posts/mine")
    assert site.build().written and "Again." in site.read("posts/a/")
    assert not (site.output / "posts/a/.index.html.swp").exists()  # (gone with the swap)
    # an output whose marker lists its own level only (an earlier version's): that level
    marker_of_an_earlier_version(site.output)
    (site.output / "CNAME").write_text("blog.example.com\n")
    assert not site.build().written
    # and deeper, by the files the build cache recorded of the last build
    (site.output / "CNAME").unlink()
    assert site.build(use_cache=True).written
    marker_of_an_earlier_version(site.output)
    (site.output / "posts/a/data.csv").write_text("x\n")
    site.post("a.md", "A", body="Once more.")
    result = site.build(use_cache=True)
    assert not result.written and (site.output / "posts/a/data.csv").exists()
    assert "holds posts/a/data.csv" in " ".join(messages(result, "error"))


def test_a_build_that_finds_nothing_changed_leaves_a_hand_put_file_and_the_next_refuses(site):
    """A build that changes nothing touches no file of the output: it need not list its
    folders (20 ms at 1,000 posts), and the file put there by hand stays; the next build
    that would replace the folder refuses."""
    site.write("site.yaml", "base_url: https://u.github.io/\n")
    site.post("a.md", "A")
    assert site.build(use_cache=True).written
    (site.output / "posts/a/data.csv").write_text("x\n")
    result = site.build(use_cache=True)
    assert result.written and result.changed_files == [] and messages(result) == []
    assert (site.output / "posts/a/data.csv").exists()
    site.post("a.md", "A", body="Edited.")
    result = site.build(use_cache=True)
    assert not result.written and (site.output / "posts/a/data.csv").exists()
    assert "holds posts/a/data.csv" in " ".join(messages(result, "error"))


def test_an_output_that_is_a_link_to_a_folder_stays_a_link_and_its_folder_is_built(site):
    site.post("a.md", "A", body="First.")
    target = site.root.parent / "elsewhere"
    target.mkdir()
    site.output.symlink_to(target, target_is_directory=True)
    assert site.build().written
    site.post("a.md", "A", body="Second.")
    assert site.build().written
    assert site.output.is_symlink() and site.output.resolve() == target.resolve()
    assert "Second." in (target / "posts/a/index.html").read_text(encoding="utf-8")


def test_an_output_that_cannot_be_swapped_is_an_error_not_a_traceback(site, monkeypatch):
    """A mount point (Docker's -v …/public) cannot be renamed: said before the build, and if
    the swap fails anyway, said then, the output as it was."""
    site.post("a.md", "A", body="First.")
    assert site.build().written
    before = site.read("posts/a/")
    monkeypatch.setattr(output, "_is_mount_point", lambda folder: True)
    result = site.build()
    assert not result.written and "is a mount point" in " ".join(messages(result, "error"))
    monkeypatch.undo()
    replace = os.replace

    def busy(source: object, target: object) -> None:
        if Path(source) == site.output:
            raise OSError(errno.EBUSY, "Device or resource busy")
        replace(source, target)

    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    monkeypatch.setattr(output.os, "replace", busy)
    site.post("a.md", "A", body="Second.")
    result = site.build()
    assert not result.written
    assert "cannot be replaced (Device or resource busy)" in " ".join(messages(result))
    assert site.read("posts/a/") == before and list(site.root.glob(".public.*")) == []


def test_mount_points_are_known_as_such():
    assert output._is_mount_point(Path("/proc"))
    assert not output._is_mount_point(Path(__file__).parent)


def test_output_carries_a_marker_and_can_be_rebuilt(site):
    site.post("a.md", "A")
    assert site.build().written and (site.output / MARKER).exists()
    assert site.build().written


def test_template_error_names_the_template_file_and_line(site):
    site.write("templates/post.html", "{% extends 'base.html' %}\n{% block main %}\n"
               "{{ post.title | nosuchfilter }}\n{% endblock %}\n")
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    (message,) = messages(result, "error")
    assert "templates/post.html:3: error: template error" in message
    assert "nosuchfilter" in message


def test_a_partial_that_does_not_compile_is_tried_once_per_page_template(site, monkeypatch):
    """A typo in the footer of a 5,000-page site was compiled again for each page: said after
    12-18 s in the preview. Once for each kind of page (post, list, home…), said once."""
    import jinja2

    site.write("templates/partials/footer.html", "<footer>{{ t('archives' }}</footer>\n")
    for n in range(30):
        site.post(f"p{n}.md", f"P{n}", date=f"2024-01-{n % 28 + 1:02}", tags="[a]")
    tried = []
    compile_template = jinja2.Environment.get_template

    def counted(self, name, *args, **kwargs):
        try:
            return compile_template(self, name, *args, **kwargs)
        except jinja2.TemplateSyntaxError:
            tried.append(name)
            raise

    monkeypatch.setattr(jinja2.Environment, "get_template", counted)
    result = site.build()
    assert not result.written
    (error,) = messages(result, "error")
    assert error.startswith("templates/partials/footer.html:1: error:"), error
    assert len(tried) <= 8, tried  # (post, list, home, terms, archive, search, 404, page)


def test_a_template_problem_is_named_from_the_site_folder_with_a_relative_source(
        site, monkeypatch, capsys):
    """`check --source blog` named content/ files from the site's folder and templates
    from the working one (`blog/templates/…`)."""
    site.write("templates/partials/footer.html", "<footer>{{ t('archives' }}</footer>\n")
    site.post("a.md", "A", date="2024-01-01")
    monkeypatch.chdir(site.root.parent)
    assert main(["check", "--source", site.root.name]) == 1
    said = capsys.readouterr().err.splitlines()
    assert [line for line in said if "footer.html" in line][0].startswith(
        "templates/partials/footer.html:1: error:"), said


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_template_that_never_ends_is_stopped_with_an_error_at_its_line(site, monkeypatch,
                                                                         jobs):
    """A loop that never ends in a partial hung the build without a word (and `serve` with
    it): a page over its time limit is stopped, the error names the template line it was
    at, the other pages are not tried (they would each take as long), the output stays."""
    import contextlib
    import time
    from collections.abc import Iterator

    from blogforge import templates

    monkeypatch.setattr(templates, "POOL_PAGES", 1)
    for n in range(6):
        site.post(f"p{n}.md", f"P{n}", date=f"2024-01-0{n + 1}")
    first = site.build()
    assert first.written
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    site.write("templates/partials/footer.html",
               "<footer>\n{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
               "{% endfor %}\n</footer>\n")  # (the sandbox refuses one range of 10**12)
    # The limit also covers what the page does before the loop: compiling the templates (the
    # first page's, with no cache) took up to 0.83 s on 2 cores at a load of 7, and a limit of
    # 0.3 s stopped the page in base.html or post.html instead, 4 runs in 8.
    limit = 3.0
    monkeypatch.setattr(templates, "PAGE_TIME_LIMIT", limit)
    tried = site.root.parent / "tried"  # a line for each page begun, in whichever process
    time_limit = templates._time_limit

    @contextlib.contextmanager
    def noting_each_page(seconds: float) -> Iterator[None]:
        with tried.open("a", encoding="utf-8") as notes:
            notes.write("a page\n")
        with time_limit(seconds):
            yield

    monkeypatch.setattr(templates, "_time_limit", noting_each_page)
    started = time.monotonic()
    result = site.build(jobs=jobs)
    assert len(tried.read_text(encoding="utf-8").splitlines()) <= jobs  # (one a process)
    # (under what trying every page takes; a bound, the count above is the proof)
    assert time.monotonic() - started < first.pages_rendered * limit / jobs
    assert not result.written
    (message,) = messages(result, "error")
    assert "templates/partials/footer.html:2: error: template error: " in message
    assert message.endswith("took longer than 3 s to render and was stopped here: a loop "
                            "that never ends?")
    assert {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()} == before


def test_a_block_never_closed_is_said_at_the_line_it_opened(site):
    """Jinja says where the file ended ("Unexpected end of template"): in a long template
    that is far from the `{% for %}` left open. The error is at the line it opened."""
    site.write("templates/partials/footer.html",
               "<footer>\n{% for x in [1, 2] %}\n{% set y = x %}{% set z %}{{ y }}{% endset %}"
               "\n{% if y %}{{ z }}{% endif %}\n\n\n</footer>\n")
    site.post("a.md", "A")
    (message,) = messages(site.build(), "error")
    assert "templates/partials/footer.html:2: error: template error: Unexpected end of " \
        "template." in message
    assert message.endswith("The innermost block that needs to be closed is 'for'. It opened "
                            "at line 2."), message


def test_a_template_no_page_uses_that_does_not_parse_is_an_error_at_its_line(site):
    """Hugo refuses any layout that does not parse; here one no page used (an old layout
    kept, one a draft's `layout:` names) was never read, so never said, and the build
    passed until the day a page used it. Said at its line, once, as a used one is (by the
    build from the cache too: the templates that parse are known by their digests); the
    output is left as it was. A file of templates/ that is no template is not read."""
    site.write("site.yaml", "base_url: https://u.github.io/\n")
    site.post("a.md", "A")
    assert site.build(use_cache=True).written
    before = site.read("posts/a/")
    site.write("templates/old/projects.html", "<ul>\n{% for p in posts %}\n<li>{{ p.title }\n"
               "{% endfor %}\n</ul>\n")
    site.write("templates/partials/footer.html", "<footer>\n{% if x %}\n</footer>\n")
    site.write("templates/notes.txt", "{{ not a template\n")
    said = [
        "templates/old/projects.html:3: error: template error: unexpected '}'",
        "templates/partials/footer.html:2: error: template error: Unexpected end of template. "
        "Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost "
        "block that needs to be closed is 'if'. It opened at line 2."]
    for _ in range(2):
        result = site.build(use_cache=True)
        assert not result.written and messages(result) == said
    assert messages(site.build()) == said
    assert site.read("posts/a/") == before
    site.write("templates/partials/footer.html", "<footer>mine</footer>\n")
    site.write("templates/old/projects.html", "<ul>{% for p in posts %}{{ p.title }}{% endfor %}"
               "</ul>\n")
    result = site.build(use_cache=True)
    assert result.written and messages(result) == []
    assert "<footer>mine</footer>" in site.read("posts/a/")


def test_template_runtime_error_names_the_line(site):
    site.write("templates/post.html", "{% extends 'base.html' %}\n{% block main %}\n"
               "{{ post.title }}\n{{ 1 // 0 }}\n{% endblock %}\n")
    site.post("a.md", "A")
    (message,) = messages(site.build(), "error")
    assert "templates/post.html:4:" in message and "ZeroDivisionError" in message


def test_cli_exits_non_zero_without_a_traceback(site, capsys):
    site.write("content/posts/bad.md", "---\ntitle: [\n---\n")
    code = main(["build", "--source", str(site.root)])
    err = capsys.readouterr().err
    assert code == 1
    assert "content/posts/bad.md:" in err and "Traceback" not in err
    assert "build failed with 1 error" in err


def test_control_characters_a_message_quotes_are_shown_not_sent_to_the_terminal(site, capsys):
    """A site.yaml's `tags: "a\\x1b[31m…"` (a cloned site's) was printed as it was: the
    writer's terminal turned red; a NUL went unseen, a carriage return wrote over the line.
    Each is shown as `\\x1b`, in the message and in the file's name."""
    site.write("site.yaml", 'tags: "a\\x1b[31mb\\x00c\\rd"\n')
    site.post("a.md", "A")
    assert main(["build", "--source", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert "site.yaml:1: error: `tags` should be a mapping, not `a\\x1b[31mb\\x00c\\x0dd`" in err
    site.write("site.yaml", "title: T\n")
    site.write("content/posts/note\x07.md", "---\ntitle: [\n---\n")
    assert main(["build", "--source", str(site.root)]) == 1
    err += capsys.readouterr().err
    assert "content/posts/note\\x07.md:3: error: broken YAML front matter" in err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", err)


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_error_is_printed_last_not_among_many_warnings(site, capsys, command):
    """A large imported site warns about every English post without `lang:`; the one broken
    file was printed in the middle of them, far above "build failed with 1 error"."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n"
                            "languages:\n  zh: {}\n  en: {}\n")
    for i in range(20):
        site.write(f"content/posts/p{i:02d}.md",
                   f"---\ntitle: Post {i}\ndate: 2024-01-01\n---\nA note in English.\n")
    site.write("content/posts/p10-bad.md", "---\ntitle: [\n---\n")
    assert main([command, "--source", str(site.root)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        "content/posts/p00.md:1: warning: no language given in this post and 19 others "
        "(content/posts/p01.md, content/posts/p02.md, content/posts/p03.md and 16 more); their "
        "text looks like `en`, so they are treated as `en`. Add `lang: en` to say so")
    assert lines[-2].startswith("content/posts/p10-bad.md:")
    assert ": error: broken YAML front matter" in lines[-2]
    assert lines[-1] in ("check failed: 1 error, 1 warning",
                         "build failed with 1 error; nothing was written")  # (no public/ yet)


def test_cli_build_reports_success(site, capsys):
    site.post("a.md", "A")
    assert main(["build", "--source", str(site.root)]) == 0
    assert "built" in capsys.readouterr().out
    assert (site.root / "public/index.html").exists()


def test_version_and_help_from_the_installed_command():
    out = subprocess.run([sys.executable, "-m", "blogforge", "--version"], capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("blogforge ")
    for verb in ("build", "serve"):
        help_text = subprocess.run([sys.executable, "-m", "blogforge", verb, "--help"],
                                   capture_output=True, text=True, check=True).stdout
        assert "--base-url" in help_text and "--drafts" in help_text


def test_an_html_comment_left_open_is_said_where_it_opens(site):
    """CommonMark hides the rest of a post inside an unclosed comment, without a word."""
    site.post("a.md", "A", body="Before.\n\n<!-- ok -->\n\n<!-- two\nlines -->\n\n"
                                "<!-- TODO\n\nAfter.\n")
    result = site.build()
    assert result.written
    said = [m for m in messages(result) if "comment" in m]
    assert len(said) == 1 and said[0].startswith("content/posts/a.md:12: warning: an HTML "
                                                 "comment `<!--` opened here is never closed")


def test_unknown_code_language_is_a_warning_not_a_failure(site):
    site.post("a.md", "A", body="text\n\n```klingon\nqapla'\n```\n")
    result = site.build()
    assert result.written
    assert any(m.startswith("content/posts/a.md:7: warning: unknown code language `klingon`")
               for m in messages(result))
    assert "qapla&#x27;" in site.read("posts/a/")


def test_a_diagrams_source_is_shown_labelled_not_an_unknown_language(site):
    """A ```mermaid block (Obsidian and GitHub draw it) was an "unknown code language", and
    `--strict` failed on each: it is shown as its source, labelled, unsaid."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.post("a.md", "A", body="```mermaid\ngraph TD; A-->B\n```\n")
    result = site.build(strict=True)
    assert result.written and not messages(result)
    assert '<span class="code-label">mermaid</span>' in site.read("posts/a/")
    assert "A--&gt;B" in site.read("posts/a/")


def test_strict_turns_warnings_into_errors(site):
    site.post("a.md", "A", body="```klingon\nx\n```\n")
    assert not site.build(strict=True).written


def test_slug_cannot_write_outside_the_output(site):
    site.post("a.md", "A", slug="../../escape")
    assert site.build().written
    assert site.exists("posts/escape/index.html")
    assert not (site.root / "escape").exists() and not (site.root.parent / "escape").exists()


def test_a_content_page_may_not_take_a_generated_pages_url(site):
    site.post("a.md", "A")
    site.write("content/archives.md", "---\ntitle: Mine\n---\nx\n")
    result = site.build()
    assert not result.written
    assert ("content/archives.md: error: the generated archive page also wants to be "
            "/archives/index.html" in " ".join(messages(result, "error")))


def test_two_generated_lists_on_one_url_name_the_posts_whose_terms_make_them(site):
    """`categories: [ml, page, 2]` asks for /categories/ml/page/2/, the second page of ml's
    list: the message was "the generated list page: error: the generated list page also
    wants to be …: rename or remove this file", naming neither side and no file to rename."""
    site.write("site.yaml", "paginate: 1\n")
    for n in range(3):
        site.post(f"p{n}.md", f"P{n}", date=f"2024-01-0{n + 1}", categories="[ml]")
    site.post("q.md", "Q", date="2024-01-05", categories="[ml, page, 2]")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        "error: page 2 of the list of category `ml` (named in content/posts/p2.md) and the "
        "list of category `ml › page › 2` (named in content/posts/q.md) both want to be "
        "/categories/ml/page/2/index.html: rename the tag, category or series that makes one "
        "of them"]


def test_an_alias_onto_another_posts_url_names_aliases_as_a_cause(site):
    """The message blamed only `slug`, though here the alias is what sends b onto a."""
    site.post("a.md", "A")
    site.post("b.md", "B", aliases="[/posts/a/]")
    result = site.build()
    assert not result.written
    clash = next(m for m in messages(result) if "also wants to be /posts/a/index.html" in m)
    # (at b's `aliases` line: it named a.md's line 1, the page the alias lands on)
    assert clash.startswith("content/posts/b.md:4: error: content/posts/a.md also wants to be")
    assert "`aliases`" in clash, clash


@pytest.mark.parametrize(("where", "clash"), [
    ("url: /.blogforge-output", "blogforge's record of the output it wrote also wants to be "
                                "/.blogforge-output"),
    ("url: /.blogforge-output/", "blogforge's record of the output it wrote also wants to be "
                                 "/.blogforge-output"),
    ("url: /.blogforge-incoming/x.html", "blogforge's folder of files on their way also "
                                         "wants to be /.blogforge-incoming")])
def test_a_page_at_the_output_markers_name_is_a_clash_said_at_its_line(site, where, clash):
    """`url: /.blogforge-output` replaced the post with the marker the build writes there,
    without a word (and the next build took the page for the marker)."""
    site.post("a.md", "A")
    site.write("content/posts/b.md", f"---\ntitle: B\ndate: 2024-01-02\n{where}\n---\nx\n")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        f"content/posts/b.md:4: error: {clash}: rename or remove this file (a post's `slug`, "
        "`permalink` or `aliases` say where it goes)"]


def test_a_file_where_the_sites_static_or_templates_folder_should_be_is_said(site):
    """`static` a file (a folder replaced by one) published nothing of it, and the build said
    only that the stylesheet every page links was missing; `templates` a file, nothing. An
    incremental build says it as a clean one does (the file read as no folder, no change)."""
    site.write("site.yaml", "base_url: https://u.github.io/r/\n")
    site.post("a.md", "A")
    assert messages(site.build(use_cache=True)) == []
    site.write("static", "mine")
    site.write("templates", "mine")
    said = [
        "static: warning: a file where the site's folder static/ should be: nothing of it is "
        "published (the site's own stylesheets, pictures and CNAME go in that folder)",
        "templates: warning: a file where the site's folder templates/ should be: the theme's "
        "templates are used (the site's own go in that folder)"]
    assert messages(site.build(use_cache=True)) == said
    assert messages(site.build()) == said
    assert (site.root / "static").read_text() == "mine"


def test_a_folder_where_a_file_of_strings_or_a_template_should_be_is_said(site):
    """`i18n/en.yaml/` or `templates/partials/footer.html/`, folders (made by a copy gone
    wrong, or by `mkdir -p` of the file's path), were read as no file, the theme's strings
    and footer used without a word. Said as a file where a site's folder should be is; an
    incremental build says it as a clean one does (an empty folder changed no file)."""
    site.write("site.yaml", "base_url: https://u.github.io/r/\n")
    site.write("templates/post.html", '{% extends "theme/post.html" %}\n')
    site.post("a.md", "A")
    assert messages(site.build(use_cache=True)) == []
    for folder in ("i18n/en.yaml", "templates/partials/footer.html/old",
                   "templates/projects.html", "i18n/notes/fr.yaml"):
        (site.root / folder).mkdir(parents=True)
    said = [
        "i18n/en.yaml: warning: a folder where the site's file of strings should be: the "
        "theme's strings are used (the site's own go in a file of this name)",
        "templates/partials/footer.html: warning: a folder where the site's template should "
        "be: the theme's partials/footer.html is used (the site's own is a file of this name)",
        "templates/projects.html: warning: a folder where the site's template should be: a "
        "page asking for projects.html finds none (the site's own is a file of this name)"]
    assert messages(site.build(use_cache=True)) == said
    assert messages(site.build()) == said
    assert "<footer" in site.read("posts/a/")
    for folder in ("i18n/en.yaml", "templates/partials/footer.html/old",
                   "templates/partials/footer.html", "templates/projects.html"):
        (site.root / folder).rmdir()
    assert messages(site.build(use_cache=True)) == []


def test_a_static_file_may_not_replace_generated_output(site):
    site.post("a.md", "A")
    site.write("static/atom.xml", "<feed/>")
    result = site.build()
    # (and no word of a post's `slug` or `permalink`, which a static file has none of)
    assert "static/atom.xml: error: the Atom feed also wants to be /atom.xml: rename " \
           "or remove this file" in messages(result)


@pytest.mark.parametrize(("where", "clash"), [
    ("permalink: /atom.xml/", "the Atom feed also wants to be /atom.xml"),
    ("slug: sitemap.xml", "the sitemap also wants to be /sitemap.xml")])
def test_a_page_whose_folder_is_a_generated_file_is_a_clash_said_at_its_line(site, where,
                                                                              clash):
    """A page at /atom.xml/ (its file atom.xml/index.html) and the feed at /atom.xml: the
    build failed with "error: /…/.public.blogforge-staging-NNN/atom.xml: File exists" (or
    "Is a directory"), no file, no line."""
    site.post("a.md", "A")
    site.write("content/feed.md", f"---\ntitle: Feed\n{where}\n---\nx\n")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        f"content/feed.md:3: error: {clash}: rename or remove this file (a post's `slug`, "
        "`permalink` or `aliases` say where it goes)"]


def test_a_page_two_folders_below_another_pages_file_is_a_clash_said_at_its_line(site):
    """A post at /notes.html and another at /notes.html/2024/b/, whose file is two folders
    below the first one's: a clash, said at a line that sends one of them there (not the
    file system's "…/.public.blogforge-staging-N/notes.html/2024: Not a directory")."""
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2024-01-02\nurl: /notes.html\n---\nx\n")
    site.write("content/posts/b.md",
               "---\ntitle: B\ndate: 2024-01-01\npermalink: /notes.html/2024/b/\n---\nx\n")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        "content/posts/a.md:4: error: content/posts/b.md also wants to be /notes.html: rename "
        "or remove this file (a post's `slug`, `permalink` or `aliases` say where it goes)"]


def test_broken_yaml_is_reported_where_the_construct_opened(site):
    site.write("content/posts/a.md", "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n")
    (message,) = messages(site.build(), "error")
    assert message.startswith("content/posts/a.md:2:")


def test_a_failed_template_brings_no_broken_link_warnings_for_the_pages_it_did_not_make(site):
    site.post("a.md", "A", tags="[t]")
    site.post("b.md", "B", body="See [a](a.md).")
    site.write("templates/post.html", "{{ post.nosuch.x }}\n")
    result = site.build()
    assert not result.written
    assert [m for m in messages(result) if "broken link" in m] == []
    assert any("templates/post.html:1: error: template error" in m for m in messages(result))


def test_missing_include_names_the_template_that_includes_it(site):
    site.write("templates/partials/footer.html", "<footer>\n{% include 'nope.html' %}\n</footer>")
    site.post("a.md", "A")
    (message,) = messages(site.build(), "error")
    assert ("templates/partials/footer.html:2: error: template error: template `nope.html`"
            in message)


def test_template_errors_are_reported_with_content_errors_in_one_run(site):
    site.write("templates/partials/footer.html", "{{ 1 // 0 }}")
    site.write("content/posts/bad.md", "---\ntitle: [\n---\n")
    site.post("a.md", "A")
    errors = messages(site.build(), "error")
    assert any("bad.md" in m for m in errors) and any("footer.html" in m for m in errors)


def test_non_utf8_template_is_named(site):
    site.write("templates/partials/footer.html", raw="<footer>caf\xe9</footer>".encode("latin-1"))
    site.post("a.md", "A")
    assert any("footer.html: error: template error: file is not UTF-8" in m
               for m in messages(site.build()))


def test_a_utf16_template_is_named_once_as_utf16(site):
    """Notepad's "Unicode": a second error named the theme's base.html, with Python's words."""
    site.write("templates/partials/footer.html", raw="<footer>页脚</footer>".encode("utf-16"))
    site.post("a.md", "A")
    errors = messages(site.build(), "error")
    assert len(errors) == 1 and errors[0].endswith(
        "footer.html: error: template error: file is not UTF-8 text (it is UTF-16, Notepad's "
        '"Unicode"): save it as UTF-8'), errors


def test_a_template_saved_with_a_byte_order_mark_leaves_none_in_the_pages(site):
    """Notepad's "UTF-8 with BOM": U+FEFF in every page ended <head> where the partial began
    (a browser puts the tags after it in the body)."""
    site.write("templates/partials/head_extra.html",
               raw="\ufeff<meta name=\"author\" content=\"我\">\n".encode())
    site.post("a.md", "A")
    assert site.build().written
    page = site.read("posts/a/")
    assert "\ufeff" not in page and '<meta name="author" content="我">' in page


def test_tex_in_a_double_quoted_value_is_an_error_that_says_to_use_single_quotes(site):
    # YAML reads a backslash in double quotes as an escape, and TeX's are none; the message
    # says so at the line of the value, whichever key holds it.
    site.write("content/posts/vlb.md",
               '---\ndate: 2024-05-01\ntitle: "变分下界 $\\mathcal{L}$"\n---\nBody.\n')
    site.write("content/posts/xi.md", '---\ntitle: ok\ndate: 2024-05-01\n'
               'description: "a $x$ and\n  $\\xi$"\n---\nBody.\n')
    result = site.build()
    assert not result.written
    assert sorted(messages(result, "error")) == [
        "content/posts/vlb.md:3: error: broken YAML front matter: `\\mathcal` in double "
        "quotes, where a backslash starts an escape (`\\n`, `\\t`): write the value in single "
        "quotes ('…') or double each backslash (`\\\\mathcal`)",
        "content/posts/xi.md:4: error: broken YAML front matter: `\\xi` in double quotes, "
        "where a backslash starts an escape (`\\n`, `\\t`): write the value in single quotes "
        "('…') or double each backslash (`\\\\xi`)"]


def test_tex_that_yaml_reads_as_an_escape_in_double_quotes_is_an_error_not_a_broken_title(site):
    # `"$\theta$"` is valid YAML: a tab and "heta", which the page showed as `$ heta$`
    # without a word. In a formula no one means a tab, a new line or a backspace.
    site.write("content/posts/theta.md",
               '---\ntitle: "参数 $\\theta$ 与 $\\nabla f$"\ndate: 2024-05-01\n---\nBody.\n')
    site.write("content/posts/ok.md", '---\ntitle: "Two lines\\nand $\\\\theta$"\n'
               "date: 2024-05-01\ndescription: 'single $\\beta$'\n---\nBody.\n")
    result = site.build()
    assert messages(result, "error") == [
        "content/posts/theta.md:2: error: broken YAML front matter: `\\theta` in double "
        "quotes, where a backslash starts an escape (`\\n`, `\\t`): write the value in single "
        "quotes ('…') or double each backslash (`\\\\theta`)"]


def test_a_site_macro_in_double_quotes_that_yaml_reads_as_an_escape_is_an_error(site):
    # `"\text{tr}"` is a tab and "ext{tr}", `"\frac"` a form feed and "rac": KaTeX then said
    # "Unexpected character" at each formula that used the macro, never where it was written.
    site.write("site.yaml", "title: t\nmath:\n  macros:\n    '\\tr': \"\\text{tr}\"\n"
               "    '\\R': \"\\\\mathbb{R}\"\n")
    site.post("a.md", "A", body="$\\tr(A)$\n")
    [error] = messages(site.build(), "error")
    assert error.endswith(
        "/site.yaml:4: error: broken YAML: `\\text` in double quotes, where a backslash starts "
        "an escape (`\\n`, `\\t`): write the value in single quotes ('…') or double each "
        "backslash (`\\\\text`)")
    site.write("site.yaml", "title: t\nmath:\n  macros: {\"\\fn\": '\\frac{1}{n}'}\n")
    [error] = messages(site.build(), "error")
    assert "/site.yaml:3: error: broken YAML: `\\fn` in double quotes" in error
    site.write("site.yaml", "title: t\nmath:\n  macros: {'\\tr': '\\text{tr}', "
               "R: \"\\\\mathbb{R}\"}\ndescription: \"Tab\\there\"\n")
    result = site.build()
    assert result.written and messages(result, "error") == []


def test_the_single_quotes_advice_says_how_an_apostrophe_is_written_in_them(site):
    # "Bayes' rule $\mathcal{L}$": single quotes alone would end at the apostrophe; the
    # message says it is written twice there (''), for the error PyYAML raises and for the
    # escape it reads without complaint alike. A value without one is not told.
    site.write("content/posts/bayes.md",
               '---\ndate: 2024-05-01\ntitle: "Bayes\' rule $\\mathcal{L}$"\n---\nBody.\n')
    site.write("content/posts/theta.md",
               '---\ndate: 2024-05-01\ntitle: "Adam\'s $\\theta$"\n---\nBody.\n')
    site.write("content/posts/plain.md", '---\ndate: 2024-05-01\ntitle: "a $\\mathcal{L}$"\n'
               "description: it's\n---\nBody.\n")
    result = site.build()
    advice = ("in double quotes, where a backslash starts an escape (`\\n`, `\\t`): write "
              "the value in single quotes ('…'{}) or double each backslash (`\\{}`)")
    assert sorted(messages(result, "error")) == [
        "content/posts/bayes.md:3: error: broken YAML front matter: `\\mathcal` "
        + advice.format(", each ' in it written ''", "\\mathcal"),
        "content/posts/plain.md:3: error: broken YAML front matter: `\\mathcal` "
        + advice.format("", "\\mathcal"),
        "content/posts/theta.md:3: error: broken YAML front matter: `\\theta` "
        + advice.format(", each ' in it written ''", "\\theta")]


def test_a_colon_in_a_value_or_a_tab_in_an_indent_says_what_to_write(site):
    """`title: 注意力: 从零开始`, as Hexo writers type it, and a tab before a list item: PyYAML's
    own words ("mapping values are not allowed in this context", "found character that cannot
    start any token") do not say what is wrong."""
    site.write("content/posts/colon.md", "---\ndate: 2024-05-01\ntitle: 注意力: 从零开始\n---\n"
               "Body.\n")
    site.write("content/posts/tab.md", "---\ntitle: ok\ndate: 2024-05-01\ntags:\n\t- a\n---\n"
               "Body.\n")
    result = site.build()
    assert sorted(messages(result, "error")) == [
        "content/posts/colon.md:3: error: broken YAML front matter: `: ` inside a value, which "
        "YAML reads as a new key: put the value in quotes, `title: \"注意力: 从零开始\"`",
        "content/posts/tab.md:5: error: broken YAML front matter: a tab: YAML indents with "
        "spaces only (replace the tab with spaces)"]
    site.write("site.yaml", "title: 笔记\nlanguages:\n  zh:\n    menu:\n"
               "      - {name: 归档, url: archives/}\n      - name: 关于: 我\n")
    [error] = messages(site.build(), "error")
    assert error.endswith("site.yaml:6: error: broken YAML: `: ` inside a value, which YAML "
                          "reads as a new key: put the value in quotes, `- name: \"关于: 我\"`")


def test_the_held_back_block_names_the_options_that_show_what_it_lists(site, capsys):
    """A post past its `expiryDate` and a draft were "held back (--future / --drafts include
    them)": --future shows neither, and --expired, which shows the first, was not named."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    site.post("a.md", "Visible")
    site.post("old.md", "Old", date="2024-01-01", expiryDate="2024-02-01")
    site.post("wip.md", "WIP", draft="true")
    assert main(["build", "--source", str(site.root)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[:3] == [
        "held back (--drafts / --expired include them):",
        "  1 draft: content/posts/wip.md",
        "  1 post past its expiryDate (--expired): content/posts/old.md (2024-02-01 00:00 UTC)"]


@pytest.mark.parametrize("command", ["build", "check"])
def test_held_back_posts_are_named_in_a_short_block(site, capsys, command):
    """A mistyped year (2042) hid a post behind "held back: 1 future"; `check` said nothing."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    site.post("a.md", "Visible")
    site.post("typo.md", "Typo", date="2042-03-01")
    site.post("soon.md", "Soon", date="2041-01-02")
    # (to the minute, with the zone: a post held back until today's 23:59 said only today)
    site.post("late.md", "Late", date="2041-01-02 23:59:00+08:00")
    for i in range(250):
        site.post(f"d{i:03d}.md", f"Draft {i}", draft="true")
    assert main([command, "--source", str(site.root)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "held back (--future / --drafts include them):",
        "  3 posts dated in the future: content/posts/typo.md (2042-03-01 00:00 UTC), "
        "content/posts/late.md (2041-01-02 23:59 +08:00) and content/posts/soon.md "
        "(2041-01-02 00:00 UTC)",
        "  250 drafts: content/posts/d000.md, content/posts/d001.md, content/posts/d002.md "
        "and 247 more"]


def test_in_a_github_actions_job_each_problem_is_an_annotation_at_its_file(
        site, capsys, monkeypatch):
    """A writer who edits on github.com reads the Actions log; GitHub shows a problem on the
    file's line in the run's summary when it is written as a workflow command. The site may
    be a folder of the repository: the file is named from the checkout."""
    site.root = site.root.parent / "repo" / "blog"
    site.post("a.md", "A", body="Text [gone](nope.md).\n\n$$\\frac{1}{$$\n")
    site.write("site.yaml", "base_url: https://e.org/\n")
    monkeypatch.chdir(site.root.parent)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["build", "--source", "blog", "--strict"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("::")]
    assert [line.split("::")[1] for line in errors] == [
        "error file=blog/content/posts/a.md,line=5", "error file=blog/content/posts/a.md,line=7"]
    assert errors[0].endswith("::content/posts/a.md:5: link to `nope.md`: no such "
                              "Markdown file in content/")
    site.write("templates/partials/footer.html", '<a href="/nowhere/x.html">x</a>')
    assert main(["build", "--source", "blog", "--output", "out"]) == 0
    assert [line for line in capsys.readouterr().err.splitlines()  # (a built page's: no file)
            if "nowhere" in line and line.startswith("::warning::out/404.html:")]
    assert main(["check", "--source", "blog"]) == 0
    assert [line for line in capsys.readouterr().err.splitlines()
            if "nowhere" in line and line.startswith("::warning::404.html:")]
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert main(["build", "--source", "blog", "--strict"]) == 1
    assert not [line for line in capsys.readouterr().err.splitlines() if "::" in line]
    # a post held back for its date: published by a build after it, which a push starts
    site.post("a.md", "A", date="2099-01-01")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["build", "--source", "blog"]) == 0
    assert "uncomment the `schedule:` lines of your workflow" in capsys.readouterr().err
    site.write("../.github/workflows/pages.yml", "on:\n  schedule:\n    - cron: '5 16 * * *'\n")
    assert main(["build", "--source", "blog"]) == 0  # (a daily build: nothing to say)
    assert "schedule" not in capsys.readouterr().err


def test_in_a_github_actions_job_a_post_held_back_for_its_date_is_a_notice_at_its_date(
        site, capsys, monkeypatch):
    """A post dated in the future left the run green with no annotation: the writer on
    github.com, who looks at the run's summary, saw nothing of why the post was not there."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.post("a.md", "A")
    site.post("later.md", "Later", date="2099-01-01 08:00")
    site.write("content/posts/json.md", '{\n  "title": "JSON",\n  "tags": ["x"],\n'
               '  "date": "2099-01-02 08:00"\n}\nText.\n')  # (Hugo's JSON front matter)
    site.write("content/posts/hexo.md", '"title": "Hexo",\n"date": "2099-01-03 08:00"\n;;;\n'
               'Text.\n')  # (Hexo's JSON front matter)
    monkeypatch.chdir(site.root)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["build", "--strict"]) == 0
    notices = [line for line in capsys.readouterr().err.splitlines()
               if line.startswith("::notice")]
    assert sorted(notices) == [
        "::notice file=content/posts/hexo.md,line=2::content/posts/hexo.md:2: held back: "
        "dated 2099-01-03 08:00 UTC, in the future; the first build after that date publishes "
        "it (a push, or uncomment the `schedule:` lines of your workflow to build every day)",
        "::notice file=content/posts/json.md,line=4::content/posts/json.md:4: held back: "
        "dated 2099-01-02 08:00 UTC, in the future; the first build after that date publishes "
        "it (a push, or uncomment the `schedule:` lines of your workflow to build every day)",
        "::notice file=content/posts/later.md,line=3::content/posts/later.md:3: held back: "
        "dated 2099-01-01 08:00 UTC, in the future; the first build after that date publishes "
        "it (a push, or uncomment the `schedule:` lines of your workflow to build every day)"]
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert main(["build", "--strict"]) == 0
    assert "::notice" not in capsys.readouterr().err


def test_every_count_of_a_summary_has_a_thousands_separator(site, capsys):
    """`built 1,662 pages … 1000 warnings` and `checked 1117 pages` mixed two formats."""
    from blogforge.commands.build import report
    from blogforge.commands.check import _report
    from blogforge.diagnostics import Diagnostics
    from blogforge.site import BuildResult

    problems = Diagnostics()
    for i in range(1000):
        problems.warning(f"warning {i}")
    result = BuildResult(problems, posts=1117, pages=1662, written=True, pages_rendered=1662)
    assert report(result, Path("public")) == 0
    assert capsys.readouterr().out == (
        "built 1,662 pages (1,117 posts; 1,662 rendered, 0 unchanged) into public in 0.00 s, "
        "1,000 warnings\n")
    assert _report(result, Path("public")) == 0
    assert capsys.readouterr().out == (
        "checked 1,662 pages (1,117 posts): 0 errors, 1,000 warnings\n")
    problems.items = [replace(d, level="error") for d in problems.items]
    site.output.mkdir(parents=True)
    assert report(result, site.output) == 1 and _report(result, site.output) == 1
    assert report(result, site.root / "nothing-yet") == 1  # (a CI job's first build)
    assert [line for line in capsys.readouterr().err.splitlines() if "failed" in line] == [
        f"build failed with 1,000 errors; {site.output} was left as it was",
        "check failed: 1,000 errors, 0 warnings",
        "build failed with 1,000 errors; nothing was written"]


def test_posts_without_lang_on_a_two_language_site_give_one_line_not_one_each(site, capsys):
    """An imported corpus printed 291 such warnings, and with --strict failed on 291 errors:
    one line at the first post names the others; a lone post keeps its own message."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\nlanguages:\n  zh: {}\n"
                            "  en: {}\n")
    for i in range(6):
        site.write(f"content/posts/e{i}.md", f"---\ntitle: Note {i}\ndate: 2024-01-01\n---\n"
                   "A study note in English about diffusion models.\n")
    site.write("content/posts/z.md", "---\ntitle: 笔记\ndate: 2024-01-01\nlang: zh\n---\n中文。\n")
    assert main(["check", "--strict", "--source", str(site.root)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/posts/e0.md:1: error: no language given in this post and 5 others "
        "(content/posts/e1.md, content/posts/e2.md, content/posts/e3.md and 2 more); their text "
        "looks like `en`, so they are treated as `en`. Add `lang: en` to say so",
        "check failed: 1 error, 0 warnings"]
    for i in range(1, 6):
        (site.root / f"content/posts/e{i}.md").unlink()
    assert main(["check", "--source", str(site.root)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "content/posts/e0.md:1: warning: no language given; the text looks like `en`, so it is "
        "treated as `en`. Add `lang: en` to say so"]


def test_the_quotes_advised_for_a_colon_in_a_value_keep_its_apostrophes(site):
    """A value with a double quote is advised in single quotes, where ' is written ''."""
    site.write("content/posts/colon.md", "---\ndate: 2024-05-01\n"
               "title: Bayes' rule: the \"posterior\"\n---\nBody.\n")
    [error] = messages(site.build(), "error")
    assert error.endswith("put the value in quotes, `title: 'Bayes'' rule: the \"posterior\"'`")


def test_the_engine_says_what_the_commands_say_of_a_folder_that_is_no_site(site):
    # (`serve` builds through the engine when content/ goes while it runs; a library call too)
    site.post("a.md", "A")
    result = site.build(source=site.root / "content" / "posts")
    assert [d.message for d in result.diagnostics.errors] == [
        f"{site.root / 'content' / 'posts'} is inside the site {site.root.resolve()}, not its top "
        f"folder: cd {os.path.relpath(site.root.resolve())} and run blogforge there, or name it "
        f"with --source {os.path.relpath(site.root.resolve())}"]
    assert not site.output.exists()


def test_posts_problems_come_in_the_same_order_from_a_warm_build_as_from_a_clean_one(site):
    # a warm build replays the messages of the bodies it reuses and says those of the bodies it
    # renders again: the fresh ones came after all the replayed ones, so an edited post's
    # warnings moved to the end of the list
    for name in ("a.md", "b.md", "c.md"):
        site.post(name, name[0].upper(), body=f"{name}\n\n```python\nprint('never closed')\n")

    def said(**options: object) -> list[str]:
        return [str(d) for d in site.build(**options).diagnostics.items
                if str(d).startswith("content/posts/")]

    assert len(said(use_cache=True)) == 3
    post = site.root / "content" / "posts" / "a.md"
    post.write_text(post.read_text(encoding="utf-8").replace("a.md", "a.md, edited"),
                    encoding="utf-8")
    warm = said(use_cache=True)
    assert warm == said(output=site.root / "clean")
    assert [line.split(":")[0] for line in warm] == [
        "content/posts/a.md", "content/posts/b.md", "content/posts/c.md"]


def test_a_posts_problems_are_said_in_the_order_of_its_lines(site):
    # (an unclosed fence is found before the Markdown is rendered, a stray `$` while it is)
    site.post("a.md", "A", body="""
        其中 $d_k 是键的维度，$Q$ 是查询。

        ```python
        print("never closed")
        """)
    said = [str(d) for d in site.build().diagnostics.items]
    assert [line.split(":")[1] for line in said if line.startswith("content/posts/a.md")] \
        == ["6", "8"], said


@pytest.mark.parametrize("site_path", ["../escape.html", "posts/../../escape.html",
                                       "posts/a/../../../escape/", "./../escape.html"])
def test_no_site_path_writes_outside_the_staged_output(tmp_path, site_path):
    """The last guard behind the slug rules: whatever path a page asks for, nothing is written
    beside or above the output folder."""
    stage = output.StagedOutput(tmp_path / "public")
    with pytest.raises(output.OutputError, match="outside the output folder"):
        stage.write(site_path, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.blogforge-staging-"
                                                         f"{os.getpid()}"]


def test_a_site_path_with_dots_or_doubled_slashes_lands_where_it_means(tmp_path):
    stage = output.StagedOutput(tmp_path / "public")
    for site_path in ("posts/./a/", "posts//b/", "posts/c/../d.html", ".nojekyll", "/e.txt"):
        stage.write(site_path, site_path)
    stage.commit()
    public = tmp_path / "public"
    assert (public / "posts/a/index.html").read_text() == "posts/./a/"
    assert (public / "posts/b/index.html").read_text() == "posts//b/"
    assert (public / "posts/d.html").read_text() == "posts/c/../d.html"
    assert (public / ".nojekyll").read_text() == ".nojekyll"
    assert (public / "e.txt").read_text() == "/e.txt"


def _as_a_user(args: list[str], python: tuple[str, ...] = ("-m", "blogforge"),
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """blogforge run without root's power to ignore file permissions (the tests run as root,
    as CI does): as a writer's own account meets them (`python`: what Python runs)."""
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) runs a command without root's file permissions"
    return subprocess.run([setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner",
                           sys.executable, *python, *args],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})


def _on_a_read_only_mount(folder: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    """blogforge run with `folder` mounted read-only (as a checkout on a read-only disk), in a
    mount namespace of its own: nothing outside the command sees the mount."""
    unshare = shutil.which("unshare")
    script = ('mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 99; shift; '
              'exec "$@"')
    run = subprocess.run([unshare or "unshare", "-m", "sh", "-c", script, "sh", str(folder),
                          sys.executable, "-m", "blogforge", *args],
                         capture_output=True, text=True, check=False)
    if unshare is None or run.returncode == 99:
        pytest.skip("no read-only bind mount here (needs unshare and the right to mount)")
    return run


@pytest.mark.parametrize("how", ["read-only mount", "no write permission"])
def test_a_cache_folder_that_cannot_be_written_is_said_in_one_line_and_the_build_goes_on(
        site, how):
    """A read-only `.blogforge-cache/` (a checkout on a read-only mount) said only "cannot be
    used (unable to open database file)", without why; one without write permission called
    itself root's (`sudo`), though it was the user's own."""
    site.post("a.md", "A")
    assert site.build().written
    site.post("a.md", "A", body="Edited.")
    cache = site.root / ".blogforge-cache"
    args = ["build", "--source", str(site.root)]
    if how == "read-only mount":
        run = _on_a_read_only_mount(cache, args)
    else:
        cache.chmod(0o555)
        try:
            run = _as_a_user(args)
        finally:
            cache.chmod(0o755)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    said = [line for line in run.stderr.splitlines() if "cache" in line]
    reason = {"read-only mount": "is on a read-only file system",
              "no write permission": "has no write permission for you"}[how]
    assert len(said) == 1 and said[0].startswith(
        f"warning: build cache: {cache} {reason}: the cache cannot be written; building "
        "without a cache"), run.stderr
    assert "sudo" not in said[0]
    assert ("chmod u+w .blogforge-cache" in said[0]) is (how == "no write permission"), said
    assert "Edited." in (site.output / "posts/a/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("locked", ["cache", "output", "site folder"])
def test_a_folder_without_permission_is_one_message_not_a_traceback(site, locked):
    """`chmod 000 .blogforge-cache` (a cache made by `sudo blogforge build`), `chmod 000
    public`, a read-only site folder: each ended in a PermissionError traceback."""
    site.post("a.md", "A")
    first = _as_a_user(["build", "--source", str(site.root)])
    assert first.returncode == 0, first.stderr
    site.post("a.md", "A", body="Edited.")
    before = (site.output / "posts/a/index.html").read_bytes()
    folder = {"cache": site.root / ".blogforge-cache", "output": site.output,
              "site folder": site.root}[locked]
    mode = folder.stat().st_mode
    folder.chmod(0o555 if locked == "site folder" else 0)
    try:
        run = _as_a_user(["build", "--source", str(site.root)])
    finally:
        folder.chmod(mode)
    assert "Traceback" not in run.stderr, run.stderr
    if locked == "cache":  # (the cache is only a help: the build goes on without it)
        assert run.returncode == 0 and "building without a cache" in run.stderr, run.stderr
        assert "Edited." in (site.output / "posts/a/index.html").read_text(encoding="utf-8")
    else:
        assert run.returncode == 1
        (error,) = [line for line in run.stderr.splitlines() if ": error: " in line
                    or line.startswith("error: ")]
        if locked == "site folder":  # (said before rendering: `test_a_read_only_site_…`)
            assert error.startswith(f"error: cannot write the output {site.output}: "
                                    f"{site.root} has no write permission for you"), error
        assert "(give yourself access to it, or choose another --output)" in error, run.stderr
        assert (site.output / "posts/a/index.html").read_bytes() == before  # untouched


def test_a_read_only_site_folder_stops_the_build_before_rendering_naming_the_output(site):
    """A site folder on a read-only mount (where the new output is assembled, beside the old)
    failed only once every page was rendered, naming `.public.blogforge-staging-123`."""
    site.post("a.md", "A")
    assert site.build().written
    before = (site.output / "posts/a/index.html").read_bytes()
    site.post("a.md", "A", body="Edited: $\\frac{1$.")  # (a formula rendering would warn of)
    run = _on_a_read_only_mount(site.root, ["build", "--source", str(site.root)])
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert "staging" not in run.stderr and "frac" not in run.stderr, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: cannot write the output {site.output}: {site.root} is on a read-only file "
        "system, and the new output is assembled there, beside the old one, before it "
        "replaces it (choose another --output)"], run.stderr
    assert run.stderr.splitlines()[-1] == \
        f"build failed with 1 error; {site.output} was left as it was"
    assert (site.output / "posts/a/index.html").read_bytes() == before


def test_an_output_below_a_file_is_said_with_the_file_in_the_way(site, tmp_path, capsys):
    """`--output notes.txt/site` said only "notes.txt: File exists"."""
    site.post("a.md", "A")
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    out = tmp_path / "notes.txt" / "site"
    assert main(["build", "--source", str(site.root), "--output", str(out)]) == 1
    assert capsys.readouterr().err.splitlines()[-2] == (
        f"error: cannot write the output {out}: {tmp_path / 'notes.txt'} is a file, not a "
        "folder (choose another --output)")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"


# A build holding the site's lock (as `BuildLock` in a build's process), then a second build.
_BUILD_BESIDE_A_HELD_LOCK = """
import os
import re
import sys
from pathlib import Path
from blogforge.cache import BuildLock
from blogforge.cli import main
held = BuildLock(Path(sys.argv[1]))
print(os.getpid(), flush=True)
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("where", ["cache folder read-only", "site folder read-only"])
def test_two_builds_of_a_site_whose_cache_cannot_be_written_are_still_kept_apart(
        site, tmp_path, where):
    """Where the cache folder could not be written there was no lock at all: two builds of
    the site at once both went on, racing on its output. The lock file already there is
    locked read-only (every build of the site takes that one), and with no cache folder, a
    lock of the user's own named after the site."""
    site.post("a.md", "A")
    cache = site.root / ".blogforge-cache"
    out = tmp_path / "out"
    build = ["build", "--source", str(site.root), "--output", str(out)]
    env = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    if where == "cache folder read-only":
        assert _as_a_user(build, env=env).returncode == 0  # (the cache and its lock file made)
        (cache / "build.lock").chmod(0o444)  # (as on a read-only mount, or another user's)
        folder = cache
    else:
        folder = site.root  # (no cache folder, nor a place to make one)
    folder.chmod(0o555)
    try:
        beside = _as_a_user([str(cache), *build], ("-c", _BUILD_BESIDE_A_HELD_LOCK), env)
        alone = _as_a_user(build, env=env)
    finally:
        folder.chmod(0o755)
    assert beside.returncode == 1 and "Traceback" not in beside.stderr, beside.stderr
    # (a lock file it could not write holds an earlier build's process, not the holder's)
    holder = "" if where == "cache folder read-only" else \
        f" (process {beside.stdout.split()[0]})"
    assert [line for line in beside.stderr.splitlines() if line.startswith("error: ")] == [
        f"error: another blogforge build of this site is running{holder}; wait for it to "
        "finish, then build again"], beside.stderr
    assert alone.returncode == 0, alone.stderr  # (the lock let go of with its build)


def test_a_cache_left_by_sudo_is_named_as_not_yours_and_the_build_goes_on(site):
    """A cache made by `sudo blogforge build` is root's: every build said "attempt to write
    a readonly database" and nothing of why, or what to do."""
    site.post("a.md", "A")
    assert _as_a_user(["build", "--source", str(site.root)]).returncode == 0
    cache = site.root / ".blogforge-cache"
    for path in (cache, *cache.iterdir()):
        os.chown(path, 65534, 65534)  # (as another user's: nobody's)
    site.post("a.md", "A", body="Edited.")
    run = _as_a_user(["build", "--source", str(site.root)])
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert "not yours to write: one made by `sudo blogforge build` is root's" in run.stderr, \
        run.stderr
    assert "Edited." in (site.output / "posts/a/index.html").read_text(encoding="utf-8")


def test_paths_windows_cannot_hold_are_a_warning(site):
    """A tag `aux` (an aux loss) made tags/aux/, and two static files differing in capitals
    were both published: a writer on Windows can neither build the site nor check its branch
    out (`aux` names a device there; its disks take the two names for one). Said, not
    refused: served from Linux the site is whole."""
    site.post("a.md", "A", date="2024-01-01", tags="[aux, ml]")
    site.write("static/img/Logo.png", raw=b"\x89PNG")
    site.write("static/img/logo.png", raw=b"\x89PNG")
    result = site.build()
    assert result.written
    found = [m for m in messages(result, "warning") if "Windows cannot hold" in m]
    assert found == [
        "warning: 2 paths of the site Windows cannot hold: /tags/aux/ (`aux` names a device "
        "there); /img/Logo.png and /img/logo.png (in other capitals only). The site cannot be "
        "built nor its branch checked out there: rename the tag, post or file"], found
    assert not [m for m in messages(site.build(strict=True), "error") if "Windows" in m]
