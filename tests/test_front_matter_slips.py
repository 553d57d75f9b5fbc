"""Front matter a newcomer gets wrong is told, with its line: a misspelt key, a date that does
not exist, tags written as one string with commas, a `lang:` that the file name contradicts."""

from __future__ import annotations

import pytest
from conftest import NOW, messages

from blogforge.cli import main
from blogforge.site import BuildOptions
from blogforge.site import Site as Engine


def warnings_of(result, name: str) -> list[str]:
    return [m for m in messages(result, "warning") if name in m]


def test_a_misspelt_key_is_a_warning_at_its_line_naming_the_key_meant(site):
    site.write("content/posts/a.md", "---\ntilte: Attention\ndate: 2024-05-01\n"
               "tgas: [ml]\nSeries-Order: 2\n---\nText.\n")
    result = site.build()
    assert result.written
    assert warnings_of(result, "a.md") == [
        "content/posts/a.md:2: warning: `tilte` is not a front-matter key; "
        "did you mean `title`?",
        "content/posts/a.md:4: warning: `tgas` is not a front-matter key; "
        "did you mean `tags`?",
        "content/posts/a.md:5: warning: `Series-Order` is not a front-matter key; "
        "did you mean `series_order`?"]


def test_data_holding_the_posts_date_is_said_to_be_a_slip_of_date(site):
    """`data: 2023-09-06 14:26 +0800` (a real post's typo): `data` is a word of its own, so
    nothing was said of it, and the post was dated by its file's time, shown as new."""
    site.write("content/posts/a.md", "---\ntitle: A\ndata: 2023-09-06 14:26 +0800\n---\nText.\n")
    site.write("content/posts/b.md", "---\ntitle: B\ndate: 2024-05-01\ndata: 2023-09-06\n"
               "---\nText.\n")  # (beside a `date`, a `data` is the writer's own)
    result = site.build()
    assert result.written
    assert "content/posts/a.md:3: warning: `data` is not a front-matter key; did you mean " \
        "`date`?" in warnings_of(result, "a.md")
    assert [m for m in warnings_of(result, "b.md") if "`data`" in m] == []


def test_keys_of_other_generators_themes_and_the_writer_stay_silent(site):
    site.post("a.md", "A", categories="[ml]", layout="post", permalink="/a/", comments="true",
              mathjax="true", toc="true", cover="/c.png", images="[/c.png]",
              thumbnail="/t.png", keywords="[x]", author="me", top_img="/t.png",
              data="1", path="x", my_own_key="1", subtitle="S", excerpt_separator="<!--more-->")
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + (30).to_bytes(4, "big") * 2 + bytes(8)
    site.write("static/c.png", raw=png)  # (pictures: a file that is none is said, of a cover)
    site.write("static/t.png", raw=png)
    site.write("content/posts/c.md", '+++\ntitle = "C"\ndate = 2024-05-01\nweight = 1\n'
               'linkTitle = "c"\n+++\nText.\n')  # (TOML front matter: the same rule)
    result = site.build()
    assert result.written
    assert [m for m in messages(result, "warning") if m.startswith("content/")] == []


HEADINGS = "## One\n\nText.\n\n## Two\n\nText.\n\n## Three\n\nText.\n"


def test_loveit_themes_switches_are_read_by_their_enable(site):
    """LoveIt, FixIt and DoIt (Hugo themes) write `toc: {enable: true, auto: true}`, `math:
    {enable: false}`, `comment: {enable: true}` in every post their archetype makes: the
    build stopped ("`toc` should be true or false") and called `comment` a slip."""
    site.write("site.yaml", "comments:\n  provider: waline\n"
                            "  server_url: https://comments.example.org\n")
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2024-05-01\n"
               "toc:\n  enable: false\n  auto: true\nmath: {enable: true}\n"
               "comment:\n  enable: false\n---\n" + HEADINGS)
    site.write("content/posts/b.md", "---\ntitle: B\ndate: 2024-05-01\ntoc: {auto: false}\n"
               "comment: {enable: true}\n---\n" + HEADINGS)
    result = site.build()
    assert result.written and [m for m in messages(result) if "posts/" in m] == []
    a, b = site.read("posts/a/"), site.read("posts/b/")
    assert '<nav class="toc"' not in a and 'class="comments"' not in a
    # (a mapping without `enable` leaves the theme's default: contents, and comments)
    assert '<nav class="toc"' in b and 'class="comments"' in b


def test_a_misspelt_key_in_toml_front_matter_is_told_at_its_line(site):
    site.write("content/posts/c.md", '+++\ntitle = "C"\ndate = 2024-05-01\ntgas = ["x"]\n'
               '+++\nText.\n')
    result = site.build()
    assert warnings_of(result, "c.md") == [
        "content/posts/c.md:4: warning: `tgas` is not a front-matter key; "
        "did you mean `tags`?"]


