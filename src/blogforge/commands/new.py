"""`blogforge new site DIR`, `blogforge new post "Title"` and `blogforge new page Title`: start
a site, a post, a page.

Neither ever overwrites a file: a site goes only into a missing or empty folder, a post only
where no file is yet. Heavy modules are imported inside the functions that run, so
`blogforge --help` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys

from blogforge.commands import TYPE_CHECKING, path_argument

if TYPE_CHECKING:  # (imported where it runs, to keep `blogforge --help` fast)
    from pathlib import Path

    from blogforge.config import SiteConfig
    from blogforge.content.loader import LoadOptions
    from blogforge.model import Post

# The languages the samples of a new site are written in; each file of the scaffold's content/
# is in Chinese (`hello.md`) or English (`hello.en.md`).
SAMPLE_LANGUAGES = ("zh", "en")
# Package data cannot hold dotfiles reliably, so they are stored without the dot.
_RENAMED = {"gitignore": ".gitignore", "github": ".github"}
# A slug made from a long title is cut to its start: a URL of a whole sentence reads badly,
# and 88 Chinese characters (264 bytes) are more than a file name may hold (255).
SLUG_FROM_TITLE = 60
SLUG_BYTES = 240  # a --slug's longest, in UTF-8 (with ".en.md" after it: under 255)


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("new", help="start a new site, post or page",
                                 description="Start a new site, post or page.")
    kinds = parser.add_subparsers(title="what to create", metavar="KIND", required=True)

    site = kinds.add_parser("site", help="a ready bilingual site with a GitHub Pages workflow",
                            description="Create a ready site in DIR (which must be missing or "
                            "empty): bilingual, Chinese first, unless --languages says.")
    site.add_argument("dir", type=path_argument, metavar="DIR", help="the new site's folder")
    site.add_argument("--title", help="site title (default: the folder's name)")
    site.add_argument("--base-url", help="where it will be served (default: "
                      "https://USER.github.io/DIR/ with your user name to fill in)")
    site.add_argument("--timezone", help="zone of the dates in posts (default: this "
                      "computer's, e.g. Asia/Shanghai)")
    site.add_argument("--languages", default=",".join(SAMPLE_LANGUAGES), metavar="CODES",
                      help="the site's languages, the default first: zh,en (the default), "
                      "en,zh (English-first), en or zh (one language)")
    site.set_defaults(run=run_site)

    post = kinds.add_parser("post", help="a post with its front matter filled in",
                            description="Create a post in content/posts/ with its front matter "
                            "filled in: date in the site's zone, language, a slug from the title.")
    post.add_argument("title", nargs="?", help='the title, e.g. "注意力机制" or "Attention" '
                      "(with --translate: the original's, marked to translate)")
    post.add_argument("--source", "-s", type=path_argument, default=".",
                      help="the site folder (default: the current folder)")
    post.add_argument("--lang", help="the post's language (default: the one its title is "
                      "written in among the site's, e.g. en for \"Attention\" on a zh + en "
                      "site; none when the title does not tell, and the build reads the text; "
                      "with --translate, the other language)")
    post.add_argument("--bundle", action="store_true",
                      help="make a bundle: a folder with index.md, for images beside the post")
    post.add_argument("--series", help="series id the post belongs to")
    post.add_argument("--translate", type=path_argument, metavar="PATH",
                      help="write the translation of this existing post, beside it, with its "
                      "date, tags, categories and series")
    post.add_argument("--dir", dest="folder", default="",
                      help="sub-folder of content/posts/, e.g. leetcode")
    post.add_argument("--slug", help="the URL name (default: made from the title; Chinese "
                      "stays Chinese)")
    post.add_argument("--draft", action="store_true",
                      help="mark it `draft: true` (published only with --drafts)")
    post.set_defaults(run=run_post)

    page = kinds.add_parser("page", help="a page of its own: about, 友链, a guestbook",
                            description="Create a page in content/ (as Hexo's `hexo new page "
                            "about`): not dated, not listed with the posts, at the URL its "
                            "name gives; link it from the menu.")
    page.add_argument("title", help="the title, e.g. 友链 or About")
    page.add_argument("--source", "-s", type=path_argument, default=".",
                      help="the site folder (default: the current folder)")
    page.add_argument("--lang", help="the page's language (default: the site's default)")
    page.add_argument("--slug", help="the URL name, e.g. link for 友链 at link/ (default: made "
                      "from the title, as a post's; Chinese stays Chinese)")
    page.add_argument("--comments", action="store_true",
                      help="comments under it (`comments: true`: a guestbook, 留言板)")
    page.set_defaults(run=run_page)


# --- new site ---------------------------------------------------------------------------------


def run_site(args: argparse.Namespace) -> int:
    from pathlib import Path

    from blogforge import __version__
    from blogforge.config import base_url_problem, zone_problem
    from blogforge.site_folder import why_not_made

    target: Path = args.dir
    languages = _sample_languages(args.languages)
    if languages is None:
        return 1
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"error: {target} already exists and is not empty; blogforge new site only "
              "writes into a new or empty folder", file=sys.stderr)
        return 1
    name = target.resolve().name
    base_url = args.base_url or f"https://USER.github.io/{_repository_name(name)}/"
    if problem := base_url_problem(base_url):
        print(f"error: --base-url: {problem}", file=sys.stderr)
        return 1
    local = None if args.timezone else local_zone_name()
    zone = args.timezone or local or "UTC"
    said = os.environ.get("TZ", "").lstrip(":")
    if not args.timezone and said and zone != said:  # (`TZ=CST-8`: POSIX's rule, no place)
        print(f"note: TZ={said} names no time zone blogforge can keep (a place's, such as "
              f"Asia/Shanghai); the site's timezone is {zone}: change it in site.yaml or pass "
              "--timezone", file=sys.stderr)
    elif not args.timezone and local is None:
        # (posts dated in local time would be hours off, or held back as in the future)
        print("note: this computer's time zone could not be told; the site's timezone is "
              "UTC: change it in site.yaml (Asia/Shanghai, …) or pass --timezone",
              file=sys.stderr)
    if (problem := zone_problem(zone)) is not None:
        print(f"error: --timezone: {problem}", file=sys.stderr)
        return 1
    requirement, requirement_note = blogforge_requirement(__version__)
    values = {
        "__LANGUAGES__": _languages_yaml(languages, _yaml_text(args.title or name)),
        "__TITLE__": _yaml_text(args.title or name),
        "__BASE_URL__": _yaml_text(base_url if base_url.endswith("/") else base_url + "/"),
        "__TIMEZONE__": zone,
        "__REQUIREMENT__": requirement,
        "__DATE__": _now_text(zone),
        **daily_build_time(zone),
    }
    try:
        # (the folder first: a file where a folder of its path is, or a folder not writable,
        # is then said before any file of the site is written)
        target.mkdir(parents=True, exist_ok=True)
        written = write_scaffold(target, values, languages=languages)
    except OSError as exc:  # (a traceback, "NotADirectoryError", was all that was said)
        print(f"error: cannot write the site into {target}: {why_not_made(target, exc)}",
              file=sys.stderr)
        return 1
    here = target.resolve() == Path.cwd().resolve()  # `blogforge new site .`, Hugo's way
    print(f"created the site {'in this folder' if here else target} ({len(written)} files):")
    for rel in written:
        print(f"  {rel}")
    hint = "" if args.base_url else " (fill in your GitHub user name in site.yaml's base_url)"
    print(f"next: {'' if here else f'cd {_shell_word(str(target))} && '}blogforge serve{hint}; "
          "push it to GitHub "
          "and set "
          "Settings → Pages → Source to GitHub Actions, or run blogforge deploy")
    if requirement_note:
        print(f"note: {requirement_note}", file=sys.stderr)
    return 0


# The files of the scaffold that publish a site, not its content: what an imported site gets
# too (its site.yaml and posts are the import's).
PUBLISHING_FILES = (".github/workflows/pages.yml", "requirements.txt", ".gitignore")


def write_scaffold(target: Path, values: dict[str, str],
                   only: tuple[str, ...] | None = None,
                   languages: tuple[str, ...] = SAMPLE_LANGUAGES) -> list[str]:
    """Write the scaffold's files into `target`, placeholders filled in (`only`: these of them
    alone, named as written; the sample content: in `languages`, the first the default),
    none where a file is already: the paths written."""
    from pathlib import Path

    written = []
    scaffold = Path(__file__).resolve().parent.parent / "scaffold"
    for path in sorted(scaffold.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = Path(*(_RENAMED.get(part, part) for part in path.relative_to(scaffold).parts))
        text = path.read_text(encoding="utf-8")
        if rel.parts[0] == "content":
            sample = _sample_version(rel, text, languages)
            if sample is None:
                continue
            rel, text = sample
        out = target / rel
        if only is not None and (rel.as_posix() not in only or out.exists()):
            continue
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "x", encoding="utf-8") as handle:  # "x": never replace a file
            handle.write(text)
        written.append(rel.as_posix())
    return written


# What each sample language says in site.yaml: its home page's heading, the site's description,
# the menu.
_SAMPLE_SETTINGS = {
    "zh": ("边学边记。", "机器学习与算法的学习笔记。",
           (("归档", "archives/"), ("标签", "tags/"), ("关于", "about/"))),
    "en": ("Notes taken while learning.", "Study notes on machine learning and algorithms.",
           (("Archives", "archives/"), ("Tags", "tags/"), ("About", "about/"))),
}


def _sample_languages(given: str) -> tuple[str, ...] | None:
    """The languages `--languages` names, the default first; None, said, when it names one the
    samples are not written in, or one twice."""
    codes = tuple(code.strip().lower() for code in given.split(",") if code.strip())
    if not codes or len(set(codes)) != len(codes) or not set(codes) <= set(SAMPLE_LANGUAGES):
        print(f"error: --languages {given}: a new site's samples are written in "
              f"{' and '.join(SAMPLE_LANGUAGES)}: give one or both, the default first "
              "(en, en,zh, zh or zh,en), and add other languages to site.yaml after",
              file=sys.stderr)
        return None
    return codes


def _languages_yaml(languages: tuple[str, ...], title: str) -> str:
    """site.yaml's `default_language` and `languages` of a new site, with what to know of
    them."""
    if len(languages) > 1:
        other = languages[1]
        lines = ["# The first language is the default one and lives at the site root; the others "
                 "get a folder",
                 f"# (/{other}/). A post says its language with `lang:` or by its file name "
                 f"(`hello.{other}.md`)."]
    else:
        other = "zh" if languages[0] == "en" else "en"
        lines = ["# The site's language. For a second one, add it under `languages:`: the first "
                 "stays the",
                 f"# default, at the site root; the others get a folder (/{other}/), and a post "
                 "says its",
                 f"# language with `lang:` or by its file name (`hello.{other}.md`)."]
    lines += ["# `hero` is the big line at the top of the home page, its heading: say it in your "
              "words",
              "# (without one, the theme's console label INCOMING TRANSMISSION shows, in every "
              "language).",
              f"default_language: {languages[0]}", "languages:"]
    for code in languages:
        hero, description, menu = _SAMPLE_SETTINGS[code]
        lines += [f"  {code}:", f"    title: {title}", f"    hero: {hero}",
                  f"    description: {description}", "    menu:"]
        lines += [f"      - {{name: {name}, url: {url}}}" for name, url in menu]
    return "\n".join(lines) + "\n"


def _sample_version(rel: Path, text: str,
                    languages: tuple[str, ...]) -> tuple[Path, str] | None:
    """A sample of content/ as a site in `languages` has it: named for its language (`x.md`
    in the default, `x.en.md` in another) and linking its other version, or None when the
    site has not its language. (A one-language site's sample linked the other's, a broken
    link once it was deleted: `build --strict` failed.)"""
    lang = "en" if rel.name.endswith(".en.md") else "zh"
    if lang not in languages:
        return None
    stem = rel.name.removesuffix(".en.md").removesuffix(".md")

    def named(code: str) -> str:
        return f"{stem}.md" if code == languages[0] else f"{stem}.{code}.md"

    others = [code for code in languages if code != lang]
    if others:
        text = text.replace("__OTHER_VERSION__", named(others[0]))
    else:
        text = re.sub(r"\n+[^\n]*__OTHER_VERSION__[^\n]*", "", text).rstrip("\n") + "\n"
    return rel.with_name(named(lang)), text


def daily_build_time(zone: str | None) -> dict[str, str]:
    """The workflow's daily build, commented out: its cron line at 00:05 in the site's `zone`
    (in UTC, as GitHub reads it), and what to know of it."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    if zone is None:  # (an imported site: its zone is not read here)
        return {"__DAILY_CRON__": "5 0 * * *",
                "__DAILY_NOTE__": "00:05 UTC; make it just after midnight where you are"}
    place = ZoneInfo(zone)
    offset = datetime.now(place).utcoffset() or timedelta()
    utc = datetime(2000, 1, 2, 0, 5) - offset
    note = f"{utc:%H:%M} UTC is 00:05 in {zone}"
    if len({datetime(2025, month, 1, tzinfo=place).utcoffset() for month in (1, 7)}) > 1:
        note += " now; summer time moves it by an hour"
    return {"__DAILY_CRON__": f"{utc.minute} {utc.hour} * * *", "__DAILY_NOTE__": note}


