"""`make bench`: every figure of the performance targets, measured in one run, as Markdown tables.

    python -m tests.bench [--sizes 100 1000 10000] [--rounds 3] [--lighthouse-runs 3]
                          [--pages agents ...] [--no-browser] [--no-lighthouse] [--no-serve]
                          [--figures PATH]

A run that measures everything writes its tables to FIGURES as well, which the site's
Performance page includes (docs/developers/performance.md): figures are never copied by hand.

Builds are interleaved round by round (real file, then each N for the project and the
baseline), so load from other processes falls on all of them alike; each figure is the median
of the rounds. CPU seconds are shown beside wall seconds because they move less with load. The
baseline (every cause in a flat nav, so quadratic) is built up to BASELINE_UP_TO causes only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import yaml

from conftest import DATA, ROOT
from macros.validate import load_knowledge_base

from . import baseline, browser, builds, lighthouse, serve, synth
from .gzserver import serve as gzip_host

PAGE_TYPES = {"home": "", "cause page": None, "all causes": "causes/", "error index": "errors/",
              "troubleshooter": "troubleshooter/", "flowchart": "flowchart/", "agents": "agents/", "about": "about/",
              "not found": "404.html"}
FIGURES = ROOT / "docs" / "developers" / "figures" / "bench.md"
"""The figures of the latest complete run, included by the Performance page."""
SEARCH_QUERIES = 8
BASELINE_UP_TO = 1000
SERVED_UP_TO = 1000
"""`make serve` rebuilds the whole site on every save: it is timed up to this size."""
FIRST_SEARCH_BYTES = 500_000
"""A first search transfers at most this much at the largest size (engine, manifest, the parts of
the index its words need), as a static host serves it (gzip)."""
AGENT_TEXTS = (1_000, 5_000, 50_000, 1_000_000)
"""Lengths of the pasted texts the agents page is timed on (the issue asks for 5,000 at least)."""
HOLDS_UP_TO = 50_000
LONG_WORD = "".join("etaoinshrdlucmfwypvbgkqjxz"[(i * 7) % 26] for i in range(50_000))
"""One run of letters (from a log or a link): ranked as itself, it takes no longer than a short text."""
"""Pastes up to this length must never hold the page's thread 200 ms. A 1 MB paste does, in
Chromium's own layout of the text box (about 300 ms here), before the page's script sees it."""


def main(argv: list[str]) -> int:
    args = _arguments(argv)
    report = io.StringIO()
    with contextlib.redirect_stdout(_Tee(sys.stdout, report)):
        code = _measure(args)
    complete = not (args.no_browser or args.no_lighthouse or args.no_serve or args.pages != set(PAGE_TYPES))
    if args.figures or complete:
        target = Path(args.figures or FIGURES)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(report.getvalue(), encoding="utf-8")
        print(f"\nFigures written to {target}.")
    return code


class _Tee(io.TextIOBase):
    """Writes to several streams at once."""

    def __init__(self, *streams):
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


def _measure(args) -> int:
    start = time.perf_counter()
    print(f"Measured by `make bench` on {datetime.date.today():%-d %B %Y}: {os.cpu_count()} CPUs, "
          f"load average {_load()} at the start; causes at {', '.join(f'{n:,}' for n in args.sizes)}.\n")
    results: list[tuple[str, bool]] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        sites, cause_pages, kbs = _builds(args, tmp, results)
        if not args.no_browser:
            _browser(args, sites, cause_pages["real"], kbs, results)
        if not args.no_lighthouse:
            _lighthouse(args, sites["real"], cause_pages["real"], results)
        if not args.no_serve:
            _serve(args, tmp, results)
    print(f"\n### Each target, measured\n\nLoad average {_load()} at the end.\n")
    print("| target | measured | met |\n| --- | --- | --- |")
    for line, met in results:
        print(f"| {line} | {'yes' if met else '**NO**'} |")
    print(f"\nThe run took {time.perf_counter() - start:.0f} s.")
    return 0 if all(met for _, met in results) else 1


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--rounds", type=int, default=3, help="timed builds of each site (median)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--pages", nargs="+", choices=[name.replace(" ", "-") for name in PAGE_TYPES], metavar="PAGE",
                        help=f"weigh and audit only these kinds of page ({', '.join(n.replace(' ', '-') for n in PAGE_TYPES)})")
    parser.add_argument("--no-browser", action="store_true", help="skip search, agents-page and page-weight figures")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse audits")
    parser.add_argument("--no-serve", action="store_true", help="skip timing `make serve`")
    parser.add_argument("--figures", metavar="PATH", help="write the tables here even from a partial run "
                        f"(a complete run writes them to {FIGURES.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    args.pages = {name.replace("-", " ") for name in args.pages} if args.pages else set(PAGE_TYPES)
    return args


def _builds(args, tmp: Path, results) -> tuple[dict, dict, dict]:
    """Timed builds of the real site, the synthetic ones and their baselines; returns the built
    sites, their cause pages and the synthetic knowledge bases, each by size ("real" too)."""
    sizes = sorted(args.sizes)
    config = ROOT / "mkdocs.yml"
    causes = {n: synth.write(n, tmp / f"causes-{n}.yaml") for n in sizes}
    kbs = {n: load_knowledge_base(path) for n, path in causes.items()}
    with_baseline = [n for n in sizes if n <= BASELINE_UP_TO]
    baselines = {n: baseline.write_project(kbs[n], tmp / f"baseline-{n}") for n in with_baseline}
    baseline_sites = {n: tmp / f"baseline-{n}" / "site" for n in with_baseline}
    sites = {"real": tmp / "site-real", **{n: tmp / f"site-{n}" for n in sizes}}
    timings: dict = {key: [] for key in ["real", *sizes, *[("baseline", n) for n in with_baseline]]}
    for _ in range(args.rounds):
        timings["real"].append(builds.build(config, sites["real"]))
        for n in sizes:
            timings[n].append(builds.build(config, sites[n], causes[n]))
            if n in baselines:
                timings[("baseline", n)].append(builds.build(baselines[n], baseline_sites[n]))
    t = {key: builds.median(values) for key, values in timings.items()}
    real_kb = load_knowledge_base(ROOT / "causes.yaml")
    cause_pages = {"real": [sites["real"] / c.url / "index.html" for c in real_kb.causes.values()],
                   **{n: [sites[n] / c.url / "index.html" for c in kbs[n].causes.values()] for n in sizes}}
    size = {key: builds.measure(sites[key], cause_pages[key]) for key in sites}
    base_size = {n: builds.measure(baseline_sites[n], [baseline_sites[n] / "causes" / c / "index.html" for c in kbs[n].causes])
                 for n in with_baseline}

    print(f"### Builds\n\nMedian of {args.rounds} interleaved rounds; wall s / CPU s.\n")
    print("| causes | project build | baseline build | project / baseline | cause page HTML (median) | "
          "baseline cause page | site total | search index (its manifest, gzip) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    real = t["real"]
    print(f"| {len(real_kb.causes)} (causes.yaml) | {real.wall:.2f} / {real.cpu:.2f} | | | "
          f"{_kb(size['real'].cause_page_median)} | | {_mb(size['real'].total)} | "
          f"{_mb(size['real'].search_index)} ({_kb(size['real'].manifest_gzip)}) |")
    for n in sizes:
        p, s = t[n], size[n]
        b = t.get(("baseline", n))
        versus = (f"{b.wall:.2f} / {b.cpu:.2f} | {p.wall / b.wall:.2f} | " if b else "not built (quadratic) | | ")
        base_page = _kb(base_size[n].cause_page_median) if n in base_size else ""
        print(f"| {n} | {p.wall:.2f} / {p.cpu:.2f} | {versus}{_kb(s.cause_page_median)} | {base_page} | {_mb(s.total)} | "
              f"{_mb(s.search_index)} ({_kb(s.manifest_gzip)}) |")

    results.append((f"real causes.yaml build < 3 s | {real.wall:.2f} s", real.wall < 3))
    for small, large in zip(sizes, sizes[1:]):
        growth = t[large].wall / t[small].wall
        print(f"\nt({large}) / t({small}) = {growth:.2f} wall, {t[large].cpu / t[small].cpu:.2f} CPU "
              f"(causes grew {large / small:.0f}x)")
        results.append((f"t({large}) / t({small}) <= 12 (wall; CPU {t[large].cpu / t[small].cpu:.2f}) | {growth:.2f}",
                        growth <= 12))
    compared = max(with_baseline)
    ratio = t[compared].wall / t[("baseline", compared)].wall
    results.append((f"project / baseline build at N={compared} <= 0.5 | {ratio:.2f}", ratio <= 0.5))
    small, large = sizes[0], sizes[-1]
    page_growth = size[large].cause_page_median / size[small].cause_page_median
    results.append((f"median cause page HTML N={large} vs N={small} <= 1.3x | {page_growth:.2f}x "
                    f"({_kb(size[large].cause_page_median)} vs {_kb(size[small].cause_page_median)})", page_growth <= 1.3))
    return sites, cause_pages, kbs


def _browser(args, sites, real_cause_pages, kbs, results) -> None:
    print("\n### Search\n\nIn Chromium, served with gzip: from opening the search box until search is ready, what "
          "the first search transfers, and ms from the last keystroke until the results of the whole query are shown.\n")
    print("| causes | ready after opening | first search transfers | median | slowest | right page on top |\n"
          "| ---: | ---: | ---: | ---: | ---: | ---: |")
    with browser.chromium() as chromium:
        for n, kb in kbs.items():
            causes = list(kb.causes.values())
            picked = [causes[i * len(causes) // SEARCH_QUERIES] for i in range(SEARCH_QUERIES)]
            queries = [(c.error_messages[0].text.rstrip("."), f"causes/{c.id}/") for c in picked]
            with gzip_host(sites[n]) as url:
                found = browser.search_latency(chromium, url + causes[0].url, queries)
            print(f"| {n} | {found['ready_s']:.2f} s | {_kb(found['first_search_bytes'])} | {found['median_ms']:.0f} ms | "
                  f"{found['max_ms']:.0f} ms | {found['on_top']} of {found['queries']} |")
            if n == max(kbs):
                results.append((f"search ready after opening the search box at N={n} < 1 s | {found['ready_s']:.2f} s",
                                found["ready_s"] < 1))
                results.append((f"first search result after typing at N={n} < 300 ms | median {found['median_ms']:.0f} ms, "
                                f"slowest {found['max_ms']:.0f} ms", found["max_ms"] < 300))
                results.append((f"a first search at N={n} transfers <= {_kb(FIRST_SEARCH_BYTES)} | "
                                f"{_kb(found['first_search_bytes'])}", found["first_search_bytes"] <= FIRST_SEARCH_BYTES))
                results.append((f"search at N={n} puts the typed message's cause first | {found['on_top']} of {found['queries']}",
                                found["on_top"] == found["queries"]))
        pages = {name: path for name, path in _page_types(sites["real"], real_cause_pages).items() if name in args.pages}
        with gzip_host(sites["real"]) as url:
            weights = browser.transferred(chromium, url, pages)
            if "agents" in args.pages:
                weights["agents, after a paste"] = browser.agents_transferred(chromium, url, _email(1_000, "Not Enough Storage"))
        if "agents" in args.pages:
            _agents(chromium, sites, kbs, results)
    print("\n### Page weight\n\nIn Chromium: the real causes.yaml, a first visit, gzip; the search index counted apart.\n")
    print("| page | transferred | without search index | search index | requests | largest file |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, w in weights.items():
        print(f"| {name} | {_kb(w['total'])} | {_kb(w['without_search_index'])} | {_kb(w['search_index'])} | "
              f"{w['requests']} | {w['largest']} |")
    heavy = {name: w["total"] for name, w in weights.items()}
    results.append((f"every page <= 150 KB transferred on a first visit, search index included | largest "
                    f"{max(heavy, key=heavy.get)}: {_kb(max(heavy.values()))}", max(heavy.values()) <= 150_000))


def _email(length: int, message: str) -> str:
    """A customer's email of about `length` characters (the test set's messages, one after
    another as in a long thread), with an exact error message in its last line."""
    parts = [m["text"] for m in yaml.safe_load((DATA / "agent-messages.yaml").read_text(encoding="utf-8"))["messages"]]
    text, i = "", 0
    while len(text) < length - len(message) - 20:
        text += parts[i % len(parts)] + "\n"
        i += 1
    return text[: max(0, length - len(message) - 20)] + f"\n\nThe phone says: {message}\n"


def _agents(chromium, sites, kbs, results) -> None:
    print("\n### Agents page\n\nIn Chromium, served with gzip: s from opening the page until a first 1,000-character "
          "email is answered; ms from pasting a customer's email, or from the last key typed, until the results "
          "answer the whole text; the longest task of the page's own thread meanwhile; the cause data it fetched.\n")
    print("| causes | first paste answered after load | " + " | ".join(f"paste {n:,} chars" for n in AGENT_TEXTS) +
          " | typing at the end of 5,000 chars (median / slowest) | cause data fetched |")
    print("| ---: | ---: | " + " | ".join("---:" for _ in AGENT_TEXTS) + " | ---: | --- |")
    real_kb = load_knowledge_base(ROOT / "causes.yaml")
    for key, kb in [("real", real_kb), (max(kbs), kbs[max(kbs)])]:
        message = next(m.text for c in kb.causes.values() for m in c.error_messages)
        texts = {n: _email(n, message) for n in AGENT_TEXTS}
        with gzip_host(sites[key]) as url:
            found = browser.agents_latency(chromium, url, texts[1_000], texts, (_email(5_000, ""), " It now says " + message))
            if key == "real":
                word = browser.agents_latency(chromium, url, "backup failed", {"word": LONG_WORD}, None)["pastes"]["word"]["ms"]
                results.append((f"one {len(LONG_WORD):,}-letter word pasted into the agents page answered < 200 ms "
                                f"(engine.js LONGEST_WORD) | {word:.0f} ms", word < 200))
        cells = [f"{p['ms']:.0f} ms ({p['longest_task_ms']:.0f} ms)" for p in found["pastes"].values()]
        typed = found["typed"]
        name = f"{len(kb.causes)} (causes.yaml)" if key == "real" else str(key)
        only_shown = "causes.json" not in found["causes"] and {f"causes/{c}.json" for c in found["shown"]} >= set(found["causes"])
        print(f"| {name} | {found['ready_s']:.2f} s | " + " | ".join(cells) +
              f" | {typed['median_ms']:.0f} ms / {typed['max_ms']:.0f} ms | {len(found['causes'])} files for "
              f"{len(found['shown'])} causes shown{'' if only_shown else ', **not only those shown**'} |")
        if key != "real":
            results.append((f"agents page at N={key}: a first paste answered < 1.5 s after load | {found['ready_s']:.2f} s",
                            found["ready_s"] < 1.5))
            results.append((f"agents page at N={key}: loads only the causes it shows, never /causes.json | "
                            f"{len(found['causes'])} cause files for {len(found['shown'])} causes shown", only_shown))
            results.append((f"agents page at N={key}: typing at the end of a 5,000-character email answered < 300 ms "
                            f"| median {typed['median_ms']:.0f} ms, slowest {typed['max_ms']:.0f} ms", typed["max_ms"] < 300))
            longest = max(p["longest_task_ms"] for p in found["pastes"].values() if p["len"] <= HOLDS_UP_TO)
            results.append((f"agents page at N={key}: no paste up to {HOLDS_UP_TO:,} characters holds the page's thread "
                            f">= 200 ms | longest task {longest:.0f} ms", longest < 200))


def _lighthouse(args, site, cause_pages, results) -> None:
    print(f"\n### Lighthouse\n\nLighthouse {lighthouse.version()}, mobile audit of the real causes.yaml on a gzip host; "
          f"median of {args.lighthouse_runs} runs.\n")
    if not lighthouse.available():
        print(f"Lighthouse is not installed at {lighthouse.LIGHTHOUSE}; `make bench` installs it.")
        results.append(("Lighthouse scores | not measured", False))
        return
    print("| page | performance (runs) | accessibility | best practices | SEO | audits that cost points |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    with gzip_host(site) as url:
        for name, path in _page_types(site, cause_pages).items():
            if name == "not found" or name not in args.pages:
                continue
            found = lighthouse.median_audit(url + path, args.lighthouse_runs)
            s = found["scores"]
            lost = "; ".join(f"{cat}: {', '.join(items)}" for cat, items in found["failing"].items() if items)
            print(f"| {name} | {s['performance']} ({', '.join(map(str, found['runs']))}) | {s['accessibility']} | "
                  f"{s['best-practices']} | {s['seo']} | {lost} |")
            met = s["performance"] >= 95 and s["accessibility"] == 100 and s["best-practices"] >= 95 and s["seo"] >= 95
            results.append((f"Lighthouse {name}: perf >= 95, a11y 100, BP and SEO >= 95 | {s['performance']}, "
                            f"{s['accessibility']}, {s['best-practices']}, {s['seo']}", met))


def _serve(args, tmp: Path, results) -> None:
    print("\n### make serve\n\nFrom saving causes.yaml to the edited page being served.\n")
    print("| causes.yaml | first build | edit shown (median) | slowest |\n| --- | ---: | ---: | ---: |")
    largest = max(n for n in args.sizes if n <= SERVED_UP_TO)
    runs = {"real": ROOT / "causes.yaml", f"synthetic, {largest} causes": tmp / f"causes-{largest}.yaml"}
    for number, (name, causes) in enumerate(runs.items()):
        found = serve.edit_latency(causes, tmp / f"serve-{number}")
        print(f"| {name} | {found['first_build_s']:.2f} s | {found['edit_median_s']:.2f} s | {found['edit_max_s']:.2f} s |")
        if name == "real":
            results.append((f"`make serve` shows an edit to causes.yaml | {found['edit_median_s']:.2f} s (median)", True))


def _page_types(site: Path, cause_pages: list[Path]) -> dict[str, str]:
    """Each kind of page the site has, by its path."""
    pages = {}
    for name, path in PAGE_TYPES.items():
        if path is None:
            path = cause_pages[0].parent.relative_to(site).as_posix() + "/"
        if (site / path).is_file() or (site / path / "index.html").is_file():
            pages[name] = path
    return pages


def _kb(n: int) -> str:
    return f"{n / 1000:.1f} KB"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
