"""Parsing: which text becomes math, and that the TeX survives Markdown untouched."""

from __future__ import annotations

import html
import random
import re

import pytest
from markdown_it import MarkdownIt

from blogforge.math import MathEngine, MathSettings, math_plugin
from blogforge.math.katex import KatexResult

MD = MarkdownIt("commonmark").enable("table").use(math_plugin)


class SpyEngine(MathEngine):
    """Records the exact TeX handed to KaTeX (cached or not)."""

    def __init__(self) -> None:
        super().__init__(MathSettings())
        self.seen: list[str] = []

    def katex(self, tex: str, display: bool, output: str) -> KatexResult:
        self.seen.append(tex)
        return super().katex(tex, display, output)


ENGINE = SPY = SpyEngine()


def render(source: str) -> str:
    doc = ENGINE.document("post.md", 0)
    out = doc.finalize(MD.render(source, {"math": doc}))
    assert not doc.diagnostics, [str(d) for d in doc.diagnostics]
    return out


def formulas(out: str) -> list[str]:
    """The TeX of every rendered formula, from KaTeX's MathML annotation."""
    found = re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', out, re.S)
    return [html.unescape(t) for t in found]


def math_tokens(source: str) -> list:
    tokens = []
    for token in MD.parse(source):
        if token.type == "math_block":
            tokens.append(token)
        for child in token.children or []:
            if child.type == "math_inline":
                tokens.append(child)
    return tokens


def test_subscripts_are_not_emphasis():
    out = render("$w_i$ and $b_i$")
    assert "<em>" not in out
    assert formulas(out) == ["w_i", "b_i"]
    assert "<msub><mi>w</mi><mi>i</mi></msub>" in out


def test_stars_are_not_emphasis():
    out = render("the optimum $p^*$ and its dual $q^*$ agree")
    assert "<em>" not in out and "<strong>" not in out
    assert formulas(out) == ["p^*", "q^*"]


def test_currency_is_not_math():
    out = render("it costs $5 and $10 today")
    assert "katex" not in out
    assert "<p>it costs $5 and $10 today</p>" in out


def test_number_between_dollars_is_math():
    out = render("use $5$ folds")
    assert formulas(out) == ["5"]
    assert "<mn>5</mn>" in out


def test_escaped_dollar_is_literal():
    out = render(r"price: \$3 per $x$")
    assert formulas(out) == ["x"]
    assert "price: $3 per" in out


def test_dollar_in_code_is_not_math():
    out = render("run `echo $HOME` and `$PATH$` now")
    assert "katex" not in out
    assert "<code>echo $HOME</code>" in out and "<code>$PATH$</code>" in out


def test_code_block_keeps_dollars():
    out = render("```\n$$x_1$$ and $y$\n```\n\n    $z$ indented\n")
    assert "katex" not in out
    assert "$$x_1$$ and $y$" in out and "$z$ indented" in out


def test_a_dollar_inside_a_group_belongs_to_the_formula():
    # MathJax and KaTeX's auto-render count braces: `$` inside `\text{…}` opens a formula in
    # the text, it does not close the outer one (the page showed `$\text{if ` and `}$` raw)
    out = render(r"the loss is $f(x) = \text{$x$ if $x_1 > 0$, else } 0$ here, and $y$")
    assert formulas(out) == [r"f(x) = \text{$x$ if $x_1 > 0$, else } 0", "y"]
    assert "$" not in re.sub(r"<annotation[^>]*>.*?</annotation>", "", out, flags=re.S)
    # an escaped brace is no group: the `$` after it closes as before
    assert formulas(render(r"a set $\{x$ and $y\}$")) == [r"\{x", r"y\}"]


def test_kramdown_double_dollar_inline():
    out = render("the state $$x_t$$ at step t")
    assert formulas(out) == ["x_t"]
    assert "katex-display" not in out and "math-display" not in out
    assert out.startswith('<p>the state <span class="katex" translate="no">')


def test_display_block_on_own_lines():
    out = render("$$\nE = mc^2\n$$")
    assert '<div class="math-display"><span class="katex-display" translate="no">' in out
    assert formulas(out) == ["E = mc^2"]


def test_display_block_glued_to_text_above_and_below():
    out = render("text above\n$$\na = b\n$$\ntext below")
    above, display, below = (out.index(s) for s in ("text above", "math-display", "text below"))
    assert above < display < below
    assert "<p>text above</p>" in out and "<p>text below</p>" in out
    assert formulas(out) == ["a = b"]