def write_publishing_files(target: Path) -> tuple[list[str], str | None]:
    """The GitHub Pages workflow, requirements.txt and .gitignore of a new site, written into
    an imported one where it has none of its own: the paths written, and a note when
    requirements.txt may not say where the runner can install blogforge from."""
    from blogforge import __version__

    requirement, note = blogforge_requirement(__version__)
    values = {"__REQUIREMENT__": requirement, **daily_build_time(None)}
    written = write_scaffold(target, values, only=PUBLISHING_FILES)
    return written, note if "requirements.txt" in written else None


def blogforge_requirement(version: str) -> tuple[str, str | None]:
    """The line of requirements.txt that installs the blogforge running now, and a note when
    the line may not install it. The Actions runner installs what the line names: a bare
    `blogforge==VERSION` names a package index, where this blogforge may not be (the site's
    first run fails at pip install), and where anyone may register the name (and run code in
    every such build). Where it came from is read as pip recorded it (PEP 610's
    direct_url.json): a git URL at its commit, or a folder that is a git clone, whose origin
    is taken at the clone's commit. Nothing is fetched: the network is not asked."""
    import json
    from importlib import metadata
    from urllib.parse import urlsplit
    from urllib.request import url2pathname  # (file:///C:/x is C:\x on Windows)

    pinned = f"blogforge=={version}"
    unknown = (pinned, f"requirements.txt names {pinned}, and where this blogforge was "
               "installed from cannot be told: make that line say where your site's builds "
               "install it from (a version on your package index, or blogforge @ "
               "git+https://github.com/OWNER/REPO@COMMIT), or the first Actions run fails")
    try:
        recorded = metadata.distribution("blogforge").read_text("direct_url.json")
        direct = json.loads(recorded) if recorded else None  # (none: from a package index)
    except (metadata.PackageNotFoundError, OSError, ValueError):
        return unknown
    if not isinstance(direct, dict) or not isinstance(direct.get("url"), str):
        return unknown
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict):
        commit, url = vcs.get("commit_id"), public_git_url(direct["url"].removeprefix("git+"))
        if vcs.get("vcs") == "git" and url and isinstance(commit, str) \
                and re.fullmatch(r"[0-9a-f]{40}", commit):
            return f"blogforge @ git+{url}@{commit}", None
        return unknown
    parts = urlsplit(direct["url"])
    if isinstance(direct.get("dir_info"), dict) and parts.scheme == "file":
        from_clone = _requirement_of_clone(url2pathname(parts.path))
        return from_clone or unknown
    return unknown


