"""site.yaml: zero config works; mistakes are named with file, line and a suggestion."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import messages

from blogforge.cli import main
from blogforge.config import describe


def test_zero_config_builds_a_folder_of_posts(site):
    site.post("a.md", "First post")
    result = site.build()
    assert result.written
    home = site.read("")
    assert "INCOMING TRANSMISSION" in home and "First post" in home


def test_unknown_key_names_file_line_and_suggests_the_right_key(site):
    site.write("site.yaml", "title: Blog\npaginte: 5\n")
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    assert any("site.yaml:2: error: unknown key `paginte`; did you mean `paginate`?" in m
               for m in messages(result))


def test_many_unknown_keys_are_said_a_few_then_once_for_the_rest(site):
    """200,000 unknown keys (a file a script wrote) were 200,000 lines, each with a "did you
    mean" worked out (44 s); a key brought from another generator keeps its advice."""
    keys = [f"key_{n}" for n in range(14)]
    site.write("site.yaml", "title: Blog\npaginte: 5\n" + "".join(
        f"{key}: 1\n" for key in keys[:12]) + "baseURL: https://u.github.io/r/\n" + "".join(
        f"{key}: 1\n" for key in keys[12:]))
    site.post("a.md", "A")
    said = [m.removeprefix(f"{site.root}/") for m in messages(site.build(), "error")]
    assert said == [
        "site.yaml:2: error: unknown key `paginte`; did you mean `paginate`?",
        *(f"site.yaml:{n + 3}: error: unknown key `key_{n}`" for n in range(9)),
        "site.yaml:12: error: 5 more unknown keys: `key_9`, `key_10`, `key_11` and 2 more, "
        "from this line to line 17",
        "site.yaml:15: error: unknown key `baseURL`; the site's address is `base_url`, e.g. "
        "https://user.github.io/repo/"]


def test_nested_key_of_wrong_type_names_its_line(site):
    site.write("site.yaml", "title: Blog\nfeeds:\n  entries: many\n")
    site.post("a.md", "A")
    result = site.build()
    assert any("site.yaml:3: error: `feeds.entries` should be a positive whole number" in m
               for m in messages(result))


def test_broken_yaml_in_config_names_its_line(site):
    site.write("site.yaml", "title: Blog\nhero: [unclosed\n")
    site.post("a.md", "A")
    result = site.build()
    assert any(m.startswith(f"{site.root / 'site.yaml'}:") and "broken YAML" in m
               for m in messages(result))


def test_every_config_problem_is_reported_at_once(site):
    site.write("site.yaml", "titel: x\npaginate: 0\nstrict: maybe\n")
    site.post("a.md", "A")
    assert len(site.build().diagnostics.errors) == 3


def test_config_problems_are_reported_in_the_order_of_the_file(site, capsys):
    """Unknown keys, wrong types and values other libraries check are found in three walks;
    the writer reads them top to bottom, as the file is."""
    site.write("site.yaml", """
        title: Blog
        timezone: Asia/Shangai
        paginate: zero
        base_url: htps//x
        languages:
          zh:
            menu:
              - {name: 关于, urll: about/}
        highlight:
          light_style: frendly
        foo: 1
        """)
    site.post("a.md", "A")
    assert main(["build", "--source", str(site.root)]) == 1
    said = [line.split(": error: ")[0].rsplit(":", 1)[1]
            for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert said == ["2", "3", "4", "8", "10", "11"]


def test_hero_and_paginate_from_config(site):
    site.write("site.yaml", "hero: HELLO WORLD\npaginate: 2\nlanguages:\n  zh: {}\n")
    for i in range(3):
        site.post(f"p{i}.md", f"Post {i}", date=f"2024-01-0{i + 1}")
    site.build()
    assert "HELLO WORLD" in site.read("")
    assert site.exists("page/2/index.html")


def test_reference_lists_every_option_with_help():
    rows = describe()
    keys = [key for key, _, _ in rows]
    assert "feeds.entries" in keys and "languages" in keys
    assert all(help_text for _, _, help_text in rows)


def test_bad_math_setting_names_its_line(site):
    site.write("site.yaml", "title: Blog\nmath:\n  output: svg\n  numbring: all\n"
                            "  macros: {'1R': 'x'}\n")
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    errors = messages(result, "error")
    assert any("site.yaml:3: error: `math.output` should be one of html, mathml, not `svg`" in m
               for m in errors)
    assert any("site.yaml:4: error: unknown key `math.numbring`; did you mean `numbering`?" in m
               for m in errors)
    assert any("site.yaml:5: error: math.macros: '1R' is not a macro name" in m for m in errors)


def test_the_math_section_is_part_of_the_one_schema():
    keys = {key: help_text for key, _, help_text in describe()}
    assert {"math.output", "math.assets", "math.macros", "math.numbering", "math.strict",
            "math.stylesheet_url", "math.stylesheet_integrity"} <= keys.keys()
    assert all(keys[key] for key in keys if key.startswith("math."))


def test_control_character_in_config_names_its_line(site):
    site.write("site.yaml", 'title: Blog\nauthor: "A\fB"\n')
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    assert [m for m in messages(result, "error") if "site.yaml" in m] == [
        f"{site.root / 'site.yaml'}:2: error: broken YAML: control character U+000C is not "
        "allowed here"]


def test_a_key_written_twice_in_config_is_an_error_naming_both_lines(site):
    # PyYAML keeps the later one silently: the labels of the first `tags:` would be lost.
    site.write("site.yaml", "title: Blog\ntags:\n  rl: {zh: 强化学习, en: RL}\n"
               "paginate: 5\ntags:\n  gan: {zh: 生成对抗网络}\n")
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        f'{site.root / "site.yaml"}:5: error: broken YAML: duplicate key "tags" (first at '
        "line 2)"]


