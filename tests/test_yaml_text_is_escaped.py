"""Text from causes.yaml is always escaped: a script payload in every text field comes out as
visible text in pages, titles, meta tags, the search index, the flowchart, the troubleshooter
(its embedded JSON, its rendered cards and what its script shows) and the agents page (what its
script shows, and its plain-text replies, which keep the payload exactly as written), never as
markup. The payload's `$&` is what a careless JavaScript String.replace would expand."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, run_build, search_entries, search_facts, serve, soup
from macros.load import parse

PAYLOAD = '<script>alert(document.domain)</script><img src=x onerror=alert(document.cookie)> "q" {{ 7*7 }} & $&'
URL_PAYLOAD = 'https://example.com/"><script>alert(3)</script>'  # a valid https URL that breaks out of an unescaped href
ROOM = {"title": 120, "label": 120, "time": 100, "question": 200, "help": 300, "summary": 400, "text": 400}
"""Length limits of the schema by field name (titles have the shortest); other text fields allow 2,000."""
TEXT_FIELDS = {
    "cause": ["title", "summary", "escalate"],
    "cause_lists": ["symptoms", "checks", "search_terms"],
    "message": ["text", "note"],
    "fix": ["title", "time", "warning"],
    "reference": ["title"],
    "node": ["question", "help"],
    "answer": ["label"],
}


def poisoned(data: dict) -> dict:
    """The real knowledge base with the payload put in front of every text field, optional ones
    included, and a URL that breaks out of an unescaped href cited as a source by every cause."""
    def taint(value: str, field: str) -> str:
        return f"{PAYLOAD} {value}"[:ROOM.get(field, 2000)]

    for cause in data["causes"]:
        for key in TEXT_FIELDS["cause"]:
            cause[key] = taint(cause[key], key)
        for key in TEXT_FIELDS["cause_lists"]:
            cause[key] = [taint(v, key) for v in cause.get(key, [])] or [PAYLOAD]
        for message in cause["error_messages"]:
            message["text"] = taint(message["text"], "text")
            message["note"] = taint(f"{message.get('note', '')} Apple does not publish this page.", "note")
            message["source"] = URL_PAYLOAD
        for fix in cause["fixes"]:
            for key in TEXT_FIELDS["fix"]:
                fix[key] = PAYLOAD if key == "time" else taint(fix.get(key, key), key)
            steps = fix["steps"]
            fix["steps"] = [taint(s, "step") for s in steps] if isinstance(steps, list) else {p: [taint(s, "step") for s in v] for p, v in steps.items()}
        for ref in cause["references"]:
            ref["title"] = taint(ref["title"], "title")
        cause["references"].append({"title": PAYLOAD, "url": URL_PAYLOAD})
    for node in data["decision_tree"]["nodes"]:
        node["question"] = taint(node["question"], "question")
        node["help"] = taint(node.get("help", "help"), "help")
        for answer in node["answers"]:
            answer["label"] = taint(answer["label"], "label")
    return data


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("poisoned")
    data = poisoned(parse(ROOT / "causes.yaml").data)
    causes = tmp / "causes.yaml"
    causes.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10000))
    result = run_build(tmp / "site", causes=causes)
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_no_payload_markup_in_any_page(poisoned_site):
    pages = list(poisoned_site.rglob("*.html"))
    assert pages
    for file in pages:
        html = file.read_text(encoding="utf-8")
        assert "<script>alert" not in html, file
        assert "<img src=x" not in html, file
        page = BeautifulSoup(html, "html.parser")
        assert not page.find("img", src="x"), file
        assert not [s for s in page.find_all("script") if "alert(document.domain)" in s.get_text() and s.get("type") != "application/json"], file


def test_payload_is_visible_text_everywhere(poisoned_site):
    page = soup(poisoned_site / "causes" / "index.html")
    assert PAYLOAD in page.select_one("a.bh-card__title").get_text()
    some_cause = next((poisoned_site / "causes").glob("*/index.html"))
    page = soup(some_cause)
    assert PAYLOAD in page.h1.get_text()
    assert PAYLOAD in page.title.get_text()
    assert PAYLOAD in page.find("meta", attrs={"name": "description"})["content"]
    assert "{{ 7*7 }}" in page.h1.get_text() and "49" not in page.h1.get_text()
    for fix in page.select("h3.bh-fix"):
        assert PAYLOAD in fix.get_text()
    toc = page.select_one("nav.md-nav--secondary").get_text()
    assert PAYLOAD in toc


def test_search_index_holds_payload_only_as_escaped_text(poisoned_site):
    docs = search_entries(poisoned_site)
    for doc in docs:
        for field in ("title", "text"):
            assert "<script>" not in doc[field] and "<img" not in doc[field], doc["location"]
    assert any("&lt;script&gt;alert(document.domain)" in doc["title"] for doc in docs)
    raw = "".join(p.read_text(encoding="utf-8") for p in (poisoned_site / "search").rglob("*.json"))
    assert "<script" not in raw and "<img" not in raw, "a file of the search index holds markup"


def test_flowchart_boxes_and_labels_show_payload_as_text(poisoned_site):
    page = soup(poisoned_site / "flowchart" / "index.html")
    charts = page.select("figure.bh-chart")
    assert charts and not [c for c in charts if c.find(["script", "img"])]
    questions = page.select("figure.bh-chart a.bh-chart__box--question")
    labels = page.select("figure.bh-chart .bh-chart__label")
    causes = page.select("figure.bh-chart a.bh-chart__cause")
    assert questions and labels and causes
    assert all(PAYLOAD in el.get_text() for el in questions + labels + causes)


def test_error_index_shows_payload_as_text(poisoned_site):
    html = (poisoned_site / "errors" / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    messages = [q.get_text() for q in page.select(".bh-error__text q")]
    assert messages and all(PAYLOAD in m for m in messages)
    assert all(PAYLOAD in a.get_text() for a in page.select(".bh-error__links a"))


def test_ticket_box_copies_payload_as_plain_text(poisoned_site):
    some_cause = next((poisoned_site / "causes").glob("*/index.html"))
    page = soup(some_cause)
    box = page.select_one("details.bh-ticket")
    reply = box.select_one("pre.bh-ticket__reply").get_text()
    assert reply.startswith(PAYLOAD) and f"What to try first: {PAYLOAD}" in reply
    copied = [b["data-bh-copy"] for b in box.select("button[data-bh-copy]")]
    assert copied[1] == reply
    assert all(PAYLOAD in a.get_text() for a in box.select(".bh-ticket__fixes a"))
    assert PAYLOAD in page.find("meta", property="og:title")["content"]
    assert PAYLOAD in page.find("meta", property="og:description")["content"]


def test_causes_json_carries_payload_as_data_only(poisoned_site):
    raw = (poisoned_site / "causes.json").read_text(encoding="utf-8")
    assert "<script" not in raw and "<img" not in raw and "</" not in raw
    cause = json.loads(raw)["causes"][0]
    for text in (cause["title"], cause["summary"], cause["error_messages"][0]["text"], cause["fixes"][0]["title"], cause["reply"]):
        assert PAYLOAD in text and "&lt;" not in text


def test_search_messages_hold_payload_only_as_data(poisoned_site):
    """The messages the engine looks for are plain text (the agents page and the search box only
    ever set them as text), and the files that hold them write < > & as \\u escapes."""
    messages = [m for facts in search_facts(poisoned_site).values() for m in facts["messages"]]
    assert messages and all(PAYLOAD in m for m in messages)
    raw = "".join(p.read_text(encoding="utf-8") for p in (poisoned_site / "search" / "messages").rglob("*.json"))
    assert "<" not in raw and ">" not in raw and "\\u003cscript\\u003e" in raw


def test_url_payload_stays_inside_its_href(poisoned_site):
    some_cause = next((poisoned_site / "causes").glob("*/index.html"))
    page = soup(some_cause)
    assert page.select(".bh-sources a")[-1]["href"] == URL_PAYLOAD
    assert not [s for s in page.find_all("script") if "alert(3)" in s.get_text()]


def test_troubleshooter_json_holds_payload_only_as_escaped_text(poisoned_site):
    page = soup(poisoned_site / "troubleshooter" / "index.html")
    raw = page.find("script", attrs={"data-bh-ts-data": True}).string
    assert not set("<>&'") & set(raw), "markup characters in the embedded JSON"
    data = json.loads(raw)
    assert all(q["question"].startswith(PAYLOAD) for q in data["questions"].values())
    assert all(a["label"].startswith(PAYLOAD) for q in data["questions"].values() for a in q["answers"])
    assert all(c["title"].startswith(PAYLOAD) and c["escalate"].startswith(PAYLOAD) for c in data["causes"].values())


def test_troubleshooter_cards_carry_payload_as_text(poisoned_site):
    page = soup(poisoned_site / "troubleshooter" / "index.html")
    assert page.select_one("h2.bh-ts__heading").get_text().startswith(PAYLOAD)
    assert all(a.get_text().startswith(PAYLOAD) for a in page.select("a.bh-ts__answer"))
    cards = page.select("template[data-bh-ts-cause]")
    assert cards
    for found in cards:
        card = BeautifulSoup(found.decode_contents(), "html.parser")
        assert not card.find(["script", "img"]), found["data-bh-ts-cause"]
        assert card.select_one(".bh-summary").get_text().startswith(PAYLOAD)
        assert card.h3.get_text().startswith("First thing to try: " + PAYLOAD)


@pytest.mark.browser
def test_troubleshooter_shows_payload_as_text_in_the_browser(poisoned_site, new_page):
    from playwright.sync_api import expect

    with serve(poisoned_site) as base:
        page = new_page()
        dialogs = []
        page.on("dialog", lambda d: dialogs.append(d.message) or d.dismiss())
        page.goto(base + "troubleshooter/")
        heading = page.locator(".bh-ts__heading")
        for _ in range(6):  # the first answer until a result
            if page.locator(".bh-ts__card").count():
                break
            before = heading.text_content()
            page.locator("a.bh-ts__answer").first.click()
            expect(heading).not_to_have_text(before)
        expect(heading).to_contain_text(PAYLOAD)
        expect(page.locator(".bh-ts__card .bh-summary")).to_contain_text(PAYLOAD)
        expect(page.locator(".bh-ts__trail li").first).to_contain_text(PAYLOAD)
        for _ in range(10):  # No until Apple Support
            if page.locator("[data-slot=escalations]").count():
                break
            before = heading.text_content()
            page.locator(".bh-ts__ask a").last.click()
            expect(heading).not_to_have_text(before)
        expect(page.locator("[data-slot=escalations] li").first).to_contain_text(PAYLOAD + " ")
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"], .bh-ts script').length") == 0
        assert not dialogs and not page.errors, dialogs + page.errors


@pytest.mark.browser
def test_agents_page_shows_payload_as_text_and_replies_with_it_verbatim(poisoned_site, new_page):
    from playwright.sync_api import expect

    from agentspage import CLIPBOARD, AgentsPage

    with serve(poisoned_site) as base:
        page = new_page(permissions=CLIPBOARD)
        dialogs = []
        page.on("dialog", lambda d: dialogs.append(d.message) or d.dismiss())
        answer = AgentsPage(page, base).open().paste("Hello, my iPhone backup to iCloud keeps failing: not enough storage.")
        assert len(answer.cards) >= 2
        titles = page.locator('[data-bh-agents-list] [data-slot="title"]')
        assert all(t.startswith(PAYLOAD) for t in titles.all_text_contents())
        page.locator('[data-copy="combined"]').click()
        expect(page.locator('[data-copy="combined"]')).to_have_text("Copied")
        reply = page.evaluate("navigator.clipboard.readText()")
        assert reply == page.locator('[data-slot="combined"]').text_content()
        assert reply.count(f"1. {PAYLOAD}") == 1 and f"2. {PAYLOAD}" in reply, reply[:400]
        assert "&lt;" not in reply and "&amp;" not in reply
        page.locator("[data-bh-agents-list] > li").first.get_by_role("button", name=re.compile("^Copy reply")).click()
        assert page.evaluate("navigator.clipboard.readText()").startswith(PAYLOAD)
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"], .bh-agents script').length") == 0
        assert not dialogs and not page.errors, dialogs + page.errors
