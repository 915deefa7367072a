"""The plain-text replies a support agent pastes into a ticket.

`reply()` is the reply for one cause: the cause page's "Link this in a ticket" box, `reply` in
/causes.json, and each cause on the agents page (which reads it from /causes.json). The agents
page also puts together one reply for its top causes, from the same fields of /causes.json, with
the wording of `COMBINED` (rendered into the page; docs/assets/javascripts/agents.js). Every
line label of a reply is defined here, once.
"""

from __future__ import annotations

from .links import cause_link, fix_link
from .model import DEVICES, Cause

FIRST_FIX = "What to try first: "
STEP_BY_STEP = "Step by step: "
OTHER_FIXES = "Other fixes if that does not help: "

COMBINED = {
    "intro": "From what you describe, the backup most likely fails for one of these reasons. Try these in order:",
    "first_fix": FIRST_FIX,
    "step_by_step": STEP_BY_STEP,
    "other_fixes": OTHER_FIXES,
    "outro": "If the backup still fails after these, tell us which steps you tried and the exact message your "
             "iPhone or computer shows.",
}
"""Wording of the reply for several causes. Per cause, numbered in order: its title, summary, the
title of its first fix, that fix's link, and the page's link when it has other fixes."""


def reply(cause: Cause, site_url: str) -> str:
    """Summary, the first fix with its steps, and canonical links: plain text, no markup."""
    fix = cause.fixes[0]
    heading = f"{FIRST_FIX}{fix.title}"
    if fix.per_platform:
        where = DEVICES[next(iter(fix.steps))]
        heading += f" ({where[0].lower()}{where[1:]})"
    lines = [cause.title, "", cause.summary, "", heading]
    lines += [f"{n}. {step}" for n, step in enumerate(fix.first_steps, 1)]
    lines += ["", f"{STEP_BY_STEP}{fix_link(site_url, cause, fix)}"]
    if len(cause.fixes) > 1:
        lines.append(f"{OTHER_FIXES}{cause_link(site_url, cause)}")
    return "\n".join(lines)
