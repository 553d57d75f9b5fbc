"""The build, top to bottom: load → model → render → index → write, from what its first step
(engine.py: the configuration, and whether anything changed) read.

`build_site` never raises for a user's mistake: every problem becomes a diagnostic, and the
output is swapped in only when there are no errors.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from blogforge.authors import author_problems
from blogforge.bibliography import BIBLIOGRAPHY_KIND, BibliographyFiles
from blogforge.bodies import (
    HTML_KIND,
    LIVE_KIND,
    FeedBodies,
    Progress,
    feed_html,
    render_bodies,
    said_alike,
)
from blogforge.cache import CACHE_DIR, Store
from blogforge.cancel import Checkpoint, checked
from blogforge.config import (
    CONFIG_FILE,
    SiteConfig,
)
from blogforge.content.cascade import Cascades, with_cascades
from blogforge.content.frontmatter import (
    ParsedFrontMatter,
    keys_templates_read,
    misfenced,
    one_slip,
    opening_front_matter,
)
from blogforge.content.loader import (
    CONTENT_DIR,
    NO_SUCH_LANGUAGE,
    POSTS_DIR,
    Loaded,
    LoadOptions,
    key_line,
    key_place,
    load_content,
    names_a_site,
    read_cascades,
    said_once,
    walk_order,
)
from blogforge.content.permalinks import path_problem, shown_path
from blogforge.content.permalinks import patterns as permalink_patterns
from blogforge.content.records import ReadPosts, record_keys
from blogforge.content.sync_copies import conflict_copy_of, duplicate_of
from blogforge.content.vaults import is_obsidian_vault, vault_folders, vault_templates
from blogforge.diagnostics import (
    Diagnostic,
    Diagnostics,
    counted,
    first_few,
)
from blogforge.diagrams import prepare as prepare_diagram_assets
from blogforge.engine import (
    _PARSED_FRONT_MATTER,
    _PARSED_YAML,
    _PINYIN,
    _TEMPLATE_REFERENCES,
    STATE_KIND,
    BuildOptions,
    BuildResult,
    FirstStep,
    HeldBack,
    _Live,
    _Memo,
    _parsed,
    _State,
)

# (the engine's, as the build's callers knew them here)
from blogforge.engine import Site as Site
from blogforge.engine import StoppedAfterWriting as StoppedAfterWriting
from blogforge.engine import build_site as build_site
from blogforge.fingerprint import (
    code_fingerprint,
    hash_text,
    page_fingerprint,
)
from blogforge.forks import Aside, usable_cores
from blogforge.i18n import load_strings
from blogforge.index import (
    SiteIndex,
    taxonomy_spellings,
    term_key,
    term_names,
    term_slips,
    term_spellings,
)
from blogforge.languages import (
    declared_default_language,
    placed_path,
    resolve_languages,
    settle_default_language,
    with_menu_fallbacks,
)
from blogforge.link_checker import AUDIT_ROWS, check_output, page_facts, remember_page_facts
from blogforge.markdown.highlight import STYLESHEET_KIND, stylesheet_key
from blogforge.markdown.inline_tags import written_line
from blogforge.markdown.render import MarkdownSettings, Placeholders, PostRenderer
from blogforge.math import MathEngine
from blogforge.math.assets import prepare as prepare_math_assets
from blogforge.merge_conflicts import merge_conflict
from blogforge.model import Language, Post
from blogforge.name_order import Readings
from blogforge.output import (
    InPlaceOutput,
    OutputError,
    Received,
    StagedOutput,
    check_hand_put_files,
    file_of,
    remove_spares,
    spare_of,
    unwritable_output,
    windows_forbidden_characters,
    windows_name_problems,
)
from blogforge.page_parts import (
    in_parts_shown,
    new_placeholder,
    placeholder_shown,
    written_in_parts,
)
from blogforge.pages import (
    NOT_FOUND_WAYS,
    PageSpec,
    SiteContext,
    archive_pages,
    cover_in_other_capitals,
    cover_not_a_picture,
    cover_of,
    favicon_in,
    home_pages,
    layout_slip,
    not_found_lookalikes,
    not_found_pages,
    picture_problem,
    post_page,
    read_index_names,
    search_pages,
    section_cover_not_a_picture,
    section_covers,
    section_pages,
    start_reading_names,
    svg_cover,
    term_pages,
)
from blogforge.redirects import (
    alias_problem,
    old_paths,
    old_site_path,
    redirect_page,
    write_redirects,
)
from blogforge.search import SearchIndex, Weigher, tag_labeller, weigh_post
from blogforge.sections import (
    Intro,
    IntroPage,
    cascaded_intros,
    find_intros,
    folder_posts,
    hugo_weight,
    intro_folder,
    intro_for,
    section_path,
    with_introduced,
)
from blogforge.site_files import (
    MadePrints,
    asset_versions,
    copy_static,
    linked_by_posts,
    named_only_by_held_back,
    posts_in_full,
    published_files,
    section_feeds,
    site_files_time,
    write_feeds,
    write_sitemaps,
)
from blogforge.site_folder import SITE_FOLDERS
from blogforge.templates import (
    THEME_DIR,
    CompiledTemplates,
    Renderer,
    TemplateReferences,
    reached_prints,
    reaches_every_post,
    render_pages,
    rendered_by_a_pool,
    shows_bodies,
    template_ids,
    template_names,
    theme_ids,
)
from blogforge.text import close_matches, composed
from blogforge.urls import UrlBuilder, site_picture, slugify, term_slug
from blogforge.yamlfile import YamlDocument


def build_changed(options: BuildOptions, store: Store | None, result: BuildResult,
                  checkpoint: Checkpoint, memo: _Memo, scan: Aside | None,
                  name_reader: Aside | None, first: FirstStep
                  ) -> tuple[_State | None, _Live | None]:
    """The pipeline of a build that found something changed, from what its first step read
    (`engine._build`); the record of the output it wrote and the site model it made, None
    when it wrote nothing new (`scan`: the output looked at by a process beside it,
    `OutputScan`; `name_reader`: the process started to read Chinese names, `read_ahead`)."""
    diagnostics = result.diagnostics
    source = options.source
    now, yaml_read, config, config_doc = first.now, first.yaml_read, first.config, \
        first.config_doc
    urls, math_settings, previous, inputs = first.urls, first.math_settings, first.previous, \
        first.inputs
    output_key, state_key = first.output_key, first.state_key
    site_wide_digest, templates_digest = first.site_wide_digest, first.templates_digest
    file_digests, markdown_files = first.file_digests, first.markdown_files
    conflicted, outside, vaults = first.conflicted, first.outside, first.vaults

    # The output's folders listed and its files' stats read, for a large one by a process
    # the command started beside the build (`OutputScan`), the rest of this build by this one.
    spare = spare_of(source / CACHE_DIR, state_key) if store and not options.in_place else None
    if scan is None and (refusal := _hand_put_refusal(source, options.output, previous)):
        diagnostics.error(refusal)
        return None, None
    if not options.in_place and (problem := unwritable_output(options.output)):
        diagnostics.error(problem)
        return None, None

    _report_conflicts({name: data for name, data in conflicted.items()
                       if name.startswith("static/")}, diagnostics)

    # 2. Load: Markdown files into posts.
    load_options = content_options(config, source, options.drafts, vaults)
    parsed = ParsedFrontMatter(_parsed(store, _PARSED_FRONT_MATTER))
    # (what the folders' `_index.md` give the pages below: a post is read from its bytes and
    # the cascade above it, its record and body keyed on both)
    cascades = read_cascades(source, load_options, diagnostics, markdown_files, markdown_files)
    post_digests = with_cascades(file_digests, cascades) if cascades else file_digests
    # (the digests of the very bytes the loader is given: a body is made from them alone)
    read_from = {rel: post_digests[rel] for rel in markdown_files}
    records = _read_posts(store, source, load_options, post_digests)
    loaded = load_content(source, load_options, diagnostics, memo.posts, checkpoint, parsed,
                          markdown_files, records, cascades, _jobs(options))
    markdown_files.clear()  # (files that are not posts: skipped names, drafts folders…)
    checkpoint()
    if store is not None and parsed.changed:
        store.put(*_PARSED_FRONT_MATTER, {"code": code_fingerprint(), "entries": parsed.used})
    if store is not None and records is not None:
        for key, record in records.made.items():
            store.put(READ_POSTS_KIND, key, record)
    config = settle_default_language(config, loaded.posts, diagnostics, options.drafts)
    dated_by_file = _keep_file_dates(loaded.posts, store) if store is not None else []
    _warn_of_posts_outside(outside, diagnostics)
    for name, what in first.not_folders:
        diagnostics.warning(f"{what} where the site's folder {name}/ should be: "
                            f"{SITE_FOLDERS[name]}", Path(name))
    for name in first.not_files:
        diagnostics.warning(_folder_for_a_file(name), Path(name))
    loaded = _hold_back_sync_copies(loaded, diagnostics)
    with_empty = loaded.posts
    loaded, empty = _hold_back_empty_posts(loaded, diagnostics)
    # (what a Hexo post_link naming one shows, as it will once linked)
    empty_sources = {held.source for held in empty}
    empty_titles = {_content_path(p): p.title for p in with_empty if p.source in empty_sources}
    # (after: of a post held back, what is said is why; not also that it lacks a date)
    _warn_of_file_dates(loaded.posts, diagnostics)
    posts, result.held_back = _visible(loaded.posts, loaded.held_drafts, options, now)
    if empty:  # (named as drafts are: a link to one, and the preview's 404 page, say why)
        result.held_back["empty"] = empty
    loaded = _hold_back_private_files(loaded, posts, source, result.held_back)
    loaded = _hold_back_misnamed_posts(loaded, posts, source, diagnostics)
    loaded = _hold_back_notion_exports(loaded, posts, source, diagnostics)
    bibliographies = BibliographyFiles(source, tuple(config.bibliography),
                                       config_doc.line_of(("bibliography",)),
                                       Path(CONFIG_FILE), store)
    loaded = _hold_back_bibliographies(loaded, posts, bibliographies, source)
    _report_conflicts(_published_from_content(conflicted, loaded, posts, source), diagnostics)
    languages = resolve_languages(config, {p.lang for p in posts})
    posts = _place(posts, languages, source, urls, diagnostics)
    found_intros = _find_section_intros(source, languages, diagnostics, cascades, posts)
    # (the pages of posts, pages and old URLs keep their paths: no section's list there, nor
    # at them in other capitals, one folder on Windows and macOS: an old URL /posts/ML/; nor
    # is there one where a draft `_index.md` holds its section back)
    taken = frozenset(p.path.lower() for p in posts) | frozenset(
        old.lower() for p in posts for old, _ in old_paths(p, urls, Diagnostics())) | (
        held_sections := _draft_sections(found_intros, languages, options, result.held_back))
    # (every list and feed is made of these; the menu's entries find the sections first)
    index = SiteIndex.build(posts)
    sections = _section_paths(index, languages, taken, found_intros)
    # (a menu entry naming no page of its language leads to the default language's)
    languages = with_menu_fallbacks(languages, [p.path for p in posts] + sections + [
        name.removeprefix("static/") for name in file_digests if name.startswith("static/")])
    # (not beside errors: a post an error left out is a post of its language all the same)
    if config.languages and not diagnostics.errors:
        _warn_of_languages_without_posts(languages, posts, config_doc, source, diagnostics)
    if not diagnostics.errors:  # (a post an error left out may be the one a label is for)
        _warn_of_unused_term_labels(config, loaded.posts, config_doc, source, diagnostics)
    for page in not_found_lookalikes(posts, languages):
        diagnostics.warning(f"a page at /{page.path}, in the sitemap, not the page shown at a "
                            f"missing address: {NOT_FOUND_WAYS}; or rename this file",
                            page.source)
    # each bundle's files: where relative URLs naming them lead (markdown/links.py)
    bundles = {folder: frozenset(asset.target for asset in assets)
               for folder, assets in loaded.bundle_assets.items()}

    # 3. Render each body: Markdown and math into HTML, excerpt, headings (cached, parallel).
    strings = load_strings(source, [lang.code for lang in languages], diagnostics, yaml_read)
    if store is not None and yaml_read.changed:
        store.put(*_PARSED_YAML, {"code": code_fingerprint(), "entries": yaml_read.used})
    engine = MathEngine(math_settings, store=store)
    named = [(_content_path(p), p) for p in posts]  # (as the tags that link posts name them)
    # (Markdown files left out and why: a link to one, or a menu entry, says so)
    unpublished = (_held_back_by_name(result.held_back)
                   | {_below_content(path): "broken" for path in loaded.broken}
                   | {_below_content(path): "empty" for path in loaded.empty}
                   | {_below_content(path): "locked" for path in loaded.locked})
    published = published_files(loaded, posts, source)
    markdown = PostRenderer(
        MarkdownSettings(config.excerpt_length, config.highlight.line_numbers,
                         config.reading_speed.cjk, config.reading_speed.words,
                         config.highlight.fold_after, config.diagrams.mermaid,
                         config.params),
        engine, urls, {name: p.path for name, p in named},
        strings, source, file_digests, bundles,
        # the site's own templates may write ids of their own around a body (heading_ids.py)
        theme_ids() | template_ids(source / "templates"),
        empty_titles | {name: p.title for name, p in named}, _versions(named),
        unpublished, published,
        bibliographies, {lang.code: lang.prefix for lang in languages},
        dict(named))
    # (the ids reserved; the theme strings a body shows, a code button's label, are noted
    # with it, bodies.py)
    settings = hash_text(code_fingerprint(), repr(markdown.settings), repr(math_settings),
                         urls.base_url, sorted(markdown.reserved_ids))
    placeholders = {lang.code: Placeholders.from_strings(strings[lang.code])
                    for lang in languages}
    said_before = len(diagnostics.items)
    intros = _section_intros(found_intros, languages, markdown, placeholders, diagnostics,
                             held_sections)
    weigh = partial(weigh_post, tag_labels=tag_labeller(config, languages),
                    weigh=Weigher(store)) if store is not None else None
    # (pinyin earlier builds read; the process the command started to read new names)
    readings = Readings(_parsed(store, _PINYIN), ready=name_reader)
    start_reading_names(readings, posts)
    bodies = render_bodies(posts, markdown, store, settings, placeholders, diagnostics,
                           _jobs(options), after=weigh, memo=memo.bodies, check=checkpoint,
                           read_from=read_from)
    diagnostics.items[said_before:] = _said_once(
        diagnostics.items[said_before:],
        {p.source for p in posts} | {intro.source for intro in found_intros.values()})
    result.bodies_rendered = bodies.rendered
    result.bodies_cached = len(posts) - bodies.rendered
    checkpoint()

    # 4. Index: listings, terms, archives.
    _warn_of_term_spellings(posts, source, diagnostics,
                            partial(_in_vault, options=load_options))
    _warn_of_shared_series_places(posts, source, diagnostics)
    _warn_of_lone_translation_keys(posts, source, diagnostics)
    # (what each post of the last build of this output is now: moved, or parted from its
    # translation, it is said; warnings `--strict` leaves as they are)
    recorded = _of_this_output(previous, options.output)
    successors = _successors(recorded, posts) if recorded is not None else {}
    moved = _warn_of_moved_pages(recorded, successors, posts, urls, source, diagnostics)
    moved += _warn_of_parted_translations(recorded, successors, diagnostics)
    # KaTeX's stylesheet and fonts: published with the site, or a CDN link (math/assets.py).
    math_assets = prepare_math_assets(math_settings, any(
        p.rendered is not None and p.rendered.has_math for p in posts) or any(
        intro.math for intro in intros.values()), urls, diagnostics)
    # Mermaid's script, published for the pages with a diagram (diagrams.py).
    diagram_assets = prepare_diagram_assets(config.diagrams.mermaid, [
        (p.source, p.rendered.diagram_line) for p in posts
        if p.rendered is not None and p.rendered.diagram_line], urls, diagnostics)
    own_template_names = template_names(source / "templates")
    _warn_of_layout_slips(posts, own_template_names, source, diagnostics)
    _warn_of_author_values(posts, source, diagnostics)
    site = SiteContext(config, languages, strings, urls, index,
                       math_assets.stylesheet, bundles, own_template_names,
                       readings, favicon_in(name.removeprefix("static/") for name in file_digests
                                            if name.startswith("static/")), published,
                       diagram_script=diagram_assets.script,
                       picture_files=_picture_files(source, file_digests, published))
    _warn_of_covers(posts, site, source, diagnostics)
    intros = section_covers(intros, site)
    _warn_of_site_pictures(intros, site, config_doc, source, diagnostics)
    search = SearchIndex(site, posts, bodies.made_from,
                         partial(bodies.search_text, store=store, renderer=markdown,
                                 placeholders=placeholders), store, output_key, _jobs(options))
    # What each page shows: a post counts by its print, in full on its own page and by its
    # card (`_card_print`: title, excerpt, date, reading time…) on every other page, except on
    # a site with templates of its own, which may show any of a post anywhere. The pages that
    # show only posts whose prints did not change, on a site of the same shape, keep their
    # fingerprints (see `_kept_prints`), and their pages are only sketched.
    shapes = [hash_text(_post_shape(p)) for p in posts]  # (digested once: used three times)
    covers = [cover_of(p, site) for p in posts]  # (found once: used twice)
    # (and its picture's bytes: the size its page's card gives, `picture_size`)
    full_prints = {id(p): hash_text(body, p_shape,  # (what its body was made from, and more)
                                    _picture_digest(cover, site, source, file_digests))
                   for p, p_shape, body, cover in zip(posts, shapes, bodies.made_from, covers,
                                                      strict=True)}
    own_templates = (source / "templates").is_dir()
    post_prints: dict[Any, Any] = {
        id(p): ("post", full_prints[id(p)] if own_templates else _card_print(p_shape, card))
        for p, p_shape, card in zip(posts, shapes, bodies.cards, strict=True)}
    versions = asset_versions(config, file_digests) if options.versioned_assets \
        else {}
    site_wide = hash_text(settings, site_wide_digest, repr(languages),
                          repr(site.math_stylesheet), site.diagram_script, site.favicon,
                          # (the site's picture, on every page without one, with its size)
                          _picture_digest(config.image, site, source, file_digests),
                          sorted(versions.items()),
                          # (a template reaching the whole index shows every post: all count)
                          sorted(full_prints.values()) if own_templates
                          and reaches_every_post(source / "templates") else None)
    # (and where each cover was found: a file beside a post that comes or goes moves it;
    # and the site's templates: a page's print has those its own reaches)
    shape = hash_text(site_wide, templates_digest, shapes, covers,
                      sorted(intros.items()),  # (an `_index.md` edited: its section's page)
                      # (and the bytes of its card's picture, whose size the page gives)
                      [_picture_digest(intro.image, site, source, file_digests)
                       for _, intro in sorted(intros.items()) if intro.image],
                      # (and one made a draft: the list above it links it no more)
                      sorted(held_sections))
    kept_prints = _kept_prints(previous, shape, {*full_prints.values(),
                                                 *(made for _, made in post_prints.values())})
    specs = [post_page(site, p, sketch=p.path in kept_prints)
             for p in checked(posts, checkpoint)]
    specs += home_pages(site, kept_prints)
    specs += section_pages(site, intros, taken, kept_prints)
    section_redirects = _section_redirects(specs, found_intros, languages, source, urls,
                                           diagnostics)
    read_index_names(site)
    for taxonomy in ("tags", "categories", "series"):
        specs += term_pages(site, taxonomy, kept_prints)
    if store is not None and readings.changed:
        store.put(*_PINYIN, {"code": code_fingerprint(), "entries": readings.used})
    specs += archive_pages(site) + not_found_pages(site) + search_pages(site)
    checkpoint()

    # 5. Write: into a staging folder, swapped in only if nothing failed; a page whose inputs
    # did not change is linked from the previous output. Pages are rendered even after content
    # errors, so template errors are reported in the same run.
    if options.in_place:
        stage = InPlaceOutput(options.output, previous.files if previous else None)
    else:  # the output a swap replaces is kept in the cache, the start of the next staging
        scanned = scan.result() if scan is not None else None
        if scanned is not None and not scanned.of_output(options.output):
            scanned = None  # (another build's output came in since: this one waited for it)
        if scan is not None and (refusal := scanned.hand_put if scanned is not None else
                                 _hand_put_refusal(source, options.output, previous)):
            diagnostics.error(refusal)
            return None, None
        stage = StagedOutput(options.output, previous.files if previous else None, spare,
                             scanned)
        for note in stage.notes:  # (a link planted in the cache as a spare: removed)
            diagnostics.warning(note)
    feed_bodies = FeedBodies()
    try:
        compiled = CompiledTemplates(store, urls.base_url, versions)
        renderer = Renderer(source, urls, diagnostics, compiled, versions)
        # (what each page's template reaches: an edit of post.html renders the posts' pages
        # again, not the lists')
        references = TemplateReferences(_parsed(store, _TEMPLATE_REFERENCES))
        renderer.check_syntax(references)  # (those no page uses too)
        template_prints = reached_prints(renderer.env, {spec.template for spec in specs},
                                         templates_digest, references)
        if store is not None and references.changed:
            store.put(*_TEMPLATE_REFERENCES, {"code": code_fingerprint(),
                                              "entries": references.used})
        old_prints = previous.pages if previous else {}
        # With no page of the last build to keep (a first build), every page is rendered
        # whatever its print; when a pool renders them, leaving this process's site model as
        # it was, the prints are worked out later, while the search index is made beside this
        # process (the 1,000-post benchmark's 0.18 s, here on one core while the other waited)
        prints_later = not old_prints and rendered_by_a_pool(_jobs(options), len(specs))
        if not prints_later:
            prints, shows = _page_prints(specs, site_wide, template_prints, post_prints,
                                         full_prints, kept_prints, checkpoint)
        todo = [spec.sketch() if spec.sketch is not None else spec
                for spec in checked(specs, checkpoint) if prints_later
                or prints[spec.path] is None or prints[spec.path] != old_prints.get(spec.path)
                or not stage.keep(spec.path, spec.origin)]  # (its file is gone: made again)
        checkpoint()
        # A post's HTML is read from the cache by the process that renders its page, while
        # it does; a site with templates of its own that show bodies may show any post's
        # HTML anywhere, so there every post's is read first.
        if own_templates and shows_bodies(source / "templates"):
            bodies.load_html(posts, store, markdown, placeholders)
        feed_key = {id(p): hash_text("feed", full_prints[id(p)]) for p in posts}

        def feed_body(post: Post) -> str:
            return feed_html(post, markdown, store, feed_key[id(post)])

        def weigh_fresh(post: Post) -> None:
            # (a large body's search text is in the cache only, where its process put it)
            bodies.search_text(post, store, markdown, placeholders)
            assert weigh is not None
            weigh(post)

        # (the feeds' bodies, when many are to be made, by a process beside the pages', and
        # the search weights of the bodies rendered with no pool; else the index makes those)
        section_lists = section_feeds(site, specs)
        feed_bodies.start(posts_in_full(site, section_lists), feed_key, feed_body, store,
                          _jobs(options), weigh_fresh if weigh is not None else None,
                          bodies.rendered_here, bodies.feeds)
        # The processes forked to render pages read the cache, not this one's entries not
        # written yet: those go first when bodies rendered here are among them (their HTML),
        # else while the pages are rendered (the bodies' parts, the posts read: 7.6 MB of
        # the 1,000-post benchmark's cold build, written while the second core waited).
        write_while_rendering = store is not None and not bodies.rendered_here \
            and rendered_by_a_pool(_jobs(options), len(todo))
        if store is not None and not write_while_rendering:
            store.flush()

        def html_shown(spec: PageSpec) -> AbstractContextManager:
            return bodies.html_shown(spec.context.get("post"), store, markdown, placeholders)

        # A large body read from the cache is written into its page's file as it is read, the
        # page rendered with a placeholder for it (page_parts.py), where this process renders
        # the pages and writes them (a pool's processes hand each page over whole).
        in_parts = store is not None and not rendered_by_a_pool(_jobs(options), len(todo))
        placeholder = new_placeholder()
        apart: dict[str, str] = {}  # page -> the cache key of its body's HTML, not read

        def body_shown(spec: PageSpec) -> AbstractContextManager:
            post = spec.context.get("post")
            key = bodies.unloaded.get(id(post)) if in_parts and post is not None else None
            if key is None or not in_parts_shown(post):
                return html_shown(spec)
            apart[spec.path] = key
            return placeholder_shown(post, placeholder)

        inspect = page_facts if store is not None else None  # parsed for the link audit
        # (a template edit renders every page: 5,000 of them said nothing for 15 s)
        progress = Progress(len(todo), what="pages")
        said: dict[str, list[Diagnostic]] = {}  # what the pages rendered now said
        try:
            for spec, page, facts, page_said in render_pages(renderer, todo, _jobs(options),
                                                             inspect, body_shown,
                                                             stage.receive):
                if write_while_rendering:  # (the pool's processes at work by now)
                    store.flush()
                    write_while_rendering = False
                key = apart.pop(spec.path, None)
                if key is not None and page is not None:
                    assert store is not None
                    written = written_in_parts(stage, page, placeholder, store, HTML_KIND,
                                               key, inspect is not None)
                    if written is not None:
                        page, facts = written
                    else:  # (rendered again, whole, as any page)
                        with html_shown(spec):
                            page, page_said = renderer.render_page(
                                spec.template, {**spec.context, "page": spec})
                        facts = inspect(page) if inspect and page is not None else None
                checkpoint()
                progress.step()
                said[spec.path] = page_said
                if isinstance(page, Received):  # written by the process that rendered it
                    page_digest = stage.write_received(spec.path, page, spec.origin)
                elif page is not None:
                    page_digest = stage.write(spec.path, page, spec.origin)
                if facts is not None and store is not None:
                    remember_page_facts(store, page_digest, facts)
        finally:  # (a stopped build leaves no half line on the terminal either)
            progress.done()
        pages_said = _pages_said(specs, said, previous.said if previous else {})
        for page_said in pages_said.values():  # (in the pages' order, as a clean build's)
            for problem in page_said:
                renderer.report(problem)  # (a warning many pages say: once)
        result.pages_rendered = len(todo)
        stage.start_spare()  # (a first build: for the next one to start from)
        search.start(stage)
        if prints_later:
            prints, shows = _page_prints(specs, site_wide, template_prints, post_prints,
                                         full_prints, kept_prints, checkpoint)
        feed_bodies.wait()
        made_prints = MadePrints(site_wide, feed_key, previous.pages if previous else {})
        write_feeds(stage, site, feed_body, source, section_lists, made_prints)
        checkpoint()
        write_sitemaps(stage, specs, languages, urls, made_prints)
        checkpoint()
        stage.write(".nojekyll", "")  # GitHub Pages: serve files as they are
        if config.default_language_in_subdir:  # the root: straight to the default language
            stage.write("index.html", redirect_page(urls.absolute(languages[0].prefix),
                                                    languages[0].title, languages[0]))
        write_redirects(stage, posts + section_redirects, languages, urls, diagnostics,
                        lambda post, written: _old_url_line(source, post, written))
        static_uses = copy_static(stage, source, config, loaded, posts, diagnostics, store,
                                  file_digests)
        math_assets.publish(stage)
        diagram_assets.publish(stage)
        checkpoint()
        engine.save()
        checkpoint()
        search.write(stage)
        checkpoint()
        uses = search.uses() | static_uses  # (what this output relies on in the cache)
        uses[STATE_KIND] = [state_key]  # (each output folder, each preview address has one)
        uses[BIBLIOGRAPHY_KIND] = bibliographies.cache_keys()
        uses[STYLESHEET_KIND] = [stylesheet_key(config.highlight.light_style,
                                                config.highlight.dark_style)]
        uses[CompiledTemplates.KIND] = sorted(set(compiled.used))
        if not diagnostics.errors:  # (else pages are missing: their links would seem broken)
            diagnostics.extend(check_output(stage, urls.base_url, source, options.output,
                                            store, output_key, file_digests, uses, checkpoint,
                                            unpublished, _jobs(options)))
        checkpoint()
        if options.strict or config.strict:
            untranslated = [s.untranslated for s in strings.values() if s.untranslated]
            # (nor a URL no Windows disk holds: as the paths below, a site served from Linux
            # is whole)
            windows = [d for d in diagnostics.items if _NO_WINDOWS in d.message]
            _promote_warnings(diagnostics, result.held_back.get("drafts", []),
                              moved + untranslated + windows)
        # (not promoted: a site built and served from Linux is whole; its writer may not mind)
        if problems := windows_name_problems(stage.records.keys()):
            more = f"; and {len(problems) - 3:,} more" if len(problems) > 3 else ""
            diagnostics.warning(
                f"{counted(len(problems), 'path')} of the site Windows cannot hold: "
                f"{'; '.join(problems[:3])}{more}. The site cannot be built nor its branch "
                "checked out there: rename the tag, post or file")
        by_source = {str(p.source): p for p in posts + section_redirects} \
            if stage.clashes else {}
        for rel, *origins in stage.clashes:
            # whether it is a post's own page (not one of its old URLs, a redirect)
            # (or a page in a folder that clashes with a file: a page at /atom.xml/)
            own = {o: o in by_source and (file_of(by_source[o].path) == rel or
                                          file_of(by_source[o].path).startswith(rel + "/"))
                   for o in origins}
            # name the user's file first: it is the one to rename (of two posts, the one whose
            # old URL, an alias, lands on the other's page)
            mine, other = sorted(origins, key=lambda o: (o.startswith(_GENERATED),
                                                         o not in by_source or own[o]))
            if mine.startswith(_GENERATED):  # (two pages the build makes: of two terms)
                diagnostics.error(f"{mine} and {other} both want to be /{rel}: rename the "
                                  "tag, category or series that makes one of them")
                continue
            said, line = "", None
            if mine in by_source:  # (a static file has none of these)
                said = " (a post's `slug`, `permalink` or `aliases` say where it goes)"
                # at the line that sent it there: its own URL's, or an old one's
                line = key_line(source / mine, _URL_KEYS if own[mine] else _OLD_URL_KEYS,
                                default=None)
            if other == "the generated 404 page":
                said += f"; {NOT_FOUND_WAYS}"
            diagnostics.error(f"{other} also wants to be /{rel}: rename or remove this file"
                              f"{said}", Path(mine), line)
        if diagnostics.errors:
            stage.discard()
            return None, None
        result.posts = sum(1 for p in posts if p.kind == "post")
        result.pages = len(specs)
        result.files = sorted(stage.records)
        try:
            result.changed_files = stage.commit()
        except OutputError as exc:  # the swap refused (checked before, but the world moves)
            diagnostics.error(str(exc))
            stage.discard()
            return None, None
    except BaseException:
        feed_bodies.wait(stop=True)
        search.stop()  # (its process writes into the staging folder)
        stage.discard()
        result.written = stage.committed  # (a stop just after the swap: the output is new)
        raise
    result.written = True
    next_change = _next_change(loaded.posts, options, now)
    state = _State(inputs, next_change, stage.records,
                   {path: fp for path, fp in prints.items() if fp is not None}
                   | made_prints.made,
                   list(diagnostics.items), result.posts, result.pages, dict(result.held_back),
                   shape, shows, {str(p.source): p.date.timestamp() for p in loaded.posts
                                  if p.dated_by_file and p.date is not None},
                   {p.path: [str(p.source), p.lang, p.title, p.translation_key] for p in posts},
                   bibliographies.outside_content(),
                   None if any(p.date for p in site.index.posts) else
                   site_files_time(source).isoformat(), pages_said)
    compiled.store = None  # (the store closes after this build; `serve` keeps the renderer)
    if store is not None:
        state.save(store, state_key)
        # what this build used, so that what no recent build uses is deleted in time
        store.sweep(LIVE_KIND, settings, {**bodies.uses(list(feed_key.values())),
                                          READ_POSTS_KIND: records.used if records else [],
                                          FILE_DATES_KIND: dated_by_file}, time.time())
        if store.sweep(OUTPUT_USES, output_key, uses, time.time(), AUDIT_ROWS):
            # the spares of the outputs whose records went (and of those a cache started
            # afresh forgot) go with them; this build's is kept, its record not written yet
            recorded = store.keys(STATE_KIND)
            if recorded is not None:
                remove_spares(source / CACHE_DIR, [spare_of(source / CACHE_DIR, key)
                                                   for key in recorded | {state_key}])
    return state, _Live(load_options, {p.source: p for p in posts}, site, markdown,
                        placeholders, renderer, options.strict or config.strict, cascades)


OUTPUT_USES = "live-output"  # output -> the entries its last build used (audit, search, record)
# Front matter keys that give a post's URL, and those that give its old URLs (redirects).
_URL_KEYS = ("permalink", "url", "slug")
_OLD_URL_KEYS = ("aliases", "redirect_from")
# (and those that pair it with its translations)
_TRANSLATION_KEYS = ("translationKey", "translation_key")
READ_POSTS_KIND = "read-post"  # a Markdown file's post as the loader made it (records.py)
FILE_DATES_KIND = "date"  # a post dated by its file: [its text's digest, the date it had]


def content_options(config: SiteConfig, source: Path, drafts: bool = False,
                    vaults: tuple[str, ...] | None = None) -> LoadOptions:
    """How the build reads the posts of the site in `source`, whose config is `config`
    (`drafts`: `--drafts`; `vaults`: the vault folders, when the build has looked already)."""
    default = declared_default_language(config)
    vaults = vault_folders(source) if vaults is None else vaults
    return LoadOptions(
        default, frozenset(config.languages),
        ZoneInfo(config.timezone), permalink_patterns(config.permalink, {
            code: lc.permalink for code, lc in config.languages.items()}),
        keys_templates_read(source / "templates", THEME_DIR / "templates"), drafts,
        tuple(dict.fromkeys([default, *config.languages])) if config.languages else (),
        is_obsidian_vault(source), vaults, vault_templates(source, vaults))


def _section_paths(index: SiteIndex, languages: list[Language], taken: frozenset[str],
                   intros: dict[tuple[str, str | None], Intro]) -> list[str]:
    """The paths of the section pages (`pages.section_pages`), for menu entries to find: a
    folder's with listed posts, or with an `_index.md` in the language (`with_introduced`)."""
    introduced = {lang.code: [folder for key in sorted({key for key, _ in intros})
                              if (intro := intro_for(intros, key, lang.code,
                                                     languages[0].code)) is not None
                              and (folder := intro_folder(intro.source.as_posix(), key))]
                  for lang in languages}
    return sorted({path for lang in languages
                   for folder in with_introduced(index.folders(lang),
                                                 introduced[lang.code])
                   if (path := section_path(folder, lang.prefix)).lower() not in taken})


