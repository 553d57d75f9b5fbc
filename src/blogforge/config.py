"""site.yaml: a declared schema that validates itself and explains what is wrong.

The dataclasses below *are* the schema: each field's type says what is accepted and its
`help` metadata says what it is for. `load_config` walks the YAML against them, so an unknown
key or a wrong type is reported with the file, the line and a "did you mean" for typos.
"""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from blogforge.content.permalinks import pattern_problem, places_language
from blogforge.diagnostics import Diagnostics, counted, first_few, in_line_order, not_utf8
from blogforge.i18n import date_format_problem
from blogforge.language_codes import NOT_A_CODE, is_language_code, language_name, nickname_of
from blogforge.math.settings import MathSettings
from blogforge.text import close_matches
from blogforge.urls import split_url, term_slug
from blogforge.yamlfile import (
    BOOLEAN_HINT,
    KeyPath,
    ParsedYaml,
    YamlDocument,
    YamlSyntaxError,
)

CONFIG_FILE = "site.yaml"


def _opt(default: Any, help: str) -> Any:
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass
class MenuItem:
    """An entry of the header's menu."""

    name: str = _opt("", "Text of the menu entry.")
    url: str = _opt("", "Site path (`about/`, `tags/`): the page in the menu's language, else "
                    "the default language's page there; or an absolute URL.")


@dataclass
class LanguageConfig:
    """A language's own settings (`languages:` in site.yaml)."""

    name: str = _opt("", "Name in the language switcher, card badges and search (default: its "
                     "own name: 中文, English, 日本語; 繁體中文 for zh-Hant, zh-TW, and then "
                     "简体中文 for zh).")
    locale: str = _opt("", "Value of <html lang> (default: zh-CN for zh, the code otherwise).")
    title: str = _opt("", "Site title in this language (default: the site title).")
    hero: str = _opt("", "Hero line on this language's home page (default: the site hero).")
    description: str = _opt("", "Site description in this language.")
    date_format: str = _opt("", "Date format: strftime codes (`%Y-%m-%d`) and/or placeholders "
                            "(`{year}年{month}月{day}日`); default from the theme's strings.")
    menu: list[MenuItem] = _opt([], "Menu entries shown in this language's header.")
    permalink: str = _opt("", "Post URL pattern for this language (default: the site's).")
    show_untranslated_from: list[str] | None = _opt(
        None,
        "Languages whose untranslated posts also appear in this language's lists, with a "
        "language badge (default: the default language's posts appear in the other languages).",
    )


@dataclass
class ReadingSpeed:
    """How fast a reader reads, for the reading time of posts."""

    cjk: int = _opt(400, "CJK characters read per minute.")
    words: int = _opt(200, "Latin-script words read per minute.")


@dataclass
class HighlightConfig:
    """How code blocks are highlighted and folded."""

    light_style: str = _opt("friendly", "Pygments style for code in light mode.")
    dark_style: str = _opt("github-dark", "Pygments style for code in dark mode.")
    line_numbers: bool = _opt(False, "Number the lines of every code block.")
    fold_after: int = _opt(
        30, "Code blocks longer than this many lines are shown folded, with a button that "
        "unfolds them (when JavaScript runs); `fold=false` on a fence keeps one unfolded.")


_MATH_DOCS = MathSettings.field_docs()  # the math package documents its own settings


