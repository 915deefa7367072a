"""Timed `mkdocs build --strict` runs and the sizes of what they write."""

from __future__ import annotations

import gzip
import resource
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import run_build


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds the command took
    cpu: float   # user + system seconds of the build process: less disturbed by other load


def build(config: Path, site: Path, causes: Path | None = None) -> Timing:
    """One strict build of `config` into `site` (from another causes file if given)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = run_build(site, causes, config, quiet=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"build of {config} failed:\n{result.stderr}")
    return Timing(wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


@dataclass(frozen=True)
class SiteSize:
    cause_page_median: int  # bytes of the HTML of one cause page (median)
    cause_page_max: int
    total: int              # bytes of every file written
    search_index: int       # bytes of the site's search index (search/, its files together)
    manifest_gzip: int      # bytes of its manifest (what every search needs), compressed as a static host serves it


def measure(site: Path, cause_pages: list[Path]) -> SiteSize:
    """Sizes of a built site; cause_pages are the HTML files of its cause pages."""
    sizes = sorted(p.stat().st_size for p in cause_pages)
    manifest = site / "search" / "manifest.json"  # the baseline has none: Material's own search
    return SiteSize(
        cause_page_median=int(statistics.median(sizes)),
        cause_page_max=sizes[-1],
        total=sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        search_index=sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file()),
        manifest_gzip=len(gzip.compress(manifest.read_bytes(), 6)) if manifest.is_file() else 0,
    )
