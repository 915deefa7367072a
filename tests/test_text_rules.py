"""One definition of how search reads text, written twice: in Python for the index the build
writes (macros/text.py, macros/searchindex.py) and in JavaScript for what people type
(docs/assets/javascripts/search/engine.js, index.js). Both are held to the same test vectors
(tests/data/text-rules.json), and to each other on every word of the site and of the search tests:
a word stemmed one way when indexed and another when typed would never be found."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import DATA, ROOT
from macros import searchindex, text

VECTORS = json.loads((DATA / "text-rules.json").read_text(encoding="utf-8"))
PYTHON = {"words": text.words, "fold": text.fold, "term": text.term, "normalise": text.normalise,
          "message_key": text.message_key, "fnv1a": searchindex.fnv1a}


@pytest.mark.parametrize("rule", sorted(PYTHON))
def test_python_follows_the_vectors(rule):
    assert VECTORS[rule], rule
    for case in VECTORS[rule]:
        assert PYTHON[rule](case["in"]) == case["out"], f"{rule}({case['in']!r})"


IN_THE_BROWSER = """async ([vectors, words]) => {
  const root = new URL(".", document.baseURI);
  const engine = await import(new URL("assets/javascripts/search/engine.js", root));
  const { fnv1a } = await import(new URL("assets/javascripts/search/index.js", root));
  const rules = { words: engine.words, fold: engine.fold, term: engine.term, normalise: engine.normalise, fnv1a };
  const wrong = [];
  for (const [rule, cases] of Object.entries(vectors)) {
    if (!rules[rule]) continue;
    for (const c of cases) {
      const got = rules[rule](c.in);
      if (JSON.stringify(got) !== JSON.stringify(c.out)) wrong.push(`${rule}(${JSON.stringify(c.in)}) = ${JSON.stringify(got)}`);
    }
  }
  return { wrong, terms: words.map((w) => engine.term(w)) };
}"""


def _site_words() -> list[str]:
    """Every distinct word of causes.yaml and of the search tests' texts."""
    sources = [(ROOT / "causes.yaml").read_text(encoding="utf-8")]
    for name in ("real-queries.yaml", "pasted-texts.yaml", "search-cases.yaml", "agent-messages.yaml"):
        sources.append(yaml.safe_dump(yaml.safe_load((DATA / name).read_text(encoding="utf-8")), allow_unicode=True))
    return sorted({w for source in sources for w in text.words(source)})


@pytest.mark.browser
def test_javascript_follows_the_vectors_and_agrees_with_python_on_every_word(new_page, server):
    page = new_page()
    page.goto(server)
    site_words = _site_words()
    assert len(site_words) > 2000
    got = page.evaluate(IN_THE_BROWSER, [{k: v for k, v in VECTORS.items() if k != "message_key"}, site_words])
    assert not got["wrong"], "\n".join(got["wrong"])
    disagree = [f"{w!r}: Python {text.term(w)!r}, JavaScript {t!r}" for w, t in zip(site_words, got["terms"]) if text.term(w) != t]
    assert not disagree, "\n".join(disagree[:30])


def test_the_stop_words_are_the_same_on_both_sides():
    source = (ROOT / "docs/assets/javascripts/search/engine.js").read_text(encoding="utf-8")
    listed = re.search(r"const STOP_WORDS = new Set\(\((.*?)\)\.split", source, re.DOTALL)[1]
    assert set("".join(re.findall(r'"([^"]*)"', listed)).split()) == text.STOP_WORDS
