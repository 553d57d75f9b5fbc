"""Footnotes under a heading of their own: `mdit_py_plugins.footnote` opens them as a bare
`<section>`, which a screen reader's list of headings cannot name (and the HTML checker warns:
"Section lacks heading"). The heading is the theme's `footnotes` string, hidden on the page
(the rule above the notes already sets them apart) and shown in feed readers, which have no
theme stylesheet to hide it."""

from __future__ import annotations

import html
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token


def footnotes_heading_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("footnote_block_open", _render_block_open)


def _render_block_open(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
    strings = env.get("t")
    label = strings("footnotes") if strings is not None else "Footnotes"
    rule = '<hr class="footnotes-sep" />' if options.xhtmlOut else '<hr class="footnotes-sep">'
    return (f'{rule}\n<section class="footnotes">\n'
            f'<h2 class="visually-hidden">{html.escape(label)}</h2>\n'
            '<ol class="footnotes-list">\n')
