"""The agents page (/agents/) in Chromium: a support agent pastes a customer's message and gets
the likely causes, their links and replies.

- Real words nobody here wrote, never tuned on for this page: the bug reports of
  tests/data/pasted-texts.yaml pasted whole (an exact message in them puts one of its causes
  first; else the right cause is in the first three) and the real questions of
  tests/data/real-queries.yaml (the right cause in the first three for 90 %, each split
  reported apart).
- tests/data/agent-messages.yaml (customer-style emails; a holdout third never tuned on): an
  exact message in the text puts one of its causes first, called out on the page, and the right
  cause for the customer is first when the message belongs to one cause, in the first three when
  several causes show it; without one, the right cause is in the first three for 90 % of them.
  The figures of each split are printed at the end of the run.
- The reply for the top causes names each cause's canonical link and first fix in order, is
  plain text (a title with < > & " or $& stays as written: tests/test_yaml_text_is_escaped.py)
  and is the same bytes for the same text; each cause's reply is /causes.json's and the cause
  page's; copy buttons say "Copied" and work without the Clipboard API (plain-HTTP hosts).
- The text goes nowhere: no request leaves the host or carries it, nothing is stored, the
  address does not change; ranking runs in the search worker, even for a huge paste.
- Keyboard only, the live region's count, axe-core with results open, no sideways scroll on a
  phone, and the page without JavaScript. Screenshots go to tests/screenshots/ (not committed).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from agentspage import CLIPBOARD, AgentsPage
from conftest import DATA, ROOT, SITE_URL, axe_violations, message_owners, serious, soup, tab_to
from macros import ticket
from macros.model import PLATFORMS
from macros.text import message_key, normalise
from searchbox import ANSWER_TIMEOUT
from test_browser_every_page import PHONE, STICKING_OUT

pytestmark = pytest.mark.browser

MESSAGES = yaml.safe_load((DATA / "agent-messages.yaml").read_text(encoding="utf-8"))["messages"]
SCREENSHOTS = ROOT / "tests" / "screenshots"
TOP_THREE_FLOOR = 0.90
MARKER = "Zephyrine Quillfeather"
"""A name in the texts these tests paste, looked for wherever the text must not go."""

EMAIL = f"""Hello,

I hope you are well. My iPhone has stopped backing up and I do not know why. I have tried a few
things already: I restarted it, I checked that it was charging overnight, and I made sure the
Wi-Fi at home was working. The little message under the backup button says Not Enough Storage.

Kind regards,
{MARKER}
"""


@pytest.fixture(scope="module")
def agents(browser, server):
    context = browser.new_context(permissions=CLIPBOARD)
    yield AgentsPage(context.new_page(), server).open()
    context.close()


@pytest.fixture(scope="module")
def outcomes(agents, figures, kb):
    """Every message pasted into the page, with what the page answered; the figures per split."""
    owners = message_owners(kb, key=message_key)
    found = [(message, agents.paste(message["text"])) for message in MESSAGES]
    for split in ("tune", "holdout"):
        rows = [(m, a) for m, a in found if m["split"] == split]
        exact = [(m, a) for m, a in rows if m.get("message")]
        other = [(m, a) for m, a in rows if not m.get("message")]
        owner_first = sum(a.causes[:1] != () and a.causes[0] in owners[message_key(m["message"])] for m, a in exact)
        right_first = sum(a.causes[:1] != () and a.causes[0] in m["causes"] for m, a in exact)
        top_1 = sum(a.causes[:1] != () and a.causes[0] in m["causes"] for m, a in other)
        top_3 = sum(any(c in m["causes"] for c in a.causes[:3]) for m, a in other)
        figures.append(f"agents page, {split}: {len(rows)} messages; with an exact message {len(exact)}, a cause of "
                       f"the message first {owner_first}, the customer's cause first {right_first}; others {len(other)}, top-1 {top_1} ({top_1 / len(other):.0%}), "
                       f"top-3 {top_3} ({top_3 / len(other):.0%})")
    return found


def test_the_messages_are_varied_enough(kb):
    """At least 20 messages, a third held out; messages at the start, middle and end; greetings,
    signatures, quoted replies, other languages' punctuation, emoji; every cause and message real."""
    assert len(MESSAGES) >= 20
    assert sum(m["split"] == "holdout" for m in MESSAGES) * 4 >= len(MESSAGES)
    texts = "\n".join(m["text"] for m in MESSAGES)
    assert {m.get("where") for m in MESSAGES} >= {"start", "middle", "end"}
    for needle in ("wrote:\n>", "\n> ", "Sent from my", "«\u00a0", "\u00a0:", "\u202f?", "„", "¿", "Regards", "Hello"):
        assert needle in texts, f"no message with {needle!r}"
    assert any(ord(ch) >= 0x1F300 for ch in texts), "no emoji"
    owners = message_owners(kb, key=message_key)
    for m in MESSAGES:
        assert set(m["causes"]) <= set(kb.causes), m["id"]
        if m.get("message"):
            assert message_key(m["message"]) in owners, f"{m['id']}: not an exact message of causes.yaml"
            assert message_key(m["message"]) in normalise(m["text"]), f"{m['id']}: the message is not in the text"