@pytest.mark.parametrize(("config", "line", "message"), [
    ("l0: &l0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        [f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]\n" for level in range(1, 6)]),
     6, "too many alias expansions: the aliases (*name) up to here repeat more than 10,000 "
        "values (aliases of lists of aliases multiply at each level); write fewer aliases"),
    # (as front matter's: a set's order changed from one build to the next)
    ("languages: !!omap [{zh: {}}, {en: {}}]\n", 2,
     "`!!omap` is a YAML type blogforge does not read: write a mapping, `{a: 1, b: 2}`: its "
     "order is kept"),
], ids=["aliases repeating too much", "a type that is no plain data"])
def test_config_yaml_that_is_read_no_further_is_an_error_at_its_line(site, config, line,
                                                                     message):
    site.write("site.yaml", "title: Blog\n" + config)
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        f"{site.root / 'site.yaml'}:{line}: error: broken YAML: {message}"]


def test_aliases_repeating_a_few_values_are_read_as_written():
    from blogforge.yamlfile import YamlSyntaxError, parse_yaml

    menu = "menu: &menu [{name: A, url: a/}, {name: B, url: b/}]\n"
    doc = parse_yaml(menu + "zh: {menu: *menu}\nen: {menu: *menu}\n")
    assert doc.data["zh"]["menu"] == doc.data["en"]["menu"] == doc.data["menu"]
    assert doc.line_of(("en", "menu")) == 3
    # an alias in a block list is named by the list's key: its own place is lost in parsing
    with pytest.raises(YamlSyntaxError, match="for ever") as raised:
        parse_yaml("a: 1\nb: &b\n  - x\n  - *b\n")
    assert raised.value.line == 2


def test_keys_in_one_flow_mapping_and_merged_keys(site):
    from blogforge.yamlfile import YamlSyntaxError, parse_yaml

    with pytest.raises(YamlSyntaxError, match=r'duplicate key "zh" \(first at line 2\)'):
        parse_yaml("tags:\n  rl: {zh: a, en: b, zh: c}\n")
    # `<<:` merges a mapping in; a key written beside it overrides that mapping's
    doc = parse_yaml("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  x: 5\n")
    assert doc.data["c"] == {"x": 5, "y": 2}
    assert parse_yaml("- {a: 1}\n- {a: 2}\n").data == [{"a": 1}, {"a": 2}]


def test_a_string_written_twice_in_i18n_is_an_error(site):
    site.write("i18n/en.yaml", "read_more: More\nread_more: Go on\n")
    site.post("a.md", "A", lang="en")
    result = site.build()
    assert not result.written
    assert any(m.startswith(f"{site.root / 'i18n/en.yaml'}:2: error: broken YAML: duplicate key "
                            '"read_more" (first at line 1)') for m in messages(result, "error"))


