"""Pygments' regex lexers, run with fewer regex calls: the same rules, tried in the same order.

A Pygments `RegexLexer` lexes by trying, at each position, the rules of its current state one
after the other until one matches. Python's rules number about 50 and its tokens average two or
three characters, so most of a code block's time went on calls that could not match: 3.3 s of
CPU for the 1,954 code blocks of the 1,000-post benchmark corpus, the largest single cost of a
cold build.

Most rules cannot match at most positions, and the character there tells which: `def` cannot
start at a space, a string rule cannot start at a letter that is no prefix. So for each state
and each ASCII character, the rules that could start with that character are worked out once,
from the rule's parsed pattern (`first_characters`), and only those are tried, in their order.
Any rule the analysis cannot vouch for (a pattern that can match nothing, a construct it does
not know) is always tried, and so are all rules at a character beyond ASCII and at the end of
the text. Skipped rules are only ones that could not have matched, so the first rule that
matches, and with it every token and every state change, is the one Pygments finds.

C and C++ (and a dozen other lexers) override `get_tokens_unprocessed` and call RegexLexer's by
name, so the faster loop takes RegexLexer's place on the class. It runs only for lexers made
ready by `prepare`; every other lexer in the process runs Pygments' own loop, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from pygments.lexer import ExtendedRegexLexer, RegexLexer
from pygments.token import Error, Whitespace, _TokenType

try:  # the parser behind `re`: private, so its absence only costs speed
    from re import _constants as sre
    from re import _parser as sre_parser
except ImportError:  # pragma: no cover - a Python whose `re` is laid out differently
    sre = sre_parser = None

Token = tuple[int, Any, str]
Rule = tuple[Callable[[str, int], "re.Match[str] | None"], Any, Any]

# The keys of a state's table besides ASCII characters: the end of the text (only rules that
# can match nothing can match there) and any character beyond ASCII (every rule is tried).
AT_END = ""
BEYOND_ASCII = "\x80"
_ASCII = frozenset(map(chr, range(128)))
_READY = "_blogforge_rules_by_first_character"  # the attribute `prepare` sets on a lexer


def prepare(lexer: Any) -> Any:
    """Make `lexer` run the faster loop (a lexer that is no plain RegexLexer stays as it is)."""
    if isinstance(lexer, RegexLexer) and not isinstance(lexer, ExtendedRegexLexer):
        lexer.__dict__[_READY] = _States(lexer._tokens)
        if not hasattr(RegexLexer.get_tokens_unprocessed, "pygments_loop"):
            RegexLexer.get_tokens_unprocessed = _either_loop
    return lexer


def _pygments_own_loop() -> Callable[..., Iterator[Token]]:
    loop = RegexLexer.get_tokens_unprocessed
    return getattr(loop, "pygments_loop", loop)


def _either_loop(self: RegexLexer, text: str, stack: tuple[str, ...] = ("root",)
                 ) -> Iterator[Token]:
    states = self.__dict__.get(_READY)
    if states is None:
        return _either_loop.pygments_loop(self, text, stack)  # type: ignore[attr-defined]
    return _tokens(self, states, text, list(stack))


_either_loop.pygments_loop = _pygments_own_loop()  # type: ignore[attr-defined]


def _tokens(lexer: RegexLexer, states: _States, text: str, stack: list[str]
            ) -> Iterator[Token]:
    """Pygments' tokens for `text`: at each position the first rule of the current state that
    matches makes the token (a plain token type, or a callback given the match) and may move
    between states; where none matches, a newline returns to the root state and any other
    character is an error token."""
    all_rules = lexer._tokens
    rules, by_first = all_rules[stack[-1]], states[stack[-1]]
    pos, end = 0, len(text)
    while True:
        char = text[pos] if pos < end else AT_END
        for index in by_first[char if char < BEYOND_ASCII else BEYOND_ASCII]:
            match_at, action, new_state = rules[index]
            found = match_at(text, pos)
            if found is None:
                continue
            if type(action) is _TokenType:
                yield pos, action, found.group()
            elif action is not None:
                yield from action(lexer, found)
            pos = found.end()
            if new_state is not None:
                _change_state(stack, new_state)
                rules, by_first = all_rules[stack[-1]], states[stack[-1]]
            break
        else:
            if char == AT_END:
                return
            if char == "\n":
                stack[:] = ["root"]
                rules, by_first = all_rules["root"], states["root"]
                yield pos, Whitespace, char
            else:
                yield pos, Error, char
            pos += 1


def _change_state(stack: list[str], new_state: Any) -> None:
    """Pygments' moves: a tuple of state names, "#pop" and "#push"; a negative number pops
    that many states; the root state is never popped."""
    if isinstance(new_state, tuple):
        for name in new_state:
            if name == "#pop":
                if len(stack) > 1:
                    stack.pop()
            else:
                stack.append(stack[-1] if name == "#push" else name)
    elif isinstance(new_state, int):
        del stack[1 if abs(new_state) >= len(stack) else new_state:]
    elif new_state == "#push":
        stack.append(stack[-1])
    else:
        raise ValueError(f"a lexer state change Pygments does not know: {new_state!r}")


class _States(dict):
    """State name -> its rules by first character, worked out when the state is first used."""

    def __init__(self, all_rules: dict[str, list[Rule]]) -> None:
        super().__init__()
        self.all_rules = all_rules

    def __missing__(self, name: str) -> _ByFirstCharacter:
        table = self[name] = _ByFirstCharacter(self.all_rules[name])
        return table


class _ByFirstCharacter(dict):
    """Character -> the indexes of the rules that could match starting with it, in order."""

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__()
        self.firsts = [first_characters(match_at.__self__) for match_at, _, _ in rules]

    def __missing__(self, char: str) -> tuple[int, ...]:
        if char == BEYOND_ASCII:
            indexes = tuple(range(len(self.firsts)))
        else:
            indexes = tuple(i for i, first in enumerate(self.firsts)
                            if first is None or (char != AT_END and char in first))
        self[char] = indexes
        return indexes


# --- which characters a pattern can start with --------------------------------------------------

def first_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The ASCII characters a match of `pattern` can start with, or None when it may start with
    anything (or match nothing, or this cannot tell). A superset is always safe."""
    if sre_parser is None or not isinstance(pattern.pattern, str) or pattern.flags & re.ASCII:
        return None
    try:
        parsed = sre_parser.parse(pattern.pattern, pattern.flags)
        first, can_be_empty = _first_of_sequence(list(parsed), bool(pattern.flags & re.I))
    except Exception:  # noqa: BLE001 - any surprise in a private parser means "anything"
        return None
    return None if can_be_empty or first is None else frozenset(first)