def test_a_chinese_keyboards_colon_or_comma_is_said_as_such(site):
    """`title：注意力` typed with a Chinese keyboard was "broken YAML: `: ` inside a value"
    at the next line (with advice to quote the date), "could not find expected ':'", or
    "front matter must be `key: value` lines"; `tags: [算法，哈希表]` was one tag, unsaid."""
    site.write("content/posts/a.md", "---\ntitle：注意力机制\ndate: 2024-01-01\n---\nx\n")
    site.write("content/posts/b.md", "---\ntitle：注意力机制\n---\nx\n")
    site.post("c.md", "注意：机制", tags="[算法，哈希表]")
    site.write("content/posts/d.md", "---\ntitle: 'Quoted\nAlso：yes'\ndate: 2024-01-01\n"
               "summary: |\n  note：kept\n---\nText.\n")  # (a value's lines: no key)
    site.write("site.yaml", "title: 博客\ntimezone：Asia/Shanghai\n")
    result = site.build()
    assert [m.replace(f"{site.root}/", "") for m in messages(result)] == [
        "site.yaml:2: error: broken YAML: `timezone：` is written with a Chinese colon (：); "
        "YAML knows a key by an English colon and a space: write `timezone: `"]
    site.write("site.yaml", "title: 博客\n")
    result = site.build()
    said = "is written with a Chinese colon (：); YAML knows a key by an English colon and a space"
    assert [m for m in messages(result) if "posts/" in m] == [
        f"content/posts/a.md:2: error: broken YAML front matter: `title：` {said}: write "
        "`title: `",
        f"content/posts/b.md:2: error: broken YAML front matter: `title：` {said}: write "
        "`title: `",
        "content/posts/c.md:4: warning: `算法，哈希表` is one tag: its comma is a Chinese one "
        "(，), which parts nothing in a list; write `tags: [算法, 哈希表]`"]


def test_an_obsidian_note_with_publish_false_is_held_back(site):
    """Obsidian Publish's (and Quartz's) `publish: false` was no key blogforge read: a private
    note of the vault was published, in the feeds and the search index too, without a word."""
    site.post("diary.md", "日记", date="2024-01-01", publish="false")
    site.post("open.md", "公开", date="2024-01-02", publish="true")
    result = site.build()
    assert result.written and not [m for m in messages(result) if "publish" in m]
    assert not site.exists("posts/diary/index.html") and site.exists("posts/open/index.html")
    assert "日记" not in site.read("atom.xml") + site.read("")
    assert result.held_back["drafts"][0].source.name == "diary.md"


def test_a_misspelt_draft_holds_the_post_back_and_says_so(site):
    site.post("secret.md", "Secret", darft="true")
    site.post("hidden.md", "Hidden", pubished="false")
    site.post("open.md", "Open", darft="false")
    site.post("said.md", "Said", darft="true", draft="false")  # (the real key decides)
    result = site.build()
    assert result.written
    assert not site.exists("posts/secret/index.html")
    assert not site.exists("posts/hidden/index.html")
    assert site.exists("posts/open/index.html") and site.exists("posts/said/index.html")
    assert "/posts/secret/" not in site.read("atom.xml") + site.read("")
    assert warnings_of(result, "secret.md") == [
        "content/posts/secret.md:4: warning: `darft` is not a front-matter key; did you mean "
        "`draft`? The post is held back meanwhile, as `draft: true` would"]
    assert warnings_of(result, "hidden.md") == [
        "content/posts/hidden.md:4: warning: `pubished` is not a front-matter key; did you "
        "mean `published`? The post is held back meanwhile, as `published: false` would"]
    assert warnings_of(result, "open.md")[0].endswith("did you mean `draft`?")
    assert site.build(drafts=True).written and site.exists("posts/secret/index.html")


def test_builds_that_reuse_the_cache_repeat_the_slip_warnings(site):
    site.post("a.md", "A", tgas="[ml]", darft="true")
    first = warnings_of(site.build(use_cache=True), "a.md")
    assert len(first) == 2
    assert warnings_of(site.build(use_cache=True), "a.md") == first  # nothing changed
    site.post("b.md", "B")  # another post changed: a.md as an earlier build read it
    assert warnings_of(site.build(use_cache=True), "a.md") == first
    assert not site.exists("posts/a/index.html")


def test_keys_the_sites_templates_read_are_never_slips_and_follow_template_edits(site):
    """A theme of the writer's own reads `post.params.tag` and `page.params.titles`: posts that
    set them are not told they meant `tags` and `title`, in every build, and a template edit
    that starts or stops reading a key changes what is said, as a clean build would."""
    site.write("templates/partials/byline.html",
               "<p>{{ post.params.tag }} {{ page.params['titles'] }}</p>\n")
    site.post("a.md", "A", tag="featured", titles="[A, B]", tgas="[ml]")
    said_tgas = ["content/posts/a.md:6: warning: `tgas` is not a front-matter key; "
                 "did you mean `tags`?"]
    assert warnings_of(site.build(use_cache=True), "a.md") == said_tgas
    assert warnings_of(site.build(use_cache=True), "a.md") == said_tgas  # from the cache
    site.write("templates/partials/byline.html", "<p>{{ post.params.titles }}</p>\n")
    said_tag = ["content/posts/a.md:4: warning: `tag` is not a front-matter key; "
                "did you mean `tags`?"]
    assert warnings_of(site.build(use_cache=True), "a.md") == said_tag + said_tgas
    assert warnings_of(site.build(use_cache=False), "a.md") == said_tag + said_tgas
    site.write("templates/partials/byline.html", "<p>{{ post.params.get('tgas') }}</p>\n")
    said_titles = ["content/posts/a.md:5: warning: `titles` is not a front-matter key; "
                   "did you mean `title`?"]
    assert warnings_of(site.build(use_cache=True), "a.md") == said_tag + said_titles


