"""Pandoc's citations, made from the post's bibliography (`bibliography.py`).

    [@kingma2013]                  (Kingma & Welling, 2013), a link to its reference
    [see @vaswani2017, p. 3; @ho2020]
                                   (see Vaswani et al., 2017, p. 3; Ho et al., 2020)
    [-@kingma2013]                 (2013): the names are in the sentence already
    @kingma2013 shows …            Kingma & Welling (2013) shows …
    @kingma2013 [p. 3] shows …     Kingma & Welling (2013, p. 3) shows …

The references follow the post, under a heading in the page's language ("参考文献",
"References"), or stand where `::: {#refs}` is (Quarto's place for them: fenced_divs.py leaves
`<div id="refs"></div>` there), each cited entry once, in author-date order; two entries that
would be cited alike are told apart by a letter after the year ("2013a"). A bracketed key the
bibliography lacks shows bold as Pandoc shows it, **kingma2031?**, said at its line; an
in-text `@name` it lacks is a name, as written (`关注 @karpathy`).

Only a post with a bibliography has citations (`env["citations"]`): elsewhere they stay as
written, said once by fenced_divs.py. Not citations: an address (`me@example.org`), a link's
words (`[@karpathy](https://x.com/karpathy)`, `[@ylecun][yl]`), Obsidian's `[[@note]]`, a URL's
`/@user`, code. A citation is made of the tokens a link is made of (a `<span>` around text and
`<a>`s): the excerpt shows its words, the search finds them, a feed makes its links absolute.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from blogforge.bibliography import (
    FRONT_MATTER_KEY,
    KINDS_READ,
    NOCITE_KEY,
    PANDOC_KEYS,
    REFERENCES_KEY,
    SUPPRESS_KEY,
    TITLE_KEY,
    Bibliography,
    BibliographyFiles,
    Entry,
    Named,
    csl_bibliography,
    kind_of,
    nocited,
    pandoc_key_said,
)
from blogforge.content.loader import key_place
from blogforge.content.permalinks import path_problem, shown_path
from blogforge.diagnostics import Diagnostics
from blogforge.fingerprint import hash_text
from blogforge.markdown.crossrefs import is_label
from blogforge.markdown.fenced_divs import REFERENCES_MARKER as MARKER
from blogforge.name_order import Readings
from blogforge.text import compiled_when_used, name_ends

# A citation key: letters of any script (Zotero's `李航2012`), digits, `_`, and punctuation
# inside it (`a:b`, `doe-2020`), not at its end (`@a2013.` ends a sentence); or anything in
# braces, as Pandoc allows (`@{10.1000/xyz}`). In brackets it ends where the item does; in
# the text, at the longest start of it the bibliography has (`@kingma2013的`, `@李航2012的`)
_WIDE_KEY = r"(?:\{[^{}\s]+\}|\w(?:[\w:.#$%&+?<>~/-]*\w)?)"
_WIDE_KEY_AT = compiled_when_used(_WIDE_KEY)
_AT_KEY = compiled_when_used("@(" + _WIDE_KEY + ")")
# One item of a bracketed citation: a prefix ending in a space, `-` to leave the names out,
# the key, and a suffix (a locator: `, p. 3`)
_ITEM = compiled_when_used(r"\s*(?P<prefix>[^@]*?\s)?(?P<minus>-?)@(?P<key>" + _WIDE_KEY + r")"
                           r"(?P<suffix>[^@]*?)\s*", re.S)
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")
_LOCATOR = compiled_when_used(r"[ \t]?\[([^\[\]@\n]*)\](?![(\[:])")
# What may stand before an in-text `@key`: no letter or digit of a word (an address), nor a
# URL's `/@user`
_NOT_BEFORE = frozenset("_@[/.:-+=&%\\`'\"")
CITATION = "citation"  # token type, until `_resolve` makes it text and links
# A suffix that is a locator, which Pandoc reads as one with its comma left out too
# (`[@a p. 7]`: "(Doe, 2020, p. 7)"): a page, a chapter… or a number
_LOCATOR_WORD = compiled_when_used(
    r"(?:pp?|pages?|chaps?|chapters?|sec|sections?|figs?|figures?|vols?|volumes?|nos?|"
    r"notes?|paras?|paragraphs?|parts?|lines?|eqs?|ll?|col|columns?)\.?\s*\d|[§¶\d]|第",
    re.I)
# The headings a writer ends a post with for the references to go under
_REFERENCES_TITLES = frozenset({"references", "bibliography", "参考文献", "参考资料", "參考文獻",
                                "參考資料", "参考"})


@dataclass
class Citations:
    """A post's bibliography, for its citations (`env["citations"]`)."""

    bibliography: Bibliography
    files: str  # the files' names, for messages
    complete: bool = True  # every file was read: a key not found in them is said
    nocite: tuple[str, ...] = ()  # keys listed without being cited ("*": every entry)
    warn: Callable[[str, int], None] | None = None  # (message, 1-based body line)
    placed: bool = False  # the body's references are made (a summary parsed later gets none)
    said: set[str] = field(default_factory=set)  # keys said to be missing
    language: str = "en"  # the page's, whose order the references are sorted in
    suppressed: bool = False  # `suppress-bibliography: true`: no references, no links to them
    title: str | None = None  # `reference-section-title:`, else the theme's string


