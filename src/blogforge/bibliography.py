"""BibTeX bibliographies: the files a post cites from, read with pybtex, and each entry as an
author-date style prints it (a citation's "Kingma & Welling, 2013", the references' line).

Writers coming from Quarto, Pandoc or Hugo with pandoc keep a `refs.bib` (exported from
Zotero) and name it in the front matter (`bibliography: refs.bib`) or site.yaml. pybtex reads
it: its parser is BibTeX's (`@string`, `crossref`, `and others`, months), it goes on past a
broken entry and says the line, and its LaTeX reader (latexcodec) makes `{\\"u}` ü and
`{BERT}` BERT. Its own styles are BibTeX's numbered ones (plain, alpha), so the author-date
look is made here: Chicago's reference list, as Pandoc's and Quarto's default prints it, and
citations in the "(Kingma & Welling, 2013)" form. A Chinese name is printed whole, family name
first and never inverted ("张三", not "三, 张"), as Pandoc prints a CJK name.

A file is read once a process for its bytes (`read`): the preview builds again on each save.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from blogforge.cache import Store
from blogforge.diagnostics import begins_as_utf16, in_line_order
from blogforge.fingerprint import code_fingerprint, digest, hash_text
from blogforge.name_order import name_key
from blogforge.text import as_chinese_gbk, close_matches, compiled_when_used, has_cjk

# A post's own `bibliography:` replaces the site's, as a document's metadata overrides a
# Quarto project's.
FRONT_MATTER_KEY = "bibliography"
NOCITE_KEY = "nocite"
REFERENCES_KEY = "references"  # Pandoc's entries written in the front matter, as CSL YAML
# Pandoc's and Quarto's other citation keys: the references left out, their heading's title
SUPPRESS_KEY, TITLE_KEY = "suppress-bibliography", "reference-section-title"
# …and those blogforge does not follow, said where they are written
_STYLE_KEYS = ("csl", "citation-style")
_LINK_KEYS = ("link-citations", "link-bibliography")
PANDOC_KEYS = (SUPPRESS_KEY, TITLE_KEY, *_STYLE_KEYS, *_LINK_KEYS)


def pandoc_key_said(key: str, value: Any, site_wide: bool = False) -> str | None:
    """What is said of Pandoc's citation key `key` written with `value` in a post's front
    matter or (`site_wide`) in site.yaml, where blogforge reads none of them; None when
    there is nothing to say (`link-citations: true`: it always links)."""
    if key in _STYLE_KEYS:
        return (f"`{key}: {value}`: citation styles are not supported: citations are printed "
                "author-date, (Kingma & Welling, 2013), and the references in Chicago's "
                "author-date form, as Pandoc's default style prints them")
    if key in _LINK_KEYS:
        if value is False or str(value).strip().lower() in ("false", "no", "off"):
            return (f"`{key}: false` is not followed: citations always link to their "
                    "references, and references to their DOI or URL")
        return None
    if site_wide and key == TITLE_KEY:
        return (f"`{key}` is read from a post's front matter; the references' title of "
                "every post is the theme string `references` (i18n/LANG.yaml: `references: "
                "Works cited`)")
    if site_wide and key == SUPPRESS_KEY:
        return f"`{key}` is read from the front matter of a post whose references it leaves out"
    return None
# Names shown in a reference before "et al." (Chicago: up to ten, else the first seven)
_MOST_NAMES, _NAMES_WHEN_MORE = 10, 7
# Fields that are no text but an address or a name, read verbatim as BibLaTeX, Biber and
# Pandoc read them: as LaTeX, `~` in a URL was a space, `%` began a comment (the rest of the
# URL gone) and `--` a dash
_VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "verba", "verbb", "verbc",
                              "urlraw", "isbn", "issn"})
# Characters a .bib escapes for LaTeX's sake (`\_`, `\%`): in a verbatim field they are
# the characters, since a backslash is in no address (Pandoc keeps it, and its link is broken)
_VERBATIM_ESCAPE = re.compile(r"\\([_%&#$~])(?:\{\})?")
# An eprint's archive (`eprinttype`, `archivePrefix`) as it is named, and its page's address
_EPRINT_NAMES = {"arxiv": "arXiv", "jstor": "JSTOR", "pubmed": "PMID", "hdl": "HDL",
                 "googlebooks": "Google Books", "biorxiv": "bioRxiv", "medrxiv": "medRxiv"}
_EPRINT_URLS = {"arxiv": "https://arxiv.org/abs/", "jstor": "https://www.jstor.org/stable/",
                "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
                "googlebooks": "https://books.google.com?id="}
# Entry types whose title is a whole work (in italics); the others' titles are quoted
_WHOLE_WORKS = frozenset({"book", "proceedings", "manual", "booklet", "mvbook", "collection",
                          "phdthesis", "mastersthesis", "thesis", "report", "techreport"})


def latex_text(value: str) -> str:
    """BibTeX field text as a reader reads it (`bibliography_latex.py`): accents and symbols
    decoded (`{\\"u}` ü, `--` –, `\\&` &), protecting braces dropped, styling commands' text
    kept, a formula as its TeX."""
    # (imported when a .bib file is read: a build of a site that cites nothing never needs it)
    from blogforge.bibliography_latex import read_latex

    return read_latex(value)[1]


def verbatim_text(value: str) -> str:
    """A verbatim field (`url`, `doi`…) as written, but for LaTeX's escapes of punctuation
    (`\\_`, `\\%`) and braces around it all."""
    value = value.strip()
    if value.startswith("{") and value.endswith("}") and "{" not in value[1:-1]:
        value = value[1:-1]
    return _VERBATIM_ESCAPE.sub(r"\1", value).strip()


@dataclass(frozen=True)
class Name:
    """A person of an entry, decoded: family name (with its "von"), given names, "Jr."."""

    family: str
    given: str = ""
    suffix: str = ""

    @property
    def cjk(self) -> bool:
        return has_cjk(self.family + self.given)

    @property
    def short(self) -> str:
        """As a citation names them: the family name; a CJK name whole ("张三")."""
        return self.family + self.given if self.cjk else self.family

    def full(self, inverted: bool = False) -> str:
        """"Diederik P. Kingma", or "Kingma, Diederik P." (`inverted`); a CJK name is never
        inverted: "张三"."""
        if self.cjk:
            return self.family + self.given
        if not self.given:
            return self.family + (f", {self.suffix}" if self.suffix and inverted else
                                  f" {self.suffix}" if self.suffix else "")
        if inverted:
            return f"{self.family}, {self.given}" + (f", {self.suffix}" if self.suffix else "")
        return f"{self.given} {self.family}" + (f" {self.suffix}" if self.suffix else "")


def _name(person: list[str]) -> Name:
    """A person's name parts as written (`_plain`: von, last, first, middle, Jr.) decoded."""
    von, last, first, middle, suffix = map(latex_text, person)
    return Name(" ".join(filter(None, (von, last))), " ".join(filter(None, (first, middle))),
                suffix)


