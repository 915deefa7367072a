"""People type or paste into the real search box of the built site (Chromium) and the right cause
comes up.

The yardstick is what people really wrote: tests/data/real-queries.yaml (questions with their
sources, split into a half the ranking was tuned on and a half it was not) and
tests/data/pasted-texts.yaml (whole texts pasted at once). Beside them, generated and own cases:
every exact error message and the start of each must find its cause first, and so must a support
email with a message inside; a side word with "backup keeps failing" must bring a cause of that
side first, for every side word of the vocabulary; every cause title, the own cases of
tests/data/search-cases.yaml and ../shared/search-queries.yaml must find theirs in the first
three; and texts full of characters that search engines read as query syntax must answer.
Each kind has its own floor; the figures are printed at the end of the run.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pytest
import yaml

from agentspage import rank_all
from conftest import DATA, ROOT, message_owners
from searchbox import SearchBox

pytestmark = pytest.mark.browser

SHARED = ROOT.parent / "shared" / "search-queries.yaml"

FLOORS = {  # kind: (share found first, share found in the first three)
    "real (all)": (0.70, 0.90),
    "real (holdout)": (0.70, 0.90),
    "title": (0.95, 1.0),
    "fragment": (0.75, 0.90),
    "lowercase": (0.75, 0.90),
    "paraphrase": (0.75, 0.90),
    "misspelling": (0.75, 0.90),
    "shared": (0.75, 0.90),
}
"""Floors of the kinds judged by share. Every case marked `first` (exact messages, their starts,
emails with a message, side words, shared top_1 cases) must find its cause first, each of them."""

EMAIL = """Hi support team,

I hope you can help me. For about two weeks now my iPhone has been refusing to back up. I have
restarted it a few times, checked that it is charging overnight and that it is on my home Wi-Fi,
and I even signed out and back in, but nothing changed. Every time I try, this is what I see:

{message}

My daughter has the same model and hers works fine, so I am not sure what is different about mine.
I use it for work and I am worried about losing my photos and messages if something happens to it.
Could you tell me what is going on and what I should try next?

