"""The vendored libraries as shipped: npm's file with its comment-only and blank lines left out
(they are most of MiniSearch's bytes, and every visitor who searches would download them).

    python tests/vendored.py minisearch     rewrite docs/assets/vendor/minisearch/index.js from npm's
                                            file, kept in tests/data/vendor/minisearch/

A line is dropped only when it is wholly comment: it starts with `//`, or lies in a `/* ... */`
that starts at the beginning of a line and ends at the end of one. Code and its indentation stay as
published, so a shipped line is npm's line. tests/test_supply_chain.py checks that the kept file is
the one npm published (its sha256 in VERSION) and that the shipped file is exactly this of it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEPT = ROOT / "tests" / "data" / "vendor"
VENDOR = ROOT / "docs" / "assets" / "vendor"


def without_comments(text: str) -> str:
    """The text without its comment-only and blank lines (and so without a sourceMappingURL line);
    ValueError where a comment shares a line with code, which this does not take apart."""
    kept, in_comment = [], False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if in_comment or stripped.startswith("/*"):
            end = stripped.find("*/", 0 if in_comment else 2)
            if end != -1 and stripped[end + 2:]:
                raise ValueError(f"line {number}: code after a comment")
            in_comment = end == -1
        elif stripped and not stripped.startswith("//"):
            kept.append(line)
    return "\n".join(kept) + "\n"


def main(library: str) -> None:
    original = (KEPT / library / "index.js").read_text(encoding="utf-8")
    (VENDOR / library / "index.js").write_text(without_comments(original), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main(sys.argv[1])
