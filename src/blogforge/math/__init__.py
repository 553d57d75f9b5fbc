"""LaTeX math for blogforge: parsed before Markdown, rendered by KaTeX at build time.

settings = MathSettings.from_config(site_config.get("math", {}))
engine = MathEngine(settings, cache_dir=Path(".blogforge-cache"))
md = MarkdownIt("commonmark").use(math_plugin)
doc = engine.document(source_path, line_offset)
html = doc.finalize(md.render(body, {"math": doc}))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import MathDocument
    from .engine import EngineStats, MathEngine
    from .plugin import math_plugin
    from .settings import KATEX_CSS_INTEGRITY, KATEX_CSS_URL, KATEX_VERSION, MathSettings
    from .style import stylesheet_path, stylesheet_text

# Each name below by the module it is imported from when first asked for: importing a module
# of the package (`settings`, `assets`: a build's first step reads them) runs this file, and
# importing the engine here made a build that changed nothing import all of math (PEP 562).
_MODULE_OF = {
    "MathDocument": "document",
    "EngineStats": "engine",
    "MathEngine": "engine",
    "math_plugin": "plugin",
    "KATEX_CSS_INTEGRITY": "settings",
    "KATEX_CSS_URL": "settings",
    "KATEX_VERSION": "settings",
    "MathSettings": "settings",
    "stylesheet_path": "style",
    "stylesheet_text": "style",
}

__all__ = [
    "KATEX_CSS_INTEGRITY",
    "KATEX_CSS_URL",
    "KATEX_VERSION",
    "EngineStats",
    "MathDocument",
    "MathEngine",
    "MathSettings",
    "math_plugin",
    "stylesheet_path",
    "stylesheet_text",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
