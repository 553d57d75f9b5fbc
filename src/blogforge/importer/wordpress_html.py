"""A WordPress post's content (`content:encoded`) as Markdown a writer can keep editing.

What is WordPress's own is done here: the classic editor's bare line breaks, which WordPress
turned into paragraphs and `<br>` when it showed a post (its wpautop); the block editor's
`<!-- wp:… -->` comments; the code shortcodes of SyntaxHighlighter (`[code lang="python"]`,
`[sourcecode]`) and its `<pre class="brush: python">`; formulas as WordPress.com
(`$latex x^2$`), its `[latex]` shortcode, QuickLaTeX and MathJax wrote them; `[caption]`; the
`<!--more-->` mark. Formulas, code and the mark are set aside while markdownify turns the HTML
into Markdown, so that none of their characters is escaped or read as HTML, and put back
after. Other shortcodes are left as written and named, for the writer to replace.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

# Tags that open a block: text beside them is not wrapped in a paragraph (as wpautop leaves it)
_BLOCK = re.compile(r"\s*</?(?:address|article|aside|blockquote|details|div|dl|dd|dt|figure|"
                    r"figcaption|footer|form|h[1-6]|header|hr|li|math|nav|ol|p|pre|section|"
                    r"style|summary|table|tbody|td|tfoot|th|thead|tr|ul)\b", re.I)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?")
_MORE = re.compile(r"<!--more(?:\s[^>]*)?-->", re.I)
# WordPress's page split, with the line breaks beside it (WordPress dropped them with the mark)
_NEXT_PAGE = re.compile(r"[ \t]*\n?[ \t]*<!--nextpage-->[ \t]*\n?", re.I)
_PRE = re.compile(r"<pre\b([^>]*)>(.*?)</pre>", re.I | re.S)
_CODE_SHORTCODE = re.compile(r"\[(code|sourcecode)\b([^\]]*)\](.*?)\[/\1\]", re.I | re.S)
_LANGUAGE = re.compile(r"""\b(?:lang|language)\s*=\s*["']?([\w+#-]+)|brush:\s*([\w+#-]+)|"""
                       r"""\blanguage-([\w+#-]+)""", re.I)
_CAPTION = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.I | re.S)
_CAPTIONED = re.compile(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", re.I | re.S)
# Formulas: WordPress.com's `$latex …$` (with its `&s=2&bg=…` options), the `[latex]`
# shortcode, MathJax's and QuickLaTeX's `\[…\]`, `\(…\)`, `$$…$$` and `$…$`
_FORMULA = re.compile(
    r"\$latex\s+(?P<wpcom>.+?)(?:&(?:amp;)?[sbf]g?=[^$]*)?\$"
    r"|\[latex\b[^\]]*\](?P<short>.*?)\[/latex\]"
    r"|\\\[(?P<display>.+?)\\\]|\$\$(?P<dollars>.+?)\$\$"
    r"|\\\((?P<inline>.+?)\\\)|(?<![\\$\w])\$(?P<dollar>[^$\s](?:[^$\n]*?[^$\s])?)\$(?![\w$])",
    re.S)
_INLINE_CODE = re.compile(r"(<code\b[^>]*>.*?</code>)", re.I | re.S)
# Videos WordPress showed as players: an address alone on its line (oEmbed), `[embed]`,
# Jetpack's `[youtube …]`, the block editor's embed (with its caption)
_EMBED_FIGURE = re.compile(
    r"<figure\b[^>]*\bwp-block-embed\b[^>]*>\s*<div\b[^>]*>\s*(https?://[^\s<]+)\s*</div>"
    r"\s*(?:<figcaption\b[^>]*>(.*?)</figcaption>\s*)?</figure>", re.I | re.S)
_EMBED_SHORTCODE = re.compile(r"\[(?:embed|youtube|vimeo)\b[^\]]*?(?:\](\S+?)\[/embed\]|"
                              r"\s+(https?://[^\s\]]+)[^\]]*\])", re.I)
_ALONE_ADDRESS = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)
_YOUTUBE = re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:[^#]*&)?v=|embed/|"
                      r"shorts/)|youtu\.be/)([\w-]{6,})", re.I)
