"""`make linkcheck` end to end against a local HTTPS server (localhost only, no internet): it
answers 200, 301, 404, 500 and too slowly, and the checker must report exactly the broken URLs,
each with the cause, field and line that cite it, retry the flaky ones and respect its timeout."""

from __future__ import annotations

import collections
import http.server
import shutil
import ssl
import subprocess
import sys
import threading
import time

import pytest
import yaml

from conftest import DATA, ROOT

SLOW_SECONDS = 3


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: collections.Counter = collections.Counter()

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.hits[self.path] += 1
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        status, headers = {
            "/ok": (200, {}),
            "/moved": (301, {"Location": "/ok"}),
            "/missing": (404, {}),
            "/error": (500, {}),
            "/slow": (200, {}),
        }.get(self.path, (404, {}))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        try:
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


@pytest.fixture(scope="module")
def linkcheck(https_server, tmp_path_factory):
    """Run `python -m macros.linkcheck` on the minimal file with its URLs pointed at the server."""
    base, cert = https_server
    data = yaml.safe_load((DATA / "minimal.yaml").read_text())
    first, second = data["causes"]
    first["references"] = [{"title": "Fine", "url": f"{base}/ok"}, {"title": "Gone", "url": f"{base}/missing"},
                           {"title": "Moved", "url": f"{base}/moved"}, {"title": "Failing", "url": f"{base}/error"}]
    first["error_messages"] = [{"id": "backup-failed", "text": "Backup Failed", "shown_on": "iPhone alert", "source": f"{base}/error",
                                "note": "Apple does not publish this wording."}]
    second["references"] = [{"title": "Fine too", "url": f"{base}/ok"}, {"title": "Slow", "url": f"{base}/slow"},
                            {"title": "Gone again", "url": f"{base}/missing"}]
    causes = tmp_path_factory.mktemp("linkcheck") / "causes.yaml"
    causes.write_text(yaml.safe_dump(data, sort_keys=False))
    _Handler.hits.clear()
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "macros.linkcheck", str(causes), "--timeout", "0.5", "--retries", "2", "--workers", "8"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "REQUESTS_CA_BUNDLE": str(cert), "NO_PROXY": "*"},
    )
    return result, time.perf_counter() - start, causes, base


def _blocks(stdout: str) -> dict[str, list[str]]:
    """Each BROKEN/MOVED line with the 'cited by' lines under it."""
    blocks, current = {}, None
    for line in stdout.splitlines():
        if line.startswith(("BROKEN ", "MOVED ")):
            current = line
            blocks[current] = []
        elif line.startswith("    cited by ") and current:
            blocks[current].append(line.strip())
    return blocks


def _line(causes, text: str, nth: int = 1) -> int:
    return [n for n, line in enumerate(causes.read_text().splitlines(), 1) if text in line][nth - 1]


def test_exit_status_says_links_are_broken(linkcheck):
    result, *_ = linkcheck
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("Checked 5 URLs cited by 2 causes"), result.stdout
    assert "2 OK, 3 broken, 1 moved permanently" in result.stdout


def test_each_broken_url_is_reported_with_every_citation(linkcheck):
    result, _, causes, base = linkcheck
    blocks = _blocks(result.stdout)
    assert blocks[f"BROKEN {base}/missing: 404 Not Found"] == [
        f"cited by cause 'first-cause': references[1].url (line {_line(causes, '/missing')})",
        f"cited by cause 'second-cause': references[2].url (line {_line(causes, '/missing', 2)})",
    ]
    assert blocks[f"BROKEN {base}/error: 500 Internal Server Error"] == [
        f"cited by cause 'first-cause': references[3].url (line {_line(causes, '/error', 2)})",
        f"cited by cause 'first-cause': error_messages[0].source (line {_line(causes, '/error')})"]
    assert blocks[f"BROKEN {base}/slow: no answer within 0.5 s, on every attempt"] == [
        f"cited by cause 'second-cause': references[1].url (line {_line(causes, '/slow')})"]
    assert not [line for line in blocks if line.startswith(("BROKEN " + base + "/ok", "BROKEN " + base + "/moved"))]


def test_permanent_redirect_is_not_broken_but_listed(linkcheck):
    result, _, causes, base = linkcheck
    assert _blocks(result.stdout)[f"MOVED  {base}/moved -> {base}/ok (update the link)"] == [
        f"cited by cause 'first-cause': references[2].url (line {_line(causes, '/moved')})"]


def test_each_url_fetched_once_and_failures_retried(linkcheck):
    assert _Handler.hits["/missing"] == 1, "a URL cited twice is checked once; 404 is not retried"
    assert _Handler.hits["/error"] == 3, "500 is retried twice"
    assert _Handler.hits["/slow"] == 3, "a timeout is retried twice"
    assert _Handler.hits["/ok"] == 2, "once for /ok itself and once after the /moved redirect"


def test_slow_answers_are_cut_off_by_the_timeout(linkcheck):
    _, seconds, *_ = linkcheck
    # Waiting for the slow answer on each of its 3 attempts would take 3 x 3 s; the 0.5 s
    # timeout cuts each attempt short, while the other URLs are checked beside it.
    assert seconds < 3 * SLOW_SECONDS, f"took {seconds:.1f} s"


def test_invalid_file_is_reported_not_checked(tmp_path):
    causes = tmp_path / "causes.yaml"
    causes.write_text("version: 2\n")
    result = subprocess.run([sys.executable, "-m", "macros.linkcheck", str(causes)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert f"{causes}:1: version: must be 1, not 2" in result.stderr