def test_single_line_display_glued():
    out = render("where\n$$a^2+b^2=c^2$$\nholds")
    assert "<p>where</p>" in out and "<p>holds</p>" in out
    assert formulas(out) == ["a^2+b^2=c^2"]


def test_inline_math_over_a_soft_line_break():
    out = render("so $a +\nb = c$ holds")
    assert formulas(out) == ["a +\nb = c"]
    assert "<mi>b</mi>" in out


def test_less_than_is_not_html():
    out = render("if $a<b$ then $x <b> y$")
    assert "<b>" not in out and "<b " not in out
    assert formulas(out) == ["a<b", "x <b> y"]
    assert "<mo>&lt;</mo>" in out


def test_braces_survive():
    out = render(r"the set $\{x \mid x>0\}$ is open")
    assert formulas(out) == [r"\{x \mid x>0\}"]
    assert '<mo stretchy="false">{</mo>' in out and '<mo stretchy="false">}</mo>' in out


def test_link_like_tex_is_not_a_link():
    out = render(r"Fourier: $\mathcal{F}[f](t)$")
    assert "<a " not in out
    assert formulas(out) == [r"\mathcal{F}[f](t)"]


def test_nested_braces_subscript():
    out = render(r"energy $E_{{\rm e}_{ij}}$ here")
    assert formulas(out) == [r"E_{{\rm e}_{ij}}"]
    assert "math-error" not in out


def test_operatorname_with_escaped_underscore():
    out = render(r"$\operatorname{Gini\_index}(D)$")
    assert formulas(out) == [r"\operatorname{Gini\_index}(D)"]
    assert "Gini_index" in out and "<em>" not in out


@pytest.mark.parametrize(
    "source",
    [
        "$${}$$ inline",
        "${}$",
        "\\({}\\)",
        "$$\n{}\n$$",
    ],
)
def test_tex_reaches_katex_exactly_as_written(source):
    # Markdown escapes, emphasis, links, raw HTML and template syntax must all pass through.
    tex = "\\{a\\}_* \\\\ [f](t) <b {{ x }} \\_ *c* d_e \\, {%\n y}"
    SPY.seen.clear()
    SPY.shared_formulas.clear()  # (a formula met before is not handed over again)
    out = render(source.replace("{}", tex))
    assert SPY.seen == [tex]
    assert formulas(out) == [tex]


def test_cases_block_keeps_double_backslash():
    source = "$$\nf(x) = \\begin{cases}\n1 & x > 0 \\\\\n0 & \\text{otherwise}\n\\end{cases}\n$$"
    SPY.seen.clear()
    SPY.shared_formulas.clear()  # (a formula met before is not handed over again)
    out = render(source)
    assert len(SPY.seen) == 1 and "1 & x > 0 \\\\\n0" in SPY.seen[0]
    assert out.count("<mtr>") == 2


def test_table_cell_escaped_pipe():
    out = render("| p | q |\n|---|---|\n| $P(y\\|x)$ | ok |\n")
    assert re.search(r"<td><span class=\"katex\" translate=\"no\">.*</span></td>", out)
    assert formulas(out) == ["P(y|x)"]


def test_blockquote_inline_and_display():
    out = render("> quote $x_1$\n> $$\n> y^2\n> $$\n> end")
    assert formulas(out) == ["x_1", "y^2"]
    assert "&gt;" not in "".join(formulas(out))
    assert out.startswith("<blockquote>") and "math-display" in out


def test_list_item_math():
    out = render("- first $a_1$\n- second\n  $$\n  b_2\n  $$\n- third")
    assert formulas(out) == ["a_1", "b_2"]
    assert out.count("<li>") == 3


def test_citation_brackets_are_not_math():
    out = render("as shown in \\[1\\] and \\[2, 3\\], we have \\[ a^2 \\] here")
    assert "[1]" in out and "[2, 3]" in out
    assert formulas(out) == [" a^2 "]
    assert '<span class="math-display">' in out