def test_an_exact_message_puts_its_cause_first(outcomes, kb):
    owners = message_owners(kb, key=message_key)
    wrong = []
    for m, answer in outcomes:
        if not m.get("message"):
            continue
        theirs = owners[message_key(m["message"])]
        first = answer.cards[0] if answer.cards else None
        if first is None or first.id not in theirs:
            wrong.append(f"{m['id']}: first {answer.causes[:1]}, not a cause of {m['message']!r}")
        elif m["message"].casefold().rstrip(".?") not in first.found.casefold():
            wrong.append(f"{m['id']}: the first cause does not call out {m['message']!r} (shows {first.found!r})")
        elif len(theirs) == 1 and first.id not in m["causes"]:
            wrong.append(f"{m['id']}: first {first.id}, wanted {m['causes']}")
        elif not set(answer.causes[:3]) & set(m["causes"]):
            wrong.append(f"{m['id']}: {m['message']!r} is shown for several causes; wanted {m['causes']} in {answer.causes[:3]}")
    assert not wrong, "\n".join(wrong)


def test_other_messages_find_the_right_cause_in_the_first_three(outcomes):
    rows = [(m, a) for m, a in outcomes if not m.get("message")]
    missed = [f"{m['id']} ({m['split']}): wanted {m['causes']}, got {a.causes[:3]}" for m, a in rows
              if not set(a.causes[:3]) & set(m["causes"])]
    share = 1 - len(missed) / len(rows)
    assert share >= TOP_THREE_FLOOR, f"top-3 {share:.0%} (need {TOP_THREE_FLOOR:.0%}):\n" + "\n".join(missed)


REAL_QUERIES = yaml.safe_load((DATA / "real-queries.yaml").read_text(encoding="utf-8"))["queries"]
PASTED = yaml.safe_load((DATA / "pasted-texts.yaml").read_text(encoding="utf-8"))["texts"]


def test_real_bug_reports_pasted_whole(agents, kb, figures):
    """Whole bug reports people wrote (with logs, quotes, summaries) as an agent would paste them."""
    wrong, first = [], 0
    for text in PASTED:
        answer = agents.paste(text["text"])
        wanted = set(text["cause"]) & set(kb.causes)
        if text.get("first"):  # it holds an exact message: a cause of it first, the message called out
            ok = bool(answer.causes) and answer.causes[0] in wanted and bool(answer.cards[0].found)
        else:
            ok = bool(set(answer.causes[:3]) & wanted)
        first += bool(answer.causes) and answer.causes[0] in wanted
        if not ok:
            wrong.append(f"{text['source']}: wanted {sorted(wanted)}, got {answer.causes[:3]}")
    figures.append(f"agents page, real bug reports pasted whole: {len(PASTED)}, right cause first {first}, "
                   f"answered as required {len(PASTED) - len(wrong)}")
    assert not wrong, "\n".join(wrong)


