"""Quarto's cross-references, as a paper-notes writer from Quarto writes them: numbered
figures, tables, equations and theorems, and the `@fig-loss` that links to one."""

from __future__ import annotations

import re

from conftest import messages

BILINGUAL = "base_url: https://example.org/\nlanguages:\n  zh: {}\n  en: {}\n"
EN = "base_url: https://example.org/\nlanguages:\n  en: {}\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"></svg>\n'

NOTE = """\
The bound is

$$
\\log p(x) \\ge \\mathcal{L}
$$ {#eq-elbo}

![Training loss](loss.svg){#fig-loss}

![Samples](samples.svg){#fig-samples}

| model | FID |
|---|---|
| VAE | 40 |

: Results on *CIFAR-10* {#tbl-fid}

## Method {#sec-method}

::: {#thm-elbo}
## Jensen
It bounds.
:::

By @eq-elbo, see @fig-samples, [@tbl-fid], [-@fig-loss], @sec-method and @thm-elbo.
"""


def content_of(html: str) -> str:
    return html.split('<div class="content">', 1)[1].split('<p class="print-source">', 1)[0]


def test_figures_tables_equations_and_theorems_are_numbered_and_linked(site):
    site.write("site.yaml", BILINGUAL)
    site.write("content/posts/a/loss.svg", SVG)
    site.write("content/posts/a/samples.svg", SVG)
    site.post("a/index.md", "笔记", body=NOTE, lang="zh", date="2024-05-01")
    site.post("a/index.en.md", "Notes", body=NOTE, lang="en", date="2024-05-01")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    zh, en = content_of(site.read("posts/a/")), content_of(site.read("en/posts/a/"))

    # what Quarto showed as written is gone
    for page in (zh, en):
        assert "{#" not in page and "@fig" not in page and "@eq" not in page
    # figures numbered in their order, captioned by their alt text, the id on the figure
    assert re.search(r'<figure id="fig-loss" class="figure">.*?'
                     r"<figcaption>图 1：Training loss</figcaption>", zh, re.S)
    assert "<figcaption>图 2：Samples</figcaption>" in zh
    assert "<figcaption>Figure 2: Samples</figcaption>" in en
    # the table's caption line is its <caption>
    assert re.search(r'<table id="tbl-fid">\s*<caption>表 1：Results on <em>CIFAR-10</em>'
                     r"</caption>", zh)
    assert "<caption>Table 1: Results on <em>CIFAR-10</em></caption>" in en
    assert "<p>: Results" not in zh
    # the equation is numbered, under Quarto's own id
    assert 'id="eq-elbo"' in zh and 'id="eq-eq-elbo"' not in zh
    # the theorem is numbered, titled by its heading, a link's target
    assert re.search(r'<div id="thm-elbo" class="callout[^"]*" data-callout="theorem">\s*'
                     r'<p class="callout-title"><svg.*?</svg>定理 1（Jensen）</p>', zh, re.S)
    assert "Theorem 1 (Jensen)</p>" in en
    # the references read as Quarto writes them, in the page's language, and link
    sentence = zh.split("<p>By ", 1)[1].split("</p>", 1)[0]
    assert sentence == (
        '式 <a class="math-ref" href="#eq-elbo">(1)</a>, see '
        '<a href="#fig-samples" class="crossref">图 2</a>, '
        '<a href="#tbl-fid" class="crossref">表 1</a>, '
        '<a href="#fig-loss" class="crossref">1</a>, '
        '<a href="#sec-method" class="crossref">Method</a> and '
        '<a href="#thm-elbo" class="crossref">定理 1</a>.')
    assert 'Equation <a class="math-ref" href="#eq-elbo">(1)</a>' in en
    assert '<a href="#fig-samples" class="crossref">Figure 2</a>' in en


def test_a_reference_to_nothing_is_said_at_its_line_and_shown_as_quarto_shows_it(site):
    site.write("site.yaml", EN)
    site.post("a.md", "A", body="Intro.\n\nA paragraph\nas @fig-nope shows and @eq-nope says.\n",
              date="2024-05-01")
    result = site.build()
    page = content_of(site.read("posts/a/"))
    assert "<strong>?@fig-nope</strong>" in page
    said = "\n".join(messages(result))
    assert re.search(r"a\.md:8: warning: cross-reference `@fig-nope`: this post has no figure "
                     r"labelled `fig-nope`", said), said
    assert re.search(r"a\.md:8: warning: .*eq-nope", said), said  # (the math document's)
    # not taken for a citation, and not said twice
    assert "citation" not in said


def test_what_only_looks_like_a_reference_stays_as_written(site):
    site.write("site.yaml", EN)
    body = ("Mail me@fig-x.org, see `@fig-a` and [the @fig-a page](https://example.com/).\n\n"
            "```python\nx = y @fig_a  # @fig-a\n```\n\n"
            "$$\nx = 1\n$$ {#eq-one}\n\n```md\n$$\ny\n$$ {#eq-two}\n```\n")
    site.post("a.md", "A", body=body, date="2024-05-01")
    result = site.build()
    page = content_of(site.read("posts/a/"))
    assert not messages(result), messages(result)
    assert '<a href="mailto:me@fig-x.org">me@fig-x.org</a>' in page
    assert '<code translate="no">@fig-a</code>' in page
    assert '<a href="https://example.com/">the @fig-a page</a>' in page
    assert "# @fig-a" in re.sub(r"<[^>]+>", "", page)  # code as written
    assert "$$ {#eq-two}" in page  # in a fence: as written
    assert 'id="eq-one"' in page


