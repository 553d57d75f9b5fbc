"""`blogforge deploy` into a local bare repository: the branch holds the site, history is kept,
and the user's branch, index and working tree are never touched."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Site, stopped_while_rendering

from blogforge.cli import main

IDENTITY = {"user.name": "Writer", "user.email": "writer@example.com"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Site:
    """A committed site with a custom domain, and `origin`, a bare repository beside it."""
    site = Site(tmp_path / "blog")
    site.write("site.yaml", "title: 笔记\nbase_url: https://blog.example.com/\n"
                            "cname: blog.example.com\n")
    site.post("a.md", "第一篇", body="正文。\n")
    site.write(".gitignore", "public/\n.blogforge-cache/\n")
    committed_with_origin(site, tmp_path)
    return site


def committed_with_origin(site: Site, tmp_path: Path) -> None:
    """The site as a git repository with its first commit, and `origin`, a bare repository
    beside it."""
    git(tmp_path, "init", "-q", "--bare", "remote.git")
    git(site.root, "init", "-q", "-b", "main")
    for key, value in IDENTITY.items():
        git(site.root, "config", key, value)
    git(site.root, "remote", "add", "origin", str(tmp_path / "remote.git"))
    commit(site, "first")


def commit(site: Site, message: str) -> None:
    git(site.root, "add", "-A")
    git(site.root, "commit", "-q", "-m", message)


def deploy(site: Site, *args: str) -> int:
    return main(["deploy", "--source", str(site.root), *args])


def remote(site: Site) -> Path:
    return site.root.parent / "remote.git"


def snapshot(site: Site) -> tuple[str, str, str, bytes, str]:
    """The user's side: current branch and commit, index entries and file, status (the build's
    own cache, .blogforge-cache/, is ignored like after any build)."""
    return (git(site.root, "symbolic-ref", "HEAD"), git(site.root, "rev-parse", "HEAD"),
            git(site.root, "ls-files", "-s"), (site.root / ".git/index").read_bytes(),
            git(site.root, "status", "--porcelain", "--untracked-files=all"))


def test_first_deploy_creates_the_branch_with_the_site(repo, capsys):
    before = snapshot(repo)
    assert deploy(repo) == 0
    out = capsys.readouterr().out
    assert "committed" in out and "pushed gh-pages to origin" in out
    files = git(remote(repo), "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert {"index.html", "posts/a/index.html", ".nojekyll", "CNAME", "atom.xml"} <= set(files)
    assert ".blogforge-output" not in files and "content/posts/a.md" not in files
    assert git(remote(repo), "show", "gh-pages:CNAME") == "blog.example.com"
    assert "第一篇" in git(remote(repo), "show", "gh-pages:posts/a/index.html")
    head = git(repo.root, "rev-parse", "HEAD")
    assert f"Source-Commit: {head}" in git(remote(repo), "log", "-1", "--format=%B", "gh-pages")
    assert snapshot(repo) == before  # branch, index and working tree untouched
    assert not repo.output.exists()  # built in a temporary folder


def test_second_deploy_adds_exactly_one_commit_and_says_what_changed(repo, capsys):
    assert deploy(repo) == 0
    first = git(remote(repo), "rev-parse", "gh-pages")
    repo.post("b.md", "第二篇", body="更多。\n")
    commit(repo, "second post")
    before = snapshot(repo)
    capsys.readouterr()
    assert deploy(repo, "--message", "Add the second post") == 0
    out = capsys.readouterr().out
    assert "added" in out and "A posts/b/index.html" in out and "M index.html" in out
    assert git(remote(repo), "rev-list", "--count", "gh-pages") == "2"
    assert git(remote(repo), "rev-parse", "gh-pages^") == first
    assert git(remote(repo), "log", "-1", "--format=%s", "gh-pages") == "Add the second post"
    assert snapshot(repo) == before


def test_an_unchanged_site_makes_no_commit(repo, capsys):
    assert deploy(repo) == 0
    assert deploy(repo) == 0
    assert "nothing to commit" in capsys.readouterr().out
    assert git(remote(repo), "rev-list", "--count", "gh-pages") == "1"


def test_a_deploy_after_another_renders_only_what_changed(repo, capsys, monkeypatch):
    """Each deploy built into a new temporary folder: it rendered every page (15-21 s at 1,000
    posts, where `build` took 0.5 s), and the build cache kept a spare copy of the whole site
    for each of those folders, long gone (578 MB after three deploys)."""
    from blogforge import output

    monkeypatch.setattr(output, "SPARE_MIN_FILES", 1)  # (a first build leaves a spare)
    assert deploy(repo) == 0
    repo.post("a.md", "第一篇", body="改过的正文。\n")
    commit(repo, "edit a")
    capsys.readouterr()
    assert deploy(repo) == 0
    out = capsys.readouterr().out
    rendered, unchanged = map(int, re.search(r"(\d+) rendered, (\d+) unchanged", out).groups())
    assert unchanged > rendered > 0, out
    assert "M posts/a/index.html" in out
    # a file that is no page of the site, in the folder deploys build in, is not published
    folder = repo.root / ".blogforge-cache/deploy/site"
    (folder / "posts/stray.html").write_text("not built")
    assert deploy(repo) == 0
    out = capsys.readouterr().out
    assert re.search(r"^built \d+ pages \(1 post; nothing changed\)", out, re.MULTILINE), out
    assert "nothing to commit" in out
    assert "stray.html" not in git(remote(repo), "ls-tree", "-r", "--name-only", "gh-pages")
    spares = [path.name for path in (repo.root / ".blogforge-cache").glob("spare-*")
              if ".removed-" not in path.name]
    assert len(spares) <= 1, spares  # (the folder's own: one, however many deploys)


@pytest.mark.parametrize("held", [".blogforge-cache", ".blogforge-cache/deploy"])
def test_refuses_while_another_build_or_deploy_of_the_site_runs(repo, capsys, held):
    """It said "build failed with 1 error; /tmp/blogforge-deploy-…/site was left as it was"
    (a folder gone already) and "build again"."""
    from blogforge.cache import BuildLock

    lock = BuildLock(repo.root / held)  # (what a running build, or deploy, holds)
    try:
        assert deploy(repo) == 1
    finally:
        lock.release()
    out, err = capsys.readouterr()
    assert err == ("error: another blogforge build or deploy of this site is running: deploy "
                   "again when it ends\n")
    assert "built" not in out
    assert git(remote(repo), "branch", "--list") == ""
    assert deploy(repo) == 0  # (and the lock it took is let go)


def test_a_link_planted_in_the_cache_is_said_as_such_not_as_a_deploy_running(repo, capsys,
                                                                             tmp_path):
    """A cache folder that is a link stops a deploy as it stops a build, naming it (it said
    another build or deploy was running, and no deploy would ever run)."""
    victim = tmp_path / "elsewhere"
    victim.mkdir()
    (repo.root / ".blogforge-cache").symlink_to(victim)
    assert deploy(repo) == 1
    err = capsys.readouterr().err
    assert "is a symbolic link" in err and "is running" not in err
    assert list(victim.iterdir()) == [] and git(remote(repo), "branch", "--list") == ""


def test_says_when_the_sources_are_on_no_branch(repo, capsys):
    """From a detached HEAD (a CI checkout of a commit) nothing was said."""
    head = git(repo.root, "rev-parse", "HEAD")
    git(repo.root, "checkout", "-q", "--detach")
    assert deploy(repo) == 0
    assert (f"the sources are on no branch (a detached HEAD at {head[:10]}): the deploy's commit "
            "names that source commit\n") in capsys.readouterr().out
    assert (f"from {head} (no branch).\nSource-Commit: {head}"
            in git(remote(repo), "log", "-1", "--format=%B", "gh-pages"))
    git(repo.root, "checkout", "-q", "main")
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    assert deploy(repo) == 0
    assert "no branch" not in capsys.readouterr().out
    assert "(main).\n" in git(remote(repo), "log", "-1", "--format=%B", "gh-pages")


@pytest.mark.parametrize("given, said", [
    ("/tmp/pages.git", "--remote takes a remote's name, and /tmp/pages.git is a URL or a path: "
     "add it with `git remote add NAME /tmp/pages.git` and pass --remote NAME, or commit "
     "locally with --no-push"),
    ("https://github.com/writer/blog.git", "--remote takes a remote's name, and "
     "https://github.com/writer/blog.git is a URL or a path: add it with `git remote add NAME "
     "https://github.com/writer/blog.git`"),
    ("git@github.com:writer/blog.git", "--remote takes a remote's name, and "
     "git@github.com:writer/blog.git is a URL or a path"),
    ("bad remote", "--remote 'bad remote' is not a name git takes for a remote: pass the name "
     "of one (git remote -v lists them), or commit locally with --no-push"),
    ("upstream", "no remote upstream: add it (git remote add upstream URL)"),
])
def test_says_what_to_do_about_a_remote_it_does_not_know(repo, capsys, given, said):
    """A URL or a path got the hint `git remote add /tmp/x.git URL`; a name with a space was
    printed as it was, unquoted."""
    assert deploy(repo, "--remote", given) == 1
    assert f"error: {said}" in capsys.readouterr().err
    assert git(repo.root, "branch", "--list", "gh-pages") == ""


def test_ends_with_where_the_site_is_published(repo, capsys):
    """Deploy never said where the site would be (mkdocs gh-deploy: "should shortly be
    available at …")."""
    assert deploy(repo) == 0
    assert capsys.readouterr().out.endswith(
        "pushed gh-pages to origin; the site should shortly be available at "
        "https://blog.example.com/\n")
    repo.write("site.yaml", "title: 笔记\nbase_url: https://writer.github.io/blog/\n")
    commit(repo, "no custom domain")
    assert deploy(repo) == 0
    assert capsys.readouterr().out.endswith(
        "the site should shortly be available at https://writer.github.io/blog/\n")
    assert deploy(repo) == 0
    assert capsys.readouterr().out.endswith(
        "nothing to commit\nthe site is at https://writer.github.io/blog/\n")


def test_removed_pages_leave_the_branch(repo, capsys):
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    assert deploy(repo) == 0
    (repo.root / "content/posts/b.md").unlink()
    commit(repo, "drop b")
    capsys.readouterr()
    assert deploy(repo) == 0
    assert "D posts/b/index.html" in capsys.readouterr().out
    files = git(remote(repo), "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert "posts/b/index.html" not in files


def test_refuses_uncommitted_changes_unless_allowed(repo, capsys):
    (repo.root / "content/posts/a.md").write_text("---\ntitle: 改过\n---\n未提交。\n")
    assert deploy(repo) == 1
    err = capsys.readouterr().err
    assert "uncommitted changes" in err and "content/posts/a.md" in err
    assert git(remote(repo), "branch", "--list") == ""  # nothing was pushed
    assert deploy(repo, "--allow-dirty") == 0
    assert "with uncommitted changes" in git(remote(repo), "log", "-1", "--format=%B", "gh-pages")


def test_what_editors_and_file_managers_leave_is_no_uncommitted_change(repo, capsys):
    """Deploy refused over `.DS_Store` and vim's swap file, and said to commit them: the build
    neither reads nor publishes them, so the site is the commit's all the same."""
    for name in ("content/.DS_Store", "content/posts/.a.md.swp", "content/posts/a.md~",
                 "static/Thumbs.db", "content/posts/._a.md", "content/posts/#a.md#",
                 "site.yaml.orig"):
        repo.write(name, "x")
    assert deploy(repo) == 0
    assert "uncommitted" not in git(remote(repo), "log", "-1", "--format=%B", "gh-pages")
    files = git(remote(repo), "ls-tree", "-r", "--name-only", "gh-pages")
    assert ".DS_Store" not in files and ".swp" not in files
    # a file of the site beside them is still one to commit, named alone
    repo.write("content/posts/b.md", "---\ntitle: B\n---\n")
    capsys.readouterr()
    assert deploy(repo) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the site has uncommitted changes:\n  ?? content/posts/b.md\n"
                          "commit them first"), err


def test_refuses_files_it_would_publish_that_git_ignores_unless_allowed(repo, capsys):
    """The .gitignore's `public/` matched content/posts/b/public/chart.png: the deploy
    published it, and its Source-Commit named sources without it."""
    repo.post("b/index.md", "图表", body="![](public/chart.png)\n")
    repo.write("content/posts/b/public/chart.png", raw=b"\x89PNG")
    # a draft kept out of git on purpose is published by no deploy: no reason to stop
    repo.write(".gitignore", "public/\n.blogforge-cache/\n*.private.md\n")
    repo.post("notes.private.md", "私密", draft="true")
    commit(repo, "b")
    assert deploy(repo) == 1
    err = capsys.readouterr().err
    assert err.endswith("error: the site would publish files git ignores, which no commit holds:\n"
                   "  content/posts/b/public/chart.png\n"
                   "commit them first (git add -f PATH; `git check-ignore -v PATH` names the "
                   ".gitignore line that hides it, which may be meant for another folder), or "
                   "pass --allow-dirty\n"), err
    assert git(remote(repo), "branch", "--list") == ""
    assert deploy(repo, "--allow-dirty") == 0
    assert "with files git ignores." in git(remote(repo), "log", "-1", "--format=%B", "gh-pages")
    assert "posts/b/public/chart.png" in git(remote(repo), "ls-tree", "-r", "--name-only",
                                             "gh-pages")
    git(repo.root, "add", "-f", "content/posts/b/public/chart.png")
    commit(repo, "the chart")
    assert deploy(repo) == 0


def test_names_a_renamed_file_once_among_the_uncommitted_changes(repo, capsys):
    """(git status -z gives a rename's old name after the new one: not a change of its own)"""
    git(repo.root, "mv", "content/posts/a.md", "content/posts/b.md")
    assert deploy(repo) == 1
    assert ("error: the site has uncommitted changes:\n  R  content/posts/b.md\ncommit them "
            "first") in capsys.readouterr().err


def someone_else_deployed(site: Site, tmp_path: Path) -> str:
    """A first deploy from `site`, then a commit on top of it pushed from another clone: that
    commit."""
    assert deploy(site) == 0
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", "-b", "gh-pages", str(remote(site)), str(other))
    (other / "extra.html").write_text("someone else's deploy")
    git(other, "add", "-A")
    git(other, "-c", "user.name=O", "-c", "user.email=o@e", "commit", "-q", "-m", "other")
    git(other, "push", "-q", "origin", "gh-pages")
    return git(remote(site), "rev-parse", "gh-pages")


def test_refuses_a_remote_branch_with_commits_it_does_not_have(repo, tmp_path, capsys):
    theirs = someone_else_deployed(repo, tmp_path)
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    capsys.readouterr()
    assert deploy(repo) == 1
    assert "has commits this repository does not have" in capsys.readouterr().err
    assert git(remote(repo), "rev-parse", "gh-pages") == theirs
    # after fetching them, the deploy goes on top, keeping the other commit
    git(repo.root, "fetch", "-q", "origin", "gh-pages:gh-pages")
    assert deploy(repo) == 0
    assert git(remote(repo), "rev-parse", "gh-pages^") == theirs


def advised(said: str) -> list[str]:
    """The git commands a message tells the user to run, as written between backticks."""
    return [command.split()[1:] for command in re.findall(r"`(git [^`]*)`", said)]


@pytest.mark.parametrize("fetched", [False, True])  # (theirs unknown here, or fetched)
def test_the_git_command_it_advises_works_when_deploys_went_two_ways(repo, tmp_path, capsys,
                                                                       fetched):
    """A deploy not pushed yet here, another deploy there: the advice (`git fetch origin
    gh-pages:gh-pages`) failed as a non-fast-forward, and "reconcile them" said nothing."""
    theirs = someone_else_deployed(repo, tmp_path)
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    assert deploy(repo, "--no-push") == 0  # (one of ours, not pushed)
    if fetched:
        git(repo.root, "fetch", "-q", "origin")
    capsys.readouterr()
    assert deploy(repo) == 1
    said = capsys.readouterr().err
    assert ("both moved on" in said) == fetched, said
    (command,) = advised(said)
    git(repo.root, *command)
    assert deploy(repo) == 0
    assert git(remote(repo), "rev-parse", "gh-pages^") == theirs
    assert "第二篇" in git(remote(repo), "show", "gh-pages:posts/b/index.html")


def test_refuses_to_put_back_a_site_built_from_older_sources_unless_allowed(repo, capsys):
    """From a clone not pulled for a while, the deploy put the site of its older sources on
    the branch without a word: the posts published since were gone from the live site."""
    old = git(repo.root, "rev-parse", "HEAD")
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    new = git(repo.root, "rev-parse", "HEAD")
    assert deploy(repo) == 0
    live = git(remote(repo), "rev-parse", "gh-pages")
    git(repo.root, "checkout", "-q", "-b", "stale", old)  # (as a clone left at `old` is)
    capsys.readouterr()
    for force in ([], ["--force"]):  # (--force replaces the branch's history, no more)
        assert deploy(repo, *force) == 1
        assert capsys.readouterr().err == (
            f"error: the live site was built from {new[:10]}, which your sources ({old[:10]}) "
            "do not contain: pull first (git pull), or pass --allow-older to publish this "
            "state (if you amended or squashed that commit since, this is it)\n")
        assert git(remote(repo), "rev-parse", "gh-pages") == live
    assert deploy(repo, "--allow-older") == 0
    assert "posts/b/index.html" not in git(remote(repo), "ls-tree", "-r", "--name-only",
                                           "gh-pages")
    # the same sources again, or newer ones: as ever
    git(repo.root, "checkout", "-q", "main")
    assert deploy(repo) == 0 and deploy(repo) == 0
    assert "nothing to commit" in capsys.readouterr().out


def test_a_deployed_commit_rebased_since_is_no_older_site(repo, capsys):
    """Deployed, then `git pull --rebase` put a co-author's commit under it: the deploy
    refused ("your sources do not contain" the deployed commit) and advised to pull, done."""
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    mine = git(repo.root, "rev-parse", "HEAD")
    assert deploy(repo) == 0
    git(repo.root, "reset", "-q", "--hard", "HEAD~1")  # (as a rebase onto theirs does)
    repo.post("c.md", "第三篇")
    commit(repo, "c")
    git(repo.root, "cherry-pick", mine)
    capsys.readouterr()
    assert deploy(repo) == 0, capsys.readouterr().err
    assert "第三篇" in git(remote(repo), "show", "gh-pages:posts/c/index.html")


def test_says_when_the_live_site_was_built_from_a_commit_this_clone_has_not_fetched(
        repo, tmp_path, capsys):
    """Someone deployed from another clone; here their gh-pages was fetched (as the deploy
    advises) but not their sources: the deploy would have dropped their new post."""
    git(repo.root, "push", "-q", "origin", "main")
    assert deploy(repo) == 0
    other = Site(tmp_path / "other")
    git(tmp_path, "clone", "-q", "-b", "main", str(remote(repo)), str(other.root))
    for key, value in IDENTITY.items():
        git(other.root, "config", key, value)
    other.post("c.md", "第三篇")
    commit(other, "c")
    git(other.root, "push", "-q", "origin", "main")
    theirs = git(other.root, "rev-parse", "HEAD")
    assert deploy(other) == 0
    git(repo.root, "fetch", "-q", "origin", "+gh-pages:gh-pages")
    capsys.readouterr()
    assert deploy(repo) == 1
    ours = git(repo.root, "rev-parse", "HEAD")
    assert capsys.readouterr().err == (
        f"error: the live site was built from {theirs[:10]}, a commit this clone does not have "
        f"(it was not fetched here), so your sources ({ours[:10]}) may lack what it published: "
        "pull first (git pull), or pass --allow-older to publish your sources in its place\n")
    git(repo.root, "pull", "-q", "origin", "main")
    assert deploy(repo) == 0
    assert "第三篇" in git(remote(repo), "show", "gh-pages:posts/c/index.html")


def test_after_a_forced_commit_not_pushed_it_advises_a_forced_push(repo, capsys):
    assert deploy(repo) == 0
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    capsys.readouterr()
    assert deploy(repo, "--force", "--no-push") == 0
    (command,) = advised(capsys.readouterr().out)
    git(repo.root, *command)
    assert git(remote(repo), "rev-list", "--count", "gh-pages") == "1"


def test_force_starts_a_new_history(repo, tmp_path):
    assert deploy(repo) == 0
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    assert deploy(repo, "--force") == 0
    assert git(remote(repo), "rev-list", "--count", "gh-pages") == "1"


def test_refuses_when_the_build_fails(repo, capsys):
    repo.write("content/posts/bad.md", "---\ntitle: [\n---\n")
    commit(repo, "broken")
    assert deploy(repo) == 1
    err = capsys.readouterr().err
    assert "content/posts/bad.md:" in err and "nothing was deployed" in err
    assert git(remote(repo), "branch", "--list") == ""


def test_refuses_to_publish_a_site_without_katexs_files(repo, tmp_path, capsys, monkeypatch):
    """Deployed from a computer without KaTeX's stylesheet and fonts while npm was out of
    reach, the build warned and the deploy went on: the live site lost katex/, every formula
    shown as MathML."""
    repo.post("m.md", "公式", body="$w_i x$\n")
    commit(repo, "math")
    assert deploy(repo) == 0
    live = git(remote(repo), "rev-parse", "gh-pages")
    assert "katex/" in git(remote(repo), "ls-tree", "-r", "--name-only", "gh-pages")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "http://127.0.0.1:9/")  # refuses at once
    repo.post("n.md", "又一个", body="$b_i$\n")
    commit(repo, "more math")
    capsys.readouterr()
    assert deploy(repo) == 1
    err = capsys.readouterr().err
    assert "warning: KaTeX's stylesheet and fonts" in err  # (the build's, saying why)
    assert err.endswith(
        "error: KaTeX's stylesheet and fonts could not be had (see the warning above): deployed "
        "so, the live site would lose its katex/ folder and show every formula as MathML; "
        "nothing was deployed: deploy again with access to the npm registry (the files are "
        "then kept on this computer), or set `math.assets: cdn` in site.yaml\n"), err
    assert git(remote(repo), "rev-parse", "gh-pages") == live
    # a site that links KaTeX's stylesheet from a CDN needs no file of it
    repo.write("site.yaml", (repo.root / "site.yaml").read_text() + "math:\n  assets: cdn\n")
    commit(repo, "cdn")
    assert deploy(repo) == 0
    assert "katex.min.css" in git(remote(repo), "show", "gh-pages:posts/n/index.html")



