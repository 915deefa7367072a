"""The site generator stands on its own: `python -m macros generate` writes every generated file
without MkDocs, and those files beside docs/, built by plain MkDocs and Material with no hooks of
the project, give the very site `make build` gives (which gets the same files through the hooks).
Markdown, which every builder runs over a page, leaves the generated HTML as it is."""

from __future__ import annotations

import filecmp
import re
from html import escape, unescape
import shutil
import subprocess
import sys

import markdown
import pytest
import yaml

from conftest import ROOT, SITE_URL, SOURCE_DATE_EPOCH, clean_environ, copy_project, plain_build, rename_cause, run_build
from macros import pages
from macros.config import read

WITHOUT_MKDOCS = """import runpy, sys
sys.modules.update(mkdocs=None, material=None)  # importing either now fails
sys.argv = ["python -m macros", *sys.argv[1:]]
runpy.run_module("macros", run_name="__main__")
"""


def generate(out, config, env=None):
    return subprocess.run([sys.executable, "-c", WITHOUT_MKDOCS, "generate", str(out), "--config", str(config)],
                          cwd=ROOT, env=clean_environ(**(env or {})), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """A copy of the project in which a cause was renamed (so a redirect page is generated)."""
    data = yaml.safe_load((ROOT / "causes.yaml").read_text(encoding="utf-8"))
    old = data["causes"][0]["id"]
    rename_cause(data, old, f"{old}-renamed")
    causes = tmp_path_factory.mktemp("renamed") / "causes.yaml"
    causes.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return copy_project(tmp_path_factory.mktemp("project") / "p", causes), old


def test_the_generator_runs_without_mkdocs(renamed, tmp_path):
    project, old = renamed
    result = generate(tmp_path / "out", project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    for path in ("causes/index.md", "errors/index.md", "troubleshooter/index.md", "flowchart/index.md", "agents/index.md",
                 f"causes/{old}-renamed/index.md", f"causes/{old}/index.html", "causes.json",
                 "schema/causes.schema.json", "schema/causes-json.schema.json", "search/manifest.json", "search/pages/0.json"):
        assert path in written, f"{path} was not generated"
    assert not any(p.startswith(("assets/", "overrides/")) or p in ("index.md", "about.md") for p in written), \
        "the generator writes only what it generates, never a copy of docs/"


def test_bad_input_stops_the_generator_before_it_writes(tmp_path):
    bad = tmp_path / "causes.yaml"
    bad.write_text((ROOT / "causes.yaml").read_text(encoding="utf-8").replace("likelihood: common", "likelihood: often", 1),
                   encoding="utf-8")
    result = generate(tmp_path / "out", ROOT / "mkdocs.yml", {"BACKUP_HELP_CAUSES": str(bad)})
    assert result.returncode == 1
    assert re.search(r"causes\.yaml:\d+: cause '[a-z0-9-]+': likelihood: 'often' is not one of", result.stderr), result.stderr
    assert not (tmp_path / "out").exists()


def test_plain_mkdocs_builds_the_same_site_from_the_generated_files(renamed, tmp_path):
    """The hooks only hand MkDocs the generator's files: without them, the same files in the docs
    directory build every page, the sitemap, the search index and the redirects byte for byte."""
    project, _ = renamed
    with_hooks = tmp_path / "with-hooks"
    assert run_build(with_hooks, config=project / "mkdocs.yml", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH).returncode == 0
    shutil.copytree(project / "docs", project / "docs-generated")
    assert generate(project / "docs-generated", project / "mkdocs.yml").returncode == 0
    without_hooks = tmp_path / "without-hooks"
    result = plain_build(without_hooks, project, "docs-generated")
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(with_hooks).as_posix() for p in with_hooks.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(without_hooks).as_posix() for p in without_hooks.rglob("*") if p.is_file())
    assert len([f for f in files if f.endswith(".html")]) > 30
    _, mismatch, errors = filecmp.cmpfiles(with_hooks, without_hooks, files, shallow=False)
    assert not mismatch and not errors, f"differ: {(mismatch + errors)[:10]}"


def test_markdown_leaves_the_generated_html_as_it_is(kb):
    """Each generated page's body goes through Markdown (with the extensions of mkdocs.yml) as it
    is, but for its headings with an id, which become headings with a permalink."""
    names, settings = read(ROOT / "mkdocs.yml").extensions
    converter = markdown.Markdown(extensions=names, extension_configs=settings)
    heading = re.compile(r'<h([23]) id="([^"]+)"(?: class="[^"]+")?( data-search-exclude)?>([^<]*)</h\1>')
    permalinked = re.compile(r'<h([23])(?: class="[^"]+")? id="([^"]+)"(?: class="[^"]+")?>([^<]*)<a class="headerlink" href="#\2" '
                             r'title="Link to this section">&para;</a></h\1>')
    checked = 0
    for page in pages.generate(kb, SITE_URL, "https://github.com/o/r"):
        converter.reset()
        html = converter.convert(pages.markdown(page.body))
        expected = heading.sub(lambda m: f"<h{m[1]} id=\"{m[2]}\">{unescape(m[4])}</h{m[1]}>", page.body)
        got = permalinked.sub(lambda m: f"<h{m[1]} id=\"{m[2]}\">{unescape(m[3])}</h{m[1]}>", html)
        lines = lambda text: [line for line in text.splitlines() if line.strip()]  # noqa: E731 (blank lines between blocks)
        assert lines(got) == lines(expected), f"/{page.url}: Markdown changed the page"
        checked += bool(heading.search(page.body))
    assert checked > 20


@pytest.mark.parametrize("title", ["*Not* _this_ `code`", "[a link](https://example.org)", "Use ++ctrl+alt+del++", "Ends {#x}",
                                   "a \\ back\\slash", "1. Not a list", "# not a heading", "a | b | c", "<b>tag</b> &amp;",
                                   "She said \"no\", it's &#34; not"])
def test_markdown_in_a_heading_is_only_text(title):
    """Text of a heading is plain: Markdown's own characters in it are escaped (the templates
    escape quotes too, as character references)."""
    names, settings = read(ROOT / "mkdocs.yml").extensions
    html = markdown.Markdown(extensions=names, extension_configs=settings).convert(
        pages.markdown(f'<h2 id="x">{escape(title)}</h2>'.replace("&quot;", "&#34;").replace("&#x27;", "&#39;")))
    found = re.fullmatch(r'<h2 id="x">(.*)<a class="headerlink" href="#x" title="Link to this section">&para;</a></h2>', html)
    assert found, html
    assert unescape(found[1]) == title
