"""Hugo's built-in shortcodes (and the themes' common `notice`), as blogforge Markdown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from blogforge.markdown.compat.common import (
    BlockTag,
    Context,
    Tag,
    callout,
    code_fence,
    formula_lines,
    image,
    link,
    link_card,
    plain_text,
    watch_video,
)

NOTICE_KINDS = {"note": "note", "info": "note", "tip": "tip", "warning": "warning",
                "important": "important", "caution": "caution", "danger": "caution"}


def highlight(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """`{{< highlight go "linenos=table,hl_lines=8 15-17,linenostart=199" >}}`."""
    words = tag.positional
    attrs = {}
    options = [(k, v) for k, v in tag.args if k is not None]
    for word in words[1:]:
        for option in word.split(","):
            key, _, value = option.partition("=")
            options.append((key.strip(), value.strip()))
    for name, value in options:
        key = name.lower()  # (Hugo reads `lineNos` as `linenos`)
        if key == "linenos":
            attrs["linenos"] = "false" if value == "false" else "true"
        elif key in ("hl_lines", "linenostart"):
            attrs[key] = value
    opening, closing = code_fence(words[0] if words else "", attrs, content)
    return [opening, *content, closing]


def notice(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """`{{% notice warning "Title" %}}`: a callout."""
    words = tag.positional
    kind = NOTICE_KINDS.get(words[0].lower(), "note") if words else "note"
    title = tag.named("title") or " ".join(words[1:])
    return [*callout(kind, title, content), ""]


def katex_display(tag: Tag) -> bool:
    """hugo-book's `{{< katex display=true >}}` (or `{{< katex display >}}`): a display."""
    return tag.named("display") not in ("", "false") or "display" in tag.positional