def test_a_long_lived_site_follows_a_template_edit_in_what_it_says_of_slips(site, tmp_path):
    """`serve` keeps the posts it read: a template edit that starts reading `post.params.tag`
    silences the warning there, as a clean build does."""
    site.post("a.md", "A", tag="featured")
    long_lived = Engine(BuildOptions(site.root, site.output, now=NOW, jobs=1))
    assert warnings_of(long_lived.build(), "a.md") == [
        "content/posts/a.md:4: warning: `tag` is not a front-matter key; did you mean `tags`?"]
    site.write("templates/partials/byline.html", "{{ post.params.tag }}\n")
    clean = Engine(BuildOptions(site.root, tmp_path / "clean", now=NOW, use_cache=False))
    assert warnings_of(long_lived.build(), "a.md") == warnings_of(clean.build(), "a.md") == []


@pytest.mark.parametrize(("written", "told"), [
    ("2026-13-01", "there is no month 13 (months are 1 to 12)"),
    ("2025-04-31", "there is no day 31 in April: it has 30 days"),
    ("2025-02-29", "2025 is not a leap year: February 2025 has 28 days"),
    ("2024-02-30", "there is no day 30 in February 2024: it has 29 days"),
    ("2024-05-01 24:00", "there is no hour 24 (hours are 0 to 23)"),
    ("2024-05-01T13:60:00+08:00", "there is no minute 60 (minutes are 0 to 59)"),
    # (WordPress's date of a post never published; a year typed with a digit too many)
    ("0000-00-00 00:00:00", "there is no year 0 (years are 1 to 9999)"),
    ("99999-01-01", "there is no year 99999 (years are 1 to 9999)"),
])
def test_a_date_that_does_not_exist_says_which_part_is_wrong_at_its_line(site, written, told):
    site.write("content/posts/a.md", f"---\ntitle: A\nupdated: 2024-01-01\ndate: {written}\n"
               "---\nText.\n")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        f"content/posts/a.md:4: error: `date` invalid date '{written}': {told}"]


@pytest.mark.parametrize("written", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_a_date_at_the_calendars_end_is_an_error_at_its_line(site, written):
    """Shown in the zone of the post's date, such an `updated` was past the calendar's end: a
    traceback, and nothing built."""
    site.write("content/posts/a.md", f"---\ntitle: A\ndate: 2024-01-01\nupdated: {written}\n"
               "---\nText.\n")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        f"content/posts/a.md:4: error: `updated` invalid date '{written}': too near the first "
        "or last day a date can have (years 1 to 9999) to be shown in every time zone; write a "
        "date from 0001-01-03 to 9999-12-29"]


def test_the_calendars_last_day_in_utc_is_still_a_date(site):
    """`updated: 9999-12-31` on a UTC site (the zone `new site` writes) built, and is before
    midnight in any zone; refused a second past the last moment allowed, it stopped the
    build."""
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2024-01-01\nupdated: 9999-12-31\n"
               "---\nText.\n")
    result = site.build()
    assert result.written, messages(result)
    assert 'datetime="9999-12-31T00:00:00+00:00"' in site.read("posts/a/")


def test_a_date_that_does_not_exist_in_toml_or_a_file_name_says_which_part_is_wrong(site):
    site.write("content/posts/a.md", '+++\ntitle = "A"\ndate = 2025-04-31T10:00:00\n+++\nx\n')
    site.write("content/posts/2023-02-29-b.md", "---\ntitle: B\n---\nx\n")
    result = site.build()
    assert sorted(messages(result, "error")) == [
        "content/posts/2023-02-29-b.md:1: error: the file name's date: invalid date "
        "'2023-02-29': 2023 is not a leap year: February 2023 has 28 days",
        "content/posts/a.md:3: error: `date` invalid date '2025-04-31T10:00:00': "
        "there is no day 31 in April: it has 30 days"]


def test_a_date_in_no_known_form_still_says_the_forms(site):
    site.write("content/posts/a.md", "---\ntitle: A\ndate: May 1st\n---\nText.\n")
    assert messages(site.build(), "error") == [
        "content/posts/a.md:3: error: `date` invalid date 'May 1st': write it as 2024-05-01, "
        "2024-05-01 13:45:00 or 2024-05-01T13:45:00+08:00"]


