"""`make serve` tells the truth: on a running server (a throwaway copy of the project, served
with make serve's command on a free port), saving a Python function of macros/, a template or
the schema changes the served page without a restart, and the ticket box and /causes.json name
the canonical site, not the preview's address."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from conftest import SITE_URL, copy_project, fetch, mkdocs_serve, wait_for
from macros.load import parse

STAGE = 120
"""Seconds allowed for one rebuild to show (a few seconds on an idle machine)."""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    cause = parse(project / "causes.yaml").data["causes"][0]
    log: list[str] = []
    with mkdocs_serve(project, log) as base:
        url = f"{base}causes/{cause['id']}/"
        wait_for(lambda: cause["title"] in fetch(url), f"{url} to be served", timeout=600)
        yield project, url, base, cause, log


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_ticket_box_and_causes_json_name_the_canonical_site(served):
    _, url, base, cause, _ = served
    box = BeautifulSoup(fetch(url), "html.parser").select_one("details.bh-ticket")
    assert box.select_one(".bh-ticket__url").get_text() == f"{SITE_URL}causes/{cause['id']}/"
    assert base not in str(box), "the ticket box names the preview's address"
    data = json.loads(fetch(base + "causes.json"))
    assert data["site_url"] == SITE_URL and data["causes"][0]["url"] == f"{SITE_URL}causes/{cause['id']}/"


def test_an_edit_to_a_python_function_of_macros_is_served(served):
    project, url, *_ = served
    edit(project / "macros" / "ticket.py", 'return "\\n".join(lines)', 'return "\\n".join(lines + ["Edited reply function."])')
    wait_for(lambda: "Edited reply function." in fetch(url), "the edited ticket.reply() on the served page", timeout=STAGE)


def test_an_edit_to_a_template_is_served(served):
    project, url, *_ = served
    edit(project / "macros" / "templates" / "cause.html.j2", "<h1>{{ cause.title }}</h1>", "<h1>{{ cause.title }}</h1>\n<p>Edited template.</p>")
    wait_for(lambda: "<p>Edited template.</p>" in fetch(url), "the edited template on the served page", timeout=STAGE)


def test_an_edit_to_the_schema_is_served(served):
    """A field the schema does not know stops the rebuild; once the schema allows it, the page changes."""
    project, url, _, cause, log = served
    edit(project / "causes.yaml", f"    title: {cause['title']}\n", f"    title: Retitled after the schema edit\n    colour: red\n")
    wait_for(lambda: any("colour: unknown field" in line for line in log), "the rebuild to reject the unknown field", timeout=STAGE)
    schema_file = project / "macros" / "causes.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["definitions"]["cause"]["properties"]["colour"] = {"type": "string", "description": "A field added while serving."}
    schema_file.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    wait_for(lambda: "Retitled after the schema edit" in fetch(url), "the page built with the edited schema", timeout=STAGE)
