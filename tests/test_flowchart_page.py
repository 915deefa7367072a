"""/flowchart/ as built from the real causes.yaml: the decision tree drawn into the page as HTML
boxes (no diagram script), every question once with its Q-number and a link to its step in the
troubleshooter, every answer on its connector, every cause linked, shared causes marked with
where else they are reached, and the text version below with ids of its own."""

from __future__ import annotations

import re

import pytest

from conftest import soup
from macros import tree


@pytest.fixture(scope="module")
def page(html_pages):
    return soup(html_pages["flowchart/"])


def charts(page):
    return page.select("article figure.bh-chart")


def question_boxes(page) -> dict[str, object]:
    """The box of each question written out in the chart, by question id."""
    return {box["id"].removeprefix("q-"): box for box in page.select("figure.bh-chart a.bh-chart__box--question")}


def number_of(box) -> int:
    return int(box.select_one(".bh-chart__number").get_text().removeprefix("Q"))


def test_the_page_draws_the_tree_without_any_diagram_script(page, html_pages, kb):
    assert len(charts(page)) == 1 + len(tree.branches(kb))
    scripts = {s.get("src") for s in page.find_all("script", src=True)}
    plain = {s.get("src") for s in soup(html_pages["about/"]).find_all("script", src=True)}
    assert scripts == plain, f"the flowchart loads scripts a plain page does not: {scripts - plain}"
    assert not page.select("article .mermaid, article svg, article canvas"), "a diagram is left for a script to draw"
    inline = [s.get_text() for s in page.find_all("script", src=False)]
    assert not [s for s in inline if re.search(r"mermaid|flowchart|createElement", s, re.IGNORECASE)]


def test_every_question_is_a_numbered_box_linking_to_its_troubleshooter_step(page, kb):
    boxes = question_boxes(page)
    assert set(boxes) == set(kb.tree.nodes), "each question is written out exactly once"
    assert len(page.select("figure.bh-chart a.bh-chart__box--question")) == len(kb.tree.nodes)
    numbers = sorted(number_of(box) for box in boxes.values())
    assert numbers == list(range(1, len(kb.tree.nodes) + 1))
    in_page_order = [number_of(box) for box in page.select("figure.bh-chart a.bh-chart__box--question")]
    assert in_page_order == sorted(in_page_order), "questions are numbered in page order"
    for node_id, box in boxes.items():
        assert box["href"] == f"../troubleshooter/#q-{node_id}"
        assert box.get_text(" ", strip=True) == f"Q{number_of(box)} {kb.tree.nodes[node_id].question}"


def test_the_first_chart_is_the_first_question_and_leads_to_each_part(page, kb):
    first, *parts = charts(page)
    branches = tree.branches(kb)
    assert len(parts) == len(branches)
    start = kb.tree.nodes[kb.tree.start]
    assert first.select_one("a.bh-chart__box--question")["id"] == f"q-{start.id}"
    answers = first.select_one("ul.bh-chart__answers").find_all("li", recursive=False)
    assert [li.select_one(".bh-chart__label").get_text() for li in answers] == [a.label for a in start.answers]
    for li, answer in zip(answers, start.answers):
        if answer.next:
            stub = li.select_one("a.bh-chart__box--goto")
            assert stub["href"] == f"#part-{answer.next}"
            assert kb.tree.nodes[answer.next].question in stub.get_text()
    for chart, branch in zip(parts, branches):
        heading = page.find(id=branch.anchor)
        assert heading.name == "h2" and chart["aria-labelledby"] == branch.anchor
        assert chart.select_one("a.bh-chart__box--question")["id"] == f"q-{branch.root}"


def test_every_answer_is_written_on_its_connector_to_the_next_box(page, kb):
    """Each question's answers, in order, each an item with its label and then its target: the
    next question's box, the box of a question drawn elsewhere, or its causes."""
    boxes = question_boxes(page)
    for node_id, node in kb.tree.nodes.items():
        items = boxes[node_id].find_next_sibling("ul", class_="bh-chart__answers").find_all("li", recursive=False)
        assert [li.select_one(".bh-chart__label").get_text() for li in items] == [a.label for a in node.answers], node_id
        for li, answer in zip(items, node.answers):
            target = li.select_one(".bh-chart__label").find_next_sibling()
            if answer.next:
                assert target.name == "a" and "bh-chart__box" in target["class"], (node_id, answer.label)
                assert target.get("id") == f"q-{answer.next}" or target["href"].endswith(f"-{answer.next}")
            else:
                linked = [a["href"] for a in target.select("a.bh-chart__cause")]
                assert linked == [f"../causes/{c}/" for c in answer.causes], (node_id, answer.label)
                if len(answer.causes) > 1:
                    assert target.select_one("ol") and "most likely first" in target.get_text()


