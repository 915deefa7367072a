"""What the build writes for offline use and installing (macros/offline.py): the service worker
keeps every page and file of the real site, each of which the build writes; a large site keeps
only the core (the rest as used), and its agents page says so; a version is a hash of what the
site serves, so a change anywhere is a new version and the same input the same one; the web app
manifest and icons make the site installable, and every page links them and registers the
service worker. (In Chromium: tests/test_browser_offline.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench import synth
from conftest import ROOT, SITE_URL, copy_project, soup
from macros import generate, offline
from macros.config import read
from macros.validate import load_knowledge_base


def worker_constants(text: str) -> dict:
    """VERSION, CORE, REST, PAGES and OFFLINE of a sw.js."""
    found = {}
    for name in ("VERSION", "CORE", "REST", "PAGES", "OFFLINE"):
        match = re.search(rf"^const {name} = (.*);$", text, re.MULTILINE)
        assert match, f"sw.js has no {name}"
        found[name] = json.loads(match.group(1))
    return found


def kept_file(site: Path, path: str) -> Path:
    """The built file a path the service worker keeps is served from."""
    return site / path / "index.html" if path == "" or path.endswith("/") else site / path


@pytest.fixture(scope="module")
def worker(site) -> dict:
    return worker_constants((site / "sw.js").read_text(encoding="utf-8"))


def test_the_real_site_is_kept_whole(worker, site, html_pages):
    """Every page, every cause's entry, the whole search index, the site's scripts, styles and
    icons, and the manifest (the theme's files are found at install, in the core pages)."""
    kept = set(worker["CORE"]) | set(worker["REST"])
    pages = {url for url in html_pages}
    assert pages <= kept, f"pages not kept: {sorted(pages - kept)}"
    data = {p.relative_to(site).as_posix() for p in [*site.glob("causes/*.json"), *site.rglob("search/**/*.json")]}
    assert data <= kept, f"files not kept: {sorted(data - kept)}"
    docs = ROOT / "docs"
    assets = {p.relative_to(docs).as_posix() for p in (docs / "assets").rglob("*") if p.suffix in offline.ASSET_TYPES}
    assert assets <= set(worker["CORE"])
    assert {"manifest.webmanifest", "search/manifest.json", "search/lengths.json", "search/search_index.json",
            "assets/javascripts/search/engine.js", "agents/", "offline/", ""} <= set(worker["CORE"])
    assert worker["OFFLINE"] == "offline/" and "" in worker["PAGES"] and "agents/" in worker["PAGES"]
    assert "causes.json" not in kept and not any(p.startswith("schema/") for p in kept), "kept what no page fetches"


def test_every_file_it_keeps_is_built(worker, site):
    """A missing file would fail every install (it fills its cache whole, or not at all)."""
    missing = [p for p in worker["CORE"] + worker["REST"] if not kept_file(site, p).is_file()]
    assert not missing, missing


def test_the_theme_files_the_pages_load_are_named_in_a_core_page(worker, site, html_pages):
    """Found at install in the core pages: every page loads the same theme files as they do."""
    pattern = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="(?:\.\./|\./)*([^"]+\.(?:js|css))"')

    def loads(file: Path) -> set[str]:
        return set(pattern.findall(file.read_text(encoding="utf-8")))

    named = set().union(*(loads(kept_file(site, page)) for page in worker["PAGES"]))
    loaded = set().union(*(loads(file) for file in html_pages.values()))
    assert any(name.startswith("assets/javascripts/bundle.") for name in named)
    assert loaded <= named | set(worker["CORE"]), sorted(loaded - named - set(worker["CORE"]))


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """The files the generator writes for a synthetic site of 1,000 causes."""
    tmp = tmp_path_factory.mktemp("large")
    kb = load_knowledge_base(synth.write(1000, tmp / "causes.yaml"))
    return generate.site_files(kb, read(ROOT / "mkdocs.yml"))


def test_a_large_site_keeps_only_the_core(large, figures):
    """At 1,000 causes the site is far above the budget: the core only (the rest is kept as it
    is used), and the agents page says what works offline."""
    kept = worker_constants(large["sw.js"])
    assert kept["REST"] == []
    core = kept["CORE"]
    assert not any(re.fullmatch(r"causes/[^/]+/", p) or re.fullmatch(r"causes/[^/]+\.json", p) for p in core)
    assert not any(p.startswith(("search/postings/", "search/pages/", "search/messages/")) for p in core)
    known = sum(len(large[p].encode()) for p in core if p in large)
    figures.append(f"service worker at 1,000 causes: keeps the core, {len(core)} files ({known / 1000:.0f} KB of generated "
                   f"files among them, besides the site's and theme's scripts and styles); the rest of "
                   f"{sum(len(t.encode()) for t in large.values()) / 1e6:.0f} MB of generated files as used")
    assert known < 1_000_000
    agents = large["agents/index.md"]
    assert "a message with words never looked up here needs the connection" in agents
    assert "keeps a copy of the whole site" not in agents