def _requirement_of_clone(folder: str) -> tuple[str, str | None] | None:
    """The requirement for a blogforge installed from a folder that is a git clone with a
    public `origin` (pip install -e .): that repository at the clone's commit, with a note
    when no branch of origin this clone knows holds the commit (not pushed yet: the runner
    could not fetch it). None when the folder says nothing of the kind."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        return None

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", folder, *args], capture_output=True,
                                  text=True, check=False)
        except OSError:  # (the folder is gone)
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    url = public_git_url(git("remote", "get-url", "origin") or "")
    commit = git("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if not url or not commit:
        return None
    requirement = f"blogforge @ git+{url}@{commit}"
    if git("for-each-ref", "--contains", commit, "--count=1", "refs/remotes/origin"):
        return requirement, None
    return requirement, (f"requirements.txt installs blogforge from {url} at {commit[:10]}, "
                         f"the commit of your clone in {folder}, which no branch of origin "
                         "holds as far as it knows: push it before your site's first Actions "
                         "run, or that run cannot install blogforge")


def public_git_url(url: str) -> str | None:
    """A git repository's URL as a build machine can fetch it without keys, or None: https as
    it is but for a user name and password (a token of the writer's would be published in the
    site's repository), GitHub's and other hosts' `git@HOST:PATH` and `ssh://git@HOST/PATH` as
    https (the same repository there, for a public one); a path on this machine is no use."""
    from urllib.parse import urlsplit

    scp = re.fullmatch(r"git@([A-Za-z0-9.-]+):(?!/)(\S+)", url)
    if scp:
        return f"https://{scp[1]}/{scp[2]}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # (a port that is no number: no URL)
        return None
    if parts.scheme == "ssh" and parts.username == "git" and parts.hostname and port is None \
            and parts.path.strip("/"):
        return f"https://{parts.hostname}{parts.path}"
    if parts.scheme == "https" and parts.hostname and parts.path.strip("/") \
            and not parts.query and not parts.fragment and "@" not in parts.path:
        host = parts.hostname + (f":{port}" if port else "")
        return f"https://{host}{parts.path}"
    return None


def _repository_name(folder: str) -> str:
    """The GitHub repository a folder would be pushed to: GitHub keeps letters, digits, `.`,
    `_` and `-` of a name and makes a hyphen of the rest ("ML Notes" → ML-Notes)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", folder).strip("-") or "blog"


ZONE_FILES = ("/etc/timezone", "/etc/localtime")  # (Debian's name; the zone file's link)


def local_zone_name() -> str | None:
    """This computer's IANA zone name (Asia/Shanghai), or None when it cannot be told."""
    from blogforge.config import zone_problem

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError), open(ZONE_FILES[0], encoding="utf-8") as handle:
        candidates.append(handle.read().strip())
    with contextlib.suppress(OSError):
        link = os.readlink(ZONE_FILES[1])
        candidates.append(link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else "")
    found = next((zone for zone in candidates if zone and zone_problem(zone) is None), None)
    if found is None:
        # Windows keeps its zone in the registry under a name of its own ("China Standard
        # Time"): tzlocal reads it and knows the IANA name for it (macOS and others too)
        import tzlocal

        with contextlib.suppress(Exception):  # (its errors are its own: any means "unknown")
            zone = tzlocal.get_localzone_name()
            found = zone if zone and zone_problem(zone) is None else None
    return found


