r"""A readable one-line text form of a formula, for <meta name="description">, OpenGraph and
feeds' summaries: `\mathbb{E}_{q_\phi(z|x)}[\log p_\theta(x|z)]` -> `𝔼_(q_φ(z|x))[log p_θ(x|z)]`.

It aims at "a reader recognises the formula", not at faithful typesetting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from .macros import extract_definitions
from .texscan import (
    apply_edits,
    read_argument,
    read_control_sequence,
    read_group,
    read_optional,
    skip_comment,
    too_deep,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GREEK = {
    name: unicodedata.lookup(f"GREEK SMALL LETTER {name.upper()}")
    for name in _words(
        "alpha beta gamma delta epsilon zeta eta theta iota kappa mu nu xi omicron pi "
        "rho sigma tau upsilon phi chi psi omega"
    )
}
GREEK["lambda"] = "λ"  # Unicode spells it LAMDA
GREEK.update(
    {
        "varepsilon": "ε", "epsilon": "ϵ", "vartheta": "ϑ", "varpi": "ϖ", "varrho": "ϱ",
        "varsigma": "ς", "varphi": "φ", "phi": "ϕ", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
        "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ",
        "Psi": "Ψ", "Omega": "Ω",
    }
)  # fmt: skip

SYMBOLS = {
    **GREEK,
    "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "oint": "∮",
    "infty": "∞", "partial": "∂", "nabla": "∇", "cdot": "·", "cdotp": "·", "cdots": "⋯",
    "ldots": "…", "dots": "…", "vdots": "⋮", "ddots": "⋱", "times": "×", "div": "÷", "pm": "±",
    "mp": "∓", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
    "equiv": "≡", "sim": "∼", "simeq": "≃", "cong": "≅", "propto": "∝", "ll": "≪", "gg": "≫",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
    "supseteq": "⊇", "cup": "∪", "cap": "∩", "bigcup": "⋃", "bigcap": "⋂", "emptyset": "∅",
    "varnothing": "∅", "setminus": "∖", "forall": "∀", "exists": "∃", "neg": "¬", "lnot": "¬",
    "land": "∧", "wedge": "∧", "lor": "∨", "vee": "∨", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "gets": "←", "leftrightarrow": "↔", "Rightarrow": "⇒", "implies": "⇒",
    "Leftarrow": "⇐", "Leftrightarrow": "⇔", "iff": "⇔", "mapsto": "↦",
    # (KaTeX's own names of \mathbb{N}, \mathbb{Z}, \mathbb{R}, \mathbb{C}: read as drawn)
    "N": "ℕ", "natnums": "ℕ", "Z": "ℤ", "R": "ℝ", "reals": "ℝ", "Reals": "ℝ", "Complex": "ℂ",
    "cnums": "ℂ",
    "longrightarrow": "⟶", "uparrow": "↑", "downarrow": "↓", "mid": "|", "vert": "|",
    "lvert": "|", "rvert": "|", "Vert": "‖", "lVert": "‖", "rVert": "‖", "|": "‖",
    "parallel": "∥", "perp": "⊥", "top": "⊤", "bot": "⊥", "circ": "∘", "bullet": "∙",
    "star": "⋆", "ast": "∗", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "langle": "⟨",
    "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "prime": "′",
    "ell": "ℓ", "hbar": "ℏ", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "triangleq": "≜",
    "coloneqq": "≔", "defeq": "≝", "backslash": "\\", "lbrace": "{", "rbrace": "}",
    "lbrack": "[", "rbrack": "]", "dagger": "†", "checkmark": "✓", "square": "□",
    "blacksquare": "■", "Box": "□", "triangle": "△", "angle": "∠", "therefore": "∴",
    "because": "∵", "diamond": "⋄", "lozenge": "◊", "degree": "°",
    "{": "{", "}": "}", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_",
    ",": " ", ";": " ", ":": " ", ">": " ", " ": " ", "!": "", "quad": " ", "qquad": " ",
    "\\": "; ", "cr": "; ", "newline": "; ",
}  # fmt: skip

# Relations and binary operators, spaced on both sides as TeX sets them, however the TeX is
# written: `N\times N` read "N× N" (TeX takes the space after a command's name as its end).
SPACED = _words(
    "times div pm mp cdot circ odot otimes oplus cup cap setminus land wedge lor vee le leq "
    "ge geq ne neq approx equiv sim simeq cong propto ll gg in notin ni subset subseteq "
    "supset supseteq to rightarrow leftarrow gets leftrightarrow Rightarrow implies Leftarrow "
    "Leftrightarrow iff mapsto longrightarrow mid parallel triangleq coloneqq defeq"
)
FUNCTIONS = _words(
    "log ln lg exp max min sup inf lim liminf limsup arg argmax argmin det dim ker deg "
    "gcd sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh Pr mod"
)
FONTS = _words(
    "mathrm mathbf mathit mathsf mathtt mathnormal boldsymbol bm pmb text textrm textbf "
    "textit textsf texttt textup textnormal mbox hbox mathop mathbin mathrel mathord bold "
    "operatorname emph "
    "ce cf pu"  # mhchem's, which KaTeX refuses: `\ce{H2O}` still reads H2O in a description
)
# Read as what they hold: a frame, a stack of limits' rows, a box that takes no room.
FRAMES = _words("boxed fbox framebox substack smash mathclap mathllap mathrlap clap llap rlap")
DROP = _words(
    "left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr middle "
    "limits nolimits notag nonumber displaystyle textstyle scriptstyle scriptscriptstyle "
    "nonumber quad qquad strut phantom hphantom vphantom "
    "rm bf it sf tt sl sc cal em"  # old-style font switches: {\rm e} is just e
)
# Dropped with their argument. \tag too: an equation's number or mark is left out, as from
# excerpts, since the equation it names is not in the description or the search result, and
# "(*)" or "(1)" there reads as part of the formula.
ONE_ARG_DROP = {"label", "hspace", "vspace", "phantom", "hphantom", "vphantom", "kern", "mkern",
                "tag"}
ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
    "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307",
    "ddot": "\u0308", "check": "\u030c", "breve": "\u0306", "acute": "\u0301",
    "grave": "\u0300", "underline": "\u0332", "mathring": "\u030a",
    "overrightarrow": "\u20d7", "overleftarrow": "\u20d6", "overleftrightarrow": "\u20e1",
}  # fmt: skip
# A brace over or under part of a formula, its label (a script after it in TeX) on it:
# `\underbrace{x+y}_{n}` reads (x+y)⏟ₙ.
BRACES = {"underbrace": "⏟", "overbrace": "⏞"}
# Arrows stretched under (and over) a label: `\xrightarrow[b]{a}` reads →_b^a, as the arrow
# would with the label as its scripts.
LABELLED_ARROWS = {
    "xrightarrow": "→", "xleftarrow": "←", "xRightarrow": "⇒", "xLeftarrow": "⇐",
    "xleftrightarrow": "↔", "xLeftrightarrow": "⇔", "xmapsto": "↦", "xlongequal": "=",
    "xhookrightarrow": "↪", "xhookleftarrow": "↩", "xtwoheadrightarrow": "↠",
    "xtwoheadleftarrow": "↞",
}  # fmt: skip
# Struck through: each character with a stroke over it, as a cancelled term is drawn (a
# screen reader passes over the stroke and reads the term).
STRUCK = {"cancel": "\u0338", "bcancel": "\u0338", "xcancel": "\u0338", "sout": "\u0336"}
NEGATION = "\u0338"  # `\not=`: = with a stroke, which Unicode has as one character (≠)
SUPERSCRIPTS = dict(zip("0123456789+-=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ", strict=True))
SUBSCRIPTS = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
SCRIPT_SYMBOLS = {"top": "T", "prime": "′", "intercal": "T", "dagger": "†", "ast": "*", "star": "⋆"}
_SPECIAL_LETTERS = {
    ("DOUBLE-STRUCK", "C"): "ℂ", ("DOUBLE-STRUCK", "H"): "ℍ", ("DOUBLE-STRUCK", "N"): "ℕ",
    ("DOUBLE-STRUCK", "P"): "ℙ", ("DOUBLE-STRUCK", "Q"): "ℚ", ("DOUBLE-STRUCK", "R"): "ℝ",
    ("DOUBLE-STRUCK", "Z"): "ℤ", ("SCRIPT", "B"): "ℬ", ("SCRIPT", "E"): "ℰ",
    ("SCRIPT", "F"): "ℱ", ("SCRIPT", "H"): "ℋ", ("SCRIPT", "I"): "ℐ", ("SCRIPT", "L"): "ℒ",
    ("SCRIPT", "M"): "ℳ", ("SCRIPT", "R"): "ℛ",
}  # fmt: skip
STYLED = {
    "mathbb": "DOUBLE-STRUCK",
    "Bbb": "DOUBLE-STRUCK",  # (KaTeX's older names of \mathbb and \mathfrak)
    "frak": "FRAKTUR",
    "mathbbm": "DOUBLE-STRUCK",  # (bbm's and dsfont's, as in the indicator function 𝟙)
    "mathds": "DOUBLE-STRUCK",
    "mathcal": "SCRIPT",
    "mathscr": "SCRIPT",
    "mathfrak": "FRAKTUR",
}


_LOOSE_STOP = re.compile(r" ([.;])(?= |$)")
# What a function name (`\\log`) written right after is set apart from: a letter, a digit, a
# closing bracket or a script
_ENDS_A_TERM = re.compile(r"[^\W_]$|[)\]}|⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉]$")
_STARTS_A_TERM = re.compile(r"(?![⁰¹²³⁴⁵⁶⁷⁸⁹ⁿⁱᵀ₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ])[^\W_]")
_ROW_AFTER_STOP = re.compile(r"(?<=[,.;]);(?= |$)")
# A matrix's delimiters, which its environment draws: `\begin{pmatrix}` reads "(a b; c d)"
MATRIX_DELIMITERS = {"pmatrix": "()", "bmatrix": "[]", "Bmatrix": "{}", "vmatrix": "||",
                     "Vmatrix": "‖‖"}


def _styled(style: str, text: str) -> str:
    out = []
    for ch in text:
        special = _SPECIAL_LETTERS.get((style, ch))
        if special:
            out.append(special)
            continue
        letter = (f"DIGIT {unicodedata.name(ch).removeprefix('DIGIT ')}" if ch in "0123456789"
                  else f"{'CAPITAL' if ch.isupper() else 'SMALL'} {ch.upper()}")
        try:
            out.append(unicodedata.lookup(f"MATHEMATICAL {style} {letter}"))
        except KeyError:
            out.append(ch)
    return "".join(out)


# Around a script of one word (`ℒ_VLB`), which needs parentheses only when a letter or digit
# follows it (`W_(qk)x`): only the whole text knows. Private-use characters, never in a post.
_WORD_START, _WORD_END = "\ue010", "\ue011"
_SCRIPT_WORD = re.compile(f"{_WORD_START}([^{_WORD_START}{_WORD_END}]*){_WORD_END}(\\w?)")


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """A sub- or superscript as text: in Unicode's small letters when it has them all (`xᵢⱼ`,
    `x²ⁿ`), else after `_` or `^`, in parentheses when more than one unit (`∑_(i=1)^n`), as
    a fraction's parts are."""
    text = text.strip()
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    if len(text) <= 1:
        return mark + text
    if any(ch in "_^" for ch in text):  # (`V^(π_θ)`, not `V^π_θ`)
        return f"{mark}({text})"
    wrapped = _wrap(text)
    if wrapped is text and not _bracketed(text):
        return f"{mark}{_WORD_START}{text}{_WORD_END}"
    return mark + wrapped


