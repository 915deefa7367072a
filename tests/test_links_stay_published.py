"""Links pasted into support tickets keep working: every URL and anchor in the committed list
tests/data/published-urls.txt still leads to its page and anchor (directly, or through the
redirect of a cause's alias), and every URL the site publishes is in that list."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT, rename_cause, run_build, watch_policy
from macros.load import parse
from published import LIST, STEPS, broken, meaning_now, published, recorded, recorded_steps, steps

KEEP_ALIVE = f"""
Support tickets link to these, so keep each one alive instead:
  - a cause renamed or merged into another: add its old id to `aliases:` of the cause that
    replaces it (the build makes /causes/<old-id>/ redirect there, #anchors included);
  - a fix renamed or merged: add its old id to `aliases:` of the fix that replaces it (the old
    anchor stays on the page), on the same cause or on the cause the old id redirects to;
  - a heading of a hand-written page renamed: keep its old id with {{#old-id}} (attr_list).
Only for a link that must really die, delete its line from {LIST.relative_to(ROOT)}."""


def test_every_recorded_link_still_works(site):
    assert len(recorded()) > 100, f"{LIST} is missing or nearly empty"
    gone = broken(site, recorded())
    assert not gone, "these published links no longer work:\n  " + "\n  ".join(gone) + KEEP_ALIVE


def test_every_published_link_is_recorded(site):
    new = sorted(published(site) - recorded())
    assert not new, (
        f"run `make urls` to record these new links in {LIST.relative_to(ROOT)} (then commit it):\n  "
        + "\n  ".join(new)
    )


def test_every_troubleshooter_step_is_recorded_with_its_meaning(kb):
    """Each step address this tree publishes is in tests/data/troubleshooter-steps.txt, opening the
    step recorded there (test_browser_troubleshooter.py checks every recorded one in a browser)."""
    recorded, now = recorded_steps(), steps(kb)
    new = sorted(set(now) - set(recorded))
    assert not new, f"run `make urls` to record these new troubleshooter steps in {STEPS.relative_to(ROOT)}:\n  " + "\n  ".join(new)
    changed = [f"{a}: was {recorded[a]}, now {m}" for a, m in sorted(now.items()) if meaning_now(recorded[a], kb.aliases) != m]
    assert not changed, ("these published troubleshooter links now open another step; keep question and answer ids "
                         "permanent (an answer that must lead elsewhere gets a new id):\n  " + "\n  ".join(changed))


@pytest.fixture(scope="module")
def renamed(tmp_path_factory, kb):
    """Build the real knowledge base with the first cause and its first fix renamed: once
    without aliases, once keeping the old ids as aliases."""
    cause = next(iter(kb.causes.values()))
    sites = {}
    for keep in (False, True):
        data = rename_cause(parse(ROOT / "causes.yaml").data, cause.id, f"{cause.id}-renamed", keep_alias=keep)
        fix = data["causes"][0]["fixes"][0]
        fix["id"] = f"{fix['id']}-renamed"
        if keep:
            fix["aliases"] = [*fix.get("aliases", []), cause.fixes[0].id]
        tmp = tmp_path_factory.mktemp("aliases" if keep else "renamed")
        causes = tmp / "causes.yaml"
        causes.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10000))
        result = run_build(tmp / "site", causes=causes)
        assert result.returncode == 0, result.stderr
        sites[keep] = tmp / "site"
    return cause, sites


def test_renaming_without_aliases_breaks_recorded_links(renamed):
    cause, sites = renamed
    gone = broken(sites[False], recorded())
    assert f"/{cause.url}" in gone
    assert f"/{cause.url}#{cause.fixes[0].id}" in gone


def test_aliases_keep_every_recorded_link_working(renamed):
    cause, sites = renamed
    assert not broken(sites[True], recorded())
    redirect = (sites[True] / cause.url / "index.html").read_text(encoding="utf-8")
    # The #anchor is kept by the site's own script (the page's Content-Security-Policy runs no inline one).
    assert f'data-target="../{cause.id}-renamed/"' in redirect and 'src="../../assets/javascripts/redirect.js"' in redirect
    assert "location.hash" in (sites[True] / "assets" / "javascripts" / "redirect.js").read_text(encoding="utf-8")


@pytest.mark.browser
def test_alias_redirect_keeps_the_fix_anchor_in_a_browser(renamed, browser):
    import functools
    import http.server
    import threading

    cause, sites = renamed
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(sites[True]))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        refused = watch_policy(context)
        page = context.new_page()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        page.goto(f"{base}{cause.url}#{cause.fixes[0].id}")
        page.wait_for_url(f"{base}causes/{cause.id}-renamed/#{cause.fixes[0].id}")
        assert page.locator(f"[id='{cause.fixes[0].id}']").count() == 1
        assert not refused, f"the Content-Security-Policy refused: {refused}"
        context.close()
    finally:
        httpd.shutdown()
