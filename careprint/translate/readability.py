"""Reading level of English and Spanish text, for ``check``.

- English: Flesch–Kincaid grade level (Kincaid et al. 1975),
  0.39 × words/sentences + 11.8 × syllables/words − 15.59 (target ≤ 6).
- Spanish: Fernández-Huerta reading ease (1959), as corrected by Law (2011),
  206.84 − 0.60 × P − 1.02 × F, where P is syllables per 100 words and F is
  the average sentence length in words. 60–70 is "normal" and 70–80 "fairly
  easy" (roughly US grades 6–7); target ≥ 70.

  The form most often quoted takes F as *sentences* per 100 words. Then more,
  shorter sentences score harder, the opposite of Flesch's formula that
  Fernández Huerta adapted: G. Law, "Error in the Fernandez Huerta
  Readability Formula", LINGUIST List 22.2332 (2011),
  https://linguistlist.org/issues/22/22-2332.html; the corrected form is the
  one legible.es (A. Muñoz Fernández) publishes. With it, as with Flesch,
  joining two sentences into one never makes a text score easier.

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
    formula = flesch_kincaid_grade if lang == "en" else fernandez_huerta
    value = formula(len(words), sentences, syllable_count)
    name, target, _ = TARGETS[lang]
    return Score(lang, name, round(value, 1), target, len(words), sentences)


def flesch_kincaid_grade(words: int, sentences: int, syllable_count: int) -> float:
    """Return the Flesch–Kincaid US grade level of counted text (higher is harder)."""
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59


def fernandez_huerta(words: int, sentences: int, syllable_count: int) -> float:
    """Return the Fernández-Huerta reading ease of counted Spanish text (higher is easier; Law's correction)."""
    syllables_per_100_words = 100 * syllable_count / words
    words_per_sentence = words / sentences
    return 206.84 - 0.60 * syllables_per_100_words - 1.02 * words_per_sentence
