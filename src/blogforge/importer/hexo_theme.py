"""A Hexo theme's settings (Butterfly's, NexT's) as blogforge's, where it has them.

A Hexo site keeps its theme's settings in `_config.THEME.yml` beside `_config.yml`, or under
`theme_config:` in `_config.yml` (Hexo 5), over the theme's own defaults
(`themes/THEME/_config.yml`, or the npm package's). blogforge's theme is its own, but some of
those settings have counterparts:

- comments (Butterfly's `comments: {use: Twikoo}` with `twikoo: {envId}`, `waline:
  {serverURL}`, `giscus: {…}`; NexT's `comments: {active: …}` and its plugins' `waline`,
  `twikoo`, `giscus` with `enable: true`) → site.yaml's `comments`;
- the licence under each post (Butterfly's `post_copyright.license`, NexT's
  `creative_commons` with `post: true`) → site.yaml's `license`;
- the site's icon (`favicon`: Butterfly's path, NexT's `medium`/`small`) → `static/favicon.*`,
  which every page links;
- search consoles' codes (NexT's `google_site_verification` and its like, Butterfly's
  `site_verification` list of tags) → site.yaml's `verification`;
- HTML added to every page (Butterfly's `inject.head`, `inject.bottom`) and the footer's own
  text (Butterfly's `footer.custom_text`, NexT's `footer.beian`, often the ICP 备案 number)
  → `templates/partials/head_extra.html` and `templates/partials/footer.html`, the theme's
  hooks for them.

The header menu is read by hexo_menu.py. Settings a reader would miss (the avatar, social
links, the announcement) are reported one a line with what blogforge does instead; the rest
are named in one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from blogforge.config import VERIFICATION_META
from blogforge.importer import Site, read_yaml
from blogforge.templates import THEME_DIR
from blogforge.yamlfile import YamlSyntaxError, parse_yaml

# What the report says of a setting a reader would miss, by its key.
_WAYS = {
    "avatar": "blogforge's theme shows no avatar; a template of your own can (README: "
              "*Overriding the theme*), the picture in static/",
    "social": "put the links in the header menu (`languages.LANG.menu` in site.yaml: "
              "`{name: GitHub, url: https://github.com/…}`) or in "
              "templates/partials/footer.html",
    "announcement": "write it as a post pinned on top of the home page (`pinned: true`), or "
                    "in a template of your own (templates/home.html extending "
                    "theme/home.html)",
    "custom_file_path": "NexT's Nunjucks files are not read: copy their HTML into "
                        "templates/partials/head_extra.html (the <head>) or "
                        "templates/partials/footer.html (the end of every page)",
}
# The keys read here, by hexo_menu.py, or reported on their own: not among "the rest".
_READ = frozenset({"comments", "twikoo", "waline", "giscus", "post_copyright",
                   "creative_commons", "favicon", "inject", "footer", "menu", "navbar",
                   "avatar", "social", "aside", "custom_file_path", "site_verification",
                   *(f"{engine}_site_verification" for engine in ("google", "bing", "baidu",
                                                                  "yandex", "naver", "sogou"))})
# A search engine's <meta> name (Butterfly's list names them) -> its key under `verification`
_VERIFICATION_NAMES = {meta: engine for engine, meta in VERIFICATION_META.items()}
PROVIDERS = ("twikoo", "waline", "giscus")
# Other comment systems' settings (Butterfly's, NexT's): said with `comments`, if it names them
_OTHER_COMMENTS = frozenset({"valine", "disqus", "disqusjs", "livere", "gitalk", "utterances",
                             "facebook_comments", "artalk", "remark42", "changyan"})
_ICONS = (".svg", ".ico", ".png")  # (what the build links: pages.FAVICONS)
_SHOWN = 8  # settings named in the line of the rest
_TAG_OPENING = re.compile(r"\{(?=[{%#])")  # (Jinja's `{{`, `{%`, `{#`)


@dataclass(frozen=True)
class ThemeSettings:
    """The theme's settings as Hexo merged them, and where the site's own were written."""

    name: str
    merged: dict  # the theme's defaults under the site's own
    own: dict  # the site's own (`_config.THEME.yml`, then `theme_config`)
    where: dict[str, tuple[Path, int | None]]  # a top-level key of `own` -> its file and line


def read_theme_settings(site: Site, theme: object, config: dict,
                        lines: dict[str, int]) -> ThemeSettings | None:
    """The settings of the Hexo theme `theme`; None when the site writes none of its own."""
    if not theme:
        return None
    name = str(theme)
    own: dict = {}
    where: dict[str, tuple[Path, int | None]] = {}
    beside = site.src / f"_config.{name}.yml"
    if beside.is_file():
        data, key_lines = read_yaml(site, beside)
        own = _merged(own, data)
        where.update({key: (beside, key_lines.get(key)) for key in data})
    inline = config.get("theme_config")
    if isinstance(inline, dict):  # (over _config.THEME.yml, as Hexo 5 reads them)
        own = _merged(own, inline)
        where.update({str(key): (site.src / "_config.yml", lines.get("theme_config"))
                      for key in inline})
    if not own:
        return None
    defaults: dict = {}
    for path in (site.src / "themes" / name / "_config.yml",
                 site.src / "node_modules" / f"hexo-theme-{name}" / "_config.yml"):
        if path.is_file():
            defaults = _read_quietly(path)
            break
    return ThemeSettings(name, _merged(defaults, own), own, where)


def import_theme_settings(site: Site, settings: ThemeSettings, source: Path,
                          menu_read: bool) -> None:
    """Carry over what `settings` have a blogforge counterpart of (see the module's text),
    and report the rest; `source`: Hexo's source folder (a favicon's path is below it);
    `menu_read`: the header menu was (hexo_menu.py)."""
    _comments(site, settings)
    _license(site, settings)
    _favicon(site, settings, source)
    _verification(site, settings)
    _hooks(site, settings)
    for key in ("avatar", "social", "custom_file_path"):
        if _set(settings.own.get(key)):
            site.note(*settings.where[key], f"`{key}` not imported: {_WAYS[key]}")
    aside = settings.own.get("aside")
    card = aside.get("card_announcement") if isinstance(aside, dict) else None
    if isinstance(card, dict) and card.get("enable") is not False and _set(card.get("content")):
        site.note(*settings.where["aside"], "`aside.card_announcement` not imported: "
                  + _WAYS["announcement"])
    rest = [key for key in settings.own if key not in _READ and key not in _OTHER_COMMENTS]
    if rest:
        named = ", ".join(f"`{key}`" for key in rest[:_SHOWN])
        more = f" and {len(rest) - _SHOWN:,} more" if len(rest) > _SHOWN else ""
        first = settings.where[rest[0]]
        site.note(first[0], None, f"theme settings not imported: {named}{more} (settings of "
                  f"the {settings.name} theme's own; blogforge has its own theme: override its "
                  "templates in templates/)" + ("; its menu is site.yaml's `menu`"
                                                if menu_read else ""))


def _comments(site: Site, settings: ThemeSettings) -> None:
    """site.yaml's `comments` from the first comment system the theme used that blogforge
    has; the others it named are reported."""
    merged = settings.merged
    comments = merged.get("comments") if isinstance(merged.get("comments"), dict) else {}
    chosen = comments.get("use") or comments.get("active")  # (Butterfly's, NexT's)
    named = [part.strip() for part in (chosen.split(",") if isinstance(chosen, str)
                                       else chosen if isinstance(chosen, list) else [])
             if isinstance(part, str) and part.strip()]
    enabled = [name for name in PROVIDERS if isinstance(merged.get(name), dict)
               and merged[name].get("enable") is True]  # (NexT's plugins)
    if not named and not enabled:
        return
    key = next((key for key in ("comments", *(n.lower() for n in (*named, *enabled)))
                if key in settings.where), None)
    where = settings.where[key] if key else (site.src / "_config.yml", None)
    written = False
    for name in dict.fromkeys([*named, *enabled]):
        provider = name.lower()
        values = provider_settings(provider, merged.get(provider))
        if provider not in PROVIDERS:
            site.note(*where, f"comments `{name}` not imported: blogforge has giscus, Waline "
                      "and Twikoo (site.yaml `comments`)")
        elif written:
            site.note(*where, f"comments `{name}` not imported: blogforge shows one comment "
                      "system (site.yaml `comments`)")
        elif isinstance(values, str):
            site.note(*where, f"comments `{name}` not imported: {values}")
        else:
            site.set("comments", {"provider": provider, **values},
                     _origin(site, settings, provider if provider in settings.where
                             else key or "comments"))
            written = True


# Each provider's settings: blogforge's key -> the theme's keys for it (Butterfly, NexT's
# plugins), those blogforge needs first.
_PROVIDER_KEYS = {
    "twikoo": {"env_id": ("envId", "env_id"), "region": ("region",)},
    "waline": {"server_url": ("serverURL", "serverUrl", "server_url")},
    "giscus": {"repo": ("repo",), "repo_id": ("repo_id", "repoId"),
               "category": ("category",), "category_id": ("category_id", "categoryId"),
               "mapping": ("mapping",)},
}
_NEEDED = {"twikoo": ("env_id",), "waline": ("server_url",),
           "giscus": ("repo", "repo_id", "category", "category_id")}


def provider_settings(provider: str, options: object) -> dict[str, str] | str:
    """blogforge's `comments` keys of a provider from the theme's settings of it (Butterfly's
    giscus names its category in `option: {data-category: …}`), or what is missing."""
    if provider not in _PROVIDER_KEYS:
        return {}
    options = options if isinstance(options, dict) else {}
    extra = options.get("option") if isinstance(options.get("option"), dict) else {}
    values = {}
    for key, names in _PROVIDER_KEYS[provider].items():
        found = next((options[name] for name in names if _set(options.get(name))),
                     extra.get(f"data-{key.replace('_', '-')}"))
        if _set(found):
            values[key] = str(found).strip()
    missing = [key for key in _NEEDED[provider] if key not in values]
    if missing:
        return (f"its settings lack {', '.join(f'`{key}`' for key in missing)}, which "
                f"blogforge needs: write them under `comments` in site.yaml, with "
                f"`provider: {provider}`")
    return values


# NexT's `creative_commons.license` ids -> the licence's name
_CC = {"by": "CC BY 4.0", "by-sa": "CC BY-SA 4.0", "by-nd": "CC BY-ND 4.0",
       "by-nc": "CC BY-NC 4.0", "by-nc-sa": "CC BY-NC-SA 4.0", "by-nc-nd": "CC BY-NC-ND 4.0",
       "zero": "CC0 1.0", "cc0": "CC0 1.0"}


def _license(site: Site, settings: ThemeSettings) -> None:
    merged = settings.merged
    butterfly = merged.get("post_copyright")
    if isinstance(butterfly, dict) and butterfly.get("enable") is not False \
            and _set(butterfly.get("license")):
        value = {"name": str(butterfly["license"]).strip()}
        if _set(butterfly.get("license_url")):
            value["url"] = str(butterfly["license_url"]).strip()
        site.set("license", value, _origin(site, settings, "post_copyright"))
        return
    next_cc = merged.get("creative_commons")
    if isinstance(next_cc, dict) and next_cc.get("post") is True \
            and str(next_cc.get("license", "")).lower() in _CC:
        site.set("license", {"name": _CC[str(next_cc["license"]).lower()]},
                 _origin(site, settings, "creative_commons"))


def _verification(site: Site, settings: ThemeSettings) -> None:
    """Search consoles' codes: NexT's `google_site_verification: CODE` (and bing_, baidu_,
    yandex_…), Butterfly's `site_verification: [{name: google-site-verification, content:
    CODE}]`; the site's own, not the theme's defaults (empty)."""
    own = settings.own
    codes: dict[str, str] = {}
    first_key = None
    for engine in VERIFICATION_META:
        key = f"{engine}_site_verification"
        if isinstance(own.get(key), str | int) and str(own[key]).strip():
            codes[engine] = str(own[key]).strip()
            first_key = first_key or key
    listed = own.get("site_verification")
    for tag in listed if isinstance(listed, list) else []:
        engine = _VERIFICATION_NAMES.get(str(tag.get("name", ""))) \
            if isinstance(tag, dict) else None
        if engine is not None and _set(tag.get("content")):
            codes.setdefault(engine, str(tag["content"]).strip())
            first_key = first_key or "site_verification"
    if codes and first_key is not None:
        site.set("verification", codes, _origin(site, settings, first_key))


def _favicon(site: Site, settings: ThemeSettings, source: Path) -> None:
    """The theme's icon as `static/favicon.*`, which every page links; where the site has one
    there already, or the icon is elsewhere or of another kind, it is said."""
    value = settings.merged.get("favicon")
    if isinstance(value, dict):  # (NexT's sizes: the larger of its small icons)
        value = value.get("medium") or value.get("small")
    if not isinstance(value, str) or not value.strip() or "favicon" not in settings.own:
        return
    where = settings.where["favicon"]
    if "://" in value or value.startswith("//"):
        site.note(*where, f"`favicon: {value}` not imported: another site's picture; put the "
                  "icon in static/ as favicon.svg, favicon.ico or favicon.png")
        return
    rel = value.strip().lstrip("/")
    found = next((folder / rel for folder in (
        source, site.src / "themes" / settings.name / "source",
        site.src / "node_modules" / f"hexo-theme-{settings.name}" / "source")
        if (folder / rel).is_file()), None)
    if found is not None and not found.resolve().is_relative_to(site.src.resolve()):
        # (`../../../.ssh/id_rsa`, or a link out: another's export copied any file of ours)
        site.note(*where, f"`favicon: {value}` not imported: it is outside the Hexo folder")
        return
    suffix = Path(rel).suffix.lower()
    if found is None or suffix not in _ICONS:
        why = "not found in source/ nor the theme's" if found is None else \
            "blogforge links static/favicon.svg, .ico or .png: save it as one of these"
        site.note(*where, f"`favicon: {value}` not imported: {why}")
        return
    present = next((f"static/favicon{kind}" for kind in _ICONS
                    if (site.dest / "static" / f"favicon{kind}").exists()), None)
    if present is not None:  # (the site's own: the build links it)
        if present != f"static/{rel}":
            site.note(*where, f"`favicon: {value}` not imported: the site's {present} is "
                      "its icon")
        return
    site.copy(found, f"static/favicon{suffix}")
    site.note(*where, f"`favicon: {value}` copied to static/favicon{suffix}, which every "
              "page links")


def _hooks(site: Site, settings: ThemeSettings) -> None:
    """Butterfly's `inject.head` into templates/partials/head_extra.html; its
    `inject.bottom` and the footer's own text (Butterfly's `footer.custom_text`, NexT's
    `footer.beian`) into templates/partials/footer.html, the theme's footer with them."""
    own = settings.own
    inject = own.get("inject") if isinstance(own.get("inject"), dict) else {}
    head, bottom = (_html_lines(inject.get(part)) for part in ("head", "bottom"))
    footer = own.get("footer") if isinstance(own.get("footer"), dict) else {}
    text = footer.get("custom_text")
    beian = footer.get("beian") if isinstance(footer.get("beian"), dict) else {}
    footer_lines = [str(text).strip()] if _set(text) else []
    if beian.get("enable") is True and _set(beian.get("icp")):
        footer_lines.append('<a href="https://beian.miit.gov.cn/" rel="noopener" '
                            f'target="_blank">{beian["icp"]}</a>')
    if head:
        origin = _comment(settings.where["inject"][0].name)
        _write_partial(site, settings, "inject", "head_extra.html",
                       f"{{# `inject.head` of {origin}, written by `blogforge import hexo`: "
                       "added to every page's <head> #}\n" + _raw(head) + "\n")
    if bottom or footer_lines:
        key = "footer" if footer_lines else "inject"
        theme_footer = (THEME_DIR / "templates/partials/footer.html").read_text(
            encoding="utf-8").rstrip("\n")
        if footer_lines:  # (in the theme's footer, after its line: as the old theme had it)
            added = "\n".join(f"    <p>{_raw([line])}</p>" for line in footer_lines)
            theme_footer = theme_footer.replace("\n  </div>\n</footer>",
                                                f"\n{added}\n  </div>\n</footer>", 1)
        parts = ["{# The theme's footer (src/blogforge/theme/templates/partials/footer.html) "
                 f"with what {_comment(settings.where[key][0].name)} added, written by `blogforge "
                 "import hexo` #}", theme_footer, *([_raw(bottom)] if bottom else [])]
        _write_partial(site, settings, key, "footer.html", "\n".join(parts) + "\n")


