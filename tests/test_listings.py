"""Pagination of the home page and base-path URLs."""

from __future__ import annotations

import re

import pytest
from conftest import messages


def cards(page: str) -> int:
    return page.count("<article")


def make_posts(site, n: int) -> None:
    for i in range(n):
        site.post(f"p{i:02d}.md", f"Post {i:02d}", date=f"2024-01-01 {i // 60:02d}:{i % 60:02d}:00")


@pytest.mark.parametrize(("n", "pages"), [(0, 1), (1, 1), (12, 1), (13, 2), (25, 3)])
def test_home_pagination(site, n, pages):
    site.write("site.yaml", "default_language: zh\n")
    make_posts(site, n)
    site.write("content/about.md", "---\ntitle: About\n---\nhi\n")
    assert site.build().written
    home = site.read("")
    assert cards(home) == min(n, 12)
    for number in range(2, pages + 1):
        page = site.read(f"page/{number}/")
        assert cards(page) == min(12, n - 12 * (number - 1))
    assert not site.exists(f"page/{pages + 1}")
    assert not site.exists("page/1")  # page 1 is only the home page itself
    if pages > 1:
        assert '<nav class="pager"' in home and 'href="/page/2/"' in home
        last = site.read(f"page/{pages}/")
        assert 'rel="prev"' in last and 'rel="next"' not in last
    else:
        assert '<nav class="pager"' not in home
    if n == 0:
        assert "这里还没有文章" in home


def test_a_listing_page_the_other_language_lacks_has_no_hreflang_but_a_switch(site):
    """/en/page/3/ when Chinese has two pages: Chinese page 1 is where the switcher goes, but
    no alternate of it (it does not point back)."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\npaginate: 1\n"
                            "languages: {zh: {}, en: {show_untranslated_from: []}}\n")
    for i in range(3):
        site.post(f"e{i}.md", f"E{i}", lang="en", date=f"2024-01-0{i + 1}")
    for i in range(2):
        site.post(f"z{i}.md", f"中{i}", lang="zh", date=f"2024-01-0{i + 1}")
    assert site.build().written

    def hreflang(page: str) -> dict[str, str]:
        return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
                               page))

    def switch_target(page: str) -> str:
        nav = page.split('class="lang-switch"')[1].split("</nav>")[0]
        return re.search(r'<a href="([^"]+)"', nav).group(1)

    third, second = site.read("en/page/3/"), site.read("en/page/2/")
    assert hreflang(third) == {}
    assert switch_target(third) == "/repo/"
    assert hreflang(second) == {"en": "https://u.github.io/repo/en/page/2/",
                                "zh-CN": "https://u.github.io/repo/page/2/",
                                "x-default": "https://u.github.io/repo/page/2/"}
    assert switch_target(second) == "/repo/page/2/"


def test_the_homes_later_pages_name_the_site_once_in_their_title(site):
    site.write("site.yaml", "title: T\npaginate: 1\nlanguages: {zh: {title: 星际笔记}, en: {}}\n")
    for i in range(3):
        site.post(f"p{i}.md", f"第 {i} 篇", date=f"2024-01-0{i + 1}", tags="[t]")
    assert site.build().written
    assert "<title>星际笔记</title>" in site.read("")
    assert "<title>第 2 页 · 星际笔记</title>" in site.read("page/2/")
    assert "<title>Page 3 · T</title>" in site.read("en/page/3/")
    assert "<title>标签：t · 第 2 页 · 星际笔记</title>" in site.read("tags/t/page/2/")


def test_newest_first_and_only_cards_are_articles(site):
    make_posts(site, 3)
    site.build()
    home = site.read("")
    assert home.index("Post 02") < home.index("Post 01") < home.index("Post 00")
    assert len(re.findall(r"<article\b", home)) == 3


def test_pager_window_for_many_pages(site):
    site.write("site.yaml", "default_language: zh\n")
    make_posts(site, 12 * 9)
    site.build()
    page5 = site.read("page/5/")
    numbers = re.findall(r'aria-label="第 (\d+) 页"', page5)
    assert numbers == ["1", "3", "4", "6", "7", "9"]
    assert '<span aria-current="page">5</span>' in page5
    assert page5.count("…</li>") == 2


def test_every_internal_url_honours_the_base_path(site):
    site.write("site.yaml", "base_url: https://user.github.io/repo/\npaginate: 1\n")
    make_posts(site, 2)
    site.post("x.md", "X", tags="[t]")
    site.build()
    for page in (site.read(""), site.read("posts/x/"), site.read("tags/t/"), site.read("404.html")):
        links = re.findall(r'(?:href|src)="([^"]+)"', page)
        internal = [u for u in links if not u.startswith(("http", "#", "mailto:", "data:"))]
        assert internal and all(u.startswith("/repo/") for u in internal), internal
        # (the 404 page, shown at every missing address, names none: test_bilingual)
        assert '<link rel="canonical" href="https://user.github.io/repo/' in page \
            or 'content="noindex"' in page


def test_base_url_from_the_command_line_wins(site):
    site.write("site.yaml", "base_url: https://example.org/\n")
    make_posts(site, 1)
    site.build(base_url="http://localhost:9000/sub/")
    assert 'href="/sub/posts/p00/"' in site.read("")


def test_theme_templates_and_static_files_are_overridden_file_by_file(site):
    make_posts(site, 1)
    site.write("templates/partials/footer.html", "<footer id=mine>my footer</footer>")
    site.write("static/css/blogforge.css", "/* mine */")
    site.write("static/extra.txt", "extra")
    site.build()
    home = site.read("")
    assert "<footer id=mine>my footer</footer>" in home
    assert 'class="hero"' in home  # the rest still comes from the theme
    assert site.read("css/blogforge.css") == "/* mine */"
    assert site.read("extra.txt") == "extra"
    assert site.exists("js/theme-toggle.js")


def test_editors_backups_and_probes_are_not_published_but_other_hidden_files_are(site):
    """Emacs keeps `name~` of each file it saves: a draft's backup published its text."""
    draft = site.post("plan.md", "Plan", draft="true", body="My secret plan.")
    site.write("content/posts/plan.md~", draft.read_text(encoding="utf-8"))
    site.write("content/posts/#plan.md#", "My secret plan, unsaved.")
    site.write("content/posts/4913")  # vim's probe, while it saves
    site.write("static/css/site.css", "/* new */")
    site.write("static/css/site.css~", "/* old */")
    site.write("static/.DS_Store", "Bud1")
    site.write("static/img/desktop.ini", "[.ShellClassInfo]")  # (Windows Explorer's)
    site.write("content/posts/Thumbs.db", "\0")
    site.write("static/img/ehthumbs.db", "\0")  # (Windows Media Center's thumbnails)
    site.write("static/.~lock.slides.odp#", "me,host,2024")  # (LibreOffice's, while open)
    site.post("b/index.md", "B", date="2024-01-02")
    site.write("content/posts/b/index.md.bak", "My secret plan, the day before.")
    site.write("content/posts/b/~$slides.pptx", "\0")  # (Office's lock file, while it is open)
    site.write("content/posts/b/fig.png.orig", "\0")
    site.write("static/.well-known/security.txt", "Contact: mailto:me@example.org")
    # a stylesheet open in a second vim (its swap is `.swo`, the first's `.swp`), in Kate, and
    # gedit's save under way: a swap holds the text, the writer's name and the file's path
    site.write("static/css/.site.css.swo", "b0VIM 9.0 me host /home/me/blog/static/css")
    site.write("static/css/.site.css.swn", "b0VIM 9.0")
    site.write("static/css/.site.css.kate-swp", "Kate Swap File 2.0")
    site.write("static/css/.goutputstream-Q2X8Z1", "/* half saved */")
    result = site.build()
    assert result.written
    published = {p.relative_to(site.output).as_posix() for p in site.output.rglob("*")}
    assert not [p for p in published if "plan" in p or "4913" in p or "slides" in p
                or p.endswith(("~", ".DS_Store", "desktop.ini", "Thumbs.db", ".bak", ".orig",
                               "ehthumbs.db", "#")) or p.startswith("css/.")]
    assert "posts/b/index.html" in published  # (the bundle itself is)
    assert site.read("css/site.css") == "/* new */"
    assert site.read(".well-known/security.txt") == "Contact: mailto:me@example.org"


