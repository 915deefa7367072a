r"""How search reads text: the rules the index is built with here and the browser applies to what
people type (docs/assets/javascripts/search/engine.js, functions of the same names).

    words(text)       the words: runs of letters and digits, with inner apostrophes ("won't")
    fold(word)        lowercase, without accents or apostrophes
    term(word)        the search term: None for a common word (STOP_WORDS) or a lone digit, else
                      the folded word, stemmed (Porter) when it has four letters or more and no digit
    normalise(text)   for finding error messages in a text: compatibility forms, case, curly
                      quotes, dashes, spacing and invisible characters (soft hyphens, zero-width
                      spaces and joiners, word joiners, byte-order marks) aside
    message_key(text) a message as it is looked for: normalised, without surrounding quotes or
                      trailing stops; two messages with the same key are the same message

Both sides are held to the same test vectors (tests/data/text-rules.json, tests/test_text_rules.py).
Lengths are counted as the browser counts them (UTF-16 code units), digits are ASCII digits and
white space is what JavaScript's \s matches.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .stemmer import stem

STOP_WORDS = frozenset((
    "a about after again all also am an and any are as at be because been before being but by can "
    "could did do does doing for from get gets got had has have having he her here him his how i "
    "id if im in into is it its ive just me more most my myself of on once only or other our out "
    "not no dont doesnt didnt isnt arent wasnt werent wont cant cannot couldnt wouldnt shouldnt "
    "over own same she should so some such than that the their them then there these they this "
    "those through to too under until very was we were what when where which while who whom why "
    "will with would you your yours"
).split())
"""Common words that tell nothing about a cause."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DIGIT = re.compile("[0-9]")
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(#?[A-Za-z0-9_]+);")
_SPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#39": "'", "#x27": "'", "nbsp": " "}
_PUNCTUATION = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"} | {c: "-" for c in "‐‑‒–—"})


def js_length(text: str) -> int:
    """The length of a text as JavaScript counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def plain(html: str) -> str:
    """An HTML fragment of the index as plain text (tags as spaces, the few entities it holds)."""
    return _ENTITY.sub(lambda m: _ENTITIES.get(m.group(1), m.group(0)), _TAG.sub(" ", html))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower().replace("'", "").replace("’", "")


def stemmed(folded: str) -> str:
    """The search term of a folded word that is not a common word."""
    return stem(folded) if js_length(folded) > 3 and not _DIGIT.search(folded) else folded


@lru_cache(maxsize=1 << 16)
def term(word: str) -> str | None:
    folded = fold(word)
    if not folded or folded in STOP_WORDS or (len(folded) == 1 and _DIGIT.fullmatch(folded)):
        return None
    return stemmed(folded)


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).lower().translate(_PUNCTUATION)
    return _SPACE.sub(" ", folded).strip(" ")


def message_key(text: str) -> str:
    return re.sub(r"""^["']+|["'.!?…:;]+$""", "", normalise(text)).strip()
