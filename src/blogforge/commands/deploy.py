"""`blogforge deploy`: the built site as one new commit on the gh-pages branch, pushed.

The commit is made with git plumbing — objects hashed from the output folder, a tree written
from a temporary index, `commit-tree`, `update-ref` — so the working tree, the index and the
current branch are never touched, and files the output does not have never reach the branch.
History is kept: the new commit goes on top of what the branch holds, locally or on the
remote. It refuses, saying why and what to do, outside a git repository, with uncommitted
changes in the site or files of it git ignores that the build publishes, when the remote
branch has commits this repository has not seen, when the branch's last deploy was built from
sources HEAD does not contain (an older site put back), when the branch is one of sources
(checked out, or sharing history with HEAD), when the site's address and its custom domain
disagree or it names this machine, for an --output folder blogforge did not build, when the
build fails, and when it had to leave KaTeX's stylesheet and fonts, or Mermaid's script, out.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections import Counter

from blogforge.commands import TYPE_CHECKING, path_argument
from blogforge.commands.build import add_build_arguments

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

    from blogforge.cache import BuildLock


class DeployError(Exception):
    """Why the deploy stopped; the message says what to do."""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "deploy", help="commit the built site to the gh-pages branch and push it",
        description="Build the site (or take --output) and commit it to a branch for GitHub "
        "Pages with git plumbing — the working tree, the index and the current branch are "
        "never touched — then push it.")
    add_build_arguments(parser, output=False)
    parser.add_argument("--output", "-o", type=path_argument, default=None,
                        help="deploy this already built folder instead of building (then "
                        "without --drafts, --future, --expired, --strict: build it with "
                        "those)")
    parser.add_argument("--remote", default="origin", help="remote to push to (default: origin)")
    parser.add_argument("--branch", default="gh-pages", help="branch (default: gh-pages)")
    parser.add_argument("--message", "-m", help="commit message (the source commit is added)")
    parser.add_argument("--no-push", action="store_true", help="commit locally only")
    parser.add_argument("--force", action="store_true",
                        help="start the branch afresh, replacing its history (here and on the "
                        "remote)")
    parser.add_argument("--allow-dirty", action="store_true",
                        help="deploy even with uncommitted changes in the site")
    parser.add_argument("--allow-older", action="store_true",
                        help="deploy even when the site on the branch was built from a commit "
                        "your sources do not contain (putting an older site back)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from blogforge.stop_signals import put_back_signals, stop_on_signals, stopped_status

    stopped_by: list[int] = []  # the signal that stopped the deploy, if one did
    previous = stop_on_signals(stopped_by)  # (SIGTERM too: the temporary folder is removed)
    try:
        return _deploy(args)
    except DeployError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM
        print("deploy stopped; its temporary files are removed", file=sys.stderr)
        return stopped_status(stopped_by)
    finally:
        put_back_signals(previous)


class _Git:
    """git, run in one repository. A plain class, not a dataclass, and `_deploy` imports what
    it alone needs: every command, `--version` too, imports this module (dataclasses and
    blogforge.output cost it 20 ms)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, *args: str, stdin: str | None = None, env: dict | None = None,
                 check: bool = True) -> subprocess.CompletedProcess:
        import subprocess  # (here, not at the top: every command imports this module)

        # (file names as they are, not octal escapes: "posts/softmax-\346\225\260"; and no
        # index refreshed by status: the user's index is never touched)
        done = subprocess.run(["git", "--no-optional-locks", "-c", "core.quotePath=false", *args],
                              cwd=self.root, input=stdin, text=True, capture_output=True,
                              env={**os.environ, **(env or {})})
        if check and done.returncode != 0:
            raise DeployError(f"git {args[0]} failed: {done.stderr.strip() or done.stdout}")
        return done

    def out(self, *args: str, **kwargs) -> str:
        return self(*args, **kwargs).stdout.strip()

    def commit_of(self, ref: str) -> str | None:
        done = self("rev-parse", "--verify", "--quiet", ref + "^{commit}", check=False)
        return done.stdout.strip() if done.returncode == 0 else None

    def contains(self, newer: str, older: str) -> bool:
        return self("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0


def _deploy(args: argparse.Namespace) -> int:
    from pathlib import Path

    from blogforge.site_folder import site_folder_problem

    if shutil.which("git") is None:
        raise DeployError("git is not installed: blogforge deploy commits with git")
    if problem := _build_option_problem(args):
        raise DeployError(problem)
    if args.output is None and (problem := site_folder_problem(args.source, "blogforge deploy")):
        raise DeployError(problem)
    source = args.source.resolve()
    found = _Git(source)("rev-parse", "--show-toplevel", check=False)
    if found.returncode != 0:
        raise DeployError(f"{args.source} is not in a git repository: blogforge deploy commits "
                          "the site to a branch of your site's repository (git init, commit "
                          "your sources, git remote add origin URL)")
    git = _Git(Path(found.stdout.strip()))
    if problem := _branch_problem(git, args.branch):
        raise DeployError(problem)
    branch_ref = f"refs/heads/{args.branch}"
    head = git.commit_of("HEAD")
    if head is None:
        raise DeployError("the repository has no commit yet: commit your site's sources first, "
                          "so the deploy can say which sources it was built from")
    identity = _identity(git)  # (before the build)
    on_branch = git.out("symbolic-ref", "--quiet", "HEAD", check=False)
    if on_branch == branch_ref and _is_deploy(git, head):  # (a look at the published site)
        raise DeployError(f"you are on `{args.branch}`, the branch the site is deployed to: "
                          "switch to your sources' branch first")
    if on_branch == branch_ref:
        raise DeployError(f"`{args.branch}` is the branch you are on, which holds your "
                          "sources: the deploy would replace them with the built site; the "
                          "deploy branch must be one of its own (--branch gh-pages)")
    if not on_branch:  # (a CI checkout of a commit, or a `git checkout v1.2` forgotten)
        print(f"the sources are on no branch (a detached HEAD at {head[:10]}): the deploy's "
              "commit names that source commit")
    dirty = _uncommitted(git, source, args.output)
    if dirty and not args.allow_dirty:
        from blogforge.diagnostics import listed_lines  # (here: every command imports this module)

        shown = "\n".join(listed_lines(dirty, 10))
        raise DeployError(f"the site has uncommitted changes:\n{shown}\ncommit them first "
                          "(so the deploy names the sources it was built from), or pass "
                          "--allow-dirty")
    for folder in _tracked_by_mistake(git, source):
        print(f"note: {folder}/ is in the repository (committed by mistake?): blogforge "
              "rewrites it at every build, and a co-author's pull brings it over theirs; "
              f"`git rm -r --cached {folder}` and commit (a new site's .gitignore keeps it out)")
    remote_tip = None if args.no_push else _remote_tip(git, args.remote, branch_ref)
    if remote_tip is not None:
        _fetch_branch(git, args, remote_tip)
    _check_target_branch(git, args, head, remote_tip)
    parent = _parent(git, args, branch_ref, remote_tip)
    replaced = parent
    if replaced is None and args.force:  # (what --force replaces, as far as it is known here)
        replaced = (remote_tip and git.commit_of(remote_tip)) or git.commit_of(branch_ref)
    if replaced is not None and not args.allow_older \
            and (problem := _older_sources(git, args, replaced, head, remote_tip)):
        raise DeployError(problem)

    from blogforge.output import MARKER

    # (two deploys at once would build into the same folder, one of them while the other
    # hashes its files)
    lock = _lock_deploys(args.source) if args.output is None else None
    try:
        with _ScratchFolder() as tmp:
            output, built_files, config, held_back = _built_site(args, Path(tmp))
            ignored = [] if held_back is None else _ignored_sources(git, source, held_back)
            if ignored and not args.allow_dirty:
                raise DeployError(_ignored_problem(ignored))
            extra = Path(tmp) / "extra"
            extra.mkdir()
            # what the build made, or all of --output but its marker: nothing else in the
            # folder reaches the branch
            files = {rel: output / rel for rel in
                     (_files(output) if built_files is None else built_files) if rel != MARKER}
            # (serve files as they are)
            files.setdefault(".nojekyll", _write(extra / ".nojekyll", ""))
            if config.cname:
                files["CNAME"] = _write(extra / "CNAME", config.cname + "\n")
            tree = _write_tree(git, files, Path(tmp) / "index")
            site_url = _built_base_url(output)  # (the home page's, as published)
    finally:
        if lock is not None:
            lock.release()

    removed = _removed(git, replaced, tree) if replaced else []
    foreign = _not_written(git, replaced, removed)
    if "CNAME" in foreign and not args.force:
        raise DeployError(_dropped_domain(git, args, replaced))
    message = _message(args, config, git, head, dirty, ignored)
    if parent is not None and git.out("rev-parse", parent + "^{tree}") == tree:
        print(f"the site is unchanged since the last deploy ({parent[:10]}): nothing to commit")
        if args.no_push:
            return 0
        if remote_tip == parent:
            if url := _published_at(git, parent, site_url):
                print(f"the site is at {url}")
            return 0
        commit = parent
    else:
        commit = git.out("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message,
                         env=identity)
        old = git.commit_of(branch_ref) or "0" * 40
        git("update-ref", "-m", "blogforge deploy", branch_ref, commit, old)
        print(f"committed {commit[:10]} to {args.branch}: {_changes(git, parent, commit)}")
    _tell_removed(removed, foreign, args.branch)
    if replaced is not None:
        _tell_domain_change(git, replaced, commit, args.branch)
    # (a --force commit replaces the branch's history: a plain push of it is refused)
    push = f"git push{' --force-with-lease' if args.force else ''} {args.remote} {args.branch}"
    if args.no_push:
        print(f"not pushed (--no-push): `{push}` publishes it")
        return 0
    lease = f"--force-with-lease={branch_ref}:{remote_tip or ''}"
    pushed = git("push", "--porcelain", *([lease] if args.force else []), args.remote,
                 f"{branch_ref}:{branch_ref}", check=False)
    if pushed.returncode != 0:
        raise DeployError(f"the push to {args.remote} failed (the commit is on your local "
                          f"`{args.branch}`; push it with `{push}`):\n{pushed.stderr.strip()}")
    url = _published_at(git, commit, site_url)
    print(f"pushed {args.branch} to {args.remote}"
          + (f"; the site should shortly be available at {url}" if url else ""))
    return 0


def _branch_problem(git: _Git, branch: str) -> str | None:
    """Why `branch` cannot be the deploy's branch, or None: a name git refuses, or one that
    would shadow another ref (refs/heads/HEAD makes every `HEAD` ambiguous, refs/heads/origin/x
    hides the remote's x, refs/heads/refs/heads/x is nobody's x)."""
    written = f"`--branch {branch}`"
    if branch in ("HEAD", "@"):
        return (f"{written} names the commit you are on, not a branch: name the branch the site "
                "goes to, such as --branch gh-pages")
    if branch.startswith("refs/"):
        short = branch.removeprefix("refs/heads/")
        return (f"{written} is a ref, and --branch takes a branch's name: write --branch "
                + (short if short != branch and short else "gh-pages"))
    remotes = git.out("remote").split()
    if (remote := branch.split("/", 1)[0]) in remotes:
        short = branch.split("/", 1)[1] or "gh-pages"
        return (f"{written} starts with the name of the remote `{remote}`, and would shadow "
                f"its branches: write --branch {short} (--remote {remote} says where it is "
                "pushed)")
    if branch.startswith("-") or git("check-ref-format", "--branch", branch,
                                     check=False).returncode != 0 \
            or git("check-ref-format", f"refs/heads/{branch}", check=False).returncode != 0:
        return (f"{written} is not a name git takes for a branch (git check-ref-format "
                "--branch refuses it): choose another, such as --branch gh-pages")
    return None


class _ScratchFolder:
    """A temporary folder, removed however the deploy ends: after a Ctrl+C or SIGTERM, a second
    one while it is removed would leave it half there."""

    def __enter__(self) -> str:
        import tempfile

        self.folder = tempfile.mkdtemp(prefix="blogforge-deploy-")
        return self.folder

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        from blogforge.stop_signals import ignore_stop_signals

        if kind is not None and issubclass(kind, KeyboardInterrupt):
            ignore_stop_signals()  # (run() puts the handlers back)
        shutil.rmtree(self.folder, ignore_errors=True)


# Who commits in a GitHub Actions job where git knows no one (a runner has no user.name, and
# the host name it would guess an address from has no domain): the name and address GitHub's
# own docs configure for a workflow's commits, shown on github.com with the Actions avatar.
ACTIONS_BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


def _identity(git: _Git) -> dict[str, str]:
    """The environment the deploy's commit is made with: none when git knows who commits;
    in a GitHub Actions job that configured no one, the Actions bot (said so). Elsewhere an
    unknown identity stops the deploy before it builds: git's own "Author identity unknown"
    came after the whole site was built."""
    if all(git("var", ident, check=False).returncode == 0
           for ident in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT")):
        return {}
    if os.environ.get("GITHUB_ACTIONS") != "true":
        raise DeployError("git does not know who you are, and the deploy's commit needs an "
                          "author: git config --global user.name \"Your Name\" and git config "
                          "--global user.email you@example.com (without --global: for this "
                          "repository only)")
    name, email = ACTIONS_BOT
    print(f"note: git knows no author in this GitHub Actions job: the deploy's commit is made "
          f"by {name} <{email}>, as GitHub's docs set it (a `git config user.name` / "
          "`user.email` step before the deploy chooses another)")
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}


def _uncommitted(git: _Git, source: Path, output: Path | None) -> list[str]:
    """`git status` lines for the site folder, leaving out the output being deployed and the
    files an editor or the system leaves beside others (`.DS_Store`, vim's `.a.md.swp`,
    `a.md~`, `Thumbs.db`, macOS's `._a.md`): the build neither reads nor publishes those, so
    the site built is the commit's all the same, and committing them is no one's wish."""
    from blogforge.scratch_files import is_editor_file

    spec = [str(source)]
    for folder in (output.resolve() if output else None, source / "public",
                   source / ".blogforge-cache"):  # what blogforge itself writes there
        if folder is not None and git.root in folder.parents:
            spec.append(f":(exclude){folder.relative_to(git.root).as_posix()}")
    # (-z: names as they are, never quoted, `Icon\r` too; a rename's old name follows it)
    fields = iter(git("status", "--porcelain", "-z", "--untracked-files=all", "--",
                      *spec).stdout.split("\0"))
    lines = []
    for entry in fields:
        if not entry:
            continue
        state, path = entry[:2], entry[3:]
        if "R" in state or "C" in state:
            next(fields, None)  # (the old name: the new one is what the site has)
        if not is_editor_file(path.rsplit("/", 1)[-1]):
            lines.append(f"{state} {path}")
    return lines


def _tracked_by_mistake(git: _Git, source: Path) -> list[str]:
    """What blogforge writes into the site's folder (the output, the cache) that git tracks,
    as a path from the repository's top."""
    found = []
    for name in ("public", ".blogforge-cache"):
        folder = (source / name).resolve()
        if git.root in folder.parents and git.out("ls-files", "--", str(folder)):
            found.append(folder.relative_to(git.root).as_posix())
    return found


SOURCE_PARTS = ("content", "static", "templates", "i18n", "site.yaml")  # what a build reads


def _ignored_sources(git: _Git, source: Path, held_back: set[str]) -> list[str]:
    """The files of the site's sources that git ignores and the build read or published
    (paths from the repository's root): a `.gitignore` line such as `public/` matches
    `content/posts/x/public/` too, and such a file is published but in no commit, so the
    deploy's Source-Commit would name sources without it (and a clone builds another site).
    Left out, as the build leaves them out: editors' files, names under content/ that start
    with `.` or `_`, hidden ones in templates/ and i18n/, and what the build held back (a
    private draft kept out of git on purpose)."""
    from pathlib import PurePosixPath

    from blogforge.scratch_files import is_editor_file

    if not source.is_relative_to(git.root):  # (git names the folder another way: unknown)
        return []
    site = PurePosixPath(source.relative_to(git.root).as_posix())
    listed = git("ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--",
                 *(str(site / part) for part in SOURCE_PARTS)).stdout.split("\0")
    found = []
    for path in filter(None, listed):
        rel = PurePosixPath(path).relative_to(site)
        skipped = (".", "_") if rel.parts[0] == "content" else "."
        if is_editor_file(rel.name) or rel.as_posix() in held_back \
                or (rel.parts[0] != "static" and any(part.startswith(skipped)
                                                     for part in rel.parts[1:])):
            continue
        found.append(path)
    return found


def _ignored_problem(ignored: list[str]) -> str:
    """Why files git ignores stop the deploy, naming the first ten, and the ways past."""
    from blogforge.diagnostics import listed_lines  # (here: every command imports this module)

    shown = "\n".join(listed_lines(ignored, 10))
    return (f"the site would publish files git ignores, which no commit holds:\n{shown}\n"
            "commit them first (git add -f PATH; `git check-ignore -v PATH` names the "
            ".gitignore line that hides it, which may be meant for another folder), or pass "
            "--allow-dirty")


def _remote_tip(git: _Git, remote: str, branch_ref: str) -> str | None:
    if git("remote", "get-url", remote, check=False).returncode != 0:
        raise DeployError(_unknown_remote(git, remote))
    listed = git("ls-remote", "--heads", remote, branch_ref, check=False)
    if listed.returncode != 0:
        raise DeployError(f"cannot reach the remote `{remote}`: {listed.stderr.strip()}")
    line = listed.stdout.strip()
    return line.split()[0] if line else None


def _is_shallow(git: _Git) -> bool:
    """Whether the repository holds only the last commits of its history: a CI checkout
    (actions/checkout fetches one commit unless told `fetch-depth: 0`)."""
    return git.out("rev-parse", "--is-shallow-repository", check=False) == "true"


def _fetch_branch(git: _Git, args: argparse.Namespace, remote_tip: str) -> None:
    """Take the remote's branch into its remote-tracking ref when this repository has no
    branch of that name and not the remote's tip: a clone of one branch (actions/checkout's,
    `git clone --single-branch`) never fetched it, and was told "someone or something else
    deployed" when nobody had. With no branch of its own here, no deploy of this repository
    is left out. A shallow clone takes the branch's last commit alone, which the new one goes
    on (its history, every deploy's site, stays on the remote)."""
    tracking_ref = f"refs/remotes/{args.remote}/{args.branch}"
    if git.commit_of(f"refs/heads/{args.branch}") is not None \
            or git.commit_of(tracking_ref) == remote_tip:
        return
    refspec = f"+refs/heads/{args.branch}:{tracking_ref}"
    shallow = _is_shallow(git)
    fetched = git("fetch", "--quiet", "--no-tags", *(["--depth=1"] if shallow else []),
                  args.remote, refspec, check=False)
    if fetched.returncode != 0:
        raise DeployError(f"cannot fetch `{args.branch}` from {args.remote}, which the deploy "
                          f"goes on top of: {fetched.stderr.strip()}")
    print(f"fetched `{args.branch}` from {args.remote} (this clone did not have it)")
    if shallow and not _is_deploy(git, remote_tip):
        # (a branch of sources, or a deploy under GitHub's CNAME commit: whether it shares
        # history with the sources, and what its last deploy wrote, need both histories)
        whole = git("fetch", "--quiet", "--no-tags", "--unshallow", args.remote,
                    git.out("rev-parse", "HEAD"), refspec, check=False)
        if whole.returncode != 0:
            raise DeployError(
                "this clone is shallow (a CI checkout's `fetch-depth: 1`?) and the last commit "
                f"of `{args.branch}` is no deploy, so whether that branch holds your sources "
                f"cannot be told, and fetching the histories from {args.remote} failed "
                f"({whole.stderr.strip()}): set `fetch-depth: 0` in the workflow's "
                "actions/checkout step (or run `git fetch --unshallow`) and deploy again")
        print("this clone was shallow: fetched the history of your sources and of "
              f"`{args.branch}`, whose last commit is no deploy, to tell what it holds")


def _unknown_remote(git: _Git, remote: str) -> str:
    """What to do about a --remote that names no remote: a URL or a path is not pushed to
    directly (the deploy keeps track of the branch through the remote's refs), and a name
    git refuses cannot be added as one."""
    import shlex

    quoted = shlex.quote(remote)
    if re.match(r"[a-z][a-z0-9+.-]*://|[^/:\s]+@[^/:\s]+:|[/.~]", remote, re.IGNORECASE) \
            or remote.endswith(".git"):
        return (f"--remote takes a remote's name, and {quoted} is a URL or a path: add it "
                f"with `git remote add NAME {quoted}` and pass --remote NAME, or commit "
                "locally with --no-push")
    if git("check-ref-format", f"refs/remotes/{remote}/x", check=False).returncode != 0:
        return (f"--remote {quoted} is not a name git takes for a remote: pass the name of "
                "one (git remote -v lists them), or commit locally with --no-push")
    return (f"no remote {quoted}: add it (git remote add {quoted} URL), name another with "
            "--remote, or commit locally with --no-push")


def _check_target_branch(git: _Git, args: argparse.Namespace, head: str,
                         remote_tip: str | None) -> None:
    """Refuse a --branch that is not a branch of built sites, --force or not: the deploy's
    commit holds the site alone, so on a branch of sources it deletes them all (and --force
    leaves that branch a single commit). mkdocs gh-deploy and hexo-deployer-git do not look;
    the rule here is git's own: a branch blogforge deploy made starts a history of its own, so
    one that shares history with HEAD is a branch of sources, unless its last commit is a
    deploy (a gh-pages once branched off the sources by hand, deployed to since)."""
    if (worktree := _worktree_of(git, f"refs/heads/{args.branch}")) is not None:
        raise DeployError(
            f"`{args.branch}` is checked out in the worktree {worktree}: the deploy would move "
            "the branch under it, and all its files would show as changed there; switch that "
            f"worktree to another branch (or remove it: git worktree remove {worktree}), or "
            "deploy to another --branch")
    tips = {git.commit_of(f"refs/heads/{args.branch}"),
            git.commit_of(f"refs/remotes/{args.remote}/{args.branch}"),
            remote_tip and git.commit_of(remote_tip)}  # (a remote tip not fetched: unknown)
    for tip in sorted(tip for tip in tips if tip is not None):
        if git.contains(head, tip):
            raise DeployError(
                f"`{args.branch}` holds your sources (its commit {tip[:10]} is in the history "
                "of the commit you are on): the deploy would put the built site on top of "
                "them, deleting every source file; deploy to a branch of its own (--branch "
                "gh-pages)")
        shared = git("merge-base", head, tip, check=False).returncode == 0
        if shared and not _is_deploy(git, tip):
            raise DeployError(
                f"`{args.branch}` shares history with your sources and its last commit "
                f"({tip[:10]}) is no deploy: it looks like a branch of sources, which the "
                "deploy would replace with the built site; choose another --branch, or, if it "
                f"holds only a site built by another tool, delete it (git branch -D "
                f"{args.branch}; git push {args.remote} --delete {args.branch}) and deploy again")


def _worktree_of(git: _Git, branch_ref: str) -> str | None:
    """The worktree that has `branch_ref` checked out, if one has."""
    worktree = None
    for line in git.out("worktree", "list", "--porcelain").splitlines():
        key, _, value = line.partition(" ")
        if key == "worktree":
            worktree = value
        elif key == "branch" and value == branch_ref:
            return worktree
    return None


def _is_deploy(git: _Git, commit: str) -> bool:
    """Whether `commit` was made by blogforge deploy: its message names the source commit."""
    return _source_commit(git, commit) is not None


def _source_commit(git: _Git, commit: str) -> str | None:
    """The source commit a deploy's commit was built from (its `Source-Commit:` line)."""
    message = git.out("log", "-1", "--format=%B", commit)
    found = re.search(r"^Source-Commit: ([0-9a-f]{40})$", message, re.MULTILINE)
    return found[1] if found else None


def _older_sources(git: _Git, args: argparse.Namespace, tip: str, head: str,
                   remote_tip: str | None) -> str | None:
    """Why deploying `head` over the branch's `tip` would put an older site back, or None: a
    clone not pulled for a while (another computer, a colleague's deploy) builds the site
    without the posts published since, and the deploy would silently remove them."""
    last = _source_commit(git, tip)
    if last is None or git.contains(head, last):
        return None
    tracking = git.commit_of(f"refs/remotes/{args.remote}/{args.branch}")
    site = ("the live site" if tip in (remote_tip, tracking)
            else f"the last deploy to `{args.branch}` (not pushed yet)")
    if _is_shallow(git):  # (the commit may be in the history the clone left out)
        if problem := _unshallow(git, args.remote, head, f"{site} was built from {last[:10]}"):
            return problem
        if git.contains(head, last):
            return None
    if git.commit_of(last) is None:
        return (f"{site} was built from {last[:10]}, a commit this clone does not have (it "
                f"was not fetched here), so your sources ({head[:10]}) may lack what it "
                "published: pull first (git pull), or pass --allow-older to publish your "
                "sources in its place")
    # (`git pull --rebase` rewrote the deployed commit: its changes are all in the sources,
    # under other commits, as `git cherry` tells by their patches)
    unmatched = [line for line in git.out("cherry", head, last, check=False).splitlines()
                 if not line.startswith("-")]
    if not unmatched:
        return None
    return (f"{site} was built from {last[:10]}, which your sources ({head[:10]}) do not "
            "contain: pull first (git pull), or pass --allow-older to publish this state (if "
            "you amended or squashed that commit since, this is it)")


def _unshallow(git: _Git, remote: str, head: str, built_from: str) -> str | None:
    """Fetch the whole history of `head` into a shallow clone, to tell whether it holds the
    commit the live site was built from; None when done, else why the deploy stops. "Pull
    first", said before, cannot help a CI checkout, which left the history out on purpose,
    and a writer told so reached for --allow-older. (By its commit: a CI checkout of a pull
    request is on no branch; GitHub, like git's protocol v2, serves any commit it holds.)"""
    fetched = git("fetch", "--quiet", "--no-tags", "--unshallow", remote, head, check=False)
    if fetched.returncode == 0:
        print("this clone was shallow (a CI checkout's `fetch-depth: 1`?): fetched the history "
              "of your sources, to tell whether they hold the commit the live site was built "
              "from (`fetch-depth: 0` in actions/checkout fetches it at once)")
        return None
    return (f"{built_from}, and this clone is shallow (a CI checkout's `fetch-depth: 1`?), so "
            "whether your sources contain that commit cannot be told, and fetching their "
            f"history from {remote} failed ({fetched.stderr.strip()}): set `fetch-depth: 0` in "
            "the workflow's actions/checkout step (or run `git fetch --unshallow`) and deploy "
            "again; --allow-older would publish your sources in its place unchecked")


def _parent(git: _Git, args: argparse.Namespace, branch_ref: str,
            remote_tip: str | None) -> str | None:
    """The commit the new one goes on: the branch as this repository and the remote know it."""
    if args.force:
        return None
    local = git.commit_of(branch_ref)
    tracking = git.commit_of(f"refs/remotes/{args.remote}/{args.branch}")
    if remote_tip is None:
        return local or tracking
    known = [tip for tip in (local, tracking) if tip is not None]
    # (a forced fetch also takes them over deploys of this repository not pushed yet, which
    # a plain one refuses: those hold only a site, which the next deploy makes again)
    take = (f"run `git fetch {args.remote} +{args.branch}:{args.branch}` to take what it "
            "holds (a deploy of yours not pushed yet is dropped: the next one makes the site "
            "again on top) and deploy again, or pass --force to replace that branch's history")
    if git.commit_of(remote_tip) is None or not any(git.contains(t, remote_tip) for t in known):
        raise DeployError(
            f"{args.remote}/{args.branch} has commits this repository does not have (someone or "
            f"something else deployed): {take}")
    if local is not None and git.contains(local, remote_tip):
        return local
    if local is not None and not git.contains(remote_tip, local):
        raise DeployError(
            f"your `{args.branch}` and {args.remote}/{args.branch} have both moved on: {take}")
    return remote_tip


DEPLOY_FOLDER = "deploy"  # in the build cache: the site deploys build, and their lock


def _lock_deploys(source: Path) -> BuildLock:
    """One deploy of a site at a time (a `BuildLock` of the deploy's folder), and none while
    a build of it runs: the build the deploy makes would fail on that one's lock, naming a
    folder and saying to build again."""
    from blogforge.cache import CACHE_DIR, BuildLock, BuildLockBusy, UnsafeCacheFolder

    running = ("another blogforge build or deploy of this site is running: deploy again when "
               "it ends")
    try:
        lock = BuildLock(source / CACHE_DIR / DEPLOY_FOLDER)
    except UnsafeCacheFolder as exc:  # (a link planted in the cache: said as the build says it)
        raise DeployError(str(exc)) from None
    except BuildLockBusy:
        raise DeployError(running) from None
    try:
        BuildLock(source / CACHE_DIR).release()  # (taken again by the build)
    except BuildLockBusy as exc:
        lock.release()
        raise DeployError(str(exc) if isinstance(exc, UnsafeCacheFolder) else running) from None
    return lock


# The options that say what deploy's build publishes (`add_build_arguments`), by their
# attribute in the parsed arguments; not --base-url (an --output folder's address is checked
# against it) nor --no-cache (which changes how, not what)
_BUILD_OPTIONS = {"drafts": "--drafts", "future": "--future", "expired": "--expired",
                  "strict": "--strict"}


def _build_option_problem(args: argparse.Namespace) -> str | None:
    """Why a build option cannot go with --output, or None: the folder is deployed as its
    build made it, so `--drafts` there published no draft, and `--strict` refused nothing,
    without a word."""
    if args.output is None:
        return None
    given = next((option for name, option in _BUILD_OPTIONS.items() if getattr(args, name)),
                 None)
    if given is None:
        return None
    return (f"{given} says how deploy builds the site, and with --output it builds nothing: "
            f"build {args.output} with `blogforge build {given}`, or leave --output out")


def _build_folder(args: argparse.Namespace, tmp: Path) -> Path:
    """Where the deploy builds: one folder in the build cache, the same every time, so that
    the engine's record of it makes a deploy after another render only what changed, and the
    cache keeps one spare of it (a new folder each time rendered every page, and left a spare
    copy of the site per folder). With --no-cache, or a cache that cannot be written, a new
    temporary folder. A failed or killed build leaves the folder as the last good build made
    it (the engine swaps a finished build in), and nothing is deployed then."""
    from blogforge.cache import CACHE_DIR

    if args.no_cache:
        return tmp / "site"
    folder = args.source / CACHE_DIR / DEPLOY_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return tmp / "site"
    return folder / "site"


def _built_site(args: argparse.Namespace, tmp: Path):
    """The folder to deploy, the files the build made in it (None for --output: all of it
    is deployed), the site's config and the source files the build held back (None for
    --output: not known): --output as it is, or a build."""
    from blogforge.commands.build import options_from, report
    from blogforge.config import read_config
    from blogforge.diagnostics import Diagnostics
    from blogforge.engine import build_site

    diagnostics = Diagnostics()
    config, doc = read_config(args.source, diagnostics)
    if diagnostics.errors:
        raise DeployError("site.yaml has errors:\n" + "\n".join(map(str, diagnostics.errors)))
    if args.output is not None:
        built = _built_folder(args.output)
        if problem := _address_problem(args, config, doc, built):
            raise DeployError(problem)
        return built, None, config, None
    if problem := _address_problem(args, config, doc, None):
        raise DeployError(problem)
    build_args = argparse.Namespace(**{**vars(args), "output": _build_folder(args, tmp)})
    options = options_from(build_args)
    result = build_site(options)
    if report(result, options.output) != 0:
        raise DeployError("the build failed, so nothing was deployed")
    if _without_katex(result.diagnostics):
        raise DeployError(
            "KaTeX's stylesheet and fonts could not be had (see the warning above): deployed "
            "so, the live site would lose its katex/ folder and show every formula as MathML; "
            "nothing was deployed: deploy again with access to the npm registry (the files are "
            "then kept on this computer), or set `math.assets: cdn` in site.yaml")
    if _without_mermaid(result.diagnostics):
        raise DeployError(
            "Mermaid's script could not be had (see the warning above): deployed so, the live "
            "site would lose its mermaid/ folder and show every diagram as its source; nothing "
            "was deployed: deploy again with access to the npm registry (the files are then "
            "kept on this computer), or set `diagrams: {mermaid: false}` in site.yaml")
    held_back = {held.source.as_posix() for posts in result.held_back.values() for held in posts}
    return options.output, result.files, config, held_back


# How the build says it made the site without KaTeX's files (math/assets.py's warning). Read
# from its messages, so the build need not learn of deploys: `build` and `serve` rightly go on
# (a preview, a first build offline), while a deploy would replace a published site that has
# the files with one that has not.
KATEX_MISSING = re.compile(r"^KaTeX's stylesheet and fonts \(.*\) are not available")


def _without_katex(diagnostics) -> bool:
    """Whether the build said it published no KaTeX stylesheet and fonts for its formulas."""
    return any(KATEX_MISSING.match(item.message) for item in diagnostics.items)


# (and without Mermaid's, diagrams.py's warning: its diagrams shown as their source)
MERMAID_MISSING = re.compile(r"^Mermaid's script \(.*\) is not available")


def _without_mermaid(diagnostics) -> bool:
    return any(MERMAID_MISSING.match(item.message) for item in diagnostics.items)


def _built_folder(output: Path) -> Path:
    """--output, when it is a site blogforge built, holding only what it wrote: any other
    folder (`-o .`: the sources, drafts and build cache) would be published as it is."""
    from blogforge.output import MARKER, files_not_written

    if not output.is_dir() or not any(output.iterdir()):
        raise DeployError(f"--output {output} is not a built site (no such folder, or "
                          "empty): run blogforge build first, or leave --output out")
    if not (output / MARKER).is_file():
        raise DeployError(f"--output {output} was not built by blogforge (it has no {MARKER}), "
                          "and all its files would be published: deploy the folder blogforge "
                          "build wrote (public/), or leave --output out to build afresh")
    if foreign := files_not_written(output):  # (`public/.env`, put there by hand)
        from blogforge.diagnostics import first_few

        raise DeployError(f"--output {output} holds {first_few(foreign)}, which blogforge did "
                          "not write, and all its files would be published: move them out of "
                          "it (a CNAME or a verification page belongs in static/), or leave "
                          "--output out to build afresh")
    return output.resolve()


def _built_base_url(built: Path) -> str | None:
    """The base URL a built site's pages were made with: the home page's canonical link."""
    import html

    try:
        page = (built / "index.html").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for tag in re.findall(r"<link\b[^>]*>", page):
        if re.search(r"""\brel=["']?canonical\b""", tag):
            href = re.search(r"""\bhref=["']([^"']+)""", tag)
            return html.unescape(href[1]) if href else None
    return None


def _is_local(url: str) -> bool:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host in ("localhost", "0.0.0.0", "::1") or host.startswith("127.")


def _address_problem(args: argparse.Namespace, config, doc, built: Path | None) -> str | None:
    """Why the site would be published at an address it does not name, or None: its links,
    canonical URLs, feeds and sitemap all come from base_url, and GitHub Pages gives no
    sign of a wrong one until a reader follows a link. `built`: the --output folder, whose
    pages' own base URL and CNAME count, not site.yaml's. (`doc`: site.yaml as read.)"""
    from blogforge.config import CONFIG_FILE, custom_domain_problem, domain_in_cname_file

    def line_of(key: str) -> str:  # `site.yaml:N` of a top-level key
        line = doc.line_of((key,))
        return f"{args.source / CONFIG_FILE}" + (f":{line}" if line else "")

    if built is not None:
        base_url = _built_base_url(built) or ""  # (unknown: those checks are left out)
        where = at = f"the base URL of {built}'s pages"
        cname_file = built / "CNAME"
    else:
        base_url = args.base_url or config.base_url
        where = "--base-url" if args.base_url else "base_url"
        at = "--base-url" if args.base_url else f"{line_of('base_url')}: base_url"
        cname_file = args.source / "static" / "CNAME"
    if "://USER." in base_url:
        return (f"{at} `{base_url}` still holds USER, the placeholder blogforge new site "
                "wrote: put your GitHub user name in its place (https://NAME.github.io/REPO/), "
                "or your own domain's address" + (", and build again" if built else ""))
    if _is_local(base_url):  # (a page built for `blogforge serve`, or by hand)
        return (f"{at} `{base_url}` is an address on this machine: every link, feed and "
                "sitemap of the published site would name it; "
                + ("build again without a local --base-url (or leave --output out)" if built
                   else "give the site's public address"))
    file_domain = domain_in_cname_file(cname_file)
    if file_domain and config.cname and file_domain.lower() != config.cname.lower():
        return (f"{cname_file} names `{file_domain}` and {line_of('cname')}: cname "
                f"`{config.cname}`: which domain the site is at is unclear; keep one (cname "
                "alone is enough: the deploy writes the CNAME file)")
    if not base_url:
        return None
    if config.cname:
        return custom_domain_problem(f"{line_of('cname')}: cname", config.cname, where,
                                     base_url)
    if file_domain:
        return custom_domain_problem(str(cname_file), file_domain, where, base_url)
    return None


def _files(root: Path) -> list[str]:
    """The files of a folder given with --output, but an editor's or a file manager's (vim's
    swap file of a page left open, `.DS_Store`): never a part of the site."""
    from blogforge.scratch_files import is_editor_file

    found = []
    for dirpath, _dirs, names in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        found += [name if rel == "." else f"{rel}/{name}" for name in names
                  if not is_editor_file(name)]
    return sorted(found)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _write_tree(git: _Git, files: dict[str, Path], index: Path) -> str:
    """Hash every file into the repository and write their tree, through an index file of our
    own: the repository's index and working tree are not involved."""
    names = sorted(files)
    if any("\n" in name for name in names):
        raise DeployError("a file name in the output holds a line break; rename it")
    hashes = git.out("hash-object", "-w", "--no-filters", "--stdin-paths",
                     stdin="".join(f"{files[name]}\n" for name in names)).split()
    entries = "".join(f"{_mode(files[name])} {sha}\t{name}\0" for name, sha in zip(names, hashes,
                                                                                      strict=True))
    env = {"GIT_INDEX_FILE": str(index)}
    git("update-index", "-z", "--index-info", stdin=entries, env=env)
    return git.out("write-tree", env=env)


def _mode(path: Path) -> str:
    return "100755" if os.access(path, os.X_OK) else "100644"


FOREIGN_SHOWN = 20  # removed files named, of those the last deploy did not write


def _removed(git: _Git, old: str, tree: str) -> list[str]:
    """The files of commit `old` that `tree` leaves out."""
    return [path for path in git.out("diff-tree", "-r", "-z", "--no-renames", "--name-only",
                                     "--diff-filter=D", old, tree).split("\0") if path]


def _not_written(git: _Git, old: str | None, removed: list[str]) -> list[str]:
    """Those of the `removed` files of `old` that the last deploy in its history did not
    write as they are (all, when none is a deploy: a branch another tool made). The count
    alone hides a README, a verification page or a Hexo site's old posts."""
    if old is None or not removed:
        return []
    last_deploy = git.out("rev-list", "-1", "--grep=^Source-Commit: ", old)
    written = _blobs(git, last_deploy) if last_deploy else {}
    present = _blobs(git, old)
    return [path for path in removed if written.get(path) != present[path]]


def _blobs(git: _Git, commit: str) -> dict[str, str]:
    """Each file of `commit`'s tree, with its object."""
    entries = git.out("ls-tree", "-r", "-z", commit).split("\0")
    return {path: meta.split()[2] for meta, path in (e.split("\t", 1) for e in entries if e)}


def _dropped_domain(git: _Git, args: argparse.Namespace, old: str) -> str:
    """Why a CNAME the deploy did not write is not removed unasked: GitHub's Pages settings
    commit one to the branch when a custom domain is set, and without it the domain is
    dropped, the site gone from that address."""
    domain = _domain_of_commit(git, old) or "?"
    return (f"`{args.branch}` holds a CNAME file for `{domain}` that blogforge did not write "
            "(GitHub's Pages settings commit one when a custom domain is set), and this deploy "
            f"would remove it, dropping the custom domain: add `cname: {domain}` to site.yaml "
            "and deploy again, or pass --force to drop it (and the branch's history)")


def _domain_of_commit(git: _Git, commit: str) -> str | None:
    """The custom domain a commit's CNAME file names, or None."""
    from blogforge.config import domain_in_cname_text

    shown = git("show", f"{commit}:CNAME", check=False)
    return domain_in_cname_text(shown.stdout) if shown.returncode == 0 else None


def _published_at(git: _Git, commit: str, site_url: str | None) -> str | None:
    """Where GitHub Pages serves the deployed `commit`: at its CNAME's domain, else at the
    base URL its pages were made with (None when that has no host)."""
    if domain := _domain_of_commit(git, commit):
        return f"https://{domain}/"
    return site_url if site_url and site_url.startswith(("https://", "http://")) else None


def _tell_domain_change(git: _Git, old: str, new: str, branch: str) -> None:
    """Warn when the deploy changes the branch's CNAME: GitHub's Pages settings commit one
    when a custom domain is set there, and replacing it moves the site to another domain."""
    before, after = _domain_of_commit(git, old), _domain_of_commit(git, new)
    if before and after and before.lower() != after.lower():
        print(f"warning: the CNAME on {branch} named `{before}` and now names `{after}`: GitHub "
              f"Pages moves the site's custom domain to {after} (if {before} was set in "
              f"GitHub's Pages settings and is the one you want, write `cname: {before}` in "
              "site.yaml and deploy again)", file=sys.stderr)


def _tell_removed(removed: list[str], foreign: list[str], branch: str) -> None:
    """Name the removed files blogforge did not write, however many changed, and warn of a
    removed CNAME, which takes the custom domain with it."""
    if "CNAME" in removed:
        print(f"warning: CNAME is removed from {branch}: GitHub Pages drops its custom domain",
              file=sys.stderr)
    if not foreign:
        return
    from blogforge.diagnostics import counted, listed_lines  # (here: every command imports it)

    shown = "".join(f"\n{line}" for line in listed_lines(foreign, FOREIGN_SHOWN))
    print(f"removed from {branch} {counted(len(foreign), 'file')} that blogforge did not "
          f"write:{shown}")


def _message(args: argparse.Namespace, config, git: _Git, head: str, dirty: list[str],
             ignored: list[str]) -> str:
    from blogforge import __version__

    branch = git.out("symbolic-ref", "--quiet", "--short", "HEAD", check=False) or "no branch"
    title = args.message or f"Deploy {config.title}"
    kept_out = [what for what, found in (("uncommitted changes", dirty),
                                         ("files git ignores", ignored)) if found]
    state = f" with {' and '.join(kept_out)}" if kept_out else ""
    return (f"{title}\n\nBuilt by blogforge {__version__} from {head} ({branch}){state}.\n"
            f"Source-Commit: {head}\n")


def _changes(git: _Git, parent: str | None, commit: str) -> str:
    """What the new commit changed, as a user reads it: files added, changed, removed."""
    from blogforge.diagnostics import counted  # (here: every command imports this module)

    if parent is None:
        count = len(git.out("ls-tree", "-r", "--name-only", commit).splitlines())
        return f"{counted(count, 'file')} (a new history)"
    lines = git.out("diff-tree", "-r", "--no-renames", "--name-status", parent,
                    commit).splitlines()
    # (a file that became a link, or a link a file, "T", is changed too: one count, not two)
    counts = Counter("M" if line[0] == "T" else line[0] for line in lines)
    parts = [f"{counts[code]:,} {word}" for code, word in
             (("A", "added"), ("M", "changed"), ("D", "removed")) if counts[code]]
    total = sum(counts.values())
    summary = f"{counted(total, 'file')}: " + ", ".join(parts)
    if total <= 20:  # a small update is listed whole
        summary += "".join(f"\n  {line[0]} {line.split(chr(9), 1)[1]}" for line in lines)
    return summary
