"""The long-lived site object that `serve` keeps between builds."""

from __future__ import annotations

from conftest import NOW

from blogforge.site import BuildOptions, Site


def test_a_build_reports_the_output_files_it_changed(site):
    site.post("a.md", "Alpha", body="First text.")
    site.post("b.md", "Beta", date="2024-05-02", body="Other text.")
    engine = Site(BuildOptions(site.root, site.output, now=NOW, use_cache=False))
    assert "posts/a/index.html" in engine.build().changed_files
    assert engine.build().changed_files == []

    site.post("a.md", "Alpha", body="Edited text.")
    changed = engine.build().changed_files
    assert {"posts/a/index.html", "index.html", "atom.xml"} <= set(changed)
    assert "posts/b/index.html" not in changed  # b shows a's title only, which stayed

    (site.root / "content/posts/b.md").unlink()
    assert "posts/b/index.html" in engine.build().changed_files
    assert not site.exists("posts/b/index.html")
