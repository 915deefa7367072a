"""Content lints on the real causes.yaml (loaded through the project's loader) and on the built
site: the editorial rules of issue 4 that the schema cannot express.

Each lint is a function that returns a list of problems; the tests assert that the real file has
none. The `*_can_fail` tests feed each lint a deliberately broken copy of the real data, so a lint
that silently stops checking anything is caught too.
"""

from __future__ import annotations

import copy
import re
import warnings
from collections import defaultdict

import pytest

from conftest import ROOT, soup
from macros.load import parse
from macros.model import KnowledgeBase

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
SEED_CAUSES = REQUIRED_IDS[:5]
MAX_QUESTIONS = 5

SEARCH_VARIANTS = ["icloud full", "back up", "backup", "greyed out", "grayed out", "wont", "cant", "doesnt"]
"""Spellings people really type; each must be a search term, or a whole-word part of one."""

NUMERIC_CODE = re.compile(
    r"\b(?:error|code)\b\W{0,3}-?\d+"  # "error 4013", "code: -39"
    r"|\(\s*-?\d+\s*\)"                # "(-54)"
    r"|^\W*-?\d+\W*$"                  # a bare number
    r"|\b\d{2,}\b",                    # any multi-digit number
    re.IGNORECASE,
)

RISKY_STEP = re.compile(
    r"\bdelet\w*|\breset (?:all settings|network settings|location & privacy)\b|\berase\b|\bbuy\b"
    r"|\bpurchase\b|change storage plan|upgrade to icloud\+"
    r"|\bsign out\b|stop restoring|remove profile|forget this network|\bpause\b.*\bsecurity\b",
    re.IGNORECASE,
)
"""Steps that can lose data, turn a setting off or cost money: their fix needs a warning."""

OLD_WORDING = {
    # wording that changed -> the current wording that must be named alongside it
    "Apple ID": "Apple Account",
    "Manage Storage": "Manage Account Storage",
    "Password & Security": "Sign-In & Security",
    "Profiles & Device Management": "VPN & Device Management",
    "Settings > General > Reset": "Transfer or Reset iPhone",
    "System Preferences": "System Settings",
    "About This Mac > Storage": "General > Storage",
    "Power & sleep": "Power & battery",
}
"""Older Settings wording may only appear next to today's wording (naming the older one)."""

MAC_ONLY = re.compile(r"\bFinder\b|\bmacOS\b|\bSystem Settings\b|\bKeychain\b", re.IGNORECASE)
WINDOWS_ONLY = re.compile(r"\bApple Devices app\b|\bWindows\b|\bFile Explorer\b|%APPDATA%", re.IGNORECASE)

UNSURE_LABEL = re.compile(r"not sure|none of these", re.IGNORECASE)
MYTH = re.compile(r"update (?:your )?icloud services|icloud services update", re.IGNORECASE)


# --- helpers ---------------------------------------------------------------------------------


def raw_data() -> dict:
    """causes.yaml as plain data, through the project's safe loader (for broken copies)."""
    return parse(ROOT / "causes.yaml").data


def kb_from(data: dict) -> KnowledgeBase:
    return KnowledgeBase.from_data(data)


def is_apple(url: str) -> bool:
    host = re.match(r"https://([^/]+)", url)
    return bool(host) and (host.group(1) == "apple.com" or host.group(1).endswith(".apple.com"))


def all_steps(fix) -> list[str]:
    return [step for steps in fix.steps.values() for step in steps]


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def prose(kb: KnowledgeBase):
    """(where, text) for every instruction or explanation written in the site's own voice.
    Symptoms and search terms are excluded: they are the reader's words, old names included."""
    for cause in kb.causes.values():
        yield f"{cause.id}.summary", cause.summary
        yield f"{cause.id}.escalate", cause.escalate
        for i, check in enumerate(cause.checks):
            yield f"{cause.id}.checks[{i}]", check
        for fix in cause.fixes:
            yield f"{cause.id}#{fix.id}.title", fix.title
            if fix.warning:
                yield f"{cause.id}#{fix.id}.warning", fix.warning
            for platform, steps in fix.steps.items():
                for i, step in enumerate(steps):
                    yield f"{cause.id}#{fix.id}.{platform or 'steps'}[{i}]", step
    for node in kb.tree.nodes.values():
        yield f"node {node.id}.question", node.question
        if node.help:
            yield f"node {node.id}.help", node.help
        for answer in node.answers:
            yield f"node {node.id} answer", answer.label


