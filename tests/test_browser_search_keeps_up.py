"""In Chromium: search always ends on the answer to everything typed or pasted.
docs/assets/javascripts/search-box.js holds keystrokes back while the worker answers (so a
1,000-cause site does not queue stale queries); a held keystroke must still be sent, however fast
the typing, and text pasted without a key must be searched too."""

from __future__ import annotations

import pytest

from searchbox import INPUT, SearchBox

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