def _find_section_intros(source: Path, languages: list[Language], diagnostics: Diagnostics,
                         cascades: Cascades, posts: list[Post]
                         ) -> dict[tuple[str, str | None], Intro]:
    """Every folder's `_index.md` (`sections.find_intros`) with what the cascades above give
    its section's page (`sections.cascaded_intros`); a broken one is an error at its line,
    a slip of its `params:` map a warning there."""
    problems: list[tuple[str, Path, int | None]] = []
    warnings: list[tuple[str, Path, int | None]] = []
    found = find_intros(source, frozenset(lang.code for lang in languages), problems, warnings)
    for message, file, line in problems:
        diagnostics.error(message, file, line)
    for message, file, line in warnings:
        diagnostics.warning(message, file, line)
    return cascaded_intros(found, cascades, folder_posts(posts),
                           [lang.code for lang in languages], languages[0].code)


def _draft_sections(found: dict[tuple[str, str | None], Intro], languages: list[Language],
                    options: BuildOptions, held_back: dict[str, list[HeldBack]]
                    ) -> frozenset[str]:
    """The paths of the section pages a draft `_index.md` holds back (unless `--drafts`), as
    Hugo publishes no draft list page: its title and text were published. Its posts keep
    their own say. Each such file is listed with the held-back drafts."""
    if options.drafts:
        return frozenset()
    held: set[str] = set()
    sources: set[Path] = set()
    for lang in languages:
        for folder in sorted({folder for folder, _ in found}):
            intro = intro_for(found, folder, lang.code, languages[0].code)
            if intro is not None and intro.draft:
                held.add(section_path(folder, lang.prefix))
                # (the file saying so: an `_index.md` above it, when its cascade did)
                sources.add(next((intro.given[key][0] for key in ("draft", "published")
                                  if key in intro.given), intro.source))
    if sources:
        drafts = held_back.setdefault("drafts", []) + [HeldBack(path, None)
                                                       for path in sources]
        held_back["drafts"] = sorted(drafts, key=lambda draft: walk_order(draft.source))
    return frozenset(held)


