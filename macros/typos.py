"""Likely misspellings of a word, so search finds a cause from a mistyped query.

Lunr (Material's search engine) has no typo tolerance, so the build indexes the slips people
make most: one letter left out, or two neighbouring letters swapped. The first letter is kept,
as people rarely get it wrong, and short words are skipped, as their variants are real words.
"""

from __future__ import annotations

MIN_LENGTH = 5
"""Shorter words get no variants: 'mac' or 'wifi' minus a letter is another word or noise."""


def variants(word: str) -> set[str]:
    """Misspellings of `word` (lowercase letters only), without the word itself."""
    if len(word) < MIN_LENGTH or not word.isalpha():
        return set()
    dropped = {word[:i] + word[i + 1:] for i in range(1, len(word) - 1)}  # not the last: a prefix finds that
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1)}
    return (dropped | swapped) - {word}
