"""MkDocs hooks: the thin glue between the knowledge base and the MkDocs build.

on_config   load and validate causes.yaml; any problem stops the build before site/ is touched
on_files    add the generated pages (no stub files in docs/)
on_page_content  give generated pages their table of contents
on_post_build    publish the JSON Schema
"""

from __future__ import annotations

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

from macros import knowledge_base  # noqa: E402
from macros.pages import generate, headings  # noqa: E402
from macros.problems import InvalidKnowledgeBase  # noqa: E402
from macros.validate import SCHEMA_PATH  # noqa: E402

_pages: dict = {}


@event_priority(100)  # before mkdocs-macros, whose macros read the knowledge base
def on_config(config):
    try:
        kb = knowledge_base(config)
    except InvalidKnowledgeBase as exc:
        raise PluginError(f"{exc}\nThe build stopped before writing anything to the site directory.") from None
    _pages.clear()
    _pages.update((page.src_uri, page) for page in generate(kb))


def on_files(files, config):
    for page in _pages.values():
        files.append(File.generated(config, page.src_uri, content=page.markdown()))
    return files


def on_page_content(html, page, config, files):
    if page.file.src_uri in _pages:
        page.toc = _toc(headings(html))
    return html


def on_post_build(config):
    target = Path(config.site_dir) / "schema" / SCHEMA_PATH.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(SCHEMA_PATH.read_bytes())


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
