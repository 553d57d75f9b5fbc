"""Files of an official npm package, for the site's readers: fetched once, checked, cached.

KaTeX's stylesheet and fonts (math/assets.py) and Mermaid's script (diagrams.py) are published
with the sites that need them, so that readers' browsers ask no other host for anything, and
none of them is committed to this repository. Each comes from its official npm package of one
pinned version: downloaded from the npm registry (`NPM_CONFIG_REGISTRY` names a mirror) at most
once per machine, checked against the package's pinned sha512 (npm's "integrity") before
anything in it is read, and the few files a site needs are kept in
`$XDG_CACHE_HOME/blogforge/NAME/VERSION/` (`~/.cache/...`), outside any site, with a manifest
of their digests written last: a folder without a whole manifest is fetched again.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_REGISTRY = "https://registry.npmjs.org/"
MANIFEST = "manifest.json"  # written last: a folder without it is an interrupted extraction

Fetch = Callable[[str], bytes]


class PackageError(Exception):
    """A package's files could not be had; the message says why, for the build's warning."""


@dataclass(frozen=True)
class NpmPackage:
    """One version of a package, as the registry publishes it."""

    name: str
    version: str
    integrity: str  # npm's "integrity" of the tarball: "sha512-" and its base64 digest

    def tarball_url(self) -> str:
        registry = (os.environ.get("NPM_CONFIG_REGISTRY")
                    or os.environ.get("npm_config_registry")  # noqa: SIM112 - npm reads both
                    or DEFAULT_REGISTRY)
        return f"{registry.rstrip('/')}/{self.name}/-/{self.name}-{self.version}.tgz"


def cache_root(name: str) -> Path:
    """Where this machine keeps the versions of package `name` (a folder each)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "blogforge" / name


def download(url: str) -> bytes:
    import urllib.request  # (9 ms of start-up, for a first build only)

    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - https URL
            return response.read()
    except (OSError, ValueError) as exc:  # (URLError is an OSError)
        reason = getattr(exc, "reason", None) or exc
        raise PackageError(f"could not download {url} ({reason})") from exc


def fetch_checked(package: NpmPackage, fetch: Fetch) -> bytes:
    """The package's tarball, when it is the very one pinned; else PackageError."""
    url = package.tarball_url()
    data = fetch(url)
    found = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if found != package.integrity:
        raise PackageError(f"{url} is not the {package.name} {package.version} package "
                           "blogforge knows (its sha512 differs from the pinned one); nothing "
                           "of it was used")
    return data


def unpack(tarball: bytes, wanted: re.Pattern[str], name: str) -> dict[str, bytes]:
    """The tarball's files whose names `wanted` matches whole, each by what the group of the
    pattern that matched gives (`package/dist/(x\\.css)` keeps `x.css`)."""
    import tarfile  # (here: only a first download unpacks, and start-up counts)

    files: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            for member in archive.getmembers():
                match = wanted.fullmatch(member.name)
                reader = archive.extractfile(member) if match and member.isfile() else None
                if reader is not None:
                    files[match.group(match.lastindex or 0)] = reader.read()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise PackageError(f"the {name} package could not be read ({exc})") from exc
    return files


def store(folder: Path, files: dict[str, bytes]) -> None:
    """Write `files` into `folder` all at once: a half-written folder is never seen as whole."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        manifest = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if folder.exists():  # a damaged earlier extraction (only ever ours: it is our cache)
            shutil.rmtree(folder)
        try:
            staging.rename(folder)
        except OSError:
            if not intact(folder):  # another build extracted the same files meanwhile
                raise
    except OSError as exc:
        raise PackageError(f"could not write the cache folder {folder} ({exc})") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def manifest(folder: Path) -> dict[str, str] | None:
    """The files `store` kept in `folder`, with the SHA-256 (hex) of each, when every one of
    them is there with those bytes; else None."""
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if all(hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
               for name, digest in listed.items()):
            return listed
    except (OSError, ValueError, AttributeError, TypeError):
        pass
    return None


def intact(folder: Path) -> bool:
    return manifest(folder) is not None
