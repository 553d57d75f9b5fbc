"""Theme text per language: the theme's i18n/*.yaml, overridden by the site's i18n/*.yaml.

A string missing in a language falls back to English. What a language misses is reported once
a build, as the strings are loaded, in one message: the same whatever the build renders (an
edit renders a few pages, a pool renders in other processes, a no-change build nothing).
So is a site's string that the theme cannot fill in (a `{placeholder}` it does not give, a lone
brace): at its line, the theme's own text taking its place, instead of a template error on
every page that shows it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from string import Formatter

from markupsafe import Markup, escape

from blogforge.diagnostics import Diagnostic, Diagnostics, not_utf8
from blogforge.language_codes import base_language, written_in_traditional_chinese
from blogforge.scratch_files import site_files
from blogforge.text import close_matches
from blogforge.yamlfile import BOOLEAN_HINT, ParsedYaml, YamlDocument, YamlSyntaxError

THEME_I18N = Path(__file__).parent / "theme" / "i18n"
FALLBACK = "en"
TRADITIONAL = "zh-Hant"  # the theme's strings for Chinese in Traditional script
# ... and for the Simplified one on a site that has both (阅读简体中文版, not 阅读中文版: the
# names `language_name` gives them there)
SIMPLIFIED = "zh-Hans"
_DATE_KEYS = ("date_format", "month_format")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass
class Strings:
    """One language's strings, with the English fallback."""

    lang: str
    table: dict[str, str]
    fallback: dict[str, str]
    diagnostics: Diagnostics
    # what each place asking for a string no language has is told (close matches looked for
    # among every string: not again for each page, each card of a list that asks)
    told: dict[tuple[str, Path | None, int | None], Diagnostic] = field(default_factory=dict)
    # the warning that says which strings English lends (`--strict` does not make it an error)
    untranslated: Diagnostic | None = None

    def __call__(self, key: str, **values: object) -> str:
        text = self.written(key)
        if text is None:  # (a site's own template asks for a string of its own)
            text = key
            self._report_missing(key)
        if not values:
            return text
        try:
            return text.format(**values)
        except (KeyError, IndexError) as exc:
            # (a template's `t('tag', nam=x)`: "KeyError: 'name'" was all it said; said as
            # Jinja says a name the page lacks, at the template's line)
            import jinja2

            given = ", ".join(f"{name}=…" for name in values)
            asked = exc.args[0] if isinstance(exc, KeyError) else _first_positional(text)
            raise jinja2.UndefinedError(
                f"string `{key}` ({text!r}) uses {{{asked}}}, which t('{key}', {given}) "
                "does not give") from None

    def written(self, key: str) -> str | None:
        """A string's text as written (this language's, else English's), before any `{n}`."""
        text = self.table.get(key)
        return text if text is not None else self.fallback.get(key)

    def language_of(self, key: str) -> str:
        """The language of the text shown for `key`: this one, or English when this language
        has no such string and English lends its own (a page marks such text `lang="en"`, or
        a screen reader reads it in this language's voice)."""
        return FALLBACK if key not in self.table and key in self.fallback else self.lang

    def lang_attribute(self, key: str) -> Markup:
        """` lang="en"` for the element that shows `key`'s text when English lends it, else
        nothing: on a `lang="fr"` page, "Skip to content" read in a French voice is noise."""
        return Markup(f' lang="{FALLBACK}"') if self.language_of(key) != self.lang else Markup()

    def html(self, key: str, **values: object) -> Markup:
        """`key`'s text for a page, in a `<span lang="en">` when English lends it: for text
        that shares its element with other text (a link beside it, a title)."""
        text = escape(self(key, **values))
        return Markup(f'<span lang="{FALLBACK}">{text}</span>') \
            if self.language_of(key) != self.lang else text

    def _report_missing(self, key: str) -> None:
        """Once for each place that asks for it among the messages gathered (a page's, as
        the renderer gathers each page's apart: a later build keeping the page says them
        again): the template file and line of `t('x')` (a typo of a key is found where it
        was typed), else the string's name alone."""
        from blogforge.templates import calling_template  # (a template is running: loaded)

        path, line = calling_template() or (None, None)
        warning = self.told.get((key, path, line))
        if warning is None:
            # (on an English page "no `en` translation, nor an English one" said one thing
            # twice; a typo of a string there is, `t('read_mor')`, is named with it)
            lacks = "no English text" if base_language(self.lang) == FALLBACK else \
                f"no `{self.lang}` translation, nor an English one"
            close = close_matches(key, [*self.table, *self.fallback], n=1)
            meant = f"; did you mean `{close[0]}`?" if close else "."
            warning = self.told[key, path, line] = Diagnostic(
                "warning", f"string `{key}` has {lacks}: shown as its name{meant} Add it to "
                f"i18n/{self.lang}.yaml", path, line)
        if warning not in self.diagnostics.items:
            self.diagnostics.items.append(warning)

    def date(self, value: datetime | None, fmt: str = "") -> str:
        if value is None:
            return ""
        try:
            return format_date(value, fmt or self("date_format"))
        except DATE_FORMAT_ERRORS:  # reported where the format was read; the page still builds
            return value.date().isoformat()

    def month(self, value: datetime) -> str:
        return self.date(value, self("month_format"))