def script_text(text: str, superscript: bool, after: str = "") -> str:
    """A sub- or superscript written outside a formula (HTML's `<sup>`, `<sub>`) as text, as a
    formula's reads (`_script`): `10⁹`, `H₂O`, `e^(-x)`; `after`: the text right after it,
    which one of a word needs parentheses before (`x^(ab)c`)."""
    scripted = _script(text, SUPERSCRIPTS if superscript else SUBSCRIPTS,
                       "^" if superscript else "_")
    follower = after[:1]
    return _words_of_scripts(scripted + follower).removesuffix(follower)


def _words_of_scripts(text: str) -> str:
    """The one-word scripts marked by `_script`, parenthesised where a letter or digit
    follows (innermost first: a script may hold one)."""
    def settle(match: re.Match[str]) -> str:
        word, after = match.groups()
        return f"({word}){after}" if after else word

    while _WORD_START in text:
        text = _SCRIPT_WORD.sub(settle, text)
    return text


def _bracketed(text: str) -> bool:
    return text[0] in "([{" and text[-1] in ")]}"


def _wrap(text: str) -> str:
    """Parenthesise a fraction's part unless it already reads as one unit (`2`, `√dₖ`, `(a+b)`)."""
    text = text.strip()
    if len(text) <= 1 or _bracketed(text):
        return text
    if not any(ch.isspace() or ch in "+-−±=,/<>|" for ch in text):
        return text
    return f"({text})"


