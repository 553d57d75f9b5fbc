"""What the generator modules share: a tag's parsed form, the page context, Markdown builders."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from blogforge.language_codes import split_language_suffix
from blogforge.math.parse import scan_formula
from blogforge.urls import UrlBuilder

_ARG = re.compile(r"""(?:([\w-]+)=)?("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s"'`]+)""")
# Liquid's and Hexo's arguments: a backtick is a character of a word (`{% codeblock the `ls`
# command %}` has the caption "the `ls` command"), where Hugo quotes a raw string with it.
_LIQUID_ARG = re.compile(r"""(?:([\w-]+)=)?("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']+)""")
_MARKDOWN_EXT = re.compile(r"\.(?:md|markdown)$", re.I)
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclass(frozen=True)
class Tag:
    """A Hexo or Jekyll tag (`{% name args %}`) as written in a post."""

    name: str
    args: list[tuple[str | None, str]]  # (key or None for a positional argument, value)
    text: str  # everything after the name, as written
    line: int  # body line

    @property
    def positional(self) -> list[str]:
        return [value for key, value in self.args if key is None]

    def named(self, key: str, default: str = "") -> str:
        return next((value for k, value in self.args if k == key), default)


@dataclass(frozen=True)
class BlockTag:
    """A paired tag: `render(tag, content lines, ctx)` gives the lines that replace it all."""

    render: Callable[[Tag, list[str], Context], list[str]]
    end_names: tuple[str, ...] = ()  # Liquid closers (`endnote`); shortcodes close with `/name`
    content: Literal["markdown", "verbatim"] = "markdown"


@dataclass
class Context:
    """What a tag may need to know about the page and the site."""

    source: str  # the post's file, relative to content/ (`posts/a.md`)
    sources: Mapping[str, str]  # content-relative Markdown path -> site path of its page
    warn: Callable[[str, int], None]  # (message, body line)
    # The site's URLs: a URL a tag gives is under the base URL's path ("/repo/"), as Hexo's
    # post_path, Hugo's relref and Jekyll's relative_url give it, also where it is text and
    # no link rewriting will see it.
    urls: UrlBuilder = UrlBuilder("/")
    # The post's language, as the loader read it (its `lang:`, else its file name, else the
    # site's default): a post names other posts within it, as Hugo resolves a ref.
    lang: str | None = None
    # content-relative Markdown path -> its post's title, the text of a link that gives none
    titles: Mapping[str, str] = field(default_factory=dict)
    # The site's languages (codes, in the order site.yaml gives them), which a tag may name
    # (Hugo's `ref lang="en"`); empty when unknown, and then any is taken.
    languages: tuple[str, ...] = ()
    # The names of `sources` as tags name them, made when a tag first names a post: by
    # `make_names` when given (the renderer's, once for a build's posts: a Hexo site has
    # thousands of post_links; most posts have none, and making them is a pass over every file).
    names: SourceNames | None = None
    make_names: Callable[[], SourceNames] | None = None
    # content-relative Markdown path -> its post's versions, language -> content-relative
    # path, as translations pair (a shared `translationKey`, else the file names): an English
    # post's tag naming `a.md` leads to the English post `a.md`'s `translationKey` pairs it with
    # whatever its file name. Empty when not known: then files named `a.en.md` are found.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def base_path(self) -> str:
        return self.urls.base_path

    def find_post(self, name: str) -> str | None:
        """The site path of the post a tag names (see `find_source`)."""
        found = self.find_source(name)
        return None if found is None else self.sources.get(found)

    def find_source(self, name: str) -> str | None:
        """The Markdown file (content-relative) of the post a tag names: a Hexo slug
        (`hello-world`), a Jekyll post name (`2017-08-01-name`), a Hugo ref (`posts/x.md`, `x`,
        `/posts/x`), a path under `_posts/`; its translation into this post's language when
        there is one (unless the name says the file's language: `b.zh.md`). A name matches a
        file named for its language too (`b.md` is `b.zh.md` on a Hugo site whose every file
        says its language), the one in this post's language first. Looked up through
        `sources.get`, so the build cache sees the dependency."""
        wanted = _normalise(name)
        if not wanted:
            return None
        # (Iterating `sources` is what tells the build cache that this post searched every
        # name, bodies._Recorder: a file written later may be the one the tag meant.)
        iter(self.sources)
        if self.names is None:
            self.names = self.make_names() if self.make_names else SourceNames.of(self.sources)
        here = posixpath.dirname(self.source)
        relative = _normalise(posixpath.normpath(posixpath.join(here, name.strip())))
        as_written, without_language = self.names.indexes
        for index in (as_written, without_language):
            candidates = index.candidates(wanted, relative)
            if candidates:
                mine = [key for key in candidates if _file_language(key) == self.lang]
                found = (mine or candidates)[0]
                if index is as_written and _file_language(found) is not None:
                    return found  # (the name says its language: that file)
                return self._in_this_language(found)
        return None

    def _in_this_language(self, found: str) -> str:
        """`found`'s translation into this post's language, when there is one (an English
        post's `ref "posts/b.md"` is `b.en.md`'s page, as Hugo resolves a ref within the page's
        language, whether the post says `lang: en` or is named `a.en.md`); else `found`.
        The versions `translations` pair come first (also one paired by `translationKey` with
        another file name), then a file named for the language beside it. (Both asked even
        when missing: a translation added later then renders this post again.)"""
        if self.lang is None:
            return found
        versions = self.translations.get(found)
        translation = versions.get(self.lang) if versions is not None else None
        if translation is not None and self.sources.get(translation) is not None:
            return translation
        if _file_language(found) is None:
            stem, ext = posixpath.splitext(found)
            translation = f"{stem}.{self.lang}{ext}"
            if self.sources.get(translation) is not None:
                return translation
        return found

    def language_of(self, source: str) -> str | None:
        """The language of the post made from `source` (content-relative), as translations
        pair it; else the one its file name says; None when neither tells."""
        versions = self.translations.get(source)
        said = [lang for lang, path in (versions or {}).items() if path == source]
        return said[0] if said else _file_language(source)

    def title_of(self, name: str) -> str | None:
        """The title of the post a tag names, looked up through `titles.get`, so the build
        cache renders this post again when that title changes."""
        found = self.find_source(name)
        return None if found is None else self.titles.get(found)

    def url_of(self, name: str, written: str, line: int, lang: str | None = None) -> str | None:
        """The URL of the post or page a tag names, in `lang` when one is given (Hugo's
        `ref lang="en"`: as if the post were in that language), else in this post's; None,
        with a warning quoting the tag, when there is none."""
        found = (self if lang is None else replace(self, lang=lang)).find_post(name)
        if found is None:
            self.warn(f"`{written}`: no post or page made from `{name}`; shown as written", line)
            return None
        return self.base_path + found


def _file_language(path: str) -> str | None:
    """The language a Markdown file is named for (`a.en.md`: en), as the loader reads it."""
    return split_language_suffix(posixpath.basename(path), frozenset())[1]


@dataclass(frozen=True)
class _NameIndex:
    """Files by their names, normalised one way: whole, by each end of the path after a `/`,
    and by the file name without a Jekyll date; each list in the order of the files' paths."""

    whole: dict[str, list[str]]
    ends: dict[str, list[str]]
    undated: dict[str, list[str]]

    @classmethod
    def of(cls, files: list[str], named: Callable[[str], str]) -> _NameIndex:
        index = cls({}, {}, {})
        for file in files:
            name = named(file)
            index.whole.setdefault(name, []).append(file)
            for slash in (i for i, c in enumerate(name) if c == "/"):
                index.ends.setdefault(name[slash + 1:], []).append(file)
            index.undated.setdefault(_DATE_PREFIX.sub("", name.rsplit("/", 1)[-1]),
                                     []).append(file)
        return index

    def candidates(self, wanted: str, relative: str) -> list[str]:
        """The files a tag's name (`wanted`, normalised) may mean, by the first rule that
        gives any: the same name, the same path from the post's folder (`relative`), the
        same end of the path, the same file name without a Jekyll date."""
        found = self.whole.get(wanted) or self.whole.get(relative) or self.ends.get(wanted)
        if not found and "/" not in wanted:
            found = self.undated.get(_DATE_PREFIX.sub("", wanted))
        return found or []


@dataclass(frozen=True)
class SourceNames:
    """The Markdown files' names as tags name them, each file's normalised once: as written,
    then without the language a file is named for (`b.md` names `b.zh.md`)."""

    indexes: tuple[_NameIndex, _NameIndex]

    @classmethod
    def of(cls, sources: Iterable[str]) -> SourceNames:
        files = sorted(sources)
        return cls((_NameIndex.of(files, _normalise),
                    _NameIndex.of(files, _normalise_any_language)))


def _normalise_any_language(path: str) -> str:
    """A file's name normalised without the language it is named for: `posts/b.zh.md`,
    `posts/b/index.en.md` → `b`."""
    folder, file = posixpath.split(path)
    stem, language = split_language_suffix(file, frozenset())
    if language is None:
        return _normalise(path)
    return _normalise(posixpath.join(folder, stem + posixpath.splitext(file)[1]))


def _normalise(name: str) -> str:
    """`_posts/2017-08-01-x.md`, `/posts/x/`, `posts/x/index.md` and `x` the same way."""
    name = name.strip().strip('"').split("#", 1)[0].strip("/")
    for prefix in ("source/_posts/", "_posts/", "content/", "posts/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    name = _MARKDOWN_EXT.sub("", name)
    if name == "index" or name.endswith("/index") or name.endswith("/_index"):
        name = name.rsplit("/", 1)[0] if "/" in name else ""
    return name


def split_args(text: str, backticks_quote: bool = True) -> list[tuple[str | None, str]]:
    """Arguments as Hexo, Liquid and Hugo write them: words, "quoted words", key=value; and
    `raw strings` in Hugo's shortcodes only (`backticks_quote`)."""
    args = []
    quotes = "\"'`" if backticks_quote else "\"'"
    for match in (_ARG if backticks_quote else _LIQUID_ARG).finditer(text):
        value = match.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in quotes:
            value = value[1:-1].replace('\\"', '"') if value[0] == '"' else value[1:-1]
        args.append((match.group(1), value))
    return args


def code_fence(lang: str, attrs: dict[str, str], content: list[str]) -> tuple[str, str]:
    """Opening and closing lines of a fence long enough for `content`: of tildes when the
    info string holds a backtick (a title "the `ls` command"), which a backtick fence's may
    not."""
    shown = " ".join(f"{key}={_attribute_value(value)}" for key, value in attrs.items())
    info = lang + (f" {{{shown}}}" if shown else "")
    mark = "~" if "`" in info else "`"
    longest = max((len(m.group(0)) for line in content
                   if (m := re.match(rf"\s*({re.escape(mark)}{{3,}})", line))), default=0)
    fence = mark * max(3, longest + 1)
    return fence + info, fence


def _attribute_value(value: str) -> str:
    """A fence attribute's value as the info string's reader takes it back whole: bare when it
    can be, else quoted (a title with a space, a comma or a brace, a URL with a comma). The
    info string has no escapes: a value with both kinds of quote has its double ones made
    single."""
    if value and re.fullmatch(r"[^\s,{}\[\]\"']+", value):
        return value
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "'") + '"'


# Liquid's raw tags in the body of a code tag: Jekyll's Liquid and Hexo's Nunjucks render
# a tag's body, so posts wrap the template code they show in them.
_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")


def _without_raw_tags(content: list[str]) -> tuple[list[str], int]:
    """The code a code tag (`{% highlight %}`, `{% codeblock %}`) shows: its body without the
    `{% raw %}` and `{% endraw %}` the template engine took out, a line holding only one of
    them left out; and how many lines were left out."""
    code = [_RAW_TAG.sub("", line) for line in content]
    kept = [line for line, written in zip(code, content, strict=True)
            if line.strip() or not written.strip()]
    return kept, len(content) - len(kept)


def code_block(lang: str, attrs: dict[str, str], content: list[str]) -> list[str]:
    """The fenced code block of a code tag; the lines its raw tags took are blank lines after
    it, so that later lines keep their numbers."""
    code, left_out = _without_raw_tags(content)
    opening, closing = code_fence(lang, attrs, code)
    return [opening, *code, closing, *[""] * left_out]


# A math tag's body that carries delimiters of its own (Hugo Blox's `{{< math >}}$$…$$`).
_DELIMITED = re.compile(r"^\s*(?:\$|\\\[|\\\()")
# A math tag's options asking for a display: hexo-math's `'{"displayMode": true}'` (KaTeX)
# and `'{"conversion": {"display": true}}'` (MathJax).
_DISPLAY_OPTION = re.compile(r"""["']?display(?:Mode)?["']?\s*:\s*true""")


def display_asked(options: str) -> bool:
    return bool(_DISPLAY_OPTION.search(options))


def formula_lines(content: list[str], display: bool) -> list[str]:
    r"""The lines of a math tag on lines of its own (hexo-math's `{% katex %}`, hugo-book's
    `{{< katex >}}`), as the math parser reads them: its body as written (so `\` and `\,`
    reach KaTeX) between `$$` lines, or `\(` and `\)` for an inline formula; a body with
    delimiters of its own keeps them. As many lines as the tag had."""
    if content and _DELIMITED.match(content[0]):
        return ["", *content, ""]
    opening, closing = ("$$", "$$") if display else ("\\(", "\\)")
    return [opening, *content, closing]


def formula_text(content: str, display: bool) -> str:
    """A math tag within a line of text (`{% katex %}x_i{% endkatex %}`): its formula."""
    if _DELIMITED.match(content):
        return content
    return f"$${content}$$" if display else f"\\({content}\\)"


def callout(kind: str, title: str, content: list[str], folded: bool = False) -> list[str]:
    """GitHub alert syntax (`> [!NOTE] title`) around Markdown lines: the one callout syntax."""
    head = f"> [!{kind.upper()}]{'-' if folded else ''}" + (f" {title}" if title else "")
    return [head, *[f"> {line}" if line.strip() else ">" for line in content]]


def image(src: str, alt: str = "", title: str = "", attrs: str = "") -> str:
    """`![alt](src "title")`; a title makes a lone image a captioned figure."""
    target = f"<{src}>" if re.search(r"[\s()]", src) else src
    if title:
        target += ' "' + title.replace('"', '\\"') + '"'
    # (alt text is plain text: a caption's formula used as alt is read as the TeX written)
    alt = _escape_text(alt).replace("$", "\\$")
    return f"![{alt}]({target})" + (f"{{{attrs}}}" if attrs else "")


def link(text: str, url: str, title: str = "", attrs: str = "") -> str:
    target = _link_target(url)
    if title:
        target += ' "' + title.replace('"', '\\"') + '"'
    return f"[{_escape_text(text)}]({target})" + (f"{{{attrs}}}" if attrs else "")


def title_link(title: str, url: str) -> str:
    """A link whose text is a post's title as its page shows it: its formulas as math, the
    rest as text, however much it looks like Markdown (`C++ *args*`, `List[int]`), as a title
    is text with formulas, not Markdown."""
    return f"[{_title_text(title)}]({_link_target(url)})"


# Characters that mean something in Markdown's inline text (or a table row), written as
# entities in a title: Markdown shows an entity as its character and reads nothing into it,
# where a backslash before `(` or `[` would open a formula.
_INLINE_SYNTAX = re.compile(r"[\\`*_{}\[\]<>!|$&~^]")


def _title_text(title: str) -> str:
    """The title as Markdown link text: each formula as written (the body's math rules read it
    as the title's did), every other character as itself."""
    parts, pos, text_start = [], 0, 0
    while pos < len(title):
        found = scan_formula(title, pos, len(title))
        if found is None or found.type != "math_inline":
            pos += 1
            continue
        parts += [_as_plain_text(title[text_start:pos]), title[pos:found.end]]
        pos = text_start = found.end
    parts.append(_as_plain_text(title[text_start:]))
    return "".join(parts)


def _as_plain_text(text: str) -> str:
    return _INLINE_SYNTAX.sub(lambda m: f"&#{ord(m.group(0))};", text)


def _link_target(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()]", url) else url


def link_card(label: str, url: str, kind: str) -> str:
    """An embedded video or page as a link: nothing loads from another host until it is
    followed. `.link-card` gives a theme something to style."""
    return link(label, url, attrs=f".link-card .link-card-{kind}")


def _escape_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def dimensions(values: list[str]) -> str:
    """`width=300 height=200` attributes from Hexo's `[width] [height]` numbers."""
    names = ("width", "height")
    return " ".join(f"{n}={v.removesuffix('px')}" for n, v in zip(names, values, strict=False))
