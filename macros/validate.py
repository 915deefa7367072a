"""Check causes.yaml against the JSON Schema, the cross-field rules and the editorial rules
(macros/rules.py); build the model."""

from __future__ import annotations

import calendar
import datetime
import difflib
import json
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import fastjsonschema
import jsonschema

from . import errors, rules
from .load import Parsed, get, items, parse, strings
from .model import SECTION_IDS, SHOWN_ON_DEVICES, KnowledgeBase
from .text import message_key
from .problems import InvalidKnowledgeBase, Problem, format_path

SCHEMA_PATH = Path(__file__).with_name("causes.schema.json")
MAX_QUESTIONS = 5
"""A person reaches any cause in at most this many questions."""


@lru_cache(maxsize=1)
def schema() -> dict:
    """The JSON Schema: the one source of field rules."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def date_problem(value) -> str | None:
    """Why a value written YYYY-MM-DD is not a usable date (no such day, or a day that has not
    come yet anywhere on Earth), or None. Other values are left to the schema's pattern."""
    if not isinstance(value, str) or not re.fullmatch(schema()["definitions"]["date"]["pattern"], value):
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        year, month, _ = map(int, value.split("-"))
        days = calendar.monthrange(year, month)[1]
        return f"{value!r} is not a real date: {calendar.month_name[month]} {year} has {days} days"
    latest = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=14)).date()
    if day > latest:
        return f"{value!r} is in the future: no time zone has reached that day yet"
    return None


def _is_date(value) -> bool:
    return date_problem(value) is None


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft7Validator:
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(_is_date)
    return jsonschema.Draft7Validator(schema(), format_checker=checker)


@lru_cache(maxsize=1)
def _fast_validator():
    """The schema compiled to Python: about 20 times faster, but it stops at the first error."""
    return fastjsonschema.compile(schema(), formats={"date": _is_date})


def _schema_errors(data) -> list[jsonschema.ValidationError]:
    """Every schema error; the compiled check skips the slow full walk when there are none."""
    try:
        _fast_validator()(data)
    except fastjsonschema.JsonSchemaException:
        return list(_validator().iter_errors(data))
    return []


def load_knowledge_base(path: Path) -> KnowledgeBase:
    """Parse and validate `path`; raise InvalidKnowledgeBase listing every problem."""
    return KnowledgeBase.from_data(validated(path).data)


def load_or_report(path: Path) -> KnowledgeBase | None:
    """For command-line tools: the knowledge base, or None after printing every problem to stderr."""
    try:
        return load_knowledge_base(path)
    except InvalidKnowledgeBase as exc:
        print(exc, file=sys.stderr)
        return None


def validated(path: Path) -> Parsed:
    """The parsed file (data and line lookups) once it passed every check."""
    parsed = parse(path)
    problems = check(parsed)
    if problems:
        raise InvalidKnowledgeBase(str(path), problems)
    return parsed


def check(parsed: Parsed) -> list[Problem]:
    """Every schema and cross-check problem, located and sorted by line."""
    data = parsed.data
    found = [(path, msg) for error in _schema_errors(data) for path, msg in _describe(error)]
    found += _cross_problems(data) + rules.problems(data)
    problems = {}
    for path, message in found:
        owner, rel = _owner(data, path)
        problems.setdefault((path, message), Problem(message, rel, owner, parsed.line_of(path)))
    return sorted(problems.values(), key=lambda p: (p.line or 0, p.message))


# --- schema errors in plain words ---------------------------------------------------------


