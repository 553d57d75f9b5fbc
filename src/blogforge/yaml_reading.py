"""Reading YAML with PyYAML (libyaml's parser when PyYAML was built with it), keeping the line
of every key: imported by `yamlfile.parse_yaml` at the first YAML a process reads."""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from blogforge.merge_conflicts import merge_conflict
from blogforge.yamlfile import (
    MAX_ALIAS_VALUES,
    KeyPath,
    YamlDocument,
    YamlDuplicateKey,
    YamlSyntaxError,
    YamlTooManyAliases,
)

# libyaml's parser when PyYAML was built with it: front matter of every post passes through here.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type, misc]
    """SafeLoader that keeps dates as text: the loader parses dates itself, with time zones."""


# PyYAML turns `2024-05-01` into a date and drops zones of timestamps; dates are ours to parse.
# A lone `=` it takes for YAML 1.1's "value" key, which no loader of its constructs: `tags:
# [=, ≠]` was broken YAML ("could not determine a constructor"); it is text, as in YAML 1.2.
_NOT_RESOLVED = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_RESOLVED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# A key at a line's start followed by a Chinese keyboard's colon (`title：注意力`): YAML's
# complaint named the next line, or it took the whole line for a value
_CHINESE_COLON = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*：", re.M)


def chinese_colon(text: str, by_line: int | None = None) -> tuple[str, int] | None:
    """What to say of YAML that is no mapping or is broken where a key is written with a
    Chinese colon (at or above `by_line`, 1-based, where the parser gave up), and its line;
    None when there is none. Asked only then: a quoted value's line may start `x：`."""
    if "：" not in text:
        return None
    found = _CHINESE_COLON.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    if by_line is not None and line > by_line:
        return None
    key = found.group(1)
    return (f"`{key}：` is written with a Chinese colon (：); YAML knows a key by an English "
            f"colon and a space: write `{key}: `"), line


def flow_text(text: str) -> str:
    """`text` as a value of a one-line mapping a message suggests (`{name: 友链, url: link/}`):
    as written when YAML reads it back so, else quoted. `FAQ: 常见问题` unquoted is no YAML,
    `*` an alias, `a, b` two entries, `yes` a boolean."""
    import json

    try:
        if yaml.safe_load(f"{{k: {text}}}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # (JSON's string is a double-quoted YAML one)


def read_document(text: str) -> YamlDocument:
    """Parse one YAML document; raise YamlSyntaxError with a line number on broken input."""
    if (conflict := merge_conflict(text)) is not None:  # (not YAML's own complaint at it)
        raise YamlSyntaxError(conflict.message(), conflict.start)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            if "*" in text:  # (no alias without one: most front matter is not walked)
                _check_aliases(node)  # (first: the walks after it are walks of the expansion)
            _check_unique_keys(node)  # (before PyYAML merges `<<:` mappings into the nodes)
            if "!" in text:  # (no tag without one)
                _check_tags(node, text)
            if "\\" in text and '"' in text:
                _check_tex_escapes(node, text)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct opened (a `[` never closed); the problem
        # mark is often the line after it, where the parser gave up.
        mark = exc.context_mark or exc.problem_mark
        if (colon := chinese_colon(text, mark.line + 2 if mark else None)) is not None:
            raise YamlSyntaxError(*colon) from None
        problem = _escape_advice(text, exc) or _plain_advice(text, exc)
        if problem is None:
            problem = exc.problem or str(exc)
            if exc.context:
                problem = f"{problem} ({exc.context})"
        raise YamlSyntaxError(problem, mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:
        # (a control character: its position is a character index, the error has no mark)
        problem = (f"control character U+{exc.character:04X} is not allowed here"
                   if isinstance(exc.character, int) else str(exc))
        raise YamlSyntaxError(problem, text.count("\n", 0, exc.position) + 1) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), None) from None
    except RecursionError:  # (PyYAML builds nested values recursively; libyaml allows 1000)
        raise YamlSyntaxError("lists or mappings nested too deeply", None) from None
    finally:
        loader.dispose()
    if node is None:
        return YamlDocument(data, {})
    words = _yaml11_words(node) if _YAML11_BOOLEAN.search(text) or _BASE_60.search(text) \
        or _DIGITS_LOST_IN.search(text) else {}
    return YamlDocument(data, _collect_lines(node), words)


