"""Dates on pages: `date_format` with placeholders, strftime codes or both."""

from __future__ import annotations

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


def test_a_broken_date_format_in_theme_strings_is_an_error_with_its_line(site):
    site.write("i18n/zh.yaml", "read_more: 阅读\nmonth_format: '{year}年{month月'\n")
    site.post("a.md", "中文")
    result = site.build()
    assert not result.written
    assert any("i18n/zh.yaml:2: error: `month_format`" in m for m in messages(result)), \
        messages(result)
