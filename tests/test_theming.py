"""A site that customizes its look: templates of its own over the theme's, strings of its own,
and the messages it gets when a template goes wrong."""

from __future__ import annotations

import re

import pytest
from conftest import NOW, messages

from blogforge import templates
from blogforge.diagnostics import Diagnostics
from blogforge.math.style import stylesheet_text
from blogforge.templates import THEME_DIR
from blogforge.urls import UrlBuilder

# The first bytes of a vim swap file: not UTF-8 text.
VIM_SWAP = b"b0VIM 9.0\x00\x00\x10\x00\x9c\xe3\x8fg\xff\xfe\x00\x00root\x00"


def test_an_editors_swap_file_beside_a_template_is_no_template(site):
    site.write("templates/partials/footer.html", "<footer>页脚 {{ site.title }}</footer>\n")
    site.write("templates/partials/.footer.html.swp", raw=VIM_SWAP)  # vim has it open
    site.write("templates/.DS_Store", raw=b"\x00\x00\x00\x01Bud1\x00\x10\xff\x80")
    site.post("a.md", "A")
    result = site.build()
    assert result.written, messages(result)
    assert messages(result, "error") == []
    assert "<footer>页脚 blogforge</footer>" in site.read("posts/a/")


def test_a_string_of_the_sites_own_templates_is_no_stray_even_with_strict(site):
    site.write("site.yaml", "base_url: https://me.github.io/\nlanguages:\n  zh: {title: 笔记}\n"
               "  en: {title: Notes}\n")
    site.write("templates/page.html", """\
        {% extends "base.html" %}
        {% block main %}<h1>{{ t("my_projects") }}</h1>{{ post.rendered.html | safe }}{% endblock %}
        """)
    site.write("i18n/zh.yaml", "my_projects: 我的项目\nread_mroe: 阅读全文\n")
    site.write("i18n/en.yaml", "my_projects: My projects\n")
    site.write("content/projects.md", "---\ntitle: 项目\n---\n列表。\n")
    site.write("content/projects.en.md", "---\ntitle: Projects\n---\nA list.\n")
    result = site.build(strict=True)
    # the typo of a theme string, which no template names, is still pointed out
    assert [m.split(f"{site.root}/")[-1] for m in messages(result)] == [
        "i18n/zh.yaml:2: error: `read_mroe` is not a string the theme or the site's "
        "templates use; did you mean `read_more`?"]
    site.write("i18n/zh.yaml", "my_projects: 我的项目\n")
    result = site.build(strict=True)
    assert result.written, messages(result)
    assert "<h1>我的项目</h1>" in site.read("projects/")
    assert "<h1>My projects</h1>" in site.read("en/projects/")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_string_no_language_has_is_warned_at_the_template_line_asking_for_it(
        site, monkeypatch, jobs):
    """`t('projcts')` in a footer was warned with no file or line, leaving the writer to
    search every template; pages rendered by a pool of processes did not warn at all."""
    monkeypatch.setattr(templates, "POOL_PAGES", 1)  # (jobs=2: a pool, even for a few pages)
    site.write("site.yaml", "base_url: https://me.github.io/\n")
    site.write("templates/partials/footer.html", """\
        <footer>
          {% for n in [1, 2] %}<span>{{ n }}</span>{% endfor %}
          <p>{{ t('projcts') }}</p>
        </footer>
        """)
    site.write("templates/partials/head_extra.html", "<meta name=x content=\"{{ t('x_y') }}\">\n")
    for n in range(3):
        site.post(f"p{n}.md", f"P{n}")
    result = site.build(jobs=jobs)
    assert result.written, messages(result)
    assert sorted(m.split(f"{site.root}/")[-1] for m in messages(result)) == [  # once each
        "templates/partials/footer.html:3: warning: string `projcts` has no `zh` translation, "
        "nor an English one: shown as its name. Add it to i18n/zh.yaml",
        "templates/partials/head_extra.html:1: warning: string `x_y` has no `zh` translation, "
        "nor an English one: shown as its name. Add it to i18n/zh.yaml"]
    assert "<p>projcts</p>" in site.read("posts/p1/")


def test_a_string_no_language_has_is_named_with_the_one_it_is_a_slip_of(site):
    """On an English site the warning said "no `en` translation, nor an English one", one
    thing twice, and a typo of a theme string was not named with the string it missed."""
    site.write("site.yaml", "base_url: https://me.github.io/\ndefault_language: en\n")
    site.write("templates/partials/footer.html", "<footer>{{ t('read_mor') }}</footer>\n")
    site.post("p.md", "P", lang="en")
    result = site.build()
    assert [m.split(f"{site.root}/")[-1] for m in messages(result)] == [
        "templates/partials/footer.html:1: warning: string `read_mor` has no English text: "
        "shown as its name; did you mean `read_more`? Add it to i18n/en.yaml"]
    assert "<footer>read_mor</footer>" in site.read("")


