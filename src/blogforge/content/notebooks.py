"""Jupyter notebooks (`.ipynb`) as posts: a notebook made into the Markdown of a post.

Why Markdown: everything a post gets — front matter, its title and URL, language, excerpt,
math, highlighting, links, feeds, search, the body cache — is made from a post's Markdown text.
A notebook turned into that text gets all of it the same way, from one rendering path, and a
notebook post keeps working as the rest of the pipeline changes. What Markdown cannot say (a
picture's bytes) is returned beside the text: files the build publishes beside the post's page.

What a notebook (nbformat 4, read with the standard library's `json`: nbformat would validate
it with jsonschema, which this needs no more than a Markdown post needs a linter) becomes:

- its front matter: Quarto's, a first cell (raw or Markdown) that is a `---` YAML block (or
  the first such cell before any code: below a Colab badge, or below it in the same cell),
  and the notebook's `metadata.title` where that gives no title; no text at all for a
  notebook never written in (the loader holds it back, as an empty note);
- a Markdown cell: as written, its pasted pictures (`attachment:image.png`, Colab's `data:`
  URLs) published as files;
  a raw cell: as written when it is Markdown or HTML (nbconvert's rule), else left out;
- a code cell: fenced code in the notebook's language (IPython's, `ipython3`, for a Python
  cell of shell lines and magics), as a Colab form shows it in a notebook Colab wrote (its
  `#@title` the code's label, folded in the form's view, its `#@markdown` as Markdown, its
  `#@param {…}` left off; in another notebook, comments as written), then its outputs, each
  in a block of its own (`nb-output`, styled by the theme): text (stdout, stderr marked, a
  result's `text/plain`, a traceback without its terminal colours) as an `output` fence,
  pictures as image files named by their bytes' digest (the same bytes, the same name: an
  incremental build writes what a clean one does), HTML (a pandas table) without scripts,
  styles and buttons (a frame a link to its page; its text where nothing else of it shows),
  LaTeX and Markdown as text the Markdown stage renders (their raw HTML cleaned as HTML
  output is); each output's HTML balanced, so that nothing of it reaches past its block;
- cells hidden as Jupyter Book and Quarto hide them: the tags `remove-cell`, `remove-input`,
  `remove-output`, `hide-input`/`hide-output`/`hide-cell` (folded in a `<details>`, as Jupyter
  Book shows them), and Quarto's `#| echo: false`, `#| output: false`, `#| include: false`,
  `#| code-fold: true` at the top of a code cell (the `#|` lines are never shown; its
  `fig-cap` and `fig-alt` caption and describe the cell's pictures).

Nothing here raises for a notebook's content: what cannot be shown is left out and said, by
cell (`Notebook.problems`); only a file that is no notebook at all raises `NotANotebook`.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import html
import io
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from blogforge.fingerprint import digest
from blogforge.markdown.html_text import ENDS_PARAGRAPH, VOID_TAGS

# An output longer than this many lines shows its first HEAD and last TAIL lines, with a note
# between: a training loop's 50,000 lines of progress made a page no one could scroll (and the
# end of a log, its last loss or its exception, is what a reader looks for).
MAX_LINES, HEAD, TAIL = 500, 300, 100
MAX_LINE_CHARS = 2_000  # a line longer than this (a tensor printed whole) is cut
MAX_HTML_CHARS = 1_000_000  # HTML output larger than this is not put in a page
FOLD_AFTER = 20  # output lines: a longer output is folded (the theme's "show all" button)

# Notes in the page's language, which is known only after the text is made (from its front
# matter, its file name or its prose): written as marks, put in words by `in_language`.
_MARK = re.compile("\ue020([a-z]+)(?::([0-9]+))?\ue021")
_WORDS = {
    "en": {"cut": "⋯ {n} more lines not shown (an output longer than {max} lines shows its "
                  "first {head} and last {tail}) ⋯",
           "code": "Code", "output": "Output"},
    "zh": {"cut": "⋯ 省略 {n} 行（输出超过 {max} 行时只显示前 {head} 行和后 {tail} 行）⋯",
           "code": "代码", "output": "输出"},
    "zh-Hant": {"cut": "⋯ 省略 {n} 行（輸出超過 {max} 行時只顯示前 {head} 行和後 {tail} 行）⋯",
                "code": "程式碼", "output": "輸出"},
    "ja": {"cut": "⋯ {n} 行を省略（{max} 行を超える出力は最初の {head} 行と最後の {tail} "
                  "行のみ表示）⋯",
           "code": "コード", "output": "出力"},
}

# Terminal colours and cursor moves (IPython's tracebacks are full of them), OSC titles
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_OPTION = re.compile(r"^[ \t]*(?:#|//|--|%)\|[ \t]?(.*)$")
_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?)^---[ \t]*(?:\n|\Z)", re.S | re.M)
# A YAML block in a Markdown cell below other text and a blank line
_BELOW = re.compile(r"\n[ \t]*\n---[ \t]*\n(?![ \t]*\n)(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)",
                    re.S | re.M)
_TITLE_KEY = re.compile(r"^title[ \t]*:", re.M)
# The name an editor gives a new notebook: Jupyter's `Untitled.ipynb`, `Untitled1.ipynb`
# (Chinese Jupyter's `未命名.ipynb`, `未命名1.ipynb`), Colab's `Untitled3.ipynb`, VS Code's
# `Untitled-1.ipynb`, and their copies (JupyterLab's `Untitled-Copy1.ipynb`, Colab's `Copy of
# Untitled0.ipynb`)
_NEW_NOTEBOOK = re.compile(r"(?:Copy of )?(?:Untitled|未命名)(?:-?[0-9]+)?(?:-Copy[0-9]*)?"
                           r"\.ipynb", re.I)
# A Markdown `# ` heading (which names a post without a `title:`) and a fence, as loader.py
# reads them
_H1 = re.compile(r"^#\s+\S")
_FENCE_LINE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# What `convert` writes of its own in the Markdown of a notebook (`written_text`)
_WRITTEN = re.compile(r"\ue020[^\ue021]*\ue021|(?<=\))\{(?:#[\w-]+ ?)?(?:width=\d+ height=\d+)?\}"
                      r"|&#123;")
# A pasted picture: Markdown's `![alt](attachment:name "title")` (its size is added after it),
# or any other `attachment:name` (in raw HTML's `src`)
_ATTACHMENT = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\(\s*attachment:(?P<name>[^)\s]+)"
                         r"(?P<title>\s+\"[^\"\n]*\")?\s*\)"
                         r"|attachment:(?P<name2>[^)\s\"'>]+)")
# A picture pasted as Colab pastes one: its bytes a `data:` URL in the Markdown image
# (`![image.png](data:image/png;base64,…)`), or in the `src` of raw HTML's `<img>`
_PASTED = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\(\s*<?(?P<url>data:[^)\s>]*)>?"
                     r"(?P<title>\s+\"[^\"\n]*\")?\s*\)(?P<size>\{[^}\n]*\})?"
                     r"|<img\b[^>]*>", re.I)
_DATA_SRC = re.compile(r"(\ssrc\s*=\s*)([\"']?)(data:[^\"'\s>]*)\2", re.I)
_HTML_SIZE = re.compile(r"\s(width|height)\s*=\s*[\"']?\s*([0-9]*)", re.I)
# Colab's forms: a cell's title (with its options in braces, `{ display-mode: "form" }`),
# Markdown shown in the form, a variable's field (`lr = 0.01 #@param {type:"number"}`);
# Colab writes `#@title`, and lately `# @title`
_FORM_TITLE = re.compile(r"^[ \t]*#[ \t]?@title\b[ \t]*([^{}\n]*?)[ \t]*(\{[^\n]*\})?[ \t]*$")
_FORM_MARKDOWN = re.compile(r"^[ \t]*#[ \t]?@markdown\b[ \t]?(.*)$")
_FORM_PARAM = re.compile(r"[ \t]*#[ \t]?@param\b.*$")
# A line IPython reads as no Python does (a shell line, a magic, help): a code cell holding
# one is highlighted as IPython's (`ipython3`, as nbconvert does: Python's lexer marks each `!`
# and `%` an error, a red box), the others as Python. A shell line's `!` is no `!=` (Black
# starts a comparison's next line with `!= b`), as in ipython_lexer.py
_IPYTHON_LINE = re.compile(r"^[ \t]*(?:!(?!=)|%%?[A-Za-z]|\?\??[\w.*]+[ \t]*$)"
                           r"|^[ \t]*[\w.*]+\?\??[ \t]*$"
                           r"|^[ \t]*[\w.]+[ \t]*=[ \t]*(?:!(?!=)|%[A-Za-z])", re.M)
_BACKTICKS = re.compile(r"`+")
_DATA_URI = re.compile(r"data:(image/(?:png|jpeg|gif|webp|svg\+xml));base64,([A-Za-z0-9+/=\s]+)",
                       re.I)

# The output MIME types shown, best first (JupyterLab's order); HTML that needed its scripts
# comes after the pictures, which a plotting library often saves beside it.
_PICTURES = {"image/svg+xml": ".svg", "image/png": ".png", "image/jpeg": ".jpg",
             "image/gif": ".gif", "image/webp": ".webp"}
_SIGNATURES = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8",),
               ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",)}
_CHARTS = ("application/vnd.vega",)  # (Altair's charts: its text is `alt.Chart(...)`)
# The text a displayed object has for a richer output: its repr (`<IPython.core.display.HTML
# object>`, `<IPython.lib.display.IFrame at 0x7f…>`, `<Figure size 640x480 with 1 Axes>`)
_STAND_IN = re.compile(r"\A(?:<[^<>\n]*>|[\w.]+\(\.\.\.\))\Z")
_INTERACTIVE = ("application/vnd.jupyter.widget-view+json", "application/javascript",
                "application/vnd.plotly.v1+json", "application/vnd.bokehjs_exec.v0+json")

# What a progress bar widget shows as text: tqdm's bar (`40%|████ | 40/100 [00:02<00:03,
# 19.6it/s]`), ipywidgets' repr of one (`FloatProgress(value=0.0, max=100.0)`, or tqdm's
# `HBox(children=(HTML(…), FloatProgress(…), …))`)
_PROGRESS_TEXT = re.compile(r"\d%\||\|\s*\d+/\d+\s*\[|\b(?:Float|Int)Progress\(")


class NotANotebook(Exception):
    """The file is no notebook this can read: the message says why, `line` where if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Notebook:
    """A notebook as a post's Markdown, the files its pictures are, and what could not be
    shown."""

    text: str  # front matter and body, as a Markdown post is written
    files: dict[str, bytes] = field(default_factory=dict)  # name -> bytes, beside the page
    problems: list[str] = field(default_factory=list)  # warnings: "cell 3: …"
    cells: list[tuple[int, int]] = field(default_factory=list)  # (first line, cell number)

    def cell_at(self, line: int) -> int | None:
        """The number of the cell line `line` of `text` was made from; None for line 1 and
        the front matter made of the notebook's metadata (the file as a whole)."""
        found = None
        for first, number in self.cells:
            if first > line:
                break
            found = number
        return found if line > 1 else None


