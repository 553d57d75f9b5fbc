"""Python as a notebook's IPython kernel runs it: a shell line (`!pip install torch`), a
magic (`%matplotlib inline`, `%%time` above the cell), help (`np.array?`).

Pygments' Python lexer marks each `!` and `%` of these lines an error (the theme draws a red
box around it), and a notebook is full of them: Colab's cells install packages with `!pip`.
IPython ships its own lexer (`ipython3`, the `pygments_lexer` Jupyter writes into a notebook
and nbconvert highlights with), but only with IPython itself, which blogforge does not need
for anything else; this is the same idea in the rules of a Pygments lexer: the lines IPython
reads differently first, then Python's own rules.
"""

from __future__ import annotations

from pygments.lexer import bygroups, inherit, using
from pygments.lexers.html import HtmlLexer
from pygments.lexers.javascript import JavascriptLexer
from pygments.lexers.markup import TexLexer
from pygments.lexers.python import PythonLexer
from pygments.lexers.shell import BashLexer
from pygments.token import Keyword, Name, Operator, Text, Whitespace

# Cell magics whose body is Python (`%%time`), a shell script, HTML, JavaScript or LaTeX; any
# other's body (`%%sql`, `%%markdown`) is shown as text
_PYTHON_BODY = r"time|timeit|capture|prun|debug|python3?|pypy|writefile|file"
_SHELL_BODY = r"bash|sh|shell|script|system|!"


class IPythonLexer(PythonLexer):
    """Python with IPython's shell lines, magics and help."""

    name = "IPython"
    aliases = ["ipython", "ipython3"]
    filenames: list[str] = []
    mimetypes: list[str] = []

    tokens = {
        "root": [
            # (a cell magic is the cell's first line: what follows it is in its language)
            (rf"(?s)\A([ \t]*)(%%)({_PYTHON_BODY})\b([^\n]*)",
             bygroups(Whitespace, Operator, Keyword, Text)),
            (rf"(?s)\A([ \t]*)(%%)({_SHELL_BODY})([^\n]*\n)(.*)",
             bygroups(Whitespace, Operator, Keyword, Text, using(BashLexer))),
            (r"(?s)\A([ \t]*)(%%)(html|HTML)([^\n]*\n)(.*)",
             bygroups(Whitespace, Operator, Keyword, Text, using(HtmlLexer))),
            (r"(?s)\A([ \t]*)(%%)(javascript|js)([^\n]*\n)(.*)",
             bygroups(Whitespace, Operator, Keyword, Text, using(JavascriptLexer))),
            (r"(?s)\A([ \t]*)(%%)(latex)([^\n]*\n)(.*)",
             bygroups(Whitespace, Operator, Keyword, Text, using(TexLexer))),
            (r"(?s)\A([ \t]*)(%%)(\w+)(.*)", bygroups(Whitespace, Operator, Keyword, Text)),
            # a shell line, its output kept in a variable, a line magic; a `!` that is no
            # `!=` (Black starts a comparison's next line with `!= b`: Python's)
            (r"^([ \t]*)(!!?)(?!=)([^\n]*)", bygroups(Whitespace, Operator, using(BashLexer))),
            (r"^([ \t]*)([\w.]+)([ \t]*)(=)([ \t]*)(!)(?!=)([^\n]*)",
             bygroups(Whitespace, Name, Whitespace, Operator, Whitespace, Operator,
                      using(BashLexer))),
            (r"^([ \t]*)([\w.]+)([ \t]*)(=)([ \t]*)(%)([A-Za-z]\w*)([^\n]*)",
             bygroups(Whitespace, Name, Whitespace, Operator, Whitespace, Operator, Keyword,
                      Text)),
            (r"^([ \t]*)(%)([A-Za-z]\w*)([^\n]*)", bygroups(Whitespace, Operator, Keyword, Text)),
            # help: `?np.array`, `np.array??`
            (r"^([ \t]*)(\?\??)([\w.*]+)([ \t]*)$", bygroups(Whitespace, Operator, Name,
                                                             Whitespace)),
            (r"^([ \t]*)([\w.*]+)(\?\??)([ \t]*)$", bygroups(Whitespace, Name, Operator,
                                                             Whitespace)),
            inherit,
        ],
    }
