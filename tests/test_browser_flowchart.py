"""In a real Chromium: the flowchart draws every diagram from the self-hosted Mermaid, its nodes
link to every cause page (and the first question's diagram to the parts below it), a node link
works when clicked, wide diagrams scroll inside their box, and search works on that page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from macros import tree

pytestmark = pytest.mark.browser

# Mermaid draws into a closed shadow root; opening it lets the test read and click the SVG.
OPEN_SHADOW_ROOTS = "const a = Element.prototype.attachShadow; Element.prototype.attachShadow = function (o) { return a.call(this, {...o, mode: 'open'}); };"
SVG_LINKS = """() => [...document.querySelectorAll('div.mermaid')].map(d =>
  [...d.shadowRoot.querySelectorAll('svg a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href')))"""


@pytest.fixture
def flowchart(new_page, server, kb):
    page = new_page(init_script=OPEN_SHADOW_ROOTS, viewport={"width": 1280, "height": 900})
    page.goto(server + "flowchart/")
    expect(page.locator("div.mermaid svg")).to_have_count(1 + len(tree.branches(kb)), timeout=20000)
    return page


def test_every_diagram_renders_with_its_links(flowchart, kb):
    links = flowchart.evaluate(SVG_LINKS)
    parts = tree.branches(kb)
    assert links[0][: len(parts)] == [f"#{part.anchor}" for part in parts]
    to_causes = {href for diagram in links for href in diagram if not href.startswith("#")}
    assert {href.strip("./").split("/")[-1] for href in to_causes} == set(kb.causes)
    assert all(href.startswith("../causes/") for href in to_causes)
    assert not flowchart.errors and not flowchart.failures, flowchart.errors + flowchart.failures


def test_node_links_open_their_targets(flowchart, server, kb):
    part = tree.branches(kb)[0]
    diagrams = flowchart.locator("div.mermaid")
    diagrams.first.locator("a", has_text=kb.tree.nodes[part.root].question).click()
    expect(flowchart).to_have_url(f"{server}flowchart/#{part.anchor}")
    expect(flowchart.locator(f"#{part.anchor}")).to_be_in_viewport()
    cause = kb.causes[next(a for a in kb.tree.nodes[part.root].answers if len(a.causes) == 1).causes[0]]
    diagrams.nth(1).locator("a", has_text=cause.title).first.click()
    expect(flowchart).to_have_url(server + cause.url)
    expect(flowchart.locator("h1")).to_have_text(cause.title)


def test_wide_diagrams_scroll_in_their_box_at_natural_size(flowchart):
    boxes = flowchart.evaluate(
        "() => [...document.querySelectorAll('.bh-flowchart')].map(b => [b.clientWidth, b.scrollWidth, document.documentElement.scrollWidth])"
    )
    assert any(scroll > client for client, scroll, _ in boxes), "no diagram is wider than its box: is it scaled down?"
    assert all(page <= 1280 for _, _, page in boxes), "a diagram widens the page"
    scales = flowchart.evaluate(
        """() => [...document.querySelectorAll('div.mermaid')].map(d => {
             const svg = d.shadowRoot.querySelector('svg');
             return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; })"""
    )
    assert all(abs(scale - 1) < 0.01 for scale in scales), f"diagrams are scaled: {scales}"


def test_search_works_on_the_flowchart_page(flowchart, kb):
    cause = next(iter(kb.causes.values()))
    flowchart.keyboard.press("/")
    flowchart.locator("input.md-search__input").press_sequentially(cause.title)
    first = flowchart.locator(".md-search-result__item a").first
    first.wait_for(timeout=10000)
    assert f"causes/{cause.id}/" in first.get_attribute("href")
