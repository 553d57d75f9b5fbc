"""Text into index terms, the same way the reader's browser turns a query into terms.

Chinese has no spaces between words, so a run of CJK characters is indexed as its single
characters and its overlapping pairs: "覆盖子串" is 覆 盖 子 串 + 覆盖 盖子 子串, and a query for
any phrase inside a longer run ("注意力" in "多头注意力机制") asks for its pairs. English and
other letters are words, lowercased and stemmed; numbers are kept whole ("76").

`theme/static/js/search.js` mirrors these rules (normalisation, character classes, stemming;
the stop words it reads from the index). Change them together; a browser test runs both.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from blogforge.search.stem import stem
from blogforge.text import compiled_when_used, without_zero_width

# CJK ideographs (with compatibility ideographs), kana and Hangul: characters that are indexed
# one by one and in pairs, and the marks that stand for an ideograph (々 repeats the one
# before it, 〆, 〇 the ideographic zero, 〻): a word of Japanese or a Chinese year is one run,
# or 時々 was 時 and a separate "々", and found every post with 時. Only the Basic
# Multilingual Plane, so the browser's regex agrees (search.js writes the same class).
CJK_CLASS = "\u3005-\u3007\u303b\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# (a group: `split` keeps the runs; a one-post edit weighs its post elsewhere)
_CJK_RUNS = compiled_when_used(f"([{CJK_CLASS}]+)")
# C++ and C# are words (one letter alone says nothing: `c` is no term), as the browser reads
# them (search.js's TOKEN)
_NAMED_LANGUAGES = r"c\+\+|c#"
_WORDS = compiled_when_used(rf"{_NAMED_LANGUAGES}|[^\W_{CJK_CLASS}]+")
_TWO = re.compile("..")  # two characters, neither a line break

# Words too common to tell posts apart; a query made of them alone finds nothing. The browser
# reads this list from meta.json.
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
})


# The full-width forms of ASCII and the ideographic space: NFKC makes each the one ASCII
# character it stands for, and Chinese prose is full of them ("，", "：", "（")
_FULL_WIDTH = compiled_when_used("[\u3000\uff01-\uff5e]")


def normalize(text: str) -> str:
    """Full-width letters to ASCII, compatibility forms folded, lowercase, characters of no
    width dropped (a zero-width space copied from a chat parts no word)."""
    text = without_zero_width(text)
    # NFKC of a text holding one character NFKC changes is worked out in full, every
    # character looked up: a Chinese post's commas cost its whole text, 0.25 s of a cold
    # build's weighing of 1,000 posts (a third). Its full-width characters are replaced by
    # what NFKC decomposes them into, which leaves its NFKC as it was; a text that is then
    # NFKC as it is (checked in C, fast) is the same text NFKC makes of it.
    for char in set(_FULL_WIDTH().findall(text)):
        text = text.replace(char, unicodedata.normalize("NFKD", char))
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def tokens(text: str) -> list[str]:
    """CJK runs and words, normalised, in order (as the browser cuts a query: search.js)."""
    return _token_pattern().findall(normalize(text))


_token_pattern = compiled_when_used(  # (a build never cuts a query)
    rf"[{CJK_CLASS}]+|{_NAMED_LANGUAGES}|[^\W_{CJK_CLASS}]+")


def is_cjk(token: str) -> bool:
    return bool(_CJK_RUNS().match(token))


@functools.lru_cache(maxsize=1 << 16)
def word_term(word: str) -> str | None:
    """The index term of a non-CJK word: stemmed if it is plain English, None if it says
    nothing on its own (a stop word, a single letter)."""
    if word in STOP_WORDS or (len(word) == 1 and not word.isdigit()):
        return None
    return stem(word) if word.isascii() and word.isalpha() else word


def term_counts(text: str) -> Counter[str]:
    """How often each index term occurs in a text."""
    # The CJK runs and what is between them, in one pass; the words are looked for between
    # the runs alone, each run a space (neither a CJK character nor a space is part of a word
    # or joins two): a Chinese post is half CJK characters, where no word can be.
    parts = _CJK_RUNS().split(normalize(text))
    runs = parts[1::2]
    # Characters and pairs of all runs at once (counted in C), the runs joined by line breaks,
    # which no pair holds: the pairs that start at a run's first, third... character, then
    # those that start at its second, fourth... (two plain matches: a look-ahead tried at
    # every character took a quarter more)
    joined = "\n".join(runs)
    counts = Counter(joined)
    counts.pop("\n", None)
    counts.update(_TWO.findall(joined))
    counts.update(_TWO.findall("\n".join([run[1:] for run in runs])))
    for word, n in Counter(_WORDS().findall(" ".join(parts[::2]))).items():
        if (term := word_term(word)) is not None:
            counts[term] += n
    return counts
