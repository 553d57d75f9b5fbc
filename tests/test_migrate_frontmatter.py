"""Front matter from Hexo, Jekyll and Hugo means on blogforge what it meant there."""

from __future__ import annotations

import re

from conftest import messages


def home_order(site) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="/posts/([^/"]+)/', site.read(""))


def test_jekyll_space_separated_tags_and_categories_are_split(site):
    site.write("content/posts/2017-06-21-gan.md", """\
        ---
        title: GAN notes
        tags: generative-model math-heavy
        categories: ml notes
        ---
        Body.
        """)
    result = site.build()
    assert messages(result, "error") == []
    assert site.exists("tags/generative-model/index.html")
    assert site.exists("tags/math-heavy/index.html")
    assert not site.exists("tags/generative-model-math-heavy/index.html")
    # two categories of their own, not the path ml › notes
    assert site.exists("categories/ml/index.html")
    assert site.exists("categories/notes/index.html")
    assert not site.exists("categories/ml/notes/index.html")
    assert 'href="/tags/math-heavy/"' in site.read("posts/gan/")


def test_a_tag_string_outside_jekyll_posts_is_one_tag(site):
    # Hexo and Hugo read a string as one name (`tags: Machine Learning`).
    site.post("hexo-post.md", "Hexo", tags="Machine Learning")
    site.build()
    assert site.exists("tags/machine-learning/index.html")
    assert not site.exists("tags/machine/index.html")


def test_hexo_top_and_sticky_pin_posts_on_the_home_page(site):
    site.post("old.md", "Old", date="2020-01-01", top="true")
    site.post("older.md", "Older", date="2019-01-01", sticky=5)
    site.post("new.md", "New", date="2024-01-01")
    site.build()
    assert home_order(site) == ["older", "old", "new"]


def test_hugo_weight_puts_lower_weights_first(site):
    site.post("w2.md", "Weight two", date="2020-01-01", weight=2)
    site.post("w1.md", "Weight one", date="2019-01-01", weight=1)
    site.post("new.md", "New", date="2024-01-01")
    site.build()
    assert home_order(site) == ["w1", "w2", "new"]


def test_hexo_updated_and_hugo_summary(site):
    site.post("a.md", "A", date="2024-05-01", updated="2024-07-09", summary="'Short one.'",
              comments="false", body="Long body that is not the summary.\n")
    result = site.build()
    assert messages(result, "error") == []
    assert 'datetime="2024-07-09T00:00:00+00:00"' in site.read("posts/a/")
    assert "Short one." in site.read("")
    assert "Long body" not in site.read("")
