"""Measurements in the system Chromium: how fast search and the agents page answer, and what each
page transfers."""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

from agentspage import ANSWERED, CLIPBOARD, AgentsPage
from conftest import CHROMIUM_FLAGS, first_visits

CHROMIUM = "/usr/bin/chromium"

# Records when the last key went down and when the result list was first marked as answering
# the whole text in the box (search-box.js sets `data-query` with every answer it shows).
WATCH_RESULTS = """() => {
  const input = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  window.__bench = {key: 0, answered: 0};
  input.addEventListener('keydown', () => { window.__bench.key = performance.now(); window.__bench.answered = 0; }, true);
  new MutationObserver(() => {
    if (!window.__bench.answered && list.dataset.query === input.value) window.__bench.answered = performance.now();
  }).observe(list, {attributes: true, attributeFilter: ['data-query']});
}"""
SETTLED = """() => window.__bench.answered > 0"""
TOP_RESULT = """() => { const a = document.querySelector('.md-search-result__item a'); return a ? a.getAttribute('href') : ''; }"""


@contextmanager
def chromium():
    """A headless Chromium whose contexts see the site as a first visit does (conftest.first_visits)."""
    with sync_playwright() as playwright:
        browser = first_visits(playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS))
        try:
            yield browser
        finally:
            browser.close()


OPENED = """() => new Promise((resolve) => {
  const list = document.querySelector('.md-search-result__list');
  const start = performance.now();
  new MutationObserver((_, observer) => {
    if (list.hasAttribute('data-ready')) { observer.disconnect(); resolve(performance.now() - start); }
  }).observe(list, {attributes: true, attributeFilter: ['data-ready']});
  document.querySelector('input.md-search__input').focus();
})"""
"""Opens the search box and resolves with the ms until search is ready (search-box.js marks the
result list `data-ready` once the worker has its engine and the index's manifest)."""


def search_latency(browser, page_url: str, queries: list[tuple[str, str]]) -> dict:
    """Open page_url, let it settle, open its search box, then type each query at a typist's pace.

    Returns seconds from opening the search box until search is ready (`ready`); the bytes the
    first search transferred (from opening the box until the first query is answered: engine,
    manifest and the parts of the index its words needed, as the network counts them); for each
    query, milliseconds from its last keystroke until the result list shows the answer to the
    whole query; and how often the expected page came out on top.
    """
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []
    page.on("requestfinished", lambda r: sizes.append(_bytes(r)))
    page.goto(page_url, wait_until="networkidle")
    before = len(sizes)
    ready = page.evaluate(OPENED) / 1000
    page.evaluate(WATCH_RESULTS)
    latencies, on_top, first_search = [], 0, None
    search = page.locator("input.md-search__input")
    for query, expected in queries:
        search.fill("")
        page.wait_for_timeout(300)
        search.press_sequentially(query, delay=40)
        page.wait_for_function(SETTLED, timeout=20_000, polling=50)
        latencies.append(page.evaluate("() => window.__bench.answered - window.__bench.key"))
        on_top += expected in page.evaluate(TOP_RESULT)
        if first_search is None:
            page.wait_for_load_state("networkidle")
            first_search = sum(sizes[before:])
    context.close()
    return {"ready_s": ready, "first_search_bytes": first_search, "median_ms": statistics.median(latencies),
            "max_ms": max(latencies), "on_top": on_top, "queries": len(queries)}


def transferred(browser, base_url: str, pages: dict[str, str]) -> dict[str, dict]:
    """Bytes each page transfers on a first visit (empty cache), as the network counts them:
    compressed bodies plus headers, with the search index counted apart."""
    out = {}
    for name, path in pages.items():
        context = browser.new_context()
        page = context.new_page()
        sizes: list[tuple[str, int]] = []
        page.on("requestfinished", lambda r: sizes.append((r.url, _bytes(r))))
        page.goto(base_url + path, wait_until="networkidle")
        page.wait_for_timeout(500)
        context.close()
        index = sum(n for url, n in sizes if _in_index(url, base_url))
        out[name] = {"total": sum(n for _, n in sizes), "without_search_index": sum(n for _, n in sizes) - index,
                     "search_index": index, "requests": len(sizes),
                     "largest": max(sizes, key=lambda s: s[1])[0].removeprefix(base_url) if sizes else ""}
    return out


def _bytes(request) -> int:
    """Bytes a response took on the network: compressed body and headers."""
    sizes = request.sizes()
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