@dataclass
class MathConfig:
    """The `math:` section. Its types are checked here like every other key; what the values
    mean together (a macro name, a hash, a URL with `assets: cdn`) is checked by the math
    package when it turns this into `MathSettings`."""

    output: Literal["html", "mathml"] = _opt("html", _MATH_DOCS["output"])
    assets: Literal["self", "cdn"] | None = _opt(
        None, _MATH_DOCS["assets"] + " (default: self; cdn when stylesheet_url is set)")
    stylesheet_url: str | None = _opt(None, _MATH_DOCS["stylesheet_url"])
    stylesheet_integrity: str | None = _opt(
        "auto", _MATH_DOCS["stylesheet_integrity"] + "; null for none")
    macros: dict[str, str] = _opt({}, _MATH_DOCS["macros"])
    numbering: Literal["ams", "all", "none"] = _opt("ams", _MATH_DOCS["numbering"])
    strict: bool = _opt(False, _MATH_DOCS["strict"])

    def given(self) -> dict[str, Any]:
        """The settings as `MathSettings.from_config` reads them: left-out keys left out."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        if values["assets"] is None:
            del values["assets"]
        if values["stylesheet_url"] is None:
            del values["stylesheet_url"]
        if values["stylesheet_integrity"] == "auto":
            del values["stylesheet_integrity"]
        return values


@dataclass
class DiagramsConfig:
    """Diagrams drawn from code fences."""

    mermaid: bool = _opt(
        True, "Draw ```mermaid fences as diagrams in the reader's browser, as Typora, Obsidian "
        "and GitHub do (their source shows without JavaScript); false shows every one as its "
        "source, and the build fetches no Mermaid.")


@dataclass
class FeedConfig:
    """Which feeds are written and what they carry."""

    entries: int = _opt(20, "How many of the latest posts a feed carries.")
    rss: bool = _opt(False, "Also write an RSS 2.0 feed (rss.xml) beside each Atom feed.")
    per_tag: bool = _opt(False, "Write a feed for every tag.")
    per_category: bool = _opt(False, "Write a feed for every category.")
    per_series: bool = _opt(False, "Write a feed for every series (its latest parts).")
    per_section: bool = _opt(False, "Write a feed for every folder's list page (`posts/atom.xml`, "
                             "`posts/leetcode/atom.xml`), as Hugo writes each section's.")
    content: Literal["full", "summary"] = _opt(
        "full", "What the site's feed (each language's) carries of a post: the whole post "
        "(full), or its excerpt and a link (summary).")
    term_content: Literal["summary", "full"] = _opt(
        "summary", "What a tag's, category's, series' or section's feed carries of a post: its "
        "excerpt "
        "and a link (summary), or the whole post (full).")

    def term_feeds(self) -> tuple[str, ...]:
        """The taxonomies each of whose terms has a feed (`tags`, `categories`, `series`)."""
        return tuple(taxonomy for taxonomy, wanted in (
            ("tags", self.per_tag), ("categories", self.per_category),
            ("series", self.per_series)) if wanted)


# --- reader: comments, licence line, related posts --------------------------------------------


@dataclass
class CommentsConfig:
    """The comment system under each post, if any."""

    provider: Literal["none", "giscus", "waline", "twikoo"] = _opt(
        "none", "Comment system under each post (and each page whose front matter says "
        "`comments: true`): giscus, waline or twikoo (none: no comments).")
    repo: str = _opt("", "giscus: the GitHub repository, owner/name.")
    repo_id: str = _opt("", "giscus: the repository id (giscus.app shows it).")
    category: str = _opt("", "giscus: the Discussions category.")
    category_id: str = _opt("", "giscus: the category id.")
    mapping: str = _opt("pathname", "giscus: how a page finds its discussion.")
    reactions: bool = _opt(True, "giscus: reactions on the post.")
    server_url: str = _opt("", "waline: the URL of your Waline server.")
    env_id: str = _opt("", "twikoo: the environment id or the URL of your Twikoo server.")
    region: str = _opt("", "twikoo: the Tencent Cloud region, when it needs one.")
    script_url: str = _opt("", "Load the provider's script from here instead: a mirror, or a "
                           "copy in static/, where readers cannot reach unpkg.com (Waline) or "
                           "cdn.jsdelivr.net (Twikoo).")


_COMMENTS_NEEDS = {"giscus": ("repo", "repo_id", "category", "category_id"),
                   "waline": ("server_url",), "twikoo": ("env_id",)}


@dataclass
class LicenseConfig:
    """The licence line under each post, if any."""

    name: str = _opt("", "Licence of the posts, e.g. CC BY-NC-SA 4.0 (empty: no licence line).")
    url: str = _opt("", "Link of the licence (Creative Commons licences find theirs).")


@dataclass
class RelatedConfig:
    """The related posts listed under each post."""

    enabled: bool = _opt(True, "List posts that share tags with a post below it.")
    count: int = _opt(5, "How many related posts at most.")


@dataclass
class SiteConfig:
    """site.yaml: every setting, with its default and what it does."""

    title: str = _opt("blogforge", "Site title.")
    base_url: str = _opt(
        "/", "Where the site is served, e.g. https://user.github.io/repo/ (its path is honoured)."
    )
    author: str = _opt("", "Author name for feeds and metadata, and of every post that "
                            "names no `author` of its own.")
    cname: str = _opt("", "Custom domain on GitHub Pages, e.g. blog.example.com, for "
                      "`blogforge deploy`, which writes it to the CNAME file (with the Actions "
                      "workflow `new site` writes, set it in Settings → Pages instead).")
    hero: str = _opt("INCOMING TRANSMISSION", "Hero line at the top of the home page.")
    description: str = _opt("", "Site description for search engines and feeds.")
    verification: dict[str, str] = _opt(
        {}, "Codes search engines give to prove the site is yours, written into every page's "
        "<head>: {google: CODE, bing: CODE, baidu: CODE, yandex: CODE, naver: CODE} (the "
        "`content` of the <meta> tag they show; the whole tag pasted is read too).")
    twitter: str = _opt("", "The site's X (Twitter) account, `@handle` (or its profile's URL), "
                        "named in every page's card as `twitter:site`, and as "
                        "`twitter:creator` on the posts of the site's own author.")
    image: str = _opt("", "The picture of link previews (OpenGraph, Twitter cards, JSON-LD) for "
                      "pages without one of their own: a file of the site, e.g. `og.png` for "
                      "static/og.png, or a full URL.")
    default_language: str = _opt(
        "", "Language of posts that do not say theirs (default: the first of `languages`, else the "
        "language most posts are written in, else zh)."
    )
    timezone: str = _opt("UTC", "Time zone of dates written without one, e.g. Asia/Shanghai.")
    languages: dict[str, LanguageConfig] = _opt(
        {}, "Languages of the site, default first (default: the default language plus any "
        "language a post is written in)."
    )
    default_language_in_subdir: bool = _opt(
        False, "Put the default language under /zh/ too instead of at the site root."
    )
    permalink: str = _opt(
        "", "Post URL pattern, e.g. /:year/:month/:day/:title/ (default: /posts/FILE-NAME/); "
        "see the README's permalink section.")
    paginate: int = _opt(12, "Posts per listing page.")
    excerpt_length: int = _opt(350, "Excerpt length in characters (a CJK character counts one).")
    toc_min_headings: int = _opt(3, "A post with at least this many headings gets a contents box.")
    reading_speed: ReadingSpeed = _opt(None, "Reading speeds for the reading-time estimate.")
    tags: dict[str, dict[str, str]] = _opt(
        {}, "Tag labels per language: {id: {zh: 标签, en: Tag}}.")
    categories: dict[str, dict[str, str]] = _opt({}, "Category labels per language, like tags.")
    series: dict[str, dict[str, str]] = _opt({}, "Series titles per language, like tags.")
    highlight: HighlightConfig = _opt(None, "Code highlighting.")
    comments: CommentsConfig = _opt(None, "Comments under posts, and pages that ask for them "
                                     "(off by default).")
    license: LicenseConfig = _opt(None, "A licence line under each post.")
    related: RelatedConfig = _opt(None, "Related posts under each post.")
    feeds: FeedConfig = _opt(None, "Atom/RSS feeds.")
    math: MathConfig = _opt(None, "Math rendering (see the README's math section).")
    diagrams: DiagramsConfig = _opt(None, "Diagrams (see the README's diagrams section).")
    bibliography: list[str] = _opt(
        [], "BibTeX file(s) every post cites from (`[@key]`), from the site folder, e.g. "
        "refs.bib; a post's own `bibliography:` (from its file) replaces it. A file used so is "
        "not published unless a page links it.")
    strict: bool = _opt(False, "Treat warnings about math and links as errors (for CI).")
    params: dict[str, Any] = _opt({}, "Free values for your templates, as `site.params`.")

    @cached_property
    def term_labels(self) -> dict[str, dict[str, dict[str, str]]]:
        """taxonomy -> a term's URL segment -> its labels: a term is its URL (`Transformer`
        and `transformer` are one tag), so `Transformer:` here labels it however posts
        spell it."""
        return {taxonomy: {term_slug(name): labels
                           for name, labels in getattr(self, taxonomy).items()}
                for taxonomy in ("tags", "categories", "series")}


def default_config() -> SiteConfig:
    return _build(SiteConfig, {}, (), None, Path(CONFIG_FILE), Diagnostics())


def _style_problem(style: str) -> str | None:
    """What is wrong with a code style's name; None for one Pygments has. (Pygments is imported
    here, for a style the site chose: a build whose code blocks are all in the cache, with the
    default styles, imports none of it.)"""
    from pygments.styles import get_all_styles, get_style_by_name
    from pygments.util import ClassNotFound

    try:
        get_style_by_name(style)
    except ClassNotFound:
        known = close_matches(style, list(get_all_styles()), n=1)
        hint = f"; did you mean `{known[0]}`?" if known else " (see `pygmentize -L styles`)"
        return f"no Pygments style `{style}`{hint}"
    return None


def load_config(source: Path, diagnostics: Diagnostics,
                parsed: ParsedYaml | None = None) -> SiteConfig:
    """Read `source/site.yaml` (absent means all defaults) and report every problem in it;
    `parsed`: the YAML documents earlier builds read."""
    return read_config(source, diagnostics, parsed)[0]


def read_config(source: Path, diagnostics: Diagnostics,
                parsed: ParsedYaml | None = None) -> tuple[SiteConfig, YamlDocument]:
    """`load_config`, with the document it was read from: where each key is written, for
    messages about what the settings made (a menu link that leads nowhere)."""
    path = source / CONFIG_FILE
    nothing = YamlDocument(None, {})
    if not path.is_file():
        return default_config(), nothing
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        said = not_utf8(path.read_bytes(), "site.yaml is not UTF-8")
        diagnostics.error(f"{said} and build again", path)
        return default_config(), nothing
    try:
        doc = (parsed or ParsedYaml()).parse(text)
    except YamlSyntaxError as exc:
        diagnostics.error(f"broken YAML: {exc}", path, exc.line)
        return default_config(), nothing
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        diagnostics.error("site.yaml must be a mapping of `key: value` lines", path, 1)
        return default_config(), nothing
    found = Diagnostics()
    config = _build(SiteConfig, data, (), doc, path, found)
    _check_values(config, doc, path, found)
    # in the order of the file, as its writer goes through them (the checks go key by key of
    # the schema, unknown keys first, then the values other libraries check)
    diagnostics.extend(in_line_order(found.items))
    return config, doc


# A search engine's name under `verification:`, and the name of the <meta> tag it reads.
VERIFICATION_META = {
    "google": "google-site-verification",
    "bing": "msvalidate.01",
    "baidu": "baidu-site-verification",
    "yandex": "yandex-verification",
    "naver": "naver-site-verification",
    "sogou": "sogou_site_verification",
    "360": "360-site-verification",
}

_PASTED_CONTENT = re.compile(r"""content\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def verification_tags(verification: dict[str, str]) -> list[tuple[str, str]]:
    """(meta name, code) for each search engine's code: a whole `<meta … content="CODE">`
    pasted from a search console is read as its code."""
    tags = []
    for engine, code in verification.items():
        if engine in VERIFICATION_META and (code := str(code).strip()):
            pasted = _PASTED_CONTENT.search(code)
            tags.append((VERIFICATION_META[engine], pasted.group(1) if pasted else code))
    return tags


