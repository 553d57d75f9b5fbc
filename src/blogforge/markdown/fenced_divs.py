"""Quarto's (and Pandoc's) fenced divs, as the callouts blogforge draws.

    ::: {.callout-tip title="Why scale?"}      a tip titled "Why scale?" (or by a first
    ## Why scale?                              `## heading` inside it, as Quarto takes it)
    …
    :::

    ::: {.theorem #thm-elbo name="ELBO"}       a theorem callout: "定理（ELBO）" / "Theorem (ELBO)"
    ::: {.proof}                               and the other kinds Quarto numbers and names

A paper-notes writer from Quarto published the `:::` lines and the attributes as text, the
callout's heading as a heading of the post (in its table of contents). Before a body is parsed,
each such div becomes the blockquote callout syntax (`> [!TIP] Why scale?`: alerts.py), one
line for one, so later messages still point at the right line. A div of another class (a
column, a panel of tabs) shows its content, its fences dropped, and is said. `::: {#refs}`
(where Pandoc puts the references) is where a post with a bibliography lists them (it leaves
`<div id="refs"></div>` for citations.py to fill); in a post without one it is dropped, said,
and a citation (`[@kingma2013]`) stays as written, said with how to make it one. Code fences
are never looked into.

VuePress's (VitePress's) custom containers and Yuque's (语雀) export are written alike, a
bare word, VuePress's with a title after it:

    ::: tip 为什么要缩放              :::tips         Yuque's `tips`, `info`, `warning`,
    …                                …               `danger`, `success`
    :::                              :::

and are the callouts that mean the same (`::: details`: a folded one).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from blogforge.markdown.crossrefs import THEOREM_PREFIXES, is_cross_reference
from blogforge.markdown.fences import in_fenced_code
from blogforge.text import compiled_when_used

# `::: {.callout-note title="…"}`, `::: callout-note`, `:::: {.theorem #thm-a}`
_OPENING = compiled_when_used(r"^(:{3,})\s*(\{[^}]*\}|[\w-]+)\s*:*\s*$")
_CLOSING = re.compile(r"^:{3,}\s*$")
_NESTED_OPENING = compiled_when_used(r"^(?:[ \t]+|(?:>[ \t]?)+[ \t]*)(?:[-*+][ \t]+|\d+[.)][ \t]+)?"
                                     r":{3,}\s*\{[^}]*\}\s*$")
_CLASS = re.compile(r"(?:^|\s)\.([\w-]+)")
_ID = re.compile(r"(?:^|\s)#([\w:-]+)")
_ATTRIBUTE = compiled_when_used(r"""([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))""")
_HEADING = compiled_when_used(r"^#{1,6}\s+(.*?)\s*#*\s*(?:\{[^}]*\}\s*)?$")  # (its {#id} too)

CALLOUTS = ("note", "tip", "important", "warning", "caution")
# VuePress's containers and Yuque's, a bare word: the callout each is drawn as (`details`:
# folded, a <details> the reader opens)
CONTAINERS = {"tip": "TIP", "tips": "TIP", "success": "TIP", "info": "NOTE", "note": "NOTE",
              "warning": "WARNING", "danger": "CAUTION", "caution": "CAUTION",
              "important": "IMPORTANT", "details": "NOTE"}
# and one with its title (`::: tip 为什么要缩放`), which Pandoc's divs have no place for
_TITLED = compiled_when_used(r"^(:{3,})\s*(" + "|".join(CONTAINERS) + r")[ \t]+(\S.*?)\s*$",
                             re.IGNORECASE)
# What Quarto numbers and names as a theorem does (alerts.py labels them)
THEOREMS = ("theorem", "lemma", "corollary", "proposition", "conjecture", "definition",
            "example", "exercise", "solution", "remark", "proof")

Warn = Callable[[str, int], None]
# Where `::: {#refs}` stood, for citations.py to put the references (raw HTML: a block of its
# own, which nothing else a body makes looks like)
REFERENCES_MARKER = '<div id="refs"></div>'


# Pandoc's citation: `[@kingma2013]`, `[see @a, p. 3; -@b]` (not an address, `[me@x.org]`)
# (a link's words are none: `[@karpathy](https://x.com/karpathy)`, `[@ylecun][yl]`, Obsidian's
# `[[@note]]`)
# A pair of brackets on a line, not `[[`, not followed by `(`, `[` or `]`, holding `@key` first
# (after an optional `-`), or after `;` and spaces, or after a space with no `@` before it:
# the matches of `(?<!\[)\[(?:[^\]\n]*;\s*|[^\]\n@]*\s)?-?@[A-Za-z0-9_][^\]\n]*\](?![(\[\]])`,
# which read from each `[` to the line's end, more than once: a line of `[@[@…` took minutes
# (`_citations` finds them in a pass)
_KEY_FIRST = re.compile(r"-?@[A-Za-z0-9_]")
_KEY_AFTER_SEMICOLON = re.compile(r";\s*-?@[A-Za-z0-9_]")
_SPACE = re.compile(r"\s")


def quarto_divs(body: str, warn: Warn, bibliography: bool = False) -> str:
    """`body` with its fenced divs rewritten as the module says (`warn(message, line)`, the
    line 1-based in the body); its Pandoc citations, which stay as written without a
    `bibliography`, said."""
    if "[" in body and "@" in body and not bibliography:
        _say_citations(body, warn)
    if ":::" not in body:
        return body
    lines = body.split("\n")
    out: list[str] = []
    stack: list[bool] = []  # for each open div: whether it is a callout (a level of `> `)
    opened_at: list[int] = []  # and the line it opens on
    for number, (line, code) in enumerate(zip(lines, in_fenced_code(lines), strict=True),
                                          start=1):
        quoted = "> " * sum(stack)
        if code:
            out.append(quoted + line)
            continue
        if stack and _CLOSING.match(line):
            stack.pop()
            opened_at.pop()
            out.append(("> " * sum(stack)).rstrip())
            continue
        opening = _OPENING().match(line) or _TITLED().match(line)
        if opening is None:
            if _NESTED_OPENING().match(line):
                warn("a fenced div `:::` inside a list or a quote is shown as written: start "
                     "it at the line's start (a callout inside a list: `> [!NOTE]`)", number)
            out.append(quoted + line if line.strip() or not stack else quoted.rstrip())
            continue
        title = opening.group(3) if opening.re is _TITLED() else ""
        marker, is_callout = _callout(opening.group(2), warn, number, bibliography, title)
        stack.append(is_callout)
        opened_at.append(number)
        out.append("> " * sum(stack) + marker if is_callout else
                   quoted + marker if marker else quoted.rstrip())
    for number in opened_at:  # (it runs to the end, as Quarto shows it)
        warn("a fenced div `:::` opened here is never closed: it holds the rest of the post; "
             "close it with a line of `:::`", number)
    # (a first `## heading` inside a callout is its title, as Quarto shows it)
    return "\n".join(_titled(out))


def _say_citations(body: str, warn: Warn) -> None:
    """Pandoc's citations outside code, said once for the post at the first: a Quarto
    writer's `[@kingma2013]` was published as written, without a word."""
    # (most posts cite nothing: one search of the whole body, its inline code left out as
    # each line's is below, rules them out; it finds all the lines do, and a little more)
    if not _may_cite(body) or next(_citations(re.sub(r"`[^`\n]*`", "", body)), None) is None:
        return
    lines = body.split("\n")
    found = [(number, cited)
             for number, (line, code) in enumerate(zip(lines, in_fenced_code(lines),
                                                       strict=True), start=1) if not code
             for cited in _citations(re.sub(r"`[^`]*`", "", line))
             if not is_cross_reference(cited)]
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        warn(f"Pandoc's citation `{found[0][1]}` is shown as written{more}: the post has no "
             "bibliography; name your BibTeX file in its front matter (`bibliography: "
             "refs.bib`, beside the post) or in site.yaml to make citations and references",
             found[0][0])


