"""The troubleshooter in a real Chromium, checked against the decision tree in causes.yaml:
clicking answers from the start reaches every cause (the whole tree is walked, Back checked at
every step), each result card shows its cause, "Did this fix it?" leads through an ordered list
of likely causes to Apple Support, a copied step link reopens the same step, the browser's back
button works, keyboard-only use moves focus to each new question, the page does not shift when
the script starts, every view passes axe-core, and without JavaScript the tree is nested links.

Step links live in support tickets for years: every address ever published
(tests/data/troubleshooter-steps.txt) must open the step it opened then, on this tree and on a
tree edited the way authors edit it (answers inserted, reordered, reworded, removed); a link to a
removed step or a mangled one shows the "no longer exists" notice."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

import yaml
from conftest import ROOT, SITE_URL, axe_violations, rename_cause, run_build, serious, serve, tab_to
from macros import tree
from macros.model import PLATFORMS
from macros.load import parse
from published import meaning_now, recorded_steps

pytestmark = pytest.mark.browser

HEADING = ".bh-ts__heading"
ANSWERS = "a.bh-ts__answer"
BACK = "[data-bh-ts-back]"


@pytest.fixture
def ts(new_page, server):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "troubleshooter/")
    return page


def expect_question(page, node):
    expect(page.locator(HEADING)).to_have_text(node.question)
    expect(page.locator(ANSWERS)).to_have_text([a.label for a in node.answers])


# Everything a result card shows, read in one round trip once the heading is right.
READ_CARD = """() => {
  const card = document.querySelector('.bh-ts__card');
  const text = s => card.querySelector(s)?.textContent.trim();
  return {summary: text('.bh-summary'), fix: text('h3'), step: text('.bh-steps li'),
          page: card.querySelector('.bh-ts__more a')?.getAttribute('href'),
          focused: document.activeElement === document.querySelector('.bh-ts__heading')};
}"""


def cause_view(kb, answer, k, card=True, focused=True):
    """What the result view of the k-th likely cause shows (`card`: the whole card; `focused`:
    its heading has the focus, after a step taken on the page, not on opening a link)."""
    cause = kb.causes[answer.causes[k]]
    many = len(answer.causes) > 1
    kicker = f"Likely cause {k + 1} of {len(answer.causes)}:" if many else "Likely cause:"
    shown = {"heading": f"{kicker} {cause.title}"}
    if card:
        fix = cause.fixes[0]
        shown["card"] = {"summary": cause.summary, "fix": f"First thing to try: {fix.title}", "step": fix.first_steps[0],
                         "page": f"../{cause.url}", "focused": focused}
    return shown


def expect_cause(page, kb, answer, k, card=True, focused=True):
    """The result view of the k-th likely cause is on screen (see cause_view)."""
    shown = cause_view(kb, answer, k, card, focused)
    expect(page.locator(HEADING)).to_have_text(shown["heading"])
    if card:
        assert page.evaluate(READ_CARD) == shown["card"], page.url


NORM = 's => (s || "").replace(/\\s+/g, " ").trim()'
"""Text as Playwright's text expectations compare it: white space collapsed, trimmed."""

# What the view on screen shows, for a walk run in the page (Walk): read after each step.
VIEW = f"""() => {{
  const norm = {NORM};
  const heading = document.querySelector({json.dumps(HEADING)});
  const texts = selector => [...document.querySelectorAll(selector)].map(e => norm(e.textContent));
  return {{
    hash: location.hash, heading: norm(heading && heading.textContent), focused: document.activeElement === heading,
    answers: texts({json.dumps(ANSWERS)}), trail: document.querySelectorAll(".bh-ts__trail li").length,
    card: document.querySelector(".bh-ts__card") ? ({READ_CARD})() : null,
    links: [...document.querySelectorAll(".bh-ts__step a")].filter(a => a.checkVisibility()).map(a => norm(a.textContent)),
    escalations: texts("[data-slot=escalations] > li > a"),
    notFixed: texts(".bh-ts__trail .bh-ts__chosen").filter(t => t.includes("did not fix it")).length,
  }};
}}"""

