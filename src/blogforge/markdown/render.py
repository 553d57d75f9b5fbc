"""A post's Markdown body into `Rendered`: HTML, headings, excerpt and text measures.

One markdown-it instance serves the whole build; what differs per post (its math document, its
links, where to report problems) travels in the `env` mapping markdown-it hands to every rule.
"""

from __future__ import annotations

import html
import math as _math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from blogforge.bibliography import BibliographyFiles
from blogforge.diagnostics import Diagnostics
from blogforge.forks import give_back_freed_memory
from blogforge.i18n import Strings
from blogforge.index import term_key
from blogforge.markdown.abbreviations import abbreviations_plugin
from blogforge.markdown.alerts import alerts_plugin
from blogforge.markdown.bare_urls import bare_urls_plugin
from blogforge.markdown.block_ids import block_ids_plugin
from blogforge.markdown.body_text import (
    READ_ASIDE_CHARS,
    read_body_text,
    read_text_aside,
    search_text,
    search_text_parts,
)
from blogforge.markdown.chat_citations import chat_citations_plugin, chat_markers
from blogforge.markdown.citations import (
    Citations,
    citations_plugin,
    citations_stamp,
    post_citations,
)
from blogforge.markdown.cjk_emphasis import cjk_emphasis_plugin
from blogforge.markdown.cjk_line_breaks import cjk_line_breaks_plugin, joins
from blogforge.markdown.code_tabs import code_tabs_plugin, tab_token
from blogforge.markdown.comments import comments_plugin
from blogforge.markdown.compat import Context as CompatContext
from blogforge.markdown.compat import SourceNames
from blogforge.markdown.compat import translate as translate_generator_syntax
from blogforge.markdown.crossrefs import crossrefs_plugin, label_equations
from blogforge.markdown.diagrams import DiagramLabels, diagram_html, is_mermaid
from blogforge.markdown.empty_anchors import empty_anchors_plugin
from blogforge.markdown.excerpt import Unit, collect_units, description_of, plain_scripts, unfolded
from blogforge.markdown.fenced_divs import quarto_divs
from blogforge.markdown.figures import figures_plugin
from blogforge.markdown.footnotes import footnotes_plugin
from blogforge.markdown.formula_images import formula_images_plugin
from blogforge.markdown.github_images import github_images_plugin
from blogforge.markdown.heading_anchors import heading_anchors_plugin
from blogforge.markdown.heading_attrs import heading_attrs_plugin
from blogforge.markdown.heading_ids import HeadingIds, heading_ids_plugin, heading_slug
from blogforge.markdown.highlight import (
    KNOWN_OPTIONS,
    CodeAside,
    CodeBlocks,
    CodeLabels,
    FenceInfo,
    fenced_blocks,
    parse_info,
    render_code,
    render_plain_code,
)
from blogforge.markdown.hotlinked_images import hotlinked_host, hotlinked_images_plugin
from blogforge.markdown.html_text import holds_pre
from blogforge.markdown.images import (
    ImageContext,
    image_stamp,
    image_urls,
    images_plugin,
    name_on_disk,
    names_in_small_letters,
    names_on_disk,
)
from blogforge.markdown.inline_tags import TagLinks, inline_tags_plugin
from blogforge.markdown.latex_text import latex_in_text
from blogforge.markdown.links import (
    Bundle,
    BundleFiles,
    LinkContext,
    absolutize_html,
    bundle_of,
    content_path,
    embedded_file,
    embedded_names,
    links_plugin,
    resolve_again,
    typora_root,
)
from blogforge.markdown.marks import marks_plugin
from blogforge.markdown.nesting import nesting_plugin
from blogforge.markdown.notion_asides import notion_asides
from blogforge.markdown.redirect_links import redirect_links_plugin
from blogforge.markdown.tables import overfull_rows, tables_plugin
from blogforge.markdown.task_lists import task_lists_plugin
from blogforge.markdown.toc_marker import TOC_ASKED, toc_marker_plugin
from blogforge.markdown.unclosed import hidden_message, open_fence_message, open_fences
from blogforge.math import MathEngine, math_plugin
from blogforge.math.mathml_look import mathml_look
from blogforge.math.nobreak import glued_to_punctuation
from blogforge.math.parse import scan_formula
from blogforge.math.refs import PLACEHOLDER
from blogforge.model import Heading, Post, Rendered
from blogforge.templates import SCRIPT_ID_PREFIXES, theme_ids
from blogforge.text import CJK_PROSE_PUNCTUATION, compiled_when_used, composed
from blogforge.urls import UrlBuilder, split_url

