"""Measurements in the system Chromium: how fast search and the agents page answer, and what each
page transfers."""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

from agentspage import ANSWERED, CLIPBOARD, AgentsPage
from conftest import CHROMIUM_FLAGS

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
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def search_latency(browser, page_url: str, queries: list[tuple[str, str]]) -> dict:
    """Open page_url, wait until search answers, then type each query at a typist's pace.

    Returns seconds from load to the first answer (`ready`); for each query, milliseconds from
    its last keystroke until the result list shows the answer to the whole query; and how often
    the expected page came out on top.
    """
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(page_url, wait_until="load")
    page.keyboard.press("/")
    search = page.locator("input.md-search__input")
    search.press_sequentially(queries[0][0][:12])
    page.wait_for_function("text => document.querySelector('.md-search-result__list').dataset.query === text",
                           arg=queries[0][0][:12], timeout=120_000)
    ready = time.perf_counter() - start
    page.evaluate(WATCH_RESULTS)
    latencies, on_top = [], 0
    for query, expected in queries:
        search.fill("")
        page.wait_for_timeout(300)
        search.press_sequentially(query, delay=40)
        page.wait_for_function(SETTLED, timeout=20_000, polling=50)
        latencies.append(page.evaluate("() => window.__bench.answered - window.__bench.key"))
        on_top += expected in page.evaluate(TOP_RESULT)
    context.close()
    return {"ready_s": ready, "median_ms": statistics.median(latencies), "max_ms": max(latencies),
            "on_top": on_top, "queries": len(queries)}


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
        index = sum(n for url, n in sizes if url.endswith("search_index.json"))
        out[name] = {"total": sum(n for _, n in sizes), "without_search_index": sum(n for _, n in sizes) - index,
                     "search_index": index, "requests": len(sizes),
                     "largest": max(sizes, key=lambda s: s[1])[0].removeprefix(base_url) if sizes else ""}
    return out


def _bytes(request) -> int:
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


def agents_latency(browser, base_url: str, texts: dict[str, str], typed: tuple[str, str] | None, rounds: int = 3) -> dict:
    """The agents page at base_url: seconds from load until a first paste is answered (`ready`:
    the worker, the index and /causes.json load on first use); for each text, the median over
    `rounds` pastes of ms from the paste until the results answer it, and the longest task the
    page's own thread ran meanwhile; and, for `typed` (a text, then words typed at its end at
    40 ms a key; None: not measured), ms from the last keystroke until the results answer the whole text."""
    context = browser.new_context(permissions=CLIPBOARD)
    page = context.new_page()
    agents = AgentsPage(page, base_url)
    start = time.perf_counter()
    agents.open().paste("backup failed")
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
    context.close()
    return out


def agents_transferred(browser, base_url: str, text: str) -> dict:
    """Bytes the agents page transfers on a first visit once a text is pasted and answered: the
    page, then the search worker, the engine and /causes.json it loads on first use."""
    context = browser.new_context(permissions=CLIPBOARD)
    page = context.new_page()
    sizes: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: sizes.append((r.url, _bytes(r))))
    AgentsPage(page, base_url).open().paste(text)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    context.close()
    index = sum(n for url, n in sizes if url.endswith("search_index.json"))
    return {"total": sum(n for _, n in sizes), "without_search_index": sum(n for _, n in sizes) - index,
            "search_index": index, "requests": len(sizes),
            "largest": max(sizes, key=lambda s: s[1])[0].removeprefix(base_url) if sizes else ""}
