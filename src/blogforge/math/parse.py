r"""markdown-it rules that cut math out of Markdown before any inline rule can touch it.

Block level (`math_block` tokens, display):
  * `$$ ... $$` and `\[ ... \]` starting a line and closing at the end of a line (same line or
    later ones, blank lines allowed inside, but not prose after one: a heading, a code fence,
    a `$` outside every group; there the opener was never closed, `_reads_as_prose`);
  * a top-level `\begin{equation|align|alignat|gather|multline}[*] ... \end{...}`;
  * fenced ```` ```math ```` blocks (converted from `fence` tokens by a core rule).
  These interrupt a paragraph, so a display formula glued to the text above or below still works.

Inline level (`math_inline` tokens), tried before backslash escapes, code spans and emphasis:
  * `$...$`, Pandoc's rule against currency: the opening `$` is followed by a non-space; the
    next unescaped `$` closes it only if it follows a non-space and is not followed by a digit
    (otherwise there is no formula); no backtick lies in between. So `$5 and $10` stays text
    while `use $5$ folds` is math;
  * `$ x $`, a space on both sides inside, as MathJax and KaTeX's auto-render read it (the
    browser's math of Hexo's and Hugo's themes): a formula when what is between reads as TeX
    (`$ \theta $`, `$ v_0 $`, `$ g $`), prose otherwise (`$ 5 and $ 10`, `$ 3000 到 $`);
    with the space after the opening `$` alone, when it holds a command, a subscript, a power
    or a group (`$ S_t$`; `a $ x$ b` stays prose);
  * ``$`x`$``, GitLab's inline formula (GitHub's too, and Notion's export): a code span
    between two `$` is the formula;
  * a delimiter inside a code span is code: it neither opens nor closes a formula, nor counts
    when a paragraph is checked for a formula still open (a post on writing math in Markdown
    shows `` `$$` `` in its prose). Code spans win over math as CommonMark has them win over
    every inline construct but raw HTML and autolinks;
  * `$$...$$` inside a sentence: inline (kramdown), unless the formula starts or ends with a line
    break, which means the author laid it out as a display;
  * `\(...\)` inline, `\[...\]` display;
  * `\[` citation `\]` is not math: when the bracketed content is only citation numbers
    (`\[1\]`, `\[2, 3\]`, `\[4-6\]`) it is the Markdown escape for a literal `[1]`;
  * so is `\(1\)`, `\(\*\)`: Markdown's escapes for an equation's number after a formula;
  * an inline `\(` or `\[` whose content would contain another `\(` or `\[` was never closed:
    it stays text instead of swallowing the formulas after it;
  * bare `\eqref{label}` / `\ref{label}` in prose become `math_ref` tokens (MathJax does the same);
  * a `$$` that nothing closes (no `$$` after it in its paragraph, and not itself the closer of
    one before it), and a `\[` alone on its line that nothing closes, stay text as before, with
    a zero-width `math_unclosed` token in front, so the renderer can say where: a display
    formula whose closing delimiter was forgotten would otherwise vanish into the prose without
    a word. A `\[` within a line is Markdown's escape for `[`, and is not marked;
  * a lone `$` is prose (`$5`, `US$`, `$HOME_DIR`), but one followed by TeX (`\alpha`, `d_k`,
    `x^2`) that nothing closes is a formula left open: marked too (`delim` "$", and the TeX it
    starts with in `meta["lead"]`);
  * a `$...$` formula holding CJK prose outside every group (`\text{…}`, `x_{旧}`) is most
    likely one whose `$` lost its partner, closed by the `$` that was to open the next
    formula (`其中 $d_k 是键的维度，$Q$ 是查询`). It stays a formula, as the rules above have
    it, and says why it is in doubt in `meta["doubt"]`, for the renderer to report. The text
    is taken for prose when the `$` that closes it opens a formula without such text (`$Q$`),
    or when it ends in CJK text with a comma or a stop in it: CJK written in a formula on
    purpose (`\begin{cases}…其他\end{cases}`, `准确率 = \frac{…}{…}`) has neither.
    In a paragraph, what follows such a formula is read one `$` out of step: only the first
    doubt is kept (`place_formulas`).

Every token's `content` is the TeX exactly as written; `meta` carries `delim` ("$", "$$", "\\(",
"\\[", "env", "fence"), `display`, and the 0-based body line (`line`, `content_line`) so the
renderer can report `path:line` for each formula; a display formula with a blank line inside
its delimiters has the first one's in `blank_line`.
"""

from __future__ import annotations