def test_tags_and_categories_written_as_one_string_with_commas_are_told_how_to_list(site):
    site.post("a.md", "A", tags="transformer, attention", categories="ml, notes")
    site.post("b.md", "B", tags="机器学习，注意力")
    site.post("c.md", "C", tags="[transformer, attention]", categories="[[ml], [notes]]")
    result = site.build()
    assert result.written
    assert warnings_of(result, "a.md") == [
        "content/posts/a.md:4: warning: `tags: transformer, attention` is one tag, "
        "`transformer, attention` (a comma parts nothing in a string): write "
        "`tags: [transformer, attention]` for 2 tags",
        "content/posts/a.md:5: warning: `categories: ml, notes` is one category, `ml, notes` "
        "(a comma parts nothing in a string): write `categories: [[ml], [notes]]` for 2 "
        "categories, or `categories: [ml, notes]` for the one category ml › notes"]
    assert warnings_of(result, "b.md") == [
        "content/posts/b.md:4: warning: `tags: 机器学习，注意力` is one tag, `机器学习，注意力` "
        "(a comma parts nothing in a string): write `tags: [机器学习, 注意力]` for 2 tags"]
    assert warnings_of(result, "c.md") == []
    # what was written is kept as it was: a blog that meant one tag keeps its tag page
    assert site.exists("tags/transformer-attention/index.html")
    assert site.exists("categories/ml-notes/index.html")
    assert site.exists("tags/transformer/index.html") and site.exists("categories/ml/index.html")


def test_a_jekyll_named_file_parts_a_string_at_spaces_and_says_its_commas_stay(site):
    site.write("content/posts/2024-05-01-a.md",
               "---\ntitle: A\ntags: transformer, attention\ncategories: ml notes\n---\nx\n")
    result = site.build()
    assert result.written
    assert warnings_of(result, "a.md") == [
        "content/posts/2024-05-01-a.md:3: warning: `tags: transformer, attention` is the tags "
        "`transformer,` and `attention` (a Jekyll-named file's string is parted at spaces, not "
        "at commas): write `tags: [transformer, attention]` for 2 tags"]


def bilingual(site) -> None:
    site.write("site.yaml", "base_url: https://example.org/\nlanguages:\n  zh: {}\n  en: {}\n")


def test_a_lang_line_that_puts_a_page_where_its_translation_is_is_an_error_at_that_line(site):
    bilingual(site)
    site.write("content/posts/attn/index.md",
               "---\ntitle: 注意力\nlang: en\ndate: 2024-05-01\n---\n注意力机制的笔记。\n")
    site.write("content/posts/attn/index.en.md",
               "---\ntitle: Attention\ndate: 2024-05-01\n---\nNotes on attention.\n")
    site.write("content/about.en.md", "---\ntitle: About\nlang: zh\n---\nAbout me.\n")
    site.write("content/about.md", "---\ntitle: 关于\n---\n关于我。\n")
    result = site.build()
    assert not result.written
    assert sorted(messages(result)) == [
        "content/about.en.md:3: error: `lang: zh` makes this the `zh` version of the page, "
        "which content/about.md is already: both would be at one URL. Remove or correct the "
        "line (the file name says `en`)",
        "content/posts/attn/index.md:3: error: `lang: en` makes this the `en` version of the "
        "page, which content/posts/attn/index.en.md is already: both would be at one URL. "
        "Remove or correct the line"]


def test_two_posts_at_one_url_for_their_folders_are_not_blamed_on_their_lang_lines(site):
    """content/posts/ML/x.md and content/posts/ml/x.md, each with `lang: en` (as `new post`
    writes it), are both /en/posts/ml/x/ for their folders, with or without the lines: each
    was told its `lang: en` line made it the version the other already was, "remove or
    correct the line", and removing both left the same clash."""
    bilingual(site)
    site.write("content/posts/ML/x.md", "---\ntitle: X\nlang: en\ndate: 2024-01-01\n---\nOne.\n")
    site.write("content/posts/ml/x.md", "---\ntitle: X\nlang: en\ndate: 2024-01-01\n---\nTwo.\n")
    result = site.build()
    assert not result.written
    assert [m for m in messages(result) if ": error:" in m] == [
        "content/posts/ml/x.md:1: error: two pages at the URL /en/posts/ml/x/: this one and "
        "content/posts/ML/x.md. Give one of them another `slug`"]


def test_a_lang_line_contradicting_the_file_name_is_a_warning_repeated_by_cached_builds(site):
    bilingual(site)
    site.post("hello.en.md", "Hello", lang="zh", body="你好，这是中文。")
    site.post("notes.en.md", "Notes", lang="en-US", body="English notes.")  # (the same)
    site.post("plain.md", "Plain", lang="en", body="English, by its lang line.")
    said = ["content/posts/hello.en.md:4: warning: `lang: zh` overrides the file name, which "
            "says `en`: this is the `zh` version. Remove the line, or rename the file"]
    result = site.build(use_cache=True)
    assert messages(result, "warning") == said
    assert site.exists("posts/hello/index.html") and not site.exists("en/posts/hello")
    assert messages(site.build(use_cache=True), "warning") == said  # nothing changed
    site.post("other.md", "Other", body="其他。")
    assert messages(site.build(use_cache=True), "warning") == said


