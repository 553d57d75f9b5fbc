"""The order a reader expects a list of names in (the tags, categories and series indexes).

Code point order puts Chinese names in an order no reader can follow (深度学习 U+6DF1 before
贪心 U+8D2A, 动态规划 U+52A8 before both). Names are compared character by character as
CLDR's collations do, each character by its group first:

- punctuation and symbols, then digits, as in every CLDR collation;
- on Chinese pages (CLDR `zh`, whose pinyin collation reorders Han before the other scripts,
  as Hugo's term lists do with `languageCode: zh`): Chinese characters by pinyin, then
  Latin letters A to Z whatever their case and accents, then other scripts' letters;
- on other pages (CLDR's root order, which an English reader expects): Latin letters first,
  then other scripts, then Chinese characters, also by pinyin (the root order of Han, by
  radical and stroke, is no order an English reader recognizes either).

A Chinese character's place is its reading with its tone (`shen1` before `shen2` before
`sheng1`), then its code point among characters read the same way; a name that ties
with another in all that (`attention` and `Attention`) comes by its code points, so the same
names always come in the same order, in every process.

pypinyin (170 ms to import, 57 MB) reads the Chinese, in a process of its own; readings
earlier builds made are remembered (`Readings`), so a build whose names are not new does not
start one, and a first build starts it before it imports its own modules (`read_ahead`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from blogforge.forks import Aside, usable_cores
from blogforge.language_codes import base_language
from blogforge.process_memo import ProcessMemo

# The groups, in the order of a language: 0 punctuation and symbols, 1 digits, then letters.
_SYMBOL, _DIGIT, _HAN, _LATIN, _OTHER = range(5)
_LETTERS_IN_CHINESE = {_HAN: 2, _LATIN: 3, _OTHER: 4}
_LETTERS_ELSEWHERE = {_LATIN: 2, _OTHER: 3, _HAN: 4}

# Unified ideographs: the extensions A (U+3400), the main block, compatibility ideographs and
# the supplementary planes' extensions B to H.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))
_IDEOGRAPHIC_ZERO = "\u3007"  # 〇, read líng


def is_han(char: str) -> bool:
    point = ord(char)
    return char == _IDEOGRAPHIC_ZERO or any(low <= point <= high for low, high in _HAN_RANGES)


@dataclass
class Readings:
    """The pinyin of runs of Chinese characters, one syllable with its tone per character
    ("深度" -> "shen1 du4"), by the run: what earlier builds read (`known`, from the cache),
    what this build read anew (`read`) and what it used of either (`used`, for the cache)."""

    known: dict[str, str] = field(default_factory=dict)
    used: dict[str, str] = field(default_factory=dict)
    read: dict[str, list[str]] = field(default_factory=dict)  # (by `learn`, this build)
    reading: Aside | None = field(default=None, repr=False, compare=False)  # (`start`)
    ready: Aside | None = field(default=None, repr=False, compare=False)  # (`read_ahead`)

    def start(self, names: Iterable[str]) -> None:
        """Begin reading the runs of Chinese in `names` that no earlier build read, in a
        process of their own, for `learn` to collect: a build that renders its bodies on one
        core (a few posts, or one large one) leaves the other to it, instead of waiting for
        it afterwards (0.34 s of a 6 MB post's build, 0.3 s of a twenty-post blog's first)."""
        new = self._new(names)
        if new and self.reading is None:
            self.reading = self._read_aside(new)
        self._end_ready()

    def _read_aside(self, runs: list[str]) -> Aside | None:
        """The process reading `runs`: the one `read_ahead` started, if there is one."""
        ready, self.ready = self.ready, None
        return ready if ready is not None and ready.give(runs) else read_aside(runs)

    def _end_ready(self) -> None:
        """A process `read_ahead` started that no name needs (none is new): ended now, not
        kept with pypinyin's 57 MB until the build's end."""
        if self.ready is not None:
            self.ready.stop()
            self.ready = None

    def learn(self, names: Iterable[str]) -> None:
        """Read the runs of Chinese in `names` that no earlier build read, all at once and in
        a process of their own (`read_aside`), before `of` is asked for them; those `start`
        began reading are collected, not read again."""
        if self.reading is not None:
            self.read.update(finished(self.reading) or {})
            self.reading = None
        new = self._new(names)
        if new:
            self.read.update(finished(self._read_aside(new))
                             or {run: _read(run) for run in new})
        for run, syllables in self.read.items():
            _READ_HERE.keep(run, syllables)
        self._end_ready()

    def _new(self, names: Iterable[str]) -> list[str]:
        # (each name looked at once: a thousand posts name their few tags five thousand times)
        return sorted({run for name in set(names) for run in _han_runs(name)
                       if self._remembered(run) is None and run not in self.read})

    def of(self, run: str) -> list[str]:
        """A syllable per character of `run`; "" for a character pypinyin cannot read."""
        syllables = self._remembered(run) or self.read.get(run) or _read(run)
        self.used[run] = " ".join(syllables)
        return syllables

    def _remembered(self, run: str) -> list[str] | None:
        """As an earlier build read it: from the cache, or in this process (`_READ_HERE`)."""
        remembered = self.known.get(run)
        syllables = remembered.split(" ") if remembered is not None else []
        if len(syllables) == len(run):
            return syllables
        return _READ_HERE.get(run)  # (else a damaged cache)

    @property
    def changed(self) -> bool:
        return self.used != self.known


# (the runs this process read for a build, for its later builds: see `Readings._remembered`)
_READ_HERE: ProcessMemo[str, list[str]] = ProcessMemo()


def _han_runs(name: str) -> list[str]:
    """The runs of Chinese characters in `name` ("LoRA 微调" -> ["微调"])."""
    runs, start = [], None
    for i, char in enumerate([*name, ""]):
        if char and is_han(char):
            start = i if start is None else start
        elif start is not None:
            runs.append(name[start:i])
            start = None
    return runs


def read_aside(runs: list[str]) -> Aside | None:
    """A forked process reading runs of Chinese: pypinyin's dictionaries (57 MB) then never
    live in the build's process, whose page pool forks after the indexes are sorted and whose
    workers copy what they touch (a cold build of 1,000 posts peaked at 254 MB against 174
    without them)."""
    return Aside.start(_read_all, runs)


def read_ahead() -> Aside | None:
    """A process that imports pypinyin now and reads the runs `Readings.start` gives it
    later: started by a first build (whose Chinese names are all new) before it imports its
    own modules, its ~0.2 s (pypinyin's import, mostly) then runs on the core those imports
    leave idle, where a process forked as the bodies start did it while both cores rendered
    them. None on one core, where it would only slow the imports down."""
    return Aside.waiting(_read_first, _read_all) if usable_cores() > 1 else None


def _read_first() -> None:
    """What reading the first run costs: pypinyin imported, the Traditional characters'
    table read (`in_simplified`)."""
    _read("中文")


def finished(reading: Aside | None) -> dict[str, list[str]] | None:
    """What `read_aside`'s process read (None when it could not: the caller reads them)."""
    read = reading.result() if reading is not None else None
    return read if isinstance(read, dict) else None


def _read_all(runs: list[str]) -> dict[str, list[str]]:
    return {run: _read(run) for run in runs}


def _read(run: str) -> list[str]:
    """pypinyin's reading of a run of Chinese, read as a whole: a character read in more than
    one way is read as the words around it say (重庆 chóng, 重要 zhòng)."""
    from pypinyin import Style, lazy_pinyin  # (170 ms: only when a name is new)

    from blogforge.chinese_scripts import in_simplified

    # pypinyin's words are Simplified: a Traditional name is read as its Simplified form, else
    # a character of several readings is read alone, and often wrongly (長度 zhǎng, 銀行 xíng)
    simplified = in_simplified(run)
    syllables = lazy_pinyin(simplified if len(simplified) == len(run) else run,
                            style=Style.TONE3, neutral_tone_with_five=True,
                            errors=lambda unread: [""] * len(unread))
    if len(syllables) != len(run):  # (pypinyin kept an unread run whole after all)
        return [_read_one(char) for char in run]
    return [syllable or "" for syllable in syllables]


def _read_one(char: str) -> str:
    from pypinyin import Style, lazy_pinyin

    read = lazy_pinyin(char, style=Style.TONE3, neutral_tone_with_five=True,
                       errors=lambda unread: [""])
    return read[0] if len(read) == 1 and read[0] else ""


def name_key(name: str, language_code: str, readings: Readings) -> tuple:
    """What `name` sorts by on a page in `language_code` (see the module's docstring)."""
    letters = _LETTERS_IN_CHINESE if base_language(language_code) == "zh" else \
        _LETTERS_ELSEWHERE
    chars: list[tuple[int, str, int]] = []
    run_start = None
    for i, char in enumerate([*name, ""]):  # ("" ends a last run of Chinese)
        if char and is_han(char):
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            run = name[run_start:i]
            chars += [(letters[_HAN], syllable, ord(han))
                      for han, syllable in zip(run, readings.of(run), strict=True)]
            run_start = None
        if char:
            group, primary = _place(char)
            chars.append((letters.get(group, group), primary, ord(char)))
    # the characters' places first, then their code points: `Attention` and `attention` are
    # a tie until every letter was compared (case is CLDR's last level), then the capital first
    return tuple(place[:2] for place in chars), tuple(place[2] for place in chars)


def _place(char: str) -> tuple[int, str]:
    """A character that is not Chinese: its group and what it sorts by in the group."""
    base = "".join(part for part in unicodedata.normalize("NFKD", char)
                   if not unicodedata.combining(part)) or char
    if base.isdigit():
        return _DIGIT, base
    if base.isalpha():
        return (_LATIN if base.isascii() else _OTHER), base.casefold()
    return _SYMBOL, base