def _describe(error: jsonschema.ValidationError) -> list[tuple[tuple, str]]:
    path = tuple(error.absolute_path)
    kind, value, rule = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = [k for k in rule if isinstance(value, dict) and k not in value]
        return [(path + (k,), "required field is missing") for k in missing]
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        out = []
        for key in sorted(set(value) - set(allowed), key=str):
            hint = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            tail = f"did you mean '{hint[0]}'?" if hint else f"allowed fields: {', '.join(allowed)}"
            out.append((path + (key,), f"unknown field; {tail}"))
        return out
    if kind == "oneOf":
        if path[-1:] != ("steps",):
            return [(path, "needs exactly one of next, cause or causes")]
        branch = 0 if isinstance(value, list) else 1 if isinstance(value, dict) else None
        inner = [e for e in error.context if e.schema_path[0] == branch]
        if not inner:
            return [(path, "must be a list of steps, or a mapping of iphone/mac/windows to lists of steps")]
        return [found for e in inner for found in _describe(e)]
    if kind == "enum":
        hint = difflib.get_close_matches(str(value), [str(v) for v in rule], n=1, cutoff=0.6)
        tail = f"; did you mean '{hint[0]}'?" if hint else ""
        return [(path, f"{value!r} is not one of {', '.join(repr(v) for v in rule)}{tail}")]
    if kind == "pattern":
        return [(path, _pattern_message(rule, value))]
    if kind == "type":
        return [(path, f"must be {_a(rule)}, not {_a(_json_type(value))}")]
    if kind == "format":
        return [(path, date_problem(value) or error.message)]
    if kind == "const":
        return [(path, f"must be {rule!r}, not {value!r}")]
    if kind == "minItems":
        return [(path, f"must have at least {rule} item{'s' if rule != 1 else ''}")]
    if kind == "minProperties":
        return [(path, "must not be empty")]
    if kind == "minLength":
        return [(path, "must not be empty" if rule == 1 else f"is {len(value)} characters; at least {rule}")]
    if kind == "maxLength":
        return [(path, f"is {len(value)} characters; the limit is {rule}")]
    if kind == "uniqueItems":
        dupes = sorted({str(v) for v, n in Counter(map(json.dumps, value)).items() if n > 1})
        return [(path, f"lists the same item twice: {', '.join(dupes)}")]
    return [(path, error.message)]


def _pattern_message(pattern: str, value: str) -> str:
    definitions = schema()["definitions"]
    if pattern == definitions["id"]["pattern"]:
        return f"{value!r} is not a lowercase kebab-case id (like 'icloud-storage-full')"
    if pattern == definitions["https_url"]["pattern"]:
        return f"{value!r} is not an https:// URL (only https links are allowed)"
    if pattern == definitions["date"]["pattern"]:
        return f"{value!r} is not a date written YYYY-MM-DD (like '2026-11-27') with a real month and day"
    if pattern == definitions["text"]["pattern"]:
        return "must not be blank"
    if pattern == definitions["major_version"]["pattern"]:
        return f"{value!r} is not a major version number written as text (like \"27\")"
    if pattern == definitions["search_phrase"]["pattern"]:
        return f"{value!r} has no letter or digit: search could never match it"
    return f"{value!r} does not match the expected format {pattern}"


def _json_type(value) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def _a(kind) -> str:
    if isinstance(kind, list):
        return " or ".join(_a(k) for k in kind)
    names = {"object": "a mapping", "array": "a list", "string": "text", "integer": "a whole number",
             "number": "a number", "boolean": "true or false", "null": "empty"}
    return names.get(kind, kind)


def _owner(data, path: tuple) -> tuple[str, tuple]:
    """Name the cause or node a path belongs to, and the path inside it."""
    for prefix, label in ((("causes",), "cause"), (("decision_tree", "nodes"), "node")):
        n = len(prefix)
        if path[:n] == prefix and len(path) > n and isinstance(path[n], int):
            item = get(data, path[: n + 1])
            ident = item.get("id") if isinstance(item, dict) else None
            name = f"{label} '{ident}'" if isinstance(ident, str) else f"{label} #{path[n] + 1}"
            return name, path[n + 1:]
    return "", path


# --- cross-field rules -------------------------------------------------------------------


