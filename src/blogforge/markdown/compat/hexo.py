"""Hexo's tag plugins (and NexT's `note`), as blogforge Markdown.

An asset folder (`source/_posts/name/` beside `name.md`) is a bundle in blogforge, so
`{% asset_img a.png %}` is simply the relative image `a.png`.
"""

from __future__ import annotations

import re

from blogforge.markdown.compat.common import (
    BlockTag,
    Context,
    Tag,
    callout,
    code_block,
    dimensions,
    display_asked,
    formula_lines,
    image,
    link_card,
    plain_text,
    title_link,
    title_text,
    watch_video,
)
from blogforge.markdown.compat.common import link as md_link

_NUMBER = re.compile(r"^\d+(?:px|%)?$")
_URL = re.compile(r"^(?:https?:)?//|^/")
_TITLE_AND_ALT = re.compile(r"""\s*(["'])(.*?)\1\s+(["'])(.*?)\3\s*$""")
# NexT's note classes and Butterfly's colours, as the GitHub alert type that looks the part.
NOTE_KINDS = {"default": "note", "primary": "note", "info": "note", "success": "tip",
              "warning": "warning", "danger": "caution", "blue": "note", "green": "tip",
              "orange": "warning", "red": "caution", "pink": "important",
              "purple": "important"}
# Butterfly's styles and Font Awesome icons: looks, not words to show.
_NOTE_LOOKS = re.compile(r"^(?:no-icon|simple|modern|flat|disabled|fa[brs]?|fa-.*|.* fa-.*)$")


