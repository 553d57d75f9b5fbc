"""Pictures linked to github.com, as a writer who edits there copies their addresses.

Two addresses look like a picture's and are not one a reader can count on:

- `https://github.com/u/r/blob/main/x/a.png` is GitHub's page showing the file, HTML: as an
  `<img>` it is broken for every reader. (`?raw=true`, and `/raw/` in its place, lead to the
  file itself.)
- `https://github.com/user-attachments/assets/…` is a file dropped into an issue, a pull
  request or a comment (or the editor's preview): it is served only while its repository is
  public, and github.com is slow or blocked for many readers, in mainland China among them.
  `private-user-images.githubusercontent.com` is one of a private repository, copied from a
  page: its address is signed for minutes, broken by the time it is published.

The pictures are published as written (the writer's choice stays theirs); the writer is told
once for the post for each kind, at the first such picture's line, as hotlinked_images.py
tells of hosts that refuse other sites: `--strict`, the CI workflow's, stops on it.
"""

from __future__ import annotations

import re
from html import unescape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from blogforge.markdown.images import RAW_IMG, src_of
from blogforge.markdown.unclosed import children_with_lines
from blogforge.text import compiled_when_used

# GitHub's page of a file: user, repository, then the branch (or commit) and the file's path
BLOB_PAGE = compiled_when_used(r"https?://(?:www\.)?github\.com/([^/?#]+)/([^/?#]+)/blob/([^?#]+)"
                               r"(\?[^#]*)?", re.IGNORECASE)
ATTACHMENT = re.compile(r"https?://(?:www\.)?github\.com/user-attachments/", re.IGNORECASE)
SIGNED = re.compile(r"https?://private-user-images\.githubusercontent\.com/", re.IGNORECASE)


def github_images_plugin(md: MarkdownIt) -> None:
    """Use after `images_plugin` (the `src` as written, resolved by none)."""
    md.core.ruler.push("github_images", _github_images)


def github_kind(url: str) -> str | None:
    """Which of the addresses above a picture's is ("blob", "attachment", "signed"), or None."""
    url = url.strip()
    if (page := BLOB_PAGE().match(url)) is not None:
        return None if re.search(r"(?:^|[?&])raw=(?:true|1)\b", page[4] or "") else "blob"
    if ATTACHMENT.match(url):
        return "attachment"
    return "signed" if SIGNED.match(url) else None


def _github_images(state: StateCore) -> None:
    if "github" not in state.src:
        return
    page = state.env.get("page")
    if page is None or page.feed:  # (said once: for the page, not again for the feed)
        return
    found: dict[str, list[tuple[str, int]]] = {}  # kind -> (URL, body line) of each picture
    for block in state.tokens:
        line = block.map[0] + 1 if block.map else 1
        if block.type == "html_block":
            _raw_images(block.content, line, found)
        for token, token_line in children_with_lines(block, line):
            if token.type == "image":
                url = str(token.attrGet("src") or "")
                if (kind := github_kind(url)) is not None:
                    found.setdefault(kind, []).append((url, token_line))
            elif token.type == "html_inline" and token.content[:4].lower() == "<img":
                _raw_images(token.content, token_line, found)
    for kind, pictures in found.items():
        page.warn(_message(kind, pictures), pictures[0][1])


def _raw_images(html: str, line: int, found: dict[str, list[tuple[str, int]]]) -> None:
    """Note each `<img>` of raw HTML whose address is one of the above, at its line."""
    if "<img" not in html.lower():
        return
    for tag in RAW_IMG.finditer(html):
        url = unescape(src_of(tag.group(0)))
        if (kind := github_kind(url)) is not None:
            found.setdefault(kind, []).append((url, line + html.count("\n", 0, tag.start())))


def raw_address(url: str) -> str:
    """The file a GitHub file page shows: `github.com/u/r/blob/main/a.png` →
    `raw.githubusercontent.com/u/r/main/a.png`."""
    page = BLOB_PAGE().match(url.strip())
    assert page is not None
    return f"https://raw.githubusercontent.com/{page[1]}/{page[2]}/{page[3]}"


def _message(kind: str, pictures: list[tuple[str, int]]) -> str:
    one = len(pictures) == 1
    it, count = ("it", "a picture") if one else ("them", f"{len(pictures)} pictures")
    beside = (f"download {it} into the post's folder and link {it} by name "
              "(`![说明](figure.png)`)")
    if kind == "blob":
        first = pictures[0][0]
        return (f"{count} link{'s' if one else ''} to GitHub's page of a file (`{first}`"
                f"{'' if one else ', …'}), an HTML page, not the image: readers see "
                f"{it} broken; put the file beside the post and link it by name "
                f"(`![说明](figure.png)`), or link the image itself: {raw_address(first)}")
    if kind == "attachment":
        return (f"{count} {'is' if one else 'are'} on github.com/user-attachments (a file put "
                "into an issue, a pull request or a comment): GitHub serves such a file only "
                "while its repository is public, and github.com is slow or blocked for many "
                f"readers (in mainland China among them); {beside}")
    return (f"{count} {'is' if one else 'are'} on private-user-images.githubusercontent.com, "
            "a private repository's, whose addresses stop working minutes after they are "
            f"copied: readers see {it} broken; {beside}")
