"""Hexo tags, Jekyll Liquid and Hugo shortcodes in posts render as blogforge output."""

from __future__ import annotations

import html
import re
import time

import pytest
from conftest import Site, messages

from blogforge.markdown.compat import Context, translate

HEXO = """\
---
title: Hexo post
date: 2024-03-01
---
See {% post_link target %} and {% post_link target 'The target' %}, at {% post_path target %}.

{% note warning %}
Mind the **gap**.
{% endnote %}

{% note info Click to read %}
Folded text.
{% endnote %}

{% codeblock lru.py lang:python mark:2 %}
```
def get(key):
    return cache[key]
{% endcodeblock %}

{% asset_img diagram.png 300 200 "The diagram" "Boxes and arrows" %}

Path: {% asset_path diagram.png %}. {% img /images/logo.png Logo %}

{% blockquote Alan Kay, Talk %}
The best way to predict the future is to invent it.
{% endblockquote %}

{% raw %}{{ not a template }}{% endraw %} and {% iframe https://example.org/demo %}

{% link Hexo docs https://hexo.io/docs/ %}
"""

JEKYLL = """\
---
title: Jekyll post
---
Read [the later post]({{ site.baseurl }}{% post_url 2024-01-01-target %}) or
[this]({% link _posts/2024-01-01-target.md %}); logo at {{ "/images/logo.png" | relative_url }}.

{% highlight python linenos %}
print("{{ site.title }}")
{% endhighlight %}

{% raw %}
{{ page.title }} stays as written.
{% endraw %}

{% comment %}
Hidden note.
{% endcomment %}

A lead paragraph.
{: .lead}

* TOC
{:toc}

![photo](/images/photo.png){: .center}
"""

HUGO = """\
---
title: Hugo post
date: 2024-03-03
---
Back to [the target]({{< ref "target.md" >}}) and [its part]({{< relref "/posts/target#part" >}}).

{{< figure src="/images/photo.png" caption="A photo" alt="Trees" >}}

{{% notice tip "Speed" %}}
Cache the **results**.
{{% /notice %}}

{{< highlight go "linenos=table,hl_lines=2" >}}
x := 1
y := 2
{{< /highlight >}}

Watch {{< youtube dQw4w9WgXcQ >}} and read {{< gist spf13 7896402 >}}.

Escaped: {{</* figure src="x.png" */>}}
"""

PROTECTED = """\
---
title: Protected
date: 2024-03-04
---
Inline `{% post_link target %}` and ${{< ref "target.md" >}}$ stay.

```
{% post_url 2024-01-01-target %} {{< figure src="a.png" >}}
```

$$
{{< figure >}} \\quad x
$$
"""

