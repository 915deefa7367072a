"""The one way tests use the agents page (/agents/): paste (or type) a customer's message, then
wait until the results on screen answer that whole text; and the one way they rank many texts
at once (`rank_all`: the worker's `rank` message, as the page sends it, for each text in turn;
tests paste a sample for real and check that it gets the same answer).

docs/assets/javascripts/agents.js counts the edits of the text on its form (`data-revision`) and
records on the results which edit they answer; waiting for the two to match needs no sleep and
no tight timeout: on a busy machine the answer comes later, and the wait simply lasts longer.
Pasting goes through the clipboard and Ctrl+V, as an agent pastes, so the context needs the
clipboard permissions (CLIPBOARD).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from searchbox import ANSWER_TIMEOUT, WORKER, worker_of

CLIPBOARD = ["clipboard-read", "clipboard-write"]
BOX = "[data-bh-agents-text]"
ANSWERED = """() => {
  const form = document.querySelector('[data-bh-agents-form]');
  const results = document.querySelector('[data-bh-agents-results]');
  return form.dataset.revision !== '0' && form.dataset.revision === results.dataset.revision;
}"""
SHOWN = """() => [...document.querySelectorAll('[data-bh-agents-list] > li')].map(li => ({
  id: li.dataset.cause,
  found: [...li.querySelectorAll('[data-slot="found"]:not([hidden]) [data-slot="messages"]')].map(e => e.textContent).join(' '),
  telling: [...li.querySelectorAll('[data-slot="words"] mark')].map(e => e.textContent),
}))"""


LIMIT = 5
"""Causes the page shows (agents.js)."""

RANK_ALL = f"""async ({{ texts, limit, url }}) => {{
  const worker = await ({WORKER})({{ url }});
  const ranked = [];
  for (const text of texts) ranked.push((await worker.ask({{ type: "rank", data: {{ text, limit }} }}, "ranked")).causes);
  worker.terminate();
  return ranked;
}}"""


def rank_all(page, texts: list[str], limit: int = LIMIT) -> list["Answer"]:
    """The causes the agents page would show for each text, in one call from any page of the
    site: each text as the text box would hold it, ranked by a search worker of the site through
    the `rank` message the page sends; each cause as a Card, as the page shows it (no status)."""
    ranked = page.evaluate(RANK_ALL, {"texts": [re.sub(r"\r\n?", "\n", t) for t in texts], "limit": limit, **worker_of(page)})
    return [Answer(tuple(card(r) for r in causes), "") for causes in ranked]


def card(ranked: dict) -> "Card":
    """A ranked cause as the page shows it: its exact messages in quotes, its telling words marked
    once each whatever their case (agents.js)."""
    telling = {}
    for word in ranked["telling"]:
        telling.setdefault(word.lower(), word)
    return Card(ranked["id"], ", ".join(f"“{m}”" for m in ranked["messages"]), tuple(telling.values()))


@dataclass(frozen=True)
class Card:
    id: str  # cause id
    found: str  # the exact messages it calls out, as shown ('' for none)
    telling: tuple[str, ...]  # the matched words it marks


@dataclass(frozen=True)
class Answer:
    cards: tuple[Card, ...]
    status: str  # the live region's text

    @property
    def causes(self) -> tuple[str, ...]:
        return tuple(card.id for card in self.cards)


class AgentsPage:
    def __init__(self, page, server: str):
        self.page, self.server = page, server
        self.box = page.locator(BOX)

    def open(self) -> "AgentsPage":
        self.page.goto(self.server + "agents/")
        return self

    def paste(self, text: str) -> Answer:
        """Replace the text with `text`, pasted from the clipboard with the keyboard."""
        self.page.evaluate("text => navigator.clipboard.writeText(text)", text)
        self.box.focus()
        self.box.press("ControlOrMeta+a")
        self.box.press("ControlOrMeta+v")
        assert self.box.input_value() == text.replace("\r\n", "\n"), "the paste did not land whole"
        return self.answer()

    def clear(self) -> Answer:
        """Empty the text box with its Clear button."""
        self.page.get_by_role("button", name="Clear the text").click()
        return self.answer()

    def type(self, text: str) -> Answer:
        """Type `text` at the end of what the box holds, key by key."""
        self.box.focus()
        self.box.press("ControlOrMeta+End")
        self.box.press_sequentially(text)
        return self.answer()

    def rank_all(self, texts: list[str]) -> list[Answer]:
        """The causes the page would show for each text (see rank_all)."""
        return rank_all(self.page, texts)

    def answer(self) -> Answer:
        """The results for the text the box holds now, once they are on screen."""
        self.page.wait_for_function(ANSWERED, timeout=ANSWER_TIMEOUT)
        cards = tuple(Card(c["id"], c["found"], tuple(c["telling"])) for c in self.page.evaluate(SHOWN))
        status = self.page.locator("[data-bh-agents-status]").text_content()
        return Answer(cards, status)