# On the agents page: when the last key went down or the text was pasted, when the results first
# answered the whole text (agents.js records the edit they answer, data-revision), and the longest
# task the page's own thread ran since (a frozen page shows as one long task).
WATCH_AGENTS = """() => {
  const box = document.querySelector('[data-bh-agents-text]');
  const form = document.querySelector('[data-bh-agents-form]');
  const results = document.querySelector('[data-bh-agents-results]');
  window.__bench = {start: 0, answered: 0, longest: 0};
  const start = () => Object.assign(window.__bench, {start: performance.now(), answered: 0, longest: 0});
  box.addEventListener('keydown', start, true);
  box.addEventListener('paste', start, true);
  new MutationObserver(() => {
    if (!window.__bench.answered && results.dataset.revision === form.dataset.revision) window.__bench.answered = performance.now();
  }).observe(results, {attributes: true, attributeFilter: ['data-revision']});
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration);
  }).observe({type: 'longtask'});
}"""
AGENTS_RESULT = "() => [window.__bench.answered - window.__bench.start, window.__bench.longest]"
# Every cause the agents page has listed, at any moment.
WATCH_SHOWN = """() => {
  const list = document.querySelector('[data-bh-agents-list]');
  window.__shown = new Set();
  new MutationObserver(() => list.querySelectorAll('[data-cause]').forEach(li => window.__shown.add(li.dataset.cause)))
    .observe(list, {childList: true, subtree: true});
}"""


def agents_latency(browser, base_url: str, first: str, texts: dict[str, str], typed: tuple[str, str] | None,
                   rounds: int = 3) -> dict:
    """The agents page at base_url: seconds from load until a first paste (`first`) is answered
    (`ready`: the worker, the engine, the index's manifest and the parts the text needs, and the
    shown causes' entries load on first use); `causes`, the cause data it fetched in all, and
    `shown`, the causes it showed; for each text, the median over
    `rounds` pastes of ms from the paste until the results answer it, and the longest task the
    page's own thread ran meanwhile; and, for `typed` (a text, then words typed at its end at
    40 ms a key; None: not measured), ms from the last keystroke until the results answer the whole text."""
    context = browser.new_context(permissions=CLIPBOARD)
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: _is_cause_data(r.url, base_url) and fetched.append(r.url.removeprefix(base_url)))
    agents = AgentsPage(page, base_url)
    start = time.perf_counter()
    agents.open()
    page.evaluate(WATCH_SHOWN)
    agents.paste(first)
    ready = time.perf_counter() - start
    page.evaluate(WATCH_AGENTS)
    out = {"ready_s": ready, "pastes": {}}
    for name, text in texts.items():
        runs = []
        for _ in range(rounds):
            agents.clear()
            agents.paste(text)
            page.wait_for_function("() => window.__bench.answered > 0", timeout=120_000)
            runs.append(page.evaluate(AGENTS_RESULT))
        out["pastes"][name] = {"len": len(text), "ms": statistics.median(r[0] for r in runs),
                               "longest_task_ms": max(r[1] for r in runs)}
    if typed is None:
        context.close()
        return out
    text, words = typed
    agents.clear()  # replacing a selected 1 MB text by a paste is slow in Chromium itself
    agents.paste(text)
    latencies = []
    for _ in range(rounds):
        page.locator("[data-bh-agents-text]").press("ControlOrMeta+End")
        page.locator("[data-bh-agents-text]").press_sequentially(words, delay=40)
        page.wait_for_function(ANSWERED, timeout=120_000)
        page.wait_for_function("() => window.__bench.answered > 0", timeout=120_000)
        latencies.append(page.evaluate(AGENTS_RESULT)[0])
    out["typed"] = {"len": len(text), "median_ms": statistics.median(latencies), "max_ms": max(latencies)}
    out.update(causes=sorted(set(fetched)), shown=sorted(page.evaluate("() => [...window.__shown]")))
    context.close()
    return out


def agents_transferred(browser, base_url: str, text: str) -> dict:
    """Bytes the agents page transfers on a first visit once a text is pasted and answered: the
    page, then the search worker, the engine, the parts of the index the text needs and the
    entries of the causes it shows, which it loads on first use (`causes`: those it fetched)."""
    context = browser.new_context(permissions=CLIPBOARD)
    page = context.new_page()
    sizes: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: sizes.append((r.url, _bytes(r))))
    AgentsPage(page, base_url).open().paste(text)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    context.close()
    index = sum(n for url, n in sizes if _in_index(url, base_url))
    return {"total": sum(n for _, n in sizes), "without_search_index": sum(n for _, n in sizes) - index,
            "search_index": index, "requests": len(sizes),
            "largest": max(sizes, key=lambda s: s[1])[0].removeprefix(base_url) if sizes else "",
            "causes": sorted(url.removeprefix(base_url) for url, _ in sizes if _is_cause_data(url, base_url))}


def _in_index(url: str, base_url: str) -> bool:
    """A file of the search index (search/: the site's own, and Material's empty one)."""
    return url.removeprefix(base_url).startswith("search/")


def _is_cause_data(url: str, base_url: str) -> bool:
    """/causes.json, or a cause's own entry of it (causes/<id>.json)."""
    path = url.removeprefix(base_url)
    return path == "causes.json" or (path.startswith("causes/") and path.endswith(".json"))
