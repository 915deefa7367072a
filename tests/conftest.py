"""Shared fixtures: one strict build of the real site per session, a local HTTP server for
it, and the system Chromium driven by Playwright for browser tests."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).with_name("data")
sys.path.insert(0, str(ROOT))

from macros import CAUSES_ENV  # noqa: E402
from macros.config import read as read_config  # noqa: E402
from macros.validate import load_knowledge_base  # noqa: E402

PROJECT_ENV = (CAUSES_ENV, "BACKUP_HELP_SITE_URL")
"""Variables the build reads (macros/__init__.py, mkdocs.yml). A maintainer may have exported
one; tests never inherit them, and set them only where a test means to."""


def clean_environ(**extra: str) -> dict[str, str]:
    """This process's environment without PROJECT_ENV, plus `extra`: for every subprocess a test runs."""
    environ = {name: value for name, value in os.environ.items() if name not in PROJECT_ENV}
    return {**environ, "NO_MKDOCS_2_WARNING": "true", **extra}


def _canonical_site_url() -> str:
    with mock.patch.dict(os.environ, clean_environ(), clear=True):
        return read_config(ROOT / "mkdocs.yml").site_url


SITE_URL = _canonical_site_url()
"""The canonical address mkdocs.yml gives the site (what every test build uses)."""

BROWSER_REQUIRED = os.environ.get("CI", "").lower() == "true" or os.environ.get("REQUIRE_BROWSER") == "1"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: runs in the system Chromium; skipped locally without one, required with CI=true or REQUIRE_BROWSER=1"
    )
    config.figures = Figures()


class Figures(list):
    """The figures tests measured: lines for the summary of the run, each kept with the test file
    that measured it and its place there, so that lines measured by parallel workers (`make test`
    runs pytest-xdist, one test file per worker at a time) print in the order of a serial run."""

    module = ""  # the test file running now (pytest_runtest_setup)

    def append(self, line: str) -> None:
        super().append((self.module, len(self), line))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item.config.figures.module = item.nodeid.split("::", 1)[0]  # before its fixtures measure anything


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """(pytest-xdist, in the main process) A worker is done: keep the figures it measured."""
    node.config.figures.extend(tuple(row) for row in node.workeroutput.get("figures", []))


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: its figures go to the main process
        workeroutput["figures"] = [list(row) for row in session.config.figures]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the figures tests measured (see the `figures` fixture) at the end of the run."""
    if config.figures:
        terminalreporter.section("figures")
        for _, _, line in sorted(config.figures):
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def figures(request) -> Figures:
    """Append lines here to have them printed in the summary of the test run."""
    return request.config.figures


def run_build(site_dir: Path, causes: Path | None = None, config: Path = ROOT / "mkdocs.yml", quiet: bool = False,
              **env) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project (or of another `config`) into site_dir, optionally
    from another causes file; `env` sets environment variables (none is inherited from PROJECT_ENV)."""
    environ = clean_environ(**env)
    if causes is not None:
        environ[CAUSES_ENV] = str(causes)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *(["--quiet"] if quiet else []),
         "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )


SOURCE_DATE_EPOCH = "1764460800"
"""The date plain builds give their pages (they have no hook to date them by the data)."""


HOOKS = "\nhooks:\n  - macros/hooks.py\n"