# Between a heading and the text after it in an excerpt's plain text.
HEADING_SEPARATOR = " · "
# An <a> tag, opening or closing (a quoted attribute may hold ">").
_LINK_TAG = re.compile(r"""</?a\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
# A start tag: its name, then its attributes.
_START_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
# One attribute of a start tag, with its value if it has one.
_ATTRIBUTE = compiled_when_used(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
# The start of a MathML formula's tag.
_MATH_TAG = re.compile(r"<math\b")
# What a page may hold once only: a second copy of a heading's text leaves them out.
_UNIQUE_ATTRIBUTES = frozenset({"id", "name"})
# env key: id(children of a heading's inline token) -> their HTML, filled as the body renders
_HEADING_HTML = "heading_html"
# env key: the ids of the children of a table's header cells' inline tokens
_HEADER_CELLS = "header_cells"
# A body rendered in parts (`render(html_parts=...)`) is joined into parts of about this many
# characters: a 6 MB post's 44.6 million characters of HTML were its pieces and then one text
# of them (89 MB: one Chinese character makes each character two bytes), beside its tokens
PART_CHARS = 1_000_000
# … and the cache's entries its stretches made (code blocks highlighted, formulas) written once
# they are this many characters: a 6 MB post's 5.5 MB of them were held to its end otherwise,
# beside what its tokens left, at its process's peak
FLUSHED_CHARS = 1_000_000


@dataclass(frozen=True)
class Placeholders:
    """What an excerpt shows in place of a code block, a table, a figure (theme strings)."""

    code: str = "[code]"
    table: str = "[table]"
    figure: str = "[figure]"

    @classmethod
    def from_strings(cls, strings: Callable[[str], str]) -> Placeholders:
        return cls(strings("code"), strings("table"), strings("figure"))


@dataclass(frozen=True)
class MarkdownSettings:
    """The site's settings that change what a body renders to."""

    excerpt_length: int = 350
    line_numbers: bool = False
    cjk_per_minute: int = 400
    words_per_minute: int = 200
    code_fold_after: int = 0  # lines; longer code blocks are foldable (0: never)
    mermaid: bool = False  # ```mermaid fences are boxed for the theme's script to draw
    # site.yaml's `params`, which Hugo's `{{< param "x" >}}` shows (in its repr: the build
    # cache renders the bodies again when they change)
    site_params: dict = field(default_factory=dict)


@dataclass
class _PageEnv:
    """What the rules need to know about the page they are rendering."""

    diagnostics: Diagnostics
    display_path: Path
    line_offset: int  # lines of the file before the body
    feed: bool
    line_numbers: bool
    code_fold_after: int = 0
    code_blocks: CodeBlocks | None = None  # highlighted by earlier builds
    code_aside: CodeAside | None = None  # a large body's blocks, highlighted beside
    mermaid: bool = False  # (MarkdownSettings.mermaid)
    diagram_line: int = 0  # the line of the body's first diagram in its file (0: none)

    def warn(self, message: str, body_line: int) -> None:
        self.diagnostics.warning(message, self.display_path, body_line + self.line_offset)


def _named_inlines(tokens: list[Token]) -> tuple[dict[int, str], set[int]]:
    """The ids of the children of headings' inline tokens (each with a place for its HTML,
    `_HEADING_HTML`) and of table header cells' (`_HEADER_CELLS`), whose formulas are named
    (`_named_formula`): one pass over the body's tokens for both."""
    headings: dict[int, str] = {}
    header_cells: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            headings[id(tokens[index + 1].children)] = ""
        elif token.type == "th_open":
            header_cells.add(id(tokens[index + 1].children))
    return headings, header_cells


def unclosed_comments(tokens: list[Token]) -> list[int]:
    """Where HTML comments begin that never end (0-based body lines): CommonMark hides the
    rest of the post inside one, without a word (a writer's `<!-- TODO` left open)."""
    return [token.map[0] for token in tokens
            if token.type == "html_block" and token.map
            and token.content.lstrip().startswith("<!--") and "-->" not in token.content]


def without_unique_attributes(html: str) -> str:
    """`html` to show a second time on its page, as a heading is in the table of contents:
    its tags without the ids (and anchor names) the page holds where the heading is. Kept,
    `## Title <span id="x">` or `` `code`{#x} `` put the same id on the page twice, invalid
    HTML, and a link to `#x` might go to the contents instead of the section."""

    def keep_attribute(found: re.Match[str]) -> str:
        return "" if found[1].lower() in _UNIQUE_ATTRIBUTES else found[0]

    def clean(tag: re.Match[str]) -> str:
        return f"<{tag[1]}{_ATTRIBUTE().sub(keep_attribute, tag[2])}>"

    return _START_TAG.sub(clean, html)


def _named_formula(rendered: str, token: Token, doc) -> str:
    r"""A heading's or a table header cell's formula with its plain text as its MathML's name.
    Chromium leaves the content of a `<math>` out of the name of what holds it (KaTeX's HTML
    beside it is aria-hidden): a screen reader's list of headings read "损失 的梯度" for
    `## 损失 $L(\theta)$ 的梯度`, and the contents link the same; a column headed `$\gamma = 2$`
    had no header to say with its cells (axe's "empty-table-header"). With a name, the formula
    is in theirs ("损失 L(θ) 的梯度"); screen readers that read MathML read the MathML, once
    (a hidden copy of its text beside it would be read after it)."""
    if token.type != "math_inline" or doc is None:
        return rendered
    return _math_named(rendered, doc.name(token.content))  # (its references: the body's)


def _math_named(rendered: str, name: str) -> str:
    """`rendered`, a formula's HTML, with `name` as its `<math>`'s accessible name."""
    label = html.escape(name)  # (a function, not a template: a name may hold a backslash)
    return _MATH_TAG.sub(lambda tag: f'{tag[0]} aria-label="{label}"', rendered, count=1)


class _BodyRenderer(RendererHTML):
    """markdown-it's HTML renderer, keeping the HTML of each heading's text as it renders a
    body, for the table of contents (`PostRenderer._headings`). Rendered a second time, a
    heading's formulas would be rendered again: an equation numbered anew, its problems
    reported again (or lost, as they once were, reported after the post's were collected)."""

    def renderInline(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        kept = env.get(_HEADING_HTML)
        # (the very list a heading's or a header cell's token holds)
        in_heading = kept is not None and id(tokens) in kept
        if not in_heading and id(tokens) not in env.get(_HEADER_CELLS, ()):
            return super().renderInline(tokens, options, env)
        parts = []
        for index, token in enumerate(tokens):
            rule = self.rules.get(token.type)
            part = (rule(tokens, index, options, env) if rule
                    else self.renderToken(tokens, index, options, env))
            parts.append(_named_formula(part, token, env.get("math")))
        html = "".join(parts)
        if in_heading:
            kept[id(tokens)] = html
        return html

    def render_piece(self, tokens: Sequence[Token], index: int, options: OptionsDict,
                     env: EnvType) -> str:
        """The HTML of one block token as `render` makes it: an inline token's children by
        `renderInline`, another token by its rule or `renderToken` (which read the tokens
        around it: the one before, the one after, a heading's opening two before its close)."""
        token = tokens[index]
        if token.type == "inline":
            return self.renderInline(token.children, options, env) if token.children else ""
        if token.type in self.rules:
            return self.rules[token.type](tokens, index, options, env)
        return self.renderToken(tokens, index, options, env)

    def renderInlineAsText(self, tokens: Sequence[Token] | None, options: OptionsDict,
                           env: EnvType) -> str:
        """An image's alt text: its formulas read as their plain text (`![图 $x$](a.png)`,
        alt "图 x"), which markdown-it left out; a line break between two Chinese characters
        joins them, as in the page."""
        tokens = [token for token in tokens or () if not joins(token)]
        math = env.get("math")
        if math is None or not any(token.type == "math_inline" for token in tokens or ()):
            return super().renderInlineAsText(tokens, options, env)
        text = super().renderInlineAsText  # (a loop: super() finds no class in a generator)
        parts = []
        for token in tokens or ():
            parts.append(math.name(token.content) if token.type == "math_inline"
                         else text([token], options, env))
        return "".join(parts)


def has_code_blocks(tokens: list[Token]) -> bool:
    """Whether a body shows a code block: a fence, an indented block, or raw HTML's <pre>.
    Such a page loads the code stylesheet, which colours the tokens of highlighted code pasted
    as HTML (Jekyll's Rouge, Hugo's Chroma and Pygments share its class names) and sets the
    line height of every <pre>: without it, a post whose only code is raw HTML showed that
    code uncoloured and spaced as prose, unlike the same code in a post with a fence."""
    for token in tokens:
        if token.type in ("fence", "code_block") or (
                token.type == "html_block" and holds_pre(token.content)):
            return True
        if token.children and any(child.type == "html_inline" and holds_pre(child.content)
                                  for child in token.children):
            return True
    return False


def create_markdown() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": True, "typographer": False},
                   renderer_cls=_BodyRenderer)
        .enable(["table", "strikethrough"])
        .use(nesting_plugin)
        .use(tables_plugin)
        .use(chat_citations_plugin)
        .use(marks_plugin)
        .use(cjk_emphasis_plugin)  # (`**重点：**这里`: emphasis beside Chinese punctuation)
        .use(math_plugin)
        .use(formula_images_plugin)
        .use(comments_plugin)
        .use(block_ids_plugin)
        .use(inline_tags_plugin)
        .use(bare_urls_plugin)
        # (each task in a <label> with its box: a box without one had no name, "checkbox,
        # checked" to a screen reader; the plugin's label_after gives each box a random id)
        .use(task_lists_plugin, label=True)
        .use(footnote_plugin)
        .use(footnotes_plugin)
        .use(deflist_plugin)
        .use(attrs_plugin)
        .use(attrs_block_plugin)
        .use(toc_marker_plugin)
        .use(heading_attrs_plugin)
        .use(heading_ids_plugin, heading_slug)
        .use(heading_anchors_plugin)
        .use(alerts_plugin)
        .use(empty_anchors_plugin)
        .use(figures_plugin)
        .use(crossrefs_plugin)
        .use(code_tabs_plugin)
        .use(images_plugin)
        .use(hotlinked_images_plugin)
        .use(github_images_plugin)
        .use(citations_plugin)
        .use(redirect_links_plugin)
        .use(links_plugin)
        .use(abbreviations_plugin)
        .use(cjk_line_breaks_plugin)  # (last: `中文，` / `在这里` joined, wherever they end up)
    )
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("code_block", _render_fence)
    md.add_render_rule("code_inline", _render_code_inline)
    md.validateLink = _link_allowed
    return md