def _environment_body(tex: str, start: int, name: str) -> tuple[str, int]:
    """The TeX of the environment `name` begun before `start`, up to its `\\end{name}`
    (nested ones of the same name inside it), and where that ends; to the formula's end
    when it is never ended."""
    opening, closing = f"\\begin{{{name}}}", f"\\end{{{name}}}"
    depth, at = 1, start
    while True:
        stop = tex.find(closing, at)
        if stop < 0:
            return tex[start:], len(tex)
        depth += tex.count(opening, at, stop) - 1
        if depth == 0:
            return tex[start:stop], stop + len(closing)
        at = stop + len(closing)


class _Converter:
    def __init__(self, ref: Callable[[str, str], str]) -> None:
        self.ref = ref

    def convert(self, tex: str) -> str:
        out: list[str] = []
        i = 0
        n = len(tex)
        named = False  # (an operator's name was the last thing read: TeX sets it apart)
        while i < n:
            ch = tex[i]
            written = len(out)
            if ch == "%":
                i = skip_comment(tex, i)
            elif ch in " \t\r\n~":
                out.append(" ")
                i += 1
            elif ch == "{":
                group = read_group(tex, i)
                if group is None:
                    i += 1
                    continue
                out.append(self.convert(group[0]))
                i = group[1]
            elif ch == "}":
                i += 1
            elif ch == "&":
                out.append(" ")
                i += 1
            elif ch == "$":
                # Math inside text (`\tag{$\star$}`, `\text{if $x > 0$}`, the `\colorbox` a
                # `\bbox` becomes): the math reads as itself, without the dollars (a written
                # dollar is `\$`, a command).
                i += 1
            elif ch in "^_":
                arg = read_argument(tex, i + 1)
                if arg is None:
                    i += 1
                    continue
                raw, i = arg
                if raw.startswith("\\") and raw[1:] in SCRIPT_SYMBOLS:
                    text = SCRIPT_SYMBOLS[raw[1:]]
                else:
                    text = self.convert(raw)
                if ch == "^":
                    out.append(_script(text, SUPERSCRIPTS, "^"))
                else:
                    out.append(_script(text, SUBSCRIPTS, "_"))
            elif ch == "\\":
                name = read_control_sequence(tex, i)[0][1:]
                text, i = self.command(tex, i)
                # (TeX sets a function's name apart: `nk\log k` reads "nk log k", not "nklog k")
                if name in FUNCTIONS and out and _ENDS_A_TERM.search(out[-1]):
                    text = " " + text
                out.append(text)
                if name in FUNCTIONS or name.startswith("operatorname"):
                    named = True
                    continue
            else:
                out.append(ch)
                i += 1
            if named and len(out) > written:
                # (and from what follows it: `p\log\frac{q}{p}` reads "p log q/p", not
                # "logq/p"; a script or a bracket stays on it)
                following = "".join(out[written:])
                if following and _STARTS_A_TERM.match(following):
                    out[written] = " " + out[written]
                named = not following
        return "".join(out)

    def _arg(self, tex: str, i: int) -> tuple[str, int]:
        arg = read_argument(tex, i)
        if arg is None:
            return "", i
        return self.convert(arg[0]), arg[1]

    def command(self, tex: str, i: int) -> tuple[str, int]:
        name, end = read_control_sequence(tex, i)
        word = name[1:]
        if tex.startswith("*", end) and word in ("operatorname", "tag"):
            end += 1
        if word in ("eqref", "ref"):
            group = read_group(tex, end)
            if group is not None:
                return self.ref(word, group[0].strip()), group[1]
        if word in ONE_ARG_DROP:
            return "", self._arg(tex, end)[1]
        if word in ("frac", "dfrac", "tfrac", "cfrac"):
            top, end = self._arg(tex, end)
            bottom, end = self._arg(tex, end)
            return f"{_wrap(top)}/{_wrap(bottom)}", end
        if word in ("binom", "dbinom", "tbinom"):
            top, end = self._arg(tex, end)
            bottom, end = self._arg(tex, end)
            return f"C({top.strip()}, {bottom.strip()})", end
        if word == "sqrt":
            index = read_optional(tex, end)
            if index is not None:
                end = index[1]
            body, end = self._arg(tex, end)
            root = _script(self.convert(index[0]), SUPERSCRIPTS, "") if index else ""
            return f"{root}√{_wrap(body)}", end
        if word in ("color", "textcolor", "colorbox", "fcolorbox"):
            _, end = self._arg(tex, end)
            if word == "fcolorbox":
                _, end = self._arg(tex, end)
            return ("", end) if word == "color" else self._arg(tex, end)
        if word in ("overset", "underset", "stackrel"):
            # The label over (under) what it is set on, read as its script: `\overset{!}{=}`
            # reads =^!, `\underset{θ}{\operatorname{argmin}}` argmin_θ.
            label, end = self._arg(tex, end)
            body, end = self._arg(tex, end)
            scripted = body.strip() + (_script(label, SUBSCRIPTS, "_") if word == "underset"
                                       else _script(label, SUPERSCRIPTS, "^"))
            return (scripted if body == body.strip() else f" {scripted} "), end
        if word in BRACES:
            body, end = self._arg(tex, end)
            return _wrap(body) + BRACES[word], end
        if word in LABELLED_ARROWS:
            below = read_optional(tex, end)
            if below is not None:
                end = below[1]
            above, end = self._arg(tex, end)
            arrow = LABELLED_ARROWS[word]
            if below is not None and below[0].strip():
                arrow += _script(self.convert(below[0]), SUBSCRIPTS, "_")
            if above.strip():
                arrow += _script(above, SUPERSCRIPTS, "^")
            return f" {arrow} ", end
        if word in STRUCK:
            body, end = self._arg(tex, end)
            return "".join(ch if ch.isspace() or ch in (_WORD_START, _WORD_END)
                           else ch + STRUCK[word] for ch in body.strip()), end
        if word == "not":
            negated, end = self._arg(tex, end)
            shown = negated.strip()
            if len(shown) != 1:
                return f"¬{shown}", end
            shown = unicodedata.normalize("NFC", shown + NEGATION)
            return (shown if negated == negated.strip() else f" {shown} "), end
        if word == "pmod":
            modulus, end = self._arg(tex, end)
            return f" (mod {modulus.strip()})", end
        if word == "bmod":
            return " mod ", end
        if word in ("begin", "end"):
            group = read_group(tex, end)
            if group is None:
                return "", end
            end = group[1]
            if word == "begin" and group[0].strip() in (
                    "array", "alignat", "alignat*", "xalignat", "xalignat*", "xxalignat"):
                skipped = read_group(tex, end)
                end = skipped[1] if skipped else end
            delimiters = MATRIX_DELIMITERS.get(group[0].strip())
            if word == "begin" and delimiters:
                inner, end = _environment_body(tex, end, group[0].strip())
                return f" {delimiters[0]}{self.convert(inner).strip()}{delimiters[1]} ", end
            return " ", end
        if word in ACCENTS:
            body, end = self._arg(tex, end)
            body = body.strip()
            return (body + ACCENTS[word] if len(body) == 1 else body), end
        if word in STYLED:
            body, end = self._arg(tex, end)
            return _styled(STYLED[word], body), end
        if word in FONTS or word in FRAMES:
            return self._arg(tex, end)
        if word in SYMBOLS:
            return (f" {SYMBOLS[word]} " if word in SPACED else SYMBOLS[word]), end
        if word in FUNCTIONS:
            return word, end
        if word in DROP or word in ("label",):
            return "", end
        if len(word) == 1 and not word.isalpha():
            return word, end  # \( \) \[ \] and friends: the character itself
        return word, end


