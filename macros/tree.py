"""The decision tree as a Mermaid flowchart (and, for other views, as plain walks)."""

from __future__ import annotations

from mkdocs.utils import get_relative_url

from .model import KnowledgeBase


def mermaid_label(text: str) -> str:
    """Text safe inside a quoted Mermaid label: Mermaid entity codes for its special characters."""
    codes = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
    return "".join(codes.get(ch, ch) for ch in " ".join(text.split()))


def reachable_questions(kb: KnowledgeBase) -> list[str]:
    """Question ids in breadth-first order from the start."""
    order, queue = [], [kb.tree.start]
    while queue:
        node_id = queue.pop(0)
        if node_id in order:
            continue
        order.append(node_id)
        queue.extend(a.next for a in kb.tree.nodes[node_id].answers if a.next)
    return order


def to_mermaid(kb: KnowledgeBase, page_url: str) -> str:
    """`flowchart TD` source: questions as boxes, causes as rounded links to their pages."""
    questions = reachable_questions(kb)
    qid = {node_id: f"q{i}" for i, node_id in enumerate(questions)}
    cid = {cause_id: f"c{i}" for i, cause_id in enumerate(kb.causes)}
    lines = ["flowchart TD"]
    for node_id in questions:
        node = kb.tree.nodes[node_id]
        lines.append(f'  {qid[node_id]}{{"{mermaid_label(node.question)}"}}')
    lists = 0
    for node_id in questions:
        for answer in kb.tree.nodes[node_id].answers:
            label = f'|"{mermaid_label(answer.label)}"|'
            if answer.next:
                lines.append(f"  {qid[node_id]} -->{label} {qid[answer.next]}")
            elif len(answer.causes) == 1:
                lines.append(f"  {qid[node_id]} -->{label} {cid[answer.causes[0]]}")
            else:
                list_id = f"l{lists}"
                lists += 1
                lines.append(f'  {list_id}(["Try in this order"])')
                lines.append(f"  {qid[node_id]} -->{label} {list_id}")
                lines += [f'  {list_id} -->|"{n}"| {cid[c]}' for n, c in enumerate(answer.causes, 1)]
    for cause in kb.causes.values():
        lines.append(f'  {cid[cause.id]}("{mermaid_label(cause.title)}")')
        href = get_relative_url(cause.url, page_url)
        lines.append(f'  click {cid[cause.id]} href "{href}"')
    lines.append("  classDef cause fill:#e8f1fb,stroke:#1565c0,color:#0d2a4a")
    lines.append(f"  class {','.join(cid.values())} cause")
    return "\n".join(lines)
