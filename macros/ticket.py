"""The plain-text replies a support agent pastes into a ticket.

`reply()` is the reply for one cause: the cause page's "Link this in a ticket" box, `reply` in
/causes.json, and each cause on the agents page (which reads it from /causes.json). The agents
page also gives one reply for its top causes: `combined()`, made of each cause's `reply_item()`
(`reply_item` in /causes.json) numbered in order between the intro and outro of `COMBINED`
(rendered into the page), which docs/assets/javascripts/agents.js only numbers and joins the
same way. Every line of a reply is written here, once.
"""

from __future__ import annotations

from .links import cause_link, fix_link
from .model import DEVICES, Cause, Fix

FIRST_FIX = "What to try first: "
STEP_BY_STEP = "Step by step: "
OTHER_FIXES = "Other fixes if that does not help: "

COMBINED = {
    "intro": "From what you describe, the backup most likely fails for one of these reasons. Try these in order:",
    "outro": "If the backup still fails after these, tell us which steps you tried and the exact message your "
             "iPhone or computer shows.",
}
"""Wording around the causes of a reply for several causes (see combined())."""


def first_fix(fix: Fix) -> str:
    """The line that names a cause's first fix, with where its steps are done when they are for
    one device (" (on a Mac)")."""
    heading = f"{FIRST_FIX}{fix.title}"
    if fix.per_platform:
        where = DEVICES[next(iter(fix.steps))]
        heading += f" ({where[0].lower()}{where[1:]})"
    return heading


def reply(cause: Cause, site_url: str) -> str:
    """Summary, the first fix with its steps, and canonical links: plain text, no markup."""
    fix = cause.fixes[0]
    lines = [cause.title, "", cause.summary, "", first_fix(fix)]
    lines += [f"{n}. {step}" for n, step in enumerate(fix.first_steps, 1)]
    lines += ["", f"{STEP_BY_STEP}{fix_link(site_url, cause, fix)}"]
    if len(cause.fixes) > 1:
        lines.append(f"{OTHER_FIXES}{cause_link(site_url, cause)}")
    return "\n".join(lines)


def reply_item(cause: Cause, site_url: str) -> str:
    """A cause's part of a reply for several causes: its title, summary, first fix and that fix's
    link, and the page's link when it has other fixes. Plain text."""
    fix = cause.fixes[0]
    lines = [cause.title, cause.summary, first_fix(fix), f"{STEP_BY_STEP}{fix_link(site_url, cause, fix)}"]
    if len(cause.fixes) > 1:
        lines.append(f"{OTHER_FIXES}{cause_link(site_url, cause)}")
    return "\n".join(lines)


def combined(items: list[str]) -> str:
    """The reply for several causes, from their reply_item()s in order: the intro, each item
    numbered ("1. "), the outro, a blank line between each."""
    return "\n\n".join([COMBINED["intro"], *(f"{n}. {item}" for n, item in enumerate(items, 1)), COMBINED["outro"]])
