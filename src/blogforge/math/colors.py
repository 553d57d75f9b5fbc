"""A formula's own colours, readable on the dark theme too.

`\\textcolor{blue}{\\gamma}` is drawn by KaTeX in `style="color:blue"`: pure blue on the dark
page is 2.2:1, barely legible. The writer chose those colours on a light page. Each text colour
that is not readable on the dark page gets, beside it, the nearest of its hue that is (lighter,
as the code's colours are made readable: `readable_color`), which the stylesheet (math.css)
uses on dark screens; on a light page, on paper and in forced colours, the colour is the
writer's (or the reader's system's).

A formula with a box of colour (`\\colorbox{yellow}{…}`) keeps its colours: the box stays as
the writer made it, its text in the light theme's ink (the dark theme's light text on yellow was
invisible), and a colour inside it as written (a lightened blue on a box was 1.5:1, where the
writer's blue on yellow reads at 8:1).

Colours are read as CSS reads them (`webcolors`: its 148 names, `#rgb`, `#rrggbb`); a word that
is no CSS colour (`foo`, which KaTeX takes) gets no stand-in.
"""

from __future__ import annotations

import re
from functools import cache

_STYLE = re.compile(r'style="([^"]*)"')
_COLOR = re.compile(r"(?<![\w-])color\s*:\s*([^;]+)")
_BOX = re.compile(r"(?<![\w-])background-color\s*:")
# The dark theme's backgrounds (the page's, a card's), and the light theme's ink, for a box
DARK_BACKGROUNDS = ["#0b1018", "#111827"]
LIGHT_INK = "#1d2127"


def for_dark_screens(html: str) -> str:
    """KaTeX's HTML (or MathML, a card's or a title's) with a dark-theme stand-in
    (`--dark-color`) beside each colour too dim there, or, in a formula with a box of colour,
    the light theme's ink for the box's text."""
    if "color" not in html and "mathbackground" not in html:
        return html
    if "<math" in html and "katex-html" not in html:  # (MathML alone: mathcolor, mathbackground)
        boxed = "mathbackground=" in html
        return _MATHML_COLOUR.sub(lambda found: _mathml_stand_in(found, boxed), html)
    if "background-color" in html:
        return _STYLE.sub(_inked_box, html)
    return _STYLE.sub(_with_stand_in, html)


# A MathML element's start tag with a colour or a box: `<mstyle mathcolor="blue">`
_MATHML_COLOUR = re.compile(r'<m\w+\b[^>]*?\s(mathcolor|mathbackground)="([^"]*)"[^>]*>')


def _mathml_stand_in(found: re.Match[str], boxed: bool) -> str:
    tag, attribute, value = found.group(0), found.group(1), found.group(2)
    if attribute == "mathbackground":
        stand_in: str | None = LIGHT_INK
    else:
        stand_in = None if boxed else _dark_stand_in(value.strip().lower())
    if stand_in is None:
        return tag
    if ' style="' in tag:  # (a box's padding, mathml_look's)
        return tag.replace(' style="', f' style="--dark-color:{stand_in};', 1)
    return f'{tag[:-1]} style="--dark-color:{stand_in}">'


def _inked_box(found: re.Match[str]) -> str:
    return _given(found, LIGHT_INK if _BOX.search(found.group(1)) else None)


def _with_stand_in(found: re.Match[str]) -> str:
    color = _COLOR.search(found.group(1))
    return _given(found, _dark_stand_in(color.group(1).strip().lower()) if color else None)


def _given(found: re.Match[str], stand_in: str | None) -> str:
    """A `style="…"` with `--dark-color` added (as it was for None)."""
    style = found.group(1)
    if stand_in is None:
        return found.group(0)
    return f'style="{style.rstrip(";")};--dark-color:{stand_in}"'


@cache
def _dark_stand_in(value: str) -> str | None:
    """The colour to show for `value` on the dark theme (of its hue, readable on its
    backgrounds), or None when it reads as it is, or is no CSS colour."""
    import webcolors  # (a build with coloured formulas only)

    from blogforge.markdown.highlight import readable_color

    try:
        color = webcolors.normalize_hex(value) if value.startswith("#") \
            else webcolors.name_to_hex(value)
    except ValueError:
        return None
    readable = readable_color(color, DARK_BACKGROUNDS)
    return None if readable == color else readable
