"""The command line starts fast: `--version` and `--help` import none of the build's libraries."""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import stopped_while_rendering

from blogforge import __version__
from blogforge.cli import VERSION, main
from blogforge.commands import make_parser
from blogforge.output import MARKER

# What a build needs and a help text does not (see src/blogforge/commands/__init__.py).
HEAVY = ("jinja2", "markdown_it", "mdit_py_plugins", "pygments", "yaml", "pykatex", "regex",
         "pypinyin", "markdownify", "bs4",
         "http.server", "blogforge.site", "blogforge.engine", "blogforge.config",
         "blogforge.markdown", "blogforge.math", "blogforge.output",
         # and from the standard library, 25 ms of a 50 ms `--version` between them
         "dataclasses", "tempfile", "json", "threading",
         # and from what a help text needs: a fifth of `--help` between them
         "pathlib", "typing")


def imported_by(*args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `python -X importtime -m blogforge ARGS`; its output and every module it imported."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "blogforge", *args],
                          capture_output=True, text=True, timeout=60)
    modules = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
               if line.startswith("import time:") and "|" in line}
    return done, modules


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def command_names() -> list[str]:
    (commands,) = [action for action in make_parser(VERSION)._actions
                   if isinstance(action, argparse._SubParsersAction)]
    return sorted(commands.choices)


