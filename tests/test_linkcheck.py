"""`make linkcheck` end to end against a local HTTPS server (localhost only, no internet): it
answers 200, 301, 404, 500, 429 with Retry-After and too slowly, and the checker must check every
URL the project publishes (causes.yaml, the templates, docs/ and mkdocs.yml), report exactly the
broken ones with the place and line that cite them, retry the flaky ones, wait as long as a
Retry-After asks, and never keep more than --per-host requests open to one host. On the real
project (no network): every external link of the built site is among the URLs it checks."""

from __future__ import annotations

import collections
import http.server
import re
import shutil
import ssl
import subprocess
import sys
import threading
import time
from urllib.parse import urljoin

import pytest
import yaml

from conftest import DATA, ROOT, clean_environ, soup
from macros.linkcheck import citations
from macros.rules import RETIRED_APPLE_URL
from macros.validate import validated

SLOW_SECONDS = 6
TIMEOUT = 2
"""--timeout of the run that has a /slow URL: far above what the local server takes for the
others, even on a busy machine, and far below SLOW_SECONDS. Runs without one wait 60 s."""
PAUSE_SECONDS = 0.3
RETRY_AFTER = 1


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: collections.Counter = collections.Counter()
    log: list[tuple[float, str, int]] = []  # (time the request arrived, path, status)
    open_now = 0  # /pause/ requests being answered
    most_open = 0
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_GET(self):
        arrived = time.monotonic()
        pausing = self.path.startswith("/pause/")  # only these count as open: a slow answer outlives its test
        with self.lock:
            type(self).open_now += pausing
            type(self).most_open = max(self.most_open, self.open_now)
            self.hits[self.path] += 1
            busy = self.path == "/busy" and self.hits[self.path] == 1
        try:
            if self.path == "/slow":
                time.sleep(SLOW_SECONDS)
            if self.path.startswith("/pause/"):
                time.sleep(PAUSE_SECONDS)
            status, headers = {
                "/moved": (301, {"Location": "/ok"}),
                "/moved-article": (301, {"Location": "/ok"}),
                "/missing": (404, {}),
                "/error": (500, {}),
            }.get(self.path, (404, {}) if self.path in ("/", "/favicon.ico") else (200, {}))
            if busy:
                status, headers = 429, {"Retry-After": str(RETRY_AFTER)}
            with self.lock:
                self.log.append((arrived, self.path, status))
                type(self).open_now -= pausing  # before answering: the client may ask again once it has the answer
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except OSError:
            pass  # the checker gave up on the slow answer


@pytest.fixture(scope="module")
def https_server(tmp_path_factory):
    """A local HTTPS server with a throwaway self-signed certificate; yields (base URL, CA file)."""
    if not shutil.which("openssl"):
        pytest.fail("openssl is needed to make the test certificate")
    tmp = tmp_path_factory.mktemp("tls")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", cert
    httpd.shutdown()


def run_linkcheck(causes, cert, *options: str) -> subprocess.CompletedProcess:
    _Handler.hits.clear()
    _Handler.log.clear()
    _Handler.most_open = 0
    return subprocess.run(
        [sys.executable, "-m", "macros.linkcheck", str(causes), "--timeout", "60", "--retries", "2", *options],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env=clean_environ(REQUESTS_CA_BUNDLE=str(cert), NO_PROXY="*"),
    )


def local_releases(data: dict, base: str) -> dict:
    """The minimal file with its releases citing the test server's /ok, so that no URL leaves it."""
    for release in data["releases"]:
        release["source"] = f"{base}/ok"
    return data


def project(tmp, base: str, references: dict[str, list[str]], pages: dict[str, str]):
    """A project folder: the minimal causes file citing `references` (cause index -> paths on the
    server), and project files (path -> text) with more links."""
    data = local_releases(yaml.safe_load((DATA / "minimal.yaml").read_text()), base)
    for index, paths in references.items():
        data["causes"][int(index)]["references"] = [{"title": f"Page {p}", "url": f"{base}{p}"} for p in paths]
    causes = tmp / "causes.yaml"
    causes.write_text(yaml.safe_dump(data, sort_keys=False))
    for name, text in pages.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text)
    return causes