def convert(text: str, name: str | None = None) -> Notebook:
    """The notebook whose JSON is `text` as a post's Markdown; `NotANotebook` for a file that
    is none (not JSON, no cells, nbformat 3). `name`: its file's name (`Untitled3.ipynb`),
    which titles a notebook of no title; not given, the name Colab saved in it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # (json's words end where its position would follow: "Unterminated string starting
        # at", "Invalid control character at")
        said = re.sub(r"\s+(?:starting\s+)?at$", "", exc.msg)
        said = said[:1].lower() + said[1:]
        raise NotANotebook(f"not a notebook: its JSON is broken here ({said} at line "
                           f"{exc.lineno}, column {exc.colno}); was it saved whole?",
                           exc.lineno) from None
    if not isinstance(data, dict):
        raise NotANotebook("not a notebook: its JSON is no object with `cells`")
    version = data.get("nbformat")
    if isinstance(version, int) and not isinstance(version, bool) and version < 4:
        raise NotANotebook(
            f"a notebook of nbformat {version}: blogforge reads nbformat 4 (Jupyter's since "
            "2015); open and save it in Jupyter, or run `jupyter nbconvert --to notebook "
            "--nbformat 4` on it")
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise NotANotebook("not a notebook: it has no list of `cells`")
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    return _Converter(metadata, name).run(cells)


def in_language(text: str, lang: str) -> str:
    """`text` with the notes `convert` left as marks in the words of `lang` (English for a
    language without its own)."""
    if "\ue020" not in text:
        return text
    base = lang.split("-")[0].lower()
    hant = base == "zh" and any(part.lower() in ("hant", "tw", "hk", "mo")
                                for part in lang.replace("_", "-").split("-")[1:])
    words = _WORDS["zh-Hant" if hant else base] if hant or base in _WORDS else _WORDS["en"]

    def said(found: re.Match[str]) -> str:
        return words[found.group(1)].format(n=f"{int(found.group(2) or 0):,}", max=MAX_LINES,
                                            head=HEAD, tail=TAIL)

    return _MARK.sub(said, text)


def written_text(text: str) -> str:
    """The Markdown `convert` made without what it wrote itself, for telling the language its
    writer writes in: the notes left as marks (a fold's "Code", "⋯ 4,600 more lines"), the size
    written after each picture (`{width=640 height=480}`), the `{` escaped in HTML output."""
    return _WRITTEN.sub(" ", text)


def _mark(key: str, number: int | None = None) -> str:
    return f"\ue020{key}" + (f":{number}" if number is not None else "") + "\ue021"


def _text_of(value: Any) -> str | None:
    """A notebook's multi-line string: a string, or a list of strings to join (nbformat
    writes either); None for anything else."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "".join(value).replace("\r\n", "\n")
    return None


def _is_progress_bar(data: dict[str, Any], metadata: dict[str, Any]) -> bool:
    """Whether a widget output is a progress bar (tqdm's): by its text, else by the state of
    its model the notebook saved (`metadata.widgets`), a progress model or a box holding one."""
    if _PROGRESS_TEXT.search(_text_of(data.get("text/plain")) or ""):
        return True
    saved = metadata.get("widgets")
    saved = saved.get("application/vnd.jupyter.widget-state+json") \
        if isinstance(saved, dict) else None
    models = saved.get("state") if isinstance(saved, dict) else None
    view = data.get(_INTERACTIVE[0])
    if not isinstance(models, dict) or not isinstance(view, dict):
        return False

    def progress(model_id: object, depth: int) -> bool:
        model = models.get(model_id) if isinstance(model_id, str) else None
        if not isinstance(model, dict) or depth > 4:  # (a box in a box: tqdm's is one deep)
            return False
        if str(model.get("model_name", "")).endswith("ProgressModel"):
            return True
        state = model.get("state")
        children = state.get("children") if isinstance(state, dict) else None
        return isinstance(children, list) and any(
            isinstance(child, str) and progress(child.removeprefix("IPY_MODEL_"), depth + 1)
            for child in children)

    return progress(view.get("model_id"), 0)


def _cells_named(numbers: list[int]) -> str:
    """`cell 3`, `cells 3, 7`."""
    return f"cell{'s' * (len(set(numbers)) > 1)} {', '.join(map(str, dict.fromkeys(numbers)))}"


