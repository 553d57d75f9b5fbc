"""Code tabs: consecutive fences of one group become one block with a tab per fence.

    ```python {group="two-sum"}
    ...
    ```
    ```cpp {group="two-sum"}
    ...
    ```

(`group=two-sum` after the language works too.) The fences are wrapped in
`<div class="code-tabs" data-group="two-sum">`, which begins with a button per fence, named by
its language (so a reader's choice carries to every group that has it), by its `title` when two
share one, else by the word each fence wrote when two name one language so ("Bash", "Shell"),
else by language and count ("Python 2"); `tab="Pandas"` names a fence's tab itself. A single
fence with a group, or fences of different groups, stay ordinary blocks.

The buttons are in the page from the start, `hidden`: without JavaScript the fences are shown
stacked, each under its own label. With it, the theme's stylesheet draws them as tabs over the
first fence alone from the first paint (for `html.js`), and its script makes them work. Made by
the script once the page was shown, the tabs and the fences they hide moved everything
after them. Should the script not load (a 404, blocked) or fail before a group works, that
group is stacked again (`html.reader-done`, set by base.html). Feeds get the fences alone,
each under its tab's name (`meta["tab"]`): readers run no script.

A reader's remembered tab (`bf-code-tab`, kept by the script) is drawn from the first paint
too: the group lists its tabs (`data-tabs`, space-separated) and each tab and fence says its
own (`data-tab`), as `tab_token`s, so base.html's script in the head can add a style that shows
that tab in a group that has it. Chosen by the script once it came, a longer or shorter fence
moved all that followed it, on every page a reader on C++ opened.
"""

from __future__ import annotations

import html
from collections import Counter
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from blogforge.markdown.highlight import CodeLabels, FenceInfo, code_label, parse_info


def code_tabs_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("code_tabs", _group_fences)
    md.add_render_rule("code_tabs_open", _render_open)


def _group_fences(state: StateCore) -> None:
    tokens = state.tokens
    groups = [parse_info(token.info).group if token.type == "fence" else "" for token in tokens]
    if not any(groups):
        return  # (most bodies: their tokens stay as they are, not copied)
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        group = groups[index]
        end = index + 1
        while group and end < len(tokens) and groups[end] == group \
                and tokens[end].level == tokens[index].level:
            end += 1
        if end - index > 1:
            strings = state.env.get("t") if isinstance(state.env, dict) else None
            names = tab_names([parse_info(fence.info) for fence in tokens[index:end]],
                              CodeLabels.from_strings(strings) if strings else None)
            for fence, name in zip(tokens[index:end], names, strict=True):
                fence.meta["tab"] = name  # (a feed shows it above the fence: see highlight.py)
            opening = Token("code_tabs_open", "div", 1, block=True,
                            meta={"group": group, "names": names})
            closing = Token("code_tabs_close", "div", -1, block=True)
            out += [opening, *tokens[index:end], closing]
        else:
            out += tokens[index:end]
        index = end
    state.tokens[:] = out


def tab_names(fences: list[FenceInfo], labels: CodeLabels | None = None) -> list[str]:
    """The tabs' names (see above): "Python", "C++"; "brute.py", "fast.py"; "Python 1", …
    A language is named as the label of its block is (`code_label`), so tab and block agree.
    A fence's `tab="Pandas"` names its tab whatever its language (LeetCode's own tab for a
    pandas answer, next to SQL). Two fences that name one language by different words, `bash`
    and `shell` (both "Bash" to Pygments), are named by their words: "Bash", "Shell"."""
    langs = [code_label(fence.lang, labels) for fence in fences]
    shared = Counter(langs)
    words = Counter((lang, fence.lang.lower()) for lang, fence in zip(langs, fences, strict=True))
    seen: Counter[tuple[str, str]] = Counter()
    names = []
    for number, (lang, fence) in enumerate(zip(langs, fences, strict=True), 1):
        seen[lang, fence.lang.lower()] += 1
        if fence.attrs.get("tab"):
            names.append(fence.attrs["tab"])
        elif lang and shared[lang] == 1:
            names.append(lang)
        elif fence.attrs.get("title"):
            names.append(fence.attrs["title"])
        elif lang and words[lang, fence.lang.lower()] == 1:
            names.append(_by_its_word(fence.lang, lang))
        else:
            names.append(f"{lang} {seen[lang, fence.lang.lower()]}" if lang else str(number))
    return names


def _by_its_word(word: str, lang: str) -> str:
    """A fence's language by the word it was written with, cased as the language's name when
    it is that name ("bash": "Bash"), else with a capital ("shell": "Shell")."""
    return lang if word.lower() == lang.lower() else word[:1].upper() + word[1:]


def tab_token(name: str) -> str:
    """A tab's name as one word of an attribute (`data-tabs~="Python%202"` matches a word):
    JavaScript's encodeURIComponent of it, as base.html's script in the head encodes the
    reader's saved tab, and safe in a quoted CSS string (no quote, backslash or space)."""
    return quote(name, safe="!~*'()")


def _render_open(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    meta = tokens[idx].meta
    strings = env.get("t")
    label = html.escape(strings("code_tabs") if strings else "Code in several languages")
    group = html.escape(meta["group"])
    page = env.get("page")
    if page is not None and page.feed:  # a feed reader runs no script: the fences, stacked
        return f'<div class="code-tabs" data-group="{group}" data-label="{label}">\n'
    names = html.escape(" ".join(tab_token(name) for name in meta["names"]))
    opening = (f'<div class="code-tabs" data-group="{group}" data-tabs="{names}"'
               f' data-label="{label}">\n')
    # Buttons alone: the script gives them their roles (tab, tab list, tab panel) as it makes
    # them work; until then they are no tabs to a screen reader, and without it not shown.
    # (apart without the stylesheet, "PythonC++" in a text browser: the tab row leaves the
    # spaces out)
    tabs = " ".join(f'<button class="code-tab" type="button"'
                    f' data-tab="{html.escape(tab_token(name))}">{html.escape(name)}</button>'
                    for name in meta["names"])
    return f'{opening}<div class="code-tablist" hidden>{tabs}</div>\n'