@dataclass(frozen=True)
class Entry:
    """One entry of a bibliography, as the citations and the reference list print it."""

    key: str
    names: tuple[Name, ...]  # its authors, else its editors
    more: bool  # "and others": more names than these
    by_editors: bool
    year: str  # "2013", "n.d."
    title: str
    fields: Mapping[str, str]  # the other fields, decoded (lower-case names)
    kind: str  # the entry type, lower case: article, book, inproceedings…
    # the fields (the title too) as HTML where it is not their text escaped: `\emph`'s
    # italics, and formulas, each as its number in `formulas` between FORMULA_MARKs
    marked: Mapping[str, str] = field(default_factory=dict)
    formulas: tuple[str, ...] = ()  # the TeX of the formulas of its fields

    @property
    def cjk(self) -> bool:
        return bool(self.names and self.names[0].cjk) or (
            not self.names and has_cjk(self.title))

    def cited_names(self) -> str:
        """"Kingma", "Kingma & Welling", "Vaswani et al." (three or more); "张三、李四",
        "张三等"; the title where no one is named."""
        if not self.names:
            return self.title or self.key
        shown = [name.short for name in self.names]
        if self.cjk:
            return shown[0] + "等" if len(shown) > 2 or self.more else "、".join(shown)
        if len(shown) > 2 or self.more:
            return f"{shown[0]} et al."
        return " & ".join(shown)

    def sort_key(self, language: str, readings: Any) -> tuple:
        """As Pandoc sorts a document's references in `language`, by CLDR's collation of it:
        by the names (family, then given names), then the year, then the title. On a Chinese
        page Chinese names come first, by their pinyin (`readings`: 李航 before 周志华), then
        Latin ones whatever their accents and case; on other pages Latin ones first, then
        Chinese ones, by their pinyin too (name_order.py, as the site's indexes sort)."""
        def key(text: str) -> tuple:
            return name_key(text, language, readings)

        people = [(key(n.family), key(n.given)) for n in self.names] \
            or [(key(self.title), key(""))]
        return (people, self.year, key(self.title), self.key)

    def reference_html(self, year: str) -> str:
        """The entry in the reference list (Chicago author-date): names, year, title, where it
        was published, its DOI (else URL) as a link. `year` with its letter when two entries
        would be cited alike ("2013a")."""
        esc = _escape
        parts: list[str] = []
        if self.names:
            names = _listed(self.names, self.more)
            if self.by_editors:
                names += ", eds." if len(self.names) > 1 or self.more else ", ed."
            parts.append(esc(names))
            parts.append(esc(year))
            parts.append(self._title_html())
        else:  # (no one named: the title leads, as the citation names it)
            parts.append(self._title_html())
            parts.append(esc(year))
        parts += [piece for piece in self._where_html() if piece]
        text = " ".join(piece for piece in map(_sentence, parts) if piece)
        link = self._link()
        if link:
            text += f' <a href="{html.escape(link)}">{esc(link)}</a>.'
        return text

    def html_of(self, name: str) -> str:
        """A field as HTML (the title too): its text escaped, or as `marked` holds it."""
        if name in self.marked:
            return self.marked[name]
        return _escape(self.title if name == "title" else self.fields.get(name, ""))

    def _title_html(self) -> str:
        if not self.title:
            return ""
        title = self.html_of("title")
        if self.kind in _WHOLE_WORKS:
            # (its own italics, `\emph`, upright in an italic title, as CSL prints them)
            return "<i>" + title.replace("<em>", '<span style="font-style: normal">').replace(
                "</em>", "</span>") + "</i>"
        # (a title ending in its own ? or ! takes no period inside the quotes)
        ends = self.title[-1] in ".?!"
        return f"“{title}{'' if ends else '.'}”"

    def _where_html(self) -> list[str]:
        """The rest of the entry, each piece a sentence: the journal or the book it is in,
        the publisher, the thesis's school…; and its eprint (`arXiv:2106.09685`) unless a
        piece already says it (Google Scholar's `journal = {arXiv preprint arXiv:…}`)."""
        pieces = self._place_html()
        eprint = _escape(self.fields.get("eprint", "").strip())
        said = re.compile(rf"(?<![\w.]){re.escape(eprint)}(?![\w.])")
        if eprint and not any(said.search(piece) for piece in pieces):
            pieces.append(_escape(self._eprint_text()))
        return pieces

    def _eprint_text(self) -> str:
        """Its eprint named by its archive (`arXiv:2106.09685`), else as written."""
        eprint = self.fields.get("eprint", "")
        prefix = self._eprint_type()
        return f"{_EPRINT_NAMES.get(prefix.casefold(), prefix)}:{eprint}" \
            if prefix and eprint else eprint

    def _place_html(self) -> list[str]:
        """Where the entry was published, by its kind (see `_where_html`)."""
        esc, h = _escape, self.html_of
        f = self.fields
        kind = self.kind
        publisher = ": ".join(filter(None, (h("address") or h("location"),
                                            h("publisher") or h("organization"))))
        pages = esc(f.get("pages", ""))
        if kind == "article":
            journal = h("journal") or h("journaltitle")
            where = f"<i>{journal}</i>" if journal else ""
            if f.get("volume"):
                where += f" {h('volume')}"
            if f.get("number"):
                where += f" ({h('number')})"
            if pages:
                where += f": {pages}" if f.get("volume") or f.get("number") else f", {pages}"
            return [where.strip(), h("note")]
        if kind in ("inproceedings", "incollection", "inbook", "conference"):
            book = h("booktitle")
            where = f"In <i>{book}</i>" if book else ""
            editors = f.get("editor_names", "")
            if editors:
                where += f", edited by {esc(editors)}"
            if f.get("volume"):
                where += f", vol. {h('volume')}"
            if pages:
                where += f", {pages}"
            return [where.lstrip(", "), publisher]
        if kind in ("phdthesis", "mastersthesis", "thesis"):
            what = {"phdthesis": "PhD diss.", "mastersthesis": "Master’s thesis"}.get(kind)
            school = h("school") or h("institution")
            return [", ".join(filter(None, (esc(what) if what else h("type") or "Thesis",
                                            school)))]
        if kind in ("techreport", "report"):
            what = " ".join(filter(None, (h("type") or "Technical report", h("number"))))
            return [what, h("institution") or publisher]
        if kind in _WHOLE_WORKS:
            return [h("edition") and f"{h('edition')} ed.", publisher]
        # misc, online, unpublished, preprints: what was written of where
        return [h("howpublished"), esc(self._eprint_text()), publisher, h("note")]

    def _eprint_type(self) -> str:
        return (self.fields.get("eprinttype") or self.fields.get("archiveprefix") or "").strip()

    def _link(self) -> str:
        """Its DOI as a link, else its URL, else (Pandoc's) its arXiv, JSTOR or PubMed id's."""
        doi = self.fields.get("doi", "").strip()
        if doi:
            doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi, flags=re.I)
            return f"https://doi.org/{doi}"
        url = self.fields.get("url", "").strip()
        if re.match(r"https?://", url, re.I):
            return url
        eprint = self.fields.get("eprint", "").strip()
        base = _EPRINT_URLS.get(self._eprint_type().casefold())
        return base + eprint if base and eprint and " " not in eprint else ""


