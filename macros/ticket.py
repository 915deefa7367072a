"""The plain-text reply a support agent pastes into a ticket for one cause."""

from __future__ import annotations

from .links import cause_link, fix_link
from .model import DEVICES, Cause


def reply(cause: Cause, site_url: str) -> str:
    """Summary, the first fix with its steps, and canonical links: plain text, no markup."""
    fix = cause.fixes[0]
    heading = f"What to try first: {fix.title}"
    if fix.per_platform:
        where = DEVICES[next(iter(fix.steps))]
        heading += f" ({where[0].lower()}{where[1:]})"
    lines = [cause.title, "", cause.summary, "", heading]
    lines += [f"{n}. {step}" for n, step in enumerate(fix.first_steps, 1)]
    lines += ["", f"Step by step: {fix_link(site_url, cause, fix)}"]
    if len(cause.fixes) > 1:
        lines.append(f"Other fixes if that does not help: {cause_link(site_url, cause)}")
    return "\n".join(lines)
