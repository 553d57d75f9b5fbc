"""The `math:` settings, the pinned KaTeX stylesheet and our own CSS."""

from __future__ import annotations

import re
from pathlib import Path

import pykatex
import pytest

from blogforge.math import KATEX_CSS_URL, KATEX_VERSION, MathSettings, stylesheet_text
from blogforge.math.settings import KATEX_RELEASES, pykatex_version


def test_defaults():
    settings = MathSettings.from_config({})
    assert settings == MathSettings()
    assert settings.output == "html" and settings.numbering == "ams" and not settings.strict
    assert settings.assets == "self" and settings.stylesheet_url is None


def test_cdn_uses_the_pinned_stylesheet_of_the_same_katex():
    settings = MathSettings.from_config({"assets": "cdn"})
    assert settings.stylesheet_url == KATEX_CSS_URL
    assert f"katex@{KATEX_VERSION}/" in KATEX_CSS_URL
    assert re.fullmatch(r"sha384-[A-Za-z0-9+/]{64}", settings.stylesheet_integrity or "")


def test_stylesheet_is_pinned_to_the_katex_inside_pykatex():
    # Upgrading pykatex must come with a new (version, hash) entry in KATEX_RELEASES.
    assert pykatex_version() in KATEX_RELEASES
    binary = Path(pykatex.__file__).read_bytes()
    assert KATEX_VERSION.encode() in binary
    assert KATEX_RELEASES[pykatex_version()].version == KATEX_VERSION
    assert KATEX_RELEASES[pykatex_version()].tarball_integrity.startswith("sha512-")


def test_mathml_output_needs_no_stylesheet():
    settings = MathSettings.from_config({"output": "mathml"})
    assert settings.stylesheet_url is None and settings.stylesheet_integrity is None


def test_custom_stylesheet_url_means_cdn_and_drops_the_default_hash():
    settings = MathSettings.from_config({"stylesheet_url": "/static/katex/katex.min.css"})
    assert settings.assets == "cdn"
    assert settings.stylesheet_url == "/static/katex/katex.min.css"
    assert settings.stylesheet_integrity is None


def test_macros_are_normalised():
    settings = MathSettings.from_config({"macros": {"R": "\\mathbb{R}", "\\E": "\\mathbb{E}"}})
    assert dict(settings.macros) == {"\\R": "\\mathbb{R}", "\\E": "\\mathbb{E}"}


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ({"output": "svg"}, "math.output"),
        ({"numbering": "some"}, "math.numbering"),
        ({"strict": "yes"}, "math.strict"),
        ({"macros": ["\\R"]}, "math.macros"),
        ({"macros": {"\\R x": "y"}}, "math.macros"),
        ({"macros": {"\\R": ["y"]}}, "math.macros"),
        ({"stylesheet_integrity": "md5-abc"}, "math.stylesheet_integrity"),
        ({"stylesheet_url": ""}, "math.stylesheet_url"),
        ({"assets": "local"}, "math.assets"),
        ({"assets": "self", "stylesheet_url": "https://x/k.css"}, "math.stylesheet_url"),
        ({"numbring": "ams"}, "unknown setting numbring"),
    ],
)
def test_bad_values_raise_clear_errors(config, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)):
        MathSettings.from_config(config)


def test_every_setting_is_documented():
    docs = MathSettings.field_docs()
    assert set(docs) == {
        "output",
        "assets",
        "stylesheet_url",
        "stylesheet_integrity",
        "macros",
        "numbering",
        "strict",
    }
    assert all(docs.values())


def test_math_css_scrolls_displays_and_aligns_mathml_columns():
    css = stylesheet_text()
    block = re.search(r"\.math-display \{(.*?)\}", css, re.S)
    assert block and "overflow-x: auto" in block.group(1)
    assert 'mtable[columnalign^="right left"]' in css
    assert ".math-error" in css
