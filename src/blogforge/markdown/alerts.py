"""Callouts: GitHub's alert syntax, with Obsidian's folding and custom titles.

    > [!NOTE]                      a note with the localized label ("说明" / "Note")
    > [!TIP] Use a deque           a tip titled "Use a deque"
    > [!warning]- Spoiler          folded (a <details> the reader opens); `+` starts it open

The marker is the first line of a blockquote; the type is case-insensitive. GitHub's five types
have their own colour, icon and label; Obsidian's other types (info, example, danger…) borrow
the closest of the five and show their own name unless a title is given. This is the only way
callouts are produced: other notations (Hexo `{% note %}`, Hugo `{{% notice %}}`) are rewritten
to it before parsing.

A markdown-it core rule that runs before inline parsing, so a custom title is parsed like any
inline text (math and code in it work).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_MARKER = re.compile(r"^\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*(.*)$")
_LABEL = re.compile(r"[ \t]*\{#([\w:.-]+)\}[ \t]*$")  # a theorem's, from fenced_divs.py

KINDS = ("note", "tip", "important", "warning", "caution")
# Obsidian's types, shown as the GitHub type that means the same to a reader.
_ALIASES = {
    "info": "note", "todo": "note", "abstract": "note", "summary": "note", "tldr": "note",
    "example": "note", "quote": "note", "cite": "note",
    "hint": "tip", "success": "tip", "check": "tip", "done": "tip", "question": "tip",
    "help": "tip", "faq": "tip",
    "attention": "warning",
    "danger": "caution", "error": "caution", "failure": "caution", "fail": "caution",
    "missing": "caution", "bug": "caution",
}

# Quarto's theorems and their like (fenced_divs.py makes `[!THEOREM] ELBO` of them), drawn as
# the callout that looks the part, titled with their kind's name in the page's language
_THEOREMS = {"theorem": "important", "lemma": "important", "corollary": "important",
             "proposition": "important", "conjecture": "important", "definition": "note",
             "remark": "note", "proof": "note", "example": "tip", "exercise": "tip",
             "solution": "tip"}
THEOREM_NAMES = frozenset(_THEOREMS)

# Drawn for this theme on a 16×16 grid, stroked in the callout's colour.
_ICON_PATHS = {
    "note": '<circle cx="8" cy="8" r="6.5"/><path d="M8 7.2v4.3M8 4.6v.4"/>',
    "tip": '<path d="M5.6 10.6C4.3 9.7 3.6 8.4 3.6 7a4.4 4.4 0 0 1 8.8 0c0 1.4-.7 2.7-2 3.6v1.2'
           'H5.6z"/><path d="M6.2 14.2h3.6"/>',
    "important": '<path d="M2 3h12v8.2H7.4L4.4 14v-2.8H2z"/><path d="M8 5v3M8 9.6v.2"/>',
    "warning": '<path d="M8 1.9 14.6 13.6H1.4z"/><path d="M8 6.2v3.6M8 11.4v.2"/>',
    "caution": '<path d="M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z"/>'
               '<path d="M8 4.7v4.1M8 10.8v.2"/>',
}


def alerts_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "alerts", _find_alerts)
    md.add_render_rule("callout_open", _render_open)
    md.add_render_rule("callout_title_open", _render_title_open)
    md.add_render_rule("callout_title_close", _render_title_close)
    md.add_render_rule("callout_close", _render_close)


def icon(kind: str) -> str:
    return (f'<svg class="callout-icon" viewBox="0 0 16 16" width="16" height="16" '
            f'aria-hidden="true" focusable="false">{_ICON_PATHS[kind]}</svg>')


def _find_alerts(state: StateCore) -> None:
    tokens = state.tokens
    numbers: dict[str, int] = {}  # (a labelled theorem's number, each kind's own count)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (token.type == "blockquote_open" and index + 2 < len(tokens)
                and tokens[index + 1].type == "paragraph_open"
                and tokens[index + 2].type == "inline"):
            inline = tokens[index + 2]
            first, _, rest = inline.content.partition("\n")
            match = _MARKER.match(first.strip())
            if match:
                _make_callout(tokens, index, match, rest, state.env.get("t"), numbers)
        index += 1


def _make_callout(tokens: list[Token], index: int, match: re.Match[str], rest: str,
                  strings: Callable[..., str] | None, numbers: dict[str, int]) -> None:
    name, fold, title = match.group(1).lower(), match.group(2), match.group(3).strip()
    kind = name if name in KINDS else _ALIASES.get(name, "note")
    meta: dict = {"kind": kind, "fold": fold, "name": name}
    if name in _THEOREMS:  # (its kind's name in the page's language, before its own name)
        kind = meta["kind"] = _THEOREMS[name]
        label = strings(f"callout_{name}") if strings else name.capitalize()
        if found := _LABEL.search(title):  # Quarto's `{#thm-elbo}`: numbered, a link's target
            title = title[:found.start()].rstrip()
            numbers[name] = numbers.get(name, 0) + 1
            label = meta["numbered"] = f"{label} {numbers[name]}"
            meta["id"] = found.group(1)
        # (the kind said before a title, its icon's in words: none where the title names it)
        meta["said"] = None
        if not title:
            title = label
        elif "numbered" not in meta and _names_its_kind(title, name, strings):
            pass  # (`[!proof] 证明`, `[!theorem] Theorem 1 (Bayes)`: not "Theorem (Theorem 1 …)")
        elif name not in _ALIASES:  # (Obsidian's [!example] Title is titled as written)
            title = strings("callout_named", label=label, name=title) if strings \
                else f"{label} ({title})"
        else:
            meta["said"] = name
    opening = tokens[index]
    closing = _matching_close(tokens, index)
    opening.type, opening.tag, opening.meta = "callout_open", "div", meta
    closing.type, closing.tag, closing.meta = "callout_close", "div", meta

    inline = tokens[index + 2]
    if rest.strip():
        inline.content = rest
        if inline.map:  # (its text starts a line later now: what is said about it, at its line)
            inline.map = [inline.map[0] + 1, inline.map[1]]
    else:  # the marker was the whole paragraph
        del tokens[index + 1: index + 4]

    title_open = Token("callout_title_open", "p", 1, meta=meta)
    title_close = Token("callout_title_close", "p", -1, meta=meta)
    title_tokens = [title_open]
    if title:
        title_inline = Token("inline", "", 0, content=title, children=[])
        title_inline.map = opening.map
        title_tokens.append(title_inline)
    elif name not in KINDS and name not in ("info", "todo"):  # Obsidian shows the type's name
        meta["label"] = name.replace("-", " ").capitalize()
    title_tokens.append(title_close)
    meta["titled"] = bool(title)
    tokens[index + 1: index + 1] = title_tokens


def _names_its_kind(title: str, name: str, strings: Callable[..., str] | None) -> bool:
    """Whether a theorem's title starts with its kind's name, in the page's language or in
    English, as a word (`定理 2（Bayes）`, `Proof`; not `Theorematic`, `例如…`)."""
    names = {name}
    if strings is not None:
        names.add(strings(f"callout_{name}"))
        english = getattr(strings, "fallback", {}).get(f"callout_{name}")
        if english:
            names.add(english)
    folded = title.casefold()
    return any(re.match(rf"{re.escape(word.casefold())}(?:$|[\s\d:：,，.。(（—-])", folded)
               for word in names)


def _matching_close(tokens: list[Token], index: int) -> Token:
    depth = 0
    for token in tokens[index:]:
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
            if depth == 0:
                return token
    return tokens[-1]  # markdown-it always closes a blockquote; never reached


def _is_feed(env: dict) -> bool:
    page = env.get("page")
    return bool(page is not None and page.feed)


def _render_open(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    meta = tokens[idx].meta
    if _is_feed(env):  # feed readers drop classes and SVG: a quote with a bold title reads well
        return "<blockquote>\n"
    attrs = f'class="callout callout-{meta["kind"]}" data-callout="{html.escape(meta["name"])}"'
    if meta.get("id"):
        attrs = f'id="{html.escape(meta["id"])}" {attrs}'
    if meta["fold"]:
        return f'<details {attrs}{" open" if meta["fold"] == "+" else ""}>\n'
    return f"<div {attrs}>\n"


def _render_title_open(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    meta = tokens[idx].meta
    feed = _is_feed(env)
    if feed:
        start = "<p><strong>"
    elif meta["fold"]:
        start = f'<summary class="callout-title">{icon(meta["kind"])}'
    else:
        start = f'<p class="callout-title">{icon(meta["kind"])}'
    strings = env.get("t")
    if meta["titled"]:
        # A custom title ("Characters as indices in C++") says nothing of its kind, which the
        # icon and colour show: it is said in words before it, for a screen reader, a text
        # browser, a reader mode (visually hidden on the page) and a feed (where it shows).
        said = meta.get("said", meta["kind"])
        if said is None:
            return start
        label = strings(f"callout_{said}") if strings else said.capitalize()
        title = tokens[idx + 1].content.casefold() if idx + 1 < len(tokens) else ""
        if any(re.match(rf"{re.escape(word.casefold())}(?:$|[\s:：,，.。—-])", title)
               for word in (label, said)):
            return start  # (`[!WARNING] 警告：不要这样` says it already: not "警告：警告："; a
            # word that only starts the same, `[!TIP] 提示词工程`, does not)
        kind = html.escape(strings("callout_kind", label=label) if strings else f"{label}: ")
        return start + (kind if feed else f'<span class="visually-hidden">{kind}</span>')
    label = meta.get("label") or (strings(f"callout_{meta['kind']}") if strings
                                  else meta["kind"].capitalize())
    return start + html.escape(label)


def _render_title_close(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    if _is_feed(env):
        return "</strong></p>\n"
    return '</summary>\n<div class="callout-body">\n' if tokens[idx].meta["fold"] else "</p>\n"


def _render_close(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    if _is_feed(env):
        return "</blockquote>\n"
    return "</div>\n</details>\n" if tokens[idx].meta["fold"] else "</div>\n"
