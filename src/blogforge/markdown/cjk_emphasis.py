"""`**bold**`, `*italic*`, `~~struck~~` and `==marked==` next to Chinese punctuation, as the
writer's editor (Typora, Obsidian) shows them.

CommonMark decides whether a run of `*` opens or closes emphasis from the characters on either
side of it, and counts every punctuation mark alike: a closing `**` after punctuation closes
only before a space or more punctuation. English puts a space after its punctuation; Chinese
puts none, so in `注意**重点：**这里` the second `**` (after "：", before "这") closed nothing and
the page, its description, the feed and the search text showed both pairs of asterisks; so did
`**“引号”**后面`, `**`code`**的`, `*斜体。*然后`, `~~删除线：~~后` and `==高亮：==后`.

The flanking rules here are CommonMark's with the CJK-friendly amendments (tats-u's
markdown-cjk-friendly specification, written for CommonMark issue 650):
- punctuation that is itself a CJK character ("，", "：", "。", "（", full-width forms) is read as
  the letters around it are, so a run of marks next to it opens and closes as it would next to
  a letter; only other punctuation ("“", "”", "`", "(", ".") keeps CommonMark's rule;
- next to such other punctuation, a CJK character on the run's other side counts as the space
  CommonMark asks for there (`是**“引号”**后`: both runs work);
- a variation selector (U+FE00–U+FE0E) after a character belongs to it, and an ideographic
  variation selector (U+E0100–U+E01EF, a glyph of the ideograph before it) is read as a CJK
  character; "‘’“”" followed by U+FE01 are their full-width forms, CJK punctuation.
A CJK character is one of East Asian Width W, F or H that is not shown as an emoji by default
(😀 and ✅ are not CJK: emphasis beside them is as CommonMark has it), or a Hangul one: Korean
is written with spaces, and the amendments count it in all the same. `_` keeps CommonMark's
rule against emphasis inside a word (`snake_case_name`, `__init__`; 中_文_字 too).

Where blogforge departs from the amendments, and why: a single `*` is also a character of the
prose it stands in (a file glob's wildcard, a product, a matrix's transpose or adjoint, a mark
on an item), and the amendments, which read "（" and "，" as letters, made emphasis of it
where CommonMark had none (`匹配<em>.py文件和</em>.md`, `x<em>（y+z），或者 a</em>（b+c）`,
`见附录<em>，带</em>的`). So a run of one `*` (not `**`, whose bold is what the amendments are
for, nor `_`, which CommonMark's rule against emphasis inside a word keeps literal there, nor
`~~` and `==`, which are doubled):
- between a letter or digit that is not CJK and CJK punctuation, is read as CommonMark reads it:
  it leans on the letter, opening only before one and closing only after one (`x*（y+z）`,
  `T*（转置）`, `10*（2+3）*2`, `8*（满分10*）` stay as written; `*Adam*（优化器）` is still
  italics). Written so, the `*` is an operator; italics beside "（" or "。" have Chinese outside
  (`这是*斜体。*然后`); a label followed by English without a space (`*注：*See`) is left
  as CommonMark leaves it (with the space, `*注：* See`, it is italics);
- directly before "." and an ASCII letter or digit, opens nothing: that is a file glob
  (`*.py`, `src/*.md`, `*.7z`), and an emphasis starting with a file extension's dot (`*.NET*`)
  is the rarer writing;
- directly before CJK punctuation that ends what it follows ("、。，．：；！？", a closing
  bracket or quote) opens nothing, and directly after an opening bracket or quote ("（", "「",
  "《") closes nothing: no emphasis starts with a comma or ends with "（" (`见附录*，带*的`,
  `带（*）的` and `标*的为选做题（*越多越难）` stay as written; `*（括号）*`, `*「引用」*` are
  still italics).

Each of this parser's delimiter rules is shown the amended rule while it runs (the state it is
given gets a `scanDelims` of its own, taken away after): markdown-it's classes are left as they
are for every other parser in the process. The package mdit-py-cjk-friendly was not used: it
replaces `StateInline.scanDelims` for the whole process when imported, and simplifies the
amendments (no variation selectors).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache, partial
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Scanned

if TYPE_CHECKING:
    import regex

# East Asian Width W, F or H, less the emoji shown as emoji by default, or Hangul. (The `regex`
# module's tables: one Unicode version whichever Python runs, newer than Python's own. They
# give an unassigned code point the width W; UAX #11 gives it only to those in the ideograph
# blocks and planes 2 and 3, hence the last line.)
_CJK = (r"(?V1)[[\p{ea=W}\p{ea=F}\p{ea=H}]&&[^\p{Cn}\p{Cs}\p{Emoji_Presentation}]]"
        r"|\p{Script=Hangul}"
        r"|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003fffd]")
_HANGUL = r"\p{Script=Hangul}"
# What is decided without those tables (`regex`, imported for the rest only: a one-post edit
# of a post without a rarer character imports none of it, 25 ms): nothing below U+1100 is
# CJK nor Hangul; the ideographs, Chinese punctuation (U+3001–U+303E) and the full-width
# forms (U+FF01–U+FF60) are CJK, none of them Hangul but its two tone marks (U+302E/F)
_NEVER_CJK_BELOW = 0x1100
_SURELY_CJK = (range(0x4E00, 0xA000), range(0x3001, 0x303F), range(0xFF01, 0xFF61))
_HANGUL_TONE_MARKS = (0x302E, 0x302F)
# Variation selectors that choose a character's glyph (U+FE0F, which asks for an emoji, is not
# one of them: what it follows is then an emoji, a letter to these rules)
_TEXT_VARIATION = range(0xFE00, 0xFE0F)
_IDEOGRAPHIC_VARIATION = range(0xE0100, 0xE01F0)
_FULL_WIDTH_QUOTES = frozenset("‘’“”")  # (each followed by U+FE01: its full-width form)
_FULL_WIDTH_SELECTOR = "\ufe01"

# What stands on one side of a run of marks
SPACE = "space"  # whitespace, or the start or end of the line
PUNCTUATION = "punctuation"  # punctuation that is not CJK ("“", "`", "(", ".")
CJK = "cjk"  # a CJK character, its punctuation ("，", "：") included
LETTER = "letter"  # anything else: a letter, a digit, an emoji

# CJK punctuation that ends what it follows (and the categories of closing brackets and
# quotes): a single `*` before it opens nothing; nor does one after an opening bracket or
# quote close anything
_ENDING_PUNCTUATION = frozenset("、。，．：；！？｡､")
_ENDING_CATEGORIES = ("Pe", "Pf")
_OPENING_CATEGORIES = ("Ps", "Pi")

_MARKERS = frozenset("*_~=")  # (what the rules below look for: `mark` is markdown/marks.py)
_DELIMITER_RULES = ("emphasis", "strikethrough", "mark")

InlineRule = Callable[[StateInline, bool], bool]


@lru_cache(maxsize=4096)
def is_cjk(char: str) -> bool:
    """Whether `char` (one character) is a CJK character as the amendments define it."""
    code = ord(char)
    if code < _NEVER_CJK_BELOW:
        return False
    if any(code in block for block in _SURELY_CJK):
        return True
    return _pattern(_CJK).match(char) is not None


@lru_cache(maxsize=4096)
def is_hangul(char: str) -> bool:
    code = ord(char)
    if code in _HANGUL_TONE_MARKS:
        return True
    if code < _NEVER_CJK_BELOW or any(code in block for block in _SURELY_CJK):
        return False
    return _pattern(_HANGUL).match(char) is not None


@cache
def _pattern(source: str) -> regex.Pattern:
    import regex

    return regex.compile(source)


def is_variation_selector(char: str) -> bool:
    """A selector of the glyph of the character before (not U+FE0F, which makes it an emoji)."""
    code = ord(char)
    return code in _TEXT_VARIATION or code in _IDEOGRAPHIC_VARIATION


def _is_punctuation(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def side_of(char: str) -> tuple[str, bool]:
    """What `char` is to a run of marks beside it, and whether it is punctuation (of any kind:
    `_` asks that of its neighbours)."""
    if isWhiteSpace(ord(char)):
        return SPACE, False
    punctuation = _is_punctuation(char)
    if is_cjk(char):
        return CJK, punctuation
    return (PUNCTUATION if punctuation else LETTER), punctuation


def side_before(src: str, start: int) -> tuple[str, bool]:
    """What precedes the run of marks at `start`: a variation selector is read with the
    character it follows."""
    if start == 0:
        return SPACE, False
    char = src[start - 1]
    code = ord(char)
    if code in _IDEOGRAPHIC_VARIATION:
        return CJK, False
    if code not in _TEXT_VARIATION or start < 2:
        return side_of(char)
    base = src[start - 2]
    side, punctuation = side_of(base)
    if side == PUNCTUATION and base in _FULL_WIDTH_QUOTES and char == _FULL_WIDTH_SELECTOR:
        return CJK, True
    if side == SPACE:  # (a selector after a space selects nothing: left unspecified)
        return LETTER, False
    return side, punctuation


def scan_delims(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """`StateInline.scanDelims` with the amended flanking rules: whether the run of marks at
    `start` can open, can close, and its length."""
    src, end = state.src, start
    marker = src[start]
    while end < state.posMax and src[end] == marker:
        end += 1
    before, punctuation_before = side_before(src, start)
    after, punctuation_after = side_of(src[end]) if end < state.posMax else (SPACE, False)
    # (CommonMark's "preceded by whitespace or punctuation" is here "by whitespace, non-CJK
    # punctuation or a CJK character", and CJK punctuation no longer counts as punctuation)
    left_flanking = after != SPACE and (
        after != PUNCTUATION or before in (SPACE, PUNCTUATION, CJK))
    right_flanking = before != SPACE and (
        before != PUNCTUATION or after in (SPACE, PUNCTUATION, CJK))
    if marker == "*" and end - start == 1 and LETTER in (before, after) and (
            CJK in (before, after) and (punctuation_before or punctuation_after)):
        # (an operator: `x*（y+z）`, `10*（2+3）*2`; CommonMark's rule, which leans on the letter)
        left_flanking, right_flanking = after == LETTER, before == LETTER
    can_open = left_flanking and (can_split_word or not right_flanking or punctuation_before)
    can_close = right_flanking and (can_split_word or not left_flanking or punctuation_after)
    if marker == "*" and end - start == 1:
        can_open = can_open and not (is_glob(src, end, state.posMax)
                                     or is_ending_punctuation(src[end:end + 1], after))
        can_close = can_close and not (
            before == CJK and is_opening_punctuation(base_before(src, start)))
    return Scanned(can_open, can_close, end - start)


def is_glob(src: str, end: int, stop: int) -> bool:
    """Whether a single `*` ending at `end` is a file glob's wildcard: before "." and an ASCII
    letter or digit (`*.py`)."""
    return (end + 1 < stop and src[end] == "."
            and src[end + 1].isascii() and src[end + 1].isalnum())


def is_ending_punctuation(char: str, side: str) -> bool:
    """Whether `char` (on the side `side`) is CJK punctuation that ends what it follows."""
    return side == CJK and (char in _ENDING_PUNCTUATION
                            or unicodedata.category(char) in _ENDING_CATEGORIES)


def is_opening_punctuation(char: str) -> bool:
    """Whether `char` (CJK to these rules) is an opening bracket or quote ("（", "「")."""
    return unicodedata.category(char) in _OPENING_CATEGORIES


def base_before(src: str, start: int) -> str:
    """The character before `start`, a text variation selector read with the one it follows."""
    char = src[start - 1]
    if ord(char) in _TEXT_VARIATION and start >= 2:
        return src[start - 2]
    return char


def with_cjk_flanking(rule: InlineRule) -> InlineRule:
    """`rule` (one that calls `state.scanDelims`) reading its runs of marks by `scan_delims`."""

    def tokenize(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] not in _MARKERS:
            return rule(state, silent)
        # (StateInline has no __slots__: the attribute shadows the class's method for this
        # state only, while this rule runs)
        state.scanDelims = partial(scan_delims, state)  # type: ignore[method-assign]
        try:
            return rule(state, silent)
        finally:
            del state.scanDelims

    return tokenize


def cjk_emphasis_plugin(md: MarkdownIt) -> None:
    """Use after `marks_plugin`, so that `==` is read so too."""
    rules = {rule.name: rule.fn for rule in md.inline.ruler.__rules__}
    for name in _DELIMITER_RULES:
        if name in rules:
            md.inline.ruler.at(name, with_cjk_flanking(rules[name]))