# Takes the steps of a Walk one by one, each once the step before it is on screen (the page
# renders a step on hashchange), and returns the view after each.
RUN_STEPS = f"""async steps => {{
  const view = {VIEW};
  const norm = {NORM};
  const controls = {{
    answer: i => document.querySelectorAll({json.dumps(ANSWERS)})[i],
    back: () => document.querySelector({json.dumps(BACK)}),
    trail: i => document.querySelectorAll(".bh-ts__trail li a")[i],
    link: name => [...document.querySelectorAll(".bh-ts__step a")].find(a => norm(a.textContent) === name),
  }};
  const views = [view()];
  for (const [kind, arg] of steps) {{
    const control = controls[kind](arg);
    if (!control) return [...views, {{missing: `${{kind}} ${{arg}}`}}];
    const before = location.hash;
    const shown = new Promise(done => addEventListener("hashchange", done, {{once: true}}));
    control.click();
    if (location.hash !== before) await shown;
    views.push(view());
  }}
  return views;
}}"""


class Walk:
    """A walk through the troubleshooter, planned from the tree: the steps to take (clicks on an
    answer, Back, a link of the step, a breadcrumb) and what each view must show. `run` takes
    them all in the page in one call (some 400 steps: one round trip each would take minutes)
    and then checks every view."""

    def __init__(self):
        self.steps: list[tuple[str, object]] = []
        self.expected: list[dict] = [{}]  # what the view after each step shows, the first view's first
        self.checks: list[tuple[int, object, str]] = []  # (view, test of it, what it looks for)

    def take(self, kind: str, arg=None) -> None:
        self.steps.append((kind, arg))
        self.expected.append({})

    def expect(self, **shown) -> int:
        """The view now (after the last step) shows these; returns its place, for reading it later."""
        self.expected[-1].update(shown)
        return len(self.steps)

    def check(self, test, what: str) -> None:
        """The view now passes `test` (a function of it), which looks for `what`."""
        self.checks.append((len(self.steps), test, what))

    def run(self, page) -> list[dict]:
        views = page.evaluate(RUN_STEPS, self.steps)
        for n, (expected, view) in enumerate(zip(self.expected, views)):
            taken = self.steps[n - 1] if n else "opening the page"
            assert "missing" not in view, f"step {n} ({taken}): no such control, {view['missing']} (at {views[n - 1]['hash']})"
            found = {key: view[key] for key in expected}
            assert found == expected, f"after step {n} ({taken}) at {view['hash']}: shows {found}, expected {expected}"
        assert len(views) == len(self.expected)
        for n, test, what in self.checks:
            assert test(views[n]), f"after step {n} ({self.steps[n - 1]}) at {views[n]['hash']}: no {what} in {views[n]}"
        return views


def question(node, trail: int) -> dict:
    return {"heading": node.question, "answers": [a.label for a in node.answers], "trail": trail}


def walk(plan: Walk, kb, node, reached: dict, answers=()):
    """From the question on screen, try every answer. A next question comes back with Back; an
    ending goes through its likely causes to Apple Support and comes back through the breadcrumbs."""
    plan.expect(**question(node, len(answers)))
    for i, answer in enumerate(node.answers):
        plan.take("answer", i)
        if answer.next:
            plan.expect(focused=True)
            walk(plan, kb, kb.tree.nodes[answer.next], reached, answers + (i,))
            plan.take("back")
        else:
            through_causes(plan, kb, answer, reached)
            plan.take("trail", len(answers))
        plan.expect(**question(node, len(answers)), focused=True)


def through_causes(plan: Walk, kb, answer, reached: dict):
    """Each likely cause in order (No), then Apple Support, and Back once; Yes on the first ending."""
    for k, cause_id in enumerate(answer.causes):
        plan.expect(**cause_view(kb, answer, k, card=cause_id not in reached))
        if not reached:
            plan.take("link", "Yes, it backs up now")
            plan.expect(heading="Good news: your iPhone backs up again")
            title = kb.causes[cause_id].title
            plan.check(lambda view, title=title: title in view["links"], f"a link to {title}")
            plan.take("back")
            plan.expect(**cause_view(kb, answer, k))
        reached[cause_id] = plan.expect()
        last = k == len(answer.causes) - 1
        plan.take("link", "No, it still fails" if last else "No, show the next likely cause")
    titles = [kb.causes[c].title for c in answer.causes]
    plan.expect(heading="Still failing? Contact Apple Support", escalations=titles, notFixed=len(titles))
    plan.take("back")
    plan.expect(**cause_view(kb, answer, len(answer.causes) - 1, card=False), focused=True)


