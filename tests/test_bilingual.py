"""Bilingual by design: URL trees, translation pairing, switcher, hreflang, strings, dates."""

from __future__ import annotations

import html
import json
import random
import re
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest
import yaml
from conftest import messages

from blogforge.i18n import THEME_I18N

BILINGUAL = """
title: 笔记
languages:
  zh:
    title: 星际笔记
    hero: 信号接收中
    menu: [{name: 关于, url: about/}]
  en:
    title: Star Notes
    hero: INCOMING TRANSMISSION
    menu: [{name: About, url: about/}]
tags:
  diffusion: {zh: 扩散模型, en: Diffusion}
"""


@pytest.fixture
def bilingual(site):
    site.write("site.yaml", BILINGUAL)
    front = "date: 2026-11-22\ntags: [diffusion]\n---\n"
    site.write("content/posts/ddpm/index.md",
               "---\ntitle: 扩散模型\n" + front + "扩散模型的中文笔记。\n")
    site.write("content/posts/ddpm/index.en.md",
               "---\ntitle: Diffusion models\n" + front + "English notes.\n")
    site.post("vae-english.md", "VAE in English", date="2026-10-01", lang="en",
              translationKey="vae")
    site.write("content/posts/vae.md", "---\ntitle: 变分自编码器\ndate: 2026-10-01\n"
               "translationKey: vae\n---\n只有中文。\n")
    site.post("only-zh.md", "只有中文的文章", date="2026-09-01", tags="[diffusion]",
              body="Hello.\n\n<!--more-->\n\n更多。")  # (more than its card: "Read more")
    site.post("only-en.md", "English only", date="2026-08-01", lang="en")
    site.write("content/about.md", "---\ntitle: 关于\n---\n中文关于页。\n")
    site.write("content/about.en.md", "---\ntitle: About\n---\nEnglish about page.\n")
    result = site.build()
    assert result.written, messages(result)
    return site


def test_url_trees_default_language_at_root_others_prefixed(bilingual):
    assert bilingual.exists("posts/ddpm/index.html")
    assert bilingual.exists("en/posts/ddpm/index.html")
    assert bilingual.exists("en/posts/vae-english/index.html")
    assert bilingual.exists("en/index.html") and bilingual.exists("en/about/index.html")
    assert bilingual.exists("tags/diffusion/index.html")
    assert bilingual.exists("en/tags/diffusion/index.html")
    assert bilingual.exists("en/archives/index.html") and bilingual.exists("en/atom.xml")


def test_html_lang_on_every_page(bilingual):
    assert '<html lang="zh-CN"' in bilingual.read("posts/ddpm/")
    assert '<html lang="en"' in bilingual.read("en/posts/ddpm/")
    assert '<html lang="en"' in bilingual.read("en/tags/diffusion/")


def test_pairing_by_suffix_and_by_translation_key(bilingual):
    zh = bilingual.read("posts/ddpm/")
    assert 'href="/en/posts/ddpm/" lang="en" hreflang="en">Read in English' in zh
    en = bilingual.read("en/posts/ddpm/")
    assert 'href="/posts/ddpm/" lang="zh-CN" hreflang="zh-CN">阅读中文版' in en
    vae = bilingual.read("posts/vae/")
    assert 'href="/en/posts/vae-english/"' in vae and "Read in English" in vae


def test_switcher_goes_to_the_same_page_or_the_other_home(bilingual):
    def switch_target(page: str) -> str:
        nav = page.split('class="lang-switch"')[1].split("</nav>")[0]
        return re.search(r'<a href="([^"]+)"', nav).group(1)

    assert switch_target(bilingual.read("posts/ddpm/")) == "/en/posts/ddpm/"
    assert switch_target(bilingual.read("en/posts/ddpm/")) == "/posts/ddpm/"
    assert switch_target(bilingual.read("posts/only-zh/")) == "/en/"
    assert switch_target(bilingual.read("tags/diffusion/")) == "/en/tags/diffusion/"
    assert switch_target(bilingual.read("en/archives/")) == "/archives/"
    assert switch_target(bilingual.read("")) == "/en/"


def test_a_switch_that_leads_to_the_other_home_says_so(bilingual):
    """A post with no English version: its switch's "English" leads to the English home
    page, and a screen reader heard "English" alone and landed elsewhere."""
    def switch_link(page: str) -> str:
        nav = page.split('class="lang-switch"')[1].split("</nav>")[0]
        return re.search(r"<a [^>]*>", nav).group(0)

    assert 'title="Home" aria-label="English: Home"' in switch_link(
        bilingual.read("posts/only-zh/"))
    assert 'title="首页" aria-label="中文: 首页"' in switch_link(
        bilingual.read("en/posts/only-en/"))
    for page in ("posts/ddpm/", "", "tags/diffusion/"):  # (its own version, or a home)
        assert "aria-label" not in switch_link(bilingual.read(page)), page


def test_a_terms_index_exists_in_every_language_even_when_empty(site):
    """A Chinese post with categories and no tags, its English translation with tags and no
    categories (a translated post is not listed in the other language): every language has
    both indexes (a menu links to them), the empty one saying so, each linked to its twin."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("a.md", "甲", categories="[算法]", lang="zh")
    en = site.post("a.en.md", "A", tags="[graphs]", lang="en")
    result = site.build(use_cache=True)
    assert not [m for m in messages(result) if "broken link" in m], messages(result)
    assert "No posts here yet." in site.read("en/categories/")
    assert "这里还没有文章。" in site.read("tags/") and "#graphs" in site.read("en/tags/")
    zh_index = site.read("categories/")
    assert '<link rel="alternate" hreflang="en" href="/en/categories/">' in zh_index
    assert 'href="/en/categories/" lang="en"' in zh_index  # (the switcher: its twin)
    en.write_text(en.read_text(encoding="utf-8").replace("tags:", "categories: [algorithms]\n"
                                                          "tags:"), encoding="utf-8")
    assert site.build(use_cache=True).written  # (an incremental build fills the empty one)
    assert "algorithms" in site.read("en/categories/")
    assert "No posts here yet." not in site.read("en/categories/")


def test_hreflang_alternates_with_x_default(bilingual):
    page = bilingual.read("en/posts/ddpm/")
    assert '<link rel="alternate" hreflang="zh-CN" href="/posts/ddpm/">' in page
    assert '<link rel="alternate" hreflang="en" href="/en/posts/ddpm/">' in page
    assert '<link rel="alternate" hreflang="x-default" href="/posts/ddpm/">' in page
    assert "hreflang" not in bilingual.read("posts/only-zh/").split("</head>")[0]


def test_sitemap_per_language_with_alternates(bilingual):
    index = bilingual.read("sitemap.xml")
    assert "<sitemapindex" in index and "sitemap-en.xml" in index and "sitemap-zh.xml" in index
    en = bilingual.read("sitemap-en.xml")
    block = en.split("<loc>/en/posts/ddpm/</loc>")[1].split("</url>")[0]
    assert 'hreflang="zh-CN" href="/posts/ddpm/"' in block
    assert 'hreflang="x-default" href="/posts/ddpm/"' in block
    assert "/posts/only-zh/" not in en.replace("/en/posts", "")


def test_untranslated_chinese_posts_appear_in_english_lists_with_a_badge(bilingual):
    en_home = bilingual.read("en/")
    card = [c for c in en_home.split("<article")[1:] if "只有中文的文章" in c][0]
    assert '<span class="badge badge-lang" lang="zh-CN">中文</span>' in card
    assert "English only" not in bilingual.read("")  # the switch is per language
    assert "扩散模型</a>" not in en_home  # a translated post shows only in its own language


class _TextLanguages(HTMLParser):
    """Each piece of text of a page with the language a screen reader speaks it in: the `lang`
    of the nearest element that has one."""

    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.spoken: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            own = dict(attrs).get("lang")
            self.stack.append(own or (self.stack[-1] if self.stack else ""))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        text = data.strip(" \n→")  # (an arrow is not read)
        if text and self.stack:
            self.spoken[text] = self.stack[-1]


def test_a_card_in_another_language_marks_only_the_post_s_words_with_it(bilingual):
    """A screen reader reads the card of a Chinese post on an English page with a Chinese voice
    for its title and excerpt only: the card's date, reading time and "Read more" are English
    (the whole card was marked zh-CN: "Sep 1, 2026" and "Read more" in a Chinese voice)."""
    en_home = bilingual.read("en/")
    card = [c for c in en_home.split("<article")[1:] if "只有中文的文章" in c][0]
    page = _TextLanguages()
    page.feed('<html lang="en"><article' + card.split("</article>")[0] + "</article>")
    spoken = page.spoken
    assert spoken["只有中文的文章"] == spoken["Hello."] == spoken["中文"] == "zh-CN"
    assert spoken["Sep 1, 2026"] == spoken["Read more"] == spoken["1 min read"] == "en"
    assert spoken["#Diffusion"] == "en"  # (the tag's English label)


def test_a_post_listed_in_another_language_has_its_tags_pages_there_with_a_third_version(site):
    """A Chinese post with a Japanese version and no English one is listed on the English
    home, its tags linking the English tag pages: those pages list it. (The English term pages
    took the group's first version by its code, the Japanese, whose tags were not all the
    Chinese's: /en/tags/fine-tuning/ was a broken link on the English home.)"""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/\nlanguages:\n  zh: {}\n"
               "  ja: {}\n  en: {}\n")
    site.post("lora.md", "LoRA 微调", tags="[lora, fine-tuning]", body="中文。")
    site.post("lora.ja.md", "LoRA 入門", tags="[lora]", body="日本語。")
    site.post("other.md", "English post", lang="en", date="2024-05-02", body="Text.")
    result = site.build()
    assert "LoRA 微调" in site.read("en/") and "/en/tags/fine-tuning/" in site.read("en/")
    assert "LoRA 微调" in site.read("en/tags/fine-tuning/")
    assert not [m for m in messages(result, "warning") if "broken link" in m]


def test_switch_can_turn_off_cross_language_listing(site):
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {show_untranslated_from: []}\n")
    site.post("zh.md", "中文文章")
    site.post("en.md", "English post", lang="en")
    site.build()
    assert "中文文章" not in site.read("en/")


