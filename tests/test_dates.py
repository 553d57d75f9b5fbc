"""Dates on pages: `date_format` with placeholders, strftime codes or both."""

from __future__ import annotations

import os
import re

import pytest
from conftest import messages


def card_date(site, fmt: str) -> str:
    site.write("site.yaml", f"languages:\n  zh:\n    date_format: '{fmt}'\n")
    site.post("a.md", "A", date="2024-05-03 13:45:00")
    result = site.build()
    assert result.written, messages(result)
    return re.search(r'<time datetime="[^"]+">([^<]*)</time>', site.read("")).group(1)


@pytest.mark.parametrize(("fmt", "shown"), [
    ("%Y-%m-%d", "2024-05-03"),
    ("%d %B %Y", "03 May 2024"),
    ("{year}年{month}月{day}日", "2024年5月3日"),
    ("{month_abbr} {day}, %Y at %H:%M", "May 3, 2024 at 13:45"),
])
def test_date_format_takes_strftime_codes_and_placeholders(site, fmt, shown):
    assert card_date(site, fmt) == shown


def test_a_date_format_that_cannot_work_is_an_error_with_its_line(site):
    site.write("site.yaml", "title: T\nlanguages:\n  zh:\n    date_format: '{yaer}-{month}'\n")
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    assert any("site.yaml:4: error: `languages.zh.date_format`" in m and "{yaer}" in m
               for m in messages(result)), messages(result)


@pytest.mark.parametrize(("fmt", "said"), [
    ("%Q", "`%Q` is no strftime code"),  # (strftime printed it as written on every date)
    ("hello", "shows nothing of the date"),
    ("2024", "shows nothing of the date"),  # (a number where a format was meant)
    # (seconds since 1970 as the building machine's zone counts them: CI's differ by hours)
    ("%s", "`%s` counts seconds in the zone of the machine that builds"),
])
def test_a_date_format_that_would_show_no_date_is_an_error_with_its_line(site, fmt, said):
    site.write("site.yaml", f"title: T\nlanguages:\n  zh:\n    date_format: {fmt!r}\n")
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    assert any("site.yaml:4: error: `languages.zh.date_format`" in m and said in m
               for m in messages(result)), messages(result)
    assert card_date(site, "%-m月%-d日 %e") == "5月3日  3"  # (the C library's codes are fine)


def test_a_theme_string_read_as_true_or_false_is_an_error_naming_the_quotes(site):
    """`read_more: no` is false in YAML: every card's link said "False"."""
    site.write("i18n/zh.yaml", "read_more: no\n")
    site.post("a.md", "中文")
    result = site.build()
    assert not result.written
    assert any("i18n/zh.yaml:1: error: `read_more` should be text, not `false`" in m
               and "quote the text" in m for m in messages(result)), messages(result)


def test_a_broken_date_format_in_theme_strings_is_an_error_with_its_line(site):
    site.write("i18n/zh.yaml", "read_more: 阅读\nmonth_format: '{year}年{month月'\n")
    site.post("a.md", "中文")
    result = site.build()
    assert not result.written
    assert any("i18n/zh.yaml:2: error: `month_format`" in m for m in messages(result)), \
        messages(result)


def test_a_post_dated_by_its_file_says_a_clone_would_date_it_anew(site, monkeypatch):
    """No `date`: the file's time stands in (as in Hexo), which `git clone` resets, so CI's
    site showed a 2024 note as new at the top of the home page and the feed, without a
    word. Each such post now says so, with the line that keeps its date; pages and drafts,
    which no listing orders by date, say nothing."""
    for name in ("CI", "GITHUB_ACTIONS"):  # (on this computer, not in a CI run: see below)
        monkeypatch.delenv(name, raising=False)
    site.write("site.yaml", "timezone: Asia/Shanghai\n")
    note = site.write("content/posts/old-note.md", "---\ntitle: Old note\n---\n\nOld.\n")
    stamp = 1709294400.75  # 2024-03-01 12:00:00.75 UTC
    os.utime(note, (stamp, stamp))
    site.write("content/posts/idea.md", "---\ntitle: Idea\ndraft: true\n---\n\nLater.\n")
    site.write("content/about.md", "---\ntitle: About\n---\n\nMe.\n")
    result = site.build()
    assert result.written
    assert [m for m in messages(result) if "`date`" in m] == [
        "content/posts/old-note.md:1: warning: no `date`: dated by its file's time here, "
        "2024-03-01 20:00, which a git clone or checkout resets (built elsewhere, the post "
        "would show as new); write `date: 2024-03-01 20:00` in its front matter to keep it"]
    # in whole seconds, as a written date shows (not 20:00:00.750000+08:00)
    assert 'datetime="2024-03-01T20:00:00+08:00"' in site.read("posts/old-note/")


