"""A phone's photo published with the place it was taken is said, naming the file."""

from __future__ import annotations

import struct

from conftest import NOW, messages

from blogforge import site_files
from blogforge.livereload.watch import SourceFiles
from blogforge.site import BuildOptions, build_site
from blogforge.site import Site as Engine


def jpeg(with_place: bool) -> bytes:
    """A JPEG header whose EXIF has GPS data: a latitude, or an empty one (all naught, as a
    camera without a fix writes it)."""
    entries = [(0x8825, 4, 1, 26)]  # IFD0: where the GPS IFD is
    ifd0 = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHII", *entry) for entry in entries) + struct.pack("<I", 0)
    # the GPS IFD at 26: its latitude, three fractions at 44 (39° 54′ 27″)
    gps = struct.pack("<H", 1) + struct.pack("<HHII", 0x0002, 5, 3, 44) + struct.pack("<I", 0)
    degrees = struct.pack("<6I", 39, 1, 54, 1, 27, 1) if with_place else b"\x00" * 24
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd0 + gps + degrees
    app1 = b"Exif\x00\x00" + tiff
    return (b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
            + b"\xff\xda\x00\x02" + b"\x00" * 16 + b"\xff\xd9")


def gps_said(result) -> list[str]:
    """The files the build said hold where they were taken."""
    return [m.split(":")[0] for m in messages(result) if "(GPS)" in m]


def test_a_photo_that_holds_where_it_was_taken_is_said(site):
    site.write("content/posts/trip/index.md", "---\ntitle: Trip\ndate: 2024-05-01\n---\n"
               "![The lake](IMG_1234.JPG)\n\n![Another](IMG_1235.jpg)\n")
    (site.root / "content/posts/trip/IMG_1234.JPG").write_bytes(jpeg(with_place=True))
    (site.root / "content/posts/trip/IMG_1235.jpg").write_bytes(jpeg(with_place=False))
    (site.root / "static").mkdir()
    (site.root / "static/me.jpg").write_bytes(jpeg(with_place=True))
    result = site.build()
    assert result.written
    said = [m for m in messages(result) if "GPS" in m]
    assert sorted(m.split(":")[0] for m in said) == ["content/posts/trip/IMG_1234.JPG",
                                               "static/me.jpg"], said
    assert "warning: this photo holds where it was taken (GPS)" in said[0]
    # (published all the same: the writer's files are theirs)
    assert site.exists("posts/trip/IMG_1234.JPG") and site.exists("me.jpg")


def test_a_photo_is_read_again_only_when_it_changed_and_said_on_every_build(site, monkeypatch):
    """Every build read each published JPEG's header for a place, unchanged ones too."""
    site.write("content/posts/trip/index.md", "---\ntitle: Trip\ndate: 2024-05-01\n---\n"
               "![The lake](IMG_1234.JPG)\n")
    photo = site.write("content/posts/trip/IMG_1234.JPG", raw=jpeg(with_place=True))
    watched = SourceFiles(site.root)
    preview = Engine(BuildOptions(site.root, site.output, now=NOW, in_place=True, jobs=1))
    first = preview.build()
    assert gps_said(first) == ["content/posts/trip/IMG_1234.JPG"]
    read: list[str] = []
    real = site_files.has_place
    monkeypatch.setattr(site_files, "has_place", lambda path: read.append(path.name)
                        or real(path))
    for body in ("Edited.", "Edited again."):  # (the preview, then `blogforge build`)
        site.write("content/posts/trip/index.md", "---\ntitle: Trip\ndate: 2024-05-01\n---\n"
                   f"![The lake](IMG_1234.JPG)\n\n{body}\n")
        built = preview.build() if body == "Edited." else build_site(
            BuildOptions(site.root, site.root / "out", now=NOW, jobs=1))
        assert built.written and gps_said(built) == ["content/posts/trip/IMG_1234.JPG"]
    assert read == []
    photo.write_bytes(jpeg(with_place=False))  # (the place removed, with exiftool)
    assert watched.changed([photo]) == {photo.resolve()}
    built = preview.build()
    assert built.written and gps_said(built) == [] and read == ["IMG_1234.JPG"]
