"""/flowchart/ in a real Chromium, as a reader meets it on a 390x844 phone and a 1280x900 desktop,
in print on A4, on the real causes.yaml and on a synthetic worst case (1,000 causes, a tree 5
questions deep, every question, answer and cause title as long as the schema allows):

- no chart is wider than the content column, nothing in it is clipped or outside the column,
  the page never scrolls sideways, the smallest text is at least 11 px tall, and no stretch of
  the chart is blank for more than MAX_GAP px;
- every question and every cause is a link with its text as accessible name, reached with the
  Tab key in the order of the chart, and a screen reader meets the tree once (the text version
  waits in its closed <details>);
- the page requests no diagram script (the same scripts as a page with no chart), and the chart
  is laid out the same without JavaScript;
- links open the troubleshooter at their question, the part below, or the cause page.

The run writes screenshots to tests/screenshots/ (not committed) for people to look at."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from bench import synth
from conftest import ROOT, copy_project, plain_build, serve
from macros import generate, tree
from macros.config import read
from macros.validate import load_knowledge_base
from searchbox import SearchBox

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "tests" / "screenshots"
SIZES = {
    "phone 390x844": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop 1280x900": {"viewport": {"width": 1280, "height": 900}},
}
MIN_TEXT_PX = 11
MAX_GAP = 80  # px: the tallest blank stretch allowed inside a chart (about three lines of text)
A4_MARGIN_MM = 25  # Material's @page margin
A4_CONTENT_PX = round((210 - 2 * A4_MARGIN_MM) / 25.4 * 96)  # printable width of A4 in CSS px
DIAGRAM_SCRIPT = re.compile(r"mermaid|dagre|elkjs|cytoscape|d3(\.min)?\.js|vis-network|viz\.js|plantuml|kroki", re.IGNORECASE)

# The geometry of every chart on the page, in CSS px: how wide it is against the content column,
# what sticks out of the column or is cut off by a box that clips, the smallest text, and the
# tallest blank stretch between two lines of text (or from the chart's top to its first line).
GEOMETRY = """() => {
  const column = document.querySelector('article.md-content__inner').getBoundingClientRect();
  const name = el => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}"> "${el.textContent.trim().slice(0, 40)}"`;
  const found = {column: column.width, widest: 0, outside: [], clipped: [], smallest: Infinity, smallestText: '',
                 lines: 0, gap: 0, gapAfter: '', pageWidth: document.documentElement.scrollWidth,
                 viewport: document.documentElement.clientWidth};
  for (const chart of document.querySelectorAll('figure.bh-chart')) {
    const box = chart.getBoundingClientRect();
    found.widest = Math.max(found.widest, box.width);
    for (const el of [chart, ...chart.querySelectorAll('*')]) {
      const r = el.getBoundingClientRect();
      if (!r.width && !r.height) continue;
      if (r.left < column.left - 0.5 || r.right > column.right + 0.5) found.outside.push(`${name(el)} spans ${Math.round(r.left)}-${Math.round(r.right)}px`);
      const style = getComputedStyle(el);
      const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible';
      if ((clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) || style.textOverflow === 'ellipsis')
        found.clipped.push(`${name(el)} shows ${el.clientWidth}x${el.clientHeight} of ${el.scrollWidth}x${el.scrollHeight}`);
    }
    const lines = [];
    const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode;
      if (!text.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      const size = parseFloat(getComputedStyle(text.parentElement).fontSize);
      for (const r of range.getClientRects()) {
        if (r.width < 1) continue;
        lines.push({top: r.top, bottom: r.bottom, text: text.textContent.trim().slice(0, 40)});
        const height = Math.min(size, r.height);
        if (height < found.smallest) { found.smallest = height; found.smallestText = text.textContent.trim().slice(0, 40); }
        if (r.right > column.right + 0.5) found.outside.push(`text "${text.textContent.trim().slice(0, 40)}" ends at ${Math.round(r.right)}px`);
      }
    }
    found.lines += lines.length;
    lines.sort((a, b) => a.top - b.top);
    let bottom = box.top, after = 'the top of the chart';
    for (const line of lines) {
      if (line.top - bottom > found.gap) { found.gap = line.top - bottom; found.gapAfter = after; }
      if (line.bottom > bottom) { bottom = line.bottom; after = line.text; }
    }
  }
  return found;
}"""

# Chart-relative position and size of every box and label: the layout, to compare with and
# without JavaScript.
LAYOUT = """() => [...document.querySelectorAll('figure.bh-chart')].flatMap(chart => {
  const c = chart.getBoundingClientRect();
  return [...chart.querySelectorAll('.bh-chart__box, .bh-chart__label')].map(el => {
    const r = el.getBoundingClientRect();
    return [r.left - c.left, r.top - c.top, r.width, r.height].map(Math.round).join(',');
  });
})"""

CHART_LINKS = "() => [...document.querySelectorAll('figure.bh-chart a')].map(a => a.getAttribute('href'))"
FOCUSED = "() => { const a = document.activeElement; return a && a.closest('figure.bh-chart') ? a.getAttribute('href') : null; }"


def worst_case(n: int = 1000) -> dict:
    """The bench's synthetic knowledge base with a tree 5 questions deep (3 answers a question),
    every question, answer and cause title at its longest, one long unbroken word in each."""
    data = synth.knowledge_base(n, branching=3)

    def longest(text: str, limit: int) -> str:
        padded = f"{text} Backup-failed-with-a-long-unbroken-word {synth.WORDS[0]} " + " ".join(synth.WORDS)
        return padded[:limit].rstrip()

    for cause in data["causes"]:
        cause["title"] = longest(cause["title"], 120)
    for node in data["decision_tree"]["nodes"]:
        node["question"] = longest(node["question"], 199).rstrip("?") + "?"
        for answer in node["answers"]:
            answer["label"] = longest(answer["label"], 120)
    return data


CAUSE_PAGE = re.compile(r"causes/[^/]+/index\.md")


@pytest.fixture(scope="module")
def trees(server, kb, tmp_path_factory):
    """Base URL and knowledge base of each site under test: the real one, and the worst case. Of
    the worst case, every generated file is built but the cause pages (the flowchart page only
    links to them), by plain MkDocs (conftest.plain_build, which gives the pages `make build`
    gives: tests/test_generator.py): a fifth of the time of the whole site."""
    tmp = tmp_path_factory.mktemp("flowchart-worst-case")
    synthetic = load_knowledge_base(synth.dump(worst_case(), tmp / "causes.yaml"))
    depth = max(len(path) for path in _paths(synthetic, synthetic.tree.start))
    assert depth == 5 and len(synthetic.causes) == 1000, "the worst case is 5 questions deep, with 1,000 causes"
    project = copy_project(tmp / "project")
    shutil.copytree(project / "docs", project / "docs-generated")
    for path, text in generate.site_files(synthetic, read(project / "mkdocs.yml")).items():
        if not CAUSE_PAGE.fullmatch(path):
            (project / "docs-generated" / path).parent.mkdir(parents=True, exist_ok=True)
            (project / "docs-generated" / path).write_text(text, encoding="utf-8")
    result = plain_build(tmp / "site", project, "docs-generated")
    assert result.returncode == 0, result.stderr
    with serve(tmp / "site") as url:
        yield {"real": (server, kb), "1,000 causes, 5 deep": (url, synthetic)}


def _paths(kb, node_id: str) -> list[list[str]]:
    """Every path of questions from node_id to an ending."""
    node = kb.tree.nodes[node_id]
    return [[node_id] + rest for a in node.answers for rest in (_paths(kb, a.next) if a.next else [[]])]


@pytest.fixture
def flowchart(new_page, server):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "flowchart/", wait_until="networkidle")  # the search index too
    return page


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("which", ["real", "1,000 causes, 5 deep"])
def test_the_chart_fits_the_column_unclipped_and_readable(new_page, trees, figures, which, size):
    url, _ = trees[which]
    page = new_page(**SIZES[size])
    page.goto(url + "flowchart/")
    found = page.evaluate(GEOMETRY)
    figures.append(f"flowchart, {which}, {size}: widest chart {found['widest']:.0f} px in a {found['column']:.0f} px column, "
                   f"smallest text {found['smallest']:.1f} px (\"{found['smallestText']}\"), "
                   f"largest blank stretch {found['gap']:.0f} px, {found['lines']} lines of text")
    assert found["lines"] > 0
    assert found["widest"] <= found["column"] + 0.5, f"a chart is wider than the column: {found['widest']} > {found['column']}"
    assert found["pageWidth"] <= found["viewport"], f"the page scrolls sideways: {found['pageWidth']} px"
    assert not found["outside"], "\n".join(found["outside"][:20])
    assert not found["clipped"], "\n".join(found["clipped"][:20])
    assert found["smallest"] >= MIN_TEXT_PX, f"text {found['smallest']} px tall: \"{found['smallestText']}\""
    assert found["gap"] <= MAX_GAP, f"{found['gap']:.0f} px of blank chart after \"{found['gapAfter']}\""
    if which != "real":
        page.locator("figure.bh-chart").last.locator(".bh-chart__box--causes").last.scroll_into_view_if_needed()
        page.screenshot(path=SCREENSHOTS / f"flowchart-worst-case-{size.split()[1]}-deepest.png")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_screenshots_in_both_colour_schemes(new_page, server, kb, size, scheme):
    """The whole page, then one screen at the deepest ending and one at the longest answer."""
    page = new_page(**SIZES[size], color_scheme=scheme)
    page.goto(server + "flowchart/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == {"light": "default", "dark": "slate"}[scheme]
    name = f"flowchart-{size.split()[1]}-{scheme}"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    deepest = max(_paths(kb, kb.tree.start), key=lambda path: (len(path), len(kb.tree.nodes[path[-1]].question)))[-1]
    page.locator(f"#q-{deepest}").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"{name}-deepest.png")
    longest = max((a.label for n in kb.tree.nodes.values() for a in n.answers), key=len)
    page.locator("figure.bh-chart .bh-chart__label", has_text=longest).first.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"{name}-longest-answer.png")


def test_every_question_and_cause_is_a_named_link_reached_by_keyboard(new_page, server, kb):
    page = new_page(**SIZES["phone 390x844"])
    page.goto(server + "flowchart/")
    article = page.locator("article")
    chart = page.locator("figure.bh-chart")
    shown = {"chart": chart, "page": article}  # what a screen reader meets: the text version's links stay closed
    for node_id, node in kb.tree.nodes.items():
        box = page.locator(f"#q-{node_id}")
        expect(box).to_have_accessible_name(re.compile(rf"^Q\d+ {re.escape(node.question)}$"))
        assert box.get_attribute("href") == f"../troubleshooter/#q-{node_id}"
    for cause in kb.causes.values():
        counts = {where: scope.get_by_role("link", name=cause.title, exact=True).count() for where, scope in shown.items()}
        assert counts["chart"] >= 1, f"no link named {cause.title!r}"
        assert counts["page"] == counts["chart"], f"{cause.title!r} is read {counts['page'] - counts['chart']} more times outside the chart"
    links = page.evaluate(CHART_LINKS)
    page.locator("article > p a").first.focus()  # the link in the introduction, above the charts
    reached = []
    for _ in range(len(links) + 20):
        page.keyboard.press("Tab")
        href = page.evaluate(FOCUSED)
        reached += [href] if href else []
        if len(reached) == len(links):
            break
    assert reached == links, "Tab does not reach every link of the chart in order"


def test_no_diagram_script_and_the_same_chart_without_javascript(new_page, server, browser):
    scripts = {}
    for path in ("flowchart/", "about/"):
        page = new_page(**SIZES["phone 390x844"])
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        scripts[path] = {re.sub(r"^.*?//[^/]+/", "/", r) for r in page.requests if r.split("?")[0].endswith(".js")}
        if path == "flowchart/":
            assert not [r for r in page.requests if DIAGRAM_SCRIPT.search(r)]
            assert not page.failures and not page.errors, page.failures + page.errors
            with_script = page.evaluate(LAYOUT)
    assert scripts["flowchart/"] == scripts["about/"], f"the flowchart loads {scripts['flowchart/'] - scripts['about/']}"
    static = new_page(**SIZES["phone 390x844"], java_script_enabled=False)
    static.goto(server + "flowchart/")
    assert static.evaluate(LAYOUT) == with_script, "the chart is laid out differently without JavaScript"
    assert static.evaluate(CHART_LINKS) and not static.evaluate("document.querySelector('figure.bh-chart svg')")


def test_links_open_the_troubleshooter_the_part_or_the_cause(flowchart, server, kb):
    part = tree.branches(kb)[0]
    flowchart.locator("figure.bh-chart").first.locator(f'a[href="#{part.anchor}"]').first.click()
    expect(flowchart).to_have_url(f"{server}flowchart/#{part.anchor}")
    expect(flowchart.locator(f"#{part.anchor}")).to_be_in_viewport()
    cause = kb.causes[next(a for a in kb.tree.nodes[part.root].answers if len(a.causes) == 1).causes[0]]
    flowchart.locator(f"#{part.anchor} + p + figure").locator("a", has_text=cause.title).first.click()
    expect(flowchart).to_have_url(server + cause.url)
    expect(flowchart.locator("h1")).to_have_text(cause.title)
    flowchart.go_back()
    flowchart.locator(f"#q-{part.root}").click()
    expect(flowchart).to_have_url(f"{server}troubleshooter/#q-{part.root}")
    expect(flowchart.locator(".bh-ts__heading")).to_have_text(kb.tree.nodes[part.root].question)


def test_prints_on_a4(new_page, server, figures):
    page = new_page(viewport={"width": A4_CONTENT_PX, "height": 1100})
    page.goto(server + "flowchart/")
    page.emulate_media(media="print")
    found = page.evaluate(GEOMETRY)
    figures.append(f"flowchart, real, print on A4 ({A4_CONTENT_PX} px wide): widest chart {found['widest']:.0f} px in a "
                   f"{found['column']:.0f} px column, smallest text {found['smallest']:.1f} px")
    assert found["widest"] <= found["column"] + 0.5
    assert not found["outside"] and not found["clipped"], found["outside"][:10] + found["clipped"][:10]
    assert found["smallest"] >= MIN_TEXT_PX
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=SCREENSHOTS / "flowchart-print-a4.pdf", format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 3


def test_search_works_on_the_flowchart_page(flowchart, server, kb):
    cause = next(iter(kb.causes.values()))
    flowchart.keyboard.press("/")
    flowchart.locator("input.md-search__input").press_sequentially(cause.title)
    assert SearchBox(flowchart, server).answer().causes[:1] == (cause.id,)