# The words YAML 1.1 (PyYAML) reads as booleans besides true and false, and the times it
# reads as numbers in base 60 (`12:30` is 750): Hexo's and Hugo's readers (YAML 1.2) keep
# them as text.
_YAML11_BOOLEAN = re.compile(r"\b(?:[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF)\b")
_BASE_60 = re.compile(r"\d:[0-5]?\d")
# Numbers whose written digits YAML 1.1's reading loses: an octal-looking `0072` (a LeetCode
# problem's number) is 58, `0x1F` 31, `1_000` 1000, a version's `3.10` 3.1. Where text is meant
# (`slug: 0072`, `tags: [3.10]`) the writer meant the digits. (`_DIGITS_LOST_IN` only decides
# whether a document's scalars are looked at.)
_DIGITS_LOST_IN = re.compile(r"(?<![\w.:-])[-+]?0[\dxXbB_]|\d_\d|\.\d+0\b")
_DIGITS_LOST = re.compile(r"[-+]?0[\dxXbB_].*|.*\d_\d.*|[-+]?[\d_]*\.\d+0")
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _yaml11_words(root: yaml.Node) -> dict[KeyPath, str]:
    """What was written for each boolean that is not true/false, each base-60 time and each
    number whose digits the reading loses: the keys whose values are text take the text
    (frontmatter.TEXT_KEYS), and a base-60 time stays text under any key."""
    return {path: node.value for node, path in _nodes(root)
            if isinstance(node, yaml.ScalarNode) and not node.style
            and (node.tag == "tag:yaml.org,2002:bool"
                 and node.value.lower() not in ("true", "false")
                 or node.tag in _NUMBER_TAGS
                 and (":" in node.value or _DIGITS_LOST.fullmatch(node.value) is not None))}


def _plain_advice(text: str, exc: yaml.MarkedYAMLError) -> str | None:
    """What to do about the two mistakes of writers who come from Hexo and Hugo and whose
    cause PyYAML's words do not name: a tab in the indent, and `: ` inside a value
    (`title: 注意力: 从零开始`). None for any other error."""
    mark = exc.problem_mark
    if mark is None or mark.index is None or mark.index >= len(text):
        return None
    if text[mark.index] == "\t":
        return "a tab: YAML indents with spaces only (replace the tab with spaces)"
    if text[mark.index] == ":" and "mapping values are not allowed" in (exc.problem or ""):
        line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        written = re.match(r"(\s*(?:- )?[^\s:#][^:]*?):\s+(.*?)\s*$", line)
        if written is None:
            return None
        key, value = written.groups()
        quoted = f'"{value}"' if '"' not in value and "\\" not in value else \
            "'" + value.replace("'", "''") + "'"  # (in single quotes, ' is written '')
        return (f"`: ` inside a value, which YAML reads as a new key: put the value in quotes, "
                f"`{key.strip()}: {quoted}`")
    return None


# What libyaml (and PyYAML) say of a backslash in double quotes that is no YAML escape:
# TeX's `\mathcal` (unknown escape) or `\underline`, `\xi` (`\u`, `\x` want hex digits).
_BAD_ESCAPE = ("unknown escape character", "hexdecimal number", "hexadecimal numbers")
_TEX_WORD = re.compile(r"\\(?:[A-Za-z]+|.)", re.S)


def _escape_advice(text: str, exc: yaml.MarkedYAMLError) -> str | None:
    """What to do about a backslash in a double-quoted value, which YAML reads as an escape:
    writers copy TeX into `title: "…"` and PyYAML's own words do not say why it is wrong.
    None for any other error."""
    mark = exc.problem_mark
    if mark is None or not any(words in (exc.problem or "") for words in _BAD_ESCAPE):
        return None
    # The mark is on the backslash (libyaml) or a character or two after it (PyYAML)
    start = text.rfind("\\", 0, mark.index + 1)
    word = _TEX_WORD.match(text, start) if start >= 0 else None
    if word is None:
        return None
    return _double_quotes_advice(word.group(), _quoted_around(text, start))


def _quoted_around(text: str, index: int) -> str:
    """The double-quoted value that holds `text[index]`, quotes included, as far as it goes
    (up to the end of the text when nothing closes it)."""
    opening = index
    while opening > 0:
        opening = text.rfind('"', 0, opening)
        if opening < 0 or not _escaped(text, opening):
            break
    closing = index
    while True:
        closing = text.find('"', closing + 1)
        if closing < 0 or not _escaped(text, closing):
            break
    return text[max(opening, 0):closing + 1 if closing >= 0 else len(text)]


def _escaped(text: str, index: int) -> bool:
    """Whether an odd number of backslashes stands before `text[index]`."""
    backslashes = index - len(text[:index].rstrip("\\"))
    return backslashes % 2 == 1