def test_localised_dates_and_strings(bilingual):
    zh, en = bilingual.read(""), bilingual.read("en/")
    assert "2026年11月22日" in zh and "分钟读完" in zh
    assert "Nov 22, 2026" in en and "min read" in en
    # the theme's console labels read the same in every language, like the seeds show them
    assert "LATEST UPDATES" in zh and "LATEST UPDATES" in en
    assert "信号接收中" in zh and "INCOMING TRANSMISSION" in en


def test_tag_labels_per_language_and_tag_pages_list_both_languages(bilingual):
    zh_tag = bilingual.read("tags/diffusion/")
    en_tag = bilingual.read("en/tags/diffusion/")
    assert "<h1>扩散模型</h1>" in zh_tag and "<h1>Diffusion</h1>" in en_tag
    assert "只有中文的文章" in en_tag and "Diffusion models" in en_tag
    assert "#扩散模型" in bilingual.read("posts/ddpm/")


def test_a_tag_label_applies_however_posts_spell_the_tag(site):
    """A tag is its URL: site.yaml's `transformer:` label was lost on `tags: [Transformer]`."""
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n"
               "tags:\n  Transformer: {zh: 变换器, en: Transformers}\n")
    site.post("a.md", "注意力", tags="[transformer]")
    site.post("b.md", "Attention", tags="[TRANSFORMER]", lang="en")
    result = site.build()
    assert result.written, messages(result)
    assert "<h1>变换器</h1>" in site.read("tags/transformer/")
    assert "<h1>Transformers</h1>" in site.read("en/tags/transformer/")
    assert "#变换器" in site.read("posts/a/") and "#Transformers" in site.read("en/posts/b/")


def test_a_tag_label_lent_by_the_default_language_says_its_language(site):
    """An English page showing a tag's Chinese label (site.yaml has no English one) marks it
    lang="zh-CN": a screen reader would read 扩散模型 with an English voice."""
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n"
               "tags:\n  diffusion: {zh: 扩散模型}\n  gan: {zh: 对抗网络, en: GAN}\n"
               "categories:\n  ml: {zh: 机器学习}\n")
    site.post("a.md", "Diffusion", tags="[diffusion, gan]", categories="[ml]", lang="en")
    result = site.build()
    assert result.written, messages(result)
    post, tag = site.read("en/posts/a/"), site.read("en/tags/diffusion/")
    assert '<a href="/en/tags/diffusion/" lang="zh-CN">#扩散模型</a>' in post
    assert '<a href="/en/tags/gan/">#GAN</a>' in post  # its own label: the page's language
    assert 'lang="zh-CN">机器学习</a>' in post
    assert '<h1 lang="zh-CN">扩散模型</h1>' in tag
    for page in ("en/tags/", "en/"):  # the terms' list, a card
        assert 'lang="zh-CN">#扩散模型</a>' in site.read(page)
    assert 'lang="zh-CN">#' not in site.read("tags/diffusion/")  # on Chinese pages it is at home


def test_per_language_feeds(bilingual):
    zh, en = bilingual.read("atom.xml"), bilingual.read("en/atom.xml")
    assert "English notes." not in zh and "扩散模型的中文笔记" in zh
    assert "English notes." in en and 'xml:lang="en"' in en
    assert 'href="/en/atom.xml"' in bilingual.read("en/posts/ddpm/")


def test_a_feed_entry_in_another_language_than_its_feed_says_which(bilingual):
    """The English feed shows the Chinese post that has no English version (as the English
    home page does): its entry must not pass for English."""
    atom = "{http://www.w3.org/2005/Atom}"
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for feed, own in (("en/atom.xml", "en"), ("atom.xml", "zh-CN")):
        root = ET.fromstring(bilingual.read(feed))
        assert root.get(lang) == own
        said = {entry.findtext(f"{atom}title"): entry.get(lang)
                for entry in root.iter(f"{atom}entry")}
        expected = {"只有中文的文章": None, "扩散模型": None, "变分自编码器": None} \
            if own == "zh-CN" else {"只有中文的文章": "zh-CN", "Diffusion models": None,
                                    "VAE in English": None, "English only": None}
        assert said == expected, feed


def test_site_strings_override_and_missing_strings_fall_back_once(site):
    site.write("site.yaml", "languages:\n  zh: {}\n  fr: {}\n")
    site.write("i18n/zh.yaml", "latest_updates: 最近的信号\n")
    site.write("i18n/fr.yaml", "min_read: '{n} min de lecture'\n")
    site.post("a.md", "A")
    site.post("b.md", "B", lang="fr")
    result = site.build()
    assert "最近的信号" in site.read("")
    fr = site.read("fr/")
    assert "1 min de lecture" in fr and "LATEST UPDATES" in fr
    missing = [m for m in messages(result) if "translation" in m]
    assert len(missing) == 1 and "no `fr` translation" in missing[0]
    theme = len(yaml.safe_load(THEME_I18N.joinpath("en.yaml").read_text("utf-8")))
    assert f" {theme - 1} strings with no `fr`" in missing[0]
    named = missing[0].split("i18n/fr.yaml: ")[1].split(", ")
    assert "latest_updates" in named and "min_read" not in named


def test_a_language_without_theme_strings_publishes_its_english_marked_as_english(site):
    """A site in a language the theme has no strings for builds with `--strict` (the
    scaffold's CI build): the English text is said once, with the file to translate from,
    and marked `lang="en"` on its pages, where a screen reader would read it in French."""
    site.write("site.yaml", "base_url: https://u.github.io/\nlanguages:\n  zh: {}\n  fr: {}\n")
    site.write("i18n/fr.yaml", "min_read: '{n} min de lecture'\n")
    site.post("a.md", "甲")
    site.post("b.md", "Bonjour", lang="fr", body="Un.\n\n<!--more-->\n\nDeux.")
    result = site.build(strict=True)
    assert not result.diagnostics.errors
    [said] = [m for m in messages(result) if "translation" in m]
    assert said.startswith("warning: ") and "theme/i18n/en.yaml into i18n/fr.yaml: " in said
    page, home = site.read("fr/posts/b/"), site.read("fr/")
    assert '<a class="skip-link" href="#main" lang="en">Skip to content</a>' in page
    assert '<span lang="en">Published</span> <time' in page
    assert '<span>1 min de lecture</span>' in page  # (its own: not marked)
    assert '<a class="read-more" href="/fr/posts/b/"><span lang="en">Read more</span>' in home
    assert '<a class="skip-link" href="#main">跳到正文</a>' in site.read("")


def test_a_site_string_missing_in_a_language_names_the_site_s_english_file(site):
    """A string of the site's own (`t('notice')` in its templates, written in i18n/en.yaml
    and i18n/fr.yaml only) that Chinese lacks is to be copied from the site's file: the
    warning sent the writer to the theme's en.yaml, which has no such line."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.write("templates/partials/main_start.html", "<p>{{ t('notice') }}</p>\n")
    site.write("i18n/en.yaml", "notice: Moving house\n")
    site.post("a.md", "甲")
    result = site.build()
    [said] = [m for m in messages(result) if "translation" in m]
    assert said.endswith("1 string with no `zh` translation, shown in English (marked "
                         'lang="en"); to translate them, copy their lines from i18n/en.yaml '
                         "into i18n/zh.yaml: notice"), said
    assert "<p>Moving house</p>" in site.read("")  # (the English stands in for it)


def test_a_korean_site_has_the_theme_s_korean_strings(site):
    """Korean is a language of the theme: its pages say 본문으로 건너뛰기 and 2025년 11월 2일,
    and a `--strict` build says nothing of strings shown in English."""
    site.write("site.yaml", "base_url: https://u.github.io/\nlanguages:\n  zh: {}\n  ko: {}\n")
    site.post("a.md", "甲")
    site.post("b.md", "트랜스포머", "2025-11-02", "어텐션을 씁니다.", lang="ko")
    result = site.build(strict=True)
    assert messages(result) == []
    page = site.read("ko/posts/b/")
    assert '<a class="skip-link" href="#main">본문으로 건너뛰기</a>' in page
    assert "<span>게시일 <time" in page and ">2025년 11월 2일</time>" in page


def test_every_language_the_theme_ships_has_all_its_strings():
    """A theme language missing a string shows it in English on its pages (the day's video
    cards reached en, zh, ja and zh-Hant but not the new ko.yaml); zh-Hans.yaml only
    overrides zh.yaml's few words that must say which Chinese."""
    english = set(yaml.safe_load((THEME_I18N / "en.yaml").read_text("utf-8")))
    for strings in sorted(THEME_I18N.glob("*.yaml")):
        if strings.stem not in ("en", "zh-Hans"):
            missing = english - set(yaml.safe_load(strings.read_text("utf-8")))
            assert not missing, f"{strings.name} lacks {sorted(missing)}"


def build_in_site_folder(site, monkeypatch, capsys) -> tuple[int, list[str]]:
    """`blogforge build` run in the site's folder: its status and what it printed as errors."""
    from blogforge.cli import main

    site.write("site.yaml", "base_url: https://u.github.io/\n")
    site.post("a.md", "甲")
    monkeypatch.chdir(site.root)
    status = main(["build", "--source", "."])
    return status, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(("text", "said"), [
    ("约 {minutes} 分钟", "`min_read` uses {minutes}, which is not given; it may use {n}"),
    ("{", "`min_read` has a `{` that is never closed; it may use {n}"),
    ("约 {n} 分钟}", "`min_read` has a `}` that closes nothing; it may use {n}"),
    ("{n:>3} 分钟", "`min_read` uses {n:>3}: write placeholders plainly, as {n}"),
])
def test_a_site_string_the_theme_cannot_fill_in_is_one_message_at_its_line(
        site, monkeypatch, capsys, text, said):
    site.write("i18n/zh.yaml", f"read_more: 阅读\nmin_read: '{text}'\n")
    status, err = build_in_site_folder(site, monkeypatch, capsys)
    assert status == 1
    assert err[0].startswith(f"i18n/zh.yaml:2: error: {said}"), err
    assert len(err) == 2 and err[1].startswith("build failed with 1 error"), err


