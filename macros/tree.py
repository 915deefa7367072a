"""The decision tree as /flowchart/ draws it: the first question on its own, then one part per
branch it opens (iCloud, computer, ...), each a top-down tree of boxes whose layout is left to
the browser's CSS (macros/templates/flowchart.html.j2, .bh-chart in site.css).

Questions are numbered Q1, Q2, ... in page order, so that a question reached a second time and a
cause reached from several questions can say where else they are drawn."""

from __future__ import annotations

from dataclasses import dataclass

from .model import KnowledgeBase
from .troubleshooter import OutlineQuestion, outline


@dataclass(frozen=True)
class Branch:
    """A part of the flowchart: the question `root` and everything after it."""

    root: str
    labels: tuple[str, ...]  # the answers to the first question that lead here

    @property
    def anchor(self) -> str:
        return f"part-{self.root}"


@dataclass(frozen=True)
class Chart:
    """The tree as drawn: each question written out once (the outline of the troubleshooter's
    text version), the parts the first question opens, and the Q-number of every question."""

    start: OutlineQuestion
    parts: tuple[tuple[Branch, OutlineQuestion], ...]
    numbers: dict[str, int]  # question id -> its number, in page order
    endings: dict[str, tuple[tuple[int, int], ...]]  # cause id -> (question number, answer index) of each answer ending on it

    def part_anchor(self, question_id: str) -> str:
        """Where an answer to the first question continues: its part, or the question's box
        when that question is drawn inside another part."""
        return next((b.anchor for b, _ in self.parts if b.root == question_id), f"q-{question_id}")

    def also_from(self, cause_id: str, question_id: str, index: int) -> list[int]:
        """Numbers of the other questions whose answers also end on this cause (a shared cause);
        this question's own number only when another of its answers is the only other way there."""
        here = self.numbers[question_id]
        others = {number for number, i in self.endings[cause_id] if (number, i) != (here, index)}
        return sorted(others - {here} or others)


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


def chart(kb: KnowledgeBase) -> Chart:
    """The flowchart of the knowledge base's decision tree."""
    start = outline(kb)
    numbers: dict[str, int] = {}
    endings: dict[str, list[tuple[int, int]]] = {}

    def visit(question: OutlineQuestion) -> None:
        number = numbers[question.node.id] = len(numbers) + 1
        for index, answer in enumerate(question.answers):
            for cause_id in answer.causes:
                endings.setdefault(cause_id, []).append((number, index))
            if answer.question:
                visit(answer.question)

    visit(start)
    written = {a.question.node.id: a.question for a in start.answers if a.question}
    parts = tuple((b, written[b.root]) for b in branches(kb) if b.root in written)
    return Chart(start, parts, numbers, {c: tuple(found) for c, found in endings.items()})