Thanks in advance,
Maria"""
"""A support email around an exact message (each message once as shown, once retyped)."""

SYNTAX = [
    'Can\'t back up to iCloud: "not enough storage"',
    'iPhone USB triggers nonstop "Trust this device" message loop',
    "backup: failed: icloud:",
    "title:backup text:storage",
    "+icloud -storage",
    "-backup",
    "storage~2 backup^10",
    "back* icl*",
    "[iCloud] (backup) {failed} <storage>",
    '"iPhone Backup Failed."',
    "Backup failed!!!???",
    "📱 backup failed 😡🙏",
    "¿¡backup!? — storage… “full”",
    "C:\\Users\\me\\AppData\\Roaming\\Apple Computer\\MobileSync\\Backup",
    "it's iTunes' fault & the backup won't finish; 100% stuck",
]
"""Texts with characters that query languages read as syntax: each must answer with pages."""

NO_MATCH = "qxzvqxzv zzyzxq"


@dataclass(frozen=True)
class Case:
    query: str
    causes: tuple[str, ...]  # any of them counts
    kind: str
    first: bool = False  # must be the first result
    paste: bool = False  # pasted at once rather than typed


def _ids(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def message_cases(kb) -> list[Case]:
    """Every exact message; the start of each, from four words and from half of it (lowercase);
    and a support email with each message inside, as shown and retyped."""
    cases = []
    for text, ids in message_owners(kb).items():
        cases.append(Case(text, tuple(ids), "exact", first=True))
        words = text.split()
        for n in sorted({4, math.ceil(len(words) / 2)}):
            if 2 <= n < len(words):
                cases.append(Case(" ".join(words[:n]).lower(), tuple(ids), "start", first=True))
        for shown in (f"“{text}”", f"  {text.lower().rstrip('.?!')}!!  "):
            cases.append(Case(EMAIL.format(message=shown), tuple(ids), "pasted email", first=True, paste=True))
    return cases


def side_cases(kb) -> list[Case]:
    """Every side word of the vocabulary with "backup keeps failing": a cause of that side first."""
    where = {"icloud": {"icloud"}, "computer": {"mac", "windows"}, "mac": {"mac"}, "windows": {"windows"}}
    return [
        Case(f"{phrase} backup keeps failing", tuple(c.id for c in kb.causes.values() if where[side] & set(c.where)),
             f"side ({side})", first=True)
        for side, phrases in kb.vocabulary.sides.items()
        for phrase in phrases
    ]


def own_cases(kb) -> list[Case]:
    data = yaml.safe_load((DATA / "search-cases.yaml").read_text(encoding="utf-8"))
    cases = [Case(c["q"], _ids(c["cause"]), c["kind"]) for c in data["cases"]]
    return cases + [Case(c.title, (c.id,), "title") for c in kb.causes.values()]


def shared_cases() -> list[Case]:
    if not SHARED.is_file():
        return []
    data = yaml.safe_load(SHARED.read_text(encoding="utf-8"))
    return [Case(c["q"], _ids(c["cause"]), "shared", first=bool(c.get("top_1"))) for c in data["queries"]]


def real_cases(kb) -> tuple[list[Case], int]:
    """The real queries and pasted texts whose causes are in causes.yaml, and how many were
    skipped because none of theirs is (yet)."""
    queries = yaml.safe_load((DATA / "real-queries.yaml").read_text(encoding="utf-8"))["queries"]
    texts = yaml.safe_load((DATA / "pasted-texts.yaml").read_text(encoding="utf-8"))["texts"]
    cases = [Case(q["q"], tuple(c for c in q["cause"] if c in kb.causes), f"real ({q['split']})") for q in queries]
    cases += [Case(t["text"], tuple(c for c in t["cause"] if c in kb.causes), "pasted text", first=bool(t.get("first")),
                   paste=True) for t in texts]
    kept = [case for case in cases if case.causes]
    return kept, len(cases) - len(kept)


def _found(case: Case, shown: tuple[str, ...], within: int) -> bool:
    return any(s in case.causes for s in shown[:within])


@pytest.fixture(scope="module")
def search_box(browser, server):
    context = browser.new_context()
    yield SearchBox(context.new_page(), server).open()
    context.close()


@pytest.fixture(scope="module")
def outcomes(search_box, kb, figures):
    """(case, causes shown first to third) for every case, and the figures in the test report.
    Every case is ranked in one call through the site's search worker (searchbox.rank_all)."""
    real, skipped = real_cases(kb)
    cases = message_cases(kb) + side_cases(kb) + own_cases(kb) + shared_cases() + real
    answers = search_box.rank_all([case.query for case in cases])
    found = [(case, answer.causes[:3]) for case, answer in zip(cases, answers)]
    kinds: dict[str, list] = {}
    for case, shown in found:
        kinds.setdefault(case.kind, []).append((case, shown))
        if case.kind.startswith("real ("):
            kinds.setdefault("real (all)", []).append((case, shown))
    figures.append(f"search: {len(found)} cases; real queries and texts skipped until their causes exist: {skipped}")
    for kind, rows in kinds.items():
        top_1 = sum(_found(c, s, 1) for c, s in rows)
        top_3 = sum(_found(c, s, 3) for c, s in rows)
        figures.append(f"  {kind}: {len(rows)} cases, top-1 {top_1} ({top_1 / len(rows):.0%}), "
                       f"top-3 {top_3} ({top_3 / len(rows):.0%})")
    return found, kinds, dict(zip((case.query for case in cases), answers))