def test_refuses_to_publish_a_site_without_mermaids_script(repo, tmp_path, capsys, monkeypatch):
    """As without KaTeX's files: deployed from a computer without Mermaid's script while npm
    was out of reach, the live site would lose mermaid/ and show its diagrams as source."""
    repo.post("d.md", "图", body="```mermaid\ngraph TD; A-->B\n```\n")
    commit(repo, "diagram")
    assert deploy(repo) == 0
    live = git(remote(repo), "rev-parse", "gh-pages")
    assert "mermaid/" in git(remote(repo), "ls-tree", "-r", "--name-only", "gh-pages")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "http://127.0.0.1:9/")  # refuses at once
    repo.post("e.md", "又一张图", body="```mermaid\ngraph TD; C-->D\n```\n")
    commit(repo, "another diagram")
    capsys.readouterr()
    assert deploy(repo) == 1
    err = capsys.readouterr().err
    assert "warning: Mermaid's script (mermaid 12.3.0) is not available" in err
    assert err.endswith(
        "error: Mermaid's script could not be had (see the warning above): deployed so, the "
        "live site would lose its mermaid/ folder and show every diagram as its source; nothing "
        "was deployed: deploy again with access to the npm registry (the files are then kept "
        "on this computer), or set `diagrams: {mermaid: false}` in site.yaml\n"), err
    assert git(remote(repo), "rev-parse", "gh-pages") == live
    # a site that draws no diagrams needs no file of Mermaid's
    repo.write("site.yaml", (repo.root / "site.yaml").read_text() + "diagrams:\n  mermaid: false\n")
    commit(repo, "no diagrams")
    assert deploy(repo) == 0


