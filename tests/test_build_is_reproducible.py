"""The same causes.yaml builds the same bytes: the session's build and a build on another date,
with another SOURCE_DATE_EPOCH and the clock of the process itself set years ahead (what
`datetime.date.today()`, `datetime.datetime.now()` and `time.time()` answer), are identical in
every file (pages, search index, causes.json, sitemap), so nothing carries a build time."""

from __future__ import annotations

import filecmp
import subprocess
import sys

from conftest import ROOT, clean_environ

YEAR_2040 = "2208988800"
AHEAD = 3 * 365 * 86400 + 17 * 3600
"""Seconds the clock of the second build is set ahead: years, and a part of a day."""

LATER = f"""
import datetime, sys, time
ahead = {AHEAD}
real_time = time.time
time.time = lambda: real_time() + ahead
class Date(datetime.date):
    @classmethod
    def today(cls):
        return datetime.date.fromtimestamp(time.time())
class DateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.datetime.fromtimestamp(time.time(), tz)
    @classmethod
    def today(cls):
        return cls.now()
    @classmethod
    def utcnow(cls):
        return datetime.datetime.fromtimestamp(time.time(), datetime.timezone.utc).replace(tzinfo=None)
datetime.date, datetime.datetime = Date, DateTime
assert datetime.date.today().year >= 2028
from mkdocs.__main__ import cli
sys.exit(cli())
"""
"""`mkdocs build` with the process's clock moved ahead, before MkDocs or the hooks import anything."""


def files(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_a_build_on_another_date_is_byte_identical(site, tmp_path):
    later = tmp_path / "later"
    result = subprocess.run(
        [sys.executable, "-c", LATER, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(later)],
        cwd=ROOT, env=clean_environ(SOURCE_DATE_EPOCH=YEAR_2040), capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert files(site) == files(later)
    _, mismatch, errors = filecmp.cmpfiles(site, later, [str(p) for p in files(site)], shallow=False)
    assert not mismatch and not errors, f"files differ between two builds of the same input: {mismatch + errors}"
    assert len(files(site)) > 30