def katex(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """hugo-book's `{{< katex [display=true] >}}` on lines of its own: a formula."""
    return formula_lines(content, katex_display(tag))


def math(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """Hugo Blox's `{{< math >}}`, which keeps Goldmark off the `$$…$$` it holds: that
    formula (a display when it has no delimiters)."""
    return formula_lines(content, display=True)


def figure(tag: Tag, ctx: Context) -> str:
    """`{{< figure src="a.png" title="T" caption="C" alt="A" link="…" width="300" >}}`: an
    image with a caption, alone in its paragraph (a figure, as with Hugo)."""
    src = tag.named("src") or (tag.positional[0] if tag.positional else "")
    caption = " — ".join(p for p in (tag.named("title"), tag.named("caption")) if p)
    attrs = " ".join(
        [f".{c}" for c in tag.named("class").split()]
        + [f"{k}={tag.named(k)}" for k in ("width", "height") if tag.named(k)]
    )
    made = image(src, tag.named("alt") or caption, caption, attrs)
    target = tag.named("link")
    return f"[{made}]({target})" if target else made


def ref(tag: Tag, ctx: Context) -> str | None:
    """`{{< ref "posts/x.md#part" >}}` / `relref`: the page's URL (with the anchor);
    `{{< ref path="x.md" lang="en" >}}`: its page in that language, as Hugo gives it."""
    name = tag.named("path") or (tag.positional[0] if tag.positional else "")
    path, hash_, anchor = name.partition("#")
    if not path:
        return f"#{anchor}"
    written = f'{{{{< {tag.name} "{name}" >}}}}'
    lang = _language_named(tag, written, ctx)
    found = ctx.url_of(path, written, tag.line, lang)
    if found is None:
        return None
    if lang is not None:
        _tell_missing_version(tag, name, lang, found, ctx)
    return found + hash_ + anchor


def _tell_missing_version(tag: Tag, name: str, lang: str, url: str, ctx: Context) -> None:
    """A ref (naming `name`) whose `lang=` names a language the page has no version in leads
    to the version there is (Hugo stops the build there: REF_NOT_FOUND); the writer is told,
    at its line."""
    path = name.partition("#")[0]
    source = replace(ctx, lang=lang).find_source(path)
    other = ctx.language_of(source) if source is not None else None
    if other is None or other == lang:
        return
    ctx.warn(f'`{{{{< {tag.name} "{name}" lang="{lang}" >}}}}`: `{path}` has no {lang} '
             f"version; it leads to the {other} one, {url} (Hugo stops at such a ref: "
             "REF_NOT_FOUND)", tag.line)


def _language_named(tag: Tag, written: str, ctx: Context) -> str | None:
    """The language a ref's `lang=` names; None (the post's own), with a warning, when the
    site has no such language."""
    lang = tag.named("lang").strip()
    if not lang:
        return None
    if ctx.languages and lang not in ctx.languages:
        ctx.warn(f'`{written}`: lang="{lang}" is not one of this site\'s languages '
                 f"({', '.join(ctx.languages)}); it leads to the page in this post's language",
                 tag.line)
        return None
    return lang


def details(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """`{{< details summary="点开看推导" open=true >}}` (Hugo's own since 0.140): a folded
    callout, a `<details>` whose summary is `summary` (the callout's name without one)."""
    opened = tag.named("open").lower() not in ("", "false")
    return [*callout("note", tag.named("summary"), content, folded=True,
                     open_at_first=opened), ""]


def youtube(tag: Tag, ctx: Context) -> str:
    video = tag.named("id") or (tag.positional[0] if tag.positional else "")
    label = tag.named("title") or watch_video(ctx, "video_youtube", "YouTube")
    return link_card(f"▶ {label}", f"https://www.youtube.com/watch?v={video}", "youtube")


def vimeo(tag: Tag, ctx: Context) -> str:
    video = tag.named("id") or (tag.positional[0] if tag.positional else "")
    label = tag.named("title") or watch_video(ctx, "video_vimeo", "Vimeo")
    return link_card(f"▶ {label}", f"https://vimeo.com/{video}", "vimeo")


def bilibili(tag: Tag, ctx: Context) -> str:
    """`{{< bilibili BV1GJ411x7h7 >}}`, `{{< bilibili id="BV…" p=2 >}}` (the themes' video
    embed of Chinese blogs; an `av` number too): a link card, as YouTube's gets, so that
    nothing loads from bilibili.com before the reader follows it."""
    words = tag.positional
    video = tag.named("id") or tag.named("bvid") or tag.named("aid") or \
        (words[0] if words else "")
    part = tag.named("p") or tag.named("page") or (words[1] if len(words) > 1 else "")
    video = f"av{video}" if video.isdigit() else video
    url = f"https://www.bilibili.com/video/{video}/" + (f"?p={part}" if part.isdigit()
                                                        and part != "1" else "")
    label = tag.named("title") or watch_video(ctx, "video_bilibili", "Bilibili")
    return link_card(f"▶ {label}", url, "bilibili")


def param(tag: Tag, ctx: Context) -> str | None:
    """`{{< param "author" >}}` (`"social.github"`: a key within one): the value the post's
    front matter gives that name, else site.yaml's `params`, as text; Hugo stops the build
    without one, blogforge says so at its line and shows it as written."""
    name = tag.positional[0] if tag.positional else ""
    value = _param_value(ctx.params, name)
    if value is None:
        value = _param_value(ctx.site_params, name)
    if value is None or isinstance(value, (dict, list)):
        why = "no value" if value is None else "a list or mapping, not one value,"
        ctx.warn(f'`{{{{< param "{name}" >}}}}`: {why} under `{name}` in this page\'s front '
                 "matter or site.yaml's `params`; shown as written", tag.line)
        return None
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return plain_text(shown)


def _param_value(params: Mapping[str, object], name: str) -> object | None:
    """The value at a dotted `name` in `params`, its keys read whatever their capitals, as
    Hugo reads them; None when there is none."""
    found: object = params
    for key in name.split("."):
        if not isinstance(found, Mapping):
            return None
        found = next((value for k, value in found.items()
                      if str(k).lower() == key.lower()), None)
    return found


def gist(tag: Tag, ctx: Context) -> str:
    """`{{< gist user id [file] >}}`: a link to the gist."""
    words = tag.positional
    user, gist_id = (words + ["", ""])[:2]
    url = f"https://gist.github.com/{user}/{gist_id}"
    if len(words) > 2:
        return link(f"Gist: {words[2]}", f"{url}#file-{words[2].replace('.', '-')}")
    return link(f"Gist {user}/{gist_id}", url)


def tweet(tag: Tag, ctx: Context) -> str:
    user = tag.named("user") or "i"
    status = tag.named("id") or (tag.positional[-1] if tag.positional else "")
    return link_card(f"Post by @{user}" if user != "i" else "Post on X",
                     f"https://x.com/{user}/status/{status}", "tweet")


BLOCK_TAGS = {
    "highlight": BlockTag(highlight, content="verbatim"),
    "notice": BlockTag(notice),
    "details": BlockTag(details),
    "katex": BlockTag(katex, content="verbatim"),
    "math": BlockTag(math, content="verbatim"),
}
# Math shortcodes: inside a line too, their body a formula.
MATH_SHORTCODES = ("katex", "math")

INLINE_SHORTCODES = {
    "figure": figure,
    "ref": ref,
    "relref": ref,
    "youtube": youtube,
    "vimeo": vimeo,
    "bilibili": bilibili,
    "param": param,
    "gist": gist,
    "tweet": tweet,
    "x": tweet,
}
