"""The naive way to build the same site: one hand-written-style Markdown file per page, every
cause listed in a flat nav, no hooks and no generation at build time. The bench builds it
beside the project to show what the project's design saves."""

from __future__ import annotations

from pathlib import Path

import yaml

from macros.model import KnowledgeBase, SECTION_IDS, STEP_PLATFORMS
from macros import render

THEME = {
    "name": "material",
    "font": False,
    "features": ["navigation.sections", "navigation.top", "navigation.tracking", "navigation.footer",
                 "search.suggest", "search.highlight", "search.share", "content.code.copy", "toc.follow"],
}
EXTENSIONS = [
    "abbr", "admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}},
    "pymdownx.details", "pymdownx.keys", {"pymdownx.tabbed": {"alternate_style": True}}, "pymdownx.superfences",
]


def write_project(kb: KnowledgeBase, root: Path) -> Path:
    """Write mkdocs.yml and docs/ for the knowledge base under root; return the mkdocs.yml path."""
    docs = root / "docs"
    (docs / "causes").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Why does my iPhone keep saying backup failed?\n\nSee [all causes](causes/index.md).\n")
    cards = "\n".join(f"- [{c.title}]({c.id}.md): {c.summary}" for c in kb.causes.values())
    (docs / "causes" / "index.md").write_text(f"# All causes\n\n{cards}\n")
    # The flowchart as the site draws it: its HTML, pasted into the Markdown.
    (docs / "flowchart.md").write_text(render.flowchart(kb, "flowchart/") + "\n", encoding="utf-8")
    for cause in kb.causes.values():
        (docs / "causes" / f"{cause.id}.md").write_text(cause_markdown(kb, cause), encoding="utf-8")
    nav = [{"Home": "index.md"}, {"Flowchart": "flowchart.md"},
           {"All causes": ["causes/index.md"] + [{c.title: f"causes/{c.id}.md"} for c in kb.causes.values()]}]
    config = {"site_name": "Baseline", "site_url": "https://example.org/", "theme": THEME, "nav": nav,
              "plugins": ["search"], "markdown_extensions": EXTENSIONS}
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def cause_markdown(kb: KnowledgeBase, cause) -> str:
    """The cause page as an author would write it in Markdown."""
    out = [f"# {cause.title}", "", cause.summary, "", f"## {SECTION_IDS['symptoms']}", ""]
    out += [f"- {s}" for s in cause.symptoms]
    if cause.error_messages:
        out += ["", f"## {SECTION_IDS['error-messages']}", ""]
        for m in cause.error_messages:
            out += [f"> “{m.text}”", "", f"Shown on: {m.shown_on} · [source]({m.source})" + (f"  \n{m.note}" if m.note else ""), ""]
    out += ["", f"## {SECTION_IDS['checks']}", ""] + [f"1. {c}" for c in cause.checks]
    out += ["", f"## {SECTION_IDS['fixes']}", ""]
    for n, fix in enumerate(cause.fixes, 1):
        out += [f"### {n}. {fix.title} {{#{fix.id}}}", ""]
        if fix.time:
            out += [f"Time: {fix.time}", ""]
        if fix.warning:
            out += ['!!! warning "Before you start"', f"    {fix.warning}", ""]
        if fix.per_platform:
            for platform, steps in fix.steps.items():
                out += [f'=== "{STEP_PLATFORMS[platform]}"', ""] + [f"    1. {s}" for s in steps] + [""]
        else:
            out += [f"1. {s}" for s in fix.first_steps] + [""]
    out += [f"## {SECTION_IDS['escalate']}", "", cause.escalate, ""]
    if cause.related:
        out += [f"## {SECTION_IDS['related']}", ""]
        out += [f"- [{kb.causes[r].title}]({r}.md): {kb.causes[r].summary}" for r in cause.related] + [""]
    out += [f"## {SECTION_IDS['sources']}", ""] + [f"- [{r.title}]({r.url})" for r in cause.references]
    out += ["", f"Last reviewed {cause.last_reviewed}.", ""]
    return "\n".join(out)
