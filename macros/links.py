"""Absolute links to the published site, for tickets, causes.json and redirects.

Every one starts from MkDocs' `site_url` (mkdocs.yml; BACKUP_HELP_SITE_URL overrides it at
build time), so a link pasted into a ticket names the canonical host, not the one serving a
preview.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlencode, urljoin

from .model import Cause, Fix


def relative(target: str, page_url: str) -> str:
    """URL of a site path (like 'causes/x/') relative to the page at `page_url` (like 'errors/'):
    what MkDocs writes for a link between two pages, so every page works from any host and path."""
    base = page_url
    if base not in ("", "."):
        head, tail = posixpath.split(base)
        base = head if "." in tail else base
    found = posixpath.relpath("/" + target, "/" + base)
    return found + "/" if target.endswith("/") else found


def absolute(site_url: str, path: str) -> str:
    """`path` (relative to the site root, like 'causes/x/') on the canonical host."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def cause_link(site_url: str, cause: Cause) -> str:
    return absolute(site_url, cause.url)


def fix_link(site_url: str, cause: Cause, fix: Fix) -> str:
    return f"{cause_link(site_url, cause)}#{fix.id}"


REPORT_FORM = "outdated-step.yml"
"""The issue form (.github/ISSUE_TEMPLATE/) behind "Report an outdated step"; its field ids
`cause` and `page` are the query parameters GitHub prefills them from."""


def report_link(repository: str, site_url: str, cause: Cause) -> str:
    """The repository's "outdated step" issue form with the cause id and page address filled in."""
    query = urlencode({
        "template": REPORT_FORM,
        "title": f"Outdated step: {cause.title}",
        "cause": cause.id,
        "page": cause_link(site_url, cause),
    })
    return f"{repository.rstrip('/')}/issues/new?{query}"
