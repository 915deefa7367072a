"""Search tuning: the words a cause page is found by, beyond its visible text.

Material's search indexes each page section (title and text). Front-matter `tags` would add a
heavily boosted field, but Material copies a page's tags onto every one of its sections and
shows them as chips in every result. So the build adds its own fields instead, on the first
entry of each cause page only (the one that stands for the whole page), after Material has
written the index; mkdocs.yml (plugins.search.fields) gives each its boost:

messages  the exact text of its error messages, short ones repeated (see MESSAGE_WORDS)
keywords  the words of its title and `search_terms` (causes.yaml) that set it apart from most
          other causes (see DISTINCTIVE) and are not already in its messages
typos     likely misspellings of those words and of its messages' (macros/typos.py)
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from html import escape
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

DISTINCTIVE = 0.4
"""A word of a title or search term is a keyword, and gets misspellings, only if at most this
share of causes use it. Common words ("backup", "iPhone") cannot tell causes apart: boosted,
they would only drown the telling ones, and search still finds them in the page text."""

SHORT = 4
"""Search matches every typed word as a prefix, so "up" also finds "upgrde". A misspelling that
starts with a short word people type ("a", "I", "up", "back", "on") is left out: every query
with that word would match it."""

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


def fields(kb: KnowledgeBase) -> dict[str, dict[str, tuple[str, ...]]]:
    """For each cause id, the values of the extra search fields of its page."""
    words = {cid: {w for p in _phrases(c) + _messages(c) for w in _words(p)} for cid, c in kb.causes.items()}
    users = Counter(w for found in words.values() for w in found)
    limit = max(1, int(DISTINCTIVE * len(kb.causes)))
    shorts = {"a", "i"} | {w for w in users if 2 <= len(w) <= SHORT}

    def keyword(word: str) -> bool:
        """Telling, and not a contraction without its apostrophe ("couldnt"): search splits
        "couldn't" into "could", so "couldnt" would only be a rare word that "could" finds."""
        return users[word] <= limit and not (word.endswith("nt") and word[:-2] in users)

    out = {}
    for cid, cause in kb.causes.items():
        telling = {w for w in words[cid] if keyword(w)}
        in_messages = {w for m in cause.error_messages for w in _words(m.text)}  # weigh there already
        phrases = [" ".join(w for w in _words(p) if w in telling - in_messages) for p in _phrases(cause)]
        typos = {t for w in telling for t in variants(w)} - set(users)
        typos = sorted(t for t in typos if not any(t[:n] in shorts for n in range(1, SHORT + 1)))
        out[cid] = {"messages": tuple(_messages(cause)), "keywords": tuple(p for p in phrases if p), "typos": tuple(typos)}
    return out


def add_fields(site_dir: str, fields_by_url: dict[str, dict[str, tuple[str, ...]]]) -> None:
    """Put each page's extra fields on its first entry in the search index Material wrote,
    HTML-escaped like Material's own fields.

    Each field is one string, its values separated by spaces: search splits it into the same
    words and scores them the same (field length does not count), but Material's search worker
    sends every matching page's entry back to the page with each answer, and at 1,000 causes a
    few thousand strings per answer cost a third of its time where hundreds of thousands of
    short ones (the typos) did."""
    path = Path(site_dir) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        for field, values in fields_by_url.get(entry["location"], {}).items():
            entry[field] = " ".join(escape(value, quote=False) for value in values)
    # Written the way Material writes it, so builds stay byte-identical.
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