import bisect
import functools
import re
import string
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.escape import escape
from markdown_it.token import Token

from blogforge.text import compiled_when_used

from ..markdown.unclosed import fence_is_closed
from ..text import CJK_LETTERS_AND_PUNCTUATION, CJK_PROSE_PUNCTUATION
from .numbering import TOP_LEVEL_ENVS
from .texscan import top_level_text

_CITATION = re.compile(r"\s*\d+(?:\s*[,，;\-–]\s*\d+)*\s*")
_STAR = re.compile(r"\s*\\?\*+\s*")  # (an equation's mark, `(*)`, its `*` escaped or not)
_INDEXED = re.compile(r"[A-Za-z0-9_\])]")  # what ends a name that `\[i\]` indexes
_TEX_CHARACTERS = re.compile(r"[\\^_{}=+\-*/<>|&()]")
_LETTER = re.compile(r"\s*[A-Za-z]\s*")
_ENV_OPEN = re.compile(r"\\begin\{(" + "|".join(re.escape(e) for e in TOP_LEVEL_ENVS) + r")\}")
_REF = re.compile(r"\\(eqref|ref)\{([^{}\n]+)\}")
_BACKTICKS = re.compile("`+")
# (compiled at its first use: 2 ms of every build's start, and a formula in ASCII alone, as
# nearly all are, is never searched with it)
_HAS_CJK = compiled_when_used(f"[{CJK_LETTERS_AND_PUNCTUATION}]")
# What follows a `$` that opens a formula, not a price: a command (`\alpha`), or a word with a
# subscript or a power (`d_k`, `x^2`, `2^n`)...
_TEX_START = compiled_when_used(r"\\[A-Za-z]+|(?:[A-Za-z][A-Za-z0-9']*[_^]|[0-9]+\^)[{A-Za-z0-9\\]")
# ... but for a shell variable named in prose (`$CUDA_HOME`, `$LD_LIBRARY_PATH`).
_COMMAND = re.compile(r"\\[A-Za-z]")  # (a TeX command's start)
_SHELL_VARIABLE = re.compile(r"[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+(?![A-Za-z0-9_{])")
# How each inline delimiter opens and closes a formula, to show it back as written.
DELIMITERS = {"$": ("$", "$"), "$$": ("$$", "$$"), "\\(": ("\\(", "\\)"), "\\[": ("\\[", "\\]")}


def is_citation(content: str) -> bool:
    return bool(_CITATION.fullmatch(content))


# ------------------------------------------------------------------------------ block level


def _scan_delimiter(text: str, closer: str, start: int, ends: dict[int, int] | None = None
                    ) -> int:
    """First `closer` at or after `start` that is a delimiter: stepping over `\\x` pairs (so
    `\\$` never closes) and over code spans (`` `$$` `` is code, not math). `ends`: where the
    scans of `text` for `closer` ended from each place they passed (`_ends_of`), which ends
    this one at the first such place (a line of 10,000 unclosed `\\(` was read to its end
    from each, in 26 s)."""
    i = start
    n = len(text)
    passed: list[int] = []
    end = -1
    # (from one place that may matter to the next, not character by character: every line
    # of a display formula is read so, and every paragraph's text with a `$$` in it)
    next_place = _places_for(closer).search
    while i < n:
        found = next_place(text, i)
        if found is None:
            break
        i = found.start()
        if ends is not None:
            if i in ends:
                end = ends[i]
                break
            passed.append(i)
        if text.startswith(closer, i):
            end = i
            break
        if text[i] == "\\":
            i += 2
        else:  # (a backtick)
            i = _code_span_end(text, i)
    if ends is not None:
        ends.update(dict.fromkeys(passed, end))
    return end


def _ends_of(text: str, closer: str) -> dict[int, int]:
    """Where `_scan_delimiter` ended from each place passed in `text` looking for `closer`,
    kept while an inline text is parsed: each opener of it is scanned from, and a scan from a
    place ends where it did before."""
    return _scans_of(text).setdefault(closer, {})


@functools.lru_cache(maxsize=4)
def _scans_of(text: str) -> dict[str, dict[int, int]]:
    """`_ends_of` for each closer of `text` (one entry a text, so that its five closers do not
    push each other out)."""
    return {}


@functools.lru_cache(maxsize=8)
def _places_for(closer: str) -> re.Pattern[str]:
    """Where `_scan_delimiter` looks for `closer`: at it, at a backslash, at a backtick."""
    return re.compile(rf"{re.escape(closer)}|[\\\\`]")


