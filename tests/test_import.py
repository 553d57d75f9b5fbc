"""`blogforge import`: small Hexo, Jekyll and Hugo repositories, laid out as each tool expects,
become blogforge sites that build and keep every old URL."""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import NOW

from blogforge.cli import main
from blogforge.content.frontmatter import split_front_matter
from blogforge.importer import Site, set_keys, site_yaml
from blogforge.importer.hugo_json import JsonFrontMatter, as_yaml
from blogforge.importer.marked import plain_tex
from blogforge.site import BuildOptions, build_site
from blogforge.yamlfile import parse_yaml

PNG = b"\x89PNG\r\n\x1a\n"


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def import_and_build(tmp_path: Path, generator: str, capsys,
                     imported: bool = False) -> tuple[Path, str, list[str]]:
    """Import tmp_path/old into tmp_path/site (`imported`: done already) and build it."""
    dest = tmp_path / "site"
    if not imported:
        assert main(["import", generator, str(tmp_path / "old"), str(dest)]) == 0
    report = capsys.readouterr().out
    result = build_site(BuildOptions(source=dest, output=dest / "public", now=NOW,
                                     use_cache=False))
    problems = [str(d) for d in result.diagnostics.items if d.level == "error"
                or "broken link" in d.message or "unknown" in d.message]
    assert result.written and problems == [], problems
    return dest / "public", report, [str(d) for d in result.diagnostics.items]


def test_hexo_blog(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": """
            title: 星际笔记
            author: 林深
            language: zh-CN
            timezone: Asia/Shanghai
            url: https://u.github.io
            root: /blog/
            per_page: 5
            permalink: :year/:month/:day/:title/
            post_asset_folder: true
            theme: next
            deploy:
              type: git
            """,
        "_config.next.yml": "scheme: Gemini\n",
        "package.json": '{\n  "dependencies": {\n    "hexo-generator-searchdb": "^1.4"\n  }\n}\n',
        "source/_posts/Hello-World.md": """
            ---
            title: 你好，世界
            date: 2023-05-01 10:00:00
            tags: [生成模型]
            ---
            第一篇文章，图在旁边：{% asset_img diagram.png 示意图 %}

            另见 {% post_link ml/attention 注意力 %}。
            """,
        "source/_posts/Hello-World/diagram.png": PNG,
        "source/_posts/ml/attention.md": """
            ---
            title: 注意力机制
            date: 2023-06-02 09:00:00
            ---
            {% note info %}
            缩放点积注意力。
            {% endnote %}
            """,
        "source/_drafts/wip.md": "---\ntitle: 草稿\n---\n还没写完。\n",
        "source/about/index.md": "---\ntitle: 关于\n---\n我是林深。\n",
        "source/images/logo.png": PNG,
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    assert (public / "2023/05/01/Hello-World/index.html").is_file()
    assert (public / "2023/05/01/Hello-World/diagram.png").is_file()
    assert (public / "2023/06/02/ml/attention/index.html").is_file()
    assert (public / "about/index.html").is_file()
    assert (public / "images/logo.png").is_file()
    assert not list(public.rglob("wip*"))  # a draft
    page = (public / "2023/05/01/Hello-World/index.html").read_text(encoding="utf-8")
    assert 'href="/blog/2023/06/02/ml/attention/"' in page
    assert '<html lang="zh-CN"' in page
    site_yaml = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    assert 'base_url: "https://u.github.io/blog/"' in site_yaml
    assert "# from _config.yml:8 (permalink)" in site_yaml
    assert "_config.yml:10: `theme` not imported" in report
    assert "_config.yml:11: `deploy` not imported" in report
    assert "_config.next.yml: theme settings not imported" in report
    assert "package.json:3: plugin `hexo-generator-searchdb` not imported" in report
    assert "draft: true" in (tmp_path / "site/content/posts/wip.md").read_text(encoding="utf-8")
    assert (tmp_path / "old/source/_posts/Hello-World.md").is_file()  # the source is untouched


BUTTERFLY = """
    menu:
      首页: / || fas fa-home
    favicon: /img/favicon.png
    avatar:
      img: /img/me.png
    social:
      fab fa-github: https://github.com/lin || Github
    comments:
      use: Twikoo,Valine
    twikoo:
      envId: https://twikoo.example.org/
      region:
    valine:
      appId: abc
    post_copyright:
      enable: true
      license: CC BY-NC-SA 4.0
      license_url: https://creativecommons.org/licenses/by-nc-sa/4.0/
    footer:
      custom_text: <a href="https://beian.miit.gov.cn/">京ICP备12345678号</a>
    inject:
      head:
        - <link rel="stylesheet" href="/css/custom.css">
      bottom:
        - <script src="/js/custom.js"></script>
    aside:
      card_announcement:
        enable: true
        content: 欢迎来到我的博客
    nav:
      logo:
    code_blocks:
      theme: light
    """


def test_hexo_butterfly_settings_with_counterparts_are_carried_over(tmp_path, capsys):
    # Butterfly's settings were one line, "theme settings not imported": the comments, the
    # licence, the icon, the ICP line of the footer and the injected HTML were lost
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\ntheme: butterfly\nlanguage: zh-CN\n",
        "_config.butterfly.yml": BUTTERFLY,
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n",
        "source/img/favicon.png": PNG,
        "source/css/custom.css": "body {}\n",
        "source/js/custom.js": "1;\n",
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    site_yaml = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    assert '# from _config.butterfly.yml:10 (twikoo)\ncomments: {"provider": "twikoo", ' \
        '"env_id": "https://twikoo.example.org/"}' in site_yaml
    assert 'license: {"name": "CC BY-NC-SA 4.0", "url": ' in site_yaml
    assert (tmp_path / "site/static/favicon.png").read_bytes() == PNG
    page = (public / "2024/01/01/a/index.html").read_text(encoding="utf-8")
    assert 'twikoo.example.org' in page and "CC BY-NC-SA 4.0" in page
    assert '<link rel="icon" href="/favicon.png" type="image/png">' in page
    assert '<link rel="stylesheet" href="/css/custom.css">' in page
    footer = page[page.index('<footer class="site-footer">'):]
    assert '<p><a href="https://beian.miit.gov.cn/">京ICP备12345678号</a></p>\n  </div>\n' \
        "</footer>" in footer and "Atom" in footer
    assert footer.index("</footer>") < footer.index('<script src="/js/custom.js"></script>')
    old = f"{tmp_path}/old/_config.butterfly.yml"
    for line in (
            ":3: `favicon: /img/favicon.png` copied to static/favicon.png",
            ":4: `avatar` not imported: blogforge's theme shows no avatar",
            ":6: `social` not imported: put the links in the header menu",
            ":8: comments `Valine` not imported: blogforge has giscus, Waline and Twikoo",
            ":21: `inject`: written into templates/partials/head_extra.html",
            ":19: `footer`: written into templates/partials/footer.html (blogforge's hook for "
            "it), as the old theme added it to every page: read it over (every reader loads "
            "the scripts it names, another site's too)",
            ":26: `aside.card_announcement` not imported: write it as a post pinned",
            ": theme settings not imported: `nav`, `code_blocks` (settings of the butterfly "
            "theme's own; blogforge has its own theme: override its templates in templates/); "
            "its menu is site.yaml's `menu`"):
        assert old + line in report, line


@pytest.mark.parametrize("closing", [
    "{% endraw %}", "{%endraw%}", "{%- endraw -%}", "{%+ endraw %}", "{%  endraw\t%}"])
def test_hexo_theme_html_with_jinja_in_it_is_shown_never_run(tmp_path, capsys, closing):
    # the footer's text ended the `{% raw %}` it was written in by any spelling of
    # `{% endraw %}` but one: what followed ran as a template (any command, unsandboxed)
    text = f"Hi {closing}{{{{ 'ran' ~ '!' }}}}{{# gone #}}{{% if true %}}yes{{% endif %}}{{%raw%}}"
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\ntheme: butterfly\n",
        "_config.butterfly.yml": "footer:\n  custom_text: " + json.dumps(text) + "\n"
                                 "inject:\n  head:\n    - " + json.dumps(f"<meta name=x "
                                 f"content='{{{{{{%{closing}'>") + "\n  bottom:\n"
                                 "    - " + json.dumps(f"<script>{text}</script>") + "\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"})
    public, _, _ = import_and_build(tmp_path, "hexo", capsys)
    page = html.unescape((public / "2024/01/01/a/index.html").read_text(encoding="utf-8"))
    assert f"<p>{text}</p>" in page
    assert f"<meta name=x content='{{{{{{%{closing}'>" in page
    assert f"<script>{text}</script>" in page
    assert "ran!" not in page


def test_hexo_theme_favicon_outside_the_hexo_folder_is_not_copied(tmp_path, capsys):
    (tmp_path / "secret.png").write_bytes(PNG + b"secret")
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\ntheme: butterfly\n",
        "_config.butterfly.yml": "favicon: ../../secret.png\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"})
    _, report, _ = import_and_build(tmp_path, "hexo", capsys)
    assert not list((tmp_path / "site").rglob("favicon*"))
    assert f"{tmp_path}/old/_config.butterfly.yml:1: `favicon: ../../secret.png` not " \
        "imported: it is outside the Hexo folder" in report


@pytest.mark.parametrize("generator, files, said", [
    ("hexo", {"_config.yml": "title: H\nsource_dir: {outside}\n"},
     "_config.yml:2 (source_dir): `{outside}` is outside"),
    ("hexo", {"_config.yml": "title: H\nsource_dir: ../elsewhere\n"},
     "_config.yml:2 (source_dir): `../elsewhere` is outside"),
    ("hexo", {"_config.yml": "title: H\nsource_dir: linked\n"},
     "_config.yml:2 (source_dir): `linked` is outside"),
    ("hexo", {"_config.yml": "title: H\ntheme: ../../elsewhere\n"},
     "_config.yml:2 (theme): `../../elsewhere` is outside"),
    ("hugo", {"hugo.toml": 'title = "H"\ncontentDir = "{outside}"\n'},
     "hugo.toml:2 (contentDir): `{outside}` is outside"),
    ("hugo", {"hugo.toml": '[languages.en]\ncontentDir = "../elsewhere"\n'},
     "hugo.toml:2 (languages.en.contentDir): `../elsewhere` is outside"),
])
def test_a_configured_folder_outside_the_blog_is_refused_and_nothing_is_copied(
        tmp_path, capsys, generator, files, said):
    # (another's repository naming a folder of ours: its files were copied into the new site)
    outside = tmp_path / "elsewhere"
    write(outside, {"_posts/secret.md": "---\ntitle: S\n---\nSecret.\n",
                    "id_ed25519": "KEY", "posts/diary.md": "Diary.\n"})
    write(tmp_path / "old", {name: text.replace("{outside}", str(outside))
                             for name, text in files.items()})
    write(tmp_path / "old", {"source/_posts/a.md": "---\ntitle: A\n---\nA.\n",
                             "content/posts/a.md": "---\ntitle: A\n---\nA.\n"})
    (tmp_path / "old" / "linked").symlink_to(outside)
    assert main(["import", generator, str(tmp_path / "old"), str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert f"error: {tmp_path}/old/{said.replace('{outside}', str(outside))}" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("settings, comments", [
    # NexT's plugins: the first enabled; `theme_config:` in _config.yml over _config.next.yml
    ({"_config.next.yml": "waline:\n  enable: true\n  serverURL: https://w.example.org\n"
                          "creative_commons:\n  license: by-sa\n  post: true\n"},
     '# from _config.next.yml:1 (waline)\n'
     'comments: {"provider": "waline", "server_url": "https://w.example.org"}'),
    ({"_config.next.yml": "waline:\n  enable: true\n  serverURL: https://w.example.org\n",
      "_config.yml": "theme_config:\n  waline:\n    enable: false\n  twikoo:\n"
                     "    enable: true\n    envId: env-1\n"},
     '# from _config.yml:4 (twikoo)\ncomments: {"provider": "twikoo", "env_id": "env-1"}'),
])
def test_hexo_next_comments_and_licence_are_carried_over(tmp_path, capsys, settings, comments):
    config = "title: H\nurl: https://e.com\ntheme: next\n" + settings.pop("_config.yml", "")
    write(tmp_path / "old", {"_config.yml": config, **settings,
                             "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"})
    _, report, _ = import_and_build(tmp_path, "hexo", capsys)
    site_yaml = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    assert comments in site_yaml
    assert ("CC BY-SA 4.0" in site_yaml) == ("creative_commons" in str(settings))


@pytest.mark.parametrize("theme, settings", [
    ("next", "google_site_verification: Gx_1\nbing_site_verification: 0A1B\n"
             "baidu_site_verification: codeva-Xy\nyandex_site_verification:\n"),
    ("butterfly", "site_verification:\n  - name: google-site-verification\n    content: Gx_1\n"
                  "  - name: msvalidate.01\n    content: 0A1B\n"
                  "  - name: baidu-site-verification\n    content: codeva-Xy\n"),
])
def test_hexo_themes_search_console_codes_are_carried_over(tmp_path, capsys, theme, settings):
    """NexT's `google_site_verification` and Butterfly's `site_verification` tags proved the
    blog to Google, Bing and Baidu: dropped, the consoles lost it at their next check."""
    write(tmp_path / "old", {"_config.yml": f"title: H\nurl: https://e.com\ntheme: {theme}\n",
                             f"_config.{theme}.yml": settings,
                             "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"})
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    head = (public / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert '<meta name="google-site-verification" content="Gx_1">' in head
    assert '<meta name="msvalidate.01" content="0A1B">' in head
    assert '<meta name="baidu-site-verification" content="codeva-Xy">' in head
    assert "verification" not in report, report  # (not among the settings left behind)


def test_hexo_giscus_without_what_blogforge_needs_is_said_not_written(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\ntheme: butterfly\n",
        "_config.butterfly.yml": "comments:\n  use: Giscus\ngiscus:\n  repo: lin/blog\n"
                                 "  repo_id: R_1\n  category_id: DIC_1\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"})
    _, report, _ = import_and_build(tmp_path, "hexo", capsys)
    assert "comments" not in (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    assert "_config.butterfly.yml:1: comments `Giscus` not imported: its settings lack " \
        "`category`, which blogforge needs: write them under `comments` in site.yaml, with " \
        "`provider: giscus`" in report


BUTTERFLY_LINKS = """
    - class_name: 友情链接
      class_desc: 那些人，那些事
      link_list:
        - name: Hexo
          link: https://hexo.io/zh-tw/
          avatar: https://hexo.io/logo.svg
          descr: 快速、简单且强大的网誌框架
        - name: A [friend]
          link: https://friend.example.org/a b
    - class_name: 网站
      link_list:
        - name: Butterfly
          link: https://butterfly.js.org/
    """


def test_hexo_friend_links_are_written_into_their_page(tmp_path, capsys):
    # Butterfly fills the page of `type: link` from source/_data/link.yml: the page arrived
    # with its own text alone, the links lost without a word
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n",
        "source/link/index.md": "---\ntitle: 友链\ntype: link\n---\n\n欢迎交换友链。\n",
        "source/_data/link.yml": BUTTERFLY_LINKS,
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    assert (tmp_path / "site/content/link/index.md").read_text(encoding="utf-8") == (
        "---\ntitle: 友链\ntype: link\n---\n## 友情链接\n\n那些人，那些事\n\n"
        "- [Hexo](https://hexo.io/zh-tw/) — 快速、简单且强大的网誌框架\n"
        "- [A \\[friend\\]](<https://friend.example.org/a b>)\n\n"
        "## 网站\n\n- [Butterfly](https://butterfly.js.org/)\n\n欢迎交换友链。\n")
    page = (public / "link/index.html").read_text(encoding="utf-8")
    assert 'href="https://hexo.io/zh-tw/"' in page and "A [friend]" in page
    assert "hexo.io/logo.svg" not in page  # (a picture of another site's: left out)
    assert page.index("butterfly.js.org") < page.rindex("欢迎交换友链")
    assert "source/link/index.md: the friend links of source/_data/link.yml (3) written " \
        "into the page as a list; 1 avatar left out: pictures on other sites, which every " \
        "reader of the page would fetch from them" in report
    assert "_data" not in report.replace("source/_data/link.yml", "")


def test_hexo_404_page_is_said_with_the_ways_to_change_blogforges(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n",
        "source/404.md": "---\ntitle: 404\n---\n走丢了。\n",
        "source/lost/index.md": "---\ntitle: 404\npermalink: /404.html\n---\n走丢了。\n",
    })
    _, report, _ = import_and_build(tmp_path, "hexo", capsys)
    for source in ("source/404.md", "source/lost/index.md"):
        assert f"{source}: not imported: /404.html is the 404 page; blogforge makes the 404 " \
            "page itself (404.html): to change it, write templates/404.html extending " \
            "theme/404.html, or its text as `not_found_title` and `not_found_text` in " \
            "i18n/LANG.yaml" in report


def test_hexo_posts_locked_with_a_password_are_said_and_not_published(tmp_path, capsys):
    """hexo-blog-encrypt's posts were imported and published in the clear, unsaid."""
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n",
        "source/_posts/secret.md": "---\ntitle: 日记\ndate: 2024-01-01\npassword: hunter2\n"
                                   "---\n私密内容。\n",
    })
    public, report, said = import_and_build(tmp_path, "hexo", capsys)
    assert "source/_posts/secret.md:4: `password` locks this post with hexo-blog-encrypt, " \
        "which blogforge cannot do: held back" in report
    assert not any("私密内容" in path.read_text(encoding="utf-8", errors="replace")
                   for path in public.rglob("*") if path.is_file())


HEXO_DATE_NAMED = """
    ---
    title: Foo
    date: 2020-01-02 10:11:12
    tags: machine learning
    categories: Deep Learning
    ---
    Foo body.
    """


def test_hexo_date_named_posts_follow_hexo_rules(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\npermalink: :year/:month/:day/:title/\n",
        "source/_posts/2020-01-02-foo.md": HEXO_DATE_NAMED,
    })
    public, _, _ = import_and_build(tmp_path, "hexo", capsys)
    # new_post_name is `:title.md` by default: Hexo's :title is the whole file name
    post = (public / "2020/01/02/2020-01-02-foo/index.html").read_text(encoding="utf-8")
    assert "Foo body." in post
    # a tag or category written as text is one name in Hexo, spaces and all
    assert (public / "tags/machine-learning/index.html").is_file()
    assert (public / "categories/deep-learning/index.html").is_file()
    assert not (public / "tags/machine").exists() and not (public / "categories/deep").exists()
    assert (tmp_path / "old/source/_posts/2020-01-02-foo.md").read_text(
        encoding="utf-8") == textwrap.dedent(HEXO_DATE_NAMED).lstrip("\n")


def test_hexo_new_post_name_with_a_date_leaves_it_out_of_the_title(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": """
            title: H
            url: https://e.com
            permalink: :year/:month/:day/:title.html
            new_post_name: :year-:month-:day-:title.md
            """,
        "source/_posts/2020-01-02-foo.md": HEXO_DATE_NAMED,
    })
    public, _, _ = import_and_build(tmp_path, "hexo", capsys)
    assert "Foo body." in (public / "2020/01/02/foo.html").read_text(encoding="utf-8")
    assert (public / "tags/machine-learning/index.html").is_file()


def test_hexo_asset_folders_at_html_permalinks_are_where_hexo_put_them(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": """
            title: H
            url: https://u.github.io
            root: /blog/
            language: en
            permalink: :year/:month/:day/:title.html
            post_asset_folder: true
            """,
        # two posts of one day, each with an image.png in its asset folder
        "source/_posts/a.md": """
            ---
            title: A
            date: 2020-01-02 10:00:00
            ---
            ![first](image.png)

            {% asset_img image.png "The chain" %}
            """,
        "source/_posts/a/image.png": PNG,
        "source/_posts/b.md": """
            ---
            title: B
            date: 2020-01-02 11:00:00
            cover: image.png
            ---
            <img src="image.png" alt="" width="50%">
            """,
        "source/_posts/b/image.png": PNG,
    })
    public, _, _ = import_and_build(tmp_path, "hexo", capsys)  # (no clash, no broken link)
    # Hexo's places: the post's URL without `.html`
    assert (public / "2020/01/02/a/image.png").is_file()
    assert (public / "2020/01/02/b/image.png").is_file()
    a = (public / "2020/01/02/a.html").read_text(encoding="utf-8")
    assert a.count('src="/blog/2020/01/02/a/image.png"') == 2
    assert '<meta property="og:image" content="https://u.github.io/blog/2020/01/02/a/image.png">' \
        in a
    b = (public / "2020/01/02/b.html").read_text(encoding="utf-8")
    assert '<img src="/blog/2020/01/02/b/image.png" alt="" width="50%" ' in b
    assert '<meta property="og:image" content="https://u.github.io/blog/2020/01/02/b/image.png">' \
        in b
    feed = html.unescape((public / "atom.xml").read_text(encoding="utf-8"))
    assert 'src="https://u.github.io/blog/2020/01/02/a/image.png"' in feed
    assert 'src="https://u.github.io/blog/2020/01/02/b/image.png"' in feed
    # and the CI gate agrees
    assert main(["check", "--source", str(tmp_path / "site")]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_hexo_posts_of_another_language_keep_their_hexo_urls(tmp_path, capsys):
    """Hexo puts no language folder in a URL: an English post of a Chinese blog keeps its
    URL (a `permalink` says it), and `lang: zh-CN` is the site's Chinese."""
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\nlanguage: zh-CN\n"
                       "permalink: :year/:month/:day/:title/\n",
        "source/_posts/gd.md": "---\ntitle: Gradient descent\ndate: 2022-02-02 10:00:00\n"
                               "lang: en\n---\nEnglish text.\n",
        "source/_posts/sgd.md": "---\ntitle: 随机梯度下降\ndate: 2022-02-03 10:00:00\n"
                                "lang: zh-CN\n---\n中文。\n",
    })
    public, _, _ = import_and_build(tmp_path, "hexo", capsys)
    assert (public / "2022/02/02/gd/index.html").is_file()
    assert (public / "2022/02/03/sgd/index.html").is_file()
    assert not (public / "en/2022").exists() and not (public / "zh-CN").exists()
    assert 'permalink: "/2022/02/02/gd/"' in (tmp_path / "site/content/posts/gd.md").read_text(
        encoding="utf-8")
    assert "permalink" not in (tmp_path / "site/content/posts/sgd.md").read_text(encoding="utf-8")


def test_hexo_category_in_the_permalink_keeps_its_capitals(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\npermalink: :category/:title/\n",
        "source/_posts/Eigen.md": """
            ---
            title: Eigen
            date: 2020-01-03 10:11:12
            categories: [Math, LinearAlgebra]
            ---
            Eigen body.
            """,
        "source/_posts/two.md": """
            ---
            title: Two
            date: 2020-01-04 10:11:12
            categories: [[ML], [Math, Stats]]
            ---
            Two body.
            """,
        "source/_posts/plain.md": "---\ntitle: Plain\ndate: 2020-01-05\n---\nNo category.\n",
    })
    public, _, _ = import_and_build(tmp_path, "hexo", capsys)
    # GitHub Pages tells capitals apart: the old links work only at Hexo's very URL
    assert "Eigen body." in (public / "Math/LinearAlgebra/Eigen/index.html").read_text(
        encoding="utf-8")
    assert (public / "Math/Stats/two/index.html").is_file()  # Hexo: the last category
    assert (public / "uncategorized/plain/index.html").is_file()
    assert 'href="/Math/LinearAlgebra/Eigen/"' in (public / "index.html").read_text(
        encoding="utf-8")