def _never_written(cell: Any) -> bool:
    """Whether a cell is as a new notebook has it: a cell with no text and no output."""
    source = _text_of(cell.get("source")) if isinstance(cell, dict) else None
    return source is not None and not source.strip() and not cell.get("outputs") \
        and not cell.get("attachments")


def _has_heading(body: str) -> bool:
    """Whether Markdown holds a `# ` heading outside code, which names a post (loader.py)."""
    fence = None
    for line in body.split("\n"):
        if opened := _FENCE_LINE.match(line):
            fence = None if fence == opened.group(1)[0] else (fence or opened.group(1)[0])
        elif fence is None and _H1.match(line):
            return True
    return False


@functools.cache
def _block_reader() -> Any:
    """A Markdown reader of blocks as the page's (CommonMark, with its footnotes and definition
    lists, whose indented lines are their content), to find where its code is. (Its inline
    reading is off: a pasted picture's 500 KB `data:` URL took it 0.4 s.)"""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    from blogforge.markdown.nesting import body_depth_plugin

    return (MarkdownIt("commonmark").use(body_depth_plugin).use(footnote_plugin)
            .use(deflist_plugin).disable(["inline", "text_join"]))


def _indented_code(text: str) -> list[tuple[int, int]]:
    """Where Markdown's indented code blocks are in `text` (start, end): code written as an
    example, `<img src="data:…">` in it shown as written, never a picture.

    CommonMark reads them (markdown-it's block parser): lines indented 4 spaces or more (a tab
    to its stop) after a blank line, a heading or the start, and not a paragraph's next line;
    in a list item or a block quote, 4 more than the item's text or after the `>` (a list
    item's next paragraph, indented as its text is, is no code); a footnote's or a
    definition's next paragraph, indented 4, is none either (the page reads them so). Not
    covered: the cell is read on its own, so an indented line that only the cell above makes
    part of its list (`- item` ending that cell) is taken for code and left as written."""
    if "    " not in text and "\t" not in text:
        return []
    starts = [0, *(found.end() for found in re.finditer("\n", text))]
    return [(starts[token.map[0]], starts[token.map[1]] if token.map[1] < len(starts)
             else len(text))
            for token in _block_reader().parse(text)
            if token.type == "code_block" and token.map is not None]