def test_escaped_parens_around_an_equation_number_are_not_math():
    # (GitBook's and Typora's Markdown number a formula so: "(1)" in Jekyll, Hexo and GitHub;
    # it was a formula of the number alone, and "(2)代入(1)式" read "2代入1式"; a paragraph
    # that writes its formulas between `\\(` and `\\)` means its `\\(128\\)` as one too)
    out = render("$$L = \\sum_i \\alpha_i$$ \\(1\\) and $$x$$ \\(\\*\\)\n\n"
                 "\\(2\\)代入\\(1\\)式，由此可得\n\n"
                 "典型地 \\(d = 64\\) 或 \\(128\\)，而 \\(p_\\theta(x)\\) 是公式")
    assert "(1) and" in out and "(*)</p>" in out and "<p>(2)代入(1)式，由此可得</p>" in out
    assert formulas(out) == ["L = \\sum_i \\alpha_i", "x", "d = 64", "128", "p_\\theta(x)"]


def test_gitlab_dollar_backtick_formula_is_math():
    # (GitLab's syntax, which GitHub reads too and Notion's Markdown export writes: the page
    # showed "$" around a code span of raw TeX)
    out = render("序列中的位置 $`0 \\le k < M`$，超场的 $``\\mathcal{F}``$ -项；"
                 "a price $`5`, and code `$x`$ stay")
    assert formulas(out) == ["0 \\le k < M", "\\mathcal{F}"]
    written, prose = out.split("a price")
    assert "$<code" not in written and "</code>$" not in written
    assert prose.startswith(" $<code>5</code>, and code <code>$x</code>$ stay")


def test_display_brackets_block():
    out = render("\\[\n\\sum_i x_i\n\\]")
    assert formulas(out) == ["\\sum_i x_i"]
    assert out.startswith('<div class="math-display">')


def test_paren_delimiters_inline():
    out = render(r"model \(p_\theta(x)\) fits")
    assert formulas(out) == [r"p_\theta(x)"]
    assert "math-display" not in out


def test_top_level_environment_without_dollars():
    out = render("We have\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\nso done.")
    assert "<p>We have</p>" in out and "<p>so done.</p>" in out
    assert formulas(out) == ["\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}"]
    assert "(1)" in out and "(2)" in out


def test_math_fence():
    out = render("```math\n\\frac{a}{b}\n```")
    assert formulas(out) == ["\\frac{a}{b}"]
    assert "<code" not in out


def test_emphasis_outside_math_still_works():
    out = render("*yes* $a*b*c$ _also_")
    assert out.count("<em>") == 2
    assert formulas(out) == ["a*b*c"]


def test_unclosed_dollar_is_text():
    out = render("a lone $x here")
    assert "katex" not in out and "a lone $x here" in out


UNCLOSED = "display formula opened with `{0}` is never closed with `{1}`: shown as text"


def render_reporting(source: str) -> tuple[str, list[str]]:
    """The HTML and what the post's math reported (`line: level: message`)."""
    doc = ENGINE.document("post.md", 0)
    out = doc.finalize(MD.render(source, {"math": doc}))
    return out, [f"{d.line}: {d.level}: {d.message}" for d in doc.diagnostics]


@pytest.mark.parametrize(
    ("source", "line", "shown"),
    [
        ("intro\n\n$$\n\\sum_i x_i\n\nmore text\n", 3, "<p>$$\n\\sum_i x_i</p>"),
        ("intro\n$$ \\sum_i x_i\n", 2, "<p>intro\n$$ \\sum_i x_i</p>"),
        ("a $$x_1$$ closed, then $$ y\n", 1, "closed, then $$ y</p>"),
        ("> quote\n> $$\n> x\n", 2, "<p>quote\n$$\nx</p>"),
        ("- item\n- $$\n  x\n- next\n", 2, "<li>$$\nx</li>"),
        ("| a |\n| - |\n| $$ x |\n", 3, "<td>$$ x</td>"),
        ("text\n\n\\[\nx = y\n", 3, "<p>[\nx = y</p>"),  # (the escape's `[`, as ever)
        ("text\n\n<div>\n$$\n</div>\n", 4, "<div>\n$$\n</div>"),  # (in raw HTML too)
    ],
)
def test_a_formula_never_closed_is_text_with_one_warning_at_its_opening(source, line, shown):
    out, reported = render_reporting(source)
    assert shown in out
    delimiters = ("\\[", "\\]") if "\\[" in source else ("$$", "$$")
    assert reported == [f"{line}: warning: " + UNCLOSED.format(*delimiters)]


