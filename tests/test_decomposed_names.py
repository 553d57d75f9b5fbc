"""File names in decomposed Unicode (NFD), as macOS and iOS keep them (`e` + U+0301 for `é`),
and git and iCloud checkouts bring them: the links a writer types on any keyboard are
composed (NFC). Linux keeps a name as given, so these tests make NFD names directly."""

from __future__ import annotations

import os
import struct
import unicodedata
import zlib
from pathlib import Path

from conftest import messages

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082")


SITE = "base_url: https://example.com/\n"


def nfd(name: str) -> str:
    return unicodedata.normalize("NFD", name)


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def decomposed_site(site) -> None:
    """`café.md` (titled by its name) and `résumé.png` in decomposed names, and a post
    linking both as a phone's keyboard types them."""
    site.write("site.yaml", SITE)
    site.write(f"content/posts/{nfd('café.md')}", "---\ndate: 2024-05-01\n---\nCoffee.\n")
    site.write(f"content/posts/{nfd('résumé.png')}", raw=PNG)
    site.post("b.md", "B", date="2024-05-02",
              body="[café](café.md), ![x](résumé.png), [[café]], ![[résumé.png]]\n")


def test_links_to_decomposed_file_names_find_their_files(site):
    decomposed_site(site)
    result = site.build()
    assert messages(result) == []
    page = site.read("posts/b/").split('<div class="content">', 1)[1].split("</article>", 1)[0]
    assert page.count('href="/posts/caf%C3%A9/"') == 2
    assert page.count('src="/posts/r%C3%A9sum%C3%A9.png"') == 2
    assert page.count('width="1" height="1"') == 2  # (its size read from the file)


def test_a_link_pasted_decomposed_finds_the_file_too(site):
    decomposed_site(site)
    site.post("c.md", "C", date="2024-05-03",
              body=f"![y]({nfd('résumé.png')}) [c]({nfd('café.md')})\n")
    result = site.build()
    assert messages(result) == []
    page = site.read("posts/c/")
    assert 'src="/posts/r%C3%A9sum%C3%A9.png"' in page and 'href="/posts/caf%C3%A9/"' in page


def test_a_hexo_tag_names_a_decomposed_file(site):
    decomposed_site(site)
    site.post("c.md", "C", date="2024-05-03", body=f"{{% post_link {nfd('café')} %}}\n")
    result = site.build()
    assert messages(result) == []
    assert 'href="/posts/caf%C3%A9/"' in site.read("posts/c/")


def test_a_draft_named_decomposed_is_told_as_a_draft_and_its_picture_held_back(site):
    site.write("site.yaml", SITE)
    site.write(f"content/posts/{nfd('écran.png')}", raw=PNG)
    site.post("b.md", "B", date="2024-05-02", body="[café](café.md)\n")
    site.write(f"content/posts/{nfd('café.md')}",
               "---\ndate: 2024-05-01\ndraft: true\n---\n![x](écran.png)\n")
    result = site.build()
    assert [message for message in messages(result) if "café.md" in message] == [
        "content/posts/b.md:5: warning: link to `café.md`: that post is a draft, held back: it "
        "is linked when it is published (or built with --drafts)"]
    assert not site.exists("posts/écran.png") and not site.exists(f"posts/{nfd('écran.png')}")


def test_two_files_differing_only_in_unicode_form_are_said_to_be_so(site):
    # `naïve.md` and a Mac's decomposed `naïve.md`: the error named two paths that look the same
    site.write("site.yaml", SITE)
    site.post("naïve.md", "NFC")
    site.post(nfd("naïve.md"), "NFD")
    found = [m for m in messages(site.build()) if "error" in m]
    assert len(found) == 1 and unicodedata.normalize("NFC", found[0]).endswith(
        "error: two pages at the URL /posts/naïve/: this one and content/posts/naïve.md, "
        "whose names differ only in their Unicode form (one composed, as Windows and Linux "
        "write them, the other decomposed, as a Mac writes them): keep one of the two "
        "files"), found


def test_files_are_published_under_their_composed_names(site):
    decomposed_site(site)
    site.write(f"static/{nfd('über.txt')}", "static\n")
    site.build()
    published = set(files_of(site.output))
    assert {"posts/résumé.png", "über.txt"} <= published
    assert not any(name != unicodedata.normalize("NFC", name) for name in published)


def test_a_title_from_a_decomposed_file_name_is_composed(site):
    decomposed_site(site)
    site.build()
    assert "<title>café · " in site.read("posts/café/")
    assert nfd("café") not in site.read("")


def test_tags_and_categories_written_in_either_form_are_one(site):
    site.write("site.yaml", SITE)
    site.post("a.md", "A", tags=f"[{nfd('café')}]", categories=f"[{nfd('Crème')}]")
    site.post("b.md", "B", date="2024-05-02", tags="[café]", categories="[Crème]")
    result = site.build()
    assert messages(result) == []
    assert site.read("tags/café/").count('href="/posts/') >= 2
    assert nfd("café") not in site.read("tags/")


def png(width: int, height: int) -> bytes:
    """A blank PNG of that size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + b"\0\0\0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_a_cached_body_takes_the_new_size_of_a_replaced_decomposed_picture(site):
    decomposed_site(site)
    site.post("c.md", "C", date="2024-05-03", body="![x](résumé.png)\n")
    site.build(use_cache=True)
    site.write(f"content/posts/{nfd('résumé.png')}", raw=png(3, 2))
    site.build(use_cache=True)
    assert 'width="3" height="2"' in site.read("posts/c/")


def test_incremental_builds_match_a_build_from_scratch(site, tmp_path):
    decomposed_site(site)
    site.build(use_cache=True)
    site.write("content/posts/b.md", site.root.joinpath("content/posts/b.md").read_text()
               + "\nMore.\n")
    site.build(use_cache=True)
    again = files_of(site.output)
    site.output = tmp_path / "fresh"
    site.build()
    assert files_of(site.output) == again


def test_a_second_build_does_not_take_the_composed_files_for_hand_put_ones(site):
    """A Mac's disk (HFS+) lists a file decomposed that a build wrote composed: the output
    folder is the build's all the same, and is replaced."""
    decomposed_site(site)
    site.build(use_cache=True)
    written = site.output / "posts/résumé.png"
    written.rename(written.with_name(nfd(written.name)))  # (as HFS+ lists it)
    site.root.joinpath("content/posts/b.md").write_text(
        "---\ntitle: B\ndate: 2024-05-02\n---\n![x](résumé.png)\n", encoding="utf-8")
    result = site.build(use_cache=True)
    assert result.written, messages(result)
    assert "résumé.png" in os.listdir(site.output / "posts")


def test_a_picture_named_decomposed_in_its_link_is_sized_as_the_composed_one(site):
    """Typora on macOS writes a picture dragged from Finder decomposed (`ぱ` as `は` + U+309A):
    it was found and published but got no width and height (the page shifted as it loaded),
    where the same link typed composed got them."""
    site.write("content/posts/assets/ぱ.png", raw=png(3, 2))
    site.post("c.md", "C", date="2024-05-03",
              body=f"1 ![a]({nfd('assets/ぱ.png')})\n\n2 ![b](assets/ぱ.png)\n")
    site.build(use_cache=True)
    page = site.read("posts/c/")
    assert page.count('width="3" height="2"') == 2, page
    site.write("content/posts/assets/ぱ.png", raw=png(5, 4))  # (and a cached body follows it)
    site.build(use_cache=True)
    assert site.read("posts/c/").count('width="5" height="4"') == 2