def test_version_imports_none_of_the_build_libraries():
    done, modules = imported_by("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"blogforge {__version__}"
    assert "blogforge.cli" in modules  # the probe does see blogforge's own imports
    assert heavy(modules) == []
    # answered before the parser is made: argparse (with re and enum) and the command modules
    # were half of `--version`'s time on a slow machine
    assert {"argparse", "blogforge.commands"} & modules == set()


def test_help_imports_none_of_the_build_libraries():
    done, modules = imported_by("--help")
    assert done.returncode == 0 and "usage: blogforge" in done.stdout
    assert heavy(modules) == []


@pytest.mark.parametrize("name", command_names())  # every verb, those added later too
def test_each_commands_help_imports_none_of_the_build_libraries(name):
    done, modules = imported_by(name, "--help")
    assert done.returncode == 0 and f"usage: blogforge {name}" in done.stdout
    assert heavy(modules) == []


def test_build_still_runs_through_the_cli(tmp_path):
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "content" / "posts" / "a.md").write_text("# Hello\n\nText.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "blogforge", "build", "--source", str(tmp_path)],
                          capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"})
    assert done.returncode == 0, done.stderr
    assert "Hello" in (tmp_path / "public" / "index.html").read_text(encoding="utf-8")
    # (said in full, through a pipe, before the end; home, post, 404, the three indexes and
    # the list of posts/)
    assert "built 9 pages (1 post; 9 rendered" in done.stdout


def test_a_build_declares_and_imports_no_other_commands_options(tmp_path):
    # (the parser was made with all six verbs for every command line: 5 ms of a one-post edit)
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "content" / "posts" / "a.md").write_text("# Hello\n\nText.\n", encoding="utf-8")
    code = ("import sys; from blogforge.cli import main; done = main(['build', '--source', "
            "sys.argv[1]]); print(sorted(m for m in sys.modules if m.startswith("
            "'blogforge.commands.')), done)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, timeout=120)
    assert "built 9 pages (1 post; 9 rendered" in done.stdout, done.stderr
    assert done.stdout.splitlines()[-1] == "['blogforge.commands.build'] 0"


@pytest.mark.parametrize("name", command_names())
def test_a_parser_made_for_its_verb_alone_reads_and_says_what_the_whole_one_does(name):
    whole, alone = make_parser(VERSION), make_parser(VERSION, name)
    assert _subcommands(alone).keys() == {name}
    assert _subcommands(alone)[name].format_help() == _subcommands(whole)[name].format_help()
    assert alone.format_usage() == whole.format_usage()


def test_a_command_whose_reader_has_gone_finishes_its_work_without_a_traceback(tmp_path):
    # `blogforge import hexo old new | head -1`: the report's lines after the first went
    # to a closed pipe, and the command ended in a BrokenPipeError traceback
    old = tmp_path / "old"
    (old / "source/_posts").mkdir(parents=True)
    (old / "_config.yml").write_text("title: H\nurl: https://e.com\n", encoding="utf-8")
    for number in range(3):
        (old / f"source/_posts/p{number}.md").write_text(
            f"---\ntitle: P{number}\ndate: 2020-01-0{number + 1}\n---\n\nx\n",
            encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "blogforge", "import", "hexo", str(old),
                            str(tmp_path / "new")], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    run.stdout.close()  # (the reader gone before the first line: `| head -0`)
    stderr = run.stderr.read().decode()
    assert run.wait() == 0 and "Traceback" not in stderr, stderr
    assert (tmp_path / "new/site.yaml").is_file()
    assert len(list((tmp_path / "new/content/posts").glob("*.md"))) == 3


def test_a_build_whose_messages_reader_has_gone_finishes_and_exits_as_its_build_did(tmp_path):
    """`blogforge build 2>&1 | head -1` (a CI step's, a writer's) exited 1 or 0 by chance:
    the warnings written to standard error after the reader left raised a BrokenPipeError.
    Its output was whole all the same, so the exit said a failure that was none."""
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "content" / "posts" / "a.md").write_text("# Hello\n\nSee [x](gone.md).\n",
                                                         encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "blogforge", "build", "--source",
                            str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    run.stderr.close()  # (the reader of its messages gone before the first)
    stdout = run.stdout.read().decode()
    assert run.wait() == 0, stdout
    assert "built 9 pages (1 post; 9 rendered" in stdout
    assert "Hello" in (tmp_path / "public" / "index.html").read_text(encoding="utf-8")


class _Writes:
    """A stream that keeps each text written to it (what a terminal is sent, a call at a
    time)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def write(self, text: str) -> int:
        self.texts.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_a_builds_messages_reach_its_reader_in_one_write(tmp_path, monkeypatch):
    # (a line at a time, the 1,000-post benchmark's 1,000 warnings were 2,000 system calls of
    # each build: the line, then its end; a terminal redraws at each)
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\nbase_url: https://e.org/\n", encoding="utf-8")
    for n in range(3):
        (tmp_path / f"content/posts/p{n}.md").write_text(
            f"---\ntitle: P{n}\ndate: 2024-01-0{n + 1}\ndraft: {n == 2}\n---\n\n"
            f"See [x](gone{n}.md).\n", encoding="utf-8")
    messages = _Writes()
    monkeypatch.setattr(sys, "stderr", messages)
    assert main(["build", "--source", str(tmp_path)]) == 0
    assert messages.texts == [
        "content/posts/p0.md:7: warning: link to `gone0.md`: no such Markdown file in content/\n"
        "content/posts/p1.md:7: warning: link to `gone1.md`: no such Markdown file in content/\n"
        "held back (--drafts includes them):\n"
        "  1 draft: content/posts/p2.md\n"]


def test_a_failed_build_through_the_cli_says_why_and_exits_with_an_error(tmp_path):
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "content" / "posts" / "a.md").write_text("---\ntitle: [\n---\nText.\n",
                                                         encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "blogforge", "build", "--source", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "content/posts/a.md:3: error: broken YAML front matter" in done.stderr
    assert "build failed with 1 error" in done.stderr and not (tmp_path / "public").exists()


STOPPED_WHILE_RENDERING = stopped_while_rendering("build", "--no-cache")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_build_says_so_and_leaves_the_last_output_and_nothing_else(tmp_path, signum):
    """A SIGTERM (a cancelled CI job, `timeout`) ended the build at once, silent, leaving
    .public.blogforge-staging-PID beside the output."""
    for n in range(4):
        (tmp_path / "content/posts").mkdir(parents=True, exist_ok=True)
        (tmp_path / f"content/posts/p{n}.md").write_text(f"# Post {n}\n\nText.\n")
    assert main(["build", "--source", str(tmp_path), "--no-cache"]) == 0
    before = {p: p.read_bytes() for p in (tmp_path / "public").rglob("*") if p.is_file()}
    (tmp_path / "content/posts/p0.md").write_text("# Post 0\n\nChanged.\n")
    done = subprocess.run([sys.executable, "-c", STOPPED_WHILE_RENDERING, str(tmp_path)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "STOP_WITH": str(int(signum))})
    assert done.returncode == 128 + signum, done.stderr  # (143: SIGTERM, 130: Ctrl+C)
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.splitlines()[-1] == "build stopped; the output is as the last build " \
        "left it"
    assert not list(tmp_path.glob(".public*"))  # (no staging folder left beside it)
    assert {p: p.read_bytes() for p in (tmp_path / "public").rglob("*") if p.is_file()} == before


# Code for a subprocess: `blogforge build` of the site sys.argv[1], stopped (STOP_WITH) once
# the first of its problems is printed: the build is done, its output in place.
STOPPED_WHILE_REPORTING = """
import os, sys
from blogforge.cli import main
from blogforge.commands import build

said = build.print_problems

def print_problems(result, source, output):
    for item in result.diagnostics.warnings[:1]:
        print(item, file=sys.stderr, flush=True)
    os.kill(os.getpid(), int(os.environ["STOP_WITH"]))
    said(result, source, output)  # (what a stop that came a moment later cuts short)

build.print_problems = print_problems
sys.exit(main(["build", "--source", sys.argv[1]]))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_build_stopped_while_it_prints_its_problems_still_says_what_it_built(tmp_path,
                                                                             signum):
    """A SIGTERM while the build printed its warnings (the stop's handlers were put back
    before them) ended the process at once: no summary line, a status of -15, though the new
    output was in place."""
    (tmp_path / "content/posts").mkdir(parents=True)
    for n in range(3):
        (tmp_path / f"content/posts/p{n}.md").write_text(f"# Post {n}\n\nSee [x](gone{n}.md).\n")
    done = subprocess.run([sys.executable, "-c", STOPPED_WHILE_REPORTING, str(tmp_path)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "STOP_WITH": str(int(signum))})
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == 0, done.stderr  # (the build's own: it succeeded)
    assert "(stopped: the rest of the build's problems are not shown)" in done.stderr
    assert sum("warning" in line for line in done.stderr.splitlines()) == 1, done.stderr
    (summary,) = done.stdout.splitlines()
    assert summary.startswith(f"built 11 pages (3 posts; 11 rendered, 0 unchanged) into "
                              f"{tmp_path / 'public'} in ") and summary.endswith(
        ", 7 warnings"), summary
    assert "gone0" in (tmp_path / "public/posts/p0/index.html").read_text(encoding="utf-8")


# Code for a subprocess: `blogforge build` of the site sys.argv[1], stopped (STOP_WITH) just
# after its new output went in place, before the build's record is kept in the cache.
STOPPED_AFTER_THE_SWAP = """
import os, sys
from blogforge.cli import main
from blogforge.output import StagedOutput

swap = StagedOutput.commit

def commit(self):
    changed = swap(self)
    os.kill(os.getpid(), int(os.environ["STOP_WITH"]))
    return changed

StagedOutput.commit = commit
sys.exit(main(["build", "--source", sys.argv[1]]))
"""


def tree_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MARKER}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_build_stopped_after_its_output_went_in_place_says_so(tmp_path, signum):
    """A stop between the swap and the end of the build (the cache being written, a long
    moment after a cold build) said "the output is as the last build left it", though the
    new output was in place; the next build makes what a clean build makes."""
    (tmp_path / "content/posts").mkdir(parents=True)
    for n in range(3):
        (tmp_path / f"content/posts/p{n}.md").write_text(f"# Post {n}\n\nText.\n")
    assert main(["build", "--source", str(tmp_path)]) == 0
    (tmp_path / "content/posts/p0.md").write_text("# Post 0\n\nChanged.\n")
    (tmp_path / "content/posts/p3.md").write_text("# Post 3\n\nNew.\n")
    done = subprocess.run([sys.executable, "-c", STOPPED_AFTER_THE_SWAP, str(tmp_path)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "STOP_WITH": str(int(signum))})
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == 128 + signum, done.stderr
    assert done.stderr.splitlines()[-1] == "build stopped after its output was written: the " \
        "output is this build's, and the next build checks it", done.stderr
    (summary,) = done.stdout.splitlines()
    assert summary.startswith("built 12 pages (4 posts; 7 rendered, 5 unchanged) into "), summary
    assert "Changed." in (tmp_path / "public/posts/p0/index.html").read_text(encoding="utf-8")
    assert main(["build", "--source", str(tmp_path)]) == 0
    assert main(["build", "--source", str(tmp_path), "--no-cache", "--output",
                 str(tmp_path / "clean")]) == 0
    assert tree_of(tmp_path / "public") == tree_of(tmp_path / "clean")