def test_real_questions(agents, kb, figures):
    """The real questions search is judged by, as an agent would paste them into the agents page
    (all ranked in one call; a sample of each split pasted for real gives the same causes): the
    right cause in the first three for 90 % of each split."""
    low, differ = [], []
    for split in ("tune", "holdout"):
        rows = [q for q in REAL_QUERIES if q["split"] == split and set(q["cause"]) & set(kb.causes)]
        answers = agents.rank_all([q["q"] for q in rows])
        for q, ranked in list(zip(rows, answers))[::10]:
            pasted = agents.paste(q["q"])
            if pasted.cards != ranked.cards:
                differ.append(f"{q['q'][:80]!r}: pasted {pasted.cards}, ranked {ranked.cards}")
        top_1 = sum(bool(a.causes) and a.causes[0] in q["cause"] for q, a in zip(rows, answers))
        top_3 = sum(bool(set(a.causes[:3]) & set(q["cause"])) for q, a in zip(rows, answers))
        figures.append(f"agents page, real questions ({split}): {len(rows)}, top-1 {top_1} ({top_1 / len(rows):.0%}), "
                       f"top-3 {top_3} ({top_3 / len(rows):.0%})")
        if top_3 < TOP_THREE_FLOOR * len(rows):
            low.append(f"{split}: top-3 {top_3} of {len(rows)}")
    assert not differ, "the page and rank_all disagree:\n" + "\n".join(differ)
    assert not low, low


def test_at_most_five_causes_with_their_matched_words(outcomes):
    for m, answer in outcomes:
        assert 1 <= len(answer.cards) <= 5, m["id"]
        assert any(card.telling or card.found for card in answer.cards), f"{m['id']}: no matched words shown"
        assert re.match(rf"{len(answer.cards)} likely causes? for this message", answer.status), answer.status


def _clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def _expected_reply_parts(kb, cause_id: str) -> list[str]:
    cause = kb.causes[cause_id]
    first = cause.fixes[0]
    return [cause.title, f"{ticket.FIRST_FIX}{first.title}", f"{ticket.STEP_BY_STEP}{SITE_URL}{cause.url}#{first.id}",
            f"{SITE_URL}{cause.url}"]


def test_the_reply_for_the_top_causes(new_page, server, kb):
    """Each listed cause's title, first fix and canonical links, in the order shown; plain text;
    the same bytes for the same text in a fresh page; what the preview shows is what is copied."""
    copies = []
    for _ in range(2):
        page = new_page(permissions=CLIPBOARD)
        agents = AgentsPage(page, server).open()
        answer = agents.paste(EMAIL)
        top = answer.causes[:3]
        assert len(top) == 3
        page.get_by_role("button", name="Copy a reply for the top 3 causes").click()
        expect(page.locator('[data-copy="combined"]')).to_have_text("Copied")
        copied = _clipboard(page)
        assert copied == page.locator('[data-slot="combined"]').text_content()
        copies.append(copied)
    reply = copies[0]
    assert copies[0].encode() == copies[1].encode(), "not byte-identical for the same text"
    assert reply == ticket.combined([ticket.reply_item(kb.causes[c], SITE_URL) for c in top]), "not ticket.combined()'s reply"
    assert reply.startswith(ticket.COMBINED["intro"]) and reply.endswith(ticket.COMBINED["outro"])
    at = 0
    for number, cause_id in enumerate(top, 1):
        for part in [f"{number}. {kb.causes[cause_id].title}", *_expected_reply_parts(kb, cause_id)]:
            found = reply.find(part, at if part.startswith(f"{number}. ") else 0)
            assert found >= 0, f"{cause_id}: {part!r} missing"
        at = reply.find(f"{number}. {kb.causes[cause_id].title}")
    order = [reply.find(f"\n{n}. {kb.causes[c].title}\n") for n, c in enumerate(top, 1)]
    assert all(i > 0 for i in order) and order == sorted(order), "causes not in the order shown"
    assert not re.search(r"&(amp|lt|gt|quot|#\d+);|<[a-z/]", reply), "markup or entities in a plain-text reply"
    assert urlsplit(server).netloc not in reply, "a link to the serving host instead of the canonical site"


