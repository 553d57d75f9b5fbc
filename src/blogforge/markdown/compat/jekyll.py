"""Jekyll's Liquid tags and outputs (and kramdown's attribute lists, in the scanner), as
blogforge Markdown. `{% raw %}` and `{% comment %}` are Liquid and serve Hexo posts as well."""

from __future__ import annotations

import re

from blogforge.markdown.compat.common import BlockTag, Context, Tag, code_fence

# Outputs that only ever prefix a site path: blogforge puts the base URL's path on every
# link that starts with `/`, so they become nothing.
_EMPTY_OUTPUTS = {"site.baseurl", "site.url", "site.github.url", "site.base_url", "base_path"}
_URL_FILTERS = re.compile(r"^\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)\s*$")


def highlight(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """`{% highlight python linenos mark_lines="2 3" %}`."""
    words = tag.positional
    attrs = {}
    for key, value in tag.args:
        if key is None and value == "linenos" or key == "linenos":
            attrs["linenos"] = "true"
        elif key == "mark_lines":
            attrs["hl_lines"] = value
    opening, closing = code_fence(words[0] if words else "", attrs, content)
    return [opening, *content, closing]


def raw(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """Liquid's raw: the text as it is (no template engine runs here anyway)."""
    return ["", *content, ""]


def comment(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """Liquid's comment: not shown; lines kept blank so later lines keep their numbers."""
    return ["" for _ in range(len(content) + 2)]


def post_url(tag: Tag, ctx: Context) -> str | None:
    """`{% post_url 2017-08-01-name %}` (or `subdir/2017-08-01-name`): that post's URL."""
    name = tag.positional[0] if tag.positional else ""
    return ctx.url_of(name, f"{{% post_url {name} %}}", tag.line)


def link(tag: Tag, ctx: Context) -> str:
    """`{% link _posts/2016-07-26-name.md %}` or `{% link about.md %}`: that page's URL."""
    name = tag.positional[0]
    return ctx.url_of(name, f"{{% link {name} %}}", tag.line)


def output(expression: str, filters: str, ctx: Context) -> str | None:
    """`{{ site.baseurl }}` and `{{ "/a.png" | relative_url }}`; None for anything else."""
    if expression in _EMPTY_OUTPUTS and not filters.strip():
        return ""
    if expression[:1] in "\"'" and _URL_FILTERS.match(filters):
        return expression[1:-1]
    return None


BLOCK_TAGS = {
    "highlight": BlockTag(highlight, ("endhighlight",), "verbatim"),
    "raw": BlockTag(raw, ("endraw",), "verbatim"),
    "comment": BlockTag(comment, ("endcomment",), "verbatim"),
}

INLINE_TAGS = {"post_url": post_url}
