"""The URLs in finished HTML, raw HTML included, rewritten by a function of your choice.

Only attributes of real elements are touched — `href`, `src`, `srcset`, `poster`… — found by the
standard library's HTML tokenizer, so prose that merely shows `href='x.html'`, code samples,
comments and scripts stay as written. Each start tag is edited in place: its other attributes,
their case (`viewBox` in SVG) and quoting are kept byte for byte.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

from blogforge.text import compiled_when_used

# Attributes whose value is one URL, on any element; `data` only on <object>.
URL_ATTRS = frozenset({"href", "src", "poster", "cite", "action", "formaction", "background",
                       "longdesc", "xlink:href"})
_SRCSET_URL = re.compile(r"[\s,]*(\S+)")
_ATTR = compiled_when_used(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


# Every place an attribute the tokenizer finds could start (after whitespace, a quote, `>`,
# `/` or `=`, as in `_ATTR`), wherever it is: inside tags or not. Lookaheads, so a value that
# runs on into a real tag hides nothing.
_ANY_URL_ATTR = compiled_when_used(
    r"""(?<![^\s"'>/=])(href|src|poster|cite|action|formaction|background|longdesc|xlink:href"""
    r"""|data|srcset)(?=\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))""", re.I)
# (its names, and what follows one: `_url_attributes` finds them with `str.find`)
_URL_ATTR_NAMES = ("href", "src", "poster", "cite", "action", "formaction", "background",
                   "longdesc", "xlink:href", "data", "srcset")
_VALUE = re.compile(r"""\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")


def rewrite_urls(markup: str, fix: Callable[[str], str]) -> str:
    """`markup` with `fix(url)` in place of every URL an element carries."""
    if not _may_change(markup, fix):
        return markup  # the common case in feeds (links are made absolute while rendering)
    finder = _StartTags()
    finder.feed(markup)
    finder.close()
    line_starts = [0, *(m.end() for m in re.finditer("\n", markup))]
    parts, done = [], 0
    for tag, (line, column), text in finder.tags:
        start = line_starts[line - 1] + column
        if markup.startswith(text, start):
            new = _rewrite_tag(tag, text, fix)
            if new != text:
                parts += [markup[done:start], new]
                done = start + len(text)
    return "".join(parts) + markup[done:]


def _may_change(markup: str, fix: Callable[[str], str]) -> bool:
    """Whether any URL-like attribute anywhere would be rewritten: a cheap scan that sees every
    attribute the tokenizer would (and more), so a False means the tokenizer would change
    nothing either."""
    for name, raw in _url_attributes(markup):
        value = html.unescape(raw[1:-1] if raw[0] in "\"'" else raw)
        rewrite = _fix_srcset if name == "srcset" else _fix_one
        if rewrite(value, fix) != value:
            return True
    return False


def _url_attributes(markup: str) -> list[tuple[str, str]]:
    """(name in lower case, raw value) of each match of `_ANY_URL_ATTR`, in their order: the
    names found in the lower-cased markup with `str.find`, what is before and after each
    checked here. `re` tried the look behind at every position of the text: a 6 MB post's
    feed HTML took 0.78 s, this 0.2 s. (At one place only one name can match, and none
    starts inside another's: a letter is before it.)"""
    lowered = markup.lower()
    if len(lowered) != len(markup):  # (a letter whose lower case is longer, `İ`: places move)
        return [(m.group(1).lower(), m.group(2)) for m in _ANY_URL_ATTR().finditer(markup)]
    found = []
    for name in _URL_ATTR_NAMES:
        at = lowered.find(name)
        while at != -1:
            if at == 0 or markup[at - 1] in "\"'>/=" or markup[at - 1].isspace():
                value = _VALUE.match(markup, at + len(name))
                if value is not None:
                    found.append((at, name, value.group(1)))
            at = lowered.find(name, at + 1)
    return [(name, raw) for _, name, raw in sorted(found)]


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[int, int], str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, self.getpos(), self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag


def _rewrite_tag(tag: str, text: str, fix: Callable[[str], str]) -> str:
    def attribute(match: re.Match[str]) -> str:
        name, raw = match.group(1).lower(), match.group(2)
        if raw is None:
            return match.group(0)
        if name == "srcset":
            rewrite = _fix_srcset
        elif name in URL_ATTRS or (name == "data" and tag == "object"):
            rewrite = _fix_one
        else:
            return match.group(0)
        quote = raw[0] if raw[0] in "\"'" else ""
        value = html.unescape(raw[1:-1] if quote else raw)
        new = rewrite(value, fix)
        if new == value:
            return match.group(0)
        quote = quote or '"'
        escaped = html.escape(new, quote=False).replace(quote, "&quot;" if quote == '"'
                                                        else "&#x27;")
        return f"{match.group(1)}={quote}{escaped}{quote}"

    name_end = 1 + len(tag)  # attributes start after "<tag"
    return text[:name_end] + _ATTR().sub(attribute, text[name_end:])


def _fix_one(value: str, fix: Callable[[str], str]) -> str:
    url = value.strip()
    return fix(url) if url else value


def _fix_srcset(value: str, fix: Callable[[str], str]) -> str:
    """`a.png 1x, b.png 2x`: each candidate's URL, descriptors kept. A URL may hold commas
    (`data:…`), so candidates are read as the HTML standard does: the URL runs to whitespace."""
    candidates, pos = [], 0
    while match := _SRCSET_URL.match(value, pos):
        url, pos = match.group(1), match.end()
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = value.find(",", pos)
            end = len(value) if end < 0 else end
            descriptor, pos = value[pos:end].strip(), end
        candidates.append(f"{fix(url)} {descriptor}".rstrip())
    return ", ".join(candidates)
