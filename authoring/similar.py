"""Find near-duplicate questions: pairs that ask the same thing in other words.

A question is compared as its prompt plus its key, so two questions with the same stem but different
keys (or the same key reached from different stems) are told apart. rapidfuzz's token-set ratio ignores
word order and repeated words; the threshold was tuned on the shipped banks (see tests/test_similar.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from quiz.models import Question

THRESHOLD = 85  # token-set ratio (0-100) at or above which two questions are reported as near-duplicates
_WORD = re.compile(r"[a-z0-9]+")
# Words every bank uses, which would make unrelated questions look alike.
_COMMON_WORDS = """a an the of to in on for and or is are be it its this that which what who how does do
with by as at from their they them his her your you we our not one two statements statement correct best
describes description following bank brokerage broker client customer customers"""
_COMMON = frozenset(_COMMON_WORDS.split())


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    score: float

    def __str__(self) -> str:
        return f"{self.first} ~ {self.second} ({self.score:.0f})"


def signature(question: Question) -> str:
    """What a question asks and answers, as lower-case content words."""
    key = " ".join(question.options[i].text for i in sorted(question.correct_indices))
    words = _WORD.findall(f"{question.prompt} {key}".lower())
    return " ".join(w for w in words if w not in _COMMON)


def near_duplicates(questions: Sequence[Question], threshold: float = THRESHOLD) -> list[Pair]:
    """Every pair of questions whose signatures score at or above `threshold`, most alike first."""
    texts = [signature(q) for q in questions]
    scores = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, score_cutoff=threshold, workers=1)
    pairs = [Pair(questions[i].id, questions[j].id, float(scores[i][j]))
             for i in range(len(questions)) for j in range(i + 1, len(questions)) if scores[i][j] >= threshold]
    return sorted(pairs, key=lambda p: -p.score)
