"""The profile export document: its validated shape, and moving a profile between it and the database."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal

from fsrs import Card
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.storage.records import EXAM_ID_LENGTH, ID_LENGTH, NAME_LENGTH, Confidence, Mode, Profile, utc
from quiz.storage.schema import BULK_INSERT_ANSWERS, AnswerRow, ExamRow, ProfileRow, ReviewCardRow

EXPORT_FORMAT = "itil-app-profile"
EXPORT_VERSION = 1
# A learner with 20,000 answers exports about 6 MB; the limit keeps a hostile upload from costing much.
MAX_EXPORT_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 10

Name = Annotated[str, Field(min_length=1, max_length=NAME_LENGTH)]
Key = Annotated[str, Field(min_length=1, max_length=ID_LENGTH)]
ExamId = Annotated[str, Field(min_length=1, max_length=EXAM_ID_LENGTH)]
OptionIndex = Annotated[StrictInt, Field(ge=0)]


class _Doc(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AnswerDoc(_Doc):
    question_id: Key
    bank_id: Key
    question_hash: Annotated[str, Field(min_length=1, max_length=64)]
    mode: Mode
    shown: tuple[OptionIndex, ...]
    chosen: tuple[OptionIndex, ...]
    correct: StrictBool
    seconds: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    confidence: Confidence | None = None
    answered_at: AwareDatetime
    exam_id: ExamId | None = None


def _shallow(value: Any) -> Any:
    """Refuse JSON nested deeper than a saved exam or card ever is (a deep list would break the export later)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return value


def _review_card(card: dict[str, Any]) -> dict[str, Any]:
    """A card that fsrs itself can read, so that answering its question later cannot fail."""
    try:
        Card.from_dict(card)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"not a review card fsrs can read ({type(error).__name__}: {error})") from None
    return card


class CardDoc(_Doc):
    question_id: Key
    card: Annotated[dict[str, Any], AfterValidator(_shallow), AfterValidator(_review_card)]
    due: AwareDatetime


class ExamDoc(_Doc):
    exam_id: ExamId
    blueprint_id: Key
    started_at: AwareDatetime
    finished_at: AwareDatetime | None = None
    state: Annotated[dict[str, Any], AfterValidator(_shallow)]
    score: Annotated[StrictInt, Field(ge=0)] | None = None
    total: Annotated[StrictInt, Field(ge=0)]
    passed: StrictBool | None = None

    @model_validator(mode="after")
    def _score_within_total(self) -> ExamDoc:
        if self.score is not None and self.score > self.total:
            raise ValueError(f"score {self.score} is more than the {self.total} questions")
        return self


class ProfileDocument(_Doc):
    """What `Store.export_profile` writes and `Store.import_profile` reads."""

    format: Literal["itil-app-profile"]
    version: Literal[1]
    name: Name
    created_at: AwareDatetime
    answers: tuple[AnswerDoc, ...] = ()
    cards: tuple[CardDoc, ...] = ()
    exams: tuple[ExamDoc, ...] = ()

    @model_validator(mode="after")
    def _unique_keys(self) -> ProfileDocument:
        for what, keys in (("card", [c.question_id for c in self.cards]), ("exam", [e.exam_id for e in self.exams])):
            if len(set(keys)) != len(keys):
                duplicate = next(k for k in keys if keys.count(k) > 1)
                raise ValueError(f"{what} {duplicate!r} appears twice")
        return self


def _describe(error: ValidationError, limit: int = 3) -> str:
    """Say what is wrong with a document in one line: where, and what was expected."""
    problems = []
    for item in error.errors()[:limit]:
        where = ".".join(str(part) for part in item["loc"]) or "document"
        problems.append(f"{where}: {item['msg']}")
    more = error.error_count() - limit
    return "; ".join(problems) + (f" (and {more} more problem(s))" if more > 0 else "")


def parse_export(raw: bytes) -> dict:
    """The JSON of an uploaded export; ValueError in plain words if it is too large, not JSON or too deep."""
    if len(raw) > MAX_EXPORT_BYTES:
        raise ValueError(f"the file is {len(raw):,} bytes; a profile export is at most {MAX_EXPORT_BYTES:,}")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("this is not a profile export: it is not a text file") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"this is not a profile export: it is not valid JSON (line {error.lineno}, column "
                         f"{error.colno}: {error.msg.lower()})") from None
    except RecursionError:
        raise ValueError("this is not a profile export: its data is nested far too deeply") from None
    if not isinstance(data, dict):
        raise ValueError("this is not a profile export: it holds a JSON list or value, not an export's fields")
    return data


def parse_document(data: Any) -> ProfileDocument:
    """Validate an export; ValueError saying where it is malformed."""
    try:
        return ProfileDocument.model_validate(data)
    except ValidationError as error:
        raise ValueError(f"not a valid profile export: {_describe(error)}") from None