_VIMEO = re.compile(r"^https?://(?:www\.|player\.)?vimeo\.com/(?:video/)?(\d+)", re.I)
_QUICKLATEX = re.compile(r"\[/?latexpage\]\n?", re.I)
_SHORTCODE = re.compile(r"\[([a-z][\w-]*)(\s[^\]]*)?\](?:(.*?)\[/\1\])?", re.I | re.S)
# Words in brackets that are text, not a shortcode (`[1]`, `[注]`, `[TODO]`): a shortcode is
# one WordPress or a plugin defines, written with attributes or closed
_COMMON_SHORTCODES = frozenset({
    "gallery", "embed", "audio", "video", "playlist", "youtube", "vimeo", "wpvideo", "tweet",
    "instagram", "soundcloud", "googlemaps", "contact-form", "contact-form-7", "spoiler",
    "toc", "download", "slideshow", "archives", "polldaddy", "footnote", "pdf-embedder"})
_PLACEHOLDER = re.compile(r"WPBFX(\d+)X")


@dataclass
class Converted:
    markdown: str
    shortcodes: list[str] = field(default_factory=list)  # other shortcodes, as written
    pictures: list[str] = field(default_factory=list)  # every <img> address
    as_html: bool = False  # kept as the HTML it was: nested too deep to be made Markdown


def to_markdown(content: str, link: Callable[[str], str | None] = lambda _: None
                ) -> Converted:
    """WordPress's stored content of a post (HTML, maybe the classic editor's) as Markdown;
    `link` gives the new address of a link's (the old blog's post's file), or None."""
    from markdownify import MarkdownConverter  # (only `import wordpress` loads it)

    kept: list[str] = []

    def keep(markdown: str, block: bool) -> str:
        kept.append(markdown)
        token = f"WPBFX{len(kept) - 1}X"
        return f"\n\n<p>{token}</p>\n\n" if block else token

    blocks = _BLOCK_COMMENT.search(content) is not None
    text = _BLOCK_COMMENT.sub("", content).replace("\r\n", "\n")
    text = _QUICKLATEX.sub("", text)
    text = _EMBED_FIGURE.sub(lambda m: _video(m.group(1), m.group(2), keep) or m.group(0), text)
    text = _EMBED_SHORTCODE.sub(lambda m: _video(m.group(1) or m.group(2), None, keep)
                                or keep(f"<{m.group(1) or m.group(2)}>", True), text)
    text = _ALONE_ADDRESS.sub(lambda m: _video(m.group(1), None, keep) or m.group(0), text)
    text = _MORE.sub(lambda _: keep("<!--more-->", True), text)
    # (the post is one page here: where WordPress began a page, a paragraph begins; between
    # single line breaks the mark would otherwise leave two `<br>`, a gap inside a paragraph)
    text = _NEXT_PAGE.sub("\n\n", text)
    text = _CODE_SHORTCODE.sub(lambda m: keep(_fence(html.unescape(m.group(3)), m.group(2)),
                                              True), text)
    text = _PRE.sub(lambda m: keep(_fence(_pre_text(m.group(2)), m.group(1) + _code_tag(
        m.group(2))), True), text)
    text = _outside_code(text, lambda part: _FORMULA.sub(lambda m: _formula(m, keep), part))
    text = _CAPTION.sub(lambda m: _figure(m.group(1)), text)
    shortcodes = [found.group(0)[:80] for part in _INLINE_CODE.split(text)[::2]
                  for found in _SHORTCODE.finditer(part)
                  if found.group(1).lower() in _COMMON_SHORTCODES
                  or found.group(3) is not None or "=" in (found.group(2) or "")]
    if not blocks:
        text = autop(text)
    # (`<sub>`/`<sup>` stay HTML, which posts allow: flattened, √d<sub>k</sub> would read
    # √dk; and H<sub>2</sub>O or a note's <sup>1</sup> is no formula)
    converter = MarkdownConverter(heading_style="ATX", bullets="-", newline_style="BACKSLASH",
                                  strong_em_symbol="*", sub_symbol="<sub>", sup_symbol="<sup>")
    pictures = [html.unescape(found) for found in
                re.findall(r"""<img\b[^>]*?\ssrc=["']([^"']+)""", text, re.I)]
    try:
        markdown = converter.convert_soup(_relinked(_captioned(text), link)).strip()
    except RecursionError:
        # (tags nested some 400 deep, as unclosed `<span>`s a paste left, are deeper than
        # markdownify's recursion goes: a traceback ended the whole import. The post keeps
        # its HTML, which a post may hold, and the report says so)
        return Converted(content.strip() + "\n", shortcodes, pictures, as_html=True)
    markdown = _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown)
    return Converted(markdown + "\n", shortcodes, pictures)


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """`text` with `change` made to what is outside its inline `<code>`: a post showing how to
    write a formula (`<code>$x^2$</code>`) or a shortcode shows it as written."""
    pieces = _INLINE_CODE.split(text)  # (odd pieces: the code)
    return "".join(piece if number % 2 else change(piece)
                   for number, piece in enumerate(pieces))