@pytest.mark.parametrize(
    "later",
    ["Then $x_0$ is the input.", "## Then", "```python\nprint(1)\n```", "~~~\nls\n~~~",
     "`$x$` then $y$"],
)
def test_a_display_formula_is_not_closed_past_a_blank_line_by_the_next_formulas_opening(later):
    # (`later`: a line no formula holds — prose with a formula, a heading, a code fence)
    shown = f"z_{{{len(later)}}}"  # (one of its own: a formula seen before is shared)
    source = f"$$\nx^2\n\n{later}\n\n$$\n{shown}\n$$\n"
    SPY.seen.clear()
    out, reported = render_reporting(source)
    assert shown in SPY.seen and "x^2" not in "".join(SPY.seen)
    assert "<p>$$\nx^2</p>" in out
    assert reported == ["1: warning: " + UNCLOSED.format("$$", "$$")]


@pytest.mark.parametrize(
    "inside",
    ["+ b", "\\text{if $b > 0$}", "x \\$ y", "a `$` b"],
)
def test_a_display_formula_with_a_blank_line_is_still_one_formula(inside):
    # (a `$` in a group, escaped, or in code, is no formula of the prose)
    source = f"$$\na_{{{len(inside)}}}\n\n{inside}\n$$\n"
    SPY.seen.clear()
    _, reported = render_reporting(source)
    assert SPY.seen == [f"a_{{{len(inside)}}}\n\n{inside}"]
    assert not [said for said in reported if "never closed" in said]


@pytest.mark.parametrize(
    ("source", "tex"),
    [
        ("a $$x `$$` y$$ b", "x `$$` y"),  # (a code span's `$$` is code)
        ("$$\na `$$` b\n$$", "a `$$` b"),
        ("$$\nx \\$$ y\n$$", "x \\$$ y"),  # (an escaped dollar)
        ("\\[\nx \\\\] y\n\\]", "x \\\\] y"),  # (a TeX line break `\\` before `]`)
    ],
)
def test_a_formula_is_read_whole_past_a_closing_in_code_or_after_a_backslash(source, tex):
    SPY.seen.clear()
    _, reported = render_reporting(source)
    assert SPY.seen == [tex]
    assert not [said for said in reported if "never closed" in said]


def test_dollars_and_brackets_that_open_nothing_are_not_warned_about():
    # every way a `$$` or `\[` stays text on purpose, then one formula left open (line 27)
    source = (
        "it costs $5 and $10 today\n\n"  # money: a single dollar is prose
        "`echo $$` in a code span\n\n"
        "```sh\necho $$\n```\n\n"
        "    $$ indented code\n\n"
        "<div><pre>\n$$\n</pre></div>\n\n"  # code in raw HTML
        "escaped \\$$ and \\$\\$\n\n"
        "empty $$ $$ here\n\n$$$$\n\n"
        "citations \\[1] and a\\[i] (Markdown's escapes)\n\n"
        "$$x$$ and $$\ny\n$$\n\n"
        "$$\nz\n"
    )
    out, reported = render_reporting(source)
    assert reported == ["27: warning: " + UNCLOSED.format("$$", "$$")]
    assert formulas(out) == ["x", "\ny\n"]
    assert "<p>$$\nz</p>" in out


def test_a_formula_never_closed_is_an_error_in_strict_math():
    doc = MathEngine(MathSettings(strict=True)).document("post.md", 4)
    MD.render("$$\nx\n", {"math": doc})
    assert [str(d) for d in doc.diagnostics] == [
        "post.md:5: error: " + UNCLOSED.format("$$", "$$")]


@pytest.mark.parametrize(
    ("source", "delim", "display"),
    [
        ("$x$", "$", False),
        ("a $$x$$ b", "$$", False),
        ("a \\(x\\) b", "\\(", False),
        ("a \\[x\\] b", "\\[", True),
        ("$$\nx\n$$", "$$", True),
        ("\\[\nx\n\\]", "\\[", True),
        ("\\begin{equation}\nx\n\\end{equation}", "env", True),
        ("```math\nx\n```", "fence", True),
    ],
)
def test_token_meta(source, delim, display):
    (token,) = math_tokens(source)
    assert token.meta["delim"] == delim
    assert token.meta["display"] is display
    expected = source if delim == "env" else "x"
    assert token.content == expected


def test_block_token_map_and_content_line():
    (token,) = math_tokens("intro\n\n$$\na\nb\n$$\n")
    assert token.type == "math_block"
    assert token.map == [2, 6]
    assert token.meta["content_line"] == 3
    assert token.content == "a\nb"