def _author_year(key: str) -> tuple[str, str] | None:
    """The parts of a citation key that name the first author and the year, as the key
    formats of Better BibTeX (`vaswaniAttentionAllYou2017`), Google Scholar
    (`vaswani2017attention`) and most writers (`vaswani2017`, `Vaswani_2017`) begin:
    ("vaswani", "2017"); None for a key without both."""
    found = re.match(r"([A-Za-z]+?)(?=[A-Z][a-z]|[\d_:.-]|$)", key)
    year = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", key)
    if found is None or year is None:
        return None
    return found.group(1).casefold(), year.group(1)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _listed(names: Sequence[Name], more: bool, inverted: bool = True) -> str:
    """The names of a reference, the first `inverted`: "Kingma, Diederik P., and Max
    Welling" (not: "edited by Ita Ed"); CJK names whole, in the Chinese way: "张三、李四"."""
    shown = list(names)
    if len(shown) > _MOST_NAMES:
        shown, more = shown[:_NAMES_WHEN_MORE], True
    if shown[0].cjk:
        return "、".join(name.full() for name in shown) + ("等" if more else "")
    written = [shown[0].full(inverted=inverted)] + [name.full() for name in shown[1:]]
    if more:
        return ", ".join(written) + ", et al."
    if len(written) == 1:
        return written[0]
    if len(written) == 2:  # ("Kingma, Diederik P., and Max Welling"; "Ita Ed and Al Bo")
        return f"{written[0]}{',' if inverted else ''} and {written[1]}"
    return ", ".join(written[:-1]) + ", and " + written[-1]


def _sentence(part: str) -> str:
    """A piece of a reference ending as a sentence does (one period, not two)."""
    if not part:
        return ""
    seen = re.sub(r"<[^>]*>", "", part).rstrip("”’\"")
    return part if seen.endswith((".", "?", "!")) else part + "."


def _year(fields: Mapping[str, str]) -> str:
    year = fields.get("year", "").strip()
    if not year:  # (biblatex's `date = {2013-12-20}`)
        found = re.match(r"\s*(\d{4})", fields.get("date", ""))
        year = found.group(1) if found else ""
    return year or "n.d."


@dataclass(frozen=True)
class Problem:
    """Something wrong in a bibliography file, at its line when it is known."""

    message: str
    line: int | None = None


@dataclass
class Bibliography:
    """The entries of one file (or of a post's files together), by key."""

    # key -> the entry as written (`_plain`): its type, fields, people's name parts
    entries: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _made: dict[str, Entry] = field(default_factory=dict)
    # key in small letters -> key as written: a citation's key in other capitals finds it
    _folded: dict[str, str] = field(default_factory=dict)
    _digests: dict[str, str] = field(default_factory=dict)  # key as written -> its entry's
    _hints: dict[str, str | None] = field(default_factory=dict)  # missing key -> `suggested`
    # the key of an entry pybtex could not read -> its line (cited, it is said missing)
    broken: dict[str, int | None] = field(default_factory=dict)
    # (first author, year) of the keys -> the keys, for `suggested`
    _index: dict[tuple[str, str], list[str]] | None = None

    def written_key(self, key: str) -> str | None:
        """The key as the file writes it of the entry `key` cites, if there is one."""
        return key if key in self.entries else self._folded.get(key.casefold())

    def find(self, key: str) -> Entry | None:
        written = self.written_key(key)
        if written is None:
            return None
        if written not in self._made:
            self._made[written] = _entry(written, self.entries[written])
        return self._made[written]

    def keys(self) -> list[str]:
        return list(self.entries)

    def stamp_of(self, key: str, said: bool = True) -> str:
        """What citing `key` shows: its entry as written (by a digest), or, for a key the
        file lacks, the key `suggested` for it when it is `said` missing."""
        written = self.written_key(key)
        if written is None:
            return f"{key}?{self.suggested(key) or '' if said else ''}" \
                f"{self.broken_line(key) if said else ''}"
        if written not in self._digests:
            self._digests[written] = hash_text(json.dumps(self.entries[written],
                                                          sort_keys=True, ensure_ascii=False))
        return f"{key}={written}:{self._digests[written]}"

    def suggested(self, key: str) -> str | None:
        """The key a writer may have meant by `key`, which no entry has: one of the same
        author and year (Zotero's Better BibTeX renames `vaswani2017` to
        `vaswaniAttentionAllYou2017`, Google Scholar's is `vaswani2017attention`), the
        closest in spelling among them; else the closest in spelling of all."""
        if key not in self._hints:
            same = self._by_author_year().get(_author_year(key) or ("", ""), [])
            close = close_matches(key, same, n=1, cutoff=0) if same else \
                close_matches(key, self.keys(), n=1)
            self._hints[key] = close[0] if close else None
        return self._hints[key]

    def _by_author_year(self) -> dict[tuple[str, str], list[str]]:
        if self._index is None:
            self._index = {}
            for written in self.entries:
                parts = _author_year(written)
                if parts is not None:
                    self._index.setdefault(parts, []).append(written)
        return self._index

    def broken_line(self, key: str) -> int | None | bool:
        """The line of the entry `key` pybtex could not read (None: the line is not known);
        False when no entry `key` is broken."""
        folded = key.casefold()
        return next((line for broken, line in self.broken.items()
                     if broken.casefold() == folded), False)

    @classmethod
    def of(cls, entries: dict[str, Any], problems: list[Problem],
           broken: dict[str, int | None] | None = None) -> Bibliography:
        return cls(entries, problems, {}, {k.casefold(): k for k in reversed(entries)},
                   broken=broken or {})

    def merged(self, other: Bibliography) -> Bibliography:
        """This bibliography with `other`'s entries too (a key in both: the first file's)."""
        return Bibliography.of({**other.entries, **self.entries}, [],
                               {**other.broken, **self.broken})


# How an entry's fields are written: in LaTeX (a .bib), or as text (CSL JSON and YAML)
LATEX, TEXT = "latex", "text"


