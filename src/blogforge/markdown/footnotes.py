"""Footnotes as readers know them from GitHub, Hugo and Hexo, over `mdit_py_plugins.footnote`.

- Under a heading of their own: the plugin opens them as a bare `<section>`, which a screen
  reader's list of headings cannot name (and the HTML checker warns: "Section lacks heading").
  The heading is the theme's `footnotes` string, hidden on the page (the rule above the notes
  already sets them apart) and shown in feed readers, which have no theme stylesheet to hide it.
- Every mark of a note shows its number: the plugin shows a second reference to note 1 as
  `[1:1]`, its internal count. (Its ids stay apart, `fnref1` and `fnref1:1`, so that each of
  the note's back-links returns to its own mark.)
- A formula in an inline note (`^[see $x$]`) is named at its line when it fails, as every
  other formula is: the plugin parses the note's text apart from its paragraph, in tokens of
  the note that hold no line, so the mark notes where the note is written (`_inline_note`)
  and the lines are worked out from the paragraph's (`_note_lines`).
- The links say what they are: a mark is a `doc-noteref` named "脚注 1" ("Footnote 1": its
  text "[1]" was heard as "link 1" mid-sentence), and the link back from a note, whose text is
  an arrow alone (read "↩︎" or nothing), a `doc-backlink` named by the theme's `footnote_back`
  string in the page's language ("返回正文", "Back to text"); a note marked twice has two,
  numbered ("返回正文（第 2 处）": two alike could not be told apart).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote.index import footnote_inline

from blogforge.diagnostics import first_few
from blogforge.math.parse import place_formulas
from blogforge.text import close_matches, compiled_when_used


def footnotes_plugin(md: MarkdownIt) -> None:
    """Over `mdit_py_plugins.footnote.footnote_plugin` (use it first)."""
    md.add_render_rule("footnote_block_open", _render_block_open)
    md.add_render_rule("footnote_caption", _render_caption)
    mark, back = md.renderer.rules["footnote_ref"], md.renderer.rules["footnote_anchor"]

    def render_mark(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
        strings, n = env.get("t"), tokens[idx].meta["id"] + 1
        label = html.escape(strings("footnote_ref", n=n) if strings else f"Footnote {n}")
        return mark(tokens, idx, options, env).replace(
            "<a ", f'<a role="doc-noteref" aria-label="{label}" ', 1)

    def render_back(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
        strings, meta = env.get("t"), tokens[idx].meta
        # a note marked twice has a link back to each mark, side by side: told apart by their
        # number (known from the tokens: a feed renders them again without the parse's env)
        after = tokens[idx + 1] if idx + 1 < len(tokens) else None
        many = meta["subId"] > 0 or (after is not None and after.type == "footnote_anchor"
                                     and after.meta["id"] == meta["id"])
        n = meta["subId"] + 1
        if strings is None:
            label = f"Back to reference {n}" if many else "Back to text"
        else:
            label = strings("footnote_back_nth", n=n) if many else strings("footnote_back")
        return back(tokens, idx, options, env).replace(
            "<a ", f'<a role="doc-backlink" aria-label="{html.escape(label)}" ', 1)

    md.add_render_rule("footnote_ref", render_mark)
    md.add_render_rule("footnote_anchor", render_back)
    md.inline.ruler.at("footnote_inline", _inline_note)
    md.core.ruler.after("inline", "footnote_lines", _note_lines)
    md.core.ruler.after("footnote_lines", "footnote_undefined", _undefined_notes)


def _inline_note(state: StateInline, silent: bool) -> bool:
    """The plugin's `^[…]` rule, noting where the note starts in the text it is parsed from
    (`meta["pos"]` of its mark, as the math rules note where each formula starts)."""
    start = state.pos
    if not footnote_inline(state, silent):
        return False
    if not silent:
        state.tokens[-1].meta["pos"] = start  # (the mark: the last token the rule pushed)
    return True


def _note_lines(state: StateCore) -> None:
    """Give the formulas of inline notes the body line they are written on."""
    notes = state.env.get("footnotes", {}).get("list", {})
    for token in state.tokens:
        if token.type == "inline" and token.children and token.map:
            _place_notes(token.children, token.content, token.map[0], notes)


def _place_notes(children: list[Token], text: str, first_line: int, notes: dict) -> None:
    """The inline notes marked among `children` (parsed from `text`, which starts on body line
    `first_line`), their formulas and the notes inside them placed."""
    line, counted = first_line, 0  # (the line at `counted`, counted on from the note before)
    for child in children:
        note = notes.get(child.meta.get("id")) if child.type == "footnote_ref" else None
        if note is None or "tokens" not in note or "pos" not in child.meta:
            continue  # (a `[^label]` note: its definition has lines of its own)
        pos = child.meta["pos"]
        if pos < counted:  # (out of order: counted again)
            line, counted = first_line, 0
        line += text.count("\n", counted, pos)
        counted = pos
        place_formulas(note["tokens"], note["content"], line)
        _place_notes(note["tokens"], note["content"], line, notes)


# A footnote's mark as written (`[^2]`, `[^note]`), not escaped, not a definition's label. (Its
# label holds no `[`: read from each `[^` to the line's end, a line of `[^[^…` took minutes.)
_MARK = re.compile(r"(?<!\\)\[\^([^\[\]\s]+)\](?!:)")
# and as it is found in the text shown (where `\[` is `[`)
_SHOWN_MARK = re.compile(r"\[\^[^\[\]\s]+\]")


# What a character class of a pattern holds and a footnote's label never does: a range of
# digits or of letters (`0-9`, `a-z`, `A-Z`), and a pattern's characters
_RANGE = compiled_when_used(r"(?<!\d)\d-\d(?!\d)|(?<![a-z])[a-z]-[a-z](?![a-z])"
                            r"|(?<![A-Z])[A-Z]-[A-Z](?![A-Z])")
_NEVER_IN_A_LABEL = frozenset("\\^].*+?|(")


def _mark_like(label: str, defined: list[str]) -> bool:
    """Whether `[^label]` with no definition reads as a footnote's mark: a number (a chat
    answer's `[^2]`), or close to a label the post defines (difflib's measure), unless it
    holds what a pattern's character class does (`[^0-9]`, `[^a-z]`, `[^\\s.]`)."""
    if label.isdigit():
        return True
    if _pattern_like(label):
        return False
    return bool(close_matches(label, defined, n=1))