def test_a_string_asked_for_without_a_value_its_text_uses_says_which(site):
    """`t('tag', nam=x)` in a site's footer stopped the build with "KeyError: 'name'"."""
    site.write("site.yaml", "base_url: https://me.github.io/\ndefault_language: en\n")
    site.write("templates/partials/footer.html", "<footer>\n{{ t('tag', nam='x') }}</footer>\n")
    site.post("p.md", "P", lang="en")
    result = site.build()
    assert not result.written
    assert [m.split(f"{site.root}/")[-1] for m in messages(result)] == [
        "templates/partials/footer.html:2: error: template error: string `tag` ('Tag: {name}') "
        "uses {name}, which t('tag', nam=…) does not give"]


def test_a_string_with_a_numbered_place_says_that_place(site):
    """A site's own string `Page {0} of {n}` asked for by name: the place was said as
    "{Replacement index 0 out of range for positional args tuple}"."""
    site.write("site.yaml", "base_url: https://me.github.io/\ndefault_language: en\n")
    site.write("i18n/en.yaml", "my_page: 'Page {0} of {n}'\n")
    site.write("templates/partials/footer.html", "<footer>\n{{ t('my_page', n=3) }}</footer>\n")
    site.post("p.md", "P", lang="en")
    result = site.build()
    assert not result.written
    assert [m.split(f"{site.root}/")[-1] for m in messages(result, "error")] == [
        "templates/partials/footer.html:2: error: template error: string `my_page` ('Page {0} "
        "of {n}') uses {0}, which t('my_page', n=…) does not give"]


def test_a_sites_base_html_extends_the_themes_own_by_its_theme_name(site):
    site.write("templates/base.html", """\
        {% extends "theme/base.html" %}
        {% block head %}<meta name="site-extra" content="{{ site.params.mood }}">{% endblock %}
        """)
    site.write("site.yaml", "params:\n  mood: 晴\n")
    site.post("a.md", "A")
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/a/")  # the theme's post page, on the site's base, on the theme's
    assert '<meta name="site-extra" content="晴"></head>' in page
    assert 'class="post-meta"' in page and 'class="site-header"' in page


def test_a_template_extending_itself_says_how_to_extend_the_themes(site):
    site.write("site.yaml", "base_url: https://me.github.io/\n")
    site.write("templates/base.html", """\
        {% extends "base.html" %}
        {% block head %}<meta name="x" content="y">{% endblock %}
        """)
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    assert [m.split(f"{site.root}/")[-1] for m in messages(result)] == [
        "templates/base.html:1: error: template error: this template extends or includes "
        "itself, endlessly; to build on the theme's own base.html, write "
        '{% extends "theme/base.html" %}']


def test_a_template_printing_a_field_that_does_not_exist_is_an_error_at_its_line(site):
    site.write("site.yaml", "base_url: https://me.github.io/\nparams:\n  mood: 晴\n")
    site.post("a.md", "A")
    assert site.build().written
    before = site.read("posts/a/")
    site.write("templates/partials/footer.html", """\
        <footer>
        <p>{{ site.params.mood }}{{ site.params.not_set }}</p>
        <p>{{ site.titel }}</p>
        </footer>
        """)
    result = site.build()
    assert not result.written and site.read("posts/a/") == before
    said = [m.split(f"{site.root}/")[-1] for m in messages(result)]
    assert len(said) == 1 and said[0].startswith(
        "templates/partials/footer.html:3: error: template error: a SiteConfig has no "
        "attribute `titel`; did you mean `title`? (for a value some pages lack, write "
        "`| default('')` or test `is defined`; met rendering /"), said
    # an absent key of params shows as nothing, as in Hugo, at any depth (it was an error
    # one key below: "no key `social` in a dict"); so does a tested name
    site.write("templates/partials/footer.html", """\
        <footer>
        <p>{{ site.params.mood }}{{ site.params.not_set }}{{ site.params.social.github }}</p>
        {% if site.params.social.github %}GitHub{% endif %}{{ site.params.a["b"].c }}
        {% if banner is defined %}{{ banner }}{% endif %}{{ banner | default('无') }}
        </footer>
        """)
    result = site.build()
    assert result.written, messages(result)
    assert "<footer>\n<p>晴</p>\n\n无\n</footer>" in site.read("posts/a/")
    # measured, compared or put through a filter, a misspelt name is as much an error as
    # printed (`| length` printed 0); tested, defaulted or an absent key of params it is not
    for used in ("{{ site.titel | length }}", "{% if site.titel == 'x' %}x{% endif %}",
                 "{{ site.titel | map('upper') | join }}", "{{ site.titel | round }}",
                 "{% set t = site.titel %}{{ t | count }}"):
        site.write("templates/partials/footer.html", f"<footer>\n{used}\n</footer>\n")
        said = [m.split(f"{site.root}/")[-1] for m in messages(site.build())]
        assert len(said) == 1 and said[0].startswith(
            "templates/partials/footer.html:2: error: template error: a SiteConfig has no "
            "attribute `titel`"), (used, said)
    site.write("templates/partials/footer.html", """\
        <footer>[{{ site.params.not_set | length }}]{% if site.titel %}x{% endif %}
        [{{ site.titel | default('无') | length }}]{{ site.params.a == 'b' }}</footer>
        """)
    result = site.build()
    assert result.written, messages(result)
    assert "<footer>[0][1]False</footer>" in site.read("posts/a/")
    # a name only some pages have, read on one that lacks it: the error names that page
    site.write("templates/partials/footer.html", "<footer>{{ post.title }}</footer>\n")
    said = [m.split(f"{site.root}/")[-1] for m in messages(site.build())]
    assert len(said) == 1 and said[0].startswith(
        "templates/partials/footer.html:1: error: template error: `post` is not defined on "
        "this page (for a value some pages lack, write `| default('')` or test `is defined`; "
        "met rendering /"), said


