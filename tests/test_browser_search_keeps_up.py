"""In Chromium: search always ends on the answer to everything typed or pasted.
docs/assets/javascripts/search-box.js holds keystrokes back while the worker answers (so a
1,000-cause site does not queue stale queries); a held keystroke must still be sent, however fast
the typing, and text pasted without a key must be searched too. With a worker made as slow as
a site many times this size, fast typing never has more than one query waiting for its answer."""

from __future__ import annotations

import pytest

from searchbox import INPUT, SearchBox
from urllib.parse import urlsplit

pytestmark = pytest.mark.browser


@pytest.fixture
def search(new_page, server):
    page = new_page()
    box = SearchBox(page, server).open()
    yield box
    assert not page.errors, page.errors


def test_fast_typing_ends_on_the_answer_to_the_whole_query(search, kb):
    search.box.press_sequentially("storage", delay=0)
    assert search.answer().count > 0
    search.box.press("Control+a")
    search.box.press_sequentially("qxzvqxzv qxzvqxzv", delay=0)
    assert search.answer().meta.startswith("No matching"), "the last keystrokes were never searched"
    search.box.press("Control+a")
    title = next(iter(kb.causes.values())).title
    search.box.press_sequentially(title, delay=0)
    answer = search.answer()
    assert answer.count > 0 and answer.paths


def test_text_pasted_without_a_key_is_searched(search, kb):
    message = next(c for c in kb.causes.values() if c.error_messages).error_messages[0].text
    search.page.locator(INPUT).fill(message)  # as a paste from the context menu: no key at all
    assert search.answer().count > 0


def test_the_scripts_are_on_every_page(html_pages):
    for url, path in html_pages.items():
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:  # a retired cause id's page only forwards to the new one
            continue
        assert "assets/javascripts/search-box.js" in html, url
        assert "assets/javascripts/search/worker.js" in html and "workers/search." not in html, url


SLOW = 300
"""ms the slowed worker spends on each query before answering it."""

SLOWED = f"""// Each query (Material's type 2) holds the worker for {SLOW} ms first, as on a far larger site.
const __on = self.addEventListener.bind(self);
self.addEventListener = (type, listener, ...rest) => __on(type, type !== "message" ? listener : (event) => {{
  if (event.data && event.data.type === 2) {{ const end = Date.now() + {SLOW}; while (Date.now() < end); }}
  listener(event);
}}, ...rest);
"""

COUNT_QUERIES = """(() => {
  // Queries the page sends to a search worker, and answers, as they go: the most ever waiting.
  const q = window.__queries = { sent: 0, answered: 0, most: 0 };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 2) { q.sent += 1; q.most = Math.max(q.most, q.sent - q.answered); }
    return post.call(this, message, ...rest);
  };
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ({ data }) => { if (data && data.type === 3) q.answered += 1; });
    }
  };
})();"""


def test_a_slow_worker_never_gets_a_queue_of_stale_queries(new_page, server):
    page = new_page(init_script=COUNT_QUERIES)
    worker = urlsplit(server).path + "assets/javascripts/search/worker.js"
    page.route(f"**{worker}", lambda route: route.fulfill(response=(found := route.fetch()), body=SLOWED + found.text()))
    search = SearchBox(page, server).open()
    text = "not enough storage on icloud to back up"
    search.box.press_sequentially(text, delay=20)
    answer = search.answer()
    assert answer.query == text and answer.count > 0
    queries = page.evaluate("window.__queries")
    assert queries["most"] == 1, f"queries waited behind each other: {queries}"
    assert queries["sent"] <= len(text) // 3, f"{queries['sent']} queries for {len(text)} keys: keys were not held back"
    assert not page.errors, page.errors