def _cross_problems(data) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    causes = items(data, "causes")
    cause_ids = {c["id"] for _, c in causes if isinstance(c.get("id"), str)}
    out += _duplicates([(("causes", i, "id"), c.get("id")) for i, c in causes], "cause id")
    retired = _retired_ids(causes)
    alias_owner: dict[str, str] = {}
    for i, cause in causes:
        at = ("causes", i)
        fixes = items(cause, "fixes")
        anchors = [(at + ("fixes", j, "id"), f.get("id")) for j, f in fixes]
        anchors += [(at + ("fixes", j, "aliases", k), a) for j, f in fixes for k, a in enumerate(strings(f.get("aliases")))]
        out += _duplicates(anchors, "fix id or fix alias")
        out += [(path, f"'{anchor}' is the anchor of a page section; choose another fix id")
                for path, anchor in anchors if anchor in SECTION_IDS]
        for k, rel in enumerate(strings(cause.get("related"))):
            if rel == cause.get("id"):
                out.append((at + ("related", k), "a cause cannot be related to itself"))
            elif rel not in cause_ids:
                out.append((at + ("related", k), _unknown_cause(rel, cause_ids, retired)))
        for k, alias in enumerate(strings(cause.get("aliases"))):
            if alias in cause_ids:
                out.append((at + ("aliases", k), f"'{alias}' is the id of a live cause; an alias must be a retired id"))
            elif alias in alias_owner:
                out.append((at + ("aliases", k), f"'{alias}' is already an alias of cause '{alias_owner[alias]}'"))
            else:
                alias_owner[alias] = cause.get("id")
    out += _message_id_problems(causes)
    out += _tree_problems(data, cause_ids, retired)
    out += _release_problems(data)
    out += _checked_for_problems(data)
    out += _vocabulary_problems(data)
    return out


def _vocabulary_problems(data) -> list[tuple[tuple, str]]:
    """A phrase belongs to one synonym group and names one side at most, compared as search
    compares words (case, hyphens and apostrophes aside)."""
    out = []
    synonyms, sides = get(data, ("vocabulary", "synonyms")), get(data, ("vocabulary", "sides"))
    for section, groups in (("synonyms", enumerate(synonyms if isinstance(synonyms, list) else [])),
                            ("sides", sides.items() if isinstance(sides, dict) else [])):
        seen: dict[str, tuple] = {}
        for key, phrases in groups:
            for k, phrase in enumerate(strings(phrases)):
                path = ("vocabulary", section, key, k)
                words = " ".join(re.sub(r"['’]", "", phrase.replace("-", " ")).casefold().split())
                if words in seen and seen[words][:3] != path[:3]:
                    out.append((path, f"'{phrase}' is also in {format_path(seen[words][1:3])}; a phrase may appear in one place only"))
                seen.setdefault(words, path)
    return out


def _message_id_problems(causes: list[tuple[int, dict]]) -> list[tuple[tuple, str]]:
    """Every copy of a message carries the same id; no two messages share an id, and each anchor a
    message gets on /errors/ (its id and aliases, device-prefixed in a second group) is its own."""
    out = []
    first_of_text: dict[str, tuple[tuple, str]] = {}  # message key -> (path of its id, id)
    first_of_id: dict[str, tuple[tuple, str]] = {}  # id -> (path, message key)
    names: dict[str, dict[str, tuple]] = {}  # id -> {id or alias: its path}
    devices: dict[str, list[str]] = {}
    for i, cause in causes:
        for k, message in items(cause, "error_messages"):
            at = ("causes", i, "error_messages", k)
            ident, text = message.get("id"), message.get("text")
            if not (isinstance(ident, str) and isinstance(text, str)):
                continue
            key = message_key(text)
            if key in first_of_text and first_of_text[key][1] != ident:
                path, other = first_of_text[key]
                out.append((at + ("id",), f"the same message has the id '{other}' at {format_path(path)}; every copy carries the same id"))
                continue
            if ident in first_of_id and first_of_id[ident][1] != key:
                out.append((at + ("id",), f"'{ident}' is the id of another message (at {format_path(first_of_id[ident][0])}); "
                                          "give each message its own id"))
                continue
            first_of_text.setdefault(key, (at + ("id",), ident))
            first_of_id.setdefault(ident, (at + ("id",), key))
            own = names.setdefault(ident, {ident: first_of_id[ident][0]})
            for n, alias in enumerate(strings(message.get("aliases"))):
                if alias == ident:
                    out.append((at + ("aliases", n), "an alias is an id the message had before, not its id"))
                own.setdefault(alias, at + ("aliases", n))
            devices.setdefault(ident, []).extend(SHOWN_ON_DEVICES.get(message.get("shown_on"), ()))
    taken = dict.fromkeys(errors.PAGE_IDS, "")
    for ident, own in names.items():
        for name, path in own.items():
            for anchor in (found[0] for found in errors.anchors(name, (), tuple(devices[ident])).values()):
                other = taken.setdefault(anchor, ident)
                if other != ident:
                    whose = f"an anchor of message '{other}'" if other else "the id of a heading of the page"
                    out.append((path, f"its anchor on /errors/, #{anchor}, is already {whose}"))
    return out