def citations_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "citation", _bracketed)
    md.inline.ruler.before("link", "citation_in_text", _in_text)
    md.core.ruler.before("footnote_tail", "citations", _resolve)
    md.add_render_rule("reference_entry_open", _render_entry)
    md.add_render_rule("reference_entry_close", _render_entry)


def post_citations(files: BibliographyFiles, post: Any, diagnostics: Diagnostics | None,
                   warn: Callable[[str, int], None] | None,
                   site_dir: Path | None) -> Citations | None:
    """The post's bibliography for its citations; None for a post without one. What is wrong
    with its files is said with the post (a file said of several posts is said once:
    `render_bodies`); `diagnostics` None (a feed's rendering) says nothing."""
    params = post.params if isinstance(post.params, dict) else {}
    for key in PANDOC_KEYS if diagnostics is not None else ():
        said = pandoc_key_said(key, params[key]) if key in params else None
        if said is not None:
            file, line, given = _key_place(post, key, site_dir)
            diagnostics.warning(said + given, file, line)
    named = files.named_by(post)
    inline = _inline_references(post)
    if not named and inline is None:
        return None
    shown = _shown_key(post)
    for file in named if diagnostics is not None else ():
        line, given = (files.site_wide_line, "") if file.by_site else \
            _key_place(post, FRONT_MATTER_KEY, site_dir)[1:]
        if file.followed:
            diagnostics.warning(f"`bibliography: {file.written}`{file.followed}{given}",
                                file.by, line)
        read = files.read(file.path)
        if read is not None:
            for problem in read.problems:
                diagnostics.warning(problem.message if kind_of(file.path) != "bibtex" else
                                    f"BibTeX: {problem.message}", Path(file.path),
                                    problem.line)
            continue
        there = files.elsewhere(file)
        if files.outside(file.path):
            said = (f"{file.path} is outside the site folder, and not read: a bibliography is "
                    f"a file of the site's own; the citations show their keys{shown}")
        elif there is not None:  # (the site's file, named from the post's folder)
            up = os.path.relpath(there, os.path.dirname(file.by.as_posix()))
            read_from = "a post's `bibliography:` is read from the post's folder" \
                if file.by == post.source else \
                "a cascade's `bibliography:` is read from the folder of its `_index.md`"
            said = (f"there is no file {file.path}: {read_from}; {there} is in the site "
                    "folder: write `bibliography: "
                    f"{up}` (or `/{there}`), or name it in site.yaml for every post; the "
                    f"citations show their keys{shown} until then")
        elif (problem := path_problem(file.path)) is not None:
            said = f"the name {problem}; the citations show their keys{shown} until then"
        elif files.digest_of(file.path) is None:
            said = (f"there is no file {file.path}; the citations show their keys{shown} "
                    "until there is")
        else:
            said = (f"{file.path} is read as none of {KINDS_READ}, which are read by the "
                    "name's ending: export it from Zotero as Better BibTeX or CSL JSON; the "
                    f"citations show their keys{shown}")
        diagnostics.warning(f"`bibliography: {shown_path(file.written)}`: {said}{given}",
                            file.by, line)
    if inline is not None and diagnostics is not None:
        source, line, given = _key_place(post, REFERENCES_KEY, site_dir)
        for problem in inline.problems:
            diagnostics.warning(f"`{REFERENCES_KEY}:` {problem.message}{given}", source, line)
    bibliography, complete = _bibliography_of(files, named, inline)
    return Citations(bibliography, ", ".join([file.path for file in named] + (
        [f"the front matter's `{REFERENCES_KEY}:`"] if inline is not None else [])),
        complete, nocited(params.get(NOCITE_KEY)), warn, language=str(post.lang or "en"),
        suppressed=str(params.get(SUPPRESS_KEY)).lower() in ("true", "yes"),
        title=" ".join(str(params.get(TITLE_KEY) or "").split()) or None)


