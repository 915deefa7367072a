"""/causes.json: every cause with its canonical links, for ticket tools and other integrations;
and /causes/<id>.json, one cause's entry of it, for a tool (the agents page) that needs only a few.

The shape is pinned by macros/causes-json.schema.json (published at /schema/). The output is a
pure function of causes.yaml and site_url: no dates of building, stable key order, so the same
input gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import review, ticket
from .links import absolute, cause_link, fix_link
from .model import Cause, KnowledgeBase

SCHEMA_PATH = Path(__file__).with_name("causes-json.schema.json")
FORMAT_VERSION = 1

_HTML_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def safe_json(value, indent: int | None = None) -> str:
    """JSON text that is safe to paste into HTML: the characters that could end a <script> or open
    markup are written as \\u escapes, which parse to the same text."""
    separators = None if indent else (",", ":")
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
    for character, escaped in _HTML_SAFE.items():  # str.replace: str.translate took longer than dumps
        text = text.replace(character, escaped)
    return text


def entry(kb: KnowledgeBase, cause: Cause, site_url: str) -> dict:
    """A cause as /causes.json lists it."""
    return {
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
        "checked_for": [{"platform": r.platform, "version": r.version, "name": r.label, "released": r.date}
                        for r in review.checked_for(kb, cause)],
    }


def causes_json(kb: KnowledgeBase, site_url: str) -> str:
    """The text of /causes.json."""
    data = {
        "$schema": absolute(site_url, f"schema/{SCHEMA_PATH.name}"),
        "version": FORMAT_VERSION,
        "site_url": absolute(site_url, ""),
        "causes": [entry(kb, cause, site_url) for cause in kb.causes.values()],
    }
    return safe_json(data, indent=2) + "\n"


def cause_files(kb: KnowledgeBase, site_url: str) -> dict[str, str]:
    """/causes/<id>.json for each cause: its entry of /causes.json."""
    return {f"causes/{cause.id}.json": safe_json(entry(kb, cause, site_url), indent=2) + "\n" for cause in kb.causes.values()}