def test_a_broken_strings_file_is_one_error_not_also_strings_missing(site):
    """A YAML error in i18n/zh.yaml also said "strings with no `zh` translation, shown in
    English: email_me", a string that is in the file: one error, at the file."""
    site.write("site.yaml", "base_url: https://u.github.io/\nlanguages:\n  zh: {}\n  en: {}\n")
    site.write("templates/partials/footer.html", "<footer>{{ t('email_me') }}</footer>\n")
    site.write("i18n/en.yaml", "email_me: Email me\n")
    site.write("i18n/zh.yaml", "email_me: 写信给我\nhome: [首页\n")
    site.post("a.md", "A")
    said = messages(site.build())
    assert len(said) == 1 and said[0].startswith(f"{site.root / 'i18n/zh.yaml'}:"), said
    assert "broken YAML" in said[0]


@pytest.mark.parametrize(("default", "hint"), [("zn", "; did you mean `zh`?"), ("fr", "")])
def test_a_default_language_the_site_does_not_declare_is_an_error(site, default, hint):
    site.write("site.yaml", f"base_url: https://u.github.io/r/\ndefault_language: {default}\n"
                            "languages:\n  zh: {}\n  en: {}\n")
    site.post("a.md", "A", lang="zh")
    result = site.build()
    assert not result.written
    assert f"site.yaml:2: error: `default_language` `{default}` is not one of `languages` " \
           f"(zh, en){hint}" in "\n".join(messages(result))


@pytest.mark.parametrize(("written", "said"), [
    ("languages:\n  cn: {}\n  en: {}\n", "site.yaml:3: warning: `cn` is not a language code: "
     "Chinese is `zh` (with the region, `zh-CN`); under `cn` the pages say <html lang=\"cn\">"),
    ("default_language: jp\n", "site.yaml:2: warning: `jp` is not a language code: Japanese is "
     "`ja` (with the region, `ja-JP`)"),
    ("languages:\n  chinese: {}\n", "site.yaml:3: warning: `chinese` is not a language code: "
     "Chinese is `zh`; under"),
])
def test_a_country_or_name_written_for_a_language_code_is_named(site, written, said):
    """`cn` for Chinese is China's country code: the site built with every page saying
    <html lang="cn"> and the theme's text in English, and no message said why."""
    site.write("site.yaml", "base_url: https://u.github.io/r/\n" + written)
    site.post("a.md", "A")
    result = site.build()
    assert result.written
    found = [m for m in messages(result, "warning") if "is not a language code" in m]
    assert len(found) == 1 and said in found[0], found


@pytest.mark.parametrize(("written", "code", "line"), [
    ('languages:\n  "../../../evil": {}\n  en: {}\n', "../../../evil", 3),
    ("languages:\n  zh: {}\n  x/y: {}\n", "x/y", 4),
    ('languages:\n  "a b": {}\n', "a b", 3),
    ('languages:\n  "<b>": {}\n', "<b>", 3),
    ('default_language: "../up"\n', "../up", 2),
])
def test_a_language_code_that_is_no_code_is_an_error_at_its_line(site, tmp_path, written, code,
                                                                    line):
    """A code names the language's folder, its pages' lang and hreflang, its strings' file:
    `../../../evil` stopped build and check with a traceback, `x/y`, `a b` and `<b>` were
    taken (a folder in a folder, a broken attribute)."""
    site.write("site.yaml", "base_url: https://u.github.io/r/\n" + written)
    site.post("a.md", "A", lang="en")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        f"{site.root}/site.yaml:{line}: error: `{code}` is not a language code such as zh, en, "
        "zh-Hant or pt-BR (letters, then parts of letters and digits after `-`): it names the "
        "language's folder and its pages' lang"]
    assert not (tmp_path / "evil").exists() and not site.output.exists()