def test_a_note_whose_name_starts_with_a_hash_is_published(site):
    """Typora names a file after its heading, `#` and all: `# 卷积.md` was taken for Emacs's
    `#name#` and left out without a word. Emacs's own, closed by its `#`, still is."""
    site.write("content/posts/# 卷积.md",
               "---\ndate: 2024-05-01\n---\n# 卷积\n\n卷积核在图上滑动。\n")
    site.write("content/posts/#卷积.md#", "卷积核，未存。")
    site.build()
    assert "卷积核在图上滑动。" in site.read("posts/卷积/")
    assert "未存" not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                 for p in site.output.rglob("*.html"))


def test_a_long_series_page_is_paginated_in_series_order_and_page_1_is_in_the_sitemap(site):
    """A 300-part series made one page of 300 cards (550 KB): it is paginated like a tag,
    part 1 first, page 1 at the series' URL; a part's series box leads to the page listing it;
    later pages are left out of the sitemap as a tag's are."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\npaginate: 12\n"
                            "languages: {zh: {title: 星际笔记}}\n")
    for n in range(1, 31):  # written newest first: series order is not date order
        site.post(f"p{n:02d}.md", f"第 {n} 题", date=f"2024-05-{31 - n:02d}", series="lc",
                  series_order=n)
    assert site.build().written

    def titles(page: str) -> list[str]:
        return re.findall(r'class="card-title"><a href="[^"]+">第 (\d+) 题</a>', page)

    first, second, third = (site.read("series/lc/"), site.read("series/lc/page/2/"),
                            site.read("series/lc/page/3/"))
    assert titles(first) == [str(n) for n in range(1, 13)]
    assert titles(second) == [str(n) for n in range(13, 25)]
    assert titles(third) == [str(n) for n in range(25, 31)]
    assert not site.exists("series/lc/page/4/") and not site.exists("series/lc/page/1/")
    assert "<title>系列：lc · 第 2 页 · 星际笔记</title>" in second
    assert '<link rel="canonical" href="https://u.github.io/repo/series/lc/page/2/">' in second
    assert 'rel="next" href="/repo/series/lc/page/3/"' in second
    assert 'rel="prev" href="/repo/series/lc/"' in second
    assert '<p class="list-count">30 篇</p>' in second  # the series' count, not the page's
    # the series box's "all parts" opens the series page that lists this part
    for part, listed_on in (("p01", "series/lc/"), ("p12", "series/lc/"),
                            ("p13", "series/lc/page/2/"), ("p20", "series/lc/page/2/"),
                            ("p30", "series/lc/page/3/")):
        box = site.read(f"posts/{part}/").split('<p class="series-all">')[1].split("</p>")[0]
        assert box.startswith(f'<a href="/repo/{listed_on}">系列：lc <span aria-hidden="true">'
                              '→</span></a>'), (part, box)
    sitemap = site.read("sitemap.xml")
    assert "<loc>https://u.github.io/repo/series/lc/</loc>" in sitemap
    assert "series/lc/page/" not in sitemap


def test_a_cards_meta_names_its_series_and_part_number(site):
    """A card of part 13 of a long series said nothing of it: on the home, tag and category
    pages it now names the series (leading to the series page that lists the part) and the
    part's number, in the page's language; on the series' own pages the number alone."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\npaginate: 12\n"
                            "languages: {zh: {title: 星际笔记}, en: {title: Notes}}\n"
                            "series: {dl: {zh: 深度学习, en: Deep learning}}\n")
    for n in range(1, 15):
        site.post(f"p{n:02d}.md", f"第 {n} 课", date=f"2024-05-{n:02d}", series="dl",
                  series_order=n, tags="[nets]" if n == 13 else "[]")
    site.post("p13.en.md", "Lesson 13", date="2024-05-13", series="dl", series_order=13,
              lang="en", tags="[nets]")
    site.post("other.md", "无系列", date="2024-05-20", tags="[nets]")
    assert site.build().written

    def meta(page: str, title: str) -> str:
        card = page.split(f'">{title}</a></h')[0].rsplit("<article", 1)[1]
        return re.sub(r"\s+", " ", card.split('<p class="card-meta">')[1].split("</p>")[0])

    zh_part = ('<span class="card-series"><a href="/repo/series/dl/page/2/">系列：深度学习</a>'
               '&nbsp;<span aria-hidden="true">·</span> <span class="card-series-part">第 13 篇'
               '</span></span>')
    assert zh_part in meta(site.read("tags/nets/"), "第 13 课")
    assert zh_part in meta(site.read(""), "第 13 课")
    assert "card-series" not in meta(site.read("tags/nets/"), "无系列")
    # (the English series lists the untranslated parts too: this is its part 13 as well)
    en_part = ('<span class="card-series"><a href="/repo/en/series/dl/page/2/">Series: Deep '
               'learning</a>&nbsp;<span aria-hidden="true">·</span> <span class="card-series-part">'
               'part 13</span></span>')
    assert en_part in meta(site.read("en/tags/nets/"), "Lesson 13")
    alone = '<span class="card-series"><span class="card-series-part">第 {} 篇</span></span>'
    assert alone.format(13) in meta(site.read("series/dl/page/2/"), "第 13 课")
    assert alone.format(1) in meta(site.read("series/dl/"), "第 1 课")


