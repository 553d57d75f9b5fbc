"""Lists and quotes nested deeper than the parser follows: said, never cut without a word.

markdown-it stops at a nesting depth and leaves out everything after that point to the end of
the post (its safeguard against recursion). CommonMark's preset stopped at 20 levels of
tokens: a list nested ten deep (each level a list and its item) lost the rest of the post
from the page, its feed and the search, unsaid. The limit is markdown-it's own default
preset's, 100 (about fifty levels of list, which Python's recursion follows), and a post that
still reaches it is warned of at the line where the cut begins.

Every other reader of a post's Markdown (its headings' ids, its inline tags, a notebook's
code, the importers' code and formulas) follows the same depth (`body_depth_plugin`): at
CommonMark's, each missed what came after a list ten deep, which the page shows.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

MAX_NESTING = 100


def body_depth_plugin(md: MarkdownIt) -> None:
    """A reader of a post's Markdown following its lists and quotes as deep as the body's
    parser does, saying nothing (the body's parser says a cut, once)."""
    md.options["maxNesting"] = MAX_NESTING


def nesting_plugin(md: MarkdownIt) -> None:
    body_depth_plugin(md)
    tokenize = md.block.tokenize

    def tokenize_saying_the_cut(state: StateBlock, start_line: int, end_line: int) -> None:
        if state.level >= md.options["maxNesting"]:
            line = state.skipEmptyLines(start_line)
            page = state.env.get("page")
            if line < end_line and page is not None and not page.feed:
                page.warn(f"lists or quotes nested more deeply than {MAX_NESTING // 2} levels: "
                          "everything from here to the end of the post is left out of its "
                          "page; nest less deeply", line + 1)
        tokenize(state, start_line, end_line)

    # (the instance's: a list's or a quote's rule tokenizes its content through
    # `state.md.block.tokenize`, so each nested call passes here)
    md.block.tokenize = tokenize_saying_the_cut  # type: ignore[method-assign]