def note(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """`{% note [class] [no-icon] [summary] %}` (NexT; a summary folds the note) or
    `{% note [color] [icon] [style] %}` (Butterfly): a callout."""
    words = [w for w in tag.positional if not _NOTE_LOOKS.match(w)]
    kind = "note"
    if words and words[0] in NOTE_KINDS:
        kind = NOTE_KINDS[words.pop(0)]
    title = " ".join(words)
    return [*callout(kind, title, content, folded=bool(title)), ""]


def blockquote(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """`{% blockquote [author[, source]] [link] [source_link_title] %}`: a quote with its
    source under it."""
    words = tag.positional
    url = next((w for w in words if _URL.match(w)), "")
    before = words[: words.index(url)] if url else words
    after = words[words.index(url) + 1:] if url else []
    author, _, source = " ".join(before).partition(",")
    source = source.strip() or " ".join(after)
    if url:
        source = md_link(source or url, url)
    cite = ", ".join(part for part in (author.strip(), source) if part)
    lines = [f"> {line}" if line.strip() else ">" for line in content]
    return ["", *lines, f"> — {cite}" if cite else ""]


# Hexo's reading of a code block's caption: a title, then a URL and the text of its link.
# Only an http(s) URL is one (`/etc/hosts` is a title), as in Hexo; the link text is
# Hexo's `link` when none is written.
_CAPTION_LINK = re.compile(r"(?P<title>\S.*)\s+(?P<url>https?://\S+)(?:\s+(?P<text>\S.*))?",
                           re.I)
_CODEBLOCK_OPTIONS = ("lang", "mark", "first_line", "line_number", "line_threshold",
                      "highlight", "wrap")


def codeblock(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """`{% codeblock [title] [url] [link text] [lang:x] [line_number:…] [mark:1,3-4]
    [first_line:n] [line_threshold:n] %}`: options anywhere among the words, as Hexo reads
    them. As in hexo-util, line i (from 0) is numbered first_line + i and marked when `mark`
    holds that number: mark counts from first_line. Lines are numbered unless the tag says
    `line_number:false` (Hexo's `highlight.line_number: true`, which `hexo init` writes), or
    the block has no more lines than `line_threshold`."""
    lang, words, attrs = "", [], {}
    marks: list[int] = []
    first_line, numbered, threshold = 1, True, 0
    for key, value in tag.args:
        word = f"{key}={value}" if key else value
        option, colon, rest = word.partition(":")
        if not colon or option not in _CODEBLOCK_OPTIONS:
            words.append(word)
        elif option == "lang":
            lang = rest
        elif option == "mark":
            marks += _marked(rest)
        elif option == "first_line" and _is_int(rest):
            first_line = int(rest)
        elif option == "line_number":
            numbered = rest == "true"
        elif option == "line_threshold" and _is_int(rest):
            threshold = int(rest)
    attrs["linenos"] = "true" if numbered and len(content) > threshold else "false"
    if first_line != 1:
        attrs["linenostart"] = str(first_line)
    # (the fence's hl_lines count the block's own lines from 1, whatever its first number)
    shown = [mark - first_line + 1 for mark in dict.fromkeys(marks)
             if first_line <= mark < first_line + len(content)]
    if shown:
        attrs["hl_lines"] = " ".join(map(str, shown))
    caption = " ".join(words)
    linked = _CAPTION_LINK.fullmatch(caption)
    if linked:
        attrs["title"] = linked["title"]
        attrs["link"] = linked["url"]
        attrs["link_text"] = linked["text"] or "link"
    elif caption:
        attrs["title"] = caption
    return code_block(lang, attrs, content)


def _is_int(text: str) -> bool:
    return re.fullmatch(r"-?\d+", text.strip()) is not None


def _marked(value: str) -> list[int]:
    """The line numbers of a `mark:` value, as hexo's codeblock reads it: `1,3-5`, a range
    written backwards (`5-3`) the same; a part that is not a number is passed over."""
    numbers: list[int] = []
    for part in value.split(","):
        start, dash, end = part.strip().partition("-")
        if dash and start.isdigit() and end.isdigit():
            low, high = sorted((int(start), int(end)))
            numbers.extend(range(low, high + 1))
        elif not dash and start.isdigit():
            numbers.append(int(start))
    return numbers


def math(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """hexo-math 3's `{% math %}` on lines of its own: a display formula."""
    return formula_lines(content, display=True)


def katex(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """hexo-math 4's `{% katex [options] %}` and `{% mathjax [options] %}`: inline, unless the
    options ask for a display (`'{"displayMode": true}'`)."""
    return formula_lines(content, display=display_asked(tag.text))


def asset_img(tag: Tag, ctx: Context) -> str | None:
    """`{% asset_img [class names] slug [width] [height] [title text [alt text]] %}`, also
    Hexo's `{% img %}` with a path or URL instead of the slug."""
    args = tag.positional
    index = next((i for i, a in enumerate(args) if "." in a or "/" in a), None)
    if index is None:
        ctx.warn(f"`{{% {tag.name} {tag.text} %}}`: no image file named; shown as written",
                 tag.line)
        return None
    classes, src, rest = args[:index], args[index], args[index + 1:]
    sizes = []
    while rest and _NUMBER.match(rest[0]) and len(sizes) < 2:
        sizes.append(rest.pop(0))
    title, alt = _title_and_alt(rest, tag.text)
    attrs = " ".join([*(f".{c}" for c in classes), dimensions(sizes)]).strip()
    return image(src, alt or title, title, attrs)


def _title_and_alt(words: list[str], written: str) -> tuple[str, str]:
    """An image tag's title and alt text: two quoted words (`"title" "alt"`), also inside
    one quoted argument as Hexo's documentation writes it (`'"title text" "alt text"'`);
    else the words are the title."""
    both = _TITLE_AND_ALT.match(words[0]) if len(words) == 1 else None
    if both:
        return both.group(2), both.group(4)
    if len(words) == 2 and (any(" " in w for w in words) or '"' in written):
        return words[0], words[1]
    return " ".join(words), ""


def asset_path(tag: Tag, ctx: Context) -> str:
    return tag.positional[0] if tag.positional else ""


def asset_link(tag: Tag, ctx: Context) -> str:
    words = tag.positional
    if not words:
        return ""
    return md_link(" ".join(words[1:]) or words[0], words[0])


def post_path(tag: Tag, ctx: Context) -> str | None:
    name = tag.positional[0] if tag.positional else ""
    return ctx.url_of(name, f"{{% {tag.name} {name} %}}", tag.line)


def post_link(tag: Tag, ctx: Context) -> str | None:
    """`{% post_link slug [title] [escape] %}`: a link to that post, its text the post's
    title when none is written, as in Hexo."""
    words = [w for w in tag.positional if w not in ("true", "false")]
    name = tag.positional[0] if tag.positional else ""
    # (a post not written in yet shows its title, as it will once linked; a draft's stays
    # unsaid until it is published: its words, the slug)
    empty_title = ctx.empty_post_title(name) \
        if len(words) == 1 and ctx.find_post(name) is None else None
    path = ctx.url_of(name, f"{{% {tag.name} {name} %}}", tag.line,
                      held_shown="its title is shown, without a link" if empty_title
                      else "its words are shown, without a link")
    if path is None:  # (a draft's link is its words until it is published, as a Markdown link's)
        held = bool(words) and ctx.is_held_back(name)
        return title_text(empty_title or " ".join(words[1:]) or words[0]) if held else None
    if words[1:]:
        return md_link(" ".join(words[1:]), path)
    title = ctx.title_of(words[0])
    return title_link(title, path) if title else md_link(words[0], path)


def link(tag: Tag, ctx: Context) -> str | None:
    """`{% link text url [external] [title] %}`."""
    words = tag.positional
    if not words:  # (only key=value words)
        ctx.warn(f"`{{% link {tag.text} %}}`: no URL given; shown as written", tag.line)
        return None
    index = next((i for i, w in enumerate(words) if _URL.match(w) or "://" in w), len(words) - 1)
    text, url = " ".join(words[:index]) or words[index], words[index]
    title = " ".join(w for w in words[index + 1:] if w not in ("true", "false"))
    return md_link(text, url, title)


def iframe(tag: Tag, ctx: Context) -> str:
    url = tag.positional[0] if tag.positional else ""
    return link_card(url, url, "page")


def youtube(tag: Tag, ctx: Context) -> str:
    video = tag.positional[0] if tag.positional else ""
    return link_card(f"▶ {watch_video(ctx, 'video_youtube', 'YouTube')}",
                     f"https://www.youtube.com/watch?v={video}", "youtube")


def vimeo(tag: Tag, ctx: Context) -> str:
    video = tag.positional[0] if tag.positional else ""
    return link_card(f"▶ {watch_video(ctx, 'video_vimeo', 'Vimeo')}",
                     f"https://vimeo.com/{video}", "vimeo")


# Butterfly's label colours (`{% label 简单 green %}`) and NexT's label classes
# (`{% label success@简单 %}`): looks, not words to show.
_LABEL_COLORS = frozenset({"default", "blue", "pink", "red", "purple", "orange", "green"})
_NEXT_LABELS = frozenset({"default", "primary", "success", "info", "warning", "danger"})


def label(tag: Tag, ctx: Context) -> str:
    """`{% label 简单 green %}` (Butterfly) or `{% label success@简单 %}` (NexT): its words,
    highlighted. The theme has one highlight colour; the words say what the label's colour
    did ("简单", "困难")."""
    words = tag.positional
    if len(words) > 1 and words[-1].lower() in _LABEL_COLORS:
        words = words[:-1]
    text = " ".join(words)
    look, at, rest = text.partition("@")
    if at and look.lower() in _NEXT_LABELS:
        text = rest
    return f"<mark>{plain_text(text)}</mark>" if text.strip() else ""


# NexT's, Butterfly's and Volantis' tabs: `<!-- tab C++ -->` opens one (a name may end in
# `@icon`), `<!-- endtab -->` may close it.
_TAB_MARK = re.compile(r"^\s*<!--\s*tab(?:\s+(?P<name>.*?))?\s*-->\s*$")
_TAB_END = re.compile(r"^\s*<!--\s*endtab\s*-->\s*$")
_FENCE_LINE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def tabs(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """`{% tabs name[, index] %}` with a `<!-- tab C++ -->` before each tab: tabs whose each
    holds one code block are a group of code tabs, named as written (the answer in several
    languages of a LeetCode post); others are their contents one after another, each under
    its name in bold. Lines stay where they were (the markers become blank lines or names)."""
    group = tag.text.split(",")[0].strip().replace('"', "'") or "tabs"
    marks = [(at, found) for at, line in enumerate(content) if (found := _TAB_MARK.match(line))]
    out = ["" if _TAB_END.match(line) else line for line in content]
    names = [(found["name"] or "").split("@")[0].strip() or f"{group} {number}"
             for number, (_, found) in enumerate(marks, 1)]
    ends = [at for at, _ in marks[1:]] + [len(content)]
    fences = [_lone_fence(out, at + 1, end) for (at, _), end in zip(marks, ends, strict=True)]
    code_tabs = all(fence is not None for fence in fences)
    for (at, _), name, fence in zip(marks, names, fences, strict=True):
        # (a name in bold on a line of its own: the two spaces break the line when words
        # follow, and are nothing before a block)
        out[at] = "" if code_tabs else f"**{plain_text(name)}**  "
        if code_tabs and fence is not None:
            opened = _FENCE_LINE.match(out[fence])
            assert opened is not None  # (`_lone_fence` found it so)
            tab = name.replace('"', "'")
            out[fence] = (f'{opened["indent"]}{opened["fence"]}{opened["info"].strip()}'
                          f' {{group="{group}" tab="{tab}"}}')
    return ["", *out, ""]


def _lone_fence(lines: list[str], start: int, end: int) -> int | None:
    """The index of the opening line of the one code block that is all of `lines[start:end]`
    but blank lines; None when they hold anything else, or a fence with options of its own."""
    written = [at for at in range(start, end) if lines[at].strip()]
    if len(written) < 2:
        return None
    opened = _FENCE_LINE.match(lines[written[0]])
    closing = _FENCE_LINE.match(lines[written[-1]].rstrip())
    if opened is None or "{" in opened["info"] or closing is None or closing["info"].strip() \
            or closing["fence"][0] != opened["fence"][0] \
            or len(closing["fence"]) < len(opened["fence"]):
        return None
    inner = [lines[at] for at in written[1:-1]]
    if any((line_fence := _FENCE_LINE.match(line.rstrip())) and not line_fence["info"].strip()
           and line_fence["fence"][0] == opened["fence"][0]
           and len(line_fence["fence"]) >= len(opened["fence"]) for line in inner):
        return None  # (it closes before the last line: more than one block)
    return written[0]


def folding(tag: Tag, content: list[str], ctx: Context) -> list[str]:
    """`{% folding [options,] title %}` (Volantis, Stellar): its contents folded under the
    title, open when the options say `open:true`. Options are a colour word before the comma
    (`{% folding cyan, 更新历史 %}`) or `key:value` words (`child:codeblock open:true
    color:yellow`), which are looks."""
    options, comma, title = tag.text.partition(",")
    if not comma:
        words = tag.text.split()
        options = " ".join(w for w in words if ":" in w)
        title = " ".join(w for w in words if ":" not in w)
    opened = any(w.lower() == "open:true" for w in options.split())
    return [*callout("note", title.strip(), content, folded=True, open_at_first=opened), ""]


BLOCK_TAGS = {
    "note": BlockTag(note, ("endnote",)),
    "folding": BlockTag(folding, ("endfolding",)),
    "tabs": BlockTag(tabs, ("endtabs",)),
    "blockquote": BlockTag(blockquote, ("endblockquote",)),
    "quote": BlockTag(blockquote, ("endquote",)),
    "codeblock": BlockTag(codeblock, ("endcodeblock",), "verbatim"),
    "code": BlockTag(codeblock, ("endcode",), "verbatim"),
    "math": BlockTag(math, ("endmath",), "verbatim"),
    "katex": BlockTag(katex, ("endkatex",), "verbatim"),
    "mathjax": BlockTag(katex, ("endmathjax",), "verbatim"),
}
# Math tags: inside a line too, their body a formula (`{% katex %}x_i{% endkatex %}`).
MATH_TAGS = ("math", "katex", "mathjax")

INLINE_TAGS = {
    "asset_img": asset_img,
    "img": asset_img,
    "image": asset_img,
    "asset_path": asset_path,
    "asset_link": asset_link,
    "post_path": post_path,
    "post_link": post_link,
    "iframe": iframe,
    "youtube": youtube,
    "vimeo": vimeo,
    "label": label,
}