HELD = " (in a draft: held back; with --drafts this is an error)"


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_problem_in_a_draft_is_a_warning_unless_the_build_shows_drafts(site, capsys,
                                                                          command):
    """A draft is not published (Hugo, Jekyll and Hexo publish none unasked): a value it
    holds that cannot be read (`published: 0`, as a Jekyll draft may say) holds it back with a
    warning; `--drafts` shows drafts, so there it stops the build as in any post."""
    site.post("a.md", "Shown", body="Shown body.")
    site.post("idea.md", "Idea", draft="true", published="0", body="Idea body.")
    site.post("later.md", "Later", date="2024-13-01", published="false")
    assert main([command, "--source", str(site.root)]) == 0
    err = capsys.readouterr().err
    assert "content/posts/idea.md:5: warning: `published` should be true or false" + HELD \
        in err.splitlines()
    assert ("content/posts/later.md:3: warning: `date` invalid date '2024-13-01': there is no "
            "month 13 (months are 1 to 12)" + HELD) in err.splitlines()
    assert ": error:" not in err
    if command == "build":
        assert "Shown body." in site.read("posts/a/")
        assert not site.exists("posts/idea/index.html")
    assert main([command, "--source", str(site.root), "--drafts"]) == 1
    err = capsys.readouterr().err
    assert "content/posts/idea.md:5: error: `published` should be true or false" \
        in err.splitlines()
    assert ("content/posts/later.md:3: error: `date` invalid date '2024-13-01': there is no "
            "month 13 (months are 1 to 12)") in err.splitlines()


def test_a_post_with_a_problem_that_says_no_draft_still_stops_the_build(site, capsys):
    """`published: 0` alone does not say the post is a draft: it may be meant published."""
    site.post("a.md", "A", published="0")
    assert main(["build", "--source", str(site.root)]) == 1
    assert "content/posts/a.md:4: error: `published` should be true or false\n" \
        in capsys.readouterr().err


