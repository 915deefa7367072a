"""The search index as the browser reads it, worked out here once instead of in every visitor's
browser: every page's words stemmed and counted per field, field lengths, the error messages
and the words search completes and corrects, split so that a search fetches only what its words
need. docs/assets/javascripts/search/index.js reads it; engine.js ranks with it.

    search/manifest.json          what every search needs: the terms and spellings the index
                                  knows (and the broad ones, see BROAD), per page a few flags
                                  (cause page, sides, likelihood) and its boost, the field
                                  statistics, the vocabulary, and where each piece of the rest is
    search/postings/<n>.json      for each term, the pages that have it: per field, page numbers
                                  and how often (with search/lengths.json, each page's length of
                                  each field: MiniSearch's BM25 inputs, loaded into it as they are)
    search/messages/<n>.json      the error messages, each filed under its rarest word (to find a
                                  whole message in a long text) and under every word (to find the
                                  message a short text is part of)
    search/pages/<page>.json      a page's entries as the result list shows them (location, title,
                                  text)
    search/heads/<n>.json         the location and title of HEADS pages in a row (pages n x HEADS
                                  on): all that ranking causes (the agents page) needs to name them

A key's data sits in one of a few shared files (chosen by a hash of the key) or, when it is
large, in a file of its own, so a search fetches little at any size (tests/bench: 10,000 causes).
"""

from __future__ import annotations

import base64
import math
from collections import Counter
from dataclasses import dataclass

from .export import safe_json
from .text import fold, message_key, plain, term, words

FORMAT = 2
FIELDS = ("title", "messages", "keywords", "headings", "text", "spelling")
"""The fields of each page, in MiniSearch's field order; `spelling` holds the words of titles,
keywords and messages as written (folded, not stemmed), for matching mistyped words."""

LIKELIHOODS = ("", "common", "occasional", "rare")
SIDES = ("icloud", "mac", "windows")
COMMON_SHARE = 1 / 3
"""A term in the titles, keywords or messages of more than this share of the causes tells none of
them apart (engine.js rank(): its telling words)."""

SHARED_FILE = 16_000
"""Bytes a shared file aims at; a key whose data is larger gets a file of its own."""

BROAD = 1000
"""A term on more than this many pages tells little about any of them: a word being typed is not
completed to it (the engine's prefix matching), which at 10,000 causes would fetch the data of
dozens of such words for every letter typed; and a story (a long text, on the agents page) is
ranked without it. No term of the real site comes near."""

HEADS = 128
"""Pages per file of search/heads/."""

FREQUENT_WORD = 8
"""A message word in at least this many messages is listed with its count in the manifest, so a
short text is looked up by its rarest word; other words count as rare."""


def fnv1a(key: str) -> int:
    """The 32-bit FNV-1a hash of a key's UTF-8 bytes (index.js computes the same)."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


@dataclass
class _Page:
    """One page as the engine indexes it, from its search entries."""

    article: dict
    sections: list[dict]

    @property
    def location(self) -> str:
        return self.article["location"]

    @property
    def is_cause(self) -> bool:
        parts = self.location.split("/")
        return len(parts) == 3 and parts[0] == "causes" and parts[1] != "" and parts[2] == "" and "where" in self.article

    def fields(self) -> dict[str, str]:
        """Each field's text, as engine.js made it from the entries before the index was built here."""
        title = plain(self.article["title"])
        messages = [plain(m) for m in self.article.get("messages", [])]
        keywords = [plain(k) for k in self.article.get("keywords", [])]
        return {
            "title": title,
            "messages": "\n".join(messages),
            "keywords": _distinct(keywords, term),
            "headings": "\n".join(plain(s["title"]) for s in self.sections),
            "text": "\n".join(plain(s["text"]) for s in [self.article, *self.sections]),
            "spelling": _distinct([title, *keywords, *messages], fold),
        }


def _distinct(phrases: list[str], key) -> str:
    """The words of some phrases, each key once (its first word): engine.js's old distinct()."""
    seen: dict = {}
    for word in words(" ".join(phrases)):
        seen.setdefault(key(word), word)
    return " ".join(seen.values())


def _pages(entries: list[dict]) -> list[_Page]:
    """The entries grouped by page, in order; a page's article is its entry without an anchor."""
    groups: dict[str, list[dict]] = {}
    for entry in entries:
        groups.setdefault(entry["location"].split("#")[0], []).append(entry)
    out = []
    for location, found in groups.items():
        article = next((e for e in found if e["location"] == location), None) or {**found[0], "location": location}
        out.append(_Page(article, [e for e in found if e is not article]))
    return out