def test_a_term_of_one_post_counts_it_in_the_singular(site):
    """An English tag page of one post said "1 posts"."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/\ndefault_language: en\n"
                            "languages:\n  en: {}\n  zh: {}\n")
    site.post("a.md", "A", tags="[solo, pair]", lang="en")
    site.post("b.md", "B", tags="[pair]", lang="en")
    site.post("c.md", "丙", tags="[独]", lang="zh")
    site.build()
    assert '<p class="list-count">1 post</p>' in site.read("tags/solo/")
    assert '<p class="list-count">2 posts</p>' in site.read("tags/pair/")
    assert '<p class="list-count">1 篇</p>' in site.read("zh/tags/独/")


@pytest.mark.parametrize(("count", "more"), [(6, None), (7, "1 more tag"), (60, "54 more tags")])
def test_a_card_shows_a_posts_first_tags_then_how_many_more(site, count, more):
    """Every tag page's card of a post listed all its tags: one post of 2,000 tags made 2,000
    pages of 2,000 tags each (410 MB, 3.3 GB of memory). A card shows the first six, then "+N"
    to the post's page, which lists them all; a post past 50 tags is warned of."""
    site.write("site.yaml", "base_url: https://e.org/\ndefault_language: en\n")
    tags = [f"t{i:02d}" for i in range(count)]
    site.post("a.md", "A", tags=f"[{', '.join(tags)}]", body="Text.")
    result = site.build()
    assert result.written
    card = site.read("tags/t05/").split('class="card-foot"')[1]
    shown = re.findall(r'href="/tags/(t\d+)/"', card)
    assert shown == tags[:6]
    if more is None:
        assert "tags-more" not in card
    else:
        assert (f'<a class="tags-more" href="/posts/a/"><span aria-hidden="true">+{count - 6}'
                f'</span><span class="visually-hidden">{more}</span></a>') in card
    assert re.findall(r'href="/tags/(t\d+)/"', site.read("posts/a/")) == tags  # all of them
    warned = [m for m in messages(result, "warning") if "tags:" in m]
    assert warned == ([] if count <= 50 else [
        "content/posts/a.md:4: warning: 60 tags: each is a page of its own listing this post "
        "(more than 50 looks like a list pasted in by mistake); keep the few that say what the "
        "post is about"])


def card_titles(page: str) -> list[str]:
    return re.findall(r'<h2 class="card-title"><a href="[^"]*">([^<]*)</a>', page)


