"""Search tuning: the words a cause page is found by, beyond its visible text.

Material's search indexes each page section (title and text). Front-matter `tags` would add a
heavily boosted field, but Material copies a page's tags onto every one of its sections and
shows them as chips in every result. So the build adds its own fields instead, on the first
entry of each cause page only (the one that stands for the whole page), boosted in mkdocs.yml:

keywords  the cause's title, the exact text of its error messages, its `search_terms` from
          causes.yaml, and those words without apostrophes ("wont", "cant")
typos     likely misspellings of the words that set this cause apart from most others
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

from .model import Cause, KnowledgeBase
from .typos import variants

LIST_BOOST = 0.5
"""Search boost of the pages that list causes (index, error messages, flowchart): a cause's own
page comes before pages that merely mention it."""

MESSAGE_WORDS = 14
"""Lunr here ignores field length, so "iPhone Not Backed Up" would score no higher for its own
cause than inside a long message that contains the same words. Each message is repeated until
it weighs about this many words, which lets the exact text of a short message win."""

DISTINCTIVE = 0.25
"""A word gets misspellings only if at most this share of causes use it: a misspelt common word
("bakup") cannot tell causes apart, and every variant is also matched by typed prefixes."""

SHORT = 4
"""Search matches every typed word as a prefix, so "up" also finds "upgrde". A misspelling that
starts with a short word of the site is left out: any query with that word would match it."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _messages(cause: Cause) -> list[str]:
    out = []
    for message in cause.error_messages:
        out += [message.text] * math.ceil(MESSAGE_WORDS / max(1, len(_words(message.text))))
    return out


def _phrases(cause: Cause) -> list[str]:
    return [cause.title, *cause.search_terms]


def keywords(kb: KnowledgeBase) -> dict[str, dict[str, tuple[str, ...]]]:
    """For each cause id, the values of the extra search fields of its page."""
    words = {cid: {w for p in _phrases(c) + _messages(c) for w in _words(p)} for cid, c in kb.causes.items()}
    users = Counter(w for found in words.values() for w in found)
    limit = max(1, int(DISTINCTIVE * len(kb.causes)))
    shorts = {w for w in users if 2 <= len(w) <= SHORT}
    out = {}
    for cid, cause in kb.causes.items():
        phrases = [" ".join(w for w in _words(p) if users[w] <= limit) for p in _phrases(cause)]
        phrases += sorted(re.sub("['’]", "", w) for w in words[cid] if ("'" in w or "’" in w) and users[w] <= limit)
        phrases = [p for p in phrases if p]
        typos = {t for w in words[cid] if users[w] <= limit for t in variants(w)
                 if not any(t.startswith(short) for short in shorts)} - set(users)
        out[cid] = {"messages": tuple(_messages(cause)), "keywords": tuple(phrases), "typos": tuple(sorted(typos))}
    return out


def add_keywords(site_dir: str, fields_by_url: dict[str, dict[str, tuple[str, ...]]]) -> None:
    """Put each page's extra fields on its first entry in the search index Material wrote."""
    path = Path(site_dir) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        for field, values in fields_by_url.get(entry["location"], {}).items():
            entry[field] = list(values)
    # Written the way Material writes it, so builds stay byte-identical.
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