def _code_span_end(text: str, start: int) -> int:
    """Given a run of backticks at `start`: the index after the code span it opens, which the
    next run of as many backticks closes (CommonMark); else after the run, which is text."""
    opening = _BACKTICKS.match(text, start)
    run_end = opening.end() if opening else start + 1
    length = run_end - start
    for run in _BACKTICKS.finditer(text, run_end):
        if run.end() - run.start() == length:
            return run.end()
    return run_end


def _delimiters(text: str, delim: str) -> list[int]:
    """Where `delim` is a delimiter in `text` (neither escaped nor in a code span)."""
    found = []
    i = _scan_delimiter(text, delim, 0)
    while i >= 0:
        found.append(i)
        i = _scan_delimiter(text, delim, i + len(delim))
    return found


def math_block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False  # indented code
    pos = state.bMarks[start_line] + state.tShift[start_line]
    first = state.src[pos : state.eMarks[start_line]]
    if first.startswith("$$"):
        opener, closer, delim = "$$", "$$", "$$"
    elif first.startswith("\\["):
        opener, closer, delim = "\\[", "\\]", "\\["
    else:
        match = _ENV_OPEN.match(first)
        if match is None:
            return False
        return _env_block(state, start_line, end_line, silent, match.group(1))
    if silent and state.parentType == "paragraph" and _open_in_paragraph(state, start_line, delim):
        return False  # this line closes a formula the paragraph opened ("text $$" ... "$$")

    # Find the line that ends the formula: the first one where the closer appears must have it
    # as its last non-space text; anything else is inline math inside a paragraph.
    line = start_line
    offset = len(opener)
    past_blank = False
    while line < end_line:
        if line > start_line:
            if state.isEmpty(line):
                line += 1
                offset = 0
                past_blank = True
                continue
            if state.sCount[line] < state.blkIndent:
                return False  # the container (list item) ended before the formula did
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()
        found = _scan_delimiter(text, closer, offset)
        if past_blank and _reads_as_prose(text[: found if found >= 0 else len(text)]):
            return False  # (never closed: the `$$` further on opens the next formula)
        if found >= 0:
            if found + len(closer) != len(text):
                return False
            break
        line += 1
        offset = 0
    else:
        return False

    block = state.getLines(start_line, line + 1, state.blkIndent, False).strip()
    inner = block[len(opener) : len(block) - len(closer)]
    if not inner.strip() or (delim == "\\[" and (is_citation(inner) or _no_tex(inner))):
        return False  # (`\\[LeetCode\\]` on a line of its own: escapes, see _escaped_brackets)
    if silent:
        return True
    leading = inner[: len(inner) - len(inner.lstrip())]
    _push_block(state, inner.strip(), delim, start_line, line, start_line + leading.count("\n"))
    return True


# A line no display formula holds: a heading, a code fence, or a `$` outside every group (a
# formula of the prose; a `\text{if $x > 0$}` holds its `$` in a group).
_PROSE_LINE = re.compile(r"#{1,6}(?:\s|$)|```|~~~")
_GROUPS_AND_DOLLARS = re.compile(r"\\.|[{}$`]", re.S)


def _reads_as_prose(text: str) -> bool:
    """Whether a line met past a blank line inside what would be a display formula is prose:
    the formula's `$$` was never closed, and the next formula's opening `$$` would close it.
    Left so, every formula after it in the post was read one `$$` out of step (its TeX as
    text, the prose between as TeX): a warning or two each, where there is one mistake."""
    if _PROSE_LINE.match(text):
        return True
    depth, at = 0, 0
    while (found := _GROUPS_AND_DOLLARS.search(text, at)) is not None:
        char, at = found.group(), found.end()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == "`":  # (a code span's `$` is code)
            at = _code_span_end(text, found.start())
        elif char == "$" and depth == 0:
            return True
    return False


def _open_in_paragraph(state: StateBlock, line: int, delim: str) -> bool:
    """Whether the paragraph being checked for interruption has an unclosed `$$` / `\\[`."""
    text = state.getLines(state.line, line, state.blkIndent, False)
    if delim == "$$":
        return _odd_dollars(text)
    return max(_delimiters(text, "\\["), default=-1) > max(_delimiters(text, "\\]"), default=-1)


def _odd_dollars(text: str) -> bool:
    """Whether `text` has an odd number of `$$` delimiters: one of them is still open."""
    return len(_delimiters(text, "$$")) % 2 == 1


