"""Spaced repetition with FSRS (py-fsrs): when each question comes back, and which ones to look at again.

One fsrs card per question id. A card is stored as the JSON-serializable dict of `fsrs.Card.to_dict()`, so the
caller can keep it in any database; this module never reads the clock, every function takes `now`.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from fsrs import Card, Rating, Scheduler

# Fuzzing adds an unseeded random spread to review intervals (so cards learnt together do not all fall due on
# the same day). Here it would make the same history give different due dates on every replay and in every test;
# with one learner and a few hundred questions the pile-up it prevents does not matter.
SCHEDULER = Scheduler(enable_fuzzing=False)

CONFIDENCES = (None, "sure", "guessed")


def rating_for(correct: bool, confidence: str | None) -> Rating:
    """Map an answer to an fsrs rating: wrong is Again, a guessed right answer Hard, any other right answer Good."""
    if confidence not in CONFIDENCES:
        raise ValueError(f"unknown confidence {confidence!r}; expected one of {CONFIDENCES}")
    if not correct:
        return Rating.Again
    # A lucky guess is not mastery: Hard gives a shorter interval than Good, so the question comes back sooner.
    return Rating.Hard if confidence == "guessed" else Rating.Good


def schedule(card: dict | None, correct: bool, confidence: str | None, now: datetime) -> tuple[dict, datetime]:
    """Review a card (None for a question never answered) at `now`; return its new state as a dict and its due time."""
    now = _utc(now)
    # Card() would take its id and due time from the wall clock (and sleep 1 ms); the id is not used here,
    # since cards are keyed by question id, so derive it from `now` to stay deterministic.
    current = Card(card_id=int(now.timestamp() * 1000), due=now) if card is None else Card.from_dict(card)
    reviewed, _ = SCHEDULER.review_card(current, rating_for(correct, confidence), review_datetime=now)
    return dict(reviewed.to_dict()), reviewed.due


def mistakes(answers: pd.DataFrame) -> list[str]:
    """Question ids whose latest answer is wrong, most recent first; an answer put right later is no mistake."""
    if answers.empty:
        return []
    latest = (answers.sort_values(["answered_at", "id"], kind="stable")
              .drop_duplicates("question_id", keep="last"))
    wrong = latest[~latest["correct"].astype(bool)]
    return wrong.sort_values(["answered_at", "id"], ascending=False, kind="stable")["question_id"].astype(str).tolist()


def due(cards: pd.DataFrame, now: datetime) -> list[str]:
    """Question ids of the cards due at or before `now`, soonest first (ties by question id)."""
    if cards.empty:
        return []
    when = pd.to_datetime(cards["due"], utc=True, format="ISO8601")
    ready = pd.DataFrame({"question_id": cards["question_id"].astype(str), "due": when})
    ready = ready[ready["due"] <= pd.Timestamp(_utc(now))]
    return ready.sort_values(["due", "question_id"], kind="stable")["question_id"].tolist()


def _utc(now: datetime) -> datetime:
    # fsrs accepts only datetimes whose tzinfo is exactly timezone.utc (not ZoneInfo("UTC"), not a naive time).
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got naive {now!r}")
    if isinstance(now, pd.Timestamp):
        now = now.to_pydatetime()
    return now.astimezone(UTC)
