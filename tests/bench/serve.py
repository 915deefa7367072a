"""How long `make serve` takes to show an edit to causes.yaml: from saving the file to the
edited text being served, measured on a throwaway copy of the project."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from conftest import copy_project, fetch, mkdocs_serve, wait_for


def edit_latency(causes: Path, workdir: Path, edits: int = 3) -> dict:
    """Serve a copy of the project whose causes.yaml is `causes`; retitle its first cause
    `edits` times and time each change until the served page shows it."""
    project = copy_project(workdir / "project", causes)
    target = project / "causes.yaml"
    text = target.read_text(encoding="utf-8")
    cause_id = text.split("- id: ", 1)[1].split("\n", 1)[0].strip()
    title = text.split("\n    title: ", 1)[1].split("\n", 1)[0]
    with mkdocs_serve(project) as base:
        url = f"{base}causes/{cause_id}/"
        start = time.perf_counter()
        wait_for(lambda: title in fetch(url), f"{url} to show {title!r}", interval=0.02)
        first_build = time.perf_counter() - start
        times = []
        for n in range(1, edits + 1):
            marker = f"{title} (edit {n})"
            time.sleep(1.5)  # let the server settle after the previous rebuild
            edited = text.replace(f"\n    title: {title}\n", f"\n    title: {marker}\n", 1)
            saved = time.perf_counter()
            target.write_text(edited, encoding="utf-8")
            wait_for(lambda: marker in fetch(url), f"{url} to show {marker!r}", interval=0.02)
            times.append(time.perf_counter() - saved)
    return {"first_build_s": first_build, "edit_median_s": statistics.median(times), "edit_max_s": max(times)}