def _fence(content: str, info: str) -> str:
    """A fenced block of `content`, its fence longer than any run of backticks in it."""
    longest = max((len(run) for run in _BACKTICKS.findall(content)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{content}\n{ticks}"


def _block(classes: str, inner: str) -> str:
    """Markdown in a `<div>` of the theme's output classes (blank lines around the Markdown,
    so that it is read as Markdown)."""
    return f'<div class="{classes}">\n\n{inner}\n\n</div>'


def _folded(summary: str, inner: str, classes: str = "nb-fold", title: str = "") -> str:
    """`inner` folded under a label ("代码"), or a Colab form's `title`: the label of code,
    not prose of the post's, which no card, description, search or word count reads
    (`data-nb-label`, html_text.py), as they read no code."""
    label = html.escape(title).replace("{", "&#123;") if title else summary
    return (f'<details class="{classes}">\n<summary data-nb-label>{label}</summary>\n\n'
            f'{inner}\n\n</details>')


def _as_terminal_shows(text: str) -> str:
    """Output text as a terminal shows it: colours removed, a line rewritten after a carriage
    return (tqdm's progress bar) as its last state, a backspace taking the character before."""
    text = _ANSI.sub("", text)
    lines = []
    for line in text.split("\n"):
        if "\r" in line:
            shown = ""
            for part in line.split("\r"):
                shown = part + shown[len(part):]
            line = shown
        while "\x08" in line:
            line = re.sub("[^\x08\n]?\x08", "", line, count=1)
        lines.append(line)
    # (what else a terminal does with a control character is no text: a bell, a lone escape)
    return _CONTROLS.sub("", "\n".join(lines))


def _cut(text: str) -> str:
    """Text of at most MAX_LINES lines (its head and tail, a note between) of at most
    MAX_LINE_CHARS characters each."""
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        lines = [*lines[:HEAD], _mark("cut", len(lines) - HEAD - TAIL), *lines[-TAIL:]]
    return "\n".join(line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + " ⋯"
                     for line in lines)


@dataclass
class _Form:
    """A code cell as a Colab form shows it (`#@title`, `#@param`, `#@markdown`)."""

    title: str  # its `#@title`, "" for none
    folded: bool  # its code hidden (cell metadata `cellView: form`, `display-mode: "form"`)
    notes: str  # its `#@markdown` lines: Markdown that Colab shows in the form
    code: str  # the code without the form's lines and `#@param` annotations


def _colab_form(source: str, cell_view: Any) -> _Form:
    """What of a code cell is Colab's form. Its title line is the cell's first (Quarto's `#|`
    options may be above it, and are read below it)."""
    lines = source.split("\n")
    title, mode = "", ""
    for at, line in enumerate(lines):
        if found := _FORM_TITLE.match(line):
            title = found.group(1).strip().lstrip("#").strip()
            mode = found.group(2) or ""
            del lines[at]
            break
        if line.strip() and not _OPTION.match(line) and not _FORM_MARKDOWN.match(line):
            break
    notes = [found.group(1) for line in lines if (found := _FORM_MARKDOWN.match(line))]
    code = "\n".join(_FORM_PARAM.sub("", line) for line in lines
                     if not _FORM_MARKDOWN.match(line))
    folded = cell_view == "form" or bool(re.search(r"display-mode\s*:\s*[\"']?form", mode))
    return _Form(title, folded, "\n".join(notes).strip("\n"), code)


def _options(source: str) -> tuple[dict[str, Any], str, str | None]:
    """Quarto's `#| key: value` lines at the top of a code cell: (the options, the code
    without them, what is wrong in them)."""
    lines = source.split("\n")
    written = []
    while lines and (found := _OPTION.match(lines[0])):
        written.append(found.group(1))
        lines.pop(0)
    code = "\n".join(lines).strip("\n")
    if not written:
        return {}, code, None
    import yaml  # (only for a cell with options)

    try:
        options = yaml.safe_load("\n".join(written))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem", None) or "not YAML"
        return {}, code, f"its `#|` options are not YAML ({mark}): ignored"
    return (options if isinstance(options, dict) else {}), code, None


def _is_mapping(written: str) -> bool:
    """Whether YAML text is a mapping (`title: …`), not prose between two rules."""
    import yaml

    try:
        return isinstance(yaml.safe_load(written), dict)
    except yaml.YAMLError:
        return False


def _is_front_matter(written: str) -> bool:
    """Whether YAML text is a mapping of which a key is one a front matter has (`title:`)."""
    import yaml

    from blogforge.content.frontmatter import KEYS

    try:
        read = yaml.safe_load(written)
    except yaml.YAMLError:
        return False
    return isinstance(read, dict) and any(key in read for key in KEYS)


def _shown(value: Any) -> bool:
    """An option's yes or no: `false`, `no` and `0` say no (YAML gives booleans for most)."""
    return str(value).strip().lower() not in ("false", "no", "0", "off", "none")


class _Converter:
    """One notebook's conversion: the files and problems gathered while cells are made."""

    def __init__(self, metadata: dict[str, Any], name: str | None = None) -> None:
        self.metadata = metadata
        colab = metadata.get("colab") if isinstance(metadata.get("colab"), dict) else {}
        self.name = name if name is not None else str(colab.get("name") or "")
        self.files: dict[str, bytes] = {}
        self.problems: list[str] = []
        self.interactive: list[int] = []  # cells whose script-only outputs were left out
        self.progress_bars: list[int] = []  # cells whose progress bar widgets were left out
        self.widgets: list[int] = []  # cells whose other widgets (a slider) were left out
        self.labelled: set[int] = set()  # cells whose `#| label:` a picture took
        self.late_front_matter = 0  # a raw cell of front matter after code (`_front_matter`)
        self.language = self._language()
        self.colab = False  # written by Colab, whose forms are its own (`_by_colab`)

    def _language(self) -> str:
        """The language of the code cells' fences: the kernel's, else Python."""
        for key, name in (("kernelspec", "language"), ("language_info", "name")):
            part = self.metadata.get(key)
            if isinstance(part, dict) and isinstance(part.get(name), str) and part[name].strip():
                return part[name].strip().lower()
        return "python"

    def run(self, cells: list[Any]) -> Notebook:
        if all(_never_written(cell) for cell in cells) and not self._metadata_title():
            # (a new notebook, Colab's `Untitled3.ipynb` of one empty cell: the loader holds
            # it back as it holds back an empty Markdown note, and says so)
            return Notebook("")
        self.colab = self._by_colab(cells)
        chunks: list[tuple[int | None, str]] = []
        front, first = self._front_matter(cells)
        chunks.append((first[0] or None, front))
        for number, cell in enumerate(cells, 1):
            if not isinstance(cell, dict):
                self.problems.append(f"cell {number}: not a cell (no JSON object): left out")
                continue
            made = self._cell(number, cell, first if number == first[0] else None)
            if made:
                chunks.append((number, made))
        # (how to hide an output: Colab has no cell tags, `#| output: false` it keeps)
        hide = ("hide the output: `#| output: false` as the cell's first line, or the tag "
                "`remove-output`")
        if self.progress_bars:
            self.problems.append(
                f"{_cells_named(self.progress_bars)}: a widget (a progress bar of `tqdm.auto`?) "
                f"is not shown: a page runs no script from a notebook. Print text instead (`from "
                f"tqdm import tqdm`), or {hide}")
        if self.widgets:
            self.problems.append(
                f"{_cells_named(self.widgets)}: a widget (ipywidgets: a slider, a button…) is "
                f"not shown: a page runs no script from a notebook. Show what it sets as text or "
                f"a picture too, or {hide}")
        if self.interactive:
            self.problems.append(
                f"{_cells_named(self.interactive)}: an interactive output (JavaScript) is not "
                "shown: a page runs no script from a notebook. Save a picture of it too "
                f"(Plotly: `fig.show('png')`), or {hide}")
        if self.language != "python" and _unknown_language(self.language) \
                and any(isinstance(c, dict) and c.get("cell_type") == "code" for c in cells):
            self.problems.append(
                f"the notebook's language `{self.language}` is not one Pygments highlights: "
                "its code is shown as plain text")
        # (a post of no title is called by its file's name, as a Markdown post is, unsaid;
        # said only of an editor's name for a new notebook, surely no title its writer chose)
        if _NEW_NOTEBOOK.fullmatch(self.name) and not _TITLE_KEY.search(chunks[0][1]) \
                and not _has_heading("\n\n".join(chunk for _number, chunk in chunks[1:])):
            self.problems.append(
                f"no title: the post is called by its file's name, `{self.name}`, which the "
                "editor gave a new notebook; give it one, a `# ` heading in a Markdown cell or "
                "`title:` in a front matter cell, or rename the file")
        text, lines, line = [], [], 1
        for number, chunk in chunks:
            if number is not None:
                lines.append((line, number))
            text.append(chunk)
            line += chunk.count("\n") + 2  # (and the blank line after it)
        return Notebook("\n\n".join(text) + "\n", self.files, self.problems, lines)

    def _front_matter(self, cells: list[Any]) -> tuple[str, tuple[int, str]]:
        """The front matter block (and the notebook's title), and (the number of the cell it
        is read from, what follows the block in that cell); (0, "") for none.

        It is the first cell that is one, raw or Markdown, among those before the first code
        cell (Quarto reads the first cell; a notebook opened in Colab often has a badge cell
        above it). A Markdown cell after the first is one only when it holds nothing but a
        YAML mapping between `---` lines (else it is prose: a rule and a heading). A raw one
        after a code cell is not read, and said."""
        written, first = "", (0, "")
        for number, cell in enumerate(cells, 1):
            if not isinstance(cell, dict):
                break
            kind = cell.get("cell_type")
            source = _text_of(cell.get("source")) or ""
            found = _FRONT_MATTER.match(source) if kind in ("raw", "markdown") else None
            if kind == "code" and source.strip():
                self._late_front_matter(cells, number)
                break
            if found is None or (kind == "markdown" and number > 1 and not (
                    not source[found.end():].strip() and _is_mapping(found.group(1)))):
                # (Pandoc reads a YAML block after a blank line too: below a Colab badge in
                # the same cell; a block of front matter keys, not prose between two rules)
                below = _BELOW.search(source) if kind == "markdown" else None
                if below is None or not _is_front_matter(below.group(1)):
                    continue
                written = below.group(1).rstrip("\n")
                first = (number, f"{source[:below.start()]}\n\n{source[below.end():]}")
                break
            written = found.group(1).rstrip("\n")
            first = (number, source[found.end():])
            break
        title = self._metadata_title()
        if title and not _TITLE_KEY.search(written):
            written = "\n".join(filter(None, [written, f"title: {json.dumps(title)}"]))
        return f"---\n{written}\n---" if written else "---\n---", first

    def _by_colab(self, cells: list[Any]) -> bool:
        """Whether Colab wrote the notebook: its metadata's `colab`, or a cell's (`colab`,
        a form's `cellView`). Only there is `#@title x` a form's title and `#@param {…}` a
        field's: in another notebook they are comments as written, shown as written."""
        return "colab" in self.metadata or any(
            isinstance(cell, dict) and isinstance(cell.get("metadata"), dict)
            and ("colab" in cell["metadata"] or "cellView" in cell["metadata"])
            for cell in cells)

    def _metadata_title(self) -> str:
        """The notebook's `metadata.title` (JupyterLab's), or ""."""
        title = self.metadata.get("title")
        return title.strip() if isinstance(title, str) else ""

    def _late_front_matter(self, cells: list[Any], code: int) -> None:
        """Say of a raw cell after the first code cell (`code`) that is a front matter block
        that it is not read (it is left out of the page: YAML shown as a heading and a rule)."""
        for number, cell in enumerate(cells[code:], code + 1):
            if isinstance(cell, dict) and cell.get("cell_type") == "raw" and \
                    _FRONT_MATTER.match(_text_of(cell.get("source")) or ""):
                self.late_front_matter = number
                self.problems.append(
                    f"cell {number}: a front matter block after a code cell (cell {code}) is "
                    "not read, nor shown: move it above the first code cell (Quarto reads it "
                    "in the first cell)")
                return

    def _cell(self, number: int, cell: dict[str, Any], front: tuple[int, str] | None) -> str:
        kind = cell.get("cell_type")
        metadata = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        # (nbconvert's TagRemovePreprocessor spells them `remove_cell`, `hide_input`…)
        tags = {tag.strip().lower().replace("_", "-") for tag in metadata.get("tags", []) or []
                if isinstance(tag, str)} if isinstance(metadata.get("tags"), list) else set()
        if "remove-cell" in tags:
            return ""
        if "source" not in cell:
            self.problems.append(f"cell {number}: it has no `source` (the cell is damaged): "
                                 "its text is left out")
            source = ""
        else:
            source = _text_of(cell["source"])
            if source is None:
                self.problems.append(f"cell {number}: its `source` is no text: left out")
                source = ""
        if front is not None:  # (the front matter's cell: what follows the block)
            source = front[1] if kind == "markdown" else ""
        elif number == self.late_front_matter:
            return ""
        if kind == "markdown":
            return self._pasted(number, self._attached(number, cell, source)).strip("\n")
        if kind == "raw":
            wanted = str(metadata.get("raw_mimetype") or metadata.get("format") or "").lower()
            return self._pasted(number, source).strip("\n") if wanted in (
                "", "text/markdown", "text/html", "markdown", "html") else ""
        if kind == "code":
            return self._code(number, cell, source, tags)
        self.problems.append(f"cell {number}: a cell of type `{kind}`, which Jupyter does not "
                             "make: left out")
        return ""

    def _attached(self, number: int, cell: dict[str, Any], source: str) -> str:
        """A Markdown cell's text with its `attachment:` pictures as published files."""
        if "attachment:" not in source:
            return source
        attachments = cell.get("attachments") if isinstance(cell.get("attachments"),
                                                            dict) else {}

        def published(found: re.Match[str]) -> str:
            from urllib.parse import unquote

            name = unquote(found.group("name") or found.group("name2"))
            bundle = attachments.get(name)
            if not isinstance(bundle, dict):
                self.problems.append(f"cell {number}: `attachment:{name}` names no picture "
                                     "attached to the cell: left as written")
                return found.group(0)
            made = self._picture(number, bundle, f"attachment `{name}`")
            if made is None:
                return found.group(0)
            if found.group("alt") is None:  # (in raw HTML: `<img src="attachment:…">`)
                return made[0]
            size = f"{{width={made[1][0]} height={made[1][1]}}}" if made[1] else ""
            return f"![{found.group('alt')}]({made[0]}{found.group('title') or ''}){size}"

        return _ATTACHMENT.sub(published, source)

    def _pasted(self, number: int, text: str) -> str:
        """A cell's text with the pictures pasted into it as `data:` URLs published as files,
        as attachments are: a screenshot pasted in Colab made the page and the feed 480 KB
        each, every time it was shown, and the browser could neither size it before it came
        nor leave it until scrolled to. (In code and math a `data:` URL is text: kept.)"""
        if "data:" not in text:
            return text
        shown_as_text = [(found.start(), found.end()) for found in _NOT_HTML.finditer(text)]
        shown_as_text += _indented_code(text)

        def published(url: str) -> tuple[str, tuple[int, int] | None] | None:
            found = _DATA_URI.fullmatch(url)
            return self._picture(number, {found.group(1).lower(): found.group(2)},
                                 "image pasted into the cell") if found else None

        def markdown_image(found: re.Match[str]) -> str:
            made = published(found.group("url"))
            if made is None:
                return found.group(0) if not _DATA_URI.fullmatch(found.group("url")) else ""
            name, size = made
            given = found.group("size")
            if given is None and size:
                given = f"{{width={size[0]} height={size[1]}}}"
            return f"![{found.group('alt')}]({name}{found.group('title') or ''}){given or ''}"

        def html_image(tag: str) -> str:
            src = _DATA_SRC.search(tag)
            if src is None:
                return tag
            made = published(src.group(3))
            if made is None:
                return tag if not _DATA_URI.fullmatch(src.group(3)) else ""
            name, size = made
            tag = f"{tag[:src.start()]}{src.group(1)}\"{name}\"{tag[src.end():]}"
            written = {key.lower(): value for key, value in _HTML_SIZE.findall(tag)}
            if size and not ("width" in written and "height" in written):
                # (the other side at the picture's shape, as for a file beside the post)
                if written.get("width", "").isdigit():
                    added = f'height="{round(int(written["width"]) * size[1] / size[0])}"'
                elif written.get("height", "").isdigit():
                    added = f'width="{round(int(written["height"]) * size[0] / size[1])}"'
                elif written:
                    return tag  # (a size in CSS units: the writer's)
                else:
                    added = f'width="{size[0]}" height="{size[1]}"'
                end = len(tag) - (2 if tag.endswith("/>") else 1)
                tag = f"{tag[:end].rstrip()} {added}{tag[end:]}"
            return tag

        def pasted(found: re.Match[str]) -> str:
            if any(start <= found.start() < end for start, end in shown_as_text):
                return found.group(0)
            if found.group("url") is not None:
                return markdown_image(found)
            return html_image(found.group(0))

        return _PASTED.sub(pasted, text)

    def _code(self, number: int, cell: dict[str, Any], source: str, tags: set[str]) -> str:
        metadata = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        form = _colab_form(source, metadata.get("cellView")) if self.colab \
            else _Form("", False, "", source)
        options, code, wrong = _options(form.code)
        if wrong:
            self.problems.append(f"cell {number}: {wrong}")
        if "include" in options and not _shown(options["include"]):
            return ""
        show_input = "remove-input" not in tags and _shown(options.get("echo", True))
        show_output = "remove-output" not in tags and _shown(options.get("output", True))
        fold_input = bool(tags & {"hide-input", "hide-cell"}) or form.folded or (
            "code-fold" in options and _shown(options["code-fold"])
            and str(options["code-fold"]).lower() != "show")
        fold_output = bool(tags & {"hide-output", "hide-cell"})
        parts = []
        if show_input and form.notes:  # (Colab shows them, its code hidden or not)
            parts.append(form.notes)
        if show_input and code.strip():
            lang = "text" if _unknown_language(self.language) else self.language
            if lang == "python" and _IPYTHON_LINE.search(code):
                lang = "ipython3"
            # (a form's title labels its code: the fold's, or the block's title)
            title = form.title.replace("`", "'").replace('"', "'")
            fenced = _fence(code, lang + (f' {{title="{title}"}}'
                                          if title and not fold_input else ""))
            parts.append(_folded(_mark("code"), fenced, title=form.title) if fold_input
                         else fenced)
        outputs = cell.get("outputs")
        if show_output and isinstance(outputs, list):
            made = self._outputs(number, outputs, options)
            if made:
                shown = "\n\n".join(made)
                parts.append(_folded(_mark("output"), shown) if fold_output else shown)
        return "\n\n".join(parts)

    def _outputs(self, number: int, outputs: list[Any], options: dict[str, Any]) -> list[str]:
        made: list[str] = []
        streams: list[tuple[str, str]] = []  # (name, text): consecutive ones shown as one
        for output in outputs:
            if not isinstance(output, dict):
                continue
            kind = output.get("output_type")
            if kind == "stream":
                name = "stderr" if output.get("name") == "stderr" else "stdout"
                text = _text_of(output.get("text")) or ""
                if streams and streams[-1][0] == name:
                    streams[-1] = (name, streams[-1][1] + text)
                else:
                    streams.append((name, text))
                continue
            made += [self._stream(*stream) for stream in streams if stream[1].strip()]
            streams = []
            if kind == "error":
                made.append(self._error(output))
            elif kind in ("execute_result", "display_data"):
                shown = self._data(number, output, options)
                if shown:
                    made.append(shown)
        made += [self._stream(*stream) for stream in streams if stream[1].strip()]
        return made

    @staticmethod
    def _text_block(text: str, classes: str, title: str = "") -> str:
        text = _cut(_as_terminal_shows(text).rstrip("\n"))
        lines = text.count("\n") + 1
        options = " ".join(filter(None, [f'title="{title}"' if title else "",
                                         # (cut: highlight.py's unfold label)
                                         ("fold=cut" if "\ue020cut:" in text else "fold=true")
                                         if lines > FOLD_AFTER else ""]))
        return _block(f"nb-output {classes}", _fence(text, "output" + (
            f" {{{options}}}" if options else "")))

    def _stream(self, name: str, text: str) -> str:
        return self._text_block(text, f"nb-{name}", "stderr" if name == "stderr" else "")

    def _error(self, output: dict[str, Any]) -> str:
        traceback = output.get("traceback")
        text = "\n".join(line for line in traceback if isinstance(line, str)) \
            if isinstance(traceback, list) else ""
        name = str(output.get("ename") or "Error")
        if not text.strip():
            text = f"{name}: {output.get('evalue') or ''}".rstrip(": ")
        safe_name = re.sub(r"[^\w.]", "", name)[:60] or "Error"
        return self._text_block(text, "nb-error", safe_name)

    def _data(self, number: int, output: dict[str, Any], options: dict[str, Any]) -> str:
        """A result or displayed value in its best form (see `_PICTURES` and below)."""
        data = output.get("data")
        if not isinstance(data, dict):
            return ""
        if any(kind in data for kind in _INTERACTIVE[:1]):  # (a widget: its text says nothing)
            (self.progress_bars if _is_progress_bar(data, self.metadata)
             else self.widgets).append(number)
            return ""
        page_html = _text_of(data.get("text/html"))
        scripted = page_html is not None and re.search(r"<script\b", page_html, re.I)
        if page_html is not None and not scripted:
            made = self._html(number, page_html)
            if made:
                return made
        # (Markdown and LaTeX are read as Markdown, whose raw HTML is the page's: cleaned so)
        for kind, classes in (("text/markdown", "nb-markdown"), ("text/latex", "nb-latex")):
            if (shown := _text_of(data.get(kind))) is not None and shown.strip():
                cleaned = _clean_markdown(shown.strip("\n"), self._embedder(number))
                if cleaned.strip():
                    return _block(f"nb-output {classes}", cleaned)
        if any(kind in data for kind in _PICTURES):
            picture = self._picture(number, data, "output", output.get("metadata"))
            if picture is not None:
                name, size = picture
                alt = str(options.get("fig-alt") or options.get("fig-cap") or "")
                caption = str(options.get("fig-cap") or "")
                return _block("nb-output nb-image", _image_markdown(
                    name, alt, caption, size, self._figure_label(number, options, caption)))
        if page_html is not None and scripted:
            made = self._html(number, page_html)
            if made:
                return made
        # (HTML that needed its scripts and shows nothing without them, beside a text of its
        # own: Colab's interactive table of a DataFrame, whose text is the table; not the
        # stand-in text of a chart or a script, `<IPython.core.display.HTML object>`)
        plain = _text_of(data.get("text/plain"))
        interactive = any(kind in data for kind in _INTERACTIVE) or any(
            kind.startswith(_CHARTS) for kind in data)
        if plain is not None and plain.strip() and not interactive and not (
                page_html is not None and _STAND_IN.match(plain.strip())):
            return self._text_block(plain, "nb-result")
        if scripted or interactive:
            self.interactive.append(number)
        elif page_html is not None and page_html.strip():
            # (an `IFrame` of a page on the notebook's own server, `<IPython.lib.display.IFrame
            # at 0x7f…>` beside it: neither says anything to a reader)
            self.problems.append(f"cell {number}: an HTML output shows nothing once its frames, "
                                 "scripts and styles are left out: left out")
        return ""

    def _figure_label(self, number: int, options: dict[str, Any], caption: str) -> str:
        """Quarto's `#| label: fig-loss` for the cell's first picture (a label names one), so
        that `@fig-loss` leads to it; "" for none, or for a cell's later pictures."""
        label = str(options.get("label") or "").strip()
        if not label.startswith("fig-") or number in self.labelled:
            return ""
        self.labelled.add(number)
        if not re.fullmatch(r"[\w-]+", label):
            self.problems.append(f"cell {number}: `label: {label}` is no label (letters, "
                                 "digits, `-` and `_`): left out")
            return ""
        if not caption.strip():
            self.problems.append(f"cell {number}: `label: {label}` numbers a figure with a "
                                 "caption, as in Quarto: add `#| fig-cap: …` to the cell")
            return ""
        return label

    def _html(self, number: int, written: str) -> str:
        """HTML output without what would run or restyle the page, as a block of its own;
        "" when nothing is left to see (a script's placeholder)."""
        if len(written) > MAX_HTML_CHARS:
            self.problems.append(f"cell {number}: an HTML output of {len(written):,} "
                                 "characters is too large for a page: left out")
            return ""
        cleaner = _Cleaner(self._embedder(number))
        cleaned = _empty_header_cells_as_data(cleaner.clean(written) + cleaner.closing())
        visible = re.sub(r"<(?!img|svg|table|hr)[^>]*>|\s|&nbsp;", "", cleaned, flags=re.I)
        if not visible:
            return ""
        # (one HTML block: a blank line would end it, and Markdown read the rest; braces would
        # be read as another generator's tags, `{{ }}`)
        lines = [line if line.strip() else "<!-- -->" for line in cleaned.strip("\n").split("\n")]
        body = "\n".join(lines).replace("{", "&#123;")
        return f'<div class="nb-output nb-html">\n{body}\n</div>'

    def _embedder(self, number: int) -> Any:
        """What makes the published file of a picture an output of cell `number` holds as a
        `data:` URL in its HTML (its name; None for broken data)."""
        def embedded(kind: str, data: str) -> str | None:
            made = self._picture(number, {kind.lower(): data}, "picture in an HTML output")
            return made[0] if made is not None else None

        return embedded

    def _picture(self, number: int, data: dict[str, Any], what: str,
                 metadata: Any = None) -> tuple[str, tuple[int, int] | None] | None:
        """The best picture of a MIME bundle published as a file: (its name, its size on the
        page); None, said, when its data is broken."""
        kind = next(kind for kind in (*_PICTURES, None) if kind is None or kind in data)
        if kind is None:
            return None
        ending = _PICTURES[kind]
        written = _text_of(data[kind])
        if written is None:
            self.problems.append(f"cell {number}: the {kind} of an {what} is no text: left out")
            return None
        if ending == ".svg":
            if written.lstrip().startswith(("PD94", "PHN2")):  # (base64 of `<?xm`, `<svg`)
                with contextlib.suppress(binascii.Error, ValueError):
                    written = base64.b64decode(written).decode("utf-8")
            try:
                content = _clean_svg(written).encode("utf-8")
            except _NotSvg as error:
                self.problems.append(f"cell {number}: the {kind} of an {what} is no SVG that "
                                     f"can be read ({error}): left out")
                return None
        else:
            try:
                content = base64.b64decode("".join(written.split()), validate=True)
            except (binascii.Error, ValueError):
                content = b""
            if not content.startswith(_SIGNATURES[ending]):
                self.problems.append(f"cell {number}: the {kind} of an {what} is not a "
                                     "picture (broken base64 data): left out")
                return None
        name = f"nb-{digest(content)[:16]}{ending}"
        self.files[name] = content
        return name, _size(content, ending, (metadata or {}).get(kind)
                           if isinstance(metadata, dict) else None)


def _unknown_language(lang: str) -> bool:
    """Whether Pygments has no lexer of this name (its table is read, no lexer made)."""
    from pygments.lexers import LEXERS

    return not any(lang in aliases for _module, _name, aliases, _files, _types
                   in LEXERS.values())


def _image_markdown(name: str, alt: str, caption: str, size: tuple[int, int] | None,
                    label: str = "") -> str:
    """A picture as Markdown: its caption a title (a figure, figures.py), its label Quarto's
    `{#fig-loss}` (numbered, crossrefs.py), its size written (the file is made by the build,
    not found beside the post)."""
    alt = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("\n", " ")
    title = caption.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    made = f"![{alt}]({name}" + (f' "{title}"' if title else "") + ")"
    attributes = [f"#{label}"] if label else []
    if size:
        attributes += [f"width={size[0]}", f"height={size[1]}"]
    return made + (f"{{{' '.join(attributes)}}}" if attributes else "")


def _size(content: bytes, ending: str, given: Any) -> tuple[int, int] | None:
    """The size a picture is shown at: the output's own (Matplotlib's retina figures say half
    their pixels), else its file's."""
    if isinstance(given, dict):
        width, height = given.get("width"), given.get("height")
        if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
            return width, height
    if ending == ".svg":
        from blogforge.markdown.images import _svg_size

        width, height = _svg_size(content[:65536])
    else:
        import imagesize

        try:
            width, height = imagesize.get(io.BytesIO(content))
        except (OSError, ValueError):
            return None
    return (round(width), round(height)) if width > 0 and height > 0 else None


_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
# The SVG elements a picture is drawn with (Matplotlib's, Graphviz's, Plotly's static ones…).
# Not: `script`, `foreignObject` (HTML in the SVG: frames, forms), the animations (`set`,
# `animate`… change a link's URL), `handler`, nor elements of other namespaces (Inkscape's,
# RDF metadata): each left out with what it holds
_SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "switch", "a", "view", "style", "title", "desc",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "textPath", "image", "clipPath", "mask", "pattern", "marker", "linearGradient",
    "radialGradient", "stop", "filter", "feBlend", "feColorMatrix", "feComponentTransfer",
    "feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap",
    "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset",
    "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence"})