def export_document(session: Session, profile_id: int) -> dict:
    """The whole profile as a JSON-serializable document that `import_document` reads back."""
    profile = session.get(ProfileRow, profile_id)
    if profile is None:
        raise LookupError(f"no profile with id {profile_id}")
    document = ProfileDocument(
        format=EXPORT_FORMAT, version=EXPORT_VERSION, name=profile.name, created_at=profile.created_at,
        answers=[_answer_doc(row) for row in session.scalars(
            select(AnswerRow).where(AnswerRow.profile_id == profile_id)
            .order_by(AnswerRow.answered_at, AnswerRow.id))],
        cards=[CardDoc(question_id=row.question_id, card=row.card, due=row.due) for row in session.scalars(
            select(ReviewCardRow).where(ReviewCardRow.profile_id == profile_id)
            .order_by(ReviewCardRow.question_id))],
        exams=[_exam_doc(row) for row in session.scalars(
            select(ExamRow).where(ExamRow.profile_id == profile_id).order_by(ExamRow.started_at, ExamRow.id))],
    )
    return document.model_dump(mode="json")


def import_document(session: Session, document: ProfileDocument, name: str) -> Profile:
    """Add a new profile called `name` holding everything in the document, inside the caller's transaction."""
    profile = add_profile(session, name, document.created_at)
    renamed = _fresh_exam_ids(session, [exam.exam_id for exam in document.exams])
    if document.answers:
        session.execute(BULK_INSERT_ANSWERS, [_answer_values(profile.id, a, renamed) for a in document.answers])
    for card in document.cards:
        session.add(ReviewCardRow(profile_id=profile.id, question_id=card.question_id, card=card.card, due=card.due))
    for exam in document.exams:
        session.add(_exam_row(profile.id, exam, renamed))
    return profile


def merge_document(session: Session, document: ProfileDocument, profile_id: int) -> int:
    """Add an export's answers, exams (marked imported) and the cards this profile lacks; return answers added."""
    renamed = _fresh_exam_ids(session, [exam.exam_id for exam in document.exams])
    if document.answers:
        session.execute(BULK_INSERT_ANSWERS, [_answer_values(profile_id, a, renamed) for a in document.answers])
    have = set(session.scalars(select(ReviewCardRow.question_id).where(ReviewCardRow.profile_id == profile_id)))
    for card in document.cards:
        if card.question_id not in have:
            session.add(ReviewCardRow(profile_id=profile_id, question_id=card.question_id, card=card.card,
                                      due=card.due))
    for exam in document.exams:
        session.add(_exam_row(profile_id, exam, renamed))
    return len(document.answers)


def add_profile(session: Session, name: str, created_at: datetime) -> Profile:
    row = ProfileRow(name=name, created_at=utc(created_at))
    session.add(row)
    session.flush()
    return Profile(row.id, row.name, row.created_at)


def _answer_doc(row: AnswerRow) -> AnswerDoc:
    return AnswerDoc(
        question_id=row.question_id, bank_id=row.bank_id, question_hash=row.question_hash, mode=row.mode,
        shown=row.shown, chosen=row.chosen, correct=row.correct, seconds=row.seconds, confidence=row.confidence,
        answered_at=row.answered_at, exam_id=row.exam_id,
    )


def _exam_doc(row: ExamRow) -> ExamDoc:
    return ExamDoc(
        exam_id=row.id, blueprint_id=row.blueprint_id, started_at=row.started_at, finished_at=row.finished_at,
        state=row.state, score=row.score, total=row.total, passed=row.passed,
    )


def _fresh_exam_ids(session: Session, exam_ids: list[str]) -> dict[str, str]:
    """New ids for imported exams whose id is taken (a copy of a profile that is still here)."""
    taken = set(session.scalars(select(ExamRow.id).where(ExamRow.id.in_(exam_ids)))) if exam_ids else set()
    return {exam_id: str(uuid.uuid4()) for exam_id in exam_ids if exam_id in taken}


def _answer_values(profile_id: int, answer: AnswerDoc, renamed: Mapping[str, str]) -> dict[str, Any]:
    values = answer.model_dump()
    values.update(profile_id=profile_id, shown=list(answer.shown), chosen=list(answer.chosen),
                  exam_id=renamed.get(answer.exam_id, answer.exam_id) if answer.exam_id else None)
    return values


def _exam_row(profile_id: int, exam: ExamDoc, renamed: Mapping[str, str]) -> ExamRow:
    # Marked as imported: its score cannot be vouched for, and an unfinished one is never resumed (its time
    # limit and pass mark would come from the file).
    values = exam.model_dump(exclude={"exam_id"})
    return ExamRow(id=renamed.get(exam.exam_id, exam.exam_id), profile_id=profile_id, imported=True, version=1,
                   **values)