# --- new post ---------------------------------------------------------------------------------


def run_post(args: argparse.Namespace) -> int:
    from pathlib import Path

    from blogforge.content.loader import (
        CONTENT_DIR,
        POSTS_DIR,
        load_post,
        path_translation_key,
        split_language_suffix,
    )
    from blogforge.diagnostics import Diagnostics
    from blogforge.language_codes import matching_language, written_tag
    from blogforge.site import content_options

    source: Path = args.source
    if args.title is None and args.translate is None:
        print('error: blogforge new post needs a title, e.g. blogforge new post "注意力机制" '
              "(or --translate PATH, which starts from the original's)", file=sys.stderr)
        return 1
    settings = _site_settings(source, "blogforge new post")
    if settings is None:
        return 1
    config, default, languages = settings
    diagnostics = Diagnostics()  # (the original's, when translating one)
    # (`--lang zh-TW` is the site's zh-Hant, `--lang EN` its en: as a post's `lang:` is read)
    wanted = args.lang and (matching_language(args.lang, languages) or args.lang)
    front: dict[str, object] = {}
    title, title_note, slug_note, lang_note = args.title, "", "", ""
    lang: str | None
    date, date_note = _now_text(config.timezone), ""

    if args.translate is not None:
        original_path = _find_original(args.translate, source)
        if original_path is None:
            print(f"error: --translate {args.translate}: no such Markdown file (give its path, "
                  f"e.g. {CONTENT_DIR}/{POSTS_DIR}/x.md)", file=sys.stderr)
            return 1
        rel = original_path.relative_to((source / CONTENT_DIR).resolve())
        # read as the build reads it: a date without an offset is in the site's `timezone`
        # (read in UTC, a 10:00 in Asia/Shanghai became the translation's 18:00, 8 hours on)
        site = source.resolve()
        options = content_options(config, site, drafts=True)
        original = load_post(original_path, Path(rel.as_posix()), site, options, diagnostics)
        if original is None:
            for item in diagnostics.items:
                print(item, file=sys.stderr)
            return 1
        # the versions the page has, paired as the build pairs them (by translation key:
        # from the file name, or given), each in the language the build reads (`lang:` first)
        versions = _versions_of(original, site, options)
        missing = [code for code in languages if code not in versions]
        lang = wanted or (missing[0] if len(missing) == 1 else None)
        if (lang is None or lang == original.lang) and len(languages) > 1 and not missing:
            listed = ", ".join(f"{code} ({_shown(versions[code])})" for code in languages)
            print(f"error: {_shown(original_path)} has a version in every language of this "
                  f"site already: {listed}; edit the one to change", file=sys.stderr)
            return 1
        if (lang is None or lang == original.lang) and len(languages) < 2:
            print(f"error: {_one_language_site(original.lang, bool(config.languages))}",
                  file=sys.stderr)
            return 1
        if lang is None or lang == original.lang:
            print(f"error: {original.source} is in `{original.lang}`; say which language to "
                  f"translate it into with --lang ({', '.join(missing) or 'e.g. en'})",
                  file=sys.stderr)
            return 1
        if lang in versions:
            print(f"error: {_shown(versions[lang])} is already the `{lang}` translation of "
                  f"{_shown(original_path)}; edit it rather than make a second one",
                  file=sys.stderr)
            return 1
        # named so that it pairs with the original by file name too (x.md + x.en.md; the
        # name's own dots stay: pytorch-2.0.md + pytorch-2.0.en.md)
        stem = split_language_suffix(original_path.name, frozenset(languages))[0]
        names = [f"{stem}.md"] if lang == default else []
        names.append(f"{stem}.{lang}.md")
        paths = [original_path.parent / n for n in names]
        target = next((p for p in paths if not p.exists()), paths[-1])
        # A key of the original's own is shared, so that the two stay paired whatever their
        # names become. Else their names pair them and no key is written: one made of the
        # original's path, in the new file alone, would outlive that name and part the two
        # once both files are renamed (x.md + x.en.md → y.md + y.en.md). Only a name that
        # cannot pair them (a language the loader does not know in file names) needs it.
        by_name = path_translation_key(Path(rel.as_posix()).parent / target.name,
                                       options.languages)
        if _own_translation_key(original.params) or by_name != original.translation_key:
            front["translationKey"] = original.translation_key
        for key in ("tags", "categories", "series", "series_order"):
            if original.params.get(key) not in (None, "", []):
                front[key] = original.params[key]
        if original.params.get("slug"):
            front["slug"] = original.params["slug"]
        if original.date is not None and not original.dated_by_file:
            # the original's: a translation is the same post, in its place in listings, feeds
            # and a series by date (dated today, it came first in the other language's feed)
            date, date_note = original.date.isoformat(), "the original's date"
        if title is None:
            # the original's, with a comment on its line: what is left to translate is said
            # in the file, where the writer looks, and not shown on the site
            title, title_note = original.title, f"the original's title: translate it ({lang})"
    else:
        folder_given, name, bundle = args.folder, args.title, args.bundle
        if _names_a_post_file(args.title):  # (`hugo new posts/x.md`'s habit: a file, not a title)
            in_path, name, bundle = _post_file_parts(args.title)
            folder_given = "/".join(part for part in (args.folder, in_path) if part)
            title = _title_of_file_name(name)
        lang = wanted or _language_of_title(title, config, default, languages)
        if lang is not None and not wanted and lang != default:
            lang_note = f" (in `{lang}`, told by its title: --lang chooses another)"
        elif lang is None:
            lang_note = ("; its title does not tell its language: no `lang:` written, the "
                         "build reads it from the text (add `lang:` or use --lang to say)")
        named = _url_name(name, args.slug)
        if named is None:
            return 1
        slug, slug_note = named
        posts = (source / CONTENT_DIR / POSTS_DIR).resolve()
        folder = (posts / folder_given).resolve()
        if folder != posts and posts not in folder.parents:
            where = f"--dir {args.folder}" if folder_given == args.folder else args.title
            print(f"error: {where} leaves content/posts/", file=sys.stderr)
            return 1
        if (there := _folder_already_there(posts, folder)) != folder:
            folder = there
            slug_note += f" (in {_shown(there)}/, the folder already there for its pages)"
        target = folder / slug / "index.md" if bundle else folder / f"{slug}.md"
        if problem := _post_place_problem(posts, folder, slug, folder_given):
            print(f"error: {problem}", file=sys.stderr)
            return 1
    if args.series:
        front["series"] = args.series
    if args.slug and args.translate is not None:
        front["slug"] = args.slug
    if lang is not None and _not_a_language_of(lang, languages, bool(config.languages)):
        return 1

    # `lang:` as the writer gave it when it says more than the site's code (`--lang zh-TW` on
    # a site whose Chinese is zh: written `zh`, its page lost Taiwan's tag); the build reads it
    # as that language all the same
    tag = written_tag(args.lang) if args.lang else None
    written = tag if tag and lang and tag.lower() != lang.replace("_", "-").lower() else lang
    text = _post_text(title, date, written, front, args.draft, title_note, date_note)
    if not _written_new(target, text):
        return 1
    print(f"created {_shown(target)}" + (" (its title is the original's: translate it)"
                                          if title_note else "") + slug_note + lang_note)
    return 0


