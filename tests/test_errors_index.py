"""/errors/ lists every error message from causes.yaml under each device that shows it, each with
its own anchor and a link to every cause it can mean; cause pages link shared messages there."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import soup

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
    distinct = {(d, " ".join(m.text.split()).casefold()) for c in kb.causes.values() for m in c.error_messages for d in m.devices}
    assert listed == len(distinct), "each message appears once per device"
    for device, items in found.items():
        if items:
            assert page.find("h2", id=device).get_text(strip=True) == GROUPS[device]


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