# What a broken `{placeholder}` format raises.
DATE_FORMAT_ERRORS = (KeyError, IndexError, ValueError, AttributeError)


def format_date(value: datetime, fmt: str) -> str:
    """A date in a format that may use `{placeholders}`, strftime `%` codes, or both:
    `{year}年{month}月{day}日`, `%Y-%m-%d`, `{month_name} %d, %Y`."""
    if "{" in fmt:
        fmt = fmt.format(
            year=value.year, month=value.month, day=value.day, month_name=_MONTHS[value.month - 1],
            month_abbr=_MONTHS[value.month - 1][:3], month2=f"{value.month:02d}",
            day2=f"{value.day:02d}")
    return value.strftime(fmt) if "%" in fmt else fmt


# strftime's codes (Python's, and the C library's that Linux and macOS share: `%-d`, `%e`),
# with the flags that may come between `%` and the letter
_STRFTIME_CODE = re.compile(r"%[-_0^#]?([A-Za-z%])")
_KNOWN_CODES = frozenset("aAwdbBmyYHIpMSfzZjUWcxXGuVeklPsnTtCDFRrhg%")
_PLACEHOLDERS = ("year", "month", "day", "month2", "day2", "month_name", "month_abbr")
_USE = ("use {year} {month} {day} {month2} {day2} {month_name} {month_abbr} or strftime codes "
        "such as %Y-%m-%d")


def date_format_problem(fmt: str) -> str | None:
    """Why `fmt` cannot format a date, or None: it fails, it holds a `%` code strftime does
    not know (which it would print as written), or it shows nothing of the date (`2024`, a
    number where a format was meant: every date would read the same)."""
    try:
        shown = {format_date(day, fmt) for day in (datetime(2024, 5, 1, 13, 45),
                                                    datetime(2023, 11, 12, 8, 5))}
    except KeyError as exc:  # (a placeholder misspelt: `{yaer}`)
        close = close_matches(str(exc.args[0]), _PLACEHOLDERS, n=1)
        meant = f"did you mean {{{close[0]}}}? " if close else ""
        return f"date format `{fmt}`: no placeholder {{{exc.args[0]}}}; {meant}{_USE}"
    except DATE_FORMAT_ERRORS as exc:
        return f"date format `{fmt}` does not work ({exc.__class__.__name__}: {exc}); {_USE}"
    unknown = [m.group(0) for m in _STRFTIME_CODE.finditer(fmt.replace("{", "").replace("}", ""))
               if m.group(1) not in _KNOWN_CODES]
    if unknown:
        return f"date format `{fmt}`: `{unknown[0]}` is no strftime code; {_USE}"
    if any(m.group(1) == "s" for m in _STRFTIME_CODE.finditer(fmt)):  # (the C library's)
        return (f"date format `{fmt}`: `%s` counts seconds in the zone of the machine that "
                f"builds, so a laptop and CI print different numbers; {_USE}")
    if len(shown) == 1:
        return f"date format `{fmt}` shows nothing of the date (every date reads `{fmt}`); {_USE}"
    return None


def load_strings(site_dir: Path, languages: list[str], diagnostics: Diagnostics,
                 parsed: ParsedYaml | None = None) -> dict[str, Strings]:
    """Each language's strings: the theme's, under the site's i18n/ files; `parsed`: the YAML
    documents earlier builds read."""
    parse = (parsed or ParsedYaml()).parse  # (a memo of nothing parses every file)
    theme = parse((THEME_I18N / f"{FALLBACK}.yaml").read_text("utf-8")).data
    # What the theme fills each string in with: the placeholders of its own English text.
    given = {str(key): placeholders_of(str(text)) for key, text in theme.items()}
    named = _named_by_site_templates(site_dir / "templates")
    tables, unreadable = {}, set()
    for code in sorted({*languages, FALLBACK}):
        errors_before = len(diagnostics.errors)
        tables[code] = _read_layers(code, site_dir, diagnostics, given, named, parse,
                                    languages)
        if len(diagnostics.errors) > errors_before:
            unreadable.add(code)
    _report_unread(site_dir, languages, diagnostics)
    strings = {code: Strings(code, tables[code], tables[FALLBACK], diagnostics)
               for code in languages}
    for code in languages:
        if code in unreadable:  # (its file's error is said: the strings in it are not missing)
            continue
        if missing := sorted(tables[FALLBACK].keys() - tables[code].keys()):
            strings[code].untranslated = untranslated_note(
                code, missing, set(given), _site_english_file(site_dir, languages))
            diagnostics.items.append(strings[code].untranslated)
    return strings