def _duplicates(located: list[tuple[tuple, object]], what: str) -> list[tuple[tuple, str]]:
    first: dict[str, tuple] = {}
    out = []
    for path, value in located:
        if not isinstance(value, str):
            continue
        if value in first:
            out.append((path, f"duplicate {what} '{value}' (first used at {format_path(first[value])})"))
        else:
            first[value] = path
    return out


def _unknown(kind: str, ident: str, known: set[str]) -> str:
    hint = difflib.get_close_matches(ident, sorted(known), n=1, cutoff=0.6)
    return f"no {kind} has the id '{ident}'" + (f"; did you mean '{hint[0]}'?" if hint else "")


def _retired_ids(causes: list[tuple[int, dict]]) -> dict[str, str]:
    """Old cause id (an alias) -> the id of the cause that carries it now."""
    return {alias: str(c.get("id")) for _, c in causes for alias in strings(c.get("aliases"))}


def _unknown_cause(ident: str, cause_ids: set[str], retired: dict[str, str]) -> str:
    """Why a cause reference does not resolve; a retired id names the cause to use instead."""
    if ident in retired and retired[ident] in cause_ids:
        return f"'{ident}' is a retired id (an alias of cause '{retired[ident]}'); refer to '{retired[ident]}'"
    return _unknown("cause", ident, cause_ids)


def _release_problems(data) -> list[tuple[tuple, str]]:
    """Each platform's major version is recorded once."""
    releases = items(data, "releases")
    keys = [(("releases", i, "version"), f"{r.get('platform')} {r.get('version')}") for i, r in releases]
    return _duplicates(keys, "release")


def _checked_for_problems(data) -> list[tuple[tuple, str]]:
    """Each cause's checked_for names recorded releases: iOS always, macOS exactly when the cause
    has a Mac side, each out by the cause's last_reviewed day."""
    releases = {(r.get("platform"), r.get("version")): r for _, r in items(data, "releases")}
    out = []
    for i, cause in items(data, "causes"):
        record = cause.get("checked_for")
        if not isinstance(record, dict):
            continue  # missing or malformed: the schema reports it
        at = ("causes", i, "checked_for")
        where = cause.get("where") if isinstance(cause.get("where"), list) else []
        if "mac" in where and "macos" not in record:
            out.append((at + ("macos",), "required for a cause with a Mac side (where: mac): "
                                         "name the macOS release its Mac steps were checked against"))
        if "mac" not in where and "macos" in record:
            out.append((at + ("macos",), "this cause has no Mac side (where has no mac); record only ios"))
        for platform, name in (("ios", "iOS"), ("macos", "macOS")):
            version = record.get(platform)
            if not isinstance(version, str):
                continue
            release = releases.get((platform, version))
            if release is None:
                known = sorted((v for p, v in releases if p == platform and isinstance(v, str)), key=_version_key)
                listed = ", ".join(known) if known else "none"
                out.append((at + (platform,), f"no {name} {version} in releases (recorded {name} versions: {listed}); "
                                              f"add the release first, or name one that is recorded"))
                continue
            reviewed, out_on = cause.get("last_reviewed"), release.get("date")
            if isinstance(reviewed, str) and isinstance(out_on, str) and out_on > reviewed:
                out.append((at + (platform,), f"{name} {version} came out on {out_on}, after last_reviewed ({reviewed}): "
                                              "a cause can only have been checked against a release that was out"))
    return out


