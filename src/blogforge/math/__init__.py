"""LaTeX math for blogforge: parsed before Markdown, rendered by KaTeX at build time.

settings = MathSettings.from_config(site_config.get("math", {}))
engine = MathEngine(settings, cache_dir=Path(".blogforge-cache"))
md = MarkdownIt("commonmark").use(math_plugin)
doc = engine.document(source_path, line_offset)
html = doc.finalize(md.render(body, {"math": doc}))
"""

from .document import MathDocument
from .engine import EngineStats, MathEngine
from .plugin import math_plugin
from .settings import KATEX_CSS_INTEGRITY, KATEX_CSS_URL, KATEX_VERSION, MathSettings
from .style import stylesheet_path, stylesheet_text

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
