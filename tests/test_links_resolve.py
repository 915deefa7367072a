"""Every internal link and #anchor in the built HTML resolves, checked with an HTML parser."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit

from conftest import soup
from published import page_file

SITE_ROOT = "http://site.invalid/"
LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}


@lru_cache(maxsize=None)
def _ids(file) -> frozenset[str]:
    page = soup(file)
    return frozenset(el["id"] for el in page.find_all(id=True)) | frozenset(el["name"] for el in page.find_all("a", attrs={"name": True}))


def test_every_internal_link_and_anchor_resolves(site, html_pages, kb):
    broken, checked = [], 0
    for url, file in html_pages.items():
        page = soup(file)
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
                target = page_file(site, parts.path)
                checked += 1
                if target is None:
                    broken.append(f"{url or '/'}: <{tag} {attr}={href!r}>: no such file")
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target):
                    broken.append(f"{url or '/'}: <{tag} {attr}={href!r}>: no element with id {parts.fragment!r}")
    assert not broken, f"{len(broken)} broken of {checked} links:\n" + "\n".join(broken[:50])
    assert checked >= 10 * len(html_pages), "too few links checked: is the parser finding them?"
