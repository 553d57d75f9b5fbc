"""Quarto's cross-references: numbered figures, tables, equations and theorems, and the
`@fig-loss` that names one.

    ![Training loss](loss.png){#fig-loss}      a figure captioned "图 1：Training loss"
    | … a table … |
    : Results on CIFAR-10 {#tbl-cifar}         the table's caption, "表 1：Results on CIFAR-10"
    $$ L = … $$ {#eq-elbo}                     an equation numbered (1)
    ## Method {#sec-method}                    a heading
    ::: {#thm-elbo} … :::                      "定理 1" (fenced_divs.py, alerts.py)

    see @fig-loss, [@tbl-cifar], @eq-elbo, @sec-method, @thm-elbo; [-@fig-loss] is "1"

A paper-notes writer from Quarto saw `{#eq-elbo}` after the formula and `@fig-loss` in the
text, as written. A reference reads as Quarto writes it, in the page's language ("图 1",
"Figure 1"; "式 (1)", "Equation (1)", the equation's own number; a section by its heading's
text, since blogforge does not number sections), and links to what it names; one to a label
the post does not have is said at its line and shown as Quarto shows it, `?@fig-nope`.

Equations are numbered by the math document, as `\\label` and `\\eqref` are: before parsing,
`{#eq-elbo}` after a display formula becomes that formula's `\\label{eq-elbo}`, and a reference
becomes an `\\eqref`. The rest is a core rule, once figures and headings' ids are found.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from blogforge.markdown.fences import in_fenced_code
from blogforge.text import compiled_when_used, name_ends

# Quarto's prefixes of what it numbers, by the kind a reference names (theorems: alerts.py)
THEOREM_PREFIXES = {"thm": "theorem", "lem": "lemma", "cor": "corollary",
                    "prp": "proposition", "cnj": "conjecture", "def": "definition",
                    "exm": "example", "exr": "exercise"}
PREFIXES = ("fig", "tbl", "eq", "sec", *THEOREM_PREFIXES)

# A label, in any script (`{#sec-方法}`); Chinese may stand right before a reference
# (`如@fig-loss所示`), and right after it: the word is cut where its script changes when only
# that start is a label (`_label_in`)
_LABEL = r"[\w:.-]*\w"
# `@fig-a`, `[@fig-a]`, `[-@fig-a]`, `-@fig-a` (the number alone), not `me@fig-x.org`
REFERENCE = compiled_when_used(rf"(?<![A-Za-z0-9_@])(\[)?(-)?@((?:{'|'.join(PREFIXES)})-{_LABEL})"
                               r"(?(1)\]|(?![\w-]))")
_MATH_LABEL = re.compile(r"\\label\{([^{}]*)\}")
# A display formula's closing `$$` followed by its label: `$$ {#eq-elbo}`
_EQUATION_LABEL = re.compile(r"\$\$[ \t]*\{#(eq-[\w:.-]+)\}[ \t]*$")
# Pandoc's table caption, a paragraph beside the table: `: Results {#tbl-a}`, `Table: Results`
_TABLE_CAPTION = re.compile(r"^(?:Table)?:[ \t]+")
_TRAILING_ID = re.compile(r"[ \t]*\{#((?:tbl)-[\w:.-]+)\}[ \t]*$")


def is_label(key: str) -> bool:
    """Whether a citation's key (`fig-loss`) is a cross-reference's label: Quarto's rule."""
    return key.split("-", 1)[0] in PREFIXES and "-" in key


def is_cross_reference(text: str) -> bool:
    """Whether `text` (`[@fig-a]`, `@eq-b`) is a cross-reference, not a citation."""
    return REFERENCE().fullmatch(text.strip()) is not None


def label_equations(body: str) -> str:
    """`$$ {#eq-elbo}` closing a display formula becomes `\\label{eq-elbo}$$`, line for line, so
    the math document numbers the formula and finds it for `@eq-elbo`."""
    if "{#eq-" not in body:
        return body
    lines = body.split("\n")
    for at, (line, code) in enumerate(zip(lines, in_fenced_code(lines), strict=True)):
        found = None if code else _EQUATION_LABEL.search(line)
        if found is not None and _closes_formula(lines, at, found.start()):
            lines[at] = f"{line[:found.start()]}\\label{{{found.group(1)}}}$$"
    return "\n".join(lines)


