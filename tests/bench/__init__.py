"""`make bench`: build-time and page-weight benchmarks of backup-help at scale.

Run with `python -m tests.bench` (what `make bench` does). Not part of `make test`: nothing
here is a timed assertion. Modules: synth (synthetic knowledge bases), baseline (the same pages
as plain Markdown with a flat nav), builds (timed builds and site sizes), gzserver (a static
host that compresses), browser (search latency and transferred bytes in Chromium), lighthouse
(mobile audit scores), serve (how fast `make serve` shows an edit), __main__ (the run and its
table).
"""

import sys
from pathlib import Path

# tests/ on the path: the bench shares the tests' Chromium flags and local server (conftest).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