def _section_intros(found: dict[tuple[str, str | None], Intro], languages: list[Language],
                    markdown: PostRenderer, placeholders: dict[str, Placeholders],
                    diagnostics: Diagnostics, held: frozenset[str]
                    ) -> dict[tuple[str, str], IntroPage]:
    """(folder, language) -> what the folder's `_index.md` in that language
    (`sections.intro_for`) gives its section page, its body rendered as a post's is; none for
    a section `held` back (a draft's text is not read for messages)."""
    if not found:
        return {}
    folders = sorted({folder for folder, _ in found})
    made: dict[tuple[str, str], IntroPage] = {}
    for lang in languages:
        for folder in folders:
            intro = intro_for(found, folder, lang.code, languages[0].code)
            if intro is None or section_path(folder, lang.prefix) in held:
                continue
            page = Post(intro.source, "page", lang.code, intro.title or "", None, None,
                        section_path(folder, lang.prefix), intro.body, intro.body_line,
                        params=intro.params)
            rendered = markdown.render(page, diagnostics, placeholders[lang.code]) \
                if intro.body.strip() else None
            made[folder, lang.code] = IntroPage(
                intro.title or "", intro.description, rendered.html if rendered else "",
                bool(rendered and rendered.has_math), bool(rendered and rendered.has_code),
                intro.source.as_posix(), hugo_weight(intro.params),
                rendered.description if rendered else "", params=intro.params)
    return made


