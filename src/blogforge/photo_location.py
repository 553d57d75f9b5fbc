"""Whether a photo says where it was taken: a phone writes the place (GPS latitude and
longitude) into every JPEG it takes, and a picture copied into a post publishes it to anyone
who opens the file. blogforge publishes files as they are (as Hugo and Hexo do), so it says
which photos carry a place, for the writer to remove it; it reads the file's EXIF header only.
"""

from __future__ import annotations

import struct
from pathlib import Path

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".jpe")
_GPS_IFD = 0x8825  # the tag of IFD0 that points at the GPS data
_GPS_LATITUDE = 0x0002


def has_place(path: Path) -> bool:
    """Whether the JPEG at `path` holds a GPS latitude (an unreadable file holds none)."""
    try:
        with path.open("rb") as file:
            head = file.read(66 * 1024)  # (EXIF is one of the first segments, at most 64 KB)
    except OSError:
        return False
    exif = _exif_of(head)
    return exif is not None and _gps_latitude(exif)


def _exif_of(data: bytes) -> bytes | None:
    """The TIFF data of a JPEG's `Exif` APP1 segment."""
    if data[:2] != b"\xff\xd8":
        return None
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker in (0xD9, 0xDA):  # (the picture's data begins: no header segment follows)
            return None
        length = struct.unpack(">H", data[at + 2: at + 4])[0]
        if marker == 0xE1 and data[at + 4: at + 10] == b"Exif\x00\x00":
            return data[at + 10: at + 2 + length]
        at += 2 + length
    return None


def _gps_latitude(tiff: bytes) -> bool:
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return False
    try:
        ifd0 = struct.unpack(order + "I", tiff[4:8])[0]
        gps = next((value for tag, value in _entries(tiff, order, ifd0) if tag == _GPS_IFD), None)
        if gps is None:
            return False
        latitude = next((value for tag, value in _entries(tiff, order, gps)
                         if tag == _GPS_LATITUDE), None)
        # (degrees, minutes, seconds: three fractions; all naught is a camera's empty field)
        return latitude is not None and any(
            struct.unpack(order + "6I", tiff[latitude: latitude + 24])[::2])
    except struct.error:  # (a truncated or damaged header: no place read from it)
        return False


def _entries(tiff: bytes, order: str, offset: int) -> list[tuple[int, int]]:
    """The (tag, value or offset) of the IFD at `offset`."""
    count = struct.unpack(order + "H", tiff[offset: offset + 2])[0]
    found = []
    for index in range(min(count, 512)):
        start = offset + 2 + 12 * index
        tag, _kind, _number, value = struct.unpack(order + "HHII", tiff[start: start + 12])
        found.append((tag, value))
    return found
