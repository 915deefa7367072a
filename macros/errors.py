"""The error-message index: every distinct message, grouped by the device that shows it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import DEVICES, LIKELIHOOD, Cause, ErrorMessage, KnowledgeBase, normalise

PAGE_ID = "errors"
"""Id of the page's h1 heading."""

MAX_ANCHOR = 60
"""Longest anchor, in characters; longer message slugs are cut at a word boundary."""


@dataclass(frozen=True)
class Entry:
    """One message as the index shows it under one device."""

    text: str
    key: str  # see key()
    anchor: str  # id on /errors/, unique on the page
    shown_on: tuple[str, ...]  # the places it appears, as causes.yaml names them
    causes: tuple[Cause, ...]  # most likely first


def key(message: ErrorMessage) -> str:
    """Messages that differ only in case or spacing are the same message."""
    return normalise(message.text)


def slug(text: str) -> str:
    """'not-enough-storage': the message's words, lowercase, cut at MAX_ANCHOR characters."""
    out = ""
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if out and len(out) + 1 + len(word) > MAX_ANCHOR:
            break
        out = f"{out}-{word}" if out else word
    return out or "message"


def index(kb: KnowledgeBase) -> dict[str, list[Entry]]:
    """Entries per device (in DEVICES order), sorted by message text.

    A message shown on two devices gets a device-prefixed anchor in its second group."""
    order = list(LIKELIHOOD)
    groups: dict[str, dict[str, list[tuple[ErrorMessage, Cause]]]] = {d: {} for d in DEVICES}
    for cause in kb.causes.values():
        for message in cause.error_messages:
            for device in message.devices:
                groups[device].setdefault(key(message), []).append((message, cause))
    out: dict[str, list[Entry]] = {}
    taken = {PAGE_ID, *DEVICES}  # the ids of the page heading and the group headings
    for device, found in groups.items():
        entries = []
        for copies in sorted(found.values(), key=lambda c: (key(c[0][0]), c[0][0].text)):
            anchor = base = slug(copies[0][0].text)
            if anchor in taken:  # the same message in an earlier group, or a cut slug
                anchor = base = f"{device}-{base}"
            n = 2
            while anchor in taken:
                anchor, n = f"{base}-{n}", n + 1
            taken.add(anchor)
            causes = sorted({c.id: c for _, c in copies}.values(), key=lambda c: order.index(c.likelihood))
            shown_on = tuple(dict.fromkeys(m.shown_on for m, _ in copies))
            first = copies[0][0]
            entries.append(Entry(first.text, key(first), anchor, shown_on, tuple(causes)))
        out[device] = entries
    return out


def anchors(kb: KnowledgeBase) -> dict[tuple[str, str], str]:
    """(cause id, message key) -> the anchor of its first entry on /errors/."""
    out: dict[tuple[str, str], str] = {}
    for entries in index(kb).values():
        for entry in entries:
            for cause in entry.causes:
                out.setdefault((cause.id, entry.key), entry.anchor)
    return out
