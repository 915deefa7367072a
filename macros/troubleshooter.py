"""The decision tree as the troubleshooter uses it: the data its script walks, and the same
tree as a nested outline of links for readers without JavaScript (and the flowchart's text version).

Every step of the troubleshooter has an address made of ids, which support agents paste into
tickets: #path=<question>:<answer>/<question>:<answer> (the answers given), &cause=<cause id>
(the likely cause shown) and &outcome=fixed|support (see step_address)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


from .links import absolute, cause_link, relative
from .model import PLATFORMS, KnowledgeBase, Node

LEGACY = Path(__file__).with_name("troubleshooter-legacy.json")
"""The tree as #answers= links (answers by position) addressed it before steps had ids: frozen,
so such links keep opening the step they meant (docs/assets/javascripts/troubleshooter.js)."""


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


def step_address(steps, cause: str | None = None, outcome: str = "") -> str:
    """The address of the troubleshooter step reached by `steps` ((question id, answer id) pairs
    from the start), showing `cause` (or none) with `outcome` ("", "fixed" or "support"): as
    docs/assets/javascripts/step-address.js writes it; both are tested against the vectors of
    tests/data/step-addresses.json."""
    if not steps:
        return "#start"
    path = "/".join(f"{question}:{answer}" for question, answer in steps)
    return f"#path={path}" + (f"&cause={cause}" if cause else "") + (f"&outcome={outcome}" if outcome else "")


def legacy() -> list[dict]:
    """The versions of the tree that positional #answers= links addressed (see LEGACY)."""
    return json.loads(LEGACY.read_text(encoding="utf-8"))["versions"]


def data(kb: KnowledgeBase, page_url: str, site_url: str) -> dict:
    """What the troubleshooter script needs, embedded in the page as JSON: the questions, each
    cause's title, page and when to escalate (and, for the hand-off to Apple Support, where it
    backs up, its canonical link and its first fix), the retired cause ids (old step links name
    them), the tree as old positional links addressed it, and the page's canonical address (for
    copied step links). Result cards are rendered HTML beside it."""
    return {
        "canonical": absolute(site_url, page_url),
        "start": kb.tree.start,
        "questions": {
            node.id: {
                "question": node.question,
                "help": node.help,
                "answers": [
                    {"id": a.id, "label": a.label, **({"next": a.next} if a.next else {"causes": list(a.causes)})}
                    for a in node.answers
                ],
            }
            for node in kb.tree.nodes.values()
        },
        "legacy": legacy(),
        "aliases": kb.aliases,
        "causes": {
            cause.id: {"title": cause.title, "url": relative(cause.url, page_url), "escalate": cause.escalate,
                       "where": [PLATFORMS[p] for p in cause.where], "link": cause_link(site_url, cause),
                       "fix": cause.fixes[0].title}
            for cause in kb.causes.values()
        },
    }