def test_hexo_language_folders_are_translations_at_their_old_urls(tmp_path, capsys):
    # Hexo's own multilingual layout: `hexo new --lang en` writes _posts/en/NAME.md
    write(tmp_path / "old", {
        "_config.yml": """
            title: 学习笔记
            url: https://u.github.io
            language: [zh-CN, en]
            permalink: :lang/:title/
            new_post_name: :lang/:title.md
            post_asset_folder: true
            """,
        "source/_posts/zh-CN/hello.md": """
            ---
            title: 你好
            date: 2024-01-02 10:00:00
            lang: zh-CN
            ---
            第一篇文章，讲注意力机制。![图](chart.png)
            """,
        "source/_posts/zh-CN/hello/chart.png": PNG,
        "source/_posts/en/hello.md": """
            ---
            title: Hello
            date: 2024-01-02 10:00:00
            lang: en
            ---
            The first post, about attention. ![chart](chart.png)
            """,
        "source/_posts/en/hello/chart.png": PNG,
        # Hexo takes the language from the folder: this one is Chinese, whatever it reads like
        "source/_posts/zh-CN/proof.md": """
            ---
            title: Proof
            date: 2024-01-03 10:00:00
            ---
            The proof, written down in English words for once.
            """,
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    assert ":lang" not in report and "already taken" not in report
    assert not (public / "zh-CN/hello/hello").exists() and not (public / "hello").exists()
    zh = (public / "zh-CN/hello/index.html").read_text(encoding="utf-8")
    en = (public / "en/hello/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in zh and '<html lang="en"' in en
    # each is the other's translation
    assert 'hreflang="en" href="https://u.github.io/en/hello/"' in zh
    assert 'hreflang="zh-CN" href="https://u.github.io/zh-CN/hello/"' in en
    assert (public / "zh-CN/hello/chart.png").is_file()
    assert (public / "en/hello/chart.png").is_file()
    assert '<html lang="zh-CN"' in (public / "zh-CN/proof/index.html").read_text(encoding="utf-8")
    content = tmp_path / "site/content/posts"
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*.*")) == [
        "hello/chart.png", "hello/index.en.md", "hello/index.md", "proof.md"]


def test_hexo_links_to_posts_of_a_language_folder_follow_them(tmp_path, capsys):
    # `{% post_link zh-CN/other %}` names the post by its Hexo slug, its path below _posts
    write(tmp_path / "old", {
        "_config.yml": """
            title: 学习笔记
            url: https://u.github.io
            language: [zh-CN, en]
            permalink: :lang/:title/
            new_post_name: :lang/:title.md
            """,
        "source/_posts/zh-CN/hello.md": """
            ---
            title: 你好
            date: 2024-01-02 10:00:00
            ---
            见 {% post_link zh-CN/other %}，英文版 {% post_link 'en/hello' Hello %}，
            地址 {% post_path zh-CN/other %}。

            ```
            {% post_link zh-CN/other %}
            ```
            """,
        "source/_posts/zh-CN/other.md": "---\ntitle: 其他\ndate: 2024-01-03\n---\n其他。\n",
        "source/_posts/en/hello.md": "---\ntitle: Hello\ndate: 2024-01-02 10:00:00\n---\n"
                                     "See {% post_link zh-CN/other %}.\n",
        "source/about.md": "---\ntitle: 关于\n---\n见 {% post_link \"zh-CN/other\" 其他 %}。\n",
    })
    public, _, warnings = import_and_build(tmp_path, "hexo", capsys)
    assert not [w for w in warnings if "no post or page made from" in w], warnings
    zh = (public / "zh-CN/hello/index.html").read_text(encoding="utf-8")
    assert '见 <a href="/zh-CN/other/">其他</a>，英文版 <a href="/en/hello/">Hello</a>' in zh
    assert "地址 /zh-CN/other/。" in zh
    assert "{% post_link zh-CN/other %}\n</code></pre>" in zh  # (code shows it as written)
    en = (public / "en/hello/index.html").read_text(encoding="utf-8")
    assert 'See <a href="/zh-CN/other/">其他</a>.' in en
    about = (public / "about.html").read_text(encoding="utf-8")
    assert '见 <a href="/zh-CN/other/">其他</a>。' in about


@pytest.mark.parametrize("globs, raw", [("README.md", []),
                                         ("[README.md, 'notes/**/*.md']",
                                          ["notes/a.md", "notes/deep/b.md"])])
def test_hexo_skip_render_files_are_published_as_they_are(tmp_path, capsys, globs, raw):
    readme = "# 我的博客\n\n`hexo s` 预览。\n"
    write(tmp_path / "old", {
        "_config.yml": f"title: H\nurl: https://e.com\nskip_render: {globs}\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-02\n---\nA.\n",
        "source/README.md": readme,
        "source/notes/a.md": "# a\n",
        "source/notes/deep/b.md": "# b\n",
        "source/about.md": "---\ntitle: 关于\n---\n关于。\n",
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    assert (public / "README.md").read_text(encoding="utf-8") == readme
    assert not (public / "readme").exists() and not (public / "README.html").exists()
    assert "关于。" in (public / "about.html").read_text(encoding="utf-8")
    for rel in raw:
        assert (public / rel).read_text(encoding="utf-8").startswith("# ")
        assert not (public / rel.replace(".md", ".html")).exists()
    if not raw:  # (not skipped: pages, as Hexo rendered them)
        assert (public / "notes/a.html").is_file()
    for rel in ["README.md", *raw]:
        assert (f"{tmp_path}/old/source/{rel}: copied as it is to static/{rel}, not made a "
                "page: Hexo published it unrendered (`skip_render`, _config.yml:3)") in report


@pytest.mark.parametrize("pattern, url", [("posts/:abbrlink.html", "posts/3a2b1c.html"),
                                          ("posts/:abbrlink/", "posts/3a2b1c/")])
def test_hexo_abbrlink_posts_keep_their_urls(tmp_path, capsys, pattern, url):
    # hexo-abbrlink (common on Chinese blogs) puts each post at the hash in its front matter
    write(tmp_path / "old", {
        "_config.yml": f"title: H\nurl: https://e.com\npermalink: {pattern}\n"
                       "abbrlink:\n  alg: crc32\n",
        "source/_posts/gan.md": "---\ntitle: GAN\ndate: 2024-01-02\nabbrlink: 3a2b1c\n---\n"
                                "![图](x.png) GAN.\n",
        "source/_posts/gan/x.png": PNG,
        "source/_posts/next.md": "---\ntitle: Next\ndate: 2024-01-03\nabbrlink: 77ffee\n---\n"
                                 "见 {% post_link gan %}。\n",
        "source/_posts/new.md": "---\ntitle: New\ndate: 2024-01-04\n---\nNot generated yet.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    def served(path: str) -> str:
        return (public / path / ("index.html" if path.endswith("/") else "")).read_text(
            encoding="utf-8")

    assert "GAN." in served(url)
    assert (public / "posts/3a2b1c/x.png").is_file()
    assert f'href="/{url}"' in served(url.replace("3a2b1c", "77ffee"))
    # a post without an abbrlink (hexo-abbrlink writes one in when Hexo builds) has its name
    assert list(public.glob("posts/new*"))
    assert "_config.yml:3: permalink placeholder `:abbrlink` (hexo-abbrlink): each post with " \
        "an `abbrlink` keeps its URL through a `permalink` line" in report


def test_hexo_pages_keep_their_html_urls(tmp_path, capsys):
    # Hexo serves source/about.md at /about.html, source/about/index.md at /about/
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n",
        "source/about.md": "---\ntitle: About\n---\nAbout me.\n",
        "source/notes/ml.md": "---\ntitle: ML\n---\nML notes.\n",
        "source/friends/index.md": "---\ntitle: Friends\n---\nFriends.\n",
        "source/own.md": "---\ntitle: Own\npermalink: me\n---\nMine.\n",  # (Hexo: me.html)
    })
    public, _, _ = import_and_build(tmp_path, "hexo", capsys)
    assert "About me." in (public / "about.html").read_text(encoding="utf-8")
    assert "ML notes." in (public / "notes/ml.html").read_text(encoding="utf-8")
    assert "Friends." in (public / "friends/index.html").read_text(encoding="utf-8")
    assert "Mine." in (public / "me.html").read_text(encoding="utf-8")
    assert not (public / "about").exists() and not (public / "notes/ml").exists()


def test_hexo_posts_hexo_hide_posts_or_fluid_hid_arrive_unlisted_and_are_named(tmp_path,
                                                                              capsys):
    # hexo-hide-posts' `hidden: true` (or the key its `filter` names), Fluid's `hide: true`:
    # each was imported as an ordinary post, on the home page, in the feed and the sitemap
    secret = "---\ntitle: Secret\ndate: 2024-01-02\nhidden: true\n---\nzzsecret\n"
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\npermalink: :title/\n"
                       "hide_posts:\n  enable: true\n  filter: private\n",
        "package.json": '{\n  "dependencies": {\n    "hexo-hide-posts": "^0.4.0"\n  }\n}\n',
        "source/_posts/open.md": "---\ntitle: Open\ndate: 2024-01-01\n---\nzzopen\n",
        "source/_posts/secret.md": secret,
        "source/_posts/fluid.md": "---\ntitle: Fluid\ndate: 2024-01-03\nhide: true\n---\nzzf\n",
        "source/_posts/own-key.md": "title: Own\ndate: 2024-01-04\nprivate: yes\n---\nzzown\n",
        "source/_posts/shown.md": "---\ntitle: Shown\ndate: 2024-01-05\nhidden: false\n---\nzzs\n",
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    content = tmp_path / "site/content/posts"
    assert (content / "secret.md").read_text(encoding="utf-8") == secret  # (read as it is)
    assert "\nunlisted: true\n" in (content / "own-key.md").read_text(encoding="utf-8")
    assert "unlisted as the old site had them (3): hexo-hide-posts (its `filter` key, " \
        "`hidden` by default) or the Fluid theme (`hide`) left these posts out of Hexo's " \
        "lists; blogforge reads these lines as `unlisted: true`" in report
    for line in ("source/_posts/secret.md:4: hidden: true", "source/_posts/fluid.md:4: hide: true",
                 "source/_posts/own-key.md:3: private: yes"):  # (its source's line)
        assert f"/old/{line}\n" in report
    assert "package.json:3: plugin `hexo-hide-posts`: built in: a post it hid is unlisted" \
        in report
    assert "hide_posts" not in report
    home, sitemap = (public / "index.html").read_text(encoding="utf-8"), \
        (public / "sitemap.xml").read_text(encoding="utf-8")
    for name in ("secret", "fluid", "own-key"):
        assert (public / name / "index.html").is_file()
        assert f"/{name}/" not in home and f"/{name}/" not in sitemap
    assert "/open/" in home and "/shown/" in home


def test_hexo_hide_posts_turned_off_is_said_as_the_posts_are_unlisted_all_the_same(tmp_path,
                                                                                  capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\nhide_posts:\n  enable: false\n"
                       "  public_generators: [sitemap]\n",
        "source/_posts/secret.md": "---\ntitle: Secret\ndate: 2024-01-02\nhidden: true\n---\nS\n",
    })
    _, report, _ = import_and_build(tmp_path, "hexo", capsys)
    assert "_config.yml:3: `hide_posts: enable: false`: Hexo listed the posts whose front " \
        "matter says `hidden: true`; blogforge unlists them" in report
    assert "_config.yml:3: `hide_posts: public_generators` not imported" in report


def test_hexo_front_matter_without_its_opening_line_is_read_as_hexo_read_it(tmp_path, capsys):
    # old Hexo scaffolds wrote no `---` above the front matter: Hexo reads YAML up to the first
    # `---` line (JSON up to a `;;;` one), where blogforge saw a heading and lost the title
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\npermalink: :year/:month/:day/:title/\n",
        "source/_posts/old-format.md": "title: Old format\ndate: 2015-06-01 10:00:00\n"
                                       "tags: [hexo]\n---\n\nBody of it.\n",
        "source/_posts/windows.md": "title: CRLF\r\ndate: 2015-07-01\r\n----\r\nBody.\r\n",
        "source/_posts/json.md": '"title": "JSON post",\n"date": "2016-01-02",\n'
                                 '"tags": ["a", "b"]\n;;;\nJSON body.\n',
        "source/_posts/json-between.md": ';;;\n"title": "Between", "date": "2016-02-03"\n;;;\n'
                                         "Between body.\n",
        "source/_posts/prose.md": "Just a line of prose\n---\nNo front matter.\n",
        "source/_drafts/idea.md": "title: Idea\n---\nLater.\n",
        "source/_posts/kept.md": "title: Kept\ndate: 2015-08-01\ndraft: true\n---\nKept.\n",
        "source/about.md": "title: About\n---\nAbout me.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    page = (public / "2015/06/01/old-format/index.html").read_text(encoding="utf-8")
    assert "<title>Old format" in page and "Body of it." in page and 'href="/tags/hexo/"' in page
    assert (tmp_path / "site/content/posts/old-format.md").read_text(encoding="utf-8") == \
        "---\ntitle: Old format\ndate: 2015-06-01 10:00:00\ntags: [hexo]\n---\n\nBody of it.\n"
    assert (tmp_path / "site/content/posts/windows.md").read_bytes() == \
        b"---\r\ntitle: CRLF\r\ndate: 2015-07-01\r\n---\r\nBody.\r\n"
    assert "<title>JSON post" in (public / "2016/01/02/json/index.html").read_text(
        encoding="utf-8")
    assert (tmp_path / "site/content/posts/json.md").read_text(encoding="utf-8") == \
        '---\ntitle: "JSON post"\ndate: "2016-01-02"\ntags: ["a", "b"]\n---\nJSON body.\n'
    assert "Between body." in (public / "2016/02/03/json-between/index.html").read_text(
        encoding="utf-8")
    assert (tmp_path / "site/content/posts/idea.md").read_text(encoding="utf-8") == \
        "---\ntitle: Idea\ndraft: true\n---\nLater.\n"
    assert "<title>About" in (public / "about.html").read_text(encoding="utf-8")
    assert "Kept." in (public / "2015/08/01/kept/index.html").read_text(encoding="utf-8")
    assert "source/_posts/kept.md:3: draft: true" in report  # (the source's line)
    # (not a mapping: Hexo read no front matter either, and the post is left as written)
    assert "source/_posts/prose.md:2: the lines before the `---` on line 2 are no YAML " \
        "mapping" in report
    assert (tmp_path / "site/content/posts/prose.md").read_text(encoding="utf-8").endswith(
        "---\nJust a line of prose\n---\nNo front matter.\n")  # (a date above: see below)


def test_hexo_json_front_matter_hexo_failed_on_is_said_with_its_column(tmp_path, capsys):
    """"JSON front matter, broken (Expecting value)" named the line, which in Hexo's JSON
    front matter between `;;;` lines is often the whole object: its column is said too (on
    the first line, not counting the `{` Hexo reads it in)."""
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "source/_posts/between.md": ';;;\n"title": "B", "date": }\n;;;\nBody.\n',
        "source/_posts/before.md": '"title" "C"\n;;;\nBody.\n',
    })
    assert main(["import", "hexo", str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    report = capsys.readouterr().out
    assert "source/_posts/between.md:2: JSON front matter, broken (Expecting value, column " \
        "23): Hexo failed on this post" in report
    assert "source/_posts/before.md:1: JSON front matter, broken (Expecting ':' delimiter, " \
        "column 9): Hexo failed on this post" in report


def test_hexo_import_leaves_windows_explorers_files_behind(tmp_path, capsys):
    # Explorer leaves Thumbs.db in a folder of pictures and desktop.ini where a folder was
    # customised: they were copied into content/ (the build then skipped them)
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\npost_asset_folder: true\n",
        "source/_posts/My Post.md": "---\ntitle: P\ndate: 2020-01-02\n---\n\n![](a.png)\n",
        "source/_posts/My Post/a.png": PNG,
        "source/_posts/My Post/Thumbs.db": b"\0",
        "source/_posts/desktop.ini": "[.ShellClassInfo]\r\n",
    })
    assert main(["import", "hexo", str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    assert sorted(path.relative_to(tmp_path / "site/content").as_posix() for path in (
        tmp_path / "site/content").rglob("*") if path.is_file()) == [
        "posts/My Post/a.png", "posts/My Post/index.md"]


def _text_mode_as_on_windows(monkeypatch) -> None:
    """Path.write_text as Windows runs it: each "\n" written becomes "\r\n" unless the call
    asks for newline="" (Linux never translates, so the doubling is simulated here)."""
    written_by_python = Path.write_text

    def write_text(self, data, encoding=None, errors=None, newline=None):
        if newline is None:
            data = data.replace("\n", "\r\n")
        return written_by_python(self, data, encoding=encoding, errors=errors, newline="")

    monkeypatch.setattr(Path, "write_text", write_text)


def test_imported_windows_post_keeps_its_crlf_lines_on_windows(tmp_path, capsys, monkeypatch):
    # an undated post is rewritten (a date added); its "\r\n" went through text mode, which on
    # Windows wrote "\r\r\n": blank lines in code blocks, a table split into paragraphs
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "source/_posts/nodate.md": "---\r\ntitle: No date\r\n---\r\n\r\n"
                                   "```python\r\ndef f():\r\n    return 1\r\n```\r\n",
    })
    _text_mode_as_on_windows(monkeypatch)
    assert main(["import", "hexo", str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    written = (tmp_path / "site/content/posts/nodate.md").read_bytes()
    assert b"\r\r" not in written
    assert written.startswith(b"---\r\ntitle: No date\r\ndate: ")
    assert written.endswith(b"```python\r\ndef f():\r\n    return 1\r\n```\r\n")


@pytest.mark.parametrize("generator, files", [
    ("hexo", {"source/_posts/a.md": "---\ntitle: Post A\ndate: 2024-01-01\n---\nA.\n",
              "source/posts/index.md": "---\ntitle: Reading list\n---\nAll my posts.\n"}),
    ("jekyll", {"_posts/2024-01-01-a.md": "---\ntitle: Post A\n---\nA.\n",
                "posts/index.md": "---\ntitle: Reading list\n---\nAll my posts.\n"}),
])
def test_a_page_in_a_posts_folder_stays_a_page(tmp_path, capsys, generator, files):
    # the build reads every file of content/posts/ as a post: the page would have been listed
    # on the home page and in the feed, at /posts/posts/
    write(tmp_path / "old", {"_config.yml": "title: P\nurl: https://e.com\n", **files})
    public, _, _ = import_and_build(tmp_path, generator, capsys)
    assert "All my posts." in (public / "posts/index.html").read_text(encoding="utf-8")
    assert not (public / "posts/posts").exists()
    for listing in ("index.html", "atom.xml", "archives/index.html"):
        shown = (public / listing).read_text(encoding="utf-8")
        assert "Post A" in shown and "Reading list" not in shown, listing


def test_pages_where_blogforge_makes_its_own_are_reported_not_imported(tmp_path, capsys):
    # NexT and Butterfly blogs have `source/tags/index.md` (`type: tags`) for Hexo to fill in;
    # blogforge makes /tags/ itself, and a page there would stop the build
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\ntags: [gan]\n---\nA.\n",
        "source/tags/index.md": "---\ntitle: 标签\ntype: tags\n---\n",
        "source/categories/index.md": "---\ntitle: 分类\nlayout: categories\n---\n",
        "source/archives/index.md": "---\ntitle: 归档\n---\n",
        "source/friends/index.md": "---\ntitle: 友链\n---\nFriends.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    assert "source/tags/index.md: not imported: /tags/ is the tags index, which blogforge " \
        "makes itself" in report
    assert "source/categories/index.md: not imported: /categories/ is the categories index" \
        in report
    assert "source/archives/index.md: not imported: /archives/ is the archives" in report
    assert sorted(p.relative_to(tmp_path / "site/content").as_posix()
                  for p in (tmp_path / "site/content").rglob("*.md")) == [
        "friends/index.md", "posts/a.md"]
    assert 'href="/tags/gan/"' in (public / "tags/index.html").read_text(encoding="utf-8")
    assert "Friends." in (public / "friends/index.html").read_text(encoding="utf-8")


def test_jekyll_pages_at_urls_blogforge_makes_are_reported(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nA.\n",
        "search.md": "---\ntitle: Search\npermalink: /search/\n---\n<div id=s></div>\n",
        "tags.md": "---\ntitle: Tags\n---\nAll tags.\n",  # (at /tags.html: no clash)
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    assert "search.md: not imported: /search/ is the search page, which blogforge makes " \
        "itself" in report
    assert not (tmp_path / "site/content/search.md").exists()
    assert "All tags." in (public / "tags.html").read_text(encoding="utf-8")


def test_jekyll_blog(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": """
            title: Notes
            url: https://u.github.io
            baseurl: /notes
            timezone: UTC
            paginate: 5
            theme: minima
            plugins:
              - jekyll-feed
              - jekyll-toc
            """,
        "_posts/2017-06-21-gan-notes.md": """
            ---
            layout: post
            title: GAN notes
            tags: generative-model math-heavy
            ---
            Generative adversarial networks pit a generator against a discriminator.
            """,
        "_posts/2017-08-01-later.md": """
            ---
            title: Later
            categories: ml
            ---
            Go [back]({{ site.baseurl }}{% post_url 2017-06-21-gan-notes %}) to the start.
            """,
        "about.md": "---\nlayout: page\ntitle: About\n---\nAbout these notes and their writer.\n",
        "index.md": "---\nlayout: home\n---\n",
        "feed.xml": "---\nlayout: null\n---\n<feed></feed>\n",
        "assets/img/x.png": PNG,
        "_layouts/post.html": "<html>{{ content }}</html>\n",
        "Gemfile": "gem 'jekyll'\n",
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    assert (public / "2017/06/21/gan-notes.html").is_file()
    assert (public / "ml/2017/08/01/later.html").is_file()
    assert (public / "about.html").is_file()
    assert (public / "assets/img/x.png").is_file()
    assert (public / "tags/math-heavy/index.html").is_file()
    later = (public / "ml/2017/08/01/later.html").read_text(encoding="utf-8")
    assert 'href="/notes/2017/06/21/gan-notes.html"' in later
    assert '<html lang="en"' in later
    assert "_config.yml:6: `theme` not imported" in report
    assert "_config.yml:7: plugin `jekyll-toc` not imported" in report
    assert "jekyll-feed" not in report
    assert "feed.xml:1: not imported: a Liquid template" in report
    assert "_layouts: not imported" in report
    assert not (tmp_path / "site/static/Gemfile").exists()


def test_jekyll_post_names_with_one_digit_month_or_day_keep_their_date_and_slug(tmp_path,
                                                                             capsys):
    # Jekyll reads `2019-3-7-name.md` as it reads `2019-03-07-name.md`; the build read a name
    # without a date: the post was dated by its file, its URL's :title `2019-3-7-short-date`
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "_posts/2019-3-7-short-date.md": "---\ntitle: Short date\n---\nShort.\n",
        "_posts/2019-12-1-own-date.md": "---\ntitle: Own\ndate: 2019-12-02 10:00:00\n---\nO.\n",
        "_posts/2020-1-05-link.md": "---\ntitle: Link\n---\n"
                                    "[back]({% post_url 2019-3-7-short-date %})\n",
        "ml/_posts/2021-2-3-gan.md": "GAN.\n",  # (no front matter)
        "_drafts/2022-1-1-idea.md": "---\ntitle: Idea\n---\nLater.\n",
    })
    public, _, _ = import_and_build(tmp_path, "jekyll", capsys)
    page = (public / "2019/03/07/short-date.html").read_text(encoding="utf-8")
    assert "Short." in page and 'datetime="2019-03-07' in page
    assert (tmp_path / "site/content/posts/2019-3-7-short-date.md").read_text(
        encoding="utf-8") == '---\ntitle: Short date\ndate: "2019-03-07"\nslug: "short-date"' \
        "\n---\nShort.\n"
    assert "O." in (public / "2019/12/02/own-date.html").read_text(encoding="utf-8")
    link = (public / "2020/01/05/link.html").read_text(encoding="utf-8")
    assert 'href="/2019/03/07/short-date.html"' in link
    assert "GAN." in (public / "ml/2021/02/03/gan.html").read_text(encoding="utf-8")
    # (a draft's name is all its slug in Jekyll, and it has no date)
    assert "date:" not in (tmp_path / "site/content/posts/2022-1-1-idea.md").read_text(
        encoding="utf-8")


SPACED_TARGETS = """
    ---
    title: Spaces
    date: 2019-01-03
    ---
    ![训练曲线](/assets/训练 曲线.png)

    [slides](/assets/my file.pdf) and [with title](/assets/my file.pdf "T"), [ok](/a.pdf)

    `[code](/not a link)`

    ```
    [fenced](/not a link)
    ```

    [def]: /assets/my file.pdf
    See [the file][def].
    """


def test_jekyll_link_targets_with_spaces_stay_links(tmp_path, capsys):
    # kramdown reads a target up to its `)` (or a space before a title); in CommonMark, a
    # target with a space is text unless written `<…>`
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "_posts/2019-01-03-space.md": SPACED_TARGETS,
        "assets/训练 曲线.png": PNG,
        "assets/my file.pdf": b"%PDF",
        "a.pdf": b"%PDF",
        "about.md": "---\ntitle: About\n---\n[cv](/assets/my file.pdf)\n",
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    page = (public / "2019/01/03/space.html").read_text(encoding="utf-8")
    assert '<img src="/assets/%E8%AE%AD%E7%BB%83%20%E6%9B%B2%E7%BA%BF.png" alt="训练曲线"' \
        in page
    assert page.count('<a href="/assets/my%20file.pdf"') == 3
    assert '<a href="/assets/my%20file.pdf" title="T">with title</a>' in page
    assert '<code translate="no">[code](/not a link)</code>' in page
    assert "[fenced](/not a link)" in page
    text = (tmp_path / "site/content/posts/2019-01-03-space.md").read_text(encoding="utf-8")
    assert "![训练曲线](</assets/训练 曲线.png>)" in text
    assert '[with title](</assets/my file.pdf> "T")' in text
    assert "[def]: </assets/my file.pdf>" in text
    assert "_posts/2019-01-03-space.md:5: link or image targets with a space written between " \
        "`<` and `>` on 3 lines (5, 7, 15): kramdown, Jekyll's renderer, read such a target as " \
        "one" in report
    assert '<a href="/assets/my%20file.pdf">cv</a>' in (public / "about.html").read_text(
        encoding="utf-8")


def test_jekyll_footnotes_and_liquid_targets_are_left_as_written(tmp_path, capsys):
    # a footnote's text (`[^1]: Kingma and Ba, 2015.`) is no link target, whatever its
    # spaces; a Liquid tag's spaces (`{{ site.baseurl }}/a.png`) are the tag's, which the build
    # turns into a URL: neither is written `<…>`, nor reported
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\nbaseurl: /notes\n",
        "_posts/2019-01-03-fn.md": "---\ntitle: Fn\n---\nAdam[^1] and ![a]({{ site.baseurl }}"
                                   "/a.png), [b]({% post_url 2019-01-02-b %}).\n\n"
                                   "[^1]: Kingma and Ba, 2015. https://arxiv.org/abs/1412.6980\n",
        "_posts/2019-01-02-b.md": "---\ntitle: B\n---\nB.\n",
        "a.png": PNG,
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    page = (public / "2019/01/03/fn.html").read_text(encoding="utf-8")
    assert '<li id="fn1" class="footnote-item"><p>Kingma and Ba, 2015. ' \
        '<a href="https://arxiv.org/abs/1412.6980">https://arxiv.org/abs/1412.6980</a>' in page
    assert '<img src="/notes/a.png" alt="a"' in page
    assert '<a href="/notes/2019/01/02/b.html">b</a>' in page
    assert "link or image targets with a space" not in report


@pytest.mark.parametrize("marked, rewritten", [("^0.3.0", True), ("^4.0.0", False)])
def test_hexo_link_targets_with_spaces_follow_its_marked(tmp_path, capsys, marked, rewritten):
    # marked 0.3 (hexo-renderer-marked 0.x, Hexo 3's) read a target up to its `)`, spaces and
    # all; later versions read it as CommonMark does: as text
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "package.json": '{\n  "dependencies": {\n    "hexo-renderer-marked": "' + marked
                        + '"\n  }\n}\n',
        "source/_posts/space.md": "title: Space\ndate: 2019-01-03\n---\n[slides](/my file.pdf)\n",
        "source/my file.pdf": b"%PDF",
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    page = (public / "2019/01/03/space/index.html").read_text(encoding="utf-8")
    assert ('<a href="/my%20file.pdf">slides</a>' in page) is rewritten
    assert ("source/_posts/space.md:4: link or image targets with a space written between `<` "
            "and `>` on a line (4): marked 0.3 (package.json:3: hexo-renderer-marked ^0.3.0)"
            in report) is rewritten


CHIRPY_CONFIG = """
    title: 笔记
    url: https://xm.github.io
    lang: zh-CN
    permalink: /:year/:title/
    collections:
      tabs:
        output: true
        sort_by: order
    defaults:
      - scope:
          path: ""
          type: posts
        values:
          layout: post
          permalink: /posts/:title/
      - scope:
          path: _drafts
        values:
          comments: false
      - scope:
          path: ""
          type: tabs
        values:
          layout: page
          permalink: /:title/
    """


def test_jekyll_defaults_permalink_of_posts_keeps_their_urls(tmp_path, capsys):
    # Chirpy (and many a theme's starter) gives posts their URL in `defaults`, which wins over
    # the site's `permalink`: /posts/vae/, where Jekyll's default would give /2024/03/06/vae.html
    write(tmp_path / "old", {
        "_config.yml": CHIRPY_CONFIG,
        "_posts/2024-03-06-vae.md": "---\ntitle: VAE\n---\n"
                                    "见 [KL]({% post_url 2024-02-01-kl %})。\n",
        "_posts/2024-02-01-kl.md": "---\ntitle: KL\n---\nKL.\n",
        "_posts/2024-01-01-own.md": "---\ntitle: Own\npermalink: /own-url/\n---\nO.\n",
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    assert '<a href="/posts/kl/">KL</a>' in (public / "posts/vae/index.html").read_text(
        encoding="utf-8")
    assert (public / "own-url/index.html").is_file()
    site_yaml = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    assert '# from _config.yml:9 (defaults: the posts\' permalink)\npermalink: "/posts/:title/"' \
        in site_yaml
    assert "_config.yml:9: `defaults` (comments) not imported: only the `permalink`s are" \
        in report


def test_jekyll_collection_and_included_pages_come_over_with_the_menu(tmp_path, capsys):
    # Chirpy's about page is a document of its `tabs` collection (`_tabs/about.md`, at the
    # `/:title/` its `defaults` give), Minimal Mistakes' pages are in `_pages` (`include:`):
    # Jekyll published both, where the import left every `_` folder out without a word
    write(tmp_path / "old", {
        "_config.yml": CHIRPY_CONFIG,
        "_posts/2024-03-06-vae.md": "---\ntitle: VAE\n---\n"
                                    "[关于]({{ '/about/' | relative_url }})\n",
        "_tabs/about.md": "---\nicon: fas fa-info-circle\norder: 4\n---\n我是小明。\n",
        "_tabs/archives.md": "---\nlayout: archives\nicon: fas fa-archive\norder: 3\n---\n",
        "_tabs/tags.md": "---\nlayout: tags\nicon: fas fa-tags\norder: 2\n---\n",
        "_tabs/links.md": "---\nicon: fas fa-link\norder: 5\n---\n- [苏剑林](https://kexue.fm)\n",
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    # a tab the theme's strings have no name for is not given an English one on a Chinese
    # site, and the report asks for its title
    links = (public / "links/index.html").read_text(encoding="utf-8")
    assert "links</h1>" in links and "Links" not in links
    assert "_tabs/links.md: no `title`: titled `links` after its file name, which blogforge's " \
        "theme has no name for; give it a `title` in the site's language" in report
    about = (public / "about/index.html").read_text(encoding="utf-8")
    assert "我是小明。" in about and "<h1" in about and "关于</h1>" in about
    assert "_tabs/archives.md: not imported: /archives/ is the archives, which blogforge" in report
    nav = re.search(r'<nav class="site-nav".*?</nav>', about, re.S).group(0)
    assert re.findall(r'href="([^"]+)"[^>]*>([^<]+)<', nav) == [
        ("/tags/", "标签"), ("/archives/", "归档"), ("/about/", "关于"), ("/links/", "links")]

    write(tmp_path / "mm", {
        "_config.yml": "title: DL\nurl: https://lh.github.io\nbaseurl: /dl\nlocale: en-US\n"
                       "include:\n  - _pages\n",
        "_posts/2023-05-12-adam.md": "---\ntitle: Adam\n---\nA.\n",
        "_pages/about.md": "---\npermalink: /about/\ntitle: About me\n---\nI study.\n",
        "_pages/404.md": "---\ntitle: Not found\npermalink: /404.html\n---\nSorry.\n",
        "_pages/year-archive.md": "---\ntitle: Posts by Year\npermalink: /year-archive/\n"
                                  "layout: posts\n---\n",
        "_data/navigation.yml": "main:\n  - title: About\n    url: /about/\n"
                                "  - title: Posts\n    url: /year-archive/\n"
                                "docs:\n  - title: Start\n    children: []\n",
        "_data/ui-text.yml": "en: {}\n",
    })
    assert main(["import", "jekyll", str(tmp_path / "mm"), str(tmp_path / "mm-site")]) == 0
    report = capsys.readouterr().out
    result = build_site(BuildOptions(source=tmp_path / "mm-site",
                                     output=tmp_path / "mm-site/public", now=NOW,
                                     use_cache=False))
    assert not [d for d in result.diagnostics.items if d.level == "error"]
    about = (tmp_path / "mm-site/public/about/index.html").read_text(encoding="utf-8")
    assert "I study." in about
    assert "_pages/404.md: not imported: /404.html is the 404 page" in report
    # the report says the menu came from _data, and what of _data did not come
    assert "_data/navigation.yml: `main` imported: site.yaml's menu; `docs` not imported " \
        "(sidebar lists, which blogforge's theme does not show)" in report
    assert "/mm/_data: ui-text.yml not imported: data of Jekyll's templates" in report
    assert "_data: not imported" not in report
    assert "_pages/year-archive.md:4: not imported: `layout: posts` is a list the theme made" \
        in report
    nav = re.search(r'<nav class="site-nav".*?</nav>', about, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', nav) == ["/dl/about/", "/dl/archives/"]


def test_a_jekyll_navigation_whose_main_is_no_list_is_said_as_not_imported(tmp_path, capsys):
    # (`main: 5` ended the import in a traceback, "'int' object is not iterable")
    write(tmp_path / "old", {"_config.yml": "title: T\n",
                             "_posts/2024-01-02-a.md": "---\ntitle: A\n---\nbody\n",
                             "_data/navigation.yml": "main: 5\n"})
    assert main(["import", "jekyll", str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    assert "/old/_data: navigation.yml not imported: data of Jekyll's templates" \
        in capsys.readouterr().out


def test_jekyll_menu_without_a_language_in_config_is_the_posts_languages(tmp_path, capsys):
    """A `_config.yml` naming no `lang` or `locale` (or one blogforge does not know) dropped
    the menu of `_data/navigation.yml` and Chirpy's tabs without a word: it is the menu of the
    language the build takes, the one the posts are written in, and the report says so."""
    write(tmp_path / "old", {
        "_config.yml": "title: 笔记\nurl: https://xm.github.io\ninclude: [_pages]\n",
        "_posts/2024-03-06-vae.md": "---\ntitle: 变分自编码器\n---\n变分自编码器编码成分布。\n",
        "_pages/about.md": "---\npermalink: /about/\ntitle: 关于\n---\n我是小明。\n",
        "_data/navigation.yml": "main:\n  - title: 关于\n    url: /about/\n",
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    page = (public / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)
    assert ("/about/", "关于") in re.findall(r'href="([^"]+)"[^>]*>([^<]+)<', nav)
    assert "_data/navigation.yml: `main` imported: site.yaml's menu" in report
    assert "the zh menu: _config.yml names no language blogforge knows, and most posts " \
        "are in zh" in report

    # Chirpy's tabs without `lang`: in the menu, named in the posts' language (关于, not About)
    chirpy = textwrap.dedent(CHIRPY_CONFIG).replace("lang: zh-CN\n", "")
    write(tmp_path / "chirpy", {
        "_config.yml": chirpy,
        "_posts/2024-03-06-vae.md": "---\ntitle: 变分自编码器\n---\n变分自编码器编码成分布。\n",
        "_tabs/about.md": "---\nicon: fas fa-info-circle\norder: 1\n---\n我是小明。\n",
    })
    assert main(["import", "jekyll", str(tmp_path / "chirpy"), str(tmp_path / "c-site")]) == 0
    capsys.readouterr()
    result = build_site(BuildOptions(source=tmp_path / "c-site",
                                     output=tmp_path / "c-site/public", now=NOW,
                                     use_cache=False))
    assert result.written
    home = (tmp_path / "c-site/public/index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="site-nav".*?</nav>', home, re.S).group(0)
    assert re.findall(r'href="([^"]+)"[^>]*>([^<]+)<', nav) == [("/about/", "关于")]


def test_jekyll_theme_covers_and_media_subpath_keep_the_pictures(tmp_path, capsys):
    # Chirpy's `media_subpath` (`img_path` before 6.0) is the folder of a post's pictures named
    # relative (`![](elbo.png)`, `image: {path: cover.png}`); its `image` is a mapping, Minimal
    # Mistakes' picture is `header: {teaser}`: the sharing card showed those pictures
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://xm.github.io\nlang: zh-CN\n",
        "_posts/2024-03-06-vae.md": """\
            ---
            title: VAE
            media_subpath: /assets/img/vae
            image:
              path: cover.png
              alt: VAE 的结构
            ---
            ![ELBO](elbo.png){: width="700" height="400" } and <img src="elbo.png" alt="e">

            `![code](elbo.png)`, ![abs](/assets/a.png)

            {% include embed/video.html src='run.mp4' poster='cover.png' %}
            """,
        "_posts/2024-03-07-old.md": "---\ntitle: Old\nimg_path: /assets/img/vae/\n---\n"
                                    "![ELBO](./elbo.png)\n",
        "_posts/2023-05-12-adam.md": "---\ntitle: Adam\nheader:\n  teaser: /assets/a.png\n"
                                     "  overlay_image: /assets/img/vae/cover.png\n---\nA.\n",
        "assets/img/vae/cover.png": PNG,
        "assets/img/vae/elbo.png": PNG,
        "assets/img/vae/run.mp4": "0",
        "assets/a.png": PNG,
    })
    public, _, _ = import_and_build(tmp_path, "jekyll", capsys)
    page = (public / "2024/03/06/vae.html").read_text(encoding="utf-8")
    assert '<img src="/assets/img/vae/elbo.png" alt="ELBO" width="700" height="400"' in page
    assert '<img src="/assets/img/vae/elbo.png" alt="e"' in page
    assert '<code translate="no">![code](elbo.png)</code>' in page
    assert '<img src="/assets/a.png" alt="abs"' in page
    assert '<video controls preload="metadata" poster="/assets/img/vae/cover.png" ' \
        'src="/assets/img/vae/run.mp4">' in page
    assert '<meta property="og:image" content="https://xm.github.io/assets/img/vae/cover.png">' \
        in page
    assert '<img src="/assets/img/vae/elbo.png" alt="ELBO"' in (
        public / "2024/03/07/old.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://xm.github.io/assets/a.png">' in (
        public / "2023/05/12/adam.html").read_text(encoding="utf-8")


def test_jekyll_post_rendered_without_liquid_keeps_its_raw_tags_in_code(tmp_path, capsys):
    # `render_with_liquid: false` (Chirpy's Liquid tutorials): Jekyll ran no Liquid, so the
    # `{% raw %}` in its code showed, and still does
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\nlang: en\n",
        "_posts/2024-01-01-liquid.md": "---\ntitle: Liquid\nrender_with_liquid: false\n---\n"
                                       "```liquid\n{% raw %}{{ page.title }}{% endraw %}\n```\n",
        "_posts/2024-01-02-vue.md": "---\ntitle: Vue\n---\n"
                                    "```html\n{% raw %}{{ message }}{% endraw %}\n```\n",
    })
    import_and_build(tmp_path, "jekyll", capsys)
    posts = tmp_path / "site/content/posts"
    assert "{% raw %}{{ page.title }}{% endraw %}" in (posts / "2024-01-01-liquid.md").read_text(
        encoding="utf-8")
    assert "```html\n{{ message }}\n```" in (posts / "2024-01-02-vue.md").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("config, line", [
    # Chirpy's
    ("comments:\n  provider: giscus\n  giscus:\n    repo: xm/xm.github.io\n    repo_id: R_a\n"
     "    category: Announcements\n    category_id: DIC_b\n    mapping: pathname\n", 4),
    # Minimal Mistakes': the repository is the site's, its own names for the rest
    ("repository: xm/xm.github.io\ncomments:\n  provider: giscus\n  giscus:\n"
     "    repository_id: R_a\n    category_name: Announcements\n    category_id: DIC_b\n"
     "    discussion_term: pathname\n", 5),
])
def test_jekyll_theme_giscus_comments_are_carried_over(tmp_path, capsys, config, line):
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://xm.github.io\nlang: en\n" + config,
        "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nA.\n",
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    site_yaml = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    assert f"# from _config.yml:{line} (comments)\n" + 'comments: {"provider": "giscus", ' \
        '"repo": "xm/xm.github.io", "repo_id": "R_a", "category": "Announcements", ' \
        '"category_id": "DIC_b", "mapping": "pathname"}\n' in site_yaml
    assert "`comments` not imported" not in report
    assert "giscus" in (public / "2024/01/01/a.html").read_text(encoding="utf-8")


def test_jekyll_theme_comments_blogforge_lacks_are_said(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://xm.github.io\nlang: en\ncomments:\n"
                       "  provider: utterances\n  utterances:\n    theme: github-light\n",
        "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nA.\n",
    })
    _, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    assert "_config.yml:4: comments `utterances` not imported: blogforge has giscus, Waline " \
        "and Twikoo (site.yaml `comments`)" in report


def test_jekyll_dates_with_another_offset_are_read_in_the_sites_timezone(tmp_path, capsys):
    # Jekyll takes a post's date in the site's `timezone` (`Time.parse(…).localtime`): 22:00
    # in California is 01:00 the next day, a new year, in New York; its URL and date say so
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\nlang: en\npermalink: pretty\n"
                       "timezone: America/New_York\n",
        "_posts/2023-12-31-hello.md": "---\ntitle: Hello\ndate: 2023-12-31 22:00:00 -0800\n"
                                      "---\nHello.\n",
        "_posts/2023-12-30-local.md": "---\ntitle: Local\ndate: 2023-12-30 23:30:00\n---\nL.\n",
    })
    public, _, _ = import_and_build(tmp_path, "jekyll", capsys)
    page = (public / "2024/01/01/hello/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-01-01T01:00:00-05:00">Jan 1, 2024' in page
    assert not (public / "2023/12/31").exists()
    assert (public / "2023/12/30/local/index.html").is_file()  # (already in the site's zone)
    assert 'date: "2024-01-01 01:00:00-05:00"' in (
        tmp_path / "site/content/posts/2023-12-31-hello.md").read_text(encoding="utf-8")
    local = (tmp_path / "site/content/posts/2023-12-30-local.md").read_text(encoding="utf-8")
    assert "date: 2023-12-30 23:30:00\n" in local


@pytest.mark.parametrize("generator, posts", [("jekyll", "_posts"), ("hexo", "source/_posts")])
def test_posts_the_build_will_stop_at_are_reported_by_the_import(tmp_path, capsys, generator,
                                                                 posts):
    broken = {
        f"{posts}/2024-02-07-badyaml.md": "---\ntitle: [broken\n---\nbody\n",
        f"{posts}/2024-02-08-noclose.md": "---\ntitle: no close\nbody without a fence\n",
        f"{posts}/2024-02-09-baddate.md": "---\ntitle: Bad date\ndate: 2024-02-30\n---\nx\n",
    }
    write(tmp_path / "old", {"_config.yml": "title: B\nurl: https://e.com\n",
                             f"{posts}/2024-02-10-fine.md": "---\ntitle: Fine\n---\nFine.\n",
                             **broken})
    dest = tmp_path / "site"
    assert main(["import", generator, str(tmp_path / "old"), str(dest)]) == 0
    report = capsys.readouterr().out
    result = build_site(BuildOptions(source=dest, output=dest / "public", now=NOW,
                                     use_cache=False))
    errors = [str(d) for d in result.diagnostics.items if d.level == "error"]
    assert len(errors) == 3
    # each as the build says it, before the writer builds
    assert "the build will stop at these (3): copied as they were; fix them before " \
        "`blogforge build`" in report
    for error in errors:
        assert f"  {dest}/{error}\n" in report
    assert f"{dest}/content/posts/2024-02-09-baddate.md:3: error: `date` invalid date " \
        "'2024-02-30': there is no day 30 in February 2024" in report
    for rel, text in broken.items():  # (kept as written)
        name = rel.rpartition("/")[2]
        assert (dest / "content/posts" / name).read_text(encoding="utf-8") == text


def test_jekyll_posts_of_another_language_keep_their_jekyll_urls(tmp_path, capsys):
    """Jekyll has no language folders: an English post of a Chinese blog keeps its URL (a
    `permalink` says it), on a site that says its language and on one that does not (whose
    language is then most posts' language, as the build decides it)."""
    for said in ("lang: zh-CN\n", ""):
        old = tmp_path / "old"
        write(old, {
            "_config.yml": "title: J\nurl: https://e.com\n" + said,
            "_posts/2024-03-05-gan.md": "---\ntitle: 生成对抗网络\n---\n"
                                        "生成器和判别器相互博弈，最终生成器学会数据的分布。\n",
            "_posts/2024-03-06-gan-en.md": "---\ntitle: GANs\nlang: en\n---\n"
                                           "A generator and a discriminator play a game.\n",
            "_posts/2024-03-07-vae.md": "---\ntitle: VAE\n---\n"
                                        "An encoder and a decoder learn a latent space.\n",
            "_posts/2024-03-08-vae-zh.md": "---\ntitle: 变分自编码器\n---\n"
                                           "编码器和解码器一起学习一个隐空间。\n",
        })
        public, _, _ = import_and_build(tmp_path, "jekyll", capsys)
        english = (public / "2024/03/06/gan-en.html").read_text(encoding="utf-8")
        assert '<html lang="en"' in english
        assert "A generator and a discriminator" in english
        assert (public / "2024/03/07/vae.html").is_file()
        assert '<html lang="zh-CN"' in (public / "2024/03/05/gan.html").read_text(
            encoding="utf-8")
        assert not (public / "en/2024").exists()
        assert "permalink" not in (tmp_path / "site/content/posts/2024-03-05-gan.md").read_text(
            encoding="utf-8")
        shutil.rmtree(old)
        shutil.rmtree(tmp_path / "site")


def test_jekyll_posts_in_a_category_folder_are_posts_of_that_category(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "ml/_posts/2020-05-06-in-ml.md": "---\ntitle: In ml\n---\nML post body.\n",
        "ml/deep/_posts/2020-05-07-nested.md": """
            ---
            title: Nested
            categories:
              - notes
            ---
            Nested post body.
            """,
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    assert "imported 2 posts, 0 pages" in report
    # Jekyll's URL: the folders are the first categories, then the post's own
    assert "ML post body." in (public / "ml/2020/05/06/in-ml.html").read_text(encoding="utf-8")
    assert (public / "ml/deep/notes/2020/05/07/nested.html").is_file()
    listing = (public / "categories/ml/index.html").read_text(encoding="utf-8")
    assert "In ml" in listing and "Nested" in listing
    assert not list(public.rglob("_posts"))


def test_jekyll_singular_tag_and_category_become_tags_and_categories(tmp_path, capsys):
    # Jekyll reads `tag` and `category` (the value whole: `tag: machine learning` is one tag)
    # with `tags` and `categories`; blogforge reads the plural keys only
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "_posts/2020-05-06-one.md": """
            ---
            title: One
            tag: machine learning
            category: deep learning
            ---
            One body.
            """,
        "_posts/2020-05-07-two.md": """
            ---
            title: Two
            tag: [gan, vae]
            tags: gan math-heavy
            category: notes
            categories: ml
            ---
            Two body.
            """,
        "ml/_posts/2020-05-08-three.md": "---\ntitle: Three\ncategory: notes\n---\nThree.\n",
    })
    public, report, messages = import_and_build(tmp_path, "jekyll", capsys)
    assert [m for m in messages if "did you mean" in m] == []
    assert not (public / "categories/deep").exists()  # (one category, not two)
    assert "machine learning" in (public / "tags/machine-learning/index.html").read_text(
        encoding="utf-8")
    for tag in ("gan", "vae", "math-heavy"):
        assert "Two" in (public / f"tags/{tag}/index.html").read_text(encoding="utf-8")
    assert (public / "ml/notes/2020/05/07/two.html").is_file()  # (Jekyll: categories first)
    assert (public / "ml/notes/2020/05/08/three.html").is_file()
    for category in ("ml", "notes", "deep-learning"):
        assert (public / f"categories/{category}/index.html").is_file()
    two = (tmp_path / "site/content/posts/2020-05-07-two.md").read_text(encoding="utf-8")
    assert "tag:" not in two and "category:" not in two
    assert ("front matter keys written as blogforge reads them (5): `category` → "
            "`categories` (3), `tag` → `tags` (2); Jekyll reads `tag` and `category` with "
            "`tags` and `categories`") in report
    assert f"  {tmp_path / 'old'}/_posts/2020-05-06-one.md:3\n" in report


@pytest.mark.parametrize(("permalink", "pages"), [
    ("", ["about.html", "notes/intro.html"]),  # (Jekyll's default style, `date`)
    ("permalink: pretty\n", ["about/index.html", "notes/intro/index.html"]),
    ("permalink: /:year/:month/:title/\n", ["about/index.html", "notes/intro/index.html"]),
    ("permalink: /:categories/:title:output_ext\n", ["about.html", "notes/intro.html"]),
])
def test_jekyll_pages_keep_the_urls_the_permalink_style_gave_them(tmp_path, capsys,
                                                                   permalink, pages):
    """Jekyll ends a page's URL as the site's permalink style ends a post's: with
    `permalink: pretty` (Hux Blog's, and any pattern ending in `/`) `about.md` was at /about/,
    where the import kept /about.html: every link to the old About page led nowhere."""
    write(tmp_path / "old", {
        "_config.yml": f"title: J\nurl: https://e.com\n{permalink}",
        "_posts/2024-01-01-p.md": "---\ntitle: P\n---\nA post.\n",
        "about.md": "---\nlayout: page\ntitle: About\n---\nAbout me.\n",
        "notes/intro.md": "---\ntitle: Intro\n---\nAn introduction.\n",
    })
    public, _, _ = import_and_build(tmp_path, "jekyll", capsys)
    assert "About me." in (public / pages[0]).read_text(encoding="utf-8")
    assert "An introduction." in (public / pages[1]).read_text(encoding="utf-8")


def test_jekyll_pages_written_in_html_are_imported(tmp_path, capsys):
    """Hux Blog's `about.html` is the About page in HTML, its Liquid only blocks for comment
    systems the site leaves unset (`{% if site.KEY %}`), which Jekyll left out:
    the import said "a Liquid template" and left it, so the page and its text were gone. A
    page whose Liquid blogforge cannot run is said at that line; a list is a template."""
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\npermalink: pretty\n",
        "_posts/2024-01-01-p.md": "---\ntitle: P\n---\nA post.\n",
        "about.html": """
            ---
            layout: page
            title: About
            ---
            <div class="zh">
                <blockquote>周末读论文，平日刷题。</blockquote>

                <p>我在北京学机器学习。</p>
            </div>

            {% if site.guestbook_id %}
            <section class="guestbook"
            {% if site.guestbook_id == "mine" %}data-board="0"{% else %}
                data-board="{{site.guestbook_id}}/about"{% endif %}></section>
            {% endif %}
            """,
        "links.html": "---\nlayout: page\ntitle: Links\n---\n<p>Friends of\n"
                      "{{ site.title }}:</p>\n<a href=\"https://a.org\">A</a>\n",
        "tags.html": "---\nlayout: default\ntitle: Tags\n---\n<h1>Tags</h1>\n"
                     "{% for tag in site.tags %}<a>{{ tag[0] }}</a>{% endfor %}\n",
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    about = (public / "about/index.html").read_text(encoding="utf-8")
    assert "<p>我在北京学机器学习。</p>" in about and "周末读论文，平日刷题。" in about
    assert "guestbook" not in about and "{%" not in about and "{{" not in about
    assert ("old/links.html:6: not imported: a page in HTML whose Liquid blogforge does not run "
            "(this line's): its text is not carried over; write it as a Markdown page, "
            "`links.md` (Jekyll served it at /links/)") in report
    assert ("old/tags.html:1: not imported: a Liquid template (Jekyll ran it; blogforge makes "
            "its own pages, feeds and sitemap)") in report
    assert not (public / "links").exists()


def test_jekyll_post_file_without_a_date_stays_unpublished(tmp_path, capsys):
    """Jekyll publishes a file of `_posts` only when its name starts with a date; one named
    `强化学习入门.md` (a copy kept beside the dated post, the same `permalink`) was never on
    the site. The import made it a post, dated by its front matter: the build then stopped,
    "two pages at the URL …", and wrote nothing. It is a draft now, and said so."""
    same = "---\ntitle: RL\ndate: 2024-02-16\npermalink: /posts/rl/\n---\n"
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "_posts/0-idea.md": "---\ntitle: Idea\n---\nNot yet.\n",
        "_posts/2024-02-16-强化学习入门.md": same + "Published.\n",
        "_posts/强化学习入门.md": same + "A copy.\n",
        "_posts/2024-02-17-b.md": "---\ntitle: B\n---\nB.\n",
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    assert "Published." in (public / "posts/rl/index.html").read_text(encoding="utf-8")
    assert (public / "2024/02/17/b.html").is_file()
    assert not any("Not yet." in page.read_text(encoding="utf-8")
                   for page in public.rglob("*.html"))
    for name in ("0-idea.md", "强化学习入门.md"):
        assert (f"old/_posts/{name}: imported as a draft (`draft: true`): Jekyll published no "
                "file of `_posts` whose name does not start with a date (`2024-02-16-name.md`), "
                "so this one was not on the old site; name it so, or delete the `draft` line, "
                "to publish it") in report


def test_jekyll_markdown_pages_that_loop_over_the_posts_are_said_not_shown(tmp_path, capsys):
    """AcadHomepage's `_pages/blog.md` lists the posts with `{% for post in site.posts %}`:
    imported as a page, it showed its Liquid as written, the build warning of each tag and of
    a broken link `{{ post.url | relative_url }}`. Such a page is said, with blogforge's
    lists; a page whose loop `{% raw %}` shows as written is a page."""
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\ninclude: [_pages]\n",
        "_posts/2024-01-01-p.md": "---\ntitle: P\n---\nA post.\n",
        "_pages/blog.md": "---\ntitle: Blog\npermalink: /blog/\n---\n<div>\n"
                          "{% for post in site.posts %}\n<a href=\"{{ post.url }}\">"
                          "{{ post.title }}</a>\n{% endfor %}\n</div>\n",
        "archive.md": "---\ntitle: Archive\n---\n{% for post in paginator.posts %}"
                      "{{ post.title }}{% endfor %}\n",
        "liquid.md": "---\ntitle: Liquid\n---\n{% raw %}\n```liquid\n"
                     "{% for post in site.posts %}{{ post.title }}{% endfor %}\n```\n"
                     "{% endraw %}\n",
    })
    public, report, messages = import_and_build(tmp_path, "jekyll", capsys)
    said = ("not imported: a page Jekyll's Liquid made, looping over the site's posts or data "
            "(this line's `{% for %}`), which blogforge does not run: its lists of posts are "
            "/archives/, /tags/, /categories/; link there instead of /URL, and write what else "
            "it showed as Markdown")
    assert f"old/_pages/blog.md:6: {said.replace('URL', 'blog/')}" in report
    assert f"old/archive.md:4: {said.replace('URL', 'archive.html')}" in report
    assert not (public / "blog").exists() and not (public / "archive.html").exists()
    assert "{% for post in site.posts %}" in html.unescape(re.sub(
        r"<[^>]+>", "", (public / "liquid.html").read_text(encoding="utf-8")))
    assert not [m for m in messages if "{%" in m or "{{" in m]


@pytest.mark.parametrize(("generator", "files"), [
    ("jekyll", {"_config.yml": "title: J\nurl: https://e.com\n",
                "_posts/2015-05-25-modules.md": "---\ntitle: M\n---\n{body}"}),
    ("hugo", {"config.toml": 'baseURL = "https://e.com/"\ntitle = "H"\n',
              "content/posts/modules.md": "---\ntitle: M\ndate: 2015-05-25\n---\n{body}"}),
])
def test_links_to_headings_keep_the_ids_jekyll_and_hugo_gave_them(tmp_path, capsys,
                                                                   generator, files):
    """kramdown and Goldmark give a heading GitHub's id (`CommonJS & Node` is
    `commonjs--node`, `2.1 Notation` is `21-notation`, `一、背景` is `一背景`), blogforge one
    `-` a run of other characters: the catalogue Hux Blog's example post writes by hand led
    nowhere, each link said broken. A heading the post's links name gets its old id."""
    body = textwrap.dedent("""\
        1. [CommonJS & Node](#commonjs--node)
        2. [2.1 Notation](#21-notation) and [背景](#一背景)
        3. [History](#history)

        ## CommonJS & Node

        ## 2.1 **Notation** ##

        ### 一、背景

        ## History

        ## Not linked: A & B
        """)
    write(tmp_path / "old", {name: text.replace("{body}", body) for name, text in files.items()})
    public, _, messages = import_and_build(tmp_path, generator, capsys)
    page = next(p for p in public.rglob("index.html") if "modules" in p.parent.name
                ).read_text(encoding="utf-8") if generator == "hugo" else (
        public / "2015/05/25/modules.html").read_text(encoding="utf-8")
    for ident in ("commonjs--node", "21-notation", "一背景", "history", "not-linked-a-b"):
        assert f'id="{ident}"' in page
    assert not [m for m in messages if "broken link" in m]


def test_jekyll_pages_keep_their_tags_whole(tmp_path, capsys):
    # Jekyll parts `tags: gan math-heavy` in posts only: a page's tags are its own value, as
    # written (and on no tag page); the build parts them in a file named DATE-NAME, a page's too
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "about.md": "---\ntitle: About\ntags: gan math-heavy\n---\nAbout me.\n",
        "2020-05-06-changelog.md": "---\ntitle: Changelog\ntags: gan math-heavy\n"
                                   "categories: site notes\n---\nWhat changed.\n",
        "_posts/2020-05-07-p.md": "---\ntitle: P\ntags: gan math-heavy\n---\nA post.\n",
    })
    public, _, _ = import_and_build(tmp_path, "jekyll", capsys)
    docs = {doc["url"]: doc for doc in (json.loads(path.read_text(encoding="utf-8"))
                                        for path in (public / "search-index/d").glob("*.json"))}
    # (each tag of the index is [its id, {language: its label}])
    assert [tag for tag, _ in docs["/about.html"]["tags"]] == ["gan math-heavy"]
    assert [tag for tag, _ in docs["/2020-05-06-changelog.html"]["tags"]] == ["gan math-heavy"]
    # (a post's are two, as in Jekyll)
    assert [tag for tag, _ in docs["/2020/05/07/p.html"]["tags"]] == ["gan", "math-heavy"]
    listing = (public / "tags/gan/index.html").read_text(encoding="utf-8")
    assert "P</a>" in listing and "Changelog" not in listing
    changelog = (tmp_path / "site/content/2020-05-06-changelog.md").read_text(encoding="utf-8")
    assert 'tags: ["gan math-heavy"]' in changelog
    assert 'categories: ["site notes"]' in changelog


@pytest.mark.parametrize("permalink", ["", "permalink: pretty\n"])
def test_jekyll_categories_with_spaces_keep_their_urls(tmp_path, capsys, permalink):
    # Jekyll puts a category in the URL as written, lowercased (`/deep%20learning/…`, served from
    # the folder `deep learning`); blogforge's slug is `deep-learning`
    ending = "/" if permalink else ".html"
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n" + permalink,
        "_posts/2020-05-06-a.md": '---\ntitle: A\ncategories: ["Deep Learning"]\n---\n'
                                  f"See [b](/machine%20learning/c++/2020/05/07/b{ending}).\n",
        "_posts/2020-05-07-b.md": '---\ntitle: B\ncategories: ["Machine Learning", "C++"]\n'
                                  "---\nB.\n",
        "_posts/2020-05-08-c.md": "---\ntitle: C\ncategories: ml notes\n---\n"
                                  f"See [a](/deep%20learning/2020/05/06/a{ending}).\n",
    })
    public, _, _ = import_and_build(tmp_path, "jekyll", capsys)  # (no broken link)
    page = "index.html" if permalink else ""
    old = {"A": f"deep learning/2020/05/06/a{ending}{page}",
           "B": f"machine learning/c++/2020/05/07/b{ending}{page}",
           "C": f"ml/notes/2020/05/08/c{ending}{page}"}
    for title, path in old.items():
        assert f'<h1 id="post-title">{title}</h1>' in (public / path).read_text(encoding="utf-8")
    assert 'href="/deep%20learning/2020/05/06/a' in (public / old["C"]).read_text(
        encoding="utf-8")
    assert "permalink" not in (tmp_path / "site/content/posts/2020-05-08-c.md").read_text(
        encoding="utf-8")  # (the build gives it Jekyll's URL already)
    listing = (public / "categories/deep-learning/index.html").read_text(encoding="utf-8")
    assert 'href="/deep%20learning/2020/05/06/a' in listing