def _plain(entry: Any) -> list[Any]:
    """A pybtex entry as JSON holds it (the cache keeps a file's entries): its type, its
    fields as written, its people by role, each person's name parts (von, last, first,
    middle, Jr.) as written, or None for BibTeX's `and others`, and that they are LaTeX."""
    return [entry.type, {name: str(value) for name, value in entry.fields.items()},
            {role.lower(): [None if str(person).strip().lower() == "others" else
                            [" ".join(names) for names in (
                                person.prelast_names, person.last_names, person.first_names,
                                person.middle_names, person.lineage_names)]
                            for person in people]
             for role, people in entry.persons.items()}, LATEX]


def _entry(key: str, entry: list[Any]) -> Entry:
    """An entry (`_plain`) decoded, as the citations and the references print it."""
    from blogforge.bibliography_latex import read_latex  # (see latex_text)

    kind, written, people, syntax = entry
    fields: dict[str, str] = {}
    marked: dict[str, str] = {}
    formulas: list[str] = []
    for name, value in written.items():
        name = name.lower()
        if name in _VERBATIM_FIELDS:
            fields[name] = verbatim_text(value)
            continue
        if syntax == LATEX:
            shown, fields[name], found = read_latex(value, len(formulas))
            formulas += found
        else:
            shown, fields[name] = _csl_html(value), _csl_text(value)
        if shown != _escape(fields[name]):
            marked[name] = shown
    role = "author" if people.get("author") else "editor"
    persons = people.get(role, [])
    name = _name if syntax == LATEX else _csl_name
    names = tuple(name(person) for person in persons if person is not None)
    editors = [name(person) for person in people.get("editor", []) if person is not None] \
        if role == "author" else []
    if editors:
        fields["editor_names"] = _listed(editors, False, inverted=False)
    title = fields.pop("title", "")
    return Entry(key, names, None in persons, role == "editor" and bool(names),
                 _year(fields), title, fields, kind.lower(), marked, tuple(formulas))


# (Windows' "Unicode", and Zotero's export with that encoding chosen: read as Latin-1 it was
# no entries and a syntax error at every other byte)
_UTF16 = Problem("not UTF-8 (UTF-16?): save it as UTF-8 (in Zotero's export dialog, the "
                 "encoding Unicode (UTF-8)); nothing of it is read until then", 1)


def _utf16(data: bytes) -> bool:
    return begins_as_utf16(data) or b"\x00" in data[:4096]


def kind_of(path: str) -> str | None:
    """What a bibliography file is, by its name's ending as Pandoc tells them: BibTeX
    (`.bib`, `.bibtex`), CSL JSON (`.json`, Better BibTeX's and Zotero's export), CSL YAML
    (`.yaml`, `.yml`); None for another kind (RIS, EndNote), which is not read."""
    return _KINDS.get(os.path.splitext(path)[1].lower())


_KINDS = {".bib": "bibtex", ".bibtex": "bibtex", ".json": "csl-json", ".yaml": "csl-yaml",
          ".yml": "csl-yaml"}
KINDS_READ = "BibTeX (.bib), CSL JSON (.json) or CSL YAML (.yaml)"


def parse(data: bytes, name: str) -> Bibliography:
    """The entries of a bibliography file's bytes (of the kind its `name` says), and what is
    wrong in it."""
    kind = kind_of(name)
    if kind == "csl-json" or kind == "csl-yaml":
        return parse_csl(data, kind)
    return parse_bibtex(data)


def parse_bibtex(data: bytes) -> Bibliography:
    """The entries of a BibTeX file's bytes, and what is wrong in it (pybtex reads on past a
    broken entry, as BibTeX does, and says where it stopped)."""
    import pybtex.errors
    from pybtex.database import BibliographyDataError
    from pybtex.database.input.bibtex import Parser
    from pybtex.scanner import PybtexError

    if _utf16(data):
        return Bibliography.of({}, [_UTF16])
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        gbk = as_chinese_gbk(data)  # (as a GBK post is read: Notepad's "ANSI" in China)
        if gbk is not None:
            text = gbk
            problems.append(Problem("not UTF-8; read it as GBK. Save it as UTF-8 to silence "
                                    "this warning", data[: exc.start].count(b"\n") + 1))
        else:  # (an old export in Latin-1: its accents as they were)
            text = data.decode("latin-1")
    try:
        with pybtex.errors.capture() as captured:
            parsed = Parser().parse_string(text)
    except (PybtexError, BibliographyDataError) as exc:  # (what capture does not catch)
        return Bibliography.of({}, [Problem(_said(exc), getattr(exc, "lineno", None))])
    starts = _entry_starts(text)
    entries = {key: _plain(entry) for key, entry in parsed.entries.items()}
    broken: dict[str, int | None] = {}
    began = {key.casefold() for key in parsed.entries}  # (a broken one too, its fields lost)
    for error in captured:
        start = _broken_entry(error, starts, text, began)
        if start is None:
            problems.append(_problem_of(error, text, starts))
            continue
        # (what pybtex made of it is garbage: "Broken, author = {Doe…" as its title)
        written = next((key for key in entries if key.casefold() == start.key.casefold()),
                       None)
        if written is not None:
            del entries[written]
        broken[start.key] = start.line
        # (the entries below it up to where pybtex stopped, read as part of it: a brace left
        # open runs to the file's end; their citations were said to have no entry at all)
        swallowed = _read_into(start, error.lineno, starts, entries, broken)
        problems.append(Problem(
            f"entry `{start.key}` cannot be read: {_said(error)} (line {error.lineno}: a "
            "brace or a quote left open above it?); "
            + (f"it runs into {_entries_named(swallowed)}: "
               + ("both are" if len(swallowed) == 1 else "all are") + " left out, and a "
               "citation of one shows **key?**" if swallowed else
               f"it is left out, and a citation of it shows **{start.key}?**"), start.line))
    problems += _inherit_crossrefs(entries, starts)
    return Bibliography.of(entries, in_line_order(problems),
                           broken)


def _read_into(start: _Start, stop: int, starts: list[_Start], entries: dict[str, Any],
               broken: dict[str, int | None]) -> list[_Start]:
    """The entries that begin below the broken entry `start`, up to line `stop`, where pybtex
    stopped, that it did not read: they were read as part of it. Each is put in `broken` at
    `start`'s line, where it is said."""
    read = {key.casefold() for key in [*entries, *broken]}
    swallowed = [other for other in starts if start.line < other.line <= stop
                 and other.key.casefold() not in read]
    for other in swallowed:
        broken.setdefault(other.key, start.line)
    return swallowed


