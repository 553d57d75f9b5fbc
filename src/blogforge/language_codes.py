"""Language codes as writers give them: in file names (`post.en.md`) and in `lang:` values
(`zh-CN`). A leaf module: the loader, the themes' strings, the compat tags and the importers
all read codes the same way."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Language codes recognised in file names (`post.en.md`) besides those the site declares.
KNOWN_LANGUAGES = frozenset({"zh", "en", "ja", "ko", "fr", "de", "es", "ru", "pt", "it"})


# What people write for a language that is not its code — a country (`cn`: China), an old
# Windows code or the language's name — with the code and the language's name.
_NICKNAMES = {"cn": ("zh", "Chinese"), "chs": ("zh-Hans", "Simplified Chinese"),
              "cht": ("zh-Hant", "Traditional Chinese"),
              "chinese": ("zh", "Chinese"), "jp": ("ja", "Japanese"), "kr": ("ko", "Korean"),
              "english": ("en", "English"), "eng": ("en", "English")}


def nickname_of(code: str) -> tuple[str, str] | None:
    """(the language's code, its English name) when `code` is no language code but what
    people often write for one (`cn`, `zh`'s country; `jp`); else None."""
    return _NICKNAMES.get(base_language(code))


def split_language_suffix(filename: str, languages: frozenset[str]) -> tuple[str, str | None]:
    """(the name without its extension and language, the language as written) of a file named
    `post.en.md`: a known code (`en`), a tag naming one of `languages` (`zh-TW` where the site
    has zh-Hant, by `matching_language`) or, where no languages are given, a tag of a known
    language (`zh-TW`, `en-US`, as Hugo names files)."""
    stem = filename.rsplit(".", 1)[0]
    base, dot, code = stem.rpartition(".")
    if dot and (code in (languages | KNOWN_LANGUAGES) or (
            language_tag_of_known_language(code)
            and (not languages or matching_language(code, languages) is not None))):
        return base, code
    return stem, None


def language_tag_suffix(filename: str) -> str | None:
    """The language tag a file's name ends in (`post.zh-TW.md`: zh-TW), if a known language's,
    whether or not a site has it; None for any other name."""
    _, dot, code = filename.rsplit(".", 1)[0].rpartition(".")
    return code if dot and language_tag_of_known_language(code) else None


# A language tag as a file name or `lang:` gives it: a language, then a script and/or a region
# (`zh-Hant-TW`, `en_US`, `es-419`); no variants, so `notes.de-facto.md` names no language.
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|[0-9]{3}))?")


# What may name a site's language (its folder, /en/, its pages' lang and hreflang, its strings'
# file): a BCP 47-like tag, `zh`, `zh-Hant`, `pt-BR`, `de-1996`, `en_US`
_CODE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")
NOT_A_CODE = ("is not a language code such as zh, en, zh-Hant or pt-BR (letters, then parts of "
              "letters and digits after `-`): it names the language's folder and its pages' "
              "lang")


def is_language_code(code: str) -> bool:
    return _CODE.fullmatch(code) is not None


def written_tag(code: str) -> str | None:
    """`code` as BCP 47 writes a tag (`zh_tw` → zh-TW, `ZH-hant` → zh-Hant, `EN` → en);
    None for what is no language tag."""
    if _TAG.fullmatch(code) is None:
        return None
    first, *rest = code.replace("_", "-").split("-")
    return "-".join([first.lower(), *(part.title() if len(part) == 4 else part.upper()
                                      for part in rest)])


def language_tag_of_known_language(code: str) -> bool:
    """Whether `code` is a language tag (`zh-TW`, `EN`) of a language blogforge knows."""
    return _TAG.fullmatch(code) is not None and base_language(code) in KNOWN_LANGUAGES


def base_language(code: str) -> str:
    """The language of a code without its region or script: `zh-CN`, `zh_Hans`, `en-us` → zh,
    en (what Hexo's `language`, Hugo's `languageCode` and many posts' `lang` hold)."""
    return code.replace("_", "-").split("-")[0].lower()


# Chinese written in these regions is Traditional (zh-TW, zh-HK, zh-MO), elsewhere Simplified
# (zh-CN, zh-SG, a bare zh): CLDR's likely scripts, what a browser and a translator assume.
_TRADITIONAL_REGIONS = frozenset({"tw", "hk", "mo"})