def _env_block(state: StateBlock, start_line: int, end_line: int, silent: bool, env: str) -> bool:
    begin = f"\\begin{{{env}}}"
    end = f"\\end{{{env}}}"
    depth = 0
    line = start_line
    while line < end_line:
        if line > start_line and not state.isEmpty(line) and state.sCount[line] < state.blkIndent:
            return False
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()
        depth += text.count(begin) - text.count(end)
        if depth <= 0:
            if not text.endswith(end):
                return False
            break
        line += 1
    else:
        return False
    if silent:
        return True
    content = state.getLines(start_line, line + 1, state.blkIndent, False).strip()
    _push_block(state, content, "env", start_line, line, start_line)
    return True


def _push_block(
    state: StateBlock, content: str, delim: str, start_line: int, last_line: int, content_line: int
) -> None:
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = content
    token.markup = delim
    token.map = [start_line, last_line + 1]
    token.meta = {"delim": delim, "display": True, "line": start_line, "content_line": content_line}
    blank = _first_blank_line(state, start_line, last_line)
    if blank is not None:
        token.meta["blank_line"] = blank
    state.line = last_line + 1


def _first_blank_line(state: StateBlock, start_line: int, last_line: int) -> int | None:
    """The first blank line between a display formula's first and last lines: LaTeX ends a
    paragraph there, and the formula with it, in an error (the renderer says so)."""
    return next((line for line in range(start_line + 1, last_line) if state.isEmpty(line)),
                None)


# ----------------------------------------------------------------------------- inline level


class Found(NamedTuple):
    """What starts at a position of inline text: a formula (`math_inline`), a reference
    (`math_ref`), or a display formula's opening delimiter that nothing closes
    (`math_unclosed`, zero-width: the text from the position to `end` stays as written)."""

    type: str
    end: int  # where the text after it starts
    content: str = ""  # the TeX as written; the whole `\\eqref{label}` of a reference
    delim: str = ""  # "$", "$$", "\\(", "\\["; "eqref" or "ref" for a reference
    display: bool = False
    label: str = ""  # a reference's label
    doubt: str = ""  # why a `$` formula is most likely prose between two (module docstring)
    lead: str = ""  # the TeX after a `$` that nothing closes
    refused: bool = False  # and a `$` after it that cannot close it (`$x_1 $`, `$x_1$2`)


def scan_formula(src: str, pos: int, maximum: int) -> Found | None:
    """What the math rules find at `src[pos]` in the inline text `src[:maximum]`: None when it
    is prose. Markdown's inline rule and raw HTML's text (rawhtml.py) both read math so."""
    ch = src[pos]
    if ch == "$":
        return _dollar(src, pos, maximum)
    if ch != "\\" or pos + 1 >= maximum:
        return None
    nxt = src[pos + 1]
    if nxt == "(":
        return _bracketed(src, pos, maximum, "\\(", "\\)", display=False)
    if nxt == "[":
        return _bracketed(src, pos, maximum, "\\[", "\\]", display=True)
    if nxt in "er":
        return _ref(src, pos, maximum)
    return None


def math_inline_rule(state: StateInline, silent: bool) -> bool:
    found = scan_formula(state.src, state.pos, state.posMax)
    if found is None:
        return False
    if found.type == "math_unclosed":
        if silent:
            return False
        _push_unclosed(state, found.delim, found.lead, found.refused)
        if found.delim == "\\[":
            # A display formula's opening line whose `\\]` was forgotten; Markdown's escape
            # still makes it the `[` it has always been.
            return escape(state, silent)
        # Only the first `$` of a `$$` is taken, as when this rule declines, so the parse is
        # what it always was.
        state.pending += state.src[state.pos : found.end]
        state.pos = found.end
        return True
    if not silent:
        if found.type == "math_ref":
            token = state.push("math_ref", "", 0)
            token.content = found.content
            token.meta = {"kind": found.delim, "label": found.label, "pos": state.pos}
        else:
            token = state.push("math_inline", "math", 0)
            token.content = found.content
            token.markup = found.delim
            token.meta = {"delim": found.delim, "display": found.display, "pos": state.pos}
            if found.doubt:
                token.meta["doubt"] = found.doubt
    state.pos = found.end
    return True