def _section_redirects(specs: list[PageSpec], found: dict[tuple[str, str | None], Intro],
                       languages: list[Language], source: Path, urls: UrlBuilder,
                       diagnostics: Diagnostics) -> list[Post]:
    """The section pages whose `_index.md` names old URLs (`aliases`, as Hugo honours them
    on a list page), each as a page at the section's path carrying its front matter, for
    `write_redirects` to lead those URLs there as it does a post's; an old URL no redirect
    page can serve is an error at its line (`_report_unusable_urls`)."""
    if not any(key in intro.params for intro in found.values() for key in _OLD_URL_KEYS):
        return []
    made: list[Post] = []
    for spec in specs:
        section = spec.context.get("section")
        if section is None or spec.context["listing"].pager.number != 1:
            continue
        intro = intro_for(found, section.folder, spec.lang, languages[0].code)
        if intro is None or not any(key in intro.params for key in _OLD_URL_KEYS):
            continue
        page = Post(intro.source, "page", spec.lang, section.title, None, None, section.path,
                    "", intro.body_line, params=intro.params)
        if _report_unusable_urls(page, source, urls, diagnostics):
            made.append(page)
    return made


def _pages_said(specs: list[PageSpec], rendered: dict[str, list[Diagnostic]],
                kept: dict[str, list[Diagnostic]]) -> dict[str, list[Diagnostic]]:
    """What rendering each page of `specs` said, by its path, those that said anything: a
    page `rendered` now what it said now, one kept what it said when it was made, so that a
    build keeping a page says its template's warnings as a clean build does (and `--strict`
    fails alike); a page that went takes its messages with it. In the pages' order."""
    pages_said = {}
    for spec in specs:
        page_said = rendered[spec.path] if spec.path in rendered else kept.get(spec.path)
        if page_said:
            pages_said[spec.path] = page_said
    return pages_said


def _said_once(items: list[Diagnostic], pages: set[Path]) -> list[Diagnostic]:
    """`items` with a problem that section intros and posts say alike of a file not theirs
    (not among `pages`: the site's bibliography) said once, where first said, as
    `render_bodies` says the posts' (`said_alike`); a page's messages about itself are kept
    as they are (two formulas on one line, a warning each)."""
    said: set[tuple] = set()
    return [item for item in items if item.path is None or item.path in pages
            or (key := said_alike(item)) not in said and not said.add(key)]


def _report_conflicts(conflicted: Mapping[str, bytes], diagnostics: Diagnostics) -> None:
    """Git's conflict markers left in the text files of static/ or content/ ("static/a.css"
    -> its bytes), each an error at their lines: published as they are, they broke a
    stylesheet or a script on every page."""
    for name in sorted(conflicted):
        conflict = merge_conflict(conflicted[name].decode("utf-8", "replace"))
        if conflict is not None:
            diagnostics.error(conflict.message(), Path(name), conflict.start)


def _published_from_content(conflicted: Mapping[str, bytes], loaded: Loaded,
                            posts: list[Post], source: Path) -> dict[str, bytes]:
    """Those of content/'s text files in `conflicted` the build copies: loose ones, and the
    files of the bundles of the posts shown (a draft's, not published, may wait)."""
    if not any(name.startswith("content/") for name in conflicted):
        return {}  # (nearly every build: no file of content/ holds `<<<<<<<`)
    copied = [asset.source for asset in loaded.assets] + [
        asset.source for post in posts if post.bundle_dir is not None
        for asset in loaded.bundle_assets.get(post.bundle_dir, [])]
    return {name: conflicted[name] for path in copied
            if (name := path.relative_to(source).as_posix()) in conflicted}


def _content_path(post: Post) -> str:
    """How a post is named among the others, by the tags that link to it: `posts/a.md`."""
    return _below_content(post.source)


def _below_content(source: Path) -> str:
    """`content/posts/a.md` as links name it: `posts/a.md`, composed (`composed`)."""
    path = source.as_posix()  # (text, not Path arithmetic: once per post and build)
    prefix = CONTENT_DIR + "/"
    return composed(path[len(prefix):] if path.startswith(prefix) else
                    source.relative_to(CONTENT_DIR).as_posix())


def _warn_of_term_spellings(posts: list[Post], source: Path, diagnostics: Diagnostics,
                            in_vault: Callable[[Post], bool]) -> None:
    """`C++` in 39 posts and `c++` in one share the page /tags/c++/: the rarer spelling is
    named at its first post's line, so the writer sees which file to change; so is the rarer
    of two names apart only by spaces, `-` or `_`, which make two pages. Tags apart only by
    case in notes of an Obsidian vault (`in_vault`) are not said: Obsidian reads `#ML` and
    `#ml` as one tag, so old vaults are full of both, and `--strict` failed on them."""
    for taxonomy, noun in (("tags", "tag"), ("categories", "category"), ("series", "series")):
        seen = taxonomy_spellings(posts, taxonomy)
        for key, spellings in term_spellings(seen).items():
            usual = max(spellings, key=lambda s: (len(spellings[s]), s))
            writers = [p.source.as_posix() for p in spellings[usual]]
            for spelling, posts_of in sorted(spellings.items()):
                if spelling == usual or taxonomy == "tags" \
                        and spelling.casefold() == usual.casefold() \
                        and all(map(in_vault, posts_of + spellings[usual])):
                    continue
                also = [p.source.as_posix() for p in posts_of[1:]]
                file, line, given = _term_place(source, posts_of[0], (taxonomy, noun), spelling)
                diagnostics.warning(
                    f"{noun} `{spelling}` shares the page /{taxonomy}/{key}/ with `{usual}` "
                    f"({first_few(writers)}): write them the same way"
                    + (f"; `{spelling}` is also in {first_few(also)}" if also else "") + given,
                    file, line)
        # (names apart by a space or a `-` are two pages: `LeetCode刷题` beside `LeetCode 刷题`)
        for (usual_key, usual, writers), *others in term_slips(seen):
            named = first_few([p.source.as_posix() for p in writers])
            for key, spelling, posts_of in others:
                file, line, given = _term_place(source, posts_of[0], (taxonomy, noun), spelling)
                diagnostics.warning(
                    f"{noun} `{spelling}` is not `{usual}` ({named}): two {taxonomy}, "
                    f"/{taxonomy}/{key}/ and /{taxonomy}/{usual_key}/; write them the same way "
                    f"if they are one{given}", file, line)


