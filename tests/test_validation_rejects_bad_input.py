"""causes.yaml validation: good files pass; each rule rejects a crafted bad file, naming the
file, the line, the cause or question, the field and what is wrong.

Each crafted file is checked in-process, the way the build checks it (macros.load.parse, then
macros.validate.check, each problem written by Problem.format). A few go through the real
`mkdocs build --strict` into a site/ that holds a previous build: the build fails (exit status 1)
with the same lines, and leaves site/ exactly as it was (or, when there was none, creates none).
Hostile YAML (tags, huge numbers, deep nesting) is read with libyaml and with PyYAML's
pure-Python loader (what machines without libyaml use): always a located problem, never a
traceback."""

from __future__ import annotations

import copy
import subprocess
import sys
from datetime import date, timedelta

import pytest
import yaml

from conftest import DATA, ROOT, run_build
from macros import load, validate
from macros.problems import InvalidKnowledgeBase

MINIMAL = DATA / "minimal.yaml"


def minimal() -> dict:
    return yaml.safe_load(MINIMAL.read_text())


def validate_cli(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", str(path)], cwd=ROOT, capture_output=True, text=True)


def write(tmp_path, data, name="causes.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000))
    return path


def snapshot(site) -> dict[str, tuple[bytes, int]]:
    """Every file under site/ with its bytes and modification time."""
    return {p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(site.rglob("*")) if p.is_file()}


def problems_of(path) -> list[str]:
    """The build's report on a causes file, in-process: every problem as `file:line: ...`."""
    try:
        return [p.format(str(path)) for p in validate.check(load.parse(path))]
    except InvalidKnowledgeBase as exc:
        return [p.format(str(path)) for p in exc.problems]


def rejected(tmp_path, causes) -> list[str]:
    """The problems found in a bad causes file (in-process); there must be some."""
    problems = problems_of(causes)
    assert problems, f"{causes} was accepted"
    return problems


def rejected_by_the_build(tmp_path, causes) -> list[str]:
    """Build from a bad causes file into a site/ holding a previous build; assert the build
    failed and left site/ untouched; return the lines of its report."""
    site = tmp_path / "site"
    (site / "causes" / "old-cause").mkdir(parents=True)
    (site / "index.html").write_text("previous build")
    (site / "causes" / "old-cause" / "index.html").write_text("previous cause page")
    before = snapshot(site)
    result = run_build(site, causes=causes)
    assert result.returncode == 1, f"the build did not fail:\n{result.stderr}"
    assert f"{causes} has " in result.stderr and "problem" in result.stderr, result.stderr
    assert "The build stopped before writing anything to the site directory." in result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert snapshot(site) == before, "site/ was written or changed"
    return [row.strip() for row in result.stderr.splitlines()]


def line_of(path, needle: str | tuple[str, int]) -> int:
    """1-based line of the first line containing needle, or of its n-th occurrence."""
    text, nth = needle if isinstance(needle, tuple) else (needle, 1)
    hits = [number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    assert len(hits) >= nth, f"{text!r} occurs {len(hits)} times in {path}"
    return hits[nth - 1]


def test_real_file_is_valid():
    result = validate_cli(ROOT / "causes.yaml")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_minimal_file_is_valid():
    result = validate_cli(MINIMAL)
    assert result.returncode == 0, result.stderr


def test_real_file_declares_its_schema_for_editors():
    first = (ROOT / "causes.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=macros/causes.schema.json"
    assert (ROOT / "macros" / "causes.schema.json").is_file()


def _set(data, path, value):
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _message(data, cause: int, text: str, ident: str = "backup-failed", source: str = "https://support.apple.com/", **extra):
    """Append an error message to a cause of the minimal file (its source is that cause's reference)."""
    message = {"id": ident, "text": text, "shown_on": "iPhone alert", "source": source, **extra}
    data["causes"][cause]["error_messages"].append(message)


def _delete(data, path):
    target = data
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]


# (test id, change to the minimal file, text the line is found on, expected message parts)
CASES = [
    ("missing-required-field", lambda d: _delete(d, ["causes", 0, "summary"]),
     "id: first-cause", ["cause 'first-cause'", "summary", "required field is missing"]),
    ("missing-fixes", lambda d: _set(d, ["causes", 0, "fixes"], []),
     "fixes: []", ["cause 'first-cause'", "fixes", "at least 1 item"]),
    ("missing-steps", lambda d: _set(d, ["causes", 0, "fixes", 0, "steps"], []),
     "steps: []", ["cause 'first-cause'", "fixes[0].steps", "at least 1 item"]),
    ("wrong-type", lambda d: _set(d, ["causes", 0, "symptoms"], "Backup fails."),
     "symptoms: Backup fails.", ["cause 'first-cause'", "symptoms", "must be a list, not text"]),
    ("wrong-type-number", lambda d: _set(d, ["causes", 1, "title"], 42),
     "title: 42", ["cause 'second-cause'", "title", "must be text, not a whole number"]),
    ("wrong-type-node", lambda d: _set(d, ["decision_tree", "nodes", 0, "answers"], "iCloud"),
     "answers: iCloud", ["node 'where'", "answers", "must be a list, not text"]),
    ("missing-fix-field", lambda d: _delete(d, ["causes", 1, "fixes", 0, "title"]),
     "id: second-fix", ["cause 'second-cause'", "fixes[0].title", "required field is missing"]),
    ("missing-top-level-field", lambda d: _delete(d, ["decision_tree"]),
     "version: 1", ["decision_tree", "required field is missing"]),
    ("unknown-top-level-key", lambda d: d.update(cuases=[]),
     "cuases: []", ["cuases", "unknown field; did you mean 'causes'?"]),
    ("unknown-key-far-miss", lambda d: d["causes"][0].update(colour="red"),
     "colour: red", ["cause 'first-cause'", "colour", "unknown field; allowed fields: aliases, checked_for, checks"]),
    ("unknown-key-near-miss", lambda d: d["causes"][0].update(titel="x"),
     "titel: x", ["cause 'first-cause'", "titel", "unknown field; did you mean 'title'?"]),
    ("bad-enum", lambda d: _set(d, ["causes", 0, "likelihood"], "comon"),
     "likelihood: comon", ["likelihood", "'comon' is not one of", "did you mean 'common'?"]),
    ("bad-id", lambda d: _set(d, ["causes", 0, "id"], "First_Cause"),
     "id: First_Cause", ["id", "not a lowercase kebab-case id"]),
    ("http-reference", lambda d: _set(d, ["causes", 0, "references", 0, "url"], "http://support.apple.com/"),
     "http://support.apple.com/", ["references[0].url", "not an https:// URL"]),
    ("javascript-reference", lambda d: _set(d, ["causes", 0, "references", 0, "url"], "javascript:alert(1)"),
     "javascript:alert(1)", ["references[0].url", "not an https:// URL"]),
    ("wrong-version", lambda d: _set(d, ["version"], 2),
     "version: 2", ["version", "must be 1, not 2"]),
    ("duplicate-cause-id", lambda d: _set(d, ["causes", 1, "id"], "first-cause"),
     ("id: first-cause", 2), ["cause 'first-cause': id: duplicate cause id 'first-cause' (first used at causes[0].id)"]),
    ("duplicate-fix-id", lambda d: d["causes"][0]["fixes"].append(copy.deepcopy(d["causes"][0]["fixes"][0])),
     ("id: first-fix", 2), ["cause 'first-cause'", "fixes[1].id", "duplicate fix id or fix alias 'first-fix'"]),
    ("fix-id-takes-section-anchor", lambda d: _set(d, ["causes", 0, "fixes", 0, "id"], "symptoms"),
     "id: symptoms", ["fixes[0].id", "anchor of a page section"]),
    ("dangling-related", lambda d: _set(d, ["causes", 1, "related"], ["first-cuase"]),
     "- first-cuase", ["cause 'second-cause'", "related[0]", "no cause has the id 'first-cuase'; did you mean 'first-cause'?"]),
    ("related-to-itself", lambda d: _set(d, ["causes", 1, "related"], ["second-cause"]),
     ("- second-cause", 2), ["cause 'second-cause'", "related[0]", "related to itself"]),
    ("alias-equals-live-id", lambda d: _set(d, ["causes", 1, "aliases"], ["first-cause"]),
     ("- first-cause", 2), ["cause 'second-cause'", "aliases[0]", "id of a live cause"]),
    ("related-to-retired-id", lambda d: [_set(d, ["causes", 0, "aliases"], ["old-first"]), _set(d, ["causes", 1, "related"], ["old-first"])],
     ("- old-first", 2), ["cause 'second-cause'", "related[0]", "'old-first' is a retired id (an alias of cause 'first-cause'); refer to 'first-cause'"]),
    ("tree-to-retired-id", lambda d: [_set(d, ["causes", 0, "aliases"], ["old-first"]),
                                      _set(d, ["decision_tree", "nodes", 0, "answers", 0, "cause"], "old-first")],
     "cause: old-first", ["node 'where'", "answers[0].cause", "'old-first' is a retired id"]),
    ("dangling-tree-cause-list", lambda d: _set(d, ["decision_tree", "nodes", 0, "answers", 1, "causes"], ["second-cause", "secnd-cause"]),
     "secnd-cause", ["node 'where'", "answers[1].causes[1]", "no cause has the id 'secnd-cause'; did you mean 'second-cause'?"]),
    ("http-message-source", lambda d: _message(d, 0, "Backup Failed", source="http://support.apple.com/"),
     "http://support.apple.com/", ["cause 'first-cause'", "error_messages[0].source", "not an https:// URL"]),
    ("data-url-reference", lambda d: _set(d, ["causes", 0, "references", 0, "url"], "data:text/html,<script>alert(1)</script>"),
     "data:text/html", ["references[0].url", "not an https:// URL"]),
    ("duplicate-fix-alias", lambda d: _set(d, ["causes", 0, "fixes", 0, "aliases"], ["first-fix"]),
     "- first-fix", ["cause 'first-cause'", "fixes[0].aliases[0]", "duplicate fix id or fix alias 'first-fix'"]),
    ("duplicate-node-id", lambda d: d["decision_tree"]["nodes"].append(copy.deepcopy(d["decision_tree"]["nodes"][0])),
     ("id: where", 2), ["node 'where'", "id", "duplicate node id 'where'"]),
    ("alias-used-twice", lambda d: [_set(d, ["causes", i, "aliases"], ["old-id"]) for i in (0, 1)],
     ("- old-id", 2), ["aliases[0]", "already an alias of cause 'first-cause'"]),
    ("numeric-error-code", lambda d: _message(d, 0, "Error 4013"),
     "Error 4013", ["error_messages[0].text", "numeric error code"]),
    ("message-in-two-causes-not-shared", lambda d: [_message(d, i, "iPhone Backup Failed") for i in (0, 1)],
     "id: backup-failed", ["error_messages[0].shared", "also listed under second-cause", "shared: true"]),
    ("dangling-tree-cause", lambda d: _set(d, ["decision_tree", "nodes", 0, "answers", 0, "cause"], "no-such-cause"),
     "no-such-cause", ["node 'where'", "answers[0].cause", "no cause has the id 'no-such-cause'"]),
    ("dangling-cause-in-likely-list", lambda d: _set(d, ["decision_tree", "nodes", 0, "answers", 1, "causes"], ["second-cause", "no-such-cause"]),
     "no-such-cause", ["node 'where'", "answers[1].causes[1]", "no cause has the id 'no-such-cause'"]),
    ("cause-twice-in-likely-list", lambda d: _set(d, ["decision_tree", "nodes", 0, "answers", 1, "causes"], ["second-cause", "second-cause"]),
     ("causes:", 2), ["node 'where'", "answers[1].causes", 'lists the same item twice: "second-cause"']),
    ("dangling-tree-next", lambda d: d["decision_tree"]["nodes"][0]["answers"].append({"label": "Other", "next": "nowhere"}),
     "nowhere", ["node 'where'", "answers[3].next", "no question has the id 'nowhere'"]),
    ("dangling-start", lambda d: _set(d, ["decision_tree", "start"], "whither"),
     "start: whither", ["decision_tree.start", "no question has the id 'whither'; did you mean 'where'?"]),
    ("answer-with-two-ends", lambda d: d["decision_tree"]["nodes"][0]["answers"][0].update(next="where"),
     "id: icloud", ["node 'where'", "answers[0]", "exactly one of next, cause or causes"]),
    ("answer-with-no-end", lambda d: d["decision_tree"]["nodes"][0]["answers"][0].pop("cause"),
     "id: icloud", ["node 'where'", "answers[0]", "exactly one of next, cause or causes"]),
    ("duplicate-answer-id", lambda d: _set(d, ["decision_tree", "nodes", 0, "answers", 1, "id"], "icloud"),
     ("id: icloud", 2), ["node 'where'", "answers[1].id", "duplicate answer id 'icloud' (first used at decision_tree.nodes[0].answers[0].id)"]),
    ("answer-without-id", lambda d: _delete(d, ["decision_tree", "nodes", 0, "answers", 1, "id"]),
     "label: A computer", ["node 'where'", "answers[1].id", "required field is missing"]),
    ("cycle", lambda d: d["decision_tree"]["nodes"].extend([
        {"id": "loop-a", "question": "A?", "answers": [{"label": "yes", "next": "loop-b"}, {"label": "no", "cause": "first-cause"}]},
        {"id": "loop-b", "question": "B?", "answers": [{"label": "yes", "next": "loop-a"}, {"label": "no", "cause": "first-cause"}]},
    ]) or d["decision_tree"]["nodes"][0]["answers"].append({"label": "Loop", "next": "loop-a"}),
     ("next: loop-a", 2), ["node 'loop-b'", "answers[0].next", "cycle: loop-a -> loop-b -> loop-a"]),
    ("unreachable-question", lambda d: d["decision_tree"]["nodes"].append(
        {"id": "orphan", "question": "Lost?", "answers": [{"label": "yes", "cause": "first-cause"}, {"label": "no", "cause": "second-cause"}]}),
     "id: orphan", ["node 'orphan'", "cannot be reached from start 'where'"]),
    ("unreachable-cause", lambda d: [_set(d, ["decision_tree", "nodes", 0, "answers", 1, "causes"], ["first-cause"]),
                                     _delete(d, ["decision_tree", "nodes", 0, "answers", 2])],
     "id: second-cause", ["cause 'second-cause'", "no answer in decision_tree leads to this cause"]),
    ("tree-too-deep", lambda d: _set(d, ["decision_tree"], {"start": "q1", "nodes": [
        {"id": f"q{i}", "question": f"Q{i}?", "answers": [{"label": "a", "next": f"q{i + 1}"}, {"label": "b", "cause": "first-cause"}]}
        for i in range(1, 6)] + [{"id": "q6", "question": "Q6?", "answers": [
            {"label": "a", "cause": "second-cause"}, {"label": "b", "cause": "first-cause"}]}]}),
     "id: q6", ["node 'q6'", "question number 6", "the limit is 5"]),
    ("impossible-date", lambda d: _set(d, ["causes", 1, "last_reviewed"], "2025-02-30"),
     "2025-02-30", ["cause 'second-cause'", "last_reviewed", "'2025-02-30' is not a real date: February 2025 has 28 days"]),
    ("future-date", lambda d: _set(d, ["causes", 0, "last_reviewed"], str(date.today() + timedelta(days=3))),
     str(date.today() + timedelta(days=3)), ["cause 'first-cause'", "last_reviewed", "is in the future"]),
    ("date-not-yyyy-mm-dd", lambda d: _set(d, ["causes", 0, "last_reviewed"], "2025-13-01"),
     "2025-13-01", ["cause 'first-cause'", "last_reviewed", "not a date written YYYY-MM-DD"]),
    # checked_for: the releases a cause was really checked against (issue 19)
    ("checked-for-missing", lambda d: _delete(d, ["causes", 0, "checked_for"]),
     "id: first-cause", ["cause 'first-cause'", "checked_for", "required field is missing"]),
    ("checked-for-unknown-ios", lambda d: _set(d, ["causes", 0, "checked_for", "ios"], "27"),
     "ios: '27'", ["cause 'first-cause'", "checked_for.ios", "no iOS 27 in releases (recorded iOS versions: 26)"]),
    ("checked-for-unknown-macos", lambda d: _set(d, ["causes", 1, "checked_for", "macos"], "15"),
     "macos: '15'", ["cause 'second-cause'", "checked_for.macos", "no macOS 15 in releases (recorded macOS versions: 26)"]),
    ("mac-cause-without-macos-record", lambda d: _delete(d, ["causes", 1, "checked_for", "macos"]),
     ("checked_for:", 2), ["cause 'second-cause'", "checked_for.macos", "required for a cause with a Mac side (where: mac)"]),
    ("macos-record-without-mac-side", lambda d: _set(d, ["causes", 0, "checked_for", "macos"], "26"),
     "macos: '26'", ["cause 'first-cause'", "checked_for.macos", "no Mac side"]),
    ("checked-for-version-unquoted", lambda d: _set(d, ["causes", 0, "checked_for", "ios"], 26),
     "ios: 26", ["cause 'first-cause'", "checked_for.ios", "must be text, not a whole number"]),
    ("checked-for-not-a-version", lambda d: _set(d, ["causes", 0, "checked_for", "ios"], "26.4"),
     "ios: '26.4'", ["cause 'first-cause'", "checked_for.ios", "'26.4' is not a major version number"]),
    ("checked-for-unknown-key", lambda d: _set(d, ["causes", 0, "checked_for", "ipados"], "26"),
     "ipados: '26'", ["cause 'first-cause'", "checked_for.ipados", "unknown field; did you mean 'ios'?"]),
    ("checked-for-release-after-review", lambda d: [_set(d, ["causes", 0, "last_reviewed"], "2025-09-01")],
     "ios: '26'", ["cause 'first-cause'", "checked_for.ios", "iOS 26 came out on 2025-09-15, after last_reviewed (2025-09-01)"]),
    # error message ids: the anchors of /errors/
    ("message-without-id", lambda d: [_message(d, 0, "Backup Failed"), _delete(d, ["causes", 0, "error_messages", 0, "id"])],
     "text: Backup Failed", ["cause 'first-cause'", "error_messages[0].id", "required field is missing"]),
    ("message-id-not-kebab-case", lambda d: _message(d, 0, "Backup Failed", ident="Backup_Failed"),
     "id: Backup_Failed", ["error_messages[0].id", "not a lowercase kebab-case id"]),
    ("copies-of-a-message-with-two-ids", lambda d: [_message(d, 0, "Backup Failed", shared=True),
                                                    _message(d, 1, "backup failed", ident="failed", shared=True)],
     "id: failed", ["cause 'second-cause'", "error_messages[0].id", "the same message has the id 'backup-failed' at causes[0].error_messages[0].id"]),
    ("two-messages-one-id", lambda d: [_message(d, 0, "Backup Failed"), _message(d, 1, "Backup Not Completed")],
     ("id: backup-failed", 2), ["cause 'second-cause'", "error_messages[0].id", "'backup-failed' is the id of another message"]),
    ("message-id-takes-a-heading-id", lambda d: _message(d, 0, "Backup Failed", ident="iphone"),
     "id: iphone", ["error_messages[0].id", "its anchor on /errors/, #iphone, is already the id of a heading of the page"]),
    ("message-id-takes-a-device-anchor", lambda d: [_message(d, 1, "Backup Failed", ident="failed", shown_on="iTunes on a Mac or PC"),
                                                    _message(d, 0, "Backup Not Completed", ident="windows-failed")],
     "id: failed", ["cause 'second-cause'", "error_messages[0].id", "#windows-failed, is already an anchor of message 'windows-failed'"]),
    ("message-alias-is-another-message-id", lambda d: [_message(d, 0, "Backup Failed"),
                                                       _message(d, 0, "Backup Not Completed", ident="not-completed", aliases=["backup-failed"])],
     "- backup-failed", ["cause 'first-cause'", "error_messages[1].aliases[0]", "#backup-failed, is already an anchor of message 'backup-failed'"]),
    # editorial rules (macros/rules.py)
    ("numeric-code-in-brackets", lambda d: _message(d, 0, "The iPhone could not be backed up (-54)."),
     "(-54)", ["cause 'first-cause'", "error_messages[0].text", "numeric error code ('(-54)')"]),
    ("message-twice-under-one-cause", lambda d: [_message(d, 0, "Backup Failed"), _message(d, 0, "backup  failed")],
     "backup  failed", ["cause 'first-cause'", "error_messages[1].text", "listed twice under this cause"]),
    ("shared-but-only-one-cause", lambda d: _message(d, 0, "Backup Failed", shared=True),
     "shared: true", ["cause 'first-cause'", "error_messages[0].shared", "no other cause lists this message"]),
    ("message-source-not-cited", lambda d: _message(d, 0, "Backup Failed", source="https://support.apple.com/102563"),
     "https://support.apple.com/102563", ["error_messages[0].source", "not among this cause's references"]),
    ("third-party-source-without-note", lambda d: [
        d["causes"][0]["references"].append({"title": "A forum", "url": "https://forum.example.com/t/1"}),
        _message(d, 0, "Backup Failed", source="https://forum.example.com/t/1")],
     "id: backup-failed", ["error_messages[0].note", "outside apple.com"]),
    ("third-party-reference-first", lambda d: d["causes"][0]["references"].insert(0, {"title": "A forum", "url": "https://forum.example.com/t/1"}),
     "url: https://support.apple.com/", ["cause 'first-cause'", "references[1].url", "Apple's own pages come first"]),
    ("summary-too-short", lambda d: _set(d, ["causes", 0, "summary"], "It fails."),
     "summary: It fails.", ["cause 'first-cause'", "summary", "is 9 characters; at least 80"]),
    ("summary-too-many-sentences", lambda d: _set(d, ["causes", 0, "summary"], "It fails. It fails again. And again. Then once more, every night, for weeks on end."),
     "It fails again.", ["cause 'first-cause'", "summary", "has 4 sentences; at most 3"]),
    ("one-symptom", lambda d: _set(d, ["causes", 0, "symptoms"], ["Backup fails."]),
     "symptoms:", ["cause 'first-cause'", "symptoms", "at least 2 items"]),
    ("one-check", lambda d: _set(d, ["causes", 1, "checks"], ["Look at the computer."]),
     ("checks:", 2), ["cause 'second-cause'", "checks", "at least 2 items"]),
    ("no-related-cause", lambda d: _delete(d, ["causes", 0, "related"]),
     "id: first-cause", ["cause 'first-cause'", "related", "required field is missing"]),
    ("too-few-search-terms", lambda d: _set(d, ["causes", 0, "search_terms"], ["backup fails"]),
     "search_terms:", ["cause 'first-cause'", "search_terms", "at least 5 items"]),
    ("risky-step-without-warning", lambda d: _set(d, ["causes", 0, "fixes", 0, "steps"], ["Open Settings.", "Delete the old backup."]),
     "Delete the old backup.", ["cause 'first-cause'", "fixes[0].steps[1]", "mentions 'Delete'", "give the fix a warning"]),
    ("deleting-icloud-backup-warning", lambda d: d["causes"][0]["fixes"][0].update(
        title="Delete backups of old iPhones in iCloud", warning="You lose the old backups."),
     "warning: You lose the old backups.", ["cause 'first-cause'", "fixes[0].warning", "turns iCloud Backup off"]),
    ("old-settings-wording", lambda d: _set(d, ["causes", 0, "checks", 0], "Open Settings > Apple ID."),
     "Open Settings > Apple ID.", ["cause 'first-cause'", "checks[0]", "says 'Apple ID' without today's wording 'Apple Account'"]),
    ("mac-and-windows-in-common-steps", lambda d: _set(d, ["causes", 1, "fixes", 0, "steps"], ["Open Finder.", "On Windows, open the Apple Devices app."]),
     ("steps:", 2), ["cause 'second-cause'", "fixes[0].steps", "mixes Mac ('Finder') and Windows"]),
    ("escalate-without-apple-support", lambda d: _set(d, ["causes", 0, "escalate"], "Try again tomorrow."),
     "escalate: Try again tomorrow.", ["cause 'first-cause'", "escalate", "when to contact Apple Support and what to have ready"]),
    ("icloud-services-myth", lambda d: _set(d, ["causes", 0, "fixes", 0, "steps"], ["Update iCloud services in Settings."]),
     "Update iCloud services", ["cause 'first-cause'", "fixes[0].steps[0]", "myth"]),
    ("question-without-unsure-answer", lambda d: _delete(d, ["decision_tree", "nodes", 0, "answers", 2]),
     "answers:", ["node 'where'", "answers", "no answer for someone who cannot tell"]),
    ("unsure-answer-with-one-cause", lambda d: _set(d, ["decision_tree", "nodes", 0, "answers", 2], {"label": "I'm not sure", "cause": "first-cause"}),
     "label: I'm not sure", ["node 'where'", "answers[2]", "at least two likely causes"]),
    ("blank-text", lambda d: _set(d, ["causes", 0, "symptoms"], ["   "]),
     "- '   '", ["symptoms[0]", "must not be blank"]),
    ("steps-for-unknown-platform", lambda d: _set(d, ["causes", 1, "fixes", 0, "steps"], {"linux": ["x"]}),
     "linux", ["cause 'second-cause'", "fixes[0].steps.linux", "unknown field; allowed fields: iphone, mac, windows"]),
    ("steps-of-wrong-type", lambda d: _set(d, ["causes", 1, "fixes", 0, "steps"], "Open Finder."),
     "steps: Open Finder.", ["cause 'second-cause'", "fixes[0].steps", "list of steps, or a mapping"]),
]


@pytest.mark.parametrize("change, needle, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_rejects_bad_file_with_located_message(tmp_path, change, needle, expected):
    data = minimal()
    change(data)
    path = write(tmp_path, data)
    problems = rejected(tmp_path, path)
    line = line_of(path, needle)
    matching = [p for p in problems if all(part in p for part in expected)]
    assert matching, f"no problem has all of {expected}:\n" + "\n".join(problems)
    assert matching[0].startswith(f"{path}:{line}: "), f"expected line {line}:\n" + "\n".join(problems)


def test_several_problems_are_reported_together(tmp_path):
    data = minimal()
    data["causes"][0]["titel"] = "typo"
    data["causes"][0]["likelihood"] = "often"
    data["causes"][1]["related"] = ["nope"]
    data["decision_tree"]["start"] = "nowhere"
    result = validate_cli(write(tmp_path, data))
    assert result.returncode == 1
    assert "has 4 problems" in result.stderr
    for part in ("titel", "'often'", "'nope'", "'nowhere'"):
        assert part in result.stderr


RAW_CASES = [
    ("yaml-syntax", "version: 1\ncauses: [\n", 3, "YAML syntax error"),
    ("yaml-syntax-unclosed-quote", "version: 1\ncauses:\n  - id: 'x\n    title: y\n", 3,
     ("YAML syntax error in the quoted text that starts here (line 3, column 9)", "the parser gave up at line 5")),
    ("yaml-syntax-unclosed-bracket", "version: 1\ncauses:\n  - id: a\n    title: b\n    summary: c\n    where: [icloud]\n"
     "    symptoms: [one, two\n    checks: [x]\n    fixes: []\n", 7,
     ("YAML syntax error in the [ ] list that starts here (line 7, column 15)", "the parser gave up at line 8, column 11")),
    ("yaml-syntax-bad-indentation", "version: 1\ncauses:\n  - id: a\n    title: b\n   summary: c\n", 5,
     ("YAML syntax error at line 5, column 4", "in the list that starts at line 3, column 3")),
    ("empty-file", "", None, "file is empty"),
    ("not-a-mapping", "- just\n- a list\n", 1, "top level must be a mapping"),
    ("tabs", "version: 1\ncauses:\n\t- id: x\n", 3, "tabs"),
    ("alias-bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", 2, "alias *a is not allowed"),
    ("duplicate-key", "version: 1\nversion: 1\n", 2, "key 'version' appears twice"),
    ("blank-file", "\n  \n# only a comment\n", None, "file holds no YAML document"),
    ("non-utf8", b"version: 1\ncauses:\n  - title: caf\xe9\n", 3, "not valid UTF-8 (byte 0xe9"),
    ("70-mb-file", b"# padding\n" * (7 * 1024 * 1024), None, "file is 73,400,320 bytes; the limit is 67,108,864 bytes"),
]


def _nested(depth: int) -> str:
    """A block mapping `depth` levels deep under the key `deep` (one space more each), on lines 2 to depth + 1."""
    return "version: 1\n" + "".join(f"{' ' * level}deep:\n" for level in range(depth)) + " " * depth + "end: x\n"


HOSTILE_CASES = [
    ("int-tag-on-text", "version: !!int x\n", 1, ("version: ", "YAML tag !!int is not allowed (on 'x')")),
    ("float-tag-on-text", "version: 1\ncauses: [{likelihood: !!float often}]\n", 2, ("causes[0].likelihood: ", "!!float")),
    ("bool-tag-on-text", "version: !!bool maybe\n", 1, "YAML tag !!bool is not allowed"),
    ("impossible-timestamp", "version: 1\nreleases:\n  - date: !!timestamp 2026-02-30\n", 3,
     ("releases[0].date: ", "YAML tag !!timestamp is not allowed (on '2026-02-30')")),
    ("5000-digit-integer", "version: 1\ncauses:\n  - id: " + "9" * 5000 + "\n", 3, ("causes[0].id: ", "a number of 5,000 digits; the limit is 100")),
    ("100000-digit-integer", "version: " + "7" * 100_000 + "\n", 1, "a number of 100,000 digits"),
    ("binary", "version: 1\ncauses:\n  - title: !!binary aGVsbG8=\n", 3, ("causes[0].title: ", "YAML tag !!binary is not allowed")),
    ("set", "version: 1\ncauses: !!set {a, b}\n", 2, ("causes: ", "YAML tag !!set is not allowed; write a plain mapping")),
    ("omap", "version: 1\ncauses: !!omap [a: 1]\n", 2, "YAML tag !!omap is not allowed"),
    ("python-object", "version: !!python/object/apply:os.system [echo]\n", 1, "YAML tag !!python/object/apply:os.system is not allowed"),
    ("local-tag", "version: 1\ncauses: !include more.yaml\n", 2, "YAML tag !include is not allowed"),
    ("str-tag-on-a-list", "version: 1\ncauses: !!str [a]\n", 2, "YAML tag !!str is not allowed; write a plain list"),
    ("block-nesting-33-deep", _nested(33), 34, f"nested more than {load.MAX_DEPTH} levels deep"),
    ("flow-nesting-200-deep", "version: 1\ncauses: " + "[" * 200 + "]" * 200 + "\n", 2, "nested"),
    ("flow-nesting-5000-deep", "version: 1\ncauses: " + "[" * 5000 + "]" * 5000 + "\n", 2, "nest"),
    ("block-nesting-2000-deep", _nested(2000), None, "nest"),
]
"""YAML that reads as something other than plain data, or that would crash a loader."""

LOADERS = {"libyaml": load._Loader, "pure-python": load.loader_class(yaml.SafeLoader)}


@pytest.fixture(params=LOADERS)
def loader(request, monkeypatch):
    """Each test using it runs with libyaml's loader and with PyYAML's pure-Python one."""
    monkeypatch.setattr(load, "_Loader", LOADERS[request.param])
    return request.param


@pytest.mark.parametrize("text, line, expected", [c[1:] for c in RAW_CASES + HOSTILE_CASES], ids=[c[0] for c in RAW_CASES + HOSTILE_CASES])
def test_unparseable_file_is_rejected(tmp_path, loader, text, line, expected):
    path = tmp_path / "causes.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    prefix = f"{path}:{line}: " if line else f"{path}:"
    problems = rejected(tmp_path, path)
    parts = (expected,) if isinstance(expected, str) else expected
    assert any(row.startswith(prefix) and all(part in row for part in parts) for row in problems), "\n".join(problems)


def test_the_real_file_reads_the_same_with_either_loader(monkeypatch):
    read = []
    for name, loader_class in LOADERS.items():
        monkeypatch.setattr(load, "_Loader", loader_class)
        read.append(load.parse(ROOT / "causes.yaml").data)
        assert not validate.check(load.parse(ROOT / "causes.yaml")), name
    assert read[0] == read[1]


THROUGH_THE_BUILD = {
    "rule": lambda d: _set(d, ["causes", 0, "likelihood"], "comon"),
    "yaml-syntax": "version: 1\ncauses: [\n",
    "hostile": "version: 1\ncauses:\n  - id: " + "9" * 5000 + "\n",
}
"""A bad file of each kind, also through the real build: the wiring from the check to MkDocs."""


@pytest.mark.parametrize("bad", THROUGH_THE_BUILD.values(), ids=THROUGH_THE_BUILD)
def test_the_build_fails_with_the_same_report_and_leaves_site_alone(tmp_path, bad):
    if callable(bad):
        data = minimal()
        bad(data)
        path = write(tmp_path, data)
    else:
        path = tmp_path / "causes.yaml"
        path.write_text(bad)
    reported = rejected_by_the_build(tmp_path, path)
    expected = problems_of(path)
    assert expected and all(line in reported for line in expected), "\n".join(reported)


def test_bad_file_does_not_create_a_missing_site_dir(tmp_path):
    data = minimal()
    data["causes"][0]["likelihood"] = "often"
    result = run_build(tmp_path / "site", causes=write(tmp_path, data))
    assert result.returncode == 1
    assert "cause 'first-cause': likelihood: 'often' is not one of" in result.stderr
    assert not (tmp_path / "site").exists()


def test_minimal_file_builds(tmp_path):
    result = run_build(tmp_path / "site", causes=MINIMAL)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "causes" / "second-cause" / "index.html").is_file()
