"""Small sites written into a temporary folder and built, for tests that look at the output."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from blogforge.site import BuildOptions, BuildResult, build_site

# Fixed "now" so that future-dated posts are tested against a known date.
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.output = root / "public"

    def write(self, rel: str, text: str = "", *, raw: bytes | None = None) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if raw is not None:
            path.write_bytes(raw)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def post(self, rel: str, title: str, date: str = "2024-05-01", body: str = "Hello.",
             **front: object) -> Path:
        lines = [f"title: {title!r}" if "'" not in title else f'title: "{title}"',
                 f"date: {date}"]
        lines += [f"{k}: {v}" for k, v in front.items()]
        return self.write(f"content/posts/{rel}",
                          "---\n" + "\n".join(lines) + "\n---\n" + textwrap.dedent(body))

    def build(self, **options: object) -> BuildResult:
        opts = {"source": self.root, "output": self.output, "now": NOW, "use_cache": False}
        opts.update(options)
        return build_site(BuildOptions(**opts))  # type: ignore[arg-type]

    def read(self, rel: str) -> str:
        path = self.output / rel
        if path.is_dir() or rel.endswith("/") or rel == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def exists(self, rel: str) -> bool:
        return (self.output / rel).exists()


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "blog")


def messages(result: BuildResult, level: str | None = None) -> list[str]:
    return [str(d) for d in result.diagnostics.items if level is None or d.level == level]