def test_jekyll_drafts_keep_each_word_of_their_tags_and_categories(tmp_path, capsys):
    # Jekyll parts `tags: gan math-heavy` at spaces in a draft as in a post; the build parts
    # them only in a file named DATE-NAME, which a draft is not
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "_drafts/idea.md": "---\ntitle: Idea\ndate: 2020-05-01\ntags: gan math-heavy\n"
                           "categories: ml notes\n---\nAn idea.\n",
        "ml/_drafts/more.md": "---\ntitle: More\ndate: 2020-05-02\ntags: vae\n---\nMore.\n",
        "_posts/2020-05-03-done.md": "---\ntitle: Done\ntags: gan math-heavy\n---\nDone.\n",
    })
    dest = tmp_path / "site"
    assert main(["import", "jekyll", str(tmp_path / "old"), str(dest)]) == 0
    result = build_site(BuildOptions(source=dest, output=dest / "public", now=NOW,
                                     use_cache=False, drafts=True))
    assert result.written
    public = dest / "public"
    for tag in ("gan", "math-heavy"):
        listing = (public / f"tags/{tag}/index.html").read_text(encoding="utf-8")
        assert "Idea" in listing and "Done" in listing
    assert not (public / "tags/gan-math-heavy").exists()
    for category in ("ml", "notes"):
        assert "Idea" in (public / f"categories/{category}/index.html").read_text(
            encoding="utf-8")
    assert "More" in (public / "categories/ml/index.html").read_text(encoding="utf-8")
    assert not (public / "categories/ml-notes").exists()
    idea = (dest / "content/posts/idea.md").read_text(encoding="utf-8")
    assert 'tags: ["gan", "math-heavy"]' in idea and 'categories: [["ml"], ["notes"]]' in idea
    assert "tags: gan math-heavy" in (dest / "content/posts/2020-05-03-done.md").read_text(
        encoding="utf-8")  # (the build parts it, as Jekyll did: left as written)


