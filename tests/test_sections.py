"""macros/sections.py reads HTML as html.parser reads it (the parser of Material's search, which
the site's search sections follow): the same tags, attributes and text, in the same pieces, on
every built page of the real site, every generated page's body, and markup the pages do not have
yet. Its own regular expression replaced html.parser there because html.parser took most of a
large build's time."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from conftest import SITE_URL
from macros import pages, sections

TRICKY = [
    '<P CLASS="Headerlink" ID=x>Upper case</P>',
    "<a href='single' title=\"a > b\" data-x=unquoted hidden>quotes</a>",
    '<div class="a&amp;b" data-search-exclude title="&lt;&#39;&quot;">x &amp; y &lt;z&gt; &#8217; &nbsp;</div>',
    "<br/><img src=x.png /><path d='m0 0'/><div/>after",
    "a < b and c<d, 1 <2> 3",
    "<!-- a comment <p>not a tag</p> -->text<!DOCTYPE html><?php x ?>more",
    '<script type="application/json">{"a": "<p>not</p>", "b": "</div>"}</script>after',
    "<style>p > a { color: red }</style><SCRIPT>if (a < b) {}</SCRIPT >done",
    "<scripts>not raw <b>bold</b></scripts><styled>x</styled>",
    "<pre>\n  two  spaces\n\n</pre>\n\n  <ul>\n<li>one</li>\n\n<li></li></ul>",
    '</closing-only>text</p class="x">',
    "<h2 id=\"x\">Title <a class=\"headerlink\" href=\"#x\">¶</a></h2>",
]


class _Recorder(HTMLParser):
    """html.parser's events, as sections._tokens() gives them; the content of a script or a style
    is no part of any section, so it is not recorded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        if self.cdata_elem is None:
            self.events.append(("text", data))


def _parsed(html: str) -> list[tuple]:
    recorder = _Recorder()
    recorder.feed(html)
    recorder.close()
    return recorder.events


def _tokens(html: str) -> list[tuple]:
    return [("start", value, sections._attributes(written)) if kind == "start" else (kind, value)
            for kind, value, written in sections._tokens(html)]


@pytest.mark.parametrize("html", TRICKY)
def test_markup_is_read_as_html_parser_reads_it(html):
    assert _tokens(html) == _parsed(html)


def test_every_page_is_read_as_html_parser_reads_it(kb, html_pages):
    bodies = {page.url: page.body for page in pages.generate(kb, SITE_URL, "https://github.com/o/r")}
    built = {url: path.read_text(encoding="utf-8") for url, path in html_pages.items()}
    differ = [f"{kind} {url!r}" for kind, texts in (("generated", bodies), ("built", built)) for url, html in texts.items()
              if _tokens(html) != _parsed(html)]
    assert len(bodies) > len(kb.causes) and len(built) > len(bodies)
    assert not differ, f"read otherwise than html.parser reads them: {differ}"
