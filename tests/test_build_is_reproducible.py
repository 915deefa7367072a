"""The same causes.yaml builds the same bytes: two builds on different dates are identical in
every file (pages, search index, causes.json, sitemap), so nothing carries a build time."""

from __future__ import annotations

import filecmp

from conftest import run_build

YEAR_2000 = "946684800"
YEAR_2040 = "2208988800"


def files(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_two_builds_on_different_dates_are_byte_identical(tmp_path):
    sites = []
    for epoch in (YEAR_2000, YEAR_2040):
        out = tmp_path / epoch
        result = run_build(out, SOURCE_DATE_EPOCH=epoch)
        assert result.returncode == 0, result.stderr
        sites.append(out)
    first, second = sites
    assert files(first) == files(second)
    _, mismatch, errors = filecmp.cmpfiles(first, second, [str(p) for p in files(first)], shallow=False)
    assert not mismatch and not errors, f"files differ between two builds of the same input: {mismatch + errors}"
    assert len(files(first)) > 30
