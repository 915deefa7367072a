"""People type into the real search box of the built site (Chromium) and the right cause page
comes up: the exact text of every error message first, and fragments, lowercase text, plain
paraphrases and misspellings among the first three. Cases: every message and cause title from
causes.yaml, tests/data/search-cases.yaml, and ../shared/search-queries.yaml when present."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import DATA, ROOT

pytestmark = pytest.mark.browser

SHARED = ROOT.parent / "shared" / "search-queries.yaml"
MIN_TOP_3 = 0.90
MIN_TOP_1 = 0.75

# Counts the queries Material's search sends to its worker and the results that come back, so
# a test knows when the results on screen belong to the whole typed text.
COUNT_SEARCHES = """
window.__searches = {sent: 0, answered: 0};
const BaseWorker = window.Worker;
window.Worker = class extends BaseWorker {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", ev => { if (ev.data && ev.data.type === 3) window.__searches.answered++; });
  }
  postMessage(message, ...rest) {
    if (message && message.type === 2) window.__searches.sent++;
    return super.postMessage(message, ...rest);
  }
};
"""

IDLE = "() => window.__searches.sent === window.__searches.answered"
RESULTS = """before => ({
  settled: window.__searches.sent > before && window.__searches.sent === window.__searches.answered,
  meta: document.querySelector(".md-search-result__meta").textContent,
  links: [...document.querySelectorAll(".md-search-result__item > a.md-search-result__link")].map(a => a.href),
})"""


@dataclass(frozen=True)
class Case:
    query: str
    causes: tuple[str, ...]  # any of them counts
    kind: str
    first: bool = False  # must be the first result


def _ids(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def message_cases(kb) -> list[Case]:
    owners: dict[str, list[str]] = {}
    for cause in kb.causes.values():
        for message in cause.error_messages:
            owners.setdefault(message.text, []).append(cause.id)
    return [Case(text, tuple(ids), "exact message", first=True) for text, ids in owners.items()]


def own_cases(kb) -> list[Case]:
    data = yaml.safe_load((DATA / "search-cases.yaml").read_text(encoding="utf-8"))
    cases = [Case(c["q"], _ids(c["cause"]), c["kind"]) for c in data["cases"]]
    return cases + [Case(c.title, (c.id,), "title") for c in kb.causes.values()]


def shared_cases() -> list[Case]:
    if not SHARED.is_file():
        return []
    data = yaml.safe_load(SHARED.read_text(encoding="utf-8"))
    return [Case(c["q"], _ids(c["cause"]), "shared", first=bool(c.get("top_1"))) for c in data["queries"]]


class SearchBox:
    """The search box of one page, driven by the keyboard."""

    def __init__(self, page, server: str):
        self.page, self.server = page, server
        self.box = page.locator("input.md-search__input")

    def open(self, path: str = "") -> "SearchBox":
        self.page.goto(self.server + path)
        self.page.keyboard.press("/")
        self.page.wait_for_function(
            "() => document.querySelector('.md-search-result__meta').textContent !== 'Initializing search'"
        )
        return self

    def search(self, query: str) -> list[str]:
        """Site paths of the result pages, best first, once the results stop changing."""
        self.box.fill("")
        self.page.wait_for_function(IDLE)
        before = self.page.evaluate("() => window.__searches.sent")
        self.box.press_sequentially(query)
        previous, stable = None, 0
        for _ in range(100):
            self.page.wait_for_timeout(50)
            state = self.page.evaluate(RESULTS, before)
            stable = stable + 1 if state["settled"] and state == previous else 0
            if stable >= 2:
                break
            previous = state
        else:
            raise AssertionError(f"search results for {query!r} never settled: {state}")
        base = urlsplit(self.server).path
        return [urlsplit(link).path[len(base):] for link in state["links"]]


@pytest.fixture(scope="module")
def search_box(browser, server):
    context = browser.new_context()
    context.add_init_script(COUNT_SEARCHES)
    yield SearchBox(context.new_page(), server).open()
    context.close()


def _cause_of(path: str) -> str:
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) == 2 and parts[0] == "causes" else path or "/"


@pytest.fixture(scope="module")
def outcomes(search_box, kb, figures):
    """(case, causes shown first to third) for every case, and the figures in the test report."""
    cases = message_cases(kb) + own_cases(kb) + shared_cases()
    found = [(case, [_cause_of(p) for p in search_box.search(case.query)[:3]]) for case in cases]
    top_1 = sum(bool(shown) and shown[0] in case.causes for case, shown in found) / len(found)
    top_3 = sum(any(s in case.causes for s in shown) for case, shown in found) / len(found)
    shared = f"{len(shared_cases())} shared" if SHARED.is_file() else f"no shared cases: {SHARED} not found"
    figures.append(f"search: {len(found)} cases ({shared}), top-1 {top_1:.1%}, top-3 {top_3:.1%}")
    for kind in dict.fromkeys(case.kind for case in cases):
        mine = [(c, s) for c, s in found if c.kind == kind]
        k1 = sum(bool(s) and s[0] in c.causes for c, s in mine)
        k3 = sum(any(x in c.causes for x in s) for c, s in mine)
        figures.append(f"  {kind}: {len(mine)} cases, top-1 {k1}, top-3 {k3}")
    return found, top_1, top_3


def _misses(found, within: int) -> str:
    return "\n".join(
        f"  {case.query!r} ({case.kind}): wanted {' or '.join(case.causes)}, got {shown}"
        for case, shown in found
        if not any(s in case.causes for s in shown[:within])
    )


def test_exact_message_text_finds_its_cause_first(outcomes):
    found, _, _ = outcomes
    firsts = [(case, shown) for case, shown in found if case.first]
    assert len(firsts) >= 5, "too few must-be-first cases: are the messages and shared cases loaded?"
    missed = _misses(firsts, 1)
    assert not missed, f"these must find their cause first, above /errors/ and /flowchart/:\n{missed}"


def test_search_finds_the_cause_in_the_first_three(outcomes):
    found, top_1, top_3 = outcomes
    own = [case for case, _ in found if case.kind not in ("exact message", "title", "shared")]
    assert len(own) >= 40
    report = f"top-1 {top_1:.1%} (need {MIN_TOP_1:.0%}), top-3 {top_3:.1%} (need {MIN_TOP_3:.0%})"
    assert top_3 >= MIN_TOP_3 and top_1 >= MIN_TOP_1, f"{report}; not in the first three:\n{_misses(found, 3)}"


def test_search_works_on_every_kind_of_page(new_page, server, html_pages, kb):
    cause = next(c for c in kb.causes.values() if c.error_messages and not c.error_messages[0].shared)
    pages = [url for url in html_pages if url.endswith("/") or not url]
    pages = [url for url in pages if url == "causes/" or not url.startswith("causes/")]
    pages.append(cause.url)
    assert {"", "causes/", "errors/", "flowchart/"} <= set(pages)
    box = SearchBox(new_page(COUNT_SEARCHES), server)
    for url in pages:
        shown = box.open(url).search(cause.error_messages[0].text)
        assert shown and _cause_of(shown[0]) == cause.id, f"search on /{url}: {shown[:3]}"
