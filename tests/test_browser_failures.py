"""A failed download never passes for an answer, and never breaks search until a reload, in
Chromium: each kind of file search needs (the worker, the engine and the libraries it imports,
the index's manifest and each kind of index file the search box or the agents page reads, a
cause's entry on the agents page) fails, as
a dropped connection fails it; the header search box and the agents page say that search could
not load (never "No matching documents" nor "No cause matches this message", which an agent
could pass on), show no stale results, and the next text, once the file can be fetched again,
gets the right answer (the one a worker that had no failure gives). Also: Try again, and the
connection coming back, ask again without a new text. Each file failing only its first request:
tests/test_browser_flaky_downloads.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from agentspage import CLIPBOARD, AgentsPage
from searchbox import ANSWER_TIMEOUT, SearchBox

pytestmark = pytest.mark.browser

TEXT = "My iPhone says Not Enough Storage when it backs up to iCloud"
"""A text whose search fetches every kind of file but one: it holds an exact message."""
PART = "the last backup could not"
"""A text that is part of a message: its search looks the message up by a word of it."""
CAUSE = "icloud-storage-full"

KINDS = {
    "worker": ("**/assets/javascripts/search/worker.js", TEXT),
    "engine": ("**/assets/javascripts/search/engine.js", TEXT),
    "index reader": ("**/assets/javascripts/search/index.js", TEXT),
    "story reader": ("**/assets/javascripts/search/story.js", TEXT),
    "MiniSearch": ("**/assets/vendor/minisearch/index.js", TEXT),
    "stemmer": ("**/assets/vendor/stemmer/index.js", TEXT),
    "index manifest": ("**/search/manifest.json", TEXT),
    "field lengths": ("**/search/lengths.json", TEXT),
    "postings": ("**/search/postings/*.json", TEXT),
    "messages by rarest word": ("**/search/messages/rarest/*.json", TEXT),
    "messages by word": ("**/search/messages/words/*.json", PART),
}
"""Every kind of file a search fetches, by where it is (the index's folders as the real site's
search/manifest.json names them; tests/test_search_index.py pins the layout), with a text whose
search fetches it."""
SEARCH_BOX_KINDS = {**KINDS, "result pages": ("**/search/pages/*.json", TEXT)}
"""The search box lists each result's entries (search/pages/)."""
AGENTS_KINDS = {**KINDS, "result heads": ("**/search/heads/*.json", TEXT), "cause entry": ("**/causes/*.json", TEXT)}
"""The agents page names causes from the heads of their pages (search/heads/), and shows each
from its entry of /causes.json (causes/<id>.json)."""
SEARCH_FAILED = "Search could not load, so nothing is listed."
AGENTS_RETRY = "[data-bh-agents-retry] button"
AGENTS_FAILED = re.compile(r"^The site's search could not load, so no causes are shown")


class Flaky:
    """Requests for one kind of file fail while `down` (aborted, as a dropped connection fails
    them), or only the first one (`once`); `failed` and `asked` count them."""

    def __init__(self, context, pattern: str, once: bool = False):
        self.down, self.once, self.failed, self.asked = True, once, 0, 0
        context.route(pattern, self.handle)

    def handle(self, route):
        self.asked += 1
        if self.down:
            self.failed += 1
            self.down = not self.once
            route.abort("internetdisconnected")
        else:
            route.continue_()


def page_errors(page) -> list[str]:
    """What went wrong on the page beyond the failed downloads themselves (which Chromium logs)."""
    return [e for e in page.errors if "Failed to load resource" not in e and "net::ERR_" not in e]


def expect_search_failed(page, box, text):
    answer = box.answer()
    assert answer.query == text and answer.count == 0
    expect(box.list).to_have_attribute("data-failed", "")
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(SEARCH_FAILED)
    expect(page.locator(".bh-search-failed")).to_be_visible()
    expect(page.locator(".bh-search-empty")).to_be_hidden()
    assert "No matching" not in page.locator(".md-search__output").inner_text()