def _in_vault(post: Post, options: LoadOptions) -> bool:
    """Whether a post is a note of an Obsidian vault: the site's, or a vault folder's."""
    if options.vault:
        return True
    below = _below_content(post.source)
    return any(below.startswith(folder + "/") for folder in options.vault_folders)


def _term_place(source: Path, post: Post, keys: tuple[str, str], spelling: str
                ) -> tuple[Path, int | None, str]:
    """Where a post writes a term: at its front matter's key (`keys`: the taxonomy's and its
    noun's; an `_index.md`'s line when a cascade gave it, `key_place`), or, for a tag its text
    writes (an Obsidian note's `#ML`), that line of its text."""
    if keys[0] == "tags" and spelling in post.inline_tags:
        return post.source, written_line(post.body, post.body_line, spelling), ""
    return key_place(source, post, keys)


def _warn_of_layout_slips(posts: list[Post], templates: frozenset[str], source: Path,
                          diagnostics: Diagnostics) -> None:
    """`layout: projetcs` beside templates/projects.html showed the post with post.html
    without a word: a slip of one of the site's templates is a warning at its line."""
    said_before = len(diagnostics.items)
    for post in posts:
        if (meant := layout_slip(templates, post)) is not None:
            file, line, given = key_place(source, post, ("layout",))
            diagnostics.warning(
                f"`layout: {post.params['layout']}`: the site has no such template, so the "
                f"usual one shows this page; did you mean `{meant}`?{given}", file, line)
    # (a slip a cascade gave every page below it: said once, at its `_index.md`'s line)
    diagnostics.items[said_before:] = said_once(diagnostics.items[said_before:])


def _warn_of_covers(posts: list[Post], site: SiteContext, source: Path,
                    diagnostics: Diagnostics) -> None:
    """`cover: cover.gif` for `Cover.gif` is followed (`cover_of`), as a body's link is, and
    said at its line (said every build, as the covers are found every build); so is a cover
    sharing cards cannot show (`svg_cover`), and one whose file is no picture
    (`cover_not_a_picture`: a web page saved as `cover.png`, an LFS pointer)."""
    said_before = len(diagnostics.items)
    for post in posts:
        for said in (cover_in_other_capitals(post, site), svg_cover(post),
                     cover_not_a_picture(post, site)):
            if said is not None:
                key, message = said
                file, line, given = key_place(source, post, (key,))
                diagnostics.warning(message + given, file, line)
    diagnostics.items[said_before:] = said_once(diagnostics.items[said_before:])


def _warn_of_site_pictures(intros: Mapping[tuple[str, str], IntroPage], site: SiteContext,
                           config_doc: YamlDocument, source: Path, diagnostics: Diagnostics
                           ) -> None:
    """A section's picture (its `_index.md`'s `cover:`) and site.yaml's `image`, the picture
    of every page without one, whose file is no picture (`picture_problem`: a web page saved
    as `og.png`, an LFS pointer, an empty file), at their lines, as a post's cover is
    (`_warn_of_covers`): link previews showed none, unsaid."""
    said_before = len(diagnostics.items)
    for (folder, lang), intro in sorted(intros.items()):  # (one `_index.md`, two languages)
        if (said := section_cover_not_a_picture(intro, folder, lang, site)) is not None:
            key, message = said
            diagnostics.warning(message, Path(intro.source),
                                key_line(source / intro.source, (key,)))
    diagnostics.items[said_before:] = said_once(diagnostics.items[said_before:])
    picture = site_picture(site.config.image, site.urls)
    if picture is not None and (what := picture_problem(picture, site)) is not None:
        diagnostics.warning(f"`image: {site.config.image.strip()}`: link previews (Facebook, X, "
                            f"LinkedIn, Telegram) of every page without a picture of its own "
                            f"show none: {what}", Path(CONFIG_FILE),
                            config_doc.line_of(("image",)))


def _folder_for_a_file(name: str) -> str:
    """What to say of a folder named as a file of strings or a template is (`i18n/en.yaml`,
    `templates/partials/footer.html`: `site_folder.folders_for_files`), said at it."""
    folder, file = name.split("/", 1)
    if folder == "i18n":
        return ("a folder where the site's file of strings should be: the theme's strings are "
                "used (the site's own go in a file of this name)")
    if (THEME_DIR / "templates" / file).is_file():
        instead = f"the theme's {file} is used"
    else:
        instead = f"a page asking for {file} finds none"
    return (f"a folder where the site's template should be: {instead} (the site's own is a "
            "file of this name)")


def _warn_of_posts_outside(outside: list[Path], diagnostics: Diagnostics) -> None:
    """Posts no build reads, outside content/ (`site_folder.posts_outside_content`)."""
    for path in outside:
        draft = path.parts[0] in ("drafts", "_drafts")  # (moved, it is published: unless…)
        diagnostics.warning("not published: a post outside content/, which no build reads; "
                            f"move it to {CONTENT_DIR}/posts/"
                            + (" with `draft: true` while it is one" if draft else ""), path)


def _hold_back_private_files(loaded: Loaded, posts: list[Post], source: Path,
                             held_back: dict[str, list[HeldBack]]) -> Loaded:
    """`loaded` without the files under content/ only held-back posts name (`posts`: those
    shown), which `held_back` lists as "files": each is published with the first post that
    names it (`site_files.named_only_by_held_back`)."""
    shown = {id(post) for post in posts}
    private = named_only_by_held_back(
        loaded.assets, posts, [p for p in loaded.posts if id(p) not in shown],
        loaded.held_drafts, source)
    if not private:
        return loaded
    held_back["files"] = [HeldBack(asset.source.relative_to(source), None) for asset in private]
    return replace(loaded, assets=[asset for asset in loaded.assets if asset not in private])


def _hold_back_sync_copies(loaded: Loaded, diagnostics: Diagnostics) -> Loaded:
    """`loaded` without the copies a sync service left beside posts (content/sync_copies.py),
    each said at itself, naming its original. (A date a file's time stands in for is no
    post's own: a copy made a second later is the same post.)"""
    by_file = {post.source: post for post in loaded.posts}
    copies = []
    for post in loaded.posts:
        name = post.source.name
        if (original := conflict_copy_of(name)) is not None:
            why = f"a copy a sync service made of {original} when two edits of it clashed"
            fix = ""
        elif (original := duplicate_of(name)) is not None and (
                twin := by_file.get(post.source.with_name(original))) is not None \
                and (twin.title, twin.lang) == (post.title, post.lang) and (
                    twin.date == post.date or twin.dated_by_file or post.dated_by_file):
            why = (f"by its name, title and date, a copy of {original} (a sync service's, or a "
                   "duplicate)")
            fix = ", or give it a title or a date of its own"
        else:
            continue
        copies.append(post)
        diagnostics.warning(f"not published: {why}; merge what it holds into {original} and "
                            f"delete it{fix}", post.source)
    if not copies:
        return loaded
    held = {id(post) for post in copies}  # (by identity: a Post's equality compares it whole)
    return replace(loaded, posts=[post for post in loaded.posts if id(post) not in held])


def _hold_back_empty_posts(loaded: Loaded,
                           diagnostics: Diagnostics) -> tuple[Loaded, list[HeldBack]]:
    """`loaded` without the posts that hold no text below their front matter (what `blogforge
    new post` writes, never written in), each said: one was published as an empty page, a card
    and a feed entry of a title alone. Kept: a draft (held back or shown as one), a post whose
    `layout:` template makes its page, and pages outside posts/ (a friends' links page may be
    made of front matter alone). Here, not in the loader: `new post --translate` still finds
    such a post's versions. Also the posts held back, as `BuildResult.held_back` lists them."""
    empty = [post for post in loaded.posts
             if post.kind == "post" and not post.draft and (not post.body or post.body.isspace())
             and not post.params.get("layout") and post.source.suffix.lower() != ".ipynb"]
    if not empty:
        return loaded, []
    for post in empty:
        diagnostics.warning("no text below its front matter: not published (a post made and "
                            "never written in?); write in it, or mark it `draft: true`",
                            post.source)
    held = {id(post) for post in empty}  # (by identity: a Post's equality compares it whole)
    return (replace(loaded, posts=[post for post in loaded.posts if id(post) not in held]),
            [HeldBack(post.source, post.date) for post in empty])


# What an editor names a Markdown file that is not `.md`: iA Writer's and 1Writer's `.txt`, a
# phone's `post.md.txt`, Quarto's `.qmd`, and the rarer spellings of Markdown
_MARKDOWN_BY_OTHER_NAMES = (".txt", ".text", ".qmd", ".rmd", ".mdown", ".mkd", ".mkdn", ".mdwn",
                            ".mdtxt", ".mdtext")
_POST_KEYS = frozenset({"title", "draft", "date", "tags"})  # (any capitals)
_POST_KEY_LINE = re.compile(r"^(?:title|draft|date|tags)[ \t]*:", re.MULTILINE | re.IGNORECASE)


def _hold_back_misnamed_posts(loaded: Loaded, posts: list[Post], source: Path,
                             diagnostics: Diagnostics) -> Loaded:
    """`loaded` without the files under content/ that are posts by their front matter (among
    the posts, or naming a title or a draft anywhere) but not by their names (`secret.txt`):
    copied as they were, a draft's text was published at its file's URL, with no word. Each is
    a warning naming the name it needs. One that a post links (`[参数](hparams.txt)`) is a
    file to download, published."""
    misnamed = []
    for asset in loaded.assets:
        if asset.source.suffix.lower() not in _MARKDOWN_BY_OTHER_NAMES:
            continue
        try:
            with asset.source.open("rb") as file:
                start = file.read(4096)
        except OSError:
            continue
        # (YAML's, TOML's or JSON's; fenced as a phone types `---`, `—`, a post's too)
        head = start.decode("utf-8", "replace")
        opening = opening_front_matter(head)
        slip = None if opening is not None else misfenced(head)
        # (a post's: among the posts (a JSON object there may be data), or anywhere naming a
        # title or a draft; whether a post links it, asked last: it reads every post)
        names_a_post = any(key.lower() in _POST_KEYS for key in opening.keys) \
            if opening is not None else _POST_KEY_LINE.search(head) is not None
        if (slip is not None or opening is not None) and (
                asset.target.startswith(f"{POSTS_DIR}/") and (
                    opening is None or opening.form != "{") or names_a_post) \
                and not linked_by_posts(asset, posts):
            misnamed.append(asset)
            name = asset.source.name
            meant = (name[:-len(asset.source.suffix)] if name.lower().endswith(
                (".md.txt", ".markdown.txt")) else f"{asset.source.stem}.md")
            line, wrong, fix = slip or (1, "", "")
            diagnostics.warning(f"not published: it starts with front matter, but only `.md` "
                                f"files are posts; rename it `{meant}`"
                                + (f"; and {wrong}: {fix}" if slip else ""),
                                asset.source.relative_to(source), line)
    if not misnamed:
        return loaded
    return replace(loaded, assets=[asset for asset in loaded.assets if asset not in misnamed])