def test_refuses_outside_a_git_repository(tmp_path, capsys):
    site = Site(tmp_path / "plain")
    site.post("a.md", "A")
    assert deploy(site) == 1
    assert "not in a git repository" in capsys.readouterr().err


def test_no_push_commits_locally_and_deploys_a_given_output(repo, capsys):
    assert main(["build", "--source", str(repo.root)]) == 0
    # (a page left open in vim, a folder shown in Finder: their files are no part of the site)
    (repo.output / ".index.html.swp").write_bytes(b"\0")
    (repo.output / "posts/.DS_Store").write_bytes(b"\0")
    before = snapshot(repo)
    assert deploy(repo, "--no-push", "--output", str(repo.output), "--branch", "site") == 0
    assert "not pushed" in capsys.readouterr().out
    files = git(repo.root, "ls-tree", "-r", "--name-only", "site").splitlines()
    assert "index.html" in files and "CNAME" in files and ".nojekyll" in files
    assert ".index.html.swp" not in files and "posts/.DS_Store" not in files
    assert git(remote(repo), "branch", "--list") == ""
    assert snapshot(repo) == before


def test_file_counts_have_the_thousands_separator(repo, capsys):
    """`1234 files` read as a year beside every other summary's `1,234 files`."""
    for n in range(1200):
        repo.write(f"static/notes/n{n}.txt", f"{n}\n")
    commit(repo, "notes")
    assert deploy(repo) == 0
    first = capsys.readouterr().out
    assert re.search(r": 1,2\d\d files \(a new history\)", first), first
    for n in range(1200, 2400):
        repo.write(f"static/notes/n{n}.txt", f"{n}\n")
    commit(repo, "more notes")
    assert deploy(repo) == 0
    assert ": 1,200 files: 1,200 added" in capsys.readouterr().out


