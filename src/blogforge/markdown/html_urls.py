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

# Attributes whose value is one URL, on any element; `data` only on <object>.
URL_ATTRS = frozenset({"href", "src", "poster", "cite", "action", "formaction", "background",
                       "longdesc", "xlink:href"})
_SRCSET_URL = re.compile(r"[\s,]*(\S+)")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


# Every place an attribute the tokenizer finds could start (after whitespace, a quote, `>`,
# `/` or `=`, as in `_ATTR`), wherever it is: inside tags or not. Lookaheads, so a value that
# runs on into a real tag hides nothing.
_ANY_URL_ATTR = re.compile(
    r"""(?<![^\s"'>/=])(href|src|poster|cite|action|formaction|background|longdesc|xlink:href"""
    r"""|data|srcset)(?=\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))""", re.I)


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
    for match in _ANY_URL_ATTR.finditer(markup):
        raw = match.group(2)
        value = html.unescape(raw[1:-1] if raw[0] in "\"'" else raw)
        rewrite = _fix_srcset if match.group(1).lower() == "srcset" else _fix_one
        if rewrite(value, fix) != value:
            return True
    return False


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
    return text[:name_end] + _ATTR.sub(attribute, text[name_end:])


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