def _key_place(post: Any, key: str, site_dir: Path | None) -> tuple[Path, int | None, str]:
    """Where a message about the post's `key` points (`key_place`: the `_index.md` line of
    a key a folder's cascade gave), its line unknown without the site folder."""
    if site_dir is None:
        return post.source, None, ""
    return key_place(site_dir, post, (key,))


_SHOWN_KEY = re.compile(r" \(\*\*[^*\s]+\?\*\*\)")


def _shown_key(post: Any) -> str:
    """How the post's first bracketed citation shows without its entry, ` (**li2012?**)`, for
    a message saying its bibliography is not read ("" for a post citing in brackets none)."""
    for group in _BRACKETED.finditer(str(post.body or "")):
        if (found := _AT_KEY().search(group.group(1))) is not None:
            return f" (**{found.group(1).strip('{}')}?**)"
    return ""


def without_shown_key(message: str) -> str:
    """A message about a bibliography that is not read, without the citation it shows as an
    example (` (**li2012?**)`, `_shown_key`): what the posts citing from one file say of it
    alike, each with its own first key."""
    return _SHOWN_KEY.sub("", message)


def _inline_references(post: Any) -> Bibliography | None:
    """The entries of the front matter's `references:` (CSL YAML, as Pandoc reads it there)."""
    value = post.params.get(REFERENCES_KEY) if isinstance(post.params, dict) else None
    if not isinstance(value, list) or not value or not all(
            isinstance(v, dict) for v in value) or not any("id" in v for v in value):
        return None  # (a theme's own `references:`, a list of links or of {title, url}, is none
        # of Pandoc's: `- {title: Docs, url: …}` is no entry to be warned of, "has no `id`")
    return csl_bibliography(value, "CSL YAML")


def _bibliography_of(files: BibliographyFiles, named: list[Named],
                     inline: Bibliography | None) -> tuple[Bibliography, bool]:
    """The entries a post cites from: its front matter's `references:` first, as Pandoc
    takes them, then its files'; and whether every file was read."""
    bibliography, complete = files.combined(named) if named else (Bibliography(), True)
    return (inline.merged(bibliography) if inline is not None else bibliography), complete