def _entries_named(starts: list[_Start]) -> str:
    """The entries below a broken one, named with their lines, the first five: "the entry
    below it, `a` (line 9)", "the 2 entries below it, `a` (line 9) and `b` (line 15)"."""
    named = [f"`{start.key}` (line {start.line})" for start in starts[:5]]
    if len(starts) == 1:
        return f"the entry below it, {named[0]}"
    more = f" and {len(starts) - 5} more" if len(starts) > 5 else ""
    listed = ", ".join(named[:-1]) + (f", {named[-1]}" if more else f" and {named[-1]}")
    return f"the {len(starts)} entries below it, {listed}{more}"


def _broken_entry(error: Exception, starts: list[_Start], text: str, began: set[str]
                  ) -> _Start | None:
    """The entry a syntax error of pybtex is in: the last to begin before the line it names
    (it names the line it stopped at, the next entry's, or the file's last) of those pybtex
    began to read (`began`, keys in small letters; those below it that it ran into are none:
    blamed, the entry left open went on shown with no fields); None when an entry whose
    start cannot be read (`@article{doe 2020,`, `@article{,`) opens after that one, up to that
    line: the error is that entry's (blamed on the entry before it, it left that good entry
    out)."""
    line = getattr(error, "lineno", None)
    if line is None or "syntax error" not in str(error):
        return None
    before = [start for start in starts if start.line < line]
    start = next((start for start in reversed(before) if start.key.casefold() in began),
                 before[-1] if before else None)
    if start is None:
        return None
    readable = {other.line for other in starts}
    lines = text.split("\n")
    return None if any(_OPENING.match(lines[number - 1]) and number not in readable
                       for number in range(start.line + 1, min(line, len(lines)) + 1)) \
        else start


# A line opening an entry, readable or not: `@article{`
_OPENING = re.compile(r"\s*@[ \t]*\w+[ \t]*[{(]")
# Where an entry begins: `@article{key,` (its type, its key)
_ENTRY_START = compiled_when_used(r"@[ \t]*(\w+)[ \t]*[{(][ \t\r\n]*([^,\s{}()\"#%'=]+)[ \t\r\n]*,")
_NO_ENTRIES = frozenset({"string", "preamble", "comment"})


@dataclass(frozen=True)
class _Start:
    offset: int
    line: int
    kind: str
    key: str


def _entry_starts(text: str) -> list[_Start]:
    """The entries of a .bib's text as they begin, in the file's order (for the lines its
    problems are said at: pybtex names none for most)."""
    starts, line, counted = [], 1, 0
    for found in _ENTRY_START().finditer(text):
        if found.group(1).lower() in _NO_ENTRIES:
            continue
        line += text.count("\n", counted, found.start())
        counted = found.start()
        starts.append(_Start(found.start(), line, found.group(1).lower(), found.group(2)))
    return starts


def _problem_of(error: Exception, text: str, starts: list[_Start]) -> Problem:
    """pybtex's complaint as a writer can act on it, at the line of what it is about."""
    said = str(error)
    repeated = re.search(r"repeated bibliography entry: (\S+)", said)
    if repeated is not None:
        key = repeated.group(1)
        alike = [start for start in starts if start.key.casefold() == key.casefold()]
        if len(alike) < 2:
            return Problem(f"the key `{key}` is used by two entries: the first is cited, "
                           "this one never")
        first, second = alike[0], alike[1]
        if first.key != second.key:  # (BibTeX's keys are one whatever their capitals)
            return Problem(f"the key `{second.key}` differs from `{first.key}` (line "
                           f"{first.line}) only in capitals, and BibTeX takes them for one "
                           "key: the first is cited, this one never; rename one",
                           second.line)
        return Problem(f"the key `{key}` is used by two entries (the first at line "
                       f"{first.line}): the first is cited, this one never", second.line)
    duplicate = re.search(r"entry with key (\S+) has a duplicate (\S+) field", said)
    if duplicate is not None:
        key, name = duplicate.groups()
        return Problem(f"entry `{key}` has two `{name}` fields: the first is used",
                       _line_of_field(text, starts, key, name, 1))
    return Problem(_said(error), getattr(error, "lineno", None))


def _line_of_field(text: str, starts: list[_Start], key: str, name: str,
                   nth: int) -> int | None:
    """The line of the `nth` (from 0) field `name` of the entry `key`."""
    for index, start in enumerate(starts):
        if start.key != key:
            continue
        end = starts[index + 1].offset if index + 1 < len(starts) else len(text)
        found = list(re.finditer(r"(?:^|[,{(])[ \t\r\n]*" + re.escape(name) + r"[ \t]*=",
                                 text[start.offset:end], re.I | re.M))
        if len(found) > nth:
            return start.line + text.count("\n", start.offset,
                                           start.offset + found[nth].end())
    return None


def _inherit_crossrefs(entries: dict[str, Any], starts: list[_Start]) -> list[Problem]:
    """Fill each entry that names another by `crossref` (DBLP's papers name their
    proceedings so) with what it leaves to it, as BibTeX and Biber do: the fields it lacks
    (the parent's title as its `booktitle`), its editors; a `crossref` naming no entry is
    said at its entry's line."""
    problems = []
    folded = {key.casefold(): key for key in entries}
    lines = {start.key: start.line for start in reversed(starts)}
    for key, (_, fields, people, _) in entries.items():
        named = next((value for name, value in fields.items() if name.lower() == "crossref"),
                     None)
        if named is None:
            continue
        parent_key = folded.get(named.strip().casefold())
        if parent_key is None or parent_key == key:
            problems.append(Problem(f"entry `{key}`: `crossref = {{{named}}}` names no entry "
                                    "of the file: what it would take from it (the book's "
                                    "title, publisher, year) is not shown", lines.get(key)))
            continue
        _, parent_fields, parent_people, _ = entries[parent_key]
        has = {name.lower() for name in fields}
        for name, value in parent_fields.items():
            lower = name.lower()
            if lower == "title" and "booktitle" not in has and "booktitle" not in {
                    n.lower() for n in parent_fields}:
                fields["booktitle"] = value
            elif lower not in has and lower not in ("crossref", "ids", "key", "xref"):
                fields[name] = value
        if "editor" not in people and "editor" in parent_people:
            people["editor"] = parent_people["editor"]
    return problems


def _said(error: Exception) -> str:
    """pybtex's message without the line it names (the message's place says it)."""
    return re.sub(r" in line \d+", "", str(error))


BIBLIOGRAPHY_KIND = "bibliography"  # a .bib file's bytes -> its entries as written, problems
_recent: dict[str, Bibliography] = {}  # the last files read in this process, by digest
_RECENT_FILES = 16


