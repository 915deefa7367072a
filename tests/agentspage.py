"""The one way tests use the agents page (/agents/): paste (or type) a customer's message, then
wait until the results on screen answer that whole text.

docs/assets/javascripts/agents.js counts the edits of the text on its form (`data-revision`) and
records on the results which edit they answer; waiting for the two to match needs no sleep and
no tight timeout: on a busy machine the answer comes later, and the wait simply lasts longer.
Pasting goes through the clipboard and Ctrl+V, as an agent pastes, so the context needs the
clipboard permissions (CLIPBOARD).
"""

from __future__ import annotations

from dataclasses import dataclass

from searchbox import ANSWER_TIMEOUT

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

    def answer(self) -> Answer:
        """The results for the text the box holds now, once they are on screen."""
        self.page.wait_for_function(ANSWERED, timeout=ANSWER_TIMEOUT)
        cards = tuple(Card(c["id"], c["found"], tuple(c["telling"])) for c in self.page.evaluate(SHOWN))
        status = self.page.locator("[data-bh-agents-status]").text_content()
        return Answer(cards, status)
