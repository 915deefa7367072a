"""Content that stays true (issue 13).

- No retired Apple article address (HT/TS/PH numbers, /kb/ links) anywhere in causes.yaml: a
  validation rule, so `python -m macros` and the build reject one with file:line, cause, field
  and the page Apple serves today.
- `releases` records the iOS and macOS releases the content is checked against; each cause's
  `checked_for` records which of them its steps were really compared with (issue 19), and a
  release it names must be recorded and out by its review date.
- `make review` (`python -m macros review`) lists the causes due for review, with the release each
  still needs, the note on its last check and its sources; the build only prints a notice, so
  `mkdocs build --strict` still passes. Adding a release makes every cause not checked against it
  due and changes no page (tested by building the site again).
- Each cause page says which release it was checked for, next to its review date, and links to
  the repository's "outdated step" issue form with the cause id and page address filled in.

Expected results are computed here from the raw data, independently of macros/review.py.
"""

from __future__ import annotations

import calendar
import datetime
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, run_build, soup
from macros import pages
from macros.config import read
from macros.load import parse
from macros.validate import check, load_knowledge_base

ISSUE_FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
REPOSITORY = "https://github.com/backup-help/backup-help.github.io"
OLD_APPLE_URL = re.compile(r"support\.apple\.com/(?:[a-z]{2}[-_][a-z]{2,4}/)?(?:kb/|(?:HT|TS|PH)\d)", re.IGNORECASE)


def raw() -> dict:
    return parse(ROOT / "causes.yaml").data


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "causes.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return path


def macros_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def problems(path: Path) -> list[str]:
    return [p.format(str(path)) for p in check(parse(path))]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# --- no retired Apple article address -------------------------------------------------------


def test_real_file_cites_no_retired_apple_article():
    text = (ROOT / "causes.yaml").read_text(encoding="utf-8")
    assert not OLD_APPLE_URL.findall(text)
    assert not [p for p in problems(ROOT / "causes.yaml") if "retired Apple article" in p]


@pytest.mark.parametrize("old, hint", [
    ("https://support.apple.com/en-us/HT203516", "https://support.apple.com/en-us/102563"),
    ("https://support.apple.com/kb/PH12520?locale=en_US", "iPhone or iCloud User Guide"),
    ("http://support.apple.com/HT201418", "https://support.apple.com/en-us/102563"),
    ("https://support.apple.com/en-gb/ht205220", "https://support.apple.com/en-us/108353"),
    ("https://support.apple.com/kb/TS2529", "https://support.apple.com/en-us/108346"),
])
def test_a_retired_apple_address_is_rejected_with_its_line(tmp_path, old, hint):
    data = raw()
    cause = data["causes"][0]
    cause["references"][0]["url"] = old
    path = write(tmp_path, data)
    result = macros_cli(path)
    assert result.returncode == 1
    expected = (f"{path}:{line_of(path, old)}: cause '{cause['id']}': references[0].url: '{old}' "
                f"is a retired Apple article address")
    line = next((row.strip() for row in result.stderr.splitlines() if expected in row), None)
    assert line is not None, result.stderr
    assert hint in line


def test_a_retired_address_is_caught_in_any_field(tmp_path):
    """Message sources and free text too, not only references."""
    data = raw()
    owner = next(c for c in data["causes"] if c["error_messages"])
    owner["error_messages"][0]["source"] = "https://support.apple.com/en-us/HT202778"
    owner["escalate"] += " See https://support.apple.com/kb/HT204204 for more."
    found = problems(write(tmp_path, data))
    assert any(f"cause '{owner['id']}': error_messages[0].source: 'https://support.apple.com/en-us/HT202778'" in p
               and "109054" in p for p in found), found
    assert any(f"cause '{owner['id']}': escalate: 'https://support.apple.com/kb/HT204204'" in p for p in found), found