def tree_paths(kb: KnowledgeBase) -> tuple[dict[str, int], set[str], list[str]]:
    """Longest number of questions to reach each cause, the nodes reached, and any cycle."""
    nodes = kb.tree.nodes
    longest: dict[str, int] = {}
    reached: set[str] = set()
    cycle: list[str] = []

    def walk(node_id: str, trail: list[str]) -> None:
        if node_id in trail:
            cycle.extend(trail[trail.index(node_id):] + [node_id])
            return
        reached.add(node_id)
        trail = trail + [node_id]
        for answer in nodes[node_id].answers:
            if answer.next:
                walk(answer.next, trail)
            for cause in answer.causes:
                longest[cause] = max(longest.get(cause, 0), len(trail))

    walk(kb.tree.start, [])
    return longest, reached, cycle


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
    problems = [f"required cause '{i}' is missing" for i in REQUIRED_IDS if i not in kb.causes]
    first = list(kb.causes)[: len(SEED_CAUSES)]
    if first != SEED_CAUSES:
        problems.append(f"the seed article's causes must come first, in order {SEED_CAUSES}, not {first}")
    return problems


def lint_complete_causes(kb: KnowledgeBase) -> list[str]:
    problems = []
    for c in kb.causes.values():
        minimum = {"symptoms": 2, "checks": 2, "fixes": 1, "references": 1, "related": 1, "search_terms": 5}
        for field, least in minimum.items():
            if len(getattr(c, field)) < least:
                problems.append(f"{c.id}: needs at least {least} {field}")
        for text_field in ("title", "summary", "escalate", "last_reviewed"):
            if not getattr(c, text_field).strip():
                problems.append(f"{c.id}: {text_field} is empty")
        if not c.where:
            problems.append(f"{c.id}: where is empty")
        for fix in c.fixes:
            if not fix.steps or any(not steps for steps in fix.steps.values()):
                problems.append(f"{c.id}#{fix.id}: a fix needs numbered steps")
        if c.id in c.related:
            problems.append(f"{c.id}: related to itself")
    return problems


def lint_references(kb: KnowledgeBase) -> list[str]:
    problems = []
    for c in kb.causes.values():
        urls = [r.url for r in c.references]
        if not any(u.startswith("https://") for u in urls):
            problems.append(f"{c.id}: no https reference")
        problems += [f"{c.id}: reference is not https: {u}" for u in urls if not u.startswith("https://")]
        if any(map(is_apple, urls)) and not is_apple(urls[0]):
            problems.append(f"{c.id}: Apple's own pages must be listed before third-party ones")
    return problems


def causes_without_apple_reference(kb: KnowledgeBase) -> list[str]:
    return [c.id for c in kb.causes.values() if not any(is_apple(r.url) for r in c.references)]


def lint_summaries(kb: KnowledgeBase) -> list[str]:
    problems = []
    for c in kb.causes.values():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", c.summary.strip()) if s]
        if not 80 <= len(c.summary) <= 400:
            problems.append(f"{c.id}: summary is {len(c.summary)} characters (80 to 400 read in one go)")
        if len(sentences) > 3:
            problems.append(f"{c.id}: summary has {len(sentences)} sentences (at most 3)")
    return problems


def lint_shared_messages(kb: KnowledgeBase) -> list[str]:
    owners: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for c in kb.causes.values():
        for m in c.error_messages:
            owners[norm(m.text)].append((c.id, m.shared))
    problems = []
    for text, copies in owners.items():
        causes = {cause for cause, _ in copies}
        if len(copies) > len(causes):
            problems.append(f"{text!r} is listed twice under the same cause")
        if len(causes) > 1 and not all(shared for _, shared in copies):
            problems.append(f"{text!r} is under {sorted(causes)} but not marked shared everywhere")
        if len(causes) == 1 and any(shared for _, shared in copies):
            problems.append(f"{text!r} is marked shared but only {sorted(causes)[0]} lists it")
    return problems


def lint_no_numeric_codes(kb: KnowledgeBase) -> list[str]:
    return [
        f"{c.id}: error message looks like a numeric code: {m.text!r}"
        for c in kb.causes.values()
        for m in c.error_messages
        if NUMERIC_CODE.search(m.text)
    ]


def lint_message_sources(kb: KnowledgeBase) -> list[str]:
    problems = []
    for c in kb.causes.values():
        cited = {r.url for r in c.references}
        for m in c.error_messages:
            if not m.source.startswith("https://"):
                problems.append(f"{c.id}: source of {m.text!r} is not https")
            if m.source not in cited:
                problems.append(f"{c.id}: source of {m.text!r} is not listed in the cause's references")
            if not is_apple(m.source) and "Apple" not in m.note:
                problems.append(f"{c.id}: {m.text!r} is quoted from a third-party page; its note must say what Apple does (not) publish")
    return problems


