"""Reading level of English and Spanish text, for ``check``.

- English: Flesch–Kincaid grade level,
  0.39 × words/sentences + 11.8 × syllables/words − 15.59 (target ≤ 6).
- Spanish: Fernández-Huerta reading ease,
  206.84 − 0.60 × syllables per 100 words − 1.02 × words per 100 sentences ÷ 100
  (the usual form: 206.84 − 60 × syllables/words − 102 × sentences/words), where
  60–70 is "normal" and 70–80 "fairly easy" (roughly US grades 6–7); target ≥ 70.

Syllables: Spanish is written as it sounds, so pyphen's LibreOffice
hyphenation patterns give syllables almost exactly. English hyphenation
patterns skip many breaks ("medicine" has none), so English uses the usual
vowel-group count with a silent-e rule, or pyphen's count if that is higher.
Scores are estimates for a warning, not a grade a reviewer can skip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyphen

TARGETS = {"en": ("Flesch–Kincaid grade", 6.0, "at most"), "es": ("Fernández-Huerta ease", 70.0, "at least")}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?¿¡:;]+(?:\s|$)|\n")
_VOWELS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Score:
    """A reading-level figure for a body of text."""

    lang: str
    name: str
    value: float
    target: float
    words: int
    sentences: int

    @property
    def over_target(self) -> bool:
        """True if the text is harder to read than the target."""
        return self.value > self.target if self.lang == "en" else self.value < self.target

    def describe(self) -> str:
        _, _, relation = TARGETS[self.lang]
        return (f"{self.name} {self.value:.1f} (target: {relation} {self.target:g}; "
                f"{self.words} words, {self.sentences} sentences)")


@cache
def _dictionary(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang={"en": "en_US", "es": "es"}[lang])


def syllables(word: str, lang: str) -> int:
    """Estimate the syllables in one word."""
    by_pattern = len(_dictionary(lang).positions(word)) + 1
    if lang != "en":
        return by_pattern
    lower = word.lower()
    groups = len(_VOWELS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1  # silent final e: "take", "stone"
    if lower.endswith("ed") and len(lower) > 3 and lower[-3] not in "td" and groups > 1:
        groups -= 1  # "used", "called"
    return max(1, groups, by_pattern)


def score(texts: list[str], lang: str) -> Score | None:
    """Return the reading level of texts (each a sentence group), or None for other languages."""
    if lang not in TARGETS:
        return None
    words = [w for text in texts for w in _WORD.findall(text)]
    sentences = sum(max(1, len([m for m in _SENTENCE_END.finditer(text.strip() + " ")])) for text in texts if text.strip())
    if not words or not sentences:
        return None
    syllable_count = sum(syllables(w, lang) for w in words)
    per_sentence, per_word = len(words) / sentences, syllable_count / len(words)
    if lang == "en":
        value = 0.39 * per_sentence + 11.8 * per_word - 15.59
    else:
        value = 206.84 - 60 * per_word - 102 * sentences / len(words)
    name, target, _ = TARGETS[lang]
    return Score(lang, name, round(value, 1), target, len(words), sentences)