def sample(kinds: dict[str, list]) -> list:
    """One case of each kind (the middle one), as typed or pasted into the real search box."""
    return [rows[len(rows) // 2][0] for kind, rows in sorted(kinds.items()) if kind != "real (all)"]


def _misses(rows, within: int) -> str:
    return "\n".join(
        f"  {case.query[:120]!r} ({case.kind}): wanted {' or '.join(case.causes)}, got {shown}"
        for case, shown in rows
        if not _found(case, shown, within)
    )


def test_the_search_box_gives_the_same_answers(outcomes, search_box):
    """A case of every kind, typed key by key (or pasted) into the real search box: the pages it
    shows are the ones rank_all found for the same text, in the same order."""
    _, kinds, ranked = outcomes
    cases = sample(kinds)
    assert len(cases) >= 10
    differ = []
    for case in cases:
        typed = search_box.search(case.query, paste=case.paste)
        batch = ranked[case.query]
        shown = len(typed.paths)  # Material lists the first results, and more on scrolling
        if (typed.query, typed.count) != (batch.query, batch.count) or typed.paths != batch.paths[:shown] or shown < min(3, batch.count):
            differ.append(f"  {case.query[:80]!r} ({case.kind}): typed {typed.count} {typed.paths[:5]}, "
                          f"ranked {batch.count} {batch.paths[:5]}")
    assert not differ, "the search box and rank_all disagree:\n" + "\n".join(differ)


def test_real_queries_are_loaded(outcomes):
    _, kinds, _ = outcomes
    assert len(kinds.get("real (all)", [])) >= 50, "too few real queries: is tests/data/real-queries.yaml loaded?"
    assert len(kinds.get("pasted text", [])) >= 5


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_each_kind_reaches_its_floor(outcomes, kind):
    _, kinds, _ = outcomes
    rows = kinds.get(kind, [])
    assert rows or kind == "shared", f"no {kind} cases"
    if not rows:
        pytest.skip(f"no {kind} cases: {SHARED} not found")
    need_1, need_3 = FLOORS[kind]
    top_1 = sum(_found(c, s, 1) for c, s in rows) / len(rows)
    top_3 = sum(_found(c, s, 3) for c, s in rows) / len(rows)
    report = f"{kind}: top-1 {top_1:.1%} (need {need_1:.0%}), top-3 {top_3:.1%} (need {need_3:.0%})"
    assert top_3 >= need_3 and top_1 >= need_1, f"{report}; not first:\n{_misses(rows, 1)}"


@pytest.mark.parametrize("kind", ["exact", "start", "pasted email", "side", "shared"])
def test_cases_that_must_come_first_do(outcomes, kind):
    """Exact messages, their starts, emails with a message, side words (each side), and the
    shared cases marked top_1: each one finds its cause first."""
    found, _, _ = outcomes
    firsts = [(case, shown) for case, shown in found if case.first and case.kind.split(" (")[0] == kind]
    if kind == "side":
        assert {"side (icloud)", "side (computer)", "side (mac)", "side (windows)"} <= {c.kind for c, _ in firsts}
    elif not firsts and kind == "shared":
        pytest.skip(f"no shared top_1 cases: {SHARED} not found")
    assert firsts, f"no {kind} cases"
    missed = _misses(firsts, 1)
    assert not missed, f"{kind}: these must find their cause first:\n{missed}"


def test_pasted_texts_find_their_cause(outcomes):
    _, kinds, _ = outcomes
    rows = kinds["pasted text"]
    missed = _misses([r for r in rows if r[0].first], 1) + _misses([r for r in rows if not r[0].first], 3)
    assert not missed, f"pasted texts not answered:\n{missed}"


@pytest.mark.parametrize("text", SYNTAX)
def test_query_syntax_is_just_text(search_box, text):
    answer = search_box.search(text)
    assert answer.count > 0 and answer.paths, f"{text!r}: {answer.meta}"


def test_no_match_shows_what_to_try(search_box, server):
    page = search_box.page
    answer = search_box.search(NO_MATCH)
    assert answer.count == 0 and answer.meta == "No matching documents"
    hint = page.locator(".bh-search-empty")
    assert hint.is_visible()
    links = {a.get_attribute("href") for a in hint.locator("a").all()}
    assert {"troubleshooter/", "errors/"} <= links, links
    assert not search_box.search("storage").count == 0 and not hint.is_visible()


def test_search_works_on_every_kind_of_page(new_page, server, html_pages, kb):
    cause = next(c for c in kb.causes.values() if c.error_messages and not c.error_messages[0].shared)
    pages = [url for url in html_pages if url.endswith("/") or not url]
    pages = [url for url in pages if url == "causes/" or not url.startswith("causes/")]
    pages.append(cause.url)
    assert {"", "causes/", "errors/", "flowchart/"} <= set(pages)
    page = new_page()
    box = SearchBox(page, server)
    for url in pages:  # typed on the first page, pasted on the others
        answer = box.open(url).search(cause.error_messages[0].text, paste=url != pages[0])
        assert answer.causes[:1] == (cause.id,), f"search on /{url}: {answer.paths[:3]}"
    assert not page.errors, page.errors


RANK_IN_PAGE = """async ([text, limit]) => {
  const root = new URL(".", document.baseURI);
  const { SearchEngine } = await import(new URL("assets/javascripts/search/engine.js", root));
  const direct = await (await SearchEngine.open(root)).rank(text, { limit });
  const worker = new Worker(new URL("assets/javascripts/search/worker.js", root));
  const reply = (type) => new Promise((resolve) => worker.addEventListener("message", function on({ data }) {
    if (data.type === type) { worker.removeEventListener("message", on); resolve(data.data); }
  }));
  const ranked = reply("ranked");
  worker.postMessage({ type: "rank", data: { text, limit } });
  const viaWorker = await ranked;
  worker.terminate();
  return { direct, viaWorker: viaWorker.causes };
}"""
"""The agents page's way in (docs/developers/design.md, Search): the engine module, and the worker's `rank` message."""


def test_agents_interface_ranks_a_long_pasted_email(new_page, server, kb):
    """A 5,000+ character email with an exact message in its middle: the same ranking as the search
    box, through the module and through the worker; the message's cause first, with the message
    found and the words that matched; five causes at most."""
    text, ids = next(iter(message_owners(kb).items()))
    filler = ("We have also tried turning it off and on again, and the problem is still there after "
              "a few days of waiting. ") * 25
    email = EMAIL.format(message=f"{filler}\n\nThe phone says: “{text.lower()}”\n\n{filler}")
    assert len(email) > 5000
    page = new_page()
    page.goto(server)
    got = page.evaluate(RANK_IN_PAGE, [email, 5])
    direct, via_worker = got["direct"], got["viaWorker"]
    assert [r["id"] for r in direct] == [r["id"] for r in via_worker] and 1 <= len(direct) <= 5
    best = direct[0]
    assert best["id"] in ids and best["url"] == f"causes/{best['id']}/", direct
    assert [m.casefold() for m in best["messages"]] == [text.casefold()]
    assert best["matched"] and all(isinstance(w, str) for w in best["matched"])
    assert not page.errors, page.errors


def telling_word_typos(kb) -> list[Case]:
    """Every telling word of the causes' titles and search terms (five letters or more), with a
    letter dropped from its middle and with two neighbouring letters swapped: one of the causes
    that use the word among the first three."""
    owners: dict[str, set[str]] = {}
    for cause in kb.causes.values():
        for word in re.findall(r"[a-z]+", " ".join([cause.title, *cause.search_terms]).casefold().replace("'", "")):
            if len(word) >= 5:
                owners.setdefault(word, set()).add(cause.id)
    cases = []
    for word, ids in sorted(owners.items()):
        middle = len(word) // 2
        for typo in {word[:middle] + word[middle + 1:], word[:2] + word[3] + word[2] + word[4:]} - {word}:
            cases.append(Case(typo, tuple(sorted(ids)), f"misspelling of {word}"))
    return cases


def test_every_telling_word_misspelled_finds_its_cause(new_page, server, kb, figures):
    """The typing mistakes people make most (a letter left out, two letters swapped) in every word
    that tells causes apart, ranked by the site's engine in Chromium: 95 % in the first three."""
    cases = telling_word_typos(kb)
    page = new_page()
    page.goto(server)
    rows = [(case, answer.causes) for case, answer in zip(cases, rank_all(page, [c.query for c in cases], limit=3))]
    top_3 = sum(_found(c, s, 3) for c, s in rows) / len(rows)
    figures.append(f"  misspelled telling words: {len(rows)} cases, top-3 {top_3:.0%}")
    assert len(rows) > 100 and top_3 >= 0.95, f"top-3 {top_3:.1%}:\n{_misses(rows, 3)}"
    assert not page.errors, page.errors


SIDE_TEMPLATES = ["{} backup failed", "backup to {} keeps stopping", "my {} backup takes forever", "{} wont finish",
                  "problem with {} and my iphone", "{} error"]


def test_a_text_naming_one_side_never_gets_a_cause_of_the_other_first(new_page, server, kb):
    """Every side word of the vocabulary in a few everyday sentences: the first cause is one of
    that side (iCloud causes for iCloud words, computer causes for iTunes, Finder, PC, cable...)."""
    where = {"icloud": {"icloud"}, "computer": {"mac", "windows"}, "mac": {"mac"}, "windows": {"windows"}}
    cases = [Case(template.format(phrase), tuple(c.id for c in kb.causes.values() if where[side] & set(c.where)),
                  f"side ({side})")
             for side, phrases in kb.vocabulary.sides.items() for phrase in phrases for template in SIDE_TEMPLATES]
    page = new_page()
    page.goto(server)
    missed = _misses([(case, answer.causes) for case, answer in zip(cases, rank_all(page, [c.query for c in cases], limit=3))], 1)
    assert not missed, f"a cause of the other side came first:\n{missed}"
    assert not page.errors, page.errors


LOOSE_LOOKUPS = """async (texts) => {
  const root = new URL(".", document.baseURI);
  const { default: MiniSearch } = await import(new URL("assets/vendor/minisearch/index.js", root));
  const { SearchEngine } = await import(new URL("assets/javascripts/search/engine.js", root));
  const engine = await SearchEngine.open(root);
  const loose = new Set();  // lengths of the terms over 40 letters looked up by prefix or fuzzily
  const search = MiniSearch.prototype.search;
  MiniSearch.prototype.search = function (query, options) {
    const before = loose.size;
    for (const q of query.queries || []) {
      const terms = q.queries.join(" ").split(" ");
      terms.forEach((t, i) => {
        if (t.length > 40 && ((q.prefix && q.prefix(t, i, terms)) || (q.fuzzy && q.fuzzy(t, i, terms)))) loose.add(t.length);
      });
    }
    return loose.size > before ? [] : search.call(this, query, options);  // such a lookup would take seconds
  };
  for (const text of texts) { await engine.rank(text); await engine.search(text); }
  MiniSearch.prototype.search = search;
  return [...loose];
}"""


def test_a_very_long_word_is_only_matched_as_itself(new_page, server):
    """A run of letters (pasted from a log or a link; here 2,000) is never looked up by prefix or
    within typing mistakes, which took seconds at 10,000 letters (the time to rank a 50,000-letter
    word is a target of `make bench`); the text around it is still answered."""
    word = "".join("etaoinshrdlucmfwypvbgkqjxz"[(i * 7) % 26] for i in range(2_000))
    texts = [word, f"backup failed {word}", f"{word} icloud storage full", word[:41], f"not enough storag{word[:30]}"]
    page = new_page()
    page.goto(server)
    assert page.evaluate(LOOSE_LOOKUPS, texts) == [], "a word over LONGEST_WORD letters was looked up loosely"
    answers = rank_all(page, [f"backup failed {word}", f"{word} icloud storage full"], limit=3)
    assert all(a.causes for a in answers), answers
    assert "icloud-storage-full" in answers[1].causes, answers[1]
    assert not page.errors, page.errors
