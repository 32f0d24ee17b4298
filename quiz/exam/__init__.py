"""Mock exams: blueprints (`blueprint`), drawing questions for them (`assembly`), and the timed attempt (`attempt`)."""

from quiz.exam.assembly import NotFeasibleError, Plan, SectionPlan, Shortfall, draw, plan
from quiz.exam.attempt import (
    NO_CRITERION,
    STATE_VERSION,
    ExamAttempt,
    ExamResult,
    ExamStateError,
    OverviewItem,
    ReviewItem,
)
from quiz.exam.blueprint import (
    Blueprint,
    BlueprintError,
    BlueprintInfo,
    Blueprints,
    Section,
    load_blueprint,
    load_blueprints,
)

__all__ = [
    "NO_CRITERION", "STATE_VERSION", "Blueprint", "BlueprintError", "BlueprintInfo", "Blueprints", "ExamAttempt",
    "ExamResult", "ExamStateError", "NotFeasibleError", "OverviewItem", "Plan", "ReviewItem", "Section",
    "SectionPlan", "Shortfall", "draw", "load_blueprint", "load_blueprints", "plan",
]
