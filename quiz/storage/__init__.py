"""Learner data (profiles, answers, review cards, exams) and classroom sessions in any SQLAlchemy database.

The schema is owned by the Alembic migrations in `quiz/migrations/`; a `Store` brings the database up
to date when it opens. Every write runs in one transaction; reads never write.

- `records`: the frozen records handed in and out, and the rules for names
- `schema`: tables, column types, naming convention
- `documents`: the export/import document and moving a profile through it
- `database`: the URL, the engine and its SQLite settings, migrations
- `frames`: query results as typed pandas frames
- `base`: the engine and one transaction per write
- `accounts`: profiles, passphrase sign-in with lock-out, browser sessions
- `answers`: answers and review cards
- `exams`: versioned exam saves, one-way finishing
- `classrooms`: live classroom sessions, seats and answers, safe across processes
- `store`: the `Store` API, and export/import of a whole profile
"""

from quiz.storage.classrooms import (
    AnswerRefusedError,
    ClassAnswer,
    ClassroomRecord,
    NicknameTakenError,
    SeatRecord,
    StaleClassroomError,
    StepRecord,
)
from quiz.storage.database import ENV_URL, MIGRATIONS, database_url, make_engine, migrate, migration_config
from quiz.storage.documents import EXPORT_FORMAT, EXPORT_VERSION, ProfileDocument
from quiz.storage.exams import SavedExam, StaleExamError
from quiz.storage.records import CONFIDENCES, MODES, NAME_LENGTH, AnswerRecord, Profile
from quiz.storage.schema import AnswerRow, Base, ExamRow, ProfileRow, ReviewCardRow
from quiz.storage.store import Store

__all__ = [
    "CONFIDENCES", "ENV_URL", "EXPORT_FORMAT", "EXPORT_VERSION", "MIGRATIONS", "MODES", "NAME_LENGTH", "AnswerRecord",
    "AnswerRefusedError", "AnswerRow", "Base", "ClassAnswer", "ClassroomRecord", "ExamRow", "NicknameTakenError",
    "Profile", "ProfileDocument", "ProfileRow", "ReviewCardRow", "SavedExam", "SeatRecord", "StaleClassroomError",
    "StaleExamError", "StepRecord", "Store", "database_url", "make_engine", "migrate", "migration_config",
]
