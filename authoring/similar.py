"""Find near-duplicate questions: pairs that ask the same thing in other words.

A question is compared as its prompt plus its key, so two questions with the same stem but different
keys (or the same key reached from different stems) are told apart. The score is the mean of rapidfuzz's
token-set ratio (word order and repeated words ignored; 100 when one question's words are a subset of the
other's) and its token-sort ratio (which also counts the words only one of them has). The set ratio alone
called a short definition question a near-copy of any long list question that uses its words (five false
pairs among the 72 shipped questions at 85); the mean keeps the one real pair of the shipped banks at 97,
puts the next pair at 77, and still scores reworded copies 83-100 (see tests/test_similar.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from quiz.models import Question

THRESHOLD = 80  # score (0-100) at or above which two questions are reported as near-duplicates
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


def score(first: str, second: str) -> float:
    """How alike two signatures are, 0-100."""
    return (fuzz.token_set_ratio(first, second) + fuzz.token_sort_ratio(first, second)) / 2


def near_duplicates(questions: Sequence[Question], threshold: float = THRESHOLD) -> list[Pair]:
    """Every pair of questions whose signatures score at or above `threshold`, most alike first."""
    texts = [signature(q) for q in questions]
    # The set ratio is at least the sort ratio (repeated words aside), so pairs it puts below the threshold
    # cannot reach it: the slower mean is computed only for the few candidates.
    candidates = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, score_cutoff=threshold, workers=1)
    pairs = []
    for i, j in zip(*candidates.nonzero(), strict=True):
        if i < j and (value := score(texts[i], texts[j])) >= threshold:
            pairs.append(Pair(questions[i].id, questions[j].id, value))
    return sorted(pairs, key=lambda p: (-p.score, p.first, p.second))
