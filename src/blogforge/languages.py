"""The site's languages: declared in site.yaml, or found in the posts when it declares none."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from blogforge.config import LanguageConfig, SiteConfig
from blogforge.diagnostics import Diagnostics, counted, first_few
from blogforge.language_codes import (
    base_language,
    language_name,
    matching_language,
    written_in_traditional_chinese,
)
from blogforge.model import UNSETTLED_LANGUAGE, Language, Post
from blogforge.urls import UrlBuilder, is_external

# The default language of a site that declares nothing and has no posts that say anything.
FALLBACK_LANGUAGE = "zh"

# A language's <html lang> when the site says nothing about it (its name: `language_name`).
_LOCALES = {"zh": "zh-CN"}


def _within_site(url: str, base_url: str) -> str:
    """A menu URL as the theme takes it, relative to the site: one written with the site's
    path already in it (`/repo/archives/` on https://u.github.io/repo/) would get it twice."""
    base_path = UrlBuilder(base_url).base_path
    if base_path != "/" and url.startswith(base_path):
        return url[len(base_path):]
    return url


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
        name, locale = builtin_name_and_locale(code, codes)
        shown = lc.show_untranslated_from
        if shown is None:
            shown = [] if code == default else [default]
        prefix = language_folder(code, default, config.default_language_in_subdir)
        languages.append(Language(
            code=code,
            name=lc.name or name,
            locale=lc.locale or locale,
            title=lc.title or config.title,
            hero=lc.hero or config.hero,
            description=lc.description or config.description,
            prefix=prefix,
            date_format=lc.date_format,
            menu=[_menu_entry(m.name, _within_site(m.url, config.base_url), prefix)
                  for m in lc.menu],
            show_untranslated_from=tuple(shown),
        ))
    return languages


def _menu_entry(name: str, url: str, prefix: str) -> dict[str, str]:
    """A menu entry as the header shows it: `path`, the site path it links (a path of the site
    in the language's folder: `archives/` on English pages is en/archives/), or the URL itself
    when it leads off the site (`is_external`); `anchor`, the fragment or query after a site
    path (`about/#contact`), kept as written (the `url` filter would encode its `#`) but for
    what a URL may not hold (`#关于 我` is `#关于%20我`)."""
    if is_external(url):
        return {"name": name, "url": url, "path": url, "anchor": ""}
    path, anchor = _cut_anchor(url)
    return {"name": name, "url": url, "path": prefix + path.lstrip("/"),
            "anchor": _ANCHOR_UNSAFE.sub(_percent_encoded, anchor)}


# What a URL's query or fragment may not hold as written (RFC 3986, and HTML checkers): a space
# (`about/#关于 我` made an href the Nu checker refuses), quotes, <>, `{|}` and such. Its
# non-ASCII letters are kept, as browsers and HTML take them (an IRI), and a % written stays.
_ANCHOR_UNSAFE = re.compile(r"[\x00-\x20\x7f\"<>\\^`{|}]")


def _percent_encoded(found: re.Match) -> str:
    return f"%{ord(found.group()):02X}"


def _cut_anchor(url: str) -> tuple[str, str]:
    cut = re.search(r"[#?]", url)
    return (url[:cut.start()], url[cut.start():]) if cut else (url, "")


def with_menu_fallbacks(languages: list[Language], pages: Iterable[str]) -> list[Language]:
    """The languages with each menu entry that names no page of its language led to the page
    the site has at that path in the default language, else at the site's root (`pages`: the
    site paths of its posts and pages and its static files). An English menu's `link/` on a
    site whose friends page is Chinese only (content/link.md) led to /en/link/, which is not
    there; it leads to /link/. `/en/about/` in the English menu is en/about/, not
    en/en/about/. What is not found anywhere stays in the language's folder, and the link
    check names its line."""
    found = {page.lstrip("/") for page in pages}

    def there(path: str) -> bool:
        path = path.removesuffix("index.html")
        return path in found or (not path.endswith("/") and f"{path}/" in found)

    default = languages[0].prefix if languages else ""
    placed = []
    for language in languages:
        menu = []
        for entry in language.menu:
            if not is_external(entry["url"]):
                path = next((p for p in menu_paths(entry, default) if there(p)), entry["path"])
                entry = {**entry, "path": path}
            menu.append(entry)
        placed.append(replace(language, menu=menu))
    return placed


def menu_paths(entry: dict[str, str], default_prefix: str) -> list[str]:
    """Where a menu entry of a site path may lead, in the order it is looked for: in its
    language's folder, in the default language's, at the site's root."""
    written = _cut_anchor(entry["url"])[0].lstrip("/")
    return list(dict.fromkeys((entry["path"], default_prefix + written, written)))


def builtin_name_and_locale(code: str, site_codes: Iterable[str] = ()) -> tuple[str, str]:
    """A language's name (`language_name`: 中文, 繁體中文 beside a Simplified one) and <html
    lang> when the site gives none: by its code, keeping the region or script in the locale as
    BCP 47 writes it (`zh_TW` → zh-TW); the code itself for a language blogforge does not
    know."""
    return language_name(code, site_codes), _LOCALES.get(code, code.replace("_", "-"))


def language_folder(code: str, default: str, default_in_subdir: bool = False) -> str:
    """The folder a language's pages live in: "" for the default language at the root, else
    `code/`."""
    return "" if code == default and not default_in_subdir else f"{code}/"


def placed_path(post: Post, folder: str) -> str:
    """A post's site path in its language's `folder`. A URL of its own (front matter
    `permalink`/`url`, a pattern with `:lang`) is the page's URL exactly, as the README
    promises and imported posts need: no folder is put in front of it."""
    return post.path if post.own_path else folder + post.path


def declared_default_language(config: SiteConfig) -> str:
    """`default_language`, else the first of `languages`; "" when the site declares neither
    (the posts will decide)."""
    return config.default_language or next(iter(config.languages), "")


def settle_default_language(config: SiteConfig, posts: list[Post], diagnostics: Diagnostics,
                            drafts_shown: bool = True) -> SiteConfig:
    """The config with its default language decided. A site that declares no language takes the
    language most of its posts are written in, so a folder of English posts is an English site
    (html lang, dates, theme text) without a word of configuration. Unmarked posts were
    classified one by one (ja or ko by their share of kana or Hangul, else zh or en by their
    share of Chinese characters): those in the majority language are quietly in it; the others
    are told what was assumed."""
    declared = declared_default_language(config)
    default = declared
    if not default:
        counts = Counter(post.lang for post in posts if post.lang)
        default = max(counts, key=lambda code: (counts[code], code == FALLBACK_LANGUAGE),
                      default=FALLBACK_LANGUAGE)
        for post in posts:
            if not post.lang:  # nothing to classify it by (no text)
                post.lang = default
                post.path = post.path.replace(UNSETTLED_LANGUAGE, default)
    # (a draft the build holds back is in no language yet: it is told when it is shown)
    shown = posts if drafts_shown else [post for post in posts if not post.draft]
    _report_assumed_languages(shown, default, bool(declared), list(config.languages),
                              diagnostics)
    return config if default == config.default_language else replace(
        config, default_language=default)


def _report_assumed_languages(posts: list[Post], default: str, declared: bool,
                              languages: list[str], diagnostics: Diagnostics) -> None:
    """One warning for each language assumed of posts that name none, at the first of them,
    naming the next few: an imported site without `lang:` has hundreds of such posts, and a
    line for each drowned the site's other messages (and with --strict, hundreds of errors).
    `languages`: the site's declared languages (none: any language a post names is one)."""

    def site_code(code: str) -> str | None:
        # What a post reads like is a language (`zh`), the site's code for it may say more
        # (`zh-tw`, `zh_TW`): the same language, so no warning on a Traditional site's posts
        return matching_language(code, list(dict.fromkeys([default, *languages])))

    moved: dict[str, list[Post]] = {}  # put in the language their text reads like
    kept: dict[str, list[Post]] = {}  # left in the default though their text reads otherwise
    for post in posts:
        if post.reads_like is None or site_code(post.reads_like) == default:
            continue
        group = moved if post.lang == post.reads_like else kept
        group.setdefault(post.reads_like, []).append(post)
    why = "" if declared else f" while most posts are `{default}`"
    also = "" if declared else ", or `languages:` to site.yaml"
    chinese = [code for code in {default, *languages} if base_language(code) == "zh"]
    scripts = len({written_in_traditional_chinese(code) for code in chinese}) == 2
    for lang, posts_of in moved.items():
        looks = f"looks like `{lang}`"
        if scripts and lang in chinese:  # (told from the site's other Chinese by its script)
            looks = "is in " + ("Traditional" if written_in_traditional_chinese(lang) else
                                "Simplified") + " characters"
        _warn_once(posts_of, diagnostics,
                   one=f"no language given; the text {looks}{why}, so it is "
                       f"treated as `{lang}`. Add `lang: {lang}` to say so{also}",
                   many=f"their text {looks}{why}, so they are treated as "
                        f"`{lang}`. Add `lang: {lang}` to say so{also}")
    for lang, posts_of in kept.items():
        code = site_code(lang)
        # (`lang: ja` on a site that does not declare ja is an error: it must be declared first)
        if code is None and languages:
            one_hint = f"if it is, add `{lang}` to `languages:` in site.yaml and `lang: {lang}`"
            many_hint = (f"if they are, add `{lang}` to `languages:` in site.yaml and "
                         f"`lang: {lang}` to them")
        else:
            one_hint = f"add `lang: {code or lang}` if it is"
            many_hint = f"add `lang: {code or lang}` to those that are"
        _warn_once(posts_of, diagnostics,
                   one=f"no language given, so this post is in the site's default "
                       f"`{default}`, though it reads like `{lang}`; {one_hint}",
                   many=f"so they are in the site's default `{default}`, though they read like "
                        f"`{lang}`; {many_hint}")


def _warn_once(posts: list[Post], diagnostics: Diagnostics, one: str, many: str) -> None:
    """A post's warning (`one`); several posts' in one line at the first, naming the next few
    (`many`, after what names them)."""
    first, others = posts[0], [post.source.as_posix() for post in posts[1:]]
    if others:
        one = (f"no language given in this post and {counted(len(others), 'other')} "
               f"({first_few(others)}); {many}")
    diagnostics.warning(one, first.source, 1)
