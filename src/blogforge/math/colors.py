"""A formula's own colours, readable on the dark theme too.

`\\textcolor{blue}{\\gamma}` is drawn by KaTeX in `style="color:blue"`: pure blue on the dark
page is 2.2:1, barely legible; `\\colorbox{yellow}{x}` puts the dark theme's light text on
yellow, which hides it. The writer chose those colours on a light page. Each colour that is
not readable on the dark page gets, beside it, the nearest of its hue that is (lighter for
text, darker for a box, as the code's colours are made readable: `readable_color`), which the
stylesheet (math.css) uses on dark screens; on a light page, and on paper, the colour is the
writer's.

Colours are read as CSS reads them (`webcolors`: names, `#rgb`, `#rrggbb`); one it cannot read
is left as it is.
"""

from __future__ import annotations

import re
from functools import cache

_STYLE = re.compile(r'style="([^"]*)"')
_DECLARATION = re.compile(r"(?<![\w-])(color|background-color)\s*:\s*([^;]+)")
# The dark theme's backgrounds (the page's, a card's) and its text
DARK_BACKGROUNDS = ["#0b1018", "#111827"]
DARK_TEXT = ["#e5e9f0"]


def for_dark_screens(html: str) -> str:
    """KaTeX's HTML with a dark-theme stand-in beside each colour too dim (or too bright, for
    a box) there: `--dark-color` and `--dark-background` in the same style."""
    if "color" not in html:
        return html
    return _STYLE.sub(_with_stand_ins, html)


def _with_stand_ins(found: re.Match[str]) -> str:
    style = found.group(1)
    added = []
    for name, value in _DECLARATION.findall(style):
        box = name == "background-color"
        stand_in = _dark_stand_in(value.strip().lower(), box)
        if stand_in is not None:
            added.append(f"--dark-{'background' if box else 'color'}:{stand_in}")
    if not added:
        return found.group(0)
    return f'style="{style.rstrip(";")};{";".join(added)}"'


@cache
def _dark_stand_in(value: str, box: bool) -> str | None:
    """The colour to show for `value` on the dark theme (of its hue, readable there: text on
    its backgrounds, a box under its text), or None when it reads as it is."""
    import webcolors  # (a build with coloured formulas only)

    from blogforge.markdown.highlight import readable_color

    try:
        color = webcolors.rgb_to_hex(webcolors.html5_parse_legacy_color(value))
    except ValueError:
        return None
    readable = readable_color(color, DARK_TEXT if box else DARK_BACKGROUNDS)
    return None if readable == color else readable