def test_walking_the_whole_tree_reaches_every_cause(ts, kb):
    plan, reached = Walk(), {}
    walk(plan, kb, kb.tree.nodes[kb.tree.start], reached)
    views = plan.run(ts)
    assert set(reached) == set(kb.causes), f"never reached: {set(kb.causes) - set(reached)}"
    assert not ts.errors and not ts.failures, ts.errors + ts.failures
    addresses = {views[n]["hash"] for n in reached.values()}
    assert all(a.startswith("#path=") for a in addresses) and addresses <= set(recorded_steps()), addresses - set(recorded_steps())


def path_to_list(kb):
    """The steps ("question:answer", from the start) to the first answer that ends on several likely causes, and that answer."""
    def search(node_id, path):
        for answer in kb.tree.nodes[node_id].answers:
            here = path + [f"{node_id}:{answer.id}"]
            if len(answer.causes) > 1:
                return here, answer
            if answer.next:
                found = search(answer.next, here)
                if found:
                    return found
        return None

    return search(kb.tree.start, [])


def answer_all(page, server, kb, path):
    """Open the troubleshooter and click the answers of `path` ("question:answer" steps) in turn."""
    page.goto(server + "troubleshooter/")
    for step in path:
        question, answer_id = step.split(":")
        page.locator(ANSWERS).nth([a.id for a in kb.tree.nodes[question].answers].index(answer_id)).click()


def test_copied_step_link_reopens_the_same_step(new_page, server, kb):
    path, answer = path_to_list(kb)
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    answer_all(page, server, kb, path)
    page.get_by_role("link", name="No, show the next likely cause").click()
    expect_cause(page, kb, answer, 1)
    page.get_by_role("button", name="Copy link to this step").click()
    expect(page.locator("[data-bh-ts-status]")).to_contain_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    # The canonical address, as every copy button gives, not the host serving the page (a preview).
    assert copied == SITE_URL + page.url[len(server):]
    assert copied == f"{SITE_URL}troubleshooter/#path={'/'.join(path)}&cause={answer.causes[1]}"
    trail = page.locator(".bh-ts__trail li").all_inner_texts()

    other = new_page()
    other.goto(server + copied[len(SITE_URL):])
    expect_cause(other, kb, answer, 1, focused=False)
    expect(other.locator(".bh-ts__trail li")).to_have_text(trail)
    other.locator(BACK).click()
    expect_cause(other, kb, answer, 0)
    other.goto(other.url.split("#")[0] + "#path=" + "/".join(path[:-1]))
    expect(other.locator(HEADING)).to_have_text(kb.tree.nodes[path[-1].split(":")[0]].question)
    assert not other.errors


def test_copying_a_step_link_where_the_page_may_not_copy(new_page, server, kb):
    """Through copy.js, as every copy button: without the Clipboard API the copy command copies;
    when nothing may copy, the link is shown and selected for Ctrl+C."""
    from test_ticket_links import NO_CLIPBOARD_API, NOR_COPY_COMMAND

    path, answer = path_to_list(kb)
    address = f"troubleshooter/#path={'/'.join(path)}&cause={answer.causes[0]}"
    page = new_page(init_script=NO_CLIPBOARD_API, permissions=["clipboard-read", "clipboard-write"])
    page.goto(server + address)
    page.get_by_role("button", name="Copy link to this step").click()
    expect(page.locator("[data-bh-ts-status]")).to_contain_text("Link copied")
    assert page.evaluate("window.__clipboard.readText()") == SITE_URL + address
    page = new_page(init_script=NOR_COPY_COMMAND)
    page.goto(server + address)
    page.get_by_role("button", name="Copy link to this step").click()
    expect(page.locator("[data-bh-ts-status]")).to_have_text(f"Copy this link: {SITE_URL}{address}")
    assert page.evaluate("getSelection().toString()") == SITE_URL + address
    assert not page.errors, page.errors


