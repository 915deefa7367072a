"""The Porter stemmer exactly as the site's search engine runs it in the browser: a line-for-line
port of the npm package `stemmer` 2.0.1 (docs/assets/vendor/stemmer/, MIT, Titus Wormer), so that
the index built here holds the stems the browser looks up (tests/test_text_rules.py holds both to
the same test vectors)."""

from __future__ import annotations

import re

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

_CONSONANT = "[^aeiou]"
_VOWEL = "[aeiouy]"
_CONSONANTS = f"({_CONSONANT}[^aeiouy]*)"
_VOWELS = f"({_VOWEL}[aeiou]*)"

_GT0 = re.compile(f"^{_CONSONANTS}?{_VOWELS}{_CONSONANTS}")
_EQ1 = re.compile(f"^{_CONSONANTS}?{_VOWELS}{_CONSONANTS}{_VOWELS}?$")
_GT1 = re.compile(f"^{_CONSONANTS}?({_VOWELS}{_CONSONANTS}){{2,}}")
_VOWEL_IN_STEM = re.compile(f"^{_CONSONANTS}?{_VOWEL}")
_CONSONANT_LIKE = re.compile(f"^{_CONSONANTS}{_VOWEL}[^aeiouwxy]$")

_LL = re.compile("ll$")
_E = re.compile("^(.+?)e$")
_Y = re.compile("^(.+?)y$")
_ION = re.compile("^(.+?(s|t))(ion)$")
_ED_OR_ING = re.compile("^(.+?)(ed|ing)$")
_AT_BL_IZ = re.compile("(at|bl|iz)$")
_EED = re.compile("^(.+?)eed$")
_S = re.compile("^.+?[^s]s$")
_SSES_OR_IES = re.compile("^.+?(ss|i)es$")
_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_STEP2_RE = re.compile("^(.+?)(" + "|".join(_STEP2) + ")$")
_STEP3_RE = re.compile("^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
_STEP4_RE = re.compile("^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")


def _search(pattern: re.Pattern, text: str) -> bool:
    return pattern.search(text) is not None


def stem(value: str) -> str:
    """The stem of a word (lowercased first)."""
    result = value.lower()
    if len(result) < 3:
        return result
    first_y = result[0] == "y"
    if first_y:
        result = "Y" + result[1:]

    # Step 1a.
    if _search(_SSES_OR_IES, result):
        result = result[:-2]
    elif _search(_S, result):
        result = result[:-1]

    # Step 1b.
    if match := _EED.search(result):
        if _search(_GT0, match[1]):
            result = result[:-1]
    elif (match := _ED_OR_ING.search(result)) and _search(_VOWEL_IN_STEM, match[1]):
        result = match[1]
        if _search(_AT_BL_IZ, result):
            result += "e"
        elif _search(_DOUBLE, result):
            result = result[:-1]
        elif _search(_CONSONANT_LIKE, result):
            result += "e"

    # Step 1c.
    if (match := _Y.search(result)) and _search(_VOWEL_IN_STEM, match[1]):
        result = match[1] + "i"

    # Steps 2 and 3.
    if (match := _STEP2_RE.search(result)) and _search(_GT0, match[1]):
        result = match[1] + _STEP2[match[2]]
    if (match := _STEP3_RE.search(result)) and _search(_GT0, match[1]):
        result = match[1] + _STEP3[match[2]]

    # Step 4.
    if match := _STEP4_RE.search(result):
        if _search(_GT1, match[1]):
            result = match[1]
    elif (match := _ION.search(result)) and _search(_GT1, match[1]):
        result = match[1]

    # Step 5.
    if (match := _E.search(result)) and (
        _search(_GT1, match[1]) or (_search(_EQ1, match[1]) and not _search(_CONSONANT_LIKE, match[1]))
    ):
        result = match[1]
    if _search(_LL, result) and _search(_GT1, result):
        result = result[:-1]

    if first_y:
        result = "y" + result[1:]
    return result
