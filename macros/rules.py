"""Editorial rules for the words of causes.yaml, checked with the rest of validation so authors
see them where they work (`make serve`, `python -m macros`, the build), each located at the
field that breaks it. validate.py checks the shape and how ids refer to each other; these check
what the text says: quoted messages, sources (no retired Apple article address), summaries,
warnings, Settings wording, escalation and the "not sure" answers of the decision tree.

Each rule reads the plain data defensively (validate.py reports malformed fields) and returns
(path, message) pairs.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .load import get, items, strings
from .text import message_key

NUMERIC_CODE = re.compile(
    r"\b(?:error|code)\b\W{0,3}-?\d+"  # "error 4013", "code: -39"
    r"|\(\s*-?\d+\s*\)"                # "(-54)"
    r"|^\W*-?\d+\W*$"                  # a bare number
    r"|\b\d{2,}\b",                    # any multi-digit number
    re.IGNORECASE,
)
"""A quoted message never carries a numeric error code: Apple documents none for backups."""

RISKY_STEP = re.compile(
    r"\bdelet\w*|\breset (?:all settings|network settings|location & privacy)\b|\berase\b|\bbuy\b"
    r"|\bpurchase\b|change storage plan|upgrade to icloud\+"
    r"|\bsign out\b|stop restoring|remove profile|forget this network|\bpause\b.*\bsecurity\b",
    re.IGNORECASE,
)
"""Steps that can lose data, turn a setting off or cost money: their fix needs a warning."""

DELETES_ICLOUD_BACKUP = re.compile(r"delete\w* backup", re.IGNORECASE)
TURNS_BACKUP_OFF = re.compile(r"turns? iCloud Backup off|turns? off iCloud Backup")

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
"""An old article's advice to "update iCloud services": no such update exists."""

RETIRED_APPLE_URL = re.compile(
    r"https?://support\.apple\.com/(?:[a-z]{2}[-_][a-z]{2,4}/)?(?:kb/|(?:HT|TS|PH)\d+\b)\S*", re.IGNORECASE)
"""Apple's old article addresses (HT/TS/PH numbers, /kb/ links): they only redirect now, some to
pages that say something else."""

RETIRED_APPLE_ARTICLES = {
    "HT203516": "102563", "HT201418": "102563", "HT203977": "118426", "HT204136": "108771",
    "HT202778": "109054", "HT205220": "108353", "HT203790": "108353", "TS5162": "108353",
    "TS2529": "108346", "HT210596": "102433", "HT205234": "101604", "HT204184": "118105",
    "HT204204": "118575", "HT203512": "118446", "HT204215": "108809", "HT201999": "102018",
    "HT211228": "108366", "HT204247": "108922",
}
"""Where Apple redirects the old article numbers this project has cited (content brief, audit
2026-11-30), for the hint in the problem message."""

MAX_SUMMARY_SENTENCES = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def is_apple(url: str) -> bool:
    """Whether a URL is one of Apple's own pages (apple.com or a subdomain)."""
    host = urlsplit(url).hostname or ""
    return host == "apple.com" or host.endswith(".apple.com")


def problems(data) -> list[tuple[tuple, str]]:
    """Every editorial problem of the file, as (path, message)."""
    out: list[tuple[tuple, str]] = []
    causes = items(data, "causes")
    for i, cause in causes:
        at = ("causes", i)
        out += _message_problems(cause, at)
        out += _reference_problems(cause, at)
        out += _summary_problems(cause, at)
        out += _fix_problems(cause, at)
        out += _escalation_problems(cause, at)
    out += _shared_message_problems(causes)
    out += _wording_problems(_prose(data))
    out += _tree_problems(data)
    out += _retired_apple_urls(data)
    return out


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _message_problems(cause: dict, at: tuple) -> list[tuple[tuple, str]]:
    out = []
    cited = {_text(r.get("url")) for _, r in items(cause, "references")}
    seen: dict[str, int] = {}
    for k, message in items(cause, "error_messages"):
        path = at + ("error_messages", k)
        text, source = _text(message.get("text")), _text(message.get("source"))
        code = NUMERIC_CODE.search(text)
        if code:
            out.append((path + ("text",), f"looks like a numeric error code ({code.group(0).strip()!r}); Apple documents none "
                                          "for backups: quote the words of the message only"))
        if text and message_key(text) in seen:
            out.append((path + ("text",), f"the same message is listed twice under this cause (also error_messages[{seen[message_key(text)]}])"))
        seen.setdefault(message_key(text), k)
        if source and source not in cited:
            out.append((path + ("source",), "is not among this cause's references; cite the page under references too"))
        if source and not is_apple(source) and "Apple" not in _text(message.get("note")):
            out.append((path + ("note",), "the message is quoted from a page outside apple.com: the note must say what Apple "
                                          "does or does not publish about it"))
    return out