def matching_language(written: str, codes: Iterable[str]) -> str | None:
    """The code of `codes` (a site's languages) that the tag `written` names, as BCP 47 reads
    tags: itself; else the one that is it but for case and `_` (`zh-hant`, `zh_TW` ->
    zh-Hant, zh-TW); else the only one of its base language (`zh-CN` -> zh on a site with one
    Chinese); else, of several, the one of its script (`zh-TW`, `zh-HK`, `zh-Hant-TW` ->
    zh-Hant; `zh-CN`, `zh-SG`, `zh-Hans` -> zh) and then of its region. None when none is, or
    several are alike."""
    codes = list(codes)
    if written in codes:
        return written
    folded = _folded(written)
    same = [code for code in codes if _folded(code) == folded]
    if not same:
        same = [code for code in codes if base_language(code) == base_language(written)]
    for narrower in (_script, _region):
        if len(same) > 1:
            same = [code for code in same if narrower(code) == narrower(written)]
    return same[0] if len(same) == 1 else None


def _folded(code: str) -> str:
    return code.replace("_", "-").lower()


def _subtags(code: str) -> list[str]:
    return _folded(code).split("-")[1:]


def _script(code: str) -> str | None:
    """A tag's script, written (`zh-Hant`) or, for Chinese, likely (`zh-TW`: hant; `zh`: hans);
    None for a language with one script."""
    written = next((tag for tag in _subtags(code) if len(tag) == 4 and tag.isalpha()), None)
    if written is not None or base_language(code) != "zh":
        return written
    return "hant" if _TRADITIONAL_REGIONS & set(_subtags(code)) else "hans"


def written_in_traditional_chinese(code: str) -> bool:
    """Whether `code` is Chinese in Traditional script: zh-Hant, zh-TW, zh-HK, zh-MO."""
    return base_language(code) == "zh" and _script(code) == "hant"


def _region(code: str) -> str | None:
    """A tag's region (`TW` in zh-Hant-TW, `419` in es-419); None when it has none."""
    return next((tag for tag in _subtags(code)
                 if (len(tag) == 2 and tag.isalpha()) or (len(tag) == 3 and tag.isdigit())),
                None)


# A language's name in its own language, for the language switcher and badges, when the site
# gives it none (`languages.LANG.name`).
_NAMES = {"zh": "中文", "en": "English", "ja": "日本語", "ko": "한국어", "fr": "Français",
          "de": "Deutsch", "es": "Español", "ru": "Русский", "pt": "Português", "it": "Italiano"}


def language_name(code: str, site_codes: Iterable[str] = ()) -> str:
    """The name of the language `code` by its code, else by its base language's (`zh-CN`,
    `en-GB`: 中文, English); the code itself for a language blogforge does not know. Chinese
    in Traditional script (`zh-Hant`, `zh-TW`) is 繁體中文, and the Simplified one is 简体中文
    on a site (`site_codes`) that has both: two 中文 in a switcher tell a reader nothing."""
    if base_language(code) == "zh":
        if _script(code) == "hant":
            return "繁體中文"
        if any(base_language(other) == "zh" and _script(other) == "hant"
               for other in site_codes):
            return "简体中文"
    return _NAMES.get(code) or _NAMES.get(base_language(code), code)


# The region a language is most likely written in (CLDR's likely subtags), for a locale that
# names none: Open Graph wants one (`ja_JP`, not `ja`).
_LIKELY_REGIONS = {"zh": "CN", "en": "US", "ja": "JP", "ko": "KR", "fr": "FR", "de": "DE",
                   "es": "ES", "ru": "RU", "pt": "BR", "it": "IT"}


def open_graph_locale(locale: str) -> str:
    """`locale` (a BCP 47 tag: `ja`, `zh-Hant`, `en-GB`) as Open Graph's `og:locale` writes
    it, language_REGION: its own region, else the likely one (Traditional Chinese's TW); the
    language alone for one blogforge knows no region of."""
    language = base_language(locale)
    region = _region(locale)
    if region is None:
        region = "TW" if language == "zh" and _script(locale) == "hant" else \
            _LIKELY_REGIONS.get(language)
    return f"{language}_{region.upper()}" if region else language
