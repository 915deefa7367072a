"""MkDocs hooks: the thin glue between the knowledge base and the MkDocs build.

on_startup  note whether this is `mkdocs serve` (whose site_url is the preview's address)
on_config   import the macros package afresh if any of its files changed (`make serve` picks up
            edits to macros/*.py, templates and schemas), load and validate causes.yaml (any
            problem stops the build before site/ is touched), give mkdocs-redirects a redirect for each retired cause id, and say (at info level,
            so --strict still passes) when causes are due for review
on_files    add the generated pages (front matter only, so the Markdown step has nothing to
            convert), /causes.json and the JSON Schemas (no stub files in docs/)
on_pre_page      date pages by their review date, not the build date (reproducible sitemap)
on_page_content  put a generated page's ready HTML body in place, with its table of contents
on_post_page, on_post_template   point Material's search box at the site's own search worker
on_post_build    add the extra search fields of cause pages and the vocabulary to the search index
"""

from __future__ import annotations

import datetime
import importlib
import logging
import re
import sys
from pathlib import Path
from types import SimpleNamespace

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import AnchorLink, TableOfContents

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "macros"

_pages: dict = {}
_state: dict = {}
log = logging.getLogger("mkdocs.hooks.backup_help")


def _macros() -> SimpleNamespace:
    """The modules of the macros package, imported afresh whenever a file of the package changed.

    MkDocs loads this hooks file once per process, so under `make serve` (which rebuilds in the
    same process) edits to macros/*.py, the templates and the schemas would otherwise wait for a
    restart. This file itself is not reloaded: an edit here, or a new event, needs a restart."""
    stamp = sorted((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in PACKAGE.rglob("*")
                   if f.is_file() and "__pycache__" not in f.parts)
    if str(ROOT) not in sys.path:  # MkDocs restores sys.path after loading this file
        sys.path.insert(0, str(ROOT))
    if stamp != _state.get("stamp"):
        for name in [m for m in sys.modules if m == "macros" or m.startswith("macros.")]:
            del sys.modules[name]
        importlib.invalidate_caches()
        _state["stamp"] = stamp
        names = ("export", "links", "pages", "problems", "review", "search", "validate")
        _state["macros"] = SimpleNamespace(root=importlib.import_module("macros"),
                                           **{n: importlib.import_module(f"macros.{n}") for n in names})
    return _state["macros"]


def on_startup(command, dirty):
    _state["command"] = command


@event_priority(100)  # before mkdocs-macros, whose macros read the knowledge base
def on_config(config):
    m = _macros()
    try:
        kb = m.root.knowledge_base(config)
    except m.problems.InvalidKnowledgeBase as exc:
        raise PluginError(f"{exc}\nThe build stopped before writing anything to the site directory.") from None
    # `mkdocs serve` sets site_url to its own address; ticket links and /causes.json keep the canonical one.
    site_url = m.links.configured_site_url(config.config_file_path) if _state.get("command") == "serve" else config.site_url
    if not site_url:
        raise PluginError("site_url is empty: set it in mkdocs.yml or with BACKUP_HELP_SITE_URL; ticket links need it.")
    if site_url != config.site_url:
        log.info(f"Ticket links and causes.json name the published site, {site_url}, not this preview.")
    repository = (config.extra or {}).get("repository", "")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repository):
        raise PluginError("extra.repository in mkdocs.yml must be the GitHub repository (https://github.com/OWNER/NAME); "
                          "cause pages link to its issue form to report outdated steps.")
    due = m.review.notice(kb, datetime.date.today())
    if due:
        log.info(due)
    retired = m.pages.redirects(kb)
    if retired:
        if "redirects" not in config.plugins:
            raise PluginError("causes.yaml has aliases but the redirects plugin is not in mkdocs.yml")
        config.plugins["redirects"].config["redirect_maps"].update(retired)
    _pages.clear()
    _pages.update((page.src_uri, page) for page in m.pages.generate(kb, site_url, repository))
    _state.update(kb=kb, dates=m.pages.review_dates(kb), site_url=site_url)


@event_priority(50)  # before mkdocs-redirects looks for the pages its redirects point at
def on_files(files, config):
    m = _state["macros"]
    for page in _pages.values():
        files.append(File.generated(config, page.src_uri, content=page.source()))
    files.append(File.generated(config, "causes.json", content=m.export.causes_json(_state["kb"], _state["site_url"])))
    for schema in (m.validate.SCHEMA_PATH, m.export.SCHEMA_PATH):
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
    m = _state["macros"]
    page.toc = _toc(m.pages.headings(generated.body))
    page.present_anchor_ids = m.pages.anchor_ids(generated.body)  # for MkDocs' check of links to #anchors
    return generated.body


def on_post_page(output, page, config):
    return _state["macros"].search.use_search_worker(output)


def on_post_template(output_content, template_name, config):  # 404.html
    return _state["macros"].search.use_search_worker(output_content)


@event_priority(-50)  # after Material's search plugin has written its index
def on_post_build(config):
    fields = {page.url: page.search_fields for page in _pages.values() if page.search_fields}
    _state["macros"].search.add_fields(config.site_dir, fields, _state["kb"])


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