def _closes_formula(lines: list[str], at: int, column: int) -> bool:
    """Whether the `$$` at `column` of line `at` closes a formula: an odd number of `$$` are
    before it, on its line or since the paragraph began."""
    before = lines[at][:column].count("$$")
    for line in reversed(lines[:at]):
        if not line.strip():
            break
        before += line.count("$$")
    return before % 2 == 1


def crossrefs_plugin(md: MarkdownIt) -> None:
    # (after the ids written on headings are known, before the ids of the others are made: a
    # table's label is its id, which they step over; before the site's links are checked)
    md.core.ruler.before("heading_ids", "crossrefs", _cross_reference)
    md.add_render_rule("table_caption_open", lambda *args: "<caption>")
    md.add_render_rule("table_caption_close", lambda *args: "</caption>\n")


def _cross_reference(state: StateCore) -> None:
    if "@" not in state.src and "{#" not in state.src and "|" not in state.src:
        return  # (no reference, no label, no table to caption)
    strings: Callable[..., str] | None = state.env.get("t")
    targets = _number_targets(state, strings)
    labels = {*targets, *_MATH_LABEL.findall(state.src)}
    page = state.env.get("page")
    warn = page.warn if page is not None and not page.feed else None
    for block in state.tokens:
        children = block.children
        if not children or not any(c.type == "text" and "@" in c.content for c in children):
            continue
        line = block.map[0] if block.map else 0
        replaced: list[Token] = []
        in_link = 0  # (a link's own words are never made a second link)
        for child in children:
            line += child.type in ("softbreak", "hardbreak")
            in_link += (child.type == "link_open") - (child.type == "link_close")
            if child.type == "text" and "@" in child.content and not in_link:
                replaced.extend(_references(child.content, targets, labels, strings, line,
                                            warn, state.src))
            else:
                replaced.append(child)
        block.children = replaced


def _number_targets(state: StateCore, strings: Callable[..., str] | None
                    ) -> dict[str, tuple[str, str]]:
    """What each label of the post reads as ("图 1") and its anchor, numbering figures and
    tables (captioned "图 1：…") in their order; theorems come numbered from alerts.py."""
    targets: dict[str, tuple[str, str]] = {}
    counts = {"fig": 0, "tbl": 0}
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "figure_open" and str(token.meta.get("id", "")).startswith("fig-"):
            counts["fig"] += 1
            name = _label(strings, "crossref_figure", counts["fig"])
            targets[token.meta["id"]] = (name, token.meta["id"])
            caption = tokens[_matching(tokens, index, "figure_close")].children
            if caption is not None:
                caption[:0] = [_text(_caption_prefix(strings, name))]
        elif token.type == "table_open":
            index = _caption_table(tokens, index, counts, strings, targets)
        elif token.type == "heading_open" and str(token.attrGet("id") or "").startswith("sec-"):
            title = tokens[index + 1].content if index + 1 < len(tokens) else ""
            targets[str(token.attrGet("id"))] = (_plain(title), str(token.attrGet("id")))
        elif token.type == "callout_open" and token.meta.get("id"):
            targets[token.meta["id"]] = (token.meta["numbered"], token.meta["id"])
        index += 1
    return targets


def _caption_table(tokens: list[Token], index: int, counts: dict[str, int],
                   strings: Callable[..., str] | None,
                   targets: dict[str, tuple[str, str]]) -> int:
    """The table at `index` captioned by a `: caption` paragraph right after it (or right
    before it), the paragraph made its `<caption>`; where the walk goes on."""
    end = _matching(tokens, index, "table_close")
    paragraph = None
    if end + 3 < len(tokens) and _is_caption(tokens, end + 1):
        paragraph = end + 1
    elif index >= 3 and _is_caption(tokens, index - 3):
        paragraph = index - 3
    if paragraph is None:
        return end
    inline = tokens[paragraph + 1]
    children = list(inline.children or [])
    children[0] = _text(_TABLE_CAPTION.sub("", children[0].content, count=1))
    label = None
    if children[-1].type == "text" and (found := _TRAILING_ID.search(children[-1].content)):
        label = found.group(1)
        children[-1] = _text(children[-1].content[:found.start()])
    opening = tokens[index]
    closing = tokens[end]
    if label is not None:
        counts["tbl"] += 1
        name = _label(strings, "crossref_table", counts["tbl"])
        targets[label] = (name, label)
        opening.attrSet("id", label)
        children.insert(0, _text(_caption_prefix(strings, name)))
    caption = [Token("table_caption_open", "caption", 1), Token("inline", "", 0),
               Token("table_caption_close", "caption", -1)]
    caption[1].children = children
    caption[1].content = inline.content
    del tokens[paragraph: paragraph + 3]
    at = index - 3 if paragraph < index else index  # (the table's opening, where it is now)
    tokens[at + 1: at + 1] = caption
    return next(i for i in range(at, len(tokens)) if tokens[i] is closing)