def test_every_cause_is_linked_from_the_chart(page, kb):
    linked = {a["href"] for chart in charts(page) for a in chart.select("a.bh-chart__cause")}
    assert linked == {f"../causes/{c}/" for c in kb.causes}
    for chart in charts(page):
        for a in chart.select("a.bh-chart__cause"):
            assert a.get_text() == kb.causes[a["href"].split("/")[-2]].title


def test_shared_causes_say_which_other_questions_reach_them(page, kb):
    """Worked out from causes.yaml alone: a cause at the end of more than one answer carries the
    mark, naming the other questions by the numbers of their boxes (or "another answer" of this
    one, when that is the only other way there)."""
    number = {node_id: number_of(box) for node_id, box in question_boxes(page).items()}
    endings: dict[str, set[tuple[str, int]]] = {}
    for node in kb.tree.nodes.values():
        for index, answer in enumerate(node.answers):
            for cause_id in answer.causes:
                endings.setdefault(cause_id, set()).add((node.id, index))
    boxes = question_boxes(page)
    marked = 0
    for node_id, node in kb.tree.nodes.items():
        items = boxes[node_id].find_next_sibling("ul", class_="bh-chart__answers").find_all("li", recursive=False)
        for index, (li, answer) in enumerate(zip(items, node.answers)):
            for a in li.select("a.bh-chart__cause") if not answer.next else []:
                cause_id = a["href"].split("/")[-2]
                note = a.find_next_sibling(class_="bh-chart__also")
                elsewhere = {q for q, i in endings[cause_id] if (q, i) != (node_id, index)}
                if not elsewhere:
                    assert note is None, f"{cause_id} under {node_id} is reached from nowhere else"
                    continue
                marked += 1
                assert note is not None, f"{cause_id} under {node_id} is also reached from {sorted(elsewhere)}"
                if elsewhere == {node_id}:
                    expected = f"another answer of Q{number[node_id]}"
                else:
                    expected = ", ".join(f"Q{n}" for n in sorted(number[q] for q in elsewhere - {node_id}))
                assert note.get_text() == f"also reached from {expected}", (node_id, cause_id)
    assert marked, "the real tree has shared causes; none is marked"


def test_a_question_reached_twice_is_drawn_once_and_linked_the_second_time(page, kb):
    boxes = question_boxes(page)
    gotos = [a for chart in charts(page)[1:] for a in chart.select("a.bh-chart__box--goto")]
    parents = {}
    for node in kb.tree.nodes.values():
        for answer in node.answers:
            if answer.next:
                parents.setdefault(answer.next, []).append(node.id)
    twice = {q for q, found in parents.items() if len(found) > 1 and q not in {b.root for b in tree.branches(kb)}}
    assert {a["href"].removeprefix("#q-") for a in gotos} == twice
    for a in gotos:
        target = boxes[a["href"].removeprefix("#q-")]
        assert a.select_one(".bh-chart__number").get_text() == f"Q{number_of(target)}"


def test_charts_stay_out_of_search_and_the_text_version_has_its_own_ids(page, kb):
    for chart in charts(page):
        assert chart.has_attr("data-search-exclude")
        assert not chart.find("figure"), "search ends an excluded block at the first </figure>"
    outline = page.select_one("details .bh-outline")
    assert {li["id"] for li in outline.select("li.bh-outline__question")} == {f"text-q-{n}" for n in kb.tree.nodes}
    linked = {a["href"].strip("/").split("/")[-1] for a in outline.select('a[href^="../causes/"]')}
    assert linked == set(kb.causes)
    for a in outline.select('a[href^="#"]'):
        assert a["href"].startswith("#text-q-")
