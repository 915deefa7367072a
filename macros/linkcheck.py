"""`make linkcheck`: check every external URL the site publishes, on demand (never in `make test`).

    python -m macros.linkcheck [causes.yaml] [--timeout S] [--retries N] [--workers N]
                               [--per-host N] [--max-wait S]

The URLs come from causes.yaml (references and error-message sources) and from the project files
beside it that put links on pages: the page templates (macros/templates/), the hand-written pages
and theme overrides (docs/, *.md and *.html) and mkdocs.yml's settings (the repository that
"Report an outdated step" opens). Each distinct URL is fetched once, with a timeout, by a few
workers but never more than --per-host at a time from one host. Timeouts, dropped connections
and 429/5xx answers are retried with a growing pause; a Retry-After header is honoured for the
whole host (up to --max-wait seconds; a longer wait leaves the URL unchecked). A broken URL is
listed with every place that cites it (cause and field, or file), with its line; permanent
redirects are listed so the link can be updated. Exit status 1 if any URL is broken or unchecked.
"""

from __future__ import annotations

import argparse
import email.utils
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

from .config import load as load_config
from .load import Parsed
from .problems import InvalidKnowledgeBase, format_path
from .validate import validated

USER_AGENT = "backup-help-linkcheck/2 (checks the links of an iPhone backup help site)"

SOURCES = (("macros/templates", "*.j2"), ("docs", "*.md"), ("docs", "*.html"))
"""Project files whose links end up on pages, as (folder beside causes.yaml, file pattern)."""

RETRY_STATUS = {429, 500, 502, 503, 504}
_URL = re.compile(r"""https?://[^\s"'<>`)\]}|\\]+""")
_COMMENT = re.compile(r"\{#.*?#\}|<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Citation:
    """Where a URL is cited: a field of a cause, or a line of a project file."""

    place: str  # "cause 'x': references[0].url" or "docs/about.md"
    line: int | None

    def __str__(self) -> str:
        return f"{self.place} (line {self.line})" if self.line else self.place


@dataclass(frozen=True)
class Outcome:
    url: str
    broken: bool
    detail: str           # "404 Not Found", "no answer within 10 s, on every attempt", ...
    moved_to: str = ""    # final URL when the server answered with a permanent redirect
    unchecked: bool = False  # the host asked for a longer pause than --max-wait


def citations(parsed: Parsed, project: Path) -> dict[str, list[Citation]]:
    """Every external URL the site publishes, with where it is cited: causes.yaml first, in file
    order, then the templates, the hand-written pages and mkdocs.yml."""
    found: dict[str, list[Citation]] = {}
    for i, cause in enumerate(parsed.data["causes"]):
        located = [(("references", j, "url"), ref["url"]) for j, ref in enumerate(cause["references"])]
        located += [(("error_messages", k, "source"), m["source"]) for k, m in enumerate(cause["error_messages"])]
        for path, url in located:
            place = f"cause '{cause['id']}': {format_path(path)}"
            found.setdefault(url, []).append(Citation(place, parsed.line_of(("causes", i) + path)))
    own = ""
    config = project / "mkdocs.yml"
    if config.is_file():
        settings = load_config(config)
        own = str(settings.get("site_url") or "")
        for url in _urls_in(settings):
            if not own or not url.startswith(own):
                found.setdefault(url, []).append(Citation("mkdocs.yml", _line_of(config, url)))
    for folder, pattern in SOURCES:
        for file in sorted((project / folder).rglob(pattern)):
            text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), file.read_text(encoding="utf-8"))
            for number, line in enumerate(text.splitlines(), 1):
                for url in _URL.findall(line):
                    url = url.rstrip(".,;:!?")
                    if not own or not url.startswith(own):
                        found.setdefault(url, []).append(Citation(file.relative_to(project).as_posix(), number))
    return found


def _urls_in(value) -> list[str]:
    """The URLs among the string values of a parsed YAML document (comments are not values)."""
    if isinstance(value, str):
        return [value] if _URL.fullmatch(value) else []
    if isinstance(value, dict):
        return [url for item in value.values() for url in _urls_in(item)]
    if isinstance(value, list):
        return [url for item in value for url in _urls_in(item)]
    return []


def _line_of(file: Path, text: str) -> int | None:
    return next((n for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if text in line), None)


@dataclass
class _Host:
    """Politeness towards one host: how many requests may be open at once, and no request before
    `not_before` (set by a Retry-After answer)."""

    slots: threading.Semaphore
    not_before: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def pause(self, seconds: float) -> None:
        with self.lock:
            self.not_before = max(self.not_before, time.monotonic() + seconds)

    def wait(self) -> None:
        while True:
            with self.lock:
                left = self.not_before - time.monotonic()
            if left <= 0:
                return
            time.sleep(left)