_SVG_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


class _NotSvg(Exception):
    """A picture that is no SVG this reads (said with where and why)."""


def _clean_svg(svg: str) -> str:
    """An SVG output written again, by an XML parser, with only what draws: an SVG published as
    a file runs its scripts as the site when opened on its own (its link, a reader's "open
    image in new tab"), so it keeps no scripts, event handlers, `javascript:` links, HTML
    (`foreignObject`), animations, entity declarations (a few lines of them expand to
    gigabytes), comments or processing instructions (`<?xml-stylesheet?>`: XSLT). Raises
    `_NotSvg`."""
    from xml.parsers import expat

    out: list[str] = []
    dropping = 0  # (how deep in an element left out)

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal dropping
        space, _, local = name.rpartition(" ")
        root = not out and not dropping
        if root and (local != "svg" or space not in ("", _SVG)):
            raise _NotSvg(f"its root element is <{local}>, not <svg>")
        if dropping or space not in ("", _SVG) or local not in _SVG_ELEMENTS:
            dropping += 1
            return
        kept = [f' xmlns="{_SVG}" xmlns:xlink="{_XLINK}"' if root else ""]
        for attribute, value in attributes.items():
            where, _, plain_name = attribute.rpartition(" ")
            written = {"": plain_name, _XLINK: f"xlink:{plain_name}",
                       _XML: f"xml:{plain_name}" if plain_name in ("space", "lang") else ""}
            shown = written.get(where, "")
            plain = re.sub(r"[\x00-\x20]", "", value)
            if not shown or not _SVG_ATTRIBUTE_NAME.match(plain_name) \
                    or plain_name.lower().startswith("on") or _RUNS.match(plain) \
                    or (plain_name == "href" and (
                        _SCRIPT_URL.match(plain) or (local == "a" and plain[:5].lower() == "data:")
                        or (local == "use" and not plain.startswith("#")))):
                continue
            kept.append(f' {shown}="{html.escape(value)}"')
        out.append(f"<{local}{''.join(kept)}>")

    def end(name: str) -> None:
        nonlocal dropping
        if dropping:
            dropping -= 1
        else:
            out.append(f"</{name.rpartition(' ')[2]}>")

    def text(data: str) -> None:
        if not dropping:
            out.append(html.escape(data, quote=False))

    def declared(*_: Any) -> None:
        raise _NotSvg("it declares entities")

    parser = expat.ParserCreate("utf-8", namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = declared
    parser.UnparsedEntityDeclHandler = declared
    try:
        parser.Parse(svg, True)
    except expat.ExpatError as error:
        raise _NotSvg(f"line {error.lineno}: {expat.ErrorString(error.code)}") from None
    return "".join(out)


# Elements left out with what they hold (SVG's animations too: `<animate attributeName="href"
# values="javascript:…">` makes a link run a script), and those left out as tags only, their
# text kept: `plaintext`, `xmp`… would make what follows them text, to the end of the page; in
# `textarea` and `title` the browser reads all to their end tag as text, where this parser
# reads tags (`<textarea><img title="</textarea><img onerror=…>">` ran its script)
_DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template",
                      "frame", "frameset", "applet", "animate", "set", "animatemotion",
                      "animatetransform", "handler", "listener"})
