"""/errors/ lists every error message from causes.yaml under each device that shows it, each with
its own anchor and a link to every cause it can mean; cause pages link shared messages there.
Anchors come from the messages' ids: correcting a quoted message, adding a similar one or
renaming an id (the old one kept in aliases) leaves every published anchor on its message."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, run_build, soup
from macros.load import parse
from macros.text import message_key
from published import recorded

GROUPS = {"iphone": "On the iPhone", "mac": "On a Mac", "windows": "On a Windows PC"}


def entries(page: BeautifulSoup) -> dict[str, list]:
    """The message entries under each device heading."""
    out = {}
    for device in GROUPS:
        heading = page.find("h2", id=device)
        out[device] = heading.find_next("ul", class_="bh-errors").find_all("li", class_="bh-error", recursive=False) if heading else []
    return out


def test_every_message_is_listed_under_each_device_that_shows_it(kb, html_pages):
    page = soup(html_pages["errors/"])
    found = entries(page)
    for cause in kb.causes.values():
        for message in cause.error_messages:
            for device in message.devices:
                texts = [e.select_one(".bh-error__text q").get_text() for e in found[device]]
                assert message.text in texts, f"{message.text!r} ({cause.id}) missing under {GROUPS[device]}"
    listed = sum(len(e) for e in found.values())
    distinct = {(d, message_key(m.text)) for c in kb.causes.values() for m in c.error_messages for d in m.devices}
    assert listed == len(distinct), "each message appears once per device"
    for device, items in found.items():
        if items:
            assert page.find("h2", id=device).find(string=True, recursive=False).strip() == GROUPS[device]


def test_each_message_has_its_own_anchor_and_links_to_every_cause_it_can_mean(kb, html_pages):
    page = soup(html_pages["errors/"])
    anchors = []
    for device, items in entries(page).items():
        for item in items:
            anchors.append(item["id"])
            assert item.select_one(f"a.headerlink[href='#{item['id']}']"), item["id"]
            text = item.select_one(".bh-error__text q").get_text()
            owners = {c.id for c in kb.causes.values() for m in c.error_messages if m.text == text and device in m.devices}
            linked = {a["href"].strip("./").split("/")[-1] for a in item.select("ul.bh-error__links a")}
            assert linked == owners, f"{text!r} under {device}: links {linked}, causes {owners}"
    assert len(anchors) == len(set(anchors)), "anchors are unique"
    assert all(page.find(id=a).name == "li" for a in anchors)


def test_shared_messages_on_cause_pages_link_to_their_entry(kb, html_pages):
    errors_ids = {el["id"] for el in soup(html_pages["errors/"]).find_all(id=True)}
    for cause in kb.causes.values():
        page = soup(html_pages[cause.url])
        for message, figure in zip(cause.error_messages, page.select("figure.bh-message")):
            link = figure.select_one("figcaption a[href*='errors/']")
            if message.shared:
                assert link is not None, f"{cause.id}: {message.text!r} does not link to /errors/"
                assert link["href"].split("#")[1] in errors_ids
            else:
                assert link is None


def test_errors_page_is_in_the_navigation(html_pages):
    nav = soup(html_pages[""]).select_one("nav.md-nav--primary")
    assert any(a.get("href", "").rstrip("/").endswith("errors") for a in nav.find_all("a"))


def _entry_text(page: BeautifulSoup, anchor: str) -> str | None:
    """The message of the /errors/ entry an anchor leads to (its own id, or an old one kept inside it)."""
    found = page.find(id=anchor)
    entry = found if found is None or "bh-error" in found.get("class", []) else found.find_parent("li", class_="bh-error")
    return entry.select_one(".bh-error__text q").get_text() if entry else None


@pytest.fixture(scope="module")
def edited(tmp_path_factory, kb):
    """The real knowledge base after three edits that used to move /errors/ anchors: a quoted message
    corrected, a new message that starts like a published one and sorts before it (its words but
    the last), and a message id renamed with the old id kept in aliases. Returns the built site and
    the corrections."""
    data = parse(ROOT / "causes.yaml").data
    messages = [(cause, m) for cause in data["causes"] for m in cause["error_messages"]]
    corrected = max(messages, key=lambda found: len(found[1]["text"]))[1]["text"]
    twin = next(m for _, m in messages if len(m["text"].split()) > 2 and m["text"] != corrected)
    renamed = next(m["id"] for _, m in messages if m["text"] not in (corrected, twin["text"]))
    for cause, message in messages:
        if message["text"] == corrected:
            message["text"] = f"Corrected: {corrected}"
        if message["id"] == renamed:
            message["id"], message["aliases"] = f"{renamed}-renamed", [renamed]
    host = next(c for c, m in messages if m is not twin)
    host["error_messages"].append({"id": "twin-of-a-published-message", "text": twin["text"].rsplit(" ", 1)[0],
                                   "shown_on": twin["shown_on"], "source": host["references"][0]["url"],
                                   "note": "Apple shows this shorter on some screens."})
    causes = tmp_path_factory.mktemp("edited") / "causes.yaml"
    causes.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10000))
    result = run_build(causes.parent / "site", causes=causes)
    assert result.returncode == 0, result.stderr
    return causes.parent / "site", {corrected: f"Corrected: {corrected}"}


def test_published_error_anchors_keep_leading_to_their_message(site, edited):
    """A support agent's /errors/#anchor link still opens the same message after the edits."""
    edited_site, corrections = edited
    before, after = soup(site / "errors" / "index.html"), soup(edited_site / "errors" / "index.html")
    anchors = [url.split("#")[1] for url in recorded() if url.startswith("/errors/#")]
    messages = [a for a in anchors if _entry_text(before, a) is not None]
    assert len(messages) >= 5, "too few recorded message anchors"
    moved = {a: (_entry_text(before, a), _entry_text(after, a)) for a in messages}
    moved = {a: texts for a, texts in moved.items() if corrections.get(texts[0], texts[0]) != texts[1]}
    assert not moved, f"these /errors/ anchors now lead elsewhere (was, now): {moved}"
