"""The one way tests type into the site's search box: type (or paste) a text, then wait until
the result list says it answers that whole text; and the one way they rank many texts at once.

docs/assets/javascripts/search-box.js records on the result list the text whose results are on
screen (`data-query`) and how many pages they are (`data-results`). Waiting for that with a
retrying expectation needs no sleep and no tight timeout: on a busy machine the answer comes
later, and the wait simply lasts longer.

Typing is slow (some 10 to 25 ms a key), and the answer depends only on the whole text, so a
large set of texts goes through `SearchBox.rank_all`: one call that asks the site's search
worker, through the message the search box sends, for each text in turn. Tests type a sample of
each set for real and check that it gets the same answer.
"""

from __future__ import annotations

import re
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
    meta: str = ""  # the line above the results ("3 matching documents", "No matching documents"); rank_all renders none

    @property
    def causes(self) -> tuple[str, ...]:
        """The result pages as cause ids (other pages as their path, '/' for the home page)."""
        return tuple(cause_of(path) for path in self.paths)


def cause_of(path: str) -> str:
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) == 2 and parts[0] == "causes" else path or "/"


WORKER = """async ({ url }) => {
  // The site's search worker, set up the way Material sets up the page's own (the worker fetches
  // the site's index itself). Built from the page's Worker before search-box.js wrapped it, so
  // the search box never takes this worker's answers for its own.
  const Base = Object.getPrototypeOf(Worker).name === "Worker" ? Object.getPrototypeOf(Worker) : Worker;
  const worker = new Base(new URL(url, location.href));
  await new Promise((resolve, reject) => {
    worker.addEventListener("message", function ready({ data: message }) {
      if (message.type === 1) { worker.removeEventListener("message", ready); resolve(); }
    });
    worker.addEventListener("error", reject);
    worker.postMessage({ type: 0 });
  });
  // Each message in turn, each answer once it comes (the worker answers in order).
  worker.ask = (message, answerType) => new Promise((resolve) => {
    worker.addEventListener("message", function answer({ data: reply }) {
      if (reply.type === answerType) { worker.removeEventListener("message", answer); resolve(reply.data); }
    });
    worker.postMessage(message);
  });
  return worker;
}"""
"""The function (a JavaScript expression) that starts a search worker in the page, for rank_all
here and in agentspage.py: the one place that knows how a page sets the worker up."""

RANK_ALL = f"""async ({{ texts, url }}) => {{
  const worker = await ({WORKER})({{ url }});
  const answers = [];
  for (const text of texts) {{
    const found = await worker.ask({{ type: 2, data: text }}, 3);
    answers.push({{ query: found.query, paths: found.items.map((item) => item[0].location), count: found.items.length }});
  }}
  worker.terminate();
  return answers;
}}"""


def worker_of(page) -> dict[str, str]:
    """Where the open page's search worker is (Material's page config)."""
    config = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent)")
    return {"url": config["search"]}


def as_typed(text: str) -> str:
    """What the search box (an <input>) holds once the text is pasted into it: Chromium drops the
    line breaks at the end and turns each other one into a space (the test that types a sample
    of every kind checks this)."""
    return re.sub(r"\r\n|[\r\n]", " ", text.rstrip("\r\n"))


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

    def rank_all(self, texts: list[str]) -> list[Answer]:
        """The answers to many texts, in one call: each text as the box would hold it, sent to a
        search worker of the site as the search box sends it (the same ranking, result order and
        cut-off), the result pages read from the answer as Material lists them."""
        found = self.page.evaluate(RANK_ALL, {"texts": [as_typed(t) for t in texts], **worker_of(self.page)})
        return [Answer(a["query"], tuple(a["paths"]), a["count"]) for a in found]

    def answer(self) -> Answer:
        """The answer to the text the box holds now, once it is on screen."""
        text = self.box.input_value()  # a text box drops line breaks: compare with what it holds
        expect(self.list).to_have_attribute("data-query", text, timeout=ANSWER_TIMEOUT)
        base = urlsplit(self.server).path
        paths = tuple(urlsplit(href).path[len(base):] for href in self.page.eval_on_selector_all(
            ARTICLES, "links => links.map(a => a.href)"))
        meta = self.page.locator(".md-search-result__meta").text_content().strip()
        return Answer(text, paths, int(self.list.get_attribute("data-results")), meta)
