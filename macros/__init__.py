"""backup-help: turns causes.yaml into the files of the site.

Modules, in the order data flows: load (safe YAML) -> validate (schema + cross-checks) ->
model (typed records) -> tree / render (Jinja templates) -> pages, search, export (what is
generated) -> generate (every file, for any MkDocs-like builder; `python -m macros generate`)
-> hooks (the thin MkDocs adapter). This file holds the cached loading entry point and the
macros hand-written pages in docs/ may call (`define_env`, for mkdocs-macros).
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


def causes_path(project: str | Path) -> Path:
    """causes.yaml in the project's folder (where mkdocs.yml is), unless BACKUP_HELP_CAUSES names
    another file."""
    override = os.environ.get(CAUSES_ENV)
    if override:
        return Path(override).resolve()
    return Path(project).resolve() / "causes.yaml"


def knowledge_base(project: str | Path) -> KnowledgeBase:
    """The validated knowledge base of the project in folder `project`; parsed once per version
    of the file."""
    path = causes_path(project)
    try:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    return _load(path, key)


@lru_cache(maxsize=2)
def _load(path: Path, key) -> KnowledgeBase:
    return load_knowledge_base(path)


def _cause_count(kb: KnowledgeBase, page_url: str) -> int:
    """How many causes the site covers."""
    return len(kb.causes)


def _cause_cards(kb: KnowledgeBase, page_url: str, likelihood: str = "common") -> str:
    """Cards for the causes of one likelihood, as HTML."""
    return render.cause_cards(kb, page_url, [c for c in kb.causes.values() if c.likelihood == likelihood])


MACROS = {"cause_count": _cause_count, "cause_cards": _cause_cards}
"""The macros of hand-written pages (rendered only where a page sets render_macros: true), each
called with the knowledge base and the page's URL before its own arguments. mkdocs-macros calls
them through define_env; the generator, for the search index, directly (macros/handwritten.py)."""


def define_env(env) -> None:
    """mkdocs-macros' entry point (Zensical's macros too): each of MACROS, bound to the project and
    the page being rendered."""
    for name, macro in MACROS.items():
        def call(*args, _macro=macro, **kwargs):
            return _macro(knowledge_base(env.project_dir), env.page.url, *args, **kwargs)
        call.__doc__ = macro.__doc__
        env.macro(call, name)
