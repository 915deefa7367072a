"""MkDocs hooks: the thin adapter between the site generator and an MkDocs build.

on_config   import the macros package afresh if any of its files changed (`make serve` picks up
            edits to macros/*.py, templates and schemas), then run the generator
            (macros/generate.py): any problem in causes.yaml or mkdocs.yml stops the build before
            site/ is touched; date the build by the newest review (SOURCE_DATE_EPOCH, unless set:
            MkDocs stamps sitemap.xml.gz with it), never by the clock; say (at info level, so
            --strict still passes) when causes are due for review
on_files    add the generated files to the build, as if they were in docs/
on_page_markdown, on_page_content
            a shortcut for generated pages: Markdown gets only their headings (for the table of
            contents and permalinks), and their ready HTML, which Markdown would pass through
            unchanged, is put back after it. Parsing that HTML is most of a large build's time.

That is all: the same files written by `python -m macros generate` into a copy of docs/ build
the same site with no hooks at all (tests/test_generator.py), shortcut or not.
"""

from __future__ import annotations

import calendar
import datetime
import importlib
import logging
import os
import re
import sys
from pathlib import Path
from types import SimpleNamespace

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "macros"

_state: dict = {}
_HEADING = re.compile(r"#{2,6} .* \{#[^{}]+\}")
"""A Markdown heading of a generated page (macros/pages.py markdown()); every other non-blank
line of a generated page is raw HTML."""
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
        _state["macros"] = SimpleNamespace(**{n: importlib.import_module(f"macros.{n}")
                                              for n in ("config", "generate", "problems", "review")})
    return _state["macros"]


@event_priority(100)  # before mkdocs-macros, whose macros read the knowledge base
def on_config(config):
    m = _macros()
    try:
        kb, _state["files"] = m.generate.build(config.config_file_path)
    except m.problems.InvalidKnowledgeBase as exc:
        raise PluginError(f"{exc}\nThe build stopped before writing anything to the site directory.") from None
    except m.config.ConfigError as exc:
        raise PluginError(str(exc)) from None
    newest = datetime.date.fromisoformat(max(cause.last_reviewed for cause in kb.causes.values()))
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(calendar.timegm(newest.timetuple())))
    canonical = m.config.read(config.config_file_path).site_url
    if canonical != config.site_url:  # `mkdocs serve` sets site_url to its own address
        log.info(f"Ticket links and causes.json name the published site, {canonical}, not this preview.")
    due = m.review.notice(kb, datetime.date.today())
    if due:
        log.info(due)


def on_files(files, config):
    for path, text in _state["files"].items():
        files.append(File.generated(config, path, content=text))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri not in _state["files"]:
        return markdown
    blocks = _state.setdefault("blocks", {})[page.file.src_uri] = []
    out, run = [], None
    for line in markdown.split("\n"):
        if _HEADING.fullmatch(line) or not line.strip():
            out.append(line)
            run = None
            continue
        if run is None:
            blocks.append(run := [])
            out += ["", f"bh-raw-{len(blocks) - 1}", ""]
        run.append(line)
    return "\n".join(out)


def on_page_content(html, page, config, files):
    blocks = _state.get("blocks", {}).pop(page.file.src_uri, None)
    if blocks is None:
        return html
    # Markdown writes a raw block followed by a newline, and strips the end of the page.
    return re.sub(r"<p>bh-raw-(\d+)</p>", lambda found: "\n".join(blocks[int(found.group(1))]) + "\n", html).strip()