def _double_quotes_advice(tex: str, value: str) -> str:
    # In single quotes a backslash is itself, and an apostrophe is written twice: a title
    # such as "Bayes' rule $\mathcal{L}$" needs both, and YAML's own error would not say so.
    apostrophe = ", each ' in it written ''" if "'" in value else ""
    return (f"`{tex}` in double quotes, where a backslash starts an escape (`\\n`, `\\t`): "
            f"write the value in single quotes ('…'{apostrophe}) or double each backslash "
            f"(`\\{tex}`)")


# YAML escapes that are a letter, as TeX commands begin: `\theta` is a tab and "heta",
# `\nabla` a new line, `\beta` a backspace, `\alpha` a bell, `\Phi` a paragraph separator.
_LETTER_ESCAPES = frozenset("abefnrtvLNP")
_BACKSLASH_PAIR = re.compile(r"\\(.)", re.S)
_FORMULA = re.compile(r"(\${1,2})(.+?)\1", re.S)  # (`$…$` or `$$…$$`)


# Where a value is all TeX, no `$` around it: site.yaml's `math: {macros: {'\\tr': "…"}}`.
_TEX_VALUES = ("math", "macros")


def _check_tex_escapes(root: yaml.Node, text: str) -> None:
    """Raise YamlSyntaxError for a TeX command between `$`s of a double-quoted value: YAML
    reads `"$\\theta$"` without complaint as a tab followed by "heta", and the title shows
    `$ heta$`. Outside a formula such an escape may be meant (`"line\\nbreak"`); a macro's
    value and name (`"\\text{tr}"`, a tab and "ext{tr}") are TeX throughout."""
    for node, path in _nodes(root):
        if isinstance(node, yaml.MappingNode) and path == _TEX_VALUES:
            checked = [(key, True) for key, _ in node.value]
        else:
            checked = [(node, path[:-1] == _TEX_VALUES)]
        for scalar, all_tex in checked:
            if not isinstance(scalar, yaml.ScalarNode) or scalar.style != '"':
                continue
            written = text[scalar.start_mark.index:scalar.end_mark.index]
            formulas = [written] if all_tex else \
                [found.group(2) for found in _FORMULA.finditer(written)]
            for formula in formulas:
                word = _tex_escape(formula)
                if word is not None:
                    raise YamlSyntaxError(_double_quotes_advice(word, written),
                                          scalar.start_mark.line + 1)


def _tex_escape(formula: str) -> str | None:
    """The first TeX command in `formula` (as written in double quotes) that YAML reads as
    an escape, or None."""
    for pair in _BACKSLASH_PAIR.finditer(formula):  # (left to right: `\\` is one backslash)
        letters = _TEX_WORD.match(formula, pair.start())
        if pair.group(1) in _LETTER_ESCAPES and letters and len(letters.group()) > 2:
            return letters.group()
    return None


def _nodes(root: yaml.Node) -> Iterator[tuple[yaml.Node, KeyPath]]:
    """Each node below `root` with its key path, once: an alias repeats a node without copying
    it (nine aliases of nine aliases… would be walked billions of times). Without recursion:
    libyaml nests up to 1000 deep."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node, path
        children: list[tuple[yaml.Node, KeyPath]] = []
        if isinstance(node, yaml.MappingNode):
            children = [(value, (*path, str(key.value))) for key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = [(item, (*path, str(index))) for index, item in enumerate(node.value)]
        stack.extend(reversed(children))  # (taken in the order they are written)


def _check_aliases(root: yaml.Node, limit: int = MAX_ALIAS_VALUES) -> None:
    """Raise YamlTooManyAliases when aliases repeat more than `limit` values in all, or one
    is inside the value it names; at the line of the key (or list) that holds that alias.

    A composed document is a graph: an alias is the node of its anchor met once more. Walked
    in the order it is written, a node is written where it is met first, and each later
    meeting is an alias, which repeats every value the node holds (worked out once per node,
    so the check costs the text, not the expansion). Without recursion, as `_nodes`."""
    sizes: dict[int, int] = {}  # id(node) -> the values it holds written out, itself included
    inside: set[int] = set()  # the nodes the walk is in (their sizes are not complete yet)
    repeated = 0
    stack: list[tuple[yaml.Node, int, Iterator[tuple[yaml.Node, int | None]]]] = []

    def enter(node: yaml.Node, line: int) -> None:
        inside.add(id(node))
        sizes[id(node)] = 1
        stack.append((node, line, _children(node)))

    enter(root, root.start_mark.line + 1)
    while stack:
        node, line, children = stack[-1]
        child, key_line = next(children, (None, None))
        if child is None:
            stack.pop()
            inside.discard(id(node))
            if stack:
                sizes[id(stack[-1][0])] += sizes[id(node)]
            continue
        if id(child) not in sizes:
            enter(child, key_line or child.start_mark.line + 1)
            continue
        # An alias: its own place is lost in the graph (it has its anchor's), so it is named
        # by its key, or by the list it is an item of.
        where = key_line or line
        if id(child) in inside:
            raise YamlTooManyAliases("too many alias expansions: an alias (*name) inside the "
                                     "value it names would repeat it for ever", where)
        repeated += sizes[id(child)]
        sizes[id(node)] += sizes[id(child)]
        if repeated > limit:
            raise YamlTooManyAliases(
                f"too many alias expansions: the aliases (*name) up to here repeat more than "
                f"{limit:,} values (aliases of lists of aliases multiply at each level); "
                "write fewer aliases", where)


def _children(node: yaml.Node) -> Iterator[tuple[yaml.Node, int | None]]:
    """A node's keys, values and items in the order they are written; keys and values with
    the line of the key."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            key_line = key.start_mark.line + 1
            yield key, key_line
            yield value, key_line
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield item, None


