"""Pandoc's citations from a BibTeX bibliography: what a reader of a paper note sees (the
citation, its link, the references), where the writer is told of a problem, and how an edited
bibliography is built again."""

from __future__ import annotations

import re

import pytest
from conftest import messages

from blogforge import bibliography

ZH = "base_url: https://ex.org/blog/\nlanguages:\n  zh: {}\n"
BILINGUAL = "base_url: https://ex.org/blog/\nlanguages:\n  zh: {}\n  en: {}\n"

REFS = r"""
@article{kingma2013,
  title = {Auto-Encoding Variational {Bayes}},
  author = {Kingma, Diederik P. and Welling, Max},
  journal = {arXiv preprint arXiv:1312.6114},
  year = {2013},
  doi = {10.48550/arXiv.1312.6114}
}

@inproceedings{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and others},
  booktitle = {Advances in Neural Information Processing Systems},
  volume = {30},
  pages = {5998--6008},
  year = {2017},
  url = {https://arxiv.org/abs/1706.03762}
}

@article{zhang2020,
  title = {深度学习综述},
  author = {张三 and 李四},
  journal = {计算机学报},
  year = {2020},
  volume = {43},
  number = {1},
  pages = {1--20}
}

@book{mueller2019,
  title = {{\"U}ber {BERT} und M{\"u}llers Modelle},
  author = {M{\"u}ller, J{\"o}rg and Gonz{\'a}lez, Jos{\'e}},
  publisher = {Springer},
  address = {Berlin},
  year = {2019}
}
"""


def content(site, page: str = "posts/a/") -> str:
    return site.read(page).split('<div class="content">', 1)[1].split(
        '<p class="print-source">', 1)[0]


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")


def cited(site, body: str, config: str = ZH, **front) -> str:
    site.write("site.yaml", config)
    site.write("content/posts/refs.bib", REFS)
    site.post("a.md", "A", body=body, bibliography="refs.bib", **front)
    result = site.build()
    assert result.written, messages(result)
    return content(site)


def test_a_citation_is_author_and_year_linking_its_entry_in_the_references(site):
    html = cited(site, "VAE [@kingma2013] 的证据下界。\n")
    assert ('<span class="citation" data-cites="kingma2013">(<a href="#ref-kingma2013" '
            'role="doc-biblioref">Kingma &amp; Welling, 2013</a>)</span>') in html
    references = html.split('<section id="refs" class="references">', 1)[1]
    assert '<h2 id="参考文献"><span>参考文献</span></h2>' in references
    assert ('<div id="ref-kingma2013" class="csl-entry" role="listitem">Kingma, Diederik P., '
            "and Max Welling. 2013. “Auto-Encoding Variational Bayes.” <i>arXiv preprint "
            'arXiv:1312.6114</i>. <a href="https://doi.org/10.48550/arXiv.1312.6114">'
            "https://doi.org/10.48550/arXiv.1312.6114</a>.</div>") in references
    assert "vaswani2017" not in references  # (only what the post cites)
    assert not messages(site.build())


def test_in_text_suppressed_author_locators_and_several_keys(site):
    html = cited(site, "@kingma2013 提出重参数化，见 [-@kingma2013]；"
                       "[see @vaswani2017, p. 3; @kingma2013]；@mueller2019 [p. 5] 也是。\n")
    text = text_of(html)
    assert "Kingma & Welling (2013) 提出重参数化，见 (2013)；" in text
    assert "(see Vaswani et al., 2017, p. 3; Kingma & Welling, 2013)；" in text
    assert "Müller & González (2019, p. 5) 也是" in text
    # the references in author-date order, each once
    order = re.findall(r'id="ref-([^"]+)"', html)
    assert order == ["kingma2013", "mueller2019", "vaswani2017"]
    assert ("Vaswani, Ashish, Noam Shazeer, Niki Parmar, et al. 2017. “Attention Is All You "
            "Need.” In <i>Advances in Neural Information Processing Systems</i>, vol. 30, "
            "5998–6008. ") in html


def test_a_chinese_entry_is_printed_whole_and_accents_are_decoded(site):
    html = cited(site, "综述 [@zhang2020]，以及 [@mueller2019]。\n")
    assert ">张三、李四, 2020</a>)" in html
    assert ("张三、李四. 2020. “深度学习综述.” <i>计算机学报</i> 43 (1): 1–20.</div>") in html
    assert "三, 张" not in html and "李, 四" not in html
    assert ("Müller, Jörg, and José González. 2019. <i>Über BERT und Müllers Modelle</i>. "
            "Berlin: Springer.</div>") in html
    assert "{" not in text_of(html) and "\\" not in html


def test_a_cited_entry_is_decoded_without_a_search_of_the_installed_packages(site,
                                                                             monkeypatch):
    """pybtex's `render_as("text")` looked its plain-text backend up among every installed
    package's entry points, for each field of each entry cited: 80 ms an entry, seconds a
    build for a note citing a few dozen papers."""
    import pybtex.plugin

    looked: list[str] = []
    real = pybtex.plugin.find_plugin
    monkeypatch.setattr(pybtex.plugin, "find_plugin",
                        lambda *args, **named: looked.append(args) or real(*args, **named))
    html = cited(site, "综述 [@zhang2020]，以及 [@mueller2019]。\n")
    assert ("Müller, Jörg, and José González. 2019. <i>Über BERT und Müllers Modelle</i>. "
            "Berlin: Springer.</div>") in html
    assert looked == []

def test_the_references_title_is_in_the_page_language_and_placed_by_refs_div(site):
    site.write("site.yaml", BILINGUAL)
    site.write("content/posts/refs.bib", REFS)
    site.post("a.md", "A", body="VAE [@kingma2013]。\n", bibliography="refs.bib")
    site.post("a.en.md", "A", body="VAE [@kingma2013].\n\n## Sources\n\n::: {#refs}\n:::\n\n"
                                   "## Appendix\n\nMore.\n", bibliography="refs.bib")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    assert '<h2 id="参考文献"><span>参考文献</span></h2>' in content(site)
    html = content(site, "en/posts/a/")
    assert "References" not in html  # (under the writer's own heading)
    assert re.search(r'<h2 id="sources"><span>Sources</span></h2>.*?'
                     r'<div id="refs" class="references">'
                     r'\s*<div class="csl-bib-body" role="list">\s*<div id="ref-kingma2013"'
                     r'.*?</div>\s*</div>\s*</div>.*?<h2 id="appendix">', html, re.S)
    site.write("content/posts/a.en.md", "---\ntitle: A\ndate: 2024-05-01\nbibliography: "
                                        "refs.bib\n---\nVAE [@kingma2013].\n")
    site.build()
    assert '<h2 id="references"><span>References</span></h2>' in content(site, "en/posts/a/")


def test_a_key_not_in_the_bibliography_is_bold_and_said_at_its_line(site):
    html = cited(site, "VAE [@kingma2013].\n\n另见\n[@kingma2014]。\n")
    assert "(<strong>kingma2014?</strong>)" in html
    result = site.build()
    assert messages(result) == [
        "content/posts/a.md:9: warning: citation `@kingma2014`: no entry `kingma2014` in the "
        "bibliography (content/posts/refs.bib); shown as **kingma2014?**; did you mean "
        "`@kingma2013`?"]
    assert not site.build(strict=True).written  # --strict: an error


