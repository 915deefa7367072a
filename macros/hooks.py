"""MkDocs hooks: the thin glue between the knowledge base and the MkDocs build.

on_config   load and validate causes.yaml (any problem stops the build before site/ is touched),
            give mkdocs-redirects a redirect for each retired cause id, and say (at info level,
            so --strict still passes) when causes are due for review
on_files    add the generated pages (front matter only, so the Markdown step has nothing to
            convert), /causes.json and the JSON Schemas (no stub files in docs/)
on_pre_page      date pages by their review date, not the build date (reproducible sitemap)
on_page_content  put a generated page's ready HTML body in place, with its table of contents
on_post_build    add the extra search fields of cause pages to the search index
"""

from __future__ import annotations

import datetime
import logging
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# `mkdocs serve` reloads this file on every rebuild: drop the cached package so edits to
# macros/ take effect without a restart.
for _name in [m for m in sys.modules if m == "macros" or m.startswith("macros.")]:
    del sys.modules[_name]

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.structure.toc import AnchorLink, TableOfContents  # noqa: E402

from macros import export, knowledge_base, review  # noqa: E402
from macros.pages import anchor_ids, generate, headings, redirects, review_dates  # noqa: E402
from macros.problems import InvalidKnowledgeBase  # noqa: E402
from macros.search import add_fields  # noqa: E402
from macros.validate import SCHEMA_PATH  # noqa: E402

_pages: dict = {}
_state: dict = {}
log = logging.getLogger("mkdocs.hooks.backup_help")


@event_priority(100)  # before mkdocs-macros, whose macros read the knowledge base
def on_config(config):
    try:
        kb = knowledge_base(config)
    except InvalidKnowledgeBase as exc:
        raise PluginError(f"{exc}\nThe build stopped before writing anything to the site directory.") from None
    if not config.site_url:
        raise PluginError("site_url is empty: set it in mkdocs.yml or with BACKUP_HELP_SITE_URL; ticket links need it.")
    repository = (config.extra or {}).get("repository", "")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repository):
        raise PluginError("extra.repository in mkdocs.yml must be the GitHub repository (https://github.com/OWNER/NAME); "
                          "cause pages link to its issue form to report outdated steps.")
    due = review.notice(kb, datetime.date.today())
    if due:
        log.info(due)
    retired = redirects(kb)
    if retired:
        if "redirects" not in config.plugins:
            raise PluginError("causes.yaml has aliases but the redirects plugin is not in mkdocs.yml")
        config.plugins["redirects"].config["redirect_maps"].update(retired)
    _pages.clear()
    _pages.update((page.src_uri, page) for page in generate(kb, config.site_url, repository))
    _state.update(kb=kb, dates=review_dates(kb))


@event_priority(50)  # before mkdocs-redirects looks for the pages its redirects point at
def on_files(files, config):
    for page in _pages.values():
        files.append(File.generated(config, page.src_uri, content=page.source()))
    files.append(File.generated(config, "causes.json", content=export.causes_json(_state["kb"], config.site_url)))
    for schema in (SCHEMA_PATH, export.SCHEMA_PATH):
        files.append(File.generated(config, f"schema/{schema.name}", abs_src_path=str(schema)))
    return files


def on_pre_page(page, config, files):
    dates, newest = _state["dates"]
    page.update_date = dates.get(page.file.src_uri, newest)
    return page


def on_page_content(html, page, config, files):
    generated = _pages.get(page.file.src_uri)
    if generated is None:
        return html
    page.toc = _toc(headings(generated.body))
    page.present_anchor_ids = anchor_ids(generated.body)  # for MkDocs' check of links to #anchors
    return generated.body


@event_priority(-50)  # after Material's search plugin has written its index
def on_post_build(config):
    add_fields(config.site_dir, {page.url: page.search_fields for page in _pages.values() if page.search_fields})


def _toc(found: list[tuple[int, str, str]]) -> TableOfContents:
    """h2 entries with their h3 children."""
    items: list[AnchorLink] = []
    for level, ident, title in found:
        link = AnchorLink(title, ident, level)
        if level == 3 and items:
            items[-1].children.append(link)
        else:
            items.append(link)
    return TableOfContents(items)
