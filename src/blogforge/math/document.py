"""`MathDocument`: the math of one post — macros, numbers, labels, references, diagnostics."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogforge.text import compiled_when_used

from ..diagnostics import Diagnostic
from . import plaintext
from .colors import for_dark_screens
from .katex import parse_error
from .macros import extract_definitions
from .mathjax import mathjax_edits, what_to_write_instead
from .mathml_look import as_references, mathml_look, styled_letters
from .numbering import NumberPlan, fill_mathml_tags, plan_display
from .parse import DELIMITERS
from .refs import (
    PLACEHOLDER,
    anchor_id,
    find_refs,
    label_key,
    placeholder_word,
    ref_text,
    unknown_ref_text,
)
from .texscan import MAX_NESTING, Edit, Rewrite, apply_edits, too_deep, unclosed_brace

if TYPE_CHECKING:
    from .engine import MathEngine

_ANNOTATION = re.compile(r'(<annotation encoding="application/x-tex">)(.*?)(</annotation>)', re.S)
# KaTeX's outermost element, which `translate="no"` goes on (`_untranslated`).
_KATEX_OPENING = re.compile(r'\A<span class="katex(?:-display)?"')
# KaTeX on its console: a character none of its fonts has (an emoji, 𝟚, typed as it is).
_NO_METRICS = re.compile(r"No character metrics for '(.+?)' in style ", re.S)
_HAS_DELIMITER = re.compile(r"\$|\\\(|\\\[|\\begin")
# What makes a formula depend on the rest of its post (macros, labels, references, numbers).
_STATEFUL = re.compile(r"\\(?:[a-z]*def|newcommand|renewcommand|providecommand|Declare|let|"
                       r"require|ref|eqref|label|tag|begin|global)")
SHARED_FORMULAS = 1024  # formulas remembered per process (the first: ~2.5 KB inline, ~9 display)
SHARED_PLAIN_TEXTS = 4096  # formulas' plain texts remembered per process (the first)

# The equation anchors `_display_wrapper` writes: the id of a display, an extra label's span.
_ANCHORS = re.compile(r'(<(?:div|span) class="math-display") id="[^"]*"'
                      r'|<span class="math-anchor" id="[^"]*"></span>')


@dataclass
class Label:
    """What a label of a post's formula stands for: its number, its anchor, its line."""

    tag: str | None  # the number or \tag text shown by references; None if unnumbered
    anchor: str
    line: int | None


@dataclass
class _RefUse:
    """A reference met in a post, checked once every label of the post is known."""

    kind: str
    label: str
    line: int | None


