"""The site offline and installed: its service worker (sw.js, at the site root) and its web app
manifest (manifest.webmanifest), written by the generator with every other file it writes.

The service worker (macros/templates/sw.js.j2) keeps one version of the site in the browser's
Cache Storage, in a cache of its own (`backup-help-<VERSION>`). VERSION is a hash of everything
the build serves that the generator can see (version()): a new deploy is a new sw.js, whose new
cache is filled whole before it takes over, and the old cache is deleted when it does; a page is
served by one version from start to end (the rules are in the template).

What a version keeps (plan()), fetched in the background once the first page has loaded:

- always, the CORE: the site's scripts, styles and icons (docs/assets: the search engine among
  them), the theme's (found at install in the core pages that name them), the web app manifest,
  the parts of the search index every search needs (search/manifest.json, search/lengths.json,
  and search/search_index.json, which Material's search box fetches on every page), and the
  core pages: the home page, every hand-written page, the agents page, the offline page and 404;
- and, when the whole site is estimated at BUDGET bytes or less, everything else: every page,
  each cause's entry (causes/<id>.json, for the agents page) and the whole search index. The real
  site is far below it: after one visit, every page, search and the agents page work offline.
  A larger site (1,000 causes: some 40 MB; 10,000: some 550 MB) keeps the core, and every other
  file of the site as it is first used.
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import render
from .config import SiteConfig

WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
OFFLINE_PAGE = "offline/"
CACHE_PREFIX = "backup-help-"

BUDGET = 8_000_000
"""Bytes (uncompressed, as estimated by plan()) up to which a version keeps the whole site. The
real site, some 30 causes, is about 2.5 MB (under 1 MB as a static host compresses it); a site
three times larger still fits. Above it, a first visit would download more than anyone expects of
one help page, on a phone's data plan too."""

PAGE_OVERHEAD = 25_000
"""Bytes a page weighs beyond its own content (its source): the theme's header, navigation and
footer, about 20 KB on the real site's pages."""

ASSET_TYPES = (".js", ".css", ".svg", ".png", ".webp", ".ico", ".woff2")
"""Files of docs/ that pages load (docs/assets): everything else there (Markdown, licences,
version notes) is not fetched by a page."""

ICONS = (
    ("assets/favicon.svg", "any"),
    ("assets/icons/icon-192.png", "any"),
    ("assets/icons/icon-512.png", "any"),
    ("assets/icons/maskable-512.png", "maskable"),
)
"""The installed site's icons: the favicon, and PNGs made from it (`make icons`: tests/icons.py),
which Chrome asks for (192 and 512 pixels) and Android crops to its own shape (maskable)."""

RENDERERS = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "mkdocs-macros-plugin", "pymdown-extensions",
             "markdown", "pygments", "jinja2")
"""The packages that turn the generated files and docs/ into HTML: their versions are part of what
a version serves (the theme's own files are named by their content, the pages are not)."""


@dataclass(frozen=True)
class Plan:
    """What a version of the service worker keeps, as paths relative to the site root."""

    core: tuple[str, ...]  # kept always
    rest: tuple[str, ...]  # kept too when the site fits the budget, else () and cached as used
    pages: tuple[str, ...]  # the core pages, whose HTML names the theme's files (found at install)
    estimate: int  # bytes of the whole site, as estimated

    @property
    def complete(self) -> bool:
        """Whether a version keeps the whole site."""
        return self.estimate <= BUDGET


def assets(config: SiteConfig) -> dict[str, int]:
    """The files of docs/ that pages load, by path, with their size."""
    found = {}
    for path in sorted(config.docs_dir.rglob("*")):
        rel = path.relative_to(config.docs_dir).as_posix()
        if path.is_file() and path.suffix in ASSET_TYPES and not rel.startswith(tuple(config.exclude_docs)):
            found[rel] = path.stat().st_size
    return found