def _names_a_post_file(given: str) -> bool:
    """Whether `blogforge new post`'s argument is a file's path (`posts/x.md`, as Hugo's `hugo new`
    takes), not a title: a title may hold a slash (`TCP/IP 详解`), not end in `.md`."""
    return given.lower().endswith(".md") and given[:-3].strip(" ./\\") != ""


def _post_file_parts(given: str) -> tuple[str, str, bool]:
    """(its folder below content/posts/, its name without `.md`, whether it is a bundle's
    `index.md`) of a new post given as a path; a leading content/ and posts/ are dropped, the
    folders every post is in (`content/posts/x.md`, `posts/x.md` and `x.md` are one file)."""
    from blogforge.content.loader import CONTENT_DIR, POSTS_DIR

    parts = [part for part in given.replace("\\", "/").split("/") if part not in ("", ".")]
    if parts[:1] == [CONTENT_DIR]:
        parts = parts[1:]
    if parts[:1] == [POSTS_DIR]:
        parts = parts[1:]
    folders, name = parts[:-1], parts[-1][:-len(".md")]
    if name.lower() == "index" and folders and folders[-1] != "..":  # (`x/index.md`: a bundle)
        return "/".join(folders[:-1]), folders[-1], True
    return "/".join(folders), name, False


def _title_of_file_name(name: str) -> str:
    """A new post's title from its file's name: hyphens and underscores are spaces, the first
    letter a capital (`my-first-post` → `My first post`); the other letters stay as written,
    where Hugo's archetype capitalizes every word (`BERT-vs-GPT` → `BERT vs GPT`, not `Bert Vs
    Gpt`)."""
    words = " ".join(name.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:]