# (a name holding a NUL, `"refs\0.bib"`, stopped the build with a traceback: ValueError,
# embedded null byte, where the file was looked for)
@pytest.mark.parametrize(("written", "said"), [
    ("refs.bib", "`bibliography: refs.bib`: there is no file content/posts/refs.bib; the "
                 "citations show their keys (**kingma2013?**) until there is"),
    ('"refs\\0.bib"', "`bibliography: refs\\x00.bib`: the name holds a control character "
                       "(U+0000), which no file name can: leave it out; the citations show "
                       "their keys (**kingma2013?**) until then")])
def test_a_missing_bibliography_is_said_at_its_front_matter_line(site, written, said):
    site.write("site.yaml", ZH)
    site.post("a.md", "A", body="VAE [@kingma2013].\n", bibliography=written)
    result = site.build()
    assert result.written
    assert messages(result) == [f"content/posts/a.md:4: warning: {said}"]
    assert "(<strong>kingma2013?</strong>)" in content(site)


def test_a_missing_bibliography_of_a_post_citing_in_brackets_none_shows_no_key(site):
    site.write("site.yaml", ZH)
    site.post("a.md", "A", body="@kingma2013 shows it.\n", bibliography="refs.bib")
    assert messages(site.build()) == [
        "content/posts/a.md:4: warning: `bibliography: refs.bib`: there is no file "
        "content/posts/refs.bib; the citations show their keys until there is"]


def test_a_bibliography_named_with_backslash_or_in_other_capitals_is_followed_and_said(site):
    """A walker with Windows and macOS files: `sub\\Refs.bib` and `sub/refs.bib` (the file
    `sub/Refs.bib`) open there, and were "there is no file" here with nothing else said."""
    site.write("site.yaml", ZH)
    bib = site.write("content/posts/sub/Refs.bib", REFS)
    site.post("a.md", "A", body="VAE [@kingma2013].\n", bibliography="sub\\Refs.bib")
    site.post("b.md", "B", body="VAE [@kingma2013].\n", bibliography="sub/refs.bib")
    result = site.build(use_cache=True)
    assert messages(result) == [
        "content/posts/a.md:4: warning: `bibliography: sub\\Refs.bib` uses `\\` where a path "
        "needs `/`: write `sub/Refs.bib` (it is followed this time)",
        "content/posts/b.md:4: warning: `bibliography: sub/refs.bib`: the file is "
        "`sub/Refs.bib`, in other capitals (Windows and macOS find it either way, a build on "
        "Linux does not): write `sub/Refs.bib` (it is followed this time)"]
    assert "Kingma &amp; Welling, 2013" in content(site, "posts/a/")
    assert "Kingma &amp; Welling, 2013" in content(site, "posts/b/")
    bib.rename(bib.with_name("refs.bib"))  # (the next build sees the names change)
    result = site.build(use_cache=True)
    assert messages(result) == [
        "content/posts/a.md:4: warning: `bibliography: sub\\Refs.bib` uses `\\` where a path "
        "needs `/`, the file is `sub/refs.bib`, in other capitals (Windows and macOS find it "
        "either way, a build on Linux does not): write `sub/refs.bib` (it is followed this "
        "time)"]
    assert "Kingma &amp; Welling, 2013" in content(site, "posts/a/")


def test_a_broken_bibliography_is_said_at_its_line_and_its_other_entries_cited(site):
    broken = REFS.replace("  year = {2013},\n", "  year = {2013,\n", 1)
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", broken)
    site.post("a.md", "A", body="[@vaswani2017]\n", bibliography="refs.bib")
    site.post("b.md", "B", body="[@zhang2020]\n\n[@kingma2013]\n", bibliography="refs.bib")
    result = site.build()
    # (helper-144: said at the next entry's line, naming no entry, and the broken one cited
    # as garbage: "(Broken entry, author = Doe…)")
    assert messages(result) == [
        "content/posts/refs.bib:1: warning: BibTeX: entry `kingma2013` cannot be read: syntax "
        "error: '}' expected (line 9: a brace or a quote left open above it?); it is left "
        "out, and a citation of it shows **kingma2013?**",
        "content/posts/b.md:8: warning: citation `@kingma2013`: the entry `kingma2013` cannot "
        "be read (see the warning at line 1 of content/posts/refs.bib); shown as "
        "**kingma2013?**"]
    assert "Vaswani et al., 2017" in content(site)
    assert "(<strong>kingma2013?</strong>)" in content(site, "posts/b/")
    assert "Kingma" not in content(site, "posts/b/")


def test_an_entry_left_open_names_the_entries_it_runs_into(site):
    """A brace left open runs to the file's end: the entries below it were said to be in no
    bibliography at all, and with two of them the last was blamed, the one left open cited
    with no fields (its citation unsaid)."""
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib",
               "@article{good2019, author = {Good, Ann}, title = {Good}, year = {2019}}\n\n"
               "@article{open2020, author = {Open, Al}, title = {Open, year = {2020}\n\n"
               "@article{next2021, author = {Next, Bo}, title = {Next}, year = {2021}}\n"
               "@article{last2022, author = {Last, Cy}, title = {Last}, year = {2022}}\n")
    site.post("a.md", "A", body="[@good2019] [@open2020] [@next2021]\n",
              bibliography="refs.bib")
    result = site.build()
    assert messages(result) == [
        "content/posts/refs.bib:3: warning: BibTeX: entry `open2020` cannot be read: syntax "
        "error: premature end of file (line 6: a brace or a quote left open above it?); it "
        "runs into the 2 entries below it, `next2021` (line 5) and `last2022` (line 6): all "
        "are left out, and a citation of one shows **key?**",
        "content/posts/a.md:6: warning: citation `@open2020`: the entry `open2020` cannot be "
        "read (see the warning at line 3 of content/posts/refs.bib); shown as **open2020?**",
        # (the warning's line, the entry left open, not `next2021`'s own, 5)
        "content/posts/a.md:6: warning: citation `@next2021`: the entry `next2021` cannot be "
        "read (see the warning at line 3 of content/posts/refs.bib); shown as **next2021?**"]
    assert "(Good, 2019)" in re.sub(r"<[^>]+>", "", content(site))


def test_an_entry_whose_start_cannot_be_read_leaves_the_one_above_it_cited(site):
    """helper-156: `@article{doe 2020,` (a space in the key) after a good entry had the good
    one left out, blamed for the next one's error."""
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib",
               "@article{good2019,\n  author = {Good, Ann},\n  title = {Good},\n  year = {2019}\n}"
               "\n\n@article{doe 2020,\n  author = {Doe, Jane},\n  year = {2020}\n}\n")
    site.post("a.md", "A", body="[@good2019]\n", bibliography="refs.bib")
    result = site.build()
    assert "(Good, 2019)" in re.sub(r"<[^>]+>", "", content(site))
    assert [m for m in messages(result) if "refs.bib" in m] == [
        "content/posts/refs.bib:7: warning: BibTeX: syntax error: '}' expected"]


