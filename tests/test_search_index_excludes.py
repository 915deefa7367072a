"""What a page marks data-search-exclude stays out of the built search index: lists that only
repeat what a cause page says (cause cards, the error index's entries, related causes, sources,
the troubleshooter's templates, the flowchart's outline). Search at 1,000 causes stays fast only
because they are left out (docs/developers/design.md).

The index (macros/sections.py, with the rules of Material's search parser) leaves out an element
with data-search-exclude, or the whole section of a heading that carries it; it finds the
excluded element's end by tag name only, so a nested element of the same tag would let the rest
leak. The check reads each generated page's HTML as the generator wrote it (its headings still
carry the mark, which the page's Markdown drops) and the built index: every piece of excluded
text that appears nowhere else on the page must be absent from that page's entries.
"""

from __future__ import annotations

import html
import re

import pytest
from bs4 import BeautifulSoup, NavigableString

from conftest import SITE_URL, search_entries, soup
from macros import pages

MIN_PIECE = 12
"""Shorter text (a number, "Common", "›") says nothing about a leak."""

_TAG = re.compile(r"<[^>]+>")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _norm(text: str) -> str:
    return " ".join(text.split())


def pieces(article) -> tuple[list[str], str]:
    """The excluded text pieces of a page's content, and all the text that is not excluded."""
    excluded, kept = [], []
    in_excluded_section = False
    for node in article.descendants:
        if getattr(node, "name", None) in HEADINGS:
            in_excluded_section = node.has_attr("data-search-exclude")
        if not isinstance(node, NavigableString) or not node.strip():
            continue
        hidden = in_excluded_section or any(parent.has_attr("data-search-exclude") for parent in node.parents if parent is not article and hasattr(parent, "has_attr"))
        (excluded if hidden else kept).append(_norm(node))
    return [p for p in excluded if len(p) >= MIN_PIECE], " ".join(kept)


@pytest.fixture(scope="module")
def index_text(site) -> dict[str, str]:
    """The indexed text (titles and text, markup removed) of each page, by its URL path."""
    out: dict[str, list[str]] = {}
    for doc in search_entries(site):
        page = doc["location"].split("#")[0]
        out.setdefault(page, []).append(html.unescape(_TAG.sub(" ", f"{doc['title']} {doc['text']}")))
    return {page: _norm(" ".join(texts)) for page, texts in out.items()}


def test_excluded_content_stays_out_of_the_search_index(kb, index_text):
    checked, leaks = 0, []
    for page in pages.generate(kb, SITE_URL, "https://github.com/o/r"):
        url = page.url
        excluded, kept = pieces(BeautifulSoup(page.body, "html.parser"))
        for piece in excluded:
            if piece in kept:
                continue  # also shown outside the excluded parts: indexed from there
            checked += 1
            if piece in index_text[url]:
                leaks.append(f"/{url}: {piece[:100]!r}")
    assert checked >= 500, f"only {checked} excluded pieces checked: are the pages marking any?"
    assert not leaks, f"{len(leaks)} excluded pieces are in the search index:\n" + "\n".join(leaks[:30])


@pytest.mark.parametrize("page, selector", [
    ("", "ul.bh-cards"), ("causes/", "ul.bh-cards"), ("errors/", "ul.bh-errors"), ("troubleshooter/", "aside.bh-ts__templates"),
    ("flowchart/", "div.bh-outline"),
])
def test_the_lists_that_repeat_cause_pages_are_excluded(html_pages, page, selector):
    found = soup(html_pages[page]).select_one(selector)
    assert found is not None and any(el.has_attr("data-search-exclude") for el in [found, *found.parents] if hasattr(el, "has_attr"))