def _folder_already_there(posts: Path, folder: Path) -> Path:
    """`folder` (below `posts`) with each missing part spelled as the folder beside it whose
    pages' URL is the same (`ml` when `ML/` is there): pages are at /posts/ml/… from either,
    and Windows and macOS take the two for one; a second folder made the twins of its posts."""
    from blogforge.sections import section_key

    found = posts
    for part in folder.relative_to(posts).parts:
        if not (found / part).is_dir() and found.is_dir():
            part = min((entry.name for entry in found.iterdir() if entry.is_dir()
                        and section_key(entry.name) == section_key(part)), default=part)
        found = found / part
    return found


def _post_place_problem(posts: Path, folder: Path, slug: str, given_folder: str) -> str | None:
    """Why a new post named `slug` in `folder` (below content/posts/, `posts`) would break the
    site, if it would: a name Windows keeps for a device, a post at its URL already (a name
    that differs in capitals only: one URL, and one file on Windows and macOS), a folder that
    is a post's folder of files (`hello/` beside `hello.md`: never published as posts)."""
    from blogforge.output import names_a_windows_device

    for name in [*folder.relative_to(posts).parts, slug]:
        if names_a_windows_device(name):
            return (f"`{name.lower()}` names a device on Windows: no file of that name can be "
                    "there, and the site could not be built nor checked out on it; choose "
                    "another name" + (" with --slug" if name == slug else ""))
    for parent in [folder, *folder.parents]:
        if parent == posts:
            break
        if parent.with_name(parent.name + ".md").is_file():
            return (f"--dir {given_folder}: {_shown(parent)}/ is the folder of "
                    f"{_shown(parent.with_name(parent.name + '.md'))}'s pictures and files, "
                    "whose posts are never published: choose another --dir")
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name.lower() in (f"{slug}.md".lower(), slug.lower()) \
                    and entry.name not in (f"{slug}.md", slug):
                return (f"{_shown(entry)} is at that URL already (names that differ in "
                        "capitals only are one URL, and one file on Windows and macOS): "
                        "choose another title or --slug")
    return None


def _one_language_site(lang: str, listed: bool) -> str:
    """Why a post of a one-language site has no language to be translated into, and how to
    give the site a second."""
    other = "en" if lang.lower().startswith("zh") else "zh"
    where = (f"under `languages:` in site.yaml (e.g. `{other}: {{title: …}}` after `{lang}:`)"
             if listed else f"to site.yaml: `languages: {{{lang}: {{}}, {other}: {{}}}}`, "
             "the first the default")
    return (f"this site has one language, `{lang}`, and a translation needs a second: add it "
            f"{where}, then translate with --lang {other}")


def _url_name(title: str, given: str | None) -> tuple[str, str] | None:
    """The URL name of a new post or page, from `--slug` or else its title, and a note for a
    long title cut short; None, said, when there is none to make."""
    from blogforge.urls import slugify

    slug = slugify(given or title)  # (a --slug of ../x is x, as in front matter)
    if not slug:
        print(f"error: {'--slug' if given else 'the title'} gives no URL name; choose "
              "one with --slug", file=sys.stderr)
        return None
    if given and len(slug.encode("utf-8")) > SLUG_BYTES:
        print(f"error: --slug is {len(slug.encode('utf-8'))} bytes long; a file name "
              f"holds {SLUG_BYTES} at most here: choose a shorter one", file=sys.stderr)
        return None
    if not given and len(slug) > SLUG_FROM_TITLE:
        return (_shortened(slug, SLUG_FROM_TITLE),
                " (a long title: its URL name is the title's start; --slug chooses)")
    return slug, ""


# --- new page ---------------------------------------------------------------------------------

def _site_settings(source: Path, command: str) -> tuple[SiteConfig, str, list[str]] | None:
    """The site's settings, its default language and its languages, for `new post` and `new
    page`; None, said, when the folder is no site or its site.yaml is broken."""
    from blogforge.config import load_config
    from blogforge.diagnostics import Diagnostics
    from blogforge.languages import declared_default_language
    from blogforge.site_folder import site_folder_problem

    if problem := site_folder_problem(source, command):
        print(f"error: {problem}", file=sys.stderr)
        return None
    diagnostics = Diagnostics()
    config = load_config(source, diagnostics)
    if diagnostics.errors:
        for item in diagnostics.items:
            print(item, file=sys.stderr)
        return None
    default = declared_default_language(config) or _posts_language(source, config)
    return config, default, list(config.languages) or [default]