def test_the_feed_entry_has_the_citation_with_absolute_links(site):
    cited(site, "VAE [@kingma2013].\n")
    feed = site.read("atom.xml")
    assert ('(&lt;a href="https://ex.org/blog/posts/a/#ref-kingma2013" '
            'role="doc-biblioref"&gt;Kingma &amp;amp; Welling, 2013&lt;/a&gt;)') in feed
    assert '&lt;div id="ref-kingma2013" class="csl-entry"' in feed


def test_a_card_shows_the_citation_as_words_and_the_references_are_no_part_of_it(site):
    cited(site, "VAE [@kingma2013] 的证据下界。\n")
    home = site.read("")
    card = home.split('class="excerpt"', 1)[1].split("</p>", 1)[0]
    assert "VAE (Kingma &amp; Welling, 2013) 的证据下界。" in card
    assert "<a " not in card and "参考文献" not in card and "Auto-Encoding" not in card


def test_an_edited_bibliography_builds_again_as_a_clean_build_does(site, tmp_path):
    site.write("site.yaml", ZH)
    bib = site.write("content/posts/refs.bib", REFS)
    site.post("a.md", "A", body="VAE [@kingma2013].\n", bibliography="refs.bib")
    site.post("b.md", "B", body="No citations.\n")
    assert site.build(use_cache=True).written
    bib.write_text(REFS.replace("Variational {Bayes}", "Variational {Bayes}, Revisited"),
                   encoding="utf-8")
    result = site.build(use_cache=True)
    assert result.bodies_rendered == 1  # (the post citing from it)
    assert "Variational Bayes, Revisited" in content(site)
    clean = tmp_path / "clean"
    assert site.build(output=clean).written
    for path in sorted(site.output.rglob("*")):
        if path.is_file():
            other = clean / path.relative_to(site.output)
            assert path.read_bytes() == other.read_bytes(), path


@pytest.mark.parametrize("where", ["post", "site.yaml", "link"])
def test_a_bibliography_outside_the_site_is_not_read(site, tmp_path, where):
    # a pull request's post named any BibTeX file of the machine building it, and
    # `nocite: '@*'` published all of its entries
    (tmp_path / "secret.bib").write_text(REFS, encoding="utf-8")
    site.write("site.yaml", ZH + ("bibliography: ../secret.bib\n" if where == "site.yaml"
                                  else "bibliography: refs.bib\n" if where == "link" else ""))
    if where == "link":
        site.root.joinpath("refs.bib").symlink_to(tmp_path / "secret.bib")
    front = {"bibliography": "../../../secret.bib"} if where == "post" else {}
    site.post("a.md", "A", body="VAE [@kingma2013].\n", nocite="'@*'", **front)
    result = site.build()
    assert result.written
    assert "Kingma" not in site.read("posts/a/")
    written, path, at = {"post": ("../../../secret.bib", "../secret.bib", "content/posts/a.md:5"),
                         "site.yaml": ("../secret.bib", "../secret.bib", "site.yaml:4"),
                         "link": ("refs.bib", "refs.bib", "site.yaml:4")}[where]
    assert f"{at}: warning: `bibliography: {written}`: {path} is outside the site folder, " \
        "and not read: a bibliography is a file of the site's own; the citations show their " \
        "keys (**kingma2013?**)" in messages(result)


def test_a_site_wide_bibliography_beside_site_yaml_is_read_and_its_edits_seen(site):
    site.write("site.yaml", ZH + "bibliography: refs.bib\n")
    bib = site.write("refs.bib", REFS)
    site.post("a.md", "A", body="[@zhang2020]\n")
    assert site.build(use_cache=True).written
    assert "张三、李四, 2020" in content(site)
    bib.write_text(REFS.replace("{张三 and 李四}", "{王五 and 李四}"), encoding="utf-8")
    assert site.build(use_cache=True).written
    assert "王五、李四, 2020" in content(site)
    bib.unlink()
    result = site.build(use_cache=True)
    assert [m for m in messages(result) if "bibliography" in m] == [
        "site.yaml:4: warning: `bibliography: refs.bib`: there is no file refs.bib; the "
        "citations show their keys (**zhang2020?**) until there is"]


def test_a_missing_site_wide_bibliography_is_said_where_site_yaml_names_it_now(site, tmp_path):
    """A post's body is kept from the last build when site.yaml changes (it uses none of the
    settings changed), and with it what its rendering said: a line written above
    `bibliography:` left the next builds saying the line it had been at, and the name as it
    had been written, as no clean build does."""
    site.write("site.yaml", ZH + "bibliography: refs.bib\n")
    site.post("a.md", "A", body="As [@kingma2013] shows.\n")
    assert site.build(use_cache=True).written
    site.write("site.yaml", "author: 爱丽丝\n" + ZH + "bibliography: ./refs.bib\n")
    for result in (site.build(use_cache=True), site.build(output=tmp_path / "clean")):
        assert [m for m in messages(result) if "bibliography" in m] == [
            "site.yaml:5: warning: `bibliography: ./refs.bib`: there is no file refs.bib; the "
            "citations show their keys (**kingma2013?**) until there is"]


def test_a_missing_site_wide_bibliography_is_said_once_with_section_intros(site):
    """Every section's `_index.md` text is rendered as a post's is, and each said the site's
    missing bibliography again: the example blog, without its refs.bib, printed the same
    line 13 times."""
    site.write("site.yaml", ZH + "bibliography: refs.bib\n")
    for folder in ("ml", "llm"):
        site.write(f"content/posts/{folder}/_index.md", f"---\ntitle: {folder}\n---\nNotes.\n")
        site.post(f"{folder}/a.md", "A", body="No citations.\n")
    for use_cache in (False, True, True):  # (a clean build, a first cached one, a replay)
        result = site.build(use_cache=use_cache)
        assert [m for m in messages(result) if "bibliography" in m] == [
            "site.yaml:4: warning: `bibliography: refs.bib`: there is no file refs.bib; the "
            "citations show their keys until there is"]


def test_a_missing_site_wide_bibliography_is_said_once_by_posts_citing_different_keys(site):
    """Each post said it with its first citation as the example, all at site.yaml's line,
    none saying which post: one line for forty posts."""
    site.write("site.yaml", ZH + "bibliography: refs.bib\n")
    for name, key in (("a", "kingma2013"), ("b", "ho2020"), ("c", "zhang2020")):
        site.post(f"{name}.md", name.upper(), date=f"2024-05-0{ord(name) - 96}",
                  body=f"As [@{key}] shows.\n")
    for use_cache in (False, True, True):
        result = site.build(use_cache=use_cache)
        assert [m for m in messages(result) if "bibliography" in m] == [
            "site.yaml:4: warning: `bibliography: refs.bib`: there is no file refs.bib; the "
            "citations show their keys (**kingma2013?**) until there is"]