class MathDocument:
    def __init__(
        self,
        engine: MathEngine,
        source_path: Path | None,
        line_offset: int,
        output: str,
        quiet: bool,
    ) -> None:
        self.engine = engine
        self.settings = engine.settings
        self.source_path = source_path
        self.line_offset = line_offset
        self.output = output
        self.quiet = quiet
        self.macros = engine.site_macros.copy()
        self._own_macros = False  # the post defined macros: its formulas are its own
        self.diagnostics: list[Diagnostic] = []
        self.has_math = False
        self._counter = 0
        self._labels: dict[str, Label] = {}
        self._label_keys: dict[str, str] = {}
        self._refs: list[_RefUse] = []
        self._numbers_by_tex: dict[str, list[str]] = {}
        self._refs_checked = False

    # ----------------------------------------------------------------- called by render rules

    def render_token(self, token: Any) -> str:
        """Render a `math_inline`, `math_block`, `math_ref` or `math_unclosed` token from
        `math_plugin`."""
        meta = token.meta or {}
        line = self._file_line(meta.get("content_line", meta.get("line")), token)
        if token.type == "math_unclosed" or meta.get("doubt"):
            self._say_of_delimiters(token, line)
        if "blank_line" in meta:
            self._say_of_blank_line(token)
        if token.type == "math_unclosed":
            return ""
        if token.type == "math_ref":
            kind = meta.get("kind", "eqref")
            label = meta.get("label", "")
            self._refs.append(_RefUse(kind, label, line))
            return self._placeholder(kind, label)
        display = bool(meta.get("display", token.type == "math_block"))
        html = self._render(
            token.content,
            display,
            self.output,
            line=line,
            body=True,
            delim=meta.get("delim"),
            block=token.type == "math_block",
        )
        return html + "\n" if token.type == "math_block" and html else html

    def _say_of_delimiters(self, token: Any, line: int | None) -> None:
        """Say what a delimiter without its partner did: a formula never closed, or one that
        took prose (`meta["doubt"]`)."""
        meta = token.meta or {}
        if token.type == "math_unclosed":
            # The text after it is shown as written; the writer learns why their formula is not
            # there, as they do of one KaTeX cannot render.
            level = "error" if self.settings.strict else "warning"
            if meta.get("delim") == "$":
                if not meta.get("explained"):  # (by a formula before it that took prose)
                    why = (" (a `$` after a space or before a digit closes no formula)"
                           if meta.get("refused") else "")
                    self._report(level, f"formula opened with `$` before `{meta.get('lead')}` "
                                 f"is never closed with `$`: shown as text{why}", line)
                return
            opening, closing = DELIMITERS.get(meta.get("delim", ""), ("$$", "$$"))
            self._report(level, f"display formula opened with `{opening}` is never closed with "
                         f"`{closing}`: shown as text", line)
        elif meta.get("doubt"):
            # It renders; the prose it took does not read as prose, nor the formula after it.
            self._report("warning", meta["doubt"], line)

    def _say_of_blank_line(self, token: Any) -> None:
        """A display formula with a blank line inside: it renders whole (KaTeX reads the line
        as a space), but LaTeX ends the paragraph, and the formula, there in an error ("Missing
        $ inserted"), as do Markdown renderers that split it into two paragraphs; said once,
        at the first such line."""
        opening, closing = _delimiters_of(token)
        self._report("warning", f"blank line inside `{opening}`…`{closing}`: LaTeX ends the "
                     "formula there with an error, and so do Markdown renderers that read it "
                     "as two paragraphs; it is rendered whole here, but delete the line (or "
                     "put a lone `%` on it)", self._file_line(token.meta["blank_line"], token))

    def report_delimiters(self, tokens: Sequence[Any], line: int | None) -> None:
        """Say, at `line`, what delimiters without their partner did in a one-line text
        outside the body (a post's title, whose tokens are `tokens`), as `render_token` says
        it of the body's."""
        for token in tokens:
            for child in token.children or ():
                self._say_of_delimiters(child, line)

    def absorb_definitions(self, text: str) -> None:
        """Record macros defined inside raw HTML (a hidden `<div>` of `\\newcommand`s)."""
        if _HAS_DELIMITER.search(text):
            for macro in extract_definitions(text).macros:
                self.macros.define(macro)
                self._own_macros = True

    # ------------------------------------------------------------------------- public API

    def render(self, tex: str, display: bool = False, output: str | None = None,
               numbered: bool = True, report_at: int | None = None) -> str:
        """Render one formula outside the body (excerpts, feeds, headings in a TOC).

        Uses the macros and labels the body rendering collected (render the body first), reuses
        the equation numbers the same formula got in the body (none with `numbered=False`, as
        in an excerpt), and adds no diagnostics: the body rendering already reported every
        formula — but for a formula that is in no body (the title, a written summary), whose
        problems are reported at line `report_at` of the file. A reference shows its number
        as text, not as a link: the equation it names is on the post's page, not on a card.
        """
        html = self._render(tex, display, output or self.output, line=report_at, body=False,
                            numbered=numbered, report=report_at is not None)
        return self._resolve(html, link=False)

    def shown_again(self, html: str) -> str:
        """Rendered HTML of the body (`render_token`) to show a second time on the page, as a
        heading is in the table of contents: references resolved, and without the equation
        anchors, whose ids the page holds once, where the equations are."""
        return _ANCHORS.sub(lambda match: match.group(1) or "", self._resolve(html))

    def plain_text(self, tex: str) -> str:
        """Readable one-line text of a formula (meta description, OpenGraph, feed summaries)."""
        def ref(kind: str, label: str) -> str:
            found = self._labels.get(label)
            if found is None or found.tag is None:
                return unknown_ref_text(kind)
            return ref_text(kind, found.tag)

        return self._plain_text(tex, ref)

    def name(self, tex: str) -> str:
        """The plain text of a formula of the body, to name it by in the body's HTML (a
        heading's formula's aria-label). Its references are placeholders that `finalize` (and
        `shown_again`) swap for their numbers: an `\\eqref` of an equation further down the
        post, not numbered yet as the heading is rendered, is named by its number too."""
        return self._plain_text(
            tex, lambda kind, label: self._placeholder(kind, label, in_text=True))

    def _plain_text(self, tex: str, ref: Callable[[str, str], str]) -> str:
        # A formula read in a post with no macros of its own, that names no equation (even
        # through a site macro), reads the same in every post: it is read once per process
        # (`$x$` and `$\theta$` are in most posts of a paper-notes blog, several times).
        shared = not self._own_macros
        if shared and (known := self.engine.plain_texts.get(tex)) is not None:
            return known
        named = False

        def noted(kind: str, label: str) -> str:
            nonlocal named
            named = True
            return ref(kind, label)

        read = tex
        definitions = extract_definitions(read)
        if definitions.edits:
            read = apply_edits(read, definitions.edits).text
        # read as KaTeX is given it: MathJax's looser TeX and the physics package's commands
        # rewritten (as written, `\qand \braket{a}{b}` would read "qand braketab")
        if edits := mathjax_edits(read, True, self._macro_params, drawn=False):
            read = apply_edits(read, edits).text
        text = plaintext.plain_text(self.macros.expand(read), noted)
        if shared and not named and len(self.engine.plain_texts) < SHARED_PLAIN_TEXTS:
            self.engine.plain_texts[tex] = text
        return text

    def finalize(self, html: str) -> str:
        """Resolve references (forward ones too) and report undefined labels once."""
        if not self._refs_checked:
            self._refs_checked = True
            for use in self._refs:
                if use.label not in self._labels:
                    self._report_undefined(use)
        return self._resolve(html)

    def _report_undefined(self, use: _RefUse) -> None:
        command = "\\eqref" if use.kind == "eqref" else "\\ref"
        self._report("warning", f"undefined equation label '{use.label}' ({command})", use.line)

    # ------------------------------------------------------------------------ rendering

    def _render(
        self,
        tex: str,
        display: bool,
        output: str,
        *,
        line: int | None,
        body: bool,
        delim: str | None = None,
        block: bool = False,
        numbered: bool = True,
        report: bool = False,
    ) -> str:
        # A formula that defines, labels or references nothing, in a post with no macros of
        # its own, renders the same wherever it is: the same `$x$` in a hundred posts is
        # worked out once per process. So does a display formula, but where every display
        # is numbered (its number is its post's).
        shared = None
        if not self._own_macros and not _STATEFUL.search(tex) and (
                not display or self.settings.numbering != "all"):
            # (and a page's apart from a feed's: a page's colours have stand-ins for dark
            # screens, a feed's none, whichever of the two a process drew first)
            shared = (tex, display, output, self.quiet)
            known = self.engine.shared_formulas.get(shared)
            if known is not None:
                self.has_math = self.has_math or body
                html, key = known
                self.engine.cache.note(key)  # (the render it came from is this post's too)
                html = self._untranslated(html)
                return self._display_wrapper(html, [], block) if display else html
            # The TeX for KaTeX that the prefetch walk worked out for it a moment ago (it
            # depends on nothing of the post either).
            walked, formula = self.engine.walked_shared, (tex, display)
            ready = walked.get(formula) if self.engine.walking else walked.pop(formula, None)
            if ready is not None:
                return self._finish(tex, *ready, output, line=line, body=body, delim=delim,
                                    shared=shared, display=display, block=block, report=report)
        definitions = extract_definitions(tex)
        for macro in definitions.macros:
            self.macros.define(macro)
            self._own_macros = True
        edits: list[Edit] = list(definitions.edits)
        # Blank the definitions out (same length) so later scans see neither their bodies nor
        # shifted positions.
        scan = _blank(tex, definitions.edits)
        edits.extend(mathjax_edits(scan, display, self._macro_params))

        plan = None
        if display:
            allocate = self._allocator(tex, body)
            plan = plan_display(scan, self.settings.numbering, allocate, self._tag, numbered)
            edits.extend(plan.edits)
        for use in find_refs(scan):
            if body:
                self._refs.append(_RefUse(use.kind, use.label, line))
            elif report and use.label not in self._labels:  # (the body's are all known)
                self._report_undefined(_RefUse(use.kind, use.label, line))
            word = self._placeholder(use.kind, use.label)
            edits.append(Edit(use.start, use.end, f"\\text{{{word}}}"))

        rewrite = apply_edits(tex, edits)
        if not rewrite.text.strip():
            return ""  # a formula that only defines macros shows nothing

        anchors: list[str] = []
        if plan is not None and body:
            self._numbers_by_tex.setdefault(tex, plan.numbers)
            for use in plan.labels:
                anchors.extend(self._register_label(use.label, use.tag, line, tex, use.position))

        prefix = self.macros.prefix_for(rewrite.text)
        if shared is not None and self.engine.walking:
            self.engine.walked_shared[tex, display] = (rewrite, prefix)
        return self._finish(tex, rewrite, prefix, output, line=line, body=body, delim=delim,
                            shared=shared, display=display, block=block, plan=plan,
                            anchors=anchors, report=report)

    def _finish(self, tex: str, rewrite: Rewrite, prefix: str, output: str, *,
                line: int | None, body: bool, delim: str | None,
                shared: tuple[str, bool, str, bool] | None,
                display: bool = False, block: bool = False, plan: NumberPlan | None = None,
                anchors: Sequence[str] = (), report: bool = False) -> str:
        """The formula's HTML, once its TeX for KaTeX (`prefix` + `rewrite`) is worked out;
        `shared`: its key when it renders the same in any post (`shared_formulas`); its
        problems are reported for the body and when `report` says (a formula outside it that
        no body rendering reports)."""
        report = report or body
        level = "error" if self.settings.strict else "warning"
        depth = self._too_deep(rewrite.text, prefix)
        if depth is not None:
            message = (f"formula nested too deeply ({depth} levels of {{…}}, \\left or \\begin;"
                       f" at most {MAX_NESTING}): shown as written")
            if report:
                self._report(level, message, line)
            return self._error_element(tex, message, delim, display, block, anchors)
        result = self.engine.katex(prefix + rewrite.text, display, output)
        if self.engine.walking:
            # `prefetch` asks only which formulas KaTeX has yet to render: their HTML, or why
            # they fail, is the post's rendering's to work out. (Finished in its quiet copy of
            # the document, an inline formula KaTeX had rendered before was shared without
            # the stand-ins of its colours for dark screens, which only a page's rendering
            # adds: dimmer in dark mode where the walk found its drawing known, from the cache
            # of an earlier build or another post.)
            return ""
        if result.html is None:
            message, error_line = self._explain(result.error or "", tex, rewrite, len(prefix), line)
            if report:
                self._report(level, f"KaTeX: {message}", error_line)
            return self._error_element(tex, f"KaTeX: {message}", delim, display, block,
                                       anchors)

        # (MathML Core shows no `mathvariant` but "normal": 𝔼, not E, where MathML is shown;
        # and MathML alone on the page is laid out by the browser: `\log p` needs its space)
        html = mathml_look(result.html, page=True) if output == "mathml" \
            else as_references(styled_letters(result.html))
        if not self.quiet:  # (a page's, not a feed's: feed readers have their own colours)
            html = for_dark_screens(html)
        untrusted = _UNTRUSTED.findall(html)
        if report:
            for said in dict.fromkeys(result.warnings):
                self._report("warning", _console_warning(said), line)
            for command in dict.fromkeys(untrusted):
                self._report(level, f"`\\{command}` is drawn in red as written: KaTeX makes "
                             "links, images and HTML in formulas only when told to trust the "
                             "text, which blogforge does not; put the link outside the formula "
                             "([text](url))", line)
        if plan is not None and plan.mathml_tags:
            html = fill_mathml_tags(html, plan.mathml_tags)
        # KaTeX's MathML annotation would carry our rewritten TeX; readers and copy-paste
        # should get what the author wrote.
        html = _ANNOTATION.sub(lambda m: m.group(1) + escape(tex, quote=False) + m.group(3), html)
        if body:
            self.has_math = True
        # (one KaTeX warned about, or drawn untrusted, is reported again in each post: never
        # shared)
        if shared is not None and not result.warnings and not untrusted \
                and len(self.engine.shared_formulas) < SHARED_FORMULAS:
            self.engine.shared_formulas[shared] = \
                html, self.engine.key(prefix + rewrite.text, display, output)
        if not display:
            return self._untranslated(html)
        return self._display_wrapper(self._untranslated(html), anchors, block)

    def _untranslated(self, html: str) -> str:
        """A page's formula marked `translate="no"`: a browser's page translation turned its
        letters and operators into words, and moved them about. (Not a feed's: feed readers
        translate nothing. Marked as it is shown, not as it is shared between posts: a feed
        takes the shared ones too.)"""
        if self.quiet:
            return html
        return _KATEX_OPENING.sub(lambda m: m.group(0) + ' translate="no"', html, count=1)

    def _too_deep(self, text: str, prefix: str) -> int | None:
        """The nesting of a formula KaTeX must not be given (texscan.MAX_NESTING), else None;
        with its macros expanded when it uses some (a macro may nest in each use)."""
        depth = too_deep(text)
        if depth is None and prefix:
            depth = too_deep(self.macros.expand(text))
        return depth

    def _allocator(self, tex: str, body: bool) -> Callable[[], str | None]:
        """Equation numbers: fresh ones for the body; the body's own ones again for excerpts."""
        if body:

            def allocate() -> str | None:
                self._counter += 1
                return str(self._counter)

            return allocate
        recorded = iter(self._numbers_by_tex.get(tex, []))
        return lambda: next(recorded, None)

    def _macro_params(self, name: str) -> int | None:
        macro = self.macros.get(name)
        return macro.params if macro is not None else None

    def _tag(self, tag_tex: str) -> str:
        return plaintext.plain_text(self.macros.expand(tag_tex))

    def _register_label(
        self, label: str, tag: str | None, line: int | None, tex: str, position: int
    ) -> list[str]:
        where = line + tex[:position].count("\n") if line is not None else None
        if label in self._labels:
            self._report("warning", f"duplicate equation label '{label}'", where)
            return []
        anchor = anchor_id(label)
        self._labels[label] = Label(tag, anchor, where)
        return [anchor]

    def _placeholder(self, kind: str, label: str, in_text: bool = False) -> str:
        self._label_keys[label_key(label)] = label
        return placeholder_word(kind, label, in_text)

    def _resolve(self, html: str, link: bool = True) -> str:
        """Placeholders swapped for the references' numbers: links to the equations, or
        (`link=False`) the numbers as text."""
        def number(match: re.Match[str]) -> str:
            kind = "eqref" if match.group(1) in "Ee" else "ref"
            label = self._label_keys.get(match.group(2))
            found = self._labels.get(label) if label is not None else None
            if match.group(1).islower():  # in plain text (a formula's name): the number alone
                return escape(unknown_ref_text(kind) if found is None or found.tag is None
                              else ref_text(kind, found.tag))
            if found is None or found.tag is None:
                missing = "(??)" if kind == "eqref" else "??"
                return f'<span class="math-ref math-ref-missing">{missing}</span>'
            text = escape(ref_text(kind, found.tag))
            if not link:
                return f'<span class="math-ref">{text}</span>'
            return f'<a class="math-ref" href="#{escape(found.anchor)}">{text}</a>'

        return PLACEHOLDER.sub(number, html)

    # ----------------------------------------------------------------------- output shapes

    @staticmethod
    def _display_wrapper(html: str, anchors: list[str], block: bool) -> str:
        tag = "div" if block else "span"  # a display formula inside a paragraph stays phrasing
        ident = f' id="{escape(anchors[0])}"' if anchors else ""
        extra = "".join(f'<span class="math-anchor" id="{escape(a)}"></span>' for a in anchors[1:])
        return f'<{tag} class="math-display"{ident}>{extra}{html}</{tag}>'

    @staticmethod
    def _error_element(
        tex: str, message: str, delim: str | None, display: bool, block: bool,
        anchors: Sequence[str] = (),
    ) -> str:
        opening, closing = DELIMITERS.get(delim or "", ("", ""))
        newline = "\n" if block and opening else ""
        source = f"{opening}{newline}{tex}{newline}{closing}"
        tag = "div" if block else "span"
        kind = "math-error math-error-display" if display else "math-error"
        title = escape(message)
        # (its labels' anchors still: an `\eqref` to it is numbered, and its link lands on
        # the formula as written, not nowhere)
        marks = "".join(f'<span class="math-anchor" id="{escape(a)}"></span>' for a in anchors)
        return (f'<{tag} class="{kind}" title="{title}" translate="no">'
                f'{marks}{escape(source, quote=False)}</{tag}>')

    # ---------------------------------------------------------------------- diagnostics

    def _file_line(self, line: int | None, token: Any) -> int | None:
        if line is None and getattr(token, "map", None):
            line = token.map[0]
        if line is None:
            return None
        return self.line_offset + line + 1

    def _report(self, level: str, message: str, line: int | None) -> None:
        if self.quiet:
            return
        self.diagnostics.append(Diagnostic(level, message, self.source_path, line))  # type: ignore[arg-type]

    @staticmethod
    def _explain(
        raw: str, tex: str, rewrite: Rewrite, prefix_length: int, line: int | None
    ) -> tuple[str, int | None]:
        """KaTeX's message with the context shown in the author's TeX, and the line it is on."""
        error = parse_error(raw)
        message = error.message
        instead = what_to_write_instead(message)
        if not instead and "'#'" in message and (optional := _OPTIONAL_ARGUMENT().search(tex)):
            instead = (f"KaTeX's \\{optional.group(1)} cannot give a first argument a "
                       f"default (`{optional.group(0)}`), as LaTeX and MathJax can: define the "
                       "macro without it, or one macro for each form")
        if not instead and (named := _UNNAMED_MACRO.match(message)):
            # (`\newcommand{B}{\mathcal{B}}`: KaTeX's advice, \renewcommand, would not help)
            instead = (f"a macro's name starts with a backslash: `\\newcommand{{\\"
                       f"{named.group(1)}}}{{…}}`, used as `\\{named.group(1)}`")
        if not instead and message == "Can't use function '$' in math mode":
            # (`$$$x$$$`, `$$ $x$ (31) $$`, `$$d=n*m$ $`: what KaTeX names is the writer's
            # stray dollar, which its words do not make plain)
            instead = ("a `$` inside the formula: typed once too often, or a `$…$` written "
                       "inside `$$…$$`? (a dollar sign in a formula is `\\$`)")
        advice = f": {instead}" if instead else ""
        if error.position is None:
            # (KaTeX found the end while waiting for a `}`: said at the `{` left open, not at
            # the first line of a long derivation)
            brace = unclosed_brace(tex) if "'}'" in message else None
            if brace is not None:
                where = line + tex[:brace].count("\n") if line is not None else None
                return (f"{message}: this `{{` is never closed (at {_snippet(tex, brace)})"
                        f"{advice}", where)
            return f"{message} (at the end of {_snippet(tex, None)}){advice}", line
        position = error.position - prefix_length
        if position < 0:
            return f"{message} (in a macro definition this formula uses){advice}", line
        original = min(rewrite.original_position(position), len(tex))
        where = line + tex[:original].count("\n") if line is not None else None
        return f"{message} (at {_snippet(tex, original)}){advice}", where


