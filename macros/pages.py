"""Which pages the knowledge base generates: front matter for MkDocs plus ready body HTML.

The body never goes through Markdown (it is HTML from the Jinja templates already, and Markdown
conversion was half the build time of a 1,000-cause site): the hooks hand MkDocs a source that
is front matter only and put the body in place of the empty conversion result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

import yaml

from . import render, search
from .model import KnowledgeBase


@dataclass(frozen=True)
class GeneratedPage:
    """One page: its URL (relative to the site root), front matter and body HTML."""

    url: str
    title: str
    description: str
    body: str
    meta: dict = field(default_factory=dict)  # extra front matter (search boost, hide, its own script, ...)
    search_fields: dict = field(default_factory=dict)  # extra search fields of the page (macros/search.py)

    @property
    def src_uri(self) -> str:
        """Its virtual path under docs/: every generated page is an index.md."""
        return f"{self.url}index.md"

    def source(self) -> str:
        """The page as MkDocs reads it: front matter only, so Markdown has nothing to convert."""
        # The title is printed only as element text, and search indexes it as is: an escaped
        # apostrophe (&#x27;) would split words there. The description goes into an attribute.
        front = {"title": escape(self.title, quote=False), "description": escape(self.description), **self.meta}
        return f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n"


def generate(kb: KnowledgeBase, site_url: str, repository: str) -> list[GeneratedPage]:
    """Every page built from causes.yaml; `site_url` makes the links meant for tickets, and
    `repository` (GitHub) the links that report an outdated step."""
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
            "troubleshooter/",
            "Troubleshooter",
            "Answer a few questions, one at a time, to find why your iPhone backup fails and the first fix to try.",
            render.troubleshooter(kb, "troubleshooter/"),
            {"script": "assets/javascripts/troubleshooter.js", "hide": ["toc"], **lists},
        ),
        GeneratedPage(
            "flowchart/",
            "Decision flowchart",
            "A flowchart of questions that leads from what your iPhone shows to the cause of the failed backup.",
            render.flowchart(kb, "flowchart/"),
            lists,
        ),
        GeneratedPage(
            "agents/",
            "For support agents",
            "Paste a customer's message about a failed iPhone backup: get the likely causes, the links and a ready reply for the ticket.",
            render.agents(kb, "agents/"),
            {"script": "assets/javascripts/agents.js", "hide": ["toc"], **lists},
        ),
    ]
    search_fields = search.fields(kb)
    pages += [
        GeneratedPage(cause.url, cause.title, cause.summary, render.cause_page(kb, cause, site_url, repository),
                      {"script": "assets/javascripts/ticket.js"}, search_fields=search_fields[cause.id])
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


_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r'\sid="([^"]+)"')


def headings(html: str) -> list[tuple[int, str, str]]:
    """(level, id, title HTML) of each h2/h3 with an id, in page order, permalinks left out.

    The HTML comes from the project's own autoescaped templates, so its headings have one shape
    and their text is escaped already; tags inside a heading are dropped.
    """
    return [
        (int(level), ident, _TAG.sub("", _PERMALINK.sub("", inner)).strip())
        for level, ident, inner in _HEADING.findall(html)
    ]


def anchor_ids(html: str) -> set[str]:
    """Every id in the body: the #anchors other pages may link to."""
    return set(_ID.findall(html))