def _collect_lines(root: yaml.Node) -> dict[KeyPath, int]:
    """The line of each key and list item."""
    lines: dict[KeyPath, int] = {}
    for node, path in _nodes(root):
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                lines[(*path, str(key.value))] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, str(index))] = item.start_mark.line + 1
    return lines


# The types YAML's tags may name that are plain data (`!!str 12`, `!!float 1`, a date's
# `!!timestamp`); `!!merge` is `<<:`'s, which PyYAML refuses elsewhere.
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in (
    "str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge"))
# What to write instead of the other types of YAML's own
_TYPE_ADVICE = {
    "set": "a set keeps no order (two builds of one differed): write a list, `[a, b]`",
    "omap": "write a mapping, `{a: 1, b: 2}`: its order is kept",
    "pairs": "write a list of mappings, `[{a: 1}, {a: 2}]`",
    "binary": "bytes are no text: write the text, or put the file in static/ and name it",
}


def _check_tags(root: yaml.Node, text: str) -> None:
    """Raise YamlSyntaxError at the first value or key whose tag names no plain data: PyYAML
    made a set of `!!set {a.png, b.png}`, whose order (and the page made of it) changed from
    one build to the next, bytes of `!!binary`, tuples of `!!omap`; it refused the tags it
    has no type for (`!!python/tuple`, `!important`) in words that named no way out."""
    for node, _ in _nodes(root):
        keys = [key for key, _ in node.value] if isinstance(node, yaml.MappingNode) else []
        for tagged in (node, *keys):
            if tagged.tag not in _PLAIN_TAGS:
                raise YamlSyntaxError(_tag_refused(tagged, text), tagged.start_mark.line + 1)


def _tag_refused(node: yaml.Node, text: str) -> str:
    kind = node.tag.removeprefix("tag:yaml.org,2002:")
    if kind != node.tag:
        advice = _TYPE_ADVICE.get(kind)
        if advice is None:
            why = "a Python object is never made of a site's files" \
                if kind.startswith("python/") else "it is no plain data"
            advice = f"{why}: write text, numbers, lists and mappings"
        return f"`!!{kind}` is a YAML type blogforge does not read: {advice}"
    shown = node.tag if node.tag.startswith("!") else f"!<{node.tag}>"
    written = text[node.start_mark.index:node.end_mark.index]
    quoted = f", `'{written}'`" if isinstance(node, yaml.ScalarNode) and "\n" not in written \
        and "'" not in written else ""
    return (f"`{shown}` is a YAML tag, which blogforge does not read: a text that starts "
            f"with `!` is written in quotes{quoted}")


def _check_unique_keys(root: yaml.Node) -> None:
    """Raise YamlDuplicateKey for the first key written twice in one mapping."""
    for node, _ in _nodes(root):
        if not isinstance(node, yaml.MappingNode):
            continue
        first: dict[tuple[str, str], yaml.Node] = {}  # (tag, text) of a key -> that key
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                continue  # (`<<: *base` merges another mapping in, and may be written twice)
            known = first.setdefault((key.tag, key.value), key)
            if known is not key:
                raise YamlDuplicateKey(key.value, key.start_mark.line + 1,
                                       known.start_mark.line + 1)
