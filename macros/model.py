"""Typed records of the knowledge base, built from data the schema has already accepted."""

from __future__ import annotations

from dataclasses import dataclass, field

PLATFORMS = {"icloud": "iCloud", "mac": "Mac", "windows": "Windows"}
"""Where a backup goes, with the label shown on the site, in display order."""

STEP_PLATFORMS = {"iphone": "iPhone", "mac": "Mac", "windows": "Windows"}
"""Keys of per-platform fix steps, with their tab labels, in display order."""

DEVICES = {"iphone": "On the iPhone", "mac": "On a Mac", "windows": "On a Windows PC"}
"""Groups of the error-message index, in display order."""

SHOWN_ON_DEVICES = {
    "iPhone alert": ("iphone",),
    "iPhone Settings": ("iphone",),
    "Finder on a Mac": ("mac",),
    "iTunes on a Mac": ("mac",),
    "Apple Devices app on Windows": ("windows",),
    "iTunes on Windows": ("windows",),
    "iTunes on a Mac or PC": ("mac", "windows"),
}
"""Which index groups a message belongs to, by its `shown_on` value (the schema's enum)."""

SECTION_IDS = {
    "symptoms": "Symptoms",
    "error-messages": "Error messages",
    "checks": "Is this the cause?",
    "fixes": "How to fix it",
    "escalate": "Still not backing up?",
    "related": "Related causes",
    "sources": "Sources",
    "ticket": "Link this in a ticket",
}
"""Anchors and headings of the sections of a cause page; a fix id may not take one of them."""

LIKELIHOOD = {"common": "Common", "occasional": "Occasional", "rare": "Rare"}

RELEASE_PLATFORMS = {"ios": "iOS", "macos": "macOS"}
"""Platforms whose major releases the content is checked against, with their display names."""


@dataclass(frozen=True)
class ErrorMessage:
    id: str  # its anchor on /errors/
    text: str
    shown_on: str
    source: str
    shared: bool = False
    note: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def devices(self) -> tuple[str, ...]:
        return SHOWN_ON_DEVICES[self.shown_on]


@dataclass(frozen=True)
class Fix:
    id: str
    title: str
    steps: dict[str, tuple[str, ...]]  # "" for steps common to all platforms, else iphone/mac/windows
    time: str = ""
    warning: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def per_platform(self) -> bool:
        return "" not in self.steps

    @property
    def first_steps(self) -> tuple[str, ...]:
        """The steps shown when only one list fits (a summary, a ticket reply)."""
        return next(iter(self.steps.values()))


@dataclass(frozen=True)
class Reference:
    title: str
    url: str


@dataclass(frozen=True)
class Cause:
    id: str
    title: str
    summary: str
    where: tuple[str, ...]
    likelihood: str
    symptoms: tuple[str, ...]
    error_messages: tuple[ErrorMessage, ...]
    checks: tuple[str, ...]
    fixes: tuple[Fix, ...]
    escalate: str
    references: tuple[Reference, ...]
    last_reviewed: str
    checked_for: "CheckedFor"
    related: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    search_terms: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """Path of the cause page, relative to the site root."""
        return f"causes/{self.id}/"


@dataclass(frozen=True)
class CheckedFor:
    """The releases a cause's steps were compared with (causes.yaml `checked_for`): major
    versions by platform (a key of RELEASE_PLATFORMS), and an optional note on the check."""

    versions: dict[str, str]  # platform -> major version, ios first
    note: str = ""


@dataclass(frozen=True)
class Release:
    """A major iOS or macOS release the content was checked against."""

    platform: str  # a key of RELEASE_PLATFORMS
    version: str
    date: str  # YYYY-MM-DD, the day it was released to the public
    name: str = ""  # e.g. "macOS Tahoe 26"; defaults to "<platform> <version>"
    source: str = ""

    @property
    def label(self) -> str:
        return self.name or f"{RELEASE_PLATFORMS[self.platform]} {self.version}"


@dataclass(frozen=True)
class Answer:
    id: str  # unique within its question; names the step in troubleshooter links
    label: str
    next: str = ""
    causes: tuple[str, ...] = ()  # one cause, or an ordered list of likely causes


@dataclass(frozen=True)
class Node:
    id: str
    question: str
    answers: tuple[Answer, ...]
    help: str = ""


@dataclass(frozen=True)
class DecisionTree:
    start: str
    nodes: dict[str, Node]


@dataclass(frozen=True)
class Vocabulary:
    """Search vocabulary (causes.yaml `vocabulary`): interchangeable phrases, and the phrases that
    name each side of a backup (icloud, computer, mac, windows)."""

    synonyms: tuple[tuple[str, ...], ...] = ()
    sides: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class KnowledgeBase:
    causes: dict[str, Cause]  # in file order
    tree: DecisionTree
    aliases: dict[str, str] = field(default_factory=dict)  # old cause id -> live cause id
    releases: tuple[Release, ...] = ()  # oldest first
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    @classmethod
    def from_data(cls, data: dict) -> "KnowledgeBase":
        """Build from data that passed validation."""
        causes = {c["id"]: _cause(c) for c in data["causes"]}
        tree = data["decision_tree"]
        nodes = {n["id"]: _node(n) for n in tree["nodes"]}
        aliases = {old: cause.id for cause in causes.values() for old in cause.aliases}
        releases = tuple(sorted((Release(**r) for r in data.get("releases", ())), key=lambda r: (r.date, r.platform)))
        words = data.get("vocabulary", {})
        vocabulary = Vocabulary(tuple(tuple(group) for group in words.get("synonyms", ())),
                                {side: tuple(phrases) for side, phrases in words.get("sides", {}).items()})
        return cls(causes, DecisionTree(tree["start"], nodes), aliases, releases, vocabulary)


def _cause(c: dict) -> Cause:
    return Cause(
        id=c["id"],
        title=c["title"],
        summary=c["summary"],
        where=tuple(p for p in PLATFORMS if p in c["where"]),
        likelihood=c["likelihood"],
        symptoms=tuple(c["symptoms"]),
        error_messages=tuple(ErrorMessage(**{**m, "aliases": tuple(m.get("aliases", ()))}) for m in c["error_messages"]),
        checks=tuple(c["checks"]),
        fixes=tuple(_fix(f) for f in c["fixes"]),
        escalate=c["escalate"],
        references=tuple(Reference(**r) for r in c["references"]),
        last_reviewed=c["last_reviewed"],
        checked_for=CheckedFor({p: c["checked_for"][p] for p in RELEASE_PLATFORMS if p in c["checked_for"]},
                               c["checked_for"].get("note", "")),
        related=tuple(c.get("related", ())),
        aliases=tuple(c.get("aliases", ())),
        search_terms=tuple(c.get("search_terms", ())),
    )


def _fix(f: dict) -> Fix:
    steps = f["steps"]
    if isinstance(steps, list):
        by_platform = {"": tuple(steps)}
    else:
        by_platform = {p: tuple(steps[p]) for p in STEP_PLATFORMS if p in steps}
    return Fix(
        id=f["id"],
        title=f["title"],
        steps=by_platform,
        time=f.get("time", ""),
        warning=f.get("warning", ""),
        aliases=tuple(f.get("aliases", ())),
    )


def _node(n: dict) -> Node:
    answers = tuple(
        Answer(
            id=a["id"],
            label=a["label"],
            next=a.get("next", ""),
            causes=tuple(a["causes"]) if "causes" in a else ((a["cause"],) if "cause" in a else ()),
        )
        for a in n["answers"]
    )
    return Node(id=n["id"], question=n["question"], answers=answers, help=n.get("help", ""))