def _parsed(data_digest: str, data: bytes, name: str, store: Store | None) -> Bibliography:
    """A file's entries and problems: as this process read them last (the preview builds
    again on each save), else as a build kept them in the cache (`store`), else parsed, and
    kept there. pybtex reads a 5,000-entry file in over a second; every build that rendered a
    post read it again, a post that cited nothing too (site.yaml's file is every post's)."""
    key = cache_key(data_digest, kind_of(name))
    found = _recent.get(key)
    if found is None:
        found = _from_record(store.get(BIBLIOGRAPHY_KIND, key)) if store is not None else None
        if found is None:
            found = parse(data, name)
            if store is not None:
                store.put(BIBLIOGRAPHY_KIND, key, {
                    "entries": found.entries, "broken": found.broken,
                    "problems": [[problem.message, problem.line] for problem in found.problems]})
        if len(_recent) >= _RECENT_FILES:
            del _recent[next(iter(_recent))]
        _recent[key] = found
    return found


def cache_key(data_digest: str, kind: str | None) -> str:
    """The key of the cache entry of a file whose bytes have this digest, read as `kind` (as
    this code reads them)."""
    return hash_text(code_fingerprint(), data_digest, str(kind))


def _from_record(found: Any) -> Bibliography | None:
    """A file's entries and problems as `_parsed` put them in the cache; None when they are
    not sound (the cache is untrusted input)."""
    try:
        entries, broken = found["entries"], found["broken"]
        problems = [Problem(message, line) for message, line in found["problems"]]
    except (TypeError, KeyError, ValueError):
        return None
    sound = isinstance(entries, dict) and all(map(_sound, entries.values())) and all(
        isinstance(problem.message, str) and isinstance(problem.line, int | None)
        for problem in problems) and isinstance(broken, dict) and all(
        isinstance(line, int | None) for line in broken.values())
    return Bibliography.of(entries, problems, broken) if sound else None


def _sound(entry: Any) -> bool:
    """Whether `entry` is as `_plain` makes one."""
    if not isinstance(entry, list) or len(entry) != 4:
        return False
    kind, fields, people, syntax = entry
    return syntax in (LATEX, TEXT) and isinstance(kind, str) and isinstance(fields, dict) and all(
        isinstance(value, str) for value in fields.values()) and isinstance(people, dict) and all(
        isinstance(persons, list) and all(person is None or (
            isinstance(person, list) and len(person) == 5
            and all(isinstance(part, str) for part in person)) for person in persons)
        for persons in people.values())


# --- CSL JSON and CSL YAML --------------------------------------------------------------------

# A CSL item's type -> the entry type that prints it alike
_CSL_KINDS = {
    **dict.fromkeys(("article-journal", "article-magazine", "article-newspaper", "review",
                     "review-book"), "article"),
    "paper-conference": "inproceedings",
    **dict.fromkeys(("chapter", "entry", "entry-dictionary", "entry-encyclopedia"),
                    "incollection"),
    **dict.fromkeys(("book", "classic"), "book"),
    "collection": "collection",
    "report": "techreport",
    "thesis": "thesis",
}
# A CSL item's variables -> the fields of the entry model (`container-title` by the type)
_CSL_FIELDS = {"title": "title", "volume": "volume", "issue": "number", "number": "number",
               "page": "pages", "publisher": "publisher", "publisher-place": "address",
               "DOI": "doi", "URL": "url", "note": "note", "edition": "edition",
               "genre": "type", "collection-title": "series", "ISBN": "isbn",
               "ISSN": "issn"}
_CSL_ROLES = ("author", "editor")
_CSL_TAG = compiled_when_used(r"</?(?:i|b|sup|sub|span)(?:\s[^<>]*)?>", re.I)


def parse_csl(data: bytes, kind: str) -> Bibliography:
    """The entries of a CSL JSON file (a list of items, as Zotero and Better BibTeX export
    it) or a CSL YAML one (`references:` and a list, as Pandoc writes it), and what is wrong
    in it."""
    if _utf16(data):
        return Bibliography.of({}, [_UTF16])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Bibliography.of({}, [Problem(f"not UTF-8 ({exc.reason} at byte {exc.start}): "
                                            "save it as UTF-8", 1)])
    try:
        if kind == "csl-json":
            items = json.loads(text)
        else:
            import yaml

            items = yaml.safe_load(text)
    except json.JSONDecodeError as exc:  # (its column too: Zotero's export of one item is
        # one line of JSON, where "Expecting value" at line 1 told nothing)
        return Bibliography.of({}, [Problem(f"CSL JSON: {exc.msg} (column {exc.colno})",
                                            exc.lineno)])
    except Exception as exc:  # (yaml's errors, with the place they found)
        mark = getattr(exc, "problem_mark", None)
        column = f" (column {mark.column + 1})" if mark is not None else ""
        return Bibliography.of({}, [Problem(f"CSL YAML: {getattr(exc, 'problem', exc)}{column}",
                                            mark.line + 1 if mark is not None else None)])
    return csl_bibliography(items, "CSL JSON" if kind == "csl-json" else "CSL YAML")


# The variables one CSL item has (a lone item, not a list of them: `csl_bibliography`)
_CSL_ITEM_KEYS = frozenset({"id", "type", "title", "DOI", "author", "issued"})


def csl_bibliography(items: Any, what: str) -> Bibliography:
    """CSL items (a list, or `{references: [...]}`) as entries; an item without an `id`, or
    not an item, said by its place in the list. One item alone, not in a list (what doi.org
    answers for one DOI asked as `application/vnd.citationstyles.csl+json`), is a list of
    one: it was refused whole, "a list of references was expected"."""
    if isinstance(items, dict) and isinstance(items.get("references"), list):
        items = items["references"]
    elif isinstance(items, dict) and not _CSL_ITEM_KEYS.isdisjoint(items):
        if _without_id(items):
            return Bibliography.of({}, [Problem(
                f"{what}: the file holds one reference (an object, not a list of them), "
                'without an `id`: it cannot be cited; give it one, `"id": "doe2020"`, and '
                "cite it as [@doe2020]")])
        items = [items]
    if not isinstance(items, list):
        return Bibliography.of({}, [Problem(f"{what}: a list of references was expected")])
    entries: dict[str, Any] = {}
    problems: list[Problem] = []
    for number, item in enumerate(items, 1):
        key = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item, dict) or _without_id(item):
            problems.append(Problem(f"{what}: reference {number} has no `id`: it cannot be "
                                    "cited"))
            continue
        if str(key) in entries:
            problems.append(Problem(f"{what}: the id `{key}` is used by two references "
                                    f"(the {number}th and an earlier one): the first is cited"))
            continue
        entries[str(key)] = _csl_plain(item)
    return Bibliography.of(entries, problems)


def _without_id(item: dict[str, Any]) -> bool:
    """Whether a CSL item has no `id` it can be cited by (none, blank, a list or mapping)."""
    key = item.get("id")
    return key is None or isinstance(key, dict | list) or str(key).strip() == ""


