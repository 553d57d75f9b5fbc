r"""Labels, `\eqref`/`\ref` placeholders and anchor ids.

KaTeX knows nothing about `\label` or `\eqref`, and a reference may point at an equation that is
numbered further down the post. So a reference is rendered as an opaque placeholder word inside
`\text{}`, which survives KaTeX untouched in both its HTML and MathML output; once the whole post
is rendered, `MathDocument.finalize` swaps each placeholder for a link to the numbered equation.
The placeholder depends only on the label, so a formula's cached rendering never goes stale when
numbers shift. A reference in a formula's plain text inside the body (a heading's formula's name,
in an attribute) stands as a placeholder too, in lower case, for the number alone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .texscan import control_sequences, read_group

PLACEHOLDER = re.compile(r"ZQ([ERer])([A-P]{12})Q")
_ID_UNSAFE = re.compile(r"[^\w:.\-]+")


def label_key(label: str) -> str:
    # Letters only (A-P encode hex digits): KaTeX keeps a run of text letters in one span.
    digest = hashlib.sha1(label.encode("utf-8")).hexdigest()[:12]
    return "".join(chr(ord("A") + int(c, 16)) for c in digest)


def placeholder_word(kind: str, label: str, in_text: bool = False) -> str:
    """`in_text`: for a reference in plain text, which gets its number as text alone."""
    letter = "E" if kind == "eqref" else "R"
    return f"ZQ{letter.lower() if in_text else letter}{label_key(label)}Q"


def anchor_id(label: str) -> str:
    """HTML id for a label: `eq-` plus the label with anything unsafe in a URL fragment dashed
    (Quarto's `eq-elbo` is its own id, as Quarto has it, not `eq-eq-elbo`)."""
    safe = _ID_UNSAFE.sub("-", label.strip()).strip("-") or "label"
    return safe if safe.startswith("eq-") else "eq-" + safe


@dataclass(frozen=True)
class RefUse:
    """A `\\ref`, `\\eqref` or `\\label` in a formula's TeX, and where it is."""

    kind: str  # "eqref" | "ref" (or "label")
    label: str
    start: int
    end: int


def find_refs(tex: str) -> list[RefUse]:
    r"""Every `\eqref{...}` and `\ref{...}` in a formula."""
    return _commands(tex, ("\\eqref", "\\ref"))


def label_anchors(tex: str) -> list[str]:
    r"""The anchor ids the `\label{...}`s of a formula may give the page (headings keep clear
    of them before any formula is rendered)."""
    return [anchor_id(use.label) for use in _commands(tex, ("\\label",))]


def _commands(tex: str, names: tuple[str, ...]) -> list[RefUse]:
    """Every use of the commands `names` with their argument."""
    uses: list[RefUse] = []
    for cs in control_sequences(tex):
        if cs.name not in names:
            continue
        group = read_group(tex, cs.end)
        if group is None:
            continue
        label, end = group
        uses.append(RefUse(cs.name[1:], label.strip(), cs.start, end))
    return uses


def unknown_ref_text(kind: str) -> str:
    """What a reference reads as in plain text when its label numbers no equation."""
    return "(?)" if kind == "eqref" else "?"


def ref_text(kind: str, tag: str) -> str:
    """What a reference shows: `(3)` for \\eqref, `3` for \\ref (tag is the number itself)."""
    return f"({tag})" if kind == "eqref" else tag