def test_a_file_whose_type_changed_counts_among_the_changed_ones():
    """git says "T" for a file that became a link (a branch another tool made): still one
    count of changed files, not "2 changed, 1 changed"."""
    from blogforge.commands.deploy import _changes

    class Git:
        def out(self, *args: str) -> str:
            return "M\tindex.html\nM\tposts/a/index.html\nT\tlogo.png\nA\tnew.html\n"

    summary = _changes(Git(), "parent", "commit")  # type: ignore[arg-type]
    assert summary.splitlines()[0] == "4 files: 1 added, 3 changed"


def test_refuses_the_placeholder_user_name_of_a_new_site(tmp_path, capsys):
    """`blogforge new site` writes https://USER.github.io/blog/; published as it is, every
    canonical link, feed and sitemap would name USER.github.io."""
    assert main(["new", "site", str(tmp_path / "blog")]) == 0
    site = Site(tmp_path / "blog")
    committed_with_origin(site, tmp_path)
    capsys.readouterr()
    assert deploy(site) == 1
    line = next(n for n, text in enumerate((site.root / "site.yaml").read_text().splitlines(), 1)
                if text.startswith("base_url:"))
    assert (f"error: {site.root / 'site.yaml'}:{line}: base_url `https://USER.github.io/blog/` "
            "still holds USER") in capsys.readouterr().err
    assert git(remote(site), "branch", "--list") == ""
    # the address given on the command line is the one published
    assert deploy(site, "--base-url", "https://writer.github.io/blog/") == 0
    assert "https://writer.github.io/blog/" in git(remote(site), "show", "gh-pages:index.html")


def test_refuses_a_cname_beside_a_base_url_under_a_sub_path(repo, capsys):
    """With cname, GitHub Pages serves the site at the domain's root: links under /repo/
    would all break there."""
    repo.write("site.yaml", "title: 笔记\nbase_url: https://writer.github.io/repo/\n"
                            "cname: blog.example.com\n")
    commit(repo, "cname")
    assert deploy(repo) == 1
    err = capsys.readouterr().err
    assert (f"error: {repo.root / 'site.yaml'}:3: cname `blog.example.com` publishes the site "
            "at https://blog.example.com/, but base_url is `https://writer.github.io/repo/`: "
            "every link would start with /repo/, which is not there; set base_url to "
            "https://blog.example.com/") in err
    assert git(remote(repo), "branch", "--list") == ""


