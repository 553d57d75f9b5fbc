"""Where blogforge's own math CSS lives (the theme ships it; it is ours, not KaTeX's)."""

from __future__ import annotations

from pathlib import Path

_CSS = Path(__file__).with_name("math.css")


def stylesheet_path() -> Path:
    return _CSS


def stylesheet_text() -> str:
    return _CSS.read_text(encoding="utf-8")
