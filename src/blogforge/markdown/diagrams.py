"""```mermaid fences, which Typora, Obsidian and GitHub draw as diagrams: shown as their source
(the code block any fence makes), in a box the theme's js/diagrams.js finds and draws the
diagram in, above the source, which it folds into a <details>. A reader without JavaScript, or
whose browser could not load Mermaid, reads the source, as before diagrams were drawn.

The box carries the words the script needs in the page's language (the diagram's name for
screen readers, the folded source's summary, the name of a diagram wider than the screen,
which scrolls), as a code block carries its buttons' words.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from blogforge.markdown.highlight import FenceInfo

# The fence languages drawn as Mermaid's diagrams (GitHub, Obsidian and Typora name it so).
MERMAID_LANGS = frozenset({"mermaid"})


@dataclass(frozen=True)
class DiagramLabels:
    """A diagram's words in the page's language (the theme's strings)."""

    name: str = "Diagram"  # what a screen reader calls the drawing (unless it has accTitle)
    source: str = "Diagram source"  # the summary of the folded source
    wide: str = "Diagram, scrolls sideways"

    @classmethod
    def from_strings(cls, strings: Callable[[str], str]) -> DiagramLabels:
        return cls(strings("diagram"), strings("diagram_source"), strings("wide_diagram"))


def is_mermaid(info: FenceInfo) -> bool:
    return info.lang.lower() in MERMAID_LANGS


def diagram_html(code_block: str, labels: DiagramLabels) -> str:
    """The box around a fence's code block (its HTML, as `render_code` made it)."""
    attributes = " ".join(f'data-{name}="{html.escape(value)}"' for name, value in (
        ("label", labels.name), ("source-label", labels.source), ("wide", labels.wide)))
    return f'<div class="diagram" data-diagram="mermaid" {attributes}>\n{code_block}</div>\n'