def _dollar(src: str, pos: int, maximum: int, doubt: bool = True) -> Found | None:
    """What a `$` or `$$` opens; `doubt`: look whether a `$` formula is prose (module doc)."""
    if src.startswith("$$", pos):
        text = src[:maximum]
        end = _scan_delimiter(text, "$$", pos + 2, _ends_of(text, "$$"))
        if end < 0:
            # Never closed: it stays text. Marked for a warning unless it is part of a run of
            # dollars or closes an earlier `$$` (`$$ $$`, an empty formula).
            if (pos and src[pos - 1] == "$") or _odd_dollars(src[:pos]):
                return None
            return Found("math_unclosed", pos + 1, delim="$$")
        content = src[pos + 2 : end]
        if not content.strip():
            return None
        # "$$\n...\n$$" inside a paragraph is laid out as a display; "$$x_t$$" in a sentence
        # is inline (kramdown).
        display = content.lstrip(" \t").startswith("\n") or content.rstrip(" \t").endswith("\n")
        return Found("math_inline", end + 2, content, "$$", display)

    start = pos + 1
    if start < maximum and src[start] == "`":
        return _backticked(src, start, maximum)
    if start < maximum and src[start] in " \t":
        return _padded(src, start, maximum)
    if start >= maximum or src[start] in "\n$":
        return None
    # (what the scan from `start` meets, read from what a scan of the whole text met: each
    # `$` of a line of `$a{` was read to the paragraph's end, the depth it starts with
    # deciding where a scan stops)
    met = _dollar_scans(src, maximum)
    first = bisect.bisect_left(met.places, start)
    closer, tick = met.top_level_dollar[first], met.backtick[first]
    if tick >= 0 and (closer < 0 or tick < closer):
        return None  # a code span starting inside wins; `$HOME` and friends stay code
    if closer >= 0:
        return _closed_at(src, start, closer, maximum, doubt)
    # As MathJax and KaTeX's auto-render read it, a `$` in a `{…}` group is the group's, not
    # a closer (`\text{if $x$}`); unless the group is never closed (`$\frac{a$`, a typo),
    # where the first one closes as it always did.
    in_group = met.dollar[first]
    if in_group >= 0:
        return _closed_at(src, start, in_group, maximum, doubt)
    return _lone_dollar(src, start, maximum, refused=False)


class _DollarScans(NamedTuple):
    """What a scan for a `$` closer meets from each place of an inline text (`_dollar_scans`):
    for the place at `places[k]` (or after it, up to the next), the first `$` outside every
    `{…}` group, the first `$`, the first backtick; -1 for none."""

    places: list[int]
    top_level_dollar: list[int]
    dollar: list[int]
    backtick: list[int]


_DOLLAR_SCAN_STOPS = re.compile(r"\\.|[{}$`]", re.S)


@functools.lru_cache(maxsize=4)
def _dollar_scans(src: str, maximum: int) -> _DollarScans:
    """`_DollarScans` of `src[:maximum]`, read once for every `$` of it.

    A scan from after any `$` steps as one from the text's start does (a `$` is read alone
    or as the second of a `\\$`: either way the next step is right after it), so the
    places it meets are the same. The depth of groups it counts from there, never below 0,
    is the running sum of braces less its least value since the start: a `$` is outside
    every group when that sum is at its least so far, and the first such `$` from a place is
    the first `$` of the chain of places each at or below the one before (`lower`, found
    with a stack, from the end)."""
    kinds: list[str] = []
    places: list[int] = []
    sums: list[int] = []
    total = 0
    for found in _DOLLAR_SCAN_STOPS.finditer(src, 0, maximum):
        kind = found.group()
        if len(kind) == 2:
            continue  # (an escaped character: stepped over)
        kinds.append(kind)
        places.append(found.start())
        sums.append(total)  # (the depth before the character, as the scan sees it)
        total += 1 if kind == "{" else -1 if kind == "}" else 0
    count = len(places)
    top_level_dollar = [-1] * (count + 1)
    dollar = [-1] * (count + 1)
    backtick = [-1] * (count + 1)
    below: list[int] = []  # (places after this one, each sum lower than the ones before it)
    for k in range(count - 1, -1, -1):
        while below and sums[below[-1]] > sums[k]:
            below.pop()
        lower = below[-1] if below else count  # (the next place at or below this one)
        below.append(k)
        top_level_dollar[k] = places[k] if kinds[k] == "$" else top_level_dollar[lower]
        dollar[k] = places[k] if kinds[k] == "$" else dollar[k + 1]
        backtick[k] = places[k] if kinds[k] == "`" else backtick[k + 1]
    return _DollarScans(places, top_level_dollar, dollar, backtick)