def test_the_hand_off_to_apple_support(new_page, server, kb):
    """Escalating: the summary names the exact message found and the top causes with their first
    fix, tried where the agent ticked it (a cause ticked below the top three joins them), with
    canonical links; the customer's own words stay out; clearing the text clears the ticks."""
    page = new_page(permissions=CLIPBOARD)
    agents = AgentsPage(page, server).open()
    answer = agents.paste(EMAIL)
    cards = page.locator("[data-bh-agents-list] > li")
    first, fourth = (kb.causes[answer.causes[i]] for i in (0, 3))
    cards.nth(0).get_by_role("checkbox", name=f"Tried its first fix: the backup still fails ({first.title})").check()
    cards.nth(3).get_by_role("checkbox", name=f"Tried its first fix: the backup still fails ({fourth.title})").check()
    page.get_by_role("button", name="Copy a summary for Apple Support").click()
    expect(page.locator("[data-bh-agents-announce]")).to_have_text("Summary for Apple Support copied.")
    copied = _clipboard(page)
    assert copied == page.locator('[data-bh-agents-handoff] [data-slot="handoff"]').text_content()
    looked = [kb.causes[c] for c in (*answer.causes[:3], answer.causes[3])]
    lines = copied.splitlines()
    assert lines[0] == "iPhone backup still fails: what was asked and tried so far"
    assert 'Message on screen: "Not Enough Storage"' in lines
    at = lines.index("Causes looked at, with the first fix for each:")
    for i, cause in enumerate(looked, 1):
        outcome = (f'tried "{cause.fixes[0].title}": the backup still fails' if cause in (first, fourth)
                   else f'not tried yet: "{cause.fixes[0].title}"')
        where = ", ".join(PLATFORMS[w] for w in cause.where)
        assert lines[at + 2 * i - 1: at + 2 * i + 1] == [f"{i}. {cause.title} ({where}): {outcome}", f"   {SITE_URL}{cause.url}"]
    assert MARKER not in copied and "Kind regards" not in copied and urlsplit(server).netloc not in copied

    page.get_by_role("button", name="Clear the text").click()
    agents.paste(EMAIL)
    assert not any(box.is_checked() for box in page.get_by_role("checkbox").all())
    assert "tried \"" not in page.locator('[data-bh-agents-handoff] [data-slot="handoff"]').text_content()
    assert not page.errors, page.errors


def test_each_cause_reply_is_the_one_of_causes_json_and_the_cause_page(agents, kb, site, html_pages):
    answer = agents.paste(EMAIL)
    published = {c["id"]: c for c in json.loads((site / "causes.json").read_text(encoding="utf-8"))["causes"]}
    page = agents.page
    for card in answer.cards:
        item = page.locator(f'[data-bh-agents-list] > li[data-cause="{card.id}"]')
        cause = kb.causes[card.id]
        item.get_by_role("button", name=f"Copy reply for {cause.title}").click()
        copied = _clipboard(page)
        box = soup(html_pages[cause.url]).select_one("pre.bh-ticket__reply").get_text()
        assert copied == published[card.id]["reply"] == box == ticket.reply(cause, SITE_URL)
        item.get_by_role("button", name=f"Copy page link to {cause.title}").click()
        assert _clipboard(page) == f"{SITE_URL}{cause.url}"
        first = cause.fixes[0]
        item.get_by_role("button", name=f"Copy fix link to fix 1: {first.title}").click()
        assert _clipboard(page) == f"{SITE_URL}{cause.url}#{first.id}"
        item.locator("summary", has_text="fixes").click()
        fixes = item.locator(".bh-agents__fixes")
        assert fixes.locator("a").all_text_contents() == [fix.title for fix in cause.fixes]
        for number, fix in enumerate(cause.fixes, 1):
            fixes.get_by_role("button", name=f"Copy link to fix {number}: {fix.title}").click()
            assert _clipboard(page) == f"{SITE_URL}{cause.url}#{fix.id}"
        assert item.locator('[data-slot="title"]').get_attribute("href").endswith(f"/{cause.url}")