# Notion's "Export → Markdown & CSV" dropped into content/ as it came: the archive itself
# (`Export-<uuid>.zip`, the `-Part-1.zip`s of a large one) and each database's table
# (`ML Papers <32 hex>.csv`, `… _all.csv`), which hold every page and property of the export
_NOTION_EXPORT_FILE = re.compile(r"(?:Export-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"
                                 r"(?:-Part-\d+)?\.zip|.+ [0-9a-f]{32}(?:_all)?\.csv)",
                                 re.IGNORECASE)
_NOTION_PAGE = re.compile(r".+ [0-9a-f]{32}\.md", re.IGNORECASE)  # `Attention 1a2b….md`


def _hold_back_notion_exports(loaded: Loaded, posts: list[Post], source: Path,
                              diagnostics: Diagnostics) -> Loaded:
    """`loaded` without a Notion export's archive and database tables that no post links
    (they hold the whole workspace: published beside the posts, they made readable the pages
    the build said it did not publish), each said; and the pages of
    one, published as they are (the id in their URLs, their properties a paragraph), said
    once with what makes posts of them."""
    pages = [post.source for post in loaded.posts if _NOTION_PAGE.fullmatch(post.source.name)]
    if pages:
        more = f" (and {len(pages) - 1} more)" if len(pages) > 1 else ""
        diagnostics.warning(f"a page of a Notion export{more}, published as it came: its id "
                            "in the URL, its properties as a paragraph; `blogforge import "
                            "notion EXPORT NEW_FOLDER` makes posts of an export (titles, dates, "
                            "tags, pictures, links between pages)", pages[0])
    every = [*loaded.assets, *(a for found in loaded.bundle_assets.values() for a in found)]
    held = {id(asset) for asset in every if _NOTION_EXPORT_FILE.fullmatch(asset.source.name)
            and _in_an_export(asset.source) and not linked_by_posts(asset, posts)}
    if not held:
        return loaded
    for asset in every:
        if id(asset) in held:
            diagnostics.warning("not published: part of a Notion export (its archive or a "
                                "database's table holds every page and property of it); "
                                "`blogforge import notion` reads an export",
                                asset.source.relative_to(source))
    return replace(loaded, assets=[a for a in loaded.assets if id(a) not in held],
                   bundle_assets={folder: [a for a in assets if id(a) not in held]
                                  for folder, assets in loaded.bundle_assets.items()})


def _in_an_export(path: Path) -> bool:
    """Whether a file named as a Notion export's is one: its archive, or a database's table
    beside the database's folder, its `_all.csv` twin or a page of the export (the name alone
    held back a writer's own `md5 <32 hex>.csv`; the folder alone missed a database whose
    rows hold no text: it has none)."""
    if path.suffix.lower() == ".zip":
        return True
    table = path.stem.removesuffix("_all")
    return (path.parent / table).is_dir() or (path.parent / f"{table}_all.csv").is_file() \
        or any(_NOTION_PAGE.fullmatch(beside.name) for beside in path.parent.glob("*.md"))


def _hold_back_bibliographies(loaded: Loaded, posts: list[Post],
                              bibliographies: BibliographyFiles, source: Path) -> Loaded:
    """`loaded` without the BibTeX files under content/ that posts cite from: a writer's
    Zotero export (with its notes and abstracts) is no page of the site, and beside a post it
    would be published at a URL; one a post's text links (`[BibTeX](refs.bib)`) is
    published."""
    used = {named.path for post in posts for named in bibliographies.named_by(post)}
    if not used:
        return loaded
    held = [asset for asset in loaded.assets if f"{CONTENT_DIR}/{asset.target}" in used]
    bundles = {folder: [asset for asset in assets
                        if (folder / asset.target).relative_to(source).as_posix() in used]
               for folder, assets in loaded.bundle_assets.items()}
    unlinked = {id(asset) for asset in [*held, *(a for found in bundles.values() for a in found)]
                if not linked_by_posts(asset, posts)}
    if not unlinked:
        return loaded
    return replace(loaded, assets=[a for a in loaded.assets if id(a) not in unlinked],
                   bundle_assets={folder: [a for a in assets if id(a) not in unlinked]
                                  for folder, assets in loaded.bundle_assets.items()})


def _warn_of_author_values(posts: list[Post], source: Path, diagnostics: Diagnostics) -> None:
    """`author: 123`, a mapping or an empty string names no one: left out of the byline, the
    feeds and the JSON-LD, with a warning at its line (else the page lacks the author its
    writer meant, and nothing says why)."""
    said_before = len(diagnostics.items)
    for post in posts:
        for key, problem in author_problems(post.params):
            file, line, given = key_place(source, post, (key,))
            diagnostics.warning(problem + given, file, line)
    diagnostics.items[said_before:] = said_once(diagnostics.items[said_before:])


_KEY_LINES = ("translationKey", "translation_key")


def _warn_of_lone_translation_keys(posts: list[Post], source: Path,
                                   diagnostics: Diagnostics) -> None:
    """A `translationKey` only one post writes, a slip from the key of posts in other
    languages (`attention-note` beside `attention-notes`), is a warning at its line: the post
    is silently no translation of theirs. Keys the posts' names make are left alone, and so
    are keys apart by a number (`lc-11`, `lc-12`: two posts) or whose posts have the lone
    post's language already (another post of its own)."""
    groups: dict[str, list[Post]] = {}
    for post in posts:
        if any(post.params.get(key) not in (None, "") for key in _KEY_LINES):
            groups.setdefault(post.translation_key, []).append(post)
    by_length: dict[int, list[str]] = {}  # (a slip changes the length by one at most)
    for key in groups:
        by_length.setdefault(len(key), []).append(key)
    told: set[tuple[str, str]] = set()
    for key, (post, *others) in groups.items():
        if others:
            continue
        near = [other for size in (len(key) - 1, len(key), len(key) + 1)
                for other in by_length.get(size, ())]
        meant = next((other for other in near if other != key and one_slip(key, other)
                      and _numbers(key) == _numbers(other)
                      and all(p.lang != post.lang for p in groups[other])), None)
        if meant is None or (meant, key) in told:
            continue
        told.add((key, meant))  # (two lone keys a slip apart: said once, at the first)
        writers = [p.source.as_posix() for p in groups[meant]]
        diagnostics.warning(
            f"translationKey `{key}` is this post's alone, so it is the translation of no "
            f"other post; did you mean `{meant}` ({first_few(writers)})?", post.source,
            key_line(source / post.source, _KEY_LINES))


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _versions(named: list[tuple[str, Post]]) -> dict[str, dict[str, str]]:
    """Each post's versions, as tags that name a post find its translation: content path ->
    language -> content path; the first post of a language sharing a translation key, as the
    pages link them. `named`: each post with its content path."""
    groups: dict[str, dict[str, str]] = {}
    for name, post in named:
        groups.setdefault(post.translation_key, {}).setdefault(post.lang, name)
    return {name: groups[post.translation_key] for name, post in named}


def _jobs(options: BuildOptions) -> int:
    """The processes to render in: one per usable core, unless told."""
    return options.jobs or usable_cores()


def _hand_put_refusal(source: Path, output: Path, previous: _State | None) -> str | None:
    """Why the build must not replace the output folder (it holds files that the last build,
    whose record knows them, did not write: `check_hand_put_files`), or None."""
    try:
        check_hand_put_files(source, output, previous.files if previous else None)
    except OutputError as exc:
        return str(exc)
    return None


def _picture_files(source: Path, file_digests: Mapping[str, str],
                   published: Mapping[str, str]) -> dict[str, Path]:
    """Site path -> the file published there, of static/ and of content/ (`published`), for
    the size of a sharing card's picture."""
    files = {name.removeprefix("static/"): source / name for name in file_digests
             if name.startswith("static/")}
    files.update((site_path, source / CONTENT_DIR / name) for name, site_path in published.items()
                 if not name.startswith("\0"))  # (not its lookups by capitals or by name)
    return files


def _picture_digest(picture: str | None, site: SiteContext, source: Path,
                    file_digests: Mapping[str, str]) -> str | None:
    """The digest of the file a sharing card's picture is (by its site path, `image` as
    site.yaml writes it too), for the fingerprints of the pages giving its size."""
    if not picture:
        return None
    path = site_picture(picture, site.urls)
    file = site.picture_files.get(path) if path else None
    if file is None:
        return None
    return file_digests.get(file.relative_to(source).as_posix())


def _card_print(shape: str, card: str) -> str:
    """What the theme's other pages show of a post: its shape (`_post_shape`'s digest) and
    what they show of its body (`bodies.card_digest`)."""
    return hash_text(shape, card)


def _post_shape(post: Post) -> tuple:
    """Everything about a post but what its body made: what decides which pages show it, in
    which order and company, under which names."""
    return (str(post.source), post.path, post.lang, post.title, post.summary,
            post.description, post.kind,
            post.date, post.updated, post.tags, post.categories, post.series,
            post.series_order, post.draft, post.unlisted, post.noindex, post.in_sitemap,
            post.pinned, post.toc, post.math,
            post.translation_key, repr(post.params), str(post.bundle_dir), post.dated_by_file)


def _kept_prints(previous: _State | None, shape: str,
                 current: set[str]) -> dict[str, tuple[str, list[str]]]:
    """The pages that keep the last build's fingerprint without their context being digested
    again: page -> (fingerprint, prints of the posts it shows).

    When the site's shape (the site-wide inputs and every post's `_post_shape`) is the last
    build's, every page shows the same posts in the same places as then, and what else its
    context holds follows from that shape or from those posts. So a page whose posts all kept
    their prints keeps its fingerprint: after an edit of one post's text only the pages that
    show that post are digested. (The rule this relies on: what a page's context derives
    from a post's body comes with the post itself.) `current`: this build's post prints."""
    if previous is None or previous.shape != shape:
        return {}
    return {page: (previous.pages[page], shown) for page, shown in previous.shows.items()
            if page in previous.pages and all(made in current for made in shown)}


def _page_prints(specs: list[PageSpec], site_wide: str, template_prints: dict[str, str],
                 post_prints: dict[Any, Any], full_prints: dict[int, str],
                 kept: dict[str, tuple[str, list[str]]],
                 check: Checkpoint) -> tuple[dict[str, str | None], dict[str, list[str]]]:
    """Each page's fingerprint, and the prints of the posts it shows (`kept`: those known
    already, see `_kept_prints`). A post's own page shows all of it: its full print. A
    page's template counts by what it reaches (`template_prints`, `reached_prints`)."""
    prints: dict[str, str | None] = {}
    shows: dict[str, list[str]] = {}
    for spec in checked(specs, check):
        if spec.path in kept:
            prints[spec.path], shows[spec.path] = kept[spec.path]
            continue
        own = spec.context.get("post")
        whole = full_prints.get(id(own)) if own is not None else None
        met: set[str] = {whole} if whole is not None else set()
        prints[spec.path] = page_fingerprint(site_wide, template_prints[spec.template], {
            **spec.context, "spec": (spec.path, spec.lang, spec.alternates, spec.lastmod),
            "post in full": whole}, post_prints, met)
        shows[spec.path] = sorted(met)
    return prints, shows