def _shared_message_problems(causes: list[tuple[int, dict]]) -> list[tuple[tuple, str]]:
    """A message listed under several causes says shared: true on every copy, and only then."""
    where: dict[str, list[tuple[tuple, dict, str]]] = {}
    for i, cause in causes:
        for k, message in items(cause, "error_messages"):
            if isinstance(message.get("text"), str):
                where.setdefault(message_key(message["text"]), []).append(
                    (("causes", i, "error_messages", k), message, str(cause.get("id"))))
    out = []
    for copies in where.values():
        owners = sorted({owner for _, _, owner in copies})
        for path, message, owner in copies:
            if len(owners) > 1 and message.get("shared") is not True:
                others = ", ".join(o for o in owners if o != owner)
                out.append((path + ("shared",), f"this message is also listed under {others}; set shared: true on every copy"))
            elif len(owners) == 1 and message.get("shared") is True:
                out.append((path + ("shared",), "no other cause lists this message, so the page would wrongly say it is "
                                                "also shown for other causes; remove shared: true"))
    return out


def _reference_problems(cause: dict, at: tuple) -> list[tuple[tuple, str]]:
    urls = [(j, _text(r.get("url"))) for j, r in items(cause, "references")]
    apple = [j for j, url in urls if is_apple(url)]
    if apple and urls and not is_apple(urls[0][1]):
        return [(at + ("references", apple[0], "url"), "Apple's own pages come first: move this reference above the others")]
    return []


def _summary_problems(cause: dict, at: tuple) -> list[tuple[tuple, str]]:
    sentences = [s for s in _SENTENCE_END.split(_text(cause.get("summary")).strip()) if s]
    if len(sentences) > MAX_SUMMARY_SENTENCES:
        return [(at + ("summary",), f"has {len(sentences)} sentences; at most {MAX_SUMMARY_SENTENCES}, to be read in one go")]
    return []


def _steps(fix: dict) -> list[tuple[tuple, str]]:
    """(path inside the fix, text) of every step, common or per platform."""
    steps = fix.get("steps")
    if isinstance(steps, dict):
        return [(("steps", platform, k), step) for platform in steps for k, step in enumerate(strings(steps[platform]))]
    return [(("steps", k), step) for k, step in enumerate(strings(steps))]


def _fix_problems(cause: dict, at: tuple) -> list[tuple[tuple, str]]:
    out = []
    for j, fix in items(cause, "fixes"):
        path = at + ("fixes", j)
        located = [(("title",), _text(fix.get("title")))] + _steps(fix)
        warning = _text(fix.get("warning"))
        risky = next(((where, found) for where, text in located if (found := RISKY_STEP.search(text))), None)
        if risky and not warning:
            out.append((path + risky[0], f"mentions {risky[1].group(0)!r}, which can lose data, turn a setting off or cost "
                                         "money: give the fix a warning that says so"))
        text = " ".join(text for _, text in located)
        if warning and DELETES_ICLOUD_BACKUP.search(text) and "iCloud" in text and not TURNS_BACKUP_OFF.search(warning):
            out.append((path + ("warning",), "deleting an iCloud backup also turns iCloud Backup off: the warning must say so "
                                             "('turns iCloud Backup off')"))
        if isinstance(fix.get("steps"), list):
            common = " ".join(step for _, step in _steps(fix))
            mac, windows = MAC_ONLY.search(common), WINDOWS_ONLY.search(common)
            if mac and windows:
                out.append((path + ("steps",), f"mixes Mac ({mac.group(0)!r}) and Windows ({windows.group(0)!r}) steps; "
                                               "give them per platform (mac:, windows:)"))
        out += [(path + where, "repeats the myth of updating iCloud services: no such update exists")
                for where, step in _steps(fix) if MYTH.search(step)]
    return out