def _backticked(src: str, start: int, maximum: int) -> Found | None:
    """``$`x`$``, GitLab's inline formula, which GitHub reads too and Notion's export writes:
    a code span between two `$` is the formula; a `$` before any other code span is text."""
    end = _code_span_end(src[:maximum], start)
    ticks = _BACKTICKS.match(src, start)
    length = ticks.end() - start if ticks else 1
    if end == start + length or end >= maximum or src[end] != "$":
        return None  # (a code span never closed, or not followed by `$`)
    content = src[start + length : end - length]
    if not content.strip():
        return None
    return Found("math_inline", end + 1, content, "$")


def _padded(src: str, start: int, maximum: int) -> Found | None:
    """A `$` followed by a space: the formula `$ x $`, a space on both sides inside, when what
    is between reads as TeX (`_reads_as_tex`); otherwise prose, as Pandoc has it (`$ 5 and $
    10`). MathJax and KaTeX's auto-render, which Hexo's and Hugo's themes run in the browser,
    and Typora show `$ \\theta $` as a formula: a writer bringing such posts saw them so."""
    met = _dollar_scans(src, maximum)
    first = bisect.bisect_left(met.places, start)
    closer, tick = met.top_level_dollar[first], met.backtick[first]
    if closer < 0 or (0 <= tick < closer):
        return None
    return _padded_at(src, start, closer, maximum)


def _padded_at(src: str, start: int, closer: int, maximum: int) -> Found | None:
    """The padded formula from `start` that the `$` at `closer` closes, if it can close one."""
    if closer + 1 < maximum and src[closer + 1].isdigit():
        return None  # (`$ x $5`: read as before, as text)
    content = src[start:closer]
    if not _reads_as_tex(content):
        return None
    # (padded on the left alone, as in `$ S_t$`, only what TeX alone writes: `a $ x$ b` is
    # prose, as it always was)
    if src[closer - 1] not in " \t" and not _TEX_MARK.search(content):
        return None
    return Found("math_inline", closer + 1, content, "$")


# A command, a subscript or a power, a group: TeX...
_TEX_MARK = re.compile(r"\\[A-Za-z]|[_^{}]")
# ... and a word of two letters or more, not a command's name: prose (`$ 5 and $`).
_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{2,}")


def _reads_as_tex(content: str) -> bool:
    """Whether the text between a padded `$ … $` is a formula: TeX (`\\theta`, `v_0`), or
    letters standing alone (`g`, `a + b`), and no CJK prose outside every group."""
    if not content.isascii() and _HAS_CJK().search(top_level_text(content)):
        return False
    if _TEX_MARK.search(content):
        return True
    return any(c.isalpha() for c in content) and not _WORD.search(content)


def _closed_at(src: str, start: int, i: int, maximum: int, doubt: bool) -> Found | None:
    """The `$` formula from `start` that the `$` at `i` closes, if it can close one."""
    # The first unescaped dollar decides (Pandoc's rule): it closes the formula only if it
    # follows a non-space and is not followed by a digit; "$5 and $10" is money.
    if src[i - 1].isspace() or (i + 1 < maximum and src[i + 1].isdigit()):
        # (TeX's commands up to it, `$1 = \tau_1 < \tau_K = N $`: a formula refused for the
        # space before its `$`, not a price, though no TeX starts it; said, as one that does)
        commands = _COMMAND.search(src, start, i) is not None
        return _lone_dollar(src, start, maximum, refused=True, commands=commands)
    content = src[start:i]
    return Found("math_inline", i + 1, content, "$",
                 doubt=_prose_in_formula(src, content, i, maximum) if doubt else "")


def _lone_dollar(src: str, start: int, maximum: int, refused: bool,
                 commands: bool = False) -> Found | None:
    """A `$` at `start - 1` that opens no formula: prose, or an opening `$` left alone when
    TeX follows it (`$\\alpha_i 没有闭合`), or `commands` before the `$` it refused, marked
    `math_unclosed` with that TeX."""
    if not (commands or _TEX_START().match(src, start, maximum)) \
            or _SHELL_VARIABLE.match(src, start, maximum):
        return None
    return Found("math_unclosed", start, delim="$", lead=_lead(src[start:maximum]),
                 refused=refused)


def _lead(tex: str) -> str:
    """The start of a formula, to name it: up to 16 characters, up to a space, a `$` or CJK
    text. (Read a character at a time with `_HAS_CJK`: each pattern of the CJK ranges takes
    milliseconds of every start-up to compile, and this one serves only messages.)"""
    text = tex.lstrip()
    end = 0
    while end < min(len(text), 16) and not (text[end].isspace() or text[end] == "$"
                                            or _HAS_CJK().match(text[end])):
        end += 1
    return text[:end] if end else _clip(tex, 12)


