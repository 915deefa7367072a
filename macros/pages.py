"""Which pages the knowledge base generates, each as a Markdown source any MkDocs-like builder
renders: front matter, then the body, which is ready HTML from the Jinja templates.

Markdown passes raw HTML through unchanged (tests/test_generator.py holds it to that), so the
body costs the builder almost nothing to convert. Only the headings that have an id are written
as Markdown headings, `## Symptoms {#symptoms}`, so that the builder lists them in the page's
table of contents and gives each a permalink, as it does on hand-written pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

import yaml

from . import render, search
from .links import absolute, relative
from .model import KnowledgeBase


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's safe dumper, as macros/load.py parses with libyaml: eight times faster than PyYAML's
own, and the same front matter, but for characters beyond the BMP (emoji), which it writes as
\\U escapes (read back as the same text)."""


@dataclass(frozen=True)
class GeneratedPage:
    """One page: its URL (relative to the site root), front matter and body HTML."""

    url: str
    title: str
    description: str
    body: str
    updated: str  # YYYY-MM-DD: the sitemap's lastmod (the newest review date it shows), never the build date
    meta: dict = field(default_factory=dict)  # extra front matter (hide, its own script)
    search: search.PageSearch | None = field(default_factory=search.PageSearch)  # what the site's search knows of it (None: left out)

    @property
    def src_uri(self) -> str:
        """Its path under the docs directory: every generated page is an index.md."""
        return f"{self.url}index.md"

    def source(self) -> str:
        """The page as a Markdown file."""
        # The title is printed only as element text: an escaped apostrophe (&#x27;) would show in
        # a tab's title. The description goes into an attribute. Material's own search index
        # leaves the page out: the site's search has its own (macros/search.py).
        front = {"title": escape(self.title, quote=False), "description": escape(self.description),
                 **self.meta, "updated": self.updated, "search": {"exclude": True}}
        return f"---\n{yaml.dump(front, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)}---\n\n{markdown(self.body)}"


def generate(kb: KnowledgeBase, site_url: str, repository: str) -> list[GeneratedPage]:
    """Every page built from causes.yaml; `site_url` makes the links meant for tickets, and
    `repository` (GitHub) the links that report an outdated step."""
    newest = max(cause.last_reviewed for cause in kb.causes.values())
    listing = search.PageSearch(boost=search.LIST_BOOST)
    pages = [
        GeneratedPage(
            "causes/",
            "All causes",
            f"All {len(kb.causes)} known reasons an iPhone backup to iCloud, a Mac or a Windows PC fails, with fixes.",
            render.causes_index(kb, "causes/"),
            newest,
            search=listing,
        ),
        GeneratedPage(
            "errors/",
            "Error messages",
            "Every message an iPhone, Mac or Windows PC shows when a backup fails, word for word, with the causes it can mean.",
            render.errors_index(kb, "errors/"),
            newest,
            search=listing,
        ),
        GeneratedPage(
            "troubleshooter/",
            "Troubleshooter",
            "Answer a few questions, one at a time, to find why your iPhone backup fails and the first fix to try.",
            render.troubleshooter(kb, "troubleshooter/", site_url),
            newest,
            {"script": "assets/javascripts/troubleshooter.js", "hide": ["toc"]},
            listing,
        ),
        GeneratedPage(
            "flowchart/",
            "Decision flowchart",
            "A flowchart of questions that leads from what your iPhone shows to the cause of the failed backup.",
            render.flowchart(kb, "flowchart/"),
            newest,
            search=listing,
        ),
        agents_page(kb),
        GeneratedPage(
            "offline/",
            "Offline",
            "This page of iPhone Backup Help is not saved on this device yet: it needs a connection.",
            render.offline("offline/"),
            newest,
            {"hide": ["navigation", "toc"], "robots": "noindex", "sitemap": False},
            None,
        ),
    ]
    pages += [
        GeneratedPage(cause.url, cause.title, cause.summary, render.cause_page(kb, cause, site_url, repository),
                      cause.last_reviewed, {"script": "assets/javascripts/ticket.js"}, search.cause_search(cause))
        for cause in kb.causes.values()
    ]
    return pages


REDIRECT_SCRIPT = "assets/javascripts/redirect.js"


def agents_page(kb: KnowledgeBase, offline_whole: bool = True) -> GeneratedPage:
    """/agents/; `offline_whole`: whether the service worker keeps the whole site (macros/offline.py)."""
    return GeneratedPage(
        "agents/",
        "For support agents",
        "Paste a customer's message about a failed iPhone backup: get the likely causes, the links and a ready reply for the ticket.",
        render.agents(kb, "agents/", offline_whole),
        max(cause.last_reviewed for cause in kb.causes.values()),
        {"script": "assets/javascripts/agents.js", "hide": ["toc"]},
        search.PageSearch(boost=search.LIST_BOOST),
    )


def redirects(kb: KnowledgeBase, site_url: str, policy: str) -> dict[str, str]:
    """A page for each retired cause id (an alias), by its path: it sends the reader, with the
    #anchor of the link, to the cause that carries the id now; `policy` is the site's
    Content-Security-Policy."""
    return {
        f"causes/{old}/index.html": render.redirect(kb.causes[new], relative(kb.causes[new].url, f"causes/{old}/"),
                                                    absolute(site_url, kb.causes[new].url),
                                                    relative(REDIRECT_SCRIPT, f"causes/{old}/"), policy)
        for old, new in sorted(kb.aliases.items())
    }


_HEADING = re.compile(r'^<h([23]) id="([^"\n]+)"(?: class="([^"\n]+)")?( data-search-exclude)?>([^<\n]*)</h\1>$', re.MULTILINE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown(body: str) -> str:
    """The body as Markdown: each line that is a heading with an id becomes a Markdown heading
    (its text, escaped HTML already, with Markdown's own characters escaped too, and its id and
    class as attributes), between blank lines; every other line is raw HTML, which Markdown
    leaves as it is."""
    return _HEADING.sub(_markdown_heading, "\n".join(body.splitlines())) + "\n"


def _markdown_heading(found: re.Match) -> str:
    level, ident, css, _, text = found.groups()
    attributes = f"#{ident}" + (f" .{css}" if css else "")
    # Quotes need no escaping in element text, and the table of contents would show their
    # character references as written.
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&#34;", '"').replace("&#39;", "'"))
    return f"\n{'#' * int(level)} {escaped} {{{attributes}}}\n"