def test_a_bad_site_string_gives_way_to_the_theme_text(site):
    from blogforge.diagnostics import Diagnostics
    from blogforge.i18n import load_strings

    site.write("i18n/zh.yaml", "min_read: '约 {minutes} 分钟'\nword_count: '共 {n} 字'\n")
    strings = load_strings(site.root, ["zh"], Diagnostics())["zh"]
    assert strings("min_read", n=3) == "3 分钟读完"  # the theme's
    assert strings("word_count", n=3) == "共 3 字"  # the site's


def test_site_strings_with_the_theme_placeholders_are_used(site):
    site.write("i18n/zh.yaml", "min_read: '约 {n} 分钟'\nsearch_none: '找不到“{q}”'\n"
               "read_more: '读 {全文}'\n")  # (not filled in by the theme: shown as written)
    site.write("site.yaml", "base_url: https://u.github.io/\n")
    site.post("a.md", "甲", body="甲。\n\n<!--more-->\n\n乙。")  # more than its card shows
    result = site.build()
    assert result.written and messages(result) == []
    page = site.read("")
    assert "约 1 分钟" in page and "读 {全文}" in page
    search = json.loads(html.unescape(re.search(r"data-strings='([^']*)'", page).group(1)))
    assert search["none"] == "找不到“{q}”"  # (filled in by js/search.js)


def test_each_theme_language_fills_in_the_placeholders_english_does():
    from blogforge.i18n import THEME_I18N, placeholders_of
    from blogforge.yamlfile import parse_yaml

    def fields(code: str) -> dict[str, frozenset[str]]:
        table = parse_yaml((THEME_I18N / f"{code}.yaml").read_text("utf-8")).data
        return {key: placeholders_of(text) for key, text in table.items()
                if key not in ("date_format", "month_format")}  # (dates: their own set)

    english = fields("en")
    for path in THEME_I18N.glob("*.yaml"):
        if path.stem == "zh-Hans":  # (a few strings read over zh.yaml's)
            assert fields(path.stem).items() <= english.items()
            continue
        assert fields(path.stem) == english, path.name


def test_the_strings_a_language_lacks_are_reported_alike_by_every_build(site, monkeypatch):
    """Whatever a build renders: all pages, one post's (an edit), bodies in other processes."""
    from blogforge import bodies

    site.write("site.yaml", "languages:\n  zh: {}\n  fr: {}\n")
    body = "```python\nx = 1\n```\n\n> [!NOTE]\n> Hm.[^1]\n\n[^1]: N.\n"
    site.post("a.md", "A", body=body)
    site.post("b.md", "B", lang="fr", body=body)

    def reported(result) -> list[str]:
        assert result.written, messages(result)
        return [m for m in messages(result) if "translation" in m]

    cold = reported(site.build(use_cache=True))
    assert len(cold) == 1 and "code_copy" in cold[0] and "footnotes" in cold[0]
    b = site.root / "content/posts/b.md"
    b.write_text(b.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert reported(site.build(use_cache=True)) == cold  # (the edit renders b's body alone)
    monkeypatch.setattr(bodies, "POOL_THRESHOLD", 1)
    assert reported(site.build(jobs=2)) == cold  # (bodies rendered in other processes)


def test_reading_time_counts_cjk_and_words_separately(site):
    site.post("zh.md", "中文", body="字" * 800 + "\n\n```python\n" + "x = 1\n" * 500 + "```\n")
    site.post("en.md", "English", lang="en", body="word " * 400)
    site.build()
    assert "2 分钟读完" in site.read("posts/zh/") and "800 字" in site.read("posts/zh/")
    assert "2 min read" in site.read("en/posts/en/") and "400 words" in site.read("en/posts/en/")


def test_reading_time_counts_a_derivations_formulas(site):
    """A paper note of 200 formulas and a little prose said "1 分钟读完": its formulas were
    read in no time. Each takes its symbols' reading now; the count of characters is the
    prose's alone."""
    formula = "$$\\mathcal{L}(\\theta) = \\mathbb{E}_{q}[\\log p_\\theta(x \\mid z)] - D_{KL}$$"
    site.post("note.md", "推导", body="由此可得：\n\n" + "\n\n".join([formula] * 200))
    site.post("plain.md", "短文", body="由此可得。\n")
    site.build()
    note = site.read("posts/note/")
    # (11 words a formula: \mathcal, L, (, \theta, ), =, … of 22 symbols; 200 a minute)
    assert "12 分钟读完" in note and "4 字" in note  # (由此可得: the prose alone)
    assert "1 分钟读完" in site.read("posts/plain/")


def test_a_japanese_page_reads_japanese_with_no_missing_strings(site):
    """The theme has Japanese strings: a ja page said "Published Nov 4, 2026 · Previous post"
    and each build warned of 76 strings missing in `ja`. Its console labels stay English, as
    in every language."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n  ja: {title: ノート}\n")
    site.post("a.md", "最初の記事", date="2026-10-02", lang="ja", tags="[ml]",
              body="これは日本語で書いた最初の記事です。\n")
    site.post("b.md", "二つ目の記事", date="2026-11-04", lang="ja", tags="[ml]",
              body="これは日本語で書いた二つ目の記事です。\n")
    said = messages(site.build())
    assert not [m for m in said if "`ja`" in m or "translation" in m], said
    page = site.read("ja/posts/b/")
    assert re.search(r'公開日 <time datetime="2026-11-04[^"]*">2026年11月4日</time>', page)
    for text in ("1 分で読めます", "前の記事", "関連記事", "本文へ移動", "サイト内を検索"):
        assert text in page, text
    assert "Published " not in page and "Previous post" not in page
    home = site.read("ja/")
    assert "フィード (Atom)" in home and "LATEST UPDATES" in home


def test_kana_count_as_cjk_characters_do_and_korean_counts_words(site):
    """A Japanese post is half kana: counting only its kanji made 107 kanji + 284 kana "約 1
    分 127 文字". Hiragana and katakana (half-width too, with ー) count one each, at the site's
    CJK reading speed; Korean, written with spaces between words, counts words at the words'
    speed (each syllable a character said "2400 words", 24 minutes); a Chinese post's count is
    what it was."""
    site.write("site.yaml", "languages:\n  zh: {}\n  ja: {}\n  ko: {}\n"
               "reading_speed: {cjk: 100}\n")
    site.write("i18n/ja.yaml", 'min_read: "約 {n} 分"\nword_count: "{n} 文字"\n')
    site.post("ja.md", "日本語", lang="ja",
              body="漢字" * 20 + "ひらがなゝ" * 20 + "カタカナー" * 20 + "ｶﾀｶﾅｰ" * 20 + "時々")
    site.post("ko.md", "한국어", lang="ko", body="한국어 문장입니다. " * 300)
    site.post("zh.md", "中文", body="中文字" * 40 + " LoRA rank。")
    site.build()
    ja = site.read("ja/posts/ja/")
    assert "342 文字" in ja and "約 4 分" in ja  # 40 + 100 + 100 + 100 + 2, 100 a minute
    ko = site.read("ko/posts/ko/")
    assert "<span>600단어</span>" in ko and "<span>읽는 데 3분</span>" in ko  # 200 a minute
    assert "122 字" in site.read("posts/zh/") and "2 分钟读完" in site.read("posts/zh/")


def test_language_is_detected_with_a_warning(site):
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("a.md", "Untitled", body="This note is plainly written in English, no Chinese.")
    site.post("b.md", "中文", body="这是一篇中文文章。")
    result = site.build()
    assert site.exists("en/posts/a/index.html") and site.exists("posts/b/index.html")
    (warning,) = [m for m in messages(result, "warning") if "treated as `en`" in m]
    assert warning.startswith("content/posts/a.md:1:")


def test_a_title_in_the_default_language_keeps_a_short_other_language_note_there(site):
    """A Chinese LeetCode note of one English line and its code was moved to /en/."""
    site.write("site.yaml", "default_language: zh\nlanguages:\n  zh: {}\n  en: {}\n")
    code = "```python\ndef two_sum(nums, target):\n    return []\n```\n"
    site.post("two-sum.md", "1. 两数之和",
              body=f"Hash map, one pass. Time O(n), space O(n).\n\n{code}")
    long_english = "This note is written in English from start to end, about attention. " * 5
    site.post("long.md", "注意力", body=long_english)
    result = site.build()
    assert site.exists("posts/two-sum/index.html") and not site.exists("en/posts/two-sum")
    assert '<html lang="zh' in site.read("posts/two-sum/")
    assert site.exists("en/posts/long/index.html")  # (a long text says its language)
    assert not [m for m in messages(result, "warning") if "two-sum.md" in m]


JAPANESE = ("この記事には lang も書いていませんし、ファイル名にも言語がありません。"
            "ひらがなとカタカナがたくさんあるので、日本語だとすぐにわかるはずです。")


def test_an_unmarked_japanese_or_korean_post_is_in_that_language_when_the_site_has_it(site):
    """Kana-heavy text read like Chinese (its ideographs against no Latin letters): on a
    zh+en+ja site it was published as Chinese, silently. A Chinese post quoting a Japanese
    title, an English one naming a katakana word, stay what they are."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n  ja: {}\n  ko: {}\n")
    site.post("ja.md", "言語を書き忘れた記事", body=JAPANESE)
    site.post("ko.md", "언어", body="이 글에는 언어가 적혀 있지 않지만 한글로 쓰여 있습니다.")
    site.post("zh.md", "形态素分析",
              body="日语的形态素分析很有意思，比如「すもももももももものうち」这句话，"
              "分词工具要先认出每个词，再标注词性。我们先看 MeCab 的做法，再看神经网络方法。")
    site.post("en.md", "Attention", body="In Japanese attention is written アテンション, and "
              "people like it because it works well on long sequences of tokens.")
    result = site.build()
    assert '<html lang="ja"' in site.read("ja/posts/ja/") and not site.exists("posts/ja")
    assert '<html lang="ko"' in site.read("ko/posts/ko/")
    assert site.exists("posts/zh/index.html") and site.exists("en/posts/en/index.html")
    warnings = [m for m in messages(result, "warning") if "no language given" in m]
    assert "content/posts/ja.md:1: warning: no language given; the text looks like `ja`, so it "\
        "is treated as `ja`. Add `lang: ja` to say so" in warnings
    assert any(m.startswith("content/posts/ko.md:1:") and "`ko`" in m for m in warnings)


