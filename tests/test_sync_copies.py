"""The copies a sync service (Dropbox, Syncthing, iCloud, OneDrive, an Obsidian vault) leaves
beside a post it could not merge are not published: each is said, naming its original."""

from __future__ import annotations

import pytest
from conftest import messages

FRONT = "---\ntitle: 注意力机制\ndate: 2024-05-01\n---\n"


@pytest.mark.parametrize("name", [
    "attention (conflicted copy 2024-05-01).md",
    "attention (Alice's conflicted copy 2024-05-01).md",
    "attention (conflicted copy 2024-05-01 123456).md",
    "attention.sync-conflict-20240501-123456-ABCDEFG.md",
])
def test_a_sync_services_conflict_copy_is_never_published(site, name):
    site.write(f"content/posts/{name}", FRONT + "旧的正文。\n")  # (its original need not be there)
    site.post("other.md", "Other")
    result = site.build()
    assert result.written
    assert "旧的正文" not in site.read("") and "旧的正文" not in site.read("atom.xml")
    assert f"content/posts/{name}: warning: not published: a copy a sync service made of " \
           "attention.md when two edits of it clashed; merge what it holds into attention.md " \
           "and delete it" in messages(result)


@pytest.mark.parametrize("name", [
    "attention 2.md", "attention (1).md", "attention-DESKTOP-AB12CD.md", "attention.Conflict.md",
    # (helper-145) Google Drive's and Colab's "Make a copy" (English, Chinese), Windows
    # Explorer's copy in the same folder (English, Chinese), Finder's Duplicate (both)
    "Copy of attention.md", "attention 的副本.md", "attention的副本.md",
    "attention - Copy.md", "attention - Copy (2).md", "attention - 副本.md",
    "attention copy.md", "attention copy 2.md", "attention 副本.md", "attention 副本 2.md",
])
def test_a_duplicate_beside_its_original_under_its_title_is_not_published(site, name):
    site.write("content/posts/attention.md", FRONT + "新的正文。\n")
    site.write(f"content/posts/{name}", FRONT + "旧的正文。\n")
    result = site.build()
    assert result.written
    home = site.read("")
    assert "新的正文" in home and "旧的正文" not in home and home.count("注意力机制</a>") == 1
    assert any(m.startswith(f"content/posts/{name}: warning: not published: by its name, "
                            "title and date, a copy of attention.md") for m in messages(result))


def test_a_sequel_a_next_week_a_translation_or_a_lone_name_is_a_post(site):
    """helper-141: `flash-EN.md`, the English of `flash.md` under the same title (LoRA, VAE,
    DDPM are titled alike in both languages), was taken for OneDrive's copy."""
    site.write("site.yaml", "languages:\n  zh: {}\n  en: {}\n")
    site.post("transformer.md", "Transformer")
    site.post("transformer 2.md", "Transformer, part two")
    site.post("week (1).md", "Week one")
    site.post("周报.md", "周报", date="2024-05-01")
    site.post("周报 2.md", "周报", date="2024-05-08")
    site.post("flash.md", "FlashAttention", lang="zh", translationKey="fa")
    site.post("flash-EN.md", "FlashAttention", lang="en", translationKey="fa")
    site.post("git.Conflict.md", "Resolving a git conflict", lang="zh")
    result = site.build()
    assert result.written and not [m for m in messages(result) if "not published" in m]
    for page in ("posts/transformer-2/", "posts/week-1/", "posts/周报-2/", "en/posts/flash-en/",
                 "posts/git.conflict/"):
        assert site.exists(page), page


def test_a_bundles_conflict_copy_is_no_second_page_at_its_url(site):
    """It was an error: "two pages at the URL /posts/b/ … give one of them another slug"."""
    site.write("content/posts/b/index.md", "---\ntitle: B\ndate: 2024-05-01\n---\nNew.\n")
    site.write("content/posts/b/index.sync-conflict-20240501-123456-ABCDEFG.md",
               "---\ntitle: B\ndate: 2024-05-01\n---\nOld.\n")
    result = site.build()
    assert result.written, messages(result)
    assert "New." in site.read("posts/b/")


def test_a_post_icloud_has_not_downloaded_is_said_missing(site):
    """iCloud keeps `.attention.md.icloud` in place of a file it has not downloaded: the post
    was silently missing from a laptop's build and deploy."""
    site.post("other.md", "Other")
    site.write("content/posts/.attention.md.icloud", raw=b"bplist00\x00")
    result = site.build()
    assert result.written
    assert "content/posts/.attention.md.icloud: warning: iCloud's stand-in for attention.md, " \
           "which is not downloaded to this computer (in Finder: Download Now) and so missing " \
           "from the site, skipped" in messages(result)


def test_a_copy_of_an_undated_note_is_a_copy(site):
    """helper-143: a note without `date:` is dated by its file's time, and its copy made a
    second later was published beside it."""
    import os
    site.write("content/posts/note.md", "---\ntitle: 笔记\n---\n正文。\n")
    site.write("content/posts/note 2.md", "---\ntitle: 笔记\n---\n旧正文。\n")
    os.utime(site.root / "content/posts/note 2.md", (1_700_000_000, 1_700_000_000))
    result = site.build()
    assert result.written
    assert not site.exists("posts/note-2/")
    assert any(m.startswith("content/posts/note 2.md: warning: not published: by its name")
               for m in messages(result))


def test_google_drives_shortcut_files_are_never_published(site):
    """helper-145: Drive for desktop keeps a `.gdoc`, `.gsheet`, `.gshortcut` (a document that
    lives in the account, not on the disk) as a little JSON file naming the account's email:
    one synced into content/ was published beside the posts, the email readable at its URL."""
    site.post("a.md", "A")
    pointer = '{"url": "https://docs.google.com/document/d/1AbC", "doc_id": "1AbC", ' \
              '"email": "lin@gmail.com"}'
    for name in ("content/posts/Reading list.gdoc", "content/posts/Results.gsheet",
                 "content/posts/Shortcut to nb.gshortcut", "static/files/slides.gslides"):
        site.write(name, pointer)
    result = site.build()
    assert result.written, messages(result)
    published = [path.name for path in site.output.rglob("*") if path.is_file()]
    assert "A" in site.read("posts/a/")
    assert not [name for name in published if name.endswith(
        (".gdoc", ".gsheet", ".gshortcut", ".gslides"))]
    assert not any("lin@gmail.com" in path.read_text(encoding="utf-8", errors="replace")
                   for path in site.output.rglob("*") if path.is_file())
