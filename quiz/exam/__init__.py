"""Mock exams: blueprints (`blueprint`), drawing questions for them (`assembly`), and the timed attempt (`attempt`)."""

from quiz.exam.assembly import NotFeasibleError, Plan, SectionPlan, Shortfall, draw, plan
from quiz.exam.attempt import STATE_VERSION, ExamAttempt, ExamStateError
from quiz.exam.blueprint import (
    Blueprint,
    BlueprintError,
    BlueprintInfo,
    Blueprints,
    Section,
    load_blueprint,
    load_blueprints,
)
from quiz.exam.result import NO_CRITERION, ExamResult, OverviewItem, ReviewItem

__all__ = [
    "NO_CRITERION", "STATE_VERSION", "Blueprint", "BlueprintError", "BlueprintInfo", "Blueprints", "ExamAttempt",
    "ExamResult", "ExamStateError", "NotFeasibleError", "OverviewItem", "Plan", "ReviewItem", "Section",
    "SectionPlan", "Shortfall", "draw", "load_blueprint", "load_blueprints", "plan",
]
