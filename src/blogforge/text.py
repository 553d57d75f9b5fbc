"""Script-aware text measures: what counts as CJK, and how much of a text is; names as
compared."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# Hiragana and katakana (with the prolonged sound mark ー and the iteration marks ゝゞヽヾ, not
# the middle dot ・, which is punctuation), their phonetic extensions and half-width katakana
# (ｶﾀｶﾅｰ; not the half-width voicing marks ﾞﾟ, which are half a letter).
KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9d"
_KANA = "\u3041-\u3096\u309d-\u309f" + KATAKANA
HANGUL = "\uac00-\ud7a3"  # syllables: a Korean reader reads them as a Chinese one characters


def close_matches(word: str, possibilities: Iterable[str], n: int = 3,
                  cutoff: float = 0.6) -> list[str]:
    """difflib's `get_close_matches`, for "did you mean" hints: imported when a hint is made,
    not by every build (~3 ms)."""
    import difflib

    return difflib.get_close_matches(word, possibilities, n, cutoff)


def compiled_when_used(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled at its first use, not when its module is imported: a character class
    of the tens of thousands of CJK code points takes 1.5-2 ms to compile (re builds its table
    in Python, a code point at a time), and most builds never use some of them (a Korean
    word, a file in GBK); nor do they the patterns that read a slip, an import's syntax or a
    feature few posts have (0.05-0.3 ms each, 9 ms of a one-post edit's 14 ms of patterns)."""
    return functools.cache(lambda: re.compile(pattern, flags))


