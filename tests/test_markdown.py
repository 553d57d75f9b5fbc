"""Markdown features in the HTML that comes out of a build."""

from __future__ import annotations

import random
import re
from collections import Counter

import html5lib
from conftest import messages
from test_unclosed_markup import nested_list

from blogforge.templates import SCRIPT_ID_PREFIXES, THEME_DIR


def body_of(site, body: str, **front) -> str:
    site.post("a.md", "A", body=body, **front)
    result = site.build()
    assert result.written, messages(result)
    return body_of_page(site.read("posts/a/"))


def body_of_page(page: str) -> str:
    return page.split('<div class="content">', 1)[1].split("</article>", 1)[0]


def test_gfm_tables_strikethrough_autolinks_and_task_lists(site):
    html = body_of(site, """
        | a | b |
        |---|---|
        | 1 | 2 |

        ~~old~~ see https://example.org/x

        - [x] done
        - [ ] todo
        """)
    assert "<table>" in html and "<td>2</td>" in html
    assert "<s>old</s>" in html
    assert '<a href="https://example.org/x">https://example.org/x</a>' in html
    assert 'type="checkbox"' in html and "checked" in html


def test_a_bar_inside_a_formula_in_a_table_stays_in_its_cell(site):
    """`$P(A|B)$` in a table's row (chat answers are full of them) was cut into cells at its
    `|`, and the cell after it dropped; a `\\|` is a `|` there too, as GitHub, Obsidian and
    Typora read one in a table (posts written for them escape the bar of `$P(A\\|B)$`)."""
    site.post("a.md", "A", body="""
        | 符号 | 含义 |
        |---|---|
        | $|x|$ | 绝对值 |
        | $P(A|B)$ | 条件概率 |
        | $P(A\\|B)$ | 条件概率 |
        | $\\Vert\\mu\\Vert_2$ | 范数 |
        | `a \\| b` | 逻辑或 |
        """)
    result = site.build()
    assert not [m for m in messages(result) if "table" in m]
    table = site.read("posts/a/").split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in table.split("</tr>")[:-1]]
    assert [len(cells) for cells in rows] == [2, 2, 2, 2, 2]
    assert [cells[1] for cells in rows] == ["绝对值", "条件概率", "条件概率", "范数", "逻辑或"]
    tex = [re.search(r'<annotation encoding="application/x-tex">(.*?)</annotation>',
                     cells[0])[1] for cells in rows[:4]]
    assert tex == ["|x|", "P(A|B)", "P(A|B)", "\\Vert\\mu\\Vert_2"]
    assert ">a | b</code>" in rows[4][0]  # (GFM's escape, kept outside formulas)


def test_a_table_row_with_more_cells_than_its_header_is_said_at_its_line(site):
    site.post("a.md", "A", body="""\
        | 运算 | 含义 |
        |---|---|
        | `a || b` | 逻辑或 |
        """)
    result = site.build()
    assert messages(result, "warning")[-1] == (
        "content/posts/a.md:7: warning: table row has 4 cells where its header has 2: the "
        "last 2 (`` b` ``, `逻辑或`) are left out of the page; a `|` that does not end a cell "
        "is written `\\|` (in a formula, `|` is fine as it is)")


def test_footnotes_definition_lists_and_raw_html(site):
    html = body_of(site, """
        A claim.[^1]

        Term
        : Definition

        <div class="note">raw <b>html</b></div>

        [^1]: The source.
        """)
    assert 'class="footnote-ref"' in html and "The source." in html
    assert "<dt>Term</dt>" in html and "<dd>Definition</dd>" in html
    assert '<div class="note">raw <b>html</b></div>' in html


def test_chinese_headings_get_readable_unique_ids_and_attributes_are_honoured(site):
    html = body_of(site, """
        ## 注意力机制

        ## 注意力机制

        ## Why It Works {#why .special}
        """)
    assert '<h2 id="注意力机制">' in html and '<h2 id="注意力机制-1">' in html
    assert '<h2 id="why" class="special"><span>Why It Works</span></h2><a class="heading-anchor"' \
        in html


def page_ids(page: str) -> Counter[str]:
    return Counter(re.findall(r'\sid="([^"]*)"', page))


def toc_of(page: str) -> str:
    return page.split('<nav class="toc"')[1].split("</nav>")[0]


def test_heading_ids_keep_clear_of_the_ids_of_the_page_and_of_the_body(site):
    site.write("site.yaml", "title: T\nbase_url: https://e.github.io/b/\ndefault_language: zh\n"
               "languages: {zh: {}, en: {}}\n")
    site.post("a.en.md", "A", lang="en", body="""
        Note[^1] and again[^1].

        ## Main

        ## Post Title

        ## Complexity

        ## fn1

        ## fnref1

        ## Eq Fit

        $$
        y = ax + b \\label{fit}
        $$

        ## Raw Box

        <div id="raw-box">raw</div>

        ## Kept {#main}

        [^1]: A note.
        """)
    result = site.build()
    assert result.written, messages(result)
    page = site.read("en/posts/a/")
    assert [ident for ident, count in page_ids(page).items() if count > 1] == ["main"]
    for ident in ("main-1", "post-title-1", "complexity", "fn1-1", "fnref1-1", "eq-fit-1",
                  "raw-box-1"):
        assert f'<h2 id="{ident}">' in page
        assert f'href="#{ident}"' in toc_of(page)
    assert '<h2 id="main"><span>Kept' in page  # an id the writer gave stays as written
    assert '<main id="main"' in page and '<h1 id="post-title">' in page


def test_an_id_inside_an_html_comment_leaves_the_heading_its_own(site):
    """A heading the writer once wrote as HTML and commented out (`<!--<h2 id="usage">`),
    left beside the Markdown one that replaced it, took no id of the page; yet the heading
    got `usage-1`, and the table of contents' `[用法](#usage)` above it led nowhere (kramdown,
    Hugo and GitHub give the heading `usage`). A comment's id is none, inline or a block."""
    html = body_of(site, """
        [用法](#usage) · [安装](#install)

        ## Usage

        <!--<h2 id="usage"> Usage </h2>-->

        ## Install <!-- <a id="install"></a> -->
        """)
    assert '<h2 id="usage">' in html and '<h2 id="install">' in html
    assert 'id="usage-1"' not in html and 'id="install-1"' not in html
    assert not [m for m in messages(site.build()) if "#usage" in m or "#install" in m]