def test_jekyll_html_posts_are_posts_with_their_html(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "_posts/2012-03-04-hello-from-wordpress.html": """
            ---
            layout: post
            title: Hello from WordPress
            date: 2012-03-04 10:00:00.000000000 +01:00
            categories:
            - Uncategorized
            tags: []
            meta:
              _edit_last: '1'
            ---
            <p>Welcome to <strong>WordPress</strong>. This is your first post.</p>
            <div class="note">
                <p>Indented in a div.</p>

                <p>After a blank line.</p>
            </div>
            <pre>
            def f():

                return 1
            </pre>
            """,
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    assert "imported 1 post, " in report
    page = public / "uncategorized/2012/03/04/hello-from-wordpress.html"
    html = page.read_text(encoding="utf-8")
    assert "<p>Welcome to <strong>WordPress</strong>. This is your first post.</p>" in html
    assert "<p>After a blank line.</p>" in html  # not shown as code
    assert "&lt;p&gt;" not in html
    assert "def f():\n\n    return 1" in html
    assert "layout: post" not in html
    assert not list(public.rglob("*wordpress.html.html"))


def test_an_imported_html_post_has_an_excerpt_and_counts_its_words(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "_posts/2012-03-04-from-wordpress.html": """
            ---
            title: From WordPress
            ---
            <p>Welcome to <strong>WordPress</strong> &amp; friends.</p>
            <!--more-->
            <p>The rest of the post.</p>
            <pre><code>def not_words(): pass</code></pre>
            """,
    })
    public, _, _ = import_and_build(tmp_path, "jekyll", capsys)
    home = (public / "index.html").read_text(encoding="utf-8")
    assert '<p class="excerpt">Welcome to WordPress &amp; friends.</p>' in home
    post = (public / "2012/03/04/from-wordpress.html").read_text(encoding="utf-8")
    # "Welcome to WordPress friends" and "The rest of the post"; not the code block's words
    assert "<span>9 words</span>" in post


def test_jekyll_excerpt_separator_becomes_the_more_marker(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": 'title: J\nurl: https://e.com\nexcerpt_separator: "<!-- cut -->"\n',
        "_posts/2020-01-01-site-wide.md": """
            ---
            title: Site wide
            ---
            Shown on the card.

            <!-- cut -->

            Hidden from the card.
            """,
        "_posts/2020-01-02-own.md": """
            ---
            title: Own
            excerpt_separator: <!--break-->
            ---
            Own intro. <!-- cut --> still shown.<!--break-->

            Own rest, not on the card.
            """,
    })
    public, report, _ = import_and_build(tmp_path, "jekyll", capsys)
    assert "not carried over" not in report
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "Shown on the card." in home and "Own intro." in home
    assert "Hidden from the card." not in home and "Own rest" not in home
    post = (public / "2020/01/01/site-wide.html").read_text(encoding="utf-8")
    assert "Hidden from the card." in post