_CJK_IDEOGRAPH = compiled_when_used(f"[{_IDEOGRAPHS}]")
# What a CJK reader reads one by one: ideographs, 々 (時々: a kanji repeated), kana, Hangul;
# a run of them, counted as its characters (`_count`: a match a run, not one a character, is
# half the time on a Chinese post's text)
_CJK_RUN = re.compile(f"[{_IDEOGRAPHS}\u3005{_KANA}{HANGUL}]+")
_KANA_CHARACTER = compiled_when_used(f"[{_KANA}]")
_HANGUL_SYLLABLE = re.compile(f"[{HANGUL}]")
LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.-][A-Za-z0-9\u00c0-\u024f]+)*")
# Chinese, Japanese and Korean letters and punctuation, as ranges for a character class: CJK
# symbols and punctuation, kana, ideographs (all planes), Hangul, full-width and half-width forms.
CJK_LETTERS_AND_PUNCTUATION = ("\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                               "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f")
# The pauses and stops of CJK prose (，。、；：！？): a sentence has them, a name or a formula
# written in CJK has not.
CJK_PROSE_PUNCTUATION = re.compile("[，。、；：！？]")
# Kana, the ideographs up to U+FFFF and Hangul: a name or a title written in CJK.
_CJK_LETTER = compiled_when_used(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# Characters of no width that chat pages and word processors leave in copied text (zero-width
# space, non-joiner and joiner, word joiner, a BOM inside the text, the soft hyphen): seen
# nowhere, they parted a word where they stood ("Flash\u200bAttention" was two search terms,
# `## 核\u200b心思想` the heading id `核-心思想`)
ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = compiled_when_used(f"[{ZERO_WIDTH}]")


def without_zero_width(text: str) -> str:
    """`text` without its characters of no width (what is made of it, not what is shown)."""
    if text.isascii() or not any(char in text for char in ZERO_WIDTH):
        return text  # (most texts hold none: six fast searches, not a pass of a pattern)
    return _ZERO_WIDTH().sub("", text)


def composed(name: str) -> str:
    """A name as blogforge compares and publishes it: in composed Unicode (NFC). macOS and iOS
    keep file names decomposed (`café.md` as `e` + U+0301), as do git, iCloud and Working
    Copy checkouts of them, while a link typed on any keyboard is composed: the two look
    alike and were told apart (a link to `café.md` found no such file, a tag `café` shared
    its page with `café` "written another way")."""
    return name if name.isascii() else unicodedata.normalize("NFC", name)


def has_cjk(text: str) -> bool:
    """Whether `text` holds a CJK letter: kana, an ideograph (up to U+FFFF), Hangul."""
    return _CJK_LETTER().search(text) is not None


def cjk_share(text: str, of_non_ascii: bool = False) -> float | None:
    """Share of CJK ideographs among letters (or among non-ASCII characters); None if empty."""
    cjk = _ideographs(text)
    if of_non_ascii:
        pool = sum(1 for c in text if not c.isascii() and not c.isspace())
    else:
        pool = cjk + len(re.findall(r"[A-Za-z]", text))
    return cjk / pool if pool else None


def as_chinese_gbk(raw: bytes) -> str | None:
    """`raw` read as GB18030 (GBK's superset: Notepad's "ANSI" on a Chinese Windows) when it
    is clearly Chinese text that way, its non-ASCII letters nearly all ideographs; else None
    (Latin-1 or Shift-JIS bytes seldom decode so, and then as a scatter of odd signs)."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    share = cjk_share(text, of_non_ascii=True)
    return text if share is not None and share > 0.8 else None


def characters_within_width(text: str, width: int) -> int:
    """How many of `text`'s first characters take at most `width` columns, a wide character
    (a Chinese, Japanese or Korean one, a full-width form) two: what fits in a snippet or a
    card measured in Latin letters."""
    used = 0
    for count, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > width:
            return count
    return len(text)


def count_prose(text: str) -> tuple[int, int]:
    """(CJK characters, Latin-script words) in plain text: ideographs, kana and Hangul are read
    one by one, each a character (a Japanese post is half kana). (No CJK character can be part
    of a Latin word nor join two, nor can a space: the words are looked for in what is left of
    the text once each CJK run is a space, half of a Chinese post's text.)"""
    rest, runs = _CJK_RUN.subn(" ", text)
    return len(text) - len(rest) + runs, len(LATIN_WORD.findall(rest))


# A Korean word: Hangul syllables and what is written against them up to a space (`JavaScript가`,
# `(모델)은`), short of Chinese characters and kana (a Chinese sentence quoting one syllable).
_HANGUL_WORD = compiled_when_used(
    f"[^\\s{_IDEOGRAPHS}{_KANA}]*[{HANGUL}][^\\s{_IDEOGRAPHS}{_KANA}]*")


def count_reading(text: str) -> tuple[int, int]:
    """(CJK characters, words) for a word count and a reading time: as `count_prose`, but
    Korean, written with spaces between its words, counts words (`트랜스포머의 어텐션` is two
    words, not nine characters, as a Korean writer counts them)."""
    if _HANGUL_SYLLABLE.search(text) is None:
        return count_prose(text)
    korean_words = len(_HANGUL_WORD().findall(text))
    cjk, words = count_prose(_HANGUL_WORD().sub(" ", text))
    return cjk, words + korean_words


def script_counts(text: str) -> tuple[int, int, int]:
    """(ideographs, kana, Hangul syllables) in `text`: what tells Chinese, Japanese and Korean
    apart (a Japanese text is kanji and a real share of kana)."""
    return _ideographs(text), _count(_KANA_CHARACTER(), text), _count(_HANGUL_SYLLABLE, text)


def _ideographs(text: str) -> int:
    return _count(_CJK_IDEOGRAPH(), text)


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(text) - len(pattern.sub("", text))  # (not a list of every one)


def name_ends(word: str) -> list[int]:
    """Where a name written at the start of `word` may end, longest first: the word's end, and
    each place its script changes after a letter or digit (`kingma2013的`: after `kingma2013`).
    Chinese is set right against a citation's key or a label, without a space."""
    return [len(word), *(at for at in range(len(word) - 1, 0, -1)
                         if word[at - 1].isascii() != word[at].isascii()
                         and (word[at - 1].isalnum() or word[at - 1] == "_"))]
