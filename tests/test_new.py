"""`blogforge new site` gives a site that builds cleanly and publishes itself; `new post`
writes a post with its front matter filled in, and neither ever replaces a file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import Site, messages

from blogforge.cli import main
from blogforge.urls import slugify

# Posts made by `new` are dated now, so these tests build with the real clock (now=None), not
# the fixed date of the other tests.


def new_site(tmp_path: Path, *extra: str) -> Site:
    assert main(["new", "site", str(tmp_path / "blog"), "--timezone", "Asia/Shanghai",
                 *extra]) == 0
    return Site(tmp_path / "blog")


def test_new_site_builds_without_warnings_in_both_languages(tmp_path):
    site = new_site(tmp_path, "--title", "我的笔记")
    result = site.build(now=None)
    assert result.written and messages(result) == []
    assert "你好，世界" in site.read("")
    assert "Hello, world" in site.read("en/")
    assert 'hreflang="en"' in site.read("posts/hello/")  # the two first posts are paired
    assert "katex" in site.read("posts/hello/")
    assert site.read("about/") and site.read("en/about/")  # the menus' About pages exist
    ignored = (site.root / ".gitignore").read_text().split()
    assert "/public/" in ignored and "/.blogforge-cache/" in ignored
    config = yaml.safe_load((site.root / "site.yaml").read_text())
    assert config["title"] == "我的笔记" and config["timezone"] == "Asia/Shanghai"
    assert config["base_url"] == "https://USER.github.io/blog/"


def test_a_new_sites_home_pages_greet_in_their_language_with_the_hero_site_yaml_shows(tmp_path):
    """The home page's heading is `hero`: a new site writes one per language, where its
    writer sees it (the theme's own, INCOMING TRANSMISSION, would greet Chinese readers)."""
    site = new_site(tmp_path, "--title", "我的笔记")
    written = (site.root / "site.yaml").read_text(encoding="utf-8")
    assert "INCOMING TRANSMISSION" in written  # the comment says what shows without it
    languages = yaml.safe_load(written)["languages"]
    site.build(now=None)
    for code, home in (("zh", ""), ("en", "en/")):
        hero = languages[code]["hero"]
        assert re.search(rf'<h1 id="hero-title" class="hero-line">{re.escape(hero)}<',
                         site.read(home))
    assert "INCOMING TRANSMISSION" not in site.read("") + site.read("en/")


def test_new_site_workflow_publishes_with_the_pages_actions_under_the_pages_url(tmp_path):
    site = new_site(tmp_path)
    workflow = yaml.safe_load((site.root / ".github/workflows/pages.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    pages = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/configure"))
    run = next(s for s in build["steps"] if "blogforge build" in s.get("run", ""))
    assert uses.index("actions/configure-pages") < build["steps"].index(run)
    # the base URL GitHub Pages reports is passed to --base-url
    assert '--base-url "$BASE_URL/"' in run["run"]
    assert run["env"]["BASE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    artifact = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert artifact["with"]["path"].rstrip("/") == "public"
    python = next(s for s in build["steps"] if "setup-python" in s.get("uses", ""))
    assert python["with"]["cache"] == "pip"
    assert (site.root / python["with"]["cache-dependency-path"]).is_file()
    cache = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/cache"))
    # the build cache, and KaTeX's files (a fresh runner fetched them from npm every time)
    assert [path.rstrip("/") for path in cache["with"]["path"].split()] == [
        ".blogforge-cache", "~/.cache/blogforge"]
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"
    # the workflow installs what requirements.txt names: this very blogforge (see below)
    assert re.search(r"^blogforge(==| @ )", (site.root / "requirements.txt").read_text(),
                     re.M)


def test_new_site_workflow_leaves_the_builds_record_out_of_what_it_publishes(tmp_path):
    """public/.blogforge-output, the build's list of every file it wrote (those no page links
    to as well), was uploaded with the site and served at /.blogforge-output."""
    import subprocess

    from blogforge.output import MARKER

    site = new_site(tmp_path)
    steps = yaml.safe_load((site.root / ".github/workflows/pages.yml").read_text()
                           )["jobs"]["build"]["steps"]
    build = next(at for at, step in enumerate(steps) if "blogforge build" in step.get("run", ""))
    upload = next(at for at, step in enumerate(steps)
                  if "upload-pages-artifact" in step.get("uses", ""))
    assert main(["build", "--source", str(site.root), "--base-url", "https://u.github.io/blog/"]
                ) == 0
    assert (site.root / "public" / MARKER).is_file()
    for step in steps[build + 1:upload]:  # (as the runner's shell runs them, in the checkout)
        subprocess.run(step["run"], shell=True, cwd=site.root, check=True)
    published = steps[upload]["with"]["path"]
    assert not (site.root / published / MARKER).exists()
    assert (site.root / published / "index.html").is_file()


# --- requirements.txt: where the Actions runner installs blogforge from ---------------------

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class FakeDistribution:
    """The installed blogforge as importlib.metadata shows it, with pip's direct_url.json
    (PEP 610), or none (installed from a package index)."""

    def __init__(self, direct_url: dict | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        import json

        return json.dumps(self.direct_url) if name == "direct_url.json" and self.direct_url \
            else None


@pytest.fixture(autouse=True)
def installed(monkeypatch):
    """Makes `blogforge` installed as a direct_url.json says (None: from a package index);
    until a test says otherwise, from a git repository, so that what the tests run from (a
    clone, its origin, pushed or not) is no part of what they see."""
    from importlib import metadata

    def install(direct_url: dict | None) -> None:
        monkeypatch.setattr(metadata, "distribution", lambda name: FakeDistribution(direct_url))

    install({"url": "https://github.com/blogforge/blogforge.git",
             "vcs_info": {"vcs": "git", "commit_id": COMMIT}})
    return install


def requirement_of(site: Site) -> str:
    """The one line of requirements.txt that is no comment."""
    (line,) = [line for line in (site.root / "requirements.txt").read_text().splitlines()
               if line and not line.startswith("#")]
    return line


def test_a_blogforge_installed_from_git_is_required_from_there_at_its_commit(
        tmp_path, capsys, installed):
    """requirements.txt pinned blogforge==0.1.0, on no package index: the first Actions run
    failed at pip install (and whoever took the name there would run code in every build)."""
    installed({"url": "https://github.com/writer/blogforge.git",
               "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"}})
    site = new_site(tmp_path)
    assert requirement_of(site) == (f"blogforge @ git+https://github.com/writer/blogforge.git"
                                    f"@{COMMIT}")
    assert "note:" not in capsys.readouterr().err


def clone(folder: Path, origin: str | None) -> str:
    """A git clone of blogforge's sources with one commit, `origin` as given: its commit."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(folder), *args], check=True,
                              capture_output=True, text=True).stdout.strip()

    folder.mkdir()
    git("init", "-q", "-b", "main")
    (folder / "pyproject.toml").write_text("[project]\nname = 'blogforge'\n")
    git("add", "-A")
    git("-c", "user.name=A", "-c", "user.email=a@b", "commit", "-q", "-m", "first")
    if origin is not None:
        git("remote", "add", "origin", origin)
    return git("rev-parse", "HEAD")


@pytest.mark.parametrize(("origin", "required"), [
    ("git@github.com:writer/blogforge.git", "https://github.com/writer/blogforge.git"),
    ("ssh://git@github.com/writer/blogforge.git", "https://github.com/writer/blogforge.git"),
    # (a token in the URL would be published with the site's repository)
    ("https://writer:ghp_secret@github.com/writer/blogforge", "https://github.com/writer/"
     "blogforge"),
])
def test_a_blogforge_installed_from_a_clone_is_required_from_its_origin_at_its_commit(
        tmp_path, capsys, installed, origin, required):
    import subprocess

    folder = tmp_path / "blogforge-src"
    commit = clone(folder, origin)
    installed({"url": folder.as_uri(), "dir_info": {"editable": True}})
    site = new_site(tmp_path)
    assert requirement_of(site) == f"blogforge @ git+{required}@{commit}"
    assert "secret" not in (site.root / "requirements.txt").read_text()
    # a commit no branch of origin holds (as far as the clone knows) is not there to install
    assert capsys.readouterr().err == (
        f"note: requirements.txt installs blogforge from {required} at {commit[:10]}, the "
        f"commit of your clone in {folder}, which no branch of origin holds as far as it "
        "knows: push it before your site's first Actions run, or that run cannot install "
        "blogforge\n")
    subprocess.run(["git", "-C", str(folder), "update-ref", "refs/remotes/origin/main", commit],
                   check=True)
    assert main(["new", "site", str(tmp_path / "pushed"), "--timezone", "UTC"]) == 0
    assert requirement_of(Site(tmp_path / "pushed")) == f"blogforge @ git+{required}@{commit}"
    assert "note:" not in capsys.readouterr().err


@pytest.mark.parametrize("how", ["index", "folder", "clone-without-origin", "local-origin",
                                 "archive", "bad-record"])
def test_when_where_blogforge_came_from_cannot_be_told_new_site_says_so(tmp_path, capsys,
                                                                        installed, how):
    from blogforge import __version__

    folder = tmp_path / "src"
    if how == "folder":
        folder.mkdir()
    elif how != "index":
        clone(folder, {"local-origin": str(tmp_path / "elsewhere.git")}.get(how))
    installed({"index": None, "archive": {"url": "file:///tmp/blogforge.whl",
                                          "archive_info": {}},
               "bad-record": {"url": 3, "vcs_info": "git"}}.get(how, {
                   "url": folder.as_uri(), "dir_info": {}}))
    site = new_site(tmp_path)
    assert requirement_of(site) == f"blogforge=={__version__}"
    assert capsys.readouterr().err == (
        f"note: requirements.txt names blogforge=={__version__}, and where this blogforge was "
        "installed from cannot be told: make that line say where your site's builds install "
        "it from (a version on your package index, or blogforge @ "
        "git+https://github.com/OWNER/REPO@COMMIT), or the first Actions run fails\n")


def test_new_site_refuses_a_folder_that_holds_files(tmp_path, capsys):
    folder = tmp_path / "blog"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    assert main(["new", "site", str(folder)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_new_site_below_a_file_says_which_file_is_in_the_way(tmp_path, capsys):
    # (`new site notes.txt/blog` ended in a traceback, NotADirectoryError, naming no file)
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["new", "site", str(tmp_path / "notes.txt" / "blog")]) == 1
    assert capsys.readouterr().err == (
        f"error: cannot write the site into {tmp_path / 'notes.txt' / 'blog'}: "
        f"{tmp_path / 'notes.txt'} is a file, not a folder\n")
    assert (tmp_path / "notes.txt").read_text() == "mine"

def test_new_site_in_the_current_folder_says_what_to_do_there(tmp_path, monkeypatch, capsys):
    """`blogforge new site .` in an empty folder, as a Hugo writer starts one: no `cd .`."""
    folder = tmp_path / "blog"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert main(["new", "site", "."]) == 0
    out = capsys.readouterr().out
    assert out.startswith("created the site in this folder (")
    assert "next: blogforge serve (fill in your GitHub user name" in out and "cd ." not in out
    assert "base_url: \"https://USER.github.io/blog/\"" in (folder / "site.yaml").read_text()


@pytest.mark.parametrize(("title", "slug"), [
    ("Attention Is All You Need", "attention-is-all-you-need"),
    ("76. 最小覆盖子串", "76-最小覆盖子串"),
    ("注意力机制：从 RNN 到 Transformer！", "注意力机制-从-rnn-到-transformer"),
    ("C# & C++ tips", "c-sharp-c++-tips"),
    ("p00500-contrastive", "p00500-contrastive"),  # a slug already: as it is
    ("-p00500-", "p00500"),
    ("2024-01-01-My-Post", "2024-01-01-my-post"),
    ("a--b", "a--b"),
    ("Über Attention", "über-attention"),  # capitals of every script, as Hugo's urlize
    ("İstanbul'da Makine Öğrenimi", "istanbul-da-makine-öğrenimi"),  # İ: no combining dot
])
def test_slug_from_title_is_readable(title, slug):
    assert slugify(title) == slug
    assert slugify(slug) == slug  # a slug is its own slug


def written_in(path: Path) -> None:
    """A new post written in: one of front matter alone is not published."""
    with path.open("a", encoding="utf-8") as file:
        file.write("Notes.\n")


def test_new_post_with_a_chinese_title(tmp_path, capsys):
    site = new_site(tmp_path)
    assert main(["new", "post", "76. 最小覆盖子串", "--source", str(site.root)]) == 0
    path = site.root / "content/posts/76-最小覆盖子串.md"
    assert "created" in capsys.readouterr().out
    front = yaml.safe_load(path.read_text().split("---")[1])
    assert front["title"] == "76. 最小覆盖子串" and front["lang"] == "zh"
    assert str(front["date"]).endswith("+08:00")  # the site's zone, Asia/Shanghai
    result = site.build(now=None)  # (not published before a word of it is written: said)
    assert [m.partition(": warning: ")[2][:30] for m in messages(result)] == [
        "no text below its front matter"]
    assert not site.exists("posts/76-最小覆盖子串/")
    written_in(path)
    result = site.build(now=None)
    assert messages(result) == []
    assert "76. 最小覆盖子串" in site.read("posts/76-最小覆盖子串/")


def test_new_post_english_bundle_in_a_series(tmp_path):
    site = new_site(tmp_path)
    assert main(["new", "post", "Attention Is All You Need", "--lang", "en", "--bundle",
                 "--series", "transformers", "--dir", "papers", "--source", str(site.root)]) == 0
    path = site.root / "content/posts/papers/attention-is-all-you-need/index.md"
    front = yaml.safe_load(path.read_text().split("---")[1])
    assert front["lang"] == "en" and front["series"] == "transformers"
    written_in(path)
    site.build(now=None)
    page = site.read("en/posts/papers/attention-is-all-you-need/")
    assert "Attention Is All You Need" in page and "series/transformers/" in page


def test_new_post_translation_is_paired_with_its_original(tmp_path):
    site = new_site(tmp_path)
    site.post("notes/kv.md", "KV 缓存", body="正文。\n", tags="[inference]",
              translationKey="kv-cache")
    assert main(["new", "post", "KV cache", "--translate", "content/posts/notes/kv.md",
                 "--source", str(site.root)]) == 0
    path = site.root / "content/posts/notes/kv.en.md"
    front = yaml.safe_load(path.read_text().split("---")[1])
    assert front["translationKey"] == "kv-cache" and front["lang"] == "en"
    assert front["tags"] == ["inference"]
    path.write_text(path.read_text() + "Body.\n")
    site.build(now=None)
    assert 'href="/blog/posts/notes/kv/"' in site.read("en/posts/notes/kv/")
    assert 'href="/blog/en/posts/notes/kv/"' in site.read("posts/notes/kv/")


def test_a_translation_without_a_title_starts_from_the_originals_marked_to_translate(
        tmp_path, capsys):
    site = new_site(tmp_path)
    site.post("kv.md", "KV 缓存与 $O(n^2)$", body="正文。\n", tags="[inference]")
    assert main(["new", "post", "--translate", "content/posts/kv.md",
                 "--source", str(site.root)]) == 0
    assert "(its title is the original's: translate it)" in capsys.readouterr().out
    path = site.root / "content/posts/kv.en.md"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[1] == \
        'title: "KV 缓存与 $O(n^2)$"  # the original\'s title: translate it (en)'
    front = yaml.safe_load(text.split("---")[1])
    assert front["title"] == "KV 缓存与 $O(n^2)$" and front["lang"] == "en"
    path.write_text(text + "Body.\n", encoding="utf-8")
    result = site.build(now=None)
    assert result.written and messages(result) == [], messages(result)
    assert "KV 缓存与" in site.read("en/posts/kv/")
    # a post of its own still needs one
    assert main(["new", "post", "--source", str(site.root)]) == 1
    assert "blogforge new post needs a title" in capsys.readouterr().err


@pytest.mark.parametrize("slug", [[], ["--slug", "min-window"]])
def test_a_translation_paired_by_its_name_stays_paired_when_both_are_renamed(tmp_path, slug):
    site = new_site(tmp_path)
    assert main(["new", "post", "最小覆盖子串", "--source", str(site.root)]) == 0
    assert main(["new", "post", "Minimum Window", "--translate", "content/posts/最小覆盖子串.md",
                 *slug, "--source", str(site.root)]) == 0
    posts = site.root / "content/posts"
    for name in ("最小覆盖子串.md", "最小覆盖子串.en.md"):
        path = posts / name
        path.write_text(path.read_text(encoding="utf-8") + "Text.\n", encoding="utf-8")
        path.rename(posts / name.replace("最小覆盖子串", "renamed"))
    result = site.build(now=None)
    assert result.written and messages(result) == [], messages(result)
    english = "en/posts/min-window/" if slug else "en/posts/renamed/"
    assert 'href="/blog/posts/renamed/" lang="zh-CN" hreflang="zh-CN">阅读中文版' in \
        site.read(english)
    assert f'href="/blog/{english}" lang="en" hreflang="en">Read in English' in \
        site.read("posts/renamed/")
    # (x.md + x.en.md pair by their names: no key of the old name is left behind)
    assert "translationKey" not in (posts / "renamed.en.md").read_text(encoding="utf-8")


def test_a_translation_that_exists_already_is_not_made_twice(tmp_path, capsys):
    """x.md is the Chinese of x.en.md: translating x.en.md into zh again names it, and makes
    no x.zh.md (a second Chinese version); so does translating x.md into en again."""
    site = new_site(tmp_path)
    site.post("x.md", "注意力", body="正文。\n")
    site.post("x.en.md", "Attention", body="Text.\n", lang="en")
    posts = site.root / "content/posts"
    before = sorted(posts.iterdir())
    for original, lang, existing in (("x.en.md", "zh", "x.md"), ("x.md", "en", "x.en.md")):
        assert main(["new", "post", "Again", "--translate", f"content/posts/{original}",
                     "--lang", lang, "--source", str(site.root)]) == 1
        err = capsys.readouterr().err
        assert f"content/posts/{existing} is already the `{lang}` translation of " in err
        assert f"content/posts/{original}; edit it" in err
    assert sorted(posts.iterdir()) == before
    # a file of that name in another language is no translation in this one
    site.post("y.md", "Y", body="Text.\n", lang="en")
    site.post("y.en.md", "Y", body="Text.\n", lang="en")
    assert main(["new", "post", "Y", "--translate", "content/posts/y.en.md", "--lang", "zh",
                 "--source", str(site.root)]) == 0
    assert (posts / "y.zh.md").is_file()


def test_a_version_paired_by_its_lang_line_or_key_is_not_made_twice(tmp_path, capsys,
                                                                     monkeypatch):
    """x.md saying `lang: en` is the English of x.zh.md, as the build pairs them: translating
    x.zh.md into en names x.md and writes no x.en.md (a second English version, which stopped
    the build); so does a version in another folder paired by its translationKey."""
    site = new_site(tmp_path)
    monkeypatch.chdir(site.root)  # (paths in messages are shown from the current folder)
    posts = site.root / "content/posts"
    assert main(["new", "post", "Transformers from scratch", "--lang", "en",
                 "--source", str(site.root)]) == 0
    assert main(["new", "post", "--translate", "content/posts/transformers-from-scratch.md",
                 "--source", str(site.root)]) == 0
    assert (posts / "transformers-from-scratch.zh.md").is_file()
    capsys.readouterr()
    assert main(["new", "post", "--translate", "content/posts/transformers-from-scratch.zh.md",
                 "--lang", "en", "--source", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert "content/posts/transformers-from-scratch.md is already the `en` translation of " \
        "content/posts/transformers-from-scratch.zh.md; edit it" in err, err
    assert not (posts / "transformers-from-scratch.en.md").exists()
    site.post("notes/kv.md", "KV 缓存", body="正文。\n", translationKey="kv")
    site.post("papers/kv-cache.md", "KV cache", body="Text.\n", lang="en",
              translationKey="kv")
    assert main(["new", "post", "--translate", "content/posts/notes/kv.md", "--lang", "en",
                 "--source", str(site.root)]) == 1
    assert "content/posts/papers/kv-cache.md is already the `en` translation of " in \
        capsys.readouterr().err
    assert not (posts / "notes/kv.en.md").exists()
    for path in posts.rglob("*.md"):  # (the made ones need a body to build without a warning)
        path.write_text(path.read_text(encoding="utf-8") + "Text.\n", encoding="utf-8")
    result = site.build(now=None)
    assert result.written and messages(result) == [], messages(result)


def test_a_translation_is_offered_only_into_languages_without_a_version(tmp_path, capsys,
                                                                        monkeypatch):
    """On a zh/en/ja site, --translate asks only for the languages the page lacks, takes the
    one left when one is, and says so when every language has a version."""
    site = new_site(tmp_path)
    config = site.root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "\n# Posts per listing page", "  ja:\n    title: ノート\n\n# Posts per listing page"),
        encoding="utf-8")
    site.post("测试.ja.md", "テスト", body="本文。\n")
    monkeypatch.chdir(site.root)
    translate = ["new", "post", "--translate", "content/posts/测试.ja.md",
                 "--source", str(site.root)]
    assert main(translate) == 1
    assert "say which language to translate it into with --lang (zh, en)" in \
        capsys.readouterr().err
    site.post("测试.md", "测试", body="正文。\n")
    assert main(translate) == 0  # (en: the one language left)
    assert "lang: en" in (site.root / "content/posts/测试.en.md").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(translate) == 1
    err = capsys.readouterr().err
    assert err == "error: content/posts/测试.ja.md has a version in every language of this " \
        "site already: zh (content/posts/测试.md), en (content/posts/测试.en.md), " \
        "ja (content/posts/测试.ja.md); edit the one to change\n"
    assert main([*translate, "--lang", "zh"]) == 1
    assert "content/posts/测试.md is already the `zh` translation" in capsys.readouterr().err
    assert sorted(p.name for p in (site.root / "content/posts").glob("测试*")) == \
        ["测试.en.md", "测试.ja.md", "测试.md"]


def test_new_page_makes_a_page_of_its_own_where_the_menu_can_link_it(tmp_path, capsys):
    """`hexo new page about` by habit: `blogforge new page 友链` was answered "did you mean
    `blogforge new post page`?", which made a post titled "page". It makes a page in content/,
    undated, in the site's language, at the URL its name gives, and says how to link it."""
    site = new_site(tmp_path)
    assert main(["new", "page", "友链", "--slug", "link", "--source", str(site.root)]) == 0
    said = capsys.readouterr().out
    assert "content/link.md" in said and "the page at link/" in said
    assert "{name: 友链, url: link/} under languages.zh.menu" in said
    assert yaml.safe_load((site.root / "content/link.md").read_text().split("---")[1]) == {
        "title": "友链", "lang": "zh"}
    assert main(["new", "page", "留言板", "--comments", "--source", str(site.root)]) == 0
    assert "the page at 留言板/ (--slug gives it a Latin URL name" in capsys.readouterr().out
    front = yaml.safe_load((site.root / "content/留言板.md").read_text().split("---")[1])
    assert front == {"title": "留言板", "lang": "zh", "comments": True}
    assert main(["new", "page", "Friends", "--lang", "en", "--slug", "link",
                 "--source", str(site.root)]) == 0
    assert (site.root / "content/link.en.md").is_file()  # (paired with link.md by its name)
    result = site.build(now=None)
    assert messages(result) == []
    assert "<h1>友链</h1>" in site.read("link/") and "<h1>留言板</h1>" in site.read("留言板/")
    assert "<h1>Friends</h1>" in site.read("en/link/")
    assert 'hreflang="en"' in site.read("link/")
    assert "友链" not in site.read("")  # (a page is not listed with the posts)


@pytest.mark.parametrize("title", ["FAQ: 常见问题", "*星标*", "A, B", "yes", "#1 关于"])
def test_new_page_suggests_a_menu_line_that_is_yaml_whatever_its_title(tmp_path, capsys,
                                                                       title):
    """`new page "FAQ: 常见问题"` suggested `{name: FAQ: 常见问题, url: …}`: pasted into
    site.yaml, no YAML (a `: ` in a flow mapping), or the wrong name (`*` an alias, `, ` two
    entries, `yes` true, `#` a comment)."""
    site = new_site(tmp_path)
    assert main(["new", "page", title, "--slug", "faq", "--source", str(site.root)]) == 0
    line = re.search(r"with (\{.*\}) under", capsys.readouterr().out).group(1)
    assert yaml.safe_load(line) == {"name": title, "url": "faq/"}, line


@pytest.mark.parametrize("kind", ["post", "page"])
def test_new_refuses_a_language_a_one_language_site_does_not_list(tmp_path, capsys, kind):
    """On a site whose site.yaml lists one language, `new post "Y" --lang fr` wrote `lang: fr`,
    which the next build stops at ("not one of this site's languages"): it is refused at once,
    saying where to add the language."""
    site = new_site(tmp_path, "--languages", "zh")
    before = sorted(site.root.rglob("*"))
    assert main(["new", kind, "Bonjour", "--lang", "fr", "--source", str(site.root)]) == 1
    assert capsys.readouterr().err == (
        "error: --lang fr: not one of this site's languages (zh): add it under `languages:` "
        "in site.yaml to write in it\n")
    assert sorted(site.root.rglob("*")) == before


@pytest.mark.parametrize(("argv", "said"), [
    (["标签", "--slug", "tags"], "error: tags/ is where the site's tag index is"),
    (["English", "--slug", "en"], "error: en/ is where the site's `en` pages' home is"),
    (["About"], "content/about.md already exists"),
    (["关于", "--lang", "fr"], "error: --lang fr: not one of this site's languages (zh, en)"),
])
def test_new_page_refuses_a_name_taken_or_a_language_the_site_lacks(tmp_path, capsys, argv,
                                                                    said):
    site = new_site(tmp_path)
    before = sorted(site.root.rglob("*"))
    assert main(["new", "page", *argv, "--source", str(site.root)]) == 1
    assert said in capsys.readouterr().err
    assert sorted(site.root.rglob("*")) == before


@pytest.mark.parametrize(("name", "said"), [
    ("posts", "error: a page named `posts` would make content/posts/ one page (a bundle) and "
              "unpublish what is in it; choose another URL name, e.g. --slug posts-page"),
    ("Posts", "would make content/posts/ one page"),
    ("notes", "would make content/notes/ one page"),
    ("index", "error: a page named `index` would make all of content/ one page"),
    ("_index", "would make all of content/ one page"),
    ("atom.xml", "error: /atom.xml is the site's Atom feed: a page there would clash with it; "
                 "choose another URL name, e.g. --slug atom-xml"),
    ("rss.xml", "/rss.xml is the site's RSS feed"),
    ("sitemap.xml", "/sitemap.xml is the site's sitemap"),
    ("404.html", "/404.html is the site's 404 page"),
    ("robots.txt", "/robots.txt is the site's robots file"),
    ("search-index", "e.g. --slug search-index-page"),
    ("logo.png", "/logo.png is static/logo.png"),
    ("nul", "error: `nul` names a device on Windows"),
    ("COM1", "`com1` names a device on Windows"),
    ("lpt9.md", "`lpt9.md` names a device on Windows"),
])
def test_new_page_refuses_a_name_that_would_break_the_site(tmp_path, capsys, name, said):
    """`new page posts` made every post a file of a bundle (built "(0 posts)"), `new page
    index` all of content/ one, `new page atom.xml` a folder where the feed goes (an error
    naming a staging file): each is refused, with a name that would do."""
    site = new_site(tmp_path)
    (site.root / "content/notes").mkdir()
    (site.root / "static").mkdir()
    (site.root / "static/logo.png").write_bytes(b"png")
    before = sorted(site.root.rglob("*"))
    assert main(["new", "page", name, "--source", str(site.root)]) == 1
    assert said in capsys.readouterr().err
    assert sorted(site.root.rglob("*")) == before


def test_new_post_never_replaces_a_file(tmp_path, capsys):
    site = new_site(tmp_path)
    path = site.root / "content/posts/hello.md"
    before = path.read_text()
    assert main(["new", "post", "Hello", "--source", str(site.root)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == before


def test_new_post_where_content_posts_is_a_file_says_which_file_is_in_the_way(tmp_path,
                                                                            capsys):
    # ("content/posts/title.md already exists" was said of a post that was not there)
    site = new_site(tmp_path)
    posts = site.root / "content/posts"
    for path in posts.iterdir():
        path.unlink()
    posts.rmdir()
    posts.write_text("mine")
    assert main(["new", "post", "Title", "--source", str(site.root)]) == 1
    assert capsys.readouterr().err == (
        f"error: cannot write {posts / 'title.md'}: {posts} is a file, not a folder\n")
    assert posts.read_text() == "mine"


def test_a_long_title_gives_the_start_of_it_as_the_url_name_and_a_long_slug_an_error(
        tmp_path, capsys):
    """88 Chinese characters are 264 bytes: more than a file name holds (a traceback)."""
    site = new_site(tmp_path)
    title = "深度学习中的注意力机制" * 8
    assert main(["new", "post", title, "--source", str(site.root)]) == 0
    assert "--slug chooses" in capsys.readouterr().out
    (path,) = (site.root / "content/posts").glob("深度*.md")
    assert path.stem == title[:60]
    words = "Why attention works so well for long sequences of tokens in language models"
    assert main(["new", "post", words, "--source", str(site.root)]) == 0
    assert (site.root / "content/posts/why-attention-works-so-well-for-long-sequences-of-tokens-in"
            ".md").is_file()  # (cut where a word ends)
    assert main(["new", "post", "x", "--slug", "a" * 300, "--source", str(site.root)]) == 1
    assert "--slug is 300 bytes long" in capsys.readouterr().err
    written_in(path)
    result = site.build(now=None)
    assert result.written and title in site.read(f"posts/{title[:60]}/")


@pytest.mark.parametrize(("given", "created", "title"), [
    ("posts/my-first-post.md", "content/posts/my-first-post.md", "My first post"),
    ("content/posts/leetcode/76-最小覆盖子串.md", "content/posts/leetcode/76-最小覆盖子串.md",
     "76 最小覆盖子串"),
    ("posts/flow_matching/index.md", "content/posts/flow_matching/index.md", "Flow matching"),
    ("BERT-vs-GPT.md", "content/posts/bert-vs-gpt.md", "BERT vs GPT"),
])
def test_new_post_given_a_path_makes_that_file_titled_by_its_name(tmp_path, capsys, given,
                                                                  created, title):
    """Hugo's `hugo new posts/x.md`, which blogforge's hint for `blogforge new posts/x.md`
    offers as `blogforge new post posts/x.md`, made content/posts/posts-x.md.md titled
    "posts/x.md"."""
    site = new_site(tmp_path)
    assert main(["new", "post", given, "--source", str(site.root)]) == 0
    assert f"/blog/{created}" in capsys.readouterr().out
    front = yaml.safe_load((site.root / created).read_text().split("---")[1])
    assert front["title"] == title
    assert not list((site.root / "content/posts").rglob("*.md.md"))


def test_new_post_given_a_path_is_refused_a_windows_device_or_a_case_twin(tmp_path, capsys):
    site = new_site(tmp_path)
    before = sorted(p.relative_to(site.root) for p in site.root.rglob("*"))
    assert main(["new", "post", "posts/aux.md", "--source", str(site.root)]) == 1
    assert "`aux` names a device on Windows" in capsys.readouterr().err
    assert main(["new", "post", "posts/con/x.md", "--source", str(site.root)]) == 1
    assert "`con` names a device on Windows" in capsys.readouterr().err
    assert main(["new", "post", "../x.md", "--source", str(site.root)]) == 1
    assert "leaves content/posts/" in capsys.readouterr().err
    assert sorted(p.relative_to(site.root) for p in site.root.rglob("*")) == before
    (site.root / "content/posts/Attention.md").write_text("---\ntitle: A\n---\n\nA.\n")
    assert main(["new", "post", "posts/attention.md", "--source", str(site.root)]) == 1
    assert "is at that URL already" in capsys.readouterr().err


def test_new_post_title_with_a_slash_stays_a_title(tmp_path, capsys):
    site = new_site(tmp_path)
    assert main(["new", "post", "TCP/IP 详解", "--source", str(site.root)]) == 0
    (path,) = (site.root / "content/posts").glob("tcp*.md")
    assert yaml.safe_load(path.read_text().split("---")[1])["title"] == "TCP/IP 详解"


def test_new_post_outside_a_site_says_what_to_do(tmp_path, capsys):
    assert main(["new", "post", "x", "--source", str(tmp_path)]) == 1
    assert "no content/ folder" in capsys.readouterr().err


def test_a_translation_keeps_the_dots_of_its_originals_name(tmp_path):
    site = new_site(tmp_path)
    assert main(["new", "post", "PyTorch 2.0 新特性", "--source", str(site.root)]) == 0
    assert main(["new", "post", "What's new in PyTorch 2.0", "--translate",
                 "content/posts/pytorch-2.0-新特性.md", "--source", str(site.root)]) == 0
    assert (site.root / "content/posts/pytorch-2.0-新特性.en.md").is_file()
    written_in(site.root / "content/posts/pytorch-2.0-新特性.en.md")
    site.build(now=None)
    assert "What's new in PyTorch 2.0" in site.read("en/posts/pytorch-2.0-新特性/")


@pytest.mark.parametrize(("option", "value", "created"), [
    ("--slug", "../../../outside", "content/posts/outside.md"),
    ("--slug", "../about-2", "content/posts/about-2.md"),
])
def test_new_post_slug_never_leaves_the_posts_folder(tmp_path, option, value, created):
    site = new_site(tmp_path)
    assert main(["new", "post", "x", option, value, "--source", str(site.root)]) == 0
    assert (site.root / created).is_file()
    assert not (tmp_path / "outside.md").exists()
    assert not (site.root / "content/about-2.md").exists()


def test_new_post_dir_outside_the_posts_folder_is_refused(tmp_path, capsys):
    site = new_site(tmp_path)
    before = sorted(p.relative_to(site.root) for p in site.root.rglob("*"))
    assert main(["new", "post", "z", "--dir", "../drafts", "--source", str(site.root)]) == 1
    assert "--dir ../drafts leaves content/posts/" in capsys.readouterr().err
    assert sorted(p.relative_to(site.root) for p in site.root.rglob("*")) == before


@pytest.mark.parametrize(("folder", "repository"), [("ML Notes", "ML-Notes"),
                                                     ("notes #1", "notes-1"),
                                                     ("notes: x", "notes-x")])
def test_new_site_names_its_base_url_as_github_names_the_repository(tmp_path, folder,
                                                                    repository):
    assert main(["new", "site", str(tmp_path / folder), "--timezone", "UTC"]) == 0
    site = Site(tmp_path / folder)
    config = yaml.safe_load((site.root / "site.yaml").read_text())
    assert config["base_url"] == f"https://USER.github.io/{repository}/"
    result = site.build(now=None)
    assert result.written and messages(result) == []
    assert f'href="https://USER.github.io/{repository}/"' in site.read("")


@pytest.mark.parametrize(("lang", "written", "code", "languages"), [
    ("zh-TW", "zh-TW", "zh-Hant", "zh-Hant: {}"), ("zh_hk", "zh-HK", "zh-Hant", "zh-Hant: {}"),
    ("zh-CN", "zh-CN", "zh", "zh-Hant: {}"), ("EN", "en", "en", "zh-Hant: {}"),
    ("zh-hant", "zh-Hant", "zh-Hant", "zh-Hant: {}"), ("zh-TW", "zh-TW", "zh", "ja: {}")])
def test_new_post_takes_a_lang_tag_as_the_site_language_it_names(tmp_path, capsys, lang,
                                                                 written, code, languages):
    """`--lang zh-TW` was "not one of this site's languages" on a site with zh-Hant: it is
    that language, as a post's `lang: zh-TW` is; and it is written as given (it was written
    `lang: zh` on a zh + en site, and the page lost Taiwan's tag)."""
    site = new_site(tmp_path)
    (site.root / "site.yaml").write_text(f"languages: {{zh: {{}}, en: {{}}, {languages}}}\n")
    assert main(["new", "post", "T", "--lang", lang, "--source", str(site.root)]) == 0
    path = site.root / "content/posts/t.md"
    assert f"\nlang: {written}\n" in path.read_text()
    assert "error" not in capsys.readouterr().err
    path.write_text(path.read_text() + "正文。\n")
    site.build(now=None)
    prefix = "" if code == "zh" else f"{code}/"
    assert '<h1 id="post-title"' in site.read(f"{prefix}posts/t/")


@pytest.mark.parametrize(("lang", "hint"), [
    ("cn", ": did you mean --lang zh?"),
    ("fr", ": add it under `languages:` in site.yaml to write in it")])
def test_new_post_with_a_lang_the_site_lacks_names_the_one_meant(tmp_path, capsys, lang, hint):
    site = new_site(tmp_path)
    capsys.readouterr()
    assert main(["new", "post", "T", "--lang", lang, "--source", str(site.root)]) == 1
    assert capsys.readouterr().err == (f"error: --lang {lang}: not one of this site's languages "
                                       f"(zh, en){hint}\n")
    assert not (site.root / "content/posts/t.md").exists()


def test_a_builds_staging_folder_beside_the_output_is_not_shown_to_git(tmp_path):
    """`git status` listed `.public.blogforge-staging-4242/` (a build running, or killed and
    not yet cleaned up by the next) and `.public.blogforge-removed-*` among the site's files."""
    import subprocess

    site = new_site(tmp_path, "--title", "我的笔记")
    for name in (".public.blogforge-staging-4242", ".public.blogforge-removed-0-4242",
                 ".site.blogforge-previous-7"):
        (site.root / name).mkdir()
        (site.root / name / "index.html").write_text("x", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(site.root)], check=True)
    status = subprocess.run(["git", "-C", str(site.root), "status", "--porcelain",
                             "--untracked-files=all"], capture_output=True, text=True,
                            check=True).stdout
    assert "blogforge-" not in status and "site.yaml" in status, status


# What editors and file managers leave beside a writer's files, as they name them
DROPPINGS = [".DS_Store", "._a.md", "Thumbs.db", "desktop.ini", ".directory", "a.md~",
             ".a.md.swp", ".a.md.swx", "4913", "#a.md#", ".#a.md", "a.md___jb_tmp___",
             "~$paper.docx", "a.md.tmp", "a.md.bak", "a.md.orig", ".a.md.swo", ".a.md.swn",
             ".a.md.kate-swp", ".goutputstream-Q2X8Z1"]


def test_a_new_sites_git_ignores_what_editors_and_file_managers_leave(tmp_path):
    """`git status` listed `.DS_Store`, vim's `.a.md.swp`, `a.md~` among the site's files (and
    deploy asked for them to be committed): the new site's .gitignore leaves out what the
    build leaves out."""
    import subprocess

    from blogforge.scratch_files import is_editor_file

    site = new_site(tmp_path)
    subprocess.run(["git", "init", "-q", str(site.root)], check=True)
    for folder in ("", "content/posts/", "static/img/"):
        for name in DROPPINGS:
            assert is_editor_file(name), name  # (what the build leaves out)
            site.write(folder + name, "x")
    status = subprocess.run(["git", "-C", str(site.root), "status", "--porcelain",
                             "--untracked-files=all"], capture_output=True, text=True,
                            check=True).stdout
    shown = [line[3:] for line in status.splitlines()]
    assert "content/posts/hello.md" in shown
    assert not [path for path in shown if path.rsplit("/", 1)[-1] in DROPPINGS], status


def test_a_new_sites_git_ignores_its_output_and_cache_only_at_its_top(tmp_path):
    """`public/` in .gitignore hid content/posts/x/public/chart.png too: published by every
    build, in no commit, so a clone (the Actions runner) built a site without it."""
    import subprocess

    site = new_site(tmp_path)
    subprocess.run(["git", "init", "-q", str(site.root)], check=True)
    for rel in ("public/index.html", ".blogforge-cache/cache.sqlite",
                "content/posts/x/public/chart.png", "static/.blogforge-cache/a.txt"):
        site.write(rel, "x")
    status = subprocess.run(["git", "-C", str(site.root), "status", "--porcelain",
                             "--untracked-files=all"], capture_output=True, text=True,
                            check=True).stdout
    shown = {line[3:] for line in status.splitlines()}
    assert {"content/posts/x/public/chart.png", "static/.blogforge-cache/a.txt"} <= shown
    assert not [path for path in shown if path.startswith(("public/", ".blogforge-cache/"))]


def test_new_site_says_when_the_machines_tz_names_no_zone(tmp_path, capsys, monkeypatch):
    """`TZ=CST-8` (POSIX's rule for China) was passed over for UTC without a word: every
    first post was then dated 8 hours off."""
    monkeypatch.setenv("TZ", "CST-8")
    assert main(["new", "site", str(tmp_path / "s")]) == 0
    err = capsys.readouterr().err
    zone = re.search(r"^timezone: (\S+)$", (tmp_path / "s/site.yaml").read_text("utf-8"), re.M)
    assert err.startswith("note: TZ=CST-8 names no time zone blogforge can keep (a place's, "
                          f"such as Asia/Shanghai); the site's timezone is {zone.group(1)}: "
                          "change it in site.yaml or pass --timezone"), err
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert main(["new", "site", str(tmp_path / "t")]) == 0
    assert "note:" not in capsys.readouterr().err


@pytest.fixture
def on_windows(monkeypatch, tmp_path):
    """A computer whose zone no TZ nor /etc file names (Windows keeps it in its registry)."""
    from blogforge.commands import new

    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(new, "ZONE_FILES", (str(tmp_path / "none"), str(tmp_path / "none")))
    return monkeypatch


def test_new_site_on_windows_takes_the_zone_the_system_keeps(tmp_path, capsys, on_windows):
    """On Windows the site was given UTC without a word: a post dated in Beijing's evening
    was held back as in the future, its feed time 8 hours off. The zone Windows keeps (read
    by tzlocal, which knows its IANA name) is the site's."""
    import tzlocal

    on_windows.setattr(tzlocal, "get_localzone_name", lambda: "Asia/Shanghai")
    assert main(["new", "site", str(tmp_path / "s")]) == 0
    assert "timezone: Asia/Shanghai\n" in (tmp_path / "s/site.yaml").read_text("utf-8")
    assert "note:" not in capsys.readouterr().err


def test_new_site_says_when_no_zone_can_be_told(tmp_path, capsys, on_windows):
    import tzlocal

    def unknown() -> str:
        raise LookupError("no zone")  # (tzlocal's own errors are of its versions)

    on_windows.setattr(tzlocal, "get_localzone_name", unknown)
    assert main(["new", "site", str(tmp_path / "s")]) == 0
    assert "timezone: UTC\n" in (tmp_path / "s/site.yaml").read_text("utf-8")
    assert capsys.readouterr().err == (
        "note: this computer's time zone could not be told; the site's timezone is UTC: "
        "change it in site.yaml (Asia/Shanghai, …) or pass --timezone\n")


def test_new_site_workflow_says_how_to_publish_future_posts_on_their_day(tmp_path):
    """A post dated in the future appeared only after the next push: the workflow says how
    to build daily, and doing what it says (removing the `#`) gives a valid schedule."""
    site = new_site(tmp_path)
    text = (site.root / ".github/workflows/pages.yml").read_text()
    assert "schedule" not in yaml.safe_load(text)[True]  # (YAML 1.1 reads `on` as true)
    # done literally: the first `#` of each of the two lines after the one that says so goes
    # (`   schedule:`, a space further in than `push:`, was a key of workflow_dispatch)
    lines = text.splitlines(keepends=True)
    told = next(i for i, line in enumerate(lines) if "remove the `#` of the two lines" in line)
    end = next(i for i in range(told, len(lines)) if not lines[i].lstrip().startswith("#"))
    for i in (end - 2, end - 1):  # (the comment's last two lines)
        assert lines[i].lstrip().startswith("#"), lines[i]
        lines[i] = lines[i].replace("#", "", 1)
    on = yaml.safe_load("".join(lines))[True]
    assert list(on) == ["push", "workflow_dispatch", "schedule"], on
    assert on["schedule"] == [{"cron": "5 16 * * *"}] and on["workflow_dispatch"] is None


def test_a_translation_takes_the_originals_date_and_its_place_in_the_feed(tmp_path):
    """A translation of an old post is that post in another language: dated today, it went to
    the top of the other language's feed and to the end of a series ordered by date."""
    site = new_site(tmp_path)
    site.post("old.md", "旧文", body="正文。\n", date="2023-05-01T09:30:00+08:00",
              series="basics")
    site.post("newer.md", "新文", body="正文。\n", date="2024-02-01T09:30:00+08:00",
              series="basics")
    site.post("newer.en.md", "Newer", body="Text.\n", date="2024-02-01T09:30:00+08:00",
              series="basics")
    assert main(["new", "post", "Old one", "--translate", "content/posts/old.md",
                 "--source", str(site.root)]) == 0
    path = site.root / "content/posts/old.en.md"
    text = path.read_text(encoding="utf-8")
    assert "date: 2023-05-01T09:30:00+08:00  # the original's date" in text.splitlines()
    path.write_text(text + "Text.\n", encoding="utf-8")
    site.build(now=None)
    feed = site.read("en/atom.xml")
    assert feed.index("Newer") < feed.index("Old one")
    assert "2023-05-01" in site.read("en/posts/old/")


def test_a_translation_of_a_post_without_a_date_is_dated_now(tmp_path):
    site = new_site(tmp_path)
    (site.root / "content/posts/undated.md").write_text("---\ntitle: 无日期\n---\n\n正文。\n",
                                                        encoding="utf-8")
    assert main(["new", "post", "Undated", "--translate", "content/posts/undated.md",
                 "--source", str(site.root)]) == 0
    text = (site.root / "content/posts/undated.en.md").read_text(encoding="utf-8")
    date_line = next(line for line in text.splitlines() if line.startswith("date:"))
    assert "original" not in date_line and date_line[6:10].isdigit()


def test_new_sites_yaml_says_where_the_workflow_takes_a_custom_domain_from(tmp_path):
    """Its comment said to name a custom domain in `cname:`, which only `blogforge deploy`
    writes to a CNAME file: the site's own workflow published at user.github.io all the same,
    without a word."""
    site = new_site(tmp_path)
    written = (site.root / "site.yaml").read_text(encoding="utf-8")
    comment = written[:written.index("# cname: blog.example.com")].rsplit("\n\n", 1)[1]
    assert "Settings → Pages → Custom domain" in comment and "pages.yml" in comment
    assert "`cname` here and a CNAME file are not used" in comment


@pytest.mark.parametrize(("written", "kept"), [("2026-10-01 10:00", "2026-10-01T10:00:00+08:00"),
                                               ("2026-10-01 20:30", "2026-10-01T20:30:00+08:00")])
def test_a_translation_keeps_the_originals_date_in_the_sites_time_zone(tmp_path, written, kept):
    """A date written without an offset is in the site's `timezone`: the translation's was read
    in UTC (10:00 in Asia/Shanghai became 18:00, and a post of 20:30 the next day's)."""
    site = new_site(tmp_path)
    (site.root / "content/posts/gnn.md").write_text(
        f"---\ntitle: 图神经网络\ndate: {written}\n---\n\n正文。\n", encoding="utf-8")
    assert main(["new", "post", "GNN", "--translate", "content/posts/gnn.md",
                 "--source", str(site.root)]) == 0
    text = (site.root / "content/posts/gnn.en.md").read_text(encoding="utf-8")
    assert f"date: {kept}  # the original's date" in text.splitlines()


def test_new_post_and_page_on_a_site_of_english_posts_that_declares_no_language_are_english(
        tmp_path, capsys):
    """A site.yaml without `languages:` is in its posts' language: `new post` wrote `lang: zh`
    on a site of English posts, and the next build made it Chinese-first, every English page
    moved to /en/. The new files are in the language the build gives the site."""
    site = Site(tmp_path / "blog")
    site.write("site.yaml", 'title: "Plain English"\nbase_url: "https://me.github.io/blog/"\n')
    site.post("hello.md", "Hello", body="An English post about gradient descent and its steps.\n")
    assert main(["new", "post", "Second Post", "--source", str(site.root)]) == 0
    assert "\nlang: en\n" in (site.root / "content/posts/second-post.md").read_text()
    assert main(["new", "page", "Now", "--source", str(site.root)]) == 0
    assert "under languages.en.menu" in capsys.readouterr().out
    assert "\nlang: en\n" in (site.root / "content/now.md").read_text()
    with (site.root / "content/posts/second-post.md").open("a", encoding="utf-8") as post:
        post.write("A second English post, about learning rates.\n")  # (an empty one is held)
    site.build(now=None)
    assert '<html lang="en"' in site.read("")
    assert site.exists("posts/second-post/index.html") and not site.exists("en")


@pytest.mark.parametrize(("languages", "title", "file", "lang", "said"), [
    ("{zh: {}, ja: {}}", "自己注意の仕組み", "自己注意の仕組み", "ja",
     "(in `ja`, told by its title"),
    ("{en: {}, zh: {}}", "注意力机制", "注意力机制", "zh", "(in `zh`, told by its title"),
    ("{zh: {}, en: {}}", "Attention Is All You Need", "attention-is-all-you-need", "en",
     "(in `en`, told by its title"),
    ("{zh: {}, ko: {}}", "어텐션 메커니즘", "어텐션-메커니즘", "ko", "(in `ko`, told by its title"),
    ("{zh: {}, en: {}}", "76. 最小覆盖子串", "76-最小覆盖子串", "zh", ""),  # the default: said not
    ("{zh: {}, ja: {}}", "Transformer", "transformer", None,
     "its title does not tell its language: no `lang:` written"),
])
def test_new_post_is_in_the_language_its_title_is_written_in(tmp_path, capsys, languages, title,
                                                              file, lang, said):
    """`new post "自己注意の仕組み"` on a zh + ja site wrote `lang: zh`, and `new post "注意力机制"`
    on an en + zh site `lang: en`: a `lang:` turns the build's reading of the text off, so a
    Japanese post was published as Chinese. The title's script tells the language among the
    site's; a title that tells none gets no `lang:` (the build reads the text), and either is
    said."""
    site = Site(tmp_path / "blog")
    site.write("site.yaml", f"title: T\nlanguages: {languages}\n")
    (site.root / "content").mkdir()
    assert main(["new", "post", title, "--source", str(site.root)]) == 0
    text = (site.root / f"content/posts/{file}.md").read_text()
    written = re.search(r"^lang: (.*)$", text, re.M)
    assert (written and written.group(1)) == lang
    out = capsys.readouterr().out
    assert said in out if said else "told by its title" not in out


def test_new_posts_help_says_its_language_is_the_one_its_title_is_written_in(capsys):
    """`--lang`'s help said the default was the site's default, where a title in Latin
    letters on a Chinese-first site makes an English post (above): a writer reading the help
    passed `--lang en` for nothing, or did not expect the `en` post."""
    with pytest.raises(SystemExit):
        main(["new", "post", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert ("--lang LANG the post's language (default: the one its title is written in among "
            "the site's, e.g. en for \"Attention\" on a zh + en site; none when the title does "
            "not tell, and the build reads the text; with --translate, the other language)"
            ) in said


def test_translating_on_a_one_language_site_says_how_to_add_a_language(tmp_path, capsys):
    """On an English-only site `--translate` of an English post said "say which language to
    translate it into with --lang (e.g. en)": the site has no other language to give."""
    site = Site(tmp_path / "blog")
    site.write("site.yaml", "title: T\nlanguages:\n  en: {title: T}\n")
    site.post("hello.md", "Hello", body="An English post.\n")
    assert main(["new", "post", "--translate", "content/posts/hello.md",
                 "--source", str(site.root)]) == 1
    assert capsys.readouterr().err == (
        "error: this site has one language, `en`, and a translation needs a second: add it "
        "under `languages:` in site.yaml (e.g. `zh: {title: …}` after `en:`), then translate "
        "with --lang zh\n")
    assert [p.name for p in (site.root / "content/posts").iterdir()] == ["hello.md"]


def test_a_new_site_with_its_samples_deleted_builds_without_a_word(tmp_path):
    """site.yaml labelled the samples' tag `notes`: once they were deleted, the workflow's
    `build --strict` failed the first real push ("`tags` labels `notes`, which no post
    names"). Labels are shown as an example to copy, not given for a sample's tag."""
    site = new_site(tmp_path)
    for sample in ("hello.md", "hello.en.md"):
        (site.root / "content/posts" / sample).unlink()
    site.post("76.md", "76. 最小覆盖子串", body="滑动窗口。\n", lang="zh")
    result = site.build(now=None)
    assert messages(result) == []
    assert "# tags:" in (site.root / "site.yaml").read_text()  # (how to label one, said)


def test_new_site_in_english_alone_has_english_samples_linking_nothing_deleted(tmp_path):
    """`new site` could only make a Chinese-first site: made English-only by hand, its English
    sample linked the deleted Chinese one (`build --strict` failed) and the workflow spoke of
    00:05 in China. `--languages en` writes an English site: its settings, samples, and the
    daily build's hour in the site's zone."""
    site = new_site(tmp_path, "--languages", "en", "--timezone", "Europe/London")
    config = yaml.safe_load((site.root / "site.yaml").read_text())
    assert config["default_language"] == "en" and list(config["languages"]) == ["en"]
    assert sorted(p.relative_to(site.root / "content").as_posix()
                  for p in (site.root / "content").rglob("*.md")) == ["about.md",
                                                                      "posts/hello.md"]
    result = site.build(now=None)
    assert messages(result) == []
    assert '<html lang="en"' in site.read("") and "Hello, world" in site.read("posts/hello/")
    assert "Chinese" not in site.read("posts/hello/") and not site.exists("en")
    workflow = (site.root / ".github/workflows/pages.yml").read_text()
    assert "China" not in workflow and "is 00:05 in Europe/London" in workflow


def test_new_site_english_first_puts_chinese_in_its_folder_paired(tmp_path, capsys):
    site = new_site(tmp_path, "--languages", "en,zh")
    assert "content/posts/hello.zh.md" in capsys.readouterr().out
    result = site.build(now=None)
    assert messages(result) == []
    assert '<html lang="en"' in site.read("") and "Hello, world" in site.read("posts/hello/")
    assert "你好，世界" in site.read("zh/posts/hello/") and site.read("zh/about/")
    assert 'hreflang="zh' in site.read("posts/hello/")


def test_new_site_refuses_languages_its_samples_are_not_written_in(tmp_path, capsys):
    assert main(["new", "site", str(tmp_path / "blog"), "--languages", "en,fr"]) == 1
    assert "error: --languages en,fr: a new site's samples are written in zh and en" \
        in capsys.readouterr().err
    assert not (tmp_path / "blog").exists()


def test_new_site_says_how_to_go_into_a_folder_whose_name_has_spaces(tmp_path, monkeypatch,
                                                                     capsys):
    """`new site "my blog 博客"` said `next: cd my blog 博客 && blogforge serve`, which no shell
    runs as meant: the folder is quoted."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "site", "my blog 博客"]) == 0
    assert "next: cd 'my blog 博客' && blogforge serve" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "said"), [
    (["CON"], "error: `con` names a device on Windows"),
    (["NUL.txt"], "error: `nul.txt` names a device on Windows"),
    (["x", "--bundle", "--slug", "PRN"], "error: `prn` names a device on Windows"),
    (["y", "--dir", "aux"], "error: `aux` names a device on Windows"),
    (["attention"], "error: content/posts/Attention.md is at that URL already"),
    (["Leetcode 1", "--dir", "hello"], "error: --dir hello: content/posts/hello/ is the folder "
                                       "of content/posts/hello.md's pictures and files"),
])
def test_new_post_refuses_a_name_that_would_break_the_site(tmp_path, capsys, monkeypatch, argv,
                                                           said):
    """`new post CON` wrote a file Windows cannot hold (new page refused it), `new post
    attention` beside Attention.md a second page at its URL (the build failed), and `--dir
    hello` beside hello.md a post in hello.md's folder of files, never published."""
    site = new_site(tmp_path)
    site.post("Attention.md", "Attention", body="x\n")
    before = sorted(site.root.rglob("*"))
    monkeypatch.chdir(site.root)
    assert main(["new", "post", *argv]) == 1
    assert said in capsys.readouterr().err
    assert sorted(site.root.rglob("*")) == before


def test_a_new_sites_sharing_picture_and_verification_are_one_uncommenting_away(tmp_path):
    """A writer who shares links and submits the site to search consoles finds both settings
    in the site.yaml `new site` writes, commented out, and they work as written there."""
    site = new_site(tmp_path)
    config = site.root / "site.yaml"
    written = config.read_text(encoding="utf-8")
    assert "# image: og.png\n" in written and "# verification: {google: CODE," in written
    config.write_text(written.replace("# image: og.png", "image: og.png").replace(
        "# verification: {", "verification: {"), encoding="utf-8")
    site.write("static/og.png", raw=b"\x89PNG\r\n\x1a\n")
    result = site.build(now=None)
    assert result.written and messages(result) == []
    head = site.read("about/").split("</head>")[0]
    assert '<meta property="og:image" content="https://USER.github.io/blog/og.png">' in head
    assert '<meta name="baidu-site-verification" content="CODE">' in head


def test_new_post_dir_in_other_capitals_writes_into_the_folder_there(tmp_path, capsys,
                                                                      monkeypatch):
    """`--dir ml` beside content/posts/ML/ made a second folder, ml/, which Windows and macOS
    take for ML/ and whose posts share its pages' URLs (/posts/ml/…): the same title given
    again with `--dir ML` made the twin of the first, and the build failed. The post goes
    into ML/, where the same title is then refused."""
    site = new_site(tmp_path)
    site.post("ML/vae.md", "VAE", body="x\n")
    monkeypatch.chdir(site.root)
    assert main(["new", "post", "Hello there", "--dir", "ml/Deep"]) == 0
    out = capsys.readouterr().out
    assert (site.root / "content/posts/ML/Deep/hello-there.md").is_file(), out
    assert not (site.root / "content/posts/ml").exists()
    assert "content/posts/ML/" in out
    assert main(["new", "post", "Hello there", "--dir", "ML/deep"]) == 1
    assert "already exists" in capsys.readouterr().err