def untranslated_note(code: str, missing: list[str], theme_keys: set[str] | frozenset[str],
                      site_english: str = "i18n/en.yaml") -> Diagnostic:
    """What a language's pages show in English, and where the English is to translate from:
    the theme's en.yaml for its strings, the site's own English file (`site_english`) for
    strings only the site has (`t('notice')` of its own templates), which the theme's file
    lacks. A warning `--strict` leaves a warning (a site in a language the theme has no
    strings for would never publish until every one was translated; Hugo and Hexo show them
    in English)."""
    from_theme = [key for key in missing if key in theme_keys]
    from_site = [key for key in missing if key not in theme_keys]
    sources = [f"from {THEME_I18N / (FALLBACK + '.yaml')} into i18n/{code}.yaml: "
               f"{', '.join(from_theme)}"] if from_theme else []
    if from_site:
        into = "" if from_theme else f" into i18n/{code}.yaml"
        sources.append(f"from {site_english}{into}: {', '.join(from_site)}")
    return Diagnostic(
        "warning", f"{len(missing)} string{'s' * (len(missing) != 1)} with no `{code}` "
        f"translation, shown in English (marked lang=\"en\"); to translate them, copy their "
        f"lines {'; and '.join(sources)}")


def _site_english_file(site_dir: Path, languages: list[str]) -> str:
    """The site's own file of English strings, as a message names it (`i18n/en.yaml`)."""
    own = [path for path in _layer_files(FALLBACK, site_dir, languages)
           if path.parent != THEME_I18N]
    return f"i18n/{own[-1].name}" if own else f"i18n/{FALLBACK}.yaml"


def _first_positional(text: str) -> str:
    """The first `{0}` or `{}` of a text, as written up to its `.`/`[`: the place a value given
    by name cannot fill (str.format's IndexError names no place: "Replacement index 0 out of
    range for positional args tuple" was shown as the place)."""
    return next((base for _, name, _, _ in Formatter().parse(text) if name is not None
                 and ((base := re.split(r"[.\[]", name, maxsplit=1)[0]) == "" or base.isdigit())),
                "")


def placeholders_of(text: str) -> frozenset[str]:
    """The `{names}` in one of the theme's own strings (which are well formed)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(text) if name)


def placeholder_problem(key: str, text: str, given: frozenset[str]) -> str | None:
    """Why the site's `text` for `key` cannot be filled in with the values the theme gives
    (`given`), or None. Checked as the strings load, or the page that first shows the string
    would fail, blamed on the theme's template."""
    may = f"it may use {' and '.join(f'{{{name}}}' for name in sorted(given))}"
    try:
        fields = [(name, spec, conversion)
                  for _, name, spec, conversion in Formatter().parse(text) if name is not None]
    except ValueError as exc:
        brace = ("`}` that closes nothing" if "Single '}'" in str(exc)
                 else "`{` that is never closed")
        return f"`{key}` has a {brace}; {may}, and `{{{{` or `}}}}` shows a brace itself"
    for name, spec, conversion in fields:
        written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        if name not in given:
            return f"`{key}` uses {{{written}}}, which is not given; {may}"
        if spec or conversion:  # a spec fits one type of value: the theme promises none
            return f"`{key}` uses {{{written}}}: write placeholders plainly, as {{{name}}}"
    return None


def _named_by_site_templates(folder: Path) -> str:
    """The text of a site's own templates, where a string of its own is asked for by name
    (`t('my_projects')`): such a string is no stray. (Read as text, so a quoted name anywhere
    counts: a typo of a theme string, named nowhere, is still found.)"""
    texts = []
    for path in site_files(folder):
        with contextlib.suppress(OSError, UnicodeDecodeError):  # (reported by the renderer)
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def _is_named_in(key: str, text: str) -> bool:
    return f"'{key}'" in text or f'"{key}"' in text