def expected_handoff(kb, path, answer) -> list[str]:
    """The hand-off summary of the support step after `path`, written out here as a reader
    would check it: each question with its answer, each likely cause with its first fix tried,
    where they back up, and the step's canonical link last."""
    causes = [kb.causes[c] for c in answer.causes]
    side = list(dict.fromkeys(PLATFORMS[w] for c in causes for w in c.where))
    lines = ["iPhone backup still fails: what was asked and tried so far", "", f"Backs up to: {' or '.join(side)}",
             "", "Questions answered:"]
    for step in path:
        question, chosen = step.split(":")
        node = kb.tree.nodes[question]
        lines.append(f"- {node.question} {next(a for a in node.answers if a.id == chosen).label}")
    lines += ["", "Causes looked at, with the first fix for each:"]
    for i, cause in enumerate(causes, 1):
        lines += [f"{i}. {cause.title} ({', '.join(PLATFORMS[w] for w in cause.where)}): "
                  f"tried \"{cause.fixes[0].title}\": the backup still fails", f"   {SITE_URL}{cause.url}"]
    lines += ["", f"These answers and steps: {SITE_URL}troubleshooter/#path={'/'.join(path)}&outcome=support"]
    return lines


def test_the_hand_off_to_apple_support_sums_up_the_steps_and_its_link_shows_it_again(new_page, server, kb):
    path, answer = path_to_list(kb)
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    answer_all(page, server, kb, path)
    for _ in answer.causes[1:]:
        page.get_by_role("link", name="No, show the next likely cause").click()
    page.get_by_role("link", name="No, it still fails").click()
    expect(page.locator(HEADING)).to_have_text("Still failing? Contact Apple Support")
    summary = page.locator('[data-slot="handoff"]')
    expect(summary).to_have_text("\n".join(expected_handoff(kb, path, answer)))
    page.get_by_role("button", name="Copy the summary").click()
    expect(page.locator("[data-bh-ts-status]")).to_contain_text("Summary copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines() == expected_handoff(kb, path, answer)

    link = copied.splitlines()[-1].split(": ", 1)[1]
    other = new_page()
    other.goto(server + link[len(SITE_URL):])  # the address in it, opened afresh, shows the same summary
    expect(other.locator('[data-slot="handoff"]')).to_have_text(copied)
    assert not page.errors and not other.errors, page.errors + other.errors


def test_the_hand_off_where_the_page_may_not_copy_is_selected(new_page, server, kb):
    from test_ticket_links import NOR_COPY_COMMAND

    path, answer = path_to_list(kb)
    page = new_page(init_script=NOR_COPY_COMMAND)
    page.goto(f"{server}troubleshooter/#path={'/'.join(path)}&outcome=support")
    page.get_by_role("button", name="Copy the summary").click()
    expect(page.locator("[data-bh-ts-status]")).to_contain_text("copy it with Ctrl+C")
    assert page.evaluate("getSelection().toString()").splitlines() == expected_handoff(kb, path, answer)


def test_browser_back_forward_and_start_over(ts, kb):
    start = kb.tree.nodes[kb.tree.start]
    first = next(i for i, a in enumerate(start.answers) if a.next)
    second = kb.tree.nodes[start.answers[first].next]
    ts.locator(ANSWERS).nth(first).click()
    expect_question(ts, second)
    ts.go_back()
    expect_question(ts, start)
    ts.go_forward()
    expect_question(ts, second)
    ts.get_by_role("button", name="Start over").click()
    expect_question(ts, start)
    expect(ts).to_have_url(re.compile(r"/troubleshooter/#start$"))
    expect(ts.locator("[data-bh-ts-controls]")).to_be_hidden()
    expect(ts.locator(".bh-ts__trail")).to_be_hidden()
    ts.go_back()
    expect_question(ts, second)


def test_a_question_anchor_opens_that_question(new_page, server, kb):
    """The text version's anchors (#q-<id>) are links too: they open the question by its shortest path."""
    depth = {kb.tree.start: 0}
    for node_id in tree.reachable_questions(kb):  # breadth first: the first depth found is the least
        for answer in kb.tree.nodes[node_id].answers:
            if answer.next:
                depth.setdefault(answer.next, depth[node_id] + 1)
    deepest = max(depth, key=depth.get)
    page = new_page()
    page.goto(f"{server}troubleshooter/#q-{deepest}")
    expect_question(page, kb.tree.nodes[deepest])
    expect(page.locator(".bh-ts__trail li")).to_have_count(depth[deepest])
    page.locator(BACK).click()
    expect(page.locator(".bh-ts__trail li")).to_have_count(depth[deepest] - 1)


MISSING = ["#answers=99.1", "#q-no-such-question", "#q-%E0", "#path=%E0", "#path=where:nowhere", "#answers=1.%ZZ&cause=2",
           "#path=", "#answers=1&cause=1"]
"""Links to steps that do not exist, mangled ones among them (a broken percent-encoding)."""


def test_a_link_to_a_missing_step_says_so_and_starts_over(new_page, server, kb):
    page = new_page()
    page.goto(server + "troubleshooter/#answers=99.1")
    expect_question(page, kb.tree.nodes[kb.tree.start])
    expect(page.locator("[data-bh-ts-notice]")).to_contain_text("no longer exists")
    page.locator(ANSWERS).first.click()
    expect(page.locator("[data-bh-ts-notice]")).to_be_hidden()
    for address in MISSING:
        page.goto(server + "troubleshooter/" + address)
        expect(page.locator("[data-bh-ts-notice]")).to_contain_text("no longer exists")
        expect_question(page, kb.tree.nodes[kb.tree.start])
    assert not page.errors, page.errors


def test_keyboard_only_with_visible_focus(ts, kb):
    start = kb.tree.nodes[kb.tree.start]
    first_answer = ts.locator(ANSWERS).first
    tab_to(ts, f"document.activeElement === document.querySelector({json.dumps(ANSWERS)})")
    outline = first_answer.evaluate("a => [getComputedStyle(a).outlineStyle, parseFloat(getComputedStyle(a).outlineWidth)]")
    assert outline[0] != "none" and outline[1] >= 2, f"no visible focus: {outline}"
    node = start
    while node.answers[0].next:  # Enter on the first answer until a result
        ts.keyboard.press("Enter")
        node = kb.tree.nodes[node.answers[0].next]
        expect(ts.locator(HEADING)).to_be_focused()
        expect(ts.locator(HEADING)).to_have_text(node.question)
        ts.keyboard.press("Tab")
        expect(ts.locator(ANSWERS).first).to_be_focused()
    ts.keyboard.press("Enter")
    expect(ts.locator(HEADING)).to_be_focused()
    expect(ts.locator(HEADING)).to_contain_text(kb.causes[node.answers[0].causes[0]].title)
    ts.locator(BACK).focus()
    ts.keyboard.press("Enter")
    expect(ts.locator(HEADING)).to_be_focused()
    expect(ts.locator(HEADING)).to_have_text(node.question)
    # What a screen reader announces on arrival: the focused heading is the question.
    assert ts.evaluate("document.activeElement.tagName") == "H2"
    assert ts.evaluate("document.activeElement.textContent") == node.question


def test_page_does_not_shift_when_the_script_starts(new_page, server, html_pages, kb):
    page = new_page()
    page.goto(server + "troubleshooter/", wait_until="networkidle")
    shift = page.evaluate(
        """() => new Promise(done => {
             new PerformanceObserver(list => done(list.getEntries().reduce((sum, e) => sum + e.value, 0)))
               .observe({type: 'layout-shift', buffered: true});
             setTimeout(() => done(0), 500);
           })"""
    )
    assert shift == 0, f"cumulative layout shift {shift}"
    assert kb.tree.nodes[kb.tree.start].question in html_pages["troubleshooter/"].read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_view_passes_axe(new_page, server, kb, scheme):
    ts = new_page(color_scheme=scheme)
    ts.goto(server + "troubleshooter/")
    path, answer = path_to_list(kb)
    views = {"question": "#path=" + "/".join(path[:-1])}
    views["result"] = "#path=" + "/".join(path) + f"&cause={answer.causes[1]}"
    views["fixed"] = views["result"] + "&outcome=fixed"
    views["Apple Support"] = "#path=" + "/".join(path) + "&outcome=support"
    problems = []
    for name, fragment in views.items():
        ts.evaluate("f => { location.hash = f; }", fragment)
        expect(ts.locator(HEADING)).to_be_focused()
        problems += [f"{name}: {v}" for v in serious(axe_violations(ts))]
    assert not problems, "\n".join(problems)


def test_without_javascript_the_tree_is_nested_links(new_page, server, kb):
    page = new_page(java_script_enabled=False)
    page.goto(server + "troubleshooter/")
    expect(page.locator(".bh-ts")).to_be_hidden()
    outline = page.locator(".bh-outline")
    expect(outline).to_be_visible()
    questions = outline.locator("li.bh-outline__question > strong")
    expect(questions).to_have_count(len(kb.tree.nodes))
    linked = {href.strip("/").split("/")[-1] for href in outline.locator('a[href^="../causes/"]').evaluate_all("as => as.map(a => a.getAttribute('href'))")}
    assert linked == set(kb.causes)
    nested = outline.locator("li.bh-outline__question li.bh-outline__question")
    assert nested.count() == len(kb.tree.nodes) - 1
    cause = kb.causes[next(iter(linked))]
    outline.locator(f'a[href="../{cause.url}"]').first.click()
    expect(page.locator("h1")).to_have_text(cause.title)


# What the step on screen opens, in the words of tests/data/troubleshooter-steps.txt, for every
# address given: each is opened in turn (through a throwaway fragment, so each one fires a
# hashchange), and read from the data attributes the script sets on the step.
STEPS_SHOWN = """async addresses => {
  const step = document.querySelector('[data-bh-ts-step]');
  const notice = document.querySelector('[data-bh-ts-notice]');
  const shown = {};
  for (const address of addresses) {
    history.replaceState(null, '', '#probe');
    const changed = new Promise(done => addEventListener('hashchange', done, {once: true}));
    location.hash = address;
    await changed;
    const d = step.dataset;
    shown[address] = !notice.hidden ? 'notice'
      : d.view === 'question' ? `question ${d.question}`
      : d.view === 'support' ? `support of ${d.answer}`
      : `${d.view} ${d.cause} of ${d.answer}`;
  }
  return shown;
}"""


def opened(page, base: str, addresses) -> dict[str, str]:
    page.goto(base + "troubleshooter/")
    return page.evaluate(STEPS_SHOWN, sorted(addresses))


WRITE_ADDRESSES = """async (vectors) => {
  const { address } = await import(new URL("../assets/javascripts/step-address.js", location.href));
  return vectors.map((v) => address(v.steps, v.cause, v.outcome));
}"""


def test_step_addresses_are_written_and_read_as_specified(new_page, server):
    """The shared vectors of tests/data/step-addresses.json (the Python side:
    test_troubleshooter_page.py): step-address.js writes each address, and the troubleshooter
    opens each one as it is (the address it shows for that step is the same)."""
    from test_troubleshooter_page import STEP_ADDRESSES

    page = new_page()
    page.goto(server + "troubleshooter/")
    assert page.evaluate(WRITE_ADDRESSES, STEP_ADDRESSES) == [v["address"] for v in STEP_ADDRESSES]
    for vector in STEP_ADDRESSES:
        page.goto(server + "troubleshooter/" + vector["address"])
        expect(page.locator("[data-bh-ts-notice]")).to_be_hidden()
        if vector["steps"]:
            back = vector["steps"][-1]
            expect(page.locator("[data-bh-ts-step]")).to_have_attribute(
                "data-answer" if vector["cause"] or vector["outcome"] else "data-question",
                f"{back[0]}:{back[1]}" if vector["cause"] or vector["outcome"] else re.compile(".+"))
        assert "#" + urlsplit(page.url).fragment == vector["address"]
    assert not page.errors, page.errors


def test_every_recorded_step_address_opens_its_step(new_page, server, kb):
    recorded = {address: meaning_now(step, kb.aliases) for address, step in recorded_steps().items()}
    assert len(recorded) > 500, "tests/data/troubleshooter-steps.txt is missing or nearly empty"
    page = new_page()
    shown = opened(page, server, recorded)
    changed = {a: f"{recorded[a]}, now {shown[a]}" for a in recorded if shown[a] != recorded[a]}
    assert not changed, "these published troubleshooter links open another step:\n  " + "\n  ".join(
        f"{a}: was {m}" for a, m in sorted(changed.items()))
    assert not page.errors, page.errors


REMOVED = "icloud-network:low-power-or-low-data"
"""An answer the edited tree drops: links to its steps must show the notice."""
DROPS = "computer-message:stops-or-disconnects"
"""An answer ending on one cause, which the edited tree renames CONTRIBUTING's way (its old id kept
in aliases): links naming the old id still open it."""
REDIRECTED = {"#path=where-backing-up:windows": "question new-gate", "#answers=3": "question new-gate"}
"""The one step the edits give another meaning: the Windows answer now leads to a new question."""


def edit_like_an_author(data: dict) -> tuple[dict, str]:
    """Edits that kept old positional links working but opening other steps: an answer inserted
    first in the first question, a question inserted on the way (after Windows), a new answer in
    the middle of a question, every list of likely causes reversed, labels reworded, one answer
    removed, one cause renamed. Returns the data and the renamed cause's old id."""
    nodes = {n["id"]: n for n in data["decision_tree"]["nodes"]}
    start = nodes[data["decision_tree"]["start"]]
    first, second = (c["id"] for c in data["causes"][:2])
    windows = next(a for a in start["answers"] if a["id"] == "windows")
    start["answers"].insert(0, {"id": "both", "label": "To iCloud and to a computer", "causes": [first, second]})
    data["decision_tree"]["nodes"].append({"id": "new-gate", "question": "Is the Apple Devices app installed?", "answers": [
        {"id": "installed", "label": "Yes", "next": windows["next"]},
        {"id": "not-sure", "label": "I'm not sure", "causes": [second, first]}]})
    icloud = next(a for a in start["answers"] if a["id"] == "icloud")
    nodes[icloud["next"]]["answers"].insert(2, {"id": "something-new", "label": "Something new", "next": "new-question"})
    windows["next"] = "new-gate"
    data["decision_tree"]["nodes"].append({"id": "new-question", "question": "Is it new?", "answers": [
        {"id": "yes-new", "label": "Yes", "cause": first},
        {"id": "not-sure", "label": "I'm not sure", "causes": [first, second]}]})
    for node in data["decision_tree"]["nodes"]:
        for answer in node["answers"]:
            answer["label"] = f"Reworded: {answer['label'][:100]}"
            if "causes" in answer:
                answer["causes"].reverse()
    question, answer = REMOVED.split(":")
    nodes[question]["answers"] = [a for a in nodes[question]["answers"] if a["id"] != answer]
    question, answer = DROPS.split(":")
    renamed = next(a for a in nodes[question]["answers"] if a["id"] == answer)["cause"]
    return rename_cause(data, renamed, f"{renamed}-renamed"), renamed


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory):
    """The edited tree, built; and the renamed cause's old id."""
    tmp = tmp_path_factory.mktemp("edited-tree")
    data, renamed = edit_like_an_author(parse(ROOT / "causes.yaml").data)
    causes = tmp / "causes.yaml"
    causes.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10000))
    result = run_build(tmp / "site", causes=causes)
    assert result.returncode == 0, result.stderr
    return tmp / "site", renamed


