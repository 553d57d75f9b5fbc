"""A phone's photo published with the place it was taken is said, naming the file."""

from __future__ import annotations

import struct

from conftest import messages


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
