"""Long texts are read as stories (docs/assets/javascripts/search/story.js): the engine weighs
what a customer says is wrong over what they say is fine, reads the numbers of storage and the
length of a backup, and never lets a side the writer denies come first.

Two yardsticks: the stories of tests/data/story-emails.yaml, written here, each needing one of
these readings; and the real whole posts of tests/data/real-posts.yaml, nobody here wrote, split
before any tuning into a half the ranking was tuned on and a half it never was (both reported;
floors below are the figures reached, so the ranking cannot quietly get worse)."""

from __future__ import annotations

import pytest
import yaml

from conftest import DATA
from test_real_posts_data import collection_of

pytestmark = pytest.mark.browser

STORIES = yaml.safe_load((DATA / "story-emails.yaml").read_text(encoding="utf-8"))["stories"]
POSTS = yaml.safe_load((DATA / "real-posts.yaml").read_text(encoding="utf-8"))["posts"]
FLOORS = {"tune": (0.60, 0.80), "holdout": (0.37, 0.74)}
"""(first, first three) each half of the real posts (both collections) must reach: guards against
a fall, set at the figures measured when the second collection came (21 and 28 of 35 tune posts,
13 and 26 of 35 holdout posts), not the targets of issue 21, which they are short of. Nothing was
tuned on the second collection."""

RANK = """async (texts) => {
  const root = new URL(".", document.baseURI);
  const { SearchEngine } = await import(new URL("assets/javascripts/search/engine.js", root));
  const engine = await SearchEngine.open(root);
  const out = [];
  for (const text of texts) out.push((await engine.rank(text, { limit: 3 })).map((r) => r.id));
  return out;
}"""


@pytest.fixture(scope="module")
def ranked(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server)
    found = page.evaluate(RANK, [s["text"] for s in STORIES] + [p["text"] for p in POSTS])
    context.close()
    return dict(zip([s["id"] for s in STORIES], found)), dict(zip([p["n"] for p in POSTS], found[len(STORIES):]))


@pytest.mark.parametrize("story", STORIES, ids=[s["id"] for s in STORIES])
def test_each_story_is_read(ranked, kb, story):
    assert set(story["first"]) | set(story.get("not_first", [])) <= set(kb.causes)
    top = ranked[0][story["id"]]
    assert top[0] in story["first"], f"{story['reads']}: {top}"
    assert top[0] not in story.get("not_first", [])


def test_real_posts_reach_their_floors(ranked, figures):
    rows = {}
    for post in POSTS:
        top = ranked[1][post["n"]]
        found = (bool(top[:1]) and top[0] in post["cause"], any(c in post["cause"] for c in top[:3]))
        for key in (post["split"], f"{post['split']}, {collection_of(post)}"):
            rows.setdefault(key, []).append(found)
    for split, found in rows.items():
        first, three = sum(f for f, _ in found) / len(found), sum(t for _, t in found) / len(found)
        figures.append(f"real posts pasted whole, {split}: {len(found)}, top-1 {first:.0%}, top-3 {three:.0%}")
    for split, (need_1, need_3) in FLOORS.items():
        found = rows[split]
        assert sum(f for f, _ in found) / len(found) >= need_1 and sum(t for _, t in found) / len(found) >= need_3, split