def plain_build(site_dir: Path, project: Path, docs_dir: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` (a copy: copy_project) as another MkDocs-like builder
    would run it: without the project's hooks, over `docs_dir`, a copy of docs/ with generated
    files written into it (by `python -m macros generate` or macros.generate.site_files)."""
    settings = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert HOOKS in settings and "docs_dir: docs\n" in settings
    plain = settings.replace(HOOKS, "\n").replace("docs_dir: docs\n", f"docs_dir: {docs_dir}\n")
    (project / "plain.yml").write_text(plain, encoding="utf-8")
    return run_build(site_dir, config=project / "plain.yml", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)


def rename_cause(data: dict, old: str, new: str, keep_alias: bool = True) -> dict:
    """CONTRIBUTING's rename workflow on plain causes.yaml data: cause `old` gets the id `new`, the
    decision tree and related lists follow, and (keep_alias) the old id goes into its aliases."""
    cause = next(c for c in data["causes"] if c["id"] == old)
    cause["id"] = new
    if keep_alias:
        cause["aliases"] = [*cause.get("aliases", []), old]
    for node in data["decision_tree"]["nodes"]:
        for answer in node["answers"]:
            if answer.get("cause") == old:
                answer["cause"] = new
            if "causes" in answer:
                answer["causes"] = [new if c == old else c for c in answer["causes"]]
    for other in data["causes"]:
        if "related" in other:
            other["related"] = [new if r == old else r for r in other["related"]]
    return data


@pytest.fixture(scope="session")
def kb():
    """The real knowledge base, validated."""
    return load_knowledge_base(ROOT / "causes.yaml")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """(pytest-xdist, in the main process) Build the real site once for every worker: the `site`
    of each worker is this one build."""
    config = node.config
    if not hasattr(config, "shared_site"):
        out = Path(tempfile.mkdtemp(prefix="backup-help-site-"))
        result = run_build(out)
        config.shared_site = (str(out), result.returncode, result.stderr)
    node.workerinput["site"] = config.shared_site


def pytest_unconfigure(config):
    if hasattr(config, "shared_site"):
        shutil.rmtree(config.shared_site[0], ignore_errors=True)


@pytest.fixture(scope="session")
def site(request, tmp_path_factory) -> Path:
    """The real site, built once with --strict (by the main process when tests run in parallel)."""
    shared = getattr(request.config, "workerinput", {}).get("site")
    if shared:
        out, returncode, stderr = shared
        assert returncode == 0, f"mkdocs build --strict failed:\n{stderr}"
        return Path(out)
    out = tmp_path_factory.mktemp("site")
    result = run_build(out)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return out


def search_entries(site: Path) -> list[dict]:
    """Every entry of the site's search index (macros/searchindex.py), in page order: each page's
    article (with a cause page's messages, keywords, where and likelihood), then its sections."""
    pages = sorted((site / "search" / "pages").glob("*.json"), key=lambda p: int(p.stem))
    return [entry for p in pages for data in [json.loads(p.read_text(encoding="utf-8"))]
            for entry in [data["article"], *data["sections"]]]


def search_manifest(site: Path) -> dict:
    """search/manifest.json of a built site: what every search needs (the vocabulary among it)."""
    return json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))


def search_facts(site: Path) -> dict[str, dict]:
    """What the site's search index knows of each page beside its text, by the page's URL: `where`
    and `likelihood` of a cause page (decoded from the manifest), and the error messages filed
    for it (`messages`, as plain text)."""
    manifest = search_manifest(site)
    pages = sorted((site / "search" / "pages").glob("*.json"), key=lambda p: int(p.stem))
    locations = [json.loads(p.read_text(encoding="utf-8"))["article"]["location"] for p in pages]
    facts = {}
    for location, flags in zip(locations, manifest["pages"]):
        facts[location] = {"where": [s for i, s in enumerate(("icloud", "mac", "windows")) if flags & (2 << i)],
                           "likelihood": ("", "common", "occasional", "rare")[flags >> 4], "messages": []}
    folder = site / manifest["stores"]["rarest"]["folder"]
    filed = [m for p in folder.glob("*.json") for ms in json.loads(p.read_text(encoding="utf-8")).values() for m in ms]
    for message in sorted(filed, key=lambda m: m["n"]):
        for n in message["causes"]:
            facts[locations[n]]["messages"].append(message["text"])
    return facts


def soup(path: Path) -> BeautifulSoup:
    """A built HTML file, parsed."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def html_pages(site) -> dict[str, Path]:
    """Every built HTML page by its URL path ('' for the home page, 'causes/x/', '404.html')."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        pages[rel[: -len("index.html")] if rel.endswith("index.html") else rel] = path
    return pages


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, handler_class: type[QuietHandler] = QuietHandler):
    """A local HTTP server for a built site on a free port; yields its base URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


PROJECT_FILES = ("mkdocs.yml", "docs", "macros", "causes.yaml")
"""What a copy of the project needs to build or serve (never the real files: tests edit copies)."""


def copy_project(dest: Path, causes: Path | None = None) -> Path:
    """A throwaway copy of the project in `dest`, optionally with another causes file."""
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = causes if name == "causes.yaml" and causes is not None else ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, dest / name)
    return dest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def mkdocs_serve(project: Path, log: list[str] | None = None):
    """`make serve`'s command (mkdocs serve with live reload) on a copy of the project, on a free
    port; yields its base URL. Its log lines are appended to `log` as they come."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project, env=clean_environ(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    lines = log if log is not None else []
    threading.Thread(target=lambda: lines.extend(server.stderr), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=60)


def fetch(url: str) -> str:
    """The body of a page, or "" while the server does not answer it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, what: str, timeout: float = 300, interval: float = 0.1):
    """Poll `condition` until it returns something true, and return that; fail after `timeout`
    seconds (generous: a busy machine only makes the wait longer, never the test wrong)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(interval)
    raise AssertionError(f"gave up after {timeout:g} s waiting for {what}")


@pytest.fixture(scope="session")
def server(site) -> str:
    """Base URL of a local HTTP server for the built site."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        message = "no Chromium found (install Debian's chromium, or set CHROMIUM=/path/to/chromium)"
        if BROWSER_REQUIRED:
            pytest.fail(f"browser tests are required here (CI=true or REQUIRE_BROWSER=1) but {message}")
        pytest.skip(f"browser test skipped: {message}")
    return path


def first_visits(browser):
    """`browser`, whose new contexts see the site as a first visit does: the site's service worker
    (sw.js) is blocked unless a context asks for it (service_workers="allow"). It would take over
    a page's requests a few seconds after its first load; page.route() no longer sees the requests
    it answers, nor does the network count them. Used by the tests and by make bench."""
    new_context = browser.new_context
    browser.new_context = lambda **options: new_context(**{"service_workers": "block", **options})
    return browser


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Chromium shared by the session's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = first_visits(playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS))
        yield instance
        instance.close()


def record(page):
    """Keep, on the page, every request URL, every failed request and every console error (and
    the requests still in flight, for settle())."""
    page.requests, page.failures, page.errors, page.pending = [], [], [], set()
    page.on("request", lambda r: (page.requests.append(r.url), page.pending.add(r)))
    page.on("requestfinished", lambda r: page.pending.discard(r))
    page.on("requestfailed", lambda r: (page.failures.append(f"{r.url}: {r.failure}"), page.pending.discard(r)))
    page.on("response", lambda r: r.status >= 400 and page.failures.append(f"{r.url}: HTTP {r.status}"))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


CSP_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) =>
  window.__bhViolation(`${e.effectiveDirective}: ${e.blockedURI || "inline"} (${e.sourceFile || location.href}:${e.lineNumber})`));"""


def watch_policy(context) -> list[str]:
    """Every securitypolicyviolation event of every document the context's pages load (whatever
    the page's Content-Security-Policy refused, with where), as lines in the list returned."""
    found: list[str] = []
    context.expose_function("__bhViolation", lambda line: found.append(line))
    context.add_init_script(CSP_VIOLATIONS)
    return found


IDLE_CALLBACK = "() => new Promise(done => requestIdleCallback(() => done(), {timeout: 1000}))"


def settle(*pages, quiet: int = 500, limit: float = 60) -> None:
    """Wait until recorded pages are idle: each page's main thread has had an idle moment, no
    request is in flight, and nothing new was requested or logged on any of them for `quiet` ms
    (pages settled together share that wait). What a page does late (lazy assets, timers,
    errors in callbacks) is in its records by then. A request still loading after `limit`
    seconds is recorded as a failure."""
    deadline = time.monotonic() + limit
    counts = lambda: [(len(p.requests), len(p.errors), len(p.failures)) for p in pages]  # noqa: E731
    while time.monotonic() < deadline:
        for page in pages:
            page.evaluate(IDLE_CALLBACK)
        seen = counts()
        if not any(page.pending for page in pages):
            pages[0].wait_for_timeout(quiet)
            if not any(page.pending for page in pages) and seen == counts():
                return
        else:
            pages[0].wait_for_timeout(50)
    for page in pages:
        page.failures += [f"{r.url}: still loading after {limit:g} s" for r in page.pending]


@pytest.fixture
def new_page(browser):
    """Opens recording pages, each in a fresh browser context (options: viewport, color_scheme,
    service_workers="allow", ...). Whatever a page's Content-Security-Policy refuses fails the
    test (`page.violations`; a test that provokes a violation on purpose empties it)."""
    contexts = []

    def open_page(init_script: str = "", **options):
        context = browser.new_context(**options)
        violations = watch_policy(context)
        contexts.append((context, violations))
        if init_script:
            context.add_init_script(init_script)
        page = record(context.new_page())
        page.violations = violations
        return page

    yield open_page
    refused = [line for _, violations in contexts for line in violations]
    for context, _ in contexts:
        context.close()
    assert not refused, "the Content-Security-Policy refused:\n" + "\n".join(refused)


def message_owners(kb, key=str) -> dict[str, list[str]]:
    """The ids of the causes that show each exact error message (in causes.yaml order), by
    `key(text)`: the text as written, or e.g. `normalise` to look messages up as people type them."""
    owners: dict[str, list[str]] = {}
    for cause in kb.causes.values():
        for message in cause.error_messages:
            ids = owners.setdefault(key(message.text), [])
            if cause.id not in ids:
                ids.append(cause.id)
    return owners


def tab_to(page, is_focused: str, limit: int = 60) -> None:
    """Press Tab from where the focus is until `is_focused` (a JavaScript expression over
    `document.activeElement`) holds; fail the test if it never does within `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => Boolean({is_focused})"):
            return
    pytest.fail(f"Tab never reached {is_focused}")


def axe_violations(page) -> dict[str, list[str]]:
    """axe-core (bundled in axe-playwright-python, injected from disk) on the page as it is now:
    its violations by impact (minor, moderate, serious, critical), one line each."""
    from axe_playwright_python.sync_playwright import Axe

    found: dict[str, list[str]] = {}
    for v in Axe().run(page).response["violations"]:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
        found.setdefault(v["impact"], []).append(f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {targets})")
    return found


def serious(violations: dict[str, list[str]]) -> list[str]:
    """The violations that fail a test: serious and critical."""
    return violations.get("serious", []) + violations.get("critical", [])
