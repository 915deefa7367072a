"""The hand-written pages of docs/ as search sees them: rendered the way the site renders them
(their macros, then Markdown with the extensions mkdocs.yml lists), without MkDocs."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import jinja2
import markdown
import yaml

from .config import SiteConfig
from .model import KnowledgeBase
from .search import IndexedPage, PageSearch

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)(?:---|\.\.\.)\s*\n", re.DOTALL)


def page_url(path: str) -> str:
    """The URL (relative to the site root) of a Markdown file's page, as MkDocs gives it with
    directory URLs: 'index.md' -> '', 'about.md' -> 'about/', 'x/index.md' -> 'x/'."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def markdown_files(config: SiteConfig, excluded: list[str]) -> list[str]:
    """The Markdown files of the docs directory in the order MkDocs builds them (each folder's
    index first, then by name; folders after files), leaving out the `excluded` folders."""
    found = []

    def walk(folder: Path, prefix: str) -> None:
        names = sorted(p.name for p in folder.iterdir())
        files = sorted((n for n in names if (folder / n).is_file() and n.endswith(".md")),
                       key=lambda n: (n.rsplit(".", 1)[0] not in ("index", "README"), n))
        found.extend(prefix + n for n in files)
        for name in names:
            if (folder / name).is_dir() and not any((prefix + name + "/").startswith(e) for e in excluded):
                walk(folder / name, prefix + name + "/")

    walk(config.docs_dir, "")
    return found


def pages(config: SiteConfig, kb: KnowledgeBase, excluded: list[str], macros: dict) -> list[IndexedPage]:
    """Every hand-written page, rendered; `macros` are the functions its {{ }} may call, each
    given the knowledge base and the page's URL first (macros/__init__.py)."""
    names, settings = config.extensions
    converter = markdown.Markdown(extensions=names, extension_configs=settings)
    out = []
    for path in markdown_files(config, excluded):
        text = (config.docs_dir / path).read_text(encoding="utf-8")
        found = _FRONT_MATTER.match(text)
        meta = (yaml.safe_load(found.group(1)) or {}) if found else {}
        if meta.get("site_search") is False:  # a page for maintainers, not for someone whose backup fails
            continue
        body = text[found.end():] if found else text
        url = page_url(path)
        if meta.get("render_macros"):
            calls = {name: (lambda f: lambda *args, **kwargs: f(kb, url, *args, **kwargs))(f) for name, f in macros.items()}
            body = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(body).render(**calls)
        converter.reset()
        html = converter.convert(body)
        title = str(meta.get("title") or "")
        boost = (meta.get("search") or {}).get("boost")
        out.append(IndexedPage(url, escape(title, quote=False), html, PageSearch(boost=boost)))
    return out


def sources(config: SiteConfig, excluded: list[str]) -> dict[str, int]:
    """Every hand-written page's URL, with the size of its Markdown source."""
    return {page_url(path): (config.docs_dir / path).stat().st_size for path in markdown_files(config, excluded)}
