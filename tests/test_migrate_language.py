"""A site that declares no language takes it from its posts."""

from __future__ import annotations

from conftest import messages

ENGLISH = "Gradient descent takes small steps downhill. The learning rate sets their size.\n"
CHINESE = "梯度下降沿着负梯度方向一步步走，学习率决定步子的大小。\n"


def language_warnings(result) -> list[str]:
    return [m for m in messages(result, "warning") if "language" in m or "reads like" in m]


def test_a_folder_of_english_posts_is_an_english_site(site):
    site.post("gd.md", "Gradient descent", date="2024-05-01", body=ENGLISH)
    site.post("adam.md", "Adam", date="2024-05-02", body=ENGLISH)
    site.write("content/about.md", "---\ntitle: About\n---\nI write about optimisation.\n")
    result = site.build()
    assert language_warnings(result) == []
    home, post = site.read(""), site.read("posts/gd/")
    for page in (home, post, site.read("about/"), site.read("404.html")):
        assert '<html lang="en"' in page
    assert "May 1, 2024" in post and "年" not in post
    assert "min read" in home and "分钟" not in home
    assert not site.exists("en/")  # English is the default language, at the root


def test_a_mixed_folder_is_classified_post_by_post_and_the_majority_is_the_default(site):
    site.post("a.md", "梯度下降", body=CHINESE)
    site.post("b.md", "动量", body=CHINESE)
    site.post("c.md", "Gradient descent", body=ENGLISH)
    result = site.build()
    assert '<html lang="zh-CN"' in site.read("")
    assert site.exists("posts/a/index.html") and site.exists("posts/b/index.html")
    assert '<html lang="en"' in site.read("en/posts/c/")
    (warning,) = language_warnings(result)
    assert warning.startswith("content/posts/c.md:1: warning: no language given")
    assert "most posts are `zh`" in warning


def test_code_and_formulas_do_not_make_a_chinese_note_english(site):
    code = "```python\n" + "def two_sum(nums, target):\n    seen = {}\n" * 20 + "```\n"
    site.post("a.md", "两数之和", body="用哈希表记录见过的数 $x_i + x_j = t$。\n\n" + code)
    site.post("b.md", "English note", body=ENGLISH)
    site.post("c.md", "滑动窗口", body=CHINESE)
    site.build()
    assert site.exists("posts/a/index.html") and site.exists("en/posts/b/index.html")


def test_a_declared_default_language_is_kept(site):
    site.write("site.yaml", "default_language: zh\n")
    site.post("gd.md", "Gradient descent", body=ENGLISH)
    result = site.build()
    assert '<html lang="zh-CN"' in site.read("posts/gd/")
    assert any("reads like `en`" in m for m in language_warnings(result))


def test_the_first_declared_language_is_the_default(site):
    site.write("site.yaml", "languages:\n  en: {}\n  zh: {}\n")
    site.post("gd.md", "Gradient descent", body=ENGLISH)
    site.post("zh.md", "梯度下降", body=CHINESE)
    site.build()
    assert site.exists("posts/gd/index.html") and site.exists("zh/posts/zh/index.html")
    assert '<html lang="en"' in site.read("")
