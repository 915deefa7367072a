"""`python -m macros [causes.yaml]`: validate a knowledge base, print every problem, exit 1 if any.
`python -m macros review [causes.yaml] [--today YYYY-MM-DD]`: list the causes due for review."""

import sys
from pathlib import Path

from . import review
from .validate import load_or_report


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "causes.yaml")
    kb = load_or_report(path)
    if kb is None:
        return 1
    print(f"{path}: OK, {len(kb.causes)} causes, {len(kb.tree.nodes)} questions")
    return 0


args = sys.argv[1:]
sys.exit(review.main(args[1:]) if args[:1] == ["review"] else main(args))
