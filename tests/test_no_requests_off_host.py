"""No built page loads a script, stylesheet, font, image or frame from another host."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from conftest import soup

RESOURCE_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "modulepreload",
                 "preconnect", "dns-prefetch", "manifest", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")


def _off_host(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url.strip(), re.IGNORECASE))


def _resources(page: BeautifulSoup):
    for el in page.find_all(["script", "img", "iframe", "frame", "source", "video", "audio", "track", "embed", "input"]):
        for attr in ("src", "srcset", "poster", "data"):
            if el.get(attr):
                yield el.name, el[attr]
    for el in page.find_all("object", attrs={"data": True}):
        yield "object", el["data"]
    for el in page.find_all("link", attrs={"href": True}):
        if RESOURCE_RELS & {r.lower() for r in el.get("rel", [])}:
            yield "link", el["href"]
    for el in page.find_all(style=True):
        for url in CSS_URL.findall(el["style"]):
            yield "style", url
    for el in page.find_all("style"):
        for url in CSS_URL.findall(el.get_text()) + IMPORT.findall(el.get_text()):
            yield "style", url


def test_pages_load_nothing_off_host(html_pages):
    offenders = []
    for url, file in html_pages.items():
        page = soup(file)
        offenders += [f"{url or '/'}: <{tag}> {src}" for tag, src in _resources(page) if _off_host(src)]
    assert not offenders, "\n".join(offenders)


def test_stylesheets_load_no_fonts_or_imports_off_host(site):
    offenders = []
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{css.relative_to(site)}: {u}" for u in CSS_URL.findall(text) + IMPORT.findall(text) if _off_host(u)]
    assert not offenders, "\n".join(offenders)


def test_no_google_fonts_or_analytics(html_pages):
    for url, file in html_pages.items():
        text = file.read_text(encoding="utf-8")
        for needle in ("fonts.googleapis.com", "fonts.gstatic.com", "googletagmanager", "google-analytics", "unpkg.com", "jsdelivr"):
            assert needle not in text, f"{url}: {needle}"
