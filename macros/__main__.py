"""`python -m macros [causes.yaml]`: validate a knowledge base, print every problem, exit 1 if any.
`python -m macros review [causes.yaml] [--today YYYY-MM-DD]`: list the causes due for review.
`python -m macros generate OUT_DIR [--config mkdocs.yml]`: write every file the site generates."""

import sys
from pathlib import Path

from . import generate, review
from .validate import load_or_report


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "causes.yaml")
    kb = load_or_report(path)
    if kb is None:
        return 1
    print(f"{path}: OK, {len(kb.causes)} causes, {len(kb.tree.nodes)} questions")
    return 0


COMMANDS = {"review": review.main, "generate": generate.main}
args = sys.argv[1:]
sys.exit(COMMANDS[args[0]](args[1:]) if args[:1] and args[0] in COMMANDS else main(args))