def _csl_plain(item: dict[str, Any]) -> list[Any]:
    """A CSL item in the entry model's terms (`_plain`'s form, its fields as text)."""
    csl_type = str(item.get("type", ""))
    kind = _CSL_KINDS.get(csl_type, "misc")
    if csl_type == "article" and item.get("container-title"):
        kind = "article"  # (a preprint's server, as Better BibTeX exports arXiv's: "arXiv")
    fields = {name: _csl_value(item[variable]) for variable, name in _CSL_FIELDS.items()
              if item.get(variable) not in (None, "", [])}
    if "pages" in fields:  # (a range's hyphen printed as an en dash, as CSL processors do)
        fields["pages"] = re.sub(r"(?<=\w)\s*-+\s*(?=\w)", "–", fields["pages"])
    container = _csl_value(item.get("container-title") or "")
    if container:
        fields[{"article": "journal", "incollection": "booktitle",
                "inproceedings": "booktitle"}.get(kind, "howpublished")] = container
    if kind == "thesis":
        genre = fields.get("type", "").casefold()
        kind = "phdthesis" if re.search(r"ph\.?d|doctor|博士", genre) else \
            "mastersthesis" if re.search(r"master|硕士", genre) else "thesis"
        if "publisher" in fields:
            fields["school"] = fields.pop("publisher")
    if kind == "techreport" and "publisher" in fields:
        fields["institution"] = fields.pop("publisher")
    year = _csl_year(item.get("issued"))
    if year:
        fields["year"] = year
    people = {role: [_csl_person(person) for person in item[role]
                     if isinstance(person, dict)]
              for role in _CSL_ROLES if isinstance(item.get(role), list)}
    return [kind, fields, {role: persons for role, persons in people.items() if persons}, TEXT]


def _csl_value(value: Any) -> str:
    if isinstance(value, list):  # (a list where one value was expected: its first)
        value = value[0] if value else ""
    return str(value)


def _csl_year(issued: Any) -> str:
    """The year of CSL's `issued`: `{date-parts: [[2020, 5]]}`, `{raw: "2020-05"}`,
    `{literal: …}`, or (CSL YAML) a date as written, `2020-05-01`."""
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return str(parts[0][0]).strip()
        issued = issued.get("raw") or issued.get("literal") or ""
    found = re.search(r"\d{4}", str(issued or ""))
    return found.group(0) if found else ""


def _csl_person(person: dict[str, Any]) -> list[str]:
    """A CSL name as `_plain`'s name parts: von (its particles), last, first, middle, Jr.;
    a `literal` name (an organization) whole, as its last name, and so a given name alone
    (`{"given": "Plato"}`: cited "(, -380)" before)."""
    if person.get("literal") or not person.get("family"):
        return ["", str(person.get("literal") or person.get("given", "")), "", "", ""]
    von = " ".join(str(person[part]) for part in ("dropping-particle", "non-dropping-particle")
                   if person.get(part))
    return [von, str(person.get("family", "")), str(person.get("given", "")), "",
            str(person.get("suffix", ""))]


def _csl_text(value: str) -> str:
    """A CSL field's text: its HTML-like markup (`<i>`, `<sup>`, `<span class="nocase">`)
    left out."""
    return " ".join(html.unescape(_CSL_TAG().sub("", value)).split())


def _csl_html(value: str) -> str:
    """A CSL field's HTML: its markup that CSL JSON allows kept (`<i>`, `<b>`, `<sup>`,
    `<sub>`, small capitals), the rest of it escaped text; balanced: a tag closing none that is
    open is left out, one left open is closed (`The <i>E. coli genome` would set the rest of
    the list in italics, and a stray `</span></b>` makes the page invalid)."""
    made: list[str] = []
    opened: list[str] = []
    for part in re.split(f"({_CSL_TAG().pattern})", value, flags=re.I):
        tag = re.fullmatch(r"<(/?)(i|b|sup|sub|span)\b([^<>]*)>", part, re.I)
        if tag is None:
            made.append(_escape(html.unescape(part)))
            continue
        closing, name, attributes = tag.group(1), tag.group(2).lower(), tag.group(3)
        if closing:
            if name in opened:
                while opened:  # (those opened inside it close with it)
                    made.append(f"</{(inner := opened.pop())}>")
                    if inner == name:
                        break
            continue
        opened.append(name)
        # (`nocase` is no style; small capitals are)
        made.append('<span style="font-variant: small-caps">' if name == "span"
                    and "small-caps" in attributes else f"<{name}>")
    made += [f"</{name}>" for name in reversed(opened)]
    return " ".join("".join(made).split())


def _csl_name(person: list[str]) -> Name:
    von, last, first, middle, suffix = (" ".join(part.split()) for part in person)
    return Name(" ".join(filter(None, (von, last))), " ".join(filter(None, (first, middle))),
                suffix)


def nocited(value: Any) -> tuple[str, ...]:
    """The keys `nocite:` lists (`"@a, @b"`, `[@a, @b]`; `"@*"`: every entry), as Pandoc
    reads them."""
    if not value:
        return ()
    written = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    return tuple(found.group(1).strip("{}") for found in re.finditer(
        r"@(\*|\{[^{}\s]+\}|[\w:.#$%&+?<>~/-]*\w)", written))


# --- which files a post cites from ----------------------------------------------------------

@dataclass(frozen=True)
class Named:
    """A bibliography file as the front matter or site.yaml names it."""

    written: str  # as written
    path: str  # from the site folder, with `/` ("content/posts/refs.bib", "refs.bib")
    by: Path  # the file that names it, from the site folder (a post, site.yaml)
    by_site: bool  # named by site.yaml
    # how the file was found though not named as it is (Windows' `\`, other capitals), said
    # after `bibliography: …`: " uses `\` …: write `sub/refs.bib` (it is followed this time)"
    followed: str = ""


def _from_folder(written: str, folder: str) -> str:
    """The path from the site folder of a file named from `folder` (`/refs.bib`: from the
    site folder, as Quarto reads it from the project's)."""
    joined = os.path.join(folder, written) if not written.startswith("/") else written.lstrip("/")
    return os.path.normpath(joined).replace(os.sep, "/")


