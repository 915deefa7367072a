"""What the site is built and deployed from can be verified:

- Python packages are installed by hash: requirements.txt (compiled from requirements.in by
  `make requirements`) gives every pin the sha256 of its files, and `make` installs it with
  pip --require-hashes, which refuses any file whose hash differs;
- the site is deployed only after the tests passed on the same commit (one workflow: the deploy
  job needs the test job), with every GitHub Action pinned by commit SHA;
- the bench's npm install is exactly its lockfile (`npm ci`; nothing left to "latest");
- Dependabot proposes updates to all three;
- the vendored MiniSearch and stemmer are the files npm published (sha256 recorded in their
  VERSION files; MiniSearch is shipped without its comments, from the copy kept in
  tests/data/vendor/), and no shipped script points at a source map that is not shipped.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

import vendored
from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)")
VENDOR = ROOT / "docs" / "assets" / "vendor"
NPM = ROOT / "tests" / "bench" / "npm"
WORKFLOWS = ROOT / ".github" / "workflows"


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements() -> dict[str, tuple[str, list[str]]]:
    """requirements.txt: each package's pinned version and the hashes given for it."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8").replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            pin = PIN.match(line)
            assert pin, f"requirements.txt: not an exact pin: {line[:80]}"
            found[_key(pin[1])] = (pin[2], re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
    return found


def test_every_python_package_is_pinned_with_its_hashes():
    pins = requirements()
    assert len(pins) > 40
    unhashed = [name for name, (_, hashes) in pins.items() if not hashes]
    assert not unhashed, f"no hash for {unhashed}"
    listed = {}
    for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines():
        pin = PIN.match(line)
        if pin:
            listed[_key(pin[1])] = pin[2]
    assert listed == {name: version for name, (version, _) in pins.items()}, \
        "requirements.txt is not requirements.in compiled: run `make requirements`"


def test_make_installs_by_hash():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = [line for line in makefile.splitlines() if "pip install" in line and "requirements.txt" in line]
    assert install and all("--require-hashes" in line for line in install), install


def workflows() -> dict[str, dict]:
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(WORKFLOWS.glob("*.yml"))}


def test_every_action_is_pinned_by_commit_sha_with_its_tag():
    uses = [line.strip() for path in sorted(WORKFLOWS.glob("*.yml")) for line in path.read_text(encoding="utf-8").splitlines()
            if re.match(r"\s*(- )?uses:", line)]
    assert uses
    loose = [u for u in uses if not re.fullmatch(r"(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*", u)]
    assert not loose, f"not pinned by commit SHA (with the tag in a comment): {loose}"


def _needs(job: dict) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def test_the_site_is_deployed_only_after_the_tests_pass_on_the_same_commit():
    deploying = []
    for name, flow in workflows().items():
        jobs = flow["jobs"]
        for job_id, job in jobs.items():
            if any("actions/deploy-pages@" in str(step.get("uses", "")) for step in job.get("steps", [])):
                deploying.append((name, job_id))
                before, todo = set(), _needs(job)
                while todo:
                    need = todo.pop()
                    if need not in before:
                        before.add(need)
                        todo += _needs(jobs[need])
                tests = [j for j in before if any("bash .ci/run" in str(step.get("run", "")) for step in jobs[j].get("steps", []))]
                assert tests, f"{name}: job {job_id} deploys without needing the job that runs the tests"
                assert all(not jobs[j].get("continue-on-error") for j in before | {job_id})
    assert deploying == [("ci.yml", "deploy")], deploying


def test_the_bench_installs_exactly_its_lockfile():
    package = json.loads((NPM / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((NPM / "package-lock.json").read_text(encoding="utf-8"))
    packages = {path: entry for path, entry in lock["packages"].items() if path}
    assert all(entry.get("integrity", "").startswith("sha512-") for entry in packages.values()), "a package without integrity"
    overrides = package.get("overrides", {})
    floating = {name for entry in packages.values() for name, spec in entry.get("dependencies", {}).items() if spec == "latest"}
    assert floating <= set(overrides), f"left to 'latest' (npm ci would refuse the lockfile): {floating - set(overrides)}"
    for name, version in overrides.items():
        held = {entry["version"] for path, entry in packages.items() if path.split("node_modules/")[-1] == name}
        assert held == {version}, f"{name}: the lockfile holds {held}, the override {version}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "npm ci " in makefile and "npm install" not in makefile


def test_dependabot_covers_pip_actions_and_npm():
    updates = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))["updates"]
    assert {(u["package-ecosystem"], u["directory"]) for u in updates} >= {
        ("pip", "/"), ("github-actions", "/"), ("npm", "/tests/bench/npm")}


def _record(directory: Path) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in (directory / "VERSION").read_text(encoding="utf-8").splitlines() if ": " in line)


@pytest.mark.parametrize("library", ["minisearch", "stemmer"])
def test_vendored_files_are_the_ones_npm_published(library):
    """The shipped file's sha256 is the one recorded; npm's file (the shipped one itself, or the copy
    kept beside the tests, which is shipped without its comments) has the sha256 of the file in
    npm's tarball, whose integrity VERSION records too."""
    record = _record(VENDOR / library)
    assert re.fullmatch(rf"{library}-[\d.]+\.tgz sha512-[A-Za-z0-9+/]+=*", record["tarball"]), record["tarball"]
    name, _, shipped_hash = record["shipped"].partition(" sha256 ")
    shipped = (VENDOR / library / name).read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == shipped_hash, f"{library}/{name} is not the file recorded in VERSION"
    published = (ROOT / record["kept"]).read_bytes() if "kept" in record else shipped
    assert hashlib.sha256(published).hexdigest() == record["file"].partition(" sha256 ")[2], \
        f"{record.get('kept', library + '/' + name)} is not npm's file"
    if "kept" in record:
        assert shipped.decode("utf-8") == vendored.without_comments(published.decode("utf-8")), \
            f"{library}/{name} is not npm's file without its comments: run python tests/vendored.py {library}"
    assert (VENDOR / library / "LICENSE").is_file()


def test_stripping_comments_keeps_every_line_of_code():
    code = 'const a = "/* not a comment */";\n  // note\n/**\n * doc\n */\nfunction f() {\n\n  return `//`;\n}\n'
    assert vendored.without_comments(code) == 'const a = "/* not a comment */";\nfunction f() {\n  return `//`;\n}\n'
    with pytest.raises(ValueError, match="line 1"):
        vendored.without_comments("/* x */ y();\n")


def test_no_shipped_script_points_at_a_missing_source_map(site):
    dangling = []
    for path in sorted(site.rglob("*.js")) + sorted(site.rglob("*.css")):
        for name in re.findall(r"[#@] sourceMappingURL=(\S+?)(?:\s*\*/)?\s*$", path.read_text(encoding="utf-8", errors="replace"), re.M):
            if not name.startswith("data:") and not (path.parent / name).is_file():
                dangling.append(f"{path.relative_to(site)} -> {name}")
    assert not dangling, dangling
