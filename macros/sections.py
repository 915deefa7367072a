"""A page's HTML as search sections: the text before its first heading, then one section per
heading that has an id, each with its title and text.

These are the rules of the search index of Material for MkDocs, kept so that search ranks the
same words it always ranked: what is marked `data-search-exclude` stays out (an element, or a
heading and with it its whole section), and so do scripts, styles and permalinks; text keeps a
few tags (paragraphs, lists, code) for the result list to show and is escaped HTML otherwise.
Like Material's parser, it tells elements apart by tag name only: an excluded element ends at
the first closing tag of its name, so an excluded element must not hold another of its own tag
(tests/test_search_index_excludes.py checks that nothing excluded leaks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
"""Tags kept in a section's text."""

ALWAYS_SKIPPED = frozenset({"script", "style", "object"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class Section:
    """One part of a page: `anchor` is the id of its heading ("" for the first part)."""

    anchor: str = ""
    title: str = ""
    text: str = ""


@dataclass
class _Part:
    heading: str  # tag of the heading that starts it ("" for the part before any heading)
    depth: float  # how many elements enclose its heading
    anchor: str = ""
    excluded: bool = False
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, is a permalink) of each open element
        self.skipped = set(ALWAYS_SKIPPED)  # tags whose content is left out while one is open
        self.parts: list[_Part] = []
        self.part: _Part | None = None

    def _tags(self) -> set[str]:
        return {tag for tag, _ in self.open}

    def _skipping(self) -> bool:
        return not self.skipped.isdisjoint(self._tags())

    def _here(self) -> list[str]:
        """Where text goes now: the title while the part's heading is open, else the text."""
        if self.part is None:
            self.part = _Part("", 0)
            self.parts.append(self.part)
        return self.part.title if self.part.heading in self._tags() else self.part.text

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        self.open.append((tag, tag == "a" and attributes.get("class") == "headerlink"))
        if tag in HEADINGS and "id" in attributes:
            if tag != "h1" and not self.parts:
                self.parts.append(_Part("", len(self.open)))
            self.part = _Part(tag, len(self.open), attributes["id"] if self.parts else "",
                              "data-search-exclude" in attributes)
            self.parts.append(self.part)
        here = self._here()
        if "data-search-exclude" in attributes or attributes.get("class") == "linenodiv":
            self.skipped.add(tag)
        elif not self._skipping() and tag in KEEP:
            here.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if not self.open or self.open[-1][0] != tag:
            return
        if self.part.depth > len(self.open):  # a heading's container closes: back to the part around it
            for part in reversed(self.parts):
                if part.depth <= len(self.open):
                    self.part.depth = float("inf")
                    self.part = part
                    break
        self.open.pop()
        if tag in self.skipped:
            if tag not in ALWAYS_SKIPPED:
                self.skipped.discard(tag)
            return
        if self._skipping() or tag not in KEEP:
            return
        here = self._here()
        start = here.index(f"<{tag}>")
        if all(piece.isspace() for piece in here[start + 1:]):
            del here[start:]  # nothing but white space since the tag opened: left out
        else:
            here.append(f"</{tag}>")

    def handle_data(self, data):
        if self._skipping():
            return
        in_pre = "pre" in self._tags()
        if not in_pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        here = self._here()
        if here is self.part.title:
            if not any(permalink for _, permalink in self.open):
                here.append(escape(data, quote=False))
        elif data.isspace():
            if not here or not here[-1].isspace() or in_pre:
                here.append(data)
        else:
            here.append(escape(data, quote=False))


def sections(html: str, title: str) -> list[Section]:
    """The search sections of a page's HTML; `title` (escaped HTML) names a first part that has
    no heading of its own."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return [Section(part.anchor, "".join(part.title).strip() if part.title else title, "".join(part.text).strip())
            for part in parser.parts if not part.excluded]
