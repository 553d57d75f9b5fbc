"""`blogforge import hexo|jekyll|hugo|notion SRC DEST`: move a blog in from another generator,
or notes from Notion.

The import itself lives in blogforge.importer, imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from blogforge.commands import TYPE_CHECKING, path_argument

if TYPE_CHECKING:
    from pathlib import Path

GENERATORS = ("hexo", "jekyll", "hugo", "notion", "wordpress")


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import", help="turn a Hexo, Jekyll or Hugo blog, a Notion export or a WordPress "
        "export into a "
        "blogforge site",
        description="Read the blog repository SRC (left untouched) and write a blogforge site "
        "into DEST (a new or empty folder, or a new repository holding only .git, README, "
        "LICENSE and .gitignore): site.yaml from its config, posts, drafts, pages and "
        "static files, with permalinks that keep every post's URL, and the GitHub Pages "
        "workflow, requirements.txt and .gitignore that `new site` writes (where DEST has "
        "none). With `notion`, SRC is "
        "Notion's \"Markdown & CSV\" export, its folder or its .zip: each page becomes a post. "
        "With `wordpress`, SRC is the .xml file of WordPress's Tools → Export. "
        "What cannot be carried over is listed with file and line.")
    parser.add_argument("generator", choices=GENERATORS,
                        help="what SRC was built with (notion: exported from)")
    parser.add_argument("src", type=path_argument, metavar="SRC",
                        help="the blog's repository, Notion's export (folder or .zip), or "
                        "WordPress's export (.xml)")
    parser.add_argument("dest", type=path_argument, metavar="DEST", help="the new site's folder")
    parser.add_argument("--unzipped-limit", type=_gigabytes, default=None, metavar="GB",
                        help="notion: how much a zipped export may unzip into, all its parts "
                        "together (default 8 GB: a zip past it is refused as a zip bomb)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from blogforge.diagnostics import counted  # (here: `blogforge --help` imports this module)
    from blogforge.importer import ImportFailure, import_site

    try:
        site = import_site(args.generator, args.src, args.dest,
                           args.unzipped_limit and int(args.unzipped_limit * (1 << 30)))
    except ImportFailure as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts = [counted(n, noun) for n, noun in
              ((site.posts, "post"), (site.pages, "page"), (site.files, "file"))]
    print(f"imported {counts[0]}, {counts[1]} and {counts[2]} from {args.src} into {args.dest}")
    print_publishing_files(args.dest)
    if site.written:
        print(f"pages written as posts ({len(site.written):,}):")
        for source, target in site.written:
            print(f"  {args.src}/{source} → {target}")
    if site.rewritten_formulas:
        print(formulas_summary(site.rewritten_formulas, site.formulas_reason, args.src))
    if site.renamed_keys:
        print(keys_summary(site.renamed_keys, site.keys_reason, args.src))
    if site.rooted_pictures:
        print(rooted_pictures_summary(site.rooted_pictures, args.src))
    if site.kept_published:
        print(published_summary(site.kept_published, site.published_reason, args.src))
    if site.held_back:
        print(held_back_summary(site.held_back, f"{site.held_reason}; {site.held_written}",
                                args.src))
    if site.readable_drafts:
        print(readable_drafts_summary(site.readable_drafts, args.src))
    if site.unlisted:
        print(unlisted_summary(site.unlisted, site.unlisted_reason, args.src))
    if site.notes:
        print(f"not carried over, or carried over differently ({len(site.notes):,}):")
        for note in site.notes:
            print(f"  {placed(args.src, note.path)}{str(note)[len(note.path):]}")
    if site.build_problems:
        print(build_problems_summary(site.build_problems, args.dest))
    print(f"next: blogforge build --source {args.dest}; push it to GitHub and set Settings → "
          "Pages → Source to GitHub Actions, or run blogforge deploy")
    return 0


def _gigabytes(text: str) -> float:
    """`--unzipped-limit`'s value: gigabytes, more than none (`20`, `0.5`, `12GB`)."""
    try:
        value = float(text.strip().upper().removesuffix("GB"))
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of gigabytes (20, 0.5)")
    return value


def print_publishing_files(dest: Path) -> None:
    """Write what `new site` writes to publish a site (its GitHub Pages workflow,
    requirements.txt, .gitignore) where the import's folder has none, and say so: an imported
    site pushed to GitHub had no workflow, and its output and cache were committed."""
    from blogforge.commands.new import PUBLISHING_FILES, write_publishing_files

    written, note = write_publishing_files(dest)
    if written:
        print(f"written as blogforge new site writes them, to publish with GitHub Actions: "
              f"{', '.join(written)}")
    kept = [name for name in PUBLISHING_FILES if name not in written]
    if kept:
        print(f"kept as they were in {dest}: {', '.join(kept)}")
    ignore = dest / ".gitignore"
    if ".gitignore" in kept and ignore.is_file():  # (a new repository's)
        # each named by a line of its own (`public/`, `/public`, `public/*`): one of the two
        # alone left the other committed, unsaid
        ignored = {line.strip().rstrip("*").strip("/")
                   for line in ignore.read_text(encoding="utf-8", errors="replace").splitlines()}
        missing = [(name, what) for name, what in (("public", "output"),
                                                   (".blogforge-cache", "cache"))
                   if name not in ignored]
        if missing:
            print(f"note: {ignore} does not leave out blogforge's "
                  f"{' and '.join(what for _, what in missing)}: add the "
                  f"line{'s' if len(missing) > 1 else ''} "
                  f"{' and '.join(f'/{name}/' for name, _ in missing)} to it", file=sys.stderr)
    if note:
        print(f"note: {note}", file=sys.stderr)


