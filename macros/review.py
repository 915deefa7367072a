"""The review cycle: which release each cause was checked for, and which causes are due.

A cause is due for review when it was last reviewed before the newest recorded release that
concerns it (iOS for every cause, macOS too for causes of Mac backups), or more than 12 months
ago. `make review` (`python -m macros review`) lists the causes due with their sources; the
build prints a one-line notice (never a warning: it must not fail `mkdocs build --strict`).
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import sys
from dataclasses import dataclass
from pathlib import Path

from .model import Cause, KnowledgeBase, Release
from .validate import load_or_report

MAX_AGE_MONTHS = 12


@dataclass(frozen=True)
class Due:
    """A cause that needs a review, and why."""

    cause: Cause
    reasons: tuple[str, ...]


def platforms(cause: Cause) -> tuple[str, ...]:
    """The platforms whose releases can change what the cause says."""
    return ("ios", "macos") if "mac" in cause.where else ("ios",)


def newest(kb: KnowledgeBase, platform: str, on_or_before: str | None = None) -> Release | None:
    """The newest recorded release of `platform`, optionally out on or before a date."""
    found = [r for r in kb.releases if r.platform == platform and (on_or_before is None or r.date <= on_or_before)]
    return found[-1] if found else None


def checked_for(kb: KnowledgeBase, cause: Cause) -> list[Release]:
    """The release of each platform the cause was last checked for: the newest out by its review date."""
    return [r for r in (newest(kb, p, cause.last_reviewed) for p in platforms(cause)) if r is not None]


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def due(kb: KnowledgeBase, today: datetime.date) -> list[Due]:
    """Causes due for review on `today`, in file order."""
    oldest_fresh = _months_before(today, MAX_AGE_MONTHS).isoformat()
    out = []
    for cause in kb.causes.values():
        reasons = []
        for platform in platforms(cause):
            latest = newest(kb, platform)
            if latest is not None and cause.last_reviewed < latest.date:
                reasons.append(f"reviewed before {latest.label} came out ({latest.date})")
        if cause.last_reviewed < oldest_fresh:
            reasons.append(f"reviewed more than {MAX_AGE_MONTHS} months ago")
        if reasons:
            out.append(Due(cause, tuple(reasons)))
    return out


def notice(kb: KnowledgeBase, today: datetime.date) -> str | None:
    """One line for the build log when causes are due, else None."""
    found = due(kb, today)
    if not found:
        return None
    names = ", ".join(d.cause.id for d in found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
    return (f"{len(found)} of {len(kb.causes)} causes are due for review ({names}); "
            "`make review` lists them with their sources.")


def report(kb: KnowledgeBase, today: datetime.date, filename: str) -> str:
    """The text `make review` prints."""
    latest = [r for r in (newest(kb, p) for p in ("ios", "macos")) if r is not None]
    against = ", ".join(f"{r.label} ({r.date})" for r in latest) or "no release recorded"
    found = due(kb, today)
    status = f"{len(found)} of {len(kb.causes)} causes due" if found else "no cause is due"
    head = (f"{filename}: {status} for review on {today.isoformat()} "
            f"(newest recorded releases: {against}; review at least every {MAX_AGE_MONTHS} months).")
    if not found:
        return head + "\n"
    lines = [head, ""]
    for item in found:
        cause = item.cause
        checked = " and ".join(r.label for r in checked_for(kb, cause)) or "no recorded release"
        lines += [
            f"{cause.id}: {cause.title}",
            f"  last reviewed {cause.last_reviewed}, checked for {checked}",
            f"  due: {'; '.join(item.reasons)}",
            "  sources:",
            *(f"    - {ref.title}\n      {ref.url}" for ref in cause.references),
            *(f"    - message \"{m.text}\": {m.source}" for m in cause.error_messages
              if m.source not in {ref.url for ref in cause.references}),
            "",
        ]
    lines.append("After checking a cause against its sources, set its last_reviewed to the day you checked it.")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """`python -m macros review`: print the report; 1 if the file is invalid."""
    parser = argparse.ArgumentParser(prog="python -m macros review", description=__doc__.splitlines()[0])
    parser.add_argument("causes", nargs="?", default="causes.yaml", help="the knowledge base (default: causes.yaml)")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=datetime.date.today(),
                        help="the day to judge from, YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    kb = load_or_report(Path(args.causes))
    if kb is not None:
        sys.stdout.write(report(kb, args.today, args.causes))
    return 0 if kb is not None else 1