def test_japanese_is_told_only_where_the_site_has_it(site):
    """On a zh+en site an unmarked Japanese post is guessed zh or en as before; on a site
    whose only language is ja, it is at home (it was said to read like `zh`)."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("ja.md", "記事", body=JAPANESE)
    site.build()
    assert site.exists("posts/ja/index.html")
    site.write("site.yaml", "default_language: ja\n")
    result = site.build()
    assert '<html lang="ja"' in site.read("posts/ja/")
    assert [m for m in messages(result, "warning") if "reads like" in m] == []


def test_a_short_chinese_note_full_of_english_names_stays_chinese(site):
    """3 Chinese characters among 23 letters: it was taken for English, moved to /en/ (its
    address a 404), though its sentences end in Chinese punctuation. An English post naming a
    Chinese word (no Chinese punctuation) is still English."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("lora.md", "LoRA", body="用 PyTorch 实现 LoRA：W = W0 + BA，rank r=8。\n")
    site.post("term.md", "Attention", body="In Chinese attention is called 注意力, and people "
              "like it because it works well on long sequences.\n")
    site.post("quote.md", "Quoted", body="A teacher once wrote 「注意力就是一切。」 on the "
              "board, and the class laughed, because everyone had read the paper with that very "
              "title the week before, and nobody had understood the softmax in it.\n")
    result = site.build()
    assert site.exists("posts/lora/index.html") and not site.exists("en/posts/lora")
    assert site.exists("en/posts/term/index.html") and not site.exists("posts/term")
    assert site.exists("en/posts/quote/index.html")  # (a Chinese sentence quoted: English)
    (warning,) = [m for m in messages(result, "warning") if "no language given" in m]
    assert warning.startswith("content/posts/quote.md:1:") and "treated as `en`" in warning


TWO_SUM = """\
def two_sum(nums, target):
    seen = {}
    for index, value in enumerate(nums):
        other = target - value
        if other in seen:
            return [seen[other], index]
        seen[value] = index
    return []
"""


@pytest.mark.parametrize(("opening", "closing"), [
    ("{% highlight python %}", "{% endhighlight %}"),  # Jekyll
    ("{% codeblock two_sum.py lang:python %}", "{% endcodeblock %}"),  # Hexo
    ("{{< highlight python >}}", "{{< /highlight >}}"),  # Hugo
    ("{% comment %}", "{% endcomment %}"),  # not shown at all
])
def test_code_in_generator_tags_is_left_out_of_the_language_guess(site, opening, closing):
    site.write("site.yaml", "default_language: zh\nlanguages:\n  zh: {}\n  en: {}\n")
    site.post("two-sum.md", "两数之和", date="2024-05-05",
              body=f"用哈希表一次遍历就可以解决。\n\n{opening}\n{TWO_SUM}{closing}\n\n时间复杂度是线性的。\n")
    result = site.build()
    assert site.exists("posts/two-sum/index.html") and not site.exists("en/posts/two-sum")
    assert not [m for m in messages(result, "warning") if "no language given" in m]


VAE_NOTE = r"""变分推断的目标是最大化证据下界：

\begin{align}
\log p_\theta(\mathbf{x}) &\geq \mathbb{E}_{q_\phi(\mathbf{z}|\mathbf{x})}
  \left[\log p_\theta(\mathbf{x}|\mathbf{z})\right]
  - D_{\mathrm{KL}}\left(q_\phi(\mathbf{z}|\mathbf{x}) \,\|\, p(\mathbf{z})\right)
  \label{eq:elbo} \\
&= \mathcal{L}(\theta, \phi; \mathbf{x}) \nonumber
\end{align}

其中重参数化技巧为

\[
\mathbf{z} = \boldsymbol{\mu}_\phi(\mathbf{x}) + \boldsymbol{\sigma}_\phi(\mathbf{x}) \odot
\boldsymbol{\epsilon}, \quad \boldsymbol{\epsilon} \sim \mathcal{N}(\mathbf{0}, \mathbf{I})
\]

由式 \eqref{eq:elbo} 可知，\(\mathrm{KL}\) 项起到正则化作用。
"""


def test_formulas_without_dollars_are_no_english_words_to_the_language_guess(site):
    """`\\begin{align}`, `\\[…\\]`, `\\(…\\)` and `\\eqref` are math as `$$` is: a Chinese note
    written with them stays Chinese."""
    site.write("site.yaml", "default_language: zh\nlanguages:\n  zh: {}\n  en: {}\n")
    site.post("vae.md", "变分自编码器", body=VAE_NOTE)
    result = site.build()
    assert site.exists("posts/vae/index.html") and not site.exists("en/posts/vae")
    assert not [m for m in messages(result, "warning") if "no language given" in m]


# What the language guess left out (code, formulas, link targets, tags, URLs), as one pattern
# read by `re.sub` found it: the reference `not_prose_blanked` must agree with on every text
NOT_PROSE_AS_IT_WAS = re.compile(
    r"^\s*(`{3,}(?![^`\n]*`)|~{3,}).*?(?:^\s*\1|\Z)|`[^`\n]*`|\\\$|\$\$.*?\$\$|\$[^$\n]*\$"
    r"|\\\(.*?\\\)|\\\[.*?\\\]|\\(?:eq)?ref\{[^}\n]*\}"
    r"|\\begin\{(?P<env>[A-Za-z]+\*?)\}.*?\\end\{(?P=env)\}|\]\([^)\n]*\)|<[^>\n]+>|https?://\S+",
    re.M | re.S)
# Pieces of such texts: every opener and closer, unclosed ones too, blank lines above fences,
# whitespace of other kinds (a full-width space, a vertical tab, U+0085), and letters
NOT_PROSE_PIECES = [*"<>$\\`~()[]{}*:/hps \n\tax", "```", "~~~", "````", "\\(", "\\)", "\\[",
                    "\\]", "$$", "](", "\\ref{", "\\eqref{", "\\begin{a}", "\\end{a}",
                    "\\begin{b*}", "\\end{b*}", "http://", "https://x", "\u3000", "\x0b", "\r",
                    "\x85", "\0", "  \n", "\n\n", "中文"]


def test_what_the_language_guess_leaves_out_is_what_the_pattern_alone_found():
    """`not_prose_blanked` hides unclosed openers and takes a fence's blank lines itself, so
    that a line of 100,000 `<` (51 s) or 20,000 blank lines (32 s) is read once: on random
    texts of every piece the pattern reads, it blanks what `re.sub` with the pattern did."""
    from blogforge.content.loader import not_prose_blanked

    rng = random.Random(306)
    for _ in range(400):
        text = "".join(rng.choice(NOT_PROSE_PIECES) for _ in range(rng.choice([3, 8, 20, 60])))
        assert not_prose_blanked(text) == NOT_PROSE_AS_IT_WAS.sub(" ", text), repr(text)


def test_unclosed_openers_and_blank_lines_above_code_leave_the_language_guess_as_it_was(site):
    """A Chinese note with a line of unclosed `<` and `](`, an unclosed `\\(` and `\\begin`,
    and English code below blank lines: still Chinese, its text on its page."""
    site.write("site.yaml", "default_language: zh\nlanguages:\n  zh: {}\n  en: {}\n")
    code = "```python\n# reads the tokens one by one and keeps the longest match it found\n```"
    site.post("notes.md", "笔记", body=(
        "这是一篇关于注意力机制的中文笔记。\n\n<i>in a tag</i> a](b " + "<" * 2000 + "\n\n"
        "公式 \\(x 和 \\begin{gather} 没有闭合。\n" + "\n" * 200 + code + "\n"))
    result = site.build()
    assert site.exists("posts/notes/index.html") and not site.exists("en/posts/notes")
    assert not [m for m in messages(result, "warning") if "no language given" in m]
    page = site.read("posts/notes/")
    assert "<i>in a tag</i> a](b " + "&lt;" * 2000 in page


def test_tags_naming_posts_are_no_english_words_to_the_language_guess(site):
    site.write("site.yaml", "default_language: zh\nlanguages:\n  zh: {}\n  en: {}\n")
    site.post("other.md", "另一篇", body="这是另一篇文章。")
    site.post("a.md", "第一篇", body=(
        "见 {% post_path other %}、{{< ref \"other\" >}}、{{< relref \"other#x\" >}}。\n\n"
        "链接 [二]({% post_url other %}) 和 <a href=\"{% post_path other %}\">这里</a>。\n"))
    result = site.build()
    assert site.exists("posts/a/index.html")
    assert not [m for m in messages(result, "warning") if "no language given" in m]


ZH_EN = "title: T\nbase_url: https://u.github.io/repo/\nlanguages: {zh: {}, en: {}}\n"


@pytest.mark.parametrize("config", ["title: T\nbase_url: https://u.github.io/repo/\n"
                                    "default_language: zh\n", ZH_EN])
def test_a_region_or_script_variant_is_the_sites_language_of_that_base(site, config):
    """Hexo posts say `lang: zh-CN`: it is the site's Chinese, not a second language with an
    English interface at /zh-CN/; `en-US` is its English."""
    site.write("site.yaml", config)
    site.post("a.md", "甲", lang="zh-CN", body="中文。")
    site.post("b.md", "乙", lang="zh_Hans", body="中文。")
    site.post("c.md", "C", lang="en-US", body="English.")
    result = site.build()
    assert result.written and messages(result) == [], messages(result)
    assert not site.exists("zh-CN") and not site.exists("zh_Hans") and not site.exists("en-US")
    page = site.read("posts/a/")
    assert '<html lang="zh-CN"' in page and "分钟读完" in site.read("")
    assert "乙" in site.read("") and "C</a>" not in site.read("").split("<main")[1]
    assert '<html lang="en"' in site.read("en/posts/c/")
    names = re.findall(r'lang="[^"]+"(?: aria-current="true")?>([^<]+)</',
                       page.split('class="lang-switch"')[1].split("</nav>")[0])
    assert names == ["中文", "English"]