def _read_posts(store: Store | None, source: Path, options: LoadOptions,
                digests: dict[str, str]) -> ReadPosts | None:
    """The records of the posts earlier builds read from these very files (records.py)."""
    if store is None:
        return None
    keys = record_keys(code_fingerprint(), source, options, digests)
    return ReadPosts(keys, store.get_many_stored(READ_POSTS_KIND, list(keys.values())))


def _keep_file_dates(posts: list[Post], store: Store) -> list[str]:
    """A post dated by its file's modification time keeps the date it had while its text is
    the same, so touching a file (a checkout, a sync) does not reorder the listings; a file
    time set back (a wrong clock put right: a post held back for its file's date of 2030)
    is taken. The keys of the dates kept (for `Store.sweep`: a post renamed or deleted leaves
    its own behind)."""
    used = []
    for post in posts:
        if not post.dated_by_file or post.date is None:
            continue
        key = str(post.source)
        used.append(key)
        text = hash_text(post.title, post.body, repr(post.params))
        known = store.get(FILE_DATES_KIND, key)
        if isinstance(known, list) and len(known) == 2 and known[0] == text:
            try:
                kept = datetime.fromisoformat(known[1])
            except (TypeError, ValueError):
                kept = None
            if kept is not None and kept.tzinfo is not None and kept <= post.date:
                post.date = kept.astimezone(post.date.tzinfo)  # (in today's `timezone`)
                continue
        store.put(FILE_DATES_KIND, key, [text, post.date.isoformat()])
    return used


def _warn_of_file_dates(posts: list[Post], diagnostics: Diagnostics) -> None:
    """A post without a date is dated by its file's time (as Hexo does), which a `git clone`
    sets to the clone's: the site built by CI or on another machine would show an old post
    as new, at the top of the home page and the feeds. Said of each, with the line to add."""
    # (in CI the file's time is the run's checkout: offering it as the post's date misleads)
    in_ci = os.environ.get("GITHUB_ACTIONS") == "true" or os.environ.get("CI") == "true"
    for post in posts:
        if post.dated_by_file and post.date is not None and post.kind == "post" and not post.draft:
            diagnostics.warning(
                f"no `date`: dated by its file's time, which in a CI run is the time of the "
                f"run's checkout ({post.date:%Y-%m-%d %H:%M}), so every run dates it anew and "
                "shows it as new; write the day the post was written in its front matter "
                "(`date: YYYY-MM-DD`)" if in_ci else
                f"no `date`: dated by its file's time here, {post.date:%Y-%m-%d %H:%M}, which a "
                "git clone or checkout resets (built elsewhere, the post would show as new); "
                f"write `date: {post.date:%Y-%m-%d %H:%M}` in its front matter to keep it",
                post.source, 1)


def _held_back_by_name(held_back: dict[str, list[HeldBack]]) -> dict[str, str]:
    """Content-relative Markdown path -> why it is held back ("drafts" -> "draft"), as links
    name posts."""
    return {_below_content(post.source): why.removesuffix("s")
            for why, posts in held_back.items() if why != "files" for post in posts}


def _due(post: Post) -> datetime | None:
    """When a post is published: its `publishDate`, else (a post, not a page) its date."""
    return post.publish_date or (post.date if post.kind == "post" else None)


def _next_change(posts: list[Post], options: BuildOptions, now: datetime) -> datetime | None:
    """The first moment after `now` that changes which posts a build shows: a held-back
    post's due, a shown post's `expiryDate` (a build after it is no replay of this one)."""
    moments = [] if options.future else [due for post in posts
                                         if (due := _due(post)) is not None and due > now]
    if not options.expired:
        moments += [post.expiry_date for post in posts
                    if post.expiry_date is not None and post.expiry_date > now]
    return min(moments, default=None)


def _visible(posts: list[Post], held_drafts: list[Path], options: BuildOptions,
             now: datetime) -> tuple[list[Post], dict[str, list[HeldBack]]]:
    """Drop drafts and future posts unless asked for; list what was held back, with the
    drafts the loader held back for a problem in them (`held_drafts`: no post was made of
    them, but the writer counts them among the drafts), all in file order."""
    held: dict[str, list[HeldBack]] = {}
    visible = []
    for post in posts:
        if post.draft and not options.drafts:
            held.setdefault("drafts", []).append(HeldBack(post.source, post.date))
        elif (due := _due(post)) is not None and due > now and not options.future:
            zone = due.tzinfo  # (a date written with an offset has no zone's name)
            held.setdefault("future", []).append(HeldBack(
                post.source, due, post.dated_by_file and due is post.date,
                zone.key if isinstance(zone, ZoneInfo) else None))
        elif post.expiry_date is not None and post.expiry_date <= now and not options.expired:
            held.setdefault("expired", []).append(HeldBack(post.source, post.expiry_date))
        else:
            visible.append(post)
    if held_drafts:
        drafts = held.setdefault("drafts", []) + [HeldBack(source, None)
                                                  for source in held_drafts]
        held["drafts"] = sorted(drafts, key=lambda draft: walk_order(draft.source))
    return visible, held


def _place(posts: list[Post], languages: list[Language], source: Path, urls: UrlBuilder,
           diagnostics: Diagnostics) -> list[Post]:
    """Put each post in its language's folder (unless its URL is its own: `placed_path`);
    report unknown languages and URL clashes (`urls`: the site's, an old URL may name)."""
    by_code = {lang.code: lang for lang in languages}
    placed: list[Post] = []
    owners: dict[str, Post] = {}
    versions: dict[tuple[str, str], Post] = {}  # (translation key, language) -> post
    for post in posts:
        lang = by_code.get(post.lang)
        if lang is None:
            diagnostics.error(f"language `{post.lang}` is not one of this site's languages "
                              f"({', '.join(by_code)}): {NO_SUCH_LANGUAGE}", post.source, 1)
            continue
        if not _report_unusable_urls(post, source, urls, diagnostics):
            continue  # (no file can be at its URL: writing it stopped the build)
        # (in place: the loader's posts are this build's own, a long-lived site's memo and
        # the cache's records keep their own copies)
        post.path = placed_path(post, lang.prefix)
        _report_climbing_url(post, source, diagnostics)
        other = owners.get(post.path)
        if other is not None:
            change = "`slug` or `permalink`" if post.own_path or other.own_path else "`slug`"
            fix = f". Give one of them another {change}"
            if post.source != other.source and composed(str(post.source)) == composed(
                    str(other.source)):  # (two names that look alike: said what differs)
                fix = (", whose names differ only in their Unicode form (one composed, as "
                       "Windows and Linux write them, the other decomposed, as a Mac writes "
                       "them): keep one of the two files")
            diagnostics.error(f"two pages at the URL /{post.path}: this one and {other.source}"
                              f"{fix}", post.source,
                              key_line(source / post.source, _URL_KEYS))  # (1 for a name)
            continue
        owners[post.path] = post
        twin = versions.setdefault((post.translation_key, post.lang), post)
        if twin is not post:
            diagnostics.warning(f"this post and {twin.source} are both the `{post.lang}` version "
                                f"of `{post.translation_key}`; only {twin.source} is linked as "
                                "the translation. Give one of them another translationKey",
                                # (at the key that made it so: line 1 was the `---`)
                                post.source, key_line(source / post.source, _TRANSLATION_KEYS))
        placed.append(post)
    return placed


def _report_unusable_urls(post: Post, source: Path, urls: UrlBuilder,
                          diagnostics: Diagnostics) -> bool:
    """An error at the line of a `url`, `permalink` or old URL (`aliases`) written with
    Windows' `\\`: taken as written, `/posts\\a/` made an output folder named `posts\\a`, at
    a URL no link reaches. (A `slug` is one folder's name: its `\\`, like a `/`, becomes `-`.)
    And at an old URL no redirect page can serve (`redirects.alias_problem`): another site's,
    one with `?`, a Markdown file's name, /feed.xml, the home page, a control character or
    a part too long for a file name. False when the post's own URL can have no file (a
    control character, a part too long: `path_problem`), said at the key that made it."""
    if (problem := path_problem(post.path)) is not None:
        key = next((key for key in ("permalink", "url", "slug") if post.params.get(key)),
                   None)
        said = f"`{key}` {shown_path(str(post.params[key]))} makes a URL that" if key \
            else f"this page's URL /{shown_path(post.path)}"
        diagnostics.error(f"{said} {problem}", post.source,
                          key_line(source / post.source, (key,)) if key else 1)
        return False
    if (own := next((key for key in ("permalink", "url") if post.params.get(key)), None)) \
            and (problem := _windows_name_problem(post.path)):
        diagnostics.warning(f"`{own}` {shown_path(str(post.params[own]))} {problem}",
                            post.source, key_line(source / post.source, (own,)))
    for key in (*_URL_KEYS, *_OLD_URL_KEYS):
        if key == "slug" or key not in post.params:  # (most posts have none of them)
            continue
        value = post.params[key]
        written = next((v for v in (value if isinstance(value, list) else [value])
                        if isinstance(v, str) and "\\" in v), None)
        if written is not None:
            diagnostics.error(f"`{key}` {written} uses `\\` where a URL needs `/`: write "
                              f"{written.replace(chr(92), '/')}", post.source,
                              key_line(source / post.source, (key,)))
        if key in _OLD_URL_KEYS:
            for old in value if isinstance(value, list) else [value]:
                if not isinstance(old, str):
                    continue
                if (problem := alias_problem(old, urls)) is not None:
                    diagnostics.error(f"`{key}` {shown_path(old)} {problem}", post.source,
                                      _old_url_line(source, post, old))
                elif problem := _windows_name_problem(old_site_path(old, urls)):
                    diagnostics.warning(f"`{key}` {shown_path(old)} {problem}", post.source,
                                        _old_url_line(source, post, old))
                elif _climbs(old) and (path := old_site_path(old, urls)):
                    diagnostics.warning(
                        f"`{key}` {shown_path(old)} holds `..`, which is left out of a URL "
                        f"here (nothing is written outside the site): its redirect page is "
                        f"at /{path} instead; write the old URL without `..`", post.source,
                        _old_url_line(source, post, old))
    return True


def _climbs(written: str) -> bool:
    """Whether a URL or slug as written holds a `..` part (`../../x`, `/a/../b`), which the
    page's path leaves out: nothing is written outside the site, but the page is not where
    the writer, or a browser reading the `..`, would look for it."""
    return any(part.strip() == ".." for part in re.split(r"[/\\]", written))


