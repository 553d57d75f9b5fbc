"""Obsidian's comments, `%% … %%`: words a writer keeps in a note for themselves, never shown.

    正文 %%行内的私话%% 继续。       a comment inside a paragraph (it may span its lines)
    %%                               a comment of whole lines, from a line that opens one to
    不公开的草稿                      the line that closes it
    %%

They were published as text: on the page, in excerpts and descriptions, in feeds and in the
search index. Obsidian hides them in its reading view, as Quartz and Obsidian Publish leave
them out; so does this plugin, before anything is made of the body. Code (fenced, indented,
inline) and formulas keep their `%%`: their rules take them first. A comment never closed hides
the rest of the note, as Obsidian shows it, and is said at the line that opens it.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from blogforge.markdown.unclosed import children_with_lines

MARK = "%%"


def comments_plugin(md: MarkdownIt) -> None:
    # (before the tables' rule, so that a comment's lines are never read as anything else;
    # and it ends a paragraph, a list or a quote its opening line follows)
    md.block.ruler.before("table", "obsidian_comment", _block_comment,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("escape", "obsidian_comment", _inline_comment)
    # (before text_join, which merges the `%%` left as text into the words around it)
    md.core.ruler.before("text_join", "obsidian_comment_unclosed", _said_unclosed)


def _block_comment(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Whole lines from one that opens a comment (`%%` first on it) to the one that closes it."""
    if state.sCount[start] - state.blkIndent >= 4:  # (an indented code block's line)
        return False
    first = state.bMarks[start] + state.tShift[start]
    text = state.src[first:state.eMarks[start]]
    if not text.startswith(MARK):
        return False
    closed = text.find(MARK, len(MARK))
    if closed >= 0 and text[closed + len(MARK):].strip():
        return False  # (`%% x %% shown`: the words after it are the paragraph's, inline)
    if silent:
        return True
    line = start
    while closed < 0 and line + 1 < end:
        line += 1
        closed = state.src.find(MARK, state.bMarks[line] + state.tShift[line],
                                state.eMarks[line])
    if closed < 0:
        _warn_unclosed(state.env, start)
        line = end - 1
    state.line = line + 1
    return True


def _inline_comment(state: StateInline, silent: bool) -> bool:
    """`%%…%%` inside a paragraph or a heading: dropped. One not closed in it is left as
    written (its `%%` may be a percent sign's: `50%%`); one that opens a comment, after no
    digit, is marked to be said (`_said_unclosed`)."""
    if not state.src.startswith(MARK, state.pos):
        return False
    closed = state.src.find(MARK, state.pos + len(MARK))
    if closed < 0:
        if state.pos > 0 and state.src[state.pos - 1].isdigit():
            return False
        if not silent:
            # (not "text": the inline pass joins those, meta and all, with the words around)
            token = state.push("text_special", "", 0)
            token.content, token.meta[_UNCLOSED] = MARK, True
        state.pos += len(MARK)
        return True
    state.pos = closed + len(MARK)
    return True


_UNCLOSED = "obsidian_comment_unclosed"  # token.meta key: a `%%` that opens no closed comment


def _said_unclosed(state: StateCore) -> None:
    """A comment opened inside a paragraph and never closed, said at its line (once a
    paragraph): its words are published, as written. (Obsidian hides the rest of the note:
    the writer meant them hidden, or the `%%` is no comment.)"""
    page = state.env.get("page")
    if page is None or page.feed:
        return
    for block in state.tokens:
        if block.type != "inline" or MARK not in block.content:
            continue
        line = block.map[0] + 1 if block.map else None
        opened = next((at for token, at in children_with_lines(block, line)
                       if token.meta.get(_UNCLOSED)), None)
        if opened is not None:
            page.warn("a comment `%%` opened here is never closed: its words are published, "
                      "where Obsidian hides them and the rest of the note (close it with "
                      "`%%`; a percent sign is written `\\%`)", opened)


def _warn_unclosed(env: dict, start: int) -> None:
    page = env.get("page") if isinstance(env, dict) else None
    if page is not None and not page.feed:
        page.warn("a comment `%%` opened here is never closed: the rest of the note is hidden, "
                  "as Obsidian hides it (close it with `%%`)", start + 1)