def test_a_site_without_languages_takes_zh_and_zh_cn_as_one_language(site):
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\n")
    site.post("a.md", "甲", lang="zh", body="中文。")
    site.post("b.md", "乙", lang="zh-CN", body="中文。")
    result = site.build()
    assert result.written and messages(result) == [], messages(result)
    assert site.exists("posts/a/index.html") and site.exists("posts/b/index.html")
    assert 'class="lang-switch"' not in site.read("")  # one language: no switcher


@pytest.mark.parametrize(("written", "said"), [
    ("cn", "did you mean `zh`?"), ("Chinese", "did you mean `zh`?"), ("eng", "did you mean `en`?"),
    ("fr", "add it under `languages:` in site.yaml, or make the post a draft (`draft: true`) "
           "or delete it")])
def test_a_lang_that_is_none_of_the_declared_languages_is_an_error_at_its_line(
        site, written, said):
    site.write("site.yaml", ZH_EN)
    site.post("a.md", "甲", tags="[x]", lang=written, body="中文。")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        f"content/posts/a.md:5: error: `lang` `{written}` is not one of this site's languages "
        f"(zh, en): {said}"]


@pytest.mark.parametrize("declared", ["", ZH_EN])
def test_a_lang_that_is_no_language_code_is_an_error_at_its_line(site, tmp_path, declared):
    """`lang: ../../evil` stopped the build with "…/sitemap-../../evil.xml: No such file", on
    a site with no `languages:` and on one with them; `lang: a b` made a folder /a b/."""
    site.write("site.yaml", declared or "base_url: https://u.github.io/\n")
    site.post("a.md", "甲", lang='"../../evil"', body="中文。")
    site.post("b.md", "乙", lang='"a b"', body="中文。")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        f"content/posts/{name}.md:4: error: `lang` `{code}` is not a language code such as zh, "
        "en, zh-Hant or pt-BR (letters, then parts of letters and digits after `-`): it names "
        "the language's folder and its pages' lang" for name, code in (("a", "../../evil"),
                                                                     ("b", "a b"))]
    assert not list(tmp_path.rglob("*evil*"))


HANT = "title: T\nbase_url: https://u.github.io/\nlanguages: {zh: {}, en: {}, zh-Hant: {}}\n"


@pytest.mark.parametrize(("written", "folder", "html_lang"), [
    ("zh-TW", "zh-Hant/", "zh-Hant"), ("zh_TW", "zh-Hant/", "zh-Hant"),
    ("zh-HK", "zh-Hant/", "zh-Hant"), ("zh-hant", "zh-Hant/", "zh-Hant"),
    ("zh-Hant-MO", "zh-Hant/", "zh-Hant"), ("zh-CN", "", "zh-CN"), ("zh-Hans", "", "zh-CN"),
    ("zh-SG", "", "zh-CN"), ("EN-us", "en/", "en")])
def test_a_lang_tag_is_the_declared_language_of_its_script_and_region(
        site, written, folder, html_lang):
    """With zh and zh-Hant declared, `lang: zh-TW` was an error "did you mean `zh`?": tags are
    matched case-insensitively, `_` as `-`, then Traditional by script or region."""
    site.write("site.yaml", HANT)
    site.post("a.md", "甲", lang=written, body="中文。")
    result = site.build()
    assert result.written and not messages(result, "error"), messages(result)
    assert f'<html lang="{html_lang}"' in site.read(f"{folder}posts/a/")


@pytest.mark.parametrize(("written", "meant"), [("cht", "zh-Hant"), ("chs", "zh"),
                                                ("cn", "zh"), ("zho-TW", "zh-Hant")])
def test_an_unmatched_chinese_lang_is_told_the_declared_chinese_it_means(site, written, meant):
    site.write("site.yaml", HANT)
    site.post("a.md", "甲", lang=written, body="中文。")
    (error,) = messages(site.build(), "error")
    assert error.endswith(f"`lang` `{written}` is not one of this site's languages "
                          f"(zh, en, zh-Hant): did you mean `{meant}`?")


def test_a_file_named_with_a_tag_of_a_declared_language_is_in_it(site):
    """`tw.zh-TW.md` on a site with zh-Hant was a Simplified post at /posts/tw.zh-tw/."""
    site.write("site.yaml", HANT)
    site.write("content/posts/tw.md", "---\ndate: 2024-05-01\ntitle: 简体\n---\n简体中文。\n")
    site.write("content/posts/tw.zh-TW.md", "---\ndate: 2024-05-01\ntitle: 繁體\n---\n繁體中文。\n")
    site.write("content/posts/hk.zh_hk.md", "---\ndate: 2024-05-01\ntitle: 香港\n---\n繁體中文。\n")
    result = site.build()
    assert result.written and messages(result) == [], messages(result)
    page = site.read("zh-Hant/posts/tw/")
    assert '<html lang="zh-Hant"' in page and "繁體中文" in page
    alternate = 'hreflang="zh-Hant" href="https://u.github.io/zh-Hant/posts/tw/"'
    assert alternate in site.read("posts/tw/")
    assert site.exists("zh-Hant/posts/hk/index.html") and not site.exists("posts/tw.zh-tw")


def test_a_file_named_with_a_language_tag_the_site_lacks_is_a_warning(site):
    site.write("site.yaml", ZH_EN)
    site.write("content/posts/note.fr-FR.md", "---\ndate: 2024-05-01\ntitle: 笔记\n---\n中文。\n")
    site.write("content/posts/pytorch-2.0.md", "---\ndate: 2024-05-01\ntitle: 笔记\n---\n中文。\n")
    result = site.build()
    assert site.exists("posts/note.fr-fr/index.html")
    assert messages(result, "warning") == [
        "content/posts/note.fr-FR.md:1: warning: the file name ends in `.fr-FR`, a language "
        "code, but `fr-FR` is not one of this site's languages (zh, en), so it is part of the "
        "post's name and the post is in the language its `lang:` or its text gives: add "
        "`fr-FR` under `languages:` in site.yaml, or rename the file"]


def test_simplified_and_traditional_chinese_have_names_of_their_own(site):
    """zh and zh-Hant were both 中文 in the switcher, card badges and search's languages."""
    site.write("site.yaml", HANT)
    site.post("a.md", "甲", body="简体中文的文章。")
    result = site.build()
    assert result.written and messages(result) == [], messages(result)
    page = site.read("zh-Hant/")
    names = re.findall(r'lang="[^"]+"(?: aria-current="true")?>([^<]+)</',
                       page.split('class="lang-switch"')[1].split("</nav>")[0])
    assert names == ["简体中文", "English", "繁體中文"]
    assert re.search(r'class="badge badge-lang"[^>]*>简体中文<', page)
    assert "繁體中文" in site.read("search/") and "简体中文" in site.read("search/")


@pytest.mark.parametrize(("config", "line", "what"), [
    ("languages:\n  zh-CN: {}\n  zh-SG: {}\n", 3, "`zh-CN` and `zh-SG` are both named `中文`"),
    ("languages:\n  zh: {}\n  zh-Hant:\n    name: 简体中文\n", 4,
     "`zh` and `zh-Hant` are both named `简体中文`")])
def test_two_languages_of_one_name_are_a_warning_at_the_second(site, config, line, what):
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/\n" + config)
    site.post("a.md", "甲", body="中文。")
    (warning,) = messages(site.build(), "warning")
    assert warning.endswith(f"site.yaml:{line + 2}: warning: languages {what} in the language "
                       "switcher, card badges and search: give "
                       f"`{what.split('`')[3]}` a `name:` of its own")


def test_posts_of_a_language_taken_out_are_told_how_to_go_in_the_sites_order(site):
    """ja taken out of `languages:`: each error said "(en, zh)" or "(zh, en)", and only "add
    it"; the posts may as well be drafts, or deleted."""
    site.write("site.yaml", ZH_EN)
    site.post("a.md", "記事", lang="ja", body="日本語。")
    site.post("b.ja.md", "記事", body="日本語。")
    site.post("c.md", "記事", lang="ja", draft="true", body="日本語。")
    site.post("d.ja.md", "記事", draft="true", body="日本語。")
    remedy = ("is not one of this site's languages (zh, en): add it under `languages:` in "
              "site.yaml, or make the post a draft (`draft: true`) or delete it")
    assert messages(site.build(), "error") == [
        f"content/posts/a.md:4: error: `lang` `ja` {remedy}",
        f"content/posts/b.ja.md:1: error: language `ja` {remedy}"]


def test_a_declared_language_whose_lists_are_empty_is_a_warning_at_its_line(site):
    """A `ko` with no posts (and no other language's listed) was only "No posts here yet" on
    /ko/; a draft is no post. An `en` listing the Chinese posts until translated is fine."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/\nlanguages:\n  zh: {}\n"
               "  en: {}\n  ko:\n    title: 별 노트\n    show_untranslated_from: []\n")
    site.post("a.md", "甲", body="中文。")
    site.post("b.ko.md", "초안", draft="true", body="한국어.")
    (warning,) = [m for m in messages(site.build(), "warning") if "has no posts" in m]
    assert warning.endswith(
        "site.yaml:6: warning: language `ko` has no posts, so its home and lists say \"No posts "
        "here yet\". Write posts with `lang: ko` (or named `post.ko.md`), or take it out of "
        "`languages:`")


def test_og_locale_is_language_and_region_as_open_graph_writes_it(site):
    """og:locale was `ja`, `en`, `zh_Hant` beside Chinese's `zh_CN`: Open Graph's form is
    ll_CC, from the language's `locale`, else its likely region."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/\nlanguages:\n  zh: {}\n"
               "  en: {locale: en-GB}\n  ja: {}\n  zh-Hant: {}\n  ko: {}\n")
    for code in ("zh", "en", "ja", "zh-Hant", "ko"):
        site.post(f"a.{code}.md", "T", body="x")
    site.build()
    for folder, locale in (("", "zh_CN"), ("en/", "en_GB"), ("ja/", "ja_JP"),
                           ("zh-Hant/", "zh_TW"), ("ko/", "ko_KR")):
        assert f'<meta property="og:locale" content="{locale}">' in site.read(folder)