def plan(config: SiteConfig, files: dict[str, str], generated: list[str], handwritten: dict[str, int]) -> Plan:
    """What to keep of a site whose generated files are `files` (path -> text), whose generated
    pages are at the URLs `generated` (their sources among `files`) and whose hand-written pages
    are `handwritten` (URL -> size of the source)."""
    size = {path: len(text.encode("utf-8")) for path, text in files.items()}
    index = sorted(p for p in files if p.startswith("search/"))
    entries = sorted(p for p in files if p.startswith("causes/") and p.endswith(".json"))
    redirects = sorted(p[: -len("index.html")] for p in files if p.endswith("/index.html"))
    loaded = assets(config)
    core_pages = ["", *[u for u in handwritten if u], "agents/", OFFLINE_PAGE, "404.html"]
    shared = ["search/manifest.json", "search/lengths.json", *(["search/search_index.json"] if "search" in config.plugins else [])]
    core = [*loaded, MANIFEST, *shared, *core_pages]
    pages = [u for u in generated if u not in core_pages] + redirects
    rest = [*pages, *entries, *(p for p in index if p not in shared)]
    sources = {u: size.get(f"{u}index.md", size.get(f"{u}index.html", 0)) for u in generated + redirects}
    estimate = (sum(loaded.values()) + sum(size.get(p, 0) for p in shared + entries + index)
                + sum(sources.values()) + sum(handwritten.values()) + PAGE_OVERHEAD * (len(sources) + len(handwritten) + 1))
    kept = Plan(tuple(core), tuple(rest), tuple(core_pages), estimate)
    return kept if kept.complete else Plan(kept.core, (), kept.pages, estimate)


def version(config: SiteConfig, files: dict[str, str], kept: Plan, manifest: str) -> str:
    """A hash of what the build serves: every generated file, every file of docs/ (pages, assets,
    theme overrides) but those the generator writes itself, mkdocs.yml, the versions of the
    packages that render the pages, what the service worker keeps and its template."""
    digest = hashlib.sha256()

    def add(name: str, data: bytes) -> None:
        digest.update(struct.pack(">I", len(name.encode())) + name.encode() + struct.pack(">Q", len(data)) + data)

    for path in sorted(files):
        add(f"generated/{path}", files[path].encode("utf-8"))
    for path in sorted(config.docs_dir.rglob("*")):
        rel = path.relative_to(config.docs_dir).as_posix()
        if path.is_file() and rel not in files and rel not in (WORKER, MANIFEST) and "__pycache__" not in path.parts:
            add(f"docs/{rel}", path.read_bytes())
    if config.file and config.file.is_file():
        add("mkdocs.yml", config.file.read_bytes())
    for name in RENDERERS:
        try:
            add(f"package/{name}", metadata.version(name).encode())
        except metadata.PackageNotFoundError:
            add(f"package/{name}", b"")
    add("plan", json.dumps([kept.core, kept.rest, kept.pages]).encode())
    add("manifest", manifest.encode("utf-8"))
    add("template", (render.TEMPLATES / "sw.js.j2").read_bytes())
    return digest.hexdigest()[:16]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG file (its IHDR chunk)."""
    with open(path, "rb") as file:
        head = file.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path}: not a PNG file")
    return struct.unpack(">II", head[16:24])


def web_manifest(config: SiteConfig) -> str:
    """manifest.webmanifest: the site as an installed app opens on its home page, in a window of
    its own, with the site's icons and the header's colour. Paths are relative to the manifest
    (the site root), so it works on any host and path."""
    icons = []
    for path, purpose in ICONS:
        file = config.docs_dir / path
        if path.endswith(".svg"):
            icons.append({"src": path, "sizes": "any", "type": "image/svg+xml", "purpose": purpose})
        else:
            width, height = png_size(file)
            icons.append({"src": path, "sizes": f"{width}x{height}", "type": "image/png", "purpose": purpose})
    data = {
        "name": config.site_name,
        "short_name": config.app["short_name"],
        "description": config.site_description,
        "lang": "en",
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": config.app["theme_color"],
        "icons": icons,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def files(config: SiteConfig, generated: dict[str, str], kept: Plan) -> dict[str, str]:
    """sw.js and manifest.webmanifest, for a site whose other generated files are `generated`."""
    manifest = web_manifest(config)
    return {
        MANIFEST: manifest,
        WORKER: render.service_worker(version(config, generated, kept, manifest), CACHE_PREFIX, kept, OFFLINE_PAGE),
    }
