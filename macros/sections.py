"""A page's HTML as search sections: the text before its first heading, then one section per
heading that has an id, each with its title and text.

These are the rules of the search index of Material for MkDocs, kept so that search ranks the
same words it always ranked: what is marked `data-search-exclude` stays out (an element, or a
heading and with it its whole section), and so do scripts, styles and permalinks; text keeps a
few tags (paragraphs, lists, code) for the result list to show and is escaped HTML otherwise.
Like Material's parser, it tells elements apart by tag name only: an excluded element ends at
the first closing tag of its name, so an excluded element must not hold another of its own tag
(tests/test_search_index_excludes.py checks that nothing excluded leaks).

The HTML is cut into tags and text by one regular expression, where html.parser (which
Material's search uses) cuts it: html.parser, written in Python, was a fifth of a 1,000-cause
build. tests/test_sections.py holds the two to the same reading of every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape

KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
"""Tags kept in a section's text."""

ALWAYS_SKIPPED = frozenset({"script", "style", "object"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_ATTRIBUTES = r"""(?:[^>"'/]++|/(?!>)|"[^"]*+"|'[^']*+')*+"""
_TOKEN = re.compile(
    # A start tag, "/" in `empty` if written <x/>; a script's or a style's content (text up to its
    # end tag, `closed`, or to the end of the page) goes with it, as no part of a section.
    r"<(?P<start>(?P<raw>(?i:script|style)(?=[\t\n\r\f />\x00]))|[a-zA-Z][^\t\n\r\f />\x00]*+)"
    rf"(?P<attributes>{_ATTRIBUTES})(?P<empty>/)?>"
    r"(?(empty)|(?(raw)(?:.*?(?P<closed>(?i:</\s*(?P=raw)\s*>))|.*)))"
    r"|</(?P<end>[a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>"
    r"|<!--.*?--\s*>|<[!?][^>]*>"  # comments, declarations and processing instructions: no text
    r"|(?P<text>[^<]++|<)",  # a "<" that starts no tag is text of its own
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s/>][^\s/=>]*)(?:\s*=+\s*("[^"]*"|'[^']*'|(?!['"])[^>\s]*))?""")


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


def _attributes(raw: str) -> dict[str, str]:
    """A start tag's attributes as html.parser reads them: names lowercased, values unquoted and
    unescaped."""
    found = {}
    for name, value in _ATTRIBUTE.findall(raw):
        if value[:1] in ("'", '"') and value[:1] == value[-1:]:
            value = value[1:-1]
        found[name.lower()] = unescape(value)
    return found


def _tokens(html: str):
    """The HTML as html.parser reads it: ("start", tag, its attributes as written), ("end", tag,
    "") and ("text", text, ""), with tag names lowercased and character references resolved; a
    tag written <x/> starts and ends, and the content of a script or a style is left out."""
    for start, _, written, empty, closed, end, text in _TOKEN.findall(html):
        if text:
            yield "text", unescape(text) if "&" in text else text, ""
        elif start:
            tag = start.lower()
            yield "start", tag, written
            if empty or closed:
                yield "end", tag, ""
        elif end:
            yield "end", end.lower(), ""


def _parts(html: str) -> list[_Part]:
    """The page's parts, the title and text of each as pieces of escaped HTML."""
    open_: list[tuple[str, bool]] = []  # (tag, is a permalink) of each open element
    count: dict[str, int] = {}  # how many elements of each tag are open
    permalinks = 0  # how many of them are permalinks
    skipped = set(ALWAYS_SKIPPED)  # tags whose content is left out while one is open
    skipping = False  # whether one is open
    parts: list[_Part] = []
    part = _Part("", 0)  # the part before any heading, in `parts` from the first element or text
    for kind, value, written in _tokens(html):
        if kind == "text":
            if skipping:
                continue
            in_pre = count.get("pre")
            if not in_pre:
                value = " " if value.isspace() else value.replace("\n", " ")
            if not parts:
                parts.append(part)
            if count.get(part.heading):  # the part's heading: its title
                if not permalinks:
                    part.title.append(escape(value, quote=False))
            elif not value.isspace():
                part.text.append(escape(value, quote=False))
            elif not part.text or not part.text[-1].isspace() or in_pre:
                part.text.append(value)
        elif kind == "start":
            if value in VOID:
                continue
            lowered = written.lower()
            needed = value == "a" or value in HEADINGS or "data-search-exclude" in lowered or "linenodiv" in lowered or "&" in written
            attributes = _attributes(written) if needed else {}
            permalink = value == "a" and attributes.get("class") == "headerlink"
            open_.append((value, permalink))
            count[value] = count.get(value, 0) + 1
            permalinks += permalink
            if value in HEADINGS and "id" in attributes:
                if value != "h1" and not parts:
                    parts.append(_Part("", len(open_)))
                part = _Part(value, len(open_), attributes["id"] if parts else "", "data-search-exclude" in attributes)
                parts.append(part)
            elif not parts:
                parts.append(part)
            if "data-search-exclude" in attributes or attributes.get("class") == "linenodiv":
                skipped.add(value)
            skipping = skipping or value in skipped
            if value in KEEP and not skipping:
                (part.title if count.get(part.heading) else part.text).append(f"<{value}>")
        elif open_ and open_[-1][0] == value:  # an end tag closes the innermost element, or nothing
            if part.depth > len(open_):  # a heading's container closes: back to the part around it
                for outer in reversed(parts):
                    if outer.depth <= len(open_):
                        part.depth = float("inf")
                        part = outer
                        break
            permalinks -= open_.pop()[1]
            count[value] -= 1
            if value in skipped:
                if value not in ALWAYS_SKIPPED:
                    skipped.discard(value)
                skipping = any(count.get(tag) for tag in skipped)
            elif value in KEEP and not skipping:
                here = part.title if count.get(part.heading) else part.text
                first = here.index(f"<{value}>")
                if all(here[k].isspace() for k in range(first + 1, len(here))):
                    del here[first:]  # nothing but white space since the tag opened: left out
                else:
                    here.append(f"</{value}>")
    return parts


def sections(html: str, title: str) -> list[Section]:
    """The search sections of a page's HTML; `title` (escaped HTML) names a first part that has
    no heading of its own."""
    return [Section(part.anchor, "".join(part.title).strip() if part.title else title, "".join(part.text).strip())
            for part in _parts(html) if not part.excluded]