def test_current_apple_addresses_pass(tmp_path):
    data = raw()
    data["causes"][0]["references"][:0] = [
        {"title": "Numbered", "url": "https://support.apple.com/en-us/102563"},
        {"title": "Guide", "url": "https://support.apple.com/guide/iphone/back-up-iphone-iph3ecf67d29/ios"},
        {"title": "Locale", "url": "https://support.apple.com/de-at/101973"},
    ]
    assert not [p for p in problems(write(tmp_path, data)) if "retired" in p]


def test_the_build_stops_on_a_retired_address(tmp_path):
    data = raw()
    data["causes"][1]["references"][0]["url"] = "https://support.apple.com/en-us/HT203516"
    result = run_build(tmp_path / "site", causes=write(tmp_path, data))
    assert result.returncode == 1
    assert "is a retired Apple article address; Apple serves it today as https://support.apple.com/en-us/102563" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


# --- releases and checked_for -------------------------------------------------------------------


def platforms_of(cause: dict) -> tuple[str, ...]:
    return ("ios", "macos") if "mac" in cause["where"] else ("ios",)


def release_of(data: dict, platform: str, version: str) -> dict:
    return next(r for r in data["releases"] if r["platform"] == platform and r["version"] == version)


def test_real_file_records_the_releases_it_was_checked_against():
    data = raw()
    releases = data["releases"]
    assert {r["platform"] for r in releases} == {"ios", "macos"}
    assert all(r["source"].startswith("https://") for r in releases)
    ios27, macos27 = release_of(data, "ios", "27"), release_of(data, "macos", "27")
    assert (ios27["date"], ios27["source"]) == ("2026-09-14", "https://support.apple.com/en-us/149034")
    assert (macos27["date"], macos27["name"], macos27["source"]) == (
        "2026-09-14", "macOS Golden Gate 27", "https://support.apple.com/en-us/149035")
    for cause in data["causes"]:
        record = cause["checked_for"]
        assert set(record) - {"note"} == set(platforms_of(cause)), cause["id"]
        for platform in platforms_of(cause):
            assert release_of(data, platform, record[platform])["date"] <= cause["last_reviewed"], cause["id"]


def test_a_cause_not_checked_against_the_newest_release_says_why():
    """Every cause still short of the newest release carries a note saying what could not be
    confirmed, so `make review` tells the next reviewer where to start."""
    data = raw()
    newest = {p: max(r["date"] for r in data["releases"] if r["platform"] == p) for p in ("ios", "macos")}
    for cause in data["causes"]:
        behind = [p for p in platforms_of(cause)
                  if release_of(data, p, cause["checked_for"][p])["date"] < newest[p]]
        if behind:
            assert len(cause["checked_for"].get("note", "")) > 40, cause["id"]


@pytest.mark.parametrize("change, message", [
    (lambda r: r[0].update(platform="android"), "releases[0].platform: 'android' is not one of 'ios', 'macos'"),
    (lambda r: r[0].update(date="2025-13-01"), "releases[0].date: '2025-13-01' is not a date written YYYY-MM-DD"),
    (lambda r: r[0].update(version="26.1"), "releases[0].version: '26.1' is not a major version number written as text"),
    (lambda r: r[0].pop("source"), "releases[0].source: required field is missing"),
    (lambda r: r.append(dict(r[0])), "duplicate release"),
])
def test_bad_releases_are_rejected(tmp_path, change, message):
    data = raw()
    change(data["releases"])
    found = problems(write(tmp_path, data))
    assert any(message in p for p in found), found


def test_removing_a_release_a_cause_names_is_a_located_error(tmp_path):
    """Releases and checked_for are checked together: drop iOS 26 from the real file and every
    cause still recorded as checked for it is reported at its own checked_for line."""
    data = raw()
    data["releases"] = [r for r in data["releases"] if (r["platform"], r["version"]) != ("ios", "26")]
    path = write(tmp_path, data)
    found = problems(path)
    on_26 = [c["id"] for c in data["causes"] if c["checked_for"]["ios"] == "26"]
    assert on_26, "the test needs a cause still recorded as checked for iOS 26"
    for ident in on_26:
        assert any(f": cause '{ident}': checked_for.ios: no iOS 26 in releases" in p for p in found), (ident, found)
    lines = path.read_text(encoding="utf-8").splitlines()
    for p in found:
        number = int(p.split(":")[1])
        assert lines[number - 1].strip() == "ios: '26'", p