def lint_tree(kb: KnowledgeBase) -> list[str]:
    problems = []
    longest, reached, cycle = tree_paths(kb)
    if cycle:
        return [f"the tree has a cycle: {' -> '.join(cycle)}"]
    for cause in kb.causes:
        if cause not in longest:
            problems.append(f"no answer leads to cause {cause}")
        elif longest[cause] > MAX_QUESTIONS:
            problems.append(f"{cause} takes {longest[cause]} questions on its longest path (limit {MAX_QUESTIONS})")
    problems += [f"question {n} is never asked" for n in kb.tree.nodes if n not in reached]
    for node in kb.tree.nodes.values():
        unsure = [a for a in node.answers if UNSURE_LABEL.search(a.label)]
        if not unsure:
            problems.append(f"question {node.id} has no 'not sure' or 'none of these' answer")
        for a in unsure:
            if not a.next and len(a.causes) < 2:
                problems.append(f"question {node.id}: {a.label!r} must end on an ordered list of likely causes")
    return problems


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
    terms = [norm(t) for c in kb.causes.values() for t in c.search_terms]
    return [
        f"no search term spells {variant!r}"
        for variant in SEARCH_VARIANTS
        if not any(re.search(rf"(?<![\w']){re.escape(variant)}(?![\w'])", term) for term in terms)
    ]


def lint_warnings(kb: KnowledgeBase) -> list[str]:
    problems = []
    for c in kb.causes.values():
        for fix in c.fixes:
            text = " ".join([fix.title, *all_steps(fix)])
            risky = RISKY_STEP.search(text)
            if risky and not fix.warning:
                problems.append(f"{c.id}#{fix.id}: mentions {risky.group(0)!r} but has no warning")
            deletes_icloud_backup = re.search(r"delete\w* backup", text, re.IGNORECASE) and "iCloud" in text
            if deletes_icloud_backup and not re.search(r"turns? iCloud Backup off|turns? off iCloud Backup", fix.warning):
                problems.append(f"{c.id}#{fix.id}: deleting an iCloud backup turns iCloud Backup off; the warning must say so")
    return problems


def lint_current_wording(kb: KnowledgeBase) -> list[str]:
    return [
        f"{where}: {old!r} without today's wording {new!r}: {text!r}"
        for where, text in prose(kb)
        for old, new in OLD_WORDING.items()
        if old in text and new not in text
    ]


def lint_platform_steps(kb: KnowledgeBase) -> list[str]:
    problems = []
    for c in kb.causes.values():
        for fix in c.fixes:
            if fix.per_platform:
                continue
            steps = " ".join(fix.steps[""])
            if MAC_ONLY.search(steps) and WINDOWS_ONLY.search(steps):
                problems.append(f"{c.id}#{fix.id}: Mac and Windows steps differ; give them per platform")
    return problems


def lint_escalation(kb: KnowledgeBase) -> list[str]:
    return [
        f"{c.id}: escalate must say when to contact Apple Support and what to have ready"
        for c in kb.causes.values()
        if "Apple Support" not in c.escalate or "ready" not in c.escalate.lower()
    ]


def lint_no_icloud_services_myth(kb: KnowledgeBase) -> list[str]:
    """The seed article's 'update iCloud services' advice may be named only to refute it."""
    problems = []
    for c in kb.causes.values():
        for fix in c.fixes:
            problems += [f"{c.id}#{fix.id}: step repeats the iCloud services myth" for s in all_steps(fix) if MYTH.search(s)]
    outdated = kb.causes.get("outdated-ios")
    if outdated is None or not any(MYTH.search(t) and "Software Update" in t for t in (outdated.summary, *outdated.checks)):
        problems.append("outdated-ios must call out the 'update iCloud services' myth and point to Software Update")
    return problems


LINTS = [
    lint_required_ids, lint_complete_causes, lint_references, lint_summaries, lint_shared_messages,
    lint_no_numeric_codes, lint_message_sources, lint_tree, lint_tree_starts_where_they_back_up,
    lint_search_terms, lint_warnings, lint_current_wording, lint_platform_steps, lint_escalation,
    lint_no_icloud_services_myth,
]


# --- the real file passes every lint ----------------------------------------------------------


@pytest.mark.parametrize("lint", LINTS, ids=lambda f: f.__name__)
def test_real_causes_yaml_passes(lint, kb):
    problems = lint(kb)
    assert not problems, "\n".join(problems)


def test_report_causes_without_an_apple_reference(kb):
    """Every cause needs an https source (asserted above); say which rely on third parties only."""
    missing = causes_without_apple_reference(kb)
    if missing:
        warnings.warn(f"causes without an apple.com reference: {', '.join(missing)}", stacklevel=1)
    assert all(c.references for c in kb.causes.values())


def test_tree_depth_is_computed_independently(kb):
    longest, _, _ = tree_paths(kb)
    assert set(longest) == set(kb.causes)
    assert max(longest.values()) <= MAX_QUESTIONS


# --- each lint can fail: a broken copy of the real data trips it -------------------------------


def _cause(data: dict, cause_id: str) -> dict:
    return next(c for c in data["causes"] if c["id"] == cause_id)


