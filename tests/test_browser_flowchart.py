"""In a real Chromium: the flowchart draws from the self-hosted Mermaid, its nodes link to cause
pages, search works on that page, and no request leaves the serving host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

# Mermaid draws into a closed shadow root; opening it lets the test read the SVG.
OPEN_SHADOW_ROOTS = "const a = Element.prototype.attachShadow; Element.prototype.attachShadow = function (o) { return a.call(this, {...o, mode: 'open'}); };"


@pytest.fixture
def page(browser, server):
    context = browser.new_context()
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def test_flowchart_renders_svg_with_cause_links_offline(page, server, kb):
    page.goto(server + "flowchart/")
    page.wait_for_selector("div.mermaid", state="attached", timeout=20000)
    svg_links = page.evaluate(
        """() => [...document.querySelectorAll('div.mermaid')].flatMap(d =>
             [...d.shadowRoot.querySelectorAll('svg a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href')))"""
    )
    assert len(svg_links) == len(kb.causes)
    assert {h.strip("./").split("/")[-1] for h in svg_links} == set(kb.causes)
    off_host = [u for u in page.requests if urlsplit(u).netloc != urlsplit(server).netloc and not u.startswith(("data:", "blob:"))]
    assert not off_host, off_host
    assert not page.errors, page.errors


def test_search_works_on_the_flowchart_page(page, server, kb):
    cause = next(iter(kb.causes.values()))
    page.goto(server + "flowchart/")
    page.wait_for_selector("div.mermaid", state="attached", timeout=20000)
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially(cause.title)
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10000)
    assert f"causes/{cause.id}/" in first.get_attribute("href")
