"""HTML for every generated page, from the Jinja templates in macros/templates/.

One autoescaping Jinja environment: every string that comes from causes.yaml is escaped.
Each function returns the body HTML of one page; links are relative to `page_url`.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path

import jinja2
import markupsafe

from . import errors, review, rules, search, ticket, tree, troubleshooter as ts
from .links import cause_link, fix_link, relative, report_link
from .model import DEVICES, LIKELIHOOD, PLATFORMS, SECTION_IDS, STEP_PLATFORMS, Cause, KnowledgeBase

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        auto_reload=False,  # an edited template is a new environment: macros/hooks.py imports the package afresh
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        PLATFORMS=PLATFORMS,
        STEP_PLATFORMS=STEP_PLATFORMS,
        LIKELIHOOD=LIKELIHOOD,
        DEVICES=DEVICES,
        SECTION=SECTION_IDS,
    )
    env.filters["long_date"] = _long_date
    env.filters["newlines"] = _newlines
    return env


def _newlines(text: str) -> markupsafe.Markup:
    """Escaped text whose line breaks are character references: they survive the removal of
    blank lines below and Markdown's raw-HTML handling, in element text and attributes alike."""
    return markupsafe.Markup(str(markupsafe.escape(text)).replace("\n", "&#10;"))


def _render(template: str, page_url: str, **context) -> str:
    def link(target: str) -> str:
        """URL of a site path (like 'causes/x/') relative to the page being rendered."""
        return relative(target, page_url)

    html = environment().get_template(template).render(link=link, **context)
    return "\n".join(line for line in html.splitlines() if line.strip())


def _long_date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def cause_page(kb: KnowledgeBase, cause: Cause, site_url: str, repository: str) -> str:
    """`repository` is the GitHub repository whose issue form takes reports of outdated steps."""
    related = [kb.causes[r] for r in cause.related]
    return _render(
        "cause.html.j2",
        cause.url,
        cause=cause,
        related=related,
        page_link=cause_link(site_url, cause),
        reply=ticket.reply(cause, site_url),
        fix_links=[(fix, fix_link(site_url, cause, fix)) for fix in cause.fixes],
        checked_for=review.checked_for(kb, cause),
        report_url=report_link(repository, site_url, cause),
        apple_sourced=any(rules.is_apple(ref.url) for ref in cause.references),
    )


def causes_index(kb: KnowledgeBase, page_url: str) -> str:
    groups = {
        platform: [c for c in kb.causes.values() if platform in c.where] for platform in PLATFORMS
    }
    return _render("causes.html.j2", page_url, groups=groups)


def cause_cards(kb: KnowledgeBase, page_url: str, causes: list[Cause]) -> str:
    return _render("cards.html.j2", page_url, causes=causes)


def errors_index(kb: KnowledgeBase, page_url: str) -> str:
    return _render("errors.html.j2", page_url, groups=errors.index(kb), PAGE_ID=errors.PAGE_ID)


def flowchart(kb: KnowledgeBase, page_url: str) -> str:
    return _render(
        "flowchart.html.j2", page_url, chart=tree.chart(kb), nodes=kb.tree.nodes, causes=kb.causes,
        outline=ts.outline(kb), anchor_prefix="text-",
    )


def troubleshooter(kb: KnowledgeBase, page_url: str, site_url: str) -> str:
    return _render(
        "troubleshooter.html.j2", page_url, data=ts.data(kb, page_url, site_url), start=kb.tree.nodes[kb.tree.start],
        outline=ts.outline(kb), causes=kb.causes,
    )


def agents(kb: KnowledgeBase, page_url: str, offline_whole: bool = True) -> str:
    """The agents page: the tool and its views, and the wording of the reply for several causes;
    the causes themselves come from /causes.json when the page runs. `offline_whole`: whether the
    site's service worker keeps the whole site (macros/offline.py), which the page tells."""
    wording = {"reply": ticket.COMBINED, "where": PLATFORMS, "likelihood": LIKELIHOOD}
    return _render("agents.html.j2", page_url, worker=search.WORKER, wording=wording, offline_whole=offline_whole)


def offline(page_url: str) -> str:
    """The page the service worker shows offline for a page it does not keep."""
    return _render("offline.html.j2", page_url)


def redirect(cause: Cause, target: str, canonical: str, script: str, policy: str) -> str:
    """A whole HTML page that sends a retired id's address on to `target` (relative), #anchor kept
    by `script` (relative), under the site's Content-Security-Policy `policy`."""
    return environment().get_template("redirect.html.j2").render(cause=cause, target=target, canonical=canonical,
                                                                 script=script, policy=policy)


def service_worker(version: str, prefix: str, plan, offline: str) -> str:
    """sw.js: the service worker of the version `version` of the site, keeping what `plan`
    (macros/offline.py Plan) says, in the cache `prefix` + version; `offline` is the page it
    answers offline for a page it does not keep."""
    return environment().get_template("sw.js.j2").render(version=version, prefix=prefix, plan=plan, offline=offline)
