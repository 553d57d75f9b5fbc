"""Code blocks: highlighted at build time by Pygments, with a language label, optional line
numbers and highlighted lines, a title, a copy button and folding of long blocks.

The info string takes the language, then optional attributes, in braces (Hugo style) or bare
(the style of Docusaurus and VitePress); both can be mixed:

    ```python {linenos=true hl_lines="2 4-5" linenostart=10 title="train.py"}
    ```python title="lru.py" group="solution"

Option names are matched whatever their case, as Hugo matches them (its docs write `lineNos`,
`lineNoStart`, `hl_Lines`); a name outside `KNOWN_OPTIONS` is warned of, not silently dropped.

The copy and unfold buttons are in the HTML but `hidden`: the theme's script shows them, so a
reader without JavaScript never meets a button that does nothing.

Pygments is imported where a block is highlighted or a stylesheet made: a build whose blocks
and stylesheet are all in the cache (a one-post edit) imports none of it.
"""

from __future__ import annotations

import colorsys
import contextlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from blogforge.cache import Store
from blogforge.fingerprint import code_fingerprint, hash_text
from blogforge.text import compiled_when_used

if TYPE_CHECKING:
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer

    from blogforge.forks import Aside

CSS_CLASS = "highlight"
# What a block's highlighted HTML depends on: its code, language, highlighted lines, whether
# its lines are numbered and the first one's number (`code_block`).
Block = tuple[str, str, tuple[int, ...], bool, int]
_ATTR = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|\[([^\]]*)\]|([^\s,}]+))")
# What a title's link may be: an http(s) URL, as Hexo's codeblock caption has it; never
# `javascript:` or `data:`, nor a path (written into the block's HTML, it would not be given a
# project site's base path as the links of Markdown are).
_LINKABLE = re.compile(r"https?://", re.I)
# (browsers drop these from a URL, so `java\tscript:` would be `javascript:`)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Names writers use for code that is not code: plain text, and a program's output. Short
# names (`py`, `sh`, `c++`, `yml`) are Pygments' own aliases.
_TEXT = {"text", "plain", "plaintext", "txt", "none"}
_OUTPUT = {"output", "console-output"}
# Diagrams' source (Obsidian and GitHub draw Mermaid's): no language Pygments has, and none
# to call unknown (`--strict` failed on every such block); shown as their source, labelled
_DIAGRAMS = {"mermaid", "plantuml", "puml"}
# Formats a chat's answer names its blocks by, which Pygments has no lexer for: shown as
# written, labelled so ("pseudocode", "csv"), as a diagram is
_FORMATS = {"pseudo", "pseudocode", "pseudo-code", "algorithm", "csv", "tsv", "log", "tree"}
_PLAIN = {"", *_TEXT, *_OUTPUT, *_DIAGRAMS, *_FORMATS}
# Names GitHub highlights a fence by that Pygments does not know, as the Pygments name of the
# same language: `sh-session` is GitHub's terminal session, Pygments' `console`. And names a
# chat's answer gives: a `terminal` is a session too (its prompts marked, for the copy
# button), `cmd` Windows' batch language, an `env` file's lines shell assignments (Pygments has
# no dotenv), `jsonc` JSON with comments (which Pygments' JSON reads). And LeetCode's own
# names of its languages, which tools exporting a writer's submissions give their fences:
# `mssql` (T-SQL), `oraclesql` (Oracle's SQL: Pygments has no PL/SQL), `pythondata` (Pandas).
_ALIASES = {"sh-session": "console", "shellsession": "console", "terminal": "console",
            "cmd": "batch", "env": "bash", "dotenv": "bash", "jsonc": "json", "svg": "xml",
            "x86asm": "nasm", "tikz": "latex", "pytorch": "python",
            "mssql": "tsql", "oraclesql": "sql", "pythondata": "python"}
# Languages Pygments names otherwise than their writers do, by the name a fence gives: its R
# lexer is the S language's ("S" on an R block), its Nim lexer keeps Nim's old name
# ("Nimrod"). The label says the language the fence named.
_LABELS = {"r": "R", "nim": "Nim", "nimrod": "Nim"}
# Languages blogforge lexes itself, by the name a fence gives and the name a label shows:
# IPython's Python (`!pip install`, `%matplotlib inline`), which Pygments has only with IPython
# installed (and then it is IPython's: a build must not depend on what else is installed)
_OWN_LEXERS = {"ipython": "IPython", "ipython3": "IPython"}
# The fence options blogforge reads (lower case: names are case-folded as Hugo folds them).
KNOWN_OPTIONS = ("linenos", "linenostart", "hl_lines", "title", "link", "link_text", "group",
                 "tab", "fold")


