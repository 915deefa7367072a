"""Tests control their own environment: a maintainer who exported BACKUP_HELP_SITE_URL or
BACKUP_HELP_CAUSES (to preview another host, or to build another causes file) still gets a green
run, because no test build inherits them and the canonical URL is read from mkdocs.yml."""

from __future__ import annotations

import subprocess
import sys

from conftest import PROJECT_ENV, ROOT, SITE_URL, clean_environ


def test_tests_pass_with_the_project_variables_exported(tmp_path):
    exported = {"BACKUP_HELP_SITE_URL": "https://preview.example.org/help/", "BACKUP_HELP_CAUSES": str(tmp_path / "missing.yaml")}
    assert set(exported) == set(PROJECT_ENV)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "not browser", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "run"),
         "tests/test_causes_json.py", "tests/test_ticket_links.py"],
        cwd=ROOT, env={**clean_environ(), **exported}, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_canonical_url_comes_from_mkdocs_yml():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert f'"{SITE_URL}"' in config.split("\nsite_url:", 1)[1].split("\n", 1)[0]