def test_inline_token_line():
    tokens = math_tokens("one\ntwo $x$\nthree $y$")
    assert [t.meta["line"] for t in tokens] == [1, 2]


def test_rendering_without_a_document_shows_escaped_tex():
    out = MD.render("see $a<b$ and\n\n$$\nx_1\n$$\n")
    assert '<span class="math">\\(a&lt;b\\)</span>' in out
    assert '<div class="math">\\[x_1\\]</div>' in out


@pytest.mark.parametrize(("source", "text"), [
    ("数组 a\\[i\\] 与 nums\\[j\\]。", "数组 a[i] 与 nums[j]。"),
    ("dp\\[i\\]\\[j\\] = dp\\[i-1\\]\\[j-1\\] + 1", "dp[i][j] = dp[i-1][j-1] + 1"),
    ("\\[LeetCode\\] 两数之和", "[LeetCode] 两数之和"),
    ("区间 \\[a, b\\] 上", "区间 [a, b] 上"),
    ("\\[LeetCode\\]", "[LeetCode]"),  # (a line of its own)
])
def test_escaped_brackets_around_an_index_or_words_stay_brackets(source, text):
    """Markdown's `\\[` and `\\]` (so that no link is made) in LeetCode notes became display
    formulas in the middle of a sentence: `nums\\[i\\]` set i apart on a line of its own."""
    out = render(source)
    assert formulas(out) == [] and text in out


def test_a_display_formula_within_a_line_is_still_one():
    out = render("代入得\\[E = mc^2\\]即，令 \\[x\\] 为")
    assert formulas(out) == ["E = mc^2", "x"]


def test_unclosed_bracket_does_not_swallow_later_formulas():
    out = render("cut off \\[P(x) = \\prod... and later \\(x_0\\) then \\[ y \\]")
    assert formulas(out) == ["x_0", " y "]
    assert "cut off [P(x)" in out


def test_many_unclosed_brackets_stay_text_and_leave_the_formulas_around_them():
    """Each `\\(` and `\\[` was scanned to the paragraph's end, and each formula's content
    again for an opener: 10,000 took 26 s. They are scanned once; what they read is as before."""
    out = render("a \\(x\\) " + "\\(" * 300 + " b \\[" + "\\[" * 300 + "y\\] \\(z\\)")
    assert formulas(out) == ["x", "y", "z"]  # (the last `\\[` opens `y`)
    assert "</span> " + "(" * 300 + " b " + "[" * 300 + '<span class="math-display">' in out


# Pieces of inline text for the math scanner: openers and closers of every kind, escapes,
# code spans, braces, digits and letters
MATH_PIECES = ["\\(", "\\)", "\\[", "\\]", "$", "$$", "\\", "`", "``", "{", "}", "x", "1", " ",
               "\n", "\\\\", "\\$", "a_i", "[", "]"]


def _bracketed_as_it_was(src: str, pos: int, maximum: int, opener: str, closer: str,
                         display: bool):
    """`parse._bracketed` as it read a formula before: a plain scan from its opener, and its
    content scanned again for an opener."""
    from blogforge.math import parse

    end = parse._scan_delimiter(src[:maximum], closer, pos + 2)
    if end < 0:
        if opener == "\\[" and parse._alone_on_line(src, pos, 2, maximum):
            return parse.Found("math_unclosed", pos + 2, delim="\\[")
        return None
    content = src[pos + 2 : end]
    if not content.strip() or (opener == "\\[" and (parse.is_citation(content)
                                                    or parse._escaped_brackets(src, pos, content))):
        return None
    if opener == "\\(" and parse.escaped_parens(content) \
            and not parse.writes_paren_formulas(src):
        return None
    if any(parse._scan_delimiter(content, inner, 0) >= 0 for inner in ("\\(", "\\[")):
        return None
    return parse.Found("math_inline", end + 2, content, opener, display)


def test_what_the_math_scanner_finds_is_what_a_scan_from_each_opener_found():
    """On random inline texts, at every position (left to right, as a paragraph is parsed,
    and with the text cut short as in a link's text): the scanner with what it keeps finds
    the formula, or none, that a plain scan found."""
    from blogforge.math import parse

    rng = random.Random(306)
    for _ in range(300):
        src = "".join(rng.choice(MATH_PIECES) for _ in range(rng.choice([4, 12, 40])))
        maximum = rng.choice([len(src), rng.randint(0, len(src))])
        for pos in range(maximum):
            for opener, closer, display in (("\\(", "\\)", False), ("\\[", "\\]", True)):
                if src.startswith(opener, pos):
                    expected = _bracketed_as_it_was(src, pos, maximum, opener, closer, display)
                    assert parse.scan_formula(src, pos, maximum) == expected, (src, pos, maximum)
            for closer in ("$$", "\\)", "\\]", "\\(", "\\["):
                ends = parse._ends_of(src[:maximum], closer)
                assert (parse._scan_delimiter(src[:maximum], closer, pos, ends)
                        == parse._scan_delimiter(src[:maximum], closer, pos)), (src, pos, closer)