def _posts_language(source: Path, config: SiteConfig) -> str:
    """The default language the build gives a site that declares none: the one most of its
    posts are in (a site of English posts is English: its new posts are too)."""
    from blogforge.content.loader import load_content
    from blogforge.diagnostics import Diagnostics
    from blogforge.languages import settle_default_language
    from blogforge.site import content_options

    site = source.resolve()
    posts = load_content(site, content_options(config, site, drafts=True), Diagnostics()).posts
    return settle_default_language(config, posts, Diagnostics()).default_language


# Languages written in a script of their own: a title in Latin letters is in none of them.
_CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})


def _language_of_title(title: str, config: SiteConfig, default: str,
                       languages: list[str]) -> str | None:
    """The site's language a new post's title is written in, told by its script: kana is
    Japanese, Hangul Korean, Chinese characters Chinese, Latin letters the site's language
    written in them. A post's `lang:` turns the build's reading of its text off, so a wrong one
    would publish a Japanese post as Chinese: None when the title does not tell (digits, two
    languages of its script, none; on a site that declares no language, any but the default:
    the build reads the text)."""
    from blogforge.language_codes import base_language
    from blogforge.languages import declared_default_language
    from blogforge.text import script_counts

    if len(languages) == 1 and declared_default_language(config):
        return default  # (a one-language site: every post is in it)
    ideographs, kana, hangul = script_counts(title)
    script = "ko" if hangul else "ja" if kana else "zh" if ideographs else \
        "latin" if re.search(r"[A-Za-z\u00c0-\u024f]", title) else None
    if script is None:
        return None
    written_in = [code for code in dict.fromkeys([default, *languages])
                  if base_language(code) == script
                  or (script == "latin" and base_language(code) not in _CJK_LANGUAGES)]
    if default in written_in:
        return default
    if not declared_default_language(config) or len(written_in) != 1:
        return None
    return written_in[0]


def _not_a_language_of(lang: str, languages: list[str], listed: bool) -> bool:
    """Whether `--lang` names none of the languages site.yaml lists (said, with the closest
    one), which the build would stop at; a site that lists none takes any."""
    from blogforge.content.loader import closest_language

    if not listed or lang in languages:
        return False
    meant = closest_language(lang, languages)
    hint = f": did you mean --lang {meant}?" if meant else \
        ": add it under `languages:` in site.yaml to write in it"
    print(f"error: --lang {lang}: not one of this site's languages ({', '.join(languages)})"
          f"{hint}", file=sys.stderr)
    return True


# The site's own pages at a language's top, which a page of that name would clash with.
_GENERATED_FOLDERS = {"archives": "archive", "tags": "tag index", "categories": "category index",
                      "series": "series index", "search": "search page",
                      "page": "home page's next pages"}


def run_page(args: argparse.Namespace) -> int:
    """A page in content/, as `hexo new page about` makes one: its title and language, not
    dated (pages are not listed with the posts), at the URL its name gives."""
    from blogforge.content.loader import CONTENT_DIR
    from blogforge.language_codes import matching_language
    from blogforge.languages import language_folder

    source: Path = args.source
    settings = _site_settings(source, "blogforge new page")
    if settings is None:
        return 1
    config, default, languages = settings
    lang = args.lang and (matching_language(args.lang, languages) or args.lang) or default
    if _not_a_language_of(lang, languages, bool(config.languages)):
        return 1
    named = _url_name(args.title, args.slug)
    if named is None:
        return 1
    slug, slug_note = named
    if slug in _GENERATED_FOLDERS or slug in languages:
        what = _GENERATED_FOLDERS.get(slug) or f"`{slug}` pages' home"
        print(f"error: {slug}/ is where the site's {what} is; choose another URL name with "
              "--slug", file=sys.stderr)
        return 1
    if problem := _page_name_problem(slug, source):
        print(f"error: {problem}; choose another URL name, e.g. --slug "
              f"{_other_name(slug, source)}", file=sys.stderr)
        return 1
    # (another language's version is named for the default's, x.md + x.en.md: the two pair)
    target = source / CONTENT_DIR / (f"{slug}.md" if lang == default else f"{slug}.{lang}.md")
    lines = ["---", f"title: {_yaml_text(args.title)}", f"lang: {lang}"]
    if args.comments:
        lines.append("comments: true")
    if not _written_new(target, "\n".join(lines) + "\n---\n\n"):
        return 1
    path = language_folder(lang, default, config.default_language_in_subdir) + slug + "/"
    if not slug_note and not slug.isascii():
        slug_note = " (--slug gives it a Latin URL name: --slug link is link/)"
    from blogforge.yaml_reading import flow_text

    print(f"created {_shown(target)}, the page at {path}{slug_note}; link it from the menu "
          f"with {{name: {flow_text(args.title)}, url: {flow_text(slug + '/')}}} under "
          f"languages.{lang}.menu in site.yaml")
    return 0


# Files the build writes at a language's top (site_files.py: feeds, sitemaps, robots.txt;
# pages.py: the 404 page; site.py: the home page, .nojekyll; search/index.py: INDEX_DIR), which
# a page of that name, a folder (`atom.xml/index.html`), would clash with.
_GENERATED_FILES = {"atom.xml": "Atom feed", "rss.xml": "RSS feed", "sitemap.xml": "sitemap",
                    "robots.txt": "robots file", "404.html": "404 page",
                    "index.html": "home page", ".nojekyll": ".nojekyll",
                    "search-index": "search index"}
# Names that make the page's file the start of a folder of content/ of its own (a bundle):
# `index.md` (Hugo's `_index.md`) makes all of content/ one page.
_BUNDLE_NAMES = ("index", "_index")


