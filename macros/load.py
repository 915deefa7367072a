"""Safe parsing of causes.yaml: plain data plus a way to find the line of any field, and
accessors that read that data before it is known to be well formed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import InvalidKnowledgeBase, Problem

MAX_BYTES = 64 * 1024 * 1024
"""Largest accepted file; a realistic 1,000-cause knowledge base is about 4 MB, 10,000 causes about 40 MB."""

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings accepted; causes.yaml needs 8. Deeper input is refused
with its line before anything recurses over it (PyYAML's pure-Python loader, used where libyaml
is missing, recurses once per level)."""

MAX_DIGITS = 100
"""Longest number accepted, in digits; Python refuses to convert integers of over 4,300."""

_YAML = "tag:yaml.org,2002:"
_STR = _YAML + "str"


def loader_class(base: type) -> type:
    """A safe loader on `base` (libyaml's or the pure-Python one) that keeps dates as strings
    (the schema checks their format)."""
    return type("_Loader", (base,), {"yaml_implicit_resolvers": {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _YAML + "timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.copy().items()
    }})


_Loader = loader_class(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass
class Parsed:
    """The YAML document as Python data, with its node tree kept for line lookups."""

    data: object
    root: yaml.Node

    def line_of(self, path: tuple) -> int | None:
        """1-based line of the deepest node that exists along `path`."""
        node = self.root
        line = node.start_mark.line + 1
        for part in path:
            child = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key, value in node.value:
                    if key.value == part:
                        child = value
                        line = key.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    child = node.value[part]
                    line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line


def parse(path: Path) -> Parsed:
    """Read and parse `path`, or raise InvalidKnowledgeBase naming the file and line."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidKnowledgeBase(name, [Problem(f"cannot read the file: {exc.strerror}")]) from None
    if size > MAX_BYTES:
        raise InvalidKnowledgeBase(
            name, [Problem(f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")]
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InvalidKnowledgeBase(
            name, [Problem(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", line=line)]
        ) from None
    if not text.strip():
        raise InvalidKnowledgeBase(name, [Problem("file is empty")])
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise InvalidKnowledgeBase(name, [Problem("file holds no YAML document")])
        problems = _structural_problems(text, root, loader)
        if problems:
            raise InvalidKnowledgeBase(name, problems)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        raise InvalidKnowledgeBase(name, [_syntax_problem(text, exc)]) from None
    except yaml.YAMLError as exc:
        raise InvalidKnowledgeBase(name, [Problem(f"YAML error: {exc}")]) from None
    except RecursionError:  # the pure-Python composer, on nesting far deeper than MAX_DEPTH
        raise InvalidKnowledgeBase(name, [_too_deep(text)]) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value no check above foresaw
        raise InvalidKnowledgeBase(name, [Problem(f"a value cannot be read as data: {exc}")]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InvalidKnowledgeBase(
            name, [Problem(f"the top level must be a mapping with version, causes and decision_tree, not a {type(data).__name__}", line=1)]
        )
    return Parsed(data, root)


_CONSTRUCTS = {
    "while parsing a flow sequence": ("the [ ] list", True),
    "while parsing a flow mapping": ("the { } mapping", True),
    "while scanning a quoted scalar": ("the quoted text", True),
    "while parsing a flow node": ("the value", False),
    "while scanning a simple key": ("the key", False),
    "while parsing a block mapping": ("the mapping", False),
    "while parsing a block collection": ("the list", False),
    "while parsing a block node": ("the value", False),
}
"""PyYAML's names of the construct an error happened in, in plain words, and whether its start is
where to look first: an unclosed bracket or quote is noticed lines later, where the parser gives
up, but a block mapping may have started at the top of the file."""


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The error with both places: where the broken construct starts and where the parser gave up."""
    start, stop = exc.context_mark, exc.problem_mark or exc.context_mark
    reason = exc.problem or exc.context or "invalid YAML"
    if "'\\t'" in reason or _tab_at(text, stop):
        reason += " (YAML does not allow tabs for indentation; use spaces)"
    if start is None or stop is None or (start.line, start.column) == (stop.line, stop.column):
        return Problem(f"YAML syntax error: {reason}", line=stop.line + 1 if stop else None)
    construct, start_first = _CONSTRUCTS.get(exc.context or "", (exc.context or "the construct", False))
    began = f"line {start.line + 1}, column {start.column + 1}"
    gave_up = f"line {stop.line + 1}, column {stop.column + 1}"
    if start_first:
        return Problem(f"YAML syntax error in {construct} that starts here ({began}): {reason}; "
                       f"the parser gave up at {gave_up}", line=start.line + 1)
    return Problem(f"YAML syntax error at {gave_up}: {reason}, in {construct} that starts at {began}",
                   line=stop.line + 1)


def _tab_at(text: str, mark) -> bool:
    """Whether the line of a YAML error mark starts its indentation with a tab."""
    if mark is None:
        return False
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return False
    line = lines[mark.line]
    return "\t" in line[: len(line) - len(line.lstrip())]


def _structural_problems(text: str, root: yaml.Node, loader) -> list[Problem]:
    """Aliases (they enable alias bombs and nothing needs them), duplicate mapping keys, nesting
    deeper than MAX_DEPTH, and values that are not plain data: an explicit tag (`!!binary`,
    `!!set`, `!!timestamp`, `!!int x`...) other than `!!str`, or a number too long to read.
    Walked without recursion, and without expanding aliases."""
    problems: list[Problem] = []
    seen: set[int] = set()
    shared = False
    stack: list[tuple[yaml.Node, tuple, int]] = [(root, (), 1)]
    while stack:
        node, path, depth = stack.pop()
        if id(node) in seen:
            shared = True
            continue
        seen.add(id(node))
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            problems.append(Problem(f"lists and mappings are nested more than {MAX_DEPTH} levels deep here", path, line=line))
            continue
        wrong = _not_plain_data(node, loader)
        if wrong:
            problems.append(Problem(wrong, path, line=line))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (i,), depth + 1) for i, item in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            keys: set = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        problems.append(
                            Problem(f"key '{key.value}' appears twice in the same mapping", line=key.start_mark.line + 1)
                        )
                    keys.add(key.value)
                stack.extend(((key, path, depth + 1), (value, path + (key.value if isinstance(key, yaml.ScalarNode) else "?",), depth + 1)))
    if shared:
        problems += [
            Problem(f"YAML alias *{event.anchor} is not allowed; write the value out", line=event.start_mark.line + 1)
            for event in yaml.parse(text, Loader=_Loader)
            if isinstance(event, yaml.AliasEvent)
        ][:20]
    return sorted(problems, key=lambda p: p.line or 0)