# Pieces of inline text for the `$` scanner: groups opened and closed, escapes, code spans,
# a `$` before a digit or after a space, CJK prose
DOLLAR_PIECES = ["$", "$$", "{", "}", "\\", "\\$", "\\{", "`", "``", "a", "x_1", " ", "\n",
                 "1", "中，", "\\alpha", "}$", "{$"]


def _dollar_as_it_was(src: str, pos: int, maximum: int):
    """`parse._dollar` as it read a `$` formula before: a plain scan from the `$`, counting
    the depth of groups from 0."""
    from blogforge.math import parse

    start = pos + 1
    if start < maximum and src[start] == "`":
        return parse._backticked(src, start, maximum)  # (no scan: a code span's own end)
    padded = start < maximum and src[start] in " \t"
    if start >= maximum or src[start] in "\n$":
        return None
    i, depth, in_group = start, 0, -1
    while i < maximum:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            return None
        if c in "{}":
            depth = depth + 1 if c == "{" else max(depth - 1, 0)
        elif c == "$" and depth:
            in_group = i if in_group < 0 else in_group
        elif c == "$":
            if padded:
                return parse._padded_at(src, start, i, maximum)
            return parse._closed_at(src, start, i, maximum, True)
        i += 1
    if padded:
        return None
    if in_group >= 0:
        return parse._closed_at(src, start, in_group, maximum, True)
    return parse._lone_dollar(src, start, maximum, refused=False)


def test_what_a_dollar_opens_is_what_a_scan_from_it_found():
    """A line of `$a{` was read to its end from each `$` (20,000: 75 s of a build): the scans
    of a text are read once (`_dollar_scans`), and what each `$` opens, on random inline texts
    at every `$` (with the text cut short as in a link's text), is what a plain scan found."""
    from blogforge.math import parse

    rng = random.Random(308)
    for _ in range(300):
        src = "".join(rng.choice(DOLLAR_PIECES) for _ in range(rng.choice([3, 10, 30, 80])))
        maximum = rng.choice([len(src), rng.randint(0, len(src))])
        assert parse._dollar_scans(src, maximum) is parse._dollar_scans(src, maximum)
        for pos in range(maximum):
            if src[pos] == "$" and not src.startswith("$$", pos):
                expected = _dollar_as_it_was(src, pos, maximum)
                assert parse.scan_formula(src, pos, maximum) == expected, (src, pos, maximum)


def test_double_dollar_laid_out_as_display_inside_a_paragraph():
    out = render("其中 $$\na = b\n$$ 是定义\n\n$$\nc\n$$")
    assert formulas(out) == ["\na = b\n", "c"]
    assert '<p>其中 <span class="math-display">' in out  # display, still inside its paragraph
    assert out.count("math-display") == 2


def test_space_after_opening_dollar_is_not_math():
    out = render("a $ x$ b")
    assert "katex" not in out


def test_a_formula_padded_with_spaces_is_math_as_mathjax_shows_it():
    # (Hexo's and Hugo's themes render `$…$` in the browser with MathJax or KaTeX's
    # auto-render, which read `$ \theta $` as a formula; Pandoc's rule made it raw TeX, and
    # its `\|` the `|` of Markdown's escape, without a word)
    out = render("当梯度 $ g $ 超过阈值 $ \\theta $ 时：$ g = \\frac{\\theta}{\\| g \\|} g $")
    assert formulas(out) == [" g ", " \\theta ", " g = \\frac{\\theta}{\\| g \\|} g "]
    assert "$" not in out
    # padded on the left alone: TeX's own marks make it a formula
    assert formulas(render("处于状态 $ S_t$，分块 $ d_{xy} = d_x$")) == [" S_t", " d_{xy} = d_x"]
    # what is no formula stays prose: money, CJK, a word, a space on one side alone
    for prose in ("costs $ 5 and $ 10", "工资 $ 3000 到 $ 5000", "between $ and $ signs",
                  "a $ x$ b", "a $ x $5"):
        assert "katex" not in render(prose), prose