# --- make review --------------------------------------------------------------------------------


def _year_before(day: datetime.date) -> str:
    last = calendar.monthrange(day.year - 1, day.month)[1]
    return datetime.date(day.year - 1, day.month, min(day.day, last)).isoformat()


def expected_due(data: dict, today: datetime.date) -> list[str]:
    """The rule, written out again from the raw data: the release a cause records for one of its
    platforms is older than the newest recorded release of that platform, or the cause was
    reviewed more than 12 months before today."""
    newest = {p: max((r["date"] for r in data.get("releases", []) if r["platform"] == p), default="")
              for p in ("ios", "macos")}
    out = []
    for cause in data["causes"]:
        behind = any(release_of(data, p, cause["checked_for"][p])["date"] < newest[p] for p in platforms_of(cause))
        if behind or cause["last_reviewed"] < _year_before(today):
            out.append(cause["id"])
    return out


def review(path: Path, today: str) -> subprocess.CompletedProcess:
    result = macros_cli("review", path, "--today", today)
    assert result.returncode == 0, result.stderr
    return result


def listed(output: str) -> list[str]:
    """Cause ids the review report lists (each starts a block at column 0)."""
    return re.findall(r"^([a-z0-9-]+): .*\n  last reviewed", output, re.MULTILINE)


def blocks(output: str) -> dict[str, str]:
    return dict(re.findall(r"^([a-z0-9-]+): .*?\n(.*?)(?=^\S|\Z)", output, re.MULTILINE | re.DOTALL))


@pytest.mark.parametrize("today", ["2026-12-01", "2027-11-30", "2027-12-01", "2028-02-29"])
def test_review_of_the_real_file_lists_what_the_rule_says(today):
    data = raw()
    result = review(ROOT / "causes.yaml", today)
    assert listed(result.stdout) == expected_due(data, datetime.date.fromisoformat(today))
    if not listed(result.stdout):
        assert "no cause is due for review" in result.stdout


def test_review_names_the_release_each_due_cause_still_needs_and_its_sources(tmp_path):
    data = raw()
    icloud = next(c for c in data["causes"] if c["where"] == ["icloud"])
    mac = next(c for c in data["causes"] if "mac" in c["where"])
    icloud["checked_for"] = {"ios": "26", "note": "Apple's iOS 27 page for this was not found."}
    mac["checked_for"] = {"ios": "26", "macos": "26"}
    mac["last_reviewed"] = "2025-10-01"
    path = write(tmp_path, data)
    result = review(path, "2026-12-01")
    due = listed(result.stdout)
    assert icloud["id"] in due and mac["id"] in due
    assert due == expected_due(data, datetime.date(2026, 12, 1))
    found = blocks(result.stdout)
    head = found[icloud["id"]].split("sources:")[0]
    assert "checked for iOS 26" in head
    assert "not yet checked against iOS 27 (out 2026-09-14)" in head
    assert "still needs: iOS 27 (https://support.apple.com/en-us/149034)" in head
    assert "note on the last check: Apple's iOS 27 page for this was not found." in head
    assert "macOS" not in head
    head = found[mac["id"]].split("sources:")[0]
    assert "checked for iOS 26 and macOS Tahoe 26" in head
    assert "not yet checked against macOS Golden Gate 27 (out 2026-09-14)" in head
    assert "reviewed more than 12 months ago (2025-10-01)" in head
    assert "still needs: iOS 27 (https://support.apple.com/en-us/149034) and macOS Golden Gate 27" in head
    for cause in (icloud, mac):
        for ref in cause["references"]:
            assert ref["url"] in found[cause["id"]]