@pytest.mark.parametrize("command", [["build"], ["check"], ["serve", "--port", "0"],
                                     ["deploy", "--no-push"], ["new", "post", "x"]])
def test_a_command_run_inside_a_site_names_the_site_folder_to_run_it_in(tmp_path, command):
    """A writer in content/posts/ (where a Hexo writer often is) is told where the site is;
    nothing is written, no public/ appears there, and no preview starts."""
    posts = tmp_path / "blog" / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "blogforge", *command], cwd=posts,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    said = done.stdout + done.stderr
    assert (f"error: . is inside the site {tmp_path / 'blog'}, not its top folder: cd ../.. "
            f"and run blogforge") in said, said
    assert "--source ../.." in said and "Traceback" not in said and "preview at" not in said
    assert sorted(p.name for p in posts.iterdir()) == ["a.md"]


@pytest.mark.parametrize("command", [["build"], ["check"], ["serve", "--port", "0"]])
def test_a_command_run_outside_any_site_says_how_to_start_one(tmp_path, command):
    done = subprocess.run([sys.executable, "-m", "blogforge", *command], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    said = done.stdout + done.stderr
    assert done.returncode == 1 and "preview at" not in said, said
    assert "error: . has no content/ folder" in said and "blogforge new site DIR" in said
    assert "public was left as it was" not in said and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("argv", "meant"), [
    (["server"], "`server` is not a blogforge command: did you mean `blogforge serve`?"),
    (["server", "-D"], "did you mean `blogforge serve`?"),
    (["g"], "did you mean `blogforge build`?"),
    (["new", "注意力机制"], "did you mean `blogforge new post 注意力机制`?"),
    (["new", "Attention Is All"], 'did you mean `blogforge new post "Attention Is All"`?'),
    (["serve", "-D"], "`-D` is Hugo's option: blogforge's is `blogforge serve --drafts`"),
    (["build", "--buildFuture"], "blogforge's is `blogforge build --future`"),
    (["build", "--minify"], "`--minify` is Hugo's option: blogforge's pages and CSS are "
                            "written compact already"),
    (["build", "--environment", "production"], "`--environment` is Hugo's option: blogforge "
                                               "has one site.yaml"),
    (["build", "-e=production"], "`-e` is Hugo's option: blogforge has one site.yaml"),
    (["serve", "-w"], "`-w` is Hugo's option: `blogforge serve` watches the site"),
    (["build", "--watch"], "`--watch` is Hugo's option: `blogforge serve` watches the site"),
    (["build", "--config", "hugo.toml"], "`--config` is Hugo's option: blogforge reads "
                                         "site.yaml"),
    (["check", "--buildExpired"], "blogforge's is `blogforge check --expired`"),
])
def test_another_generators_command_line_is_answered_with_blogforges(argv, meant, capsys):
    """`hugo server`, `hexo g`, `hexo new "标题"`: argparse said only "invalid choice"."""
    from blogforge.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("blogforge: error: ") and meant in err, err


