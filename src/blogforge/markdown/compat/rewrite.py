"""The rewriting of other generators' tags (see the package's docstring): the scanner the
generator modules (hexo.py, jekyll.py, hugo.py) share, and their tags by name."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from blogforge.markdown.compat import TAG_START, hexo, hugo, jekyll
from blogforge.markdown.compat.common import (
    BlockTag,
    Tag,
    display_asked,
    formula_text,
    split_args,
)
from blogforge.markdown.compat.context import Context
from blogforge.markdown.fences import in_fenced_code
from blogforge.math.numbering import TOP_LEVEL_ENVS

# A tag's arguments, a quoted one seen whole: `caption="a $x$ or `b`"` holds no formula or code
# span to protect, and `title="50%}"` does not end the tag. Atomic: a quote that closes is
# never tried again as a lone character, which on a line with many quotes and no end of the
# tag would be tried every way (exponential), while one that does not close is a character.
_ARGS = r"""(?>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|.)*?"""
# (not the `{%` of Hugo's `{{% x %}}`, a shortcode)
_LIQUID_TAG = re.compile(r"(?<!\{)\{%-?\s*([A-Za-z_][\w-]*)(" + _ARGS + r")-?%\}")
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(" + _ARGS + r")\s*([>%])\}\}")
_LIQUID_OUTPUT = re.compile(
    r"\{\{-?\s*([A-Za-z_][\w.]*|\"[^\"]*\"|'[^']*')((?:\s*\|[^{}|]*)*)\s*-?\}\}")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# (not kramdown's extensions, `{::comment}` and `{:/comment}`)
_IAL_LINE = re.compile(r"^\s{0,3}\{:(?![:/])\s*(.*?)\s*\}\s*$")
# An item of the list `{:toc}` follows, whatever its words (`* TOC`, the `* content` of a
# popular Chinese Jekyll theme, `* 目录`): kramdown replaces the whole list.
_TOC_ITEM = re.compile(r"^\s*(?:[*+-]|\d{1,9}\.)\s+\S")
_INLINE_IAL = re.compile(r"(?<=[^\s{])\{:(?![:/])\s*([^{}\n]*)\}")
# kramdown's extensions: `{::name …}`, `{::name … /}`, and their end, `{:/name}` or `{:/}`.
_KRAMDOWN_EXTENSION = re.compile(r"\{:(?::(?P<name>\w+)(?P<rest>[^{}\n]*?)|/(?P<end>\w*))\}")
_KRAMDOWN_BLOCKS = ("comment", "nomarkdown")  # read on lines of their own
# A display environment written without dollars, which the math stage reads as a formula.
_MATH_ENVS = re.compile(r"^\s*\\begin\{(" + "|".join(
    re.escape(env) for env in sorted(TOP_LEVEL_ENVS, key=len, reverse=True)) + r")\}")

# Paired tags, by the syntax that opens them: "liquid" for `{% x %}`, "shortcode" for `{{< x >}}`.
BLOCK_TAGS: dict[tuple[str, str], BlockTag] = {
    **{("liquid", name): tag for name, tag in hexo.BLOCK_TAGS.items()},
    **{("liquid", name): tag for name, tag in jekyll.BLOCK_TAGS.items()},
    **{("shortcode", name): tag for name, tag in hugo.BLOCK_TAGS.items()},
}
# A Liquid closer -> the tag it closes: `endnote` -> `note`.
_OPENER_OF = {end: name for (syntax, name), tag in BLOCK_TAGS.items() if syntax == "liquid"
              for end in tag.end_names}
LIQUID_TAGS: dict[str, Callable[[Tag, Context], str | None]] = {
    **hexo.INLINE_TAGS, **jekyll.INLINE_TAGS,
    "link": lambda tag, ctx: jekyll.link(tag, ctx) if len(tag.args) == 1 else hexo.link(tag, ctx),
}


def translate(body: str, ctx: Context, md: MarkdownIt | None = None) -> str:
    """The body with every known generator tag rewritten; unknown ones are reported. Given the
    parser the body is for, code it reads in a list item, a quote or an indented block is
    left as written too."""
    lines = body.split("\n")
    code = _contained_code(body, lines, md)
    lines = markdown_in_html(lines, code)
    return "\n".join(_Lines(lines, ctx, code=code).run())


# kramdown's HTML element whose content is Markdown (`markdown="1"`, or `"block"`), its
# opening tag alone on its line, and a closing tag alone on its line
_MARKDOWN_OPENING = re.compile(r"(?P<indent>\s{0,3})<(?P<tag>[a-zA-Z][\w-]*)\b(?P<attrs>[^<>]*?)"
                               r"""\s+markdown\s*=\s*(?:"(?:1|block)"|'(?:1|block)'|1)"""
                               r"(?P<rest>[^<>]*)>\s*")
_NOTICE_CLASS = re.compile(r"""\bclass\s*=\s*["']?[^"'>]*?\b(notice(?:--\w+)?)\b""")


def markdown_in_html(lines: list[str], code: frozenset[int]) -> list[str]:
    """The body's lines with kramdown's HTML blocks whose content is Markdown (Minimal
    Mistakes' `<div class="notice--info" markdown="1">`) written so that it is read as
    Markdown: CommonMark reads an HTML block's lines up to a blank line as HTML. A Minimal
    Mistakes notice becomes the callout of its kind (`> [!NOTE]`, each line quoted); another
    element keeps its tags, the opening one moved onto the blank line before it, so that a
    blank line parts it from its content. One line for one."""
    if not any("markdown" in line for line in lines):
        return lines
    out = list(lines)
    fenced = list(in_fenced_code(lines))
    i = 0
    while i < len(out):
        opening = None if fenced[i] or i + 1 in code else _MARKDOWN_OPENING.fullmatch(out[i])
        if opening is None:
            i += 1
            continue
        tag, depth = opening["tag"].lower(), 0
        end = None
        for j in range(i + 1, len(out)):
            if fenced[j]:
                continue
            depth += len(re.findall(rf"<{tag}\b", out[j], re.I))
            if re.fullmatch(rf"\s*</{tag}\s*>\s*", out[j], re.I):
                if depth == 0:
                    end = j
                    break
                depth -= 1
        if end is None:
            i += 1
            continue
        notice = _NOTICE_CLASS.search(opening["attrs"] + opening["rest"])
        if notice is not None:
            kind = _CALLOUTS.get(notice.group(1), "NOTE")
            out[i] = f"> [!{kind}]"
            out[i + 1:end] = ["> " + line if line.strip() else ">" for line in out[i + 1:end]]
            out[end] = ""
        else:
            # (its closing tag, alone on its line, ends a paragraph before it where it is)
            written = f"{opening['indent']}<{opening['tag']}{opening['attrs']}{opening['rest']}>"
            if i > 0 and not out[i - 1].strip():
                out[i - 1], out[i] = written, ""
            else:
                out[i] = written
        i = end + 1
    return out


# A line holding a tag in a quote or indented by 4 (a list item's nested block, an indented
# code block): only there can the parser read code where the scanner sees none.
_CONTAINED_TAG_LINE = re.compile(r"^(?:[ \t]*>| {4}| {0,3}\t).*?(?:\{%|\{\{)", re.M)


def _contained_code(body: str, lines: list[str], md: MarkdownIt | None) -> frozenset[int]:
    """Body lines the parser reads as code where the scanner, which knows fences at the
    margin only, would not: indented code blocks (kramdown's usual code) and fences in a
    quote or a list item. Only the block structure is parsed, and only when a tag stands
    in such a line."""
    if md is None or not _CONTAINED_TAG_LINE.search(body):
        return frozenset()
    tokens: list[Token] = []
    md.block.parse(body, md, {}, tokens)
    found: set[int] = set()
    for token in tokens:
        if token.type not in ("code_block", "fence") or token.map is None:
            continue
        start, end = token.map
        if token.type == "fence" and _FENCE.match(lines[start]):
            continue  # one the scanner follows itself (it also knows a tag's own code)
        found.update(range(start + 1, end + 1))
    return frozenset(found)


@dataclass
class _Lines:
    """A body's lines as the tag rewriting goes through them, and what it wrote."""

    lines: list[str]
    ctx: Context
    first_line: int = 1  # body line of lines[0]
    out: list[str] = field(default_factory=list)
    # Lines a comment across lines took out of a paragraph, given back as blank lines where
    # the paragraph ends, so that the lines after it keep their numbers.
    owed_lines: int = 0
    code: frozenset[int] = frozenset()  # body lines `_contained_code` found

    def run(self) -> list[str]:
        i = 0
        block_start = 0  # index in `out` of the first line of the current Markdown block
        closer: re.Pattern[str] | str | None = None  # inside code or a display formula
        while i < len(self.lines):
            line = self.lines[i]
            number = self.first_line + i
            if closer is not None:
                self.out.append(line)
                if _closes(line, closer):
                    closer = None
                i += 1
                continue
            if number in self.code:
                self.out.append(line)
                i += 1
                continue
            closer = _verbatim_opener(line)
            if closer is not None:
                if not self.out or not self.out[-1].strip():
                    block_start = len(self.out)
                self.out.append(line)
                i += 1
                continue
            if i + 1 < len(self.lines) and number + 1 not in self.code:
                captioned = _captioned_image(line, self.lines[i + 1])
                if captioned is not None:  # (a blank line for the caption's: numbers kept)
                    self.lines[i], self.lines[i + 1] = captioned, ""
                    line = captioned
            handled = self._block(i, number)
            if handled:
                i = handled
                continue
            handled = self._kramdown_block(i, number)
            if handled:
                i = handled
                continue
            ial = _IAL_LINE.match(line)
            if ial:
                self._ial(ial.group(1), block_start)
                i += 1
                continue
            if line.strip() and (not self.out or not self.out[-1].strip()):
                block_start = len(self.out)
            handled = self._across_lines(i)
            if handled:
                i = handled
                continue
            self.out.append(translate_inline(line, number, self.ctx))
            if not line.strip():
                self._give_back_lines()
            i += 1
        self._give_back_lines()
        return self.out

    def _give_back_lines(self) -> None:
        """The lines owed, as blank lines: at a blank line or the end, where they change no
        Markdown block."""
        self.out.extend([""] * self.owed_lines)
        self.owed_lines = 0

    def _block(self, i: int, number: int) -> int:
        """Rewrite a paired tag opening on line i; return the index after it, or 0. In a list
        item or a quote (the opening line indented, or after `>`), what replaces it is there
        too: each line carries the opening line's indent or `>` in place of the tag's own."""
        opened = _block_opener(_bare(self.lines[i]))
        if opened is None:
            return 0
        syntax, name, rest = opened
        tag_kind = BLOCK_TAGS.get((syntax, name))
        if tag_kind is None or syntax == "liquid" and not liquid_runs(self.ctx):
            return 0
        end = _find_close(self.lines, i + 1, syntax, name, tag_kind.end_names)
        if end is None and syntax == "liquid" and name in _ACROSS_LINES:
            return 0  # closed inside a later line, or reported there as never closed
        if end is None:
            self.ctx.warn(f"`{_shown(syntax, name)}` is never closed: shown as written", number)
            line = self.lines[i]
            self.out.append(_container(line) + _as_text(_bare(line)))
            return i + 1
        prefix = _container(self.lines[i])
        inner = [_outside(line, prefix) for line in self.lines[i + 1:end]]
        if tag_kind.content == "markdown":
            inner = _Lines(inner, self.ctx, number + 1, code=self.code).run()
        tag = Tag(name, split_args(rest, syntax == "shortcode"), rest.strip(), number)
        replaced = tag_kind.render(tag, inner, self.ctx)
        self.out.extend(prefix + line if line.strip() else prefix.rstrip() for line in replaced)
        return end + 1

    def _across_lines(self, i: int) -> int:
        """A `{% comment %}` or `{% raw %}` that line i opens and a later line closes, as Liquid
        reads it: the text before the comment joined on one line to the text after it (the
        paragraph goes on), or the raw text kept as written on its lines, untouched. Returns
        the index of the line after the closing one, or 0."""
        if not liquid_runs(self.ctx):
            return 0
        index, text, shown = i, self.lines[i], ""
        while (opened := _pair_opened(text)) is not None:
            start, end, name = opened
            # (a formula the pair's line opens after it, `{% raw %}$$`, is read to its end:
            # its closing line, `$${% endraw %}`, opens none)
            closed = self._pair_closed(index + 1, name, _verbatim_opener(text[end:]))
            if closed is None:
                self.ctx.warn(f"`{{% {name} %}}` is never closed: shown as written",
                              self.first_line + index)
                break
            shown += translate_inline(text[:start], self.first_line + index, self.ctx)
            last, close_start, close_end = closed
            if name == "raw":
                self.out.append(shown + text[end:])
                self.out.extend(self.lines[index + 1:last])
                shown = self.lines[last][:close_start]
            else:
                self.owed_lines += last - index
            index, text = last, self.lines[last][close_end:]
        if index == i:
            return 0
        self.out.append(shown + translate_inline(text, self.first_line + index, self.ctx))
        return index + 1

    def _pair_closed(self, start: int, name: str, closer: re.Pattern[str] | str | None = None
                     ) -> tuple[int, int, int] | None:
        """(line index, start, end) of the `{% endraw %}` or `{% endcomment %}` closing a pair
        opened before line `start`, not counting one in code: a post showing Liquid in a code
        block has it as written there. Comments nest, as in Liquid; raw text ends at the first
        `{% endraw %}`. `closer`: that of a code block or formula open at `start`."""
        depth = 0
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            if self.first_line + index in self.code:
                continue
            after = 0
            if closer is not None:
                if not _closes(line, closer):
                    continue
                # (what follows the formula's end on its line is text: `$${% endraw %}`)
                after = _end_of_close(line, closer)
                closer = None
            else:
                closer = _verbatim_opener(line)
                if closer is not None:
                    continue
            for match in _INLINE_PROTECTED.finditer(line, after):
                liquid = _LIQUID_TAG.fullmatch(match.group("tag") or "")
                if liquid is None or liquid.group(2).strip():
                    continue
                if liquid.group(1) == name and name == "comment":
                    depth += 1
                elif liquid.group(1) == "end" + name:
                    if depth == 0:
                        return index, match.start(), match.end()
                    depth -= 1
        return None

    def _kramdown_block(self, i: int, number: int) -> int:
        """kramdown's extensions on lines of their own: `{::comment}`…`{:/comment}` hides its
        lines, `{::nomarkdown}`…`{:/}` keeps them as written (Markdown reads its HTML the
        same), `{::options … /}` (settings of kramdown's parser) is dropped. Returns the index
        after it, or 0 (any other is reported where the text is read)."""
        opened = _KRAMDOWN_EXTENSION.fullmatch(self.lines[i].strip())
        if opened is None or opened["name"] is None:
            return 0
        if opened["name"] == "options" and opened["rest"].rstrip().endswith("/"):
            self.out.append("")
            return i + 1
        if opened["name"] not in _KRAMDOWN_BLOCKS or opened["rest"].rstrip().endswith("/"):
            return 0
        end = next((j for j in range(i + 1, len(self.lines))
                    if (closer := _KRAMDOWN_EXTENSION.fullmatch(self.lines[j].strip()))
                    and closer["end"] in ("", opened["name"])), None)
        if end is None:
            self.ctx.warn(f"kramdown's `{{::{opened['name']}}}` is never closed: shown as "
                          "written", number)
            self.out.append(_container(self.lines[i]) + _as_text(_bare(self.lines[i])))
            return i + 1
        inner = self.lines[i + 1:end]
        kept = inner if opened["name"] == "nomarkdown" else ["" for _ in inner]
        self.out.extend(["", *kept, ""])
        return end + 1

    def _ial(self, attributes: str, block_start: int) -> None:
        """kramdown's `{: .class}` after a block (or before one); `{:toc}` after a list."""
        if attributes.strip().lower() == "toc":
            # `* TOC` + `{:toc}` asks for a table of contents: the theme shows one by itself.
            # (every item of the list goes: `* content` showed as a list, and as the card's
            # excerpt, where kramdown shows the contents in its place)
            end = len(self.out)
            while end > block_start and _TOC_ITEM.match(self.out[end - 1]):
                end -= 1
                self.out[end] = ""
            self.out.append("")
            return
        if not attributes or attributes.endswith(":"):  # an attribute list definition: unused
            self.out.append("")
            return
        if self.out and self.out[-1].strip():
            lines = len(self.out)
            attributes = self._theme_attributes(attributes, block_start)
            if len(self.out) > lines:
                return  # (a callout's first line took the list's place: the rest was its look)
            if not attributes:
                self.out.append("")
                return
            # kramdown puts the list after the block; markdown-it-attrs wants it before
            self.out.insert(block_start, "{" + attributes + "}")
        else:
            self.out.append("{" + attributes + "}")


    def _theme_attributes(self, attributes: str, block_start: int) -> str:
        """What the Jekyll themes drew from a block's attribute list, done here; the rest of
        the list, for the block. Chirpy's `file="train.py"` after a fence is the code's file
        name (its title) and `.nolineno` hides line numbers it showed by default (here code
        has none); its `.prompt-tip` after a quote, Minimal Mistakes' `.notice--warning` after
        a paragraph or quote, make the block a callout (a paragraph becomes a quote first)."""
        opening = self.out[block_start]
        fence = _FENCE_OPENING.match(opening)
        if fence is not None:
            named = _FILE_ATTRIBUTE.search(attributes)
            if named is not None:
                info = opening[fence.end():].strip()
                opening = opening[:fence.end()] + (info + " " if info else "") + \
                    "{title=" + named.group(1) + "}"
                self.out[block_start] = opening
                attributes = _FILE_ATTRIBUTE.sub("", attributes)
            attributes = re.sub(r"(?<!\S)\.nolineno(?!\S)", "", attributes)
        kind = _CALLOUT_CLASS.search(attributes)
        if kind is not None and fence is None and not _TABLE_OR_LIST.match(opening):
            block = self.out[block_start:]
            if not all(line.lstrip().startswith(">") for line in block if line.strip()):
                block = ["> " + line if line.strip() else ">" for line in block]
            self.out[block_start:] = [f"> [!{_CALLOUTS[kind.group(1)]}]", *block]
            attributes = _CALLOUT_CLASS.sub("", attributes)
        return attributes.strip()


# A fence's opening line; Chirpy's file name of a code block, `file="train.py"`
_FENCE_OPENING = re.compile(r"\s{0,3}(`{3,}|~{3,})")
_FILE_ATTRIBUTE = re.compile(r"""(?<!\S)file\s*=\s*("[^"]*"|'[^']*'|\S+)""")
# The classes of Chirpy's prompts and Minimal Mistakes' notices, and the callouts they are
_CALLOUT_CLASS = re.compile(r"(?<!\S)\.(prompt-(?:tip|info|warning|danger)|notice(?:--(?:"
                            r"primary|info|warning|danger|success))?)(?!\S)")
_CALLOUTS = {"prompt-tip": "TIP", "prompt-info": "NOTE", "prompt-warning": "WARNING",
             "prompt-danger": "CAUTION", "notice": "NOTE", "notice--primary": "NOTE",
             "notice--info": "NOTE", "notice--success": "TIP", "notice--warning": "WARNING",
             "notice--danger": "CAUTION"}
_TABLE_OR_LIST = re.compile(r"\s*(?:\||[-*+]\s|\d+[.)]\s|#)")


# A picture alone on its line (without a title; maybe its attribute list), and Chirpy's
# caption under it: a line all in italics
_LONE_IMAGE = re.compile(r"(?P<head>\s{0,3}!\[[^\]\n]*\]\(\s*(?:<[^>\n]*>|[^)\s]+))\s*\)"
                         r"(?P<attrs>\{:?[^{}\n]*\})?\s*")
_CAPTION_LINE = re.compile(r"\s{0,3}(?P<mark>[_*])(?![_*\s])(?P<text>[^_*\n]+?)(?<!\s)(?P=mark)\s*")


def _captioned_image(line: str, after: str) -> str | None:
    """A picture alone on its line with Chirpy's caption under it (`_Figure 1: …_`), which
    its theme showed as the picture's caption: the picture with that caption as its title (a
    figure, as a titled picture alone in its paragraph is); None for other lines."""
    image = _LONE_IMAGE.fullmatch(line)
    caption = _CAPTION_LINE.fullmatch(after)
    if image is None or caption is None:
        return None
    title = caption.group("text").strip().replace('"', '\\"')
    return f'{image.group("head")} "{title}")' + (image.group("attrs") or "")


def _sizes(attributes: str) -> str:
    """kramdown attributes with Chirpy's short names of a picture's size, `w` and `h`, as
    HTML's, `width` and `height` (a browser reads no `w`)."""
    return re.sub(r"(?<![\w-])([wh])(?=\s*=)", lambda m: "width" if m.group(1) == "w"
                  else "height", attributes)


def translate_inline(line: str, number: int, ctx: Context) -> str:
    """Rewrite the tags inside one line, leaving code spans, formulas and raw parts alone."""
    if not TAG_START.search(line):
        return line
    pieces = []
    for text, protected in _spans(line):
        if protected is not None:
            pieces.append(protected)
            continue
        text = _SHORTCODE.sub(lambda m: _shortcode(m, number, ctx), text)
        if liquid_runs(ctx):
            text = _LIQUID_TAG.sub(lambda m: _liquid(m, number, ctx), text)
            text = _LIQUID_OUTPUT.sub(lambda m: _output(m, number, ctx), text)
            # (after the outputs: `{{ site.url }}{{ "/a" | relative_url }}` is then a path)
            text = jekyll.SITE_ADDRESS.sub(lambda m: jekyll.site_address(m, ctx), text)
        else:  # (shown as written: a tag alone on its line is no block's `{attributes}`)
            text = _LIQUID_TAG.sub(lambda m: _as_text(m.group(0)), text)
        text = _KRAMDOWN_EXTENSION.sub(lambda m: _kramdown_inline(m, number, ctx), text)
        text = _INLINE_IAL.sub(lambda m: "{" + _sizes(m.group(1).strip()) + "}", text)
        pieces.append(text)
    return "".join(pieces)


def liquid_runs(ctx: Context) -> bool:
    """Whether the post's Liquid is read: not in one saying `render_with_liquid: false`
    (Jekyll's, which Chirpy documents for a post that shows Liquid as written)."""
    return ctx.params.get("render_with_liquid") is not False


def _call(handler: Callable[[Tag, Context], str | None], syntax: str, name: str, rest: str,
          number: int, ctx: Context) -> str | None:
    """What an inline tag gives; None (reported, or reported by the handler) when it gives
    nothing. Every one names something: without arguments it would be an empty link."""
    args = split_args(rest, syntax == "shortcode")
    if not args:
        ctx.warn(f"`{_shown(syntax, name)}` without arguments: shown as written", number)
        return None
    return handler(Tag(name, args, rest.strip(), number), ctx)


def _liquid(match: re.Match[str], number: int, ctx: Context) -> str:
    name, rest = match.group(1), match.group(2)
    handler = LIQUID_TAGS.get(name)
    result = _call(handler, "liquid", name, rest, number, ctx) if handler else None
    if result is None:
        if handler is None:
            _report_liquid(name, match.string[:match.start()], number, ctx)
        return _as_text(match.group(0))
    return result


def _report_liquid(name: str, before: str, number: int, ctx: Context) -> None:
    """Why a Liquid tag that no rule rewrites is shown as written, said once."""
    if name in _ACROSS_LINES:
        return  # an opener never closed: reported where it opens
    if ("liquid", name) in BLOCK_TAGS:
        _report_misplaced("liquid", name, BLOCK_TAGS[("liquid", name)].end_names[0], number,
                          ctx)
    elif name in _OPENER_OF:
        _report_stray_closer("liquid", _OPENER_OF[name], name, before, number, ctx)
    else:
        ctx.warn(f"unknown tag `{{% {name} %}}` (Hexo/Jekyll): shown as written", number)


def _shortcode(match: re.Match[str], number: int, ctx: Context) -> str:
    closing, name, rest = match.group(2), match.group(3), match.group(4)
    handler = None if closing else hugo.INLINE_SHORTCODES.get(name)
    result = _call(handler, "shortcode", name, rest, number, ctx) if handler else None
    if result is None:
        if handler is None and name in hugo.BLOCK_TAGS:
            if closing:
                _report_stray_closer("shortcode", name, "/" + name,
                                     match.string[:match.start()], number, ctx)
            else:
                _report_misplaced("shortcode", name, "/" + name, number, ctx)
        elif handler is None:
            ctx.warn(f"unknown Hugo shortcode `{{{{< {closing}{name} >}}}}`: shown as written",
                     number)
        return _as_text(match.group(0))
    return result


def _report_misplaced(syntax: str, name: str, closer: str, number: int, ctx: Context) -> None:
    """A block's opening tag inside a line of text (one alone on its line that is never
    closed is reported as such, and not rewritten here)."""
    ctx.warn(f"`{_shown(syntax, name)}` opens a block: it stands on a line of its own, as its "
             f"`{_shown(syntax, closer)}` does; shown as written", number)


def _report_stray_closer(syntax: str, opener: str, name: str, before: str, number: int,
                         ctx: Context) -> None:
    """A closing tag that closes nothing; not when its opener is earlier on the line, which
    was reported."""
    start = r"\{%-?\s*" if syntax == "liquid" else r"\{\{[<%]\s*"
    if not re.search(start + re.escape(opener) + r"(?![\w-])", before):
        ctx.warn(f"`{_shown(syntax, name)}` closes no `{_shown(syntax, opener)}`: shown as "
                 "written", number)


def _output(match: re.Match[str], number: int, ctx: Context) -> str:
    if match.group(1) in jekyll.ADDRESS_VARIABLES and not match.group(2).strip():
        return match.group(0)  # left for `jekyll.site_address`, which sees the path after it
    result = jekyll.output(match.group(1), match.group(2), ctx)
    if result is None:
        ctx.warn(f"unknown Liquid output `{match.group(0)}`: shown as written", number)
        return _as_text(match.group(0))
    return result


def _kramdown_inline(match: re.Match[str], number: int, ctx: Context) -> str:
    """A kramdown extension inside a line of text: shown as written, and reported (an end
    once with what it ends, when that is earlier on the line)."""
    name = match["name"] or match["end"]
    if match["name"] is None:
        if "{::" + name not in match.string[:match.start()]:
            ctx.warn(f"kramdown's `{match.group(0)}` ends nothing opened: shown as written",
                     number)
    elif name in _KRAMDOWN_BLOCKS:
        ctx.warn(f"kramdown's `{match.group(0)}` is read only on a line of its own, as its "
                 "end is: shown as written", number)
    else:
        ctx.warn(f"kramdown's `{match.group(0)}` is not supported: shown as written", number)
    return _as_text(match.group(0))


def _as_text(written: str) -> str:
    """A tag shown as written: its opening braces as character references, so a tag alone on
    its line is not taken for a block's `{attributes}` nor read as a tag again (`{{% x %}}`
    holds `{% x %}`), and `<` `>` so `{{<x>}}` does not pass for an HTML tag. (References, not
    a backslash: inside raw HTML, `<p>{{ page.date | date_to_string }}</p>`, Markdown reads no
    escape, and the reader saw `\\{{`.)"""
    written = written.replace("<", "&lt;").replace(">", "&gt;")
    braces = len(written) - len(written.lstrip("{"))
    return "&#123;" * braces + written[braces:]


# --- what is never rewritten --------------------------------------------------------------


def _verbatim_opener(line: str) -> re.Pattern[str] | str | None:
    """The closer of a code fence or display formula opening on this line (None if none)."""
    fence = _FENCE.match(line)
    if fence:
        marker = fence.group(1)
        return re.compile(r"^\s{0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}\s*$")
    stripped = line.strip()
    if stripped.startswith("$$") and stripped.count("$$") % 2 == 1:
        return "$$"
    if stripped.startswith("\\[") and "\\]" not in stripped:
        return "\\]"
    env = _MATH_ENVS.match(line)
    closer = f"\\end{{{env.group(1).rstrip('*')}" if env else ""  # (a star or not)
    if env and closer not in line:
        return closer
    return None


def _closes(line: str, closer: re.Pattern[str] | str) -> bool:
    if isinstance(closer, str):
        return closer in line
    return bool(closer.match(line))


def _end_of_close(line: str, closer: re.Pattern[str] | str) -> int:
    """Where the text after a closing line's `closer` starts (a fence's line has none)."""
    if isinstance(closer, str):
        return line.index(closer) + len(closer)
    return len(line)


# Read from the left, so that what starts first wins: a code span or formula holding a tag
# keeps it as written, and a tag whose quoted argument holds `$x$` or `code` is one tag (it is
# matched only to be skipped over, and left to the rewriting with the text around it).
_INLINE_PROTECTED = re.compile(
    r"(?P<code>(`+).*?(?<!`)\2(?!`))"
    r"|(?P<paired>\{%-?\s*(?P<pair>raw|comment)\s*-?%\}(?P<inside>.*?)"
    r"\{%-?\s*end(?P=pair)\s*-?%\})"
    r"|(?P<escaped>\{\{(?P<open>[<%])/\*(?P<inner>.*?)\*/(?P<close>[>%])\}\})"
    rf"|(?P<liquid_math>\{{%-?\s*(?P<lm>{'|'.join(hexo.MATH_TAGS)})\b(?P<lm_args>{_ARGS})-?%\}}"
    r"(?P<lm_body>.*?)\{%-?\s*end(?P=lm)\s*-?%\})"
    rf"|(?P<hugo_math>\{{\{{<\s*(?P<hm>{'|'.join(hugo.MATH_SHORTCODES)})\b(?P<hm_args>{_ARGS})"
    r"\s*>\}\}(?P<hm_body>.*?)\{\{<\s*/\s*(?P=hm)\s*>\}\})"
    rf"|(?P<tag>{_SHORTCODE.pattern}|{_LIQUID_TAG.pattern})"
    r"|(?P<math>\$\$.+?\$\$|\$(?=\S)[^$]*?(?<=\S)\$(?!\d)|\\\(.+?\\\)|\\\[.+?\\\])"
)


_ACROSS_LINES = ("raw", "comment")  # Liquid's pairs, which Liquid reads across lines


def _pair_opened(line: str) -> tuple[int, int, str] | None:
    """(start, end, name) of a `{% raw %}` or `{% comment %}` in the line's text (not in code
    or a formula) that the line does not close; None when there is none."""
    for match in _INLINE_PROTECTED.finditer(line):
        liquid = _LIQUID_TAG.fullmatch(match.group("tag") or "")
        if liquid and liquid.group(1) in _ACROSS_LINES and not liquid.group(2).strip():
            return match.start(), match.end(), liquid.group(1)
    return None


def _spans(line: str) -> list[tuple[str, str | None]]:
    """(text, None) for parts to rewrite; (text, replacement) for parts kept as they are."""
    parts: list[tuple[str, str | None]] = []
    last = 0
    for match in _INLINE_PROTECTED.finditer(line):
        if match.group("tag") is not None:
            continue  # part of the text to rewrite
        parts.append((line[last:match.start()], None))
        kept = match.group(0)
        if match.group("paired") is not None:  # as a paired tag on lines of its own does
            kept = match.group("inside") if match.group("pair") == "raw" else ""
        elif match.group("escaped") is not None:  # Hugo's `{{</* x */>}}` shows `{{< x >}}`
            kept = _as_text("{{" + match["open"] + match["inner"] + match["close"] + "}}")
        elif match.group("liquid_math") is not None:
            kept = formula_text(match["lm_body"], display_asked(match["lm_args"]))
        elif match.group("hugo_math") is not None:
            tag = Tag(match["hm"], split_args(match["hm_args"]), match["hm_args"].strip(), 0)
            kept = formula_text(match["hm_body"], hugo.katex_display(tag))
        parts.append((match.group(0), kept))
        last = match.end()
    parts.append((line[last:], None))
    return parts


# --- paired tags ----------------------------------------------------------------------------

# A paired tag's opening or closing line: the tag alone on it (nothing else between braces).
_BLOCK_LIQUID = re.compile(r"^\{%-?\s*([A-Za-z_][\w-]*)((?:(?!%\}).)*?)-?%\}$")
_BLOCK_SHORTCODE = re.compile(r"^\{\{([<%])\s*([\w./-]+)((?:(?![>%]\}\}).)*?)\s*([>%])\}\}$")


# What puts a line in a list item or a quote: its indent and `>` marks.
_CONTAINER = re.compile(r"[ \t]*(?:>[ \t]*)*")


def _container(line: str) -> str:
    return _CONTAINER.match(line).group(0)  # type: ignore[union-attr]  # (matches always)


def _bare(line: str) -> str:
    """The line without its indent, `>` marks and trailing space: a paired tag's line is the
    tag alone."""
    return line[len(_container(line)):].rstrip()


def _outside(line: str, prefix: str) -> str:
    """A line of a paired tag's content without as much of the opening line's indent and
    `>` marks as it repeats."""
    kept = 0
    while kept < min(len(prefix), len(line)) and line[kept] == prefix[kept]:
        kept += 1
    return line[kept:]


def _block_opener(stripped: str) -> tuple[str, str, str] | None:
    match = _BLOCK_LIQUID.match(stripped)
    if match:
        return "liquid", match.group(1), match.group(2)
    match = _BLOCK_SHORTCODE.match(stripped)
    if match:
        return "shortcode", match.group(2), match.group(3)
    return None


def _find_close(lines: list[str], start: int, syntax: str, name: str,
                end_names: tuple[str, ...]) -> int | None:
    """Index of the line closing the tag opened before `start` (same-name nesting counted)."""
    depth = 0
    for index in range(start, len(lines)):
        opened = _block_opener(_bare(lines[index]))
        if opened is None or opened[0] != syntax:
            continue
        if syntax == "liquid":
            if opened[1] == name:
                depth += 1
            elif opened[1] in end_names:
                if depth == 0:
                    return index
                depth -= 1
        else:
            word = opened[1]
            if word == name:
                depth += 1
            elif word == "/" + name or (word == "/" and opened[2].strip() == name):
                if depth == 0:
                    return index
                depth -= 1
    return None


def _shown(syntax: str, name: str) -> str:
    return f"{{% {name} %}}" if syntax == "liquid" else f"{{{{< {name} >}}}}"