def test_a_cause_checked_against_the_newest_releases_is_not_due(tmp_path):
    data = raw()
    for cause in data["causes"]:
        cause["checked_for"] = {p: "27" for p in platforms_of(cause)}
    result = review(write(tmp_path, data), "2026-12-01")
    assert listed(result.stdout) == []
    assert "no cause is due for review" in result.stdout


def test_a_new_macos_release_makes_only_mac_causes_due(tmp_path):
    data = raw()
    for cause in data["causes"]:
        cause["checked_for"] = {p: "27" for p in platforms_of(cause)}
    data["releases"].append({"platform": "macos", "version": "99", "date": "2026-11-30", "source": "https://example.org/"})
    due = listed(review(write(tmp_path, data), "2026-12-01").stdout)
    assert due == [c["id"] for c in data["causes"] if "mac" in c["where"]]
    assert due and len(due) < len(data["causes"])


# --- adding a release: every cause not checked against it is due, and no page changes ------------


def reviewed_lines(site: Path) -> dict[str, str]:
    """Each cause page's review line (date, Checked for, report link), as the built HTML has it."""
    lines = {page.parent.name: soup(page).select_one("p.bh-reviewed") for page in sorted((site / "causes").glob("*/index.html"))}
    return {cause: str(line) for cause, line in lines.items() if line}


def generated_reviewed_lines(causes: Path) -> dict[str, str]:
    """The same, of the cause pages the generator writes from `causes` (macros/pages.py, the pages
    every build is handed: tests/test_generator.py shows the built pages are these)."""
    config = read(ROOT / "mkdocs.yml")
    generated = pages.generate(load_knowledge_base(causes), config.site_url, config.repository)
    lines = {page.url.split("/")[1]: BeautifulSoup(page.body, "html.parser").select_one("p.bh-reviewed")
             for page in generated if re.fullmatch(r"causes/[^/]+/", page.url)}
    return {cause: str(line) for cause, line in lines.items() if line}


def test_adding_a_release_makes_causes_due_and_changes_no_page(tmp_path, site):
    """Generate the site's pages again from the real file plus a newer iOS and macOS release: every
    cause becomes due for it, and every cause page still says exactly what the built site says
    (the label is the recorded check, not the newest release out by the review date). The labels
    are compared with what each cause's checked_for says, worked out here from the raw data."""
    data = raw()
    today = datetime.date.today().isoformat()
    for cause in data["causes"]:
        cause["last_reviewed"] = today  # reviewed after the new release: an inferred label would move
    newer = [{"platform": "ios", "version": "99", "date": today, "source": "https://example.org/ios-99"},
             {"platform": "macos", "version": "99", "name": "macOS Future 99", "date": today, "source": "https://example.org/macos-99"}]
    data["releases"] += newer
    path = write(tmp_path, data)
    due = review(path, today).stdout
    assert listed(due) == [c["id"] for c in data["causes"]]
    for ident, block in blocks(due).items():
        assert "not yet checked against iOS 99" in block, ident
        cause = next(c for c in data["causes"] if c["id"] == ident)
        assert ("not yet checked against macOS Future 99" in block) == ("mac" in cause["where"]), ident
    original = reviewed_lines(site)
    rebuilt = generated_reviewed_lines(path)
    assert set(rebuilt) == set(original) == {c["id"] for c in data["causes"]}
    for cause in data["causes"]:
        old, new = soup_of(original[cause["id"]]), soup_of(rebuilt[cause["id"]])
        assert old.select_one(".bh-checked").get_text() == new.select_one(".bh-checked").get_text(), cause["id"]
        assert new.select_one(".bh-checked").get_text() == f" · Checked for {' and '.join(checked_labels(data, cause))}"
        assert "99" not in new.get_text(), cause["id"]


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


