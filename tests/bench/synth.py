"""Synthetic knowledge bases of any size, shaped like the real causes.yaml.

Each cause has the sizes the real file has on average: 3-6 symptoms, 2-4 exact messages, 3-5
checks, 3 fixes of 3-5 steps (one in four split per platform), a long summary and escalation
note, 2-3 references, related causes and search terms. A decision tree of at most 4 questions
deep reaches every cause, and every question has a "not sure" answer; the search vocabulary is
the real one. The text passes the editorial rules of validation (macros/rules.py): no word that
makes a step risky or names one platform's app, messages cite a reference, escalation names
Apple Support. The same seed gives the same file.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

WORDS = """
backup iphone icloud storage settings account password wifi network router restore computer
itunes windows mac cable device update software screen passcode photos videos messages
apps files space free full space encrypted encryption trust connection usb port charger battery
power low mode data cellular signal restart turn off on again open tap select choose click
check make sure that the your this when after before while until every each some other more
less than fails failed failure stops stopped starts started keeps slow slowly quickly later
never always sometimes often usually night morning hour minutes days weeks latest version
older newer profile managed school work company screen time restrictions limits family parent
sharing signed out in apple support contact store genius bar service status outage
server problem error message alert notice shows says appears greyed grey button switch option
menu list sidebar window folder drive disk external internal copy move large
small size total available needed enough not cannot could would should will can may might
phone tablet laptop desktop home office hotel cafe airport public private vpn firewall proxy
antivirus security program blocks allows lets keeps takes gives gets uses needs wants
""".split()

SHOWN_ON = ["iPhone alert", "iPhone Settings", "Finder on a Mac", "iTunes on a Mac",
            "Apple Devices app on Windows", "iTunes on Windows", "iTunes on a Mac or PC"]
PLATFORMS = ["icloud", "mac", "windows"]
SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "tor", "vu", "zen", "qua", "dri", "bel", "nox"]
APPLE_NOTE = "Apple does not publish this wording."
ESCALATE = "Contact Apple Support if it still fails, and have the iPhone model ready."
LEAF_SIZE = 8      # causes offered by one "try these in order" answer
BRANCHING = 6      # answers per question


def token(n: int) -> str:
    """A made-up word unique to n (n < 12**4): four syllables, none of which begins another,
    so no token is a prefix of another and a search for one finds only its own cause."""
    out = ""
    for _ in range(4):
        n, rest = divmod(n, len(SYLLABLES))
        out += SYLLABLES[rest]
    return out


class _Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def sentence(self, low: int, high: int, unique: str = "") -> str:
        text = self.words(self.rng.randint(low, high))
        if unique:
            text = f"{text} {unique}"
        return text[0].upper() + text[1:] + "."

    def sentences(self, count: int, low: int, high: int) -> list[str]:
        return [self.sentence(low, high) for _ in range(count)]


def cause(i: int, n: int, rng_seed: int) -> dict:
    """Cause number i of n."""
    w = _Writer(rng_seed * 100_003 + i)
    rng = w.rng
    name = token(i)
    cid = cause_id(i)
    fixes = []
    for j in range(3):
        steps = w.sentences(rng.randint(3, 5), 10, 18)
        if rng.random() < 0.25:
            steps = {p: w.sentences(rng.randint(3, 4), 10, 18) for p in ("iphone", "mac", "windows")}
        fix = {"id": f"fix-{j + 1}-{name}", "title": w.sentence(4, 7).rstrip("."), "steps": steps,
               "time": f"about {rng.choice([2, 5, 10, 20, 30])} minutes"}
        if rng.random() < 0.4:
            fix["warning"] = w.sentence(12, 20)
        fixes.append(fix)
    related = [k + (k >= i) for k in rng.sample(range(n - 1), k=min(3, n - 1))]  # any three others
    made = {
        "id": cid,
        "title": w.sentence(4, 8, name).rstrip("."),
        "summary": " ".join(w.sentences(3, 12, 16)),
        "where": sorted(rng.sample(PLATFORMS, k=rng.randint(1, 2)), key=PLATFORMS.index),
        "likelihood": rng.choice(["common", "occasional", "rare"]),
        "symptoms": w.sentences(rng.randint(3, 6), 7, 12),
        "error_messages": [
            {"id": f"{cid}-message-{k}", "text": w.sentence(3, 7, f"{name} {token(k)}"), "shown_on": rng.choice(SHOWN_ON),
             "source": f"https://support.example.com/{cid}/ref-0", "note": f"{w.sentence(12, 20)} {APPLE_NOTE}"}
            for k in range(rng.randint(2, 4))
        ],
        "checks": w.sentences(rng.randint(3, 5), 16, 26),
        "fixes": fixes,
        "escalate": " ".join([*w.sentences(2, 12, 16), ESCALATE]),
        "related": [cause_id(k) for k in related],
        "references": [{"title": w.sentence(5, 9).rstrip("."), "url": f"https://support.example.com/{cid}/ref-{k}"}
                       for k in range(rng.randint(2, 3))],
        "search_terms": [w.words(rng.randint(2, 4)) for _ in range(10)],
        "last_reviewed": "2026-11-27",
    }
    made["checked_for"] = {"ios": "26", **({"macos": "26"} if "mac" in made["where"] else {})}
    return made


def cause_id(i: int) -> str:
    """Id of cause number i."""
    return f"cause-{i:04d}-{token(i)}"


def decision_tree(cause_ids: list[str], branching: int = BRANCHING) -> dict:
    """Questions of `branching` answers that end on groups of up to LEAF_SIZE causes; every cause
    reachable. Fewer answers per question make a deeper tree (3 at 1,000 causes: 5 questions)."""
    if len(cause_ids) <= LEAF_SIZE:
        answers = [{"id": f"answer-{k + 1}", "label": f"Answer {k + 1}", "cause": c} for k, c in enumerate(cause_ids)]
        return {"start": "q1-1", "nodes": [{"id": "q1-1", "question": "Which of these describes what you see?",
                "answers": answers + [_unsure(answers)]}]}
    answers = [
        {"cause": group[0]} if len(group) == 1 else {"causes": group}
        for group in (cause_ids[k:k + LEAF_SIZE] for k in range(0, len(cause_ids), LEAF_SIZE))
    ]
    nodes: list[dict] = []
    level = 0
    while True:
        level += 1
        groups = _groups(answers, branching)
        made = []
        for g, group in enumerate(groups):
            node_id = f"q{level}-{g + 1}"
            answers = [{"id": f"answer-{k + 1}", "label": f"Answer {k + 1} of question {level}.{g + 1}", **a} for k, a in enumerate(group)]
            node = {"id": node_id, "question": f"Which of these describes what you see ({level}.{g + 1})?",
                    "answers": answers + [_unsure(answers)]}
            nodes.append(node)
            made.append({"next": node_id})
        if len(made) == 1:
            return {"start": nodes[-1]["id"], "nodes": nodes[::-1]}
        answers = made


def _unsure(answers: list[dict]) -> dict:
    """The "not sure" answer of a question: its first answer's next question, or its first two causes."""
    if "next" in answers[0]:
        return {"id": "not-sure", "label": "I'm not sure", "next": answers[0]["next"]}
    causes = [c for a in answers for c in a.get("causes", [a.get("cause")])]
    return {"id": "not-sure", "label": "I'm not sure", "causes": causes[:2]}


def _groups(answers: list[dict], branching: int) -> list[list[dict]]:
    """Split into groups of `branching` answers; no question is left with a single answer."""
    groups = [answers[k:k + branching] for k in range(0, len(answers), branching)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        last = groups.pop()
        groups[-1] += last
    return groups


REAL = Path(__file__).resolve().parents[2] / "causes.yaml"


def knowledge_base(n: int, seed: int = 7, branching: int = BRANCHING) -> dict:
    """A valid knowledge base with n causes (n >= 2: a question needs two answers)."""
    causes = [cause(i, n, seed) for i in range(n)]
    real = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    return {"version": 1, "releases": real["releases"], "vocabulary": real.get("vocabulary", {}), "causes": causes,
            "decision_tree": decision_tree([c["id"] for c in causes], branching)}


def write(n: int, path: Path, seed: int = 7) -> Path:
    """Write the knowledge base with n causes to path as YAML."""
    return dump(knowledge_base(n, seed), path)


def dump(data: dict, path: Path) -> Path:
    """Write a knowledge base (such as knowledge_base's, edited) to path as YAML, with libyaml
    where it is installed (ten times faster at 1,000 causes)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    return path
