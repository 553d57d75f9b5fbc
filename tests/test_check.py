"""`blogforge check`: what it reports about a site it builds in a temporary folder."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import END_WORKERS_AS_THEY_START, Site, stopped_while_rendering

from blogforge.cli import main

MENU_TO_NOWHERE = """
base_url: https://u.github.io/repo/
languages:
  zh:
    menu:
      - {name: 友链, url: links/}
"""


def test_check_names_built_pages_by_their_place_in_the_site(site: Site, capsys):
    config = site.write("site.yaml", MENU_TO_NOWHERE)
    site.write("templates/partials/head_extra.html",
               '<link rel="help" href="{{ \'help/\' | url }}">')
    site.post("a.md", "甲")
    assert main(["check", "--source", str(site.root)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert "blogforge-check" not in "\n".join(err)  # (the folder it was built in is gone)
    line = next(line for line in err if "broken link `/repo/help/`" in line)
    assert re.fullmatch(r"404\.html:\d+: warning: broken link `/repo/help/`: .*", line), line
    # a menu's link is named where site.yaml writes it
    assert f"{config}:5: warning: broken link `links/` of the zh menu: no file /repo/links/ " \
        "in the output (on 9 pages); a menu url is a page's path (content/links.md is at " \
        "`links/`) or a full URL" in err


STOPPED_WHILE_RENDERING = stopped_while_rendering("check", "--no-cache")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_check_removes_its_folder_and_fails(site: Site, tmp_path: Path, signum):
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    for n in range(4):
        site.post(f"p{n}.md", f"Post {n}", body="$$x^2$$\n\n```python\nx = 1\n```\n")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "STOP_WITH": str(int(signum))}
    done = subprocess.run([sys.executable, "-c", STOPPED_WHILE_RENDERING, str(site.root)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 128 + signum, done.stderr  # (143: SIGTERM, 130: Ctrl+C)
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.splitlines()[-1] == "check stopped; its temporary files are removed"
    assert list(temp.iterdir()) == []


# check stopped as its pool starts (conftest.END_WORKERS_AS_THEY_START)
ENDS_WORKERS_AT_ONCE = END_WORKERS_AS_THEY_START + """
from blogforge import engine
from blogforge.cli import main

def build_ending_its_workers(options):
    end_workers_as_they_start()
    sys.exit(0)

engine.build_site = build_ending_its_workers
main(["check", "--source", sys.argv[1]])
"""


def test_workers_told_to_end_as_they_start_end(site: Site, tmp_path: Path):
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    site.post("a.md", "甲")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", ENDS_WORKERS_AT_ONCE, str(site.root)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.stderr.split() == ["ended"] * 5, done.stderr
