"""Which pages the knowledge base generates, as Markdown sources held in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import yaml

from . import errors, render, search
from .model import KnowledgeBase


@dataclass(frozen=True)
class GeneratedPage:
    """One page: its URL (relative to the site root), front matter and body HTML."""

    url: str
    title: str
    description: str
    body: str
    meta: dict = field(default_factory=dict)  # extra front matter (search boost, hide, ...)
    search_fields: dict = field(default_factory=dict)  # extra search fields of the page (macros/search.py)

    @property
    def src_uri(self) -> str:
        """Its virtual path under docs/: every generated page is an index.md."""
        return f"{self.url}index.md"

    def markdown(self) -> str:
        """Front matter plus the body, which Markdown passes through as raw HTML."""
        # The title is printed only as element text, and search indexes it as is: an escaped
        # apostrophe (&#x27;) would split words there. The description goes into an attribute.
        front = {"title": escape(self.title, quote=False), "description": escape(self.description), **self.meta}
        return f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n\n{self.body}\n"


def generate(kb: KnowledgeBase, site_url: str) -> list[GeneratedPage]:
    """Every page built from causes.yaml; `site_url` makes the links meant for tickets."""
    lists = {"search": {"boost": search.LIST_BOOST}}
    pages = [
        GeneratedPage(
            "causes/",
            "All causes",
            f"All {len(kb.causes)} known reasons an iPhone backup to iCloud, a Mac or a Windows PC fails, with fixes.",
            render.causes_index(kb, "causes/"),
            lists,
        ),
        GeneratedPage(
            "errors/",
            "Error messages",
            "Every message an iPhone, Mac or Windows PC shows when a backup fails, word for word, with the causes it can mean.",
            render.errors_index(kb, "errors/"),
            lists,
        ),
        GeneratedPage(
            "flowchart/",
            "Decision flowchart",
            "A flowchart of questions that leads from what your iPhone shows to the cause of the failed backup.",
            render.flowchart(kb, "flowchart/"),
            {"mermaid": True, **lists},
        ),
    ]
    search_fields = search.fields(kb)
    error_anchors = errors.anchors(kb)
    pages += [
        GeneratedPage(cause.url, cause.title, cause.summary, render.cause_page(kb, cause, site_url, error_anchors),
                      search_fields=search_fields[cause.id])
        for cause in kb.causes.values()
    ]
    return pages


def redirects(kb: KnowledgeBase) -> dict[str, str]:
    """mkdocs-redirects' redirect_maps: each retired cause id to the page of its cause."""
    return {f"causes/{old}/index.md": f"causes/{new}/index.md" for old, new in sorted(kb.aliases.items())}


def review_dates(kb: KnowledgeBase) -> tuple[dict[str, str], str]:
    """Last-reviewed date of each cause page (by source path), and the newest of them.

    Pages carry these as their update date (sitemap.xml) instead of the build date, so the
    same causes.yaml always builds the same bytes."""
    dates = {f"{cause.url}index.md": cause.last_reviewed for cause in kb.causes.values()}
    return dates, max(dates.values())


class _Headings(HTMLParser):
    """Collects (level, id, text) of h2/h3 headings that have an id, skipping permalinks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3") and attrs.get("id"):
            self._open, self._text = (int(tag[1]), attrs["id"]), []
        elif self._open and tag == "a" and "headerlink" in (attrs.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if self._skip and tag == "a":
            self._skip -= 1
        elif self._open and tag == f"h{self._open[0]}":
            self.found.append((*self._open, "".join(self._text).strip()))
            self._open = None

    def handle_data(self, data):
        if self._open and not self._skip:
            self._text.append(data)


def headings(html: str) -> list[tuple[int, str, str]]:
    """(level, id, escaped title) of each h2/h3 with an id, in page order."""
    parser = _Headings()
    parser.feed(html)
    return [(level, ident, escape(text)) for level, ident, text in parser.found]