def placed(src: Path, path: str) -> str:
    """A place the report names: a file below SRC, or SRC itself when it is one file (a
    WordPress export, whose notes name its lines)."""
    return f"{src}/{path}" if path else str(src)


def formulas_summary(rewritten: list, reason: str, src: Path, shown: int = 5) -> str:
    """The formulas whose Markdown escapes became plain TeX: how many, why, where (a few)."""
    from blogforge.diagnostics import listed_lines  # (here: `blogforge --help` imports this module)

    lines = list(dict.fromkeys(f"{src}/{note.path}:{note.line}" for note in rewritten))
    places = listed_lines(lines, shown, "and {:,} more lines")
    return "\n".join([f"formulas made plain TeX ({len(rewritten):,}): {reason} read them as "
                       "Markdown, whose escapes they held (`x\\_i` for `x_i`, `\\\\\\\\` "
                       "for `\\\\`, `\\\\{` for `\\{`)", *places])


def keys_summary(renamed: dict, reason: str, src: Path, shown: int = 5) -> str:
    """The front matter keys written as blogforge reads them: how many, which, why, where (a
    few)."""
    from blogforge.diagnostics import listed_lines  # (here: `blogforge --help` imports this module)

    kinds = Counter(renamed.values())
    places = listed_lines([f"{src}/{path}:{line}" for path, line in renamed], shown,
                          "and {:,} more")
    return "\n".join([f"front matter keys written as blogforge reads them ({len(renamed):,}): "
                      + ", ".join(f"{change} ({count:,})" for change, count in kinds.items())
                      + f"; {reason}", *places])


def rooted_pictures_summary(rooted: dict, src: Path, shown: int = 5) -> str:
    """The front matter pictures written from the site's root, as Hugo's themes found them:
    how many, why, where (a few)."""
    from blogforge.diagnostics import listed_lines  # (here: `blogforge --help` imports this module)

    places = listed_lines([f"{src}/{path}:{line}: {change}"
                           for (path, _), (line, change) in rooted.items()], shown,
                          "and {:,} more")
    return "\n".join([f"front matter pictures written from the site's root ({len(rooted):,}): "
                      "Hugo's themes (PaperMod's `cover.image`, Hugo's `images`) found a "
                      "picture the page's bundle does not hold in `static/`, the site's root; "
                      "blogforge looks beside the page, so these name it from the root", *places])


def published_summary(kept: dict, reason: str, src: Path) -> str:
    """The posts the old site published whose front matter would hold them back in blogforge,
    each line commented out: every place, since each is a post the writer may have meant to
    hold back (and never did)."""
    return "\n".join([f"kept published as the old site did ({len(kept):,}): {reason}, so "
                      "these lines did not hold the post back; blogforge would, and they are "
                      "commented out (remove the `# ` to hold a post back)",
                      *(f"  {src}/{path}:{line}: {written}"
                        for (path, line), written in kept.items())])


def readable_drafts_summary(lines: dict, src: Path) -> str:
    """The `published` lines commented out in drafts the old site showed with its drafts
    option, which blogforge could not read: every place, as above. Apart from the posts kept
    published: a draft is published by neither."""
    return "\n".join([f"commented out in drafts ({len(lines):,}): the old site showed these "
                      "drafts with its drafts option, but blogforge could not read their "
                      "`published` line, which would stop `blogforge build --drafts`; each "
                      "stays a draft",
                      *(f"  {src}/{path}:{line}: {written}"
                        for (path, line), written in lines.items())])


def held_back_summary(held: dict, reason: str, src: Path) -> str:
    """The posts the old site held back for a `published` line the build would publish them
    with (or could not read), each written `published: false`: every place, as above."""
    return "\n".join([f"held back as the old site did ({len(held):,}): {reason}",
                      *(f"  {placed(src, path)}:{line}: {written}"
                        for (path, line), written in held.items())])


def unlisted_summary(lines: dict, reason: str, src: Path) -> str:
    """The posts the old site kept out of its lists, which blogforge unlists too: every
    place, each a post its writer may mean to publish, or to keep unseen."""
    return "\n".join([f"unlisted as the old site had them ({len(lines):,}): {reason}; "
                      "blogforge reads these lines as `unlisted: true`: each post is "
                      "published at its URL, for whoever has the link, and is in no list, "
                      "feed, sitemap or search (`draft: true` publishes nothing)",
                      *(f"  {src}/{path}:{line}: {written}"
                        for (path, line), written in lines.items())])


def build_problems_summary(problems: list, dest: Path) -> str:
    """What the build will stop at, every place as the build will name it: the files were
    copied as they were (their text is the writer's), to be fixed before building."""
    return "\n".join([f"the build will stop at these ({len(problems):,}): copied as they "
                      "were; fix them before `blogforge build`",
                      *(f"  {dest}/{problem}" for problem in problems)])