@dataclass(frozen=True)
class FenceInfo:
    """A code fence's info string: its language and its `{key=value}` options."""

    lang: str
    attrs: dict[str, str] = field(default_factory=dict)  # by case-folded option name
    # Options written that blogforge does not read, as written (`lineNumbers`): warned of.
    unknown: tuple[str, ...] = ()
    # A `{` that opens options and no `}` closes (`{linenos=true hl_lines=[2]`): the options
    # are read all the same, and warned of, since Hugo would not read them.
    unclosed: bool = False

    @property
    def line_numbers(self) -> bool | None:
        return self.flag("linenos")

    @property
    def highlighted_lines(self) -> list[int]:
        lines: list[int] = []
        for part in re.split(r"[\s,]+", self.attrs.get("hl_lines", "").strip()):
            part = part.strip("\"'")
            if re.fullmatch(r"\d+-\d+", part):
                start, end = map(int, part.split("-"))
                lines.extend(range(start, end + 1))
            elif part.isdigit():
                lines.append(int(part))
        return lines

    @property
    def link(self) -> tuple[str, str] | None:
        """The link a block's title has (`link="https://…" link_text="docs"`, as Hexo's
        codeblock caption has one): (URL, text); None without one, or when the URL is not
        one a link may lead to (`javascript:`)."""
        url = self.attrs.get("link", "").strip()
        if not url or _CONTROL.search(url) or not _LINKABLE.match(url):
            return None
        return url, self.attrs.get("link_text", "") or "link"

    @property
    def group(self) -> str:
        """The tab group a fence belongs to (`group="solution"`), or ""."""
        return self.attrs.get("group", "")

    def flag(self, name: str) -> bool | None:
        """A yes/no attribute: None when the fence does not say."""
        value = self.attrs.get(name)
        return None if value is None else value.lower() not in ("false", "no", "0", "")


@dataclass(frozen=True)
class CodeLabels:
    """The code block's UI text in the page's language."""

    copy: str = "Copy"
    copy_label: str = "Copy code"
    copied: str = "Copied"
    unfold: str = "Show all {n} lines"
    fold: str = "Fold"
    text: str = "Text"  # the label of plain text
    output: str = "Output"  # the label of a program's output
    # a notebook's output cut to its head and tail (`fold=cut` on the fence, as notebooks.py
    # writes it): what unfolding shows is not all of it
    unfold_cut: str = "Show the {n} lines kept"

    @classmethod
    def from_strings(cls, strings: Callable[[str], str]) -> CodeLabels:
        """The labels in a page's language (the theme's strings)."""
        return cls(strings("code_copy"), strings("code_copy_label"), strings("code_copied"),
                   strings("code_unfold"), strings("code_fold"), strings("code_text"),
                   strings("code_output"), strings("code_unfold_cut"))


# LeetCode's mark of a code tab after a fence's language, as its solutions (题解) are written
# and copied into posts: ```` ```Java [sol1-Java] ````, ```` ```Python [] ````.
_LEETCODE_TAB = re.compile(r"\s*\[[^\[\]=]*\]\s*")
LEETCODE_GROUP = "leetcode"


def parse_info(info: str) -> FenceInfo:
    info = info.strip()
    brace = info.find("{")
    head = info[:brace] if brace >= 0 else info
    lang = head.split()[0] if head.split() else ""
    if "=" in lang:  # ```{title="x"} or ```title="x": attributes without a language
        lang = ""
    found = list(_ATTR.finditer(info[len(lang):]))
    attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
             for m in found}
    if lang and "group" not in attrs and _LEETCODE_TAB.fullmatch(head[len(lang):]):
        # (LeetCode shows fences so marked, one after another, as one block of tabs; a
        # fence's tab is named by its language, as there)
        attrs["group"] = LEETCODE_GROUP
    unknown = tuple(dict.fromkeys(m.group(1) for m in found
                                  if m.group(1).lower() not in KNOWN_OPTIONS))
    # (a `{` after an `=` or a quote is in a value, `title="a{b"`, and opens nothing)
    unclosed = (brace >= 0 and "}" not in info[brace:]
                and not re.search(r"[=\"']", info[:brace]))
    return FenceInfo(lang.strip("{}"), attrs, unknown, unclosed)