def _page_name_problem(slug: str, source: Path) -> str | None:
    """Why a page of content/ named `slug` would break the site, if it would."""
    from blogforge.content.loader import CONTENT_DIR, POSTS_DIR
    from blogforge.output import names_a_windows_device

    content = source / CONTENT_DIR
    if slug in _BUNDLE_NAMES:
        return (f"a page named `{slug}` would make all of content/ one page (a bundle), and "
                "the home page is the site's own")
    folders = {entry.name.lower(): entry.name for entry in content.iterdir() if entry.is_dir()}
    if slug.lower() in folders or slug == POSTS_DIR:
        folder = folders.get(slug.lower(), POSTS_DIR)
        return (f"a page named `{slug}` would make content/{folder}/ one page (a bundle) and "
                "unpublish what is in it")
    if slug in _GENERATED_FILES or re.fullmatch(r"sitemap-[^/]*\.xml", slug):
        what = _GENERATED_FILES.get(slug, "sitemap")
        return f"/{slug} is the site's {what}: a page there would clash with it"
    if (source / "static" / slug).exists():
        return f"/{slug} is static/{slug}: a page there would clash with it"
    if names_a_windows_device(slug):
        return (f"`{slug}` names a device on Windows: no file of that name can be there, and "
                "the site could not be built nor checked out on it")
    return None


def _other_name(slug: str, source: Path) -> str:
    """A URL name to suggest instead of one that `_page_name_problem` refuses."""
    for name in (slug.replace(".", "-"), f"{slug.replace('.', '-')}-page"):
        if name != slug and _page_name_problem(name, source) is None:
            return name
    return "about"


def _shortened(slug: str, most: int) -> str:
    """The start of a long slug, cut where a word ends if one ends in its second half."""
    cut = slug[:most + 1]
    end = cut.rfind("-")
    return (cut[:end] if end > most // 2 else cut[:most]).strip("-.")


def _versions_of(original: Post, site: Path, options: LoadOptions) -> dict[str, Path]:
    """The file of each language the page of `original` has a version in: the site's posts
    that share its translation key, as the build pairs them (x.md + x.en.md by name, a
    `translationKey` across folders; the language the build reads, a `lang:` line first).
    Drafts count: built with --drafts, a second version would clash with one."""
    from blogforge.content.loader import load_content
    from blogforge.diagnostics import Diagnostics

    versions: dict[str, Path] = {}
    for post in load_content(site, options, Diagnostics()).posts:  # (its problems: the build's)
        if post.translation_key == original.translation_key:
            versions.setdefault(post.lang, site / post.source)
    return versions


def _own_translation_key(front: dict[str, object]) -> bool:
    """Whether front matter gives a translation key (else the loader makes one of the file's
    path, which files named `x.md` + `x.en.md` share)."""
    return any(front.get(key) not in (None, "") for key in ("translationKey", "translation_key"))


def _find_original(given: Path, source: Path) -> Path | None:
    """The post to translate, given relative to the current folder or to the site."""
    for candidate in (given, source / given, source / "content" / given):
        if candidate.is_file() and candidate.suffix.lower() in (".md", ".markdown"):
            resolved = candidate.resolve()
            if (source / "content").resolve() in resolved.parents:
                return resolved
    return None


def _post_text(title: str, date: str, lang: str | None, front: dict[str, object], draft: bool,
               title_note: str = "", date_note: str = "") -> str:
    import json  # (here, as below: `--version` and every other command import this module)

    lines = ["---", f"title: {_yaml_text(title)}" + (f"  # {title_note}" if title_note else ""),
             f"date: {date}" + (f"  # {date_note}" if date_note else "")]
    if lang is not None:  # (none: the build reads the post's language from its text)
        lines.append(f"lang: {lang}")
    front = {"tags": [], "categories": [], **front}
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    if draft:
        lines.append("draft: true")
    return "\n".join(lines) + "\n---\n\n"


def _yaml_text(text: str) -> str:
    """A YAML scalar for any text: a JSON string is a valid double-quoted YAML string."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _now_text(zone: str) -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(zone)).replace(microsecond=0).isoformat()


def _shell_word(text: str) -> str:
    """`text` as one word of a command to paste into this system's shell."""
    if os.name == "posix":
        import shlex

        return shlex.quote(text)
    import subprocess

    return subprocess.list2cmdline([text])


def _written_new(target: Path, text: str) -> bool:
    """Whether the new post's or page's file `target` was written; False, said, when a file is
    there already (never replaced) or it cannot be written: a file where a folder of its path
    should be (content/posts/ a file: "already exists" named the post, which was not there)
    or a folder not writable is named (`site_folder.first_in_the_way`)."""
    from blogforge.site_folder import first_in_the_way

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as handle:  # "x": never replace a file
            handle.write(text)
        return True
    except OSError as exc:  # (or a name the file system refuses: too long for it, say)
        if isinstance(exc, FileExistsError) and os.path.lexists(target):
            print(f"error: {_shown(target)} already exists; blogforge new never replaces a "
                  "file (choose another title or --slug)", file=sys.stderr)
            return False
        blocked = first_in_the_way(target.parents)
        why = f"{_shown(blocked[0])} {blocked[1]}" if blocked else exc.strerror or str(exc)
        print(f"error: cannot write {_shown(target)}: {why}", file=sys.stderr)
        return False


def _shown(path: Path) -> str:
    return os.path.relpath(path) if path.is_relative_to(os.getcwd()) else str(path)
