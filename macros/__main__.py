"""`python -m macros [causes.yaml]`: validate a knowledge base, print every problem, exit 1 if any.
`python -m macros review [causes.yaml] [--today YYYY-MM-DD]`: list the causes due for review."""

import sys
from pathlib import Path

from . import review
from .problems import InvalidKnowledgeBase
from .validate import load_knowledge_base


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "causes.yaml")
    try:
        kb = load_knowledge_base(path)
    except InvalidKnowledgeBase as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{path}: OK, {len(kb.causes)} causes, {len(kb.tree.nodes)} questions")
    return 0


args = sys.argv[1:]
sys.exit(review.main(args[1:]) if args[:1] == ["review"] else main(args))