def test_a_bibliography_is_read_again_only_when_it_changed(site, monkeypatch):
    """pybtex reads a 5,000-entry file in over a second, and every build that rendered a post
    read it again (site.yaml's file is every post's): an edit of a post citing nothing too."""
    site.write("site.yaml", ZH + "bibliography: refs.bib\n")
    bib = site.write("refs.bib", REFS)
    site.post("a.md", "A", body="[@zhang2020]\n")
    site.post("b.md", "B", body="No citations.\n")
    monkeypatch.setattr(bibliography, "_recent", {})  # (as `blogforge build` starts)
    assert site.build(use_cache=True).written
    parsed: list[str] = []
    real = bibliography.parse
    monkeypatch.setattr(bibliography, "parse",
                        lambda data, name: parsed.append(name) or real(data, name))
    for rel, title, body in (("b.md", "B", "Edited.\n"), ("a.md", "A", "[@zhang2020] 编辑。\n")):
        monkeypatch.setattr(bibliography, "_recent", {})  # (a new `blogforge build`)
        site.post(rel, title, body=body)
        result = site.build(use_cache=True)
        assert result.written and result.bodies_rendered == 1, messages(result)
        assert "张三、李四, 2020" in content(site)
    assert parsed == []
    bib.write_text(REFS.replace("{张三 and 李四}", "{王五 and 李四}"), encoding="utf-8")
    monkeypatch.setattr(bibliography, "_recent", {})
    assert site.build(use_cache=True).written
    assert parsed == ["refs.bib"] and "王五、李四, 2020" in content(site)


def test_a_bibliography_is_not_published_unless_a_post_links_it(site):
    cited(site, "VAE [@kingma2013].\n")
    assert not site.exists("posts/refs.bib")
    site.post("b.md", "B", body="下载 [BibTeX](refs.bib)。\n")
    assert site.build().written
    assert site.exists("posts/refs.bib")


def test_links_addresses_and_code_are_no_citations_in_a_post_with_a_bibliography(site):
    html = cited(site, "VAE [@kingma2013]；关注 [@karpathy](https://x.com/karpathy)，写信 "
                       "me@example.org，`[@code]`，[[@note]]，https://medium.com/@user 。\n\n"
                       "关注 @karpathy 的推特。\n")
    assert html.count('class="citation"') == 1
    assert "关注 @karpathy 的推特" in html
    assert not [m for m in messages(site.build()) if "citation" in m]


def test_entries_cited_alike_get_a_letter_and_nocite_lists_without_citing(site):
    twin = REFS + ("@article{kingma2013b,\n  title = {Another},\n  author = {Kingma, "
                   "Diederik P. and Welling, Max},\n  journal = {J},\n  year = {2013}\n}\n")
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", twin)
    site.post("a.md", "A", body="[@kingma2013; @kingma2013b]\n", bibliography="refs.bib",
              nocite='"@zhang2020"')
    assert site.build().written
    html = content(site)
    assert "(Kingma & Welling, 2013b; Kingma & Welling, 2013a)" in text_of(html)
    # (a Chinese page lists Chinese names first, as Pandoc with `lang: zh-CN` does)
    assert re.findall(r'id="ref-([^"]+)"', html) == ["zhang2020", "kingma2013b", "kingma2013"]
    assert "Kingma, Diederik P., and Max Welling. 2013a. “Another.”" in html


def test_alt_text_reference_links_and_keys_in_any_script(site):
    """helper-141: a citation in an image's alt text was deleted (alt="VAE 图，来自 "); a
    reference link `[@octocat]` with its definition became a missing citation; `@李航2012`
    (Zotero writes such keys) was shown raw."""
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", REFS + "@book{李航2012,\n  title = {统计学习方法},\n"
               "  author = {李航},\n  publisher = {清华大学出版社},\n  year = {2012}\n}\n")
    site.write("content/posts/x.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="4" '
               'height="4"></svg>')
    site.post("a.md", "A", bibliography="refs.bib",
              body="![VAE 图，来自 @kingma2013](x.svg)\n\n联系 [@octocat]。\n\n"
                   "[@octocat]: https://github.com/octocat\n\n"
                   "见 [@李航2012] 与 @李航2012的第一章，[@李航2012，第3章]。\n")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    html = content(site)
    assert 'alt="VAE 图，来自 Kingma &amp; Welling (2013)"' in html
    assert '<a href="https://github.com/octocat">@octocat</a>' in html
    assert text_of(html).count("李航, 2012") == 2 and "李航 (2012)的第一章" in text_of(html)
    assert "(李航, 2012, 第3章)" in text_of(html)  # (a Chinese comma before the locator)
    # (a word is cut only where its script changes: helper-143's key `li` cited
    # `@lilianweng` as "Li (2003)lianweng")
    site.write("content/posts/refs.bib", REFS + "@misc{li,\n  title = {L},\n  author = {Li, "
               "Wei},\n  year = {2003}\n}\n")
    site.post("a.md", "A", bibliography="refs.bib", body="关注 @lilianweng 的博客。\n")
    assert site.build().written
    assert "关注 @lilianweng 的博客" in content(site)


def test_a_post_ending_with_its_own_references_heading_has_them_under_it(site):
    """helper-141: Pandoc's habit, an empty `## 参考文献` at the end, gave two headings,
    "参考文献" and "参考文献-1"."""
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", REFS)
    site.post("a.md", "A", bibliography="refs.bib", body="VAE [@kingma2013]。\n\n## 参考文献\n")
    assert site.build().written
    html = content(site)
    assert html.count("<h2") == 1 and "参考文献-1" not in html
    assert re.search(r'<h2 id="参考文献"><span>参考文献</span></h2>.*?<div id="ref-kingma2013"',
                     html, re.S)


