"""What the real causes.yaml must cover, checked on the file (through the project's loader) and on
the built site: the causes of the seed article and of the research, a first question that asks
where the iPhone backs up, the spellings people type, and the refutation of the "update iCloud
services" myth.

The rules every entry must follow (quoted messages, sources, summaries, warnings, Settings
wording, escalation, "not sure" answers, ...) are part of validation (macros/rules.py), so the
build and `python -m macros` report them with file and line; test_validation_rejects_bad_input.py
proves each of them can fail. Here, each check returns a list of problems; the real file has none,
and each `*_can_fail` test feeds a check a deliberately broken copy of the real data.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace

import pytest
import yaml

from bs4 import BeautifulSoup

from conftest import ROOT, SITE_URL, rename_cause, soup
from macros import render
from macros.load import parse
from macros.model import KnowledgeBase
from macros.text import normalise
from macros.rules import MYTH, RISKY_STEP, is_apple
from macros.validate import load_knowledge_base

REPOSITORY = "https://github.com/backup-help/backup-help.github.io"

REQUIRED_IDS = [
    # iCloud; the seed article's five causes come first, in this order
    "unstable-wifi", "icloud-storage-full", "outdated-ios", "restrictions-block-backup",
    "icloud-service-outage", "backup-conditions-not-met", "icloud-backup-turned-off",
    "apple-account-signin", "network-blocks-icloud", "low-power-or-low-data-mode",
    "restore-in-progress", "backup-too-slow", "managed-device-profile",
    # computer
    "computer-disk-full", "usb-connection-drops", "computer-not-trusted", "corrupt-backup",
    "security-software", "outdated-computer-software", "encrypted-backup-password",
    # issue 13: causes people still hit, found in real questions (ids fixed; search labels use them)
    "iphone-storage-full", "icloud-backup-missing", "new-or-beta-ios", "modified-or-sideloaded-apps",
    "computer-backup-stops-when-locked",
]
"""Causes the site must cover. A renamed one counts under its new id: the old id is in its aliases."""
SEED_CAUSES = REQUIRED_IDS[:5]

SEARCH_VARIANTS = ["icloud full", "back up", "backup", "greyed out", "grayed out", "wont", "cant", "doesnt"]
"""Spellings people really type; each must be a search term, or a whole-word part of one."""


# --- helpers ---------------------------------------------------------------------------------


def raw_data() -> dict:
    """causes.yaml as plain data, through the project's safe loader (for broken copies)."""
    return parse(ROOT / "causes.yaml").data


def kb_from(data: dict) -> KnowledgeBase:
    return KnowledgeBase.from_data(data)


def live_id(kb: KnowledgeBase, ident: str) -> str:
    """The id a cause has now: itself, or the cause that keeps it among its aliases."""
    return kb.aliases.get(ident, ident)


def all_steps(fix) -> list[str]:
    return [step for steps in fix.steps.values() for step in steps]


def causes_under(kb: KnowledgeBase, node_id: str) -> set[str]:
    found: set[str] = set()
    stack, seen = [node_id], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for answer in kb.tree.nodes[current].answers:
            found.update(answer.causes)
            if answer.next:
                stack.append(answer.next)
    return found


# --- lints -----------------------------------------------------------------------------------


def lint_required_ids(kb: KnowledgeBase) -> list[str]:
    problems = [f"required cause '{i}' is missing" for i in REQUIRED_IDS if live_id(kb, i) not in kb.causes]
    seed = [live_id(kb, i) for i in SEED_CAUSES]
    first = list(kb.causes)[: len(seed)]
    if first != seed:
        problems.append(f"the seed article's causes must come first, in order {seed}, not {first}")
    return problems


def causes_without_apple_reference(kb: KnowledgeBase) -> list[str]:
    return [c.id for c in kb.causes.values() if not any(is_apple(r.url) for r in c.references)]


def lint_tree_starts_where_they_back_up(kb: KnowledgeBase) -> list[str]:
    start = kb.tree.nodes[kb.tree.start]
    problems = []
    for platform, word in (("icloud", "iCloud"), ("mac", "Mac"), ("windows", "Windows")):
        answers = [a for a in start.answers if word in a.label]
        if not answers:
            problems.append(f"the first question has no answer for {word}")
            continue
        expected = {c.id for c in kb.causes.values() if platform in c.where}
        found = set()
        for a in answers:
            found |= set(a.causes) | (causes_under(kb, a.next) if a.next else set())
        if expected - found:
            problems.append(f"{word} causes not reachable after answering {word}: {sorted(expected - found)}")
    return problems


def lint_search_terms(kb: KnowledgeBase) -> list[str]:
    terms = [normalise(t) for c in kb.causes.values() for t in c.search_terms]
    return [
        f"no search term spells {variant!r}"
        for variant in SEARCH_VARIANTS
        if not any(re.search(rf"(?<![\w']){re.escape(variant)}(?![\w'])", term) for term in terms)
    ]


def lint_myth_is_refuted(kb: KnowledgeBase) -> list[str]:
    """The seed article's 'update iCloud services' advice is named on outdated-ios only to refute it."""
    outdated = kb.causes.get(live_id(kb, "outdated-ios"))
    if outdated is None or not any(MYTH.search(t) and "Software Update" in t for t in (outdated.summary, *outdated.checks)):
        return ["outdated-ios must call out the 'update iCloud services' myth and point to Software Update"]
    return []