def citations_stamp(files: BibliographyFiles, post: Any) -> str:
    """What a post's body depends on of its bibliography: whether each file is there and what
    is said of it, and of its entries only those the post may cite, as they are: each `@word`
    of its text and summary (a bracketed key, or an in-text one and the starts of it that
    `_known_key` tries) and the keys `nocite:` lists; a key no entry has, by the key "did you
    mean" names. An entry Zotero's auto-export adds to a site-wide file, or an edit of an
    entry a post does not cite, renders no post again (a 5,000-entry file rendered every
    post); `nocite: "@*"` lists every entry, so its files' bytes count."""
    params = post.params if isinstance(post.params, dict) else {}
    written = repr([params.get(key) for key in PANDOC_KEYS]) \
        if any(key in params for key in PANDOC_KEYS) else ""
    named = files.named_by(post)
    inline = _inline_references(post)
    if not named and inline is None:
        return f"|bib:{hash_text(written)}" if written else ""
    bibliography, _ = _bibliography_of(files, named, inline)
    parts = [written] + [f"{file.path}:{files.state_of(file.path)}:{files.elsewhere(file)}"
                         f"{_said_as(files, file)}" for file in named]
    if inline is not None:
        parts.append(repr(post.params.get(REFERENCES_KEY)))
    nocite = nocited(post.params.get(NOCITE_KEY)) if isinstance(post.params, dict) else ()
    if "*" in nocite:
        parts += [str(files.digest_of(file.path)) for file in named]
    text = f"{post.body}\n{post.summary or ''}"
    keys = dict.fromkeys(key for key in nocite if key != "*")
    for found in _AT_KEY().finditer(text):
        word = found.group(1)
        if word.startswith("{"):
            keys[word.strip("{}")] = None
        else:
            keys.update((word[:end], None) for end in name_ends(word))
    # (a key in brackets that no entry has is said, with the key it may mean; one in the
    # text is a name, said of nothing)
    bracketed = {found.group(1).strip("{}") for group in _BRACKETED.finditer(text)
                 for found in _AT_KEY().finditer(group.group(1))}
    parts += [bibliography.stamp_of(key, key in bracketed) for key in keys]
    return f"|bib:{hash_text(*parts)}"


def _said_as(files: BibliographyFiles, file: Named) -> str:
    """How a file the body says it cannot read (or followed to another name) is written, and
    where that is said, when site.yaml names it: site.yaml's line, which an edit of
    site.yaml moves while the post's body, which uses none of its settings, is kept (a post's
    own `bibliography:` is in its text, a cascade's in what the post is given)."""
    if not file.by_site or (not file.followed and files.read(file.path) is not None):
        return ""  # (nothing said of it with the post)
    return f":{file.written}:{files.site_wide_line}"


def _bracketed(state: StateInline, silent: bool) -> bool:
    """`[see @a, p. 3; -@b]`: each item of it has one key, or it is no citation."""
    if state.src[state.pos] != "[" or state.env.get("citations") is None:
        return False
    start = state.pos
    found = _BRACKETED.match(state.src, start)
    if found is None or "@" not in found.group(1) or found.group(1).startswith("^"):
        return False  # (a footnote's mark: `[^a]`)
    after = state.src[found.end():found.end() + 1]
    before = state.src[start - 1] if start else ""
    if before == "[" or after in ("(", "[", "]") or state.linkLevel > 0:
        return False  # (a link's words, Obsidian's `[[@note]]`)
    if normalizeReference(found.group(1)) in state.env.get("references", {}):
        return False  # (a link to a definition, `[@me]: https://…`)
    items = []
    for written in found.group(1).split(";"):
        item = _ITEM().fullmatch(written)
        if item is None:
            return False
        items.append({"prefix": (item.group("prefix") or "").lstrip(),
                      "key": item.group("key").strip("{}"),
                      "suppress": bool(item.group("minus")),
                      "suffix": item.group("suffix")})
    if all(is_label(item["key"]) for item in items):
        return False  # (`[@fig-loss]`: a cross-reference, crossrefs.py)
    if not silent:
        token = state.push(CITATION, "", 0)
        token.meta = {"items": items, "in_text": False, "pos": start}
    state.pos = found.end()
    return True


def _in_text(state: StateInline, silent: bool) -> bool:
    """`@key`, maybe with a locator after it (`@key [p. 3]`)."""
    if state.src[state.pos] != "@" or state.env.get("citations") is None:
        return False
    start = state.pos
    before = state.src[start - 1] if start else ""
    if before and ((before.isascii() and before.isalnum()) or before in _NOT_BEFORE):
        return False
    if state.linkLevel > 0:
        return False
    # (a key the bibliography lacks is a name, not a citation: "关注 @karpathy" on a blog
    # whose site.yaml names a bibliography for every post; bracketed, `[@a]`, it is one)
    key = _known_key(state.src, start + 1, state.env["citations"].bibliography)
    if key is None:
        return False
    end = start + 1 + len(key)
    locator = _LOCATOR().match(state.src, end)
    suffix = ""
    if locator is not None:
        suffix, end = locator.group(1), locator.end()
    if not silent:
        token = state.push(CITATION, "", 0)
        token.meta = {"items": [{"prefix": "", "key": key.strip("{}"),
                                 "suppress": False, "suffix": suffix}],
                      "in_text": True, "pos": start}
    state.pos = end
    return True