def _ends_in_cjk(text: str) -> bool:
    """Whether `text` ends in a CJK character, then maybe ASCII punctuation and spaces."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in string.punctuation):
        if _HAS_CJK().match(text[end - 1]):  # (the ideographic space is both)
            return True
        end -= 1
    return end > 0 and _HAS_CJK().match(text[end - 1]) is not None


def _prose_in_formula(src: str, content: str, closer: int, maximum: int) -> str:
    """Why the formula `$content$`, closed by the `$` at `closer`, is most likely prose that a
    `$` without its partner made math; "" when it looks like a formula (module docstring)."""
    if content.isascii() or not _HAS_CJK().search(content):
        return ""
    written = top_level_text(content)
    if not _HAS_CJK().search(written):
        return ""  # (CJK in `\\text{…}`, in a subscript: written so on purpose)
    lead = _lead(content)
    shown = _clip(content, 30)
    after = _dollar(src, closer, maximum, doubt=False)
    if after is not None and after.type == "math_inline" and after.delim == "$" \
            and not _HAS_CJK().search(top_level_text(after.content)) \
            and any(c.isalnum() or c == "\\" for c in after.content):
        return (f"`${shown}$` sets text as math: the `$` before `{lead}` probably lacks its "
                f"partner, and the `$` meant to open `${_clip(after.content, 20)}$` closes it "
                "instead (text inside a formula is written `\\text{…}`)")
    # (a price: `约合 $0.7，即 0.7$ 美元`, a number after the `$` and a pause of prose in it)
    if content[:1].isdigit() and CJK_PROSE_PUNCTUATION.search(written):
        return (f"`${shown}$` sets text as math: a `$` before a number is most likely a "
                "price's: write it `\\$` (text inside a formula is written `\\text{…}`)")
    # (CJK prose's pauses and stops: a formula holding one holds a sentence)
    if _ends_in_cjk(written) and CJK_PROSE_PUNCTUATION.search(written):
        return (f"`${shown}$` sets text as math: the `$` before `{lead}` probably lacks its "
                "partner (text inside a formula is written `\\text{…}`)")
    return ""


def _clip(text: str, width: int) -> str:
    """`text` on one line, its middle left out when it is longer than `width`."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    half = width // 2
    return f"{text[:half]}…{text[-half:]}"


def _bracketed(src: str, pos: int, maximum: int, opener: str, closer: str,
               display: bool) -> Found | None:
    text = src[:maximum]
    end = _scan_delimiter(text, closer, pos + 2, _ends_of(text, closer))
    if end < 0:
        if opener == "\\[" and _alone_on_line(src, pos, 2, maximum):
            return Found("math_unclosed", pos + 2, delim="\\[")
        return None
    # Math never contains a new opening delimiter: this opener was never closed (or is the
    # Markdown escape `\\[`), so do not swallow the formulas after it. (Scanned for in `text`
    # from where the content starts, as far as it goes, not in the content cut out for each
    # opener: a scan from there steps as the closer's did, and `_ends_of` keeps it.)
    for inner in ("\\(", "\\["):
        if 0 <= _scan_delimiter(text, inner, pos + 2, _ends_of(text, inner)) < end:
            return None
    content = src[pos + 2 : end]
    if not content.strip() or (opener == "\\[" and (is_citation(content)
                                                     or _escaped_brackets(src, pos, content))):
        return None
    if opener == "\\(" and escaped_parens(content) and not writes_paren_formulas(src):
        return None
    return Found("math_inline", end + 2, content, opener, display)


def escaped_parens(content: str) -> bool:
    """Whether `\\(…\\)` is Markdown's escapes for `(` and `)` around an equation's number
    or mark, `\\(1\\)`, `\\(\\*\\)`, as GitBook's and Typora's Markdown write "(1)" after a
    formula: there, in Jekyll, Hexo and GitHub alike, it reads "(1)" (a formula of a number
    alone would be written `$1$`) — unless the paragraph writes its formulas so
    (`writes_paren_formulas`)."""
    return bool(is_citation(content) or _STAR.fullmatch(content))


# A `\(` and the first `\)` after it with no `\(` between: one pair each (their contents do
# not overlap, so a paragraph is read once whatever its openers)
_PAREN_PAIR = re.compile(r"\\\(((?:(?!\\[()]).)*)\\\)", re.S)