def _version_key(version: str) -> tuple[int, str]:
    return (int(version), version) if version.isdigit() else (0, version)


def _tree_problems(data, cause_ids: set[str], retired: dict[str, str]) -> list[tuple[tuple, str]]:
    tree = get(data, ("decision_tree",))
    if not isinstance(tree, dict):
        return []
    nodes = items(data, "decision_tree", "nodes")
    out = _duplicates([(("decision_tree", "nodes", i, "id"), n.get("id")) for i, n in nodes], "node id")
    index = {n["id"]: i for i, n in nodes if isinstance(n.get("id"), str)}
    edges: dict[str, list[str]] = {}
    ends: dict[str, set[str]] = {}
    for i, node in nodes:
        node_id = node.get("id")
        at = ("decision_tree", "nodes", i, "answers")
        out += _duplicates([(at + (j, "id"), a.get("id")) for j, a in items(node, "answers")], "answer id")
        for j, answer in items(node, "answers"):
            at = ("decision_tree", "nodes", i, "answers", j)
            nxt = answer.get("next")
            if isinstance(nxt, str):
                if nxt not in index:
                    out.append((at + ("next",), _unknown("question", nxt, set(index))))
                else:
                    edges.setdefault(node_id, []).append(nxt)
            targets = [(("cause",), answer.get("cause"))] + [(("causes", k), c) for k, c in enumerate(strings(answer.get("causes")))]
            for sub, cause in targets:
                if isinstance(cause, str):
                    if cause not in cause_ids:
                        out.append((at + sub, _unknown_cause(cause, cause_ids, retired)))
                    else:
                        ends.setdefault(node_id, set()).add(cause)
    start = tree.get("start")
    if not isinstance(start, str):
        return out
    if start not in index:
        return out + [(("decision_tree", "start"), _unknown("question", start, set(index)))]
    depth, cycle = _walk(start, edges)
    if cycle:
        loop = " -> ".join(cycle)
        source = index[cycle[-2]]
        closing = next(j for j, a in items(nodes[source][1], "answers") if a.get("next") == cycle[-1])
        out.append((("decision_tree", "nodes", source, "answers", closing, "next"), f"the tree has a cycle: {loop}"))
    for node_id, i in index.items():
        if node_id not in depth:
            out.append((("decision_tree", "nodes", i, "id"), f"question '{node_id}' cannot be reached from start '{start}'"))
        elif depth[node_id] > MAX_QUESTIONS:
            out.append((("decision_tree", "nodes", i, "id"),
                        f"question '{node_id}' is question number {depth[node_id]} on its longest path; the limit is {MAX_QUESTIONS}"))
    reached = {c for node_id in depth for c in ends.get(node_id, ())}
    for i, cause in items(data, "causes"):
        if isinstance(cause.get("id"), str) and cause["id"] not in reached:
            out.append((("causes", i, "id"), "no answer in decision_tree leads to this cause"))
    return out


def _walk(start: str, edges: dict[str, list[str]]) -> tuple[dict[str, int], list[str]]:
    """Longest depth (in questions) of every node reachable from start, and one cycle if any."""
    state = {start: 1}  # 1 while on the current path, 2 when finished
    order: list[str] = []
    cycle: list[str] = []
    stack = [(start, iter(edges.get(start, ())))]
    while stack:
        node, successors = stack[-1]
        nxt = next(successors, None)
        if nxt is None:
            stack.pop()
            state[node] = 2
            order.append(node)
        elif state.get(nxt) == 1:
            if not cycle:
                trail = [n for n, _ in stack]
                cycle = trail[trail.index(nxt):] + [nxt]
        elif nxt not in state:
            state[nxt] = 1
            stack.append((nxt, iter(edges.get(nxt, ()))))
    depth = {node: 1 for node in order}
    if not cycle:
        for node in reversed(order):  # a topological order
            for nxt in edges.get(node, ()):
                depth[nxt] = max(depth[nxt], depth[node] + 1)
    return depth, cycle