def test_math_in_headings_and_links():
    out = render("## 损失 $\\mathcal{L}_t$\n\n[see $x_1$](https://example.org)")
    assert re.search(r"<h2>损失 <span class=\"katex\" translate=\"no\">", out)
    assert re.search(r'<a href="https://example.org">see <span class="katex" translate="no">', out)
    assert formulas(out) == ["\\mathcal{L}_t", "x_1"]


# A bilingual post's `$` that lost its partner: the formula it opens runs on into the prose up
# to the `$` meant to open the next one, or nothing closes it; either way it used to be silent.
LOST_PARTNER = ("`$d_k 是键的维度，$` sets text as math: the `$` before `d_k` probably lacks its "
                "partner, and the `$` meant to open `$Q$` closes it instead (text inside a "
                "formula is written `\\text{…}`)")


def test_a_dollar_that_lost_its_partner_is_said_where_the_page_shows_as_before():
    source = ("intro\n\n其中 $d_k 是键的维度，$Q$ 是查询，$V$ 是值。\n\n"
              "单个 $\\alpha_i 没有闭合。\n\n"
              "<p>在 HTML 里 $\\beta 也没有</p>\n\n"
              "$x_1 $ 和 $x^2$3 不是公式\n")
    out, reported = render_reporting(source)
    assert reported == [
        "3: warning: " + LOST_PARTNER,
        "5: warning: formula opened with `$` before `\\alpha_i` is never closed with `$`: "
        "shown as text",
        "7: warning: formula opened with `$` before `\\beta` is never closed with `$`: "
        "shown as text",
        "9: warning: formula opened with `$` before `x_1` is never closed with `$`: shown as "
        "text (a `$` after a space or before a digit closes no formula)",
        "9: warning: formula opened with `$` before `x^2` is never closed with `$`: shown as "
        "text (a `$` after a space or before a digit closes no formula)",
    ]
    # the page is what it was: warned about, not repaired
    assert formulas(out) == ["d_k 是键的维度，", "V"]
    assert "</span>Q$ 是查询，<span" in out
    assert "<p>单个 $\\alpha_i 没有闭合。</p>" in out
    assert "<p>在 HTML 里 $\\beta 也没有</p>" in out
    assert "<p>$x_1 $ 和 $x^2$3 不是公式</p>" in out


def test_a_formula_refused_for_the_space_before_its_closer_is_said_when_a_digit_starts_it():
    # (`$x_1 $` was said; `$1 = \tau_1 < \tau_K = N $` showed its TeX without a word, as no
    # TeX starts it; a price, `$5 each, $ 10 in all`, holds no command and is not said)
    out, reported = render_reporting("其中 $1 = \\tau_1 < \\tau_K = N $,把路径\n\n"
                                     "$5 each, $ 10 in all\n")
    assert reported == [
        "1: warning: formula opened with `$` before `1` is never closed with `$`: shown as "
        "text (a `$` after a space or before a digit closes no formula)"]
    assert "<p>其中 $1 = \\tau_1 &lt; \\tau_K = N $,把路径</p>" in out


def test_a_lost_partner_in_prose_without_spaces_is_said_once():
    # `$是查询，$` follows from the same missing `$`: said once, at the first
    _, reported = render_reporting("其中$d_k是键的维度，$Q$是查询，$V$是值\n")
    assert reported == ["1: warning: `$d_k是键的维度，$` sets text as math: the `$` before "
                        "`d_k` probably lacks its partner, and the `$` meant to open `$Q$` "
                        "closes it instead (text inside a formula is written `\\text{…}`)"]


def test_prose_in_a_formula_closed_by_no_other_formula_is_said_too():
    _, reported = render_reporting("其中 $d_k 是键的维度，$Q 为查询。\n")
    assert reported == ["1: warning: `$d_k 是键的维度，$` sets text as math: the `$` before "
                        "`d_k` probably lacks its partner (text inside a formula is written "
                        "`\\text{…}`)"]