def _not_plain_data(node: yaml.Node, loader) -> str | None:
    """Why a node is not plain text, number, yes/no, list or mapping as written, or None."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:  # text, as most values are, or an explicit !!str, which is always text
            return None
        plain = not node.style  # None from the pure-Python loader, "" from libyaml's
        if node.tag != (loader.resolve(yaml.ScalarNode, node.value, (True, False)) if plain else _STR):
            return (f"YAML tag {_short(node.tag)} is not allowed (on {node.value[:40]!r}); "
                    "write the value without a tag, in quotes if it is text")
        if node.tag == _YAML + "int" and sum(ch.isdigit() for ch in node.value) > MAX_DIGITS:
            return f"a number of {sum(ch.isdigit() for ch in node.value):,} digits; the limit is {MAX_DIGITS}"
        return None
    expected = _YAML + ("seq" if isinstance(node, yaml.SequenceNode) else "map")
    if node.tag != expected:
        return f"YAML tag {_short(node.tag)} is not allowed; write a plain {'list' if expected.endswith('seq') else 'mapping'}"
    return None


def _short(tag: str) -> str:
    return "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag


def _too_deep(text: str) -> Problem:
    """Where nesting first goes deeper than MAX_DEPTH, found from the parser's events (which,
    unlike composing, does not recurse)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(f"lists and mappings are nested more than {MAX_DEPTH} levels deep here", line=event.start_mark.line + 1)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return Problem("lists and mappings are nested too deep to read")


def get(data, path: tuple):
    """The value at `path` (keys and indexes), or None where the data has another shape."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def items(data, *path) -> list[tuple[int, dict]]:
    """(index, item) for the mapping items of the list at `path`, skipping malformed ones."""
    value = get(data, path)
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def strings(value) -> list[str]:
    """The strings of a list (ids, aliases, text), skipping malformed items."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
