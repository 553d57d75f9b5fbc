"""The `math:` section of site.yaml, validated into a frozen `MathSettings`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from blogforge.fingerprint import library_version

Output = Literal["html", "mathml"]
Assets = Literal["self", "cdn"]
Numbering = Literal["ams", "all", "none"]



class KatexRelease(NamedTuple):
    version: str  # the KaTeX inside pykatex
    css_integrity: str  # SRI of dist/katex.min.css, for the CDN link
    tarball_integrity: str  # npm's "integrity" of the katex package, checked before any use


# pykatex release -> the KaTeX it bundles. The hashes were computed from the katex npm tarball
# of the same version (and agree with the registry's own metadata), never typed in by hand;
# tests/test_math_settings.py checks that the installed pykatex still bundles the version listed
# here, so upgrading pykatex without updating this table fails the test suite.
KATEX_RELEASES: Mapping[str, KatexRelease] = MappingProxyType(
    {
        "0.1.1": KatexRelease(
            "0.16.22",
            "sha384-5TcZemv2l/9On385z///+d7MSYlvIEw9FuZTIdZ14vJLqWphw7e7ZPuOiCHJcFCP",
            "sha512-XCHRdUw4lf3SKBaJe4EvgqIuWwkPSo9XoeO8GjQW94Bp7TWv9hNhzZjZ+OH9yf1UmLygb7DIT5GSFQiyt16zYg==",
        ),
    }
)
_LATEST_PYKATEX = "0.1.1"


def pykatex_version() -> str:
    return library_version("pykatex", "pykatex") or "unknown"


def katex_release() -> KatexRelease:
    """The KaTeX release of the installed pykatex (latest known if unlisted)."""
    return KATEX_RELEASES.get(pykatex_version(), KATEX_RELEASES[_LATEST_PYKATEX])


KATEX_VERSION, KATEX_CSS_INTEGRITY, _ = katex_release()
KATEX_CSS_URL = f"https://cdn.jsdelivr.net/npm/katex@{KATEX_VERSION}/dist/katex.min.css"

_MACRO_NAME = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z\s])")
_SRI = re.compile(r"sha(256|384|512)-[A-Za-z0-9+/]+={0,2}")


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True)
class MathSettings:
    """How formulas are rendered; one instance per site build."""

    output: Output = field(
        default="html",
        metadata=_doc(
            "html: KaTeX HTML plus hidden MathML (needs the KaTeX stylesheet); "
            "mathml: MathML only, nothing external (unreadable in Chrome before 109)"
        ),
    )
    assets: Assets = field(
        default="self",
        metadata=_doc(
            "self: KaTeX's stylesheet and fonts published with the site (fetched once per "
            "machine from npm, checked against a pinned hash); cdn: loaded from stylesheet_url"
        ),
    )
    stylesheet_url: str | None = field(
        default=None,
        metadata=_doc("With assets: cdn, the URL of katex.min.css (default: jsDelivr, same KaTeX)"),
    )
    stylesheet_integrity: str | None = field(
        default=None,
        metadata=_doc("Subresource-integrity hash of that stylesheet (only for the default URL)"),
    )
    macros: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}),
        metadata=_doc(r"Site-wide macros, e.g. {'\R': '\mathbb{R}', '\norm': '\lVert #1\rVert'}"),
    )
    numbering: Numbering = field(
        default="ams",
        metadata=_doc(
            "ams: number equation/align/gather/multline (not starred); all: every display "
            "formula; none: only \\tag and \\label'led ones"
        ),
    )
    strict: bool = field(
        default=False,
        metadata=_doc("Treat formulas KaTeX cannot render as build errors instead of warnings"),
    )

    @classmethod
    def field_docs(cls) -> dict[str, str]:
        """One line of documentation per setting, for the config schema."""
        return {f.name: f.metadata["doc"] for f in fields(cls)}

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> MathSettings:
        """Validate the `math:` mapping of site.yaml; raise ValueError naming the bad key."""
        if config is None:
            config = {}
        if not isinstance(config, Mapping):
            raise ValueError(f"math: expected a mapping, got {type(config).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(str(k) for k in config if k not in known)
        if unknown:
            raise ValueError(
                f"math: unknown setting {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        output = config.get("output", "html")
        if output not in ("html", "mathml"):
            raise ValueError(f"math.output: expected 'html' or 'mathml', got {output!r}")
        numbering = config.get("numbering", "ams")
        if numbering not in ("ams", "all", "none"):
            raise ValueError(f"math.numbering: expected 'ams', 'all' or 'none', got {numbering!r}")
        strict = config.get("strict", False)
        if not isinstance(strict, bool):
            raise ValueError(f"math.strict: expected true or false, got {strict!r}")
        macros = _check_macros(config.get("macros", {}))

        assets = config.get("assets", "cdn" if "stylesheet_url" in config else "self")
        if assets not in ("self", "cdn"):
            raise ValueError(f"math.assets: expected 'self' or 'cdn', got {assets!r}")
        if assets == "self" and "stylesheet_url" in config:
            raise ValueError("math.stylesheet_url: only used with `assets: cdn` (with "
                             "`assets: self` the site publishes KaTeX's stylesheet itself)")
        url = config.get("stylesheet_url", KATEX_CSS_URL) if assets == "cdn" else None
        if assets == "cdn" and (not isinstance(url, str) or not url.strip()):
            raise ValueError(f"math.stylesheet_url: expected a URL string, got {url!r}")
        if "stylesheet_integrity" in config:
            integrity = config["stylesheet_integrity"]
            if integrity is not None and (
                not isinstance(integrity, str) or not _SRI.fullmatch(integrity)
            ):
                raise ValueError(
                    "math.stylesheet_integrity: expected 'sha384-<base64>' (or null), "
                    f"got {integrity!r}"
                )
        else:
            # Our hash only vouches for our default file; a mirror or self-hosted copy may differ
            # byte for byte, and a wrong hash makes browsers drop the stylesheet.
            integrity = KATEX_CSS_INTEGRITY if url == KATEX_CSS_URL else None
        if output == "mathml" or assets == "self":
            url = integrity = None  # MathML pages need nothing; self-published needs no URL
        return cls(
            output=output,
            assets=assets,
            stylesheet_url=url,
            stylesheet_integrity=integrity,
            macros=MappingProxyType(macros),
            numbering=numbering,
            strict=strict,
        )


def _check_macros(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"math.macros: expected a mapping of names to TeX, got {value!r}")
    macros: dict[str, str] = {}
    for name, body in value.items():
        if not isinstance(name, str):
            raise ValueError(f"math.macros: macro name {name!r} is not a string")
        full = name if name.startswith("\\") else "\\" + name
        if not _MACRO_NAME.fullmatch(full):
            raise ValueError(
                f"math.macros: {name!r} is not a macro name (letters only, like '\\R' or 'R')"
            )
        if isinstance(body, bool) or not isinstance(body, (str, int, float)):
            raise ValueError(f"math.macros.{name}: expected TeX text, got {body!r}")
        macros[full] = str(body)
    return macros