@lru_cache(maxsize=256)
def find_lexer(lang: str, php_inline: bool = False) -> Lexer | None:
    """The lexer of a fence's language; None for plain text and a language Pygments does not
    know. `php_inline`: PHP read as PHP from its first character (see `_lexer_for`)."""
    name = lang.lower()
    if name in _PLAIN:
        return None
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    from blogforge.markdown import lexing

    if name in _OWN_LEXERS:
        from blogforge.markdown.ipython_lexer import IPythonLexer

        return lexing.prepare(IPythonLexer(stripnl=False, ensurenl=True))
    try:
        options = {"startinline": True} if php_inline else {}
        return lexing.prepare(get_lexer_by_name(_ALIASES.get(name, name), stripnl=False,
                                                ensurenl=True, **options))
    except ClassNotFound:
        return None


def code_label(lang: str, labels: CodeLabels | None = None, known: str = "") -> str:
    """What a block's label and its tab in a group of code tabs say of its language: one rule
    for both, whatever case the fence wrote. A language by its name as Pygments gives it
    ("Python", "C++", "JSON": cased as the language is written, and shown so: the theme does
    not upper-case it); plain text and output in the page's language ("文本", "输出": words, not
    languages); a language Pygments does not know as written; nothing when none is named.
    `known`: the language's Pygments name kept with its highlighted block (the same name),
    so that a block found in the cache is labelled without importing Pygments."""
    labels = labels or CodeLabels()
    name = lang.lower()
    if name in _TEXT:
        return labels.text
    if name in _OUTPUT:
        return labels.output
    return _LABELS.get(name) or known or language_name(lang)


@lru_cache(maxsize=256)
def language_name(lang: str) -> str:
    """What a block's label shows for its language: Pygments' name for it (`cpp`: C++), else the
    language as written. Pygments' own table of lexers is read first, which imports nothing: a
    code tab is named by it at parse time, when the block's highlighting may be in the cache
    and its lexer need not be made at all."""
    alias = lang.lower()
    if alias in _PLAIN:
        return lang
    if alias in _LABELS:
        return _LABELS[alias]
    if alias in _OWN_LEXERS:
        return _OWN_LEXERS[alias]
    alias = _ALIASES.get(alias, alias)
    from pygments.lexers import LEXERS

    for _module, name, aliases, _files, _types in LEXERS.values():
        if alias in aliases:
            return name
    lexer = find_lexer(lang)  # a plugin's language, or none Pygments knows
    return lexer.name if lexer is not None else lang


@lru_cache(maxsize=64)
def _formatter(hl_lines: tuple[int, ...], numbered: bool, linenostart: int) -> HtmlFormatter:
    """Formatters are reused: making one works out a style table, which costs more than
    highlighting a short block."""
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(cssclass=CSS_CLASS, wrapcode=True, hl_lines=list(hl_lines),
                         linenos="inline" if numbered else False, linenostart=linenostart)


class CodeBlocks:
    """Highlighted blocks kept in the build cache, by everything their HTML depends on: after
    an edit of a post's text its unchanged blocks are neither highlighted again nor is their
    language's lexer made (the first block of a language costs a process 10-30 ms of Pygments
    compiling that lexer's patterns)."""

    KIND = "code"  # block key -> [its highlighted HTML, its language's name]

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, key: str) -> tuple[str, str] | None:
        found = self.store.get(self.KIND, key)
        if isinstance(found, list) and len(found) == 2 and all(type(x) is str for x in found):
            return found[0], found[1]
        return None  # missing or damaged: highlighted again

    def put(self, key: str, body: str, label: str) -> None:
        self.store.put_plain(self.KIND, key, [body, label])

    def note(self, key: str) -> None:
        """A block used from this process's memory (for the store's `noting`)."""
        self.store.note(self.KIND, key)


