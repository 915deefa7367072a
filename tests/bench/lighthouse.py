"""Lighthouse's default mobile audit of served pages, run with the system Chromium.

Lighthouse comes from npm (pinned in tests/bench/npm/) and is installed into .venv/lighthouse
by `make bench`; `make test` never needs Node.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess

from conftest import ROOT

from .browser import CHROMIUM

LIGHTHOUSE = ROOT / ".venv" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def available() -> bool:
    return LIGHTHOUSE.is_file()


def version() -> str:
    """The installed version, from its package.json."""
    manifest = LIGHTHOUSE.parent.parent / "lighthouse" / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.is_file() else "(not installed)"


def audit(url: str, chromium: str = CHROMIUM) -> dict:
    """Scores (0-100) of one run, plus the audits that cost points, by category."""
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = {
        name: [f"{ref['id']} ({report['audits'][ref['id']].get('displayValue') or report['audits'][ref['id']]['score']})"
               for ref in report["categories"][name]["auditRefs"]
               if ref["weight"] > 0 and (report["audits"][ref["id"]]["score"] or 0) < 1
               and report["audits"][ref["id"]]["score"] is not None]
        for name in CATEGORIES
    }
    return {"scores": scores, "failing": failing}


def median_audit(url: str, runs: int) -> dict:
    """Median score per category over several runs (performance varies with machine load)."""
    results = [audit(url) for _ in range(runs)]
    scores = {name: int(statistics.median(r["scores"][name] for r in results)) for name in CATEGORIES}
    worst = min(results, key=lambda r: r["scores"]["performance"])
    return {"scores": scores, "failing": worst["failing"], "runs": [r["scores"]["performance"] for r in results]}