def _break_required_ids(d):
    d["causes"].remove(_cause(d, "security-software"))


def _break_complete(d):
    _cause(d, "unstable-wifi")["related"] = []


def _break_references(d):
    _cause(d, "corrupt-backup")["references"].insert(0, {"title": "A forum", "url": "http://example.com/forum"})


def _break_summaries(d):
    _cause(d, "outdated-ios")["summary"] = "It fails."


def _break_shared(d):
    _cause(d, "unstable-wifi")["error_messages"][0]["shared"] = False


def _break_codes(d):
    _cause(d, "corrupt-backup")["error_messages"].append(
        {"text": "The iPhone could not be backed up (-54).", "shown_on": "iTunes on a Mac or PC",
         "source": "https://support.apple.com/kb/TS2529"})


def _break_sources(d):
    _cause(d, "corrupt-backup")["error_messages"][0]["source"] = "https://example.com/not-cited"


def _break_tree(d):
    for node in d["decision_tree"]["nodes"]:
        for answer in node["answers"]:
            if answer.get("cause") == "computer-not-trusted":
                answer["cause"] = "usb-connection-drops"
            if "causes" in answer and "computer-not-trusted" in answer["causes"]:
                answer["causes"].remove("computer-not-trusted")


def _break_start(d):
    start = d["decision_tree"]["start"]
    node = next(n for n in d["decision_tree"]["nodes"] if n["id"] == start)
    node["answers"] = [a for a in node["answers"] if "Windows" not in a["label"]]


def _break_search_terms(d):
    for cause in d["causes"]:
        cause["search_terms"] = [t for t in cause.get("search_terms", []) if "grayed" not in t.lower()]


def _break_warnings(d):
    fixes = _cause(d, "icloud-storage-full")["fixes"]
    next(f for f in fixes if f["id"] == "delete-old-device-backups").pop("warning")


def _break_wording(d):
    _cause(d, "apple-account-signin")["checks"][0] = "Open Settings > Apple ID and check that you are signed in."


def _break_platform_steps(d):
    _cause(d, "usb-connection-drops")["fixes"][0]["steps"] = [
        "On a Mac, select the iPhone in Finder.", "On Windows, open the Apple Devices app."]


def _break_escalation(d):
    _cause(d, "backup-too-slow")["escalate"] = "Try again tomorrow."


def _break_myth(d):
    _cause(d, "outdated-ios")["fixes"][0]["steps"].append("Then update iCloud services in the iCloud section.")


BREAKERS = {
    lint_required_ids: _break_required_ids, lint_complete_causes: _break_complete,
    lint_references: _break_references, lint_summaries: _break_summaries,
    lint_shared_messages: _break_shared, lint_no_numeric_codes: _break_codes,
    lint_message_sources: _break_sources, lint_tree: _break_tree,
    lint_tree_starts_where_they_back_up: _break_start, lint_search_terms: _break_search_terms,
    lint_warnings: _break_warnings, lint_current_wording: _break_wording,
    lint_platform_steps: _break_platform_steps, lint_escalation: _break_escalation,
    lint_no_icloud_services_myth: _break_myth,
}


def test_every_lint_has_a_breaker():
    assert set(BREAKERS) == set(LINTS)


@pytest.mark.parametrize("lint", LINTS, ids=lambda f: f.__name__)
def test_lint_can_fail(lint):
    data = copy.deepcopy(raw_data())
    BREAKERS[lint](data)
    assert lint(kb_from(data)), f"{lint.__name__} did not notice the broken copy"


def test_tree_depth_limit_can_fail():
    """Chain six questions in front of a cause: the independent depth count must exceed 5."""
    data = copy.deepcopy(raw_data())
    nodes = data["decision_tree"]["nodes"]
    chain = [f"extra-{i}" for i in range(MAX_QUESTIONS)]
    for i, node_id in enumerate(chain):
        follow = {"next": chain[i + 1]} if i + 1 < len(chain) else {"cause": "security-software"}
        nodes.append({"id": node_id, "question": "Again?", "answers": [
            {"label": "Yes", **follow}, {"label": "I'm not sure", "causes": ["security-software", "corrupt-backup"]}]})
    start = next(n for n in nodes if n["id"] == data["decision_tree"]["start"])
    start["answers"][0] = {"label": "To iCloud", "next": chain[0]}
    longest, _, _ = tree_paths(kb_from(data))
    assert longest["security-software"] > MAX_QUESTIONS
    assert any("security-software takes" in p for p in lint_tree(kb_from(data)))


# --- on the built site -------------------------------------------------------------------------


def _page_text(html_pages, url: str) -> str:
    page = soup(html_pages[url])
    return " ".join(page.select_one(".bh-cause").get_text(" ", strip=True).split())


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
