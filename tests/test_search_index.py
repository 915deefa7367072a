"""The site's search index (macros/searchindex.py) as built: every page in it, in page order, each
key's data in the one file the browser looks in, and the rules that keep search fast at 10,000
causes (broad terms, MAX_COMPLETIONS) never touching the real site, whose ranking stays exactly
what it was before the index was split."""

from __future__ import annotations

import json
import re
from collections import Counter

from conftest import ROOT, search_entries, search_manifest
from macros.handwritten import page_url
from macros.searchindex import BROAD, fnv1a


def _for_maintainers() -> set[str]:
    """The hand-written pages the site's search leaves out (front matter `site_search: false`)."""
    return {page_url(path.relative_to(ROOT / "docs").as_posix()) for path in (ROOT / "docs").rglob("*.md")
            if re.search(r"^site_search: false\b", path.read_text(encoding="utf-8"), re.M)}


def test_every_page_is_in_the_index_in_page_order(site, html_pages):
    """Every page but 404, redirect stubs, the offline page (shown only offline, noindex) and the
    pages for maintainers and integrators (/developers/, the agents' guide), which would only come
    between readers and the causes of their failed backup."""
    pages = [e["location"] for e in search_entries(site) if "#" not in e["location"]]
    assert len(pages) == len(set(pages))
    for_maintainers = _for_maintainers()
    assert {"developers/", "developers/causes-json/", "agents/guide/"} <= for_maintainers
    assert not for_maintainers & {"", "about/", "agents/"}
    left_out = ('http-equiv="refresh"', '<meta name="robots" content="noindex">')
    built = {url for url in html_pages if url != "404.html"} - {u for u in html_pages if (site / u / "index.html").is_file()
                                                               and any(s in (site / u / "index.html").read_text() for s in left_out)}
    assert "offline/" in html_pages and "offline/" not in built
    assert for_maintainers <= built
    assert set(pages) == built - for_maintainers
    assert len(search_manifest(site)["pages"]) == len(pages)


def test_each_key_is_in_the_file_the_browser_looks_in(site):
    manifest = search_manifest(site)
    for name, store in manifest["stores"].items():
        folder = site / store["folder"]
        for path in folder.glob("*.json"):
            for key in json.loads(path.read_text(encoding="utf-8")):
                expected = f"own-{store['own'][key]}.json" if key in store["own"] else f"{fnv1a(key) % store['shared']}.json"
                assert path.name == expected, f"{name}: {key!r} is in {path.name}, the browser looks in {expected}"


def test_the_rules_for_large_sites_never_apply_to_the_real_site(site):
    """No term of the real site is broad, and no prefix of it stands for more terms than the
    engine completes: so the real site ranks exactly as it did with the whole index in memory."""
    manifest = search_manifest(site)
    assert manifest["broad"] == [] and manifest["documentCount"] < BROAD
    engine = (ROOT / "docs/assets/javascripts/search/engine.js").read_text(encoding="utf-8")
    limit = int(re.search(r"export const MAX_COMPLETIONS = (\d+);", engine)[1])
    terms = manifest["terms"]
    widest = max(Counter(t[:n] for t in terms if len(t) >= n).most_common(1)[0][1] for n in (2, 3, 4))
    assert widest <= limit, f"a prefix stands for {widest} terms of the real site: raise MAX_COMPLETIONS above it"
