"""The same causes.yaml builds the same bytes: a build on another day of the wall clock is
identical in every file (pages, search index, causes.json, sitemap and its gzip copy), so nothing
carries a build time."""

from __future__ import annotations

import filecmp
import subprocess
import sys

from conftest import ROOT, clean_environ

ON_ANOTHER_DAY = """import sys, freezegun
freezegun.freeze_time("2040-06-01 12:00:00").start()  # every clock the build reads says 2040
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
cli()
"""


def files(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_a_build_on_another_day_is_byte_identical(site, tmp_path):
    out = tmp_path / "2040"
    result = subprocess.run([sys.executable, "-c", ON_ANOTHER_DAY, "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"),
                             "-d", str(out)], cwd=ROOT, env=clean_environ(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert files(site) == files(out)
    _, mismatch, errors = filecmp.cmpfiles(site, out, [str(p) for p in files(site)], shallow=False)
    assert not mismatch and not errors, f"files differ between two builds of the same input: {mismatch + errors}"
    assert len(files(site)) > 30
