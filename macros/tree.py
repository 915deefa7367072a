"""The decision tree as Mermaid flowcharts: an overview of the first question, then one
diagram per branch it opens (iCloud, computer, ...), so each stays readable as the tree grows."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from .model import Answer, KnowledgeBase, Node

CONFIG = "---\nconfig:\n  flowchart:\n    useMaxWidth: false\n---\n"
"""Mermaid front matter: draw at natural size; the page scrolls a wide diagram in its box."""


@dataclass(frozen=True)
class Branch:
    """A part of the flowchart: the question `root` and everything after it."""

    root: str
    labels: tuple[str, ...]  # the answers to the first question that lead here

    @property
    def anchor(self) -> str:
        return f"part-{self.root}"


def mermaid_label(text: str) -> str:
    """Text safe inside a quoted Mermaid label: Mermaid entity codes for its special characters."""
    codes = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
    return "".join(codes.get(ch, ch) for ch in " ".join(text.split()))


def reachable_questions(kb: KnowledgeBase, root: str | None = None) -> list[str]:
    """Question ids in breadth-first order from `root` (default: the start)."""
    order, queue = [], [root or kb.tree.start]
    while queue:
        node_id = queue.pop(0)
        if node_id in order:
            continue
        order.append(node_id)
        queue.extend(a.next for a in kb.tree.nodes[node_id].answers if a.next)
    return order


def branches(kb: KnowledgeBase) -> list[Branch]:
    """The parts the first question opens, in answer order; answers sharing a next question share a part."""
    labels: dict[str, list[str]] = {}
    for answer in kb.tree.nodes[kb.tree.start].answers:
        if answer.next:
            labels.setdefault(answer.next, []).append(answer.label)
    return [Branch(root, tuple(found)) for root, found in labels.items()]


def overview(kb: KnowledgeBase, page_url: str) -> str:
    """The first question; each branch shows as its first question, linked to its part of the page."""
    diagram = _Diagram(kb, page_url)
    start = kb.tree.nodes[kb.tree.start]
    anchors = {b.root: b.anchor for b in branches(kb)}
    for answer in start.answers:
        if answer.next:
            stub = diagram.question(kb.tree.nodes[answer.next], href=f"#{anchors[answer.next]}")
            diagram.edge(diagram.question(start), answer.label, stub)
        else:
            diagram.ending(start, answer)
    return diagram.source()


def branch(kb: KnowledgeBase, page_url: str, part: Branch) -> str:
    """Every question reachable from the branch's root, with their answers and causes."""
    diagram = _Diagram(kb, page_url)
    for node_id in reachable_questions(kb, part.root):
        node = kb.tree.nodes[node_id]
        for answer in node.answers:
            if answer.next:
                diagram.edge(diagram.question(node), answer.label, diagram.question(kb.tree.nodes[answer.next]))
            else:
                diagram.ending(node, answer)
    return diagram.source()


class _Diagram:
    """Builds one `flowchart LR`: questions (boxes) once each, and a fresh cause node (rounded,
    a link) at every ending, so no edge crosses the diagram to reach a cause drawn elsewhere.
    Colours come from Material's Mermaid theme, which follows the light or dark scheme."""

    def __init__(self, kb: KnowledgeBase, page_url: str):
        self.kb, self.page_url = kb, page_url
        self.nodes: list[str] = []
        self.edges: list[str] = []
        self.links: list[str] = []  # one per cause node
        self.ids: dict[str, str] = {}
        self.lists = 0

    def question(self, node: Node, href: str = "") -> str:
        if node.id not in self.ids:
            ident = self.ids[node.id] = f"q{len(self.ids)}"
            self.nodes.append(f'  {ident}["{mermaid_label(node.question)}"]')
            if href:
                self.nodes.append(f'  click {ident} href "{href}"')
        return self.ids[node.id]

    def cause(self, cause_id: str) -> str:
        ident = f"c{len(self.links)}"
        cause = self.kb.causes[cause_id]
        self.nodes.append(f'  {ident}("{mermaid_label(cause.title)}")')
        self.links.append(f'  click {ident} href "{get_relative_url(cause.url, self.page_url)}"')
        return ident

    def edge(self, source: str, label: str, target: str) -> None:
        self.edges.append(f'  {source} -->|"{mermaid_label(label)}"| {target}')

    def ending(self, node: Node, answer: Answer) -> None:
        """An answer that ends on one cause, or on a numbered list of likely causes."""
        source = self.question(node)
        if len(answer.causes) == 1:
            self.edge(source, answer.label, self.cause(answer.causes[0]))
            return
        hub = f"l{self.lists}"
        self.lists += 1
        self.nodes.append(f'  {hub}(["Try in this order"])')
        self.edge(source, answer.label, hub)
        for number, cause_id in enumerate(answer.causes, 1):
            self.edge(hub, str(number), self.cause(cause_id))

    def source(self) -> str:
        return "\n".join([CONFIG + "flowchart LR", *self.nodes, *self.edges, *self.links])