# An X (Twitter) profile's address, for the handle it holds
_X_PROFILE = re.compile(r"(?:https?://)?(?:www\.|mobile\.)?(?:x|twitter)\.com/@?(\w+)/?",
                        re.IGNORECASE)


def x_handle(written: str) -> str | None:
    """`@handle` as X's cards name an account, from `@handle`, `handle` or the profile's URL;
    None for none, or for what is no handle (one is 1 to 15 letters, digits and `_`)."""
    written = written.strip()
    profile = _X_PROFILE.fullmatch(written)
    name = profile.group(1) if profile else written.removeprefix("@")
    return f"@{name}" if re.fullmatch(r"\w{1,15}", name, re.ASCII) else None


def base_url_problem(url: str) -> str | None:
    """Why `url` cannot be a base URL, or None. A scheme-less host would make every link
    relative to the page it is on."""
    if re.search(r"[\s#?]", url):  # (a page's links would end at the space, or in its query)
        return (f"base_url `{url}` holds a space, `#` or `?`; a site's address has none "
                "(GitHub names a repository `my-notes`, not `my notes`)")
    parts = split_url(url)
    if "//" in parts.path:  # (`--base-url "$URL/"` with a URL that already ends in `/`)
        fixed = parts._replace(path=re.sub("/{2,}", "/", parts.path)).geturl()
        return (f"base_url `{url}` has `//` in its path, which makes every link broken: "
                f"write {fixed}")
    if parts.scheme in ("http", "https") and parts.netloc:
        return None
    if not parts.scheme and not parts.netloc and url.startswith("/"):
        return None
    return (f"base_url `{url}` should be a full URL such as https://user.github.io/repo/ "
            "(or a path starting with / for a site without a host)")