def test_heading_ids_step_over_the_labels_of_figures_tables_and_theorems(site):
    """Quarto's labels are ids too: `## Fig Loss` took `fig-loss` beside the figure
    `{#fig-loss}`, and so did a table's caption label and a theorem's, each id twice on the
    page (the Nu checker's "Duplicate ID") and `@fig-loss` led to the heading. A heading
    made of words steps over every id the body gives; the references, the contents and a
    link by the heading's words go where each was meant to."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.write("content/posts/loss.png", raw=b"\x89PNG\r\n\x1a\n")
    site.post("a.md", "A", lang="zh", toc="true", body="""
        见 @fig-loss、@tbl-cifar、@thm-elbo 与 [[#Fig Loss]]。

        ## Fig Loss

        ![训练损失](loss.png){#fig-loss}

        ## Tbl Cifar

        | a | b |
        |---|---|
        | 1 | 2 |

        : 结果 {#tbl-cifar}

        ## Thm Elbo

        ::: {#thm-elbo}
        ELBO 成立。
        :::
        """)
    result = site.build()
    assert result.written, messages(result)
    assert not messages(result, "warning"), messages(result)
    page = site.read("posts/a/")
    assert not [ident for ident, count in page_ids(page).items() if count > 1]
    assert '<figure id="fig-loss"' in page and '<table id="tbl-cifar">' in page
    assert '<div id="thm-elbo"' in page
    for ident in ("fig-loss-1", "tbl-cifar-1", "thm-elbo-1"):
        assert f'<h2 id="{ident}">' in page and f'href="#{ident}"' in toc_of(page)
    assert re.findall(r'<a href="#([^"]*)"', page.split("<p>见", 1)[1].split("</p>")[0]) \
        == ["fig-loss", "tbl-cifar", "thm-elbo", "fig-loss-1"]


def test_an_id_written_twice_is_said_at_the_line_of_the_one_links_miss(site):
    """An id the writer gave two elements, or one a footnote or the theme's page has, was
    on the page twice without a word: links to it reach one of them, and the page is invalid
    HTML. A written id stays the writer's (as Hugo keeps it), said at its line with the
    other; a captioned picture's id is its figure's, not its picture's as well."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.write("content/posts/loss.png", raw=b"\x89PNG\r\n\x1a\n")
    site.post("a.md", "A", lang="zh", body="""
        ![损失](loss.png "训练损失"){#pic}

        注[^1]，见 <span id="pic">图</span>。

        ## 说明 {#fn1}

        ## 主体 {#main}

        [^1]: 一条注。
        """)
    result = site.build()
    assert result.written, messages(result)
    assert messages(result, "warning") == [
        'content/posts/a.md:9: warning: id "pic" is also given at line 7: a link to "#pic" '
        "reaches only one of them, and HTML allows an id once a page; give this one another id",
        'content/posts/a.md:11: warning: id "fn1" is also a footnote\'s: a link to "#fn1" '
        "reaches only one of them, and HTML allows an id once a page; give this one another id",
        'content/posts/a.md:13: warning: id "main" is also one the templates use: a link to '
        '"#main" may reach theirs, and HTML allows an id once a page; give this one another id']
    page = site.read("posts/a/")
    assert '<figure id="pic"' in page and '<img src="/posts/loss.png" alt="损失" decoding' \
        in page


def test_no_heading_takes_an_id_the_themes_templates_or_the_sites_own_write(site):
    written = {ident for path in (THEME_DIR / "templates").rglob("*.html")
               for ident in re.findall(r'\bid="([^"{]+)"', path.read_text(encoding="utf-8"))}
    assert {"main", "post-title", "toc-title", "search-box", "comments"} <= written
    site.write("templates/partials/footer.html", '<footer id="colophon">F</footer>\n')
    site.post("a.md", "A", body="".join(f"## {ident}\n\n" for ident in sorted(written))
              + "## Colophon\n")
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/a/")
    for ident in (*written, "colophon"):
        assert f'<h2 id="{ident}-1">' in page
    assert not [ident for ident, count in page_ids(page).items() if count > 1]


def test_no_heading_takes_an_id_the_themes_scripts_make_as_the_page_runs(site):
    site.post("a.md", "A", body="""
        ## Code Tab 0 1

        ## Search Hit 1 Title

        ## Twikoo Thread

        ## Code Panel

        ## Code Tab 0 1
        """)
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/a/")
    # ("code-tab-0-1" is the first tab of the first group of code tabs once reader.js ran)
    for ident in ("section-code-tab-0-1", "section-search-hit-1-title", "section-twikoo-thread",
                  "code-panel", "section-code-tab-0-1-1"):
        assert f'<h2 id="{ident}">' in page
        assert f'href="#{ident}"' in toc_of(page)


# An id a theme script gives an element: `x.id = …`, `x.setAttribute("id", …)`.
SCRIPT_ID = re.compile(r"""\.id\s*=(?!=)\s*([^;\n]+)|setAttribute\(\s*["']id["']\s*,\s*([^)\n]+)""")
KEPT_ID = re.compile(r"[\w.]+\.id\s*\|\|\s*")  # `x.id = x.id || …`: an id it had is kept
LITERAL_START = re.compile(r"""(["'`])((?:(?!\1|\$\{).)*)""")


def test_every_id_the_themes_scripts_make_is_reserved_from_headings():
    made = set()
    for script in sorted((THEME_DIR / "static").rglob("*.js")):
        for assigned, attribute in SCRIPT_ID.findall(script.read_text(encoding="utf-8")):
            value = KEPT_ID.sub("", (assigned or attribute).strip(), count=1)
            literal = LITERAL_START.match(value)
            assert literal, f"{script.name}: an id made as `{value}`: start it with a string"
            made.add(literal.group(2))
    undeclared = sorted(m for m in made if not m.startswith(SCRIPT_ID_PREFIXES))
    assert not undeclared, f"declare {undeclared} in blogforge.templates.SCRIPT_ID_PREFIXES"
    # and no declaration outlives the ids it was for (which also shows they were all read)
    assert [prefix for prefix in SCRIPT_ID_PREFIXES
            if not any(m.startswith(prefix) for m in made)] == []


def test_heading_ids_keep_the_tex_of_their_formulas(site):
    page = body_of(site, """
        ## 公式标题 $\\alpha$ 与 $x_1$

        ## $L_1$ 正则

        ## $L_2$ 正则

        ## Loss$L$
        """)
    for ident in ("公式标题-alpha-与-x_1", "l_1-正则", "l_2-正则", "loss-l"):
        assert f'<h2 id="{ident}">' in page


def test_table_of_contents_entries_hold_no_links(site):
    site.post("a.md", "A", body=r"""
        $$
        f(x) = x^2 \label{eq:f}
        $$

        ## Result from \eqref{eq:f}

        ## See [the paper](https://example.org/p "x>y") on $\alpha$

        ## A noted heading[^1]

        [^1]: A note.
        """)
    site.build()
    page = site.read("posts/a/")
    toc = toc_of(page)
    entries = re.findall(r"<li><a href=\"#[^\"]*\">(.*?)</a>\n", toc)
    assert entries[0] == "Result from (1)"
    assert entries[1].startswith('See the paper on <span class="katex" translate="no">')
    assert entries[2] == 'A noted heading<sup class="footnote-ref">[1]</sup>'
    assert not [entry for entry in entries if re.search(r"</?a\b", entry)]
    assert "<annotation" in entries[1]  # (formulas stay whole)
    # the headings themselves keep their links
    assert '<a class="math-ref" href="#eq-eq:f">(1)</a>' in page.split("<h2")[1]


def test_an_id_written_in_a_heading_is_on_the_page_once(site):
    """The contents repeated a heading's HTML as it was: an id written in it (raw HTML, or
    `{#id}` on its code) was on the page twice, invalid HTML (the Nu checker's "Duplicate
    ID"), and `#x` could lead to the contents rather than to the section. The copy keeps
    the text and drops the ids, and the names of anchors."""
    site.post("a.md", "A", toc="true", body="""
        ## 第二 <span id="x" class="mark">锚</span>

        ## Third <a id="y" name="y"></a>part

        ## Code `f`{#z} <img src="/i.png" name="pic" alt="图">

        text
        """)
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/a/")
    tree = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    ids = Counter(e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id"))
    assert ids["x"] == ids["y"] == ids["z"] == 1
    assert not [ident for ident, count in ids.items() if count > 1]
    assert 'name="' not in toc_of(page)
    entries = re.findall(r"<li><a href=\"#[^\"]*\">(.*?)</a>\n", toc_of(page))
    assert entries == ['第二 <span class="mark">锚</span>', "Third part",
                       'Code <code translate="no">f</code> <img src="/i.png" alt="图" '
                       'decoding="async">']


def test_every_mark_of_a_footnote_shows_its_number(site):
    html = body_of(site, "note[^1] and again[^1], and another[^2].\n\n"
                         "[^1]: A note.\n[^2]: Another.\n")
    # named "Footnote 1" (its "[1]" was heard as "link 1" mid-sentence)
    mark = '<a role="doc-noteref" aria-label="{}" href="#fn{}" id="fnref{}">[{}]</a>'
    assert mark.format("Footnote 1", 1, 1, 1) in html
    assert mark.format("Footnote 1", 1, "1:1", 1) in html
    assert mark.format("Footnote 2", 2, 2, 2) in html
    # each back-link of the note still returns to its own mark
    assert 'href="#fnref1"' in html and 'href="#fnref1:1"' in html


def test_a_footnotes_link_back_is_named_in_the_pages_language(site):
    """The link back from a note was named by its arrow alone ("↩︎")."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("a.md", "甲", body="正文[^1]。\n\n[^1]: 注。\n")
    site.post("b.md", "B", body="Text[^1].\n\n[^1]: A note.\n", lang="en")
    assert site.build().written
    back = '<a role="doc-backlink" aria-label="{}" href="#fnref1" class="footnote-backref">'
    assert back.format("返回正文") in site.read("posts/a/")
    assert back.format("Back to text") in site.read("en/posts/b/")
    assert 'aria-label="脚注 1" href="#fn1"' in site.read("posts/a/")


def test_the_links_back_of_a_note_marked_twice_are_told_apart(site):
    """Both were "返回正文", with one arrow each: which returned where could not be heard."""
    site.write("site.yaml", "languages:\n  zh: {}\n")
    site.post("a.md", "甲", body="一[^1]，二[^1]，三[^2]。\n\n[^1]: 注。\n[^2]: 另。\n")
    assert site.build().written
    names = re.findall(r'role="doc-backlink" aria-label="([^"]*)" href="#([^"]*)"',
                       site.read("posts/a/"))
    assert names == [("返回正文（第 1 处）", "fnref1"), ("返回正文（第 2 处）", "fnref1:1"),
                     ("返回正文", "fnref2")], names
    # and so in the feed (its body is rendered again from the parsed tokens, without the
    # parse's notes: numbered or not by which post was parsed last)
    assert "返回正文（第 2 处）" in site.read("atom.xml")


def test_code_is_highlighted_with_a_label(site):
    html = body_of(site, "```python\ndef f(x):\n    return x\n```\n")
    assert ('<div class="code-block code-short" data-lang="python"><div class="code-head">'
            '<span class="code-label">Python</span>') in html
    assert '<span class="k">def</span>' in html


def test_short_language_names_are_highlighted_without_warnings(site):
    site.post("a.md", "A", body="".join(f"```{lang}\nx = 1\n```\n\n"
                                        for lang in ("py", "sh", "c++", "yml", "js", "ts")))
    result = site.build()
    assert not [m for m in messages(result, "warning") if "code language" in m]
    html = site.read("posts/a/")
    for label in ("Python", "Bash", "C++", "YAML", "JavaScript", "TypeScript"):
        assert f'<span class="code-label">{label}</span>' in html


def test_php_without_an_opening_tag_is_highlighted_as_php(site):
    """A LeetCode solution in PHP is a class pasted alone, never opened by `<?php`: Pygments
    took all of it for the HTML around PHP, one uncoloured run."""
    html = body_of(site, "```php\nfunction twoSum($nums) {\n    return [];\n}\n```\n\n"
                         "```php\n<p><?php echo $x; ?></p>\n```\n")
    assert '<span class="k">function</span> <span class="nf">twoSum</span>' in html
    assert '<span class="nv">$nums</span>' in html
    # (a block that opens PHP itself keeps its HTML outside it)
    assert '<span class="cp">&lt;?php</span> <span class="k">echo</span>' in html


def test_the_names_chats_give_their_code_blocks_are_no_unknown_languages(site):
    """`build --strict` (the CI workflow `blogforge new site` writes) failed on every block an
    answer pasted from a chat labelled `pseudocode`, `csv`, `terminal`, `cmd`, `env`…"""
    names = ("pseudo", "pseudocode", "pseudo-code", "algorithm", "csv", "tsv", "log", "tree",
             "terminal", "cmd", "env", "dotenv", "jsonc", "plaintext")
    site.write("site.yaml", "base_url: https://user.github.io/repo/\n")
    site.post("a.md", "A", body="".join(f"```{name}\nx = 1\n```\n\n" for name in names)
              + "```terminal\n$ pip install peft\nSuccessfully installed\n```\n")
    result = site.build(strict=True)
    assert result.written and not [m for m in messages(result) if "code language" in m]
    page = site.read("posts/a/")
    labels = re.findall(r'<span class="code-label">(.*?)</span>', page)
    assert labels == ["pseudo", "pseudocode", "pseudo-code", "algorithm", "csv", "tsv", "log",
                      "tree", "Bash Session", "Batchfile", "Bash", "Bash", "JSON", "文本",
                      "Bash Session"]
    assert '<span class="gp">$ </span>pip<span class="w"> </span>install' in page


def test_r_and_nim_blocks_are_labelled_by_their_languages_names(site):
    """Pygments' lexer for R is named for S, its Nim lexer by Nim's old name: an R block was
    labelled "S", a Nim answer (one of doocs/leetcode's tabs) "Nimrod"."""
    html = body_of(site, "```r\nx <- c(1, 2)\n```\n\n```nim\nlet x = 1\n```\n")
    assert re.findall(r'<span class="code-label">(.*?)</span>', html) == ["R", "Nim"]
    assert '<span class="o">&lt;-</span>' in html  # (still highlighted as R)


def test_leetcodes_names_of_its_languages_are_no_unknown_languages(site):
    """A LeetCode submission exported into a post names its fence by LeetCode's language key:
    `mssql`, `oraclesql` and `pythondata` were "unknown code language" (`--strict` failed)
    and shown uncoloured."""
    site.write("site.yaml", "base_url: https://user.github.io/repo/\n")
    site.post("a.md", "A", body="".join(f"```{name}\nSELECT 1;\n```\n\n"
                                        for name in ("mssql", "oraclesql", "pythondata")))
    result = site.build(strict=True)
    assert result.written and not [m for m in messages(result) if "code language" in m]
    page = site.read("posts/a/")
    assert re.findall(r'<span class="code-label">(.*?)</span>', page) == [
        "Transact-SQL", "SQL", "Python"]
    assert '<span class="k">SELECT</span>' in page


def test_a_shell_session_named_as_github_names_it_has_its_prompts_marked(site):
    """`sh-session` (GitHub's name for a terminal session) is highlighted as `console` is, so
    that its copy button copies the commands alone (js/reader.js reads the marked prompts)."""
    html = body_of(site, "```sh-session\n$ ls\nREADME.md\n```\n")
    assert '<span class="gp">$ </span>ls' in html
    assert '<span class="go">README.md</span>' in html


def test_text_and_output_blocks_are_plain_without_warnings(site):
    site.post("a.md", "A", body="```text\n<b>x</b>\n```\n\n```output\n42\n```\n")
    result = site.build()
    assert not [m for m in messages(result, "warning") if "code language" in m]
    html = site.read("posts/a/")
    assert '<pre translate="no"><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>' in html
    # labelled in the page's language: they are words, not languages
    assert '<span class="code-label">文本</span>' in html
    assert '<span class="code-label">输出</span>' in html


def test_line_numbers_and_highlighted_lines(site):
    html = body_of(site, '```cpp {linenos=true hl_lines="2"}\nint a;\nint b;\nint c;\n```\n')
    assert html.count('class="linenos"') == 3
    # the numbers are left out of what a screen reader reads as the code ("1int a;")
    assert html.count('<span class="linenos" aria-hidden="true">') == 3
    assert html.count('class="hll"') == 1
    highlighted = html.split('class="hll"')[1].split("</span>\n")[0]
    assert "b" in highlighted and "a;" not in highlighted


def test_hugo_camel_case_fence_options_number_and_mark_lines(site):
    """Hugo's docs write `lineNos`, `lineNoStart`, `hl_Lines`; Hugo reads names in any case."""
    site.post("a.md", "A", body='```python {lineNos=true, lineNoStart=5, hl_Lines="2"}\n'
                                'a = 1\nb = 2\n```\n')
    result = site.build()
    assert not [m for m in messages(result, "warning") if "option" in m], messages(result)
    html = site.read("posts/a/")
    assert re.findall(r'<span class="linenos"[^>]*>\s*(\d+)</span>', html) == ["5", "6"]
    assert html.count('class="hll"') == 1
    highlighted = html.split('class="hll"')[1].split("</span>\n")[0]
    assert '<span class="n">b</span>' in highlighted


def test_unknown_and_unclosed_fence_options_are_warned_of_at_their_line(site):
    site.post("a.md", "A", body='text\n\n```python {lineNumbers=true title="x.py" group="g"}\n'
                                'x = 1\n```\n\n```python {linenos=true hl_lines=[2]\ny = 2\n```\n'
                                '\n```py3 title=solution.py\nz = 3\n```\n')
    result = site.build()
    said = [m for m in messages(result, "warning") if "option" in m]
    assert said == [
        "content/posts/a.md:7: warning: unknown code fence option `lineNumbers`: ignored; use "
        "one of linenos, linenostart, hl_lines, title, link, link_text, group, tab, fold "
        "(any case)",
        "content/posts/a.md:11: warning: code fence options opened with `{` are not closed: "
        "read up to the end of the line; end them with `}`",
    ]
    html = site.read("posts/a/")
    assert '<span class="code-title">x.py</span>' in html  # the known ones still work
    assert '<span class="code-title">solution.py</span>' in html


def test_unknown_language_renders_escaped_plain_code(site):
    html = body_of(site, "```mystery\n<b>&</b>\n```\n")
    assert '<pre translate="no"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>' in html


def test_root_relative_links_get_the_base_path(site):
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    site.write("static/images/a.png", raw=b"png")
    site.write("content/about.md", "About.")
    html = body_of(site, "![fig](/images/a.png) and [about](/about/)")
    assert 'src="/repo/images/a.png"' in html and 'href="/repo/about/"' in html


def test_links_to_markdown_files_become_post_urls(site):
    site.post("b/other.md", "Other")
    html = body_of(site, "[see the other note](b/other.md#part) and [missing](nope.md)")
    assert 'href="/posts/b/other/#part"' in html
    assert any("link to `nope.md`" in m for m in messages(site.build()))


def test_template_syntax_in_posts_is_just_text(site):
    html = body_of(site, "Jinja looks like {{ site.title }} and {% if x %}.\n")
    assert "{{ site.title }}" in html and "{% if x %}" in html


def test_code_stylesheet_only_on_pages_with_code(site):
    site.post("code.md", "Code", body="```python\nx = 1\n```\n")
    site.post("prose.md", "Prose", body="Just words.")
    site.build()
    assert "css/highlight.css" in site.read("posts/code/")
    assert "css/highlight.css" not in site.read("posts/prose/")
    assert "css/highlight.css" not in site.read("")
    assert site.exists("css/highlight.css")


def test_the_code_stylesheet_reaches_readers_without_comments_or_layout(site):
    """A page with code waits for highlight.css to be drawn: Pygments' comment on every rule
    (`/* Keyword */`) and the space of its layout were a third of it (19.4 KB of 13.2)."""
    site.post("code.md", "Code", body="```python\nx = 1\n```\n")
    assert site.build().written
    published = site.read("css/highlight.css")
    assert "/*" not in published and ": " not in published
    assert len(published) < 14_000, len(published)
    # (the light colours, then the dark ones the toggle and the system's setting choose)
    assert ".highlight .k{color:#" in published
    assert "@media screen{:root[data-theme=dark] .highlight" in published
    assert ":root[data-theme=dark] .highlight .k{color:#" in published
    assert "@media screen and (prefers-color-scheme:dark){:root:not([data-theme=light])" \
        in published
    assert ":root:not([data-theme=light]) .highlight .k{color:#" in published


def test_code_stylesheet_on_pages_whose_only_code_is_raw_html(site):
    # code highlighted by Jekyll (Rouge), as an imported post keeps it: the stylesheet colours
    # its tokens (and sets every <pre>'s line height)
    site.post("jekyll.md", "Jekyll", body='<div class="highlight"><pre class="highlight"><code>'
                                          '<span class="k">def</span> f(): pass\n</code></pre>'
                                          "</div>\n")
    site.post("inline.md", "Inline", body="A paragraph with <pre>x = 1</pre> in it.\n")
    site.post("not-code.md", "Not code", body='<!-- <pre>left out</pre> -->\n\n'
                                              '<p title="<pre>">Just words.</p>\n')
    site.build()
    assert "css/highlight.css" in site.read("posts/jekyll/")
    assert "css/highlight.css" in site.read("posts/inline/")
    assert "css/highlight.css" not in site.read("posts/not-code/")


def test_table_of_contents_nests_subsections(site):
    site.post("a.md", "A", body="## One\n\n### One.a\n\n### One.b\n\n## Two\n\ntext\n")
    site.build()
    toc = site.read("posts/a/").split('<nav class="toc"')[1].split("</nav>")[0]
    one = toc.split('href="#one"')[1].split('href="#two"')[0]
    assert '<ol><li><a href="#one.a">One.a</a></li><li><a href="#one.b">One.b</a></li></ol>' in one


def test_a_heading_marked_no_toc_is_left_out_of_the_contents(site):
    # kramdown's (Jekyll's) `{:.no_toc}` after a heading keeps it out of the contents
    site.post("a.md", "A", body="## One\n\n## Not listed\n{:.no_toc}\n\n## Two\n\n"
                                "## Three\n{: .no_toc .x}\n\n## Four\n\ntext\n")
    site.build()
    page = site.read("posts/a/")
    toc = page.split('<nav class="toc"')[1].split("</nav>")[0]
    assert 'href="#one"' in toc and 'href="#two"' in toc
    assert "Not listed" not in toc and "Three" not in toc
    assert '<h2 class="no_toc" id="not-listed">' in page


def test_short_posts_have_no_table_of_contents_unless_asked(site):
    site.post("a.md", "A", body="## Only\n\ntext\n")
    site.post("b.md", "B", body="## Only\n\ntext\n", toc="true")
    site.build()
    assert 'class="toc"' not in site.read("posts/a/")
    assert 'class="toc"' in site.read("posts/b/")


def test_a_raw_image_without_alt_text_is_a_warning_at_its_line(site):
    """`<img src="chain.svg">` was published without `alt`: a screen reader reads its file
    name out, and the page is not valid HTML. `alt=""` (a decoration) is one's own choice."""
    site.post("a.md", "A", date="2024-01-01",
              body='段落。\n\n<img src="chain.svg">\n\n文字 <img src="b.png" alt=""> 和\n'
                   '<img src="c.png"\n  width="20"> 图。\n')
    found = [m for m in messages(site.build(), "warning") if "alt text" in m]
    assert [m.split(": warning: ")[0] for m in found] == [
        "content/posts/a.md:7", "content/posts/a.md:10"], found
    assert found[0].endswith('an image without alt text (`<img src="chain.svg">`): a screen '
                             'reader reads out its file name; write alt="what it shows" '
                             '(alt="" for a decoration)')
    assert found[1].split(" (`")[1].startswith('<img src="c.png" width="20">`)')  # one line


def test_an_image_without_alt_is_said_at_its_own_line_and_not_when_commented_out(site):
    """The same tag written again (in code first, or on the next lines) was said at the
    first one's line; a picture commented out was warned of (and `check --strict` failed)."""
    site.post("a.md", "A", date="2024-01-01",
              body='写法是 `<img src="x.png">`，\n像这样：<img src="x.png">\n\n'
                   '第一行 <img src="x.png">\n第二行 <img src="x.png">\n\n'
                   '<!-- 旧图：\n<img src="old.png">\n-->\n')
    found = [m.split(": warning: ")[0] for m in messages(site.build(), "warning")
             if "alt text" in m]
    assert found == ["content/posts/a.md:6", "content/posts/a.md:8", "content/posts/a.md:9"], \
        found
    assert '<img src="old.png">\n-->' in site.read("posts/a/")  # (as written: not sized)


def test_obsidian_comments_are_never_published(site):
    """`%% … %%` is a note's private text in Obsidian (hidden in its reading view, left out
    by Quartz and Obsidian Publish): it was published on the page, in the excerpt and the
    description, in the feed and in the search index."""
    body = ("开头。\n\n%% 私话 SECRET-1 %%\n\n正文 %%行内 SECRET-2%% 继续。\n\n%%\n"
            "多行 SECRET-3\n%%\n\n```text\nx = \"%% kept %%\"\n```\n\n"
            "代码 `%%kept%%`，百分比 50%% 照写。\n\n## 小节 %%SECRET-4%%\n\n- 项\n%% SECRET-5 %%\n")
    site.post("a.md", "甲", date="2024-01-01", body=body)
    result = site.build()
    assert result.written and not [m for m in messages(result) if "posts/a.md" in m]
    published = "".join(p.read_text(encoding="utf-8", errors="replace")
                        for p in site.output.rglob("*") if p.is_file())
    assert "SECRET" not in published
    page = site.read("posts/a/")
    assert "<p>正文  继续。</p>" in page and "%% kept %%" in page
    assert '<code translate="no">%%kept%%</code>' in page
    assert "百分比 50%% 照写" in page  # (a `%%` with none after it is a percent sign's)


def test_an_obsidian_comment_never_closed_hides_the_rest_and_says_so(site):
    site.post("a.md", "甲", date="2024-01-01", body="看得见。\n\n%% 忘了关\n\n看不见 SECRET。\n")
    result = site.build()
    assert "SECRET" not in site.read("posts/a/") and "看得见" in site.read("posts/a/")
    assert [m for m in messages(result) if "posts/a.md" in m] == [
        "content/posts/a.md:7: warning: a comment `%%` opened here is never closed: the rest "
        "of the note is hidden, as Obsidian hides it (close it with `%%`)"]


def test_an_obsidian_comment_never_closed_in_a_paragraph_is_said_at_its_line(site):
    """`写到一半 %%TODO: 别发出去` opens a comment inside a paragraph that nothing closes:
    it was published without a word. It is said at its line; a percent sign's `50%%` is not."""
    post = site.post("a.md", "甲", date="2024-01-01",
                     body="第一段。\n\n第二段，\n写到一半 %%TODO: 别发出去\n\n涨了 50%%。\n")
    result = site.build()
    line = post.read_text(encoding="utf-8").splitlines().index("写到一半 %%TODO: 别发出去") + 1
    assert [m for m in messages(result) if "posts/a.md" in m] == [
        f"content/posts/a.md:{line}: warning: a comment `%%` opened here is never closed: its "
        "words are published, where Obsidian hides them and the rest of the note (close it "
        "with `%%`; a percent sign is written `\\%`)"]


def test_an_obsidian_wikilink_links_to_the_post_of_that_name(site):
    """`[[transformer]]` was published as text without a word (an embed `![[x]]` had one):
    it links to the one post of that file's name, as Obsidian finds a note in any folder; one
    naming no post, or several, is text, and said."""
    site.post("ml/transformer.md", "Transformer", date="2024-01-01",
              body="## 多头注意力\n\nx ^b1\n")
    site.post("ml/draft.md", "草稿", date="2024-01-01", draft="true")
    site.post("a.md", "甲", date="2024-01-02",
              body="参见 [[transformer]]，[[Transformer#多头注意力|多头]]，[[#本页]]，"
                   "[[没有这篇]]，[[draft|草稿]]，![[x.png]]，[[transformer.md]]，"
                   "[[transformer#^b1]]，见块。\n\n## 本页\n")
    result = site.build()
    found = [m.split(": warning: ")[1] for m in messages(result) if "posts/a.md" in m]
    page = site.read("posts/a/")
    assert '<a href="/posts/ml/transformer/">transformer</a>' in page
    assert '<a href="/posts/ml/transformer/#多头注意力">多头</a>' in page
    assert '<a href="#本页">本页</a>' in page
    # (Obsidian takes a name with its `.md`; a block's `^id` is its id: block ids' test)
    assert '<a href="/posts/ml/transformer/">transformer.md</a>' in page
    assert '<a href="/posts/ml/transformer/#%5Eb1">transformer</a>，见块' in page
    assert "[[没有这篇]]" in page and "，草稿，" in page  # (a draft's link: its words)
    assert found[:2] == [
        "`[[没有这篇]]` (Obsidian's link) is shown as text: no post is named `没有这篇`",
        # (named as written: it was `ml/draft.md`, the Markdown link made of it)
        "link to `[[draft|草稿]]`: that post is a draft, held back: it is linked when it is "
        "published (or built with --drafts)"], found
    assert "Obsidian's embed" in found[2]
    assert "[[transformer]]" not in site.read("atom.xml")  # (linked in the feed too)


def test_an_escaped_obsidian_link_is_text_and_no_warning(site):
    """A note on Obsidian itself writes its syntax escaped, `\\[\\[笔记名\\]\\]`, as text on
    purpose (Obsidian shows it so): it was warned of as a link to no post."""
    site.post("a.md", "甲", body="链接写作 \\[\\[笔记名\\]\\]，嵌入写作 !\\[\\[图.png\\]\\]。\n")
    result = site.build()
    assert "链接写作 [[笔记名]]，嵌入写作 ![[图.png]]。" in site.read("posts/a/")
    assert [m for m in messages(result) if "posts/a.md" in m] == []


def test_an_obsidian_link_to_a_heading_named_as_a_theme_id_reaches_the_heading(site):
    """`## Comments` is `id="comments-1"` (the theme's comment section is `#comments`), but
    `[[note#Comments]]` led to `#comments`, the foot of the page, and the link audit, finding
    that id there, said nothing; `[[#Main]]` on the page itself led to the theme's `<main>`."""
    site.post("ml/note.md", "Note", date="2024-01-01", lang="zh",
              body="## Main\n\nx\n\n## Comments\n\ny\n")
    site.post("a.md", "甲", date="2024-01-02",
              body="[[note#Comments|评论一节]]，![[note#Main]]，[[#Main]]\n\n## Main\n")
    result = site.build()
    assert result.written, messages(result)
    assert 'id="comments-1"' in site.read("posts/ml/note/")
    page = site.read("posts/a/")
    assert '<a href="/posts/ml/note/#comments-1">评论一节</a>' in page
    assert '<a href="/posts/ml/note/#main-1">note</a>' in page
    assert '<a href="#main-1">Main</a>' in page


def test_an_obsidian_link_to_a_heading_reaches_the_id_the_heading_got(site):
    """`[[#代码]]` beside `## 代码 {#code}` led to `#代码`, an id no element has, and the
    link audit said "broken link `#代码`": Obsidian names a heading by its words, and the
    heading's id was the one written. A link naming a heading by its words leads to the id
    it got, written or made (stepped over a written one), on the page and on another; a
    Markdown link's `#代码` is an id, as written."""
    site.write("site.yaml", "base_url: https://e.org/\nlanguages: {zh: {}, en: {}}\n")
    site.post("ml/other.md", "Other", date="2024-01-01", lang="zh",
              body="## 方法 {.method #approach}\n\n## Method Overview {#overview}\n\n"
                   "## 结果 {#附录}\n\n## 附录\n\nx\n")
    site.post("self.md", "甲", date="2024-01-02", lang="zh",
              body="见 [[#代码]]、[[other#方法]]、[[other#Method Overview|概览]]、"
                   "[[other#附录]]、[一](ml/other.md#Method%20Overview)、[二](#代码)。\n\n"
                   "## 代码 {#code}\n")
    site.post("en.md", "En", date="2024-01-02", lang="en",
              body="See [[#Source Code]] and [[other#Method Overview]].\n\n"
                   "## Source Code {#code}\n")
    result = site.build()
    assert result.written, messages(result)
    assert [m.split(": warning: ")[1] for m in messages(result) if "broken link" in m] == [
        'broken link `#代码`: no id="代码" on posts/self/index.html'], messages(result)
    other = site.read("posts/ml/other/")
    assert '<h2 id="附录-1">' in other and '<h2 id="overview">' in other
    page = site.read("posts/self/")
    assert '见 <a href="#code">代码</a>、<a href="/posts/ml/other/#approach">方法</a>、' \
        '<a href="/posts/ml/other/#overview">概览</a>、' \
        '<a href="/posts/ml/other/#附录-1">附录</a>、' \
        '<a href="/posts/ml/other/#overview">一</a>、<a href="#%E4%BB%A3%E7%A0%81">二</a>。' in page
    assert 'See <a href="#code">Source Code</a> and ' \
        '<a href="/posts/ml/other/#overview">Method Overview</a>.' in site.read("en/posts/en/")


def test_a_link_to_another_posts_heading_reaches_the_id_it_ended_with(site):
    """`## Code` after `<a id="code"></a>` is `#code-1` on its page, and `## Method` after a
    picture's `{#method}` `#method-1`: a link from another post naming them by their words
    (`[[other#Code]]`) went to `#code` and `#method`, the anchor and the picture, for the
    loader read only the ids written on the other post's headings. It reads the ids the
    headings end with, stepped over the body's own."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.write("content/posts/x.png", raw=b"\x89PNG\r\n\x1a\n")
    site.post("other.md", "Other", lang="zh", body="""
        <a id="code"></a>

        ## Code

        ![图](x.png){#method}

        ## Method

        ## 附录
        """)
    site.post("self.md", "甲", lang="zh", date="2024-05-02",
              body="见 [[other#Code]]、[[other#Method]]、[[other#附录]]。\n")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    other = site.read("posts/other/")
    assert '<h2 id="code-1">' in other and '<h2 id="method-1">' in other
    assert '见 <a href="/posts/other/#code-1">Code</a>、<a href="/posts/other/#method-1">' \
        'Method</a>、<a href="/posts/other/#附录">附录</a>。' in site.read("posts/self/")


def test_a_link_to_a_heading_after_a_list_nested_ten_deep_reaches_its_written_id(site):
    """`[[deep#方法]]` to `## 方法 {#method}` written after an outline ten levels deep led to
    `#方法`, "broken link": the loader read the ids written on headings with CommonMark's
    parser, which skips all that follows such a list, where the page's follows it."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.post("deep.md", "Deep", body=nested_list(10, "## 方法 {#method}"))
    site.post("self.md", "甲", date="2024-05-02", body="见 [[deep#方法]]。\n")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    assert '<h2 id="method">' in site.read("posts/deep/")
    assert '见 <a href="/posts/deep/#method">方法</a>。' in site.read("posts/self/")


def test_an_obsidian_link_by_its_path_links_to_the_post_at_that_path(site):
    """Obsidian writes a note's path when two share a name (and always with its "absolute"
    and "relative path" link formats): `[[ML/KL 散度]]` was shown as text, "no post is named";
    `[[VAE#定义#非负性]]`, a heading under a heading, linked to an id no page has."""
    for folder in ("ML", "Other"):
        site.post(f"{folder}/KL 散度.md", f"KL {folder}", date="2024-01-01",
                  body="## 定义\n\n### 非负性\n\nx\n")
    site.post("ML/VAE.md", "VAE", date="2024-01-01", body="## 定义\n\n### 非负性\n\nx\n")
    site.post("Daily/a.md", "甲", date="2024-01-02",
              body="1 [[ML/KL 散度]]\n\n2 [[ML/KL 散度#定义|定义一节]]\n\n"
                   "3 [[posts/Other/KL 散度]]\n\n4 [[../ML/KL 散度]]\n\n"
                   "5 [[VAE#定义#非负性]]\n\n6 [[KL 散度]]\n\n7 [[Nowhere/KL 散度]]\n")
    result = site.build()
    page = site.read("posts/daily/a/")
    ml, other = "/posts/ml/kl-%E6%95%A3%E5%BA%A6/", "/posts/other/kl-%E6%95%A3%E5%BA%A6/"
    found = re.findall(r"<p>(\d) (.*?)</p>", page)
    assert found[:5] == [
        ("1", f'<a href="{ml}">KL 散度</a>'), ("2", f'<a href="{ml}#定义">定义一节</a>'),
        ("3", f'<a href="{other}">KL 散度</a>'), ("4", f'<a href="{ml}">KL 散度</a>'),
        ("5", '<a href="/posts/ml/vae/#非负性">定义 &gt; 非负性</a>')], found
    assert found[5:] == [("6", "[[KL 散度]]"), ("7", "[[Nowhere/KL 散度]]")]
    said = [m.split(": warning: ")[1] for m in messages(result) if "posts/" in m]
    assert said == [
        "`[[KL 散度]]` (Obsidian's link) is shown as text: 2 posts are named `KL 散度` "
        "(`../ML/KL 散度.md`, `../Other/KL 散度.md`): write a Markdown link to the one meant",
        "`[[Nowhere/KL 散度]]` (Obsidian's link) is shown as text: no post is named "
        "`Nowhere/KL 散度`"], said


def test_an_obsidian_markdown_link_by_its_shortest_path_finds_the_one_file_of_that_name(site):
    """A vault with Markdown links and Obsidian's "shortest path when possible" writes a
    note or picture kept in another folder by its name alone: the links were published dead
    (the warning even named the one file meant). The one file of that name is linked, at its
    heading (Obsidian writes the heading's words); two of that name are still said."""
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x64\0\0\0\x32" + bytes(8)
    site.write("content/attachments/Pasted image 20240101.png", raw=png)
    site.post("ML/什么是 KL 散度？.md", "KL", date="2024-01-01", body="## 1. 定义\n\nx\n")
    for folder in ("ML", "Other"):
        site.post(f"{folder}/twin.md", "Twin", date="2024-01-01")
    site.post("Daily/a.md", "甲", date="2024-01-02",
              body="1 [KL](什么是%20KL%20散度？.md) [定义](什么是%20KL%20散度？.md#1.%20定义)\n\n"
                   "2 ![](Pasted%20image%2020240101.png)\n\n3 [t](twin.md)\n")
    result = site.build()
    page = site.read("posts/daily/a/")
    kl = "/posts/ml/%E4%BB%80%E4%B9%88%E6%98%AF-kl-%E6%95%A3%E5%BA%A6/"
    assert f'1 <a href="{kl}">KL</a> <a href="{kl}#1-定义">定义</a>' in page
    assert '2 <img src="/attachments/Pasted%20image%2020240101.png" alt=""' in page
    said = [m.split(": warning: ")[1] for m in messages(result) if "posts/" in m]
    assert said == ["link to `twin.md`: no such Markdown file in content/"], said


def test_an_obsidian_markdown_link_by_its_relative_path_reaches_the_heading_it_names(site):
    """Obsidian's "relative path" link format writes `[x](../ML/KL.md#Two%20Words)`, the
    heading's words: linked as written, `#Two%20Words`, a broken link, where the same link by
    the note's name alone reached `#two-words`."""
    site.post("ML/KL.md", "KL", date="2024-01-01", lang="zh",
              body="## Two Words\n\nx\n\n## Comments Here\n\ny\n")
    site.post("Daily/a.md", "甲", date="2024-01-02",
              body="[一](../ML/KL.md#Two%20Words) [二](../ML/KL.md#Comments%20Here) "
                   "[三](<../ML/KL.md#Two Words>)\n")
    result = site.build()
    assert not [m for m in messages(result) if "broken link" in m], messages(result)
    page = site.read("posts/daily/a/")
    assert '<a href="/posts/ml/kl/#two-words">一</a>' in page
    assert '<a href="/posts/ml/kl/#comments-here">二</a>' in page
    assert '<a href="/posts/ml/kl/#two-words">三</a>' in page


def test_a_markdown_link_to_a_heading_named_as_a_theme_id_reaches_the_heading(site):
    """`## Search Results` is `id="search-results-1"` (the theme's search box holds
    `#search-results`): a Markdown link naming it by its words, `KL.md#Search%20Results` as
    Obsidian writes it, leads to the heading, as `[[KL#Search Results]]` does, not to the
    search box, which the link audit, finding that id there, never said."""
    site.post("ML/KL.md", "KL", date="2024-01-01", lang="zh",
              body="## Search Results\n\nx\n")
    site.post("Daily/a.md", "甲", date="2024-01-02",
              body="[一](../ML/KL.md#Search%20Results) [二](KL.md#Search%20Results) "
                   "[[KL#Search Results|三]]\n")
    result = site.build()
    assert result.written, messages(result)
    assert 'id="search-results-1"' in site.read("posts/ml/kl/")
    page = site.read("posts/daily/a/")
    assert '<a href="/posts/ml/kl/#search-results-1">一</a>' in page
    assert '<a href="/posts/ml/kl/#search-results-1">二</a>' in page
    assert '<a href="/posts/ml/kl/#search-results-1">三</a>' in page


def test_an_obsidian_block_id_is_the_blocks_id_and_shown_nowhere(site):
    """` ^multihead` at a paragraph's end (Obsidian's block id, for `[[note#^multihead]]`)
    was published as words on the page, in the description, the feed and the search index,
    and a link to it went to the note's top. It names the paragraph, the list item, the
    table before a line of it alone; the link goes there."""
    site.post("多头.md", "多头", date="2024-01-01", body=(
        "多头注意力把 $Q$ 投影到 $h$ 个子空间。 ^multihead\n\n- 列表项 ^item1\n- 另一项\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n^table1\n\n"
        "引用：[[多头#^multihead|那一段]]，[[#^item1|那一项]]\n"))
    result = site.build()
    assert not [m for m in messages(result) if "posts/" in m], messages(result)
    page = site.read("posts/多头/")
    assert '<p id="^multihead">多头注意力把' in page and "子空间。</p>" in page
    assert '<li id="^item1">列表项</li>' in page and '<table id="^table1">' in page
    assert '<a href="/posts/%E5%A4%9A%E5%A4%B4/#%5Emultihead">那一段</a>' in page
    assert '<a href="#%5Eitem1">那一项</a>' in page
    published = "".join(p.read_text(encoding="utf-8", errors="replace")
                        for p in site.output.rglob("*") if p.suffix in (".html", ".xml", ".json"))
    assert "^multihead" not in published.replace('id="^multihead"', "").replace(
        "#%5Emultihead", "")
    assert not re.search(r"\^(item1|table1)\b", published.replace('id="^', "")), \
        "block marks published as words"


def test_an_obsidian_block_id_after_a_diagram_code_or_formula_names_it(site):
    """`^a36aec` on a line of its own after a Mermaid diagram (an OI notes vault links "the
    figure above" so) was a paragraph of those words on the page, and `[[#^a36aec]]` a broken
    link; after a code block or a display formula too. An empty element of that id is above
    each, where the link scrolls to."""
    site.post("并查集.md", "并查集", body=(
        "```mermaid\ngraph TD\n  e --> s\n```\n\n^a36aec\n\n"
        "```cpp\nint find(int x);\n```\n\n^code1\n\n$$\nx = y\n$$\n\n^eq1\n\n"
        "如[[#^a36aec|上图]]，[[#^code1|代码]]，[[#^eq1|式]]。\n"))
    result = site.build()
    assert not [m for m in messages(result) if "posts/" in m], messages(result)
    body = site.read("posts/并查集/").split('<div class="content"')[1]
    for name in ("a36aec", "code1", "eq1"):
        assert f"^{name}</p>" not in body
        assert body.count(f'<span id="^{name}"></span>') == 1
    assert body.index('id="^a36aec"') < body.index("graph TD") < body.index('id="^code1"') \
        < body.index("find") < body.index('id="^eq1"') < body.index("<math")


def test_an_obsidian_link_after_brackets_names_no_bracket(site):
    """A name holds no `[`, as in Obsidian: read from each `[[` to the line's end, a line of
    `[[[[…` took minutes to build (10 KB: 22 s), and `[[[x]]` was said to name `[x`."""
    site.post("ml/transformer.md", "Transformer", date="2024-01-01")
    site.post("a.md", "甲", date="2024-01-02",
              body="见 [[[transformer]]，[[[[transformer|T]]，![[![[x.png]]，"
                   "![图 [1]](fig 1.png)\n")
    result = site.build()
    found = [m.split(": warning: ")[1] for m in messages(result) if "posts/a.md" in m]
    page = site.read("posts/a/")
    assert '见 [<a href="/posts/ml/transformer/">transformer</a>，' in page
    assert '[[<a href="/posts/ml/transformer/">T</a>，' in page
    assert found == [
        "`![图 [1]](fig 1.png)` is shown as text: a path with spaces is written `<fig 1.png>` "
        "(or `fig%201.png`)",
        "`![[x.png]]` (Obsidian's embed) is shown as text: no file under content/ is named "
        "`x.png`"], found


def test_a_cached_body_depends_on_its_pictures_read_to_the_next_bracket_only():
    """What a cached body's sizes depend on (the pictures it names) was read from each `![`
    to the line's end: a line of `![[![[…` took seconds to build. A description holds
    brackets one deep, as Markdown's does (`![图 [1]](fig.png)` was missed), a tag no `<`."""
    from blogforge.markdown.images import image_stamp, image_urls

    files = {"content/posts/fig.png": "d1", "content/posts/g.png": "d2"}
    assert image_stamp(image_urls('![图 [1] 说明](fig.png) <img <img src="g.png">'),
                       "content/posts", files) == "content/posts/fig.png:d1|content/posts/g.png:d2"
    assert image_stamp(image_urls("![[" * 30_000 + "![x](g.png)"), "content/posts", files) == \
        "content/posts/g.png:d2"


def test_a_cached_body_depends_on_the_files_its_pictures_urls_name_however_written():
    """A picture's URL is taken as written only where splitting and unquoting it would leave
    it so; a URL with an escape, a query, a fragment, a scheme, a host, a tab or space before
    it names the file it named before (a cached body is rendered again when that file is
    replaced, and not for another one)."""
    from blogforge.markdown.images import image_stamp

    files = {name: f"d{n}" for n, name in enumerate(
        ["static/a b.png", "static/a.png", "static/ab.png", "content/posts/C#.png",
         "content/posts/fig.png", "content/posts/p/fig.png", "content/posts/x%y.png"])}

    def stamp(url: str, bundle: str | None = None) -> str:
        return image_stamp([url], "content/posts", files, bundle)

    assert stamp("/a%20b.png") == "static/a b.png:d0"
    assert stamp(" /a.png") == stamp("\x01/a.png") == "static/a.png:d1"
    assert stamp("/a\tb.png") == stamp("/a\nb.png") == "static/ab.png:d2"
    assert stamp("/a.png?v=2") == stamp("/a.png#top") == "static/a.png:d1"
    assert stamp("C#.png") == "content/posts/C#.png:d3"
    assert stamp("fig.png") == stamp("./fig.png") == stamp("fig.png?x") == \
        "content/posts/fig.png:d4"
    assert stamp("fig.png", "content/posts/p") == "content/posts/p/fig.png:d5"
    assert stamp("x%25y.png") == stamp("x%y.png") == "content/posts/x%y.png:d6"
    for remote in ("//cdn.example.com/a.png", "https://example.com/a.png", "file:/a.png",
                   "C:/a.png", "", " "):
        assert stamp(remote) == "", remote


def test_an_obsidian_embed_shows_the_picture_of_that_name(site):
    """`![[fig.png]]`, Obsidian's way to show a picture (the vault keeps it anywhere, found by
    its name), was text with a warning: a vault's notes showed none of their hundreds of
    pictures. Each is the picture, found as Obsidian finds it, with its description and
    width; a PDF and a note are linked; a name nothing has, or several files have, is said."""
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x64\0\0\0\x32" + bytes(8)
    for path in ("attachments/attention map.png", "attachments/paper.pdf",
                 "posts/ml/same.png", "other/same.png", "posts/ml/t/here.png"):
        site.write(f"content/{path}", raw=png)
    site.post("ml/transformer.md", "Transformer", body="## 多头注意力\n")
    site.post("ml/t/index.md", "T", body="![[here.png|本页的图]]\n\n![[same.png]]\n")
    post = site.post("ml/a.md", "甲", lang="zh", body=(
        "![[attention map.png|注意力图|300]]\n\n![[paper.pdf]] ![[transformer#多头注意力]]"
        "\n\n![[same.png]] ![[other/same.png|另一张]]\n\n![[nothing.png]]\n"))
    result = site.build()
    page = site.read("posts/ml/a/")
    assert '<img src="/attachments/attention%20map.png" alt="注意力图" width="300"' in page
    assert 'height="150"' in page  # (the file's shape at that width)
    assert '<a href="/attachments/paper.pdf">paper.pdf</a>' in page
    assert '<a href="/posts/ml/transformer/#多头注意力">transformer</a>' in page
    assert '<img src="/posts/ml/same.png" alt=""' in page  # (beside the note first)
    assert '<img src="/other/same.png" alt="另一张"' in page
    assert '<img src="here.png" alt="本页的图"' in site.read("posts/ml/t/")
    line = post.read_text(encoding="utf-8").splitlines().index("![[nothing.png]]") + 1
    assert [m for m in messages(result) if "posts/ml/" in m] == [
        f"content/posts/ml/a.md:{line}: warning: `![[nothing.png]]` (Obsidian's embed) is "
        "shown as text: no file under content/ is named `nothing.png`",
        "content/posts/ml/t/index.md:7: warning: `![[same.png]]` (Obsidian's embed) is shown "
        "as text: 2 files are named `same.png` (`../../../other/same.png`, `../same.png`): "
        "write the path of the one meant, `![[folder/name]]`"]
    assert "![[" not in site.read("atom.xml").replace("![[nothing.png]]", "").replace(
        "![[same.png]]", "")  # (pictures and links in the feed too)


def test_an_obsidian_link_to_a_file_and_an_embedded_video_or_recording(site):
    """`[[Pasted image 20240101.png]]`, a link to a file rather than a note, was text said to
    name no post; `![[clip.mp4]]` and `![[voice.mp3]]` were bare links where Obsidian plays
    them. The file is linked; a video or a recording is played in the page (no script, no
    other host), a link to it inside for a reader whose browser plays neither."""
    for name in ("Pasted image 20240101.png", "clip.mp4", "voice.mp3", "talk.webm", "a.m4a"):
        site.write(f"content/attachments/{name}", raw=b"\0" * 8)
    site.post("a.md", "甲", date="2024-01-02",
              body="1 [[Pasted image 20240101.png]] [[Pasted image 20240101.png|大图]]\n\n"
                   "2 ![[clip.mp4]]\n\n3 ![[voice.mp3|录音]]\n\n4 ![[talk.webm|640]]\n\n"
                   "5 ![[a.m4a]]\n")
    result = site.build()
    assert not [m for m in messages(result) if "posts/a.md" in m], messages(result)
    page = site.read("posts/a/")
    image = "/attachments/Pasted%20image%2020240101.png"
    assert (f'1 <a href="{image}">Pasted image 20240101.png</a> <a href="{image}">大图</a>'
            in page)
    assert ('2 <video controls preload="metadata" src="/attachments/clip.mp4">'
            '<a href="/attachments/clip.mp4">clip.mp4</a></video>') in page
    assert ('3 <audio controls preload="metadata" src="/attachments/voice.mp3">'
            '<a href="/attachments/voice.mp3">录音</a></audio>') in page
    assert '4 <video controls preload="metadata" width="640" src="/attachments/talk.webm">' \
        in page
    assert '5 <audio controls preload="metadata" src="/attachments/a.m4a">' in page
    feed = site.read("atom.xml")
    assert "clip.mp4" in feed and "[[" not in feed and "![[" not in feed


def test_an_obsidian_embed_follows_its_picture_through_incremental_builds(site):
    """A cached body with `![[fig.png]]` must follow the file of that name: replaced (its
    size), another of the same name added elsewhere (which one is meant?), one removed."""
    def png(width: int) -> bytes:
        return (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + width.to_bytes(4, "big")
                + (50).to_bytes(4, "big") + bytes(8))

    site.write("content/attachments/fig.png", raw=png(100))
    site.post("a.md", "甲", lang="zh", body="![[fig.png|图]]\n")
    site.build(use_cache=True)
    assert 'width="100"' in site.read("posts/a/")
    site.write("content/attachments/fig.png", raw=png(120))
    site.build(use_cache=True)
    assert 'width="120"' in site.read("posts/a/")
    site.write("content/old/fig.png", raw=png(80))
    result = site.build(use_cache=True)
    assert "![[fig.png|图]]" in site.read("posts/a/") and any(
        "2 files are named `fig.png`" in m for m in messages(result))
    (site.root / "content/old/fig.png").unlink()
    site.build(use_cache=True)
    assert '<img src="/attachments/fig.png" alt="图"' in site.read("posts/a/")


def test_an_iphone_photo_in_heic_is_said_at_its_line(site):
    """An iPhone's photo uploaded as it is (`IMG_0002.HEIC`) was published and linked: a
    broken picture in every browser but Safari, unsaid."""
    site.write("content/posts/a/IMG_0002.HEIC", raw=b"\0\0\0\x18ftypheic")
    post = site.post("a/index.md", "A", body="Intro.\n\nSee\n![猫](IMG_0002.HEIC) here.\n\n"
                     '<img src="IMG_0002.HEIC" alt="猫">\n\n![[IMG_0002.HEIC|猫]]\n')
    lines = post.read_text(encoding="utf-8").splitlines()
    said = [n for n, line in enumerate(lines, start=1) if "IMG_0002" in line]
    assert [m for m in messages(site.build()) if "posts/a/" in m] == [
        f"content/posts/a/index.md:{line}: warning: `IMG_0002.HEIC` is an iPhone photo in "
        "HEIC, which browsers but Safari do not show: export it as JPEG (the camera's \"Most "
        "Compatible\" format saves it so)" for line in said]


def test_a_picture_file_that_is_no_picture_is_said_at_its_line(site):
    """A web page saved as `fig.png` (from GitHub's page of the picture), a Git LFS pointer a
    checkout left, an empty file: each went out as a broken image, unsaid. Replaced by the
    picture, it is sized and said no more, by the next build from the cache too."""
    site.write("content/posts/a/fig.png", "<!DOCTYPE html>\n<html><title>fig.png · GitHub")
    site.write("content/posts/a/lfs.png", "version https://git-lfs.github.com/spec/v1\n"
               "oid sha256:4d7a\nsize 12345\n")
    site.write("content/posts/a/empty.jpg", "")
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + (30).to_bytes(4, "big") * 2 + bytes(8)
    site.write("content/posts/a/ok.png", raw=png)
    site.post("a/index.md", "A", body="Intro.\n\n![图](fig.png) ![](ok.png)\n\n"
              '<img src="lfs.png" alt="loss">\n\n![](empty.jpg)\n')
    said = [m for m in messages(site.build(use_cache=True)) if "posts/a/" in m]
    assert said == [
        "content/posts/a/index.md:7: warning: `fig.png` shows as a broken image: it is a web "
        "page (HTML), saved from a page that shows the picture? Save the picture itself "
        "(right-click it, Save image as)",
        "content/posts/a/index.md:9: warning: `lfs.png` shows as a broken image: it is a Git "
        "LFS pointer, the picture not fetched (`git lfs pull`; in GitHub Actions, `lfs: true` "
        "for actions/checkout)",
        "content/posts/a/index.md:11: warning: `empty.jpg` shows as a broken image: the file is "
        "empty"]
    site.write("content/posts/a/fig.png", raw=png)
    said = [m for m in messages(site.build(use_cache=True)) if "posts/a/" in m]
    assert len(said) == 2 and not any("fig.png" in m for m in said), said
    assert '<img src="fig.png" alt="图" decoding="async" width="30" height="30"' in \
        site.read("posts/a/")


def test_an_svg_drawing_named_as_a_png_is_said_at_its_line(site):
    """An SVG saved under a picture's name (`fig.png`: Inkscape's or draw.io's export named
    so) was sized as an SVG and unsaid; served by its name as image/png, as GitHub Pages and
    `blogforge serve` type a file, no browser shows it. A real SVG, and a web page whose
    icons are SVG, are not said so."""
    site.write("content/posts/a/fig.png", '<?xml version="1.0"?>\n<!-- Created with '
               'Inkscape -->\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">'
               "</svg>\n")
    site.write("content/posts/a/ok.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="4" '
               'height="3"></svg>')
    site.write("content/posts/a/page.jpg", '<!DOCTYPE html>\n<html><svg class="octicon">')
    site.post("a/index.md", "A", body="Intro.\n\n![图](fig.png) ![](ok.svg)\n\n"
              '<img src="page.jpg" alt="page">\n')
    said = [m for m in messages(site.build()) if "posts/a/" in m]
    assert said == [
        "content/posts/a/index.md:7: warning: `fig.png` shows as a broken image: it is an SVG "
        "drawing named `.png`, served by that name as PNG (GitHub Pages, `blogforge serve`), "
        "which no browser then shows: rename it `.svg`",
        "content/posts/a/index.md:9: warning: `page.jpg` shows as a broken image: it is a web "
        "page (HTML), saved from a page that shows the picture? Save the picture itself "
        "(right-click it, Save image as)"]
    assert re.findall("<img[^>]*>", site.read("posts/a/")) == [
        '<img src="fig.png" alt="图" decoding="async" />',  # (no size: it has none as a PNG)
        '<img src="ok.svg" alt="" loading="lazy" decoding="async" width="4" height="3" />',
        '<img src="page.jpg" alt="page" loading="lazy" decoding="async">']


def test_which_lines_are_fenced_code():
    """What the passes before parsing (fenced divs, citations, conflict markers) leave alone:
    a fence closes on one of its own kind, at least as long, with nothing after it."""
    from blogforge.markdown.fences import in_fenced_code

    lines = ["a", "````md", "```", "~~~", "````", "b", "~~~ python", "x", "~~~ not closed",
             "~~~", "c", "```", "never closed"]
    assert [line for line, code in zip(lines, in_fenced_code(lines), strict=True)
            if not code] == ["a", "b", "c"]


def test_code_typed_with_a_phones_smart_punctuation_is_said_at_its_line(site):
    """`print(“not found”)` typed on a phone does not run when a reader copies it; a curly
    quote in a comment or a string is the writer's."""
    site.post("a.md", "A", body="Text.\n\n```python\nx = \"“ok”\"  # “\nprint(“not found”)\n```\n\n"
                                "```python\n# a comment — “quoted”\ns = \"it’s fine\"\n```\n\n"
                                "```cpp\nint x = a – b;\n```\n")
    result = site.build()
    assert result.written
    assert [m for m in messages(result) if "smart" in m] == [
        "content/posts/a.md:9: warning: code holds `“` where its language has no place for one "
        "(a phone's smart punctuation?): copied, it does not run; type `\"`",
        "content/posts/a.md:18: warning: code holds `–` where its language has no place for one "
        "(a phone's smart punctuation?): copied, it does not run; type `-`"]


def test_prose_with_formulas_indented_by_a_tab_is_said_to_be_code(site):
    """A note typed in Typora, which has no indented code blocks, with a tab before its
    paragraphs: the page showed them as code, the formulas raw, without a word."""
    site.post("a.md", "A", body="方差：\n\n\t\t$\\sigma^2=\\frac{1}{n}\\sum_i x_i^2$，"
                                "即二阶矩。\n\n代码：\n\n    echo $HOME  # 打印，主目录\n")
    result = site.build()
    assert result.written
    assert [m for m in messages(result) if "indented" in m] == [
        "content/posts/a.md:7: warning: these lines are indented by a tab or 4 spaces, so "
        "Markdown shows them as code, the formula `$\\sigma^2=\\frac{1}{n}…$` as written "
        "(Typora shows them as text): take the indent away if they are text"]
    assert "<pre" in site.read("posts/a/")  # (shown as Markdown has it)


def test_a_link_a_heic_photo_and_a_hotlinked_picture_on_one_line_are_said_at_that_line(site):
    """Three warnings about one line of a paragraph were said at three lines: each walk over
    the paragraph counted what came before its own way (line breaks only; and tags over two
    lines; and formulas too), none a code span over two lines. Each is said at its line."""
    site.write("content/posts/a/IMG_0002.HEIC", raw=b"\0\0\0\x18ftypheic")
    post = site.post("a/index.md", "A", body="Intro.\n\n"
                     'A <span\ntitle="t">tag</span>, `a\nb`, $x +\ny$ then '
                     "![猫](IMG_0002.HEIC) [b](nope.md) ![p](https://pic1.zhimg.com/x.png)\n")
    lines = post.read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, start=1) if "IMG_0002" in text)
    said = {m.split(": warning: ")[1][:20]: m.split(": warning: ")[0]
            for m in messages(site.build()) if "posts/a/" in m}
    assert said == {"`IMG_0002.HEIC` is a": f"content/posts/a/index.md:{line}",
                    "link to `nope.md`: n": f"content/posts/a/index.md:{line}",
                    "a picture is on pic1": f"content/posts/a/index.md:{line}"}, said


def test_abbreviations_defined_kramdown_style_are_marked_in_the_text_only(site):
    # kramdown's and PHP Markdown Extra's `*[KL]: …` lines, which a Jekyll blog writes
    html = body_of(site, """
        KL 散度（KL散度）非负；KLD 不是 KL。

        *[KL]: Kullback–Leibler "divergence"
        *[HTML]:

        `KL` 和 $KL$ 不变，[KL 链接](https://example.org/KL) 与 <https://example.org/KL> 也不变，
        <span title="KL">HTML</span>

        ```
        KL
        ```
        """)
    abbr = '<abbr title="Kullback–Leibler &quot;divergence&quot;">KL</abbr>'
    assert html.count(abbr) == 3 + 1  # (the link's text too, kramdown marks it)
    assert f"KLD 不是 {abbr}。" in html
    assert "*[" not in html and "Kullback–Leibler \"" not in html
    assert '<code translate="no">KL</code>' in html and "<abbr" not in html.split("katex")[1]
    assert 'href="https://example.org/KL"' in html
    assert '<a href="https://example.org/KL">https://example.org/KL</a>' in html
    assert '<span title="KL"><abbr>HTML</abbr></span>' in html
    assert "<pre" in html and "KL\n" in html.split("<pre", 1)[1]


def test_pictures_and_links_are_sized_resolved_and_said_at_their_lines_in_any_paragraph(site):
    """Each paragraph holding a picture (Markdown's or an `<img>`), a link or a path shown as
    text has it sized, resolved and said at its own line, after a code span written over two
    lines too; paragraphs holding none are read past (their children's lines uncounted)."""
    site.post("b.md", "B", date="2024-01-02")
    site.post("a.md", "A", date="2024-01-01", body=(
        "甲 `a\nb` 乙\n![图](photo.heic) 丙\n\n"
        "只有文字，\n没有链接。\n\n"
        '丁 `c\nd`\n<img src="e.png" alt="e"> 戊\n\n'
        "己 `f\ng`\n见 [另一篇](b.md)，[缺](missing.md)\n\n"
        "庚 `h\ni`\n和 ![](fig 1.png)\n"))
    said = [m.split(": warning: ") for m in messages(site.build(), "warning")
            if m.startswith("content/posts/a.md:")]
    assert [(place, words.split(":")[0]) for place, words in said] == [
        ("content/posts/a.md:7", "`photo.heic` is an iPhone photo in HEIC, which browsers but "
                                 "Safari do not show"),
        ("content/posts/a.md:18", "link to `missing.md`"),
        ("content/posts/a.md:22", "`![](fig 1.png)` is shown as text"),
        ("content/posts/a.md:7", "broken link `photo.heic`"),
        ("content/posts/a.md:14", "broken link `e.png`")]
    html = body_of_page(site.read("posts/a/"))
    assert '<img src="photo.heic" alt="图" decoding="async" />' in html
    assert '<img src="e.png" alt="e" loading="lazy" decoding="async">' in html
    assert '<a href="/posts/b/">另一篇</a>' in html


def _first_free_as_it_was(wanted: str, taken: set[str]) -> str:
    """The id a heading took before `FreeIds`: searched from `wanted` itself every time."""
    ident, number = wanted, 0
    while ident in taken:
        number += 1
        ident = f"{wanted}-{number}"
    taken.add(ident)
    return ident


def test_the_ids_headings_take_are_the_ones_a_search_from_the_first_gave():
    """On random pages (ids the page has already, headings of few words, some of whose slugs
    are another's stepped id, `a-1`): each heading takes the id a search from its words'
    own slug took."""
    from blogforge.markdown.heading_ids import FreeIds

    rng = random.Random(309)
    names = ["a", "a-1", "a-2", "a-1-1", "b", "b-1", "section", "注意", "注意-1"]
    for _ in range(400):
        taken = {rng.choice(names + ["a-3", "b-2", "section-1"]) for _ in range(rng.randint(0, 5))}
        old_taken = set(taken)
        free = FreeIds(taken)
        for wanted in (rng.choice(names) for _ in range(rng.randint(1, 30))):
            assert free.take(wanted) == _first_free_as_it_was(wanted, old_taken), (taken, wanted)
        assert free.taken == old_taken


# Lines of task lists: items (tasks or not, in bullet and ordered lists, nested by indent),
# paragraphs, quotes, definitions and footnotes around them
TASK_LINES = ["- [ ] a", "- [x] b", "- [X] c", "* [ ] d", "1. [ ] e", "2. [x] f", "- [ ]", "- [] g",
              "- [ ]x", "- plain", "  - [ ] nested", "    - [x] deeper", "  1. [ ] n", "  text",
              "", "> - [ ] quoted", "para", "[^1]: - [ ] in a note", "t[^1]", "Term", ": - [ ] d",
              "- > [ ] q", "- # [ ] h", "-   [ ] wide", "- [ ]  two", "- [ ]\ta"]


def test_task_lists_are_marked_as_before_read_in_one_pass():
    """The plugin found each task's list by reading back over every item before it (20,000
    tasks: 55 s); on random pages each task, item and list gets the same box and classes."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    from blogforge.markdown.task_lists import task_lists_plugin

    now, before = (MarkdownIt("commonmark").use(footnote_plugin).use(deflist_plugin)
                   for _ in range(2))
    now.use(task_lists_plugin, label=True)
    before.use(tasklists_plugin, label=True)
    rng = random.Random(311)
    boxes = 0
    for _ in range(400):
        text = "\n".join(rng.choice(TASK_LINES) for _ in range(rng.choice([2, 8, 30])))
        html = now.render(text)
        assert html == before.render(text), text
        boxes += html.count('type="checkbox"')
    assert boxes > 1000
