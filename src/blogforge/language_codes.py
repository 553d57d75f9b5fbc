"""Language codes as writers give them: in file names (`post.en.md`) and in `lang:` values
(`zh-CN`). A leaf module: the loader, the themes' strings, the compat tags and the importers
all read codes the same way."""

from __future__ import annotations

# Language codes recognised in file names (`post.en.md`) besides those the site declares.
KNOWN_LANGUAGES = frozenset({"zh", "en", "ja", "ko", "fr", "de", "es", "ru", "pt", "it"})


# What people write for a language that is not its code — a country (`cn`: China), an old
# Windows code or the language's name — with the code and the language's name.
_NICKNAMES = {"cn": ("zh", "Chinese"), "chs": ("zh", "Chinese"), "cht": ("zh", "Chinese"),
              "chinese": ("zh", "Chinese"), "jp": ("ja", "Japanese"), "kr": ("ko", "Korean"),
              "english": ("en", "English"), "eng": ("en", "English")}


def nickname_of(code: str) -> tuple[str, str] | None:
    """(the language's code, its English name) when `code` is no language code but what
    people often write for one (`cn`, `zh`'s country; `jp`); else None."""
    return _NICKNAMES.get(base_language(code))


def split_language_suffix(filename: str, languages: frozenset[str]) -> tuple[str, str | None]:
    stem = filename.rsplit(".", 1)[0]
    base, dot, code = stem.rpartition(".")
    if dot and code in (languages | KNOWN_LANGUAGES):
        return base, code
    return stem, None


def base_language(code: str) -> str:
    """The language of a code without its region or script: `zh-CN`, `zh_Hans`, `en-us` → zh,
    en (what Hexo's `language`, Hugo's `languageCode` and many posts' `lang` hold)."""
    return code.replace("_", "-").split("-")[0].lower()
