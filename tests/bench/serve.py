"""How long `make serve` takes to show an edit to causes.yaml: from saving the file to the
edited text being served, measured on a throwaway copy of the project."""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, clean_environ

PROJECT_FILES = ("mkdocs.yml", "docs", "macros")


def edit_latency(causes: Path, workdir: Path, edits: int = 3) -> dict:
    """Serve a copy of the project whose causes.yaml is `causes`; retitle its first cause
    `edits` times and time each change until the served page shows it."""
    project = workdir / "project"
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, project / name)
    target = project / "causes.yaml"
    shutil.copy(causes, target)
    text = target.read_text(encoding="utf-8")
    cause_id = text.split("- id: ", 1)[1].split("\n", 1)[0].strip()
    title = text.split("\n    title: ", 1)[1].split("\n", 1)[0]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=clean_environ(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/causes/{cause_id}/"
    try:
        start = time.perf_counter()
        _wait_for(url, title, timeout=300)
        first_build = time.perf_counter() - start
        times = []
        for n in range(1, edits + 1):
            marker = f"{title} (edit {n})"
            time.sleep(1.5)  # let the server settle after the previous rebuild
            edited = text.replace(f"\n    title: {title}\n", f"\n    title: {marker}\n", 1)
            saved = time.perf_counter()
            target.write_text(edited, encoding="utf-8")
            _wait_for(url, marker, timeout=300)
            times.append(time.perf_counter() - saved)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"first_build_s": first_build, "edit_median_s": statistics.median(times), "edit_max_s": max(times)}


def _wait_for(url: str, needle: str, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if needle in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} never showed {needle!r}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