_SCRIPT_URL = re.compile(r"^(?:javascript|vbscript):|^data:(?!image/(?:gif|png|jpeg|webp);)")


def _link_allowed(url: str) -> bool:
    """markdown-it's rule (no script or non-image data URL) without its ban on `file:`: an
    image pasted as `file:///C:/…` was left in the page as its Markdown text, unwarned; as a
    link the audit names it, a file on the writer's computer to copy into the post's folder."""
    return _SCRIPT_URL.match(url.strip().lower()) is None


_MATH_ELEMENT = re.compile(r"<math\b.*?</math>", re.S)  # (MathML has no <math> in a <math>)


def _feed_formulas(html: str) -> str:
    """A feed's HTML with its formulas given their look: feed readers lay MathML out
    themselves, as cards do (ℝ, 𝔼, 𝐱 read as R, E, x there)."""
    return _MATH_ELEMENT.sub(lambda found: mathml_look(found.group(0)), html)


def holds_reference(html: bytes) -> bool:
    """Whether HTML in UTF-8 holds a reference to an equation, resolved once every equation of
    its body is numbered (`MathDocument.finalize`)."""
    return _REFERENCE_BYTES.search(html) is not None


# What stands in a block token's place once its stretch is rendered (`_render_in_stretches`)
_SPENT = Token("spent", "", 0)
# A reference's placeholder in HTML encoded as UTF-8
_REFERENCE_BYTES = re.compile(PLACEHOLDER.pattern.encode())