def expect_search_found(page, box):
    """The answer on screen is the one search gives when nothing fails (a fresh worker's)."""
    answer = box.answer()
    reference = box.rank_all([answer.query])[0]
    assert answer.count == reference.count and answer.paths == reference.paths[:len(answer.paths)], (answer, reference)
    expect(box.list).not_to_have_attribute("data-failed", "")
    expect(page.locator(".bh-search-failed")).to_be_hidden()
    return answer


def expect_agents_found(agents, answer):
    """The causes on screen are those the page gives when nothing fails (a fresh worker's)."""
    assert answer.cards and answer.cards == agents.rank_all([agents.box.input_value()])[0].cards, answer
    expect(agents.page.locator(AGENTS_RETRY)).to_be_hidden()


@pytest.mark.parametrize("kind", SEARCH_BOX_KINDS)
def test_search_box_says_it_could_not_load_then_recovers(new_page, server, kind):
    pattern, text = SEARCH_BOX_KINDS[kind]
    page = new_page()
    flaky = Flaky(page.context, pattern)
    box = SearchBox(page, server).open("causes/")
    box.search(text, paste=True)
    expect_search_failed(page, box, text)
    assert flaky.failed, f"the search never fetched the {kind}: the test would prove nothing"
    flaky.down = False
    box.search(text + " please", paste=True)
    expect_search_found(page, box)
    assert not page_errors(page), page.errors


@pytest.mark.parametrize("kind", AGENTS_KINDS)
def test_agents_page_says_it_could_not_load_then_recovers(new_page, server, kind):
    pattern, text = AGENTS_KINDS[kind]
    page = new_page(permissions=CLIPBOARD)
    flaky = Flaky(page.context, pattern)
    agents = AgentsPage(page, server).open()
    answer = agents.paste(text)
    assert not answer.cards and AGENTS_FAILED.match(answer.status), answer
    expect(page.locator("[data-bh-agents-results]")).to_be_hidden()
    expect(page.locator(AGENTS_RETRY)).to_be_visible()
    assert flaky.failed, f"the page never fetched the {kind}: the test would prove nothing"
    flaky.down = False
    expect_agents_found(agents, agents.type(" thanks"))
    assert not page_errors(page), page.errors


def test_agents_page_hides_the_causes_of_an_earlier_text_when_loading_fails(new_page, server):
    page = new_page(permissions=CLIPBOARD)
    flaky = Flaky(page.context, AGENTS_KINDS["cause entry"][0])
    flaky.down = False
    agents = AgentsPage(page, server).open()
    first = agents.paste("It asks me to Trust This Computer every time I plug it in")
    assert first.cards
    flaky.down = True
    answer = agents.paste(TEXT)  # other causes: their entries are fetched now, and fail
    assert flaky.failed and not answer.cards and AGENTS_FAILED.match(answer.status), answer
    expect(page.locator("[data-bh-agents-results]")).to_be_hidden()
    flaky.down = False
    page.locator(AGENTS_RETRY).click()  # the same text, asked again
    answer = agents.answer()
    expect(page.locator("[data-bh-agents-results]")).to_be_visible()
    expect_agents_found(agents, answer)
    assert answer.causes[:1] == (CAUSE,), answer


def test_search_comes_back_with_the_connection_or_try_again(new_page, server):
    """Offline, the search box says it could not load; Try again asks again at once; and the
    connection coming back asks again without a key being pressed."""
    page = new_page()
    box = SearchBox(page, server).open("causes/")
    page.context.set_offline(True)
    box.search(TEXT, paste=True)
    expect_search_failed(page, box, TEXT)
    page.locator(".bh-search-failed").get_by_role("button", name="Try again").click()
    expect(page.locator(".bh-search-failed")).to_be_visible()  # still offline: still says so
    expect(box.box).to_be_focused()
    page.context.set_offline(False)
    expect(box.list).not_to_have_attribute("data-failed", "", timeout=ANSWER_TIMEOUT)
    assert expect_search_found(page, box).causes[:1] == (CAUSE,)
    assert not page_errors(page), page.errors