@pytest.mark.parametrize("command", ["build", "serve", "check", "deploy"])
def test_no_cache_is_said_to_skip_the_whole_build_cache(command, capsys):
    """It said "the math cache": the cache holds post bodies, pages and links too, and a
    writer chasing a stale page would not have tried it."""
    from blogforge.cli import main

    with pytest.raises(SystemExit):
        main([command, "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "--no-cache build from scratch, neither reading nor writing the build cache" in said
    assert "math cache" not in said


@pytest.mark.parametrize(("generator", "posts"), [("hexo", "source/_posts"),
                                                  ("jekyll", "_posts")])
def test_a_command_run_in_a_hexo_or_jekyll_blog_says_how_to_import_it(tmp_path, generator,
                                                                      posts):
    (tmp_path / posts).mkdir(parents=True)
    (tmp_path / posts / "2024-01-02-a.md").write_text("---\ntitle: A\n---\nText.\n")
    done = subprocess.run([sys.executable, "-m", "blogforge", "build"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == (f"error: . is a {generator.capitalize()} blog ({posts}/), not a "
                           f"blogforge site: blogforge import {generator} . NEW-FOLDER makes one "
                           "of it, leaving this folder as it is\n")
    assert not (tmp_path / "public").exists()


def test_a_one_post_edit_imports_neither_yaml_nor_pygments_nor_regex_nor_katex(tmp_path):
    # site.yaml, the strings' files, highlighted code blocks and formulas are remembered: a
    # one-post edit imports no YAML parser nor Pygments (55 ms of its start-up), nor `regex`
    # to cut an excerpt of plain Chinese and English, nor KaTeX's engine for a formula that
    # did not change, nor the rewriting of other generators' tags for a post without any; an
    # edit is read anew
    (tmp_path / "content" / "posts").mkdir(parents=True)
    post = tmp_path / "content" / "posts" / "a.md"
    code = "```python\ndef f(x):\n    return x + 1\n```\n\n$$\\frac{a}{b}$$\n"
    prose = "注意力机制 attention, 逐字逐句。" * 40  # (longer than an excerpt)
    post.write_text(f"# Hello\n\n{prose}\n\n{code}", encoding="utf-8")
    config = tmp_path / "site.yaml"
    config.write_text("title: Notes of Ada\n", encoding="utf-8")
    index = tmp_path / "public" / "index.html"
    page = tmp_path / "public" / "posts" / "a" / "index.html"
    done, modules = imported_by("build", "--source", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert {"yaml", "pygments", "pykatex"} <= modules
    assert "Notes of Ada" in index.read_text(encoding="utf-8")
    formula = re.search(r"<math.*?</math>", page.read_text(encoding="utf-8"), re.S).group()
    assert "<mfrac>" in formula
    highlighted = re.search(r'<div class="highlight">.*?</div>', page.read_text(encoding="utf-8"),
                            re.S).group()
    assert '<span class="k">def</span>' in highlighted

    post.write_text(f"# Hello\n\nText, edited. {prose}\n\n{code}", encoding="utf-8")
    done, modules = imported_by("build", "--source", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert {"yaml", "pygments", "regex", "pykatex"} & modules == set()
    assert "blogforge.markdown.compat.rewrite" not in modules  # (the post holds no tag)
    html = page.read_text(encoding="utf-8")
    assert "Text, edited." in html and "Notes of Ada" in html and highlighted in html
    assert formula in html
    assert "<p class=\"excerpt\">Text, edited. 注意力机制" in index.read_text(encoding="utf-8")

    config.write_text("title: Notes of Grace\n", encoding="utf-8")
    done, modules = imported_by("build", "--source", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "yaml" in modules and "Notes of Grace" in index.read_text(encoding="utf-8")


def test_pinyin_is_read_once_per_chinese_name_and_fresh_processes_list_terms_alike(tmp_path):
    # pypinyin takes 170 ms to import: a build whose tags' names an earlier build already read
    # does not import it; a new Chinese name is read, and listed in its place
    (tmp_path / "content" / "posts").mkdir(parents=True)
    post = tmp_path / "content" / "posts" / "a.md"
    front = "---\ntitle: 甲\ntags: [贪心, 深度学习, attention{}]\ncategories: [算法]\n---\n"
    post.write_text(front.format("") + "正文。\n", encoding="utf-8")
    index = tmp_path / "public" / "tags" / "index.html"

    def names() -> list[str]:
        return re.findall(r'href="/tags/[^"]+">#([^<]+)</a>', index.read_text(encoding="utf-8"))

    done, modules = imported_by("build", "--source", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "pypinyin" in modules and names() == ["深度学习", "贪心", "attention"]
    post.write_text(front.format("") + "正文，改过。\n", encoding="utf-8")
    done, modules = imported_by("build", "--source", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "pypinyin" not in modules and names() == ["深度学习", "贪心", "attention"]
    post.write_text(front.format(", 动态规划") + "正文，改过。\n", encoding="utf-8")
    done, modules = imported_by("build", "--source", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "pypinyin" in modules and names() == ["动态规划", "深度学习", "贪心", "attention"]

    # two clean builds in processes that hash strings differently: the same bytes
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        done = subprocess.run([sys.executable, "-m", "blogforge", "build", "--source",
                               str(tmp_path), "--output", str(out), "--no-cache"],
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        outputs.append({p.relative_to(out): p.read_bytes()
                        for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert outputs[0][Path("tags/index.html")] == index.read_bytes()


def test_pinyin_is_read_in_a_process_of_its_own(tmp_path):
    # pypinyin's dictionaries (57 MB) never live in the build's process, whose page pool's
    # workers would copy them (a cold build of 1,000 posts peaked 80 MB higher)
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "content" / "posts" / "a.md").write_text(
        "---\ntitle: 甲\ntags: [贪心, 深度学习, 动态规划, attention]\n---\n正文。\n",
        encoding="utf-8")
    code = ("import sys; from blogforge.cli import main; done = main(['build', '--source', "
            "sys.argv[1]]); print('pypinyin' in sys.modules, done)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.split()[-2:] == ["False", "0"], done.stdout + done.stderr
    index = (tmp_path / "public" / "tags" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="/tags/[^"]+">#([^<]+)</a>', index) == [
        "动态规划", "深度学习", "贪心", "attention"]


def test_a_first_build_reads_its_chinese_names_in_the_process_it_started_before_its_imports(
        tmp_path, monkeypatch, new_process):
    # A first build's names are all new: the process that reads them is started as the
    # command starts (`read_ahead`: pypinyin imported while the build imports its modules)
    # and given them once the posts are read, where another was forked as the bodies began.
    # A build with a cache starts none; one whose names need none ends it at once.
    import blogforge.forks
    import blogforge.name_order

    started: list = []
    asked: list[list[str]] = []
    waiting, read_aside = blogforge.forks.Aside.waiting, blogforge.name_order.read_aside

    def recorded_waiting(*args):
        started.append(waiting(*args))
        return started[-1]

    def recorded_read_aside(runs):
        asked.append(runs)
        return read_aside(runs)

    monkeypatch.setattr(blogforge.forks.Aside, "waiting", recorded_waiting)
    monkeypatch.setattr(blogforge.name_order, "read_aside", recorded_read_aside)

    def ended(aside) -> bool:
        try:
            os.kill(aside.pid, 0)
        except ProcessLookupError:  # (and waited for: no process of that number is left)
            return aside.done
        return False

    (tmp_path / "content" / "posts").mkdir(parents=True)
    post = tmp_path / "content" / "posts" / "a.md"
    front = "---\ntitle: 甲\ntags: [贪心, 深度学习, attention{}]\n---\n正文。\n"
    post.write_text(front.format(""), encoding="utf-8")
    index = tmp_path / "public" / "tags" / "index.html"

    def names() -> list[str]:
        return re.findall(r'href="/tags/[^"]+">#([^<]+)</a>', index.read_text(encoding="utf-8"))

    assert main(["build", "--source", str(tmp_path)]) == 0
    assert names() == ["深度学习", "贪心", "attention"]
    assert len(started) == 1 and ended(started[0]) and asked == []

    post.write_text(front.format(", 动态规划"), encoding="utf-8")
    assert main(["build", "--source", str(tmp_path)]) == 0
    assert names() == ["动态规划", "深度学习", "贪心", "attention"]
    assert len(started) == 1 and asked == [["动态规划"]]  # (the cache knew the others)

    post.write_text("---\ntitle: A\ntags: [attention]\n---\nText.\n", encoding="utf-8")
    assert main(["build", "--source", str(tmp_path), "--no-cache"]) == 0
    assert names() == ["attention"]
    assert len(started) == 2 and ended(started[1]) and asked == [["动态规划"]]


# What renders posts and pages: a build that changed nothing needs none of it
RENDERER = ("blogforge.site", "blogforge.bodies", "blogforge.content.loader",
            "blogforge.templates", "blogforge.markdown.render", "blogforge.math.document",
            "markdown_it", "jinja2")


def test_a_build_that_changed_nothing_imports_none_of_the_renderer(tmp_path):
    # (its first step answers, engine.py: the renderer's imports were two thirds of a
    # no-change rebuild's instructions at 1,000 posts, issue 8); an edit imports it again
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "a.md").write_text("---\ntitle: 甲\ndate: 2024-01-02\n---\n正文 $x^2$。\n",
                                encoding="utf-8")
    (posts / "b.md").write_text("---\ntitle: B\n---\nA [link](missing.md).\n", encoding="utf-8")
    page = tmp_path / "public" / "posts" / "a" / "index.html"
    done, modules = imported_by("build", "--source", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert set(RENDERER) <= modules and "正文" in page.read_text(encoding="utf-8")
    first = {path: path.read_bytes() for path in (tmp_path / "public").rglob("*")
             if path.is_file()}

    again, modules = imported_by("build", "--source", str(tmp_path))
    assert again.returncode == 0, again.stderr
    assert sorted(set(RENDERER) & modules) == []
    assert "(2 posts; nothing changed)" in again.stdout
    said = [line for line in again.stderr.splitlines() if not line.startswith("import time:")]
    assert said == [line for line in done.stderr.splitlines()
                    if not line.startswith("import time:")]
    assert any("missing.md" in line for line in said)  # (the build's warning, said again)
    assert {path: path.read_bytes() for path in (tmp_path / "public").rglob("*")
            if path.is_file()} == first

    (posts / "a.md").write_text("---\ntitle: 甲\ndate: 2024-01-02\n---\n改过的正文 $x^2$。\n",
                                encoding="utf-8")
    edited, modules = imported_by("build", "--source", str(tmp_path))
    assert edited.returncode == 0, edited.stderr
    assert {"blogforge.site", "markdown_it"} <= modules
    assert "改过的正文" in page.read_text(encoding="utf-8")


# What a build of Markdown posts with YAML front matter never calls: a notebook's reader, JSON
# front matter's, a .bib field's LaTeX
NOT_FOR_MARKDOWN = ("blogforge.content.notebooks", "blogforge.content.json_front",
                    "blogforge.bibliography_latex")


def test_a_one_post_edit_of_markdown_posts_imports_none_of_what_it_never_calls(tmp_path):
    # (each was imported by every build: 7 ms of a one-post edit of 1,000 posts, issue 8)
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    for number in range(3):
        (posts / f"p{number}.md").write_text(
            f"---\ntitle: 第{number}篇\ndate: 2024-01-0{number + 1}\ntags: [注意力]\n---\n"
            f"正文 $x^{number}$。\n", encoding="utf-8")
    code = ("import sys; from blogforge.cli import main; done = main(['build', '--source', "
            "sys.argv[1]]); print(sorted(set(sys.argv[2:]) & sys.modules.keys()), done)")
    build = [sys.executable, "-c", code, str(tmp_path), *NOT_FOR_MARKDOWN]
    assert subprocess.run(build, capture_output=True, text=True, timeout=120).returncode == 0
    (posts / "p1.md").write_text("---\ntitle: 第1篇\ndate: 2024-01-02\ntags: [注意力]\n---\n"
                                 "改过的正文 $x^1$。\n", encoding="utf-8")
    done = subprocess.run(build, capture_output=True, text=True, timeout=120)
    assert done.stdout.splitlines()[-1] == "[] 0", done.stdout + done.stderr
    assert "改过的正文" in (tmp_path / "public" / "posts" / "p1" / "index.html").read_text(
        encoding="utf-8")


# Patterns of slips and of syntax plain posts have none of: a date typed `2024年5月1日 星期三`,
# a `---` a phone made `—`, `title:x`, a `::: {.callout}`, a citation `[@key]`, CJK text in a
# formula (prose a lone `$` made math)
RARE_PATTERNS = ("blogforge.content.frontmatter:_WEEKDAY", "blogforge.content.frontmatter:_DAY",
                 "blogforge.content.frontmatter:_FENCE_LIKE",
                 "blogforge.content.frontmatter:_KEY_SLIP",
                 "blogforge.markdown.fenced_divs:_OPENING", "blogforge.markdown.citations:_ITEM",
                 "blogforge.math.parse:_HAS_CJK")


def test_a_build_of_plain_posts_compiles_none_of_the_patterns_they_never_meet(tmp_path):
    # (compiled at import, 230 patterns a one-post edit never used were 14 ms of it, issue 8)
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "a.md").write_text("---\ntitle: 注意力\ndate: 2024-05-01 21:30\n---\n正文 $x$。\n",
                                encoding="utf-8")
    code = ("import sys; from blogforge.cli import main; done = main(['build', '--source', "
            "sys.argv[1]]); print([name for name in sys.argv[2:] if getattr(sys.modules["
            "name.split(':')[0]], name.split(':')[1]).cache_info().currsize], done)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path), *RARE_PATTERNS],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.splitlines()[-1] == "[] 0", done.stdout + done.stderr
    page = (tmp_path / "public" / "posts" / "a" / "index.html").read_text(encoding="utf-8")
    assert "正文" in page and 'datetime="2024-05-01T21:30:00' in page
    # and read when met: the same date typed as a Chinese writer does, on a weekday
    (posts / "a.md").write_text("---\ntitle: 注意力\ndate: 2024年5月1日 星期三 21:30\n---\n"
                                "正文。\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path), *RARE_PATTERNS[:1]],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.splitlines()[-1] == "['blogforge.content.frontmatter:_WEEKDAY'] 0"
    page = (tmp_path / "public" / "posts" / "a" / "index.html").read_text(encoding="utf-8")
    assert 'datetime="2024-05-01T21:30:00' in page


@pytest.mark.parametrize("entry", ["not JSON", '[{"title": "B"}, [["title", "x"]]]', "[1]", "{}"])
def test_a_damaged_memo_of_parsed_yaml_is_parsed_again(entry):
    from blogforge.yamlfile import ParsedYaml

    text = "title: A\nmenu:\n  - about/\n"
    memo = ParsedYaml({text: entry})
    doc = memo.parse(text)
    assert doc.data == {"title": "A", "menu": ["about/"]}
    assert doc.lines == {("title",): 1, ("menu",): 2, ("menu", "0"): 3}
    assert ParsedYaml({text: memo.used[text]}).parse(text) == doc  # and remembered as it is


def test_a_locale_that_is_not_utf8_still_builds_and_names_files_in_chinese(tmp_path):
    """Under `LANG=en_US` (Latin-1 on glibc) the build stopped with a UnicodeEncodeError at
    the first Chinese file name, and `new post "注意力机制"` wrote a garbled file: the command
    starts again in Python's UTF-8 mode."""
    import shutil

    if shutil.which("localedef") is None:
        pytest.skip("this machine cannot make a locale (glibc's localedef)")
    locales = tmp_path / "locales"
    locales.mkdir()
    made = subprocess.run(["localedef", "-i", "en_US", "-f", "ISO-8859-1",
                           str(locales / "en_US.ISO-8859-1")], capture_output=True)
    if made.returncode not in (0, 1):  # (1: made, with warnings)
        pytest.skip(f"no Latin-1 locale here: {made.stderr.decode(errors='replace')}")
    env = {**os.environ, "LOCPATH": str(locales), "LC_ALL": "en_US.ISO-8859-1"}
    env.pop("PYTHONUTF8", None)
    env.pop("PYTHONIOENCODING", None)
    check = [sys.executable, "-c", "import sys; print(sys.getfilesystemencoding())"]
    assert subprocess.run(check, env=env, capture_output=True, text=True).stdout.strip() \
        == "iso8859-1"  # (the locale took: without the fix, what follows fails)
    site = tmp_path / "site"
    blogforge = [sys.executable, "-m", "blogforge"]
    subprocess.run([*blogforge, "new", "site", str(site)], env=env, check=True,
                   capture_output=True)
    subprocess.run([*blogforge, "new", "post", "注意力机制"], cwd=site, env=env, check=True,
                   capture_output=True)
    assert (site / "content/posts/注意力机制.md").read_text(encoding="utf-8").startswith(
        '---\ntitle: "注意力机制"')
    with (site / "content/posts/注意力机制.md").open("a", encoding="utf-8") as post:
        post.write("注意力机制的笔记。\n")  # (one of front matter alone is not published)
    built = subprocess.run([*blogforge, "build"], cwd=site, env=env, capture_output=True)
    assert built.returncode == 0, built.stderr.decode(errors="replace")
    assert "注意力机制" in (site / "public/index.html").read_text(encoding="utf-8")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_readmes_command_synopsis_names_every_option_each_help_has():
    """The README's list of commands is where a reader learns what a command takes: it left
    out `serve --strict`, `deploy`'s build options and `import --unzipped-limit`, which their
    `--help` gives."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    synopsis = readme.split("## Commands\n\n```\n", 1)[1].split("```", 1)[0]
    lines: dict[str, str] = {}  # "serve", "new post" -> its synopsis, continuation lines too
    for line in synopsis.splitlines():
        if line.startswith("blogforge "):
            words = line.split()
            name = " ".join(words[1:3]) if words[1] == "new" else words[1]
            lines[name] = line
        elif line.startswith(" "):
            lines[name] += line
    commands = _subcommands(make_parser(VERSION))
    parsers = {name: parser for name, parser in commands.items() if name != "new"}
    parsers.update({f"new {kind}": parser
                    for kind, parser in _subcommands(commands["new"]).items()})
    missing = {name: [option for action in parser._actions for option in action.option_strings
                      if option.startswith("--") and option != "--help"
                      and option not in lines.get(name, "")]
               for name, parser in parsers.items()}
    assert {name: options for name, options in missing.items() if options} == {}