HIDE_CLIPBOARD_API = """
window.__clipboard = navigator.clipboard;
Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
"""
"""What a plain-HTTP host (not localhost) looks like to a page: no Clipboard API. The real one is
kept aside for the test to read what was copied."""


def test_copy_works_without_the_clipboard_api(new_page, server, kb):
    page = new_page(init_script=HIDE_CLIPBOARD_API, permissions=CLIPBOARD)
    agents = AgentsPage(page, server).open()
    assert page.evaluate("navigator.clipboard") is None
    agents.box.fill(EMAIL)
    answer = agents.answer()
    cause = kb.causes[answer.causes[0]]
    page.get_by_role("button", name=f"Copy page link to {cause.title}").click()
    button = page.locator(f'[data-cause="{cause.id}"] [data-copy="url"]')
    expect(button).to_contain_text("Copied")
    expect(page.locator("[data-bh-agents-announce]")).to_have_text("Link copied.")
    assert page.evaluate("window.__clipboard.readText()") == f"{SITE_URL}{cause.url}"
    expect(button).to_contain_text("Copy page link", timeout=10_000)  # the feedback goes after a while
    assert not page.errors, page.errors


BEACONS = """window.__beacons = [];
const send = navigator.sendBeacon.bind(navigator);
navigator.sendBeacon = (url, data) => { window.__beacons.push(String(url) + " " + String(data)); return send(url, data); };"""
"""Every beacon the page queues, kept on the page (the network sees one only as a request later)."""

STORED = """async () => {
  const databases = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = fail; });
    for (const store of db.objectStoreNames) {
      const all = await new Promise((ok) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); });
      databases.push([name, store, JSON.stringify(all)]);
    }
    db.close();
  }
  const cached = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) cached.push([request.url, await (await cache.match(request)).text()]);
  }
  return { web: JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie, history.state]),
           databases, cached };
}"""
"""What the page's origin keeps: web storage, cookies, history state, every IndexedDB record and
every file of the service worker's caches, with its body."""


def test_the_text_goes_nowhere(new_page, server):
    """With the service worker running, as a reader's browser runs the site: no request (its
    address or its body) and no beacon carries the text, the address stays, and nothing the
    origin keeps holds it: web storage, cookies, IndexedDB, the service worker's caches."""
    page = new_page(permissions=CLIPBOARD, service_workers="allow", init_script=BEACONS)
    bodies = []
    page.on("request", lambda r: bodies.append(r.post_data_buffer or b""))
    agents = AgentsPage(page, server).open()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    start = page.url
    agents.paste(EMAIL)
    page.get_by_role("button", name="Copy a reply for the top 3 causes").click()
    page.get_by_role("button", name="Copy a summary for Apple Support").click()
    agents.type(" Thanks again!")
    host = urlsplit(server).netloc
    for url in page.requests:
        assert urlsplit(url).netloc == host, f"request off the host: {url}"
        assert "Quillfeather" not in url and "Storage" not in url, f"the text in a request: {url}"
    assert not any(b"Quillfeather" in body or b"Thanks again" in body for body in bodies), "the text in a request body"
    assert page.evaluate("window.__beacons") == [], "a beacon was sent"
    assert page.url == start, "the address changed"
    kept = page.evaluate(STORED)
    assert kept["cached"], "the service worker keeps nothing: is it running?"
    for where, text in [("web storage", kept["web"]), *((f"IndexedDB {d}/{s}", t) for d, s, t in kept["databases"]),
                        *((f"the cached {u}", t) for u, t in kept["cached"])]:
        assert "Quillfeather" not in text and "Thanks again" not in text, f"the text is kept in {where}"
    worker_requests = [u for u in page.requests if u.endswith(("/search/engine.js", "/vendor/minisearch/index.js"))]
    assert worker_requests, "the engine was not loaded: is ranking done elsewhere?"
    assert not page.errors and not page.failures, page.errors + page.failures


