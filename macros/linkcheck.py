"""`make linkcheck`: check every external URL causes.yaml cites, on demand (never in `make test`).

    python -m macros.linkcheck [causes.yaml] [--timeout S] [--retries N] [--workers N]

Each distinct URL (reference links and error-message sources) is fetched once, concurrently,
with a timeout and retries on timeouts, dropped connections and 429/5xx answers (requests and
urllib3's Retry). A broken URL is listed with every cause and field that cites it, and its line;
permanent redirects are listed so the file can be updated. Exit status 1 if any URL is broken.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util.retry import Retry

from .load import Parsed
from .problems import InvalidKnowledgeBase, format_path
from .validate import validated

USER_AGENT = "backup-help-linkcheck/1 (checks the sources cited by an iPhone backup help site)"


@dataclass(frozen=True)
class Citation:
    cause: str
    path: tuple
    line: int | None

    def __str__(self) -> str:
        return f"cause '{self.cause}': {format_path(self.path)}" + (f" (line {self.line})" if self.line else "")


@dataclass(frozen=True)
class Outcome:
    url: str
    broken: bool
    detail: str           # "404 Not Found", "timed out after 10 s", ...
    moved_to: str = ""    # final URL when the server answered with a permanent redirect


def citations(parsed: Parsed) -> dict[str, list[Citation]]:
    """Every external URL in the file, with where it is cited, in file order."""
    found: dict[str, list[Citation]] = {}
    for i, cause in enumerate(parsed.data["causes"]):
        located = [(("references", j, "url"), ref["url"]) for j, ref in enumerate(cause["references"])]
        located += [(("error_messages", k, "source"), m["source"]) for k, m in enumerate(cause["error_messages"])]
        for path, url in located:
            line = parsed.line_of(("causes", i) + path)
            found.setdefault(url, []).append(Citation(cause["id"], path, line))
    return found


def session(retries: int) -> requests.Session:
    """An HTTP session that retries timeouts, dropped connections and 429/5xx answers."""
    retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=0.2,
                  status_forcelist=(429, 500, 502, 503, 504), allowed_methods=None, raise_on_status=False,
                  respect_retry_after_header=False)
    http = requests.Session()
    http.mount("https://", HTTPAdapter(max_retries=retry, pool_maxsize=32))
    http.mount("http://", HTTPAdapter(max_retries=retry, pool_maxsize=32))
    http.headers["User-Agent"] = USER_AGENT
    return http


def check_url(http: requests.Session, url: str, timeout: float) -> Outcome:
    """GET the URL (headers only; the body is not downloaded) and judge the final answer."""
    try:
        with http.get(url, timeout=timeout, stream=True, allow_redirects=True) as response:
            moved = any(r.status_code in (301, 308) for r in response.history)
            if response.status_code >= 400:
                return Outcome(url, True, f"{response.status_code} {response.reason}")
            return Outcome(url, False, f"{response.status_code} {response.reason}", response.url if moved else "")
    except requests.exceptions.RequestException as exc:
        # After retries urllib3 wraps the last error: a read timeout arrives as a ConnectionError.
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        if isinstance(exc, requests.exceptions.Timeout) or isinstance(reason, Urllib3Timeout):
            return Outcome(url, True, f"no answer within {timeout:g} s, on every attempt")
        return Outcome(url, True, f"cannot connect: {reason or exc}")


def check_all(urls: list[str], timeout: float, retries: int, workers: int) -> list[Outcome]:
    """Check the URLs concurrently; outcomes in the order given."""
    http = session(retries)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda url: check_url(http, url, timeout), urls))


def report(found: dict[str, list[Citation]], outcomes: list[Outcome], seconds: float) -> str:
    broken = [o for o in outcomes if o.broken]
    moved = [o for o in outcomes if o.moved_to]
    causes = {c.cause for cited in found.values() for c in cited}
    lines = [f"Checked {len(outcomes)} URLs cited by {len(causes)} causes in {seconds:.1f} s: "
             f"{len(outcomes) - len(broken)} OK, {len(broken)} broken, {len(moved)} moved permanently."]
    for outcome in broken:
        lines.append(f"BROKEN {outcome.url}: {outcome.detail}")
        lines += [f"    cited by {citation}" for citation in found[outcome.url]]
    for outcome in moved:
        lines.append(f"MOVED  {outcome.url} -> {outcome.moved_to} (update the link)")
        lines += [f"    cited by {citation}" for citation in found[outcome.url]]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("causes", nargs="?", default="causes.yaml", type=Path)
    parser.add_argument("--timeout", type=float, default=15, help="seconds per attempt (default 15)")
    parser.add_argument("--retries", type=int, default=2, help="retries after a timeout or 429/5xx (default 2)")
    parser.add_argument("--workers", type=int, default=8, help="URLs checked at once (default 8)")
    args = parser.parse_args(argv)
    try:
        found = citations(validated(args.causes))
    except InvalidKnowledgeBase as exc:
        print(exc, file=sys.stderr)
        return 2
    start = time.perf_counter()
    outcomes = check_all(list(found), args.timeout, args.retries, args.workers)
    print(report(found, outcomes, time.perf_counter() - start))
    return 1 if any(o.broken for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
