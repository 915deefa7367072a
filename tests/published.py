"""Every URL and anchor the site publishes, and whether an old one still leads somewhere.

Support tickets keep our links for years, so tests/data/published-urls.txt records every URL
ever published; tests/test_links_stay_published.py fails when one stops working. The
troubleshooter's step addresses (/troubleshooter/#path=...) are recorded the same way, each with
the step it opens, in tests/data/troubleshooter-steps.txt; tests/test_browser_troubleshooter.py
fails when one opens another step. After adding pages, causes, fixes or questions, record the new
links with `make urls` (it only ever adds lines).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from macros.troubleshooter import step_address  # noqa: E402

LIST = Path(__file__).with_name("data") / "published-urls.txt"
STEPS = Path(__file__).with_name("data") / "troubleshooter-steps.txt"
FILES = ("causes.json", "schema/*.json")
"""Published files other than pages, as globs under the site directory."""

HEADER = """\
# Every URL and anchor backup-help has published. Support tickets link to them, so each must
# keep working: tests/test_links_stay_published.py fails when one does not.
# `make urls` adds new ones; delete a line only for a link that must really die.
"""

STEPS_HEADER = """\
# Every troubleshooter step address backup-help has published (/troubleshooter/<address>), and the
# step it opens: a question (by id), a result (a likely cause of an answer), "fixed" or "support".
# tests/test_browser_troubleshooter.py fails when one opens another step. `make urls` adds new
# ones; change a line only when a step was deliberately given another meaning.
"""
SEPARATOR = " -> "

_REFRESH = re.compile(r"""<meta http-equiv="refresh" content="0; url=([^"]+)">""")


def page_file(site: Path, path: str) -> Path | None:
    """The built file a site path ('/causes/x/') serves, or None."""
    target = site / unquote(path).lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def redirect_target(file: Path) -> str | None:
    """Where a redirect page (mkdocs-redirects) sends the browser, relative to it; else None."""
    found = _REFRESH.search(file.read_text(encoding="utf-8"))
    return found.group(1) if found else None


@lru_cache(maxsize=None)
def anchors(file: Path) -> frozenset[str]:
    """Ids in the page's content that a link can point at (not Material's own, which start with __);
    kept per file, as every anchor of a page is checked against it."""
    page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    content = page.select_one("article.md-content__inner") or page
    return frozenset(el["id"] for el in content.find_all(id=True) if not el["id"].startswith("__"))


def published(site: Path) -> set[str]:
    """Site-root paths ('/causes/x/', '/causes/x/#fix') of every page, anchor and data file."""
    urls: set[str] = set()
    for file in site.rglob("index.html"):
        path = "/" + file.parent.relative_to(site).as_posix() + "/"
        path = "/" if path == "/./" else path
        urls.add(path)
        if redirect_target(file) is None:
            urls |= {f"{path}#{ident}" for ident in anchors(file)}
    for pattern in FILES:
        urls |= {"/" + f.relative_to(site).as_posix() for f in site.glob(pattern)}
    return urls


def broken(site: Path, urls: set[str]) -> list[str]:
    """The URLs among `urls` that no longer lead to a page (through redirects) with the anchor."""
    out = []
    for url in sorted(urls):
        path, _, fragment = url.partition("#")
        file = page_file(site, path)
        seen = 0
        while file is not None and file.suffix == ".html" and seen < 5:
            target = redirect_target(file)
            if target is None:
                break
            path = urlsplit(urljoin(path, target)).path
            file, seen = page_file(site, path), seen + 1
        if file is None or (fragment and fragment not in anchors(file)):
            out.append(url)
    return out


def recorded() -> set[str]:
    """The URLs in the committed list."""
    lines = LIST.read_text(encoding="utf-8").splitlines() if LIST.is_file() else []
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def record(site: Path) -> list[str]:
    """Add the URLs `site` publishes to the committed list; return the ones that were new."""
    known = recorded()
    new = sorted(published(site) - known)
    LIST.write_text(HEADER + "".join(f"{url}\n" for url in sorted(known | set(new))), encoding="utf-8")
    return new


def steps(kb) -> dict[str, str]:
    """Every step address the troubleshooter publishes for this tree (macros.troubleshooter
    step_address, the format troubleshooter.js writes), with the step it opens."""
    out = {step_address(()): f"question {kb.tree.start}"} | {f"#q-{node}": f"question {node}" for node in kb.tree.nodes}

    def visit(node: str, path: tuple[tuple[str, str], ...]) -> None:
        for answer in kb.tree.nodes[node].answers:
            here = path + ((node, answer.id),)
            ending = f"{node}:{answer.id}"
            if answer.next:
                out[step_address(here)] = f"question {answer.next}"
                visit(answer.next, here)
                continue
            for cause in answer.causes:
                out[step_address(here, cause)] = f"result {cause} of {ending}"
                out[step_address(here, cause, "fixed")] = f"fixed {cause} of {ending}"
            out[step_address(here, None, "support")] = f"support of {ending}"

    visit(kb.tree.start, ())
    return out


def recorded_steps() -> dict[str, str]:
    """The step addresses in the committed list, with the step each must open."""
    lines = STEPS.read_text(encoding="utf-8").splitlines() if STEPS.is_file() else []
    return dict(line.split(SEPARATOR, 1) for line in lines if SEPARATOR in line and not line.startswith("# "))


def meaning_now(step: str, aliases: dict[str, str]) -> str:
    """A recorded step in today's ids: a cause renamed since (its old id in `aliases`, as
    KnowledgeBase.aliases maps them) is named by its new id."""
    kind, _, rest = step.partition(" ")
    if kind in ("result", "fixed"):
        cause, _, ending = rest.partition(" of ")
        return f"{kind} {aliases.get(cause, cause)} of {ending}"
    return step


def record_steps(kb) -> list[str]:
    """Add the step addresses of `kb` to the committed list (never changing a recorded one)."""
    known = recorded_steps()
    new = {address: step for address, step in steps(kb).items() if address not in known}
    lines = [f"{address}{SEPARATOR}{step}\n" for address, step in sorted((known | new).items())]
    STEPS.write_text(STEPS_HEADER + "".join(lines), encoding="utf-8")
    return sorted(new)


if __name__ == "__main__":
    from macros.validate import load_knowledge_base

    added = record(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
    print(f"{LIST}: {len(added)} new URL{'s' if len(added) != 1 else ''}")
    for url in added:
        print(f"  + {url}")
    added = record_steps(load_knowledge_base(Path(__file__).resolve().parents[1] / "causes.yaml"))
    print(f"{STEPS}: {len(added)} new troubleshooter step{'s' if len(added) != 1 else ''}")
    for address in added:
        print(f"  + {address}")