# A process keeps the HTML of recent code blocks: a translation shows its original's code, and
# posts repeat snippets (in the benchmark corpus, whose code comes from templates, a pool worker
# finds a third of its blocks made). Very long blocks are not kept, to bound the memory held.
MEMO_BLOCKS = 512
MEMO_MAX_CHARS = 20_000
_recent: dict[Block, tuple[str, str]] = {}  # block -> (HTML, language name), oldest first


def code_block(code: str, info: FenceInfo, line_numbers_default: bool) -> Block | None:
    """The `Block` a fence is highlighted as; None when its language names plain text (or it
    has none: nothing to look up)."""
    if info.lang.lower() in _PLAIN:
        return None
    numbered = info.line_numbers if info.line_numbers is not None else line_numbers_default
    return (code, info.lang, tuple(info.highlighted_lines), bool(numbered),
            int(info.attrs.get("linenostart", 1) or 1))


def _highlighted(block: Block, blocks: CodeBlocks | None,
                 aside: CodeAside | None = None) -> tuple[str, str] | None:
    """A block's highlighted HTML and its language's name, made by this process lately, by
    an earlier build (`blocks`), by another process now (`aside`) or here; None for a
    language Pygments does not know."""
    made = _recent.pop(block, None)
    key = ""
    if blocks is not None:
        key = _block_key(block)
        if made is None:
            made = blocks.get(key)
        else:  # (the body that shows it names it all the same: it is kept while the body is)
            blocks.note(key)
    if made is None:
        made = (aside.made(block, blocks) if aside is not None else None) or _highlight(block)
        if made is None:
            return None
        if blocks is not None:  # (then `key` is the block's)
            blocks.put(key, *made)
    if len(block[0]) <= MEMO_MAX_CHARS:
        _recent[block] = made  # (now the most recent)
        if len(_recent) > MEMO_BLOCKS:
            del _recent[next(iter(_recent))]
    return made


def _block_key(block: Block) -> str:
    """A block's key in the cache (`CodeBlocks`)."""
    return hash_text(code_fingerprint(), *block)


# A code block of this many lines or fewer is "short": printed, it is not split across pages.
SHORT_LINES = 25


def render_code(code: str, info: FenceInfo, line_numbers_default: bool,
                labels: CodeLabels | None = None, fold_after: int = 0,
                blocks: CodeBlocks | None = None,
                aside: CodeAside | None = None, tab: str = "") -> tuple[str, bool]:
    """The HTML of one code block, and whether its language is one Pygments knows (an unknown
    language renders as plain escaped code). `blocks`: the highlighted blocks of earlier
    builds; `aside`: blocks being highlighted by another process; `tab`: the block's tab in
    a group of tabs, as a `tab_token` (code_tabs.py).

    A block of more than `fold_after` lines (0: never) is marked foldable; `fold=true|false` on
    the fence decides for one block."""
    labels = labels or CodeLabels()
    title = info.attrs.get("title", "")
    block = code_block(code, info, line_numbers_default)
    made = None if block is None else _highlighted(block, blocks, aside)
    if made is None:
        body = f'<div class="{CSS_CLASS}"><pre><code>{html.escape(code)}</code></pre></div>'
        known, name = block is None, ""
    else:
        (body, name), known = made, True
    # (code is not for a browser's page translation: `for i in range(n)` became words)
    body = body.replace("<pre", '<pre translate="no"', 1)
    lang_label = code_label(info.lang, labels, name)
    lines = code.count("\n") + (0 if code.endswith("\n") else 1)
    fold = info.flag("fold")
    foldable = fold if fold is not None else bool(fold_after) and lines > fold_after
    # (apart for a page read without the stylesheet, "solution.pyPythonCopy" in a text browser;
    # the header's flex row leaves the spaces out)
    head = " ".join(part for part in (
        _title_html(title, info.link),
        f'<span class="code-label">{html.escape(lang_label)}</span>' if lang_label else "",
        f'<button class="code-copy" type="button" hidden'
        f' aria-label="{html.escape(labels.copy_label)}"'
        f' data-copied="{html.escape(labels.copied)}">{html.escape(labels.copy)}</button>',
    ) if part)
    # (an output cut with a note, "⋯ 省略 9,600 行", shows its lines kept, not "all" of them:
    # the note's line is no line of it)
    cut = info.attrs.get("fold") == "cut"
    unfold_label = labels.unfold_cut.format(n=lines - 1) if cut else labels.unfold.format(n=lines)
    unfold = (f'<button class="code-unfold" type="button" hidden aria-expanded="false"'
              f' data-fold="{html.escape(labels.fold)}">'
              f'{html.escape(unfold_label)}</button>' if foldable else "")
    lang_attr = f' data-lang="{html.escape(info.lang)}"' if info.lang else ""
    if tab:
        lang_attr += f' data-tab="{html.escape(tab)}"'
    classes = "code-block code-foldable" if foldable else "code-block"
    if lines <= SHORT_LINES:  # (paper keeps it on one page: the theme's print rules)
        classes += " code-short"
    return (f'<div class="{classes}"{lang_attr}><div class="code-head">{head}</div>'
            f'{body}{unfold}</div>\n'), known