def test_a_translated_page_names_its_translations_locales_for_open_graph(site):
    """og:locale:alternate, one for each translation (Facebook shows a reader the version of
    their language); an untranslated post names none."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/\nlanguages:\n  zh: {}\n"
               "  en: {}\n")
    site.post("a.md", "甲", body="中文。")
    site.post("a.en.md", "A", body="English.")
    site.post("b.md", "乙", body="只有中文。")
    site.build()
    zh, en = site.read("posts/a/"), site.read("en/posts/a/")
    assert zh.count("og:locale:alternate") == 1
    assert '<meta property="og:locale:alternate" content="en_US">' in zh
    assert '<meta property="og:locale:alternate" content="zh_CN">' in en
    assert "og:locale:alternate" not in site.read("posts/b/")


def test_a_declared_variant_takes_the_posts_of_its_base_language(site):
    site.write("site.yaml", "title: T\nlanguages: {zh-CN: {}, en: {}}\n")
    site.post("a.md", "甲", lang="zh", body="中文。")
    site.post("b.md", "B", lang="en", body="English.")
    result = site.build()
    assert result.written and not messages(result, "error"), messages(result)
    assert site.exists("posts/a/index.html") and not site.exists("zh/posts/a")


def test_with_a_declared_default_unmarked_posts_are_in_the_default_language(site):
    site.write("site.yaml", "default_language: zh\n")
    site.post("a.md", "English title", body="Plain English text.")
    site.post("b.md", "Marked", lang="en")
    site.build()
    assert site.exists("posts/a/index.html") and site.exists("en/posts/b/index.html")


def test_every_language_in_its_own_folder(site):
    site.write("site.yaml", "default_language_in_subdir: true\nlanguages:\n  zh: {}\n  en: {}\n")
    site.post("a.md", "中文")
    site.build()
    assert site.exists("zh/posts/a/index.html")
    assert 'url=/zh/' in site.read("")


def test_the_root_redirect_names_an_absolute_canonical_url(site):
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\n"
                            "default_language_in_subdir: true\nlanguages: {zh: {}, en: {}}\n")
    site.post("a.md", "中文")
    result = site.build()
    assert result.written and not [m for m in messages(result) if "broken" in m]
    root = site.read("")
    assert '<link rel="canonical" href="https://u.github.io/repo/zh/">' in root
    assert 'content="0; url=https://u.github.io/repo/zh/"' in root


def test_a_string_file_no_language_reads_is_a_warning(site):
    """`i18n/zh-CN.yaml` on a `zh` site, `i18n/fr.yaml`, `i18n/en.yml`: left out silently."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.write("i18n/zh-CN.yaml", "read_more: 读下去\n")
    site.write("i18n/fr.yaml", "read_more: Lire\n")
    site.write("i18n/en.yml", "read_more: On\n")
    site.post("a.md", "中文")
    warnings = [m.split(": warning: ")[0].rsplit("/", 1)[-1] + ": warning: "
                + m.split(": warning: ")[1] for m in messages(site.build(), "warning")
                if "i18n/" in m.split(": warning: ")[0]]
    assert sorted(warnings) == [
        "en.yml: warning: string files are read as LANG.yaml: rename it en.yaml",
        "fr.yaml: warning: no language of this site is `fr` (zh, en): its strings are not read",
        "zh-CN.yaml: warning: no language of this site is `zh-CN` (zh, en): its strings are not "
        "read; name it i18n/zh.yaml"]


def test_the_themes_english_lines_on_a_chinese_home_page_are_marked_english(site):
    """"INCOMING TRANSMISSION" and "LATEST UPDATES" are English on every home page: on the
    Chinese one a screen reader read them with its Chinese voice. A Chinese hero is not."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n  ja: {hero: 受信中}\n")
    site.post("a.md", "中文")
    assert site.build().written
    zh, en, ja = site.read(""), site.read("en/"), site.read("ja/")
    assert 'class="hero-line" lang="en">INCOMING TRANSMISSION' in zh
    assert 'class="section-title" lang="en">LATEST UPDATES' in zh
    assert 'class="hero-line">INCOMING TRANSMISSION' in en  # (English already)
    assert 'class="hero-line">受信中' in ja


def test_the_archive_badges_a_post_in_another_language_as_its_card_does(bilingual):
    """The English archive listed the Chinese-only posts unmarked; the home page badges them."""
    archive = bilingual.read("en/archives/")
    item = re.search(r"<li>.*?只有中文的文章.*?</li>", archive).group(0)
    assert '<span class="badge badge-lang" lang="zh-CN">中文</span>' in item
    english = re.search(r"<li>.*?English only.*?</li>", archive).group(0)
    assert "badge" not in english


def test_the_root_404_page_says_it_in_every_language_and_leads_to_each_home(bilingual):
    """GitHub Pages serves the root 404.html for every missing address: a reader of the English
    pages who mistyped /en/… met Chinese alone."""
    root = bilingual.read("404.html")
    assert "信号丢失" in root
    english = re.search(r'<p class="hero-sub" lang="en(?:-US)?">([^<]*)<a href="([^"]*)"', root)
    assert english and english.group(1).startswith("This page does not exist")
    assert english.group(2) == "/en/"
    assert "lang=" not in bilingual.read("en/404.html").split("<main")[1]  # (English alone)


def test_the_404_page_is_kept_out_of_search_engines_and_claims_no_address(site):
    """GitHub Pages answers /404.html, asked for by name, with 200: it was a page for search
    engines to list ("信号丢失"), whose canonical link named 404.html while it is shown at every
    missing address. A project site's 404 still loads its stylesheet and leads home."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\nlanguages:\n  zh: {}\n"
               "  en: {}\n")
    site.post("a.md", "中文")
    site.build()
    for page in ("404.html", "en/404.html"):
        head = site.read(page).split("</head>")[0]
        assert '<meta name="robots" content="noindex">' in head, page
        assert 'rel="canonical"' not in head and "og:url" not in head, page
        assert '<link rel="stylesheet" href="/repo/css/blogforge.css' in head
    assert '<a class="button" href="/repo/">' in site.read("404.html")
    assert 'rel="canonical"' in site.read("posts/a/")


def test_a_root_404_line_in_english_for_want_of_strings_is_marked_english(site):
    """A language without strings of its own (`de`, or `fr` but for one) shows English ones:
    the root 404's line for it said `lang="de"` of English text, read in a German voice."""
    site.write("site.yaml", "languages:\n  zh: {}\n  de: {}\n  fr: {}\n")
    site.write("i18n/fr.yaml", "not_found_text: Cette page n'existe pas, ou elle a changé "
               "d'adresse.\n")
    site.post("a.md", "中文")
    site.build()
    root = site.read("404.html").split("<main")[1]
    assert '<p class="hero-sub" lang="en">This page does not exist, or it has moved. ' \
        '<a href="/de/">Back to the home page</a></p>' in root
    assert '<p class="hero-sub" lang="fr">Cette page n&#39;existe pas, ou elle a changé ' \
        'd&#39;adresse. <a href="/fr/" lang="en">Back to the home page</a></p>' in root
    assert 'lang="de"' not in root


def test_root_404_exists_when_every_language_has_a_folder(site):
    site.write("site.yaml", "default_language_in_subdir: true\nlanguages:\n  zh: {}\n  en: {}\n")
    site.post("a.md", "中文")
    site.build()
    assert "信号丢失" in site.read("404.html") and site.exists("zh/404.html")
    assert '<html lang="zh-CN">' in site.read("")


def test_two_versions_in_one_language_are_reported(site):
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("zh.md", "中文", translationKey="k")
    site.post("en1.md", "One", lang="en", translationKey="k")
    site.post("en2.md", "Two", lang="en", translationKey="k")
    result = site.build()
    assert any("content/posts/en2.md:5: warning: this post and content/posts/en1.md are both"
               in m for m in messages(result))


