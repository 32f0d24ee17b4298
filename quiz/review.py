"""Spaced repetition with FSRS (py-fsrs): when each question comes back, and which ones to look at again.

One fsrs card per question id. A card is stored as the JSON-serializable dict of `fsrs.Card.to_dict()`, so the
caller can keep it in any database; this module never reads the clock, every function takes `now`.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo

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


def start_of_day(now: datetime, zone: tzinfo) -> datetime:
    """Local midnight at the start of the day `now` falls in, in `zone` (as an aware datetime)."""
    local = now.astimezone(zone)
    return datetime(local.year, local.month, local.day, tzinfo=zone)


def end_of_day(now: datetime, zone: tzinfo) -> datetime:
    """Local midnight at the end of the day `now` falls in: "due today" means due before then."""
    start = start_of_day(now, zone)
    return datetime.combine(start.date() + timedelta(days=1), time(), tzinfo=zone)


def due_today(due_ids: list[str], stats: pd.DataFrame, day_start: datetime) -> tuple[list[str], list[str]]:
    """Split the questions due by the end of today into (to relearn, to refresh): last answered wrong, or right.

    The rule: a question counts as due today only if it was not answered yet today. A question answered minutes
    ago and scheduled again within the hour is in a short relearning step, not a review for today (a wrong one
    is among the mistakes already).
    """
    if not due_ids:
        return [], []
    latest = stats.set_index("question_id")
    answered_today = set(latest.index[pd.to_datetime(latest["last_at"], utc=True) >= pd.Timestamp(day_start)])
    waiting = [q for q in due_ids if q not in answered_today]
    wrong = {q for q in waiting if q in latest.index and not bool(latest.at[q, "last_correct"])}
    return [q for q in waiting if q in wrong], [q for q in waiting if q not in wrong]
