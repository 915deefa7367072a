"""The built /troubleshooter/ page holds everything the troubleshooter needs, generated from
causes.yaml: the tree as JSON, the first question as HTML, a result card per cause, and the whole
tree as nested lists of links for readers without JavaScript."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from conftest import DATA, soup
from macros import troubleshooter


@pytest.fixture(scope="module")
def page(html_pages) -> BeautifulSoup:
    return soup(html_pages["troubleshooter/"])


def test_tree_is_embedded_as_json(page, kb, html_pages):
    data = json.loads(page.find("script", attrs={"data-bh-ts-data": True}).string)
    assert data["start"] == kb.tree.start
    assert set(data["questions"]) == set(kb.tree.nodes)
    for node in kb.tree.nodes.values():
        question = data["questions"][node.id]
        assert (question["question"], question["help"]) == (node.question, node.help)
        for answer, given in zip(node.answers, question["answers"], strict=True):
            assert (given["id"], given["label"]) == (answer.id, answer.label)
            assert given.get("next", "") == answer.next and given.get("causes", []) == list(answer.causes)
    assert data["legacy"] == troubleshooter.legacy() and data["legacy"], "old #answers= links need the tree they addressed"
    assert set(data["causes"]) == set(kb.causes)
    for cause in kb.causes.values():
        given = data["causes"][cause.id]
        assert (given["title"], given["escalate"]) == (cause.title, cause.escalate)
        assert given["url"] == f"../{cause.url}" and cause.url in html_pages


def test_first_question_is_rendered_in_html(page, kb):
    start = kb.tree.nodes[kb.tree.start]
    card = page.select_one("[data-bh-ts] [data-bh-ts-step]")
    assert card.select_one("h2.bh-ts__heading").get_text() == start.question
    assert card.select_one(".bh-ts__help").get_text() == start.help
    assert [a.get_text() for a in card.select("a.bh-ts__answer")] == [a.label for a in start.answers]


def template(page: BeautifulSoup, selector: str) -> BeautifulSoup:
    """The content of a <template>, parsed on its own (BeautifulSoup leaves template text out of get_text)."""
    found = page.select_one(f"template{selector}")
    assert found is not None, selector
    return BeautifulSoup(found.decode_contents(), "html.parser")


def test_a_result_card_per_cause(page, kb):
    for cause in kb.causes.values():
        card = template(page, f'[data-bh-ts-cause="{cause.id}"]')
        fix = cause.fixes[0]
        assert card.select_one(".bh-summary").get_text() == cause.summary
        assert card.h3.get_text() == f"First thing to try: {fix.title}"
        steps = [li.get_text() for li in card.select(".bh-steps li")]
        assert steps == [step for platform_steps in fix.steps.values() for step in platform_steps]
        assert card.select_one(".bh-ts__more a")["href"] == f"../{cause.url}"
    for view in ("question", "result", "fixed", "support"):
        assert template(page, f'[data-bh-ts-view="{view}"]').find(class_="bh-ts__heading"), view


def test_without_javascript_the_tree_is_nested_lists_of_links(page, kb):
    outline = page.select_one("noscript .bh-outline")
    questions = outline.select("li.bh-outline__question")
    assert [li["id"] for li in questions].count(f"q-{kb.tree.start}") == 1
    assert {li["id"] for li in questions} == {f"q-{n}" for n in kb.tree.nodes}
    assert len(questions) == len(kb.tree.nodes), "a question is written out twice"
    top = outline.find("li", class_="bh-outline__question")
    assert top["id"] == f"q-{kb.tree.start}" and len(top.select("li.bh-outline__question")) == len(kb.tree.nodes) - 1
    linked = {a["href"].strip("/").split("/")[-1] for a in outline.select('a[href^="../causes/"]')}
    assert linked == set(kb.causes)
    assert page.select_one("noscript style").get_text().strip() == ".bh-ts { display: none; }"


def test_script_loads_only_on_the_troubleshooter(html_pages):
    for url, path in html_pages.items():
        loads = "assets/javascripts/troubleshooter.js" in path.read_text(encoding="utf-8")
        assert loads == (url == "troubleshooter/"), url


def test_troubleshooter_is_in_the_navigation(html_pages):
    home = soup(html_pages[""])
    assert "troubleshooter/" in {a["href"] for a in home.select(".md-nav--primary a.md-nav__link")}


STEP_ADDRESSES = json.loads((DATA / "step-addresses.json").read_text(encoding="utf-8"))["vectors"]
"""The shared test vectors of the step-address format (the JavaScript side: test_browser_troubleshooter.py)."""


@pytest.mark.parametrize("vector", STEP_ADDRESSES, ids=lambda v: v["address"][:60])
def test_step_addresses_are_written_as_specified(vector):
    assert troubleshooter.step_address([tuple(s) for s in vector["steps"]], vector["cause"], vector["outcome"]) == vector["address"]


def test_the_vectors_are_real_steps(kb):
    """Every vector is a step of today's tree (so the browser test can open it), and the vectors
    cover each kind of step."""
    from published import steps

    published = steps(kb)
    assert all(v["address"] in published for v in STEP_ADDRESSES), [v["address"] for v in STEP_ADDRESSES if v["address"] not in published]
    kinds = {published[v["address"]].split(" ")[0] for v in STEP_ADDRESSES}
    assert kinds == {"question", "result", "fixed", "support"}, kinds
