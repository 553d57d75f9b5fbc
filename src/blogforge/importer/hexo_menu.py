"""A Hexo theme's header menu, as site.yaml's `languages.LANG.menu` holds it.

Hexo keeps the menu in its theme's settings, `_config.THEME.yml` beside `_config.yml` (read
over the theme's own `themes/THEME/_config.yml`):

- NexT, Butterfly, Landscape and their kind: `menu:` maps a name to `/path/ || icon`
  (`archives: /archives/ || fa fa-archive`); NexT's names are ids its languages translate
  (`archives` shows as 归档), Butterfly's are the text shown (`时间轴: /archives/`).
- Fluid: `navbar.menu:` is a list of `{key, link}`.

blogforge's menu is a list of `{name, url}`, its url relative to the language's folder. An
entry that opens a submenu (a mapping) is reported: blogforge's header has none.
"""

from __future__ import annotations

from pathlib import Path

from blogforge.i18n import FALLBACK, THEME_I18N
from blogforge.importer import Site
from blogforge.yamlfile import YamlSyntaxError, parse_yaml

# NexT's menu ids that blogforge's theme strings name too (`archives` -> 归档)
MENU_IDS = frozenset({"home", "archives", "tags", "categories", "about", "search"})


def theme_menu(site: Site, theme: object, language: str | None) -> list[dict] | None:
    """The header menu of the Hexo theme `theme` as blogforge's `menu` for `language` (the
    site's first), or None when the theme's settings have none."""
    if not theme:
        return None
    for path in (site.src / f"_config.{theme}.yml", site.src / "themes" / str(theme) /
                 "_config.yml"):
        settings = _read(path)
        navbar = settings.get("navbar")
        menu = settings.get("menu", navbar.get("menu") if isinstance(navbar, dict) else None)
        if isinstance(menu, (dict, list)) and menu:
            return _entries(site, path, menu, theme_names(language))
    return None


def _read(path: Path) -> dict:
    try:
        data = parse_yaml(path.read_text(encoding="utf-8-sig")).data
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return {}  # (the import says the theme's settings are not imported, whatever they are)
    return data if isinstance(data, dict) else {}


def theme_names(language: str | None) -> dict:
    """blogforge's theme strings in `language` (English where it has none)."""
    names = _read(THEME_I18N / f"{FALLBACK}.yaml")
    return {**names, **_read(THEME_I18N / f"{language}.yaml")} if language else names


def _entries(site: Site, path: Path, menu: dict | list, names: dict) -> list[dict]:
    items = []
    pairs = menu.items() if isinstance(menu, dict) else (
        (entry.get("key") or entry.get("name"), entry.get("link"))
        for entry in menu if isinstance(entry, dict))
    for key, value in pairs:
        label = str(key).split("||")[0].strip()
        if isinstance(value, dict):
            site.note(path, None, f"menu entry `{label}` opens a submenu: not imported "
                                  "(blogforge's header has none; add its pages to "
                                  "site.yaml's `menu` one by one)")
            continue
        target = value.split("||")[0].strip() if isinstance(value, str) else ""
        if not label or not target:
            continue
        shown = names.get(label.lower(), label) if label.lower() in MENU_IDS else label
        # (Hexo's paths are below its `root`, as blogforge's are below its base URL)
        url = target if "://" in target else target.lstrip("/")
        items.append({"name": str(shown), "url": url})
    return items
