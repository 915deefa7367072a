"""Problems found in causes.yaml: values collected together and reported at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the checks know."""

    message: str
    path: tuple = ()
    owner: str = ""  # "cause 'x'" or "node 'y'" when the problem belongs to one
    line: int | None = None

    def format(self, filename: str) -> str:
        """Render as `file:line: cause 'x': field.path: message`."""
        where = f"{filename}:{self.line}" if self.line else filename
        parts = [where]
        if self.owner:
            parts.append(self.owner)
        if self.path:
            parts.append(format_path(self.path))
        return ": ".join(parts + [self.message])


class InvalidKnowledgeBase(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, filename: str, problems: list[Problem]):
        self.filename = filename
        self.problems = problems
        lines = [p.format(filename) for p in problems]
        super().__init__(
            f"{filename} has {len(problems)} problem{'s' if len(problems) != 1 else ''}:\n  " + "\n  ".join(lines)
        )


def format_path(path: tuple) -> str:
    """('causes', 3, 'fixes', 0, 'id') -> 'causes[3].fixes[0].id'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