def test_a_key_brought_from_hexo_jekyll_or_hugo_is_named_as_blogforge_calls_it(site):
    """A spelling "did you mean" said `languages` for Hexo's `language: zh-CN`, `title` for
    `subtitle`, and nothing for Hugo's `baseURL`."""
    site.write("site.yaml", "baseURL: https://u.github.io/r/\nper_page: 10\nlanguage: zh-CN\n"
                            "theme: next\nsubtitle: 笔记\npaginte: 3\n")
    site.post("a.md", "A")
    assert [m.removeprefix(f"{site.root}/") for m in messages(site.build(), "error")] == [
        "site.yaml:1: error: unknown key `baseURL`; the site's address is `base_url`, e.g. "
        "https://user.github.io/repo/",
        "site.yaml:2: error: unknown key `per_page`; posts per page is `paginate`",
        "site.yaml:3: error: unknown key `language`; the site's language is `default_language` "
        "(`zh`, `en`), and `languages` lists them all",
        "site.yaml:4: error: unknown key `theme`; blogforge has one theme: a file in the site's "
        "templates/ or static/ replaces the theme's file of that name",
        "site.yaml:5: error: unknown key `subtitle`; the line on the home page is `hero`, the "
        "site's description `description`",
        "site.yaml:6: error: unknown key `paginte`; did you mean `paginate`?"]


def test_a_menu_brought_from_hugo_is_named_as_blogforge_calls_it(site):
    """Hugo's top-level `menu:` and its entries' `weight` were a bare "unknown key"."""
    site.write("site.yaml", "menu:\n  main:\n    - {name: About, url: /about/}\nlanguages:\n"
                            "  zh:\n    menu:\n      - {name: 关于, url: about/, weight: 2}\n")
    site.post("a.md", "A")
    assert [m.removeprefix(f"{site.root}/") for m in messages(site.build(), "error")] == [
        "site.yaml:1: error: unknown key `menu`; the header menu is each language's: "
        "`languages.LANG.menu`, a list of {name, url}",
        "site.yaml:7: error: unknown key `languages.zh.menu.0.weight`; entries are shown in the "
        "order the menu lists them: move this one up or down"]


def test_a_butterfly_sites_keys_are_named_with_blogforges_way(site):
    """A Hexo Butterfly writer's keys for making the site their own (favicon, inject, beian…)
    were a bare "unknown key"; each says where blogforge does it."""
    site.write("site.yaml", "favicon: /img/favicon.png\navatar: {img: /img/me.png}\n"
                            "announcement: {content: 欢迎}\ninject: {head: []}\n"
                            "custom_css: [/css/my.css]\nbeian: 京ICP备12345678号\n"
                            "social: {github: me}\nfooter: {owner: me}\n"
                            "waline: {serverURL: https://c.example.org}\n")
    site.post("a.md", "A")
    said = [m.removeprefix(f"{site.root}/") for m in messages(site.build(), "error")]
    assert said == [
        "site.yaml:1: error: unknown key `favicon`; the site's icon is static/favicon.svg, "
        ".png or .ico, linked from every page by itself",
        "site.yaml:2: error: unknown key `avatar`; the theme shows no avatar: put the picture "
        "in static/ (static/avatar.png) and show it on a page (`![me](/avatar.png)` in "
        "content/about.md) or in a template of your own",
        "site.yaml:3: error: unknown key `announcement`; a notice on every page is "
        "templates/partials/main_start.html, shown at the top of every page (see the README's "
        "Overriding the theme)",
        "site.yaml:4: error: unknown key `inject`; additions to every page's <head> (an "
        "analytics <script>, a stylesheet's <link>) go in templates/partials/head_extra.html",
        "site.yaml:5: error: unknown key `custom_css`; a stylesheet of your own is "
        "static/css/site.css, linked from templates/partials/head_extra.html",
        *(f"site.yaml:{line}: error: unknown key `{key}`; the footer is "
          "templates/partials/footer.html: copy the theme's there and add your lines; values "
          "for it (`beian: 京ICP备…`, your profiles' links) go under `params:` "
          "(`{{ site.params.beian }}`)" + (
              "; the X account link previews name is `twitter: @name`" if key == "social"
              else "") for line, key in ((6, "beian"), (7, "social"), (8, "footer"))),
        "site.yaml:9: error: unknown key `waline`; comments are `comments:`, with `provider:` "
        "(giscus, waline or twikoo) and its settings: `server_url` (Waline), `env_id` (Twikoo)"]
    # the files named are the theme's, for a site of its own to replace
    from blogforge.templates import THEME_DIR

    for partial in ("main_start", "head_extra", "footer"):
        assert (THEME_DIR / "templates/partials" / f"{partial}.html").is_file()