# An `@` before what may start a key, or before inline code that, left out, may leave one there
_MAY_START_A_KEY = re.compile(r"@[A-Za-z0-9_`]")


def _may_cite(body: str) -> bool:
    """Whether `body` may hold a citation: an `@` starting a key with a `[` before it on its
    line. Found in a pass over the `@`s: `_citations` lists where every line of the body ends,
    and a post that has an `@` and a `[` (the corpus's: `A @ B` in Python, `[0, 1]`), most of
    them, cites nothing all the same."""
    for key in _MAY_START_A_KEY.finditer(body):
        at = key.start()
        if body.rfind("[", body.rfind("\n", 0, at) + 1, at) >= 0:
            return True
    return False


def _citations(text: str) -> Iterator[str]:
    """Pandoc's citations in `text` as written, in order and apart (a citation ends at the
    first `]` after its `[`, so each `[` is asked where its `]`, its first `@`, its first
    `; @key` are: found once for all, by bisection)."""
    closers = [found.start() for found in re.finditer(r"[\]\n]", text)]
    ats = [found.start() for found in re.finditer("@", text)]
    after_semicolons = [found.span() for found in _KEY_AFTER_SEMICOLON.finditer(text)]
    semicolons = [start for start, _end in after_semicolons]
    at = text.find("[")
    while at != -1:
        if at == 0 or text[at - 1] != "[":
            end = closers[index] if (index := bisect.bisect(closers, at)) < len(closers) else -1
            if end != -1 and text[end] == "]" and text[end + 1:end + 2] not in ("(", "[", "]"):
                first_at = ats[index] if (index := bisect.bisect(ats, at)) < len(ats) else end
                later = bisect.bisect(semicolons, at)
                key = first_at - (text[first_at - 1] == "-")  # (`-@key`: its `-`)
                cites = _KEY_FIRST.match(text, at + 1) is not None or (
                    later < len(semicolons) and after_semicolons[later][1] <= end) or (
                    first_at < end and key - 1 > at and _KEY_FIRST.match(text, key) is not None
                    and _SPACE.match(text, key - 1) is not None)
                if cites:
                    yield text[at:end + 1]
                    at = text.find("[", end + 1)
                    continue
        at = text.find("[", at + 1)


