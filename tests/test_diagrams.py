"""Mermaid diagrams: a ```mermaid fence is shown as its source, in a box the theme's script draws
the diagram in with Mermaid's own script, which the build has from npm (pinned, checked,
cached) and publishes for the pages that have a diagram; without it, the source, and one
warning."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
from pathlib import Path

import pytest

from blogforge.diagnostics import Diagnostics
from blogforge.diagrams import MERMAID, prepare
from blogforge.npm_package import NpmPackage, PackageError
from blogforge.urls import UrlBuilder


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


FAKE = tarball({
    "package/package.json": b'{"name": "mermaid"}',
    "package/LICENSE": b"MIT",
    "package/README.md": b"# mermaid",
    "package/dist/mermaid.esm.min.mjs": b'import"./chunks/mermaid.esm.min/chunk-A.mjs";',
    "package/dist/mermaid.esm.min.mjs.map": b"{}",
    "package/dist/chunks/mermaid.esm.min/chunk-A.mjs": b"export const a = 1;",
    "package/dist/chunks/mermaid.esm.min/flowDiagram-B.mjs": b"export const b = 2;",
    "package/dist/chunks/mermaid.esm.min/chunk-A.mjs.map": b"{}",
    "package/dist/chunks/mermaid.core/chunk-C.mjs": b"// the unbundled build",
    "package/dist/mermaid.min.js": b"// the 5.5 MB UMD bundle",
    "package/dist/mermaid.d.ts": b"// types",
})
FAKE_PACKAGE = NpmPackage("mermaid", "99.0.0", integrity(FAKE))


class Registry:
    """A fetch that serves one tarball and counts the calls."""

    def __init__(self, data: bytes) -> None:
        self.data, self.urls = data, []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.data


def offline(url: str) -> bytes:
    raise PackageError(f"could not download {url} (Connection refused)")


@pytest.fixture
def fake_mermaid(monkeypatch):
    monkeypatch.setattr("blogforge.diagrams.MERMAID", FAKE_PACKAGE)
    return FAKE_PACKAGE


def prepared(tmp_path: Path, fetch, diagrams=((Path("content/posts/a.md"), 7),)):
    diagnostics = Diagnostics()
    assets = prepare(True, list(diagrams), UrlBuilder("https://e.org/blog/"), diagnostics,
                     root=tmp_path / "cache", fetch=fetch)
    return assets, [str(d) for d in diagnostics.items]


def test_the_pinned_package_is_mermaid_12_3_0_as_npm_publishes_it():
    assert MERMAID.name == "mermaid" and MERMAID.version == "12.3.0"
    assert MERMAID.integrity == ("sha512-4113TdXeLAsMruJ79OpFL5O8+LTFXhQqZ260rF3tgUmiNAtRm4Uume04"
                                 "I+65PRN6yZ69J4f8rVYWW8zRk65UYw==")
    assert MERMAID.tarball_url().endswith("/mermaid/-/mermaid-12.3.0.tgz")


def test_fetched_once_checked_and_only_the_module_its_chunks_and_licence_kept(tmp_path,
                                                                             fake_mermaid):
    registry = Registry(FAKE)
    assets, said = prepared(tmp_path, registry)
    assert registry.urls == ["https://registry.npmjs.org/mermaid/-/mermaid-99.0.0.tgz"]
    assert said == []
    assert assets.script == "/blog/mermaid/99.0.0/mermaid.esm.min.mjs"
    assert sorted(assets.files) == [
        "mermaid/99.0.0/LICENSE",
        "mermaid/99.0.0/chunks/mermaid.esm.min/chunk-A.mjs",
        "mermaid/99.0.0/chunks/mermaid.esm.min/flowDiagram-B.mjs",
        "mermaid/99.0.0/mermaid.esm.min.mjs"]
    source, _ = assets.files["mermaid/99.0.0/chunks/mermaid.esm.min/chunk-A.mjs"]
    assert source.read_bytes() == b"export const a = 1;"
    again, _ = prepared(tmp_path, registry)
    assert again.files == assets.files and len(registry.urls) == 1  # (read from the cache)


def test_a_tarball_that_is_not_the_pinned_one_is_never_used(tmp_path, fake_mermaid):
    tampered = tarball({"package/LICENSE": b"MIT",
                        "package/dist/mermaid.esm.min.mjs": b"alert('hi')"})
    assets, said = prepared(tmp_path, Registry(tampered))
    assert assets.script is None and assets.files == {}
    assert len(said) == 1 and "sha512 differs from the pinned one" in said[0]
    assert not (tmp_path / "cache" / "99.0.0").exists()


def test_a_damaged_cache_is_fetched_again(tmp_path, fake_mermaid):
    registry = Registry(FAKE)
    assets, _ = prepared(tmp_path, registry)
    module, _ = assets.files["mermaid/99.0.0/mermaid.esm.min.mjs"]
    module.write_bytes(b"import")  # (cut short)
    assets, _ = prepared(tmp_path, registry)
    assert len(registry.urls) == 2
    assert module.read_bytes() == b'import"./chunks/mermaid.esm.min/chunk-A.mjs";'


def test_a_package_without_the_module_is_not_kept(tmp_path, monkeypatch):
    without = tarball({"package/LICENSE": b"MIT", "package/dist/mermaid.min.js": b"//"})
    monkeypatch.setattr("blogforge.diagrams.MERMAID",
                        NpmPackage("mermaid", "99.0.1", integrity(without)))
    assets, said = prepared(tmp_path, Registry(without))
    assert assets.script is None
    assert "the mermaid package holds no dist/mermaid.esm.min.mjs" in said[0]
    assert not (tmp_path / "cache" / "99.0.1").exists()


def test_the_registry_can_be_a_mirror(monkeypatch):
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "https://registry.npmmirror.com/")
    assert MERMAID.tarball_url() == \
        "https://registry.npmmirror.com/mermaid/-/mermaid-12.3.0.tgz"


def test_offline_says_so_once_at_the_first_diagram(tmp_path, fake_mermaid):
    assets, said = prepared(tmp_path, offline, [(Path("content/posts/a.md"), 7),
                                                (Path("content/posts/b.md"), 3)])
    assert assets.script is None and assets.files == {}
    assert len(said) == 1
    assert said[0].startswith(
        "content/posts/a.md:7: warning: Mermaid's script (mermaid 99.0.0) is not available: "
        "could not download https://registry.npmjs.org/mermaid/-/mermaid-99.0.0.tgz "
        "(Connection refused). This build shows this page's diagrams and those of 1 more "
        "pages as their source.")
    assert "`diagrams: {mermaid: false}`" in said[0]


def test_without_diagrams_or_with_them_off_nothing_is_fetched(tmp_path, fake_mermaid):
    registry = Registry(FAKE)
    assert prepared(tmp_path, registry, [])[0].script is None
    off = prepare(False, [(Path("content/posts/a.md"), 7)], UrlBuilder("/"), Diagnostics(),
                  root=tmp_path / "cache", fetch=registry)
    assert off.script is None and registry.urls == []