def _is_caption(tokens: list[Token], index: int) -> bool:
    if index + 2 >= len(tokens) or tokens[index].type != "paragraph_open":
        return False
    inline = tokens[index + 1]
    return (inline.type == "inline" and bool(inline.children)
            and inline.children[0].type == "text"
            and _TABLE_CAPTION.match(inline.content) is not None)


def _references(text: str, targets: dict[str, tuple[str, str]], labels: set[str],
                strings: Callable[..., str] | None, line: int,
                warn: Callable[[str, int], None] | None, source: str) -> list[Token]:
    """`text` as tokens, its references made links (an equation's, an `\\eqref`); `labels`:
    the post's, the equations' too."""
    out: list[Token] = []
    cursor = 0
    for found in REFERENCE().finditer(text):
        number_only = bool(found.group(2))
        label = found.group(3) if found.group(1) else _label_in(found.group(3), labels)
        out.append(_text(text[cursor:found.start()]))
        cursor = found.start(3) + len(label) + (1 if found.group(1) else 0)
        if label.startswith("eq-"):
            if not number_only:
                word = strings("crossref_equation") if strings else "Equation"
                out.append(_text(f"{word} "))
            ref = Token("math_ref", "", 0, content=f"\\eqref{{{label}}}")
            ref.meta = {"kind": "eqref", "label": label, "line": line, "content_line": line}
            out.append(ref)
            continue
        if label not in targets:
            if warn is not None:
                warn(_unfound(label, source), line + 1)
            out.extend(_bold(f"?@{label}"))
            continue
        name, anchor = targets[label]
        shown = name.rsplit(" ", 1)[-1] if number_only and not label.startswith("sec-") else name
        link = Token("link_open", "a", 1)
        link.attrSet("href", f"#{anchor}")
        link.attrSet("class", "crossref")
        out.extend([link, _text(shown), Token("link_close", "a", -1)])
    out.append(_text(text[cursor:]))
    return [token for token in out if token.type != "text" or token.content]


_KINDS = {"fig": "figure", "tbl": "table", "sec": "section", **THEOREM_PREFIXES}


def _label_in(word: str, labels: set[str]) -> str:
    """The label a reference's word names: the word, or its longest start that ends where the
    script changes and is a label (`fig-loss` of `fig-loss的结果`); else its first run of one
    script (what a warning names)."""
    ends = name_ends(word)
    return next((word[:end] for end in ends if word[:end] in labels), word[:ends[-1]])


def _unfound(label: str, source: str) -> str:
    """What is said of a reference to a label nothing in the post (`source`) carries."""
    kind = _KINDS.get(label.split("-")[0], "label")
    said = f"cross-reference `@{label}`: this post has no {kind} labelled `{label}`"
    if f"{{#{label}" not in source:
        return f"{said} (write `{{#{label}}}` after it)"
    where = {"figure": "an image alone in its paragraph (not in a list, a table or a sentence)",
             "table": "a table with its `: caption {#…}` line right after it",
             "section": "a heading"}.get(kind, f"a `::: {{#{label}}}` div")
    return f"{said}: `{{#{label}}}` is written, but only {where} takes a label"


def _label(strings: Callable[..., str] | None, key: str, number: int | str) -> str:
    if strings is None:
        return f"{key.removeprefix('crossref_').capitalize()} {number}"
    return strings(key, number=number)


def _caption_prefix(strings: Callable[..., str] | None, name: str) -> str:
    """"图 1：" before a caption; "Figure 1: " in English."""
    return strings("crossref_caption", label=name) if strings else f"{name}: "


def _matching(tokens: list[Token], index: int, closing_type: str) -> int:
    """Where the token that closes the one at `index` is."""
    depth = 0
    opening_type = tokens[index].type
    for at in range(index, len(tokens)):
        depth += (tokens[at].type == opening_type) - (tokens[at].type == closing_type)
        if depth == 0:
            return at
    return len(tokens) - 1


def _plain(markdown: str) -> str:
    """A heading's text, as a link's words: its Markdown marks dropped."""
    return re.sub(r"[*_`]", "", markdown).strip()


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _bold(content: str) -> list[Token]:
    return [Token("strong_open", "strong", 1), _text(content), Token("strong_close", "strong", -1)]