@functools.lru_cache(maxsize=4)
def writes_paren_formulas(src: str) -> bool:
    """Whether a paragraph writes formulas between `\\(` and `\\)` (one holds more than a
    number or a mark): then its `\\(128\\)` is a formula too, as in `\\(d = 64\\) 或
    \\(128\\)` (a chat answer's or a LaTeX writer's), not Markdown's escaped "(128)"."""
    return any(found.group(1).strip() and not escaped_parens(found.group(1))
               for found in _PAREN_PAIR.finditer(src))


def _escaped_brackets(src: str, pos: int, content: str) -> bool:
    """Whether `\\[…\\]` within a line is Markdown's escapes for `[` and `]` (written so that
    no link is made), not a display formula: an index after a name (`nums\\[i\\]`,
    `dp\\[i\\]\\[j\\]`), or words without a TeX character (`\\[LeetCode\\]`, `\\[a, b\\]`)."""
    return bool(pos and _INDEXED.match(src, pos - 1)) or _no_tex(content)


def _no_tex(content: str) -> bool:
    """Words without a TeX character (`LeetCode`, `a, b`, `注`); a letter alone (`\\[x\\]`) is
    a formula still."""
    return not _TEX_CHARACTERS.search(content) and not _LETTER.fullmatch(content)


def _alone_on_line(src: str, pos: int, length: int, maximum: int) -> bool:
    """Whether the `length` characters at `pos` are all their line holds (but spaces)."""
    if pos and src[pos - 1] != "\n":
        return False
    end = src.find("\n", pos + length, maximum)
    return not src[pos + length : maximum if end < 0 else end].strip()


def _push_unclosed(state: StateInline, delim: str, lead: str = "",
                   refused: bool = False) -> None:
    """A zero-width token where a formula opens that nothing closes (for `math_lines_rule`
    and the renderer, which reports it); `lead`: the TeX after a lone `$`."""
    token = state.push("math_unclosed", "", 0)
    token.markup = delim
    token.meta = {"delim": delim, "pos": state.pos}
    if lead:
        token.meta["lead"] = lead
        token.meta["refused"] = refused


def _ref(src: str, pos: int, maximum: int) -> Found | None:
    match = _REF.match(src, pos, maximum)
    if match is None:
        return None
    return Found("math_ref", match.end(), match.group(0), match.group(1),
                 label=match.group(2).strip())


# ------------------------------------------------------------------------------- core rules


def math_fence_rule(state: StateCore) -> None:
    """```` ```math ```` fences become display math (before inline parsing, like all math);
    one that nothing closes is noted `unclosed` (markdown/unclosed.py says so)."""
    for token in state.tokens:
        if token.type == "fence" and token.info.strip().lower() == "math":
            start = token.map[0] if token.map else 0
            closed = fence_is_closed(token)
            token.type = "math_block"
            token.tag = "math"
            token.content = token.content.rstrip("\n")
            token.meta = {"delim": "fence", "display": True, "line": start}
            token.meta["content_line"] = start + 1
            if not closed:
                token.meta["unclosed"] = True


def math_lines_rule(state: StateCore) -> None:
    """Give inline math tokens the 0-based body line they start on.

    Inline tokens carry no source map; their parent block token does, and we recorded each
    formula's offset within the parent's text, so count the line breaks before it.
    """
    for token in state.tokens:
        if token.type == "inline" and token.children and token.map:
            place_formulas(token.children, token.content, token.map[0])


def place_formulas(children: list[Token], text: str, first_line: int) -> None:
    """Give the math tokens among `children`, parsed from `text` (which starts on 0-based body
    line `first_line`), the line each starts on."""
    out_of_step = False  # a formula before was most likely prose: `$`s pair one out of step
    line, counted = first_line, 0  # (the line at `counted`: counted on from the formula
    # before, not from the start for each: a line of 50,000 `$a` took seconds)
    for child in children:
        if child.type in ("math_inline", "math_ref", "math_unclosed") and "pos" in child.meta:
            pos = child.meta["pos"]
            if pos < counted:  # (out of order: counted again)
                line, counted = first_line, 0
            line += text.count("\n", counted, pos)
            counted = pos
            child.meta["line"] = line
            child.meta["content_line"] = line
            if child.meta.get("delim") == "$" and out_of_step:
                # what the first doubt explains is not said again, nor said wrong
                child.meta.pop("doubt", None)
                child.meta["explained"] = True
            out_of_step = out_of_step or "doubt" in child.meta and child.type == "math_inline"


def install_rules(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence",
        "math_block",
        math_block_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.inline.ruler.before("escape", "math_inline", math_inline_rule)
    md.core.ruler.after("block", "math_fence", math_fence_rule)
    md.core.ruler.after("inline", "math_lines", math_lines_rule)
