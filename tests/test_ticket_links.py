"""Cause pages are ready for support tickets: a "Link this in a ticket" box with the canonical
URL (from site_url, which BACKUP_HELP_SITE_URL overrides), a plain-text reply and a link per fix,
each with a working copy button; and a description and OpenGraph title for link previews."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import SITE_URL, axe_violations, run_build, serious, soup

OTHER_SITE_URL = "https://help.example.org/iphone/"


def ticket_box(page: BeautifulSoup):
    box = page.select_one("details.bh-ticket")
    assert box is not None and box.summary.get_text(strip=True) == "Link this in a ticket"
    return box


def check_ticket_box(page: BeautifulSoup, cause, site_url: str):
    box = ticket_box(page)
    canonical = f"{site_url}causes/{cause.id}/"
    assert box.select_one(".bh-ticket__url").get_text() == canonical
    copies = [b["data-bh-copy"] for b in box.select("button[data-bh-copy]")]
    assert copies[0] == canonical
    reply = box.select_one("pre.bh-ticket__reply").get_text()
    assert copies[1] == reply, "the copy button copies the reply shown"
    first = cause.fixes[0]
    for part in (cause.title, cause.summary, first.title, *first.first_steps, f"{canonical}#{first.id}"):
        assert part in reply, f"{cause.id}: reply lacks {part!r}"
    assert "<" not in reply and "&lt;" not in reply, "the reply is plain text"
    assert copies[2:] == [f"{canonical}#{fix.id}" for fix in cause.fixes], "one deep link per fix"
    assert all(page.find(id=fix.id) for fix in cause.fixes)


def test_every_cause_page_has_a_ticket_box(kb, html_pages):
    for cause in kb.causes.values():
        check_ticket_box(soup(html_pages[cause.url]), cause, SITE_URL)


def test_every_cause_page_has_description_and_opengraph_meta(kb, html_pages):
    for cause in kb.causes.values():
        page = soup(html_pages[cause.url])
        meta = {m.get("name") or m.get("property"): m.get("content") for m in page.find_all("meta")}
        assert meta["description"] == cause.summary
        assert meta["og:title"] == cause.title
        assert meta["og:description"] == cause.summary
        assert meta["og:url"] == f"{SITE_URL}causes/{cause.id}/"
        assert meta["og:type"] == "article"
        assert page.find("link", rel="canonical")["href"] == meta["og:url"]


@pytest.fixture(scope="module")
def other_host(tmp_path_factory):
    out = tmp_path_factory.mktemp("other-host") / "site"
    result = run_build(out, BACKUP_HELP_SITE_URL=OTHER_SITE_URL)
    assert result.returncode == 0, result.stderr
    return out


def test_site_url_comes_from_the_environment_at_build_time(kb, other_host):
    cause = next(iter(kb.causes.values()))
    page = soup(other_host / cause.url / "index.html")
    check_ticket_box(page, cause, OTHER_SITE_URL)
    assert page.find("meta", property="og:url")["content"] == f"{OTHER_SITE_URL}{cause.url}"
    assert SITE_URL not in (other_host / "causes.json").read_text(encoding="utf-8")


@pytest.mark.browser
def test_copy_buttons_put_the_text_on_the_clipboard(kb, browser, server):
    cause = next(iter(kb.causes.values()))
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(server + cause.url)
        page.locator("details.bh-ticket summary").click()
        # Open, the box passes axe-core too (closed, the every-page pass does not look inside).
        assert not serious(axe_violations(page)), serious(axe_violations(page))
        shown = page.locator("pre.bh-ticket__reply").inner_text()
        # The filled button's text stays readable: its own background, not the box's white.
        colours = page.get_by_role("button", name="Copy reply").evaluate(
            "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
        assert colours[1] not in ("rgba(0, 0, 0, 0)", "transparent") and colours[0] != colours[1], colours
        page.get_by_role("button", name="Copy reply").click()
        expect(page.locator("[data-bh-ticket-announce]")).to_have_text("Reply copied.")
        expect(page.locator(".bh-ticket button.md-button--primary")).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == shown
        fix = cause.fixes[-1]
        page.get_by_role("button", name=f"Copy link to fix {len(cause.fixes)}: {fix.title}").click()
        expect(page.locator("[data-bh-ticket-announce]")).to_have_text("Fix link copied.")
        assert page.evaluate("navigator.clipboard.readText()") == f"{SITE_URL}{cause.url}#{fix.id}"
    finally:
        context.close()


NO_CLIPBOARD_API = """
window.__clipboard = navigator.clipboard;
Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
"""
"""A plain-HTTP host (not localhost): no Clipboard API. The real one is kept aside to read what was copied."""
NOR_COPY_COMMAND = NO_CLIPBOARD_API + "document.execCommand = () => false;"
"""A browser that lets the page copy in no way at all."""


@pytest.mark.browser
def test_copy_falls_back_to_the_copy_command_then_to_selecting_the_text(kb, new_page, server):
    """copy.js, as every copy button of the site uses it: without the Clipboard API the copy
    command copies; when nothing may copy, the text is selected for Ctrl+C and the page says so."""
    cause = next(iter(kb.causes.values()))
    page = new_page(init_script=NO_CLIPBOARD_API, permissions=["clipboard-read", "clipboard-write"])
    page.goto(server + cause.url)
    page.locator("details.bh-ticket summary").click()
    page.get_by_role("button", name="Copy link").first.click()
    expect(page.locator("[data-bh-ticket-announce]")).to_have_text("Link copied.")
    assert page.evaluate("window.__clipboard.readText()") == f"{SITE_URL}{cause.url}"
    page = new_page(init_script=NOR_COPY_COMMAND)
    page.goto(server + cause.url)
    page.locator("details.bh-ticket summary").click()
    page.get_by_role("button", name="Copy reply").click()
    expect(page.locator("[data-bh-ticket-announce]")).to_contain_text("the text is selected, copy it with Ctrl+C")
    expect(page.locator(".bh-ticket button.md-button--primary")).to_have_text("Not copied")
    assert page.evaluate("getSelection().toString()") == page.locator("pre.bh-ticket__reply").inner_text()
    assert not page.errors, page.errors


@pytest.mark.browser
def test_without_javascript_the_copy_buttons_are_hidden(kb, new_page, server):
    cause = next(iter(kb.causes.values()))
    page = new_page(java_script_enabled=False)
    page.goto(server + cause.url)
    page.locator("details.bh-ticket summary").click()
    expect(page.locator("pre.bh-ticket__reply")).to_be_visible()
    expect(page.locator(".bh-ticket .bh-copy")).to_have_count(len(cause.fixes) + 2)
    for button in page.locator(".bh-ticket .bh-copy").all():
        expect(button).to_be_hidden()
