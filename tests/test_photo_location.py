"""A phone's photo published with the place it was taken is said, naming the file."""

from __future__ import annotations

import struct

from conftest import messages


def jpeg(with_place: bool) -> bytes:
    """A JPEG header whose EXIF has an IFD0 pointing at GPS data (latitude), or none."""
    entries = [(0x8825, 4, 1, 26)] if with_place else [(0x0112, 3, 1, 1)]  # GPS IFD / Orientation
    ifd0 = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHII", *entry) for entry in entries) + struct.pack("<I", 0)
    gps = struct.pack("<H", 1) + struct.pack("<HHII", 0x0002, 5, 3, 0) + struct.pack("<I", 0)
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd0 + gps
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