def test_hugo_blog(tmp_path, capsys):
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            languageCode = "en-us"
            title = "Field Notes"
            theme = "PaperMod"

            [permalinks]
              posts = "/:year/:month/:title/"

            [params]
              author = "Ada"
            """,
        "content/posts/_index.md": "---\ntitle: Posts\n---\n",
        "content/posts/first-post.md": """
            ---
            title: First Post
            date: 2024-01-15
            aliases: [/old-first/]
            ---
            Read the [bundle]({{< ref "bundle" >}}).

            {{< figure src="/images/a.png" caption="A picture" >}}
            """,
        "content/posts/bundle/index.md": """
            ---
            title: Bundle Post
            date: 2024-02-01
            ---
            ![pic](pic.png)
            """,
        "content/posts/bundle/pic.png": PNG,
        "content/about.md": "---\ntitle: About\n---\nAbout the field notes.\n",
        "static/images/a.png": PNG,
        "layouts/partials/extra.html": "<p></p>\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    assert (public / "2024/01/first-post/index.html").is_file()
    assert (public / "2024/02/bundle-post/index.html").is_file()
    assert (public / "2024/02/bundle-post/pic.png").is_file()
    assert (public / "about/index.html").is_file()
    first = (public / "2024/01/first-post/index.html").read_text(encoding="utf-8")
    assert 'href="/2024/02/bundle-post/"' in first
    assert '<html lang="en-US"' in first  # (languageCode: Hugo's <html lang>)
    assert "<figcaption>A picture</figcaption>" in first
    redirect = (public / "old-first/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=https://example.org/2024/01/first-post/"' in redirect
    assert "hugo.toml:4: `theme` not imported" in report
    assert "title: Posts" in (tmp_path / "site/content/posts/posts/_index.md").read_text()
    assert "layouts: not imported" in report


def test_hugo_default_urls_keep_their_section(tmp_path, capsys):
    write(tmp_path / "old", {
        "config.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/post/hello.md": "---\ntitle: Hello\ndate: 2024-01-01\n---\nHello, readers.\n",
        "content/notes/deep/idea.md": "---\ntitle: Idea\ndate: 2024-01-02\n---\nAn idea.\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    assert (public / "post/hello/index.html").is_file()
    assert (public / "notes/deep/idea/index.html").is_file()


def test_hugo_cover_pictures_named_from_the_site_root_keep_their_picture(tmp_path, capsys):
    """PaperMod's `cover: {image: img/a.jpg}` and Hugo's `images` name a file of the page's
    bundle, else of `static/`: the themes wrote `absURL` of it (https://u.github.io/blog/img/
    a.jpg). The import left the path as written, which blogforge finds beside the page
    (/blog/posts/a/img/a.jpg): every post lost its cover and its sharing card's picture, each
    said as a broken link. A bundle's own cover, and a URL, stay as written."""
    write(tmp_path / "old", {
        "config.yml": 'baseURL: "https://u.github.io/blog/"\ntitle: T\ntheme: PaperMod\n',
        "static/img/covers/sea.png": PNG,
        "static/img/cards/card.png": PNG,
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\ncover:\n"
                              "    image: \"img/covers/sea.png\"\n    relative: false\n---\nA.\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-02\n"
                              "images: [img/cards/card.png]\n---\nB.\n",
        "content/posts/c/index.md": "---\ntitle: C\ndate: 2024-01-03\n"
                                    "cover: {image: own.png}\n---\nC.\n",
        "content/posts/c/own.png": PNG,
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    shown = {name: (public / f"posts/{name}/index.html").read_text() for name in "abc"}
    assert ('<meta property="og:image" content="https://u.github.io/blog/img/covers/sea.png">'
            in shown["a"])
    assert ('<meta property="og:image" content="https://u.github.io/blog/img/cards/card.png">'
            in shown["b"])
    assert ('<meta property="og:image" content="https://u.github.io/blog/posts/c/own.png">'
            in shown["c"])
    assert ("front matter pictures written from the site's root (2): Hugo's themes "
            "(PaperMod's `cover.image`, Hugo's `images`) found a picture the page's bundle does "
            "not hold in `static/`, the site's root; blogforge looks beside the page, so these "
            "name it from the root") in report
    assert "old/content/posts/a.md:4: `img/covers/sea.png` → `/img/covers/sea.png`" in report
    assert "old/content/posts/b.md:4: `img/cards/card.png` → `/img/cards/card.png`" in report


@pytest.mark.parametrize("permalinks, urls", [
    # (what Hugo 0.168 published for these files: its URLize keeps `.` and drops `（）：`)
    ('[permalinks]\nposts = "/:year/:month/:slug/"\n',
     ["2023/05/1.-两数之和/", "2023/07/transformer二位置编码/", "2023/08/hello-world-你好/",
      "2023/09/a-b--c/", "2023/10/ml/attention/"]),
    ('[permalinks]\nposts = "/:year/:title/"\n',
     ["2023/1.-两数之和/", "2023/transformer二位置编码/", "2023/t3/", "2023/a-b--c/",
      "2023/ml/"]),
    # (the file's own name, each space a `-`, its slug URLized as a title is, the folders of
    # a slug's `/` made)
    ("", ["posts/1.-两数之和/", "posts/transformer二位置编码/", "posts/hello-world-你好/",
          "posts/2023-09-01-a--b-c/", "posts/ml/attention/"]),
])
def test_hugo_posts_keep_the_urls_hugo_made_of_their_titles_and_names(tmp_path, capsys,
                                                                      permalinks, urls):
    write(tmp_path / "old", {
        "config.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n' + permalinks,
        "content/posts/1. 两数之和.md":
            "---\ntitle: 1. 两数之和\ndate: 2023-05-01\n---\n哈希表。\n",
        "content/posts/Transformer（二）：位置编码.md":
            "---\ntitle: Transformer（二）：位置编码\ndate: 2023-07-01\n---\n正文。\n",
        "content/posts/t3.md":
            "---\ntitle: T3\nslug: Hello World! 你好\ndate: 2023-08-01\n---\nx\n",
        "content/posts/2023-09-01-a  b (c).md": "---\ntitle: a  b -- c\ndate: 2023-09-01\n---\nx\n",
        "content/posts/ml.md": "---\ntitle: ML\nslug: ML/Attention\ndate: 2023-10-01\n---\nx\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    posts = [p for p in public.rglob("index.html")  # (not the folders' list pages, /posts/…)
             if 'og:type" content="article"' in p.read_text(encoding="utf-8")]
    assert sorted(str(p.parent.relative_to(public)) + "/" for p in posts) == sorted(urls)


def test_hugo_dating_pages_by_file_name_leaves_the_date_out_of_their_urls(tmp_path, capsys):
    # (as Hugo 0.168 published them: with `:filename` in `[frontmatter]`, what follows the
    # date is the name, and the slug of a page that gives none)
    write(tmp_path / "old", {
        "config.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n'
                       '[frontmatter]\ndate = [":filename", ":default"]\n'
                       '[permalinks]\nposts = "/:year/:slug/"\n',
        "content/posts/2023-05-01-dated-post.md": "---\ntitle: A\n---\nx\n",
        "content/posts/2023-05-02-Other.md": "---\ntitle: B\nslug: own\n---\nx\n",
        "content/posts/2023-05-03_Kept.md": "---\ntitle: C Title\ndate: 2023-05-03\n---\nx\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    assert sorted(str(p.parent.relative_to(public)) for p in public.rglob("index.html")
                  if "2023" in str(p)) == ["2023/dated-post", "2023/kept", "2023/own"]


def test_hugo_url_with_a_hash_keeps_blogforges_and_is_said(tmp_path, capsys):
    write(tmp_path / "old", {
        "config.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n'
                       '[permalinks]\nposts = "/:slug/"\n',
        "content/posts/cs.md": "---\ntitle: C# 入门\ndate: 2023-05-01\n---\nx\n",
        "content/posts/go.md": "---\ntitle: Go\ndate: 2023-05-02\n---\nx\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    assert (public / "c-sharp-入门/index.html").is_file()  # (linked from go's page, not broken)
    assert ("posts/cs.md: Hugo published this post at /c#-入门/, whose `#` or `?` blogforge's "
            "links cannot hold: it is at /c-sharp-入门/ now") in report


def test_hugo_content_folder_per_language(tmp_path, capsys):
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            title = "Notes"
            defaultContentLanguage = "zh"
            [languages.zh]
              contentDir = "content/zh"
              weight = 1
            [languages.en]
              contentDir = "content/en"
              title = "Notes in English"
              weight = 2
            """,
        "content/zh/posts/attention/index.md": """
            ---
            title: 注意力机制
            date: 2024-01-01
            ---
            缩放点积注意力。![图](qk.png)
            """,
        "content/zh/posts/attention/qk.png": PNG,
        "content/en/posts/attention/index.md": """
            ---
            title: Attention
            date: 2024-01-01
            ---
            Scaled dot-product attention. ![chart](qk.png)
            """,
        "content/en/posts/attention/qk.png": PNG,
        "content/zh/about.md": "---\ntitle: 关于\n---\n关于这些笔记。\n",
        "content/en/about.md": "---\ntitle: About\n---\nAbout these notes.\n",
        "content/en/_index.md": "---\ntitle: Home\n---\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    zh = (public / "posts/attention/index.html").read_text(encoding="utf-8")
    en = (public / "en/posts/attention/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in zh and '<html lang="en"' in en
    assert 'hreflang="en" href="https://example.org/en/posts/attention/"' in zh
    assert 'hreflang="zh-CN" href="https://example.org/posts/attention/"' in en
    assert (public / "posts/attention/qk.png").is_file()
    assert (public / "en/posts/attention/qk.png").is_file()
    assert not (public / "zh").exists() and not (public / "en/en").exists()
    assert '<html lang="en"' in (public / "en/about/index.html").read_text(encoding="utf-8")
    assert "关于这些笔记" in (public / "about/index.html").read_text(encoding="utf-8")
    # (a language's own title is its site title)
    assert "Notes in English" in en and "Notes in English" not in zh
    assert "title not imported" not in report and "already taken" not in report


def test_hugo_language_folder_inside_another_is_imported_in_its_language(tmp_path, capsys):
    # `content/en` inside `content` (the Chinese folder): its pages are English, not
    # Chinese pages of an `en` section, and the nesting is said at the `contentDir` line
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            defaultContentLanguage = "zh"
            [languages.zh]
              contentDir = "content"
              weight = 1
            [languages.en]
              contentDir = "content/en"
              weight = 2
            """,
        "content/posts/attention.md": "---\ntitle: 注意力机制\ndate: 2024-01-01\n---\n缩放。\n",
        "content/en/posts/attention.md": "---\ntitle: Attention\ndate: 2024-01-01\n---\n"
                                         "Scaled.\n",
        "content/en/about.md": "---\ntitle: About\n---\nAbout these notes.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    en = (public / "en/posts/attention/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in en and "Scaled." in en
    assert 'hreflang="zh-CN" href="https://example.org/posts/attention/"' in en
    assert '<html lang="en"' in (public / "en/about/index.html").read_text(encoding="utf-8")
    assert not (public / "en/en").exists() and not (public / "posts/en").exists()
    assert ("hugo.toml:7: `content/en`, the content folder of `en`, "
            "is inside `content`, that of `zh`: its files are imported as `en` pages alone, "
            "not as `zh` ones too") in report


def test_hugo_language_folder_inside_the_top_content_dir_is_said(tmp_path, capsys):
    # `zh` names no `contentDir` (its pages are in the top one, `content`), `en` its own
    # inside it: imported as when both name theirs, and said so too, at `en`'s line
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            defaultContentLanguage = "zh"
            [languages.zh]
              weight = 1
            [languages.en]
              contentDir = "content/en"
              weight = 2
            """,
        "content/posts/attention.md": "---\ntitle: 注意力机制\ndate: 2024-01-01\n---\n缩放。\n",
        "content/en/posts/attention.md": "---\ntitle: Attention\ndate: 2024-01-01\n---\n"
                                         "Scaled.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    en = (public / "en/posts/attention/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in en and "Scaled." in en
    assert "缩放。" in (public / "posts/attention/index.html").read_text(encoding="utf-8")
    assert not (public / "en/en").exists() and not (public / "posts/en").exists()
    assert ("hugo.toml:6: `content/en`, the content folder of `en`, is inside `content`, "
            "the top `contentDir`, that of `zh` (which names none of its own): its files are "
            "imported as `en` pages alone, not as `zh` ones too") in report


def test_hugo_languages_own_bundle_file_of_the_same_name_is_kept(tmp_path, capsys):
    # each language's bundle has its own `heatmap.png` (the English one in English): the
    # second is renamed for its language, and its page shows it
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            defaultContentLanguage = "zh"
            [languages.zh]
              contentDir = "content/zh"
              weight = 1
            [languages.en]
              contentDir = "content/en"
              weight = 2
            """,
        "content/zh/posts/attention/index.md": """
            ---
            title: 注意力机制
            date: 2024-01-01
            ---
            热力图。![图](heatmap.png) ![共用](shared.png)
            """,
        "content/zh/posts/attention/heatmap.png": PNG + b"zh",
        "content/zh/posts/attention/shared.png": PNG,
        "content/en/posts/attention/index.md": """
            ---
            title: Attention
            date: 2024-01-01
            ---
            A heatmap. ![chart](./heatmap.png) ![shared](shared.png)

            {{< figure src="heatmap.png" title="Heatmap" >}}

            ```python
            plt.savefig("heatmap.png")
            ```
            """,
        "content/en/posts/attention/heatmap.png": PNG + b"en",
        "content/en/posts/attention/shared.png": PNG,
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    zh = (public / "posts/attention/index.html").read_text(encoding="utf-8")
    en = (public / "en/posts/attention/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<img src="([^"]+)"', zh) == ["heatmap.png", "shared.png"]
    assert re.findall(r'<img src="([^"]+)"', en) == ["./heatmap.en.png", "shared.png",
                                                      "heatmap.en.png"]
    assert '<span class="s2">"heatmap.png"</span>' in en  # (code shows text as written)
    assert (public / "posts/attention/heatmap.png").read_bytes() == PNG + b"zh"
    assert (public / "en/posts/attention/heatmap.en.png").read_bytes() == PNG + b"en"
    assert (public / "en/posts/attention/shared.png").read_bytes() == PNG
    assert not (tmp_path / "site/content/posts/posts/attention/shared.en.png").exists()
    assert "already taken" not in report
    assert (f"{tmp_path}/old/content/en/posts/attention/heatmap.png: copied as "
            "content/posts/posts/attention/heatmap.en.png: "
            "content/posts/posts/attention/heatmap.png is another language's, a different "
            "file; the en pages beside it name the new file") in report


def test_hugo_language_in_file_names(tmp_path, capsys):
    # Hugo's default language is en; `zh-cn` is blogforge's zh
    write(tmp_path / "old", {
        "config.toml": """
            baseURL = "https://example.org/"
            title = "Notes"
            [languages.en]
              weight = 1
            [languages.zh-cn]
              weight = 2
            """,
        "content/posts/attention.md": "---\ntitle: Attention\ndate: 2024-01-01\n---\nText.\n",
        "content/posts/attention.zh-cn.md": "---\ntitle: 注意力\ndate: 2024-01-01\n---\n正文。\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    en = (public / "posts/attention/index.html").read_text(encoding="utf-8")
    zh = (public / "zh/posts/attention/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in en and '<html lang="zh-CN"' in zh
    assert 'hreflang="zh-CN" href="https://example.org/zh/posts/attention/"' in en
    assert "language `zh-cn` is `zh` in blogforge: its pages move from /zh-cn/ to /zh/" \
        in report


def test_hugo_posts_keep_urls_without_a_language_folder(tmp_path, capsys):
    """A Hugo site of one language puts no post in a language folder, though the build would
    put an English post of a Chinese blog in /en/: it keeps Hugo's URL. On a site of two
    languages, a relative `url` is in the language's folder, an absolute one is not."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "Notes"\n',
        "content/posts/a.md": "---\ntitle: 注意力\ndate: 2024-01-01\n---\n"
                              "缩放点积注意力机制是变换器的核心部分。\n",
        "content/posts/b.md": "---\ntitle: 残差\ndate: 2024-01-02\n---\n"
                              "残差连接让深层网络更容易训练。\n",
        "content/posts/c.md": "---\ntitle: Attention\ndate: 2024-01-03\nlang: en\n---\n"
                              "Scaled dot-product attention is the core of transformers.\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    assert '<html lang="en"' in (public / "posts/c/index.html").read_text(encoding="utf-8")
    assert (public / "posts/a/index.html").is_file()
    # (/en/posts/ is the list of the English posts, which keep their URLs)
    assert not (public / "en/posts/c").exists() and not (public / "en/posts/a").exists()

    shutil.rmtree(tmp_path / "old")
    shutil.rmtree(tmp_path / "site")
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            defaultContentLanguage = "zh"
            [languages.zh]
              weight = 1
            [languages.en]
              weight = 2
            """,
        "content/posts/a.en.md": "---\ntitle: A\ndate: 2024-01-01\nurl: notes/a/\n---\nA.\n",
        "content/posts/b.en.md": "---\ntitle: B\ndate: 2024-01-02\nurl: /b/\n---\nB.\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    assert '<html lang="en"' in (public / "en/notes/a/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (public / "b/index.html").read_text(encoding="utf-8")


def test_hugo_config_folder_alone_is_read_as_hugo_merges_it(tmp_path, capsys):
    """A Blowfish-style site keeps its settings in config/_default/ (one file per root key, a
    language's in `NAME.LANG.toml`) and config/production/, which `hugo` reads over it: its
    title, description and author are the default language's, its URLs production's."""
    write(tmp_path / "old", {
        "config/_default/hugo.toml": """
            baseURL = "https://dev.example.org/"
            theme = "blowfish"
            defaultContentLanguage = "zh"

            [pagination]
              pagerSize = 7
            """,
        "config/_default/languages.zh.toml": """
            languageCode = "zh-CN"
            weight = 1
            title = "学习笔记"

            [params]
              description = "机器学习的学习笔记"
              [params.author]
                name = "小明"
            """,
        "config/_default/languages.en.toml": 'weight = 2\ntitle = "Study Notes"\n',
        "config/_default/params.toml": '# Blowfish\ncolorScheme = "ocean"\n',
        "config/_default/menus.zh.toml": """
            # the header
            [[main]]
              name = "归档"
              pageRef = "archives"
            """,
        "config/_default/permalinks.toml": 'posts = "/:year/:month/:slug/"\n',
        "config/_default/taxonomies.toml": 'tag = "tags"\n',
        "config/production/hugo.toml": 'baseURL = "https://notes.example.org/"\n',
        "content/posts/attention.md": "---\ntitle: 注意力\ndate: 2024-01-15\n---\n正文。\n",
        "content/posts/attention.en.md": "---\ntitle: Attention\ndate: 2024-01-15\n---\n"
                                         "Text.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    site_yaml = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    for origin, line in [
            ("config/_default/languages.zh.toml:3 (title)", 'title: "学习笔记"'),
            ("config/_default/languages.zh.toml:6 (params.description)",
             'description: "机器学习的学习笔记"'),
            ("config/_default/languages.zh.toml:7 (params.author)", 'author: "小明"'),
            ("config/production/hugo.toml:1 (baseURL)", 'base_url: "https://notes.example.org/"'),
            ("config/_default/hugo.toml:3 (defaultContentLanguage)", 'default_language: "zh"'),
            ("config/_default/hugo.toml:6 (pagination.pagerSize)", "paginate: 7"),
            ("config/_default/permalinks.toml:1 (permalinks)",
             'permalink: "/:year/:month/:slug_or_title/"')]:
        assert f"# from {origin}\n{line}\n" in site_yaml
    zh = (public / "2024/01/注意力/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in zh and "学习笔记" in zh
    assert 'hreflang="en" href="https://notes.example.org/en/2024/01/attention/"' in zh
    assert "config/_default/hugo.toml:2: `theme` not imported" in report
    assert "menus.zh.toml" not in report  # (its one entry is carried)
    assert '<li><a href="/archives/">归档</a></li>' in zh
    assert "languageCode" not in report  # (zh-CN: zh's <html lang>)
    assert "config/_default/taxonomies.toml:1: `taxonomies` not imported" in report
    assert "title not imported" not in report  # (the site's, and en's own)
    assert "<title>Study Notes</title>" in (public / "en/index.html").read_text(encoding="utf-8")
    home = (public / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="机器学习的学习笔记">' in home and "© 小明" in home


def test_hugo_config_folder_over_a_root_config(tmp_path, capsys):
    """A root hugo.toml and a config folder: Hugo reads the root first, then config/_default/,
    then config/production/, a table key by key: each value is the last file's that set it."""
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            title = "Field Notes"
            theme = "PaperMod"
            [params]
              author = "Ada"
              description = "Notes"
            [permalinks]
              posts = "/:year/:slug/"
            """,
        "config/_default/params.toml": 'author = "Grace"\n',
        "config/production/params.yaml": "# for `hugo`\ndescription: Notes on learning\n",
        "config/production/permalinks.toml": '# URLs\nposts = "/p/:slug/"\n',
        "config/production/outputs.toml": 'home = ["HTML"]\n',
        "content/posts/hello.md": "---\ntitle: Hello\ndate: 2024-01-01\n---\nHello.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    site_yaml = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    for origin, line in [("hugo.toml:2 (title)", 'title: "Field Notes"'),
                         ("config/_default/params.toml:1 (author)", 'author: "Grace"'),
                         ("config/production/params.yaml:2 (description)",
                          'description: "Notes on learning"'),
                         ("config/production/permalinks.toml:2 (permalinks)",
                          'permalink: "/p/:slug_or_title/"')]:
        assert f"# from {origin}\n{line}\n" in site_yaml
    home = (public / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Notes on learning">' in home
    page = (public / "p/hello/index.html").read_text(encoding="utf-8")
    assert '© <span lang="en">Grace</span> ·' in page  # (an English name on a Chinese page)
    assert "hugo.toml:3: `theme` not imported" in report
    assert "outputs" not in report  # (harmless: blogforge makes its own outputs)


def header_links(page: str) -> list[tuple[str, str]]:
    """The header menu of a built page: (text, href) of each link, in order."""
    nav = page.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return [(html.unescape(text), href)
            for href, text in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', nav)]


def test_hugo_root_menu_is_each_languages_header(tmp_path, capsys):
    """`[[menu.main]]` in the root config is the header of every language, in Hugo's order
    (by weight, an entry without one last), a `pageRef` leading to the page of that language
    (`/about`: about.md in zh, about.en.md in en); what the header cannot show is reported at
    its entry's line."""
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            title = "笔记"
            defaultContentLanguage = "zh"
            [languages.zh]
              weight = 1
            [languages.en]
              weight = 2
              languageName = "EN"

            [[menu.main]]
              name = "About"
              pageRef = "/about"
              weight = 30
            [[menu.main]]
              name = "Tags"
              url = "/tags/"
              weight = 10
            [[menu.main]]
              name = "GitHub"
              url = "https://github.com/ada"
              pre = "<i class='fab fa-github'></i>"
            [[menu.main]]
              name = "Attention"
              pageRef = "posts/attention"
              weight = 20
            [[menu.main]]
              name = "Old notes"
              url = "/old/"
              parent = "About"
            [[menu.footer]]
              name = "RSS"
              url = "/index.xml"
            """,
        "content/about.md": "---\ntitle: 关于\n---\n关于这些笔记。\n",
        "content/about.en.md": "---\ntitle: About me\n---\nAbout these notes.\n",
        "content/posts/attention.md": "---\ntitle: 注意力\ndate: 2024-01-15\n---\n正文。\n",
        "content/posts/attention.en.md": "---\ntitle: Attention\ndate: 2024-01-15\n---\n"
                                         "Text.\n",
        # (English text in a file of the default language: Chinese in Hugo, and here)
        "content/posts/notes.md": "---\ntitle: Reading list\ndate: 2024-01-16\n---\n"
                                  "Papers on attention and diffusion I mean to read this year, "
                                  "with a line about each of them.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    zh = (public / "index.html").read_text(encoding="utf-8")
    en = (public / "en/index.html").read_text(encoding="utf-8")
    assert header_links(zh) == [("Tags", "/tags/"), ("Attention", "/posts/attention/"),
                                ("About", "/about/"), ("GitHub", "https://github.com/ada")]
    # (a `url` is the same for every language in Hugo: /tags/ is the Chinese tags page)
    assert header_links(en) == [("Tags", "https://example.org/tags/"),
                                ("Attention", "/en/posts/attention/"),
                                ("About", "/en/about/"), ("GitHub", "https://github.com/ada")]
    assert '<html lang="zh-CN"' in (public / "posts/notes/index.html").read_text(
        encoding="utf-8")
    assert ">EN</a>" in zh  # (languageName: the switcher's)
    assert report.count("hugo.toml:18: menu entry `GitHub`: `pre` not imported") == 1
    assert "hugo.toml:26: menu entry `Old notes` (under `About`) not imported" in report
    assert "hugo.toml:30: `menus.footer` not imported" in report
    assert "`menu` not imported" not in report


def test_hugo_config_folder_menus_and_a_languages_own_settings(tmp_path, capsys):
    """menus.zh.toml and menus.en.toml (Blowfish's layout) are each language's header; the
    second language's title and description are its own; the site.yaml written lists the
    languages Hugo had and no other."""
    write(tmp_path / "old", {
        "config/_default/hugo.toml": """
            baseURL = "https://example.org/notes/"
            defaultContentLanguage = "zh"
            """,
        "config/_default/languages.zh.toml": 'weight = 1\ntitle = "学习笔记"\n',
        "config/_default/languages.en.toml": """
            weight = 2
            title = "Study Notes"
            [params]
              description = "Notes on machine learning"
              logo = "img/logo.png"
            """,
        "config/_default/menus.zh.toml": """
            [[main]]
              name = "关于"
              pageRef = "about"
              weight = 2
            [[main]]
              name = "归档"
              pageRef = "archives"
              weight = 1
            """,
        "config/_default/menus.en.toml": """
            [[main]]
              name = "About"
              pageRef = "about"
              weight = 2
            [[main]]
              name = "Posts"
              url = "/en/posts/gan/"
              weight = 1
            [[main]]
              name = "Chinese site"
              url = "/"
              weight = 3
            """,
        "content/about.md": "---\ntitle: 关于\n---\n关于。\n",
        "content/about.en.md": "---\ntitle: About\n---\nAbout.\n",
        "content/posts/gan.md": "---\ntitle: 生成对抗网络\ndate: 2024-01-15\nslug: gan\n---\n"
                                "正文。\n",
        "content/posts/gan.en.md": "---\ntitle: GANs\ndate: 2024-01-15\nslug: gan\n---\nText.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    zh = (public / "index.html").read_text(encoding="utf-8")
    en = (public / "en/index.html").read_text(encoding="utf-8")
    assert header_links(zh) == [("归档", "/notes/archives/"), ("关于", "/notes/about/")]
    assert header_links(en) == [("Posts", "/notes/en/posts/gan/"),
                                ("About", "/notes/en/about/"),
                                ("Chinese site", "https://example.org/notes/")]
    assert "<title>Study Notes</title>" in en and "<title>学习笔记</title>" in zh
    assert '<meta name="description" content="Notes on machine learning">' in en
    assert "Notes on machine learning" not in zh
    assert "config/_default/languages.en.toml:5: `languages.en`: params.logo not imported" \
        in report
    assert "menus." not in report and "title not imported" not in report
    site_yaml = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    languages = site_yaml.split("\nlanguages:\n", 1)[1].split("\n# from", 1)[0]
    assert re.findall(r"^  (\w+):$", languages, re.M) == ["zh", "en"]


def test_hugo_menu_of_a_one_language_site(tmp_path, capsys):
    """A site of one language (`languageCode`) gets its header under that language; a post
    whose `lang:` names another still builds, that language listed too (and reported)."""
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            languageCode = "en-us"
            title = "Notes"
            [[menu.main]]
              name = "Home"
              url = "/"
            """,
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-02\nlang: zh\n---\n正文。\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    assert header_links((public / "index.html").read_text(encoding="utf-8")) == [
        ("Home", "/")]
    assert '<html lang="zh-CN"' in (public / "posts/b/index.html").read_text(encoding="utf-8")
    assert "content/posts/b.md: in `zh`, which Hugo's languages do not list" in report


def test_hugo_pages_own_menu_entries_join_each_languages_header(tmp_path, capsys):
    """A page's front matter `menu:` (YAML, TOML or JSON; a name, a list, a table) puts it in
    its own language's header, among the config's entries in Hugo's order: by the entry's
    weight, else the page's, an entry without one last, then by name (the entry's, else the
    page's linkTitle, else its title). What the header cannot show is reported at its line;
    the `menu:` left in front matter does not trouble the build."""
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            title = "笔记"
            defaultContentLanguage = "zh"
            [languages.zh]
              weight = 1
            [languages.en]
              weight = 2
            [[menu.main]]
              name = "Tags"
              pageRef = "/tags"
              weight = 10
            [[menu.main]]
              name = "GitHub"
              url = "https://github.com/ada"
            """,
        "content/about.md": """
            ---
            title: 关于我
            linkTitle: 关于
            menu:
              main:
                weight: 20
                identifier: about
            ---
            关于这些笔记。
            """,
        "content/about.en.md": """
            +++
            title = "About me"
            [menu.main]
              weight = 20
              name = "About"
              pre = "<i class='fa fa-user'></i>"
            +++
            About these notes.
            """,
        "content/notes.en.md": """
            {
              "title": "Reading notes",
              "linkTitle": "Notes",
              "weight": 15,
              "menu": "main"
            }
            Notes.
            """,
        "content/reading.md": "---\ntitle: 读书\nmenu: [main, footer]\n---\n书单。\n",
        "content/posts/_index.md": "---\ntitle: 文章\nmenu:\n  - main\n---\n",
        "content/posts/attention.md": "---\ntitle: 注意力\ndate: 2024-01-15\nweight: 5\n"
                                      "menu: main\n---\n正文。\n",
        "content/posts/attention.en.md": """
            ---
            title: Attention
            date: 2024-01-15
            menu:
              main:
                parent: more
            ---
            Text.
            """,
    })
    public, report, diagnostics = import_and_build(tmp_path, "hugo", capsys)
    zh = (public / "index.html").read_text(encoding="utf-8")
    en = (public / "en/index.html").read_text(encoding="utf-8")
    assert header_links(zh) == [("注意力", "/posts/attention/"), ("Tags", "/tags/"),
                                ("关于", "/about/"), ("GitHub", "https://github.com/ada"),
                                ("文章", "/posts/posts/"), ("读书", "/reading/")]
    assert "注意力" in (public / "posts/posts/index.html").read_text(encoding="utf-8")
    assert header_links(en) == [("Tags", "/en/tags/"), ("Notes", "/en/notes/"),
                                ("About", "/en/about/"), ("GitHub", "https://github.com/ada")]
    assert "content/reading.md:3: `menu.footer` not imported" in report
    assert "content/about.en.md:3: menu entry `About`: `pre` not imported" in report
    assert "content/posts/attention.en.md:5: menu entry `Attention` (under `more`) not " \
        "imported" in report
    # (the page keeps its `menu:`, a key of Hugo's that the build leaves to templates)
    assert "menu:" in (tmp_path / "site/content/about.md").read_text(encoding="utf-8")
    assert "<h1>关于我</h1>" in (public / "about/index.html").read_text(encoding="utf-8")
    assert not [d for d in diagnostics if "menu" in d.lower()], diagnostics


def test_hugo_pages_own_menu_on_a_one_language_site(tmp_path, capsys):
    """On a site of one language with no menu in its config, the pages' own entries are its
    header: list pages (`_index.md`) lead to the home and the section's page, a bundle to its page,
    a key written with capitals is read as Hugo reads it; a draft is in no menu, and a second
    entry of one name, or a value Hugo could not read, is left out and reported."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\nlanguageCode = "en-us"\n'
                     'title = "Notes"\n',
        "content/_index.md": '+++\ntitle = "Home"\n[menu.main]\nweight = 1\n+++\n',
        "content/posts/_index.md": "---\ntitle: Posts\nweight: 2\nmenu: main\n---\n",
        "content/about/index.md": "---\nTitle: About\nMenu:\n  main:\n    Weight: 3\n---\n"
                                  "About.\n",
        "content/contact.md": "---\ntitle: Contact\nmenu:\n  main:\n    name: About\n---\n"
                              "Mail me.\n",
        "content/odd.md": "---\ntitle: Odd\nmenus: 5\n---\nText.\n",
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n",
        "content/posts/wip.md": "---\ntitle: Work in progress\ndate: 2024-01-02\n"
                                "draft: true\nmenu: main\n---\nText.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    assert header_links((public / "index.html").read_text(encoding="utf-8")) == [
        ("Home", "/"), ("Posts", "/posts/posts/"), ("About", "/about/")]
    assert "content/contact.md:4: menu entry `About` not imported: the menu has an entry " \
        "`About` already" in report
    assert "Work in progress" not in report
    assert "content/odd.md:3: `menus` not imported: Hugo reads a menu's name" in report
    site_yaml = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    assert "# from content/_index.md:3 (menu)\nlanguages:\n  en:\n    locale: \"en-US\"\n" \
        "    menu:\n" in site_yaml


def test_hugo_menu_links_under_a_base_path_keep_a_section_of_the_same_name(tmp_path, capsys):
    """On a site whose base URL has a path (`/notes/`), a menu link to a page of the `notes`
    section leads to it, whether a `pageRef`, a site path `url` (Hugo puts the base path in
    front of it, as of any `/` url) or the page's own front matter entry: none loses the
    words it shares with the base path."""
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/notes/"
            languageCode = "en-us"
            title = "Notes"
            [[menu.main]]
              name = "First"
              pageRef = "notes/first"
              weight = 1
            [[menu.main]]
              name = "Second"
              url = "/notes/second/"
              weight = 2
            [[menu.main]]
              name = "About"
              pageRef = "/about"
              weight = 4
            """,
        "content/notes/first.md": "---\ntitle: First\ndate: 2024-01-01\n---\nOne.\n",
        "content/notes/second.md": "---\ntitle: Second\ndate: 2024-01-02\n---\nTwo.\n",
        "content/notes/third.md": "---\ntitle: Third\ndate: 2024-01-03\nmenu:\n  main:\n"
                                  "    weight: 3\n---\nThree.\n",
        "content/about.md": "---\ntitle: About\n---\nAbout.\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    links = header_links((public / "index.html").read_text(encoding="utf-8"))
    assert links == [("First", "/notes/notes/first/"), ("Second", "/notes/notes/second/"),
                     ("Third", "/notes/notes/third/"), ("About", "/notes/about/")]
    for _, href in links:
        assert (public / href.removeprefix("/notes/") / "index.html").is_file(), href


def test_hugo_menu_links_to_a_section_lead_to_its_section_page(tmp_path, capsys):
    """Hugo makes a list page of every section, with an `_index.md` or without, and so does
    blogforge of the folder its posts are imported into (content/posts/notes/): a `pageRef`
    to one (`/posts`, `notes`) leads to that page in the entry's language, a `url` to one
    (`/posts/`, `/en/notes/`) to that page in the language its path is in; each link of
    both headers leads to a page of the output, which lists the section's posts."""
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            title = "笔记"
            defaultContentLanguage = "zh"
            [languages.zh]
              weight = 1
            [languages.en]
              weight = 2
            [[menu.main]]
              name = "Posts"
              pageRef = "/posts"
              weight = 1
            [[menu.main]]
              name = "Notes"
              pageRef = "notes"
              weight = 2
            [[menu.main]]
              name = "All posts"
              url = "/posts/"
              weight = 3
            [[menu.main]]
              name = "English notes"
              url = "/en/notes/"
              weight = 4
            """,
        "content/posts/a.md": "---\ntitle: 注意力\ndate: 2024-01-15\n---\n正文。\n",
        "content/posts/a.en.md": "---\ntitle: Attention\ndate: 2024-01-15\n---\nText.\n",
        "content/notes/n.md": "---\ntitle: 笔记一\ndate: 2024-01-16\n---\n正文。\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    zh = header_links((public / "index.html").read_text(encoding="utf-8"))
    en = header_links((public / "en/index.html").read_text(encoding="utf-8"))
    assert zh == [("Posts", "/posts/posts/"), ("Notes", "/posts/notes/"),
                  ("All posts", "/posts/posts/"), ("English notes", "/en/posts/notes/")]
    assert en == [("Posts", "/en/posts/posts/"), ("Notes", "/en/posts/notes/"),
                  ("All posts", "https://example.org/posts/posts/"),
                  ("English notes", "/en/posts/notes/")]
    assert "笔记一" in (public / "posts/notes/index.html").read_text(encoding="utf-8")
    for _, href in zh + en:
        page = href.removeprefix("https://example.org").strip("/")
        assert (public / page / "index.html").is_file(), href
    assert "no page" not in report


def test_hugo_languages_own_permalinks_give_its_posts_hugos_urls(tmp_path, capsys):
    """A language's own `permalinks` (`[languages.en.permalinks]`) is read section by section
    over the root's, as Hugo reads it: its posts keep Hugo's URLs through site.yaml's
    `languages.en.permalink`, and so do the header links to them; the other language keeps the
    root's pattern."""
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            title = "笔记"
            defaultContentLanguage = "zh"
            [permalinks]
              posts = "/:year/:slug/"
              notes = "/n/:slug/"
            [languages.zh]
              weight = 1
            [languages.en]
              weight = 2
              [languages.en.permalinks]
                posts = "/articles/:slug/"
            [[menu.main]]
              name = "Attention"
              pageRef = "/posts/a"
            """,
        "content/posts/a.md": "---\ntitle: 注意力\nslug: attn\ndate: 2024-01-15\n---\n正文。\n",
        "content/posts/a.en.md": "---\ntitle: Attention\nslug: attn\ndate: 2024-01-15\n---\n"
                                 "Text.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    assert "注意力" in (public / "2024/attn/index.html").read_text(encoding="utf-8")
    assert "Attention" in (public / "en/articles/attn/index.html").read_text(encoding="utf-8")
    assert not (public / "en/2024/attn").exists()
    # (a menu's pageRef leads to the post where the build puts it, in each language)
    assert header_links((public / "en/index.html").read_text(encoding="utf-8")) == [
        ("Attention", "/en/articles/attn/")]
    assert header_links((public / "index.html").read_text(encoding="utf-8")) == [
        ("Attention", "/2024/attn/")]
    assert "permalinks not imported" not in report and "permalink:" not in "".join(
        path.read_text(encoding="utf-8") for path in (tmp_path / "site/content").rglob("*.md"))


def test_hugo_language_codes_are_each_languages_html_lang(tmp_path, capsys):
    """Each language's `languageCode` is what its pages say in `<html lang>` and hreflang, as
    BCP 47 writes it (`zh-tw` → zh-TW, `en-us` → en-US); the root's (a template's `en-us`)
    gives way to the default language's own."""
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            languageCode = "en-us"
            title = "筆記"
            defaultContentLanguage = "zh"
            [languages.zh]
              weight = 1
              languageCode = "zh-tw"
            [languages.en]
              weight = 2
              languageCode = "en-us"
            """,
        "content/posts/a.md": "---\ntitle: 注意力\ndate: 2024-01-15\n---\n正文。\n",
        "content/posts/a.en.md": "---\ntitle: Attention\ndate: 2024-01-15\n---\nText.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    for page in ("index.html", "posts/a/index.html", "en/index.html", "en/posts/a/index.html"):
        text = (public / page).read_text(encoding="utf-8")
        lang = "en-US" if page.startswith("en/") else "zh-TW"
        assert f'<html lang="{lang}"' in text, page
        assert 'hreflang="zh-CN"' not in text and 'hreflang="en"' not in text, page
    post = (public / "posts/a/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en-US" href="https://example.org/en/posts/a/">' \
        in post
    assert '<link rel="alternate" hreflang="zh-TW" href="https://example.org/posts/a/">' in post
    assert "languageCode" not in report


@pytest.mark.parametrize(("code", "why"), [
    ('"en-us"', "it names another language than `zh`"),
    ('"Chinese"', "it is no language tag (BCP 47: `en-US`, `zh-CN`)"),
])
def test_hugo_language_code_of_another_language_is_reported(tmp_path, capsys, code, why):
    """A `languageCode` that names another language than the site's (a theme's `en-us` left
    on a Chinese site), or that is no language tag, is reported: the pages keep zh-CN."""
    write(tmp_path / "old", {
        "hugo.toml": f"""
            baseURL = "https://example.org/"
            languageCode = {code}
            defaultContentLanguage = "zh"
            title = "笔记"
            """,
        "content/posts/a.md": "---\ntitle: 注意力\ndate: 2024-01-15\n---\n正文。\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    assert '<html lang="zh-CN"' in (public / "posts/a/index.html").read_text(encoding="utf-8")
    assert f'hugo.toml:2: `languageCode` {code} not imported: {why}, whose pages say ' \
        '`<html lang="zh-CN">`' in report


@pytest.mark.parametrize(("name", "config", "line"), [
    ("hugo.toml", """
        baseURL = "https://example.org/"
        defaultContentLanguage = "zh"
        [languages.zh]
          weight = 1
          title = "笔记"
          languageCode = "en-us"
        """, 6),
    ("hugo.yaml", """
        baseURL: https://example.org/
        defaultContentLanguage: zh
        languages:
          zh:
            weight: 1
            title: 笔记
            languageCode: en-us
        """, 7),
    ("hugo.json", """
        {
          "baseURL": "https://example.org/",
          "defaultContentLanguage": "zh",
          "languages": {
            "zh": {
              "weight": 1,
              "title": "笔记",
              "languageCode": "en-us"
            }
          }
        }
        """, 8),
])
def test_hugo_languages_own_language_code_is_reported_at_its_line(tmp_path, capsys, name,
                                                                    config, line):
    """A language's `languageCode` that cannot be carried is reported at its own line, in a
    TOML, YAML or JSON config alike, not at the line of the language's table."""
    write(tmp_path / "old", {
        name: config,
        "content/posts/a.md": "---\ntitle: 注意力\ndate: 2024-01-15\n---\n正文。\n",
    })
    _, report, _ = import_and_build(tmp_path, "hugo", capsys)
    assert f"{name}:{line}: `languages.zh.languageCode` \"en-us\" not imported: it names " \
        "another language than `zh`" in report


def test_hugo_series_lists_become_one_series(tmp_path, capsys):
    # Hugo's taxonomies are lists; a blogforge post is in one series
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/posts/vae.md": """
            +++
            title = "VAE"
            date = 2024-01-01
            series = [
              "Generative models",  # the first part
            ]
            [params]
              series = ["kept as written"]
            +++
            The evidence lower bound.
            """,
        "content/posts/gan.md": """
            ---
            title: GAN
            date: 2024-01-02
            series:
              - Generative models
              - Adversarial
            ---
            A generator and a discriminator.
            """,
        "content/posts/flow.md": "---\ntitle: Flow\ndate: 2024-01-03\nseries: []\n---\nFlows.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    listing = (public / "series/generative-models/index.html").read_text(encoding="utf-8")
    assert "VAE" in listing and "GAN" in listing
    assert "content/posts/gan.md: series: kept `Generative models`, left out `Adversarial`" \
        in report
    vae = (tmp_path / "site/content/posts/posts/vae.md").read_text(encoding="utf-8")
    assert 'date = 2024-01-01\nseries = "Generative models"\n[params]\n' \
        '  series = ["kept as written"]\n' in vae
    assert "series" not in (tmp_path / "site/content/posts/posts/flow.md").read_text(
        encoding="utf-8")


HUGO_UNPUBLISHED = {
    "content/posts/scheduled.md": "---\ntitle: Scheduled\ndate: 2020-01-01\n"
                                  "publishDate: 2099-01-01\n---\nNot yet.\n",
    "content/posts/expired.md": "---\ntitle: Expired\ndate: 2020-01-01\nexpiryDate: 2021-01-01"
                                "\n---\nOld offer.\n",
    "content/posts/hidden.md": "---\ntitle: Hidden\ndate: 2020-01-01\nbuild:\n  render: never\n"
                               "  list: never\n---\nSecret.\n",
    "content/posts/old-build.md": '+++\ntitle = "Old"\ndate = 2020-01-01\n[_build]\n'
                                  "render = false\n+++\nOld build options.\n",
    "content/posts/gallery/index.md": "---\ntitle: Gallery\ndate: 2020-01-01\nheadless: true\n"
                                      "---\n",
    "content/posts/gallery/a.png": PNG,
    "content/posts/unlisted.md": "---\ntitle: Unlisted\ndate: 2020-01-01\nbuild:\n"
                                 "  list: never\n---\nUnlisted.\n",
    "content/posts/offer.md": "---\ntitle: Offer\ndate: 2020-01-01\nexpiryDate: 2099-06-01\n"
                              "---\nOffer.\n",
    "content/later.md": "---\ntitle: Later page\npublishDate: 2099-01-01\n---\nA page.\n",
}


def test_hugo_content_hugo_did_not_publish_is_held_back(tmp_path, capsys):
    # Hugo publishes no page for a publishDate to come, an expiryDate past, `render: never`
    # or a headless bundle; blogforge reads none of these keys, and published them all
    write(tmp_path / "old", {"hugo.toml": 'baseURL = "https://e.com/"\ntitle = "T"\n',
                             **HUGO_UNPUBLISHED})
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    content = tmp_path / "site/content"
    # (kept as written, its date too, which Hugo shows once it is out: the build reads
    # `publishDate` as Hugo does; it was written over the date, and a page made a draft)
    assert (content / "posts/posts/scheduled.md").read_text(encoding="utf-8") == \
        HUGO_UNPUBLISHED["content/posts/scheduled.md"]
    assert "posts/scheduled.md:4: `publishDate` 2099-01-01 is to come: Hugo publishes the " \
        "post then, and so does blogforge's first build after it" in report
    for name in ("expired.md", "hidden.md", "gallery/index.md"):
        assert "\ndraft: true\n---\n" in (content / "posts/posts" / name).read_text(
            encoding="utf-8")
    assert '+++\ndraft = true\ntitle = "Old"' in (content / "posts/posts/old-build.md"
                                                 ).read_text(encoding="utf-8")
    assert "draft" not in (content / "later.md").read_text(encoding="utf-8")
    assert "posts/expired.md:4: `expiryDate` 2021-01-01 is past: Hugo took the page down " \
        "then; written `draft: true`" in report
    assert "posts/hidden.md:4: `build: render: never`: Hugo rendered no page of it" in report
    assert "posts/old-build.md:4: `_build: render: false`" in report
    assert "posts/gallery/index.md:4: `headless: true`: a headless bundle" in report
    assert "later.md:3: `publishDate` 2099-01-01 is to come: Hugo publishes the page then, " \
        "and so does blogforge's first build after it" in report
    assert "posts/unlisted.md:4: `build: list: never`: Hugo left the page out of its lists " \
        "(the home page's, the feed); blogforge reads it so too: the page is unlisted" in report
    assert "posts/offer.md:4: `expiryDate` 2099-06-01: Hugo takes the page down then" in report
    published = {path.relative_to(public).as_posix() for path in public.rglob("*")
                 if path.is_file()}
    assert "posts/unlisted/index.html" in published and "posts/offer/index.html" in published
    assert "posts/unlisted/" not in (public / "index.html").read_text(encoding="utf-8")
    assert not [path for path in published if re.search(
        r"scheduled|expired|hidden|old-build|gallery|later", path)], published
    # (a site that Hugo built with buildFuture and buildExpired published them)
    shutil.rmtree(tmp_path / "site")
    write(tmp_path / "old", {"hugo.toml": 'baseURL = "https://e.com/"\ntitle = "T"\n'
                             "buildFuture = true\nbuildExpired = true\n"})
    assert main(["import", "hugo", str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    assert (content / "posts/posts/scheduled.md").read_text(encoding="utf-8") == \
        HUGO_UNPUBLISHED["content/posts/scheduled.md"]
    assert "draft" not in (content / "posts/posts/expired.md").read_text(encoding="utf-8")


def test_posts_without_a_date_are_imported_dated_by_their_file(tmp_path, capsys):
    # the build dates them by their file's time: the import kept it, and crashed reading it
    # from the copy not yet written
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n'
                     '[permalinks]\n  posts = "/:year/:slug/"\n',
        "content/posts/undated.md": "---\ntitle: Undated\n---\nNo date here.\n",
        "content/posts/empty.md": "+++\ntitle = \"Empty\"\n+++\nNo date either.\n",
    })
    for name in ("undated.md", "empty.md"):
        os.utime(tmp_path / "old/content/posts" / name, (1700000000, 1700000000))  # (2023)
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    assert "No date here." in (public / "2023/undated/index.html").read_text(encoding="utf-8")
    assert (public / "2023/empty/index.html").is_file()
    # (written, so that a clone, which resets file times, keeps the date)
    assert (tmp_path / "site/content/posts/posts/undated.md").read_text(encoding="utf-8") == \
        '---\ntitle: Undated\ndate: "2023-11-14 22:13:20+00:00"\n---\nNo date here.\n'
    assert 'date = "2023-11-14 22:13:20+00:00"' in (
        tmp_path / "site/content/posts/posts/empty.md").read_text(encoding="utf-8")
    assert "content/posts/undated.md: no date: written `date: 2023-11-14 22:13:20+00:00`, its " \
        "file's modification time, which a clone or checkout would reset" in report
    assert "content/posts: 2 posts without a date, each written its file's modification " \
        "time" in report
    shutil.rmtree(tmp_path / "site")
    write(tmp_path / "jekyll", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "_drafts/idea.md": "---\ntitle: Idea\n---\nA draft has no date in its name.\n",
    })
    assert main(["import", "jekyll", str(tmp_path / "jekyll"), str(tmp_path / "site")]) == 0
    assert "draft: true" in (tmp_path / "site/content/posts/idea.md").read_text(
        encoding="utf-8")


def test_posts_without_a_date_get_the_date_their_generator_gave_them(tmp_path, capsys):
    # Hugo dates a page without `date` by its publishDate, else its lastmod; Hexo by its file
    write(tmp_path / "hugo", {
        "hugo.toml": 'baseURL = "https://e.com/"\ntitle = "T"\n',
        "content/posts/published.md": "---\ntitle: P\npublishDate: 2021-03-04\n---\nP.\n",
        "content/posts/modified.md": "---\ntitle: M\nlastmod: 2022-05-06\n---\nM.\n",
    })
    assert main(["import", "hugo", str(tmp_path / "hugo"), str(tmp_path / "site")]) == 0
    assert "no date" not in capsys.readouterr().out
    posts = tmp_path / "site/content/posts/posts"
    assert 'date: "2021-03-04"' in (posts / "published.md").read_text(encoding="utf-8")
    assert 'date: "2022-05-06"' in (posts / "modified.md").read_text(encoding="utf-8")
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "source/_posts/undated.md": "---\ntitle: Undated\n---\nNo date.\n",
        "source/_posts/dated.md": "---\ntitle: Dated\ndate: 2024-01-01\n---\nDated.\n",
        "source/_drafts/idea.md": "---\ntitle: Idea\n---\nLater.\n",
    })
    os.utime(tmp_path / "old/source/_posts/undated.md", (1700000000, 1700000000))
    shutil.rmtree(tmp_path / "site")
    assert main(["import", "hexo", str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    report = capsys.readouterr().out
    assert 'date: "2023-11-14 22:13:20+00:00"' in (
        tmp_path / "site/content/posts/undated.md").read_text(encoding="utf-8")
    assert "date:" not in (tmp_path / "site/content/posts/idea.md").read_text(encoding="utf-8")
    assert "source/_posts: 1 post without a date" in report


def test_hugo_capitalised_keys_are_written_as_blogforge_reads_them(tmp_path, capsys):
    # Hugo reads `Title:`, `Draft:`, `Tags:` as `title`, `draft`, `tags`; blogforge reads them
    # as written, and would take each for a slip (a warning per post, no title)
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/posts/attention.md": """
            ---
            Title: Attention
            Date: 2024-01-01
            Tags: [transformer]
            TranslationKey: attn
            ---
            Queries, keys and values.
            """,
        "content/posts/wip.md": "---\nTitle: Work in progress\nDraft: true\n---\nNot yet.\n",
        "content/posts/vae.md": """
            +++
            Title = "VAE"
            date = 2024-01-02
            [params]
              Title = "kept as written"
            +++
            The evidence lower bound.
            """,
        "content/about.md": "---\nTITLE: About\n---\nAbout the notes.\n",
    })
    public, report, messages = import_and_build(tmp_path, "hugo", capsys)
    assert [m for m in messages if "did you mean" in m] == []
    assert "<title>Attention" in (public / "posts/attention/index.html").read_text(
        encoding="utf-8")
    assert (public / "tags/transformer/index.html").is_file()
    assert not (public / "posts/wip/index.html").exists()  # (a draft, as in Hugo)
    assert "<title>VAE" in (public / "posts/vae/index.html").read_text(encoding="utf-8")
    assert "<title>About" in (public / "about/index.html").read_text(encoding="utf-8")
    vae = (tmp_path / "site/content/posts/posts/vae.md").read_text(encoding="utf-8")
    assert 'title = "VAE"\ndate = 2024-01-02\n[params]\n  Title = "kept as written"\n' in vae
    assert (tmp_path / "site/content/posts/posts/attention.md").read_text(
        encoding="utf-8").startswith("---\ntitle: Attention\ndate: 2024-01-01\n"
                                     "tags: [transformer]\ntranslationKey: attn\n---\n")
    assert ("front matter keys written as blogforge reads them (8): `TITLE` → `title` (1), "
            "`Title` → `title` (3), `Date` → `date` (1), `Tags` → `tags` (1), "
            "`TranslationKey` → `translationKey` (1), `Draft` → `draft` (1); "
            "Hugo reads a key whatever its capitals") in report
    assert f"  {tmp_path / 'old'}/content/posts/attention.md:2\n" in report


def test_hugo_json_front_matter_is_written_as_blogforge_reads_it(tmp_path, capsys):
    """A page whose front matter is a JSON object (Hugo reads it up to where the object
    closes, the body after it, on its line or the next) is written with that front matter as
    YAML: its title, date, tags, nested params and series read as Hugo read them, keys
    renamed and noted at their lines in the JSON, the body byte for byte. JSON Hugo could not
    read is reported at its line and the page copied as it was, which the build then reads as
JSON front matter too: an error at its line there."""
    gan_body = 'The generator and the discriminator {play} a "game": $D(x\\_i)$.\n'
    about_body = " About these {notes}.\r\nSecond line: $a\\_b$.\r\n"
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\nlanguageCode = "en-us"\n'
                     'title = "Notes"\n[params]\n  math = true\n',
        "content/posts/gan.md": """
            {
              "Title": "Generative adversarial networks",
              "date": "2024-03-06T10:00:00+08:00",
              "tags": ["GAN", "generative models"],
              "series": ["Generative", "Other"],
              "params": {"gallery": {"image": "a.png", "scale": 1e+20}},
              "on": "kept as text",
              "draft": false
            }
            """ + gan_body,
        "content/about.md": b'{"Title": "About me", "date": "2024-01-02", '
                            b'"tags": ["meta"]}' + about_body.encode(),
        "content/posts/broken.md": """
            {
              "title": "Broken",
              "tags": ["a",]
            }
            Text.
            """,
    })
    dest, old = tmp_path / "site", tmp_path / "old"
    assert main(["import", "hugo", str(old), str(dest)]) == 0
    copied = dest / "content/posts/posts/broken.md"
    assert copied.read_text(encoding="utf-8") \
        == (old / "content/posts/broken.md").read_text(encoding="utf-8")
    result = build_site(BuildOptions(source=dest, output=dest / "public", now=NOW,
                                     use_cache=False))
    assert [str(d) for d in result.diagnostics.errors] == [
        "content/posts/posts/broken.md:3: error: broken JSON front matter: Expecting value "
        "(column 16)"]
    copied.unlink()  # (the rest is built without it)
    public, report, diagnostics = import_and_build(tmp_path, "hugo", capsys, imported=True)
    gan = (public / "posts/gan/index.html").read_text(encoding="utf-8")
    assert '<h1 id="post-title">Generative adversarial networks</h1>' in gan
    assert '<time datetime="2024-03-06T10:00:00+08:00">Mar 6, 2024</time>' in gan
    assert '<a href="/tags/gan/">#GAN</a>' in gan
    assert '<a href="/tags/generative-models/">#generative models</a>' in gan
    assert "The generator and the discriminator {play} a &quot;game&quot;:" in gan
    assert (public / "series/generative/index.html").is_file()
    about = (public / "about/index.html").read_text(encoding="utf-8")
    assert "<h1>About me</h1>" in about and "<p>About these {notes}.\nSecond line: " in about
    written = (tmp_path / "site/content/posts/posts/gan.md").read_text(encoding="utf-8")
    assert written == (
        '---\ntitle: "Generative adversarial networks"\n'
        'date: "2024-03-06T10:00:00+08:00"\ntags: ["GAN", "generative models"]\n'
        'series: "Generative"\nparams: {"gallery": {"image": "a.png", "scale": 1.0e+20}}\n'
        '"on": "kept as text"\ndraft: false\n---\n'
        + gan_body.replace("\\_", "_"))
    assert (tmp_path / "site/content/about.md").read_bytes() == (
        b'---\r\ntitle: "About me"\r\ndate: "2024-01-02"\r\ntags: ["meta"]\r\n---\r\n'
        + about_body.replace("\\_", "_").encode())
    assert "front matter keys written as blogforge reads them (2): `Title` → `title` (2)" \
        in report
    assert f"  {old}/content/posts/gan.md:2\n" in report and \
        f"  {old}/content/about.md:1\n" in report
    # (the formulas, at their lines in the source: the body followed the JSON on its line)
    assert f"  {old}/content/posts/gan.md:10\n" in report
    assert f"  {old}/content/about.md:2\n" in report
    assert report.count("series: kept `Generative`, left out `Other`") == 1
    assert "content/posts/broken.md:3: broken JSON front matter: Expecting value (column " \
        "16): copied as it was" in report
    assert [d for d in diagnostics if "gan.md" in d or "about.md" in d] == []


# Text that YAML reads as something else, or does not read as it is, when not quoted right
_TRICKY_TEXT = [
    "", "yes", "no", "on", "off", "null", "Null", "~", "true", "1.0", "1e+20", "-0.0", "007",
    "2024-01-01", "2024-01-01T10:00:00+08:00", "0x1F", "0o17", "1_000", ".inf", "-.inf", ".nan",
    "NaN", "Infinity", "- x", "#x", "a #b", "a: b", "? q", "&a", "*a", "!tag", "%x", "@x", "`x",
    "<<", "|", ">", "{", "}", "[", "]", ",", '"', "'", "\\", "\\n", "\n", "\r\n", "\t", "\x00",
    "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", " ",
    "  lead", "trail  ", "中文标题", "損失函數", "😀", "\U0010fffd", "$\t$",
    "$\theta$",  # (a tab and "heta", which JSON writes `\t` and the build reads as TeX)
    "$\\theta$", "$x\n$", "$\\\\n$", "a\\b",
]
_NUMBERS = [0, 1, -1, 2**64, -2**64 - 1, 10**30, 0.0, -0.0, 1.5, 0.1, 1e20, 1e-7, -1e-7, 5e-324,
            1.7976931348623157e308, 1e16, 123456789.0, float("inf"), float("-inf"), float("nan")]


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_TRICKY_TEXT) for _ in range(rng.randint(1, 3)))


def _random_value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randrange(7 if depth < 3 else 4)
    if kind == 0:
        return _random_text(rng)
    if kind == 1:
        return rng.choice(_NUMBERS)
    if kind == 2:
        return rng.choice([True, False, None])
    if kind == 3:
        return rng.choice(_TRICKY_TEXT)
    if kind == 4:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {_random_text(rng): _random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def _exactly(value: object) -> object:
    """`value` compared with its types and float signs (`1` is not `1.0` nor `True`, `-0.0`
    not `0.0`) and NaN equal to itself."""
    if isinstance(value, dict):
        return ("dict", [(_exactly(k), _exactly(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_exactly(item) for item in value])
    return (type(value).__name__, repr(value))


_ROUND_TRIP_VALUES = [*_TRICKY_TEXT, *_NUMBERS, True, False, None, [], {}, [[]], [{}], {"": {}},
                      [1e20, [1e-7, ["no"]]], {"yes": {"no": [2**70, -0.0]}, "~": "null"},
                      *(_random_value(random.Random(seed)) for seed in range(300))]


def test_imported_values_read_back_as_they_were_in_site_yaml_and_front_matter(tmp_path):
    """Every value an import writes, for site.yaml or front matter from JSON (text that looks
    like a boolean, null, a number, a date, a comment, a list item; quotes, backslashes, line
    breaks, control characters, CJK, beyond the BMP; floats too big or small for a point,
    -0.0, NaN, infinities; integers beyond 64 bits; nested and empty lists and mappings; keys
    like `no`, `~` or `a: b`), is read back by the build as that same value."""
    for index, value in enumerate(_ROUND_TRIP_VALUES):
        keys = list(dict.fromkeys(["params", "no", "~", "2024-01-01", "a: b", "#x", "中文",
                                   _random_text(random.Random(index))]))
        site = Site(tmp_path, tmp_path, "hugo")
        site.settings = {key: (value, "hugo.toml:1") for key in keys}
        written = site_yaml(site)
        settings = parse_yaml(written).data
        assert list(settings) == keys, written
        assert [_exactly(v) for v in settings.values()] == [_exactly(value)] * len(keys), written
        page = as_yaml(JsonFrontMatter(dict.fromkeys(keys, value), {}, 0, 0, "Body.\n", 1),
                       "\n")
        read = split_front_matter(page)
        assert [_exactly(v) for v in read.data.values()] == [_exactly(value)] * len(keys), page
        assert list(read.data) == keys and read.body == "Body.\n", page


def test_a_lone_surrogate_in_json_front_matter_is_written_as_hugo_read_it(tmp_path, capsys):
    # (JSON may escape half a UTF-16 pair, which no UTF-8 file holds: Go reads it as U+FFFD)
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/note.md": '{"title": "half \\ud83d of a pair", "date": "2024-01-02"}\nText.\n',
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    assert "<h1>half \ufffd of a pair</h1>" in \
        (public / "note/index.html").read_text(encoding="utf-8")


def test_hugo_config_float_without_a_point_stays_a_number_in_site_yaml(tmp_path, capsys):
    # (JSON and TOML write 1e+20 without a point; YAML 1.1, as the build reads it, then
    # reads text)
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = 1e20\n'
                     '[params]\n  description = 1.5e-7\n',
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    written = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    settings = parse_yaml(written).data
    assert (settings["title"], settings["description"]) == (1e20, 1.5e-7), written
    assert "<title>1e+20</title>" in (public / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("generator", "config", "posts"), [
    ("hexo", "_config.yml", "source/_posts/"), ("jekyll", "_config.yml", "_posts/2024-05-0")])
def test_a_post_the_old_site_published_despite_a_draft_line_stays_published(
        tmp_path, capsys, generator, config, posts):
    # Hexo and Jekyll read no `draft` and read `published` as written: these posts were on
    # the old site; blogforge reads `draft: true` and the slips below as "hold it back"
    write(tmp_path / "old", {
        config: "title: T\nurl: https://e.com\n",
        f"{posts}1-a.md": "---\ntitle: A\ndraft: true\ndate: 2024-05-01\n---\nAlpha body.\n",
        f"{posts}2-b.md": "---\ntitle: B\nDraft: true\ntags: [x]\ndate: 2024-05-02\n---\n"
                          "Beta body.\n",
        f"{posts}3-c.md": "---\ntitle: C\ndarft: yes\nPublished: false\ndate: 2024-05-03\n"
                          "---\nGamma.\n",
        f"{posts}4-d.md": "---\ntitle: D\ndraft: true\npublished: false\ndate: 2024-05-04\n"
                          "---\nHidden.\n",
        f"{posts}5-e.md": "---\ntitle: E\ndraft: false\ndate: 2024-05-05\n---\nEpsilon.\n",
    })
    public, report, messages = import_and_build(tmp_path, generator, capsys)
    pages = {p.parent.name if p.name == "index.html" else p.stem: p.read_text(encoding="utf-8")
             for p in public.rglob("*.html")}
    for name, body in (("a", "Alpha body."), ("b", "Beta body."), ("c", "Gamma."),
                       ("e", "Epsilon.")):
        assert body in next(text for page, text in pages.items() if page.endswith(name))
    assert not any("Hidden." in text for text in pages.values())  # (the old site hid it too)
    assert [m for m in messages if "held back" in m] == []
    old = tmp_path / "old"
    name = generator.capitalize()
    assert (f"kept published as the old site did (4): {name} reads no `draft`, and "
            f"`published` only as written, so these lines did not hold the post back; "
            f"blogforge would, and they are commented out (remove the `# ` to hold a post "
            f"back)\n"
            f"  {old}/{posts}1-a.md:3: draft: true\n"
            f"  {old}/{posts}2-b.md:3: Draft: true\n"
            f"  {old}/{posts}3-c.md:3: darft: yes\n"
            f"  {old}/{posts}3-c.md:4: Published: false\n") in report
    written = next((tmp_path / "site/content/posts").rglob("*2-b.md")).read_text(
        encoding="utf-8")
    assert written.startswith("---\ntitle: B\n# Draft: true\ntags: [x]\ndate: 2024-05-02\n")


# `published` values each generator read its own way: Jekyll as Ruby reads YAML 1.1 (only false
# and nothing hold a post back; a word or a number is true), Hexo as js-yaml reads YAML 1.2 and
# its database casts it ("false", "0", 0 and "" are false; `no` and `off` are words, so true).
# name -> (what is written, shown by Jekyll, shown by Hexo)
ODD_PUBLISHED = {
    "quoted": ('"false"', True, False),
    "no": ("no", False, True),
    "off": ("Off", False, True),
    "zero": ("0", True, False),
    "zero-word": ("'0'", True, False),
    "one": ("1", True, True),
    "empty": ("", False, True),
    "tilde": ("~", False, True),
    "mixed": ("nO", False, True),
    "plain": ("true", True, True),
}


@pytest.mark.parametrize(("generator", "posts"), [
    ("hexo", "source/_posts/"), ("jekyll", "_posts/2024-05-01-")])
def test_odd_published_values_are_read_as_the_old_generator_read_them(tmp_path, capsys,
                                                                      generator, posts):
    write(tmp_path / "old", {"_config.yml": "title: T\nurl: https://e.com\n", **{
        f"{posts}{name}.md": f"---\ntitle: {name}\npublished: {written}\ndate: 2024-05-01\n"
                             f"---\nBody of {name}.\n"
        for name, (written, *_) in ODD_PUBLISHED.items()}})
    public, report, messages = import_and_build(tmp_path, generator, capsys)
    shown = {name for name in ODD_PUBLISHED
             if any(f"Body of {name}." in page.read_text(encoding="utf-8")
                    for page in public.rglob("*.html"))}
    column = 1 if generator == "jekyll" else 2
    assert shown == {name for name, read in ODD_PUBLISHED.items() if read[column]}
    old = tmp_path / "old"
    name = generator.capitalize()
    if generator == "jekyll":
        kept, held = ["quoted", "zero", "zero-word", "one"], ["empty", "tilde"]
        reason = "Jekyll held back a post whose `published` was false or empty"
    else:
        kept, held = ["no", "off", "one", "mixed"], ["zero", "zero-word"]
        reason = 'Hexo held back a post whose `published` was false, 0, "false", "0" or ""'
    assert (f"kept published as the old site did ({len(kept)}): {name} reads no `draft`, "
            "and `published` only as written, so these lines did not hold the post back; "
            "blogforge would, and they are commented out (remove the `# ` to hold a post "
            "back)\n" + "".join(f"  {old}/{posts}{n}.md:3: published: {ODD_PUBLISHED[n][0]}\n"
                                for n in sorted(kept, key=lambda n: f"{n}.md"))) in report
    assert (f"held back as the old site did ({len(held)}): {reason}; blogforge would have "
            "published these posts (or could not read the line), so it is written "
            "`published: false`\n" + "".join(
                f"  {old}/{posts}{n}.md:3: published: {ODD_PUBLISHED[n][0]}".rstrip() + "\n"
                for n in sorted(held, key=lambda n: f"{n}.md"))) in report
    written = next((tmp_path / "site/content/posts").rglob(f"*{held[0]}.md")).read_text(
        encoding="utf-8")
    assert written.startswith(f"---\ntitle: {held[0]}\npublished: false\ndate: 2024-05-01\n")


@pytest.mark.parametrize(("generator", "files", "where"), [
    ("hexo", {"_config.yml": "title: H\nurl: http://example.com\nroot: /\n",
              "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"},
     "_config.yml:2: the site's address `http://example.com/`"),
    ("jekyll", {"_config.yml": "title: J\nurl: http://yourdomain.com\n",
                "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nA.\n"},
     "_config.yml:2: the site's address `http://yourdomain.com/`"),
    ("hugo", {"hugo.toml": 'title = "T"\nbaseURL = "http://example.org/"\n',
              "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"},
     "hugo.toml:2: the site's address `http://example.org/`"),
])
def test_a_placeholder_address_is_reported(tmp_path, capsys, generator, files, where):
    # a new site's template address carried into site.yaml silently: feeds and the sitemap
    # would lead there
    write(tmp_path / "old", files)
    assert main(["import", generator, str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    report = capsys.readouterr().out
    assert f"{where} is still the placeholder of a new {generator.capitalize()} site: set " \
        "`base_url` in site.yaml" in report
    shutil.rmtree(tmp_path / "site")
    config = next(name for name in files if name.endswith(("yml", "toml")))
    write(tmp_path / "old", {config: files[config].replace("example", "blog.example-not")
                             .replace("yourdomain", "blog.mine")})
    assert main(["import", generator, str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    assert "is still the placeholder" not in capsys.readouterr().out


def test_refuses_a_destination_that_is_not_empty_and_a_source_of_another_kind(tmp_path, capsys):
    (tmp_path / "old").mkdir()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "keep.txt").write_text("mine")
    assert main(["import", "hexo", str(tmp_path / "old"), str(tmp_path / "site")]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert main(["import", "hugo", str(tmp_path / "old"), str(tmp_path / "new")]) == 1
    assert "not a Hugo site" in capsys.readouterr().err
    assert (tmp_path / "site" / "keep.txt").read_text() == "mine"
    assert not (tmp_path / "new").exists()


def test_a_destination_below_a_file_is_said_with_the_file_in_the_way(tmp_path, capsys):
    # (a traceback, NotADirectoryError, was all `import hexo old notes.txt/site` said)
    write(tmp_path / "old", {"_config.yml": "title: Old\n",
                             "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-02\n---\nbody\n"})
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["import", "hexo", str(tmp_path / "old"),
                 str(tmp_path / "notes.txt" / "site")]) == 1
    assert capsys.readouterr().err == (
        f"error: cannot make {tmp_path / 'notes.txt' / 'site'}: {tmp_path / 'notes.txt'} is a "
        "file, not a folder: import into a folder you can write in\n")
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(("generator", "files", "reported", "silent"), [
    ("hugo", {"hugo.toml": 'title = "T"\nbaseURL = "https://e.com/"\nhasCJKLanguage = true\n'
                           "summaryLength = 30\nenableRobotsTXT = true\nminify = true\n"
                           "[markup.highlight]\n  style = \"dracula\"\n",
              "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"},
     ["hugo.toml:3: `hasCJKLanguage` not imported: blogforge counts CJK characters",
      "hugo.toml:4: `summaryLength` not imported: a post's excerpt is its text up to",
      "hugo.toml:5: `enableRobotsTXT` not imported: robots.txt is built in",
      "hugo.toml:7: `markup` not imported: blogforge's Markdown and highlighting"],
     ["minify"]),
    ("jekyll", {"_config.yml": "title: J\nurl: https://e.com\nmarkdown: kramdown\n"
                               "kramdown:\n  input: GFM\nhighlighter: rouge\n"
                               "paginate_path: /blog/p:num/\nexclude: [Gemfile]\n",
                "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nA.\n"},
     ["_config.yml:3: `markdown` not imported: blogforge reads Markdown itself",
      "_config.yml:4: `kramdown` not imported: blogforge reads Markdown itself: kramdown's "
      "options", "_config.yml:6: `highlighter` not imported: code is highlighted by Pygments",
      "_config.yml:7: `paginate_path` not imported: blogforge's list pages are `/page/2/`"],
     ["exclude"]),
    ("hexo", {"_config.yml": "title: H\nurl: https://e.com\ntag_dir: tags\n"
                             "pagination_dir: p\ndate_format: YYYY-MM-DD\nrender_drafts: true\n"
                             "index_generator:\n  path: ''\n  per_page: 10\n"
                             "  order_by: -date\nsource_dir: source\n"
                             "category_map: {机器学习: ml}\ntag_map:\n",
              "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"},
     ["_config.yml:4: `pagination_dir` not imported: blogforge's list pages are `/page/2/`",
      "_config.yml:6: `render_drafts` not imported: drafts are published only by",
      "_config.yml:12: `category_map` not imported: a category's page is at its name's slug "
      "(/categories/机器学习/)"],
     ["tag_dir", "date_format", "index_generator", "source_dir", "tag_map"]),
])
def test_config_keys_left_out_are_reported(tmp_path, capsys, generator, files, reported,
                                           silent):
    # keys that change what the site shows (or where) were dropped silently beside others
    # that were listed; only the old generator's own machinery (and Hexo's defaults, which
    # every `hexo init` config writes) is left out without a word
    write(tmp_path / "old", files)
    assert main(["import", generator, str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    report = capsys.readouterr().out
    for line in reported:
        assert line in report
    for key in silent:
        assert f"`{key}`" not in report


def test_hexo_posts_keep_file_names_with_spaces_and_signs_in_their_urls(tmp_path, capsys):
    """Hexo's :title is the file's path below _posts as written: `C++/C++ Primer.md` was at
    /2022/10/10/C++/C++ Primer/ and `Data Structure&Algorithm.md` at …/Data
    Structure&Algorithm/ (a Hexo site's public/ holds such folders). The import reckoned them
    as blogforge's slugs (`C++-Primer`, `Data-Structure-Algorithm`), so every old link to
    them led nowhere. A name with a `#`, which no link reached, keeps blogforge's, said."""
    post = "---\ntitle: {}\ndate: 2022-10-10 10:00:00\n---\n{}\n"
    write(tmp_path / "old", {
        "_config.yml": "title: T\nurl: https://e.com\n",
        "source/_posts/C++/C++ Primer.md": post.format("Primer", "Notes on C++."),
        "source/_posts/Data Structure&Algorithm.md": post.format("DSA", "Trees."),
        "source/_posts/C# 入门.md": post.format("CS", "Hello C#."),
        "source/_posts/links.md": post.format("Links", "{% post_link 'C++/C++ Primer' %}"),
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    day = public / "2022/10/10"
    assert "Notes on C++." in (day / "C++/C++ Primer/index.html").read_text(encoding="utf-8")
    assert "Trees." in (day / "Data Structure&Algorithm/index.html").read_text(encoding="utf-8")
    assert 'href="/2022/10/10/C++/C++%20Primer/"' in (
        day / "links/index.html").read_text(encoding="utf-8")
    assert "Hello C#." in (day / "C-sharp-入门/index.html").read_text(encoding="utf-8")
    assert ("old/source/_posts/C# 入门.md: Hexo published this post at /2022/10/10/C# 入门/, "
            "whose `#` or `?` ends a URL's path (no link reached it): it is at "
            "/2022/10/10/C-sharp-入门/ now") in report


@pytest.mark.parametrize(("line_number", "told"), [(True, False), (False, True)])
def test_hexo_highlight_note_says_how_codeblocks_are_numbered(tmp_path, capsys, line_number,
                                                               told):
    """A codeblock is numbered as with Hexo's default `line_number: true`, and so is a fenced
    block, as Hexo numbered both: the report says the setting came over; with numbers turned
    off there, fenced blocks stay unnumbered and it says what to write on codeblocks."""
    write(tmp_path / "old", {
        "_config.yml": f"title: H\nurl: https://e.com\nhighlight:\n"
                       f"  line_number: {str(line_number).lower()}\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n"
                              "{% codeblock a.py lang:python first_line:3 %}\nx = 1\n"
                              "{% endcodeblock %}\n\n```python\ny = 2\n```\n"})
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    carried = ("_config.yml:3: `highlight`: its `line_number` is carried over (site.yaml "
               "`highlight: {line_numbers: true}`, every code block numbered, as in Hexo); code "
               "is highlighted by Pygments at build time")
    assert (carried in report) is line_number
    assert ("_config.yml:3: `highlight` not imported: code is highlighted by Pygments at build "
            "time (site.yaml `highlight`: `line_numbers: true` numbers fenced blocks); a "
            "`{% codeblock %}` numbers its lines unless it says `line_number:false`, as Hexo's "
            "default does" in report) is not line_number
    assert ("write `line_number:false` in each `{% codeblock %}` that should stay "
            "unnumbered" in report) is told
    page = (public / "2024/01/01/a/index.html").read_text()
    numbers = re.findall(r'<span class="linenos"[^>]*>\s*(\d+)</span>', page)
    assert numbers == (["3", "1"] if line_number else ["3"])


@pytest.mark.parametrize(("config", "numbered"), [
    ("", True),  # (Hexo's own default: `highlight.line_number: true`)
    ("highlight:\n  enable: true\n  line_number: true\n  auto_detect: false\n", True),
    ("syntax_highlighter: highlight.js\nhighlight:\n  line_number: false\n", False),
    ("syntax_highlighter: prismjs\nprismjs:\n  preprocess: true\n", True),
    ("syntax_highlighter: ''\n", False),  # (Hexo 7: no highlighter, code left as written)
    ("highlight:\n  enable: false\nprismjs:\n  enable: true\n  line_number: true\n", True),
    ("highlight:\n  enable: false\nprismjs:\n  enable: false\n", False),
])
def test_hexo_fenced_code_keeps_the_line_numbers_hexo_gave_it(tmp_path, capsys, config,
                                                              numbered):
    """Hexo numbers the lines of a fenced block with the highlighter its config chooses
    (`syntax_highlighter`, or the `enable`d one before Hexo 7), unless that one's
    `line_number` is false; the import left fenced blocks unnumbered whatever Hexo did, so
    every post's code lost the numbers its readers saw."""
    write(tmp_path / "old", {
        "_config.yml": f"title: H\nurl: https://e.com\n{config}",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n"
                              "```python\nx = 1\ny = 2\n```\n"})
    public, _, _ = import_and_build(tmp_path, "hexo", capsys)
    page = (public / "2024/01/01/a/index.html").read_text()
    numbers = re.findall(r'<span class="linenos"[^>]*>\s*(\d+)</span>', page)
    assert numbers == (["1", "2"] if numbered else [])


def test_imports_into_a_new_repository(tmp_path, capsys):
    # `git init` or GitHub's "create repository" (README.md, LICENSE, .gitignore): the import
    # refused it as not empty; it writes none of those, so none is overwritten
    write(tmp_path / "old", {"_config.yml": "title: H\nurl: https://e.com\n",
                             "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"})
    mine = {".git/HEAD": "ref: refs/heads/main\n", "README.md": "# my blog\n",
            "LICENSE": "MIT\n", ".gitignore": "node_modules/\n"}
    write(tmp_path / "site", mine)
    assert main(["import", "hexo", str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    out, err = capsys.readouterr()
    assert "written as blogforge new site writes them, to publish with GitHub Actions: " \
        ".github/workflows/pages.yml, requirements.txt\n" in out
    assert f"kept as they were in {tmp_path / 'site'}: .gitignore\n" in out
    assert (f"note: {tmp_path / 'site/.gitignore'} does not leave out blogforge's output and "
            "cache: add the lines /public/ and /.blogforge-cache/ to it") in err
    public, _, _ = import_and_build(tmp_path, "hexo", capsys, imported=True)
    assert (public / "2024/01/01/a/index.html").is_file()
    for name, text in mine.items():
        assert (tmp_path / "site" / name).read_text(encoding="utf-8") == text
    (tmp_path / "other").mkdir()
    write(tmp_path / "other", {".git/HEAD": "x\n", "notes.txt": "mine\n"})
    assert main(["import", "hexo", str(tmp_path / "old"), str(tmp_path / "other")]) == 1
    assert "other is not empty (notes.txt): import into a new folder, or a new " \
        "repository's" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "other").iterdir()) == [".git", "notes.txt"]


@pytest.mark.parametrize(("ignored", "said"), [
    ("public/\nnode_modules/\n", "does not leave out blogforge's cache: add the line "
                                 "/.blogforge-cache/ to it"),
    ("/.blogforge-cache\n", "does not leave out blogforge's output: add the line /public/ to it"),
    ("/public/*\n.blogforge-cache/\n", None),
])
def test_a_gitignore_leaving_out_one_of_output_and_cache_is_told_of_the_other(tmp_path, capsys,
                                                                             ignored, said):
    """A .gitignore holding `public/` (Hexo's) got no note: the cache would be committed."""
    write(tmp_path / "old", {"_config.yml": "title: H\nurl: https://e.com\n",
                             "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"})
    write(tmp_path / "site", {".git/HEAD": "ref: refs/heads/main\n", ".gitignore": ignored})
    assert main(["import", "hexo", str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if ".gitignore" in line]
    assert notes == ([f"note: {tmp_path / 'site/.gitignore'} {said}"] if said else [])


def test_an_imported_site_gets_the_files_new_site_writes_to_publish_it(tmp_path, capsys):
    """The import wrote site.yaml and content/ alone: pushed to GitHub, the site had no
    workflow to build and publish it, no requirements.txt for the runner, and no .gitignore
    (its output and cache were committed)."""
    import yaml

    write(tmp_path / "old", HEXO_REPO)
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    site = tmp_path / "site"
    assert ("written as blogforge new site writes them, to publish with GitHub Actions: "
            ".github/workflows/pages.yml, .gitignore, requirements.txt") in report
    workflow = yaml.safe_load((site / ".github/workflows/pages.yml").read_text())
    assert any("blogforge build" in step.get("run", "")
               for step in workflow["jobs"]["build"]["steps"])
    assert re.search(r"^blogforge(==| @ )", (site / "requirements.txt").read_text(), re.M)
    assert "/public/" in (site / ".gitignore").read_text().split()
    assert "push it to GitHub and set Settings → Pages → Source to GitHub Actions" in report


JEKYLL_REPO = {"_config.yml": "title: J\n", "_posts/2024-01-02-a.md": "---\ntitle: A\n---\nA.\n"}
HEXO_REPO = {"_config.yml": "title: H\n", "source/_posts/a.md": "---\ntitle: A\n---\nA.\n"}


@pytest.mark.parametrize("generator, files, expected, looks", [
    ("hexo", JEKYLL_REPO, "has no source/_posts (nor source/_drafts), where Hexo keeps posts: "
     "not a Hexo site", " (it looks like a Jekyll site: `blogforge import jekyll`)"),
    ("hexo", {"_config.yml": "title: H\nsource_dir: src\n", "source/_posts/a.md": "A.\n"},
     "has no src/_posts (nor src/_drafts), where Hexo keeps posts: not a Hexo site", ""),
    ("jekyll", {"_config.yml": "title: H\n", "about.md": "About.\n"},
     "has no _posts (nor _drafts), where Jekyll keeps posts: not a Jekyll site", ""),
    ("hugo", HEXO_REPO, "has no hugo.toml or config.toml: not a Hugo site",
     " (it looks like a Hexo site: `blogforge import hexo`)"),
])
def test_a_folder_without_the_generators_posts_is_refused(tmp_path, capsys, generator, files,
                                                          expected, looks):
    # (else "imported 0 posts", and a site of nothing)
    write(tmp_path / "old", files)
    assert main(["import", generator, str(tmp_path / "old"), str(tmp_path / "new")]) == 1
    out, err = capsys.readouterr()
    assert err == f"error: {tmp_path / 'old'} {expected}{looks}\n" and out == ""
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("generator, files, folder", [
    ("hexo", {**HEXO_REPO, "source/_data/menu.yml": "Home: /\n"}, "source/_data: not "
     "imported: data files of the theme's templates (blogforge's templates read site.yaml)"),
    ("jekyll", {**JEKYLL_REPO, "_data/nav/main.yml": "- a\n", "_layouts/a.html": "a",
                "_layouts/b.html": "b"},
     "_data: nav/main.yml not imported: data of Jekyll's templates (blogforge's templates "
     "read site.yaml)"),
])
def test_data_folders_are_listed_as_not_carried_over(tmp_path, capsys, generator, files,
                                                     folder):
    write(tmp_path / "old", files)
    _, report, _ = import_and_build(tmp_path, generator, capsys)
    assert report.count(f"{tmp_path}/old/{folder}\n") == 1
    assert report.count("_layouts: not imported") == (generator == "jekyll")


def test_the_summary_counts_a_large_blog_with_the_thousands_separator(tmp_path, capsys):
    """`imported 1234 posts` read as a date or a typo beside every other summary's 1,234."""
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        **{f"source/_posts/p{n}.md": f"---\ntitle: P{n}\ndate: 2020-01-01\n---\nBody {n}.\n"
           for n in range(1234)},
    })
    assert main(["import", "hexo", str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    assert "imported 1,234 posts, 0 pages and " in capsys.readouterr().out


HEXO_MARKED_POST = r"""
    ---
    title: Q-learning
    date: 2021-03-04 10:00:00
    ---
    The target $Q^\*(s, a)$ over states $s\_t$, prose s\_t stays.

    $$
    f(x) = \left\\{ \begin{aligned} a &= x\_1 \\\\ b &= \mathrm{max\_len} \end{aligned}\right.
    $$

    A set $\\{x\\}$, a name $\text{a\_b}$, already plain TeX: $\{y\}$ and `$x\_i$` in code.
    """


def test_hexo_marked_escapes_in_formulas_become_plain_tex(tmp_path, capsys):
    # hexo-renderer-marked read a formula as Markdown: `\_` was its escape for `_`, `\\\\`
    # for TeX's `\\`. blogforge reads math as TeX, so the import writes what MathJax saw.
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "package.json": '{\n  "dependencies": {\n    "hexo": "^7.0.0",\n'
                        '    "hexo-renderer-marked": "^6.0.0"\n  }\n}\n',
        "source/_posts/q.md": HEXO_MARKED_POST,
        "source/about/index.md": "---\ntitle: About\n---\nMy $\\theta\\_0$.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    post = (tmp_path / "site/content/posts/q.md").read_text(encoding="utf-8")
    assert r"The target $Q^*(s, a)$ over states $s_t$, prose s\_t stays." in post
    assert (r"f(x) = \left\{ \begin{aligned} a &= x_1 \\ b &= \mathrm{max\_len} "
            r"\end{aligned}\right.") in post
    assert r"A set $\{x\}$, a name $\text{a\_b}$, already plain TeX: $\{y\}$ and `$x\_i$`" \
        in post
    assert "My $\\theta_0$." in (tmp_path / "site/content/about/index.md").read_text(
        encoding="utf-8")
    assert ("formulas made plain TeX (5): package.json:4: hexo-renderer-marked read them as "
            "Markdown") in report
    old = tmp_path / "old"
    assert f"  {old}/source/_posts/q.md:5\n  {old}/source/_posts/q.md:7\n" \
        f"  {old}/source/_posts/q.md:11\n  {old}/source/about/index.md:4\n" in report
    page = (public / "2021/03/04/q/index.html").read_text(encoding="utf-8")
    mathml = re.sub(r"<annotation.*?</annotation>", "", page, flags=re.S)
    assert "<msub><mi>s</mi><mi>t</mi></msub>" in mathml
    assert "<mo>∗</mo>" in mathml
    assert '<mo fence="true">{</mo><mtable' in mathml  # (a row break: two rows)
    assert mathml.count("<mtr>") == 2
    assert '<mo stretchy="false">{</mo><mi>x</mi><mo stretchy="false">}</mo>' in mathml
    assert "<mtext>a_b</mtext>" in mathml  # (TeX's underscore in a name)
    assert (tmp_path / "old/source/_posts/q.md").read_text(encoding="utf-8") == \
        textwrap.dedent(HEXO_MARKED_POST).lstrip("\n")


def test_hexo_math_aware_renderer_keeps_formulas_as_written(tmp_path, capsys):
    write(tmp_path / "old", {
        "_config.yml": "title: H\nurl: https://e.com\n",
        "package.json": '{"dependencies": {"hexo-renderer-kramed": "^0.1.4"}}\n',
        "source/_posts/q.md": HEXO_MARKED_POST,
    })
    _, report, _ = import_and_build(tmp_path, "hexo", capsys)
    assert "plain TeX" not in report
    assert (tmp_path / "site/content/posts/q.md").read_text(encoding="utf-8") == \
        textwrap.dedent(HEXO_MARKED_POST).lstrip("\n")


@pytest.mark.parametrize(("config", "plain"), [
    # no passthrough, KaTeX in the browser (a param, or the site's own template): Goldmark read
    # each formula as Markdown, so its writers escaped it as for Hexo's marked
    ('[params]\n  math = true\n', "hugo.toml has no markup.goldmark.extensions.passthrough"),
    ("", "layouts/partials/math.html renders math in the browser"),
    # passthrough keeps formulas whole: written as TeX; no math in the browser: nothing to undo
    ('[params]\n  math = true\n[markup.goldmark.extensions.passthrough]\n  enable = true\n',
     None),
    ("[params]\n  math = false\n", None),
])
def test_hugo_goldmark_escapes_in_formulas_become_plain_tex(tmp_path, capsys, config, plain):
    files = {"hugo.toml": 'baseURL = "https://e.com/"\ntitle = "T"\n' + config,
             "content/posts/q.md": HEXO_MARKED_POST,
             "content/about.md": "---\ntitle: About\n---\nMy $\\theta\\_0$.\n"}
    if not config:
        files["layouts/partials/math.html"] = '<script src="/katex/auto-render.min.js">' \
            "</script>\n"
    write(tmp_path / "old", files)
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    post = (tmp_path / "site/content/posts/posts/q.md").read_text(encoding="utf-8")
    about = (tmp_path / "site/content/about.md").read_text(encoding="utf-8")
    if plain is None:
        assert "plain TeX" not in report
        assert post == textwrap.dedent(HEXO_MARKED_POST).lstrip("\n")
        assert "My $\\theta\\_0$." in about
        return
    assert r"The target $Q^*(s, a)$ over states $s_t$, prose s\_t stays." in post
    assert r"A set $\{x\}$, a name $\text{a\_b}$, already plain TeX: $\{y\}$" in post
    assert "My $\\theta_0$." in about
    assert "formulas made plain TeX (5): Goldmark (hugo.toml has no markup.goldmark." \
        "extensions.passthrough" in report and f"{plain}) read them as Markdown" in report
    old = tmp_path / "old"
    assert f"  {old}/content/about.md:4\n" in report and f"  {old}/content/posts/q.md:5\n" \
        in report
    mathml = re.sub(r"<annotation.*?</annotation>", "",
                    (public / "posts/q/index.html").read_text(encoding="utf-8"), flags=re.S)
    assert "<msub><mi>s</mi><mi>t</mi></msub>" in mathml
    assert mathml.count("<mtr>") == 2  # (a row break: two rows)


@pytest.mark.parametrize(("files", "plain"), [
    # Hugo's config folder: `params.toml` is `[params]`, `params.en.toml` a language's, and a
    # `hugo.toml` there is the root (with no root config beside content/)
    ({"hugo.toml": 'title = "T"\n', "config/_default/params.toml": "math = true\n"},
     "hugo.toml, config/_default/ have no markup.goldmark.extensions.passthrough; "
     "config/_default/params.toml sets `math`"),
    ({"hugo.toml": 'title = "T"\n', "config/_default/params.en.yaml": "katex: true\n"},
     "config/_default/params.en.yaml sets `katex`"),
    ({"config/_default/hugo.toml": 'title = "T"\n[params]\n  mathjax = true\n'},
     "config/_default/hugo.toml has no markup.goldmark.extensions.passthrough)"),
    # hugo.json is a root config too; its params say math
    ({"hugo.json": '{\n\t"title": "T",\n\t"params": {"math": true}\n}\n'},
     "hugo.json has no markup.goldmark.extensions.passthrough)"),
    # passthrough turned on in the config folder's markup.toml: formulas are TeX as written
    ({"hugo.toml": 'title = "T"\n[params]\n  math = true\n',
      "config/_default/markup.toml": "[goldmark.extensions.passthrough]\n  enable = true\n"},
     None),
    ({"hugo.toml": 'title = "T"\n[params]\n  math = true\n',
      "config/production/hugo.yaml": "markup:\n  goldmark:\n    extensions:\n"
                                     "      passthrough:\n        enable: true\n"}, None),
])
def test_hugo_math_settings_in_the_config_folder_and_json(tmp_path, capsys, files, plain):
    write(tmp_path / "old", {**files, "content/posts/q.md": HEXO_MARKED_POST})
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    post = (tmp_path / "site/content/posts/posts/q.md").read_text(encoding="utf-8")
    if plain is None:
        assert "plain TeX" not in report
        assert post == textwrap.dedent(HEXO_MARKED_POST).lstrip("\n")
        return
    assert r"The target $Q^*(s, a)$ over states $s_t$, prose s\_t stays." in post
    assert "formulas made plain TeX (4): Goldmark (" in report and plain in report
    assert "<msub><mi>s</mi><mi>t</mi></msub>" in re.sub(
        r"<annotation.*?</annotation>", "", (public / "posts/q/index.html").read_text(
            encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize(("written", "plain"), [
    (r"x\_i + \mathbf{w}\_t", r"x_i + \mathbf{w}_t"),
    (r"\operatorname*{arg\_max}_a Q^\*", r"\operatorname*{arg\_max}_a Q^*"),
    (r"\\|v\\|_2 \int f\\,dx", r"\|v\|_2 \int f\,dx"),
    (r"\bigl\\{ x \bigr\\}", r"\bigl\{ x \bigr\}"),
    # plain TeX already: a row break before an empty group, one before a brace, `\,`, `\{`
    (r"a &= b \\{}&= c \\ d", r"a &= b \\{}&= c \\ d"),
    (r"a \\{b} \, \{c\} \\ x", r"a \\{b} \, \{c\} \\ x"),
])
def test_marked_escapes_and_plain_tex(written, plain):
    assert plain_tex(written) == plain


def test_hugos_published_is_a_date_not_a_flag(tmp_path, capsys):
    # Hugo reads `published` as the publish date, and as the date of a page without `date`
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/posts/a.md": "---\ntitle: A\npublished: 2024-05-01\n---\nDated by it.\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-01\nPublished: false\n---\nShown.\n",
    })
    public, report, messages = import_and_build(tmp_path, "hugo", capsys)
    assert [m for m in messages if "error" in m or "did you mean" in m] == []
    assert "2024-05-01" in (public / "posts/a/index.html").read_text(encoding="utf-8")
    assert (public / "posts/b/index.html").is_file()  # (Hugo showed it)
    assert (tmp_path / "site/content/posts/posts/b.md").read_text(encoding="utf-8") \
        .startswith("---\ntitle: B\ndate: 2024-01-01\npublishDate: false\n---\n")


@pytest.mark.parametrize("generator", ["hexo", "jekyll"])
def test_a_draft_that_says_draft_itself_is_imported_with_one_draft_line(tmp_path, generator):
    # a draft of the drafts folder gets `draft: true`: one it already wrote is set, not added
    # again (a key twice is broken YAML: the imported site did not build)
    drafts = "source/_drafts" if generator == "hexo" else "_drafts"
    config = ("_config.yml", "title: B\nurl: https://e.com\n")
    write(tmp_path / "old", {config[0]: config[1],
                             f"{drafts}/wip.md": "---\ntitle: WIP\ndraft: false\n---\nNot yet.\n"})
    dest = tmp_path / "site"
    assert main(["import", generator, str(tmp_path / "old"), str(dest)]) == 0
    result = build_site(BuildOptions(source=dest, output=dest / "public", now=NOW,
                                     use_cache=False, drafts=True))
    assert result.written, [str(d) for d in result.diagnostics.items]
    (wip,) = (dest / "content/posts").rglob("wip.md")
    assert wip.read_text(encoding="utf-8").count("draft:") == 1
    assert not build_site(BuildOptions(source=dest, output=dest / "public", now=NOW,
                                       use_cache=False)).diagnostics.errors
    assert not (dest / "public/posts/wip/index.html").exists()  # (still a draft)


def test_a_jekyll_list_of_categories_is_several_categories(tmp_path, capsys):
    # Jekyll reads `categories: [ml, notes]` as two categories; the build reads a list as one
    # category's path (ml › notes, Hexo's way)
    write(tmp_path / "old", {
        "_config.yml": "title: J\nurl: https://e.com\n",
        "_posts/2020-05-03-two.md": "---\ntitle: Two\ncategories: [ml, notes]\n---\nBoth.\n",
    })
    public, report, messages = import_and_build(tmp_path, "jekyll", capsys)
    for category in ("ml", "notes"):
        assert "Two" in (public / f"categories/{category}/index.html").read_text(
            encoding="utf-8")
    assert not (public / "categories/ml/notes").exists()


@pytest.mark.parametrize(("generator", "drafts"), [
    ("hexo", "source/_drafts/"), ("jekyll", "_drafts/")])
def test_a_drafts_published_line_the_build_cannot_read_is_made_one_it_can(tmp_path, capsys,
                                                                         generator, drafts):
    """`published: 0` in a draft: Jekyll (Ruby: 0 is true) and Hexo (which reads no draft's
    `published`) showed it with their drafts option; the build could not read it, so
    `blogforge build --drafts` stopped. The line is commented out, the draft a draft still,
    and the report says so apart from the posts kept published: a draft is not published."""
    write(tmp_path / "old", {
        "_config.yml": "title: T\nurl: https://e.com\n",
        f"{drafts}idea.md": "---\ntitle: Idea\npublished: 0\n---\nIdea body.\n",
        f"{drafts}fine.md": "---\ntitle: Fine\npublished: true\n---\nFine body.\n",
    })
    dest = tmp_path / "site"
    assert main(["import", generator, str(tmp_path / "old"), str(dest)]) == 0
    report = capsys.readouterr().out
    assert "kept published" not in report
    assert ("commented out in drafts (1): the old site showed these drafts with its drafts "
            "option, but blogforge could not read their `published` line, which would stop "
            "`blogforge build --drafts`; each stays a draft\n"
            f"  {tmp_path / 'old'}/{drafts}idea.md:3: published: 0\n") in report
    idea = (dest / "content/posts/idea.md").read_text(encoding="utf-8")
    assert idea.startswith("---\ntitle: Idea\n# published: 0\n")
    assert "draft: true" in idea
    assert "published: true" in (dest / "content/posts/fine.md").read_text(encoding="utf-8")
    for drafts_too in (False, True):
        assert main(["build", "--source", str(dest)] + ["--drafts"] * drafts_too) == 0
        assert "idea.md:" not in capsys.readouterr().err
        shown = any("Idea body." in page.read_text(encoding="utf-8")
                    for page in (dest / "public").rglob("*.html"))
        assert shown is drafts_too


def test_a_jekyll_draft_hidden_even_with_drafts_is_noted_as_not_carried_over(tmp_path,
                                                                            capsys):
    """Jekyll reads `_drafts` as it reads `_posts`, through its publisher: a draft whose
    `published` is false or empty (nil to Ruby) stayed hidden with `jekyll build --drafts`;
    `blogforge build --drafts` shows every draft, and the report says so at its line."""
    write(tmp_path / "old", {
        "_config.yml": "title: T\nurl: https://e.com\n",
        "_drafts/empty.md": "---\ntitle: Empty\npublished:\n---\nEmpty body.\n",
        "_drafts/off.md": "---\ntitle: Off\npublished: false\n---\nOff body.\n",
        "_drafts/shown.md": "---\ntitle: Shown\npublished: 0\n---\nShown body.\n",
        "_drafts/plain.md": "---\ntitle: Plain\n---\nPlain body.\n",
    })
    dest = tmp_path / "site"
    assert main(["import", "jekyll", str(tmp_path / "old"), str(dest)]) == 0
    report = capsys.readouterr().out
    old = tmp_path / "old"
    said = "the old site hid this draft even with its drafts option; `blogforge build " \
        "--drafts` shows it, as every draft"
    assert [line for line in report.splitlines() if "hid this draft" in line] == [
        f"  {old}/_drafts/empty.md:3: `published:`: {said}",
        f"  {old}/_drafts/off.md:3: `published: false`: {said}"]
    assert main(["build", "--source", str(dest), "--drafts"]) == 0
    assert "Empty body." in (dest / "public/index.html").read_text(encoding="utf-8")


RAW_IN_CODE = """
    ---
    title: Vue
    date: 2024-05-01
    ---
    Inline `{% raw %}{{ msg }}{% endraw %}` here.

    ```html
    {% raw %}
    <p>{{ message }}</p>
    {%- endraw -%}
    ```

        {% raw %}{{ indented }}{% endraw %}

    Outside: {% raw %}{{ shown }}{% endraw %}.
    """


@pytest.mark.parametrize(("generator", "post"), [
    ("jekyll", "_posts/2024-05-01-vue.md"), ("hexo", "source/_posts/vue.md")])
def test_raw_tags_in_code_show_as_the_old_site_showed_them(tmp_path, capsys, generator, post):
    """Jekyll runs Liquid before Markdown: `{% raw %}` in code was gone from its page, and
    the `{{ }}` it wrapped shown. Hexo keeps fenced code from its tags: there they showed."""
    write(tmp_path / "old", {"_config.yml": "title: T\nurl: https://e.com\n",
                             post: RAW_IN_CODE})
    public, _, messages = import_and_build(tmp_path, generator, capsys)
    page = next(p for p in public.rglob("*.html") if "vue" in p.as_posix())
    shown = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    # (a Hexo site's fenced code is numbered, as Hexo numbered it: the numbers left out)
    unnumbered = re.sub(r'<span class="linenos"[^>]*>[^<]*</span>', "",
                        page.read_text(encoding="utf-8"))
    code = [html.unescape(re.sub(r"<[^>]+>", "", c))
            for c in re.findall(r"<code[^>]*>(.*?)</code>", unnumbered, re.S)]
    assert "Outside: {{ shown }}." in shown
    if generator == "jekyll":
        assert code == ["{{ msg }}", "<p>{{ message }}</p>\n", "{{ indented }}\n"]
    else:
        assert code[:2] == ["{% raw %}{{ msg }}{% endraw %}",
                            "{% raw %}\n<p>{{ message }}</p>\n{%- endraw -%}\n"]


# An outline nested ten levels deep: CommonMark's parser stops at 20 levels of tokens (a list
# and its item each), and skips what follows to the end of the post
DEEP_OUTLINE = "".join(f"{'  ' * level}- level {level}\n" for level in range(11))


@pytest.mark.parametrize(("generator", "post", "after", "shown"), [
    # Jekyll's raw tags in code, gone from its page
    ("jekyll", "_posts/2024-05-01-deep.md",
     "```html\n{% raw %}<p>{{ user.name }}</p>{% endraw %}\n```\n",
     "<p>{{ user.name }}</p>\n"),
    # a target with a space in code, which kramdown never read as a link
    ("jekyll", "_posts/2024-05-01-deep.md", "```markdown\n![curve](/a/loss curve.png)\n```\n",
     "![curve](/a/loss curve.png)\n"),
    # a formula read by hexo-renderer-marked, `\\{` its escape of TeX's `\{`
    ("hexo", "source/_posts/deep.md", "A set $\\\\{x\\\\}$.\n", "\\{x\\}")],
    ids=["raw tags in code", "spaced target in code", "marked formula"])
def test_what_comes_after_a_list_nested_ten_deep_is_imported_as_before_it(
        tmp_path, capsys, generator, post, after, shown):
    """The import read a post's code and formulas with CommonMark's parser, which skips all
    that follows a list nested ten deep: after such an outline, `{% raw %}` stayed in the
    page's code, a target with a space in code was written `<…>`, and a Hexo formula kept
    marked's escapes (`\\\\{x\\\\}`: a line break, its braces not shown). The import reads
    them as deep as the build does."""
    write(tmp_path / "old", {"_config.yml": "title: T\nurl: https://e.com\n",
                             post: "---\ntitle: Deep\ndate: 2024-05-01\n---\nOutline:\n\n"
                                   + DEEP_OUTLINE + "\n" + after})
    public, report, _ = import_and_build(tmp_path, generator, capsys)
    page = next(p for p in public.rglob("*.html") if "deep" in p.as_posix())
    written = page.read_text(encoding="utf-8")
    # (the text of its code, and the TeX of its formulas)
    code = [html.unescape(re.sub(r"<[^>]+>", "", found)) for pair in re.findall(
        r"<code[^>]*>(.*?)</code>|<annotation encoding=\"application/x-tex\">(.*?)</annotation>",
        written, re.S) for found in pair if found]
    assert code == [shown] and "level 10" in written
    assert "written between `<` and `>`" not in report


# Values from users' front matter that the import writes again (a series' first name, tags and
# categories made lists, a language code, a permalink): pasted from a PDF (U+0085, U+2028, a C1
# control), a formula with a tab JSON would write `\t`, DEL (which TOML allows only escaped)
_HUGO = 'baseURL = "https://example.org/"\ntitle = "T"\n'


@pytest.mark.parametrize(("generator", "config", "source", "post", "written", "key", "value"), [
    ("hugo", ("hugo.toml", _HUGO), "content/posts/a.md",
     '---\ntitle: A\ndate: 2024-01-01\nseries: ["deep \\u2028 learning", "other"]\n---\nText.\n',
     "content/posts/posts/a.md", "series", "deep \u2028 learning"),
    ("hugo", ("hugo.toml", _HUGO), "content/posts/a.md",
     '---\ntitle: A\ndate: 2024-01-01\nseries: ["from\\u009fa PDF", "other"]\n---\nText.\n',
     "content/posts/posts/a.md", "series", "from\x9fa PDF"),
    ("hugo", ("hugo.toml", _HUGO), "content/posts/a.md",
     '---\ntitle: A\ndate: 2024-01-01\nseries: ["$\\u0009heta$ notes", "other"]\n---\nText.\n',
     "content/posts/posts/a.md", "series", "$\theta$ notes"),
    ("hugo", ("hugo.toml", _HUGO), "content/posts/a.md",
     '+++\ntitle = "A"\ndate = 2024-01-01\nseries = ["rub\\u007fout", "other"]\n+++\nText.\n',
     "content/posts/posts/a.md", "series", "rub\x7fout"),
    ("hexo", ("_config.yml", "title: B\nurl: https://e.com\n"), "source/_posts/2024-01-01-a.md",
     '---\ntitle: A\ntags: "deep \\u2028learning notes"\n---\nText.\n',
     "content/posts/2024-01-01-a.md", "tags", ["deep \u2028learning notes"]),
    ("jekyll", ("_config.yml", "title: J\nurl: https://e.com\n"), "_posts/2020-05-06-a.md",
     '---\ntitle: A\ntag: "pasted\\u0085from a PDF"\n---\nText.\n',
     "content/posts/2020-05-06-a.md", "tags", ["pasted\x85from a PDF"]),
])
def test_front_matter_values_the_import_rewrites_read_back_as_they_were(
        tmp_path, capsys, generator, config, source, post, written, key, value):
    write(tmp_path / "old", {config[0]: config[1], source: post})
    public, _, _ = import_and_build(tmp_path, generator, capsys)  # (no error: it builds)
    text = (tmp_path / "site" / written).read_text(encoding="utf-8")
    assert split_front_matter(text).data[key] == value, text
    assert (public / "index.html").is_file()


def _without_none(value: object) -> object:
    """`value` as TOML holds it: no null, so a None in a list or mapping is left out."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value if item is not None]
    return value


def test_front_matter_lines_the_import_sets_read_back_as_they_were():
    """Every value of the round trip above, set by the import in YAML front matter, in TOML
    front matter (which has no null) and in a page without front matter, is read back by the
    build as that same value, and the keys around it are kept."""
    pages = {"---": "---\ntitle: T\n---\nBody.\n", "+++": '+++\ntitle = "T"\n+++\nBody.\n',
             "": "Body.\n"}
    for value in _ROUND_TRIP_VALUES:
        if value is None:
            continue  # (None removes a key)
        for fence, page in pages.items():
            written = set_keys(page, {"series": value, "tags": [value]})
            read = split_front_matter(written)
            meant = _without_none(value) if fence == "+++" else value
            assert [_exactly(read.data.get(k)) for k in ("series", "tags")] == \
                [_exactly(meant), _exactly([meant])], written
            assert read.data.get("title", "T") == "T" and read.body == "Body.\n", written


def test_hugo_categories_lists_stay_that_many_categories(tmp_path, capsys):
    """Hugo's `categories: [机器学习, 深度学习]` is two categories; the build reads a list of
    names as one category's path (Hexo's way), so /categories/深度学习/ lost the post."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n"
                              "categories: [机器学习, 深度学习]\n---\nA.\n",
        "content/posts/b.md": '+++\ntitle = "B"\ndate = 2024-01-02\n'
                              'categories = ["深度学习", "NLP"]\n+++\nB.\n',
        "content/posts/c.md": "---\ntitle: C\ndate: 2024-01-03\ncategories: [深度学习]\n---\nC.\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    listing = (public / "categories/深度学习/index.html").read_text(encoding="utf-8")
    assert all(f">{title}<" in listing for title in "ABC"), listing
    assert ">A<" in (public / "categories/机器学习/index.html").read_text(encoding="utf-8")
    assert ">B<" in (public / "categories/nlp/index.html").read_text(encoding="utf-8")
    assert not (public / "categories/机器学习/深度学习").exists()


@pytest.mark.parametrize(("theme", "settings"), [
    ("next", "menu:\n  home: / || fa fa-home\n  archives: /archives/ || fa fa-archive\n"
             "  categories: /categories/ || fa fa-th\n  友链: /links/ || fa fa-link\n"
             "  清单||fa fa-list:\n    音乐: /music/ || fa fa-music\n"),
    ("fluid", "navbar:\n  menu:\n    - {key: home, link: /, icon: iconfont}\n"
              "    - {key: archives, link: /archives/}\n"
              "    - {key: categories, link: /categories/}\n    - {key: 友链, link: /links/}\n"),
])
def test_hexo_themes_menu_is_the_sites_header(tmp_path, capsys, theme, settings):
    """NexT's, Butterfly's or Fluid's menu (in `_config.THEME.yml`) was dropped with the rest
    of the theme's settings: the imported site's header had no link at all, not even to the
    categories its posts are filed in."""
    write(tmp_path / "old", {
        "_config.yml": f"title: H\nurl: https://u.github.io\nlanguage: zh-CN\ntheme: {theme}\n",
        f"_config.{theme}.yml": settings,
        "source/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\ncategories: [ml]\n---\nA.\n",
        "source/links/index.md": "---\ntitle: 友链\n---\nFriends.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hexo", capsys)
    assert header_links((public / "index.html").read_text(encoding="utf-8")) == [
        ("首页", "/"), ("归档", "/archives/"), ("分类", "/categories/"), ("友链", "/links/")]
    assert ("menu entry `清单` opens a submenu: not imported" in report) is (theme == "next")


def test_hugo_section_introductions_come_over_with_their_section(tmp_path, capsys):
    """A section's `_index.md` (and its translation, `_index.en.md`) gives its list page a
    title, a description and an introduction, in Hugo as in blogforge: the import brings it
    into the section's folder, its keys read as Hugo reads them (`Title`), and the section's
    page shows them; the home's and a taxonomy's list pages are reported."""
    write(tmp_path / "old", {
        "hugo.toml": """
            baseURL = "https://example.org/"
            title = "笔记"
            defaultContentLanguage = "zh"
            [languages.zh]
              weight = 1
            [languages.en]
              weight = 2
            """,
        "content/_index.md": "---\ntitle: 首页\n---\n欢迎。\n",
        "content/tags/_index.md": "---\ntitle: 标签\n---\n",
        "content/posts/leetcode/_index.md":
            "---\nTitle: LeetCode 题解\ndescription: 刷题记录\n---\n每道题的**思路**。\n",
        "content/posts/leetcode/_index.en.md":
            "---\ntitle: LeetCode notes\n---\nHow each problem goes.\n",
        "content/posts/leetcode/1.md": "---\ntitle: 两数之和\ndate: 2024-01-01\n---\n正文。\n",
        "content/posts/leetcode/1.en.md":
            "---\ntitle: Two Sum\ndate: 2024-01-01\n---\nText.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    zh = (public / "posts/posts/leetcode/index.html").read_text(encoding="utf-8")
    assert "<title>LeetCode 题解" in zh
    assert '<meta name="description" content="刷题记录">' in zh
    assert "每道题的<strong>思路</strong>。" in zh
    en = (public / "en/posts/posts/leetcode/index.html").read_text(encoding="utf-8")
    assert "<title>LeetCode notes" in en and "How each problem goes." in en
    assert "`Title` → `title` (1)" in report and "leetcode/_index.md:2\n" in report
    assert "leetcode/_index.md: not imported" not in report
    assert "content/_index.md: not imported: the home page's text" in report
    assert "content/tags/_index.md: not imported: a taxonomy's list page" in report


def test_hugo_cascades_come_over_and_apply_where_the_sections_went(tmp_path, capsys):
    """Hugo's `cascade:` gives front matter to the pages below its `_index.md`: the import
    brings a section's along and the home's alone into content/_index.md (the home's text
    stays behind), its `_target.path` naming the section's pages where they are now
    (/posts/notes/…), so the build holds back and tags the same pages Hugo did."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/_index.md": "---\ntitle: Home\ncascade:\n  - _target: {path: /notes/**}\n"
                             "    tags: [notes]\n"
                             # (sections named in braces: each where it went)
                             "  - _target: {path: '/{notes,lab}/**'}\n    categories: [study]\n"
                             "  - _target: {path: '/{lab,extra}/**'}\n    series: Lab\n"
                             "---\nWelcome.\n",
        "content/notes/_index.md": "---\ntitle: Notes\ncascade:\n  - _target:\n"
                                   "      path: '{/notes/wip-*,/drafts/**}'\n"
                                   "    draft: true\n---\n",
        "content/notes/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n",
        "content/notes/wip-b.md": "---\ntitle: B\ndate: 2024-01-02\n---\nText.\n",
        "content/about.md": "---\ntitle: About\n---\nMe.\n",
        "content/lab/x.md": "---\ntitle: X\ndate: 2024-01-03\n---\nText.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    assert (public / "notes/a/index.html").is_file()  # (at Hugo's URL, as Hugo put it)
    study = (public / "categories/study/index.html").read_text()
    assert 'href="/notes/a/"' in study and 'href="/lab/x/"' in study
    assert 'href="/lab/x/"' in (public / "series/lab/index.html").read_text()
    assert not (public / "notes/wip-b/index.html").exists()
    assert 'href="/notes/a/"' in (public / "tags/notes/index.html").read_text()
    assert not (public / "tags/notes/index.html").read_text().count('href="/about/"')
    home = (tmp_path / "site/content/_index.md").read_text(encoding="utf-8")
    assert "/posts/notes/**" in home and "Welcome" not in home
    assert "/posts/notes/wip-*" in (tmp_path / "site/content/posts/notes/_index.md").read_text()
    assert "its `cascade` is, into content/_index.md" in report


def test_hugo_default_languages_cascade_stays_with_its_pages(tmp_path, capsys):
    """On a Hugo site of two languages the default language's `_index.md` is that language's
    list page, whose cascade reaches its pages alone (Hugo's English pages take
    `_index.en.md`'s): imported, each of its tables says `_target.lang`, as a plain
    `_index.md` cascades to every language here."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n'
                     'defaultContentLanguage = "zh"\n[languages.zh]\n  weight = 1\n'
                     "[languages.en]\n  weight = 2\n",
        "content/_index.md": "---\ntitle: 首页\ncascade: {tags: [全站]}\n---\n",
        "content/notes/_index.md": "---\ntitle: 笔记\ncascade:\n  - series: 笔记\n"
                                   "  - {_target: {lang: en}, categories: [english]}\n---\n",
        "content/notes/_index.en.md": "---\ntitle: Notes\n---\n",
        "content/notes/a.md": "---\ntitle: 甲\ndate: 2024-01-01\n---\n中文正文。\n",
        "content/notes/a.en.md": "---\ntitle: Alpha\ndate: 2024-01-01\n---\nEnglish text.\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    assert 'href="/notes/a/"' in (public / "series/笔记/index.html").read_text()
    assert 'href="/notes/a/"' in (public / "tags/全站/index.html").read_text()
    assert not (public / "en/series").joinpath("笔记").exists()
    assert not (public / "en/tags").joinpath("全站").exists()
    # (a table that names its language keeps it)
    assert 'href="/en/notes/a/"' in (public / "en/categories/english/index.html").read_text()


def test_an_imported_hugo_cascade_is_written_one_key_a_line(tmp_path, capsys):
    """An imported cascade (the home's, and a section's whose tables the import changed) is
    written as block YAML, one key a line, so that what the build says of each key names
    its own line, not the one line of every key."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/_index.md": "---\ntitle: Home\ncascade: {tags: [all], sereis: X, "
                             "tgas: [b]}\n---\n",
        "content/notes/_index.md": "---\ntitle: Notes\ncascade: [{_target: {path: /notes/**}, "
                                   "toc: true, cover: /c.svg}]\n---\n",
        "content/notes/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n",
    })
    _, _, said = import_and_build(tmp_path, "hugo", capsys)
    home = (tmp_path / "site/content/_index.md").read_text(encoding="utf-8")
    assert home == ('---\ncascade:\n  tags: ["all"]\n  sereis: "X"\n  tgas: ["b"]\n'
                    "---\n"), home
    notes = (tmp_path / "site/content/posts/notes/_index.md").read_text(encoding="utf-8")
    assert '\ncascade:\n  - _target:\n      path: "/posts/notes/**"\n    toc: true\n' \
        '    cover: "/c.svg"\n' in notes, notes
    assert [m.split(": warning")[0] for m in said if "_index.md:" in m] == [
        "content/_index.md:4", "content/_index.md:5", "content/posts/notes/_index.md:7"], said


def test_a_hugo_sections_cascade_kept_as_written_is_written_one_key_a_line(tmp_path, capsys):
    """A section's cascade the import has nothing to change in, written on one line, is
    written one key a line too, each key's message at its own line; one written so already
    stays as it is, its comments with it."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/notes/_index.md": "---\ntitle: Notes\ncascade: {sereis: X, tgas: [b]}\n---\n",
        "content/notes/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n",
        "content/talks/_index.md": "---\ntitle: Talks\ncascade:\n  # every talk's\n"
                                   "  toc: true\n---\n",
        "content/talks/b.md": "---\ntitle: B\ndate: 2024-01-02\n---\nText.\n",
    })
    _, _, said = import_and_build(tmp_path, "hugo", capsys)
    notes = (tmp_path / "site/content/posts/notes/_index.md").read_text(encoding="utf-8")
    assert notes.startswith('---\ntitle: Notes\ncascade:\n  sereis: "X"\n  tgas: ["b"]\n'), notes
    assert [m.split(": warning")[0] for m in said if "_index.md:" in m] == [
        "content/posts/notes/_index.md:4", "content/posts/notes/_index.md:5"], said
    talks = (tmp_path / "site/content/posts/talks/_index.md").read_text(encoding="utf-8")
    assert talks.startswith("---\ntitle: Talks\ncascade:\n  # every talk's\n  toc: true\n"), talks


def test_a_hugo_sections_toml_cascade_on_one_line_is_written_one_key_a_line(tmp_path, capsys):
    """A TOML `_index.md` whose cascade is an inline table (on one line) is written with its
    tables apart (`[[cascade]]`, `[cascade._target]`), one key a line, each key's message at
    its own line, as a YAML one is; its `_target.path` naming where the sections' pages are
    now (it was said to the user to rewrite by hand). One written in tables already, with
    nothing to change, stays as it is, its comments with it."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/notes/_index.md": '+++\ntitle = "Notes"\ncascade = [{_target = {path = '
                                   '"/notes/**"}, sereis = "X"}, {tgas = ["b"]}]\n+++\n笔记。\n',
        "content/notes/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n",
        "content/talks/_index.md": '+++\ntitle = "Talks"\n\n[cascade]\n# every talk\'s\n'
                                   "sereis = 'Y'\n+++\n",
        "content/talks/b.md": "---\ntitle: B\ndate: 2024-01-02\n---\nText.\n",
    })
    _, report, said = import_and_build(tmp_path, "hugo", capsys)
    notes = (tmp_path / "site/content/posts/notes/_index.md").read_text(encoding="utf-8")
    assert notes == ('+++\naliases = ["/notes/"]\ntitle = "Notes"\n\n[[cascade]]\n'
                     'sereis = "X"\n\n[cascade._target]\npath = "/posts/notes/**"\n\n'
                     '[[cascade]]\ntgas = ["b"]\n+++\n笔记。\n'), notes
    talks = (tmp_path / "site/content/posts/talks/_index.md").read_text(encoding="utf-8")
    assert talks == ('+++\naliases = ["/talks/"]\ntitle = "Talks"\n\n[cascade]\n'
                     "# every talk's\nsereis = 'Y'\n+++\n"), talks
    assert [m.split(": warning")[0] for m in said if "_index.md:" in m] == [
        "content/posts/notes/_index.md:6", "content/posts/notes/_index.md:12",
        "content/posts/talks/_index.md:7"], said
    assert "write them so" not in report


@pytest.mark.parametrize("home", [None, "---\ntitle: Home\ncascade: {series: Own}\n---\n"])
def test_hugo_configs_cascade_comes_over_into_the_homes_index(tmp_path, capsys, home):
    """Hugo's config `[cascade]` gives every page its keys, as the home's `cascade:` does,
    after it: the import writes its tables into content/_index.md, after the home's own (which
    win), its `_target.path` naming the sections' pages where they went; said in the report,
    no longer "not imported"."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n'
                     "[[cascade]]\n  series = 'Config'\n  [cascade._target]\n"
                     "    path = '/notes/**'\n"
                     "[[cascade]]\n  categories = ['everywhere']\n",
        "content/notes/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n",
        "content/about.md": "---\ntitle: About\n---\nMe.\n",
        **({"content/_index.md": home} if home else {}),
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    series = "own" if home else "config"
    assert 'href="/notes/a/"' in (public / f"series/{series}/index.html").read_text()
    assert 'href="/notes/a/"' in (public / "categories/everywhere/index.html").read_text()
    assert "hugo.toml:3: `cascade` is imported into content/_index.md" in report, report
    assert "`cascade` not imported" not in report


def test_hugo_toml_dates_in_a_cascade_stay_dates(tmp_path, capsys):
    """A TOML date in a cascade the import writes anew (a TOML home's inline one as YAML in
    content/_index.md, with the config's tables after it; a section's as TOML tables) is
    written as a date of the file's own notation, unquoted, as the writer had it: not as a
    quoted text that only blogforge's reading takes for a date."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n'
                     "[cascade]\n  expiryDate = 2098-02-03\n",
        "content/_index.md": '+++\ntitle = "Home"\ndate = 2024-05-01\n'
                             "cascade = { publishDate = 2024-05-01, toc = true }\n+++\nHi.\n",
        "content/notes/_index.md": '+++\ntitle = "Notes"\ndate = 2024-05-01\n'
                                   'cascade = [{_target = {path = "/notes/**"}, '
                                   "expiryDate = 2099-01-01T10:00:00+08:00}]\n+++\n",
        "content/notes/a.md": "---\ntitle: A\ndate: 2024-06-01\n---\n## One\n\nText.\n\n"
                              "## Two\n\nMore.\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    home = (tmp_path / "site/content/_index.md").read_text(encoding="utf-8")
    assert home == ("---\ncascade:\n  - publishDate: 2024-05-01\n    toc: true\n"
                    "  - expiryDate: 2098-02-03\n---\n"), home
    notes = (tmp_path / "site/content/posts/notes/_index.md").read_text(encoding="utf-8")
    assert "\n[[cascade]]\nexpiryDate = 2099-01-01T10:00:00+08:00\n" in notes, notes
    assert '<nav class="toc"' in (public / "notes/a/index.html").read_text()


def test_hugo_yaml_dates_in_a_cascade_stay_dates(tmp_path, capsys):
    """A date a YAML `_index.md` wrote unquoted in a cascade the import writes anew (a
    section's whose `_target.path` moves, the home's with the config's tables after it)
    stays unquoted, a date; one written quoted, a text, stays quoted."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n'
                     "[cascade]\n  toc = true\n",
        "content/_index.md": "---\ntitle: Home\ncascade: {publishDate: 2024-05-01}\n---\n",
        "content/notes/_index.md": "---\ntitle: Notes\ncascade: [{_target: {path: /notes/**}, "
                                   "expiryDate: 2099-01-01 10:00:00 +08:00, "
                                   "series: '2024-05-02'}]\n---\n",
        "content/notes/a.md": "---\ntitle: A\ndate: 2024-06-01\n---\nText.\n",
    })
    public, _, _ = import_and_build(tmp_path, "hugo", capsys)
    home = (tmp_path / "site/content/_index.md").read_text(encoding="utf-8")
    assert home == ("---\ncascade:\n  - publishDate: 2024-05-01\n  - toc: true\n---\n"), home
    notes = (tmp_path / "site/content/posts/notes/_index.md").read_text(encoding="utf-8")
    assert "\n    expiryDate: 2099-01-01 10:00:00 +08:00\n    series: \"2024-05-02\"\n" \
        in notes, notes
    assert (public / "series/2024-05-02/index.html").is_file()


@pytest.mark.parametrize("outputs, section_feeds", [
    ("", True),  # (Hugo's default: an RSS feed of every section)
    ('[outputs]\n  section = ["html"]\n', False),
    ('disableKinds = ["rss"]\n', False),
])
def test_hugo_section_feeds_go_on_at_their_section_pages(tmp_path, capsys, outputs,
                                                         section_feeds):
    """Hugo writes an RSS feed of each section (/notes/index.xml) unless its outputs say
    otherwise: the import turns on `feeds.per_section`, so a reader who followed one section
    has its feed at its section page's (/posts/notes/atom.xml), and says where each of
    Hugo's feeds went, as a static host cannot redirect a feed reader from the old URL."""
    write(tmp_path / "old", {
        "hugo.toml": f'{outputs}baseURL = "https://example.org/"\ntitle = "T"\n',
        "content/notes/n.md": "---\ntitle: Note\ndate: 2024-01-16\n---\nText.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)
    assert (public / "posts/notes/atom.xml").is_file() == section_feeds
    said = "/notes/index.xml is /posts/notes/atom.xml (`feeds.per_section`)"
    assert (said in report) == section_feeds, report
    if section_feeds:
        assert 'feeds: {"per_section": true}' in (tmp_path / "site/site.yaml").read_text()
    if "disableKinds" not in outputs:
        assert "Hugo's RSS feed /index.xml is /atom.xml" in report


def test_hugo_section_pages_keep_their_old_urls(tmp_path, capsys):
    """Hugo's list of `content/notes/` was at /notes/ (and /en/notes/, /leetcode/hard/ for a
    nested section with an `_index.md`, as Hugo 0.168 published them); imported, the lists are
    at /posts/notes/…: each section's `_index.md` gets an alias of its old URL (beside its
    own), a section that had none gets one holding the alias, and the report says so. The
    `posts` section's old /posts/ is blogforge's list of every post: no alias there."""
    write(tmp_path / "old", {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n'
                     'defaultContentLanguage = "zh"\n[languages.zh]\nweight = 1\n'
                     '[languages.en]\nweight = 2\n',
        "content/notes/_index.md": "---\ntitle: 笔记\naliases: [/old-notes/]\n---\n读书笔记。\n",
        "content/notes/_index.en.md": "---\ntitle: Notes\n---\nReading notes.\n",
        "content/notes/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n",
        "content/notes/a.en.md": "---\ntitle: A en\ndate: 2024-01-01\n---\nA.\n",
        "content/leetcode/two-sum.md": "---\ntitle: Two Sum\ndate: 2024-01-02\n---\nB.\n",
        "content/leetcode/hard/_index.md": "---\ntitle: Hard\n---\n",
        "content/leetcode/hard/rain.md": "---\ntitle: Rain\ndate: 2024-01-03\n---\nC.\n",
        "content/posts/p.md": "---\ntitle: P\ndate: 2024-01-04\n---\nP.\n",
    })
    public, report, _ = import_and_build(tmp_path, "hugo", capsys)

    def leads(old: str) -> str:
        page = (public / old / "index.html").read_text(encoding="utf-8")
        return re.findall(r'http-equiv="refresh" content="0; url=([^"]+)"', page)[0]

    assert leads("notes") == leads("old-notes") == "https://example.org/posts/notes/"
    assert leads("en/notes") == "https://example.org/en/posts/notes/"
    assert leads("leetcode") == "https://example.org/posts/leetcode/"
    assert leads("leetcode/hard") == "https://example.org/posts/leetcode/hard/"
    assert "<h1>笔记</h1>" in (public / "posts/notes/index.html").read_text(encoding="utf-8")
    assert not (public / "en/leetcode").exists()  # (Hugo had no English list there)
    assert 'class="list-header"' in (public / "posts/index.html").read_text(encoding="utf-8")
    assert "content/notes/_index.md: the section's page /notes/ is /posts/notes/ now: " \
        "`aliases` keeps its old URL" in report, report
    assert "content/notes/_index.en.md: the section's page /en/notes/ is /en/posts/notes/ now" \
        in report, report
    assert "content/leetcode: the section's page /leetcode/ is /posts/leetcode/ now: " \
        "content/posts/leetcode/_index.md keeps its old URL (`aliases`)" in report, report


_ONE_OF_EACH_WORDPRESS = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>W</title><link>https://e.com</link><language>en-US</language>
<wp:wxr_version>1.2</wp:wxr_version>
<item><title>A</title><link>https://e.com/2024/01/02/a/</link>
<content:encoded><![CDATA[A post.]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date>2024-01-02 10:00:00</wp:post_date>
<wp:post_name>a</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
</item>
<item><title>About</title><link>https://e.com/about/</link>
<content:encoded><![CDATA[A page.]]></content:encoded>
<wp:post_id>2</wp:post_id><wp:post_date>2024-01-02 10:00:00</wp:post_date>
<wp:post_name>about</wp:post_name><wp:status>publish</wp:status><wp:post_type>page</wp:post_type>
</item>
</channel>
</rss>
"""


def test_a_post_whose_place_is_taken_is_not_counted_as_imported(tmp_path, capsys):
    """A draft named as a post (`_drafts/a.md` beside `_posts/a.md`) is noted "not copied:
    … already taken", and was counted all the same: "imported 2 posts" of one file written."""
    write(tmp_path / "old", {**HEXO_REPO, "source/_drafts/a.md": "---\ntitle: B\n---\nB.\n"})
    assert main(["import", "hexo", str(tmp_path / "old"), str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert "source/_drafts/a.md: not copied: content/posts/a.md is already taken" in out
    assert "imported 1 post, 0 pages and 0 files from " in out


@pytest.mark.parametrize(("generator", "files", "summary"), [
    ("hexo", {**HEXO_REPO, "source/about/index.md": "---\ntitle: About\n---\nAbout.\n",
              "source/images/a.png": PNG},
     "imported 1 post, 1 page and 1 file"),
    ("jekyll", {**JEKYLL_REPO, "about.md": "---\ntitle: About\n---\nAbout.\n",
                "assets/a.png": PNG},
     "imported 1 post, 1 page and 1 file"),
    ("hugo", {"hugo.toml": _HUGO, "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-02\n---\n",
              "content/about.md": "---\ntitle: About\n---\nAbout.\n", "static/a.png": PNG},
     "imported 1 post, 1 page and 1 file"),
    ("notion", {"A 0123456789abcdef0123456789abcdef.md": "# A\n\n![a](A/a.png)\n",
                "A/a.png": PNG},
     "imported 1 post, 0 pages and 1 file"),
    ("wordpress", {"export.xml": _ONE_OF_EACH_WORDPRESS}, "imported 1 post, 1 page and 0 files"),
])
def test_the_summary_counts_as_files_only_those_besides_the_posts_and_pages(
        tmp_path, capsys, generator, files, summary):
    """"and 8 files" for a blog of two pictures read as eight things copied unseen; each
    import counts the same things the same way."""
    write(tmp_path / "old", files)
    src = tmp_path / "old" / ("export.xml" if generator == "wordpress" else "")
    assert main(["import", generator, str(src), str(tmp_path / "site")]) == 0
    assert f"{summary} from " in capsys.readouterr().out
