"""The review cycle: which release each cause was checked for, and which causes are due.

Each cause records in causes.yaml `checked_for` the iOS release (and, for a cause with a Mac
side, the macOS release) its steps were compared with; nothing here infers it from dates. A cause
is due for review while a newer release of one of its platforms is recorded in `releases`, or
when it was last reviewed more than 12 months ago. `make review` (`python -m macros review`)
lists the causes due, with the release each still needs, the note on its last check and its
sources; the build prints a one-line notice (never a warning: it must not fail
`mkdocs build --strict`).
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
    """A cause that needs a review: why, and the releases it still has to be checked against."""

    cause: Cause
    reasons: tuple[str, ...]
    needs: tuple[Release, ...] = ()


def platforms(cause: Cause) -> tuple[str, ...]:
    """The platforms whose releases can change what the cause says."""
    return ("ios", "macos") if "mac" in cause.where else ("ios",)


def newest(kb: KnowledgeBase, platform: str) -> Release | None:
    """The newest recorded release of `platform`."""
    found = [r for r in kb.releases if r.platform == platform]
    return found[-1] if found else None


def recorded(kb: KnowledgeBase, cause: Cause, platform: str) -> Release | None:
    """The release of `platform` the cause records it was checked against (validation makes sure
    it is one of `releases`)."""
    version = cause.checked_for.versions.get(platform)
    return next((r for r in kb.releases if r.platform == platform and r.version == version), None)


def checked_for(kb: KnowledgeBase, cause: Cause) -> list[Release]:
    """The releases the cause was checked for, as its record says: iOS, then macOS for Mac causes."""
    return [r for r in (recorded(kb, cause, p) for p in platforms(cause)) if r is not None]


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def due(kb: KnowledgeBase, today: datetime.date) -> list[Due]:
    """Causes due for review on `today`, in file order."""
    oldest_fresh = _months_before(today, MAX_AGE_MONTHS).isoformat()
    out = []
    for cause in kb.causes.values():
        reasons, needs = [], []
        for platform in platforms(cause):
            latest, record = newest(kb, platform), recorded(kb, cause, platform)
            if latest is not None and (record is None or record.date < latest.date):
                needs.append(latest)
                have = f"checked for {record.label}" if record else "no check recorded"
                reasons.append(f"{have}; not yet checked against {latest.label} (out {latest.date})")
        if cause.last_reviewed < oldest_fresh:
            reasons.append(f"reviewed more than {MAX_AGE_MONTHS} months ago ({cause.last_reviewed})")
        if reasons:
            out.append(Due(cause, tuple(reasons), tuple(needs)))
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
        needs = " and ".join(f"{r.label} ({r.source})" for r in item.needs)
        lines += [
            f"{cause.id}: {cause.title}",
            f"  last reviewed {cause.last_reviewed}, checked for {checked}",
            f"  due: {'; '.join(item.reasons)}",
            *([f"  still needs: {needs}"] if needs else []),
            *([f"  note on the last check: {cause.checked_for.note}"] if cause.checked_for.note else []),
            "  sources:",
            *(f"    - {ref.title}\n      {ref.url}" for ref in cause.references),
            *(f"    - message \"{m.text}\": {m.source}" for m in cause.error_messages
              if m.source not in {ref.url for ref in cause.references}),
            "",
        ]
    lines.append("After comparing a cause's steps with a release's sources, record that release in the "
                 "cause's checked_for and set last_reviewed to the day you checked.")
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