_UNWRAPPED = frozenset({"html", "head", "body", "link", "meta", "base", "form", "title",
                        "plaintext", "xmp", "noembed", "noframes", "textarea"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset",
                             "data", "poster", "background", "lowsrc", "dynsrc", "codebase"})
_SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|livescript):|^data:(?!image/)", re.I)
# A `javascript:` URL in any attribute but text shown as such (an SVG animation's `values`, a
# MathML `href`…): left out, as no attribute needs one
_RUNS = re.compile(r"^(?:javascript|vbscript|livescript):", re.I)
_TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "aria-description"})
_ATTRIBUTE_NAME = re.compile(r"[a-z_][a-z0-9_.:-]*\Z")
_VOID = VOID_TAGS | {"param", "keygen"}
_FOREIGN = frozenset({"svg", "math"})  # where `<x/>` is an element closed
_ELEMENT_NAME = re.compile(r"[a-z][a-z0-9-]*(?::[a-z][a-z0-9-]*)?\Z")
# `<` that would start a tag where the text is put back together: before a letter, `/`, `!`
# or `?`, or ending a piece of text (what follows it is the next piece: `<<script>…</script>img
# onerror=…>` made a tag of the text around a script left out)
_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9]*)[\s/>]")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?]|\Z)")
# What in Markdown is no HTML: code (fenced, or between backticks) and math. Its tags are not
# balanced (a `<div>` shown as code is none to close); it was cleaned already (`_clean_markdown`)
_NOT_HTML = re.compile(
    r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[`~]*[ \t]*$|\Z)"
    r"|(`+)(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)"
    r"|\$\$.+?\$\$|\$[^$\n]+\$|\\\[.+?\\\]|\\\(.+?\\\)"
    r"|\\begin\{([A-Za-z]+\*?)\}.*?\\end\{\3\}", re.M | re.S)