def test_a_huge_paste_is_ranked_in_the_worker(new_page, server, kb):
    """A paste of 1 MB: its cause comes first, the engine never runs on the page's own thread
    (only the worker loads it), and the text box takes more typing after it."""
    page = new_page(permissions=CLIPBOARD)
    agents = AgentsPage(page, server).open()
    filler = ("We went through the settings again and again, my husband had a look too and we still cannot "
              "see what is wrong with it, it just keeps failing every night. ")
    text = filler * (1_000_000 // len(filler) + 1) + "\nIt says: Trust This Computer?\n"
    assert len(text) > 1_000_000
    answer = agents.paste(text)
    assert answer.causes[0] == "computer-not-trusted", answer.causes
    main_thread = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in main_thread if "/search/engine.js" in u or "/minisearch/" in u], main_thread
    answer = agents.type(" Thanks")
    assert answer.causes[0] == "computer-not-trusted"
    assert not page.errors, page.errors


def test_a_long_email_keeps_up_with_typing(agents, kb):
    """A 5,000-character email pasted, then a message typed at its end key by key: the results
    answer the whole text each time (the latest text, never a stale one)."""
    story = ("Last weekend I tried again after reading a few forum posts, and I also asked my nephew, who "
             "works with computers, to have a look. He could not find anything obviously wrong. ")
    text = "Hello,\n\n" + story * (5_000 // len(story) + 1) + "\nNow it says "
    assert len(text) >= 5_000
    agents.paste(text)
    answer = agents.type("Trust This Computer?")
    assert answer.causes[0] == "computer-not-trusted" and "Trust This Computer?" in answer.cards[0].found
    assert agents.box.input_value().endswith("Now it says Trust This Computer?")


def test_the_live_region_announces_the_count(agents):
    status = agents.page.locator("[data-bh-agents-status]")
    assert status.get_attribute("role") == "status"
    answer = agents.paste(EMAIL)
    expect(status).to_have_text(re.compile(rf"^{len(answer.cards)} likely causes for this message, best first\. "
                                           r"Exact message found: “Not Enough Storage”\.$"))
    answer = agents.paste("qxzvqxzv zzyzxq")
    assert not answer.cards
    expect(status).to_have_text("No cause matches this message.")
    more = agents.page.locator("[data-bh-agents-more]")  # what to do then, with links
    expect(more).to_be_visible()
    assert more.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))") == ["../errors/", "../troubleshooter/"]
    agents.page.get_by_role("button", name="Clear the text").click()
    agents.answer()
    expect(status).to_have_text("Paste a message to see the likely causes.")
    expect(agents.page.locator("[data-bh-agents-results]")).to_be_hidden()
    expect(agents.box).to_be_focused()


FOCUS_SHOWN = """() => {
  // How the focused element looks, then the same element without focus (focus is given back
  // at once, so Tab goes on from it): visible focus is a difference a reader can see.
  const el = document.activeElement;
  const still = document.head.appendChild(document.createElement('style'));
  still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
  const look = () => { const s = getComputedStyle(el);
    return [s.outlineStyle !== 'none' ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none',
            s.boxShadow, s.backgroundColor, s.color, s.borderColor, s.textDecorationLine].join(' | '); };
  const focused = look();
  el.blur();
  const unfocused = look();
  el.focus();
  still.remove();
  return [focused, unfocused, document.activeElement === el];
}"""


def _focus_visible(page) -> bool:
    """Whether the element with keyboard focus looks different from itself without it."""
    focused, unfocused, kept = page.evaluate(FOCUS_SHOWN)
    assert kept, "focus did not come back"
    return focused != unfocused