# KaTeX's words for a macro named without its backslash, `\newcommand{B}{…}`
_UNNAMED_MACRO = re.compile(r"\\(?:re)?newcommand\{([A-Za-z]+)\} attempting to redefine")
# `\newcommand{\pd}[2][]{…}`: a default for an optional first argument, which KaTeX lacks
_OPTIONAL_ARGUMENT = compiled_when_used(r"\\((?:re|provide)?newcommand)\*?\s*\{?\\[A-Za-z]+\}?\s*"
                                        r"\[\d\]\s*\[[^\]]*\]")


# KaTeX draws a command it may not run untrusted (\href, \url, \includegraphics, \htmlClass…)
# as its name in the error colour, without an error: its MathML says which.
_UNTRUSTED = re.compile(r'<mstyle mathcolor="#cc0000"><mtext>\\(\w+)</mtext></mstyle>')


def _console_warning(said: str) -> str:
    """What KaTeX said on its console while rendering a formula, as a warning of it."""
    metrics = _NO_METRICS.match(said)
    if metrics:
        return (f"KaTeX: no font of KaTeX has '{metrics.group(1)}': the browser draws it "
                "from another font, which may not line up with the formula")
    return f"KaTeX: {said}"


_ENVIRONMENT = re.compile(r"\\begin\{([^}]*)\}")


def _delimiters_of(token: Any) -> tuple[str, str]:
    """What a display formula's TeX is written between, as the writer typed it."""
    delim = (token.meta or {}).get("delim", "$$")
    if delim == "env":
        environment = _ENVIRONMENT.match(token.content)
        name = environment.group(1) if environment else "equation"
        return f"\\begin{{{name}}}", f"\\end{{{name}}}"
    return DELIMITERS.get(delim, ("$$", "$$"))


def _blank(tex: str, edits: list[Edit]) -> str:
    if not edits:
        return tex
    chars = list(tex)
    for edit in edits:
        for k in range(edit.start, edit.end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def _snippet(tex: str, position: int | None, width: int = 30) -> str:
    """The formula (or the part around `position`) on one line, quoted."""
    if len(tex) <= 2 * width or position is None and len(tex) <= 3 * width:
        text = tex
    elif position is None:
        text = tex[: 2 * width] + "…"
    else:
        start = max(0, position - width)
        text = ("…" if start else "") + tex[start : position + width]
        text += "…" if position + width < len(tex) else ""
    return '"' + " ".join(text.split()) + '"'