def _report_unread(site_dir: Path, languages: list[str], diagnostics: Diagnostics) -> None:
    """A string file no language of the site reads (`i18n/fr.yaml` on a zh+en site, or
    `i18n/zh-CN.yaml` where the language is `zh`) is a warning: its strings were left out
    without a word."""
    read = {path for code in {*languages, FALLBACK}
            for path in _layer_files(code, site_dir, languages)}
    for path in site_files(site_dir / "i18n"):
        if path.suffix == ".yml":
            diagnostics.warning(f"string files are read as LANG.yaml: rename it {path.stem}.yaml",
                                path)
        elif path.suffix == ".yaml" and path not in read:
            also = f"; name it i18n/{base_language(path.stem)}.yaml" \
                if base_language(path.stem) in languages else ""
            diagnostics.warning(f"no language of this site is `{path.stem}` "
                                f"({', '.join(languages)}): its strings are not read{also}", path)


def _layer_files(code: str, site_dir: Path, site_codes: Iterable[str] = ()) -> list[Path]:
    """The string files of a language, each overriding those before it: the theme's, then the
    site's; in each, its base language's (zh.yaml for zh-CN, zh-Hans or zh_TW), then, for
    Chinese in Traditional script, zh-Hant.yaml (the theme's: zh-TW, zh-HK and zh-Hant read
    alike), for Simplified Chinese on a site (`site_codes`) with a Traditional one too,
    zh-Hans.yaml, then its own (a site's zh-TW.yaml for what Taiwan writes otherwise)."""
    script = [TRADITIONAL] if written_in_traditional_chinese(code) else [SIMPLIFIED] if (
        base_language(code) == "zh" and any(map(written_in_traditional_chinese, site_codes))
    ) else []
    names = list(dict.fromkeys(_folded(name) for name in [base_language(code), *script, code]))
    paths = []
    for folder in (THEME_I18N, site_dir / "i18n"):
        # a file is named as a language's code is matched, but for case and `_`: the
        # README's own i18n/zh-TW.yaml is the strings of a site's `zh-tw` (and `zh_TW.yaml`)
        files = [path for path in site_files(folder)
                 if path.parent == folder and path.suffix == ".yaml"]
        paths += [path for name in names for path in files if _folded(path.stem) == name]
    return list(dict.fromkeys(paths))


def _folded(code: str) -> str:
    return code.replace("_", "-").lower()


def _read_layers(code: str, site_dir: Path, diagnostics: Diagnostics,
                 given: dict[str, frozenset[str]], named: str,
                 parse: Callable[[str], YamlDocument],
                 site_codes: Iterable[str] = ()) -> dict[str, str]:
    """`named`: the text of the site's own templates, which may ask for strings of their own."""
    table: dict[str, str] = {}
    for path in _layer_files(code, site_dir, site_codes):
        try:
            doc = parse(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            diagnostics.error(not_utf8(path.read_bytes()), path)
            continue
        except YamlSyntaxError as exc:
            diagnostics.error(f"broken YAML: {exc}", path, exc.line)
            continue
        data = doc.data or {}
        if not isinstance(data, dict):
            diagnostics.error("should be `key: text` lines", path, 1)
            continue
        for key, value in data.items():
            line = doc.line_of((str(key),))
            if isinstance(value, (dict, list)) or value is None:
                diagnostics.error(f"`{key}` should be text", path, line)
            elif isinstance(value, bool):  # (`read_more: no` showed "False" on every card)
                diagnostics.error(f"`{key}` should be text, not `{str(value).lower()}` "
                                  f"({BOOLEAN_HINT})", path, line)
            elif key in _DATE_KEYS and date_format_problem(str(value)):
                diagnostics.error(f"`{key}`: {date_format_problem(str(value))}", path, line)
            elif path.parent != THEME_I18N and str(key) not in given:
                if not _is_named_in(str(key), named):
                    close = close_matches(str(key), list(given), n=1)
                    diagnostics.warning(f"`{key}` is not a string the theme or the site's "
                                        "templates use"
                                        + (f"; did you mean `{close[0]}`?" if close else ""),
                                        path, line)
                table[str(key)] = str(value)  # a site's own templates may still use it
            elif key not in _DATE_KEYS and given.get(str(key)) and (
                    problem := placeholder_problem(str(key), str(value), given[str(key)])):
                # (strings the theme fills in only: the others are shown as written, braces too)
                diagnostics.error(problem, path, line)  # (the theme's text stays: pages render)
            else:
                table[str(key)] = str(value)
    return table