def _lexer_for(lang: str, code: str) -> Lexer | None:
    """The lexer a block is highlighted with. PHP without a `<?php` (or `<?`) is read as PHP
    all the same: Pygments' PHP lexer takes text before a `<?` for the HTML around it, so a
    function pasted alone (a LeetCode solution, which never opens with `<?php`) came out as
    one uncoloured run, where GitHub, Hugo (Chroma) and Hexo (highlight.js) colour it."""
    lexer = find_lexer(lang)
    if lexer is not None and lexer.name == "PHP" and "<?" not in code:
        return find_lexer(lang, php_inline=True)
    return lexer


def _highlight(block: Block) -> tuple[str, str] | None:
    code, lang, hl_lines, numbered, linenostart = block
    lexer = _lexer_for(lang, code)
    if lexer is None:
        return None
    from pygments import highlight

    made = highlight(code, lexer, _formatter(hl_lines, numbered, linenostart))
    if numbered:
        # A line's number is the reader's bearings, not code: a screen reader read "1a = 1".
        made = made.replace('<span class="linenos">', '<span class="linenos" aria-hidden="true">')
        # The numbers sit in a gutter as wide as the last one (the theme's CSS takes them out
        # of the line: inline, they moved the tab stops, and a tab-indented line after "1"
        # looked indented less than one after "98")
        digits = len(str(linenostart + code.count("\n")))
        made = made.replace("<pre>", f'<pre class="numbered" style="--digits: {digits}">', 1)
    return made, lexer.name


class CodeAside:
    """A large body's code blocks highlighted by a forked process while this one parses the
    body and renders it: Pygments was half of the HTML of a 6 MB post with 1,300 blocks, and
    the parse (2.5 s of it) leaves the second core with nothing to do. The blocks are found
    in the text before it is parsed (`fenced_blocks`), so a block found a little differently
    there than the parse finds it (a fence in a list or a quote) is simply not among them;
    this process asks for them at the first of them it meets (waiting if need be), and
    highlights itself every other block and any the other process could not (an unknown
    language, a process that failed).

    Given the build's cache, the process puts the blocks there, where this one finds each as
    it meets it, and ends as soon as they are highlighted; else it sends them all through its
    pipe, and waits for them to be read. (Sent, the 6 MB post's were 6 MB held here at once
    beside its tokens, and the process that waited to send them held 32 MB more through the
    6 s of the parse left after it: the build's peak, with the parse's.)"""

    def __init__(self, blocks: set[Block], aside: Aside, cached: bool) -> None:
        self.blocks, self._aside, self.cached = blocks, aside, cached
        self._made: dict[Block, tuple[str, str]] | None = None

    @classmethod
    def start(cls, blocks: list[Block], store: Store | None = None) -> CodeAside | None:
        blocks = list(dict.fromkeys(blocks))
        if not blocks:
            return None
        from blogforge.forks import Aside

        aside = Aside.start(_highlight_all, blocks, store)
        return cls(set(blocks), aside, store is not None) if aside is not None else None

    def made(self, block: Block, cached: CodeBlocks | None = None) -> tuple[str, str] | None:
        """The block's HTML and its language's name, once the process has ended: sent, or
        put in the cache (`cached`, where this process looks it up then)."""
        if block not in self.blocks:
            return None
        if self._made is None:
            self._made = self._aside.result() or {}
        if self.cached and cached is not None:
            return cached.get(_block_key(block))
        return self._made.get(block)

    def stop(self) -> None:
        """The body is rendered: a process whose blocks were all found elsewhere (the cache of
        an earlier build) is ended unheard."""
        if self._made is None:
            self._aside.stop()


