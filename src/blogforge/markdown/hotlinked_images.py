"""Pictures left on the hosts of the site they were exported from, which refuse other sites.

An article exported from Zhihu, Yuque, CSDN, WeChat or Jianshu keeps its pictures as links to
those sites' image hosts (`https://pic3.zhimg.com/v2-….jpg`). The hosts look at the Referer a
browser sends and refuse a picture asked for by another site's page: readers saw a broken
picture (or a "盗链" placeholder), and every page view asked a third party for it, silently.

The writer is told once for the post, at the first such picture's line, naming the hosts: the
cure is to download the pictures beside the post. Meanwhile each gets
`referrerpolicy="no-referrer"`: without a Referer these hosts serve the picture, so readers see
it. The lesser evil, for a while: it hides from the host which page shows its picture (which is
what the host wanted to know), and the picture still comes from a third party that may remove
it at any time; a broken page is worse for the reader, and the warning stays until the
pictures are moved.
"""

from __future__ import annotations

import re
from html import unescape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from blogforge.markdown.images import RAW_IMG, src_of
from blogforge.markdown.unclosed import children_with_lines
from blogforge.urls import split_url

# Image hosts that refuse pictures to pages of other sites (by the Referer), and whose they are
HOSTS = {
    "zhimg.com": "Zhihu 知乎", "nlark.com": "Yuque 语雀", "csdnimg.cn": "CSDN",
    "qpic.cn": "WeChat 微信", "qlogo.cn": "WeChat 微信", "jianshu.io": "Jianshu 简书",
    "sinaimg.cn": "Weibo 微博", "doubanio.com": "Douban 豆瓣", "hdslb.com": "Bilibili",
}
_POLICY = re.compile(r"\sreferrerpolicy\s*=", re.IGNORECASE)
NO_REFERRER = "no-referrer"


def hotlinked_images_plugin(md: MarkdownIt) -> None:
    """Use after `images_plugin` (what it says of a tag shows the tag as written) and before
    `links_plugin` (which keeps raw HTML as it is then, to resolve it again for a feed)."""
    md.core.ruler.push("hotlinked_images", _hotlinked_images)


def hotlinked_host(url: str) -> str | None:
    """The host of a picture's address when it is one that refuses other sites' pages."""
    if not any(suffix in url for suffix in HOSTS):
        return None
    host = (split_url(url.strip()).hostname or "").lower()
    return host if any(host == suffix or host.endswith("." + suffix) for suffix in HOSTS) \
        else None


def _hotlinked_images(state: StateCore) -> None:
    if not any(suffix in state.src for suffix in HOSTS):
        return
    page = state.env.get("page")
    found: list[tuple[str, int]] = []  # (host, body line) of each such picture
    for block in state.tokens:
        line = block.map[0] + 1 if block.map else 1
        if block.type == "html_block":
            block.content = _raw_images(block.content, line, found)
        for token, token_line in children_with_lines(block, line):
            if token.type == "image":
                host = hotlinked_host(str(token.attrGet("src") or ""))
                if host is not None:
                    token.attrSet("referrerpolicy", NO_REFERRER)
                    found.append((host, token_line))
            elif token.type == "html_inline" and token.content[:4].lower() == "<img":
                token.content = _raw_images(token.content, token_line, found)
    if found and page is not None and not page.feed:
        page.warn(_message(found), found[0][1])


def _raw_images(html: str, line: int, found: list[tuple[str, int]]) -> str:
    """Raw HTML with `referrerpolicy` on each `<img>` from such a host (one the writer set is
    kept); each noted in `found`, at the line it starts on."""

    def policy(tag: re.Match[str]) -> str:
        url = unescape(src_of(tag.group(0)))
        host = hotlinked_host(url)
        if host is None:
            return tag.group(0)
        found.append((host, line + html.count("\n", 0, tag.start())))
        if _POLICY.search(tag.group(0)):
            return tag.group(0)
        return f'{tag.group(0)[:4]} referrerpolicy="{NO_REFERRER}"{tag.group(0)[4:]}'

    return RAW_IMG.sub(policy, html) if "<img" in html.lower() else html


def _message(found: list[tuple[str, int]]) -> str:
    hosts = list(dict.fromkeys(host for host, _ in found))
    sites = list(dict.fromkeys(HOSTS[suffix] for host in hosts for suffix in HOSTS
                               if host == suffix or host.endswith("." + suffix)))
    count = f"{len(found)} pictures are" if len(found) > 1 else "a picture is"
    refuse = "hosts that refuse their" if len(hosts) > 1 else "a host that refuses its"
    return (f"{count} on {', '.join(hosts)} ({', '.join(sites)}), {refuse} pictures to other "
            "sites (checking the Referer): readers may see them broken, and their browsers "
            f"ask {'those sites' if len(sites) > 1 else 'that site'} for them on every view; "
            "download the pictures into the post's "
            "folder and link them by name (`![说明](figure.png)`)")