def _report_climbing_url(post: Post, source: Path, diagnostics: Diagnostics) -> None:
    """A warning at the line of the `permalink`, `url` or `slug` that made a post's path, when
    it holds `..` (`slug: ../../x`, `url: /../../etc`): quietly left out, it put the page at
    /posts/x/ or /etc/ with no word. And at a `slug` of no letter or digit (`!!!`, `..`),
    which the loader leaves out: it put the page at its section's list, /posts/, in place of
    the list. `post`: placed (its path is its URL's)."""
    own = "permalink" if post.params.get("permalink") else "url"
    written = post.params.get(own)
    # (as the loader takes them: another site's address is no path of the page's, `slug`
    # then names its folder, as it does without a URL of its own)
    if not isinstance(written, str) or not written.strip() or names_a_site(written):
        own, written = "slug", post.params.get("slug")
    if not isinstance(written, str) or not written.strip():
        return
    if own == "slug" and not slugify(written) and not _climbs(written):
        # (the loader left it out: the page is at its file's name, not its section's list)
        diagnostics.warning(f"`slug` {shown_path(written)} has no letter or digit to name the "
                            f"page's folder with: the page is at /{post.path}, its file's "
                            "name; write the folder's name in letters or digits",
                            post.source, key_line(source / post.source, (own,)))
        return
    if not _climbs(written):
        return
    if own == "slug":
        named = "/".join(folder for part in written.split("/") if (folder := slugify(part)))
        fix = (f"write the folders' names alone (`slug: {named}`)" if named else
               "write the folder's name alone") + ", or the page's whole URL as `url:`"
        what = "which a slug, folders below its section, cannot climb with"
    else:
        fix = "write the URL without `..`"
        what = "which is left out of a URL here (nothing is written outside the site)"
    diagnostics.warning(f"`{own}` {shown_path(written)} holds `..`, {what}: the page is at "
                        f"/{post.path} instead; {fix}", post.source,
                        key_line(source / post.source, (own,)))


# What a warning of a URL no Windows disk can hold says (and --strict leaves a warning)
_NO_WINDOWS = ("in a file's or folder's name: the site cannot be built nor its branch checked "
               "out there")


def _windows_name_problem(path: str) -> str | None:
    """What a site path's file or folder with a character Windows refuses in names (`C:`,
    `a*b`) does there, for a warning: served from Linux the site is whole, so it is built."""
    parts = path.split("/")
    for at, name in enumerate(parts):
        if found := windows_forbidden_characters(name):
            made = "file" if at == len(parts) - 1 else "folder"
            them = "them" if len(found) > 1 else "it"
            # (a post's own URL is taken as written: `/:year/:slug/` is a pattern in site.yaml)
            pattern = re.match(r":[a-z_]+", name)
            hint = (f" (`{pattern.group()}` is a placeholder only in site.yaml's `permalink` "
                    "pattern; a post's own URL is taken as written)") if pattern else ""
            return (f"makes a {made} named `{name}`, and Windows allows no "
                    f"{', '.join(f'`{c}`' for c in found)} {_NO_WINDOWS}; leave {them} "
                    f"out{hint}")
    return None


def _old_url_line(source: Path, post: Post, written: str) -> int | None:
    """The line of an old URL in a post's `aliases` (or `redirect_from`): its own line in a
    list written one a line, else the key's."""
    start = key_line(source / post.source, _OLD_URL_KEYS)
    try:
        lines = (source / post.source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return start
    for number in range(start or 1, min(len(lines), (start or 1) + 200) + 1):
        line = lines[number - 1]
        if number > (start or 1) and line.strip() in ("---", "+++"):
            break
        if written.strip() and written.strip() in line:
            return number
    return start


def _warn_of_shared_series_places(posts: list[Post], source: Path,
                                  diagnostics: Diagnostics) -> None:
    """Two parts of a series with one `series_order` (a part copied from another, its number
    left): the reader meets them by date, which may not be what the writer meant."""
    places: dict[tuple[str, str, object], Post] = {}
    said_before = len(diagnostics.items)
    for post in sorted(posts, key=lambda p: p.source.as_posix()):
        if post.series is None or post.series_order is None:
            continue
        place = (post.lang, term_key((post.series,)), post.series_order)
        first = places.setdefault(place, post)
        if first is not post:
            # (a folder's cascade giving it: at that `_index.md` line, once, naming the pages)
            file, line, given = key_place(source, post, ("series_order", "series_weight"))
            diagnostics.warning(
                f"`series_order: {post.series_order}` is also that of "
                f"{first.source.as_posix()} in the series `{post.series}`: the two are in "
                f"the order of their dates{given}", file, line)
    diagnostics.items[said_before:] = said_once(diagnostics.items[said_before:])


# How the origins of pages the build makes begin (`PageSpec.origin`, the theme's files)
_GENERATED = ("the ", "page ", "blogforge")


def _warn_of_unused_term_labels(config: SiteConfig, posts: list[Post], doc: YamlDocument,
                                source: Path, diagnostics: Diagnostics) -> None:
    """A label in site.yaml for a tag, category or series no post names (drafts included),
    at its line, with the closest name posts write: `Attention 精度:` for the series
    `Attention 精读` labelled nothing, without a word."""
    if not posts:
        return  # (a new site: its labels wait for posts)
    for taxonomy in ("tags", "categories", "series"):
        if not getattr(config, taxonomy):
            continue  # (no label: every post's names need not be read, 3 ms of an edit)
        written = sorted({name for post in posts for names in term_names(post, taxonomy)
                          for name in names})
        keys = {term_slug(name) for name in written}
        labelled = {term_slug(name) for name in getattr(config, taxonomy)}
        # (a name labelled already is not the one meant: `paper-notes` renamed
        # `reading-notes` offered `notes`, which had its own label)
        unlabelled = [name for name in written if term_slug(name) not in labelled]
        for name in getattr(config, taxonomy):
            if term_slug(name) in keys:
                continue
            close = close_matches(str(name), unlabelled, n=1, cutoff=0.5)
            diagnostics.warning(
                f"`{taxonomy}` labels `{name}`, which no post names"
                + (f"; did you mean `{close[0]}`?" if close else ""),
                Path(CONFIG_FILE), doc.line_of((taxonomy, name)))


def _warn_of_languages_without_posts(languages: list[Language], posts: list[Post],
                                     doc: YamlDocument, source: Path,
                                     diagnostics: Diagnostics) -> None:
    """A declared language whose home would list no post at all, at its line in site.yaml:
    none of its own, nor of the languages it shows untranslated posts of
    (`show_untranslated_from`). Its pages say "No posts here yet", which nobody notices on a
    page they do not visit. (Nothing is said of one that lists the default language's posts,
    its translations to come, nor on a site without posts.)"""
    written = {post.lang for post in posts if post.kind == "post"}
    for language in languages if written else ():  # (a new site, or one of pages alone)
        if written & {language.code, *language.show_untranslated_from}:
            continue
        diagnostics.warning(
            f"language `{language.code}` has no posts, so its home and lists say \"No posts "
            f"here yet\". Write posts with `lang: {language.code}` (or named "
            f"`post.{language.code}.md`), or take it out of `languages:`",
            source / CONFIG_FILE, doc.line_of(("languages", language.code)))


def _promote_warnings(diagnostics: Diagnostics, held_drafts: list[HeldBack],
                      kept: list[Diagnostic]) -> None:
    """`--strict`: every warning an error, but those of a draft the build holds back (it is
    not published, and the scaffolded CI build is strict: a half-written draft in the
    repository would stop every publication), and those `kept` (a page moved since the last
    build: said once, it would stop every strict build until the cache was deleted; the theme's
    strings a language shows in English)."""
    drafts = {draft.source for draft in held_drafts}
    diagnostics.items = [d if d.path in drafts or d in kept else replace(d, level="error")
                         for d in diagnostics.items]


def _successors(previous: _State, posts: list[Post]) -> dict[str, Post]:
    """What each post of the last build is now, by its file then: the same file, or, that file
    gone, the one new file of its title and language (a rename). Two posts of one title (weekly
    notes, 题解) are told by their files alone: a deleted one is not the other."""
    before = {was for was, *_ in previous.post_pages.values()}
    by_source = {str(p.source): p for p in posts}
    gone = Counter((lang, title) for was, lang, title, _ in previous.post_pages.values()
                   if was not in by_source)
    new = Counter((p.lang, p.title) for p in posts if str(p.source) not in before)
    by_title = {(p.lang, p.title): p for p in posts if str(p.source) not in before
                and new[(p.lang, p.title)] == 1 and gone[(p.lang, p.title)] == 1}
    return {was: post for was, lang, title, _ in previous.post_pages.values()
            if (post := by_source.get(was) or by_title.get((lang, title))) is not None}


def _of_this_output(previous: _State | None, output: Path) -> _State | None:
    """The last build's record, when the output is still the one it describes (a build with
    --no-cache, which keeps no record, may have made another since): else None."""
    if previous is None or not previous.post_pages:
        return None
    record = previous.files.get(".nojekyll")  # (written by every build, kept when the same)
    return previous if record is not None and record.matches(output / ".nojekyll") else None


def _warn_of_moved_pages(previous: _State | None, successors: dict[str, Post],
                         posts: list[Post], urls: UrlBuilder, source: Path,
                         diagnostics: Diagnostics) -> list[Diagnostic]:
    """A post whose page the last build of this output published at another URL (its file
    renamed or moved, a `slug` or the permalink changed), with no old URL (`aliases`) kept:
    links to the old address (search engines, other sites, readers' bookmarks) now find the
    404 page. A few are said at their posts, many (a new permalink) in one warning. The
    warnings made."""
    if previous is None:
        return []
    now = {p.path for p in posts}
    moved: list[tuple[str, Post]] = []
    for old, (was, *_) in sorted(previous.post_pages.items()):
        post = successors.get(was)
        if old in now or post is None or \
                old in {path for path, _ in old_paths(post, urls, Diagnostics())}:
            continue
        moved.append((old, post))
    before = len(diagnostics.items)
    if len(moved) > 3:
        shown = ", ".join(f"/{old} → /{post.path}" for old, post in moved[:3])
        diagnostics.warning(
            f"{len(moved)} posts are at other URLs than in the last build ({shown}, …): links "
            "to their old addresses now find the 404 page; `aliases: [/old/]` in a post keeps "
            "its old address")
    for old, post in moved if len(moved) <= 3 else ():
        diagnostics.warning(
            f"this {post.kind} was at /{old} in the last build: links to that address now "
            f"find the 404 page; `aliases: [/{old}]` keeps it", post.source,
            key_line(source / post.source, _OLD_URL_KEYS))
    return diagnostics.items[before:]


def _warn_of_parted_translations(previous: _State | None, successors: dict[str, Post],
                                 diagnostics: Diagnostics) -> list[Diagnostic]:
    """Two versions of a post that the last build paired and this one does not: one file
    renamed and not the other (`vae.md` to `vae-notes.md`, `vae.en.md` kept), which parts
    them without a word (each language switcher then leads to the other language's home).
    Said at the renamed file; the warnings made."""
    if previous is None:
        return []
    groups: dict[str, list[tuple[str, Post | None]]] = {}
    for was, _, _, key in previous.post_pages.values():
        groups.setdefault(key, []).append((was, successors.get(was)))
    before = len(diagnostics.items)
    for members in groups.values():
        found = [post for _, post in members if post is not None]
        if len(members) < 2 or len(found) < len(members) \
                or len({post.translation_key for post in found}) == 1:
            continue
        renamed = next((post for was, post in members if post is not None
                        and str(post.source) != was), None)
        if renamed is None:  # (no file renamed: a key given or changed parted them, as meant)
            continue
        others = " and ".join(str(post.source) for post in found if post is not renamed)
        diagnostics.warning(
            f"this {renamed.kind} and {others} were one {renamed.kind} in two languages in the "
            "last build; their names no longer pair them (rename both alike, `x.md` and "
            "`x.en.md`, or give both one `translationKey`)", renamed.source, 1)
    return diagnostics.items[before:]

