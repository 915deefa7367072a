"""Every file the site generates from causes.yaml, for any MkDocs-like builder, without MkDocs.

    causes/<id>/index.md and causes/, errors/, troubleshooter/, flowchart/, agents/   the pages
                          (front matter and ready HTML; macros/pages.py)
    causes/<old id>/index.html    a redirect page for each retired cause id
    causes.json, schema/*.json    for ticket tools (macros/export.py); causes/<id>.json, one cause
    search/...                    the site's search index (macros/search.py, macros/searchindex.py)
    sw.js, manifest.webmanifest   the service worker that keeps the site offline, and what installs
                                  it as an app (macros/offline.py); offline/, the page it shows
                                  offline for a page it does not keep

`python -m macros generate OUT_DIR` writes them next to (or into a copy of) docs/; MkDocs gets
the same files from macros/hooks.py. Problems in causes.yaml or mkdocs.yml stop it before
anything is written.
"""

from __future__ import annotations

import argparse
import sys
from html import escape
from pathlib import Path

from . import MACROS, export, handwritten, knowledge_base, offline, pages, search, validate
from .config import ConfigError, SiteConfig, read
from .model import KnowledgeBase
from .problems import InvalidKnowledgeBase

SCHEMAS = (validate.SCHEMA_PATH, export.SCHEMA_PATH)
"""Published under schema/: the schema of causes.yaml and that of /causes.json."""


def site_files(kb: KnowledgeBase, config: SiteConfig) -> dict[str, str]:
    """Every generated file's text, by its path in the site."""
    config.check()
    generated = pages.generate(kb, config.site_url, config.repository)
    files = {page.src_uri: page.source() for page in generated}
    files.update(pages.redirects(kb, config.site_url, config.content_security_policy))
    files["causes.json"] = export.causes_json(kb, config.site_url)
    files.update(export.cause_files(kb, config.site_url))
    files.update((f"schema/{schema.name}", schema.read_text(encoding="utf-8")) for schema in SCHEMAS)
    written = handwritten.pages(config, kb, list(config.exclude_docs), MACROS)
    indexed = written + [search.IndexedPage(page.url, escape(page.title, quote=False), page.body, page.search)
                         for page in generated if page.search is not None]
    files.update(search.index_files(indexed, kb.vocabulary))
    sources = handwritten.sources(config, list(config.exclude_docs))
    kept = offline.plan(config, files, [page.url for page in generated], sources)
    if not kept.complete:  # the agents page says what works offline
        agents = pages.agents_page(kb, offline_whole=False)
        files[agents.src_uri] = agents.source()
    files.update(offline.files(config, files, kept))
    return files


def build(config_file: str | Path) -> tuple[KnowledgeBase, dict[str, str]]:
    """The knowledge base of the site configured by `config_file`, and its generated files;
    raises InvalidKnowledgeBase or ConfigError."""
    return (kb := knowledge_base(Path(config_file).resolve().parent)), site_files(kb, read(config_file))


def write(files: dict[str, str], out_dir: Path) -> None:
    for path, text in files.items():
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")


def main(argv: list[str]) -> int:
    """`python -m macros generate OUT_DIR`: write every generated file into OUT_DIR."""
    parser = argparse.ArgumentParser(prog="python -m macros generate", description=main.__doc__.split(": ", 1)[1])
    parser.add_argument("out_dir", type=Path, help="where to write (for a build: a copy of docs/)")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml); "
                        "causes.yaml beside it, or the file BACKUP_HELP_CAUSES names")
    args = parser.parse_args(argv)
    try:
        kb, files = build(args.config)
    except (InvalidKnowledgeBase, ConfigError) as exc:
        print(exc, file=sys.stderr)
        return 1
    write(files, args.out_dir)
    print(f"{args.out_dir}: {len(files)} files from {len(kb.causes)} causes")
    return 0
