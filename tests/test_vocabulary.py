"""The search vocabulary of causes.yaml (`vocabulary:`): checked like the rest of the file, with
located messages; published in the search index for the search box and the agents page; and
general language, never a copy of a test query."""

from __future__ import annotations

from html import escape
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT, search_facts, search_manifest
from macros.problems import InvalidKnowledgeBase
from macros.validate import load_knowledge_base
from macros.text import term, words

MINIMAL = DATA / "minimal.yaml"
GOOD = {"synonyms": [["back up", "sync"], ["slow", "takes forever"]],
        "sides": {"icloud": ["icloud"], "computer": ["itunes", "cable"], "mac": ["finder"], "windows": ["pc"]}}


def write(tmp_path, vocabulary) -> Path:
    """The minimal knowledge base with this vocabulary, written just before `causes:`."""
    data = yaml.safe_load(MINIMAL.read_text())
    data = {"version": data["version"], "vocabulary": vocabulary,
            **{k: v for k, v in data.items() if k not in ("version", "vocabulary")}}
    path = tmp_path / "causes.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000))
    return path


def problems(tmp_path, vocabulary) -> str:
    """What the validator says of the file (write), checked in this process: "" if nothing."""
    try:
        load_knowledge_base(write(tmp_path, vocabulary))
    except InvalidKnowledgeBase as exc:
        return str(exc)
    return ""


def line_of(tmp_path, needle: str) -> int:
    lines = (tmp_path / "causes.yaml").read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_a_good_vocabulary_passes(tmp_path):
    assert problems(tmp_path, GOOD) == ""


def test_the_command_line_says_so_too(tmp_path):
    """`python -m macros` reports a bad vocabulary the same way (the cases below are checked in
    this process) and exits 1; a good one, 0."""
    command = [sys.executable, "-m", "macros", str(write(tmp_path, GOOD))]
    assert subprocess.run(command, cwd=ROOT, capture_output=True, text=True).returncode == 0
    bad = {**GOOD, "synonyms": [["lonely"]]}
    result = subprocess.run([*command[:-1], str(write(tmp_path, bad))], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.strip() == problems(tmp_path, bad).strip(), result.stderr


@pytest.mark.parametrize("vocabulary, needle, says", [
    ({**GOOD, "synonyms": [["back up", "sync"], ["sync", "copy"]]}, "- copy", "'sync' is also in"),
    ({**GOOD, "sides": {**GOOD["sides"], "mac": ["finder", "iTunes"]}}, "- iTunes", "'iTunes' is also in"),
    ({**GOOD, "synonyms": [["back-up", "sync"], ["back up", "copy"]]}, "- copy", "'back up' is also in"),
    ({**GOOD, "sides": {**GOOD["sides"], "android": ["pixel"]}}, "android:", "android"),
    ({**GOOD, "synonyms": [["lonely"]]}, "- lonely", "synonyms"),
    ({**GOOD, "synonyms": [["!!!", "sync"]]}, "'!!!'", "has no letter or digit"),
    ({**GOOD, "sides": {**GOOD["sides"], "icloud": []}}, "icloud:", "icloud"),
])
def test_a_bad_vocabulary_is_rejected_with_its_place(tmp_path, vocabulary, needle, says):
    said = problems(tmp_path, vocabulary)
    line = line_of(tmp_path, needle)
    located = [row for row in said.splitlines() if f"causes.yaml:{line}:" in row or f"causes.yaml:{line - 1}:" in row]
    assert located and any(says in row for row in located), said
    assert "vocabulary" in said


def test_the_index_carries_the_vocabulary_and_what_each_cause_is_found_by(site, kb):
    vocabulary = search_manifest(site)["vocabulary"]
    assert vocabulary == {"synonyms": [[escape(p, quote=False) for p in group] for group in kb.vocabulary.synonyms],
                          "sides": {side: [escape(p, quote=False) for p in phrases] for side, phrases in kb.vocabulary.sides.items()}}
    facts = search_facts(site)
    known = set(search_manifest(site)["terms"])
    for cause in kb.causes.values():
        found = facts[cause.url]
        assert found["where"] == list(cause.where) and found["likelihood"] == cause.likelihood
        assert sorted(found["messages"]) == sorted(m.text for m in cause.error_messages)
        terms = {term(w) for phrase in (cause.title, *cause.search_terms) for w in words(phrase)} - {None}
        assert terms <= known, f"{cause.id}: search terms not in the index: {sorted(terms - known)}"


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold().replace("'", "").replace("’", "")))


def test_no_test_query_is_copied_into_the_vocabulary(kb):
    """The vocabulary is general language: none of its phrases of three words or more is a whole
    query of the test data (real queries, own cases, shared cases), nor is any phrase a run of
    five or more words of one. (Single words and pairs are the vocabulary itself.)"""
    queries = [q["q"] for q in yaml.safe_load((DATA / "real-queries.yaml").read_text())["queries"]]
    queries += [c["q"] for c in yaml.safe_load((DATA / "search-cases.yaml").read_text())["cases"]]
    shared = ROOT.parent / "shared" / "search-queries.yaml"
    if shared.is_file():
        queries += [q["q"] for q in yaml.safe_load(shared.read_text())["queries"]]
    whole = {_words(q) for q in queries}
    phrases = [p for group in kb.vocabulary.synonyms for p in group]
    phrases += [p for side in kb.vocabulary.sides.values() for p in side]
    copied = [p for p in phrases if (len(_words(p).split()) >= 3 and _words(p) in whole) or
              (len(_words(p).split()) >= 5 and any(f" {_words(p)} " in f" {w} " for w in whole))]
    assert not copied, f"vocabulary phrases copied from test queries: {copied}"
