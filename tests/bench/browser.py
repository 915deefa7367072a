"""Measurements in the system Chromium: how fast search answers, and what each page transfers."""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

# Records when the last key went down and when the expected page first tops the result list.
WATCH_RESULTS = """expected => {
  const input = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  window.__bench = {key: 0, shown: 0};
  input.addEventListener('keydown', () => { window.__bench.key = performance.now(); window.__bench.shown = 0; }, true);
  const check = () => {
    const top = list.querySelector('.md-search-result__item a');
    if (!window.__bench.shown && top && top.getAttribute('href').includes(window.__bench.expected)) {
      window.__bench.shown = performance.now();
    }
  };
  new MutationObserver(check).observe(list, {childList: true, subtree: true});
}"""


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def search_latency(browser, page_url: str, queries: list[tuple[str, str]]) -> dict:
    """Open page_url, wait until search answers, then type each query at a typist's pace.

    Returns seconds from load to the first answer (`ready`), and for each query the
    milliseconds from its last keystroke until the expected page is the top result.
    """
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(page_url, wait_until="load")
    page.keyboard.press("/")
    search = page.locator("input.md-search__input")
    search.press_sequentially(queries[0][0][:12])
    page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
    ready = time.perf_counter() - start
    page.evaluate(WATCH_RESULTS, "")
    latencies, misses = [], []
    for query, expected in queries:
        search.fill("")
        page.evaluate("expected => { window.__bench.expected = expected; window.__bench.shown = 0; }", expected)
        search.press_sequentially(query, delay=40)
        try:
            page.wait_for_function("() => window.__bench.shown > 0", timeout=10_000, polling="raf")
            latencies.append(page.evaluate("() => window.__bench.shown - window.__bench.key"))
        except Exception:
            misses.append(query)
    context.close()
    return {"ready_s": ready, "median_ms": statistics.median(latencies) if latencies else None,
            "max_ms": max(latencies) if latencies else None, "found": len(latencies), "queries": len(queries),
            "misses": misses}


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
