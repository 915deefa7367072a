"""Every internal link and #anchor in the built HTML resolves, checked with an HTML parser."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

SITE_ROOT = "http://site.invalid/"
LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}


def _file_for(site, path: str):
    """The built file a site path serves, or None."""
    target = site / unquote(path).lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@lru_cache(maxsize=None)
def _ids(file) -> frozenset[str]:
    page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    return frozenset(el["id"] for el in page.find_all(id=True)) | frozenset(el["name"] for el in page.find_all("a", attrs={"name": True}))


def test_every_internal_link_and_anchor_resolves(site, html_pages, kb):
    broken, checked = [], 0
    for url, file in html_pages.items():
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        base = urljoin(SITE_ROOT, url)
        for tag, attr in LINK_ATTRS.items():
            for el in page.find_all(tag, attrs={attr: True}):
                href = el[attr]
                if href.startswith(("mailto:", "tel:")) or href == "javascript:void(0)":
                    continue
                absolute = urljoin(base, href)
                if not absolute.startswith(SITE_ROOT):
                    continue  # external: checked on demand, never offline
                parts = urlsplit(absolute)
                target = _file_for(site, parts.path)
                checked += 1
                if target is None:
                    broken.append(f"{url or '/'}: <{tag} {attr}={href!r}>: no such file")
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target):
                    broken.append(f"{url or '/'}: <{tag} {attr}={href!r}>: no element with id {parts.fragment!r}")
    assert not broken, f"{len(broken)} broken of {checked} links:\n" + "\n".join(broken[:50])
    assert checked >= 10 * len(html_pages), "too few links checked: is the parser finding them?"


def test_flowchart_node_links_resolve(site, html_pages, kb):
    page = BeautifulSoup(html_pages["flowchart/"].read_text(encoding="utf-8"), "html.parser")
    sources = [pre.get_text() for pre in page.select("pre.mermaid")]
    targets = [line.split('"')[1] for source in sources for line in source.splitlines() if line.strip().startswith("click ")]
    assert len(targets) >= len(kb.causes)
    for href in targets:
        parts = urlsplit(urljoin(SITE_ROOT + "flowchart/", href))
        target = _file_for(site, parts.path)
        assert target, href
        assert not parts.fragment or parts.fragment in _ids(target), href