def test_refuses_a_cname_on_another_host_than_base_url(repo, capsys):
    """GitHub redirects readers from the old host, but every canonical link, hreflang, feed
    and sitemap named it: the deploy committed that without a word."""
    repo.write("site.yaml", "title: 笔记\nbase_url: https://old-domain.example.org/\n"
                            "cname: blog.example.com\n")
    commit(repo, "a new domain")
    assert deploy(repo) == 1
    assert (f"error: {repo.root / 'site.yaml'}:3: cname `blog.example.com` publishes the site "
            "at https://blog.example.com/, but base_url is `https://old-domain.example.org/`: "
            "every canonical link, hreflang, feed and sitemap would name old-domain.example.org, "
            "not blog.example.com; set base_url to https://blog.example.com/ (or remove the "
            "custom domain to publish at https://old-domain.example.org/)\n"
            ) in capsys.readouterr().err
    assert deploy(repo, "--base-url", "https://writer.github.io/") == 1
    assert ("but --base-url is `https://writer.github.io/`: every canonical link, hreflang, "
            "feed and sitemap would name writer.github.io, not blog.example.com; pass "
            "--base-url https://blog.example.com/ (or") in capsys.readouterr().err
    assert git(remote(repo), "branch", "--list") == ""
    # the domain's own host, in capitals, is the same host
    assert deploy(repo, "--base-url", "https://Blog.Example.com/") == 0


def test_refuses_before_building_when_git_knows_no_author(repo, capsys, monkeypatch):
    """On a new machine the deploy built the whole site, then printed git's own 'Author
    identity unknown' under 'git commit-tree failed'."""
    without_identity(repo, monkeypatch)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert deploy(repo) == 1
    out, err = capsys.readouterr()
    assert err == ("error: git does not know who you are, and the deploy's commit needs an "
                   "author: git config --global user.name \"Your Name\" and git config --global "
                   "user.email you@example.com (without --global: for this repository only)\n")
    assert "built" not in out
    assert git(remote(repo), "branch", "--list") == ""


def without_identity(site: Site, monkeypatch) -> None:
    """git knowing no author in `site`, as on a new machine or a CI runner (which would guess
    an address from its host name, which has no domain: refused, as useConfigOnly does)."""
    for key in IDENTITY:  # (a clone has none of its own)
        subprocess.run(["git", "config", "--unset", key], cwd=site.root, check=False)
    git(site.root, "config", "user.useConfigOnly", "true")  # (no guess from the host name)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("EMAIL", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                 "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)


def ci_checkout(site: Site, tmp_path: Path, monkeypatch) -> Site:
    """What a GitHub Actions job deploys from: actions/checkout's clone of the pushed branch
    (`--depth 1`, that branch alone: no gh-pages), with no git identity, GITHUB_ACTIONS set."""
    git(site.root, "push", "-q", "origin", "main")
    clone = Site(tmp_path / "ci")
    git(tmp_path, "clone", "-q", "--depth", "1", "-b", "main", f"file://{remote(site)}",
        str(clone.root))
    without_identity(clone, monkeypatch)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    return clone


def test_in_github_actions_without_an_identity_the_actions_bot_commits(repo, tmp_path, capsys,
                                                                        monkeypatch):
    """A deploy in a workflow stopped at "git does not know who you are": a runner has no
    user.name, and the writer who edits on github.com has no `git config` to run."""
    ci = ci_checkout(repo, tmp_path, monkeypatch)
    assert deploy(ci) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert ("note: git knows no author in this GitHub Actions job: the deploy's commit is made "
            "by github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"
            ) in out
    assert git(remote(repo), "log", "-1", "--format=%an <%ae> / %cn", "gh-pages") == (
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com> / "
        "github-actions[bot]")


def test_a_ci_checkout_without_the_branch_fetches_it_and_deploys_on_top(repo, tmp_path,
                                                                         capsys, monkeypatch):
    """actions/checkout fetches the pushed branch alone: the deploy said "origin/gh-pages has
    commits this repository does not have (someone or something else deployed)" — nobody had."""
    git(repo.root, "push", "-q", "origin", "main")
    assert deploy(repo) == 0
    live = git(remote(repo), "rev-parse", "gh-pages")
    ci = ci_checkout(repo, tmp_path, monkeypatch)
    ci.post("b.md", "第二篇")  # (as if the push had brought it)
    git(ci.root, "add", "-A")
    git(ci.root, "-c", "user.name=W", "-c", "user.email=w@e", "commit", "-q", "-m", "b")
    capsys.readouterr()
    assert deploy(ci) == 0, capsys.readouterr().err
    assert "fetched `gh-pages` from origin (this clone did not have it)" in \
        capsys.readouterr().out
    assert git(remote(repo), "rev-parse", "gh-pages^") == live
    assert "第二篇" in git(remote(repo), "show", "gh-pages:posts/b/index.html")


def test_a_shallow_ci_checkout_fetches_its_history_to_find_the_live_sites_sources(
        repo, tmp_path, capsys, monkeypatch):
    """The live site was built from the commit before the one pushed, which a `--depth 1`
    checkout does not have: the deploy said "a commit this clone does not have … pull first
    (git pull), or pass --allow-older", and a CI checkout cannot pull."""
    git(repo.root, "push", "-q", "origin", "main")
    assert deploy(repo) == 0
    live = git(remote(repo), "rev-parse", "gh-pages")
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    ci = ci_checkout(repo, tmp_path, monkeypatch)  # (of "b": the deployed commit left out)
    capsys.readouterr()
    assert deploy(ci) == 0, capsys.readouterr().err
    assert "this clone was shallow (a CI checkout's `fetch-depth: 1`?): fetched the history of " \
        "your sources" in capsys.readouterr().out
    assert git(ci.root, "rev-parse", "--is-shallow-repository") == "false"
    assert git(remote(repo), "rev-parse", "gh-pages^") == live
    assert "第二篇" in git(remote(repo), "show", "gh-pages:posts/b/index.html")


def test_a_shallow_ci_checkout_that_cannot_fetch_its_history_says_to_fetch_it_all(
        repo, tmp_path, capsys, monkeypatch):
    from blogforge.commands import deploy as deploy_command

    git(repo.root, "push", "-q", "origin", "main")
    assert deploy(repo) == 0
    deployed = git(repo.root, "rev-parse", "HEAD")
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    ci = ci_checkout(repo, tmp_path, monkeypatch)
    run_git = deploy_command._Git.__call__

    def offline(self, *args, **kwargs):  # (the remote out of reach for that fetch)
        if "--unshallow" in args:
            return subprocess.CompletedProcess(args, 128, "", "fatal: unable to access")
        return run_git(self, *args, **kwargs)

    monkeypatch.setattr(deploy_command._Git, "__call__", offline)
    capsys.readouterr()
    assert deploy(ci) == 1
    assert capsys.readouterr().err == (
        f"error: the live site was built from {deployed[:10]}, and this clone is shallow (a CI "
        "checkout's `fetch-depth: 1`?), so whether your sources contain that commit cannot be "
        "told, and fetching their history from origin failed (fatal: unable to access): set "
        "`fetch-depth: 0` in the workflow's actions/checkout step (or run `git fetch "
        "--unshallow`) and deploy again; --allow-older would publish your sources in its place "
        "unchecked\n")