def test_each_folder_of_posts_has_its_list_in_each_language(site):
    """/posts/ lists every post, /posts/leetcode/ the folder's and its subfolders' (newest
    first, paginated as the home page), /en/posts/… the English ones; an `_index.md` gives
    the title and an introduction above the list, else the folder's name is the title; a menu
    entry `posts/` leads there, with no broken link."""
    site.write("site.yaml", """
        title: 笔记
        paginate: 2
        languages:
          zh: {menu: [{name: 文章, url: posts/}, {name: 题解, url: posts/leetcode/}]}
          en: {show_untranslated_from: [], menu: [{name: Posts, url: posts/}]}
        """)
    site.post("leetcode/1-two-sum.md", "两数之和", date="2024-01-01")
    site.post("leetcode/hard/42-rain.md", "接雨水", date="2024-01-03")
    site.post("leetcode/11-water.md", "盛水", date="2024-01-02")
    site.post("ml/vae.md", "变分自编码器", date="2024-01-04")
    site.post("ml/vae.en.md", "VAE", date="2024-01-04", lang="en")
    site.post("ml/secret.md", "不公开", date="2024-01-05", unlisted="true")
    site.write("content/posts/leetcode/_index.md",
               "---\ntitle: LeetCode 题解\ndescription: 按题号整理\n---\n刷题的 **记录**。\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    assert not [d for d in result.diagnostics.items if "posts/" in str(d)]
    leetcode = site.read("posts/leetcode/")
    assert "<h1>LeetCode 题解</h1>" in leetcode
    assert "<p>刷题的 <strong>记录</strong>。</p>" in leetcode
    assert '<meta name="description" content="按题号整理">' in leetcode
    assert card_titles(leetcode) == ["接雨水", "盛水"]
    assert card_titles(site.read("posts/leetcode/page/2/")) == ["两数之和"]
    assert "刷题的" not in site.read("posts/leetcode/page/2/")
    assert 'href="/posts/leetcode/hard/" lang="en">hard</a>' in leetcode
    assert '<h1 lang="en">hard</h1>' in site.read("posts/leetcode/hard/")
    every = site.read("posts/")
    # (content/posts/ is titled by the theme's word in the page's language, as Hugo's "Posts":
    # its folder's name is blogforge's, not the writer's)
    assert "<h1>文章</h1>" in every and card_titles(every) == ["变分自编码器", "接雨水"]
    assert "<h1>Posts</h1>" in site.read("en/posts/")
    assert 'href="/posts/">文章</a>' in site.read("posts/leetcode/")  # (the trail above)
    assert '<a href="/posts/" aria-current="page">文章</a>' in every or \
        'href="/posts/"' in site.read("")
    assert card_titles(site.read("en/posts/")) == ["VAE"]
    assert card_titles(site.read("en/posts/ml/")) == ["VAE"]
    assert not site.exists("en/posts/leetcode")  # (no English post there)
    assert "不公开" not in site.read("posts/ml/")
    sitemap = site.read("sitemap-zh.xml") if site.exists("sitemap-zh.xml") \
        else site.read("sitemap.xml")
    assert "/posts/leetcode/</loc>" in sitemap and "/page/2/" not in sitemap


def test_a_section_lists_its_posts_and_subsections_by_weight_as_hugo(site):
    """A section's list puts posts with a `weight` first, the lowest first, then the others
    newest first, as Hugo's section lists do; its subsections come by their `_index.md`'s
    `weight`, then by name. The home page and a tag's list keep their own order."""
    site.write("site.yaml", "title: T\n")
    site.post("leetcode/a.md", "Alpha", date="2024-01-01", weight=2, tags="[dp]")
    site.post("leetcode/b.md", "Beta", date="2024-01-02", weight=1, tags="[dp]")
    site.post("leetcode/c.md", "Gamma", date="2024-01-03", tags="[dp]")
    site.post("leetcode/d.md", "Delta", date="2024-01-04", tags="[dp]")
    site.post("ml/e.md", "Epsilon", date="2024-01-05")
    site.post("basics/f.md", "Zeta", date="2024-01-06")
    site.post("graphs/g.md", "Eta", date="2024-01-07")
    site.write("content/posts/ml/_index.md", "---\ntitle: ML\nweight: 1\n---\n")
    site.write("content/posts/leetcode/_index.md", "---\ntitle: LeetCode\nweight: 2\n---\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    assert card_titles(site.read("posts/leetcode/")) == ["Beta", "Alpha", "Delta", "Gamma"]
    children = re.findall(r'<a href="/posts/([^/]*)/"', site.read("posts/").split(
        "term-children", 1)[1].split("</ul>", 1)[0])
    assert children == ["ml", "leetcode", "basics", "graphs"]
    assert card_titles(site.read("tags/dp/")) == ["Delta", "Gamma", "Beta", "Alpha"]


def test_a_section_without_a_description_is_described_by_its_introduction(site):
    """An `_index.md` without `description` gives its page the start of its text as the meta
    description, as a post's text does, not the site's; a folder without one keeps the
    site's."""
    site.write("site.yaml", "title: T\ndescription: 站点的描述\n")
    site.post("leetcode/a.md", "Alpha", date="2024-01-01")
    site.post("ml/b.md", "Beta", date="2024-01-02")
    site.write("content/posts/leetcode/_index.md",
               "---\ntitle: LeetCode 题解\n---\n按题号整理的解题思路，$O(n)$ 的做法在前。\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    described = re.findall(r'<meta name="description" content="([^"]*)">',
                           site.read("posts/leetcode/"))
    assert described == ["按题号整理的解题思路，O(n) 的做法在前。"]
    assert '<meta name="description" content="站点的描述">' in site.read("posts/ml/")


def test_a_post_at_a_folders_address_keeps_it(site):
    """A bundle `posts/notes/index.md` is the post at /posts/notes/, a post whose `aliases`
    name /posts/old/ keeps that redirect: no list there, and no clash; a folder whose posts
    are all unlisted or drafts has none; a site with no `_index.md` is as before."""
    site.write("site.yaml", "title: T\n")
    site.post("notes/index.md", "A bundle", date="2024-01-01")
    site.post("old/c.md", "C", date="2024-01-03")
    site.post("d.md", "D", date="2024-01-04", aliases="[/posts/old/]")
    site.post("hidden/e.md", "E", date="2024-01-05", unlisted="true")
    site.post("drafts/f.md", "F", date="2024-01-06", draft="true")
    result = site.build()
    assert result.written and not result.diagnostics.errors, result.diagnostics.items
    bundle = site.read("posts/notes/")
    assert 'id="post-title"' in bundle and "A bundle" in bundle
    assert 'class="list-header"' not in bundle
    assert "A bundle" in site.read("posts/")
    assert 'class="list-header"' not in site.read("posts/old/")
    assert "/posts/d/" in site.read("posts/old/")
    assert not site.exists("posts/hidden/index.html")
    assert not site.exists("posts/drafts/index.html")


def test_a_draft_index_file_holds_its_sections_page_back(site):
    """`draft: true` in a folder's `_index.md` (as Hugo): no page at the folder's path, its
    title and text published nowhere, no link to it from the list above; the build lists it
    among the held-back drafts, and `--drafts` shows it. The posts in it keep their own say."""
    site.write("site.yaml", "title: T\n")
    site.post("wip/a.md", "Alpha", date="2024-01-01")
    site.post("done/b.md", "Beta", date="2024-01-02")
    site.write("content/posts/wip/_index.md",
               "---\ntitle: 半成品栏目\ndraft: true\n---\n还没写完。\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    assert not site.exists("posts/wip/index.html")
    every = site.read("posts/")
    assert "半成品栏目" not in every and 'href="/posts/wip/"' not in every
    assert "Alpha" in site.read("posts/") and site.exists("posts/wip/a/index.html")
    assert [d.source.as_posix() for d in result.held_back["drafts"]] == [
        "content/posts/wip/_index.md"]
    shown = site.build(drafts=True)
    assert shown.written and "<h1>半成品栏目</h1>" in site.read("posts/wip/")


def test_an_index_files_lang_says_its_language(site):
    """`lang: en` in an `_index.md` makes it the English page's introduction (as a post's
    `lang:` does), not the Chinese page's; one naming no language of the site is an error at
    its line."""
    site.write("site.yaml", "title: T\ndefault_language: zh\nlanguages: {zh: {}, en: {}}\n")
    site.post("ml/a.md", "甲", date="2024-01-01")
    site.post("ml/a.en.md", "Alpha", date="2024-01-01", lang="en")
    site.write("content/posts/ml/_index.md", "---\ntitle: Machine learning\nlang: en\n---\n"
                                             "Notes on models.\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    assert "Notes on models." in site.read("en/posts/ml/")
    assert "<h1>Machine learning</h1>" in site.read("en/posts/ml/")
    assert "Notes on models." not in site.read("posts/ml/")
    site.write("content/posts/ml/_index.md", "---\ntitle: ML\nlang: fr\n---\nx\n")
    said = [f"{d.path}:{d.line}: {d.message}" for d in site.build().diagnostics.errors]
    assert said and said[0].startswith("content/posts/ml/_index.md:3: `lang: fr`"), said


def test_the_menu_marks_the_section_a_page_is_in(site):
    """On /posts/leetcode/two-sum/ the menu's nearest entry above it, `posts/leetcode/`, is
    marked `aria-current="true"` (the page itself would be "page"), as on page 2 of a list
    and on a tag under `tags/`; a post a permalink puts elsewhere is in its folder's section;
    the home entry is marked on the home alone."""
    site.write("site.yaml", """
        title: T
        paginate: 1
        permalink: /:year/:slug/
        languages:
          zh: {menu: [{name: 首页, url: /}, {name: 文章, url: posts/}, {name: 标签, url: tags/},
                      {name: 题解, url: posts/leetcode/}]}
        """)
    site.post("leetcode/two-sum.md", "两数之和", date="2024-01-01", tags="[array]")
    site.post("notes/b.md", "B", date="2024-01-02")
    assert site.build().written

    def marked(rel: str) -> list[tuple[str, str]]:
        menu = site.read(rel).split('class="site-nav"')[1].split("</nav>")[0]
        return re.findall(r'<a href="([^"]+)" aria-current="([^"]+)">', menu)

    assert marked("2024/two-sum/") == [("/posts/leetcode/", "true")]
    assert marked("2024/b/") == [("/posts/", "true")]
    assert marked("posts/leetcode/") == [("/posts/leetcode/", "page")]
    assert marked("posts/page/2/") == [("/posts/", "true")]
    assert marked("tags/array/") == [("/tags/", "true")]
    assert marked("") == [("/", "page")]
    assert marked("archives/") == []


def test_an_old_url_in_other_capitals_at_a_folders_address_keeps_it(site):
    """A post whose `aliases` keep its folder's old address in capitals (/posts/ML/, as the
    old blog had it) keeps that redirect, as one in small letters does: the folder's list
    page at /posts/ml/index.html beside its /posts/ML/index.html made two files Windows and
    macOS take for one: there, one page hid the other."""
    site.write("site.yaml", "title: T\n")
    site.post("ML/v.md", "V", date="2024-01-01", aliases="[/posts/ML/]")
    result = site.build()
    assert result.written and not [m for m in messages(result) if "index.html" in m], \
        messages(result)
    assert "/posts/ml/v/" in site.read("posts/ML/")
    assert not site.exists("posts/ml/index.html")


def test_a_broken_index_file_is_said_at_its_line(site):
    """An `_index.md` whose front matter cannot be read is an error at its file and line,
    and the previous output stays as it was."""
    site.write("site.yaml", "title: T\n")
    site.post("ml/a.md", "A")
    assert site.build().written
    site.write("content/posts/ml/_index.md", "---\ntitle: [ML\n---\nIntro.\n")
    result = site.build()
    assert not result.written
    said = [f"{d.path}:{d.line}" for d in result.diagnostics.errors]
    assert said and said[0].startswith("content/posts/ml/_index.md:"), said
    assert ">ml</h1>" in site.read("posts/ml/")


def test_folders_apart_only_in_capitals_share_one_list(site):
    """content/posts/ML/ and content/posts/ml/ (two folders on Linux, one on Windows and
    macOS) publish their posts under /posts/ml/: they have one list page there, listing the
    posts of both, titled by the `_index.md` either holds; two `_index.md` for that one page
    are an error at the second, not a clash of two generated pages naming no file."""
    site.write("site.yaml", "title: T\n")
    site.post("ML/a.md", "A", date="2024-01-01")
    site.post("ml/b.md", "B", date="2024-01-02")
    site.post("ml/Deep/c.md", "C", date="2024-01-03")
    site.write("content/posts/ml/_index.md", "---\ntitle: Machine learning\n---\nIntro.\n")
    result = site.build()
    assert result.written and not result.diagnostics.errors, result.diagnostics.items
    listing = site.read("posts/ml/")
    assert card_titles(listing) == ["C", "B", "A"]
    assert '<h1 lang="en">Machine learning</h1>' in listing and "<p>Intro.</p>" in listing
    assert 'href="/posts/ml/deep/"' in listing
    assert 'href="/posts/ml/"' in site.read("posts/ml/deep/")
    site.write("content/posts/ML/_index.md", "---\ntitle: ML\n---\nOther.\n")
    result = site.build()
    assert not result.written
    said = [f"{d.path}: {d.message}" for d in result.diagnostics.errors]
    assert len(said) == 1 and said[0].startswith("content/posts/ml/_index.md: "), said
    assert "content/posts/ML/_index.md" in said[0], said


def test_a_sections_aliases_lead_to_its_page(site):
    """`aliases:` in a folder's `_index.md` (as Hugo honours them) make redirect pages to the
    section's page, as a post's do; an old URL another page has is an error at its line, and
    one no redirect page can serve too."""
    site.write("site.yaml", "title: T\n")
    site.post("notes/a.md", "Alpha", date="2024-01-01")
    site.post("b.md", "Beta", date="2024-01-02")
    site.write("content/posts/notes/_index.md",
               "---\ntitle: 笔记\naliases:\n  - /notes/\n  - /old-notes.html\n---\n")
    result = site.build()
    assert result.written and not result.diagnostics.errors, result.diagnostics.items
    for old in ("notes/", "old-notes.html"):
        page = site.read(old)
        assert '<meta http-equiv="refresh" content="0; url=/posts/notes/">' in page, page
        assert '<a href="/posts/notes/">笔记</a>' in page
    site.write("content/posts/notes/_index.md",
               "---\ntitle: 笔记\naliases:\n  - /notes/\n  - /posts/b/\n---\n")
    result = site.build()
    assert not result.written
    said = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics.errors]
    assert said and said[0].startswith("content/posts/notes/_index.md:3: "), said
    assert "/posts/b/" in said[0] and "aliases" in said[0]
    site.write("content/posts/notes/_index.md", "---\ntitle: 笔记\naliases: [/feed.xml]\n---\n")
    said = [f"{d.path}:{d.line}: {d.message}" for d in site.build().diagnostics.errors]
    assert said and said[0].startswith("content/posts/notes/_index.md:3: `aliases` /feed.xml"), said


def test_a_section_of_no_listed_post_still_has_its_page(site):
    """As Hugo does, a folder whose `_index.md` is there has its list page though none of its
    posts is listed (each `_build: {list: never}`, or a draft): empty, with its introduction,
    so its `aliases` and a menu's link to it lead somewhere; a draft `_index.md` still holds
    its page back, and a folder of drafts alone, without one, has none."""
    site.write("site.yaml", "title: T\nfeeds: {per_section: true}\nlanguages:\n  zh:\n    menu: "
               "[{name: 机器学习, url: posts/ml/}, {name: 草稿, url: posts/wip/}]\n")
    site.post("top.md", "Top", date="2024-01-01")
    site.write("content/posts/ml/_index.md", "---\ntitle: ML\naliases: [/old-ml/]\n---\nIntro.\n")
    site.post("ml/a.md", "Alpha", date="2024-01-02", _build="{list: never}")
    site.write("content/posts/wip/_index.md", "---\ntitle: WIP\n---\n")
    site.post("wip/b.md", "Beta", date="2024-01-03", draft="true")
    site.write("content/posts/held/_index.md", "---\ntitle: Held\ndraft: true\n---\n")
    site.post("held/c.md", "Gamma", date="2024-01-04", draft="true")
    site.post("bare/d.md", "Delta", date="2024-01-05", draft="true")
    result = site.build()
    assert result.written, result.diagnostics.items
    assert not [d for d in result.diagnostics.items if "menu" in d.message], \
        result.diagnostics.items
    ml = site.read("posts/ml/")
    assert "<h1" in ml and ">ML</h1>" in ml and "<p>Intro.</p>" in ml
    assert 'href="/posts/ml/a/"' not in ml
    assert '<meta http-equiv="refresh" content="0; url=/posts/ml/">' in site.read("old-ml/")
    assert ">WIP</h1>" in site.read("posts/wip/")
    assert site.exists("posts/wip/atom.xml")
    assert not site.exists("posts/held/index.html") and not site.exists("posts/bare/index.html")


def test_a_sections_cascade_gives_its_keys_to_the_pages_below(site):
    """Hugo's `cascade:` in an `_index.md` gives its keys to every page below it, nested
    folders too: the nearer `_index.md` wins, the page's own front matter wins over both, a
    `_target.path` picks the pages a table is for; a key that names one page is not given."""
    site.write("site.yaml", "title: T\n")
    site.write("content/_index.md", "---\ncascade:\n  tags: [site]\n---\n")
    site.write("content/posts/ml/_index.md",
               "---\ntitle: ML\ncascade:\n  tags: [ml]\n  toc: true\n  title: Same\n---\n")
    site.write("content/posts/ml/hard/_index.md",
               "---\ntitle: Hard\ncascade:\n  - _target:\n      path: /posts/ml/hard/wip-*\n"
               "    draft: true\n  - tags: [hard]\n---\n")
    site.post("top.md", "Top", date="2024-01-01")
    site.post("ml/a.md", "Alpha", date="2024-01-02", body="## One\n\nText.\n")
    site.post("ml/own.md", "Own", date="2024-01-03", tags="[mine]", toc="false",
              body="## One\n\nText.\n")
    site.post("ml/hard/b.md", "Beta", date="2024-01-04")
    site.post("ml/hard/wip-c.md", "Gamma", date="2024-01-05")
    result = site.build()
    assert result.written, result.diagnostics.items
    assert 'href="/posts/top/"' in site.read("tags/site/")
    assert 'href="/posts/ml/a/"' in site.read("tags/ml/")
    assert 'href="/posts/ml/own/"' not in site.read("tags/ml/")
    assert 'href="/posts/ml/own/"' in site.read("tags/mine/")
    assert 'href="/posts/ml/hard/b/"' in site.read("tags/hard/")
    assert 'href="/posts/ml/hard/b/"' not in site.read("tags/ml/")
    assert '<nav class="toc"' in site.read("posts/ml/a/")
    assert '<nav class="toc"' not in site.read("posts/ml/own/")
    assert not site.exists("posts/ml/hard/wip-c/index.html")  # (a draft, by its folder's word)
    assert "<title>Alpha" in site.read("posts/ml/a/")
    said = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics.items
            if "cascade" in d.message]
    assert said == ["content/posts/ml/_index.md:6: `cascade` gives `title`, which says what "
                    "one page is: not given to the pages below; write it in each"], said


def test_a_cascades_params_table_gives_its_keys_as_the_tables_own(site):
    """Hugo's docs write a cascade's values under `params:` (`cascade: {params: {toc: true}}`);
    a page's front matter keys are its params here, so they are given as the table's own (a
    key beside `params` winning), and a slip among them is said at its line."""
    site.write("site.yaml", "title: T\n")
    site.write("content/posts/ml/_index.md",
               "---\ntitle: ML\ncascade:\n  tags: [ml]\n  params:\n    toc: true\n"
               "    tags: [params]\n    sereis: Notes\n---\n")
    site.post("ml/a.md", "Alpha", body="## One\n\nText.\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    assert '<nav class="toc"' in site.read("posts/ml/a/")
    assert 'href="/posts/ml/a/"' in site.read("tags/ml/") and not site.exists("tags/params")
    said = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics.warnings]
    assert "content/posts/ml/_index.md:8: `cascade` gives `sereis`, which is not a " \
        "front-matter key; did you mean `series`?" in said, said


def test_taxonomies_under_a_cascades_params_are_no_terms_said_once(site):
    """Taxonomies under a cascade's `params:` (a mapping, or a table of a list) are, as
    under a post's own `params:`, no terms (Hugo makes terms of a page's top-level keys
    alone): one warning at the `_index.md` line, naming the pages; a page writing the key
    itself is not among them. A section's page, which makes no terms, takes them as values
    (`section.params.tags`), as those of its own `params:`."""
    site.write("site.yaml", "title: T\n")
    site.write("content/posts/ml/_index.md",
               "---\ntitle: ML\ncascade:\n  params:\n    toc: true\n    tags: [cascaded]\n---\n")
    site.write("content/posts/nlp/_index.md",
               "---\ncascade:\n  - _target:\n      path: /posts/nlp/**\n"
               "    params:\n      categories: [NLP]\n---\n")
    site.post("ml/a.md", "Alpha", body="## One\n\nText.\n")
    site.post("ml/b.md", "Beta")
    site.post("ml/own.md", "Own", tags="[mine]")
    site.post("nlp/c.md", "Gamma")
    site.write("templates/section.html",
               '{% extends "base.html" %}{% block main %}<p class="tags">'
               "{{ section.params.tags | join(',') }}</p>{% endblock %}\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    assert '<nav class="toc"' in site.read("posts/ml/a/")  # (its other keys are given)
    assert not site.exists("tags/cascaded") and not site.exists("categories/nlp")
    assert 'href="/posts/ml/own/"' in site.read("tags/mine/")
    assert '<p class="tags">cascaded</p>' in site.read("posts/ml/")
    said = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics.warnings
            if "under the `params:`" in d.message]
    assert said == [
        "content/posts/ml/_index.md:6: `tags` under the `params:` of a `cascade` is a plain "
        "value in Hugo, which makes terms of the keys at a page's top alone: not given to the "
        "pages below as their terms here either; write `tags` beside `params:` in the cascade "
        "to make it their terms (given by `cascade` to 2 pages: content/posts/ml/a.md and "
        "content/posts/ml/b.md)",
        "content/posts/nlp/_index.md:6: `categories` under the `params:` of a `cascade` is a "
        "plain value in Hugo, which makes terms of the keys at a page's top alone: not given "
        "to the pages below as their terms here either; write `categories` beside `params:` "
        "in the cascade to make it their terms (given by `cascade` to "
        "content/posts/nlp/c.md)"], said


def test_the_homes_index_title_and_text_are_said_not_shown(site):
    """Hugo shows content/_index.md's title and text on the home page; blogforge makes its
    home page itself and reads only the file's cascade: what else it says is one warning at
    its title's line (else its first key's, else its text's), naming what is not shown and
    where the home page's words are set; nothing is said of a file with a cascade alone. Said
    on every build, an incremental one too."""
    site.write("site.yaml", "title: T\nlanguages:\n  zh: {}\n  en: {}\n")
    site.post("a.md", "Alpha", body="## One\n\nText.\n")
    site.write("content/_index.md", "---\ndescription: 我的博客\ntitle: 首页\ncascade:\n"
               "  toc: true\n---\n\n欢迎来到我的博客。\n")
    site.write("content/_index.en.md", raw=b"\nWelcome to my blog.\n")
    expected = [
        "content/_index.en.md:2: warning: its text is not shown: blogforge makes the home "
        "page itself, and none of it is read; its heading is site.yaml's `hero` and the line "
        "under it `description` (a language's own under `languages:`); a longer text belongs "
        "in a page of its own (content/about.md, linked from the `menu`)",
        "content/_index.md:3: warning: `description`, `title` and its text are not shown: "
        "blogforge makes the home page itself, and its `cascade` alone is read (given to the "
        "pages below); its heading is site.yaml's `hero` and the line under it `description` "
        "(a language's own under `languages:`); a longer text belongs in a page of its own "
        "(content/about.md, linked from the `menu`)"]
    for _ in range(2):  # (a clean build, then one from the cache)
        result = site.build(use_cache=True)
        assert result.written
        assert [m for m in messages(result) if "not shown" in m] == expected
    assert '<nav class="toc"' in site.read("posts/a/")  # (its cascade is read)
    assert "欢迎来到" not in site.read("")
    site.write("content/_index.md", "---\ncascade:\n  toc: true\n---\n")
    (site.root / "content/_index.en.md").write_text("\n", encoding="utf-8")
    assert not [m for m in messages(site.build(use_cache=True)) if "not shown" in m]


def test_a_broken_front_matter_of_the_homes_index_is_an_error_at_its_line(site):
    """content/_index.md is read for its cascade alone, but a broken front matter there is an
    error at its line, as a post's is (and as Hugo fails on it), with or without a `cascade`
    in it: a misspelt one (`cascde:`) beside a YAML slip would otherwise give the pages below
    nothing, unsaid. So is a folder's outside content/posts/ (whose section does not read
    it); the previous output stays as it was. Said on a build from the cache too."""
    site.write("site.yaml", "title: T\n")
    site.post("a.md", "Alpha", body="## One\n\nText.\n")
    assert site.build(use_cache=True).written
    before = site.read("posts/a/")
    home = "---\ntitle: 首页\ncascde:\n  toc: true\ndescription: [我的博客\n---\n"
    for rel in ("content/_index.md", "content/notes/_index.md"):
        site.write(rel, home)
        result = site.build(use_cache=True)
        assert not result.written
        assert [m for m in messages(result, "error")] == [
            f"{rel}:5: error: broken YAML front matter: did not find expected ',' or ']' "
            "(while parsing a flow sequence)"]
        assert site.read("posts/a/") == before
        (site.root / rel).unlink()
    assert site.build(use_cache=True).written


def test_a_cascade_in_a_languages_own_index_is_for_that_languages_pages(site):
    """`_index.en.md`'s cascade (or a table's `_target.lang`) is for the English pages below;
    a plain `_index.md`'s for the pages of every language."""
    site.write("site.yaml", "title: T\nlanguages: {zh: {}, en: {}}\n")
    site.write("content/posts/ml/_index.md", "---\ncascade: {tags: [全部]}\n---\n")
    site.write("content/posts/ml/_index.en.md",
               "---\ncascade:\n  - {series: Notes}\n"
               "  - {_target: {lang: zh}, series: 笔记}\n---\n")
    site.post("ml/a.md", "甲", date="2024-01-01", body="中文正文。\n")
    site.post("ml/a.en.md", "Alpha", date="2024-01-01", body="English text.\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    both = site.read("tags/全部/") + site.read("en/tags/全部/")
    assert 'href="/posts/ml/a/"' in both and 'href="/en/posts/ml/a/"' in both
    assert 'href="/en/posts/ml/a/"' in site.read("en/series/notes/")
    assert not site.exists("series/笔记/index.html")
    assert not site.exists("series/notes/index.html")


@pytest.mark.parametrize(("intro", "line", "said"), [
    ("cascade: 3\n", 3, "`cascade` should be a mapping of front matter keys"),
    ("cascade: [toc]\n", 3, "`cascade` should be a mapping of front matter keys"),
    ("cascade:\n  _target: [x]\n  toc: true\n", 4, "`_target` should be a mapping"),
    ("cascade:\n  _target:\n    path: /posts/{a,b\n  toc: true\n", 5,
     "`_target.path: /posts/{a,b` has a `{` never closed"),
    ("cascade:\n  target:\n    kind: pages\n  toc: true\n", 5,
     "`target.kind: pages` names none of Hugo's kinds"),
    ("cascade:\n  toc: maybe\n", 4, "`toc` "),
    # (in a list, each table's keys are found below its item, not in the table above)
    ("cascade:\n  - _target:\n      kind: page\n    toc: true\n  - _target:\n"
     "      kind: pages\n    toc: true\n", 8, "`_target.kind: pages` names none of Hugo's kinds"),
    ("cascade:\n  - _target:\n      lang: en\n    toc: true\n  - toc: maybe\n", 7, "`toc` "),
    ("+++\n[[cascade]]\n  toc = true\n  [cascade._target]\n    kind = 'page'\n[[cascade]]\n"
     "  [cascade._target]\n    kind = 'pages'\n+++\n", 8, "`_target.kind: pages` names none"),
])
def test_a_broken_cascade_is_an_error_at_its_line(site, intro, line, said):
    """What is wrong in a `cascade:` is one error at its `_index.md`'s line (a value the
    pages cannot take too, naming the page it was given to)."""
    site.write("site.yaml", "title: T\n")
    site.post("ml/a.md", "Alpha", date="2024-01-01")
    site.write("content/posts/ml/_index.md", intro if intro.startswith("+++") else
               f"---\ntitle: ML\n{intro}---\n")  # (TOML's as written)
    result = site.build()
    assert not result.written
    errors = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics.errors]
    assert errors and errors[0].startswith(f"content/posts/ml/_index.md:{line}: {said}"), errors


def test_a_cascade_reaches_the_section_pages_below_by_their_kind(site):
    """As in Hugo, a cascade reaches the section pages below it (its own folder's too, and a
    folder without an `_index.md`): their sharing card's picture, their held-back drafts, a
    template's `section.params`; their own front matter wins; a `_target.kind` picks pages or
    sections; a table for the home alone is said not applied, at its line."""
    site.write("site.yaml", "title: T\n")
    site.write("static/img/ml.png", raw=b"\x89PNG\r\n\x1a\n")  # (a picture: cards show it)
    site.write("static/img/own.png", raw=b"\x89PNG\r\n\x1a\n")
    site.post("ml/a.md", "Alpha", date="2024-01-01")
    site.post("ml/deep/b.md", "Beta", date="2024-01-02")
    site.post("ml/own/c.md", "Gamma", date="2024-01-03")
    site.post("ml/wip/d.md", "Delta", date="2024-01-04")
    site.write("content/posts/ml/_index.md",
               "---\ntitle: ML\ncascade:\n  - _target:\n      kind: section\n"
               "    images: [/img/ml.png]\n    banner: blue\n"
               "  - _target:\n      kind: home\n    toc: true\n"
               "  - _target: {kind: section, path: /posts/ml/wip}\n    draft: true\n---\n")
    site.write("content/posts/ml/own/_index.md", "---\ntitle: Own\ncover: /img/own.png\n---\n")
    site.write("content/posts/ml/wip/_index.md", "---\ntitle: WIP\n---\n")
    site.write("templates/section.html",
               '{% extends "base.html" %}{% block main %}<p class="banner">'
               "{{ section.params.banner }}</p>{% endblock %}\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    card = '<meta property="og:image" content="/img/ml.png">'
    assert card in site.read("posts/ml/") and card in site.read("posts/ml/deep/")
    assert '<p class="banner">blue</p>' in site.read("posts/ml/deep/")
    assert '<meta property="og:image" content="/img/own.png">' in site.read("posts/ml/own/")
    assert card not in site.read("posts/ml/a/")  # (a table for sections: no post takes it)
    assert not site.exists("posts/ml/wip/index.html")
    assert site.exists("posts/ml/wip/d/index.html")
    # (held back by the file saying so)
    assert [draft.source.as_posix() for draft in result.held_back["drafts"]] == \
        ["content/posts/ml/_index.md"]
    said = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics.warnings]
    assert any(s.startswith("content/posts/ml/_index.md:9: `_target.kind: home`: not "
                            "applied") for s in said), said


def test_a_sections_own_params_map_is_its_params(site):
    """An `_index.md`'s Hugo `params:` map gives the section's page its keys, as a post's does
    (`section.params.banner`, Hugo's `.Params.banner`), a key at the top winning; its slips (a
    key at the top too with another value, one of Hugo's own) are said as a post's are, at
    their lines, once though the file serves two languages. Its `tags` there are a value
    too (a section's page has no terms, here or in Hugo), not said as a post's are."""
    site.write("site.yaml", "title: T\nlanguages: {zh: {}, en: {}}\n")
    site.post("ml/a.md", "Alpha", date="2024-01-01")
    site.post("ml/a.en.md", "Alpha", date="2024-01-01")
    site.write("content/posts/ml/_index.md",
               "---\ntitle: ML\nnote: top\nparams:\n  banner: blue\n  note: under\n"
               "  Title: Other\n  tags: [hot]\n---\n")
    site.write("templates/section.html",
               '{% extends "base.html" %}{% block main %}<p class="banner">'
               "{{ section.params.banner }} {{ section.params.note }} {{ section.params.tags[0] }}"
               "</p>{% endblock %}\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    assert '<p class="banner">blue top hot</p>' in site.read("posts/ml/")
    said = [str(d) for d in result.diagnostics.items if d.level == "warning"]
    assert [m for m in said if "_index.md" in m] == [
        "content/posts/ml/_index.md:6: warning: `note` is written at the top (line 3) and under "
        "`params:`, with another value: the top's is used; keep one",
        "content/posts/ml/_index.md:7: warning: `Title` under `params:` is one of Hugo's own "
        "keys, which it reads at the top of the front matter alone: not the page's here either "
        "(a template finds it as `section.params.params.Title`); write it at the top if it is "
        "meant"], said


def test_a_warning_of_a_cascaded_key_is_at_the_index_line_writing_it(site):
    """A warning about a key a cascade gave (two series, many tags, a `layout` slip, a cover
    link previews cannot show, a `lang` making a post the version a file beside it is, a
    tag's other spelling) points
    at the `_index.md` line writing it, saying so and naming the pages, once; not at line 1
    of each post, where nothing of it is written."""
    site.write("site.yaml", "title: T\nlanguages: {zh: {}, en: {}}\n")
    site.write("templates/projects.html", "{% extends 'post.html' %}\n")
    tags = ", ".join(f"t{n}" for n in range(51))
    site.write("content/posts/ml/_index.md",
               f"---\ntitle: ML\ncascade:\n  series: [a, b]\n  tags: [{tags}]\n"
               "  layout: projetcs\n  cover: /c.svg\n---\n")
    site.write("content/posts/en/_index.md", "---\ncascade:\n  lang: en\n---\n")
    site.post("ml/a.md", "甲", body="中文。\n")
    site.post("ml/b.md", "乙", body="中文。\n")
    site.post("en/c.md", "Gamma", body="English.\n")
    site.post("en/c.en.md", "Gamma", body="English.\n")
    site.write("content/posts/solo/_index.md", "---\ncascade:\n  tags: [Go]\n---\n")
    site.post("solo/x.md", "戊", body="中文。\n")
    site.post("y.md", "己", tags="[go]", body="中文。\n")
    site.post("z.md", "庚", tags="[go]", body="中文。\n")
    result = site.build()
    said = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics.items
            if d.path is not None and d.path.name == "_index.md"]
    pages = " (given by `cascade` to 2 pages: content/posts/ml/a.md and content/posts/ml/b.md)"
    assert [s for s in said if s.startswith("content/posts/ml/")] == [
        "content/posts/ml/_index.md:5: 51 tags: each is a page of its own listing this post "
        "(more than 50 looks like a list pasted in by mistake); keep the few that say what "
        "the post is about" + pages,
        "content/posts/ml/_index.md:4: `series` names 2 series; a post is in one here, so "
        "only `a` is used" + pages,
        "content/posts/ml/_index.md:6: `layout: projetcs`: the site has no such template, "
        "so the usual one shows this page; did you mean `projects`?" + pages,
        "content/posts/ml/_index.md:7: `cover: /c.svg`: link previews (Facebook, X, "
        "LinkedIn, Telegram) show no SVG, so the post's first other picture, else "
        "site.yaml's `image`, is its card's; name a PNG or JPEG (1200×630) for the card"
        + pages], said
    assert [s for s in said if s.startswith("content/posts/en/")] == [
        "content/posts/en/_index.md:3: `lang: en` makes this the `en` version of the page, "
        "which content/posts/en/c.en.md is already: both would be at one URL. Remove or "
        "correct the line (given by `cascade` to content/posts/en/c.md)"], said
    assert [s for s in said if s.startswith("content/posts/solo/")] == [
        "content/posts/solo/_index.md:3: tag `Go` shares the page /tags/go/ with `go` "
        "(content/posts/y.md and content/posts/z.md): write them the same way (given by "
        "`cascade` to content/posts/solo/x.md)"], said


def test_a_cascaded_bibliography_and_series_order_are_said_at_the_index_line(site):
    """A cascaded `bibliography:` is read from its `_index.md`'s folder (posts of nested
    folders cite from it), and one the posts cannot read, or a `series_order` giving the posts
    one place, is said at that `_index.md`'s line once, naming the pages: not at line 1 of
    each post, where neither is written."""
    site.write("site.yaml", "title: T\n")
    site.write("content/posts/ml/refs.bib",
               "@article{doe2020,\n  title = {Deep},\n  author = {Doe, Jane},\n"
               "  year = {2020}\n}\n")
    site.write("content/posts/ml/_index.md",
               "---\ntitle: ML\ncascade:\n  series: Notes\n  series_order: 2\n"
               "  bibliography: refs.bib\n---\n")
    site.write("content/posts/nb/_index.md", "---\ncascade:\n  bibliography: gone.bib\n---\n")
    site.post("ml/deep/a.md", "Alpha", date="2024-01-01", body="Seen [@doe2020].\n")
    site.post("ml/b.md", "Beta", date="2024-01-02", body="Text.\n")
    site.post("ml/c.md", "Gamma", date="2024-01-03", body="Text.\n")
    site.post("nb/x.md", "X", date="2024-01-01", body="Text.\n")
    site.post("nb/y.md", "Y", date="2024-01-02", body="Text.\n")
    result = site.build()
    assert result.written, result.diagnostics.items
    assert "Doe, 2020" in site.read("posts/ml/deep/a/")
    said = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics.warnings
            if "series_order" in d.message or "bibliography" in d.message]
    assert said == [
        "content/posts/nb/_index.md:3: `bibliography: gone.bib`: there is no file "
        "content/posts/nb/gone.bib; the citations show their keys until there is (given by "
        "`cascade` to 2 pages: content/posts/nb/x.md and content/posts/nb/y.md)",
        "content/posts/ml/_index.md:5: `series_order: 2` is also that of "
        "content/posts/ml/b.md in the series `Notes`: the two are in the order of their dates "
        "(given by `cascade` to 2 pages: content/posts/ml/c.md and content/posts/ml/deep/a.md)",
    ], said


def test_a_cascaded_value_the_pages_cannot_take_is_said_once(site):
    """A cascade's value every page below refuses (`draft: maybe`) is one error at its
    `_index.md`'s line naming the pages, not one per page; a cascaded `password` holds the
    pages back, said once at its line."""
    site.write("site.yaml", "title: T\n")
    for name in ("a", "b", "c"):
        site.post(f"ml/{name}.md", name.upper(), date="2024-01-01")
        site.post(f"locked/{name}.md", name.upper(), date="2024-01-01")
    site.write("content/posts/ml/_index.md", "---\ntitle: ML\ncascade:\n  draft: maybe\n---\n")
    site.write("content/posts/locked/_index.md", "---\ncascade: {password: x}\n---\n")
    result = site.build()
    assert not result.written
    said = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics.items
            if d.path is not None and d.path.name == "_index.md"]
    assert len(said) == 2, said
    assert said[0].startswith("content/posts/locked/_index.md:2: `password` locks"), said
    assert said[1] == ("content/posts/ml/_index.md:4: `draft` should be true or false (given by "
                       "`cascade` to 3 pages: content/posts/ml/a.md, content/posts/ml/b.md and "
                       "content/posts/ml/c.md)"), said


def test_a_sites_own_card_is_made_on_each_list_with_what_that_page_says(site):
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\n")
    site.post("a.md", "A", tags="[x, y]")
    site.write("templates/partials/card.html",
               '<article class="card mine">{{ post.title }} on /{{ page_path }}</article>\n')
    assert site.build().written
    for page in ("", "tags/x/", "tags/y/", "posts/"):
        assert f'<article class="card mine">A on /{page}</article>' in site.read(page)


def test_a_sites_own_list_template_sets_the_level_of_the_themes_cards_titles(site):
    """The theme's cards, shared between lists, at each list's own heading level."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\n")
    site.post("a.md", "A", tags="[x]")
    site.write("templates/section.html", '{% extends "theme/base.html" %}{% block main %}'
               '<h1>{{ section.title }}</h1><h2>…</h2><h3>…</h3>{% set card_level = 4 %}'
               '{% include "partials/card_list.html" %}{% endblock %}')
    assert site.build().written
    assert '<h4 class="card-title"><a href="/repo/posts/a/">A</a></h4>' in site.read("posts/")
    assert '<h2 class="card-title"><a href="/repo/posts/a/">A</a></h2>' in site.read("tags/x/")
    assert '<h3 class="card-title"><a href="/repo/posts/a/">A</a></h3>' in site.read("")
