"""The site's languages: declared in site.yaml, or found in the posts when it declares none."""

from __future__ import annotations

from blogforge.config import LanguageConfig, SiteConfig
from blogforge.model import Language

# What a language looks like when the site says nothing about it.
_BUILTIN = {
    "zh": ("中文", "zh-CN"), "en": ("English", "en"), "ja": ("日本語", "ja"),
    "ko": ("한국어", "ko"), "fr": ("Français", "fr"), "de": ("Deutsch", "de"),
    "es": ("Español", "es"), "ru": ("Русский", "ru"), "pt": ("Português", "pt"),
    "it": ("Italiano", "it"),
}


def resolve_languages(config: SiteConfig, used: set[str]) -> list[Language]:
    """Languages in order, default first. Without a `languages:` section, the default
    language and every language some post is written in."""
    default = config.default_language
    declared = dict(config.languages)
    if not declared:
        declared = {code: LanguageConfig() for code in [default, *sorted(used - {default})]}
    codes = [default, *[c for c in declared if c != default]]
    languages = []
    for code in codes:
        lc = declared.get(code, LanguageConfig())
        name, locale = _BUILTIN.get(code, (code, code))
        at_root = code == default and not config.default_language_in_subdir
        shown = lc.show_untranslated_from
        if shown is None:
            shown = [] if code == default else [default]
        languages.append(Language(
            code=code,
            name=lc.name or name,
            locale=lc.locale or locale,
            title=lc.title or config.title,
            hero=lc.hero or config.hero,
            description=lc.description or config.description,
            prefix="" if at_root else f"{code}/",
            date_format=lc.date_format,
            menu=[{"name": m.name, "url": m.url} for m in lc.menu],
            show_untranslated_from=tuple(shown),
        ))
    return languages
