"""What the site's search knows of each page: its sections (macros/sections.py), in the entries
macros/searchindex.py turns into the files the search worker fetches.

Every page, generated or hand-written, is split into sections by macros/sections.py. The first
entry of a cause page (the one that stands for the whole page) also carries the facts the search
engine ranks by (docs/assets/javascripts/search/engine.js):

messages    the exact text of its error messages (found whole or in part in what people type or paste)
keywords    its title and `search_terms` (causes.yaml): the words people use for the problem
where       where its backups go: icloud, mac, windows (steered by the side words of a query)
likelihood  common, occasional or rare (a slight preference for the common causes)

and the vocabulary of causes.yaml (synonyms and side words) goes with them, so that search and
the agents page rank with the same words. The search worker fetches the index itself; Material's
search plugin only draws the search box (every page leaves its own index).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from html import escape

from . import searchindex
from .model import Cause, Vocabulary
from .sections import sections

WORKER = "assets/javascripts/search/worker.js"
"""The site's search worker: it speaks the protocol of Material's own, so Material's search box
and result list work unchanged (docs/assets/javascripts/search/)."""

LIST_BOOST = 0.5
"""Search boost of the pages that list causes (index, error messages, flowchart): a cause's own
page comes before pages that merely mention it."""


@dataclass(frozen=True)
class PageSearch:
    """What search knows of a page beyond its text: its boost, and for a cause page the fields
    the engine ranks by."""

    boost: float | None = None
    messages: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    likelihood: str = ""

    def fields(self) -> dict:
        """The extra fields of the page's first entry."""
        if not self.likelihood:
            return {}
        return {"messages": list(self.messages), "keywords": list(self.keywords),
                "where": list(self.where), "likelihood": self.likelihood}


def cause_search(cause: Cause) -> PageSearch:
    return PageSearch(messages=tuple(m.text for m in cause.error_messages), keywords=(cause.title, *cause.search_terms),
                      where=cause.where, likelihood=cause.likelihood)


@dataclass(frozen=True)
class IndexedPage:
    """A page as search sees it: its URL, title (escaped HTML), body HTML and search facts."""

    url: str
    title: str
    html: str
    search: PageSearch


def entries(pages: list[IndexedPage]) -> list[dict]:
    """One entry per section of every page, in page order: `location` (the page's URL, with the
    section's #anchor), `title` and `text` (escaped HTML), the page's boost if it has one, and on
    a cause page's first entry its fields."""
    out = []
    for page in pages:
        boost = {} if page.search.boost is None else {"boost": page.search.boost}
        for n, section in enumerate(sections(page.html, page.title)):
            entry = {"location": page.url + (f"#{section.anchor}" if section.anchor else ""),
                     "title": section.title, "text": section.text, **boost}
            if n == 0:
                entry.update(_escaped(page.search.fields()))
            out.append(entry)
    return out


def index_files(pages: list[IndexedPage], vocabulary: Vocabulary) -> dict[str, str]:
    """The files of the site's search index (macros/searchindex.py)."""
    return searchindex.files(entries(pages), _escaped(asdict(vocabulary)))


def _escaped(value):
    """Text values HTML-escaped like the sections' text (the engine reads every field as HTML)."""
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escaped(item) for item in value]
    return value
