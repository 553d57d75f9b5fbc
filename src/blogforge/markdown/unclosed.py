"""Markup left open that CommonMark lets run to the end of the post, to be said where it opens.

A code fence without its closing fence takes in the rest of the post (or of the list item or
quote it is in) as code: valid Markdown, and a writer who forgot the closing ``` sees their
prose shown as code, without a word. The page stays as CommonMark has it; the build says
where the fence opened.

So with raw HTML that hides what it holds (`<div hidden>`, `<div style="display:none">`) and
is never closed: the browser hides the rest of the post with it (the theme's `</div>` after
the post closes it), and the excerpt leaves it out too (html_text.py); the build says where
it opened; so with a `<details>` that folds the rest of the post away, and a `<script>` or
`<style>` left open, which the browser ends at no end tag but its own: wherever it opens (in a
paragraph's inline HTML, inside a `<div>` block), it takes in the rest of the post, and of the
page up to the theme's next `</script>`, as its code. One left open in a list item or a quote
ends with it (the browser ends it at the `</li>`): having hidden or folded blocks after its own,
the rest of that item or quote, it is said too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from markdown_it.token import Token

from blogforge.markdown.html_text import Hiding

# What holds a block that ends with it, as named to a writer.
_CONTAINERS = {"list_item_open": "list item", "blockquote_open": "quote",
               "footnote_open": "footnote", "callout_open": "callout", "dd_open": "definition"}


class OpenFence(NamedTuple):
    line: int  # 0-based body line of the opening fence
    markup: str  # "```", "~~~~"…
    info: str  # "python", "math"…
    container: str  # "" at the top of the post, else what it ends with ("list item", "quote")


def fence_is_closed(token: Token) -> bool:
    """Whether a `fence` token (as the block parser made it) ended at a closing fence. The
    parser reads no closing line into its content, so an unclosed fence holds one line more of
    its map than a closed one (its opening line aside)."""
    if not token.map:
        return True
    content = token.content
    lines = content.count("\n") + (1 if content and not content.endswith("\n") else 0)
    return lines == token.map[1] - token.map[0] - 2


def open_fences(tokens: Sequence[Token]) -> list[OpenFence]:
    """The fences of a body that nothing closes (`fence` tokens, and ```` ```math ```` ones
    made formulas, which noted it: `math.parse.math_fence_rule`)."""
    found = []
    containers: list[str] = []  # those open around the token, innermost last ("" for others)
    for token in tokens:
        if token.nesting == 1:
            containers.append(_CONTAINERS.get(token.type, ""))
        elif token.nesting == -1:
            if containers:
                containers.pop()
        elif token.map and _left_open(token):
            found.append(OpenFence(token.map[0], token.markup or "```",
                                   token.info.strip().split(" ")[0] if token.info else "",
                                   next((c for c in reversed(containers) if c), "")))
    return found


def _left_open(token: Token) -> bool:
    if token.type == "fence":
        return not fence_is_closed(token)
    return token.type == "math_block" and bool((token.meta or {}).get("unclosed"))


def open_fence_message(fence: OpenFence) -> str:
    """What a writer is told of a fence that nothing closes."""
    shown = "read as one formula" if fence.info == "math" else "shown as code"
    rest = f"the rest of its {fence.container}" if fence.container else "the rest of the post"
    return (f"the code fence {fence.markup}{fence.info} opened here is never closed: {rest} is "
            f"{shown} (close it with {fence.markup} on a line of its own)")


def children_with_lines(inline: Token, line: int | None
                        ) -> Iterator[tuple[Token, int | None]]:
    """Each child of an inline token with the body line it starts on (`line`: the token's
    first; None, none known): a link, a picture, a tag on a paragraph's fourth line is said
    there, and all three at the same line. Counted over the children's line breaks and the
    newlines in their content (a tag, a formula over two lines); when those are fewer than the
    paragraph's (a code span written over two lines, whose newline markdown-it makes a space),
    by `inline_lines`, which finds where the spans were written."""
    children = inline.children or []
    if line is None:
        yield from ((child, None) for child in children)
        return
    counted, at = [], 0
    for child in children:
        counted.append(at)
        at += child.content.count("\n") + (child.type in ("softbreak", "hardbreak"))
    # (finding the spans takes a pattern each: only for the few paragraphs that need it)
    lines = counted if at == inline.content.count("\n") else inline_lines(inline.content,
                                                                           children)
    yield from ((child, line + offset) for child, offset in zip(children, lines, strict=True))


def inline_lines(source: str, children: Sequence[Token]) -> list[int]:
    """The line each child of an inline token starts on, counted from the token's first line;
    `source` is the token's content (the paragraph's text as written). The children's newlines
    are counted, but a code span's are not in its content (markdown-it makes them spaces):
    those are counted where the span is written, found after what was found before it."""
    starts = [0, *(at + 1 for at, char in enumerate(source) if char == "\n")]
    lines = []
    line, done = 0, 0  # (where the spans and tags found so far end in `source`)
    for child in children:
        lines.append(line)
        if child.type == "code_inline":
            span = _code_span(child).search(source, max(done, starts[min(line, len(starts) - 1)]))
            if span:
                line, done = line + span.group().count("\n"), span.end()
            continue
        if child.type == "html_inline":
            found = source.find(child.content, max(done, starts[min(line, len(starts) - 1)]))
            done = found + len(child.content) if found >= 0 else done
        line += child.content.count("\n") + (child.type in ("softbreak", "hardbreak"))
    return lines


def _code_span(token: Token) -> re.Pattern[str]:
    """A code span as it may have been written, given its `code_inline` token: each space of
    its content a space or a newline, and a space or newline each side of it dropped."""
    ticks = re.escape(token.markup or "`")
    inner = "[ \n]".join(re.escape(part) for part in token.content.split(" "))
    return re.compile(f"(?<!`){ticks}[ \n]?{inner}[ \n]?{ticks}(?!`)")


def hidden_message(hiding: Hiding) -> str:
    """What a writer is told of an element left open that hides the rest of the post."""
    written = " ".join(hiding.written.split())
    if len(written) > 60:
        written = written[:59] + "…"
    name = written[1:].split(" ")[0].split(">")[0].lower()
    if hiding.how == "folded":
        hidden = "is folded in it, shown only when the reader opens it"
    elif hiding.how == "code":
        code = "script" if name == "script" else "style sheet"
        hidden = f"is read as its {code}, never shown, and so is the page after it"
    else:
        hidden = "is hidden in it, on the page too"
    container = _CONTAINERS.get(hiding.ends_with, "")
    rest = f"the rest of its {container}" if container else "the rest of the post"
    return f"`{written}` opened here is never closed: {rest} {hidden} (close it with `</{name}>`)"