def _callout(written: str, warn: Warn, number: int, bibliography: bool = False,
             title: str = "") -> tuple[str, bool]:
    """The callout marker a div's opening line makes (`[!TIP] Why`), and whether it makes
    one: a div of another class shows its content, said; `::: {#refs}` in a post with a
    `bibliography` is the place of its references. `title`: a VuePress container's."""
    if (container := CONTAINERS.get(written.lower())) is not None:
        fold = "-" if written.lower() == "details" else ""
        return f"[!{container}]{fold} {title}".rstrip(), True
    inner = written.strip("{}")
    classes = _CLASS.findall(inner) or ([written] if not written.startswith("{") else [])
    attributes = {found.group(1).lower(): next((v for v in found.groups()[1:] if v), "")
                  .replace('\\"', '"') for found in _ATTRIBUTE().finditer(inner)}
    named = _ID.search(inner)
    label = named.group(1) if named is not None else ""
    # (Quarto's own theorem is an id's prefix, `::: {#thm-elbo}`: numbered, crossrefs.py)
    by_label = THEOREM_PREFIXES.get(label.split("-")[0]) if "-" in label else None
    for name in classes + ([by_label] if by_label else []):
        kind = name.lower().removeprefix("callout-")
        if name.lower().startswith("callout-") and kind in CALLOUTS:
            fold = {"true": "-", "false": "+"}.get(attributes.get("collapse", ""), "")
            return f"[!{kind.upper()}]{fold} {attributes.get('title', '')}".rstrip(), True
        if kind in THEOREMS:
            numbered = f" {{#{label}}}" if by_label else ""
            return f"[!{kind.upper()}] {attributes.get('name', '')}".rstrip() + numbered, True
    if label == "refs":
        if bibliography:
            return REFERENCES_MARKER, False
        warn("`::: {#refs}` is where Pandoc puts the references, and the post has no "
             "bibliography: name your BibTeX file in its front matter (`bibliography: "
             "refs.bib`) to list them here", number)
        return "", False
    if written.startswith("{"):
        warn(f"Quarto's `::: {written}` is shown as its content: blogforge draws callouts "
             "(`.callout-note`…) and theorems (`.theorem`, `.proof`…) of fenced divs, no other",
             number)
    else:  # (a bare word: VuePress's, Yuque's or Pandoc's)
        warn(f"`::: {written}` is shown as its content: blogforge draws callouts of "
             "`::: tip`, `::: info`, `::: warning`, `::: danger`, `::: details` (VuePress, "
             "Yuque) and `::: callout-note`… (Quarto), and theorems (`.theorem`…), no other",
             number)
    return "", False


def _titled(lines: list[str]) -> list[str]:
    """A callout's marker line followed by a `## heading` (its first block, after empty lines
    or none, as Quarto reads it) takes the heading as its title, the heading's line left an
    empty line of the quote. (After an empty line, the heading stayed the post's: in its
    contents, and the callout titled "Note".)"""
    for at, line in enumerate(lines[:-1]):
        marker = re.match(r"^((?:> )+)(\[![A-Z]+\][+-]?)( \{#[^}]*\})?$", line)
        if marker is None:
            continue
        prefix = marker.group(1)
        first = at + 1
        while first < len(lines) - 1 and lines[first] == prefix.rstrip():
            first += 1
        following = lines[first]
        if following.startswith(prefix) and (
                heading := _HEADING().match(following[len(prefix):])) is not None:
            lines[at] = f"{prefix}{marker.group(2)} {heading.group(1)}{marker.group(3) or ''}"
            lines[first] = prefix.rstrip()
    return lines