def test_a_translation_key_one_slip_from_another_posts_is_a_warning_at_its_line(site):
    """`attention-note` on the Japanese post beside `attention-notes` on the zh and en ones
    passed silently: the Japanese post was the translation of nothing. Keys apart by a number
    (two parts of a series) or of posts in one language are posts of their own."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n  ja: {}\n")
    site.post("a.md", "注意力", translationKey="attention-notes", body="中文。")
    site.post("a-en.md", "Attention", lang="en", translationKey="attention-notes")
    site.post("a-ja.md", "アテンション", lang="ja", tags="[x]", translationKey="attention-note")
    site.post("p1.md", "第一部分", translationKey="vae-part1", body="中文。")
    site.post("p2.md", "Part 2", lang="en", translationKey="vae-part2")
    site.post("s.md", "Softmax", translationKey="softmax-notes", body="中文。")
    site.post("s-en.md", "Softmax", lang="en", translationKey="softmax-note")
    result = site.build()
    assert [m for m in messages(result, "warning") if "translationKey" in m] == [
        "content/posts/a-ja.md:6: warning: translationKey `attention-note` is this post's alone, "
        "so it is the translation of no other post; did you mean `attention-notes` "
        "(content/posts/a-en.md and content/posts/a.md)?",
        "content/posts/s-en.md:5: warning: translationKey `softmax-note` is this post's alone, "
        "so it is the translation of no other post; did you mean `softmax-notes` "
        "(content/posts/s.md)?"]


def test_the_pages_link_the_version_the_warning_names_as_the_translation(site):
    site.write("site.yaml", ZH_EN)
    site.post("a.md", "甲", body="中文。")
    site.post("a.en.md", "A", lang="en", body="English.")
    site.post("b.en.md", "B", lang="en", translationKey="post:posts/a", body="English.")
    result = site.build()
    assert [m for m in messages(result) if "translation" in m] == [
        "content/posts/b.en.md:5: warning: this post and content/posts/a.en.md are both the "
        "`en` version of `post:posts/a`; only content/posts/a.en.md is linked as the "
        "translation. Give one of them another translationKey"]

    def alternates(page: str) -> dict[str, str]:
        return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
                               page))

    def translation_links(page: str) -> list[str]:
        return re.findall(r'<p class="translation-link"><a href="([^"]+)"', page)

    zh, en_a, en_b = site.read("posts/a/"), site.read("en/posts/a/"), site.read("en/posts/b/")
    assert translation_links(zh) == ["/repo/en/posts/a/"]
    assert translation_links(en_a) == ["/repo/posts/a/"]  # (not "Read in English" to b)
    assert alternates(zh)["en"] == alternates(en_a)["en"] == "https://u.github.io/repo/en/posts/a/"
    # the other English version is linked by no one: it links to no one either
    assert alternates(en_b) == {} and translation_links(en_b) == []


def test_unmarked_post_in_another_language_is_hinted_on_a_one_language_site(site):
    site.write("site.yaml", "default_language: zh\n")
    site.post("a.md", "English title", body="Plainly English text, nothing else.")
    result = site.build()
    assert any(m.startswith("content/posts/a.md:1: warning: no language given, so this post is "
                            "in the site's default `zh`, though it reads like `en`") for m in
               messages(result))


def test_a_menu_url_written_with_the_sites_path_gets_it_once(site):
    site.write("site.yaml", "base_url: https://u.github.io/repo/\nlanguages:\n  zh:\n"
                            "    menu: [{name: 归档, url: /repo/archives/},\n"
                            "           {name: 关于, url: about/},\n"
                            "           {name: 外链, url: 'https://example.org/x/'}]\n")
    site.post("a.md", "A")
    site.write("content/about.md", "---\ntitle: 关于\n---\n关于。\n")
    result = site.build()
    assert result.written and not [m for m in messages(result) if "broken link" in m]
    page = site.read("")
    assert 'href="/repo/archives/">归档' in page and 'href="/repo/about/">关于' in page
    assert 'href="https://example.org/x/">外链' in page


def test_a_menu_entry_without_a_page_in_its_language_leads_to_the_default_languages(site):
    """An English menu's Friends, `link/`, on a site whose friends page (友链) is Chinese only
    led to /en/link/, a broken link; it leads to /link/. Its own page, once written, is
    linked; the language's generated pages (archives/) stay its own; `/en/about/` written
    in full is not put under /en/ twice; a file of static/ is linked where it is."""
    site.write("site.yaml", "comments: {provider: waline, server_url: 'https://c.example.org'}\n"
               "languages:\n  zh:\n    menu: [{name: 友链, url: link/}]\n"
               "  en:\n    menu: [{name: Friends, url: link/}, {name: Archives, url: archives/},\n"
               "           {name: About, url: /en/about/}, {name: CV, url: /cv.pdf},\n"
               "           {name: Guestbook, url: 'guestbook/#comments'}]\n")
    site.write("content/link.md", "---\ntitle: 友链\n---\n朋友们。\n")
    site.write("content/guestbook.md", "---\ntitle: 留言板\ncomments: true\n---\n留言。\n")
    site.write("content/about.en.md", "---\ntitle: About\nlang: en\n---\nAbout.\n")
    site.write("static/cv.pdf", raw=b"%PDF-1.4\n")
    site.post("a.md", "甲")
    site.post("a.en.md", "A", lang="en")
    result = site.build(use_cache=True)
    assert result.written and not [m for m in messages(result) if "broken link" in m]
    page = site.read("en/")
    for href, name in (("/link/", "Friends"), ("/en/archives/", "Archives"),
                       ("/en/about/", "About"), ("/cv.pdf", "CV"),
                       ("/guestbook/#comments", "Guestbook")):
        assert f'href="{href}">{name}</a>' in page, name
    assert 'href="/link/">友链</a>' in site.read("")
    site.write("content/link.en.md", "---\ntitle: Friends\nlang: en\n---\nFriends.\n")
    assert site.build(use_cache=True).written  # (every page's menu changes)
    assert 'href="/en/link/" aria-current="page">Friends</a>' in site.read("en/link/")
    assert 'href="/en/link/">Friends</a>' in site.read("en/posts/a/")


def test_a_menu_url_s_fragment_holding_a_space_is_a_valid_href(site):
    """`link/#关于 我` was `href="/link/#关于 我"`: a space no URL holds (the Nu HTML checker
    refuses it). It is %20; the Chinese letters stay as written, as browsers take them."""
    site.write("site.yaml", "languages:\n  zh:\n    menu: [{name: 关于我, url: 'link/#关于 我'},"
                            " {name: 搜, url: 'search/?q=a \"b\"'}]\n")
    site.write("content/link.md", "---\ntitle: 友链\n---\n朋友们。\n")
    site.post("a.md", "甲")
    result = site.build()
    assert result.written
    page = site.read("")
    assert 'href="/link/#关于%20我">关于我</a>' in page
    assert 'href="/search/?q=a%20%22b%22">搜</a>' in page


def test_a_menu_url_with_a_scheme_or_a_host_leads_where_it_says_in_every_language(site):
    # `mailto:` and `tel:` links were put under the English folder ("/en/mailto:ada@…")
    entries = ("[{name: Mail, url: 'mailto:ada@example.org'}, {name: Call, url: 'tel:+4412'},\n"
               "           {name: CDN, url: '//cdn.example.org/x/'}, {name: About, url: about/}]")
    site.write("site.yaml", f"languages:\n  zh:\n    menu: {entries}\n  en:\n    menu: {entries}\n")
    site.post("a.md", "A")
    site.write("content/about.md", "---\ntitle: 关于\n---\n关于。\n")
    site.write("content/about.en.md", "---\ntitle: About\n---\nAbout.\n")
    result = site.build()
    assert result.written and not [m for m in messages(result) if "broken link" in m]
    for home, about in (("", "/about/"), ("en/", "/en/about/")):
        page = site.read(home)
        assert ('href="mailto:ada@example.org">Mail' in page and 'href="tel:+4412">Call' in page
                and 'href="//cdn.example.org/x/">CDN' in page), home
        assert f'href="{about}">About' in page


@pytest.mark.parametrize("config", [
    "default_language: zh-CN\n",
    "languages:\n  zh-CN: {}\n  en-GB: {}\n",
    "languages:\n  zh_TW: {}\n  en: {}\n",
])
def test_a_language_with_a_region_gets_its_language_s_strings_and_name(site, config):
    """zh-CN, zh_TW, en-GB: the theme's strings (zh_TW's in Traditional script), the
    switcher's names (zh_TW's its own, 繁體中文) and the dates of zh and en, while <html lang>
    keeps the region (as BCP 47 writes it, zh-TW)."""
    site.write("site.yaml", config)
    code = "zh_TW" if "zh_TW" in config else "zh-CN"
    site.post("a.md", "中文文章", "2026-11-22", "正文。\n\n" * 40 + "<!--more-->\n更多。",
              lang=code)
    site.post("b.md", "English post", "2026-11-22", "Text.\n\n<!--more-->\nMore.", lang="en-GB"
              if "en-GB" in config else "en")
    result = site.build()
    home = site.read("")
    traditional = code == "zh_TW"
    assert ("閱讀全文" if traditional else "阅读全文") in home and "Read more" not in home
    assert ("由 blogforge 產生" if traditional else "由 blogforge 生成") in home
    assert "2026年11月22日" in home
    assert f'<html lang="{code.replace("_", "-")}"' in home
    assert "no `zh" not in " ".join(messages(result))  # (no "strings with no translation")
    if "languages" in config:
        english = site.read(("en-GB" if "en-GB" in config else "en") + "/")
        chinese = "繁體中文" if code == "zh_TW" else "中文"  # (Traditional: its own name)
        assert "Read more" in english and ">English<" in english and f">{chinese}<" in english


def test_the_header_menu_is_named_as_a_menu_in_each_language(bilingual):
    """A screen reader lists the landmarks by name: the header's menu was named "Home" / "首页",
    which it is not (the home page is the site title's link)."""
    def landmarks(page: str) -> list[str]:
        return re.findall(r'<nav class="[^"]*" aria-label="([^"]*)"', page)

    assert landmarks(bilingual.read("posts/ddpm/"))[:2] == ["站点菜单", "语言"]
    assert landmarks(bilingual.read("en/posts/ddpm/"))[:2] == ["Site menu", "Language"]


@pytest.mark.parametrize("code", ["zh-Hant", "zh-TW", "zh-HK"])
def test_a_traditional_chinese_language_gets_the_theme_in_traditional_script(site, code):
    """zh-Hant (zh-TW, zh-HK) pages showed the theme's Simplified text (阅读全文, 标签, 上一页)
    beside Traditional posts unless the site wrote its own i18n/zh-Hant.yaml. The theme now
    has Traditional strings; the zh pages keep Simplified ones; a site's file still wins."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/\n"
                            f"languages: {{zh: {{}}, {code}: {{}}}}\n")
    site.write("i18n/zh-Hant.yaml", "read_more: 繼續閱讀\n")
    site.post("a.md", "简体", tags="[注意力]", body="简体中文。\n\n" + "长文。" * 400)
    site.post("a.tw.md".replace("tw", code), "繁體", tags="[注意力]",
              body="繁體中文。\n\n" + "長文。" * 400)
    result = site.build()
    assert result.written and messages(result) == [], messages(result)
    traditional, simplified = site.read(f"{code}/"), site.read("")
    assert "繼續閱讀" in traditional and "阅读全文" not in traditional
    assert "標籤" in site.read(f"{code}/posts/a/") and "标签" not in site.read(f"{code}/posts/a/")
    assert "搜尋本站" in traditional and "搜索本站" in simplified
    assert "阅读全文" in simplified and "標籤" not in site.read("posts/a/")


def test_renaming_one_version_of_a_translated_post_is_said_once(site):
    """`vae.md` renamed `vae-notes.md`, `vae.en.md` kept: the two were paired by their names
    and no longer were, without a word (each switcher led to the other language's home)."""
    site.write("site.yaml", "base_url: https://u.github.io/blog/\nlanguages: {zh: {}, en: {}}\n")
    site.post("vae.md", "变分自编码器", body="正文。\n")
    site.post("vae.en.md", "VAE", body="Text.\n", lang="en")
    assert site.build(use_cache=True).written
    (site.root / "content/posts/vae.md").rename(site.root / "content/posts/vae-notes.md")
    result = site.build(use_cache=True, strict=True)
    assert result.written, messages(result)
    assert ("content/posts/vae-notes.md:1: warning: this post and content/posts/vae.en.md were "
            "one post in two languages in the last build; their names no longer pair them "
            "(rename both alike, `x.md` and `x.en.md`, or give both one `translationKey`)"
            ) in messages(result), messages(result)
    (site.root / "content/posts/vae.en.md").rename(site.root / "content/posts/vae-notes.en.md")
    result = site.build(use_cache=True)
    assert not [m for m in messages(result) if "two languages" in m], messages(result)
    assert 'hreflang="en"' in site.read("posts/vae-notes/")


def test_the_authors_name_is_marked_in_its_language_on_the_other_languages_pages(site):
    """`© 林深` on English pages was read in the English voice (letter by letter, or not at
    all); a Latin name on Chinese pages in the Chinese one."""
    site.write("site.yaml", "author: 林深\nlanguages:\n  zh: {}\n  en: {}\n")
    site.post("a.md", "甲", date="2024-01-01")
    site.post("b.md", "B", date="2024-01-01", lang="en")
    site.build()
    assert '© <span lang="zh-CN">林深</span>' in site.read("en/")
    assert "© 林深 ·" in site.read("")
    site.write("site.yaml", "author: Lin Shen\nlanguages:\n  zh: {}\n  en: {}\n")
    site.build()
    assert '© <span lang="en">Lin Shen</span>' in site.read("")
    assert "© Lin Shen ·" in site.read("en/")


def test_a_slug_that_takes_a_translations_url_is_said_as_the_slugs_clash(site):
    """A co-author's `tf-bob.md` with `lang: en` and `slug: transformer`, merged beside
    `transformer.en.md`, was told its `lang:` line made it the `en` version and to remove
    that line: the slug was the cause. Said as two pages at one URL are."""
    site.write("site.yaml", "base_url: https://e.org/\nlanguages: {zh: {}, en: {}}\n")
    site.post("transformer.md", "变换器")
    site.post("transformer.en.md", "Transformer")
    site.post("tf-bob.md", "Transformer (Bob)", lang="en", slug="transformer")
    assert messages(site.build()) == [
        "content/posts/transformer.en.md:1: error: two pages at the URL "
        "/en/posts/transformer/: this one and content/posts/tf-bob.md. Give one of them "
        "another `slug`"]


TRADITIONAL = ("這篇筆記沒有寫語言，但它是用繁體中文寫的。我們先看注意力機制的計算方式，"
               "再討論為什麼長序列的訓練會變慢，以及如何用稀疏注意力來節省記憶體。")


@pytest.mark.parametrize("code", ["zh-tw", "zh-HK", "zh_TW"])
def test_a_traditional_sites_unmarked_posts_are_in_its_chinese_and_english_is_told(site, code):
    """`default_language: zh-tw`: every unmarked Traditional post was said to be in the
    default `zh-tw` "though it reads like zh; add lang: zh" (an error if followed), and an
    unmarked English post was never told from Chinese (zh+en sites are)."""
    site.write("site.yaml", f"default_language: {code}\nlanguages:\n  {code}: {{}}\n  en: {{}}\n")
    site.post("tw.md", "注意力機制", body=TRADITIONAL)
    site.post("en.md", "Attention", body="An English note with no language given: attention "
              "is slow on long sequences, and sparse attention saves memory.")
    result = site.build()
    assert [m for m in messages(result, "warning") if "reads like" in m] == []
    assert f'<html lang="{code.replace("_", "-")}"' in site.read("posts/tw/")
    assert '<html lang="en"' in site.read("en/posts/en/") and not site.exists("posts/en")


def test_a_post_that_reads_like_an_undeclared_language_is_told_to_declare_it(site):
    """It said `add lang: ja` on a site without ja: following it is an error."""
    site.write("site.yaml", "default_language: zh-tw\nlanguages:\n  zh-tw: {}\n")
    site.post("ja.md", "言語を書き忘れた記事", body=JAPANESE)
    result = site.build()
    assert "content/posts/ja.md:1: warning: no language given, so this post is in the site's "\
        "default `zh-tw`, though it reads like `ja`; if it is, add `ja` to `languages:` in "\
        "site.yaml and `lang: ja`" in messages(result, "warning")


@pytest.mark.parametrize(("code", "name"), [("zh-tw", "zh-TW"), ("zh-tw", "zh_TW"),
                                            ("zh-TW", "zh-tw"), ("zh-Hant", "zh-hant")])
def test_a_string_file_is_read_whatever_the_case_or_underscore_of_its_name(site, code, name):
    """The README's own `i18n/zh-TW.yaml` was not read on a site whose key is `zh-tw`, with a
    warning that no language of the site is zh-TW."""
    site.write("site.yaml", f"languages:\n  {code}: {{}}\n  en: {{}}\n")
    site.write(f"i18n/{name}.yaml", "feed: 用 RSS 訂閱\n")
    site.post("a.md", "中文", body="正文。", lang=code)
    result = site.build()
    assert "用 RSS 訂閱 (Atom)" in site.read("")
    assert [m for m in messages(result, "warning") if "i18n/" in m] == []


SIMPLIFIED = ("这篇笔记没有写语言，是用简体中文写的。我们先看注意力机制的计算方式，"
              "再讨论为什么长序列的训练会变慢，以及如何用稀疏注意力来节省内存。")


@pytest.mark.parametrize("others", ["en: {}\n", ""])
def test_an_unmarked_post_is_in_the_chinese_of_its_script_on_a_site_with_both(site, others):
    """An all-Traditional post without `lang:` on a zh + zh-Hant site was built as zh-CN, with
    the Simplified interface and badge, and missing from the zh-Hant lists, without a word."""
    site.write("site.yaml", f"languages:\n  zh: {{}}\n  zh-Hant: {{}}\n  {others}")
    site.post("tw.md", "長短期記憶網路", body=TRADITIONAL)
    site.post("cn.md", "长短期记忆网络", body=SIMPLIFIED)
    result = site.build()
    assert '<html lang="zh-Hant"' in site.read("zh-Hant/posts/tw/")
    assert not site.exists("posts/tw") and '<html lang="zh-CN"' in site.read("posts/cn/")
    assert "長短期記憶網路" in site.read("zh-Hant/") and "長短期記憶網路" not in site.read("")
    assert "content/posts/tw.md:1: warning: no language given; the text is in Traditional "\
        "characters, so it is treated as `zh-Hant`. Add `lang: zh-Hant` to say so" in \
        messages(result, "warning")
    assert [m for m in messages(result, "warning") if "cn.md" in m] == []


def test_a_simplified_post_on_a_traditional_first_site_is_in_its_simplified_chinese(site):
    site.write("site.yaml", "default_language: zh-TW\nlanguages:\n  zh-TW: {}\n  zh-CN: {}\n"
                            "  en: {}\n")
    site.post("tw.md", "長短期記憶網路", body=TRADITIONAL)
    site.post("cn.md", "长短期记忆网络", body=SIMPLIFIED)
    site.post("few.md", "注意力", body="注意力的公式很有用。" * 30)  # (both scripts write these)
    result = site.build()
    assert '<html lang="zh-TW"' in site.read("posts/tw/")
    assert '<html lang="zh-TW"' in site.read("posts/few/")
    assert '<html lang="zh-CN"' in site.read("zh-CN/posts/cn/")
    assert any(m.startswith("content/posts/cn.md:1: warning: no language given; the text is in "
                            "Simplified characters, so it is treated as `zh-CN`")
               for m in messages(result, "warning"))


def test_a_posts_own_tag_marks_its_words_while_it_is_listed_in_its_language(site):
    """`lang: zh-TW` on a zh + en site: the post joins zh, but its page said only
    `<html lang="zh-CN">`, so browsers drew its words in mainland glyph forms and screen
    readers read it in a mainland voice. `lang: zh-CN` says nothing more than zh."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("tw.md", "長短期記憶", body=TRADITIONAL, lang="zh-TW")
    site.post("hk.md", "香港", body=TRADITIONAL, lang="zh_hk")
    site.post("cn.md", "长短期记忆", body=SIMPLIFIED, lang="zh-CN")
    result = site.build()
    assert [m for m in messages(result) if "tw.md" in m or "hk.md" in m] == []
    page = site.read("posts/tw/")
    assert '<html lang="zh-CN"' in page  # (its interface is the site's zh)
    assert '<h1 id="post-title" lang="zh-TW">' in page and '<div class="content" lang="zh-TW">' \
        in page
    assert '<div class="content" lang="zh-HK">' in site.read("posts/hk/")
    assert re.search(r'class="card-title" lang="zh-TW"><a href="/posts/tw/">', site.read(""))
    cn = site.read("posts/cn/")
    assert '<h1 id="post-title">' in cn and '<div class="content">' in cn


def test_the_link_to_a_simplified_translation_names_simplified_chinese_beside_traditional(site):
    """On a zh-Hant page, the link to its Simplified version said 阅读中文版: Traditional is
    中文 too. Where the site has both, it says 阅读简体中文版, as the switcher says 简体中文."""
    site.write("site.yaml", "languages:\n  zh: {}\n  zh-Hant: {}\n  en: {}\n")
    site.post("a.md", "长短期记忆", body=SIMPLIFIED, lang="zh")
    site.post("a.zh-Hant.md", "長短期記憶", body=TRADITIONAL)
    site.post("a.en.md", "LSTM", body="Long short-term memory.")
    site.build()
    assert '>阅读简体中文版 <span aria-hidden="true">→</span></a>' in site.read("zh-Hant/posts/a/")
    assert '>閱讀繁體中文版 <span' in site.read("posts/a/")
    assert '>阅读中文版 <span' not in site.read("en/posts/a/")
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    (site.root / "content/posts/a.zh-Hant.md").unlink()
    site.build()
    assert '>阅读中文版 <span aria-hidden="true">→</span></a>' in site.read("en/posts/a/")