@dataclass
class BibliographyFiles:
    """The bibliography files of a build: which a post cites from, their digests (a body is
    rendered again when one changes) and their entries, each file read once."""

    site_dir: Path | None
    site_wide: tuple[str, ...] = ()  # site.yaml's `bibliography:`, from the site folder
    site_wide_line: int | None = None  # its line in site.yaml
    config_file: Path = Path("site.yaml")
    store: Store | None = None  # the build cache, which keeps each file's entries
    _digests: dict[str, str | None] = field(default_factory=dict)
    _bytes: dict[str, bytes] = field(default_factory=dict)
    # the files a post cites from (`named_by`'s paths) -> their entries together, and whether
    # every file is there: made once a build, with the entries decoded as posts cite them
    _combined: dict[tuple[str, ...], tuple[Bibliography, bool]] = field(default_factory=dict)

    def named_by(self, post: Any) -> list[Named]:
        """The files `post` cites from: its front matter's `bibliography:` (a file or a list,
        from the post's own file), else site.yaml's (from the site folder)."""
        value = post.params.get(FRONT_MATTER_KEY) if isinstance(post.params, dict) else None
        if value:
            written = [str(v) for v in (value if isinstance(value, list) else [value]) if v]
            # (one a folder's `cascade:` gave is read from that `_index.md`'s folder, where it
            # is written: `refs.bib` beside it, for the posts of nested folders too)
            given = getattr(post, "cascaded", {}).get(FRONT_MATTER_KEY)
            by = Path(given[0]) if given else post.source
            folder = os.path.dirname(by.as_posix())
            return [self._followed(Named(w, _from_folder(w, folder), by, False), folder)
                    for w in written]
        return [self._followed(Named(w, os.path.normpath(w).replace(os.sep, "/"),
                                     self.config_file, True), "")
                for w in self.site_wide]

    def _followed(self, file: Named, folder: str) -> Named:
        """The file named, or the one it means when there is none of its name: written with
        Windows' `\\` (`sub\\refs.bib`) or in other capitals (`refs.bib` for `Refs.bib`),
        which Windows and macOS open and a build on Linux (GitHub's) does not find. Followed,
        as a body's links are, with what to write said (`followed`)."""
        if self.site_dir is None or self.digest_of(file.path) is not None:
            return file
        path, backslash, capitals = file.path, False, False
        if "\\" in file.written:
            forward = _from_folder(file.written.replace("\\", "/"), folder)
            if self.digest_of(forward) is not None or self._in_other_capitals(forward):
                path, backslash = forward, True
        if self.digest_of(path) is None and (twin := self._in_other_capitals(path)):
            path, capitals = twin, True
        if path == file.path:
            return file
        shown = "/" + path if file.written.startswith("/") else \
            os.path.relpath(path, folder or ".").replace(os.sep, "/")
        why = [" uses `\\` where a path needs `/`"] if backslash else []
        if capitals:
            why.append(f"{',' if why else ':'} the file is `{shown}`, in other capitals (Windows "
                       "and macOS find it either way, a build on Linux does not)")
        return replace(file, path=path, followed=f"{''.join(why)}: write `{shown}` (it is "
                       "followed this time)")

    def _in_other_capitals(self, path: str) -> str | None:
        """The one file of the site folder whose path from it is `path` in other capitals."""
        if self.site_dir is None or self.outside(path):
            return None
        found = ""
        for part in path.split("/"):
            try:
                names = os.listdir(self.site_dir / found)
            except OSError:
                return None
            same = [part] if part in names else [
                name for name in names if name.lower() == part.lower()]
            if len(same) != 1:
                return None
            found = f"{found}/{same[0]}" if found else same[0]
        return found if found != path and (self.site_dir / found).is_file() else None

    def outside(self, path: str) -> bool:
        """Whether the file a post or site.yaml names (from the site folder) is out of it:
        `../../../secret.bib`, or a link that leads out. A pull request's post named any
        BibTeX file of the machine building it, and `nocite: '@*'` published its entries."""
        if self.site_dir is None or "\0" in path:  # (a NUL names no file, in or out)
            return False
        site = os.path.realpath(self.site_dir)
        target = os.path.realpath(os.path.join(site, path))
        return path == ".." or path.startswith("../") or \
            os.path.commonpath([site, target]) != site

    def digest_of(self, path: str) -> str | None:
        """The digest of a file's bytes (None: there is no such file, or it is out of the
        site folder, and so not read), read once a build."""
        if path not in self._digests:
            try:
                data = (self.site_dir / path).read_bytes() \
                    if self.site_dir and not self.outside(path) else None
            except (OSError, ValueError):  # (ValueError: a NUL in the name, `"refs\0.bib"`)
                data = None
            self._digests[path] = digest(data) if data is not None else None
            if data is not None:
                self._bytes[path] = data
        return self._digests[path]

    def elsewhere(self, file: Named) -> str | None:
        """Where, from the site folder, the file a post names is if it is not beside the post
        but where site.yaml would name it (`bibliography: refs.bib` in a post, the file at the
        site's root): None if not there either."""
        if file.by_site or self.digest_of(file.path) is not None or file.written.startswith("/"):
            return None
        there = os.path.normpath(file.written).replace(os.sep, "/")
        return there if not there.startswith("../") and self.digest_of(there) else None

    def state_of(self, path: str) -> str:
        """What a body citing from the file shows of it besides its entries: whether it is
        there, and the problems said with the post (by a digest)."""
        read = self.read(path)
        if read is None:
            return "missing" if self.digest_of(path) is None else "unread"
        return hash_text(*(f"{problem.line}:{problem.message}" for problem in read.problems))

    def combined(self, named: Sequence[Named]) -> tuple[Bibliography, bool]:
        """The entries of the files a post cites from (a key in two: the first file's), and
        whether every file is there (else a key none has is not said: it may be in the
        missing one)."""
        paths = tuple(file.path for file in named)
        if paths not in self._combined:
            found = [read for path in paths if (read := self.read(path)) is not None]
            together = found[0] if len(found) == 1 else Bibliography()
            if len(found) > 1:
                for read in found:
                    together = together.merged(read)
            # (a file saved as UTF-16 is read as none: a key not found may be in it)
            self._combined[paths] = (together, len(found) == len(paths) and not any(
                _UTF16 in read.problems for read in found))
        return self._combined[paths]

    def read(self, path: str) -> Bibliography | None:
        """The file's entries and problems; None when there is no such file, or it is of a
        kind not read."""
        made = self.digest_of(path)
        if made is None or kind_of(path) is None:
            return None
        return _parsed(made, self._bytes[path], path, self.store)

    def outside_content(self) -> dict[str, str | None]:
        """The files read that are not under content/ (whose digests every build makes): a
        build with nothing else changed must still see them change."""
        return {path: made for path, made in self._digests.items()
                if not path.startswith("content/")}

    def cache_keys(self) -> list[str]:
        """The keys of the cache entries of the files read (for the sweep)."""
        return [cache_key(made, kind_of(path)) for path, made in self._digests.items()
                if made is not None]

    def used(self) -> set[str]:
        """Every file named as a bibliography this build (from the site folder)."""
        return set(self._digests)