def test_keyboard_only(new_page, server, kb):
    """Tab to the text box, type, Tab through every result's controls in order, copy with Enter
    and open a reply with Enter; focus is visible on each."""
    page = new_page(permissions=CLIPBOARD)
    agents = AgentsPage(page, server).open()
    tab_to(page, "document.activeElement.matches('[data-bh-agents-text]')")
    assert _focus_visible(page)
    page.keyboard.type("the iPhone says Not Enough Storage when it backs up")
    answer = agents.answer()
    cause = kb.causes[answer.causes[0]]
    reached = []
    for _ in range(200):
        page.keyboard.press("Tab")
        name = page.evaluate("""() => { const e = document.activeElement;
          const name = e.getAttribute('aria-label') || (e.labels && e.labels.length ? e.labels[0].textContent : e.textContent);
          return e.closest('[data-bh-agents]') ? name.trim().replace(/\\s+/g, ' ') : null; }""")
        if name is None:
            break
        assert _focus_visible(page), f"no visible focus on {name!r}"
        reached.append(name)
    expected = ["Clear the text", "Copy a reply for the top 3 causes", "Show this reply", cause.title, cause.fixes[0].title,
                f"Tried its first fix: the backup still fails ({cause.title})", f"Copy reply for {cause.title}", f"Copy page link to {cause.title}", f"Copy fix link to fix 1: {cause.fixes[0].title}",
                "Show the reply", f"All {len(cause.fixes)} fixes, with links to copy"]
    assert reached[:len(expected)] == expected, reached[:len(expected)]
    assert reached.count("Show the reply") == len(answer.cards)
    assert reached[-2:] == ["Copy a summary for Apple Support", "Show this summary"], reached[-2:]
    page.get_by_role("button", name="Copy a reply for the top 3 causes").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Copied")).to_be_focused()
    expect(page.locator("[data-bh-agents-announce]")).to_have_text("Reply for the top 3 causes copied.")
    assert _clipboard(page).startswith(ticket.COMBINED["intro"])
    summary = page.locator("[data-bh-agents-list] > li").first.locator("summary", has_text="Show the reply")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-bh-agents-list] > li").first.locator('[data-slot="reply"]')).to_be_visible()
    assert not page.errors, page.errors


SIZES = {"390x844": PHONE, "1280x900": {"viewport": {"width": 1280, "height": 900}}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_results_pass_axe_fit_the_screen_and_are_photographed(new_page, server, size, scheme):
    """A real email pasted, with the replies open: no serious axe-core violation, nothing sticks
    out sideways; screenshots of the whole page to tests/screenshots/agents-<size>-<scheme>.png."""
    page = new_page(permissions=CLIPBOARD, color_scheme=scheme, **SIZES[size])
    agents = AgentsPage(page, server).open()
    message = next(m for m in MESSAGES if m["id"] == "quoted-reply-storage")
    agents.paste(message["text"])
    page.locator("summary", has_text="Show this reply").click()
    page.locator("[data-bh-agents-list] > li").first.locator("summary", has_text="Show the reply").click()
    page.locator("[data-bh-agents-list] > li").nth(1).locator("summary", has_text="fixes").click()
    assert not serious(axe_violations(page)), serious(axe_violations(page))
    assert not page.evaluate(STICKING_OUT)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator("[data-bh-agents-text]").evaluate("box => { box.scrollTop = 0; scrollTo(0, 0); }")
    page.screenshot(path=SCREENSHOTS / f"agents-{size}-{scheme}.png", full_page=True)
    assert not page.errors and not page.failures, page.errors + page.failures


def test_without_javascript_it_says_where_to_go(new_page, server):
    """(Without JavaScript Material shows the light scheme whatever the system's: one screenshot.)"""
    page = new_page(java_script_enabled=False, **PHONE)
    page.goto(server + "agents/")
    expect(page.locator(".bh-agents")).to_be_hidden()
    expect(page.locator("textarea")).to_be_hidden()
    note = page.locator("article .admonition", has_text="This page needs JavaScript")
    expect(note).to_be_visible()
    hrefs = set(note.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    assert {"../errors/", "../troubleshooter/"} <= hrefs, hrefs
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "agents-no-javascript-390x844.png", full_page=True)
    note.locator("a", has_text="troubleshooter").click()
    expect(page).to_have_url(server + "troubleshooter/", timeout=ANSWER_TIMEOUT)