def test_a_shallow_ci_checkout_still_refuses_a_branch_of_sources(repo, tmp_path, capsys,
                                                                 monkeypatch):
    """The branch fetched at its last commit alone, a checkout of one commit could not see
    that it shares history with the sources: the deploy would have put the site on top of a
    branch of sources. A branch whose last commit is no deploy is fetched whole, with the
    sources' history, and judged as in any clone."""
    git(repo.root, "checkout", "-q", "-b", "dev")
    repo.post("draft.md", "草稿")
    commit(repo, "dev work")
    git(repo.root, "push", "-q", "origin", "dev")
    git(repo.root, "checkout", "-q", "main")
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    ci = ci_checkout(repo, tmp_path, monkeypatch)
    dev = git(remote(repo), "rev-parse", "dev")
    capsys.readouterr()
    assert deploy(ci, "--branch", "dev") == 1
    assert "`dev` shares history with your sources and its last commit" in \
        capsys.readouterr().err
    assert git(remote(repo), "rev-parse", "dev") == dev


def readme_deploy_workflow() -> dict:
    """The README's workflow that deploys from GitHub Actions, as YAML."""
    import yaml
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (block,) = [text for text in re.findall(r"^```yaml\n(.*?)^```", readme, re.S | re.M)
                if "blogforge deploy" in text]
    return yaml.safe_load(block)


