"""The error-message index: every distinct message, grouped by the device that shows it.

Each message's anchors come from its `id` and `aliases` in causes.yaml, never from its text or
its place in the list, so correcting a quoted message or adding another keeps every published
/errors/#anchor. A message shown on two devices has an entry in each group: the first (in
DEVICES order) has the message's own ids, the others the same ids prefixed with the device.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import DEVICES, LIKELIHOOD, Cause, ErrorMessage, KnowledgeBase
from .text import message_key

PAGE_ID = "errors"
"""Id of the page's h1 heading."""

PAGE_IDS = frozenset({PAGE_ID, *DEVICES})
"""Ids the page itself uses (its heading and the device headings): no message anchor may take one."""


@dataclass(frozen=True)
class Entry:
    """One message as the index shows it under one device."""

    text: str
    anchor: str  # id of the entry on /errors/
    aliases: tuple[str, ...]  # older anchors of the entry, kept on the page
    shown_on: tuple[str, ...]  # the places it appears, as causes.yaml names them
    causes: tuple[Cause, ...]  # most likely first


def anchors(ident: str, aliases: tuple[str, ...], devices: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The anchors of a message's entry under each of its devices (in DEVICES order), its id first."""
    names = (ident, *aliases)
    ordered = [d for d in DEVICES if d in devices]
    return {device: names if n == 0 else tuple(f"{device}-{name}" for name in names) for n, device in enumerate(ordered)}


def index(kb: KnowledgeBase) -> dict[str, list[Entry]]:
    """Entries per device (in DEVICES order), sorted by message text."""
    order = list(LIKELIHOOD)
    copies: dict[str, list[tuple[ErrorMessage, Cause]]] = {}
    for cause in kb.causes.values():
        for message in cause.error_messages:
            copies.setdefault(message.id, []).append((message, cause))
    out: dict[str, list[Entry]] = {d: [] for d in DEVICES}
    for ident, found in sorted(copies.items(), key=lambda item: (message_key(item[1][0][0].text), item[1][0][0].text)):
        aliases = tuple(dict.fromkeys(a for m, _ in found for a in m.aliases))
        devices = tuple(d for m, _ in found for d in m.devices)
        for device, names in anchors(ident, aliases, devices).items():
            here = [(m, c) for m, c in found if device in m.devices]
            causes = tuple(sorted({c.id: c for _, c in here}.values(), key=lambda c: order.index(c.likelihood)))
            shown_on = tuple(dict.fromkeys(m.shown_on for m, _ in here))
            out[device].append(Entry(here[0][0].text, names[0], names[1:], shown_on, causes))
    return out