@pytest.mark.parametrize("payload, line", [
    # a theme or a pull request's template ran any command on the machine building it
    ("{{ cycler.__init__.__globals__.os.mkdir(MARK) }}", "access to attribute '__init__'"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "access to attribute '__class__'"),
    ("{% set seen = [] %}{{ seen.append(1) }}{{ site.menu.clear() }}",
     "access to attribute 'append' of 'list' object is unsafe"),
])
def test_a_template_reaching_python_internals_fails_at_its_line_and_runs_nothing(
        site, tmp_path, payload, line):
    mark = tmp_path / "ran"
    site.write("site.yaml", "title: T\nbase_url: https://me.github.io/\n")
    site.post("a.md", "A")
    site.write("templates/partials/footer.html",
               "<footer>\n<p>{{ 'a,b'.split(',') | join('+') }} {{ site.title.upper() }}</p>\n"
               + payload.replace("MARK", repr(str(mark))) + "\n</footer>\n")
    result = site.build()
    assert not mark.exists() and not result.written
    said = [m.split(f"{site.root}/")[-1] for m in messages(result)]
    assert len(said) == 1 and said[0].startswith(
        "templates/partials/footer.html:3: error: template error: " + line), said
    assert said[0].endswith("Templates run sandboxed: they reach no Python internals (`_names`"
                            ", modules, files, commands) and change no list or dict of the "
                            "site's (`.append`, `.update`)"), said
    # the safe calls on the line before still work
    site.write("templates/partials/footer.html",
               "<footer><p>{{ 'a,b'.split(',') | join('+') }}</p></footer>\n")
    assert site.build().written and "<footer><p>a+b</p></footer>" in site.read("posts/a/")


def test_a_page_with_a_layout_is_rendered_with_that_template_of_the_site(site):
    site.write("site.yaml", "base_url: https://me.github.io/\n")
    site.write("templates/projects.html", """\
        {% extends "base.html" %}
        {% block main %}<h1>{{ post.rendered.title_html | safe }}</h1>
        <ul>{% for p in post.params.projects %}<li>{{ p.name }}</li>{% endfor %}</ul>{% endblock %}
        """)
    site.write("content/projects.md", """\
        ---
        title: 我的项目
        layout: projects
        projects: [{name: 小工具}, {name: blogforge}]
        ---
        列表。
        """)
    site.write("content/about.md", "---\ntitle: 关于\n---\n关于我。\n")
    # a layout of the generator a post was imported from is no template here, nor is one
    # of the generated pages (minimal-mistakes' `layout: archive`); Jekyll's `post` is one
    site.post("a.md", "A", layout="default")
    site.write("content/year-archive.md", "---\ntitle: 按年\nlayout: archive\n---\n文章。\n")
    site.write("content/notes.md", "---\ntitle: 笔记\nlayout: post\n---\n笔记。\n")
    # a slip of the site's own layout's name is said (it showed page.html without a word)
    site.write("content/slip.md", "---\ntitle: 错\nlayout: projetcs\n---\n文章。\n")
    result = site.build()
    assert result.written, messages(result)
    assert [m for m in messages(result) if "layout" in m] == [
        "content/slip.md:3: warning: `layout: projetcs`: the site has no "
        "such template, so the usual one shows this page; did you mean `projects`?"]
    assert "<ul><li>小工具</li><li>blogforge</li></ul>" in site.read("projects/")
    assert '<div class="post page"' in site.read("about/")
    assert '<div class="post page"' in site.read("year-archive/")
    assert 'class="post-meta"' in site.read("posts/a/")
    assert 'class="post-meta"' in site.read("notes/")