def plain_text(tex: str, ref: Callable[[str, str], str] | None = None) -> str:
    """Plain text for `tex` (macros should already be expanded by the caller)."""
    if ref is None or "ref" not in tex:  # (no \ref or \eqref: the text is the formula's own)
        return _plain_text_of(tex)
    return _plain_text(tex, ref)


@lru_cache(maxsize=4096)
def _plain_text_of(tex: str) -> str:
    """Kept per process: posts repeat their formulas, and search text, descriptions and feed
    summaries each ask for them."""
    return _plain_text(tex, None)


# Brackets hold what they enclose without spaces (TeX lets one follow `\langle`, `\{`): (x), ⟨q, k⟩.
_OPENING, _CLOSING = "([{⟨⌊⌈", ")]}⟩⌋⌉"


def _plain_text(tex: str, ref: Callable[[str, str], str] | None) -> str:
    if too_deep(tex):  # (the converter recurses per group: shown as written instead)
        return " ".join(tex.split())
    definitions = extract_definitions(tex)
    if definitions.edits:
        tex = apply_edits(tex, definitions.edits).text

    def default_ref(kind: str, label: str) -> str:
        return "(?)" if kind == "eqref" else "?"

    text = _words_of_scripts(_Converter(ref or default_ref).convert(tex))
    text = " ".join(text.split())
    for before, after in (*((f"{o} ", o) for o in _OPENING), *((f" {c}", c) for c in _CLOSING),
                          (" ,", ",")):
        text = text.replace(before, after)
    # A display formula's full stop, often set apart in TeX (`\, .`), and the "; " between
    # rows go on the word before them, as in prose; a row that ends in its own "," needs none.
    text = _ROW_AFTER_STOP.sub("", _LOOSE_STOP.sub(r"\1", text)).strip()
    # Accents are read as combining marks (`\tilde{y}`: "y" and U+0303); composed where Unicode
    # has the letter ("ỹ"), as text is exchanged (an aria-label "not in Normalization Form C"
    # to the Nu checker) and searched for (a reader types "â", not "a" and U+0302)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