@pytest.fixture(scope="module")
def linkcheck(https_server, tmp_path_factory):
    """linkcheck on a project whose causes file, template, hand-written page and mkdocs.yml link to the server."""
    base, cert = https_server
    tmp = tmp_path_factory.mktemp("linkcheck")
    data = local_releases(yaml.safe_load((DATA / "minimal.yaml").read_text()), base)
    first, second = data["causes"]
    first["references"] = [{"title": "Fine", "url": f"{base}/ok"}, {"title": "Gone", "url": f"{base}/missing"},
                           {"title": "Moved", "url": f"{base}/moved"}, {"title": "Failing", "url": f"{base}/error"}]
    first["error_messages"] = [{"id": "backup-failed", "text": "Backup Failed", "shown_on": "iPhone alert", "source": f"{base}/error",
                                "note": "Apple does not publish this wording."}]
    second["references"] = [{"title": "Fine too", "url": f"{base}/ok"}, {"title": "Slow", "url": f"{base}/slow"},
                            {"title": "Gone again", "url": f"{base}/missing"}]
    causes = tmp / "causes.yaml"
    causes.write_text(yaml.safe_dump(data, sort_keys=False))
    files = {
        "macros/templates/page.html.j2": f'{{#- A comment with {base}/in-a-comment -#}}\n<p>Call <a href="{base}/moved-article">us</a>.</p>\n',
        "docs/about.md": f"# About\n\nRead [the guide]({base}/guide) and [more]({base}/missing).\n",
        "mkdocs.yml": f"# {base}/commented-out\nsite_url: https://help.example.org/\nextra:\n  repository: {base}/repo\n",
    }
    for name, text in files.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text)
    result = run_linkcheck(causes, cert, "--workers", "8", "--timeout", str(TIMEOUT))
    return result, causes, base, tmp


def _blocks(stdout: str) -> dict[str, list[str]]:
    """Each BROKEN/MOVED/UNCHECKED line with the 'cited by' lines under it."""
    blocks, current = {}, None
    for line in stdout.splitlines():
        if line.startswith(("BROKEN ", "MOVED ", "UNCHECKED ")):
            current = line
            blocks[current] = []
        elif line.startswith("    cited by ") and current:
            blocks[current].append(line.strip())
    return blocks


def _line(file, text: str, nth: int = 1) -> int:
    return [n for n, line in enumerate(file.read_text().splitlines(), 1) if text in line][nth - 1]


def test_exit_status_says_links_are_broken(linkcheck):
    result, *_ = linkcheck
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("Checked 8 URLs on 1 hosts"), result.stdout
    assert "5 OK, 3 broken, 0 unchecked, 2 moved permanently" in result.stdout


def test_each_broken_url_is_reported_with_every_citation(linkcheck):
    result, causes, base, _ = linkcheck
    blocks = _blocks(result.stdout)
    assert blocks[f"BROKEN {base}/missing: 404 Not Found"] == [
        f"cited by cause 'first-cause': references[1].url (line {_line(causes, '/missing')})",
        f"cited by cause 'second-cause': references[2].url (line {_line(causes, '/missing', 2)})",
        "cited by docs/about.md (line 3)",
    ]
    assert blocks[f"BROKEN {base}/error: 500 Internal Server Error"] == [
        f"cited by cause 'first-cause': references[3].url (line {_line(causes, '/error', 2)})",
        f"cited by cause 'first-cause': error_messages[0].source (line {_line(causes, '/error')})"]
    assert blocks[f"BROKEN {base}/slow: no answer within {TIMEOUT} s, on every attempt"] == [
        f"cited by cause 'second-cause': references[1].url (line {_line(causes, '/slow')})"]
    assert len(blocks) == 5, "three broken, two moved"


def test_templates_pages_and_settings_are_checked(linkcheck):
    result, _, base, _ = linkcheck
    assert _Handler.hits["/guide"] == 1 and _Handler.hits["/repo"] == 1 and _Handler.hits["/moved-article"] == 1
    assert _blocks(result.stdout)[f"MOVED  {base}/moved-article -> {base}/ok (update the link)"] == [
        "cited by macros/templates/page.html.j2 (line 2)"]
    assert not _Handler.hits["/in-a-comment"] and not _Handler.hits["/commented-out"], "comments are not published"


def test_permanent_redirect_is_not_broken_but_listed(linkcheck):
    result, causes, base, _ = linkcheck
    assert _blocks(result.stdout)[f"MOVED  {base}/moved -> {base}/ok (update the link)"] == [
        f"cited by cause 'first-cause': references[2].url (line {_line(causes, '/moved')})"]


