"""backup-help: turns causes.yaml into the pages of the site.

Modules, in the order data flows: load (safe YAML) -> validate (schema + cross-checks) ->
model (typed records) -> tree / render (Jinja templates) -> pages (what is generated) ->
hooks (MkDocs events). This file holds the entry point both MkDocs hooks and
mkdocs-macros use, and `define_env`, the macros hand-written pages in docs/ may call.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from . import render
from .model import KnowledgeBase
from .validate import load_knowledge_base

CAUSES_ENV = "BACKUP_HELP_CAUSES"
"""Environment variable naming another causes file to build (benchmarks, tests)."""


def causes_path(config) -> Path:
    """causes.yaml beside mkdocs.yml, unless BACKUP_HELP_CAUSES names another file."""
    override = os.environ.get(CAUSES_ENV)
    if override:
        return Path(override).resolve()
    return Path(config["config_file_path"]).resolve().parent / "causes.yaml"


def knowledge_base(config) -> KnowledgeBase:
    """The validated knowledge base; parsed once per version of the file."""
    path = causes_path(config)
    try:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    return _load(path, key)


@lru_cache(maxsize=2)
def _load(path: Path, key) -> KnowledgeBase:
    return load_knowledge_base(path)


def define_env(env) -> None:
    """Macros for hand-written pages (rendered only where a page sets render_macros: true)."""
    @env.macro
    def cause_count() -> int:
        """How many causes the site covers."""
        return len(knowledge_base(env.conf).causes)

    @env.macro
    def cause_cards(likelihood: str = "common") -> str:
        """Cards for the causes of one likelihood, as HTML."""
        kb = knowledge_base(env.conf)
        causes = [c for c in kb.causes.values() if c.likelihood == likelihood]
        return render.cause_cards(kb, env.page.url, causes)