def test_recorded_step_addresses_keep_their_meaning_when_the_tree_is_edited(new_page, edited_site, kb):
    site, renamed = edited_site
    aliases = {**kb.aliases, renamed: f"{renamed}-renamed"}
    recorded = {address: meaning_now(step, aliases) for address, step in recorded_steps().items()}
    expected = {a: "notice" if REMOVED in m else REDIRECTED.get(a, m) for a, m in recorded.items()}
    page = new_page()
    with serve(site) as base:
        shown = opened(page, base, recorded)
        # A question inserted on the way is passed, the answers given are kept, the renamed cause found.
        page.goto(f"{base}troubleshooter/#path=where-backing-up:windows/{DROPS}&cause={renamed}")
        expect(page.locator(".bh-ts__trail li")).to_have_count(3)
        expect(page.locator(".bh-ts__trail li").nth(0)).to_contain_text("Windows")
        expect(page.locator(".bh-ts__trail li").nth(1)).to_contain_text("Is the Apple Devices app installed?")
        expect(page).to_have_url(re.compile(re.escape(f"#path=where-backing-up:windows/new-gate:installed/{DROPS}&cause={renamed}-renamed") + "$"))
    wrong = {a: (expected[a], shown[a]) for a in recorded if shown[a] != expected[a]}
    assert not wrong, "after the edits, these links open the wrong step (expected, shown):\n  " + "\n  ".join(
        f"{a}: {e} / {s}" for a, (e, s) in sorted(wrong.items()))
    assert list(expected.values()).count("notice") >= 3, "the removed answer should take some recorded links with it"
    assert not page.errors, page.errors