def _first_of_sequence(items: list[tuple[Any, Any]], ignore_case: bool
                       ) -> tuple[set[str] | None, bool]:
    """(first characters or None for any, whether the sequence can match nothing)."""
    first: set[str] = set()
    for op, arg in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: it narrows what follows, leaving it out only widens
        part, can_be_empty = _first_of_item(op, arg, ignore_case)
        if part is None:
            return None, False
        first |= part
        if not can_be_empty:
            return first, False
    return first, True


def _first_of_item(op: Any, arg: Any, ignore_case: bool) -> tuple[set[str] | None, bool]:
    if op == sre.LITERAL:
        return _literal(arg, ignore_case), False
    if op == sre.IN:
        return _char_class(arg, ignore_case), False
    if op == sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = arg
        if add_flags & re.I:
            ignore_case = True
        elif del_flags & re.I:
            ignore_case = False
        return _first_of_sequence(list(sub), ignore_case)
    if op == sre.ATOMIC_GROUP:
        return _first_of_sequence(list(arg), ignore_case)
    if op == sre.BRANCH:
        first: set[str] = set()
        any_empty = False
        for branch in arg[1]:
            part, can_be_empty = _first_of_sequence(list(branch), ignore_case)
            if part is None:
                return None, False
            first |= part
            any_empty = any_empty or can_be_empty
        return first, any_empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, sub = arg
        part, can_be_empty = _first_of_sequence(list(sub), ignore_case)
        return part, can_be_empty or low == 0
    return None, False  # any character (.), a back-reference, a conditional: anything


def _literal(code: int, ignore_case: bool) -> set[str] | None:
    char = chr(code)
    if code >= 128:
        # beyond ASCII it never starts a match at an ASCII character, unless case folding
        # joins them (the Kelvin sign and k): then anything
        return None if ignore_case else set()
    return {char, char.lower(), char.upper()} if ignore_case else {char}


# The ASCII characters of \d, \s and \w in a str pattern; exactly, since a class may be
# negated ([^\S\n]). (Under re.ASCII \s is narrower: such patterns are not analysed.)
_DIGITS = frozenset(c for c in _ASCII if c.isdigit())
_SPACES = frozenset(c for c in _ASCII if c.isspace())
_WORD = frozenset(c for c in _ASCII if c.isalnum() or c == "_")
_CATEGORIES: dict[Any, frozenset[str]] = {} if sre is None else {
    sre.CATEGORY_DIGIT: _DIGITS, sre.CATEGORY_NOT_DIGIT: _ASCII - _DIGITS,
    sre.CATEGORY_SPACE: _SPACES, sre.CATEGORY_NOT_SPACE: _ASCII - _SPACES,
    sre.CATEGORY_WORD: _WORD, sre.CATEGORY_NOT_WORD: _ASCII - _WORD,
}


def _char_class(items: list[tuple[Any, Any]], ignore_case: bool) -> set[str] | None:
    """The ASCII characters of a class such as [a-z_\\d] or [^"\\\\]."""
    chars: set[str] = set()
    negated = False
    for op, arg in items:
        if op == sre.NEGATE:
            negated = True
        elif op == sre.LITERAL:
            part = _literal(arg, ignore_case)
            if part is None:
                return None
            chars |= part
        elif op == sre.RANGE:
            low, high = arg
            if ignore_case and high >= 128:
                return None
            chars.update(chr(code) for code in range(low, min(high, 127) + 1))
        elif op == sre.CATEGORY and arg in _CATEGORIES:
            chars |= _CATEGORIES[arg]
        else:
            return None
    if ignore_case:
        chars |= {c.lower() for c in chars} | {c.upper() for c in chars}
    return set(_ASCII - chars) if negated else chars