def _write_partial(site: Site, settings: ThemeSettings, key: str, name: str,
                   text: str) -> None:
    target = f"templates/partials/{name}"
    file, line = settings.where[key]
    if (site.dest / target).exists():
        site.note(file, line, f"`{key}` not imported: {target} is already taken")
        return
    site.write_text(file, target, text)
    site.note(file, line, f"`{key}`: written into {target} (blogforge's hook for it), "
              "as the old theme added it to every page"
              + (": read it over (every reader loads the scripts it names, another site's "
                 "too)" if "<script" in text.lower() else ""))


def _html_lines(value: object) -> list[str]:
    """Butterfly's `inject` lines: a list of HTML strings (or one)."""
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if _set(item)]


def _raw(lines: list[str]) -> str:
    """HTML lines as a template shows them, whatever braces they hold (`{{`, `{%`, `{#`):
    each `{` that would open a tag is written as `{{ '{' }}`, so no text of the old site's
    is ever live. (A `{% raw %}` block was ended by the text itself: `{%endraw%}`,
    `{%- endraw %}` and the like, and what followed ran as a template.)"""
    return "\n".join(_TAG_OPENING.sub("{{ '{' }}", line) for line in lines)


def _comment(text: str) -> str:
    """Text for inside a `{# … #}` comment (a file name the old site chose): never its end."""
    return text.replace("#}", "# }")


def _origin(site: Site, settings: ThemeSettings, key: str) -> str:
    file, line = settings.where.get(key, (site.src / "_config.yml", None))
    rel = file.relative_to(site.src).as_posix()
    return f"{rel}:{line} ({key})" if line else f"{rel} ({key})"


def _set(value: object) -> bool:
    """Whether a setting holds something: not empty, null or false."""
    return value not in (None, "", [], {}, False)


def _merged(base: dict, over: dict) -> dict:
    """`over` over `base`, mappings merged key by key (as Hexo merges a theme's settings)."""
    merged = dict(base)
    for key, value in over.items():
        key = str(key)
        merged[key] = _merged(merged[key], value) if isinstance(value, dict) \
            and isinstance(merged.get(key), dict) else value
    return merged


def _read_quietly(path: Path) -> dict:
    """A theme's own settings; {} when they cannot be read (they are its defaults: the site's
    own are what the report is about)."""
    try:
        data = parse_yaml(path.read_text(encoding="utf-8-sig")).data
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return {}
    return data if isinstance(data, dict) else {}
