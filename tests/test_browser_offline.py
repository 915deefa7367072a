"""The site offline and installed, in Chromium, as a reader's browser runs it (service workers
allowed, the site served from a local HTTP server):

- a first visit stays light: nothing is registered before the page has loaded; then the service
  worker keeps the whole site (the files it keeps, and their weight, go to the run's figures);
- after that one visit, with the connection gone and the server stopped: a cause page never
  opened before opens, with its styles and scripts; search answers as it did online; the agents
  page ranks a pasted email as it did online, with each cause's entry; the troubleshooter walks;
  an address the site does not have shows the offline page; screenshots of the cause page
  offline at 390 and 1280 px, light and dark (tests/screenshots/offline-*.png);
- a new deploy replaces the old files whole: while a page of the old version is open, the new
  version waits and the old page keeps getting the old files (never a new file in an old page);
  then the next navigation of the last tab hands over, and the old cache is gone;
- Chrome finds the site installable (its manifest, icons and service worker), and the PNG icons
  are still the favicon's drawing (`make icons`).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from agentspage import CLIPBOARD, AgentsPage
from conftest import CHROMIUM_FLAGS, ROOT, record, serve, settle, wait_for, watch_policy
from icons import FOLDER, VARIANTS, compare
from searchbox import SearchBox

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "tests" / "screenshots"
SIZES = {"390x844": {"width": 390, "height": 844}, "1280x900": {"width": 1280, "height": 900}}
EMAIL = """Hi,

> On Monday you wrote:
> Does the iPhone say anything when the backup fails?

Yes, every night it says Not Enough Storage, and then the backup stops.

Thanks, Sam
"""
SEARCH = "not enough storage"

KEPT = """async () => {
  const names = await caches.keys();
  const files = [];
  for (const name of names) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) files.push([name, request.url, (await (await cache.match(request)).arrayBuffer()).byteLength]);
  }
  return { names, files };
}"""
"""Every cache of the page's origin, and each file in it with its size."""

CONTROLLED = "() => navigator.serviceWorker.controller !== null"


def offline_context(browser, **options):
    context = browser.new_context(service_workers="allow", **options)
    page = record(context.new_page())
    page.violations = watch_policy(context)
    return context, page


def kept(page) -> dict:
    return page.evaluate(KEPT)


def site_path(url: str, base: str) -> str:
    path = url[len(base):]
    return path + "index.html" if path == "" or path.endswith("/") else path


def test_a_first_visit_registers_nothing_before_it_has_loaded(browser, site, figures):
    context, page = offline_context(browser)
    page.add_init_script("""addEventListener("load", () => navigator.serviceWorker.getRegistration()
      .then((found) => { window.__registeredAtLoad = Boolean(found); }));""")
    with serve(site) as url:
        page.goto(url + "causes/")
        page.wait_for_function("() => window.__registeredAtLoad !== undefined")
        assert page.evaluate("window.__registeredAtLoad") is False, "the service worker came before the load event"
        before = [r for r in page.requests if r.endswith("sw.js")]
        page.wait_for_function(CONTROLLED, timeout=60_000)
        found = kept(page)
    assert not before
    assert len(found["names"]) == 1 and found["names"][0].startswith("backup-help-")
    files = {u: n for _, u, n in found["files"]}
    raw = sum(files.values())
    packed = sum(len(gzip.compress((site / site_path(u, url)).read_bytes(), 6)) for u in files)
    figures.append(f"service worker, real site: keeps {len(files)} files, {raw / 1000:.0f} KB "
                   f"({packed / 1000:.0f} KB as a static host gzips them), fetched after the first page has loaded")
    assert any(u.endswith("/assets/javascripts/bundle." + u.rsplit("bundle.", 1)[-1]) for u in files if "bundle." in u), \
        "the theme's script is not kept"
    context.close()
    assert not page.violations, page.violations


def test_after_one_visit_the_site_works_offline(browser, site, kb, figures):
    context, page = offline_context(browser, permissions=CLIPBOARD, viewport=SIZES["1280x900"])
    cause = next(c for c in kb.causes.values() if c.id not in ("icloud-storage-full",))
    with serve(site) as url:
        page.goto(url)
        page.wait_for_function(CONTROLLED, timeout=60_000)
        box = SearchBox(page, url)
        searched = box.rank_all([SEARCH])[0]
        ranked = AgentsPage(page, url).rank_all([EMAIL])[0]
    # The server is gone, and the browser is offline too: nothing can come from the network.
    context.set_offline(True)
    page.requests.clear()
    page.goto(url + cause.url)
    expect(page.locator("h1")).to_have_text(cause.title)
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb(21, 101, 192)", "the theme's styles did not load offline"
    expect(page.locator(".bh-ticket summary")).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    for size, viewport in SIZES.items():
        for scheme in ("light", "dark"):
            page.set_viewport_size(viewport)
            page.emulate_media(color_scheme=scheme)
            page.reload()
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
            page.screenshot(path=SCREENSHOTS / f"offline-cause-{size}-{scheme}.png")
    page.set_viewport_size(SIZES["1280x900"])

    box = SearchBox(page, url)
    box.page.keyboard.press("/")
    answer = box.search(SEARCH)
    assert answer.count == searched.count and answer.paths == searched.paths[:len(answer.paths)], (answer, searched)

    settle(page)  # what the page still loads (the search worker) is not cut short by leaving it
    agents = AgentsPage(page, url).open()
    answer = agents.paste(EMAIL)
    assert answer.cards == ranked.cards and "Not Enough Storage" in answer.cards[0].found, answer
    top = kb.causes[answer.causes[0]]
    expect(page.locator("[data-bh-agents-list] > li").first.locator('[data-slot="title"]')).to_have_text(top.title)

    settle(page)
    page.goto(url + "troubleshooter/")
    first = page.locator("a.bh-ts__answer").first
    first.click()
    expect(page.locator(".bh-ts__heading")).not_to_have_text(kb.tree.nodes[kb.tree.start].question)

    settle(page)
    page.goto(url + "no/such/page/")
    expect(page.locator("h1")).to_have_text("You are offline")
    assert not page.failures, page.failures
    assert all(urlsplit(r).netloc == urlsplit(url).netloc for r in page.requests)
    context.close()
    assert not page.violations, page.violations


