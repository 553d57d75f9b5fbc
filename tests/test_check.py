"""`blogforge check`: what it reports about a site it builds in a temporary folder."""

from __future__ import annotations

import re

from conftest import Site

from blogforge.cli import main

MENU_TO_NOWHERE = """
base_url: https://u.github.io/repo/
languages:
  zh:
    menu:
      - {name: 友链, url: links/}
"""


def test_check_names_built_pages_by_their_place_in_the_site(site: Site, capsys):
    site.write("site.yaml", MENU_TO_NOWHERE)
    site.post("a.md", "甲")
    assert main(["check", "--source", str(site.root)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert "blogforge-check" not in "\n".join(err)  # (the folder it was built in is gone)
    line = next(line for line in err if "broken link `/repo/links/`" in line)
    assert re.fullmatch(r"404\.html:\d+: warning: broken link `/repo/links/`: .*", line), line