def _known_key(text: str, at: int, bibliography: Bibliography) -> str | None:
    """The key written at `at` as the bibliography has it: the word there, or its longest start
    that ends where the script changes and is one of its keys (`kingma2013` of `kingma2013的`,
    `李航2012` of `李航2012的`)."""
    found = _WIDE_KEY_AT().match(text, at)
    if found is None:
        return None
    word = found.group(0)
    if word.startswith("{"):
        return word if bibliography.find(word.strip("{}")) is not None else None
    # (cut only where the script changes: `@lilianweng` is no citation of a key `li`)
    return next((word[:end] for end in name_ends(word)
                 if bibliography.find(word[:end]) is not None), None)


# --- the citations made text and links, and the references made ----------------------------

def _resolve(state: StateCore) -> None:
    context: Citations | None = state.env.get("citations")
    if context is None:
        return
    found = list(_citations(state))
    if not found and context.placed:
        return
    cited = [item["key"] for _, token, _ in found for item in token.meta["items"]]
    entries = _listed(context, cited)
    years = _years(entries)
    for children, token, line in found:
        at = children.index(token)
        children[at:at + 1] = _citation_tokens(token, context, years, line)
    if context.placed:  # (a written summary's citations: the body has the references)
        return
    context.placed = True
    marker = next((at for at, t in enumerate(state.tokens)
                   if t.type == "html_block" and t.content.strip() == MARKER), None)
    if not entries or context.suppressed:
        if marker is not None:
            del state.tokens[marker]
        return
    strings = state.env.get("t")
    title = context.title or (strings("references") if strings is not None else "References")
    if marker is None:
        line = max((t.map[1] for t in state.tokens if t.map), default=0)
        # (Pandoc's habit: a post that ends with an empty `## 参考文献` has them under it, not
        # under a second heading of ours, "参考文献-1")
        ends_titled = len(state.tokens) >= 3 and state.tokens[-1].type == "heading_close" \
            and state.tokens[-2].content.strip().casefold() in {
                title.casefold(), *_REFERENCES_TITLES}
        state.tokens += _references(entries, years, title, not ends_titled, line, 0)
    else:
        placed = state.tokens[marker]
        # (under the writer's own heading, as Pandoc places them: none of ours)
        heading = marker == 0 or state.tokens[marker - 1].type != "heading_close"
        state.tokens[marker:marker + 1] = _references(
            entries, years, title, heading, placed.map[0] if placed.map else 0, placed.level)


def _citations(state: StateCore) -> Iterator[tuple[list[Token], Token, int]]:
    """Each citation token, with the list it is in and its 1-based body line; those of inline
    notes (`^[see @a]`) too, at their mark's line."""
    note_lines: dict[int, int] = {}
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        first = block.map[0] if block.map else 0
        for child in block.children:
            if child.type == CITATION:
                yield block.children, child, first + block.content.count(
                    "\n", 0, child.meta["pos"]) + 1
            elif child.type == "image":  # (its alt text: `![VAE，来自 @kingma2013](x.png)`)
                for inner in child.children or ():
                    if inner.type == CITATION:
                        yield child.children, inner, first + 1
            elif child.type == "footnote_ref" and "pos" in child.meta:
                note_lines[child.meta["id"]] = first + block.content.count(
                    "\n", 0, child.meta["pos"]) + 1
    notes = state.env.get("footnotes", {}).get("list", {})
    for number, note in notes.items():
        for child in note.get("tokens") or ():
            if child.type == CITATION:
                yield note["tokens"], child, note_lines.get(number, 1)


