"""The one way tests type into the site's search box: type (or paste) a text, then wait until
the result list says it answers that whole text.

docs/assets/javascripts/search-box.js records on the result list the text whose results are on
screen (`data-query`) and how many pages they are (`data-results`). Waiting for that with a
retrying expectation needs no sleep and no tight timeout: on a busy machine the answer comes
later, and the wait simply lasts longer.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import expect

ANSWER_TIMEOUT = 60_000
"""ms to wait for an answer: far above any real answer, so only a broken search reaches it."""

INPUT = "input.md-search__input"
LIST = ".md-search-result__list"
ARTICLES = ".md-search-result__item > a.md-search-result__link"


@dataclass(frozen=True)
class Answer:
    query: str  # the text answered, as the search box holds it
    paths: tuple[str, ...]  # site paths of the result pages, best first
    count: int  # pages in the answer
    meta: str  # the line above the results ("3 matching documents", "No matching documents")

    @property
    def causes(self) -> tuple[str, ...]:
        """The result pages as cause ids (other pages as their path, '/' for the home page)."""
        return tuple(cause_of(path) for path in self.paths)


def cause_of(path: str) -> str:
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) == 2 and parts[0] == "causes" else path or "/"


class SearchBox:
    """The search box of one page, driven by the keyboard."""

    def __init__(self, page, server: str):
        self.page, self.server = page, server
        self.box = page.locator(INPUT)
        self.list = page.locator(LIST)

    def open(self, path: str = "") -> "SearchBox":
        """Open a page and its search box, once search has answered its first (empty) text."""
        self.page.goto(self.server + path)
        self.page.keyboard.press("/")
        expect(self.list).to_have_attribute("data-query", "", timeout=ANSWER_TIMEOUT)
        return self

    def search(self, text: str, paste: bool = False) -> Answer:
        """Type `text` over what the box holds (or paste it at once); the answer to all of it.
        Answers to what the box held before, or to part of `text`, may come meanwhile: only the
        answer to the whole of it counts."""
        if paste:
            self.box.fill(text)
            self.box.press("End")
        else:
            self.box.press("ControlOrMeta+a")  # the first key typed replaces the old text
            self.box.press_sequentially(text)
        return self.answer()

    def answer(self) -> Answer:
        """The answer to the text the box holds now, once it is on screen."""
        text = self.box.input_value()  # a text box drops line breaks: compare with what it holds
        expect(self.list).to_have_attribute("data-query", text, timeout=ANSWER_TIMEOUT)
        base = urlsplit(self.server).path
        paths = tuple(urlsplit(href).path[len(base):] for href in self.page.eval_on_selector_all(
            ARTICLES, "links => links.map(a => a.href)"))
        meta = self.page.locator(".md-search-result__meta").text_content().strip()
        return Answer(text, paths, int(self.list.get_attribute("data-results")), meta)