def test_a_notice_of_the_sites_own_is_at_the_top_of_every_pages_main(site):
    """A site-wide notice (Butterfly's `announcement`) needed a copy of all of base.html: the
    partial main_start.html, empty in the theme, is shown at the top of <main> on every page,
    inside its landmark."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.write("templates/partials/main_start.html",
               '<p class="notice">{{ t("notice") }}</p>\n')
    site.write("i18n/zh.yaml", "notice: 本站正在迁移\n")
    site.write("i18n/en.yaml", "notice: Moving house\n")
    site.write("content/about.md", "---\ntitle: 关于\n---\n关于我。\n")
    site.post("a.md", "甲", tags="[t]")
    site.post("b.en.md", "B", lang="en")
    assert site.build().written
    pages = [(page, "本站正在迁移") for page in ("", "posts/a/", "about/", "tags/t/", "archives/",
                                                "404.html")] + [("en/posts/b/", "Moving house")]
    for page, said in pages:
        main = site.read(page).split("<main", 1)[1].split("</main>")[0]
        assert main.split(">", 1)[1].lstrip().startswith(f'<p class="notice">{said}</p>'), page


def test_a_layout_extending_page_html_adds_to_the_pages_text_column(site):
    """A friends page (友链) lists its front matter's links under its words, in the text column
    and with the page's title and contents, by a template that fills one block of page.html."""
    site.write("site.yaml", "languages:\n  zh: {}\n")
    site.write("templates/friends.html", """\
        {% extends "page.html" %}
        {% block content_end %}<ul class="friends">{% for f in post.params.friends -%}
        <li><a href="{{ f.url }}">{{ f.name }}</a></li>{% endfor %}</ul>{% endblock %}
        """)
    site.write("content/link.md", "---\ntitle: 友链\nlayout: friends\n"
               "friends: [{name: 甲, url: 'https://a.example.org/'}]\n---\n交换友链请留言。\n")
    site.post("a.md", "甲")
    assert site.build().written
    content = site.read("link/").split('<div class="content">', 1)[1].split("</div>", 1)[0]
    assert "交换友链请留言。" in content
    assert content.rstrip().endswith(
        '<ul class="friends"><li><a href="https://a.example.org/">甲</a></li></ul>')


def test_the_themes_stylesheets_reach_readers_without_comments_and_the_sites_as_written(site):
    """The theme's comments are for whoever changes it: a fifth of the bytes every reader
    downloaded, and so was the space after a colon, 3%. A site's own stylesheet is its
    writer's, published byte for byte."""
    own = "/* my colours */\nbody { color: #123; }\n"
    site.write("static/css/site.css", own)
    site.post("a.md", "A", body="$$x^2$$\n")
    assert site.build().written
    for name in ("blogforge.css", "reader.css", "math.css"):
        published = (site.output / "css" / name).read_text(encoding="utf-8")
        assert "/*" not in published and "*/" not in published, name
        assert "{" in published and "}" in published, name
        assert ": " not in published, name  # (`color:var(--ink)`: 845 of the home's bytes)
    theme = (site.output / "css/blogforge.css").read_text(encoding="utf-8")
    assert "--font-sans:var(" in theme
    assert ".content :not(pre)>code{" in theme  # (a space before a colon is a descendant's)
    assert (site.output / "css/site.css").read_text(encoding="utf-8") == own