def test_a_comment_provider_is_read_in_any_case_and_butterflys_keys_are_named(site):
    """Butterfly writes `use: Waline`: `provider: Waline` was "should be one of giscus, waline,
    twikoo"; Waline's own `serverURL` and Butterfly's `use` were a bare "unknown key"."""
    site.write("site.yaml", "comments:\n  provider: Waline\n  server_url: https://c.example.org\n")
    site.post("a.md", "A")
    result = site.build()
    assert result.written and messages(result, "error") == []
    assert "&#34;provider&#34;: &#34;waline&#34;" in site.read("posts/a/")
    site.write("site.yaml", "comments:\n  use: Twikoo\n  envId: my-env\n")
    assert [m.removeprefix(f"{site.root}/") for m in messages(site.build(), "error")] == [
        "site.yaml:2: error: unknown key `comments.use`; the comment system is `provider` "
        "(`provider: waline`)",
        "site.yaml:3: error: unknown key `comments.envId`; Twikoo's environment is `env_id`"]


def test_a_menu_written_as_butterflys_mapping_is_shown_as_a_list(site):
    """`首页: / || fas fa-home` under menu (Butterfly's form) was "should be a list"."""
    butterfly = "      首页: / || fas fa-home\n      归档: /archives/ || fas fa-archive\n"
    site.write("site.yaml", "languages:\n  zh:\n    menu:\n" + butterfly)
    site.post("a.md", "A")
    assert [m.removeprefix(f"{site.root}/") for m in messages(site.build(), "error")] == [
        "site.yaml:3: error: `languages.zh.menu` should be a list of entries, one a line: "
        "`- {name: 首页, url: /}`, `- {name: 归档, url: /archives/}` (the menu shows no icons)"]
    site.write("site.yaml", "menu:\n" + butterfly.replace("      ", "  "))
    assert [m.removeprefix(f"{site.root}/") for m in messages(site.build(), "error")] == [
        "site.yaml:1: error: unknown key `menu`; the header menu is each language's: "
        "`languages.LANG.menu`, a list of {name, url}: `- {name: 首页, url: /}`, "
        "`- {name: 归档, url: /archives/}` (the menu shows no icons)"]


def test_a_menu_mapping_shown_as_a_list_quotes_a_name_yaml_would_misread(site):
    """`FAQ: 问题` was shown as `- {name: FAQ: 问题, …}`, which is no YAML."""
    site.write("site.yaml", "languages:\n  zh:\n    menu:\n      'FAQ: 问题': /faq/\n"
                            "      '*星标*': /stars/ || fas fa-star\n      关于: /about/\n")
    site.post("a.md", "A")
    (message,) = messages(site.build(), "error")
    assert message.endswith('should be a list of entries, one a line: `- {name: "FAQ: 问题", '
                            'url: /faq/}`, `- {name: "*星标*", url: /stars/}`, `- {name: 关于, '
                            'url: /about/}` (the menu shows no icons)')
    entries = re.findall(r"`(- \{.*?\})`", message)
    assert [yaml.safe_load(entry) for entry in entries] == [
        [{"name": "FAQ: 问题", "url": "/faq/"}], [{"name": "*星标*", "url": "/stars/"}],
        [{"name": "关于", "url": "/about/"}]]


def test_a_language_key_brought_from_hugo_is_named_as_blogforge_calls_it(site):
    """Hugo's `languages.ja.languageName` was a bare "unknown key"."""
    site.write("site.yaml", "languages:\n  zh: {}\n  ja:\n    title: 星のノート\n"
                            "    languageName: 日本語\n    languageCode: ja-JP\n    weight: 2\n"
                            "    contentDir: content/ja\n    titel: x\n")
    site.post("a.md", "A")
    assert [m.removeprefix(f"{site.root}/") for m in messages(site.build(), "error")] == [
        "site.yaml:5: error: unknown key `languages.ja.languageName`; the language's name in "
        "the switcher is `name`",
        "site.yaml:6: error: unknown key `languages.ja.languageCode`; the language's tag for "
        "<html lang> and hreflang is `locale` (zh-CN, en-US)",
        "site.yaml:7: error: unknown key `languages.ja.weight`; languages are shown in the "
        "order `languages:` lists them, the default first: move this one up or down",
        "site.yaml:8: error: unknown key `languages.ja.contentDir`; posts are in content/ for "
        "every language: a file's name (`post.en.md`) or its `lang:` says its language",
        "site.yaml:9: error: unknown key `languages.ja.titel`; did you mean `title`?"]