def _render_fence(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    token = tokens[idx]
    info = parse_info(token.info if token.type == "fence" else "")
    page: _PageEnv | None = env.get("page")
    if page is not None and page.feed:
        return render_plain_code(token.content, info, token.meta.get("tab", ""))
    strings: Strings | None = env.get("t")
    labels = CodeLabels.from_strings(strings) if strings else None
    made, known = render_code(token.content, info, page.line_numbers if page else False,
                              labels, page.code_fold_after if page else 0,
                              page.code_blocks if page else None,
                              page.code_aside if page else None,
                              tab_token(token.meta["tab"]) if token.meta.get("tab") else "")
    line = token.map[0] + 1 if token.map else 1
    if page is not None and not known:
        page.warn(f"unknown code language `{info.lang}`: shown without highlighting "
                  "(see `pygmentize -L lexers` for the names Pygments knows)", line)
    if page is not None and token.type == "code_block":
        _warn_indented_prose(page, token.content, line)
    if page is not None:
        _warn_fence_options(page, info, line)
        if 'class="err"' in made:
            _warn_smart_punctuation(page, made, line)
        # (not in a group of code tabs, whose script shows one code block at a time)
        if page.mermaid and is_mermaid(info) and "tab" not in token.meta:
            made = diagram_html(made, DiagramLabels.from_strings(strings) if strings
                                else DiagramLabels())
            page.diagram_line = page.diagram_line or line + page.line_offset
    return made


def _warn_indented_prose(page: _PageEnv, code: str, line: int) -> None:
    """Lines indented by a tab or four spaces after a blank line are code to Markdown (Hexo's
    and Hugo's renderers, GitHub alike); Typora has no such blocks and shows them as text, so
    a note typed there with tabs before its paragraphs came out as code, its formulas raw,
    without a word. Said once for the block when it holds a formula amid Chinese prose (a
    sentence's punctuation), which code seldom does."""
    if not CJK_PROSE_PUNCTUATION.search(code):
        return
    dollar = code.find("$")
    while dollar >= 0:
        found = scan_formula(code, dollar, len(code))
        if found is not None and found.type == "math_inline":
            shown = " ".join(found.content.split())
            if len(shown) > 24:  # (cut before a command it would cut in two)
                shown = re.sub(r"\\[A-Za-z]*\Z", "", shown[:23]) + "…"
            page.warn("these lines are indented by a tab or 4 spaces, so Markdown shows them "
                      f"as code, the formula `{found.delim}{shown}{found.delim}` as written "
                      "(Typora shows them as text): take the indent away if they are text",
                      line)
            return
        dollar = code.find("$", found.end if found is not None else dollar + 1)


# What a phone's smart punctuation types for a quote, a dash, three dots, and what code needs
_SMART = {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "--", "…": "..."}
_SMART_ERROR = compiled_when_used('<span class="err">([' + "".join(_SMART) + "])")


def _warn_smart_punctuation(page: _PageEnv, made: str, line: int) -> None:
    """A curly quote or a dash the highlighter found no place for in the code (it marks it an
    error): typed on a phone with smart punctuation on, `print(“done”)` does not run when a
    reader copies it. Said at its line, once for the block."""
    found = _SMART_ERROR().search(made)
    if found is None:
        return
    char = found.group(1)
    # (its line: the lines the highlighted code has above it; not the first line holding the
    # character, which may be a string's, where it has a place)
    start = made.rfind("<code", 0, found.start())
    at = made.count("\n", made.find(">", start) + 1, found.start()) if start >= 0 else 0
    page.warn(f"code holds `{char}` where its language has no place for one (a phone's smart "
              f"punctuation?): copied, it does not run; type `{_SMART[char]}`", line + 1 + at)


def _render_code_inline(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    """A code span, marked not to be translated: a browser's page translation made
    `for i in range(n)` "对于范围(n)中的 i" (a page's only; feed readers translate nothing)."""
    token = tokens[idx]
    page: _PageEnv | None = env.get("page")
    keep = "" if page is not None and page.feed else ' translate="no"'
    return f"<code{self.renderAttrs(token)}{keep}>{escapeHtml(token.content)}</code>"


def _warn_fence_options(page: _PageEnv, info: FenceInfo, line: int) -> None:
    """Options a fence writes that do nothing would otherwise be dropped silently (a misspelt
    `hl_line` leaves the writer wondering why no line is marked)."""
    for name in info.unknown:
        page.warn(f"unknown code fence option `{name}`: ignored; use one of "
                  f"{', '.join(KNOWN_OPTIONS)} (any case)", line)
    if info.unclosed:
        page.warn("code fence options opened with `{` are not closed: read up to the end of "
                  "the line; end them with `}`", line)


def _spaced_within(char: str) -> bool:
    """Whether `char` needs no space after it before a formula: a space, an opening bracket or
    quote ("（"), or full-width punctuation ("，", "、", "。": the space is in the glyph)."""
    category = unicodedata.category(char)
    return char.isspace() or category in ("Ps", "Pi") or (
        category.startswith("P") and unicodedata.east_asian_width(char) in ("W", "F"))


class SpilledParts(list):
    """A large body's parts of UTF-8 as they are made (its HTML, `PostRenderer.render`'s
    `html_parts`; its search text, `text_parts`; its feed body, `FeedBeside`): written to
    `spill` as they come, while none is `held` (a part that cannot be finished yet: one that
    holds a reference to an equation, resolved once all are rendered; from the first held on,
    every part is held here, to keep their order). Held, the 47 MB of a 6 MB post's HTML were
    memory of their own beside what its tokens left (CPython keeps that for small objects),
    the largest part of its process's peak."""

    def __init__(self, spill: BinaryIO | None,
                 held: Callable[[bytes | str], bool] | None = None) -> None:
        super().__init__()
        self.spill, self.held = spill, held

    def append(self, part: bytes | str) -> None:
        if self.spill is not None and not self and not (self.held and self.held(part)):
            self.spill.write(part)  # type: ignore[arg-type]  # (bytes: a text part is held)
        else:
            super().append(part)

    def chunks(self, size: int) -> Iterator[bytes]:
        """It all, about `size` bytes at a time: what was written, then what is held."""
        if self.spill is not None:
            self.spill.seek(0)
            while chunk := self.spill.read(size):
                yield chunk
        yield from super().__iter__()


@dataclass
class FeedBeside:
    """A large body's feed body, rendered beside its HTML from the same tokens, a stretch of
    them at a time (`PostRenderer.render(feed=...)`), each stretch let go of once both are
    made: a 6 MB post's tokens (~100 MB) were held whole while its HTML was made, then again
    for its feed body. `env` and `text`: the feed's, made before the body renders
    (`PostRenderer.feed_beside`); `parts`: its parts, written to their `spill` file as they
    come where it has one (held, a 6 MB post's 10.7 MB were memory of their own beside what
    its tokens left, at its process's peak, and joined at the end, twice that), else held, to
    be finished (`finish`), as those from the first that holds a reference to an equation on
    are; `made`: whether the body's rendering made them (not when the feed's text
    is not the page's)."""

    env: dict
    text: str
    parts: SpilledParts = field(default_factory=lambda: SpilledParts(None))
    made: bool = False

    def add(self, piece: str) -> None:
        """A part of it, as a stretch of its tokens renders: finished and encoded at once where
        it holds no reference to an equation (resolved once every equation is numbered), its
        formulas given their look (each part holds its own whole), as the whole text was."""
        self.parts.append(piece if PLACEHOLDER.search(piece) is not None else
                          _feed_formulas(piece).encode("utf-8", "surrogatepass"))

    def finish(self) -> bytes | None:
        """Its HTML, as `PostRenderer.feed_but_urls` makes it, in UTF-8 (a 6 MB post's 16 MB
        of text are 11), its parts' references resolved, let go of as they go: with a
        `spill`, the rest written there (and flushed: the process that gave the file reads
        it), None returned; else it whole."""
        doc, parts, spill = self.env["math"], self.parts, self.parts.spill
        for at, part in enumerate(parts):
            if isinstance(part, str):
                part = _feed_formulas(doc.finalize(part)).encode("utf-8", "surrogatepass")
            if spill is None:
                parts[at] = part
            else:
                spill.write(part)
                parts[at] = b""
        if spill is not None:
            parts.clear()
            spill.flush()
            return None
        html = b"".join(parts)  # type: ignore[arg-type]
        parts.clear()
        return html


class PostRenderer:
    """Renders posts for one build; holds the parser and the math engine it shares."""

    def __init__(self, settings: MarkdownSettings, math_engine: MathEngine, urls: UrlBuilder,
                 sources: dict[str, str], strings: dict[str, Strings] | None = None,
                 site_dir: Path | None = None, files: Mapping[str, str] | None = None,
                 bundles: BundleFiles | None = None,
                 reserved_ids: frozenset[str] | None = None,
                 titles: Mapping[str, str] | None = None,
                 translations: Mapping[str, Mapping[str, str]] | None = None,
                 held_back: Mapping[str, str] | None = None,
                 published: Mapping[str, str] | None = None,
                 bibliographies: BibliographyFiles | None = None,
                 language_prefixes: Mapping[str, str] | None = None,
                 posts: Mapping[str, Post] | None = None) -> None:
        self.settings = settings
        # ids of the page around a body, which its headings must not take (heading_ids.py)
        self.reserved_ids = theme_ids() if reserved_ids is None else reserved_ids
        self.strings = strings or {}  # theme text per language, for labels in post bodies
        self.site_dir = site_dir  # where local images are found, to read their sizes
        self.files = files or {}  # "static/a.png" -> digest: every file under content/, static/
        self.on_disk = names_on_disk(self.files)  # (the names of them a Mac keeps decomposed)
        self.in_small_letters = names_in_small_letters(self.files)  # (images in other capitals)
        self.math_engine = math_engine
        self.urls = urls
        self.sources = sources  # content-relative .md path -> site path, for links between posts
        self._all_sources: Mapping[str, str] = sources  # (`sources`, which bodies.py swaps)
        # content-relative .md path -> its post's title, the text of a Hexo post_link
        self.titles: Mapping[str, str] = titles or {}
        # content-relative .md path -> its post's versions (language -> content-relative .md
        # path), where a tag naming a post in another language leads (compat/common.py)
        self.translations: Mapping[str, Mapping[str, str]] = translations or {}
        # content-relative .md path -> "draft" or "future": the posts this build holds back,
        # which a link to is told (links.py)
        self.held_back: Mapping[str, str] = held_back or {}
        self.bundles = bundles or {}  # the files of each bundle, for the URLs that name them
        # content-relative path of each file that is not a post -> where it is published, for
        # the relative URLs that name it from the post's file (links.py)
        self.published: Mapping[str, str] = published or {}
        # the BibTeX files posts cite from (`bibliography:`), each read once a build
        self.bibliographies = bibliographies or BibliographyFiles(site_dir)
        # each language's folder ("en/"), where the tag pages an inline tag links to are
        self.language_prefixes: Mapping[str, str] = language_prefixes or {}
        # content-relative .md path -> its post: the ids of its headings, where a link naming
        # one by its words leads (links.py)
        self.heading_ids = HeadingIds(posts or {}, self.reserved_ids, SCRIPT_ID_PREFIXES)
        self.md = create_markdown()
        # Titles are text with formulas, not Markdown: `C++ *args` keeps its asterisk.
        self.title_md = MarkdownIt("zero").use(math_plugin)
        self._last_parsed: tuple[Path | None, str, list[Token]] = (None, "", [])

    @cached_property
    def source_names(self) -> SourceNames:
        """The names of the Markdown files as tags name them (Hexo's post_link), made once a
        build, from the map this renderer was made with: not from the one the body cache
        lends `sources` while a post renders, which would note that post as having searched
        every name (the post whose tag searches them notes it as it does)."""
        return SourceNames.of(self._all_sources)

    def bundle_of(self, post: Post) -> Bundle | None:
        return bundle_of(post, self.bundles)

    def asset_stamp(self, post: Post) -> str:
        """What a rendered body depends on besides its text: the local images it sizes, and
        the files of a bundle that its relative URLs are made to point at."""
        bundle = self.bundle_of(post)
        moved = bundle.stamp() if bundle is not None else ""
        if links := self.tag_links(post):  # (its language's folder may move, or it unlisted)
            moved += f"|tags:{sorted(links.items())}"
        moved += citations_stamp(self.bibliographies, post)  # (the entries it cites)
        if (root := typora_root(post)) is not None:  # (where its `/x.png` are looked for)
            moved += f"|typora-root:{root}"
        if self.site_dir is None:
            return moved
        urls = post.image_urls if post.image_urls is not None else image_urls(post.body)
        return image_stamp(urls, post.source.parent.as_posix(), self.files,
                           self._bundle_dir(post), self.on_disk, self.in_small_letters) \
            + (f"|bundle:{moved}" if moved else "") + self._embeds_stamp(post)

    def tag_links(self, post: Post) -> TagLinks:
        """Where the tags written in a post's text (`#机器学习`, in a vault) lead: their pages
        in its language. An unlisted post's tags may have none (a tag only it names): they
        stay text."""
        if not post.inline_tags or post.unlisted:
            return {}
        prefix = self.language_prefixes.get(post.lang, "")
        return {name.casefold(): self.urls.path(f"{prefix}tags/{term_key((composed(name),))}/")
                for name in post.inline_tags}

    def _embeds_stamp(self, post: Post) -> str:
        """The digest of each file Obsidian's embeds in the body show (a picture's size)."""
        names = post.embedded_names if post.embedded_names is not None \
            else embedded_names(post.body) if "![[" in post.body else []
        if not names:
            return ""
        source = content_path(post)
        return "".join(f"|{path}:{self.files.get(name_on_disk('content/' + path, self.on_disk))}"
                       for name in names if (path := embedded_file(name, source, self.published)))

    def _bundle_dir(self, post: Post) -> str | None:
        """The bundle's folder from the site folder ("content/posts/a"), where its files are."""
        if post.bundle_dir is None or self.site_dir is None:
            return None
        return post.bundle_dir.relative_to(self.site_dir).as_posix()

    def _env(self, post: Post, diagnostics: Diagnostics, feed: bool) -> dict:
        """Per-post state for the rules. A feed rendering repeats no warnings and has MathML."""
        line_offset = post.body_line - 1
        source = content_path(post)
        # (code blocks live in the build cache the math engine was given: `serve` lends it one
        # for a quick re-render; without one, no block is looked up)
        store = self.math_engine.cache.store
        page = _PageEnv(diagnostics, post.source, line_offset, feed, self.settings.line_numbers,
                        self.settings.code_fold_after,
                        CodeBlocks(store) if store is not None else None,
                        mermaid=self.settings.mermaid)
        math = (self.math_engine.document(post.source, line_offset, output="mathml", quiet=True)
                if feed else self.math_engine.document(post.source, line_offset))
        return {
            "math": math,
            "page": page,
            "links": LinkContext(self.urls, post.path, source, self.sources,
                                 None if feed else page.warn, absolute=feed,
                                 bundle=self.bundle_of(post), held_back=self.held_back,
                                 published=self.published, typora_root=typora_root(post),
                                 reserved_ids=self.reserved_ids,
                                 reserved_id_prefixes=SCRIPT_ID_PREFIXES,
                                 heading_ids=self.heading_ids),
            "t": self.strings.get(post.lang),
            "reserved_ids": self.reserved_ids,
            "reserved_id_prefixes": SCRIPT_ID_PREFIXES,
            "images": None if self.site_dir is None else ImageContext(
                self.site_dir, post.source.parent, self._bundle_dir(post),
                on_disk=self.on_disk, in_small_letters=self.in_small_letters),
            "citations": self._citations(post, page),
            "tag_links": self.tag_links(post),
        }

    def _citations(self, post: Post, page: _PageEnv) -> Citations | None:
        return post_citations(self.bibliographies, post, None if page.feed else page.diagnostics,
                              None if page.feed else page.warn, self.site_dir)

    def render(self, post: Post, diagnostics: Diagnostics, placeholders: Placeholders,
               aside: bool = False, html_parts: list[bytes] | None = None,
               feed: FeedBeside | None = None,
               text_parts: list[bytes] | None = None) -> Rendered:
        """`aside`: a second core is free to highlight a large body's code (`CodeAside`)
        while it is parsed, and to read its text (`read_text_aside`) while its HTML renders.
        `html_parts`: where to put the body's HTML, as UTF-8 in parts, rather than in the
        `Rendered` (a large body's process, which writes it to the cache, and reads its text
        itself, before the HTML: `_render_in_stretches`, which lets go of the tokens as it
        goes), with its feed body (`feed`) made from the same tokens; `text_parts`: where to
        put its search text so."""
        env = self._env(post, diagnostics, feed=False)
        doc = env["math"]
        text = self._body(post, env)
        aside = aside and len(text) >= READ_ASIDE_CHARS
        page: _PageEnv = env["page"]
        if aside:
            page.code_aside = CodeAside.start(fenced_blocks(text, page.line_numbers),
                                              self.math_engine.cache.store)
        reading = None
        try:
            tokens = self.md.parse(text, env)
            self._last_parsed = (post.source, text, tokens)  # for its feed body
            # (not by a large body's own process, `html_parts`: there memory binds, not time;
            # the reader copies each page of the tokens it touches, ~136 MB of a 6 MB post's
            # beside the rendering's ~245: the build's peak; read after, +0.4 s of 4.4)
            if aside and html_parts is None:
                reading = read_text_aside(tokens, self.settings.excerpt_length,
                                          bool(post.summary))
            for line in unclosed_comments(tokens):
                page.warn("an HTML comment `<!--` opened here is never closed with `-->`: "
                          "everything after it is hidden from the page", line + 1)
            for fence in open_fences(tokens):
                page.warn(open_fence_message(fence), fence.line + 1)
            for row in overfull_rows(tokens):
                page.warn(row.message(), row.line + 1)
            for markers in chat_markers(tokens):
                page.warn(markers.message(), markers.line + 1)
            for line, message in latex_in_text(tokens):
                page.warn(message, line + 1)
            self.math_engine.prefetch(tokens, doc)
            env[_HEADING_HTML], env[_HEADER_CELLS] = _named_inlines(tokens)
            headings: list[Heading] | None = None
            if html_parts is None:
                body_html = doc.finalize(self.md.renderer.render(tokens, self.md.options, env))
            else:
                body_html = ""
                # (the text read, the code blocks looked for, before the tokens are let go of:
                # as the reader beside reads them, before the links are resolved for a feed)
                read = read_body_text(tokens, self.settings.excerpt_length, bool(post.summary))
                has_code = has_code_blocks(tokens)
                if feed is not None and feed.text != text:
                    feed = None  # (its text is not the page's: made apart, `render_for_feed`)
                if feed is not None:
                    feed.text = ""
                # (the parsed text let go of, as the tokens will be: `render_for_feed` parses
                # again, as it does for any other text)
                self._last_parsed, text = (None, "", []), ""
                headings = self._render_in_stretches(tokens, env, html_parts, feed)
                # (the parts' text, let go of, handed back: glibc kept it through the rest of
                # the body's work)
                give_back_freed_memory()
        except BaseException:
            if reading is not None:
                reading.stop()
            raise
        finally:
            if page.code_aside is not None:
                page.code_aside.stop()
        if html_parts is None:
            read = (reading.result() if reading is not None else None) or read_body_text(
                tokens, self.settings.excerpt_length, bool(post.summary))
            has_code = has_code_blocks(tokens)
        for hiding in read.left_open:
            page.warn(hidden_message(hiding), (hiding.line or 0) + 1)
        # A writer's own summary is shown whole, without an ellipsis; a `description` is the
        # card's only where neither a summary nor a `<!--more-->` gives one (Hugo's reading:
        # the description is the page's, for search engines and shared links)
        carded = post.summary or (post.description if not read.more_found else None)
        carded_at = post.summary_line if post.summary else post.description_line
        if carded:
            carded_tokens = self._parse_at(carded, env, carded_at)
            units = unfolded(collect_units(carded_tokens, False).units)
            read = replace(read, excerpt_is_cut=False, excerpt_is_whole=False)
        else:
            assert read.excerpt is not None
            units = read.excerpt
        # The title's formulas are the post's, as they are to MathJax on the page: its macros
        # and equation numbers (`$\eqref{eq:elbo}$` shows "(1)" in the title as in the text).
        title_tokens = self.title_md.parse(post.title, {"math": doc})
        # (`\$` is a dollar sign there as in the body, which Markdown's escapes make one: the
        # title's parser has none, and `Pay \$5 for $O(n)$` showed its backslash)
        title_units = [replace(unit, text=unit.text.replace("\\$", "$"))
                       if unit.kind == "text" else unit
                       for unit in collect_units(title_tokens, False).units]
        # (its `$` without a partner is said as the body's are, at the title's line)
        doc.report_delimiters(title_tokens, post.title_line)
        if carded:  # (and the written summary's, in no body either, at its line)
            doc.report_delimiters(carded_tokens, carded_at)
        # The title and a written summary are rendered once here, for every place that shows
        # them, and their formulas are in no body: their problems are reported here, at the
        # lines they are written on.
        title_html = self._units_html(title_units, doc, Placeholders(),
                                      report_at=post.title_line, named=True)
        excerpt_html = self._units_html(units, doc, placeholders,
                                        report_at=carded_at if carded else None)
        diagnostics.extend(doc.diagnostics)
        formula_texts: dict[str, str] = {}  # (each formula's, read once for both texts below)
        excerpt_text = self._units_text_and_formulas(units, doc, placeholders, formula_texts)[0]
        # (a search engine's snippet and a shared link's card read "… [代码]" where a code
        # block or a figure stood: the description has their words only)
        described, formulas = self._units_text_and_formulas(
            self._description_units(post, units, env, carded), doc, Placeholders("", "", ""),
            formula_texts)
        if text_parts is None:
            searched = search_text(read.searched, doc)
        else:  # (never one text: `search_text_parts`)
            searched = ""
            for part in search_text_parts(read.searched, doc):
                text_parts.append(part.encode("utf-8", "surrogatepass"))
        return Rendered(
            html=body_html,
            title_html=title_html or html.escape(post.title),
            title_text=self._units_text(title_units, doc, Placeholders()) or post.title,
            headings=self._headings(tokens, env) if headings is None else headings,
            excerpt_html=excerpt_html,
            excerpt_text=excerpt_text,
            description=description_of(described, formulas),
            excerpt_is_cut=read.excerpt_is_cut,
            excerpt_is_whole=read.excerpt_is_whole,
            cjk_chars=read.cjk_chars,
            latin_words=read.latin_words,
            reading_minutes=max(1, _math.ceil(
                read.cjk_chars / self.settings.cjk_per_minute
                + (read.latin_words + read.formula_words) / self.settings.words_per_minute)),
            has_math=doc.has_math,
            has_code=has_code,
            diagram_line=page.diagram_line,
            # (sharing cards show no SVG: Facebook's, X's and LinkedIn's)
            # (nor a picture on a host that refuses other sites: hotlinked_images.py)
            first_image=next((image for image in env["links"].found_images
                              if not split_url(image).path.lower().endswith(".svg")
                              and hotlinked_host(image) is None), None),
            search_text=searched,
            toc_asked=bool(env.get(TOC_ASKED)),
        )

    def _render_in_stretches(self, tokens: list[Token], env: dict, html_parts: list[bytes],
                             feed: FeedBeside | None) -> list[Heading]:
        """A body's HTML into `html_parts`, and its feed body's into `feed` (its links resolved
        again for the feed), a stretch of top-level blocks at a time (about PART_CHARS
        characters of HTML); each stretch let go of (but its last token, which the next one's
        first reads) once both are made, its headings taken first. Both go on a part (a
        stretch) at a time, encoded (`html_parts` may put them in a file: CPython keeps the
        memory the tokens let go of, ~100 MB of a 6 MB post's, for objects of their small
        sizes, and what is made after them is memory of its own beside it). The references to
        equations are resolved once every equation is numbered. Returns the body's
        headings."""
        renderer = self.md.renderer
        assert isinstance(renderer, _BodyRenderer)
        options, doc = self.md.options, env["math"]
        # (the feed's formulas are no part of the body's record: `Store.noting`)
        store = self.math_engine.cache.store
        headings: list[Heading] = []
        pieces: list[str] = []
        size = start = 0
        for index, token in enumerate(tokens):
            piece = renderer.render_piece(tokens, index, options, env)
            pieces.append(piece)
            size += len(piece)
            # (a stretch ends after a block at the top: no rule reads across it but for the
            # token just before)
            if index + 1 < len(tokens) and (size < PART_CHARS or token.level != 0
                                            or token.nesting == 1):
                continue
            html_parts.append("".join(pieces).encode("utf-8", "surrogatepass"))
            pieces, size = [], 0
            stretch = tokens[start:index + 1]
            headings += self._headings(stretch, env)
            if feed is not None:
                resolve_again(stretch, feed.env["links"])
                with store.noting(()) if store is not None else nullcontext():
                    feed.add("".join(renderer.render_piece(tokens, at, options, feed.env)
                                     for at in range(start, index + 1)))
            for block in stretch:  # (their ids may be another list's once they are gone)
                if block.children is not None:
                    env[_HEADING_HTML].pop(id(block.children), None)
                    env[_HEADER_CELLS].discard(id(block.children))
            del stretch
            tokens[start:index] = [_SPENT] * (index - start)
            start = index + 1
            if store is not None and store.pending_chars > FLUSHED_CHARS:
                store.flush()
        if feed is not None:
            feed.made = True
        doc.finalize("")  # (its undefined labels reported, as for a whole body)
        for at, part in enumerate(html_parts):
            if holds_reference(part):
                html_parts[at] = doc.finalize(part.decode("utf-8", "surrogatepass")).encode(
                    "utf-8", "surrogatepass")
        return headings

    def feed_beside(self, post: Post, spill: BinaryIO | None = None) -> FeedBeside:
        """What the feed body made beside the post's HTML needs (`render(feed=...)`), made
        before it renders, as `render_for_feed` makes it after (`spill`: where it goes)."""
        env = self._env(post, Diagnostics(), feed=True)
        return FeedBeside(env, self._body(post, env),
                          SpilledParts(spill, held=lambda part: isinstance(part, str)))

    def render_for_feed(self, post: Post) -> str:
        """Feed HTML: math as MathML, plain code blocks, absolute links."""
        return self.with_absolute_urls(post, self.feed_but_urls(post))

    def feed_but_urls(self, post: Post) -> str:
        """`render_for_feed` but for the URLs of its raw HTML and of what the page's rules
        made, not yet absolute (`with_absolute_urls`).

        The tokens of the post this process rendered last are rendered again, their links
        resolved for the feed, rather than parsed again (the parse is most of the cost): a
        one-post edit and a single large post render exactly that post before the feeds."""
        env = self._env(post, Diagnostics(), feed=True)
        text = self._body(post, env)
        source, parsed_text, tokens = self._last_parsed
        if source == post.source and parsed_text == text:
            resolve_again(tokens, env["links"])
        else:
            tokens = self.md.parse(text, env)
        html = env["math"].finalize(self.md.renderer.render(tokens, self.md.options, env))
        return _feed_formulas(html)

    def with_absolute_urls(self, post: Post, html: str) -> str:
        """A post's feed HTML with every URL absolute (`feed_but_urls`)."""
        return absolutize_html(html, self.urls.absolute(post.path), self.urls)

    def let_go_of_tokens(self) -> None:
        """Forget the tokens kept for a feed body (`render_for_feed`): those of a large body
        are a hundred megabytes."""
        self._last_parsed = (None, "", [])

    def _body(self, post: Post, env: dict) -> str:
        """The body with Hexo/Jekyll/Hugo syntax, Notion's callouts and Quarto's fenced divs
        rewritten into blogforge Markdown."""
        links: LinkContext = env["links"]
        context = CompatContext(links.source.as_posix(), self.sources,
                                links.warn or (lambda message, line: None), self.urls,
                                post.lang, self.titles, tuple(self.strings),
                                make_names=lambda: self.source_names,
                                translations=self.translations, held_back=self.held_back,
                                strings=self.strings.get(post.lang), params=post.params,
                                site_params=self.settings.site_params)
        return label_equations(quarto_divs(notion_asides(
            translate_generator_syntax(post.body, context, self.md)), context.warn,
            env.get("citations") is not None))

    @staticmethod
    def _headings(tokens: list[Token], env: dict) -> list[Heading]:
        """The headings of a body rendered with `env`, with the HTML it gave their text."""
        headings = []
        for index, token in enumerate(tokens):
            if token.type != "heading_open" or "no_toc" in str(token.attrGet("class") or
                                                               "").split():
                continue  # (kramdown's `{:.no_toc}` keeps a heading out of the contents)
            children = tokens[index + 1].children or []
            # The table of contents shows it inside a link of its own: the links in it (an
            # \eqref, a footnote mark, a URL) keep their text without being links, since a
            # link in a link is invalid HTML that browsers break apart.
            inner = without_unique_attributes(_LINK_TAG.sub("", env["math"].shown_again(
                env[_HEADING_HTML].get(id(children), ""))))
            text = "".join(c.content for c in children if c.type in ("text", "code_inline",
                                                                       "math_inline"))
            headings.append(Heading(int(token.tag[1]), str(token.attrGet("id") or ""), inner,
                                    text))
        return headings

    @staticmethod
    def _units_html(units: list[Unit], doc, placeholders: Placeholders,
                    report_at: int | None = None, named: bool = False) -> str:
        """Units as inline HTML; `report_at`: the line at which to report formulas that fail,
        when no body rendering reported them. `named`: each formula gets its plain text as its
        name, as a heading's formula does (`_named_formula`): a title is a heading and a link's
        text, whose names left its formulas out ("Why holds")."""
        parts = []
        glued = 0  # (characters of a text that its formula before took: glued_to_punctuation)
        for index, unit in enumerate(units):
            if unit.kind == "text":
                piece = html.escape(unit.text[glued:], quote=False)
                glued = 0
                if unit.script:
                    piece = f"<{unit.script}>{piece}</{unit.script}>"
            elif unit.kind == "ref":  # "(3)": a link to the equation would point off the card
                piece = html.escape(doc.plain_text(unit.text), quote=False)
            elif unit.kind == "math":
                # MathML, adjusted to look like KaTeX's HTML: a dozen cards of KaTeX HTML and its
                # stylesheet would weigh more than the rest of the home page together, and
                # browsers lay out MathML themselves. No equation numbers: the equations they
                # count are not on the card.
                piece = mathml_look(doc.render(unit.text, display=unit.display, output="mathml",
                                               numbered=False, report_at=report_at))
                if named:
                    piece = _math_named(piece, doc.plain_text(unit.text))
                after = units[index + 1] if index + 1 < len(units) else None
                if after and after.kind == "text" and (after.block, after.heading) == (
                        unit.block, unit.heading):  # ("，" may not start a card's line either)
                    piece, glued = glued_to_punctuation(piece, unit.text, unit.display,
                                                        after.text)
            else:
                label = html.escape(getattr(placeholders, unit.kind))
                piece = f'<span class="excerpt-placeholder">{label}</span>'
            # A heading is set in bold, so it stays apart from the text that follows it.
            before = units[index - 1].heading if index else False
            after = units[index + 1].heading if index + 1 < len(units) else False
            if unit.heading and not before:
                piece = '<b class="excerpt-heading">' + piece
            if unit.heading and not after:
                piece = piece.rstrip() + "</b> " if piece.endswith(" ") else piece + "</b>"
            parts.append(piece)
        return "".join(parts).strip()

    def _description_units(self, post: Post, card: list[Unit], env: EnvType,
                           carded: str | None) -> list[Unit]:
        """What the page's `<meta name="description">` is made of: its `description`, else
        its card's text (a summary, the part before `<!--more-->`, the automatic excerpt)."""
        if not post.description or carded == post.description:
            return card
        return unfolded(collect_units(self._parse_at(post.description, env,
                                                     post.description_line), False).units)

    def _parse_at(self, text: str, env: EnvType, line: int) -> list[Token]:
        """The tokens of a front matter value written at `line` (a summary, a description),
        what its rules say of it said there: an image without alt text in a `summary:` was
        said at the body's first line."""
        page: _PageEnv = env["page"]
        page.line_offset, body_offset = line - 1, page.line_offset
        try:
            return self.md.parse(text, env)
        finally:
            page.line_offset = body_offset

    @staticmethod
    def _units_text(units: list[Unit], doc, placeholders: Placeholders) -> str:
        return PostRenderer._units_text_and_formulas(units, doc, placeholders)[0]

    @staticmethod
    def _units_text_and_formulas(units: list[Unit], doc, placeholders: Placeholders,
                                 read: dict[str, str] | None = None
                                 ) -> tuple[str, list[tuple[int, int]]]:
        """The units as clean text, and where each formula is in it (a description is cut
        before one, never inside); `read`: formulas' texts read before, added to."""
        read = {} if read is None else read
        units = plain_scripts(units)
        # Prose units carry their own spaces; formulas and placeholders get one where none is.
        text = ""
        pieces = []  # (each formula's text)
        for index, unit in enumerate(units):
            if unit.kind == "text":
                piece = unit.text
            elif unit.kind in ("math", "ref"):
                if (piece := read.get(unit.text)) is None:
                    piece = read[unit.text] = doc.plain_text(unit.text)
                pieces.append(piece)
            else:
                piece = getattr(placeholders, unit.kind)
            if text and piece and unit.kind != "text" and not _spaced_within(text[-1]):
                text += " "
            text += piece
            if unit.heading and index + 1 < len(units) and not units[index + 1].heading:
                text = text.rstrip()  # no bold in a meta description: a separator instead
                # ("问题：", "Why?" end a thought; "(1)", "⟨q, k⟩" do not)
                ends_in_punctuation = unicodedata.category(text[-1:] or " ") == "Po"
                text += " " if ends_in_punctuation else HEADING_SEPARATOR
        text = re.sub(r"\s+", " ", text).strip()
        formulas, at = [], 0
        for piece in pieces:
            piece = " ".join(piece.split())
            start = text.find(piece, at) if piece else -1
            if start >= 0:
                formulas.append((start, start + len(piece)))
                at = start + len(piece)
        return text, formulas