def test_in_ci_a_post_dated_by_its_file_is_not_offered_the_checkouts_time(site, monkeypatch):
    """In a GitHub Actions run the file's time is the checkout's: the warning offered it as
    the date to write ("write `date: 2026-12-05 16:41`"), today's, for a post of 2024."""
    site.write("content/posts/old-note.md", "---\ntitle: Old note\n---\n\nOld.\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (said,) = [m for m in messages(site.build()) if "`date`" in m]
    assert re.fullmatch(
        r"content/posts/old-note\.md:1: warning: no `date`: dated by its file's time, which in "
        r"a CI run is the time of the run's checkout \(\d{4}-\d\d-\d\d \d\d:\d\d\), so every run "
        r"dates it anew and shows it as new; write the day the post was written in its front "
        r"matter \(`date: YYYY-MM-DD`\)", said), said


def test_a_post_due_within_hours_says_the_site_s_time_zone_reads_its_date(site, capsys):
    """A writer in Beijing on a site left at UTC (as `new site` made it on Windows) dated a
    post 21:00 tonight, written without a zone: it was "dated in the future" until 05:00
    the next day, and nothing said why."""
    from datetime import UTC, datetime, timedelta

    from blogforge.cli import main

    site.write("site.yaml", "timezone: UTC\n")
    soon = datetime.now(UTC) + timedelta(hours=3)
    site.post("tonight.md", "今晚", date=f"{soon:%Y-%m-%d %H:%M}")
    site.post("later.md", "明年", date=f"{soon + timedelta(days=400):%Y-%m-%d}")
    assert main(["build", "--source", str(site.root)]) == 0
    err = capsys.readouterr().err
    assert ("  (due within hours: a date written without a zone is in the site's time zone, "
            "UTC; if that is not yours, set `timezone:` in site.yaml)") in err, err
    site.write("site.yaml", "timezone: Asia/Shanghai\n")
    site.post("tonight.md", "今晚", date=f"{soon + timedelta(hours=8):%Y-%m-%d %H:%M}")
    assert main(["build", "--source", str(site.root)]) == 0
    assert "the site's time zone, Asia/Shanghai;" in capsys.readouterr().err
    # a date written with its zone, or days ahead, is what the writer meant
    site.post("tonight.md", "今晚", date=f"{soon:%Y-%m-%dT%H:%M:%SZ}")
    assert main(["build", "--source", str(site.root)]) == 0
    assert "due within hours" not in capsys.readouterr().err
    site.post("tonight.md", "今晚", date=f"{soon + timedelta(days=2):%Y-%m-%d %H:%M}")
    assert main(["build", "--source", str(site.root)]) == 0
    assert "due within hours" not in capsys.readouterr().err


@pytest.mark.parametrize(("written", "shown"), [
    ("2024年5月1日", "2024-05-01T00:00:00+08:00"),
    ("2024年5月1日 21:30", "2024-05-01T21:30:00+08:00"),
    ("2024.05.01", "2024-05-01T00:00:00+08:00"),
    ("2024–05–01", "2024-05-01T00:00:00+08:00"),  # (a phone's dashes)
    ("２０２４-０５-０１", "2024-05-01T00:00:00+08:00"),  # (full-width digits)
    ("2024-05-01 9:30 PM", "2024-05-01T21:30:00+08:00"),
    ("May 1, 2024", "2024-05-01T00:00:00+08:00"),
    ("1 May 2024 9:30 pm", "2024-05-01T21:30:00+08:00"),
    ("2024年5月1日 9点", "2024-05-01T09:00:00+08:00"),
    ("2024年5月1日 下午9:30", "2024-05-01T21:30:00+08:00"),
    ("2024年5月1日 21:30 +09:00", "2024-05-01T21:30:00+09:00"),
])
def test_a_date_written_another_common_way_is_read(site, written, shown):
    """A phone writer's `2024年5月1日` or `May 1, 2024` stopped the build as "invalid date"."""
    site.write("site.yaml", "timezone: Asia/Shanghai\nlanguages:\n  zh: {}\n")
    site.write("content/posts/a.md", f"---\ntitle: A\ndate: {written}\n---\nText.\n")
    result = site.build()
    assert result.written, messages(result)
    assert f'<time datetime="{shown}">' in site.read("posts/a/")


@pytest.mark.parametrize(("written", "shown"), [
    ("Monday, January 8th 2024, 9:15:02 pm", "2024-01-08T21:15:02+08:00"),
    ("20240108211502", "2024-01-08T21:15:02+08:00"),
    ("2024-01-08 星期一 21:15", "2024-01-08T21:15:00+08:00"),
    ("2024年01月08日 星期一 21:15:02", "2024-01-08T21:15:02+08:00"),
    ('"[[2024-01-08]]"', "2024-01-08T00:00:00+08:00"),
    ("[[2024-01-08]]", "2024-01-08T00:00:00+08:00"),
    # (a template's `YYYY MM DD`: `last-modified: 2023 11 26` in a vault stopped its build)
    ("2023 11 26", "2023-11-26T00:00:00+08:00"),
    ("2023 11 26 21:15", "2023-11-26T21:15:00+08:00"),
])
def test_a_date_an_obsidian_plugin_wrote_is_read(site, written, shown):
    """Templater's, Linter's and daily notes' forms stopped the whole build as "invalid date"."""
    site.write("site.yaml", "timezone: Asia/Shanghai\nlanguages:\n  zh: {}\n")
    site.write("content/posts/a.md", f"---\ntitle: A\ncreated: {written}\n---\nText.\n")
    result = site.build()
    assert result.written, messages(result)
    assert f'<time datetime="{shown}">' in site.read("posts/a/")


@pytest.mark.parametrize("key", ["modified", "date modified", "last-modified"])
def test_obsidian_linters_keys_date_and_update_a_post(site, key):
    """`date created` and `date modified` (Obsidian Linter's), `modified`, `last-modified`
    were ignored: the post was dated by its file's time, its update unshown."""
    site.write("site.yaml", "timezone: Asia/Shanghai\nlanguages:\n  zh: {}\n")
    site.write("content/posts/a.md", f"---\ntitle: A\ndate created: 2024-01-08\n"
               f"{key}: Friday, March 1st 2024, 10:00:00 am\n---\nText.\n")
    result = site.build()
    assert result.written and not [m for m in messages(result) if "a.md" in m], messages(result)
    page = site.read("posts/a/")
    assert '<time datetime="2024-01-08T00:00:00+08:00">' in page
    assert 'datetime="2024-03-01T10:00:00+08:00"' in page


def test_a_date_that_does_not_exist_is_said_as_written(site):
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2024年2月30日\n---\nText.\n")
    said = "\n".join(messages(site.build()))
    assert "invalid date '2024年2月30日': there is no day 30 in February 2024" in said, said


@pytest.mark.parametrize(("key", "written"), [("date", "12:30"), ("publishDate", "9:05:30")])
def test_a_time_without_a_day_is_said_as_written_at_its_line(site, key, written):
    """YAML 1.1 reads an unquoted `12:30` as a number in base 60: the error quoted `750`, a
    value the writer never wrote, and did not say the day was missing."""
    site.write("content/posts/a.md", f"---\ntitle: A\n{key}: {written}\n---\nText.\n")
    said = "\n".join(messages(site.build()))
    assert f"content/posts/a.md:3: error: `{key}` invalid date '{written}': a time without a " \
           f"day; write the day before it, as `2024-05-01 {written}`" in said, said


def test_a_title_or_tag_that_reads_like_a_time_is_kept_as_written(site):
    """`title: 12:30` was published as "750" (YAML 1.1's base-60 number), a title the writer
    never wrote; Hexo and Hugo read it as the text it is."""
    site.write("content/posts/a.md", "---\ntitle: 12:30\ndate: 2024-05-01\ntags: [1:30]\n---\n"
               "Text.\n")
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/a/")
    assert "<h1" in page and ">12:30</h1>" in page.replace("\n", "")
    assert "750" not in page and "5400" not in page and "1:30" in page