def domain_in_cname_file(cname_file: Path) -> str | None:
    """The custom domain a CNAME file names, or None."""
    try:
        return domain_in_cname_text(cname_file.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None


def domain_in_cname_text(text: str) -> str | None:
    """The custom domain in a CNAME file's text (GitHub Pages reads its first line), without
    the byte order mark Notepad's "UTF-8" puts before it (invisible in any message)."""
    words = text.removeprefix("\ufeff").split()
    return words[0] if words else None


def custom_domain_problem(named_by: str, domain: str, where: str, base_url: str) -> str | None:
    """Why base_url does not fit the custom `domain`, or None: GitHub Pages serves a site with
    a custom domain at that domain's root, so a base_url with a path (/repo/css/…) names files
    that are not there, and one on another host (user.github.io, an old domain) is what every
    canonical link, hreflang, feed and sitemap would name, though GitHub redirects readers."""
    parts = split_url(base_url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    host = parts.hostname or ""
    other_host = host != domain.lower().rstrip(".")
    if path == "/" and not other_host:
        return None
    fix = (f"pass --base-url https://{domain}/" if where == "--base-url"
           else f"set base_url to https://{domain}/")
    or_remove = f" (or remove the custom domain to publish at {base_url})" if other_host else ""
    said = f"{named_by} `{domain}` publishes the site at https://{domain}/, but {where} is " \
        f"`{base_url}`: "
    if path != "/":
        return f"{said}every link would start with {path}, which is not there; {fix}{or_remove}"
    return (f"{said}every canonical link, hreflang, feed and sitemap would name {host}, not "
            f"{domain}; {fix}{or_remove}")


# Zones written as people say them, and the IANA names meant (a close spelling misled:
# `CST` was taken for `UCT`, `PST` for `MST`, `Asia/Beijing` for `Asia/Harbin`).
_ZONES_AS_SAID = {
    "cst": "`Asia/Shanghai` (China) or `America/Chicago` (US Central)",
    "china standard time": "`Asia/Shanghai`", "beijing": "`Asia/Shanghai`",
    "asia/beijing": "`Asia/Shanghai`", "北京": "`Asia/Shanghai`", "北京时间": "`Asia/Shanghai`",
    "gmt+8": "`Asia/Shanghai`", "utc+8": "`Asia/Shanghai`", "utc+08:00": "`Asia/Shanghai`",
    "hkt": "`Asia/Hong_Kong`", "asia/taiwan": "`Asia/Taipei`", "jst": "`Asia/Tokyo`",
    "tokyo standard time": "`Asia/Tokyo`", "kst": "`Asia/Seoul`", "sgt": "`Asia/Singapore`",
    "ist": "`Asia/Kolkata`", "pst": "`America/Los_Angeles`", "pdt": "`America/Los_Angeles`",
    "pacific standard time": "`America/Los_Angeles`", "pacific time": "`America/Los_Angeles`",
    "pt": "`America/Los_Angeles`", "edt": "`America/New_York`", "et": "`America/New_York`",
    "eastern standard time": "`America/New_York`", "cdt": "`America/Chicago`",
    "central standard time": "`America/Chicago`", "bst": "`Europe/London`",
    "cest": "`Europe/Berlin` or `Europe/Paris`",
}
# Names a zone folder may hold that follow the machine, not a place: CI's is not the laptop's.
_MACHINE_ZONES = ("localtime", "posixrules", "factory")


def zone_problem(name: str) -> str | None:
    """What is wrong with a `timezone` value, naming the zone most likely meant; None when it
    names a place's zone (or UTC)."""
    what = f"unknown timezone `{name}`" if name else "no timezone"
    if name.lower() in _MACHINE_ZONES:
        return (f"`{name}` is the zone of the machine that builds, and CI's is not the "
                "writer's: name the zone, such as Asia/Shanghai or UTC")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if (meant := _ZONES_AS_SAID.get(name.strip().lower())) is not None:
            return f"{what}: write {meant}"
        from zoneinfo import available_timezones  # (a few ms: only for this message)

        zones = {zone.lower(): zone for zone in available_timezones()}
        close = close_matches(name.lower(), list(zones), n=1, cutoff=0.8)
        return f"{what}: " + (f"did you mean `{zones[close[0]]}`?" if close else
                              "use a name such as Asia/Shanghai or UTC")
    return None


def _check_values(config: SiteConfig, doc: YamlDocument, path: Path,
                  diagnostics: Diagnostics) -> None:
    """Values whose type is right but whose meaning is checked by another library."""
    try:  # what the math settings mean together is the math package's to check
        MathSettings.from_config(config.math.given())
    except ValueError as exc:
        key = re.match(r"math\.(\w+)", str(exc))
        diagnostics.error(str(exc), path, doc.line_of(("math", key.group(1)) if key else ("math",)))
    patterns = [(("permalink",), config.permalink)] + [
        (("languages", code, "permalink"), lc.permalink) for code, lc in config.languages.items()]
    for key, pattern in patterns:
        if problem := pattern_problem(pattern):
            diagnostics.error(f"`{'.'.join(key)}`: {problem}", path, doc.line_of(key))
    default = config.default_language or next(iter(config.languages), "")
    for code, lc in config.languages.items():
        # (a language with a folder of its own gets it in front of its pattern's URL, unless
        # the pattern places it with :lang: `/en/:title/` is /en/en/title/)
        first = lc.permalink.strip().lstrip("/").split("/")[0]
        in_folder = code != default or config.default_language_in_subdir
        if first.lower() == code.lower() and in_folder and not places_language(lc.permalink):
            rest = lc.permalink.strip().lstrip("/")[len(first):]
            diagnostics.warning(
                f"`languages.{code}.permalink` starts with /{first}/, and the language's folder "
                f"is put in front of its URLs: they are /{code}/{first}/…; write {rest} (or "
                f"/:lang{rest} to place the folder yourself)", path,
                doc.line_of(("languages", code, "permalink")))
    if problem := zone_problem(config.timezone):
        diagnostics.error(problem, path, doc.line_of(("timezone",)))
    elif reversed_sign := re.fullmatch(r"Etc/GMT([+-])(\d+)", config.timezone):
        sign, hours = reversed_sign.groups()
        diagnostics.warning(
            f"`timezone: {config.timezone}` is UTC{'-' if sign == '+' else '+'}{hours} (the Etc "
            "zones' signs are reversed); a city's zone says what is meant, such as "
            "Asia/Shanghai for UTC+8", path, doc.line_of(("timezone",)))
    for key in ("light_style", "dark_style"):
        style = getattr(config.highlight, key)
        if style != getattr(HighlightConfig(), key) and (problem := _style_problem(style)):
            diagnostics.error(f"`highlight.{key}`: {problem}", path,
                              doc.line_of(("highlight", key)))
    if config.cname and not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?",
                                         config.cname):
        diagnostics.error(f"`cname` should be a domain name such as blog.example.com, not "
                          f"`{config.cname}`", path, doc.line_of(("cname",)))
    provider = config.comments.provider
    for key in _COMMENTS_NEEDS.get(provider, ()):
        if not getattr(config.comments, key):
            diagnostics.error(f"`comments.{key}` is needed for {provider} comments", path,
                              doc.line_of(("comments",)))
    for engine in config.verification:
        if engine not in VERIFICATION_META:
            close = close_matches(engine.lower(), list(VERIFICATION_META), n=1,
                                              cutoff=0.5)
            hint = f"did you mean `{close[0]}`?" if close else "blogforge knows " + ", ".join(
                f"`{name}`" for name in VERIFICATION_META)
            diagnostics.error(f"`verification.{engine}`: no search engine of that name; {hint} "
                              "(another's tag goes in templates/partials/head_extra.html)",
                              path, doc.line_of(("verification", engine)))
    if config.twitter.strip() and x_handle(config.twitter) is None:
        diagnostics.warning(f"`twitter: {config.twitter.strip()}` is no X account: write its "
                            "handle, `@name` (1 to 15 letters, digits or `_`), or its profile's "
                            "URL; no page names it", path, doc.line_of(("twitter",)))
    problem = base_url_problem(config.base_url)
    if problem:
        diagnostics.error(problem, path, doc.line_of(("base_url",)))
    if config.languages and config.default_language \
            and config.default_language not in config.languages:
        # (else the site would gain a language with no posts at its root, and move every page
        # of the meant one under /zh/)
        declared = list(config.languages)
        close = close_matches(config.default_language, declared, n=1, cutoff=0.4)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        diagnostics.error(f"`default_language` `{config.default_language}` is not one of "
                          f"`languages` ({', '.join(declared)}){hint}", path,
                          doc.line_of(("default_language",)))
    for code in dict.fromkeys([*config.languages, config.default_language]):
        if code and not is_language_code(code):
            # (`../../x` made a folder outside the output, `a b` broke the hreflang attribute)
            key = ("languages", code) if code in config.languages else ("default_language",)
            diagnostics.error(f"`{code}` {NOT_A_CODE}", path, doc.line_of(key))
        elif code and (meant := nickname_of(code)) is not None:
            key = ("languages", code) if code in config.languages else ("default_language",)
            diagnostics.warning(
                f"`{code}` is not a language code: {meant[1]} is `{meant[0]}`"
                + (f" (with the region, `{meant[0]}-{code.upper()}`)" if len(code) == 2 else "")
                + f"; under `{code}` the pages say "
                f"<html lang=\"{code}\"> to browsers and screen readers, and the theme's text "
                "is in English", path, doc.line_of(key))
    _check_language_names(config, doc, path, diagnostics)
    for code, language in config.languages.items():
        problem = date_format_problem(language.date_format) if language.date_format else None
        if problem:
            diagnostics.error(f"`languages.{code}.date_format`: {problem}", path,
                              doc.line_of(("languages", code, "date_format")))
        if language.locale and ((meant := nickname_of(language.locale))
                                or not _LANGUAGE_TAG.fullmatch(language.locale)):
            diagnostics.warning(
                f"`languages.{code}.locale` `{language.locale}` is not a language tag"
                + (f": {meant[1]} is `{meant[0]}`" if meant else " such as zh-CN or en-US")
                + f"; the pages would say <html lang=\"{language.locale}\"> to browsers and "
                "screen readers", path, doc.line_of(("languages", code, "locale")))
        for other in language.show_untranslated_from or ():
            if other not in config.languages:  # (its posts were left out, silently)
                diagnostics.error(f"`languages.{code}.show_untranslated_from`: `{other}` is not "
                                  f"one of `languages` ({', '.join(config.languages)})", path,
                                  doc.line_of(("languages", code, "show_untranslated_from")))
        written = ((doc.data or {}).get("languages") or {}).get(code) or {}
        for index, item in enumerate(language.menu):
            key = ("languages", code, "menu", str(index))
            raw = written.get("menu")[index] if isinstance(written, dict) else None
            if isinstance(raw, dict) and raw.keys() - {"name", "url"}:
                continue  # (`urll:`: the misspelt key is said already)
            if isinstance(raw, dict) and "url" not in raw:  # (`url: ""` is the home page)
                diagnostics.error(f"menu entry `{item.name}` has no `url`", path,
                                  doc.line_of(key))
            elif item.url.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                diagnostics.error(f"menu entry `{item.name}`: a `url` that runs a script or "
                                  "holds a document is no link", path, doc.line_of(key))


def _check_language_names(config: SiteConfig, doc: YamlDocument, path: Path,
                          diagnostics: Diagnostics) -> None:
    """Two languages that would have one name in the switcher, card badges and search's
    language filter (`zh-CN` and `zh-TW`, each 中文 by default; two `name:`s alike): a
    warning at the second, as a reader could not tell which is which."""
    named: dict[str, str] = {}  # name -> the first language of that name
    for code, language in config.languages.items():
        name = language.name or language_name(code, config.languages)
        first = named.setdefault(name, code)
        if first != code:
            key = ("languages", code, "name") if language.name else ("languages", code)
            diagnostics.warning(
                f"languages `{first}` and `{code}` are both named `{name}` in the language "
                f"switcher, card badges and search: give `{code}` a `name:` of its own",
                path, doc.line_of(key))


# A BCP 47 tag as a locale is written: a language, then subtags (`zh-Hans-CN`, `en_US`).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def describe(cls: type = SiteConfig, prefix: str = "") -> list[tuple[str, str, str]]:
    """(key, type, help) for every option: the configuration reference, from the schema itself."""
    rows = []
    for f in fields(cls):
        hint = typing.get_type_hints(cls)[f.name]
        rows.append((prefix + f.name, _type_name(hint), f.metadata.get("help", "")))
        if is_dataclass(hint):
            rows.extend(describe(hint, prefix + f.name + "."))
    return rows


# --- validation -----------------------------------------------------------------------------


# Top-level keys of Hexo's _config.yml, Jekyll's and Hugo's configs that a writer carries over
# by habit, and what blogforge calls them (a "did you mean" by spelling would say `languages`
# for `language: zh-CN`, `title` for `subtitle`, nothing for `baseURL`).
_FOOTER_WAY = ("the footer is templates/partials/footer.html: copy the theme's there and add "
               "your lines; values for it (`beian: 京ICP备…`, your profiles' links) go under "
               "`params:` (`{{ site.params.beian }}`)")
_OTHER_GENERATORS_KEYS = {
    **dict.fromkeys(("baseURL", "baseurl", "url", "root"),
                    "the site's address is `base_url`, e.g. https://user.github.io/repo/"),
    **dict.fromkeys(("per_page", "paginate_by", "pagination", "paginate_path"),
                    "posts per page is `paginate`"),
    **dict.fromkeys(("language", "defaultContentLanguage", "languageCode", "lang"),
                    "the site's language is `default_language` (`zh`, `en`), and `languages` "
                    "lists them all"),
    **dict.fromkeys(("subtitle", "tagline"),
                    "the line on the home page is `hero`, the site's description `description`"),
    **dict.fromkeys(("theme", "theme_config"),
                    "blogforge has one theme: a file in the site's templates/ or static/ "
                    "replaces the theme's file of that name"),
    **dict.fromkeys(("permalinks",), "the post URL pattern is `permalink`"),
    **dict.fromkeys(("menu", "menus"), "the header menu is each language's: "
                    "`languages.LANG.menu`, a list of {name, url}"),
    # Butterfly's and other Hexo themes' keys, for what a site makes its own
    "favicon": "the site's icon is static/favicon.svg, .png or .ico, linked from every page "
               "by itself",
    "avatar": "the theme shows no avatar: put the picture in static/ (static/avatar.png) and "
              "show it on a page (`![me](/avatar.png)` in content/about.md) or in a template "
              "of your own",
    "announcement": "a notice on every page is templates/partials/main_start.html, shown at "
                    "the top of every page (see the README's Overriding the theme)",
    **dict.fromkeys(("google_site_verification", "bing_site_verification",
                     "baidu_site_verification", "yandex_site_verification",
                     "site_verification", "google_verification", "baidu_verify"),
                    "search engines' codes are `verification:` ({google: CODE, bing: CODE, "
                    "baidu: CODE})"),
    **dict.fromkeys(("images", "og_image", "default_image", "share_image", "cover"),
                    "the picture of link previews for pages without one of their own is "
                    "`image` (one file: `image: og.png` for static/og.png)"),
    **dict.fromkeys(("inject", "google_analytics", "baidu_analytics", "googleAnalytics"),
                    "additions to every page's <head> (an analytics <script>, a stylesheet's "
                    "<link>) go in templates/partials/head_extra.html"),
    **dict.fromkeys(("custom_css", "stylesheets"),
                    "a stylesheet of your own is static/css/site.css, linked from "
                    "templates/partials/head_extra.html"),
    "theme_color": "the theme's colours are CSS variables (--accent…) a stylesheet of your own "
                   "sets: see the README's Colours and fonts",
    **dict.fromkeys(("beian", "footer"), _FOOTER_WAY),
    "social": f"{_FOOTER_WAY}; the X account link previews name is `twitter: @name`",
    **dict.fromkeys(("waline", "twikoo", "giscus", "valine", "disqus", "gitalk"),
                    "comments are `comments:`, with `provider:` (giscus, waline or twikoo) "
                    "and its settings: `server_url` (Waline), `env_id` (Twikoo)"),
}


# Keys of a theme's comments settings (Butterfly's `comments: {use: Waline}`, Waline's and
# Twikoo's own option names), with blogforge's way of saying the same.
_COMMENTS_KEYS = {
    "use": "the comment system is `provider` (`provider: waline`)",
    **dict.fromkeys(("serverURL", "serverUrl", "server"), "Waline's server is `server_url`"),
    **dict.fromkeys(("envId", "envID", "env"), "Twikoo's environment is `env_id`"),
}


# Keys of a language in Hugo's `languages:` (and their case-folded forms, as Hugo reads
# them), with blogforge's way of saying the same.
_HUGO_LANGUAGE_KEYS = {
    **dict.fromkeys(("languageName", "languagename"),
                    "the language's name in the switcher is `name`"),
    **dict.fromkeys(("languageCode", "languagecode"),
                    "the language's tag for <html lang> and hreflang is `locale` (zh-CN, en-US)"),
    **dict.fromkeys(("weight",),
                    "languages are shown in the order `languages:` lists them, the default "
                    "first: move this one up or down"),
    **dict.fromkeys(("contentDir", "contentdir"),
                    "posts are in content/ for every language: a file's name (`post.en.md`) "
                    "or its `lang:` says its language"),
    **dict.fromkeys(("params",), "free values are the site's `params`, for every language"),
    **dict.fromkeys(("menus", "menu_main"), "the language's header menu is `menu` (a list of "
                    "{name, url})"),
    **dict.fromkeys(("languageDirection", "languagedirection"),
                    "blogforge's theme is written left to right only"),
}


# Keys of an entry of Hugo's menus, with blogforge's way of saying the same.
_HUGO_MENU_KEYS = {
    "weight": "entries are shown in the order the menu lists them: move this one up or down",
    **dict.fromkeys(("title", "identifier", "pre", "post"),
                    "an entry is its `name` and `url` only"),
    "parent": "the menu is one level: no entry holds others",
    "pageRef": "an entry's link is `url`, a site path (`about/`) or an absolute URL",
}


def _pandoc_keys() -> tuple[str, ...]:
    from blogforge.bibliography import PANDOC_KEYS

    return PANDOC_KEYS


# The unknown keys of one mapping said one by one, each with a close name it may be a slip
# of; those after them (a file pasted whole, one a script wrote) are said in one message
# more: 200,000 keys were 200,000 lines, and their hints (difflib) 44 s of a build
UNKNOWN_KEYS_SAID = 10


def _build(cls: type, data: dict, path: KeyPath, doc: YamlDocument | None, file: Path,
           diagnostics: Diagnostics) -> Any:
    hints = typing.get_type_hints(cls)
    known = [f.name for f in fields(cls)]
    unknown: list[str] = []  # the keys of no setting (and of no advice of their own)
    for key in data:
        # (Pandoc's citation keys, as a post's are said; none a setting's name: the module
        # that knows them, bibliography.py, is imported for a key that is not a setting)
        if not path and key not in known and key in _pandoc_keys():
            from blogforge.bibliography import pandoc_key_said

            said = pandoc_key_said(key, data[key], site_wide=True)
            if said is not None:
                diagnostics.warning(said, file, doc.line_of((key,)) if doc else None)
        elif key not in known:
            advice = _unknown_key_advice(cls, path, str(key), data[key])
            if advice is None:  # (no advice of its own: a slip of a setting's name, maybe)
                unknown.append(str(key))
                if len(unknown) > UNKNOWN_KEYS_SAID:
                    continue
                hint = close_matches(str(key), known, n=1)
                advice = f"did you mean `{hint[0]}`?" if hint else ""
            where = ".".join((*path, str(key)))
            diagnostics.error(f"unknown key `{where}`{'; ' if advice else ''}{advice}", file,
                              doc.line_of((*path, str(key))) if doc else None)
    if len(unknown) > UNKNOWN_KEYS_SAID:
        _more_unknown_keys(unknown[UNKNOWN_KEYS_SAID:], path, doc, file, diagnostics)
    values = {}
    for f in fields(cls):
        hint = hints[f.name]
        if f.name in data:
            ok, value = _coerce(data[f.name], hint, (*path, f.name), doc, file, diagnostics)
            if ok:
                values[f.name] = value
                continue
        if f.default is None and is_dataclass(hint):
            values[f.name] = _build(hint, {}, (*path, f.name), doc, file, diagnostics)
        elif f.default is not MISSING:
            values[f.name] = f.default
    return cls(**values)


def _unknown_key_advice(cls: type, path: KeyPath, key: str, written: Any) -> str | None:
    """What to write instead of `key`, a key another generator's settings (or a theme's) have
    and blogforge's do not, in the mapping of `cls` at `path`; None for any other key."""
    if not path and key in _OTHER_GENERATORS_KEYS:
        advice = _OTHER_GENERATORS_KEYS[key]
        if key == "menu" and isinstance(written, dict) \
                and any(isinstance(url, str) for url in written.values()):
            advice += f": {_menu_as_list(written)}"  # (Butterfly's, a mapping)
        return advice
    for kind, keys in ((LanguageConfig, _HUGO_LANGUAGE_KEYS), (MenuItem, _HUGO_MENU_KEYS),
                       (CommentsConfig, _COMMENTS_KEYS)):
        if cls is kind and key in keys:
            return keys[key]
    return None


def _more_unknown_keys(keys: list[str], path: KeyPath, doc: YamlDocument | None, file: Path,
                       diagnostics: Diagnostics) -> None:
    """One error for the unknown keys of a mapping past the first `UNKNOWN_KEYS_SAID`, at
    the line of the first, naming a few and the lines they span."""
    lines = [line for key in keys if doc and (line := doc.line_of((*path, key))) is not None]
    inside = f" in `{'.'.join(path)}`" if path else ""
    first = min(lines, default=None)
    span = f", from this line to line {max(lines):,}" if lines and max(lines) != first else ""
    diagnostics.error(f"{counted(len(keys), 'more unknown key')}{inside}: "
                      f"{first_few([f'`{key}`' for key in keys])}{span}", file, first)


# The keys whose entries are a term's labels per language
_TERM_LABELS = ("tags", "categories", "series")
# How YAML spells true and false unquoted (`tRue` is text, quoted or not)
_YAML_TRUE_OR_FALSE = ("true", "True", "TRUE", "false", "False", "FALSE")


def _coerce(value: Any, hint: Any, path: KeyPath, doc: YamlDocument | None, file: Path,
            diagnostics: Diagnostics) -> tuple[bool, Any]:
    """Check `value` against the type `hint`; report and return (False, None) when it is wrong."""
    line = doc.line_of(path) if doc else None
    where = ".".join(path)
    origin, args = typing.get_origin(hint), typing.get_args(hint)

    def wrong(expected: str) -> tuple[bool, Any]:
        diagnostics.error(f"`{where}` should be {expected}, not "
                          f"{_as_written(value, quoting=expected == 'text')}", file, line)
        return False, None

    def quoted(expected: str, meant: str, plain: bool) -> tuple[bool, Any]:
        # (`paginate: "12"` was told it should be a whole number, "not `12`": the quotes,
        # which make it text, are what is wrong. A text YAML reads as such unquoted too,
        # `09`, `１２`, `tRue`, is told what to write (`plain`: it is YAML's own spelling of
        # `meant`), not to lose quotes it has not: and `"012"` unquoted is YAML's octal 10)
        if plain:
            diagnostics.error(f"`{where}` should be {expected}, not the text `\"{value}\"`: "
                              "write it without quotes", file, line)
        else:
            diagnostics.error(f"`{where}` should be {expected}, not the text `{value}`: write "
                              f"`{meant}`", file, line)
        return False, None

    if hint is Any:
        return True, value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return True, None
        (inner,) = [a for a in args if a is not type(None)]
        return _coerce(value, inner, path, doc, file, diagnostics)
    if origin is Literal:
        if isinstance(value, str) and value not in args:  # (`provider: Waline`, as Butterfly's
            value = next((a for a in args if a == value.strip().lower()), value)  # `use:`)
        return (True, value) if value in args else wrong("one of " + ", ".join(map(str, args)))
    if value is None and (is_dataclass(hint) or origin in (list, dict)):
        value = [] if origin is list else {}  # (`zh:` with nothing after it: an empty one)
    if is_dataclass(hint):
        if not isinstance(value, dict):
            return wrong("a mapping")
        return True, _build(hint, value, path, doc, file, diagnostics)
    if origin is list:
        if isinstance(value, str) and args[0] is str:
            value = [value]
        if isinstance(value, dict) and args[0] is MenuItem:  # (Butterfly's `首页: / || …`)
            diagnostics.error(f"`{where}` should be a list of entries, one a line: "
                              f"{_menu_as_list(value)}", file, line)
            return False, None
        if not isinstance(value, list):
            return wrong("a list")
        items = []
        for i, item in enumerate(value):
            ok, v = _coerce(item, args[0], (*path, str(i)), doc, file, diagnostics)
            if ok:
                items.append(v)
        return True, items
    if origin is dict:
        if not isinstance(value, dict) and len(path) == 2 and path[0] in _TERM_LABELS:
            # (`vae: 变分自编码器`: one label, where each language has its own)
            return wrong(f"labels per language, `{path[1]}: {{zh: {value}, en: …}}`")
        if not isinstance(value, dict):
            return wrong("a mapping")
        result = {}
        for k, v in value.items():
            ok, item = _coerce(v, args[1], (*path, str(k)), doc, file, diagnostics)
            if ok:
                result[str(k)] = item
        return True, result
    if hint is bool:
        if isinstance(value, str) and (meant := value.strip().lower()) in ("true", "false"):
            return quoted("true or false", meant, value.strip() in _YAML_TRUE_OR_FALSE)
        return (True, value) if isinstance(value, bool) else wrong("true or false")
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        if isinstance(value, str) and value.strip().isdecimal() and int(value) > 0:
            meant = str(int(value))
            return quoted("a positive whole number", meant, value.strip() == meant)
        return (True, value) if ok else wrong("a positive whole number")
    if hint is str and path == ("twitter",) and isinstance(value, dict) \
            and isinstance(value.get("username"), str):  # (jekyll-seo-tag's way of writing it)
        value = value["username"]
    if hint is str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return True, str(value)  # `title: 2024` is a fine title
        return (True, value) if isinstance(value, str) else wrong("text")
    return True, value


def _menu_as_list(menu: dict) -> str:
    """A menu written as a mapping (Butterfly's `首页: / || fas fa-home`) as blogforge's list
    would say it: its first entries, without their icons."""
    from blogforge.yaml_reading import flow_text

    entries = [f"`- {{name: {flow_text(str(name))}, "
               f"url: {flow_text(str(url).split('||')[0].strip())}}}`"
               for name, url in menu.items() if isinstance(url, str)][:3]
    example = ", ".join(entries) or "`- {name: 首页, url: /}`"
    more = ", …" if len(menu) > len(entries) else ""
    icons = " (the menu shows no icons)" if any("||" in str(url) for url in menu.values()) else ""
    return f"{example}{more}{icons}"


def _as_written(value: Any, quoting: bool = True) -> str:
    """A value as YAML would show it, for a message: `true`, not Python's True; `quoting`:
    text was wanted, so a yes or no written for it needs quotes."""
    if isinstance(value, bool):
        # (YAML 1.1 reads an unquoted yes, no, on or off as one of these)
        return f"`{str(value).lower()}`" + (f" ({BOOLEAN_HINT})" if quoting else "")
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"`{value}`"
    return f"`{json.dumps(value, ensure_ascii=False, default=str)}`"


def _type_name(hint: Any) -> str:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return "mapping"
    if is_dataclass(hint):
        return "section"
    return {str: "text", int: "number", bool: "true/false"}.get(hint, "any")