def test_alike_tables_each_keep_their_own_caption(site):
    """Two tables of the same cells (the example blog has them) hung the build: tokens that
    compare equal were taken for each other."""
    site.write("site.yaml", EN)
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    site.post("a.md", "A", body=f"{table}\n{table}\n: Second {{#tbl-two}}\n\n"
                                f"Table: Before it\n\n{table}\nSee @tbl-two.\n",
              date="2024-05-01")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    page = content_of(site.read("posts/a/"))
    assert page.count("<table") == 3
    assert re.findall(r"<table[^>]*>\s*(?:<caption>(.*?)</caption>)?", page) == [
        "", "Table 1: Second", "Before it"]
    assert '<a href="#tbl-two" class="crossref">Table 1</a>' in page


def test_in_a_post_with_a_bibliography_cross_references_are_no_citations(site):
    site.write("site.yaml", EN)
    site.write("content/posts/refs.bib", "@article{kingma2013,\n  title = {Auto-Encoding "
               "Variational Bayes},\n  author = {Kingma, Diederik P. and Welling, Max},\n"
               "  journal = {arXiv},\n  year = {2013}\n}\n")
    site.write("content/posts/loss.svg", SVG)
    site.post("a.md", "A", bibliography="refs.bib", date="2024-05-01",
              body="![Loss](loss.svg){#fig-loss}\n\nAs [@kingma2013] and [@fig-loss], "
                   "see @fig-loss.\n")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    page = content_of(site.read("posts/a/"))
    assert page.count('<a href="#fig-loss" class="crossref">Figure 1</a>') == 2
    assert "Kingma &amp; Welling, 2013" in page and "fig-loss?" not in page


def test_a_reference_set_right_against_chinese_links(site):
    """helper-141: `如@fig-loss所示` stayed as written, `@fig-loss的结果` was a label of its
    own; a citation `如@kingma2013所述` was a citation all along."""
    site.write("site.yaml", BILINGUAL)
    site.write("content/posts/loss.svg", SVG)
    site.post("a.md", "笔记", lang="zh", date="2024-05-01",
              body="![损失](loss.svg){#fig-loss}\n\n如@fig-loss所示，见@fig-loss的结果。\n")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    page = content_of(site.read("posts/a/"))
    assert ('如<a href="#fig-loss" class="crossref">图 1</a>所示，见'
            '<a href="#fig-loss" class="crossref">图 1</a>的结果') in page


def test_a_label_written_where_it_labels_nothing_is_said_so(site):
    """helper-141: an image in a list is no figure (as in Quarto); "write `{#fig-a}` after it"
    was said of a label written."""
    site.write("site.yaml", EN)
    site.write("content/posts/a.svg", SVG)
    site.post("a.md", "A", date="2024-05-01",
              body="- ![Loss](a.svg){#fig-a}\n\nSee @fig-a.\n")
    said = [m for m in messages(site.build()) if "cross-reference" in m]
    assert said == ["content/posts/a.md:7: warning: cross-reference `@fig-a`: this post has no "
                    "figure labelled `fig-a`: `{#fig-a}` is written, but only an image alone in "
                    "its paragraph (not in a list, a table or a sentence) takes a label"]


def test_a_table_caption_without_a_label_in_a_post_without_references(site):
    """Pandoc's `: caption` line was made a <caption> only in posts that had an `@` or a `{#`
    somewhere (the rule looked for those first)."""
    site.write("site.yaml", EN)
    site.post("a.md", "A", date="2024-05-01", body="| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                                                   ": Plain results\n")
    assert site.build().written
    page = content_of(site.read("posts/a/"))
    assert re.search(r"<table>\s*<caption>Plain results</caption>", page), page


def test_labels_in_chinese_link_and_chinese_after_a_label_is_text(site):
    """helper-143: `{#sec-方法}` and `{#fig-损失}` worked, then stopped silently when labels
    were made ASCII; `@fig-loss的结果` must still cut at the script's change."""
    site.write("site.yaml", BILINGUAL)
    site.write("content/posts/l.svg", SVG)
    site.post("a.md", "笔记", lang="zh", date="2024-05-01",
              body="## 方法 {#sec-方法}\n\n![损失](l.svg){#fig-损失}\n\n"
                   "![另一个](l.svg){#fig-loss}\n\n见 @sec-方法 与 @fig-损失，@fig-loss的结果。\n")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    page = content_of(site.read("posts/a/"))
    assert ('见 <a href="#sec-方法" class="crossref">方法</a> 与 '
            '<a href="#fig-损失" class="crossref">图 1</a>，'
            '<a href="#fig-loss" class="crossref">图 2</a>的结果。') in page
