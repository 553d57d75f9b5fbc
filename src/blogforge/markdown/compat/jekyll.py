"""Jekyll's Liquid tags and outputs (and kramdown's attribute lists, in the scanner), as
blogforge Markdown. `{% raw %}` and `{% comment %}` are Liquid and serve Hexo posts as well."""

from __future__ import annotations

import html
import posixpath
import re

from blogforge.markdown.compat import common
from blogforge.markdown.compat.common import (
    BlockTag,
    Context,
    Tag,
    code_block,
    image,
    link_card,
    watch_video,
)
from blogforge.markdown.links import player_tag

# Jekyll's variables for the site's address, written before a path (`{{ site.baseurl }}/a/`,
# `{{ site.url }}{{ site.baseurl }}/a/`): name -> whether it names the host too.
ADDRESS_VARIABLES = {"site.baseurl": False, "site.base_url": False, "base_path": False,
                     "site.url": True, "site.github.url": True}
_ADDRESS = r"\{\{-?\s*(" + "|".join(map(re.escape, ADDRESS_VARIABLES)) + r")\s*-?\}\}"
# A run of them, then the path they stand before (a tag before it is already rewritten into
# its URL): URL characters of ASCII only, so that `{{ site.baseurl }}/a/。` ends at `/a/`.
SITE_ADDRESS = re.compile(rf"(?P<run>(?:{_ADDRESS})+)(?P<path>[\w\-.~/%?#=&]*)", re.ASCII)
# Filters that make a path the site's URL; those naming site.url make it absolute.
_URL_FILTER = re.compile(r"relative_url|absolute_url|prepend:\s*site\.(?:baseurl|url)")


def highlight(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """`{% highlight python linenos mark_lines="2 3" %}`."""
    words = tag.positional
    attrs = {}
    for key, value in tag.args:
        if key is None and value == "linenos" or key == "linenos":
            attrs["linenos"] = "true"
        elif key == "mark_lines":
            attrs["hl_lines"] = value
    return code_block(words[0] if words else "", attrs, content)


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


# Chirpy's video includes (`embed/youtube.html id=…`): the video's page, the card's text
_EMBEDS = {"youtube": ("https://www.youtube.com/watch?v={}", "video_youtube", "YouTube"),
           "bilibili": ("https://www.bilibili.com/video/{}/", "video_bilibili", "Bilibili"),
           "twitch": ("https://www.twitch.tv/videos/{}", "video_twitch", "Twitch")}
# Chirpy's includes of the site's own recordings (`embed/video.html src=…`), and the switches
# of its video player that are HTML's own attributes
_PLAYERS = ("video", "audio")
_PLAYER_SWITCHES = ("autoplay", "loop", "muted")


def include(tag: Tag, ctx: Context) -> str | None:
    """The includes of Jekyll themes that show a thing in a post: Chirpy's
    `embed/youtube.html id=…`, `embed/bilibili.html` and `embed/twitch.html` (a video card:
    nothing loads from another host), `embed/video.html src=…` and `embed/audio.html` (the
    browser's player), Minimal Mistakes' `figure image_path=… alt=… caption=…` (a figure) and
    `toc` (the contents box, which the theme here shows by itself: nothing). Any other include
    is the old theme's template: said, and shown as written (None)."""
    name = tag.positional[0] if tag.positional else ""
    kind = name.removeprefix("embed/").removesuffix(".html")
    if name.startswith("embed/") and kind in _EMBEDS and tag.named("id"):
        url, key, site = _EMBEDS[kind]
        label = tag.named("title") or watch_video(ctx, key, site)
        return link_card(f"▶ {label}", url.format(tag.named("id")), kind)
    if name.startswith("embed/") and kind in _PLAYERS and tag.named("src"):
        return player(kind, tag, ctx)
    if name in ("toc", "toc.html"):
        return ""
    if name in ("figure", "figure.html") and tag.named("image_path"):
        caption = tag.named("caption")
        return image(ctx.urls.from_root(tag.named("image_path")),
                     tag.named("alt") or caption, caption, "")
    ctx.warn(f"unknown include `{{% include {name} %}}` (Jekyll theme): shown as written",
             tag.line)
    return None


def player(kind: str, tag: Tag, ctx: Context) -> str:
    """Chirpy's `embed/video.html src='/a.mp4' [poster=… title=… loop=true…]` (or
    `embed/audio.html`): the browser's own player, as Obsidian's `![[a.mp4]]` gives, its `src`
    and `poster` named from the site's root as Chirpy's `relative_url` named them; inside, a
    link to the file (its `title`, else its name) for a browser that plays none. Chirpy's
    `types` (other files of the same recording) are left: the one file written plays."""
    src = ctx.urls.from_root(tag.named("src"))
    more = "".join(f" {switch}" for switch in _PLAYER_SWITCHES
                   if str(tag.named(switch)).lower() == "true")
    if kind == "video" and tag.named("poster"):
        more += f' poster="{html.escape(ctx.urls.from_root(tag.named("poster")))}"'
    words = tag.named("title") or posixpath.basename(tag.named("src").split("?")[0])
    return player_tag(kind, html.escape(src), more=more) + common.link(words, src) + f"</{kind}>"


def output(expression: str, filters: str, ctx: Context) -> str | None:
    """`{{ "/a.png" | relative_url }}` (or `absolute_url`, `prepend: site.baseurl`): that
    path's URL under the base URL, as Jekyll gives it; `{{ "text" }}`: the text. None for
    anything else."""
    if expression[:1] not in "\"'":
        return _page_title(expression, filters, ctx)
    written = expression[1:-1]
    names = [name.strip() for name in filters.split("|")[1:]]
    if not names:
        return written
    if not all(_URL_FILTER.fullmatch(name) for name in names):
        return None
    absolute = any(name == "absolute_url" or name.endswith("site.url") for name in names)
    return ctx.urls.from_root(written, absolute)


def _page_title(name: str, filters: str, ctx: Context) -> str | None:
    """`{{ page.title }}`: the post's own title, as Jekyll shows it (a LeetCode post links its
    problem as `[{{page.title}}](https://leetcode.com/problems/…)`); None for any other
    variable, or one with filters."""
    if name != "page.title" or filters.strip():
        return None
    title = ctx.titles.get(ctx.source)
    return None if title is None else common.plain_text(title)


def site_address(match: re.Match[str], ctx: Context) -> str:
    """A run of `SITE_ADDRESS` variables and the path after it: the path's URL under the base
    URL (with the host after `site.url`), as `relative_url` gives it. A path already under
    the base path, as a tag gives it, is not put under it twice: `{{ site.baseurl }}{%
    post_url x %}` (Jekyll 3 wanted the prefix, Jekyll 4 does not) is the post's URL either
    way. With no path after it, the site's home page."""
    names = re.findall(_ADDRESS, match["run"])
    return ctx.urls.from_root(match["path"], any(ADDRESS_VARIABLES[n] for n in names))


BLOCK_TAGS = {
    "highlight": BlockTag(highlight, ("endhighlight",), "verbatim"),
    "raw": BlockTag(raw, ("endraw",), "verbatim"),
    "comment": BlockTag(comment, ("endcomment",), "verbatim"),
}

INLINE_TAGS = {"post_url": post_url, "include": include}