def test_the_readmes_deploy_workflow_publishes_from_a_github_actions_checkout(
        repo, tmp_path, capsys, monkeypatch):
    """The README's recipe as the runner takes it: leave to push, the checkout with the
    history it asks for, the deploy command as written, no git identity."""
    import shlex

    workflow = readme_deploy_workflow()
    assert workflow["permissions"] == {"contents": "write"}  # (a push, with GITHUB_TOKEN)
    assert workflow[True]["push"] == {"branches": ["main"]}  # (YAML 1.1 reads `on` as true)
    steps = workflow["jobs"]["deploy"]["steps"]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert [path.rstrip("/") for path in cache["with"]["path"].split()] == [
        ".blogforge-cache", "~/.cache/blogforge"]
    (command,) = [step["run"] for step in steps if "blogforge" in step.get("run", "")]
    git(repo.root, "push", "-q", "origin", "main")
    assert deploy(repo) == 0  # (the live site, from the commit before the one pushed)
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    git(repo.root, "push", "-q", "origin", "main")
    ci = Site(tmp_path / "ci")  # (fetch-depth: 0: every branch, with all their history)
    git(tmp_path, "clone", "-q", "--no-local", "-b", "main", str(remote(repo)), str(ci.root))
    without_identity(ci, monkeypatch)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(ci.root)
    capsys.readouterr()
    assert main(shlex.split(command)[1:]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "fetched" not in out and "pushed gh-pages to origin" in out
    assert "第二篇" in git(remote(repo), "show", "gh-pages:posts/b/index.html")
    assert git(remote(repo), "log", "-1", "--format=%an", "gh-pages") == "github-actions[bot]"


def branch_state(site: Site, branch: str) -> tuple[str, str]:
    """`branch` here and on the remote (the remote's empty when it has no such branch)."""
    return (git(site.root, "rev-parse", branch),
            git(remote(site), "for-each-ref", "--format=%(objectname)", f"refs/heads/{branch}"))


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_refuses_to_deploy_onto_the_sources_branch(repo, capsys, force):
    """From a feature branch, `--branch main` put the built site on top of main, deleting
    every source; with --force, main became a single commit."""
    git(repo.root, "push", "-q", "origin", "main")
    git(repo.root, "switch", "-q", "-c", "feature")
    before = branch_state(repo, "main")
    assert deploy(repo, "--branch", "main", *force) == 1
    out, err = capsys.readouterr()
    assert "error: `main` holds your sources" in err and "--branch gh-pages" in err
    assert "committed" not in out and "built" not in out
    assert branch_state(repo, "main") == before


def test_refuses_the_branch_it_is_on_as_the_branch_of_the_sources(repo, capsys):
    """`--branch main` on main was told to "switch to your sources' branch first": main is
    that branch."""
    before = branch_state(repo, "main")
    assert deploy(repo, "--branch", "main") == 1
    out, err = capsys.readouterr()
    assert err == ("error: `main` is the branch you are on, which holds your sources: the "
                   "deploy would replace them with the built site; the deploy branch must be "
                   "one of its own (--branch gh-pages)\n")
    assert "built" not in out and branch_state(repo, "main") == before


def test_refuses_a_branch_that_shares_history_with_the_sources(repo, capsys):
    """A branch of sources that has moved on (not in HEAD's history) is refused too, while a
    gh-pages once branched off the sources, its last commit a deploy, is deployed to."""
    first = git(repo.root, "rev-parse", "HEAD")
    git(repo.root, "branch", "notes")
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    git(repo.root, "switch", "-q", "notes")
    repo.post("c.md", "第三篇")
    commit(repo, "c")
    git(repo.root, "switch", "-q", "main")
    before = git(repo.root, "rev-parse", "notes")
    assert deploy(repo, "--branch", "notes", "--no-push") == 1
    assert "error: `notes` shares history with your sources" in capsys.readouterr().err
    assert git(repo.root, "rev-parse", "notes") == before
    deployed = git(repo.root, "commit-tree", "-p", first, "-m",
                   f"Deploy by hand\n\nSource-Commit: {first}", f"{first}^{{tree}}")
    git(repo.root, "branch", "pages", deployed)
    assert deploy(repo, "--branch", "pages", "--no-push") == 0
    assert git(repo.root, "rev-parse", "pages^") == deployed


@pytest.mark.parametrize("branch, said", [
    ("HEAD", "`--branch HEAD` names the commit you are on, not a branch: name the branch the "
     "site goes to, such as --branch gh-pages"),
    ("refs/heads/gh-pages", "`--branch refs/heads/gh-pages` is a ref, and --branch takes a "
     "branch's name: write --branch gh-pages"),
    ("origin/gh-pages", "`--branch origin/gh-pages` starts with the name of the remote "
     "`origin`, and would shadow its branches: write --branch gh-pages (--remote origin says "
     "where it is pushed)"),
    ("-x", "`--branch -x` is not a name git takes for a branch (git check-ref-format --branch "
     "refuses it): choose another, such as --branch gh-pages"),
    ("@{-1}", "`--branch @{-1}` is not a name git takes"),
])
def test_refuses_a_branch_name_git_refuses_or_that_shadows_a_ref(repo, capsys, branch, said):
    """--branch HEAD made refs/heads/HEAD: every git command then warned "refname 'HEAD' is
    ambiguous", and the next deploy's push failed."""
    assert deploy(repo, f"--branch={branch}") == 1
    assert f"error: {said}" in capsys.readouterr().err
    assert git(repo.root, "for-each-ref", "refs/heads").count("refs/heads/") == 1  # main alone
    assert git(remote(repo), "branch", "--list") == ""


def test_refuses_a_branch_checked_out_in_another_worktree(repo, tmp_path, capsys):
    """A gh-pages checked out elsewhere was moved under that worktree, whose status then
    showed every file modified."""
    assert deploy(repo) == 0
    pages = tmp_path / "pages"
    git(repo.root, "worktree", "add", "-q", str(pages), "gh-pages")
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    before = branch_state(repo, "gh-pages")
    capsys.readouterr()
    assert deploy(repo) == 1
    assert f"error: `gh-pages` is checked out in the worktree {pages}:" in capsys.readouterr().err
    assert branch_state(repo, "gh-pages") == before
    assert git(pages, "status", "--porcelain") == ""


def test_refuses_a_cname_file_in_static_beside_a_base_url_under_a_sub_path(repo, capsys):
    """static/CNAME is published as it is: with it, every /repo/ link broke on the domain."""
    repo.write("site.yaml", "title: 笔记\nbase_url: https://writer.github.io/repo/\n")
    repo.write("static/CNAME", "blog.example.com\n")
    commit(repo, "a CNAME file")
    assert deploy(repo) == 1
    assert (f"error: {repo.root / 'static/CNAME'} `blog.example.com` publishes the site at "
            "https://blog.example.com/, but base_url is `https://writer.github.io/repo/`: every "
            "link would start with /repo/, which is not there; set base_url to "
            "https://blog.example.com/ (or remove the custom domain to publish at "
            "https://writer.github.io/repo/)\n") in capsys.readouterr().err
    assert git(remote(repo), "branch", "--list") == ""
    repo.write("site.yaml", "title: 笔记\nbase_url: https://blog.example.com/\n")
    commit(repo, "at the domain's root")
    assert deploy(repo) == 0
    assert git(remote(repo), "show", "gh-pages:CNAME") == "blog.example.com"


def test_a_cname_file_saved_with_a_bom_names_its_domain(repo, capsys):
    # Notepad saves "UTF-8" with a BOM: the domain read was "\ufeffblog.example.com", and the
    # build warned and deploy refused with two domains that looked the same
    repo.write("site.yaml", "title: 笔记\nbase_url: https://blog.example.com/\n")
    repo.write("static/CNAME", raw=b"\xef\xbb\xbfblog.example.com\r\n")
    commit(repo, "a CNAME file from Notepad")
    assert deploy(repo) == 0
    assert "blog.example.com" not in capsys.readouterr().err


def test_refuses_a_cname_of_the_base_urls_own_host_under_a_sub_path(repo, capsys):
    """On its custom domain the site is at the root, even when base_url names that domain."""
    repo.write("site.yaml", "title: 笔记\nbase_url: https://blog.example.com/notes/\n"
                            "cname: blog.example.com\n")
    commit(repo, "a sub-path")
    assert deploy(repo) == 1
    err = capsys.readouterr().err
    assert (f"error: {repo.root / 'site.yaml'}:3: cname `blog.example.com` publishes the site at "
            "https://blog.example.com/, but base_url is `https://blog.example.com/notes/`: every "
            "link would start with /notes/, which is not there; set base_url to "
            "https://blog.example.com/\n") in err
    assert git(remote(repo), "branch", "--list") == ""


def test_refuses_a_cname_file_that_names_another_domain_than_cname(repo, capsys):
    repo.write("static/CNAME", "www.example.org\n")
    commit(repo, "a second domain")
    assert deploy(repo) == 1
    assert (f"error: {repo.root / 'static/CNAME'} names `www.example.org` and "
            f"{repo.root / 'site.yaml'}:3: cname `blog.example.com`: which domain the site is "
            "at is unclear") in capsys.readouterr().err
    assert git(remote(repo), "branch", "--list") == ""


def another_tools_branch(site: Site, tmp_path: Path, files: dict[str, str]) -> None:
    """A gh-pages of `files` pushed to the remote by another tool (Hexo's deployer), and
    fetched here."""
    other = tmp_path / "hexo"
    git(tmp_path, "init", "-q", "-b", "gh-pages", str(other))
    for rel, text in files.items():
        (other / rel).parent.mkdir(parents=True, exist_ok=True)
        (other / rel).write_text(text)
    git(other, "add", "-A")
    git(other, "-c", "user.name=H", "-c", "user.email=h@e", "commit", "-q", "-m", "hexo")
    git(other, "push", "-q", str(remote(site)), "gh-pages")
    git(site.root, "fetch", "-q", "origin", "gh-pages:gh-pages")


def test_names_every_removed_file_another_tool_wrote(repo, tmp_path, capsys):
    """A Hexo-made branch's README and old posts were removed with only a count to show."""
    old_posts = {f"2019/p{n:02}/index.html": "old" for n in range(30)}
    another_tools_branch(repo, tmp_path, {"CNAME": "blog.example.com\n", "README.md": "hexo",
                                          **old_posts})
    assert deploy(repo) == 0
    out = capsys.readouterr().out
    assert "31 removed" in out and "  D README.md" not in out  # (too many to list them all)
    names = sorted(["README.md", *old_posts])
    assert ("removed from gh-pages 31 files that blogforge did not write:\n"
            + "".join(f"  {name}\n" for name in names[:20]) + "  … and 11 more\n") in out
    # the files the last deploy wrote are not named so
    (repo.root / "content/posts/a.md").unlink()
    commit(repo, "drop a")
    assert deploy(repo) == 0
    out = capsys.readouterr().out
    assert "D posts/a/index.html" in out and "did not write" not in out


def test_refuses_to_remove_a_cname_it_did_not_write_unless_forced(repo, tmp_path, capsys):
    """GitHub's Pages settings commit a CNAME to the branch: removing it drops the domain."""
    repo.write("site.yaml", "title: 笔记\nbase_url: https://blog.example.com/\n")
    commit(repo, "no cname")
    another_tools_branch(repo, tmp_path, {"CNAME": "blog.example.com\n", "index.html": "hi"})
    before = branch_state(repo, "gh-pages")
    assert deploy(repo) == 1
    out, err = capsys.readouterr()
    assert ("error: `gh-pages` holds a CNAME file for `blog.example.com` that blogforge did not "
            "write") in err and "add `cname: blog.example.com` to site.yaml" in err
    assert "committed" not in out
    assert branch_state(repo, "gh-pages") == before
    assert deploy(repo, "--force") == 0
    out, err = capsys.readouterr()
    assert "removed from gh-pages 1 file that blogforge did not write:\n  CNAME\n" in out
    assert "warning: CNAME is removed from gh-pages: GitHub Pages drops its custom domain" in err
    assert "CNAME" not in git(remote(repo), "ls-tree", "--name-only", "gh-pages").split()


def test_warns_when_it_changes_the_branchs_cname(repo, tmp_path, capsys):
    """A CNAME that GitHub's Pages settings committed was replaced; the deploy printed only
    `M CNAME`."""
    another_tools_branch(repo, tmp_path, {"CNAME": "www.example.org\n", "index.html": "hi"})
    assert deploy(repo) == 0
    assert ("warning: the CNAME on gh-pages named `www.example.org` and now names "
            "`blog.example.com`: GitHub Pages moves the site's custom domain to "
            "blog.example.com (if www.example.org was set in GitHub's Pages settings and is the "
            "one you want, write `cname: www.example.org` in site.yaml and deploy again)\n"
            ) in capsys.readouterr().err
    assert git(remote(repo), "show", "gh-pages:CNAME") == "blog.example.com"
    repo.post("b.md", "第二篇")
    commit(repo, "b")
    assert deploy(repo) == 0  # the same domain again: nothing to say
    assert "CNAME" not in capsys.readouterr().err


def test_warns_when_a_cname_it_wrote_is_removed(repo, capsys):
    assert deploy(repo) == 0
    repo.write("site.yaml", "title: 笔记\nbase_url: https://blog.example.com/\n")
    commit(repo, "no cname")
    capsys.readouterr()
    assert deploy(repo) == 0
    out, err = capsys.readouterr()
    assert "warning: CNAME is removed from gh-pages: GitHub Pages drops its custom domain" in err
    assert "did not write" not in out


def test_refuses_an_output_folder_blogforge_did_not_build(repo, capsys):
    """`-o .` committed the whole source tree, drafts and build cache too."""
    assert main(["build", "--source", str(repo.root)]) == 0  # (a cache to leak)
    capsys.readouterr()
    assert deploy(repo, "--output", str(repo.root), "--no-push") == 1
    out, err = capsys.readouterr()
    assert (f"error: --output {repo.root} was not built by blogforge (it has no "
            ".blogforge-output), and all its files would be published") in err
    assert "committed" not in out
    assert git(repo.root, "branch", "--list", "gh-pages") == ""


def test_refuses_an_output_folder_holding_files_the_build_did_not_write(repo, capsys):
    """`public/.env` put there by hand was published with the site (a build refuses the
    folder for it); an editor's swap file is no file of the writer's, and is left out."""
    assert main(["build", "--source", str(repo.root)]) == 0
    output = repo.root / "public"
    (output / ".env").write_text("AWS_SECRET=xyz\n")
    (output / "posts/notes").mkdir()
    (output / "posts/notes/draft.md").write_text("mine\n")
    (output / ".DS_Store").write_bytes(b"\0")
    capsys.readouterr()
    assert deploy(repo, "--output", str(output), "--no-push") == 1
    out, err = capsys.readouterr()
    assert err == (f"error: --output {output} holds .env and posts/notes/, which blogforge did "
                   "not write, and all its files would be published: move them out of it (a "
                   "CNAME or a verification page belongs in static/), or leave --output out to "
                   "build afresh\n")
    assert "committed" not in out and git(repo.root, "branch", "--list", "gh-pages") == ""
    (output / ".env").unlink()
    shutil.rmtree(output / "posts/notes")
    assert deploy(repo, "--output", str(output), "--no-push") == 0
    assert ".DS_Store" not in git(repo.root, "ls-tree", "-r", "--name-only", "gh-pages")


@pytest.mark.parametrize("base_url, problem", [
    ("https://USER.github.io/blog/", "`https://USER.github.io/blog/` still holds USER"),
    ("https://writer.github.io/repo/", "cname `blog.example.com` publishes the site at "
     "https://blog.example.com/, but the base URL of {output}'s pages is "
     "`https://writer.github.io/repo/`: every link would start with /repo/"),
])
def test_checks_the_address_an_output_folder_was_built_for(repo, capsys, base_url, problem):
    assert main(["build", "--source", str(repo.root), "--base-url", base_url]) == 0
    capsys.readouterr()
    assert deploy(repo, "--output", str(repo.output), "--no-push") == 1
    assert problem.format(output=repo.output.resolve()) in capsys.readouterr().err
    assert git(repo.root, "branch", "--list", "gh-pages") == ""


@pytest.mark.parametrize("local", ["http://localhost:8000/", "http://127.0.0.1:4000/"])
def test_refuses_an_output_folder_built_for_this_machine(repo, capsys, local):
    """Pages built for `blogforge serve`'s address were committed after a warning: every link
    of the published site led to the reader's own machine."""
    assert main(["build", "--source", str(repo.root), "--base-url", local]) == 0
    capsys.readouterr()
    assert deploy(repo, "--output", str(repo.output), "--no-push") == 1
    assert (f"error: the base URL of {repo.output.resolve()}'s pages `{local}` is an address "
            "on this machine: every link, feed and sitemap of the published site would name "
            "it; build again without a local --base-url (or leave --output out)\n"
            ) in capsys.readouterr().err
    assert git(repo.root, "branch", "--list", "gh-pages") == ""


def test_names_chinese_file_names_as_they_are(repo, capsys):
    """git wrote them as octal escapes: "content/posts/\\346\\263\\250.md"."""
    assert deploy(repo) == 0
    repo.post("注意力.md", "注意力")
    assert deploy(repo) == 1
    assert "?? content/posts/注意力.md" in capsys.readouterr().err
    commit(repo, "注意力")
    assert deploy(repo) == 0
    assert re.search(r"^  A posts/注意力/index\.html$", capsys.readouterr().out, re.MULTILINE)


def test_leaves_the_index_file_as_it_is(repo):
    """`git status` refreshes the index of a file whose time changed, rewriting it."""
    assert main(["build", "--source", str(repo.root)]) == 0  # (the cache, ignored)
    source = repo.root / "content/posts/a.md"
    os.utime(source, (source.stat().st_atime, source.stat().st_mtime + 100))
    index = (repo.root / ".git/index").read_bytes()
    assert deploy(repo) == 0
    assert (repo.root / ".git/index").read_bytes() == index


STOPPED_WHILE_RENDERING = stopped_while_rendering("deploy", "--no-cache", "--no-push")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_deploy_removes_its_folder(repo, tmp_path, signum):
    """SIGTERM left /tmp/blogforge-deploy-* behind; Ctrl+C did not."""
    for n in range(4):
        repo.post(f"p{n}.md", f"Post {n}", body="$$x^2$$\n\n```python\nx = 1\n```\n")
    commit(repo, "posts")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "STOP_WITH": str(int(signum))}
    done = subprocess.run([sys.executable, "-c", STOPPED_WHILE_RENDERING, str(repo.root)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 128 + signum, done.stderr  # (143: SIGTERM, 130: Ctrl+C)
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.splitlines()[-1] == "deploy stopped; its temporary files are removed"
    assert list(temp.iterdir()) == []
    assert git(repo.root, "branch", "--list", "gh-pages") == ""


def test_a_cache_committed_by_mistake_is_said(repo, capsys):
    """A co-author's editor committed `.blogforge-cache/` (its absolute paths, its lock): every
    build rewrote it, `git status` was never clean, and nothing said why."""
    assert deploy(repo) == 0
    git(repo.root, "add", "-f", ".blogforge-cache")
    git(repo.root, "commit", "-q", "-m", "oops")
    capsys.readouterr()
    deploy(repo, "--allow-dirty")  # (the build rewrites it: dirty from then on)
    assert ("note: .blogforge-cache/ is in the repository (committed by mistake?): blogforge "
            "rewrites it at every build, and a co-author's pull brings it over theirs; `git rm "
            "-r --cached .blogforge-cache` and commit (a new site's .gitignore keeps it out)"
            in capsys.readouterr().out)


@pytest.mark.parametrize("option", ["--drafts", "--future", "--expired", "--strict"])
def test_a_build_option_beside_an_output_folder_is_refused_not_ignored(repo, capsys, option):
    """`deploy --output public --drafts` published the folder as it was built, without the
    drafts asked for (`--strict`: with the warnings it was to refuse), and said nothing."""
    assert main(["build", "--source", str(repo.root)]) == 0
    capsys.readouterr()
    assert deploy(repo, "--output", str(repo.output), option, "--no-push") == 1
    out, err = capsys.readouterr()
    assert (f"error: {option} says how deploy builds the site, and with --output it builds "
            f"nothing: build {repo.output} with `blogforge build {option}`, or leave --output "
            "out") in err
    assert "committed" not in out
    assert git(repo.root, "branch", "--list", "gh-pages") == ""