def _listed(context: Citations, cited: list[str]) -> list[Entry]:
    """The entries the references list: those cited and `nocite:`'s, in author-date order."""
    wanted = context.bibliography.keys() if "*" in context.nocite else \
        [*cited, *context.nocite]
    entries = {entry.key: entry for key in wanted
               if (entry := context.bibliography.find(key)) is not None}
    # (pinyin is read only for two Chinese names or more, which it puts in order)
    readings = _PINYIN if sum(entry.cjk for entry in entries.values()) > 1 else _UNREAD
    return sorted(entries.values(), key=lambda entry: entry.sort_key(context.language, readings))


@dataclass
class _Pinyin:
    """The readings of runs of Chinese characters, read once a process (pypinyin is imported
    by the first list of references that needs them)."""

    read: dict[str, list[str]] = field(default_factory=dict)

    def of(self, run: str) -> list[str]:
        if run not in self.read:
            self.read[run] = Readings().of(run)
        return self.read[run]


class _Unread:
    """No readings: Chinese names in their group, unordered among themselves."""

    @staticmethod
    def of(run: str) -> list[str]:
        return [""] * len(run)


_PINYIN, _UNREAD = _Pinyin(), _Unread()


def _years(entries: list[Entry]) -> dict[str, str]:
    """Each entry's year as cited: with a letter where two would be cited alike
    ("Kingma & Welling, 2013a" and "…, 2013b", in the order the references list them)."""
    alike: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        alike.setdefault((entry.cited_names(), entry.year), []).append(entry)
    years = {}
    for group in alike.values():
        for number, entry in enumerate(group):
            letter = chr(ord("a") + number % 26) if len(group) > 1 else ""
            years[entry.key] = entry.year + letter
    return years


def _citation_tokens(token: Token, context: Citations, years: dict[str, str],
                     line: int) -> list[Token]:
    in_text = token.meta["in_text"]
    keys = [item["key"] for item in token.meta["items"]]
    made = [_token("citation_open", "span", 1, {"class": "citation",
                                                 "data-cites": " ".join(keys)})]
    if not in_text:
        made.append(_text("("))
    for number, item in enumerate(token.meta["items"]):
        if number:
            made.append(_text("; "))
        if item["prefix"]:
            made.append(_text(item["prefix"]))
        entry = context.bibliography.find(item["key"])
        # (a locator's `--` an en dash, as Pandoc's smart punctuation makes it: `pp. 33--35`)
        written = item["suffix"].strip().replace("---", "—").replace("--", "–")
        suffix = written.lstrip(",，、").strip()  # (a Chinese comma too)
        # the suffix as Pandoc adds it: after a comma where one is written (`[@a, p. 3]`, a
        # locator), after a space where none is (`[@a for details]`: "(Doe, 2020 for
        # details)"); an in-text citation's `[p. 3]` is its locator
        after = f", {suffix}" if suffix and (
            in_text or written[:1] in ",，、" or _LOCATOR_WORD().match(suffix)) else \
            f" {suffix}" if suffix else ""
        if entry is None:
            _say_missing(item["key"], context, line)
            made += [_token("strong_open", "strong", 1), _text(f"{item['key']}?"),
                     _token("strong_close", "strong", -1)]
            if after:
                made.append(_text(after))
            continue
        year = years.get(entry.key, entry.year)
        link = {"href": f"#ref-{quote(entry.key, safe=':/@!$&()*+,;=-._~')}",
                "role": "doc-biblioref"}
        if in_text:
            words = f"{entry.cited_names()} ({year}{after})"
            made += _linked(words, link, context)
            continue
        words = year if item["suppress"] else f"{entry.cited_names()}, {year}"
        made += _linked(words, link, context)
        if after:
            made.append(_text(after))
    if not in_text:
        made.append(_text(")"))
    made.append(_token("citation_close", "span", -1))
    for made_token in made:
        made_token.level = token.level
        # (no words of a heading's id: `## 方法 [@kingma2013]` is #方法, whatever the .bib
        # makes of the citation)
        made_token.meta = {**(made_token.meta or {}), "citation": True}
    return made


