"""A flaky connection (a proxy that drops a request now and then) never breaks search: each kind
of file the agents page's search fetches (tests/test_browser_failures.py, AGENTS_KINDS: a cause's entry
among them) fails its first request only; the text is answered right at the latest by the next one,
and nothing on the way says there is no match. In its own file so that it runs beside the
other failure tests (make test runs a file per core)."""

from __future__ import annotations

import pytest

from agentspage import CLIPBOARD, AgentsPage
from test_browser_failures import AGENTS_FAILED, AGENTS_KINDS, Flaky, expect_agents_found, page_errors

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", AGENTS_KINDS)
def test_a_first_request_that_fails_once_is_tried_again(new_page, server, kind):
    pattern, text = AGENTS_KINDS[kind]
    page = new_page(permissions=CLIPBOARD)
    flaky = Flaky(page.context, pattern, once=True)
    agents = AgentsPage(page, server).open()
    answer = agents.paste(text)
    if not answer.cards:
        assert AGENTS_FAILED.match(answer.status), answer.status
        answer = agents.type(" thanks")
    assert flaky.failed == 1 and flaky.asked >= 2, (flaky.failed, flaky.asked)
    expect_agents_found(agents, answer)
    assert not page_errors(page), page.errors
