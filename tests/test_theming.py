"""A site that customizes its look: templates of its own over the theme's, strings of its own,
and the messages it gets when a template goes wrong."""

from __future__ import annotations

from conftest import messages

# The first bytes of a vim swap file: not UTF-8 text.
VIM_SWAP = b"b0VIM 9.0\x00\x00\x10\x00\x9c\xe3\x8fg\xff\xfe\x00\x00root\x00"


def test_an_editors_swap_file_beside_a_template_is_no_template(site):
    site.write("templates/partials/footer.html", "<footer>页脚 {{ site.title }}</footer>\n")
    site.write("templates/partials/.footer.html.swp", raw=VIM_SWAP)  # vim has it open
    site.write("templates/.DS_Store", raw=b"\x00\x00\x00\x01Bud1\x00\x10\xff\x80")
    site.post("a.md", "A")
    result = site.build()
    assert result.written, messages(result)
    assert messages(result, "error") == []
    assert "<footer>页脚 blogforge</footer>" in site.read("posts/a/")