def test_prices_in_dollars_that_make_a_formula_are_said():
    # Two prices made one formula, "0.7，即 0.7", without a word.
    out, reported = render_reporting("单价 ￥5，约合 $0.7，即 0.7$ 美元。\n")
    assert reported == ["1: warning: `$0.7，即 0.7$` sets text as math: a `$` before a number is "
                        "most likely a price's: write it `\\$` (text inside a formula is "
                        "written `\\text{…}`)"]
    assert formulas(out) == ["0.7，即 0.7"]  # (warned about, not repaired)
    _, reported = render_reporting("约合 \\$0.7，即 0.7\\$ 美元；$2\\text{，即}x$。\n")
    assert reported == []


def test_dollars_and_cjk_written_on_purpose_are_not_warned_about():
    source = (
        "价格 $10 和 US$5，$5 and $10 today, \\$x_1 escaped, 单价 $3^ 美元\n\n"
        "`$x_1` and `$\\alpha` in code spans\n\n"
        "```sh\necho $CUDA_HOME $x_1 $\\alpha\n```\n\n"
        "set $CUDA_HOME and $LD_LIBRARY_PATH, or $PATH\n\n"
        "<pre>$\\alpha_i</pre> <code>$x_1</code>\n\n"
        "正确的 $\\text{中文} + x$ 公式，$L_{总} = L_{分类}$，$\\mathrm{损失}(x)$，$F1值$\n\n"
        "$f(x)=\\begin{cases}1，& x>0\\\\0，& 其他\\end{cases}$，求 $F$\n\n"
        "$准确率 = \\frac{TP}{TP+FP}$，其中 $TP$ 是真正例，$变量 x$和$y$\n\n"
        "$x$ 是 $\\mathbf{x}$ 的分量。\n"
    )
    out, reported = render_reporting(source)
    assert reported == []
    assert "$x_1` and" not in out  # (the code spans are code)


def test_a_lone_dollar_is_an_error_in_strict_math():
    doc = MathEngine(MathSettings(strict=True)).document("post.md", 4)
    MD.render("单个 $\\alpha_i 没有闭合。", {"math": doc})
    assert [str(d) for d in doc.diagnostics] == [
        "post.md:5: error: formula opened with `$` before `\\alpha_i` is never closed with "
        "`$`: shown as text"]


# Names a random macro table defines (`\R` is the start of `\Rightarrow` and `\Re`), bodies
# that use other macros, and a name written without its backslash (a site's `macros:` key)
MACRO_NAMES = ["\\R", "\\Re", "\\Rightarrow", "\\x", "\\xy", "\\vec", "\\v", "\\E", "\\,"]
MACRO_BODIES = ["x", "\\R^n", "\\mathbb{E}", "\\x + \\xy", "\\vec{#1}", "\\E\\v", "a\\,b"]
TEX_PIECES = ["\\R", "\\Re", "\\Rightarrow", "\\x", "y", "\\xy", "\\vec{a}", "\\v", "\\E",
              "\\,", "\\alpha", "{", "}", " ", "R", "x", "\\\\", "\\"]


def _named_in_as_it_was(table, tex: str) -> bool:
    """`MacroTable.named_in` before: each name looked for in the whole text."""
    return any(name in tex for name in table._macros)


def _used_by_as_it_was(table, tex: str):
    """`MacroTable.used_by` before: the macros used, read off the whole table in its order."""
    from blogforge.math.texscan import control_sequence_names

    if not _named_in_as_it_was(table, tex):
        return []
    pending = list(control_sequence_names(tex) & table._macros.keys())
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(control_sequence_names(table._macros[name].body) & table._macros.keys())
    return [m for name, m in table._macros.items() if name in seen]


def test_the_macros_a_formula_is_sent_with_are_the_ones_a_look_through_the_table_found():
    """On random macro tables (names one another's start, redefined, `\\providecommand`d,
    one without its backslash) and random formulas: the macros each formula is sent to KaTeX
    with, and in which order, are the ones a look for every name in the formula found."""
    from blogforge.math.macros import Macro, MacroTable

    rng = random.Random(309)
    for _ in range(300):
        names = MACRO_NAMES + (["R"] if rng.random() < 0.2 else [])
        table = MacroTable()
        for _ in range(rng.randint(0, 12)):
            table.define(Macro(rng.choice(names), rng.choice(MACRO_BODIES),
                               provide=rng.random() < 0.2))
        for _ in range(20):
            tex = "".join(rng.choice(TEX_PIECES) for _ in range(rng.randint(0, 8)))
            assert table.named_in(tex) == _named_in_as_it_was(table, tex), tex
            assert table.used_by(tex) == _used_by_as_it_was(table, tex), tex