def test_an_address_is_read_verbatim_not_as_latex(site):
    """helper-144: `~` in a URL linked "…/ hinton/…" (LaTeX's space), everything from `%` was
    gone (a LaTeX comment), `--` became "–" and `$` was dropped; a .bib's `\\_` kept its
    backslash nowhere, as Pandoc keeps it (a broken link there)."""
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", r"""
@article{srivastava2014,
  title = {Dropout},
  author = {Srivastava, Nitish},
  journal = {JMLR},
  year = {2014},
  url = {https://www.cs.toronto.edu/~hinton/absps/JMLR--dropout$1.pdf?q=diffusion%20models&page=2}
}
@misc{weng2021,
  title = {Diffusion},
  author = {Weng, Lilian},
  year = {2021},
  doi = {10.1000/diffusion\_models}
}
""")
    site.post("a.md", "A", body="[@srivastava2014; @weng2021]\n", bibliography="refs.bib")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    html = content(site)
    url = "https://www.cs.toronto.edu/~hinton/absps/JMLR--dropout$1.pdf?q=diffusion%20models" \
          "&amp;page=2"
    assert f'<a href="{url}">{url}</a>' in html
    assert ('<a href="https://doi.org/10.1000/diffusion_models">'
            'https://doi.org/10.1000/diffusion_models</a>') in html


def same_as_clean(site, tmp_path, result) -> None:
    """The output and the messages of an incremental build are a clean build's."""
    clean = tmp_path / f"clean{len(list(tmp_path.glob('clean*')))}"
    fresh = site.build(output=clean)
    assert messages(result) == messages(fresh)
    built = {path.relative_to(site.output) for path in site.output.rglob("*") if path.is_file()}
    assert built == {path.relative_to(clean) for path in clean.rglob("*") if path.is_file()}
    for path in sorted(built):
        assert (site.output / path).read_bytes() == (clean / path).read_bytes(), path


def test_an_edit_of_a_site_wide_bibliography_renders_only_the_posts_citing_what_changed(
        site, tmp_path):
    """helper-144: one uncited entry added by Zotero's auto-export to site.yaml's 5,000-entry
    file rendered every post again (37 s): a body depended on the whole file's digest."""
    site.write("site.yaml", ZH + "bibliography: refs.bib\n")
    bib = site.write("refs.bib", REFS)
    site.post("a.md", "A", body="VAE [@kingma2013]。\n")
    site.post("b.md", "B", body="综述 @zhang2020 的第一章。\n")
    site.post("c.md", "C", body="关注 @karpathy，写信 me@example.org。\n")
    site.post("d.md", "D", body="Typo [@kingma2031].\n")
    assert site.build(use_cache=True).written
    edits = [  # (what is edited, the posts rendered again)
        (REFS + "@misc{zzz,\n  title = {New},\n  author = {Doe, Jane},\n  year = {2024}\n}\n",
         0),
        (REFS.replace("Variational {Bayes}", "Variational {Bayes}, Revisited"), 1),
        (REFS.replace("Variational {Bayes}", "Variational {Bayes}, Revisited")
         .replace("Attention Is All", "Attention Was All"), 0),
        (REFS.replace("Variational {Bayes}", "Variational {Bayes}, Revisited")
         .replace("zhang2020", "zhangDeepLearning2020"), 1),
    ]
    for text, rendered in edits:
        bib.write_text(text, encoding="utf-8")
        result = site.build(use_cache=True)
        assert result.written and result.bodies_rendered == rendered, messages(result)
        same_as_clean(site, tmp_path, result)
    assert "Variational Bayes, Revisited" in content(site)
    assert "(<strong>kingma2031?</strong>)" in content(site, "posts/d/")
    assert "<strong>zhang2020?</strong>" not in content(site, "posts/b/")  # (in-text: a name)


CSL_JSON = """[
  {"id": "vaswani2017", "type": "paper-conference", "title": "Attention Is All You Need",
   "container-title": "Advances in Neural Information Processing Systems",
   "author": [{"family": "Vaswani", "given": "Ashish"}, {"family": "Shazeer", "given": "Noam"},
              {"family": "Parmar", "given": "Niki"}],
   "editor": [{"literal": "NeurIPS Foundation"}],
   "volume": "30", "page": "5998-6008", "publisher": "Curran Associates",
   "issued": {"date-parts": [[2017, 12]]}, "URL": "https://arxiv.org/abs/1706.03762"},
  {"id": "zhou2016", "type": "book", "title": "机器学习",
   "author": [{"family": "周", "given": "志华"}], "publisher": "清华大学出版社",
   "publisher-place": "北京", "issued": {"date-parts": [["2016"]]}},
  {"id": "he2016", "type": "article-journal", "title": "Deep <i>Residual</i> Learning",
   "author": [{"family": "He", "given": "Kaiming"}], "container-title": "CVPR",
   "volume": "1", "issue": "2", "page": "770-778", "DOI": "10.1109/CVPR.2016.90",
   "issued": {"date-parts": [[2016]]}},
  {"type": "book", "title": "No id"}
]
"""

CSL_YAML = """---
references:
- id: ho2020
  type: paper-conference
  title: Denoising Diffusion Probabilistic Models
  author:
  - family: Ho
    given: Jonathan
  - family: Jain
    given: Ajay
  container-title: NeurIPS
  issued: 2020-06-19
...
"""


def test_csl_json_csl_yaml_and_front_matter_references_are_read(site):
    """helper-144: a CSL JSON or CSL YAML bibliography (Pandoc and Quarto read them; Better
    BibTeX exports CSL JSON) was read as BibTeX: no entries, every citation **ho2020?**."""
    site.write("site.yaml", ZH + "bibliography: refs.json\n")
    site.write("refs.json", CSL_JSON)
    site.write("content/posts/refs.yaml", CSL_YAML)
    site.post("a.md", "A", body="[@vaswani2017; @he2016] 与 @zhou2016 的书。\n")
    site.post("b.md", "B", body="DDPM [@ho2020].\n", bibliography="refs.yaml")
    site.write("content/posts/c.md", "---\ntitle: C\ndate: 2024-05-01\nreferences:\n"
               "- id: doe2020\n  type: book\n  title: Inline\n  author:\n"
               "  - {family: Doe, given: Jane}\n  issued: {date-parts: [[2020]]}\n---\n"
               "Inline [@doe2020; @vaswani2017].\n")
    result = site.build()
    assert result.written
    assert messages(result) == ["refs.json: warning: CSL JSON: reference 4 has no `id`: it "
                                "cannot be cited"]
    text = text_of(content(site))
    assert "(Vaswani et al., 2017; He, 2016) 与 周志华 (2016) 的书" in text
    assert ("Vaswani, Ashish, Noam Shazeer, and Niki Parmar. 2017. “Attention Is All You "
            "Need.” In Advances in Neural Information Processing Systems, edited by NeurIPS "
            "Foundation, vol. 30, 5998–6008. Curran Associates. "
            "https://arxiv.org/abs/1706.03762.") in text
    assert "周志华. 2016. 机器学习. 北京: 清华大学出版社." in text
    assert ("He, Kaiming. 2016. “Deep Residual Learning.” CVPR 1 (2): 770–778. "
            "https://doi.org/10.1109/CVPR.2016.90.") in text
    assert "(Ho & Jain, 2020)" in text_of(content(site, "posts/b/"))
    assert "Ho, Jonathan, and Ajay Jain. 2020. “Denoising Diffusion Probabilistic Models.” " \
           "In NeurIPS." in text_of(content(site, "posts/b/"))
    text = text_of(content(site, "posts/c/"))
    assert "(Doe, 2020; Vaswani et al., 2017)" in text and "Doe, Jane. 2020. Inline." in text
    assert not site.exists("refs.json") and not site.exists("posts/refs.yaml")


def test_a_csl_json_file_of_one_reference_is_read_as_a_list_of_one(site):
    """What doi.org answers for one DOI (`Accept: application/vnd.citationstyles.csl+json`)
    is one object, not a list: it was refused whole, "a list of references was expected", and
    its citation showed **doe2020?**. Without an `id`, it is said what to add."""
    site.write("site.yaml", ZH + "bibliography: refs.json\n")
    site.write("refs.json", '{"id": "doe2020", "type": "article-journal", "title": "One Paper",'
               ' "author": [{"family": "Doe", "given": "Jane"}], "container-title": "Nature",'
               ' "issued": {"date-parts": [[2020]]}, "DOI": "10.1000/x"}\n')
    site.post("a.md", "A", body="As [@doe2020] shows.\n")
    result = site.build()
    assert result.written and messages(result) == []
    assert "(Doe, 2020)" in text_of(content(site))
    assert "Doe, Jane. 2020. “One Paper.” Nature." in text_of(content(site))
    site.write("refs.json", '{"type": "article-journal", "title": "One Paper"}\n')
    assert messages(site.build()) == [
        "refs.json: warning: CSL JSON: the file holds one reference (an object, not a list of "
        'them), without an `id`: it cannot be cited; give it one, `"id": "doe2020"`, and cite '
        "it as [@doe2020]",
        "content/posts/a.md:5: warning: citation `@doe2020`: no entry `doe2020` in the "
        "bibliography (refs.json); shown as **doe2020?**"]


def test_a_broken_csl_file_is_said_at_its_line_and_column(site):
    """Zotero's CSL JSON of a few items is one line: "refs.json:1: CSL JSON: Expecting value"
    left the writer to search it for the slip. Its column is said too (CSL YAML's alike)."""
    site.write("site.yaml", ZH + "bibliography: refs.json\n")
    site.write("refs.json", '[{"id": "a", "title": "A"}, {"id": "b", "title": }]\n')
    site.write("content/posts/refs.yaml", "- id: c\n  title: [C\n")
    site.post("a.md", "A", body="A.\n")
    site.post("b.md", "B", body="B.\n", bibliography="refs.yaml")
    result = site.build()
    assert result.written
    assert messages(result) == [
        "refs.json:1: warning: CSL JSON: Expecting value (column 50)",
        "content/posts/refs.yaml:3: warning: CSL YAML: expected ',' or ']', but got "
        "'<stream end>' (column 1)"]


def test_a_bibliography_of_another_kind_is_said_at_its_line(site):
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.ris", "TY  - JOUR\nTI  - Attention\nER  -\n")
    site.post("a.md", "A", body="[@vaswani2017]\n", bibliography="refs.ris")
    result = site.build()
    assert result.written
    assert messages(result) == [
        "content/posts/a.md:4: warning: `bibliography: refs.ris`: content/posts/refs.ris is "
        "read as none of BibTeX (.bib), CSL JSON (.json) or CSL YAML (.yaml), which are read "
        "by the name's ending: export it from Zotero as Better BibTeX or CSL JSON; the "
        "citations show their keys (**vaswani2017?**)"]
    assert "(<strong>vaswani2017?</strong>)" in content(site)


def test_pandoc_keys_suppress_and_title_the_references_and_those_not_followed_are_said(site):
    """helper-144: `suppress-bibliography: true` and `reference-section-title:` were not
    read; `csl:` was read silently in a post and an error, "unknown key `csl`", in
    site.yaml."""
    site.write("site.yaml", ZH + "csl: apa.csl\nlink-citations: true\n")
    site.write("content/posts/refs.bib", REFS)
    site.post("a.md", "A", body="VAE [@kingma2013]。\n\n::: {#refs}\n:::\n",
              bibliography="refs.bib", **{"suppress-bibliography": "true"})
    site.post("b.md", "B", body="VAE [@kingma2013]。\n", bibliography="refs.bib",
              **{"reference-section-title": "Works cited", "csl": "ieee.csl",
                 "link-citations": "false", "link-bibliography": "true"})
    result = site.build()
    assert result.written
    said = [message.replace(f"{site.root}/", "") for message in messages(result)]
    assert said == [
        "site.yaml:4: warning: `csl: apa.csl`: citation styles are not supported: citations "
        "are printed author-date, (Kingma & Welling, 2013), and the references in Chicago's "
        "author-date form, as Pandoc's default style prints them",
        "content/posts/b.md:6: warning: `csl: ieee.csl`: citation styles are not supported: "
        "citations are printed author-date, (Kingma & Welling, 2013), and the references in "
        "Chicago's author-date form, as Pandoc's default style prints them",
        "content/posts/b.md:7: warning: `link-citations: false` is not followed: citations "
        "always link to their references, and references to their DOI or URL"]
    html = content(site)
    assert "(Kingma &amp; Welling, 2013)" in html and "<a " not in html
    assert "参考文献" not in html and "csl-entry" not in html and 'id="refs"' not in html
    html = content(site, "posts/b/")
    assert '<h2 id="works-cited"><span>Works cited</span></h2>' in html
    assert "参考文献" not in html and 'id="ref-kingma2013"' in html


def test_latex_in_a_title_formulas_styles_and_symbols(site):
    """helper-144: `$O(\\sqrt{n})$` printed "O(n)", `$O(n \\log n)$` "O(n n)", `\\LaTeX`
    nothing, `\\,\\%` cut the title there, `\\emph{}` lost its italics, `\\textquoteright` was
    lost and `na\\"{\\i}ve` kept a backslash."""
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", r"""
@article{bandit2010,
  title = {An $O(\sqrt{n})$ Regret Bound and $O(n \log n)$ Time on 100\,GB:
           a 5\,\% Gain in \LaTeX{} and \TeX},
  author = {Doe, Jane},
  year = {2010},
  journal = {J}
}
@book{naive2019,
  title = {A \emph{na\"{\i}ve} Learner\textquoteright s \textbf{Bold} Guide, {\em Switched} \& Co.},
  author = {Roe, Richard},
  year = {2019}
}
""")
    site.post("a.md", "A", body="[@bandit2010; @naive2019]\n", bibliography="refs.bib")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    html = content(site)
    entry = html.split('id="ref-bandit2010"', 1)[1].split('id="ref-naive2019"', 1)[0]
    formulas = re.findall(r'<span class="katex"[^>]*><span class="katex-mathml"><math[^>]*>'
                          r'<semantics>.*?<annotation encoding="application/x-tex">(.*?)'
                          r'</annotation>', entry)
    assert formulas == [r"O(\sqrt{n})", r"O(n \log n)"]
    assert "Time on 100\u202fGB: a 5\u202f% Gain in LaTeX and TeX.”" in text_of(entry)
    assert ("<i>A <span style=\"font-style: normal\">naïve</span> Learner’s "
            "<strong>Bold</strong> Guide, <span style=\"font-style: normal\">Switched</span> "
            "&amp; Co.</i>") in html
    assert "\\" not in text_of(html.split('id="ref-naive2019"', 1)[1])
    feed = site.read("atom.xml")  # (a feed has the formulas as MathML)
    assert "&lt;math" in feed and "O(n n)" not in feed


@pytest.mark.parametrize(("written", "shown"), [
    (r"{\"U}ber M{\"u}llers \c{c} \v s \'{e} \'e na\"{\i}ve", "Über Müllers ç š é é naïve"),
    (r"Author\textquoteright s {BERT} -- pages---dash ``quoted''",
     "Author’s BERT – pages—dash “quoted”"),
    (r"Costs \$5, a lone $ and 50\% \& \#1 a\_b", "Costs $5, a lone $ and 50% & #1 a_b"),
    (r"See \url{https://x.org/~a%20b} and \href{https://y.org}{the words}",
     "See https://x.org/~a%20b and the words"),
    (r"Unbalanced {brace and a stray } one \unknowncommand{kept}",
     "Unbalanced brace and a stray one kept"),
    (r"\ae\oe{} \o{} \ss{} \S 3 \copyright", "æœ ø ß §3 ©"),
])
def test_latex_of_a_field_reads_as_its_text(written, shown):
    assert bibliography.latex_text(written) == shown


def test_chinese_references_are_sorted_by_pinyin_first_on_a_chinese_page(site):
    """helper-144: 周志华 (zhōu) was listed before 李航 (lǐ): Chinese names were in code point
    order, after the Latin ones on a Chinese page too."""
    site.write("site.yaml", BILINGUAL)
    site.write("content/posts/refs.bib", REFS + r"""
@book{zhou2016,
  title = {机器学习},
  author = {周志华},
  publisher = {清华大学出版社},
  year = {2016}
}
@book{li2012,
  title = {统计学习方法},
  author = {李航},
  publisher = {清华大学出版社},
  year = {2012}
}
@article{ng2004,
  title = {Feature Selection},
  author = {Ng, Andrew},
  journal = {ICML},
  year = {2004}
}
""")
    body = "[@zhou2016; @kingma2013; @li2012; @ng2004; @mueller2019; @zhang2020]\n"
    site.post("a.md", "A", body="文献：" + body, bibliography="refs.bib")
    site.post("a.en.md", "A", body="Works: " + body, bibliography="refs.bib")
    result = site.build()
    assert result.written, messages(result)
    assert re.findall(r'id="ref-([^"]+)"', content(site)) == [
        "li2012", "zhang2020", "zhou2016", "kingma2013", "mueller2019", "ng2004"]
    assert re.findall(r'id="ref-([^"]+)"', content(site, "en/posts/a/")) == [
        "kingma2013", "mueller2019", "ng2004", "li2012", "zhang2020", "zhou2016"]


CROSSREFS = r"""@inproceedings{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish},
  pages = {5998--6008},
  crossref = {DBLP:conf/nips/2017}
}
@inproceedings{orphan2020,
  title = {Orphan},
  author = {Doe, Jane},
  year = {2020},
  crossref = {nips2099},
  title = {Orphan Again}
}
@proceedings{DBLP:conf/nips/2017,
  title = {Advances in Neural Information Processing Systems 30},
  editor = {Guyon, Isabelle and Fergus, Rob},
  publisher = {Curran Associates},
  year = {2017}
}
@article{Orphan2020,
  title = {Case},
  author = {Roe, Richard},
  year = {2020},
  journal = {J}
}
"""


def test_crossref_inheritance_and_a_duplicate_field_or_key_said_at_its_line(site):
    """helper-144: `crossref = {proc}` inherited nothing (no book, publisher nor year: "n.d."),
    a crossref to no entry was not said, nor a repeated field, and a key repeated in other
    capitals was said without a line."""
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", CROSSREFS)
    site.post("a.md", "A", body="[@vaswani2017; @orphan2020]\n", bibliography="refs.bib")
    result = site.build()
    assert result.written
    assert messages(result) == [
        "content/posts/refs.bib:7: warning: BibTeX: entry `orphan2020`: `crossref = "
        "{nips2099}` names no entry of the file: what it would take from it (the book's "
        "title, publisher, year) is not shown",
        "content/posts/refs.bib:12: warning: BibTeX: entry `orphan2020` has two `title` "
        "fields: the first is used",
        "content/posts/refs.bib:20: warning: BibTeX: the key `Orphan2020` differs from "
        "`orphan2020` (line 7) only in capitals, and BibTeX takes them for one key: the "
        "first is cited, this one never; rename one"]
    text = text_of(content(site))
    assert "(Vaswani, 2017; Doe, 2020)" in text
    assert ("Vaswani, Ashish. 2017. “Attention Is All You Need.” In Advances in Neural "
            "Information Processing Systems 30, edited by Isabelle Guyon and Rob Fergus, "
            "5998–6008. Curran Associates.") in text


def test_a_suffix_and_a_locator_as_pandoc_prints_them_and_did_you_mean_a_renamed_key(site):
    """helper-144: `[@a for details]` printed "(…, 2017, for details)", a locator's `--` stayed
    two hyphens, and `vaswani2017` renamed by Better BibTeX's auto-export to
    `vaswaniAttentionAllYou2017` had no "did you mean" (or a wrong one)."""
    refs = REFS.replace("vaswani2017", "vaswaniAttentionAllYou2017").replace(
        "kingma2013", "vaswani2071")
    site.write("site.yaml", BILINGUAL)
    site.write("content/posts/refs.bib", refs)
    site.post("a.md", "A", bibliography="refs.bib", lang="en",
              body="[see @vaswaniAttentionAllYou2017 for details] and "
                   "[@vaswaniAttentionAllYou2017, pp. 33--35] and [@zhang2020 p. 7]; "
                   "[@vaswani2017].\n")
    result = site.build()
    assert result.written
    text = text_of(content(site, "en/posts/a/"))
    assert ("(see Vaswani et al., 2017 for details) and (Vaswani et al., 2017, pp. 33–35) "
            "and (张三、李四, 2020, p. 7)") in text
    assert [m for m in messages(result) if "citation" in m] == [
        "content/posts/a.md:7: warning: citation `@vaswani2017`: no entry `vaswani2017` in the "
        "bibliography (content/posts/refs.bib); shown as **vaswani2017?**; did you mean "
        "`@vaswaniAttentionAllYou2017`?"]


def test_an_arxiv_eprint_is_named_and_linked(site):
    """helper-144: `eprinttype = {arxiv}` printed "arxiv:1706.03762", without a link."""
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", "@misc{vaswani2017,\n  title = {Attention},\n"
               "  author = {Vaswani, Ashish},\n  year = {2017},\n  eprint = {1706.03762},\n"
               "  eprinttype = {arxiv}\n}\n")
    site.post("a.md", "A", body="[@vaswani2017]\n", bibliography="refs.bib")
    assert site.build().written
    assert ("Vaswani, Ashish. 2017. “Attention.” arXiv:1706.03762. "
            '<a href="https://arxiv.org/abs/1706.03762">https://arxiv.org/abs/1706.03762</a>.'
            ) in content(site)


def test_an_articles_arxiv_eprint_is_printed_as_a_miscs_is(site):
    """An `@article` with `eprinttype = {arxiv}` (or `archivePrefix = {arXiv}`) printed only
    its URL, not "arXiv:2106.09685" as an `@misc` does; a journal that already names it
    (Google Scholar's `arXiv preprint arXiv:…`) is not followed by it again."""
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", """
        @article{hu2021,
          title = {LoRA},
          author = {Hu, Edward},
          year = {2021},
          journal = {ICLR},
          eprint = {2106.09685},
          archivePrefix = {arXiv}
        }
        @article{kingma2013,
          title = {VAE},
          author = {Kingma, Diederik},
          year = {2013},
          journal = {arXiv preprint arXiv:1312.6114},
          eprint = {1312.6114},
          eprinttype = {arxiv}
        }
        """)
    site.post("a.md", "A", body="[@hu2021; @kingma2013]\n", bibliography="refs.bib")
    assert site.build().written
    page = content(site)
    assert ("Hu, Edward. 2021. “LoRA.” <i>ICLR</i>. arXiv:2106.09685. "
            '<a href="https://arxiv.org/abs/2106.09685">https://arxiv.org/abs/2106.09685</a>.'
            ) in page
    assert ("Kingma, Diederik. 2013. “VAE.” <i>arXiv preprint arXiv:1312.6114</i>. "
            '<a href="https://arxiv.org/abs/1312.6114">') in page


def test_a_post_naming_the_sites_bibliography_from_its_own_folder_is_told_what_to_write(
        site):
    """helper-144: `bibliography: refs.bib` in a post, the file beside site.yaml: "there is
    no file content/posts/refs.bib", and nothing of what to write instead."""
    site.write("site.yaml", ZH)
    site.write("refs.bib", REFS)
    site.post("a.md", "A", body="[@kingma2013]\n", bibliography="refs.bib")
    result = site.build()
    assert messages(result) == [
        "content/posts/a.md:4: warning: `bibliography: refs.bib`: there is no file "
        "content/posts/refs.bib: a post's `bibliography:` is read from the post's folder; "
        "refs.bib is in the site folder: write `bibliography: ../../refs.bib` (or "
        "`/refs.bib`), or name it in site.yaml for every post; the citations show their keys "
        "(**kingma2013?**) until then"]
    site.post("a.md", "A", body="[@kingma2013]\n", bibliography="/refs.bib")
    result = site.build()
    assert not messages(result) and "Kingma &amp; Welling, 2013" in content(site)


def test_a_utf16_bibliography_is_said_to_be_saved_as_utf8(site):
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", raw=REFS.encode("utf-16"))
    site.post("a.md", "A", body="[@kingma2013]\n", bibliography="refs.bib")
    result = site.build()
    assert result.written
    assert [m for m in messages(result) if "refs.bib" in m] == [
        "content/posts/refs.bib:1: warning: BibTeX: not UTF-8 (UTF-16?): save it as UTF-8 (in "
        "Zotero's export dialog, the encoding Unicode (UTF-8)); nothing of it is read until "
        "then"]


def test_a_gbk_bibliography_is_read_as_gbk_with_a_warning_as_a_gbk_post_is(site):
    # Notepad's "ANSI" on a Chinese Windows: read as Latin-1, the names came out "ÕÅÈý"
    site.write("site.yaml", ZH)
    site.write("content/posts/refs.bib", raw=(
        "@article{zhang2020,\r\n  author = {张三 and 李四},\r\n  title = {深度学习综述},\r\n"
        "  journal = {计算机学报},\r\n  year = {2020}\r\n}\r\n").encode("gbk"))
    site.post("a.md", "A", body="见 [@zhang2020]。\n", bibliography="refs.bib")
    result = site.build()
    assert "张三" in content(site) and "深度学习综述" in content(site)
    assert [m for m in messages(result) if "refs.bib" in m] == [
        "content/posts/refs.bib:2: warning: BibTeX: not UTF-8; read it as GBK. Save it as "
        "UTF-8 to silence this warning"]


def test_a_headings_id_has_no_words_of_its_citation(site):
    """helper-144: `## 方法 [@kingma2013]` had the id "方法-kingma--welling-2013", changed by
    an edit of the .bib (a link to it broken)."""
    html = cited(site, "## 方法 [@kingma2013]\n\nText.\n")
    assert '<h2 id="方法"><span>方法 <span class="citation"' in html


def test_a_themes_own_references_list_is_no_bibliography(site):
    site.write("site.yaml", ZH)
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2024-05-01\nreferences:\n"
               "- https://example.org/paper\n- https://example.org/blog\n---\n写信 [@me]。\n")
    result = site.build()
    assert result.written
    assert not [m for m in messages(result) if "`references:`" in m or "CSL" in m]
    assert "写信 [@me]。" in content(site)  # (no bibliography: as written, said as before)


def test_a_themes_references_list_of_titled_links_is_no_bibliography(site):
    """helper-156: `references: [{title: Docs, url: …}]` (a theme's list of links, as
    mappings) was read as CSL YAML and warned of twice, failing `check --strict`."""
    site.write("site.yaml", ZH)
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2024-05-01\nreferences:\n"
               "- {title: Docs, url: 'https://example.org/docs'}\n"
               "- {title: Blog, url: 'https://example.org/blog'}\n---\n正文。\n")
    result = site.build()
    assert result.written
    assert not [m for m in messages(result) if "`references:`" in m or "CSL" in m]


def test_csl_markup_left_open_or_closing_nothing_is_balanced(site):
    """helper-156: a CSL title `The <i>E. coli genome` set the rest of the references in
    italics, and `Closing </span></b> here` put stray end tags in the page (invalid HTML)."""
    import json as json_module
    site.write("site.yaml", ZH + "bibliography: refs.json\n")
    site.write("refs.json", json_module.dumps([
        {"id": "a", "type": "book", "title": "The <i>E. coli genome",
         "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020]]}},
        {"id": "b", "type": "book", "title": "Closing </span></b> here",
         "author": [{"family": "Roe", "given": "Rich"}], "issued": {"date-parts": [[2021]]}}]))
    site.post("a.md", "A", body="[@a; @b]\n")
    assert site.build().written
    page = content(site)
    assert "<i>E. coli genome</i>" in page and "Closing here" in page
    assert page.count("<i>") == page.count("</i>") and "</b>" not in page


def test_a_csl_name_of_a_given_name_alone_is_cited_by_it(site):
    """helper-156: `{"given": "Plato"}` was cited "(, -380)"."""
    import json as json_module
    site.write("site.yaml", ZH + "bibliography: refs.json\n")
    site.write("refs.json", json_module.dumps([
        {"id": "plato", "type": "book", "title": "Republic", "author": [{"given": "Plato"}],
         "issued": {"date-parts": [[-380]]}}]))
    site.post("a.md", "A", body="[@plato]\n")
    assert site.build().written
    assert "(Plato, " in re.sub(r"<[^>]+>", "", content(site))


def test_latex_theorems_and_cites_in_prose_are_said_with_what_to_write(site):
    """A paper's writer's `\\begin{theorem}`, `\\begin{subequations}` and `\\cite{}` were
    shown as typed, without a word; in code or a formula they are what the writer meant."""
    site.write("site.yaml", ZH)
    site.post("a.md", "A", body=r"""
        \begin{theorem}
        这是定理。
        \end{theorem}

        \begin{subequations}
        \begin{align}
        x &= 1
        \end{align}
        \end{subequations}

        引用 \cite{kingma2013} 与 \citep{a, b}，\citet{vaswani2017} 说。
        写法 `\cite{x}`，公式 $\text{\cite{y}}$。
        """)
    said = [m for m in messages(site.build()) if "LaTeX" in m or "subequations" in m]
    assert said == [
        "content/posts/a.md:6: warning: `\\begin{theorem}` is LaTeX, shown as written: write "
        "`::: {.theorem}` … `:::` (or a callout, `> [!theorem]`), drawn titled with its kind",
        "content/posts/a.md:10: warning: `\\begin{subequations}` is shown as written (KaTeX has "
        "no subequations): leave it and its `\\end{subequations}` out; the equations inside "
        "are numbered on their own",
        *(f"content/posts/a.md:16: warning: `{cite}` is LaTeX, shown as written: write "
          f"`{instead}`, a citation made from the post's `bibliography:` (see Citations in the "
          "README)" for cite, instead in (("\\cite{kingma2013}", "[@kingma2013]"),
                                          ("\\citep{a, b}", "[@a; @b]"),
                                          ("\\citet{vaswani2017}", "@vaswani2017")))]
