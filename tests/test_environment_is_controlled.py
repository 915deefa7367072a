"""Tests control their own environment: a maintainer who exported BACKUP_HELP_SITE_URL or
BACKUP_HELP_CAUSES (to preview another host, or to build another causes file) still gets a green
run, because no test build inherits them and the canonical URL is read from mkdocs.yml.

Every build or server a test starts goes through conftest's run_build or mkdocs_serve; with
both variables exported, what each of them would hand its subprocess is checked here, without
building anything."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import conftest
from conftest import PROJECT_ENV, ROOT, SITE_URL

EXPORTED = {"BACKUP_HELP_SITE_URL": "https://preview.example.org/help/", "BACKUP_HELP_CAUSES": "/nowhere/missing.yaml"}


@pytest.fixture
def started(monkeypatch) -> list[dict]:
    """With EXPORTED in the environment: the environment of every subprocess started, none run."""
    assert set(EXPORTED) == set(PROJECT_ENV)
    for name, value in EXPORTED.items():
        monkeypatch.setenv(name, value)
    seen: list[dict] = []

    class Started:
        returncode, stdout, stderr = 0, "", []

        def terminate(self):
            pass

        def wait(self, timeout=None):
            return 0

    def record(args, **options):
        seen.append(dict(options["env"]))
        return Started()

    monkeypatch.setattr(subprocess, "run", record)
    monkeypatch.setattr(subprocess, "Popen", record)
    return seen


def test_test_builds_and_servers_never_inherit_the_project_variables(started, tmp_path):
    conftest.run_build(tmp_path / "site")
    conftest.run_build(tmp_path / "other", causes=Path("/tmp/other.yaml"))
    conftest.run_build(tmp_path / "elsewhere", BACKUP_HELP_SITE_URL="https://help.example.org/")
    with conftest.mkdocs_serve(tmp_path):
        pass
    plain, other, elsewhere, served = started
    for env in (plain, served):
        assert not set(PROJECT_ENV) & set(env), env
    assert other["BACKUP_HELP_CAUSES"] == "/tmp/other.yaml" and "BACKUP_HELP_SITE_URL" not in other
    assert elsewhere["BACKUP_HELP_SITE_URL"] == "https://help.example.org/" and "BACKUP_HELP_CAUSES" not in elsewhere


def test_the_canonical_url_is_read_the_same_with_the_variables_exported(started):
    assert conftest._canonical_site_url() == SITE_URL != EXPORTED["BACKUP_HELP_SITE_URL"]


def test_canonical_url_comes_from_mkdocs_yml():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert f'"{SITE_URL}"' in config.split("\nsite_url:", 1)[1].split("\n", 1)[0]