def _highlight_all(blocks: list[Block], store: Store | None) -> dict[Block, tuple[str, str]]:
    """The blocks highlighted; put in `store` where there is one (none returned)."""
    made = {block: made for block in blocks if (made := _highlight(block)) is not None}
    if store is None:
        return made
    store.forked()
    cached = CodeBlocks(store)
    for block, (body, label) in made.items():
        cached.put(_block_key(block), body, label)
    store.flush()
    return {}


# A fence that starts a line of the text (not in a list or a quote): up to three spaces, three
# or more backticks (no backtick after them) or tildes, the info string.
_FENCE = re.compile(r"^( {0,3})(`{3,}(?=[^`\n]*$)|~{3,})(.*)$", re.M)


def fenced_blocks(text: str, line_numbers_default: bool) -> list[Block]:
    """The blocks of the fences that start lines of a Markdown text, as its parse will most
    likely find them (CommonMark's fences: closed by a line of at least as many of the same
    mark and spaces, or by the end; the opening's indent taken off each line)."""
    blocks = []
    at = 0
    while (opening := _FENCE.search(text, at)) is not None:
        indent, mark, info = opening.groups()
        closing = re.compile(rf"^ {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$", re.M)
        start = opening.end() + 1
        end = closing.search(text, start) if start <= len(text) else None
        code = text[start:end.start()] if end is not None else text[start:]
        at = end.end() if end is not None else len(text)
        if indent:
            code = re.sub(rf"(?m)^ {{1,{len(indent)}}}", "", code)
        with contextlib.suppress(ValueError):  # (options the rendering will say are wrong)
            if (block := code_block(code, parse_info(info), line_numbers_default)) is not None:
                blocks.append(block)
    return blocks


def _title_html(title: str, link: tuple[str, str] | None) -> str:
    """The block's title in its head, with the link after it that Hexo shows there."""
    shown = " ".join(part for part in (html.escape(title), _link_html(link)) if part)
    return f'<span class="code-title">{shown}</span>' if shown else ""


def _link_html(link: tuple[str, str] | None) -> str:
    if link is None:
        return ""
    return f'<a href="{html.escape(link[0])}">{html.escape(link[1])}</a>'


def render_plain_code(code: str, info: FenceInfo, tab: str = "") -> str:
    """For feeds: readers drop stylesheets, so no highlighting markup at all.

    The block's name, its `tab` (in a group of code tabs) and its title, goes before it as a
    bold line, as a callout's title does in feeds: readers drop the classes and scripts that
    show them on the page, and keep <p> and <strong> (a <figcaption> many style as a small
    centred image caption, or drop with its <figure>; <code> would make a title such as
    "Brute force" look like code)."""
    cls = f' class="language-{html.escape(info.lang)}"' if info.lang else ""
    names = [name for name in dict.fromkeys((tab, info.attrs.get("title", ""))) if name]
    parts = [f"<strong>{html.escape(' · '.join(names))}</strong>" if names else "",
             _link_html(info.link)]
    caption = f"<p>{' '.join(part for part in parts if part)}</p>\n" if any(parts) else ""
    return f"{caption}<pre><code{cls}>{html.escape(code)}</code></pre>\n"