LINTS = [lint_required_ids, lint_tree_starts_where_they_back_up, lint_search_terms, lint_myth_is_refuted]


# --- the real file passes every lint ----------------------------------------------------------


@pytest.mark.parametrize("lint", LINTS, ids=lambda f: f.__name__)
def test_real_causes_yaml_passes(lint, kb):
    problems = lint(kb)
    assert not problems, "\n".join(problems)


def test_a_cause_without_an_apple_source_says_its_sources_are_independent(kb):
    """The guide's rule for third-party sources, on the page: a cause none of whose references is
    one of Apple's own pages says so above its sources; the others do not. Checked on the real
    causes and on a copy of one cause whose Apple references are taken away."""
    def note(cause) -> bool:
        page = BeautifulSoup(render.cause_page(kb, cause, SITE_URL, REPOSITORY), "html.parser")
        return page.select_one("#sources + p.bh-sources__note") is not None

    for cause in kb.causes.values():
        assert note(cause) == (cause.id in causes_without_apple_reference(kb)), cause.id
    cause = next(c for c in kb.causes.values() if any(is_apple(r.url) for r in c.references))
    others = tuple(r for r in cause.references if not is_apple(r.url)) or (replace(cause.references[0], url="https://example.org/"),)
    assert note(replace(cause, references=others)), "a cause with independent sources only does not say so"


# --- each lint can fail: a broken copy of the real data trips it -------------------------------


def _cause(data: dict, cause_id: str) -> dict:
    return next(c for c in data["causes"] if c["id"] == cause_id)


def _break_required_ids(d):
    d["causes"].remove(_cause(d, "security-software"))


def _break_start(d):
    start = d["decision_tree"]["start"]
    node = next(n for n in d["decision_tree"]["nodes"] if n["id"] == start)
    node["answers"] = [a for a in node["answers"] if "Windows" not in a["label"]]


def _break_search_terms(d):
    for cause in d["causes"]:
        cause["search_terms"] = [t for t in cause.get("search_terms", []) if "grayed" not in t.lower()]


def _break_myth(d):
    cause = _cause(d, "outdated-ios")
    cause["summary"] = MYTH.sub("update the iPhone", cause["summary"])
    cause["checks"] = [MYTH.sub("update the iPhone", c) for c in cause["checks"]]


BREAKERS = {
    lint_required_ids: _break_required_ids, lint_tree_starts_where_they_back_up: _break_start,
    lint_search_terms: _break_search_terms, lint_myth_is_refuted: _break_myth,
}


def test_every_lint_has_a_breaker():
    assert set(BREAKERS) == set(LINTS)


@pytest.mark.parametrize("lint", LINTS, ids=lambda f: f.__name__)
def test_lint_can_fail(lint):
    data = copy.deepcopy(raw_data())
    BREAKERS[lint](data)
    assert lint(kb_from(data)), f"{lint.__name__} did not notice the broken copy"


@pytest.mark.parametrize("required", SEED_CAUSES[:1] + ["outdated-ios", "security-software"])
def test_the_rename_workflow_keeps_the_file_valid_and_covered(required, tmp_path, kb):
    """CONTRIBUTING: rename a cause by giving it a new id and keeping the old one in aliases."""
    old = live_id(kb, required)
    path = tmp_path / "causes.yaml"
    path.write_text(yaml.safe_dump(rename_cause(raw_data(), old, f"{old}-renamed"), sort_keys=False, allow_unicode=True))
    kb = load_knowledge_base(path)  # raises, listing every problem, if the renamed file is invalid
    assert old not in kb.causes and kb.aliases[old] == f"{old}-renamed"
    for lint in LINTS:
        assert not lint(kb), f"{lint.__name__}: {lint(kb)}"


# --- on the built site -------------------------------------------------------------------------


def _page_text(html_pages, url: str) -> str:
    page = soup(html_pages[url])
    return " ".join(page.select_one("article.md-content__inner").get_text(" ", strip=True).split())


def test_built_outdated_ios_page_refutes_the_icloud_services_myth(kb, html_pages):
    text = _page_text(html_pages, kb.causes["outdated-ios"].url)
    assert MYTH.search(text) and "Settings > General > Software Update" in text


def test_built_pages_show_a_warning_on_every_risky_fix(kb, html_pages):
    for cause in kb.causes.values():
        page = soup(html_pages[cause.url])
        for fix in cause.fixes:
            if RISKY_STEP.search(" ".join([fix.title, *all_steps(fix)])):
                box = page.find(id=fix.id).find_next("div", class_="admonition")
                assert box is not None and "warning" in box["class"], f"{cause.id}#{fix.id}"
                assert " ".join(fix.warning.split()) in " ".join(box.get_text(" ").split())


def test_built_pages_cite_apple_first(kb, html_pages):
    for cause in kb.causes.values():
        page = soup(html_pages[cause.url])
        links = [a["href"] for a in page.select(".bh-sources a")]
        assert links and all(h.startswith("https://") for h in links), cause.id
        if any(map(is_apple, links)):
            assert is_apple(links[0]), f"{cause.id}: Apple's page is not the first source shown"