def autop(text: str) -> str:
    """The classic editor's text as WordPress showed it: a blank line between paragraphs, a
    line break within one a `<br>`; block tags (lists, tables, headings) stay as written."""
    paragraphs = []
    text = re.sub(r"(?:<br\s*/?>[ \t]*\n?[ \t]*){2,}", "\n\n", text)  # (blank lines, to a writer)
    for chunk in re.split(r"\n\s*\n", text.strip()):
        if not chunk.strip():
            continue
        if _BLOCK.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + re.sub(r"(?:<br\s*/?>)?\n", "<br />\n", chunk.strip())
                              + "</p>")
    return "\n\n".join(paragraphs)


def _captioned(text: str):
    """The HTML parsed, each figure a paragraph: a picture's caption (`<figcaption>`, the
    `[caption]` shortcode's text) its title, which the build shows as a figure's caption."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for figure in soup.find_all("figure"):
        image, caption = figure.find("img"), figure.find("figcaption")
        if image is not None and caption is not None:
            image["title"] = caption.get_text(" ", strip=True)
            caption.decompose()
        figure.name = "p" if figure.find("table") is None else "div"
    return soup


def _relinked(soup, link: Callable[[str], str | None]):
    """The soup with each link to the old blog's own post leading to that post's file."""
    for anchor in soup.find_all("a", href=True):
        new = link(anchor["href"])
        if new is not None:
            anchor["href"] = new
    return soup


def _code_tag(inner: str) -> str:
    """The attributes of the `<code>` inside a `<pre>` (the block editor's names the
    language there: `<code lang="python" class="language-python">`)."""
    found = re.match(r"\s*<code\b([^>]*)>", inner, re.I)
    return " " + found.group(1) if found else ""


def _pre_text(inner: str) -> str:
    """The text of a `<pre>` as shown: its tags (`<code>`, a highlighter's spans) dropped,
    entities read."""
    return html.unescape(re.sub(r"<br\s*/?>", "\n", re.sub(r"<(?!br\b)[^>]+>", "", inner)))


def _fence(code: str, attributes: str) -> str:
    """Code as a fenced block in the language its shortcode or class names."""
    found = _LANGUAGE.search(attributes)
    language = next((g for g in found.groups() if g), "").lower() if found else ""
    code = code.strip("\n")
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}{language}\n{code}\n{fence}"


def _formula(found: re.Match[str], keep) -> str:
    tex = next(value for value in found.groups() if value is not None)
    tex = html.unescape(re.sub(r"<br\s*/?>", "", tex)).strip()
    display = found.group("display") is not None or found.group("dollars") is not None
    return keep(f"$$\n{tex}\n$$" if display else f"${tex}$", display)


def _video(address: str, caption: str | None, keep) -> str:
    """A video WordPress embedded as the card `{{< youtube >}}` (`{{< vimeo >}}`) draws,
    titled with its caption; "" for an address of another site."""
    address = html.unescape(address)
    found, kind = _YOUTUBE.match(address), "youtube"
    if found is None:
        found, kind = _VIMEO.match(address), "vimeo"
    if found is None:
        return ""
    title = html.unescape(re.sub(r"<[^>]+>", "", caption or "")).strip().replace('"', "'")
    if title:
        return keep(f'{{{{< {kind} id="{found.group(1)}" title="{title}" >}}}}', True)
    return keep(f"{{{{< {kind} {found.group(1)} >}}}}", True)


def _figure(inner: str) -> str:
    """`[caption]<img …> Its caption[/caption]` as a figure, the caption its own line."""
    found = _CAPTIONED.match(inner)
    if found is None:
        return inner
    caption = found.group(2).strip()
    return f"<figure>{found.group(1)}<figcaption>{caption}</figcaption></figure>" if caption \
        else found.group(1)
