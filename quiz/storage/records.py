"""What the store hands in and out: profiles and answers as plain frozen records, and the rules for names."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from confusable_homoglyphs import confusables

MODES = ("practice", "check", "review", "exam")
CONFIDENCES = ("sure", "guessed")
NAME_LENGTH = 100
ID_LENGTH = 200
EXAM_ID_LENGTH = 36
CODE_LENGTH = 6  # a classroom join code
NICKNAME_LENGTH = 24  # a student's name in a classroom session
TITLE_LENGTH = 200

Mode = Literal["practice", "check", "review", "exam"]
Confidence = Literal["sure", "guessed"]


@dataclass(frozen=True)
class Profile:
    """A learner; everything else in the store belongs to one."""

    id: int
    name: str
    created_at: datetime


@dataclass(frozen=True)
class AnswerRecord:
    """One answer as given: options as file indices, `shown` in screen order."""

    question_id: str
    bank_id: str
    question_hash: str
    mode: str
    shown: tuple[int, ...]
    chosen: tuple[int, ...]
    correct: bool
    seconds: float | None = None
    confidence: str | None = None
    answered_at: datetime | None = None
    exam_id: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if self.confidence is not None and self.confidence not in CONFIDENCES:
            raise ValueError(f"confidence must be one of {', '.join(CONFIDENCES)} or None, not {self.confidence!r}")
        # Callers hold lists and frozensets; chosen is a set, so one canonical order keeps stored data comparable.
        object.__setattr__(self, "shown", tuple(int(i) for i in self.shown))
        object.__setattr__(self, "chosen", tuple(sorted(int(i) for i in self.chosen)))


def utc(value: datetime) -> datetime:
    """`value` in UTC; a naive datetime is refused, since its zone is unknown."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"datetime {value.isoformat()} has no timezone; pass an aware datetime")
    return value.astimezone(UTC)


def clean_name(name: str) -> str:
    """A profile name in normal form (NFKC, spaces trimmed), refused when empty, too long or deceptive.

    Control characters (NUL, newlines) and bidirectional overrides could hide or reorder what a trainer reads,
    and a name mixing scripts ("Lеarner" with a Cyrillic е) could pass for another learner's.
    """
    name = unicodedata.normalize("NFKC", name).strip()
    if not name:
        raise ValueError("a profile needs a name")
    if len(name) > NAME_LENGTH:
        raise ValueError(f"a profile name has at most {NAME_LENGTH} characters; this one has {len(name)}")
    hidden = next((c for c in name if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")), None)
    if hidden is not None:
        raise ValueError(f"a profile name cannot contain the invisible or control character "
                         f"U+{ord(hidden):04X} ({unicodedata.name(hidden, 'unnamed')})")
    if confusables.is_mixed_script(name):
        raise ValueError("a profile name cannot mix alphabets (for example Latin and Cyrillic letters), "
                         "since it could pass for another name")
    return name


def name_skeleton(name: str) -> str:
    """What a name looks like: letters that look alike (Cyrillic а, Latin a) map to one, case and spaces ignored."""
    letters = []
    for char in unicodedata.normalize("NFKC", name).casefold():
        if char.isspace():
            continue
        found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=False) if ord(char) > 127 else None
        letters.append(found[0]["homoglyphs"][0]["c"].casefold() if found else char)
    return "".join(letters)