class Checker:
    """Checks URLs with a shared session, per-host limits and retries."""

    def __init__(self, timeout: float, retries: int, per_host: int, max_wait: float):
        self.timeout, self.retries, self.per_host, self.max_wait = timeout, retries, per_host, max_wait
        self.http = requests.Session()
        self.http.mount("https://", requests.adapters.HTTPAdapter(pool_maxsize=32))
        self.http.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=32))
        self.http.headers["User-Agent"] = USER_AGENT
        self.hosts: dict[str, _Host] = {}
        self.lock = threading.Lock()

    def host(self, url: str) -> _Host:
        with self.lock:
            return self.hosts.setdefault(urlsplit(url).netloc.lower(), _Host(threading.Semaphore(self.per_host)))

    def check(self, url: str) -> Outcome:
        """GET the URL (headers only; the body is not downloaded), retrying what may pass later."""
        host = self.host(url)
        for attempt in range(self.retries + 1):
            host.wait()
            with host.slots:
                host.wait()  # a request to the host may have been told to wait meanwhile
                outcome, retry, asked = self._attempt(url)
            if not retry:
                return outcome
            if asked is not None and asked > self.max_wait:
                return Outcome(url, False, f"{outcome.detail}; the server asks to wait {asked:g} s, more than "
                                           f"--max-wait {self.max_wait:g} s: check it later", unchecked=True)
            if attempt < self.retries:
                host.pause(asked if asked is not None else 0.2 * 2 ** attempt)
        return outcome

    def _attempt(self, url: str) -> tuple[Outcome, bool, float | None]:
        """One request: its outcome, whether to try again, and the pause a Retry-After asked for."""
        try:
            with self.http.get(url, timeout=self.timeout, stream=True, allow_redirects=True) as response:
                status = f"{response.status_code} {response.reason}"
                if response.status_code in RETRY_STATUS:
                    return Outcome(url, True, status), True, _retry_after(response.headers.get("Retry-After"))
                if response.status_code >= 400:
                    return Outcome(url, True, status), False, None
                moved = any(r.status_code in (301, 308) for r in response.history)
                return Outcome(url, False, status, response.url if moved else ""), False, None
        except requests.exceptions.Timeout:
            return Outcome(url, True, f"no answer within {self.timeout:g} s, on every attempt"), True, None
        except requests.exceptions.RequestException as exc:
            return Outcome(url, True, f"cannot connect: {exc}"[:300]), True, None


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds, or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def check_all(urls: list[str], checker: Checker, workers: int) -> list[Outcome]:
    """Check the URLs concurrently; outcomes in the order given."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(checker.check, urls))


def report(found: dict[str, list[Citation]], outcomes: list[Outcome], seconds: float) -> str:
    broken = [o for o in outcomes if o.broken]
    unchecked = [o for o in outcomes if o.unchecked]
    moved = [o for o in outcomes if o.moved_to]
    hosts = {urlsplit(o.url).netloc for o in outcomes}
    lines = [f"Checked {len(outcomes)} URLs on {len(hosts)} hosts in {seconds:.1f} s: "
             f"{len(outcomes) - len(broken) - len(unchecked)} OK, {len(broken)} broken, {len(unchecked)} unchecked, "
             f"{len(moved)} moved permanently."]
    for label, group, tail in (("BROKEN", broken, ""), ("UNCHECKED", unchecked, ""), ("MOVED ", moved, " (update the link)")):
        for outcome in group:
            lines.append(f"{label} {outcome.url}" + (f" -> {outcome.moved_to}{tail}" if outcome.moved_to else f": {outcome.detail}"))
            lines += [f"    cited by {citation}" for citation in found[outcome.url]]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("causes", nargs="?", default="causes.yaml", type=Path)
    parser.add_argument("--timeout", type=float, default=15, help="seconds per attempt (default 15)")
    parser.add_argument("--retries", type=int, default=2, help="retries after a timeout or 429/5xx (default 2)")
    parser.add_argument("--workers", type=int, default=8, help="URLs checked at once (default 8)")
    parser.add_argument("--per-host", type=int, default=2, help="requests open at once to one host (default 2)")
    parser.add_argument("--max-wait", type=float, default=60, help="longest Retry-After pause honoured, in seconds (default 60)")
    args = parser.parse_args(argv)
    try:
        found = citations(validated(args.causes), args.causes.resolve().parent)
    except InvalidKnowledgeBase as exc:
        print(exc, file=sys.stderr)
        return 2
    start = time.perf_counter()
    outcomes = check_all(list(found), Checker(args.timeout, args.retries, args.per_host, args.max_wait), args.workers)
    print(report(found, outcomes, time.perf_counter() - start))
    return 1 if any(o.broken or o.unchecked for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