def test_a_favicon_in_static_is_linked_from_every_page_under_the_base_path(site):
    """A Hugo or Hexo site's static/favicon.ico was published and never linked: browsers
    asked for /favicon.ico at the domain's root, another site's under a project site's
    /repo/. The theme links the site's favicon (svg, ico or png); with none, an empty one
    (`data:,`: browsers ask for nothing). Adding
    one re-renders the pages of an incremental build."""
    from blogforge.site import BuildOptions
    from blogforge.site import Site as Engine

    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    site.post("a.md", "A")
    engine = Engine(BuildOptions(source=site.root, output=site.output, now=NOW))
    assert engine.build().written
    # (with none, an empty icon: no request for /favicon.ico at the domain's root)
    assert '<link rel="icon" href="data:,">' in site.read("posts/a/")
    site.write("static/favicon.ico", raw=b"\0\0\1\0")
    assert engine.build().written
    for page in ("", "posts/a/", "tags/"):
        head = site.read(page).split("</head>")[0]
        assert '<link rel="icon" href="/repo/favicon.ico" type="image/x-icon">' in head, page
    site.write("static/favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert engine.build().written
    head = site.read("").split("</head>")[0]
    assert head.count('rel="icon"') == 1  # (the first of svg, ico, png)
    assert '<link rel="icon" href="/repo/favicon.svg" type="image/svg+xml">' in head


def test_a_partial_writing_its_own_head_is_said_at_its_line(site):
    """`<head>…<title>` in head_extra.html gave every page two heads (the second's title
    ignored by browsers) and `check --strict` found no problem."""
    site.write("templates/partials/head_extra.html",
               "{# my <head> additions #}\n<head>\n<title>Mine</title>\n</head>\n")
    site.write("templates/partials/footer.html", "<footer>{# not a <body> #}mine</footer>\n")
    site.post("a.md", "A")
    result = site.build()
    assert result.written
    assert [m for m in messages(result) if "templates/" in m] == [
        "templates/partials/head_extra.html:2: warning: `<head>` in a "
        "partial: the page around it has its own, so this makes a second (browsers ignore "
        "what it holds that only one <head> may, a <title>); write only what goes inside "
        "<head>"]


def test_a_macro_calling_itself_endlessly_is_not_said_to_be_a_template_including_itself(site):
    """It was said to be a template that "extends or includes itself", with advice to extend
    the theme's footer."""
    site.write("templates/partials/footer.html",
               "{% macro boom(n) %}{{ boom(n + 1) }}{% endmacro %}\n"
               "<footer>{{ boom(0) }}</footer>\n")
    site.post("a.md", "A")
    (message,) = messages(site.build(), "error")
    assert message.endswith("templates/partials/footer.html:1: error: template error: a macro "
                            "here calls itself endlessly, or more deeply than Python's stack "
                            "allows (a few hundred calls)"), message


def test_a_template_including_itself_is_tried_once_not_on_every_page(site, monkeypatch):
    """A partial that includes itself ran a thousand frames deep on every page before the
    error was said: 97 s on the example blog's 195 pages (the preview's overlay said nothing
    meanwhile); at 1,000 posts, many minutes."""
    endless = []
    in_macros = templates._in_macros
    monkeypatch.setattr(templates, "_in_macros", lambda exc: endless.append(exc) or in_macros(exc))
    site.write("templates/partials/footer.html",
               "<footer>{% include 'partials/footer.html' %}</footer>\n")
    for n in range(6):
        site.post(f"p{n}.md", f"P{n}", date=f"2024-05-0{n + 1}")
    (message,) = messages(site.build(), "error")
    assert message.endswith("templates/partials/footer.html:1: error: template error: this "
                            "template extends or includes itself, endlessly; to build on the "
                            "theme's own partials/footer.html, write "
                            '{% extends "theme/partials/footer.html" %}'), message
    assert len(endless) == 1  # (the first page tried; no other is)


def test_templates_where_hugo_would_have_them_are_named_as_unread(site):
    """A Hugo user's `layouts/`, `_default/single.html` and PaperMod's `extend_head.html`
    were ignored without a word: each is said once, with blogforge's name for it."""
    site.write("layouts/partials/footer.html", "<footer>{{ .Site.Title }}</footer>\n")
    site.write("templates/_default/single.html", "{{ .Content }}\n")
    site.write("templates/partials/extend_head.html", "<meta name=x content=y>\n")
    site.write("templates/partials/custom_head.html", "<meta name=z content=w>\n")
    site.write("templates/partials/head_extra.html", "{% include 'partials/custom_head.html' %}\n")
    site.post("a.md", "A")
    result = site.build()
    assert result.written
    assert sorted(m.split(f"{site.root}/")[-1] for m in messages(result)
                  if "layouts" in m or "templates/" in m) == [
        "layouts: warning: layouts/ is Hugo's folder, which blogforge does not read: its "
        "templates are in templates/ (Jinja, not Go templates: post.html, "
        "partials/footer.html…)",
        "templates/_default/single.html: warning: Hugo's `_default/` layouts are not read "
        "here: a post is templates/post.html, a list templates/list.html",
        "templates/partials/extend_head.html: warning: PaperMod's hook: blogforge's for "
        "additions to <head> is partials/head_extra.html; this file is not read"]
    assert '<meta name=z content=w>' in site.read("posts/a/")  # (included: not said)


def test_hugos_other_folders_are_named_as_unread_with_what_to_do_instead(site):
    """Hugo's `archetypes/`, `data/` and `config/production/` were ignored without a word (a
    `layouts/` folder is said): each is said, with blogforge's way of doing it."""
    site.write("archetypes/default.md", "---\ntitle: x\n---\n")
    site.write("data/friends.yaml", "- name: A\n")
    site.write("config/production/hugo.toml", "baseURL = 'https://example.com/'\n")
    site.post("a.md", "A")
    said = {m.split(f"{site.root}/")[-1] for m in messages(site.build())}
    assert {
        "archetypes: warning: archetypes/ is Hugo's folder, which blogforge does not read: "
        "`blogforge new post` fills in a post's front matter (title, date, lang, tags)",
        "data: warning: data/ is Hugo's folder, which blogforge does not read: give templates "
        "values under `params:` in site.yaml (`site.params`); a file to publish goes in static/",
        "config: warning: config/ is Hugo's folder of settings per environment, which blogforge "
        "does not read: the settings are site.yaml, one for every build (--base-url and "
        "--drafts for what differs)"} <= said, said


def test_the_browsers_bar_is_drawn_in_the_pages_colour_light_and_dark(site):
    """Chrome on Android, Safari and in-app browsers colour their bar over the page as the page
    asks: the theme's background (the header's, --bg), the light one or the dark one as the
    reader's system is set."""
    site.post("a.md", "A")
    assert site.build().written
    head = site.read("posts/a/").split("</head>")[0]
    asked = dict(re.findall(r'<meta name="theme-color" content="(#\w+)" '
                            r'media="\(prefers-color-scheme: (\w+)\)">', head))
    css = (THEME_DIR / "static/css/blogforge.css").read_text(encoding="utf-8")
    light = re.search(r":root \{[^}]*--bg: (#\w+);", css).group(1)
    dark = re.search(r':root\[data-theme="dark"\] \{[^}]*--bg: (#\w+);', css).group(1)
    assert asked == {light: "light", dark: "dark"}


# --- what older browsers keep of the theme's stylesheets ---------------------------------------
# Readers open posts in WeChat's, QQ's and UC's in-app browsers (Chromium 86-108 cores) and on
# iPhones of iOS 15 and 16. Such a browser drops a declaration it cannot parse, and a whole rule
# when one selector of its list is unknown to it; a declaration holding var() and a function it
# does not know is kept, then turns into `unset` (a fallback written before it is lost too).

THEME_STYLESHEETS = {"blogforge.css": (THEME_DIR / "static/css/blogforge.css").read_text("utf-8"),
                     "reader.css": (THEME_DIR / "static/css/reader.css").read_text("utf-8"),
                     "math.css": stylesheet_text()}

# (Chrome 86 and Safari before 14.5 know no logical property: the theme is left to right only)
LOGICAL_PROPERTY = re.compile(r"(?:margin|padding|border|inset|scroll-margin|scroll-padding)"
                              r"-(?:inline|block)(?:-start|-end)?|inset|(?:min-|max-)?(?:inline|block)-size")
# colour functions of Chrome 111 and iOS 16.2 and later
NEW_COLOUR = re.compile(r"\b(?:color-mix|color|lab|lch|oklab|oklch|light-dark)\(")
# what makes an old browser drop a selector: :is(), :where() and :not() of a list (Chrome 88),
# :has() (Chrome 105), :focus-visible (Safari 15.4), nth-child(… of …), ::details-content
NEWER_SELECTOR = {":is(": ":is()", ":where(": ":where()", ":has(": ":has()",
                  ":focus-visible": ":focus-visible", " of ": "nth-child(of)",
                  "::details-content": "::details-content", "::-webkit-": "::-webkit-"}
SIMPLE_SELECTOR = re.compile(r"\*|[a-z][\w-]*|[.#][\w-]+|\[[^\]]*\]|::?[\w-]+(?:\([^()]*\))?")


def style_rules(css: str) -> list[tuple[int, str, list[tuple[int, str, str]]]]:
    """Each style rule of a stylesheet, those in @media too: (line, selector list, and each
    declaration's line, property and value)."""
    css = re.sub(r"/\*.*?\*/", lambda comment: re.sub(r"[^\n]", " ", comment.group()), css,
                 flags=re.S)
    rules, pos = [], 0
    while brace := re.compile(r"[{}]").search(css, pos):
        prelude = css[pos:brace.start()]
        if brace.group() == "}" or prelude.lstrip().startswith("@"):
            pos = brace.end()  # an at-rule's block opens or closes: its rules are read as any
            continue
        end = css.index("}", brace.end())
        declarations, at = [], brace.end()
        for text in css[brace.end():end].split(";"):
            if ":" in text:
                prop, value = text.split(":", 1)
                line = css.count("\n", 0, at + len(text) - len(text.lstrip())) + 1
                declarations.append((line, prop.strip(), " ".join(value.split())))
            at += len(text) + 1
        start = pos + len(prelude) - len(prelude.lstrip())
        rules.append((css.count("\n", 0, start) + 1, " ".join(prelude.split()), declarations))
        pos = end + 1
    return rules


def top_level_split(text: str) -> list[str]:
    """A selector list's selectors (or a :not()'s arguments): split at commas outside ()."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(text[start:at].strip())
            start = at + 1
    return [*parts, text[start:].strip()]


def not_arguments(selector: str) -> list[str]:
    """What each :not() of a selector holds."""
    found = []
    for start in (m.end() for m in re.finditer(r":not\(", selector)):
        depth, at = 1, start
        while depth:
            depth += {"(": 1, ")": -1}.get(selector[at], 0)
            at += 1
        found.append(selector[start:at - 1])
    return found


def newer_syntax(selector: str) -> frozenset[str]:
    """What in a selector an older browser does not know."""
    needs = {label for mark, label in NEWER_SELECTOR.items() if mark in selector}
    if " of " not in selector and any(not SIMPLE_SELECTOR.fullmatch(argument.strip())
                                      for argument in not_arguments(selector)):
        needs.add(":not() of a list")
    return frozenset(needs)


def old_browser_losses(name: str, css: str) -> list[str]:
    """What an older browser would lose of a stylesheet, said as `file:line: what`."""
    lost = []
    for line, selectors, declarations in style_rules(css):
        listed = top_level_split(selectors)
        needs = [newer_syntax(selector) for selector in listed]
        if len(set(needs)) > 1:
            newer = ", ".join(sorted(set().union(*needs)))
            lost.append(f"{name}:{line}: `{selectors}`: a browser without {newer} drops the "
                        "whole list: a rule each")
        for selector in listed:
            if ":is(" in selector:
                lost.append(f"{name}:{line}: `{selector}`: :is() is Chrome 88's: write it out")
            if ":not() of a list" in newer_syntax(selector):
                lost.append(f"{name}:{line}: `{selector}`: :not() of more than a simple selector "
                            "is Chrome 88's: one :not() each")
        for line, prop, value in declarations:
            if LOGICAL_PROPERTY.fullmatch(prop):
                lost.append(f"{name}:{line}: `{prop}` is dropped by Chrome 86: the physical "
                            "properties (the theme is left to right)")
            if NEW_COLOUR.search(value) and "var(" in value:
                lost.append(f"{name}:{line}: `{prop}: {value}` is unset in Chrome < 111 and iOS "
                            "< 16.2: a custom property holding each theme's colour")
            if prop == "text-decoration" and re.search(r"\d(?:px|em|rem|%)", value):
                lost.append(f"{name}:{line}: `{prop}: {value}`, a thickness in the shorthand, is "
                            "dropped by iOS Safari and Chrome 86: text-decoration-thickness")
    return lost


def test_older_in_app_browsers_and_iphones_lose_no_rule_of_the_themes_stylesheets():
    """Chrome 86 set every page against the left edge (margin-inline), <mark> had no highlight
    below Chrome 111 (color-mix() of a var()), a heading's # link fell to a line of its own
    (:is()), dark mode's figures lost their backdrop to a list in :not(), and an iPhone drew
    the menu's current page without its underline ('underline 2px')."""
    lost = [loss for name, css in THEME_STYLESHEETS.items()
            for loss in old_browser_losses(name, css)]
    assert lost == []


def test_what_older_browsers_lose_is_found():
    css = """@media screen {
  .a, .b:focus-visible { opacity: 1; }
  .c:not(.d, .e) { margin-inline: auto; }
}
mark { background: color-mix(in srgb, var(--accent) 20%, transparent); }
.f > :is(h2, h3) { text-decoration: underline 2px; inset: 0; }
.g:focus-visible, .h:focus-visible { margin-left: 0; }
.k mtd:nth-child(odd of :not(.glue, .num)) { text-align: right; }
"""
    assert [loss.split(": ", 2)[:2] for loss in old_browser_losses("t.css", css)] == [
        ["t.css:2", "`.a, .b:focus-visible`"], ["t.css:3", "`.c:not(.d, .e)`"],
        ["t.css:3", "`margin-inline` is dropped by Chrome 86"],
        ["t.css:5", "`background"], ["t.css:6", "`.f > :is(h2, h3)`"],
        ["t.css:6", "`text-decoration"], ["t.css:6", "`inset` is dropped by Chrome 86"]]


def test_the_url_filter_keeps_a_fragment_and_a_query_as_written(site):
    """`{{ 'about/#team' | url }}` in a partial linked `/about/%23team` (a page nobody has);
    Hugo's relURL and Jekyll's relative_url keep a fragment and a query."""
    site.write("site.yaml", "base_url: https://example.org/blog/\n")
    site.write("content/about.md", "---\ntitle: About\n---\n## Team\n")
    site.write("static/css/site.css", "p { color: red }\n")
    site.write("templates/partials/main_start.html",
               "<a href=\"{{ 'about/#team' | url }}\">team</a> "
               "<a href=\"{{ 'search/?q=attention' | url }}\">search</a> "
               "<a href=\"{{ 'css/site.css' | url }}\">css</a>\n")
    site.post("a.md", "A", date="2024-05-01")
    result = site.build()
    page = site.read("posts/a/")
    assert '<a href="/blog/about/#team">team</a>' in page
    assert '<a href="/blog/search/?q=attention">search</a>' in page
    assert re.search(r'<a href="/blog/css/site\.css\?v=[0-9a-f]{10}">css</a>', page)
    assert not [m for m in messages(result) if "broken link" in m]


def pages_of(site) -> dict[str, str]:
    """Every page of the output, by its path."""
    return {path.relative_to(site.output).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(site.output.rglob("*.html"))}


def test_the_parts_the_theme_makes_once_are_the_same_as_made_on_each_page(site):
    """A post's card is made once for each way the lists show it (their language, the home
    page's heading level, a home's pin, a series page's part number), not on each list it is
    on, and the header's search box and the footer once for each language: the pages of a
    site whose card.html, search.html and footer.html are their own, copies of the theme's
    (which each page includes or imports as any partial), are the very same."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\nauthor: Lin Shen\n"
                            "languages: {zh: {title: 星际笔记}, en: {title: Notes}}\n")
    site.post("pinned.md", "置顶", date="2024-05-01", pinned="true", tags="[a, b]",
              categories="[ml]", series="s", series_order=1)
    site.post("second.md", "第二课", date="2024-05-02", tags="[a]", series="s", series_order=2)
    site.post("more.md", "More", date="2024-05-03", lang="en", tags="[a, b, c, d, e, f, g]",
              categories="[ml]")
    site.post("tw.md", "繁體", date="2024-05-04", lang="zh-TW", tags="[b]")
    assert site.build().written
    shared = pages_of(site)
    # (home pages of both languages; tag, category, series and section lists; the search page)
    assert {"index.html", "en/index.html", "tags/a/index.html", "en/tags/a/index.html",
            "categories/ml/index.html", "series/s/index.html", "posts/index.html",
            "search/index.html", "en/search/index.html"} <= set(shared)
    for name in ("partials/card.html", "partials/search.html", "partials/footer.html"):
        site.write(f"templates/{name}", (THEME_DIR / "templates" / name).read_text("utf-8"))
    assert site.build().written
    assert pages_of(site) == shared


def test_a_sites_own_search_box_is_made_on_each_page_with_what_that_page_says(site):
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\n")
    site.post("a.md", "A", tags="[x]")
    site.write("templates/partials/search.html",
               "{% macro header_box(script=true) %}<form class=mine>/{{ page_path }}</form>"
               "{% endmacro %}{% macro header_script() %}<script>/*{{ title }}*/</script>"
               "{% endmacro %}{% macro data_attributes() %}{% endmacro %}")
    assert site.build().written
    for page, title in (("", "T"), ("tags/x/", "标签：x"), ("posts/a/", "A")):
        assert f"<form class=mine>/{page}</form>" in site.read(page)
        assert f"<script>/*{title}*/</script>" in site.read(page)


def test_a_sites_own_partial_calls_the_themes_search_macros_as_before(site):
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\n")
    site.post("a.md", "A")
    site.write("templates/partials/main_start.html", "{{ search.header_script() }}\n")
    assert site.build().written
    assert site.read("posts/a/").count('<script>(function(){var f=document.getElementById('
                                       '"search-box")') == 2


def test_a_page_includes_the_sites_own_hooks_and_the_themes_give_nothing(site, tmp_path):
    """A page includes head_extra.html and main_start.html only where they are the site's
    own: the theme's hold a comment alone, nothing a page would show, so leaving them out is
    the same page; a site's own hooks (one of them, then both) are on every page, a post's
    and a list's."""
    theme = templates.Renderer(tmp_path, UrlBuilder("/"), Diagnostics()).env  # (no templates)
    for name in templates.HOOKS:
        assert theme.get_template(name).render() == ""
    site.post("a.md", "A", tags="[x]")
    site.write("templates/partials/main_start.html", "<p class=notice>通知</p>\n")
    assert site.build().written
    for page in ("posts/a/", "tags/x/"):
        assert '<main id="main"' in site.read(page)
        assert '<p class=notice>通知</p>\n' in site.read(page)
    site.write("templates/partials/head_extra.html", '<meta name="x-own" content="1">\n')
    assert site.build().written
    for page in ("posts/a/", "tags/x/"):
        assert '<meta name="x-own" content="1">\n</head>' in site.read(page)
        assert '<p class=notice>通知</p>\n' in site.read(page)


def test_a_shared_parts_context_is_the_one_jinja_would_make(tmp_path):
    """The theme's parts made once (a card, the footer) are rendered in a context made with
    their globals copied once a build: the same names, values and globals as Jinja's own
    `new_context` gives, the `range` and the renderer's globals a template may call too."""
    renderer = templates.Renderer(tmp_path, UrlBuilder("/"), Diagnostics())
    for name in (templates.CARD, templates.FOOTER):
        template = renderer.env.get_template(name)
        for names in ({"post": "p", "lang": "zh"}, {"range": "shadowed", "t": None}):
            made, jinjas = renderer._context_of(template, names), template.new_context(names)
            assert made.get_all() == jinjas.get_all()
            assert "range" in made.get_all() and "shared_card" in made.get_all()
            assert made.globals_keys == jinjas.globals_keys
            assert (made.name, made.blocks) == (jinjas.name, jinjas.blocks)


def test_a_page_template_of_the_sites_own_that_sets_a_name_the_footer_reads_is_heard(site):
    """On a site with templates of its own, a page's template may set a name the footer reads
    (`feed_path`, for the feed of its section): that page's footer says so, the others'
    their own (the footer is made once for a language only on a site whose templates are
    all the theme's)."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\n")
    site.post("a.md", "A", tags="[x]")
    site.write("templates/post.html",
               '{% extends "theme/post.html" %}{% set feed_path = "/posts/atom.xml" %}\n')
    assert site.build().written
    assert '<a href="/repo/posts/atom.xml">' in site.read("posts/a/").split("site-footer")[1]
    for page in ("", "tags/x/"):
        assert '<a href="/repo/atom.xml">' in site.read(page).split("site-footer")[1]
