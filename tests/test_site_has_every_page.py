"""The strict build of the real causes.yaml produces a page per cause, an anchor per fix, the
list pages and the schema (the flowchart: test_flowchart_page.py)."""

from __future__ import annotations

import json


from conftest import ROOT, soup


def test_every_cause_has_a_page_with_every_fix_anchor(kb, html_pages):
    for cause in kb.causes.values():
        assert cause.url in html_pages, f"no page for {cause.id}"
        page = soup(html_pages[cause.url])
        assert page.h1.get_text(strip=True) == cause.title
        for fix in cause.fixes:
            heading = page.find(id=fix.id)
            assert heading is not None and heading.name == "h3", f"{cause.id}: no heading #{fix.id}"
            assert fix.title in heading.get_text()
            for old in fix.aliases:
                assert page.find(id=old) is not None, f"{cause.id}: old fix anchor #{old} missing"


def test_cause_page_shows_every_part(kb, html_pages):
    for cause in kb.causes.values():
        page = soup(html_pages[cause.url])
        text = page.select_one("article.md-content__inner").get_text(" ", strip=True)
        for part in (cause.summary, *cause.symptoms, *cause.checks, cause.escalate):
            assert " ".join(part.split()) in text, f"{cause.id}: missing {part!r}"
        quoted = [q.get_text(strip=True) for q in page.select(".bh-message__text")]
        for message in cause.error_messages:
            assert any(message.text in q for q in quoted), f"{cause.id}: message not quoted: {message.text}"
        sources = {a["href"] for a in page.select(".bh-sources a")}
        assert sources == {r.url for r in cause.references}
        assert page.select_one("time.bh-reviewed, .bh-reviewed time")["datetime"] == cause.last_reviewed
        for fix in cause.fixes:
            if fix.per_platform:
                labels = [label.get_text() for label in page.find(id=fix.id).find_next("div", class_="tabbed-labels")]
                assert len(labels) == len(fix.steps), f"{cause.id}#{fix.id}: one tab per platform"
            if fix.warning:
                assert fix.warning in page.find(id=fix.id).find_next("div", class_="admonition").get_text()


def test_cause_pages_have_a_table_of_contents_with_fixes(kb, html_pages):
    for cause in kb.causes.values():
        toc = soup(html_pages[cause.url]).select_one("nav.md-nav--secondary")
        links = {a["href"] for a in toc.select("a.md-nav__link")}
        assert "#fixes" in links and all(f"#{fix.id}" in links for fix in cause.fixes), cause.id


def test_causes_index_groups_every_cause_by_where(kb, html_pages):
    page = soup(html_pages["causes/"])
    for platform in ("icloud", "mac", "windows"):
        expected = {c.id for c in kb.causes.values() if platform in c.where}
        heading = page.find(id=platform)
        if not expected:
            assert heading is None
            continue
        cards = heading.find_next("ul", class_="bh-cards")
        linked = {a["href"].strip("/").split("/")[-1] for a in cards.select("a.bh-card__title")}
        assert linked == expected, platform


def test_home_page_lists_common_causes_and_entry_points(kb, html_pages):
    page = soup(html_pages[""])
    linked = {a["href"] for a in page.select("a.bh-card__title")}
    common = {f"{c.url}" for c in kb.causes.values() if c.likelihood == "common"}
    assert common and linked == common
    hrefs = {a["href"] for a in page.select(".md-content a")}
    assert {"troubleshooter/", "flowchart/", "causes/"} <= hrefs


def test_schema_is_published(site):
    published = json.loads((site / "schema" / "causes.schema.json").read_text())
    assert published == json.loads((ROOT / "macros" / "causes.schema.json").read_text())
