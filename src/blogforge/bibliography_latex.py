"""A .bib field's LaTeX as a reader of a reference list reads it: its formulas (`$O(\\sqrt{n})$`)
rendered by the site's math as the post's are, `\\emph{…}` in italics, `\\LaTeX` the word, `\\%`
a percent sign, `\\,` a thin space, `na\\"{\\i}ve` "naïve", `--` an en dash, and the braces
that protect a word's capitals (`{BERT}`) left out.

pybtex's own reader (and latexcodec after it) printed such a title as "O(n)", "O(n n)" for
`$O(n \\log n)$`, nothing for `\\LaTeX`, cut it at `\\,\\%` (a comment from there) and kept a
backslash of `\\"{\\i}`: a title is read here, command by command, as Pandoc's LaTeX reader
reads it. A command not known here is looked up in latexcodec's table of symbols; one it
lacks is left out, its argument kept as text.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from dataclasses import dataclass, field

# A formula in the HTML a field is made into: its number among the entry's formulas, between
# two characters no text holds (citations.py makes each a formula of the page)
FORMULA_MARK = "\x00"
FORMULA = re.compile("\x00(\\d+)\x00")

# Commands whose argument is styled: the HTML around it ("" when it is only text)
_STYLES = {
    **dict.fromkeys(("emph", "textit", "textsl", "mkbibemph", "itshape", "em", "it", "sl"),
                    "em"),
    **dict.fromkeys(("textbf", "mkbibbold", "bfseries", "bf"), "strong"),
    **dict.fromkeys(("textsc", "scshape", "sc"), "smallcaps"),
    **dict.fromkeys(("texttt", "ttfamily", "tt"), "code"),
    **dict.fromkeys(("textsuperscript", "mkbibsuperscript"), "sup"),
    **dict.fromkeys(("textsubscript", "mkbibsubscript"), "sub"),
    **dict.fromkeys(("mkbibquote", "enquote"), "quote"),
    **dict.fromkeys(("textrm", "textsf", "textup", "textnormal", "textmd", "mbox", "hbox",
                     "text", "NoCaseChange", "MakeUppercase", "MakeLowercase", "MakeTextUppercase",
                     "MakeTextLowercase", "MakeSentenceCase", "nocase", "bibstring", "ensuremath",
                     "mathrm"), ""),
}
# Switches that style the rest of their group: `{\em word}`
_SWITCHES = frozenset({"em", "it", "itshape", "sl", "bf", "bfseries", "sc", "scshape", "tt",
                       "ttfamily"})
_TAGS = {"em": ("<em>", "</em>"), "strong": ("<strong>", "</strong>"),
         "smallcaps": ('<span style="font-variant: small-caps">', "</span>"),
         "code": ("<code>", "</code>"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>"),
         "quote": ("“", "”"), "": ("", "")}
# Commands that are a word or a character
_SYMBOLS = {
    "LaTeX": "LaTeX", "TeX": "TeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
    "LuaTeX": "LuaTeX", "BibLaTeX": "BibLaTeX", "AmS": "AMS",
    "textquoteright": "’", "textquoteleft": "‘", "textquotedblright": "”",
    "textquotedblleft": "“", "quotesinglbase": "‚", "quotedblbase": "„",
    "textquotesingle": "'", "textquotedbl": '"', "guillemotleft": "«", "guillemotright": "»",
    "guilsinglleft": "‹", "guilsinglright": "›",
    "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…",
    "textasciitilde": "~", "textasciicircum": "^", "textbackslash": "\\",
    "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
    "textbraceleft": "{", "textbraceright": "}", "textdollar": "$", "textpercent": "%",
    "S": "§", "P": "¶", "copyright": "©", "textcopyright": "©", "textregistered": "®",
    "texttrademark": "™", "textdegree": "°", "textperiodcentered": "·", "textbullet": "•",
    "dag": "†", "ddag": "‡", "textdagger": "†", "textdaggerdbl": "‡", "pounds": "£",
    "textsterling": "£", "euro": "€", "texteuro": "€", "textyen": "¥", "textcent": "¢",
    "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "textexclamdown": "¡",
    "textquestiondown": "¿", "slash": "/", "textslash": "/", "nobreakspace": "\u00a0",
    "space": " ", "quad": "\u2003", "qquad": "\u2003\u2003", "thinspace": "\u202f",
    "enspace": "\u2002", "textnumero": "№", "textmu": "µ", "textdiv": "÷", "texttimes": "×",
    "textpm": "±", "textminus": "−", "textonehalf": "½", "textonequarter": "¼",
    "textthreequarters": "¾", "textordfeminine": "ª", "textordmasculine": "º",
    "relax": "", "protect": "", "noopsort": "", "hyphen": "-", "textsection": "§",
}
# Commands that put nothing where they are, and whose argument is no text either
_SILENT_WITH_ARGUMENT = frozenset({"noopsort", "label", "index", "vphantom", "phantom"})
# Accents: the command, the combining character it puts over (or under) its letter
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
            "c": "\u0327", "d": "\u0323", "b": "\u0331", "k": "\u0328", "r": "\u030a",
            "t": "\u0361"}
# An accent alone (`\'{}`): its spacing form
_SPACING_ACCENTS = {'"': "¨", "'": "´", "`": "`", "^": "^", "~": "~", "=": "¯", ".": "˙",
                    "u": "˘", "v": "ˇ", "H": "˝", "c": "¸", "d": ".", "b": "_", "k": "˛",
                    "r": "˚", "t": "͡"}
# Escaped characters and spacing after a backslash
_AFTER_BACKSLASH = {"%": "%", "&": "&", "$": "$", "_": "_", "#": "#", "{": "{", "}": "}",
                    ",": "\u202f", " ": " ", ";": " ", ":": " ", ">": " ", "!": "", "-": "",
                    "/": "", "@": "", "\\": " ", "\n": " ", "\t": " "}


@dataclass
class Read:
    """A field read: its HTML (formulas as their marks) and plain text (formulas as TeX)."""

    html: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.html.append(html.escape(text, quote=False))
        self.text.append(text)

    def tag(self, style: str, closing: bool) -> None:
        self.html.append(_TAGS[style][closing])
        if style == "quote":
            self.text.append(_TAGS[style][closing])

    def formula(self, tex: str) -> None:
        self.html.append(f"{FORMULA_MARK}{len(self.formulas)}{FORMULA_MARK}")
        self.formulas.append(tex)
        self.text.append(tex)


def read_latex(value: str, formulas_before: int = 0) -> tuple[str, str, list[str]]:
    """A field's LaTeX as HTML (its formulas as marks numbered from `formulas_before`), as
    plain text (a formula as its TeX), and its formulas' TeX."""
    read = Read()
    read.formulas = [""] * formulas_before
    _Reader(value, read).group(0, top=True)
    html_text = _tidy("".join(read.html))
    return html_text, _tidy("".join(read.text)), read.formulas[formulas_before:]


