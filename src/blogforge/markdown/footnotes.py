"""Footnotes as readers know them from GitHub, Hugo and Hexo, over `mdit_py_plugins.footnote`.

- Under a heading of their own: the plugin opens them as a bare `<section>`, which a screen
  reader's list of headings cannot name (and the HTML checker warns: "Section lacks heading").
  The heading is the theme's `footnotes` string, hidden on the page (the rule above the notes
  already sets them apart) and shown in feed readers, which have no theme stylesheet to hide it.
- Every mark of a note shows its number: the plugin shows a second reference to note 1 as
  `[1:1]`, its internal count. (Its ids stay apart, `fnref1` and `fnref1:1`, so that each of
  the note's back-links returns to its own mark.)
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token


def footnotes_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("footnote_block_open", _render_block_open)
    md.add_render_rule("footnote_caption", _render_caption)


def _render_caption(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
    return f"[{tokens[idx].meta['id'] + 1}]"


def _render_block_open(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
    strings = env.get("t")
    label = strings("footnotes") if strings is not None else "Footnotes"
    rule = '<hr class="footnotes-sep" />' if options.xhtmlOut else '<hr class="footnotes-sep">'
    return (f'{rule}\n<section class="footnotes">\n'
            f'<h2 class="visually-hidden">{html.escape(label)}</h2>\n'
            '<ol class="footnotes-list">\n')