def test_a_lang_clash_in_a_draft_is_a_warning_unless_the_build_shows_drafts(site, capsys):
    bilingual(site)
    site.write("content/posts/attn/index.md", "---\ntitle: 注意力\nlang: en\ndraft: true\n"
               "date: 2024-05-01\n---\n注意力机制的笔记。\n")
    site.write("content/posts/attn/index.en.md",
               "---\ntitle: Attention\ndate: 2024-05-01\n---\nNotes on attention.\n")
    # a published page whose `lang:` clashes only with a draft: no clash while it is held back
    site.write("content/about.md", "---\ntitle: About\nlang: en\n---\nAbout me.\n")
    site.write("content/about.en.md", "---\ntitle: About\ndraft: true\n---\nDraft.\n")
    assert main(["build", "--source", str(site.root)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "version of the page" in line] == [
        "content/posts/attn/index.md:3: warning: `lang: en` makes this the `en` version of the "
        "page, which content/posts/attn/index.en.md is already: both would be at one URL. "
        "Remove or correct the line" + HELD]
    assert "Notes on attention." in site.read("en/posts/attn/")
    assert "About me." in site.read("en/about/")
    assert main(["build", "--source", str(site.root), "--drafts"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert sorted(line for line in err if "version of the page" in line) == [
        "content/about.md:3: error: `lang: en` makes this the `en` version of the page, which "
        "content/about.en.md is already: both would be at one URL. Remove or correct the line",
        "content/posts/attn/index.md:3: error: `lang: en` makes this the `en` version of the "
        "page, which content/posts/attn/index.en.md is already: both would be at one URL. "
        "Remove or correct the line"]


def test_cached_builds_say_a_drafts_problem_as_a_clean_build_does_with_drafts_or_not(site):
    """The posts' records are shared by `build` and `build --drafts` (a draft with a problem
    is never recorded): each build still says what a clean one says."""
    site.post("a.md", "A")
    site.post("idea.md", "Idea", draft="true", published="0")
    said = []
    for drafts in (False, True, False, True):
        result = site.build(use_cache=True, drafts=drafts)
        said.append([m for m in messages(result) if "idea.md" in m])
        assert bool(result.written) is not drafts
    assert said[0] == said[2] == [
        "content/posts/idea.md:5: warning: `published` should be true or false" + HELD]
    assert said[1] == said[3] == [
        "content/posts/idea.md:5: error: `published` should be true or false"]


def test_a_draft_held_back_for_a_problem_is_named_with_the_drafts_held_back(site, capsys):
    """The summary of what the build held back counts every draft, the one with an unreadable
    value too (it was left out of it: no post is made of it), in file order, cached or not."""
    site.post("a.md", "Shown")
    site.post("idea.md", "Idea", draft="true", published="0")
    site.post("plain.md", "Plain", draft="true")
    site.write("content/about.md", "---\ntitle: About\ndraft: true\ndate: 2024-13-01\n---\n")
    summary = ["held back (--drafts includes them):",
               "  3 drafts: content/about.md, content/posts/idea.md and content/posts/plain.md"]
    for _ in range(2):  # (the second build is the cached one)
        assert main(["build", "--source", str(site.root)]) == 0
        err = capsys.readouterr().err.splitlines()
        assert [line for line in err if line.startswith(("held back", "  "))] == summary
    site.post("other.md", "Other")  # a build of changed files, with the posts' records
    assert main(["build", "--source", str(site.root)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if line.startswith(("held back", "  "))] == summary
    long_lived = Engine(BuildOptions(site.root, site.output, now=NOW, jobs=1))  # (serve's)
    for _ in range(2):  # (the second remembers the files it read)
        held = long_lived.build().held_back["drafts"]
        assert [draft.source.as_posix() for draft in held] == [
            "content/about.md", "content/posts/idea.md", "content/posts/plain.md"]
        site.post("other.md", "Other", body="Changed.")


@pytest.mark.parametrize(("languages", "front", "page", "title", "terms", "not_made"), [
    # YAML 1.1 reads yes/no/on/off as true/false: a title "No" showed "False", and tags `yes`
    # and `on` were one tag, /tags/true/; `draft: no` is still a flag, and a quoted word or a
    # true/false is as written.
    ('languages:\n  zh: {}\n  "no": {}\n',
     "title: No\ndate: 2024-01-01\ntags: [yes, on, 'off', true]\ncategories:\n  - Off\n"
     "series: ON\nlang: no\ndraft: no\n", "no/posts/a/", "No",
     ["no/tags/yes", "no/tags/on", "no/tags/off", "no/tags/true", "no/categories/off",
      "no/series/on"], ["no/tags/false"]),
    # YAML 1.1 reads `0072` as octal 58 and `3.10` as 3.1: a LeetCode post's `slug: 0072` was
    # published at /posts/58/, its tag 0072 was /tags/58/, a title `3.10` (Python's) "3.1".
    ("", "title: 3.10\nslug: 0072\ndate: 2024-01-01\ntags: [0072, 1_000, 42]\nseries: 007\n",
     "posts/0072/", "3.10", ["tags/0072", "tags/1_000", "tags/42", "series/007"],
     ["posts/58", "tags/58"]),
], ids=["yes no on off", "numbers"])
def test_what_yaml_1_1_reads_otherwise_is_read_as_written_where_text_is_meant(
        site, languages, front, page, title, terms, not_made):
    """Hexo and Hugo (YAML 1.2) keep these words and digits; under a key whose value is text
    (title, slug, tags, …) they are read as written here too."""
    site.write("site.yaml", languages)
    site.write("content/posts/a.md", f"---\n{front}---\nx\n")
    result = site.build()
    assert result.written, messages(result)
    html = site.read(page)
    assert f'<h1 id="post-title">{title}</h1>' in html
    for term in terms:
        assert f'href="/{term}/"' in html, term
    for path in not_made:
        assert f"{path}/" not in html and not (site.output / path).exists(), path


def test_a_lone_equals_sign_is_text(site):
    """YAML 1.1 reads a lone `=` as its "value" key, which PyYAML cannot make: a title `=`
    (a note on assignment) was broken YAML, "could not determine a constructor for the tag
    'tag:yaml.org,2002:value'". Hexo and Hugo (YAML 1.2) read the text."""
    site.write("content/posts/a.md", "---\ntitle: =\ndate: 2024-01-01\n---\nx\n")
    result = site.build()
    assert result.written, messages(result)
    assert '<h1 id="post-title">=</h1>' in site.read("posts/a/")


def test_a_held_back_drafts_problems_do_not_fail_a_strict_build(site):
    """The CI workflow `new site` writes builds with --strict: a half-written draft without
    `lang:` (its text read as English on a zh+en site), one with a misspelt key, one whose
    `published: 0` cannot be read, failed every publication, though none is published.
    Held back, their problems stay warnings; shown with --drafts they are errors, and a
    shown post's warning is still an error with --strict."""
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\ndefault_language: zh\n"
                            "languages:\n  zh: {}\n  en: {}\n")
    site.post("ok.md", "好", body="中文的正文。\n", lang="zh")
    site.write("content/posts/todo.md", "---\ntitle: Transformer notes\ndraft: true\n---\n"
                                        "TODO: add the figures and the derivation.\n")
    site.write("content/posts/typo.md", "---\ntilte: X\ndraft: true\ndate: 2024-01-01\n"
                                        "lang: zh\n---\n正文\n")
    site.write("content/posts/zero.md", "---\ntitle: Z\ndraft: true\npublished: 0\n"
                                        "date: 2024-01-01\nlang: zh\n---\n正文\n")
    result = site.build(strict=True)
    assert result.written and messages(result, "error") == [], messages(result)
    assert [str(m.path) for m in result.diagnostics.warnings] == [
        "content/posts/typo.md", "content/posts/zero.md"], messages(result)
    shown = messages(site.build(strict=True, drafts=True), "error")
    assert any(m.startswith("content/posts/todo.md:1: error: no language given") for m in shown)
    assert any(m.startswith("content/posts/typo.md:2: error: `tilte`") for m in shown), shown
    site.write("content/posts/typo.md", "---\ntilte: X\ndate: 2024-01-01\nlang: zh\n---\n正文\n")
    assert [m.split(": error")[0] for m in messages(site.build(strict=True), "error")] == [
        "content/posts/typo.md:2"]


def test_an_obsidian_notes_created_is_its_date(site):
    """A vault's notes, copied in, all had today's file time: each was dated today, though
    its `created` said when it was written."""
    site.write("content/posts/a.md", "---\ntitle: 甲\ncreated: 2024-01-01T12:00\n"
               "updated: 2024-01-05T08:30\n---\n\n正文。\n")
    result = site.build()
    assert not [m for m in messages(result) if "posts/a.md" in m]
    assert 'datetime="2024-01-01T12:00:00' in site.read("posts/a/")


@pytest.mark.parametrize(("text", "line", "said"), [
    ("—\ntitle: 私人草稿\ndraft: true\n—\n\n还没写完的私人内容。\n", 1, "it opens with `—`"),
    ("–-\ntitle: 私人草稿\ndraft: true\n–-\n\n还没写完的私人内容。\n", 1, "it opens with `–-`"),
    ("- - -\ntitle: 私人草稿\ntags:\n  - ml\ndraft: true\n...\n\n还没写完的私人内容。\n", 1,
     "it opens with `- - -`"),
    ("\n---\ntitle: 私人草稿\ndraft: true\n---\n\n还没写完的私人内容。\n", 2, "a blank line"),
    ("\u200b---\ntitle: 私人草稿\ndraft: true\n---\n\n还没写完的私人内容。\n", 1, "invisible"),
])
def test_front_matter_a_phone_misfenced_is_an_error_not_a_published_draft(site, text, line,
                                                                            said):
    """iOS's smart punctuation makes `—` of `---`: the draft's keys were published as its first
    paragraph, `draft: true` unread, on the home page and in the feeds."""
    site.post("a.md", "A")
    site.write("content/posts/secret.md", raw=text.encode())
    result = site.build()
    assert not result.written
    errors = [m for m in messages(result, "error") if "secret.md" in m]
    assert len(errors) == 1 and errors[0].startswith(
        f"content/posts/secret.md:{line}: error: this reads as front matter, but "), errors
    assert said in errors[0]


def test_a_post_that_starts_with_a_rule_is_still_a_post(site):
    site.write("content/posts/rule.md", "----\nNote: prose that happens to have a colon.\n"
               "And more prose.\n----\n\nText.\n")
    result = site.build(future=True)  # (dated by the file's time: today, after the tests' now)
    assert result.written, messages(result)
    assert "Note: prose" in site.read("posts/rule/")


@pytest.mark.parametrize(("name", "meant"), [("secret.txt", "secret.md"),
                                             ("secret.md.txt", "secret.md"),
                                             ("secret.qmd", "secret.md")])
def test_a_post_saved_under_another_name_is_not_published_as_a_file(site, name, meant):
    """iA Writer saves `.txt`: the draft was copied to the site as it was, readable at its
    URL, and the writer's post never appeared."""
    site.post("a.md", "A")
    site.write(f"content/posts/{name}", "---\ntitle: 私密草稿\ndate: 2024-05-10\ndraft: true\n"
               "---\n\n私人内容，不要发布。\n")
    site.write("content/posts/notes.txt", "Plain notes, published as a file.\n")
    # (one a post links is a file to download; outside posts/ a file, as it was: helper-141)
    site.write("content/posts/hparams.txt", "---\nmodel: llama\nlr: 0.001\n---\n")
    site.post("b.md", "B", body="[参数](hparams.txt)\n")
    site.write("content/files/config.txt", "---\nmodel: llama\n---\n")
    # (helper-143: one elsewhere that names a title or a draft is a post by its keys)
    site.write("content/private/todo.txt", "---\ntitle: 私密待办\ndraft: true\n---\n待办。\n")
    result = site.build()
    assert result.written
    assert not site.exists(f"posts/{name}") and not site.exists("private/todo.txt")
    assert site.exists("posts/notes.txt") and site.exists("posts/hparams.txt")
    assert site.exists("files/config.txt")
    assert not [m for m in messages(result) if "hparams" in m or "config.txt" in m]
    assert "content/private/todo.txt:1: warning: not published: it starts with front matter, " \
           "but only `.md` files are posts; rename it `todo.md`" in messages(result)
    assert f"content/posts/{name}:1: warning: not published: it starts with front matter, " \
           f"but only `.md` files are posts; rename it `{meant}`" in messages(result)


def test_a_toml_or_json_post_saved_under_another_name_is_not_published_as_a_file(site):
    """A `.txt` post whose front matter is TOML (`+++`) or Hugo's JSON was published as a
    plain file, its draft readable at its URL, as a YAML one was before; a JSON object among
    the posts that names no title, date or draft (data saved as `.txt`) stays a file."""
    site.post("a.md", "A")
    site.write("content/posts/secret.txt",
               '+++\ntitle = "私密草稿"\ndraft = true\n[params]\nmath = true\n+++\n私人内容。\n')
    site.write("content/private/todo.txt",
               '{\n  "title": "私密待办",\n  "draft": true\n}\n待办。\n')
    site.write("content/posts/hexo.txt", '"title": "Hexo 草稿",\n"draft": true\n;;;\n内容。\n')
    site.write("content/posts/runs.txt", '{"lr": 0.001, "model": "llama"}\n')
    site.write("content/posts/rule.txt", "+++\nplain text between rules\n+++\n")
    result = site.build()
    assert result.written, messages(result)
    assert not site.exists("posts/secret.txt") and not site.exists("private/todo.txt")
    assert not site.exists("posts/hexo.txt")  # (Hexo's JSON, up to a `;;;` line)
    assert site.exists("posts/runs.txt") and site.exists("posts/rule.txt")
    said = [m for m in messages(result) if "not published" in m]
    assert said == [
        "content/posts/hexo.txt:1: warning: not published: it starts with front matter, but "
        "only `.md` files are posts; rename it `hexo.md`",
        "content/posts/secret.txt:1: warning: not published: it starts with front matter, but "
        "only `.md` files are posts; rename it `secret.md`",
        "content/private/todo.txt:1: warning: not published: it starts with front matter, but "
        "only `.md` files are posts; rename it `todo.md`"], said


def test_a_post_misfenced_and_saved_under_another_name_is_not_published_as_a_file(site):
    """A phone's `.txt` draft whose `---` smart punctuation made `—` was published as a plain
    file, readable at its URL: its front matter did not open with `---`, so it was no post's."""
    site.post("a.md", "A")
    site.write("content/posts/secret.txt", "—\ntitle: 私密草稿\ndraft: true\n—\n\n私人内容。\n")
    site.write("content/private/todo.txt",
               raw="\n---\ntitle: 私密待办\ndraft: true\n---\n待办。\n".encode())
    # (one a post links is a file to download, fenced as it may be)
    site.write("content/posts/hparams.txt", "—\ntitle: 超参数\nlr: 0.001\n—\n")
    site.post("b.md", "B", body="[参数](hparams.txt)\n")
    result = site.build()
    assert result.written, messages(result)
    assert not site.exists("posts/secret.txt") and not site.exists("private/todo.txt")
    assert site.exists("posts/hparams.txt")
    assert not [m for m in messages(result) if "hparams" in m]
    assert ("content/posts/secret.txt:1: warning: not published: it starts with front matter, "
            "but only `.md` files are posts; rename it `secret.md`; and it opens with `—`, not "
            "`---` (a phone's smart punctuation makes `—` of `---`): write `---` here and on "
            "the line that closes it") in messages(result)
    assert ("content/private/todo.txt:2: warning: not published: it starts with front matter, "
            "but only `.md` files are posts; rename it `todo.md`; and a blank line comes "
            "before it, and front matter starts the file: remove the line above"
            ) in messages(result)

def test_a_value_cut_by_a_hash_is_said_with_how_to_keep_it(site):
    """YAML reads ` #76` as a comment: the title was "LeetCode", the tags none, unsaid. A
    comment after a date or a flag is one (helper-141: quoting it, as told, broke them)."""
    site.write("content/posts/a.md", "---\ntitle: LeetCode #76 最小覆盖子串\ndate: 2024-05-01\n"
               "tags: #ml #nlp\nseries: LeetCode # a comment meant as one\ntoc: false #long\n"
               "updated: 2024-05-02 #TODO\n---\nText.\n")
    result = site.build()
    assert result.written
    assert warnings_of(result, "a.md") == [
        "content/posts/a.md:2: warning: `title` is cut at `#`, where YAML starts a comment; "
        'write `title: "LeetCode #76 最小覆盖子串"` to keep all of it',
        "content/posts/a.md:4: warning: `tags` is cut at `#`, where YAML starts a comment; "
        "write `tags: [ml, nlp]` to keep all of it"]


def test_names_in_a_phones_curly_quotes_are_said_with_straight_ones(site):
    """`tags: [‘ml’]` made a tag `‘ml’` of its own (`#‘ml’` on its page), unsaid; quotes
    inside a name are Chinese and English typing (helper-141)."""
    site.write("content/posts/a.md", "---\ntitle: “Attention” 读后感\ndate: 2024-05-01\n"
               "tags: [‘ml’, ‘nlp’]\nseries: “LeetCode”\ncategories: [论文“精读”, Karpathy’s]"
               "\nkeywords: [‘a’, 'b', [“c, d”]]\n---\nText.\n")
    result = site.build()
    assert result.written
    assert warnings_of(result, "a.md") == [
        "content/posts/a.md:4: warning: `tags` is in curly quotes (a phone's smart "
        "punctuation), which YAML keeps as part of the name; write `tags: [\"ml\", \"nlp\"]`",
        "content/posts/a.md:5: warning: `series` is in curly quotes (a phone's smart "
        "punctuation), which YAML keeps as part of the name; write `series: \"LeetCode\"`",
        # (helper-143: the rest of the line as written, a comma inside quotes kept)
        "content/posts/a.md:7: warning: `keywords` is in curly quotes (a phone's smart "
        "punctuation), which YAML keeps as part of the name; write "
        "`keywords: [\"a\", 'b', [\"c, d\"]]`"]
