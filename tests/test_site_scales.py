"""What keeps the build near-linear, checked on a synthetic 60-cause knowledge base (no timing:
`make bench` measures time). A cause page links to no other cause except its related ones, so
its HTML does not grow with the number of causes; the bench's own inputs stay valid."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from bench import baseline, builds, synth
from conftest import run_build, soup
from macros.validate import load_knowledge_base

N = 60


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("synthetic")
    causes = synth.write(N, tmp / "causes.yaml")
    result = run_build(tmp / "site", causes=causes)
    assert result.returncode == 0, result.stderr
    return load_knowledge_base(causes), tmp / "site"


def test_synthetic_knowledge_base_is_valid_and_fully_reachable(synthetic):
    kb, _ = synthetic
    assert len(kb.causes) == N
    reached = {c for node in kb.tree.nodes.values() for a in node.answers for c in a.causes}
    assert reached == set(kb.causes)
    per_cause = [len(c.error_messages) for c in kb.causes.values()]
    assert min(per_cause) >= 2 and max(per_cause) <= 4
    assert all(len(c.fixes) == 3 for c in kb.causes.values())


def test_cause_pages_link_only_to_their_related_causes(synthetic):
    kb, site = synthetic
    for cause in kb.causes.values():
        page = soup(site / cause.url / "index.html")
        hrefs = [urljoin(f"http://site.invalid/{cause.url}", a["href"]) for a in page.find_all("a", href=True)]
        linked = {m.group(1) for href in hrefs if (m := re.match(r"http://site\.invalid/causes/([a-z0-9-]+)/", href))}
        linked.discard(cause.id)
        assert linked == set(cause.related), f"{cause.id} links to other causes: {sorted(linked - set(cause.related))}"


def test_navigation_does_not_list_cause_pages(synthetic):
    kb, site = synthetic
    nav = soup(site / "index.html").select_one("nav.md-nav--primary")
    assert nav is not None
    listed = [a["href"] for a in nav.find_all("a", href=True) if re.search(r"causes/[a-z0-9-]+/", a["href"])]
    assert not listed, listed[:5]


def test_generated_pages_skip_markdown_but_keep_toc_and_anchors(synthetic):
    kb, site = synthetic
    cause = next(iter(kb.causes.values()))
    page = soup(site / cause.url / "index.html")
    toc = {a["href"] for a in page.select("nav.md-nav--secondary a.md-nav__link")}
    assert {"#symptoms", "#fixes", *(f"#{f.id}" for f in cause.fixes)} <= toc
    assert page.select_one("article .bh-cause") is not None


def test_baseline_project_builds_with_every_cause_in_a_flat_nav(tmp_path):
    kb = load_knowledge_base(synth.write(5, tmp_path / "causes.yaml"))
    config = baseline.write_project(kb, tmp_path / "baseline")
    builds.build(config, tmp_path / "baseline" / "site")
    home = (tmp_path / "baseline" / "site" / "index.html").read_text(encoding="utf-8")
    for cause in kb.causes.values():
        assert f"causes/{cause.id}/" in home, f"{cause.id} missing from the flat nav"
