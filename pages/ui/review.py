"""The Review queues of a learner: due today (to relearn, to refresh) and every mistake, on the local day."""

from __future__ import annotations

from pages.ui.content import library
from pages.ui.store import end_of_today, local_zone, now, store
from quiz.review import due_today, start_of_day

# Said on the page, so the count is never a surprise.
RULE = ("*Due today* holds the questions your schedule brings back before midnight (your time) that you have not "
        "answered yet today; one answered minutes ago waits for tomorrow.")


def queues(learner: int) -> dict[str, list[str]]:
    known, stats = library().questions, store().question_stats(learner)
    due = [q for q in store().due_question_ids(learner, end_of_today()) if q in known]
    relearn, refresh = due_today(due, stats, start_of_day(now(), local_zone()))
    mistakes = [q for q in stats.loc[~stats["last_correct"], "question_id"] if q in known]
    return {"relearn": relearn, "refresh": refresh, "mistakes": mistakes}
