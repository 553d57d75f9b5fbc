"""Code tabs: consecutive fences of one group become one block with a tab per fence.

    ```python {group="two-sum"}
    ...
    ```
    ```cpp {group="two-sum"}
    ...
    ```

(`group=two-sum` after the language works too.) The fences are wrapped in
`<div class="code-tabs" data-group="two-sum">`; each keeps its own label (its `title`, else
its language). Without JavaScript they are shown stacked, one under the other; the theme's
script turns the labels into a tab list and shows one fence at a time. A single fence with a
group, or fences of different groups, stay ordinary blocks.

Each fence of a group keeps its tab's name in `meta["tab"]`, for a feed: readers run no script,
and show the fences one under the other with that name above each.
"""

from __future__ import annotations

import html
from collections import Counter

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from blogforge.markdown.highlight import FenceInfo, language_name, parse_info


def code_tabs_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("code_tabs", _group_fences)


def _group_fences(state: StateCore) -> None:
    tokens = state.tokens
    strings = state.env.get("t")
    label = html.escape(strings("code_tabs") if strings else "Code in several languages")
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        group = _group_of(tokens[index])
        end = index + 1
        while group and end < len(tokens) and _group_of(tokens[end]) == group \
                and tokens[end].level == tokens[index].level:
            end += 1
        if end - index > 1:
            opening = Token("html_block", "", 0, block=True)
            opening.content = (f'<div class="code-tabs" data-group="{html.escape(group)}" '
                               f'data-label="{label}">\n')
            closing = Token("html_block", "", 0, block=True, content="</div>\n")
            fences = tokens[index:end]
            for fence, name in zip(fences, tab_names([parse_info(f.info) for f in fences]),
                                   strict=True):
                fence.meta["tab"] = name
            out += [opening, *fences, closing]
        else:
            out += tokens[index:end]
        index = end
    state.tokens[:] = out


def tab_names(infos: list[FenceInfo]) -> list[str]:
    """The fences' tab names, by the rule of the theme's script (reader.js), which names the
    tabs on the page: by language, so a reader's choice carries to other groups; by title when
    two share one, else by language and count ("Python 2"); by position without either."""
    languages = [language_name(info.lang) for info in infos]
    seen: Counter[str] = Counter()
    names = []
    for position, (info, language) in enumerate(zip(infos, languages, strict=True), 1):
        seen[language] += 1
        if language and languages.count(language) == 1:
            names.append(language)
        else:
            names.append(info.attrs.get("title", "")
                         or (f"{language} {seen[language]}" if language else str(position)))
    return names


def _group_of(token: Token) -> str:
    return parse_info(token.info).group if token.type == "fence" else ""