def deploy(folder: Path, source: Path, version: str, marker: str) -> Path:
    """A copy of the built site as a new deploy would serve it: another version of sw.js, and a
    home page and a cause's entry that say which deploy they are from."""
    shutil.copytree(source, folder)
    worker = folder / "sw.js"
    worker.write_text(re.sub(r'^const VERSION = "[0-9a-f]+";$', f'const VERSION = "{version}";',
                             worker.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE), encoding="utf-8")
    home = folder / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</h1>", f" ({marker})</h1>", 1), encoding="utf-8")
    entry = folder / "causes" / "icloud-storage-full.json"
    entry.write_text(entry.read_text(encoding="utf-8").replace('"title": "', f'"title": "({marker}) ', 1), encoding="utf-8")
    # A later deploy is newer: the test server answers a conditional request by the files'
    # modification times, to the second, and two copies made in one second would look unchanged.
    later = time.time() + {"old": 0, "new": 10}[marker]
    for changed in (worker, home, entry):
        os.utime(changed, (later, later))
    return folder


WAITING = """async () => { const r = await navigator.serviceWorker.getRegistration(); return r && r.waiting ? r.waiting.state : null; }"""


def test_a_new_deploy_replaces_the_old_files_whole(browser, site, tmp_path):
    old = deploy(tmp_path / "old", site, "0" * 16, "old")
    new = deploy(tmp_path / "new", site, "1" * 16, "new")
    current = tmp_path / "current"
    current.symlink_to(old)
    context = browser.new_context(service_workers="allow", permissions=CLIPBOARD)
    refused = watch_policy(context)
    with serve(current) as url:
        first = record(context.new_page())
        first.goto(url)
        first.wait_for_function(CONTROLLED, timeout=60_000)
        assert kept(first)["names"] == ["backup-help-" + "0" * 16]
        second = record(context.new_page())
        agents = AgentsPage(second, url).open()

        swap = tmp_path / "swap"
        swap.symlink_to(new)
        os.replace(swap, current)  # the deploy: the server now serves the new files
        first.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")  # as a browser does on its own
        wait_for(lambda: first.evaluate(WAITING) == "installed", "the new version to be installed")
        assert sorted(kept(first)["names"]) == ["backup-help-" + "0" * 16, "backup-help-" + "1" * 16]

        # Pages of the old version keep the old files, even those they fetch only now.
        answer = agents.paste("It says Not Enough Storage")
        assert answer.causes[0] == "icloud-storage-full"
        title = second.locator("[data-bh-agents-list] > li").first.locator('[data-slot="title"]')
        expect(title).not_to_contain_text("(new)")
        expect(title).to_contain_text("(old)")
        first.goto(url)
        expect(first.locator("h1")).to_contain_text("(old)")  # another tab is open: the old version stays

        second.close()
        first.goto(url + "agents/")  # the last tab moves on: the new version takes over
        expect(first.locator("h1")).to_have_text("For support agents")
        first.goto(url)
        expect(first.locator("h1")).to_contain_text("(new)")
        assert kept(first)["names"] == ["backup-help-" + "1" * 16], "the old version's cache is still there"
        assert first.evaluate(WAITING) is None
        agents = AgentsPage(first, url).open()
        agents.paste("It says Not Enough Storage")
        expect(first.locator("[data-bh-agents-list] > li").first.locator('[data-slot="title"]')).to_contain_text("(new)")
    context.close()
    assert not refused, refused


def test_chrome_finds_the_site_installable(browser, chromium_path, site, tmp_path):
    """In a profile of its own (Chrome installs nothing from an incognito one, as every other
    test's context is), Chrome reports no reason the site could not be installed."""
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS, service_workers="allow")
    page = record(context.pages[0] if context.pages else context.new_page())
    with serve(site) as url:
        page.goto(url)
        page.wait_for_function(CONTROLLED, timeout=60_000)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == url + "manifest.webmanifest" and not manifest["errors"], manifest["errors"]
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert not errors, errors
    context.close()
    assert not page.failures and not page.errors, (page.failures, page.errors)


@pytest.mark.parametrize("name", VARIANTS)
def test_the_png_icons_are_the_favicons_drawing(new_page, name):
    """Each icon, drawn again from docs/assets/favicon.svg, matches the committed PNG (run
    `make icons` after editing the favicon)."""
    page = new_page()
    found = compare(page, name, (FOLDER / name).read_bytes())
    size = VARIANTS[name]["size"]
    assert (found["width"], found["height"]) == (size, size)
    assert found["most"] <= 16 and found["mean"] < 1, f"{name} is not the favicon's drawing: run make icons ({found})"