# A header cell with nothing in it, as `_Cleaner` writes one (its name in lower case, its
# attributes' values quoted and escaped: no `>` in them): pandas' `<th></th>`, a Styler's
# `<th class="blank level0">&nbsp;</th>`
_EMPTY_HEADER_CELL = re.compile(r"<th((?:\s[^>]*)?)>((?:\s|&nbsp;|&#160;|&#[xX]0*[aA]0;)*)</th>")


def _empty_header_cells_as_data(cleaned: str) -> str:
    """`cleaned` HTML with its empty header cells written `<td>`, as a Markdown table's empty
    corner is (markdown/tables.py): pandas heads a DataFrame's index with an empty `<th>` (and
    the cells beside the index's name), which heads its column with nothing, to a screen reader
    and to axe. The writer's output otherwise, but that cell carries nothing of theirs."""
    return _EMPTY_HEADER_CELL.sub(r"<td\1>\2</td>", cleaned)


def _is_control(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an element of HTML output is a control that does something only with the
    notebook's scripts, left out with what it holds: a button, and Colab's DataFrame controls
    ("Convert this dataframe to an interactive table", "Suggest charts": `colab-df-buttons`
    and the like; `colab-df-container` holds the table itself), hidden by inline styles only,
    which a feed reader drops."""
    if tag == "button":
        return True
    classes = next((value or "" for name, value in attrs if name == "class"), "").split()
    return any(name.startswith("colab-df-") and name != "colab-df-container" for name in classes)


class _Cleaner(HTMLParser):
    """HTML output without what would run in the page or restyle it: scripts, styles, frames,
    event handlers, `javascript:` URLs, comments; its `data:` pictures as published files
    (`embed`). With `balance`, it is rebuilt whole, as nothing of it reaches past its own block:
    the elements it leaves open are closed at its end (`HTML('<b>训练完成')` made the rest of
    the page bold, its footer too), an end tag of none open is left out (`</div>` would end the
    output's block, or the page's), a comment left open is left out (it hid all that follows)."""

    def __init__(self, embed: Any, balance: bool = True) -> None:
        # (`balance` false: Markdown, whose code and math are no HTML to balance: `_clean_markdown`)
        super().__init__(convert_charrefs=False)
        self.embed = embed
        self.balance = balance
        self.ends: dict[str, int] = {}
        self.lines: list[int] = []
        self.out: list[str] = []
        self.dropping: list[str] = []
        self.open: list[str] = []  # the elements open, outermost first
        self.text: list[str] = []  # the text read since the last tag, comment…

    def _text_ends(self) -> None:
        """Text ends (a tag, a comment, the end): it is written, its `<` that would start a tag
        escaped. (Pieces the parser gives apart, `a `, `<`, ` b`, are one text: `$a < b$` is a
        formula in Markdown.)"""
        if self.text:
            # (in Markdown, "< " for "<": `&lt;` in a formula is no `<` to KaTeX)
            self.out.append(_TAG_START.sub("&lt;" if self.balance else "< ", "".join(self.text)))
            self.text = []

    def clean(self, written: str) -> str:
        """`written` cleaned; what it leaves open is closed by `closing`."""
        # An element is left out with what it holds only where it ends: a `<script>` never
        # ended (in Markdown, "`<script>`" shown as code) is left out alone, and what follows
        # it is read as the rest is, not left out to the end
        self.ends: dict[str, int] = {}  # an element's name -> where its last end tag is
        for found in _END_TAG.finditer(written):
            self.ends[found.group(1).lower()] = found.start()
        self.lines = [0, *(found.end() for found in re.finditer("\n", written))]
        self.feed(written)
        if self.rawdata.startswith(("<!", "<?")):  # (a comment or declaration never ended)
            self.rawdata = ""
        self.close()
        self._text_ends()
        return "".join(self.out)

    def closing(self) -> str:
        """The end tags of the elements left open."""
        return "".join(f"</{tag}>" for tag in reversed(self.open))

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        self._text_ends()
        if self.dropping or tag in _UNWRAPPED:
            return
        if not _ELEMENT_NAME.match(tag):  # (`<a"b>`: no element to keep, its text is)
            return
        kept = []
        for name, value in attrs:
            # (the parser gave the value with its character references read: `jav&#x61;script:`)
            plain = re.sub(r"[\x00-\x20]", "", value or "")
            # (and a table's `border`, pandas' `border="1"`: obsolete HTML; the theme draws
            # a table's lines)
            if name.startswith("on") or name in ("srcdoc",) or (tag, name) == ("table", "border") \
                    or not _ATTRIBUTE_NAME.match(name) \
                    or (name in _URL_ATTRIBUTES and _SCRIPT_URL.match(plain)) \
                    or (name not in _TEXT_ATTRIBUTES and _RUNS.match(plain)):
                continue
            if name == "src" and value and (found := _DATA_URI.fullmatch(value.strip())):
                made = self.embed(found.group(1), found.group(2))
                if made is None:
                    continue
                value = made
            kept.append((name, value))
        if self.balance and tag in ENDS_PARAGRAPH and self.open and self.open[-1] == "p":
            self.out.append("</p>")  # (as the browser ends it: `<p>a<div>` is no div in a p)
            self.open.pop()
        element = bool(_ELEMENT_NAME.match(tag)) and tag not in _VOID
        foreign = any(name in _FOREIGN for name in self.open) or tag in _FOREIGN
        # (`<div/>` is a `<div>` left open: outside SVG and MathML, HTML has no `/>`)
        ends = closed and element and not foreign and self.balance
        # The tag is written again from what was read of it, never as it was written: the
        # browser reads the page as this parser read the tag
        written = "".join(f" {name}" if value is None else f' {name}="{html.escape(value)}"'
                          for name, value in kept)
        self.out.append(f"<{tag}{written}{' /' if closed and not ends else ''}>")
        if ends:
            self.out.append(f"</{tag}>")
        elif element and not closed and self.balance:
            self.open.append(tag)

    def _frame_link(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A frame of a web page (IPython's `IFrame`) as a link to its page: the page shows
        no frame from a notebook, and its reader can still follow it."""
        src = next((value.strip() for name, value in attrs if name == "src" and value), "")
        if tag == "iframe" and not self.dropping and re.match(r"https?://[^\s\x00-\x1f]+\Z",
                                                              src, re.I):
            shown = html.escape(src)
            self.out.append(f'<p><a href="{shown}">{shown}</a></p>')

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping and tag not in _DROPPED:
            if tag not in _VOID:  # (what it holds, to its own end: `<div>` in a `<div>`)
                self.dropping.append(tag)
            return
        if tag in _DROPPED or _is_control(tag, attrs):
            self._text_ends()
            self._frame_link(tag, attrs)
            line, column = self.getpos()
            ended = self.ends.get(tag, -1) > self.lines[line - 1] + column
            if ended:
                self.dropping.append(tag)
            # (what the parser reads as text to the end tag: none, and it reads on as HTML)
            self.CDATA_CONTENT_ELEMENTS = (tag,) if ended and tag in ("script", "style") else ()
            return
        self._tag(tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _DROPPED and not _is_control(tag, attrs):
            self._tag(tag, attrs, True)
        else:
            self._text_ends()
            self._frame_link(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._text_ends()
        if self.dropping:
            if tag in self.dropping:  # (and what is left open in it: `<object><embed>`)
                del self.dropping[len(self.dropping) - 1 - self.dropping[::-1].index(tag):]
            return
        if tag in _DROPPED or tag in _UNWRAPPED:
            return
        if not self.balance:
            if _ELEMENT_NAME.match(tag):
                self.out.append(f"</{tag}>")
        elif tag in self.open:  # (and those left open inside it)
            at = len(self.open) - 1 - self.open[::-1].index(tag)
            self.out.append("".join(f"</{name}>" for name in reversed(self.open[at:])))
            del self.open[at:]

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if not self.dropping:
            self.text.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.dropping:
            self.text.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._text_ends()

    def handle_decl(self, decl: str) -> None:
        self._text_ends()

    def handle_pi(self, data: str) -> None:
        self._text_ends()

    def unknown_decl(self, data: str) -> None:
        self._text_ends()


def _clean_markdown(written: str, embed: Any) -> str:
    """Markdown a program printed (`display(Markdown(…))`, a LaTeX result) with its raw HTML
    cleaned as an HTML output's is: what it holds is cleaned all through, code and math too (a
    piece that one reader takes for code and another does not must not carry a script past
    both), then balanced outside its code and math, which the page shows as text. What it
    leaves open is closed after it, in a block of its own."""
    cleaned = _Cleaner(embed, balance=False).clean(written)
    kept: list[str] = []

    def held(found: re.Match[str]) -> str:
        kept.append(found.group(0))
        return f"\ue030{len(kept) - 1}\ue031"

    balancer = _Cleaner(embed)
    balanced = re.sub("\ue030([0-9]+)\ue031", lambda found: kept[int(found.group(1))],
                      balancer.clean(_NOT_HTML.sub(held, cleaned)))
    closing = balancer.closing()
    return balanced + (f"\n\n{closing}" if closing else "")