def _linked(words: str, link: dict[str, str], context: Citations) -> list[Token]:
    """A citation's words, a link to its reference; text alone where the references are left
    out (`suppress-bibliography`), as Pandoc prints them."""
    if context.suppressed:
        return [_text(words)]
    return [_token("link_open", "a", 1, link), _text(words), _token("link_close", "a", -1)]


def _say_missing(key: str, context: Citations, line: int) -> None:
    if context.warn is None or not context.complete or key in context.said:
        return
    context.said.add(key)
    broken = context.bibliography.broken_line(key)
    if broken is not False:  # (said at its line, of the file: the reader is pointed there)
        # (the warning's line: an entry read into one left open above it, `next2021` at line
        # 5, is said at that one's, 3, and "the entry `next2021` at line 3" sent the reader to
        # another entry)
        where = f"see the warning at line {broken} of {context.files}" \
            if broken is not None else f"said in {context.files}"
        context.warn(f"citation `@{key}`: the entry `{key}` cannot be read ({where}); shown as "
                     f"**{key}?**", line)
        return
    close = context.bibliography.suggested(key)
    hint = f"; did you mean `@{close}`?" if close else ""
    context.warn(f"citation `@{key}`: no entry `{key}` in the bibliography ({context.files}); "
                 f"shown as **{key}?**{hint}", line)


def _references(entries: list[Entry], years: dict[str, str], title: str, heading: bool,
                line: int, level: int) -> list[Token]:
    """The references section: its heading (a heading of the post, in its contents), and
    each entry, its id `ref-KEY` as Pandoc names it."""
    where = [line, line + 1]
    # (a section under a heading of its own; where it stands under the writer's, a `<div>`:
    # a section without one is said by HTML checkers, and named by none for a screen reader)
    tag = "section" if heading else "div"
    made = [_token("references_open", tag, 1, {"id": "refs", "class": "references"})]
    if heading:
        inline = _token("inline", "", 0)
        inline.content, inline.children, inline.map = title, [_text(title)], where
        made += [_token("heading_open", "h2", 1), inline, _token("heading_close", "h2", -1)]
        made[-3].markup = made[-1].markup = "##"
    made.append(_token("references_list_open", "div", 1,
                       {"class": "csl-bib-body", "role": "list"}))
    for entry in entries:
        made += [_token("reference_entry_open", "div", 1, {
            "id": f"ref-{entry.key}", "class": "csl-entry", "role": "listitem"}),
            _entry_inline(entry, entry.reference_html(years.get(entry.key, entry.year)),
                          where),
            _token("reference_entry_close", "div", -1)]
    made += [_token("references_list_close", "div", -1),
             _token("references_close", tag, -1)]
    for token in made:
        token.block = True
        token.map = token.map or where
        token.level = level
    return made


def _entry_inline(entry: Entry, made: str, where: list[int]) -> Token:
    """An entry's HTML as the children of an inline token: the HTML as it is, and each
    formula of its title (`$O(\\sqrt{n})$`) a formula of the page, which the site's math
    renders as it renders the body's (MathML in a feed)."""
    from blogforge.bibliography_latex import FORMULA  # (see bibliography.latex_text)

    children = []
    for number, piece in enumerate(FORMULA.split(made)):
        if number % 2 == 0:
            if piece:
                children.append(_token("html_inline", "", 0))
                children[-1].content = piece
            continue
        formula = _token("math_inline", "math", 0)
        formula.content, formula.markup = entry.formulas[int(piece)], "$"
        formula.meta = {"delim": "$", "display": False}
        children.append(formula)
    inline = _token("inline", "", 0)
    inline.content, inline.children = FORMULA.sub("", made), children
    for token in (inline, *children):
        token.map = where
    return inline


def _render_entry(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    token = tokens[idx]
    if token.nesting < 0:
        return "</div>\n"
    attrs = "".join(f' {name}="{html.escape(str(value))}"' for name, value in token.attrs.items())
    return f"<div{attrs}>"


def _token(kind: str, tag: str, nesting: int, attrs: dict[str, str] | None = None) -> Token:
    token = Token(kind, tag, nesting)
    for name, value in (attrs or {}).items():
        token.attrSet(name, value)
    return token


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
