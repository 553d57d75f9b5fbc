"""Code is lexed by a faster loop over Pygments' own rules (markdown/lexing.py): its tokens, and so
the highlighted HTML readers get, must be exactly Pygments'."""

from __future__ import annotations

import re

import pytest
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import find_lexer_class_by_name, get_lexer_by_name

from blogforge.markdown import lexing
from blogforge.markdown.highlight import FenceInfo, render_code

SAMPLES = {
    "python": '''import torch  # 注释：重参数化
class VAE(nn.Module):
    def forward(self, x: "Tensor") -> tuple[int, ...]:
        s = f"{x!r:>10} {{literal}}" + rb'\\d+' + """多行
字符串"""
        return 0x1F + 1_000 + 3.5e-2j @ w if x is not None else ...
@dataclass
async def main(): await asyncio.sleep(1); match x:
    case [a, *rest]: pass
print('unterminated
''',
    "cpp": r'''#include <vector>
// 二分查找
template <typename T> auto f(const std::vector<T>& v) -> std::size_t {
    auto s = R"delim(raw "string" )delim";  /* block
    comment */ int8_t x = 'a'; uint64_t big = 0xFFull;
#pragma unroll
    for (std::size_t i = 0; i < v.size(); ++i) { if (v[i] > 0) return i; }
    return -1;
}
''',
    "c": "#define MAX(a, b) ((a) > (b) ? (a) : (b))\nint main(void) { size_t n = sizeof(int); "
         "printf(\"%zu\\n\", n); }\n",
    "java": "public class Solution { public int[] twoSum(int[] nums, int target) {"
            " Map<Integer, Integer> m = new HashMap<>(); return new int[]{-1, -1}; } }\n",
    "go": "package main\nfunc main() { ch := make(chan int, 3); go func() { ch <- 1 }(); "
          "fmt.Println(`raw\nstring`, <-ch) }\n",
    "rust": "fn main() { let v: Vec<i32> = (0..10).collect(); println!(\"{:?}\", v); "
            "let r = r#\"raw\"#; 'label: loop { break 'label; } }\n",
    "javascript": "const f = async (x) => { const re = /a[b-c]+\\//g; return `t ${x} `; };\n",
    "typescript": "interface P { x?: number }\n"
                  "export function g<T extends P>(p: T): T { return p }\n",
    "bash": "for f in *.md; do echo \"$f ${f%.md}\" | wc -c; done\ncat <<EOF\nhere $HOME\nEOF\n",
    "sql": "SELECT id, COUNT(*) FROM posts WHERE title LIKE '%ml%' GROUP BY id\n"
           "HAVING COUNT(*) > 1;\n",
    "yaml": "title: 标题\ntags: [ml, \"deep learning\"]\ndate: 2024-01-02\nnested:\n  - a: 1\n",
    "json": '{"a": [1, 2.5e3, true, null], "b": {"c": "\\u4e2d"}}\n',
    "html": "<!DOCTYPE html><html><head><style>a { color: red }</style>"
            "<script>let x = 1 < 2;</script></head><body><p class=x>text &amp;</p></body></html>\n",
    "css": "@media (max-width: 600px) { .a > b::before { content: \"\\201C\"; margin: -1.5em } }\n",
    "latex": "\\begin{align} E &= mc^2 \\\\ \\int_0^1 f(x)\\,dx \\end{align} % comment\n",
    "haskell": "main :: IO ()\nmain = do { let xs = [x | x <- [1..10], even x]; print xs }"
               " -- note\n{- nested {- comment -} -}\n",
}
ODD_TEXTS = ["", "\n", "\x1c \x1c\n\t\x0b", "中文 only", "ſ K k İ", "'", '"""', "/*", "\\"]


def tokens(lexer, text: str) -> list:
    return list(lexer.get_tokens(text))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_prepared_lexers_give_pygments_tokens(name):
    lexer_class = find_lexer_class_by_name(name)
    own, prepared = lexer_class(), lexing.prepare(lexer_class())
    for text in [SAMPLES[name], *SAMPLES.values(), *ODD_TEXTS]:
        assert tokens(prepared, text) == tokens(own, text), (name, text[:40])


def test_a_lexer_that_was_not_prepared_runs_pygments_own_loop():
    prepared = lexing.prepare(get_lexer_by_name("python"))
    other = get_lexer_by_name("python")
    assert lexing._READY in vars(prepared) and lexing._READY not in vars(other)
    pygments_loop = lexing._either_loop.pygments_loop
    text = SAMPLES["python"]
    assert list(other.get_tokens_unprocessed(text)) == list(pygments_loop(other, text))


@pytest.mark.parametrize(("pattern", "starts"), [
    (r"def\b", "d"),
    (r"(?i)def", "dD"),
    (r"\bfoo|(?<!\.)bar", "fb"),
    (r"a?b*c", "abc"),
    (r"[^\S\n]+", " \t\x0b\x0c\r\x1c\x1d\x1e\x1f"),  # a negated class: exactly, not roughly
    (r"[^\\'\"%\n]+", None),
    (r"(?=x)y", "y"),
    (r"\d+(?:_\d+)*", "0123456789"),
    (r"\w+", "".join(c for c in map(chr, range(128)) if c.isalnum() or c == "_")),
])
def test_first_characters(pattern, starts):
    first = lexing.first_characters(re.compile(pattern))
    if starts is None:  # (a negated class: compare on a few)
        assert first is not None and "a" in first and "'" not in first and "\n" not in first
    else:
        assert first == frozenset(starts)


@pytest.mark.parametrize("pattern", [r"x*", r"", r".", r"(a)?\1", r"(?i)é", r"(?a)\s"])
def test_patterns_that_may_start_anywhere_are_always_tried(pattern):
    assert lexing.first_characters(re.compile(pattern)) is None


def test_code_blocks_are_highlighted_as_pygments_does():
    for name, code in SAMPLES.items():
        info = FenceInfo(name, {"hl_lines": "1"})
        html, known = render_code(code, info, line_numbers_default=False)
        expected = highlight(code, get_lexer_by_name(name, stripnl=False, ensurenl=True),
                             HtmlFormatter(cssclass="highlight", wrapcode=True, hl_lines=[1]))
        # (the <pre> marked not to be translated: a browser's page translation mangled code)
        assert expected.replace("<pre>", '<pre translate="no">', 1) in html, name
        again, _ = render_code(code, FenceInfo(name, {}), line_numbers_default=False)
        assert known and 'class="hll"' in html and 'class="hll"' not in again  # (per option)
