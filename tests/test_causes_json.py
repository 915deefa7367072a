"""/causes.json holds every cause with its canonical links, is valid against the schema the
site publishes, matches causes.yaml, and its links lead to real pages and fix anchors."""

from __future__ import annotations

import json

import jsonschema

from conftest import SITE_URL, soup
from macros import ticket


def load(site) -> dict:
    return json.loads((site / "causes.json").read_text(encoding="utf-8"))


def test_causes_json_is_valid_against_the_published_schema(site):
    schema = json.loads((site / "schema" / "causes-json.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    data = load(site)
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["$schema"] == f"{SITE_URL}schema/causes-json.schema.json"


def test_schema_describes_every_field(site):
    schema = json.loads((site / "schema" / "causes-json.schema.json").read_text(encoding="utf-8"))

    def walk(node, path):
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node.get("additionalProperties") is False, path
                for name, field in node["properties"].items():
                    assert "description" in field or "$ref" in field, f"{path}.{name} has no description"
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(schema, "schema")


def test_causes_json_matches_causes_yaml(site, kb):
    data = load(site)
    assert data["version"] == 1 and data["site_url"] == SITE_URL
    assert [c["id"] for c in data["causes"]] == list(kb.causes)
    for entry in data["causes"]:
        cause = kb.causes[entry["id"]]
        assert entry["url"] == f"{SITE_URL}causes/{cause.id}/"
        assert (entry["title"], entry["summary"], entry["where"], entry["likelihood"]) == (
            cause.title, cause.summary, list(cause.where), cause.likelihood)
        assert entry["aliases"] == list(cause.aliases)
        assert entry["error_messages"] == [{"text": m.text, "shown_on": m.shown_on} for m in cause.error_messages]
        assert entry["fixes"] == [{"id": f.id, "title": f.title, "url": f"{entry['url']}#{f.id}"} for f in cause.fixes]
        assert entry["last_reviewed"] == cause.last_reviewed
        assert entry["reply_item"] == ticket.reply_item(cause, SITE_URL)
        platforms = ["ios", "macos"] if "mac" in cause.where else ["ios"]
        assert [(c["platform"], c["version"]) for c in entry["checked_for"]] == [
            (p, cause.checked_for.versions[p]) for p in platforms]
        for checked in entry["checked_for"]:
            release = next(r for r in kb.releases if (r.platform, r.version) == (checked["platform"], checked["version"]))
            assert (checked["name"], checked["released"]) == (release.label, release.date)


def test_checked_for_is_the_page_label(site):
    """/causes.json and the cause page say the same 'Checked for'."""
    for entry in load(site)["causes"]:
        page = soup(site / "causes" / entry["id"] / "index.html")
        label = " ".join(page.select_one(".bh-checked").get_text().split())
        assert label == "· Checked for " + " and ".join(c["name"] for c in entry["checked_for"]), entry["id"]


def test_schema_version_says_fields_may_be_added(site):
    """checked_for came within version 1: the schema says a reader ignores fields it does not know."""
    schema = json.loads((site / "schema" / "causes-json.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["version"]["const"] == 1
    text = schema["properties"]["version"]["description"]
    assert "only ever added" in text and "ignores the others" in text
    assert "checked_for" in schema["definitions"]["cause"]["properties"]


def test_causes_json_links_lead_to_pages_and_fix_anchors(site):
    for entry in load(site)["causes"]:
        path = entry["url"].removeprefix(SITE_URL)
        page = soup(site / path / "index.html")
        for fix in entry["fixes"]:
            assert fix["url"].startswith(entry["url"] + "#")
            assert page.find(id=fix["url"].split("#")[1]) is not None, fix["url"]
        box = page.select_one("pre.bh-ticket__reply").get_text()
        assert entry["reply"] == box, f"{entry['id']}: the reply differs from the page's ticket box"


def _fields(schema: dict) -> list[str]:
    """Every field of the published schema, as its reference table names them (`causes[].id`)."""
    cause = schema["properties"]["causes"]["items"]
    cause = schema["definitions"][cause["$ref"].split("/")[-1]] if "$ref" in cause else cause
    return [f for f in schema["properties"] if f != "causes" and not f.startswith("$")] + [f"causes[].{f}" for f in cause["properties"]]


def test_the_published_reference_documents_every_field_of_causes_json(site):
    """The reference page of /causes.json (docs/developers/causes-json.md, published at
    /developers/causes-json/) links the schema and has a row for every field the published schema
    has, each row naming its fields first."""
    page = soup(site / "developers" / "causes-json" / "index.html")
    assert page.select_one('a[href$="schema/causes-json.schema.json"]'), "the reference does not link the schema"
    named = {code.get_text() for row in page.select("article table tr") for cell in row.select("td")[:1]
             for code in cell.select("code")}
    schema = json.loads((site / "schema" / "causes-json.schema.json").read_text(encoding="utf-8"))
    missing = [f for f in _fields(schema) if f not in named]
    assert not missing, f"the /causes.json reference has no row for {missing}"