FALSE_POSITIVES = 0.01
"""How often a store's filter may say a key is there when it is not (a needless fetch)."""


def bloom(keys: list[str]) -> dict:
    """A Bloom filter of some keys, for the browser to tell without fetching that a key is not in
    a store: `bits` (base64, bit i is bit i % 8 of byte i // 8) and `hashes`; index.js tests keys
    with the same double hashing of fnv1a."""
    size = max(8, math.ceil(-len(keys) * math.log(FALSE_POSITIVES) / math.log(2) ** 2 / 8) * 8)
    hashes = max(1, round(size / max(1, len(keys)) * math.log(2)))
    bits = bytearray(size // 8)
    for key in keys:
        first, second = fnv1a(key), fnv1a("#" + key) | 1
        for i in range(hashes):
            bit = (first + i * second) % size
            bits[bit // 8] |= 1 << (bit % 8)
    return {"bits": base64.b64encode(bits).decode("ascii"), "hashes": hashes}


class _Store:
    """Keyed data written as files: large values alone, the rest shared by hash of the key; with
    `filtered`, the manifest also carries a Bloom filter of the keys."""

    def __init__(self, folder: str, values: dict[str, object], filtered: bool = False):
        self.folder = folder
        self.filter = bloom(sorted(values)) if filtered else None
        texts = {key: safe_json(value) for key, value in values.items()}
        self.own = {key: n for n, key in enumerate(sorted(k for k, t in texts.items() if len(t) > SHARED_FILE))}
        shared = {k: t for k, t in texts.items() if k not in self.own}
        self.shared = max(1, math.ceil(sum(len(k) + len(t) for k, t in shared.items()) / SHARED_FILE))
        buckets: dict[int, dict] = {}
        for key in sorted(shared):
            buckets.setdefault(fnv1a(key) % self.shared, {})[key] = texts[key]
        self.files = {f"{folder}/{n}.json": _object(data) for n, data in buckets.items()}
        self.files.update((f"{folder}/own-{n}.json", _object({key: texts[key]})) for key, n in self.own.items())

    def manifest(self) -> dict:
        return {"folder": self.folder, "shared": self.shared, "own": self.own,
                **({"filter": self.filter} if self.filter else {})}


def _object(texts: dict[str, str]) -> str:
    """safe_json() of an object, from the JSON texts of its values (each value is dumped once)."""
    return "{" + ",".join(f"{safe_json(key)}:{text}" for key, text in texts.items()) + "}"


def files(entries: list[dict], vocabulary: dict) -> dict[str, str]:
    """The index's files, by path in the site, from the search entries of every page (in page
    order) and the vocabulary (escaped HTML, like the entries)."""
    pages = _pages(entries)
    postings: dict[str, dict[int, list]] = {}  # key -> field id -> [(page, tf), ...]
    lengths: list[list[int]] = [[] for _ in FIELDS]  # field id -> each page's length of the field
    total = [0.0] * len(FIELDS)
    for n, page in enumerate(pages):
        for field_id, (field, value) in enumerate(page.fields().items()):
            tokens = words(value)
            length = len(set(tokens))
            lengths[field_id].append(length)
            total[field_id] = (total[field_id] * n + length) / (n + 1)  # MiniSearch's running mean, to the bit
            counts = Counter(fold(t) if field == "spelling" else term(t) for t in tokens)
            for key, tf in counts.items():
                if key:
                    postings.setdefault(key, {}).setdefault(field_id, []).append((n, tf))
    spelling_id = FIELDS.index("spelling")
    terms = sorted(k for k, by_field in postings.items() if set(by_field) - {spelling_id})
    causes = [n for n, page in enumerate(pages) if page.is_cause]
    messages = _Messages(pages)
    stores = {
        "postings": _Store("search/postings", {key: _columns(by_field) for key, by_field in postings.items()}),
        "rarest": _Store("search/messages/rarest", messages.by_rarest(), filtered=True),
        "words": _Store("search/messages/words", messages.by_word(), filtered=True),
    }
    manifest = {
        "format": FORMAT,
        "fields": list(FIELDS),
        "documentCount": len(pages),
        "averageFieldLength": total,
        "terms": terms,
        "spellings": _spellings(pages),
        "common": _common(pages, causes),
        "broad": sorted(key for key, by_field in postings.items()
                        if len({row[0] for rows in by_field.values() for row in rows}) > BROAD),
        "pages": [_flags(page) for page in pages],
        "heads": HEADS,
        "boosts": {str(n): page.article["boost"] for n, page in enumerate(pages) if "boost" in page.article},
        "vocabulary": vocabulary,
        "frequentWords": messages.frequent,
        "longestMessage": messages.longest,
        "stores": {name: store.manifest() for name, store in stores.items()},
    }
    out = {"search/manifest.json": safe_json(manifest), "search/lengths.json": safe_json(lengths)}
    for store in stores.values():
        out.update(store.files)
    out.update((f"search/pages/{n}.json", safe_json({"article": _shown(page.article), "sections": list(map(_shown, page.sections))}))
               for n, page in enumerate(pages))
    out.update((f"search/heads/{n // HEADS}.json", safe_json([[p.location, p.article["title"]] for p in pages[n:n + HEADS]]))
               for n in range(0, len(pages), HEADS))
    return out


def _shown(entry: dict) -> dict:
    """What the result list shows of an entry (the ranking's own fields are in the index)."""
    return {key: entry[key] for key in ("location", "title", "text")}


def _columns(by_field: dict[int, list]) -> list:
    """A key's postings, per field: [field id, page numbers as gaps, counts]."""
    out = []
    for field_id, rows in sorted(by_field.items()):
        pages = [row[0] for row in rows]
        out.append([field_id, [b - a for a, b in zip([0, *pages], pages)], [row[1] for row in rows]])
    return out


def _flags(page: _Page) -> int:
    """A page in one number: 1 a cause page, 2/4/8 its sides (iCloud, Mac, Windows), 16 x likelihood."""
    if not page.is_cause:
        return 0
    where = page.article.get("where", [])
    return 1 + sum(2 << i for i, side in enumerate(SIDES) if side in where) + 16 * LIKELIHOODS.index(page.article.get("likelihood", ""))


def _spellings(pages: list[_Page]) -> list[str]:
    """Every word of titles, keywords and messages (folded), the most used first (then in the order
    first seen): the words a mistyped word may be, and those the last word typed is completed to."""
    counts: Counter = Counter()
    for page in pages:
        title = plain(page.article["title"])
        for text in [title, *map(plain, page.article.get("keywords", [])), *map(plain, page.article.get("messages", []))]:
            counts.update(fold(w) for w in words(text))
    return [word for word, _ in sorted(counts.items(), key=lambda item: -item[1])]


def _common(pages: list[_Page], causes: list[int]) -> list[str]:
    spread: Counter = Counter()
    for n in causes:
        page = pages[n]
        texts = [page.article["title"], *page.article.get("keywords", []), *page.article.get("messages", [])]
        spread.update({term(w) for w in words(" ".join(plain(t) for t in texts))})
    return sorted(t for t, count in spread.items() if t and count > COMMON_SHARE * len(causes))


class _Messages:
    """The error messages of cause pages, each once, with the pages that show it: `n` (its place
    in order), `text`, `key` (the text as it is looked for) and `causes` (page numbers); the
    browser splits the key into its (folded) words as this does."""

    def __init__(self, pages: list[_Page]):
        by_key: dict[str, dict] = {}
        for n, page in enumerate(pages):
            if not page.is_cause:
                continue
            for text in map(plain, page.article.get("messages", [])):
                key = message_key(text)
                if key:
                    by_key.setdefault(key, {"n": len(by_key), "text": text, "key": key, "causes": []})["causes"].append(n)
        self.all = list(by_key.values())
        self.words = {m["key"]: [fold(w) for w in words(m["key"])] for m in self.all}
        self.df = Counter(w for ws in self.words.values() for w in set(ws))
        self.longest = max(map(len, self.words.values()), default=0)
        self.frequent = {w: n for w, n in sorted(self.df.items()) if n >= FREQUENT_WORD}

    def by_rarest(self) -> dict[str, list[dict]]:
        """Each message under its rarest word (fewest messages, then first in order)."""
        out: dict[str, list[dict]] = {}
        for message in self.all:
            out.setdefault(min(set(self.words[message["key"]]), key=lambda w: (self.df[w], w)), []).append(message)
        return out

    def by_word(self) -> dict[str, list[dict]]:
        """Each message under every word it has."""
        out: dict[str, list[dict]] = {}
        for message in self.all:
            for word in dict.fromkeys(self.words[message["key"]]):
                out.setdefault(word, []).append(message)
        return out