UNKNOWN = """\
---
title: Unknown
date: 2024-03-05
---
First line.

{% include_code demo.py %}

Then {{< mermaid >}} and {{ page.excerpt }} and {% post_link missing-post %}.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("compat") / "blog")
    site.write("site.yaml", "default_language: en\n")
    site.write("content/posts/2024-01-01-target.md", "# Target\n\n## Part\n\nText.\n")
    site.write("content/posts/hexo.md", HEXO)
    site.write("content/posts/hexo/diagram.png", raw=b"\x89PNG\r\n\x1a\n")
    site.write("static/images/logo.png", raw=b"\x89PNG\r\n\x1a\n")
    site.write("static/images/photo.png", raw=b"\x89PNG\r\n\x1a\n")
    site.write("content/posts/2024-02-02-jekyll.md", JEKYLL)
    site.write("content/posts/hugo.md", HUGO)
    site.write("content/posts/protected.md", PROTECTED)
    site.write("content/posts/unknown.md", UNKNOWN)
    result = site.build()
    assert result.written, messages(result)
    return site, messages(result)


def content(site: Site, path: str) -> str:
    page = site.read(path)
    return page[page.index('<div class="content">'):page.index("</article>")]


# --- Hexo -----------------------------------------------------------------------------------


def test_hexo_post_link_and_post_path(built):
    page = content(built[0], "posts/hexo/")
    assert '<a href="/posts/target/">Target</a>' in page  # (its title, from its `# Target`)
    assert '<a href="/posts/target/">The target</a>' in page
    assert "at /posts/target/." in page


def test_hexo_note_is_a_callout_and_a_summary_folds_it(built):
    page = content(built[0], "posts/hexo/")
    assert "{% note" not in page and "endnote" not in page and "[!" not in page
    assert re.search(r'<div class="callout callout-warning"[^>]*>\s*<p class="callout-title">'
                     r'<svg[^>]*>.*?</svg>Warning</p>\s*<p>Mind the <strong>gap</strong>.</p>',
                     page, re.S)
    assert re.search(r'<details class="callout callout-note"[^>]*>\s*<summary class="callout-'
                     r'title"><svg[^>]*>.*?</svg><span class="visually-hidden">Note: </span>'
                     r'Click to read</summary>\s*<div class="callout-'
                     r'body">\s*<p>Folded text.</p>', page, re.S)


def test_hexo_codeblock_keeps_its_code_and_title(built):
    page = content(built[0], "posts/hexo/")
    assert '<div class="code-block code-short" data-lang="python">' in page
    assert "lru.py" in page
    assert "<span class=\"hll\">" in page  # mark:2
    assert "```" in page  # a fence inside the code is code, not a fence


def test_hexo_images_and_asset_paths(built):
    page = content(built[0], "posts/hexo/")
    assert re.search(r'<figure class="figure">.*?<img src="diagram.png" alt="Boxes and arrows" '
                     r'width="300" height="200"[^>]*>.*?<figcaption>The diagram</figcaption>',
                     page)
    assert "Path: diagram.png." in page
    assert '<img src="/images/logo.png" alt="Logo" title="Logo"' in page  # inline: no figure
    assert built[0].exists("posts/hexo/diagram.png")


def test_hexo_blockquote_raw_iframe_and_link(built):
    page = content(built[0], "posts/hexo/")
    assert re.search(r"<blockquote>\s*<p>The best way to predict the future is to invent it.\s*"
                     r"— Alan Kay, Talk</p>", page)
    assert "{{ not a template }}" in page
    assert '<a href="https://example.org/demo" class="link-card link-card-page">' in page
    assert '<a href="https://hexo.io/docs/">Hexo docs</a>' in page
    assert "<iframe" not in page  # nothing loads from another host


# --- Jekyll ---------------------------------------------------------------------------------


def test_jekyll_post_url_link_and_baseurl(built):
    page = content(built[0], "posts/jekyll/")
    assert '<a href="/posts/target/">the later post</a>' in page
    assert '<a href="/posts/target/">this</a>' in page
    assert "logo at /images/logo.png." in page
    assert "site.baseurl" not in page and "{%" not in page.split("highlight")[0]


def test_jekyll_page_title_is_the_posts_title(site):
    """`[{{page.title}}](https://leetcode.com/problems/…)`, a Jekyll LeetCode post's link to
    its problem, showed its braces and warned; Jekyll shows the title (as the heading shows it:
    its `*` are no emphasis)."""
    site.write("site.yaml", "default_language: en\n")
    site.write("content/posts/2019-03-08-coin.md",
               '---\ntitle: "322. Coin *Change*"\n---\n\n'
               "[{{page.title}}](https://example.com/coin/) and {{ page.title | upcase }}\n")
    result = site.build()
    page = content(site, "posts/coin/")
    assert '<a href="https://example.com/coin/">322. Coin *Change*</a>' in page
    # (filters are Liquid's, which blogforge does not run: shown, and said, as before)
    assert "{{ page.title | upcase }}" in page
    assert [m for m in messages(result) if "Liquid" in m] == [
        "content/posts/2019-03-08-coin.md:5: warning: unknown Liquid output "
        "`{{ page.title | upcase }}`: shown as written"]


def test_jekyll_highlight_raw_and_comment(built):
    page = content(built[0], "posts/jekyll/")
    assert '<div class="code-block code-short" data-lang="python">' in page
    assert '<span class="linenos" aria-hidden="true">1</span>' in page
    assert "{{ site.title }}" in page  # code is code: no Liquid ran in it
    assert "{{ page.title }} stays as written." in page
    assert "Hidden note" not in page and "comment" not in page


def test_kramdown_attribute_lists_and_toc_marker(built):
    page = content(built[0], "posts/jekyll/")
    assert '<p class="lead">A lead paragraph.</p>' in page
    assert 'class="center"' in page
    assert "TOC" not in page and "{:" not in page


# --- Hugo -----------------------------------------------------------------------------------


@pytest.mark.parametrize("item", ["* content", "- 目录", "1. This list is replaced"])
def test_a_kramdown_toc_list_goes_whatever_its_words(site, item):
    """kramdown replaces the list `{:toc}` follows, whatever its item says: a popular Chinese
    Jekyll theme's posts open with `* content` + `{:toc}`, which showed as a one-item list
    (and as the start of the post's card on the home page)."""
    page, found = one_post(site, f"{item}\n{{:toc}}\n\n## Idea\n\nText.\n")
    assert "<ul>" not in page and "<ol>" not in page
    assert f">{item.split(maxsplit=1)[1]}<" not in page and "{:" not in page
    assert found == []


def test_hugo_ref_and_relref(built):
    page = content(built[0], "posts/hugo/")
    assert '<a href="/posts/target/">the target</a>' in page
    assert '<a href="/posts/target/#part">its part</a>' in page


def test_hugo_figure_notice_highlight(built):
    page = content(built[0], "posts/hugo/")
    assert re.search(r'<figure class="figure">.*?<img src="/images/photo.png" alt="Trees"[^>]*>'
                     r'.*?<figcaption>A photo</figcaption></figure>', page)
    assert re.search(r'<div class="callout callout-tip"[^>]*>\s*<p class="callout-title"><svg'
                     r'[^>]*>.*?</svg><span class="visually-hidden">Tip: </span>Speed</p>\s*'
                     r'<p>Cache the <strong>results</strong>',
                     page, re.S)
    assert '<div class="code-block code-short" data-lang="go">' in page and 'class="hll"' in page


def test_hugo_youtube_and_gist_are_links(built):
    page = content(built[0], "posts/hugo/")
    assert ('<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" '
            'class="link-card link-card-youtube">') in page
    assert '<a href="https://gist.github.com/spf13/7896402">' in page
    assert "<iframe" not in page and "<script" not in page


def test_hugo_escaped_shortcode_is_shown_as_text(built):
    page = content(built[0], "posts/hugo/")
    assert 'Escaped: {{&lt; figure src=&quot;x.png&quot; &gt;}}' in page


# --- what is never touched, and what is not known -----------------------------------------


def test_code_and_math_are_never_rewritten(built):
    page = content(built[0], "posts/protected/")
    assert '<code translate="no">{% post_link target %}</code>' in page
    assert "{% post_url 2024-01-01-target %} {{&lt; figure" in page
    assert "/posts/target/" not in page
    assert "math-error" not in page and "callout" not in page


def test_unknown_tags_stay_visible_and_are_named_with_their_line(built):
    site, found = built
    page = content(site, "posts/unknown/")
    assert "{% include_code demo.py %}" in page
    assert "{{&lt; mermaid &gt;}}" in page and "{{ page.excerpt }}" in page
    assert "{% post_link missing-post %}" in page
    expected = [
        "content/posts/unknown.md:7: warning: unknown tag `{% include_code %}`",
        "content/posts/unknown.md:9: warning: unknown Hugo shortcode `{{< mermaid >}}`",
        "content/posts/unknown.md:9: warning: unknown Liquid output `{{ page.excerpt }}`",
        "content/posts/unknown.md:9: warning: `{% post_link missing-post %}`: no post or page",
    ]
    for start in expected:
        assert any(m.startswith(start) for m in found), (start, found)


def test_a_tag_shown_as_written_in_raw_html_shows_no_backslash(site):
    """`<p class='meta'>{{ page.date | date_to_string }} - NanJing</p>`, a Jekyll post's byline
    in its own HTML: Liquid blogforge does not run is shown as written, but Markdown reads no
    escape inside raw HTML, so the reader saw `\\{{ page.date …`."""
    page, found = one_post(site, "<p class='meta'>{{ page.date | date_to_string }} - NanJing"
                                 "</p>\n\n{% include_code demo.py %}\n")
    meta = re.search(r"<p class='meta'>(.*?)</p>", page).group(1)
    assert html.unescape(meta) == "{{ page.date | date_to_string }} - NanJing"
    assert "<p>{% include_code demo.py %}</p>" in page  # (and in Markdown, as before)
    assert len([m for m in found if "shown as written" in m]) == 2


def test_known_tags_give_no_warnings(built):
    _, found = built
    for name in ("hexo", "2024-02-02-jekyll", "hugo", "protected"):
        assert [m for m in found if f"posts/{name}.md" in m] == []


def test_an_unclosed_paired_tag_is_reported_and_shown(site):
    site.write("site.yaml", "default_language: en\n")
    site.post("a.md", "A", body="Before.\n\n{% note info %}\nNever closed.\n")
    result = site.build()
    assert any("content/posts/a.md:7: warning: `{% note %}` is never closed" in m
               for m in messages(result))
    assert "{% note info %}" in site.read("posts/a/")


def without_line_numbers(page: str) -> str:
    """A page without its code's line numbers (a codeblock's, on by Hexo's default)."""
    return re.sub(r'<span class="linenos"[^>]*>[^<]*</span>', "", page)


def one_post(site: Site, body: str,
             site_yaml: str = "default_language: en\n") -> tuple[str, list[str]]:
    """The content of a post with this body, and the build's warnings about it."""
    site.write("site.yaml", site_yaml)
    site.write("static/images/photo.png", raw=b"\x89PNG\r\n\x1a\n")
    site.post("other.md", "Other", body="# Part\n\nText.\n")
    site.post("a.md", "A", body=body)
    result = site.build()
    return content(site, "posts/a/"), [m for m in messages(result) if "posts/a.md" in m]


def test_a_volantis_folding_is_a_folded_callout_under_its_title(site):
    """`{% folding cyan, 更新历史 %}` (Volantis, Stellar) showed its tags as written, each an
    unknown tag; the theme folds the contents under the title."""
    page, found = one_post(site, "{% folding cyan, 更新历史 %}\n发布博客\n{% endfolding %}\n\n"
                                 "{% folding open:true 代码 %}\n`x = 1`\n{% endfolding %}\n")
    assert re.search(r'<details class="callout callout-note"[^>]*>\s*<summary[^>]*>.*?'
                     r"更新历史</summary>\s*<div class=\"callout-body\">\s*<p>发布博客</p>",
                     page, re.S)
    assert re.search(r'<details class="callout callout-note"[^>]*open[^>]*>\s*<summary[^>]*>'
                     r".*?代码</summary>", page, re.S)
    assert "{%" not in page and [m for m in found if "folding" in m] == []


def test_a_butterfly_or_next_label_shows_its_words_highlighted(site):
    """`{% label 简单 green %}` (Butterfly, the LeetCode log's difficulty) showed as written,
    with "unknown tag `{% label %}`"; Hexo with the theme shows a coloured label."""
    page, found = one_post(site, "难度: {% label 简单 green %}, {% label success@中等 %}, "
                                 "{% label a*b* %}\n")
    assert "难度: <mark>简单</mark>, <mark>中等</mark>, <mark>a*b*</mark>" in page
    assert [m for m in found if "label" in m] == []


def test_hexo_tabs_of_code_are_code_tabs_and_other_tabs_are_stacked_under_their_names(site):
    """NexT's and Butterfly's `{% tabs %}` with `<!-- tab C++ -->` (an algorithm blog's answer
    in two languages) showed `{% tabs g_tab0 %}` and `{% endtabs %}` as written, each warned
    as an unknown tag, the tabs' names lost."""
    page, found = one_post(site, """\
{% tabs g_tab0 %}
<!-- tab C++ -->
```c++
int a;
```
<!-- endtab -->
<!-- tab Python@code -->
```python
a = 1
```
<!-- endtab -->
{% endtabs %}

{% tabs forum, 1 %}
<!-- tab Java -->
Ask the Java forum.
<!-- endtab -->
<!-- tab -->
Nobody knows.
<!-- endtab -->
{% endtabs %}
""")
    assert re.findall(r'<button class="code-tab"[^>]*>([^<]*)</button>', page) == ["C++", "Python"]
    assert page.count('<div class="code-tabs" data-group="g_tab0"') == 1
    assert "<p><strong>Java</strong><br />\nAsk the Java forum.</p>" in page
    assert "<p><strong>forum 2</strong><br />\nNobody knows.</p>" in page
    assert "{%" not in page and "tab --" not in page
    assert found == []


@pytest.mark.parametrize("written", [
    "{% comment %}Not for readers.{% endcomment %}",  # alone on its line
    "Before {% comment %} not for readers {%- endcomment %} after.",
])
def test_a_comment_on_one_line_shows_nothing(site, written):
    page, warnings = one_post(site, f"First.\n\n{written}\n\nLast.\n")
    assert "comment" not in page and "readers" not in page
    assert ("Before  after." in page) == written.startswith("Before")
    assert warnings == []


@pytest.mark.parametrize("written", [
    '{{< figure src="/images/photo.png" caption="Density $p(x)$ here" >}}',
    '{{< figure src="/images/photo.png" caption="Density `p(x)` here" >}}',
    '{% img /images/photo.png "Density $p(x)$ here" %}',
    '{{< figure src="/images/photo.png" caption="Density $p(x)$ here" alt="$50%}" >}}',
])
def test_a_formula_or_code_in_a_quoted_argument_leaves_the_tag_whole(site, written):
    page, warnings = one_post(site, f"Intro.\n\n{written}\n\nInline `{{{{< figure >}}}}` stays.\n")
    assert re.search(r'<figure class="figure"><a class="figure-zoom" href="/images/photo.png"'
                     r'.*?<figcaption>Density .*?p\(x\).*? here</figcaption></figure>', page)
    assert "{{&lt; figure src" not in page and "{% img" not in page
    assert '<code translate="no">{{&lt; figure &gt;}}</code> stays.' in page
    assert warnings == []


@pytest.mark.parametrize("env", ["align", "flalign", "xalignat", "xxalignat", "alignat*"])
def test_a_tag_written_inside_a_top_level_math_environment_stays_tex(env):
    # a display environment written without dollars is a formula (math/numbering.py's
    # TOP_LEVEL_ENVS): `{{b}}` in it is TeX's groups, not a Liquid output tag
    said = []
    body = f"\\begin{{{env}}}\na &= {{{{b}}}} \\\\\nc &= {{% d %}}\n\\end{{{env}}}\n"
    assert translate(body, Context("posts/a.md", {}, lambda m, n: said.append(m))) == body
    assert said == []


def test_a_tag_left_open_on_a_line_of_quotes_is_read_in_linear_time():
    # (each quote could be read as one starting an argument or as a lone character: tried
    # every way, 15 quoted words took seconds, 18 took minutes)
    line = "{% if " + " or ".join(f'x == "v{i}"' for i in range(15))
    context = Context("posts/a.md", {}, lambda message, number: None)
    # (a first tag read costs a tenth of a second of setting up, more with the tests run in
    # parallel beside it: read one before, so that only this line's reading is timed)
    translate("{% if x %}", context)
    started = time.monotonic()
    assert translate(line, context) == line
    assert time.monotonic() - started < 0.5


def test_a_hugo_figure_caption_renders_its_formula_and_a_link_keeps_the_figure(site):
    page, warnings = one_post(site, """
        {{< figure src="/images/photo.png" caption="Density $p(x)$" >}}

        {{< figure src="/images/photo.png" caption="Training loss" link="/images/photo.png" >}}
        """)
    assert re.search(r'<img src="/images/photo.png" alt="Density \$p\(x\)\$"[^>]*></a>'
                     r'<figcaption>Density <span class="katex" translate="no">.*?</span>'
                     r'</figcaption>', page)
    assert re.search(r'<figure class="figure"><a href="/images/photo.png"><img '
                     r'src="/images/photo.png" alt="Training loss"[^>]*></a>'
                     r"<figcaption>Training loss</figcaption></figure>", page)
    assert warnings == []


def test_a_url_a_tag_gives_as_text_is_under_the_base_path(site):
    page, warnings = one_post(site, """
        At {% post_path other %}, {% post_url other %}, {{< ref "other" >}} and
        {{< relref "other.md#part" >}}.

        [A link]({% post_url other %}), {% post_link other "Other" %} and
        [written](/b/posts/other/).
        """, site_yaml="base_url: https://e.github.io/b/\ndefault_language: en\n")
    assert ("At /b/posts/other/, /b/posts/other/, /b/posts/other/ and\n"
            "/b/posts/other/#part.") in page
    assert page.count('href="/b/posts/other/"') == 3
    feed = site.read("atom.xml")  # a link already under the base path is not put under it twice
    assert feed.count('&lt;a href="https://e.github.io/b/posts/other/"') == 3
    assert "/b/b/" not in feed and warnings == []


def test_hugo_details_bilibili_and_param_render_and_a_video_link_reads_in_the_posts_language(
        site):
    site.write("site.yaml", "default_language: zh\nparams:\n  author: 爱丽丝\n"
               "  social: {github: alice}\n")
    site.write("content/posts/b.md", """\
        ---
        title: B
        date: 2024-01-02
        editor: 鲍勃
        ---
        {{< details summary="点开看推导" >}}
        由 *Jensen* 不等式可得。
        {{< /details >}}

        {{< details summary="Open" open=true >}}
        Shown.
        {{< /details >}}

        {{< bilibili BV1GJ411x7h7 >}}

        {{< bilibili id="BV1xx411c7mD" p=2 title="第二讲" >}}

        {{< youtube dQw4w9WgXcQ >}}

        By {{< param "editor" >}} and {{< param "author" >}} ({{< param "social.github" >}}).

        {{< param "missing" >}}
        """)
    warnings = [m for m in messages(site.build()) if "posts/b.md" in m]
    page = content(site, "posts/b/")
    assert re.search(r'<details class="callout callout-note" data-callout="note">\s*'
                     r'<summary class="callout-title">.*?点开看推导</summary>\s*'
                     r'<div class="callout-body">\s*<p>由 <em>Jensen</em> 不等式可得。</p>',
                     page, re.S)
    assert re.search(r'<details class="callout callout-note" data-callout="note" open>', page)
    assert ('<a href="https://www.bilibili.com/video/BV1GJ411x7h7/" class="link-card '
            'link-card-bilibili">▶ 在哔哩哔哩观看视频</a>') in page
    assert ('<a href="https://www.bilibili.com/video/BV1xx411c7mD/?p=2" class="link-card '
            'link-card-bilibili">▶ 第二讲</a>') in page
    assert 'class="link-card link-card-youtube">▶ 在 YouTube 观看视频</a>' in page
    assert "<p>By 鲍勃 and 爱丽丝 (alice).</p>" in page
    assert "<iframe" not in page and "{{&lt;" in page  # (the missing one, shown as written)
    assert warnings == ["content/posts/b.md:22: warning: `{{< param \"missing\" >}}`: no value "
                        "under `missing` in this page's front matter or site.yaml's `params`; "
                        "shown as written"]


def test_a_video_without_a_title_is_named_in_english_on_an_english_post(site):
    page, warnings = one_post(site, "{{< youtube dQw4w9WgXcQ >}}\n\n{% vimeo 76979871 %}\n")
    assert "▶ Watch the video on YouTube</a>" in page
    assert "▶ Watch the video on Vimeo</a>" in page and warnings == []


def test_a_param_shortcode_follows_site_params_in_an_incremental_build(site):
    site.write("site.yaml", "default_language: en\nparams: {beian: 京ICP备1号}\n")
    site.post("a.md", "A", body="Filed as {{< param beian >}}.\n")
    site.post("b.md", "B", body="Nothing to look up.\n")
    assert site.build(use_cache=True).written
    site.write("site.yaml", "default_language: en\nparams: {beian: 京ICP备2号}\n")
    assert site.build(use_cache=True).written
    assert "Filed as 京ICP备2号." in content(site, "posts/a/")


BASE_B = "base_url: https://e.github.io/b/\ndefault_language: en\n"


def test_jekyll_url_filters_and_site_address_as_text_are_under_the_base_path(site):
    page, warnings = one_post(site, """
        Relative {{ "/images/photo.png" | relative_url }}, absolute
        {{ '/images/photo.png' | absolute_url }}, prefixed {{ site.baseurl }}/images/photo.png,
        full {{ site.url }}{{ site.baseurl }}/images/photo.png?v=2#top, old style
        {{ "/images/photo.png" | prepend: site.baseurl | prepend: site.url }}.

        Jekyll 3's {{ site.baseurl }}{% post_url other %} and home {{ site.baseurl }}.
        """, site_yaml=BASE_B)
    assert "Relative /b/images/photo.png, absolute" in page
    full = "https://e.github.io/b/images/photo.png"
    assert f'<a href="{full}">{full}</a>, prefixed /b/images/photo.png' in page
    assert f'full <a href="{full}?v=2#top">{full}?v=2#top</a>, old style' in page
    assert f'old style\n<a href="{full}">{full}</a>.' in page
    assert "Jekyll 3's /b/posts/other/ and home /b/." in page
    assert "{{" not in page and warnings == []


def test_jekyll_url_filters_in_links_are_under_the_base_path_once(site):
    page, warnings = one_post(site, """
        [Photo]({{ "/images/photo.png" | relative_url }}),
        [again]({{ site.baseurl }}/images/photo.png) and
        ![photo]({{ "/images/photo.png" | relative_url }})
        """, site_yaml=BASE_B)
    assert page.count('"/b/images/photo.png"') == 3
    head = site.read("posts/a/")
    assert '<meta property="og:image" content="https://e.github.io/b/images/photo.png">' in head
    assert "/b/b/" not in site.read("atom.xml") and warnings == []


def test_a_comment_across_lines_hides_its_text_and_the_paragraph_goes_on(site):
    page, warnings = one_post(site, """
        Text {% comment %} hidden
        still hidden {% endcomment %} more
        and the same paragraph.

        {% comment %}
        Hidden, with a closer {% endcomment %} inside a line.

        Last {% include_code demo.py %}
        """)
    assert "<p>Text  more\nand the same paragraph.</p>" in page
    assert "<p>inside a line.</p>" in page
    assert "hidden" not in page.lower() and "comment" not in page
    # the lines after a comment keep their numbers (file line = body line + 4)
    assert [w.split(": warning")[0] for w in warnings] == ["content/posts/a.md:13"]


def test_raw_across_lines_keeps_its_text_as_written(site):
    page, warnings = one_post(site, """
        Raw: {% raw %}{{ a }} and {% post_url x %}
        {{ b }}{% endraw %} after, {% post_path other %}.
        """)
    assert "<p>Raw: {{ a }} and {% post_url x %}\n{{ b }} after, /posts/other/.</p>" in page
    assert "raw" not in page and warnings == []


def test_raw_around_a_display_formula_on_its_lines_keeps_the_formula_and_the_post(site):
    # (Jekyll posts shield a formula's `{{` from Liquid so: `$${% endraw %}` was read as a
    # formula opened, not closed, and the rest of the post as its text, tags and all)
    page, warnings = one_post(site, """
        {% raw %}$$
        PR(A) = (1-d) + d \\sum_i \\frac{PR(T_i)}{C(T_i)}
        $${% endraw %}

        * where {% raw %}$d${% endraw %} is the damping factor
        """)
    assert page.count('class="katex-display"') == 1 and "\\sum_i" in page
    assert re.search(r'<li>where <span class="katex"[^>]*>.*</span> is the damping factor', page)
    assert "raw %}" not in page and warnings == []


def test_liquid_in_code_is_left_as_written_and_a_lone_opener_is_reported_once(site):
    page, warnings = one_post(site, """
        Inline `{% comment %}` and `{% raw %}` code.

        ```liquid
        {% comment %} in a fence
        {% endcomment %}
        ```

        Use {% comment %} to hide text:

        ```liquid
        {% endcomment %}
        ```
        """)
    assert ('<code translate="no">{% comment %}</code> and <code translate="no">{% raw %}</code>'
            ' code.') in page
    assert page.count(">comment<") == 1 and page.count(">endcomment<") == 2  # code
    assert "Use {% comment %} to hide text:" in page
    assert warnings == ["content/posts/a.md:13: warning: `{% comment %}` is never closed: "
                        "shown as written"]


def test_code_in_a_quote_or_indented_is_left_as_written(site):
    page, warnings = one_post(site, """
        Kramdown's code:

            {% include foo.html %} and {{< mermaid >}} at {{ site.baseurl }}/x

        > ```html
        > <img src="{{ site.baseurl }}/a.png">
        > ```

        - An item

            with a paragraph: {% post_path other %}.
        """)
    assert ('<pre translate="no"><code>{% include foo.html %} and {{&lt; mermaid &gt;}} at '
            "{{ site.baseurl }}/x\n</code></pre>") in page
    assert "{{ site.baseurl }}/a.png" in re.sub(r"<[^>]+>", "", page)
    assert "<p>with a paragraph: /posts/other/.</p>" in page
    assert "\\{" not in page and warnings == []


def test_raw_in_a_code_tag_is_liquid_and_not_shown(site):
    # (Jekyll's Liquid and Hexo's Nunjucks render a tag's body: raw is how posts show Liquid)
    page, warnings = one_post(site, """
        {% highlight liquid %}
        {% raw %}
        {% for post in site.posts %}{{ post.title }}{% endfor %}
        {% endraw %}
        {% endhighlight %}

        {% codeblock lang:html %}
        {% raw %}<p>{{ title }}</p>{% endraw %}
        {% endcodeblock %}

        After {% include_code x %}.
        """)
    page = without_line_numbers(page)
    text = re.sub(r"<[^>]+>", "", page)
    assert "Copy{% for post in site.posts %}{{ post.title }}{% endfor %}\n" in text
    assert "Copy&lt;p&gt;{{ title }}&lt;/p&gt;\n" in text and "raw" not in text
    # (the lines the raw tags stood on are blank lines after the code)
    assert [w.split(": warning")[0] for w in warnings] == ["content/posts/a.md:16"]


def test_a_paired_tag_inside_a_line_or_closing_nothing_is_reported_once(site):
    page, warnings = one_post(site, """
        Inline {% note info %}a note{% endnote %} in text.

        A stray {% endraw %}, {% endnote %} and {{% /notice %}}; {{% notice tip %}} inline.
        """)
    assert "Inline {% note info %}a note{% endnote %} in text." in page
    assert "A stray {% endraw %}, {% endnote %} and {{% /notice %}}; {{% notice tip %}}" in page
    assert warnings == [
        "content/posts/a.md:6: warning: `{% note %}` opens a block: it stands on a line of its "
        "own, as its `{% endnote %}` does; shown as written",
        "content/posts/a.md:8: warning: `{{< /notice >}}` closes no `{{< notice >}}`: shown as "
        "written",
        "content/posts/a.md:8: warning: `{{< notice >}}` opens a block: it stands on a line of "
        "its own, as its `{{< /notice >}}` does; shown as written",
        "content/posts/a.md:8: warning: `{% endraw %}` closes no `{% raw %}`: shown as written",
        "content/posts/a.md:8: warning: `{% endnote %}` closes no `{% note %}`: shown as written",
    ]


def test_a_block_tag_in_a_list_item_or_a_quote_stays_there(site):
    page, warnings = one_post(site, """
        1. Install:
           {% codeblock lang:bash %}
           npm install hexo
           {% endcodeblock %}
        2. Configure:

           {% note info %}
           Edit `_config.yml`.
           {% endnote %}

        > Quoted:
        >
        > {% highlight python %}
        > x = 1
        > {% endhighlight %}
        """)
    page = without_line_numbers(page)
    page = re.sub(r"</?span[^>]*>", "", page)
    code = (r'<div class="code-block code-short" data-lang="{}">.*?<code>{}\n</code></pre></div>'
            r'\s*</div>')
    assert re.search(r"<li>\s*<p>Install:</p>\s*" + code.format("bash", "npm install hexo")
                     + r"\s*</li>\s*<li>\s*<p>Configure:</p>\s*<div class=\"callout callout-note"
                     r"[^>]*>\s*<p[^>]*>.*?</p>\s*<p>Edit <code translate=\"no\">_config.yml"
                     r"</code>.</p>\s*</div>"
                     r"\s*</li>\s*</ol>", page, re.S)
    assert re.search(r"<blockquote>\s*<p>Quoted:</p>\s*" + code.format("python", "x = 1")
                     + r"\s*</blockquote>", page, re.S)
    assert warnings == []


def test_kramdown_extensions_on_lines_of_their_own_and_others_reported(site):
    page, warnings = one_post(site, """
        {::options parse_block_html="true" /}

        {::comment}
        A kramdown comment.
        {:/comment}

        {::nomarkdown}
        <div class="kept"><b>as written</b></div>
        {:/}

        Inline {::toc} and a stray {:/comment}.

        Lead.
        {: .lead}
        """)
    assert "options" not in page and "kramdown comment" not in page
    assert '<div class="kept"><b>as written</b></div>' in page and "nomarkdown" not in page
    assert "<p>Inline {::toc} and a stray {:/comment}.</p>" in page
    assert '<p class="lead">Lead.</p>' in page
    assert warnings == [
        "content/posts/a.md:16: warning: kramdown's `{::toc}` is not supported: shown as written",
        "content/posts/a.md:16: warning: kramdown's `{:/comment}` ends nothing opened: shown as "
        "written",
    ]


def test_hexo_img_title_and_alt_in_one_quoted_argument(site):
    # (Hexo's documentation: {% img [class names] /path [width] [height] '"title" "alt"' %})
    page, warnings = one_post(site, """
        {% img /images/photo.png 200 '"Training loss" "A falling curve"' %}
        """)
    assert re.search(r'<img src="/images/photo.png" alt="A falling curve" width="200"[^>]*>'
                     r"</a><figcaption>Training loss</figcaption>", page)
    assert warnings == []


def test_an_inline_tag_without_arguments_is_reported_not_a_crash_or_an_empty_link(site):
    page, warnings = one_post(site, """
        A {% link %}, {% youtube %}, {% asset_link %} and {{< gist >}}.
        """)
    assert "A {% link %}, {% youtube %}, {% asset_link %} and {{&lt; gist &gt;}}." in page
    assert warnings == [f"content/posts/a.md:6: warning: `{tag}` without arguments: shown as "
                        "written" for tag in ("{{< gist >}}", "{% link %}", "{% youtube %}",
                                              "{% asset_link %}")]


def test_a_ref_in_a_translation_leads_to_the_page_in_its_language(site):
    """Hugo resolves `ref` within the page's language: an English post's ref led to the
    Chinese page. A translation written later renders the English post again."""
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n")
    site.post("b.md", "乙", body="乙。\n")
    site.post("a.md", "甲", body='见 [乙]({{< ref "b.md" >}})。\n')
    site.post("a.en.md", "A", lang="en", body='See [B]({{< ref "b.md" >}}).\n')
    assert site.build(use_cache=True).written
    assert 'href="/posts/b/"' in content(site, "en/posts/a/")  # (no English b yet)
    site.post("b.en.md", "B", lang="en", body="B.\n")
    assert site.build(use_cache=True).written
    assert 'href="/en/posts/b/"' in content(site, "en/posts/a/")
    assert 'href="/posts/b/"' in content(site, "posts/a/")


def test_a_ref_to_a_language_the_page_has_no_version_in_is_a_warning_at_its_line(site):
    """`{{< ref "b.md" lang="en" >}}` when b has no English version: Hugo stops
    (REF_NOT_FOUND); here the link leads to the version there is, and the writer is told
    which is missing, at the ref's line, on cached builds too, until the version is written."""
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n")
    site.post("b.md", "乙", body="乙。\n")
    site.post("c.md", "丙", body="丙。\n")
    site.post("c.en.md", "C", lang="en", body="C.\n")
    site.post("a.md", "甲", body='见 [乙]({{< ref "b.md" lang="en" >}})。\n\n'
              '和 [丙]({{< relref path="c.md#part" lang="en" >}})。\n')
    told = ('content/posts/a.md:5: warning: `{{< ref "b.md" lang="en" >}}`: `b.md` has no '
            'en version; it leads to the zh one, /posts/b/ (Hugo stops at such a ref: '
            'REF_NOT_FOUND)')
    for _ in range(2):
        result = site.build(use_cache=True)
        assert result.written
        assert [m for m in messages(result, "warning") if "a.md" in m] == [told]
        assert 'href="/posts/b/"' in content(site, "posts/a/")
        assert 'href="/en/posts/c/#part"' in content(site, "posts/a/")
    site.post("b.en.md", "B", lang="en", body="B.\n")
    result = site.build(use_cache=True)
    assert [m for m in messages(result, "warning") if "a.md" in m] == []
    assert 'href="/en/posts/b/"' in content(site, "posts/a/")


def test_a_ref_in_a_post_whose_front_matter_names_its_language_leads_to_that_language(site):
    """`lang: en` in the front matter of a file not named for its language: its refs and
    post_links lead to the English pages, as those of a file named `x.en.md` do."""
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n")
    site.post("b.md", "乙", body="乙。\n")
    site.post("b.en.md", "B", lang="en", body="B.\n")
    site.post("a.md", "甲", body='见 [乙]({{< ref "b.md" >}})。\n')
    site.post("a-english.md", "A", lang="en", translationKey="a",
              body='See [B]({{< ref "b.md" >}}), {% post_link b "B again" %} and '
                   "{% post_path b %}.\n")
    result = site.build()
    assert result.written, messages(result)
    english = content(site, "en/posts/a-english/")
    assert '<a href="/en/posts/b/">B</a>' in english
    assert '<a href="/en/posts/b/">B again</a>' in english
    assert "and /en/posts/b/." in english
    assert '<a href="/posts/b/">乙</a>' in content(site, "posts/a/")


def test_hexo_codeblock_shows_its_caption_link_and_never_a_javascript_one(site):
    """Hexo's `{% codeblock Title URL [link text] %}` shows the title with a link to the URL
    (`link` when no text is written); only an http(s) URL is one, as in Hexo, and options
    may follow it. Nor does a fence's own `link` attribute make a `javascript:` link."""
    page, warnings = one_post(site, """\
        {% codeblock Array.map https://developer.mozilla.org/a?b=1&c=2 MDN docs, here %}
        array.map(f)
        {% endcodeblock %}

        {% codeblock nginx.conf https://nginx.org/en/docs/ lang:nginx %}
        server { listen 80; }
        {% endcodeblock %}

        {% codeblock Evil javascript:alert(1) Click %}
        x = 1
        {% endcodeblock %}

        {% codeblock /etc/hosts %}
        127.0.0.1 localhost
        {% endcodeblock %}

        {% codeblock 'say "hi", twice' lang:py %}
        print("hi")
        {% endcodeblock %}

        ```python {title="a.py" link="javascript:alert(1)" link_text="Run"}
        y = 2
        ```

        ```python {title="b.py" link="/docs/b/" link_text="Docs"}
        z = 3
        ```
        """)
    titles = re.findall(r'<span class="code-title">(.*?)</span>', page)
    assert titles == [
        'Array.map <a href="https://developer.mozilla.org/a?b=1&amp;c=2">MDN docs, here</a>',
        'nginx.conf <a href="https://nginx.org/en/docs/">link</a>',
        "Evil javascript:alert(1) Click",
        "/etc/hosts",
        "say &quot;hi&quot;, twice",
        "a.py",
        "b.py",  # (a path would not follow a project site's base path: http(s) only)
    ]
    assert '<div class="code-block code-short" data-lang="nginx">' in page
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', page))
    assert warnings == []
    feed = site.read("atom.xml")
    assert ('&lt;p&gt;&lt;strong&gt;Array.map&lt;/strong&gt; &lt;a href="https://developer.'
            'mozilla.org/a?b=1&amp;amp;c=2"&gt;MDN docs, here&lt;/a&gt;&lt;/p&gt;' in feed)


def test_a_post_link_without_text_shows_the_title_as_written_with_its_formulas(site):
    """Hexo's `{% post_link b %}` shows b's title: as text, however much of it looks like
    Markdown or HTML, with its formulas rendered; an English post's link shows the English
    title of the post it leads to."""
    site.write("site.yaml", "languages: {en: {}, zh: {}}\n")
    site.write("content/posts/b.md", r"""
        ---
        title: 'C++ <T> & *args* [v2] | a_b \(x) $5 and $10 for $w_i$'
        lang: en
        date: 2024-05-01
        ---
        B.
        """)
    site.post("b.zh.md", "乙 $x$", body="乙。\n")
    site.post("a.md", "A", lang="en", body="| see |\n| --- |\n| {% post_link b %} |\n")
    site.post("a.zh.md", "甲", body="见 {% post_link b %}。\n")
    result = site.build()
    assert result.written, messages(result)
    english = content(site, "posts/a/")
    shown = re.search(r'<td><a href="/posts/b/">(.*?)</a></td>', english).group(1)
    text, formula = shown.split('<span class="katex" translate="no">', 1)
    assert text == r"C++ &lt;T&gt; &amp; *args* [v2] | a_b \(x) $5 and $10 for "
    assert '<annotation encoding="application/x-tex">w_i</annotation>' in formula
    chinese = content(site, "zh/posts/a/")
    assert re.search(r'见 <a href="/zh/posts/b/">乙 <span class="katex" translate="no">.*?</a>。',
                     chinese)


def test_a_ref_finds_a_post_whose_every_file_is_named_for_its_language(site):
    """A Hugo site may name every file for its language (`b.zh.md` + `b.en.md`, no `b.md`):
    `ref "b.md"` is the page in the linking post's language, as Hugo finds it."""
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n")
    site.post("b.zh.md", "乙", body="乙。\n")
    site.post("b.en.md", "B", body="B.\n")
    site.post("c/index.zh.md", "丙", body="丙。\n")
    site.post("a.zh.md", "甲", body='见 [乙]({{< ref "b.md" >}}) 与 {% post_link c %}。\n')
    site.post("a.en.md", "A", body='See [B]({{< relref "posts/b" >}}).\n')
    result = site.build()
    assert result.written, messages(result)
    assert [m for m in messages(result) if "posts/a." in m] == []
    assert '见 <a href="/posts/b/">乙</a> 与 <a href="/posts/c/">丙</a>。' in content(
        site, "posts/a/")
    assert 'See <a href="/en/posts/b/">B</a>.' in content(site, "en/posts/a/")


def test_a_ref_with_lang_leads_to_the_page_in_that_language(site):
    """Hugo's `{{< ref path="b.md" lang="en" >}}` is b's page in English, whatever the
    linking post's language; a language the site does not have is a warning naming those it
    has, and the ref leads to the page in the post's own language."""
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n")
    site.post("b.md", "乙", body="乙。\n")
    site.post("b.en.md", "B", lang="en", body="B.\n")
    site.post("a.md", "甲", body="""\
        见 [B]({{< ref path="b.md#part" lang="en" >}})。

        又见 [乙]({{< relref path="b.md" lang="fr" >}})。
        """)
    site.post("a.en.md", "A", lang="en", body='See [乙]({{< relref path="b" lang="zh" >}}).\n')
    result = site.build()
    assert result.written, messages(result)
    chinese = content(site, "posts/a/")
    assert '见 <a href="/en/posts/b/#part">B</a>。' in chinese
    assert '又见 <a href="/posts/b/">乙</a>。' in chinese
    assert 'See <a href="/posts/b/">乙</a>.' in content(site, "en/posts/a/")
    assert [m for m in messages(result) if "posts/a." in m] == [
        'content/posts/a.md:7: warning: `{{< relref "b.md" >}}`: lang="fr" is not one of this '
        "site's languages (zh, en); it leads to the page in this post's language"]


def test_tags_naming_posts_normalise_each_file_name_once_a_build(site, monkeypatch):
    """A Hexo site has thousands of post_links: the names of the files are normalised once a
    build, not again for every tag (20 posts of 3 tags each made 3,600 normalisations of 20
    names); the links are the same."""
    import blogforge.markdown.compat.context as context

    calls = []

    def counted(name: str) -> str:
        calls.append(name)
        return normalise(name)

    normalise = context._normalise
    monkeypatch.setattr(context, "_normalise", counted)
    site.write("site.yaml", "default_language: en\n")
    count = 20  # (fewer than a build renders in a pool of processes, which would not count)
    for i in range(count):
        site.post(f"p{i}.md", f"Post {i}", body=f"{{% post_link p{(i + 1) % count} %}}, "
                  f"{{% post_link p{(i + 2) % count} 'Next' %}} and "
                  f'[c]({{{{< ref "posts/p{(i + 3) % count}.md" >}}}}).\n')
    result = site.build()
    assert result.written, messages(result)
    assert ('<a href="/posts/p1/">Post 1</a>, <a href="/posts/p2/">Next</a> and '
            '<a href="/posts/p3/">c</a>.' in content(site, "posts/p0/"))
    # a tag's name, and its path from the post's folder, in the page, in its feed entry and
    # as its words are counted; each file's name twice (as written, without its language)
    tags = count * 3
    assert len(calls) <= 2 * count + 8 * tags, len(calls)


def test_a_ref_leads_to_the_translation_a_translation_key_pairs_under_another_name():
    """An English post's `ref "a.md"` (or post_link) leads to the English post paired with
    a.md by `translationKey` whatever its file name, as it does to `a.en.md`; a Chinese post's
    to a.md. (The build gives the renderer each post's versions: content/ path -> language ->
    content/ path.)"""
    sources = {"posts/a.md": "posts/a/", "posts/attention-en.md": "en/posts/attention-en/",
               "posts/b.md": "posts/b/", "posts/b.en.md": "en/posts/b/",
               "posts/x.md": "posts/x/", "posts/x-en.md": "en/posts/x-en/"}
    titles = {"posts/a.md": "注意力", "posts/attention-en.md": "Attention"}
    versions = {"zh": "posts/a.md", "en": "posts/attention-en.md"}
    translations = {"posts/a.md": versions, "posts/attention-en.md": versions}
    body = '[A]({{< ref "a.md" >}}), {% post_link a %}, [B]({{< relref "b" >}}).'
    warnings = []

    def made(source: str, lang: str) -> str:
        ctx = Context(source, sources, lambda message, line: warnings.append(message),
                      lang=lang, titles=titles, translations=translations)
        return translate(body, ctx)

    assert made("posts/x-en.md", "en") == ("[A](/en/posts/attention-en/), "
                                           "[Attention](/en/posts/attention-en/), "
                                           "[B](/en/posts/b/).")
    assert made("posts/x.md", "zh") == "[A](/posts/a/), [注意力](/posts/a/), [B](/posts/b/)."
    assert warnings == []


def test_a_ref_in_a_build_leads_to_the_translation_its_translation_key_pairs(site):
    """In a build: an English post's `ref "a.md"` and `post_link a` lead to the English post
    that shares a.md's `translationKey` under another file name."""
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n")
    site.post("a.md", "注意力", translationKey="attention", body="正文。\n")
    site.post("attention-en.md", "Attention", lang="en", translationKey="attention",
              body="Text.\n")
    site.post("x.md", "甲", body='见 [A]({{< ref "a.md" >}})。\n')
    site.post("x-en.md", "X", lang="en",
              body='See [A]({{< ref "a.md" >}}) and {% post_link a %}.\n')
    result = site.build()
    assert result.written, messages(result)
    assert ('See <a href="/en/posts/attention-en/">A</a> and '
            '<a href="/en/posts/attention-en/">Attention</a>.' in content(site, "en/posts/x-en/"))
    assert '见 <a href="/posts/a/">A</a>。' in content(site, "posts/x/")


MATH_TAGS = r"""
Before.

{% math %}
\begin{aligned}
a &= b \\
c &= d\,e
\end{aligned}
{% endmath %}

{% katex '{ "displayMode": true }' %}
c = \pm\sqrt{a^2 + b^2}
{% endkatex %}

Inline {% katex %}x_i^2 \\ y{% endkatex %} and {% mathjax %}\frac{1}{n}{% endmathjax %} here.

{{< katex display=true >}}
f(x) = \int \hat f(\xi)\,d\xi
{{< /katex >}}

Book {{< katex >}}\pi_\theta(a \mid s){{< /katex >}}, Blox {{< math >}}$p_\theta${{< /math >}}.

After.
"""


def test_math_tags_of_hexo_math_and_hugo_themes_are_formulas(site):
    """hexo-math's `{% math %}`, `{% katex %}`, `{% mathjax %}`, hugo-book's `{{< katex >}}` and
    Hugo Blox's `{{< math >}}` give formulas, their TeX as written (`\\\\`, `\\,` kept)."""
    page, warnings = one_post(site, MATH_TAGS)
    assert warnings == []
    assert "{%" not in page and "{{&lt;" not in page and "math-error" not in page
    shown = re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', page, re.S)
    assert shown == [
        "\\begin{aligned}\na &amp;= b \\\\\nc &amp;= d\\,e\n\\end{aligned}",
        "c = \\pm\\sqrt{a^2 + b^2}",
        "x_i^2 \\\\ y", "\\frac{1}{n}",
        "f(x) = \\int \\hat f(\\xi)\\,d\\xi",
        "\\pi_\\theta(a \\mid s)", "p_\\theta",
    ]
    assert page.count('<div class="math-display">') == 3  # the others are inline
    assert "<p>Inline <span" in page and "After.</p>" in page


def test_backticks_in_a_liquid_tag_are_text_of_its_title_not_quotes(site):
    """Hexo reads a backtick in a tag as a character of a word, not as a quote:
    `{% codeblock the `ls` command %}` has the title "the `ls` command", backticks and all
    (a Hugo shortcode's backticks still quote a raw string)."""
    page, warnings = one_post(site, """\
        {% codeblock the `ls` command lang:sh %}
        ls -la
        ```
        {% endcodeblock %}

        {{< highlight go `hl_lines=1` >}}
        x := 1
        {{< /highlight >}}
        """)
    page = without_line_numbers(page)
    titles = re.findall(r'<span class="code-title">(.*?)</span>', page)
    assert titles == ["the `ls` command"]
    assert '<div class="code-block code-short" data-lang="sh">' in page
    assert "ls -la\n```" in re.sub(r"<[^>]+>", "", page)
    assert page.count('class="hll"') == 1  # (the Go block's first line)
    assert warnings == []


def test_hugo_highlight_shortcode_reads_option_names_in_any_case(site):
    """Hugo matches `lineNos`, `lineNoStart`, `hl_Lines` case-insensitively, as in a fence."""
    page, warnings = one_post(site, """\
        {{< highlight go "lineNos=table,lineNoStart=7,hl_Lines=2" >}}
        x := 1
        y := 2
        {{< /highlight >}}
        """)
    assert re.findall(r'<span class="linenos"[^>]*>\s*(\d+)</span>', page) == ["7", "8"]
    assert page.count('class="hll"') == 1
    assert ">y</span>" in page.split('class="hll"')[1].split("</span>\n")[0]
    assert warnings == []


def test_hexo_codeblock_numbers_from_first_line_and_marks_count_from_it(site):
    """hexo-util numbers line i first_line + i and marks it when `mark` holds that number;
    Hexo numbers lines unless told `line_number:false` (its `highlight.line_number: true`)."""
    page, warnings = one_post(site, """\
        {% codeblock a.py lang:python mark:2,4 first_line:3 %}
        x3 = 3
        x4 = 4
        x5 = 5
        {% endcodeblock %}

        {% codeblock sol.py lang:python line_number:true first_line:5 mark:6 %}
        five = 5
        six = 6
        {% endcodeblock %}

        {% codeblock lang:python line_number:false mark:5-4 %}
        off1 = 0
        off2 = 0
        off3 = 0
        off4 = 0
        off5 = 0
        {% endcodeblock %}
        """)
    blocks = page.split('<div class="code-block')[1:]
    numbers = [re.findall(r'<span class="linenos"[^>]*>\s*(\d+)</span>', b) for b in blocks]
    assert numbers == [["3", "4", "5"], ["5", "6"], []]
    marked = [re.findall(r'<span class="hll">(?:<span class="linenos"[^>]*>\s*\d+</span>)?'
                         r'<span class="\w+">(\w+)</span>', b) for b in blocks]
    assert marked == [["x4"], ["six"], ["off4", "off5"]]
    assert warnings == []


def test_kramdown_attributes_of_chirpy_and_minimal_mistakes_show_what_the_themes_did(site):
    # Chirpy: `{: file="…" }` after a fence is the code's file name, `{: .prompt-tip }` after
    # a quote makes it a callout; Minimal Mistakes: `{: .notice--warning}` after a paragraph
    page, warnings = one_post(site, (
        "```python\nprint(1)\n```\n{: file=\"vae/loss.py\" }\n\n"
        "```shell\nls\n```\n{: .nolineno }\n\n"
        "> Read the KL post first.\n> It helps.\n{: .prompt-tip }\n\n"
        "> Never mix them up!\n{: .prompt-danger }\n\n"
        "**Note:** tune the learning rate.\n{: .notice--warning}\n\n"
        "After.\n"))
    assert re.search(r'<div class="code-block[^"]*"[^>]*>.*?vae/loss\.py.*?print', page, re.S)
    assert "nolineno" not in page and "prompt-" not in page and "notice--" not in page
    tip = re.search(r"<div class=\"callout callout-tip.*?</div>", page, re.S)
    assert tip and "Read the KL post first." in tip.group(0) and "It helps." in tip.group(0)
    assert re.search(r'class="callout callout-caution.*?Never mix them up!', page, re.S)
    assert re.search(r'class="callout callout-warning.*?tune the learning rate\.', page, re.S)
    assert "<p>After.</p>" in page
    assert warnings == []


def test_jekyll_theme_includes_show_their_video_figure_and_contents(site):
    # Chirpy's `embed/youtube.html` / `embed/bilibili.html`, Minimal Mistakes' `figure`
    # and `toc` are includes of the theme: a video card, a figure, the theme's own contents box
    page, warnings = one_post(site, (
        "{% include embed/youtube.html id='dQw4w9WgXcQ' %}\n\n"
        "{% include embed/bilibili.html id='BV1GJ411x7h7' %}\n\n"
        "{% include toc %}\n\n"
        '{% include figure image_path="/images/photo.png" alt="Loss" caption="Training loss" %}'
        "\n\n{% include footer.html %}\n"))
    assert re.search(r'<a href="https://www.youtube.com/watch\?v=dQw4w9WgXcQ"[^>]*'
                     r'class="link-card link-card-youtube"', page)
    assert 'href="https://www.bilibili.com/video/BV1GJ411x7h7/"' in page
    assert re.search(r'<figure class="figure">[^\n]*<img src="/images/photo.png" alt="Loss"'
                     r'[^\n]*<figcaption>Training loss</figcaption></figure>', page)
    assert "{% include toc %}" not in page and "{% include footer.html %}" in page
    assert [w for w in warnings if "unknown" in w] == [
        "content/posts/a.md:13: warning: unknown include `{% include footer.html %}` "
        "(Jekyll theme): shown as written"]


def test_chirpy_video_audio_and_twitch_includes_play_or_link(site):
    # Chirpy's own recordings play in the browser's player, as Obsidian's `![[clip.mp4]]`
    # does; its Twitch embed is a card as its YouTube one: they were warned about, as text
    site.write("static/media/demo.mp4", raw=b"\0")
    site.write("static/media/talk.mp3", raw=b"\0")
    page, warnings = one_post(site, (
        "{% include embed/video.html src='/media/demo.mp4' poster='/images/photo.png' "
        "title='Demo run' loop=true muted=true %}\n\n"
        "{% include embed/audio.html src='/media/talk.mp3' %}\n\n"
        "{% include embed/twitch.html id='1234567890' %}\n"))
    assert ('<video controls preload="metadata" loop muted poster="/images/photo.png" '
            'src="/media/demo.mp4"><a href="/media/demo.mp4">Demo run</a></video>') in page
    assert ('<audio controls preload="metadata" src="/media/talk.mp3">'
            '<a href="/media/talk.mp3">talk.mp3</a></audio>') in page
    assert re.search(r'<a href="https://www.twitch.tv/videos/1234567890"[^>]*'
                     r'class="link-card link-card-twitch">▶ Watch the video on Twitch</a>', page)
    assert "include" not in page and warnings == []


def test_chirpy_image_sizes_and_caption_line_give_a_sized_figure(site):
    # Chirpy writes sizes `{: w="200" h="100" }` and a picture's caption as an italic line
    # under it (`_Figure 1: …_`), which its theme showed as the caption
    page, warnings = one_post(site, (
        '![Loss](/images/photo.png){: w="200" h="100" .shadow }\n_Figure 1: the loss_\n\n'
        "![Plain](/images/photo.png)\n*Not a caption* but text.\n\n{% include_code x %}\n"))
    assert re.search(r'<figure class="figure">[^\n]*<img src="/images/photo.png" alt="Loss" '
                     r'width="200" height="100" class="shadow"[^\n]*'
                     r"<figcaption>Figure 1: the loss</figcaption>", page)
    assert "<em>Not a caption</em> but text." in page
    assert ' w="' not in page and "_Figure" not in page
    assert [w for w in warnings if "unknown" in w][0].startswith("content/posts/a.md:11: ")
    # (a post holding no other syntax of another generator, too)
    page, _ = one_post(site, "![Loss](/images/photo.png)\n_Figure 1: the loss_\n")
    assert "<figcaption>Figure 1: the loss</figcaption>" in page


def test_kramdown_html_holding_markdown_is_read_as_markdown(site):
    # Minimal Mistakes' notices are often `<div class="notice--info" markdown="1">`: kramdown
    # read the inside as Markdown, CommonMark reads it as HTML up to a blank line
    page, warnings = one_post(site, (
        'Intro.\n\n<div class="notice--info" markdown="1">\n**Tip:** use momentum.\n\n'
        "- one\n</div>\n\n"
        '<details markdown="1">\n<summary>More</summary>\n\n*Hidden* text.\n</details>\n\n'
        "```html\n<div markdown=\"1\">\n**kept**\n</div>\n```\n\n{% include_code x %}\n"))
    note = re.search(r'<div class="callout callout-note".*?</div>', page, re.S).group(0)
    assert "<strong>Tip:</strong> use momentum." in note and "<li>one</li>" in note
    assert re.search(r"<details>\s*<summary>More</summary>\s*<p><em>Hidden</em> text.</p>\s*"
                     r"</details>", page)
    shown = re.sub(r"<[^>]+>", "", page)
    assert '&lt;div markdown="1"&gt;\n**kept**' in shown  # (code is code)
    assert [w for w in warnings if "unknown" in w][0].startswith("content/posts/a.md:25: ")


def test_a_caption_line_and_html_holding_markdown_are_read_in_a_post_without_tags(site):
    # (a body without `{%`, `{{` or `{:` is rewritten only when it holds one of these: looked
    # for at its start, after any line, and wherever it says "markdown")
    page, warnings = one_post(site, (
        "Intro.\n\n  ![Loss](/images/photo.png)\n  _Figure 2: the loss_\n\n"
        "More.\n\n![Plain](/images/photo.png)\n*Figure 3*\n"))
    assert "<figcaption>Figure 2: the loss</figcaption>" in page
    assert "<figcaption>Figure 3</figcaption>" in page and warnings == []
    page, warnings = one_post(site, (
        "Intro.\n\n<div class=\"notice--info\" markdown=\"1\">\n**Tip:** use momentum.\n"
        "</div>\n"))
    assert re.search(r'class="callout callout-note".*?<strong>Tip:</strong> use momentum\.',
                     page, re.S)
    assert warnings == []


def test_a_post_rendered_without_liquid_shows_its_liquid_as_written(site):
    # Chirpy's (Jekyll's) `render_with_liquid: false` is how a Liquid tutorial shows `{{ … }}`
    # and `{% … %}` as text: Jekyll ran no Liquid over it, nor does the rewriting
    site.write("site.yaml", "default_language: en\nbase_url: https://u.github.io/repo/\n")
    site.post("b.md", "B")
    site.post("a.md", "A", render_with_liquid="false", body=(
        "Prefix with {{ site.baseurl }}/x.png, link with {% post_url b %}.\n\n"
        "{% raw %}\nkept\n{% endraw %}\n\n> Tip\n{: .prompt-tip }\n"))
    result = site.build()
    page = content(site, "posts/a/")
    assert "{{ site.baseurl }}/x.png, link with {% post_url b %}." in page
    assert "{% raw %}" in page and "callout-tip" in page  # (kramdown is no Liquid)
    assert not [m for m in messages(result) if "posts/a.md" in m]
