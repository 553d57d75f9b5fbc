"""Links through a site's redirector, as an export keeps them, made links to their target.

    https://link.zhihu.com/?target=https%3A//github.com/hojonathanho/diffusion
                                     → https://github.com/hojonathanho/diffusion

Zhihu, CSDN, Juejin, Jianshu and Gitee send each outside link through a page of their own
(which may stop at "即将离开知乎" and ask to go on); Google Docs through google.com/url. Kept,
every reader's click went by that site, was counted there, and stopped working whenever that
site changed its redirector. The target is taken when it is a web address (never a
`javascript:` one): in Markdown's links, a bare URL's text as well, and raw HTML's `<a href>`.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from blogforge.markdown.html_urls import rewrite_urls
from blogforge.urls import split_url

# host -> (path, the query's key holding the target)
REDIRECTORS = {
    "link.zhihu.com": ("/", "target"), "link.csdn.net": ("/", "target"),
    "link.juejin.cn": ("/", "target"), "links.jianshu.com": ("/go", "to"),
    "gitee.com": ("/link", "target"), "www.google.com": ("/url", "q"),
}
# (what an address of one of them holds, a cheap test before reading one)
_KEYS = ("?target=", "?to=", "?q=")


def redirect_links_plugin(md: MarkdownIt) -> None:
    """Use before `links_plugin` (which keeps each URL as it is then, for a feed's)."""
    md.core.ruler.push("redirect_links", _unwrap)


def target_of(url: str) -> str:
    """The address a redirector's URL leads to; any other URL as it is."""
    if not any(key in url for key in _KEYS):
        return url
    parts = split_url(url)
    found = REDIRECTORS.get((parts.hostname or "").lower())
    if found is None or parts.path.rstrip("/") != found[0].rstrip("/"):
        return url
    target = parse_qs(parts.query).get(found[1], [""])[0].strip()
    return target if split_url(target).scheme in ("http", "https") else url


def _unwrap(state: StateCore) -> None:
    if not any(key in state.src for key in _KEYS):
        return
    for block in state.tokens:
        if block.type == "html_block":
            block.content = rewrite_urls(block.content, target_of)
        children = block.children or []
        for at, token in enumerate(children):
            if token.type in ("html_inline",):
                token.content = rewrite_urls(token.content, target_of)
            if token.type != "link_open":
                continue
            written = str(token.attrGet("href") or "")
            target = target_of(written)
            if target == written:
                continue
            token.attrSet("href", state.md.normalizeLink(target))
            words = children[at + 1] if at + 1 < len(children) else None
            if words is not None and words.type == "text" and \
                    words.content in (written, unquote(written)):  # (a bare URL shown)
                words.content = target