def _pattern_like(label: str) -> bool:
    return bool(_NEVER_IN_A_LABEL & set(label)) or any(
        found.group(0)[0] < found.group(0)[2] for found in _RANGE().finditer(label))


def _undefined_notes(state: StateCore) -> None:
    """Say the marks of footnotes no line defines (`[^2]` with no `[^2]: …`): shown as their
    text, they went by unsaid (an answer pasted from a chat keeps its marks, not its notes).
    A mark is one when its label is a number, or a slip of a label the post defines
    (`[^hu2012]` beside `[^hu2021]: …`): a pattern's `[^abc]`, `[^0-9]` or `[^a-z]` in prose is
    none, though the post has notes (`_pattern_like`)."""
    if "[^" not in state.src:
        return
    page = state.env.get("page")
    if page is None or page.feed:
        return
    defined = state.env.get("footnotes", {}).get("refs", {})
    labels = [label[1:] for label in defined]  # (the plugin's keys are `:label`)
    missing: dict[str, int] = {}  # label -> body line (0-based) of its first mark
    like: dict[str, bool] = {}  # label -> whether it reads as a mark (`_mark_like`)
    for block in state.tokens:
        # marks left as text (not in code, no formula), each with the line breaks before the
        # first text showing it; each looked for in them once, not each text for each mark
        shown: dict[str, int] = {}
        breaks = 0
        for child in block.children or ():
            if child.type in ("softbreak", "hardbreak"):
                breaks += 1
            elif child.type == "text" and "[^" in child.content:
                for found in _SHOWN_MARK.finditer(child.content):
                    shown.setdefault(found.group(0), breaks)
        if not shown:
            continue
        line, counted = block.map[0] if block.map else 0, 0  # (the line at `counted`)
        first_line = line
        for found in _MARK.finditer(block.content):
            label = found.group(1)
            if f":{label}" in defined or label in missing or found.group(0) not in shown:
                continue
            if label not in like:
                like[label] = _mark_like(label, labels)
            if not like[label]:
                continue
            line += block.content.count("\n", counted, found.start())
            counted = found.start()
            # (the mark as text is on that line or below: one above it, the first one
            # written, is in a code span or a formula, as in "`[^1]` 正文\n第二行 [^1]")
            if line - first_line >= shown[found.group(0)]:
                missing[label] = line
    if missing:
        marks = [f"`[^{label}]`" for label in missing]
        first = next(iter(missing))
        said = (f"footnote {marks[0]} has no definition" if len(marks) == 1 else
                f"footnotes {first_few(marks)} have no definitions")
        page.warn(f"{said} (a line `[^{first}]: …` below the text): shown as written",
                  missing[first] + 1)


def _render_caption(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
    return f"[{tokens[idx].meta['id'] + 1}]"


def _render_block_open(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
    strings = env.get("t")
    label = strings("footnotes") if strings is not None else "Footnotes"
    rule = '<hr class="footnotes-sep" />' if options.xhtmlOut else '<hr class="footnotes-sep">'
    return (f'{rule}\n<section class="footnotes">\n'
            f'<h2 class="visually-hidden">{html.escape(label)}</h2>\n'
            '<ol class="footnotes-list">\n')
