"""/causes.json: every cause with its canonical links, for ticket tools and other integrations.

The shape is pinned by macros/causes-json.schema.json (published at /schema/). The output is a
pure function of causes.yaml and site_url: no dates of building, stable key order, so the same
input gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import ticket
from .links import absolute, cause_link, fix_link
from .model import KnowledgeBase

SCHEMA_PATH = Path(__file__).with_name("causes-json.schema.json")
FORMAT_VERSION = 1

# Characters that could end a <script> or open markup if a consumer pastes the file into HTML;
# JSON allows them as \\u escapes, which parse to the same text.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def causes_json(kb: KnowledgeBase, site_url: str) -> str:
    """The text of /causes.json."""
    data = {
        "$schema": absolute(site_url, f"schema/{SCHEMA_PATH.name}"),
        "version": FORMAT_VERSION,
        "site_url": absolute(site_url, ""),
        "causes": [
            {
                "id": cause.id,
                "url": cause_link(site_url, cause),
                "title": cause.title,
                "summary": cause.summary,
                "where": list(cause.where),
                "likelihood": cause.likelihood,
                "aliases": list(cause.aliases),
                "error_messages": [{"text": m.text, "shown_on": m.shown_on} for m in cause.error_messages],
                "fixes": [{"id": f.id, "title": f.title, "url": fix_link(site_url, cause, f)} for f in cause.fixes],
                "reply": ticket.reply(cause, site_url),
                "reply_item": ticket.reply_item(cause, site_url),
                "last_reviewed": cause.last_reviewed,
            }
            for cause in kb.causes.values()
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_HTML_SAFE) + "\n"