# --- the build's notice ---------------------------------------------------------------------------


def test_the_build_notes_causes_due_and_still_passes_strict(tmp_path):
    data = raw()
    for cause in data["causes"]:
        cause["checked_for"] = {p: "27" for p in platforms_of(cause)}
    data["causes"][3]["checked_for"] = {p: "26" for p in platforms_of(data["causes"][3])}
    site = tmp_path / "site"
    result = run_build(site, causes=write(tmp_path, data))
    assert result.returncode == 0, result.stderr
    notice = [row for row in result.stderr.splitlines() if "due for review" in row]
    assert len(notice) == 1, result.stderr
    assert notice[0].startswith("INFO")
    assert f"1 of {len(data['causes'])} causes are due for review ({data['causes'][3]['id']})" in notice[0]
    assert "make review" in notice[0]
    assert (site / "causes" / data["causes"][3]["id"] / "index.html").is_file()


def test_the_build_is_quiet_when_nothing_is_due(tmp_path):
    data = raw()
    today = datetime.date.today().isoformat()
    for cause in data["causes"]:
        cause["last_reviewed"] = today
        cause["checked_for"] = {p: "27" for p in platforms_of(cause)}
    result = run_build(tmp_path / "site", causes=write(tmp_path, data))
    assert result.returncode == 0, result.stderr
    assert "due for review" not in result.stderr


# --- cause pages ----------------------------------------------------------------------------------


def checked_labels(data: dict, cause: dict) -> list[str]:
    """The labels the cause's checked_for names, from the raw data: iOS, then macOS for Mac causes."""
    out = []
    for platform in platforms_of(cause):
        release = release_of(data, platform, cause["checked_for"][platform])
        out.append(release.get("name") or f"{'iOS' if platform == 'ios' else 'macOS'} {release['version']}")
    return out


def issue_form(name: str) -> dict:
    return yaml.safe_load((ISSUE_FORMS / name).read_text(encoding="utf-8"))


def test_each_cause_page_says_what_it_was_checked_for_and_how_to_report(html_pages):
    data = raw()
    for cause in data["causes"]:
        page = soup(html_pages[f"causes/{cause['id']}/"])
        reviewed = page.select_one("p.bh-reviewed")
        assert reviewed.select_one("time")["datetime"] == cause["last_reviewed"]
        labels = checked_labels(data, cause)
        assert labels and labels[0].startswith("iOS ")
        text = " ".join(reviewed.get_text(" ").split())
        assert f"Checked for {' and '.join(labels)}" in text, (cause["id"], text)
        link = reviewed.select_one("a")
        assert link.get_text(strip=True) == "Report an outdated step"
        url = urlsplit(link["href"])
        assert (url.scheme, url.netloc, url.path) == ("https", "github.com", "/backup-help/backup-help.github.io/issues/new")
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert query["cause"] == cause["id"]
        assert query["page"] == canonical and canonical.endswith(f"/causes/{cause['id']}/")
        assert cause["title"] in query["title"]
        form = issue_form(query["template"])
        fields = {item.get("id") for item in form["body"]}
        assert set(query) - {"template", "title"} <= fields, "every prefilled parameter must name a field of the form"


def test_the_issue_form_has_the_fields_the_link_fills():
    form = issue_form("outdated-step.yml")
    assert form["name"] and form["description"]
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    for field in ("cause", "page"):
        assert fields[field]["type"] == "input"
        assert fields[field]["validations"]["required"] is True
    assert any(item["type"] == "textarea" and item.get("validations", {}).get("required") for item in form["body"])


def test_the_repository_is_configured_without_materials_repo_widget():
    """extra.repository feeds the links; repo_url would make every page call api.github.com."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^repo_(url|name):", config, re.MULTILINE)
    assert re.search(rf"^extra:\n(?:  .*\n|\s*#.*\n)*  repository: {re.escape(REPOSITORY)}$", config, re.MULTILINE)