@pytest.mark.parametrize("base_url", ["https://u.github.io/my notes/", "https://u.github.io/a#b/"])
def test_a_base_url_with_a_space_or_hash_is_an_error(site, base_url):
    site.write("site.yaml", f'base_url: "{base_url}"\n')
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    assert any("site.yaml:1: error: base_url" in m and "holds a space" in m
               for m in messages(result))


def test_a_base_url_with_a_double_slash_is_one_error_with_the_fix(site):
    """`--base-url "$URL/"` with a URL that already ends in `/` (https://u.github.io/repo//)
    built every page and failed on 88 broken links; one error now says what to write."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    site.post("a.md", "A")
    result = site.build(base_url="https://u.github.io/repo//")
    assert not result.written
    assert messages(result) == [
        "error: --base-url: base_url `https://u.github.io/repo//` has `//` in its path, which "
        "makes every link broken: write https://u.github.io/repo/"]


@pytest.mark.parametrize("broken", ['title: "unclosed\n', "languages: {en: {}\n"])
def test_a_site_yaml_that_cannot_be_read_gives_one_message(site, broken):
    site.write("site.yaml", "base_url: https://u.github.io/r/\n" + broken)
    site.post("a.md", "A")
    found = messages(site.build())
    assert len(found) == 1 and "broken YAML" in found[0], found


def test_a_wrong_value_is_named_as_yaml_writes_it(site):
    site.write("site.yaml", "title: yes\npaginate: [3]\nfeeds:\n  rss: maybe\n")
    site.post("a.md", "A")
    found = "\n".join(messages(site.build(), "error"))
    assert "site.yaml:1: error: `title` should be text, not `true` (yes/no/on/off unquoted " \
           "are true/false in YAML: quote the text)" in found
    assert "site.yaml:2: error: `paginate` should be a positive whole number, not `[3]`" in found
    assert "site.yaml:4: error: `feeds.rss` should be true or false, not `maybe`" in found


@pytest.mark.parametrize(("written", "told"), [
    # `paginate: "12"` was told it should be a positive whole number, "not `12`": what is
    # wrong, the quotes, went unsaid
    ("paginate: \"12\"\nfeeds:\n  entries: '20'\n  rss: \"true\"\n",
     ["`paginate` should be a positive whole number, not the text `\"12\"`: write it without "
      "quotes",
      "`feeds.entries` should be a positive whole number, not the text `\"20\"`: write it "
      "without quotes",
      "`feeds.rss` should be true or false, not the text `\"true\"`: write it without quotes"]),
    # `１２` (full-width, as a Chinese keyboard types it) and `tRue` are text without quotes,
    # and were told to "write it without quotes", which they were; `"012"` was told so too,
    # and `paginate: 012` is YAML's octal 10
    ("paginate: \"012\"\nfeeds:\n  entries: １２\n  rss: tRue\n",
     ["`paginate` should be a positive whole number, not the text `012`: write `12`",
      "`feeds.entries` should be a positive whole number, not the text `１２`: write `12`",
      "`feeds.rss` should be true or false, not the text `tRue`: write `true`"])],
    ids=["quoted", "text unquoted too"])
def test_a_number_or_true_written_as_text_is_told_what_to_write(site, written, told):
    site.write("site.yaml", written)
    site.post("a.md", "A")
    assert messages(site.build(), "error") == [
        f"{site.root / 'site.yaml'}:{line}: error: {message}"
        for line, message in zip((1, 3, 4), told, strict=True)]


def test_a_true_or_false_where_no_text_is_wanted_is_not_told_to_be_quoted(site):
    site.write("site.yaml", "math: false\n")
    site.post("a.md", "A")
    (found,) = messages(site.build(), "error")
    assert found.endswith("`math` should be a mapping, not `false`"), found


def test_a_menu_entry_without_a_url_and_an_unknown_language_to_show_are_errors(site):
    """The entry led to the home page (marked as the current one there); the English lists
    lost the Chinese posts; both silently."""
    site.write("site.yaml", "languages:\n  zh:\n    menu:\n      - {name: 关于, url: about/}\n"
               "      - {name: 无址}\n      - {name: 坏, url: 'javascript:alert(1)'}\n"
               "  en:\n    show_untranslated_from: [fr]\n")
    site.post("a.md", "A")
    found = [m.split(": error: ", 1) for m in messages(site.build(), "error")]
    assert [(where.rsplit("/", 1)[-1], what) for where, what in found] == [
        ("site.yaml:5", "menu entry `无址` has no `url`"),
        ("site.yaml:6", "menu entry `坏`: a `url` that runs a script or holds a document is no "
                        "link"),
        ("site.yaml:8", "`languages.en.show_untranslated_from`: `fr` is not one of `languages` "
                        "(zh, en)")], found


def test_a_language_written_with_nothing_after_it_is_an_empty_one(site):
    site.write("site.yaml", "base_url: https://u.github.io/r/\nlanguages:\n  zh:\n  en:\n")
    site.post("a.md", "A", lang="zh")
    site.post("b.md", "B", lang="en")
    result = site.build()
    assert result.written and messages(result, "error") == []
    assert site.exists("en/posts/b/index.html") and site.exists("posts/a/index.html")


@pytest.mark.parametrize(("locale", "said"), [
    ("chinese", ": Chinese is `zh`"), ("zh CN", " such as zh-CN or en-US")])
def test_a_locale_that_is_no_language_tag_is_a_warning_at_its_line(site, locale, said):
    """`locale: chinese` put <html lang="chinese"> on every page, without a word."""
    site.write("site.yaml", f"languages:\n  zh:\n    locale: {locale}\n  en: {{}}\n")
    site.post("a.md", "中文", lang="zh")
    (found,) = [m for m in messages(site.build(), "warning") if "locale" in m]
    assert "site.yaml:3: warning: `languages.zh.locale`" in found and said in found, found


@pytest.mark.parametrize(("timezone", "said"), [
    ("Asia/Shangai", "unknown timezone `Asia/Shangai`: did you mean `Asia/Shanghai`?"),
    ("asia/shanghai", "unknown timezone `asia/shanghai`: did you mean `Asia/Shanghai`?"),
    ('""', "no timezone: use a name such as Asia/Shanghai or UTC"),
    # the zone people say, not the closest spelling (CST was taken for UCT: 8 hours off)
    ("CST", "unknown timezone `CST`: write `Asia/Shanghai` (China) or `America/Chicago` "
            "(US Central)"),
    ("GMT+8", "unknown timezone `GMT+8`: write `Asia/Shanghai`"),
    ("PST", "unknown timezone `PST`: write `America/Los_Angeles`"),
    ("Asia/Beijing", "unknown timezone `Asia/Beijing`: write `Asia/Shanghai`"),
    ("Local", "unknown timezone `Local`: use a name such as Asia/Shanghai or UTC"),
    # the machine's zone (a link in the zone folder) is the laptop's on the laptop, CI's on CI
    ("localtime", "`localtime` is the zone of the machine that builds, and CI's is not the "
                  "writer's: name the zone, such as Asia/Shanghai or UTC"),
])
def test_a_misspelt_timezone_is_told_the_name_meant(site, timezone, said):
    site.write("site.yaml", f"timezone: {timezone}\n")
    site.post("a.md", "A")
    (found,) = messages(site.build(), "error")
    assert found.endswith(f"site.yaml:1: error: {said}"), found


def test_an_etc_zone_says_its_sign_is_reversed(site):
    """`Etc/GMT+8` is UTC-8 (POSIX's sign): a writer in China meaning UTC+8 got dates 16
    hours off without a word."""
    site.write("site.yaml", "timezone: Etc/GMT+8\n")
    site.post("a.md", "A")
    result = site.build()
    assert result.written
    assert any(m.endswith("site.yaml:1: warning: `timezone: Etc/GMT+8` is UTC-8 (the Etc "
                          "zones' signs are reversed); a city's zone says what is meant, such "
                          "as Asia/Shanghai for UTC+8") for m in messages(result)), messages(result)


def test_new_site_names_the_zone_meant_too(tmp_path, capsys):
    from blogforge.cli import main

    assert main(["new", "site", str(tmp_path / "s"), "--timezone", "CST"]) == 1
    assert capsys.readouterr().err == (
        "error: --timezone: unknown timezone `CST`: write `Asia/Shanghai` (China) or "
        "`America/Chicago` (US Central)\n")


def test_a_misspelt_string_or_placeholder_is_told_the_name_meant(site):
    site.write("i18n/zh.yaml", "raed_more: 阅读\nmonth_format: '{yaer}年{month}月'\n")
    site.post("a.md", "中文")
    said = messages(site.build())
    assert any("i18n/zh.yaml:1: warning: `raed_more` is not a string the theme or the site's "
               "templates use; did you mean `read_more`?" in m for m in said), said
    assert any("i18n/zh.yaml:2: error: `month_format`: date format `{yaer}年{month}月`: no "
               "placeholder {yaer}; did you mean {year}?" in m for m in said), said


def test_a_cname_file_the_base_url_does_not_fit_is_a_warning_at_the_file(site):
    """static/CNAME (Hugo's and Hexo's way to a custom domain) beside a base URL under /repo/
    built silently, every link starting with /repo/ on a domain served at its root; `deploy`
    refused it, but the CI workflow only builds."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    site.write("static/CNAME", "notes.example.com\n")
    site.post("a.md", "A")
    assert messages(site.build()) == [
        "static/CNAME:1: warning: the custom domain `notes.example.com` publishes the site at "
        "https://notes.example.com/, but base_url is `https://u.github.io/repo/`: every link "
        "would start with /repo/, which is not there; set base_url to "
        "https://notes.example.com/ (or remove the custom domain to publish at "
        "https://u.github.io/repo/)"]
    assert messages(site.build(base_url="https://notes.example.com/")) == []


def test_in_the_pages_workflow_a_custom_domain_is_said_to_be_set_in_the_pages_settings(
        site, monkeypatch):
    """The Actions workflow passes the address GitHub Pages gives as --base-url: a writer on
    github.com was told to "pass --base-url https://notes.example.com/", which they cannot,
    and `cname:` in site.yaml (written to a CNAME file by `deploy` alone) was ignored without
    a word."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    site.write("site.yaml", "title: T\ncname: notes.example.com\n")
    site.post("a.md", "A")
    assert messages(site.build(base_url="https://u.github.io/repo/")) == [
        "site.yaml:2: warning: `cname: notes.example.com` sets the custom domain only for "
        "`blogforge deploy` (which writes the CNAME file); this workflow publishes at "
        "`https://u.github.io/repo/`, the address GitHub Pages gives it: set the custom domain "
        "in Settings → Pages (the workflow takes the address from there), or remove `cname`"]
    assert messages(site.build(base_url="https://notes.example.com/")) == []  # (set there)
    site.write("site.yaml", "title: T\n")
    site.write("static/CNAME", "notes.example.com\n")
    assert messages(site.build(base_url="https://u.github.io/repo/")) == [
        "static/CNAME:1: warning: the custom domain `notes.example.com` here is not used: "
        "GitHub ignores a CNAME file in what an Actions workflow publishes; this workflow "
        "publishes at "
        "`https://u.github.io/repo/`, the address GitHub Pages gives it: set the custom domain "
        "in Settings → Pages (the workflow takes the address from there), or remove "
        "static/CNAME"]
    assert messages(site.build(base_url="https://notes.example.com/")) == []


def test_search_engines_verification_codes_are_meta_tags_of_every_page(site):
    """Google Search Console, Bing Webmaster and Baidu 站长平台 each check a <meta> tag of the
    home page: `verification:` writes them (a tag pasted whole is read as its code); a name no
    engine has, and NexT's `google_site_verification`, are errors at their lines."""
    site.write("site.yaml", "base_url: https://u.github.io/\nverification:\n"
               "  google: '<meta name=\"google-site-verification\" content=\"Gx_1-a\" />'\n"
               "  bing: 0A1B2C\n  baidu: codeva-Xy12\n")
    site.post("a.md", "A")
    result = site.build()
    assert result.written and messages(result) == []
    for page in ("", "posts/a/"):
        head = site.read(page).split("</head>")[0]
        assert '<meta name="google-site-verification" content="Gx_1-a">' in head
        assert '<meta name="msvalidate.01" content="0A1B2C">' in head
        assert '<meta name="baidu-site-verification" content="codeva-Xy12">' in head
    site.write("site.yaml", "title: T\ngoogle_site_verification: abc\nverification:\n"
               "  gogle: abc\n")
    assert [m.split("/blog/")[-1] for m in messages(site.build(), "error")] == [
        "site.yaml:2: error: unknown key `google_site_verification`; search engines' codes are "
        "`verification:` ({google: CODE, bing: CODE, baidu: CODE})",
        "site.yaml:4: error: `verification.gogle`: no search engine of that name; did you mean "
        "`google`? (another's tag goes in templates/partials/head_extra.html)"]
