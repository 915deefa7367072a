"""What the site's search knows beyond the visible text of the pages.

Material's search plugin writes the index (search/search_index.json): one entry per page section.
After it, the build adds to the first entry of each cause page (the one that stands for the whole
page) the facts the search engine ranks by (docs/assets/javascripts/search/engine.js):

messages    the exact text of its error messages (found whole or in part in what people type or paste)
keywords    its title and `search_terms` (causes.yaml): the words people use for the problem
where       where its backups go: icloud, mac, windows (steered by the side words of a query)
likelihood  common, occasional or rare (a slight preference for the common causes)

and, to the index's `config`, the vocabulary of causes.yaml (synonyms and side words), so that
search and the agents page rank with the same words. Values are HTML-escaped like Material's own.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from html import escape
from pathlib import Path

from .model import KnowledgeBase

WORKER = "assets/javascripts/search/worker.js"
"""The site's search worker: it speaks the protocol of Material's own, so Material's search box
and result list work unchanged (docs/assets/javascripts/search/)."""

_MATERIAL_WORKER = re.compile(r'("search":\s*"[^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')

LIST_BOOST = 0.5
"""Search boost of the pages that list causes (index, error messages, flowchart): a cause's own
page comes before pages that merely mention it."""


def use_search_worker(html: str) -> str:
    """The page with Material's search worker (lunr) replaced by the site's own in its config."""
    out, found = _MATERIAL_WORKER.subn(rf'\g<1>{WORKER}"', html)
    if not found and '"search":' in html:
        raise ValueError("Material's search worker was not found in the page config: has Material changed its name?")
    return out


def fields(kb: KnowledgeBase) -> dict[str, dict]:
    """For each cause id, the extra search fields of its page."""
    return {
        cid: {
            "messages": [m.text for m in cause.error_messages],
            "keywords": [cause.title, *cause.search_terms],
            "where": list(cause.where),
            "likelihood": cause.likelihood,
        }
        for cid, cause in kb.causes.items()
    }


def add_fields(site_dir: str, fields_by_url: dict[str, dict], kb: KnowledgeBase) -> None:
    """Put each page's extra fields on its first entry in the index Material wrote, and the
    vocabulary into the index's config."""
    path = Path(site_dir) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        entry.update(_escaped(fields_by_url.get(entry["location"], {})))
    index["config"]["vocabulary"] = _escaped(asdict(kb.vocabulary))
    # Written the way Material writes it, so builds stay byte-identical.
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


def _escaped(value):
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return [_escaped(item) for item in value]