def test_the_real_agents_page_says_it_works_offline(html_pages):
    text = soup(html_pages["agents/"]).select_one(".bh-agents__offline").get_text(" ", strip=True)
    assert "keeps a copy of the whole site, search included" in text
    assert "Once this page has loaded" not in html_pages["agents/"].read_text(encoding="utf-8")


def version_of(files: dict[str, str]) -> str:
    return worker_constants(files["sw.js"])["VERSION"]


def test_the_version_is_a_hash_of_what_the_site_serves(tmp_path, kb):
    """The same input, the same version; a change to a cause, a script, a theme override or
    mkdocs.yml, a new one."""
    project = copy_project(tmp_path / "p")

    def build() -> str:
        return version_of(generate.site_files(kb, read(project / "mkdocs.yml")))

    first = build()
    assert build() == first and re.fullmatch(r"[0-9a-f]{16}", first)
    assert version_of(generate.site_files(kb, read(ROOT / "mkdocs.yml"))) == first, "depends on where the project is"
    seen = {first}
    for path, edit in [("docs/assets/stylesheets/site.css", "\n/* a change */\n"),
                       ("docs/assets/javascripts/agents.js", "\n// a change\n"),
                       ("docs/overrides/main.html", "\n{# a change #}\n"),
                       ("docs/about.md", "\nA new sentence.\n"),
                       ("mkdocs.yml", "\n# a change\n")]:
        with open(project / path, "a", encoding="utf-8") as file:
            file.write(edit)
        version = build()
        assert version not in seen, f"a change to {path} kept the version"
        seen.add(version)
    data = copy_project(tmp_path / "q")
    text = (ROOT / "causes.yaml").read_text(encoding="utf-8")
    first_title = next(c.title for c in kb.causes.values())
    (data / "causes.yaml").write_text(text.replace(first_title, first_title + " (edited)", 1), encoding="utf-8")
    edited = load_knowledge_base(data / "causes.yaml")
    assert version_of(generate.site_files(edited, read(data / "mkdocs.yml"))) != first


def test_the_web_manifest_makes_the_site_installable(site):
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    config = read(ROOT / "mkdocs.yml")
    assert manifest["name"] == config.site_name and manifest["short_name"] == "Backup Help"
    assert manifest["start_url"] == manifest["scope"] == manifest["id"] == "./"
    assert manifest["display"] == "standalone"
    css = (ROOT / "docs/assets/stylesheets/site.css").read_text(encoding="utf-8")
    primary = re.search(r'\[data-md-color-primary="custom"\] \{\s*--md-primary-fg-color: (#[0-9a-f]{6});', css).group(1)
    assert manifest["theme_color"].lower() == primary, "the installed site's title bar is not the header's colour"
    sizes = {icon["sizes"]: icon for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= set(sizes)
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        file = site / icon["src"]
        assert file.is_file(), icon
        if icon["type"] == "image/png":
            assert "x".join(map(str, offline.png_size(file))) == icon["sizes"]


def test_every_page_links_the_manifest_and_registers_the_service_worker(html_pages):
    for url, path in html_pages.items():
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue  # a redirect stub forwards at once
        page = soup(path)
        assert page.select_one('link[rel="manifest"][href$="manifest.webmanifest"]'), url
        assert page.select_one('link[rel="apple-touch-icon"]'), url
        assert page.select_one('meta[name="theme-color"]')["content"] == "#1565c0", url
        assert page.select_one('script[type="module"][src$="assets/javascripts/offline.js"]'), url


def test_the_offline_page_is_out_of_search_and_the_sitemap(site, html_pages):
    page = soup(html_pages["offline/"])
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert f"{SITE_URL}offline/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert page.h1.get_text(strip=True) == "You are offline"


def test_the_icons_are_the_ones_the_manifest_and_pages_name():
    from icons import FOLDER, VARIANTS

    assert {f"assets/icons/{name}" for name in VARIANTS} >= {path for path, _ in offline.ICONS if path.endswith(".png")}
    assert all((FOLDER / name).is_file() for name in VARIANTS)  # drawn from the favicon: tests/test_browser_offline.py