def _tidy(text: str) -> str:
    """Spaces as a reader sees them: runs of them one, none at the ends (a no-break or thin
    space kept)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


class _Reader:
    def __init__(self, source: str, out: Read) -> None:
        self.source = source
        self.at = 0
        self.out = out

    def group(self, depth: int, top: bool = False) -> None:
        """Read to the end of the group (its `}`, read too) or of the text."""
        styles: list[str] = []
        source = self.source
        while self.at < len(source):
            char = source[self.at]
            if char == "}":
                self.at += 1
                if not top:
                    break
                continue  # (a stray one: left out)
            if char == "{":
                self.at += 1
                self.group(depth + 1)
            elif char == "\\":
                self.command(styles)
            elif char == "$":
                self.dollar()
            elif char == "~":
                self.at += 1
                self.out.add("\u00a0")
            elif char == "-":
                run = len(source[self.at:]) - len(source[self.at:].lstrip("-"))
                self.at += run
                self.out.add({1: "-", 2: "–"}.get(run, "—" + "-" * (run - 3)))
            elif source.startswith("``", self.at):
                self.at += 2
                self.out.add("“")
            elif source.startswith("''", self.at):
                self.at += 2
                self.out.add("”")
            else:
                end = self.at + 1
                while end < len(source) and source[end] not in "{}\\$~-`'":
                    end += 1
                self.out.add(source[self.at:end])
                self.at = end
        for style in reversed(styles):
            self.out.tag(style, True)

    def command(self, styles: list[str]) -> None:
        source = self.source
        self.at += 1
        if self.at >= len(source):
            return
        char = source[self.at]
        if char == "(" or char == "[":  # (`\(…\)`, `\[…\]`: a formula)
            closing = "\\)" if char == "(" else "\\]"
            end = source.find(closing, self.at + 1)
            if end >= 0:
                self.out.formula(source[self.at + 1:end].strip())
                self.at = end + 2
                return
        if not char.isalpha():
            self.at += 1
            if char in _ACCENTS:
                self.accent(char)
            elif char in _AFTER_BACKSLASH:
                self.out.add(_AFTER_BACKSLASH[char])
            else:
                self.out.add(char)
            return
        end = self.at
        while end < len(source) and source[end].isalpha():
            end += 1
        name = source[self.at:end]
        self.at = end
        if name in _ACCENTS and len(name) == 1:  # (`\c{c}`, `\v s`)
            self.skip_spaces()
            self.accent(name)
            return
        if name in _SWITCHES:  # (`{\em word}`: the rest of the group)
            styles.append(_STYLES[name])
            self.out.tag(_STYLES[name], False)
            self.skip_spaces()
            return
        self.skip_spaces()  # (as LaTeX reads a command's name: `\LaTeX{} is`)
        if name == "url":
            self.out.add(self.argument_text())
            return
        if name == "href":
            self.argument_text()  # (the address: the words after it are what is shown)
            self.styled("")
            return
        if name in _SILENT_WITH_ARGUMENT:
            self.argument_text()
            return
        if name in _STYLES:
            self.styled(_STYLES[name])
            return
        if name in _SYMBOLS:
            self.out.add(_SYMBOLS[name])
            return
        import latexcodec  # noqa: F401  (its codec, "ulatex", registered)

        decoded = codecs.decode("\\" + name, "ulatex").strip()
        if decoded and not decoded.startswith("\\"):
            self.out.add(decoded)
        # (else a command not known: left out, an argument after it read as text)

    def styled(self, style: str) -> None:
        """The argument after a command, in `style`."""
        self.out.tag(style, False)
        if self.source.startswith("{", self.at):
            self.at += 1
            self.group(1)
        elif self.at < len(self.source):
            self.out.add(self.source[self.at])
            self.at += 1
        self.out.tag(style, True)

    def accent(self, accent: str) -> None:
        """An accent over the letter after it (`\\"u`, `\\"{u}`, `\\"{\\i}`, `\\c c`)."""
        source = self.source
        base = ""
        if source.startswith("{", self.at):
            end = source.find("}", self.at)
            inner = source[self.at + 1:end] if end >= 0 else ""
            self.at = end + 1 if end >= 0 else len(source)
            base = inner.strip()
        elif self.at < len(source):
            if source[self.at] == "\\":
                end = self.at + 1
                while end < len(source) and source[end].isalpha():
                    end += 1
                base = source[self.at:end]
            else:
                base = source[self.at]
            self.at += len(base)
        letter = {"\\i": "i", "\\j": "j"}.get(base, base)
        if letter.startswith("\\"):
            letter = _SYMBOLS.get(letter[1:], letter[1:])
        if not letter:
            self.out.add(_SPACING_ACCENTS[accent])
            return
        self.out.add(unicodedata.normalize("NFC", letter[0] + _ACCENTS[accent]) + letter[1:])

    def dollar(self) -> None:
        """`$…$` (or `$$…$$`): a formula; a `$` that nothing closes is a dollar sign."""
        source = self.source
        wide = source.startswith("$$", self.at)
        opening = 2 if wide else 1
        found = re.compile(r"(?<!\\)\$\$" if wide else r"(?<!\\)\$").search(
            source, self.at + opening)
        if found is None or not source[self.at + opening:found.start()].strip():
            self.at += opening
            self.out.add("$" * opening)
            return
        self.out.formula(source[self.at + opening:found.start()].strip())
        self.at = found.end()

    def argument_text(self) -> str:
        """The argument after a command, as written (`\\url{…}`)."""
        source = self.source
        if not source.startswith("{", self.at):
            return ""
        depth, end = 0, self.at
        while end < len(source):
            depth += {"{": 1, "}": -1}.get(source[end], 0)
            end += 1
            if depth == 0:
                break
        written = source[self.at + 1:end - 1]
        self.at = end
        return written

    def skip_spaces(self) -> None:
        while self.at < len(self.source) and self.source[self.at] in " \t\n":
            self.at += 1
