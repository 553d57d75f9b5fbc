"""What the build will stop at in an imported site, found before the writer builds it: the
import copies a post with broken front matter or an impossible date as it was (never losing
its text), and says so with the file and line the build will name."""

from __future__ import annotations

from pathlib import Path

from blogforge.content.loader import load_content
from blogforge.diagnostics import Diagnostic, Diagnostics


def build_problems(dest: Path) -> list[Diagnostic]:
    """The errors the build will report reading the site in `dest` (its site.yaml, its posts
    and pages, as `blogforge build` reads them: a draft's are warnings there, so not here)."""
    from blogforge.config import load_config  # (here: only an import runs this)
    from blogforge.site import content_options

    diagnostics = Diagnostics()
    config = load_config(dest, diagnostics)
    load_content(dest, content_options(config, dest), diagnostics)
    return diagnostics.errors
