"""The built /agents/ page: in the navigation as "For support agents", its script on that page
only, no cause text of its own (the causes come from /causes.json when it runs), the wording of
the reply for the top causes from macros/ticket.py, the tool kept out of search, and a note with
links for readers without JavaScript."""

from __future__ import annotations

import json

from conftest import SITE_URL, search_entries, soup
from macros import ticket


def test_agents_page_is_in_the_navigation_of_every_page(html_pages):
    for url in ("", "causes/", "errors/", "about/"):
        nav = soup(html_pages[url]).select("nav.md-nav--primary a.md-nav__link")
        links = {a.get_text(strip=True): a["href"] for a in nav if a.get("href")}
        assert links.get("For support agents", "").endswith("agents/"), (url, links)


def test_agents_script_is_shipped_to_the_agents_page_only(html_pages):
    for url, path in html_pages.items():
        scripts = [s.get("src", "") for s in soup(path).find_all("script")]
        loads = any(src.endswith("assets/javascripts/agents.js") for src in scripts)
        assert loads == (url == "agents/"), url


def test_agents_page_holds_no_cause_text(kb, html_pages):
    html = html_pages["agents/"].read_text(encoding="utf-8")
    for cause in kb.causes.values():
        for text in (cause.title, cause.summary, *(fix.title for fix in cause.fixes)):
            assert text not in html, f"{cause.id}: {text!r} is written into the agents page"
        assert cause.url not in html


def test_reply_wording_comes_from_ticket_py(html_pages):
    page = soup(html_pages["agents/"])
    wording = json.loads(page.select_one("script[data-bh-agents-wording]").string)
    assert wording["reply"] == ticket.COMBINED and set(ticket.COMBINED) == {"intro", "outro"}


def test_each_cause_says_the_same_in_a_reply_for_several(kb, site):
    """A cause's part of the reply for the top causes (reply_item, which the agents page numbers and
    joins) says what its own reply says: title, summary, first fix with where it is done (the
    "(on a Mac)" of a fix for one device), and the same links."""
    published = {c["id"]: c for c in json.loads((site / "causes.json").read_text(encoding="utf-8"))["causes"]}
    hinted = 0
    for cause in kb.causes.values():
        item = published[cause.id]["reply_item"]
        assert item == ticket.reply_item(cause, SITE_URL)
        lines = item.splitlines()
        own = published[cause.id]["reply"].splitlines()
        assert lines[:2] == [cause.title, cause.summary] and set(lines) <= set(own), cause.id
        assert next(line for line in own if line.startswith(ticket.FIRST_FIX)) == lines[2], cause.id
        hinted += lines[2].endswith(")") and cause.fixes[0].per_platform
    assert hinted, "no cause's first fix is for one device: the hint is not checked"
    two = [ticket.reply_item(c, SITE_URL) for c in list(kb.causes.values())[:2]]
    assert ticket.combined(two) == f"{ticket.COMBINED['intro']}\n\n1. {two[0]}\n\n2. {two[1]}\n\n{ticket.COMBINED['outro']}"


def test_tool_is_a_labelled_form_kept_out_of_search_and_history(html_pages, site):
    page = soup(html_pages["agents/"])
    box = page.select_one("textarea[data-bh-agents-text]")
    assert page.find("label", attrs={"for": box["id"]}).get_text(strip=True) == "Customer's message"
    assert box["autocomplete"] == "off", "the browser would restore the customer's text"
    assert page.select_one("[data-bh-agents-status]")["role"] == "status"
    entries = [d for d in search_entries(site) if d["location"].startswith("agents/")]
    assert entries and not [d for d in entries if "Copy" in d["text"] or "Customer's message" in d["text"]]


def test_without_javascript_a_note_links_the_error_index_and_the_troubleshooter(html_pages):
    page = soup(html_pages["agents/"])
    note = page.find("noscript")
    assert note is not None and ".bh-agents { display: none; }" in note.decode()
    hrefs = {a["href"] for a in note.find_all("a")}
    assert {"../errors/", "../troubleshooter/"} <= hrefs