def test_each_url_fetched_once_and_failures_retried(linkcheck):
    assert _Handler.hits["/missing"] == 1, "a URL cited three times is checked once; 404 is not retried"
    assert _Handler.hits["/error"] == 3, "500 is retried twice"
    assert _Handler.hits["/slow"] == 3, "a timeout is retried twice"
    assert _Handler.hits["/ok"] == 3, "once for /ok itself and once after each redirect to it"


def test_retry_after_is_honoured_for_the_whole_host(https_server, tmp_path):
    """One request at a time to the host: after a 429 with Retry-After, the next request to the
    host (any URL) comes only once the pause has passed, then the URL is checked again."""
    base, cert = https_server
    causes = project(tmp_path, base, {"0": ["/busy", "/ok"], "1": ["/guide", "/pause/1"]}, {})
    result = run_linkcheck(causes, cert, "--per-host", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _Handler.hits["/busy"] == 2
    log = sorted(_Handler.log)
    refused = next(i for i, (_, path, status) in enumerate(log) if status == 429)
    assert refused + 1 < len(log), "nothing was asked after the 429"
    assert log[refused + 1][0] - log[refused][0] >= RETRY_AFTER - 0.05, f"the host was asked again too soon: {log}"


def test_a_longer_retry_after_than_allowed_leaves_the_url_unchecked(https_server, tmp_path):
    base, cert = https_server
    causes = project(tmp_path, base, {"0": ["/busy"], "1": ["/ok"]}, {})
    result = run_linkcheck(causes, cert, "--max-wait", "0.5")
    assert result.returncode == 1
    assert f"UNCHECKED {base}/busy: 429 Too Many Requests; the server asks to wait 1 s, more than --max-wait 0.5 s" in result.stdout
    assert _Handler.hits["/busy"] == 1


def test_no_more_than_per_host_requests_at_once(https_server, tmp_path):
    base, cert = https_server
    pauses = [f"/pause/{n}" for n in range(8)]
    causes = project(tmp_path, base, {"0": pauses[:4], "1": pauses[4:]}, {})
    result = run_linkcheck(causes, cert, "--workers", "8", "--per-host", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(_Handler.hits[p] == 1 for p in pauses)
    assert _Handler.most_open <= 2, f"{_Handler.most_open} requests were open at once to one host"


def test_invalid_file_is_reported_not_checked(tmp_path):
    causes = tmp_path / "causes.yaml"
    causes.write_text("version: 2\n")
    result = subprocess.run([sys.executable, "-m", "macros.linkcheck", str(causes)], cwd=ROOT, capture_output=True, text=True,
                            env=clean_environ())
    assert result.returncode == 2
    assert f"{causes}:1: version: must be 1, not 2" in result.stderr


# --- the real project, without network ---------------------------------------------------------

THEME_LINKS = {"https://squidfunk.github.io/mkdocs-material/"}
"""Links the theme itself puts on every page (Material's "Made with" credit)."""


@pytest.fixture(scope="module")
def checked() -> dict:
    return citations(validated(ROOT / "causes.yaml"), ROOT)


def test_every_external_link_of_the_built_site_is_checked(site, html_pages, checked):
    site_url = yaml.safe_load(re.sub(r"!ENV \[[A-Z_]+, (\"[^\"]+\")\]", r"\1", (ROOT / "mkdocs.yml").read_text()))["site_url"]
    missing = set()
    for url, path in html_pages.items():
        page = soup(path)
        for element in page.find_all(["a", "link", "script", "img", "iframe", "source"]):
            target = element.get("href") or element.get("src") or ""
            absolute = urljoin(f"http://site.invalid/{url}", target)
            if not absolute.startswith(("http://", "https://")) or absolute.startswith(("http://site.invalid/", site_url)):
                continue
            if absolute not in checked and absolute not in THEME_LINKS and not any(absolute.startswith(c + "/") for c in checked):
                missing.add(f"/{url}: {absolute}")
    assert not missing, "the site publishes links make linkcheck never checks:\n" + "\n".join(sorted(missing)[:20])


def test_templates_and_pages_link_no_retired_apple_article(checked):
    """causes.yaml is held to this by validation (macros/rules.py); the project's own files by this test."""
    retired = [f"{url} (cited by {', '.join(map(str, places))})" for url, places in checked.items()
               if RETIRED_APPLE_URL.fullmatch(url) and not any(p.place.startswith("cause ") for p in places)]
    assert not retired, "\n".join(retired)