# --- code styles that every reader can read --------------------------------------------------
# The theme's code background (--code-bg in blogforge.css) and the background of highlighted
# lines (hl_lines), light and dark. Every token colour is brought to WCAG AA contrast (4.5:1)
# against both: a colour below it is darkened (light) or lightened (dark) just enough, keeping
# its hue. Pygments' styles are mostly not designed for it (friendly's comments are 2.6:1 on
# our background), and this way any style a site picks stays readable.
CODE_BACKGROUNDS = {"light": ("#f3efe6", "#faf0c8"), "dark": ("#0f1622", "#1c2636")}
MIN_CONTRAST = 4.5
_COLOR = compiled_when_used(r"(?<![\w-])color:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_BACKGROUND = compiled_when_used(r"background(?:-color)?:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


STYLESHEET_KIND = "code-css"  # (code fingerprint, styles) -> the stylesheet


def stylesheet(light_style: str, dark_style: str, store: Store | None = None) -> str:
    """CSS for both code themes: light by default, dark when the system or the toggle says so.
    Kept in the build cache (`store`): making it loads both styles and adjusts every colour,
    ~10 ms of each build."""
    key = stylesheet_key(light_style, dark_style)
    kept = store.get(STYLESHEET_KIND, key) if store is not None else None
    if type(kept) is str:
        return kept
    made = _stylesheet(light_style, dark_style)
    if store is not None:
        store.put(STYLESHEET_KIND, key, made)
    return made


def stylesheet_key(light_style: str, dark_style: str) -> str:
    """The build cache's key of the stylesheet for these styles (named in a build's uses, so
    that those of styles no recent build uses are swept: `Store.sweep`)."""
    return hash_text(code_fingerprint(), light_style, dark_style)


@lru_cache(maxsize=8)  # (a process building more than once: `serve` without a cache, tests)
def _stylesheet(light_style: str, dark_style: str) -> str:
    from pygments.formatters import HtmlFormatter

    selector = f".{CSS_CLASS}"
    light = _readable(HtmlFormatter(style=light_style).get_style_defs(selector), "light")
    dark = _rules(_readable(HtmlFormatter(style=dark_style).get_style_defs(selector), "dark"))
    # A token the light style colours and the dark one does not must not keep its light colour
    # on the dark background.
    dark_colored = {_selector(rule) for rule in dark if _COLOR().search(rule)}
    dark += [f"{sel} {{ color: inherit }}" for sel in dict.fromkeys(
        _selector(rule) for rule in _rules(light) if _COLOR().search(rule))
        if sel not in dark_colored]
    forced_dark = "\n".join(f":root[data-theme=dark] {rule}" for rule in dark)
    auto_dark = "\n".join(f":root:not([data-theme=light]) {rule}" for rule in dark)
    # (dark on screens only: a page printed from dark mode gets the light colours on paper)
    return (f"/* code: {light_style} (light), {dark_style} (dark), token colours adjusted to "
            f"{MIN_CONTRAST}:1 contrast */\n{light}\n@media screen {{\n{forced_dark}\n}}\n"
            f"@media screen and (prefers-color-scheme: dark) {{\n{auto_dark}\n}}\n")


def _rules(css: str) -> list[str]:
    return [line for line in css.splitlines() if line.startswith(".")]


def _selector(rule: str) -> str:
    return rule.split(" {", 1)[0]


def _readable(css: str, mode: str) -> str:
    code_bg, line_bg = CODE_BACKGROUNDS[mode]
    lines = []
    for line in css.splitlines():
        if line.startswith(f".{CSS_CLASS} .hll "):
            line = f".{CSS_CLASS} .hll {{ background-color: {line_bg} }}"
        elif line.startswith(f".{CSS_CLASS} {{"):
            # the style's own background gives way to the theme's (--code-bg)
            base = _COLOR().search(line)
            if base is None:
                continue
            line = f".{CSS_CLASS} {{ color: {_hex(base.group(1))} }}"
        own = _BACKGROUND().search(line) if ".hll" not in line else None
        backgrounds = [_hex(own.group(1))] if own else [code_bg, line_bg]
        lines.append(_COLOR().sub(
            lambda m, bgs=backgrounds: "color: " + readable_color(_hex(m.group(1)), bgs), line))
    return "\n".join(lines)


def readable_color(color: str, backgrounds: list[str]) -> str:
    """`color`, or the nearest colour of the same hue with MIN_CONTRAST on every background."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(color))
    darken = max(_luminance(_rgb(bg)) for bg in backgrounds) > 0.18
    candidate = color
    while min(contrast(candidate, bg) for bg in backgrounds) < MIN_CONTRAST:
        lightness = max(0.0, lightness - 0.01) if darken else min(1.0, lightness + 0.01)
        candidate = "#" + "".join(f"{round(c * 255):02x}"
                                  for c in colorsys.hls_to_rgb(hue, lightness, saturation))
        if lightness in (0.0, 1.0):
            break
    return candidate


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    a, b = sorted((_luminance(_rgb(foreground)), _luminance(_rgb(background))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _hex(digits: str) -> str:
    return "#" + (digits * 1 if len(digits) == 6 else "".join(c * 2 for c in digits)).lower()


def _rgb(color: str) -> tuple[float, float, float]:
    return tuple(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