def _escalation_problems(cause: dict, at: tuple) -> list[tuple[tuple, str]]:
    text = _text(cause.get("escalate"))
    if text and ("Apple Support" not in text or "ready" not in text.lower()):
        return [(at + ("escalate",), "must say when to contact Apple Support and what to have ready")]
    return []


def _prose(data):
    """(path, text) of everything written in the site's own voice. Symptoms and search terms are
    left out: they are the reader's words, old names included."""
    for i, cause in items(data, "causes"):
        at = ("causes", i)
        for field in ("summary", "escalate"):
            yield at + (field,), _text(cause.get(field))
        for k, check in enumerate(strings(cause.get("checks"))):
            yield at + ("checks", k), check
        for j, fix in items(cause, "fixes"):
            for field in ("title", "warning"):
                yield at + ("fixes", j, field), _text(fix.get(field))
            for where, step in _steps(fix):
                yield at + ("fixes", j) + where, step
    for i, node in items(data, "decision_tree", "nodes"):
        at = ("decision_tree", "nodes", i)
        for field in ("question", "help"):
            yield at + (field,), _text(node.get(field))
        for j, answer in items(node, "answers"):
            yield at + ("answers", j, "label"), _text(answer.get("label"))


def _wording_problems(prose) -> list[tuple[tuple, str]]:
    return [
        (path, f"says {old!r} without today's wording {new!r}; write {new!r} and name the older wording beside it")
        for path, text in prose
        for old, new in OLD_WORDING.items()
        if old in text and new not in text
    ]


def _tree_problems(data) -> list[tuple[tuple, str]]:
    """Every question offers a way out for someone who cannot tell: an answer saying "not sure" or
    "none of these" that asks another question or offers at least two likely causes in order."""
    out = []
    for i, node in items(data, "decision_tree", "nodes"):
        at = ("decision_tree", "nodes", i)
        answers = items(node, "answers")
        unsure = [(j, a) for j, a in answers if UNSURE_LABEL.search(_text(a.get("label")))]
        if answers and not unsure:
            out.append((at + ("answers",), "has no answer for someone who cannot tell (a label with \"not sure\" or \"none of these\")"))
        for j, answer in unsure:
            if "next" not in answer and len(strings(answer.get("causes"))) < 2:
                out.append((at + ("answers", j), "an answer for someone who cannot tell must ask another question (next) or "
                                                 "offer at least two likely causes in order (causes)"))
    return out


def _every_string(value, path: tuple = ()):
    """(path, text) of every string in the data."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _every_string(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _every_string(item, path + (i,))


def _retired_apple_urls(data) -> list[tuple[tuple, str]]:
    """No link to a retired Apple article address, anywhere in the file."""
    out = []
    for path, text in _every_string(data):
        for found in RETIRED_APPLE_URL.finditer(text):
            number = re.search(r"\b(?:HT|TS|PH)\d+", found.group(0), re.IGNORECASE)
            current = RETIRED_APPLE_ARTICLES.get(number.group(0).upper()) if number else None
            hint = (f"Apple serves it today as https://support.apple.com/en-us/{current}" if current else
                    "cite the numbered page it redirects to (https://support.apple.com/en-us/NNNNNN) "
                    "or the iPhone or iCloud User Guide")
            out.append((path, f"'{found.group(0)}' is a retired Apple article address; {hint}"))
    return out
