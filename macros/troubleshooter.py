"""The decision tree as the troubleshooter uses it: the data its script walks, and the same
tree as a nested outline of links for readers without JavaScript (and the flowchart's text version)."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from .model import KnowledgeBase, Node


@dataclass(frozen=True)
class OutlineAnswer:
    label: str
    question: "OutlineQuestion | None" = None  # the next question, written out here
    see: Node | None = None  # the next question, already written out higher up
    causes: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutlineQuestion:
    node: Node
    answers: tuple[OutlineAnswer, ...]

    @property
    def anchor(self) -> str:
        return f"q-{self.node.id}"


def outline(kb: KnowledgeBase) -> OutlineQuestion:
    """The tree from its start, depth first; a question reached a second time links to the first."""
    written: set[str] = set()

    def visit(node: Node) -> OutlineQuestion:
        written.add(node.id)
        answers = []
        for answer in node.answers:
            if not answer.next:
                answers.append(OutlineAnswer(answer.label, causes=answer.causes))
            elif answer.next in written:
                answers.append(OutlineAnswer(answer.label, see=kb.tree.nodes[answer.next]))
            else:
                answers.append(OutlineAnswer(answer.label, question=visit(kb.tree.nodes[answer.next])))
        return OutlineQuestion(node, tuple(answers))

    return visit(kb.tree.nodes[kb.tree.start])


def data(kb: KnowledgeBase, page_url: str) -> dict:
    """What the troubleshooter script needs, embedded in the page as JSON: the questions, and
    each cause's title, page and when to escalate. Result cards are rendered HTML beside it."""
    return {
        "start": kb.tree.start,
        "questions": {
            node.id: {
                "question": node.question,
                "help": node.help,
                "answers": [
                    {"label": a.label, "next": a.next} if a.next else {"label": a.label, "causes": list(a.causes)}
                    for a in node.answers
                ],
            }
            for node in kb.tree.nodes.values()
        },
        "causes": {
            cause.id: {"title": cause.title, "url": get_relative_url(cause.url, page_url), "escalate": cause.escalate}
            for cause in kb.causes.values()
        },
    }
